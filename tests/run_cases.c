/* run-cases: the coder's tests as data. Reads case files (docs/dictionaries.md, "Test
 * cases"), codes each case's text and compares the events with the expected set.
 * Prints TAP lines and a closing "N passed, N failed". Exit 0 only when all pass. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rapporti/rapporti.h"

#ifndef RP_DICT_DIR
#define RP_DICT_DIR "dicts"
#endif

typedef struct tcase {
    char id[128];
    char lang[8];
    char date[16];
    char *text;
    size_t text_len;
    char expect[64][96];   /* "SRC TGT CODE[ negated]" */
    int nexpect;
    int expect_none;
    int line;              /* where the case starts */
    char error[256];       /* malformed case */
} tcase;

typedef struct got {
    char ev[64][96];
    int n;
} got;

static int total, failed, verbose;

static int on_event(void *user, const rp_doc *doc, const rp_event *ev)
{
    (void)doc;
    got *g = user;
    if (g->n < 64)
        snprintf(g->ev[g->n++], sizeof g->ev[0], "%s %s %s%s", ev->source, ev->target, ev->code,
                 ev->negated ? " negated" : "");
    return 0;
}

static void on_warn(void *user, const char *where, const char *msg)
{
    (void)user;
    printf("#   warning: %s: %s\n", where, msg);
}

static void norm_space(char *s)
{
    char *d = s;
    int sp = 0;
    while (*s && isspace((unsigned char)*s)) s++;
    for (; *s; s++) {
        if (isspace((unsigned char)*s)) { sp = 1; continue; }
        if (sp && d != s) *d++ = ' ';
        sp = 0;
        *d++ = *s;
    }
    *d = '\0';
}

static int in_list(char list[][96], int n, const char *s, int *used)
{
    for (int i = 0; i < n; i++)
        if (!used[i] && !strcmp(list[i], s)) { used[i] = 1; return 1; }
    return 0;
}

static void run_case(rp_dict *dict, const char *file, tcase *c)
{
    total++;
    if (!c->error[0]) {
        if (!c->text) snprintf(c->error, sizeof c->error, "no text:");
        else if (!c->lang[0]) snprintf(c->error, sizeof c->error, "no lang:");
        else if (!c->date[0]) snprintf(c->error, sizeof c->error, "no date:");
        else if (!c->nexpect && !c->expect_none) snprintf(c->error, sizeof c->error, "no expect: (use 'expect: none')");
        else if (c->nexpect && c->expect_none) snprintf(c->error, sizeof c->error, "'expect: none' with other expects");
    }
    if (c->error[0]) {
        failed++;
        printf("not ok %d - %s %s\n#   %s:%d: malformed case: %s\n", total, file, c->id, file, c->line, c->error);
        return;
    }
    got g = {.n = 0};
    rp_pipeline_opts po = {.lang = c->lang, .date = c->date};
    rp_pipeline *p = rp_pipeline_new(dict, &po);
    if (!p) { printf("Bail out! out of memory\n"); exit(2); }
    rp_pipeline_set_callbacks(p, on_event, on_warn, &g);
    rp_rc rc = rp_pipeline_code_text(p, c->id, c->text, c->text_len, c->date, c->lang);
    rp_pipeline_free(p);
    int ok = rc == RP_OK;
    int used_e[64] = {0}, used_g[64] = {0};
    for (int i = 0; i < g.n; i++)
        if (!in_list(c->expect, c->nexpect, g.ev[i], used_e)) ok = 0;
    for (int i = 0; i < c->nexpect; i++)
        if (!in_list(g.ev, g.n, c->expect[i], used_g)) ok = 0;
    if (!ok) failed++;
    printf("%s %d - %s %s\n", ok ? "ok" : "not ok", total, file, c->id);
    if (!ok || verbose) {
        printf("#   %s:%d\n", file, c->line);
        if (rc) printf("#   error: %s\n", rp_strerror(rc));
        printf("#   expected:");
        if (!c->nexpect) printf(" none");
        for (int i = 0; i < c->nexpect; i++) printf("%s %s", i ? "," : "", c->expect[i]);
        printf("\n#   got:     ");
        if (!g.n) printf(" none");
        for (int i = 0; i < g.n; i++) printf("%s %s", i ? "," : "", g.ev[i]);
        printf("\n");
    }
}

static void run_file(rp_dict *dict, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        total++;
        failed++;
        printf("not ok %d - %s: cannot open\n", total, path);
        return;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int lineno = 0, have = 0;
    tcase c;
    memset(&c, 0, sizeof c);
    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = '\0';
        if (!strncmp(line, "## ", 3)) {
            if (have) { run_case(dict, path, &c); free(c.text); }
            memset(&c, 0, sizeof c);
            have = 1;
            snprintf(c.id, sizeof c.id, "%s", line + 3);
            norm_space(c.id);
            c.line = lineno;
            continue;
        }
        if (!have) continue; /* a file may open with comments */
        if (!strncmp(line, "  ", 2) && c.text) { /* text continues */
            size_t add = strlen(line + 2);
            char *t = realloc(c.text, c.text_len + add + 2);
            if (!t) exit(2);
            c.text = t;
            c.text[c.text_len++] = '\n';
            memcpy(c.text + c.text_len, line + 2, add + 1);
            c.text_len += add;
            continue;
        }
        char *colon = strchr(line, ':');
        if (line[0] == '#' || !line[0]) continue;
        if (!colon) {
            if (!c.error[0]) snprintf(c.error, sizeof c.error, "line %d: want 'key: value'", lineno);
            continue;
        }
        *colon = '\0';
        char *key = line, *val = colon + 1;
        norm_space(key);
        norm_space(val);
        if (!strcmp(key, "lang")) snprintf(c.lang, sizeof c.lang, "%s", val);
        else if (!strcmp(key, "date")) snprintf(c.date, sizeof c.date, "%s", val);
        else if (!strcmp(key, "text")) {
            free(c.text);
            c.text = strdup(val);
            c.text_len = strlen(val);
        } else if (!strcmp(key, "expect")) {
            if (!strcmp(val, "none")) c.expect_none = 1;
            else if (c.nexpect < 64) {
                int words = 1;
                for (char *s = val; *s; s++) if (*s == ' ') words++;
                if ((words != 3 && words != 4) || (words == 4 && !strstr(val, " negated")))
                    snprintf(c.error, sizeof c.error, "line %d: expect wants 'SOURCE TARGET CODE [negated]'", lineno);
                snprintf(c.expect[c.nexpect++], sizeof c.expect[0], "%s", val);
            }
        } else if (!strcmp(key, "note")) {
        } else if (!c.error[0]) {
            snprintf(c.error, sizeof c.error, "line %d: unknown key '%s'", lineno, key);
        }
    }
    if (have) { run_case(dict, path, &c); free(c.text); }
    free(line);
    fclose(f);
}

int main(int argc, char **argv)
{
    int first = 1;
    if (argc > 1 && !strcmp(argv[1], "-v")) { verbose = 1; first = 2; }
    if (first >= argc) {
        fprintf(stderr, "usage: run-cases [-v] FILE.cases...\n");
        return 2;
    }
    const char *dir = getenv("RAPPORTI_DICTS");
    if (!dir || !*dir) dir = RP_DICT_DIR;
    rp_dict *dict = rp_dict_new();
    const char *langs[] = {"it", "en"};
    for (int i = 0; i < 2; i++) {
        rp_rc rc = rp_dict_load(dict, dir, langs[i]);
        if (rc) {
            printf("Bail out! dictionaries: %s\n", rp_dict_errmsg(dict));
            rp_dict_free(dict);
            return 2;
        }
    }
    for (int i = first; i < argc; i++) run_file(dict, argv[i]);
    rp_dict_free(dict);
    printf("%d passed, %d failed\n", total - failed, failed);
    return failed ? 1 : 0;
}

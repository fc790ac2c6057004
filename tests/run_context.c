/* run-context: the context stage's tests as data (docs/context.md, "Test cases"). Each
 * case is a text (or a file of ../shared) with its language and date; the runner
 * writes what the context stage found as one line per fact and checks the case's
 * "expect:" lines are among them and its "expect-not:" lines are not. Prints TAP lines
 * and a closing "N passed, N failed". Exit 0 only when all pass. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rapporti/rapporti.h"

#ifndef RP_DICT_DIR
#define RP_DICT_DIR "dicts"
#endif

#define MAX_EXPECT 64
#define MAX_FACTS 512
#define FACT_LEN 320

typedef struct tcase {
    char id[128], lang[8], date[16];
    char *text; size_t text_len;
    char file[512];                      /* a text under ../shared instead of text: */
    char expect[MAX_EXPECT][FACT_LEN]; int nexpect;
    char absent[MAX_EXPECT][FACT_LEN]; int nabsent;
    int line;
    char error[256];
} tcase;

typedef struct facts { char v[MAX_FACTS][FACT_LEN]; int n; } facts;

static int total, failed, skipped, verbose;
static const char *shared_dir = "../shared";

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

static void add(facts *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(facts *f, const char *fmt, ...)
{
    if (f->n >= MAX_FACTS) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->v[f->n], FACT_LEN, fmt, ap);
    va_end(ap);
    norm_space(f->v[f->n]);
    f->n++;
}

/* The text of [s, e) in a static buffer, newlines as spaces. */
static const char *span(const rp_doc *doc, uint32_t s, uint32_t e)
{
    static char buf[4][FACT_LEN];
    static int k;
    char *b = buf[k++ & 3];
    size_t n = e > s ? e - s : 0;
    if (n >= FACT_LEN - 1) n = FACT_LEN - 2;
    memcpy(b, rp_doc_text(doc) + s, n);
    b[n] = '\0';
    for (char *p = b; *p; p++) if (*p == '\n') *p = ' ';
    return b;
}

static const char *when_str(const rp_when *w)
{
    static char buf[2][64];
    static int k;
    char *b = buf[k++ & 1];
    char f[11], t[11];
    rp_date_format(w->from, f);
    rp_date_format(w->to, t);
    if (w->from == w->to) snprintf(b, 64, "%s", f);
    else snprintf(b, 64, "%s..%s", f, t);
    return b;
}

typedef struct run { facts *f; const rp_pipeline *p; } run;

static int on_event(void *user, const rp_doc *doc, const rp_event *ev)
{
    (void)doc;
    run *r = user;
    const rp_context *ctx = rp_pipeline_context(r->p);
    const rp_place *pl = rp_context_event_place(ctx, ev);
    const rp_when *w = rp_context_event_date(ctx, ev);
    add(r->f, "event %s %s %s place=%s when=%s", ev->source, ev->target, ev->code, pl ? pl->name : "-",
        w ? when_str(w) : "-");
    return 0;
}

static int on_done(void *user, const rp_input_doc *in, const rp_doc *doc)
{
    (void)in;
    run *r = user;
    const rp_context *ctx = rp_pipeline_context(r->p);
    static const char *const grains[] = {"", "day", "week", "month", "season", "year"};
    static const char *const kinds[] = {"", "percent", "money", "quantity"};
    for (size_t i = 0; i < rp_context_place_count(ctx); i++) {
        const rp_place *p = rp_context_place(ctx, i);
        add(r->f, "place %s = %s %s %s%s%s", span(doc, p->start, p->end), p->name, p->country_fips[0] ? p->country_fips : "-",
            p->feature_id, p->ambiguous ? " ambiguous" : "", p->dateline ? " dateline" : "");
    }
    for (size_t i = 0; i < rp_context_quote_count(ctx); i++) {
        const rp_quote *q = rp_context_quote(ctx, i);
        add(r->f, "quote %s \"%s\"", q->speaker[0] ? q->speaker : "-", span(doc, q->start, q->end));
    }
    for (size_t i = 0; i < rp_context_amount_count(ctx); i++) {
        const rp_amount *a = rp_context_amount(ctx, i);
        add(r->f, "amount %s %.15g%s%s%s object=\"%s\"", kinds[a->kind], a->value, a->unit[0] ? " " : "", a->unit,
            a->change > 0 ? " increase" : a->change < 0 ? " decrease" : "",
            a->object_end ? span(doc, a->object_start, a->object_end) : "");
    }
    for (size_t i = 0; i < rp_context_date_count(ctx); i++) {
        const rp_when *w = rp_context_date(ctx, i);
        add(r->f, "date \"%s\" = %s %s%s", span(doc, w->start, w->end), when_str(w), grains[w->grain], w->by ? " by" : "");
    }
    const rp_tone *t = rp_context_tone(ctx);
    add(r->f, "tone %s", !t->lexicon ? "none" : t->tone > 0 ? "positive" : t->tone < 0 ? "negative" : "neutral");
    return 0;
}

static void on_warn(void *user, const char *where, const char *msg)
{
    (void)user;
    printf("#   warning: %s: %s\n", where, msg);
}

static int has(const facts *f, const char *s)
{
    for (int i = 0; i < f->n; i++)
        if (!strcmp(f->v[i], s)) return 1;
    return 0;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    char *b = NULL;
    size_t cap = 0, n = 0, r;
    char chunk[65536];
    while ((r = fread(chunk, 1, sizeof chunk, fp)) > 0) {
        if (n + r + 1 > cap) {
            cap = (n + r + 1) * 2;
            char *nb = realloc(b, cap);
            if (!nb) { free(b); fclose(fp); return NULL; }
            b = nb;
        }
        memcpy(b + n, chunk, r);
        n += r;
    }
    fclose(fp);
    if (!b && !(b = calloc(1, 1))) return NULL;
    b[n] = '\0';
    *len = n;
    return b;
}

static void run_case(rp_dict *dict, const char *file, tcase *c)
{
    total++;
    if (!c->error[0]) {
        if (!c->text && !c->file[0]) snprintf(c->error, sizeof c->error, "no text: or file:");
        else if (!c->lang[0]) snprintf(c->error, sizeof c->error, "no lang:");
        else if (!c->date[0]) snprintf(c->error, sizeof c->error, "no date:");
        else if (!c->nexpect && !c->nabsent) snprintf(c->error, sizeof c->error, "no expect: or expect-not:");
    }
    if (c->error[0]) {
        failed++;
        printf("not ok %d - %s %s\n#   %s:%d: malformed case: %s\n", total, file, c->id, file, c->line, c->error);
        return;
    }
    if (c->file[0]) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", shared_dir, c->file);
        free(c->text);
        c->text = read_all(path, &c->text_len);
        if (!c->text) {
            skipped++;
            printf("ok %d - %s %s # SKIP %s is absent (../shared not beside the repository)\n", total, file, c->id, path);
            return;
        }
    }
    static facts f;
    f.n = 0;
    rp_pipeline_opts po = {.lang = c->lang, .date = c->date, .context = 1};
    rp_pipeline *p = rp_pipeline_new(dict, &po);
    if (!p) { printf("Bail out! out of memory\n"); exit(2); }
    run r = {&f, p};
    rp_pipeline_set_callbacks(p, on_event, on_warn, &r);
    rp_pipeline_set_doc_hooks(p, NULL, on_done, &r);
    rp_rc rc = rp_pipeline_code_text(p, c->id, c->text, c->text_len, c->date, c->lang);
    rp_pipeline_free(p);
    int ok = rc == RP_OK;
    for (int i = 0; i < c->nexpect; i++) if (!has(&f, c->expect[i])) ok = 0;
    for (int i = 0; i < c->nabsent; i++) if (has(&f, c->absent[i])) ok = 0;
    if (!ok) failed++;
    printf("%s %d - %s %s\n", ok ? "ok" : "not ok", total, file, c->id);
    if (!ok || verbose) {
        printf("#   %s:%d\n", file, c->line);
        if (rc) printf("#   error: %s\n", rp_strerror(rc));
        for (int i = 0; i < c->nexpect; i++)
            if (!has(&f, c->expect[i]) || verbose) printf("#   %s  expect: %s\n", has(&f, c->expect[i]) ? "found  " : "MISSING", c->expect[i]);
        for (int i = 0; i < c->nabsent; i++)
            if (has(&f, c->absent[i])) printf("#   PRESENT expect-not: %s\n", c->absent[i]);
        printf("#   found:\n");
        for (int i = 0; i < f.n; i++) printf("#     %s\n", f.v[i]);
    }
}

static void run_file(rp_dict *dict, const char *path)
{
    FILE *fp = fopen(path, "r");
    if (!fp) { total++; failed++; printf("not ok %d - %s: cannot open\n", total, path); return; }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int lineno = 0, have = 0;
    static tcase c;
    memset(&c, 0, sizeof c);
    while ((n = getline(&line, &cap, fp)) >= 0) {
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
        if (!have) continue;
        if (!strncmp(line, "  ", 2) && c.text) { /* text continues on the next line */
            size_t a = strlen(line + 2);
            char *t = realloc(c.text, c.text_len + a + 2);
            if (!t) exit(2);
            c.text = t;
            c.text[c.text_len++] = '\n';
            memcpy(c.text + c.text_len, line + 2, a + 1);
            c.text_len += a;
            continue;
        }
        if (line[0] == '#' || !line[0]) continue;
        char *colon = strchr(line, ':');
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
        else if (!strcmp(key, "text")) { free(c.text); c.text = strdup(val); c.text_len = strlen(val); }
        else if (!strcmp(key, "file")) snprintf(c.file, sizeof c.file, "%s", val);
        else if (!strcmp(key, "expect") && c.nexpect < MAX_EXPECT) snprintf(c.expect[c.nexpect++], FACT_LEN, "%s", val);
        else if (!strcmp(key, "expect-not") && c.nabsent < MAX_EXPECT) snprintf(c.absent[c.nabsent++], FACT_LEN, "%s", val);
        else if (!strcmp(key, "note")) {}
        else if (!c.error[0]) snprintf(c.error, sizeof c.error, "line %d: unknown key '%s'", lineno, key);
    }
    if (have) { run_case(dict, path, &c); free(c.text); }
    free(line);
    fclose(fp);
}

int main(int argc, char **argv)
{
    int first = 1;
    if (argc > 1 && !strcmp(argv[1], "-v")) { verbose = 1; first = 2; }
    if (first >= argc) { fprintf(stderr, "usage: run-context [-v] FILE.cases...\n"); return 2; }
    const char *dir = getenv("RAPPORTI_DICTS");
    if (!dir || !*dir) dir = RP_DICT_DIR;
    const char *sh = getenv("RAPPORTI_SHARED");
    if (sh && *sh) shared_dir = sh;
    rp_dict *dict = rp_dict_new();
    const char *langs[] = {"it", "en"};
    for (int i = 0; i < 2; i++)
        if (!dict || rp_dict_load(dict, dir, langs[i])) {
            printf("Bail out! dictionaries: %s\n", dict ? rp_dict_errmsg(dict) : "out of memory");
            return 2;
        }
    for (int i = first; i < argc; i++) run_file(dict, argv[i]);
    rp_dict_free(dict);
    printf("1..%d\n%d passed, %d failed%s\n", total, total - failed, failed, skipped ? " (some skipped)" : "");
    return failed ? 1 : 0;
}

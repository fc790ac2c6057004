/* rapporti validate: run a peer's validation suite (TABARI Validate.text, PETRARCH
 * records XML, the UD-PETRARCH GSR file) with the dictionaries it names, and count
 * records passed, expected events found, missing and extra (docs/validation.md). */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>
#include <time.h>

#include "cli.h"
#include "rapporti/code.h"
#include "rapporti/dict.h"
#include "rapporti/text.h"

typedef struct ev3 { char s[RP_CODE_MAX], t[RP_CODE_MAX], c[16]; } ev3;

typedef struct record {
    char id[128];
    char date[11];          /* YYYY-MM-DD */
    char category[64];
    char *text; size_t len, cap;
    ev3 *exp; size_t nexp, cap_exp;
    int no_check;           /* TABARI "-{" or evaluate="false": coded, not counted */
    int complex;            /* TABARI "{+++}": too complex while its COMPLEX filter is on; the
                               events listed are those with the filter off (DEBUG-11) */
} record;

typedef struct vopts {
    const char *dict, *dict_dir, *format;
    const char *explain;    /* --explain ID: the coder's reasoning on that record */
    int quiet;
} vopts;

typedef struct totals {
    size_t records, passed, expected, found, missing, extra, unchecked, sentences;
    double seconds;
} totals;

typedef struct vctx {
    const vopts *o;
    rp_dict *dict;
    rp_coder *coder;
    rp_doc *doc;
    totals t;
    ev3 *got; size_t ngot, cap_got;
    char include[1024];     /* PETRARCH <Include> categories, "" = all */
    struct comma_rule {     /* TABARI's COMMA option: comma-delimited clauses of more than
                               min and at most max words are removed before coding */
        int on, bmin, bmax, min, max, emin, emax;
    } comma;
    int min_words;          /* TABARI's SET: MINIMUM WORDS (default 8): shorter sentences,
                               commas counted as words, are not coded; 0 for PETRARCH */
    char fwd_fmt[32];       /* TABARI's FORWARD: sequence format ("^^*****NNN*SSS"), "" off */
    char options[4096];     /* TABARI: the project's <optionsfile>, "" none */
    int complex_on;         /* TABARI's COMPLEX filter has a condition on */
    long prev_story, prev_sent; /* of the record coded before */
} vctx;

/* The story (N) and sentence (S) numbers of a record id by a FORWARD sequence format:
 * '^' are the blanks before the id, '*' any character; a non-number counts as 0. */
static void sequence_of(const char *fmt, const char *id, long *story, long *sent)
{
    while (*fmt == '^') fmt++;
    long n = 0, s = 0;
    int bad_n = 0, bad_s = 0;
    for (size_t i = 0; fmt[i]; i++) {
        char c = id[0] ? *id++ : ' ';
        if (fmt[i] == 'N') { if (isdigit((unsigned char)c)) n = n * 10 + (c - '0'); else bad_n = 1; }
        else if (fmt[i] == 'S') { if (isdigit((unsigned char)c)) s = s * 10 + (c - '0'); else bad_s = 1; }
        if (n > 100000000 || s > 100000000) break;
    }
    *story = bad_n ? 0 : n;
    *sent = bad_s ? 0 : s;
}

static int grow(void **p, size_t *cap, size_t n, size_t sz)
{
    if (n <= *cap) return 0;
    size_t c = *cap ? *cap * 2 : 16;
    while (c < n) c *= 2;
    void *q = realloc(*p, c * sz);
    if (!q) return -1;
    *p = q;
    *cap = c;
    return 0;
}

static int add_text(record *r, const char *s, size_t n)
{
    if (grow((void **)&r->text, &r->cap, r->len + n + 2, 1)) return -1;
    if (r->len) r->text[r->len++] = ' ';
    memcpy(r->text + r->len, s, n);
    r->len += n;
    r->text[r->len] = '\0';
    return 0;
}

/* snprintf(dst, size, "%s", src) without the format machinery: on_event runs inside the
 * timed coding, once per event. */
static void copy_str(char *dst, size_t size, const char *src)
{
    size_t n = strnlen(src, size - 1);
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static int add_exp(record *r, const char *s, const char *t, const char *c)
{
    if (grow((void **)&r->exp, &r->cap_exp, r->nexp + 1, sizeof *r->exp)) return -1;
    ev3 *e = &r->exp[r->nexp++];
    copy_str(e->s, sizeof e->s, s);
    copy_str(e->t, sizeof e->t, t);
    copy_str(e->c, sizeof e->c, c);
    return 0;
}

static int on_event(void *user, const rp_doc *doc, const rp_event *ev)
{
    (void)doc;
    vctx *v = user;
    for (size_t i = 0; i < v->ngot; i++)
        if (!strcmp(v->got[i].s, ev->source) && !strcmp(v->got[i].t, ev->target) && !strcmp(v->got[i].c, ev->code)) return 0;
    if (grow((void **)&v->got, &v->cap_got, v->ngot + 1, sizeof *v->got)) return 1;
    ev3 *e = &v->got[v->ngot++];
    copy_str(e->s, sizeof e->s, ev->source);
    copy_str(e->t, sizeof e->t, ev->target);
    copy_str(e->c, sizeof e->c, ev->code);
    return 0;
}

static int same(const ev3 *a, const ev3 *b) { return !strcmp(a->s, b->s) && !strcmp(a->t, b->t) && !strcmp(a->c, b->c); }

/* TABARI's elimination of comma-delimited nonrestrictive clauses (its manual, 7.8 and
 * 8.6): the text is cut at commas (not those inside numbers, "10,000", nor those of a list
 * of names, "Arnor, Osgiliath and Gondor"); the first piece is removed when it has more
 * than BMIN and at most BMAX words, the last (up to the final stop) by EMIN/EMAX, the
 * others by MIN/MAX. Defaults: the first never, the others 3 to 10 words. */
static size_t drop_clauses(const struct comma_rule *c, const char *t, size_t n, char *out)
{
    size_t cuts[256], nc = 0;
    for (size_t i = 0; i < n && nc < 254; i++) {
        if (t[i] != ',') continue;
        if (i > 0 && i + 1 < n && isdigit((unsigned char)t[i - 1]) && isdigit((unsigned char)t[i + 1])) continue;
        size_t a = i, b = i + 1; /* the words on both sides */
        while (a > 0 && t[a - 1] == ' ') a--;
        while (a > 0 && t[a - 1] != ' ') a--;
        while (b < n && t[b] == ' ') b++;
        if (a < i && b < n && isupper((unsigned char)t[a]) && isupper((unsigned char)t[b])) continue; /* a list of names */
        cuts[nc++] = i;
    }
    if (!c->on || !nc) { memcpy(out, t, n); return n; }
    size_t end = n; /* the final stop is not part of the last clause */
    while (end > 0 && isspace((unsigned char)t[end - 1])) end--;
    if (end > 0 && (t[end - 1] == '.' || t[end - 1] == '!' || t[end - 1] == '?')) end--;
    size_t len = 0, from = 0;
    int closed = 0; /* the last comma closed a removed clause: what follows is no clause */
    for (size_t k = 0; k <= nc; k++) {
        size_t a = k ? cuts[k - 1] + 1 : 0, b = k < nc ? cuts[k] : end;
        if (b < a) b = a;
        int words = 0, in = 0;
        for (size_t i = a; i < b; i++) {
            int sp = isspace((unsigned char)t[i]);
            if (!sp && !in) words++;
            in = !sp;
        }
        int lo = k == 0 ? c->bmin : k == nc ? c->emin : c->min, hi = k == 0 ? c->bmax : k == nc ? c->emax : c->max;
        /* a piece followed by ", and" or ", or" is an item of a list, not a clause */
        size_t nx = b + 1;
        while (k < nc && nx < n && t[nx] == ' ') nx++;
        int list_item = k < nc && (!strncmp(t + nx, "and ", 4) || !strncmp(t + nx, "or ", 3));
        /* and so is one that starts with them: "The US, Russia, and Switzerland met" */
        size_t st = a;
        while (st < b && t[st] == ' ') st++;
        if (k && (!strncmp(t + st, "and ", 4) || !strncmp(t + st, "or ", 3))) list_item = 1;
        int drop = !list_item && words > lo && words <= hi && !(k == nc && closed);
        closed = 0;
        if (!drop) continue;
        /* the first piece goes with its comma; another with the comma that opens it (the
           one that closes it stays) */
        size_t cut_a = k ? cuts[k - 1] : 0, cut_b = k == 0 ? cuts[0] + 1 : b;
        if (cut_a < from) cut_a = from;
        memcpy(out + len, t + from, cut_a - from);
        len += cut_a - from;
        from = cut_b;
        closed = k > 0 && k < nc;
    }
    memcpy(out + len, t + from, n - from);
    return len + n - from;
}

/* The document to code: text[0, n) of record r, in English, on the record's date. */
static rp_rc prepare_doc(vctx *v, const record *r, const char *text, size_t n)
{
    rp_rc rc = rp_doc_set_text(v->doc, text, n, RP_TEXT_LENIENT);
    if (!rc) rc = rp_doc_set_lang(v->doc, "en");
    if (!rc && r->date[0]) rc = rp_doc_set_date(v->doc, r->date);
    return rc;
}

static void on_discard_trace(void *user, const rp_trace *t)
{
    if (t->kind == RP_TRACE_DROP && !strncmp(t->code, "###", 3)) *(int *)user = 1;
}

static int no_event(void *user, const rp_doc *doc, const rp_event *ev) { (void)user; (void)doc; (void)ev; return 0; }

/* TABARI finds discards ("KAN_WA_MA_KAN [###]") once every word is classified, before
 * it deletes comma clauses: does the whole text, clauses and all, hold one? (Not with
 * FORWARD on: coding the text twice would move the forwarded actor.) */
static rp_rc whole_text_discarded(vctx *v, const record *r, int *discarded)
{
    *discarded = 0;
    char *t = malloc(r->len + 1);
    if (!t) return RP_ENOMEM;
    for (size_t i = 0; i < r->len; i++) t[i] = r->text[i] == '_' ? ' ' : r->text[i];
    rp_rc rc = prepare_doc(v, r, t, r->len);
    free(t);
    if (!rc) rc = rp_doc_analyze(v->doc, v->dict);
    rp_coder_set_trace(v->coder, on_discard_trace, discarded);
    if (!rc) rc = rp_coder_code(v->coder, v->doc, no_event, NULL);
    rp_coder_set_trace(v->coder, NULL, NULL);
    return rc;
}

/* Code one record and compare. Returns 0, or an exit status on a hard failure. */
static int run_record(vctx *v, record *r, const char *where)
{
    if (!r->len) return 0;
    v->ngot = 0;
    int words = 0, in = 0; /* TABARI codes no sentence shorter than min_words, a comma a word */
    for (size_t i = 0; i < r->len; i++) {
        int sp = isspace((unsigned char)r->text[i]);
        if (!sp && !in) words++;
        if (r->text[i] == ',') words++;
        in = !sp;
    }
    char *cut = malloc(r->len + 1);
    if (!cut) return EXIT_FAIL;
    size_t cut_len = words < v->min_words ? 0 : drop_clauses(&v->comma, r->text, r->len, cut);
    if (v->min_words) /* TABARI: an underscore joins the words of a name, "Dol_Amroth" */
        for (size_t i = 0; i < cut_len; i++)
            if (cut[i] == '_') cut[i] = ' ';
    if (getenv("RAPPORTI_VERBOSE") && cut_len != r->len) fprintf(stderr, "rapporti: record %s coded as: %.*s\n", r->id, (int)cut_len, cut);
    int discarded = 0;
    if (cut_len && cut_len != r->len && !v->fwd_fmt[0]) {
        rp_rc dr = whole_text_discarded(v, r, &discarded);
        if (dr) { free(cut); fprintf(stderr, "rapporti: %s: record %s: %s\n", where, r->id, rp_strerror(dr)); return dr == RP_ENOMEM ? EXIT_FAIL : EXIT_PARTIAL; }
        if (discarded) cut_len = 0; /* nothing to code */
    }
    rp_rc rc = prepare_doc(v, r, cut, cut_len);
    free(cut);
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    if (!rc) rc = rp_doc_analyze(v->doc, v->dict);
    if (!rc && v->fwd_fmt[0]) { /* FORWARD: the next sentence of the same story keeps the actor */
        long story, sent;
        sequence_of(v->fwd_fmt, r->id, &story, &sent);
        if (story != v->prev_story || sent != v->prev_sent + 1) rp_coder_forward_break(v->coder);
        v->prev_story = story;
        v->prev_sent = sent;
    }
    int explain = v->o->explain && !strcmp(v->o->explain, r->id);
    if (explain) {
        printf("record %s (%s)%s\n", r->id, r->date[0] ? r->date : "no date", discarded ? ": a discard in a removed clause" : "");
        rp_coder_set_trace(v->coder, cli_print_trace, NULL);
    }
    if (!rc) rc = rp_coder_code(v->coder, v->doc, on_event, v);
    if (explain) rp_coder_set_trace(v->coder, NULL, NULL);
    clock_gettime(CLOCK_MONOTONIC, &b);
    v->t.seconds += (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    if (rc) {
        fprintf(stderr, "rapporti: %s: record %s: %s\n", where, r->id, rp_strerror(rc));
        return rc == RP_ENOMEM ? EXIT_FAIL : EXIT_PARTIAL;
    }
    v->t.sentences += rp_doc_sentence_count(v->doc);
    if (r->no_check) {
        v->t.unchecked++;
        return 0;
    }
    /* a record TABARI finds too complex ({+++}) expects nothing while the filter is on */
    size_t nexp = r->complex && v->complex_on ? 0 : r->nexp;
    size_t found = 0, extra = 0;
    for (size_t i = 0; i < nexp; i++)
        for (size_t j = 0; j < v->ngot; j++)
            if (same(&r->exp[i], &v->got[j])) { found++; break; }
    for (size_t j = 0; j < v->ngot; j++) {
        int hit = 0;
        for (size_t i = 0; i < nexp; i++) if (same(&r->exp[i], &v->got[j])) hit = 1;
        if (!hit) extra++;
    }
    int pass = found == nexp && !extra;
    v->t.records++;
    v->t.passed += (size_t)pass;
    v->t.expected += nexp;
    v->t.found += found;
    v->t.missing += nexp - found;
    v->t.extra += extra;
    if (!v->o->quiet && strcmp(v->o->format, "json")) {
        printf("%s %s", pass ? "pass" : "FAIL", r->id);
        if (!pass) {
            printf("  expected:");
            if (!nexp) printf(" none");
            for (size_t i = 0; i < nexp; i++) printf(" %s/%s/%s", r->exp[i].s, r->exp[i].t, r->exp[i].c);
            printf("  coded:");
            if (!v->ngot) printf(" none");
            for (size_t j = 0; j < v->ngot; j++) printf(" %s/%s/%s", v->got[j].s, v->got[j].t, v->got[j].c);
        }
        printf("\n");
    } else if (!strcmp(v->o->format, "json") && !v->o->quiet) {
        printf("{\"id\":\"%s\",\"pass\":%s,\"expected\":%zu,\"found\":%zu,\"extra\":%zu}\n", r->id, pass ? "true" : "false",
               nexp, found, extra);
    }
    return 0;
}

static void record_reset(record *r)
{
    r->id[0] = r->date[0] = r->category[0] = '\0';
    r->len = 0;
    if (r->text) r->text[0] = '\0';
    r->nexp = 0;
    r->no_check = 0;
    r->complex = 0;
}

static char *trim(char *s)
{
    while (*s && isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1])) s[--n] = '\0';
    return s;
}

/* "950103" -> "1995-01-03"; "19950101" -> "1995-01-01"; seven digits ("9501201", a typo
 * in Validate.text's ACTORSYN-01) are read as YYMMDD from the first six: the record
 * expects the actor's code before 950601, so TABARI read it that way too. */
static void conv_date(const char *d, char out[11])
{
    size_t n = 0;
    while (isdigit((unsigned char)d[n])) n++;
    out[0] = '\0';
    if (n == 6 || n == 7) {
        int y = (d[0] - '0') * 10 + (d[1] - '0');
        snprintf(out, 11, "%d-%.2s-%.2s", y < 30 ? 2000 + y : 1900 + y, d + 2, d + 4);
    } else if (n == 8) {
        snprintf(out, 11, "%.4s-%.2s-%.2s", d, d + 4, d + 6);
    }
    if (out[0] && !rp_parse_date(out)) out[0] = '\0';
}

/* ---- TABARI Validate.text ---- */

/* The code in "[CODE]" after word KEY in s, into out ("" when absent). */
static void bracket_after(const char *s, const char *key, char *out, size_t cap)
{
    out[0] = '\0';
    const char *k = strstr(s, key);
    if (!k) return;
    const char *a = strchr(k, '['), *b = a ? strchr(a, ']') : NULL;
    if (!a || !b || b - a - 1 <= 0 || (size_t)(b - a) >= cap) return;
    snprintf(out, cap, "%.*s", (int)(b - a - 1), a + 1);
}

/* The number at s ("VERBS[n]" after the bracket, a <Config> value), 0 to 10000; not a
 * number: 0 (off). */
static int bracket_count(const char *s)
{
    char *end;
    long n = strtol(s, &end, 10);
    return end == s || n < 0 ? 0 : n > 10000 ? 10000 : (int)n;
}

/* The options of a "{ OPTION: ... }" record that we follow: DEFAULT: SOURCE [X] TARGET [Y]
 * and DEFAULT: OFF (default actors for a missing side); SET: CODE BY CLAUSE, CODE BY
 * SENTENCE, CODE ALL (which verbs are coded); SET: CONVERT AGENT = TRUE|FALSE (an
 * agent alone is "~SECTOR"); SET: MINIMUM WORDS; COMMA:; FORWARD: FORMAT [OFF]
 * (pronouns forwarded between the sentences of a story, by the record ids); COMPLEX:
 * VERBS[n] CONJ[n] NOACTPRIOR (the complexity filter; its other conditions are not
 * followed). The same lines of the project's .options file apply from the start. */
static void tabari_option(vctx *v, const char *body)
{
    const char *cx = strstr(body, "COMPLEX:");
    if (cx) {
        const char *vb = strstr(cx, "VERBS["), *cj = strstr(cx, "CONJ[");
        int nv = vb ? bracket_count(vb + 6) : 0, nc = cj ? bracket_count(cj + 5) : 0, nap = strstr(cx, "NOACTPRIOR") != NULL;
        rp_coder_set_complexity(v->coder, nv, nc, nap);
        v->complex_on = nv > 0 || nc > 0 || nap;
    }
    if (strstr(body, "CONVERT AGENT")) rp_coder_set_agent_alone(v->coder, strstr(body, "TRUE") ? "~" : NULL);
    if (strstr(body, "CODE BY SENTENCE")) rp_coder_set_verb_scope(v->coder, RP_VERBS_SENTENCE);
    else if (strstr(body, "CODE BY CLAUSE")) rp_coder_set_verb_scope(v->coder, RP_VERBS_CLAUSE);
    else if (strstr(body, "CODE ALL")) rp_coder_set_verb_scope(v->coder, RP_VERBS_ALL);
    const char *mw = strstr(body, "MINIMUM WORDS");
    if (mw && strchr(mw, '=')) v->min_words = atoi(strchr(mw, '=') + 1);
    const char *cm = strstr(body, "COMMA:");
    if (cm) {
        if (strstr(cm, "OFF")) v->comma.on = 0;
        else {
            static const char *const keys[] = {"BMIN", "BMAX", "EMIN", "EMAX", "MIN", "MAX"};
            int *vals[] = {&v->comma.bmin, &v->comma.bmax, &v->comma.emin, &v->comma.emax, &v->comma.min, &v->comma.max};
            v->comma.on = 1;
            for (int k = 0; k < 6; k++) {
                const char *at = cm;
                while ((at = strstr(at, keys[k]))) { /* "MIN" must not be the end of "BMIN" */
                    if (at == cm || (at[-1] != 'B' && at[-1] != 'E')) break;
                    at += strlen(keys[k]);
                }
                if (!at) continue;
                const char *eq = strchr(at, '=');
                if (eq) *vals[k] = atoi(eq + 1);
            }
        }
    }
    const char *fw = strstr(body, "FORWARD:");
    if (fw) {
        char fmt[32] = "";
        if (sscanf(fw + 8, " %31s", fmt) != 1 || strstr(fw, "OFF")) fmt[0] = '\0';
        snprintf(v->fwd_fmt, sizeof v->fwd_fmt, "%s", fmt);
        rp_coder_set_forward(v->coder, fmt[0] != '\0');
        v->prev_story = v->prev_sent = -2;
    }
    const char *d = strstr(body, "DEFAULT:");
    if (!d) return;
    if (strstr(d, "OFF")) { rp_coder_set_default_actors(v->coder, NULL, NULL); rp_coder_set_default_rules(v->coder, 1, 1); return; }
    char src[RP_CODE_MAX], tgt[RP_CODE_MAX];
    bracket_after(d, "SOURCE", src, sizeof src);
    bracket_after(d, "TARGET", tgt, sizeof tgt);
    rp_coder_set_default_actors(v->coder, src[0] ? src : NULL, tgt[0] ? tgt : NULL);
    rp_coder_set_default_rules(v->coder, strstr(d, "PRIOR") != NULL, strstr(d, "AFTER") != NULL);
}

/* The path of a TABARI project's <optionsfile> (relative to the project's folder) into
 * out, "" when it names none or cannot be read (the dictionary loader says why). */
static void project_options(const char *project, char *out, size_t cap)
{
    out[0] = '\0';
    FILE *f = fopen(project, "r");
    if (!f) return;
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        char *s = trim(line);
        if (strncmp(s, "<optionsfile>", 13)) continue;
        char *name = trim(s + 13);
        const char *slash = strrchr(project, '/');
        if (*name == '/' || !slash) snprintf(out, cap, "%s", name);
        else snprintf(out, cap, "%.*s/%s", (int)(slash - project), project, name);
        break;
    }
    fclose(f);
}

/* The lines of the project's .options file ("//" comments left out) as options; 0, or
 * EXIT_PARTIAL when the file named cannot be read. */
static int tabari_options_file(vctx *v)
{
    if (!v->options[0]) return 0;
    FILE *f = fopen(v->options, "r");
    if (!f) {
        fprintf(stderr, "rapporti: %s: %s: the project's options are not applied\n", v->options, strerror(errno));
        return EXIT_PARTIAL;
    }
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        char *s = trim(line);
        if (strncmp(s, "//", 2)) tabari_option(v, s);
    }
    fclose(f);
    return 0;
}

static int run_tabari(vctx *v, FILE *f, const char *path)
{
    v->comma = (struct comma_rule){1, 128, 0, 2, 10, 2, 10}; /* TABARI's defaults */
    v->min_words = 8;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    record r = {0};
    int in_comment = 0, in_text = 0, status = tabari_options_file(v);
    unsigned lineno = 0;
    while ((n = getline(&line, &cap, f)) > 0) {
        lineno++;
        if ((size_t)n > 65536) { fprintf(stderr, "rapporti: %s:%u: line too long\n", path, lineno); status = EXIT_PARTIAL; continue; }
        char *s = trim(line);
        char *open = in_comment ? NULL : strstr(s, "/*");
        if (open && in_text && open > s) { /* a comment opened at the end of a text line: the text ends there */
            *open = '\0';
            if (add_text(&r, trim(s), strlen(trim(s)))) { status = EXIT_FAIL; goto out; }
            s = open;
            *s = '/';
        }
        if (!in_comment && !strncmp(s, "/*", 2)) { in_comment = 1; in_text = 0; s += 2; }
        if (in_comment) {
            int closing = strstr(s, "*/") != NULL;
            /* expected events: "{ SRC / TGT / CODE }", "{---}", "-{ ... }" stops checking */
            for (char *b = s; (b = strchr(b, '{')); b++) {
                if (b > s && b[-1] == '-') r.no_check = 1;
                char *e = strchr(b, '}');
                if (!e) { /* an OPTION record whose brace is missing ("MINIMUM WORDS = 4" in the suite): TABARI reads it */
                    char *body = trim(b + 1), *end = strstr(body, "*/");
                    if (strncmp(body, "OPTION", 6)) break;
                    if (end) *end = '\0';
                    r.no_check = 2;
                    tabari_option(v, body);
                    break;
                }
                *e = '\0';
                char *body = trim(b + 1);
                if (!strncmp(body, "OPTION", 6)) { r.no_check = 2; tabari_option(v, body); }
                else if (!strcmp(body, "+++")) r.complex = 1;
                else if (strchr(body, '/')) {
                    char *p1 = strchr(body, '/'), *p2 = p1 ? strchr(p1 + 1, '/') : NULL;
                    if (p2) {
                        *p1 = *p2 = '\0';
                        if (add_exp(&r, trim(body), trim(p1 + 1), trim(p2 + 1))) { status = EXIT_FAIL; goto out; }
                    }
                }
                b = e;
            }
            if (closing) {
                in_comment = 0;
                if (r.no_check != 2) { int rc = run_record(v, &r, path); if (rc) status = rc; }
                int final = !strcmp(r.id, "FINAL-01");
                record_reset(&r);
                if (final) break; /* the records after FINAL-01 test crashes on purpose */
            }
            continue;
        }
        if (!*s || *s == '#') { continue; }
        if (!in_text && isdigit((unsigned char)s[0])) { /* "950101  DEMO-01" */
            record_reset(&r);
            char *sp = s;
            while (*sp && !isspace((unsigned char)*sp)) sp++;
            if (*sp) *sp++ = '\0';
            conv_date(s, r.date);
            char *id = trim(sp), *e = id;
            while (*e && !isspace((unsigned char)*e)) e++;
            *e = '\0';
            snprintf(r.id, sizeof r.id, "%s", id);
            in_text = 1;
            continue;
        }
        if (in_text && add_text(&r, s, strlen(s))) { status = EXIT_FAIL; goto out; }
    }
out:
    free(line);
    free(r.text);
    free(r.exp);
    return status;
}

/* ---- PETRARCH records (line by line: the GSR file is not well-formed XML) ---- */

/* The value of attribute NAME in a tag line (spaces around '=' allowed), or NULL. */
static const char *attr(const char *s, const char *name, char *out, size_t cap)
{
    size_t nl = strlen(name);
    for (const char *p = s; (p = strstr(p, name)); p += nl) {
        if (p == s || !isspace((unsigned char)p[-1])) continue;
        const char *q = p + nl;
        while (isspace((unsigned char)*q)) q++;
        if (*q++ != '=') continue;
        while (isspace((unsigned char)*q)) q++;
        if (*q++ != '"') continue;
        const char *e = strchr(q, '"');
        if (!e) return NULL;
        snprintf(out, cap, "%.*s", (int)(e - q), q);
        return out;
    }
    return NULL;
}

/* Replace the five XML entities in place. */
static void unescape(char *s)
{
    static const struct { const char *e; char c; } ents[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
    char *o = s;
    for (char *p = s; *p;) {
        int done = 0;
        if (*p == '&')
            for (size_t i = 0; i < 5; i++) {
                size_t l = strlen(ents[i].e);
                if (!strncmp(p, ents[i].e, l)) { *o++ = ents[i].c; p += l; done = 1; break; }
            }
        if (!done) *o++ = *p++;
    }
    *o = '\0';
}

/* Read <Environment> and return the dictionary spec "petrarch:DIR/a,DIR/b" in spec. */
static int petrarch_env(FILE *f, const char *path, const char *dir, char *spec, size_t cap, char *include, size_t icap,
                        int need)
{
    char *line = NULL;
    size_t lc = 0;
    size_t used = (size_t)snprintf(spec, cap, "petrarch:");
    include[0] = '\0';
    int have = 0;
    while (getline(&line, &lc, f) > 0) {
        char *s = trim(line);
        if (strstr(s, "</Environment>") || strstr(s, "<Sentences>")) break;
        static const char *const tags[] = {"Verbfile", "Actorfile", "Agentfile", "Discardfile", "PICOfile"};
        for (size_t t = 0; t < 5; t++) {
            char open[32], close[32];
            snprintf(open, sizeof open, "<%s>", tags[t]);
            snprintf(close, sizeof close, "</%s>", tags[t]);
            char *a = strstr(s, open), *b = strstr(s, close);
            if (!a || !b) continue;
            *b = '\0';
            char *save = NULL;
            for (char *fn = strtok_r(a + strlen(open), ",", &save); fn; fn = strtok_r(NULL, ",", &save)) {
                fn = trim(fn);
                if (!*fn) continue;
                const char *in = dir;
                char own[4096];
                if (t == 4) { /* the coding ontology, which PETRARCH-2 has built in: from the
                                 suite's own dictionaries when DIR lacks it */
                    char p[8192];
                    const char *slash = strrchr(path, '/');
                    snprintf(own, sizeof own, "%.*s/../dictionaries", slash ? (int)(slash - path) : 1, slash ? path : ".");
                    snprintf(p, sizeof p, "%s/%s", dir, fn);
                    if (access(p, R_OK)) in = own;
                }
                used += (size_t)snprintf(spec + used, used < cap ? cap - used : 0, "%s%s/%s", have ? "," : "", in, fn);
                have = 1;
            }
        }
        char *a = strstr(s, "<Include>"), *b = strstr(s, "</Include>");
        if (a && b) { *b = '\0'; snprintf(include, icap, " %s ", a + 9); }
    }
    free(line);
    if (!have) {
        if (need) fprintf(stderr, "rapporti: %s: no <Environment> dictionaries (give --dict)\n", path);
        return EXIT_USAGE;
    }
    if (used >= cap) { fprintf(stderr, "rapporti: %s: <Environment> too long\n", path); return EXIT_USAGE; }
    return 0;
}

static int included(const vctx *v, const char *cat)
{
    if (!v->include[0] || !cat[0]) return 1;
    char key[80];
    snprintf(key, sizeof key, " %s ", cat);
    return strstr(v->include, key) != NULL;
}

static int run_petrarch(vctx *v, FILE *f, const char *path)
{
    char *line = NULL;
    size_t cap = 0;
    record r = {0};
    int in_text = 0, in_rec = 0, skip_rec = 0, status = 0;
    ssize_t n;
    unsigned lineno = 0;
    /* PETRARCH-2's comma defaults (its PETR_config.ini): internal clauses of 3 to 8 words,
       the last one of 3 to 8, never the first; <Config option="comma_*"> changes them */
    v->comma = (struct comma_rule){1, 0, 0, 2, 8, 2, 8};
    while ((n = getline(&line, &cap, f)) > 0) {
        lineno++;
        if ((size_t)n > 1048576) { fprintf(stderr, "rapporti: %s:%u: line longer than 1 MiB, skipped\n", path, lineno); status = EXIT_PARTIAL; continue; }
        char *s = trim(line);
        if (!strncmp(s, "<Stop", 5)) break;
        if (!strncmp(s, "<Config", 7)) { /* the options we follow: require_dyad, comma_* */
            char opt[64], val[64];
            if (!attr(s, "option", opt, sizeof opt) || !attr(s, "value", val, sizeof val)) continue;
            if (!strcmp(opt, "require_dyad")) rp_coder_set_null_actors(v->coder, !strcasecmp(val, "false"));
            static const char *const keys[] = {"comma_bmin", "comma_bmax", "comma_min", "comma_max", "comma_emin", "comma_emax"};
            int *vals[] = {&v->comma.bmin, &v->comma.bmax, &v->comma.min, &v->comma.max, &v->comma.emin, &v->comma.emax};
            for (int k = 0; k < 6; k++)
                if (!strcmp(opt, keys[k])) *vals[k] = bracket_count(val);
            continue;
        }
        if (!strncmp(s, "<Sentence ", 10)) {
            if (in_rec && !skip_rec) { int rc = run_record(v, &r, path); if (rc) status = rc; }
            record_reset(&r);
            in_rec = 1;
            char buf[128];
            if (attr(s, "id", buf, sizeof buf)) snprintf(r.id, sizeof r.id, "%s", buf);
            if (attr(s, "date", buf, sizeof buf)) conv_date(buf, r.date);
            if (attr(s, "category", buf, sizeof buf)) snprintf(r.category, sizeof r.category, "%.63s", buf);
            skip_rec = !included(v, r.category);
            if (attr(s, "evaluate", buf, sizeof buf) && !strcmp(buf, "false")) r.no_check = 1;
            continue;
        }
        if (!in_rec) continue;
        if (!strncmp(s, "</Sentence>", 11) || !strncmp(s, "</Sentences>", 12)) {
            if (!skip_rec) { int rc = run_record(v, &r, path); if (rc) status = rc; }
            record_reset(&r);
            in_rec = 0;
            continue;
        }
        if (!strncmp(s, "<EventCoding", 12)) {
            char a[64], b[64], c[32];
            if (attr(s, "eventcode", c, sizeof c) && attr(s, "sourcecode", a, sizeof a) && attr(s, "targetcode", b, sizeof b))
                if (add_exp(&r, a, b, c)) { status = EXIT_FAIL; break; }
            continue;
        }
        if (!strncmp(s, "<Text>", 6)) { in_text = 1; s += 6; }
        if (in_text) {
            char *e = strstr(s, "</Text>");
            if (e) { *e = '\0'; in_text = 0; }
            unescape(s);
            if (*trim(s) && add_text(&r, trim(s), strlen(trim(s)))) { status = EXIT_FAIL; break; }
        }
    }
    free(line);
    free(r.text);
    free(r.exp);
    return status;
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: rapporti validate [options] SUITE\n"
            "Run a peer's validation suite and count records passed, expected events found,\n"
            "missing and extra. SUITE is a TABARI Validate.text (records up to FINAL-01) or a\n"
            "PETRARCH records file (PETR.UnitTest.records.xml, PETR2_GSR_validation.xml).\n"
            "  -D, --dict SPEC      dictionaries: tabari:PROJECT or petrarch:FILE,... or petrarch:DIR\n"
            "                       (default: TABARI: Validate.project beside SUITE, its options\n"
            "                       file read too; PETRARCH: the files its <Environment> names,\n"
            "                       in --dict-dir)\n"
            "      --dict-dir DIR   where the <Environment> files are (default: ../dictionaries\n"
            "                       from SUITE's folder; a <PICOfile> DIR lacks: from there too)\n"
            "  -f, --format F       text (one line per record, then the summary) or json (one\n"
            "                       object per record; the last line is the summary object with\n"
            "                       records, passed, expected, found, missing, extra)\n"
            "  -q, --quiet          only the summary\n"
            "  -e, --explain ID     also print the coder's reasoning on record ID (the text as\n"
            "                       coded, actors, matches, drops, events), as rapporti explain does\n"
            "  -h, --help           this help\n"
            "Exit status: 0 done (whatever the pass rate), 2 usage, 3 dictionaries, 4 failure.\n");
}

int cli_validate(int argc, char **argv)
{
    vopts o = {.format = "text"};
    static const struct option lo[] = {{"dict", required_argument, 0, 'D'}, {"dict-dir", required_argument, 0, 'd'},
                                       {"format", required_argument, 0, 'f'}, {"quiet", no_argument, 0, 'q'},
                                       {"explain", required_argument, 0, 'e'},
                                       {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "D:f:qe:h", lo, NULL)) != -1) {
        switch (c) {
        case 'D': o.dict = optarg; break;
        case 'd': o.dict_dir = optarg; break;
        case 'f': o.format = optarg; break;
        case 'q': o.quiet = 1; break;
        case 'e': o.explain = optarg; break;
        case 'h': usage(stdout); return EXIT_OK;
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (strcmp(o.format, "text") && strcmp(o.format, "json")) { fprintf(stderr, "rapporti: --format is text or json\n"); return EXIT_USAGE; }
    if (optind != argc - 1) { usage(stderr); return EXIT_USAGE; }
    const char *path = argv[optind];
    FILE *f = fopen(path, "r");
    if (!f) { fprintf(stderr, "rapporti: %s: %s\n", path, strerror(errno)); return EXIT_PARTIAL; }
    char head[512];
    size_t hn = fread(head, 1, sizeof head - 1, f);
    head[hn] = '\0';
    rewind(f);
    int xml = strstr(head, "<?xml") || strstr(head, "<Validation");
    char dir[4096];
    const char *slash = strrchr(path, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
    char spec[8192];
    vctx v = {.o = &o};
    int status = 0;
    if (xml) {
        char ddir[4096];
        snprintf(ddir, sizeof ddir, "%s", o.dict_dir ? o.dict_dir : "");
        if (!o.dict_dir) snprintf(ddir, sizeof ddir, "%.4000s/../dictionaries", dir);
        status = petrarch_env(f, path, ddir, spec, sizeof spec, v.include, sizeof v.include, !o.dict);
        if (status && !o.dict) { fclose(f); return status; }
        status = 0;
    } else {
        snprintf(spec, sizeof spec, "tabari:%s/Validate.project", dir);
    }
    if (o.dict) snprintf(spec, sizeof spec, "%s", o.dict);
    if (!xml && !strncmp(spec, "tabari:", 7)) project_options(spec + 7, v.options, sizeof v.options);
    v.dict = cli_load_dict(spec, "en");
    if (!v.dict) { fclose(f); return EXIT_DICT; }
    v.coder = rp_coder_new(v.dict);
    v.doc = rp_doc_new();
    if (!v.coder || !v.doc) { fprintf(stderr, "rapporti: out of memory\n"); status = EXIT_FAIL; goto out; }
    status = xml ? run_petrarch(&v, f, path) : run_tabari(&v, f, path);
    const totals *t = &v.t;
    double rate = t->records ? 100.0 * (double)t->passed / (double)t->records : 0;
    if (!strcmp(o.format, "json"))
        printf("{\"suite\":\"%s\",\"records\":%zu,\"passed\":%zu,\"expected\":%zu,\"found\":%zu,\"missing\":%zu,"
               "\"extra\":%zu,\"unchecked\":%zu,\"pass_rate\":%.1f,\"sentences\":%zu,\"seconds\":%.4f}\n",
               path, t->records, t->passed, t->expected, t->found, t->missing, t->extra, t->unchecked, rate, t->sentences, t->seconds);
    else
        printf("%s: %zu records, %zu passed (%.1f%%); %zu expected events: %zu found, %zu missing; %zu extra; "
               "%zu records coded but not checked; %.3f s coding\n",
               path, t->records, t->passed, rate, t->expected, t->found, t->missing, t->extra, t->unchecked, t->seconds);
out:
    fclose(f);
    rp_doc_free(v.doc);
    rp_coder_free(v.coder);
    rp_dict_free(v.dict);
    free(v.got);
    return status;
}

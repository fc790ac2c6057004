/* Dictionary loader: reads the CAMEO codebook and a language's lang.txt, actors, agents
 * and event patterns (docs/dictionaries.md) and compiles them into hash matchers.
 * Phases of rp_dict_load: 1. codebook (once), 2. lang.txt, 3. actors (common, then the
 * language's), 4. agents, 5. verbs. Every error names file and line. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libstemmer.h>

#include "../text/text_int.h"
#include "loader.h"
#include "../context/lexicon.h"

/* Loader state for one language (the rpi_loader of loader.h). */
typedef struct rpi_loader {
    rp_dict *dict;
    rpi_lang *lang;
    struct sb_stemmer *stemmer;
    rpi_tokens toks;        /* tokenizer scratch */
    rpi_normbuf nb;         /* normaliser scratch */
    rpi_buf word;           /* normalised word scratch */
    const char *path;       /* file being read */
    uint32_t file;          /* its index in lang->files */
    unsigned line;          /* line being read */
    int foreign;            /* TABARI/PETRARCH input: codes are any short strings */
    rpi_buf path_buf;       /* scratch for folder paths */
    rpi_map alt_lists;      /* digest of a pattern word's alternatives -> their alt_off:
                               elements with the same alternatives share them (see
                               share_alts) */
} loader;

#define FAIL(ld, ...) do { fail(ld, __VA_ARGS__); return RP_EPARSE; } while (0)

static void fail(loader *ld, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(loader *ld, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    rpi_errf(&ld->dict->err, "%s:%u: %s", ld->path, ld->line, msg);
}

int rpi_wordset_has(const rpi_wordset *s, uint64_t h) { return rpi_map_get(&s->map, h) != RPI_NONE; }

rp_dict *rp_dict_new(void) { return rpi_calloc(1, sizeof(rp_dict)); }

static void lang_free(rpi_lang *l)
{
    if (!l) return;
    rpi_wordset *sets[] = {&l->abbreviations, &l->negation, &l->passive_aux, &l->passive_by,
                           &l->prepositions, &l->addressee, &l->coordination, &l->link, &l->articles, &l->locative, &l->clause,
                           &l->pronouns, &l->complementizers, &l->former, &l->conjunctions, &l->phrase_words,
                           &l->auxiliaries, &l->infinitive, &l->intent, &l->possessives, &l->quantities, &l->intensifiers};
    for (size_t i = 0; i < sizeof sets / sizeof *sets; i++) rpi_map_free(&sets[i]->map);
    rpi_free(l->actors); rpi_free(l->codes); rpi_free(l->agents); rpi_free(l->names);
    rpi_free(l->name_toks); rpi_free(l->name_plen); rpi_map_free(&l->name_index); rpi_free(l->name_key_bits);
    rpi_free(l->patterns); rpi_free(l->transforms); rpi_free(l->pico); rpi_free(l->elems); rpi_free(l->alts); rpi_free(l->alt_more); rpi_free(l->links);
    rpi_map_free(&l->pattern_index);
    rpi_map_free(&l->pattern_index2);
    rpi_free(l->anchors);
    rpi_free(l->anchor_digs);
    rpi_map_free(&l->set_index);
    rpi_free(l->sets);
    rpi_buf_free(&l->strings);
    rpi_ctxlex_free(l->ctx);
    rpi_free(l->ctx);
    for (size_t i = 0; i < l->nfiles; i++) rpi_free(l->files[i]);
    rpi_free(l->files);
    rpi_free(l);
}

void rp_dict_free(rp_dict *d)
{
    if (!d) return;
    for (size_t i = 0; i < d->nlangs; i++) lang_free(d->langs[i]);
    rpi_free(d->langs);
    for (size_t i = 0; i < d->ncameo; i++) { rpi_free(d->cameo[i].name); rpi_free(d->cameo[i].name_it); }
    rpi_free(d->cameo);
    rpi_map_free(&d->cameo_index);
    rpi_buf_free(&d->err);
    rpi_free(d);
}

const char *rp_dict_errmsg(const rp_dict *d) { return d && d->err.data ? d->err.data : ""; }

const rpi_lang *rpi_dict_lang(const rp_dict *d, const char *lang)
{
    if (!d || !lang) return NULL;
    for (size_t i = 0; i < d->nlangs; i++)
        if (!strcmp(d->langs[i]->code, lang)) return d->langs[i];
    return NULL;
}

int rp_dict_has_lang(const rp_dict *d, const char *lang) { return rpi_dict_lang(d, lang) != NULL; }

int rp_dict_lang_foreign(const rp_dict *d, const char *lang)
{
    const rpi_lang *l = rpi_dict_lang(d, lang);
    return l && l->foreign && !l->cameo_codes;
}

const char *rp_dict_lang_code(const rp_dict *d, size_t i) { return d && i < d->nlangs ? d->langs[i]->code : NULL; }

const rpi_cameo *rpi_cameo_get(const rp_dict *d, const char *code)
{
    uint32_t i = rpi_map_get(&d->cameo_index, rpi_hash(code, strlen(code)));
    return i == RPI_NONE ? NULL : &d->cameo[i];
}

const char *rp_cameo_name(const rp_dict *d, const char *code, const char *lang)
{
    const rpi_cameo *c = d && code ? rpi_cameo_get(d, code) : NULL;
    if (!c) return NULL;
    if (lang && !strcmp(lang, "it") && c->name_it) return c->name_it;
    return c->name;
}

int rp_cameo_lookup(const rp_dict *d, const char *code, double *g, int *q, const char **name)
{
    if (!d || !code) return 0;
    const rpi_cameo *c = rpi_cameo_get(d, code);
    if (!c) return 0;
    if (g) *g = c->goldstein;
    if (q) *q = c->quad_class;
    if (name) *name = c->name;
    return 1;
}

void rp_dict_stats_get(const rp_dict *d, rp_dict_stats *st)
{
    memset(st, 0, sizeof *st);
    if (!d) return;
    st->languages = d->nlangs;
    st->cameo_codes = d->ncameo;
    rpi_map seen = {0};
    for (size_t i = 0; i < d->nlangs; i++) {
        const rpi_lang *l = d->langs[i];
        st->actor_names += l->actor_names;
        st->actor_entries += l->nactors;
        st->agent_names += l->agent_names;
        st->patterns += l->npatterns;
        for (size_t p = 0; p < l->npatterns; p++) {
            uint64_t h = rpi_hash(l->patterns[p].code, strlen(l->patterns[p].code));
            if (rpi_map_get(&seen, h) == RPI_NONE && !rpi_map_put(&seen, h, 1)) st->pattern_codes++;
        }
    }
    rpi_map_free(&seen);
}

/* ---- line reading ---- */

typedef struct lines {
    char *data;   /* whole file, NUL-terminated */
    size_t len;
    size_t pos;
} lines;

static rp_rc read_file(loader *ld, const char *path, lines *out)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "rb");
    if (!f) {
        rpi_errf(&ld->dict->err, "%s: cannot open: %s", path, strerror(errno));
        return RP_EIO;
    }
    rpi_buf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (rpi_buf_add(&b, chunk, n)) { fclose(f); rpi_buf_free(&b); return RP_ENOMEM; }
    int err = ferror(f);
    fclose(f);
    if (err) {
        rpi_buf_free(&b);
        rpi_errf(&ld->dict->err, "%s: read error", path);
        return RP_EIO;
    }
    if (rpi_buf_reserve(&b, 0)) { rpi_buf_free(&b); return RP_ENOMEM; }
    b.data[b.len] = '\0';
    out->data = b.data;
    out->len = b.len;
    /* the whole file must be UTF-8 without NUL bytes */
    rp_doc *probe = rp_doc_new();
    if (!probe) { rpi_free(out->data); return RP_ENOMEM; }
    rp_rc rc = rp_doc_set_text(probe, out->data, out->len, 0);
    if (rc == RP_EUTF8) rpi_errf(&ld->dict->err, "%s: %s", path, rp_doc_errmsg(probe));
    rp_doc_free(probe);
    if (rc) { rpi_free(out->data); out->data = NULL; }
    return rc;
}

/* Next line without its comment, trimmed; NULL at end. Modifies the buffer. */
static char *next_line(lines *L, unsigned *lineno)
{
    if (L->pos >= L->len) return NULL;
    char *s = L->data + L->pos;
    char *nl = memchr(s, '\n', L->len - L->pos);
    if (nl) { *nl = '\0'; L->pos = (size_t)(nl - L->data) + 1; }
    else L->pos = L->len;
    (*lineno)++;
    char *hash = strchr(s, '#');
    if (hash) *hash = '\0';
    while (*s && isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1])) s[--n] = '\0';
    return s;
}


static rp_rc add_file(loader *ld, const char *path)
{
    rpi_lang *l = ld->lang;
    if (RPI_GROW(l->files, l->cap_files, l->nfiles + 1)) return RP_ENOMEM;
    if (!(l->files[l->nfiles] = rpi_strndup(path, strlen(path)))) return RP_ENOMEM;
    ld->file = (uint32_t)l->nfiles++;
    ld->path = l->files[ld->file];
    ld->line = 0;
    return RP_OK;
}

/* ---- phase 1: the CAMEO codebook ---- */
static rp_rc load_codebook(loader *ld, const char *path)
{
    rp_dict *d = ld->dict;
    lines L;
    rp_rc rc = read_file(ld, path, &L);
    if (rc) return rc;
    ld->path = path;
    ld->line = 0;
    char *s;
    while ((s = next_line(&L, &ld->line))) {
        if (!*s) continue;
        char *f[4];
        int nf = 0;
        char *p = s;
        while (nf < 4) {
            f[nf++] = p;
            char *tab = strchr(p, '\t');
            if (!tab) break;
            *tab = '\0';
            p = tab + 1;
        }
        if (nf != 4) { fail(ld, "want 4 tab-separated fields: code, goldstein, quad_class, name"); rc = RP_EPARSE; break; }
        size_t cl = strlen(f[0]);
        int digits = cl >= 2 && cl <= 4;
        for (size_t i = 0; i < cl; i++) if (!isdigit((unsigned char)f[0][i])) digits = 0;
        char *end;
        double g = strtod(f[1], &end);
        long q = strtol(f[2], NULL, 10);
        if (!digits) { fail(ld, "bad CAMEO code '%s'", f[0]); rc = RP_EPARSE; break; }
        if (*end || g < -10 || g > 10) { fail(ld, "bad Goldstein value '%s' (want -10..10)", f[1]); rc = RP_EPARSE; break; }
        if (q < 1 || q > 4) { fail(ld, "bad QuadClass '%s' (want 1..4)", f[2]); rc = RP_EPARSE; break; }
        uint64_t h = rpi_hash(f[0], cl);
        if (rpi_map_get(&d->cameo_index, h) != RPI_NONE) { fail(ld, "duplicate code %s", f[0]); rc = RP_EPARSE; break; }
        if (RPI_GROW(d->cameo, d->cap_cameo, d->ncameo + 1)) { rc = RP_ENOMEM; break; }
        rpi_cameo *c = &d->cameo[d->ncameo];
        memcpy(c->code, f[0], cl + 1);
        c->goldstein = g;
        c->quad_class = (int)q;
        c->name_it = NULL;
        if (!(c->name = rpi_strndup(f[3], strlen(f[3])))) { rc = RP_ENOMEM; break; }
        if (rpi_map_put(&d->cameo_index, h, (uint32_t)d->ncameo)) { rpi_free(c->name); rc = RP_ENOMEM; break; }
        d->ncameo++;
    }
    if (!rc && d->ncameo == 0) { rpi_errf(&d->err, "%s: no CAMEO codes", path); rc = RP_EPARSE; }
    rpi_free(L.data);
    return rc;
}

/* Read an optional file of the codebook's folder into L: 1 when it is absent (fine),
 * else what reading it gave. */
static int read_optional(loader *ld, const char *path, lines *L, rp_rc *rc)
{
    FILE *probe = fopen(path, "rb");
    if (!probe) return 1;
    fclose(probe);
    *rc = read_file(ld, path, L);
    ld->path = path;
    ld->line = 0;
    return 0;
}

/* The Italian names of the codes (names-it.tsv: code TAB name); a missing file is fine. */
static rp_rc load_cameo_names(loader *ld, const char *path)
{
    rp_dict *d = ld->dict;
    lines L;
    rp_rc rc = RP_OK;
    if (read_optional(ld, path, &L, &rc) || rc) return rc;
    char *s;
    while (!rc && (s = next_line(&L, &ld->line))) {
        if (!*s) continue;
        char *tab = strchr(s, '\t');
        if (!tab) { fail(ld, "want code<TAB>name"); rc = RP_EPARSE; break; }
        *tab = '\0';
        char *name = rpi_trim(tab + 1);
        uint32_t i = rpi_map_get(&d->cameo_index, rpi_hash(s, strlen(s)));
        if (i == RPI_NONE) { fail(ld, "code '%s' is not in the codebook", s); rc = RP_EPARSE; break; }
        if (d->cameo[i].name_it) { fail(ld, "code %s is named twice", s); rc = RP_EPARSE; break; }
        if (!*name) { fail(ld, "code %s has an empty name", s); rc = RP_EPARSE; break; }
        if (!(d->cameo[i].name_it = rpi_strndup(name, strlen(name)))) rc = RP_ENOMEM;
    }
    rpi_free(L.data);
    return rc;
}

/* What an intent to act is coded (intent.tsv: root TAB code TAB note: "19 138 threaten
 * with military force"); a missing file is fine. */
static rp_rc load_cameo_intent(loader *ld, const char *path)
{
    rp_dict *d = ld->dict;
    lines L;
    rp_rc rc = RP_OK;
    if (read_optional(ld, path, &L, &rc) || rc) return rc;
    char *s;
    while (!rc && (s = next_line(&L, &ld->line))) {
        if (!*s) continue;
        char *save = NULL, *root = strtok_r(s, "\t", &save), *code = strtok_r(NULL, "\t", &save);
        if (!root || !code) { fail(ld, "want root<TAB>code<TAB>note"); rc = RP_EPARSE; break; }
        code = rpi_trim(code);
        int r = (strlen(root) == 2 && isdigit((unsigned char)root[0]) && isdigit((unsigned char)root[1]))
                    ? (root[0] - '0') * 10 + (root[1] - '0') : 0;
        if (r < 1 || r > 20) { fail(ld, "'%s' is not a CAMEO root (01 to 20)", root); rc = RP_EPARSE; break; }
        if (d->intent[r][0]) { fail(ld, "root %s is given twice", root); rc = RP_EPARSE; break; }
        if (strlen(code) >= sizeof d->intent[r] || !rpi_cameo_get(d, code)) { fail(ld, "code '%s' is not in the codebook", code); rc = RP_EPARSE; break; }
        memcpy(d->intent[r], code, strlen(code) + 1);
    }
    rpi_free(L.data);
    return rc;
}

/* ---- words ---- */

/* Tokenize s and call back with each token's normalised form. */
static rp_rc tokens_of(loader *ld, const char *s, size_t len)
{
    ld->toks.n = 0;
    if (rpi_tokenize(s, len, ld->lang->apostrophe, &ld->toks)) return RP_ENOMEM;
    return RP_OK;
}

static rp_rc norm_of(loader *ld, const char *s, size_t len)
{
    ld->word.len = 0;
    if (rpi_normalize(s, len, &ld->word, &ld->nb)) return RP_ENOMEM;
    if (rpi_buf_addc(&ld->word, '\0')) return RP_ENOMEM;
    ld->word.len--;
    return RP_OK;
}

static uint64_t stem_hash_of(loader *ld, const char *form, size_t len)
{
    const sb_symbol *st = sb_stemmer_stem(ld->stemmer, (const sb_symbol *)form, (int)len);
    if (!st) return 0;
    return rpi_hash_stem(st, (size_t)sb_stemmer_length(ld->stemmer));
}

/* ---- phase 2: lang.txt ---- */
static rp_rc wordset_fill(loader *ld, rpi_wordset *set, char *values)
{
    char *save = NULL;
    for (char *v = strtok_r(values, "|", &save); v; v = strtok_r(NULL, "|", &save)) {
        v = rpi_trim(v);
        if (!*v) FAIL(ld, "empty word in list");
        rp_rc rc = norm_of(ld, v, strlen(v));
        if (rc) return rc;
        if (rpi_map_put(&set->map, rpi_hash(ld->word.data, ld->word.len), 1)) return RP_ENOMEM;
    }
    return RP_OK;
}

static rp_rc load_lang_rules(loader *ld, const char *path)
{
    rpi_lang *l = ld->lang;
    lines L;
    rp_rc rc = add_file(ld, path);
    if (rc) return rc;
    if ((rc = read_file(ld, path, &L))) return rc;
    char *s;
    int have_stemmer = 0;
    while (!rc && (s = next_line(&L, &ld->line))) {
        if (!*s) continue;
        char *colon = strchr(s, ':');
        if (!colon) { fail(ld, "want 'key: value | value ...'"); rc = RP_EPARSE; break; }
        *colon = '\0';
        char *key = rpi_trim(s), *val = rpi_trim(colon + 1);
        struct { const char *k; rpi_wordset *set; } sets[] = {
            {"abbreviations", &l->abbreviations}, {"negation", &l->negation},
            {"passive-aux", &l->passive_aux}, {"passive-by", &l->passive_by},
            {"prepositions", &l->prepositions}, {"addressee", &l->addressee},
            {"coordination", &l->coordination}, {"link", &l->link}, {"articles", &l->articles},
            {"locative", &l->locative}, {"clause", &l->clause}, {"pronouns", &l->pronouns},
            {"complementizers", &l->complementizers}, {"former", &l->former},
            {"conjunctions", &l->conjunctions}, {"auxiliaries", &l->auxiliaries}, {"infinitive", &l->infinitive}, {"intent", &l->intent},
            {"possessives", &l->possessives}, {"quantities", &l->quantities},
            {"intensifiers", &l->intensifiers}};
        int done = 0;
        for (size_t i = 0; i < sizeof sets / sizeof *sets; i++)
            if (!strcmp(key, sets[i].k)) { rc = wordset_fill(ld, sets[i].set, val); done = 1; }
        if (done) continue;
        if (!strcmp(key, "stemmer")) {
            snprintf(l->stemmer, sizeof l->stemmer, "%s", val);
            struct sb_stemmer *st = sb_stemmer_new(l->stemmer, "UTF_8");
            if (!st) { fail(ld, "unknown Snowball stemmer '%s'", val); rc = RP_EPARSE; break; }
            if (ld->stemmer) sb_stemmer_delete(ld->stemmer);
            ld->stemmer = st;
            have_stemmer = 1;
        } else if (!strcmp(key, "apostrophe")) {
            if (!strcmp(val, "elision")) l->apostrophe = RPI_APOS_ELISION;
            else if (!strcmp(val, "clitic")) l->apostrophe = RPI_APOS_CLITIC;
            else if (!strcmp(val, "none")) l->apostrophe = RPI_APOS_NONE;
            else { fail(ld, "apostrophe must be elision, clitic or none"); rc = RP_EPARSE; }
        } else {
            fail(ld, "unknown key '%s'", key);
            rc = RP_EPARSE;
        }
    }
    if (!rc && !have_stemmer) { ld->line = 0; fail(ld, "no 'stemmer:' line"); rc = RP_EPARSE; }
    rpi_free(L.data);
    return rc;
}

/* ---- phase 3 and 4: actors and agents ---- */

int rp_actor_code_valid(const char *c, size_t n)
{
    if (n < 3 || n % 3 || n >= RP_CODE_MAX) return 0;
    for (size_t i = 0; i < n; i++) if (c[i] < 'A' || c[i] > 'Z') return 0;
    return 1;
}

/* A code of a foreign dictionary: letters, digits and - # ! ? (TABARI "---", "AR1"). */
static int foreign_code_ok(const char *c, size_t n, size_t max)
{
    if (!n || n >= max) return 0;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)c[i]) && !strchr("-#!?/", c[i])) return 0;
    return 1;
}

/* Add one name (its token hashes) pointing at target. A word written "word*" is a
 * prefix: it matches any word that starts with it. */
static rp_rc add_name(loader *ld, char *name, uint32_t target, int is_agent)
{
    rpi_lang *l = ld->lang;
    int exact = 0, upper = 0;
    if (*name == '=') { exact = 1; name = rpi_trim(name + 1); }
    else if (*name == '^') { upper = 1; name = rpi_trim(name + 1); }
    if (!*name) FAIL(ld, "empty name");
    /* strip the '*' of prefix words, remembering where each word ended, and the ".."
       gaps ("Prince .. Dol Amroth": other words may stand there), remembering where */
    uint32_t stars[16], gapat[16];
    size_t nstars = 0, ngaps = 0, o = 0;
    for (size_t i = 0; name[i]; i++) {
        if (name[i] == '.' && name[i + 1] == '.' && (!i || isspace((unsigned char)name[i - 1])) &&
            (!name[i + 2] || isspace((unsigned char)name[i + 2]))) {
            if (ngaps == 16) FAIL(ld, "too many '..' gaps");
            gapat[ngaps++] = (uint32_t)o;
            i++;
            continue;
        }
        if (name[i] == '*') {
            if (!o || (name[i + 1] && !isspace((unsigned char)name[i + 1]))) FAIL(ld, "'*' goes at the end of a word");
            if (nstars == 16) FAIL(ld, "too many prefix words");
            stars[nstars++] = (uint32_t)o;
            continue;
        }
        name[o++] = name[i];
    }
    name[o] = '\0';
    if (nstars && exact) FAIL(ld, "'=' and '*' do not go together");
    rp_rc rc = tokens_of(ld, name, strlen(name));
    if (rc) return rc;
    if (ld->toks.n == 0) FAIL(ld, "name '%s' has no words", name);
    size_t ntok = ld->toks.n;
    uint32_t gaps = 0;
    for (size_t g = 0; g < ngaps; g++) {
        size_t k = 1;
        while (k < ntok && ld->toks.v[k].start < gapat[g]) k++;
        if (k >= ntok || ld->toks.v[k - 1].end > gapat[g] || ld->toks.v[0].start >= gapat[g])
            FAIL(ld, "'..' goes between two words of a name");
        if (k > 32) FAIL(ld, "'..' after the 32nd word of a name");
        if (gaps & (UINT32_C(1) << (k - 1))) FAIL(ld, "'..' goes between two words of a name, once");
        gaps |= UINT32_C(1) << (k - 1);
    }
    if (gaps && exact) FAIL(ld, "'=' and '..' do not go together");
    if (RPI_GROW(l->name_toks, l->cap_name_toks, l->nname_toks + ntok)) return RP_ENOMEM;
    if (RPI_GROW(l->name_plen, l->cap_name_plen, l->nname_toks + ntok)) return RP_ENOMEM;
    if (RPI_GROW(l->names, l->cap_names, l->nnames + 1)) return RP_ENOMEM;
    rpi_name *nm = &l->names[l->nnames];
    nm->tok_off = (uint32_t)l->nname_toks;
    nm->ntok = (uint32_t)ntok;
    nm->target = target;
    nm->is_agent = (uint8_t)is_agent;
    nm->upper_first = (uint8_t)upper;
    nm->has_prefix = 0;
    nm->gaps = gaps;
    nm->exact_off = RPI_NONE;
    nm->text_off = (uint32_t)l->strings.len;
    nm->req[0] = nm->req[1] = RPI_NO_DIGEST;
    if (rpi_buf_add(&l->strings, name, strlen(name)) || rpi_buf_addc(&l->strings, '\0')) return RP_ENOMEM;
    if (exact) {
        nm->exact_off = (uint32_t)l->strings.len;
        for (size_t i = 0; i < ntok; i++) {
            rpi_rawtok *t = &ld->toks.v[i];
            if (rpi_buf_add(&l->strings, name + t->start, t->end - t->start) || rpi_buf_addc(&l->strings, '\0'))
                return RP_ENOMEM;
        }
    }
    for (size_t i = 0; i < ntok; i++) {
        rpi_rawtok t = ld->toks.v[i];
        if ((rc = norm_of(ld, name + t.start, t.end - t.start))) return rc;
        uint64_t h = rpi_hash(ld->word.data, ld->word.len);
        uint8_t plen = 0;
        for (size_t k = 0; k < nstars; k++)
            if (stars[k] == t.end) {
                if (ld->word.len > 63) FAIL(ld, "prefix word longer than 63 bytes");
                plen = (uint8_t)ld->word.len;
                h = rpi_prefix_key(h);
                nm->has_prefix = 1;
                l->any_prefix = 1;
                if (i == 0) {
                    l->name_prefix_lens |= UINT64_C(1) << plen;
                    rpi_lens_f3_set(l->name_lens_f3, ld->word.data, plen);
                }
            }
        l->name_toks[l->nname_toks + i] = h;
        l->name_plen[l->nname_toks + i] = plen;
        if (i && i + 2 >= ntok) nm->req[ntok - 1 - i] = (uint16_t)rpi_word_digest(ld->word.data, ld->word.len);
    }
    uint64_t first = l->name_toks[l->nname_toks];
    if (ntok >= 2 && !l->name_plen[l->nname_toks + 1] && !(gaps & 1)) { /* indexed by its first two words */
        l->name2_first[(first & 65535) >> 6] |= UINT64_C(1) << (first & 63);
        first = rpi_name_key2(first, l->name_toks[l->nname_toks + 1]);
    }
    l->nname_toks += ntok;
    unsigned kb = (unsigned)(first >> 24) & (RPI_NAME_KEY_BITS - 1);
    l->name_key_bits[kb >> 6] |= UINT64_C(1) << (kb & 63);
    nm->next = rpi_map_get(&l->name_index, first);
    if (rpi_map_put(&l->name_index, first, (uint32_t)l->nnames)) return RP_ENOMEM;
    l->nnames++;
    if (is_agent) l->agent_names++;
    else l->actor_names++;
    return RP_OK;
}

/* The '|'-separated names before the ':' of an actor or agent line. */
static rp_rc add_names(loader *ld, char *names, uint32_t target, int is_agent)
{
    char *save = NULL;
    int nnames = 0;
    for (char *n = strtok_r(names, "|", &save); n; n = strtok_r(NULL, "|", &save)) {
        rp_rc rc = add_name(ld, rpi_trim(n), target, is_agent);
        if (rc) return rc;
        nnames++;
    }
    if (!nnames) FAIL(ld, "no name before ':'");
    return RP_OK;
}

static rp_rc parse_range(loader *ld, char *r, int *from, int *to)
{
    char *dots = strstr(r, "..");
    if (!dots) FAIL(ld, "bad date range '%s' (want FROM..TO, either end may be empty)", r);
    *dots = '\0';
    char *a = rpi_trim(r), *b = rpi_trim(dots + 2);
    *from = 0;
    *to = 99999999;
    if (*a && !(*from = rp_parse_date(a))) FAIL(ld, "bad date '%s' (want YYYY-MM-DD)", a);
    if (*b && !(*to = rp_parse_date(b))) FAIL(ld, "bad date '%s' (want YYYY-MM-DD)", b);
    if (!*a && !*b) FAIL(ld, "a date range needs at least one end");
    if (*from > *to) FAIL(ld, "date range ends before it starts (%s..%s)", a, b);
    return RP_OK;
}

static rp_rc parse_actor_line(loader *ld, char *s)
{
    rpi_lang *l = ld->lang;
    char *colon = strrchr(s, ':');
    if (!colon) FAIL(ld, "want 'NAME | NAME ... : CODE [RANGE], ...'");
    *colon = '\0';
    char *names = s, *codes = rpi_trim(colon + 1);
    if (!*codes) FAIL(ld, "no code after ':'");
    if (RPI_GROW(l->actors, l->cap_actors, l->nactors + 1)) return RP_ENOMEM;
    rpi_actor *a = &l->actors[l->nactors];
    memset(a, 0, sizeof *a);
    a->code_off = (uint32_t)l->ncodes;
    a->file = ld->file;
    a->line = ld->line;
    char *save = NULL;
    int ndefault = 0;
    for (char *c = strtok_r(codes, ",", &save); c; c = strtok_r(NULL, ",", &save)) {
        c = rpi_trim(c);
        char *sp = c;
        while (*sp && !isspace((unsigned char)*sp)) sp++;
        char *rest = "";
        if (*sp) { *sp = '\0'; rest = rpi_trim(sp + 1); }
        if (!strcmp(c, "@pair")) {
            if (a->ncodes) FAIL(ld, "@pair stands alone");
            if (*rest && !(strlen(rest) == 3 && rp_actor_code_valid(rest, 3)))
                FAIL(ld, "@pair takes a three-letter sector, not '%s'", rest);
            a->pair = 1;
            snprintf(a->pair_sector, sizeof a->pair_sector, "%s", rest);
            continue;
        }
        if (a->pair) FAIL(ld, "@pair stands alone");
        size_t cl = strlen(c);
        if (ld->foreign ? !foreign_code_ok(c, cl, RP_CODE_MAX) : !rp_actor_code_valid(c, cl))
            FAIL(ld, "bad actor code '%s' (want upper-case letters in groups of three)", c);
        if (RPI_GROW(l->codes, l->cap_codes, l->ncodes + 1)) return RP_ENOMEM;
        rpi_code *k = &l->codes[l->ncodes];
        memcpy(k->code, c, cl + 1);
        k->from = 0;
        k->to = 99999999;
        k->dated = 0;
        if (*rest) {
            rp_rc rc = parse_range(ld, rest, &k->from, &k->to);
            if (rc) return rc;
            k->dated = 1;
        } else if (++ndefault > 1) {
            if (!ld->foreign) FAIL(ld, "more than one undated (default) code");
            continue; /* TABARI/PETRARCH: the first default holds */
        }
        l->ncodes++;
        a->ncodes++;
    }
    if (!a->pair && !a->ncodes) FAIL(ld, "no code after ':'");
    /* overlapping ranges are ambiguous (TABARI and PETRARCH: the first range wins) */
    for (uint32_t i = 0; !ld->foreign && i < a->ncodes; i++)
        for (uint32_t j = i + 1; j < a->ncodes; j++) {
            rpi_code *x = &l->codes[a->code_off + i], *y = &l->codes[a->code_off + j];
            if (x->dated && y->dated && x->from <= y->to && y->from <= x->to)
                FAIL(ld, "date ranges of %s and %s overlap", x->code, y->code);
        }
    return add_names(ld, names, (uint32_t)l->nactors++, 0);
}

static rp_rc parse_agent_line(loader *ld, char *s)
{
    rpi_lang *l = ld->lang;
    char *colon = strrchr(s, ':');
    if (!colon) FAIL(ld, "want 'NAME | NAME ... : SECTOR'");
    *colon = '\0';
    char *sector = rpi_trim(colon + 1);
    int prepend = 0;
    size_t sl = strlen(sector);
    if (ld->foreign) { /* TABARI/PETRARCH: "~GOVFRM" appends, "NGO~" goes before */
        if (sl && sector[0] == '~') { sector++; sl--; }
        else if (sl && sector[sl - 1] == '~') { sector[--sl] = '\0'; prepend = 1; }
        if (!foreign_code_ok(sector, sl, 7)) FAIL(ld, "bad agent code '%s' (at most 6 characters)", sector);
    } else if (sl != 3 || !rp_actor_code_valid(sector, 3)) {
        FAIL(ld, "bad sector '%s' (want three upper-case letters)", sector);
    }
    if (RPI_GROW(l->agents, l->cap_agents, l->nagents + 1)) return RP_ENOMEM;
    rpi_agent *a = &l->agents[l->nagents];
    memcpy(a->sector, sector, sl + 1);
    a->prepend = (uint8_t)prepend;
    a->file = ld->file;
    a->line = ld->line;
    return add_names(ld, s, (uint32_t)l->nagents++, 1);
}

/* ---- phase 5: event patterns ---- */

enum { ALT_STEM, ALT_EXACT, ALT_PREFIX };

/* Fill alternative a for the word w[0..wl) (not normalised yet). */
static rp_rc make_alt(loader *ld, rpi_alt *a, const char *w, size_t wl, int mode)
{
    rp_rc rc = norm_of(ld, w, wl);
    if (rc) return rc;
    a->stem = (uint8_t)(mode == ALT_STEM);
    a->plen = 0;
    a->ntok = 1;
    a->more = 0;
    const char *w2 = ld->word.data;
    size_t n2 = ld->word.len;
    if (mode == ALT_STEM) {
        a->hash = stem_hash_of(ld, ld->word.data, ld->word.len);
        const sb_symbol *st = sb_stemmer_stem(ld->stemmer, (const sb_symbol *)ld->word.data, (int)ld->word.len);
        if (st) { w2 = (const char *)st; n2 = (size_t)sb_stemmer_length(ld->stemmer); }
    }
    a->f2_any = n2 < 2;
    a->f2 = (uint8_t)(n2 >= 2 ? rpi_f2((unsigned char)w2[0], (unsigned char)w2[1]) : 0);
    a->f3_ok = mode != ALT_STEM && ld->word.len >= 3;
    if (a->f3_ok) memcpy(a->f3, ld->word.data, 3);
    if (mode != ALT_STEM) {
        a->hash = rpi_hash(ld->word.data, ld->word.len);
        if (mode == ALT_PREFIX) {
            if (!ld->word.len || ld->word.len > 63) FAIL(ld, "prefix word must have 1 to 63 bytes");
            a->plen = (uint8_t)ld->word.len;
            a->hash = rpi_prefix_key(a->hash);
            ld->lang->any_prefix = 1;
        }
    }
    return RP_OK;
}

static rp_rc add_alt(loader *ld, const char *w, size_t wl, int mode)
{
    rpi_lang *l = ld->lang;
    if (RPI_GROW(l->alts, l->cap_alts, l->nalts + 1)) return RP_ENOMEM;
    rp_rc rc = make_alt(ld, &l->alts[l->nalts], w, wl, mode);
    if (!rc) l->nalts++;
    return rc;
}

/* One alternative of several tokens ("sit-in", "call_for"): its first token is an
 * ordinary alternative, the others follow in lang->alt_more and must stand adjacent. */
static rp_rc add_multi_alt(loader *ld, char *w)
{
    rpi_lang *l = ld->lang;
    rpi_alt seq[16];
    size_t n = 0;
    char *save = NULL;
    for (char *part = strtok_r(w, "_", &save); part; part = strtok_r(NULL, "_", &save)) {
        int exact = 0, prefix = 0;
        if (*part == '=') { exact = 1; part++; }
        size_t pl = strlen(part);
        if (pl > 1 && part[pl - 1] == '*') { prefix = 1; part[--pl] = '\0'; }
        if (!*part) FAIL(ld, "empty word in an alternative");
        rp_rc rc = tokens_of(ld, part, pl);
        if (rc) return rc;
        int elided = l->apostrophe == RPI_APOS_ELISION && pl > 1 && part[pl - 1] == '\'';
        size_t nt = elided ? 1 : ld->toks.n;
        if (!nt) FAIL(ld, "'%s' has no words", part);
        rpi_rawtok tk[16];
        if (n + nt > 16) FAIL(ld, "alternative too long");
        memcpy(tk, ld->toks.v, (elided ? 0 : nt) * sizeof *tk);
        for (size_t i = 0; i < nt; i++) {
            const char *ws = elided ? part : part + tk[i].start;
            size_t wl = elided ? pl : tk[i].end - tk[i].start;
            int ex = exact || elided || nt > 1;
            int mode = prefix && i == nt - 1 ? ALT_PREFIX : ex ? ALT_EXACT : ALT_STEM;
            if ((rc = make_alt(ld, &seq[n], ws, wl, mode))) return rc;
            n++;
        }
    }
    if (!n) FAIL(ld, "empty alternative");
    if (RPI_GROW(l->alts, l->cap_alts, l->nalts + 1)) return RP_ENOMEM;
    if (RPI_GROW(l->alt_more, l->cap_alt_more, l->nalt_more + n)) return RP_ENOMEM;
    rpi_alt *a = &l->alts[l->nalts++];
    *a = seq[0];
    a->ntok = (uint8_t)n;
    a->more = (uint32_t)l->nalt_more;
    for (size_t i = 1; i < n; i++) l->alt_more[l->nalt_more++] = seq[i];
    return RP_OK;
}

static rp_rc add_elem(loader *ld, int kind, int adjacent)
{
    rpi_lang *l = ld->lang;
    if (RPI_GROW(l->elems, l->cap_elems, l->nelems + 1)) return RP_ENOMEM;
    rpi_elem *e = &l->elems[l->nelems++];
    e->kind = (uint8_t)kind;
    e->adjacent = (uint8_t)adjacent;
    e->alt_off = (uint32_t)l->nalts;
    e->nalt = 0;
    e->forms = 0;
    memset(e->sector, 0, sizeof e->sector);
    return RP_OK;
}

/* A plain word of a pattern ("cooperazione", "=con", "dell'", "n't"); it may cut into
 * several tokens, which must then stand next to each other. */
static rp_rc add_word_elems(loader *ld, char *w, int adjacent)
{
    int exact = 0, prefix = 0;
    if (*w == '=') { exact = 1; w++; }
    size_t wl = strlen(w);
    if (wl > 1 && w[wl - 1] == '*') { prefix = 1; w[--wl] = '\0'; }
    if (!*w) FAIL(ld, "empty word");
    if (ld->lang->apostrophe == RPI_APOS_ELISION && wl > 1 && w[wl - 1] == '\'') {
        /* an elided article or preposition on its own: dell', l', all' */
        rp_rc rc = add_elem(ld, RPI_EL_WORD, adjacent);
        if (!rc) rc = add_alt(ld, w, wl, ALT_EXACT);
        if (!rc) ld->lang->elems[ld->lang->nelems - 1].nalt = 1;
        return rc;
    }
    rp_rc rc = tokens_of(ld, w, wl);
    if (rc) return rc;
    size_t n = ld->toks.n;
    if (!n) FAIL(ld, "'%s' has no words", w);
    rpi_rawtok tk[8];
    if (n > 8) FAIL(ld, "'%s' cuts into too many tokens", w);
    memcpy(tk, ld->toks.v, n * sizeof *tk);
    for (size_t i = 0; i < n; i++) {
        if ((rc = add_elem(ld, RPI_EL_WORD, i ? 1 : adjacent))) return rc;
        int ex = exact || n > 1 || !(tk[i].flags & RP_TOK_WORD);
        int mode = prefix && i == n - 1 ? ALT_PREFIX : ex ? ALT_EXACT : ALT_STEM;
        if ((rc = add_alt(ld, w + tk[i].start, tk[i].end - tk[i].start, mode))) return rc;
        ld->lang->elems[ld->lang->nelems - 1].nalt = 1;
    }
    return RP_OK;
}

/* Append the alternatives of word set &NAME (name without '&') to l->alts. */
static rp_rc add_set_alts(loader *ld, const char *name, uint32_t *nalt)
{
    rpi_lang *l = ld->lang;
    uint32_t si = rpi_map_get(&l->set_index, rpi_hash(name, strlen(name)));
    if (si == RPI_NONE) FAIL(ld, "unknown word set '&%s' (define it before use: &%s = word | word)", name, name);
    struct rpi_set set = l->sets[si];
    if (RPI_GROW(l->alts, l->cap_alts, l->nalts + set.nalt)) return RP_ENOMEM;
    memcpy(l->alts + l->nalts, l->alts + set.alt_off, set.nalt * sizeof *l->alts);
    l->nalts += set.nalt;
    *nalt += set.nalt;
    return RP_OK;
}

/* "&NAME = word | =word | two_words": a named set of alternatives for patterns. */
static rp_rc parse_set_line(loader *ld, char *s)
{
    rpi_lang *l = ld->lang;
    char *eq = strchr(s, '=');
    if (!eq) FAIL(ld, "want '&NAME = word | word ...'");
    *eq = '\0';
    char *name = rpi_trim(s + 1), *vals = eq + 1;
    size_t nl = strlen(name);
    if (!nl) FAIL(ld, "a word set needs a name");
    for (size_t i = 0; i < nl; i++)
        if (!isalnum((unsigned char)name[i]) && name[i] != '_') FAIL(ld, "bad word set name '&%s'", name);
    uint64_t h = rpi_hash(name, nl);
    if (rpi_map_get(&l->set_index, h) != RPI_NONE) FAIL(ld, "word set '&%s' is defined twice", name);
    struct rpi_set set = {(uint32_t)l->nalts, 0};
    char *save = NULL;
    for (char *v = strtok_r(vals, "|", &save); v; v = strtok_r(NULL, "|", &save)) {
        v = rpi_trim(v);
        if (!*v) FAIL(ld, "empty word in set '&%s'", name);
        rp_rc rc = *v == '&' ? add_set_alts(ld, v + 1, &set.nalt) : add_multi_alt(ld, v);
        if (rc) return rc;
        if (*v != '&') set.nalt++;
    }
    if (!set.nalt) FAIL(ld, "word set '&%s' is empty", name);
    if (RPI_GROW(l->sets, l->cap_sets, l->nsets + 1)) return RP_ENOMEM;
    l->sets[l->nsets] = set;
    if (rpi_map_put(&l->set_index, h, (uint32_t)l->nsets)) return RP_ENOMEM;
    l->nsets++;
    return RP_OK;
}

/* Do two alternatives match the same tokens? (their tokens after the first compared too) */
static int same_alt(const rpi_lang *l, const rpi_alt *a, const rpi_alt *b)
{
    if (a->hash != b->hash || a->stem != b->stem || a->plen != b->plen || a->f2 != b->f2 || a->f2_any != b->f2_any ||
        a->f3_ok != b->f3_ok || (a->f3_ok && memcmp(a->f3, b->f3, sizeof a->f3)) || a->ntok != b->ntok)
        return 0;
    for (uint32_t k = 1; k < a->ntok; k++)
        if (!same_alt(l, &l->alt_more[a->more + k - 1], &l->alt_more[b->more + k - 1])) return 0;
    return 1;
}

static uint64_t alt_digest(const rpi_lang *l, const rpi_alt *a, uint64_t h)
{
    h = (h ^ a->hash) * UINT64_C(0x100000001b3) + ((uint64_t)a->stem << 8 | (uint64_t)a->plen << 16 | (uint64_t)a->ntok << 24);
    for (uint32_t k = 1; k < a->ntok; k++) h = alt_digest(l, &l->alt_more[a->more + k - 1], h);
    return h;
}

/* The word elements of the pattern just read (from elems[first] on, their alternatives
 * stored from alts[alt_base] on) share the alternatives of an element read before
 * that has the same ones: a TABARI or PETRARCH verb's forms stand in each of its
 * hundreds of patterns, a word set in many. Saves memory, and lets the coder remember
 * one element's match at a token for the others (word_matches). Compacts lang->alts. */
static rp_rc share_alts(loader *ld, uint32_t first, uint32_t alt_base)
{
    rpi_lang *l = ld->lang;
    uint32_t to = alt_base;
    for (uint32_t i = first; i < l->nelems; i++) {
        rpi_elem *e = &l->elems[i];
        if (e->kind != RPI_EL_WORD || !e->nalt) continue;
        uint64_t h = UINT64_C(0xcbf29ce484222325) ^ e->nalt;
        for (uint32_t a = 0; a < e->nalt; a++) h = alt_digest(l, &l->alts[e->alt_off + a], h);
        h = rpi_hash(&h, sizeof h); /* the map wants well-mixed low bits */
        uint32_t prev = rpi_map_get(&ld->alt_lists, h);
        int same = prev != RPI_NONE;
        for (uint32_t a = 0; same && a < e->nalt; a++) same = same_alt(l, &l->alts[prev + a], &l->alts[e->alt_off + a]);
        if (same) { e->alt_off = prev; continue; }
        memmove(&l->alts[to], &l->alts[e->alt_off], e->nalt * sizeof *l->alts);
        e->alt_off = to;
        to += e->nalt;
        if (prev == RPI_NONE && rpi_map_put(&ld->alt_lists, h, e->alt_off)) return RP_ENOMEM;
    }
    l->nalts = to;
    return RP_OK;
}

/* "~ OUTER (X Y INNER) = RESULT": a verb-verb transformation (rpi_transform). */
static rp_rc parse_transform_line(loader *ld, char *s)
{
    rpi_lang *l = ld->lang;
    char outer[16], x[4], y[4], inner[16], result[16];
    int n = -1;
    if (sscanf(s, "~ %15s ( %3s %3s %15[^) \t] ) = %15s %n", outer, x, y, inner, result, &n) != 5 || n < 0 || s[n])
        FAIL(ld, "want '~ CODE (a|b|_ b|. CODE|*) = CODE|*'");
    if (strlen(x) != 1 || !strchr("ab_", x[0])) FAIL(ld, "who does the inner verb: 'a', 'b' or '_', not '%s'", x);
    if (strlen(y) != 1 || !strchr("b.", y[0])) FAIL(ld, "the inner verb's target: 'b' or '.', not '%s'", y);
    const char *codes[3] = {outer, inner, result};
    for (int k = 0; k < 3; k++) {
        const char *c = codes[k];
        if (k && !strcmp(c, "*")) continue;
        if (strlen(c) >= 8) FAIL(ld, "event code '%s' is too long", c);
        if (!strcmp(c, "---") && k < 2) continue;
        if (ld->foreign ? !foreign_code_ok(c, strlen(c), 8) : !rpi_cameo_get(ld->dict, c))
            FAIL(ld, "unknown CAMEO code '%s'", c);
    }
    if (RPI_GROW(l->transforms, l->cap_transforms, l->ntransforms + 1)) return RP_ENOMEM;
    rpi_transform *t = &l->transforms[l->ntransforms++];
    memset(t, 0, sizeof *t);
    snprintf(t->outer, sizeof t->outer, "%.7s", outer);
    snprintf(t->inner, sizeof t->inner, "%.7s", inner);
    snprintf(t->result, sizeof t->result, "%.7s", result);
    t->subj = x[0];
    t->obj = y[0];
    const char *base = strrchr(ld->path, '/');
    snprintf(t->id, sizeof t->id, "%s/%s:%u", l->code, base ? base + 1 : ld->path, ld->line);
    return RP_OK;
}

static rp_rc parse_pattern_line(loader *ld, char *s)
{
    rpi_lang *l = ld->lang;
    if (*s == '&') return parse_set_line(ld, s);
    if (*s == '~') return parse_transform_line(ld, s);
    char *save = NULL;
    char *code = strtok_r(s, " \t", &save);
    if (!code) return RP_OK;
    /* CODE, CODE:CODE2 (CODE2 for target -> source), --- (codes nothing), ### (discard) */
    char *code2 = strchr(code, ':');
    if (code2) *code2++ = '\0';
    if (code2 && !*code) code = (char *)"---"; /* ":173": only target -> source */
    for (int k = 0; k < 2; k++) {
        const char *c = k ? code2 : code;
        if (!c) continue;
        if (strlen(c) >= 8) FAIL(ld, "event code '%s' is too long", c);
        if (!strcmp(c, "---") || (!k && !code2 && !strcmp(c, "###"))) continue;
        if (ld->foreign ? !foreign_code_ok(c, strlen(c), 8) : !rpi_cameo_get(ld->dict, c))
            FAIL(ld, "unknown CAMEO code '%s'", c);
    }
    if (RPI_GROW(l->patterns, l->cap_patterns, l->npatterns + 1)) return RP_ENOMEM;
    rpi_pattern *p = &l->patterns[l->npatterns];
    memset(p, 0, sizeof *p);
    snprintf(p->code, sizeof p->code, "%s", code);
    if (code2) snprintf(p->code2, sizeof p->code2, "%s", code2);
    p->elem_off = (uint32_t)l->nelems;
    p->order = (uint32_t)l->npatterns;
    const char *base = strrchr(ld->path, '/');
    snprintf(p->id, sizeof p->id, "%s/%s:%u", l->code, base ? base + 1 : ld->path, ld->line);
    p->file = ld->file;
    p->line = ld->line;
    uint32_t alt_base = (uint32_t)l->nalts;
    int nsrc = 0, ntgt = 0;
    uint32_t anchor = RPI_NONE;
    rp_rc rc;
    char *tok;
    while ((tok = strtok_r(NULL, " \t", &save))) {
        if (*tok == '@') {
            if (!strcmp(tok, "@weak")) p->flags |= RPI_PAT_WEAK;
            else if (!strcmp(tok, "@mutual")) p->flags |= RPI_PAT_MUTUAL;
            else if (!strcmp(tok, "@group")) p->flags |= RPI_PAT_GROUP;
            else if (!strcmp(tok, "@subordinate")) p->flags |= RPI_PAT_WEAK | RPI_PAT_SUBORDINATE;
            else if (!strcmp(tok, "@verb")) p->flags |= RPI_PAT_VERB;
            else if (!strcmp(tok, "@dominant")) p->flags |= RPI_PAT_DOMINANT;
            else if (!strcmp(tok, "@discard")) { /* '#' starts a comment: "###" in our files */
                if (strcmp(p->code, "---")) FAIL(ld, "@discard goes with the code ---");
                snprintf(p->code, sizeof p->code, "###");
            }
            else FAIL(ld, "unknown flag '%s' (known: @weak, @subordinate, @dominant, @mutual, @group, @discard, @verb)", tok);
            continue;
        }
        if (p->flags) FAIL(ld, "'%s' after a flag: flags go last", tok);
        int join = 0;
        if (*tok == '_' && tok[1]) { /* '_ELEMENT': right after the element before */
            if (l->nelems == p->elem_off) FAIL(ld, "'_' on the first element");
            join = 1;
            tok++;
        }
        if (*tok == '>' && tok[1]) { /* '>ELEMENT': look the pattern up by this (rare) word */
            if (anchor != RPI_NONE) FAIL(ld, "at most one '>' element");
            anchor = (uint32_t)(l->nelems - p->elem_off);
            tok++;
            if (*tok == '$' || *tok == '+' || *tok == '^') FAIL(ld, "'>' marks a word, not a slot");
        }
        if (join && (*tok == '$' || *tok == '+' || *tok == '^')) FAIL(ld, "'_' joins words, not slots");
        if (*tok == '^') { /* an actor the pattern passes over: neither source nor target */
            if (tok[1]) FAIL(ld, "bad slot '%s' ('^' stands alone)", tok);
            if ((rc = add_elem(ld, RPI_EL_SKIP, 0))) return rc;
            continue;
        }
        if ((*tok == '$' || *tok == '+') && (!tok[1] || (strlen(tok) == 4 && rp_actor_code_valid(tok + 1, 3)))) {
            if ((rc = add_elem(ld, *tok == '$' ? RPI_EL_SOURCE : RPI_EL_TARGET, 0))) return rc;
            memcpy(l->elems[l->nelems - 1].sector, tok + 1, strlen(tok + 1) + 1);
            if (*tok == '$') nsrc++; else ntgt++;
            continue;
        }
        if (*tok == '{') {
            /* alternatives, possibly spanning several strtok pieces */
            if ((rc = add_elem(ld, RPI_EL_WORD, join))) return rc;
            uint32_t ei = (uint32_t)l->nelems - 1;
            char *w = tok + 1;
            int closed = 0;
            /* forms of one word ("{=depart =departs =departed}"): each exact, each starting
               with the first one less its last letter */
            char stem[64] = "";
            int forms = 1;
            for (;;) {
                size_t wl = strlen(w);
                if (wl && w[wl - 1] == '}') { w[--wl] = '\0'; closed = 1; }
                if (*w == '&') {
                    forms = 0;
                    if ((rc = add_set_alts(ld, w + 1, &l->elems[ei].nalt))) return rc;
                } else if (*w) {
                    if (strchr(w, '{')) FAIL(ld, "bad alternative '%s'", w);
                    if (*w != '=' || strchr(w, '_') || wl < 3) forms = 0;
                    else if (!stem[0] && wl - 2 < sizeof stem) snprintf(stem, sizeof stem, "%.*s", (int)(wl - 2), w + 1);
                    else if (!stem[0] || strncmp(w + 1, stem, strlen(stem))) forms = 0;
                    if ((rc = add_multi_alt(ld, w))) return rc;
                    l->elems[ei].nalt++;
                }
                if (closed) break;
                w = strtok_r(NULL, " \t", &save);
                if (!w) FAIL(ld, "'{' without '}'");
            }
            if (!l->elems[ei].nalt) FAIL(ld, "empty '{}'");
            l->elems[ei].forms = forms && stem[0];
            continue;
        }
        if (*tok == '&') {
            if ((rc = add_elem(ld, RPI_EL_WORD, join))) return rc;
            if ((rc = add_set_alts(ld, tok + 1, &l->elems[l->nelems - 1].nalt))) return rc;
            continue;
        }
        if (strchr(tok, '}')) FAIL(ld, "'}' without '{'");
        if (*tok == '$' || *tok == '+') FAIL(ld, "bad slot '%s' (want $, +, or a sector such as +GOV)", tok);
        /* a_b_c: adjacent words */
        int first = 1;
        char *save2 = NULL;
        for (char *w = strtok_r(tok, "_", &save2); w; w = strtok_r(NULL, "_", &save2)) {
            if ((rc = add_word_elems(ld, w, !first || join))) return rc;
            first = 0;
        }
        if (first) FAIL(ld, "bad element '%s'", tok);
    }
    p->nelem = (uint32_t)(l->nelems - p->elem_off);
    if (nsrc > 1 || ntgt > 1) FAIL(ld, "at most one '$' and one '+'");
    p->first_lit = RPI_NONE;
    for (uint32_t i = 0; i < p->nelem; i++) {
        rpi_elem *e = &l->elems[p->elem_off + i];
        if (e->kind == RPI_EL_WORD) {
            p->nliteral++;
            if (p->first_lit == RPI_NONE) p->first_lit = i;
        }
    }
    if (!p->nliteral) FAIL(ld, "a pattern needs at least one word");
    if (anchor != RPI_NONE) p->first_lit = anchor;
    if ((rc = share_alts(ld, p->elem_off, alt_base))) return rc;
    for (uint32_t i = 0; i < p->nelem; i++) {
        rpi_elem *e = &l->elems[p->elem_off + i];
        if (e->kind == RPI_EL_WORD && (e->nalt == 1 || e->forms)) p->nspecific++;
        memset(e->bloom, 0, sizeof e->bloom);
        memset(e->f2, 0, sizeof e->f2);
        e->has_prefix = 0;
        e->f2_any = 0;
        for (uint32_t a = 0; a < e->nalt; a++) {
            const rpi_alt *al = &l->alts[e->alt_off + a];
            unsigned b = (unsigned)(al->hash >> 56);
            e->bloom[b >> 6] |= UINT64_C(1) << (b & 63);
            e->f2[al->f2 >> 6] |= UINT64_C(1) << (al->f2 & 63);
            if (al->f2_any) e->f2_any = 1;
            if (al->plen) e->has_prefix = 1;
        }
    }
    /* index under each alternative of the anchor word; with a second word whose first
       bytes are known, under (anchor, each digest of that word) instead: the word with
       the fewest digests, three-byte ones (rarer in a sentence) before two-byte ones */
    rpi_elem *fe = &l->elems[p->elem_off + p->first_lit];
    unsigned dig2[8], ndig2 = 0, best_score = ~0u;
    /* (only for TABARI's and PETRARCH's verbs, with hundreds of patterns each; ours have a
       few per word, tried faster directly) */
    for (uint32_t i = 0; ld->foreign && i < p->nelem; i++) {
        const rpi_elem *e = &l->elems[p->elem_off + i];
        if (i == p->first_lit || e->kind != RPI_EL_WORD || e->f2_any) continue;
        unsigned ds[8], n = 0, two = 0, ok = 1;
        for (uint32_t a = 0; a < e->nalt && ok; a++) {
            unsigned d = rpi_alt_digest(&l->alts[e->alt_off + a]), k = 0;
            while (k < n && ds[k] != d) k++;
            if (k < n) continue;
            if (n == 8) ok = 0;
            else { ds[n++] = d; two |= d >= 4096; }
        }
        if (!ok || n * 2 + two >= best_score) continue;
        best_score = n * 2 + two;
        memcpy(dig2, ds, n * sizeof *ds);
        ndig2 = n;
    }
    /* the digests the sentence must have (rpi_link.req) */
    rpi_link sig = {0, 0, {RPI_NO_DIGEST, RPI_NO_DIGEST, RPI_NO_DIGEST}, 0};
    unsigned nreq = 0;
    for (uint32_t i = 0; i < p->nelem; i++) {
        const rpi_elem *e = &l->elems[p->elem_off + i];
        if (i == p->first_lit || e->kind != RPI_EL_WORD || e->f2_any) continue;
        unsigned d = rpi_alt_digest(&l->alts[e->alt_off]);
        int one = 1;
        for (uint32_t a = 1; a < e->nalt && one; a++) one = rpi_alt_digest(&l->alts[e->alt_off + a]) == d;
        if (!one || nreq == RPI_LINK_REQ) sig.more = 1;
        else sig.req[nreq++] = (uint16_t)d;
    }
    for (uint32_t a = 0; a < fe->nalt; a++) {
        uint64_t key = l->alts[fe->alt_off + a].hash;
        const rpi_alt *fa = &l->alts[fe->alt_off + a];
        if (fa->plen) {
            l->pattern_prefix_lens |= UINT64_C(1) << fa->plen;
            if (fa->f3_ok) rpi_lens_f3_set(l->pattern_lens_f3, fa->f3, fa->plen);
        }
        uint32_t an = rpi_map_get(&l->pattern_index, key);
        if (an == RPI_NONE) {
            if (RPI_GROW(l->anchors, l->cap_anchors, l->nanchors + 1)) return RP_ENOMEM;
            an = (uint32_t)l->nanchors;
            if (rpi_map_put(&l->pattern_index, key, an)) return RP_ENOMEM;
            l->anchors[l->nanchors++] = (rpi_anchor){RPI_NONE, RPI_NONE};
        }
        rpi_anchor *anc = &l->anchors[an];
        if (ndig2 && anc->digs == RPI_NONE) {
            if (RPI_GROW(l->anchor_digs, l->cap_anchor_digs, l->nanchor_digs + 1)) return RP_ENOMEM;
            memset(&l->anchor_digs[l->nanchor_digs], 0, sizeof *l->anchor_digs);
            anc->digs = (uint32_t)l->nanchor_digs++;
        }
        for (unsigned d = 0; d < ndig2 || (!ndig2 && !d); d++) {
            uint64_t k = ndig2 ? rpi_key2(key, dig2[d]) : key;
            if (RPI_GROW(l->links, l->cap_links, l->nlinks + 1)) return RP_ENOMEM;
            l->links[l->nlinks] = sig;
            l->links[l->nlinks].pattern = (uint32_t)l->npatterns;
            if (ndig2) {
                l->links[l->nlinks].next = rpi_map_get(&l->pattern_index2, k);
                if (rpi_map_put(&l->pattern_index2, k, (uint32_t)l->nlinks)) return RP_ENOMEM;
                l->anchor_digs[anc->digs].bits[dig2[d] >> 6] |= UINT64_C(1) << (dig2[d] & 63);
                l->anchor_digs[anc->digs].words[dig2[d] >> 12] |= UINT64_C(1) << (dig2[d] >> 6 & 63);
            } else {
                l->links[l->nlinks].next = anc->link;
                anc->link = (uint32_t)l->nlinks;
            }
            l->nlinks++;
            if (!ndig2) break;
        }
    }
    l->npatterns++;
    return RP_OK;
}

/* ---- folders ---- */

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

typedef rp_rc (*line_fn)(loader *ld, char *line);

static rp_rc load_file_lines(loader *ld, const char *path, line_fn fn)
{
    rp_rc rc = add_file(ld, path);
    if (rc) return rc;
    lines L;
    if ((rc = read_file(ld, path, &L))) return rc;
    char *s;
    while (!rc && (s = next_line(&L, &ld->line)))
        if (*s) rc = fn(ld, s);
    rpi_free(L.data);
    return rc;
}

/* Load every *.txt of dir in name order; a missing dir is fine when optional. */
static rp_rc load_folder(loader *ld, const char *dir, line_fn fn, int optional)
{
    DIR *d = opendir(dir);
    if (!d) {
        if (optional && errno == ENOENT) return RP_OK;
        rpi_errf(&ld->dict->err, "%s: cannot open folder: %s", dir, strerror(errno));
        return RP_EIO;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    rp_rc rc = RP_OK;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".txt") || e->d_name[0] == '.') continue;
        if (RPI_GROW(names, cap, n + 1)) { rc = RP_ENOMEM; break; }
        if (!(names[n] = rpi_strndup(e->d_name, l))) { rc = RP_ENOMEM; break; }
        n++;
    }
    closedir(d);
    if (!rc) qsort(names, n, sizeof *names, cmp_str);
    rpi_buf path = {0};
    for (size_t i = 0; !rc && i < n; i++) {
        path.len = 0;
        if (rpi_buf_printf(&path, "%s/%s", dir, names[i])) { rc = RP_ENOMEM; break; }
        rc = load_file_lines(ld, path.data, fn);
    }
    rpi_buf_free(&path);
    for (size_t i = 0; i < n; i++) rpi_free(names[i]);
    rpi_free(names);
    return rc;
}

rp_rc rpi_loader_open(rp_dict *dict, const char *root, const char *lang, int foreign, loader **out)
{
    *out = NULL;
    if (!dict || !root || !lang || !*lang || strlen(lang) >= 8 || strchr(lang, '/')) return RP_EINVAL;
    if (rpi_dict_lang(dict, lang)) {
        rpi_errf(&dict->err, "language '%s' is already loaded", lang);
        return RP_EINVAL;
    }
    loader *ld = rpi_calloc(1, sizeof *ld);
    if (!ld) return RP_ENOMEM;
    ld->dict = dict;
    ld->foreign = foreign;
    *out = ld;
    rpi_buf *path = &ld->path_buf;
    rp_rc rc;
    if (!dict->ncameo) {
        if (rpi_buf_printf(path, "%s/cameo/codebook.tsv", root)) return RP_ENOMEM;
        if ((rc = load_codebook(ld, path->data))) return rc;
        path->len = 0;
        if (rpi_buf_printf(path, "%s/cameo/names-it.tsv", root)) return RP_ENOMEM;
        if ((rc = load_cameo_names(ld, path->data))) return rc;
        path->len = 0;
        if (rpi_buf_printf(path, "%s/cameo/intent.tsv", root)) return RP_ENOMEM;
        if ((rc = load_cameo_intent(ld, path->data))) return rc;
    }
    if (!(ld->lang = rpi_calloc(1, sizeof(rpi_lang)))) return RP_ENOMEM;
    if (!(ld->lang->name_key_bits = rpi_calloc(RPI_NAME_KEY_BITS / 64, sizeof(uint64_t)))) return RP_ENOMEM;
    memcpy(ld->lang->code, lang, strlen(lang) + 1);
    ld->lang->gap = RPI_GAP;
    ld->lang->foreign = foreign;
    path->len = 0;
    if (rpi_buf_printf(path, "%s/%s/lang.txt", root, lang)) return RP_ENOMEM;
    return load_lang_rules(ld, path->data);
}

rp_rc rpi_loader_close(loader *ld, rp_rc rc)
{
    if (!ld) return rc;
    rp_dict *dict = ld->dict;
    if (!rc) {
        if (RPI_GROW(dict->langs, dict->cap_langs, dict->nlangs + 1)) rc = RP_ENOMEM;
        else { dict->langs[dict->nlangs++] = ld->lang; ld->lang = NULL; }
    }
    if (rc == RP_ENOMEM) rpi_errf(&dict->err, "out of memory while loading dictionaries");
    lang_free(ld->lang);
    if (ld->stemmer) sb_stemmer_delete(ld->stemmer);
    rpi_free(ld->toks.v);
    rpi_normbuf_free(&ld->nb);
    rpi_buf_free(&ld->word);
    rpi_buf_free(&ld->path_buf);
    rpi_map_free(&ld->alt_lists);
    rpi_free(ld);
    return rc;
}

rp_rc rpi_loader_read(loader *ld, const char *path, char **data, size_t *len)
{
    *data = NULL;
    *len = 0;
    rp_rc rc = add_file(ld, path);
    if (rc) return rc;
    lines L;
    if ((rc = read_file(ld, path, &L))) return rc;
    *data = L.data;
    *len = L.len;
    return RP_OK;
}

rp_rc rpi_loader_line(loader *ld, char kind, unsigned line, char *text)
{
    ld->line = line;
    switch (kind) {
    case 'a': return parse_actor_line(ld, text);
    case 'g': return parse_agent_line(ld, text);
    case 'v': return parse_pattern_line(ld, text);
    case 'n': { /* a word of a noun or adjective list (TABARI's <NOUN>, <ADJECTIVE>) */
        rp_rc rc = norm_of(ld, text, strlen(text));
        if (rc) return rc;
        return rpi_map_put(&ld->lang->phrase_words.map, rpi_hash(ld->word.data, ld->word.len), 1) ? RP_ENOMEM : RP_OK;
    }
    default: return RP_EINVAL;
    }
}

void rpi_loader_fail(loader *ld, unsigned line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ld->line = line;
    fail(ld, "%s", msg);
}

const char *rpi_loader_path(const loader *ld) { return ld->path ? ld->path : ""; }

rpi_lang *rpi_loader_lang(rpi_loader *ld) { return ld->lang; }

rp_rc rpi_loader_words(rpi_loader *ld, const char *s, int stem, uint64_t *hashes, size_t max, size_t *n)
{
    *n = 0;
    /* an elided word at the end ("dell'") is cut as it is before a word: "dell'a" */
    size_t len = strlen(s);
    int elided = len && (s[len - 1] == '\'' || (len >= 3 && !memcmp(s + len - 3, "\xe2\x80\x99", 3)));
    char *buf = rpi_malloc(len + 2);
    if (!buf) return RP_ENOMEM;
    memcpy(buf, s, len);
    buf[len] = 'a';
    buf[len + 1] = '\0';
    rp_rc rc = tokens_of(ld, buf, elided ? len + 1 : len);
    size_t ntok = ld->toks.n;
    if (!rc && elided) {
        if (ntok > 1 && ld->toks.v[ntok - 1].start == len) ntok--; /* drop the "a" */
        else rc = tokens_of(ld, s, len), ntok = ld->toks.n;       /* not an elision here */
    }
    for (size_t i = 0; !rc && i < ntok; i++) {
        if (*n >= max) { rc = RP_EINVAL; break; }
        const rpi_rawtok *t = &ld->toks.v[i];
        if ((rc = norm_of(ld, buf + t->start, t->end - t->start))) break;
        hashes[(*n)++] = stem && ld->stemmer ? stem_hash_of(ld, ld->word.data, ld->word.len)
                                             : rpi_hash(ld->word.data, ld->word.len);
    }
    rpi_free(buf);
    return rc;
}

rp_rc rpi_loader_add_pico(loader *ld, const char *code, long value, int primary)
{
    rpi_lang *l = ld->lang;
    if (RPI_GROW(l->pico, l->cap_pico, l->npico + 1)) return RP_ENOMEM;
    struct rpi_pico *e = &l->pico[l->npico++];
    snprintf(e->code, sizeof e->code, "%s", code);
    e->value = value;
    e->primary = primary;
    return RP_OK;
}

rp_rc rpi_loader_add_links(loader *ld, const char *words)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", words);
    return wordset_fill(ld, &ld->lang->link, buf);
}

void rpi_loader_set_rules(loader *ld, int gap, int one_verb, int no_group_pairs, int first_code_only)
{
    ld->lang->first_code_only = first_code_only;
    ld->lang->cameo_codes = first_code_only; /* PETRARCH-2's CAMEO.2.0 codes are CAMEO's */
    ld->lang->gap = gap;
    ld->lang->one_verb = one_verb;
    ld->lang->no_group_pairs = no_group_pairs;
}

rp_rc rp_dict_load(rp_dict *dict, const char *root, const char *lang)
{
    loader *ld;
    rp_rc rc = rpi_loader_open(dict, root, lang, 0, &ld);
    if (rc) return rpi_loader_close(ld, rc);
    rpi_buf *path = &ld->path_buf;
    struct { const char *fmt; const char *a; line_fn fn; int optional; } steps[] = {
        {"%s/common/actors", NULL, parse_actor_line, 1},
        {"%s/%s/actors", lang, parse_actor_line, 0},
        {"%s/%s/agents", lang, parse_agent_line, 1},
        {"%s/%s/verbs", lang, parse_pattern_line, 0},
    };
    for (size_t i = 0; !rc && i < sizeof steps / sizeof *steps; i++) {
        path->len = 0;
        int r = steps[i].a ? rpi_buf_printf(path, steps[i].fmt, root, steps[i].a)
                           : rpi_buf_printf(path, steps[i].fmt, root);
        if (r) { rc = RP_ENOMEM; break; }
        char *dir = rpi_strndup(path->data, path->len);
        if (!dir) { rc = RP_ENOMEM; break; }
        rc = load_folder(ld, dir, steps[i].fn, steps[i].optional);
        rpi_free(dir);
    }
    if (!rc) { /* 6. the context word lists (optional) */
        path->len = 0;
        if (rpi_buf_printf(path, "%s/%s/context", root, lang)) rc = RP_ENOMEM;
        else {
            char *dir = rpi_strndup(path->data, path->len);
            rc = dir ? rpi_ctxlex_load(ld, dir) : RP_ENOMEM;
            rpi_free(dir);
        }
    }
    return rpi_loader_close(ld, rc);
}

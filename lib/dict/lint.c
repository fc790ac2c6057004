/* The dictionary linter (rapporti dict check) and per-language statistics. Loading
 * already refuses malformed lines, unknown CAMEO codes, bad and overlapping dates; the
 * linter looks across lines: duplicate and conflicting names, duplicate and conflicting
 * patterns, people without a code for some dates, agents that are also actors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict_int.h"
#include "../context/lexicon.h"

typedef struct linter {
    const rpi_lang *l;
    rp_lint_cb cb;
    void *user;
    size_t errors, warnings;
} linter;

static void report(linter *lt, int is_error, uint32_t file, uint32_t line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void report(linter *lt, int is_error, uint32_t file, uint32_t line, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (is_error) lt->errors++;
    else lt->warnings++;
    if (lt->cb) lt->cb(lt->user, is_error, file < lt->l->nfiles ? lt->l->files[file] : "?", line, msg);
}

static void name_where(const rpi_lang *l, const rpi_name *n, uint32_t *file, uint32_t *line)
{
    if (n->is_agent) { *file = l->agents[n->target].file; *line = l->agents[n->target].line; }
    else { *file = l->actors[n->target].file; *line = l->actors[n->target].line; }
}

static const char *base(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

static int same_codes(const rpi_lang *l, const rpi_actor *a, const rpi_actor *b)
{
    if (a->pair != b->pair || strcmp(a->pair_sector, b->pair_sector) || a->ncodes != b->ncodes) return 0;
    for (uint32_t i = 0; i < a->ncodes; i++) {
        const rpi_code *x = &l->codes[a->code_off + i], *y = &l->codes[b->code_off + i];
        if (strcmp(x->code, y->code) || x->from != y->from || x->to != y->to) return 0;
    }
    return 1;
}

static rp_rc lint_names(linter *lt)
{
    const rpi_lang *l = lt->l;
    rpi_map seen = {0};
    for (size_t i = 0; i < l->nnames; i++) {
        const rpi_name *n = &l->names[i];
        uint64_t h = rpi_hash(l->name_toks + n->tok_off, n->ntok * sizeof(uint64_t));
        h ^= (uint64_t)n->upper_first * 0xC2B2AE3D27D4EB4Full;
        h ^= (uint64_t)n->gaps * 0x165667B19E3779F9ull; /* "a b" and "a .. b" are different names */
        if (n->exact_off != RPI_NONE) /* exact names differ by their case too */
            h ^= rpi_hash(l->strings.data + n->text_off, strlen(l->strings.data + n->text_off)) * 0x9E3779B97F4A7C15ull;
        uint32_t j = rpi_map_get(&seen, h);
        if (j == RPI_NONE) {
            if (rpi_map_put(&seen, h, (uint32_t)i)) { rpi_map_free(&seen); return RP_ENOMEM; }
            continue;
        }
        const rpi_name *o = &l->names[j];
        uint32_t f, ln, of, oln;
        name_where(l, n, &f, &ln);
        name_where(l, o, &of, &oln);
        const char *text = l->strings.data + n->text_off;
        if (n->is_agent == o->is_agent && n->target == o->target) {
            report(lt, 0, f, ln, "name '%s' is given twice on this line", text);
        } else if (n->is_agent != o->is_agent) {
            report(lt, 0, f, ln, "'%s' is both an agent and an actor (%s:%u); the actor wins", text, base(l->files[of]), oln);
        } else if (n->is_agent) {
            int same = !strcmp(l->agents[n->target].sector, l->agents[o->target].sector);
            report(lt, !same, f, ln, "agent '%s' %s %s:%u", text, same ? "is repeated from" : "has another sector at",
                   base(l->files[of]), oln);
        } else {
            int same = same_codes(l, &l->actors[n->target], &l->actors[o->target]);
            report(lt, !same, f, ln, "name '%s' %s %s:%u", text,
                   same ? "is repeated, with the same codes, from" : "has conflicting codes with", base(l->files[of]), oln);
        }
    }
    rpi_map_free(&seen);
    return RP_OK;
}

static void fmt_date(int d, char out[16])
{
    snprintf(out, 16, "%04d-%02d-%02d", d / 10000 % 10000, d / 100 % 100, d % 100);
}

static int cmp_code_from(const void *a, const void *b)
{
    const rpi_code *x = *(const rpi_code *const *)a, *y = *(const rpi_code *const *)b;
    return (x->from > y->from) - (x->from < y->from);
}

/* A person with dated codes and no default has no code of their own for some dates. */
static void lint_coverage(linter *lt)
{
    const rpi_lang *l = lt->l;
    for (size_t i = 0; i < l->nactors; i++) {
        const rpi_actor *a = &l->actors[i];
        int has_default = 0, dated = 0;
        for (uint32_t k = 0; k < a->ncodes; k++) {
            if (l->codes[a->code_off + k].dated) dated++;
            else has_default = 1;
        }
        if (!dated || has_default) continue;
        const rpi_code *r[64];
        size_t n = 0;
        for (uint32_t k = 0; k < a->ncodes && n < 64; k++) r[n++] = &l->codes[a->code_off + k];
        qsort(r, n, sizeof *r, cmp_code_from);
        char a1[16], a2[16];
        if (r[0]->from > 0) {
            fmt_date(r[0]->from, a1);
            report(lt, 0, a->file, a->line, "no code before %s and no default: falls back to %.3sELI", a1, r[0]->code);
        }
        for (size_t k = 1; k < n; k++)
            if (r[k]->from > r[k - 1]->to + 1) {
                fmt_date(r[k - 1]->to, a1);
                fmt_date(r[k]->from, a2);
                report(lt, 0, a->file, a->line, "no code between %s and %s and no default", a1, a2);
            }
        if (r[n - 1]->to < 99999999) {
            fmt_date(r[n - 1]->to, a1);
            report(lt, 0, a->file, a->line, "no code after %s and no default: falls back to %.3sELI", a1, r[n - 1]->code);
        }
    }
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Same elements (alternatives in any order) = the same pattern. */
static uint64_t pattern_key(const rpi_lang *l, const rpi_pattern *p)
{
    uint64_t key = 0x84222325cbf29ce4ull;
    for (uint32_t e = 0; e < p->nelem; e++) {
        const rpi_elem *el = &l->elems[p->elem_off + e];
        uint64_t alts[256];
        uint32_t n = el->nalt < 256 ? el->nalt : 256;
        for (uint32_t a = 0; a < n; a++) {
            const rpi_alt *alt = &l->alts[el->alt_off + a];
            alts[a] = alt->hash ^ ((uint64_t)alt->ntok << 56) ^ alt->stem;
            for (uint32_t k = 1; k < alt->ntok; k++) alts[a] ^= l->alt_more[alt->more + k - 1].hash * (k + 1);
        }
        qsort(alts, n, sizeof *alts, cmp_u64);
        uint64_t head[3] = {el->kind, el->adjacent, 0};
        memcpy(&head[2], el->sector, sizeof el->sector);
        key = key * 31 + rpi_hash(head, sizeof head);
        key = key * 31 + rpi_hash(alts, n * sizeof *alts);
    }
    return key;
}

static rp_rc lint_patterns(linter *lt)
{
    const rpi_lang *l = lt->l;
    rpi_map seen = {0};
    for (size_t i = 0; i < l->npatterns; i++) {
        const rpi_pattern *p = &l->patterns[i];
        uint64_t k = pattern_key(l, p);
        uint32_t j = rpi_map_get(&seen, k);
        if (j == RPI_NONE) {
            if (rpi_map_put(&seen, k, (uint32_t)i)) { rpi_map_free(&seen); return RP_ENOMEM; }
            continue;
        }
        const rpi_pattern *o = &l->patterns[j];
        int same = !strcmp(p->code, o->code);
        report(lt, !same, p->file, p->line, "pattern %s %s %s:%u%s%s", p->code,
               same ? "repeats" : "has the same words as", base(l->files[o->file]), o->line, same ? "" : ", coded ",
               same ? "" : o->code);
    }
    rpi_map_free(&seen);
    return RP_OK;
}

rp_rc rp_dict_lint(const rp_dict *d, rp_lint_cb cb, void *user, size_t *errors, size_t *warnings)
{
    if (!d) return RP_EINVAL;
    size_t e = 0, w = 0;
    for (size_t i = 0; i < d->nlangs; i++) {
        linter lt = {d->langs[i], cb, user, 0, 0};
        rp_rc rc = lint_names(&lt);
        if (!rc) lint_coverage(&lt);
        if (!rc) rc = lint_patterns(&lt);
        if (rc) return rc;
        e += lt.errors;
        w += lt.warnings;
    }
    /* every code of the codebook named in Italian */
    size_t unnamed = 0;
    for (size_t i = 0; i < d->ncameo; i++)
        if (!d->cameo[i].name_it) unnamed++;
    if (unnamed && cb) {
        char msg[128];
        snprintf(msg, sizeof msg, "%zu CAMEO code(s) have no Italian name (first: %s)", unnamed,
                 d->cameo[0].name_it ? "see names-it.tsv" : d->cameo[0].code);
        cb(user, 0, "cameo/names-it.tsv", 0, msg);
    }
    if (unnamed) w++;
    if (errors) *errors = e;
    if (warnings) *warnings = w;
    return RP_OK;
}

rp_rc rp_dict_lang_stats(const rp_dict *d, const char *lang, rp_lang_stats *st)
{
    const rpi_lang *l = rpi_dict_lang(d, lang);
    if (!l || !st) return RP_EINVAL;
    memset(st, 0, sizeof *st);
    st->actor_entries = l->nactors;
    st->actor_names = l->actor_names;
    st->agents = l->nagents;
    st->agent_names = l->agent_names;
    st->patterns = l->npatterns;
    st->word_sets = l->nsets;
    if (l->ctx) {
        st->tone_positive = l->ctx->tone_pos;
        st->tone_negative = l->ctx->tone_neg;
        for (int k = 0; k < RPI_LX_COUNT; k++) st->context_words += l->ctx->lists[k].n;
    }
    for (size_t i = 0; i < l->nactors; i++)
        for (uint32_t k = 0; k < l->actors[i].ncodes; k++)
            if (l->codes[l->actors[i].code_off + k].dated) { st->dated_actors++; break; }
    rpi_map seen = {0};
    for (size_t i = 0; i < l->npatterns; i++) {
        const char *c = l->patterns[i].code;
        if (c[0] == '-' || c[0] == '#') continue; /* codes nothing, or a discard */
        int root = (c[0] - '0') * 10 + (c[1] - '0');
        if (root >= 1 && root <= 20) st->patterns_per_root[root]++;
        uint64_t h = rpi_hash(c, strlen(c));
        uint32_t n = rpi_map_get(&seen, h);
        if (n == RPI_NONE) {
            if (rpi_map_put(&seen, h, 1)) { rpi_map_free(&seen); return RP_ENOMEM; }
            st->codes++;
            if (root >= 1 && root <= 20) st->codes_per_root[root]++;
        }
    }
    rpi_map_free(&seen);
    return RP_OK;
}

rp_rc rp_dict_code_counts(const rp_dict *d, const char *lang, void (*cb)(void *user, const char *code, size_t n),
                          void *user)
{
    const rpi_lang *l = rpi_dict_lang(d, lang);
    if (!l || !cb) return RP_EINVAL;
    for (size_t c = 0; c < d->ncameo; c++) {
        size_t n = 0;
        for (size_t i = 0; i < l->npatterns; i++)
            if (!strcmp(l->patterns[i].code, d->cameo[c].code)) n++;
        cb(user, d->cameo[c].code, n);
    }
    return RP_OK;
}

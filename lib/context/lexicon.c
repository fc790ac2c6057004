/* Loading and matching the context word lists (lexicon.h): words.txt is "key: phrase |
 * phrase = value | ...", tone.txt is "word<TAB>+" or "word<TAB>-" (docs/context.md). */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lexicon.h"
#include "rapporti/text.h"

#define MAX_PHRASE_TOKENS 8

/* What each key of words.txt holds: its list, whether values are numbers (and their
 * range), text, or absent, and whether it is matched on stems. */
static const struct key_spec {
    const char *key;
    int list;
    char value;         /* 'n' number, 't' text, '-' none */
    long long lo, hi;   /* range of numbers */
    int stem;
} keys[] = {
    {"months", RPI_LX_MONTHS, 'n', 1, 12, 0},
    {"weekdays", RPI_LX_WEEKDAYS, 'n', 1, 7, 0},
    {"seasons", RPI_LX_SEASONS, 't', 0, 0, 0},
    {"days", RPI_LX_DAYS, 'n', -7, 7, 0},
    {"periods", RPI_LX_PERIODS, 't', 0, 0, 0},
    {"last", RPI_LX_LAST, '-', 0, 0, 0},
    {"next", RPI_LX_NEXT, '-', 0, 0, 0},
    {"this", RPI_LX_THIS, '-', 0, 0, 0},
    {"ago", RPI_LX_AGO, '-', 0, 0, 0},
    {"after", RPI_LX_AFTER, '-', 0, 0, 0},
    {"by", RPI_LX_BY, '-', 0, 0, 0},
    {"end", RPI_LX_END, '-', 0, 0, 0},
    {"start", RPI_LX_START, '-', 0, 0, 0},
    {"numbers", RPI_LX_NUMBERS, 'n', 0, 1000, 0},
    {"percent", RPI_LX_PERCENT, '-', 0, 0, 0},
    {"multipliers", RPI_LX_MULTIPLIERS, 'n', 10, 1000000000000LL, 0},
    {"currencies", RPI_LX_CURRENCIES, 't', 0, 0, 0},
    {"units", RPI_LX_UNITS, 't', 0, 0, 0},
    {"of", RPI_LX_OF, '-', 0, 0, 0},
    {"change-by", RPI_LX_CHANGE_BY, '-', 0, 0, 0},
    {"speech", RPI_LX_SPEECH, '-', 0, 0, 1},
    {"according", RPI_LX_ACCORDING, '-', 0, 0, 0},
    {"not-places", RPI_LX_NOT_PLACES, '-', 0, 0, 0},
    {"increase", RPI_LX_INCREASE, '-', 0, 0, 1},
    {"decrease", RPI_LX_DECREASE, '-', 0, 0, 1},
    {"places", RPI_LX_PLACES, 'n', 1, 4294967295LL, 0},
    {"object-stop", RPI_LX_OBJECT_STOP, '-', 0, 0, 0},
    {"year-after", RPI_LX_YEAR_AFTER, '-', 0, 0, 0},
    {"future", RPI_LX_FUTURE, '-', 0, 0, 0},
    {"range-to", RPI_LX_RANGE_TO, '-', 0, 0, 0},
    {"middle", RPI_LX_MIDDLE, '-', 0, 0, 0},
    {"half", RPI_LX_HALF, '-', 0, 0, 0},
    {"place-adjectives", RPI_LX_PLACE_ADJECTIVES, '-', 0, 0, 0},
    {"quarters", RPI_LX_QUARTERS, 'n', 1, 4, 0},
    {"capital", RPI_LX_CAPITAL, '-', 0, 0, 0},
};

/* Text values allowed for the keys that have a closed set. */
static int text_value_ok(int list, const char *v)
{
    static const char *const seasons[] = {"spring", "summer", "autumn", "winter", NULL};
    static const char *const periods[] = {"day", "week", "month", "year", "weekend", NULL};
    const char *const *set = list == RPI_LX_SEASONS ? seasons : list == RPI_LX_PERIODS ? periods : NULL;
    if (!set) {
        if (!*v || strlen(v) >= sizeof ((rpi_phrase *)0)->sval) return 0;
        for (const char *p = v; *p; p++)
            if (!isalnum((unsigned char)*p) && *p != '/' && *p != '.') return 0;
        return 1;
    }
    for (; *set; set++)
        if (!strcmp(*set, v)) return 1;
    return 0;
}

void rpi_ctxlex_free(rpi_ctxlex *lx)
{
    if (!lx) return;
    for (int i = 0; i < RPI_LX_COUNT; i++) {
        rpi_free(lx->lists[i].v);
        rpi_free(lx->lists[i].toks);
        rpi_map_free(&lx->lists[i].first);
    }
    rpi_map_free(&lx->tone);
}

static rp_rc add_phrase(rpi_loader *ld, rpi_wordlist *w, unsigned line, const char *text, int64_t num, const char *sval)
{
    uint64_t h[MAX_PHRASE_TOKENS];
    size_t n;
    rp_rc rc = rpi_loader_words(ld, text, w->stem, h, MAX_PHRASE_TOKENS, &n);
    if (rc == RP_EINVAL) { rpi_loader_fail(ld, line, "'%s': more than %d words", text, MAX_PHRASE_TOKENS); return RP_EPARSE; }
    if (rc) return rc;
    if (!n) { rpi_loader_fail(ld, line, "empty entry"); return RP_EPARSE; }
    /* the same phrase twice in one list is a mistake; in a list matched by stems, forms
       of one word ("aumentare", "aumentato") are one entry */
    for (uint32_t k = rpi_map_get(&w->first, h[0]); k != RPI_NONE; k = w->v[k].next)
        if (w->v[k].ntok == n && !memcmp(w->toks + w->v[k].tok_off, h, n * sizeof *h)) {
            if (w->stem) return RP_OK;
            rpi_loader_fail(ld, line, "'%s' is in this list twice", text);
            return RP_EPARSE;
        }
    if (RPI_GROW(w->v, w->cap, w->n + 1) || RPI_GROW(w->toks, w->cap_toks, w->ntoks + n)) return RP_ENOMEM;
    rpi_phrase *p = &w->v[w->n];
    memset(p, 0, sizeof *p);
    p->tok_off = (uint32_t)w->ntoks;
    p->ntok = (uint32_t)n;
    p->value = num;
    if (sval) snprintf(p->sval, sizeof p->sval, "%s", sval);
    memcpy(w->toks + w->ntoks, h, n * sizeof *h);
    w->ntoks += n;
    w->bloom[(h[0] >> 6) & 15] |= UINT64_C(1) << (h[0] & 63);
    p->next = rpi_map_get(&w->first, h[0]);
    if (rpi_map_put(&w->first, h[0], (uint32_t)w->n)) return RP_ENOMEM;
    w->n++;
    return RP_OK;
}

static rp_rc words_line(rpi_loader *ld, rpi_ctxlex *lx, unsigned line, char *s)
{
    char *colon = strchr(s, ':');
    if (!colon) { rpi_loader_fail(ld, line, "want 'key: entry | entry ...'"); return RP_EPARSE; }
    *colon = '\0';
    char *key = rpi_trim(s), *vals = rpi_trim(colon + 1);
    if (!strcmp(key, "future-endings")) { /* kept as text: a word's end is not a word */
        char *save = NULL;
        for (char *e = strtok_r(vals, "|", &save); e; e = strtok_r(NULL, "|", &save)) {
            e = rpi_trim(e);
            if (!*e || strlen(e) >= sizeof lx->endings[0] || lx->nendings >= 16) {
                rpi_loader_fail(ld, line, "future-endings: at most 16 endings of at most 11 bytes");
                return RP_EPARSE;
            }
            snprintf(lx->endings[lx->nendings++], sizeof lx->endings[0], "%s", e);
        }
        return RP_OK;
    }
    if (!strcmp(key, "adjectives")) {
        if (strcmp(vals, "before") && strcmp(vals, "after")) { rpi_loader_fail(ld, line, "adjectives: want 'before' or 'after' (the noun)"); return RP_EPARSE; }
        lx->adjectives_before = !strcmp(vals, "before");
        return RP_OK;
    }
    if (!strcmp(key, "decimal")) {
        if (strcmp(vals, ",") && strcmp(vals, ".")) { rpi_loader_fail(ld, line, "decimal: want ',' or '.'"); return RP_EPARSE; }
        lx->decimal = vals[0];
        return RP_OK;
    }
    const struct key_spec *ks = NULL;
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        if (!strcmp(keys[i].key, key)) ks = &keys[i];
    if (!ks) { rpi_loader_fail(ld, line, "unknown key '%s'", key); return RP_EPARSE; }
    rpi_wordlist *w = &lx->lists[ks->list];
    w->stem = ks->stem;
    char *save = NULL;
    for (char *e = strtok_r(vals, "|", &save); e; e = strtok_r(NULL, "|", &save)) {
        char *eq = strrchr(e, '=');
        char *val = NULL;
        if (eq) { *eq = '\0'; val = rpi_trim(eq + 1); }
        char *text = rpi_trim(e);
        if (!*text) { rpi_loader_fail(ld, line, "empty entry in '%s'", key); return RP_EPARSE; }
        int64_t num = 0;
        if (ks->value == '-' && val) { rpi_loader_fail(ld, line, "'%s' takes no values ('%s = %s')", key, text, val); return RP_EPARSE; }
        if (ks->value != '-' && (!val || !*val)) { rpi_loader_fail(ld, line, "'%s' needs a value: '%s = ...'", key, text); return RP_EPARSE; }
        if (ks->value == 'n') {
            char *end;
            errno = 0;
            long long v = strtoll(val, &end, 10);
            if (errno || *end || v < ks->lo || v > ks->hi) {
                rpi_loader_fail(ld, line, "'%s = %s': want a whole number from %lld to %lld", text, val, ks->lo, ks->hi);
                return RP_EPARSE;
            }
            num = v;
            val = NULL;
        } else if (ks->value == 't' && !text_value_ok(ks->list, val)) {
            rpi_loader_fail(ld, line, "'%s = %s': not a value of '%s'", text, val, key);
            return RP_EPARSE;
        }
        rp_rc rc = add_phrase(ld, w, line, text, num, val);
        if (rc) return rc;
    }
    return RP_OK;
}

static rp_rc tone_line(rpi_loader *ld, rpi_ctxlex *lx, unsigned line, char *s)
{
    char *tab = strchr(s, '\t');
    if (!tab || (strcmp(tab + 1, "+") && strcmp(tab + 1, "-"))) {
        rpi_loader_fail(ld, line, "want 'word<TAB>+' or 'word<TAB>-'");
        return RP_EPARSE;
    }
    *tab = '\0';
    int pol = tab[1] == '+' ? 1 : 2;
    uint64_t h[2];
    size_t n;
    rp_rc rc = rpi_loader_words(ld, s, 1, h, 2, &n);
    if (rc && rc != RP_EINVAL) return rc;
    if (rc || n != 1) { rpi_loader_fail(ld, line, "'%s': one word per line", s); return RP_EPARSE; }
    uint32_t old = rpi_map_get(&lx->tone, h[0]);
    if (old != RPI_NONE && (old & 3) != (uint32_t)pol) {
        rpi_loader_fail(ld, line, "'%s' has the stem of line %u, of the other polarity", s, old >> 2);
        return RP_EPARSE;
    }
    if (old != RPI_NONE) return RP_OK; /* another form of the same stem */
    if (rpi_map_put(&lx->tone, h[0], (uint32_t)pol | (line << 2))) return RP_ENOMEM;
    if (pol == 1) lx->tone_pos++;
    else lx->tone_neg++;
    return RP_OK;
}

static rp_rc load_one(rpi_loader *ld, rpi_ctxlex *lx, const char *dir, const char *name, int tone)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    struct stat st;
    if (stat(path, &st)) return RP_OK;
    char *data;
    size_t len;
    rp_rc rc = rpi_loader_read(ld, path, &data, &len);
    if (rc) return rc;
    unsigned lineno = 0;
    for (char *s = data, *nl; !rc && s < data + len; s = nl + 1) {
        nl = memchr(s, '\n', (size_t)(data + len - s));
        if (!nl) nl = data + len;
        *nl = '\0';
        lineno++;
        char *hash = strchr(s, '#');
        if (hash) *hash = '\0';
        if (tone) { /* keep the TAB: trim spaces only at the ends */
            size_t n = strlen(s);
            while (n && (s[n - 1] == ' ' || s[n - 1] == '\r')) s[--n] = '\0';
            if (!n) continue;
            rc = tone_line(ld, lx, lineno, s);
        } else {
            char *t = rpi_trim(s);
            if (!*t) continue;
            rc = words_line(ld, lx, lineno, t);
        }
    }
    rpi_free(data);
    return rc;
}

rp_rc rpi_ctxlex_load(rpi_loader *ld, const char *dir)
{
    struct stat st;
    if (stat(dir, &st) || !S_ISDIR(st.st_mode)) return RP_OK;
    rpi_lang *l = rpi_loader_lang(ld);
    rpi_ctxlex *lx = rpi_calloc(1, sizeof *lx);
    if (!lx) return RP_ENOMEM;
    lx->decimal = '.';
    l->ctx = lx;
    rp_rc rc = load_one(ld, lx, dir, "words.txt", 0);
    if (!rc) rc = load_one(ld, lx, dir, "tone.txt", 1);
    static const int starters[] = {RPI_LX_BY, RPI_LX_END, RPI_LX_START, RPI_LX_DAYS, RPI_LX_MONTHS, RPI_LX_NEXT,
                                   RPI_LX_LAST, RPI_LX_THIS, RPI_LX_WEEKDAYS, RPI_LX_PERIODS, RPI_LX_SEASONS,
                                   RPI_LX_AFTER, RPI_LX_NUMBERS, RPI_LX_MIDDLE, RPI_LX_QUARTERS};
    for (size_t i = 0; i < sizeof starters / sizeof *starters; i++)
        for (int k = 0; k < 16; k++) lx->date_bloom[k] |= lx->lists[starters[i]].bloom[k];
    return rc;
}

uint32_t rpi_wordlist_match(const rpi_wordlist *w, const rp_doc *doc, uint32_t i, uint32_t end, uint32_t *after)
{
    if (!w->n || i >= end) return RPI_NONE;
    const rp_token *t = rp_doc_token(doc, i);
    uint64_t h = w->stem ? t->stem_hash : t->form_hash;
    if (!(w->bloom[(h >> 6) & 15] & (UINT64_C(1) << (h & 63)))) return RPI_NONE;
    uint32_t best = RPI_NONE, best_n = 0;
    for (uint32_t k = rpi_map_get(&w->first, h); k != RPI_NONE; k = w->v[k].next) {
        const rpi_phrase *p = &w->v[k];
        if (p->ntok <= best_n || i + p->ntok > end) continue;
        uint32_t j = 1;
        for (; j < p->ntok; j++) {
            const rp_token *u = rp_doc_token(doc, i + j);
            if ((w->stem ? u->stem_hash : u->form_hash) != w->toks[p->tok_off + j]) break;
        }
        if (j == p->ntok) { best = k; best_n = p->ntok; }
    }
    if (best != RPI_NONE && after) *after = i + best_n;
    return best;
}

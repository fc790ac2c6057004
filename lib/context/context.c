/* The context stage (rapporti/context.h). Phases of rp_context_analyze, in order:
 * 1. tone (word counts against the polarity lexicon); 2. actor mentions of every
 * sentence (the coder's); 3. dates (their tokens are not amounts); 4. amounts;
 * 5. places: gazetteer names, countries after a place preposition, the dateline;
 * 6. quotes and their speakers. */
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "gazetteer.h"
#include "lexicon.h"
#include "../text/text_int.h"
#include "rapporti/code.h"
#include "rapporti/context.h"

#define QUOTE_MAX_BYTES 4000   /* a quotation longer than this is a stray mark */
#define QUOTE_MIN_WORDS 3      /* shorter ones are scare quotes ("lo “Zar”") */
#define SPEAKER_AFTER 3        /* tokens after a verb of saying where the speaker may be */
#define CHANGE_WINDOW 10       /* tokens before an amount where an increase verb counts */
#define NAMED_COUNTRY_WEIGHT 5 /* a namesake in a country the article names: population x5 */
#define OPENING_MIN_POP 100000 /* a one-word city opening a sentence or a quotation must be
                                  this big ("Donna, vita, libertà" is no Texan town) */

/* One name of the gazetteer as tokens of a language. */
typedef struct gaz_name {
    uint32_t tok_off, ntok;    /* form hashes in gaz_index.toks */
    uint32_t city;             /* index in rpi_cities */
    uint32_t next;             /* next name with the same first token */
} gaz_name;

typedef struct gaz_index {
    gaz_name *v; size_t n, cap;
    uint64_t *toks; size_t ntoks, cap_toks;
    rpi_map first;             /* first token hash -> first name */
} gaz_index;

typedef struct ment {
    size_t sentence;
    rp_mention m;
} ment;

struct rp_context {
    const rp_dict *dict;
    rpi_tokens toks; rpi_normbuf nb; rpi_buf word; /* scratch for names */
    const rp_doc *doc;
    const rpi_lang *lang;
    const rpi_ctxlex *lx;      /* NULL: the language has no context word lists */
    int date;                  /* the document's date, YYYYMMDD */
    ment *ms; size_t nms, cap_ms;
    rp_place *places; size_t nplaces, cap_places;
    rp_place *countries; size_t ncountries, cap_countries; /* every country named (not places
                                  unless after "in"): where a visit to it happens */
    rp_quote *quotes; size_t nquotes, cap_quotes;
    rp_amount *amounts; size_t namounts, cap_amounts;
    rp_when *dates; size_t ndates, cap_dates;
    uint8_t *used; size_t cap_used;          /* per token: part of a date */
    uint8_t named[26 * 26 * 26 / 8 + 1];     /* bit per country code the document names */
    size_t dateline;                         /* index of the dateline place, SIZE_MAX if none */
    rp_tone tone;
};

rp_context *rp_context_new(const rp_dict *dict)
{
    if (!dict) return NULL;
    rp_context *c = rpi_calloc(1, sizeof *c);
    if (c) c->dict = dict;
    return c;
}

void rp_context_free(rp_context *c)
{
    if (!c) return;
    rpi_free(c->toks.v);
    rpi_normbuf_free(&c->nb);
    rpi_buf_free(&c->word);
    rpi_free(c->ms);
    rpi_free(c->places);
    rpi_free(c->countries);
    rpi_free(c->quotes);
    rpi_free(c->amounts);
    rpi_free(c->dates);
    rpi_free(c->used);
    rpi_free(c);
}

size_t rp_context_place_count(const rp_context *c) { return c ? c->nplaces : 0; }
const rp_place *rp_context_place(const rp_context *c, size_t i) { return c && i < c->nplaces ? &c->places[i] : NULL; }
size_t rp_context_quote_count(const rp_context *c) { return c ? c->nquotes : 0; }
const rp_quote *rp_context_quote(const rp_context *c, size_t i) { return c && i < c->nquotes ? &c->quotes[i] : NULL; }
size_t rp_context_amount_count(const rp_context *c) { return c ? c->namounts : 0; }
const rp_amount *rp_context_amount(const rp_context *c, size_t i) { return c && i < c->namounts ? &c->amounts[i] : NULL; }
size_t rp_context_date_count(const rp_context *c) { return c ? c->ndates : 0; }
const rp_when *rp_context_date(const rp_context *c, size_t i) { return c && i < c->ndates ? &c->dates[i] : NULL; }
const rp_tone *rp_context_tone(const rp_context *c) { return c ? &c->tone : NULL; }

/* ---- calendar ---- */

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
static int month_days(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : d[m - 1];
}
static int ymd(int y, int m, int d) { return y * 10000 + m * 100 + d; }

/* Days since 1970-01-01 of a civil date, and back (Howard Hinnant's algorithms). */
static long days_of(int v)
{
    int y = v / 10000, m = v / 100 % 100, d = v % 100;
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}
static int date_of(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1);
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    return ymd((int)(y + (m <= 2)), m, d);
}
static int add_days(int v, long n) { return date_of(days_of(v) + n); }
static int weekday(int v) { long z = days_of(v); return (int)(((z + 3) % 7 + 7) % 7) + 1; } /* 1 Monday .. 7 */

static int add_months(int v, int n)
{
    int y = v / 10000, m = v / 100 % 100 - 1 + n;
    y += m >= 0 ? m / 12 : -((11 - m) / 12);
    m = ((m % 12) + 12) % 12 + 1;
    return ymd(y, m, 1);
}

void rp_date_format(int v, char out[11])
{
    char buf[48];
    if (v < 0) v = 0;
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", v / 10000 % 10000, v / 100 % 100, v % 100);
    memcpy(out, buf, 10);
    out[10] = '\0';
}

/* ---- tokens ---- */

static const rp_token *tok(const rp_context *c, uint32_t i) { return rp_doc_token(c->doc, i); }
static int tok_in(const rpi_wordset *s, const rp_token *t) { return rpi_wordset_has(s, t->form_hash); }

static int list_at(const rp_context *c, int list, uint32_t i, uint32_t end, uint32_t *after, const rpi_phrase **p)
{
    if (!c->lx) return 0;
    const rpi_wordlist *w = &c->lx->lists[list];
    uint32_t k = rpi_wordlist_match(w, c->doc, i, end, after);
    if (k == RPI_NONE) return 0;
    if (p) *p = &w->v[k];
    return 1;
}

/* Does a phrase of the list end just before token i (within the three tokens before)? */
static int ends_at(const rp_context *c, int list, uint32_t i)
{
    for (uint32_t k = 1; k <= 3 && k <= i; k++) {
        uint32_t after;
        if (list_at(c, list, i - k, i, &after, NULL) && after == i) return 1;
    }
    return 0;
}

/* Is sentence [sb, se) in the future tense: a word of future: ("will") or a verb with a
 * future ending ("incontrerà")? */
static int future_tense(const rp_context *c, uint32_t sb, uint32_t se)
{
    if (!c->lx) return 0;
    const char *norm = rp_doc_norm(c->doc);
    for (uint32_t i = sb; i < se; i++) {
        if (list_at(c, RPI_LX_FUTURE, i, se, NULL, NULL)) return 1;
        const rp_token *t = tok(c, i);
        if (!(t->flags & RP_TOK_WORD) || (t->flags & RP_TOK_UPPER)) continue;
        for (int k = 0; k < c->lx->nendings; k++) {
            size_t n = strlen(c->lx->endings[k]);
            if (t->norm_len > n + 1 && !memcmp(norm + t->norm_off + t->norm_len - n, c->lx->endings[k], n)) return 1;
        }
    }
    return 0;
}

/* Skip an article at i: the index of the next token. */
static uint32_t skip_article(const rp_context *c, uint32_t i, uint32_t end)
{
    return i < end && tok_in(&c->lang->articles, tok(c, i)) ? i + 1 : i;
}

/* Token i (before end) of digits only, a whole number: its value; else -1. */
static long whole_number(const rp_context *c, uint32_t i, uint32_t end)
{
    if (i >= end) return -1;
    const rp_token *t = tok(c, i);
    if (!(t->flags & RP_TOK_NUMBER) || t->end - t->start > 9) return -1;
    const char *s = rp_doc_text(c->doc) + t->start;
    long v = 0;
    for (uint32_t k = 0; k < t->end - t->start; k++) {
        if (s[k] < '0' || s[k] > '9') return -1;
        v = v * 10 + (s[k] - '0');
    }
    return v;
}

/* ---- 1. tone ---- */

static void do_tone(rp_context *c)
{
    memset(&c->tone, 0, sizeof c->tone);
    size_t n = rp_doc_token_count(c->doc);
    for (size_t i = 0; i < n; i++) {
        const rp_token *t = tok(c, (uint32_t)i);
        if (!(t->flags & RP_TOK_WORD) || (t->flags & RP_TOK_NUMBER)) continue;
        c->tone.words++;
        if (!c->lx) continue;
        uint32_t v = rpi_map_get(&c->lx->tone, t->stem_hash);
        if (v == RPI_NONE) continue;
        if ((v & 3) == 1) c->tone.positive_words++;
        else c->tone.negative_words++;
    }
    c->tone.lexicon = c->lx && c->lx->tone.count > 0;
    if (c->tone.words) {
        c->tone.positive = 100.0 * (double)c->tone.positive_words / (double)c->tone.words;
        c->tone.negative = 100.0 * (double)c->tone.negative_words / (double)c->tone.words;
        c->tone.tone = c->tone.positive - c->tone.negative;
        c->tone.polarity = c->tone.positive + c->tone.negative;
    }
}

/* ---- 2. mentions ---- */

typedef struct ment_cb { rp_context *c; size_t sentence; int oom; } ment_cb;
static int on_mention(void *user, const rp_mention *m)
{
    ment_cb *u = user;
    rp_context *c = u->c;
    if (RPI_GROW(c->ms, c->cap_ms, c->nms + 1)) { u->oom = 1; return 1; }
    c->ms[c->nms++] = (ment){u->sentence, *m};
    return 0;
}

/* The countries by their ISO codes: tables filled once for the process. */
static pthread_once_t country_once = PTHREAD_ONCE_INIT;
static int16_t by_iso2[26 * 26], by_iso3[26 * 26 * 26]; /* country index + 1, 0 none */

/* The index of the first n letters of s (base 26), -1 if they are not A-Z. */
static int prefix_index(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < 'A' || s[i] > 'Z') return -1;
        v = v * 26 + (s[i] - 'A');
    }
    return v;
}

/* The same for a code of exactly n letters ("RU", "RUS"). */
static int letters(const char *s, int n) { return s[n] ? -1 : prefix_index(s, n); }

static void index_countries(void)
{
    for (size_t i = 0; i < rpi_ncountries; i++) {
        int a = letters(rpi_countries[i].iso2, 2), b = letters(rpi_countries[i].iso3, 3);
        if (a >= 0) by_iso2[a] = (int16_t)(i + 1);
        if (b >= 0) by_iso3[b] = (int16_t)(i + 1);
    }
}

static const rpi_country *country_by_iso3(const char *iso3)
{
    pthread_once(&country_once, index_countries);
    int k = letters(iso3, 3);
    return k >= 0 && by_iso3[k] ? &rpi_countries[by_iso3[k] - 1] : NULL;
}

static const rpi_country *country_by_iso2(const char *iso2)
{
    pthread_once(&country_once, index_countries);
    int k = letters(iso2, 2);
    return k >= 0 && by_iso2[k] ? &rpi_countries[by_iso2[k] - 1] : NULL;
}

/* Does the document name (as an actor) the country iso3? */
static int doc_names_country(const rp_context *c, const char *iso3)
{
    int k = letters(iso3, 3);
    return k >= 0 && (c->named[k >> 3] >> (k & 7) & 1);
}

/* The first index of a sorted array whose sentence is >= si (the mentions, places,
 * dates and countries are appended sentence by sentence). */
#define LOWER_BOUND(arr, n, field, si) do { \
        size_t lo_ = 0, hi_ = (n); \
        while (lo_ < hi_) { size_t mid_ = (lo_ + hi_) / 2; if ((arr)[mid_].field < (si)) lo_ = mid_ + 1; else hi_ = mid_; } \
        out_ = lo_; \
    } while (0)
static size_t ms_from(const rp_context *c, size_t si) { size_t out_; LOWER_BOUND(c->ms, c->nms, sentence, si); return out_; }
static size_t places_from(const rp_context *c, size_t si) { size_t out_; LOWER_BOUND(c->places, c->nplaces, sentence, si); return out_; }
static size_t countries_from(const rp_context *c, size_t si) { size_t out_; LOWER_BOUND(c->countries, c->ncountries, sentence, si); return out_; }
static size_t dates_from(const rp_context *c, size_t si) { size_t out_; LOWER_BOUND(c->dates, c->ndates, sentence, si); return out_; }

/* ---- 3. dates ---- */

static rp_rc add_date(rp_context *c, size_t si, uint32_t tb, uint32_t te, int from, int to, rp_granularity g, int rel, int by)
{
    if (RPI_GROW(c->dates, c->cap_dates, c->ndates + 1)) return RP_ENOMEM;
    if (from > to) from = to; /* a deadline already past ("entro il 1 dicembre" on 30 December) */
    c->dates[c->ndates++] = (rp_when){tok(c, tb)->start, tok(c, te - 1)->end, si, from, to, g, rel, by};
    for (uint32_t k = tb; k < te; k++) c->used[k] = 1;
    return RP_OK;
}

static void period_range(int base, const char *period, int *from, int *to)
{
    int y = base / 10000, m = base / 100 % 100;
    if (!strcmp(period, "year")) { *from = ymd(y, 1, 1); *to = ymd(y, 12, 31); }
    else if (!strcmp(period, "month")) { *from = ymd(y, m, 1); *to = ymd(y, m, month_days(y, m)); }
    else if (!strcmp(period, "week")) { *from = add_days(base, 1 - weekday(base)); *to = add_days(*from, 6); }
    else if (!strcmp(period, "weekend")) { *from = add_days(base, 6 - weekday(base)); *to = add_days(*from, 1); }
    else { *from = *to = base; }
}

static rp_granularity grain_of(const char *period)
{
    if (!strcmp(period, "year")) return RP_GRAIN_YEAR;
    if (!strcmp(period, "month")) return RP_GRAIN_MONTH;
    if (!strcmp(period, "week") || !strcmp(period, "weekend")) return RP_GRAIN_WEEK;
    return RP_GRAIN_DAY;
}

/* The period "this/next/last PERIOD" (dir 0, 1, -1) from the document's date. */
static void period_shift(int base, const char *period, int dir, int *from, int *to)
{
    int d = base;
    if (!strcmp(period, "year")) d = ymd(base / 10000 + dir, 1, 1);
    else if (!strcmp(period, "month")) d = add_months(base, dir);
    else if (!strcmp(period, "week") || !strcmp(period, "weekend")) d = add_days(base, 7 * dir);
    else d = add_days(base, dir);
    period_range(d, period, from, to);
}

/* Meteorological seasons: spring March-May, summer June-August, autumn September-
 * November, winter December-February. dir: 0 the one of the document's year, 1 the
 * next to start after the date, -1 the last to end before it. */
static void season_range(int base, const char *season, int dir, int *from, int *to)
{
    int start = !strcmp(season, "spring") ? 3 : !strcmp(season, "summer") ? 6 : !strcmp(season, "autumn") ? 9 : 12;
    int y = base / 10000;
    for (int k = 0; k < 3; k++) {
        int yy = y + (dir > 0 ? k : dir < 0 ? -k : 0);
        int f = ymd(yy, start, 1), t = add_days(add_months(f, 3), -1);
        if (dir == 0 || (dir > 0 && f > base) || (dir < 0 && t < base)) { *from = f; *to = t; return; }
    }
    *from = *to = base;
}

/* The year of a day and month named without one: the one nearest the document's date
 * ("30 dic." in a January article is last December, "3 gennaio" on 30 December the
 * coming January). */
static int nearest_year(int base, int mo, int day)
{
    int y0 = base / 10000, best = y0;
    long bd = -1;
    for (int y = y0 - 1; y <= y0 + 1; y++) {
        int d = day > month_days(y, mo) ? month_days(y, mo) : day;
        long dist = labs(days_of(ymd(y, mo, d)) - days_of(base));
        if (bd < 0 || dist < bd) { bd = dist; best = y; }
    }
    return best;
}

static int is_punct(const rp_context *c, uint32_t i) { return !(tok(c, i)->flags & RP_TOK_WORD); }

/* The year of a day and month named without one in sentence si: the nearest, or in a
 * sentence in the future the next to come ("si terrà a novembre"). */
static int pick_year(rp_context *c, size_t si, int base, int mo, int day)
{
    int y = nearest_year(base, mo, day);
    int d = day > month_days(y, mo) ? month_days(y, mo) : day;
    if (ymd(y, mo, d) < base) {
        const rp_sentence *s = rp_doc_sentence(c->doc, si);
        if (future_tense(c, s->tok_begin, s->tok_end)) y++;
    }
    return y;
}

/* A numeric date at token i: "3/3/2023" (day first in Italian, month first in English)
 * or "2023-03-03", written without spaces. 0 if none, else YYYYMMDD with *after. */
static int numeric_date(const rp_context *c, uint32_t i, uint32_t end, uint32_t *after)
{
    if (i + 4 >= end) return 0;
    const char *txt = rp_doc_text(c->doc);
    for (uint32_t k = i; k < i + 4; k++)
        if (tok(c, k)->end != tok(c, k + 1)->start) return 0; /* written together */
    char s1 = txt[tok(c, i + 1)->start], s2 = txt[tok(c, i + 3)->start];
    if (s1 != s2 || (s1 != '/' && s1 != '-') || tok(c, i + 1)->end - tok(c, i + 1)->start != 1) return 0;
    long a = whole_number(c, i, end), b = whole_number(c, i + 2, end), y = whole_number(c, i + 4, end);
    int day, mo, yr;
    if (s1 == '-' && a >= 1900 && a <= 2100 && tok(c, i)->end - tok(c, i)->start == 4) { yr = (int)a; mo = (int)b; day = (int)y; }
    else if (s1 == '/' && y >= 1900 && y <= 2100) {
        int en = c->lang && !strcmp(c->lang->code, "en");
        day = (int)(en ? b : a);
        mo = (int)(en ? a : b);
        yr = (int)y;
    } else return 0;
    if (mo < 1 || mo > 12 || day < 1 || day > month_days(yr, mo)) return 0;
    *after = i + 5;
    return ymd(yr, mo, day);
}

/* Try a date expression at token i of sentence [.., end): its end in *after. */
static rp_rc date_at(rp_context *c, size_t si, uint32_t i, uint32_t end, uint32_t *after)
{
    const rpi_phrase *p, *q;
    uint32_t j, k, tb = i;
    int base = c->date, by = 0;
    *after = i;
    if (list_at(c, RPI_LX_BY, i, end, &j, NULL)) { by = 1; i = skip_article(c, j, end); }
    /* numeric dates */
    int nd = numeric_date(c, i, end, &j);
    if (nd) {
        *after = j;
        return add_date(c, si, tb, j, by ? base : nd, nd, RP_GRAIN_DAY, 0, by);
    }
    /* a quarter: "terzo trimestre del 2024", "Q3 2024", "the third quarter" (of the
       document's year, or the year named) */
    if (list_at(c, RPI_LX_QUARTERS, i, end, &j, &p)) {
        int y = base / 10000, qn = (int)p->value;
        uint32_t m = j;
        if (list_at(c, RPI_LX_OF, j, end, &k, NULL)) m = k;
        long yy = whole_number(c, m, end);
        if (yy >= 1900 && yy <= 2100) { y = (int)yy; j = m + 1; }
        else if (ymd(y, 3 * qn - 2, 1) > base) { /* a quarter to come is last year's, unless the sentence is in the future */
            const rp_sentence *sen = rp_doc_sentence(c->doc, si);
            if (!future_tense(c, sen->tok_begin, sen->tok_end)) y--;
        }
        *after = j;
        int f = ymd(y, 3 * qn - 2, 1), t = ymd(y, 3 * qn, month_days(y, 3 * qn));
        return add_date(c, si, tb, j, by ? base : f, t, RP_GRAIN_MONTH, yy < 1900, by);
    }
    /* the middle of a month: "a metà aprile", "mid-November" (its 11th to 20th) */
    if (list_at(c, RPI_LX_MIDDLE, i, end, &j, NULL)) {
        k = j;
        while (k < end && is_punct(c, k)) k++;
        uint32_t m;
        if (list_at(c, RPI_LX_OF, k, end, &m, NULL)) k = m;
        if (list_at(c, RPI_LX_MONTHS, k, end, &m, &p)) {
            int mo = (int)p->value, y = pick_year(c, si, base, mo, 15);
            long yy = whole_number(c, m, end);
            if (yy >= 1900 && yy <= 2100) { y = (int)yy; m++; }
            *after = m;
            return add_date(c, si, tb, m, by ? base : ymd(y, mo, 11), ymd(y, mo, 20), RP_GRAIN_MONTH, 1, by);
        }
    }
    /* the end / start of a period: "entro la fine dell'anno", "by the end of the year" */
    if (list_at(c, RPI_LX_END, i, end, &j, NULL) || list_at(c, RPI_LX_START, i, end, &j, NULL)) {
        int is_end = list_at(c, RPI_LX_END, i, end, NULL, NULL);
        k = j;
        int of = list_at(c, RPI_LX_OF, j, end, &k, NULL); /* "la fine dell'anno"; "early next year" */
        if (!of) k = j;
        if (of || list_at(c, RPI_LX_NEXT, k, end, NULL, NULL) || list_at(c, RPI_LX_LAST, k, end, NULL, NULL) ||
            list_at(c, RPI_LX_THIS, k, end, NULL, NULL) || list_at(c, RPI_LX_MONTHS, k, end, NULL, NULL)) {
            k = skip_article(c, k, end);
            int dir = 0;
            uint32_t m;
            if (list_at(c, RPI_LX_NEXT, k, end, &m, NULL)) { dir = 1; k = m; }
            else if (list_at(c, RPI_LX_LAST, k, end, &m, NULL)) { dir = -1; k = m; }
            else if (list_at(c, RPI_LX_THIS, k, end, &m, NULL)) k = m;
            if (list_at(c, RPI_LX_PERIODS, k, end, &m, &p)) {
                int f, t;
                period_shift(base, p->sval, dir, &f, &t);
                /* the last (first) tenth of the period, at least a day; of a month its last
                   eleven days (from the 21st) or first ten, of a year its last or first month */
                long len = days_of(t) - days_of(f) + 1, part = len >= 10 ? len / 10 : 1;
                if (!strcmp(p->sval, "year")) part = 31;
                if (!strcmp(p->sval, "month")) part = is_end ? len - 20 : 10;
                int ef = is_end ? add_days(t, -(part - 1)) : f, et = is_end ? t : add_days(f, part - 1);
                *after = m;
                return add_date(c, si, tb, m, by ? base : ef, et, grain_of(p->sval), 1, by);
            }
            if (list_at(c, RPI_LX_MONTHS, k, end, &m, &p)) {
                int mo = (int)p->value, y = pick_year(c, si, base, mo, 15);
                long yy = whole_number(c, m, end);
                if (yy >= 1900 && yy <= 2100) { y = (int)yy; m++; }
                int f = is_end ? ymd(y, mo, 21) : ymd(y, mo, 1), t = is_end ? ymd(y, mo, month_days(y, mo)) : ymd(y, mo, 10);
                *after = m;
                return add_date(c, si, tb, m, by ? base : f, t, RP_GRAIN_MONTH, 1, by);
            }
        }
        /* else "la fine" of something else, or "fine settimana": go on */
    }
    /* days: "ieri", "yesterday" */
    if (list_at(c, RPI_LX_DAYS, i, end, &j, &p)) {
        int d = add_days(base, (long)p->value);
        *after = j;
        return add_date(c, si, tb, j, by ? base : d, d, RP_GRAIN_DAY, 1, by);
    }
    /* DAY MONTH [YEAR], and DAY to DAY MONTH [YEAR] ("dal 5 al 7 maggio") */
    long n = whole_number(c, i, end), n2 = -1;
    uint32_t mi = i + 1;
    if (n >= 1 && mi < end && !strncmp(rp_doc_text(c->doc) + tok(c, mi)->start, "\xc2\xb0", 2)) mi++; /* "1° marzo" */
    if (n >= 1 && n <= 31 && list_at(c, RPI_LX_RANGE_TO, i + 1, end, &k, NULL) && (k = skip_article(c, k, end)) < end &&
        (n2 = whole_number(c, k, end)) > n &&
        n2 <= 31 && list_at(c, RPI_LX_MONTHS, k + 1, end, NULL, NULL))
        mi = k + 1;
    else n2 = -1;
    if (n >= 1 && n <= 31 && mi < end && list_at(c, RPI_LX_MONTHS, mi, end, &j, &p)) {
        int mo = (int)p->value, y = base / 10000, rel = 1;
        if (j < end && tok(c, j - 1)->end - tok(c, j - 1)->start <= 4 && tok(c, j)->end - tok(c, j)->start == 1 &&
            rp_doc_text(c->doc)[tok(c, j)->start] == '.') j++; /* "dic." */
        uint32_t yj = j, m;
        if (list_at(c, RPI_LX_OF, j, end, &m, NULL) && whole_number(c, m, end) >= 1900) yj = m; /* "24 febbraio del 2022" */
        long yy = yj < end ? whole_number(c, yj, end) : -1;
        if (yy >= 1900 && yy <= 2100) { y = (int)yy; j = yj + 1; rel = 0; }
        else {
            y = pick_year(c, si, base, mo, (int)n);
            uint32_t q1, q2; /* "on 4 July next year" */
            int dir = list_at(c, RPI_LX_NEXT, j, end, &q1, NULL) ? 1 : list_at(c, RPI_LX_LAST, j, end, &q1, NULL) ? -1 : 0;
            if (dir && list_at(c, RPI_LX_PERIODS, q1, end, &q2, &q) && !strcmp(q->sval, "year")) {
                y = base / 10000 + dir;
                j = q2;
            }
        }
        if ((n2 > 0 ? n2 : n) > month_days(y, mo)) return RP_OK;
        int d = ymd(y, mo, (int)n), d2 = n2 > 0 ? ymd(y, mo, (int)n2) : d;
        *after = j;
        return add_date(c, si, tb, j, by ? base : d, d2, RP_GRAIN_DAY, rel, by);
    }
    /* MONTH DAY[,] [YEAR] and MONTH YEAR */
    if (list_at(c, RPI_LX_MONTHS, i, end, &j, &p)) {
        int mo = (int)p->value, y = base / 10000;
        if (j + 1 < end && tok(c, j - 1)->end - tok(c, j - 1)->start <= 4 && rp_doc_text(c->doc)[tok(c, j)->start] == '.' &&
            whole_number(c, j + 1, end) >= 1)
            j++; /* "Oct. 22" */
        long a = j < end ? whole_number(c, j, end) : -1, a2 = -1;
        if (a >= 1 && a <= 31) {
            k = j + 1;
            uint32_t r;
            if (list_at(c, RPI_LX_RANGE_TO, k, end, &r, NULL) && (a2 = whole_number(c, r, end)) > a && a2 <= 31) k = r + 1;
            else a2 = -1;
            if (k < end && rp_doc_text(c->doc)[tok(c, k)->start] == ',' && k + 1 < end && whole_number(c, k + 1, end) >= 1900) k++;
            long yy = k < end ? whole_number(c, k, end) : -1;
            int rel = 1;
            if (yy >= 1900 && yy <= 2100) { y = (int)yy; k++; rel = 0; }
            else y = pick_year(c, si, base, mo, (int)a);
            if ((a2 > 0 ? a2 : a) > month_days(y, mo)) return RP_OK;
            *after = k;
            int d = ymd(y, mo, (int)a), d2 = a2 > 0 ? ymd(y, mo, (int)a2) : d;
            return add_date(c, si, tb, k, by ? base : d, d2, RP_GRAIN_DAY, rel, by);
        }
        if (a >= 1900 && a <= 2100) {
            *after = j + 1;
            int f = ymd((int)a, mo, 1), t = ymd((int)a, mo, month_days((int)a, mo));
            return add_date(c, si, tb, j + 1, by ? base : f, t, RP_GRAIN_MONTH, 0, by);
        }
        if (by) { /* "entro marzo": the next such month */
            int y2 = mo < base / 100 % 100 ? y + 1 : y;
            *after = j;
            return add_date(c, si, tb, j, base, ymd(y2, mo, month_days(y2, mo)), RP_GRAIN_MONTH, 1, 1);
        }
        if (i > 0 && tok_in(&c->lang->prepositions, tok(c, i - 1)) && /* "a luglio", "in November" */
            !(j < end && (tok(c, j)->flags & RP_TOK_UPPER))) {           /* not "nel Mar Rosso" */
            int y2 = pick_year(c, si, base, mo, 15);
            *after = j;
            return add_date(c, si, tb, j, ymd(y2, mo, 1), ymd(y2, mo, month_days(y2, mo)), RP_GRAIN_MONTH, 1, 0);
        }
    }
    /* [next|last|this] (weekday|period|season) [next|last] */
    int dir = 0, have_dir = 0;
    k = i;
    if (list_at(c, RPI_LX_NEXT, k, end, &j, NULL)) { dir = 1; have_dir = 1; k = j; }
    else if (list_at(c, RPI_LX_LAST, k, end, &j, NULL)) { dir = -1; have_dir = 1; k = j; }
    else if (list_at(c, RPI_LX_THIS, k, end, &j, NULL)) { have_dir = 1; k = j; }
    int kind = 0; /* 1 weekday, 2 period, 3 season */
    if (list_at(c, RPI_LX_WEEKDAYS, k, end, &j, &p)) kind = 1;
    else if (list_at(c, RPI_LX_PERIODS, k, end, &j, &p)) kind = 2;
    else if (list_at(c, RPI_LX_SEASONS, k, end, &j, &p)) kind = 3;
    if (kind && !have_dir) { /* Italian order: "la settimana scorsa", "la primavera prossima" */
        uint32_t m;
        if (list_at(c, RPI_LX_NEXT, j, end, &m, &q)) { dir = 1; have_dir = 1; j = m; }
        else if (list_at(c, RPI_LX_LAST, j, end, &m, &q)) { dir = -1; have_dir = 1; j = m; }
    }
    if (kind == 1) {
        /* "martedì 3 marzo", "Tuesday, March 3": the date that follows says it */
        uint32_t m = j < end && rp_doc_text(c->doc)[tok(c, j)->start] == ',' ? j + 1 : j;
        long dn = whole_number(c, m, end);
        if (!have_dir && ((dn >= 1 && dn <= 31 && list_at(c, RPI_LX_MONTHS, m + 1, end, NULL, NULL)) ||
                          list_at(c, RPI_LX_MONTHS, m, end, NULL, NULL))) {
            *after = m;
            return RP_OK;
        }
        /* a weekday alone is the last one (news report the past), "next" the next one,
           and so is one in a sentence in the future ("Venerdì ... incontrerà") */
        if (!have_dir) {
            const rp_sentence *sen = rp_doc_sentence(c->doc, si);
            if (future_tense(c, sen->tok_begin, sen->tok_end)) dir = 1;
        }
        int wd = (int)p->value, cur = weekday(base);
        int delta = dir > 0 ? ((wd - cur + 6) % 7) + 1 : -(((cur - wd) + 7) % 7);
        if (dir < 0 && delta == 0) delta = -7;
        int d = add_days(base, delta);
        *after = j;
        return add_date(c, si, tb, j, by ? base : d, d, RP_GRAIN_DAY, 1, by);
    }
    if (kind == 2 && !have_dir && !by && !strcmp(p->sval, "weekend")) { /* "nel fine settimana": the last, or next */
        const rp_sentence *sen = rp_doc_sentence(c->doc, si);
        dir = future_tense(c, sen->tok_begin, sen->tok_end) ? 1 : -1;
        have_dir = 1;
    }
    if ((kind == 2 && have_dir) || (kind == 2 && by)) {
        int f, t;
        period_shift(base, p->sval, dir, &f, &t);
        *after = j;
        return add_date(c, si, tb, j, by ? base : f, t, grain_of(p->sval), 1, by);
    }
    if (kind == 3 && !have_dir) { /* "l'estate del 2022", "summer of 2022" */
        uint32_t m;
        long yr;
        if (!list_at(c, RPI_LX_OF, j, end, &m, NULL)) m = j; /* "summer of 2022", "spring 2022" */
        if ((yr = whole_number(c, m, end)) >= 1900 && yr <= 2100) {
            int f, t;
            season_range(ymd((int)yr, 1, 1), p->sval, 0, &f, &t);
            *after = m + 1;
            return add_date(c, si, tb, m + 1, by ? base : f, t, RP_GRAIN_SEASON, 0, by);
        }
    }
    if (kind == 3 && (have_dir || by)) {
        int f, t;
        season_range(base, p->sval, by && !have_dir ? 1 : dir, &f, &t);
        *after = j;
        return add_date(c, si, tb, j, by ? base : f, t, RP_GRAIN_SEASON, 1, by);
    }
    /* N PERIOD ago ("tre giorni fa") and in N PERIOD ("tra due settimane") */
    int after_word = 0;
    k = i;
    if (list_at(c, RPI_LX_AFTER, k, end, &j, NULL)) { after_word = 1; k = j; }
    long num = whole_number(c, k, end);
    if (num < 0 && list_at(c, RPI_LX_NUMBERS, k, end, &j, &p)) { num = (long)p->value; k = j - 1; }
    if (num > 0 && num < 1000 && list_at(c, RPI_LX_PERIODS, k + 1, end, &j, &p) && strcmp(p->sval, "weekend")) {
        int sign = 0;
        if (after_word || by) sign = 1;
        else if (list_at(c, RPI_LX_AGO, j, end, &k, NULL)) { sign = -1; j = k; }
        if (sign) {
            int d = base;
            if (!strcmp(p->sval, "year")) d = ymd(base / 10000 + sign * (int)num, base / 100 % 100, base % 100 > 28 ? 28 : base % 100);
            else if (!strcmp(p->sval, "month")) d = add_months(base, sign * (int)num) + (base % 100 > 28 ? 27 : base % 100 - 1);
            else d = add_days(base, sign * num * (!strcmp(p->sval, "week") ? 7 : 1));
            *after = j;
            return add_date(c, si, tb, j, sign > 0 && by ? base : d, d, grain_of(p->sval), 1, by);
        }
    }
    /* decades ("the 1990s") and years written together ("2023-24", the fiscal year) */
    if (i < end) {
        const rp_token *t = tok(c, i);
        const char *tx = rp_doc_text(c->doc) + t->start;
        if ((t->flags & RP_TOK_NUMBER) && t->end - t->start == 5 && tx[4] == 's' && tx[3] == '0') {
            long dec = strtol(tx, NULL, 10);
            if (dec >= 1800 && dec <= 2090) {
                *after = i + 1;
                return add_date(c, si, tb, i + 1, ymd((int)dec, 1, 1), ymd((int)dec + 9, 12, 31), RP_GRAIN_YEAR, 0, by);
            }
        }
        long y1 = whole_number(c, i, end);
        if (y1 >= 1900 && y1 <= 2100 && t->end - t->start == 4 && i + 2 < end && tok(c, i)->end == tok(c, i + 1)->start &&
            tok(c, i + 1)->end == tok(c, i + 2)->start && (tx[4] == '-' || tx[4] == '/')) {
            long y2 = whole_number(c, i + 2, end);
            if (tok(c, i + 2)->end - tok(c, i + 2)->start == 2 && y2 >= 0) y2 += y1 / 100 * 100;
            if (y2 == y1 + 1) {
                *after = i + 3;
                return add_date(c, si, tb, i + 3, by ? base : ymd((int)y1, 1, 1), ymd((int)y2, 12, 31), RP_GRAIN_YEAR, 0, by);
            }
        }
    }
    /* a year after a preposition: "nel 2023", "in 2023" */
    long yy = whole_number(c, i, end);
    uint32_t pi = i > 0 && tok_in(&c->lang->articles, tok(c, i - 1)) ? i - 1 : i; /* "tra il 2020" */
    if (yy >= 1900 && yy <= 2100 &&
        (by || (pi > 0 && (tok_in(&c->lang->prepositions, tok(c, pi - 1)) || ends_at(c, RPI_LX_YEAR_AFTER, pi))))) {
        uint32_t r, r2;
        long yy2 = -1; /* "tra il 2020 e il 2022", "between 2020 and 2022" */
        if (list_at(c, RPI_LX_RANGE_TO, i + 1, end, &r, NULL) && (r2 = skip_article(c, r, end)) < end &&
            (yy2 = whole_number(c, r2, end)) > yy && yy2 <= 2100) {
            *after = r2 + 1;
            return add_date(c, si, tb, r2 + 1, by ? base : ymd((int)yy, 1, 1), ymd((int)yy2, 12, 31), RP_GRAIN_YEAR, 0, by);
        }
        *after = i + 1;
        return add_date(c, si, tb, i + 1, by ? base : ymd((int)yy, 1, 1), ymd((int)yy, 12, 31), RP_GRAIN_YEAR, 0, by);
    }
    return RP_OK;
}

static rp_rc do_dates(rp_context *c)
{
    if (!c->lx) return RP_OK;
    for (size_t si = 0; si < rp_doc_sentence_count(c->doc); si++) {
        const rp_sentence *s = rp_doc_sentence(c->doc, si);
        for (uint32_t i = s->tok_begin; i < s->tok_end;) {
            const rp_token *t = tok(c, i);
            uint64_t h = t->form_hash;
            if (!(t->flags & RP_TOK_NUMBER) && !(c->lx->date_bloom[(h >> 6) & 15] & (UINT64_C(1) << (h & 63)))) {
                i++; /* no date starts here */
                continue;
            }
            uint32_t after;
            rp_rc rc = date_at(c, si, i, s->tok_end, &after);
            if (rc) return rc;
            i = after > i ? after : i + 1;
        }
    }
    return RP_OK;
}

/* ---- 4. amounts ---- */

/* The value of a number token with the language's separators ("1.500,5" in Italian). */
static int number_value(const rp_context *c, uint32_t i, double *v)
{
    const rp_token *t = tok(c, i);
    if (!(t->flags & RP_TOK_NUMBER) || t->end - t->start > 40) return 0;
    char buf[48];
    size_t n = 0;
    char dec = c->lx ? c->lx->decimal : '.';
    const char *s = rp_doc_text(c->doc) + t->start;
    for (uint32_t k = 0; k < t->end - t->start; k++) {
        char ch = s[k];
        if (ch >= '0' && ch <= '9') buf[n++] = ch;
        else if (ch == dec) buf[n++] = '.';
        else if (ch == '.' || ch == ',') continue; /* thousands */
        else if ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z' && n > 0) break; /* "1.5bn": suffix_multiplier */
        else return 0;
    }
    buf[n] = '\0';
    char *e;
    *v = strtod(buf, &e);
    return *e == '\0' && n > 0;
}

/* Letters written onto a number token ("1.5bn", "22nd", "1990s")? */
static int has_suffix(const rp_context *c, uint32_t i)
{
    const rp_token *t = tok(c, i);
    char last = rp_doc_text(c->doc)[t->end - 1];
    return (last >= 'a' && last <= 'z') || (last >= 'A' && last <= 'Z');
}

/* A multiplier written onto the number ("1.5bn", "200m"): *v multiplied, 1; else 0. */
static int suffix_multiplier(const rp_context *c, uint32_t i, double *v)
{
    const rp_token *t = tok(c, i);
    const char *s = rp_doc_text(c->doc) + t->start;
    uint32_t n = t->end - t->start, k = n;
    while (k > 0 && ((s[k - 1] >= 'a' && s[k - 1] <= 'z') || (s[k - 1] >= 'A' && s[k - 1] <= 'Z'))) k--;
    if (k == n || k == 0 || n - k > 4 || !c->lx) return 0;
    char low[8];
    for (uint32_t q = k; q < n; q++) low[q - k] = (char)(s[q] | 0x20);
    const rpi_wordlist *w = &c->lx->lists[RPI_LX_MULTIPLIERS];
    for (uint32_t p = rpi_map_get(&w->first, rpi_hash(low, n - k)); p != RPI_NONE; p = w->v[p].next)
        if (w->v[p].ntok == 1) { *v *= (double)w->v[p].value; return 1; }
    return 0;
}

/* The words after i that a count or change is of: up to 4 words, stopping at punctuation,
 * prepositions, numbers and verbs of change. */
static void object_after(const rp_context *c, uint32_t i, uint32_t end, uint32_t *os, uint32_t *oe)
{
    i = skip_article(c, i, end);
    uint32_t j = i;
    while (j < end && j < i + 4 && !is_punct(c, j) && !(tok(c, j)->flags & RP_TOK_NUMBER) &&
           !tok_in(&c->lang->prepositions, tok(c, j)) && !tok_in(&c->lang->passive_aux, tok(c, j)) &&
           !tok_in(&c->lang->coordination, tok(c, j)) && !tok_in(&c->lang->negation, tok(c, j)) &&
           !tok_in(&c->lang->clause, tok(c, j)) && !list_at(c, RPI_LX_BY, j, end, NULL, NULL) &&
           !list_at(c, RPI_LX_OBJECT_STOP, j, end, NULL, NULL) && !list_at(c, RPI_LX_SPEECH, j, end, NULL, NULL) && !c->used[j])
        j++;
    if (j > i) { *os = tok(c, i)->start; *oe = tok(c, j - 1)->end; }
}

/* Is token i the "-" or the number of a name like "F-16" (word, hyphen and number
 * written together)? */
static int hyphen_name(const rp_context *c, uint32_t sb, uint32_t i)
{
    const char *txt = rp_doc_text(c->doc);
    uint32_t h = (tok(c, i)->flags & RP_TOK_NUMBER) ? i - 1 : i; /* the hyphen's token */
    if ((tok(c, i)->flags & RP_TOK_NUMBER) && i == sb) return 0;
    if (h <= sb || h + 1 >= rp_doc_token_count(c->doc)) return 0;
    const rp_token *hy = tok(c, h), *w = tok(c, h - 1), *n = tok(c, h + 1);
    return hy->end - hy->start == 1 && txt[hy->start] == '-' && w->end == hy->start && (w->flags & RP_TOK_WORD) &&
           hy->end == n->start && (n->flags & RP_TOK_NUMBER);
}

/* Can token j be what a bare number counts: a word, not a preposition, article, month
 * or a date's word? */
static int is_count_word(const rp_context *c, uint32_t j, uint32_t end)
{
    return !is_punct(c, j) && !(tok(c, j)->flags & RP_TOK_NUMBER) && !tok_in(&c->lang->prepositions, tok(c, j)) &&
           !tok_in(&c->lang->articles, tok(c, j)) && !list_at(c, RPI_LX_MONTHS, j, end, NULL, NULL) && !c->used[j] &&
           !list_at(c, RPI_LX_OBJECT_STOP, j, end, NULL, NULL);
}

/* What a bare number counts: capitalised words (English adjectives: "500 Russian
 * soldiers") and one lower-case word ("500 manifestanti", "2,000 refugees"). */
static void count_object(const rp_context *c, uint32_t j, uint32_t end, uint32_t *os, uint32_t *oe)
{
    uint32_t k = j;
    while (k < end && k < j + 3 && is_count_word(c, k, end) && (tok(c, k)->flags & RP_TOK_UPPER)) k++;
    /* then one lower-case word, or two where adjectives come first: "180 ballistic missiles"
       ("500 manifestanti", "200 migranti soccorsi": the noun) */
    uint32_t l = k, most = c->lx && c->lx->adjectives_before ? 2 : 1;
    while (k < end && k < l + most && is_count_word(c, k, end) && !(tok(c, k)->flags & RP_TOK_UPPER) &&
           (k == l || !list_at(c, RPI_LX_SPEECH, k, end, NULL, NULL)))
        k++;
    if (k > j) { *os = tok(c, j)->start; *oe = tok(c, k - 1)->end; }
}

/* The subject of a clause that opens at sb, before token verb: after an article, up to
 * four words, stopping at prepositions, auxiliaries and the like. */
static void subject_of(const rp_context *c, uint32_t sb, uint32_t verb, uint32_t *os, uint32_t *oe)
{
    uint32_t i = sb;
    while (i < verb && is_punct(c, i)) i++; /* an opening quotation mark */
    i = skip_article(c, i, verb);
    uint32_t j = i;
    while (j < verb && j < i + 4 && !is_punct(c, j) && !(tok(c, j)->flags & RP_TOK_NUMBER) &&
           !tok_in(&c->lang->prepositions, tok(c, j)) && !tok_in(&c->lang->articles, tok(c, j)) &&
           !tok_in(&c->lang->passive_aux, tok(c, j)) && !tok_in(&c->lang->negation, tok(c, j)) &&
           !tok_in(&c->lang->coordination, tok(c, j)) && !list_at(c, RPI_LX_OBJECT_STOP, j, verb, NULL, NULL))
        j++;
    if (j > i && (j == verb || tok_in(&c->lang->prepositions, tok(c, j)) || tok_in(&c->lang->passive_aux, tok(c, j)) ||
                  list_at(c, RPI_LX_OBJECT_STOP, j, verb + 1, NULL, NULL))) {
        *os = tok(c, i)->start;
        *oe = tok(c, j - 1)->end;
    }
}

/* The words before i (back to an article or a verb of change): "gli scambi commerciali"
 * in "aumentare gli scambi commerciali del 25%". */
static void object_before(const rp_context *c, uint32_t i, uint32_t sb, uint32_t *os, uint32_t *oe)
{
    uint32_t j = i;
    while (j > sb && i - j < 4) {
        const rp_token *t = tok(c, j - 1);
        if (is_punct(c, j - 1) || (t->flags & RP_TOK_NUMBER) || tok_in(&c->lang->articles, t) ||
            tok_in(&c->lang->prepositions, t) || list_at(c, RPI_LX_OBJECT_STOP, j - 1, i, NULL, NULL) ||
            list_at(c, RPI_LX_INCREASE, j - 1, i, NULL, NULL) ||
            list_at(c, RPI_LX_DECREASE, j - 1, i, NULL, NULL))
            break;
        j--;
    }
    if (j < i) { *os = tok(c, j)->start; *oe = tok(c, i - 1)->end; }
}

static rp_rc do_amounts(rp_context *c)
{
    if (!c->lx) return RP_OK;
    for (size_t si = 0; si < rp_doc_sentence_count(c->doc); si++) {
        const rp_sentence *s = rp_doc_sentence(c->doc, si);
        uint32_t sb = s->tok_begin, se = s->tok_end;
        for (uint32_t i = sb; i < se; i++) {
            if (c->used[i]) continue;
            /* an amount starts with a number, or a sign or currency symbol before one */
            if (!(tok(c, i)->flags & RP_TOK_NUMBER) && !(i + 1 < se && tok(c, i + 1)->flags & RP_TOK_NUMBER)) continue;
            uint32_t start = i, j, k;
            int sign = 0;
            const rpi_phrase *cur = NULL, *p;
            const char *txt = rp_doc_text(c->doc);
            if (hyphen_name(c, sb, i)) continue; /* "F-16", "G-20", "Su-25": a name, not a minus sign */
            if (i + 1 < se && (txt[tok(c, i)->start] == '+' || txt[tok(c, i)->start] == '-') &&
                tok(c, i)->end - tok(c, i)->start == 1 && tok(c, i + 1)->flags & RP_TOK_NUMBER &&
                tok(c, i)->end == tok(c, i + 1)->start) {
                sign = txt[tok(c, i)->start] == '+' ? 1 : -1;
                i++;
            } else if (list_at(c, RPI_LX_CURRENCIES, i, se, &j, &p) && j < se && tok(c, j)->flags & RP_TOK_NUMBER && is_punct(c, i)) {
                cur = p; /* "$5", "€ 3" */
                i = j;
            }
            double v;
            if (!number_value(c, i, &v)) { i = start; continue; }
            if (has_suffix(c, i) && !suffix_multiplier(c, i, &v)) { i = start; continue; } /* "22nd", "1990s" */
            /* digits only, 1900-2100: a year, not a count ("2.000" and "2,000" are counts) */
            int yearlike = v >= 1900 && v <= 2100 && tok(c, i)->end - tok(c, i)->start == 4;
            int multiplied = 0;
            j = i + 1;
            if (list_at(c, RPI_LX_MULTIPLIERS, j, se, &k, &p)) {
                v *= (double)p->value;
                j = k;
                multiplied = 1;
                if (list_at(c, RPI_LX_HALF, j, se, &k, NULL)) { v += (double)p->value / 2; j = k; } /* "2 miliardi e mezzo" */
            } else if (has_suffix(c, i)) multiplied = 1; /* "$1.5bn", "€200m": applied above */
            rp_amount a = {0};
            a.sentence = si;
            a.value = v;
            a.change = sign;
            uint32_t last = j;
            if (list_at(c, RPI_LX_PERCENT, j, se, &k, NULL)) {
                a.kind = RP_AMOUNT_PERCENT;
                snprintf(a.unit, sizeof a.unit, "%%");
                last = k;
            } else if (cur) {
                a.kind = RP_AMOUNT_MONEY;
                snprintf(a.unit, sizeof a.unit, "%s", cur->sval);
                last = j;
            } else {
                uint32_t m = j;
                if (list_at(c, RPI_LX_OF, m, se, &k, NULL)) m = k; /* "5 miliardi di dollari" */
                if (list_at(c, RPI_LX_CURRENCIES, m, se, &k, &p)) {
                    a.kind = RP_AMOUNT_MONEY;
                    snprintf(a.unit, sizeof a.unit, "%s", p->sval);
                    last = k;
                } else if (list_at(c, RPI_LX_UNITS, m, se, &k, &p)) {
                    a.kind = RP_AMOUNT_QUANTITY;
                    snprintf(a.unit, sizeof a.unit, "%s", p->sval);
                    if (!strcmp(p->sval, "bp")) { /* basis points are hundredths of a percent */
                        a.kind = RP_AMOUNT_PERCENT;
                        a.value /= 100;
                        snprintf(a.unit, sizeof a.unit, "%%");
                    }
                    last = k;
                } else if (m < se && is_count_word(c, m, se) && !(yearlike && !multiplied) && (m == j || multiplied)) {
                    /* "500 demonstrators", "8 milioni di ucraini": the count of a word */
                    a.kind = RP_AMOUNT_QUANTITY;
                    count_object(c, m, se, &a.object_start, &a.object_end);
                    last = j;
                } else { i = start; continue; }
            }
            /* what the amount is of */
            if (!a.object_end && last < se && list_at(c, RPI_LX_OF, last, se, &k, NULL))
                object_after(c, k, se, &a.object_start, &a.object_end);
            if (!a.object_end && a.kind == RP_AMOUNT_PERCENT && start > sb &&
                list_at(c, RPI_LX_CHANGE_BY, start - 1, start, NULL, NULL))
                object_before(c, start - 1, sb, &a.object_start, &a.object_end);
            uint32_t verb = RPI_NONE; /* the verb of change before the amount */
            for (uint32_t b = start; b > sb && start - b < CHANGE_WINDOW; b--) {
                if (list_at(c, RPI_LX_INCREASE, b - 1, se, NULL, NULL)) { verb = b - 1; if (!a.change) a.change = 1; break; }
                if (list_at(c, RPI_LX_DECREASE, b - 1, se, NULL, NULL)) { verb = b - 1; if (!a.change) a.change = -1; break; }
            }
            /* "Il rublo ha perso il 2,3%", "Russian oil exports ... rose by 12 percent": what
               changed is the subject, the clause's first words */
            if (!a.object_end && a.kind == RP_AMOUNT_PERCENT && verb != RPI_NONE)
                subject_of(c, sb, verb, &a.object_start, &a.object_end);
            a.start = tok(c, start)->start;
            a.end = tok(c, last - 1)->end;
            if (RPI_GROW(c->amounts, c->cap_amounts, c->namounts + 1)) return RP_ENOMEM;
            c->amounts[c->namounts++] = a;
            i = last - 1;
        }
    }
    return RP_OK;
}

/* ---- 5. places ---- */

static rp_rc add_gaz_name1(rp_context *c, gaz_index *g, const char *name, uint32_t city);

/* A name and, when it has diacritics, the name without them ("Chisinau" as the press
 * often writes Chișinău; folded at build time by tools/gen-gazetteer.c, NULL when the
 * same): both lead to the city. */
static rp_rc add_gaz_name(rp_context *c, gaz_index *g, const char *name, const char *folded, uint32_t city)
{
    rp_rc rc = add_gaz_name1(c, g, name, city);
    if (!rc && folded) rc = add_gaz_name1(c, g, folded, city);
    /* and without a final soft sign written as an apostrophe ("Kazan’", "Luhans'k") */
    const char *base = folded ? folded : name;
    size_t fl = strlen(base);
    if (!rc && fl > 4 && fl < 256 && (base[fl - 1] == '\'' || !memcmp(base + fl - 3, "\xe2\x80\x99", 3))) {
        char cut[256];
        memcpy(cut, base, fl + 1);
        cut[base[fl - 1] == '\'' ? fl - 1 : fl - 3] = '\0';
        rc = add_gaz_name1(c, g, cut, city);
    }
    return rc;
}

static rp_rc add_gaz_name1(rp_context *c, gaz_index *g, const char *name, uint32_t city)
{
    c->toks.n = 0;
    if (rpi_tokenize(name, strlen(name), c->lang->apostrophe, &c->toks)) return RP_ENOMEM;
    size_t n = c->toks.n;
    if (!n || n > 8) return RP_OK;
    if (n == 1 && c->toks.v[0].end - c->toks.v[0].start < 3) return RP_OK;
    if (RPI_GROW(g->toks, g->cap_toks, g->ntoks + n) || RPI_GROW(g->v, g->cap, g->n + 1)) return RP_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        c->word.len = 0;
        if (rpi_normalize(name + c->toks.v[i].start, c->toks.v[i].end - c->toks.v[i].start, &c->word, &c->nb)) return RP_ENOMEM;
        g->toks[g->ntoks + i] = rpi_hash(c->word.data, c->word.len);
    }
    gaz_name *gn = &g->v[g->n];
    gn->tok_off = (uint32_t)g->ntoks;
    gn->ntok = (uint32_t)n;
    gn->city = city;
    gn->next = rpi_map_get(&g->first, g->toks[g->ntoks]);
    if (rpi_map_put(&g->first, g->toks[g->ntoks], (uint32_t)g->n)) return RP_ENOMEM;
    g->ntoks += n;
    g->n++;
    return RP_OK;
}

/* The gazetteer's indexes are shared by every context of the process: one per way of
 * cutting apostrophes, with or without the Italian names; built once, under a lock, and
 * kept to the end (the data they index is static). */
static pthread_mutex_t gaz_lock = PTHREAD_MUTEX_INITIALIZER;
static gaz_index *gaz_cache[3][2];
static rpi_map gaz_ids;        /* GeoNames feature id -> city index + 1 (the word lists' places:) */
static int gaz_ids_built;

/* The city of a GeoNames feature id, RPI_NONE when the gazetteer has none. */
static uint32_t city_by_id(uint32_t id)
{
    pthread_mutex_lock(&gaz_lock);
    int ok = gaz_ids_built;
    if (!ok) {
        ok = 1;
        for (size_t i = 0; ok && i < rpi_ncities; i++)
            if (rpi_map_put(&gaz_ids, rpi_cities[i].id, (uint32_t)i + 1)) ok = 0;
        if (ok) gaz_ids_built = 1;
        else rpi_map_free(&gaz_ids);
    }
    uint32_t v = ok ? rpi_map_get(&gaz_ids, id) : RPI_NONE;
    pthread_mutex_unlock(&gaz_lock);
    return v == RPI_NONE ? RPI_NONE : v - 1;
}

static rp_rc gaz_for(rp_context *c, const gaz_index **out)
{
    int it = !strcmp(c->lang->code, "it"), ap = (int)c->lang->apostrophe;
    if (ap < 0 || ap > 2) ap = 0;
    pthread_mutex_lock(&gaz_lock);
    gaz_index *g = gaz_cache[ap][it];
    rp_rc rc = RP_OK;
    if (!g) {
        g = rpi_calloc(1, sizeof *g);
        for (size_t i = 0; g && !rc && i < rpi_ncities; i++) {
            rc = add_gaz_name(c, g, rpi_cities[i].name, rpi_cities[i].name_folded, (uint32_t)i);
            if (!rc && it && rpi_cities[i].name_it)
                rc = add_gaz_name(c, g, rpi_cities[i].name_it, rpi_cities[i].name_it_folded, (uint32_t)i);
        }
        if (!g || rc) {
            if (g) { rpi_free(g->v); rpi_free(g->toks); rpi_map_free(&g->first); rpi_free(g); }
            g = NULL;
            rc = RP_ENOMEM;
        } else {
            gaz_cache[ap][it] = g;
        }
    }
    pthread_mutex_unlock(&gaz_lock);
    *out = g;
    return rc;
}

static void fill_city(rp_place *pl, const rpi_city *city)
{
    const rpi_country *co = country_by_iso2(city->iso2);
    pl->type = !strcmp(city->iso2, "US") ? RP_GEO_USCITY : RP_GEO_WORLDCITY;
    snprintf(pl->name, sizeof pl->name, "%s", city->name);
    snprintf(pl->full_name, sizeof pl->full_name, "%s, %s, %s", city->name, city->adm1_name, co ? co->name : city->iso2);
    if (co) {
        snprintf(pl->country, sizeof pl->country, "%s", co->iso3);
        snprintf(pl->country_fips, sizeof pl->country_fips, "%s", co->fips);
        /* Palestine has no FIPS code of its own: FIPS, and GeoNames' admin1 codes, name
           its parts (GZ Gaza Strip, WE West Bank) */
        if (!co->fips[0] && !strcmp(co->iso2, "PS") && (!strcmp(city->adm1, "GZ") || !strcmp(city->adm1, "WE")))
            memcpy(pl->country_fips, city->adm1, 3); /* "GZ" or "WE" and its NUL */
    }
    if (pl->country_fips[0] && co && !co->fips[0]) snprintf(pl->adm1, sizeof pl->adm1, "%s", pl->country_fips);
    else snprintf(pl->adm1, sizeof pl->adm1, "%s%s", co && co->fips[0] ? co->fips : city->iso2, city->adm1);
    pl->has_coords = 1;
    pl->lat = city->lat;
    pl->lon = city->lon;
    snprintf(pl->feature_id, sizeof pl->feature_id, "%u", city->id);
}

static void fill_country(rp_place *pl, const rpi_country *co)
{
    pl->type = RP_GEO_COUNTRY;
    snprintf(pl->name, sizeof pl->name, "%s", co->name);
    snprintf(pl->full_name, sizeof pl->full_name, "%s", co->name);
    snprintf(pl->country, sizeof pl->country, "%s", co->iso3);
    snprintf(pl->country_fips, sizeof pl->country_fips, "%s", co->fips);
    snprintf(pl->adm1, sizeof pl->adm1, "%s", co->fips);
    snprintf(pl->feature_id, sizeof pl->feature_id, "%s", co->fips[0] ? co->fips : co->iso2);
}

/* The longest gazetteer name at token i (capitalised), its best city in *city. */
/* How likely a city is meant: its population, five times for a country the article
 * names, a thousand times when the words after it say so ("Tripoli, nel nord del Libano",
 * "Birmingham, Alabama", "Hyderabad, in Pakistan's Sindh province"). */
static double city_weight(const rp_context *c, const rpi_city *cy, size_t si, uint32_t te, uint32_t end)
{
    double w = (double)cy->population + 1;
    const rpi_country *co = country_by_iso2(cy->iso2);
    if (co && doc_names_country(c, co->iso3)) w *= NAMED_COUNTRY_WEIGHT;
    const char *txt = rp_doc_text(c->doc);
    if (te + 1 < end && txt[tok(c, te)->start] == ',') {
        size_t al = strlen(cy->adm1_name);
        const char *at = txt + tok(c, te + 1)->start;
        if (al && tok(c, te + 1)->start + al <= rp_doc_text_len(c->doc) && !strncasecmp(at, cy->adm1_name, al) &&
            !isalpha((unsigned char)at[al]))
            return w * 1000;
    }
    for (size_t k = ms_from(c, si); co && k < c->nms && c->ms[k].sentence == si; k++) {
        const rp_mention *m = &c->ms[k].m;
        if (m->tok_begin >= te && m->tok_begin <= te + 8 && !strcmp(m->code, co->iso3)) return w * 1000; /* the country itself, not "(AP)" */
    }
    return w;
}

static uint32_t city_at(rp_context *c, const gaz_index *g, size_t si, uint32_t i, uint32_t end, uint32_t *city, int *ncand)
{
    const rp_token *t = tok(c, i);
    if (!(t->flags & RP_TOK_UPPER)) return 0;
    uint32_t best_n = 0;
    double best_w = 0;
    for (uint32_t k = rpi_map_get(&g->first, t->form_hash); k != RPI_NONE; k = g->v[k].next) {
        const gaz_name *gn = &g->v[k];
        if (gn->ntok < best_n || i + gn->ntok > end) continue;
        uint32_t j = 1;
        for (; j < gn->ntok; j++)
            if (tok(c, i + j)->form_hash != g->toks[gn->tok_off + j]) break;
        if (j < gn->ntok) continue;
        double w = city_weight(c, &rpi_cities[gn->city], si, i + gn->ntok, end);
        if (gn->ntok > best_n) { best_n = gn->ntok; *city = gn->city; *ncand = 1; best_w = w; continue; }
        if (gn->city == *city) continue; /* the same city under another of its names */
        /* another city of the same name: the likelier (Moscow, Russia over Moscow, Idaho;
           Geneva over Geneva, Illinois even in an article about the United States) */
        (*ncand)++;
        if (w > best_w) { *city = gn->city; best_w = w; }
    }
    uint32_t after;
    if (best_n && list_at(c, RPI_LX_NOT_PLACES, i, end, &after, NULL) && after >= i + best_n) return 0;
    return best_n;
}

/* Is [tb, te) part of a longer name: inside a longer actor mention ("Vladimir Putin"),
 * or followed by a capitalised word ("Washington Post")? */
static int part_of_name(const rp_context *c, size_t mi, size_t si, uint32_t tb, uint32_t te, uint32_t end)
{
    for (size_t k = mi; k < c->nms && c->ms[k].sentence == si; k++) {
        const rp_mention *m = &c->ms[k].m;
        if (m->tok_begin > tb || te > m->tok_end || m->tok_end - m->tok_begin <= te - tb) continue;
        /* a longer name has another capitalised word ("Vladimir Putin"); "Riad il
           presidente" (a city and an agent) does not */
        for (uint32_t j = m->tok_begin; j < m->tok_end; j++)
            if ((j < tb || j >= te) && (tok(c, j)->flags & RP_TOK_UPPER)) return 1;
    }
    if (te < end && (tok(c, te)->flags & (RP_TOK_UPPER | RP_TOK_WORD)) == (RP_TOK_UPPER | RP_TOK_WORD)) return 1;
    /* after a capitalised word that does not open the sentence: "Andrea Orlando", "Mar
       Rosso" (a name's first word opening a sentence is capitalised anyway) */
    const rp_sentence *s = rp_doc_sentence(c->doc, si);
    return tb > s->tok_begin + 1 && (tok(c, tb - 1)->flags & (RP_TOK_UPPER | RP_TOK_WORD)) == (RP_TOK_UPPER | RP_TOK_WORD) &&
           !(tok(c, tb - 1)->flags & RP_TOK_NUMBER);
}

/* Is [tb, te) the name of a country the coder found there ("Lebanon", not Lebanon,
 * Tennessee), other than the city's own (Singapore, Kuwait)? */
static int country_named(const rp_context *c, const gaz_index *g, size_t mi, size_t si, uint32_t tb, uint32_t te,
                         const rpi_city *city)
{
    for (size_t k = mi; k < c->nms && c->ms[k].sentence == si; k++) {
        const rp_mention *m = &c->ms[k].m;
        if (m->tok_begin != tb || m->tok_end != te || strlen(m->code) != 3) continue;
        const rpi_country *co = country_by_iso3(m->code), *own = country_by_iso2(city->iso2);
        if (!co || co == own) return 0;
        /* a capital standing for its country ("Tripoli" for Libya) is a city: some city of
           that name lies in that country; "Lebanon" has none in Lebanon */
        for (uint32_t q = rpi_map_get(&g->first, tok(c, tb)->form_hash); q != RPI_NONE; q = g->v[q].next)
            if (g->v[q].ntok == te - tb && !strcmp(rpi_cities[g->v[q].city].iso2, co->iso2)) return 0;
        return 1;
    }
    return 0;
}

/* A place preposition up to two words before token i, with only lower-case words
 * between: "in southern Italy", "in eastern Ukraine". */
static int locative_before(const rp_context *c, uint32_t sb, uint32_t i)
{
    for (uint32_t k = 1; k <= 3 && i >= sb + k; k++) {
        const rp_token *t = tok(c, i - k);
        if (tok_in(&c->lang->locative, t)) return k > 1;
        if (!(t->flags & RP_TOK_WORD) || (t->flags & (RP_TOK_UPPER | RP_TOK_NUMBER)) ||
            !list_at(c, RPI_LX_PLACE_ADJECTIVES, i - k, i, NULL, NULL))
            return 0; /* "in cambio Israele", "in return Israel" are no places */
    }
    return 0;
}

/* Is token i written in capitals only ("DAX", "ROMA")? */
static int all_caps(const rp_context *c, uint32_t i)
{
    const char *t = rp_doc_text(c->doc);
    int letters_ = 0;
    for (uint32_t k = tok(c, i)->start; k < tok(c, i)->end; k++) {
        if (t[k] >= 'a' && t[k] <= 'z') return 0;
        if (t[k] >= 'A' && t[k] <= 'Z') letters_++;
    }
    return letters_ > 1;
}

/* Where a sentence's words begin after an agency's mark: "(ANSA-AFP) - TOKYO, 13 MAR -"
 * begins at TOKYO. */
static uint32_t body_start(const rp_context *c, const rp_sentence *s)
{
    uint32_t i = s->tok_begin;
    const char *txt = rp_doc_text(c->doc);
    if (i < s->tok_end && txt[tok(c, i)->start] == '(') {
        uint32_t k = i + 1;
        while (k < s->tok_end && k < i + 8 && txt[tok(c, k)->start] != ')') k++;
        if (k < s->tok_end && txt[tok(c, k)->start] == ')') i = k + 1;
        while (i < s->tok_end && !(tok(c, i)->flags & RP_TOK_WORD)) i++; /* the dash */
    }
    return i;
}

static rp_rc add_place(rp_context *c, const rp_place *pl)
{
    if (RPI_GROW(c->places, c->cap_places, c->nplaces + 1)) return RP_ENOMEM;
    c->places[c->nplaces++] = *pl;
    return RP_OK;
}

static rp_rc do_places(rp_context *c)
{
    const gaz_index *g;
    rp_rc rc = gaz_for(c, &g);
    if (rc) return rc;
    size_t nsent = rp_doc_sentence_count(c->doc);
    /* the dateline: the first words of the body, before a comma or a dash */
    size_t first = 0;
    while (first < nsent && rp_doc_sentence(c->doc, first)->is_title) first++;
    size_t mi = 0;
    for (size_t si = 0; si < nsent; si++) {
        const rp_sentence *s = rp_doc_sentence(c->doc, si);
        while (mi < c->nms && c->ms[mi].sentence < si) mi++;
        for (uint32_t i = s->tok_begin; i < s->tok_end;) {
            uint32_t city = 0, after;
            int ncand = 0;
            uint32_t n = 0;
            const rpi_phrase *alias;
            /* the language's own names first (places: Kiev, Riad, Washington) */
            if ((tok(c, i)->flags & RP_TOK_UPPER) && list_at(c, RPI_LX_PLACES, i, s->tok_end, &after, &alias)) {
                uint32_t cy = city_by_id((uint32_t)alias->value);
                if (cy != RPI_NONE) { city = cy; n = after - i; ncand = 1; }
            }
            if (!n) n = city_at(c, g, si, i, s->tok_end, &city, &ncand);
            if (!n) { i++; continue; }
            const char *txt = rp_doc_text(c->doc);
            int dateline = (si == first || (si == 0 && first >= nsent)) && i == body_start(c, s) && i + n < s->tok_end &&
                           (txt[tok(c, i + n)->start] == ',' || txt[tok(c, i + n)->start] == '-' ||
                            txt[tok(c, i + n)->start] == '(' ||
                            !strncmp(txt + tok(c, i + n)->start, "\xe2\x80\x94", 3) ||
                            !strncmp(txt + tok(c, i + n)->start, "\xe2\x80\x93", 3));
            int opening = i == s->tok_begin || i == body_start(c, s) || (tok(c, i - 1)->flags & RP_TOK_QUOTE);
            if ((n == 1 && !dateline && all_caps(c, i) && tok(c, i)->end - tok(c, i)->start <= 4) || /* "DAX" */
                part_of_name(c, mi, si, i, i + n, s->tok_end) || country_named(c, g, mi, si, i, i + n, &rpi_cities[city]) ||
                (n == 1 && opening && !dateline && rpi_cities[city].population < OPENING_MIN_POP)) {
                i += n;
                continue;
            }
            rp_place pl = {0};
            pl.start = tok(c, i)->start;
            pl.end = tok(c, i + n - 1)->end;
            pl.sentence = si;
            fill_city(&pl, &rpi_cities[city]);
            pl.candidates = ncand;
            pl.ambiguous = ncand > 1;
            pl.dateline = dateline;
            if (dateline && c->dateline == SIZE_MAX) c->dateline = c->nplaces;
            if ((rc = add_place(c, &pl))) return rc;
            i += n;
        }
        /* countries after a place preposition ("in Russia", "in southern Italy"); every
           country named is kept aside too, for where a visit happens; "la capitale
           ucraina", "the Ukrainian capital" are the country's capital */
        for (size_t k = mi; k < c->nms && c->ms[k].sentence == si; k++) {
            const rp_mention *m = &c->ms[k].m;
            if (strlen(m->code) != 3) continue;
            const rpi_country *co = country_by_iso3(m->code);
            if (!co) continue;
            uint32_t cb = m->tok_begin, ce = m->tok_end, after;
            /* "la capitale ucraina" (the phrase with its feminine article: "il capitale" is
               money), "the Ukrainian capital" (after an article: "Chinese capital" is money) */
            int found = 0;
            for (uint32_t b = cb > s->tok_begin + 3 ? cb - 3 : s->tok_begin; !found && b < cb; b++)
                if (list_at(c, RPI_LX_CAPITAL, b, cb, &after, NULL) && after == cb) { cb = b; found = 1; }
            if (!found && cb > s->tok_begin && tok_in(&c->lang->articles, tok(c, cb - 1)) &&
                list_at(c, RPI_LX_CAPITAL, ce, s->tok_end, &after, NULL))
                ce = after;
            uint32_t cap = co->capital && (cb < m->tok_begin || ce > m->tok_end) ? city_by_id(co->capital) : RPI_NONE;
            if (cap != RPI_NONE) {
                rp_place pl = {0};
                pl.start = tok(c, cb)->start;
                pl.end = tok(c, ce - 1)->end;
                pl.sentence = si;
                fill_city(&pl, &rpi_cities[cap]);
                pl.candidates = 1;
                if ((rc = add_place(c, &pl))) return rc;
                continue;
            }
            rp_place pl = {0};
            pl.start = m->start;
            pl.end = m->end;
            pl.sentence = si;
            fill_country(&pl, co);
            pl.candidates = 1;
            if (RPI_GROW(c->countries, c->cap_countries, c->ncountries + 1)) return RP_ENOMEM;
            c->countries[c->ncountries++] = pl;
            if (!m->locative && !locative_before(c, s->tok_begin, m->tok_begin)) continue;
            int dup = 0;
            for (size_t p = 0; p < c->nplaces; p++)
                if (c->places[p].start < m->end && m->start < c->places[p].end) dup = 1;
            if (dup) continue;
            if ((rc = add_place(c, &pl))) return rc;
        }
    }
    return RP_OK;
}

/* ---- 6. quotes ---- */

/* The quotation mark at text[i]: 1 opening, 2 closing, 3 straight ("), 0 none; its
 * length in *n. */
static int quote_mark(const char *t, size_t i, size_t len, size_t *n)
{
    const unsigned char *u = (const unsigned char *)t + i;
    if (u[0] == '"') { *n = 1; return 3; }
    if (i + 1 < len && u[0] == 0xc2 && u[1] == 0xab) { *n = 2; return 1; }        /* « */
    if (i + 1 < len && u[0] == 0xc2 && u[1] == 0xbb) { *n = 2; return 2; }        /* » */
    if (i + 2 < len && u[0] == 0xe2 && u[1] == 0x80) {
        if (u[2] == 0x9c || u[2] == 0x9e) { *n = 3; return 1; }                   /* “ „ */
        if (u[2] == 0x9d) { *n = 3; return 2; }                                    /* ” */
    }
    return 0;
}

static size_t sentence_of(const rp_context *c, uint32_t off)
{
    size_t lo = 0, hi = rp_doc_sentence_count(c->doc);
    while (lo + 1 < hi) {
        size_t mid = (lo + hi) / 2;
        if (rp_doc_sentence(c->doc, mid)->start <= off) lo = mid;
        else hi = mid;
    }
    return lo;
}

static uint32_t tok_at_or_after(const rp_context *c, uint32_t off)
{
    size_t lo = 0, hi = rp_doc_token_count(c->doc);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (tok(c, (uint32_t)mid)->start < off) lo = mid + 1;
        else hi = mid;
    }
    return (uint32_t)lo;
}

static int in_quote(const rp_context *c, uint32_t off);

/* The speaker of a quote [qs, qe) (bytes, marks included) opened in sentence si. */
static void attribute(rp_context *c, rp_quote *q, uint32_t qs, uint32_t qe, size_t si, size_t sj)
{
    const rp_sentence *s = rp_doc_sentence(c->doc, si), *s2 = rp_doc_sentence(c->doc, sj);
    uint32_t open = tok_at_or_after(c, qs);
    size_t k0 = ms_from(c, si), k1 = ms_from(c, sj + 1); /* the mentions of the quote's sentences */
    /* a mention before a colon before the quote, opening its clause: Putin: "..." */
    if (open > s->tok_begin + 1 && rp_doc_text(c->doc)[tok(c, open - 1)->start] == ':') {
        for (size_t k = k0; k < k1; k++) {
            const ment *m = &c->ms[k];
            if (m->sentence != si || m->m.tok_end != open - 1) continue;
            uint32_t b = m->m.tok_begin;
            while (b > s->tok_begin && tok_in(&c->lang->articles, tok(c, b - 1))) b--;
            if (b == s->tok_begin || rp_doc_text(c->doc)[tok(c, b - 1)->start] == ',') {
                snprintf(q->speaker, sizeof q->speaker, "%s", m->m.code);
                q->speaker_start = m->m.start;
                q->speaker_end = m->m.end;
                q->how = "colon";
                return;
            }
        }
    }
    if (!c->lx) return;
    /* a verb of saying, or "according to", outside the quote in its sentences */
    for (uint32_t i = s->tok_begin; i < s2->tok_end; i++) {
        if (tok(c, i)->start >= qs && tok(c, i)->end <= qe) continue;
        uint32_t after;
        if (list_at(c, RPI_LX_ACCORDING, i, s2->tok_end, &after, NULL)) {
            for (size_t k = k0; k < k1; k++)
                if (c->ms[k].m.tok_begin >= after && c->ms[k].m.tok_begin <= after + 1) {
                    snprintf(q->speaker, sizeof q->speaker, "%s", c->ms[k].m.code);
                    q->speaker_start = c->ms[k].m.start;
                    q->speaker_end = c->ms[k].m.end;
                    q->how = "according";
                    return;
                }
            continue;
        }
        if (!list_at(c, RPI_LX_SPEECH, i, s2->tok_end, &after, NULL)) continue;
        /* after the quote, the verb's speaker may follow it ("«...», ha detto Putin");
           before the quote, it is the subject ("Putin ha accusato Israele: «...»", where
           the actor after the verb is its object) */
        const ment *after_verb = NULL, *subject = NULL;
        for (size_t k = k0; k < k1; k++) {
            const ment *m = &c->ms[k];
            if (m->m.tok_begin >= after && m->m.tok_begin <= after + SPEAKER_AFTER && !m->m.in_pp &&
                !(m->m.start >= qs && m->m.end <= qe)) { after_verb = m; break; }
        }
        for (size_t k = k0; k < k1; k++) { /* the nearest mention before the verb, not after a preposition */
            const ment *m = &c->ms[k];
            if (m->sentence < si || m->m.tok_end > i || m->m.in_pp || (m->m.start >= qs && m->m.end <= qe)) continue;
            if (m->m.tok_begin < s->tok_begin) continue;
            subject = m;
        }
        int verb_after_quote = tok(c, i)->start >= qe;
        /* "«...», a senior official told Reuters": the subject between the quote and the
           verb speaks; the actor after "told" is who was told */
        int subject_between = subject && subject->m.start >= qe;
        const ment *best = verb_after_quote ? (subject_between ? subject : after_verb ? after_verb : subject)
                                            : (subject ? subject : after_verb);
        if (!best && si > 0) {
            /* "«...», ha concluso." / "\"...,\" he said.": no actor outside the quote; the
               speaker is the subject of the sentence before (its first actor, not after a
               preposition) */
            int others = 0;
            for (size_t k = k0; k < k1; k++)
                if (!(c->ms[k].m.start >= qs && c->ms[k].m.end <= qe)) others = 1;
            for (size_t k = ms_from(c, si - 1); !others && k < k0; k++)
                if (!c->ms[k].m.in_pp && !in_quote(c, c->ms[k].m.start)) { best = &c->ms[k]; break; }
        }
        if (best) {
            snprintf(q->speaker, sizeof q->speaker, "%s", best->m.code);
            q->speaker_start = best->m.start;
            q->speaker_end = best->m.end;
            q->how = "speech";
            return;
        }
    }
}

/* A quote with no speaker of its own that follows, in the next sentence at most and with
 * no actor named in between, a quote with one: the same speaker goes on ("«...», ha
 * sottolineato Blinken. «Continueremo ad aiutare l'Ucraina»"). */
static void continued(rp_context *c, rp_quote *q, uint32_t open)
{
    if (q->speaker[0] || !c->nquotes) return;
    const rp_quote *prev = &c->quotes[c->nquotes - 1];
    if (!prev->speaker[0] || q->sentence > prev->sentence + 1) return;
    for (size_t k = ms_from(c, prev->sentence), k1 = ms_from(c, q->sentence + 1); k < k1; k++) {
        /* an actor between them may be the new speaker */
        const rp_mention *m = &c->ms[k].m;
        if (m->start >= prev->end && m->end <= open && !(m->start >= prev->speaker_start && m->end <= prev->speaker_end)) return;
    }
    snprintf(q->speaker, sizeof q->speaker, "%s", prev->speaker);
    q->speaker_start = prev->speaker_start;
    q->speaker_end = prev->speaker_end;
    q->how = "continued";
}

/* "«...». Lo ha detto Tajani.": a short sentence right after the quote that opens with a
 * verb of saying names the speaker. */
static void said_after(rp_context *c, rp_quote *q, size_t sj)
{
    if (q->speaker[0] || !c->lx || sj + 1 >= rp_doc_sentence_count(c->doc)) return;
    const rp_sentence *n = rp_doc_sentence(c->doc, sj + 1);
    if (n->tok_end - n->tok_begin > 14) return;
    for (uint32_t i = n->tok_begin; i < n->tok_end && i < n->tok_begin + 4; i++) {
        uint32_t after;
        if (!list_at(c, RPI_LX_SPEECH, i, n->tok_end, &after, NULL)) continue;
        for (size_t k = ms_from(c, sj + 1), k1 = ms_from(c, sj + 2); k < k1; k++) {
            const rp_mention *m = &c->ms[k].m;
            if (m->tok_begin >= after && m->tok_begin <= after + SPEAKER_AFTER && !m->in_pp) {
                snprintf(q->speaker, sizeof q->speaker, "%s", m->code);
                q->speaker_start = m->start;
                q->speaker_end = m->end;
                q->how = "speech";
                return;
            }
        }
        return;
    }
}

static rp_rc do_quotes(rp_context *c)
{
    const char *t = rp_doc_text(c->doc);
    size_t len = rp_doc_text_len(c->doc);
    for (size_t i = 0; i < len;) {
        size_t n;
        int kind = quote_mark(t, i, len, &n);
        if (kind != 1 && kind != 3) { i++; continue; }
        /* the matching closing mark of the same family, on the same line */
        int guillemet = kind == 1 && (unsigned char)t[i] == 0xc2;
        size_t j = i + n, m = 0;
        int found = 0;
        for (; j < len && j - i < QUOTE_MAX_BYTES && t[j] != '\n'; j++) {
            int k2 = quote_mark(t, j, len, &m);
            if (!k2) continue;
            if (kind == 3 && k2 == 3) { found = 1; break; }
            if (kind == 1 && k2 == 2 && ((unsigned char)t[j] == 0xc2) == guillemet) { found = 1; break; }
        }
        if (!found) { i += n; continue; }
        uint32_t qs = (uint32_t)(i + n), qe = (uint32_t)j;
        uint32_t tb = tok_at_or_after(c, qs), te = tok_at_or_after(c, qe);
        int words = 0;
        for (uint32_t k = tb; k < te; k++) words += (tok(c, k)->flags & RP_TOK_WORD) != 0;
        if (words >= QUOTE_MIN_WORDS) {
            rp_quote q = {0};
            q.start = qs;
            q.end = qe;
            q.sentence = sentence_of(c, (uint32_t)i);
            q.how = "";
            size_t sj = sentence_of(c, (uint32_t)j);
            attribute(c, &q, (uint32_t)i, (uint32_t)(j + m), q.sentence, sj);
            said_after(c, &q, sj);
            continued(c, &q, (uint32_t)i);
            if (RPI_GROW(c->quotes, c->cap_quotes, c->nquotes + 1)) return RP_ENOMEM;
            c->quotes[c->nquotes++] = q;
        }
        i = j + m;
    }
    return RP_OK;
}

/* ---- the stage ---- */

rp_rc rp_context_analyze(rp_context *c, const rp_doc *doc, rp_coder *coder)
{
    if (!c || !doc || !coder) return RP_EINVAL;
    const rpi_lang *l = rpi_dict_lang(c->dict, rp_doc_lang(doc));
    if (!l) return RP_ELANG;
    c->doc = doc;
    c->lang = l;
    c->lx = l->ctx;
    c->date = rp_doc_date_num(doc);
    if (!c->date) { /* today, as the coder does */
        char today[11];
        time_t now = time(NULL);
        struct tm tmv;
        gmtime_r(&now, &tmv);
        strftime(today, sizeof today, "%Y-%m-%d", &tmv);
        c->date = rp_parse_date(today);
    }
    c->nms = c->nplaces = c->nquotes = c->namounts = c->ndates = c->ncountries = 0;
    size_t ntok = rp_doc_token_count(doc);
    if (RPI_GROW(c->used, c->cap_used, ntok + 1)) return RP_ENOMEM;
    memset(c->used, 0, ntok + 1);
    do_tone(c);
    rp_rc rc;
    for (size_t si = 0; si < rp_doc_sentence_count(doc); si++) {
        ment_cb u = {c, si, 0};
        rc = rp_coder_mentions(coder, doc, si, on_mention, &u);
        if (u.oom) return RP_ENOMEM;
        if (rc && rc != RP_ESTOP) return rc;
    }
    memset(c->named, 0, sizeof c->named);
    for (size_t i = 0; i < c->nms; i++) {
        int k = strlen(c->ms[i].m.code) >= 3 ? prefix_index(c->ms[i].m.code, 3) : -1; /* RUSGOV names RUS */
        if (k >= 0) c->named[k >> 3] |= (uint8_t)(1u << (k & 7));
    }
    c->dateline = SIZE_MAX;
    if ((rc = do_dates(c)) || (rc = do_amounts(c)) || (rc = do_places(c)) || (rc = do_quotes(c))) return rc;
    return RP_OK;
}

/* ---- per event ---- */

static int overlaps(uint32_t s, uint32_t e, const uint32_t span[2]) { return span[1] > span[0] && s < span[1] && span[0] < e; }

static uint32_t distance(uint32_t s, uint32_t e, const uint32_t verb[2])
{
    return e <= verb[0] ? verb[0] - e : s >= verb[1] ? s - verb[1] : 0;
}

/* Places inside a quotation are what someone said, not where the event happened. */
static int in_quote(const rp_context *c, uint32_t off)
{
    size_t lo = 0, hi = c->nquotes; /* the last quote opening at or before off */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c->quotes[mid].start <= off) lo = mid + 1;
        else hi = mid;
    }
    return lo > 0 && off < c->quotes[lo - 1].end;
}

/* Is there a clause word ("mentre", "while", ";") between [s, e) and the verb? The place of
 * another clause is not this event's. */
static int other_clause(const rp_context *c, uint32_t s, uint32_t e, const uint32_t verb[2])
{
    uint32_t a = e <= verb[0] ? e : verb[1], b = e <= verb[0] ? verb[0] : s;
    if (a >= b) return 0;
    for (uint32_t i = tok_at_or_after(c, a); i < rp_doc_token_count(c->doc) && tok(c, i)->start < b; i++)
        if (tok_in(&c->lang->clause, tok(c, i))) return 1;
    return 0;
}

const rp_place *rp_context_event_place(const rp_context *c, const rp_event *ev)
{
    if (!c || !ev) return NULL;
    const rp_place *best = NULL, *dateline = c->dateline < c->nplaces ? &c->places[c->dateline] : NULL;
    uint32_t bd = UINT32_MAX;
    size_t p0 = places_from(c, ev->sentence), p1 = places_from(c, ev->sentence + 1);
    size_t m0 = ms_from(c, ev->sentence), m1 = ms_from(c, ev->sentence + 1);
    /* the place visited (042), attacked (roots 18-20) or hosting (043) comes first:
       "volato da Gerusalemme a Washington" is a visit to Washington */
    const uint32_t *where = !strncmp(ev->code, "042", 3) || (ev->root >= 18 && ev->root <= 20) ? ev->target_span
                          : !strncmp(ev->code, "043", 3) ? ev->source_span : NULL;
    for (size_t i = p0; where && i < p1; i++)
        if (!c->places[i].dateline && overlaps(c->places[i].start, c->places[i].end, where)) return &c->places[i];
    for (size_t i = p0; i < p1; i++) {
        const rp_place *p = &c->places[i];
        if (p->dateline || in_quote(c, p->start) || other_clause(c, p->start, p->end, ev->verb_span)) continue;
        int actor = overlaps(p->start, p->end, ev->source_span) || overlaps(p->start, p->end, ev->target_span);
        for (size_t k = m0; !actor && k < m1; k++) { /* a capital standing for its government */
            const rp_mention *m = &c->ms[k].m; /* ("business with Moscow"; "a Varsavia" is a place) */
            if (m->start <= p->start && p->end <= m->end && !m->locative && !m->addressee) actor = 1;
        }
        if (p->type != RP_GEO_COUNTRY && actor) {
            /* a city named as an actor (the event's, or a capital for its government: "business
               with Moscow") is a place after a place preposition; for a meeting, a visit or
               an invitation (04x, 036) after any ("a Nuova Delhi"); and the
               city visited (042) or hosting (043) is where the visit happens */
            int meeting = !strncmp(ev->code, "03", 2) || !strncmp(ev->code, "04", 2) || !strncmp(ev->code, "05", 2);
            int attack = ev->root >= 18 && ev->root <= 20; /* "missili su Kiev": where it struck */
            int loc = ((!strncmp(ev->code, "042", 3) || attack) && overlaps(p->start, p->end, ev->target_span)) ||
                      (!strncmp(ev->code, "043", 3) && overlaps(p->start, p->end, ev->source_span));
            for (size_t k = m0; k < m1; k++)
                if (c->ms[k].m.start == p->start && (c->ms[k].m.locative || (meeting && c->ms[k].m.in_pp))) loc = 1;
            if (!loc) continue;
        }
        uint32_t d = distance(p->start, p->end, ev->verb_span);
        if (d < bd) { bd = d; best = p; }
    }
    if (best) return best;
    /* a visit happens in the country visited (042), a hosted visit in the host's (043) */
    const uint32_t *span = !strncmp(ev->code, "042", 3) ? ev->target_span : !strncmp(ev->code, "043", 3) ? ev->source_span : NULL;
    for (size_t i = countries_from(c, ev->sentence); span && i < c->ncountries && c->countries[i].sentence == ev->sentence; i++)
        if (overlaps(c->countries[i].start, c->countries[i].end, span))
            /* the dateline, when it is in that country, says more: "ROMA, 12 GEN - L'Italia ospita" */
            return dateline && !strcmp(dateline->country, c->countries[i].country) ? dateline : &c->countries[i];
    return dateline;
}

const rp_when *rp_context_event_date(const rp_context *c, const rp_event *ev)
{
    if (!c || !ev) return NULL;
    const rp_when *best = NULL;
    uint32_t bd = UINT32_MAX;
    for (size_t i = dates_from(c, ev->sentence); i < c->ndates && c->dates[i].sentence == ev->sentence; i++) {
        const rp_when *w = &c->dates[i];
        uint32_t d = distance(w->start, w->end, ev->verb_span);
        if (d < bd) { bd = d; best = w; }
    }
    return best;
}

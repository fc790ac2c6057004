/* Context stage: what a reader wants around an event, as GDELT's GKG carries it. Places
 * (a gazetteer of the world's cities and the countries), the article's tone, direct
 * quotes with their speakers, numbers and amounts, and dates resolved against the
 * article's date; and for each event where and when it happened (docs/context.md). */
#ifndef RAPPORTI_CONTEXT_H
#define RAPPORTI_CONTEXT_H

#include <stddef.h>
#include <stdint.h>

struct rp_dict;
struct rp_doc;
struct rp_coder;
struct rp_event;

/* GDELT's geographic types. */
typedef enum rp_geo_type {
    RP_GEO_COUNTRY = 1, RP_GEO_USSTATE = 2, RP_GEO_USCITY = 3, RP_GEO_WORLDCITY = 4, RP_GEO_WORLDSTATE = 5
} rp_geo_type;

/* A place named in the text. */
typedef struct rp_place {
    uint32_t start, end;       /* its words in the document text */
    size_t sentence;           /* sentence index */
    rp_geo_type type;          /* country, US city or world city */
    char name[64];             /* the gazetteer's name: "Moscow" */
    char full_name[160];       /* GDELT's full name: "Moscow, Moscow, Russia" */
    char country[4];           /* ISO 3166-1 alpha-3 (as actor codes): "RUS" */
    char country_fips[3];      /* FIPS 10-4 (GDELT's country code), "" when none */
    char adm1[16];             /* GDELT's ADM1 code: FIPS country + GeoNames admin1 code */
    int has_coords;            /* lat/lon known (cities; not countries) */
    double lat, lon;
    char feature_id[16];       /* GeoNames feature id; for a country its FIPS code */
    int candidates;            /* gazetteer entries with this name */
    int ambiguous;             /* candidates > 1: the most likely was chosen (a country the
                                  article names, else the most populous) */
    int dateline;              /* the article's dateline ("MOSCA, 30 dic.") */
} rp_place;

/* A direct quotation. */
typedef struct rp_quote {
    uint32_t start, end;       /* the quoted words, inside the marks */
    size_t sentence;           /* sentence where it opens */
    char speaker[32];          /* actor code of the speaker, "" when the text does not say */
    uint32_t speaker_start, speaker_end; /* the speaker's words (0, 0 when none) */
    const char *how;           /* "colon" (Putin: "..."), "speech" (a verb of saying),
                                  "according" (according to X), "continued" (the speaker
                                  of the quote before), "" (not attributed) */
} rp_quote;

typedef enum rp_amount_kind { RP_AMOUNT_PERCENT = 1, RP_AMOUNT_MONEY = 2, RP_AMOUNT_QUANTITY = 3 } rp_amount_kind;

/* A number with its unit and what it counts. */
typedef struct rp_amount {
    uint32_t start, end;       /* the number and its unit in the text */
    size_t sentence;
    rp_amount_kind kind;
    double value;              /* multipliers applied: "5 miliardi" = 5e9 */
    char unit[12];             /* "%", a currency (ISO 4217: "USD"), a unit ("t", "m3"), "" */
    int change;                /* +1 an increase ("aumentare ... del 25%", "+25%"), -1 a
                                  decrease, 0 neither */
    uint32_t object_start, object_end; /* what is counted or changed ("scambi commerciali"),
                                  0, 0 when the text does not say */
} rp_amount;

typedef enum rp_granularity {
    RP_GRAIN_DAY = 1, RP_GRAIN_WEEK = 2, RP_GRAIN_MONTH = 3, RP_GRAIN_SEASON = 4, RP_GRAIN_YEAR = 5
} rp_granularity;

/* A date or period named in the text, resolved against the document's date. */
typedef struct rp_when {
    uint32_t start, end;       /* its words */
    size_t sentence;
    int from, to;              /* YYYYMMDD, inclusive */
    rp_granularity grain;
    int relative;              /* resolved from the document's date (ieri, next spring) */
    int by;                    /* a deadline: "entro la fine dell'anno", "by March" */
} rp_when;

/* GDELT's tone of a document: tone = positive - negative, each the share of its words
 * (in percent) found in the language's polarity lexicon; polarity = their sum. */
typedef struct rp_tone {
    double tone, positive, negative, polarity;
    size_t words, positive_words, negative_words;
    int lexicon;               /* the language has a polarity lexicon (else all 0) */
} rp_tone;

typedef struct rp_context rp_context;

/* A context analyser over dict (which must outlive it), or NULL when out of memory. One
 * per thread. The gazetteer's index for a language is built at the process's first
 * document in that language (about 10 ms) and shared by every context. */
RP_API rp_context *rp_context_new(const struct rp_dict *dict);
RP_API void rp_context_free(rp_context *ctx);

/* Analyse an analysed document (rp_doc_analyze first); coder (of the same dictionary)
 * finds the actors that speak and the countries named. Results stay until the next call.
 * Returns RP_OK, RP_ENOMEM, RP_ELANG, RP_EINVAL. A language without context word lists
 * gets places and quotes only. */
RP_API rp_rc rp_context_analyze(rp_context *ctx, const struct rp_doc *doc, struct rp_coder *coder);

RP_API size_t rp_context_place_count(const rp_context *ctx);
RP_API const rp_place *rp_context_place(const rp_context *ctx, size_t i);
RP_API size_t rp_context_quote_count(const rp_context *ctx);
RP_API const rp_quote *rp_context_quote(const rp_context *ctx, size_t i);
RP_API size_t rp_context_amount_count(const rp_context *ctx);
RP_API const rp_amount *rp_context_amount(const rp_context *ctx, size_t i);
RP_API size_t rp_context_date_count(const rp_context *ctx);
RP_API const rp_when *rp_context_date(const rp_context *ctx, size_t i);
RP_API const rp_tone *rp_context_tone(const rp_context *ctx);

/* Where an event of the analysed document happened: the place of its sentence nearest
 * its verb that is not one of its actors (a place after "in"/"a" counts), else the
 * dateline; NULL when the text does not say. */
RP_API const rp_place *rp_context_event_place(const rp_context *ctx, const struct rp_event *ev);

/* When: the date named in the event's sentence nearest its verb; NULL when none (the
 * document's date then stands). */
RP_API const rp_when *rp_context_event_date(const rp_context *ctx, const struct rp_event *ev);

/* "YYYY-MM-DD" of a YYYYMMDD number into out[11]. */
RP_API void rp_date_format(int ymd, char out[11]);

#endif

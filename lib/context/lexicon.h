/* The context word lists of a language (dicts/LANG/context/words.txt and tone.txt,
 * docs/context.md): dates, amounts, speech verbs and the polarity lexicon, loaded with
 * the language's dictionaries and used by the context stage (context.c). */
#ifndef RP_LEXICON_H
#define RP_LEXICON_H

#include "../dict/loader.h"

/* One entry of a list: a phrase of one or more words and its value. */
typedef struct rpi_phrase {
    uint32_t tok_off, ntok;   /* token hashes in rpi_wordlist.toks */
    int64_t value;            /* number (month, offset, multiplier...) */
    char sval[12];            /* text value (currency code, unit, period name) */
    uint32_t next;            /* next phrase with the same first token, RPI_NONE at end */
} rpi_phrase;

/* A list of phrases matched on the tokens' normalised forms (or stems). */
typedef struct rpi_wordlist {
    rpi_phrase *v; size_t n, cap;
    uint64_t *toks; size_t ntoks, cap_toks;
    rpi_map first;            /* hash of the first token -> first phrase */
    int stem;                 /* 1: compare stems (speech verbs), 0: normalised forms */
    uint64_t bloom[16];       /* bit (hash & 1023) of every first token: most tokens of a
                                 text are in no list and are turned away without a lookup */
} rpi_wordlist;

enum {
    RPI_LX_MONTHS, RPI_LX_WEEKDAYS, RPI_LX_SEASONS, RPI_LX_DAYS, RPI_LX_PERIODS,
    RPI_LX_LAST, RPI_LX_NEXT, RPI_LX_THIS, RPI_LX_AGO, RPI_LX_AFTER, RPI_LX_BY,
    RPI_LX_END, RPI_LX_START, RPI_LX_NUMBERS, RPI_LX_PERCENT, RPI_LX_MULTIPLIERS,
    RPI_LX_CURRENCIES, RPI_LX_UNITS, RPI_LX_OF, RPI_LX_CHANGE_BY, RPI_LX_SPEECH,
    RPI_LX_ACCORDING, RPI_LX_NOT_PLACES, RPI_LX_INCREASE, RPI_LX_DECREASE,
    RPI_LX_PLACES, RPI_LX_OBJECT_STOP, RPI_LX_YEAR_AFTER, RPI_LX_FUTURE, RPI_LX_FUTURE_ENDINGS,
    RPI_LX_RANGE_TO, RPI_LX_MIDDLE, RPI_LX_HALF, RPI_LX_PLACE_ADJECTIVES, RPI_LX_QUARTERS,
    RPI_LX_CAPITAL,
    RPI_LX_COUNT
};

typedef struct rpi_ctxlex {
    rpi_wordlist lists[RPI_LX_COUNT];
    char decimal;             /* decimal separator of numbers: ',' (it) or '.' (en) */
    int adjectives_before;    /* adjectives come before the noun (en): "180 ballistic missiles" */
    char endings[16][12];     /* future-endings: verb endings that mark the future ("erà") */
    int nendings;
    uint64_t date_bloom[16];  /* the first words of every list a date can start with */
    rpi_map tone;             /* stem hash -> 1 positive, 2 negative */
    size_t tone_pos, tone_neg;/* entries */
} rpi_ctxlex;

/* Load DIR/words.txt and DIR/tone.txt (both optional; a missing folder is no error)
 * into the loader's language. Errors name file and line. */
rp_rc rpi_ctxlex_load(rpi_loader *ld, const char *dir);
void rpi_ctxlex_free(rpi_ctxlex *lx);

/* The longest phrase of list w starting at token i of [i, end) in doc: its index, the
 * token after it in *after; RPI_NONE when none. */
struct rp_doc;
uint32_t rpi_wordlist_match(const rpi_wordlist *w, const struct rp_doc *doc, uint32_t i, uint32_t end, uint32_t *after);

#endif

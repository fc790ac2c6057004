/* Internal tokenizer and normaliser, shared by the document analyser and the dictionary
 * loader so that names, patterns and news text are cut and folded the same way. */
#ifndef RP_TEXT_INT_H
#define RP_TEXT_INT_H

#include "../dict/dict_int.h"

typedef struct rpi_rawtok {
    uint32_t start, end;  /* byte span */
    uint32_t flags;       /* RP_TOK_* */
} rpi_rawtok;

typedef struct rpi_tokens {
    rpi_rawtok *v; size_t n, cap;
} rpi_tokens;

/* Cut valid UTF-8 text into tokens (appended to *out). 0 ok, -1 out of memory. */
int rpi_tokenize(const char *s, size_t len, rpi_apostrophe mode, rpi_tokens *out);

/* Scratch space for rpi_normalize (reused across calls: no allocation per token). */
typedef struct rpi_normbuf {
    int32_t *cps; size_t cap;   /* code points */
    rpi_buf tmp;                /* punctuation-mapped copy */
} rpi_normbuf;
void rpi_normbuf_free(rpi_normbuf *nb);

/* Append the normalised form of s[0..len) (NFC, case folded, typographic apostrophes,
 * quotes and dashes made plain) to out. 0 ok, -1 out of memory. */
int rpi_normalize(const char *s, size_t len, rpi_buf *out, rpi_normbuf *nb);

#define RP_STEM_SLOTS 4

/* A document (rp_doc), here for the inline accessors below: the coder reads tokens and
 * normal forms many times a sentence. Only doc.c writes it. */
struct sb_stemmer;
struct rp_doc {
    rpi_buf text;            /* validated text */
    rpi_buf err;             /* last error */
    char *id;                /* document id, NULL when unset */
    char date[11];           /* YYYY-MM-DD or "" */
    int date_num;            /* YYYYMMDD or 0 */
    char lang[8];            /* "it", "en" or "" */
    size_t replaced;         /* invalid bytes replaced (lenient) */
    rpi_tokens raw;          /* tokenizer output */
    rp_token *toks; size_t ntoks, cap_toks;
    rp_sentence *sents; size_t nsents, cap_sents;
    rpi_buf norm;            /* normalised forms and stems */
    rpi_normbuf nb;          /* normaliser scratch */
    /* A Snowball stemmer and its cache of stems per stemmer language, so that a stream
     * of documents in several languages keeps its caches (RP_STEM_SLOTS languages; the
     * one used longest ago gives way to a new one). */
    struct stem_slot {
        struct sb_stemmer *stemmer;
        char lang[32];
        unsigned long used;      /* last use, for replacement */
        rpi_map cache;           /* form hash -> index in ents */
        struct stem_ent {
            uint32_t off, len;   /* the stem in text; off RPI_NONE: the stem is the form */
            uint64_t hash;
        } *ents; size_t nents, cap_ents;
        rpi_buf text;            /* the cached stems */
        /* What phase 2 made of a token's bytes (news text repeats its words): raw hash
         * -> index in words; one look-up instead of normalising, hashing and stemming */
        rpi_map word_index;
        struct word_ent {
            uint32_t raw_off, raw_len;   /* the token's bytes in wtext (checked on a hit) */
            uint32_t norm_off, norm_len; /* its normal form in wtext */
            uint32_t stem_off, stem_len; /* its stem in wtext; stem_off RPI_NONE: the form */
            uint64_t form_hash, stem_hash;
            uint32_t stemmed;            /* a word and no number (stems from Snowball) */
        } *words; size_t nwords, cap_words;
        rpi_buf wtext;           /* their bytes */
    } slots[RP_STEM_SLOTS], *slot;
    unsigned long uses;
};

/* rp_doc_token, rp_doc_norm and rp_doc_text inline, for the library (same answers). */
static inline const rp_token *rpi_doc_token(const rp_doc *doc, size_t i) { return i < doc->ntoks ? &doc->toks[i] : NULL; }
static inline const char *rpi_doc_norm(const rp_doc *doc) { return doc->norm.data ? doc->norm.data : ""; }
static inline const char *rpi_doc_text(const rp_doc *doc) { return doc->text.data ? doc->text.data : ""; }

#endif

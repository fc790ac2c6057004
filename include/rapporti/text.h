/* Text stage: a document's bytes validated as UTF-8, its language, and its analysis
 * into sentences and normalised, stemmed tokens whose offsets point into the original. */
#ifndef RAPPORTI_TEXT_H
#define RAPPORTI_TEXT_H

#include <stddef.h>
#include <stdint.h>

struct rp_dict;

/* Token flags. */
enum {
    RP_TOK_WORD = 1 << 0,   /* letters or digits (otherwise punctuation or symbol) */
    RP_TOK_UPPER = 1 << 1,  /* the original starts with an upper-case letter */
    RP_TOK_QUOTE = 1 << 2,  /* a quotation mark (normalised to ") */
    RP_TOK_TERM = 1 << 3,   /* sentence-final punctuation: . ! ? ... */
    RP_TOK_NUMBER = 1 << 4  /* starts with a digit */
};

/* One token: a word or a punctuation mark. */
typedef struct rp_token {
    uint32_t start, end;        /* byte span in the document's original text */
    uint32_t norm_off, norm_len;/* normalised form in rp_doc_norm() (NFC, case-folded) */
    uint32_t stem_off, stem_len;/* Snowball stem of the normalised form, same buffer */
    uint64_t form_hash;         /* hash of the normalised form (dictionary key) */
    uint64_t stem_hash;         /* hash of the stem (dictionary key) */
    uint32_t flags;             /* RP_TOK_* */
} rp_token;

/* One sentence: a run of tokens. */
typedef struct rp_sentence {
    uint32_t start, end;         /* byte span in the original text */
    uint32_t tok_begin, tok_end; /* token index range [begin, end) */
    int is_title;                /* the document's first line (its title) */
} rp_sentence;

typedef struct rp_doc rp_doc;

/* Flags for rp_doc_set_text. */
enum {
    RP_TEXT_LENIENT = 1 << 0  /* replace invalid UTF-8 by U+FFFD instead of failing */
};

/* A new empty document, or NULL when out of memory. Free with rp_doc_free.
 * A document can be reused: rp_doc_set_text resets it and keeps its buffers. */
RP_API rp_doc *rp_doc_new(void);

/* Free a document; NULL is harmless. */
RP_API void rp_doc_free(rp_doc *doc);

/* Set the document's text (copied). Validates UTF-8: on invalid bytes returns RP_EUTF8
 * with the byte offset in rp_doc_errmsg, unless RP_TEXT_LENIENT is given, in which case
 * each invalid byte becomes U+FFFD and rp_doc_replaced() counts them. Offsets of tokens
 * then point into the repaired text (rp_doc_text). Clears id, date, language and
 * analysis. */
RP_API rp_rc rp_doc_set_text(rp_doc *doc, const char *text, size_t len, unsigned flags);

/* Metadata. Strings are copied; NULL clears. The date is "YYYY-MM-DD" (RP_EINVAL if
 * malformed); the language an ISO 639-1 code such as "it" or "en". */
RP_API rp_rc rp_doc_set_id(rp_doc *doc, const char *id);
RP_API rp_rc rp_doc_set_date(rp_doc *doc, const char *date);
RP_API rp_rc rp_doc_set_lang(rp_doc *doc, const char *lang);

RP_API const char *rp_doc_text(const rp_doc *doc);    /* the (validated) text */
RP_API size_t rp_doc_text_len(const rp_doc *doc);
RP_API const char *rp_doc_id(const rp_doc *doc);      /* "" when unset */
RP_API const char *rp_doc_date(const rp_doc *doc);    /* "" when unset */
RP_API int rp_doc_date_num(const rp_doc *doc);        /* YYYYMMDD, 0 when unset */
RP_API const char *rp_doc_lang(const rp_doc *doc);    /* "" when unset */
RP_API size_t rp_doc_replaced(const rp_doc *doc);     /* bytes replaced in lenient mode */
RP_API const char *rp_doc_errmsg(const rp_doc *doc);  /* last error, "" if none */

/* 1 when text[0..len) is valid UTF-8 without NUL bytes; else 0 with the offset of the
 * first bad byte in *bad (if not NULL). */
RP_API int rp_utf8_check(const char *text, size_t len, size_t *bad);

/* Detect the language of text with CLD2 (invalid UTF-8 gives ""; text need not be
 * NUL-terminated: CLD2 gets a padded copy). Returns an ISO 639-1 code ("it", "en", ...)
 * or "" when unknown (also when out of memory); *reliable (if not NULL) is set to
 * CLD2's verdict. */
RP_API const char *rp_detect_language(const char *text, size_t len, int *reliable);

/* Split the document into sentences and tokens with the language rules of dict (the
 * document's language must be set and loaded in dict, else RP_ELANG). */
RP_API rp_rc rp_doc_analyze(rp_doc *doc, const struct rp_dict *dict);

RP_API size_t rp_doc_sentence_count(const rp_doc *doc);
RP_API const rp_sentence *rp_doc_sentence(const rp_doc *doc, size_t i);
RP_API size_t rp_doc_token_count(const rp_doc *doc);
RP_API const rp_token *rp_doc_token(const rp_doc *doc, size_t i);
/* The buffer holding normalised forms and stems (see rp_token). */
RP_API const char *rp_doc_norm(const rp_doc *doc);

/* Parse "YYYY-MM-DD" into YYYYMMDD; returns 0 when malformed or not a real date. */
RP_API int rp_parse_date(const char *s);

#endif

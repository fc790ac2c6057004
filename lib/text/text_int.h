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

#endif

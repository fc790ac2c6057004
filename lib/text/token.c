/* Tokenizer: words (letters, marks, digits), numbers, dotted initials (U.S.), elided
 * Italian articles (dell' + agenzia), English clitics (Russia + 's, did + n't), and
 * single punctuation marks; plus the normaliser used for matching. */
#include <string.h>
#include <utf8proc.h>

#include "text_int.h"

static int is_word_cp(int32_t c)
{
    if (c < 128) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    utf8proc_category_t k = utf8proc_category(c);
    return (k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO) ||
           (k >= UTF8PROC_CATEGORY_MN && k <= UTF8PROC_CATEGORY_ME) ||
           (k >= UTF8PROC_CATEGORY_ND && k <= UTF8PROC_CATEGORY_NO);
}

/* Classes of ASCII bytes, for the fast path of ASCII text (bytes from 128 on are 0 here
 * and go through class_of, with utf8proc): word characters (is_word_cp), white space,
 * capitals, digits, quotes (is_quote) and the marks that may end a sentence. */
enum { CL_WORD = 1, CL_SPACE = 2, CL_UPPER = 4, CL_DIGIT = 8, CL_QUOTE = 16, CL_TERM = 32 };
static const unsigned char ascii_class[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    2, 32, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 32, 0,
    9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 0, 0, 0, 0, 0, 32,
    0, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5,
    5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
};

/* Bit 7 of each of the 8 bytes at s set where the byte is not an ASCII letter or digit
 * (CL_WORD below 128; first_byte finds the first): the sums are of 7-bit values, so no
 * byte carries into the next, and a byte past 127 is marked by its own high bit. */
static inline uint64_t not_alnum8(const char *s)
{
    const uint64_t ones = UINT64_C(0x0101010101010101), high = 0x80 * ones;
    uint64_t v;
    memcpy(&v, s, 8);
    uint64_t x = v & ~high;                  /* the low 7 bits */
    uint64_t lower = x | 0x20 * ones;        /* letters as small letters */
    uint64_t letter = (lower + 0x1F * ones) & ~(lower + 0x05 * ones); /* 0x61 <= b <= 0x7A */
    uint64_t digit = (x + 0x50 * ones) & ~(x + 0x46 * ones);          /* 0x30 <= b <= 0x39 */
    return ~((letter | digit) & ~v) & high;
}

/* The index of the first byte marked by not_alnum8 (its result is not 0). */
static inline size_t first_byte(uint64_t marks)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return (size_t)__builtin_clzll(marks) >> 3;
#else
    return (size_t)__builtin_ctzll(marks) >> 3;
#endif
}

static int is_apos(int32_t c) { return c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x02BC; }
static int is_quote(int32_t c)
{
    return c == '"' || c == 0x201C || c == 0x201D || c == 0x201E || c == 0x00AB ||
           c == 0x00BB || c == 0x2039 || c == 0x203A;
}
static int is_digit(int32_t c) { return c >= '0' && c <= '9'; }

/* Decode the code point at s[i]; text is valid UTF-8 (validated at the boundary). */
static int32_t cp_at(const char *s, size_t len, size_t i, size_t *n)
{
    if ((unsigned char)s[i] < 0x80) { *n = 1; return (unsigned char)s[i]; }
    utf8proc_int32_t c;
    utf8proc_ssize_t r = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &c);
    if (r <= 0) { *n = 1; return 0xFFFD; }
    *n = (size_t)r;
    return c;
}

/* The classes (CL_*) of code point c >= 128, as ascii_class gives them below 128. */
static unsigned class_of(int32_t c)
{
    utf8proc_category_t k = utf8proc_category(c);
    if (c == 0xA0 || k == UTF8PROC_CATEGORY_ZS || c == 0x200B || c == 0xFEFF) return CL_SPACE;
    unsigned r = 0;
    if ((k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO) ||
        (k >= UTF8PROC_CATEGORY_MN && k <= UTF8PROC_CATEGORY_ME) ||
        (k >= UTF8PROC_CATEGORY_ND && k <= UTF8PROC_CATEGORY_NO))
        r |= CL_WORD;
    if (k == UTF8PROC_CATEGORY_LU || k == UTF8PROC_CATEGORY_LT) r |= CL_UPPER;
    if (is_quote(c)) r |= CL_QUOTE;
    if (c == 0x2026) r |= CL_TERM;
    return r;
}

static int push(rpi_tokens *out, size_t start, size_t end, uint32_t flags)
{
    if (RPI_GROW(out->v, out->cap, out->n + 1)) return -1;
    out->v[out->n++] = (rpi_rawtok){(uint32_t)start, (uint32_t)end, flags};
    return 0;
}

/* English clitic suffixes that split off a word: 's 're 've 'll 'd 'm */
static int clitic_len(const char *s, size_t len, size_t i)
{
    static const char *suf[] = {"s", "re", "ve", "ll", "d", "m"};
    for (size_t k = 0; k < sizeof suf / sizeof *suf; k++) {
        size_t n = strlen(suf[k]);
        if (i + n > len) continue;
        int ok = 1;
        for (size_t j = 0; j < n; j++)
            if ((s[i + j] | 0x20) != suf[k][j]) ok = 0;
        if (ok && (i + n == len || !is_word_cp((unsigned char)s[i + n] < 128 ? s[i + n] : 'a')))
            return (int)n;
    }
    return 0;
}

int rpi_tokenize(const char *s, size_t len, rpi_apostrophe mode, rpi_tokens *out)
{
    size_t i = 0;
    while (i < len) {
        size_t n = 1;
        unsigned char b = (unsigned char)s[i];
        unsigned k = b < 128 ? ascii_class[b] : class_of(cp_at(s, len, i, &n));
        if (k & CL_SPACE) {
            i += n;
            continue;
        }
        if (!(k & CL_WORD)) {
            uint32_t fl = (k & CL_QUOTE ? RP_TOK_QUOTE : 0) | (k & CL_TERM ? RP_TOK_TERM : 0);
            if (push(out, i, i + n, fl)) return -1;
            i += n;
            continue;
        }
        /* a word: run of word characters, with joins */
        size_t start = i;
        uint32_t fl = RP_TOK_WORD | (k & CL_UPPER ? RP_TOK_UPPER : 0) | (k & CL_DIGIT ? RP_TOK_NUMBER : 0);
        int number = (k & CL_DIGIT) != 0;
        size_t letters = 0; /* word chars in the current dot-separated part */
        int dotted = 0;     /* U.S.-style initials */
        i += n;
        letters = 1;
        size_t split_at = 0; /* for clitics: where the word ends before the suffix */
        size_t clitic_end = 0;
        while (i < len) {
            size_t j = i; /* a run of ASCII letters and digits first, 8 bytes at a time */
            uint64_t other;
            while (len - j >= 8 && !(other = not_alnum8(s + j))) j += 8;
            if (len - j >= 8) j += first_byte(other);
            else
                while (j < len && (ascii_class[(unsigned char)s[j]] & CL_WORD)) j++;
            letters += j - i;
            i = j;
            if (i >= len) break;
            unsigned char w = (unsigned char)s[i];
            if (w < 128 && w != '.' && w != ',' && w != '\'') break; /* no join: the word ends */
            int32_t d = cp_at(s, len, i, &n);
            if (is_word_cp(d)) { i += n; letters++; continue; }
            size_t n2 = 0;
            int32_t e = i + n < len ? cp_at(s, len, i + n, &n2) : 0;
            if (number && (d == '.' || d == ',') && is_digit(e)) { i += n; continue; }
            if (d == '.' && letters == 1 && !number && i + n < len && is_word_cp(e) && !is_digit(e)) {
                /* U.S., U.N.: single letters joined by dots */
                size_t n3 = 0;
                int32_t f = i + n + n2 < len ? cp_at(s, len, i + n + n2, &n3) : 0;
                if (f == '.') { dotted = 1; i += n; letters = 0; continue; }
            }
            if (is_apos(d) && is_word_cp(e)) {
                if (mode == RPI_APOS_ELISION) { i += n; split_at = i; break; }
                if (mode == RPI_APOS_CLITIC) {
                    int cl = clitic_len(s, len, i + n);
                    /* n't: the 'n' before the apostrophe belongs to the clitic */
                    if ((e == 't' || e == 'T') && i > start + 1 && (s[i - 1] | 0x20) == 'n' &&
                        (i + n + 1 == len || !is_word_cp((unsigned char)s[i + n + 1] < 128 ? s[i + n + 1] : 'a'))) {
                        split_at = i - 1;
                        clitic_end = i + n + 1;
                        break;
                    }
                    if (cl) { split_at = i; clitic_end = i + n + (size_t)cl; break; }
                }
                i += n; /* O'Brien: one word */
                continue;
            }
            break;
        }
        if (dotted && i < len && s[i] == '.') i++; /* the final dot of U.S. */
        if (split_at && mode == RPI_APOS_ELISION) {
            if (push(out, start, split_at, fl)) return -1;
            continue; /* the rest of the word is tokenised next */
        }
        if (split_at && clitic_end) {
            if (push(out, start, split_at, fl)) return -1;
            if (push(out, split_at, clitic_end, RP_TOK_WORD)) return -1;
            i = clitic_end;
            continue;
        }
        if (push(out, start, i, fl)) return -1;
        if (i < len && s[i] == ' ') i++; /* (the usual space after a word, skipped at once) */
    }
    return 0;
}

void rpi_normbuf_free(rpi_normbuf *nb)
{
    rpi_free(nb->cps);
    rpi_buf_free(&nb->tmp);
    memset(nb, 0, sizeof *nb);
}

static int32_t map_punct(int32_t c)
{
    switch (c) {
    case 0x2019: case 0x2018: case 0x02BC: case 0x00B4: case '`': case 0x201B: return '\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x00AB: case 0x00BB: case 0x2039: case 0x203A: return '"';
    case 0x2013: case 0x2014: case 0x2012: case 0x2015: case 0x2212: return '-';
    default: return c;
    }
}

/* ASCII bytes as rpi_normalize folds them: capitals to small letters, '`' to '\''
 * (bytes from 128 on: 0, never used). */
static const unsigned char ascii_fold[256] = {
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
    16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
    32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47,
    48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63,
    64, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
    112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 91, 92, 93, 94, 95,
    39, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
    112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127,
};

static int normalize_utf8(const char *s, size_t len, rpi_buf *out, rpi_normbuf *nb);

int rpi_normalize(const char *s, size_t len, rpi_buf *out, rpi_normbuf *nb)
{
    /* ASCII (most words): folded while checked, in one pass; the copy stands only when
     * no byte was past 127 */
    if (rpi_buf_reserve(out, len)) return -1;
    unsigned char *d = (unsigned char *)out->data + out->len;
    unsigned high = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        high |= c;
        d[i] = ascii_fold[c];
    }
    if (!(high & 0x80)) {
        out->len += len;
        out->data[out->len] = '\0';
        return 0;
    }
    return normalize_utf8(s, len, out, nb);
}

/* rpi_normalize of a form with a byte past 127: typographic punctuation mapped first,
 * then NFC and case folding with utf8proc. */
static __attribute__((noinline)) int normalize_utf8(const char *s, size_t len, rpi_buf *out, rpi_normbuf *nb)
{
    nb->tmp.len = 0;
    for (size_t i = 0; i < len;) {
        size_t n;
        int32_t c = map_punct(cp_at(s, len, i, &n));
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t k = utf8proc_encode_char(c, enc);
        if (rpi_buf_add(&nb->tmp, enc, (size_t)k)) return -1;
        i += n;
    }
    const int opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD;
    for (;;) {
        utf8proc_ssize_t r = utf8proc_decompose((const utf8proc_uint8_t *)nb->tmp.data,
                                                (utf8proc_ssize_t)nb->tmp.len,
                                                (utf8proc_int32_t *)nb->cps,
                                                (utf8proc_ssize_t)nb->cap, opts);
        if (r < 0) return -1;
        if ((size_t)r <= nb->cap) {
            r = utf8proc_reencode((utf8proc_int32_t *)nb->cps, r, opts);
            if (r < 0) return -1;
            return rpi_buf_add(out, nb->cps, (size_t)r);
        }
        if (RPI_GROW(nb->cps, nb->cap, (size_t)r)) return -1;
    }
}

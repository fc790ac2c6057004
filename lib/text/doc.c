/* Documents: the text validated as UTF-8 at the boundary (or repaired in lenient mode),
 * metadata, and the analysis into tokens and sentences. Phases of rp_doc_analyze:
 * 1. tokenize the whole text, 2. normalise and stem each token into one buffer,
 * 3. split sentences (terminal punctuation, abbreviations, quotes, line breaks). */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <libstemmer.h>

#include "text_int.h"

#define STEM_CACHE_MAX 200000 /* words remembered per language before its cache starts again */

rp_doc *rp_doc_new(void) { return rpi_calloc(1, sizeof(rp_doc)); }

void rp_doc_free(rp_doc *doc)
{
    if (!doc) return;
    rpi_buf_free(&doc->text);
    rpi_buf_free(&doc->err);
    rpi_free(doc->id);
    rpi_free(doc->raw.v);
    rpi_free(doc->toks);
    rpi_free(doc->sents);
    rpi_buf_free(&doc->norm);
    rpi_normbuf_free(&doc->nb);
    for (size_t i = 0; i < RP_STEM_SLOTS; i++) {
        struct stem_slot *sl = &doc->slots[i];
        if (sl->stemmer) sb_stemmer_delete(sl->stemmer);
        rpi_map_free(&sl->cache);
        rpi_free(sl->ents);
        rpi_buf_free(&sl->text);
        rpi_map_free(&sl->word_index);
        rpi_free(sl->words);
        rpi_buf_free(&sl->wtext);
    }
    rpi_free(doc);
}

static void word_cache_clear(struct stem_slot *sl)
{
    rpi_map_free(&sl->word_index);
    sl->nwords = 0;
    sl->wtext.len = 0;
}

static void stem_cache_clear(struct stem_slot *sl)
{
    rpi_map_free(&sl->cache);
    sl->nents = 0;
    sl->text.len = 0;
    word_cache_clear(sl); /* (its stems came from that stemmer) */
}

/* Make doc->slot the stemmer of the named Snowball language: a slot that has it, else
 * an empty one, else the one used longest ago (its cache cleared). */
static rp_rc stem_slot_pick(rp_doc *doc, const char *lang)
{
    struct stem_slot *pick = NULL;
    if (doc->slot && doc->slot->stemmer && !strcmp(doc->slot->lang, lang)) pick = doc->slot;
    for (size_t i = 0; !pick && i < RP_STEM_SLOTS; i++)
        if (doc->slots[i].stemmer && !strcmp(doc->slots[i].lang, lang)) pick = &doc->slots[i];
    if (!pick) {
        pick = &doc->slots[0];
        for (size_t i = 0; i < RP_STEM_SLOTS; i++) {
            if (!doc->slots[i].stemmer) { pick = &doc->slots[i]; break; }
            if (doc->slots[i].used < pick->used) pick = &doc->slots[i];
        }
        if (pick->stemmer) sb_stemmer_delete(pick->stemmer);
        stem_cache_clear(pick);
        pick->lang[0] = '\0';
        pick->stemmer = sb_stemmer_new(lang, "UTF_8");
        if (!pick->stemmer) { doc->slot = NULL; return RP_ENOMEM; }
        snprintf(pick->lang, sizeof pick->lang, "%s", lang);
    }
    pick->used = ++doc->uses;
    doc->slot = pick;
    return RP_OK;
}

/* The stem of a normalised form: from the cache, else from Snowball (then cached). A
 * stem the same as its form ("said", "the") is the form itself: *stem == form. */
static rp_rc stem_of(rp_doc *doc, uint64_t form_hash, const char *form, uint32_t len, const char **stem,
                     uint32_t *stem_len, uint64_t *stem_hash)
{
    struct stem_slot *s = doc->slot;
    uint32_t i = rpi_map_get(&s->cache, form_hash);
    if (i != RPI_NONE) {
        *stem = s->ents[i].off == RPI_NONE ? form : s->text.data + s->ents[i].off;
        *stem_len = s->ents[i].len;
        *stem_hash = s->ents[i].hash;
        return RP_OK;
    }
    const sb_symbol *st = sb_stemmer_stem(s->stemmer, (const sb_symbol *)form, (int)len);
    if (!st) return RP_ENOMEM;
    uint32_t sl = (uint32_t)sb_stemmer_length(s->stemmer);
    if (s->nents >= STEM_CACHE_MAX) stem_cache_clear(s);
    if (RPI_GROW(s->ents, s->cap_ents, s->nents + 1)) return RP_ENOMEM;
    struct stem_ent *e = &s->ents[s->nents];
    int same = sl == len && !memcmp(st, form, len);
    e->off = same ? RPI_NONE : (uint32_t)s->text.len;
    e->len = sl;
    e->hash = rpi_hash_stem(st, sl);
    if (!same && rpi_buf_add(&s->text, st, sl)) return RP_ENOMEM;
    if (rpi_map_put(&s->cache, form_hash, (uint32_t)s->nents)) return RP_ENOMEM;
    s->nents++;
    *stem = same ? form : s->text.data + e->off;
    *stem_len = sl;
    *stem_hash = e->hash;
    return RP_OK;
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid (overlong forms,
 * surrogates and values past U+10FFFF are invalid). */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80) return 1;
    size_t len;
    unsigned min;
    unsigned cp;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; min = 0x10000; }
    else return 0;
    if (n < len) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return len;
}

/* Bytes 0x01..0x7F only in the 8 bytes at s? (A byte of 0 borrows in the subtraction,
 * a byte past 0x7F keeps its high bit: either sets a high bit of the result for the
 * first such byte; the bytes after it do not matter, the caller goes byte by byte.) */
static inline int ascii8(const unsigned char *s)
{
    uint64_t v;
    memcpy(&v, s, 8);
    return ((v | (v - UINT64_C(0x0101010101010101))) & UINT64_C(0x8080808080808080)) == 0;
}

int rp_utf8_check(const char *text, size_t len, size_t *bad)
{
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = 0; i < len;) {
        if (len - i >= 8 && ascii8(s + i)) { i += 8; continue; }
        size_t k = utf8_seq(s + i, len - i);
        if (k == 0 || (k == 1 && s[i] == 0)) {
            if (bad) *bad = i;
            return 0;
        }
        i += k;
    }
    return 1;
}

rp_rc rp_doc_set_text(rp_doc *doc, const char *text, size_t len, unsigned flags)
{
    if (!doc || (!text && len)) return RP_EINVAL;
    doc->text.len = 0;
    doc->replaced = 0;
    doc->ntoks = doc->nsents = 0;
    doc->raw.n = 0;
    doc->norm.len = 0;
    rpi_free(doc->id);
    doc->id = NULL;
    doc->date[0] = '\0';
    doc->date_num = 0;
    doc->lang[0] = '\0';
    doc->err.len = 0;
    if (len > UINT32_MAX - 16) {
        rpi_errf(&doc->err, "text of %zu bytes is larger than the 4 GiB limit", len);
        return RP_EINVAL;
    }
    const unsigned char *s = (const unsigned char *)text;
    if (rpi_buf_reserve(&doc->text, len)) return RP_ENOMEM;
    /* valid runs are copied whole; ASCII (most of news text) is checked 8 bytes at a time */
    size_t i = 0, run = 0;
    while (i < len) {
        if (len - i >= 8 && ascii8(s + i)) { i += 8; continue; }
        if (s[i] - 1u < 0x7Fu) { i++; continue; } /* 0x01..0x7F */
        size_t k = s[i] ? utf8_seq(s + i, len - i) : 0;
        if (k) { i += k; continue; }
        if (rpi_buf_add(&doc->text, s + run, i - run)) return RP_ENOMEM;
        if (!(flags & RP_TEXT_LENIENT)) {
            rpi_errf(&doc->err, "byte %zu: %s (0x%02X)", i,
                     s[i] == 0 ? "NUL byte in text" : "invalid UTF-8", s[i]);
            doc->text.len = 0;
            return RP_EUTF8;
        }
        static const char repl[] = "\xEF\xBF\xBD";
        if (rpi_buf_add(&doc->text, repl, 3)) return RP_ENOMEM;
        doc->replaced++;
        run = ++i;
    }
    if (rpi_buf_add(&doc->text, s + run, i - run)) return RP_ENOMEM;
    if (doc->text.len > UINT32_MAX - 16) return RP_EINVAL;
    /* 8 bytes of 0 after the text: a short token is read as one word (short_word_key) */
    if (rpi_buf_reserve(&doc->text, 8)) return RP_ENOMEM;
    memset(doc->text.data + doc->text.len, 0, 8);
    return RP_OK;
}

rp_rc rp_doc_set_id(rp_doc *doc, const char *id)
{
    if (!doc) return RP_EINVAL;
    rpi_free(doc->id);
    doc->id = NULL;
    if (id && !(doc->id = rpi_strndup(id, strlen(id)))) return RP_ENOMEM;
    return RP_OK;
}

int rp_parse_date(const char *s)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return 0;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1]) return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m == 2 && d == 29 && !leap) return 0;
    return y * 10000 + m * 100 + d;
}

rp_rc rp_doc_set_date(rp_doc *doc, const char *date)
{
    if (!doc) return RP_EINVAL;
    if (!date || !*date) {
        doc->date[0] = '\0';
        doc->date_num = 0;
        return RP_OK;
    }
    int n = rp_parse_date(date);
    if (!n) {
        rpi_errf(&doc->err, "bad date '%.40s' (want YYYY-MM-DD)", date);
        return RP_EINVAL;
    }
    memcpy(doc->date, date, 10);
    doc->date[10] = '\0';
    doc->date_num = n;
    return RP_OK;
}

rp_rc rp_doc_set_lang(rp_doc *doc, const char *lang)
{
    if (!doc) return RP_EINVAL;
    if (!lang) { doc->lang[0] = '\0'; return RP_OK; }
    size_t n = strlen(lang);
    if (n >= sizeof doc->lang) return RP_EINVAL;
    memcpy(doc->lang, lang, n + 1);
    return RP_OK;
}

const char *rp_doc_text(const rp_doc *doc) { return doc->text.data ? doc->text.data : ""; }
size_t rp_doc_text_len(const rp_doc *doc) { return doc->text.len; }
const char *rp_doc_id(const rp_doc *doc) { return doc->id ? doc->id : ""; }
const char *rp_doc_date(const rp_doc *doc) { return doc->date; }
int rp_doc_date_num(const rp_doc *doc) { return doc->date_num; }
const char *rp_doc_lang(const rp_doc *doc) { return doc->lang; }
size_t rp_doc_replaced(const rp_doc *doc) { return doc->replaced; }
const char *rp_doc_errmsg(const rp_doc *doc) { return doc->err.data ? doc->err.data : ""; }
size_t rp_doc_sentence_count(const rp_doc *doc) { return doc->nsents; }
const rp_sentence *rp_doc_sentence(const rp_doc *doc, size_t i) { return i < doc->nsents ? &doc->sents[i] : NULL; }
size_t rp_doc_token_count(const rp_doc *doc) { return doc->ntoks; }
const rp_token *rp_doc_token(const rp_doc *doc, size_t i) { return i < doc->ntoks ? &doc->toks[i] : NULL; }
const char *rp_doc_norm(const rp_doc *doc) { return doc->norm.data ? doc->norm.data : ""; }

/* ---- phase 2: normalise and stem ---- */

/* The key of a token of 1..7 bytes at p (8 bytes readable: the text ends in 8 bytes of
 * 0): its bytes and length in one word, mixed by murmur3's finaliser (a bijection, so
 * equal keys are equal words) because rpi_map takes its slots from the low bits. */
static inline uint64_t short_word_key(const char *p, uint32_t n)
{
    uint64_t v;
    memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v >>= 64 - 8 * n;
#else
    v &= UINT64_MAX >> (64 - 8 * n);
#endif
    v |= (uint64_t)n << 56;
    v ^= v >> 33;
    v *= UINT64_C(0xff51afd7ed558ccd);
    v ^= v >> 33;
    v *= UINT64_C(0xc4ceb9fe1a85ec53);
    return v ^ (v >> 33);
}

/* Bytes kept readable after a word's normal form in wtext: a short form is copied with
 * one fixed-size move. */
#define WTEXT_SLACK 16

/* Keep what token t (its normal form and stem in doc->norm) was made from raw[0..raw_len)
 * in the slot's word cache under raw_hash (emptied when it holds STEM_CACHE_MAX words). */
static rp_rc remember_word(struct stem_slot *s, const char *raw, uint32_t raw_len, uint32_t stemmed,
                           const rp_doc *doc, const rp_token *t, uint64_t raw_hash)
{
    if (s->nwords >= STEM_CACHE_MAX) word_cache_clear(s);
    if (RPI_GROW(s->words, s->cap_words, s->nwords + 1)) return RP_ENOMEM;
    struct word_ent *e = &s->words[s->nwords];
    int same = t->stem_off == t->norm_off;
    *e = (struct word_ent){(uint32_t)s->wtext.len, raw_len, 0, t->norm_len, RPI_NONE, t->stem_len,
                           t->form_hash, t->stem_hash, stemmed};
    if (rpi_buf_add(&s->wtext, raw, raw_len)) return RP_ENOMEM;
    e->norm_off = (uint32_t)s->wtext.len;
    if (rpi_buf_add(&s->wtext, doc->norm.data + t->norm_off, (size_t)t->norm_len + 1)) return RP_ENOMEM;
    if (!same) {
        e->stem_off = (uint32_t)s->wtext.len;
        if (rpi_buf_add(&s->wtext, doc->norm.data + t->stem_off, (size_t)t->stem_len + 1)) return RP_ENOMEM;
    }
    if (rpi_buf_reserve(&s->wtext, WTEXT_SLACK)) return RP_ENOMEM;
    if (rpi_map_put(&s->word_index, raw_hash, (uint32_t)s->nwords)) return RP_ENOMEM;
    s->nwords++;
    return RP_OK;
}

static rp_rc normalise_tokens(rp_doc *doc, const rpi_lang *lang)
{
    rp_rc src = stem_slot_pick(doc, lang->stemmer);
    if (src) return src;
    if (RPI_GROW(doc->toks, doc->cap_toks, doc->raw.n)) return RP_ENOMEM;
    const char *text = doc->text.data;
    struct stem_slot *s = doc->slot;
    rp_rc rc;
    for (size_t i = 0; i < doc->raw.n; i++) {
        rpi_rawtok *r = &doc->raw.v[i];
        rp_token *t = &doc->toks[i];
        t->start = r->start;
        t->end = r->end;
        t->flags = r->flags;
        /* a word met before (same bytes, same kind): its forms and hashes copied */
        const char *raw = text + r->start;
        uint32_t raw_len = r->end - r->start;
        uint32_t stemmed = (t->flags & RP_TOK_WORD) && !(t->flags & RP_TOK_NUMBER);
        uint64_t raw_hash = raw_len <= 7 ? short_word_key(raw, raw_len) : rpi_hash(raw, raw_len);
        uint32_t wi = rpi_map_get(&s->word_index, raw_hash);
        if (wi != RPI_NONE) {
            const struct word_ent *e = &s->words[wi];
            /* (a short word's key is its bytes: the same length is the same word) */
            if (e->raw_len == raw_len && e->stemmed == stemmed &&
                (raw_len <= 7 || !memcmp(s->wtext.data + e->raw_off, raw, raw_len))) {
                if (rpi_buf_reserve(&doc->norm, (size_t)e->norm_len + 1 + e->stem_len + 1 + WTEXT_SLACK)) return RP_ENOMEM;
                char *d = doc->norm.data + doc->norm.len;
                t->norm_off = (uint32_t)doc->norm.len;
                t->norm_len = e->norm_len;
                if (e->norm_len < WTEXT_SLACK) memcpy(d, s->wtext.data + e->norm_off, WTEXT_SLACK); /* (one move) */
                else memcpy(d, s->wtext.data + e->norm_off, e->norm_len + 1); /* (with its NUL) */
                doc->norm.len += e->norm_len + 1;
                t->form_hash = e->form_hash;
                t->stem_hash = e->stem_hash;
                t->stem_len = e->stem_len;
                if (e->stem_off == RPI_NONE) { t->stem_off = t->norm_off; d[e->norm_len + 1] = '\0'; continue; }
                t->stem_off = (uint32_t)doc->norm.len;
                if (e->stem_len < WTEXT_SLACK) memcpy(d + e->norm_len + 1, s->wtext.data + e->stem_off, WTEXT_SLACK);
                else memcpy(d + e->norm_len + 1, s->wtext.data + e->stem_off, e->stem_len + 1);
                doc->norm.len += e->stem_len + 1;
                doc->norm.data[doc->norm.len] = '\0'; /* (as rpi_buf_add leaves it) */
                continue;
            }
        }
        t->norm_off = (uint32_t)doc->norm.len;
        if (rpi_normalize(text + r->start, r->end - r->start, &doc->norm, &doc->nb)) return RP_ENOMEM;
        t->norm_len = (uint32_t)(doc->norm.len - t->norm_off);
        if (rpi_buf_addc(&doc->norm, '\0')) return RP_ENOMEM;
        const char *form = doc->norm.data + t->norm_off;
        t->form_hash = rpi_hash(form, t->norm_len);
        if ((t->flags & RP_TOK_WORD) && !(t->flags & RP_TOK_NUMBER)) {
            const char *st;
            uint32_t sl;
            rc = stem_of(doc, t->form_hash, form, t->norm_len, &st, &sl, &t->stem_hash);
            if (rc) return rc;
            t->stem_len = sl;
            if (st == form) t->stem_off = t->norm_off; /* (not stored twice) */
            else {
                t->stem_off = (uint32_t)doc->norm.len;
                if (rpi_buf_add(&doc->norm, st, sl) || rpi_buf_addc(&doc->norm, '\0')) return RP_ENOMEM;
            }
        } else {
            t->stem_off = t->norm_off;
            t->stem_len = t->norm_len;
            t->stem_hash = rpi_hash_stem(form, t->norm_len);
        }
        /* remembered (not when another word has its raw hash: that one stays) */
        if (wi == RPI_NONE && (rc = remember_word(s, raw, raw_len, stemmed, doc, t, raw_hash))) return rc;
    }
    doc->ntoks = doc->raw.n;
    return RP_OK;
}

/* ---- phase 3: sentences ---- */
static int opens_quote(const char *s) { return !strncmp(s, "\xE2\x80\x9C", 3) || !strncmp(s, "\xC2\xAB", 2) || !strncmp(s, "\xE2\x80\x9E", 3); }
static int closes_quote(const char *s) { return !strncmp(s, "\xE2\x80\x9D", 3) || !strncmp(s, "\xC2\xBB", 2); }

/* newlines between two byte offsets: 0, 1, or 2 for a blank line */
static int newlines_between(const char *text, uint32_t a, uint32_t b)
{
    if (b - a <= 1) return b > a && text[a] == '\n'; /* most tokens: no byte or one between */
    int nl = 0;
    for (uint32_t i = a; i < b; i++)
        if (text[i] == '\n') nl++;
    return nl > 2 ? 2 : nl;
}

static rp_rc add_sentence(rp_doc *doc, size_t tb, size_t te, int is_title)
{
    if (te <= tb) return RP_OK;
    if (RPI_GROW(doc->sents, doc->cap_sents, doc->nsents + 1)) return RP_ENOMEM;
    rp_sentence *s = &doc->sents[doc->nsents++];
    s->tok_begin = (uint32_t)tb;
    s->tok_end = (uint32_t)te;
    s->start = doc->toks[tb].start;
    s->end = doc->toks[te - 1].end;
    s->is_title = is_title;
    return RP_OK;
}

#define QUOTE_MAX_TOKENS 120 /* a quotation longer than this may be split inside */

static rp_rc split_sentences(rp_doc *doc, const rpi_lang *lang)
{
    const char *text = doc->text.data;
    size_t begin = 0;
    int depth = 0;          /* quotation depth */
    size_t quote_start = 0; /* token where the open quotation began */
    int title_done = 0;
    for (size_t i = 0; i < doc->ntoks; i++) {
        rp_token *t = &doc->toks[i];
        /* most tokens: no quote, no full stop, no line break before the next token
           (at most one byte between, not a newline): no boundary, nothing changes */
        if (!(t->flags & (RP_TOK_QUOTE | RP_TOK_TERM)) && i + 1 < doc->ntoks) {
            uint32_t gap = doc->toks[i + 1].start - t->end;
            if (gap == 0 || (gap == 1 && text[t->end] != '\n')) continue;
        }
        const char *orig = text + t->start;
        if (t->flags & RP_TOK_QUOTE) {
            if (opens_quote(orig)) { if (!depth) quote_start = i; depth++; }
            else if (closes_quote(orig)) { if (depth) depth--; }
            else { if (depth) depth--; else { depth = 1; quote_start = i; } }
        }
        int boundary = 0;
        size_t next = i + 1;
        if (next < doc->ntoks) {
            int nl = newlines_between(text, t->end, doc->toks[next].start);
            const rp_token *nt = &doc->toks[next];
            if (nl == 2) boundary = 1;
            else if (nl == 1 && !title_done) boundary = 1;
            else if (nl == 1 && ((nt->flags & RP_TOK_UPPER) || !(nt->flags & RP_TOK_WORD) || (nt->flags & RP_TOK_NUMBER)))
                boundary = 1;
            if (nl) { depth = 0; }
            if (!boundary && (t->flags & RP_TOK_TERM)) {
                /* the word before the full stop: an abbreviation or an initial? */
                int abbrev = 0;
                if (orig[0] == '.' && i > begin) {
                    const rp_token *p = &doc->toks[i - 1];
                    if (p->end == t->start && (p->flags & RP_TOK_WORD)) {
                        if (rpi_wordset_has(&lang->abbreviations, p->form_hash)) abbrev = 1;
                        else if (p->end - p->start == 1 && (p->flags & RP_TOK_UPPER)) abbrev = 1;
                    }
                }
                int starts = (nt->flags & RP_TOK_UPPER) || (nt->flags & RP_TOK_NUMBER) ||
                             (nt->flags & RP_TOK_QUOTE) || !(nt->flags & RP_TOK_WORD);
                if (nt->flags & RP_TOK_TERM) starts = 0; /* "?!" or "..." */
                if (!abbrev && starts) {
                    if (depth && (nt->flags & RP_TOK_QUOTE) && closes_quote(text + nt->start))
                        starts = 0; /* the closing quote belongs to this sentence */
                    else if (depth && nt->flags & RP_TOK_QUOTE && text[nt->start] == '"' && next + 1 < doc->ntoks)
                        starts = 0;
                    else if (depth && i - quote_start < QUOTE_MAX_TOKENS)
                        starts = 0; /* keep quotations whole */
                    if (starts) boundary = 1;
                }
            }
            /* after a closing quote that follows a full stop */
            if (!boundary && (t->flags & RP_TOK_QUOTE) && !depth && i > begin &&
                (doc->toks[i - 1].flags & RP_TOK_TERM) && ((nt->flags & RP_TOK_UPPER) || (nt->flags & RP_TOK_QUOTE)))
                boundary = 1;
        } else {
            boundary = 1;
        }
        if (boundary) {
            int is_title = !title_done;
            if (!title_done) {
                /* the title is the first line: it ends here only at a line break */
                int nl = next < doc->ntoks ? newlines_between(text, t->end, doc->toks[next].start) : 1;
                if (!nl) is_title = 0;
                title_done = 1;
                if (!nl) title_done = 1;
            }
            rp_rc rc = add_sentence(doc, begin, next, is_title);
            if (rc) return rc;
            begin = next;
            depth = 0;
        }
    }
    return RP_OK;
}

rp_rc rp_doc_analyze(rp_doc *doc, const rp_dict *dict)
{
    if (!doc || !dict) return RP_EINVAL;
    const rpi_lang *lang = rpi_dict_lang(dict, doc->lang);
    if (!lang) {
        rpi_errf(&doc->err, "language '%s' is not loaded", doc->lang[0] ? doc->lang : "(none)");
        return RP_ELANG;
    }
    doc->raw.n = 0;
    doc->ntoks = doc->nsents = 0;
    doc->norm.len = 0;
    if (rpi_tokenize(rp_doc_text(doc), doc->text.len, lang->apostrophe, &doc->raw)) return RP_ENOMEM;
    rp_rc rc = normalise_tokens(doc, lang);
    if (rc) return rc;
    return split_sentences(doc, lang);
}

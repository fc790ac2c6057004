#define _GNU_SOURCE /* qsort_r */
/* The coder: turns an analysed document into CAMEO events. Phases, per sentence:
 * 1. actor names and agents found (longest match) and composed ("il presidente russo"),
 *    codes resolved for the document date, @pair anaphors resolved;
 * 2. mentions grouped by coordination ("Russia e Cina");
 * 3. event patterns matched; competing matches resolved;
 * 4. source and target found for each match (slots, position, prepositions, passive),
 *    negation flagged, groups expanded into events;
 * 5. weak events dropped when a stronger one exists; events emitted in text order. */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../text/text_int.h"

#define NEG_WINDOW 3   /* tokens before the verb searched for a negation */
#define PASSIVE_WINDOW 3
#define BY_WINDOW 4    /* tokens after the match where "by"/"da" + actor may start */
#define SUBJECT_COMMA 4 /* PETRARCH: at most this many words between a comma and the actor it opens */
#define MEMO_MIN_ALTS 4 /* word elements with this many alternatives remember their matches */
#define MEMO_SLOTS 256  /* entries of that memory (a power of two) */

/* A word element's match at a token, remembered for the sentence: the elements of a
 * foreign verb's patterns share its forms, a word set stands in many patterns (the
 * loader gives them the same alternatives, lang->alts[alt_off...]). */
typedef struct word_memo {
    uint32_t alt_off, nalt;      /* the element's alternatives */
    uint32_t tok;                /* the token tried */
    uint32_t sentence;           /* coder->memo_gen when stored; other values: empty */
    uint32_t len;                /* word_matches' answer */
} word_memo;

/* What the filters of word elements look at in a token (word_matches), kept per sentence
 * so that a rejected token costs no look-up of the token itself. */
typedef struct token_filter {
    uint8_t form_b, stem_b;      /* top bytes of the form and stem hashes (rpi_elem.bloom) */
    uint8_t f2;                  /* rpi_f2 of the normalised form's first two bytes */
    uint8_t f2_ok;               /* the form has two bytes or more (else f2 is 0) */
} token_filter;

/* The language's word sets the coder asks about (tok_in), bit WS_x of word_keys.sets. */
enum { WS_LINK, WS_FORMER, WS_ARTICLES, WS_PREPOSITIONS, WS_ADDRESSEE, WS_PASSIVE_BY, WS_LOCATIVE, WS_NEGATION,
       WS_AUXILIARIES, WS_PRONOUNS, WS_COORDINATION, WS_COMPLEMENTIZERS, WS_PHRASE_WORDS, WS_CLAUSE, WS_PASSIVE_AUX,
       WS_CONJUNCTIONS, WS_INFINITIVE, WS_INTENT, WS_POSSESSIVES, WS_QUANTITIES, WS_INTENSIFIERS, WS_COUNT };
static const size_t ws_offset[WS_COUNT] = {
    offsetof(rpi_lang, link), offsetof(rpi_lang, former), offsetof(rpi_lang, articles),
    offsetof(rpi_lang, prepositions), offsetof(rpi_lang, addressee), offsetof(rpi_lang, passive_by),
    offsetof(rpi_lang, locative), offsetof(rpi_lang, negation), offsetof(rpi_lang, auxiliaries),
    offsetof(rpi_lang, pronouns), offsetof(rpi_lang, coordination), offsetof(rpi_lang, complementizers),
    offsetof(rpi_lang, phrase_words), offsetof(rpi_lang, clause), offsetof(rpi_lang, passive_aux),
    offsetof(rpi_lang, conjunctions), offsetof(rpi_lang, infinitive), offsetof(rpi_lang, intent),
    offsetof(rpi_lang, possessives), offsetof(rpi_lang, quantities), offsetof(rpi_lang, intensifiers)};
static const rpi_wordset *lang_set(const rpi_lang *l, unsigned set)
{
    return (const rpi_wordset *)((const char *)l + ws_offset[set]);
}

/* The language's dictionaries are PETRARCH's (foreign, not TABARI's one verb a clause). */
static inline int petrarch(const rpi_lang *l) { return l->foreign && !l->one_verb; }

/* What the dictionaries hold under the keys of one word (its form, its stem, its
 * prefixes at the lengths names and patterns start with): the same wherever the word
 * stands, so looked up once per distinct word and kept (struct word_cache). */
typedef struct word_keys {
    uint64_t form_hash, stem_hash; /* the word (the stem too: the cache trusts no more than
                                      what it was made from) */
    uint32_t name_off, pat_off;  /* its entries in word_cache.names and .pats */
    uint8_t nname, npat;         /* how many (at most 64 and 65: a form, a stem, 63 prefixes) */
    uint32_t sets;               /* bit WS_x: the word is in that word set of the language */
} word_keys;

/* What the coder keeps of a word's first bytes, apart from its word_keys (read at every
 * token: they stay 32 bytes): its prefix keys (tok_prefix) and the digests of its first
 * two and three bytes (prefix_cache). */
typedef struct word_prefixes {
    uint64_t valid;              /* bit n: the key of its first n bytes is there */
    uint32_t off;                /* word_cache.pkeys[off + n - 1] for n bytes (n up to its
                                    length, at most 63) */
    uint8_t f2;                  /* rpi_f2 of its first two bytes */
    uint8_t len;                 /* its length, at most 3 (f2 and f3 need two and three) */
    uint16_t f3;                 /* rpi_f3 of its first three bytes */
    token_filter tf;             /* what word elements' filters look at (copied to coder.tf) */
} word_prefixes;

/* A first-word key of names that some name stands under (find_raw). */
typedef struct name_key {
    uint64_t key;                /* the form's hash or a prefix key */
    uint32_t chain;              /* first name under the key alone, RPI_NONE if none */
    uint8_t two;                 /* names may stand under (key, next word) too (name2_may) */
    uint8_t form;                /* the form's key: "Blue-Mountain-Rebels" is tried with it */
} name_key;

/* A key of the word that leads to an anchor of the pattern index (try_anchor). */
typedef struct pat_key {
    uint64_t key;                /* form hash, stem hash or prefix key */
    uint32_t anchor;             /* index in lang->anchors */
} pat_key;

/* The word_keys of the words met, per language; emptied when it holds WORD_CACHE_MAX words
 * or 16 prefix keys per such word (news text repeats its words: most tokens are found here
 * with one look-up instead of hashing their prefixes and asking the name and pattern
 * indexes for each). */
#define WORD_CACHE_MAX 65536
typedef struct word_cache {
    const rpi_lang *lang;        /* the language whose dictionaries answered */
    rpi_map index;               /* form hash -> index in words */
    word_keys *words; size_t nwords, cap_words;
    name_key *names; size_t nnames, cap_names;
    pat_key *pats; size_t npats, cap_pats;
    word_prefixes *wpre; size_t cap_wpre; /* per word (same index as words) */
    uint64_t *pkeys; size_t npkeys, cap_pkeys; /* prefix keys of the words, as asked for */
} word_cache;

typedef struct mention {
    uint32_t tb, te;             /* token range [tb, te) */
    char code[RP_CODE_MAX];      /* resolved code ("" for a pair) */
    int pair;                    /* resolved @pair: codes in pair_code */
    char pair_code[2][RP_CODE_MAX];
    int person;                  /* the actor has dated codes (a person) */
    int in_pp, addressee, by;    /* preceded by a preposition / an addressee one / passive "by" */
    int locative;                /* preceded by a place preposition ("in Moscow") */
    uint32_t prep;               /* token of that preposition, RPI_NONE if none */
    char lead_sector[8];         /* sector of an agent standing before its country
                                    ("the leaders of France and Germany"), "" if none */
    char trail_sector[8];        /* sector of an agent standing after its country
                                    ("the Chinese and Russian leaders"), "" if none */
    char base[RP_CODE_MAX];      /* PETRARCH: the code before its last agent ("Danish media":
                                    DNK), "" if it has none (shared_actor) */
    int lone;                    /* PETRARCH: an agent without an actor, "---GOV" */
} mention;

typedef struct member {
    char code[RP_CODE_MAX];
    uint32_t tb, te;             /* the mention's tokens */
} member;

typedef struct group {
    uint32_t tb, te;             /* tokens from first to last mention */
    uint32_t mem_off, nmem;      /* into coder->members */
    int in_pp, addressee, by;    /* of the first mention */
    int locative;                /* of the first mention */
    uint32_t prep;               /* the first mention's preposition token, RPI_NONE if none */
    int subject;                 /* PETRARCH: the subject of a clause after a comma ("..., Reuters reports") */
    int lone;                    /* PETRARCH: only agents without an actor ("the government") */
} group;

typedef struct match {
    uint32_t pattern;            /* index in lang->patterns */
    uint32_t ms, me;             /* first and last token of the match */
    uint32_t anchor;             /* token of the first word */
    uint32_t lit_off;            /* literal token positions in coder->lits */
    int src_group, tgt_group;    /* groups filling $ and +, or -1 */
    int skip_group;              /* the group a '^' passed over (the last one), or -1 */
    uint32_t clause;             /* TABARI: the conjunction that opens this verb's clause,
                                    RPI_NONE for the sentence's first verb */
    int rsrc, rtgt;              /* the source and target groups roles() chose, or -1 */
    int negated;                 /* and whether it found the verb negated */
    int roled;                   /* roles() saw it */
} match;

typedef struct pending {
    rp_event ev;
    uint32_t mi;                 /* the match (index in coder->mt) */
    int weak;                    /* 1: from an @weak pattern, 2: from an @subordinate one */
    int dominant;                /* from an @dominant pattern */
    size_t seq;                  /* order of creation, for a stable sort */
    int dropped;                 /* a more specific event says the same */
} pending;

typedef struct raw {
    uint32_t tb, te;
    uint32_t target;             /* actor or agent index */
    int is_agent;
} raw;

struct rp_coder {
    const rp_dict *dict;
    rp_trace_cb trace;           /* NULL: no tracing */
    void *trace_user;
    int today;                   /* YYYYMMDD, for documents without a date */
    int null_actors;             /* code events with a missing actor as "---" (PETRARCH's
                                    require_dyad = false) */
    char lone_agent[4];          /* an agent without a country is this + its sector ("---GOV",
                                    TABARI's CONVERT AGENT "~GOV"); "" : not an actor */
    char def_src[RP_CODE_MAX];   /* code of a missing source / target ("" none): "---" */
    char def_tgt[RP_CODE_MAX];   /* with null_actors, TABARI's DEFAULT: option otherwise */
    int def_not_prior, def_not_after; /* TABARI's DEFAULT: without PRIOR, without AFTER */
    int cx_verbs, cx_conj, cx_noactprior; /* TABARI's COMPLEX: VERBS[n] CONJ[n] NOACTPRIOR */
    raw *raws; size_t nraws, cap_raws;
    mention *ms; size_t nms, cap_ms;
    member *members; size_t nmembers, cap_members;
    group *gs; size_t ngs, cap_gs;
    match *mt; size_t nmt, cap_mt;
    uint32_t *lits; size_t nlits, cap_lits;
    uint8_t *litw; size_t cap_litw; /* tokens each literal covers ("dollar exchange": 2) */
    uint32_t *order; size_t cap_order;
    uint8_t *used; size_t cap_used;
    uint8_t *vclause; size_t cap_vclause; /* PETRARCH: per token, verb_of_clause() */
    pending *pend; size_t npend, cap_pend;
    char recent[2][4];           /* the last two different countries named */
    int prev_src;                /* TABARI: the source group of the sentence's previous verb */
    int prev_tgt;                /* and its target group (CODE ALL) */
    int verb_scope;              /* RP_VERBS_*: which verbs of a sentence are coded */
    int caps_sentence;           /* the sentence is in capitals: a capital says nothing */
    int forward;                 /* TABARI's FORWARD: pronouns before any actor stand for... */
    uint32_t fwd_actor;          /* ...this actor (index), the previous sentence's first; RPI_NONE */
    const void *fwd_lang;        /* the language fwd_actor belongs to */
    uint32_t psb;                /* first token of the sentence the prefix cache and tf are for */
    uint8_t sdb[RPI_DIGESTS + 1]; /* the same as bytes, 1 when set: the filters of index links
                                    and names read three of them at once (has_digest) */
    uint16_t *dset; size_t ndset, cap_dset; /* the digests set in sdb (cleared one by one) */
    uint64_t sdig[(RPI_DIGESTS + 64) / 64]; /* bit d: a token of the sentence has digest d
                                    (rpi_link.req); bit RPI_NO_DIGEST always set */
    uint64_t sdwm[2];            /* bit w: word w of sdig is not 0 (words 0..67; 68, that of
                                    RPI_NO_DIGEST, is no anchor's) */
    int noun_at;                 /* the token patterns are tried at stands as a noun (try_pattern);
                                    -1: not known yet */
    token_filter *tf; size_t cap_tf; /* per sentence token, from psb on */
    uint32_t *wk; size_t cap_wk; /* per sentence token, from psb on: its word_keys in wcur */
    word_cache *wcs; size_t nwcs; /* one per language met */
    word_cache *wcur;            /* the sentence's (prefix_cache) */
    const rp_token *stoks;       /* the sentence's tokens (the document's from psb), nstoks of */
    uint32_t nstoks;             /* them: tok_in reads their word sets from their word_keys */
    uint32_t *tried; size_t ntried, cap_tried; /* per pattern: try_stamp when last tried */
    uint32_t try_stamp;          /* the token patterns are being tried at (never 0): a
                                    pattern found again under another key is not tried twice */
    word_memo memo[MEMO_SLOTS];  /* word_matches of elements with many alternatives */
    uint32_t memo_gen;           /* the sentence the memo is for (never 0) */
    rpi_buf tbuf;                /* trace text */
};

rp_coder *rp_coder_new(const rp_dict *dict)
{
    if (!dict) return NULL;
    rp_coder *c = rpi_calloc(1, sizeof *c);
    if (!c) return NULL;
    c->dict = dict;
    c->fwd_actor = RPI_NONE;
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    c->today = (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
    return c;
}

static void word_cache_clear(word_cache *wc)
{
    rpi_map_free(&wc->index);
    rpi_free(wc->words); rpi_free(wc->names); rpi_free(wc->pats); rpi_free(wc->wpre); rpi_free(wc->pkeys);
    *wc = (word_cache){wc->lang, {0}, NULL, 0, 0, NULL, 0, 0, NULL, 0, 0, NULL, 0, NULL, 0, 0};
}

void rp_coder_free(rp_coder *c)
{
    if (!c) return;
    rpi_free(c->raws); rpi_free(c->ms); rpi_free(c->members); rpi_free(c->gs);
    rpi_free(c->mt); rpi_free(c->lits); rpi_free(c->litw); rpi_free(c->order); rpi_free(c->used); rpi_free(c->vclause);
    rpi_free(c->pend);
    rpi_free(c->tf); rpi_free(c->tried); rpi_free(c->wk); rpi_free(c->dset);
    for (size_t i = 0; i < c->nwcs; i++) word_cache_clear(&c->wcs[i]);
    rpi_free(c->wcs);
    rpi_buf_free(&c->tbuf);
    rpi_free(c);
}

static void copy_code(char dst[RP_CODE_MAX], const char *src);

void rp_coder_set_null_actors(rp_coder *c, int on)
{
    if (!c) return;
    c->null_actors = on != 0;
    snprintf(c->lone_agent, sizeof c->lone_agent, "%s", on ? "---" : "");
    copy_code(c->def_src, on ? "---" : "");
    copy_code(c->def_tgt, on ? "---" : "");
}

void rp_coder_set_forward(rp_coder *c, int on)
{
    if (!c) return;
    c->forward = on != 0;
    c->fwd_actor = RPI_NONE;
}

void rp_coder_forward_break(rp_coder *c)
{
    if (c) c->fwd_actor = RPI_NONE;
}

void rp_coder_set_agent_alone(rp_coder *c, const char *prefix)
{
    if (c) snprintf(c->lone_agent, sizeof c->lone_agent, "%s", prefix ? prefix : "");
}

void rp_coder_set_verb_scope(rp_coder *c, rp_verb_scope scope)
{
    if (c) c->verb_scope = scope;
}

void rp_coder_set_default_rules(rp_coder *c, int prior, int after)
{
    if (!c) return;
    c->def_not_prior = !prior;
    c->def_not_after = !after;
}

void rp_coder_set_default_actors(rp_coder *c, const char *source, const char *target)
{
    if (!c) return;
    c->null_actors = 0;
    copy_code(c->def_src, source ? source : "");
    copy_code(c->def_tgt, target ? target : "");
}

void rp_coder_set_complexity(rp_coder *c, int verbs, int conj, int noactprior)
{
    if (!c) return;
    c->cx_verbs = verbs > 0 ? verbs : 0;
    c->cx_conj = conj > 0 ? conj : 0;
    c->cx_noactprior = noactprior != 0;
}

void rp_coder_set_trace(rp_coder *c, rp_trace_cb cb, void *user)
{
    if (!c) return;
    c->trace = cb;
    c->trace_user = user;
}

/* ---- helpers ---- */

static inline int is_country(const char *code)
{
    if (!code[0] || !code[1] || !code[2]) return 0;
    if (code[0] != 'I' && code[0] != 'N' && code[0] != 'M' && code[0] != 'U') return 1; /* the hot path */
    /* the three letters as one number (compared at once: "USA" is common, and went through
       the eight codes one by one) against IGO NGO NGM MNC IMG UIS UAF INT */
#define CODE3(a, b, c_) ((uint32_t)(a) << 16 | (uint32_t)(b) << 8 | (uint32_t)(c_))
    switch (CODE3((unsigned char)code[0], (unsigned char)code[1], (unsigned char)code[2])) {
    case CODE3('I', 'G', 'O'): case CODE3('N', 'G', 'O'): case CODE3('N', 'G', 'M'): case CODE3('M', 'N', 'C'):
    case CODE3('I', 'M', 'G'): case CODE3('U', 'I', 'S'): case CODE3('U', 'A', 'F'): case CODE3('I', 'N', 'T'):
        return 0;
    default:
        return 1;
    }
#undef CODE3
}

static inline void country_of(const char *code, char out[4])
{
    if (is_country(code)) { memcpy(out, code, 3); out[3] = '\0'; }
    else out[0] = '\0';
}

/* snprintf(dst, size, "%s", src) without the format machinery (about 600 instructions a
 * call, several calls an event); byte by byte: codes are a few bytes, and strnlen and
 * memmove were two calls (dst and src are different fields, or the same one). */
static inline void copy_str(char *dst, size_t size, const char *src)
{
    size_t n = 0;
    for (; n + 1 < size && src[n]; n++) dst[n] = src[n];
    dst[n] = '\0';
}

static void copy_code(char dst[RP_CODE_MAX], const char *src) { copy_str(dst, RP_CODE_MAX, src); }

/* !strcmp(a, b) inline: codes are a few bytes, and a sentence compares thousands of
 * them (about 20 instructions a call of strcmp saved). */
static inline int same_str(const char *a, const char *b)
{
    while (*a && *a == *b) a++, b++;
    return *a == *b;
}

/* The code of an actor for a date (docs/dictionaries.md, "Actors"). */
static void resolve_actor(const rpi_lang *l, const rpi_actor *a, int date, char out[RP_CODE_MAX], int *person)
{
    const rpi_code *def = NULL, *near = NULL;
    long best = -1;
    *person = 0;
    for (uint32_t i = 0; i < a->ncodes; i++) {
        const rpi_code *k = &l->codes[a->code_off + i];
        if (!k->dated) { def = k; continue; }
        *person = 1;
        if (date >= k->from && date <= k->to) { copy_code(out, k->code); return; }
        long d = date < k->from ? (long)k->from - date : (long)date - k->to;
        if (best < 0 || d < best) { best = d; near = k; }
    }
    if (def) { copy_code(out, def->code); return; }
    if (near) {
        if (is_country(near->code)) snprintf(out, RP_CODE_MAX, "%.3sELI", near->code);
        else copy_code(out, near->code);
        return;
    }
    out[0] = '\0';
}


static void trace(rp_coder *c, rp_trace_kind kind, size_t sent, const char *text, const char *code, const char *pattern)
{
    if (!c->trace) return;
    rp_trace t = {kind, sent, text ? text : "", code ? code : "", pattern ? pattern : ""};
    c->trace(c->trace_user, &t);
}

/* The original words of tokens [tb, te) in c->tbuf. */
static const char *words(rp_coder *c, const rp_doc *doc, uint32_t tb, uint32_t te)
{
    c->tbuf.len = 0;
    if (te <= tb) return "";
    const rp_token *a = rpi_doc_token(doc, tb), *b = rpi_doc_token(doc, te - 1);
    if (rpi_buf_add(&c->tbuf, rpi_doc_text(doc) + a->start, b->end - a->start)) return "";
    return rpi_buf_cstr(&c->tbuf);
}

/* Does the sentence have digest d (rpi_link.req, rpi_name.req)? */
static inline int has_digest(const rp_coder *c, unsigned d)
{
    return c->sdb[d];
}

/* ---- phase 1: mentions ---- */

/* The key of the first plen bytes (1..63) of token j's normalised form, 0 if it is
 * shorter. Token j is one of the sentence's (prefix_cache); the key is kept with its word
 * (TABARI's dictionaries ask for the same keys of the same words again and again). */
static uint64_t tok_prefix(rp_coder *c, const rp_doc *doc, uint32_t j, unsigned plen)
{
    const rp_token *t = rpi_doc_token(doc, j);
    if (t->norm_len < plen) return 0;
    word_prefixes *w = &c->wcur->wpre[c->wk[j - c->psb]];
    uint64_t *key = &c->wcur->pkeys[w->off + plen - 1];
    if (w->valid >> plen & 1) return *key;
    *key = rpi_prefix_key(rpi_hash(rpi_doc_norm(doc) + t->norm_off, plen));
    w->valid |= UINT64_C(1) << plen;
    return *key;
}

/* The lengths (bit n) at which token i may start with a prefix of the table: those of
 * 1 and 2 bytes in all, longer ones by the token's first three bytes (by_f3), none
 * longer than the token. */
static uint64_t prefix_lens(const rp_doc *doc, uint32_t i, uint64_t all, const uint64_t by_f3[4096])
{
    const rp_token *t = rpi_doc_token(doc, i);
    uint64_t lens = all & 6;
    if (t->norm_len >= 3) {
        const unsigned char *w = (const unsigned char *)rpi_doc_norm(doc) + t->norm_off;
        lens |= by_f3[rpi_f3(w[0], w[1], w[2])];
    }
    return t->norm_len >= 63 ? lens : lens & ((UINT64_C(2) << t->norm_len) - 1);
}

/* The next prefix key of token i among the lengths left in *lens (ascending bits,
 * consumed); 0 when none is left. */
static uint64_t next_prefix(rp_coder *c, const rp_doc *doc, uint32_t i, uint64_t *lens)
{
    while (*lens) {
        unsigned plen = (unsigned)__builtin_ctzll(*lens);
        *lens &= *lens - 1;
        uint64_t key = tok_prefix(c, doc, i, plen);
        if (key) return key;
    }
    return 0;
}

/* Might a name be indexed by its first two words under this first-word key? */
static int name2_may(const rpi_lang *l, uint64_t key)
{
    return (l->name2_first[(key & 65535) >> 6] >> (key & 63)) & 1;
}

/* The word_keys of token i (an index in wc->words), looked up in the cache or made. */
static rp_rc word_keys_of(rp_coder *c, word_cache *wc, const rpi_lang *l, const rp_doc *doc, uint32_t i, uint32_t *out)
{
    const rp_token *t = rpi_doc_token(doc, i);
    uint32_t wi = rpi_map_get(&wc->index, t->form_hash);
    if (wi != RPI_NONE && wc->words[wi].stem_hash == t->stem_hash) { *out = wi; return RP_OK; }
    if (RPI_GROW(wc->words, wc->cap_words, wc->nwords + 1)) return RP_ENOMEM;
    if (RPI_GROW(wc->wpre, wc->cap_wpre, wc->nwords + 1)) return RP_ENOMEM;
    uint32_t npk = t->norm_len < 63 ? t->norm_len : 63; /* (its prefix keys' places first: */
    if (RPI_GROW(wc->pkeys, wc->cap_pkeys, wc->npkeys + npk)) return RP_ENOMEM;
    wi = (uint32_t)wc->nwords;                          /* tok_prefix below uses them) */
    const unsigned char *b = (const unsigned char *)rpi_doc_norm(doc) + t->norm_off;
    uint8_t f2 = (uint8_t)(t->norm_len >= 2 ? rpi_f2(b[0], b[1]) : 0);
    wc->wpre[wi] = (word_prefixes){0, (uint32_t)wc->npkeys, f2, (uint8_t)(t->norm_len < 3 ? t->norm_len : 3),
                                   (uint16_t)(t->norm_len >= 3 ? rpi_f3(b[0], b[1], b[2]) : 0),
                                   {(uint8_t)(t->form_hash >> 56), (uint8_t)(t->stem_hash >> 56), f2, t->norm_len >= 2}};
    wc->npkeys += npk;
    *out = wi;
    word_keys w = {t->form_hash, t->stem_hash, (uint32_t)wc->nnames, (uint32_t)wc->npats, 0, 0, 0};
    for (unsigned k = 0; k < WS_COUNT; k++) w.sets |= (uint32_t)rpi_wordset_has(lang_set(l, k), t->form_hash) << k;
    /* names: the form's key, then the prefixes' (find_raw tries them in this order) */
    uint64_t lens = l->name_prefix_lens ? prefix_lens(doc, i, l->name_prefix_lens, l->name_lens_f3) : 0;
    for (unsigned k = 0;; k++) {
        uint64_t key = k ? next_prefix(c, doc, i, &lens) : t->form_hash;
        if (k && !key) break;
        name_key nk = {key, rpi_name_key_may(l->name_key_bits, key) ? rpi_map_get(&l->name_index, key) : RPI_NONE,
                       (uint8_t)name2_may(l, key), (uint8_t)!k};
        if (nk.chain == RPI_NONE && !nk.two) continue;
        if (RPI_GROW(wc->names, wc->cap_names, wc->nnames + 1)) return RP_ENOMEM;
        wc->names[wc->nnames++] = nk;
        w.nname++;
    }
    /* patterns: the form's key, the stem's, then the prefixes' (code_sentence's order) */
    lens = l->pattern_prefix_lens ? prefix_lens(doc, i, l->pattern_prefix_lens, l->pattern_lens_f3) : 0;
    uint64_t keys[2] = {t->form_hash, t->stem_hash};
    for (unsigned k = 0;; k++) {
        uint64_t key = k < 2 ? keys[k] : next_prefix(c, doc, i, &lens);
        if (k >= 2 && !key) break;
        uint32_t an = rpi_map_get(&l->pattern_index, key);
        if (an == RPI_NONE) continue;
        if (RPI_GROW(wc->pats, wc->cap_pats, wc->npats + 1)) return RP_ENOMEM;
        wc->pats[wc->npats++] = (pat_key){key, an};
        w.npat++;
    }
    if (rpi_map_put(&wc->index, t->form_hash, wi)) return RP_ENOMEM;
    wc->words[wc->nwords++] = w;
    return RP_OK;
}

/* The word cache of language l (made on its first sentence). */
static rp_rc word_cache_of(rp_coder *c, const rpi_lang *l, word_cache **out)
{
    for (size_t i = 0; i < c->nwcs; i++)
        if (c->wcs[i].lang == l) { *out = &c->wcs[i]; return RP_OK; }
    word_cache *n = rpi_realloc(c->wcs, (c->nwcs + 1) * sizeof *n);
    if (!n) return RP_ENOMEM;
    c->wcs = n;
    c->wcs[c->nwcs] = (word_cache){l, {0}, NULL, 0, 0, NULL, 0, 0, NULL, 0, 0, NULL, 0, NULL, 0, 0};
    *out = &c->wcs[c->nwcs++];
    return RP_OK;
}

/* Note digest d (< RPI_NO_DIGEST) of a token of the sentence: in its bytes, its bit set
 * and the mask of the bit set's words in use (prefix_cache, try_anchor). */
static inline void add_digest(rp_coder *c, unsigned d)
{
    if (c->sdb[d]) return;
    c->sdb[d] = 1;
    c->dset[c->ndset++] = (uint16_t)d;
    c->sdig[d >> 6] |= UINT64_C(1) << (d & 63);
    c->sdwm[d >> 12] |= UINT64_C(1) << (d >> 6 & 63);
}

/* Make the per-sentence caches of [sb, se) ready: each token's word_keys (wk) and filter
 * bytes (tf), and the digests of the sentence (sdb, sdig: its two-byte filters are the
 * digests from 4096 on, sdig[64..67]). */
static rp_rc prefix_cache(rp_coder *c, const rpi_lang *l, const rp_doc *doc, uint32_t sb, uint32_t se)
{
    c->psb = sb;
    /* each token's word_keys (the cache emptied when full, not inside a sentence: the
       sentence's tokens keep indexes into it) */
    rp_rc rc = word_cache_of(c, l, &c->wcur);
    if (rc) return rc;
    word_cache *wc = c->wcur;
    if (wc->nwords + (se - sb) > WORD_CACHE_MAX || wc->npkeys + (size_t)63 * (se - sb) > (size_t)16 * WORD_CACHE_MAX)
        word_cache_clear(wc);
    if (RPI_GROW(c->wk, c->cap_wk, se - sb)) return RP_ENOMEM;
    memset(c->sdig, 0, sizeof c->sdig);
    c->sdig[RPI_NO_DIGEST >> 6] |= UINT64_C(1) << (RPI_NO_DIGEST & 63);
    for (size_t k = 0; k < c->ndset; k++) c->sdb[c->dset[k]] = 0; /* (not all 4,353 bytes) */
    c->ndset = 0;
    c->sdb[RPI_NO_DIGEST] = 1;
    c->sdwm[0] = c->sdwm[1] = 0;
    if (RPI_GROW(c->tf, c->cap_tf, se - sb)) return RP_ENOMEM;
    if (RPI_GROW(c->dset, c->cap_dset, 2 * (size_t)(se - sb))) return RP_ENOMEM;
    const rp_token *toks = se > sb ? rpi_doc_token(doc, sb) : NULL; /* (contiguous) */
    c->nstoks = 0; /* (until every token has its word_keys) */
    for (uint32_t i = 0; i < se - sb; i++) {
        if ((rc = word_keys_of(c, wc, l, doc, sb + i, &c->wk[i]))) return rc;
        const word_prefixes *wp = &wc->wpre[c->wk[i]];
        c->tf[i] = wp->tf;
        if (wp->len < 2) continue;
        add_digest(c, 4096u + wp->f2);
        if (wp->len == 3) add_digest(c, wp->f3);
    }
    c->stoks = toks;
    c->nstoks = se - sb;
    return RP_OK;
}

/* Is token t in word set `set` of language l? Read from its word_keys for the tokens of
 * the sentence (prefix_cache), looked up for any other. */
static inline int tok_in(const rp_coder *c, const rpi_lang *l, unsigned set, const rp_token *t)
{
    size_t j = (size_t)(t - c->stoks); /* (tokens before the sentence wrap round: too large) */
    if (j < c->nstoks) return (int)(c->wcur->words[c->wk[j]].sets >> set & 1);
    return rpi_wordset_has(lang_set(l, set), t->form_hash);
}

/* Is token j a hyphen joining the words on its sides, no space around it ("Al-Gore")? */
static int joining_hyphen(const rp_doc *doc, uint32_t j)
{
    if (!j || j + 1 >= doc->ntoks) return 0;
    const rp_token *h = rpi_doc_token(doc, j);
    return h->end - h->start == 1 && rpi_doc_text(doc)[h->start] == '-' && h->start == rpi_doc_token(doc, j - 1)->end &&
           rpi_doc_token(doc, j + 1)->start == h->end;
}

static inline int is_comma(const rp_doc *doc, const rp_token *t)
{
    return t->end - t->start == 1 && rpi_doc_text(doc)[t->start] == ',';
}

/* A name's words joined by hyphens in the text ("Al-Gore" for AL_GORE): the tokens it
 * spans from i, 0 when it does not stand there. */
static uint32_t hyphenated(rp_coder *c, const rpi_lang *l, const rpi_name *nm, const rp_doc *doc, uint32_t i,
                           uint32_t end)
{
    uint32_t j = i;
    const char *w = nm->exact_off != RPI_NONE ? l->strings.data + nm->exact_off : NULL; /* exact forms */
    for (uint32_t k = 0; k < nm->ntok; k++, j++) {
        if (k && j + 1 < end && joining_hyphen(doc, j)) j++; /* "-" right between the two words */
        if (j >= end) return 0;
        const rp_token *t = rpi_doc_token(doc, j);
        uint8_t plen = nm->has_prefix ? l->name_plen[nm->tok_off + k] : 0;
        uint64_t hh = plen ? tok_prefix(c, doc, j, plen) : t->form_hash;
        if (hh != l->name_toks[nm->tok_off + k]) return 0;
        if (w) {
            size_t wl = strlen(w);
            if (wl != t->end - t->start || memcmp(w, rpi_doc_text(doc) + t->start, wl)) return 0;
            w += wl + 1;
        }
    }
    return j - i;
}

/* The tokens a name spans from token i (other words inside its ".." gaps included),
 * 0 when it does not stand there. A gap takes the nearest next word, at most NAME_GAP
 * tokens on (TABARI's gaps are unlimited; a bound keeps a hostile sentence linear). */
#define NAME_GAP 64
static uint32_t name_matches(rp_coder *c, const rpi_lang *l, const rpi_name *nm, const rp_doc *doc, uint32_t i,
                             uint32_t end)
{
    if (i + nm->ntok > end) return 0;
    if (nm->upper_first && !(rpi_doc_token(doc, i)->flags & RP_TOK_UPPER)) return 0;
    if (nm->gaps) { /* (never exact: the loader refuses '=' with '..') */
        uint32_t j = i;
        for (uint32_t k = 0; k < nm->ntok; k++, j++) {
            uint8_t plen = nm->has_prefix ? l->name_plen[nm->tok_off + k] : 0;
            int gap = k && k <= 32 && ((nm->gaps >> (k - 1)) & 1);
            for (uint32_t from = j;; j++) {
                if (j + (nm->ntok - k) > end || j - from > NAME_GAP) return 0;
                uint64_t h = plen ? tok_prefix(c, doc, j, plen) : rpi_doc_token(doc, j)->form_hash;
                if (h == l->name_toks[nm->tok_off + k]) break;
                if (!gap) return 0;
            }
        }
        return j - i;
    }
    for (uint32_t k = 0; k < nm->ntok; k++) {
        const rp_token *t = rpi_doc_token(doc, i + k);
        uint8_t plen = nm->has_prefix ? l->name_plen[nm->tok_off + k] : 0;
        uint64_t h = plen ? tok_prefix(c, doc, i + k, plen) : t->form_hash;
        if (h != l->name_toks[nm->tok_off + k]) {
            /* TABARI: a hyphen joins the words of a name as a '_' does ("Al-Gore" is
               AL_GORE: TEXT-01) */
            if (k && l->foreign && joining_hyphen(doc, i + k)) return hyphenated(c, l, nm, doc, i, end);
            return 0;
        }
    }
    if (nm->exact_off != RPI_NONE) {
        const char *w = l->strings.data + nm->exact_off;
        for (uint32_t k = 0; k < nm->ntok; k++) {
            const rp_token *t = rpi_doc_token(doc, i + k);
            size_t wl = strlen(w);
            if (wl != t->end - t->start || memcmp(w, rpi_doc_text(doc) + t->start, wl)) return 0;
            w += wl + 1;
        }
    }
    return nm->ntok;
}

/* The names of the chain from name n0 (a key's in name_index) that stand at token i:
 * the best of them and *best in *best (longest, then an actor before an agent, then the
 * first defined: an order of its own, whatever the order of the calls). */
static void names_at(rp_coder *c, const rpi_lang *l, const rp_doc *doc, uint32_t n0, uint32_t i, uint32_t te,
                     uint32_t *best, uint32_t *best_len)
{
    for (uint32_t n = n0; n != RPI_NONE; n = l->names[n].next) {
        const rpi_name *nm = &l->names[n];
        if (!(has_digest(c, nm->req[0]) & has_digest(c, nm->req[1]))) continue; /* a word the sentence lacks */
        uint32_t len = name_matches(c, l, nm, doc, i, te);
        if (!len) continue;
        /* longest wins; on a tie an actor beats an agent, then the first defined;
           PETRARCH: the last defined, as its dictionary reader keeps the last entry of a
           phrase ("PRESIDENT_BUSH" in George H. W. Bush's and, later, in George W.
           Bush's: in 2008 USAGOV, not the first one's USAELI) */
        if (len > *best_len || (len == *best_len && *best != RPI_NONE &&
                                l->names[*best].is_agent && !nm->is_agent) ||
            (len == *best_len && *best != RPI_NONE && l->names[*best].is_agent == nm->is_agent && (petrarch(l) ? n > *best : n < *best))) {
            *best = n;
            *best_len = len;
        }
    }
}

/* The best name standing at token i among those indexed under key and *best (names_at:
 * longest, then an actor before an agent, then the first defined); a key in no name is
 * turned away by its bit in name_key_bits, without the look-up. */
static inline void best_name(rp_coder *c, const rpi_lang *l, const rp_doc *doc, uint64_t key, uint32_t i,
                             uint32_t te, uint32_t *best, uint32_t *best_len)
{
    if (rpi_name_key_may(l->name_key_bits, key)) names_at(c, l, doc, rpi_map_get(&l->name_index, key), i, te, best, best_len);
}

/* Is token i a word with no capital letter ("pole", not "Pole" or "iSrael")? */
static int lower_word(const rp_doc *doc, uint32_t i)
{
    const rp_token *t = rpi_doc_token(doc, i);
    if (!(t->flags & RP_TOK_WORD) || (t->flags & RP_TOK_UPPER)) return 0;
    for (uint32_t k = t->start; k < t->end; k++)
        if (rpi_doc_text(doc)[k] >= 'A' && rpi_doc_text(doc)[k] <= 'Z') return 0;
    return 1;
}

static rp_rc find_raw(rp_coder *c, const rpi_lang *l, const rp_doc *doc, uint32_t tb, uint32_t te)
{
    c->nraws = 0;
    for (uint32_t i = tb; i < te;) {
        /* the keys of the word that names stand under (word_keys_of): its form's, then
           its prefixes'; most words have none */
        const word_keys *w = &c->wcur->words[c->wk[i - c->psb]];
        if (!w->nname) { i++; continue; }
        uint32_t best = RPI_NONE, best_len = 0;
        uint64_t next = i + 1 < te ? rpi_doc_token(doc, i + 1)->form_hash : 0;
        for (uint32_t k = 0; k < w->nname; k++) {
            const name_key *nk = &c->wcur->names[w->name_off + k];
            if (nk->chain != RPI_NONE) names_at(c, l, doc, nk->chain, i, te, &best, &best_len);
            if (!nk->two || i + 1 >= te) continue;
            best_name(c, l, doc, rpi_name_key2(nk->key, next), i, te, &best, &best_len);
            /* TABARI: "Blue-Mountain-Rebels" for BLUE_MOUNTAIN_REBELS (see hyphenated) */
            if (nk->form && l->foreign && i + 2 < te && rpi_doc_token(doc, i + 1)->end - rpi_doc_token(doc, i + 1)->start == 1 &&
                joining_hyphen(doc, i + 1)) /* (a one-byte next token first: the call is rarely needed) */
                best_name(c, l, doc, rpi_name_key2(nk->key, rpi_doc_token(doc, i + 2)->form_hash), i, te, &best, &best_len);
        }
        if (best == RPI_NONE) { i++; continue; }
        /* PETRARCH: a name of one word all in lower case inside a sentence is a common
           noun ("scaling a pole" is no Pole, POL; "iSrael" stays Israel) */
        if (petrarch(l) && best_len == 1 && !l->names[best].is_agent && i > tb && lower_word(doc, i)) {
            i++;
            continue;
        }
        if (RPI_GROW(c->raws, c->cap_raws, c->nraws + 1)) return RP_ENOMEM;
        c->raws[c->nraws++] = (raw){i, i + best_len, l->names[best].target, l->names[best].is_agent};
        i += best_len;
    }
    return RP_OK;
}

/* Only link words (or nothing) between tokens a and b? With foreign dictionaries
 * "former" may stand there too ("Arnor former security officials"). */
static int only_links(const rp_coder *c, const rpi_lang *l, const rp_doc *doc, uint32_t a, uint32_t b, int max)
{
    if (b < a || (int)(b - a) > max) return 0;
    for (uint32_t k = a; k < b; k++) {
        const rp_token *t = rpi_doc_token(doc, k);
        if (!tok_in(c, l, WS_LINK, t) && !(l->foreign && tok_in(c, l, WS_FORMER, t))) return 0;
    }
    return 1;
}

/* Add an agent's sector to a bare country code (RUS + GOV = RUSGOV). Foreign
 * dictionaries: any three-letter code, sectors of any length, and "NGO~" (a sector
 * ending in '~') goes before the code. */
static void apply_sector(char code[RP_CODE_MAX], const char *sector)
{
    if (!code[0] || !code[1] || !code[2] || code[3] || !sector[0] || !sector[1] || !sector[2]) return;
    size_t sl = strlen(sector);
    /* a redundant agent adds nothing: "human rights activists" (NGM~) of Amnesty (NGM) */
    size_t core = sl > 3 && sector[sl - 1] == '~' ? sl - 1 : sl;
    if (core == 3 && !memcmp(sector, code, 3)) return;
    if (sl == 3 && is_country(code)) {
        memcpy(code + 3, sector, 3);
        code[6] = '\0';
    } else if (sl > 3 && sector[sl - 1] == '~') {
        char tmp[RP_CODE_MAX];
        snprintf(tmp, sizeof tmp, "%.*s%s", (int)(sl - 1), sector, code);
        copy_code(code, tmp);
    } else if (sl > 3) {
        memcpy(code + 3, sector, sl + 1);
    }
}

/* TABARI's rule for adding an agent (its manual, 5.4): to a code of any length, unless
 * the agent's code is already part of it on the 3-character boundaries ("LKAREB" and
 * "~REB" stay "LKAREB"); "USAGOV" and "~ELI" are "USAGOVELI". */
static void apply_sector_tabari(char code[RP_CODE_MAX], const char *sector)
{
    size_t cl = strlen(code), sl = strlen(sector);
    int before = sl > 1 && sector[sl - 1] == '~';
    size_t core = before ? sl - 1 : sl;
    if (!cl || cl % 3 || !core || core % 3) { apply_sector(code, sector); return; }
    for (size_t k = 0; k + core <= cl; k += 3)
        if (!memcmp(code + k, sector, core)) return;
    if (cl + core >= RP_CODE_MAX) return;
    if (before) {
        memmove(code + core, code, cl + 1);
        memcpy(code, sector, core);
    } else {
        memcpy(code + cl, sector, core);
        code[cl + core] = '\0';
    }
}

/* An agent's sector added to an actor's code: with PETRARCH's dictionaries as TABARI's
 * rule does, to a code of any length ("UN troops" IGOUNO + MIL, "Hamas regime"
 * PSEREBHMS + GOV: AGENTS-16, AGENTS-23 of PETRARCH-2's unit tests); with ours (and
 * TABARI's outside its own rule's places) to a country's code only. */
static void add_agent(const rpi_lang *l, char code[RP_CODE_MAX], const char *sector)
{
    if (petrarch(l)) apply_sector_tabari(code, sector);
    else apply_sector(code, sector);
}

static void note_country(rp_coder *c, const char *code)
{
    char k[4];
    country_of(code, k);
    if (!k[0] || same_str(k, c->recent[0])) return;
    memcpy(c->recent[1], c->recent[0], 4);
    memcpy(c->recent[0], k, 4);
}

static void agent_sector(const rpi_agent *a, char sector[8])
{
    size_t n = strnlen(a->sector, 6); /* the loader keeps foreign agent codes to 6 */
    memcpy(sector, a->sector, n);
    if (a->prepend) sector[n++] = '~';
    sector[n] = '\0';
}

/* An agent alone right after an actor-agent mention and a coordination word shares its
 * actor ("Danish media and government": DNK + GOV, the media's country; "Danish Muslim
 * media and government" DNKMUS + GOV): its code in code, 0 when it does not stand so. */
static int shared_actor(rp_coder *c, const rpi_lang *l, const rp_doc *doc, uint32_t tb, const char *sector,
                        char code[RP_CODE_MAX])
{
    if (!c->nms) return 0;
    const mention *p = &c->ms[c->nms - 1];
    if (p->pair || !p->trail_sector[0] || !p->base[0] || p->te >= tb || tb - p->te > 2) return 0;
    for (uint32_t k = p->te; k < tb; k++)
        if (!tok_in(c, l, WS_COORDINATION, rpi_doc_token(doc, k))) return 0;
    copy_code(code, p->base);
    add_agent(l, code, sector);
    return 1;
}

static int is_verb_word(const rpi_lang *l, const rp_token *t);
/* Is token k a plain word, no function word nor a verb: the word before it a modifier of
   it ("naval drills", "Islamic State"), not the head of a noun phrase? */
static int modifier(const rp_coder *c, const rpi_lang *l, const rp_doc *doc, uint32_t k)
{
    if (k >= doc->ntoks) return 0;
    const rp_token *t = rpi_doc_token(doc, k);
    if (!(t->flags & RP_TOK_WORD)) return 0;
    if (t->flags & RP_TOK_UPPER) return 1; /* "Islamic State": a name we do not know */
    if (is_verb_word(l, t)) return 0;
    static const unsigned fn[] = {WS_ARTICLES, WS_PREPOSITIONS, WS_AUXILIARIES, WS_PASSIVE_AUX, WS_COORDINATION,
                                  WS_COMPLEMENTIZERS, WS_CLAUSE, WS_NEGATION, WS_PRONOUNS, WS_CONJUNCTIONS,
                                  WS_INFINITIVE, WS_LINK, WS_POSSESSIVES};
    for (size_t i = 0; i < sizeof fn / sizeof *fn; i++)
        if (tok_in(c, l, fn[i], t)) return 0;
    return 1;
}

/* Between tokens a and b, one or two plain words in lower case and maybe link words
   ("the Russian defence minister", "Russia's defence minister")? */
static int plain_between(const rp_coder *c, const rpi_lang *l, const rp_doc *doc, uint32_t a, uint32_t b)
{
    if (b <= a || b - a > 4) return 0;
    int plain = 0;
    for (uint32_t k = a; k < b; k++) {
        if (tok_in(c, l, WS_LINK, rpi_doc_token(doc, k))) continue;
        if (!modifier(c, l, doc, k) || !lower_word(doc, k) || ++plain > 2) return 0;
    }
    return plain > 0;
}

static rp_rc compose(rp_coder *c, const rpi_lang *l, const rp_doc *doc, uint32_t sb, int date)
{
    c->nms = 0;
    for (size_t i = 0; i < c->nraws;) {
        raw *r = &c->raws[i];
        mention m;
        memset(&m, 0, sizeof m);
        m.tb = r->tb;
        m.te = r->te;
        int have_actor = 0, pair = 0;
        char sector[8] = "", sector2[8] = ""; /* the agent's sector; PETRARCH: a second one */
        const rpi_actor *pa = NULL;
        int agent_first = 0;
        if (r->is_agent) {
            agent_sector(&l->agents[r->target], sector);
            agent_first = 1;
        } else {
            pa = &l->actors[r->target];
            if (pa->pair) { pair = 1; copy_str(sector, sizeof sector, pa->pair_sector); }
            else { resolve_actor(l, pa, date, m.code, &m.person); have_actor = 1; }
        }
        size_t j = i + 1;
        while (!pair && j < c->nraws) {
            raw *n = &c->raws[j];
            if (n->is_agent) {
                /* PETRARCH: plain words may stand between an actor and its agent ("the
                   Russian defence minister", RUSGOV) */
                if (!only_links(c, l, doc, m.te, n->tb, 3) &&
                    !(have_actor && petrarch(l) && plain_between(c, l, doc, m.te, n->tb)))
                    break;
                if (!sector[0]) agent_sector(&l->agents[n->target], sector);
                else if (petrarch(l) && !sector2[0]) /* PETRARCH: "An MSF Arnor diplomat", NGOARNGOV */
                    agent_sector(&l->agents[n->target], sector2);
            } else {
                const rpi_actor *na = &l->actors[n->target];
                if (na->pair) break;
                char code[RP_CODE_MAX];
                int person;
                resolve_actor(l, na, date, code, &person);
                if (!have_actor) {
                    if (!only_links(c, l, doc, m.te, n->tb, 3)) break;
                    copy_code(m.code, code);
                    m.person = person;
                    have_actor = 1;
                } else {
                    /* two actors merge only when they are the same country */
                    if (!only_links(c, l, doc, m.te, n->tb, 2)) break;
                    char k1[4], k2[4];
                    country_of(m.code, k1);
                    country_of(code, k2);
                    if (strcmp(k1, k2) || (!k1[0] && strcmp(m.code, code))) break;
                    if (person || (!m.person && strlen(code) > strlen(m.code))) {
                        copy_code(m.code, code);
                        m.person = person;
                    }
                }
            }
            m.te = n->te;
            j++;
        }
        i = j;
        /* TABARI (its manual, 5.4.1): "former" right before an actor-agent pair, or inside
           it, makes the agent an elite, ELI ("former Gondor prosecutors" is GONELI) */
        if (l->foreign && sector[0] && l->former.map.count) {
            int former = m.tb > sb && tok_in(c, l, WS_FORMER, rpi_doc_token(doc, m.tb - 1));
            for (uint32_t k = m.tb; k < m.te && !former; k++) former = tok_in(c, l, WS_FORMER, rpi_doc_token(doc, k));
            if (former) snprintf(sector, sizeof sector, "ELI");
        }
        if (pair) {
            if (!c->recent[0][0] || !c->recent[1][0]) continue; /* nothing to refer to */
            m.pair = 1;
            for (int k = 0; k < 2; k++) {
                copy_code(m.pair_code[k], c->recent[1 - k]);
                if (sector[0]) add_agent(l, m.pair_code[k], sector);
            }
        } else {
            int shared = 0; /* PETRARCH: "Danish media and government": DNKMED and DNKGOV */
            if (!have_actor && sector[0] && petrarch(l) && shared_actor(c, l, doc, m.tb, sector, m.code)) {
                have_actor = shared = 1;
                sector[0] = '\0';
            }
            if (!have_actor && sector[0] && petrarch(l) && !c->null_actors && !modifier(c, l, doc, m.te)) {
                /* PETRARCH: an agent without an actor is one, "---GOV" ("The government
                   expressed appreciation"), when it heads its phrase; roles() takes it
                   only where no actor is found */
                copy_code(m.code, "---");
                have_actor = 1;
                m.lone = 1;
            } else if (c->lone_agent[0] && !have_actor && sector[0]) { /* require_dyad false: "---", TABARI: "~GOV" */
                if (c->lone_agent[0] == '~') snprintf(m.code, sizeof m.code, "~%s", sector); /* TABARI: ~GOV */
                else copy_code(m.code, c->lone_agent);
                have_actor = 1;
            }
            if (!have_actor || !m.code[0]) continue; /* an agent alone is not an actor */
            if (l->one_verb && same_str(m.code, "---")) continue; /* TABARI (one_verb): a null-coded actor is a noun */
            if (sector[0] && l->one_verb) apply_sector_tabari(m.code, sector);
            else if (sector[0]) {
                copy_code(m.base, m.code);
                add_agent(l, m.code, sector);
            }
            if (sector2[0] && strcmp(sector2, sector)) {
                copy_code(m.base, m.code);
                add_agent(l, m.code, sector2);
            }
            if (agent_first && !shared) copy_str(m.lead_sector, sizeof m.lead_sector, sector);
            else if (sector[0]) copy_str(m.trail_sector, sizeof m.trail_sector, sector);
            note_country(c, m.code);
        }
        /* the word before (articles skipped) */
        uint32_t k = m.tb;
        while (k > sb && tok_in(c, l, WS_ARTICLES, rpi_doc_token(doc, k - 1))) k--;
        m.prep = RPI_NONE;
        if (k > sb) {
            const rp_token *p = rpi_doc_token(doc, k - 1);
            m.in_pp = tok_in(c, l, WS_PREPOSITIONS, p);
            /* "Hundreds of UN troops withdrew", "200 of the rebels": a quantity of the
               actor, the actor itself (the subject), not a phrase after a noun */
            if (m.in_pp && k - 1 > sb && tok_in(c, l, WS_LINK, p)) {
                const rp_token *q = rpi_doc_token(doc, k - 2);
                if (tok_in(c, l, WS_QUANTITIES, q) || (q->flags & RP_TOK_NUMBER)) m.in_pp = 0;
            }
            m.addressee = tok_in(c, l, WS_ADDRESSEE, p);
            m.by = tok_in(c, l, WS_PASSIVE_BY, p);
            m.locative = tok_in(c, l, WS_LOCATIVE, p);
            if (m.in_pp) m.prep = k - 1;
        }
        if (RPI_GROW(c->ms, c->cap_ms, c->nms + 1)) return RP_ENOMEM;
        c->ms[c->nms++] = m;
    }
    return RP_OK;
}

/* ---- phase 2: groups ---- */

static rp_rc add_member(rp_coder *c, const rpi_lang *l, group *g, const char *code, uint32_t tb, uint32_t te)
{
    member *mem = c->members ? c->members + g->mem_off : NULL; /* NULL + 0 is undefined */
    char k[4];
    country_of(code, k);
    for (uint32_t i = 0; i < g->nmem; i++) {
        char k2[4];
        country_of(mem[i].code, k2);
        if (!strcmp(mem[i].code, code)) return RP_OK;
        /* same country twice: keep the more specific; PETRARCH: unless neither code is
           the other's beginning ("Danish media and government": DNKMED and DNKGOV) */
        if (petrarch(l) && k[0] && !strcmp(k, k2) && strncmp(code, mem[i].code, strlen(mem[i].code)) &&
            strncmp(mem[i].code, code, strlen(code)))
            continue;
        if (k[0] && !strcmp(k, k2)) {
            if (strlen(code) > strlen(mem[i].code)) { copy_code(mem[i].code, code); mem[i].tb = tb; mem[i].te = te; }
            return RP_OK;
        }
    }
    if (RPI_GROW(c->members, c->cap_members, c->nmembers + 1)) return RP_ENOMEM;
    member *m = &c->members[c->nmembers++];
    copy_code(m->code, code);
    m->tb = tb;
    m->te = te;
    g->nmem++;
    return RP_OK;
}

/* Is the token a word some pattern hangs on (its form or stem indexes patterns)? */
static int is_verb_word(const rpi_lang *l, const rp_token *t)
{
    uint32_t a = rpi_map_get(&l->pattern_index, t->form_hash), b = rpi_map_get(&l->pattern_index, t->stem_hash);
    return (a != RPI_NONE && l->anchors[a].link != RPI_NONE) || (b != RPI_NONE && l->anchors[b].link != RPI_NONE);
}

/* The token before token j (> lo), past negation words ("would not provide": "would"),
 * lo at the lowest. */
static uint32_t before_negation(const rp_coder *c, const rpi_lang *l, const rp_doc *doc, uint32_t lo, uint32_t j)
{
    uint32_t k = j - 1;
    while (k > lo && tok_in(c, l, WS_NEGATION, rpi_doc_token(doc, k))) k--;
    return k;
}

/* Is token j (after sb, its sentence's first) a verb with a subject or an auxiliary of
 * its own right before it ("had attacked", "they attack", "to attack", "would not
 * provide")? */
static int verb_of_clause(const rp_coder *c, const rpi_lang *l, const rp_doc *doc, uint32_t sb, uint32_t j)
{
    const rp_token *p = rpi_doc_token(doc, before_negation(c, l, doc, sb, j));
    return (tok_in(c, l, WS_AUXILIARIES, p) || tok_in(c, l, WS_PRONOUNS, p)) && is_verb_word(l, rpi_doc_token(doc, j));
}

static rp_rc make_groups(rp_coder *c, const rpi_lang *l, const rp_doc *doc)
{
    c->ngs = 0;
    c->nmembers = 0;
    for (size_t i = 0; i < c->nms; i++) {
        mention *m = &c->ms[i];
        int join = 0;
        if (i > 0 && c->ngs) {
            mention *p = &c->ms[i - 1];
            join = 1;
            int comma = 0, coord = 0, other = 0, art = 0;
            for (uint32_t k = p->te; k < m->tb; k++) {
                const rp_token *t = rpi_doc_token(doc, k);
                if (tok_in(c, l, WS_COORDINATION, t)) coord = (t->flags & RP_TOK_WORD) ? 2 : coord ? coord : 1; /* 2: a word, "and" */
                else if (l->foreign && comma && tok_in(c, l, WS_COMPLEMENTIZERS, t)) {
                    join = 0; /* "Elrond, that Calimehtar attacked": a clause, not a list */
                    break;
                } else if (l->one_verb && tok_in(c, l, WS_PHRASE_WORDS, t)) {
                    continue; /* TABARI: one noun phrase ("the evil Arnor awful Gondor": COMPOUND-13) */
                } else if (!tok_in(c, l, WS_ARTICLES, t)) {
                    /* TABARI and PETRARCH: adjectives may stand in a compound ("Fornost and
                       the evil awful Gondor"): up to two plain words after the conjunction;
                       with TABARI's dictionaries after a bare comma only past an article
                       ("Mordor, the awful Fornost" but not "Gollum, called on Gondor");
                       never a word patterns hang on ("Sudria and accused Eriador") */
                    if (l->foreign && (coord == 2 || (coord && (!l->one_verb || art))) && (t->flags & RP_TOK_WORD) &&
                        !is_verb_word(l, t) && ++other <= 2)
                        continue;
                    join = 0;
                    break;
                }
                if (is_comma(doc, t)) comma = 1;
                else if (coord && tok_in(c, l, WS_ARTICLES, t)) art = 1;
            }
            /* "A Mosca, Putin ...": a place in a phrase does not join the subject, unless the
               list goes on ("with Mordor, Rohan, Fornost and Bree") */
            if (join && comma && p->in_pp && !m->in_pp &&
                !(m->te < doc->ntoks && tok_in(c, l, WS_COORDINATION, rpi_doc_token(doc, m->te))))
                join = 0;
            /* "the European Union (EU)": the same actor again in brackets */
            if (!join && m->tb == p->te + 1 && !p->pair && !m->pair && !strcmp(p->code, m->code)) {
                const rp_token *t = rpi_doc_token(doc, p->te);
                if (t->end - t->start == 1 && rpi_doc_text(doc)[t->start] == '(') join = 1;
            }
            if (p->pair || m->pair) join = 0;
            if (p->lone != m->lone) join = 0; /* (a lone agent is a fallback: kept apart) */
        }
        if (!join) {
            if (RPI_GROW(c->gs, c->cap_gs, c->ngs + 1)) return RP_ENOMEM;
            group *g = &c->gs[c->ngs++];
            memset(g, 0, sizeof *g);
            g->tb = m->tb;
            g->mem_off = (uint32_t)c->nmembers;
            g->in_pp = m->in_pp;
            g->addressee = m->addressee;
            g->by = m->by;
            g->locative = m->locative;
            g->prep = m->prep;
            g->lone = m->lone; /* (lone agents and actors never join) */
        } else if (c->ms[i - 1].lead_sector[0] && !m->lead_sector[0] && !l->one_verb) {
            /* "the leaders of France and Germany": the agent covers the whole group (not
               with TABARI's dictionaries: its agent stays with the first actor) */
            add_agent(l, m->code, c->ms[i - 1].lead_sector);
            copy_str(m->lead_sector, sizeof m->lead_sector, c->ms[i - 1].lead_sector);
        }
        group *g = &c->gs[c->ngs - 1];
        g->te = m->te;
        rp_rc rc;
        if (m->pair) {
            if ((rc = add_member(c, l, g, m->pair_code[0], m->tb, m->te))) return rc;
            if ((rc = add_member(c, l, g, m->pair_code[1], m->tb, m->te))) return rc;
        } else if (l->foreign && strchr(m->code, '/')) { /* TABARI "ELR/GAL": several actors */
            char buf[RP_CODE_MAX], *save = NULL;
            copy_code(buf, m->code);
            for (char *part = strtok_r(buf, "/", &save); part; part = strtok_r(NULL, "/", &save))
                if ((rc = add_member(c, l, g, part, m->tb, m->te))) return rc;
        } else if ((rc = add_member(c, l, g, m->code, m->tb, m->te))) {
            return rc;
        }
        if (m->trail_sector[0]) /* "the Chinese and Russian leaders": back over the group */
            for (uint32_t k = 0; k < g->nmem; k++)
                add_agent(l, c->members[g->mem_off + k].code, m->trail_sector);
    }
    return RP_OK;
}

/* ---- phase 3: patterns ---- */

static int tok_is(rp_coder *c, const rpi_alt *alt, const rp_doc *doc, uint32_t j, const rp_token *t)
{
    if (alt->plen) return alt->hash == tok_prefix(c, doc, j, alt->plen);
    return alt->hash == (alt->stem ? t->stem_hash : t->form_hash);
}

/* Might a token whose hash has top byte b start one of the element's alternatives? */
static int in_bloom(const rpi_elem *e, unsigned b)
{
    return (e->bloom[b >> 6] >> (b & 63)) & 1;
}

/* Does element e match at token j (before se)? Returns the tokens it covers, or 0.
 * Past the element's filter (word_matches); an element with many alternatives
 * remembers its answer for the sentence (struct word_memo). */
static uint32_t match_alts(rp_coder *c, const rpi_lang *l, const rpi_elem *e, const rp_doc *doc, uint32_t j, uint32_t se)
{
    word_memo *m = NULL;
    if (e->nalt >= MEMO_MIN_ALTS) {
        m = &c->memo[(e->alt_off * 31u + j) & (MEMO_SLOTS - 1)];
        if (m->sentence == c->memo_gen && m->alt_off == e->alt_off && m->nalt == e->nalt && m->tok == j) return m->len;
    }
    const rp_token *t = rpi_doc_token(doc, j);
    uint32_t len = 0;
    for (uint32_t a = 0; a < e->nalt && !len; a++) {
        const rpi_alt *alt = &l->alts[e->alt_off + a];
        if (!tok_is(c, alt, doc, j, t)) continue;
        if (alt->ntok == 1) { len = 1; break; }
        if (j + alt->ntok > se) continue;
        uint32_t k = 1;
        while (k < alt->ntok && tok_is(c, &l->alt_more[alt->more + k - 1], doc, j + k, rpi_doc_token(doc, j + k))) k++;
        if (k == alt->ntok) len = k;
    }
    if (m) *m = (word_memo){e->alt_off, e->nalt, j, c->memo_gen, len};
    return len;
}

/* Might element e match at a token with these filter bytes? Prefixes are filtered on
 * the first two bytes, other words on their hashes (rpi_elem.bloom, .f2). */
static inline int elem_may_match(const rpi_elem *e, const token_filter *f)
{
    if (!e->has_prefix) return in_bloom(e, f->form_b) || in_bloom(e, f->stem_b);
    if (e->f2_any) return 1;
    return f->f2_ok && (e->f2[f->f2 >> 6] >> (f->f2 & 63) & 1);
}

/* Does element e match at token j of the sentence (before se)? Returns the tokens it
 * covers, or 0. */
static inline uint32_t word_matches(rp_coder *c, const rpi_lang *l, const rpi_elem *e, const rp_doc *doc, uint32_t j,
                                    uint32_t se)
{
    if (!elem_may_match(e, &c->tf[j - c->psb])) return 0;
    return match_alts(c, l, e, doc, j, se);
}

static int in_mention(const rp_coder *c, uint32_t tok)
{
    return c->used[tok] == 2;
}

/* Is token tok the first of an actor mention that begins with an agent, a common noun
 * ("ministers from the Georgian government")? */
static int mention_head(const rp_coder *c, uint32_t tok)
{
    for (size_t k = 0; k < c->nms; k++)
        if (c->ms[k].tb == tok) return c->ms[k].lead_sector[0] != 0;
    return 0;
}

/* Does every member of the group have this sector ("RUSGOV" has GOV)? */
static int group_has_sector(const rp_coder *c, const group *g, const char *sector)
{
    for (uint32_t k = 0; k < g->nmem; k++) {
        const char *code = c->members[g->mem_off + k].code;
        size_t n = strlen(code);
        int found = 0;
        for (size_t o = 3; o + 3 <= n; o += 3)
            if (!memcmp(code + o, sector, 3)) found = 1;
        if (!found) return 0;
    }
    return g->nmem > 0;
}

/* An article, or with PETRARCH's dictionaries a possessive ("its campaign")? */
static int determiner(const rp_coder *c, const rpi_lang *l, const rp_token *t)
{
    return tok_in(c, l, WS_ARTICLES, t) || (!l->one_verb && tok_in(c, l, WS_POSSESSIVES, t));
}

/* Does a word at token i (after sb, its sentence's first) stand where TABARI's and
 * PETRARCH's verbs do not? A capitalised word inside the sentence ("about To
 * Restore"), one right after a determiner ("the restore", "its campaign"), one joined
 * to the word before by a hyphen ("Israeli-occupied": TABARI reads such a compound as
 * one word); PETRARCH: one right after a preposition other than "to" ("for
 * meetings"), or after a determiner and one or two plain words, no actor's or verb
 * ("the two exiled dissidents", "that territorial disputes", "the wealthy Gulf state";
 * not "that they had attacked"). */
static int noun_position(rp_coder *c, const rpi_lang *l, const rp_doc *doc, uint32_t sb, uint32_t i)
{
    if (i <= sb) return 0;
    const rp_token *t = rpi_doc_token(doc, i), *p = rpi_doc_token(doc, i - 1);
    if (((t->flags & RP_TOK_UPPER) && !c->caps_sentence) || determiner(c, l, p)) return 1;
    if (i > sb + 1 && joining_hyphen(doc, i - 1)) return 1;
    if (tok_in(c, l, WS_INTENSIFIERS, p)) return 1; /* "very close to the border" */
    /* after a compound joined by hyphens, a noun ("the 10-month-old conflict") */
    if (i > sb + 2 && joining_hyphen(doc, i - 2) && !in_mention(c, i - 1) && p->end < t->start) return 1;
    if (l->one_verb) return 0;
    if (tok_in(c, l, WS_PREPOSITIONS, p) && !tok_in(c, l, WS_ADDRESSEE, p)) return 1;
    /* a determiner and one plain word ("the two exiled") */
    if (i <= sb + 1 || in_mention(c, i - 1) || !(p->flags & RP_TOK_WORD) || is_verb_word(l, p)) return 0;
    if (determiner(c, l, rpi_doc_token(doc, i - 2))) return 1;
    /* or two, the second no auxiliary and the first no pronoun ("the wealthy Gulf state",
       not "that they had attacked") */
    const rp_token *q = rpi_doc_token(doc, i - 2);
    if (i <= sb + 2 || in_mention(c, i - 2) || !(q->flags & RP_TOK_WORD) || is_verb_word(l, q) ||
        tok_in(c, l, WS_PRONOUNS, q) || tok_in(c, l, WS_AUXILIARIES, p) || tok_in(c, l, WS_PASSIVE_AUX, p) ||
        tok_in(c, l, WS_NEGATION, p))
        return 0;
    return determiner(c, l, rpi_doc_token(doc, i - 3));
}

/* Try pattern p anchored at token i; on success append to c->mt. filter: some word
 * elements have several digests (rpi_link.more), check them on the sentence first. */
static rp_rc try_pattern(rp_coder *c, const rpi_lang *l, const rp_doc *doc, uint32_t pi, uint32_t i,
                         uint32_t sb, uint32_t se, int filter)
{
    const rpi_pattern *p = &l->patterns[pi];
    const rpi_elem *el = &l->elems[p->elem_off];
    /* a word element with no token of the sentence passing its filter cannot match (first:
       it is cheaper than the anchor's own check, and rejects most of TABARI's patterns) */
    for (uint32_t k = 0; filter && k < p->nelem; k++) {
        const rpi_elem *e = &el[k];
        if (e->kind != RPI_EL_WORD || e->f2_any) continue;
        const uint64_t *sf2 = &c->sdig[4096 / 64]; /* (the rpi_f2 of the sentence's tokens) */
        if (!((e->f2[0] & sf2[0]) | (e->f2[1] & sf2[1]) | (e->f2[2] & sf2[2]) | (e->f2[3] & sf2[3]))) return RP_OK;
    }
    /* a pattern indexed under several keys of the token (form, stem, prefixes; a word
       set's digests) is tried once: the same tokens give the same match */
    if (c->tried[pi] == c->try_stamp) return RP_OK;
    c->tried[pi] = c->try_stamp;
    uint32_t w0 = word_matches(c, l, &el[p->first_lit], doc, i, se);
    if (!w0) return RP_OK;
    int discard = p->code[0] == '#'; /* "###" (other codes are digits, or "---") */
    /* TABARI and PETRARCH patterns hang on a verb: not at a noun's place (noun_position).
       TABARI classifies words before it looks for discard and complex verbs, so "their
       first Planetary Cup final" is no complex verb (COMPLEX-06); PETRARCH's discards hold */
    if (l->foreign && (!discard || l->one_verb)) {
        if (c->noun_at < 0) /* (once per token: it depends on the token alone) */
            c->noun_at = noun_position(c, l, doc, sb, i);
        if (c->noun_at) return RP_OK;
    }
    if (l->foreign && !discard && i + w0 < se) { /* nor one with a noun's ending ("donate's") */
        const rp_token *nt = rpi_doc_token(doc, i + w0);
        if (nt->norm_len == 2 && !memcmp(rpi_doc_norm(doc) + nt->norm_off, "'s", 2)) return RP_OK;
    }
    match m = {pi, i, i, i, (uint32_t)c->nlits, -1, -1, -1, RPI_NONE, -1, -1, 0, 0};
    if (RPI_GROW(c->lits, c->cap_lits, c->nlits + p->nliteral)) return RP_ENOMEM;
    if (RPI_GROW(c->litw, c->cap_litw, c->nlits + p->nliteral)) return RP_ENOMEM;
    size_t nl = c->nlits;
    c->litw[nl] = (uint8_t)(w0 > 255 ? 255 : w0);
    c->lits[nl++] = i;
    uint32_t gap = (uint32_t)l->gap;
    /* the elements before the anchor, backwards: each ends at most gap tokens before
       the next one (right after it when the next is marked adjacent) */
    uint32_t left = i;
    for (uint32_t k = p->first_lit; k-- > 0;) {
        const rpi_elem *e = &el[k];
        int adj = el[k + 1].adjacent;
        if (e->kind == RPI_EL_WORD) {
            uint32_t found = RPI_NONE, fw = 0;
            for (uint32_t j = left; j-- > sb && left - j <= gap + 1;) {
                uint32_t w;
                /* an actor's word only with TABARI's dictionaries, as the word right before the verb */
                int actor = in_mention(c, j);
                if ((actor && (!l->one_verb || k + 1 != p->first_lit)) || !(w = word_matches(c, l, e, doc, j, se))) continue;
                if (actor && j + w != left) continue;
                if (j + w > left || (adj && j + w != left)) continue;
                found = j;
                fw = w;
                break;
            }
            if (found == RPI_NONE) return RP_OK;
            c->litw[nl] = (uint8_t)(fw > 255 ? 255 : fw);
            c->lits[nl++] = found;
            left = found;
        } else { /* a slot: the nearest group ending within gap tokens before (TABARI's
                    '$' before the verb: the subject, the first group of the sentence
                    not in a prepositional phrase) */
            int best = -1;
            for (size_t g = 0; g < c->ngs; g++)
                if (l->one_verb && e->kind == RPI_EL_SOURCE && (p->flags & RPI_PAT_GROUP)) {
                    /* TABARI's '%': the nearest compound actor before ("Mordor with Fornost
                       and Gondor welcomed": FOR and GON), none, no match (its manual 5.7) */
                    if (c->gs[g].te <= left && c->gs[g].te + gap >= left && c->gs[g].tb >= sb && c->gs[g].nmem > 1)
                        best = (int)g;
                } else if (l->one_verb && e->kind == RPI_EL_SOURCE && k + 1 == p->first_lit) {
                    /* the actor right before the verb ("between Radagast the Brown called
                       on": MARK-04), else the first one not in a prepositional phrase */
                    if (c->gs[g].te == left && c->gs[g].tb >= sb) { best = (int)g; break; }
                    if (c->gs[g].te <= left && !c->gs[g].in_pp && best < 0) best = (int)g;
                } else if (c->gs[g].te <= left && c->gs[g].te + gap >= left && c->gs[g].tb >= sb) {
                    best = (int)g;
                }
            if (best < 0) return RP_OK;
            if (e->sector[0] && !group_has_sector(c, &c->gs[best], e->sector)) return RP_OK;
            if (e->kind == RPI_EL_SOURCE) m.src_group = best;
            else if (e->kind == RPI_EL_TARGET) m.tgt_group = best;
            else m.skip_group = best;
            left = c->gs[best].tb;
        }
    }
    m.ms = left;
    /* TABARI: a pattern word before the verb may be the last word of an actor ("Dol
       Amroth tanks launched" is AMROTH_TANKS and "- TANKS *": DEBUG-14); the actor then
       stands before the match */
    for (size_t k = 0; k < c->nms && in_mention(c, m.ms); k++)
        if (c->ms[k].tb <= m.ms && m.ms < c->ms[k].te) m.ms = c->ms[k].te;
    /* the same for a pattern with words before its verb: "an anti- Gondor parade" is a
       noun phrase, not "- ANTI- + * [111]" (PETRARCH: TABARI's own records code such phrases) */
    if (petrarch(l) && left < i && left > sb && !discard && el[0].kind == RPI_EL_WORD &&
        tok_in(c, l, WS_ARTICLES, rpi_doc_token(doc, left - 1)))
        return RP_OK;
    uint32_t pos = i + w0;
    m.me = pos - 1;
    const int petr = petrarch(l);
    for (uint32_t k = p->first_lit + 1; k < p->nelem; k++) {
        const rpi_elem *e = &el[k];
        if (e->kind == RPI_EL_WORD) {
            uint32_t lim = e->adjacent ? pos : pos + (uint32_t)l->gap;
            uint32_t j = pos, found = RPI_NONE, w = 0;
            for (; j <= lim && j < se; j++) {
                /* PETRARCH: a verb of a clause of its own ("claimed that ISIL had attacked",
                   "said he would provide") is no later word of this verb's pattern, nor
                   are the words past it */
                if (petr && j > pos && c->vclause[j]) break;
                /* (PETRARCH: the agent that begins an actor may be a pattern word too:
                   "received ministers from the Georgian government", "- * MINISTERS") */
                if ((!in_mention(c, j) || (petr && mention_head(c, j))) && (w = word_matches(c, l, e, doc, j, se))) {
                    found = j;
                    break;
                }
            }
            if (found == RPI_NONE) return RP_OK;
            c->litw[nl] = (uint8_t)(w > 255 ? 255 : w);
            c->lits[nl++] = found;
            pos = found + w;
            m.me = pos - 1;
        } else {
            int gi = -1;
            for (size_t g = 0; g < c->ngs; g++)
                if (c->gs[g].tb >= pos && c->gs[g].tb <= pos + (uint32_t)l->gap) { gi = (int)g; break; }
            if (gi >= 0 && e->sector[0] && !group_has_sector(c, &c->gs[gi], e->sector)) return RP_OK;
            if (gi < 0) return RP_OK;
            if (e->kind == RPI_EL_SOURCE) m.src_group = gi;
            else if (e->kind == RPI_EL_TARGET) m.tgt_group = gi;
            else m.skip_group = gi;
            pos = c->gs[gi].te;
            m.me = pos - 1;
        }
    }
    (void)sb;
    if (RPI_GROW(c->mt, c->cap_mt, c->nmt + 1)) return RP_ENOMEM;
    c->mt[c->nmt++] = m;
    c->nlits = nl;
    return RP_OK;
}

/* Try the patterns of an index list from link ln at token i, past the digests their
 * words need (most of TABARI's patterns stop there, their link the only memory read). */
static rp_rc try_links(rp_coder *c, const rpi_lang *l, const rp_doc *doc, uint32_t ln, uint32_t i, uint32_t sb,
                       uint32_t se)
{
    rp_rc rc;
    for (; ln != RPI_NONE; ln = l->links[ln].next) {
        const rpi_link *k = &l->links[ln];
        if (!(has_digest(c, k->req[0]) & has_digest(c, k->req[1]) & has_digest(c, k->req[2]))) continue;
        if ((rc = try_pattern(c, l, doc, k->pattern, i, sb, se, k->more))) return rc;
    }
    return RP_OK;
}

/* Try the patterns indexed under key (anchor an of the pattern index) at token i: those
 * under the key alone, and those under the key and the digest of a word present in the
 * sentence. */
static rp_rc try_anchor(rp_coder *c, const rpi_lang *l, const rp_doc *doc, uint64_t key, uint32_t an, uint32_t i,
                        uint32_t sb, uint32_t se)
{
    rp_rc rc;
    uint32_t ln;
    const rpi_anchor *a = &l->anchors[an];
    if (a->link != RPI_NONE && (rc = try_links(c, l, doc, a->link, i, sb, se))) return rc;
    if (a->digs == RPI_NONE) return RP_OK;
    /* the sentence's digests that the anchor's patterns are indexed under (the two bit sets
       ANDed, word by word of the sentence's): only those are looked up. (The order of the
       lists does not matter: matches are sorted on the pattern and the anchor.) */
    const rpi_digest_set *ds = &l->anchor_digs[a->digs];
    for (unsigned h = 0; h < 2; h++) /* (only the words both sets use, ascending) */
        for (uint64_t wm = ds->words[h] & c->sdwm[h]; wm; wm &= wm - 1) {
            unsigned w = h * 64 + (unsigned)__builtin_ctzll(wm);
            for (uint64_t m = ds->bits[w] & c->sdig[w]; m; m &= m - 1) {
                unsigned d = w * 64 + (unsigned)__builtin_ctzll(m);
                if ((ln = rpi_map_get(&l->pattern_index2, rpi_key2(key, d))) != RPI_NONE &&
                    (rc = try_links(c, l, doc, ln, i, sb, se)))
                    return rc;
            }
        }
    return RP_OK;
}

/* Sort n match indexes by cmp, a total order (matches differ in pattern or anchor; kept
 * ones in anchor), so that any sort gives the same order. A sentence has a few matches:
 * insertion sort, without qsort_r's merge buffers and calls (always inline, so that the
 * comparison is inlined in it too: about 17,000 calls for 1,766 sentences); many (a long
 * or hostile sentence) go to qsort_r. */
#define SMALL_SORT 16
static inline __attribute__((always_inline)) void sort_matches(uint32_t *v, size_t n, int (*cmp)(const void *, const void *, void *), void *arg)
{
    if (n > SMALL_SORT) { qsort_r(v, n, sizeof *v, cmp, arg); return; }
    for (size_t i = 1; i < n; i++) {
        uint32_t x = v[i];
        size_t j = i;
        for (; j > 0 && cmp(&x, &v[j - 1], arg) < 0; j--) v[j] = v[j - 1];
        v[j] = x;
    }
}

static inline int cmp_anchor(const void *a, const void *b, void *arg)
{
    const rp_coder *c = arg;
    const match *x = &c->mt[*(const uint32_t *)a], *y = &c->mt[*(const uint32_t *)b];
    return x->anchor < y->anchor ? -1 : x->anchor > y->anchor;
}

/* TABARI codes one verb per clause: of the accepted matches keep the first
 * in the text, and a later one only when a clause boundary (a clause word, or "and",
 * "or" right before a verb) stands between it and the one kept before. Returns the count. */
static size_t first_verb_per_clause(rp_coder *c, const rpi_lang *l, const rp_doc *doc, size_t nacc, int drop)
{
    sort_matches(c->order, nacc, cmp_anchor, c);
    size_t keep = 1;
    for (size_t i = 1; i < nacc; i++) {
        const match *prev = &c->mt[c->order[keep - 1]], *m = &c->mt[c->order[i]];
        uint32_t from = prev->me + 1, to = m->ms < m->anchor ? m->ms : m->anchor;
        uint32_t boundary = RPI_NONE;
        for (uint32_t k = from; k < to && boundary == RPI_NONE; k++) {
            const rp_token *t = rpi_doc_token(doc, k);
            if (tok_in(c, l, WS_CLAUSE, t)) boundary = k;
            else if ((t->flags & RP_TOK_WORD) && (tok_in(c, l, WS_COORDINATION, t) || tok_in(c, l, WS_CONJUNCTIONS, t)) && k + 1 < doc->ntoks &&
                     !in_mention(c, k + 1) && !tok_in(c, l, WS_ARTICLES, rpi_doc_token(doc, k + 1)) &&
                     !tok_in(c, l, WS_PHRASE_WORDS, rpi_doc_token(doc, k + 1)))
                boundary = k;
        }
        if (drop == 2) boundary = RPI_NONE; /* one verb per sentence */
        /* TABARI: a subordinate verb ("SAID [023?]", @weak) does not take its clause's
           place: the next verb is coded too, and the weak event goes if it gives one */
        int after_weak = drop == 1 && (l->patterns[prev->pattern].flags & RPI_PAT_SUBORDINATE) &&
                         !(l->patterns[m->pattern].flags & RPI_PAT_SUBORDINATE);
        /* TABARI: a bare verb coded "---" whose patterns did not match ("won't try to
           clash over the efforts") is no event and does not take its clause's place */
        const rpi_pattern *pp = &l->patterns[prev->pattern];
        int prev_null = drop == 1 && (pp->flags & RPI_PAT_WEAK) && same_str(pp->code, "---");
        if ((boundary != RPI_NONE && drop != 2) || !drop || after_weak) {
            c->mt[c->order[i]].clause = boundary;
            c->order[keep++] = c->order[i];
        } else if (prev_null) {
            c->mt[c->order[i]].clause = prev->clause;
            c->order[keep - 1] = c->order[i];
        }
        else trace(c, RP_TRACE_DROP, 0, "a second verb in the same clause (TABARI codes the first)", l->patterns[m->pattern].code, l->patterns[m->pattern].id);
    }
    return keep;
}

typedef struct sort_ctx { const rp_coder *c; const rpi_lang *l; } sort_ctx;
static inline int cmp_match(const void *a, const void *b, void *arg)
{
    const sort_ctx *sc = arg;
    const match *x = &sc->c->mt[*(const uint32_t *)a], *y = &sc->c->mt[*(const uint32_t *)b];
    const rpi_pattern *px = &sc->l->patterns[x->pattern], *py = &sc->l->patterns[y->pattern];
    if (px->nelem != py->nelem) return px->nelem > py->nelem ? -1 : 1;
    uint32_t lx = x->me - x->ms, ly = y->me - y->ms;
    /* of two patterns as long, the one spanning more words wins (TABARI); PETRARCH-2 reads
       the words after the verb in order, and the nearer wins ("expressed appreciation for
       China's assistance" 013, not 033) */
    if (lx != ly) return (lx > ly) == !(petrarch(sc->l) && x->anchor == y->anchor) ? -1 : 1;
    if (sc->l->foreign) { /* TABARI: a literal word beats a synset ("* DOLLAR" over "* &CURRENCY") */
        uint32_t sx = px->nspecific, sy = py->nspecific;
        if (sx != sy) return sx > sy ? -1 : 1;
    }
    if (px->order != py->order) return px->order < py->order ? -1 : 1;
    return x->anchor < y->anchor ? -1 : x->anchor > y->anchor;
}

/* ---- phase 4: roles and events ---- */

/* Give an event its code, with the code's root, Goldstein value and QuadClass. */
static void recode(const rp_coder *c, const rpi_lang *l, rp_event *ev, const char *code)
{
    copy_str(ev->code, sizeof ev->code, code);
    ev->root = isdigit((unsigned char)code[0]) && isdigit((unsigned char)code[1]) ? (code[0] - '0') * 10 + (code[1] - '0') : 0;
    const rpi_cameo *cm = l->foreign && !l->cameo_codes ? NULL : rpi_cameo_get(c->dict, code);
    ev->goldstein = cm ? cm->goldstein : 0;
    ev->quad_class = cm ? cm->quad_class : 0;
}

static rp_rc push_event(rp_coder *c, const rpi_lang *l, const rp_doc *doc, size_t sent, const match *m,
                        const member *s, const member *t, int negated, const char *code)
{
    const rpi_pattern *p = &l->patterns[m->pattern];
    /* "---": the pattern codes nothing; "---" actors are known but not coded */
    if (!code[0] || same_str(code, "---")) return RP_OK;
    if (!c->null_actors) {
        int ls = !strncmp(s->code, "---", 3), lt = !strncmp(t->code, "---", 3);
        /* PETRARCH's lone agents ("---GOV") are actors, but not on both sides: such an
           event names no country nor organisation (ours; no gold either way) */
        if (petrarch(l) ? same_str(s->code, "---") || same_str(t->code, "---") || (ls && lt) : ls || lt)
            return RP_OK;
    }
    if (RPI_GROW(c->pend, c->cap_pend, c->npend + 1)) return RP_ENOMEM;
    pending *pe = &c->pend[c->npend];
    memset(pe, 0, sizeof *pe);
    rp_event *ev = &pe->ev;
    ev->sentence = sent;
    copy_code(ev->source, s->code);
    copy_code(ev->target, t->code);
    country_of(s->code, ev->source_country);
    country_of(t->code, ev->target_country);
    recode(c, l, ev, code);
    ev->negated = negated;
    ev->pattern = p->id;
    ev->source_span[0] = rpi_doc_token(doc, s->tb)->start;
    ev->source_span[1] = rpi_doc_token(doc, s->te - 1)->end;
    ev->target_span[0] = rpi_doc_token(doc, t->tb)->start;
    ev->target_span[1] = rpi_doc_token(doc, t->te - 1)->end;
    ev->verb_span[0] = rpi_doc_token(doc, m->anchor < m->ms ? m->anchor : m->ms)->start;
    ev->verb_span[1] = rpi_doc_token(doc, m->me)->end;
    /* TABARI's CODE ALL codes every verb: a bare verb is not weak beside a pattern there
       ("is about to restore full diplomatic ties ... after crowds burned down": 064 and
       222, CODEBY-04); its subordinate codes stay subordinate */
    int all = l->one_verb && c->verb_scope == RP_VERBS_ALL;
    pe->weak = (p->flags & RPI_PAT_SUBORDINATE) ? 2 : (p->flags & RPI_PAT_WEAK) && !all;
    pe->dominant = (p->flags & RPI_PAT_DOMINANT) != 0;
    pe->seq = c->npend;
    pe->mi = (uint32_t)(m - c->mt);
    c->npend++;
    return RP_OK;
}

/* Pairs that are not relations: an actor with itself; within a group, two of the same
 * country; in a weak statement, a country's body with the bare country ("Tajani said
 * that Italy ..." is not ITAGOV -> ITA). */
static int skip_pair(const member *s, const member *t, int from_group, int weak)
{
    if (same_str(s->code, t->code)) return 1;
    char a[4], b[4];
    country_of(s->code, a);
    country_of(t->code, b);
    if (!a[0] || !same_str(a, b) || same_str(a, "---")) return 0; /* "---": no country (PETRARCH's null actor) */
    return from_group || (weak && (strlen(s->code) == 3 || strlen(t->code) == 3));
}

static rp_rc emit_pairs(rp_coder *c, const rpi_lang *l, const rp_doc *doc, size_t sent, const match *m,
                        const group *sg, const group *tg, int negated)
{
    const rpi_pattern *p = &l->patterns[m->pattern];
    if (!sg->nmem || !tg->nmem) return RP_OK; /* a coded compound of no actor ("[/]") */
    const member *S = c->members + sg->mem_off, *T = c->members + tg->mem_off;
    int from_group = sg == tg || sg->nmem > 1 || tg->nmem > 1;
    int pairs = 0;
    for (uint32_t a = 0; a < sg->nmem; a++)
        for (uint32_t b = 0; b < tg->nmem; b++) {
            if (sg == tg && a == b) continue;
            if (sg == tg && p->code2[0] && b < a) continue; /* "A:B" in a group: a->b A, b->a B, once */
            if (skip_pair(&S[a], &T[b], from_group, (p->flags & RPI_PAT_WEAK) != 0)) continue;
            pairs++;
            rp_rc rc = push_event(c, l, doc, sent, m, &S[a], &T[b], negated, p->code);
            /* the second code of "A:B" (PETRARCH-2 codes only the first) */
            if (!rc && p->code2[0] && !(l->first_code_only && strcmp(p->code, "---")))
                rc = push_event(c, l, doc, sent, m, &T[b], &S[a], negated, p->code2);
            if (!rc && (p->flags & RPI_PAT_MUTUAL) && sg != tg) rc = push_event(c, l, doc, sent, m, &T[b], &S[a], negated, p->code);
            if (rc) return rc;
        }
    if (!pairs) /* (said, not silent: "Russia ... Moscow", one actor on both sides) */
        trace(c, RP_TRACE_DROP, sent, "source and target are the same actor or country", p->code, p->id);
    return RP_OK;
}

/* Are all countries of group a among those of group b? */
static int group_within(const rp_coder *c, const group *a, const group *b)
{
    for (uint32_t i = 0; i < a->nmem; i++) {
        char ka[4];
        country_of(c->members[a->mem_off + i].code, ka);
        if (!ka[0]) return 0;
        int found = 0;
        for (uint32_t j = 0; j < b->nmem; j++) {
            char kb[4];
            country_of(c->members[b->mem_off + j].code, kb);
            if (!strcmp(ka, kb)) found = 1;
        }
        if (!found) return 0;
    }
    return a->nmem > 0;
}

/* A word that starts another clause ("while", "mentre", ";") between tokens a and b? */
static int clause_between(const rp_coder *c, const rpi_lang *l, const rp_doc *doc, uint32_t a, uint32_t b)
{
    for (uint32_t k = a; k < b; k++)
        if (tok_in(c, l, WS_CLAUSE, rpi_doc_token(doc, k))) return 1;
    return 0;
}

static rp_rc roles(rp_coder *c, const rpi_lang *l, const rp_doc *doc, size_t sent, match *m,
                   uint32_t sb)
{
    const rpi_pattern *p = &l->patterns[m->pattern];
    uint32_t a = m->anchor;
    int negated = 0;
    for (uint32_t k = a > sb + NEG_WINDOW ? a - NEG_WINDOW : sb; k < a; k++)
        if (tok_in(c, l, WS_NEGATION, rpi_doc_token(doc, k))) negated = 1;

    int src = m->src_group, tgt = m->tgt_group;
    const int skip = m->skip_group; /* passed over by '^': never a default source or target */
    int passive = 0;
    int lone_ok = 0, has_lone = 0;
    for (size_t g = 0; g < c->ngs && !has_lone; g++) has_lone = c->gs[g].lone;
#define OFF(g) ((int)(g) == skip || (c->gs[g].lone && !lone_ok))
again:;
    int positional = 0; /* the target was found after the verb, by position */
    if (src < 0) {
        int aux = 0;
        for (uint32_t k = a > sb + PASSIVE_WINDOW ? a - PASSIVE_WINDOW : sb; k < a; k++)
            if (tok_in(c, l, WS_PASSIVE_AUX, rpi_doc_token(doc, k))) aux = 1;
        /* a passive: an auxiliary before the verb, or "by" right after it ("civilians
           killed by Russian troops"; not "rejected the accusations by Kyiv") */
        if (aux || m->me == a)
            for (size_t g = 0; g < c->ngs; g++)
                if (c->gs[g].by && (aux || c->gs[g].prep == a + 1) && c->gs[g].tb > a &&
                    c->gs[g].tb <= m->me + BY_WINDOW && (int)g != skip) {
                    src = (int)g;
                    passive = 1;
                    break;
                }
    }
    if (passive) {
        /* the "by" group the pattern's target slot took ("bomb +": "Syria was bombed by
           Turkey") is the source: the target is the subject before the verb */
        if (tgt == src) tgt = -1;
        if (tgt < 0)
            for (size_t g = 0; g < c->ngs; g++)
                if (c->gs[g].te <= m->ms && !c->gs[g].in_pp && !OFF(g)) tgt = (int)g;
    } else {
        int place = -1; /* the first group after the verb that is only a place ("in Moscow") */
        int after = tgt < 0; /* the target is looked for by position after the verb */
        if (tgt < 0) /* the first group after the verb that is not just a place */
            for (size_t g = 0; g < c->ngs; g++) {
                const group *G = &c->gs[g];
                if (G->tb <= a || (int)g == src || OFF(g)) continue;
                if (clause_between(c, l, doc, m->me + 1, G->tb) || G->subject) break;
                /* (TABARI knows no places: "appealed for peace in Ithilen" is FOR ITH) */
                if (G->locative && !l->one_verb && !(G->prep >= m->ms && G->prep <= m->me)) {
                    if (place < 0) place = (int)g;
                    continue;
                }
                tgt = (int)g;
                break;
            }
        if (tgt < 0) { /* "Putin a Xi: ..." */
            after = 0;
            for (size_t g = 0; g < c->ngs; g++)
                if (c->gs[g].te <= m->ms && c->gs[g].addressee && (int)g != src && !OFF(g)) tgt = (int)g;
        }
        if (src < 0 && m->clause != RPI_NONE && c->prev_src >= 0) {
            /* TABARI: "condemned the attack ... and promised aid": a clause without a
               subject of its own has the subject of the one before */
            int own = 0;
            for (size_t g = 0; g < c->ngs; g++)
                if (c->gs[g].tb > m->clause && c->gs[g].te <= m->ms) own = 1;
            if (!own && c->prev_src != tgt) src = c->prev_src;
        }
        if (src < 0) /* the nearest group before, not in a prepositional phrase (TABARI: the
                        first one of the clause, its subject) */
            for (size_t g = 0; g < c->ngs; g++)
                /* (a lone agent too: "Sudria said the army attacked Islavia") */
                if (c->gs[g].te <= m->ms && !c->gs[g].in_pp && (int)g != tgt && (int)g != skip &&
                    !(l->one_verb && src >= 0 && (m->clause == RPI_NONE || c->gs[src].tb > m->clause)))
                    src = (int)g;
        if (src < 0 && petrarch(l) && m->ms < a) /* PETRARCH: the subject among the pattern's
                                                                   words before the verb ("- NEITHER *":
                                                                   "Neither Galadriel nor Gollum boycotted") */
            for (size_t g = 0; g < c->ngs; g++)
                if (c->gs[g].tb >= m->ms && c->gs[g].te <= a && !c->gs[g].in_pp && (int)g != tgt && (int)g != skip)
                    src = (int)g;
        if (src < 0 && l->one_verb) /* TABARI (its manual, 5.8): the first actor before the
                                       verb, in a prepositional phrase or not ("five years
                                       after Calenardhon crowds burned down": COMMA-03C) */
            for (size_t g = 0; g < c->ngs; g++)
                if (c->gs[g].te <= m->ms && (int)g != tgt && !OFF(g)) { src = (int)g; break; }
        /* a place is the target only when nothing better is there: "aid in Syria" yes,
           "Putin and Xi held talks in Moscow" no (the two are each other's target) */
        positional = after && tgt >= 0;
        if (tgt < 0 && place >= 0 && !(src >= 0 && c->gs[src].nmem > 1)) {
            tgt = place;
            if (src >= 0 && src == tgt) src = -1;
        }
        if (src < 0) /* a subject after a fronted phrase: "Durante il colloquio con Xi, Putin ..." */
            for (size_t g = 0; g < c->ngs; g++) {
                if (c->gs[g].tb <= m->me || (int)g == tgt || OFF(g)) continue;
                uint32_t k = c->gs[g].tb;
                while (k > m->me + 1 && tok_in(c, l, WS_ARTICLES, rpi_doc_token(doc, k - 1))) k--;
                const rp_token *pt = rpi_doc_token(doc, k - 1);
                /* (not the subject of a verb of its own: "..., an AFP correspondent said") */
                if (!c->gs[g].in_pp && !c->gs[g].subject && is_comma(doc, pt)) src = (int)g;
                break;
            }
    }
    /* TABARI/PETRARCH "- + WAS * DEAD": with the target before the verb, the source is the
       first actor after it ("An Eriadorian was shot dead in Osgiliath") */
    if (l->foreign && src < 0 && tgt >= 0 && c->gs[tgt].te <= m->anchor)
        for (size_t g = 0; g < c->ngs; g++)
            if (c->gs[g].tb > m->me && (int)g != tgt && !OFF(g) && !c->gs[g].subject) { src = (int)g; break; }
    /* PETRARCH's lone agents fill only a side no actor filled: again, with them */
    if (!lone_ok && (src < 0 || tgt < 0) && has_lone) {
        lone_ok = 1;
        goto again;
    }
#undef OFF
    /* "Mosca e Pechino hanno firmato un accordo durante la visita di Xi": a target found by
       position that only repeats a country of a group source is one of the group */
    if (src >= 0 && tgt >= 0 && positional && c->gs[src].nmem > 1 && group_within(c, &c->gs[tgt], &c->gs[src]))
        tgt = -1;
    if (c->verb_scope == RP_VERBS_ALL && l->one_verb) { /* TABARI's CODE ALL: a later verb
                                                            without its own actors has the first's */
        if (src < 0 && c->prev_src >= 0 && c->prev_src != tgt) src = c->prev_src;
        if (tgt < 0 && c->prev_tgt >= 0 && c->prev_tgt != src) tgt = c->prev_tgt;
    }
    if (l->one_verb && src >= 0 && tgt < 0 && !c->def_tgt[0])
        /* TABARI (its manual, 5.8): with no actor after the verb, the target is the first
           one before it with a code other than the source's ("Arnor was United Arab
           Emirates for Eriador warning", '^' passing over the Emirates: PATTERN-31b) */
        for (size_t g = 0; g < c->ngs; g++)
            if (c->gs[g].te <= m->anchor && c->gs[g].tb >= sb && (m->clause == RPI_NONE || c->gs[g].tb > m->clause) &&
                (int)g != src && (int)g != skip && c->gs[g].nmem && c->gs[src].nmem && /* ("[/]": no member) */
                strcmp(c->members[c->gs[g].mem_off].code, c->members[c->gs[src].mem_off].code)) {
                tgt = (int)g;
                break;
            }
    m->rsrc = src;
    m->rtgt = tgt;
    m->negated = negated;
    m->roled = 1;
    if (src >= 0) c->prev_src = src;
    if (tgt >= 0) c->prev_tgt = tgt;
    /* TABARI's '%': the compound is both source and target, whatever follows the verb
       ("Representatives of Syria and Jordan will meet in Cairo": SYR JOR, JOR SYR) */
    if (l->one_verb && (p->flags & RPI_PAT_GROUP) && m->src_group >= 0 && c->gs[m->src_group].nmem > 1)
        return emit_pairs(c, l, doc, sent, m, &c->gs[m->src_group], &c->gs[m->src_group], negated);
    if (src >= 0 && tgt >= 0) return emit_pairs(c, l, doc, sent, m, &c->gs[src], &c->gs[tgt], negated);
    if (l->one_verb && src < 0 && tgt >= 0 && c->def_src[0] && c->def_not_prior) {
        /* TABARI's DEFAULT: without PRIOR the source is looked for after the verb too: the
           first actor there, the next one its target ("... ties with Gondor and Bree") */
        group first = c->gs[tgt], rest = c->gs[tgt];
        first.nmem = 1;
        rest.mem_off++;
        rest.nmem--;
        if (rest.nmem) return emit_pairs(c, l, doc, sent, m, &first, &rest, negated);
        src = tgt; /* and the default target below */
        tgt = -1;
    }
    if (l->one_verb && tgt < 0 && src >= 0 && c->def_tgt[0] && c->def_not_after && c->gs[src].nmem > 1) {
        /* without AFTER: the first actor of the compound source with another code is the
           target ("Bree and Arnor ... with Gxndor" is BRE ARN) */
        const group *g = &c->gs[src];
        group first = *g, other = *g;
        first.nmem = 1;
        for (uint32_t k = 1; k < g->nmem; k++)
            if (strcmp(c->members[g->mem_off + k].code, c->members[g->mem_off].code)) {
                other.mem_off = g->mem_off + k;
                other.nmem = 1;
                return emit_pairs(c, l, doc, sent, m, &first, &other, negated);
            }
    }
    int only = src >= 0 ? src : tgt;
    /* a group alone is coded member to member (ours, PETRARCH-2); TABARI and PETRARCH-1
       only through a compound pattern ('%', @group) */
    if (only >= 0 && c->gs[only].nmem > 1 && (!l->no_group_pairs || (p->flags & RPI_PAT_GROUP)))
        return emit_pairs(c, l, doc, sent, m, &c->gs[only], &c->gs[only], negated);
    /* a missing side takes the default actor: "---" (PETRARCH's require_dyad = false), or
       TABARI's DEFAULT: SOURCE [...] TARGET [...] (then both sides may be missing) */
    int fill_src = src < 0 && c->def_src[0], fill_tgt = tgt < 0 && c->def_tgt[0];
    if ((only >= 0 && (fill_src || fill_tgt)) || (only < 0 && fill_src && fill_tgt && !c->null_actors)) {
        if (RPI_GROW(c->members, c->cap_members, c->nmembers + 2)) return RP_ENOMEM;
        group ng[2];
        memset(ng, 0, sizeof ng);
        for (int k = 0; k < 2; k++) {
            member *nm = &c->members[c->nmembers + (size_t)k];
            copy_code(nm->code, k ? c->def_tgt : c->def_src);
            nm->tb = m->anchor;
            nm->te = m->anchor + 1;
            ng[k].mem_off = (uint32_t)c->nmembers + (uint32_t)k;
            ng[k].nmem = 1;
        }
        c->nmembers += 2;
        rp_rc rc = emit_pairs(c, l, doc, sent, m, src >= 0 ? &c->gs[src] : &ng[0], tgt >= 0 ? &c->gs[tgt] : &ng[1], negated);
        c->nmembers -= 2;
        return rc;
    }
    trace(c, RP_TRACE_DROP, sent,
          src < 0 && tgt < 0 ? "no actor around the pattern" : src < 0 ? "no source actor" : "no target actor",
          p->code, p->id);
    return RP_OK;
}

static uint32_t match_first(const match *m) { return m->ms < m->anchor ? m->ms : m->anchor; }

/* PETRARCH's internal coding ontology (rpi_lang.pico): a code's value, and back */
static int pico_value(const rpi_lang *l, const char *code, long *v)
{
    for (size_t i = 0; i < l->npico; i++)
        if (l->pico[i].primary && !strcmp(l->pico[i].code, code)) { *v = l->pico[i].value; return 1; }
    return 0;
}

static const char *pico_code(const rpi_lang *l, long v)
{
    for (size_t i = 0; i < l->npico; i++)
        if (l->pico[i].value == v) return l->pico[i].code;
    return NULL;
}

/* Events a -> b of code for a transformation or a composition of matches m1 and m2 (the
 * evidence runs from m1 to the end of m2; id: the rule's, or NULL for m2's pattern);
 * b < 0: the members of a group a with each other. Returns how many were made in *n. */
static rp_rc joined_events(rp_coder *c, const rpi_lang *l, const rp_doc *doc, size_t sent, const match *m1,
                           const match *m2, int a, int b, const char *code, const char *id, size_t *n)
{
    size_t n0 = c->npend;
    const group *S = &c->gs[a], *T = b >= 0 ? &c->gs[b] : S;
    for (uint32_t x = 0; x < S->nmem; x++)
        for (uint32_t y = 0; y < T->nmem; y++) {
            const member *ms = &c->members[S->mem_off + x], *mt = &c->members[T->mem_off + y];
            if (S == T && x == y) continue;
            if (skip_pair(ms, mt, S->nmem > 1 || T->nmem > 1, 0)) continue;
            size_t before = c->npend;
            rp_rc rc = push_event(c, l, doc, sent, m1, ms, mt, m2->negated, code);
            if (rc) return rc;
            if (c->npend == before) continue;
            pending *pe = &c->pend[c->npend - 1];
            pe->weak = 0;
            pe->dominant = 0;
            pe->ev.pattern = id ? id : l->patterns[m2->pattern].id;
            pe->ev.verb_span[1] = rpi_doc_token(doc, m2->me)->end;
        }
    *n = c->npend - n0;
    return RP_OK;
}

/* Drop the events of match m among the first n pending ones. */
static void drop_events_of(rp_coder *c, size_t sent, const match *m, size_t n, const char *why)
{
    for (size_t i = 0; i < n; i++)
        if (!c->pend[i].dropped && c->pend[i].mi == (uint32_t)(m - c->mt)) {
            trace(c, RP_TRACE_DROP, sent, why, c->pend[i].ev.code, c->pend[i].ev.pattern);
            c->pend[i].dropped = 1;
        }
}

/* Verb-verb transformations (PETRARCH-2's "~" lines, rpi_transform): a verb and the next
 * one, in the clause it opens, make one event ("The US said that Iraq had attacked":
 * SAY and ATTACK, "~ a (b . ATTACK) SAY = a b 112", USA IRQ 112). The two verbs' own
 * events give way to it. nacc accepted matches in c->order (by position with foreign
 * dictionaries, by specificity with ours: the first verb is taken in that order). */
/* Of the nacc accepted matches, the one that starts first after token after, or NULL. */
static match *next_match(rp_coder *c, size_t nacc, uint32_t after)
{
    match *next = NULL;
    for (size_t i = 0; i < nacc; i++) {
        match *x = &c->mt[c->order[i]];
        if (match_first(x) > after && (!next || match_first(x) < match_first(next))) next = x;
    }
    return next;
}

/* PETRARCH: a verb joined by "and" to the inner verb m2 of a transformation, with no
 * subject of its own, is said too: its events go ("claimed that ISIL had attacked Iraq
 * and taken the city of Mosul"). */
static void said_too(rp_coder *c, const rpi_lang *l, const rp_doc *doc, size_t sent, size_t nacc, const match *m2)
{
    match *m3 = next_match(c, nacc, m2->me);
    if (!m3) return;
    uint32_t from = m2->rtgt >= 0 && c->gs[m2->rtgt].te > m2->me ? c->gs[m2->rtgt].te : m2->me + 1;
    int coord = 0;
    for (uint32_t q = from; q < match_first(m3); q++) {
        const rp_token *t = rpi_doc_token(doc, q);
        if (tok_in(c, l, WS_COORDINATION, t) && (t->flags & RP_TOK_WORD)) coord++;
        else if (in_mention(c, q) || tok_in(c, l, WS_CLAUSE, t) || (t->flags & RP_TOK_WORD)) return;
    }
    if (coord == 1) drop_events_of(c, sent, m3, c->npend, "said too: joined by \"and\" to a verb a transformation took");
}

static rp_rc transform(rp_coder *c, const rpi_lang *l, const rp_doc *doc, size_t sent, size_t nacc)
{
    for (size_t ai = 0; ai < nacc; ai++) {
        match *m1 = &c->mt[c->order[ai]];
        if (!m1->roled || m1->rsrc < 0) continue;
        match *m2 = next_match(c, nacc, m1->me); /* the next verb */
        if (!m2 || !m2->roled) continue;
        uint32_t s2 = match_first(m2);
        if (clause_between(c, l, doc, m1->me + 1, s2)) continue;
        /* the second is a verb with a subject or an auxiliary before it ("had attacked",
           "would not provide", "Iraq attacked"), not a noun ("the chemical attacks") */
        if (m2->anchor <= m1->me + 1) continue;
        uint32_t k = before_negation(c, l, doc, m1->me + 1, m2->anchor);
        const rp_token *pv = rpi_doc_token(doc, k);
        if (tok_in(c, l, WS_NEGATION, pv)) continue; /* (only "not" between the two) */
        if (!tok_in(c, l, WS_AUXILIARIES, pv) && !tok_in(c, l, WS_PRONOUNS, pv) && !in_mention(c, k)) continue;
        /* who does the second verb: an actor between the two (the outer source again, or
           another one), a pronoun (the outer source), or nobody named */
        int between = -1;
        for (size_t g = 0; g < c->ngs; g++)
            if (c->gs[g].tb > m1->me && c->gs[g].te <= s2) between = (int)g;
        char subj = '_';
        if (between >= 0)
            subj = c->gs[between].nmem && c->gs[m1->rsrc].nmem &&
                           !strcmp(c->members[c->gs[between].mem_off].code, c->members[c->gs[m1->rsrc].mem_off].code)
                       ? 'a'
                       : 'b';
        else
            for (uint32_t q = m1->me + 1; q < s2; q++)
                if (tok_in(c, l, WS_PRONOUNS, rpi_doc_token(doc, q))) subj = 'a';
        const rpi_pattern *p1 = &l->patterns[m1->pattern], *p2 = &l->patterns[m2->pattern];
        int done = 0;
        for (size_t ti = 0; ti < l->ntransforms && !done; ti++) {
            const rpi_transform *t = &l->transforms[ti];
            if (t->subj != subj || strcmp(t->outer, p1->code) || (strcmp(t->inner, "*") && strcmp(t->inner, p2->code)))
                continue;
            if (t->obj == 'b' && m2->rtgt < 0) continue;
            int b = subj == 'b' ? between : m2->rtgt;
            if (b < 0 || b == m1->rsrc) continue;
            size_t n0 = c->npend, made;
            rp_rc rc = joined_events(c, l, doc, sent, m1, m2, m1->rsrc, b, strcmp(t->result, "*") ? t->result : p2->code, t->id, &made);
            if (rc) return rc;
            if (!made) continue; /* (no pair: "Russia said Moscow would attack") */
            drop_events_of(c, sent, m1, n0, "replaced by a verb-verb transformation");
            drop_events_of(c, sent, m2, n0, "replaced by a verb-verb transformation");
            done = 1;
            said_too(c, l, doc, sent, nacc, m2);
        }
        /* PETRARCH-2: a verb and its complement in the infinitive ("wants to help Israel",
           "asking Obama to help") add their values in the coding ontology: 030 + 070 is
           0x3000 + 0x0040 = 0x3040, 033; with no code of that value the complement's
           own event stands, and, when nobody stands between the two, the first verb's
           goes ("prepared to attend": 042) */
        long v1, v2;
        if (!done && l->npico && subj != 'a' && tok_in(c, l, WS_INFINITIVE, pv) && pico_value(l, p1->code, &v1) &&
            pico_value(l, p2->code, &v2)) {
            const char *code = pico_code(l, v1 + v2);
            int b = subj == 'b' ? between : m2->rtgt;
            size_t n0 = c->npend, made = 0;
            if (code && b != m1->rsrc && (b >= 0 || c->gs[m1->rsrc].nmem > 1)) {
                rp_rc rc = joined_events(c, l, doc, sent, m1, m2, m1->rsrc, b, code, NULL, &made);
                if (rc) return rc;
            }
            if (made) {
                drop_events_of(c, sent, m1, n0, "joined with its complement (PETRARCH's coding ontology)");
                drop_events_of(c, sent, m2, n0, "joined with the verb before (PETRARCH's coding ontology)");
            } else if (subj == '_') { /* (with an actor between, "met Assad to discuss", the
                                         first verb's event stands too) */
                drop_events_of(c, sent, m1, n0, "its complement's event stands (PETRARCH's coding ontology)");
            }
            done = made || subj == '_';
        }
        if (done) m2->rsrc = -1; /* the inner verb is the outer verb of no other */
    }
    /* PETRARCH-2: a negated event is its code less 0xFFFF in the ontology, when that has a
       code ("would not give permission": 080 is 0x0200, 124 -0xFFFF + 0x0200) */
    for (size_t i = 0; i < c->npend && l->npico; i++) {
        rp_event *ev = &c->pend[i].ev;
        long v;
        const char *code;
        if (c->pend[i].dropped || !ev->negated || !pico_value(l, ev->code, &v) || !(code = pico_code(l, v - 0xFFFF))) continue;
        recode(c, l, ev, code);
        ev->negated = 0;
    }
    return RP_OK;
}

/* An act meant, not done: a verb right after an intent word and the infinitive's marker
 * ("Russia wants to attack Ukraine", "is preparing to invade", "vuole attaccare") is
 * coded as the intent the codebook's intent table gives its root (19: 138, threaten with
 * military force; 07: 033, intend to give aid); roots without an entry keep their code.
 * Patterns that name the intent themselves ("threatened to attack": 1384) begin with the
 * intent word and are left as they are. */
static void intended(rp_coder *c, const rpi_lang *l, const rp_doc *doc, size_t sent, uint32_t sb)
{
    for (size_t i = 0; i < c->npend; i++) {
        rp_event *ev = &c->pend[i].ev;
        if (c->pend[i].dropped || ev->root < 1 || ev->root > 20 || !c->dict->intent[ev->root][0]) continue;
        uint32_t k = match_first(&c->mt[c->pend[i].mi]);
        if (k > sb && tok_in(c, l, WS_INFINITIVE, rpi_doc_token(doc, k - 1))) k--;
        if (k <= sb || !tok_in(c, l, WS_INTENT, rpi_doc_token(doc, k - 1))) continue;
        const char *code = c->dict->intent[ev->root];
        if (c->trace) {
            char why[96];
            snprintf(why, sizeof why, "an intent (\"%.40s\" before the verb): %s instead", words(c, doc, k - 1, k), code);
            trace(c, RP_TRACE_DROP, sent, why, ev->code, ev->pattern);
        }
        recode(c, l, ev, code);
    }
}

/* TABARI's complexity filter: why the sentence is too complex to code (written to why),
 * or 0. Verbs are the tokens where a @verb pattern matched (its noun rules applied); for
 * NOACTPRIOR the first verb is the first accepted match that codes something ("On
 * accord Gondor repelled": ACCORD [---] is no verb there, COMPLEX-06). */
static int too_complex(const rp_coder *c, const rpi_lang *l, const rp_doc *doc, uint32_t sb, uint32_t se,
                       size_t nacc, char *why, size_t cap)
{
    if (c->cx_verbs) {
        int nverbs = 0;
        for (size_t i = 0; i < c->nmt; i++) {
            const match *m = &c->mt[i];
            if (!(l->patterns[m->pattern].flags & RPI_PAT_VERB)) continue;
            int seen = 0; /* one token is one verb, whatever roots match there (CALL, CALLED_ON) */
            for (size_t j = 0; j < i && !seen; j++)
                seen = c->mt[j].anchor == m->anchor && (l->patterns[c->mt[j].pattern].flags & RPI_PAT_VERB);
            nverbs += !seen;
        }
        if (nverbs >= c->cx_verbs) {
            snprintf(why, cap, "too complex to code (TABARI's COMPLEX: VERBS[%d]): %d verbs", c->cx_verbs, nverbs);
            return 1;
        }
    }
    if (c->cx_conj) {
        int nconj = 0;
        for (uint32_t k = sb; k < se; k++) {
            if (!tok_in(c, l, WS_CONJUNCTIONS, rpi_doc_token(doc, k))) continue;
            int in_list = 0; /* "Ithilen and Dagolath" is one compound actor */
            for (size_t g = 0; g < c->ngs && !in_list; g++) in_list = c->gs[g].nmem > 1 && c->gs[g].tb < k && k < c->gs[g].te;
            nconj += !in_list;
        }
        if (nconj >= c->cx_conj) {
            snprintf(why, cap, "too complex to code (TABARI's COMPLEX: CONJ[%d]): %d conjunctions", c->cx_conj, nconj);
            return 1;
        }
    }
    if (c->cx_noactprior) {
        uint32_t first = RPI_NONE;
        for (size_t ai = 0; ai < nacc; ai++) {
            const match *m = &c->mt[c->order[ai]];
            if (strcmp(l->patterns[m->pattern].code, "---") && m->anchor < first) first = m->anchor;
        }
        int prior = first == RPI_NONE; /* no verb: nothing to check */
        for (size_t i = 0; i < c->nms && !prior; i++)
            prior = c->ms[i].tb < first && (c->ms[i].pair || strncmp(c->ms[i].code, "---", 3));
        if (!prior) {
            snprintf(why, cap, "too complex to code (TABARI's COMPLEX: NOACTPRIOR): no actor before the first verb");
            return 1;
        }
    }
    return 0;
}

/* Is match m a noun inside the complement of an earlier, stronger event ("ha condannato
 * l'attacco", "invited him to a new meeting")? Then it is what that event is about, not
 * an event of its own. Patterns with slots name their actors and are kept. */
static int is_object_of_other(const rp_coder *c, const rpi_lang *l, const rp_doc *doc, const match *m, size_t nacc)
{
    const rpi_pattern *p = &l->patterns[m->pattern];
    if (m->src_group >= 0 || m->tgt_group >= 0) return 0;
    uint32_t a = m->anchor;
    int article = 0;
    for (uint32_t k = a >= 2 ? a - 2 : 0; k < a; k++)
        if (tok_in(c, l, WS_ARTICLES, rpi_doc_token(doc, k))) article = 1;
    if (!article) return 0;
    for (size_t i = 0; i < nacc; i++) {
        const match *o = &c->mt[c->order[i]];
        const rpi_pattern *op = &l->patterns[o->pattern];
        if (o == m || o->me >= a || (op->flags & RPI_PAT_WEAK) || op == p) continue;
        int clause = 0;
        for (uint32_t k = o->me + 1; k < a; k++) {
            const rp_token *t = rpi_doc_token(doc, k);
            if (tok_in(c, l, WS_COORDINATION, t) || (t->flags & RP_TOK_QUOTE) || (t->flags & RP_TOK_TERM)) clause = 1;
        }
        if (!clause) return 1;
    }
    return 0;
}

/* Is event a a more generic code of event b between the same actors? A code ending in
 * 0 is its parent's "not specified" form (130 < 1385), and a three-digit code is the
 * parent of its four-digit ones (163 < 1631). */
static int dominated(const rp_event *a, const rp_event *b)
{
    if (!same_str(a->source, b->source) || !same_str(a->target, b->target) || a->negated != b->negated) return 0;
    size_t la = strlen(a->code), lb = strlen(b->code);
    if (la == 3 && a->code[2] == '0') la = 2;
    return lb > la && strcmp(a->code, b->code) != 0 && !strncmp(a->code, b->code, la);
}

static int cmp_pending(const void *a, const void *b)
{
    const pending *x = a, *y = b;
    if (x->ev.verb_span[0] != y->ev.verb_span[0]) return x->ev.verb_span[0] < y->ev.verb_span[0] ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* TABARI's FORWARD: a pronoun of the language's list that comes before any actor of the
 * sentence stands for the first actor of the sentence before ("Fornost President
 * Umbardacil appealed ... / He has also asked Gondor": FOR asked GON); then this
 * sentence's first actor (not a pronoun's) is the one for the next, or, when it names
 * none, the same one again. */
static rp_rc forward_pronoun(rp_coder *c, const rpi_lang *l, const rp_doc *doc, uint32_t sb, uint32_t se)
{
    uint32_t first = RPI_NONE;
    for (size_t i = 0; i < c->nraws; i++)
        if (!c->raws[i].is_agent) { first = c->raws[i].target; break; }
    uint32_t fwd = c->fwd_lang == l ? c->fwd_actor : RPI_NONE;
    if (fwd != RPI_NONE && l->pronouns.map.count) {
        uint32_t end = c->nraws ? c->raws[0].tb : se;
        for (uint32_t k = sb; k < end; k++) {
            if (!tok_in(c, l, WS_PRONOUNS, rpi_doc_token(doc, k))) continue;
            if (RPI_GROW(c->raws, c->cap_raws, c->nraws + 1)) return RP_ENOMEM;
            memmove(c->raws + 1, c->raws, c->nraws * sizeof *c->raws);
            c->raws[0] = (raw){k, k + 1, fwd, 0};
            c->nraws++;
            break;
        }
    }
    if (first != RPI_NONE) { c->fwd_actor = first; c->fwd_lang = l; }
    return RP_OK;
}

static rp_rc code_sentence(rp_coder *c, const rpi_lang *l, const rp_doc *doc, size_t si, int date,
                           rp_event_cb cb, void *user)
{
    const rp_sentence *s = rp_doc_sentence(doc, si);
    uint32_t sb = s->tok_begin, se = s->tok_end;
    rp_rc rc;
    if (c->trace) {
        c->tbuf.len = 0;
        if (rpi_buf_add(&c->tbuf, rpi_doc_text(doc) + s->start, s->end - s->start)) return RP_ENOMEM;
        trace(c, RP_TRACE_SENTENCE, si, rpi_buf_cstr(&c->tbuf), NULL, NULL);
    }
    c->caps_sentence = 1; /* "ARNOR IS ABOUT TO RESTORE FULL DIPLOMATIC TIES WITH GONDOR" */
    for (uint32_t k = s->start; k < s->end && c->caps_sentence; k++)
        if (rpi_doc_text(doc)[k] >= 'a' && rpi_doc_text(doc)[k] <= 'z') c->caps_sentence = 0;
    if ((rc = prefix_cache(c, l, doc, sb, se))) return rc;
    if ((rc = find_raw(c, l, doc, sb, se))) return rc;
    if (c->forward && (rc = forward_pronoun(c, l, doc, sb, se))) return rc;
    if ((rc = compose(c, l, doc, sb, date))) return rc;
    for (size_t i = 0; i < c->nms; i++) /* TABARI: an actor coded "###" (on this date) voids the sentence */
        if (!c->ms[i].pair && !strncmp(c->ms[i].code, "###", 3)) {
            trace(c, RP_TRACE_DROP, si, "a discard actor (###): the sentence is not coded", c->ms[i].code, "");
            return RP_OK;
        }
    if ((rc = make_groups(c, l, doc))) return rc;
    if (c->trace)
        for (size_t i = 0; i < c->nms; i++) {
            const mention *m = &c->ms[i];
            char codes[2 * RP_CODE_MAX + 2];
            if (m->pair) snprintf(codes, sizeof codes, "%s+%s", m->pair_code[0], m->pair_code[1]);
            else snprintf(codes, sizeof codes, "%s", m->code);
            trace(c, RP_TRACE_ACTOR, si, words(c, doc, m->tb, m->te), codes, NULL);
        }
    /* tokens of actor mentions cannot be pattern words */
    if (RPI_GROW(c->used, c->cap_used, se)) return RP_ENOMEM;
    memset(c->used + sb, 0, se - sb);
    for (size_t i = 0; i < c->nms; i++)
        for (uint32_t k = c->ms[i].tb; k < c->ms[i].te; k++) c->used[k] = 2;
    if (petrarch(l)) { /* (what try_pattern asks of the tokens it passes) */
        if (RPI_GROW(c->vclause, c->cap_vclause, se + 1)) return RP_ENOMEM;
        c->vclause[sb] = 0; /* (room for it even in a sentence of no token) */
        for (uint32_t k = sb + 1; k < se; k++) c->vclause[k] = (uint8_t)verb_of_clause(c, l, doc, sb, k);
        /* an actor a comma opens (a few words before it: "..., a senior Bree official
           said") right before a verb is that verb's subject: the verb is one of a clause
           of its own, and the actor nobody's target across the comma ("... to counter
           Islamic State militants, Reuters reports": not COUNTER's "- * REPORTS", nor
           Reuters its target) */
        for (size_t g = 0; g < c->ngs; g++) {
            uint32_t k = c->gs[g].te, b = c->gs[g].tb;
            if (k >= se || !is_verb_word(l, rpi_doc_token(doc, k))) continue;
            for (int n = 0; n < SUBJECT_COMMA && b > sb; n++, b--)
                if (is_comma(doc, rpi_doc_token(doc, b - 1))) {
                    c->vclause[k] = 1;
                    c->gs[g].subject = 1;
                    break;
                }
        }
    }
    c->nmt = 0;
    c->nlits = 0;
    if (!++c->memo_gen) { /* wrapped: forget everything */
        memset(c->memo, 0, sizeof c->memo);
        c->memo_gen = 1;
    }
    if (c->ntried < l->npatterns) {
        if (RPI_GROW(c->tried, c->cap_tried, l->npatterns)) return RP_ENOMEM;
        memset(c->tried + c->ntried, 0, (l->npatterns - c->ntried) * sizeof *c->tried);
        c->ntried = l->npatterns;
    }
    for (uint32_t i = sb; i < se; i++) {
        if (c->used[i]) continue;
        if (!++c->try_stamp) { /* wrapped: forget everything */
            memset(c->tried, 0, c->ntried * sizeof *c->tried);
            c->try_stamp = 1;
        }
        c->noun_at = -1;
        /* the keys of the word with an anchor in the pattern index (word_keys_of): its
           form's, its stem's, then its prefixes' */
        const word_keys *w = &c->wcur->words[c->wk[i - sb]];
        for (uint32_t k = 0; k < w->npat; k++) {
            const pat_key *pk = &c->wcur->pats[w->pat_off + k];
            if ((rc = try_anchor(c, l, doc, pk->key, pk->anchor, i, sb, se))) return rc;
        }
    }
    if (!c->nmt)
        trace(c, RP_TRACE_DROP, si, c->nms ? "no event pattern in this sentence" : "no actor and no event pattern in this sentence", "", "");
    if (RPI_GROW(c->order, c->cap_order, c->nmt)) return RP_ENOMEM;
    for (size_t i = 0; i < c->nmt; i++) c->order[i] = (uint32_t)i;
    sort_ctx sc = {c, l};
    sort_matches(c->order, c->nmt, cmp_match, &sc);
    c->npend = 0;
    size_t nacc = 0; /* accepted matches, compacted at the front of c->order */
    for (size_t oi = 0; oi < c->nmt; oi++) {
        match *m = &c->mt[c->order[oi]];
        const rpi_pattern *p = &l->patterns[m->pattern];
        int clash = 0;
        for (uint32_t k = 0; k < p->nliteral; k++)
            for (uint32_t t = 0; t < c->litw[m->lit_off + k]; t++)
                if (c->used[c->lits[m->lit_off + k] + t] == 1) clash = 1;
        if (clash) continue;
        for (uint32_t k = 0; k < p->nliteral; k++) /* (an actor's word stays one: DEBUG-14) */
            for (uint32_t t = 0; t < c->litw[m->lit_off + k]; t++)
                if (!c->used[c->lits[m->lit_off + k] + t]) c->used[c->lits[m->lit_off + k] + t] = 1;
        c->order[nacc++] = c->order[oi];
    }
    for (size_t ai = 0; ai < nacc; ai++) { /* "###": a discard pattern voids the sentence */
        const rpi_pattern *p = &l->patterns[c->mt[c->order[ai]].pattern];
        if (same_str(p->code, "###")) {
            trace(c, RP_TRACE_DROP, si, "a discard pattern matched: the sentence is not coded", p->code, p->id);
            return RP_OK;
        }
    }
    char why[128];
    if ((c->cx_verbs || c->cx_conj || c->cx_noactprior) && too_complex(c, l, doc, sb, se, nacc, why, sizeof why)) {
        trace(c, RP_TRACE_DROP, si, why, "+++", "");
        return RP_OK;
    }
    /* TABARI: one verb per clause; PETRARCH: every verb, but each knows its clause */
    int scope = c->verb_scope ? (int)c->verb_scope : l->one_verb ? RP_VERBS_CLAUSE : RP_VERBS_ALL;
    if (l->foreign && nacc > 1)
        nacc = first_verb_per_clause(c, l, doc, nacc, scope == RP_VERBS_SENTENCE ? 2 : scope == RP_VERBS_CLAUSE);
    c->prev_src = c->prev_tgt = -1;
    for (size_t ai = 0; ai < nacc; ai++) {
        match *m = &c->mt[c->order[ai]];
        const rpi_pattern *p = &l->patterns[m->pattern];
        trace(c, RP_TRACE_MATCH, si, words(c, doc, m->ms < m->anchor ? m->ms : m->anchor, m->me + 1), p->code, p->id);
        if (is_object_of_other(c, l, doc, m, nacc)) {
            trace(c, RP_TRACE_DROP, si, "a noun in the object of another event (\"condemned the attack\")", p->code, p->id);
            continue;
        }
        if ((rc = roles(c, l, doc, si, m, sb))) return rc;
    }
    if ((l->ntransforms || l->npico) && (rc = transform(c, l, doc, si, nacc))) return rc;
    if (!l->foreign && l->intent.map.count) intended(c, l, doc, si, sb);
    /* phase 5 */
    for (size_t i = 0; i < c->npend; i++) /* "threatened to use nuclear weapons": 1385, not also 130 */
        for (size_t j = 0; j < c->npend; j++)
            if (i != j && dominated(&c->pend[i].ev, &c->pend[j].ev)) {
                trace(c, RP_TRACE_DROP, si, "a more specific code of the same kind was found", c->pend[i].ev.code, c->pend[i].ev.pattern);
                c->pend[i].dropped = 1;
                break;
            }
    int any_dominant = 0; /* TABARI: with a dominant code, only dominant events are coded */
    for (size_t i = 0; i < c->npend; i++) any_dominant |= !c->pend[i].dropped && c->pend[i].dominant;
    for (size_t i = 0; i < c->npend && any_dominant; i++)
        if (!c->pend[i].dropped && !c->pend[i].dominant) {
            trace(c, RP_TRACE_DROP, si, "the sentence has a dominant code (TABARI's '!')", c->pend[i].ev.code, c->pend[i].ev.pattern);
            c->pend[i].dropped = 1;
        }
    int strong = 0, least = 2; /* least: the weakest level any event reaches (0 strong) */
    for (size_t i = 0; i < c->npend; i++)
        if (!c->pend[i].dropped && c->pend[i].weak < least) least = c->pend[i].weak;
    strong = least == 0;
    if (c->npend > SMALL_SORT) qsort(c->pend, c->npend, sizeof *c->pend, cmp_pending);
    else /* (a total order too: seq breaks ties; most are in order already) */
        for (size_t i = 1; i < c->npend; i++) {
            if (cmp_pending(&c->pend[i - 1], &c->pend[i]) <= 0) continue;
            pending x = c->pend[i];
            size_t j = i;
            for (; j > 0 && cmp_pending(&x, &c->pend[j - 1]) < 0; j--) c->pend[j] = c->pend[j - 1];
            c->pend[j] = x;
        }
    for (size_t i = 0; i < c->npend; i++) {
        rp_event *ev = &c->pend[i].ev;
        if (c->pend[i].dropped) continue;
        if (c->pend[i].weak > least && !c->null_actors) { trace(c, RP_TRACE_DROP, si, "weak event beside a stronger one", ev->code, ev->pattern); continue; }
        int dup = 0;
        for (size_t j = 0; j < i; j++) {
            rp_event *o = &c->pend[j].ev;
            if (!c->pend[j].dropped && !(strong && c->pend[j].weak) && !strcmp(o->source, ev->source) && !strcmp(o->target, ev->target) &&
                !strcmp(o->code, ev->code) && o->negated == ev->negated) dup = 1;
        }
        if (dup) continue;
        if (c->trace) {
            char t[3 * RP_CODE_MAX + 16];
            snprintf(t, sizeof t, "%s %s %s%s", ev->source, ev->target, ev->code, ev->negated ? " negated" : "");
            trace(c, RP_TRACE_EVENT, si, t, ev->code, ev->pattern);
        }
        if (cb && cb(user, doc, ev)) return RP_ESTOP;
    }
    return RP_OK;
}

rp_rc rp_coder_mentions(rp_coder *c, const rp_doc *doc, size_t si, int (*cb)(void *user, const rp_mention *m),
                        void *user)
{
    if (!c || !doc || !cb || si >= rp_doc_sentence_count(doc)) return RP_EINVAL;
    const rpi_lang *l = rpi_dict_lang(c->dict, rp_doc_lang(doc));
    if (!l) return RP_ELANG;
    int date = rp_doc_date_num(doc) ? rp_doc_date_num(doc) : c->today;
    const rp_sentence *s = rp_doc_sentence(doc, si);
    char recent[2][4];
    memcpy(recent, c->recent, sizeof recent); /* compose() notes countries for anaphors */
    rp_rc rc;
    if ((rc = prefix_cache(c, l, doc, s->tok_begin, s->tok_end)) || (rc = find_raw(c, l, doc, s->tok_begin, s->tok_end)) ||
        (rc = compose(c, l, doc, s->tok_begin, date))) {
        memcpy(c->recent, recent, sizeof recent);
        return rc;
    }
    memcpy(c->recent, recent, sizeof recent);
    for (size_t i = 0; i < c->nms; i++) {
        const mention *m = &c->ms[i];
        if (m->pair) continue;
        rp_mention out = {rpi_doc_token(doc, m->tb)->start, rpi_doc_token(doc, m->te - 1)->end, m->tb, m->te, "", m->in_pp,
                          m->locative, m->addressee};
        copy_code(out.code, m->code);
        if (cb(user, &out)) return RP_ESTOP;
    }
    return RP_OK;
}

rp_rc rp_coder_code(rp_coder *c, const rp_doc *doc, rp_event_cb cb, void *user)
{
    if (!c || !doc) return RP_EINVAL;
    const rpi_lang *l = rpi_dict_lang(c->dict, rp_doc_lang(doc));
    if (!l) return RP_ELANG;
    int date = rp_doc_date_num(doc) ? rp_doc_date_num(doc) : c->today;
    memset(c->recent, 0, sizeof c->recent);
    for (size_t si = 0; si < rp_doc_sentence_count(doc); si++) {
        rp_rc rc = code_sentence(c, l, doc, si, date, cb, user);
        if (rc) return rc;
    }
    return RP_OK;
}

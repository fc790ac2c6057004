/* Duplicate documents: the same URL, the same text (xxHash of the normalised words), or
 * nearly the same text (64-bit SimHash of word 3-grams, within 6 bits), so a syndicated
 * story is coded once. Near-duplicates are found through eight 8-bit bands of the
 * SimHash: two hashes within 7 bits agree on at least one band (pigeonhole). Six bits
 * because a story of 200 words with one word changed moves its SimHash by 2-5 bits,
 * while unrelated texts are about 32 bits apart. */
#include <ctype.h>
#include <string.h>

#include "../rpi.h"
#include "rapporti/ingest.h"

#define NEAR_BITS 6
#define BANDS 8

typedef struct band_link {
    uint32_t doc;   /* document index */
    uint32_t next;  /* next document in the same band bucket */
} band_link;

struct rp_dedup {
    rpi_map urls;            /* hash of URL -> document */
    rpi_map exact;           /* hash of normalised text -> document */
    rpi_map bands[BANDS];    /* (band value, band) -> first link */
    band_link *links; size_t nlinks, cap_links;
    uint64_t *sims; size_t nsims, cap_sims; /* SimHash per document remembered */
};

rp_dedup *rp_dedup_new(void) { return rpi_calloc(1, sizeof(rp_dedup)); }

void rp_dedup_free(rp_dedup *d)
{
    if (!d) return;
    rpi_map_free(&d->urls);
    rpi_map_free(&d->exact);
    for (int i = 0; i < BANDS; i++) rpi_map_free(&d->bands[i]);
    rpi_free(d->links);
    rpi_free(d->sims);
    rpi_free(d);
}

/* Words of text, lower-cased ASCII letters and any non-ASCII bytes; calls fn per word. */
typedef void (*word_fn)(void *u, const char *w, size_t n);
static void words(const char *s, size_t len, word_fn fn, void *u)
{
    char w[64];
    size_t n = 0;
    for (size_t i = 0; i <= len; i++) {
        unsigned char c = i < len ? (unsigned char)s[i] : ' ';
        if (isalnum(c) || c >= 0x80) {
            if (n < sizeof w) w[n++] = (char)tolower(c);
        } else if (n) {
            fn(u, w, n);
            n = 0;
        }
    }
}

typedef struct sim_state {
    uint64_t prev[2];   /* the two words before */
    int seen;           /* words so far */
    int counts[64];     /* per bit */
    uint64_t text;      /* running hash of all words (exact duplicates) */
} sim_state;

static void sim_word(void *u, const char *w, size_t n)
{
    sim_state *s = u;
    uint64_t h = rpi_hash(w, n);
    s->text = rpi_hash(&(uint64_t[2]){s->text, h}, 16);
    if (s->seen >= 2) {
        uint64_t g = rpi_hash(&(uint64_t[3]){s->prev[0], s->prev[1], h}, 24);
        for (int b = 0; b < 64; b++) s->counts[b] += (g >> b) & 1 ? 1 : -1;
    }
    s->prev[0] = s->prev[1];
    s->prev[1] = h;
    s->seen++;
}

static uint64_t simhash_of(const char *text, size_t len, uint64_t *text_hash)
{
    sim_state s;
    memset(&s, 0, sizeof s);
    words(text, len, sim_word, &s);
    uint64_t h = 0;
    for (int b = 0; b < 64; b++)
        if (s.counts[b] > 0) h |= 1ull << b;
    if (text_hash) *text_hash = s.text;
    return h;
}

uint64_t rp_simhash(const char *text, size_t len) { return simhash_of(text ? text : "", text ? len : 0, NULL); }

static int popcount64(uint64_t x) { return __builtin_popcountll(x); }

rp_dup_kind rp_dedup_check(rp_dedup *d, const char *url, const char *text, size_t len, size_t *first)
{
    if (!d) return RP_DUP_NONE;
    uint32_t idx = (uint32_t)d->nsims; /* documents remembered so far */
    rp_dup_kind kind = RP_DUP_NONE;
    uint32_t dup = RPI_NONE;
    uint64_t uh = url && *url ? rpi_hash(url, strlen(url)) : 0;
    if (uh) {
        dup = rpi_map_get(&d->urls, uh);
        if (dup != RPI_NONE) kind = RP_DUP_URL;
    }
    uint64_t th;
    uint64_t sim = simhash_of(text ? text : "", text ? len : 0, &th);
    if (kind == RP_DUP_NONE) {
        dup = rpi_map_get(&d->exact, th);
        if (dup != RPI_NONE) kind = RP_DUP_EXACT;
    }
    if (kind == RP_DUP_NONE && len >= 200) { /* short texts are too alike to compare this way */
        for (int b = 0; b < BANDS && kind == RP_DUP_NONE; b++) {
            uint64_t key = ((sim >> (8 * b)) & 0xFF) | ((uint64_t)(b + 1) << 8);
            for (uint32_t l = rpi_map_get(&d->bands[b], key); l != RPI_NONE; l = d->links[l].next)
                if (popcount64(d->sims[d->links[l].doc] ^ sim) <= NEAR_BITS) {
                    kind = RP_DUP_NEAR;
                    dup = d->links[l].doc;
                    break;
                }
        }
    }
    if (first) *first = dup == RPI_NONE ? 0 : dup;
    /* remember this one (out of memory: it is simply not remembered) */
    if (RPI_GROW(d->sims, d->cap_sims, d->nsims + 1)) return kind;
    d->sims[d->nsims++] = sim;
    if (uh && kind != RP_DUP_URL) rpi_map_put(&d->urls, uh, idx);
    if (rpi_map_get(&d->exact, th) == RPI_NONE) rpi_map_put(&d->exact, th, idx);
    if (len >= 200 && kind == RP_DUP_NONE) /* duplicates point at their original, not at each other */
        for (int b = 0; b < BANDS; b++) {
            uint64_t key = ((sim >> (8 * b)) & 0xFF) | ((uint64_t)(b + 1) << 8);
            if (RPI_GROW(d->links, d->cap_links, d->nlinks + 1)) break;
            d->links[d->nlinks] = (band_link){idx, rpi_map_get(&d->bands[b], key)};
            if (rpi_map_put(&d->bands[b], key, (uint32_t)d->nlinks)) break;
            d->nlinks++;
        }
    return kind;
}

/* Open-addressing hash map from 64-bit keys (xxHash of words) to 32-bit values: the
 * core of every dictionary look-up. */
#include <string.h>
#include <xxhash.h>

#include "../rpi.h"

static uint64_t fix_key(uint64_t k) { return k ? k : 1; } /* (rpi_map_get in rpi.h does the same) */

static int grow(rpi_map *m)
{
    size_t ncap = m->cap ? m->cap * 2 : 64;
    uint64_t *nk = rpi_calloc(ncap, sizeof *nk);
    uint32_t *nv = rpi_malloc(ncap * sizeof *nv);
    if (!nk || !nv) {
        rpi_free(nk);
        rpi_free(nv);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i]) continue;
        size_t j = (size_t)m->keys[i] & (ncap - 1);
        while (nk[j]) j = (j + 1) & (ncap - 1);
        nk[j] = m->keys[i];
        nv[j] = m->vals[i];
    }
    rpi_free(m->keys);
    rpi_free(m->vals);
    m->keys = nk;
    m->vals = nv;
    m->cap = ncap;
    return 0;
}

int rpi_map_put(rpi_map *m, uint64_t key, uint32_t val)
{
    key = fix_key(key);
    if ((m->count + 1) * 2 > m->cap && grow(m)) return -1;
    size_t j = (size_t)key & (m->cap - 1);
    while (m->keys[j] && m->keys[j] != key) j = (j + 1) & (m->cap - 1);
    if (!m->keys[j]) m->count++;
    m->keys[j] = key;
    m->vals[j] = val;
    return 0;
}

void rpi_map_free(rpi_map *m)
{
    rpi_free(m->keys);
    rpi_free(m->vals);
    memset(m, 0, sizeof *m);
}

uint64_t rpi_hash(const void *p, size_t n) { return XXH3_64bits(p, n); }
uint64_t rpi_hash_stem(const void *p, size_t n) { return XXH3_64bits_withSeed(p, n, 0x5173u); }

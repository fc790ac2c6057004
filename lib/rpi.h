/* Library-internal helpers shared across librapporti's stages: allocation with a
 * failure hook, growable buffers and arrays, a 64-bit hash map, error messages. */
#ifndef RPI_H
#define RPI_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "rapporti/rapporti.h"

/* ---- allocation (lib/util/alloc.c); every library allocation goes through these ---- */
void *rpi_malloc(size_t n);
void *rpi_calloc(size_t n, size_t size);
void *rpi_realloc(void *p, size_t n);
char *rpi_strndup(const char *s, size_t n);
void rpi_free(void *p);

/* ---- growable byte buffer with a maximum (lib/util/buf.c) ---- */
typedef struct rpi_buf {
    char *data;   /* NUL-terminated when len > 0 or after rpi_buf_cstr */
    size_t len;   /* bytes used */
    size_t cap;   /* bytes allocated */
} rpi_buf;
int rpi_buf_grow(rpi_buf *b, size_t extra);     /* the slow path of rpi_buf_reserve */
static inline int rpi_buf_reserve(rpi_buf *b, size_t extra) /* 0 ok, -1 out of memory */
{
    return b->len + extra + 1 <= b->cap ? 0 : rpi_buf_grow(b, extra);
}
static inline int rpi_buf_add(rpi_buf *b, const void *p, size_t n)
{
    if (rpi_buf_reserve(b, n)) return -1;
    if (n) __builtin_memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}
static inline int rpi_buf_addc(rpi_buf *b, char c) { return rpi_buf_add(b, &c, 1); }
int rpi_buf_printf(rpi_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *rpi_buf_cstr(rpi_buf *b); /* "" when empty or out of memory */
void rpi_buf_free(rpi_buf *b);

/* ---- growable array of fixed-size items: grow to hold n items ---- */
int rpi_grow(void **items, size_t *cap, size_t n, size_t item_size);
/* (the capacity test inline: the coder grows its per-sentence arrays at every match) */
#define RPI_GROW(arr, cap, n) ((size_t)(n) <= (cap) ? 0 : rpi_grow((void **)&(arr), &(cap), (n), sizeof(*(arr))))

/* ---- hash map from 64-bit keys to 32-bit values (lib/util/map.c) ---- */
typedef struct rpi_map {
    uint64_t *keys;   /* 0 marks an empty slot; key 0 is stored as 1 */
    uint32_t *vals;   /* value per slot */
    size_t cap;       /* slots, a power of two */
    size_t count;     /* keys stored */
} rpi_map;
#define RPI_NONE UINT32_MAX
int rpi_map_put(rpi_map *m, uint64_t key, uint32_t val); /* replaces; 0 ok, -1 oom */
/* RPI_NONE when absent. Inline: the coder makes hundreds of look-ups a sentence. */
static inline uint32_t rpi_map_get(const rpi_map *m, uint64_t key)
{
    if (!m->cap) return RPI_NONE;
    key = key ? key : 1;
    size_t j = (size_t)key & (m->cap - 1);
    while (m->keys[j]) {
        if (m->keys[j] == key) return m->vals[j];
        j = (j + 1) & (m->cap - 1);
    }
    return RPI_NONE;
}
void rpi_map_free(rpi_map *m);

uint64_t rpi_hash(const void *p, size_t n);       /* hash of a normalised word form */
uint64_t rpi_hash_stem(const void *p, size_t n);  /* hash of a stem: another key space */

/* ---- strings ---- */
char *rpi_trim(char *s); /* skip leading white space, cut trailing; returns s moved */

/* ---- error message kept on a handle ---- */
void rpi_errf(rpi_buf *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ingest/html.c, phase 0 of rp_extract_html: the page with only the start-tag attributes
 * the extractor reads; 0 when nothing was dropped (the page stands as it is), 1 when out
 * holds the page, -1 out of memory. Here for the unit tests. */
int rpi_html_lean(const char *html, size_t len, rpi_buf *out);
/* All of phase 0 (scripts, styles and comments cut, then rpi_html_lean): *out and *out_len
 * are the page libxml2 is given, in raw or lean or the input itself; -1 out of memory,
 * else 0. Here for the benchmark, which measures libxml2 on what the extractor gives it. */
int rpi_html_phase0(const char *html, size_t len, rpi_buf *raw, rpi_buf *lean, const char **out,
                    size_t *out_len);

#define RP_RETURN_IF(cond, rc) do { if (cond) return (rc); } while (0)

#endif

/* Growable buffers and arrays: everything bounded by memory, nothing fixed in size. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "../rpi.h"

int rpi_buf_grow(rpi_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) {
        if (cap > SIZE_MAX / 2) return -1;
        cap *= 2;
    }
    char *d = rpi_realloc(b->data, cap);
    if (!d) return -1;
    b->data = d;
    b->cap = cap;
    return 0;
}

int rpi_buf_printf(rpi_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) return -1;
    if ((size_t)n < sizeof small) return rpi_buf_add(b, small, (size_t)n);
    if (rpi_buf_reserve(b, (size_t)n)) return -1;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

const char *rpi_buf_cstr(rpi_buf *b) { return b->data ? b->data : ""; }

void rpi_buf_free(rpi_buf *b)
{
    rpi_free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

int rpi_grow(void **items, size_t *cap, size_t n, size_t item_size)
{
    if (n <= *cap) return 0;
    size_t c = *cap ? *cap : 16;
    while (c < n) {
        if (c > SIZE_MAX / 2 / item_size) return -1;
        c *= 2;
    }
    void *p = rpi_realloc(*items, c * item_size);
    if (!p) return -1;
    *items = p;
    *cap = c;
    return 0;
}

void rpi_errf(rpi_buf *err, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    err->len = 0;
    if (rpi_buf_add(err, msg, strlen(msg)) && err->data) err->data[0] = '\0';
}

char *rpi_trim(char *s)
{
    while (*s && isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1])) s[--n] = '\0';
    return s;
}

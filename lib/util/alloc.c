/* The one allocation wrapper of librapporti, with a hook that fails the Nth allocation
 * so tests can walk every out-of-memory path. */
#include <stdlib.h>
#include <string.h>

#include "../rpi.h"

/* Per thread: the hook is for single-threaded tests, and a shared counter was a data
 * race (ThreadSanitizer) in every allocation of rapporti code -j's workers. */
static _Thread_local long fail_after = -1; /* allocations left before one fails; -1 = never */
static _Thread_local long alloc_count;     /* allocations made by this thread since it started */

void rp_alloc_fail_after(long n) { fail_after = n; }
long rp_alloc_count(void) { return alloc_count; }

static int should_fail(void)
{
    alloc_count++;
    if (fail_after < 0) return 0;
    if (fail_after == 0) return 1;
    fail_after--;
    return 0;
}

void *rpi_malloc(size_t n)
{
    if (should_fail()) return NULL;
    return malloc(n ? n : 1);
}

void *rpi_calloc(size_t n, size_t size)
{
    if (should_fail()) return NULL;
    return calloc(n ? n : 1, size ? size : 1);
}

void *rpi_realloc(void *p, size_t n)
{
    if (should_fail()) return NULL;
    return realloc(p, n ? n : 1);
}

char *rpi_strndup(const char *s, size_t n)
{
    char *d = rpi_malloc(n + 1);
    if (!d) return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

void rpi_free(void *p) { free(p); }

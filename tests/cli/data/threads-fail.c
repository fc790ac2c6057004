/* LD_PRELOAD shim for tests/cli/code-threads-fail: pthread_create succeeds only
 * $THREADS_ALLOWED times (0 if unset), then fails with EAGAIN, as on a machine out of
 * threads: 'rapporti code -j N' must code with the workers it got, or on its main
 * thread when it got none. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

int pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*f)(void *), void *arg)
{
    static int made;
    const char *s = getenv("THREADS_ALLOWED");
    if (made >= (s ? atoi(s) : 0)) return EAGAIN;
    made++;
    int (*real)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *) =
        (int (*)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *))dlsym(RTLD_NEXT, "pthread_create");
    return real ? real(t, a, f, arg) : EAGAIN;
}

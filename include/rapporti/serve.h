/* Serve stage: a read-only JSON API over a store, and the dashboard's static files, with
 * libevent's evhttp. Bound to 127.0.0.1 by default; request size, header and time
 * limits; every query parameter validated; errors as JSON. */
#ifndef RAPPORTI_SERVE_H
#define RAPPORTI_SERVE_H

#include <stddef.h>

struct rp_dict;

typedef struct rp_serve_opts {
    const char *db;            /* the store (SQLite path or postgresql:// URL) */
    const char *host;          /* address to bind; default 127.0.0.1 */
    int port;                  /* default 8080; 0 picks a free port */
    const char *web_dir;       /* dashboard files; NULL = API only */
    const struct rp_dict *dict;/* for /api/dict (may be NULL) */
    int timeout_s;             /* per connection, default 10 */
    void (*on_ready)(void *user, const char *host, int port); /* called once listening */
    void *user;
    volatile int *stop;        /* set to 1 (from a signal handler) to stop serving */
} rp_serve_opts;

/* Serve until *opts->stop becomes 1. Returns RP_OK after a clean stop, RP_EIO when the
 * store cannot be opened or the address bound (message in err). */
RP_API rp_rc rp_serve(const rp_serve_opts *opts, char *err, size_t errlen);

#endif

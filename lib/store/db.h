/* A minimal SQL interface over SQLite and libpq: statements with $1..$N parameters
 * (bound, never pasted into SQL), rows handed over as strings. One implementation per
 * backend (sqlite.c, pg.c); store.c speaks only this. */
#ifndef RP_DB_H
#define RP_DB_H

#include <string.h>

#include "../rpi.h"

enum { RPI_V_NULL, RPI_V_TEXT, RPI_V_INT, RPI_V_REAL };

typedef struct rpi_val {
    int type;          /* RPI_V_* */
    const char *s;     /* text */
    size_t n;          /* its length */
    int64_t i;         /* integer */
    double d;          /* real */
} rpi_val;

static inline rpi_val rpi_text(const char *s) { rpi_val v = {RPI_V_TEXT, s, s ? strlen(s) : 0, 0, 0}; return v; }
#define RV_TEXT(str) rpi_text(str)
#define RV_TEXTN(str, len) ((rpi_val){RPI_V_TEXT, (str), (len), 0, 0})
#define RV_INT(v) ((rpi_val){RPI_V_INT, NULL, 0, (int64_t)(v), 0})
#define RV_REAL(v) ((rpi_val){RPI_V_REAL, NULL, 0, 0, (v)})
#define RV_NULL ((rpi_val){RPI_V_NULL, NULL, 0, 0, 0})
#define RV_OPT(str) ((str) ? RV_TEXT(str) : RV_NULL)

/* A row: ncols values (NULL for SQL NULL) with lengths, and the column names. Return
 * non-zero to stop. */
typedef int (*rpi_row_cb)(void *user, int ncols, const char *const *vals, const size_t *lens,
                          const char *const *names);

typedef struct rpi_db rpi_db;
struct rpi_db {
    const char *backend;     /* "sqlite" or "postgresql" */
    /* Run sql with n parameters; rows to cb (may be NULL). Errors: message in err. */
    rp_rc (*exec)(rpi_db *db, const char *sql, int n, const rpi_val *params, rpi_row_cb cb, void *user);
    void (*close)(rpi_db *db);
    rpi_buf err;             /* last error */
};

rpi_db *rpi_sqlite_open(const char *path, char *err, size_t errlen);
rpi_db *rpi_pg_open(const char *url, char *err, size_t errlen);

#endif

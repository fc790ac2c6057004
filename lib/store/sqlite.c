/* The SQLite backend: one file, WAL journal, statements prepared once and reused. */
#include <stdio.h>
#include <string.h>
#include <sqlite3.h>

#include "db.h"

typedef struct sq {
    rpi_db db;               /* must be first */
    sqlite3 *conn;
    rpi_map cache;           /* hash of the SQL text -> index in stmts */
    sqlite3_stmt **stmts; size_t nstmts, cap_stmts;
} sq;

static rp_rc sq_exec(rpi_db *db, const char *sql, int n, const rpi_val *p, rpi_row_cb cb, void *user)
{
    sq *s = (sq *)db;
    uint64_t key = rpi_hash(sql, strlen(sql)); /* SQL built per call gets its own statement */
    uint32_t idx = rpi_map_get(&s->cache, key);
    sqlite3_stmt *st;
    if (idx == RPI_NONE) {
        if (sqlite3_prepare_v2(s->conn, sql, -1, &st, NULL) != SQLITE_OK) {
            rpi_errf(&db->err, "SQLite: %s", sqlite3_errmsg(s->conn));
            return RP_EIO;
        }
        if (RPI_GROW(s->stmts, s->cap_stmts, s->nstmts + 1) || rpi_map_put(&s->cache, key, (uint32_t)s->nstmts)) {
            sqlite3_finalize(st);
            return RP_ENOMEM;
        }
        s->stmts[s->nstmts++] = st;
    } else {
        st = s->stmts[idx];
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    for (int i = 0; i < n; i++) {
        char name[16];
        snprintf(name, sizeof name, "$%d", i + 1);
        int k = sqlite3_bind_parameter_index(st, name);
        if (!k) continue;
        switch (p[i].type) {
        case RPI_V_TEXT: sqlite3_bind_text(st, k, p[i].s ? p[i].s : "", (int)p[i].n, SQLITE_STATIC); break;
        case RPI_V_INT: sqlite3_bind_int64(st, k, p[i].i); break;
        case RPI_V_REAL: sqlite3_bind_double(st, k, p[i].d); break;
        default: sqlite3_bind_null(st, k);
        }
    }
    int ncols = sqlite3_column_count(st);
    const char *vals[64];
    size_t lens[64];
    const char *names[64];
    if (ncols > 64) ncols = 64;
    for (int c = 0; c < ncols; c++) names[c] = sqlite3_column_name(st, c);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!cb) continue;
        for (int c = 0; c < ncols; c++) {
            vals[c] = (const char *)sqlite3_column_text(st, c);
            lens[c] = (size_t)sqlite3_column_bytes(st, c);
        }
        if (cb(user, ncols, vals, lens, names)) { sqlite3_reset(st); return RP_ESTOP; }
    }
    if (rc != SQLITE_DONE) {
        rpi_errf(&db->err, "SQLite: %s", sqlite3_errmsg(s->conn));
        sqlite3_reset(st);
        return rc == SQLITE_NOMEM ? RP_ENOMEM : RP_EIO;
    }
    sqlite3_reset(st);
    return RP_OK;
}

static void sq_close(rpi_db *db)
{
    sq *s = (sq *)db;
    for (size_t i = 0; i < s->nstmts; i++) sqlite3_finalize(s->stmts[i]);
    rpi_free(s->stmts);
    rpi_map_free(&s->cache);
    sqlite3_close(s->conn);
    rpi_buf_free(&db->err);
    rpi_free(s);
}

rpi_db *rpi_sqlite_open(const char *path, char *err, size_t errlen)
{
    sq *s = rpi_calloc(1, sizeof *s);
    if (!s) { snprintf(err, errlen, "out of memory"); return NULL; }
    s->db.backend = "sqlite";
    s->db.exec = sq_exec;
    s->db.close = sq_close;
    if (sqlite3_open_v2(path, &s->conn, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: cannot open SQLite database: %s", path, s->conn ? sqlite3_errmsg(s->conn) : "out of memory");
        sqlite3_close(s->conn);
        rpi_free(s);
        return NULL;
    }
    sqlite3_busy_timeout(s->conn, 10000);
    char *msg = NULL;
    if (sqlite3_exec(s->conn, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;", NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, msg ? msg : "cannot set up the database");
        sqlite3_free(msg);
        sq_close(&s->db);
        return NULL;
    }
    return &s->db;
}

/* The PostgreSQL backend: libpq, every statement with bound parameters (PQexecParams),
 * results as text. */
#include <stdio.h>
#include <string.h>
#include <libpq-fe.h>

#include "db.h"

typedef struct pgdb {
    rpi_db db;               /* must be first */
    PGconn *conn;
} pgdb;

static rp_rc pg_exec(rpi_db *db, const char *sql, int n, const rpi_val *p, rpi_row_cb cb, void *user)
{
    pgdb *s = (pgdb *)db;
    const char *vals[64];
    int lens[64], fmts[64];
    char num[64][32];
    if (n > 64) return RP_EINVAL;
    for (int i = 0; i < n; i++) {
        fmts[i] = 0;
        switch (p[i].type) {
        case RPI_V_TEXT: vals[i] = p[i].s ? p[i].s : ""; lens[i] = (int)p[i].n; break;
        case RPI_V_INT: snprintf(num[i], sizeof num[i], "%lld", (long long)p[i].i); vals[i] = num[i]; lens[i] = (int)strlen(num[i]); break;
        case RPI_V_REAL: snprintf(num[i], sizeof num[i], "%.17g", p[i].d); vals[i] = num[i]; lens[i] = (int)strlen(num[i]); break;
        default: vals[i] = NULL; lens[i] = 0;
        }
    }
    PGresult *r = PQexecParams(s->conn, sql, n, NULL, vals, lens, fmts, 0);
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        const char *m = PQresultErrorMessage(r);
        char msg[512];
        snprintf(msg, sizeof msg, "%s", m && *m ? m : PQerrorMessage(s->conn));
        msg[strcspn(msg, "\n")] = '\0';
        rpi_errf(&db->err, "PostgreSQL: %s", msg);
        PQclear(r);
        return RP_EIO;
    }
    rp_rc rc = RP_OK;
    if (cb && st == PGRES_TUPLES_OK) {
        int ncols = PQnfields(r), nrows = PQntuples(r);
        if (ncols > 64) ncols = 64;
        const char *names[64], *row[64];
        size_t rl[64];
        for (int c = 0; c < ncols; c++) names[c] = PQfname(r, c);
        for (int i = 0; i < nrows && !rc; i++) {
            for (int c = 0; c < ncols; c++) {
                row[c] = PQgetisnull(r, i, c) ? NULL : PQgetvalue(r, i, c);
                rl[c] = (size_t)PQgetlength(r, i, c);
            }
            if (cb(user, ncols, row, rl, names)) rc = RP_ESTOP;
        }
    }
    PQclear(r);
    return rc;
}

static void pg_close(rpi_db *db)
{
    pgdb *s = (pgdb *)db;
    PQfinish(s->conn);
    rpi_buf_free(&db->err);
    rpi_free(s);
}

rpi_db *rpi_pg_open(const char *url, char *err, size_t errlen)
{
    pgdb *s = rpi_calloc(1, sizeof *s);
    if (!s) { snprintf(err, errlen, "out of memory"); return NULL; }
    s->db.backend = "postgresql";
    s->db.exec = pg_exec;
    s->db.close = pg_close;
    s->conn = PQconnectdb(url);
    if (!s->conn || PQstatus(s->conn) != CONNECTION_OK) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", s->conn ? PQerrorMessage(s->conn) : "out of memory");
        msg[strcspn(msg, "\n")] = '\0';
        snprintf(err, errlen, "cannot connect to PostgreSQL: %s", msg);
        pg_close(&s->db);
        return NULL;
    }
    PQsetClientEncoding(s->conn, "UTF8");
    PGresult *r = PQexec(s->conn, "SET client_min_messages = warning");
    PQclear(r);
    return &s->db;
}

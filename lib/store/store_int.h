/* Inside the store: the handle and the helpers store.c shares with context.c. */
#ifndef RP_STORE_INT_H
#define RP_STORE_INT_H

#include "db.h"
#include "rapporti/store.h"

struct rp_store {
    rpi_db *db;
    int pg;                  /* PostgreSQL dialect */
    rpi_buf err;
};

/* Run a statement (errors copied to the store's message; RP_ESTOP is no error). */
rp_rc rpi_store_exec(rp_store *s, const char *sql, int n, const rpi_val *p, rpi_row_cb cb, void *user);

/* Run a query into a table; names for the columns when there is no row. */
rp_rc rpi_store_table(rp_store *s, const char *sql, int n, const rpi_val *p, rp_table *out, const char *const *names);

/* Row callback: the first column of the first row as an integer into *(int64_t *)user. */
int rpi_store_grab_id(void *user, int ncols, const char *const *vals, const size_t *lens, const char *const *names);

/* Where and when of event id (context.c). */
rp_rc rpi_store_event_context(rp_store *s, int64_t event_id, const rp_store_event_context *where);

/* Merging a shard (ATTACHed as "shard"): the context rows of the documents with ids
 * above maxid, which came from it. */
rp_rc rpi_store_merge_context(rp_store *s, int64_t maxid);

#endif

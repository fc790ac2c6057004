/* The store: schema, writes (documents keyed by URL and by content hash, so re-ingesting
 * adds nothing), and the measures of relations, all in SQL that runs unchanged on SQLite
 * and PostgreSQL (only the week expression differs). Every value is a bound parameter. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <xxhash.h>

#include "db.h"
#include "rapporti/store.h"

#define SCHEMA_VERSION "1"

#include "store_int.h"

static const char *const SCHEMA_SQLITE[] = {
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)",
    "CREATE TABLE IF NOT EXISTS documents (id INTEGER PRIMARY KEY, url TEXT UNIQUE, content_hash TEXT NOT NULL UNIQUE,"
    " source TEXT, date TEXT NOT NULL, lang TEXT, text TEXT NOT NULL, site TEXT, ingested_at TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, doc_id INTEGER NOT NULL REFERENCES documents(id)"
    " ON DELETE CASCADE, sentence INTEGER NOT NULL, date TEXT NOT NULL, source TEXT NOT NULL, source_country TEXT,"
    " target TEXT NOT NULL, target_country TEXT, code TEXT NOT NULL, root INTEGER NOT NULL, quad_class INTEGER NOT NULL,"
    " goldstein REAL NOT NULL, negated INTEGER NOT NULL, pattern TEXT, sentence_text TEXT, source_start INTEGER,"
    " source_end INTEGER, verb_start INTEGER, verb_end INTEGER, target_start INTEGER, target_end INTEGER)",
    "CREATE TABLE IF NOT EXISTS inputs (key TEXT PRIMARY KEY, documents INTEGER, done_at TEXT)",
    /* the context stage (context.h): tone per document, places, quotes, amounts and
       dates named in it, and where and when each event happened */
    "CREATE TABLE IF NOT EXISTS doc_tone (doc_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,"
    " tone REAL, positive REAL, negative REAL, polarity REAL, words INTEGER)",
    "CREATE TABLE IF NOT EXISTS places (id INTEGER PRIMARY KEY, doc_id INTEGER NOT NULL REFERENCES documents(id)"
    " ON DELETE CASCADE, sentence INTEGER, start_off INTEGER, end_off INTEGER, text TEXT, geo_type INTEGER, name TEXT,"
    " full_name TEXT, country TEXT, country_fips TEXT, adm1 TEXT, lat REAL, lon REAL, feature_id TEXT,"
    " ambiguous INTEGER, dateline INTEGER)",
    "CREATE TABLE IF NOT EXISTS quotes (id INTEGER PRIMARY KEY, doc_id INTEGER NOT NULL REFERENCES documents(id)"
    " ON DELETE CASCADE, sentence INTEGER, start_off INTEGER, end_off INTEGER, text TEXT, speaker TEXT,"
    " speaker_text TEXT, attribution TEXT)",
    "CREATE TABLE IF NOT EXISTS amounts (id INTEGER PRIMARY KEY, doc_id INTEGER NOT NULL REFERENCES documents(id)"
    " ON DELETE CASCADE, sentence INTEGER, start_off INTEGER, end_off INTEGER, text TEXT, kind TEXT, value REAL,"
    " unit TEXT, change INTEGER, object TEXT)",
    "CREATE TABLE IF NOT EXISTS time_refs (id INTEGER PRIMARY KEY, doc_id INTEGER NOT NULL REFERENCES documents(id)"
    " ON DELETE CASCADE, sentence INTEGER, start_off INTEGER, end_off INTEGER, text TEXT, date_from TEXT, date_to TEXT,"
    " granularity TEXT, relative INTEGER, by_deadline INTEGER)",
    "CREATE TABLE IF NOT EXISTS event_context (event_id INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,"
    " geo_type INTEGER, geo_text TEXT, geo_name TEXT, geo_full_name TEXT, geo_country TEXT, geo_country_fips TEXT,"
    " geo_adm1 TEXT, geo_lat REAL, geo_lon REAL, geo_feature_id TEXT, geo_ambiguous INTEGER, geo_dateline INTEGER,"
    " when_text TEXT, when_from TEXT, when_to TEXT)",
    NULL};
static const char *const SCHEMA_PG[] = {
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)",
    "CREATE TABLE IF NOT EXISTS documents (id BIGSERIAL PRIMARY KEY, url TEXT UNIQUE, content_hash TEXT NOT NULL UNIQUE,"
    " source TEXT, date TEXT NOT NULL, lang TEXT, text TEXT NOT NULL, site TEXT, ingested_at TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS events (id BIGSERIAL PRIMARY KEY, doc_id BIGINT NOT NULL REFERENCES documents(id)"
    " ON DELETE CASCADE, sentence INTEGER NOT NULL, date TEXT NOT NULL, source TEXT NOT NULL, source_country TEXT,"
    " target TEXT NOT NULL, target_country TEXT, code TEXT NOT NULL, root INTEGER NOT NULL, quad_class INTEGER NOT NULL,"
    " goldstein DOUBLE PRECISION NOT NULL, negated INTEGER NOT NULL, pattern TEXT, sentence_text TEXT, source_start INTEGER,"
    " source_end INTEGER, verb_start INTEGER, verb_end INTEGER, target_start INTEGER, target_end INTEGER)",
    "CREATE TABLE IF NOT EXISTS inputs (key TEXT PRIMARY KEY, documents INTEGER, done_at TEXT)",
    /* the context stage (context.h): tone per document, places, quotes, amounts and
       dates named in it, and where and when each event happened */
    "CREATE TABLE IF NOT EXISTS doc_tone (doc_id BIGINT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,"
    " tone DOUBLE PRECISION, positive DOUBLE PRECISION, negative DOUBLE PRECISION, polarity DOUBLE PRECISION, words INTEGER)",
    "CREATE TABLE IF NOT EXISTS places (id BIGSERIAL PRIMARY KEY, doc_id BIGINT NOT NULL REFERENCES documents(id)"
    " ON DELETE CASCADE, sentence INTEGER, start_off INTEGER, end_off INTEGER, text TEXT, geo_type INTEGER, name TEXT,"
    " full_name TEXT, country TEXT, country_fips TEXT, adm1 TEXT, lat DOUBLE PRECISION, lon DOUBLE PRECISION, feature_id TEXT,"
    " ambiguous INTEGER, dateline INTEGER)",
    "CREATE TABLE IF NOT EXISTS quotes (id BIGSERIAL PRIMARY KEY, doc_id BIGINT NOT NULL REFERENCES documents(id)"
    " ON DELETE CASCADE, sentence INTEGER, start_off INTEGER, end_off INTEGER, text TEXT, speaker TEXT,"
    " speaker_text TEXT, attribution TEXT)",
    "CREATE TABLE IF NOT EXISTS amounts (id BIGSERIAL PRIMARY KEY, doc_id BIGINT NOT NULL REFERENCES documents(id)"
    " ON DELETE CASCADE, sentence INTEGER, start_off INTEGER, end_off INTEGER, text TEXT, kind TEXT, value DOUBLE PRECISION,"
    " unit TEXT, change INTEGER, object TEXT)",
    "CREATE TABLE IF NOT EXISTS time_refs (id BIGSERIAL PRIMARY KEY, doc_id BIGINT NOT NULL REFERENCES documents(id)"
    " ON DELETE CASCADE, sentence INTEGER, start_off INTEGER, end_off INTEGER, text TEXT, date_from TEXT, date_to TEXT,"
    " granularity TEXT, relative INTEGER, by_deadline INTEGER)",
    "CREATE TABLE IF NOT EXISTS event_context (event_id BIGINT PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,"
    " geo_type INTEGER, geo_text TEXT, geo_name TEXT, geo_full_name TEXT, geo_country TEXT, geo_country_fips TEXT,"
    " geo_adm1 TEXT, geo_lat DOUBLE PRECISION, geo_lon DOUBLE PRECISION, geo_feature_id TEXT, geo_ambiguous INTEGER, geo_dateline INTEGER,"
    " when_text TEXT, when_from TEXT, when_to TEXT)",
    NULL};
static const char *const INDEXES[] = {
    "CREATE INDEX IF NOT EXISTS events_dyad ON events (source_country, target_country, date)",
    "CREATE INDEX IF NOT EXISTS events_date ON events (date)",
    "CREATE INDEX IF NOT EXISTS events_doc ON events (doc_id)",
    "CREATE INDEX IF NOT EXISTS events_source ON events (source, date)",
    "CREATE INDEX IF NOT EXISTS documents_date ON documents (date)",
    "CREATE INDEX IF NOT EXISTS places_doc ON places (doc_id)",
    "CREATE INDEX IF NOT EXISTS quotes_doc ON quotes (doc_id)",
    "CREATE INDEX IF NOT EXISTS amounts_doc ON amounts (doc_id)",
    "CREATE INDEX IF NOT EXISTS time_refs_doc ON time_refs (doc_id)",
    NULL};

const char *rp_store_errmsg(const rp_store *s) { return s && s->err.data ? s->err.data : ""; }
const char *rp_store_backend(const rp_store *s) { return s->db->backend; }

#define X rpi_store_exec

static rp_rc fail_db(rp_store *s, rp_rc rc)
{
    rpi_errf(&s->err, "%s", rpi_buf_cstr(&s->db->err));
    return rc;
}

rp_rc rpi_store_exec(rp_store *s, const char *sql, int n, const rpi_val *p, rpi_row_cb cb, void *user)
{
    rp_rc rc = s->db->exec(s->db, sql, n, p, cb, user);
    return rc && rc != RP_ESTOP ? fail_db(s, rc) : rc;
}

rp_store *rp_store_open(const char *url, char *err, size_t errlen)
{
    char dummy[8];
    if (!err) { err = dummy; errlen = sizeof dummy; }
    if (!url || !*url) { snprintf(err, errlen, "no database given"); return NULL; }
    rp_store *s = rpi_calloc(1, sizeof *s);
    if (!s) { snprintf(err, errlen, "out of memory"); return NULL; }
    if (!strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11)) {
        s->db = rpi_pg_open(url, err, errlen);
        s->pg = 1;
    } else {
        s->db = rpi_sqlite_open(!strncmp(url, "sqlite:", 7) ? url + 7 : url, err, errlen);
    }
    if (!s->db) { rpi_free(s); return NULL; }
    const char *const *schema = s->pg ? SCHEMA_PG : SCHEMA_SQLITE;
    for (int pass = 0; pass < 2; pass++)
        for (const char *const *q = pass ? INDEXES : schema; *q; q++)
            if (X(s, *q, 0, NULL, NULL, NULL)) {
                snprintf(err, errlen, "%s", rp_store_errmsg(s));
                rp_store_close(s);
                return NULL;
            }
    rpi_val v[2] = {RV_TEXT("schema_version"), RV_TEXT(SCHEMA_VERSION)};
    X(s, "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING", 2, v, NULL, NULL);
    return s;
}

void rp_store_close(rp_store *s)
{
    if (!s) return;
    if (s->db) s->db->close(s->db);
    rpi_buf_free(&s->err);
    rpi_free(s);
}

rp_rc rp_store_begin(rp_store *s) { return X(s, "BEGIN", 0, NULL, NULL, NULL); }
rp_rc rp_store_commit(rp_store *s) { return X(s, "COMMIT", 0, NULL, NULL, NULL); }
rp_rc rp_store_rollback(rp_store *s) { return X(s, "ROLLBACK", 0, NULL, NULL, NULL); }

/* ---- writing ---- */

static void content_hash(const char *text, size_t len, char out[33])
{
    XXH128_hash_t h = XXH3_128bits(text ? text : "", text ? len : 0);
    snprintf(out, 33, "%016llx%016llx", (unsigned long long)h.high64, (unsigned long long)h.low64);
}

/* "https://www.example.org/a/b" -> "www.example.org" */
static void site_of(const char *url, char out[128])
{
    out[0] = '\0';
    if (!url) return;
    const char *p = strstr(url, "://");
    if (!p) return;
    p += 3;
    size_t n = strcspn(p, "/:?#");
    if (n >= 128) n = 127;
    memcpy(out, p, n);
    out[n] = '\0';
}

int rpi_store_grab_id(void *user, int ncols, const char *const *vals, const size_t *lens, const char *const *names)
{
    (void)ncols; (void)lens; (void)names;
    *(int64_t *)user = vals[0] ? strtoll(vals[0], NULL, 10) : 0;
    return 1; /* the first row is enough */
}

static int64_t find_document(rp_store *s, const char *url, const char *hash)
{
    int64_t id = 0;
    rpi_val v[2] = {RV_TEXT(hash), RV_OPT(url)};
    rp_rc rc = X(s, "SELECT id FROM documents WHERE content_hash = $1 OR url = $2 LIMIT 1", 2, v, rpi_store_grab_id, &id);
    return rc && rc != RP_ESTOP ? -1 : id;
}

int rp_store_has_document(rp_store *s, const char *url, const char *text, size_t len)
{
    char h[33];
    content_hash(text, len, h);
    int64_t id = find_document(s, url, h);
    return id < 0 ? -1 : id > 0;
}

rp_rc rp_store_add_document(rp_store *s, const rp_store_doc *d, int64_t *doc_id, int *is_new)
{
    char h[33], site[128], now[32];
    content_hash(d->text, d->text_len, h);
    site_of(d->url, site);
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
    int64_t id = 0;
    rpi_val v[8] = {RV_OPT(d->url), RV_TEXT(h), RV_OPT(d->source), RV_TEXT(d->date ? d->date : ""), RV_OPT(d->lang),
                    RV_TEXTN(d->text ? d->text : "", d->text_len), site[0] ? RV_TEXT(site) : RV_NULL, RV_TEXT(now)};
    rp_rc rc = X(s, "INSERT INTO documents (url, content_hash, source, date, lang, text, site, ingested_at)"
                    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING id",
                 8, v, rpi_store_grab_id, &id);
    if (rc && rc != RP_ESTOP) return rc;
    if (is_new) *is_new = id > 0;
    if (!id) {
        id = find_document(s, d->url, h);
        if (id < 0) return RP_EIO;
    }
    if (doc_id) *doc_id = id;
    return RP_OK;
}

rp_rc rp_store_add_event(rp_store *s, int64_t doc_id, const rp_event *ev, const char *sentence, size_t sentence_len)
{
    return rp_store_add_event_at(s, doc_id, ev, sentence, sentence_len, NULL);
}

rp_rc rp_store_add_event_at(rp_store *s, int64_t doc_id, const rp_event *ev, const char *sentence, size_t sentence_len,
                            const rp_store_event_context *where)
{
    rpi_val v[20] = {RV_INT(doc_id), RV_INT(ev->sentence), RV_NULL, RV_TEXT(ev->source),
                     ev->source_country[0] ? RV_TEXT(ev->source_country) : RV_NULL, RV_TEXT(ev->target),
                     ev->target_country[0] ? RV_TEXT(ev->target_country) : RV_NULL, RV_TEXT(ev->code),
                     RV_INT(ev->root), RV_INT(ev->quad_class), RV_REAL(ev->goldstein), RV_INT(ev->negated),
                     RV_OPT(ev->pattern), RV_TEXTN(sentence ? sentence : "", sentence ? sentence_len : 0),
                     RV_INT(ev->source_span[0]), RV_INT(ev->source_span[1]), RV_INT(ev->verb_span[0]),
                     RV_INT(ev->verb_span[1]), RV_INT(ev->target_span[0]), RV_INT(ev->target_span[1])};
    v[2] = RV_INT(doc_id); /* the event's date is its document's */
    int64_t id = 0;
    rp_rc rc = X(s,
                 "INSERT INTO events (doc_id, sentence, date, source, source_country, target, target_country, code, root,"
                 " quad_class, goldstein, negated, pattern, sentence_text, source_start, source_end, verb_start, verb_end,"
                 " target_start, target_end) SELECT $1, $2, d.date, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,"
                 " $16, $17, $18, $19, $20 FROM documents d WHERE d.id = $3 RETURNING id",
                 20, v, rpi_store_grab_id, &id);
    if (rc && rc != RP_ESTOP) return rc;
    if (!where || (!where->place && !where->when) || !id) return RP_OK;
    return rpi_store_event_context(s, id, where);
}

rp_rc rp_store_clear_events(rp_store *s, int64_t doc_id)
{
    rpi_val v[1] = {RV_INT(doc_id)};
    return X(s, "DELETE FROM events WHERE doc_id = $1", 1, v, NULL, NULL);
}

int rp_store_input_done(rp_store *s, const char *key)
{
    int64_t n = -1;
    rpi_val v[1] = {RV_TEXT(key)};
    rp_rc rc = X(s, "SELECT documents FROM inputs WHERE key = $1", 1, v, rpi_store_grab_id, &n);
    if (rc && rc != RP_ESTOP) return -1;
    return n >= 0;
}

rp_rc rp_store_mark_input(rp_store *s, const char *key, size_t documents)
{
    char now[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
    rpi_val v[3] = {RV_TEXT(key), RV_INT((int64_t)documents), RV_TEXT(now)};
    return X(s, "INSERT INTO inputs (key, documents, done_at) VALUES ($1, $2, $3)"
                " ON CONFLICT (key) DO UPDATE SET documents = excluded.documents, done_at = excluded.done_at",
             3, v, NULL, NULL);
}

/* ---- reading ---- */

typedef struct each_ctx { rp_store_doc_cb cb; void *user; } each_ctx;
static int each_row(void *user, int ncols, const char *const *vals, const size_t *lens, const char *const *names)
{
    (void)ncols; (void)names;
    each_ctx *e = user;
    return e->cb(e->user, strtoll(vals[0], NULL, 10), vals[1], vals[2], vals[3] ? vals[3] : "", vals[3] ? lens[3] : 0,
                 vals[4], vals[5]);
}

rp_rc rp_store_each_document(rp_store *s, rp_store_doc_cb cb, void *user)
{
    each_ctx e = {cb, user};
    rp_rc rc = X(s, "SELECT id, date, lang, text, url, source FROM documents ORDER BY id", 0, NULL, each_row, &e);
    return rc;
}

static int grab_two(void *user, int ncols, const char *const *vals, const size_t *lens, const char *const *names)
{
    (void)ncols; (void)lens; (void)names;
    int64_t *o = user;
    o[0] = vals[0] ? strtoll(vals[0], NULL, 10) : 0;
    o[1] = vals[1] ? strtoll(vals[1], NULL, 10) : 0;
    return 1;
}

rp_rc rp_store_counts(rp_store *s, int64_t *documents, int64_t *events)
{
    int64_t o[2] = {0, 0};
    rp_rc rc = X(s, "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events)", 0, NULL, grab_two, o);
    if (rc && rc != RP_ESTOP) return rc;
    if (documents) *documents = o[0];
    if (events) *events = o[1];
    return RP_OK;
}

/* ---- tables ---- */

void rp_table_free(rp_table *t)
{
    if (!t) return;
    for (size_t i = 0; i < t->ncols; i++) rpi_free(t->names[i]);
    for (size_t i = 0; i < t->nrows * t->ncols; i++) rpi_free(t->cells[i]);
    rpi_free(t->names);
    rpi_free(t->cells);
    memset(t, 0, sizeof *t);
}

typedef struct fill { rp_table *t; size_t cap; int oom; } fill;

/* "0.000" and "0.0" alike as "0", "69.40" as "69.4": the backends print decimals
 * differently; a cell that is only a decimal number is written without trailing zeros. */
static size_t tidy_decimal(const char *v, size_t n)
{
    size_t i = 0, dot = 0;
    if (i < n && v[i] == '-') i++;
    if (i == n || v[i] < '0' || v[i] > '9') return n;
    for (; i < n; i++) {
        if (v[i] == '.' && !dot) dot = i;
        else if (v[i] < '0' || v[i] > '9') return n;
    }
    if (!dot) return n;
    while (n > dot + 1 && v[n - 1] == '0') n--;
    if (n == dot + 1) n--; /* "5." -> "5" */
    return n;
}

static int fill_row(void *user, int ncols, const char *const *vals, const size_t *lens, const char *const *names)
{
    fill *f = user;
    rp_table *t = f->t;
    if (!t->names) {
        t->ncols = (size_t)ncols;
        if (!(t->names = rpi_calloc((size_t)ncols, sizeof *t->names))) { f->oom = 1; return 1; }
        for (int c = 0; c < ncols; c++)
            if (!(t->names[c] = rpi_strndup(names[c], strlen(names[c])))) { f->oom = 1; return 1; }
    }
    if (RPI_GROW(t->cells, f->cap, (t->nrows + 1) * t->ncols)) { f->oom = 1; return 1; }
    for (size_t c = 0; c < t->ncols; c++) {
        char **cell = &t->cells[t->nrows * t->ncols + c];
        *cell = NULL;
        if (vals[c] && !(*cell = rpi_strndup(vals[c], tidy_decimal(vals[c], lens[c])))) { f->oom = 1; return 1; }
        if (*cell && !strcmp(*cell, "-0")) (*cell)[0] = '0', (*cell)[1] = '\0';
    }
    t->nrows++;
    return 0;
}

/* Run a query into a table (names are taken from the statement even with no rows). */
rp_rc rpi_store_table(rp_store *s, const char *sql, int n, const rpi_val *p, rp_table *out, const char *const *names)
{
    memset(out, 0, sizeof *out);
    fill f = {out, 0, 0};
    rp_rc rc = X(s, sql, n, p, fill_row, &f);
    if (f.oom) { rp_table_free(out); return RP_ENOMEM; }
    if (rc) { rp_table_free(out); return rc; }
    if (!out->names && names) { /* no rows: names from the caller */
        size_t k = 0;
        while (names[k]) k++;
        out->ncols = k;
        if (!(out->names = rpi_calloc(k ? k : 1, sizeof *out->names))) return RP_ENOMEM;
        for (size_t i = 0; i < k; i++)
            if (!(out->names[i] = rpi_strndup(names[i], strlen(names[i])))) { rp_table_free(out); return RP_ENOMEM; }
    }
    return RP_OK;
}

/* ---- measures ---- */

static const char *period_expr(const rp_store *s, const char *by)
{
    if (by && !strcmp(by, "day")) return "e.date";
    if (by && !strcmp(by, "week"))
        return s->pg ? "to_char(to_date(e.date, 'YYYY-MM-DD'), 'IYYY-\"W\"IW')" : "strftime('%Y-W%W', e.date)";
    return "substr(e.date, 1, 7)";
}

static const char *doc_period_expr(const rp_store *s, const char *by)
{
    if (by && !strcmp(by, "day")) return "d.date";
    if (by && !strcmp(by, "week"))
        return s->pg ? "to_char(to_date(d.date, 'YYYY-MM-DD'), 'IYYY-\"W\"IW')" : "strftime('%Y-W%W', d.date)";
    return "substr(d.date, 1, 7)";
}

static int valid_by(const char *by) { return !by || !strcmp(by, "day") || !strcmp(by, "week") || !strcmp(by, "month"); }

/* Matching an actor: a three-letter country matches the country column, anything else
 * the full code; no actor (the parameter is NULL) matches everything. The SQL condition
 * for parameter $N on side "source" or "target". */
static void actor_cond(char *out, size_t cap, const char *side, const char *actor, int param)
{
    if (!actor || !*actor) snprintf(out, cap, "CAST($%d AS TEXT) IS NULL", param);
    else if (strlen(actor) == 3) snprintf(out, cap, "e.%s_country = $%d", side, param);
    else snprintf(out, cap, "e.%s = $%d", side, param);
}

static const char *or_default(const char *v, const char *d) { return v && *v ? v : d; }

static int clamp_limit(int l) { return l <= 0 ? 50 : l > 10000 ? 10000 : l; }

rp_rc rp_store_dyad(rp_store *s, const rp_query *q, rp_table *out)
{
    if (!q->source || !q->target || !valid_by(q->by)) { rpi_errf(&s->err, "a dyad needs a source and a target; by is day, week or month"); return RP_EINVAL; }
    const char *per = period_expr(s, q->by), *dper = doc_period_expr(s, q->by);
    char a[64], b[64], c[64], d[64], sql[4096];
    actor_cond(a, sizeof a, "source", q->source, 1);
    actor_cond(b, sizeof b, "target", q->target, 2);
    actor_cond(c, sizeof c, "source", q->target, 3);
    actor_cond(d, sizeof d, "target", q->source, 4);
    char dir[300];
    if (q->directed)
        snprintf(dir, sizeof dir, "(%s AND %s AND CAST($3 AS TEXT) IS NOT NULL AND CAST($4 AS TEXT) IS NOT NULL)", a, b);
    else snprintf(dir, sizeof dir, "((%s AND %s) OR (%s AND %s))", a, b, c, d);
    snprintf(sql, sizeof sql,
             "WITH ev AS (SELECT %s AS period, e.* FROM events e WHERE e.negated = 0 AND %s AND e.date >= $5 AND e.date <= $6),"
             " docs AS (SELECT %s AS period, count(*) AS documents FROM documents d WHERE d.date >= $7 AND d.date <= $8 GROUP BY 1),"
             " agg AS (SELECT period, count(*) AS events,"
             "  SUM(CASE WHEN quad_class = 1 THEN 1 ELSE 0 END) AS q1, SUM(CASE WHEN quad_class = 2 THEN 1 ELSE 0 END) AS q2,"
             "  SUM(CASE WHEN quad_class = 3 THEN 1 ELSE 0 END) AS q3, SUM(CASE WHEN quad_class = 4 THEN 1 ELSE 0 END) AS q4,"
             "  round(CAST(SUM(goldstein) AS NUMERIC), 2) AS goldstein_sum, round(CAST(AVG(goldstein) AS NUMERIC), 3) AS goldstein_mean"
             "  FROM ev GROUP BY period),"
             " tone AS (SELECT ev.period, round(CAST(AVG(t.tone) AS NUMERIC), 3) AS tone_mean FROM ev JOIN doc_tone t"
             "  ON t.doc_id = ev.doc_id GROUP BY ev.period),"
             " top AS (SELECT period, code, goldstein, sentence_text, doc_id, ROW_NUMBER() OVER (PARTITION BY period"
             "  ORDER BY abs(goldstein) DESC, id) AS rk FROM ev)"
             " SELECT agg.period, agg.events, agg.q1, agg.q2, agg.q3, agg.q4, agg.goldstein_sum, agg.goldstein_mean,"
             "  round(CAST((agg.q1 + agg.q2 - agg.q3 - agg.q4) * 1.0 / agg.events AS NUMERIC), 3) AS net_cooperation,"
             "  COALESCE(docs.documents, 0) AS documents,"
             "  CASE WHEN docs.documents > 0 THEN round(CAST(agg.events * 100.0 / docs.documents AS NUMERIC), 2) END AS events_per_100_documents,"
             "  top.code AS top_code, top.goldstein AS top_goldstein, top.doc_id AS top_document, top.sentence_text AS top_sentence,"
             "  tone.tone_mean"
             " FROM agg LEFT JOIN docs ON docs.period = agg.period LEFT JOIN top ON top.period = agg.period AND top.rk = 1"
             " LEFT JOIN tone ON tone.period = agg.period"
             " ORDER BY agg.period",
             per, dir, dper);
    const char *from = or_default(q->from, "0000-01-01"), *to = or_default(q->to, "9999-12-31");
    rpi_val v[8] = {RV_TEXT(q->source), RV_TEXT(q->target), RV_TEXT(q->target), RV_TEXT(q->source),
                    RV_TEXT(from), RV_TEXT(to), RV_TEXT(from), RV_TEXT(to)};
    static const char *const names[] = {"period", "events", "q1", "q2", "q3", "q4", "goldstein_sum", "goldstein_mean",
                                        "net_cooperation", "documents", "events_per_100_documents", "top_code",
                                        "top_goldstein", "top_document", "top_sentence", "tone_mean", NULL};
    return rpi_store_table(s, sql, 8, v, out, names);
}

#define DYAD_KEY \
    "CASE WHEN e.source_country < e.target_country THEN e.source_country || '-' || e.target_country" \
    " ELSE e.target_country || '-' || e.source_country END"

static int grab_span(void *user, int ncols, const char *const *vals, const size_t *lens, const char *const *names)
{
    (void)ncols; (void)lens; (void)names;
    struct span { char *a, *b; } *sp = user;
    if (vals[0]) snprintf(sp->a, 16, "%.10s", vals[0]);
    if (vals[1]) snprintf(sp->b, 16, "%.10s", vals[1]);
    return 1;
}

rp_rc rp_store_trending(rp_store *s, const rp_query *q, rp_table *out)
{
    char split[11];
    const char *from = q->from, *to = q->to;
    char f2[16] = "", t2[16] = "";
    if (!from || !*from || !to || !*to) { /* default: the span of the stored events */
        struct span { char *a, *b; } sp = {f2, t2};
        rp_rc rc = X(s, "SELECT MIN(date), MAX(date) FROM events", 0, NULL, grab_span, &sp);
        if (rc && rc != RP_ESTOP) return rc;
        if (!f2[0]) { snprintf(f2, sizeof f2, "0001-01-01"); snprintf(t2, sizeof t2, "0001-01-01"); }
        if (!from || !*from) from = f2;
        if (!to || !*to) to = t2;
    }
    if (q->split && *q->split) snprintf(split, sizeof split, "%s", q->split);
    else { /* the middle */
        struct tm a = {0}, b = {0};
        a.tm_year = atoi(from) - 1900; a.tm_mon = atoi(from + 5) - 1; a.tm_mday = atoi(from + 8);
        b.tm_year = atoi(to) - 1900; b.tm_mon = atoi(to + 5) - 1; b.tm_mday = atoi(to + 8);
        time_t ta = timegm(&a), tb = timegm(&b), tm = ta + (tb - ta) / 2 + 43200;
        struct tm mid;
        gmtime_r(&tm, &mid);
        strftime(split, sizeof split, "%Y-%m-%d", &mid);
    }
    int min = q->min_events > 0 ? q->min_events : 3;
    rpi_val v[6] = {RV_TEXT(from), RV_TEXT(to), RV_TEXT(split), RV_TEXT(split), RV_INT(min), RV_INT(clamp_limit(q->limit))};
    static const char *const names[] = {"dyad", "events_before", "goldstein_before", "events_after", "goldstein_after",
                                        "change", NULL};
    static const char sql[] =
        "WITH ev AS (SELECT " DYAD_KEY " AS dyad, e.date, e.goldstein FROM events e WHERE e.negated = 0"
        "  AND e.source_country IS NOT NULL AND e.target_country IS NOT NULL AND e.source_country <> e.target_country"
        "  AND e.date >= $1 AND e.date <= $2),"
        " p AS (SELECT dyad, SUM(CASE WHEN date < $3 THEN 1 ELSE 0 END) AS nb, AVG(CASE WHEN date < $4 THEN goldstein END) AS gb,"
        "  SUM(CASE WHEN date >= $3 THEN 1 ELSE 0 END) AS na, AVG(CASE WHEN date >= $4 THEN goldstein END) AS ga FROM ev GROUP BY dyad)"
        " SELECT dyad, nb AS events_before, round(CAST(gb AS NUMERIC), 3) AS goldstein_before, na AS events_after,"
        "  round(CAST(ga AS NUMERIC), 3) AS goldstein_after, round(CAST(ga - gb AS NUMERIC), 3) AS change"
        " FROM p WHERE nb >= $5 AND na >= $5 ORDER BY abs(ga - gb) DESC, dyad LIMIT $6";
    return rpi_store_table(s, sql, 6, v, out, names);
}

rp_rc rp_store_top_dyads(rp_store *s, const rp_query *q, rp_table *out)
{
    rpi_val v[3] = {RV_TEXT(or_default(q->from, "0000-01-01")), RV_TEXT(or_default(q->to, "9999-12-31")),
                    RV_INT(clamp_limit(q->limit))};
    static const char *const names[] = {"dyad", "events", "goldstein_mean", "conflict_share", "tone_mean", NULL};
    static const char sql[] =
        "SELECT " DYAD_KEY " AS dyad, count(*) AS events, round(CAST(AVG(e.goldstein) AS NUMERIC), 3) AS goldstein_mean,"
        " round(CAST(SUM(CASE WHEN e.quad_class >= 3 THEN 1 ELSE 0 END) * 1.0 / count(*) AS NUMERIC), 3) AS conflict_share,"
        " round(CAST(AVG(t.tone) AS NUMERIC), 3) AS tone_mean"
        " FROM events e LEFT JOIN doc_tone t ON t.doc_id = e.doc_id WHERE e.negated = 0 AND e.source_country IS NOT NULL AND e.target_country IS NOT NULL"
        " AND e.source_country <> e.target_country AND e.date >= $1 AND e.date <= $2"
        " GROUP BY 1 ORDER BY events DESC, dyad LIMIT $3";
    return rpi_store_table(s, sql, 3, v, out, names);
}

rp_rc rp_store_actor(rp_store *s, const rp_query *q, rp_table *partners, rp_table *codes, rp_table *trend)
{
    if (!q->source || !*q->source || !valid_by(q->by)) { rpi_errf(&s->err, "an actor profile needs an actor"); return RP_EINVAL; }
    int country = strlen(q->source) == 3;
    const char *from = or_default(q->from, "0000-01-01"), *to = or_default(q->to, "9999-12-31");
    rpi_val v[5] = {RV_TEXT(q->source), RV_TEXT(q->source), RV_TEXT(from), RV_TEXT(to), RV_INT(clamp_limit(q->limit))};
    static const char *const pn[] = {"partner", "events", "as_source", "as_target", "goldstein_mean", NULL};
    static const char *const cn[] = {"code", "events", "goldstein", NULL};
    static const char *const tn[] = {"period", "events", "goldstein_mean", "conflict_share", NULL};
    /* partners: the other side, by country when known */
    static const char sp_c[] =
        "SELECT COALESCE(CASE WHEN e.source_country = $1 THEN e.target_country ELSE e.source_country END,"
        "  CASE WHEN e.source_country = $2 THEN e.target ELSE e.source END) AS partner, count(*) AS events,"
        " SUM(CASE WHEN e.source_country = $1 THEN 1 ELSE 0 END) AS as_source, SUM(CASE WHEN e.source_country = $1 THEN 0 ELSE 1 END) AS as_target,"
        " round(CAST(AVG(e.goldstein) AS NUMERIC), 3) AS goldstein_mean FROM events e"
        " WHERE e.negated = 0 AND (e.source_country = $1 OR e.target_country = $2) AND e.date >= $3 AND e.date <= $4"
        " AND COALESCE(e.source_country, '') <> COALESCE(e.target_country, '-')"
        " GROUP BY 1 ORDER BY events DESC, partner LIMIT $5";
    static const char sp_f[] =
        "SELECT CASE WHEN e.source = $1 THEN COALESCE(e.target_country, e.target) ELSE COALESCE(e.source_country, e.source) END AS partner,"
        " count(*) AS events, SUM(CASE WHEN e.source = $1 THEN 1 ELSE 0 END) AS as_source,"
        " SUM(CASE WHEN e.source = $1 THEN 0 ELSE 1 END) AS as_target, round(CAST(AVG(e.goldstein) AS NUMERIC), 3) AS goldstein_mean"
        " FROM events e WHERE e.negated = 0 AND (e.source = $1 OR e.target = $2) AND e.date >= $3 AND e.date <= $4"
        " GROUP BY 1 ORDER BY events DESC, partner LIMIT $5";
    rp_rc rc = rpi_store_table(s, country ? sp_c : sp_f, 5, v, partners, pn);
    if (rc) return rc;
    static const char sc_c[] =
        "SELECT e.code, count(*) AS events, MIN(e.goldstein) AS goldstein FROM events e WHERE e.negated = 0"
        " AND (e.source_country = $1 OR e.target_country = $2) AND e.date >= $3 AND e.date <= $4"
        " GROUP BY e.code ORDER BY events DESC, e.code LIMIT $5";
    static const char sc_f[] =
        "SELECT e.code, count(*) AS events, MIN(e.goldstein) AS goldstein FROM events e WHERE e.negated = 0"
        " AND (e.source = $1 OR e.target = $2) AND e.date >= $3 AND e.date <= $4"
        " GROUP BY e.code ORDER BY events DESC, e.code LIMIT $5";
    if ((rc = rpi_store_table(s, country ? sc_c : sc_f, 5, v, codes, cn))) { rp_table_free(partners); return rc; }
    char sql[1024];
    snprintf(sql, sizeof sql,
             "SELECT %s AS period, count(*) AS events, round(CAST(AVG(e.goldstein) AS NUMERIC), 3) AS goldstein_mean,"
             " round(CAST(SUM(CASE WHEN e.quad_class >= 3 THEN 1 ELSE 0 END) * 1.0 / count(*) AS NUMERIC), 3) AS conflict_share"
             " FROM events e WHERE e.negated = 0 AND (%s = $1 OR %s = $2) AND e.date >= $3 AND e.date <= $4"
             " AND CAST($5 AS INTEGER) > 0"
             " GROUP BY 1 ORDER BY 1",
             period_expr(s, q->by), country ? "e.source_country" : "e.source", country ? "e.target_country" : "e.target");
    rc = rpi_store_table(s, sql, 5, v, trend, tn);
    if (rc) { rp_table_free(partners); rp_table_free(codes); }
    return rc;
}

/* Conditions shared by events and mentions: $1 source, $2 target, $3 from, $4 to,
 * $5 root, $6 quad class, $7 code prefix. */
static void filter_sql(char *out, size_t cap, const rp_query *q)
{
    char a[64], b[64];
    if (q->exact) {
        snprintf(a, sizeof a, q->source ? "e.source = $1" : "CAST($1 AS TEXT) IS NULL");
        snprintf(b, sizeof b, q->target ? "e.target = $2" : "CAST($2 AS TEXT) IS NULL");
    } else {
        actor_cond(a, sizeof a, "source", q->source, 1);
        actor_cond(b, sizeof b, "target", q->target, 2);
    }
    snprintf(out, cap,
             "%s AND %s AND e.date >= $3 AND e.date <= $4"
             " AND ($5 = 0 OR e.root = $5) AND ($6 = 0 OR e.quad_class = $6) AND ($7 = '' OR e.code LIKE $7 || '%%')",
             a, b);
}

static int valid_code_prefix(const char *c)
{
    if (!c) return 1;
    for (; *c; c++)
        if (*c < '0' || *c > '9') return 0;
    return 1;
}

/* The values $1..$9 of filter_sql's WHERE and the LIMIT/OFFSET after it. */
static void filter_vals(const rp_query *q, int64_t limit, rpi_val v[9])
{
    v[0] = RV_OPT(q->source);
    v[1] = RV_OPT(q->target);
    v[2] = RV_TEXT(or_default(q->from, "0000-01-01"));
    v[3] = RV_TEXT(or_default(q->to, "9999-12-31"));
    v[4] = RV_INT(q->root);
    v[5] = RV_INT(q->quad_class);
    v[6] = RV_TEXT(q->code ? q->code : "");
    v[7] = RV_INT(limit);
    v[8] = RV_INT(q->offset > 0 ? q->offset : 0);
}

/* A query over the events with the filters of rp_query: fmt has one %s, the WHERE
 * condition of filter_sql ($1..$7), and ends with LIMIT $8 OFFSET $9. */
static rp_rc filtered(rp_store *s, const rp_query *q, const char *fmt, int64_t limit, const char *const *names,
                      rp_table *out)
{
    if (!valid_code_prefix(q->code)) { rpi_errf(&s->err, "a CAMEO code is digits only"); return RP_EINVAL; }
    char where[512], sql[4096];
    filter_sql(where, sizeof where, q);
    snprintf(sql, sizeof sql, fmt, where);
    rpi_val v[9];
    filter_vals(q, limit, v);
    return rpi_store_table(s, sql, 9, v, out, names);
}

rp_rc rp_store_events(rp_store *s, const rp_query *q, rp_table *out)
{
    static const char *const names[] = {"date", "source", "target", "code", "quad_class", "goldstein", "mentions",
                                        "articles", "sources", "evidence", "first_document", "negated_mentions", "url",
                                        "first_sentence", "tone_mean", "geo_type", "geo_full_name", "geo_country_fips",
                                        "geo_adm1", "geo_lat", "geo_long", "geo_feature_id", NULL};
    return filtered(s, q,
             "WITH g AS (SELECT e.date, e.source, e.target, e.code, e.quad_class, MIN(e.goldstein) AS goldstein, count(*) AS mentions,"
             " count(DISTINCT e.doc_id) AS articles, count(DISTINCT d.site) AS sources, MIN(e.sentence_text) AS evidence,"
             " MIN(e.doc_id) AS first_document, SUM(e.negated) AS negated_mentions, MIN(d.url) AS url,"
             " MIN(e.sentence) AS first_sentence, round(CAST(AVG(t.tone) AS NUMERIC), 3) AS tone_mean,"
             " MIN(CASE WHEN c.geo_type IS NOT NULL THEN e.id END) AS geo_event"
             " FROM events e JOIN documents d ON d.id = e.doc_id LEFT JOIN doc_tone t ON t.doc_id = e.doc_id"
             " LEFT JOIN event_context c ON c.event_id = e.id WHERE %s"
             " GROUP BY e.date, e.source, e.target, e.code, e.quad_class ORDER BY e.date DESC, mentions DESC, e.source, e.target, e.code"
             " LIMIT $8 OFFSET $9)"
             " SELECT g.date, g.source, g.target, g.code, g.quad_class, g.goldstein, g.mentions, g.articles, g.sources,"
             " g.evidence, g.first_document, g.negated_mentions, g.url, g.first_sentence, g.tone_mean, c.geo_type,"
             " c.geo_full_name, c.geo_country_fips, c.geo_adm1, c.geo_lat, c.geo_lon AS geo_long, c.geo_feature_id"
             " FROM g LEFT JOIN event_context c ON c.event_id = g.geo_event"
             " ORDER BY g.date DESC, g.mentions DESC, g.source, g.target, g.code",
                    clamp_limit(q->limit), names, out);
}

rp_rc rp_store_places(rp_store *s, const rp_query *q, rp_table *out)
{
    static const char *const names[] = {"name", "full_name", "country", "country_fips", "lat", "long", "feature_id",
                                        "events", "q1", "q2", "q3", "q4", "goldstein_mean", "top_code", "top_sentence", NULL};
    return filtered(s, q,
             "WITH ev AS (SELECT e.id, e.code, e.goldstein, e.quad_class, e.sentence_text, c.geo_feature_id, c.geo_name,"
             " c.geo_full_name, c.geo_country, c.geo_country_fips, c.geo_lat, c.geo_lon FROM events e"
             " JOIN event_context c ON c.event_id = e.id WHERE e.negated = 0 AND c.geo_lat IS NOT NULL AND %s),"
             " agg AS (SELECT geo_feature_id, MIN(geo_name) AS name, MIN(geo_full_name) AS full_name,"
             " MIN(geo_country) AS country, MIN(geo_country_fips) AS country_fips, MIN(geo_lat) AS lat, MIN(geo_lon) AS lon,"
             " count(*) AS events, SUM(CASE WHEN quad_class = 1 THEN 1 ELSE 0 END) AS q1,"
             " SUM(CASE WHEN quad_class = 2 THEN 1 ELSE 0 END) AS q2, SUM(CASE WHEN quad_class = 3 THEN 1 ELSE 0 END) AS q3,"
             " SUM(CASE WHEN quad_class = 4 THEN 1 ELSE 0 END) AS q4,"
             " round(CAST(AVG(goldstein) AS NUMERIC), 3) AS goldstein_mean FROM ev GROUP BY geo_feature_id),"
             " top AS (SELECT geo_feature_id, code, sentence_text, ROW_NUMBER() OVER (PARTITION BY geo_feature_id"
             " ORDER BY abs(goldstein) DESC, id) AS rk FROM ev)"
             " SELECT agg.name, agg.full_name, agg.country, agg.country_fips, agg.lat, agg.lon AS long,"
             " agg.geo_feature_id AS feature_id, agg.events, agg.q1, agg.q2, agg.q3, agg.q4, agg.goldstein_mean,"
             " top.code AS top_code, top.sentence_text AS top_sentence FROM agg"
             " LEFT JOIN top ON top.geo_feature_id = agg.geo_feature_id AND top.rk = 1"
             " ORDER BY agg.events DESC, agg.name LIMIT $8 OFFSET $9",
                    clamp_limit(q->limit), names, out);
}

rp_rc rp_store_mentions(rp_store *s, const rp_query *q, rp_table *out)
{
    return filtered(s, q,
             "SELECT e.id, e.doc_id, e.sentence, e.date, e.source, e.source_country, e.target, e.target_country, e.code,"
             " e.root, e.quad_class, e.goldstein, e.negated, e.pattern, e.sentence_text, e.source_start, e.source_end,"
             " e.verb_start, e.verb_end, e.target_start, e.target_end, d.url, d.site, d.lang"
             " FROM events e JOIN documents d ON d.id = e.doc_id WHERE %s ORDER BY e.id LIMIT $8 OFFSET $9",
                    q->limit > 0 ? q->limit : 1000000000, NULL, out);
}

rp_rc rp_store_document(rp_store *s, int64_t id, rp_table *doc, rp_table *events)
{
    rpi_val v[1] = {RV_INT(id)};
    static const char *const dn[] = {"id", "url", "source", "site", "date", "lang", "text", NULL};
    static const char *const en[] = {"id", "sentence", "source", "target", "code", "quad_class", "goldstein", "negated",
                                     "pattern", "sentence_text", "source_start", "source_end", "verb_start", "verb_end",
                                     "target_start", "target_end", "geo_name", "geo_full_name", "geo_lat", "geo_long",
                                     "when_text", "when_from", "when_to", NULL};
    rp_rc rc = rpi_store_table(s, "SELECT id, url, source, site, date, lang, text FROM documents WHERE id = $1", 1, v, doc, dn);
    if (rc) return rc;
    rc = rpi_store_table(s,
                     "SELECT e.id, e.sentence, e.source, e.target, e.code, e.quad_class, e.goldstein, e.negated, e.pattern,"
                     " e.sentence_text, e.source_start, e.source_end, e.verb_start, e.verb_end, e.target_start, e.target_end,"
                     " c.geo_name, c.geo_full_name, c.geo_lat, c.geo_lon AS geo_long, c.when_text, c.when_from, c.when_to"
                     " FROM events e LEFT JOIN event_context c ON c.event_id = e.id WHERE e.doc_id = $1 ORDER BY e.sentence, e.id",
                     1, v, events, en);
    if (rc) rp_table_free(doc);
    return rc;
}

rp_rc rp_store_merge(rp_store *s, const char *shard_path)
{
    if (s->pg) { rpi_errf(&s->err, "merging shards is for SQLite stores"); return RP_EINVAL; }
    rpi_val v[1] = {RV_TEXT(shard_path)};
    rp_rc rc = X(s, "ATTACH DATABASE $1 AS shard", 1, v, NULL, NULL);
    if (rc) return rc;
    int64_t maxid = 0;
    if (!(rc = rp_store_begin(s))) {
        rc = X(s, "SELECT COALESCE(MAX(id), 0) FROM documents", 0, NULL, rpi_store_grab_id, &maxid);
        if (rc == RP_ESTOP) rc = RP_OK;
        if (!rc)
            rc = X(s, "INSERT INTO documents (url, content_hash, source, date, lang, text, site, ingested_at)"
                      " SELECT url, content_hash, source, date, lang, text, site, ingested_at FROM shard.documents"
                      " WHERE true ORDER BY id ON CONFLICT DO NOTHING", 0, NULL, NULL, NULL);
        rpi_val m[1] = {RV_INT(maxid)};
        if (!rc)
            rc = X(s, "INSERT INTO events (doc_id, sentence, date, source, source_country, target, target_country, code,"
                      " root, quad_class, goldstein, negated, pattern, sentence_text, source_start, source_end, verb_start,"
                      " verb_end, target_start, target_end)"
                      " SELECT d.id, e.sentence, e.date, e.source, e.source_country, e.target, e.target_country, e.code,"
                      " e.root, e.quad_class, e.goldstein, e.negated, e.pattern, e.sentence_text, e.source_start,"
                      " e.source_end, e.verb_start, e.verb_end, e.target_start, e.target_end"
                      " FROM shard.events e JOIN shard.documents sd ON sd.id = e.doc_id"
                      " JOIN documents d ON d.content_hash = sd.content_hash WHERE d.id > $1 ORDER BY d.id, e.id",
                   1, m, NULL, NULL);
        if (!rc) rc = rpi_store_merge_context(s, maxid);
        if (!rc) rc = rp_store_commit(s);
        else rp_store_rollback(s);
    }
    rp_rc rc2 = X(s, "DETACH DATABASE shard", 0, NULL, NULL, NULL);
    return rc ? rc : rc2;
}

/* Store stage: documents and their events kept in SQLite (default, one file) or
 * PostgreSQL (server), with the same schema and behaviour; and the measures of
 * relations computed from them (dyad timelines, warming and cooling, top dyads, actor
 * profiles, events with filters) and the exports (GDELT 2.0, mentions, CSV, JSONL). */
#ifndef RAPPORTI_STORE_H
#define RAPPORTI_STORE_H

#include <stddef.h>
#include <stdint.h>

struct rp_event;

typedef struct rp_store rp_store;

/* Open a store: "postgresql://..." or "postgres://..." (libpq connection URI), else a
 * SQLite file path (created when missing; "sqlite:PATH" also accepted). Creates the
 * schema when needed. On failure returns NULL and, when err is not NULL, a message in
 * err (size errlen). Close with rp_store_close (NULL harmless). */
RP_API rp_store *rp_store_open(const char *url, char *err, size_t errlen);
RP_API void rp_store_close(rp_store *s);

/* The last error message of the store, "" if none. */
RP_API const char *rp_store_errmsg(const rp_store *s);

/* "sqlite" or "postgresql". */
RP_API const char *rp_store_backend(const rp_store *s);

/* ---- writing ---- */

/* Transactions: writes between begin and commit are all kept or all lost. */
RP_API rp_rc rp_store_begin(rp_store *s);
RP_API rp_rc rp_store_commit(rp_store *s);
RP_API rp_rc rp_store_rollback(rp_store *s);

/* One document to keep. */
typedef struct rp_store_doc {
    const char *url;      /* canonical URL, or NULL */
    const char *source;   /* where it came from (file, record) */
    const char *date;     /* YYYY-MM-DD */
    const char *lang;     /* it, en */
    const char *text;     /* the text as coded (event offsets point into it) */
    size_t text_len;
} rp_store_doc;

/* Is the document already stored (same URL, or same text)? 1 yes, 0 no, -1 error. */
RP_API int rp_store_has_document(rp_store *s, const char *url, const char *text, size_t len);

/* Add a document; *doc_id gets its id. When it is already stored (same URL or text),
 * returns RP_OK with *is_new = 0 and the existing id, and adds nothing. */
RP_API rp_rc rp_store_add_document(rp_store *s, const rp_store_doc *d, int64_t *doc_id, int *is_new);

/* Add an event of a document, with its sentence text. */
RP_API rp_rc rp_store_add_event(rp_store *s, int64_t doc_id, const struct rp_event *ev, const char *sentence,
                                size_t sentence_len);

struct rp_place;
struct rp_when;
struct rp_doc;
struct rp_context;

/* Where and when an event happened (rapporti/context.h); either may be NULL. The texts
 * are the words of the document that name them. */
typedef struct rp_store_event_context {
    const struct rp_place *place;
    const char *place_text;
    const struct rp_when *when;
    const char *when_text;
} rp_store_event_context;

/* rp_store_add_event with where and when (NULL: neither). */
RP_API rp_rc rp_store_add_event_at(rp_store *s, int64_t doc_id, const struct rp_event *ev, const char *sentence,
                                   size_t sentence_len, const rp_store_event_context *where);

/* Keep a document's context (tone, places, quotes, amounts, dates), replacing what was
 * kept before for it. doc is the analysed document ctx was computed on. */
RP_API rp_rc rp_store_add_context(rp_store *s, int64_t doc_id, const struct rp_doc *doc, const struct rp_context *ctx);

/* Replace the events of a document (recode): removes them; add the new ones after. */
RP_API rp_rc rp_store_clear_events(rp_store *s, int64_t doc_id);

/* Merge a SQLite shard (another store file, e.g. one MPI rank's) into this SQLite store:
 * its new documents and their events, in one transaction; documents already here are
 * left as they are. RP_EINVAL on PostgreSQL (ranks write to it directly). */
RP_API rp_rc rp_store_merge(rp_store *s, const char *shard_path);

/* Inputs already ingested to the end: key is path + size + modification time. */
RP_API int rp_store_input_done(rp_store *s, const char *key);
RP_API rp_rc rp_store_mark_input(rp_store *s, const char *key, size_t documents);

/* ---- reading: rows as strings ---- */

/* A result table: column names and rows of strings (NULL for SQL NULL). */
typedef struct rp_table {
    size_t ncols;         /* columns */
    size_t nrows;         /* rows */
    char **names;         /* ncols names */
    char **cells;         /* nrows * ncols cells, row-major; NULL = SQL NULL */
} rp_table;

RP_API void rp_table_free(rp_table *t);
static inline const char *rp_table_cell(const rp_table *t, size_t row, size_t col)
{
    return t->cells[row * t->ncols + col];
}

/* Iterate the stored documents (id, date, lang, text, url, source) in id order. */
typedef int (*rp_store_doc_cb)(void *user, int64_t id, const char *date, const char *lang, const char *text,
                               size_t text_len, const char *url, const char *source);
RP_API rp_rc rp_store_each_document(rp_store *s, rp_store_doc_cb cb, void *user);

/* Counts: documents, events. */
RP_API rp_rc rp_store_counts(rp_store *s, int64_t *documents, int64_t *events);

/* ---- measures ---- */

/* Filters and options of the measures; zero means "any" / the default. */
typedef struct rp_query {
    const char *source;   /* actor: a country (RUS) matches its country; a full code (RUSGOV) matches the code */
    const char *target;
    int directed;         /* dyad: 0 both directions, 1 only source -> target */
    const char *from;     /* YYYY-MM-DD, inclusive */
    const char *to;       /* YYYY-MM-DD, inclusive */
    const char *by;       /* "day", "week", "month" (default) */
    int root;             /* CAMEO root 1..20, 0 = any */
    int quad_class;       /* 1..4, 0 = any */
    const char *code;     /* a CAMEO code (prefix), NULL = any */
    int limit;            /* rows; default 50 (max 10000) */
    int offset;           /* paging */
    int min_events;       /* trending: events needed in each period (default 3) */
    const char *split;    /* trending: the first day of the second period (default: the
                             middle of from..to, or the last 30 days) */
    int exact;            /* actors match the full code only (RUS is RUS, not RUSGOV) */
} rp_query;

/* Dyad timeline: per period, events per QuadClass, total, sum and mean Goldstein, net
 * cooperation ((q1+q2-q3-q4)/total), documents in the period, events per 100 documents,
 * the period's top event (code, Goldstein, sentence) and the mean tone of the articles of
 * its events (tone_mean, NULL without a tone lexicon). Negated events are left out. */
RP_API rp_rc rp_store_dyad(rp_store *s, const rp_query *q, rp_table *out);

/* Warming and cooling: dyads (by country, both directions together) whose mean Goldstein
 * changed most between two periods (from..split and split..to; by default the span of the
 * stored events, split in the middle): dyad, events and mean before and after, change. */
RP_API rp_rc rp_store_trending(rp_store *s, const rp_query *q, rp_table *out);

/* Top dyads by events (with mean Goldstein, the share of conflict, the mean tone). */
RP_API rp_rc rp_store_top_dyads(rp_store *s, const rp_query *q, rp_table *out);

/* An actor's profile (q->source): its partners (events, mean Goldstein), its codes, and
 * its trend per period; three tables. */
RP_API rp_rc rp_store_actor(rp_store *s, const rp_query *q, rp_table *partners, rp_table *codes, rp_table *trend);

/* Events with filters and paging, grouped like GDELT: one row per (date, source, target,
 * code) with mentions (events), articles (documents) and sources (distinct sites), and
 * one sentence as evidence. */
RP_API rp_rc rp_store_events(rp_store *s, const rp_query *q, rp_table *out);

/* One document (id, url, source, site, date, lang, text) and its events. RP_OK with
 * zero rows when there is no such document. */
RP_API rp_rc rp_store_document(rp_store *s, int64_t id, rp_table *doc, rp_table *events);

/* A document's context as tables: tone (one row or none), places, quotes, amounts and
 * dates (time_refs), each in text order. Free each with rp_table_free. */
RP_API rp_rc rp_store_document_context(rp_store *s, int64_t id, rp_table *tone, rp_table *places, rp_table *quotes,
                                       rp_table *amounts, rp_table *dates);

/* What happened where: the places of events (the context stage's action locations with
 * coordinates), filtered like rp_store_events: name, full name, country, FIPS, lat, long,
 * feature id, events, QuadClass counts, mean Goldstein, the top event's code and
 * sentence; most events first, at most limit (default 50). Negated events are left out. */
RP_API rp_rc rp_store_places(rp_store *s, const rp_query *q, rp_table *out);

/* GDELT's Global Knowledge Graph, one row per document with context: date, source,
 * URL, counts (amounts), themes left empty, locations, persons and organisations (the
 * actors its events name), tone (tone, positive, negative, polarity, words), dates
 * named, quotations. Columns are GKG 2.1's names where one exists (docs/context.md). */
RP_API rp_rc rp_store_gkg(rp_store *s, const rp_query *q, rp_table *out);

/* Every mention (stored event) with its document and offsets, for exports. */
RP_API rp_rc rp_store_mentions(rp_store *s, const rp_query *q, rp_table *out);

#endif

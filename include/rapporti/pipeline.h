/* Pipeline: documents in (plain-text files, JSONL), language chosen, analysed, coded,
 * events out. The CLI and later the server and batch runners all go through here. */
#ifndef RAPPORTI_PIPELINE_H
#define RAPPORTI_PIPELINE_H

#include <stddef.h>

struct rp_dict;
struct rp_doc;
struct rp_event;

typedef struct rp_pipeline rp_pipeline;

/* Options of a run. Zero-initialise, then set what you need. */
typedef struct rp_pipeline_opts {
    const char *lang;       /* "it", "en", or NULL/"auto" to detect per document */
    const char *date;       /* default document date YYYY-MM-DD, NULL = today */
    int lenient;            /* replace invalid UTF-8 instead of skipping the document */
    int jsonl;              /* 1: input is JSONL (same as kind = RP_INPUT_JSONL) */
    int kind;               /* an rp_input_kind; 0 (RP_INPUT_AUTO): guessed per file */
    int dedup;              /* skip documents already seen (same URL, same or nearly the
                               same text), reported through the warn callback */
    unsigned shard_rank, shard_size; /* code only this shard's units (rp_reader_set_shard) */
    int context;            /* also analyse places, dates, quotes, amounts and tone
                               (context.h): see rp_pipeline_context */
} rp_pipeline_opts;

/* Called for each event of each document. Non-zero stops the run (RP_ESTOP). */
typedef int (*rp_pipeline_event_cb)(void *user, const struct rp_doc *doc,
                                    const struct rp_event *ev);

/* Called for each problem that skips a document or part of one; the run goes on.
 * where = "file:line" or "file:byte N"; never NULL. */
typedef void (*rp_pipeline_warn_cb)(void *user, const char *where, const char *message);

/* A pipeline over dict (which must outlive it), or NULL when out of memory. */
RP_API rp_pipeline *rp_pipeline_new(const struct rp_dict *dict, const rp_pipeline_opts *opts);
RP_API void rp_pipeline_free(rp_pipeline *p);

RP_API void rp_pipeline_set_callbacks(rp_pipeline *p, rp_pipeline_event_cb on_event,
                                      rp_pipeline_warn_cb on_warn, void *user);

struct rp_input_doc;

/* Hooks around each document (for stores): skip is asked before a document is coded
 * (return 1 to leave it out, for example because it is stored already); done is called
 * after its events were handed to the event callback (return non-zero to stop the run).
 * The document given to done is the analysed one (its text is what spans point into). */
typedef int (*rp_pipeline_skip_cb)(void *user, const struct rp_input_doc *in);
typedef int (*rp_pipeline_done_cb)(void *user, const struct rp_input_doc *in, const struct rp_doc *doc);
RP_API void rp_pipeline_set_doc_hooks(rp_pipeline *p, rp_pipeline_skip_cb skip, rp_pipeline_done_cb done, void *user);

/* Ask the pipeline's coder for trace records (see rp_coder_set_trace); NULL stops. */
RP_API void rp_pipeline_set_trace(rp_pipeline *p, rp_trace_cb cb, void *user);

/* Code one file or folder (path "-" reads standard input) through the ingest reader
 * (ingest.h): plain text (one document, first line the title), JSONL (one document per
 * line, {"id","text","date","url","lang","title"}), HTML pages (the extracted article),
 * WARC archives, RSS/Atom feeds; folders recursively. A document's id is its URL when
 * known, else its source. A title not already at the start of the text is put before it
 * as the first line, so event offsets refer to that text. A bad record or line is
 * reported through the warn callback and skipped. Returns RP_OK when the input could
 * be read (even if documents were skipped), RP_EIO when not, RP_ESTOP, RP_ENOMEM. */
RP_API rp_rc rp_pipeline_code_file(rp_pipeline *p, const char *path);

/* Code one document as a reader or fetcher hands it over (title, URL, date, language),
 * exactly as rp_pipeline_code_file would. */
RP_API rp_rc rp_pipeline_code_input(rp_pipeline *p, const struct rp_input_doc *d);

/* Code one document from memory with optional metadata (NULL = default). */
RP_API rp_rc rp_pipeline_code_text(rp_pipeline *p, const char *id, const char *text,
                                   size_t len, const char *date, const char *lang);

struct rp_context;
/* With opts.context, the context of the document being coded (valid in the event
 * callback and the done hook, until the next document); NULL otherwise. */
RP_API const struct rp_context *rp_pipeline_context(const rp_pipeline *p);

/* Counters since creation. */
typedef struct rp_pipeline_counts {
    size_t documents;   /* documents coded */
    size_t skipped;     /* documents skipped (bad UTF-8, unsupported language, bad JSON) */
    size_t duplicates;  /* documents skipped as duplicates (with opts.dedup) */
    size_t sentences;   /* sentences seen */
    size_t events;      /* events emitted */
} rp_pipeline_counts;
RP_API void rp_pipeline_counts_get(const rp_pipeline *p, rp_pipeline_counts *c);

/* The last error message (file and place), "" if none. */
RP_API const char *rp_pipeline_errmsg(const rp_pipeline *p);

#endif

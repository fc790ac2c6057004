/* Ingest stage: real sources into documents. HTML pages (article extraction: title,
 * body without boilerplate, date, author, canonical URL, language), WARC archives,
 * RSS/Atom feeds, JSONL, plain text, folders; duplicate detection. */
#ifndef RAPPORTI_INGEST_H
#define RAPPORTI_INGEST_H

#include <stddef.h>
#include <stdint.h>

/* One document as ingest hands it over. Strings are NUL-terminated UTF-8 or NULL when
 * unknown; they belong to the producer and live until its next call (copy to keep). */
typedef struct rp_input_doc {
    const char *source;   /* where it came from: "file", "file#record 12", "file:line 3" */
    const char *url;      /* canonical URL when known, else the fetched URL */
    const char *title;    /* title */
    const char *date;     /* publication date, YYYY-MM-DD */
    const char *author;   /* author(s) */
    const char *lang;     /* declared language (html lang, JSONL lang), ISO 639-1 */
    const char *text;     /* the text: the article body for HTML */
    size_t text_len;      /* its length in bytes */
} rp_input_doc;

/* ---- HTML article extraction ---- */

typedef struct rp_extractor rp_extractor;

/* A new extractor (reusable, one per thread), or NULL when out of memory. */
RP_API rp_extractor *rp_extractor_new(void);
RP_API void rp_extractor_free(rp_extractor *x);

/* Extract the article of an HTML page (any charset the page declares; libxml2 converts
 * it to UTF-8). url, when given, is the page's address (the canonical link wins).
 * Fills *out with strings owned by x, valid until the next call. Returns RP_OK,
 * RP_EPARSE when nothing could be parsed (message in rp_extractor_errmsg), RP_ENOMEM. */
RP_API rp_rc rp_extract_html(rp_extractor *x, const char *html, size_t len, const char *url, rp_input_doc *out);
RP_API const char *rp_extractor_errmsg(const rp_extractor *x);

/* 1 when the last page nested deeper than the parser reads (256 levels): what lies
 * deeper was left out. */
RP_API int rp_extractor_truncated(const rp_extractor *x);

/* ---- sources: files, folders, archives, feeds ---- */

/* Kinds of input, guessed from the name and the first bytes, or forced. */
typedef enum rp_input_kind {
    RP_INPUT_AUTO = 0, /* guess */
    RP_INPUT_TEXT,     /* plain text: one document, first line the title */
    RP_INPUT_JSONL,    /* one JSON object a line: text, id, url, title, date, lang */
    RP_INPUT_HTML,     /* one web page */
    RP_INPUT_WARC,     /* WARC or .warc.gz: response and resource records with HTML */
    RP_INPUT_FEED      /* RSS 2.0 or Atom: one document per item */
} rp_input_kind;

/* Called once per document. Return 0 to go on, non-zero to stop (RP_ESTOP). */
typedef int (*rp_input_doc_cb)(void *user, const rp_input_doc *doc);
/* Called for each problem (a bad record, a truncated archive...); reading goes on.
 * where names the file and the record, line or byte. */
typedef void (*rp_input_warn_cb)(void *user, const char *where, const char *message);

typedef struct rp_reader rp_reader;

/* A reader, or NULL when out of memory. One per thread. */
RP_API rp_reader *rp_reader_new(void);
RP_API void rp_reader_free(rp_reader *r);
RP_API void rp_reader_set_callbacks(rp_reader *r, rp_input_doc_cb on_doc, rp_input_warn_cb on_warn, void *user);

/* Read path (a file, a folder read recursively in name order, or "-" for stdin) as kind
 * (RP_INPUT_AUTO guesses per file). Returns RP_OK when it could be read, even with
 * skipped records (reported through the warn callback), RP_EIO when it could not be
 * opened (message in rp_reader_errmsg), RP_ESTOP, RP_ENOMEM. */
RP_API rp_rc rp_reader_read(rp_reader *r, const char *path, rp_input_kind kind);

/* Read an in-memory buffer of the given kind; name is used in source and messages. */
RP_API rp_rc rp_reader_read_buffer(rp_reader *r, const char *name, const char *data, size_t len,
                                   rp_input_kind kind);

RP_API const char *rp_reader_errmsg(const rp_reader *r);

/* Read only this shard's part of the inputs: the units (text and HTML files, WARC records,
 * JSONL lines, feed items) whose index in reading order is rank modulo size. Shards that
 * read the same inputs in the same order split them without overlap (MPI ranks). */
RP_API void rp_reader_set_shard(rp_reader *r, unsigned rank, unsigned size);

/* Text with invalid UTF-8 is skipped with a warning naming the byte (default), or, when
 * lenient, handed over as it is for the caller to repair (the pipeline's --lenient). */
RP_API void rp_reader_set_lenient(rp_reader *r, int lenient);

/* Counters since creation. */
typedef struct rp_reader_counts {
    size_t files;          /* files opened */
    size_t documents;      /* documents handed over */
    size_t records_skipped;/* WARC records that were not HTML responses, feed items without text */
    size_t errors;         /* problems reported through the warn callback */
} rp_reader_counts;
RP_API void rp_reader_counts_get(const rp_reader *r, rp_reader_counts *c);

/* ---- fetching feeds and pages (libcurl) ---- */

typedef struct rp_fetcher rp_fetcher;

/* Options of a fetcher; zero means the default. */
typedef struct rp_fetch_opts {
    long connect_timeout_ms;  /* default 10 s */
    long timeout_ms;          /* whole transfer, default 30 s */
    long retry_delay_ms;      /* first pause before a retry (doubles), default 1 s; 3 tries */
    long delay_ms;            /* pause between the pages of a feed, default none */
    int no_pages;             /* 1: do not fetch item pages; use the feeds' text */
} rp_fetch_opts;

/* A fetcher remembering what it saw in the JSON file state_path (NULL: nothing kept
 * across runs), or NULL when out of memory. Call rp_fetcher_open before fetching. */
RP_API rp_fetcher *rp_fetcher_new(const char *state_path, const rp_fetch_opts *opts);

/* Read the state file (a missing file is an empty state). RP_EPARSE when it is not a
 * state file, RP_EIO when it cannot be read (message in rp_fetcher_errmsg). */
RP_API rp_rc rp_fetcher_open(rp_fetcher *f);
RP_API void rp_fetcher_free(rp_fetcher *f);
RP_API void rp_fetcher_set_callbacks(rp_fetcher *f, rp_input_doc_cb on_doc, rp_input_warn_cb on_warn, void *user);

/* Fetch a feed with a conditional GET (ETag, Last-Modified of the last answer), then each
 * item's page not seen before, extracted; an item whose page cannot be had is handed over
 * with the feed's own text. Saves the state. *new_docs (if not NULL) gets the number of
 * documents handed over. RP_EIO when the feed itself cannot be fetched. */
RP_API rp_rc rp_fetch_feed(rp_fetcher *f, const char *url, size_t *new_docs);

/* Fetch one page (or feed, or any kind the reader knows) and hand over its documents. */
RP_API rp_rc rp_fetch_page(rp_fetcher *f, const char *url);
RP_API const char *rp_fetcher_errmsg(const rp_fetcher *f);

/* ---- duplicates ---- */

typedef struct rp_dedup rp_dedup;

/* Verdicts of rp_dedup_check. */
typedef enum rp_dup_kind {
    RP_DUP_NONE = 0,   /* new */
    RP_DUP_URL,        /* same URL as an earlier document */
    RP_DUP_EXACT,      /* same text (hash of the normalised text) */
    RP_DUP_NEAR        /* near-duplicate text (SimHash within 6 bits) */
} rp_dup_kind;

RP_API rp_dedup *rp_dedup_new(void);
RP_API void rp_dedup_free(rp_dedup *d);

/* Check a document against those seen before and remember it. *first (if not NULL) gets
 * the index (0-based, in order of checking) of the earlier document it duplicates. */
RP_API rp_dup_kind rp_dedup_check(rp_dedup *d, const char *url, const char *text, size_t len, size_t *first);

/* The 64-bit SimHash of a text (word 3-grams), as used by rp_dedup_check. */
RP_API uint64_t rp_simhash(const char *text, size_t len);

#endif

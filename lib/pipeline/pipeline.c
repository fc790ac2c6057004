/* The pipeline: documents in (through the ingest reader: text, JSONL, HTML, WARC,
 * feeds, folders), language decided, analysed, coded, events handed to the caller.
 * Phases per document: 1. read,
 * 2. validate UTF-8, 3. metadata (id, date, language: given, else detected),
 * 4. analyse, 5. code. A bad document is reported and skipped; the run goes on. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cjson/cJSON.h>

#include "../rpi.h"

#define DOC_MAX (64u << 20) /* largest document accepted: 64 MiB */

struct rp_pipeline {
    const rp_dict *dict;
    rp_pipeline_opts opts;
    char lang[8];                /* forced language, "" = detect */
    char date[11];               /* default date */
    rp_doc *doc;                 /* reused for every document */
    rp_coder *coder;
    rp_context *context;         /* with opts.context: places, dates, quotes... */
    rp_pipeline_event_cb on_event;
    rp_pipeline_warn_cb on_warn;
    void *user;
    rp_pipeline_counts counts;
    rpi_buf err;
    rpi_buf where;               /* scratch for warnings */
    rp_reader *reader;           /* sources into documents */
    rp_dedup *dedup;             /* with opts.dedup */
    size_t seen;                 /* documents offered, for duplicate messages */
    rpi_buf joined;              /* title + text of the current document */
    rp_rc last;                  /* why the reader was stopped */
    rp_pipeline_skip_cb skip;    /* document hooks */
    rp_pipeline_done_cb done;
    void *hook_user;
    const rp_input_doc *cur;     /* the input document being coded */
};

static int on_input(void *user, const rp_input_doc *d);
static void on_input_warn(void *user, const char *where, const char *message);

rp_pipeline *rp_pipeline_new(const rp_dict *dict, const rp_pipeline_opts *opts)
{
    if (!dict) return NULL;
    rp_pipeline *p = rpi_calloc(1, sizeof *p);
    if (!p) return NULL;
    p->dict = dict;
    if (opts) p->opts = *opts;
    if (opts && opts->lang && strcmp(opts->lang, "auto"))
        snprintf(p->lang, sizeof p->lang, "%s", opts->lang);
    if (opts && opts->date) snprintf(p->date, sizeof p->date, "%s", opts->date);
    else {
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(p->date, sizeof p->date, "%Y-%m-%d", &tm);
    }
    p->doc = rp_doc_new();
    p->coder = rp_coder_new(dict);
    p->reader = rp_reader_new();
    if (p->opts.dedup) p->dedup = rp_dedup_new();
    if (p->opts.context) p->context = rp_context_new(dict);
    if (!p->doc || !p->coder || !p->reader || (p->opts.dedup && !p->dedup) || (p->opts.context && !p->context)) {
        rp_pipeline_free(p);
        return NULL;
    }
    rp_reader_set_callbacks(p->reader, on_input, on_input_warn, p);
    rp_reader_set_lenient(p->reader, 1); /* code_doc validates, and repairs with --lenient */
    if (p->opts.shard_size > 1) rp_reader_set_shard(p->reader, p->opts.shard_rank, p->opts.shard_size);
    return p;
}

void rp_pipeline_free(rp_pipeline *p)
{
    if (!p) return;
    rp_doc_free(p->doc);
    rp_coder_free(p->coder);
    rp_context_free(p->context);
    rp_reader_free(p->reader);
    rp_dedup_free(p->dedup);
    rpi_buf_free(&p->joined);
    rpi_buf_free(&p->err);
    rpi_buf_free(&p->where);
    rpi_free(p);
}

void rp_pipeline_set_callbacks(rp_pipeline *p, rp_pipeline_event_cb on_event, rp_pipeline_warn_cb on_warn, void *user)
{
    p->on_event = on_event;
    p->on_warn = on_warn;
    p->user = user;
}

void rp_pipeline_set_doc_hooks(rp_pipeline *p, rp_pipeline_skip_cb skip, rp_pipeline_done_cb done, void *user)
{
    p->skip = skip;
    p->done = done;
    p->hook_user = user;
}

void rp_pipeline_set_trace(rp_pipeline *p, rp_trace_cb cb, void *user) { rp_coder_set_trace(p->coder, cb, user); }

const rp_context *rp_pipeline_context(const rp_pipeline *p) { return p ? p->context : NULL; }

void rp_pipeline_counts_get(const rp_pipeline *p, rp_pipeline_counts *c) { *c = p->counts; }
const char *rp_pipeline_errmsg(const rp_pipeline *p) { return p->err.data ? p->err.data : ""; }

static void warn(rp_pipeline *p, const char *where, const char *msg)
{
    if (p->on_warn) p->on_warn(p->user, where, msg);
}

static int forward(void *user, const rp_doc *doc, const rp_event *ev)
{
    rp_pipeline *p = user;
    p->counts.events++;
    return p->on_event ? p->on_event(p->user, doc, ev) : 0;
}

/* Phases 2-5 for one document. where names it in warnings. */
static rp_rc code_doc(rp_pipeline *p, const char *where, const char *id, const char *text, size_t len,
                      const char *date, const char *lang)
{
    char msg[600];
    rp_doc *doc = p->doc;
    if (len > DOC_MAX) {
        snprintf(msg, sizeof msg, "document of %zu bytes is larger than the %u MiB limit; skipped", len, DOC_MAX >> 20);
        warn(p, where, msg);
        p->counts.skipped++;
        return RP_OK;
    }
    rp_rc rc = rp_doc_set_text(doc, text, len, p->opts.lenient ? RP_TEXT_LENIENT : 0);
    if (rc == RP_ENOMEM) return rc;
    if (rc) {
        snprintf(msg, sizeof msg, "%s; document skipped (--lenient replaces bad bytes)", rp_doc_errmsg(doc));
        warn(p, where, msg);
        p->counts.skipped++;
        return RP_OK;
    }
    if (rp_doc_replaced(doc)) {
        snprintf(msg, sizeof msg, "%zu invalid UTF-8 byte(s) replaced by U+FFFD", rp_doc_replaced(doc));
        warn(p, where, msg);
    }
    if ((rc = rp_doc_set_id(doc, id))) return rc;
    const char *d = date && *date ? date : p->date;
    char dbuf[11];
    if (d && strlen(d) > 10 && (d[10] == 'T' || d[10] == ' ')) { memcpy(dbuf, d, 10); dbuf[10] = '\0'; d = dbuf; }
    if (rp_doc_set_date(doc, d)) {
        snprintf(msg, sizeof msg, "bad date '%.40s' (want YYYY-MM-DD); using %s", d, p->date);
        warn(p, where, msg);
        rp_doc_set_date(doc, p->date);
    }
    const char *lg = p->lang[0] ? p->lang : lang && *lang ? lang : NULL;
    if (!lg) {
        int reliable = 0;
        lg = rp_detect_language(rp_doc_text(doc), rp_doc_text_len(doc), &reliable);
    }
    if (!lg || !*lg || !rp_dict_has_lang(p->dict, lg)) {
        snprintf(msg, sizeof msg, "language '%s' has no dictionaries loaded; document skipped (use --lang)",
                 lg && *lg ? lg : "unknown");
        warn(p, where, msg);
        p->counts.skipped++;
        return RP_OK;
    }
    if ((rc = rp_doc_set_lang(doc, lg))) return rc;
    if ((rc = rp_doc_analyze(doc, p->dict))) {
        if (rc == RP_ENOMEM) return rc;
        warn(p, where, rp_doc_errmsg(doc));
        p->counts.skipped++;
        return RP_OK;
    }
    p->counts.documents++;
    p->counts.sentences += rp_doc_sentence_count(doc);
    if (p->context && (rc = rp_context_analyze(p->context, doc, p->coder))) return rc;
    rc = rp_coder_code(p->coder, doc, forward, p);
    if (!rc && p->done) {
        rp_input_doc self = {.source = where, .url = NULL, .date = rp_doc_date(doc), .lang = rp_doc_lang(doc),
                             .text = rp_doc_text(doc), .text_len = rp_doc_text_len(doc)};
        const rp_input_doc *in = p->cur ? p->cur : &self;
        if (p->done(p->hook_user, in, doc)) rc = RP_ESTOP;
    }
    return rc;
}

rp_rc rp_pipeline_code_text(rp_pipeline *p, const char *id, const char *text, size_t len, const char *date,
                            const char *lang)
{
    if (!p || (!text && len)) return RP_EINVAL;
    return code_doc(p, id ? id : "(text)", id ? id : "", text ? text : "", len, date, lang);
}

/* A document from the reader: the title becomes the first line when the text does not
 * already start with it, so headlines are coded too. */
static int on_input(void *user, const rp_input_doc *d)
{
    rp_pipeline *p = user;
    const char *text = d->text ? d->text : "";
    size_t len = d->text_len;
    p->seen++;
    if (p->dedup) {
        size_t first = 0;
        rp_dup_kind k = rp_dedup_check(p->dedup, d->url, text, len, &first);
        if (k != RP_DUP_NONE) {
            static const char *const why[] = {"", "same URL", "same text", "nearly the same text"};
            char msg[160];
            snprintf(msg, sizeof msg, "duplicate (%s) of document %zu; not coded", why[k], first + 1);
            p->counts.duplicates++;
            warn(p, d->source ? d->source : "(input)", msg);
            return 0;
        }
    }
    if (d->title && *d->title && strncmp(text, d->title, strlen(d->title))) {
        p->joined.len = 0;
        if (rpi_buf_add(&p->joined, d->title, strlen(d->title)) || rpi_buf_add(&p->joined, "\n\n", 2) ||
            rpi_buf_add(&p->joined, text, len)) {
            p->last = RP_ENOMEM;
            return 1;
        }
        text = p->joined.data;
        len = p->joined.len;
    }
    const char *id = d->url && *d->url ? d->url : d->source;
    rp_input_doc joined = *d;
    joined.text = text;
    joined.text_len = len;
    if (p->skip && p->skip(p->hook_user, &joined)) return 0;
    p->cur = &joined;
    rp_rc rc = code_doc(p, d->source ? d->source : "(input)", id ? id : "", text, len, d->date, d->lang);
    p->cur = NULL;
    if (rc) { p->last = rc; return 1; }
    return 0;
}

static void on_input_warn(void *user, const char *where, const char *message)
{
    rp_pipeline *p = user;
    p->counts.skipped++;
    warn(p, where, message);
}

rp_rc rp_pipeline_code_input(rp_pipeline *p, const rp_input_doc *d)
{
    if (!p || !d) return RP_EINVAL;
    p->last = RP_OK;
    if (on_input(p, d)) return p->last ? p->last : RP_ESTOP;
    return RP_OK;
}

rp_rc rp_pipeline_code_file(rp_pipeline *p, const char *path)
{
    if (!p || !path) return RP_EINVAL;
    p->last = RP_OK;
    rp_input_kind kind = p->opts.kind ? (rp_input_kind)p->opts.kind : p->opts.jsonl ? RP_INPUT_JSONL : RP_INPUT_AUTO;
    rp_rc rc = rp_reader_read(p->reader, path, kind);
    if (rc == RP_EIO) rpi_errf(&p->err, "%s", rp_reader_errmsg(p->reader));
    if (rc == RP_ESTOP && p->last) rc = p->last; /* a callback or the coder stopped it */
    return rc;
}

/* The pipeline: documents in (plain-text files, JSONL lines), language decided,
 * analysed, coded, events handed to the caller. Phases per document: 1. read,
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
    rp_pipeline_event_cb on_event;
    rp_pipeline_warn_cb on_warn;
    void *user;
    rp_pipeline_counts counts;
    rpi_buf err;
    rpi_buf where;               /* scratch for warnings */
};

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
    if (!p->doc || !p->coder) { rp_pipeline_free(p); return NULL; }
    return p;
}

void rp_pipeline_free(rp_pipeline *p)
{
    if (!p) return;
    rp_doc_free(p->doc);
    rp_coder_free(p->coder);
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

void rp_pipeline_set_trace(rp_pipeline *p, rp_trace_cb cb, void *user) { rp_coder_set_trace(p->coder, cb, user); }

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
    return rp_coder_code(p->coder, doc, forward, p);
}

rp_rc rp_pipeline_code_text(rp_pipeline *p, const char *id, const char *text, size_t len, const char *date,
                            const char *lang)
{
    if (!p || (!text && len)) return RP_EINVAL;
    return code_doc(p, id ? id : "(text)", id ? id : "", text ? text : "", len, date, lang);
}

static int is_jsonl_name(const char *path)
{
    size_t n = strlen(path);
    return (n > 6 && !strcmp(path + n - 6, ".jsonl")) || (n > 7 && !strcmp(path + n - 7, ".ndjson"));
}

static const char *json_str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static rp_rc code_jsonl(rp_pipeline *p, FILE *f, const char *path)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    unsigned long lineno = 0;
    rp_rc rc = RP_OK;
    char where[512], idbuf[600];
    while (!rc && (n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        snprintf(where, sizeof where, "%s:%lu", path, lineno);
        size_t len = (size_t)n;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) len--;
        size_t k = 0;
        while (k < len && (line[k] == ' ' || line[k] == '\t')) k++;
        if (k == len) continue;
        if (len > DOC_MAX) {
            warn(p, where, "line longer than the document limit; skipped");
            p->counts.skipped++;
            continue;
        }
        cJSON *o = cJSON_ParseWithLength(line, len);
        if (!o || !cJSON_IsObject(o)) {
            const char *e = cJSON_GetErrorPtr();
            char msg[128];
            if (o) snprintf(msg, sizeof msg, "not a JSON object; skipped");
            else snprintf(msg, sizeof msg, "malformed JSON near byte %ld; skipped",
                          e && e >= line && e <= line + len ? (long)(e - line) : 0L);
            warn(p, where, msg);
            p->counts.skipped++;
            cJSON_Delete(o);
            continue;
        }
        const char *text = json_str(o, "text");
        if (!text) {
            warn(p, where, "no \"text\" string; skipped");
            p->counts.skipped++;
            cJSON_Delete(o);
            continue;
        }
        const char *id = json_str(o, "id");
        if (!id) { snprintf(idbuf, sizeof idbuf, "%s:%lu", path, lineno); id = idbuf; }
        rc = code_doc(p, where, id, text, strlen(text), json_str(o, "date"), json_str(o, "lang"));
        cJSON_Delete(o);
    }
    if (!rc && ferror(f)) {
        rpi_errf(&p->err, "%s: read error after line %lu", path, lineno);
        rc = RP_EIO;
    }
    free(line);
    return rc;
}

static rp_rc code_plain(rp_pipeline *p, FILE *f, const char *path)
{
    rpi_buf b = {0};
    char chunk[65536];
    size_t n;
    int too_big = 0;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + n > DOC_MAX) { too_big = 1; break; }
        if (rpi_buf_add(&b, chunk, n)) { rpi_buf_free(&b); return RP_ENOMEM; }
    }
    if (ferror(f)) {
        rpi_buf_free(&b);
        rpi_errf(&p->err, "%s: read error", path);
        return RP_EIO;
    }
    rp_rc rc = RP_OK;
    if (too_big) {
        char msg[128];
        snprintf(msg, sizeof msg, "file is larger than the %u MiB document limit; skipped", DOC_MAX >> 20);
        warn(p, path, msg);
        p->counts.skipped++;
    } else {
        rc = code_doc(p, path, path, b.data ? b.data : "", b.len, NULL, NULL);
    }
    rpi_buf_free(&b);
    return rc;
}

rp_rc rp_pipeline_code_file(rp_pipeline *p, const char *path)
{
    if (!p || !path) return RP_EINVAL;
    int is_stdin = !strcmp(path, "-");
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        rpi_errf(&p->err, "%s: cannot open: %s", path, strerror(errno));
        return RP_EIO;
    }
    const char *name = is_stdin ? "(stdin)" : path;
    rp_rc rc = (p->opts.jsonl || is_jsonl_name(path)) ? code_jsonl(p, f, name) : code_plain(p, f, name);
    if (!is_stdin) fclose(f);
    return rc;
}

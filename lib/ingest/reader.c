/* Sources into documents: files and folders, stdin, plain text, JSONL, HTML pages, WARC
 * archives (plain or multi-member gzip, read with zlib) and RSS/Atom feeds (libxml2 +
 * XPath). Phases of rp_reader_read: 1. walk folders in name order, 2. guess each file's
 * kind from its name and first bytes, 3. read it with the kind's reader, handing over one
 * rp_input_doc per document and reporting bad records without stopping. */
#define _GNU_SOURCE /* strcasestr, memfd_create */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <cjson/cJSON.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "../rpi.h"
#include "rapporti/ingest.h"

#define DOC_MAX (64u << 20)     /* largest document or record body kept: 64 MiB */
#define LINE_MAX_BYTES (1u << 20) /* longest WARC/HTTP header line */
#define DIR_DEPTH_MAX 64

struct rp_reader {
    rp_input_doc_cb on_doc;
    rp_input_warn_cb on_warn;
    void *user;
    rp_extractor *x;          /* HTML extraction */
    rp_reader_counts counts;
    rpi_buf err;
    rpi_buf src;              /* the current document's source string */
    rpi_buf where;            /* scratch for warnings */
    rpi_buf text;             /* scratch for a document's text */
    int stopped;              /* a callback asked to stop */
    int lenient;              /* pass text with invalid UTF-8 on (the pipeline repairs it) */
    unsigned shard_rank, shard_size; /* read only units (files, records, lines, items) i with i % size == rank */
    unsigned long long unit;  /* units met so far, in reading order */
};

/* Is the next unit of input this shard's? Every shard walks the inputs in the same order,
 * so the units split without talking to each other. */
static int mine(rp_reader *r)
{
    if (r->shard_size <= 1) return 1;
    return r->unit++ % r->shard_size == r->shard_rank;
}

void rp_reader_set_shard(rp_reader *r, unsigned rank, unsigned size)
{
    r->shard_rank = rank;
    r->shard_size = size;
    r->unit = 0;
}

rp_reader *rp_reader_new(void)
{
    rp_reader *r = rpi_calloc(1, sizeof *r);
    if (!r) return NULL;
    if (!(r->x = rp_extractor_new())) { rpi_free(r); return NULL; }
    return r;
}

void rp_reader_free(rp_reader *r)
{
    if (!r) return;
    rp_extractor_free(r->x);
    rpi_buf_free(&r->err);
    rpi_buf_free(&r->src);
    rpi_buf_free(&r->where);
    rpi_buf_free(&r->text);
    rpi_free(r);
}

void rp_reader_set_callbacks(rp_reader *r, rp_input_doc_cb on_doc, rp_input_warn_cb on_warn, void *user)
{
    r->on_doc = on_doc;
    r->on_warn = on_warn;
    r->user = user;
}

const char *rp_reader_errmsg(const rp_reader *r) { return r->err.data ? r->err.data : ""; }
void rp_reader_set_lenient(rp_reader *r, int lenient) { r->lenient = lenient; }
void rp_reader_counts_get(const rp_reader *r, rp_reader_counts *c) { *c = r->counts; }

static void warnf(rp_reader *r, const char *where, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void warnf(rp_reader *r, const char *where, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    r->counts.errors++;
    if (r->on_warn) r->on_warn(r->user, where, msg);
}

static rp_rc emit(rp_reader *r, rp_input_doc *d)
{
    r->counts.documents++;
    if (r->on_doc && r->on_doc(r->user, d)) { r->stopped = 1; return RP_ESTOP; }
    return RP_OK;
}

static const char *source_of(rp_reader *r, const char *name, const char *fmt, unsigned long n)
{
    r->src.len = 0;
    if (fmt) rpi_buf_printf(&r->src, fmt, name, n);
    else rpi_buf_add(&r->src, name, strlen(name));
    return rpi_buf_cstr(&r->src);
}

/* ---- HTML page ---- */

static rp_rc read_html(rp_reader *r, const char *name, const char *data, size_t len, const char *url,
                       const char *date, const char *source)
{
    rp_input_doc d;
    rp_rc rc = rp_extract_html(r->x, data, len, url, &d);
    if (rc == RP_ENOMEM) return rc;
    if (rc) { warnf(r, source ? source : name, "%s; skipped", rp_extractor_errmsg(r->x)); return RP_OK; }
    if (rp_extractor_truncated(r->x))
        warnf(r, source ? source : name, "HTML nested deeper than 256 levels: the deeper part was left out");
    d.source = source ? source : name;
    if (!d.date && date) d.date = date;
    return emit(r, &d);
}

/* ---- plain text ---- */

static rp_rc read_text(rp_reader *r, const char *name, const char *data, size_t len)
{
    if (!mine(r)) return RP_OK;
    size_t bad;
    if (!rp_utf8_check(data, len, &bad) && !r->lenient) {
        warnf(r, name, "byte %zu: invalid UTF-8 (or a NUL byte); skipped", bad);
        return RP_OK;
    }
    rp_input_doc d;
    memset(&d, 0, sizeof d);
    d.source = name;
    d.text = data;
    d.text_len = len;
    return emit(r, &d);
}

/* ---- JSONL ---- */

static const char *jstr(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static rp_rc jsonl_line(rp_reader *r, const char *name, unsigned long lineno, const char *line, size_t len)
{
    size_t k = 0;
    while (k < len && isspace((unsigned char)line[k])) k++;
    if (k == len) return RP_OK;
    if (!mine(r)) return RP_OK;
    const char *where = source_of(r, name, "%s:%lu", lineno);
    cJSON *o = cJSON_ParseWithLength(line, len);
    if (!o || !cJSON_IsObject(o)) {
        if (o) warnf(r, where, "not a JSON object; skipped");
        else {
            const char *e = cJSON_GetErrorPtr();
            warnf(r, where, "malformed JSON near byte %ld; skipped", e && e >= line && e <= line + len ? (long)(e - line) : 0L);
        }
        cJSON_Delete(o);
        return RP_OK;
    }
    rp_rc rc = RP_OK;
    const char *text = jstr(o, "text"), *html = jstr(o, "html");
    if (!text && !html) {
        warnf(r, where, "no \"text\" (or \"html\") string; skipped");
    } else if (html && !text) {
        rc = read_html(r, name, html, strlen(html), jstr(o, "url"), jstr(o, "date"), where);
    } else {
        rp_input_doc d;
        memset(&d, 0, sizeof d);
        d.source = jstr(o, "id") ? jstr(o, "id") : where;
        d.url = jstr(o, "url");
        d.title = jstr(o, "title");
        d.date = jstr(o, "date");
        d.author = jstr(o, "author");
        d.lang = jstr(o, "lang");
        d.text = text;
        d.text_len = strlen(text);
        rc = emit(r, &d);
    }
    cJSON_Delete(o);
    return rc;
}

static rp_rc read_jsonl_buffer(rp_reader *r, const char *name, const char *data, size_t len)
{
    unsigned long lineno = 0;
    size_t i = 0;
    while (i < len) {
        const char *nl = memchr(data + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - data) : len;
        lineno++;
        rp_rc rc = jsonl_line(r, name, lineno, data + i, end - i);
        if (rc) return rc;
        i = end + 1;
    }
    return RP_OK;
}

/* Stream a JSONL file line by line; a line longer than DOC_MAX is skipped without
 * holding it in memory. The file is locked once a line and read with getc_unlocked: in
 * a process with threads (rapporti code -j) getc takes the lock at every byte, which
 * was two thirds of the reading thread's time. */
static rp_rc read_jsonl_file(rp_reader *r, const char *name, FILE *f)
{
    rpi_buf line = {0};
    unsigned long lineno = 0;
    int c = 0;
    rp_rc rc = RP_OK;
    while (!rc && c != EOF) {
        line.len = 0;
        int too_long = 0, oom = 0;
        flockfile(f);
        while ((c = getc_unlocked(f)) != EOF && c != '\n') {
            if (line.len >= DOC_MAX) { too_long = 1; continue; }
            if (rpi_buf_addc(&line, (char)c)) { oom = 1; break; }
        }
        funlockfile(f);
        if (oom) { rpi_buf_free(&line); return RP_ENOMEM; }
        if (c == EOF && line.len == 0 && !too_long) break;
        lineno++;
        if (too_long) {
            warnf(r, source_of(r, name, "%s:%lu", lineno), "line longer than %u MiB; skipped", DOC_MAX >> 20);
            continue;
        }
        rc = jsonl_line(r, name, lineno, line.data ? line.data : "", line.len);
    }
    if (!rc && ferror(f)) warnf(r, name, "read error after line %lu", lineno);
    rpi_buf_free(&line);
    return rc;
}

/* ---- RSS and Atom ---- */

static const char *const MONTHS[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};

/* RFC 822 ("Tue, 10 Jun 2003 04:00:00 GMT") or ISO 8601 to YYYY-MM-DD; NULL if neither. */
static const char *feed_date(const char *s, char out[16])
{
    if (!s) return NULL;
    while (isspace((unsigned char)*s)) s++;
    if (strlen(s) >= 10 && isdigit((unsigned char)s[0]) && s[4] == '-') {
        memcpy(out, s, 10);
        out[10] = '\0';
        return rp_parse_date(out) ? out : NULL;
    }
    const char *p = s;
    while (*p && !isdigit((unsigned char)*p)) p++;
    int day = atoi(p);
    while (isdigit((unsigned char)*p)) p++;
    while (*p == ' ') p++;
    int mon = 0;
    for (int i = 0; i < 12; i++)
        if (!strncasecmp(p, MONTHS[i], 3)) mon = i + 1;
    while (*p && !isdigit((unsigned char)*p)) p++;
    int year = atoi(p);
    if (year < 100) year += year < 70 ? 2000 : 1900;
    snprintf(out, 16, "%04d-%02d-%02d", year % 10000, mon % 100, day % 100);
    out[10] = '\0';
    return rp_parse_date(out) ? out : NULL;
}

static xmlNodePtr child(xmlNodePtr n, const char *local)
{
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name, local)) return c;
    return NULL;
}

static rp_rc feed_item(rp_reader *r, const char *name, unsigned long idx, xmlNodePtr item)
{
    if (!mine(r)) return RP_OK;
    const char *where = source_of(r, name, "%s#item %lu", idx);
    char *src = rpi_strndup(where, strlen(where));
    if (!src) return RP_ENOMEM;
    xmlChar *title = NULL, *link = NULL, *date = NULL, *body = NULL, *author = NULL;
    xmlNodePtr n;
    if ((n = child(item, "title"))) title = xmlNodeGetContent(n);
    if ((n = child(item, "link"))) {
        link = xmlGetProp(n, (const xmlChar *)"href"); /* Atom */
        if (!link) link = xmlNodeGetContent(n);        /* RSS */
    }
    if ((n = child(item, "pubDate")) || (n = child(item, "published")) || (n = child(item, "updated")) ||
        (n = child(item, "date")))
        date = xmlNodeGetContent(n);
    if ((n = child(item, "encoded")) || (n = child(item, "content")) || (n = child(item, "description")) ||
        (n = child(item, "summary")))
        body = xmlNodeGetContent(n);
    if ((n = child(item, "author")) || (n = child(item, "creator"))) {
        xmlNodePtr nm = child(n, "name");
        author = xmlNodeGetContent(nm ? nm : n);
    }
    rp_rc rc = RP_OK;
    char d[16];
    if (!body || !*body) {
        r->counts.records_skipped++;
        warnf(r, src, "feed item without text (summary or content); skipped");
    } else {
        /* the body is HTML (escaped or CDATA): take its text */
        rp_input_doc doc;
        rc = rp_extract_html(r->x, (const char *)body, strlen((const char *)body), (const char *)link, &doc);
        if (rc == RP_OK) {
            doc.source = src;
            doc.url = link ? (const char *)link : doc.url;
            doc.title = title ? (const char *)title : doc.title;
            doc.date = feed_date((const char *)date, d);
            doc.author = author ? (const char *)author : doc.author;
            if (!doc.text_len) { /* no paragraphs: the plain text of the body */
                doc.text = (const char *)body;
                doc.text_len = strlen((const char *)body);
            }
            rc = emit(r, &doc);
        } else if (rc == RP_EPARSE) {
            warnf(r, src, "item body is not readable HTML; skipped");
            rc = RP_OK;
        }
    }
    xmlFree(title);
    xmlFree(link);
    xmlFree(date);
    xmlFree(body);
    xmlFree(author);
    rpi_free(src);
    return rc;
}

static rp_rc read_feed(rp_reader *r, const char *name, const char *data, size_t len)
{
    if (len > INT32_MAX) { warnf(r, name, "feed too large; skipped"); return RP_OK; }
    /* no entity expansion, no network: billion laughs and external entities stay out */
    xmlDocPtr doc = xmlReadMemory(data, (int)len, name, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        const xmlError *e = xmlGetLastError();
        char m[200] = "";
        if (e && e->message) {
            snprintf(m, sizeof m, "%s", e->message);
            m[strcspn(m, "\r\n")] = '\0';
        }
        warnf(r, name, "not a well-formed XML feed%s%s (line %d); skipped", m[0] ? ": " : "", m, e ? e->line : 0);
        return RP_OK;
    }
    rp_rc rc = RP_OK;
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathObjectPtr items = ctx ? xmlXPathEvalExpression(
                                        (const xmlChar *)"//*[local-name()='item' or local-name()='entry']", ctx)
                                  : NULL;
    if (!items) rc = RP_ENOMEM;
    else if (!items->nodesetval || items->nodesetval->nodeNr == 0)
        warnf(r, name, "no RSS <item> or Atom <entry> in the feed");
    else
        for (int i = 0; !rc && i < items->nodesetval->nodeNr; i++)
            rc = feed_item(r, name, (unsigned long)i + 1, items->nodesetval->nodeTab[i]);
    xmlXPathFreeObject(items);
    xmlXPathFreeContext(ctx);
    xmlFreeDoc(doc);
    return rc;
}

/* ---- WARC ---- */

/* A buffered reader over zlib's gzFile (which reads plain files too, and concatenated
 * gzip members one after the other). */
typedef struct gzbuf {
    gzFile f;
    char buf[65536];
    size_t pos, len;
    unsigned long long offset; /* uncompressed bytes consumed */
    int eof, error;
    char errmsg[160];
} gzbuf;

/* zlib's message without the file name it puts in front */
static void gz_message(gzbuf *g, const char *m)
{
    const char *p = m ? strrchr(m, ':') : NULL;
    snprintf(g->errmsg, sizeof g->errmsg, "%s", p ? p + 2 : m ? m : "read error");
}

static int gz_fill(gzbuf *g)
{
    if (g->eof || g->error) return 0;
    if (g->pos < g->len) memmove(g->buf, g->buf + g->pos, g->len - g->pos);
    g->len -= g->pos;
    g->pos = 0;
    int n = gzread(g->f, g->buf + g->len, (unsigned)(sizeof g->buf - g->len));
    if (n < 0) {
        int code;
        gz_message(g, gzerror(g->f, &code));
        g->error = 1;
        return 0;
    }
    if (n == 0) {
        int code;
        const char *m = gzerror(g->f, &code);
        if (code != Z_OK && code != Z_STREAM_END) {
            gz_message(g, m);
            g->error = 1;
        }
        g->eof = 1;
        return 0;
    }
    g->len += (size_t)n;
    return 1;
}

/* A line without its CR LF into out; 0 at end of input, -1 when longer than the limit
 * (the rest of the line is consumed). */
static int gz_line(gzbuf *g, rpi_buf *out)
{
    out->len = 0;
    int got = 0, too_long = 0;
    for (;;) {
        if (g->pos == g->len && !gz_fill(g)) break;
        char *s = g->buf + g->pos;
        size_t n = g->len - g->pos;
        char *nl = memchr(s, '\n', n);
        size_t take = nl ? (size_t)(nl - s) + 1 : n;
        got = 1;
        if (!too_long) {
            if (out->len + take > LINE_MAX_BYTES) too_long = 1;
            else if (rpi_buf_add(out, s, take)) return -2;
        }
        g->pos += take;
        g->offset += take;
        if (nl) break;
    }
    if (too_long) return -1;
    while (out->len && (out->data[out->len - 1] == '\n' || out->data[out->len - 1] == '\r')) out->len--;
    if (out->data) out->data[out->len] = '\0';
    return got;
}

/* Read n bytes into out (or skip them when out is NULL); returns the bytes read. */
static size_t gz_take(gzbuf *g, rpi_buf *out, size_t n, int *oom)
{
    size_t done = 0;
    while (done < n) {
        if (g->pos == g->len && !gz_fill(g)) break;
        size_t take = g->len - g->pos;
        if (take > n - done) take = n - done;
        if (out && rpi_buf_add(out, g->buf + g->pos, take)) { *oom = 1; return done; }
        g->pos += take;
        g->offset += take;
        done += take;
    }
    return done;
}

static const char *header_value(const char *line, const char *name)
{
    size_t n = strlen(name);
    if (strncasecmp(line, name, n) || line[n] != ':') return NULL;
    line += n + 1;
    while (*line == ' ' || *line == '\t') line++;
    return line;
}

/* Dechunk an HTTP chunked body in place; returns the new length. */
static size_t dechunk(char *b, size_t len)
{
    size_t in = 0, out = 0;
    while (in < len) {
        char *end;
        unsigned long n = strtoul(b + in, &end, 16);
        char *nl = memchr(b + in, '\n', len - in);
        if (!nl || end == b + in) break;
        in = (size_t)(nl - b) + 1;
        if (n == 0 || n > len - in) break;
        memmove(b + out, b + in, n);
        out += n;
        in += n;
        while (in < len && (b[in] == '\r' || b[in] == '\n')) in++;
    }
    return out;
}

static rp_rc warc_record(rp_reader *r, const char *name, unsigned long idx, const char *type, const char *uri,
                         const char *date, const char *ctype, rpi_buf *block)
{
    if (!mine(r)) return RP_OK;
    const char *where = source_of(r, name, "%s#record %lu", idx);
    char *src = rpi_strndup(where, strlen(where));
    if (!src) return RP_ENOMEM;
    rp_rc rc = RP_OK;
    char *body = block->data ? block->data : "";
    size_t blen = block->len;
    int html = 0;
    if (!strcasecmp(type, "response") && ctype && strcasestr(ctype, "application/http")) {
        /* strip the HTTP status line and headers */
        char *end = strstr(body, "\r\n\r\n");
        size_t skip = end ? (size_t)(end - body) + 4 : 0;
        if (!end && (end = strstr(body, "\n\n"))) skip = (size_t)(end - body) + 2;
        if (!end) { r->counts.records_skipped++; warnf(r, src, "HTTP response without a header end; skipped"); goto out; }
        *end = '\0';
        int chunked = strcasestr(body, "transfer-encoding: chunked") != NULL;
        int encoded = strcasestr(body, "content-encoding:") && !strcasestr(body, "content-encoding: identity");
        const char *ct = strcasestr(body, "\ncontent-type:");
        html = ct && (strncasecmp(ct + 14 + strspn(ct + 14, " "), "text/html", 9) == 0 ||
                      strncasecmp(ct + 14 + strspn(ct + 14, " "), "application/xhtml", 17) == 0);
        if (!html) { r->counts.records_skipped++; goto out; }
        if (encoded) { r->counts.records_skipped++; warnf(r, src, "compressed HTTP body (Content-Encoding); skipped"); goto out; }
        body += skip;
        blen -= skip;
        if (chunked) blen = dechunk(body, blen);
    } else if (!strcasecmp(type, "resource") && ctype && (strcasestr(ctype, "text/html") || strcasestr(ctype, "xhtml"))) {
        html = 1;
    }
    if (!html) { r->counts.records_skipped++; goto out; }
    char d[11] = "";
    if (date && strlen(date) >= 10) { memcpy(d, date, 10); d[10] = '\0'; }
    rc = read_html(r, name, body, blen, uri, rp_parse_date(d) ? d : NULL, src);
out:
    rpi_free(src);
    return rc;
}

static rp_rc read_warc(rp_reader *r, const char *name, gzFile f)
{
    gzbuf *g = rpi_calloc(1, sizeof *g);
    if (!g) return RP_ENOMEM;
    g->f = f;
    rpi_buf line = {0}, block = {0};
    rp_rc rc = RP_OK;
    unsigned long idx = 0;
    char type[32], uri[2048], date[64], ctype[256];
    int resync = 0;
    while (!rc) {
        int got = gz_line(g, &line);
        if (got == -2) { rc = RP_ENOMEM; break; }
        if (got == 0) break;
        if (got == -1 || strncmp(rpi_buf_cstr(&line), "WARC/", 5)) {
            if (got == 1 && line.len == 0) continue; /* blank lines between records */
            if (!resync) {
                warnf(r, source_of(r, name, "%s#record %lu", idx),
                      "no WARC header where the record should end (byte %llu): its Content-Length is wrong; "
                      "looking for the next record", g->offset - line.len);
                resync = 1;
            }
            continue;
        }
        resync = 0;
        idx++;
        type[0] = uri[0] = date[0] = ctype[0] = '\0';
        long long clen = -1;
        int bad = 0;
        while ((got = gz_line(g, &line)) == 1 && line.len) {
            const char *v;
            if ((v = header_value(line.data, "WARC-Type"))) snprintf(type, sizeof type, "%s", v);
            else if ((v = header_value(line.data, "WARC-Target-URI"))) snprintf(uri, sizeof uri, "%s", v);
            else if ((v = header_value(line.data, "WARC-Date"))) snprintf(date, sizeof date, "%s", v);
            else if ((v = header_value(line.data, "Content-Type"))) snprintf(ctype, sizeof ctype, "%s", v);
            else if ((v = header_value(line.data, "Content-Length"))) {
                char *end;
                clen = strtoll(v, &end, 10);
                if (end == v || *end || clen < 0) bad = 1;
            }
        }
        if (got == -2) { rc = RP_ENOMEM; break; }
        const char *where = source_of(r, name, "%s#record %lu", idx);
        if (got <= 0 && got != -1 && line.len == 0 && g->eof) {
            warnf(r, where, "archive ends inside the record header%s%s", g->error ? ": " : "", g->error ? g->errmsg : "");
            break;
        }
        if (bad || clen < 0) {
            warnf(r, where, "record without a valid Content-Length; looking for the next record");
            continue;
        }
        block.len = 0;
        int oom = 0;
        size_t got_n;
        if ((unsigned long long)clen > DOC_MAX) {
            got_n = gz_take(g, NULL, (size_t)clen, &oom);
            if (got_n == (size_t)clen) { r->counts.records_skipped++; warnf(r, where, "record of %lld bytes is over the %u MiB limit; skipped", clen, DOC_MAX >> 20); }
        } else {
            got_n = gz_take(g, &block, (size_t)clen, &oom);
        }
        if (oom) { rc = RP_ENOMEM; break; }
        if (got_n < (size_t)clen) {
            warnf(r, where, "archive ends inside the record (%zu of %lld bytes)%s%s", got_n, clen,
                  g->error ? ": " : "", g->error ? g->errmsg : "");
            g->error = 0; /* reported */
            break;
        }
        if ((unsigned long long)clen > DOC_MAX) continue;
        if (rpi_buf_reserve(&block, 0)) { rc = RP_ENOMEM; break; }
        block.data[block.len] = '\0';
        rc = warc_record(r, name, idx, type, uri, date, ctype, &block);
    }
    if (!rc && g->error && !g->eof) warnf(r, name, "read error: %s", g->errmsg);
    else if (!rc && g->error) warnf(r, name, "truncated or damaged compressed data after record %lu: %s", idx, g->errmsg);
    rpi_buf_free(&line);
    rpi_buf_free(&block);
    rpi_free(g);
    return rc;
}

/* ---- kinds and files ---- */

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcasecmp(s + a - b, suffix);
}

static rp_input_kind kind_by_name(const char *path)
{
    if (ends_with(path, ".jsonl") || ends_with(path, ".ndjson") || ends_with(path, ".jsonl.gz")) return RP_INPUT_JSONL;
    if (ends_with(path, ".warc") || ends_with(path, ".warc.gz")) return RP_INPUT_WARC;
    if (ends_with(path, ".html") || ends_with(path, ".htm") || ends_with(path, ".xhtml") || ends_with(path, ".html.gz"))
        return RP_INPUT_HTML;
    if (ends_with(path, ".rss") || ends_with(path, ".atom") || ends_with(path, ".xml") || ends_with(path, ".feed"))
        return RP_INPUT_FEED;
    if (ends_with(path, ".txt") || ends_with(path, ".text")) return RP_INPUT_TEXT;
    return RP_INPUT_AUTO;
}

static rp_input_kind kind_by_content(const char *d, size_t n)
{
    size_t i = 0;
    if (n >= 3 && !memcmp(d, "\xEF\xBB\xBF", 3)) i = 3;
    while (i < n && isspace((unsigned char)d[i])) i++;
    if (n - i >= 5 && !memcmp(d + i, "WARC/", 5)) return RP_INPUT_WARC;
    if (i < n && d[i] == '{') return RP_INPUT_JSONL;
    if (i < n && d[i] == '<') {
        size_t m = n - i < 2048 ? n - i : 2048;
        char head[2049];
        memcpy(head, d + i, m);
        head[m] = '\0';
        if (strcasestr(head, "<rss") || strcasestr(head, "<feed") || strcasestr(head, "<rdf:RDF")) return RP_INPUT_FEED;
        return RP_INPUT_HTML;
    }
    return RP_INPUT_TEXT;
}

rp_rc rp_reader_read_buffer(rp_reader *r, const char *name, const char *data, size_t len, rp_input_kind kind)
{
    if (!r || !name || (!data && len)) return RP_EINVAL;
    if (!data) data = "";
    if (kind == RP_INPUT_AUTO) kind = kind_by_content(data, len);
    switch (kind) {
    case RP_INPUT_JSONL: return read_jsonl_buffer(r, name, data, len);
    case RP_INPUT_HTML: return mine(r) ? read_html(r, name, data, len, NULL, NULL, NULL) : RP_OK;
    case RP_INPUT_FEED: return read_feed(r, name, data, len);
    case RP_INPUT_WARC: {
        /* through an in-memory file: zlib reads gzip from file descriptors */
        int fd = memfd_create("rapporti-warc", MFD_CLOEXEC);
        if (fd < 0) { rpi_errf(&r->err, "%s: cannot make an in-memory file: %s", name, strerror(errno)); return RP_EIO; }
        size_t off = 0;
        while (off < len) {
            ssize_t k = write(fd, data + off, len - off);
            if (k <= 0) { close(fd); rpi_errf(&r->err, "%s: cannot buffer the archive", name); return RP_EIO; }
            off += (size_t)k;
        }
        lseek(fd, 0, SEEK_SET);
        gzFile g = gzdopen(fd, "rb");
        if (!g) { close(fd); return RP_ENOMEM; }
        rp_rc rc = read_warc(r, name, g);
        gzclose(g);
        return rc;
    }
    default: return read_text(r, name, data, len);
    }
}

/* Read a whole (uncompressed or gzip) file into r->text; -1 when larger than DOC_MAX. */
static int slurp(rp_reader *r, gzFile g)
{
    r->text.len = 0;
    char chunk[65536];
    int n;
    while ((n = gzread(g, chunk, sizeof chunk)) > 0) {
        if (r->text.len + (size_t)n > DOC_MAX) return -1;
        if (rpi_buf_add(&r->text, chunk, (size_t)n)) return -2;
    }
    if (n < 0) return -3;
    return 0;
}

static rp_rc read_file(rp_reader *r, const char *path, rp_input_kind kind)
{
    r->counts.files++;
    rp_input_kind k = kind != RP_INPUT_AUTO ? kind : kind_by_name(path);
    int is_stdin = !strcmp(path, "-");
    const char *name = is_stdin ? "(stdin)" : path;
    if (k == RP_INPUT_JSONL && !ends_with(path, ".gz")) {
        FILE *f = is_stdin ? stdin : fopen(path, "rb");
        if (!f) { rpi_errf(&r->err, "%s: cannot open: %s", path, strerror(errno)); return RP_EIO; }
        rp_rc rc = read_jsonl_file(r, name, f);
        if (!is_stdin) fclose(f);
        return rc;
    }
    gzFile g = is_stdin ? gzdopen(dup(0), "rb") : gzopen(path, "rb");
    if (!g) { rpi_errf(&r->err, "%s: cannot open: %s", path, strerror(errno ? errno : ENOMEM)); return RP_EIO; }
    gzbuffer(g, 1 << 17);
    if (k == RP_INPUT_AUTO && !is_stdin) {
        /* sniff the first bytes */
        char head[4096];
        int n = gzread(g, head, sizeof head);
        k = kind_by_content(head, n > 0 ? (size_t)n : 0);
        gzrewind(g);
    }
    rp_rc rc = RP_OK;
    if (k == RP_INPUT_WARC && !is_stdin) {
        rc = read_warc(r, name, g);
    } else {
        int s = slurp(r, g);
        if (s == -2) rc = RP_ENOMEM;
        else if (s == -1) warnf(r, name, "file is larger than the %u MiB document limit; skipped", DOC_MAX >> 20);
        else {
            if (s == -3) {
                int code;
                warnf(r, name, "truncated or damaged compressed file: %s; reading what came before", gzerror(g, &code));
            }
            if (rpi_buf_reserve(&r->text, 0)) rc = RP_ENOMEM;
            else {
                r->text.data[r->text.len] = '\0';
                /* r->text is reused by nothing below: the callbacks get pointers into it */
                rc = rp_reader_read_buffer(r, name, r->text.data, r->text.len, k);
            }
        }
    }
    gzclose(g);
    return rc;
}

static int cmp_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static rp_rc read_path(rp_reader *r, const char *path, rp_input_kind kind, int depth)
{
    if (!strcmp(path, "-")) return read_file(r, path, kind);
    struct stat sb;
    if (stat(path, &sb)) { rpi_errf(&r->err, "%s: cannot open: %s", path, strerror(errno)); return RP_EIO; }
    if (!S_ISDIR(sb.st_mode)) return read_file(r, path, kind);
    if (depth > DIR_DEPTH_MAX) { warnf(r, path, "folders nested deeper than %d; skipped", DIR_DEPTH_MAX); return RP_OK; }
    DIR *d = opendir(path);
    if (!d) { rpi_errf(&r->err, "%s: cannot open folder: %s", path, strerror(errno)); return RP_EIO; }
    char **names = NULL;
    size_t n = 0, cap = 0;
    rp_rc rc = RP_OK;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue; /* hidden files, . and .. */
        if (RPI_GROW(names, cap, n + 1) || !(names[n] = rpi_strndup(e->d_name, strlen(e->d_name)))) { rc = RP_ENOMEM; break; }
        n++;
    }
    closedir(d);
    if (n) qsort(names, n, sizeof *names, cmp_names);
    rpi_buf sub = {0};
    for (size_t i = 0; !rc && i < n; i++) {
        sub.len = 0;
        if (rpi_buf_printf(&sub, "%s/%s", path, names[i])) { rc = RP_ENOMEM; break; }
        struct stat ls;
        if (lstat(sub.data, &ls) == 0 && S_ISLNK(ls.st_mode) && stat(sub.data, &ls) == 0 && S_ISDIR(ls.st_mode))
            continue; /* never follow links to folders: no loops */
        if (stat(sub.data, &ls) == 0 && !S_ISDIR(ls.st_mode) && !S_ISREG(ls.st_mode)) {
            warnf(r, sub.data, "not a regular file (a pipe, socket or device); skipped");
            continue; /* a FIFO in a folder would block the run forever */
        }
        rc = read_path(r, sub.data, kind, depth + 1);
        if (rc == RP_EIO) { warnf(r, sub.data, "%s", rp_reader_errmsg(r)); rc = RP_OK; }
    }
    rpi_buf_free(&sub);
    for (size_t i = 0; i < n; i++) rpi_free(names[i]);
    rpi_free(names);
    return rc;
}

rp_rc rp_reader_read(rp_reader *r, const char *path, rp_input_kind kind)
{
    if (!r || !path) return RP_EINVAL;
    r->err.len = 0;
    r->stopped = 0;
    return read_path(r, path, kind, 0);
}

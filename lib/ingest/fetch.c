/* Fetching with libcurl: feeds and the articles they link, politely (a User-Agent that
 * says who we are, timeouts, a size limit, retries with backoff, conditional GET with
 * ETag and Last-Modified), remembering what was seen in a small JSON state file.
 * Phases of rp_fetch_feed: 1. conditional GET of the feed, 2. items parsed by the
 * reader, 3. each unseen item's page fetched and extracted (or its summary used when
 * the page cannot be had), 4. the state saved (atomically: temporary file + rename). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <curl/curl.h>
#include <cjson/cJSON.h>

#include "../rpi.h"
#include "rapporti/ingest.h"

#define FETCH_MAX_BYTES (16u << 20) /* largest response kept */
#define FETCH_TRIES 3

struct rp_fetcher {
    CURL *curl;
    rp_fetch_opts opts;
    char *state_path;          /* NULL: nothing remembered across runs */
    cJSON *state;              /* {"feeds": {url: {"etag","last_modified"}}, "seen": {url: date}} */
    rp_input_doc_cb on_doc;
    rp_input_warn_cb on_warn;
    void *user;
    rp_reader *reader;         /* parses feeds and pages */
    rpi_buf body;              /* last response body */
    rpi_buf err;
    long status;               /* last HTTP status */
    char etag[256], last_modified[128]; /* from the last response */
    /* items of the feed being read */
    struct item { char *url, *title, *date, *text; } *items; size_t nitems, cap_items;
    const char *feed_url;      /* while reading a feed */
    const struct item *cur;    /* the item whose page is being read */
    size_t new_docs;           /* documents handed over */
};

static size_t on_body(char *p, size_t size, size_t n, void *user)
{
    rp_fetcher *f = user;
    size_t len = size * n;
    if (f->body.len + len > FETCH_MAX_BYTES) return 0; /* aborts the transfer: too large */
    return rpi_buf_add(&f->body, p, len) ? 0 : len;
}

static void copy_header(char *dst, size_t cap, const char *v, size_t len)
{
    while (len && (v[len - 1] == '\r' || v[len - 1] == '\n' || v[len - 1] == ' ')) len--;
    while (len && *v == ' ') { v++; len--; }
    if (len >= cap) len = cap - 1;
    memcpy(dst, v, len);
    dst[len] = '\0';
}

static size_t on_header(char *p, size_t size, size_t n, void *user)
{
    rp_fetcher *f = user;
    size_t len = size * n;
    if (len > 5 && !strncasecmp(p, "HTTP/", 5)) { f->etag[0] = f->last_modified[0] = '\0'; }
    else if (len > 5 && !strncasecmp(p, "ETag:", 5)) copy_header(f->etag, sizeof f->etag, p + 5, len - 5);
    else if (len > 14 && !strncasecmp(p, "Last-Modified:", 14))
        copy_header(f->last_modified, sizeof f->last_modified, p + 14, len - 14);
    return len;
}

static void warnf(rp_fetcher *f, const char *where, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void warnf(rp_fetcher *f, const char *where, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (f->on_warn) f->on_warn(f->user, where, msg);
}

/* ---- state ---- */

static cJSON *state_obj(rp_fetcher *f, const char *key)
{
    cJSON *o = cJSON_GetObjectItemCaseSensitive(f->state, key);
    if (!cJSON_IsObject(o)) {
        cJSON_DeleteItemFromObjectCaseSensitive(f->state, key);
        o = cJSON_AddObjectToObject(f->state, key);
    }
    return o;
}

static rp_rc load_state(rp_fetcher *f)
{
    f->state = NULL;
    if (f->state_path) {
        FILE *fp = fopen(f->state_path, "rb");
        if (fp) {
            rpi_buf b = {0};
            char chunk[65536];
            size_t n;
            while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
                if (rpi_buf_add(&b, chunk, n)) { fclose(fp); rpi_buf_free(&b); return RP_ENOMEM; }
            fclose(fp);
            f->state = cJSON_ParseWithLength(b.data ? b.data : "", b.len);
            rpi_buf_free(&b);
            if (!f->state || !cJSON_IsObject(f->state)) {
                cJSON_Delete(f->state);
                f->state = NULL;
                rpi_errf(&f->err, "%s: not a rapporti fetch state file (malformed JSON); move it away to start afresh",
                         f->state_path);
                return RP_EPARSE;
            }
        } else if (errno != ENOENT) {
            rpi_errf(&f->err, "%s: cannot read: %s", f->state_path, strerror(errno));
            return RP_EIO;
        }
    }
    if (!f->state && !(f->state = cJSON_CreateObject())) return RP_ENOMEM;
    if (!state_obj(f, "feeds") || !state_obj(f, "seen")) return RP_ENOMEM;
    return RP_OK;
}

static rp_rc save_state(rp_fetcher *f)
{
    if (!f->state_path) return RP_OK;
    char *text = cJSON_Print(f->state);
    if (!text) return RP_ENOMEM;
    rpi_buf tmp = {0};
    rp_rc rc = RP_OK;
    if (rpi_buf_printf(&tmp, "%s.tmp.%ld", f->state_path, (long)getpid())) { rc = RP_ENOMEM; goto out; }
    FILE *fp = fopen(tmp.data, "wb");
    if (!fp) { rpi_errf(&f->err, "%s: cannot write: %s", tmp.data, strerror(errno)); rc = RP_EIO; goto out; }
    int bad = fputs(text, fp) < 0;
    bad |= fflush(fp) != 0;
    bad |= fsync(fileno(fp)) != 0;
    bad |= fclose(fp) != 0;
    if (bad || rename(tmp.data, f->state_path)) {
        rpi_errf(&f->err, "%s: cannot write: %s", f->state_path, strerror(errno));
        unlink(tmp.data);
        rc = RP_EIO;
    }
out:
    rpi_buf_free(&tmp);
    cJSON_free(text);
    return rc;
}

/* ---- HTTP ---- */

/* GET url into f->body; conditional when etag / last_modified are given. Retries
 * connection errors, time-outs and 5xx (and 429) with backoff. Returns the status (304,
 * 200, 404...) or -1 when no answer could be had (message in f->err). */
static long http_get(rp_fetcher *f, const char *url, const char *etag, const char *last_modified)
{
    long delay_ms = f->opts.retry_delay_ms > 0 ? f->opts.retry_delay_ms : 1000;
    for (int attempt = 1; attempt <= FETCH_TRIES; attempt++) {
        f->body.len = 0;
        f->etag[0] = f->last_modified[0] = '\0';
        curl_easy_reset(f->curl);
        struct curl_slist *hdrs = NULL;
        char h[512];
        if (etag && *etag) { snprintf(h, sizeof h, "If-None-Match: %s", etag); hdrs = curl_slist_append(hdrs, h); }
        if (last_modified && *last_modified) {
            snprintf(h, sizeof h, "If-Modified-Since: %s", last_modified);
            hdrs = curl_slist_append(hdrs, h);
        }
        CURL *c = f->curl;
        curl_easy_setopt(c, CURLOPT_URL, url);
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
        curl_easy_setopt(c, CURLOPT_USERAGENT, "rapporti/" RP_VERSION " (news event coder; polite: conditional GET, backoff)");
        curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
        curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
#if LIBCURL_VERSION_NUM >= 0x075500
        curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#endif
        curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, f->opts.connect_timeout_ms > 0 ? f->opts.connect_timeout_ms : 10000L);
        curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, f->opts.timeout_ms > 0 ? f->opts.timeout_ms : 30000L);
        curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, ""); /* gzip, deflate as the server likes */
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, f);
        curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(c, CURLOPT_HEADERDATA, f);
        curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
        CURLcode cc = curl_easy_perform(c);
        curl_slist_free_all(hdrs);
        long status = 0;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
        if (cc == CURLE_WRITE_ERROR && f->body.len + 1 > 0) {
            rpi_errf(&f->err, "%s: response larger than %u MiB; skipped", url, FETCH_MAX_BYTES >> 20);
            return -1;
        }
        int retry = cc != CURLE_OK ? (cc == CURLE_OPERATION_TIMEDOUT || cc == CURLE_COULDNT_CONNECT ||
                                      cc == CURLE_RECV_ERROR || cc == CURLE_SEND_ERROR || cc == CURLE_GOT_NOTHING ||
                                      cc == CURLE_COULDNT_RESOLVE_HOST)
                                   : (status >= 500 || status == 429);
        if (!retry || attempt == FETCH_TRIES) {
            if (cc != CURLE_OK) {
                rpi_errf(&f->err, "%s: %s (after %d attempt%s)", url, curl_easy_strerror(cc), attempt, attempt > 1 ? "s" : "");
                return -1;
            }
            return status;
        }
        struct timespec ts = {delay_ms / 1000, (delay_ms % 1000) * 1000000L};
        nanosleep(&ts, NULL);
        delay_ms *= 2;
    }
    return -1;
}

/* ---- feeds and items ---- */

static void free_items(rp_fetcher *f)
{
    for (size_t i = 0; i < f->nitems; i++) {
        rpi_free(f->items[i].url);
        rpi_free(f->items[i].title);
        rpi_free(f->items[i].date);
        rpi_free(f->items[i].text);
    }
    f->nitems = 0;
}

static char *dup_or_null(const char *s, size_t n) { return s ? rpi_strndup(s, n) : NULL; }

static int on_item(void *user, const rp_input_doc *d)
{
    rp_fetcher *f = user;
    if (RPI_GROW(f->items, f->cap_items, f->nitems + 1)) return 1;
    struct item *it = &f->items[f->nitems++];
    memset(it, 0, sizeof *it);
    it->url = dup_or_null(d->url, d->url ? strlen(d->url) : 0);
    it->title = dup_or_null(d->title, d->title ? strlen(d->title) : 0);
    it->date = dup_or_null(d->date, d->date ? strlen(d->date) : 0);
    it->text = dup_or_null(d->text, d->text_len);
    return 0;
}

static void on_reader_warn(void *user, const char *where, const char *message)
{
    rp_fetcher *f = user;
    if (f->on_warn) f->on_warn(f->user, where, message);
}

/* An extracted page: hand it over with the item's URL, title and date as fallbacks. */
static int on_page(void *user, const rp_input_doc *d)
{
    rp_fetcher *f = user;
    rp_input_doc out = *d;
    const struct item *it = f->cur;
    out.source = it->url;
    if (it->url) out.url = it->url;
    if (it->title) out.title = it->title;
    if (!out.date) out.date = it->date;
    f->new_docs++;
    return f->on_doc ? f->on_doc(f->user, &out) : 0;
}

static void iso_now(char out[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

rp_rc rp_fetch_feed(rp_fetcher *f, const char *url, size_t *new_docs)
{
    if (!f || !url) return RP_EINVAL;
    f->err.len = 0;
    f->new_docs = 0;
    cJSON *feeds = state_obj(f, "feeds"), *seen = state_obj(f, "seen");
    if (!feeds || !seen) return RP_ENOMEM;
    cJSON *fs = cJSON_GetObjectItemCaseSensitive(feeds, url);
    const char *etag = NULL, *lm = NULL;
    if (cJSON_IsObject(fs)) {
        const cJSON *e = cJSON_GetObjectItemCaseSensitive(fs, "etag"), *m = cJSON_GetObjectItemCaseSensitive(fs, "last_modified");
        etag = cJSON_IsString(e) ? e->valuestring : NULL;
        lm = cJSON_IsString(m) ? m->valuestring : NULL;
    }
    /* phase 1 */
    long status = http_get(f, url, etag, lm);
    if (status < 0) return RP_EIO;
    if (status == 304) { if (new_docs) *new_docs = 0; return RP_OK; }
    if (status != 200) { rpi_errf(&f->err, "%s: HTTP status %ld", url, status); return RP_EIO; }
    /* remember the validators of this answer */
    cJSON_DeleteItemFromObjectCaseSensitive(feeds, url);
    cJSON *nf = cJSON_AddObjectToObject(feeds, url);
    if (!nf) return RP_ENOMEM;
    if (f->etag[0]) cJSON_AddStringToObject(nf, "etag", f->etag);
    if (f->last_modified[0]) cJSON_AddStringToObject(nf, "last_modified", f->last_modified);
    /* phase 2 */
    free_items(f);
    rp_reader_set_callbacks(f->reader, on_item, on_reader_warn, f);
    rpi_buf feed = f->body; /* keep the feed: the body buffer is reused for pages */
    memset(&f->body, 0, sizeof f->body);
    rp_rc rc = rp_reader_read_buffer(f->reader, url, feed.data ? feed.data : "", feed.len, RP_INPUT_FEED);
    rpi_buf_free(&feed);
    if (rc) return rc == RP_ESTOP ? RP_ENOMEM : rc;
    /* phase 3 */
    rp_reader_set_callbacks(f->reader, on_page, on_reader_warn, f);
    for (size_t i = 0; i < f->nitems && !rc; i++) {
        struct item *it = &f->items[i];
        if (!it->url) continue;
        if (cJSON_GetObjectItemCaseSensitive(seen, it->url)) continue;
        f->cur = it;
        long st = f->opts.no_pages ? 0 : http_get(f, it->url, NULL, NULL);
        size_t before = f->new_docs;
        if (st == 200) {
            rc = rp_reader_read_buffer(f->reader, it->url, f->body.data ? f->body.data : "", f->body.len, RP_INPUT_HTML);
            if (rc == RP_ESTOP) break;
        } else if (!f->opts.no_pages) {
            if (st < 0) warnf(f, it->url, "%s; using the feed's text", rpi_buf_cstr(&f->err));
            else warnf(f, it->url, "HTTP status %ld; using the feed's text", st);
        }
        if (!rc && f->new_docs == before && it->text) { /* the summary stands in for the page */
            rp_input_doc d;
            memset(&d, 0, sizeof d);
            d.source = it->url;
            d.url = it->url;
            d.title = it->title;
            d.date = it->date;
            d.text = it->text;
            d.text_len = strlen(it->text);
            f->new_docs++;
            if (f->on_doc && f->on_doc(f->user, &d)) rc = RP_ESTOP;
        }
        char now[32];
        iso_now(now);
        if (!cJSON_AddStringToObject(seen, it->url, now)) rc = RP_ENOMEM;
        /* polite: a pause between pages of the same feed */
        if (f->opts.delay_ms > 0 && i + 1 < f->nitems) {
            struct timespec ts = {f->opts.delay_ms / 1000, (f->opts.delay_ms % 1000) * 1000000L};
            nanosleep(&ts, NULL);
        }
    }
    free_items(f);
    /* phase 4 */
    if (!rc || rc == RP_ESTOP) {
        rp_rc src = save_state(f);
        if (src && !rc) rc = src;
    }
    if (new_docs) *new_docs = f->new_docs;
    return rc;
}

rp_rc rp_fetch_page(rp_fetcher *f, const char *url)
{
    if (!f || !url) return RP_EINVAL;
    f->err.len = 0;
    long st = http_get(f, url, NULL, NULL);
    if (st < 0) return RP_EIO;
    if (st != 200) { rpi_errf(&f->err, "%s: HTTP status %ld", url, st); return RP_EIO; }
    struct item it = {(char *)url, NULL, NULL, NULL};
    f->cur = &it;
    rp_reader_set_callbacks(f->reader, on_page, on_reader_warn, f);
    return rp_reader_read_buffer(f->reader, url, f->body.data ? f->body.data : "", f->body.len, RP_INPUT_AUTO);
}

rp_fetcher *rp_fetcher_new(const char *state_path, const rp_fetch_opts *opts)
{
    static int curl_ready;
    if (!curl_ready) { /* not thread-safe: create the first fetcher before starting threads */
        if (curl_global_init(CURL_GLOBAL_DEFAULT)) return NULL;
        curl_ready = 1;
    }
    rp_fetcher *f = rpi_calloc(1, sizeof *f);
    if (!f) return NULL;
    if (opts) f->opts = *opts;
    f->curl = curl_easy_init();
    f->reader = rp_reader_new();
    if (state_path && !(f->state_path = rpi_strndup(state_path, strlen(state_path)))) { rp_fetcher_free(f); return NULL; }
    if (!f->curl || !f->reader) { rp_fetcher_free(f); return NULL; }
    return f;
}

rp_rc rp_fetcher_open(rp_fetcher *f) { return f ? load_state(f) : RP_EINVAL; }

void rp_fetcher_free(rp_fetcher *f)
{
    if (!f) return;
    if (f->curl) curl_easy_cleanup(f->curl);
    rp_reader_free(f->reader);
    cJSON_Delete(f->state);
    free_items(f);
    rpi_free(f->items);
    rpi_free(f->state_path);
    rpi_buf_free(&f->body);
    rpi_buf_free(&f->err);
    rpi_free(f);
}

void rp_fetcher_set_callbacks(rp_fetcher *f, rp_input_doc_cb on_doc, rp_input_warn_cb on_warn, void *user)
{
    f->on_doc = on_doc;
    f->on_warn = on_warn;
    f->user = user;
}

const char *rp_fetcher_errmsg(const rp_fetcher *f) { return f->err.data ? f->err.data : ""; }

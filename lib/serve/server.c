/* The HTTP server: libevent's evhttp, one thread, a read-only JSON API over the store
 * and the dashboard's static files. Phases of a request: 1. method and size limits
 * (evhttp), 2. route by path, 3. every query parameter checked against its kind
 * (actor code, date, number in range, word from a list; unknown parameters refused),
 * 4. the measure asked of the store, 5. JSON out, or a JSON error with its status. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sys/queue.h>
#include <netinet/in.h>
#include <cjson/cJSON.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "../rpi.h"
#include "rapporti/serve.h"

#define MAX_HEADERS 8192
#define MAX_BODY 1024
#define MAX_FILE (64u << 20)

typedef struct server {
    const rp_serve_opts *o;
    rp_store *store;
    struct event_base *base;
    char web[4096];          /* real path of the web folder, "" if none */
} server;

/* ---- replies ---- */

static void reply_json(struct evhttp_request *req, int code, const char *reason, cJSON *body)
{
    char *text = cJSON_PrintUnformatted(body);
    cJSON_Delete(body);
    struct evbuffer *b = evbuffer_new();
    struct evkeyvalq *h = evhttp_request_get_output_headers(req);
    evhttp_add_header(h, "Content-Type", "application/json; charset=utf-8");
    evhttp_add_header(h, "Cache-Control", "no-store");
    evhttp_add_header(h, "X-Content-Type-Options", "nosniff");
    if (text) evbuffer_add(b, text, strlen(text));
    else evbuffer_add_printf(b, "{\"error\":\"out of memory\"}");
    evhttp_send_reply(req, text ? code : 500, text ? reason : "Internal Server Error", b);
    evbuffer_free(b);
    cJSON_free(text);
}

static void reply_error(struct evhttp_request *req, int code, const char *reason, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void reply_error(struct evhttp_request *req, int code, const char *reason, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "error", msg);
    cJSON_AddNumberToObject(o, "status", code);
    reply_json(req, code, reason, o);
}

/* A table as an array of objects; numbers as numbers except in text-like columns. */
static cJSON *table_json(const rp_table *t)
{
    cJSON *a = cJSON_CreateArray();
    if (!a) return NULL;
    for (size_t r = 0; r < t->nrows; r++) {
        cJSON *o = cJSON_CreateObject();
        for (size_t c = 0; c < t->ncols; c++) {
            const char *v = rp_table_cell(t, r, c), *name = t->names[c];
            int textual = strstr(name, "code") || !strcmp(name, "period") || !strcmp(name, "date") ||
                          !strcmp(name, "partner") || !strcmp(name, "dyad") || !strcmp(name, "source") ||
                          !strcmp(name, "target") || !strcmp(name, "url") || !strcmp(name, "site") ||
                          !strcmp(name, "pattern") || !strcmp(name, "lang") || strstr(name, "text") ||
                          strstr(name, "sentence") || !strcmp(name, "evidence") || strstr(name, "country") ||
                          strstr(name, "feature_id") || strstr(name, "name") || !strcmp(name, "object") ||
                          !strcmp(name, "adm1") || !strcmp(name, "geo_adm1") || !strcmp(name, "speaker") ||
                          !strcmp(name, "unit") || strstr(name, "when_");
            char *end;
            double d = v ? strtod(v, &end) : 0;
            if (!v) cJSON_AddNullToObject(o, name);
            else if (!textual && *v && !*end) cJSON_AddNumberToObject(o, name, d);
            else cJSON_AddStringToObject(o, name, v);
        }
        cJSON_AddItemToArray(a, o);
    }
    return a;
}

/* ---- parameters ---- */

typedef enum { P_ACTOR, P_DATE, P_BY, P_INT, P_CODE, P_BOOL, P_LANG } pkind;
typedef struct pspec { const char *name; pkind kind; long min, max; } pspec;


/* Check every parameter of a query string against specs; fill q (pointing into params,
 * which the caller clears). 0 ok, -1 with a message in err. */
static int check_params(const char *query, const pspec *specs, rp_query *q, struct evkeyvalq *params,
                        const char **lang, char *err, size_t errlen)
{
    TAILQ_INIT(params);
    if (query && evhttp_parse_query_str(query, params)) {
        snprintf(err, errlen, "malformed query string");
        return -1;
    }
    struct evkeyval *kv;
    TAILQ_FOREACH(kv, params, next) {
        const pspec *s = specs;
        while (s->name && strcmp(s->name, kv->key)) s++;
        if (!s->name) { snprintf(err, errlen, "unknown parameter '%.40s'", kv->key); return -1; }
        const char *v = kv->value;
        char *end;
        long n;
        switch (s->kind) {
        case P_ACTOR:
            if (!rp_actor_code_valid(v, strlen(v))) { snprintf(err, errlen, "%s: not an actor code (e.g. RUS, RUSGOV)", s->name); return -1; }
            if (!strcmp(s->name, "source")) q->source = v; else q->target = v;
            break;
        case P_DATE:
            if (!rp_parse_date(v)) { snprintf(err, errlen, "%s: not a date YYYY-MM-DD", s->name); return -1; }
            if (!strcmp(s->name, "from")) q->from = v; else if (!strcmp(s->name, "to")) q->to = v; else q->split = v;
            break;
        case P_BY:
            if (strcmp(v, "day") && strcmp(v, "week") && strcmp(v, "month")) {
                snprintf(err, errlen, "by: day, week or month");
                return -1;
            }
            q->by = v;
            break;
        case P_INT:
            errno = 0;
            n = strtol(v, &end, 10);
            if (!*v || *end || errno || n < s->min || n > s->max) {
                snprintf(err, errlen, "%s: a whole number from %ld to %ld", s->name, s->min, s->max);
                return -1;
            }
            if (!strcmp(s->name, "limit")) q->limit = (int)n;
            else if (!strcmp(s->name, "offset")) q->offset = (int)n;
            else if (!strcmp(s->name, "root")) q->root = (int)n;
            else if (!strcmp(s->name, "quad")) q->quad_class = (int)n;
            else if (!strcmp(s->name, "min_events")) q->min_events = (int)n;
            break;
        case P_CODE:
            n = (long)strlen(v);
            if (n < 1 || n > 4 || strspn(v, "0123456789") != (size_t)n) {
                snprintf(err, errlen, "code: a CAMEO code (digits)");
                return -1;
            }
            q->code = v;
            break;
        case P_BOOL:
            if (strcmp(v, "0") && strcmp(v, "1") && strcmp(v, "true") && strcmp(v, "false")) {
                snprintf(err, errlen, "%s: true or false", s->name);
                return -1;
            }
            q->directed = !strcmp(v, "1") || !strcmp(v, "true");
            break;
        case P_LANG:
            if (strcmp(v, "it") && strcmp(v, "en")) { snprintf(err, errlen, "lang: it or en"); return -1; }
            if (lang) *lang = v;
            break;
        }
    }
    return 0;
}

/* The same for a request: on a bad parameter, answer 400 with the message. */
static int read_params(struct evhttp_request *req, const pspec *specs, rp_query *q, struct evkeyvalq *params,
                       const char **lang)
{
    char err[256];
    const char *query = evhttp_uri_get_query(evhttp_request_get_evhttp_uri(req));
    if (check_params(query, specs, q, params, lang, err, sizeof err)) {
        reply_error(req, 400, "Bad Request", "%s", err);
        return -1;
    }
    return 0;
}

static const pspec DYAD[] = {{"source", P_ACTOR, 0, 0}, {"target", P_ACTOR, 0, 0}, {"from", P_DATE, 0, 0},
                             {"to", P_DATE, 0, 0}, {"by", P_BY, 0, 0}, {"directed", P_BOOL, 0, 0}, {NULL, 0, 0, 0}};
static const pspec EVENTS[] = {{"source", P_ACTOR, 0, 0}, {"target", P_ACTOR, 0, 0}, {"from", P_DATE, 0, 0},
                               {"to", P_DATE, 0, 0}, {"root", P_INT, 0, 20}, {"quad", P_INT, 0, 4},
                               {"code", P_CODE, 0, 0}, {"limit", P_INT, 1, 1000}, {"offset", P_INT, 0, 100000000},
                               {"lang", P_LANG, 0, 0}, {NULL, 0, 0, 0}};
static const pspec TRENDING[] = {{"from", P_DATE, 0, 0}, {"to", P_DATE, 0, 0}, {"split", P_DATE, 0, 0},
                                 {"min_events", P_INT, 1, 100000}, {"limit", P_INT, 1, 1000}, {NULL, 0, 0, 0}};
static const pspec TOP[] = {{"from", P_DATE, 0, 0}, {"to", P_DATE, 0, 0}, {"limit", P_INT, 1, 1000}, {NULL, 0, 0, 0}};
static const pspec ACTOR[] = {{"from", P_DATE, 0, 0}, {"to", P_DATE, 0, 0}, {"by", P_BY, 0, 0},
                              {"limit", P_INT, 1, 1000}, {NULL, 0, 0, 0}};
static const pspec EVENT[] = {{"source", P_ACTOR, 0, 0}, {"target", P_ACTOR, 0, 0}, {"from", P_DATE, 0, 0},
                              {"code", P_CODE, 0, 0}, {NULL, 0, 0, 0}};
static const pspec NONE[] = {{NULL, 0, 0, 0}};

/* For tests and fuzzing: check QUERY as the parameters of API endpoint NAME ("dyad",
 * "events", "trending", "top", "actors", "event"). 0 ok, -1 with a message in err. */
int rpi_serve_check_query(const char *name, const char *query, char *err, size_t errlen)
{
    static const struct { const char *name; const pspec *specs; } eps[] = {
        {"dyad", DYAD}, {"events", EVENTS}, {"trending", TRENDING}, {"top", TOP}, {"actors", ACTOR}, {"event", EVENT},
        {"places", EVENTS}};
    const pspec *specs = NONE;
    for (size_t i = 0; i < sizeof eps / sizeof *eps; i++)
        if (!strcmp(name, eps[i].name)) specs = eps[i].specs;
    struct evkeyvalq params;
    rp_query q = {0};
    const char *lang = NULL;
    int rc = check_params(query, specs, &q, &params, &lang, err, errlen);
    evhttp_clear_headers(&params);
    return rc;
}

/* ---- API ---- */

static void store_failed(server *sv, struct evhttp_request *req, rp_rc rc)
{
    if (rc == RP_EINVAL) reply_error(req, 400, "Bad Request", "%s", rp_store_errmsg(sv->store));
    else reply_error(req, 500, "Internal Server Error", "the store failed: %s", rp_store_errmsg(sv->store));
}

static void api(server *sv, struct evhttp_request *req, const char *path)
{
    struct evkeyvalq params;
    rp_query q = {0};
    rp_table t = {0}, t2 = {0}, t3 = {0};
    rp_rc rc;
    const char *lang = "en";
    cJSON *out = NULL;
    if (!strcmp(path, "/api/dyad")) {
        if (read_params(req, DYAD, &q, &params, NULL)) goto done;
        if (!q.source || !q.target) { reply_error(req, 400, "Bad Request", "dyad needs source and target"); goto done; }
        if ((rc = rp_store_dyad(sv->store, &q, &t))) { store_failed(sv, req, rc); goto done; }
        out = cJSON_CreateObject();
        cJSON_AddStringToObject(out, "source", q.source);
        cJSON_AddStringToObject(out, "target", q.target);
        cJSON_AddStringToObject(out, "by", q.by ? q.by : "month");
        cJSON_AddBoolToObject(out, "directed", q.directed);
        cJSON_AddItemToObject(out, "periods", table_json(&t));
    } else if (!strcmp(path, "/api/events")) {
        if (read_params(req, EVENTS, &q, &params, &lang)) goto done;
        if (!q.limit) q.limit = 50;
        if ((rc = rp_store_events(sv->store, &q, &t))) { store_failed(sv, req, rc); goto done; }
        out = cJSON_CreateObject();
        cJSON_AddNumberToObject(out, "limit", q.limit);
        cJSON_AddNumberToObject(out, "offset", q.offset);
        cJSON *ev = table_json(&t);
        /* names of the codes in the interface's language */
        if (sv->o->dict && ev) {
            cJSON *it;
            cJSON_ArrayForEach(it, ev) {
                const cJSON *code = cJSON_GetObjectItemCaseSensitive(it, "code");
                const char *name = cJSON_IsString(code) ? rp_cameo_name(sv->o->dict, code->valuestring, lang) : NULL;
                if (name) cJSON_AddStringToObject(it, "code_name", name);
            }
        }
        cJSON_AddItemToObject(out, "events", ev);
    } else if (!strcmp(path, "/api/places")) {
        /* what happened where: events by the place they happened */
        if (read_params(req, EVENTS, &q, &params, NULL)) goto done;
        if ((rc = rp_store_places(sv->store, &q, &t))) { store_failed(sv, req, rc); goto done; }
        out = cJSON_CreateObject();
        cJSON_AddItemToObject(out, "places", table_json(&t));
    } else if (!strcmp(path, "/api/trending")) {
        if (read_params(req, TRENDING, &q, &params, NULL)) goto done;
        if ((rc = rp_store_trending(sv->store, &q, &t))) { store_failed(sv, req, rc); goto done; }
        out = cJSON_CreateObject();
        cJSON_AddItemToObject(out, "dyads", table_json(&t));
    } else if (!strcmp(path, "/api/top")) {
        if (read_params(req, TOP, &q, &params, NULL)) goto done;
        if ((rc = rp_store_top_dyads(sv->store, &q, &t))) { store_failed(sv, req, rc); goto done; }
        out = cJSON_CreateObject();
        cJSON_AddItemToObject(out, "dyads", table_json(&t));
    } else if (!strncmp(path, "/api/actors/", 12)) {
        const char *actor = path + 12;
        if (!rp_actor_code_valid(actor, strlen(actor))) { reply_error(req, 400, "Bad Request", "not an actor code (e.g. RUS, RUSGOV)"); TAILQ_INIT(&params); goto done; }
        if (read_params(req, ACTOR, &q, &params, NULL)) goto done;
        q.source = actor;
        if ((rc = rp_store_actor(sv->store, &q, &t, &t2, &t3))) { store_failed(sv, req, rc); goto done; }
        out = cJSON_CreateObject();
        cJSON_AddStringToObject(out, "actor", actor);
        cJSON_AddItemToObject(out, "partners", table_json(&t));
        cJSON_AddItemToObject(out, "codes", table_json(&t2));
        cJSON_AddItemToObject(out, "trend", table_json(&t3));
    } else if (!strcmp(path, "/api/event")) {
        /* one grouped event: its mentions with their sentences and documents */
        if (read_params(req, EVENT, &q, &params, NULL)) goto done;
        if (!q.source || !q.target || !q.from || !q.code) {
            reply_error(req, 400, "Bad Request", "event needs source, target, from (its date) and code");
            goto done;
        }
        q.to = q.from;
        q.exact = 1;
        q.limit = 1000;
        if ((rc = rp_store_mentions(sv->store, &q, &t))) { store_failed(sv, req, rc); goto done; }
        out = cJSON_CreateObject();
        cJSON_AddItemToObject(out, "mentions", table_json(&t));
    } else if (!strncmp(path, "/api/documents/", 15)) {
        char *end;
        long long id = strtoll(path + 15, &end, 10);
        TAILQ_INIT(&params);
        if (!path[15] || *end || id <= 0) { reply_error(req, 400, "Bad Request", "a document id is a positive number"); goto done; }
        if (read_params(req, NONE, &q, &params, NULL)) goto done;
        if ((rc = rp_store_document(sv->store, id, &t, &t2))) { store_failed(sv, req, rc); goto done; }
        if (!t.nrows) { reply_error(req, 404, "Not Found", "no document %lld", id); goto done; }
        out = table_json(&t);
        cJSON *doc = cJSON_DetachItemFromArray(out, 0);
        cJSON_Delete(out);
        out = doc;
        cJSON_AddItemToObject(out, "events", table_json(&t2));
        /* its context: tone, places, quotes, amounts, dates (context.h) */
        rp_table ct[5];
        if ((rc = rp_store_document_context(sv->store, id, &ct[0], &ct[1], &ct[2], &ct[3], &ct[4]))) {
            store_failed(sv, req, rc);
            goto done;
        }
        cJSON *tone = table_json(&ct[0]);
        cJSON *t0 = tone ? cJSON_DetachItemFromArray(tone, 0) : NULL;
        cJSON_Delete(tone);
        if (t0) cJSON_AddItemToObject(out, "tone", t0);
        else cJSON_AddNullToObject(out, "tone");
        static const char *const keys[] = {"places", "quotes", "amounts", "dates"};
        for (int k = 0; k < 4; k++) cJSON_AddItemToObject(out, keys[k], table_json(&ct[k + 1]));
        for (int k = 0; k < 5; k++) rp_table_free(&ct[k]);
    } else if (!strcmp(path, "/api/dict")) {
        if (read_params(req, NONE, &q, &params, NULL)) goto done;
        out = cJSON_CreateObject();
        if (sv->o->dict) {
            rp_dict_stats st;
            rp_dict_stats_get(sv->o->dict, &st);
            cJSON_AddNumberToObject(out, "languages", (double)st.languages);
            cJSON_AddNumberToObject(out, "actor_names", (double)st.actor_names);
            cJSON_AddNumberToObject(out, "agent_names", (double)st.agent_names);
            cJSON_AddNumberToObject(out, "patterns", (double)st.patterns);
            cJSON_AddNumberToObject(out, "cameo_codes", (double)st.cameo_codes);
        }
        int64_t nd = 0, ne = 0;
        rp_store_counts(sv->store, &nd, &ne);
        cJSON_AddNumberToObject(out, "documents", (double)nd);
        cJSON_AddNumberToObject(out, "events", (double)ne);
        cJSON_AddStringToObject(out, "store", rp_store_backend(sv->store));
    } else {
        TAILQ_INIT(&params);
        reply_error(req, 404, "Not Found", "no such API: %.60s", path);
        goto done;
    }
    if (!out) reply_error(req, 500, "Internal Server Error", "out of memory");
    else reply_json(req, 200, "OK", out);
done:
    evhttp_clear_headers(&params);
    rp_table_free(&t);
    rp_table_free(&t2);
    rp_table_free(&t3);
}

/* ---- static files ---- */

static const char *mime(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot) return "application/octet-stream";
    if (!strcmp(dot, ".html")) return "text/html; charset=utf-8";
    if (!strcmp(dot, ".js") || !strcmp(dot, ".mjs")) return "text/javascript; charset=utf-8";
    if (!strcmp(dot, ".css")) return "text/css; charset=utf-8";
    if (!strcmp(dot, ".json")) return "application/json; charset=utf-8";
    if (!strcmp(dot, ".svg")) return "image/svg+xml";
    if (!strcmp(dot, ".png")) return "image/png";
    return "application/octet-stream";
}

static void static_file(server *sv, struct evhttp_request *req, const char *path)
{
    if (!sv->web[0]) { reply_error(req, 404, "Not Found", "no dashboard files configured"); return; }
    /* the decoded path: no "..", no NUL, no backslashes; then the real path must stay in the web folder */
    size_t plen = 0;
    char *dec = evhttp_uridecode(path, 0, &plen);
    if (!dec) { reply_error(req, 400, "Bad Request", "bad path"); return; }
    if (strlen(dec) != plen || strstr(dec, "..") || strchr(dec, '\\') || dec[0] != '/') {
        free(dec);
        reply_error(req, 400, "Bad Request", "bad path");
        return;
    }
    char want[8192], real[4096];
    snprintf(want, sizeof want, "%s%s%s", sv->web, dec, !strcmp(dec, "/") ? "index.html" : "");
    free(dec);
    if (!realpath(want, real)) { reply_error(req, 404, "Not Found", "no such file"); return; }
    size_t wl = strlen(sv->web);
    if (strncmp(real, sv->web, wl) || (real[wl] != '/' && real[wl] != '\0')) {
        reply_error(req, 404, "Not Found", "no such file");
        return;
    }
    int fd = open(real, O_RDONLY);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) || !S_ISREG(sb.st_mode) || sb.st_size > (off_t)MAX_FILE) {
        if (fd >= 0) close(fd);
        reply_error(req, 404, "Not Found", "no such file");
        return;
    }
    struct evbuffer *b = evbuffer_new();
    evbuffer_add_file(b, fd, 0, sb.st_size); /* takes the descriptor */
    struct evkeyvalq *h = evhttp_request_get_output_headers(req);
    evhttp_add_header(h, "Content-Type", mime(real));
    evhttp_add_header(h, "X-Content-Type-Options", "nosniff");
    evhttp_add_header(h, "Cache-Control", strstr(real, "/node_modules/") ? "max-age=86400" : "no-cache");
    evhttp_send_reply(req, 200, "OK", b);
    evbuffer_free(b);
}

static void on_request(struct evhttp_request *req, void *arg)
{
    server *sv = arg;
    const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(req);
    const char *path = uri ? evhttp_uri_get_path(uri) : NULL;
    if (!path || !*path) path = "/";
    enum evhttp_cmd_type m = evhttp_request_get_command(req);
    if (m != EVHTTP_REQ_GET && m != EVHTTP_REQ_HEAD) {
        evhttp_add_header(evhttp_request_get_output_headers(req), "Allow", "GET, HEAD");
        reply_error(req, 405, "Method Not Allowed", "read-only: GET and HEAD only");
        return;
    }
    if (strlen(path) > 1024) { reply_error(req, 414, "URI Too Long", "path too long"); return; }
    if (!strncmp(path, "/api/", 5)) api(sv, req, path);
    else static_file(sv, req, path);
}

static void check_stop(evutil_socket_t fd, short what, void *arg)
{
    (void)fd; (void)what;
    server *sv = arg;
    if (sv->o->stop && *sv->o->stop) event_base_loopbreak(sv->base);
}

rp_rc rp_serve(const rp_serve_opts *o, char *err, size_t errlen)
{
    server sv = {o, NULL, NULL, ""};
    sv.store = rp_store_open(o->db, err, errlen);
    if (!sv.store) return RP_EIO;
    if (o->web_dir && !realpath(o->web_dir, sv.web)) {
        snprintf(err, errlen, "%s: no such folder for the dashboard", o->web_dir);
        rp_store_close(sv.store);
        return RP_EIO;
    }
    sv.base = event_base_new();
    struct evhttp *http = sv.base ? evhttp_new(sv.base) : NULL;
    if (!http) { snprintf(err, errlen, "cannot start libevent"); rp_store_close(sv.store); if (sv.base) event_base_free(sv.base); return RP_ENOMEM; }
    /* other methods reach on_request, which answers 405 in JSON */
    evhttp_set_allowed_methods(http, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD | EVHTTP_REQ_POST | EVHTTP_REQ_PUT |
                                         EVHTTP_REQ_DELETE | EVHTTP_REQ_OPTIONS | EVHTTP_REQ_PATCH);
    evhttp_set_max_headers_size(http, MAX_HEADERS);
    evhttp_set_max_body_size(http, MAX_BODY);
    evhttp_set_timeout(http, o->timeout_s > 0 ? o->timeout_s : 10);
    evhttp_set_gencb(http, on_request, &sv);
    const char *host = o->host && *o->host ? o->host : "127.0.0.1";
    struct evhttp_bound_socket *sock = evhttp_bind_socket_with_handle(http, host, (ev_uint16_t)(o->port >= 0 ? o->port : 8080));
    if (!sock) {
        snprintf(err, errlen, "cannot listen on %s:%d: %s", host, o->port, strerror(errno));
        evhttp_free(http);
        event_base_free(sv.base);
        rp_store_close(sv.store);
        return RP_EIO;
    }
    /* the port actually bound (0 asks the system for one) */
    int port = o->port;
    evutil_socket_t fd = evhttp_bound_socket_get_fd(sock);
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    if (!getsockname(fd, (struct sockaddr *)&ss, &sl)) {
        if (ss.ss_family == AF_INET) port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
        else if (ss.ss_family == AF_INET6) port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
    }
    struct event *tick = event_new(sv.base, -1, EV_PERSIST, check_stop, &sv);
    struct timeval tv = {0, 200000};
    event_add(tick, &tv);
    if (o->on_ready) o->on_ready(o->user, host, port);
    event_base_dispatch(sv.base);
    event_free(tick);
    evhttp_free(http);
    event_base_free(sv.base);
    rp_store_close(sv.store);
    return RP_OK;
}

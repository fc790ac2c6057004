/* rapporti code and rapporti explain: documents in, events (or the coder's reasoning)
 * out. */
#define _GNU_SOURCE /* fopencookie: a worker's output streams write into the item it codes */
#include <getopt.h>
#include <limits.h>
#include <math.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "cli.h"

typedef struct code_opts {
    const char *lang;      /* --lang */
    const char *date;      /* --date */
    const char *dict;      /* --dict */
    const char *format;    /* --format jsonl|tsv */
    int lenient;           /* --lenient */
    int jsonl;             /* --jsonl */
    int dedup;             /* --dedup */
    int threads;           /* --threads */
    int context;           /* --with context */
} code_opts;

typedef struct run {
    const rp_dict *dict;   /* for the names of codes */
    int tsv;               /* print TSV */
    size_t warnings;       /* problems reported */
    FILE *out, *err;       /* where events and warnings go (stdout, stderr, or a batch item's buffers) */
    const rp_pipeline *pipe; /* with --with context: whose context to print */
    char *line;            /* an event's JSON line (cJSON_PrintPreallocated), kept for the next */
    size_t line_cap;       /* bytes allocated in line */
    char *sent;            /* an event's sentence with its NUL, kept for the next */
    size_t sent_cap;       /* bytes allocated in sent */
} run;

static void run_free(run *r)
{
    free(r->line);
    free(r->sent);
}

/* Make *buf hold at least n bytes (doubling); 0, or -1 when out of memory. */
static int reserve(char **buf, size_t *cap, size_t n)
{
    if (n <= *cap) return 0;
    size_t c = *cap ? *cap : 256;
    while (c < n) c *= 2;
    char *b = realloc(*buf, c);
    if (!b) return -1;
    *buf = b;
    *cap = c;
    return 0;
}

static void code_usage(FILE *f, const char *cmd)
{
    fprintf(f,
            "Usage: rapporti %s [OPTIONS] FILE...|-\n"
            "%s\n"
            "Input: plain-text files (one document each, first line the title) or JSONL\n"
            "(.jsonl/.ndjson or --jsonl; one {\"id\",\"text\",\"date\",\"url\",\"lang\"} per line); - is stdin.\n"
            "\n"
            "  -l, --lang it|en|auto   language of the documents (default: auto, detected per document)\n"
            "  -d, --date YYYY-MM-DD   date of documents that carry none (default: today); leaders are\n"
            "                          coded by the office they held on that date\n"
            "%s"
            "      --jsonl             read every input as JSONL\n"
            "%s"
            "  -j, --threads N         code with N threads (default 1); the output keeps the input's order\n"
            "      --dedup             skip documents seen before in this run (same URL, same or nearly\n"
            "                          the same text: syndicated stories), naming each on stderr\n"
            "      --lenient           replace invalid UTF-8 by U+FFFD (with a warning) instead of\n"
            "                          skipping the document\n"
            "      --dict DIR          dictionary folder (default: $RAPPORTI_DICTS or the built-in one),\n"
        "                          or tabari:PROJECT, petrarch:FILE,... or petrarch:DIR (English)\n"
            "  -h, --help              this help\n"
            "Exit status: 0 ok, 1 some input skipped, 2 usage, 3 dictionary error, 4 failure.\n",
            cmd,
            !strcmp(cmd, "code") ? "Code news documents into CAMEO events and print them."
                                 : "Show, sentence by sentence, the actors and patterns found and why a sentence gave\n"
                                   "no event.",
            !strcmp(cmd, "code") ? "  -f, --format jsonl|tsv  output format (default: jsonl)\n" : "",
            !strcmp(cmd, "code") ? "  -w, --with context      add where and when to each event (GDELT's geo fields, the\n"
                                   "                          date it happened or is planned for) and, in JSONL, one\n"
                                   "                          {\"type\":\"document\"} line per document: tone, places,\n"
                                   "                          quotes, amounts, dates (docs/context.md)\n" : "");
}

static int parse_opts(int argc, char **argv, const char *cmd, code_opts *o)
{
    static const struct option longs[] = {
        {"lang", required_argument, 0, 'l'}, {"date", required_argument, 0, 'd'},
        {"format", required_argument, 0, 'f'}, {"dict", required_argument, 0, 'D'},
        {"lenient", no_argument, 0, 'L'}, {"jsonl", no_argument, 0, 'J'}, {"dedup", no_argument, 0, 'U'},
        {"threads", required_argument, 0, 'T'}, {"with", required_argument, 0, 'w'},
        {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    memset(o, 0, sizeof *o);
    o->format = "jsonl";
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "l:d:f:j:w:h", longs, NULL)) != -1) {
        if (c == 'j') c = 'T';
        switch (c) {
        case 'l': o->lang = optarg; break;
        case 'd': o->date = optarg; break;
        case 'f': o->format = optarg; break;
        case 'D': o->dict = optarg; break;
        case 'L': o->lenient = 1; break;
        case 'J': o->jsonl = 1; break;
        case 'U': o->dedup = 1; break;
        case 'w':
            if (strcmp(optarg, "context") || strcmp(cmd, "code")) {
                fprintf(stderr, "rapporti %s: bad --with '%s' (context, for rapporti code)\n", cmd, optarg);
                return EXIT_USAGE;
            }
            o->context = 1;
            break;
        case 'T': {
            char *e;
            long t = strtol(optarg, &e, 10);
            if (*e || t < 1 || t > 256) { fprintf(stderr, "rapporti %s: bad --threads '%s' (1 to 256)\n", cmd, optarg); return EXIT_USAGE; }
            o->threads = (int)t;
            break;
        }
        case 'h': code_usage(stdout, cmd); return -1;
        default: code_usage(stderr, cmd); return EXIT_USAGE;
        }
    }
    if (o->date && !rp_parse_date(o->date)) {
        fprintf(stderr, "rapporti %s: bad --date '%s' (want YYYY-MM-DD)\n", cmd, o->date);
        return EXIT_USAGE;
    }
    if (strcmp(o->format, "jsonl") && strcmp(o->format, "tsv")) {
        fprintf(stderr, "rapporti %s: bad --format '%s' (jsonl or tsv)\n", cmd, o->format);
        return EXIT_USAGE;
    }
    if (o->lang && strcmp(o->lang, "auto") && strcmp(o->lang, "it") && strcmp(o->lang, "en")) {
        fprintf(stderr, "rapporti %s: bad --lang '%s' (it, en or auto)\n", cmd, o->lang);
        return EXIT_USAGE;
    }
    if (optind >= argc) {
        fprintf(stderr, "rapporti %s: no input (give files, or - for standard input)\n", cmd);
        return EXIT_USAGE;
    }
    return 0;
}

static void on_warn(void *user, const char *where, const char *message)
{
    run *r = user;
    r->warnings++;
    fprintf(r->err ? r->err : stderr, "rapporti: %s: %s\n", where, message);
}

/* A number as cJSON prints it ("%d" for whole numbers, else the shorter of "%1.15g" and
 * "%1.17g" that reads back the same), written in b, for cJSON as raw text: cJSON checks
 * each number with sscanf, which was a fifth of `rapporti code`'s time. NULL for NaN and
 * infinities, which cJSON prints as null. */
static const char *num_text(double v, char b[32])
{
    if (isnan(v) || isinf(v)) return NULL;
    if (v >= -2147483648.0 && v <= 2147483647.0 && v == (double)(int)v) {
        unsigned u = v < 0 ? 0u - (unsigned)(int)v : (unsigned)(int)v;
        char *e = b + 32, *q = e;
        *--q = '\0';
        do *--q = (char)('0' + u % 10); while (u /= 10);
        if (v < 0) *--q = '-';
        return q;
    }
    snprintf(b, 32, "%1.15g", v);
    if (strtod(b, NULL) != v) snprintf(b, 32, "%1.17g", v);
    return b;
}

/* A raw member whose text cJSON refers to (it must outlive the print): no copy, where
 * cJSON_CreateRaw copies. null when text is NULL. */
static cJSON *raw_ref(const char *text)
{
    cJSON *n = cJSON_CreateNull();
    if (n && text) {
        n->type = cJSON_Raw | cJSON_IsReference; /* cJSON_Delete leaves a reference's text alone */
        n->valuestring = (char *)text;
    }
    return n;
}

/* A span [start, end] as the raw text cJSON prints for an array of its two numbers:
 * one node where the array took three nodes and two copies. */
static const char *span_text(const uint32_t s[2], char b[72])
{
    char n0[32], n1[32];
    snprintf(b, 72, "[%s,%s]", num_text(s[0], n0), num_text(s[1], n1));
    return b;
}

/* A string member whose key and value cJSON refers to instead of copying them (a
 * copy of each was two of an event's three allocations a member, costlier in threads:
 * glibc locks an arena and its fast bins only in a process with threads); both must
 * outlive the print. A NULL value leaves the member out, as cJSON_AddStringToObject does. */
static void add_str(cJSON *o, const char *key, const char *v)
{
    if (v) cJSON_AddItemToObjectCS(o, key, cJSON_CreateStringReference(v));
}

static int on_event(void *user, const rp_doc *doc, const rp_event *ev)
{
    run *r = user;
    const rp_sentence *s = rp_doc_sentence(doc, ev->sentence);
    const char *text = rp_doc_text(doc) + s->start;
    int tlen = (int)(s->end - s->start);
    FILE *out = r->out ? r->out : stdout;
    if (r->tsv) {
        fprintf(out, "%s\t%zu\t%s\t%s\t%s\t%s\t%s\t%s\t%02d\t%d\t%g\t%d\t%s\t", rp_doc_id(doc), ev->sentence,
               rp_doc_date(doc), ev->source, ev->source_country, ev->target, ev->target_country, ev->code, ev->root,
               ev->quad_class, ev->goldstein, ev->negated, ev->pattern);
        if (r->pipe) {
            const rp_context *ctx = rp_pipeline_context(r->pipe);
            const rp_place *pl = rp_context_event_place(ctx, ev);
            const rp_when *w = rp_context_event_date(ctx, ev);
            char f[11] = "", t[11] = "";
            if (w) { rp_date_format(w->from, f); rp_date_format(w->to, t); }
            if (pl && pl->has_coords)
                fprintf(out, "%d\t%s\t%s\t%s\t%.4f\t%.4f\t%s\t", pl->type, pl->full_name, pl->country_fips, pl->adm1,
                        pl->lat, pl->lon, pl->feature_id);
            else if (pl)
                fprintf(out, "%d\t%s\t%s\t%s\t\t\t%s\t", pl->type, pl->full_name, pl->country_fips, pl->adm1, pl->feature_id);
            else fputs("\t\t\t\t\t\t\t", out);
            fprintf(out, "%s\t%s\t", f, t);
        }
        for (int i = 0; i < tlen; i++) {
            char ch = text[i];
            fputc(ch == '\t' || ch == '\n' || ch == '\r' ? ' ' : ch, out);
        }
        fputc('\n', out);
        return 0;
    }
    cJSON *o = cJSON_CreateObject();
    if (!o) return 1;
    add_str(o, "doc", rp_doc_id(doc));
    add_str(o, "date", rp_doc_date(doc));
    add_str(o, "lang", rp_doc_lang(doc));
    char nums[3][32], spans[3][72]; /* the numbers' text, referred to until the print */
    cJSON_AddItemToObjectCS(o, "sentence", raw_ref(num_text((double)ev->sentence, nums[0])));
    add_str(o, "source", ev->source);
    cJSON_AddItemToObjectCS(o, "source_country", ev->source_country[0] ? cJSON_CreateStringReference(ev->source_country)
                                                                      : cJSON_CreateNull());
    add_str(o, "target", ev->target);
    cJSON_AddItemToObjectCS(o, "target_country", ev->target_country[0] ? cJSON_CreateStringReference(ev->target_country)
                                                                      : cJSON_CreateNull());
    add_str(o, "code", ev->code);
    int foreign = r->dict && rp_dict_lang_foreign(r->dict, rp_doc_lang(doc)); /* TABARI/PETRARCH codes */
    const char *cname = r->dict && !foreign ? rp_cameo_name(r->dict, ev->code, rp_doc_lang(doc)) : NULL;
    add_str(o, "code_name", cname);
    char root[4];
    snprintf(root, sizeof root, "%02d", ev->root);
    add_str(o, "root", root);
    cJSON_AddItemToObjectCS(o, "quad_class", raw_ref(num_text(ev->quad_class, nums[1])));
    cJSON_AddItemToObjectCS(o, "goldstein", raw_ref(num_text(ev->goldstein, nums[2])));
    cJSON_AddItemToObjectCS(o, "negated", cJSON_CreateBool(ev->negated));
    add_str(o, "pattern", ev->pattern);
    const char *sent = NULL;
    if (!reserve(&r->sent, &r->sent_cap, (size_t)tlen + 1)) {
        memcpy(r->sent, text, (size_t)tlen);
        r->sent[tlen] = '\0';
        sent = r->sent;
    }
    add_str(o, "text", sent);
    cJSON_AddItemToObjectCS(o, "source_span", raw_ref(span_text(ev->source_span, spans[0])));
    cJSON_AddItemToObjectCS(o, "verb_span", raw_ref(span_text(ev->verb_span, spans[1])));
    cJSON_AddItemToObjectCS(o, "target_span", raw_ref(span_text(ev->target_span, spans[2])));
    if (r->pipe) {
        const rp_context *ctx = rp_pipeline_context(r->pipe);
        const rp_place *pl = rp_context_event_place(ctx, ev);
        const rp_when *w = rp_context_event_date(ctx, ev);
        cJSON_AddItemToObjectCS(o, "place", pl ? cli_place_json(doc, pl) : cJSON_CreateNull());
        cJSON_AddItemToObjectCS(o, "when", w ? cli_when_json(doc, w) : cJSON_CreateNull());
    }
    /* printed into the run's buffer (cJSON asks for 5 bytes to spare), grown until it fits */
    int ok = 0;
    if (!reserve(&r->line, &r->line_cap, 1024))
        while (!(ok = cJSON_PrintPreallocated(o, r->line, (int)r->line_cap - 5, 0)) && r->line_cap < INT_MAX / 2 &&
               !reserve(&r->line, &r->line_cap, r->line_cap * 2)) {}
    cJSON_Delete(o);
    if (!ok) return 1;
    fputs(r->line, out);
    fputc('\n', out);
    return 0;
}

/* --with context: the document's record after its events (JSONL only). */
static int on_doc_done(void *user, const rp_input_doc *in, const rp_doc *doc)
{
    (void)in;
    run *r = user;
    if (r->tsv || !r->pipe) return 0;
    cJSON *o = cli_context_json(doc, rp_pipeline_context(r->pipe));
    char *line = o ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    if (!line) return 1;
    FILE *out = r->out ? r->out : stdout;
    fputs(line, out);
    fputc('\n', out);
    cJSON_free(line);
    return 0;
}

static const char TSV_HEAD[] = "doc\tsentence\tdate\tsource\tsource_country\ttarget\ttarget_country\tcode\troot\t"
                               "quad_class\tgoldstein\tnegated\tpattern\t";
static const char TSV_CONTEXT[] = "geo_type\tgeo_fullname\tgeo_country\tgeo_adm1\tgeo_lat\tgeo_long\tgeo_feature_id\t"
                                  "when_from\twhen_to\t";

static void tsv_header(const code_opts *o)
{
    printf("%s%stext\n", TSV_HEAD, o->context ? TSV_CONTEXT : "");
}


/* ---- --threads: documents read in order, coded in parallel, printed in order ----
 * 1. The main thread reads documents in input order (the reader: folders, JSONL, HTML,
 *    WARC, feeds) into a ring of QUEUE_DOCS items; a message of the reader, or a
 *    duplicate, becomes an item of its own, so it keeps its place.
 * 2. N workers, each with its own pipeline over the shared read-only dictionaries, take
 *    the oldest item not yet taken and code it into the item's own buffers.
 * 3. The main thread prints the items at the front of the ring as soon as they are done,
 *    in input order, and fills their places with the next documents.
 * No batch waits for its slowest document: a worker is idle only when the ring has
 * nothing left to code. */

#define QUEUE_DOCS 1024
#define REFILL_DOCS 256             /* a full ring waits for this many printed before reading on */
#define KEEP_BYTES (1u << 20)       /* an item's buffers larger than this are freed once printed */

/* A growable byte buffer kept from one use of an item to the next. */
typedef struct textbuf {
    char *data;
    size_t len, cap;                /* bytes used, allocated */
} textbuf;

static int textbuf_reserve(textbuf *t, size_t n)
{
    if (t->len + n <= t->cap) return 0;
    size_t c = t->cap ? t->cap : 4096;
    while (c < t->len + n) c *= 2;
    char *d = realloc(t->data, c);
    if (!d) return -1;
    t->data = d;
    t->cap = c;
    return 0;
}

/* Empty t, giving its memory back when it grew large. */
static void textbuf_clear(textbuf *t)
{
    t->len = 0;
    if (t->cap > KEEP_BYTES) {
        free(t->data);
        t->data = NULL;
        t->cap = 0;
    }
}

typedef struct item {
    int note;                       /* a message of the reader or a duplicate: nothing to code */
    int done;                       /* coded (under the pool's lock) */
    rp_input_doc d;                 /* the document; its strings point into store */
    textbuf store;                  /* the document's strings, each with its NUL, one after another */
    textbuf out, err;               /* what coding wrote to stdout and stderr, or the note */
} item;

typedef struct pool {
    pthread_mutex_t lock;           /* guards head, taken, tail, closing, failed and items' done */
    pthread_cond_t more;            /* to the workers: an item was added, or the end came */
    pthread_cond_t front_done;      /* to the main thread: the item at wake_at is done */
    item *ring;                     /* QUEUE_DOCS items: the input's k-th at ring[k % QUEUE_DOCS] */
    size_t head;                    /* items printed */
    size_t taken;                   /* items taken by workers (head <= taken <= tail) */
    size_t tail;                    /* items added */
    size_t wake_at;                 /* the item whose end wakes the main thread (SIZE_MAX: none) */
    int closing;                    /* no more items: workers return */
    int failed;                     /* a worker ran out of memory */
    int nthreads;
    int started;                    /* workers running */
    size_t warnings;                /* messages of the reader (workers count theirs) */
    rp_dedup *dedup;
    size_t seen, duplicates;
    pthread_t th[256];
    struct worker *ws;
} pool;

/* A worker keeps its pipeline (stemmer caches, buffers) for the whole run: made anew for
 * each batch, its memory went back to the kernel and came again as page faults. */
typedef struct worker {
    pool *pl;
    rp_pipeline *p;
    run r;                          /* r.out, r.err: streams into out_to and err_to */
    textbuf *out_to, *err_to;       /* the buffers of the item being coded */
} worker;

/* fopencookie's write: append to the buffer the cookie points to. */
static ssize_t sink_write(void *cookie, const char *b, size_t n)
{
    textbuf *t = *(textbuf **)cookie;
    if (textbuf_reserve(t, n)) return 0; /* an error for stdio */
    memcpy(t->data + t->len, b, n);
    t->len += n;
    return (ssize_t)n;
}

/* A worker's two streams, made once: a stream per document (open_memstream, which
 * callocs 8 KB each time) was 4% of the instructions of `code -j 2`. */
static int worker_streams(worker *w)
{
    static const cookie_io_functions_t sink = {.write = sink_write};
    w->r.out = fopencookie(&w->out_to, "w", sink);
    w->r.err = fopencookie(&w->err_to, "w", sink);
    return w->r.out && w->r.err ? 0 : -1;
}

/* Code one item into its buffers; 0, or 1 when out of memory. */
static int code_item(worker *w, item *it)
{
    w->out_to = &it->out;
    w->err_to = &it->err;
    int failed = rp_pipeline_code_input(w->p, &it->d) == RP_ENOMEM;
    if (fflush(w->r.out) || fflush(w->r.err)) failed = 1;
    clearerr(w->r.out);
    clearerr(w->r.err);
    return failed;
}

/* Take the oldest item not taken and code it, while there are any; with wait, wait for
 * more until the pool closes. Called with the lock held. */
static void take_items(worker *w, int wait)
{
    pool *pl = w->pl;
    for (;;) {
        while (wait && pl->taken == pl->tail && !pl->closing) pthread_cond_wait(&pl->more, &pl->lock);
        if (pl->taken == pl->tail) return;
        size_t k = pl->taken++;
        item *it = &pl->ring[k % QUEUE_DOCS];
        pthread_mutex_unlock(&pl->lock);
        int failed = it->note ? 0 : code_item(w, it);
        pthread_mutex_lock(&pl->lock);
        it->done = 1;
        pl->failed |= failed;
        if (k == pl->wake_at) pthread_cond_signal(&pl->front_done);
    }
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    pthread_mutex_lock(&w->pl->lock);
    take_items(w, 1);
    pthread_mutex_unlock(&w->pl->lock);
    return NULL;
}

/* Print the done items at the front of the ring, in order, until `upto` are printed
 * (waiting for them) or, with upto 0, as many as are done now. The main thread sleeps
 * until the last item it needs is done, not each one: woken for every item, it made
 * 16,000 context switches on 40,000 documents. */
static void print_items(pool *pl, size_t upto)
{
    if (upto > pl->tail) upto = pl->tail;
    pthread_mutex_lock(&pl->lock);
    for (;;) {
        size_t h = pl->head, e = h;
        while (e < pl->tail && pl->ring[e % QUEUE_DOCS].done) e++;
        if (e == h) {
            if (h >= upto) break;
            if (!pl->started) { take_items(&pl->ws[0], 0); continue; } /* no worker thread: code here */
            pl->wake_at = pl->ring[(upto - 1) % QUEUE_DOCS].done ? h : upto - 1;
            while (!pl->ring[pl->wake_at % QUEUE_DOCS].done) pthread_cond_wait(&pl->front_done, &pl->lock);
            pl->wake_at = SIZE_MAX;
            continue;
        }
        pthread_mutex_unlock(&pl->lock); /* done items are the main thread's alone */
        for (size_t k = h; k < e; k++) {
            item *it = &pl->ring[k % QUEUE_DOCS];
            if (it->err.len) fwrite(it->err.data, 1, it->err.len, stderr);
            if (it->out.len) fwrite(it->out.data, 1, it->out.len, stdout);
            textbuf_clear(&it->out);
            textbuf_clear(&it->err);
        }
        pthread_mutex_lock(&pl->lock);
        pl->head = e;
    }
    pthread_mutex_unlock(&pl->lock);
}

/* Everything added so far coded and printed; 1 when a worker ran out of memory. */
static int drain(pool *pl)
{
    print_items(pl, pl->tail);
    pthread_mutex_lock(&pl->lock);
    int failed = pl->failed;
    pthread_mutex_unlock(&pl->lock);
    return failed;
}

/* The next free place in the ring (waiting for the front to be printed when full). */
static item *next_item(pool *pl)
{
    if (pl->tail - pl->head == QUEUE_DOCS) print_items(pl, pl->tail - QUEUE_DOCS + REFILL_DOCS);
    item *it = &pl->ring[pl->tail % QUEUE_DOCS];
    it->note = it->done = 0;
    return it;
}

/* Hand the item filled by next_item to the workers, and print what is done. Returns 1
 * when a worker ran out of memory (reading stops). */
static int add_item(pool *pl)
{
    pthread_mutex_lock(&pl->lock);
    pl->tail++;
    pthread_cond_signal(&pl->more);
    int failed = pl->failed;
    pthread_mutex_unlock(&pl->lock);
    print_items(pl, 0);
    return failed;
}

/* A message in its place among the documents' output. */
static int add_note(pool *pl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int add_note(pool *pl, const char *fmt, ...)
{
    item *it = next_item(pl);
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || textbuf_reserve(&it->err, (size_t)n + 1)) return 1;
    va_start(ap, fmt);
    vsnprintf(it->err.data, (size_t)n + 1, fmt, ap);
    va_end(ap);
    it->err.len = (size_t)n;
    it->note = 1;
    return add_item(pl);
}

static int on_pool_doc(void *user, const rp_input_doc *d)
{
    pool *pl = user;
    pl->seen++;
    if (pl->dedup) {
        size_t first = 0;
        rp_dup_kind k = rp_dedup_check(pl->dedup, d->url, d->text, d->text_len, &first);
        if (k != RP_DUP_NONE) {
            static const char *const why[] = {"", "same URL", "same text", "nearly the same text"};
            pl->duplicates++;
            return add_note(pl, "rapporti: %s: duplicate (%s) of document %zu; not coded\n",
                            d->source ? d->source : "(input)", why[k], first + 1);
        }
    }
    item *it = next_item(pl);
    /* the strings, each with its NUL, one after another in the item's store */
    const char *src[7] = {d->source, d->url, d->title, d->date, d->author, d->lang, d->text ? d->text : ""};
    size_t len[7], need = 0;
    for (int k = 0; k < 7; k++) need += (len[k] = !src[k] ? 0 : k == 6 ? d->text_len : strlen(src[k])) + 1;
    textbuf_clear(&it->store);
    if (textbuf_reserve(&it->store, need)) return 1;
    const char *dst[7];
    char *q = it->store.data;
    for (int k = 0; k < 7; k++) {
        dst[k] = NULL;
        if (!src[k]) continue;
        memcpy(q, src[k], len[k]);
        q[len[k]] = '\0';
        dst[k] = q;
        q += len[k] + 1;
    }
    it->d = (rp_input_doc){dst[0], dst[1], dst[2], dst[3], dst[4], dst[5], dst[6], d->text_len};
    return add_item(pl);
}

static void on_pool_warn(void *user, const char *where, const char *message)
{
    pool *pl = user;
    pl->warnings++;
    add_note(pl, "rapporti: %s: %s\n", where, message);
}

static void pool_free(pool *pl, rp_reader *r)
{
    if (pl->started) {
        pthread_mutex_lock(&pl->lock);
        pl->closing = 1;
        pthread_cond_broadcast(&pl->more);
        pthread_mutex_unlock(&pl->lock);
        for (int t = 0; t < pl->started; t++) pthread_join(pl->th[t], NULL);
    }
    for (int t = 0; pl->ws && t < pl->nthreads; t++) {
        rp_pipeline_free(pl->ws[t].p);
        run_free(&pl->ws[t].r);
        if (pl->ws[t].r.out) fclose(pl->ws[t].r.out);
        if (pl->ws[t].r.err) fclose(pl->ws[t].r.err);
    }
    rp_reader_free(r);
    rp_dedup_free(pl->dedup);
    for (size_t k = 0; pl->ring && k < QUEUE_DOCS; k++) {
        free(pl->ring[k].store.data);
        free(pl->ring[k].out.data);
        free(pl->ring[k].err.data);
    }
    free(pl->ring);
    free(pl->ws);
    pthread_cond_destroy(&pl->more);
    pthread_cond_destroy(&pl->front_done);
    pthread_mutex_destroy(&pl->lock);
}

static int run_threads(const code_opts *o, rp_dict *d, int argc, char **argv)
{
    pool pl = {.nthreads = o->threads, .wake_at = SIZE_MAX};
    pthread_mutex_init(&pl.lock, NULL);
    pthread_cond_init(&pl.more, NULL);
    pthread_cond_init(&pl.front_done, NULL);
#ifdef __GLIBC__
    /* CLD2 takes and frees large scratch buffers for each document; in a thread's malloc
     * arena each free gave them back to the kernel (heap trimmed) and the next document
     * faulted them in again: 243,000 page faults and a quarter of the time on 40,000
     * documents. Keep up to 64 MB of free memory instead. */
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
    pl.ring = calloc(QUEUE_DOCS, sizeof *pl.ring);
    pl.ws = calloc((size_t)o->threads, sizeof *pl.ws);
    pl.dedup = o->dedup ? rp_dedup_new() : NULL;
    rp_reader *r = rp_reader_new();
    int nomem = !pl.ring || !pl.ws || !r || (o->dedup && !pl.dedup);
    rp_pipeline_opts po = {.lang = o->lang, .date = o->date, .lenient = o->lenient, .context = o->context};
    for (int t = 0; t < o->threads && !nomem; t++) {
        worker *w = &pl.ws[t];
        w->pl = &pl;
        if (!(w->p = rp_pipeline_new(d, &po))) { nomem = 1; break; }
        w->r = (run){.dict = d, .tsv = !strcmp(o->format, "tsv"), .pipe = o->context ? w->p : NULL};
        if (worker_streams(w)) { nomem = 1; break; }
        rp_pipeline_set_callbacks(w->p, on_event, on_warn, &w->r);
        if (o->context) rp_pipeline_set_doc_hooks(w->p, NULL, on_doc_done, &w->r);
    }
    for (int t = 0; t < o->threads && !nomem; t++) {
        if (pthread_create(&pl.th[pl.started], NULL, worker_main, &pl.ws[t])) break; /* fewer workers */
        pl.started++;
    }
    if (nomem) {
        fprintf(stderr, "rapporti: out of memory\n");
        pool_free(&pl, r);
        return EXIT_FAIL;
    }
    rp_reader_set_lenient(r, 1);
    rp_reader_set_callbacks(r, on_pool_doc, on_pool_warn, &pl);
    if (!strcmp(o->format, "tsv")) tsv_header(o);
    int status = EXIT_OK;
    rp_input_kind kind = o->jsonl ? RP_INPUT_JSONL : RP_INPUT_AUTO;
    for (int i = optind; i < argc; i++) {
        rp_rc e = rp_reader_read(r, argv[i], kind);
        if (e && drain(&pl)) { status = EXIT_FAIL; break; } /* the message after what came before */
        if (e == RP_EIO) { fprintf(stderr, "rapporti: %s\n", rp_reader_errmsg(r)); status = EXIT_PARTIAL; }
        else if (e) { fprintf(stderr, "rapporti: %s: %s\n", argv[i], rp_strerror(e)); status = EXIT_FAIL; break; }
    }
    if (drain(&pl)) status = EXIT_FAIL;
    size_t warnings = pl.warnings;
    for (int t = 0; t < pl.nthreads; t++) warnings += pl.ws[t].r.warnings;
    if (warnings && status == EXIT_OK) status = EXIT_PARTIAL;
    fflush(stdout);
    pool_free(&pl, r);
    return status;
}

static int run_files(int argc, char **argv, const char *cmd, int explain)
{
    code_opts o;
    int rc = parse_opts(argc, argv, cmd, &o);
    if (rc) return rc < 0 ? EXIT_OK : rc;
    if (o.threads > 1 && !explain) {
        rp_dict *d = cli_load_dict(cli_dict_dir(o.dict), o.lang);
        if (!d) return EXIT_DICT;
        int st = run_threads(&o, d, argc, argv);
        rp_dict_free(d);
        return st;
    }
    rp_dict *d = cli_load_dict(cli_dict_dir(o.dict), o.lang);
    if (!d) return EXIT_DICT;
    rp_pipeline_opts po = {.lang = o.lang, .date = o.date, .lenient = o.lenient, .jsonl = o.jsonl, .dedup = o.dedup,
                           .context = o.context};
    rp_pipeline *p = rp_pipeline_new(d, &po);
    if (!p) { rp_dict_free(d); fprintf(stderr, "rapporti: out of memory\n"); return EXIT_FAIL; }
    run r = {.dict = d, .tsv = !strcmp(o.format, "tsv"), .pipe = o.context ? p : NULL};
    rp_pipeline_set_callbacks(p, explain ? NULL : on_event, on_warn, &r);
    if (o.context) rp_pipeline_set_doc_hooks(p, NULL, on_doc_done, &r);
    if (explain) rp_pipeline_set_trace(p, cli_print_trace, &r);
    int status = EXIT_OK;
    if (r.tsv && !explain) tsv_header(&o);
    for (int i = optind; i < argc; i++) {
        rp_rc e = rp_pipeline_code_file(p, argv[i]);
        if (e == RP_EIO) {
            fprintf(stderr, "rapporti: %s\n", rp_pipeline_errmsg(p));
            status = EXIT_PARTIAL;
        } else if (e) {
            fprintf(stderr, "rapporti: %s: %s\n", argv[i], rp_strerror(e));
            status = EXIT_FAIL;
            break;
        }
    }
    rp_pipeline_counts pc;
    rp_pipeline_counts_get(p, &pc);
    if (r.warnings > pc.duplicates && status == EXIT_OK) status = EXIT_PARTIAL; /* duplicates are not errors */
    fflush(stdout);
    rp_pipeline_free(p);
    run_free(&r);
    rp_dict_free(d);
    return status;
}

int cli_code(int argc, char **argv) { return run_files(argc, argv, "code", 0); }
int cli_explain(int argc, char **argv) { return run_files(argc, argv, "explain", 1); }

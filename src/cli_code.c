/* rapporti code and rapporti explain: documents in, events (or the coder's reasoning)
 * out. */
#include <getopt.h>
#include <math.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
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
} run;

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
 * "%1.17g" that reads back the same), made ready for cJSON as raw text: cJSON checks
 * each number with sscanf, which was a fifth of `rapporti code`'s time. */
static cJSON *num(double v)
{
    char b[32];
    if (isnan(v) || isinf(v)) return cJSON_CreateNull();
    if (v >= -2147483648.0 && v <= 2147483647.0 && v == (double)(int)v) {
        unsigned u = v < 0 ? 0u - (unsigned)(int)v : (unsigned)(int)v;
        char *e = b + sizeof b, *q = e;
        *--q = '\0';
        do *--q = (char)('0' + u % 10); while (u /= 10);
        if (v < 0) *--q = '-';
        return cJSON_CreateRaw(q);
    }
    snprintf(b, sizeof b, "%1.15g", v);
    if (strtod(b, NULL) != v) snprintf(b, sizeof b, "%1.17g", v);
    return cJSON_CreateRaw(b);
}

static cJSON *span(const uint32_t s[2])
{
    cJSON *a = cJSON_CreateArray();
    if (a) {
        cJSON_AddItemToArray(a, num(s[0]));
        cJSON_AddItemToArray(a, num(s[1]));
    }
    return a;
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
    char *sent = NULL;
    if (!o) return 1;
    cJSON_AddStringToObject(o, "doc", rp_doc_id(doc));
    cJSON_AddStringToObject(o, "date", rp_doc_date(doc));
    cJSON_AddStringToObject(o, "lang", rp_doc_lang(doc));
    cJSON_AddItemToObject(o, "sentence", num((double)ev->sentence));
    cJSON_AddStringToObject(o, "source", ev->source);
    if (ev->source_country[0]) cJSON_AddStringToObject(o, "source_country", ev->source_country);
    else cJSON_AddNullToObject(o, "source_country");
    cJSON_AddStringToObject(o, "target", ev->target);
    if (ev->target_country[0]) cJSON_AddStringToObject(o, "target_country", ev->target_country);
    else cJSON_AddNullToObject(o, "target_country");
    cJSON_AddStringToObject(o, "code", ev->code);
    int foreign = r->dict && rp_dict_lang_foreign(r->dict, rp_doc_lang(doc)); /* TABARI/PETRARCH codes */
    const char *cname = r->dict && !foreign ? rp_cameo_name(r->dict, ev->code, rp_doc_lang(doc)) : NULL;
    if (cname) cJSON_AddStringToObject(o, "code_name", cname);
    char root[4];
    snprintf(root, sizeof root, "%02d", ev->root);
    cJSON_AddStringToObject(o, "root", root);
    cJSON_AddItemToObject(o, "quad_class", num(ev->quad_class));
    cJSON_AddItemToObject(o, "goldstein", num(ev->goldstein));
    cJSON_AddBoolToObject(o, "negated", ev->negated);
    cJSON_AddStringToObject(o, "pattern", ev->pattern);
    sent = malloc((size_t)tlen + 1);
    if (sent) {
        memcpy(sent, text, (size_t)tlen);
        sent[tlen] = '\0';
        cJSON_AddStringToObject(o, "text", sent);
        free(sent);
    }
    cJSON_AddItemToObject(o, "source_span", span(ev->source_span));
    cJSON_AddItemToObject(o, "verb_span", span(ev->verb_span));
    cJSON_AddItemToObject(o, "target_span", span(ev->target_span));
    if (r->pipe) {
        const rp_context *ctx = rp_pipeline_context(r->pipe);
        const rp_place *pl = rp_context_event_place(ctx, ev);
        const rp_when *w = rp_context_event_date(ctx, ev);
        if (pl) cJSON_AddItemToObject(o, "place", cli_place_json(doc, pl));
        else cJSON_AddNullToObject(o, "place");
        if (w) cJSON_AddItemToObject(o, "when", cli_when_json(doc, w));
        else cJSON_AddNullToObject(o, "when");
    }
    char *line = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    if (!line) return 1;
    fputs(line, out);
    fputc('\n', out);
    cJSON_free(line);
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


/* ---- --threads: documents read in order, coded in parallel in batches, printed in order ---- */

#define BATCH_DOCS 512

typedef struct item {
    rp_input_doc d;                 /* copies of the document's strings */
    char *strs[7];                  /* what d points into */
    char *out, *err;                /* what coding wrote */
    size_t outlen, errlen;
} item;

typedef struct pool {
    const rp_dict *dict;
    const code_opts *o;
    item *items[2]; size_t n[2];    /* two batches: one being filled, one being coded */
    int cur;                        /* the batch being filled */
    int nthreads;
    size_t warnings;                /* summed after each batch */
    rp_dedup *dedup;
    size_t seen, duplicates;
    int inflight;                   /* the other batch is being coded by the workers */
    pthread_t th[256];
    struct worker *ws;
} pool;

/* A worker keeps its pipeline (stemmer caches, buffers) from batch to batch: made anew
 * for each batch, its memory went back to the kernel and came again as page faults. */
typedef struct worker {
    pool *pl;
    item *items; size_t n;          /* the batch; this worker codes every nthreads-th item from idx */
    int idx;
    rp_pipeline *p;
    run r;
    size_t warnings;                /* of this batch */
    int failed;
} worker;

static void *code_batch(void *arg)
{
    worker *w = arg;
    pool *pl = w->pl;
    size_t before = w->r.warnings;
    for (size_t i = (size_t)w->idx; i < w->n; i += (size_t)pl->nthreads) {
        item *it = &w->items[i];
        w->r.out = open_memstream(&it->out, &it->outlen);
        w->r.err = open_memstream(&it->err, &it->errlen);
        if (!w->r.out || !w->r.err) {
            if (w->r.out) fclose(w->r.out);
            if (w->r.err) fclose(w->r.err);
            w->failed = 1;
            break;
        }
        if (rp_pipeline_code_input(w->p, &it->d) == RP_ENOMEM) w->failed = 1;
        fclose(w->r.out);
        fclose(w->r.err);
    }
    w->r.out = w->r.err = NULL;
    w->warnings = w->r.warnings - before;
    return NULL;
}

/* Wait for the batch being coded, then print its messages and events in input order. */
static int wait_batch(pool *pl)
{
    if (!pl->inflight) return 0;
    pl->inflight = 0;
    int failed = 0;
    item *items = pl->ws[0].items;
    size_t n = pl->ws[0].n;
    for (int t = 0; t < pl->nthreads; t++) {
        if (pl->th[t]) pthread_join(pl->th[t], NULL);
        failed |= pl->ws[t].failed;
        pl->warnings += pl->ws[t].warnings;
    }
    for (size_t i = 0; i < n; i++) {
        item *it = &items[i];
        if (it->err && it->errlen) fwrite(it->err, 1, it->errlen, stderr);
        if (it->out && it->outlen) fwrite(it->out, 1, it->outlen, stdout);
        free(it->out);
        free(it->err);
        for (int k = 0; k < 7; k++) free(it->strs[k]);
    }
    return failed;
}

/* Hand the batch being filled to the workers (after the previous one is printed) and
 * fill the other one meanwhile: reading overlaps coding. */
static int submit_batch(pool *pl)
{
    int failed = wait_batch(pl);
    int b = pl->cur;
    if (!pl->n[b]) return failed;
    for (int t = 0; t < pl->nthreads; t++) {
        worker *w = &pl->ws[t];
        w->items = pl->items[b];
        w->n = pl->n[b];
        w->warnings = 0;
        w->failed = 0;
        if (pthread_create(&pl->th[t], NULL, code_batch, &pl->ws[t])) {
            pl->th[t] = 0;
            code_batch(&pl->ws[t]); /* no thread: code this share here */
        }
    }
    pl->inflight = 1;
    pl->n[b] = 0;
    pl->cur = !b;
    return failed;
}

/* Everything read so far coded and printed. */
static int drain(pool *pl)
{
    int failed = submit_batch(pl);
    return wait_batch(pl) | failed;
}

static char *dupn(const char *s, size_t n) { char *d = malloc(n + 1); if (d) { memcpy(d, s, n); d[n] = '\0'; } return d; }

static int on_pool_doc(void *user, const rp_input_doc *d)
{
    pool *pl = user;
    pl->seen++;
    if (pl->dedup) {
        size_t first = 0;
        rp_dup_kind k = rp_dedup_check(pl->dedup, d->url, d->text, d->text_len, &first);
        if (k != RP_DUP_NONE) {
            pl->duplicates++;
            drain(pl); /* the message after the events and messages of the documents before */
            static const char *const why[] = {"", "same URL", "same text", "nearly the same text"};
            fprintf(stderr, "rapporti: %s: duplicate (%s) of document %zu; not coded\n", d->source ? d->source : "(input)",
                    why[k], first + 1);
            return 0;
        }
    }
    item *it = &pl->items[pl->cur][pl->n[pl->cur]];
    memset(it, 0, sizeof *it);
    const char *src[6] = {d->source, d->url, d->title, d->date, d->author, d->lang};
    for (int k = 0; k < 6; k++)
        if (src[k] && !(it->strs[k] = dupn(src[k], strlen(src[k])))) return 1;
    if (!(it->strs[6] = dupn(d->text ? d->text : "", d->text_len))) return 1;
    it->d = (rp_input_doc){it->strs[0], it->strs[1], it->strs[2], it->strs[3], it->strs[4], it->strs[5], it->strs[6], d->text_len};
    if (++pl->n[pl->cur] == BATCH_DOCS) return submit_batch(pl);
    return 0;
}

static void on_pool_warn(void *user, const char *where, const char *message)
{
    pool *pl = user;
    pl->warnings++;
    drain(pl); /* keep messages in order with the events before them */
    fprintf(stderr, "rapporti: %s: %s\n", where, message);
}

static void pool_free(pool *pl, rp_reader *r)
{
    for (int t = 0; pl->ws && t < pl->nthreads; t++) rp_pipeline_free(pl->ws[t].p);
    rp_reader_free(r);
    rp_dedup_free(pl->dedup);
    free(pl->items[0]);
    free(pl->items[1]);
    free(pl->ws);
}

static int run_threads(const code_opts *o, rp_dict *d, int argc, char **argv)
{
    pool pl = {.dict = d, .o = o, .nthreads = o->threads};
#ifdef __GLIBC__
    /* CLD2 takes and frees large scratch buffers for each document; in a thread's malloc
     * arena each free gave them back to the kernel (heap trimmed) and the next document
     * faulted them in again: 243,000 page faults and a quarter of the time on 40,000
     * documents. Keep up to 64 MB of free memory instead. */
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
    pl.items[0] = calloc(BATCH_DOCS, sizeof *pl.items[0]);
    pl.items[1] = calloc(BATCH_DOCS, sizeof *pl.items[1]);
    pl.ws = calloc((size_t)o->threads, sizeof *pl.ws);
    pl.dedup = o->dedup ? rp_dedup_new() : NULL;
    rp_reader *r = rp_reader_new();
    int nomem = !pl.items[0] || !pl.items[1] || !pl.ws || !r || (o->dedup && !pl.dedup);
    rp_pipeline_opts po = {.lang = o->lang, .date = o->date, .lenient = o->lenient, .context = o->context};
    for (int t = 0; t < o->threads && !nomem; t++) {
        worker *w = &pl.ws[t];
        w->pl = &pl;
        w->idx = t;
        if (!(w->p = rp_pipeline_new(d, &po))) { nomem = 1; break; }
        w->r = (run){.dict = d, .tsv = !strcmp(o->format, "tsv"), .pipe = o->context ? w->p : NULL};
        rp_pipeline_set_callbacks(w->p, on_event, on_warn, &w->r);
        if (o->context) rp_pipeline_set_doc_hooks(w->p, NULL, on_doc_done, &w->r);
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
    if (pl.warnings && status == EXIT_OK) status = EXIT_PARTIAL;
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
    rp_dict_free(d);
    return status;
}

int cli_code(int argc, char **argv) { return run_files(argc, argv, "code", 0); }
int cli_explain(int argc, char **argv) { return run_files(argc, argv, "explain", 1); }

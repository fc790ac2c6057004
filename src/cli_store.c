/* rapporti ingest, recode, query and export: documents and events into a store, and the
 * measures of relations out of it. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cjson/cJSON.h>

#include "cli.h"

#define BATCH 200 /* documents per transaction */

const char *cli_db_default(const char *opt)
{
    if (opt) return opt;
    const char *env = getenv("RAPPORTI_DB");
    return env && *env ? env : "rapporti.db";
}

/* ---- ingest and recode ---- */

typedef struct pending_event {
    rp_event ev;
    char *sentence;
    size_t sentence_len;
    int has_place, has_when;     /* where and when (with the context stage) */
    rp_place place;
    rp_when when;
    char *place_text, *when_text;
} pending_event;

int cli_mpi_init(int *rank, int *size);
void cli_mpi_barrier(void);
void cli_mpi_sum(unsigned long long *v, int n);
int cli_mpi_any(int flag);
void cli_mpi_finalize(void);

typedef struct ingest {
    rp_store *store;
    rp_store *main;          /* --mpi with SQLite: the main store, also asked whether a document is known */
    pending_event *evs; size_t nevs, cap_evs;
    size_t docs_new, docs_known, events, in_batch, warnings, docs_seen;
    int tty;                 /* progress on stderr */
    double t0, last_shown;
    size_t input, ninputs;   /* for the ETA */
    int failed;
    int64_t recode_doc;      /* recode: the document being recoded */
    size_t changed, added, removed;
    const rp_pipeline *pipe; /* its context (places, dates, tone) is stored too; NULL: not */
} ingest;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void progress(ingest *g, int final)
{
    if (!g->tty) return;
    double t = now_s();
    if (!final && t - g->last_shown < 0.2) return;
    g->last_shown = t;
    double el = t - g->t0, rate = el > 0 ? (double)(g->docs_new + g->docs_known) / el : 0;
    char eta[32] = "";
    if (g->ninputs > 1 && g->input > 0 && !final) {
        double left = el / (double)g->input * (double)(g->ninputs - g->input);
        snprintf(eta, sizeof eta, ", ETA %.0f s", left);
    }
    fprintf(stderr, "\r  %zu new, %zu already stored, %zu events, %.0f docs/s, input %zu/%zu%s   %s",
            g->docs_new, g->docs_known, g->events, rate, g->input + (final ? 0 : 1), g->ninputs, eta, final ? "\n" : "");
}

static void free_pending(ingest *g)
{
    for (size_t i = 0; i < g->nevs; i++) {
        free(g->evs[i].sentence);
        free(g->evs[i].place_text);
        free(g->evs[i].when_text);
    }
    g->nevs = 0;
}

static char *copy_span(const rp_doc *doc, uint32_t s, uint32_t e)
{
    size_t n = e > s && e <= rp_doc_text_len(doc) ? e - s : 0;
    char *t = malloc(n + 1);
    if (t) { memcpy(t, rp_doc_text(doc) + s, n); t[n] = '\0'; }
    return t;
}

/* Store one pending event, with where and when when known. */
static int store_event(rp_store *st, int64_t id, const pending_event *p)
{
    rp_store_event_context w = {p->has_place ? &p->place : NULL, p->place_text, p->has_when ? &p->when : NULL, p->when_text};
    return rp_store_add_event_at(st, id, &p->ev, p->sentence, p->sentence_len, &w) != RP_OK;
}

static int on_event(void *user, const rp_doc *doc, const rp_event *ev)
{
    ingest *g = user;
    if (g->nevs == g->cap_evs) {
        size_t cap = g->cap_evs ? g->cap_evs * 2 : 64;
        pending_event *n = realloc(g->evs, cap * sizeof *n);
        if (!n) return 1;
        g->evs = n;
        g->cap_evs = cap;
    }
    const rp_sentence *s = rp_doc_sentence(doc, ev->sentence);
    pending_event *p = &g->evs[g->nevs];
    memset(p, 0, sizeof *p);
    p->ev = *ev;
    p->sentence_len = s->end - s->start;
    p->sentence = malloc(p->sentence_len + 1);
    if (!p->sentence) return 1;
    memcpy(p->sentence, rp_doc_text(doc) + s->start, p->sentence_len);
    p->sentence[p->sentence_len] = '\0';
    g->nevs++;
    const rp_context *ctx = g->pipe ? rp_pipeline_context(g->pipe) : NULL;
    const rp_place *pl = ctx ? rp_context_event_place(ctx, ev) : NULL;
    const rp_when *w = ctx ? rp_context_event_date(ctx, ev) : NULL;
    if (pl) {
        p->has_place = 1;
        p->place = *pl;
        if (!(p->place_text = copy_span(doc, pl->start, pl->end))) return 1;
    }
    if (w) {
        p->has_when = 1;
        p->when = *w;
        if (!(p->when_text = copy_span(doc, w->start, w->end))) return 1;
    }
    return 0;
}

static void on_warn(void *user, const char *where, const char *message)
{
    ingest *g = user;
    g->warnings++;
    if (g->tty) fputc('\n', stderr);
    fprintf(stderr, "rapporti: %s: %s\n", where, message);
}

static int on_skip(void *user, const rp_input_doc *in)
{
    ingest *g = user;
    g->docs_seen++;
    int has = rp_store_has_document(g->store, in->url, in->text, in->text_len);
    if (has == 0 && g->main) has = rp_store_has_document(g->main, in->url, in->text, in->text_len);
    if (has < 0) { g->failed = 1; return 1; }
    if (has) { g->docs_known++; progress(g, 0); }
    return has;
}

static int flush_batch(ingest *g)
{
    if (!g->in_batch) return 0;
    g->in_batch = 0;
    return rp_store_commit(g->store) != RP_OK;
}

static int on_done(void *user, const rp_input_doc *in, const rp_doc *doc)
{
    ingest *g = user;
    int fail = 0;
    if (!g->in_batch) {
        if (rp_store_begin(g->store)) { free_pending(g); g->failed = 1; return 1; }
    }
    g->in_batch++;
    rp_store_doc d = {in->url, in->source, rp_doc_date(doc), rp_doc_lang(doc), rp_doc_text(doc), rp_doc_text_len(doc)};
    int64_t id = 0;
    int is_new = 0;
    if (rp_store_add_document(g->store, &d, &id, &is_new)) fail = 1;
    if (!fail && is_new) {
        for (size_t i = 0; i < g->nevs && !fail; i++)
            if (store_event(g->store, id, &g->evs[i])) fail = 1;
        if (!fail && g->pipe && rp_store_add_context(g->store, id, doc, rp_pipeline_context(g->pipe))) fail = 1;
        g->docs_new++;
        g->events += g->nevs;
    } else if (!fail) {
        g->docs_known++;
    }
    free_pending(g);
    if (fail) { g->failed = 1; rp_store_rollback(g->store); g->in_batch = 0; return 1; }
    if (g->in_batch >= BATCH && flush_batch(g)) { g->failed = 1; return 1; }
    progress(g, 0);
    return 0;
}

/* path + size + modification time: the same file is not read twice. */
static int input_key(const char *path, char *out, size_t cap)
{
    struct stat sb;
    if (!strcmp(path, "-") || stat(path, &sb) || S_ISDIR(sb.st_mode)) return 0;
    char real[4096];
    if (!realpath(path, real)) return 0;
    snprintf(out, cap, "%s|%lld|%lld", real, (long long)sb.st_size, (long long)sb.st_mtime);
    return 1;
}

static void ingest_usage(FILE *f)
{
    fprintf(f,
            "Usage: rapporti ingest [OPTIONS] INPUT...\n"
            "Extract, code and store documents and their events. Inputs as for 'rapporti code'\n"
            "(text, JSONL, HTML, WARC, feeds, folders, -). Re-ingesting adds nothing: documents are\n"
            "keyed by URL and by content; a killed ingest resumes where its last commit was.\n"
            "\n"
            "      --db PATH|URL       SQLite file (default: $RAPPORTI_DB, else rapporti.db) or\n"
            "                          postgresql://... (a PostgreSQL server)\n"
            "  -l, --lang it|en|auto   language (default: detected per document)\n"
            "  -d, --date YYYY-MM-DD   date of documents that carry none (default: today)\n"
            "      --dedup             skip near-duplicates within the run (same or nearly the same text)\n"
            "      --jsonl             read every input as JSONL\n"
            "      --lenient           replace invalid UTF-8 instead of skipping the document\n"
            "      --quiet             no progress line\n"
            "      --no-context        do not find places, dates, quotes, amounts and tone (faster;\n"
            "                          events then have no place and no date of their own)\n"
            "      --mpi               run as one rank of 'mpirun -np N rapporti ingest --mpi ...': the\n"
            "                          ranks split the inputs (files, WARC records, JSONL lines, feed items);\n"
            "                          with SQLite rank 0 writes into DB and the others each a shard it\n"
            "                          merges at the end, with PostgreSQL all write to the server\n"
            "      --dict DIR          dictionary folder\n"
            "Exit status: 0 ok, 1 some input skipped, 2 usage, 3 dictionary error, 4 failure (store).\n");
}

/* A rank that cannot ingest still takes part in the collective steps the others go
 * through at the end (the sums, the failure vote, the barrier before the merge), in the
 * same order, so that no rank waits for it forever; then it leaves. */
static void mpi_leave_failed(int shard_mode)
{
    unsigned long long zero[3] = {0, 0, 0};
    cli_mpi_sum(zero, 3);
    cli_mpi_any(1);
    if (shard_mode) cli_mpi_barrier();
    cli_mpi_finalize();
}

int cli_ingest(int argc, char **argv)
{
    static const struct option longs[] = {
        {"db", required_argument, 0, 'B'}, {"lang", required_argument, 0, 'l'}, {"date", required_argument, 0, 'd'},
        {"dedup", no_argument, 0, 'U'}, {"jsonl", no_argument, 0, 'J'}, {"lenient", no_argument, 0, 'L'},
        {"quiet", no_argument, 0, 'q'}, {"dict", required_argument, 0, 'D'}, {"mpi", no_argument, 0, 'M'},
        {"no-context", no_argument, 0, 'N'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    const char *db = NULL, *lang = NULL, *date = NULL, *dict = NULL;
    int dedup = 0, jsonl = 0, lenient = 0, quiet = 0, mpi = 0, context = 1;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "l:d:h", longs, NULL)) != -1) {
        switch (c) {
        case 'B': db = optarg; break;
        case 'l': lang = optarg; break;
        case 'd': date = optarg; break;
        case 'U': dedup = 1; break;
        case 'J': jsonl = 1; break;
        case 'L': lenient = 1; break;
        case 'q': quiet = 1; break;
        case 'D': dict = optarg; break;
        case 'M': mpi = 1; break;
        case 'N': context = 0; break;
        case 'h': ingest_usage(stdout); return EXIT_OK;
        default: ingest_usage(stderr); return EXIT_USAGE;
        }
    }
    if (date && !rp_parse_date(date)) { fprintf(stderr, "rapporti ingest: bad --date '%s'\n", date); return EXIT_USAGE; }
    if (lang && strcmp(lang, "it") && strcmp(lang, "en") && strcmp(lang, "auto")) {
        fprintf(stderr, "rapporti ingest: bad --lang '%s' (it, en or auto)\n", lang);
        return EXIT_USAGE;
    }
    if (optind >= argc) { fprintf(stderr, "rapporti ingest: no input\n"); return EXIT_USAGE; }
    int rank = 0, size = 1;
    if (mpi && cli_mpi_init(&rank, &size)) { fprintf(stderr, "rapporti ingest: MPI could not start\n"); return EXIT_FAIL; }
    if (rank) quiet = 1; /* one voice: rank 0 prints the summary */
    rp_dict *d = cli_load_dict(cli_dict_dir(dict), lang);
    if (!d) { if (mpi) cli_mpi_finalize(); return EXIT_DICT; }
    char err[512];
    const char *dbp = cli_db_default(db);
    int pg = !strncmp(dbp, "postgresql://", 13) || !strncmp(dbp, "postgres://", 11);
    char shard[4200] = "";
    rp_store *mainst = NULL, *st;
    const int sharded = mpi && size > 1 && !pg;
    if (sharded) {
        /* rank 0 writes into the store itself, every other rank into a SQLite shard of its
         * own, which rank 0 merges at the end (the merge is the serial part of the run:
         * one shard fewer to merge, the third of a -np 2 run's merge time) */
        /* rank 0 creates the store (schema, WAL) before the others open it: SQLite refuses
         * a change of journal mode while another connection holds the file */
        if (rank == 0) mainst = rp_store_open(dbp, err, sizeof err);
        cli_mpi_barrier();
        if (rank != 0) {
            mainst = rp_store_open(dbp, err, sizeof err);
            snprintf(shard, sizeof shard, "%s.rank-%d", dbp, rank);
            const char *sfx[] = {"", "-wal", "-shm"};
            for (int k = 0; k < 3; k++) { char f[4300]; snprintf(f, sizeof f, "%s%s", shard, sfx[k]); unlink(f); }
            st = mainst ? rp_store_open(shard, err, sizeof err) : NULL;
        } else {
            st = mainst;
            mainst = NULL;
        }
    } else {
        st = rp_store_open(dbp, err, sizeof err);
    }
    if (!st) {
        fprintf(stderr, "rapporti: %s\n", err);
        rp_store_close(mainst);
        rp_dict_free(d);
        if (mpi) mpi_leave_failed(sharded);
        return EXIT_FAIL;
    }
    rp_pipeline_opts po = {.lang = lang, .date = date, .lenient = lenient, .jsonl = jsonl, .dedup = dedup,
                           .shard_rank = (unsigned)rank, .shard_size = (unsigned)size, .context = context};
    rp_pipeline *p = rp_pipeline_new(d, &po);
    ingest g = {.store = st, .main = mainst, .tty = !quiet && isatty(2), .t0 = now_s(), .ninputs = (size_t)(argc - optind),
                .pipe = context ? p : NULL};
    if (!p) {
        fprintf(stderr, "rapporti: out of memory\n");
        rp_store_close(st);
        rp_store_close(mainst);
        rp_dict_free(d);
        if (mpi) mpi_leave_failed(sharded);
        return EXIT_FAIL;
    }
    rp_pipeline_set_callbacks(p, on_event, on_warn, &g);
    rp_pipeline_set_doc_hooks(p, on_skip, on_done, &g);
    int status = EXIT_OK;
    for (int i = optind; i < argc && !g.failed; i++, g.input++) {
        char key[4300];
        int keyed = !mpi && input_key(argv[i], key, sizeof key); /* a rank reads only its share */
        if (keyed && rp_store_input_done(st, key) == 1) {
            if (!g.tty && !quiet) fprintf(stderr, "rapporti: %s: already ingested; skipped\n", argv[i]);
            continue;
        }
        size_t before = g.docs_new + g.docs_known;
        rp_rc rc = rp_pipeline_code_file(p, argv[i]);
        if (flush_batch(&g)) g.failed = 1;
        if (rc == RP_EIO) { fprintf(stderr, "rapporti: %s\n", rp_pipeline_errmsg(p)); status = EXIT_PARTIAL; continue; }
        if (rc && rc != RP_ESTOP) { fprintf(stderr, "rapporti: %s: %s\n", argv[i], rp_strerror(rc)); g.failed = 1; break; }
        if (g.failed) break;
        if (keyed && rp_store_mark_input(st, key, g.docs_new + g.docs_known - before)) g.failed = 1;
    }
    progress(&g, 1);
    if (g.failed) {
        fprintf(stderr, "rapporti: store%s: %s\n", shard[0] ? " shard" : "", rp_store_errmsg(st));
        status = EXIT_FAIL;
    }
    if (mpi) {
        unsigned long long sums[3] = {g.docs_new, g.docs_known, g.events};
        cli_mpi_sum(sums, 3);
        g.docs_new = sums[0];
        g.docs_known = sums[1];
        g.events = sums[2];
        if (cli_mpi_any(g.failed)) status = EXIT_FAIL;
        if (sharded) {
            if (shard[0]) { /* ranks 1..: done with their shard */
                rp_store_close(st);
                st = mainst;
                mainst = NULL;
                g.store = st;
            }
            cli_mpi_barrier(); /* every shard written and closed */
            for (int r = 1; rank == 0 && r < size && status != EXIT_FAIL; r++) {
                char f[4300];
                snprintf(f, sizeof f, "%s.rank-%d", dbp, r);
                if (rp_store_merge(st, f)) {
                    fprintf(stderr, "rapporti: merging %s: %s\n", f, rp_store_errmsg(st));
                    status = EXIT_FAIL;
                    break;
                }
                const char *sfx[] = {"", "-wal", "-shm"};
                for (int k = 0; k < 3; k++) { char ff[4400]; snprintf(ff, sizeof ff, "%s%s", f, sfx[k]); unlink(ff); }
            }
        }
    }
    int64_t nd = 0, ne = 0;
    rp_store_counts(st, &nd, &ne);
    if (!quiet)
        fprintf(stderr, "rapporti: %zu new document(s), %zu already stored, %zu event(s) added; the store (%s) holds %lld documents, %lld events\n",
                g.docs_new, g.docs_known, g.events, rp_store_backend(st), (long long)nd, (long long)ne);
    rp_pipeline_counts pc;
    rp_pipeline_counts_get(p, &pc);
    if (g.warnings > pc.duplicates && status == EXIT_OK) status = EXIT_PARTIAL;
    free_pending(&g);
    free(g.evs);
    rp_pipeline_free(p);
    rp_store_close(st);
    rp_store_close(mainst);
    rp_dict_free(d);
    if (mpi) cli_mpi_finalize();
    return status;
}

/* recode: a document's context is found again and replaces the stored one */
static int recode_context(void *user, const rp_input_doc *in, const rp_doc *doc)
{
    (void)in;
    ingest *g = user;
    rp_store *st = g->store;
    if (rp_store_begin(st)) { g->failed = 1; return 1; }
    if (rp_store_add_context(st, g->recode_doc, doc, rp_pipeline_context(g->pipe))) {
        rp_store_rollback(st);
        g->failed = 1;
        return 1;
    }
    if (rp_store_commit(st)) { g->failed = 1; return 1; }
    return 0;
}

/* recode: every stored document coded again with the current dictionaries */
typedef struct recode_doc { int64_t id; char *date, *lang, *text; size_t len; } recode_doc;
typedef struct recode_list { recode_doc *v; size_t n, cap; int oom; } recode_list;

static int collect_doc(void *user, int64_t id, const char *date, const char *lang, const char *text, size_t len,
                       const char *url, const char *source)
{
    (void)url; (void)source;
    recode_list *l = user;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 256;
        recode_doc *n = realloc(l->v, cap * sizeof *n);
        if (!n) { l->oom = 1; return 1; }
        l->v = n;
        l->cap = cap;
    }
    recode_doc *d = &l->v[l->n++];
    d->id = id;
    d->date = strdup(date ? date : "");
    d->lang = strdup(lang ? lang : "");
    d->text = malloc(len + 1);
    if (!d->date || !d->lang || !d->text) { l->oom = 1; return 1; }
    memcpy(d->text, text, len);
    d->text[len] = '\0';
    d->len = len;
    return 0;
}

int cli_recode(int argc, char **argv)
{
    static const struct option longs[] = {{"db", required_argument, 0, 'B'}, {"dict", required_argument, 0, 'D'},
                                          {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    const char *db = NULL, *dict = NULL;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
        switch (c) {
        case 'B': db = optarg; break;
        case 'D': dict = optarg; break;
        case 'h':
            printf("Usage: rapporti recode [--db PATH|URL] [--dict DIR]\n"
                   "Code every stored document again with the current dictionaries, replace its events\n"
                   "(one transaction per document) and report how many documents and events changed.\n");
            return EXIT_OK;
        default: return EXIT_USAGE;
        }
    }
    rp_dict *d = cli_load_dict(cli_dict_dir(dict), NULL);
    if (!d) return EXIT_DICT;
    char err[512];
    rp_store *st = rp_store_open(cli_db_default(db), err, sizeof err);
    if (!st) { fprintf(stderr, "rapporti: %s\n", err); rp_dict_free(d); return EXIT_FAIL; }
    recode_list l = {0};
    rp_rc rc = rp_store_each_document(st, collect_doc, &l);
    int status = EXIT_OK;
    ingest g = {.store = st};
    size_t changed = 0, before_total = 0, after_total = 0;
    if (rc || l.oom) { fprintf(stderr, "rapporti: store: %s\n", rp_store_errmsg(st)); status = EXIT_FAIL; goto out; }
    for (size_t i = 0; i < l.n && status == EXIT_OK; i++) {
        recode_doc *doc = &l.v[i];
        rp_pipeline_opts po = {.lang = doc->lang, .date = doc->date, .context = 1};
        rp_pipeline *p = rp_pipeline_new(d, &po);
        if (!p) { status = EXIT_FAIL; break; }
        g.pipe = p;
        g.recode_doc = doc->id;
        rp_pipeline_set_callbacks(p, on_event, on_warn, &g);
        rp_pipeline_set_doc_hooks(p, NULL, recode_context, &g);
        rc = rp_pipeline_code_text(p, "", doc->text, doc->len, doc->date, doc->lang);
        rp_pipeline_free(p);
        g.pipe = NULL;
        if (rc || g.failed) { status = EXIT_FAIL; break; }
        /* compare with what is stored: the same events as (sentence, source, target, code, negated) */
        rp_query q = {0};
        (void)q;
        rp_table old = {0};
        char where_id[32];
        snprintf(where_id, sizeof where_id, "%lld", (long long)doc->id);
        /* old events of the document, through the mentions of its date window */
        rp_query mq = {.from = doc->date, .to = doc->date, .limit = 1000000};
        if (rp_store_mentions(st, &mq, &old)) { status = EXIT_FAIL; break; }
        size_t nold = 0;
        char **oldkeys = calloc(old.nrows + 1, sizeof *oldkeys);
        for (size_t r = 0; r < old.nrows; r++) {
            if (strcmp(rp_table_cell(&old, r, 1), where_id)) continue;
            char k[256];
            snprintf(k, sizeof k, "%s|%s|%s|%s|%s", rp_table_cell(&old, r, 2), rp_table_cell(&old, r, 4),
                     rp_table_cell(&old, r, 6), rp_table_cell(&old, r, 8), rp_table_cell(&old, r, 12));
            oldkeys[nold++] = strdup(k);
        }
        rp_table_free(&old);
        int same = nold == g.nevs;
        for (size_t e = 0; same && e < g.nevs; e++) {
            char k[256];
            snprintf(k, sizeof k, "%zu|%s|%s|%s|%d", g.evs[e].ev.sentence, g.evs[e].ev.source, g.evs[e].ev.target,
                     g.evs[e].ev.code, g.evs[e].ev.negated);
            int found = 0;
            for (size_t o = 0; o < nold; o++)
                if (oldkeys[o] && !strcmp(oldkeys[o], k)) { free(oldkeys[o]); oldkeys[o] = NULL; found = 1; break; }
            if (!found) same = 0;
        }
        for (size_t o = 0; o < nold; o++) free(oldkeys[o]);
        free(oldkeys);
        before_total += nold;
        after_total += g.nevs;
        if (!same) {
            changed++;
            int fail = rp_store_begin(st) || rp_store_clear_events(st, doc->id);
            for (size_t e = 0; !fail && e < g.nevs; e++) fail = store_event(st, doc->id, &g.evs[e]);
            if (fail) { rp_store_rollback(st); status = EXIT_FAIL; }
            else if (rp_store_commit(st)) status = EXIT_FAIL;
        }
        free_pending(&g);
    }
    if (status == EXIT_FAIL) fprintf(stderr, "rapporti: store: %s\n", rp_store_errmsg(st));
    printf("recoded %zu document(s): %zu changed; events %zu before, %zu after\n", l.n, changed, before_total, after_total);
out:
    for (size_t i = 0; i < l.n; i++) { free(l.v[i].date); free(l.v[i].lang); free(l.v[i].text); }
    free(l.v);
    free_pending(&g);
    free(g.evs);
    rp_store_close(st);
    rp_dict_free(d);
    return status;
}

/* ---- query and export ---- */

static void print_table(const rp_table *t, const char *format)
{
    if (!strcmp(format, "json")) {
        cJSON *a = cJSON_CreateArray();
        for (size_t r = 0; r < t->nrows; r++) {
            cJSON *o = cJSON_CreateObject();
            for (size_t c = 0; c < t->ncols; c++) {
                const char *v = rp_table_cell(t, r, c);
                if (!v) cJSON_AddNullToObject(o, t->names[c]);
                else {
                    char *end;
                    double d = strtod(v, &end);
                    if (*v && !*end && strcmp(t->names[c], "period") && strcmp(t->names[c], "code") &&
                        strcmp(t->names[c], "top_code") && strcmp(t->names[c], "date"))
                        cJSON_AddNumberToObject(o, t->names[c], d);
                    else cJSON_AddStringToObject(o, t->names[c], v);
                }
            }
            cJSON_AddItemToArray(a, o);
        }
        char *s = cJSON_Print(a);
        if (s) puts(s);
        cJSON_free(s);
        cJSON_Delete(a);
        return;
    }
    if (!strcmp(format, "csv")) {
        for (size_t c = 0; c < t->ncols; c++) printf("%s%s", c ? "," : "", t->names[c]);
        putchar('\n');
        for (size_t r = 0; r < t->nrows; r++) {
            for (size_t c = 0; c < t->ncols; c++) {
                const char *v = rp_table_cell(t, r, c);
                if (c) putchar(',');
                if (!v) continue;
                if (strpbrk(v, ",\"\n\r")) {
                    putchar('"');
                    for (const char *p = v; *p; p++) { if (*p == '"') putchar('"'); putchar(*p); }
                    putchar('"');
                } else fputs(v, stdout);
            }
            putchar('\n');
        }
        return;
    }
    /* table: columns as wide as their content (long texts cut at 60 characters) */
    size_t w[64] = {0};
    size_t nc = t->ncols < 64 ? t->ncols : 64;
    for (size_t c = 0; c < nc; c++) w[c] = strlen(t->names[c]);
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c < nc; c++) {
            const char *v = rp_table_cell(t, r, c);
            size_t l = v ? strlen(v) : 0;
            if (l > 60) l = 60;
            if (l > w[c]) w[c] = l;
        }
    for (size_t c = 0; c < nc; c++) printf("%-*s%s", (int)w[c], t->names[c], c + 1 < nc ? "  " : "\n");
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c < nc; c++) {
            const char *v = rp_table_cell(t, r, c);
            printf("%-*.*s%s", (int)w[c], 60, v ? v : "", c + 1 < nc ? "  " : "\n");
        }
    if (!t->nrows) printf("(no rows)\n");
}

static void query_usage(FILE *f)
{
    fprintf(f,
            "Usage: rapporti query dyad SOURCE TARGET | trending | top | actor ACTOR | events | places [OPTIONS]\n"
            "Measures of relations from the store. An actor is a country (RUS: every actor of that\n"
            "country) or a full code (RUSGOV). Negated events are left out of the measures.\n"
            "  dyad     per period: events per QuadClass, Goldstein sum and mean, net cooperation,\n"
            "           documents in the period, events per 100 documents, the period's top event,\n"
           "           the mean tone of its articles\n"
            "  trending dyads whose mean Goldstein changed most between two periods (--split)\n"
            "  top      dyads with the most events (with mean Goldstein, conflict share, mean tone)\n"
            "  actor    partners, codes and trend of one actor\n"
            "  events   events grouped as GDELT does (mentions, articles, sources), with evidence\n"
            "  places   what happened where: events by the city they happened in (coordinates,\n"
            "           QuadClass counts, mean Goldstein, the top event); filters as events\n"
            "\n"
            "      --db PATH|URL      the store (default: $RAPPORTI_DB, else rapporti.db)\n"
            "      --from, --to DATE  YYYY-MM-DD, inclusive\n"
            "      --by day|week|month  periods (default month)\n"
            "      --directed         dyad: only SOURCE -> TARGET (default: both directions)\n"
            "      --split DATE       trending: first day of the second period (default: the middle)\n"
            "      --min-events N     trending: events needed in each period (default 3)\n"
            "      --source A, --target A, --root N, --quad N, --code PREFIX   events filters\n"
            "      --limit N, --offset N  rows and paging (default 50)\n"
            "      --format table|csv|json  (default table)\n"
            "Exit status: 0 ok, 2 usage, 4 store error.\n");
}

static int parse_query(int argc, char **argv, rp_query *q, const char **db, const char **format)
{
    static const struct option longs[] = {
        {"db", required_argument, 0, 'B'}, {"from", required_argument, 0, 'f'}, {"to", required_argument, 0, 't'},
        {"by", required_argument, 0, 'b'}, {"directed", no_argument, 0, 'r'}, {"split", required_argument, 0, 's'},
        {"min-events", required_argument, 0, 'm'}, {"source", required_argument, 0, 'S'},
        {"target", required_argument, 0, 'T'}, {"root", required_argument, 0, 'R'}, {"quad", required_argument, 0, 'Q'},
        {"code", required_argument, 0, 'C'}, {"limit", required_argument, 0, 'n'}, {"offset", required_argument, 0, 'o'},
        {"format", required_argument, 0, 'F'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    int c;
    char *end;
    while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
        switch (c) {
        case 'B': *db = optarg; break;
        case 'f': case 't': case 's':
            if (!rp_parse_date(optarg)) { fprintf(stderr, "rapporti: bad date '%s' (want YYYY-MM-DD)\n", optarg); return EXIT_USAGE; }
            if (c == 'f') q->from = optarg; else if (c == 't') q->to = optarg; else q->split = optarg;
            break;
        case 'b':
            if (strcmp(optarg, "day") && strcmp(optarg, "week") && strcmp(optarg, "month")) {
                fprintf(stderr, "rapporti: bad --by '%s' (day, week or month)\n", optarg);
                return EXIT_USAGE;
            }
            q->by = optarg;
            break;
        case 'r': q->directed = 1; break;
        case 'S': q->source = optarg; break;
        case 'T': q->target = optarg; break;
        case 'C': q->code = optarg; break;
        case 'F':
            if (strcmp(optarg, "table") && strcmp(optarg, "csv") && strcmp(optarg, "json")) {
                fprintf(stderr, "rapporti: bad --format '%s' (table, csv or json)\n", optarg);
                return EXIT_USAGE;
            }
            *format = optarg;
            break;
        case 'm': case 'R': case 'Q': case 'n': case 'o': {
            long v = strtol(optarg, &end, 10);
            if (*end || v < 0 || v > 100000000) { fprintf(stderr, "rapporti: bad number '%s'\n", optarg); return EXIT_USAGE; }
            if (c == 'm') q->min_events = (int)v;
            else if (c == 'R') q->root = (int)v;
            else if (c == 'Q') q->quad_class = (int)v;
            else if (c == 'n') q->limit = (int)v;
            else q->offset = (int)v;
            break;
        }
        case 'h': query_usage(stdout); return -1;
        default: query_usage(stderr); return EXIT_USAGE;
        }
    }
    return 0;
}


int cli_query(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        query_usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    const char *what = argv[1];
    rp_query q = {0};
    const char *db = NULL, *format = "table";
    optind = 2;
    int rc = parse_query(argc, argv, &q, &db, &format);
    if (rc) return rc < 0 ? EXIT_OK : rc;
    const char *pos[2] = {NULL, NULL};
    int npos = 0;
    for (int i = optind; i < argc; i++) {
        if (npos >= 2) { fprintf(stderr, "rapporti query: too many arguments\n"); return EXIT_USAGE; }
        pos[npos++] = argv[i];
    }
    int need = !strcmp(what, "dyad") ? 2 : !strcmp(what, "actor") ? 1 : 0;
    if (strcmp(what, "dyad") && strcmp(what, "actor") && strcmp(what, "trending") && strcmp(what, "top") &&
        strcmp(what, "events") && strcmp(what, "places")) {
        fprintf(stderr, "rapporti query: unknown measure '%s'\n", what);
        query_usage(stderr);
        return EXIT_USAGE;
    }
    if (npos != need) { fprintf(stderr, "rapporti query %s: wants %d actor(s)\n", what, need); return EXIT_USAGE; }
    if (need >= 1) q.source = pos[0];
    if (need == 2) q.target = pos[1];
    const char *actors[2] = {q.source, q.target};
    for (int i = 0; i < 2; i++)
        if (actors[i] && !rp_actor_code_valid(actors[i], strlen(actors[i]))) {
            fprintf(stderr, "rapporti query: bad actor '%s' (a code such as RUS or RUSGOV)\n", actors[i]);
            return EXIT_USAGE;
        }
    char err[512];
    rp_store *st = rp_store_open(cli_db_default(db), err, sizeof err);
    if (!st) { fprintf(stderr, "rapporti: %s\n", err); return EXIT_FAIL; }
    rp_table t = {0}, t2 = {0}, t3 = {0};
    rp_rc r;
    if (!strcmp(what, "dyad")) r = rp_store_dyad(st, &q, &t);
    else if (!strcmp(what, "trending")) r = rp_store_trending(st, &q, &t);
    else if (!strcmp(what, "top")) r = rp_store_top_dyads(st, &q, &t);
    else if (!strcmp(what, "events")) r = rp_store_events(st, &q, &t);
    else if (!strcmp(what, "places")) r = rp_store_places(st, &q, &t);
    else r = rp_store_actor(st, &q, &t, &t2, &t3);
    int status = EXIT_OK;
    if (r) {
        fprintf(stderr, "rapporti: %s\n", *rp_store_errmsg(st) ? rp_store_errmsg(st) : rp_strerror(r));
        status = r == RP_EINVAL ? EXIT_USAGE : EXIT_FAIL;
    } else if (!strcmp(what, "actor")) {
        if (strcmp(format, "table")) print_table(&t, format), print_table(&t2, format), print_table(&t3, format);
        else {
            printf("Partners of %s\n", q.source);
            print_table(&t, format);
            printf("\nCodes\n");
            print_table(&t2, format);
            printf("\nTrend\n");
            print_table(&t3, format);
        }
    } else {
        print_table(&t, format);
    }
    rp_table_free(&t);
    rp_table_free(&t2);
    rp_table_free(&t3);
    rp_store_close(st);
    return status;
}

/* ---- export ---- */

static const char *plover_type(int root, const char *code)
{
    static const char *const t[21] = {NULL, NULL, "REQUEST", "AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID",
                                      "CONCEDE", "ACCUSE", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST",
                                      "MOBILIZE", "SANCTION", "COERCE", "ASSAULT", "ASSAULT", "ASSAULT"};
    if (code && !strncmp(code, "087", 3)) return "RETREAT";
    return root >= 1 && root <= 20 ? t[root] : NULL;
}

/* A stable id of a grouped event: (date, source, target, code). */
static unsigned long long event_id(const char *date, const char *src, const char *tgt, const char *code)
{
    unsigned long long h = 1469598103934665603ull;
    const char *parts[4] = {date, src, tgt, code};
    for (int i = 0; i < 4; i++) {
        for (const char *p = parts[i] ? parts[i] : ""; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ull;
        h = (h ^ '|') * 1099511628211ull;
    }
    return h & ((1ull << 53) - 1);
}

static void tsv_field(const char *v)
{
    for (const char *p = v ? v : ""; *p; p++) putchar(*p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p);
}

int cli_export(int argc, char **argv)
{
    const char *fmt = NULL;
    rp_query q = {0};
    const char *db = NULL, *dummy = "table";
    static const struct option longs[] = {{"format", required_argument, 0, 'F'}, {0, 0, 0, 0}};
    (void)longs;
    /* --format here is the export format: take it out before the shared parser */
    char **args = calloc((size_t)argc + 1, sizeof *args);
    int n = 0;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--format") && i + 1 < argc) { fmt = argv[++i]; continue; }
        if (!strncmp(argv[i], "--format=", 9)) { fmt = argv[i] + 9; continue; }
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf("Usage: rapporti export --format gdelt|mentions|gkg|plover|jsonl|csv [--db ...] [filters as 'rapporti query events']\n"
                   "  gdelt     GDELT 2.0 events, 61 tab-separated columns in GDELT's order (fields we do not\n"
                   "            produce left empty), one row per (date, source, target, code)\n"
                   "  mentions  GDELT 2.0 mentions table (16 columns): every mention with its document and offsets\n"
                   "  gkg       GDELT's Global Knowledge Graph (GKG 2.1 columns, tab-separated, with a header):\n"
                   "            per document its places, tone, dates, quotations, amounts (docs/context.md)\n"
                   "  plover    PLOVER-style JSONL (CAMEO roots mapped to PLOVER event types, approximately)\n"
                   "  jsonl     every mention as JSONL;  csv: the same as CSV\n");
            free(args);
            return EXIT_OK;
        }
        args[n++] = argv[i];
    }
    optind = 1;
    int rc = parse_query(n, args, &q, &db, &dummy);
    free(args);
    if (rc) return rc < 0 ? EXIT_OK : rc;
    if (!fmt || (strcmp(fmt, "gdelt") && strcmp(fmt, "mentions") && strcmp(fmt, "plover") && strcmp(fmt, "jsonl") &&
                 strcmp(fmt, "csv") && strcmp(fmt, "gkg"))) {
        fprintf(stderr, "rapporti export: --format gdelt|mentions|gkg|plover|jsonl|csv\n");
        return EXIT_USAGE;
    }
    char err[512];
    rp_store *st = rp_store_open(cli_db_default(db), err, sizeof err);
    if (!st) { fprintf(stderr, "rapporti: %s\n", err); return EXIT_FAIL; }
    rp_table t = {0};
    int status = EXIT_OK;
    if (!strcmp(fmt, "gkg")) {
        q.limit = 0;
        if (rp_store_gkg(st, &q, &t)) status = EXIT_FAIL;
        else {
            for (size_t c = 0; c < t.ncols; c++) printf("%s%s", c ? "\t" : "", t.names[c]);
            putchar('\n');
            for (size_t r = 0; r < t.nrows; r++) {
                for (size_t c = 0; c < t.ncols; c++) {
                    if (c) putchar('\t');
                    tsv_field(rp_table_cell(&t, r, c));
                }
                putchar('\n');
            }
        }
        rp_table_free(&t);
    } else if (!strcmp(fmt, "gdelt")) {
        q.limit = 10000;
        for (int page = 0;; page++) {
            q.offset = page * 10000;
            if (rp_store_events(st, &q, &t)) { status = EXIT_FAIL; break; }
            for (size_t r = 0; r < t.nrows; r++) {
                const char *date = rp_table_cell(&t, r, 0), *src = rp_table_cell(&t, r, 1), *tgt = rp_table_cell(&t, r, 2);
                const char *code = rp_table_cell(&t, r, 3);
                char day[9] = "", month[7] = "", year[5] = "";
                if (date && strlen(date) >= 10) {
                    snprintf(day, sizeof day, "%.4s%.2s%.2s", date, date + 5, date + 8);
                    snprintf(month, sizeof month, "%.4s%.2s", date, date + 5);
                    snprintf(year, sizeof year, "%.4s", date);
                }
                double frac = atoi(year) + ((atoi(month + 4) - 1) * 30.4 + atoi(day + 6)) / 365.0;
                printf("%llu\t%s\t%s\t%s\t%.4f", event_id(date, src, tgt, code), day, month, year, frac);
                const char *actors[2] = {src, tgt};
                for (int a = 0; a < 2; a++) {
                    const char *ac = actors[a] ? actors[a] : "";
                    char country[4] = "", type[4] = "";
                    if (strlen(ac) >= 3 && strncmp(ac, "IGO", 3) && strncmp(ac, "NGO", 3)) snprintf(country, sizeof country, "%.3s", ac);
                    if (strlen(ac) >= 6) snprintf(type, sizeof type, "%.3s", ac + 3);
                    /* Code, Name, CountryCode, KnownGroupCode, EthnicCode, Religion1, Religion2, Type1, Type2, Type3 */
                    printf("\t%s\t\t%s\t%s\t\t\t\t%s\t\t", ac, country, !strncmp(ac, "IGO", 3) || !strncmp(ac, "NGO", 3) ? ac + 3 : "", type);
                }
                char base[4];
                snprintf(base, sizeof base, "%.3s", code ? code : "");
                /* IsRootEvent EventCode EventBaseCode EventRootCode QuadClass Goldstein NumMentions NumSources NumArticles AvgTone */
                const char *fs = rp_table_cell(&t, r, 13);
                const char *tone = rp_table_cell(&t, r, 14);
                printf("\t%d\t%s\t%s\t%.2s\t%s\t%s\t%s\t%s\t%s\t%s", fs && atoi(fs) <= 1, code, base, code, rp_table_cell(&t, r, 4),
                       rp_table_cell(&t, r, 5), rp_table_cell(&t, r, 6), rp_table_cell(&t, r, 8), rp_table_cell(&t, r, 7),
                       tone ? tone : "");
                for (int g = 0; g < 2; g++) printf("\t\t\t\t\t\t\t\t"); /* Actor1Geo, Actor2Geo: 2 x 8 fields */
                /* ActionGeo: Type FullName CountryCode ADM1Code ADM2Code Lat Long FeatureID */
                const char *geo[7];
                for (int k = 0; k < 7; k++) geo[k] = rp_table_cell(&t, r, 15 + (size_t)k);
                putchar('\t');
                tsv_field(geo[0]);
                putchar('\t');
                tsv_field(geo[1]);
                printf("\t%s\t%s\t\t%s\t%s\t", geo[2] ? geo[2] : "", geo[3] ? geo[3] : "", geo[4] ? geo[4] : "",
                       geo[5] ? geo[5] : "");
                tsv_field(geo[6]);
                printf("\t%s000000\t", day); /* DATEADDED, SOURCEURL */
                tsv_field(rp_table_cell(&t, r, 12));
                putchar('\n');
            }
            size_t got = t.nrows;
            rp_table_free(&t);
            if (got < 10000) break;
        }
    } else {
        q.limit = 0;
        if (rp_store_mentions(st, &q, &t)) status = EXIT_FAIL;
        else if (!strcmp(fmt, "csv")) print_table(&t, "csv");
        else {
            for (size_t r = 0; r < t.nrows; r++) {
                const char *date = rp_table_cell(&t, r, 3), *src = rp_table_cell(&t, r, 4), *tgt = rp_table_cell(&t, r, 6);
                const char *code = rp_table_cell(&t, r, 8);
                if (!strcmp(fmt, "mentions")) {
                    char day[9] = "";
                    if (date && strlen(date) >= 10) snprintf(day, sizeof day, "%.4s%.2s%.2s", date, date + 5, date + 8);
                    /* GlobalEventID EventTimeDate MentionTimeDate MentionType MentionSourceName MentionIdentifier
                       SentenceID Actor1CharOffset Actor2CharOffset ActionCharOffset InRawText Confidence
                       MentionDocLen MentionDocTone MentionDocTranslationInfo Extras */
                    printf("%llu\t%s000000\t%s000000\t1\t", event_id(date, src, tgt, code), day, day);
                    tsv_field(rp_table_cell(&t, r, 22));
                    putchar('\t');
                    tsv_field(rp_table_cell(&t, r, 21));
                    printf("\t%s\t%s\t%s\t%s\t1\t100\t\t\t\t\n", rp_table_cell(&t, r, 2), rp_table_cell(&t, r, 15),
                           rp_table_cell(&t, r, 19), rp_table_cell(&t, r, 17));
                    continue;
                }
                cJSON *o = cJSON_CreateObject();
                if (!strcmp(fmt, "plover")) {
                    const char *pt = plover_type(atoi(rp_table_cell(&t, r, 9)), code);
                    if (!pt) { cJSON_Delete(o); continue; }
                    cJSON_AddStringToObject(o, "id", rp_table_cell(&t, r, 0));
                    cJSON_AddStringToObject(o, "event_date", date);
                    cJSON_AddStringToObject(o, "event_type", pt);
                    cJSON_AddStringToObject(o, "cameo_code", code);
                    cJSON_AddStringToObject(o, "actor", src);
                    cJSON_AddStringToObject(o, "recipient", tgt);
                    cJSON_AddStringToObject(o, "text", rp_table_cell(&t, r, 14) ? rp_table_cell(&t, r, 14) : "");
                    cJSON_AddStringToObject(o, "source_url", rp_table_cell(&t, r, 21) ? rp_table_cell(&t, r, 21) : "");
                    cJSON_AddStringToObject(o, "language", rp_table_cell(&t, r, 23) ? rp_table_cell(&t, r, 23) : "");
                } else {
                    for (size_t c = 0; c < t.ncols; c++) {
                        const char *v = rp_table_cell(&t, r, c);
                        if (v) cJSON_AddStringToObject(o, t.names[c], v);
                        else cJSON_AddNullToObject(o, t.names[c]);
                    }
                }
                char *line = cJSON_PrintUnformatted(o);
                if (line) puts(line);
                cJSON_free(line);
                cJSON_Delete(o);
            }
        }
        rp_table_free(&t);
    }
    if (status) fprintf(stderr, "rapporti: store: %s\n", rp_store_errmsg(st));
    rp_store_close(st);
    return status;
}

/* ---- watch ---- */

static volatile sig_atomic_t watch_stop;
static void on_signal(int sig) { (void)sig; watch_stop = 1; }

typedef struct watch_run { rp_pipeline *p; ingest *g; } watch_run;

static int watch_doc(void *user, const rp_input_doc *d)
{
    watch_run *w = user;
    rp_rc rc = rp_pipeline_code_input(w->p, d);
    if (flush_batch(w->g)) w->g->failed = 1;
    return rc != RP_OK || w->g->failed;
}

static void watch_warn(void *user, const char *where, const char *message)
{
    (void)user;
    char ts[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
    fprintf(stderr, "%s rapporti: %s: %s\n", ts, where, message);
}

/* "15m", "1h", "30s", "90" (seconds) -> seconds; 0 when malformed */
static long parse_every(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (v <= 0 || end == s) return 0;
    if (!*end || !strcmp(end, "s")) return v;
    if (!strcmp(end, "m")) return v * 60;
    if (!strcmp(end, "h")) return v * 3600;
    return 0;
}

int cli_watch(int argc, char **argv)
{
    static const struct option longs[] = {
        {"db", required_argument, 0, 'B'}, {"every", required_argument, 0, 'e'}, {"rounds", required_argument, 0, 'r'},
        {"state", required_argument, 0, 's'}, {"timeout", required_argument, 0, 'T'}, {"dict", required_argument, 0, 'D'},
        {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    const char *db = NULL, *state = NULL, *dict = NULL;
    long every = 15 * 60, rounds = 0;
    rp_fetch_opts fo = {.delay_ms = 500};
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'B': db = optarg; break;
        case 'e':
            if (!(every = parse_every(optarg))) { fprintf(stderr, "rapporti watch: bad --every '%s' (e.g. 15m, 1h, 30s)\n", optarg); return EXIT_USAGE; }
            break;
        case 'r':
            rounds = strtol(optarg, &end, 10);
            if (*end || rounds < 0) { fprintf(stderr, "rapporti watch: bad --rounds '%s'\n", optarg); return EXIT_USAGE; }
            break;
        case 's': state = optarg; break;
        case 'T':
            fo.timeout_ms = strtol(optarg, &end, 10) * 1000;
            if (*end || fo.timeout_ms <= 0) { fprintf(stderr, "rapporti watch: bad --timeout '%s'\n", optarg); return EXIT_USAGE; }
            break;
        case 'D': dict = optarg; break;
        case 'h':
            printf("Usage: rapporti watch [--db PATH|URL] [--every 15m] [--rounds N] [--state FILE] FEED_URL...\n"
                   "Keep fetching the feeds (see rapporti fetch) and ingesting their new articles into the\n"
                   "store, every interval, until stopped (SIGINT/SIGTERM end it after the current round) or\n"
                   "after N rounds. Network errors are logged and the next round tries again. The state\n"
                   "file defaults to the store's path + .fetch-state.json (SQLite) or the fetch default.\n");
            return EXIT_OK;
        default: return EXIT_USAGE;
        }
    }
    if (optind >= argc) { fprintf(stderr, "rapporti watch: no feed URL\n"); return EXIT_USAGE; }
    rp_dict *d = cli_load_dict(cli_dict_dir(dict), NULL);
    if (!d) return EXIT_DICT;
    char err[512];
    const char *dbp = cli_db_default(db);
    rp_store *st = rp_store_open(dbp, err, sizeof err);
    if (!st) { fprintf(stderr, "rapporti: %s\n", err); rp_dict_free(d); return EXIT_FAIL; }
    char statebuf[4200];
    if (!state && strcmp(rp_store_backend(st), "sqlite") == 0) {
        snprintf(statebuf, sizeof statebuf, "%s.fetch-state.json", dbp);
        state = statebuf;
    }
    rp_pipeline *p = rp_pipeline_new(d, &(rp_pipeline_opts){.context = 1});
    rp_fetcher *f = rp_fetcher_new(state, &fo);
    ingest g = {.store = st, .pipe = p};
    int status = EXIT_OK;
    if (!p || !f || rp_fetcher_open(f)) {
        fprintf(stderr, "rapporti: %s\n", f ? rp_fetcher_errmsg(f) : "out of memory");
        status = EXIT_FAIL;
        goto out;
    }
    rp_pipeline_set_callbacks(p, on_event, watch_warn, &g);
    rp_pipeline_set_doc_hooks(p, on_skip, on_done, &g);
    watch_run w = {p, &g};
    rp_fetcher_set_callbacks(f, watch_doc, watch_warn, &w);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    for (long round = 1; !watch_stop && !g.failed; round++) {
        size_t before = g.docs_new, evb = g.events;
        for (int i = optind; i < argc && !watch_stop && !g.failed; i++) {
            size_t nd = 0;
            rp_rc rc = rp_fetch_feed(f, argv[i], &nd);
            if (rc == RP_EIO || rc == RP_EPARSE) watch_warn(NULL, argv[i], rp_fetcher_errmsg(f));
            else if (rc && rc != RP_ESTOP) watch_warn(NULL, argv[i], rp_strerror(rc));
        }
        char msg[160];
        snprintf(msg, sizeof msg, "round %ld: %zu new document(s), %zu event(s)", round, g.docs_new - before, g.events - evb);
        watch_warn(NULL, "watch", msg);
        if (rounds && round >= rounds) break;
        for (long t = 0; t < every && !watch_stop; t++) sleep(1);
    }
    if (g.failed) { fprintf(stderr, "rapporti: store: %s\n", rp_store_errmsg(st)); status = EXIT_FAIL; }
out:
    free_pending(&g);
    free(g.evs);
    rp_fetcher_free(f);
    rp_pipeline_free(p);
    rp_store_close(st);
    rp_dict_free(d);
    return status;
}

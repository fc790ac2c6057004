/* rapporti's speed benchmark: builds its own corpus (generated Italian and English news
 * sentences, plus the pages of ../shared/reference/article-extraction-benchmark when
 * present) and prints, with the machine and commit: dictionary load time, coding speed
 * (sentences/s, one core and N threads), end-to-end HTML -> events speed (pages/s),
 * and resident memory. A benchmark, not a test: it asserts nothing.
 * Usage: build/bench-rapporti [SENTENCES] [THREADS] */
#define _GNU_SOURCE
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <zlib.h>

#include <libxml/HTMLparser.h>

#include "rapporti/rapporti.h"
#include "rpi.h" /* rpi_html_phase0: the pages as the extractor hands them to libxml2 */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static const char *IT_S[] = {"Il presidente russo Vladimir Putin ha invitato il leader cinese Xi Jinping a Mosca",
    "La Cina ha condannato duramente l'attacco missilistico contro la capitale ucraina",
    "Il ministro degli Esteri italiano Antonio Tajani ha incontrato il suo omologo francese a Parigi",
    "L'esercito israeliano ha bombardato alcune postazioni di Hezbollah nel sud del Libano",
    "I due paesi hanno firmato un accordo per aumentare gli scambi commerciali del venti per cento",
    "Secondo fonti diplomatiche, Washington starebbe preparando nuove sanzioni contro Teheran",
    "Il governo tedesco non ha commentato le accuse mosse dal Cremlino nelle ultime ore",
    "Migliaia di persone hanno manifestato davanti al parlamento di Belgrado contro il governo",
    "La polizia turca ha arrestato decine di giornalisti durante le proteste di Istanbul",
    "Il premier ha detto che l'Italia sosterrà la proposta della Commissione europea sul bilancio"};
static const char *EN_S[] = {"Russian President Vladimir Putin invited Chinese leader Xi Jinping to Moscow for a state visit",
    "China strongly condemned the missile attack on the Ukrainian capital on Tuesday",
    "The Italian foreign minister met his French counterpart in Paris to discuss migration",
    "The Israeli army struck several Hezbollah positions in southern Lebanon overnight",
    "The two countries signed an agreement to increase trade by twenty percent this year",
    "Washington is preparing new sanctions against Tehran, according to diplomatic sources",
    "The German government did not comment on the accusations made by the Kremlin",
    "Thousands of people protested in front of the parliament in Belgrade against the government",
    "Turkish police arrested dozens of journalists during the protests in Istanbul",
    "The prime minister said Britain would support the European Commission's budget proposal"};

typedef struct job {
    const rp_dict *dict;
    char **docs;            /* documents of 20 sentences */
    const char **langs;
    size_t from, to;        /* this thread's share */
    size_t sentences, events;
    int context;            /* also run the context stage (places, dates, quotes, tone) */
} job;

static int count_event(void *u, const rp_doc *d, const rp_event *e) { (void)d; (void)e; (*(size_t *)u)++; return 0; }

static void *work(void *arg)
{
    job *j = arg;
    rp_doc *doc = rp_doc_new();
    rp_coder *c = rp_coder_new(j->dict);
    rp_context *ctx = j->context ? rp_context_new(j->dict) : NULL;
    for (size_t i = j->from; i < j->to; i++) {
        rp_doc_set_text(doc, j->docs[i], strlen(j->docs[i]), 0);
        rp_doc_set_lang(doc, j->langs[i]);
        rp_doc_set_date(doc, "2024-03-15");
        rp_doc_analyze(doc, j->dict);
        j->sentences += rp_doc_sentence_count(doc);
        if (ctx) rp_context_analyze(ctx, doc, c);
        rp_coder_code(c, doc, count_event, &j->events);
    }
    rp_context_free(ctx);
    rp_coder_free(c);
    rp_doc_free(doc);
    return NULL;
}

static double code_run(const rp_dict *d, char **docs, const char **langs, size_t ndocs, int threads, size_t *sent,
                       size_t *ev, int context)
{
    pthread_t th[64];
    job jobs[64];
    double t0 = now();
    for (int t = 0; t < threads; t++) {
        jobs[t] = (job){d, docs, langs, ndocs * t / threads, ndocs * (t + 1) / threads, 0, 0, context};
        pthread_create(&th[t], NULL, work, &jobs[t]);
    }
    *sent = *ev = 0;
    for (int t = 0; t < threads; t++) {
        pthread_join(th[t], NULL);
        *sent += jobs[t].sentences;
        *ev += jobs[t].events;
    }
    return now() - t0;
}

/* What libxml2 alone costs on the pages the extractor gives it (after phase 0): the
 * ceiling of any extraction built on it. Its tree built and freed, as the extractor does,
 * and its tokenizer with no SAX handler at all (nothing built, nothing called). */
static void libxml2_ceiling(char **pages, const size_t *lens, size_t np, size_t rounds)
{
    const int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET;
    rpi_buf raw = {0}, lean = {0};
    const char **p0 = calloc(np, sizeof *p0);
    size_t *n0 = calloc(np, sizeof *n0), bytes = 0;
    char **own = calloc(np, sizeof *own);
    double t = now();
    for (size_t r = 0; r < rounds; r++)
        for (size_t i = 0; i < np; i++) rpi_html_phase0(pages[i], lens[i], &raw, &lean, &p0[i], &n0[i]);
    double t0 = now() - t;
    for (size_t i = 0; i < np; i++) { /* keep each page's phase-0 copy for the runs below */
        rpi_html_phase0(pages[i], lens[i], &raw, &lean, &p0[i], &n0[i]);
        own[i] = malloc(n0[i] + 1);
        memcpy(own[i], p0[i], n0[i]);
        own[i][n0[i]] = 0;
        bytes += n0[i];
    }
    t = now();
    for (size_t r = 0; r < rounds; r++)
        for (size_t i = 0; i < np; i++) xmlFreeDoc(htmlReadMemory(own[i], (int)n0[i], NULL, NULL, opts | HTML_PARSE_COMPACT));
    double t1 = now() - t;
    htmlSAXHandler none;
    memset(&none, 0, sizeof none);
    t = now();
    for (size_t r = 0; r < rounds; r++)
        for (size_t i = 0; i < np; i++) {
            htmlParserCtxtPtr c = htmlCreateMemoryParserCtxt(own[i], (int)n0[i]);
            if (!c) continue;
            memcpy(c->sax, &none, sizeof none);
            htmlCtxtUseOptions(c, opts);
            htmlParseDocument(c);
            if (c->myDoc) xmlFreeDoc(c->myDoc);
            htmlFreeParserCtxt(c);
        }
    double t2 = now() - t;
    printf("the same pages, phase 0 alone (scripts, styles, comments, unread attributes cut): %.0f pages/s; "
           "%.1f KB per page left for libxml2\n", np * rounds / t0, bytes / 1e3 / np);
    printf("libxml2 alone on them, tree built and freed: %.0f pages/s; its tokenizer with no SAX handler: "
           "%.0f pages/s (the ceiling of any extraction built on libxml2)\n", np * rounds / t1, np * rounds / t2);
    for (size_t i = 0; i < np; i++) free(own[i]);
    free(own);
    free(p0);
    free(n0);
    rpi_buf_free(&raw);
    rpi_buf_free(&lean);
}

int main(int argc, char **argv)
{
    size_t nsent = argc > 1 ? strtoul(argv[1], NULL, 10) : 400000;
    int threads = argc > 2 ? atoi(argv[2]) : 2;
    if (threads < 1 || threads > 64) threads = 2;
    char host[256] = "?", commit[64] = "?";
    FILE *p = popen("uname -srm", "r");
    if (p) { if (fgets(host, sizeof host, p)) host[strcspn(host, "\n")] = 0; pclose(p); }
    p = popen("git rev-parse --short HEAD 2>/dev/null", "r");
    if (p) { if (fgets(commit, sizeof commit, p)) commit[strcspn(commit, "\n")] = 0; pclose(p); }
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    printf("machine: %s, %ld cores; commit %s; librapporti %s\n", host, cores, commit, rp_version());

    /* 1. dictionaries */
    double t0 = now();
    rp_dict *d = rp_dict_new();
    if (rp_dict_load(d, RP_DICT_DIR, "it") || rp_dict_load(d, RP_DICT_DIR, "en")) { fprintf(stderr, "%s\n", rp_dict_errmsg(d)); return 1; }
    double tload = now() - t0;
    rp_dict_stats st;
    rp_dict_stats_get(d, &st);
    printf("dictionaries (it + en): %zu actor names, %zu patterns, loaded in %.1f ms (target < 50 ms)\n",
           st.actor_names, st.patterns, tload * 1000);

    /* 2. the corpus: documents of 20 sentences, half Italian, half English, varied */
    size_t ndocs = nsent / 20 + 1;
    char **docs = malloc(ndocs * sizeof *docs);
    const char **langs = malloc(ndocs * sizeof *langs);
    size_t bytes = 0;
    srand(42);
    for (size_t i = 0; i < ndocs; i++) {
        int it = i % 2 == 0;
        const char **S = it ? IT_S : EN_S;
        char buf[8192];
        size_t len = 0;
        for (int k = 0; k < 20; k++)
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s (%d). ", S[rand() % 10], rand() % 1000);
        docs[i] = strdup(buf);
        langs[i] = it ? "it" : "en";
        bytes += len;
    }
    printf("corpus: %zu generated documents, %zu sentences, %.1f MB (it and en)\n", ndocs, ndocs * 20, bytes / 1e6);

    /* 3. coding, one core then N threads */
    size_t s1, e1, sn, en;
    double t1 = code_run(d, docs, langs, ndocs, 1, &s1, &e1, 0);
    printf("coding, 1 thread: %.0f sentences/s (%.1f MB/s), %zu events (target >= 200,000 sentences/s per core)\n",
           s1 / t1, bytes / 1e6 / t1, e1);
    double tn = code_run(d, docs, langs, ndocs, threads, &sn, &en, 0);
    printf("coding, %d threads: %.0f sentences/s, speed-up %.2fx (target >= 1.8x on 2 cores)\n", threads, sn / tn, t1 / tn);
    printf("a GDELT-sized day (250,000 articles of ~20 sentences) at this rate: %.0f s on %d threads\n",
           250000.0 * 20 / (sn / tn), threads);
    if (getenv("RP_BENCH_CODING_ONLY")) goto done; /* for profilers: dictionaries, corpus and coding only */
    size_t sc, ec;
    double tc = code_run(d, docs, langs, ndocs, 1, &sc, &ec, 1);
    printf("coding with the context stage (places, dates, amounts, quotes, tone), 1 thread: %.0f sentences/s,"
           " %.0f%% of the time without it\n", sc / tc, 100.0 * tc / t1);

    if (getenv("RP_BENCH_NO_HTML")) goto done; /* for profilers: without the HTML pages */
    /* 4. end to end: HTML pages -> extracted -> coded (events counted; the store is measured by ingest) */
    const char *dir = "../shared/reference/article-extraction-benchmark/html";
    DIR *dh = opendir(dir);
    if (!dh) {
        printf("HTML pages: %s is absent (../shared not beside the repository); end-to-end figure not measured\n", dir);
    } else {
        char **pages = NULL;
        size_t *lens = NULL, np = 0, pbytes = 0;
        struct dirent *e;
        while ((e = readdir(dh))) {
            if (!strstr(e->d_name, ".html.gz")) continue;
            char path[1024];
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            gzFile g = gzopen(path, "rb");
            if (!g) continue;
            size_t cap = 1 << 20, len = 0;
            char *buf = malloc(cap);
            int k;
            while ((k = gzread(g, buf + len, (unsigned)(cap - len))) > 0) {
                len += (size_t)k;
                if (len == cap) buf = realloc(buf, cap *= 2);
            }
            gzclose(g);
            pages = realloc(pages, (np + 1) * sizeof *pages);
            lens = realloc(lens, (np + 1) * sizeof *lens);
            pages[np] = buf;
            lens[np++] = len;
            pbytes += len;
        }
        closedir(dh);
        rp_pipeline_opts po = {.date = "2024-03-15"};
        rp_pipeline *pl = rp_pipeline_new(d, &po);
        rp_extractor *x = rp_extractor_new();
        size_t evs = 0, rounds = 5;
        double t2 = now();
        for (size_t r = 0; r < rounds; r++)
            for (size_t i = 0; i < np; i++) {
                rp_input_doc doc;
                if (rp_extract_html(x, pages[i], lens[i], NULL, &doc) == RP_OK)
                    rp_pipeline_code_text(pl, "p", doc.text, doc.text_len, NULL, NULL);
            }
        double t2e = now() - t2;
        rp_pipeline_counts pc;
        rp_pipeline_counts_get(pl, &pc);
        evs = pc.events;
        printf("end to end, HTML -> article -> language -> events, 1 thread: %.0f pages/s, %.1f MB/s "
               "(%zu benchmark pages of %.0f KB on average, %zu events; target >= 2,000 pages/s)\n",
               np * rounds / t2e, pbytes * rounds / 1e6 / t2e, np, pbytes / 1e3 / np, evs);
        rp_extractor_free(x);
        rp_pipeline_free(pl);
        libxml2_ceiling(pages, lens, np, rounds);
        for (size_t i = 0; i < np; i++) free(pages[i]);
        free(pages);
        free(lens);
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("resident memory, peak: %.1f MB (target < 150 MB)\n", ru.ru_maxrss / 1024.0);
done:
    rp_dict_free(d);
    for (size_t i = 0; i < ndocs; i++) free(docs[i]);
    free(docs);
    free(langs);
    return 0;
}

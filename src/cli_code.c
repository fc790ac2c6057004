/* rapporti code and rapporti explain: documents in, events (or the coder's reasoning)
 * out. */
#include <getopt.h>
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
} code_opts;

typedef struct run {
    const rp_dict *dict;   /* for the names of codes */
    int tsv;               /* print TSV */
    size_t warnings;       /* problems reported */
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
            "      --dedup             skip documents seen before in this run (same URL, same or nearly\n"
            "                          the same text: syndicated stories), naming each on stderr\n"
            "      --lenient           replace invalid UTF-8 by U+FFFD (with a warning) instead of\n"
            "                          skipping the document\n"
            "      --dict DIR          dictionary folder (default: $RAPPORTI_DICTS or the built-in one)\n"
            "  -h, --help              this help\n"
            "Exit status: 0 ok, 1 some input skipped, 2 usage, 3 dictionary error, 4 failure.\n",
            cmd,
            !strcmp(cmd, "code") ? "Code news documents into CAMEO events and print them."
                                 : "Show, sentence by sentence, the actors and patterns found and why a sentence gave\n"
                                   "no event.",
            !strcmp(cmd, "code") ? "  -f, --format jsonl|tsv  output format (default: jsonl)\n" : "");
}

static int parse_opts(int argc, char **argv, const char *cmd, code_opts *o)
{
    static const struct option longs[] = {
        {"lang", required_argument, 0, 'l'}, {"date", required_argument, 0, 'd'},
        {"format", required_argument, 0, 'f'}, {"dict", required_argument, 0, 'D'},
        {"lenient", no_argument, 0, 'L'}, {"jsonl", no_argument, 0, 'J'}, {"dedup", no_argument, 0, 'U'},
        {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    memset(o, 0, sizeof *o);
    o->format = "jsonl";
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "l:d:f:h", longs, NULL)) != -1) {
        switch (c) {
        case 'l': o->lang = optarg; break;
        case 'd': o->date = optarg; break;
        case 'f': o->format = optarg; break;
        case 'D': o->dict = optarg; break;
        case 'L': o->lenient = 1; break;
        case 'J': o->jsonl = 1; break;
        case 'U': o->dedup = 1; break;
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
    fprintf(stderr, "rapporti: %s: %s\n", where, message);
}

static cJSON *span(const uint32_t s[2])
{
    cJSON *a = cJSON_CreateArray();
    if (a) {
        cJSON_AddItemToArray(a, cJSON_CreateNumber(s[0]));
        cJSON_AddItemToArray(a, cJSON_CreateNumber(s[1]));
    }
    return a;
}

static int on_event(void *user, const rp_doc *doc, const rp_event *ev)
{
    run *r = user;
    const rp_sentence *s = rp_doc_sentence(doc, ev->sentence);
    const char *text = rp_doc_text(doc) + s->start;
    int tlen = (int)(s->end - s->start);
    if (r->tsv) {
        printf("%s\t%zu\t%s\t%s\t%s\t%s\t%s\t%s\t%02d\t%d\t%g\t%d\t%s\t", rp_doc_id(doc), ev->sentence,
               rp_doc_date(doc), ev->source, ev->source_country, ev->target, ev->target_country, ev->code, ev->root,
               ev->quad_class, ev->goldstein, ev->negated, ev->pattern);
        for (int i = 0; i < tlen; i++) {
            char ch = text[i];
            putchar(ch == '\t' || ch == '\n' || ch == '\r' ? ' ' : ch);
        }
        putchar('\n');
        return 0;
    }
    cJSON *o = cJSON_CreateObject();
    char *sent = NULL;
    if (!o) return 1;
    cJSON_AddStringToObject(o, "doc", rp_doc_id(doc));
    cJSON_AddStringToObject(o, "date", rp_doc_date(doc));
    cJSON_AddStringToObject(o, "lang", rp_doc_lang(doc));
    cJSON_AddNumberToObject(o, "sentence", (double)ev->sentence);
    cJSON_AddStringToObject(o, "source", ev->source);
    if (ev->source_country[0]) cJSON_AddStringToObject(o, "source_country", ev->source_country);
    else cJSON_AddNullToObject(o, "source_country");
    cJSON_AddStringToObject(o, "target", ev->target);
    if (ev->target_country[0]) cJSON_AddStringToObject(o, "target_country", ev->target_country);
    else cJSON_AddNullToObject(o, "target_country");
    cJSON_AddStringToObject(o, "code", ev->code);
    const char *cname = r->dict ? rp_cameo_name(r->dict, ev->code, rp_doc_lang(doc)) : NULL;
    if (cname) cJSON_AddStringToObject(o, "code_name", cname);
    char root[4];
    snprintf(root, sizeof root, "%02d", ev->root);
    cJSON_AddStringToObject(o, "root", root);
    cJSON_AddNumberToObject(o, "quad_class", ev->quad_class);
    cJSON_AddNumberToObject(o, "goldstein", ev->goldstein);
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
    char *line = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    if (!line) return 1;
    puts(line);
    cJSON_free(line);
    return 0;
}

static void on_trace(void *user, const rp_trace *t)
{
    (void)user;
    switch (t->kind) {
    case RP_TRACE_SENTENCE: printf("\n[%zu] %s\n", t->sentence, t->text); break;
    case RP_TRACE_ACTOR: printf("  actor  \"%s\" -> %s\n", t->text, t->code); break;
    case RP_TRACE_MATCH: printf("  match  \"%s\" -> %s  (%s)\n", t->text, t->code, t->pattern); break;
    case RP_TRACE_DROP:
        if (*t->code) printf("  drop   %s: %s  (%s)\n", t->code, t->text, t->pattern);
        else printf("  none   %s\n", t->text);
        break;
    case RP_TRACE_EVENT: printf("  EVENT  %s  (%s)\n", t->text, t->pattern); break;
    }
}

static int run_files(int argc, char **argv, const char *cmd, int explain)
{
    code_opts o;
    int rc = parse_opts(argc, argv, cmd, &o);
    if (rc) return rc < 0 ? EXIT_OK : rc;
    rp_dict *d = cli_load_dict(cli_dict_dir(o.dict), o.lang);
    if (!d) return EXIT_DICT;
    rp_pipeline_opts po = {.lang = o.lang, .date = o.date, .lenient = o.lenient, .jsonl = o.jsonl, .dedup = o.dedup};
    rp_pipeline *p = rp_pipeline_new(d, &po);
    if (!p) { rp_dict_free(d); fprintf(stderr, "rapporti: out of memory\n"); return EXIT_FAIL; }
    run r = {.dict = d, .tsv = !strcmp(o.format, "tsv")};
    rp_pipeline_set_callbacks(p, explain ? NULL : on_event, on_warn, &r);
    if (explain) rp_pipeline_set_trace(p, on_trace, &r);
    int status = EXIT_OK;
    if (r.tsv && !explain)
        printf("doc\tsentence\tdate\tsource\tsource_country\ttarget\ttarget_country\tcode\troot\tquad_class\tgoldstein\t"
               "negated\tpattern\ttext\n");
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

/* rapporti extract: sources (HTML, WARC, feeds, JSONL, text, folders) into documents,
 * printed as JSONL: source, url, title, date, author, lang, text. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "cli.h"
#include "rapporti/ingest.h"

static void extract_usage(FILE *f)
{
    fprintf(f,
            "Usage: rapporti extract [OPTIONS] FILE|FOLDER|URL|-...\n"
            "Extract documents from web pages, WARC archives (.warc, .warc.gz), RSS/Atom feeds,\n"
            "JSONL and plain text, and print them as JSONL with the keys source, url, title, date,\n"
            "author, lang, text (and duplicate_of, with --dedup, for repeated stories). Folders are\n"
            "read recursively in name order.\n"
            "\n"
            "  -k, --kind auto|text|jsonl|html|warc|feed   input kind (default: guessed per file)\n"
            "      --dedup          drop documents already seen (same URL, same or nearly the same\n"
            "                       text) and report them on standard error\n"
            "  -h, --help           this help\n"
            "Exit status: 0 ok, 1 some input could not be read or some records were bad, 2 usage,\n"
            "4 failure.\n");
}

typedef struct xrun {
    size_t warnings;
    int dedup;
    rp_dedup *dd;
    size_t seen;
    size_t duplicates;
} xrun;

static void on_warn(void *user, const char *where, const char *message)
{
    xrun *x = user;
    x->warnings++;
    fprintf(stderr, "rapporti: %s: %s\n", where, message);
}

static const char *const DUP_NAMES[] = {"", "same URL", "same text", "nearly the same text"};

int cli_print_doc(const rp_input_doc *d);

static int on_doc(void *user, const rp_input_doc *d)
{
    xrun *x = user;
    size_t first = 0;
    size_t idx = x->seen++;
    (void)idx;
    if (x->dedup) {
        rp_dup_kind k = rp_dedup_check(x->dd, d->url, d->text, d->text_len, &first);
        if (k != RP_DUP_NONE) {
            x->duplicates++;
            fprintf(stderr, "rapporti: %s: duplicate (%s) of document %zu; skipped\n", d->source, DUP_NAMES[k], first + 1);
            return 0;
        }
    }
    return cli_print_doc(d);
}

/* One document as a JSONL line on stdout (shared with rapporti fetch). */
int cli_print_doc(const rp_input_doc *d)
{
    char lang[8] = "";
    if (d->lang && *d->lang) snprintf(lang, sizeof lang, "%s", d->lang);
    else if (d->text_len) snprintf(lang, sizeof lang, "%s", rp_detect_language(d->text, d->text_len, NULL));
    cJSON *o = cJSON_CreateObject();
    if (!o) return 1;
    cJSON_AddStringToObject(o, "source", d->source ? d->source : "");
    const char *keys[] = {"url", "title", "date", "author"};
    const char *vals[] = {d->url, d->title, d->date, d->author};
    for (int i = 0; i < 4; i++) {
        if (vals[i]) cJSON_AddStringToObject(o, keys[i], vals[i]);
        else cJSON_AddNullToObject(o, keys[i]);
    }
    if (lang[0]) cJSON_AddStringToObject(o, "lang", lang);
    else cJSON_AddNullToObject(o, "lang");
    char *text = malloc(d->text_len + 1);
    if (!text) { cJSON_Delete(o); return 1; }
    memcpy(text, d->text ? d->text : "", d->text_len);
    text[d->text_len] = '\0';
    cJSON_AddStringToObject(o, "text", text);
    free(text);
    char *line = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    if (!line) return 1;
    puts(line);
    cJSON_free(line);
    return 0;
}

int cli_extract(int argc, char **argv)
{
    static const struct option longs[] = {{"kind", required_argument, 0, 'k'}, {"dedup", no_argument, 0, 'D'},
                                          {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    rp_input_kind kind = RP_INPUT_AUTO;
    xrun x = {0};
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "k:h", longs, NULL)) != -1) {
        switch (c) {
        case 'k':
            if (!strcmp(optarg, "auto")) kind = RP_INPUT_AUTO;
            else if (!strcmp(optarg, "text")) kind = RP_INPUT_TEXT;
            else if (!strcmp(optarg, "jsonl")) kind = RP_INPUT_JSONL;
            else if (!strcmp(optarg, "html")) kind = RP_INPUT_HTML;
            else if (!strcmp(optarg, "warc")) kind = RP_INPUT_WARC;
            else if (!strcmp(optarg, "feed")) kind = RP_INPUT_FEED;
            else {
                fprintf(stderr, "rapporti extract: bad --kind '%s'\n", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'D': x.dedup = 1; break;
        case 'h': extract_usage(stdout); return EXIT_OK;
        default: extract_usage(stderr); return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "rapporti extract: no input (give files, folders, or - for standard input)\n");
        return EXIT_USAGE;
    }
    rp_reader *r = rp_reader_new();
    x.dd = x.dedup ? rp_dedup_new() : NULL;
    if (!r || (x.dedup && !x.dd)) {
        fprintf(stderr, "rapporti: out of memory\n");
        rp_reader_free(r);
        rp_dedup_free(x.dd);
        return EXIT_FAIL;
    }
    rp_reader_set_callbacks(r, on_doc, on_warn, &x);
    int status = EXIT_OK;
    for (int i = optind; i < argc; i++) {
        if (!strncmp(argv[i], "http://", 7) || !strncmp(argv[i], "https://", 8)) {
            rp_fetcher *f = rp_fetcher_new(NULL, NULL);
            rp_rc rc = f ? rp_fetcher_open(f) : RP_ENOMEM;
            if (!rc) {
                rp_fetcher_set_callbacks(f, on_doc, on_warn, &x);
                rc = rp_fetch_page(f, argv[i]);
            }
            if (rc == RP_EIO) fprintf(stderr, "rapporti: %s\n", rp_fetcher_errmsg(f));
            else if (rc) fprintf(stderr, "rapporti: %s: %s\n", argv[i], rp_strerror(rc));
            if (rc) status = rc == RP_ENOMEM ? EXIT_FAIL : EXIT_PARTIAL;
            rp_fetcher_free(f);
            continue;
        }
        rp_reader_counts before, after;
        rp_reader_counts_get(r, &before);
        rp_rc rc = rp_reader_read(r, argv[i], kind);
        rp_reader_counts_get(r, &after);
        if (after.records_skipped > before.records_skipped)
            fprintf(stderr, "rapporti: %s: %zu record(s) skipped (not HTML pages, or without text)\n", argv[i],
                    after.records_skipped - before.records_skipped);
        if (rc == RP_EIO) {
            fprintf(stderr, "rapporti: %s\n", rp_reader_errmsg(r));
            status = EXIT_PARTIAL;
        } else if (rc) {
            fprintf(stderr, "rapporti: %s: %s\n", argv[i], rp_strerror(rc));
            status = EXIT_FAIL;
            break;
        }
    }
    if (x.warnings && status == EXIT_OK) status = EXIT_PARTIAL;
    rp_reader_free(r);
    rp_dedup_free(x.dd);
    return status;
}

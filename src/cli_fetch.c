/* rapporti fetch: download feeds and the articles they link (libcurl), politely, and
 * print the new documents as JSONL, remembering what was seen. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "rapporti/ingest.h"

static void fetch_usage(FILE *f)
{
    fprintf(f,
            "Usage: rapporti fetch [OPTIONS] FEED_URL...\n"
            "Download RSS/Atom feeds and the pages of their new items, extract the articles and\n"
            "print them as JSONL (source, url, title, date, author, lang, text), ready for\n"
            "'rapporti code --jsonl -'. Feeds are asked with a conditional GET (ETag,\n"
            "Last-Modified); items already seen are not fetched again.\n"
            "\n"
            "  -s, --state FILE     where to remember feeds and items (default:\n"
            "                       $XDG_STATE_HOME/rapporti/fetch-state.json, else\n"
            "                       ~/.local/state/rapporti/fetch-state.json)\n"
            "      --no-state       remember nothing\n"
            "      --no-pages       do not download item pages: use the feeds' own text\n"
            "      --timeout SEC    time limit of one transfer (default 30)\n"
            "      --delay MS       pause between the pages of a feed (default 500)\n"
            "      --retry-delay MS first pause before retrying a failed transfer; doubles, 3\n"
            "                       tries in all (default 1000)\n"
            "  -h, --help           this help\n"
            "Exit status: 0 ok, 1 some feed or page could not be had, 2 usage, 4 failure.\n");
}

typedef struct frun {
    size_t warnings;
} frun;

static void on_warn(void *user, const char *where, const char *message)
{
    frun *r = user;
    r->warnings++;
    fprintf(stderr, "rapporti: %s: %s\n", where, message);
}

int cli_print_doc(const rp_input_doc *d); /* cli_extract.c */

static int on_doc(void *user, const rp_input_doc *d)
{
    (void)user;
    return cli_print_doc(d);
}

static char *default_state(void)
{
    const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    char dir[4096];
    if (xdg && *xdg) snprintf(dir, sizeof dir, "%s/rapporti", xdg);
    else if (home && *home) snprintf(dir, sizeof dir, "%s/.local/state/rapporti", home);
    else return NULL;
    /* make the folders (mkdir -p) */
    for (char *p = dir + 1; *p; p++)
        if (*p == '/') { *p = '\0'; mkdir(dir, 0755); *p = '/'; }
    mkdir(dir, 0755);
    size_t n = strlen(dir) + 32;
    char *path = malloc(n);
    if (path) snprintf(path, n, "%s/fetch-state.json", dir);
    return path;
}

int cli_fetch(int argc, char **argv)
{
    static const struct option longs[] = {
        {"state", required_argument, 0, 's'}, {"no-state", no_argument, 0, 'N'}, {"no-pages", no_argument, 0, 'P'},
        {"timeout", required_argument, 0, 'T'}, {"delay", required_argument, 0, 'W'},
        {"retry-delay", required_argument, 0, 'R'}, {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    const char *state = NULL;
    int no_state = 0;
    rp_fetch_opts o = {.delay_ms = 500};
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "s:h", longs, NULL)) != -1) {
        char *end;
        switch (c) {
        case 's': state = optarg; break;
        case 'N': no_state = 1; break;
        case 'P': o.no_pages = 1; break;
        case 'T':
            o.timeout_ms = strtol(optarg, &end, 10) * 1000;
            if (*end || o.timeout_ms <= 0) { fprintf(stderr, "rapporti fetch: bad --timeout '%s'\n", optarg); return EXIT_USAGE; }
            break;
        case 'W':
            o.delay_ms = strtol(optarg, &end, 10);
            if (*end || o.delay_ms < 0) { fprintf(stderr, "rapporti fetch: bad --delay '%s'\n", optarg); return EXIT_USAGE; }
            break;
        case 'R':
            o.retry_delay_ms = strtol(optarg, &end, 10);
            if (*end || o.retry_delay_ms <= 0) { fprintf(stderr, "rapporti fetch: bad --retry-delay '%s'\n", optarg); return EXIT_USAGE; }
            break;
        case 'h': fetch_usage(stdout); return EXIT_OK;
        default: fetch_usage(stderr); return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "rapporti fetch: no feed URL\n");
        return EXIT_USAGE;
    }
    char *def = NULL;
    if (!no_state && !state) state = def = default_state();
    rp_fetcher *f = rp_fetcher_new(no_state ? NULL : state, &o);
    if (!f) { free(def); fprintf(stderr, "rapporti: cannot start libcurl or out of memory\n"); return EXIT_FAIL; }
    frun run = {0};
    rp_fetcher_set_callbacks(f, on_doc, on_warn, &run);
    int status = EXIT_OK;
    rp_rc rc = rp_fetcher_open(f);
    if (rc) {
        fprintf(stderr, "rapporti: %s\n", rp_fetcher_errmsg(f));
        status = rc == RP_ENOMEM ? EXIT_FAIL : EXIT_USAGE;
    }
    for (int i = optind; !rc && i < argc; i++) {
        if (strncmp(argv[i], "http://", 7) && strncmp(argv[i], "https://", 8)) {
            fprintf(stderr, "rapporti: %s: not an http(s) URL\n", argv[i]);
            status = EXIT_PARTIAL;
            continue;
        }
        size_t n = 0;
        rp_rc e = rp_fetch_feed(f, argv[i], &n);
        if (e == RP_EIO || e == RP_EPARSE) {
            fprintf(stderr, "rapporti: %s\n", rp_fetcher_errmsg(f));
            status = EXIT_PARTIAL;
        } else if (e) {
            fprintf(stderr, "rapporti: %s: %s\n", argv[i], rp_strerror(e));
            status = EXIT_FAIL;
            break;
        } else {
            fprintf(stderr, "rapporti: %s: %zu new document(s)\n", argv[i], n);
        }
    }
    fflush(stdout);
    if (run.warnings && status == EXIT_OK) status = EXIT_PARTIAL;
    rp_fetcher_free(f);
    free(def);
    return status;
}

/* rapporti: the command line. Parses the command and hands over to cli_<command>.c;
 * this is the only place that maps results to exit statuses. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#ifndef RP_DICT_DIR
#define RP_DICT_DIR "dicts"
#endif

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: rapporti COMMAND [OPTIONS] [FILE...]\n"
            "Read news text and code the political events it reports in CAMEO.\n"
            "\n"
            "Commands:\n"
            "  code      code documents and print events (JSONL or TSV)\n"
            "  explain   show, sentence by sentence, what matched and why\n"
            "  extract   extract documents from pages, archives and feeds (JSONL)\n"
            "  fetch     download feeds and their new articles (JSONL)\n"
            "  ingest    extract, code and store documents and events (SQLite or PostgreSQL)\n"
            "  recode    code the stored documents again with the current dictionaries\n"
            "  query     measures: dyad timeline, trending, top dyads, actor profile, events\n"
            "  export    events as GDELT 2.0, mentions, PLOVER-style JSONL, JSONL or CSV\n"
            "  watch     keep fetching feeds and ingesting their new articles\n"
            "  serve     JSON API and web dashboard over the store (127.0.0.1:8080)\n"
            "  dict      check dictionaries or print their statistics\n"
            "  validate  run a TABARI or PETRARCH validation suite (records passed, events found)\n"
            "  version   print the version\n"
            "\n"
            "Run 'rapporti COMMAND --help' for a command's options.\n"
            "Exit status: 0 ok, 1 some input skipped, 2 usage, 3 dictionary error, 4 failure.\n");
}

/* Print one trace record of the coder (rapporti explain, rapporti validate --explain). */
void cli_print_trace(void *user, const rp_trace *t)
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

const char *cli_dict_dir(const char *opt)
{
    if (opt) return opt;
    const char *env = getenv("RAPPORTI_DICTS");
    return env && *env ? env : RP_DICT_DIR;
}

static void foreign_warn(void *user, int is_error, const char *file, unsigned line, const char *msg)
{
    (void)user; (void)is_error;
    fprintf(stderr, "rapporti: warning: %s:%u: %s\n", file, line, msg);
}

rp_dict *cli_load_dict(const char *dir, const char *lang)
{
    rp_dict *d = rp_dict_new();
    if (!d) { fprintf(stderr, "rapporti: out of memory\n"); return NULL; }
    if (!strncmp(dir, "tabari:", 7) || !strncmp(dir, "petrarch:", 9)) {
        /* TABARI/PETRARCH dictionaries, in English, with our English language rules */
        if (lang && strcmp(lang, "auto") && strcmp(lang, "en")) {
            fprintf(stderr, "rapporti: %s dictionaries are English: use --lang en\n", dir[0] == 't' ? "TABARI" : "PETRARCH");
            rp_dict_free(d);
            return NULL;
        }
        size_t skipped = 0;
        rp_rc rc = rp_dict_load_foreign(d, cli_dict_dir(NULL), "en", dir, getenv("RAPPORTI_VERBOSE") ? foreign_warn : NULL, NULL, &skipped);
        if (!rc && skipped)
            fprintf(stderr, "rapporti: %zu entries of %s left out (unsupported or malformed; RAPPORTI_VERBOSE=1 lists them)\n", skipped, dir);
        if (rc) {
            fprintf(stderr, "rapporti: %s\n", *rp_dict_errmsg(d) ? rp_dict_errmsg(d) : rc == RP_EINVAL ? "bad --dict (want tabari:PROJECT or petrarch:FILE,... or petrarch:DIR)" : rp_strerror(rc));
            rp_dict_free(d);
            return NULL;
        }
        return d;
    }
    if (lang && strcmp(lang, "auto")) {
        rp_rc rc = rp_dict_load(d, dir, lang);
        if (rc) {
            fprintf(stderr, "rapporti: %s\n", *rp_dict_errmsg(d) ? rp_dict_errmsg(d) : rp_strerror(rc));
            rp_dict_free(d);
            return NULL;
        }
        return d;
    }
    DIR *dh = opendir(dir);
    if (!dh) {
        fprintf(stderr, "rapporti: %s: cannot open dictionary folder (set --dict or RAPPORTI_DICTS)\n", dir);
        rp_dict_free(d);
        return NULL;
    }
    char *langs[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dh)) && n < 64) {
        if (e->d_name[0] == '.' || strlen(e->d_name) > 7) continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s/lang.txt", dir, e->d_name);
        FILE *f = fopen(path, "r");
        if (!f) continue;
        fclose(f);
        langs[n++] = strdup(e->d_name);
    }
    closedir(dh);
    int ok = n > 0;
    if (!ok) fprintf(stderr, "rapporti: %s: no language folders with a lang.txt\n", dir);
    for (int i = 0; i < n; i++) {
        if (ok && langs[i]) {
            rp_rc rc = rp_dict_load(d, dir, langs[i]);
            if (rc) {
                fprintf(stderr, "rapporti: %s\n", *rp_dict_errmsg(d) ? rp_dict_errmsg(d) : rp_strerror(rc));
                ok = 0;
            }
        }
        free(langs[i]);
    }
    if (!ok) { rp_dict_free(d); return NULL; }
    return d;
}

int main(int argc, char **argv)
{
    if (argc < 2) { usage(stderr); return EXIT_USAGE; }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) { usage(stdout); return EXIT_OK; }
    if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) { printf("rapporti %s\n", rp_version()); return EXIT_OK; }
    static char name[64]; /* getopt prints argv[0] in its messages */
    snprintf(name, sizeof name, "rapporti %s", cmd);
    argv[1] = name;
    if (!strcmp(cmd, "code")) return cli_code(argc - 1, argv + 1);
    if (!strcmp(cmd, "explain")) return cli_explain(argc - 1, argv + 1);
    if (!strcmp(cmd, "dict")) return cli_dict(argc - 1, argv + 1);
    if (!strcmp(cmd, "extract")) return cli_extract(argc - 1, argv + 1);
    if (!strcmp(cmd, "fetch")) return cli_fetch(argc - 1, argv + 1);
    if (!strcmp(cmd, "ingest")) return cli_ingest(argc - 1, argv + 1);
    if (!strcmp(cmd, "recode")) return cli_recode(argc - 1, argv + 1);
    if (!strcmp(cmd, "query")) return cli_query(argc - 1, argv + 1);
    if (!strcmp(cmd, "export")) return cli_export(argc - 1, argv + 1);
    if (!strcmp(cmd, "watch")) return cli_watch(argc - 1, argv + 1);
    if (!strcmp(cmd, "serve")) return cli_serve(argc - 1, argv + 1);
    if (!strcmp(cmd, "validate")) return cli_validate(argc - 1, argv + 1);
    fprintf(stderr, "rapporti: unknown command '%s'\n", cmd);
    usage(stderr);
    return EXIT_USAGE;
}

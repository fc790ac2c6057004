/* rapporti dict: check the dictionaries (load errors as file:line, then the linter's
 * errors and warnings) or print their statistics per language, root and code. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void dict_usage(FILE *f)
{
    fprintf(f,
            "Usage: rapporti dict check|stats [--dict DIR] [--lang it|en|auto] [--codes]\n"
            "  check   load every dictionary file and lint them: duplicate or conflicting names\n"
            "          and patterns, people without a code for some dates, agents that are also\n"
            "          actors. Prints file:line: error|warning: message; errors fail the check.\n"
            "  stats   counts per language: actors, office holders, agents, patterns, word sets,\n"
            "          CAMEO codes covered, patterns and codes per root (--codes: per code too)\n"
            "Exit status: 0 ok (warnings allowed), 2 usage, 3 dictionary errors.\n");
}

static void on_issue(void *user, int is_error, const char *file, unsigned line, const char *message)
{
    (void)user;
    printf("%s:%u: %s: %s\n", file, line, is_error ? "error" : "warning", message);
}

static void on_code(void *user, const char *code, size_t n)
{
    (void)user;
    printf("  %-5s %zu\n", code, n);
}

static int print_stats(const rp_dict *d, int codes)
{
    rp_dict_stats all;
    rp_dict_stats_get(d, &all);
    printf("CAMEO codebook: %zu codes\n", all.cameo_codes);
    for (size_t i = 0; rp_dict_lang_code(d, i); i++) {
        const char *lang = rp_dict_lang_code(d, i);
        rp_lang_stats st;
        if (rp_dict_lang_stats(d, lang, &st)) return EXIT_FAIL;
        printf("\n[%s]\n", lang);
        printf("actor entries      %zu\nactor names        %zu\noffice holders     %zu\nagents             %zu\n"
               "agent names        %zu\npatterns           %zu\nword sets          %zu\ncodes with patterns %zu\n",
               st.actor_entries, st.actor_names, st.dated_actors, st.agents, st.agent_names, st.patterns,
               st.word_sets, st.codes);
        printf("tone stems         %zu positive, %zu negative\ncontext words      %zu\n", st.tone_positive,
               st.tone_negative, st.context_words);
        printf("root  patterns  codes\n");
        for (int r = 1; r <= 20; r++) printf("%02d    %8zu  %5zu\n", r, st.patterns_per_root[r], st.codes_per_root[r]);
        if (codes) {
            printf("code  patterns\n");
            rp_dict_code_counts(d, lang, on_code, NULL);
        }
    }
    return EXIT_OK;
}

int cli_dict(int argc, char **argv)
{
    static const struct option longs[] = {
        {"dict", required_argument, 0, 'D'}, {"lang", required_argument, 0, 'l'},
        {"codes", no_argument, 0, 'c'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    const char *dir = NULL, *lang = NULL;
    int codes = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "l:h", longs, NULL)) != -1) {
        switch (c) {
        case 'D': dir = optarg; break;
        case 'l': lang = optarg; break;
        case 'c': codes = 1; break;
        case 'h': dict_usage(stdout); return EXIT_OK;
        default: dict_usage(stderr); return EXIT_USAGE;
        }
    }
    if (optind != argc - 1 || (strcmp(argv[optind], "check") && strcmp(argv[optind], "stats"))) {
        dict_usage(stderr);
        return EXIT_USAGE;
    }
    rp_dict *d = cli_load_dict(cli_dict_dir(dir), lang);
    if (!d) return EXIT_DICT;
    int status = EXIT_OK;
    if (!strcmp(argv[optind], "check")) {
        size_t errors = 0, warnings = 0;
        if (rp_dict_lint(d, on_issue, NULL, &errors, &warnings)) status = EXIT_FAIL;
        rp_dict_stats st;
        rp_dict_stats_get(d, &st);
        printf("%s: %zu language(s), %zu actor names, %zu agent names, %zu patterns; %zu error(s), %zu warning(s)\n",
               errors ? "failed" : "ok", st.languages, st.actor_names, st.agent_names, st.patterns, errors, warnings);
        if (errors && status == EXIT_OK) status = EXIT_DICT;
    } else {
        status = print_stats(d, codes);
    }
    rp_dict_free(d);
    return status;
}

/* rapporti dict: load the dictionaries (reporting the first error as file:line) and
 * print their statistics. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void dict_usage(FILE *f)
{
    fprintf(f,
            "Usage: rapporti dict check|stats [--dict DIR] [--lang it|en|auto]\n"
            "  check   load every dictionary file; print the first error as file:line: message\n"
            "  stats   print counts of actors, agents, patterns and CAMEO codes\n"
            "Exit status: 0 ok, 2 usage, 3 dictionary error.\n");
}

int cli_dict(int argc, char **argv)
{
    static const struct option longs[] = {
        {"dict", required_argument, 0, 'D'}, {"lang", required_argument, 0, 'l'},
        {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    const char *dir = NULL, *lang = NULL;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "l:h", longs, NULL)) != -1) {
        switch (c) {
        case 'D': dir = optarg; break;
        case 'l': lang = optarg; break;
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
    rp_dict_stats st;
    rp_dict_stats_get(d, &st);
    if (!strcmp(argv[optind], "check")) {
        printf("ok: %zu language(s), %zu actor names, %zu agent names, %zu patterns\n", st.languages,
               st.actor_names, st.agent_names, st.patterns);
    } else {
        printf("languages\t%zu\nactor_entries\t%zu\nactor_names\t%zu\nagent_names\t%zu\npatterns\t%zu\n"
               "pattern_codes\t%zu\ncameo_codes\t%zu\n",
               st.languages, st.actor_entries, st.actor_names, st.agent_names, st.patterns, st.pattern_codes,
               st.cameo_codes);
    }
    rp_dict_free(d);
    return EXIT_OK;
}

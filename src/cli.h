/* Shared pieces of the command line: exit statuses, dictionary loading, commands. */
#ifndef RP_CLI_H
#define RP_CLI_H

#include "rapporti/rapporti.h"

/* Exit statuses (documented in man/rapporti.1). */
enum {
    EXIT_OK = 0,        /* everything read and coded */
    EXIT_PARTIAL = 1,   /* some input could not be read or some documents were skipped */
    EXIT_USAGE = 2,     /* bad command line */
    EXIT_DICT = 3,      /* dictionaries could not be loaded */
    EXIT_FAIL = 4       /* out of memory or another internal failure */
};

/* Load the dictionaries for lang ("it", "en", or NULL/"auto" for every language found
 * under the dictionary folder). Prints the error and returns NULL on failure. */
rp_dict *cli_load_dict(const char *dir, const char *lang);
const char *cli_dict_dir(const char *opt);

/* Print one trace record of the coder to stdout (user unused). */
void cli_print_trace(void *user, const rp_trace *t);

int cli_code(int argc, char **argv);
int cli_explain(int argc, char **argv);
int cli_dict(int argc, char **argv);
int cli_extract(int argc, char **argv);
int cli_fetch(int argc, char **argv);
int cli_ingest(int argc, char **argv);
int cli_recode(int argc, char **argv);
int cli_query(int argc, char **argv);
int cli_export(int argc, char **argv);
int cli_watch(int argc, char **argv);
int cli_serve(int argc, char **argv);
int cli_validate(int argc, char **argv);
const char *cli_db_default(const char *opt);

/* cli_context.c: the context stage's results as JSON (cJSON objects, NULL when out of
 * memory). */
struct cJSON;
struct cJSON *cli_place_json(const rp_doc *doc, const rp_place *p);
struct cJSON *cli_when_json(const rp_doc *doc, const rp_when *w);
struct cJSON *cli_context_json(const rp_doc *doc, const rp_context *ctx);

#endif

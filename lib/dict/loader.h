/* The dictionary loader as seen by the readers of other formats (foreign.c): they
 * translate each entry into a line of our format (docs/dictionaries.md) and hand it to
 * the same parsers, with the file and line it came from, so every check and every
 * message is the same. */
#ifndef RP_LOADER_H
#define RP_LOADER_H

#include "dict_int.h"

typedef struct rpi_loader rpi_loader;

/* Start loading language LANG: the codebook (once) and root/LANG/lang.txt. foreign = 1
 * accepts any short code strings (TABARI "AR1", "032:033", "---"). Always close *out
 * with rpi_loader_close, also on error. */
rp_rc rpi_loader_open(rp_dict *dict, const char *root, const char *lang, int foreign, rpi_loader **out);

/* Read a whole file (checked UTF-8, no NUL) and make it the file of later messages and
 * pattern ids. *data is freed by the caller with rpi_free. */
rp_rc rpi_loader_read(rpi_loader *ld, const char *path, char **data, size_t *len);

/* One line of our format for the current file: kind 'a' actor, 'g' agent, 'v' pattern
 * or word set. The text is modified. */
rp_rc rpi_loader_line(rpi_loader *ld, char kind, unsigned line, char *text);

/* Record an error "file:line: message" for the current file. */
void rpi_loader_fail(rpi_loader *ld, unsigned line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The current file's path. */
const char *rpi_loader_path(const rpi_loader *ld);

/* Tokens allowed between two pattern elements for this language; whether only the
 * first verb of a clause is coded (TABARI); whether a group alone needs @group to be
 * coded member to member (TABARI, PETRARCH-1); whether of "A:B" only A is coded
 * (PETRARCH-2). */
void rpi_loader_set_rules(rpi_loader *ld, int gap, int one_verb, int no_group_pairs, int first_code_only);

/* Add words ("in | from") to the language's link words (agent ... country). */
rp_rc rpi_loader_add_links(rpi_loader *ld, const char *words);
/* A CAMEO code's value in PETRARCH's internal coding ontology (rpi_lang.pico); primary:
   the code's own value, else one more that maps back to it. code: at most 7 bytes. */
rp_rc rpi_loader_add_pico(rpi_loader *ld, const char *code, long value, int primary);

/* The language being loaded. */
rpi_lang *rpi_loader_lang(rpi_loader *ld);

/* The token hashes of s cut and folded as news text is (stems with stem = 1, when the
 * language has a stemmer): at most max, else RP_EINVAL; *n says how many. */
rp_rc rpi_loader_words(rpi_loader *ld, const char *s, int stem, uint64_t *hashes, size_t max, size_t *n);

/* Finish: with rc == RP_OK the language joins the dictionary; returns rc (or RP_ENOMEM). */
rp_rc rpi_loader_close(rpi_loader *ld, rp_rc rc);

#endif

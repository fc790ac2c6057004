/* Dictionary stage: our plain-text dictionaries (docs/dictionaries.md) loaded per
 * language and compiled into hash matchers: actors, agents, event patterns, language
 * rules, and the CAMEO codebook. */
#ifndef RAPPORTI_DICT_H
#define RAPPORTI_DICT_H

#include <stddef.h>

typedef struct rp_dict rp_dict;

/* Counts, for `rapporti dict stats` and the docs. */
typedef struct rp_dict_stats {
    size_t languages;     /* languages loaded */
    size_t actor_names;   /* actor names (all languages) */
    size_t actor_entries; /* actor lines */
    size_t agent_names;   /* agent names */
    size_t patterns;      /* event patterns */
    size_t cameo_codes;   /* codes in the codebook */
    size_t pattern_codes; /* distinct CAMEO codes used by patterns */
} rp_dict_stats;

/* A new empty dictionary, or NULL when out of memory; free with rp_dict_free. */
RP_API rp_dict *rp_dict_new(void);

/* Free a dictionary; NULL is harmless. */
RP_API void rp_dict_free(rp_dict *dict);

/* Load the CAMEO codebook (root/cameo/codebook.tsv, once) and one language: the files
 * of root/common/actors and root/LANG/{lang.txt,actors,agents,verbs}. On error returns
 * RP_EIO or RP_EPARSE and rp_dict_errmsg says "file:line: what". Languages loaded
 * earlier stay usable. Loading the same language twice is RP_EINVAL. */
RP_API rp_rc rp_dict_load(rp_dict *dict, const char *root, const char *lang);

/* The last error message, "" if none. */
RP_API const char *rp_dict_errmsg(const rp_dict *dict);

/* 1 when LANG is loaded. */
RP_API int rp_dict_has_lang(const rp_dict *dict, const char *lang);

/* Fill *st with counts. */
RP_API void rp_dict_stats_get(const rp_dict *dict, rp_dict_stats *st);

/* Look up a CAMEO event code: 1 when known, with its Goldstein value, QuadClass (1-4)
 * and English name (static to the dictionary) in the non-NULL outputs; 0 otherwise. */
RP_API int rp_cameo_lookup(const rp_dict *dict, const char *code, double *goldstein,
                           int *quad_class, const char **name);

#endif

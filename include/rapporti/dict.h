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

/* Called once per problem found in dictionaries (by the linter, or an entry of TABARI's
 * or PETRARCH's files left out): is_error 1 for an error (the dictionaries are wrong),
 * 0 for a warning; file and line point at the line to look at. */
typedef void (*rp_lint_cb)(void *user, int is_error, const char *file, unsigned line, const char *message);

/* Load dictionaries written for TABARI or PETRARCH as language LANG (docs/
 * foreign-dictionaries.md), translated into our model; the language rules come from
 * root/LANG/lang.txt. SPEC is "tabari:PROJECT" (a TABARI .project file naming the
 * .actors, .agents and .verbs files) or "petrarch:FILE,FILE,..." (each file's role by its
 * name: actors, agents, discards, verbs or CAMEO*) or "petrarch:DIR" (the Phoenix set in
 * DIR). Event codes are kept as the files write them. Entries we cannot use (PETRARCH
 * transformations, patterns with two sources, malformed dates of the real dictionaries)
 * are left out: warn (may be NULL) is told of each with its file and line, *skipped
 * (may be NULL) counts them. Other errors stop loading and name the file and line, as
 * for rp_dict_load; RP_EINVAL for a malformed SPEC. */
RP_API rp_rc rp_dict_load_foreign(rp_dict *dict, const char *root, const char *lang, const char *spec,
                                  rp_lint_cb warn, void *user, size_t *skipped);

/* 1 when LANG was loaded from TABARI or PETRARCH-1 files: its event codes are theirs
 * (WEIS-like), not our CAMEO codebook's (no names, Goldstein values or QuadClass).
 * PETRARCH-2's dictionaries code in CAMEO: 0. */
RP_API int rp_dict_lang_foreign(const rp_dict *dict, const char *lang);

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

/* The name of a CAMEO code in a language ("it" from dicts/cameo/names-it.tsv; others and
 * missing names in English), or NULL for an unknown code. Static to the dictionary. */
RP_API const char *rp_cameo_name(const rp_dict *dict, const char *code, const char *lang);

/* Look across the loaded dictionaries for duplicate or conflicting names and patterns,
 * people without a code for some dates, agents that are also actors. Counts go to
 * *errors and *warnings (either may be NULL). Returns RP_OK or RP_ENOMEM. */
RP_API rp_rc rp_dict_lint(const rp_dict *dict, rp_lint_cb cb, void *user, size_t *errors, size_t *warnings);

/* Counts of one language. */
typedef struct rp_lang_stats {
    size_t actor_entries;          /* actor lines */
    size_t actor_names;            /* names of actors */
    size_t dated_actors;           /* actors with dated codes (office holders) */
    size_t agents;                 /* agent lines */
    size_t agent_names;            /* names of agents */
    size_t patterns;               /* event patterns */
    size_t word_sets;              /* &NAME sets */
    size_t codes;                  /* distinct CAMEO codes with a pattern */
    size_t patterns_per_root[21];  /* [1..20] */
    size_t codes_per_root[21];     /* distinct codes per root, [1..20] */
    size_t tone_positive;          /* polarity lexicon: stems of positive words */
    size_t tone_negative;          /* and of negative ones */
    size_t context_words;          /* entries of the context word lists (dates, amounts...) */
} rp_lang_stats;

/* Fill *st for LANG (RP_EINVAL when not loaded). */
RP_API rp_rc rp_dict_lang_stats(const rp_dict *dict, const char *lang, rp_lang_stats *st);

/* Call cb for every code of the codebook with the number of LANG patterns for it. */
RP_API rp_rc rp_dict_code_counts(const rp_dict *dict, const char *lang,
                                 void (*cb)(void *user, const char *code, size_t n), void *user);

/* The languages loaded, in load order: the i-th code, or NULL past the end. */
RP_API const char *rp_dict_lang_code(const rp_dict *dict, size_t i);

#endif

/* Coding stage: find actors and event patterns in an analysed document and emit CAMEO
 * events (who did what to whom) with their evidence. */
#ifndef RAPPORTI_CODE_H
#define RAPPORTI_CODE_H

#include <stddef.h>
#include <stdint.h>

struct rp_dict;
struct rp_doc;

#define RP_CODE_MAX 32 /* longest actor or event code, with its NUL */

/* Is code[0..len) an actor code: upper-case ASCII letters in groups of three, at most 30
 * ("RUS", "RUSGOV")? The one rule for the dictionaries, the API and the command line. */
RP_API int rp_actor_code_valid(const char *code, size_t len);

/* One coded event. Strings live as long as the callback call; copy what you keep. */
typedef struct rp_event {
    size_t sentence;                  /* sentence index in the document */
    char source[RP_CODE_MAX];         /* full actor code, e.g. RUSGOV */
    char source_country[4];           /* ISO 3166 alpha-3 country, "" for IGOs etc. */
    char target[RP_CODE_MAX];
    char target_country[4];
    char code[8];                     /* CAMEO event code, e.g. 0312 */
    int root;                         /* CAMEO root 1..20 */
    int quad_class;                   /* 1 verbal coop .. 4 material conflict (GDELT) */
    double goldstein;                 /* Goldstein value of the code */
    int negated;                      /* the sentence negates the act */
    const char *pattern;              /* pattern id "lang/file:line" */
    uint32_t source_span[2];          /* byte spans [start, end) in the document text */
    uint32_t verb_span[2];
    uint32_t target_span[2];
} rp_event;

/* Called once per event, in text order. Return 0 to go on, non-zero to stop (the coder
 * then returns RP_ESTOP). */
typedef int (*rp_event_cb)(void *user, const struct rp_doc *doc, const rp_event *ev);

/* What the coder saw, for `rapporti explain`: one record per step. */
typedef enum rp_trace_kind {
    RP_TRACE_SENTENCE,  /* a sentence starts (text in .text) */
    RP_TRACE_ACTOR,     /* an actor mention (.text = words, .code = resolved code) */
    RP_TRACE_MATCH,     /* a pattern matched (.text = words, .code = event code) */
    RP_TRACE_DROP,      /* a match gave no event (.text = why) */
    RP_TRACE_EVENT      /* an event was emitted (.code, .text = "SRC TGT CODE") */
} rp_trace_kind;

typedef struct rp_trace {
    rp_trace_kind kind;   /* what happened */
    size_t sentence;      /* sentence index */
    const char *text;     /* words or explanation */
    const char *code;     /* code involved, or "" */
    const char *pattern;  /* pattern id for MATCH/DROP/EVENT, or "" */
} rp_trace;

typedef void (*rp_trace_cb)(void *user, const rp_trace *t);

typedef struct rp_coder rp_coder;

/* A coder over dict (which must outlive it), or NULL when out of memory. One coder per
 * thread; the dictionary may be shared. Free with rp_coder_free (NULL harmless). */
RP_API rp_coder *rp_coder_new(const struct rp_dict *dict);
RP_API void rp_coder_free(rp_coder *coder);

/* Code events whose source or target is missing, with "---" in its place, and agents
 * without a country as "---GOV" (PETRARCH's require_dyad = false; off by default). */
RP_API void rp_coder_set_null_actors(rp_coder *coder, int on);

/* An agent standing without a country is an actor coded PREFIX + its sector: "---"
 * ("---GOV", what rp_coder_set_null_actors sets) or "~" ("~GOV", TABARI's CONVERT AGENT);
 * NULL (the default): it is not an actor. */
RP_API void rp_coder_set_agent_alone(rp_coder *coder, const char *prefix);

/* Which verbs of a sentence give events: the dictionaries' way (RP_VERBS_DEFAULT: ours
 * and PETRARCH's all, TABARI's the first of each clause), or TABARI's CODE BY CLAUSE,
 * CODE BY SENTENCE, CODE ALL options (with CODE ALL a later verb without actors of its
 * own takes those of the verb before). Only dictionaries of TABARI and PETRARCH follow
 * it; ours code every verb. */
typedef enum rp_verb_scope {
    RP_VERBS_DEFAULT = 0, RP_VERBS_CLAUSE = 1, RP_VERBS_SENTENCE = 2, RP_VERBS_ALL = 3
} rp_verb_scope;
RP_API void rp_coder_set_verb_scope(rp_coder *coder, rp_verb_scope scope);

/* TABARI's FORWARD (off by default): a pronoun of the language's `pronouns:` list that
 * comes before any actor of a sentence stands for the first actor of the sentence before,
 * also across rp_coder_code calls (one record each, as in TABARI's suites);
 * rp_coder_forward_break forgets that actor (a new story). Turning it on forgets it too. */
RP_API void rp_coder_set_forward(rp_coder *coder, int on);
RP_API void rp_coder_forward_break(rp_coder *coder);

/* Code events whose source or target is missing with these actor codes instead (NULL:
 * no default); with both set, a pattern without any actor codes source -> target.
 * TABARI's "DEFAULT: SOURCE [X] TARGET [Y]" option. Replaces rp_coder_set_null_actors. */
RP_API void rp_coder_set_default_actors(rp_coder *coder, const char *source, const char *target);

/* When the default actors stand (TABARI's PRIOR and AFTER; both on until set). prior:
 * the default source whenever no actor comes before the verb; off, an actor after the
 * verb is the source (the default then fills the target). after: the default target
 * whenever no actor comes after the verb; off, the first actor of a compound source
 * with another code is the target. Used with one-verb (TABARI) dictionaries. */
RP_API void rp_coder_set_default_rules(rp_coder *coder, int prior, int after);

/* TABARI's COMPLEX option (its manual, 8.7): a sentence with at least `verbs` verbs or
 * `conj` conjunctions (0: not checked), or, with noactprior, with no actor before its
 * first verb, is too complex to code and gives no event. Verbs are those of TABARI's
 * dictionaries (flag @verb) not turned nouns; conjunctions the language's `conjunctions:`
 * words outside a list of actors. Off by default. */
RP_API void rp_coder_set_complexity(rp_coder *coder, int verbs, int conj, int noactprior);

/* Ask for trace records (NULL turns tracing off). */
RP_API void rp_coder_set_trace(rp_coder *coder, rp_trace_cb cb, void *user);

/* One actor mention of a sentence, as the coder sees it (agent and country joined:
 * "il presidente russo" is one mention coded RUSGOV). */
typedef struct rp_mention {
    uint32_t start, end;          /* byte span in the document text */
    uint32_t tok_begin, tok_end;  /* token range */
    char code[RP_CODE_MAX];       /* resolved actor code for the document's date */
    int in_pp;                    /* preceded by a preposition ("tra Russia") */
    int locative;                 /* preceded by a place preposition ("in Russia") */
    int addressee;                /* preceded by an addressee preposition ("a Mosca", "to") */
} rp_mention;

/* Call cb (non-zero stops) for each actor mention of sentence i of an analysed
 * document, in text order; pair anaphors ("i due paesi") are left out. Returns RP_OK,
 * RP_ESTOP, RP_ENOMEM, RP_ELANG or RP_EINVAL (no such sentence). */
RP_API rp_rc rp_coder_mentions(rp_coder *coder, const struct rp_doc *doc, size_t i,
                               int (*cb)(void *user, const rp_mention *m), void *user);

/* Code an analysed document (rp_doc_analyze first), calling cb for each event. Actor
 * codes are resolved for the document's date (today when unset). Returns RP_OK,
 * RP_ESTOP when cb stopped, RP_ENOMEM, or RP_EINVAL. */
RP_API rp_rc rp_coder_code(rp_coder *coder, const struct rp_doc *doc, rp_event_cb cb,
                           void *user);

#endif

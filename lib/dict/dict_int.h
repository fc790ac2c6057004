/* Internal model of a loaded dictionary, shared by the loader, the text analyser and the
 * coder. Everything is arrays indexed by uint32 and hash maps keyed by word hashes. */
#ifndef RP_DICT_INT_H
#define RP_DICT_INT_H

#include "../rpi.h"

/* A word set from lang.txt: hashes of normalised forms. */
typedef struct rpi_wordset {
    rpi_map map;
} rpi_wordset;
int rpi_wordset_has(const rpi_wordset *s, uint64_t form_hash);

typedef enum rpi_apostrophe { RPI_APOS_NONE, RPI_APOS_ELISION, RPI_APOS_CLITIC } rpi_apostrophe;

/* One dated code of an actor entry. */
typedef struct rpi_code {
    char code[RP_CODE_MAX];  /* actor code */
    int from, to;            /* YYYYMMDD inclusive; 0 / 99999999 when open */
    int dated;               /* 0 for the entry's default code */
} rpi_code;

/* One actor line: names share its codes. */
typedef struct rpi_actor {
    uint32_t code_off, ncodes; /* into lang->codes */
    int pair;                  /* 1 for an @pair anaphor */
    char pair_sector[8];       /* sector appended to @pair members, "" if none */
    uint32_t file, line;       /* where it was defined */
} rpi_actor;

/* A name (actor or agent) as a token sequence. */
typedef struct rpi_name {
    uint32_t tok_off, ntok;    /* into lang->name_toks */
    uint32_t target;           /* actor index, or agent index */
    uint32_t next;             /* next name with the same first token, RPI_NONE at end */
    uint32_t exact_off;        /* case-sensitive: words' original bytes in lang->strings, else RPI_NONE */
    uint8_t is_agent;          /* 1: target is an agent */
    uint8_t upper_first;       /* 1: the first word must be capitalised in the text (^Turkey) */
    uint8_t has_prefix;        /* 1: some tokens are prefixes (name_plen > 0) */
    uint32_t gaps;             /* bit k: other words may stand between tokens k and k+1 ("a .. b") */
    uint32_t text_off;         /* the name as written, in lang->strings (for messages) */
    uint16_t req[2];           /* rpi_word_digest of its last two words after the first (the
                                  sentence must have them), RPI_NO_DIGEST if none */
} rpi_name;

typedef struct rpi_agent {
    char sector[8];            /* GOV, MIL, ... (foreign dictionaries: up to 7 letters) */
    uint8_t prepend;           /* foreign "NGO~": the code goes before the actor's */
    uint32_t file, line;
} rpi_agent;

#define RPI_GAP 3 /* default: tokens allowed between two pattern elements */

enum { RPI_EL_WORD, RPI_EL_SOURCE, RPI_EL_TARGET, RPI_EL_SKIP /* an actor passed over: "^" */ };
/* RPI_PAT_VERB: a verb of TABARI's dictionary (its bare root, not a null one without
 * patterns): counted by TABARI's complexity filter (rp_coder_set_complexity);
 * RPI_PAT_DOMINANT: TABARI's dominant code ("031!") */
enum { RPI_PAT_WEAK = 1, RPI_PAT_MUTUAL = 2, RPI_PAT_GROUP = 4, RPI_PAT_SUBORDINATE = 8, RPI_PAT_VERB = 16,
       RPI_PAT_DOMINANT = 32 };

/* Prefix words ("contribut*", TABARI stems): the key is the hash of the first plen bytes
 * of the normalised form, in its own key space. */
static inline uint64_t rpi_prefix_key(uint64_t h) { return h ^ UINT64_C(0x9e3779b97f4a7c15); }

static inline uint64_t rpi_key2(uint64_t key, unsigned f2)
{
    return (key ^ ((uint64_t)(f2 + 1) * UINT64_C(0xff51afd7ed558ccd))) + UINT64_C(0xc4ceb9fe1a85ec53);
}

/* The key of a name by its first two tokens (the second a whole word): names that share
 * a first word ("International ...") are not all tried. */
#define RPI_NAME_KEY_BITS (1u << 20) /* 128 KB: a tenth set by TABARI's 78,000 names */
static inline int rpi_name_key_may(const uint64_t *bits, uint64_t key)
{
    unsigned b = (unsigned)(key >> 24) & (RPI_NAME_KEY_BITS - 1);
    return (int)(bits[b >> 6] >> (b & 63) & 1);
}

static inline uint64_t rpi_name_key2(uint64_t first, uint64_t second)
{
    return (first * UINT64_C(0x9e3779b97f4a7c15)) ^ (second + UINT64_C(0x632be59bd9b4e019));
}

/* A 12-bit digest of a word's first three bytes (the prefix lookup filters). */
static inline unsigned rpi_f3(unsigned char b0, unsigned char b1, unsigned char b2) { return (b0 * 961u + b1 * 31u + b2) & 4095u; }

/* Note prefix p of n bytes in a table of prefix lengths by first three bytes (shorter
 * prefixes are in the lengths mask alone). */
static inline void rpi_lens_f3_set(uint64_t lens[4096], const char *p, size_t n)
{
    if (n >= 3 && n < 64) lens[rpi_f3((unsigned char)p[0], (unsigned char)p[1], (unsigned char)p[2])] |= UINT64_C(1) << n;
}

/* An 8-bit digest of a word's first two bytes (the filter of rpi_elem.f2). */
static inline unsigned rpi_f2(unsigned char b0, unsigned char b1) { return (b0 * 37u + b1 * 7u) & 255u; }

/* One alternative of a pattern word. */
typedef struct rpi_alt {
    uint64_t hash;   /* form hash (exact) or stem hash */
    uint8_t stem;    /* 1: compare with the token's stem hash */
    uint8_t plen;    /* > 0: a prefix of that many bytes of the normalised form (word*) */
    uint8_t f2;      /* rpi_f2 of the first two bytes of the word (of the stem for stems) */
    uint8_t f2_any;  /* the word has fewer than two known bytes: f2 says nothing */
    uint8_t f3_ok;   /* prefixes and exact words of 3 bytes or more: f3 holds the first three */
    char f3[3];
    uint8_t ntok;    /* tokens in this alternative ("sit-in" = 3) */
    uint32_t more;   /* the tokens after the first: lang->alt_more[more .. more+ntok-1) */
} rpi_alt;

typedef struct rpi_elem {
    uint8_t kind;              /* RPI_EL_* */
    char sector[4];            /* slots: the sector the actor must have ("+GOV"), "" = any */
    uint8_t adjacent;          /* must follow the previous element directly */
    uint32_t alt_off, nalt;    /* into lang->alts */
    uint64_t bloom[4];         /* words: bit (hash >> 56) set for each alternative's first
                                  token, a filter that rejects most tokens at once */
    uint8_t has_prefix;        /* an alternative is a prefix: the hash filter cannot be used */
    uint8_t f2_any;            /* some alternative is shorter than two bytes */
    uint8_t forms;             /* the alternatives are forms of one word ("{=depart =departed}") */
    uint64_t f2[4];            /* bit rpi_f2(first two bytes) of each alternative: a filter
                                  on a token's first two bytes that works for prefixes too */
} rpi_elem;

typedef struct rpi_pattern {
    char code[8];              /* CAMEO event code; "---": matches and codes nothing;
                                  "###": the sentence is discarded */
    char code2[8];             /* "A:B" paired codes: B for target -> source, else "" */
    uint32_t elem_off, nelem;  /* into lang->elems */
    uint32_t nliteral;         /* word elements */
    uint32_t nspecific;        /* of them, those of one alternative or of the forms of one
                                  word (a literal word beats a word set on a tie) */
    uint32_t first_lit;        /* index (within the pattern) of the element the pattern is
                                  indexed by: the first word, or the one marked '>' */
    uint32_t flags;            /* RPI_PAT_* */
    uint32_t order;            /* load order, for ties */
    uint32_t file, line;       /* where it was defined */
    char id[64];               /* "lang/file:line" */
} rpi_pattern;

/* The digest of a word's first bytes that the pattern filters compare: rpi_f3 of the
 * first three bytes of a prefix or an exact word of 3 bytes or more (0..4095), else
 * 4096 + rpi_f2 of its first two bytes; a token of the sentence sets both of its own. */
#define RPI_DIGESTS (4096 + 256)
#define RPI_NO_DIGEST RPI_DIGESTS /* no digest (a short word, an unused slot): a bit always set */
#define RPI_LINK_REQ 3

/* The digest of a normalised word, or of a prefix, of n bytes (RPI_NO_DIGEST: too short). */
static inline unsigned rpi_word_digest(const char *w, size_t n)
{
    if (n >= 3) return rpi_f3((unsigned char)w[0], (unsigned char)w[1], (unsigned char)w[2]);
    return n == 2 ? 4096u + rpi_f2((unsigned char)w[0], (unsigned char)w[1]) : RPI_NO_DIGEST;
}

static inline unsigned rpi_alt_digest(const rpi_alt *a)
{
    return a->f3_ok ? rpi_f3((unsigned char)a->f3[0], (unsigned char)a->f3[1], (unsigned char)a->f3[2]) : 4096u + a->f2;
}

/* Index entry: pattern list per first-word key. */
typedef struct rpi_link {
    uint32_t pattern;
    uint32_t next;
    uint16_t req[RPI_LINK_REQ]; /* digests of words the pattern needs in the sentence (each
                                   the only digest of a word element's alternatives), tested
                                   before the pattern is looked at; RPI_NO_DIGEST: none */
    uint8_t more;              /* other word elements have several digests (or there are more
                                  than RPI_LINK_REQ): the pattern's own filter must run too */
} rpi_link;

/* What a first-word key (pattern_index) leads to. */
typedef struct rpi_anchor {
    uint32_t link;             /* first rpi_link of the patterns under the key alone, RPI_NONE if none */
    uint32_t digs;             /* index in anchor_digs: the digests its other patterns are
                                  indexed under in pattern_index2; RPI_NONE if none */
} rpi_anchor;

#define RPI_DIG_WORDS ((RPI_DIGESTS + 64) / 64) /* a bit set of digests */

/* The digests an anchor's patterns are indexed under in pattern_index2. */
typedef struct rpi_digest_set {
    uint64_t bits[RPI_DIG_WORDS]; /* bit d: digest d */
    uint64_t words[2];            /* bit w: bits[w] is not 0 (the coder ANDs only those words
                                     with the sentence's) */
} rpi_digest_set;

/* A verb-verb transformation (PETRARCH-2's "~" lines): a verb coded OUTER whose source
 * is a, and the next verb, coded INNER, in the clause it opens, make one event a -> b
 * coded RESULT. subj: who does the inner verb: 'a' the outer source (itself or a
 * pronoun), 'b' another actor (then b), '_' nobody named ("wants to attack"); obj: 'b'
 * the inner verb has a target (then b, unless subj is 'b'), '.' whatever. inner "*":
 * any code; result "*": the inner code. */
typedef struct rpi_transform {
    char outer[8], inner[8], result[8];
    char subj, obj;
    char id[64];               /* "lang/file:line" */
} rpi_transform;

typedef struct rpi_lang {
    char code[8];                 /* "it" */
    char stemmer[32];             /* Snowball algorithm name */
    rpi_apostrophe apostrophe;
    rpi_wordset abbreviations, negation, passive_aux, passive_by, prepositions,
        addressee, coordination, link, articles, locative, clause,
        pronouns,                 /* forwarded to the previous sentence's first actor */
        complementizers,          /* "that": after a comma, a clause, not a list of actors */
        former,                   /* "former": before an actor-agent pair, the agent is ELI */
        conjunctions,             /* counted by TABARI's complexity filter (CONJ[n]) */
        auxiliaries,              /* "will", "had", "to": a verb follows (PETRARCH: such a
                                     verb is no later word of another verb's pattern) */
        infinitive,               /* "to": the verb after it is another's complement ("wants
                                     to help"; PETRARCH-2's code composition) */
        intent,                   /* "wants", "plans", "ready": with the infinitive after it,
                                     the act is intended, not done (dict->intent) */
        possessives,              /* "its", "their": a noun follows (PETRARCH: no verb) */
        quantities,               /* "hundreds", "dozens": "hundreds of soldiers" is the
                                     soldiers, not a prepositional phrase */
        intensifiers,             /* "very", "too": an adjective or adverb follows ("very
                                     close to the border"), no verb */
        phrase_words;             /* TABARI's <NOUN> and <ADJECTIVE> words (from its actors
                                     files): a conjunction before one opens no clause */

    rpi_actor *actors; size_t nactors, cap_actors;
    rpi_code *codes; size_t ncodes, cap_codes;
    rpi_agent *agents; size_t nagents, cap_agents;
    rpi_name *names; size_t nnames, cap_names;
    uint64_t *name_toks; size_t nname_toks, cap_name_toks;
    rpi_map name_index;           /* first token hash -> first rpi_name */
    size_t actor_names, agent_names;

    rpi_pattern *patterns; size_t npatterns, cap_patterns;
    rpi_transform *transforms; size_t ntransforms, cap_transforms;
    struct rpi_pico { char code[8]; long value; int primary; } *pico; size_t npico, cap_pico;
                                  /* PETRARCH's internal coding ontology (PICO): each CAMEO
                                     code's value; a verb's complement adds its value ("want"
                                     0x3000 + "help" 0x0040 = 0x3040, 033), a negation
                                     subtracts 0xFFFF; primary: the code's own value (a code
                                     may have others that map back to it) */
    rpi_elem *elems; size_t nelems, cap_elems;
    rpi_alt *alts; size_t nalts, cap_alts;
    rpi_alt *alt_more; size_t nalt_more, cap_alt_more;
    rpi_link *links; size_t nlinks, cap_links;
    rpi_map pattern_index;        /* first word key -> index in anchors */
    rpi_anchor *anchors; size_t nanchors, cap_anchors;
    rpi_map pattern_index2;       /* rpi_key2(anchor key, digest of a second word) -> first
                                     rpi_link: verbs with many patterns (TABARI's SAID has
                                     1,467) are looked up by their anchor and a word of the
                                     sentence */
    rpi_digest_set *anchor_digs; size_t nanchor_digs, cap_anchor_digs;
                                  /* per anchor with patterns in pattern_index2: the digests
                                     its patterns are indexed there under */
    rpi_map set_index;            /* hash of a word set's name -> index in sets */
    struct rpi_set { uint32_t alt_off, nalt; } *sets; size_t nsets, cap_sets; /* &NAME word sets */

    rpi_buf strings;              /* exact-case names: NUL-separated */
    uint8_t *name_plen; size_t cap_name_plen; /* per name token: prefix length, 0 = whole word */
    uint64_t name2_first[1024];   /* bit (first-word key & 65535): some name is indexed by
                                     rpi_name_key2 under that first word */
    uint64_t *name_key_bits;      /* RPI_NAME_KEY_BITS bits: bit (key >> 24) of every key in
                                     name_index; most keys a sentence asks for (its words, their
                                     prefixes) are in no name, and this says so without the
                                     look-up */
    uint64_t name_prefix_lens;    /* bit n: some name starts with a prefix of n bytes (1..63) */
    uint64_t pattern_prefix_lens; /* bit n: some pattern's first word is an n-byte prefix */
    uint64_t name_lens_f3[4096];  /* [rpi_f3 of three bytes]: bit n (3..63): a name starts with
                                     an n-byte prefix that begins with them; prefix lookups are
                                     only made at those lengths of a token */
    uint64_t pattern_lens_f3[4096]; /* the same for the prefixes patterns are indexed by */
    int any_prefix;               /* some name or pattern word is a prefix (word*) */
    int gap;                      /* tokens allowed between two pattern elements */
    int foreign;                  /* read from TABARI/PETRARCH files: any code strings */
    int one_verb;                 /* TABARI: one verb coded per clause, the first */
    int no_group_pairs;           /* TABARI, PETRARCH-1: a group alone codes nothing without @group */
    int first_code_only;          /* PETRARCH-2: of "A:B" only A is coded */
    int cameo_codes;              /* foreign, but its event codes are CAMEO's (PETRARCH-2):
                                     Goldstein and QuadClass from our codebook */
    char **files; size_t nfiles, cap_files; /* file names, for messages and ids */
    struct rpi_ctxlex *ctx;       /* context word lists (lib/context/lexicon.h), NULL if none */
} rpi_lang;

typedef struct rpi_cameo {
    char code[8];
    double goldstein;
    int quad_class;
    char *name;              /* English name (codebook.tsv) */
    char *name_it;           /* Italian name (names-it.tsv), NULL if none */
} rpi_cameo;

struct rp_dict {
    rpi_lang **langs; size_t nlangs, cap_langs;
    rpi_cameo *cameo; size_t ncameo, cap_cameo;
    rpi_map cameo_index;          /* hash of code -> index */
    char intent[21][8];           /* [root 1..20]: the code of an intent to do an act of that
                                     root ("wants to attack": 19 -> 138), "" none (cameo/intent.tsv) */
    rpi_buf err;                  /* last error message */
};

const rpi_lang *rpi_dict_lang(const rp_dict *dict, const char *lang);
const rpi_cameo *rpi_cameo_get(const rp_dict *dict, const char *code);

#endif

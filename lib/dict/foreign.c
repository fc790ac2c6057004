/* Readers for the dictionaries of TABARI and PETRARCH (docs/foreign-dictionaries.md).
 * Each entry is translated into a line of our own format and given to the same parsers
 * as our dictionaries (loader.h), with the file and line it came from. The language
 * rules (negation, prepositions ...) are ours, from root/LANG/lang.txt. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "rapporti/rapporti.h"
#include "rapporti/dict.h"
#include "loader.h"

typedef enum { FMT_TABARI, FMT_PETRARCH } dict_fmt;

typedef struct reader {
    rpi_loader *ld;
    rp_dict *dict;
    dict_fmt f;
    rpi_buf out;        /* the translated line */
    rpi_buf tmp;        /* scratch */
    unsigned line;      /* current line number */
    size_t skipped;     /* entries we cannot use (counted, documented) */
    rpi_map sets;       /* hashes of the synsets defined so far -> index in set_alts */
    char **set_alts; size_t nset_alts, cap_set_alts; /* each set's alternatives, ours, " | " between */
    char **set_spaced; size_t cap_set_spaced; /* per set (TABARI): its phrases whose words are apart by a space, '\n' after each */
    rp_lint_cb warn;    /* told of each entry left out, may be NULL */
    void *warn_user;
    int skip_pattern;   /* the pattern being translated uses something we lack */
    int petrarch2;      /* verb patterns in PETRARCH-2's syntax ("* (FOR AID)") were read */
} reader;

static int set_known(reader *r, const char *name, size_t n)
{
    while (n > 1 && name[n - 1] == '_') n--;
    return rpi_map_get(&r->sets, rpi_hash(name, n)) != RPI_NONE;
}

static void skip(reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void skip(reader *r, const char *fmt, ...)
{
    r->skipped++;
    if (!r->warn) return;
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    r->warn(r->warn_user, 0, rpi_loader_path(r->ld), r->line, msg);
}

/* A malformed entry of a third-party file: told and left out, the rest loads. */
#define RFAIL(r, ...) do { skip((r), __VA_ARGS__); return RP_EINVAL; } while (0)

/* Hand a translated line to our parser; a line it refuses is told and left out. */
static rp_rc emit(reader *r, char kind, unsigned line, char *text)
{
    rp_rc rc = rpi_loader_line(r->ld, kind, line, text);
    if (rc != RP_EPARSE) return rc;
    unsigned l = r->line;
    r->line = line;
    const char *m = rp_dict_errmsg(r->dict), *c = strstr(m, ": "); /* past "file:line: " */
    skip(r, "%s", c ? c + 2 : m);
    r->line = l;
    return RP_OK;
}


/* Cut the comment: TABARI ';' (and '#' at the start of a line), PETRARCH '#', and
 * '<!-- ... -->' lines. */
static char *strip_comment(reader *r, char *s)
{
    char *t = rpi_trim(s);
    if (!strncmp(t, "<!--", 4) || !strncmp(t, "-->", 3)) return t + strlen(t);
    if (r->f == FMT_TABARI) {
        if (*t == '#') return t + strlen(t);
        char *c = strchr(t, ';');
        if (c) *c = '\0';
    } else {
        /* '#' starts a comment, but "###" is the discard code; so does ';', TABARI's, in
           files PETRARCH-1 took from TABARI ("GOLLUM  ; pas 27 Apr 03", "+ITALIAN ;JW") */
        for (char *c = t; (c = strchr(c, '#')); c++) {
            if (c[1] == '#' && c[2] == '#') { c += 2; continue; }
            *c = '\0';
            break;
        }
        char *c = strchr(t, ';');
        if (c) *c = '\0';
    }
    return rpi_trim(t);
}

/* Iterate over the lines of a buffer (modified in place). */
static char *next_raw(char **pos, char *end)
{
    if (*pos >= end) return NULL;
    if ((*pos)[0] == '~' && (*pos)[1] == '~') { *pos = end; return NULL; } /* TABARI "~~FINISH" ends a file */
    char *s = *pos, *nl = memchr(s, '\n', (size_t)(end - s));
    if (nl) { *nl = '\0'; *pos = nl + 1; } else *pos = end;
    size_t n = strlen(s);
    if (n && s[n - 1] == '\r') s[n - 1] = '\0';
    return s;
}

/* Append one phrase word in our syntax. TABARI: a word is a stem (any word that begins
 * with it: "word*") unless an underscore follows it ("word" exact). PETRARCH: words
 * are matched whole; nouns of verb patterns by their Snowball stem. */
static int is_word_char(int c) { return c && !isspace(c) && c != '_'; }

/* TABARI's "WORD_": the word with its regular endings only, S ES ED EN ING (its manual,
 * 5.2.3: DEPART_ matches departs, departed, departen, departing, not department; LIBYA_
 * matches Libyas). Appends the forms as exact alternatives "=w =ws ..." separated by
 * spaces. */
static rp_rc endings(rpi_buf *out, const char *w, size_t n)
{
    char last = n ? (char)tolower((unsigned char)w[n - 1]) : 0;
    int e = last == 'e', y = last == 'y';
    if (rpi_buf_printf(out, "=%.*s =%.*ss =%.*ses =%.*sed =%.*sen =%.*sing", (int)n, w, (int)n, w, (int)n, w, (int)n, w,
                       (int)n, w, (int)n, w))
        return RP_ENOMEM;
    if (e && rpi_buf_printf(out, " =%.*sd =%.*sing", (int)n, w, (int)(n - 1), w)) return RP_ENOMEM;
    if (y && n > 1 && rpi_buf_printf(out, " =%.*sies =%.*sied", (int)(n - 1), w, (int)(n - 1), w)) return RP_ENOMEM;
    return RP_OK;
}

/* PETRARCH-2's regular forms of a verb: the word, +S (+ES after s, x, z, ch, sh; y after
 * a consonant: +IES), +ED (+D after e; IED), +ING (e dropped), as exact alternatives. */
static rp_rc petrarch_forms(rpi_buf *out, const char *w, size_t n)
{
    char a = n ? (char)tolower((unsigned char)w[n - 1]) : 0, b = n > 1 ? (char)tolower((unsigned char)w[n - 2]) : 0;
    int es = a == 's' || a == 'x' || a == 'z' || (a == 'h' && (b == 'c' || b == 's'));
    int ie = a == 'y' && b && !strchr("aeiou", b);
    int e = a == 'e';
    if (rpi_buf_printf(out, "=%.*s", (int)n, w)) return RP_ENOMEM;
    if (ie) return rpi_buf_printf(out, " =%.*sies =%.*sied =%.*sing", (int)(n - 1), w, (int)(n - 1), w, (int)n, w) ? RP_ENOMEM : RP_OK;
    if (rpi_buf_printf(out, es ? " =%.*ses" : " =%.*ss", (int)n, w)) return RP_ENOMEM;
    if (rpi_buf_printf(out, e ? " =%.*sd" : " =%.*sed", (int)n, w)) return RP_ENOMEM;
    return rpi_buf_printf(out, " =%.*sing", (int)(e ? n - 1 : n), w) ? RP_ENOMEM : RP_OK;
}

/* The next word of a TABARI/PETRARCH phrase at *s (words are cut by spaces and '_'):
 * its start, *n its length, *joined 1 when a '_' follows it; NULL at the end. */
static const char *next_word(const char **s, size_t *n, int *joined)
{
    const char *p = *s;
    while (*p == '_' || isspace((unsigned char)*p)) p++;
    if (!*p) { *s = p; return NULL; }
    const char *b = p;
    while (is_word_char((unsigned char)*p)) p++;
    *n = (size_t)(p - b);
    *joined = *p == '_';
    *s = p;
    return b;
}

/* Translate a phrase "AL_GORE", "DANISH BIRDS", "MEND RELATIONS" into our name syntax:
 * words separated by spaces, prefix words marked with '*'. */
static rp_rc name_phrase(reader *r, const char *p, rpi_buf *out)
{
    size_t nwords = 0, n;
    int joined, prev_joined = 0;
    for (const char *s = p, *b; (b = next_word(&s, &n, &joined));) {
        int exact = joined || r->f == FMT_PETRARCH;
        if (n > 1 && b[n - 1] == '=') { n--; exact = 1; } /* TABARI "MOUSE=" */
        for (size_t i = 0; i < n; i++)
            if (strchr("|*", b[i]) || (!i && !nwords && strchr("=^", b[i]))) {
                skip(r, "name '%s': character '%c' is not supported, name left out", p, b[i]);
                return RP_EINVAL;
            }
        /* words apart by a space may have other words between them (TABARI: "PRINCE
           DOL_AMROTH" is "Prince of Dol Amroth", "DURTHANG ORC" across "and an";
           PETRARCH: "ITHILEN TELEVISION" is "Ithilen state-run television", PATTERN-09):
           our ".." */
        const char *sep = !nwords ? "" : !prev_joined && nwords < 32 ? " .. " : " ";
        if (rpi_buf_printf(out, "%s%.*s%s", sep, (int)n, b, exact ? "" : "*")) return RP_ENOMEM;
        prev_joined = joined;
        nwords++;
    }
    if (!nwords) { skip(r, "empty name left out"); return RP_EINVAL; }
    /* TABARI "LIBYA_": also the word with -s ("Libyas") */
    size_t pl = strlen(p);
    if (r->f == FMT_TABARI && pl > 1 && p[pl - 1] == '_' && p[pl - 2] != '_') {
        size_t start = out->len;
        while (start > 0 && out->data[start - 1] != '|') start--;
        if (start && out->data[start] == ' ') start++;
        size_t nl = out->len - start;
        if (nl > 1000) return RP_OK;
        char copy[1024];
        memcpy(copy, out->data + start, nl);
        copy[nl] = '\0';
        if (rpi_buf_printf(out, " | %ss", copy)) return RP_ENOMEM;
    }
    return RP_OK;
}

/* "YYMMDD" or "YYYYMMDD" -> "YYYY-MM-DD" (two-digit years: 00-29 are 20xx, as the
 * office dates of PETRARCH's CountryInfo need: 320101 is 1932). */
static int conv_date(const char *d, size_t n, char out[16], int century)
{
    for (size_t i = 0; i < n; i++) if (!isdigit((unsigned char)d[i])) return -1;
    int y, m, dd;
    if (n == 6) {
        y = (d[0] - '0') * 10 + (d[1] - '0');
        y += century ? century : y < 30 ? 2000 : 1900;
        d += 2;
    } else if (n == 8) {
        y = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
        d += 4;
    } else {
        return -1;
    }
    m = (d[0] - '0') * 10 + (d[1] - '0');
    dd = (d[2] - '0') * 10 + (d[3] - '0');
    /* a day past the month's end ("040931") is taken as its last day */
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m >= 1 && m <= 12 && dd > mdays[m - 1] && dd <= 31) dd = mdays[m - 1];
    if (m == 2 && dd == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) dd = 28;
    snprintf(out, 16, "%04d-%02d-%02d", y % 10000, m % 100, dd % 100);
    return rp_parse_date(out) ? 0 : -1;
}

/* One code block "[CODE]", "[CODE <991201]", "[CODE >991201]", "[CODE 991201-010114]"
 * into our "CODE", "CODE ..1999-12-01" ... appended to out. A block with a malformed
 * date is left out with a warning (the real dictionaries have a few: "9008223"). */
static rp_rc code_block(reader *r, char *blk, rpi_buf *out)
{
    char *s = rpi_trim(blk);
    char *sp = s;
    while (*sp && !isspace((unsigned char)*sp)) sp++;
    char *rest = "";
    if (*sp) { *sp = '\0'; rest = rpi_trim(sp + 1); }
    if (!*s) { skip(r, "empty code block"); return RP_OK; }
    if (!strcmp(s, "+++")) s = "---";  /* complex: TABARI sets the sentence aside (no event) */
    /* "###" stays: an actor coded ### (on that date) voids its sentence */
    char a[16], b[16];
    if (!*rest) {
        a[0] = b[0] = '\0';
    } else if (*rest == '<' || *rest == '>') {
        char *d = rpi_trim(rest + 1);
        if (conv_date(d, strlen(d), *rest == '<' ? b : a, 0)) { skip(r, "bad date '%s': code block left out", d); return RP_OK; }
        if (*rest == '<') a[0] = '\0'; else b[0] = '\0';
    } else {
        char *dash = strchr(rest, '-');
        if (!dash) { skip(r, "bad date restriction '%s': code block left out", rest); return RP_OK; }
        *dash = '\0';
        char *d1 = rpi_trim(rest), *d2 = rpi_trim(dash + 1);
        /* two-digit years: the start takes the century that keeps the range in order
           (CountryInfo's "270101-730717" is 1927 to 1973) */
        int e1 = conv_date(d1, strlen(d1), a, 0), e2 = conv_date(d2, strlen(d2), b, 0);
        if (!e1 && !e2 && strcmp(a, b) > 0 && strlen(d1) == 6) e1 = conv_date(d1, strlen(d1), a, 1900);
        if (e1 || e2 || strcmp(a, b) > 0) {
            skip(r, "bad date restriction '%s-%s': code block left out", d1, d2);
            return RP_OK;
        }
    }
    if (out->len && rpi_buf_add(out, ", ", 2)) return RP_ENOMEM;
    if (rpi_buf_printf(out, "%s", s)) return RP_ENOMEM;
    if (!a[0] && !b[0]) return RP_OK;
    return rpi_buf_printf(out, " %s..%s", a, b) ? RP_ENOMEM : RP_OK;
}

/* ---- actors ---- */

typedef struct actor_acc {
    rpi_buf names;   /* "name | name" */
    rpi_buf codes;   /* "CODE, CODE A..B" */
    unsigned line;
    int open;
} actor_acc;

static rp_rc actor_flush(reader *r, actor_acc *a)
{
    if (!a->open) return RP_OK;
    a->open = 0;
    if (!a->codes.len || !a->names.len) { r->line = a->line; skip(r, "actor without a usable name or code"); return RP_OK; }
    r->out.len = 0;
    if (rpi_buf_printf(&r->out, "%s : %s", a->names.data, a->codes.data)) return RP_ENOMEM;
    return emit(r, 'a', a->line, r->out.data);
}

/* "PHRASE [CODE] [CODE DATE] ..." : the phrase into names, the blocks into codes. */
static rp_rc actor_entry(reader *r, actor_acc *a, char *s, int synonym)
{
    char *br = strchr(s, '[');
    if (br) *br = '\0';
    char *phrase = rpi_trim(s);
    if (*phrase) {
        size_t mark = a->names.len;
        if (synonym && a->names.len && rpi_buf_add(&a->names, " | ", 3)) return RP_ENOMEM;
        rp_rc rc = name_phrase(r, phrase, &a->names);
        if (rc == RP_EINVAL) { a->names.len = mark; a->names.data[mark] = '\0'; }
        else if (rc) return rc;
    }
    while (br) {
        char *blk = br + 1, *close = strchr(blk, ']');
        if (!close) RFAIL(r, "'[' without ']'");
        *close = '\0';
        rp_rc rc = code_block(r, blk, &a->codes);
        if (rc) return rc;
        br = strchr(close + 1, '[');
    }
    return RP_OK;
}

static rp_rc read_actors(reader *r, char *data, size_t len)
{
    actor_acc a = {0};
    rp_rc rc = RP_OK;
    char *pos = data, *end = data + len, *raw;
    int skip_section = 0;
    r->line = 0;
    while ((rc == RP_OK || rc == RP_EINVAL) && (raw = next_raw(&pos, end))) {
        rc = RP_OK;
        r->line++;
        int tab = raw[0] == '\t' || (raw[0] == ' ' && raw[1] == ' ' && strchr(raw, '[') && rpi_trim(raw)[0] == '[');
        char *s = strip_comment(r, raw);
        if (!*s) continue;
        if (*s == '<') { /* TABARI <NOUN> ... </NOUN>, <ADJECTIVE>: parser word lists; other tags: comments */
            if (!strncmp(s, "<NOUN>", 6) || !strncmp(s, "<ADJECTIVE>", 11)) skip_section = 1;
            else if (!strncmp(s, "</NOUN>", 7) || !strncmp(s, "</ADJECTIVE>", 12)) skip_section = 0;
            continue;
        }
        if (skip_section) { /* a word (not a phrase, "A_PRESIDENT_AND_FIVE_OTHER"): after a
                               conjunction, no new clause ("sheep and evil goats") */
            char *w = rpi_trim(s);
            size_t n = strcspn(w, "_ \t[");
            if (n && n < 64 && w[n + strspn(w + n, "_")] == '\0') {
                char word[64];
                memcpy(word, w, n);
                word[n] = '\0';
                if ((rc = emit(r, 'n', r->line, word))) break;
            }
            continue;
        }
        if (*s == '+') { /* PETRARCH synonym */
            if (!a.open) { skip(r, "synonym '+' before any actor"); continue; }
            rc = actor_entry(r, &a, s + 1, 1);
        } else if (*s == '[' && (tab || a.open)) { /* PETRARCH date restriction line */
            if (!a.open) { skip(r, "code line before any actor"); continue; }
            rc = actor_entry(r, &a, s, 1);
        } else {
            if ((rc = actor_flush(r, &a))) break;
            a.names.len = 0;
            a.codes.len = 0;
            if (rpi_buf_reserve(&a.names, 1) || rpi_buf_reserve(&a.codes, 1)) { rc = RP_ENOMEM; break; }
            a.names.data[0] = a.codes.data[0] = '\0';
            a.open = 1;
            a.line = r->line;
            rc = actor_entry(r, &a, s, 0);
        }
    }
    if (!rc) rc = actor_flush(r, &a);
    if (rc == RP_EINVAL) rc = RP_OK;
    rpi_buf_free(&a.names);
    rpi_buf_free(&a.codes);
    return rc;
}

/* ---- agents ---- */

/* Regular English plural of a word (PETRARCH's rule: +S, Y -> IES, SS -> ES). */
static void plural(const char *w, size_t n, char *out, size_t cap)
{
    if (n && (w[n - 1] == 'Y' || w[n - 1] == 'y') && n > 1 && !strchr("AEIOUaeiou", w[n - 2]))
        snprintf(out, cap, "%.*sIES", (int)(n - 1), w);
    else if (n > 1 && (w[n - 1] == 'S' || w[n - 1] == 's') && (w[n - 2] == 'S' || w[n - 2] == 's'))
        snprintf(out, cap, "%.*sES", (int)n, w);
    else
        snprintf(out, cap, "%.*sS", (int)n, w);
}

typedef struct subst { char name[32]; char *vals; } subst;

static rp_rc read_agents(reader *r, char *data, size_t len)
{
    rp_rc rc = RP_OK;
    char *pos = data, *end = data + len, *raw;
    subst subs[16];
    size_t nsubs = 0;
    r->line = 0;
    while (!rc && (raw = next_raw(&pos, end))) {
        r->line++;
        char *s = strip_comment(r, raw);
        if (!*s) continue;
        if (*s == '!' && strchr(s, '=') && !strchr(s, '[')) { /* PETRARCH "!PERSON! = MAN, MEN": a substitution */
            char *eq = strchr(s, '=');
            char *bang = strchr(s + 1, '!');
            if (!eq || !bang || bang > eq || nsubs == 16 || (size_t)(bang - s) >= 31) { skip(r, "bad substitution line"); continue; }
            snprintf(subs[nsubs].name, sizeof subs[nsubs].name, "%.*s", (int)(bang - s + 1), s);
            subs[nsubs].vals = rpi_trim(eq + 1);
            nsubs++;
            continue;
        }
        char *br = strchr(s, '[');
        if (!br) { skip(r, "agent without a [code]"); continue; }
        char *close = strchr(br, ']');
        if (!close) { skip(r, "'[' without ']'"); continue; }
        *close = '\0';
        char *code = rpi_trim(br + 1);
        *br = '\0';
        char *brace = strchr(s, '{'), *plurals = NULL;
        if (brace) {
            char *cb = strchr(brace, '}');
            if (!cb) { skip(r, "'{' without '}'"); continue; }
            *cb = '\0';
            plurals = rpi_trim(brace + 1);
            *brace = '\0';
        }
        char *phrase = rpi_trim(s);
        /* expand one substitution (!PERSON!) into each of its values */
        const subst *sub = NULL;
        for (size_t i = 0; i < nsubs; i++) if (strstr(phrase, subs[i].name)) sub = &subs[i];
        r->out.len = 0;
        r->tmp.len = 0;
        if (rpi_buf_printf(&r->tmp, "%s", sub ? sub->vals : "")) return RP_ENOMEM;
        char *vals = r->tmp.data, *save = NULL;
        int first = 1;
        for (char *v = sub ? strtok_r(vals, ",", &save) : (char *)""; v; v = sub ? strtok_r(NULL, ",", &save) : NULL) {
            char ph[512];
            if (sub) {
                char *at = strstr(phrase, sub->name);
                snprintf(ph, sizeof ph, "%.*s%s%s", (int)(at - phrase), phrase, rpi_trim(v), at + strlen(sub->name));
            } else {
                snprintf(ph, sizeof ph, "%s", phrase);
            }
            /* the phrase, and its plural unless '{...}' lists them or it ends in '_' */
            size_t pl = strlen(ph);
            int no_plural = (pl && ph[pl - 1] == '_') || r->f == FMT_TABARI;
            if (!first && rpi_buf_add(&r->out, " | ", 3)) return RP_ENOMEM;
            first = 0;
            if ((rc = name_phrase(r, ph, &r->out))) break;
            if (!plurals && !no_plural) {
                char *lw = ph + pl;
                while (lw > ph && is_word_char((unsigned char)lw[-1])) lw--;
                char pw[256];
                plural(lw, strlen(lw), pw, sizeof pw);
                char ph2[768];
                snprintf(ph2, sizeof ph2, "%.*s%s", (int)(lw - ph), ph, pw);
                if (rpi_buf_add(&r->out, " | ", 3)) return RP_ENOMEM;
                if ((rc = name_phrase(r, ph2, &r->out))) break;
            }
            if (!sub) break;
        }
        if (plurals && *plurals) {
            char *save2 = NULL;
            for (char *p = strtok_r(plurals, " \t", &save2); p; p = strtok_r(NULL, " \t", &save2)) {
                if (rpi_buf_add(&r->out, " | ", 3)) return RP_ENOMEM;
                if ((rc = name_phrase(r, p, &r->out))) break;
            }
        }
        if (rc == RP_EINVAL) { rc = RP_OK; continue; } /* a name we cannot use: told, left out */
        if (rc) return rc;
        if (rpi_buf_printf(&r->out, " : %s", code)) return RP_ENOMEM;
        rc = emit(r, 'g', r->line, r->out.data);
    }
    return rc;
}

/* ---- verbs ---- */

/* A word of a pattern in our syntax, appended to out. TABARI: prefix unless '_'
 * follows; PETRARCH: the Snowball stem (plain word). Returns bytes consumed. */
static rp_rc pattern_word(reader *r, const char *b, size_t n, int exact, rpi_buf *out)
{
    for (size_t i = 0; i < n; i++)
        if (strchr("{}|=$+*", b[i])) RFAIL(r, "character '%c' is not supported in a pattern word", b[i]);
    /* a pattern's "RESOLUTION_" is that word alone, without the endings a verb's or a
       name's final word takes ("adopt a set of resolutions" is no "- * RESOLUTION_":
       SYNSET-21b, "failed closed match") */
    if (r->f == FMT_TABARI)
        return rpi_buf_printf(out, exact ? "=%.*s" : "%.*s*", (int)n, b) ? RP_ENOMEM : RP_OK;
    return rpi_buf_printf(out, "%.*s", (int)n, b) ? RP_ENOMEM : RP_OK;
}

/* Translate one TABARI/PETRARCH phrase of a synset ("AUSTRIAN FLORIN", "JAVANESE_YEN",
 * "&TIETYPES") into one alternative of ours ("austrian_florin*"). */
/* Append the alternatives of set NAME (without '&'), nested sets expanded, each
 * followed by '\n', to out. At most 256 in all. */
static rp_rc set_members(reader *r, const char *name, size_t n, rpi_buf *out, int depth)
{
    while (n > 1 && name[n - 1] == '_') n--;
    uint32_t si = rpi_map_get(&r->sets, rpi_hash(name - 1, n + 1));
    if (si == RPI_NONE || depth > 4) return RP_EINVAL;
    const char *a = r->set_alts[si];
    while (*a) {
        const char *e = strstr(a, " | ");
        size_t l = e ? (size_t)(e - a) : strlen(a);
        if (*a == '&') {
            rp_rc rc = set_members(r, a + 1, l - 1, out, depth + 1);
            if (rc) return rc;
        } else if (rpi_buf_printf(out, "%.*s\n", (int)l, a)) {
            return RP_ENOMEM;
        }
        a += l + (e ? 3 : 0);
    }
    return RP_OK;
}

/* Translate one TABARI/PETRARCH phrase of a synset ("AUSTRIAN FLORIN", "JAVANESE_YEN",
 * "&TIETYPES", "&TIETYPES_MEMOS") into alternatives of ours ("austrian_florin*"),
 * separated by sep: a set inside a phrase is expanded into one alternative per member. */
static rp_rc set_alt(reader *r, char *p, rpi_buf *out, const char *sep)
{
    p = rpi_trim(p);
    size_t pl = strlen(p);
    int inner = 0;
    for (size_t i = 1; i < pl; i++) if (p[i] == '&') inner = 1;
    if (*p == '&' && !inner) { /* a whole set */
        size_t n = pl;
        while (n > 1 && p[n - 1] == '_') n--;
        for (size_t i = 1; i < n; i++) if (!isalnum((unsigned char)p[i])) inner = 1;
        if (!inner) {
            if (!set_known(r, p, n)) { skip(r, "synset '%.*s' is not defined (or was left out)", (int)n, p); return RP_EINVAL; }
            return rpi_buf_printf(out, "%.*s", (int)n, p) ? RP_ENOMEM : RP_OK;
        }
    }
    /* the phrase word by word; each word gives one or more pieces ('\n'-separated), and
       the alternatives are all the ways of taking one piece per word */
    rpi_buf alts = {0}, next = {0}, piece = {0};
    rp_rc rc = rpi_buf_addc(&alts, '\n') ? RP_ENOMEM : RP_OK; /* one empty alternative */
    size_t wn;
    int joined;
    for (const char *s = p, *b; !rc && (b = next_word(&s, &wn, &joined));) {
        piece.len = 0;
        if (*b == '&') {
            rc = set_members(r, b + 1, wn - 1, &piece, 0);
            if (rc == RP_EINVAL) skip(r, "synset '%.*s' in a phrase is not defined (or was left out)", (int)wn, b);
        } else {
            for (const char *q = b; q < s; q++)
                if (strchr("{}|=$+*%^~&", *q)) { skip(r, "character '%c' in a synset phrase is not supported", *q); rc = RP_EINVAL; }
            int exact = joined || r->f == FMT_PETRARCH;
            if (!rc && rpi_buf_printf(&piece, "%s%.*s%s\n", exact && r->f == FMT_TABARI ? "=" : "", (int)wn, b,
                                      exact || r->f == FMT_PETRARCH ? "" : "*"))
                rc = RP_ENOMEM;
        }
        if (rc) break;
        next.len = 0;
        size_t count = 0;
        for (const char *a = alts.data; !rc && *a;) {
            const char *ae = strchr(a, '\n');
            for (const char *q = piece.data; !rc && q && *q;) {
                const char *qe = strchr(q, '\n');
                if (++count > 256) { skip(r, "phrase '%s' expands to too many alternatives", p); rc = RP_EINVAL; break; }
                if (rpi_buf_printf(&next, "%.*s%s%.*s\n", (int)(ae - a), a, ae > a ? "_" : "", (int)(qe - q), q)) rc = RP_ENOMEM;
                q = qe + 1;
            }
            a = ae + 1;
        }
        rpi_buf tmp = alts; alts = next; next = tmp;
    }
    size_t nalt = 0;
    for (const char *a = alts.data; !rc && a && *a;) {
        const char *ae = strchr(a, '\n');
        if (ae > a && rpi_buf_printf(out, "%s%.*s", nalt++ ? sep : "", (int)(ae - a), a)) rc = RP_ENOMEM;
        a = ae + 1;
    }
    rpi_buf_free(&alts);
    rpi_buf_free(&next);
    rpi_buf_free(&piece);
    if (!rc && !nalt) rc = RP_EINVAL;
    return rc;
}

typedef struct verb_block {
    rpi_buf verbs;      /* our alternatives for the verb: "{attack* =attacked}" pieces */
    char code[16];      /* the block's (PETRARCH) or verb's (TABARI) code */
    int have;
} verb_block;

/* Normalise a foreign event code: "+++" (complex) and "###" void the sentence. */
static int norm_code(char *code)
{
    if (!strcmp(code, "+++")) strcpy(code, "###");
    /* TABARI "SAID [023?]": a subordinate code, used only when the sentence gives no
       other event: the '?' goes, the pattern is @subordinate (1 returned); "ATTEND
       [031!]": a dominant one: when the sentence has one, only dominant events are coded
       (its manual, 6.6.2; its "coded even after another pattern of the clause" is not
       followed: FRWD-002-003 expects the clause's first verb, not a later ATTEND [031!]):
       the '!' goes, the pattern is @dominant (2 returned) */
    size_t n = strlen(code);
    if (n > 1 && code[n - 1] == '?') { code[n - 1] = '\0'; return 1; }
    if (n > 1 && code[n - 1] == '!') { code[n - 1] = '\0'; return 2; }
    return 0;
}

/* The tokens of a TABARI/PETRARCH pattern ("SUGGESTED_+ * DEMAND_{ GENEVA_ | INTERNATIONAL }_CONVENTIONS")
 * into our elements, with the verb alternatives at '*'. */
static rp_rc pattern_line(reader *r, verb_block *vb, char *pat, const char *code, unsigned line)
{
    rpi_buf *o = &r->out;
    o->len = 0;
    char c2[16];
    snprintf(c2, sizeof c2, "%s", code);
    int subordinate = norm_code(c2);
    if (rpi_buf_printf(o, "%s ", c2)) return RP_ENOMEM;
    int have_verb = 0, group = 0;
    int adj = 0, last_word = 0; /* a '_' joins the next element to the word or verb before */
    int paren = 0;              /* inside a PETRARCH-2 "( )" phrase */
    char *s = pat;
    while (*s) {
        while (isspace((unsigned char)*s) || *s == '(' || *s == ')') {
            if (*s == '(') paren = 1;
            else if (*s == ')') paren = 0;
            s++;
        }
        if (!*s) break;
        char ch = *s;
        if (ch == '_') {
            adj = last_word && s[1] && !isspace((unsigned char)s[1]) && !strchr("$+%^", s[1]);
            s++;
            continue;
        }
        const char *J = adj ? "_" : ""; /* our mark: adjacent to the element before */
        adj = 0;
        last_word = 1;
        if (ch == '*') { /* the verb: the pattern is looked up by it ('>') */
            if (rpi_buf_printf(o, " %s>%s ", J, vb->verbs.data)) return RP_ENOMEM;
            have_verb = 1;
            s++;
            continue;
        }
        if (ch == '$' || ch == '+') {
            if (rpi_buf_printf(o, " %c ", ch)) return RP_ENOMEM;
            last_word = 0;
            s++;
            continue;
        }
        if (ch == '%') { /* compound actor: the group stands there, as a source slot, and its
                            members are coded with each other ("- % * [030:030]": "The
                            Philippines and France agree"); PETRARCH: after the verb, the
                            target ("agrees with the Philippines and France", "- * WITH %":
                            ERI PHL, ERI FRA; COMPOUND-42) */
            last_word = 0;
            s++;
            if (have_verb && r->f != FMT_TABARI) {
                if (rpi_buf_add(o, " + ", 3)) return RP_ENOMEM;
                continue;
            }
            group = 1;
            if (rpi_buf_add(o, " $ ", 3)) return RP_ENOMEM;
            continue;
        }
        if (ch == '^') { /* an actor passed over, neither source nor target; in a PETRARCH-2
                            phrase ("SUMMIT (IN ^)") dropped (see docs/foreign-dictionaries.md) */
            if (!paren && rpi_buf_add(o, " ^ ", 3)) return RP_ENOMEM;
            last_word = 0;
            s++;
            continue;
        }
        if (ch == '~') { s++; continue; } /* TABARI "REAL~": a stem, as every word is */
        if (ch == '{') { /* TABARI "{ A | B }" alternatives, PETRARCH "{ADJ NOUN}" phrase */
            char *close = strchr(s, '}');
            if (!close) RFAIL(r, "'{' without '}'");
            *close = '\0';
            char *in = s + 1;
            if (strchr(in, '|')) {
                if (rpi_buf_printf(o, " %s{", J)) return RP_ENOMEM;
                char *save = NULL;
                for (char *alt = strtok_r(in, "|", &save); alt; alt = strtok_r(NULL, "|", &save)) {
                    size_t mark = o->len;
                    if (rpi_buf_addc(o, ' ')) return RP_ENOMEM;
                    rp_rc rc = set_alt(r, alt, o, " ");
                    if (rc == RP_EINVAL) { o->len = mark; o->data[o->len] = '\0'; continue; }
                    if (rc) return rc;
                }
                if (rpi_buf_add(o, " } ", 3)) return RP_ENOMEM;
            } else {
                for (char *w = in; *w;) {
                    while (*w && (isspace((unsigned char)*w) || *w == '_')) w++;
                    if (!*w) break;
                    char *b = w;
                    while (is_word_char((unsigned char)*w)) w++;
                    if (*b == '&') {
                        if (!set_known(r, b, (size_t)(w - b))) r->skip_pattern = 1;
                        if (rpi_buf_printf(o, " %.*s ", (int)(w - b), b)) return RP_ENOMEM;
                        continue;
                    }
                    if (rpi_buf_addc(o, ' ')) return RP_ENOMEM;
                    rp_rc rc = pattern_word(r, b, (size_t)(w - b), *w == '_', o);
                    if (rc) return rc;
                }
            }
            s = close + 1;
            continue;
        }
        if (ch == '&') {
            char *b = s;
            s++;
            while (*s && (isalnum((unsigned char)*s))) s++;
            size_t n = (size_t)(s - b);
            if (!set_known(r, b, n)) r->skip_pattern = 1;
            if (rpi_buf_printf(o, " %s%.*s ", J, (int)n, b)) return RP_ENOMEM;
            continue;
        }
        char *b = s;
        while (*s && !isspace((unsigned char)*s) && *s != '_' && !strchr("*$+%^{}()~&", *s)) s++;
        if (s == b) { s++; continue; }
        if (rpi_buf_printf(o, " %s", J)) return RP_ENOMEM;
        rp_rc rc = pattern_word(r, b, (size_t)(s - b), *s == '_', o);
        if (rc) return rc;
    }
    if (!have_verb && rpi_buf_printf(o, " >%s ", vb->verbs.data)) return RP_ENOMEM;
    if (group && rpi_buf_add(o, " @group", 7)) return RP_ENOMEM;
    if (subordinate == 1 && rpi_buf_add(o, " @subordinate", 13)) return RP_ENOMEM;
    if (subordinate == 2 && rpi_buf_add(o, " @dominant", 10)) return RP_ENOMEM;
    if (r->skip_pattern) { r->skip_pattern = 0; skip(r, "pattern uses a synset that is not defined: left out"); return RP_OK; }
    return emit(r, 'v', line, o->data);
}

/* A TABARI alternative of several words, "{ LOUDLY INCLUDED | STRONGLY ASSXRTED }", lets
 * other words stand between them as the pattern's own words do ("loudly boldly
 * included": PATTERN-29e); our alternatives are one word or '_'-joined words, so such a
 * pattern becomes one pattern per alternative. So does a synset's phrase of spaced
 * words ("+AUSTRIAN FLORIN" matches "austrian gold florin": SYNSET-20b): the pattern
 * stays, and comes once more with each such phrase in the set's place. At most 64
 * patterns in all; synsets are looked for from offset from on. */
static rp_rc pattern_lines(reader *r, verb_block *vb, char *pat, const char *code, unsigned line, int *budget,
                           size_t from);

/* pattern_lines on pat with its bytes [at, to) replaced by text[0, n) (pattern_line
 * writes into its text, so always on a copy); synsets are looked for from offset from.
 * RP_EINVAL: this one left out (said); with *budget < 0, stop. */
static rp_rc pattern_with(reader *r, verb_block *vb, const char *pat, size_t at, size_t to, const char *text, size_t n,
                          const char *code, unsigned line, int *budget, size_t from)
{
    size_t len = at + n + strlen(pat + to);
    char *one = malloc(len + 1);
    if (!one) return RP_ENOMEM;
    snprintf(one, len + 1, "%.*s%.*s%s", (int)at, pat, (int)n, text, pat + to);
    rp_rc rc = pattern_lines(r, vb, one, code, line, budget, from);
    free(one);
    return rc;
}

static rp_rc pattern_lines(reader *r, verb_block *vb, char *pat, const char *code, unsigned line, int *budget,
                           size_t from)
{
    char *open = NULL, *close = NULL;
    for (char *b = strchr(pat, '{'); b && r->f == FMT_TABARI; b = strchr(b + 1, '{')) {
        char *e = strchr(b, '}');
        if (!e) break;
        int spaced = 0;
        for (char *a = b + 1; a < e && !spaced; a++) /* a space between two words of one alternative */
            if (isspace((unsigned char)*a) && a > b + 1 && !isspace((unsigned char)a[-1]) && a[-1] != '|' &&
                a[-1] != '{')
                for (char *z = a; z < e && *z != '|'; z++)
                    if (!isspace((unsigned char)*z)) { spaced = 1; break; }
        if (spaced && memchr(b, '|', (size_t)(e - b))) { open = b; close = e; break; }
    }
    if (open) { /* one pattern per alternative of the braces */
        size_t at = (size_t)(open - pat), to = (size_t)(close + 1 - pat);
        for (const char *a = open + 1; a < close;) {
            const char *bar = memchr(a, '|', (size_t)(close - a));
            const char *e = bar ? bar : close, *q = a;
            while (q < e && isspace((unsigned char)*q)) q++;
            if (q == e) { a = e + 1; continue; } /* an empty alternative ("{ A || B }"): none */
            rp_rc rc = pattern_with(r, vb, pat, at, to, a, (size_t)(e - a), code, line, budget, 0);
            if (*budget < 0) return RP_EINVAL; /* said once, where it ran out */
            if (rc && rc != RP_EINVAL) return rc; /* RP_EINVAL: this one left out, the others go on */
            a = e + 1;
        }
        return RP_OK;
    }
    /* a synset with phrases of spaced words: the pattern as it is (those phrases with
       consecutive words), then once with each such phrase in the set's place */
    for (char *a = strchr(pat + from, '&'); a; a = strchr(a + 1, '&')) {
        size_t n = 1;
        while (isalnum((unsigned char)a[n])) n++;
        uint32_t si = n > 1 ? rpi_map_get(&r->sets, rpi_hash(a, n)) : RPI_NONE;
        if (si == RPI_NONE || !r->set_spaced[si]) continue;
        size_t at = (size_t)(a - pat), end = n;
        while (a[end] == '_') end++; /* "&CURRENCY_": the set, then a joined word */
        rp_rc rc = pattern_with(r, vb, pat, 0, 0, "", 0, code, line, budget, at + end);
        for (const char *ph = r->set_spaced[si]; *ph && !(rc && rc != RP_EINVAL) && *budget >= 0;) {
            const char *e = strchr(ph, '\n');
            rc = pattern_with(r, vb, pat, at, at + n, ph, (size_t)(e - ph), code, line, budget, at);
            ph = e + 1;
        }
        if (*budget < 0) return RP_EINVAL;
        return rc == RP_EINVAL ? RP_OK : rc;
    }
    if (--*budget < 0) { skip(r, "pattern expands to more than 64 patterns: the rest left out"); return RP_EINVAL; }
    return pattern_line(r, vb, pat, code, line);
}

/* Add a verb (and its forms) to the block's alternatives. TABARI "ATTACK", "CALLED_ON",
 * "BURN DOWN"; PETRARCH "FREEZE {FREEZES FROZE}", "+STIR_UP {+STIRS_UP}", "WIRE_+TAP". */
static rp_rc verb_alt(reader *r, verb_block *vb, char *v)
{
    v = rpi_trim(v);
    if (!*v) return RP_OK;
    size_t mark = vb->verbs.len;
    if (vb->verbs.len > 1 && rpi_buf_addc(&vb->verbs, ' ')) return RP_ENOMEM;
    /* words joined into one alternative with '_' (adjacent) */
    int nw = 0;
    for (char *s = v; *s;) {
        while (*s == '_' || *s == '+' || isspace((unsigned char)*s)) s++;
        if (!*s) break;
        char *b = s;
        while (*s && *s != '_' && *s != '+' && !isspace((unsigned char)*s)) s++;
        int exact = *s == '_';
        char *e = s;
        if (e - b > 1 && e[-1] == '=') { e--; exact = 1; } /* TABARI "BAN=" */
        for (char *q = b; q < e; q++)
            if (strchr("{}|=$*%^&~[]", *q)) { vb->verbs.len = mark; vb->verbs.data[mark] = '\0'; skip(r, "verb form '%s' is not supported", v); return RP_OK; }
        if (r->f == FMT_TABARI && !nw && exact && e == s && (!s[1] || isspace((unsigned char)s[1])) && !strchr(s + 1, '_')) {
            /* "DEPART_": the verb with its regular endings */
            rp_rc rc = endings(&vb->verbs, b, (size_t)(e - b));
            if (rc) return rc;
            nw++;
            s++;
            continue;
        }
        if (r->f != FMT_TABARI && !nw && e == s && !*s) {
            /* PETRARCH: a verb is its exact forms, the regular ones made from it (PETRARCH-2's
               make_verb_forms: +S or +ES, +ED or +D, +ING), not a stem ("departes": VERB-21) */
            rp_rc rc = petrarch_forms(&vb->verbs, b, (size_t)(e - b));
            if (rc) return rc;
            nw++;
            continue;
        }
        if (nw && rpi_buf_addc(&vb->verbs, '_')) return RP_ENOMEM;
        if (r->f == FMT_TABARI) {
            if (rpi_buf_printf(&vb->verbs, exact ? "=%.*s" : "%.*s*", (int)(e - b), b)) return RP_ENOMEM;
        } else if (rpi_buf_printf(&vb->verbs, "%.*s", (int)(e - b), b)) {
            return RP_ENOMEM;
        }
        nw++;
    }
    return RP_OK;
}

static rp_rc verbs_open(verb_block *vb)
{
    vb->verbs.len = 0;
    if (rpi_buf_addc(&vb->verbs, '{')) return RP_ENOMEM;
    vb->have = 0;
    return RP_OK;
}

static rp_rc verbs_close(verb_block *vb)
{
    return rpi_buf_addc(&vb->verbs, '}') ? RP_ENOMEM : RP_OK;
}

/* Synsets: "&NAME" then "+PHRASE" lines, until a line that is neither. */
typedef struct set_acc { rpi_buf line, spaced; unsigned at; int open; size_t nalt; } set_acc;

static rp_rc set_flush(reader *r, set_acc *st)
{
    if (!st->open) return RP_OK;
    st->open = 0;
    if (!st->nalt) { unsigned l = r->line; r->line = st->at; skip(r, "synset with no usable phrase"); r->line = l; return RP_OK; }
    const char *nm = st->line.data, *sp = strchr(nm, ' '), *eq = strchr(nm, '=');
    if (RPI_GROW(r->set_alts, r->cap_set_alts, r->nset_alts + 1)) return RP_ENOMEM;
    if (RPI_GROW(r->set_spaced, r->cap_set_spaced, r->nset_alts + 1)) return RP_ENOMEM;
    r->set_spaced[r->nset_alts] = NULL;
    if (!(r->set_alts[r->nset_alts] = rpi_strndup(eq + 2, strlen(eq + 2)))) return RP_ENOMEM;
    if (st->spaced.len && !(r->set_spaced[r->nset_alts] = rpi_strndup(st->spaced.data, st->spaced.len))) {
        rpi_free(r->set_alts[r->nset_alts]);
        return RP_ENOMEM;
    }
    st->spaced.len = 0;
    if (rpi_map_put(&r->sets, rpi_hash(nm, (size_t)(sp - nm)), (uint32_t)r->nset_alts++)) return RP_ENOMEM;
    return emit(r, 'v', st->at, st->line.data);
}

/* Extract "[CODE]" from a line (removed from s); "" when none. */
static rp_rc take_code(reader *r, char *s, char code[16])
{
    code[0] = '\0';
    char *br = strrchr(s, '[');
    if (!br) return RP_OK;
    char *close = strchr(br, ']');
    if (!close) RFAIL(r, "'[' without ']'");
    *close = '\0';
    char *c = rpi_trim(br + 1);
    if (strlen(c) >= 16) RFAIL(r, "code '%s' is too long", c);
    snprintf(code, 16, "%s", c);
    *br = '\0';
    return RP_OK;
}

/* A pattern line stores its verb block; TABARI verbs are blocks of one verb. */
typedef struct pending_pat { char *text; char code[16]; unsigned line; } pending_pat;

/* A PETRARCH-2 transformation, "~ a (b . ATTACK) SAY = a b 112": the verbs it names
 * become their codes, and the line ours, "~ 010 (b . 190) = 112" ("Q", any code: '*').
 * names/n: each verb's name and code. */
struct vname { char name[48]; char code[16]; };
static rp_rc transform_line(reader *r, char *s, const struct vname *names, size_t n);

static rp_rc read_verbs(reader *r, char *data, size_t len)
{
    rp_rc rc = RP_OK;
    char *pos = data, *end = data + len, *raw;
    verb_block vb = {0};
    set_acc st = {0};
    pending_pat *pp = NULL;
    size_t npp = 0, cap = 0;
    int section = 0; /* 1 synsets, 2 time (only its discards read) */
    char block_code[16] = "---";
    /* verb entries of the current block: their own codes, emitted as one-word patterns */
    struct vcode { char alt[1024]; char code[16]; unsigned line; } *vcodes = NULL;
    size_t nvc = 0, capvc = 0;
    /* PETRARCH-2: each verb's code by its name ("SAY": 010), for the transformations,
       which are read at the end (they name verbs of any block) */
    struct vname *vnames = NULL;
    size_t nvn = 0, capvn = 0;
    pending_pat *tl = NULL;
    size_t ntl = 0, captl = 0;
    if ((rc = verbs_open(&vb))) goto out;
    r->line = 0;

#define FLUSH_BLOCK()                                                                          \
    do {                                                                                       \
        if (vb.have) {                                                                         \
            if ((rc = verbs_close(&vb))) goto out;                                             \
            for (size_t i_ = 0; i_ < nvc; i_++) {                                              \
                r->out.len = 0;                                                                \
                int sub_ = norm_code(vcodes[i_].code);                                         \
                /* TABARI counts its verbs for the COMPLEX filter, but not a null one         \
                   without patterns (its manual, 8.7) */                                       \
                int verb_ = r->f == FMT_TABARI && (npp || strcmp(vcodes[i_].code, "---"));     \
                if (rpi_buf_printf(&r->out, "%s %s %s%s", vcodes[i_].code, vcodes[i_].alt, sub_ == 1 ? "@subordinate" : sub_ ? "@dominant" : "@weak", verb_ ? " @verb" : "")) { rc = RP_ENOMEM; goto out; } \
                if ((rc = emit(r, 'v', vcodes[i_].line, r->out.data))) goto out; \
            }                                                                                  \
            for (size_t i_ = 0; i_ < npp; i_++) { /* messages name the pattern's line */       \
                unsigned at_ = r->line;                                                         \
                r->line = pp[i_].line;                                                          \
                rc = pattern_lines(r, &vb, pp[i_].text, pp[i_].code, pp[i_].line, &(int){64}, 0); \
                r->line = at_;                                                                  \
                if (rc && rc != RP_EINVAL) goto out;                                            \
            }                                                                                   \
        }                                                                                      \
        for (size_t i_ = 0; i_ < npp; i_++) rpi_free(pp[i_].text);                             \
        npp = 0;                                                                               \
        nvc = 0;                                                                               \
        if ((rc = verbs_open(&vb))) goto out;                                                  \
    } while (0)

    while ((raw = next_raw(&pos, end))) {
        r->line++;
        char *s = raw;
        int block_header = r->f == FMT_PETRARCH && !strncmp(rpi_trim(s), "---", 3) && strstr(s + 3, "---");
        if (block_header) {
            char *t = rpi_trim(s);
            char code[16];
            if ((rc = take_code(r, t, code))) { if (rc != RP_EINVAL) goto out; code[0] = '\0'; }
            FLUSH_BLOCK();
            snprintf(block_code, sizeof block_code, "%s", code[0] ? code : "---");
            continue;
        }
        s = strip_comment(r, s);
        if (!*s) continue;
        if (!strcmp(s, "<SYNSETS>")) { section = 1; continue; }
        if (!strcmp(s, "</SYNSETS>")) { if ((rc = set_flush(r, &st))) goto out; section = 0; continue; }
        if (!strcmp(s, "<TIME>")) { section = 2; continue; }
        if (!strcmp(s, "</TIME>")) { section = 0; continue; }
        /* TABARI <TIME>: time shifts ("LAST_WEEK [-7]") are not applied; its discard and
           complex phrases ("KAN_WA_MA_KAN [###]", "WHEN_PEACE_COMES [+++]") void the sentence */
        if (section == 2 && (*s == '-' || !(strstr(s, "[###]") || strstr(s, "[+++]")))) continue;
        if (*s == '&') { /* a synset */
            if ((rc = set_flush(r, &st))) goto out;
            char *nm = rpi_trim(s);
            size_t n = strlen(nm);
            while (n > 1 && nm[n - 1] == '_') nm[--n] = '\0';
            st.line.len = 0;
            if (rpi_buf_printf(&st.line, "%s =", nm)) { rc = RP_ENOMEM; goto out; }
            st.open = 1;
            st.nalt = 0;
            st.spaced.len = 0;
            st.at = r->line;
            continue;
        }
        if (*s == '+' && st.open) {
            size_t mark = st.line.len;
            if (rpi_buf_add(&st.line, st.nalt ? " | " : " ", st.nalt ? 3 : 1)) { rc = RP_ENOMEM; goto out; }
            rp_rc ar = set_alt(r, s + 1, &st.line, " | ");
            if (ar == RP_EINVAL) { st.line.len = mark; st.line.data[mark] = '\0'; continue; }
            if (ar) { rc = ar; goto out; }
            st.nalt++;
            char *ph = rpi_trim(s + 1); /* TABARI "AUSTRIAN FLORIN": other words may stand between */
            if (r->f == FMT_TABARI && strpbrk(ph, " \t") && rpi_buf_printf(&st.spaced, "%s\n", ph)) { rc = RP_ENOMEM; goto out; }
            continue;
        }
        if ((rc = set_flush(r, &st))) goto out;
        if (section == 1) continue;
        if (*s == '~') { /* a transformation: translated once every verb is known */
            if (r->f != FMT_PETRARCH) { skip(r, "'~' lines are PETRARCH's"); continue; }
            if (RPI_GROW(tl, captl, ntl + 1)) { rc = RP_ENOMEM; goto out; }
            if (!(tl[ntl].text = rpi_strndup(s, strlen(s)))) { rc = RP_ENOMEM; goto out; }
            tl[ntl].line = r->line;
            tl[ntl].code[0] = '\0';
            ntl++;
            continue;
        }
        if (*s == '-') { /* a pattern of the current verb(s) */
            if (r->f == FMT_PETRARCH && strchr(s, '(')) r->petrarch2 = 1;
            char code[16];
            if ((rc = take_code(r, s + 1, code))) { if (rc != RP_EINVAL) goto out; continue; }
            if (!code[0]) { skip(r, "pattern without a [code]"); continue; }
            if (!vb.have) { skip(r, "pattern before any verb"); continue; }
            if (RPI_GROW(pp, cap, npp + 1)) { rc = RP_ENOMEM; goto out; }
            pp[npp].text = rpi_strndup(s + 1, strlen(s + 1));
            if (!pp[npp].text) { rc = RP_ENOMEM; goto out; }
            snprintf(pp[npp].code, sizeof pp[npp].code, "%s", code);
            pp[npp].line = r->line;
            npp++;
            continue;
        }
        if (*s == '{') { /* TABARI: other forms of the verb just read; the bare verb's own
                            pattern gets them too ("ACT_ [100]" then "{ ACTING_ ACTXD_ }") */
            char *close = strchr(s, '}');
            if (close) *close = '\0';
            char *save = NULL;
            size_t al = nvc ? strlen(vcodes[nvc - 1].alt) : 0;
            if (al && vcodes[nvc - 1].alt[al - 1] == '}') vcodes[nvc - 1].alt[--al] = '\0';
            for (char *v = strtok_r(s + 1, " \t,", &save); v; v = strtok_r(NULL, " \t,", &save)) {
                size_t m2 = vb.verbs.len;
                if ((rc = verb_alt(r, &vb, v))) goto out;
                if (al && al + (vb.verbs.len - m2) + 2 < sizeof vcodes[nvc - 1].alt) {
                    memcpy(vcodes[nvc - 1].alt + al, vb.verbs.data + m2, vb.verbs.len - m2);
                    al += vb.verbs.len - m2;
                    vcodes[nvc - 1].alt[al] = '\0';
                }
            }
            if (al) { vcodes[nvc - 1].alt[al++] = '}'; vcodes[nvc - 1].alt[al] = '\0'; }
            continue;
        }
        /* a verb line: "VERB [CODE]", PETRARCH "VERB {FORMS} [CODE]" */
        char code[16];
        if ((rc = take_code(r, s, code))) { if (rc != RP_EINVAL) goto out; continue; }
        if (r->f == FMT_TABARI) FLUSH_BLOCK(); /* each TABARI verb is its own block */
        char *forms = strchr(s, '{');
        if (forms) {
            char *close = strchr(forms, '}');
            if (close) *close = '\0';
            *forms++ = '\0';
        }
        char *verb = rpi_trim(s);
        size_t mark = vb.verbs.len;
        if ((rc = verb_alt(r, &vb, verb))) goto out;
        /* the bare verb codes its own code, or the block's */
        const char *vc = code[0] ? code : r->f == FMT_PETRARCH ? block_code : "---";
        if (r->f == FMT_PETRARCH && strlen(verb) < sizeof vnames->name) {
            if (RPI_GROW(vnames, capvn, nvn + 1)) { rc = RP_ENOMEM; goto out; }
            snprintf(vnames[nvn].name, sizeof vnames[nvn].name, "%s", verb);
            snprintf(vnames[nvn].code, sizeof vnames[nvn].code, "%s", vc);
            nvn++;
        }
        if (vb.verbs.len > mark) {
            if (RPI_GROW(vcodes, capvc, nvc + 1)) { rc = RP_ENOMEM; goto out; }
            const char *alt = vb.verbs.data + mark + (vb.verbs.data[mark] == ' ');
            snprintf(vcodes[nvc].alt, sizeof vcodes[nvc].alt, "{%s", alt);
            snprintf(vcodes[nvc].code, sizeof vcodes[nvc].code, "%s", vc);
            vcodes[nvc].line = r->line;
            vb.have = 1;
            if (forms) {
                char *save = NULL;
                for (char *v = strtok_r(forms, " \t,", &save); v; v = strtok_r(NULL, " \t,", &save)) {
                    size_t m2 = vb.verbs.len;
                    if ((rc = verb_alt(r, &vb, v))) goto out;
                    size_t al = strlen(vcodes[nvc].alt);
                    if (al + (vb.verbs.len - m2) + 2 < sizeof vcodes[nvc].alt) /* room kept for '}' */
                        snprintf(vcodes[nvc].alt + al, sizeof vcodes[nvc].alt - al, "%s", vb.verbs.data + m2);
                }
            }
            size_t al = strlen(vcodes[nvc].alt);
            if (al + 2 > sizeof vcodes[nvc].alt) al = sizeof vcodes[nvc].alt - 2;
            snprintf(vcodes[nvc].alt + al, sizeof vcodes[nvc].alt - al, "}");
            if (r->f == FMT_TABARI && !forms && strpbrk(verb, " \t")) {
                /* "DEATH TOLL RISEN", "HACKED DEATH": words apart by a space, as in TABARI's
                   phrases, let others stand between them ("death toll has risen"): the bare
                   verb's pattern has one element per word */
                verb_block one = {0};
                char *save = NULL;
                vcodes[nvc].alt[0] = '\0';
                al = 0;
                for (char *w = strtok_r(verb, " \t", &save); w && !rc; w = strtok_r(NULL, " \t", &save)) {
                    if ((rc = verbs_open(&one)) || (rc = verb_alt(r, &one, w))) break;
                    if (one.verbs.len > 1 && al + one.verbs.len + 3 < sizeof vcodes[nvc].alt)
                        al += (size_t)snprintf(vcodes[nvc].alt + al, sizeof vcodes[nvc].alt - al, "%s%s}", al ? " " : "",
                                               one.verbs.data);
                }
                rpi_buf_free(&one.verbs);
                if (rc) goto out;
            }
            nvc++;
        }
    }
    if ((rc = set_flush(r, &st))) goto out;
    FLUSH_BLOCK();
#undef FLUSH_BLOCK
    for (size_t i = 0; i < ntl; i++) {
        r->line = tl[i].line;
        if ((rc = transform_line(r, tl[i].text, vnames, nvn))) goto out;
    }
out:
    for (size_t i = 0; i < ntl; i++) rpi_free(tl[i].text);
    rpi_free(tl);
    rpi_free(vnames);
    for (size_t i = 0; i < npp; i++) rpi_free(pp[i].text);
    rpi_free(pp);
    rpi_free(vcodes);
    rpi_buf_free(&vb.verbs);
    rpi_buf_free(&st.line);
    rpi_buf_free(&st.spaced);
    return rc;
}

static const char *verb_code(const struct vname *names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcasecmp(names[i].name, name)) return names[i].code;
    return NULL;
}

static rp_rc transform_line(reader *r, char *s, const struct vname *names, size_t n)
{
    /* tokens, with the parentheses apart: a ( X Y V2 ) V1 = a b R */
    char *tok[16];
    size_t nt = 0;
    r->tmp.len = 0;
    if (rpi_buf_add(&r->tmp, "", 0)) return RP_ENOMEM; /* (a bare "~" adds nothing below) */
    for (const char *p = s + 1; *p; p++) {
        if (*p == '(' || *p == ')') {
            if (rpi_buf_addc(&r->tmp, ' ') || rpi_buf_addc(&r->tmp, *p) || rpi_buf_addc(&r->tmp, ' ')) return RP_ENOMEM;
        } else if (rpi_buf_addc(&r->tmp, *p)) {
            return RP_ENOMEM;
        }
    }
    char *save = NULL;
    for (char *t = strtok_r(r->tmp.data, " \t", &save); t && nt < 16; t = strtok_r(NULL, " \t", &save)) tok[nt++] = t;
    if (nt != 11 || strcmp(tok[0], "a") || strcmp(tok[1], "(") || strcmp(tok[5], ")") || strcmp(tok[7], "=") ||
        strcmp(tok[8], "a") || strcmp(tok[9], "b")) {
        skip(r, "transformation not of the form '~ a (X Y VERB) VERB = a b CODE'");
        return RP_OK;
    }
    const char *outer = verb_code(names, n, tok[6]);
    const char *inner = !strcmp(tok[4], "Q") ? "*" : verb_code(names, n, tok[4]);
    const char *result = !strcmp(tok[10], "Q") ? "*" : tok[10];
    if (!outer || !inner) {
        skip(r, "transformation names the verb '%s', which the file does not define", outer ? tok[4] : tok[6]);
        return RP_OK;
    }
    r->out.len = 0;
    if (rpi_buf_printf(&r->out, "~ %s (%s %s %s) = %s", outer, tok[2], tok[3], inner, result)) return RP_ENOMEM;
    return emit(r, 'v', r->line, r->out.data);
}

/* A PICO value: signed hexadecimal terms, "-0xFFFF+0x0070"; 0 if s..e is not one. */
static int pico_expr(const char *s, const char *e, long *out)
{
    long v = 0;
    int terms = 0;
    while (s < e) {
        while (s < e && isspace((unsigned char)*s)) s++;
        if (s == e) break;
        long sign = 1;
        if (*s == '+' || *s == '-') {
            sign = *s == '-' ? -1 : 1;
            s++;
            while (s < e && isspace((unsigned char)*s)) s++;
        } else if (terms) {
            return 0;
        }
        if (e - s < 3 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X')) return 0;
        s += 2;
        long t = 0;
        int nd = 0;
        for (; s < e && isxdigit((unsigned char)*s); s++, nd++) {
            if (nd == 8) return 0;
            t = t * 16 + (isdigit((unsigned char)*s) ? *s - '0' : (tolower((unsigned char)*s) - 'a' + 10));
        }
        if (!nd) return 0;
        v += sign * t;
        terms++;
    }
    *out = v;
    return terms > 0;
}

/* PETRARCH's internal coding ontology (UD-PETRARCH's PETR.Internal.Coding.Ontology.txt;
 * PETRARCH-2 has the same built in): "CODE:VALUE[#VALUE...][#comment]", "121:-0xFFFF+0x0070". */
static rp_rc read_pico(reader *r, char *data, size_t len)
{
    char *pos = data, *end = data + len, *raw;
    r->line = 0;
    while ((raw = next_raw(&pos, end))) {
        r->line++;
        char *s = rpi_trim(raw);
        if (!*s || *s == '#') continue;
        char *colon = strchr(s, ':');
        if (!colon) { skip(r, "want 'CODE:VALUE'"); continue; }
        *colon = '\0';
        char *code = rpi_trim(s);
        if (!strcmp(code, "---")) continue; /* "---:0": codes nothing */
        size_t cl = strlen(code), k = 0;
        while (k < cl && isdigit((unsigned char)code[k])) k++;
        if (!cl || k != cl || cl > 7) { skip(r, "'%s' is not a CAMEO code", code); continue; }
        int n = 0;
        for (char *f = colon + 1; f && *f;) {
            char *hash = strchr(f, '#'), *fe = hash ? hash : f + strlen(f);
            long v;
            if (!pico_expr(f, fe, &v)) break; /* the rest is a comment */
            rp_rc rc = rpi_loader_add_pico(r->ld, code, v, !n);
            if (rc) return rc;
            n++;
            f = hash ? hash + 1 : NULL;
        }
        if (!n) skip(r, "no value for %s", code);
    }
    return RP_OK;
}

/* PETRARCH discards: a phrase that voids the sentence ("WORLD CUP"); '+' marks one
 * that voids the whole story, which we treat the same way. */
static rp_rc read_discards(reader *r, char *data, size_t len)
{
    rp_rc rc = RP_OK;
    char *pos = data, *end = data + len, *raw;
    r->line = 0;
    while (!rc && (raw = next_raw(&pos, end))) {
        r->line++;
        char *s = strip_comment(r, raw);
        if (*s == '+') s = rpi_trim(s + 1);
        char *br = strchr(s, '[');
        if (br) *br = '\0';
        s = rpi_trim(s);
        if (!*s) continue;
        r->out.len = 0;
        if (rpi_buf_add(&r->out, "###", 3)) return RP_ENOMEM;
        for (char *w = s; *w;) {
            while (*w == '_' || isspace((unsigned char)*w)) w++;
            if (!*w) break;
            char *b = w;
            while (is_word_char((unsigned char)*w)) w++;
            if (rpi_buf_printf(&r->out, " =%.*s", (int)(w - b), b)) return RP_ENOMEM;
        }
        rc = emit(r, 'v', r->line, r->out.data);
    }
    return rc;
}

/* ---- files and specs ---- */

typedef rp_rc (*read_fn)(reader *r, char *data, size_t len);

static rp_rc read_one(reader *r, const char *path, read_fn fn)
{
    char *data;
    size_t len;
    rp_rc rc = rpi_loader_read(r->ld, path, &data, &len);
    if (!rc) rc = fn(r, data, len);
    rpi_free(data);
    return rc;
}

/* The role of a PETRARCH file by its name. */
static read_fn petrarch_role(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    char low[256];
    size_t n = 0;
    for (; b[n] && n < sizeof low - 1; n++) low[n] = (char)tolower((unsigned char)b[n]);
    low[n] = '\0';
    if (strstr(low, "actor")) return read_actors;
    if (strstr(low, "agent")) return read_agents;
    if (strstr(low, "discard")) return read_discards;
    if (strstr(low, "ontology") || strstr(low, "pico")) return read_pico;
    if (strstr(low, "verb") || !strncmp(low, "cameo", 5)) return read_verbs;
    return NULL;
}

/* TABARI project file: <actorsfile>, <verbsfile>, <agentsfile> (relative to it). */
static rp_rc load_tabari(reader *r, const char *project)
{
    char *data;
    size_t len;
    rp_rc rc = rpi_loader_read(r->ld, project, &data, &len);
    if (rc) return rc;
    const char *slash = strrchr(project, '/');
    int dirlen = slash ? (int)(slash - project) : 1;
    const char *dir = slash ? project : ".";
    struct { const char *tag; read_fn fn; char path[1024]; int n; unsigned line; } files[16];
    size_t nf = 0;
    char *pos = data, *end = data + len, *raw;
    unsigned line = 0;
    int nverbs = 0, nactors = 0;
    while ((raw = next_raw(&pos, end))) {
        line++;
        static const struct { const char *tag; read_fn fn; } tags[] = {
            {"<actorsfile>", read_actors}, {"<verbsfile>", read_verbs}, {"<agentsfile>", read_agents}};
        for (size_t t = 0; t < 3; t++) {
            size_t tl = strlen(tags[t].tag);
            if (strncmp(rpi_trim(raw), tags[t].tag, tl)) continue;
            if (nf == 16) { rpi_loader_fail(r->ld, line, "too many files"); rpi_free(data); return RP_EPARSE; }
            char *name = rpi_trim(rpi_trim(raw) + tl);
            if (!*name) { rpi_loader_fail(r->ld, line, "%s without a file name", tags[t].tag); rpi_free(data); return RP_EPARSE; }
            if (*name == '/') snprintf(files[nf].path, sizeof files[nf].path, "%s", name); /* absolute */
            else snprintf(files[nf].path, sizeof files[nf].path, "%.*s/%s", dirlen, dir, name);
            files[nf].fn = tags[t].fn;
            files[nf].line = line;
            if (tags[t].fn == read_verbs) nverbs++;
            if (tags[t].fn == read_actors) nactors++;
            nf++;
        }
    }
    rpi_free(data);
    if (!nverbs || !nactors) {
        rpi_loader_fail(r->ld, line, "a TABARI project needs <actorsfile> and <verbsfile>");
        return RP_EPARSE;
    }
    /* actors and agents before verbs, as in our own order */
    for (int pass = 0; pass < 2 && !rc; pass++)
        for (size_t i = 0; i < nf && !rc; i++)
            if ((files[i].fn == read_verbs) == pass) rc = read_one(r, files[i].path, files[i].fn);
    return rc;
}

static rp_rc load_petrarch(reader *r, const char *spec)
{
    rpi_buf list = {0};
    rp_rc rc = RP_OK;
    DIR *d = strchr(spec, ',') ? NULL : opendir(spec);
    if (d) { /* a folder: the Phoenix set PETRARCH-2 codes news with */
        closedir(d);
        static const char *const phoenix[] = {"Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
                                              "Phoenix.MilNonState.actors.txt", "Phoenix.agents.txt",
                                              "Phoenix.discards.txt", "CAMEO.2.0.txt"};
        for (size_t i = 0; i < sizeof phoenix / sizeof *phoenix; i++)
            if (rpi_buf_printf(&list, "%s%s/%s", i ? "," : "", spec, phoenix[i])) { rc = RP_ENOMEM; goto out; }
        /* and the coding ontology, when the folder has it (PETRARCH-2 has it built in;
           UD-PETRARCH ships it as a file) */
        r->tmp.len = 0;
        if (rpi_buf_printf(&r->tmp, "%s/PETR.Internal.Coding.Ontology.txt", spec)) { rc = RP_ENOMEM; goto out; }
        if (!access(r->tmp.data, R_OK) && rpi_buf_printf(&list, ",%s", r->tmp.data)) { rc = RP_ENOMEM; goto out; }
    } else if (rpi_buf_printf(&list, "%s", spec)) {
        rc = RP_ENOMEM;
        goto out;
    }
    /* actors, agents, discards, then verbs */
    for (int pass = 0; pass < 2 && !rc; pass++) {
        char *copy = rpi_strndup(list.data, list.len), *save = NULL;
        if (!copy) { rc = RP_ENOMEM; break; }
        for (char *f = strtok_r(copy, ",", &save); f && !rc; f = strtok_r(NULL, ",", &save)) {
            read_fn fn = petrarch_role(f);
            if (!fn) {
                if (pass) continue;
                rpi_loader_fail(r->ld, 0, "%s: cannot tell what this file holds (want actors, agents, discards, verbs or ontology in its name)", f);
                rc = RP_EPARSE;
                break;
            }
            if ((fn == read_verbs) == pass) rc = read_one(r, f, fn);
        }
        rpi_free(copy);
    }
out:
    rpi_buf_free(&list);
    return rc;
}

rp_rc rp_dict_load_foreign(rp_dict *dict, const char *root, const char *lang, const char *spec,
                           rp_lint_cb warn, void *user, size_t *skipped)
{
    if (skipped) *skipped = 0;
    if (!spec) return RP_EINVAL;
    dict_fmt f;
    const char *arg;
    if (!strncmp(spec, "tabari:", 7)) { f = FMT_TABARI; arg = spec + 7; }
    else if (!strncmp(spec, "petrarch:", 9)) { f = FMT_PETRARCH; arg = spec + 9; }
    else return RP_EINVAL;
    if (!*arg) return RP_EINVAL;
    reader r = {.f = f, .warn = warn, .warn_user = user, .dict = dict};
    rp_rc rc = rpi_loader_open(dict, root, lang, 1, &r.ld);
    if (!rc) {
        rc = f == FMT_TABARI ? load_tabari(&r, arg) : load_petrarch(&r, arg);
        /* their patterns span whole clauses: wider gaps; TABARI codes one verb per clause;
           TABARI and PETRARCH-1 code a group alone only with '%', PETRARCH-2 always, and
           of "A:B" PETRARCH-2 codes only A */
        rpi_loader_set_rules(r.ld, 8, f == FMT_TABARI, f == FMT_TABARI || !r.petrarch2, r.petrarch2);
        /* their agents join a country also through "in" and "from" ("lawmakers in Fornost") */
        if (!rc) rc = rpi_loader_add_links(r.ld, "in | from");
    }
    rc = rpi_loader_close(r.ld, rc);
    rpi_buf_free(&r.out);
    rpi_buf_free(&r.tmp);
    rpi_map_free(&r.sets);
    for (size_t i = 0; i < r.nset_alts; i++) { rpi_free(r.set_alts[i]); rpi_free(r.set_spaced[i]); }
    rpi_free(r.set_alts);
    rpi_free(r.set_spaced);
    if (skipped) *skipped = r.skipped;
    return rc;
}

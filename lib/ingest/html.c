/* Article extraction from HTML over the libxml2 tree. Phases of rp_extract_html:
 * 0. scripts (but JSON-LD), style sheets and comments cut from a copy of the page, then
 *    the attributes the extractor never reads (src, data-*, SVG paths...) from a second;
 * 1. parse (libxml2 honours the declared charset and recovers from broken markup);
 * 2. metadata: title, date, author, canonical URL, language (meta tags, JSON-LD, <time>);
 * 3. boilerplate marked: scripts, navigation, forms, and elements whose class or id say
 *    menu, share, related, comments, cookie...;
 * 4. paragraphs scored (text length, commas, link density) into their ancestors, the best
 *    container chosen, with its good siblings;
 * 5. the container's text written out paragraph by paragraph, link lists dropped. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <cjson/cJSON.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "../rpi.h"
#include "rapporti/ingest.h"
#include "rapporti/text.h"

#define MAX_DEPTH 400        /* deeper markup is ignored (hostile pages nest 100,000 deep) */
#define MIN_PARAGRAPH 25     /* characters for a paragraph to count in scoring */

/* What we know of one element, kept in node->_private. */
typedef struct nstat {
    double score;            /* readability-style content score */
    size_t text;             /* characters of text below (boilerplate excluded) */
    size_t link;             /* of which inside links */
    int scored;              /* has a content score */
    int drop;                /* boilerplate: skipped entirely */
} nstat;

struct rp_extractor {
    nstat *st; size_t nst, cap_st;     /* per-element stats */
    xmlNodePtr *cands; size_t ncands, cap_cands;
    rpi_buf text;                      /* extracted body */
    rpi_buf meta;                      /* title, date, author, url, lang, NUL-separated */
    rpi_buf err;
    rpi_buf scratch;
    rpi_buf raw;                       /* the page without scripts, styles, comments */
    rpi_buf lean;                      /* and without the attributes never read */
    int truncated;                     /* the page nested deeper than the parser reads */
};

rp_extractor *rp_extractor_new(void) { return rpi_calloc(1, sizeof(rp_extractor)); }

void rp_extractor_free(rp_extractor *x)
{
    if (!x) return;
    rpi_free(x->st);
    rpi_free(x->cands);
    rpi_buf_free(&x->text);
    rpi_buf_free(&x->meta);
    rpi_buf_free(&x->err);
    rpi_buf_free(&x->scratch);
    rpi_buf_free(&x->raw);
    rpi_buf_free(&x->lean);
    rpi_free(x);
}

const char *rp_extractor_errmsg(const rp_extractor *x) { return x->err.data ? x->err.data : ""; }
int rp_extractor_truncated(const rp_extractor *x) { return x->truncated; }

/* ---- small helpers ---- */

static int tag_is(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->name && (n->name[0] | 0x20) == name[0] &&
           !strcasecmp((const char *)n->name, name);
}

static int tag_in(xmlNodePtr n, const char *const *names)
{
    if (!n || n->type != XML_ELEMENT_NODE || !n->name) return 0;
    int c0 = n->name[0] | 0x20; /* the lists are in lower case; a first-letter test first */
    for (; *names; names++)
        if (c0 == (*names)[0] && !strcasecmp((const char *)n->name, *names)) return 1;
    return 0;
}

static nstat *st_of(xmlNodePtr n) { return n ? (nstat *)n->_private : NULL; }

/* n's attribute of that name (lower case), NULL when it has none */
static xmlAttrPtr find_attr(xmlNodePtr n, const char *name)
{
    for (xmlAttrPtr a = n->properties; a; a = a->next)
        if (a->name && (a->name[0] | 0x20) == name[0] && !strcasecmp((const char *)a->name, name)) return a;
    return NULL;
}

static const char *attr(xmlNodePtr n, const char *name)
{
    xmlAttrPtr a = find_attr(n, name);
    return a && a->children && a->children->content ? (const char *)a->children->content : NULL;
}

/* Whether n has the attribute, with a value or bare ("<p hidden>", "<time pubdate>"). */
static int has_attr(xmlNodePtr n, const char *name) { return find_attr(n, name) != NULL; }

/* Whether hay contains needle, ASCII letters in any case (a cheap first-byte test
 * before each comparison). */
static int contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    int c0 = tolower((unsigned char)needle[0]);
    for (; *hay; hay++)
        if (tolower((unsigned char)*hay) == c0 && !strncasecmp(hay, needle, n)) return 1;
    return 0;
}

static const char *const DROP_TAGS[] = {"script", "style", "noscript", "template", "svg", "nav", "footer", "aside",
                                        "button", "select", "textarea", "iframe", "object", "embed",
                                        "canvas", "map", "input", "label", "menu", "dialog", NULL};
static const char *const BLOCK_TAGS[] = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5",
                                         "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "table",
                                         "tr", "td", "th", "figure", "figcaption", "header", "address", "hr",
                                         "center", "tbody", "thead", NULL};
/* Words of class and id values that mark boilerplate or content. A class is cut into
 * words at non-letters and at camelCase ("PageBuilder-pageRow" is page, builder, page,
 * row), so "pager" does not match "pageRow". */
static const char *const NEGATIVE[] = {"comment", "comments", "share", "sharing", "social", "related", "promo",
                                       "sidebar", "footer", "footnote", "footnotes", "menu", "nav", "navbar",
                                       "navigation", "breadcrumb", "breadcrumbs", "cookie", "cookies", "consent",
                                       "banner", "ad", "ads", "advert", "advertisement", "sponsor", "sponsored",
                                       "newsletter", "subscribe", "subscription", "signup", "popup", "modal",
                                       "masthead", "widget", "outbrain", "taboola", "recommended", "recirc",
                                       "trending", "tags", "pagination", "pager", "bio", "byline", "skip",
                                       "print", "toolbar", "disqus", "login", "hidden", "caption", "credit",
                                       "overlay", "gdpr", "rss", "shoutbox", "skyscraper", "supplemental",
                                       "newsletters", "follow", "author", "meta", "timestamp", "dateline", NULL};
static const char *const POSITIVE[] = {"article", "body", "content", "entry", "main", "post", "story", "text",
                                       "blog", "prose", "articlebody", "storybody", NULL};

static int word_in(const char *w, size_t n, const char *const *list)
{
    for (; *list; list++)
        if ((w[0] | 0x20) == (*list)[0] && strlen(*list) == n && !strncasecmp(w, *list, n)) return 1;
    return 0;
}

/* -25 when a word of s is negative, +25 when one is positive (both may apply). */
static int words_weight(const char *s)
{
    int neg = 0, pos = 0;
    size_t i = 0, n = strlen(s);
    while (i < n) {
        while (i < n && !isalnum((unsigned char)s[i])) i++;
        size_t b = i;
        while (i < n && isalnum((unsigned char)s[i])) {
            i++;
            if (i < n && islower((unsigned char)s[i - 1]) && isupper((unsigned char)s[i])) break; /* camelCase */
        }
        if (i > b) {
            if (word_in(s + b, i - b, NEGATIVE)) neg = 1;
            if (word_in(s + b, i - b, POSITIVE)) pos = 1;
        }
    }
    return (pos ? 25 : 0) - (neg ? 25 : 0);
}

/* Readability's class weight: from class and id. */
static int class_weight(xmlNodePtr n)
{
    int w = 0;
    const char *names[2] = {attr(n, "class"), attr(n, "id")};
    for (int i = 0; i < 2; i++)
        if (names[i]) w += words_weight(names[i]);
    const char *ip = attr(n, "itemprop");
    if (ip && contains_ci(ip, "articleBody")) w += 50;
    return w;
}

static int is_hidden(xmlNodePtr n)
{
    const char *s = attr(n, "style");
    if (s && (contains_ci(s, "display:none") || contains_ci(s, "display: none") || contains_ci(s, "visibility:hidden")))
        return 1;
    if (has_attr(n, "hidden")) return 1;
    const char *aria = attr(n, "aria-hidden");
    return aria && !strcasecmp(aria, "true");
}

/* Characters of visible text of s (runs of white space count once). */
static size_t text_chars(const char *s, size_t *commas)
{
    size_t n = 0;
    int sp = 1;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (isspace(c)) { if (!sp) n++; sp = 1; continue; }
        sp = 0;
        if ((c & 0xC0) != 0x80) n++;
        if (c == ',' && commas) (*commas)++;
    }
    return n;
}

/* ---- phase 3: stats and boilerplate, bottom-up ---- */

static rp_rc alloc_stats(rp_extractor *x, xmlNodePtr n, int depth)
{
    for (; n; n = n->next) {
        n->_private = NULL;
        if (n->type != XML_ELEMENT_NODE) continue;
        if (RPI_GROW(x->st, x->cap_st, x->nst + 1)) return RP_ENOMEM;
        x->nst++;
        if (depth < MAX_DEPTH) {
            rp_rc rc = alloc_stats(x, n->children, depth + 1);
            if (rc) return rc;
        }
    }
    return RP_OK;
}

static size_t assign_stats(rp_extractor *x, xmlNodePtr n, size_t next, int depth)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        nstat *s = &x->st[next++];
        memset(s, 0, sizeof *s);
        n->_private = s;
        if (depth < MAX_DEPTH) next = assign_stats(x, n->children, next, depth + 1);
    }
    return next;
}

/* Fill text and link counts; mark boilerplate (by class too, unless strict is 0). */
static void measure(xmlNodePtr n, int in_link, int depth, size_t *text, size_t *link, int strict)
{
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            size_t c = n->content ? text_chars((const char *)n->content, NULL) : 0;
            *text += c;
            if (in_link) *link += c;
            continue;
        }
        if (n->type != XML_ELEMENT_NODE) continue;
        nstat *s = st_of(n);
        if (!s) continue; /* beyond MAX_DEPTH */
        if (tag_in(n, DROP_TAGS) || is_hidden(n)) { s->drop = 1; continue; }
        int w = strict ? class_weight(n) : 0;
        if (w < 0 && !tag_is(n, "body") && !tag_is(n, "html") && !tag_is(n, "article") && !tag_is(n, "main")) {
            s->drop = 1;
            continue;
        }
        size_t t = 0, l = 0;
        measure(n->children, in_link || tag_is(n, "a"), depth + 1, &t, &l, strict);
        s->text = t;
        s->link = l;
        /* a form is boilerplate (search, sign-up) unless it wraps the page (ASP.NET) */
        if (tag_is(n, "form") && t < 500) { s->drop = 1; continue; }
        *text += t;
        *link += l;
    }
}

static double link_density(const nstat *s) { return s->text ? (double)s->link / (double)s->text : 0; }

static int has_block_child(xmlNodePtr n)
{
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (tag_in(c, BLOCK_TAGS) && st_of(c) && !st_of(c)->drop) return 1;
    return 0;
}

static double base_score(xmlNodePtr n)
{
    double s = class_weight(n);
    if (tag_is(n, "div") || tag_is(n, "article") || tag_is(n, "section") || tag_is(n, "main")) s += 5;
    else if (tag_is(n, "pre") || tag_is(n, "td") || tag_is(n, "blockquote")) s += 3;
    else if (tag_in(n, (const char *const[]){"address", "ol", "ul", "dl", "dd", "dt", "li", NULL})) s -= 3;
    else if (tag_in(n, (const char *const[]){"h1", "h2", "h3", "h4", "h5", "h6", "th", NULL})) s -= 5;
    if (tag_is(n, "article")) s += 10;
    return s;
}

static void add_score(xmlNodePtr n, double v)
{
    nstat *s = st_of(n);
    if (!s || s->drop) return;
    if (!s->scored) { s->scored = 1; s->score = base_score(n); }
    s->score += v;
}

/* Phase 4: every paragraph gives its score to its parent (all), grandparent (half) and
 * great-grandparent (a third). */
static void score_paragraphs(rp_extractor *x, xmlNodePtr n, int depth)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        nstat *s = st_of(n);
        if (!s || s->drop) continue;
        int para = tag_in(n, (const char *const[]){"p", "pre", "td", "blockquote", NULL}) ||
                   ((tag_is(n, "div") || tag_is(n, "section")) && !has_block_child(n));
        if (para && s->text >= MIN_PARAGRAPH && link_density(s) < 0.5) {
            /* the paragraph's own text, to count commas */
            xmlChar *content = xmlNodeGetContent(n);
            size_t commas = 0;
            if (content) { text_chars((const char *)content, &commas); xmlFree(content); }
            double v = 1 + (double)commas + (s->text / 100 > 3 ? 3 : (double)(s->text / 100));
            xmlNodePtr p = n->parent;
            for (int k = 0; k < 3 && p && p->type == XML_ELEMENT_NODE; k++, p = p->parent)
                add_score(p, v / (k == 0 ? 1 : k == 1 ? 2 : 3 * k));
        }
        if (depth < MAX_DEPTH) score_paragraphs(x, n->children, depth + 1);
    }
}

static double final_score(xmlNodePtr n)
{
    nstat *s = st_of(n);
    return s ? s->score * (1 - link_density(s)) : 0;
}

/* Keep the five best-scored elements in x->cands, best first. */
static void top_five(rp_extractor *x, xmlNodePtr n, int depth)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        nstat *s = st_of(n);
        if (!s || s->drop) continue;
        if (s->scored) {
            double v = final_score(n);
            size_t k = x->ncands < 5 ? x->ncands : 5;
            while (k > 0 && final_score(x->cands[k - 1]) < v) k--;
            if (k < 5) {
                size_t last = x->ncands < 5 ? x->ncands : 4;
                memmove(x->cands + k + 1, x->cands + k, (last - k) * sizeof *x->cands);
                x->cands[k] = n;
                if (x->ncands < 5) x->ncands++;
            }
        }
        if (depth < MAX_DEPTH) top_five(x, n->children, depth + 1);
    }
}

static int is_ancestor(xmlNodePtr a, xmlNodePtr n)
{
    for (; n; n = n->parent)
        if (n == a) return 1;
    return 0;
}

/* Readability's climb: from the best element to the container of the whole article
 * when the text is split over several blocks (sections between pictures). */
static xmlNodePtr climb(rp_extractor *x, xmlNodePtr top)
{
    /* an ancestor shared by at least three of the good alternatives */
    double ts = final_score(top);
    int alts = 0;
    for (size_t i = 1; i < x->ncands; i++)
        if (final_score(x->cands[i]) >= 0.75 * ts) alts++;
    if (alts >= 2) {
        for (xmlNodePtr p = top->parent; p && p->type == XML_ELEMENT_NODE && st_of(p) && !tag_is(p, "body"); p = p->parent) {
            int under = 0;
            for (size_t i = 1; i < x->ncands; i++)
                if (final_score(x->cands[i]) >= 0.75 * ts && is_ancestor(p, x->cands[i])) under++;
            if (under >= 2) { top = p; break; }
        }
    }
    return top;
}

/* ---- phase 5: text out ---- */

typedef struct writer {
    rpi_buf *out;
    size_t para_start;   /* where the current paragraph began in out */
    size_t para_link;    /* link characters in it */
    int space;           /* a space is pending */
    int oom;
    rpi_map *seen;       /* hashes of the paragraphs written */
} writer;

/* Short lines that are the page talking about itself, not the article. */
static const char *const CHROME[] = {"newsletter", "sign up", "subscribe", "comment on", "comments", "share this",
                                     "follow us", "click here", "read more", "advertisement", "all rights reserved",
                                     "related:", "recommended", "iscriviti", "leggi anche", "commenta",
                                     "condividi", "pubblicità", "riproduzione riservata", "cookie", NULL};

static int is_chrome(const char *p, size_t len)
{
    if (len > 120) return 0;
    char line[128], low[128]; /* the line, and in ASCII lower case for the lists (all lower case) */
    memcpy(line, p, len);
    line[len] = '\0';
    for (size_t i = 0; i <= len; i++) low[i] = (char)tolower((unsigned char)line[i]);
    for (const char *const *c = CHROME; *c; c++)
        if (strstr(low, *c)) return 1;
    if (len < 80 && !strncmp(line, "By ", 3)) return 1; /* a byline */
    /* a dateline: short, with a year and a month, not a sentence */
    static const char *const months[] = {"january", "february", "march", "april", "may ", "june", "july",
                                         "august", "september", "october", "november", "december", "gennaio",
                                         "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
                                         "settembre", "ottobre", "novembre", "dicembre", NULL};
    if (len < 70 && line[len - 1] != '.') {
        int year = 0, month = 0;
        for (size_t i = 0; i + 4 <= len; i++)
            if ((!strncmp(line + i, "19", 2) || !strncmp(line + i, "20", 2)) && isdigit((unsigned char)line[i + 2]) &&
                isdigit((unsigned char)line[i + 3]) && (i + 4 == len || !isdigit((unsigned char)line[i + 4])))
                year = 1;
        for (const char *const *m = months; *m && !month; m++)
            if (strstr(low, *m)) month = 1;
        if (year && month) return 1;
    }
    return 0;
}

static void w_break(writer *w)
{
    /* end the paragraph: drop it when it is mostly links (menus, tag lists), page
       chrome, or a repeat of an earlier paragraph (pages that carry the text twice) */
    size_t len = w->out->len - w->para_start;
    if (len && w->para_link * 2 > len && len < 400) w->out->len = w->para_start;
    else if (len && is_chrome(w->out->data + w->para_start, len)) w->out->len = w->para_start;
    else if (len && w->seen) {
        uint64_t h = rpi_hash(w->out->data + w->para_start, len);
        if (rpi_map_get(w->seen, h) != RPI_NONE) w->out->len = w->para_start;
        else if (rpi_map_put(w->seen, h, 1)) w->oom = 1;
    }
    while (w->out->len && (w->out->data[w->out->len - 1] == ' ')) w->out->len--;
    if (w->out->len && (w->out->len < 2 || strncmp(w->out->data + w->out->len - 2, "\n\n", 2))) {
        if (w->out->data[w->out->len - 1] == '\n') { if (rpi_buf_addc(w->out, '\n')) w->oom = 1; }
        else if (rpi_buf_add(w->out, "\n\n", 2)) w->oom = 1;
    }
    if (w->out->data) w->out->data[w->out->len] = '\0';
    w->para_start = w->out->len;
    w->para_link = 0;
    w->space = 0;
}

static void w_text(writer *w, const char *s, int in_link)
{
    size_t before = w->out->len;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (isspace(c)) { w->space = 1; continue; }
        if (w->space && w->out->len > w->para_start) {
            if (rpi_buf_addc(w->out, ' ')) { w->oom = 1; return; }
        }
        w->space = 0;
        if (rpi_buf_addc(w->out, (char)c)) { w->oom = 1; return; }
    }
    if (in_link) w->para_link += w->out->len - before;
}

static void write_node(writer *w, xmlNodePtr n, int in_link, int depth)
{
    for (; n && !w->oom; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content) w_text(w, (const char *)n->content, in_link);
            continue;
        }
        if (n->type != XML_ELEMENT_NODE) continue;
        nstat *s = st_of(n);
        if (!s || s->drop) continue;
        if (tag_is(n, "br")) { w->space = 1; continue; }
        if (tag_is(n, "h1")) continue; /* the headline: reported as the title */
        int block = tag_in(n, BLOCK_TAGS);
        /* a list or table that is mostly links (related stories) */
        if (block && (tag_is(n, "ul") || tag_is(n, "ol") || tag_is(n, "table")) && link_density(s) > 0.5) continue;
        if (block) w_break(w);
        if (depth < MAX_DEPTH) write_node(w, n->children, in_link || tag_is(n, "a"), depth + 1);
        if (block) w_break(w);
    }
}

/* The chosen container and those of its siblings that look like more of the article. */
static void write_article(rp_extractor *x, xmlNodePtr top)
{
    rpi_map seen = {0};
    writer w = {&x->text, 0, 0, 0, 0, &seen};
    x->text.len = 0;
    nstat *ts = st_of(top);
    double threshold = ts->score * 0.2 > 10 ? ts->score * 0.2 : 10;
    xmlNodePtr parent = top->parent;
    xmlNodePtr first = parent && parent->type == XML_ELEMENT_NODE ? parent->children : top;
    for (xmlNodePtr n = first; n; n = n->next) {
        if (n != top) {
            if (n->type != XML_ELEMENT_NODE) continue;
            nstat *s = st_of(n);
            if (!s || s->drop) continue;
            int keep = s->scored && s->score * (1 - link_density(s)) >= threshold;
            if (!keep && tag_is(n, "p") && link_density(s) < 0.25 && s->text >= 80) keep = 1;
            if (!keep && tag_is(n, "p") && s->text > 0 && s->text < 80 && s->link == 0) {
                xmlChar *c = xmlNodeGetContent(n); /* a short paragraph that ends a sentence */
                if (c) {
                    size_t cl = strlen((const char *)c);
                    while (cl && isspace(c[cl - 1])) cl--;
                    keep = cl && c[cl - 1] == '.';
                    xmlFree(c);
                }
            }
            if (!keep) continue;
        }
        w_break(&w);
        write_node(&w, n, 0, 0);
        w_break(&w);
        if (n == top && first == top) break;
    }
    while (x->text.len && isspace((unsigned char)x->text.data[x->text.len - 1])) x->text.len--;
    if (x->text.data) x->text.data[x->text.len] = '\0';
    rpi_map_free(&seen);
}

/* ---- phase 2: metadata ---- */

typedef struct meta {
    const char *title, *og_title, *date, *author, *canonical, *og_url, *lang;
    char *ld_date, *ld_author, *ld_title; /* from JSON-LD, owned */
} meta;

static char *dup_str(const char *s) { return s ? rpi_strndup(s, strlen(s)) : NULL; }

static void json_ld(meta *m, const cJSON *o, int depth)
{
    if (!o || depth > 8) return;
    if (cJSON_IsArray(o)) {
        const cJSON *it;
        cJSON_ArrayForEach(it, o) json_ld(m, it, depth + 1);
        return;
    }
    if (!cJSON_IsObject(o)) return;
    const cJSON *g = cJSON_GetObjectItemCaseSensitive(o, "@graph");
    if (g) json_ld(m, g, depth + 1);
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(o, "datePublished");
    if (cJSON_IsString(d) && !m->ld_date) m->ld_date = dup_str(d->valuestring);
    const cJSON *h = cJSON_GetObjectItemCaseSensitive(o, "headline");
    if (cJSON_IsString(h) && !m->ld_title) m->ld_title = dup_str(h->valuestring);
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, "author");
    if (a && !m->ld_author) {
        if (cJSON_IsArray(a)) a = cJSON_GetArrayItem(a, 0);
        const cJSON *name = cJSON_IsObject(a) ? cJSON_GetObjectItemCaseSensitive(a, "name") : a;
        if (cJSON_IsString(name)) m->ld_author = dup_str(name->valuestring);
    }
}

static void collect_meta(meta *m, xmlNodePtr n, int depth)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        if (tag_is(n, "html") && !m->lang) m->lang = attr(n, "lang");
        if (tag_is(n, "title") && !m->title && n->children && n->children->content)
            m->title = (const char *)n->children->content;
        if (tag_is(n, "meta")) {
            const char *key = attr(n, "property");
            if (!key) key = attr(n, "name");
            if (!key) key = attr(n, "itemprop");
            const char *val = attr(n, "content");
            if (key && val) {
                if (!strcasecmp(key, "og:title") && !m->og_title) m->og_title = val;
                else if ((!strcasecmp(key, "article:published_time") || !strcasecmp(key, "datePublished") ||
                          !strcasecmp(key, "pubdate") || !strcasecmp(key, "publishdate") ||
                          !strcasecmp(key, "date") || !strcasecmp(key, "DC.date.issued") ||
                          !strcasecmp(key, "dc.date") || !strcasecmp(key, "sailthru.date") ||
                          !strcasecmp(key, "parsely-pub-date")) && !m->date)
                    m->date = val;
                else if ((!strcasecmp(key, "author") || !strcasecmp(key, "article:author") ||
                          !strcasecmp(key, "parsely-author") || !strcasecmp(key, "sailthru.author")) &&
                         !m->author && strncmp(val, "http", 4))
                    m->author = val;
                else if (!strcasecmp(key, "og:url") && !m->og_url) m->og_url = val;
                else if (!strcasecmp(key, "og:locale") && !m->lang) m->lang = val;
            }
            const char *he = attr(n, "http-equiv");
            if (he && val && !strcasecmp(he, "content-language") && !m->lang) m->lang = val;
        }
        if (tag_is(n, "link")) {
            const char *rel = attr(n, "rel"), *href = attr(n, "href");
            if (rel && href && !strcasecmp(rel, "canonical") && !m->canonical) m->canonical = href;
        }
        if (tag_is(n, "time") && !m->date) {
            const char *dt = attr(n, "datetime");
            if (dt && (has_attr(n, "pubdate") || (attr(n, "itemprop") && contains_ci(attr(n, "itemprop"), "datePublished"))))
                m->date = dt;
        }
        if (tag_is(n, "script")) {
            const char *type = attr(n, "type");
            if (type && !strcasecmp(type, "application/ld+json") && n->children && n->children->content) {
                cJSON *o = cJSON_Parse((const char *)n->children->content);
                json_ld(m, o, 0);
                cJSON_Delete(o);
            }
        }
        if (depth < MAX_DEPTH) collect_meta(m, n->children, depth + 1);
    }
}

/* The first <time datetime> of the page, when no meta tag gave a date. */
static const char *first_time(xmlNodePtr n, int depth)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        if (tag_is(n, "time") && attr(n, "datetime")) return attr(n, "datetime");
        if (depth < MAX_DEPTH) {
            const char *t = first_time(n->children, depth + 1);
            if (t) return t;
        }
    }
    return NULL;
}

static xmlNodePtr first_tag(xmlNodePtr n, const char *name, int depth)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        if (tag_is(n, name)) return n;
        if (depth < MAX_DEPTH) {
            xmlNodePtr t = first_tag(n->children, name, depth + 1);
            if (t) return t;
        }
    }
    return NULL;
}

/* Append s (whitespace folded) and a NUL to buf; record its offset in *off (or -1). */
static int meta_add(rpi_buf *buf, const char *s, long *off)
{
    *off = -1;
    if (!s) return 0;
    while (isspace((unsigned char)*s)) s++;
    if (!*s) return 0;
    *off = (long)buf->len;
    int sp = 0;
    for (; *s; s++) {
        if (isspace((unsigned char)*s)) { sp = 1; continue; }
        if (sp && buf->len > (size_t)*off && rpi_buf_addc(buf, ' ')) return -1;
        sp = 0;
        if (rpi_buf_addc(buf, *s)) return -1;
    }
    return rpi_buf_addc(buf, '\0');
}

/* "2019-11-19T08:00:00Z" -> "2019-11-19"; NULL when it does not start with a date. */
static const char *iso_date(const char *s, char out[11])
{
    if (!s) return NULL;
    while (isspace((unsigned char)*s)) s++;
    if (strlen(s) < 10) return NULL;
    memcpy(out, s, 10);
    out[10] = '\0';
    return rp_parse_date(out) ? out : NULL;
}

/* ---- phase 0: scripts, styles and comments out before parsing ----
 * Most of a news page's bytes are scripts, style sheets and comments, which the
 * extractor drops anyway; libxml2 reads them a character at a time. They are cut from a
 * copy of the page first, ending where libxml2 ends them with HTML_PARSE_RECOVER (a
 * script at the first "</script", case-insensitive; a comment at the first "-->"). Tags
 * are stepped over with their quoted attribute values, so "<!--" inside an attribute is
 * not a comment. JSON-LD scripts stay (the metadata reads them). Where a script, style
 * or comment does not end, the rest of the page is kept as it is. */

static int blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; } /* libxml2's: no \f */

/* the first "</NAME" (case-insensitive) in s[i..n), or n */
static size_t find_end_tag(const char *s, size_t i, size_t n, const char *name, size_t nl)
{
    while (i < n) {
        const char *lt = memchr(s + i, '<', n - i);
        if (!lt) return n;
        i = (size_t)(lt - s);
        if (i + 2 + nl <= n && s[i + 1] == '/' && !strncasecmp(s + i + 2, name, nl)) return i;
        i++;
    }
    return n;
}

/* the index past the '>' closing the tag opened at s[i] ('<'), quotes skipped; n when none */
static size_t tag_end(const char *s, size_t i, size_t n)
{
    char q = 0;
    for (i++; i < n; i++) {
        char c = s[i];
        if (q) { if (c == q) q = 0; }
        else if (c == '"' || c == '\'') q = c;
        else if (c == '>') return i + 1;
    }
    return n;
}

static int raw_tag_is(const char *s, size_t i, size_t n, const char *name, size_t nl)
{
    if (i + 1 + nl >= n || strncasecmp(s + i + 1, name, nl)) return 0;
    char c = s[i + 1 + nl];
    return c == '>' || c == '/' || isspace((unsigned char)c);
}

/* Copy html into out without scripts (but JSON-LD), styles and comments; 0 when
 * nothing was cut (use the page as it is), 1 when out holds the page, -1 out of memory. */
static int strip_raw(const char *s, size_t n, rpi_buf *out)
{
    out->len = 0;
    size_t i = 0, copied = 0;
    int cut = 0;
    while (i < n) {
        const char *lt = memchr(s + i, '<', n - i);
        if (!lt) break;
        i = (size_t)(lt - s);
        size_t from = i, to;
        if (i + 4 <= n && !memcmp(s + i, "<!--", 4)) {
            size_t k = i + 4;
            to = n;
            for (; k + 3 <= n; k++) {
                const char *d = memchr(s + k, '-', n - k);
                if (!d) break;
                k = (size_t)(d - s);
                if (k + 3 <= n && d[1] == '-' && d[2] == '>') { to = k + 3; break; }
            }
            if (to == n) break; /* an unended comment: the rest stays */
        } else if (raw_tag_is(s, i, n, "script", 6) || raw_tag_is(s, i, n, "style", 5)) {
            int script = (s[i + 2] | 0x20) == 'c';
            size_t te = tag_end(s, i, n);
            if (te == n) break;
            if (script) {
                int ld = 0;
                for (size_t k = i; k + 7 <= te && !ld; k++) ld = !strncasecmp(s + k, "ld+json", 7);
                if (ld) { i = te; continue; } /* kept, read by the metadata */
            }
            /* "<script src='a'/>", "<script/>": libxml2 closes the element there (not
               with an unquoted value's slash, "src=a/>"): only the tag goes */
            char b = s[te - 3];
            if (s[te - 2] == '/' && (b == '"' || b == '\'' || blank(b) || te - 2 == i + (script ? 7u : 6u)))
                to = te;
            else {
                size_t e = find_end_tag(s, te, n, script ? "script" : "style", script ? 6u : 5u);
                if (e == n) break;
                to = tag_end(s, e, n);
            }
        } else {
            unsigned char c = (unsigned char)(i + 1 < n ? s[i + 1] : 0);
            i = isalpha(c) || c == '/' ? tag_end(s, i, n) : i + 1;
            continue;
        }
        if (rpi_buf_add(out, s + copied, from - copied)) return -1;
        copied = i = to;
        cut = 1;
    }
    if (!cut) return 0;
    if (rpi_buf_add(out, s + copied, n - copied)) return -1;
    return 1;
}

/* ---- phase 0, second half: attributes the extractor never reads ----
 * After the cuts above the 91 benchmark pages are ~80 KB on average, ~53 KB of it tag
 * attributes, of which the extractor reads ~30 KB. libxml2's parse was ~2/3 of the
 * instructions of HTML -> events, and it builds every attribute (src, srcset, data-*,
 * alt, title, SVG path data, on*...) into the tree only for us to ignore it. So a second
 * copy keeps in each start tag only the attributes that are read (keep_attr), byte for
 * byte, and the tag name and its "/>" or ">" as they are. The page is read as libxml2
 * 2.9's HTML parser reads it: start and end tags, comments, processing instructions,
 * and script and style content as text. A start tag is rewritten only when all of it
 * reads here exactly as libxml2 reads it: names of letters, digits and "-_:.", values
 * quoted or unquoted, with no '<' or NUL (nor a quote when unquoted), and the value of a
 * dropped attribute valid UTF-8 (an invalid byte makes libxml2 read the rest of the page
 * as Latin-1). Any other tag is copied as it is; where it is not even certain where
 * libxml2 goes on after it (a comment, a quote, a '<' inside), the rest of the page is.
 * libxml2 2.9 reads tags inside <title>, <textarea> and <noscript>; 2.14's HTML5
 * tokenizer reads their content as text: this pass must follow if libxml2 is upgraded. */

/* The attributes attr() reads in phases 2 and 3, on any element or on one element only;
 * and those libxml2 reads itself (a <meta>'s charset, http-equiv and content set the
 * encoding). */
static const char *const KEEP_ANY[] = {"class", "id", "itemprop", "style", "hidden", "aria-hidden", NULL};
static const struct keep_on {
    const char *tag;            /* element */
    const char *const names[6]; /* its attributes read, NULL-terminated */
} KEEP_ON[] = {
    {"html", {"lang", NULL}},
    {"meta", {"property", "name", "content", "http-equiv", "charset", NULL}},
    {"link", {"rel", "href", NULL}},
    {"time", {"datetime", "pubdate", NULL}},
};

#define MAX_NAME 64 /* libxml2 cuts a name at 100 bytes and reads the rest as another */

static int same_name(const char *s, size_t n, const char *name)
{
    return (s[0] | 0x20) == name[0] && strlen(name) == n && !strncasecmp(s, name, n); /* names in lower case */
}

static int keep_attr(const char *tag, size_t tl, const char *a, size_t al)
{
    for (const char *const *k = KEEP_ANY; *k; k++)
        if (same_name(a, al, *k)) return 1;
    for (size_t i = 0; i < sizeof KEEP_ON / sizeof *KEEP_ON; i++)
        if (same_name(tag, tl, KEEP_ON[i].tag))
            for (const char *const *k = KEEP_ON[i].names; *k; k++)
                if (same_name(a, al, *k)) return 1;
    return 0;
}

static int ascii_letter(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
static int is_quote(char c) { return c == '"' || c == '\''; }

static size_t skip_blanks(const char *s, size_t i, size_t n)
{
    while (i < n && blank(s[i])) i++;
    return i;
}

/* The end of the tag or attribute name at s[i]; i when there is none or it is too long.
 * libxml2 starts a tag at '<' and a letter, an attribute name also with "_:.". */
static size_t name_end(const char *s, size_t i, size_t n, int attribute)
{
    if (i >= n || !(ascii_letter(s[i]) || (attribute && (s[i] == '_' || s[i] == ':' || s[i] == '.')))) return i;
    size_t k = i + 1;
    while (k < n && (ascii_letter(s[k]) || (s[k] >= '0' && s[k] <= '9') || s[k] == '-' || s[k] == '_' ||
                     s[k] == ':' || s[k] == '.'))
        k++;
    return k - i > MAX_NAME ? i : k;
}

/* The end of the attribute value at s[i]; 0 when not certain (see above). */
static size_t value_end(const char *s, size_t i, size_t n)
{
    if (i >= n) return 0;
    if (is_quote(s[i])) {
        const char *q = memchr(s + i + 1, s[i], n - i - 1);
        if (!q || memchr(s + i + 1, '<', (size_t)(q - s) - i - 1) || memchr(s + i + 1, '\0', (size_t)(q - s) - i - 1))
            return 0;
        return (size_t)(q - s) + 1;
    }
    size_t k = i;
    for (; k < n && !blank(s[k]) && s[k] != '>'; k++)
        if (is_quote(s[k]) || s[k] == '<' || s[k] == '\0') return 0;
    return k > i && k < n ? k : 0;
}

/* The start tag at s[i] ('<' and a letter), read as libxml2 reads it, appended to out
 * with only the attributes keep_attr names (all of them with keep_all). Returns the index
 * past its end, with *dropped set when an attribute went and *closed when it ends in
 * "/>"; 0 when it is not certain, or out of memory (out as it was: the tag is then
 * copied as it is). A dropped attribute goes with the blanks after it, so that what is
 * left reads the same: "a=1 x=2 b=3" gives "a=1 b=3", never "a=1b=3". */
static size_t lean_tag(const char *s, size_t i, size_t n, int keep_all, rpi_buf *out, int *dropped, int *closed)
{
    size_t start = out->len, name = i + 1, p = name_end(s, name, n, 0);
    int gap = 0, any = 0; /* gap: the attribute before was dropped, the blanks after it go too */
    size_t tl = p - name;
    if (!tl || rpi_buf_add(out, s + i, p - i)) goto uncertain;
    for (;;) {
        size_t q = skip_blanks(s, p, n), end = 0;
        if (q < n && s[q] == '>') end = q + 1;
        else if (q + 1 < n && s[q] == '/' && s[q + 1] == '>') end = q + 2;
        if (end) {
            if (rpi_buf_add(out, s + (gap ? q : p), end - (gap ? q : p))) goto uncertain;
            *closed = s[q] == '/';
            if (any) *dropped = 1;
            return end;
        }
        size_t ne = name_end(s, q, n, 1), ae = ne;
        if (ne == q) goto uncertain;
        size_t eq = skip_blanks(s, ne, n);
        if (eq < n && s[eq] == '=') {
            ae = value_end(s, skip_blanks(s, eq + 1, n), n);
            if (!ae) goto uncertain;
        }
        int keep = keep_all || keep_attr(s + name, tl, s + q, ne - q) || !rp_utf8_check(s + q, ae - q, NULL);
        if (keep) {
            if (rpi_buf_add(out, s + (gap ? q : p), ae - (gap ? q : p))) goto uncertain;
        } else {
            if (!gap && rpi_buf_add(out, s + p, q - p)) goto uncertain;
            any = 1;
        }
        gap = !keep;
        p = ae;
    }
uncertain:
    out->len = start;
    return 0;
}

/* Past the first '>' after s[i], when libxml2 goes on there whichever way it reads what
 * is between (an end tag, a DOCTYPE, a bogus comment, a processing instruction, or text):
 * no '<' in between, and no quote, or (quotes_ok) quotes that end before it. 0 otherwise. */
static size_t plain_end(const char *s, size_t i, size_t n, int quotes_ok)
{
    size_t k = i + 1;
    int quoted = 0;
    for (; k < n && s[k] != '>'; k++)
        if (s[k] == '<') return 0;
        else if (is_quote(s[k])) quoted = 1;
    if (k == n) return 0;
    if (quoted && (!quotes_ok || tag_end(s, i, n) != k + 1)) return 0;
    return k + 1;
}

/* The page into out with only the attributes keep_attr names in its start tags; 0 when
 * nothing was dropped (use the page as it is), 1 when out holds the page, -1 out of
 * memory. */
int rpi_html_lean(const char *s, size_t n, rpi_buf *out)
{
    out->len = 0;
    if (!s || memchr(s, 0x1B, n)) return 0; /* ISO-2022: '<' and letters inside characters */
    size_t i = 0, copied = 0; /* s[copied..i) is still to be copied */
    int dropped = 0;
    while (i + 1 < n) {
        const char *lt = memchr(s + i, '<', n - i);
        if (!lt || lt + 1 == s + n) break;
        i = (size_t)(lt - s);
        char c = s[i + 1];
        size_t to;
        if (ascii_letter(c)) {
            size_t nl = name_end(s, i + 1, n, 0) - (i + 1), mark = out->len;
            const char *raw = same_name(s + i + 1, nl, "script")  ? "script"
                              : same_name(s + i + 1, nl, "style") ? "style"
                                                                  : NULL;
            if (rpi_buf_add(out, s + copied, i - copied)) return -1;
            int closed = 0;
            to = lean_tag(s, i, n, raw != NULL, out, &dropped, &closed);
            if (!to) {
                out->len = mark;
                if (raw || !(to = plain_end(s, i, n, 0))) break;
            } else {
                copied = to;
                if (raw && !closed) { /* script or style content is text up to "</name" */
                    to = find_end_tag(s, to, n, raw, nl);
                    if (to == n) break;
                }
            }
        } else if (c == '!' && i + 3 < n && s[i + 2] == '-' && s[i + 3] == '-') {
            break; /* phase 0 cut the comments it could: what is left is not certain */
        } else if (c == '/' || c == '!' || c == '?') {
            if (!(to = plain_end(s, i, n, 1))) break;
        } else if (blank(c) || c == '<' || c == '=' || c == '>' || (c >= '0' && c <= '9')) {
            to = i + 1; /* text */
        } else if (!(to = plain_end(s, i, n, 0))) {
            break; /* text or a bogus tag, depending on libxml2's version */
        }
        i = to;
    }
    if (!dropped) return 0;
    if (rpi_buf_add(out, s + copied, n - copied)) return -1;
    return 1;
}

int rpi_html_phase0(const char *html, size_t len, rpi_buf *raw, rpi_buf *lean, const char **out,
                    size_t *out_len)
{
    *out = html;
    *out_len = len;
    if (!html) return 0;
    int stripped = strip_raw(html, len, raw);
    if (stripped < 0) return -1;
    if (stripped) { html = raw->data; len = raw->len; }
    int cut = rpi_html_lean(html, len, lean);
    if (cut < 0) return -1;
    if (cut) { html = lean->data; len = lean->len; }
    *out = html;
    *out_len = len;
    return 0;
}

rp_rc rp_extract_html(rp_extractor *x, const char *html, size_t len, const char *url, rp_input_doc *out)
{
    if (!x || !out || (!html && len)) return RP_EINVAL;
    memset(out, 0, sizeof *out);
    x->err.len = 0;
    if (len > INT32_MAX) { rpi_errf(&x->err, "page of %zu bytes is too large", len); return RP_EPARSE; }
    /* phase 0 */
    if (rpi_html_phase0(html, len, &x->raw, &x->lean, &html, &len)) {
        rpi_errf(&x->err, "out of memory");
        return RP_ENOMEM;
    }
    /* phase 1 */
    xmlResetLastError();
    htmlDocPtr doc = htmlReadMemory(html ? html : "", (int)len, url, NULL,
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                        HTML_PARSE_NONET | HTML_PARSE_COMPACT);
    if (!doc) { rpi_errf(&x->err, "not parseable as HTML"); return RP_EPARSE; }
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!root) { xmlFreeDoc(doc); rpi_errf(&x->err, "empty HTML document"); return RP_EPARSE; }
    const xmlError *perr = xmlGetLastError();
    x->truncated = perr && perr->message && strstr(perr->message, "Excessive depth");
    rp_rc rc = RP_OK;
    meta m;
    memset(&m, 0, sizeof m);
    x->nst = 0;
    /* phase 2 */
    collect_meta(&m, root, 0);
    if ((rc = alloc_stats(x, root, 0))) goto out;
    /* phases 3-5; when the class names hid nearly everything, again without them */
    for (int strict = 1; strict >= 0; strict--) {
        assign_stats(x, root, 0, 0);
        size_t t = 0, l = 0;
        measure(root, 0, 0, &t, &l, strict);
        score_paragraphs(x, root, 0);
        x->ncands = 0;
        if (RPI_GROW(x->cands, x->cap_cands, 6)) { rc = RP_ENOMEM; goto out; }
        top_five(x, root, 0);
        xmlNodePtr top = x->ncands ? climb(x, x->cands[0]) : NULL;
        if (!top) {
            xmlNodePtr body = first_tag(root, "body", 0);
            top = body && st_of(body) ? body : root;
            if (!st_of(top)) top = NULL;
        }
        x->text.len = 0;
        if (top) write_article(x, top);
        if (x->text.len >= 250) break;
    }
    if (rpi_buf_addc(&x->text, '\0')) { rc = RP_ENOMEM; goto out; }
    x->text.len--;
    /* metadata strings */
    x->meta.len = 0;
    char date[11];
    const char *title = m.og_title ? m.og_title : m.ld_title ? m.ld_title : m.title;
    const char *d = iso_date(m.date, date);
    if (!d) d = iso_date(m.ld_date, date);
    if (!d) d = iso_date(first_time(root, 0), date);
    const char *canon = m.canonical ? m.canonical : m.og_url ? m.og_url : url;
    char lang[3] = "";
    if (m.lang && isalpha((unsigned char)m.lang[0]) && isalpha((unsigned char)m.lang[1])) {
        lang[0] = (char)tolower((unsigned char)m.lang[0]);
        lang[1] = (char)tolower((unsigned char)m.lang[1]);
        lang[2] = '\0';
    }
    long offs[5];
    if (meta_add(&x->meta, title, &offs[0]) || meta_add(&x->meta, d, &offs[1]) ||
        meta_add(&x->meta, m.author ? m.author : m.ld_author, &offs[2]) || meta_add(&x->meta, canon, &offs[3]) ||
        meta_add(&x->meta, lang[0] ? lang : NULL, &offs[4])) {
        rc = RP_ENOMEM;
        goto out;
    }
    out->title = offs[0] >= 0 ? x->meta.data + offs[0] : NULL;
    out->date = offs[1] >= 0 ? x->meta.data + offs[1] : NULL;
    out->author = offs[2] >= 0 ? x->meta.data + offs[2] : NULL;
    out->url = offs[3] >= 0 ? x->meta.data + offs[3] : NULL;
    out->lang = offs[4] >= 0 ? x->meta.data + offs[4] : NULL;
    out->text = x->text.data;
    out->text_len = x->text.len;
out:
    rpi_free(m.ld_date);
    rpi_free(m.ld_author);
    rpi_free(m.ld_title);
    xmlFreeDoc(doc);
    return rc;
}

/* Unit tests of the ingest stage: duplicates (URL, exact, SimHash), the reader on buffers
 * (kinds guessed, feed dates, bad records reported and skipped), HTML metadata, the
 * attributes dropped before parsing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "rapporti/rapporti.h"
#include "rpi.h"

/* a wire story of ordinary length (syndicated copies differ by a word or two) */
static const char *STORY =
    "Il presidente russo Vladimir Putin ha invitato il leader cinese Xi Jinping a Mosca per una visita "
    "di Stato in primavera. I due paesi hanno annunciato l'intenzione di aumentare gli scambi commerciali "
    "del 25 per cento entro la fine dell'anno, con volumi record di gas e petrolio. Durante il colloquio in "
    "videoconferenza i due leader hanno parlato della cooperazione militare, del coordinamento nelle Nazioni "
    "Unite e dell'Organizzazione per la cooperazione di Shanghai, dei Brics e del Gruppo dei 20. Secondo "
    "l'agenzia di stato russa, il capo del Cremlino ha definito i rapporti tra Mosca e Pechino i migliori di "
    "sempre. Il presidente cinese ha risposto che la Cina e' pronta a lavorare con la Russia per rafforzare "
    "il partenariato strategico in un contesto internazionale difficile, segnato dalla guerra in Ucraina e "
    "dalle tensioni con gli Stati Uniti. Gli analisti occidentali osservano che l'invito a Mosca arriva in un "
    "momento delicato per entrambe le economie e che l'aumento degli scambi dipende soprattutto dalle "
    "forniture di energia russa verso i mercati asiatici, che hanno sostituito in parte quelli europei.";

static void test_dedup(void **state)
{
    (void)state;
    rp_dedup *d = rp_dedup_new();
    size_t first = 99;
    assert_int_equal(rp_dedup_check(d, "https://a.example/1", STORY, strlen(STORY), &first), RP_DUP_NONE);
    /* the same URL */
    assert_int_equal(rp_dedup_check(d, "https://a.example/1", "other", 5, &first), RP_DUP_URL);
    assert_int_equal(first, 0);
    /* the same text elsewhere (syndicated), spacing and case aside */
    char copy[2048];
    snprintf(copy, sizeof copy, "  %s  ", STORY);
    for (char *p = copy; *p; p++) if (*p == 'I') *p = 'i';
    assert_int_equal(rp_dedup_check(d, "https://b.example/x", copy, strlen(copy), &first), RP_DUP_EXACT);
    /* nearly the same: one word changed */
    char near[2048];
    snprintf(near, sizeof near, "%s", STORY);
    char *w = strstr(near, "primavera");
    memcpy(w, "settembre", 9);
    assert_int_equal(rp_dedup_check(d, "https://c.example/y", near, strlen(near), &first), RP_DUP_NEAR);
    assert_int_equal(first, 0);
    /* a different story */
    const char *other = "Il governo francese ha annunciato nuove misure per l'industria della difesa, con investimenti "
                        "per dieci miliardi di euro nei prossimi cinque anni e nuove fabbriche di munizioni nel nord "
                        "del paese, secondo il ministro delle Forze armate.";
    assert_int_equal(rp_dedup_check(d, NULL, other, strlen(other), NULL), RP_DUP_NONE);
    uint64_t a = rp_simhash(STORY, strlen(STORY)), b = rp_simhash(other, strlen(other));
    assert_true(__builtin_popcountll(a ^ b) > 10);
    rp_dedup_free(d);
    rp_dedup_free(NULL);
}

typedef struct seen {
    char source[8][128];
    char date[8][16];
    char title[8][128];
    int n;
    int warnings;
    char warn[1024];
} seen;

static int on_doc(void *user, const rp_input_doc *d)
{
    seen *s = user;
    if (s->n < 8) {
        snprintf(s->source[s->n], sizeof s->source[0], "%s", d->source ? d->source : "");
        snprintf(s->date[s->n], sizeof s->date[0], "%s", d->date ? d->date : "");
        snprintf(s->title[s->n], sizeof s->title[0], "%s", d->title ? d->title : "");
        s->n++;
    }
    return 0;
}

static void on_warn(void *user, const char *where, const char *msg)
{
    seen *s = user;
    s->warnings++;
    strncat(s->warn, where, sizeof s->warn - strlen(s->warn) - 1);
    strncat(s->warn, ": ", sizeof s->warn - strlen(s->warn) - 1);
    strncat(s->warn, msg, sizeof s->warn - strlen(s->warn) - 1);
    strncat(s->warn, "\n", sizeof s->warn - strlen(s->warn) - 1);
}

static seen read_buf(const char *name, const char *data, rp_input_kind kind)
{
    seen s;
    memset(&s, 0, sizeof s);
    rp_reader *r = rp_reader_new();
    rp_reader_set_callbacks(r, on_doc, on_warn, &s);
    assert_int_equal(rp_reader_read_buffer(r, name, data, strlen(data), kind), RP_OK);
    rp_reader_free(r);
    return s;
}

static void test_reader_kinds_and_feeds(void **state)
{
    (void)state;
    seen s = read_buf("f", "<?xml version='1.0'?><rss><channel><item><title>A</title><link>http://x/a</link>"
                           "<pubDate>Mon, 02 Jan 2023 10:00:00 GMT</pubDate><description>Testo A.</description></item>"
                           "<item><title>B</title><link>http://x/b</link><pubDate>3 Feb 99 10:00 +0100</pubDate>"
                           "<description>Testo B.</description></item></channel></rss>", RP_INPUT_AUTO);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.date[0], "2023-01-02");
    assert_string_equal(s.date[1], "1999-02-03");
    assert_string_equal(s.source[1], "f#item 2");
    s = read_buf("j", "{\"text\":\"uno\"}\nnot json\n{\"text\":\"due\",\"title\":\"T\"}\n", RP_INPUT_AUTO);
    assert_int_equal(s.n, 2);
    assert_int_equal(s.warnings, 1);
    assert_non_null(strstr(s.warn, "j:2: malformed JSON"));
    assert_string_equal(s.title[1], "T");
    s = read_buf("h", "<html><head><title>T</title><meta name=\"date\" content=\"2021-05-06\"></head>"
                      "<body><p>Un paragrafo abbastanza lungo da contare, con una virgola.</p></body></html>",
                 RP_INPUT_AUTO);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.date[0], "2021-05-06");
    assert_string_equal(s.title[0], "T");
    s = read_buf("w", "WARC/1.0\r\nWARC-Type: resource\r\nContent-Type: text/html\r\nContent-Length: 9999\r\n\r\nshort",
                 RP_INPUT_AUTO);
    assert_int_equal(s.n, 0);
    assert_non_null(strstr(s.warn, "archive ends inside the record"));
}

static void test_extract_metadata(void **state)
{
    (void)state;
    rp_extractor *x = rp_extractor_new();
    rp_input_doc d;
    const char *html = "<html lang='en-GB'><head><link rel='canonical' href='https://n.example/a'>"
                       "<script type='application/ld+json'>{\"@graph\":[{\"@type\":\"NewsArticle\","
                       "\"datePublished\":\"2020-02-03T04:05:06Z\",\"author\":[{\"name\":\"Ann Writer\"}],"
                       "\"headline\":\"Headline\"}]}</script></head><body><div class='story-body'>"
                       "<p>First paragraph of the story, long enough to be counted, with commas, here.</p>"
                       "<p>Second paragraph of the story, long enough to be counted, with commas too.</p></div>"
                       "<div class='related-links'><a href='/1'>One</a> <a href='/2'>Two</a></div></body></html>";
    assert_int_equal(rp_extract_html(x, html, strlen(html), "https://n.example/a?utm=1", &d), RP_OK);
    assert_string_equal(d.url, "https://n.example/a");
    assert_string_equal(d.date, "2020-02-03");
    assert_string_equal(d.author, "Ann Writer");
    assert_string_equal(d.title, "Headline");
    assert_string_equal(d.lang, "en");
    assert_non_null(strstr(d.text, "First paragraph"));
    assert_non_null(strstr(d.text, "Second paragraph"));
    assert_null(strstr(d.text, "One"));
    rp_extractor_free(x);
    rp_extractor_free(NULL);
}

/* Scripts, styles and comments are cut before parsing: what libxml2 made of them must not
 * change. Each page has its article in two paragraphs; the checks say what must (not)
 * come out. */
static void test_extract_raw_text_elements(void **state)
{
    (void)state;
    static const struct { const char *html, *want, *not, *date; } cases[] = {
        /* markup inside a script and a style, upper-case tags, a spaced end tag */
        {"<html><body><SCRIPT>var s = '<p>Script text here, quite long, with commas, yes.</p></div>';</SCRIPT >"
         "<style>p::after { content: '</p><p>Style text' }</style><div><p>%s</p><p>%s</p></div></body></html>",
         NULL, "Script text", NULL},
        /* "<!--" and "<script" inside attribute values are not a comment or a script */
        {"<html><body><div title='x > y <!-- not a comment' data-x=\"a > <script>\"><p>%s</p><p>%s</p></div>"
         "<p>After the attribute --> the text goes on, long enough, with commas, to be kept.</p></body></html>",
         "the text goes on", NULL, NULL},
        /* a comment with an article inside, then the real one */
        {"<html><body><!-- <p>Commented text, long enough to be an article, with commas, here.</p> -->"
         "<div><p>%s</p><p>%s</p></div></body></html>", NULL, "Commented text", NULL},
        /* a comment that does not end: the rest is left to libxml2, which drops it */
        {"<html><body><div><p>%s</p><p>%s</p></div><!-- <p>Unended comment, long, with commas, here.</p>"
         "</body></html>", NULL, "Unended comment", NULL},
        /* a script that does not end: libxml2 reads the rest as script */
        {"<html><body><div><p>%s</p><p>%s</p></div><script>var a = 1; <p>Unended script, long, with commas.</p>",
         NULL, "Unended script", NULL},
        /* "<scripts>" is not a script; a JSON-LD script stays and is read */
        {"<html><head><script type=\"application/LD+JSON\">{\"datePublished\":\"2021-05-06\","
         "\"x\":\"<!--\"}</script></head><body><scripts><p>%s</p><p>%s</p></scripts></body></html>",
         NULL, NULL, "2021-05-06"},
        /* a script or style closed in its own tag ends there, as libxml2 reads it (an
           unquoted value's slash does not close it: "src=a/>" opens a script) */
        {"<html><body><div><script src=\"a.js\"/><p>%s</p><style/><p>%s</p></script>"
         "<script src=b.js/><p>Script text, long enough to be counted, with commas, here.</p></script></div></body></html>",
         NULL, "Script text", NULL},
        /* attributes written bare count: "<p hidden>" is hidden, "<time pubdate>" the date
           of publication (a <time> before it without one is some other date) */
        {"<html><body><div class=story-body><p>Updated <time datetime='2021-07-08'>July 8</time>. %s</p>"
         "<p>%s</p><p hidden>Hidden words that must not come out, long enough, with commas.</p>"
         "<p>Published <time datetime='2020-02-03' pubdate>February 3</time>, long enough, with commas.</p>"
         "</div></body></html>",
         NULL, "Hidden words", "2020-02-03"},
    };
    const char *p1 = "First paragraph of the story, long enough to be counted, with commas, here.";
    const char *p2 = "Second paragraph of the story, long enough to be counted, with commas too.";
    rp_extractor *x = rp_extractor_new();
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char html[2048];
        snprintf(html, sizeof html, cases[i].html, p1, p2);
        rp_input_doc d;
        assert_int_equal(rp_extract_html(x, html, strlen(html), NULL, &d), RP_OK);
        if (!strstr(d.text, "First paragraph") || !strstr(d.text, "Second paragraph"))
            fail_msg("case %zu: the article is missing from '%s'", i, d.text);
        if (cases[i].want && !strstr(d.text, cases[i].want)) fail_msg("case %zu: no '%s' in '%s'", i, cases[i].want, d.text);
        if (cases[i].not && strstr(d.text, cases[i].not)) fail_msg("case %zu: '%s' in '%s'", i, cases[i].not, d.text);
        if (cases[i].date) assert_string_equal(d.date ? d.date : "-", cases[i].date);
    }
    rp_extractor_free(x);
}

/* Phase 0 drops the attributes the extractor never reads: exactly what goes and what
 * stays, tag by tag; NULL: the page stands as it is. */
static void test_html_lean_attributes(void **state)
{
    (void)state;
    static const struct { const char *in, *out; } cases[] = {
        /* every attribute read stays byte for byte, in any case, quoted or not */
        {"<div data-x=\"1\" class=\"a b\" src=x.png id=main>t</div>", "<div class=\"a b\" id=main>t</div>"},
        {"<DIV CLASS='x' DATA-Y='2' Hidden aria-HIDDEN=true Style=\"display:none\">",
         "<DIV CLASS='x' Hidden aria-HIDDEN=true Style=\"display:none\">"},
        {"<span itemprop=articleBody title=\"T\" role=main>", "<span itemprop=articleBody >"},
        /* a '>' inside quotes is a value, not the end */
        {"<p title=\"a > b\" class=\"c\">x</p>", "<p class=\"c\">x</p>"},
        /* an unquoted value runs to the blank or '>': "x/" is not "/>" */
        {"<img src=a.png alt=x/>", "<img >"},
        {"<img src=\"a.png\"/><br/>", "<img /><br/>"},
        /* no blank between attributes; what is left still parses the same */
        {"<p class=a data-x=\"1\"id=b>", "<p class=a id=b>"},
        {"<p class=a data-x=\"1\" data-y='2'>", "<p class=a >"},
        /* attributes read on some elements only */
        {"<html lang=\"en\" xmlns=\"http://www.w3.org/1999/xhtml\" dir=ltr>", "<html lang=\"en\" >"},
        {"<meta charset=\"utf-8\"><meta property=\"og:title\" content=\"T\" data-x=1><meta http-equiv=x content=y>",
         "<meta charset=\"utf-8\"><meta property=\"og:title\" content=\"T\" ><meta http-equiv=x content=y>"},
        {"<link rel=canonical href=\"https://n.example/a\" data-x=1><a href=\"/b\" class=k>",
         "<link rel=canonical href=\"https://n.example/a\" ><a class=k>"},
        {"<time datetime=\"2020-01-02\" pubdate data-x=1 title=y>", "<time datetime=\"2020-01-02\" pubdate >"},
        {"<div lang=it name=n content=c datetime=d>", "<div >"},
        /* '<' in text; '<' and a non-letter is text */
        {"a < b <3 <div data-x=1>", "a < b <3 <div >"},
        /* script and style content is text, even with tags in it; a comment stops the rewrite */
        {"<script type=\"application/ld+json\">{\"a\":\"<b data-x=1>\"}</script><i data-y=2>",
         "<script type=\"application/ld+json\">{\"a\":\"<b data-x=1>\"}</script><i >"},
        {"<b data-x=1><!-- <i data-y=2> --><i data-y=2>", "<b ><!-- <i data-y=2> --><i data-y=2>"},
        /* libxml2 reads tags inside a textarea, title or noscript: they are tags */
        {"<textarea><b data-x=1>t</b></textarea>", "<textarea><b >t</b></textarea>"},
        /* a tag that does not end, at the end of the buffer: copied as it is */
        {"<b data-x=1>x</b><div data-x=\"1\" class=a", "<b >x</b><div data-x=\"1\" class=a"},
        {"<div data-x=\"1\" class=a", NULL},
        /* '<' in a value, an unclosed quote, a quote inside an unquoted value: not certain,
           the tag stays and so does the rest of the page */
        {"<p title=\"a < b\" class=c><i data-y=2>", NULL},
        {"<p title=\"a class=c><i data-y=2>", NULL},
        {"<p title=it's class=c><i data-y=2>", NULL},
        /* an attribute name libxml2 would not read as one: the tag stays, and the rest
           when there is a quote in it */
        {"<p @click=go data-y=2><i data-y=2>", "<p @click=go data-y=2><i >"},
        {"<p @click=\"a b\" data-y=2><i data-y=2>", NULL},
        /* a dropped value that is not UTF-8 stays: libxml2 would go Latin-1 there */
        {"<i data-y=1><p data-x=\"\xff\" class=a>", "<i ><p data-x=\"\xff\" class=a>"},
        /* end tags, doctype, processing instructions stepped over */
        {"<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\" \"x.dtd\"><?xml x?></p ><b data-x=1>",
         "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\" \"x.dtd\"><?xml x?></p ><b >"},
        {"", NULL},
        {"<", NULL},
    };
    rpi_buf out = {0};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int r = rpi_html_lean(cases[i].in, strlen(cases[i].in), &out);
        if (r < 0) fail_msg("case %zu: out of memory", i);
        const char *got = r ? rpi_buf_cstr(&out) : NULL;
        if (cases[i].out ? !got || strcmp(got, cases[i].out) : got != NULL)
            fail_msg("case %zu: '%s' gave '%s', not '%s'", i, cases[i].in, got ? got : "(as it is)",
                     cases[i].out ? cases[i].out : "(as it is)");
    }
    /* a NUL in a value: not certain */
    static const char nul[] = "<b data-x=1><p data-x=\"a\0b\" class=c><i data-y=2>";
    assert_int_equal(rpi_html_lean(nul, sizeof nul - 1, &out), 1);
    assert_int_equal(out.len, sizeof nul - 1 - 8);
    assert_memory_equal(out.data, "<b >", 4);
    assert_memory_equal(out.data + 4, nul + 12, sizeof nul - 1 - 12); /* the rest as it is */
    rpi_buf_free(&out);
}

/* The same pages with the attributes the extractor never reads and without: the same
 * document, and the attributes it reads still do their work (class, hidden, meta,
 * canonical link, time). */
static void test_html_lean_same_extraction(void **state)
{
    (void)state;
    const char *p1 = "First paragraph of the story, long enough to be counted, with commas, here.";
    const char *p2 = "Second paragraph of the story, long enough to be counted, with commas too.";
    static const char *const pages[][2] = {
        {"<html lang=it data-theme=dark><head><meta property='article:published_time' content='2021-05-06' data-x=1>"
         "<link rel=canonical data-rel=x href='https://n.example/a' title=t><title data-t=1>T</title></head>"
         "<body><div class='sidebar' data-track=\"a > b\">"
         "<p>Sidebar words, long enough to count, with commas.</p></div>"
         "<div class=story-body data-id=7 onclick=\"go('x')\"><p data-p=1>%s</p><p title=\"x > y\">%s</p>"
         "<p hidden=hidden data-z=1>Hidden words that must not come out, long enough, with commas.</p>"
         "<p style=\"display:none\" data-z=2>Styled away, long enough to count, with commas too.</p>"
         "<img src=a.png alt=\"A, b, c\" srcset=\"a 1x, b 2x\"/><svg viewBox=\"0 0 1 1\"><path d=\"M0 0L1 1\"/></svg>"
         "</div></body></html>",
         "<html lang=it><head><meta property='article:published_time' content='2021-05-06'>"
         "<link rel=canonical href='https://n.example/a'><title>T</title></head>"
         "<body><div class='sidebar'><p>Sidebar words, long enough to count, with commas.</p></div>"
         "<div class=story-body><p>%s</p><p>%s</p>"
         "<p hidden=hidden>Hidden words that must not come out, long enough, with commas.</p>"
         "<p style=\"display:none\">Styled away, long enough to count, with commas too.</p>"
         "<img/><svg><path/></svg></div></body></html>"},
        /* uppercase names, unquoted values, '<' in text, a tag left open at the end */
        {"<HTML LANG=EN><BODY><TIME DATETIME=2020-02-03 PUBDATE DATA-X=1></TIME><DIV CLASS=content DATA-A=1>"
         "<P DATA-B=2>%s 1 < 2</P><P ID=x DATA-C=3>%s</P></DIV><A HREF=/x DATA-D=4>more</A><DIV DATA-E=\"5\" CLASS=",
         "<HTML LANG=EN><BODY><TIME DATETIME=2020-02-03 PUBDATE></TIME><DIV CLASS=content>"
         "<P>%s 1 < 2</P><P ID=x>%s</P></DIV><A>more</A><DIV DATA-E=\"5\" CLASS="},
    };
    rp_extractor *x = rp_extractor_new(), *y = rp_extractor_new();
    for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
        char a[4096], b[4096];
        snprintf(a, sizeof a, pages[i][0], p1, p2);
        snprintf(b, sizeof b, pages[i][1], p1, p2);
        rp_input_doc da, db;
        assert_int_equal(rp_extract_html(x, a, strlen(a), "https://n.example/a?utm=1", &da), RP_OK);
        assert_int_equal(rp_extract_html(y, b, strlen(b), "https://n.example/a?utm=1", &db), RP_OK);
        assert_string_equal(da.text, db.text);
        assert_string_equal(da.title ? da.title : "-", db.title ? db.title : "-");
        assert_string_equal(da.date ? da.date : "-", db.date ? db.date : "-");
        assert_string_equal(da.url ? da.url : "-", db.url ? db.url : "-");
        assert_string_equal(da.lang ? da.lang : "-", db.lang ? db.lang : "-");
        if (!strstr(da.text, "First paragraph") || !strstr(da.text, "Second paragraph"))
            fail_msg("page %zu: the article is missing from '%s'", i, da.text);
        if (strstr(da.text, "Sidebar") || strstr(da.text, "Hidden words") || strstr(da.text, "Styled away"))
            fail_msg("page %zu: boilerplate in '%s'", i, da.text);
        if (i == 0) {
            assert_string_equal(da.date, "2021-05-06");
            assert_string_equal(da.url, "https://n.example/a");
            assert_string_equal(da.lang, "it");
        } else {
            assert_string_equal(da.date, "2020-02-03");
            assert_string_equal(da.lang, "en");
        }
    }
    rp_extractor_free(x);
    rp_extractor_free(y);
}

/* Fail each of our allocations in turn while extracting a page, reading a feed and
 * checking duplicates: clean errors or success, never a crash or a leak. */
static void test_out_of_memory_walk(void **state)
{
    (void)state;
    const char *html = "<html><head><title>T</title><meta name='author' content='A'></head><body><div class='story'>"
                       "<p>First paragraph of the story, long enough to be counted, with commas, here.</p>"
                       "<p>Second paragraph of the story, long enough to be counted, with commas too.</p></div></body></html>";
    const char *feed = "<?xml version='1.0'?><rss><channel><item><title>A</title><link>http://x/a</link>"
                       "<description>Testo A, abbastanza lungo da essere un paragrafo vero e proprio.</description></item></channel></rss>";
    int done = 0;
    for (long n = 0; n < 5000 && !done; n++) {
        rp_alloc_fail_after(n);
        rp_extractor *x = rp_extractor_new();
        rp_reader *r = rp_reader_new();
        rp_dedup *dd = rp_dedup_new();
        rp_rc rc = RP_ENOMEM;
        if (x && r && dd) {
            rp_input_doc d;
            rc = rp_extract_html(x, html, strlen(html), NULL, &d);
            if (!rc) rc = rp_reader_read_buffer(r, "f", feed, strlen(feed), RP_INPUT_FEED);
            if (!rc) rp_dedup_check(dd, "http://x/a", STORY, strlen(STORY), NULL);
        }
        rp_alloc_fail_after(-1);
        rp_extractor_free(x);
        rp_reader_free(r);
        rp_dedup_free(dd);
        if (rc == RP_OK) done = 1;
        else assert_true(rc == RP_ENOMEM || rc == RP_EPARSE);
    }
    assert_true(done);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dedup),
        cmocka_unit_test(test_reader_kinds_and_feeds),
        cmocka_unit_test(test_extract_metadata),
        cmocka_unit_test(test_extract_raw_text_elements),
        cmocka_unit_test(test_html_lean_attributes),
        cmocka_unit_test(test_html_lean_same_extraction),
        cmocka_unit_test(test_out_of_memory_walk),
    };
    return cmocka_run_group_tests_name("ingest", tests, NULL, NULL);
}

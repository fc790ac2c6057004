/* Unit tests of the ingest stage: duplicates (URL, exact, SimHash), the reader on buffers
 * (kinds guessed, feed dates, bad records reported and skipped), HTML metadata. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "rapporti/rapporti.h"

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
    static const struct { const char *html, *want, *not; } cases[] = {
        /* markup inside a script and a style, upper-case tags, a spaced end tag */
        {"<html><body><SCRIPT>var s = '<p>Script text here, quite long, with commas, yes.</p></div>';</SCRIPT >"
         "<style>p::after { content: '</p><p>Style text' }</style><div><p>%s</p><p>%s</p></div></body></html>",
         NULL, "Script text"},
        /* "<!--" and "<script" inside attribute values are not a comment or a script */
        {"<html><body><div title='x > y <!-- not a comment' data-x=\"a > <script>\"><p>%s</p><p>%s</p></div>"
         "<p>After the attribute --> the text goes on, long enough, with commas, to be kept.</p></body></html>",
         "the text goes on", NULL},
        /* a comment with an article inside, then the real one */
        {"<html><body><!-- <p>Commented text, long enough to be an article, with commas, here.</p> -->"
         "<div><p>%s</p><p>%s</p></div></body></html>", NULL, "Commented text"},
        /* a comment that does not end: the rest is left to libxml2, which drops it */
        {"<html><body><div><p>%s</p><p>%s</p></div><!-- <p>Unended comment, long, with commas, here.</p>"
         "</body></html>", NULL, "Unended comment"},
        /* a script that does not end: libxml2 reads the rest as script */
        {"<html><body><div><p>%s</p><p>%s</p></div><script>var a = 1; <p>Unended script, long, with commas.</p>",
         NULL, "Unended script"},
        /* "<scripts>" is not a script; a JSON-LD script stays and is read */
        {"<html><head><script type=\"application/LD+JSON\">{\"datePublished\":\"2021-05-06\","
         "\"x\":\"<!--\"}</script></head><body><scripts><p>%s</p><p>%s</p></scripts></body></html>",
         NULL, NULL},
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
        if (i == 5) assert_string_equal(d.date, "2021-05-06");
    }
    rp_extractor_free(x);
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
        cmocka_unit_test(test_out_of_memory_walk),
    };
    return cmocka_run_group_tests_name("ingest", tests, NULL, NULL);
}

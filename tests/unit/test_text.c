/* Unit tests of the text stage: UTF-8 at the boundary, tokens, normalisation, sentences. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "rapporti/rapporti.h"

static rp_dict *dict;

static int setup(void **state)
{
    (void)state;
    dict = rp_dict_new();
    if (rp_dict_load(dict, RP_DICT_DIR, "it") || rp_dict_load(dict, RP_DICT_DIR, "en")) {
        fprintf(stderr, "%s\n", rp_dict_errmsg(dict));
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rp_dict_free(dict);
    return 0;
}

static rp_doc *analyse(const char *text, const char *lang)
{
    rp_doc *d = rp_doc_new();
    assert_non_null(d);
    assert_int_equal(rp_doc_set_text(d, text, strlen(text), 0), RP_OK);
    assert_int_equal(rp_doc_set_lang(d, lang), RP_OK);
    assert_int_equal(rp_doc_analyze(d, dict), RP_OK);
    return d;
}

/* the normalised tokens joined by '|' */
static void joined(const rp_doc *d, char *out, size_t cap)
{
    out[0] = '\0';
    for (size_t i = 0; i < rp_doc_token_count(d); i++) {
        const rp_token *t = rp_doc_token(d, i);
        strncat(out, i ? "|" : "", cap - strlen(out) - 1);
        strncat(out, rp_doc_norm(d) + t->norm_off, cap - strlen(out) - 1);
    }
}

static void test_invalid_utf8_names_offset(void **state)
{
    (void)state;
    rp_doc *d = rp_doc_new();
    const char bad[] = "Putin \xC3\x28 Xi";
    assert_int_equal(rp_doc_set_text(d, bad, sizeof bad - 1, 0), RP_EUTF8);
    assert_non_null(strstr(rp_doc_errmsg(d), "byte 6"));
    /* overlong encoding and surrogate are invalid too */
    assert_int_equal(rp_doc_set_text(d, "\xC0\xAF", 2, 0), RP_EUTF8);
    assert_int_equal(rp_doc_set_text(d, "\xED\xA0\x80", 3, 0), RP_EUTF8);
    assert_int_equal(rp_doc_set_text(d, "a\0b", 3, 0), RP_EUTF8);
    rp_doc_free(d);
}

static void test_lenient_replaces(void **state)
{
    (void)state;
    rp_doc *d = rp_doc_new();
    const char bad[] = "ab\xFF\xFE" "c";
    assert_int_equal(rp_doc_set_text(d, bad, sizeof bad - 1, RP_TEXT_LENIENT), RP_OK);
    assert_int_equal(rp_doc_replaced(d), 2);
    assert_string_equal(rp_doc_text(d), "ab\xEF\xBF\xBD\xEF\xBF\xBD" "c");
    /* valid runs around the bad bytes are kept whole: multibyte, a NUL, a cut sequence at the end */
    const char mixed[] = "\xC3\xA8\x80x\0y\xE2\x82";
    assert_int_equal(rp_doc_set_text(d, mixed, sizeof mixed - 1, RP_TEXT_LENIENT), RP_OK);
    assert_int_equal(rp_doc_replaced(d), 4);
    assert_string_equal(rp_doc_text(d), "\xC3\xA8\xEF\xBF\xBDx\xEF\xBF\xBDy\xEF\xBF\xBD\xEF\xBF\xBD");
    assert_int_equal(rp_doc_set_text(d, mixed, sizeof mixed - 1, 0), RP_EUTF8);
    assert_non_null(strstr(rp_doc_errmsg(d), "byte 2"));
    rp_doc_free(d);
}

static void test_italian_elision_and_apostrophes(void **state)
{
    (void)state;
    char buf[512];
    rp_doc *d = analyse("L\xE2\x80\x99invito dell\xE2\x80\x99" "agenzia e l'invito.", "it");
    joined(d, buf, sizeof buf);
    assert_string_equal(buf, "l'|invito|dell'|agenzia|e|l'|invito|.");
    /* typographic and plain apostrophes give the same form */
    assert_true(rp_doc_token(d, 0)->form_hash == rp_doc_token(d, 5)->form_hash);
    /* offsets point into the original text */
    const rp_token *t = rp_doc_token(d, 2);
    assert_int_equal(t->start, 11);
    assert_memory_equal(rp_doc_text(d) + t->start, "dell\xE2\x80\x99", 7);
    rp_doc_free(d);
}

static void test_english_clitics_and_initials(void **state)
{
    (void)state;
    char buf[512];
    rp_doc *d = analyse("Russia's U.S. envoy didn't go to O'Hare.", "en");
    joined(d, buf, sizeof buf);
    assert_string_equal(buf, "russia|'s|u.s.|envoy|did|n't|go|to|o'hare|.");
    rp_doc_free(d);
}

static void test_hyphenated_dyad_and_case_folding(void **state)
{
    (void)state;
    char buf[512];
    rp_doc *d = analyse("Rapporti RUSSIA-Cina: CITTÀ, perché", "it");
    joined(d, buf, sizeof buf);
    assert_string_equal(buf, "rapporti|russia|-|cina|:|città|,|perché");
    rp_doc_free(d);
}

static void test_stems(void **state)
{
    (void)state;
    rp_doc *d = analyse("rafforziamo rafforzare", "it");
    assert_true(rp_doc_token(d, 0)->stem_hash == rp_doc_token(d, 1)->stem_hash);
    assert_true(rp_doc_token(d, 0)->form_hash != rp_doc_token(d, 1)->form_hash);
    rp_doc_free(d);
}

static size_t nsent(const char *text, const char *lang)
{
    rp_doc *d = analyse(text, lang);
    size_t n = rp_doc_sentence_count(d);
    rp_doc_free(d);
    return n;
}

static void test_sentences_abbreviations(void **state)
{
    (void)state;
    assert_int_equal(nsent("Il sig. Rossi e il gen. Bianchi sono arrivati. Poi sono partiti.", "it"), 2);
    assert_int_equal(nsent("Mr. Smith met Dr. Jones in the U.S. Army base. They talked.", "en"), 2);
    assert_int_equal(nsent("J. Smith arrived. He left.", "en"), 2);
}

static void test_sentences_quotes_kept_whole(void **state)
{
    (void)state;
    assert_int_equal(nsent("Putin ha detto: \xE2\x80\x9CSiamo pronti. Lo faremo.\xE2\x80\x9D Poi ha lasciato la sala.", "it"), 2);
    assert_int_equal(nsent("He said: \"We are ready. We will do it.\" Then he left.", "en"), 2);
}

static void test_title_is_own_sentence(void **state)
{
    (void)state;
    rp_doc *d = analyse("Russia e Cina, nuovo accordo\nPutin e Xi hanno firmato un accordo. Poi hanno parlato.", "it");
    assert_int_equal(rp_doc_sentence_count(d), 3);
    assert_true(rp_doc_sentence(d, 0)->is_title);
    assert_false(rp_doc_sentence(d, 1)->is_title);
    rp_doc_free(d);
    /* a wrapped line that continues in lower case is not a new sentence */
    assert_int_equal(nsent("Titolo\nIl presidente ha detto che\nla Russia partecipera. Fine.", "it"), 3);
}

static void test_language_detection(void **state)
{
    (void)state;
    const char *it = "Il presidente russo ha ribadito la volonta di intensificare i rapporti tra i due paesi.";
    const char *en = "The Russian president reaffirmed his will to strengthen relations between the two countries.";
    assert_string_equal(rp_detect_language(it, strlen(it), NULL), "it");
    assert_string_equal(rp_detect_language(en, strlen(en), NULL), "en");
}

static void test_unloaded_language(void **state)
{
    (void)state;
    rp_doc *d = rp_doc_new();
    assert_int_equal(rp_doc_set_text(d, "Hola", 4, 0), RP_OK);
    assert_int_equal(rp_doc_set_lang(d, "es"), RP_OK);
    assert_int_equal(rp_doc_analyze(d, dict), RP_ELANG);
    assert_non_null(strstr(rp_doc_errmsg(d), "es"));
    rp_doc_free(d);
}

static void test_dates(void **state)
{
    (void)state;
    assert_int_equal(rp_parse_date("2022-12-30"), 20221230);
    assert_int_equal(rp_parse_date("2024-02-29"), 20240229);
    assert_int_equal(rp_parse_date("2023-02-29"), 0);
    assert_int_equal(rp_parse_date("2022-13-01"), 0);
    assert_int_equal(rp_parse_date("22-12-30"), 0);
    assert_int_equal(rp_parse_date(NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_invalid_utf8_names_offset),
        cmocka_unit_test(test_lenient_replaces),
        cmocka_unit_test(test_italian_elision_and_apostrophes),
        cmocka_unit_test(test_english_clitics_and_initials),
        cmocka_unit_test(test_hyphenated_dyad_and_case_folding),
        cmocka_unit_test(test_stems),
        cmocka_unit_test(test_sentences_abbreviations),
        cmocka_unit_test(test_sentences_quotes_kept_whole),
        cmocka_unit_test(test_title_is_own_sentence),
        cmocka_unit_test(test_language_detection),
        cmocka_unit_test(test_unloaded_language),
        cmocka_unit_test(test_dates),
    };
    return cmocka_run_group_tests_name("text", tests, setup, teardown);
}

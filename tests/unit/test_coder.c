/* Unit tests of the coder and pipeline API: event fields and spans, tracing, stopping,
 * JSONL input with bad lines, and failing each allocation in turn. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "rapporti/rapporti.h"

static rp_dict *dict;

static int setup(void **state)
{
    (void)state;
    dict = rp_dict_new();
    return rp_dict_load(dict, RP_DICT_DIR, "it") || rp_dict_load(dict, RP_DICT_DIR, "en") ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    rp_dict_free(dict);
    return 0;
}

typedef struct seen {
    rp_event ev[16];
    char words[16][3][64];   /* source, verb, target text from the spans */
    int n;
    int stop_after;          /* stop when n reaches this (0 = never) */
} seen;

static void span_text(const rp_doc *doc, const uint32_t s[2], char out[64])
{
    size_t n = s[1] - s[0];
    if (n > 63) n = 63;
    memcpy(out, rp_doc_text(doc) + s[0], n);
    out[n] = '\0';
}

static int on_event(void *user, const rp_doc *doc, const rp_event *ev)
{
    seen *s = user;
    if (s->n < 16) {
        s->ev[s->n] = *ev;
        span_text(doc, ev->source_span, s->words[s->n][0]);
        span_text(doc, ev->verb_span, s->words[s->n][1]);
        span_text(doc, ev->target_span, s->words[s->n][2]);
        s->n++;
    }
    return s->stop_after && s->n >= s->stop_after;
}

static rp_rc code(const char *text, const char *lang, const char *date, seen *s)
{
    rp_pipeline_opts o = {.lang = lang, .date = date};
    rp_pipeline *p = rp_pipeline_new(dict, &o);
    assert_non_null(p);
    rp_pipeline_set_callbacks(p, on_event, NULL, s);
    rp_rc rc = rp_pipeline_code_text(p, "doc-1", text, strlen(text), NULL, NULL);
    rp_pipeline_free(p);
    return rc;
}

static void test_event_fields_and_spans(void **state)
{
    (void)state;
    seen s = {0};
    const char *text = "Titolo\nIl leader del Cremlino vuole rafforzare la cooperazione militare con la Cina.";
    assert_int_equal(code(text, "it", "2022-12-30", &s), RP_OK);
    assert_int_equal(s.n, 1);
    rp_event *e = &s.ev[0];
    assert_string_equal(e->source, "RUSGOV");
    assert_string_equal(e->source_country, "RUS");
    assert_string_equal(e->target, "CHN");
    assert_string_equal(e->target_country, "CHN");
    assert_string_equal(e->code, "0312");
    assert_int_equal(e->root, 3);
    assert_int_equal(e->quad_class, 1);
    assert_true(e->goldstein > 5.1 && e->goldstein < 5.3);
    assert_int_equal(e->negated, 0);
    assert_int_equal(e->sentence, 1);
    assert_non_null(strstr(e->pattern, "it/03.txt:"));
    assert_string_equal(s.words[0][0], "leader del Cremlino");
    assert_string_equal(s.words[0][2], "Cina");
    assert_non_null(strstr(s.words[0][1], "cooperazione militare")); /* the words of the pattern */
}

static void test_negation_passive_and_compound(void **state)
{
    (void)state;
    seen s = {0};
    assert_int_equal(code("Russia did not condemn China.", "en", "2022-01-01", &s), RP_OK);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.ev[0].negated, 1);
    memset(&s, 0, sizeof s);
    assert_int_equal(code("Ukraine was attacked by Russia.", "en", "2022-01-01", &s), RP_OK);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.ev[0].source, "RUS");
    assert_string_equal(s.ev[0].target, "UKR");
    memset(&s, 0, sizeof s);
    assert_int_equal(code("Russia and China signed an agreement.", "en", "2022-01-01", &s), RP_OK);
    assert_int_equal(s.n, 2);
    assert_string_not_equal(s.ev[0].source, s.ev[1].source);
}

static void test_pair_anaphor_needs_two_countries(void **state)
{
    (void)state;
    seen s = {0};
    /* nothing named before "i due paesi": no event, no crash */
    assert_int_equal(code("I due paesi hanno firmato un accordo.", "it", "2022-01-01", &s), RP_OK);
    assert_int_equal(s.n, 0);
    assert_int_equal(code("Russia e Cina sono vicine. I due paesi hanno firmato un accordo.", "it", "2022-01-01", &s), RP_OK);
    assert_int_equal(s.n, 2);
}

static void test_stop_callback(void **state)
{
    (void)state;
    seen s = {.stop_after = 1};
    assert_int_equal(code("Russia and China signed an agreement.", "en", "2022-01-01", &s), RP_ESTOP);
    assert_int_equal(s.n, 1);
}

static int traces;
static void on_trace(void *user, const rp_trace *t)
{
    (void)user;
    if (t->kind == RP_TRACE_DROP) traces++;
}

static void test_trace_says_why(void **state)
{
    (void)state;
    rp_doc *doc = rp_doc_new();
    rp_coder *c = rp_coder_new(dict);
    const char *text = "Ha attaccato senza preavviso.";
    assert_int_equal(rp_doc_set_text(doc, text, strlen(text), 0), RP_OK);
    assert_int_equal(rp_doc_set_lang(doc, "it"), RP_OK);
    assert_int_equal(rp_doc_analyze(doc, dict), RP_OK);
    rp_coder_set_trace(c, on_trace, NULL);
    traces = 0;
    assert_int_equal(rp_coder_code(c, doc, NULL, NULL), RP_OK);
    assert_true(traces >= 1); /* a pattern matched but had no actor */
    rp_coder_free(c);
    rp_coder_free(NULL);
    rp_doc_free(doc);
    rp_doc_free(NULL);
}

static void test_jsonl_bad_lines_are_skipped(void **state)
{
    (void)state;
    char path[] = "/tmp/rp-jsonl-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("{\"id\":\"a\",\"text\":\"Russia attacked Ukraine.\",\"date\":\"2022-02-24\",\"lang\":\"en\"}\n"
          "{\"id\":\"b\",\"text\":\n"
          "[1,2]\n"
          "\n"
          "{\"id\":\"c\"}\n"
          "{\"id\":\"d\",\"text\":\"Russia attacked Ukraine.\",\"date\":\"not a date\",\"lang\":\"en\"}\n",
          f);
    fclose(f);
    rp_pipeline_opts o = {.jsonl = 1, .date = "2022-02-24"};
    rp_pipeline *p = rp_pipeline_new(dict, &o);
    seen s = {0};
    rp_pipeline_set_callbacks(p, on_event, NULL, &s);
    assert_int_equal(rp_pipeline_code_file(p, path), RP_OK);
    rp_pipeline_counts c;
    rp_pipeline_counts_get(p, &c);
    assert_int_equal(c.documents, 2);
    assert_int_equal(c.skipped, 3);
    assert_int_equal(s.n, 2);
    assert_int_equal(rp_pipeline_code_file(p, "/nonexistent/file.txt"), RP_EIO);
    assert_non_null(strstr(rp_pipeline_errmsg(p), "/nonexistent/file.txt"));
    rp_pipeline_free(p);
    remove(path);
}

/* Fail each allocation in turn while loading and coding: every run must end in a
 * clean error or success, never a crash (ASan/LSan check leaks in the sanitizer run). */
static void test_out_of_memory_paths(void **state)
{
    (void)state;
    const char *text = "Il presidente russo Vladimir Putin ha invitato Xi Jinping a Mosca. I due paesi hanno firmato un accordo.";
    long base = rp_alloc_count();
    rp_dict *d = rp_dict_new();
    assert_int_equal(rp_dict_load(d, RP_DICT_DIR, "it"), RP_OK);
    long load_allocs = rp_alloc_count() - base;
    rp_dict_free(d);
    int failures = 0, successes = 0;
    /* the dictionary loader: every allocation site, sampled with a stride */
    long stride = load_allocs / 400 + 1;
    for (long n = 0; n < load_allocs + 1; n += stride) {
        rp_dict *dd = rp_dict_new();
        if (!dd) { failures++; continue; }
        rp_alloc_fail_after(n);
        rp_rc rc = rp_dict_load(dd, RP_DICT_DIR, "it");
        rp_alloc_fail_after(-1);
        if (rc == RP_OK) successes++;
        else { assert_int_equal(rc, RP_ENOMEM); failures++; }
        rp_dict_free(dd);
    }
    assert_true(failures > 0);
    /* the pipeline: every allocation */
    for (long n = 0; n < 2000; n++) {
        rp_alloc_fail_after(n);
        rp_pipeline_opts o = {.lang = "it", .date = "2022-12-30"};
        rp_pipeline *p = rp_pipeline_new(dict, &o);
        rp_rc rc = RP_ENOMEM;
        if (p) rc = rp_pipeline_code_text(p, "x", text, strlen(text), NULL, NULL);
        rp_alloc_fail_after(-1);
        rp_pipeline_free(p);
        if (rc == RP_OK) { successes++; break; }
        assert_int_equal(rc, RP_ENOMEM);
    }
    assert_true(successes >= 1);
    /* the context stage (the gazetteer's index, the word lists, places, dates, amounts,
       quotes, tone) and what the store is given of it: every allocation */
    const char *ctext = "MOSCA, 30 dic. - Putin ha invitato Xi Jinping a Mosca la prossima primavera. "
                        "\xc2\xabTi aspettiamo, caro amico\xc2\xbb, ha detto Putin. Gli scambi cresceranno del 25% "
                        "entro la fine dell'anno: 5 miliardi di dollari, 500 manifestanti a Pechino.";
    int csuccess = 0;
    for (long n = 0; n < 20000; n++) {
        rp_alloc_fail_after(n);
        rp_pipeline_opts o = {.lang = "it", .date = "2022-12-30", .context = 1};
        rp_pipeline *p = rp_pipeline_new(dict, &o);
        rp_rc rc = RP_ENOMEM;
        if (p) rc = rp_pipeline_code_text(p, "x", ctext, strlen(ctext), NULL, NULL);
        rp_alloc_fail_after(-1);
        if (rc == RP_OK) {
            const rp_context *ctx = rp_pipeline_context(p);
            assert_true(rp_context_place_count(ctx) >= 2 && rp_context_quote_count(ctx) == 1 &&
                        rp_context_amount_count(ctx) >= 2 && rp_context_date_count(ctx) >= 2);
        }
        rp_pipeline_free(p);
        if (rc == RP_OK) { csuccess = 1; break; }
        assert_int_equal(rc, RP_ENOMEM);
    }
    assert_true(csuccess);
}

static void test_cameo_names(void **state)
{
    (void)state;
    const char *en = rp_cameo_name(dict, "0312", "en"), *it = rp_cameo_name(dict, "0312", "it");
    assert_non_null(en);
    assert_non_null(it);
    assert_string_equal(en, "Express intent to cooperate militarily");
    assert_string_not_equal(en, it);
    assert_null(rp_cameo_name(dict, "9999", "it"));
    /* every code has an Italian name */
    const char *codes[] = {"01", "010", "0311", "042", "1385", "190", "204", "2042"};
    for (size_t i = 0; i < sizeof codes / sizeof *codes; i++)
        assert_string_not_equal(rp_cameo_name(dict, codes[i], "it"), rp_cameo_name(dict, codes[i], "en"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_event_fields_and_spans),
        cmocka_unit_test(test_negation_passive_and_compound),
        cmocka_unit_test(test_pair_anaphor_needs_two_countries),
        cmocka_unit_test(test_stop_callback),
        cmocka_unit_test(test_trace_says_why),
        cmocka_unit_test(test_jsonl_bad_lines_are_skipped),
        cmocka_unit_test(test_out_of_memory_paths),
        cmocka_unit_test(test_cameo_names),
    };
    return cmocka_run_group_tests_name("coder", tests, setup, teardown);
}

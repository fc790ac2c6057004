/* Unit tests of the dictionary loader: good files load, every kind of bad line is
 * refused with file:line, dated codes resolve by date. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "rapporti/rapporti.h"

static char root[256];

static void write_file(const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    snprintf(root, sizeof root, "/tmp/rp-dict-XXXXXX");
    if (!mkdtemp(root)) return -1;
    char p[512];
    const char *dirs[] = {"cameo", "xx", "xx/actors", "xx/agents", "xx/verbs"};
    for (size_t i = 0; i < 5; i++) {
        snprintf(p, sizeof p, "%s/%s", root, dirs[i]);
        mkdir(p, 0755);
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    return system(cmd) == 0 ? 0 : -1;
}

static void good_files(void)
{
    write_file("cameo/codebook.tsv", "# code\tgoldstein\tquad\tname\n"
                                     "042\t1.9\t1\tMake a visit\n190\t-10\t4\tUse conventional military force\n");
    write_file("xx/lang.txt", "stemmer: english\napostrophe: clitic\nnegation: not\nprepositions: to | in\n");
    write_file("xx/actors/a.txt", "Arnor : ARN\nGondor | =GON : GON\n"
                                  "Aragorn : ARNELI, ARNGOV 2000-01-01..2009-12-31\n");
    write_file("xx/agents/a.txt", "army : MIL\n");
    write_file("xx/verbs/v.txt", "042 visit\n190 {attack invade}\n");
}

/* Load with one file replaced; return the error message (static buffer). */
static const char *load_with(const char *rel, const char *text, rp_rc *rc_out)
{
    static char msg[512];
    good_files();
    if (rel) write_file(rel, text);
    rp_dict *d = rp_dict_new();
    rp_rc rc = rp_dict_load(d, root, "xx");
    snprintf(msg, sizeof msg, "%s", rp_dict_errmsg(d));
    rp_dict_free(d);
    if (rc_out) *rc_out = rc;
    return msg;
}

static void expect_error(const char *rel, const char *text, const char *where, const char *what)
{
    rp_rc rc;
    const char *msg = load_with(rel, text, &rc);
    if (rc != RP_EPARSE || !strstr(msg, where) || !strstr(msg, what))
        fail_msg("for %s = %s: got rc %d, message '%s'; want '%s' and '%s'", rel, text, rc, msg, where, what);
}

static void test_good_dictionary_loads(void **state)
{
    (void)state;
    rp_rc rc;
    load_with(NULL, NULL, &rc);
    assert_int_equal(rc, RP_OK);
    good_files();
    rp_dict *d = rp_dict_new();
    assert_int_equal(rp_dict_load(d, root, "xx"), RP_OK);
    rp_dict_stats st;
    rp_dict_stats_get(d, &st);
    assert_int_equal(st.actor_entries, 3);
    assert_int_equal(st.actor_names, 4);
    assert_int_equal(st.patterns, 2);
    assert_int_equal(st.cameo_codes, 2);
    double g;
    int q;
    const char *name;
    assert_true(rp_cameo_lookup(d, "190", &g, &q, &name));
    assert_true(g == -10.0);
    assert_int_equal(q, 4);
    assert_string_equal(name, "Use conventional military force");
    assert_false(rp_cameo_lookup(d, "999", NULL, NULL, NULL));
    /* the same language twice is refused */
    assert_int_equal(rp_dict_load(d, root, "xx"), RP_EINVAL);
    rp_dict_free(d);
    rp_dict_free(NULL);
}

static void test_bad_lines_name_file_and_line(void **state)
{
    (void)state;
    expect_error("xx/actors/a.txt", "Arnor : ARN\nGondor GON\n", "a.txt:2", "want 'NAME");
    expect_error("xx/actors/a.txt", "Arnor : arn\n", "a.txt:1", "bad actor code");
    expect_error("xx/actors/a.txt", "Arnor : ARNX\n", "a.txt:1", "bad actor code");
    expect_error("xx/actors/a.txt", "Arnor : ARN 2020-02-30..\n", "a.txt:1", "bad date");
    expect_error("xx/actors/a.txt", "Arnor : ARN 2020-01-01..2019-01-01\n", "a.txt:1", "ends before it starts");
    expect_error("xx/actors/a.txt", "Arnor : ARN 2001-01-01..2005-01-01, ARNGOV 2004-01-01..\n", "a.txt:1", "overlap");
    expect_error("xx/actors/a.txt", "Arnor : ARN, ARNGOV\n", "a.txt:1", "more than one undated");
    expect_error("xx/actors/a.txt", " | : ARN\n", "a.txt:1", "empty name");
    expect_error("xx/agents/a.txt", "army : MILITARY\n", "a.txt:1", "bad sector");
    expect_error("xx/verbs/v.txt", "042 visit\n999 attack\n", "v.txt:2", "unknown CAMEO code");
    expect_error("xx/verbs/v.txt", "042 {visit\n", "v.txt:1", "'{' without '}'");
    expect_error("xx/verbs/v.txt", "042 $ +\n", "v.txt:1", "at least one word");
    expect_error("xx/verbs/v.txt", "042 visit @sometimes\n", "v.txt:1", "unknown flag");
    expect_error("xx/verbs/v.txt", "042 visit $ $\n", "v.txt:1", "at most one");
    expect_error("xx/verbs/v.txt", "042 visit &PLACES\n", "v.txt:1", "unknown word set");
    expect_error("xx/verbs/v.txt", "&W = a | b\n&W = c\n", "v.txt:2", "defined twice");
    expect_error("xx/verbs/v.txt", "&W = a | | b\n", "v.txt:1", "empty word");
    expect_error("xx/verbs/v.txt", "042 +MILITARY visit\n", "v.txt:1", "bad slot");
    expect_error("xx/lang.txt", "stemmer: klingon\n", "lang.txt:1", "unknown Snowball stemmer");
    expect_error("xx/lang.txt", "stemmer: english\ncolour: red\n", "lang.txt:2", "unknown key");
    expect_error("cameo/codebook.tsv", "042\t1.9\t1\n", "codebook.tsv:1", "4 tab-separated");
    expect_error("cameo/codebook.tsv", "042\t11\t1\tVisit\n", "codebook.tsv:1", "Goldstein");
    expect_error("cameo/codebook.tsv", "042\t1\t5\tVisit\n", "codebook.tsv:1", "QuadClass");
}

static void test_binary_garbage_is_refused(void **state)
{
    (void)state;
    rp_rc rc;
    const char *msg = load_with("xx/actors/a.txt", "Arnor : ARN\n\xFF\xFE garbage\n", &rc);
    assert_int_equal(rc, RP_EUTF8);
    assert_non_null(strstr(msg, "a.txt"));
    assert_non_null(strstr(msg, "byte 12"));
}

static void test_missing_folder(void **state)
{
    (void)state;
    rp_dict *d = rp_dict_new();
    assert_int_equal(rp_dict_load(d, "/nonexistent/rapporti", "xx"), RP_EIO);
    assert_non_null(strstr(rp_dict_errmsg(d), "/nonexistent/rapporti/cameo/codebook.tsv"));
    rp_dict_free(d);
}

/* events of one sentence, as "SRC TGT CODE" lines */
static int collect(void *user, const rp_doc *doc, const rp_event *ev)
{
    (void)doc;
    char *out = user;
    char line[128];
    snprintf(line, sizeof line, "%s %s %s;", ev->source, ev->target, ev->code);
    strcat(out, line);
    return 0;
}

static void code_text(rp_dict *d, const char *text, const char *date, char *out)
{
    out[0] = '\0';
    rp_pipeline_opts o = {.lang = "xx", .date = date};
    rp_pipeline *p = rp_pipeline_new(d, &o);
    rp_pipeline_set_callbacks(p, collect, NULL, out);
    assert_int_equal(rp_pipeline_code_text(p, "t", text, strlen(text), NULL, NULL), RP_OK);
    rp_pipeline_free(p);
}

static void test_dated_codes_and_case_sensitive_names(void **state)
{
    (void)state;
    good_files();
    rp_dict *d = rp_dict_new();
    assert_int_equal(rp_dict_load(d, root, "xx"), RP_OK);
    char out[1024];
    code_text(d, "Aragorn attacked Gondor.", "2005-06-01", out);
    assert_string_equal(out, "ARNGOV GON 190;");
    code_text(d, "Aragorn attacked Gondor.", "2010-01-01", out);
    assert_string_equal(out, "ARNELI GON 190;");
    /* the Arnor army: agent + country */
    code_text(d, "The Arnor army invaded GON.", "2010-01-01", out);
    assert_string_equal(out, "ARNMIL GON 190;");
    /* word sets (&NAME), multi-word alternatives, sector slots */
    write_file("xx/verbs/v.txt", "&HIT = attack | invade | =rain_fire_on\n042 visit\n190 &HIT\n190 {&HIT strike} +MIL\n");
    rp_dict_free(d);
    d = rp_dict_new();
    assert_int_equal(rp_dict_load(d, root, "xx"), RP_OK);
    code_text(d, "Arnor will rain fire on Gondor.", "2010-01-01", out);
    assert_string_equal(out, "ARN GON 190;");
    code_text(d, "Arnor attacked the Gondor army.", "2010-01-01", out);
    assert_string_equal(out, "ARN GONMIL 190;");
    code_text(d, "Arnor strikes Gondor.", "2010-01-01", out);
    assert_string_equal(out, ""); /* "strike" only against a military target */
    /* =GON is case-sensitive: "gon" is not Gondor */
    code_text(d, "Arnor attacked gon.", "2010-01-01", out);
    assert_string_equal(out, "");
    rp_dict_free(d);
}

/* Prefix words (word*), paired codes (A:B), patterns that code nothing (---) or void
 * the sentence (###), and a pattern looked up by a marked word (>). */
static void test_pattern_extensions(void **state)
{
    (void)state;
    good_files();
    write_file("cameo/codebook.tsv", "042\t1.9\t1\tMake a visit\n043\t2.8\t1\tHost a visit\n"
                                     "190\t-10\t4\tUse conventional military force\n195\t-10\t4\tEmploy aerial weapons\n");
    write_file("xx/actors/a.txt", "Arnor : ARN\nGondor : GON\nArgentin* : ARG\nPrince .. Dol Amroth : DOL\n");
    write_file("xx/verbs/v.txt", "042:043 visit\n190 strik*\n--- =mock strik*\n"
                                 "195 =air >bomb* +\n:043 + =hosted_by $\n--- =football @discard\n195 =jets _>{raid* =raided} +\n"
                                 "190 $ =in ^ >shell* +\n043 =told @subordinate\n");
    rp_dict *d = rp_dict_new();
    assert_int_equal(rp_dict_load(d, root, "xx"), RP_OK);
    char out[1024];
    code_text(d, "Arnor visited Gondor.", "2010-01-01", out);
    assert_string_equal(out, "ARN GON 042;GON ARN 043;");
    code_text(d, "Arnor is striking Gondor.", "2010-01-01", out); /* stem "strike", prefix "strik" */
    assert_string_equal(out, "ARN GON 190;");
    code_text(d, "The Argentine army strikes Gondor.", "2010-01-01", out);
    assert_string_equal(out, "ARGMIL GON 190;");
    code_text(d, "Arnor mock striking Gondor.", "2010-01-01", out);
    assert_string_equal(out, "");
    code_text(d, "Arnor strikes Gondor after the football match.", "2010-01-01", out);
    assert_string_equal(out, "");
    code_text(d, "Arnor air bombardment on Gondor.", "2010-01-01", out);
    assert_string_equal(out, "ARN GON 195;");
    code_text(d, "Gondor hosted by Arnor.", "2010-01-01", out);
    assert_string_equal(out, "GON ARN 043;");
    code_text(d, "Arnor jets raided Gondor.", "2010-01-01", out); /* '_': right after "jets" */
    assert_string_equal(out, "ARN GON 195;");
    code_text(d, "Arnor jets have raided Gondor.", "2010-01-01", out);
    assert_string_equal(out, "");
    /* @subordinate: coded only when the sentence gives no other event */
    code_text(d, "Arnor told Gondor.", "2010-01-01", out);
    assert_string_equal(out, "ARN GON 043;");
    code_text(d, "Arnor told Gondor it will strike Argentina.", "2010-01-01", out);
    assert_false(strstr(out, "043"));
    /* ".." in a name: other words may stand there; the mention spans them */
    code_text(d, "The Prince of the old Dol Amroth strikes Gondor.", "2010-01-01", out);
    assert_string_equal(out, "DOL GON 190;");
    code_text(d, "Dol Amroth strikes Gondor.", "2010-01-01", out); /* the first word is needed */
    assert_string_equal(out, "");
    /* '^': an actor passed over, neither source nor target nor a default one */
    code_text(d, "Arnor in Argentina shelled Gondor.", "2010-01-01", out);
    assert_string_equal(out, "ARN GON 190;");
    code_text(d, "Arnor in the hills shelled Gondor.", "2010-01-01", out); /* no actor for '^' */
    assert_string_equal(out, "");
    rp_dict_free(d);
    /* bad forms are refused with file:line */
    expect_error("xx/verbs/v.txt", "042 visit\n190 >+\n", "v.txt:2", "marks a word");
    expect_error("xx/verbs/v.txt", "042 >visit >again\n", "v.txt:1", "at most one '>'");
    expect_error("xx/verbs/v.txt", "042:999 visit\n", "v.txt:1", "unknown CAMEO code '999'");
    expect_error("xx/actors/a.txt", "Arg*entina : ARG\n", "a.txt:1", "end of a word");
    expect_error("xx/actors/a.txt", ".. Amroth : DOL\n", "a.txt:1", "'..' goes between two words");
    expect_error("xx/actors/a.txt", "Amroth .. : DOL\n", "a.txt:1", "'..' goes between two words");
    expect_error("xx/actors/a.txt", "Dol .. .. Amroth : DOL\n", "a.txt:1", "'..' goes between two words");
    expect_error("xx/actors/a.txt", "=Dol .. Amroth : DOL\n", "a.txt:1", "'=' and '..'");
    expect_error("xx/verbs/v.txt", "190 =football @discard\n", "v.txt:1", "@discard goes with");
    expect_error("xx/verbs/v.txt", "190 _raid\n", "v.txt:1", "'_' on the first element");
    expect_error("xx/verbs/v.txt", "190 raid _+\n", "v.txt:1", "joins words, not slots");
    expect_error("xx/verbs/v.txt", "190 raid _^\n", "v.txt:1", "joins words, not slots");
    expect_error("xx/verbs/v.txt", "190 raid ^GOV\n", "v.txt:1", "'^' stands alone");
    expect_error("xx/verbs/v.txt", "190 >^ raid\n", "v.txt:1", "marks a word");
}

/* "~ OUTER (WHO TARGET INNER) = RESULT": two verbs make one event */
static void test_transformations(void **state)
{
    (void)state;
    good_files();
    write_file("cameo/codebook.tsv", "010\t0\t1\tMake statement\n042\t1.9\t1\tMake a visit\n"
                                     "112\t-2\t3\tAccuse\n138\t-7\t3\tThreaten\n190\t-10\t4\tUse conventional military force\n");
    write_file("xx/lang.txt", "stemmer: english\napostrophe: clitic\nnegation: not\nprepositions: to | in\n"
                              "pronouns: he | it | they\nauxiliaries: had | will | would | to\n");
    write_file("xx/verbs/v.txt", "010 {say said} @weak\n042 visit\n190 {attack attacked}\n"
                                 "~ 010 (b . 190) = 112\n~ 010 (_ b 190) = 138\n~ 010 (a b *) = *\n");
    rp_dict *d = rp_dict_new();
    assert_int_equal(rp_dict_load(d, root, "xx"), RP_OK);
    char out[1024];
    code_text(d, "Arnor said that Gondor had attacked Aragorn.", "2010-01-01", out); /* another: b */
    assert_string_equal(out, "ARN GON 112;");
    code_text(d, "Arnor said it would visit Gondor.", "2010-01-01", out); /* a pronoun: a, any code */
    assert_string_equal(out, "ARN GON 042;");
    code_text(d, "Arnor said to attack Gondor.", "2010-01-01", out); /* nobody named: _ */
    assert_string_equal(out, "ARN GON 138;");
    code_text(d, "Arnor said that the attacks on Gondor ended.", "2010-01-01", out); /* a noun: no */
    assert_false(strstr(out, "112"));
    code_text(d, "Arnor attacked Gondor.", "2010-01-01", out); /* one verb: its own event */
    assert_string_equal(out, "ARN GON 190;");
    rp_dict_free(d);
    expect_error("xx/verbs/v.txt", "~ 042 (a x 190) = 042\n", "v.txt:1", "'b' or '.'");
    expect_error("xx/verbs/v.txt", "~ 042 (c b 190) = 042\n", "v.txt:1", "'a', 'b' or '_'");
    expect_error("xx/verbs/v.txt", "~ 042 (a b 999) = 042\n", "v.txt:1", "unknown CAMEO code '999'");
    expect_error("xx/verbs/v.txt", "~ 042 (a b 190) = 042 more\n", "v.txt:1", "want '~ CODE");
    expect_error("xx/verbs/v.txt", "~ 042 a b 190 = 042\n", "v.txt:1", "want '~ CODE");
}

typedef struct lint_seen {
    char text[4096];
} lint_seen;

static void on_lint(void *user, int is_error, const char *file, unsigned line, const char *msg)
{
    lint_seen *ls = user;
    const char *b = strrchr(file, '/');
    char one[512];
    snprintf(one, sizeof one, "%s:%u:%s:%s\n", b ? b + 1 : file, line, is_error ? "E" : "W", msg);
    strncat(ls->text, one, sizeof ls->text - strlen(ls->text) - 1);
}

static void test_linter(void **state)
{
    (void)state;
    good_files();
    write_file("xx/actors/a.txt", "Arnor : ARN\nGondor | =GON : GON\n"
                                  "Aragorn : ARNGOV 2000-01-01..2009-12-31\n"   /* no default: warning */
                                  "Arnor : ARN\n"                               /* same codes: warning */
                                  "Gondor : ARN\n"                              /* conflicting: error */
                                  "=Gon : GON\n"                                /* other case: fine */
                                  "army : ARN\n");                              /* agent and actor */
    write_file("xx/verbs/v.txt", "042 visit\n190 {attack invade}\n190 {invade attack}\n042 attack\n");
    rp_dict *d = rp_dict_new();
    assert_int_equal(rp_dict_load(d, root, "xx"), RP_OK);
    lint_seen ls = {{0}};
    size_t errors = 99, warnings = 99;
    assert_int_equal(rp_dict_lint(d, on_lint, &ls, &errors, &warnings), RP_OK);
    const char *want[] = {
        "a.txt:3:W:no code before 2000-01-01 and no default: falls back to ARNELI",
        "a.txt:3:W:no code after 2009-12-31 and no default: falls back to ARNELI",
        "a.txt:4:W:name 'Arnor' is repeated, with the same codes, from a.txt:1",
        "a.txt:5:E:name 'Gondor' has conflicting codes with a.txt:2",
        "a.txt:1:W:'army' is both an agent and an actor (a.txt:7)",
        "v.txt:3:W:pattern 190 repeats v.txt:2",
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        if (!strstr(ls.text, want[i])) fail_msg("missing '%s' in:\n%s", want[i], ls.text);
    assert_null(strstr(ls.text, "'Gon'"));
    assert_int_equal(errors, 1);
    assert_int_equal(warnings, 6); /* and: no Italian names for the codebook */
    assert_non_null(strstr(ls.text, "have no Italian name"));
    rp_lang_stats st;
    assert_int_equal(rp_dict_lang_stats(d, "xx", &st), RP_OK);
    assert_int_equal(st.patterns, 4);
    assert_int_equal(st.patterns_per_root[19], 2);
    assert_int_equal(st.codes, 2);
    assert_int_equal(st.dated_actors, 1);
    assert_int_equal(rp_dict_lang_stats(d, "zz", &st), RP_EINVAL);
    assert_string_equal(rp_dict_lang_code(d, 0), "xx");
    assert_null(rp_dict_lang_code(d, 1));
    rp_dict_free(d);
}

/* Fail each allocation of a small dictionary's load in turn: a clean RP_ENOMEM every
 * time (LeakSanitizer, in the sanitizer run, checks that nothing leaks). */
static void test_out_of_memory_walk(void **state)
{
    (void)state;
    good_files();
    long n, failures = 0;
    for (n = 0; n < 100000; n++) {
        rp_dict *d = rp_dict_new();
        if (!d) continue;
        rp_alloc_fail_after(n);
        rp_rc rc = rp_dict_load(d, root, "xx");
        if (rc == RP_OK) {
            size_t e, w;
            rc = rp_dict_lint(d, NULL, NULL, &e, &w);
        }
        rp_alloc_fail_after(-1);
        rp_dict_free(d);
        if (rc == RP_OK) break;
        assert_int_equal(rc, RP_ENOMEM);
        failures++;
    }
    assert_true(failures > 50); /* every allocation of the load was made to fail once */
    assert_true(n < 100000);    /* and then it loaded */
}

/* One document object analysed in turn in more stemmer languages than it keeps stemmers
 * for (4): each analysis gives the stems a fresh document gives, whatever came before. */
static void test_doc_reused_across_stemmer_languages(void **state)
{
    (void)state;
    good_files();
    static const char *const langs[] = {"aa", "ab", "ac", "ad", "ae", "af"};
    static const char *const stemmers[] = {"english", "italian", "french", "german", "spanish", "dutch"};
    rp_dict *d = rp_dict_new();
    char rel[64], text[128];
    for (size_t i = 0; i < 6; i++) {
        const char *sub[] = {"", "/actors", "/agents", "/verbs"};
        for (size_t k = 0; k < 4; k++) {
            char p[600];
            snprintf(p, sizeof p, "%s/%s%s", root, langs[i], sub[k]);
            mkdir(p, 0755);
        }
        snprintf(rel, sizeof rel, "%s/lang.txt", langs[i]);
        snprintf(text, sizeof text, "stemmer: %s\n", stemmers[i]);
        write_file(rel, text);
        snprintf(rel, sizeof rel, "%s/actors/a.txt", langs[i]);
        write_file(rel, "Arnor : ARN\n");
        snprintf(rel, sizeof rel, "%s/agents/a.txt", langs[i]);
        write_file(rel, "army : MIL\n");
        snprintf(rel, sizeof rel, "%s/verbs/v.txt", langs[i]);
        write_file(rel, "042 visit\n");
        assert_int_equal(rp_dict_load(d, root, langs[i]), RP_OK);
    }
    const char *words = "nations relations governments visitare generales Regierungen";
    rp_doc *reused = rp_doc_new();
    int differ = 0;
    for (size_t round = 0; round < 3; round++)
        for (size_t j = 0; j < 6; j++) {
            size_t i = round == 1 ? 5 - j : j; /* forwards, backwards, forwards */
            rp_doc *fresh = rp_doc_new();
            rp_doc *both[2] = {reused, fresh};
            for (size_t b = 0; b < 2; b++) {
                assert_int_equal(rp_doc_set_text(both[b], words, strlen(words), 0), RP_OK);
                assert_int_equal(rp_doc_set_lang(both[b], langs[i]), RP_OK);
                assert_int_equal(rp_doc_analyze(both[b], d), RP_OK);
            }
            assert_int_equal(rp_doc_token_count(reused), rp_doc_token_count(fresh));
            for (size_t t = 0; t < rp_doc_token_count(fresh); t++) {
                const rp_token *a = rp_doc_token(reused, t), *b = rp_doc_token(fresh, t);
                assert_string_equal(rp_doc_norm(reused) + a->stem_off, rp_doc_norm(fresh) + b->stem_off);
                assert_true(a->stem_hash == b->stem_hash);
                if (i == 1 && t == 3) assert_string_equal(rp_doc_norm(fresh) + b->stem_off, "visit");
                if (i != 1 && t == 3 && strcmp(rp_doc_norm(fresh) + b->stem_off, "visit")) differ = 1;
            }
            rp_doc_free(fresh);
        }
    assert_true(differ); /* the stemmers really differ: a cache shared by languages would show */
    rp_doc_free(reused);
    rp_dict_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_doc_reused_across_stemmer_languages),
        cmocka_unit_test(test_good_dictionary_loads),
        cmocka_unit_test(test_bad_lines_name_file_and_line),
        cmocka_unit_test(test_binary_garbage_is_refused),
        cmocka_unit_test(test_missing_folder),
        cmocka_unit_test(test_dated_codes_and_case_sensitive_names),
        cmocka_unit_test(test_linter),
        cmocka_unit_test(test_pattern_extensions),
        cmocka_unit_test(test_transformations),
        cmocka_unit_test(test_out_of_memory_walk),
    };
    return cmocka_run_group_tests_name("dict", tests, setup, teardown);
}

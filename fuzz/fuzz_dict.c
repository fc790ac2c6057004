/* libFuzzer: the dictionary loader and linter on any bytes as an actors, agents, verbs,
 * lang.txt, context/words.txt, context/tone.txt or cameo/intent.tsv file beside good ones (the first byte
 * picks which); then coding and the context stage with what loaded. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "rapporti/rapporti.h"
#include "fuzz_files.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    static const char *const dirs[] = {"cameo", "xx", "xx/actors", "xx/agents", "xx/verbs", "xx/context", NULL};
    make_root("dict", dirs);
    const char cb[] = "042\t1.9\t1\tMake a visit\n190\t-10\t4\tUse conventional military force\n";
    put("cameo/codebook.tsv", cb, strlen(cb));
    return 0;
}

static int lint_cb_count;
static void on_lint(void *u, int e, const char *f, unsigned l, const char *m) { (void)u; (void)e; (void)f; (void)l; (void)m; lint_cb_count++; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size) return 0;
    const char lang[] = "stemmer: english\napostrophe: clitic\nprepositions: to | in\npronouns: it\nauxiliaries: would | to\n"
                        "infinitive: to\nintent: wants | plans\npossessives: its | their\nquantities: hundreds | two\nintensifiers: very | too\n";
    const char act[] = "Arnor : ARN\nAragorn : ARNELI, ARNGOV 2000-01-01..\n";
    const char agt[] = "army : MIL\n";
    const char vrb[] = "&W = attack | invade\n042 visit\n190 &W +MIL\n~ 042 (b . 190) = 042\n~ 042 (a b *) = *\n";
    const char intent[] = "19\t042\tintend\n";
    const char words[] = "decimal: .\nmonths: may = 5\ndays: yesterday = -1\npercent: %\nspeech: said\n";
    const char tone[] = "attack\t-\npeace\t+\n";
    put("xx/lang.txt", lang, strlen(lang));
    put("xx/context/words.txt", words, strlen(words));
    put("xx/context/tone.txt", tone, strlen(tone));
    put("xx/actors/a.txt", act, strlen(act));
    put("xx/agents/a.txt", agt, strlen(agt));
    put("xx/verbs/v.txt", vrb, strlen(vrb));
    put("cameo/intent.tsv", intent, strlen(intent));
    static const char *const which[] = {"xx/lang.txt", "xx/actors/a.txt", "xx/agents/a.txt", "xx/verbs/v.txt",
                                        "xx/context/words.txt", "xx/context/tone.txt", "cameo/intent.tsv"};
    put(which[data[0] % 7], data + 1, size - 1);
    rp_dict *d = rp_dict_new();
    if (rp_dict_load(d, root, "xx") == RP_OK) {
        rp_dict_lint(d, on_lint, NULL, NULL, NULL);
        code_once(d, "xx", "Arnor attacked the Gondor army yesterday, 25% more. \"We want peace now\", Aragorn said in Moscow. "
                  "Arnor visited Aragorn, that the army attacked; it wants to invade Arnor.", NULL);
    }
    rp_dict_free(d);
    return 0;
}

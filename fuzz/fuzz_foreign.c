/* libFuzzer: the TABARI and PETRARCH dictionary readers (lib/dict/foreign.c) on any
 * bytes as an actors, agents, verbs, discards or project file beside good ones (the
 * first byte picks which file and which format), then coding a sentence with them. */
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
    static const char *const dirs[] = {"cameo", "en", "f", NULL};
    make_root("foreign", dirs);
    const char cb[] = "042\t1.9\t1\tMake a visit\n";
    put("cameo/codebook.tsv", cb, strlen(cb));
    const char lang[] = "stemmer: english\napostrophe: clitic\nprepositions: to | in\narticles: the | a\n"
                        "coordination: and | ,\nclause: ;\ncomplementizers: that\nformer: former\n"
                        "conjunctions: and | or | but\nintensifiers: very\npassive-by: by\npassive-aux: was\n"
                        "infinitive: to\npronouns: it\n";
    put("en/lang.txt", lang, strlen(lang));
    return 0;
}

static void warn(void *u, int e, const char *f, unsigned l, const char *m) { (void)u; (void)e; (void)f; (void)l; (void)m; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size) return 0;
    const char act[] = "<NOUN>\nSHEEP\nAID_PACKAGE\n</NOUN>\n<ADJECTIVE>\nEVIL\n</ADJECTIVE>\nARNOR_ [ARN]\nGONDOR [GON <991231] [GONGOV]\nFRODO\n\t[HOB 950101-991231]\n+BILBO\n"
                       "OLD_KINGDOM_ [OKG <951231] [###]\nAL_GORE [AGR]\nAL GORE [TEN]\n";
    const char agt[] = "ARMY_ [~MIL]\nRIGHTS_GROUP {} [NGO~]\n!P! = MAN, MEN\nCONGRESS!P! [~LEG]\n";
    const char vrb[] = "<TIME>\nLAST_WEEK [-7]\nONCE_UPON_A_TIME [###]\n</TIME>\n"
                       "<SYNSETS>\n&AID\n+MILITARY\n+ECONOMIC_\n+FOOD RELIEF\n</SYNSETS>\nATTACK [190]\n- * &AID AID [070]\n"
                       "- % HAVE * [191]\n- * { BRAVE DEEDS | WAR } [195]\nVISIT_ [042:043]\n{ VISITED_ }\n- % * [036:037]\n"
                       "FOOTBALL [###]\nCAST DOUBT [141]\nTRY [---]\n- * END_ [094]\nSAID [023?]\nDEFEND [112!]\n- SHEEP * [113]\n";
    const char pvrb[] = "&AID\n+MILITARY\n\n--- ATTACK [190] ---\nATTACK {ATTACKED}\n+BEEF_UP\n- * (WITH {AIR POWER}) [195]\n"
                        "- $ * + [190]\n--- EXPLAIN_VERBAL [010] ---\nSAY {SAID}\n~ a (a b ATTACK) SAY = a b 015\n"
                        "~ a (b . Q) SAY = a b Q\n";
    const char disc[] = "WORLD CUP\n+FOOTBALL_MATCH\n";
    const char pico[] = "010:0x1000#Say\n030:0x3000\n190:0x00A0\n138:0x60A0\n121:-0xFFFF+0x0070#0x3070\n";
    const char proj[] = "<actorsfile> a.actors\n<agentsfile> g.agents\n<verbsfile> v.verbs\n";
    put("f/a.actors", act, strlen(act));
    put("f/g.agents", agt, strlen(agt));
    put("f/v.verbs", vrb, strlen(vrb));
    put("f/p.verbs.txt", pvrb, strlen(pvrb));
    put("f/d.discards.txt", disc, strlen(disc));
    put("f/t.project", proj, strlen(proj));
    put("f/o.ontology.txt", pico, strlen(pico));
    static const char *const which[] = {"f/a.actors", "f/g.agents", "f/v.verbs", "f/t.project", "f/p.verbs.txt", "f/d.discards.txt",
                                        "f/o.ontology.txt"};
    put(which[data[0] % 7], data + 1, size - 1);
    char spec[1024];
    if ((data[0] >> 4) & 1)
        snprintf(spec, sizeof spec, "petrarch:%s/f/a.actors,%s/f/g.agents,%s/f/d.discards.txt,%s/f/p.verbs.txt,%s/f/o.ontology.txt",
                 root, root, root, root, root);
    else
        snprintf(spec, sizeof spec, "tabari:%s/f/t.project", root);
    rp_dict *d = rp_dict_new();
    if (rp_dict_load_foreign(d, root, "en", spec, warn, NULL, NULL) == RP_OK) {
        code_once(d, "en", "Arnor and the evil Gondor attacked Frodo. The Arnor army visited Gondor; Bilbo beefed up. "
                  "Arnor, that Al-Gore former army cast serious doubt on the Old Kingdom, will try to attack food and "
                  "relief aid for brave and noble deeds. Arnor sheep defended Gondor or said so, but evil sheep and "
                  "Frodo attacked. Gondor said that Frodo had attacked Arnor and it would not attack. Arnor wants to "
                  "attack Gondor. The army attacked the Arnor army very close to Gondor. Neither Frodo nor "
                  "Bilbo attacked Gondor, attacked by Arnor. Frodo said Gondor had attacked Arnor and attacked the "
                  "army. Gondor was attacked by the army.", "1996-05-05");
    }
    rp_dict_free(d);
    return 0;
}

/* libFuzzer: UTF-8 validation, tokenizer, sentence splitter and the coder on any bytes,
 * in both languages. */
#include <stdint.h>
#include <stdlib.h>
#include "rapporti/rapporti.h"

static rp_dict *dict;
static rp_doc *doc;
static rp_coder *coder;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    dict = rp_dict_new();
    if (rp_dict_load(dict, RP_DICT_DIR, "it") || rp_dict_load(dict, RP_DICT_DIR, "en")) abort();
    doc = rp_doc_new();
    coder = rp_coder_new(dict);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size) return 0;
    const char *lang = data[0] & 1 ? "it" : "en";
    if (rp_doc_set_text(doc, (const char *)data + 1, size - 1, data[0] & 2 ? RP_TEXT_LENIENT : 0) != RP_OK) return 0;
    rp_doc_set_lang(doc, lang);
    rp_doc_set_date(doc, "2022-12-30");
    if (rp_doc_analyze(doc, dict) != RP_OK) return 0;
    rp_coder_code(coder, doc, NULL, NULL);
    rp_detect_language((const char *)data + 1, size - 1, NULL);
    return 0;
}

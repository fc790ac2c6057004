/* libFuzzer: UTF-8 validation, tokenizer, sentence splitter, the coder and the context
 * stage (places, dates, amounts, quotes, tone; where and when of each event) on any
 * bytes, in both languages. */
#include <stdint.h>
#include <stdlib.h>
#include "rapporti/rapporti.h"

static rp_dict *dict;
static rp_doc *doc;
static rp_coder *coder;
static rp_context *ctx;

static int on_event(void *user, const rp_doc *d, const rp_event *ev)
{
    (void)user; (void)d;
    const rp_place *p = rp_context_event_place(ctx, ev);
    const rp_when *w = rp_context_event_date(ctx, ev);
    if (p && (p->start > p->end || p->end > rp_doc_text_len(d))) abort();
    if (w && (w->from > w->to || w->end > rp_doc_text_len(d))) abort();
    return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    dict = rp_dict_new();
    if (rp_dict_load(dict, RP_DICT_DIR, "it") || rp_dict_load(dict, RP_DICT_DIR, "en")) abort();
    doc = rp_doc_new();
    coder = rp_coder_new(dict);
    ctx = rp_context_new(dict);
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
    if (rp_context_analyze(ctx, doc, coder) != RP_OK) return 0;
    for (size_t i = 0; i < rp_context_quote_count(ctx); i++) {
        const rp_quote *q = rp_context_quote(ctx, i);
        if (q->start > q->end || q->end > rp_doc_text_len(doc)) abort();
    }
    for (size_t i = 0; i < rp_context_date_count(ctx); i++) {
        const rp_when *w = rp_context_date(ctx, i);
        if (w->from > w->to || w->start > w->end || w->end > rp_doc_text_len(doc)) abort();
    }
    for (size_t i = 0; i < rp_context_place_count(ctx); i++) {
        const rp_place *p = rp_context_place(ctx, i);
        if (p->start > p->end || p->end > rp_doc_text_len(doc)) abort();
    }
    for (size_t i = 0; i < rp_context_amount_count(ctx); i++) {
        const rp_amount *a = rp_context_amount(ctx, i);
        if (a->start > a->end || a->end > rp_doc_text_len(doc) || a->object_end > rp_doc_text_len(doc)) abort();
    }
    rp_coder_code(coder, doc, on_event, NULL);
    rp_detect_language((const char *)data + 1, size - 1, NULL);
    return 0;
}

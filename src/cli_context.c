/* The context of a document (rapporti/context.h) as JSON, for `rapporti code --with
 * context`: one "place" and "when" per event, one record per document. */
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "cli.h"

static void add_text(cJSON *o, const char *key, const rp_doc *doc, uint32_t s, uint32_t e)
{
    if (e <= s || e > rp_doc_text_len(doc)) { cJSON_AddNullToObject(o, key); return; }
    char *t = malloc(e - s + 1);
    if (!t) return;
    memcpy(t, rp_doc_text(doc) + s, e - s);
    t[e - s] = '\0';
    cJSON_AddStringToObject(o, key, t);
    free(t);
}

static void add_span(cJSON *o, const char *key, uint32_t s, uint32_t e)
{
    cJSON *a = cJSON_AddArrayToObject(o, key);
    if (!a) return;
    cJSON_AddItemToArray(a, cJSON_CreateNumber(s));
    cJSON_AddItemToArray(a, cJSON_CreateNumber(e));
}

cJSON *cli_place_json(const rp_doc *doc, const rp_place *p)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    add_text(o, "text", doc, p->start, p->end);
    add_span(o, "span", p->start, p->end);
    cJSON_AddNumberToObject(o, "type", p->type);
    cJSON_AddStringToObject(o, "name", p->name);
    cJSON_AddStringToObject(o, "full_name", p->full_name);
    cJSON_AddStringToObject(o, "country", p->country);
    cJSON_AddStringToObject(o, "country_fips", p->country_fips);
    cJSON_AddStringToObject(o, "adm1", p->adm1);
    if (p->has_coords) {
        cJSON_AddNumberToObject(o, "lat", p->lat);
        cJSON_AddNumberToObject(o, "long", p->lon);
    } else {
        cJSON_AddNullToObject(o, "lat");
        cJSON_AddNullToObject(o, "long");
    }
    cJSON_AddStringToObject(o, "feature_id", p->feature_id);
    cJSON_AddBoolToObject(o, "ambiguous", p->ambiguous);
    cJSON_AddNumberToObject(o, "candidates", p->candidates);
    cJSON_AddBoolToObject(o, "dateline", p->dateline);
    return o;
}

static const char *grain_name(rp_granularity g)
{
    static const char *const n[] = {"", "day", "week", "month", "season", "year"};
    return g >= 1 && g <= 5 ? n[g] : "";
}

cJSON *cli_when_json(const rp_doc *doc, const rp_when *w)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    char d[11];
    add_text(o, "text", doc, w->start, w->end);
    add_span(o, "span", w->start, w->end);
    rp_date_format(w->from, d);
    cJSON_AddStringToObject(o, "from", d);
    rp_date_format(w->to, d);
    cJSON_AddStringToObject(o, "to", d);
    cJSON_AddStringToObject(o, "granularity", grain_name(w->grain));
    cJSON_AddBoolToObject(o, "relative", w->relative);
    cJSON_AddBoolToObject(o, "by", w->by);
    return o;
}

cJSON *cli_context_json(const rp_doc *doc, const rp_context *ctx)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    cJSON_AddStringToObject(o, "type", "document");
    cJSON_AddStringToObject(o, "doc", rp_doc_id(doc));
    cJSON_AddStringToObject(o, "date", rp_doc_date(doc));
    cJSON_AddStringToObject(o, "lang", rp_doc_lang(doc));
    const rp_tone *t = rp_context_tone(ctx);
    cJSON *tj = cJSON_AddObjectToObject(o, "tone");
    if (tj) {
        cJSON_AddNumberToObject(tj, "tone", t->tone);
        cJSON_AddNumberToObject(tj, "positive", t->positive);
        cJSON_AddNumberToObject(tj, "negative", t->negative);
        cJSON_AddNumberToObject(tj, "polarity", t->polarity);
        cJSON_AddNumberToObject(tj, "words", (double)t->words);
        cJSON_AddBoolToObject(tj, "lexicon", t->lexicon);
    }
    cJSON *a = cJSON_AddArrayToObject(o, "places");
    for (size_t i = 0; a && i < rp_context_place_count(ctx); i++) {
        cJSON *p = cli_place_json(doc, rp_context_place(ctx, i));
        if (p) cJSON_AddNumberToObject(p, "sentence", (double)rp_context_place(ctx, i)->sentence);
        cJSON_AddItemToArray(a, p);
    }
    a = cJSON_AddArrayToObject(o, "quotes");
    for (size_t i = 0; a && i < rp_context_quote_count(ctx); i++) {
        const rp_quote *q = rp_context_quote(ctx, i);
        cJSON *j = cJSON_CreateObject();
        if (!j) break;
        add_text(j, "text", doc, q->start, q->end);
        add_span(j, "span", q->start, q->end);
        cJSON_AddNumberToObject(j, "sentence", (double)q->sentence);
        if (q->speaker[0]) {
            cJSON_AddStringToObject(j, "speaker", q->speaker);
            add_text(j, "speaker_text", doc, q->speaker_start, q->speaker_end);
        } else {
            cJSON_AddNullToObject(j, "speaker");
            cJSON_AddNullToObject(j, "speaker_text");
        }
        cJSON_AddStringToObject(j, "attribution", q->how);
        cJSON_AddItemToArray(a, j);
    }
    a = cJSON_AddArrayToObject(o, "amounts");
    static const char *const kinds[] = {"", "percent", "money", "quantity"};
    for (size_t i = 0; a && i < rp_context_amount_count(ctx); i++) {
        const rp_amount *m = rp_context_amount(ctx, i);
        cJSON *j = cJSON_CreateObject();
        if (!j) break;
        add_text(j, "text", doc, m->start, m->end);
        add_span(j, "span", m->start, m->end);
        cJSON_AddNumberToObject(j, "sentence", (double)m->sentence);
        cJSON_AddStringToObject(j, "kind", kinds[m->kind]);
        cJSON_AddNumberToObject(j, "value", m->value);
        cJSON_AddStringToObject(j, "unit", m->unit);
        cJSON_AddNumberToObject(j, "change", m->change);
        add_text(j, "object", doc, m->object_start, m->object_end);
        cJSON_AddItemToArray(a, j);
    }
    a = cJSON_AddArrayToObject(o, "dates");
    for (size_t i = 0; a && i < rp_context_date_count(ctx); i++) {
        cJSON *j = cli_when_json(doc, rp_context_date(ctx, i));
        if (j) cJSON_AddNumberToObject(j, "sentence", (double)rp_context_date(ctx, i)->sentence);
        cJSON_AddItemToArray(a, j);
    }
    return o;
}

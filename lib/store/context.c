/* The store's side of the context stage: a document's tone, places, quotes, amounts and
 * dates, where and when each event happened, read back for the API, merged from shards,
 * and exported as GDELT's Global Knowledge Graph. Same SQL on SQLite and PostgreSQL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "rapporti/context.h"

#define X rpi_store_exec

static rpi_val span_text(const rp_doc *doc, uint32_t s, uint32_t e)
{
    if (e <= s || e > rp_doc_text_len(doc)) return RV_NULL;
    return RV_TEXTN(rp_doc_text(doc) + s, e - s);
}

static const char *grain_name(rp_granularity g)
{
    static const char *const n[] = {"", "day", "week", "month", "season", "year"};
    return g >= 1 && g <= 5 ? n[g] : "";
}

rp_rc rpi_store_event_context(rp_store *s, int64_t event_id, const rp_store_event_context *w)
{
    const rp_place *p = w->place;
    const rp_when *t = w->when;
    char from[11] = "", to[11] = "";
    if (t) { rp_date_format(t->from, from); rp_date_format(t->to, to); }
    rpi_val v[16] = {RV_INT(event_id), RV_NULL, RV_NULL, RV_NULL, RV_NULL, RV_NULL, RV_NULL, RV_NULL,
                     RV_NULL, RV_NULL, RV_NULL, RV_NULL, RV_NULL, RV_NULL, RV_NULL, RV_NULL};
    if (p) {
        v[1] = RV_INT(p->type);
        v[2] = RV_OPT(w->place_text);
        v[3] = RV_TEXT(p->name);
        v[4] = RV_TEXT(p->full_name);
        v[5] = p->country[0] ? RV_TEXT(p->country) : RV_NULL;
        v[6] = p->country_fips[0] ? RV_TEXT(p->country_fips) : RV_NULL;
        v[7] = RV_TEXT(p->adm1);
        if (p->has_coords) { v[8] = RV_REAL(p->lat); v[9] = RV_REAL(p->lon); }
        v[10] = RV_TEXT(p->feature_id);
        v[11] = RV_INT(p->ambiguous);
        v[12] = RV_INT(p->dateline);
    }
    if (t) { v[13] = RV_OPT(w->when_text); v[14] = RV_TEXT(from); v[15] = RV_TEXT(to); }
    return X(s, "INSERT INTO event_context (event_id, geo_type, geo_text, geo_name, geo_full_name, geo_country,"
                " geo_country_fips, geo_adm1, geo_lat, geo_lon, geo_feature_id, geo_ambiguous, geo_dateline, when_text,"
                " when_from, when_to) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
                " ON CONFLICT (event_id) DO NOTHING",
             16, v, NULL, NULL);
}

rp_rc rp_store_add_context(rp_store *s, int64_t doc_id, const rp_doc *doc, const rp_context *ctx)
{
    if (!s || !doc || !ctx) return RP_EINVAL;
    static const char *const clear[] = {"DELETE FROM doc_tone WHERE doc_id = $1", "DELETE FROM places WHERE doc_id = $1",
                                        "DELETE FROM quotes WHERE doc_id = $1", "DELETE FROM amounts WHERE doc_id = $1",
                                        "DELETE FROM time_refs WHERE doc_id = $1"};
    rpi_val id = RV_INT(doc_id);
    rp_rc rc;
    for (size_t i = 0; i < sizeof clear / sizeof *clear; i++)
        if ((rc = X(s, clear[i], 1, &id, NULL, NULL))) return rc;
    const rp_tone *t = rp_context_tone(ctx);
    if (t->lexicon) {
        rpi_val v[6] = {id, RV_REAL(t->tone), RV_REAL(t->positive), RV_REAL(t->negative), RV_REAL(t->polarity),
                        RV_INT((int64_t)t->words)};
        if ((rc = X(s, "INSERT INTO doc_tone (doc_id, tone, positive, negative, polarity, words)"
                       " VALUES ($1, $2, $3, $4, $5, $6)", 6, v, NULL, NULL)))
            return rc;
    }
    for (size_t i = 0; i < rp_context_place_count(ctx); i++) {
        const rp_place *p = rp_context_place(ctx, i);
        rpi_val v[16] = {id, RV_INT((int64_t)p->sentence), RV_INT(p->start), RV_INT(p->end), span_text(doc, p->start, p->end),
                         RV_INT(p->type), RV_TEXT(p->name), RV_TEXT(p->full_name),
                         p->country[0] ? RV_TEXT(p->country) : RV_NULL, p->country_fips[0] ? RV_TEXT(p->country_fips) : RV_NULL,
                         RV_TEXT(p->adm1), p->has_coords ? RV_REAL(p->lat) : RV_NULL, p->has_coords ? RV_REAL(p->lon) : RV_NULL,
                         RV_TEXT(p->feature_id), RV_INT(p->ambiguous), RV_INT(p->dateline)};
        if ((rc = X(s, "INSERT INTO places (doc_id, sentence, start_off, end_off, text, geo_type, name, full_name, country,"
                       " country_fips, adm1, lat, lon, feature_id, ambiguous, dateline) VALUES ($1, $2, $3, $4, $5, $6, $7,"
                       " $8, $9, $10, $11, $12, $13, $14, $15, $16)", 16, v, NULL, NULL)))
            return rc;
    }
    for (size_t i = 0; i < rp_context_quote_count(ctx); i++) {
        const rp_quote *q = rp_context_quote(ctx, i);
        rpi_val v[8] = {id, RV_INT((int64_t)q->sentence), RV_INT(q->start), RV_INT(q->end), span_text(doc, q->start, q->end),
                        q->speaker[0] ? RV_TEXT(q->speaker) : RV_NULL,
                        q->speaker[0] ? span_text(doc, q->speaker_start, q->speaker_end) : RV_NULL, RV_TEXT(q->how)};
        if ((rc = X(s, "INSERT INTO quotes (doc_id, sentence, start_off, end_off, text, speaker, speaker_text, attribution)"
                       " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", 8, v, NULL, NULL)))
            return rc;
    }
    static const char *const kinds[] = {"", "percent", "money", "quantity"};
    for (size_t i = 0; i < rp_context_amount_count(ctx); i++) {
        const rp_amount *a = rp_context_amount(ctx, i);
        rpi_val v[10] = {id, RV_INT((int64_t)a->sentence), RV_INT(a->start), RV_INT(a->end), span_text(doc, a->start, a->end),
                         RV_TEXT(kinds[a->kind]), RV_REAL(a->value), RV_TEXT(a->unit), RV_INT(a->change),
                         span_text(doc, a->object_start, a->object_end)};
        if ((rc = X(s, "INSERT INTO amounts (doc_id, sentence, start_off, end_off, text, kind, value, unit, change, object)"
                       " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)", 10, v, NULL, NULL)))
            return rc;
    }
    for (size_t i = 0; i < rp_context_date_count(ctx); i++) {
        const rp_when *w = rp_context_date(ctx, i);
        char from[11], to[11];
        rp_date_format(w->from, from);
        rp_date_format(w->to, to);
        rpi_val v[10] = {id, RV_INT((int64_t)w->sentence), RV_INT(w->start), RV_INT(w->end), span_text(doc, w->start, w->end),
                         RV_TEXT(from), RV_TEXT(to), RV_TEXT(grain_name(w->grain)), RV_INT(w->relative), RV_INT(w->by)};
        if ((rc = X(s, "INSERT INTO time_refs (doc_id, sentence, start_off, end_off, text, date_from, date_to, granularity,"
                       " relative, by_deadline) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)", 10, v, NULL, NULL)))
            return rc;
    }
    return RP_OK;
}

rp_rc rp_store_document_context(rp_store *s, int64_t id, rp_table *tone, rp_table *places, rp_table *quotes,
                                rp_table *amounts, rp_table *dates)
{
    memset(tone, 0, sizeof *tone);
    memset(places, 0, sizeof *places);
    memset(quotes, 0, sizeof *quotes);
    memset(amounts, 0, sizeof *amounts);
    memset(dates, 0, sizeof *dates);
    rpi_val v[1] = {RV_INT(id)};
    static const char *const tn[] = {"tone", "positive", "negative", "polarity", "words", NULL};
    static const char *const pn[] = {"sentence", "start", "end", "text", "type", "name", "full_name", "country",
                                     "country_fips", "adm1", "lat", "long", "feature_id", "ambiguous", "dateline", NULL};
    static const char *const qn[] = {"sentence", "start", "end", "text", "speaker", "speaker_text", "attribution", NULL};
    static const char *const an[] = {"sentence", "start", "end", "text", "kind", "value", "unit", "change", "object", NULL};
    static const char *const dn[] = {"sentence", "start", "end", "text", "from", "to", "granularity", "relative", "by", NULL};
    rp_rc rc = rpi_store_table(s, "SELECT round(CAST(tone AS NUMERIC), 3) AS tone, round(CAST(positive AS NUMERIC), 3) AS positive,"
                                  " round(CAST(negative AS NUMERIC), 3) AS negative, round(CAST(polarity AS NUMERIC), 3) AS polarity,"
                                  " words FROM doc_tone WHERE doc_id = $1", 1, v, tone, tn);
    if (!rc)
        rc = rpi_store_table(s, "SELECT sentence, start_off AS start, end_off AS \"end\", text, geo_type AS type, name, full_name,"
                                " country, country_fips, adm1, lat, lon AS long, feature_id, ambiguous, dateline FROM places"
                                " WHERE doc_id = $1 ORDER BY start_off, id", 1, v, places, pn);
    if (!rc)
        rc = rpi_store_table(s, "SELECT sentence, start_off AS start, end_off AS \"end\", text, speaker, speaker_text, attribution"
                                " FROM quotes WHERE doc_id = $1 ORDER BY start_off, id", 1, v, quotes, qn);
    if (!rc)
        rc = rpi_store_table(s, "SELECT sentence, start_off AS start, end_off AS \"end\", text, kind, value, unit, change, object"
                                " FROM amounts WHERE doc_id = $1 ORDER BY start_off, id", 1, v, amounts, an);
    if (!rc)
        rc = rpi_store_table(s, "SELECT sentence, start_off AS start, end_off AS \"end\", text, date_from AS \"from\","
                                " date_to AS \"to\", granularity, relative, by_deadline AS \"by\" FROM time_refs"
                                " WHERE doc_id = $1 ORDER BY start_off, id", 1, v, dates, dn);
    if (rc) {
        rp_table_free(tone);
        rp_table_free(places);
        rp_table_free(quotes);
        rp_table_free(amounts);
        rp_table_free(dates);
    }
    return rc;
}

rp_rc rpi_store_merge_context(rp_store *s, int64_t maxid)
{
    rpi_val m[1] = {RV_INT(maxid)};
    /* the shard's rows of each new document, found again by content hash */
    static const char *const sql[] = {
        "INSERT INTO doc_tone (doc_id, tone, positive, negative, polarity, words)"
        " SELECT d.id, t.tone, t.positive, t.negative, t.polarity, t.words FROM shard.doc_tone t"
        " JOIN shard.documents sd ON sd.id = t.doc_id JOIN documents d ON d.content_hash = sd.content_hash WHERE d.id > $1",
        "INSERT INTO places (doc_id, sentence, start_off, end_off, text, geo_type, name, full_name, country, country_fips,"
        " adm1, lat, lon, feature_id, ambiguous, dateline) SELECT d.id, p.sentence, p.start_off, p.end_off, p.text,"
        " p.geo_type, p.name, p.full_name, p.country, p.country_fips, p.adm1, p.lat, p.lon, p.feature_id, p.ambiguous,"
        " p.dateline FROM shard.places p JOIN shard.documents sd ON sd.id = p.doc_id"
        " JOIN documents d ON d.content_hash = sd.content_hash WHERE d.id > $1 ORDER BY d.id, p.id",
        "INSERT INTO quotes (doc_id, sentence, start_off, end_off, text, speaker, speaker_text, attribution)"
        " SELECT d.id, q.sentence, q.start_off, q.end_off, q.text, q.speaker, q.speaker_text, q.attribution"
        " FROM shard.quotes q JOIN shard.documents sd ON sd.id = q.doc_id"
        " JOIN documents d ON d.content_hash = sd.content_hash WHERE d.id > $1 ORDER BY d.id, q.id",
        "INSERT INTO amounts (doc_id, sentence, start_off, end_off, text, kind, value, unit, change, object)"
        " SELECT d.id, a.sentence, a.start_off, a.end_off, a.text, a.kind, a.value, a.unit, a.change, a.object"
        " FROM shard.amounts a JOIN shard.documents sd ON sd.id = a.doc_id"
        " JOIN documents d ON d.content_hash = sd.content_hash WHERE d.id > $1 ORDER BY d.id, a.id",
        "INSERT INTO time_refs (doc_id, sentence, start_off, end_off, text, date_from, date_to, granularity, relative,"
        " by_deadline) SELECT d.id, t.sentence, t.start_off, t.end_off, t.text, t.date_from, t.date_to, t.granularity,"
        " t.relative, t.by_deadline FROM shard.time_refs t JOIN shard.documents sd ON sd.id = t.doc_id"
        " JOIN documents d ON d.content_hash = sd.content_hash WHERE d.id > $1 ORDER BY d.id, t.id",
        /* an event is the same one when its document, sentence, verb and actors are */
        "INSERT INTO event_context (event_id, geo_type, geo_text, geo_name, geo_full_name, geo_country, geo_country_fips,"
        " geo_adm1, geo_lat, geo_lon, geo_feature_id, geo_ambiguous, geo_dateline, when_text, when_from, when_to)"
        " SELECT MIN(e.id), c.geo_type, c.geo_text, c.geo_name, c.geo_full_name, c.geo_country, c.geo_country_fips,"
        " c.geo_adm1, c.geo_lat, c.geo_lon, c.geo_feature_id, c.geo_ambiguous, c.geo_dateline, c.when_text, c.when_from,"
        " c.when_to FROM shard.event_context c JOIN shard.events se ON se.id = c.event_id"
        " JOIN shard.documents sd ON sd.id = se.doc_id JOIN documents d ON d.content_hash = sd.content_hash"
        " JOIN events e ON e.doc_id = d.id AND e.sentence = se.sentence AND e.verb_start = se.verb_start"
        " AND e.source = se.source AND e.target = se.target AND e.code = se.code"
        " WHERE d.id > $1 GROUP BY se.id ON CONFLICT (event_id) DO NOTHING",
    };
    for (size_t i = 0; i < sizeof sql / sizeof *sql; i++) {
        rp_rc rc = X(s, sql[i], 1, m, NULL, NULL);
        if (rc) return rc;
    }
    return RP_OK;
}

/* ---- GKG export, assembled in C so that both backends print numbers alike ---- */

typedef struct gkg_row { rpi_buf col[15]; } gkg_row;

static void num(rpi_buf *b, const char *v)
{
    if (!v) return;
    double d = strtod(v, NULL);
    rpi_buf_printf(b, "%.10g", d);
}

typedef struct gkg_fill { rpi_buf *b; int kind; int n; } gkg_fill;

/* Text inside a GKG field: the field's separators (bad) and line breaks become spaces. */
static void clean(rpi_buf *b, const char *s, const char *bad)
{
    for (const char *c = s ? s : ""; *c; c++)
        rpi_buf_addc(b, strchr(bad, *c) || *c == '\t' || *c == '\n' || *c == '\r' ? ' ' : *c);
}

/* One row of a context table into GKG's field syntax. */
static int gkg_part(void *user, int ncols, const char *const *v, const size_t *lens, const char *const *names)
{
    (void)ncols; (void)lens; (void)names;
    gkg_fill *f = user;
    rpi_buf *b = f->b;
    switch (f->kind) {
    case 0: /* V2COUNTS: kind#value#object#offset */
        if (f->n++) rpi_buf_addc(b, ';');
        rpi_buf_printf(b, "%s#", v[0]);
        num(b, v[1]);
        rpi_buf_addc(b, '#');
        clean(b, v[2], "#;");
        rpi_buf_printf(b, "#%s", v[3]);
        break;
    case 1: /* V2LOCATIONS: type#fullname#country#adm1#lat#long#featureid#offset */
        if (f->n++) rpi_buf_addc(b, ';');
        rpi_buf_printf(b, "%s#%s#%s#%s#", v[0], v[1], v[2] ? v[2] : "", v[3]);
        num(b, v[4]); rpi_buf_addc(b, '#'); num(b, v[5]);
        rpi_buf_printf(b, "#%s#%s", v[6], v[7]);
        break;
    case 2: /* actor codes */
        if (f->n++) rpi_buf_addc(b, ';');
        rpi_buf_printf(b, "%s", v[0]);
        break;
    case 3: /* V2TONE */
        num(b, v[0]); rpi_buf_addc(b, ','); num(b, v[1]); rpi_buf_addc(b, ','); num(b, v[2]); rpi_buf_addc(b, ',');
        num(b, v[3]); rpi_buf_printf(b, ",0,0,%s", v[4]);
        break;
    case 4: /* V2.1DATES: granularity#from#to#offset */
        if (f->n++) rpi_buf_addc(b, ';');
        rpi_buf_printf(b, "%s#%s#%s#%s", v[0], v[1], v[2], v[3]);
        break;
    case 5: /* V2.1QUOTATIONS: offset|length|speaker|quote */
        if (f->n++) rpi_buf_addc(b, '#');
        rpi_buf_printf(b, "%s|%lld|%s|", v[0], strtoll(v[1], NULL, 10) - strtoll(v[0], NULL, 10), v[2] ? v[2] : "");
        clean(b, v[3], "#|");
        break;
    case 6: /* V2.1AMOUNTS: value,object,offset */
        if (f->n++) rpi_buf_addc(b, ';');
        num(b, v[0]);
        rpi_buf_addc(b, ',');
        clean(b, v[1], ",;");
        rpi_buf_printf(b, ",%s", v[2]);
        break;
    }
    return 0;
}

typedef struct gkg_docs { int64_t *id; char (*date)[11]; char **site, **url; size_t n, cap; int oom; } gkg_docs;

static int gkg_doc(void *user, int ncols, const char *const *v, const size_t *lens, const char *const *names)
{
    (void)ncols; (void)lens; (void)names;
    gkg_docs *d = user;
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 64;
        int64_t *id = rpi_realloc(d->id, cap * sizeof *id);
        if (id) d->id = id;
        char (*date)[11] = rpi_realloc(d->date, cap * sizeof *date);
        if (date) d->date = date;
        char **site = rpi_realloc(d->site, cap * sizeof *site);
        if (site) d->site = site;
        char **url = rpi_realloc(d->url, cap * sizeof *url);
        if (url) d->url = url;
        if (!id || !date || !site || !url) { d->oom = 1; return 1; }
        d->cap = cap;
    }
    d->id[d->n] = strtoll(v[0], NULL, 10);
    snprintf(d->date[d->n], 11, "%s", v[1] ? v[1] : "");
    d->site[d->n] = rpi_strndup(v[2] ? v[2] : "", v[2] ? strlen(v[2]) : 0);
    d->url[d->n] = rpi_strndup(v[3] ? v[3] : "", v[3] ? strlen(v[3]) : 0);
    if (!d->site[d->n] || !d->url[d->n]) { d->oom = 1; return 1; }
    d->n++;
    return 0;
}

rp_rc rp_store_gkg(rp_store *s, const rp_query *q, rp_table *out)
{
    static const char *const names[] = {"GKGRECORDID", "V2.1DATE", "V2SOURCECOLLECTIONIDENTIFIER", "V2SOURCECOMMONNAME",
                                        "V2DOCUMENTIDENTIFIER", "V2COUNTS", "V2THEMES", "V2LOCATIONS", "V2PERSONS",
                                        "V2ORGANIZATIONS", "V2TONE", "V2.1DATES", "V2.1QUOTATIONS", "V2.1AMOUNTS",
                                        "V2EXTRASXML"};
    enum { NCOL = 15 };
    static const char *const parts[] = {
        "SELECT kind, value, object, start_off FROM amounts WHERE doc_id = $1 ORDER BY start_off, id",
        "SELECT geo_type, full_name, country_fips, adm1, lat, lon, feature_id, start_off FROM places WHERE doc_id = $1"
        " ORDER BY start_off, id",
        "SELECT DISTINCT source FROM events WHERE doc_id = $1 AND length(source) > 3 ORDER BY 1",
        "SELECT DISTINCT source FROM events WHERE doc_id = $1 AND length(source) = 3 ORDER BY 1",
        "SELECT tone, positive, negative, polarity, words FROM doc_tone WHERE doc_id = $1",
        "SELECT granularity, date_from, date_to, start_off FROM time_refs WHERE doc_id = $1 ORDER BY start_off, id",
        "SELECT start_off, end_off, speaker, text FROM quotes WHERE doc_id = $1 ORDER BY start_off, id",
        "SELECT value, object, start_off FROM amounts WHERE doc_id = $1 ORDER BY start_off, id"};
    static const int part_col[] = {5, 7, 8, 9, 10, 11, 12, 13};
    static const int part_kind[] = {0, 1, 2, 2, 3, 4, 5, 6};
    memset(out, 0, sizeof *out);
    const char *from = q->from && *q->from ? q->from : "0000-01-01", *to = q->to && *q->to ? q->to : "9999-12-31";
    rpi_val v[4] = {RV_TEXT(from), RV_TEXT(to), RV_INT(q->limit > 0 ? q->limit : 1000000000), RV_INT(q->offset > 0 ? q->offset : 0)};
    gkg_docs d = {0};
    rp_rc rc = X(s, "SELECT d.id, d.date, COALESCE(d.site, d.source), COALESCE(d.url, d.source) FROM documents d"
                    " WHERE d.date >= $1 AND d.date <= $2 AND (EXISTS (SELECT 1 FROM doc_tone t WHERE t.doc_id = d.id)"
                    " OR EXISTS (SELECT 1 FROM places p WHERE p.doc_id = d.id)) ORDER BY d.id LIMIT $3 OFFSET $4",
                 4, v, gkg_doc, &d);
    if (!rc && d.oom) rc = RP_ENOMEM;
    out->ncols = NCOL;
    out->names = rpi_calloc(NCOL, sizeof *out->names);
    out->cells = rpi_calloc(d.n * NCOL + 1, sizeof *out->cells);
    if (!rc && (!out->names || !out->cells)) rc = RP_ENOMEM;
    for (size_t c = 0; !rc && c < NCOL; c++)
        if (!(out->names[c] = rpi_strndup(names[c], strlen(names[c])))) rc = RP_ENOMEM;
    for (size_t i = 0; !rc && i < d.n; i++) {
        rpi_buf col[NCOL];
        memset(col, 0, sizeof col);
        rpi_buf_printf(&col[0], "%s-%lld", d.date[i], (long long)d.id[i]);
        for (const char *c = d.date[i]; *c; c++) if (*c != '-') rpi_buf_addc(&col[1], *c);
        rpi_buf_printf(&col[1], "000000");
        rpi_buf_printf(&col[2], "1");
        rpi_buf_printf(&col[3], "%s", d.site[i]);
        rpi_buf_printf(&col[4], "%s", d.url[i]);
        rpi_buf_printf(&col[14], "<PAGE_TITLE></PAGE_TITLE>");
        rpi_val idv = RV_INT(d.id[i]);
        for (size_t k = 0; !rc && k < sizeof parts / sizeof *parts; k++) {
            gkg_fill f = {&col[part_col[k]], part_kind[k], 0};
            rc = X(s, parts[k], 1, &idv, gkg_part, &f);
        }
        out->nrows++;
        for (size_t c = 0; c < NCOL; c++) {
            const char *t = rpi_buf_cstr(&col[c]);
            out->cells[i * NCOL + c] = rpi_strndup(t, strlen(t));
            if (!out->cells[i * NCOL + c]) rc = RP_ENOMEM;
            rpi_buf_free(&col[c]);
        }
    }
    for (size_t i = 0; i < d.n; i++) { rpi_free(d.site[i]); rpi_free(d.url[i]); }
    rpi_free(d.id); rpi_free(d.date); rpi_free(d.site); rpi_free(d.url);
    if (rc) rp_table_free(out);
    return rc;
}

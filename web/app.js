// rapporti dashboard: a relation over time (click a point for its events and the
// sentences behind them), warming and cooling, a network of dyads, a map of one actor's
// relations, a search over events. Italian and English. Data from /api/ only.
"use strict";

const T = {
  it: {
    subtitle: "Eventi politici estratti dalle notizie (CAMEO): come si muovono le relazioni tra paesi.",
    relation: "Relazione nel tempo", actorA: "Attore A", actorB: "Attore B", actor: "Attore", by: "Periodo",
    month: "mese", week: "settimana", day: "giorno", from: "Dal", to: "Al", show: "Mostra",
    clickHint: "Clicca un punto del grafico per leggere gli eventi del periodo e le frasi da cui vengono.",
    trending: "Relazioni che migliorano o peggiorano", network: "Rete delle relazioni più attive",
    map: "Mappa delle relazioni di un attore", search: "Cerca eventi", source: "Fonte", target: "Destinatario",
    root: "Radice CAMEO", searchBtn: "Cerca", prev: "‹ Precedenti", next: "Successivi ›",
    footer: "rapporti: codifica CAMEO nativa in italiano e inglese; Goldstein da -10 (conflitto) a +10 (cooperazione).",
    goldstein: "Goldstein medio", net: "Cooperazione netta", volume: "Eventi ogni 100 articoli",
    q1: "Coop. verbale", q2: "Coop. materiale", q3: "Conflitto verbale", q4: "Conflitto materiale",
    dyad: "Coppia", before: "Prima", after: "Dopo", change: "Variazione", events: "eventi",
    noEvents: "Nessun evento.", mentions: "menzioni", articles: "articoli", loading: "Caricamento…",
    stats: (s) => `${s.documents} articoli, ${s.events} eventi (${s.store})`, error: "Errore",
    period: "Periodo", code: "Codice", sentence: "Frase",
    where: "Dove", when: "Quando", tone: "Tono dell'articolo", quotes: "Citazioni", amounts: "Cifre", places: "Luoghi",
    unattributed: "non attribuita",
    mapPlaces: "Colore: Goldstein medio con ogni paese. Punti: le città dove sono avvenuti gli eventi dell'attore.",
  },
  en: {
    subtitle: "Political events coded from the news (CAMEO): how relations between countries move.",
    relation: "Relation over time", actorA: "Actor A", actorB: "Actor B", actor: "Actor", by: "Period",
    month: "month", week: "week", day: "day", from: "From", to: "To", show: "Show",
    clickHint: "Click a point of the chart to read the period's events and the sentences they come from.",
    trending: "Relations warming and cooling", network: "Network of the most active relations",
    map: "Map of one actor's relations", search: "Search events", source: "Source", target: "Target",
    root: "CAMEO root", searchBtn: "Search", prev: "‹ Previous", next: "Next ›",
    footer: "rapporti: native CAMEO coding in Italian and English; Goldstein from -10 (conflict) to +10 (cooperation).",
    goldstein: "Mean Goldstein", net: "Net cooperation", volume: "Events per 100 articles",
    q1: "Verbal coop.", q2: "Material coop.", q3: "Verbal conflict", q4: "Material conflict",
    dyad: "Dyad", before: "Before", after: "After", change: "Change", events: "events",
    noEvents: "No events.", mentions: "mentions", articles: "articles", loading: "Loading…",
    stats: (s) => `${s.documents} articles, ${s.events} events (${s.store})`, error: "Error",
    period: "Period", code: "Code", sentence: "Sentence",
    where: "Where", when: "When", tone: "Article tone", quotes: "Quotes", amounts: "Figures", places: "Places",
    unattributed: "unattributed",
    mapPlaces: "Colour: mean Goldstein with each country. Points: the cities where the actor's events happened.",
  },
};

const state = { lang: localStorage.getItem("rapporti-lang") || (navigator.language || "it").slice(0, 2), countries: {}, page: 0 };
if (!T[state.lang]) state.lang = "it";
const t = (k) => T[state.lang][k];
const $ = (id) => document.getElementById(id);

async function api(path, params = {}) {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== "" && v !== undefined && v !== null));
  const r = await fetch(`/api/${path}${q.toString() ? "?" + q : ""}`);
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
}

function esc(s) {
  return String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

function countryName(code) {
  const c = state.countries[code?.slice(0, 3)];
  return c ? `${c[state.lang]} (${code})` : code;
}

function applyLang() {
  document.documentElement.lang = state.lang;
  document.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = t(el.dataset.i18n); });
  document.querySelectorAll(".lang button").forEach((b) => b.classList.toggle("active", b.dataset.lang === state.lang));
}

// ---- the relation over time ----

const charts = {};
function chart(id) {
  if (!charts[id]) charts[id] = echarts.init($(id), null, { renderer: "canvas" });
  return charts[id];
}
window.rapporti = { charts, state }; // for the end-to-end test and the curious

function periodRange(period, by) {
  if (by === "day") return [period, period];
  if (by === "month") {
    const [y, m] = period.split("-").map(Number);
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return [`${period}-01`, `${period}-${String(last).padStart(2, "0")}`];
  }
  return [$("from").value, $("to").value]; // weeks: the whole range, filtered below
}

async function showDyad() {
  const a = $("actor-a").value.trim().toUpperCase(), b = $("actor-b").value.trim().toUpperCase();
  const by = $("by").value;
  const data = await api("dyad", { source: a, target: b, by, from: $("from").value, to: $("to").value });
  const p = data.periods;
  const c = chart("dyad-chart");
  c.clear();
  c.setOption({
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 50, right: 60, top: 40, bottom: 30 },
    xAxis: { type: "category", data: p.map((r) => r.period) },
    yAxis: [{ type: "value", name: "Goldstein", min: -10, max: 10 }, { type: "value", name: t("events") }],
    series: [
      { name: t("goldstein"), type: "line", data: p.map((r) => r.goldstein_mean), symbolSize: 10, lineStyle: { width: 3 } },
      { name: t("net"), type: "line", data: p.map((r) => r.net_cooperation * 10), symbolSize: 6, lineStyle: { type: "dashed" } },
      ...["q1", "q2", "q3", "q4"].map((q, i) => ({
        name: t(q), type: "bar", stack: "q", yAxisIndex: 1, data: p.map((r) => r[q]),
        itemStyle: { color: ["#66bd63", "#1a9850", "#fdae61", "#d73027"][i] }, barMaxWidth: 28,
      })),
      { name: t("volume"), type: "line", yAxisIndex: 1, data: p.map((r) => r.events_per_100_documents), smooth: true, symbol: "none", lineStyle: { color: "#999" } },
    ],
  });
  c.off("click");
  c.on("click", (e) => showPeriod(a, b, p[e.dataIndex].period, by));
  $("evidence").innerHTML = p.length ? "" : `<p>${t("noEvents")}</p>`;
  return data;
}

async function showPeriod(a, b, period, by) {
  const [from, to] = periodRange(period, by);
  $("evidence").innerHTML = `<p class="muted">${t("loading")}</p>`;
  const both = await Promise.all([api("events", { source: a, target: b, from, to, lang: state.lang, limit: 100 }),
                                  api("events", { source: b, target: a, from, to, lang: state.lang, limit: 100 })]);
  const evs = both[0].events.concat(both[1].events).sort((x, y) => y.mentions - x.mentions || y.date.localeCompare(x.date));
  $("evidence").innerHTML = `<h3>${esc(period)}: ${evs.length} ${t("events")}</h3>` + (evs.length ? evs.map((e, i) =>
    `<div class="event q${e.quad_class}" data-i="${i}" tabindex="0">
       <span class="code">${esc(e.code)}</span> ${esc(e.code_name || "")} — <b>${esc(countryName(e.source))}</b> → <b>${esc(countryName(e.target))}</b>
       <span class="muted">${esc(e.date)} · Goldstein ${e.goldstein} · ${e.mentions} ${t("mentions")}, ${e.articles} ${t("articles")}${e.geo_full_name ? " · " + esc(e.geo_full_name) : ""}${e.tone_mean !== null && e.tone_mean !== undefined ? " · " + t("tone") + " " + fmtTone(e.tone_mean) : ""}</span>
       <div class="evidence-text">${esc(e.evidence)}</div><div class="mentions"></div></div>`).join("") : `<p>${t("noEvents")}</p>`);
  document.querySelectorAll("#evidence .event").forEach((el) => el.addEventListener("click", () => showMentions(el, evs[el.dataset.i])));
}

// The mentions of one event, each sentence with source, verb and target marked.
async function showMentions(el, e) {
  const box = el.querySelector(".mentions");
  if (box.dataset.loaded) return;
  box.dataset.loaded = "1";
  const data = await api("event", { source: e.source, target: e.target, from: e.date, code: e.code });
  const parts = await Promise.all(data.mentions.map(async (m) => {
    const doc = await api(`documents/${m.doc_id}`);
    return `<div class="mention">${highlight(doc.text, m)}<div class="muted">${esc(m.url || doc.source || "")} · ${esc(m.pattern)}</div>${contextOf(doc, m)}</div>`;
  }));
  box.innerHTML = parts.join("");
}

function fmtTone(v) { return (v > 0 ? "+" : "") + Number(v).toFixed(1); }

// What the context stage found for a mention: where and when the event happened, the
// article's tone, and the quotes, figures and places of its sentence.
function contextOf(doc, m) {
  const ev = (doc.events || []).find((x) => String(x.id) === String(m.id)) || {};
  const same = (x) => String(x.sentence) === String(m.sentence);
  const items = [];
  if (ev.geo_full_name) items.push(`<b>${t("where")}</b> ${esc(ev.geo_full_name)}`);
  if (ev.when_from) items.push(`<b>${t("when")}</b> ${esc(ev.when_from === ev.when_to ? ev.when_from : ev.when_from + " – " + ev.when_to)} <span class="muted">(${esc(ev.when_text || "")})</span>`);
  if (doc.tone) items.push(`<b>${t("tone")}</b> <span class="${doc.tone.tone >= 0 ? "up" : "down"}">${fmtTone(doc.tone.tone)}</span>`);
  const quotes = (doc.quotes || []).filter(same);
  if (quotes.length) items.push(`<b>${t("quotes")}</b> ` + quotes.map((q) => `«${esc(q.text)}» — ${q.speaker ? esc((q.speaker_text ? q.speaker_text + ", " : "") + countryName(q.speaker)) : t("unattributed")}`).join("; "));
  const amounts = (doc.amounts || []).filter(same);
  if (amounts.length) items.push(`<b>${t("amounts")}</b> ` + amounts.map((a) => `${esc(a.text)}${a.object ? " (" + esc(a.object) + ")" : ""}`).join("; "));
  const places = (doc.places || []).filter(same);
  if (places.length) items.push(`<b>${t("places")}</b> ` + places.map((p) => esc(p.full_name) + (p.ambiguous ? "?" : "")).join("; "));
  return items.length ? `<div class="context">${items.join(" · ")}</div>` : "";
}

// Byte offsets -> the sentence around the verb with three marks (offsets are UTF-8 bytes).
function highlight(text, m) {
  const bytes = new TextEncoder().encode(text), dec = new TextDecoder();
  const spans = [[m.source_start, m.source_end, "src"], [m.verb_start, m.verb_end, "verb"], [m.target_start, m.target_end, "tgt"]]
    .filter((s) => s[0] < s[1]).sort((x, y) => x[0] - y[0]);
  let lo = Math.min(...spans.map((s) => s[0])), hi = Math.max(...spans.map((s) => s[1]));
  while (lo > 0 && bytes[lo - 1] !== 0x0a && !(bytes[lo - 2] === 0x2e && bytes[lo - 1] === 0x20)) lo--;
  while (hi < bytes.length && bytes[hi] !== 0x0a && !(bytes[hi - 1] === 0x2e && bytes[hi] === 0x20)) hi++;
  let out = "", pos = lo;
  for (const [s, e, cls] of spans) {
    if (s < pos) continue;
    out += esc(dec.decode(bytes.slice(pos, s))) + `<mark class="${cls}">` + esc(dec.decode(bytes.slice(s, e))) + "</mark>";
    pos = e;
  }
  return out + esc(dec.decode(bytes.slice(pos, hi)));
}

// ---- warming and cooling ----

async function showTrending() {
  const data = await api("trending", { from: $("from").value, to: $("to").value, min_events: 3, limit: 12 });
  $("trending").querySelector("thead").innerHTML = `<tr><th>${t("dyad")}</th><th>${t("before")}</th><th>${t("after")}</th><th>${t("change")}</th></tr>`;
  $("trending").querySelector("tbody").innerHTML = data.dyads.map((d) => {
    const [x, y] = d.dyad.split("-");
    return `<tr data-a="${esc(x)}" data-b="${esc(y)}"><td>${esc(countryName(x))} – ${esc(countryName(y))}</td>
      <td>${d.goldstein_before} <span class="muted">(${d.events_before})</span></td>
      <td>${d.goldstein_after} <span class="muted">(${d.events_after})</span></td>
      <td class="${d.change >= 0 ? "up" : "down"}">${d.change >= 0 ? "▲" : "▼"} ${d.change}</td></tr>`;
  }).join("");
  $("trending").querySelectorAll("tbody tr").forEach((tr) => tr.addEventListener("click", () => {
    $("actor-a").value = tr.dataset.a; $("actor-b").value = tr.dataset.b; showDyad();
    $("dyad-section").scrollIntoView({ behavior: "smooth" });
  }));
}

// ---- network ----

const colour = (g) => (g >= 0 ? `rgba(26,152,80,${0.35 + Math.min(g, 10) / 16})` : `rgba(215,48,39,${0.35 + Math.min(-g, 10) / 16})`);

async function showNetwork() {
  const data = await api("top", { from: $("from").value, to: $("to").value, limit: 40 });
  const nodes = new Map();
  const links = data.dyads.map((d) => {
    const [x, y] = d.dyad.split("-");
    for (const n of [x, y]) nodes.set(n, (nodes.get(n) || 0) + d.events);
    return { source: x, target: y, value: d.events, lineStyle: { width: 1 + Math.sqrt(d.events), color: colour(d.goldstein_mean) },
             tooltip: { formatter: `${countryName(x)} – ${countryName(y)}: ${d.events} ${t("events")}, Goldstein ${d.goldstein_mean}` } };
  });
  chart("network-chart").setOption({
    tooltip: {},
    series: [{ type: "graph", layout: "force", roam: true, draggable: true, force: { repulsion: 220, edgeLength: 90 },
      label: { show: true }, data: [...nodes].map(([n, v]) => ({ name: n, value: v, symbolSize: 12 + Math.sqrt(v) * 2,
        tooltip: { formatter: countryName(n) } })), links }],
  });
}

// ---- map ----

let mapReady = null;
async function loadMap() {
  const topo = await (await fetch("node_modules/world-atlas/countries-110m.json")).json();
  const geo = topojson.feature(topo, topo.objects.countries);
  const byNumeric = {};
  for (const [a3, c] of Object.entries(state.countries)) if (c.numeric) byNumeric[c.numeric] = a3;
  for (const f of geo.features) {
    f.properties.name = byNumeric[String(f.id).padStart(3, "0")] || f.properties.name;
    // Russia and Fiji cross 180 degrees: move their far-east points past 180 so no ring spans the globe
    const fix = (ring) => {
      if (ring.some((p) => p[0] > 170) && ring.some((p) => p[0] < -170)) for (const p of ring) if (p[0] < 0) p[0] += 360;
    };
    const g = f.geometry;
    if (g && g.type === "Polygon") g.coordinates.forEach(fix);
    if (g && g.type === "MultiPolygon") g.coordinates.forEach((poly) => poly.forEach(fix));
  }
  echarts.registerMap("world", geo);
}

async function showMap() {
  mapReady = mapReady || loadMap();
  await mapReady;
  const actor = $("map-actor").value.trim().toUpperCase();
  const range = { from: $("from").value, to: $("to").value };
  const [data, out, inn] = await Promise.all([api(`actors/${actor}`, { ...range, limit: 200 }),
    api("places", { ...range, source: actor, limit: 100 }), api("places", { ...range, target: actor, limit: 100 })]);
  // what happened where: the cities of the actor's events, both directions together
  const places = {};
  for (const p of out.places.concat(inn.places)) {
    const q = places[p.feature_id] || (places[p.feature_id] = { ...p, events: 0, sum: 0 });
    q.events += p.events;
    q.sum += p.goldstein_mean * p.events;
  }
  const points = Object.values(places).map((p) => ({ name: p.name, value: [p.long, p.lat, p.events], full_name: p.full_name,
    events: p.events, goldstein: Math.round((p.sum / p.events) * 100) / 100, top: p.top_sentence }));
  chart("map-chart").setOption({
    tooltip: { formatter: (p) => p.seriesType === "scatter"
      ? `${esc(p.data.full_name)}: ${p.data.events} ${t("events")}, Goldstein ${p.data.goldstein}<br>${esc((p.data.top || "").slice(0, 120))}`
      : `${countryName(p.name)}${isNaN(p.value) ? "" : ": Goldstein " + p.value}` },
    visualMap: { seriesIndex: 0, min: -10, max: 10, left: 10, bottom: 10, calculable: true, inRange: { color: ["#d73027", "#fee08b", "#1a9850"] } },
    geo: { map: "world", roam: true, emphasis: { label: { show: false } } },
    series: [{ type: "map", geoIndex: 0,
      data: data.partners.filter((p) => p.partner.length === 3).map((p) => ({ name: p.partner, value: p.goldstein_mean }))
        .concat([{ name: actor.slice(0, 3), value: NaN, itemStyle: { areaColor: "#4c6ef5" } }]) },
      { type: "scatter", coordinateSystem: "geo", name: t("places"), data: points,
        symbolSize: (v) => 5 + Math.sqrt(v[2]) * 3, itemStyle: { color: "#1d2433", borderColor: "#fff", borderWidth: 1, opacity: 0.85 } }],
  });
  $("map-note").textContent = t("mapPlaces");
}

// ---- search ----

async function search() {
  const data = await api("events", { source: $("s-source").value.trim().toUpperCase(), target: $("s-target").value.trim().toUpperCase(),
    root: $("s-root").value, from: $("s-from").value, to: $("s-to").value, limit: 20, offset: state.page * 20, lang: state.lang });
  $("search-results").innerHTML = `<table><thead><tr><th>Data</th><th>${t("source")}</th><th>${t("target")}</th><th>${t("code")}</th><th>Goldstein</th><th>${t("sentence")}</th></tr></thead><tbody>` +
    data.events.map((e) => `<tr><td>${esc(e.date)}</td><td>${esc(countryName(e.source))}</td><td>${esc(countryName(e.target))}</td>
      <td title="${esc(e.code_name || "")}">${esc(e.code)} ${esc(e.code_name || "")}</td><td>${e.goldstein}</td><td>${esc(e.evidence)}</td></tr>`).join("") +
    "</tbody></table>" + (data.events.length ? "" : `<p>${t("noEvents")}</p>`);
}

// ---- start ----

async function refreshAll() {
  const tasks = [showDyad(), showTrending(), showNetwork(), showMap(), search()];
  const results = await Promise.allSettled(tasks);
  for (const r of results) if (r.status === "rejected") console.error(r.reason);
}

async function start() {
  applyLang();
  state.countries = await (await fetch("countries.json")).json();
  const stats = await api("dict").catch(() => null);
  if (stats) $("stats").textContent = t("stats")(stats);
  const top = await api("top", { limit: 30 }).catch(() => ({ dyads: [] }));
  const actors = new Set(top.dyads.flatMap((d) => d.dyad.split("-")));
  $("actors").innerHTML = [...actors].map((a) => `<option value="${esc(a)}">${esc(countryName(a))}</option>`).join("");
  $("dyad-form").addEventListener("submit", (e) => { e.preventDefault(); showDyad().catch(showError); });
  $("map-form").addEventListener("submit", (e) => { e.preventDefault(); showMap().catch(showError); });
  $("search-form").addEventListener("submit", (e) => { e.preventDefault(); state.page = 0; search().catch(showError); });
  $("prev").addEventListener("click", () => { if (state.page > 0) { state.page--; search().catch(showError); } });
  $("next").addEventListener("click", () => { state.page++; search().catch(showError); });
  document.querySelectorAll(".lang button").forEach((b) => b.addEventListener("click", () => {
    state.lang = b.dataset.lang; localStorage.setItem("rapporti-lang", state.lang); applyLang(); refreshAll();
    if (stats) $("stats").textContent = t("stats")(stats);
  }));
  window.addEventListener("resize", () => Object.values(charts).forEach((c) => c.resize()));
  await refreshAll();
  document.body.dataset.ready = "1";
}

function showError(e) { $("evidence").innerHTML = `<p class="down">${t("error")}: ${esc(e.message)}</p>`; }

start().catch((e) => { document.body.insertAdjacentHTML("afterbegin", `<p class="down">${esc(e.message)}</p>`); });

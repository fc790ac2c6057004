// End-to-end test of the dashboard in headless Chromium (Debian's, driven by
// playwright-core): load the page, pick RUS and CHN, click a point of the chart, read
// the events and the highlighted sentences, save a screenshot. TAP on stdout.
// Usage: node tests/web/e2e.js http://127.0.0.1:PORT/ OUTPUT_DIR
const path = require("path");
const { chromium } = require(path.join(__dirname, "../../web/node_modules/playwright-core"));

const url = process.argv[2], out = process.argv[3] || "test-output";
let n = 0, failed = 0;
function ok(cond, what) { n++; if (cond) console.log(`ok ${n} - ${what}`); else { failed++; console.log(`not ok ${n} - ${what}`); } }

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1800 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  try {
    await page.goto(url, { waitUntil: "load" });
    await page.waitForSelector("body[data-ready='1']", { timeout: 20000 });
    ok(true, "the page loads and draws");
    await page.click("#lang-en");
    await page.waitForFunction(() => document.querySelector("#dyad-section h2").textContent === "Relation over time");
    ok(true, "the interface switches to English");
    const byLabel = await page.$eval('[data-i18n="by"]', (el) => el.textContent);
    ok(byLabel === "Period", `every label has its own text (the period selector says "${byLabel}")`);
    await page.fill("#actor-a", "RUS");
    await page.fill("#actor-b", "CHN");
    await page.click("#show");
    await page.waitForTimeout(500);
    const periods = await page.evaluate(() => window.rapporti.charts["dyad-chart"].getOption().xAxis[0].data);
    ok(periods.length >= 6, `the RUS-CHN chart has its months (${periods.length})`);
    // click the point of the third month, where it is drawn
    const pt = await page.evaluate(() => {
      const c = window.rapporti.charts["dyad-chart"];
      const [x, y] = c.convertToPixel({ seriesIndex: 0 }, [2, c.getOption().series[0].data[2]]);
      const r = document.getElementById("dyad-chart").getBoundingClientRect();
      return { x: r.left + x, y: r.top + y };
    });
    await page.mouse.click(pt.x, pt.y);
    await page.waitForSelector("#evidence .event", { timeout: 10000 });
    const nev = await page.$$eval("#evidence .event", (els) => els.length);
    ok(nev > 0, `clicking a point lists the period's events (${nev})`);
    await page.click("#evidence .event");
    await page.waitForSelector("#evidence .mention mark.verb", { timeout: 10000 });
    const marked = await page.$eval("#evidence .mention", (el) => [el.querySelector("mark.src")?.textContent, el.querySelector("mark.verb")?.textContent, el.querySelector("mark.tgt")?.textContent]);
    ok(marked.every((s) => s && s.length > 0), `the evidence sentence has source, verb and target marked (${marked.join(" | ")})`);
    const ctx = await page.$eval("#evidence .mention", (el) => el.querySelector(".context")?.textContent || "");
    ok(/Article tone [+-]?\d/.test(ctx), `the evidence shows the article's tone and context (${ctx.slice(0, 120)})`);
    const trending = await page.$$eval("#trending tbody tr", (rows) => rows.length);
    ok(trending > 0, `the warming/cooling list has dyads (${trending})`);
    const nodes = await page.evaluate(() => window.rapporti.charts["network-chart"].getOption().series[0].data.length);
    ok(nodes > 3, `the network has nodes (${nodes})`);
    const mapData = await page.evaluate(() => window.rapporti.charts["map-chart"].getOption().series[0].data.length);
    ok(mapData > 1, `the map colours the actor's partners (${mapData})`);
    const mapPoints = await page.evaluate(() => window.rapporti.charts["map-chart"].getOption().series[1].data.length);
    ok(mapPoints > 0, `the map shows the cities where the actor's events happened (${mapPoints})`);
    const rows = await page.$$eval("#search-results tbody tr", (r) => r.length);
    ok(rows > 0, `the event search lists events (${rows})`);
    await page.screenshot({ path: path.join(out, "dashboard.png"), fullPage: true });
    ok(true, `screenshot saved to ${path.join(out, "dashboard.png")}`);
    ok(errors.length === 0, `no errors in the page (${errors.join("; ")})`);
  } catch (e) {
    ok(false, `dashboard test stopped: ${e.message}`);
  }
  await browser.close();
  console.log(`${n - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})();

// Extract every page of a folder with Readability.js (jsdom) and print one JSON line per
// page: {"source", "text"}; the last line on stderr gives the time spent extracting.
const fs = require("fs");
const path = require("path");
const { JSDOM, VirtualConsole } = require("jsdom");
const { Readability } = require("@mozilla/readability");

const dir = process.argv[2];
const files = fs.readdirSync(dir).filter((f) => f.endsWith(".html")).sort();
const vc = new VirtualConsole(); // silence page errors
let ms = 0;
for (const f of files) {
  const html = fs.readFileSync(path.join(dir, f));
  const t0 = process.hrtime.bigint();
  let text = "";
  try {
    const dom = new JSDOM(html, { url: "https://example.org/", virtualConsole: vc });
    const art = new Readability(dom.window.document).parse();
    text = art && art.textContent ? art.textContent : "";
    dom.window.close();
  } catch (e) {
    text = "";
  }
  ms += Number(process.hrtime.bigint() - t0) / 1e6;
  process.stdout.write(JSON.stringify({ source: path.join(dir, f), text }) + "\n");
}
process.stderr.write(`readability: ${files.length} pages in ${(ms / 1000).toFixed(3)} s\n`);

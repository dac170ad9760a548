// Opens sla-engine's HTML report in headless Chromium and checks what a person would: the charts
// are drawn, the verdict table holds every verdict, filtering and searching work, a verdict opens
// to its evidence, and the page asks nothing of any network. Run by tests/html_report.rs, which
// computes the expected numbers from the JSON report of the same inputs:
//
//   node html_report.mjs --report FILE.html --verdicts N --breached N --search ID --deadline RFC3339
//                        [--screenshot FILE.png] [--timing-only]
//
// Prints one JSON line of measurements ({"load_ms":..,"first_rows_ms":..}); exits 1 with the
// reason on the first failed check.
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";
import { statSync } from "node:fs";

function args() {
  const out = {};
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i++) {
    if (!a[i].startsWith("--")) { throw new Error(`unexpected argument ${a[i]}`); }
    const key = a[i].slice(2);
    if (a[i + 1] === undefined || a[i + 1].startsWith("--")) { out[key] = true; } else { out[key] = a[++i]; }
  }
  return out;
}

function check(ok, what) {
  if (!ok) { throw new Error(`check failed: ${what}`); }
}

const opts = args();
const file = opts.report;
check(typeof file === "string", "--report FILE is given");
const url = pathToFileURL(file).href;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let failed = null;
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const seen = new Set();
  await context.route("**/*", (route) => {
    const u = route.request().url();
    seen.add(u);
    if (u === url) { route.continue(); } else { route.abort(); }
  });
  const page = await context.newPage();
  page.on("request", (r) => seen.add(r.url()));
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") { errors.push(m.text()); } });
  page.on("dialog", (d) => { errors.push(`a dialog opened: ${d.message()}`); d.dismiss(); });

  const started = Date.now();
  await page.goto(url, { waitUntil: "load", timeout: 120000 });
  const loadMs = Date.now() - started;
  await page.waitForSelector("#v-body tr", { timeout: 120000 });
  const firstRowsMs = Date.now() - started;
  const inPage = await page.evaluate(() => ({
    nav: performance.getEntriesByType("navigation")[0]?.loadEventEnd ?? null,
    rows: window.slaReport ? window.slaReport.firstRowsAt : null,
  }));
  const measured = {
    bytes: statSync(file).size, load_ms: loadMs, first_rows_ms: firstRowsMs,
    in_page_load_ms: inPage.nav, in_page_first_rows_ms: inPage.rows,
    dom_nodes: await page.evaluate(() => document.getElementsByTagName("*").length),
  };

  if (!opts["timing-only"]) {
    check(errors.length === 0, `no script error (${errors.join("; ")})`);
    // The charts: SVG elements with marks in them.
    const charts = await page.$$eval("svg.chart", (svgs) => svgs.map((s) => ({
      id: s.id, marks: s.querySelectorAll("path, rect").length,
      width: s.getBoundingClientRect().width, height: s.getBoundingClientRect().height,
      title: s.querySelector("title")?.textContent ?? "",
    })));
    check(charts.length >= 3, `at least 3 charts (found ${charts.length})`);
    for (const c of charts) {
      check(c.marks > 0 && c.width > 100 && c.height > 50 && c.title.length > 0,
        `chart ${c.id} is drawn, sized and titled (${JSON.stringify(c)})`);
    }
    check(await page.$("svg#burn-0 path.burn") !== null, "the burn-down has its line");
    check(await page.$("svg#timeline") !== null, "the timeline is drawn");

    const status = async () => page.$eval("#v-status", (s) => ({
      matching: Number(s.dataset.matching), shown: Number(s.dataset.shown), text: s.textContent,
    }));
    const total = Number(await page.$eval("#verdicts", (t) => t.dataset.total));
    const verdicts = Number(opts.verdicts);
    check(total === verdicts, `the table's data holds every verdict (${total} = ${verdicts})`);
    let st = await status();
    check(st.matching === verdicts, `unfiltered, every verdict matches (${st.matching} = ${verdicts})`);
    const rows = await page.$$eval("#v-body tr", (r) => r.length);
    check(rows === Math.min(100, verdicts) && rows === st.shown,
      `one page of rows is drawn, not every verdict (${rows} rows)`);

    // Filtering by outcome.
    const breached = Number(opts.breached);
    await page.selectOption("#f-outcome", "breached");
    st = await status();
    check(st.matching === breached, `filtering by breached leaves ${breached} (got ${st.matching})`);
    const outcomes = await page.$$eval("#v-body tr", (r) => r.map((x) => x.dataset.outcome));
    check(outcomes.length === Math.min(100, breached), `the breached rows are drawn (${outcomes.length})`);
    check(outcomes.every((o) => o === "breached"), "every row shown says breached");
    const texts = await page.$$eval("#v-body tr td:nth-child(5)", (c) => c.map((x) => x.textContent));
    check(texts.every((t) => t === "✗ breached"), "the outcome is written as text with a symbol");
    await page.selectOption("#f-outcome", "");

    // Searching an incident id, and opening its evidence.
    const id = opts.search;
    await page.fill("#f-id", id);
    await page.waitForFunction((id) => {
      const b = document.querySelectorAll("#v-body button.open");
      return b.length > 0 && Array.from(b).every((x) => x.textContent.includes(id));
    }, id, { timeout: 10000 });
    const button = page.locator("#v-body button.open").first();
    check(await button.getAttribute("aria-expanded") === "false", "the evidence starts closed");
    await button.focus();
    await page.keyboard.press("Enter");
    const opened = page.locator("#v-body button.open").first();
    check(await opened.getAttribute("aria-expanded") === "true", "Enter opens the evidence (aria-expanded)");
    const evidence = await page.$eval("#v-body tr.evidence", (e) => e.textContent);
    for (const word of ["clock:", "started", "deadline", "used", "margin", id]) {
      check(evidence.includes(word), `the evidence says ${word}`);
    }
    if (typeof opts.deadline === "string") {
      check(evidence.includes(opts.deadline), `the evidence's deadline is the report's (${opts.deadline})`);
    }
    await page.fill("#f-id", "");

    // Nothing but the page itself was asked for.
    const requests = Array.from(seen);
    const others = requests.filter((u) => u !== url);
    check(others.length === 0, `no request beyond the page (${others.join(", ")})`);
    check(requests.length >= 1, "the page itself was requested");
    measured.charts = charts.length;
    measured.requests = requests;
  }
  if (typeof opts.screenshot === "string") {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: opts.screenshot, fullPage: false });
  }
  console.log(JSON.stringify(measured));
} catch (e) {
  failed = e;
} finally {
  await browser.close();
}
if (failed) {
  console.error(String(failed && failed.stack || failed));
  process.exit(1);
}

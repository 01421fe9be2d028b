#!/usr/bin/env node
// How heavy and how fast each page is on a reader's first visit, in headless Chromium.
//
//   node benchmarks/pages.mjs [--chromium PATH] [--only PAGE,PAGE] [--out CSV]
//                             [LABEL=]SITE_DIR [[LABEL=]SITE_DIR ...]
//
// For the landing page and every chapter of each SITE_DIR (several builds are measured
// side by side, page by page, in the same run, so that they share the machine's state):
//   - the bytes of a fresh first view: everything the page fetches, in a new browser
//     profile, until the network has been quiet for half a second, without scrolling.
//     "raw" is the bytes as stored; "gzip" is what a static host sends, each text file
//     (HTML, CSS, JavaScript, JSON, SVG) gzip-compressed at level 6 and files that are
//     compressed already (fonts, images) counted as they are;
//   - the time from the start of navigation to a typeset page with the CPU slowed four
//     times (Chrome's CPU throttling, as on a mid-range phone): the later of the load
//     event and, where the page typesets its math in the browser, MathJax's first
//     typesetting. The median of RUNS visits.
// A table goes to stdout and the rows to the CSV file. This is a benchmark: it asserts
// nothing (`make check-site` checks what must hold).

import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

import { CHROMIUM_ARGS, serve } from "../tools/site/serve.mjs";

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { chromium } = require(path.join(ROOT, "node_modules", "playwright-core"));

const SLOWDOWN = 4;
const RUNS = Number(process.env.BENCH_RUNS || 3);
const QUIET_MS = 500;
const TEXT = /\.(html|js|mjs|css|json|svg|txt|xml)$/;

function parseArgs(argv) {
  const args = { chromium: "/usr/bin/chromium", only: null, out: null, sites: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--chromium") args.chromium = argv[++i];
    else if (a === "--only") args.only = argv[++i].split(",");
    else if (a === "--out") args.out = argv[++i];
    else {
      const [label, dir] = a.includes("=") ? a.split("=", 2) : [path.basename(path.resolve(a, "..")), a];
      args.sites.push({ label, dir: path.resolve(dir) });
    }
  }
  if (!args.sites.length) args.sites.push({ label: "site", dir: path.join(ROOT, "_build", "html") });
  return args;
}

function pagesOf(dir) {
  const pages = ["index.html"];
  const walk = (sub) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const rel = path.posix.join(sub, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (rel.endsWith(".html")) pages.push(rel);
    }
  };
  walk("chapters");
  // index.html only redirects: the landing page is intro.html.
  if (fs.existsSync(path.join(dir, "intro.html"))) pages[0] = "intro.html";
  return pages;
}

async function visit(browser, origin, rel) {
  const context = await browser.newContext({ serviceWorkers: "block", viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: SLOWDOWN });
  const files = new Map();
  let inFlight = 0;
  let lastActivity = Date.now();
  page.on("request", () => { inFlight++; lastActivity = Date.now(); });
  const settle = () => { inFlight--; lastActivity = Date.now(); };
  page.on("requestfailed", settle);
  page.on("requestfinished", async (request) => {
    try {
      const response = await request.response();
      const body = response ? await response.body() : Buffer.alloc(0);
      const name = new URL(request.url()).pathname;
      const gzip = TEXT.test(name) ? zlib.gzipSync(body, { level: 6 }).length : body.length;
      files.set(request.url(), { raw: body.length, gzip });
    } catch {
      // A response the page abandoned: nothing to count.
    } finally {
      settle();
    }
  });
  await page.goto(`${origin}/${rel}`, { waitUntil: "load", timeout: 60000 });
  const ready = await page.evaluate(async () => {
    let typeset = 0;
    if (window.MathJax && window.MathJax.startup && window.MathJax.startup.promise) {
      await window.MathJax.startup.promise;
      typeset = performance.now();
    }
    const nav = performance.getEntriesByType("navigation")[0];
    return Math.max(nav.loadEventEnd, typeset);
  });
  while (inFlight > 0 || Date.now() - lastActivity < QUIET_MS) await new Promise((r) => setTimeout(r, 50));
  await context.close();
  let raw = 0;
  let gzip = 0;
  for (const f of files.values()) {
    raw += f.raw;
    gzip += f.gzip;
  }
  return { raw, gzip, requests: files.size, ms: ready };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const servers = [];
  for (const site of args.sites) {
    const server = await serve(site.dir);
    servers.push(server);
    site.origin = `http://127.0.0.1:${server.address().port}`;
  }
  // Every page of any build: a page that only one build has is measured in that one.
  const pages = args.only || [...new Set(args.sites.flatMap((site) => pagesOf(site.dir)))]
    .sort((a, b) => (a === "intro.html" ? -1 : b === "intro.html" ? 1 : a.localeCompare(b)));
  const browser = await chromium.launch({
    executablePath: args.chromium,
    args: CHROMIUM_ARGS,
  });
  const rows = [];
  const kb = (n) => (n / 1024).toFixed(0).padStart(6);
  console.log(`First view of each page (KB; gzip as a static host sends it) and load + typeset with the CPU slowed ${SLOWDOWN}x (median of ${RUNS})`);
  console.log("page".padEnd(44) + args.sites.map((s) => `${s.label.padStart(9)} raw   gzip  req     ms`).join("  |"));
  for (const rel of pages) {
    const cells = [];
    for (const site of args.sites) {
      if (!fs.existsSync(path.join(site.dir, rel))) {
        cells.push(null);
        continue;
      }
      const visits = [];
      for (let k = 0; k < RUNS; k++) visits.push(await visit(browser, site.origin, rel));
      const row = { page: rel, build: site.label, raw: visits[0].raw, gzip: visits[0].gzip,
        requests: visits[0].requests, ms: Math.round(median(visits.map((v) => v.ms))) };
      rows.push(row);
      cells.push(row);
    }
    console.log(rel.padEnd(44) + cells.map((c) => c ? `${" ".repeat(9)}${kb(c.raw)} ${kb(c.gzip)} ${String(c.requests).padStart(4)} ${String(c.ms).padStart(6)}` : " ".repeat(36)).join("  |"));
  }
  await browser.close();
  for (const server of servers) server.close();
  console.log("\nSummary per build: largest first view, and slowest page at " + SLOWDOWN + "x");
  for (const site of args.sites) {
    const mine = rows.filter((r) => r.build === site.label);
    const heaviest = mine.reduce((a, b) => (b.gzip > a.gzip ? b : a));
    const slowest = mine.reduce((a, b) => (b.ms > a.ms ? b : a));
    const lightest = mine.reduce((a, b) => (b.gzip < a.gzip ? b : a));
    console.log(`  ${site.label}: first view ${kb(lightest.gzip).trim()}-${kb(heaviest.gzip).trim()} KB gzip (heaviest ${heaviest.page}, ${kb(heaviest.raw).trim()} KB raw); slowest ${slowest.page} ${slowest.ms} ms; median ${median(mine.map((r) => r.ms))} ms`);
  }
  if (args.out) {
    fs.mkdirSync(path.dirname(args.out), { recursive: true });
    fs.writeFileSync(args.out, "page,build,raw_bytes,gzip_bytes,requests,load_typeset_ms\n"
      + rows.map((r) => [r.page, r.build, r.raw, r.gzip, r.requests, r.ms].join(",")).join("\n") + "\n");
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});

#!/usr/bin/env node
// Check the built site in a real browser, the way a reader meets it.
//
//   node tools/check_site.mjs [--chromium PATH] [--search TERM] [--jobs N]
//                             [--only PAGE,PAGE] [SITE_DIR]
//
// Serves SITE_DIR (default _build/html) on 127.0.0.1 at a free port and opens every
// HTML page in Debian's chromium, driven headless by playwright-core. On each page:
//   - no console error or uncaught exception, no failed request (network error or
//     HTTP status >= 400) and no request to another host (such requests are blocked);
//   - every image loaded (naturalWidth > 0) and has alt text that describes it: not
//     missing, not empty, not a file name (what myst-nb writes when a figure's cell
//     has no alt text in its `mystnb.image.alt` metadata);
//   - every equation was typeset when the site was built: each `.math` element holds an
//     <mjx-container> whose SVG is drawn, also with JavaScript off; no MathJax error, no
//     raw $$, \( or \[ left in the text, and no math typesetter loaded by the page;
//   - no horizontal scroll at 390 px wide;
//   - a function chapter answers first: at 1400 x 900 and at 390 x 844 its card's formula
//     and derivative are typeset above the first visible code cell, and its plot ends
//     within the first screen (desktop) or the first two (phone);
//   - every chapter carries the citation meta tags (and a function chapter an og:image
//     and its BibTeX entry with a copy button);
//   - the comparison page filters as the reader types and sorts by a column;
//   - no serious or critical axe-core violation (and no contrast failure in dark mode);
//   - every internal link resolves, to a file that exists and, with a #fragment, to
//     an element with that id.
// The search page must find TERM (default "gelu" once its chapter exists, otherwise
// "sigmoid"). Each problem is printed as "FAIL <page>: <problem>"; the exit status is
// 1 if there is any, 2 if the check itself could not run. --only checks just the
// pages named (links from them are still followed to files); CHECK_SITE_TIMING=1
// prints how long each step of each page took.

import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

import { CHROMIUM_ARGS, serve } from "./site/serve.mjs";

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..");

const DESKTOP = { width: 1400, height: 900 };
const PHONE_HEIGHT = 844;
const PHONE_WIDTH = 390;
const AXE_IMPACTS = new Set(["serious", "critical"]);
function parseArgs(argv) {
  const options = { chromium: "/usr/bin/chromium", search: null, jobs: 2, site: null, only: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--chromium") options.chromium = argv[++i];
    else if (arg === "--search") options.search = argv[++i];
    else if (arg === "--only") options.only = argv[++i].split(",").filter(Boolean);
    else if (arg === "--jobs") options.jobs = Math.max(1, Number(argv[++i]) || 1);
    else if (arg === "-h" || arg === "--help") {
      console.log("usage: node tools/check_site.mjs [--chromium PATH] [--search TERM] [--jobs N] [--only PAGE,PAGE] [SITE_DIR]");
      process.exit(0);
    } else if (arg.startsWith("-")) throw new Error(`unknown option ${arg}`);
    else options.site = arg;
  }
  options.site = path.resolve(options.site || path.join(ROOT, "_build", "html"));
  return options;
}

// -- the site's files ----------------------------------------------------------------

function walk(dir, prefix = "") {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...walk(path.join(dir, entry.name), rel));
    else out.push(rel);
  }
  return out;
}

/** Pages a reader can open: HTML outside the asset folders (_static, _images, ...). */
function listPages(site) {
  return walk(site)
    .filter((rel) => rel.endsWith(".html"))
    .filter((rel) => !rel.split("/")[0].startsWith("_"))
    .sort();
}

// -- in-page checks (run inside the browser) -----------------------------------------

/** Scripts that would typeset math in the browser: the site typesets it when it is built. */
function mathScripts() {
  return Array.from(document.querySelectorAll("script[src]"))
    .map((script) => script.getAttribute("src"))
    .filter((src) => /mathjax|tex-mml|tex-chtml|tex-svg|katex/i.test(src));
}

function inspectPage() {
  const snippet = (text) => text.replace(/\s+/g, " ").trim().slice(0, 80);
  const math = Array.from(document.querySelectorAll(".math"));
  // Typeset means drawn: an <mjx-container> whose SVG has a size on the page.
  const drawn = (el) => Array.from(el.querySelectorAll("mjx-container > svg"))
    .some((svg) => { const box = svg.getBoundingClientRect(); return box.width > 0 && box.height > 0; });
  const untypeset = math.filter((el) => !drawn(el) && el.getClientRects().length > 0);
  const errors = Array.from(document.querySelectorAll('mjx-merror, [data-mml-node="merror"]')).map(
    (el) => el.getAttribute("data-mjx-error") || snippet(el.textContent),
  );
  // Raw TeX delimiters left in prose (code, scripts and typeset math excluded).
  const raw = [];
  // (Text inside a .math element is reported above, as an equation not typeset.)
  const skip = "pre, code, script, style, textarea, mjx-container, .math, .highlight, .cell_input, .linenos";
  const main = document.querySelector("main") || document.body;
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  const delimiters = /\$\$|\\\(|\\\)|\\\[|\\\]|\\begin\{/;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement && node.parentElement.closest(skip)) continue;
    if (delimiters.test(node.textContent)) raw.push(snippet(node.textContent));
  }
  const images = Array.from(document.images)
    .filter((img) => !(img.complete && img.naturalWidth > 0))
    .map((img) => img.getAttribute("src") || "(no src)");
  const fileName = /^[^\s/]+\.(png|svg|jpe?g|gif|webp|avif)$/i;
  const altText = [];
  for (const img of document.images) {
    if (img.getAttribute("aria-hidden") === "true" || img.getAttribute("role") === "presentation") continue;
    const src = img.getAttribute("src") || "(no src)";
    const alt = (img.getAttribute("alt") || "").trim();
    const file = src.split(/[?#]/)[0].split("/").pop();
    if (!alt) altText.push(`image without alt text: ${src}`);
    else if (alt === file || fileName.test(alt)) altText.push(`image whose alt text is a file name: "${alt}"`);
  }
  const links = Array.from(document.querySelectorAll("a[href], area[href]")).map((a) => ({
    raw: a.getAttribute("href"),
    url: a.href,
  }));
  const ids = Array.from(document.querySelectorAll("[id]")).map((el) => el.id);
  const names = Array.from(document.querySelectorAll("a[name]")).map((el) => el.getAttribute("name"));
  return {
    mathElements: math.length,
    containers: document.querySelectorAll("mjx-container").length,
    untypeset: untypeset.map((el) => snippet(el.textContent)),
    mathErrors: errors,
    raw,
    images,
    altText,
    links,
    ids: [...ids, ...names],
  };
}

function horizontalOverflow() {
  const root = document.documentElement;
  const width = root.clientWidth;
  if (root.scrollWidth <= width + 1) return null;
  // Name the outermost elements that stick out, to say what to fix.
  const culprits = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.right <= width + 1 || box.width === 0) continue;
    if (el.parentElement && el.parentElement.getBoundingClientRect().right > width + 1) continue;
    const style = getComputedStyle(el);
    if (style.position === "fixed" || style.visibility === "hidden") continue;
    const id = el.id ? `#${el.id}` : "";
    const cls = el.classList.length ? `.${Array.from(el.classList).slice(0, 2).join(".")}` : "";
    culprits.push(`${el.tagName.toLowerCase()}${id}${cls} (right edge ${Math.round(box.right)} px)`);
    if (culprits.length >= 3) break;
  }
  return { scrollWidth: root.scrollWidth, width, culprits };
}

/** Where a function chapter's card puts its answer (page coordinates, px). */
function answerFirst() {
  const card = document.querySelector(".tag_activation-card");
  if (!card) return null;
  const top = (el) => el.getBoundingClientRect().top + window.scrollY;
  const bottom = (el) => el.getBoundingClientRect().bottom + window.scrollY;
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const equations = Array.from(card.querySelectorAll(".math")).slice(0, 2);
  const code = Array.from(document.querySelectorAll(".cell_input")).find(visible);
  const plot = card.querySelector("img");
  return {
    equations: equations.length,
    typeset: equations.every((el) => el.querySelector("mjx-container")),
    equationsBottom: equations.length ? Math.max(...equations.map(bottom)) : null,
    codeTop: code ? top(code) : null,
    plotBottom: plot ? bottom(plot) : null,
  };
}

function checkAnswerFirst(answer, screen, screens, fail) {
  const where = `${screen.width} x ${screen.height}`;
  if (answer.equations < 2 || !answer.typeset) {
    fail(`at ${where} the card shows ${answer.equations} typeset equation(s), not the formula and derivative`);
  }
  if (answer.codeTop !== null && answer.equationsBottom > answer.codeTop) {
    fail(`at ${where} code comes before the card's formula and derivative`);
  }
  if (answer.plotBottom === null) fail(`at ${where} the card has no plot`);
  else if (answer.plotBottom > screens * screen.height) {
    fail(`at ${where} the card's plot ends at ${Math.round(answer.plotBottom)} px, below screen ${screens}`);
  }
}

function citationTags() {
  const content = (selector) => document.querySelector(selector)?.getAttribute("content") || "";
  return {
    title: content('meta[name="citation_title"]'),
    author: content('meta[name="citation_author"]'),
    date: content('meta[name="citation_publication_date"]'),
    url: content('meta[name="citation_public_url"]'),
    image: content('meta[property="og:image"]'),
    // The page's BibTeX entry, with the copy button sphinx-copybutton adds.
    bibtexCopy: Array.from(document.querySelectorAll("div.highlight")).some(
      (box) => box.textContent.includes("@misc{activations_executed") && box.querySelector("button.copybtn"),
    ),
  };
}

/** The comparison page: typing filters the rows, a heading sorts them. */
async function checkComparison(page, fail) {
  const rows = ".activations-compare tbody tr";
  const all = await page.locator(rows).count();
  await page.fill(".activations-compare input", "softmax");
  const shown = await page.evaluate((selector) => Array.from(document.querySelectorAll(selector))
    .filter((row) => !row.hidden).map((row) => row.textContent.toLowerCase()), rows);
  if (!(shown.length > 0 && shown.length < all && shown.every((text) => text.includes("softmax")))) {
    fail(`comparison: typing "softmax" leaves ${shown.length} of ${all} rows, not just those that mention it`);
  }
  await page.fill(".activations-compare input", "");
  const keys = async (label) => {
    await page.click(`.activations-compare thead button:text-is("${label}")`);
    return page.evaluate(([selector, name]) => {
      const buttons = Array.from(document.querySelectorAll(".activations-compare thead button"));
      const column = Number(buttons.find((b) => b.textContent === name).dataset.column);
      return Array.from(document.querySelectorAll(selector))
        .map((row) => row.cells[column].dataset.key).filter((k) => k !== undefined).map(Number);
    }, [rows, label]);
  };
  const up = await keys("f(0)");
  const down = await keys("f(0)");
  const ascending = (list) => list.every((k, i) => i === 0 || list[i - 1] <= k);
  if (up.length < 2 || !ascending(up)) fail("comparison: sorting by f(0) does not put the rows in order");
  if (!ascending([...down].reverse())) fail("comparison: sorting by f(0) twice does not reverse the order");
}

// The interactive charts (activations.book.interactive): each must draw, each slider must
// change its chart, and the readout at the value and point the chart's data-check names
// must show the library's f(x) and f'(x) (or a vector function's output entries) to the
// four digits it prints, both at the slider's start and after the move. A function's
// chapter with a parameters table must have a slider for each parameter. The explorer is
// checked by checkExplorer.
async function checkSliders(page, fail) {
  const boxes = page.locator(".activations-sliders");
  const count = await boxes.count();
  const driven = new Set();
  for (let i = 0; i < count; i++) {
    const box = boxes.nth(i);
    await box.scrollIntoViewIfNeeded();
    // A chart near the screen when the page opened waits for its "Draw" button.
    const button = box.locator("button.activations-sliders-load");
    if (await button.count()) await button.click();
    const drawn = await page.waitForFunction((n) => document.querySelectorAll(".activations-sliders")[n].dataset.ready === "1",
      i, { timeout: 20000 }).then(() => true, () => false);
    if (!drawn) {
      fail(`interactive chart ${i + 1} did not draw`);
      continue;
    }
    if (await box.evaluate((el) => el.classList.contains("activations-explorer"))) {
      await checkExplorer(box, i, fail);
      continue;
    }
    const checks = JSON.parse(await box.getAttribute("data-check"));
    const move = (name, value) => box.evaluate(async (el, [n, v]) => {
      const input = Array.from(el.querySelectorAll(".vega-bind")).find((b) => b.querySelector(".vega-bind-name")?.textContent.trim() === n)?.querySelector("input");
      if (!input) return false;
      input.value = String(v);
      input.dispatchEvent(new Event("input", { bubbles: true }));
      await el.view.runAsync();
      return true;
    }, [name, value]);
    const lines = () => box.evaluate((el) => Array.from(el.querySelectorAll("g.mark-line path, g.mark-rect path")).map((p) => p.getAttribute("d")).join("|"));
    const readouts = () => box.evaluate((el) => Array.from(el.querySelectorAll("g.mark-text text")).map((t) => t.textContent).filter((t) => t.includes("f(x) =")));
    const shown = async () => (await lines()) + "|" + (await readouts()).join("|");
    const close = (a, b) => Math.abs(a - b) <= 6e-4 * Math.abs(b) + 1e-12;
    // "x = -1.5:  f(x) = 0.25,  f′(x) = 1" gives [-1.5, 0.25, 1]; a vector function's
    // "f(x) = 0.6317, 0.2324, ..." gives its entries.
    const numbers = (text, vector) => {
      const plain = text.replaceAll("−", "-");
      if (vector) return plain.split("f(x) =")[1].split(",").map(Number);
      return (plain.match(/= (-?[0-9.e+-]+)/g) || []).map((m) => Number(m.slice(2)));
    };
    const agrees = (text, check, expected) => {
      if (check.values) {
        const got = numbers(text, true);
        return got.length === expected.values.length && got.every((v, j) => close(v, expected.values[j]));
      }
      const [x, f, d] = numbers(text, false);
      return close(x, check.x) && close(f, expected.f) && close(d, expected.d);
    };
    const library = (check, expected) => (check.values ? `the library ${expected.values.join(", ")}` : `the library f = ${expected.f}, f' = ${expected.d}`);
    for (const [k, check] of checks.entries()) {
      driven.add(check.param);
      if (check.x !== undefined) await move("readout at x", check.x);
      const where = check.x !== undefined ? `, x = ${check.x}` : "";
      const first = (await readouts())[k] || "";
      if (check.start && !agrees(first, check, check.start)) {
        fail(`interactive chart ${i + 1}: at the start, ${check.param} = ${check.start.value}${where}, the readout says "${first}", ${library(check, check.start)}`);
      }
      const before = await shown();
      if (!(await move(check.param, check.value))) {
        fail(`interactive chart ${i + 1}: no labelled slider for ${check.param}`);
        continue;
      }
      if ((await shown()) === before) fail(`interactive chart ${i + 1}: moving ${check.param} to ${check.value} changed neither a curve nor the readout`);
      const text = (await readouts())[k] || "";
      if (!agrees(text, check, check)) {
        fail(`interactive chart ${i + 1}: at ${check.param} = ${check.value}${where} the readout says "${text}", ${library(check, check)}`);
      }
    }
  }
  const parameters = !page.url().includes("/chapters/functions/") ? [] : await page.evaluate(() => {
    const table = Array.from(document.querySelectorAll("table")).find((t) => Array.from(t.querySelectorAll("thead th"))
      .map((th) => th.textContent.trim()).join("|").startsWith("parameter|default|"));
    return table ? Array.from(table.tBodies[0].rows).map((row) => row.cells[0].textContent.trim()) : [];
  });
  for (const name of parameters) {
    if (!driven.has(name)) fail(`the parameter ${name} has no slider that the check could drive`);
  }
  return count;
}

// The explorer (activations.book.interactive.explorer): for each entry of its data-check,
// choose the functions it names (two, the third "none"), the order (f, f' or f'') and the
// readout's x; then exactly two curves must be drawn, and each function's readout must
// show the library's value there. Switching the x range must redraw the curves.
async function checkExplorer(box, i, fail) {
  const checks = JSON.parse(await box.getAttribute("data-check"));
  const set = (name, value) => box.evaluate(async (el, [n, v]) => {
    const bind = Array.from(el.querySelectorAll(".vega-bind")).find((b) => b.querySelector(".vega-bind-name")?.textContent.trim() === n);
    if (!bind) return false;
    const select = bind.querySelector("select");
    const radios = Array.from(bind.querySelectorAll("input[type=radio]"));
    if (select) {
      const option = Array.from(select.options).find((o) => o.value === String(v));
      if (!option) return false;
      select.value = option.value;
      select.dispatchEvent(new Event("change", { bubbles: true }));
    } else if (radios.length) {
      const radio = radios.find((r) => r.value === String(v));
      if (!radio) return false;
      radio.checked = true;
      radio.dispatchEvent(new Event("change", { bubbles: true }));
    } else {
      const input = bind.querySelector("input");
      input.value = String(v);
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
    await el.view.runAsync();
    return true;
  }, [name, value]);
  const curves = () => box.evaluate((el) => {
    const paths = Array.from(el.querySelectorAll("g.mark-line path")).filter((p) => (p.getAttribute("d") || "").length > 0);
    return { colours: new Set(paths.map((p) => p.getAttribute("stroke"))).size, d: paths.map((p) => p.getAttribute("d")).join("|") };
  });
  const readouts = () => box.evaluate((el) => Array.from(el.querySelectorAll("g.mark-text.role-mark text")).map((t) => t.textContent));
  const close = (a, b) => Math.abs(a - b) <= 6e-4 * Math.abs(b) + 1e-12;
  for (const check of checks) {
    const settings = [...check.functions.map((f, n) => [`function ${n + 1}`, f]), ["show", check.order], ["readout at x", check.x]];
    let ok = true;
    for (const [name, value] of settings) {
      if (!(await set(name, value))) {
        fail(`explorer (chart ${i + 1}): no labelled control "${name}" offering ${value}`);
        ok = false;
      }
    }
    if (!ok) continue;
    const shown = check.functions.filter((f) => f !== "none");
    const drawn = await curves();
    if (drawn.colours !== shown.length) fail(`explorer: with ${shown.join(" and ")} chosen, ${drawn.colours} curve(s) are drawn`);
    const texts = await readouts();
    for (const [n, name] of shown.entries()) {
      const text = texts.find((t) => t.startsWith(name + ":")) || "";
      const got = Number((text.replaceAll("−", "-").match(/= (-?[0-9.e+-]+)$/) || [])[1]);
      if (!close(got, check.values[n])) {
        fail(`explorer: ${name}'s readout for ${check.order} at x = ${check.x} says "${text}", the library ${check.values[n]}`);
      }
    }
  }
  const before = (await curves()).d;
  await set("x range", 10);
  if ((await curves()).d === before) fail("explorer: choosing the x range -10 to 10 did not redraw the curves");
  await set("x range", 5);
}

// -- driving the browser -------------------------------------------------------------

function pageIdsFromFile(file) {
  const html = fs.readFileSync(file, "utf8");
  const ids = new Set();
  for (const match of html.matchAll(/\s(?:id|name)\s*=\s*["']([^"']+)["']/g)) ids.add(match[1]);
  return ids;
}

function refreshTarget(file) {
  const html = fs.readFileSync(file, "utf8");
  const match = html.match(/<meta[^>]+http-equiv=["']?refresh["']?[^>]*content=["'][^"']*url=([^"'>\s]+)/i);
  return match ? match[1] : null;
}

/** A fresh browser profile (a reader's first visit) that blocks other hosts. */
async function newContext(browser, base, problems) {
  const context = await browser.newContext({ serviceWorkers: "block", viewport: DESKTOP });
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (["http:", "https:", "ws:", "wss:"].includes(url.protocol) && url.host !== base.host) {
      const from = route.request().frame()?.url()?.replace(base.origin + "/", "") || "?";
      problems.push({ page: from, problem: `request to another host: ${url.href}` });
      return route.abort("blockedbyclient");
    }
    return route.continue();
  });
  return context;
}

/** What a reader with JavaScript off sees of the page's math. */
async function withoutScripts(browser, base, rel) {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: DESKTOP });
  try {
    const page = await context.newPage();
    await page.goto(new URL(rel, base).href, { waitUntil: "load", timeout: 30000 });
    return await page.evaluate(inspectPage);
  } finally {
    await context.close();
  }
}

async function checkPage(browser, base, rel, problems, axeSource) {
  const context = await newContext(browser, base, problems);
  try {
    return await inspect(context, base, rel, problems, axeSource);
  } finally {
    await context.close();
  }
}

async function inspect(context, base, rel, problems, axeSource) {
  const page = await context.newPage();
  const t0 = Date.now();
  const lap = (what) => process.env.CHECK_SITE_TIMING && console.log(`  ${rel}: ${what} at ${Date.now() - t0} ms`);
  const fail = (problem) => problems.push({ page: rel, problem });
  page.on("console", (message) => {
    if (message.type() === "error") fail(`console error: ${message.text().slice(0, 200)}`);
  });
  page.on("pageerror", (error) => fail(`uncaught exception: ${String(error.message || error).slice(0, 200)}`));
  page.on("requestfailed", (request) => {
    const host = new URL(request.url()).host;
    if (host !== base.host) return; // reported by the route handler as off-site
    fail(`failed request: ${request.url().replace(base.origin, "")} (${request.failure()?.errorText})`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) fail(`HTTP ${response.status()} for ${response.url().replace(base.origin, "")}`);
  });

  const response = await page.goto(new URL(rel, base).href, { waitUntil: "load", timeout: 30000 });
  if (!response) fail("no response");
  for (const src of await page.evaluate(mathScripts)) {
    fail(`loads a math typesetter in the browser (${src}): math is typeset when the site is built`);
  }
  await page.evaluate(async () => {
    for (const img of document.images) {
      if (img.loading === "lazy") img.loading = "eager";
    }
    await Promise.all(Array.from(document.images).map((img) => img.decode().catch(() => {})));
    await document.fonts.ready;
  });

  lap("loaded");
  if (rel.startsWith("chapters/")) {
    const tags = await page.evaluate(citationTags);
    for (const key of ["title", "author", "date", "url"]) {
      if (!tags[key]) fail(`no citation_${key === "date" ? "publication_date" : key === "url" ? "public_url" : key} meta tag`);
    }
    if (rel.startsWith("chapters/functions/") && !tags.image) fail("no og:image meta tag (the card's plot)");
    if (rel.startsWith("chapters/functions/") && !tags.bibtexCopy) fail("no BibTeX entry with a copy button");
  }
  const isFunction = rel.startsWith("chapters/functions/");
  if (isFunction) {
    const answer = await page.evaluate(answerFirst);
    if (!answer) fail("no at-a-glance card");
    else checkAnswerFirst(answer, DESKTOP, 1, fail);
  }
  if (rel === "chapters/reference/compare.html") await checkComparison(page, fail);
  const charts = await checkSliders(page, fail);
  const found = await page.evaluate(inspectPage);
  for (const src of found.images) fail(`image did not load: ${src}`);
  for (const problem of found.altText) fail(problem);
  if (found.untypeset.length) {
    fail(`${found.untypeset.length} equation(s) not typeset, first: "${found.untypeset[0]}"`);
  }
  for (const message of found.mathErrors) fail(`MathJax error in an equation: ${message}`);
  if (found.raw.length) fail(`raw TeX left in the text: "${found.raw[0]}"`);
  if ((found.mathElements > 0 || found.raw.length > 0) && found.containers === 0) {
    fail("the page has math but no <mjx-container>: nothing was typeset");
  }
  // The same page with JavaScript off: every equation must already be drawn.
  const plain = await withoutScripts(context.browser(), base, rel);
  if (plain.untypeset.length) {
    fail(`${plain.untypeset.length} equation(s) need JavaScript to show, first: "${plain.untypeset[0]}"`);
  }
  if (plain.raw.length) fail(`raw TeX shown with JavaScript off: "${plain.raw[0]}"`);

  lap("inspected");
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
      count: v.nodes.length,
    }));
  });
  for (const v of violations.filter((v) => AXE_IMPACTS.has(v.impact))) {
    fail(`axe ${v.impact} ${v.id}: ${v.help} (${v.count} element(s), e.g. ${v.nodes.join(", ")})`);
  }

  // Dark mode (the theme follows the system setting): text must keep its contrast.
  lap("axe");
  // No transitions: axe must see the final colours, not a fade between modes.
  await page.addStyleTag({ content: "*, *::before, *::after { transition: none !important; animation: none !important; }" });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.waitForFunction(() => document.documentElement.dataset.theme === "dark", null, { timeout: 5000 })
    .catch(() => fail("does not switch to dark mode when the system prefers it"));
  const dark = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: "rule", values: ["color-contrast"] },
      resultTypes: ["violations"],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
      count: v.nodes.length,
    }));
  });
  for (const v of dark.filter((v) => AXE_IMPACTS.has(v.impact))) {
    fail(`axe ${v.impact} ${v.id} in dark mode: ${v.help} (${v.count} element(s), e.g. ${v.nodes.join(", ")})`);
  }
  await page.emulateMedia({ colorScheme: "light" });
  lap("dark");

  await page.setViewportSize({ width: PHONE_WIDTH, height: PHONE_HEIGHT });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  if (isFunction) {
    const answer = await page.evaluate(answerFirst);
    if (answer) checkAnswerFirst(answer, { width: PHONE_WIDTH, height: PHONE_HEIGHT }, 2, fail);
  }
  const overflow = await page.evaluate(horizontalOverflow);
  if (overflow) {
    fail(
      `scrolls sideways at ${PHONE_WIDTH} px: content is ${overflow.scrollWidth} px wide` +
        (overflow.culprits.length ? `; widest: ${overflow.culprits.join(", ")}` : ""),
    );
  }
  lap("phone");
  await page.close();
  return { links: found.links, ids: new Set(found.ids), math: found.containers, charts };
}

async function checkSearch(browser, base, term, problems) {
  const context = await newContext(browser, base, problems);
  try {
    return await search(context, base, term, problems);
  } finally {
    await context.close();
  }
}

// The names a reader copies from a model config or a framework: each must bring up its
// own chapter as the first result (the card makes each name an index entry).
const NAME_SEARCHES = [
  ["gelu_new", "gelu_tanh"],
  ["relu2", "relu_squared"],
  ["quick_gelu", "quick_gelu"],
  ["xielu", "xielu"],
  ["swiglu", "swiglu"],
];

async function checkNameSearches(browser, base, site, problems) {
  const context = await newContext(browser, base, problems);
  let checked = 0;
  try {
    for (const [term, chapter] of NAME_SEARCHES) {
      const want = `chapters/functions/${chapter}.html`;
      if (!fs.existsSync(path.join(site, want))) continue;
      const hits = await search(context, base, term, problems, true);
      const first = hits.length ? new URL(hits[0], new URL("search.html", base)).pathname : "";
      if (!first.endsWith(want)) {
        problems.push({ page: "search.html", problem: `search for "${term}" lists ${first || "nothing"} first, not ${want}` });
      }
      checked += 1;
    }
  } finally {
    await context.close();
  }
  return checked;
}

async function search(context, base, term, problems, returnHits = false) {
  const page = await context.newPage();
  const rel = `search.html?q=${encodeURIComponent(term)}`;
  page.on("pageerror", (error) => problems.push({ page: "search.html", problem: `uncaught exception: ${error.message}` }));
  await page.goto(new URL(rel, base).href, { waitUntil: "load" });
  let hits = [];
  try {
    await page.waitForFunction(
      () => {
        const summary = document.querySelector("#search-results .search-summary, #search-results p");
        return summary && /found|did not match|no results/i.test(summary.textContent || "");
      },
      null,
      { timeout: 20000 },
    );
    hits = await page.evaluate(() =>
      Array.from(document.querySelectorAll("#search-results li a")).map((a) => a.getAttribute("href")),
    );
  } catch {
    problems.push({ page: "search.html", problem: `search for "${term}" never finished` });
    await page.close();
    return returnHits ? [] : 0;
  }
  if (hits.length === 0) problems.push({ page: "search.html", problem: `search for "${term}" found nothing` });
  await page.close();
  return returnHits ? hits : hits.length;
}

function checkLinks(site, base, results, problems) {
  const idCache = new Map();
  const idsOf = (rel) => {
    if (results.has(rel)) return results.get(rel).ids;
    if (!idCache.has(rel)) idCache.set(rel, pageIdsFromFile(path.join(site, rel)));
    return idCache.get(rel);
  };
  let count = 0;
  for (const [rel, result] of results) {
    const seen = new Set();
    for (const link of result.links) {
      if (!link.raw || seen.has(link.url)) continue;
      seen.add(link.url);
      let url;
      try {
        url = new URL(link.url);
      } catch {
        problems.push({ page: rel, problem: `malformed link "${link.raw}"` });
        continue;
      }
      if (!["http:", "https:"].includes(url.protocol) || url.host !== base.host) continue;
      count++;
      let target = decodeURIComponent(url.pathname).replace(/^\/+/, "");
      let file = path.join(site, target);
      if (target === "" || target.endsWith("/") || (fs.existsSync(file) && fs.statSync(file).isDirectory())) {
        target = path.posix.join(target, "index.html");
        file = path.join(site, target);
      }
      if (!fs.existsSync(file)) {
        problems.push({ page: rel, problem: `broken link "${link.raw}": ${target} does not exist` });
        continue;
      }
      const fragment = decodeURIComponent(url.hash.replace(/^#/, ""));
      if (fragment && target.endsWith(".html") && !idsOf(target).has(fragment)) {
        problems.push({ page: rel, problem: `broken anchor "${link.raw}": no id "${fragment}" in ${target}` });
      }
    }
  }
  return count;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const started = Date.now();
  if (!fs.existsSync(options.site)) throw new Error(`${options.site} does not exist: run \`make book\` first`);
  if (!fs.existsSync(options.chromium)) throw new Error(`no browser at ${options.chromium}`);
  const { chromium } = require("playwright-core");
  const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  const term =
    options.search ||
    (fs.existsSync(path.join(options.site, "chapters", "functions", "gelu.html")) ? "gelu" : "sigmoid");

  let pages = listPages(options.site);
  if (options.only) {
    const missing = options.only.filter((rel) => !pages.includes(rel));
    if (missing.length) throw new Error(`no such page: ${missing.join(", ")}`);
    pages = options.only;
  }
  const server = await serve(options.site);
  const base = new URL(`http://127.0.0.1:${server.address().port}/`);
  const problems = [];
  const browser = await chromium.launch({
    executablePath: options.chromium,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const results = new Map();
    const queue = [];
    for (const rel of pages) {
      const refresh = refreshTarget(path.join(options.site, rel));
      if (refresh) {
        // A redirect page (index.html): its target must exist; nothing else to see.
        results.set(rel, { links: [{ raw: refresh, url: new URL(refresh, new URL(rel, base)).href }], ids: new Set() });
      } else queue.push(rel);
    }
    const workers = Array.from({ length: Math.min(options.jobs, queue.length) }, async () => {
      while (queue.length) {
        const rel = queue.shift();
        try {
          results.set(rel, await checkPage(browser, base, rel, problems, axeSource));
        } catch (error) {
          problems.push({ page: rel, problem: `could not be checked: ${String(error.message || error).split("\n")[0]}` });
        }
      }
    });
    await Promise.all(workers);
    const hits = await checkSearch(browser, base, term, problems);
    const named = await checkNameSearches(browser, base, options.site, problems);
    const links = checkLinks(options.site, base, results, problems);
    const equations = [...results.values()].reduce((sum, r) => sum + (r.math || 0), 0);
    const charts = [...results.values()].reduce((sum, r) => sum + (r.charts || 0), 0);

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    for (const { page, problem } of problems) console.log(`FAIL ${page}: ${problem}`);
    console.log(
      `check-site: ${pages.length} pages checked in ${seconds} s (${equations} equations typeset, ` +
        `${charts} interactive charts driven, ` +
        `${links} internal links followed, search "${term}": ${hits} results, ` +
        `${named} config names found on their chapters): ` +
        (problems.length ? `${problems.length} problem(s)` : "no problems"),
    );
    process.exitCode = problems.length ? 1 : 0;
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((error) => {
  console.error(`check-site: ${error.stack || error}`);
  process.exitCode = 2;
});

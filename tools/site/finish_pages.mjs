#!/usr/bin/env node
// The last step of the site's build: make each page light and complete without
// JavaScript. Run by the site's Sphinx extension when a build finishes:
//
//   node tools/site/finish_pages.mjs SITE_DIR
//
// On every HTML page of SITE_DIR:
//   - its math is typeset to SVG (typeset_math.mjs), so no typesetter runs in the browser;
//   - the theme's Font Awesome icons are inline SVG (icons.mjs), and the 1.45 MB script
//     that drew them at run time is no longer loaded;
//   - Sphinx's search scripts and search index (90 KB compressed) are loaded by the search
//     page only: elsewhere the search box sends the reader there, and the theme's
//     search-as-you-type, which would use them, is off;
//   - assets of features the page does not use are not loaded, and images after the
//     first load when the reader scrolls near them, and the theme's scripts run once the
//     page has loaded (assets.mjs).
// Pages already finished are left alone, so an incremental build pays only for the pages
// Sphinx wrote again. Anything that cannot be finished (a TeX error, an unknown icon)
// stops the build.

import fs from "node:fs";
import path from "node:path";

import { dropUnusedAssets, lazyImages, modeBeforePaint, themeScriptsAfterLoad } from "./assets.mjs";
import { inlineIcons, readIcons } from "./icons.mjs";
import { Typesetter } from "./typeset_math.mjs";

const SKIP = new Set(["_static", "_sources", "_images", "vega", ".doctrees"]);
const FONTAWESOME_SCRIPT = /\s*<script[^>]*\bsrc="[^"]*\/fontawesome\.js[^"]*"[^>]*><\/script>/g;
const FONTAWESOME_PRELOAD = /\s*<link[^>]*\bhref="[^"]*\/fontawesome\.js[^"]*"[^>]*\/?>/g;
const SEARCH_SCRIPTS = /\s*<script[^>]*\bsrc="[^"]*(?:searchtools\.js|language_data\.js|searchindex\.js)[^"]*"[^>]*><\/script>/g;

function htmlFiles(root, sub = "") {
  const files = [];
  for (const entry of fs.readdirSync(path.join(root, sub), { withFileTypes: true })) {
    const rel = path.join(sub, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP.has(entry.name)) files.push(...htmlFiles(root, rel));
    } else if (entry.name.endsWith(".html")) files.push(rel);
  }
  return files.sort();
}

export function finishSite(root) {
  const started = Date.now();
  const script = path.join(root, "_static", "scripts", "fontawesome.js");
  const icons = readIcons(script);
  const typesetter = new Typesetter();
  const totals = { pages: 0, changed: 0, equations: 0, icons: 0 };
  for (const rel of htmlFiles(root)) {
    const file = path.join(root, rel);
    const before = fs.readFileSync(file, "utf8");
    totals.pages++;
    const math = typesetter.page(before, rel);
    const drawn = inlineIcons(math.html, icons, rel);
    let html = drawn.html.replace(FONTAWESOME_SCRIPT, "").replace(FONTAWESOME_PRELOAD, "");
    if (rel !== "search.html") html = html.replace(SEARCH_SCRIPTS, "");
    html = modeBeforePaint(themeScriptsAfterLoad(lazyImages(dropUnusedAssets(html))));
    if (html !== before) {
      fs.writeFileSync(file, html);
      totals.changed++;
      totals.equations += math.count;
      totals.icons += drawn.count;
    }
  }
  totals.seconds = (Date.now() - started) / 1000;
  return totals;
}

const invoked = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (invoked) {
  const root = process.argv[2];
  if (!root || !fs.existsSync(root)) {
    console.error("usage: node tools/site/finish_pages.mjs SITE_DIR");
    process.exit(2);
  }
  try {
    const t = finishSite(root);
    console.log(`finish_pages: ${t.changed} of ${t.pages} pages finished (${t.equations} equations typeset, ${t.icons} icons inlined) in ${t.seconds.toFixed(1)} s`);
  } catch (error) {
    console.error(`finish_pages: ${error.message}`);
    process.exit(1);
  }
}

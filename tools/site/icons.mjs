// The theme's icons as inline SVG, written into each page when the site is built, in
// place of the theme's Font Awesome script (1.45 MB, which draws every icon of Font
// Awesome at run time for the fifteen the pages show).
//
// The outlines come from that same script, the copy of Font Awesome the theme ships, so
// the icons look as before. Each <i class="fa-solid fa-NAME"> (or <span>) becomes the <svg> the
// script would have made (class "svg-inline--fa", its attributes kept), so the theme's
// styles and scripts (the colour-mode switch shows one of three by data-mode) still apply.

import fs from "node:fs";

const STYLES = { "fa-solid": "solid", fas: "solid", "fa-regular": "regular", far: "regular", "fa-brands": "brands", fab: "brands" };

/**
 * Icon style ("solid", "regular", "brands") -> name (and alias) -> [width, height, path
 * data], read from Font Awesome's script: each style is an object literal `var p={...}`
 * handed to a call `d("fas",p)`.
 */
export function readIcons(fontawesomeJs) {
  const source = fs.readFileSync(fontawesomeJs, "utf8");
  const icons = { solid: new Map(), regular: new Map(), brands: new Map() };
  const entry = /(?:"([a-z0-9-]+)"|([a-z0-9]+)):\[(\d+),(\d+),\[([^\]]*)\],"[0-9a-f]*",("(?:[^"\\]|\\.)*"|\[[^\]]*\])\]/g;
  const packs = [...source.matchAll(/var p=\{/g)].map((m) => m.index);
  for (const start of packs) {
    const call = /\bd\("(fa[srb])",p\)/g;
    call.lastIndex = start;
    const found = call.exec(source);
    if (!found) continue;
    const style = STYLES[found[1]];
    for (const m of source.slice(start, found.index).matchAll(entry)) {
      const [, quoted, bare, width, height, aliases, pathData] = m;
      const data = JSON.parse(pathData);
      const icon = [Number(width), Number(height), Array.isArray(data) ? data : [data]];
      icons[style].set(quoted ?? bare, icon);
      for (const alias of aliases.matchAll(/"([a-z0-9-]+)"/g)) icons[style].set(alias[1], icon);
    }
  }
  if (!icons.solid.size) throw new Error(`no Font Awesome icons found in ${fontawesomeJs}`);
  return icons;
}

const SIZES = new Set(["fa-xs", "fa-sm", "fa-lg", "fa-xl", "fa-2x", "fa-fw"]);
// An empty <i> or <span> whose classes name a Font Awesome style and icon.
const ICON_ELEMENT = /<(i|span)(\s[^>]*?)?\sclass="([^"]*\bfa[a-z-]*\b[^"]*)"([^>]*)><\/\1>/g;

/** Replace every Font Awesome <i> or <span> of a page by its SVG; unknown icons stop the build. */
export function inlineIcons(html, icons, name) {
  let count = 0;
  const out = html.replace(ICON_ELEMENT, (whole, tag, before = "", classes, after) => {
    const list = classes.split(/\s+/).filter(Boolean);
    if (!list.some((c) => c in STYLES)) return whole;
    const style = STYLES[list.find((c) => c in STYLES)];
    const iconName = list.filter((c) => c.startsWith("fa-") && !(c in STYLES) && !SIZES.has(c))
      .map((c) => c.slice(3)).find((c) => icons[style].has(c));
    if (!iconName) throw new Error(`${name}: no Font Awesome icon for <i class="${classes}">`);
    const [width, height, paths] = icons[style].get(iconName);
    const kept = list.filter((c) => !(c in STYLES));
    const attributes = `${before}${after}`.replace(/\saria-hidden="[^"]*"/, "");
    count++;
    return `<svg class="svg-inline--fa ${kept.join(" ")}"${attributes} aria-hidden="true" focusable="false" role="img" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}">`
      + paths.map((d) => `<path fill="currentColor" d="${d}"/>`).join("") + "</svg>";
  });
  return { html: out, count };
}


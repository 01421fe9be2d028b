// What a page loads that it does not use, and images it need not fetch before the reader
// scrolls to them.
//
// Jupyter Book adds the same assets to every page. Two of them serve features the book's
// pages do not show: sphinx-design (its style sheet and tab script: no page uses its
// cards, grids or tabs) and Thebe (live code cells behind a launch button that the book
// does not enable). Each is kept on any page whose body uses it.

/** Asset groups: what marks their use in a page's body, and the tags that load them. */
const GROUPS = [
  {
    name: "sphinx-design",
    used: /class="[^"]*\bsd-/,
    tags: [/\s*<link[^>]*sphinx-design\.min\.css[^>]*>/g, /\s*<script[^>]*design-tabs\.js[^>]*><\/script>/g],
  },
  {
    name: "thebe",
    used: /class="[^"]*\bthebe(?:-launch-button|lab)?\b/,
    tags: [
      /\s*<link[^>]*sphinx-thebe\.css[^>]*>/g,
      /\s*<script[^>]*sphinx-thebe\.js[^>]*><\/script>/g,
      /\s*<script>\s*const THEBE_JS_URL[\s\S]*?<\/script>/g,
      /\s*<script type="text\/x-thebe-config">[\s\S]*?<\/script>/g,
    ],
  },
];

function bodyOf(html) {
  const start = html.search(/<body[\s>]/);
  return start < 0 ? "" : html.slice(start);
}

/** The page without the assets of features it does not use. */
export function dropUnusedAssets(html) {
  const body = bodyOf(html);
  let out = html;
  for (const group of GROUPS) {
    if (group.used.test(body)) continue;
    for (const tag of group.tags) out = out.replace(tag, "");
  }
  return out;
}

/**
 * Images of the article after its first load when the reader scrolls near them
 * (loading="lazy"). The first is the page's answer (a function chapter's plot at the
 * top) and loads at once, as do the logo and anything else outside <main>.
 */
export function lazyImages(html) {
  const main = html.search(/<main[\s>]/);
  if (main < 0) return html;
  let seen = 0;
  const article = html.slice(main).replace(/<img\b[^>]*>/g, (tag) => {
    seen++;
    if (seen === 1 || /\sloading=/.test(tag)) return tag;
    return tag.replace(/^<img\b/, '<img loading="lazy"');
  });
  return html.slice(0, main) + article;
}

// The theme's two scripts (Bootstrap and the theme's own: the colour-mode switch, the
// search dialog, sidebars, tooltips), which the page loads with `defer`.
const THEME_SCRIPT = /\s*<script defer src="([^"]*_static\/scripts\/(?:bootstrap|pydata-sphinx-theme)\.js[^"]*)"><\/script>/g;

/**
 * The theme's scripts run once the page has loaded instead of before: the reader sees the
 * page (its text, figures and typeset math) without waiting for them, and the buttons
 * they drive answer a moment later. Both scripts start their work at once when loaded
 * after the document (they check document.readyState), and they are still fetched early
 * (the page keeps the theme's preload links), in the same order.
 */
export function themeScriptsAfterLoad(html) {
  const sources = [];
  const out = html.replace(THEME_SCRIPT, (whole, src) => {
    sources.push(src);
    return "";
  });
  if (!sources.length) return html;
  const loader = "<script>addEventListener(\"load\",function(){var s=" + JSON.stringify(sources)
    + ";(function next(){var e=s.shift();if(!e)return;var t=document.createElement(\"script\");"
    + "t.src=e;t.onload=next;document.head.appendChild(t)})()})</script>";
  return out.replace(/<\/head>/, `${loader}\n</head>`);
}

/**
 * The colour mode settled before the first paint: in "auto" mode (a first visit) the
 * theme waits for its script to follow the system setting, which now runs after the
 * page has loaded; the page's first lines pick dark or light from the same setting, so a
 * reader who prefers dark never sees the page flash light.
 */
export function modeBeforePaint(html) {
  const settle = 'if(document.documentElement.dataset.theme==="auto")'
    + 'document.documentElement.dataset.theme=matchMedia("(prefers-color-scheme: dark)").matches?"dark":"light";';
  return html.replace(/(document\.documentElement\.dataset\.theme = localStorage\.getItem\("theme"\) \|\| "auto";)(?!if)/,
    `$1${settle}`);
}

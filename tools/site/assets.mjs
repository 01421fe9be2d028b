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

// Math typeset when the site is built, so that a page shows its equations with no
// JavaScript, in print and in reader modes, and never waits for a typesetter.
//
// MathJax 3 (the npm package mathjax-full, pinned in package.json: the same engine and
// fonts the pages used to run in the browser) turns each equation's TeX into SVG, with
// a hidden MathML copy for screen readers. Glyph outlines are shared within a page: the
// first use of a glyph defines it in one hidden <svg> at the top of the body, later uses
// point to it. A TeX error stops the build with the page and the equation.

import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { mathjax } = require("mathjax-full/js/mathjax.js");
const { TeX } = require("mathjax-full/js/input/tex.js");
const { SVG } = require("mathjax-full/js/output/svg.js");
const { liteAdaptor } = require("mathjax-full/js/adaptors/liteAdaptor.js");
const { RegisterHTMLHandler } = require("mathjax-full/js/handlers/html.js");
const { AssistiveMmlHandler } = require("mathjax-full/js/a11y/assistive-mml.js");
const { AllPackages } = require("mathjax-full/js/input/tex/AllPackages.js");

// An element that Sphinx (and myst-nb, for a notebook's LaTeX output) marks as math: its
// text is the TeX, between \( \) inline or \[ \] on display, HTML-escaped.
export const MATH_ELEMENT = /<(span|div)(\s[^>]*\bclass="[^"]*\bmath\b[^"]*"[^>]*)>([\s\S]*?)<\/\1>/g;
// Left by this module on every equation it typeset.
const TYPESET = "<mjx-container";

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

export function unescapeHtml(text) {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return String.fromCodePoint(code);
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The TeX of a math element's text and whether it is displayed, or null if not math. */
export function texOf(text) {
  const tex = unescapeHtml(text).trim();
  if (tex.startsWith("\\(") && tex.endsWith("\\)")) return { tex: tex.slice(2, -2), display: false };
  if (tex.startsWith("\\[") && tex.endsWith("\\]")) return { tex: tex.slice(2, -2), display: true };
  if (tex.startsWith("$$") && tex.endsWith("$$")) return { tex: tex.slice(2, -2), display: true };
  if (/^\\begin\{([a-z*]+)\}[\s\S]*\\end\{\1\}$/.test(tex)) return { tex, display: true };
  return null;
}

export class Typesetter {
  constructor() {
    this.adaptor = liteAdaptor();
    AssistiveMmlHandler(RegisterHTMLHandler(this.adaptor));
    // Every package but the one that would draw an unknown macro in red instead of failing.
    const packages = AllPackages.filter((name) => name !== "noundefined");
    this.tex = new TeX({
      packages,
      formatError: (jax, error) => {
        throw error;
      },
    });
    this.svg = new SVG({ fontCache: "global" });
    this.document = mathjax.document("", { InputJax: this.tex, OutputJax: this.svg });
    // MathJax's own style sheet for its SVG output, without its line breaks and indents.
    this.css = this.adaptor.textContent(this.svg.styleSheet(this.document))
      .replace(/\s*\n\s*/g, "").replace(/:\s+/g, ":").replace(/;\}/g, "}");
  }

  /**
   * One equation as the HTML of an <mjx-container>. A displayed equation wider than the
   * screen scrolls sideways, so it takes the keyboard focus (as MathJax's containers did
   * in the browser) for a reader without a mouse to scroll it.
   */
  render(tex, display) {
    const node = this.document.convert(tex, { display });
    if (display) this.adaptor.setAttribute(node, "tabindex", "0");
    return this.adaptor.outerHTML(node);
  }

  /**
   * Typeset every math element of a page. Returns the new HTML and the number of
   * equations typeset; a page with nothing to typeset comes back unchanged.
   */
  page(html, name) {
    this.svg.fontCache.clearCache();
    let count = 0;
    const out = html.replace(MATH_ELEMENT, (whole, tag, attributes, text) => {
      if (text.includes(TYPESET)) return whole;
      // An equation number or a permalink sits after the TeX inside the element.
      const tail = text.match(/<span class="eqno">[\s\S]*$/);
      const body = tail ? text.slice(0, tail.index) : text;
      const math = texOf(body);
      if (!math) return whole;
      let rendered;
      try {
        rendered = this.render(math.tex, math.display);
      } catch (error) {
        throw new Error(`${name}: cannot typeset ${JSON.stringify(math.tex.slice(0, 200))}: ${error.message}`);
      }
      count++;
      return `<${tag}${attributes}>${rendered}${tail ? tail[0] : ""}</${tag}>`;
    });
    if (!count) return { html, count };
    const cache = this.adaptor.outerHTML(this.svg.fontCache.getCache());
    const glyphs = `<svg style="display: none" aria-hidden="true" focusable="false">${cache}</svg>`;
    const style = `<style id="activations-math">${this.css}</style>`;
    return {
      html: out.replace(/<\/head>/, `${style}\n</head>`).replace(/(<body[^>]*>)/, `$1\n${glyphs}`),
      count,
    };
  }
}

// Draws the book's interactive charts (activations.book.interactive): each
// `.activations-sliders` element holds a Vega-Lite specification whose data the library
// computed at build time. Vega, Vega-Lite and Vega-Embed are served with the site from this
// folder (`make vega` copies them from the pinned npm packages) and load only when the first
// chart comes near the screen, so a page without one, or a reader who never scrolls to it,
// pays nothing. They never load with a page's first view (about 290 KB compressed, more
// than the rest of a page): a chart that is already near the screen when the page opens,
// as the explorer's is, waits for the reader to press its "Draw" button.
(function () {
  "use strict";
  const root = document.documentElement.dataset.content_root || "";
  let libraries = null;

  function load(file) {
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = root + "vega/" + file;
      script.onload = resolve;
      script.onerror = () => reject(new Error("could not load " + file));
      document.head.appendChild(script);
    });
  }

  function draw(box) {
    if (box.dataset.drawn) return;
    box.dataset.drawn = "1";
    libraries = libraries || load("vega.min.js")
      .then(() => load("vega-lite.min.js"))
      .then(() => load("vega-embed.min.js"));
    libraries
      .then(() => window.vegaEmbed(box.querySelector(".activations-sliders-chart"),
        JSON.parse(box.dataset.spec), { actions: false, renderer: "svg" }))
      .then((result) => {
        box.view = result.view;
        box.dataset.ready = "1";
        if (box.dataset.focusFirst) box.querySelector(".vega-bind select, .vega-bind input")?.focus();
      })
      .catch((error) => console.error("interactive chart:", error.message));
  }

  // How near the screen (px) a chart starts to load as the reader scrolls.
  const NEAR = 300;

  function offer(box) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "activations-sliders-load btn btn-outline-primary";
    button.textContent = "Draw the interactive chart (loads Vega, about 290 KB)";
    button.addEventListener("click", () => {
      // The reader's focus moves to the chart's first control once it is drawn.
      box.dataset.focusFirst = "1";
      button.remove();
      draw(box);
    });
    box.prepend(button);
  }

  function start() {
    const boxes = Array.from(document.querySelectorAll(".activations-sliders"));
    const opening = boxes.filter((box) => box.getBoundingClientRect().top < window.innerHeight + NEAR);
    opening.forEach(offer);
    const later = boxes.filter((box) => !opening.includes(box));
    if (!("IntersectionObserver" in window)) {
      later.forEach(draw);
      return;
    }
    const near = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting) {
          near.unobserve(entry.target);
          draw(entry.target);
        }
      }
    }, { rootMargin: `${NEAR}px` });
    later.forEach((box) => near.observe(box));
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

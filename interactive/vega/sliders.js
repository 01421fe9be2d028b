// Draws the book's interactive charts (activations.book.interactive): each
// `.activations-sliders` element holds a Vega-Lite specification whose data the library
// computed at build time. Vega, Vega-Lite and Vega-Embed are served with the site from this
// folder (`make vega` copies them from the pinned npm packages) and load only when the first
// chart comes near the screen, so a page without one, or a reader who never scrolls to it,
// pays nothing.
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
      })
      .catch((error) => console.error("interactive chart:", error.message));
  }

  function start() {
    const boxes = document.querySelectorAll(".activations-sliders");
    if (!("IntersectionObserver" in window)) {
      boxes.forEach(draw);
      return;
    }
    const near = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting) {
          near.unobserve(entry.target);
          draw(entry.target);
        }
      }
    }, { rootMargin: "300px" });
    boxes.forEach((box) => near.observe(box));
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

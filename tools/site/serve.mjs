// A local static server for a built site, and the Chromium flags that work on these
// machines: shared by the site check (tools/check_site.mjs) and the page benchmark
// (benchmarks/pages.mjs), which both open the pages in headless Chromium.

import fs from "node:fs";
import http from "node:http";
import path from "node:path";

// Chromium flags known to work here (see the toolchain notes): no sandbox as root, no
// GPU, and no background traffic of the browser's own.
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-dev-shm-usage",
];
export const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".eot": "application/vnd.ms-fontobject",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
  ".ipynb": "application/x-ipynb+json",
  ".md": "text/markdown; charset=utf-8",
  ".inv": "application/octet-stream",
};

/** Serve SITE on 127.0.0.1 at a free port (files only inside it; a folder serves its
 * index.html; nothing cached). Resolves to the listening server. */
export function serve(site) {
  const server = http.createServer((request, response) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(request.url, "http://localhost").pathname);
    } catch {
      response.writeHead(400).end();
      return;
    }
    let file = path.normalize(path.join(site, rel));
    if (file !== site && !file.startsWith(site + path.sep)) {
      response.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    fs.readFile(file, (error, data) => {
      if (error) {
        response.writeHead(404, { "content-type": "text/plain" }).end("not found");
        return;
      }
      const type = MIME[path.extname(file).toLowerCase()] || "application/octet-stream";
      response.writeHead(200, { "content-type": type, "cache-control": "no-store" }).end(data);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

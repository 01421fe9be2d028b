"""Sphinx extension for the book's site (``sphinx: local_extensions`` in ``_config.yml``).

It belongs to the book's build, not to the ``activations`` package: it lives in the
book's own extension folder, ``_ext/``, and the package never imports Sphinx or docutils.

* One repository URL drives every button. ``_config.yml`` names the repository once
  (``repository.url``). When it is set, the repository, issue and edit buttons are on
  and the Binder and Colab launch buttons listed under ``launch_buttons`` are kept;
  when it is empty or missing, all of them are switched off, so the book builds the
  same way with or without a public repository (Jupyter Book itself refuses the
  buttons without a URL, and the theme's launch buttons fail on one).
* Each inline script is written once. Sphinx 7.4 records an inline script added
  after the builder starts (sphinx-thebe's, sphinx-togglebutton's) twice, once with
  filename ``None`` and once with ``""``; the second ``const THEBE_JS_URL`` then throws
  a SyntaxError on every page.
* A hidden code cell's toggle is named by its visible text ("Show code cell source"):
  myst-nb labels it ``aria-label="Toggle hidden content"``, a name that does not
  contain what a sighted user reads, so voice-control users cannot say it.
* Pages are read in parallel (``tools/build_book.py``). sphinx-external-toc always
  loads sphinx-multitoc-numbering, which only replaces the section-numbering step
  that Sphinx runs in the main process after reading, but does not declare itself
  parallel-safe, so Sphinx would fall back to reading one page at a time (and warn).
* Every page says how to cite it, in its ``<head>``: the citation meta tags that Zotero
  and Google Scholar read (``citation_title``, ``citation_author``,
  ``citation_publication_date``, ``citation_public_url``) and an OpenGraph card
  (``og:title``, ``og:description``, ``og:url``, ``og:image``: the page's first figure,
  for a function chapter the plot at its top).
* Bibliography entries are marked ``role="listitem"`` inside their ``role="list"``
  container: docutils writes the deprecated DPUB role ``doc-biblioentry``, which
  assistive technology (and axe-core) does not accept as a list item.
* A claim's verdict is the role ``{verdict}`partly true```: it renders as bold text with a
  class per verdict (``verdict verdict-partly-true``), and a word outside the fixed set
  (``activations.book.claims.VERDICTS``) fails the build, so a chapter cannot invent a
  verdict that the claims audit would not know.
* Pages are finished when the build ends (``tools/site/finish_pages.mjs``, run with Node):
  their math is typeset to SVG by MathJax at build time, so equations show with
  JavaScript off, in print and in reader modes, and no typesetter runs in the browser;
  the theme's icons become inline SVG instead of Font Awesome's 1.45 MB script; and only
  the search page loads the search index. Math is written by the ``build-time`` renderer
  (``html_math_renderer`` in ``_config.yml``): Sphinx's MathJax markup, without the
  MathJax script. A page that cannot be finished fails the build.
"""

from __future__ import annotations

import html
import posixpath
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.ext.mathjax import html_visit_displaymath, html_visit_math
from sphinx.util import logging

logger = logging.getLogger(__name__)
#: The finishing step, relative to the book's root.
FINISH_PAGES = Path("tools") / "site" / "finish_pages.mjs"

#: Launch providers that need a repository to point at.
LAUNCH_KEYS = ("binderhub_url", "jupyterhub_url", "colab_url", "deepnote_url", "thebe")
BUTTONS = ("use_repository_button", "use_issues_button", "use_edit_page_button")


def resolve_buttons(theme_options: dict[str, Any]) -> dict[str, Any]:
    """The theme options with the repository-driven buttons on or off (a new dict).

    >>> off = resolve_buttons({"repository_url": "", "launch_buttons": {"colab_url": "c"}})
    >>> off["use_edit_page_button"], off["launch_buttons"]
    (False, {})
    >>> on = resolve_buttons({"repository_url": "https://github.com/o/r",
    ...                       "launch_buttons": {"colab_url": "c"}})
    >>> on["use_issues_button"], on["launch_buttons"]
    (True, {'colab_url': 'c'})
    """
    options = dict(theme_options)
    url = str(options.get("repository_url") or "").strip()
    for button in BUTTONS:
        options[button] = bool(url)
    launch = dict(options.get("launch_buttons") or {})
    if url:
        options["repository_url"] = url
    else:
        options.pop("repository_url", None)
        for key in LAUNCH_KEYS:
            launch.pop(key, None)
    options["launch_buttons"] = launch
    return options


def verdict_role(
    name: str, rawtext: str, text: str, lineno: int, inliner: Any,
    options: dict | None = None, content: list | None = None,
) -> tuple[list, list]:
    """``{verdict}`false``` as ``<strong class="verdict verdict-false">false</strong>``."""
    from activations.book.claims import VERDICTS, normal

    word = normal(text)
    if word not in VERDICTS:
        message = inliner.reporter.error(
            f"unknown verdict {text!r}: use one of {', '.join(VERDICTS)}", line=lineno)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    node = nodes.strong(rawtext, text, classes=["verdict", "verdict-" + word.replace(" ", "-")])
    return [node], []


def _config_inited(app: Any, config: Any) -> None:
    config.html_theme_options = resolve_buttons(config.html_theme_options or {})


class _CitationRole:
    """Translator mixin: bibliography entries as list items."""

    def visit_citation(self, node: nodes.citation) -> None:
        super().visit_citation(node)  # type: ignore[misc]
        body = self.body  # type: ignore[attr-defined]
        body[-1] = body[-1].replace('role="doc-biblioentry"', 'role="listitem"')


def _unique_assets(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    for key in ("script_files", "css_files"):
        files = context.get(key)
        if not isinstance(files, list):
            continue
        seen: set[tuple[str, tuple[tuple[str, str], ...]]] = set()
        unique = []
        for asset in files:
            filename = str(getattr(asset, "filename", asset) or "")
            attributes = tuple(sorted(getattr(asset, "attributes", {}).items()))
            if (filename, attributes) not in seen:
                seen.add((filename, attributes))
                unique.append(asset)
        files[:] = unique


#: myst-nb's markup for the toggle of a hidden cell, and the same without the label.
_HIDDEN_CELL_TOGGLE = '<summary aria-label="Toggle hidden content">'


def _name_toggles_by_their_text(
    app: Any, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    body = context.get("body")
    if isinstance(body, str) and _HIDDEN_CELL_TOGGLE in body:
        context["body"] = body.replace(_HIDDEN_CELL_TOGGLE, "<summary>")


def meta_tags(
    title: str, author: str, year: str, url: str, description: str, image: str | None
) -> str:
    """The citation and OpenGraph ``<meta>`` tags of one page.

    >>> print(meta_tags("GELU", "A & B", "2026", "https://e.org/gelu.html", "x", None))
    <meta name="citation_title" content="GELU" />
    <meta name="citation_author" content="A &amp; B" />
    <meta name="citation_publication_date" content="2026" />
    <meta name="citation_public_url" content="https://e.org/gelu.html" />
    <meta property="og:type" content="article" />
    <meta property="og:title" content="GELU" />
    <meta property="og:url" content="https://e.org/gelu.html" />
    <meta property="og:description" content="x" />
    """
    tags = [
        ("name", "citation_title", title),
        ("name", "citation_author", author),
        ("name", "citation_publication_date", year),
        ("name", "citation_public_url", url),
        ("property", "og:type", "article"),
        ("property", "og:title", title),
        ("property", "og:url", url),
        ("property", "og:description", description),
    ]
    if image:
        tags.append(("property", "og:image", image))
    return "\n".join(
        f'<meta {kind}="{key}" content="{html.escape(value)}" />' for kind, key, value in tags
    )


def _first(doctree: Any, kind: type) -> Any:
    return next(iter(doctree.findall(kind)), None) if doctree is not None else None


def _citation_tags(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if doctree is None or templatename != "page.html":
        return
    config = app.config
    base = (config.html_baseurl or "").rstrip("/") + "/"
    url = f"{base}{pagename}.html"
    title = nodes.Text(context.get("title") or "").astext()
    title = html.unescape(re.sub(r"<[^>]+>", "", title))
    paragraph = _first(doctree, nodes.paragraph)
    description = " ".join(paragraph.astext().split())[:300] if paragraph is not None else title
    image = _first(doctree, nodes.image)
    picture = None
    if image is not None and "://" not in image["uri"]:
        # Images are copied to _images/ under their own file name.
        picture = f"{base}_images/{posixpath.basename(image['uri'])}"
    year = re.search(r"\d{4}", str(config.copyright or ""))
    published = year.group(0) if year else ""
    tags = meta_tags(title, str(config.author), published, url, description, picture)
    context["metatags"] = context.get("metatags", "") + "\n" + tags + "\n"


def _builder_inited(app: Any) -> None:
    if app.builder.format != "html":
        return
    base = app.registry.translators.get(app.builder.name)
    if base is None:
        base = getattr(app.builder, "default_translator_class", None)
    if base is None:
        return
    translator = type("ReaderHTMLTranslator", (_CitationRole, base), {})
    app.set_translator(app.builder.name, translator, override=True)


def _declare_numbering_parallel_safe(app: Any) -> None:
    numbering = app.extensions.get("sphinx_multitoc_numbering")
    if numbering is not None:
        numbering.parallel_read_safe = True
        numbering.parallel_write_safe = True


#: Sphinx's search summarises a hit from the text of the element its anchor names; an
#: index entry's anchor is an empty span, so the summary is null and appending it throws
#: (Sphinx 7.4). Summarise from the whole page instead. Registered before searchtools.js
#: runs its own start-up, on the search page only.
_SEARCH_SUMMARY_FALLBACK = """document.addEventListener("DOMContentLoaded", () => {
  const summarise = Search.makeSearchSummary;
  Search.makeSearchSummary = (html, keywords, anchor) =>
    summarise(html, keywords, anchor) || summarise(html, keywords, "") ||
    document.createElement("p");
});"""


def _search_summary_fallback(
    app: Any, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    if pagename != "search" or not isinstance(context.get("script_files"), list):
        return
    from sphinx.builders.html._assets import _JavaScript

    context["script_files"].append(_JavaScript("", body=_SEARCH_SUMMARY_FALLBACK))


def finishing_version(root: Path) -> str:
    """A digest of the finishing step's code. It is an HTML config value, so a change to
    the step makes Sphinx write every page again, and each is finished the new way
    (a page already finished is otherwise left as it is)."""
    import hashlib

    digest = hashlib.sha256()
    for script in sorted((root / FINISH_PAGES).parent.glob("*.mjs")):
        digest.update(script.read_bytes())
    return digest.hexdigest()[:16]


def _set_finishing_version(app: Any, config: Any) -> None:
    config.activations_finishing = finishing_version(Path(app.srcdir))


def _finish_pages(app: Any, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    node = shutil.which("node")
    if node is None:
        raise ExtensionError(
            "Node.js (`node`) is needed to typeset the site's math when it is built: "
            "install it (Debian: apt-get install nodejs), then run `make book` again")
    # Sphinx 7.4 copies html_extra_path (the charts' scripts, the cheat sheet) only when
    # some page is written again: copy it every time, so a changed script is published.
    app.builder.copy_extra_files()
    script = Path(app.srcdir) / FINISH_PAGES
    done = subprocess.run([node, str(script), str(app.outdir)], capture_output=True, text=True)
    if done.returncode != 0:
        raise ExtensionError(f"finishing the pages failed: {(done.stderr or done.stdout).strip()}")
    logger.info(done.stdout.strip())


def setup(app: Any) -> dict[str, Any]:
    _declare_numbering_parallel_safe(app)
    app.add_role("verdict", verdict_role)
    app.connect("config-inited", _config_inited)
    # Before the theme wraps the translator in its own mixin (priority 500).
    app.connect("builder-inited", _builder_inited, priority=400)
    # After every other extension has added its page assets.
    app.connect("html-page-context", _unique_assets, priority=990)
    app.connect("html-page-context", _name_toggles_by_their_text)
    app.connect("html-page-context", _citation_tags)
    app.connect("html-page-context", _search_summary_fallback)
    app.add_html_math_renderer(
        "build-time", (html_visit_math, None), (html_visit_displaymath, None))
    app.add_config_value("activations_finishing", "", "html")
    app.connect("config-inited", _set_finishing_version)
    app.connect("build-finished", _finish_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

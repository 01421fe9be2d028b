"""The reader's site: configuration that must agree with the package, the landing-page
gallery, the citation record and the repository-driven buttons."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest
import yaml

import activations
from activations import book
from activations.book import gallery, toc

ROOT = Path(__file__).resolve().parent.parent
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
# The site's Sphinx extension lives with the book (_ext/), not in the package.
_spec = importlib.util.spec_from_file_location(
    "activations_site", ROOT / "_ext" / "activations_site.py"
)
assert _spec and _spec.loader
_site = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_site)


def test_site_identity_is_read_from_config() -> None:
    site = book.site()
    assert site.url == CONFIG["html"]["baseurl"] and site.title == CONFIG["title"]
    assert site.author == CONFIG["author"] and site.year == int(CONFIG["copyright"])


def test_citation_cff_matches_the_site() -> None:
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert cff["title"] == book.site().title
    assert cff["url"] == book.site().url
    entity = {"name": "The Activation Functions, executed contributors"}
    assert cff["authors"] == [entity]
    preferred = cff["preferred-citation"]
    assert preferred["year"] == book.site().year == 2026
    assert preferred["url"] == book.site().url
    assert preferred["authors"] == [entity]
    # The BibTeX the landing page prints carries the same title.
    assert preferred["title"] in book.cite_site()


def test_repository_url_is_the_only_switch() -> None:
    assert CONFIG["repository"]["url"] == ""  # off by default: no public repository yet
    assert {"binderhub_url", "colab_url"} <= set(CONFIG["launch_buttons"])
    assert not set(_site.BUTTONS) & set(CONFIG.get("html", {})), "buttons follow repository.url"
    options = {"launch_buttons": dict(CONFIG["launch_buttons"]), "repository_url": ""}
    off = _site.resolve_buttons(options)
    assert not any(off[b] for b in _site.BUTTONS)
    assert "binderhub_url" not in off["launch_buttons"]
    assert "colab_url" not in off["launch_buttons"]
    assert "repository_url" not in off
    on = _site.resolve_buttons({**options, "repository_url": " https://github.com/o/r "})
    assert all(on[b] for b in _site.BUTTONS)
    assert on["repository_url"] == "https://github.com/o/r"
    assert on["launch_buttons"]["colab_url"] == CONFIG["launch_buttons"]["colab_url"]
    assert options["repository_url"] == ""  # the input is not modified


def test_math_is_typeset_when_the_site_is_built() -> None:
    config = CONFIG["sphinx"]["config"]
    # The extension's renderer writes the math markup and no MathJax script; the build's
    # last step (tools/site/finish_pages.mjs) typesets it.
    assert config["html_math_renderer"] == "build-time"
    assert "mathjax_path" not in config
    assert "mathjax" not in config["html_extra_path"]
    assert (ROOT / _site.FINISH_PAGES).is_file()
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    for name, version in package["devDependencies"].items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} is not pinned"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
    assert package["devDependencies"]["mathjax-full"] == "3.2.2"


def test_toc_files_reads_the_table_of_contents() -> None:
    files = toc.toc_files(ROOT / "_toc.yml")
    assert "intro" in files
    assert "chapters/functions/sigmoid" in files
    for doc in files:
        assert any((ROOT / f"{doc}{suffix}").exists() for suffix in (".ipynb", ".md")), doc


def test_gallery_has_every_function_and_links_only_listed_chapters() -> None:
    chapters = toc.toc_files(ROOT / "_toc.yml")
    shown = gallery.Gallery.from_toc(ROOT / "_toc.yml")
    assert [t.name for t in shown.tiles] == activations.names()
    for tile in shown.tiles:
        doc = f"chapters/functions/{tile.name}"
        assert (tile.href == f"{doc}.html") == (doc in chapters)
        assert tile.svg.startswith("<svg") and tile.svg.endswith("</svg>")
        assert 'role="img"' in tile.svg and "aria-label=" in tile.svg
    page = shown._repr_html_()
    links = re.findall(r'href="([^"]+)"', page)
    assert links == [t.href for t in shown.tiles if t.href]
    assert "chapters/functions/sigmoid.html" in links


def test_gallery_tiles_draw_what_the_function_computes() -> None:
    relu = gallery.tile_svg("relu")
    # a flat line on the left half, then a straight rise: three points after simplification
    curve = re.findall(r'<path d="(M[^"]+)" stroke="#', relu)[-1]
    assert len(re.findall(r"[ML]", curve)) == 3
    # the binary step jumps at 0: the pen lifts (two sub-paths), no vertical segment
    step = re.findall(r'<path d="(M[^"]+)" stroke="#', gallery.tile_svg("binary_step"))[-1]
    assert step.count("M") == 2
    softmax = gallery.tile_svg("softmax")
    assert softmax.count("<rect ") == 1 + 2 * len(gallery.EXAMPLE_VECTOR)
    assert gallery.tile_svg("sigmoid") == gallery.tile_svg("logistic")  # deterministic


def test_gallery_draws_a_vector_tile_when_sizes_differ() -> None:
    glu = gallery.tile_svg("glu")  # halves its input: output bars only
    assert glu.count("<rect ") == 1 + len(gallery.EXAMPLE_VECTOR) // 2


@pytest.mark.parametrize("name", ["logo.svg", "favicon.svg"])
def test_logo_and_favicon_are_svg_in_the_palette(name: str) -> None:
    from xml.etree import ElementTree

    text = (ROOT / "_static" / name).read_text(encoding="utf-8")
    root = ElementTree.fromstring(text)
    assert root.tag.endswith("svg")
    assert "#0072B2" in text


def test_hidden_cell_toggles_are_named_by_their_visible_text() -> None:


    before = (
        '<details class="hide above-input"><summary aria-label="Toggle hidden content">'
        '<p class="collapsed">Show code cell source</p></summary></details>'
    )
    context = {"body": before}
    _site._name_toggles_by_their_text(None, "page", "page.html", context, None)
    assert "aria-label" not in context["body"]
    assert "<summary><p" in context["body"]

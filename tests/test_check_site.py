"""The real-browser site check finds what breaks a page.

A copy of the built site gets a broken link, a broken anchor, an equation left for the
browser to typeset, a page that loads a typesetter, and two figures without real alt
text;
`tools/check_site.mjs` must report each one, naming the page. These tests belong to
`make check-site` (which sets CHECK_SITE=1 and installs the browser tooling), after
`make book`: a plain `make test` runs before any build and skips them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
CHECKER = ROOT / "tools" / "check_site.mjs"
CHROMIUM = Path("/usr/bin/chromium")
NODE = shutil.which("node")

pytestmark = [
    pytest.mark.skipif(not os.environ.get("CHECK_SITE"), reason="run by make check-site"),
    pytest.mark.skipif(not (SITE / "intro.html").exists(), reason="no built site: run make book"),
    pytest.mark.skipif(NODE is None, reason="node is not installed"),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="chromium is not installed"),
    pytest.mark.skipif(
        not (ROOT / "node_modules" / "playwright-core").exists(),
        reason="npm packages missing: run make check-site",
    ),
]

PAGES = ["intro.html", "chapters/functions/sigmoid.html"]


def check(site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(NODE),
            str(CHECKER),
            "--chromium",
            str(CHROMIUM),
            "--only",
            ",".join(PAGES),
            str(site),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site") / "html"
    shutil.copytree(SITE, site)
    intro = site / "intro.html"
    text = intro.read_text(encoding="utf-8")
    broken = (
        '<p><a href="chapters/functions/no-such-chapter.html">gone</a> '
        '<a href="chapters/functions/sigmoid.html#no-such-section">lost</a></p>'
    )
    text = text.replace("</main>", broken + "</main>", 1)
    intro.write_text(text, encoding="utf-8")
    sigmoid = site / "chapters" / "functions" / "sigmoid.html"
    text = sigmoid.read_text(encoding="utf-8")
    # The first inline equation is left as TeX for a browser to typeset, as the site's
    # pages were before math was typeset at build time: it needs JavaScript to show.
    typeset = (r'(<span class="math notranslate nohighlight">)'
               r"<mjx-container.*?</mjx-container>(</span>)")
    text, count = re.subn(typeset, r"\1\\(\\frac{1}{x}\\)\2", text, count=1, flags=re.S)
    assert count == 1
    # ... and the page loads MathJax to do it.
    script = '<script defer src="../../mathjax/tex-mml-chtml.js"></script>'
    text = text.replace("</head>", script + "</head>", 1)
    # Its figure's alt text becomes the image's file name (what myst-nb writes when a
    # cell has none), and the landing page's logo loses its alt text.
    text = with_alt(text, lambda src: src.rsplit("/", 1)[-1])
    sigmoid.write_text(text, encoding="utf-8")
    text = with_alt(intro.read_text(encoding="utf-8"), lambda src: "", where="_static/logo")
    intro.write_text(text, encoding="utf-8")
    return site


def with_alt(html: str, alt_of: Callable[[str], str], where: str = "_images/") -> str:
    """``html`` with the alt text of the first image whose src contains ``where``
    replaced by ``alt_of(its src)``."""
    tag = re.search(rf'<img\b[^>]*\bsrc="([^"]*{re.escape(where)}[^"]*)"[^>]*>', html)
    assert tag, f"no image from {where} on the page"
    old = tag.group(0)
    new = re.sub(r'\balt="[^"]*"', "", old).replace("<img", f'<img alt="{alt_of(tag.group(1))}"', 1)
    return html[: tag.start()] + new + html[tag.end() :]


def test_checker_reports_each_breakage_by_page(broken_site: Path) -> None:
    result = check(broken_site)
    out = result.stdout
    assert result.returncode == 1, out + result.stderr
    assert 'FAIL intro.html: broken link "chapters/functions/no-such-chapter.html"' in out
    assert 'FAIL intro.html: broken anchor "chapters/functions/sigmoid.html#no-such-section"' in out
    assert (
        "FAIL chapters/functions/sigmoid.html: 1 equation(s) not typeset, "
        r'first: "\(\frac{1}{x}\)"' in out
    ), out
    assert (
        "FAIL chapters/functions/sigmoid.html: 1 equation(s) need JavaScript to show, "
        r'first: "\(\frac{1}{x}\)"' in out
    ), out
    assert (
        "FAIL chapters/functions/sigmoid.html: loads a math typesetter in the browser "
        "(../../mathjax/tex-mml-chtml.js)" in out
    ), out
    assert 'FAIL chapters/functions/sigmoid.html: image whose alt text is a file name: "' in out
    assert "FAIL intro.html: image without alt text: " in out
    assert re.search(r"check-site: 2 pages checked in [\d.]+ s .*: \d+ problem\(s\)", out)


def test_checker_passes_the_built_pages() -> None:
    result = check(SITE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "check-site: 2 pages checked" in result.stdout
    assert "no problems" in result.stdout

"""The build's last step, ``tools/site/finish_pages.mjs``: math typeset to SVG, icons
drawn inline, the search index left to the search page, and a page that cannot be
finished stops the build, naming the page and the equation.

It runs on a small site written here, with Node and the pinned npm packages (installed by
``make book`` and ``make check-site``); without them the tests are skipped.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FINISH = ROOT / "tools" / "site" / "finish_pages.mjs"
NODE = shutil.which("node")

pytestmark = [
    pytest.mark.skipif(NODE is None, reason="node is not installed"),
    pytest.mark.skipif(
        not (ROOT / "node_modules" / "mathjax-full").exists(),
        reason="npm packages missing: run make book",
    ),
]

PAGE = """<html><head>
<script data-cfasync="false">
    document.documentElement.dataset.mode = localStorage.getItem("mode") || "auto";
    document.documentElement.dataset.theme = localStorage.getItem("theme") || "auto";
</script>
<script defer src="_static/scripts/bootstrap.js?digest=1"></script>
<script defer src="_static/scripts/pydata-sphinx-theme.js?digest=1"></script>
<script defer src="_static/scripts/fontawesome.js?digest=1"></script>
<script src="_static/searchtools.js"></script>
<script src="searchindex.js"></script>
<link rel="stylesheet" type="text/css" href="_static/sphinx-design.min.css?v=1" />
<script data-sd-tabs-storage-prefix="x" src="_static/design-tabs.js?v=1"></script>
<link rel="stylesheet" type="text/css" href="_static/sphinx-thebe.css?v=1" />
<script>const THEBE_JS_URL = "https://unpkg.com/thebe"; const thebe_selector = ".cell"</script>
<script async="async" src="_static/sphinx-thebe.js?v=1"></script>
</head><body>
<img src="_static/logo.svg" alt="logo"/>
<main>
<img alt="the answer" src="_images/plot.png"/>
<img alt="a later figure" src="_images/later.png"/>
<button><i class="fa-solid fa-magnifying-glass" aria-hidden="true"></i> Search</button>
<span class="fa-solid fa-bars"></span>
<i class="theme-switch fa-solid fa-sun fa-lg" data-mode="light"></i>
<p>Inline <span class="math notranslate nohighlight">\\(x^{2} &lt; \\alpha\\)</span>.</p>
<div class="math notranslate nohighlight">
\\[f(x) = \\begin{cases} 1 &amp; \\text{for}\\: x &gt; 0 \\\\
0 &amp; \\text{otherwise} \\end{cases}\\]</div>
{extra}
</main></body></html>
"""


def theme_fontawesome() -> Path:
    """The Font Awesome script the installed theme ships (the icons' source)."""
    found = sorted(ROOT.glob(".venv/lib/python*/site-packages/pydata_sphinx_theme/theme/"
                             "pydata_sphinx_theme/static/scripts/fontawesome.js"))
    if not found:
        pytest.skip("the book's venv has no pydata-sphinx-theme: run make book")
    return found[0]


def site(tmp_path: Path, extra: str = "", name: str = "page.html") -> Path:
    (tmp_path / "_static" / "scripts").mkdir(parents=True)
    shutil.copy(theme_fontawesome(), tmp_path / "_static" / "scripts" / "fontawesome.js")
    (tmp_path / name).write_text(PAGE.replace("{extra}", extra), encoding="utf-8")
    return tmp_path


def finish(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(NODE), str(FINISH), str(root)], capture_output=True,
                          text=True, timeout=120, check=False)


def test_math_becomes_svg_and_icons_inline(tmp_path: Path) -> None:
    root = site(tmp_path)
    done = finish(root)
    assert done.returncode == 0, done.stderr
    assert "1 of 1 pages finished (2 equations typeset, 3 icons inlined)" in done.stdout
    html = (root / "page.html").read_text(encoding="utf-8")
    # Both equations are SVG drawn from one set of glyphs, with MathML for screen readers.
    assert html.count('<mjx-container class="MathJax" jax="SVG"') == 2
    assert 'display="true"' in html
    # The displayed one, which may scroll sideways on a phone, takes the keyboard focus.
    assert html.count('tabindex="0"') == 1
    assert html.count("<mjx-assistive-mml") == 2
    assert html.count('<path id="MJX-TEX-I-1D465"') == 1  # the x, defined once ...
    assert html.count('xlink:href="#MJX-TEX-I-1D465"') == 3  # ... drawn three times
    assert "\\(" not in html and "\\[" not in html
    assert '<style id="activations-math">' in html
    # Icons: Font Awesome's script is gone, each icon is an SVG that keeps its attributes.
    assert "fontawesome.js" not in html
    assert "<i " not in html and 'class="fa-solid' not in html
    assert html.count('class="svg-inline--fa') == 3
    assert 'class="svg-inline--fa theme-switch fa-sun fa-lg" data-mode="light"' in html
    # The search index is the search page's alone.
    assert "searchindex.js" not in html and "searchtools.js" not in html
    # Features the page does not use load nothing.
    assert "sphinx-design" not in html and "design-tabs" not in html
    assert "thebe" not in html.lower()
    # The theme's scripts run after the page has loaded, in their order; the colour mode
    # follows the system's before the first paint.
    assert "<script defer" not in html
    assert ('["_static/scripts/bootstrap.js?digest=1",'
            '"_static/scripts/pydata-sphinx-theme.js?digest=1"]') in html
    assert 'addEventListener("load"' in html
    assert 'matchMedia("(prefers-color-scheme: dark)")' in html
    # The logo and the article's first image load at once, the later figure on approach.
    assert '<img src="_static/logo.svg"' in html
    assert '<img alt="the answer"' in html
    assert '<img loading="lazy" alt="a later figure"' in html


def test_a_page_that_uses_sphinx_design_keeps_it(tmp_path: Path) -> None:
    root = site(tmp_path, extra='<div class="sd-card">a card</div>')
    assert finish(root).returncode == 0
    html = (root / "page.html").read_text(encoding="utf-8")
    assert "sphinx-design.min.css" in html and "design-tabs.js" in html


def test_finishing_twice_changes_nothing(tmp_path: Path) -> None:
    root = site(tmp_path)
    assert finish(root).returncode == 0
    first = (root / "page.html").read_bytes()
    again = finish(root)
    assert "0 of 1 pages finished" in again.stdout
    assert (root / "page.html").read_bytes() == first


def test_the_search_page_keeps_its_index(tmp_path: Path) -> None:
    root = site(tmp_path, name="search.html")
    assert finish(root).returncode == 0
    html = (root / "search.html").read_text(encoding="utf-8")
    assert "searchindex.js" in html and "searchtools.js" in html


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('<span class="math notranslate nohighlight">\\(\\nosuchmacro{x}\\)</span>',
         'page.html: cannot typeset "\\\\nosuchmacro{x}": '
         "Undefined control sequence \\nosuchmacro"),
        ('<span class="math notranslate nohighlight">\\(\\frac{1}{x\\)</span>',
         'page.html: cannot typeset "\\\\frac{1}{x": Missing close brace'),
        ('<i class="fa-solid fa-no-such-icon"></i>',
         'page.html: no Font Awesome icon for <i class="fa-solid fa-no-such-icon">'),
    ],
)
def test_a_page_that_cannot_be_finished_stops_the_build(
    tmp_path: Path, extra: str, message: str
) -> None:
    done = finish(site(tmp_path, extra))
    assert done.returncode == 1
    assert message in done.stderr, done.stderr

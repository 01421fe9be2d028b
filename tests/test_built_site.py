"""What `make book` publishes besides the pages: the printable cheat sheet (at most four
pages, every function named) and each chapter's citation meta tags.

These read `_build/html`, so they run in `make check-site` (CHECK_SITE=1), after a build.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import pytest

import activations
from activations import book

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"

pytestmark = [
    pytest.mark.skipif(not os.environ.get("CHECK_SITE"), reason="run by make check-site"),
    pytest.mark.skipif(not (SITE / "intro.html").exists(), reason="no built site: run make book"),
]


def test_cheat_sheet_has_at_most_four_pages_and_names_every_function() -> None:
    pdf = (SITE / "activations-cheat-sheet.pdf").read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert 1 <= pages <= 4
    svgs = sorted(SITE.glob("activations-cheat-sheet-*.svg"))
    assert len(svgs) == pages, "one SVG per page of the PDF"
    text = html.unescape(" ".join(p.read_text(encoding="utf-8") for p in svgs))
    missing = [n for n in activations.names() if activations.get(n).title not in text]
    assert not missing, f"not on the cheat sheet: {missing}"


def test_landing_page_links_the_cheat_sheet() -> None:
    assert 'href="activations-cheat-sheet.pdf"' in (SITE / "intro.html").read_text()


@pytest.mark.parametrize("name", activations.names())
def test_chapter_has_citation_and_card_meta_tags(name: str) -> None:
    page = (SITE / "chapters" / "functions" / f"{name}.html").read_text(encoding="utf-8")
    for tag in ("citation_title", "citation_author", "citation_publication_date"):
        assert f'<meta name="{tag}" content="' in page, tag
    url = f'<meta name="citation_public_url" content="{book.site().url}'
    assert url + f'chapters/functions/{name}.html"' in page
    image = re.search(r'<meta property="og:image" content="([^"]+)"', page)
    assert image and image.group(1).endswith(".png")
    assert (SITE / "_images" / image.group(1).rsplit("/", 1)[-1]).exists()
    # The card's plot is also there as SVG, linked from the card.
    assert f'href="../../figures/{name}.svg"' in page
    assert (SITE / "figures" / f"{name}.svg").read_text().startswith("<?xml")

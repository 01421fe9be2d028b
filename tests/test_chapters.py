"""The book's structure: every function has a chapter, every chapter is in the table of
contents, cites its function's papers and ends with a "Cite this page" block."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

import activations
from activations.book.toc import toc_files

ROOT = Path(__file__).resolve().parent.parent
FUNCTIONS = ROOT / "chapters" / "functions"
CONCEPTS = ["properties", "nonlinearity", "vanishing-gradients", "dying-relu", "zero-centred",
            "self-normalisation", "softmax-temperature", "numerical-stability", "low-precision",
            "residual", "siren", "gating", "learnable", "initialisation", "kinks", "cost",
            "models", "choosing", "claims-audit"]


def text_of(path: Path) -> str:
    nb = json.loads(path.read_text())
    return "\n".join("".join(cell["source"]) for cell in nb["cells"])


def test_every_function_and_concept_has_a_chapter_in_the_toc() -> None:
    listed = set(toc_files(ROOT / "_toc.yml"))
    missing = [n for n in activations.names() if f"chapters/functions/{n}" not in listed]
    missing += [c for c in CONCEPTS if f"chapters/concepts/{c}" not in listed]
    assert not missing, f"chapters missing from _toc.yml: {missing}"
    for entry in listed:
        assert (ROOT / f"{entry}.ipynb").exists() or (ROOT / f"{entry}.md").exists(), entry


def test_toc_parts_follow_the_families() -> None:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    captions = [part["caption"] for part in toc["parts"]]
    for key, title in activations.FAMILIES:
        assert title in captions, title
        part = toc["parts"][captions.index(title)]
        files = [c["file"] for c in part["chapters"]]
        assert files == [f"chapters/functions/{n}" for n in activations.names(family=key)]


@pytest.mark.parametrize("name", activations.names())
def test_function_chapter_cites_its_papers_and_itself(name: str) -> None:
    path = FUNCTIONS / f"{name}.ipynb"
    if not path.exists():
        pytest.fail(f"no chapter for {name}")
    text = text_of(path)
    cited = set()
    for group in re.findall(r"\{cite[pt]?\}`([^`]+)`", text):
        cited.update(key.strip() for key in group.split(","))
    missing = set(activations.get(name).references) - cited
    assert not missing, f"{name} does not cite {missing}"
    assert f'cite_this_page("chapters/functions/{name}"' in text
    assert f"(chapter-{name})=" in text
    assert "sys.path" not in text


def test_glue_keys_and_labels_are_unique_book_wide() -> None:
    keys: dict[str, str] = {}
    labels: dict[str, str] = {}
    for path in sorted((ROOT / "chapters").rglob("*.ipynb")):
        text = text_of(path)
        for key in set(re.findall(r"glue\(\s*[\"']([^\"']+)[\"']", text)):
            assert key not in keys, f"glue key {key!r} in {path.name} and {keys[key]}"
            keys[key] = path.name
        for label in set(re.findall(r"^\(([\w-]+)\)=\s*$", text, flags=re.M)):
            assert label not in labels, f"label {label!r} in {path.name} and {labels[label]}"
            labels[label] = path.name


def test_every_cited_key_exists() -> None:
    bib = (ROOT / "references.bib").read_text()
    keys = set(re.findall(r"@\w+\{([^,]+),", bib))
    for path in sorted((ROOT / "chapters").rglob("*.ipynb")):
        for group in re.findall(r"\{cite[pt]?\}`([^`]+)`", text_of(path)):
            for key in group.split(","):
                assert key.strip() in keys, f"{path.name} cites unknown {key.strip()!r}"
    for name in activations.names():
        for key in activations.get(name).references:
            assert key in keys, f"{name} refers to unknown {key!r}"


def test_every_figure_has_alt_text() -> None:
    """myst-nb reads a figure's alt text from the cell's ``mystnb.image.alt``; anywhere else
    (a top-level ``image`` key, say) it is ignored and the page gets the file name."""
    missing = []
    for path in [*sorted(ROOT.glob("chapters/*/*.ipynb")), ROOT / "intro.ipynb"]:
        for number, cell in enumerate(json.loads(path.read_text())["cells"]):
            meta = cell["metadata"]
            draws = "plt.show()" in "".join(cell["source"]) or "figure" in meta.get("mystnb", {})
            alt = meta.get("mystnb", {}).get("image", {}).get("alt", "").strip()
            if cell["cell_type"] == "code" and draws and (len(alt.split()) < 4 or "image" in meta):
                missing.append(f"{path.relative_to(ROOT)} cell {number}")
    assert not missing, f"figures without alt text in mystnb.image.alt: {missing}"


@pytest.mark.parametrize("name", activations.names())
def test_function_chapter_opens_with_its_card(name: str) -> None:
    """Answer first: the imports are off the page, then one call draws the card, whose
    plot's alt text is the library's own description; display calls show no code."""
    from activations.book.at_a_glance import alt_text

    cells = json.loads((FUNCTIONS / f"{name}.ipynb").read_text())["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    assert "remove-cell" in code[0]["metadata"].get("tags", []), "imports are plumbing"
    card = code[1]
    assert "".join(card["source"]) == f'book.card("{name}")'
    assert {"remove-input", "activation-card"} <= set(card["metadata"]["tags"])
    assert card["metadata"]["mystnb"]["image"]["alt"] == alt_text(name)
    display = re.compile(r"^(print\()?book\.(formula|\w+_table|cite_this_page|show_source)\(")
    for cell in code[2:]:
        source = "".join(cell["source"]).strip()
        if "\n" not in source and display.match(source):
            assert "remove-input" in cell["metadata"].get("tags", []), source


def test_every_parameterised_function_has_sliders() -> None:
    """Each function with a parameter, element-wise or vector, has a slider range for every
    parameter, and its chapter shows the interactive chart (``book.sliders``) after its
    figure, its input removed."""
    from activations.book.interactive import RANGES

    for name in activations.names():
        act = activations.get(name)
        if not act.params:
            assert name not in RANGES, name
            continue
        assert name in RANGES and set(RANGES[name]) == set(act.params), name
        cells = json.loads((FUNCTIONS / f"{name}.ipynb").read_text())["cells"]
        sources = ["".join(c["source"]) for c in cells]
        calls = [i for i, source in enumerate(sources) if f'book.sliders("{name}")' in source]
        assert len(calls) == 1, name
        assert "remove-input" in cells[calls[0]]["metadata"].get("tags", []), name
        figure = next(i for i, source in enumerate(sources)
                      if source.startswith("## Figure") or "\n## Figure" in source)
        assert calls[0] > figure, name


def test_the_explorer_page_is_listed_next_to_the_comparison() -> None:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    reference = next(p for p in toc["parts"] if p["caption"] == "Reference")
    assert [c["file"] for c in reference["chapters"]] == [
        "chapters/reference/compare", "chapters/reference/explorer"]
    cells = json.loads((ROOT / "chapters/reference/explorer.ipynb").read_text())["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    assert cells[0]["cell_type"] == "markdown" and "remove-cell" in code[0]["metadata"]["tags"]
    assert "".join(code[1]["source"]).strip().endswith("book.explorer()")

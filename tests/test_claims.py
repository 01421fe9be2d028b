"""One verdict per claim: the chapters and the claim list agree (activations.book.claims)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from activations.book import claims
from activations.book.claim_list import BOOK_CLAIMS, SEED_CLAIMS, Claim

CHAPTERS = Path(__file__).resolve().parent.parent / "chapters"


@pytest.fixture(scope="module")
def judged() -> dict[str, claims.Judgement]:
    return claims.scan(CHAPTERS)


def test_the_book_agrees_with_itself(judged: dict[str, claims.Judgement]) -> None:
    # Every label in exactly one row, one verdict per paragraph from the fixed set, and
    # all the paragraphs that judge one claim give it the same verdict.
    assert claims.problems(judged) == []


def test_every_seed_is_audited(judged: dict[str, claims.Judgement]) -> None:
    rows = claims.rows(judged)
    assert len(rows) >= 130
    assert {seed for row in rows for seed in row.seeds.split()} == set(claims.SEEDS)
    # The seeds' verdicts use four words; "reported" is for the papers behind new functions.
    assert {row.verdict for row in rows} == {"true", "partly true", "false", "opinion"}
    assert all(not claim.seeds for claim in BOOK_CLAIMS)


@pytest.mark.parametrize(
    ("label", "verdict"),
    [
        ("claim-selu-ten-digits", "false"),             # exact closed forms, not ~10 digits
        ("claim-swish-parameters", "false"),            # SiLU and Swish with beta = 1 have none
        ("claim-tanh-strictly-superior", "false"),      # gates and probabilities need the sigmoid
        ("claim-dying-relu-permanent", "partly true"),  # deeper units may revive
        ("claim-leaky_relu-usual-slope", "partly true"),  # Keras and TensorFlow use 0.2
    ],
)
def test_verdicts_the_review_settled(
    judged: dict[str, claims.Judgement], label: str, verdict: str
) -> None:
    assert judged[label].verdict == verdict


def _book(tmp_path: Path, paragraphs: list[str]) -> Path:
    folder = tmp_path / "functions"
    folder.mkdir()
    cells = [{"cell_type": "markdown", "metadata": {}, "source": text} for text in paragraphs]
    (folder / "demo.ipynb").write_text(json.dumps({"cells": cells}), encoding="utf-8")
    (tmp_path / "concepts").mkdir()
    return tmp_path


def test_a_disagreement_is_named(tmp_path: Path) -> None:
    root = _book(tmp_path, [
        "(claim-demo-a)=\n**\"Fast\"** ({verdict}`true`). Measured.\n\n"
        "(claim-demo-b)=\nThe same claim is {verdict}`Partly true` here.",
        "(claim-demo-c)=\nNo verdict at all.\n\n## Next\n\nLater text says {verdict}`false`.",
        "(claim-demo-d)=\nA word outside the set: {verdict}`mostly right`.",
        "(claim-demo-e)=\nTwo verdicts, {verdict}`true` and {verdict}`false`.",
        "(claim-demo-f)=\nIn no row: {verdict}`opinion`.",
    ])
    judged = claims.scan(root)
    assert judged["claim-demo-b"].verdict == "partly true"
    assert judged["claim-demo-c"].verdicts == ()  # a heading ends the paragraph's scope
    rows = (Claim("001", "Demo is fast", ("claim-demo-a", "claim-demo-b")),
            Claim("002", "Demo is odd",
                  ("claim-demo-c", "claim-demo-d", "claim-demo-e", "claim-demo-x")))
    found = "\n".join(claims.problems(judged, rows))
    assert "'Demo is fast' gets different verdicts" in found
    assert "claim-demo-c (functions/demo) gives no {verdict} role" in found
    assert "uses 'mostly right'" in found
    assert "claim-demo-e (functions/demo) gives 2 verdicts" in found
    assert "claim-demo-f (functions/demo) is in no row" in found
    assert "claim-demo-x is listed for 'Demo is odd' but no chapter defines it" in found
    with pytest.raises(ValueError, match="the claims disagree"):
        claims.rows(judged, rows)


def test_a_label_defined_twice_is_refused(tmp_path: Path) -> None:
    twice = "(claim-demo-a)=\n{verdict}`true`"
    root = _book(tmp_path, [twice, twice])
    with pytest.raises(ValueError, match="defined twice"):
        claims.scan(root)


def test_the_site_role_knows_the_same_words() -> None:
    import sys

    sys.path.insert(0, str(CHAPTERS.parent / "_ext"))
    import activations_site

    class Reporter:
        def error(self, message: str, line: int) -> str:
            return message

    class Inliner:
        reporter = Reporter()

        def problematic(self, rawtext: str, text: str, message: str) -> str:
            return "problem"

    nodes, messages = activations_site.verdict_role("verdict", "raw", "Partly true", 1, Inliner())
    assert messages == [] and nodes[0]["classes"] == ["verdict", "verdict-partly-true"]
    nodes, messages = activations_site.verdict_role("verdict", "raw", "mostly", 1, Inliner())
    assert nodes == ["problem"] and "unknown verdict 'mostly'" in messages[0]
    assert set(claims.VERDICTS) >= {"true", "partly true", "false", "opinion"}
    assert SEED_CLAIMS

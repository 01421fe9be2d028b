"""One verdict per claim: the chapters judge, this module collects and checks.

A chapter judges a claim in one paragraph. The paragraph starts after a MyST target of its own,
``(claim-<chapter>-<slug>)=``, and carries exactly one verdict, written as the role
``{verdict}`partly true``` (the site's extension renders it in bold and checks the word).
The verdicts are a fixed set:

- **true**: the claim holds, shown by a computation or a cited result;
- **partly true**: it holds on one side, for one use or with one word changed;
- **false**: it does not hold, and the paragraph shows the counterexample;
- **opinion**: advice or a taste that no measurement settles;
- **reported**: a result its paper reports that this book cites but does not reproduce.

:data:`.claim_list.SEED_CLAIMS` says which paragraphs judge which claim of the seed notes, and
:data:`.claim_list.BOOK_CLAIMS` lists the claims the chapters judge that no seed makes. The
claims audit page is :func:`rows` of both, and :func:`problems` names every way the book
could disagree with itself: a label in no row, a row whose paragraphs give different
verdicts, a paragraph with no verdict or two, a word outside the set.

>>> "partly true" in VERDICTS
True
>>> verdicts_in("It is {verdict}`Partly true`: on the right only.")
('partly true',)
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .claim_list import BOOK_CLAIMS, SEED_CLAIMS, Claim

VERDICTS: tuple[str, ...] = ("true", "partly true", "false", "opinion", "reported")
SEEDS: tuple[str, ...] = ("000", "001", "002", "003")

LABEL = re.compile(r"^\((claim-[a-z0-9_-]+)\)=[ \t]*$", re.M)
ROLE = re.compile(r"\{verdict\}`([^`]*)`")
# A heading ends a claim's paragraph unless the label sits right above it.
HEADING = re.compile(r"^#{1,6} ", re.M)
BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)


def normal(word: str) -> str:
    """A verdict as the set spells it: lower case, single spaces ("Partly  true")."""
    return " ".join(word.lower().split())


def verdicts_in(text: str) -> tuple[str, ...]:
    """Every verdict role in ``text``, normalised, in order."""
    return tuple(normal(word) for word in ROLE.findall(text))


@dataclass(frozen=True)
class Judgement:
    """One labelled paragraph: where it is and what it says."""

    label: str
    folder: str
    chapter: str
    verdicts: tuple[str, ...]
    heading: str

    @property
    def verdict(self) -> str | None:
        """The paragraph's verdict, or None when it gives none or more than one."""
        return self.verdicts[0] if len(self.verdicts) == 1 else None

    @property
    def anchor(self) -> str:
        """The HTML id Sphinx gives the target (it turns ``_`` into ``-``)."""
        return re.sub(r"[-_]+", "-", self.label)


def _scope(text: str, start: int, end: int) -> str:
    """The paragraph a label introduces: up to the next label or the next heading."""
    body = text[start:end]
    lead = len(body) - len(body.lstrip())
    starts_with_heading = body.lstrip().startswith("#")
    stop = HEADING.search(body, lead + 1) if starts_with_heading else HEADING.search(body)
    return body[: stop.start()] if stop else body


def _heading(scope: str) -> str:
    bold = BOLD.search(scope)
    text = bold.group(1) if bold else scope.strip().splitlines()[0].lstrip("# ")
    return " ".join(text.split())


def scan(chapters: Path) -> dict[str, Judgement]:
    """Every claim label in the notebooks under ``chapters/functions`` and ``chapters/concepts``."""
    found: dict[str, Judgement] = {}
    for folder in ("functions", "concepts"):
        for path in sorted((chapters / folder).glob("*.ipynb")):
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            for cell in cells:
                if cell["cell_type"] != "markdown":
                    continue
                text = "".join(cell["source"])
                matches = list(LABEL.finditer(text))
                for i, match in enumerate(matches):
                    label = match.group(1)
                    if label in found:
                        raise ValueError(f"claim label {label} is defined twice")
                    end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
                    scope = _scope(text, match.end(), end)
                    found[label] = Judgement(
                        label, folder, path.stem, verdicts_in(scope), _heading(scope))
    return found


@dataclass(frozen=True)
class Row:
    """A claim with the verdict its paragraphs agree on and the paragraphs themselves."""

    seeds: str
    text: str
    verdict: str
    judgements: tuple[Judgement, ...]


def _verdict_of(claim: Claim, judged: dict[str, Judgement]) -> str | None:
    words = {judged[label].verdict for label in claim.labels if label in judged}
    return words.pop() if len(words) == 1 else None


def problems(
    judged: dict[str, Judgement], claims: Iterable[Claim] = SEED_CLAIMS + BOOK_CLAIMS
) -> list[str]:
    """Every disagreement between the chapters and the claim list, one line each."""
    claims = tuple(claims)
    found: list[str] = []
    listed: dict[str, str] = {}
    for claim in claims:
        if not claim.labels:
            found.append(f"claim {claim.text!r} has no judging paragraph")
        if any(seed not in SEEDS for seed in claim.seeds.split()):
            found.append(f"claim {claim.text!r} names an unknown seed: {claim.seeds!r}")
        for label in claim.labels:
            if label in listed:
                found.append(f"{label} is in two rows: {listed[label]!r} and {claim.text!r}")
            listed[label] = claim.text
            if label not in judged:
                found.append(f"{label} is listed for {claim.text!r} but no chapter defines it")
        words = {label: judged[label].verdict for label in claim.labels if label in judged}
        if len(set(words.values())) > 1:
            said = ", ".join(f"{label}: {word}" for label, word in words.items())
            found.append(f"claim {claim.text!r} gets different verdicts ({said})")
    texts = [claim.text for claim in claims]
    twice = sorted(text for text in set(texts) if texts.count(text) > 1)
    found += [f"claim {text!r} is listed twice" for text in twice]
    for label, judgement in sorted(judged.items()):
        where = f"{label} ({judgement.folder}/{judgement.chapter})"
        if label not in listed:
            found.append(f"{where} is in no row of the claim list")
        if not judgement.verdicts:
            found.append(f"{where} gives no {{verdict}} role")
        elif len(judgement.verdicts) > 1:
            found.append(f"{where} gives {len(judgement.verdicts)} verdicts: {judgement.verdicts}")
        found += [f"{where} uses {word!r}, not one of {VERDICTS}"
                  for word in judgement.verdicts if word not in VERDICTS]
    return found


def rows(judged: dict[str, Judgement], claims: Iterable[Claim] = SEED_CLAIMS) -> list[Row]:
    """The audit table: each claim with its one verdict (raises when the book disagrees)."""
    claims = tuple(claims)
    trouble = problems(judged)
    if trouble:
        raise ValueError("the claims disagree:\n  " + "\n  ".join(trouble))
    return [Row(claim.seeds, claim.text, _verdict_of(claim, judged) or "",
                tuple(judged[label] for label in claim.labels)) for claim in claims]

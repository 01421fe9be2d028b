"""The BibTeX entries behind each function's ``references``.

The book keeps every reference in ``references.bib`` at the repository root, which is
not inside the package. In a development (editable) install that file sits at the root
of the repository the package is installed from (:data:`.site.ROOT`), and
:func:`find_bib` finds it there; ``ACTIVATIONS_BIB`` names another file. In an installed
wheel there is no such file: :func:`entries` then gives ``None`` for each key and callers
show the keys alone.

>>> text = "% comment\\n@article{k1, title = {A {B} c}}\\n@misc{k2,\\n  note = {x}}"
>>> sorted(parse(text))
['k1', 'k2']
>>> parse(text)["k1"]
'@article{k1, title = {A {B} c}}'
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from .site import ROOT

_ENTRY = re.compile(r"@(\w+)\s*\{\s*([^,\s{}]+)\s*,")
_NOT_ENTRIES = {"comment", "string", "preamble"}


def find_bib() -> Path | None:
    """``references.bib``: from ``ACTIVATIONS_BIB``, else next to the source tree."""
    override = os.environ.get("ACTIVATIONS_BIB")
    if override:
        path = Path(override)
        return path if path.is_file() else None
    path = ROOT / "references.bib"
    return path if path.is_file() else None


def parse(text: str) -> dict[str, str]:
    """Every entry of a BibTeX file, by key, as its source text (braces balanced)."""
    found: dict[str, str] = {}
    position = 0
    while match := _ENTRY.search(text, position):
        depth, end = 0, match.end()
        opening = text.index("{", match.start())
        for end in range(opening, len(text)):
            if text[end] == "{":
                depth += 1
            elif text[end] == "}":
                depth -= 1
                if depth == 0:
                    break
        if match.group(1).lower() not in _NOT_ENTRIES:
            found[match.group(2)] = text[match.start() : end + 1]
        position = end + 1
    return found


@cache
def _load(path: str) -> dict[str, str]:
    return parse(Path(path).read_text(encoding="utf-8"))


def entries(keys: Iterable[str], path: Path | None = None) -> dict[str, str | None]:
    """The BibTeX source of each key (``None`` where no file or no such entry)."""
    path = path or find_bib()
    known = _load(str(path)) if path else {}
    return {key: known.get(key) for key in keys}

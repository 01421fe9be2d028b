"""The book's table of contents, as the pages that list chapters read it."""

from __future__ import annotations

import re
from pathlib import Path


def toc_files(toc: str | Path) -> list[str]:
    """Every ``file:`` (and the ``root:``) of a Jupyter Book ``_toc.yml``, without
    suffix, in book order.

    A plain line scan rather than a YAML parser, so the package needs no YAML library;
    ``_toc.yml`` lists one ``file:`` (or ``root:``) per line.
    """
    entries: list[str] = []
    for line in Path(toc).read_text(encoding="utf-8").splitlines():
        match = re.match(r"\s*(?:-\s*)?(?:file|root)\s*:\s*['\"]?([^'\"#\s]+)", line)
        if match:
            entry = re.sub(r"\.(ipynb|md)$", "", match.group(1))
            if entry not in entries:
                entries.append(entry)
    return entries

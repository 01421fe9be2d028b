"""The site's identity, read from the book's own ``_config.yml``: its title, authors,
year and address. The page helpers (a page's address, "Cite this page") take them from
here, so the configuration and the pages cannot disagree.

The book wing works inside the repository (``pip install -e .[book]``, as
``requirements.txt`` does): ``_config.yml`` and ``references.bib`` sit at its root.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

#: The repository: ``src/activations/book/`` is three folders below it.
ROOT = Path(__file__).resolve().parents[3]
CONFIG = ROOT / "_config.yml"
SUBTITLE = "a tested, executable reference on neural-network activation functions"


@dataclass(frozen=True)
class Site:
    """What a citation of the site needs."""

    title: str
    author: str
    year: int
    url: str
    subtitle: str = SUBTITLE


@functools.cache
def site() -> Site:
    """The site as ``_config.yml`` describes it.

    >>> site().url.startswith("https://")
    True
    """
    import yaml

    if not CONFIG.is_file():
        raise FileNotFoundError(
            f"{CONFIG} not found: the book helpers read the site's configuration from the "
            "repository they are installed from (pip install -e '.[book]')"
        )
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    return Site(
        title=config["title"],
        author=config["author"],
        year=int(config["copyright"]),
        url=config["html"]["baseurl"],
    )

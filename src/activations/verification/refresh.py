"""The two refreshers of what the library stores beside its code, both slow and both
checked by the tests (a stale entry fails them):

    python -m activations.verification.refresh properties         # make properties
    python -m activations.verification.refresh reference-values   # make reference-values
    python -m activations.verification.refresh reference-values --all

``properties`` recomputes every element-wise function's properties into the core's
cache (``core/_properties.json``); ``reference-values`` recomputes the exact values of
the accuracy sweep for every function whose expression changed (``--all``: every one).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

from ..core import properties
from ..core.registry import get, names
from . import reference_values


def _properties_entry(name: str) -> dict[str, object]:
    return properties.cache_entry(get(name))  # type: ignore[arg-type]


def write_properties(workers: int = 2) -> None:
    """Recompute every element-wise function's properties and store them."""
    todo = names(kind="elementwise")
    with ProcessPoolExecutor(max_workers=workers) as pool:
        out = dict(zip(todo, pool.map(_properties_entry, todo), strict=True))
    properties.CACHE.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["properties"]:
        write_properties()
    elif args[:1] == ["reference-values"]:
        reference_values.write(every="--all" in args)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Compare a fresh sample of framework measurements with the stored record (CI).

    python tools/frameworks/compare.py data/frameworks.json .venv-frameworks/sample.json

Every row of the sample (a few functions, every framework that installed) must match the
stored row for the same function, framework and name: the same version, the same
defaults, the same outputs at the special inputs, the same derivative at the kinks, the
same float16 and bfloat16 thresholds and the same three roads to NaN; the worst errors in
ulp may differ by rounding (a factor of 2, or 1 ulp). A framework that could not be
installed for the sample is reported and skipped. Exits 1 on any disagreement.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

EXACT = ("defaults", "special", "df_at_kinks", "float16", "bfloat16", "params", "error")


def close(a: Any, b: Any) -> bool:
    """Worst-ulp figures agree to rounding: within a factor 2, or within 1 ulp."""
    if a is None or b is None or isinstance(a, str) or isinstance(b, str):
        return a == b
    return abs(a - b) <= 1 or (a > 0 and b > 0 and max(a, b) / min(a, b) <= 2) or \
        (math.isinf(a) and math.isinf(b))


def differences(stored: dict[str, Any], fresh: dict[str, Any]) -> list[str]:
    found: list[str] = []
    rows = {(r["function"], r["framework"], r["key"]): r for r in stored["results"]}
    for framework, entry in fresh["frameworks"].items():
        old = stored["frameworks"].get(framework, {})
        if entry.get("status") != "measured":
            print(f"{framework}: not re-measured here ({entry.get('reason', '')[:80]})")
            continue
        if old.get("version") != entry.get("version"):
            found.append(
                f"{framework}: version {entry.get('version')}, stored {old.get('version')}")
        if old.get("roads") != entry.get("roads"):
            found.append(f"{framework}: the roads to NaN changed: {entry.get('roads')}")
    for row in fresh["results"]:
        key = (row["function"], row["framework"], row["key"])
        old = rows.get(key)
        if old is None:
            found.append(f"{key}: not in the stored record")
            continue
        for field in EXACT:
            if old.get(field) != row.get(field):
                found.append(f"{key}: {field} is {row.get(field)!r}, stored {old.get(field)!r}")
        for dtype in ("float64", "float32"):
            for order in ("f", "df"):
                for stat in ("ulp", "core_ulp"):
                    a = row.get(dtype, {}).get(order, {}).get(stat)
                    b = old.get(dtype, {}).get(order, {}).get(stat)
                    if not close(a, b):
                        found.append(f"{key}: {dtype} {order} {stat} {a}, stored {b}")
    return found


def main(stored_path: str, fresh_path: str) -> None:
    stored = json.loads(Path(stored_path).read_text(encoding="utf-8"))
    fresh = json.loads(Path(fresh_path).read_text(encoding="utf-8"))
    found = differences(stored, fresh)
    compared = len(fresh["results"])
    if found:
        print("\n".join(found))
        sys.exit(f"{len(found)} disagreement(s) with {stored_path} in {compared} rows: "
                 "run `make frameworks` and review the chapters")
    print(f"{compared} rows re-measured, all as stored in {stored_path}")


if __name__ == "__main__":
    main(*sys.argv[1:3])

"""What the frameworks were measured to do: the book's reading of ``data/frameworks.json``.

``make frameworks`` runs every framework the book lists on the accuracy sweep and in
float16 and bfloat16 (``tools/frameworks/measure.py``) and writes the record; the chapters
read it here, so a page needs no framework to build. A framework that could not be
installed where the record was made is in it as "not measured", with the reason.

>>> cell(None), cell(float("inf")), cell(0.4999), cell(1234.5)
('—', 'inf', '0.5', '1.23e+03')
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .site import ROOT

#: The record ``make frameworks`` writes.
DATA = ROOT / "data" / "frameworks.json"
#: The frameworks in the record, in the order of the book's tables.
ORDER = ("pytorch", "tensorflow", "keras", "jax", "mlx", "transformers")
LABELS = {"pytorch": "PyTorch", "tensorflow": "TensorFlow", "keras": "Keras 3", "jax": "JAX",
          "mlx": "MLX", "transformers": "HF transformers"}


@cache
def record(path: str = str(DATA)) -> dict[str, Any]:
    """The whole record (empty where the file is missing, as in an installed wheel)."""
    file = Path(path)
    return json.loads(file.read_text(encoding="utf-8")) if file.is_file() else {}


def _number(value: Any) -> float | None:
    if value is None:
        return None
    return float(value)  # "inf", "-inf" and "nan" parse as floats too


def cell(value: Any) -> str:
    """A measured number as the tables show it: three significant digits, '—' for none."""
    number = _number(value)
    if number is None:
        return "—"
    if number != number or number in (float("inf"), float("-inf")):
        return str(number)
    return f"{number:.3g}"


@dataclass(frozen=True)
class Measured:
    """One framework's measurement of one function under one name."""

    framework: str
    key: str
    row: dict[str, Any]

    def worst(self, dtype: str, order: str) -> float | None:
        """Worst error in ulp over the sweep (order ``"f"`` or ``"df"``), None if not run."""
        entry = self.row.get(dtype, {})
        return _number(entry.get(order, {}).get("ulp")) if isinstance(entry, dict) else None

    def kink_differences(self) -> list[tuple[float, float, float]]:
        """(x, framework's f'(x), library's f'(x)) at the kinks where they differ."""
        found = []
        for kink in self.row.get("df_at_kinks", []):
            mine, theirs = _number(kink["library"]), _number(kink["framework"])
            assert mine is not None and theirs is not None
            # The framework works in float32: compare with the library's value rounded so.
            same = abs(theirs - mine) <= 2**-23 * max(1.0, abs(mine))
            if not (same or (mine != mine and theirs != theirs)):
                found.append((float(kink["x"]), theirs, mine))
        return found

    def first_inf(self, dtype: str) -> float | None:
        """The smallest positive input whose output is infinite in ``dtype``."""
        entry = self.row.get(dtype, {})
        return _number(entry.get("inf_from", {}).get("+")) if isinstance(entry, dict) else None


def measurements(name: str, path: str = str(DATA)) -> dict[str, list[Measured]]:
    """Every measurement of the library function ``name``, by framework."""
    found: dict[str, list[Measured]] = {}
    for row in record(path).get("results", []):
        if row.get("function") == name:
            measured = Measured(row["framework"], row["key"], row)
            found.setdefault(row["framework"], []).append(measured)
    return found


def status(framework: str, path: str = str(DATA)) -> str:
    """'2.13.0+cpu', or 'not measured' (the record says why), or '' without a record."""
    entry = record(path).get("frameworks", {}).get(framework)
    if entry is None:
        return ""
    return entry["version"] if entry.get("status") == "measured" else "not measured"


#: The measured columns of a framework table (:func:`summary` fills them).
COLUMNS = ("ulp f / f', 1/1024 ≤ |x| ≤ 10, float64", "ulp f / f', 1/1024 ≤ |x| ≤ 10, float32",
           "beyond 4 + κ from (float32)", "f' at kinks", "first inf, float16 / bfloat16")


def summary(m: Measured) -> tuple[str, ...]:
    """The measured cells of a framework table, in the order of :data:`COLUMNS`.

    The worst error in ulp of f and of the framework's autodiff f' where networks'
    inputs live (1/1024 ≤ |x| ≤ 10), the input nearest 0 where f or f' first leaves the
    4 + κ bound the library meets (float32, inputs of normal size), f' at the kinks where
    it differs
    from the library's, and the first positive input whose output is infinite in float16
    and bfloat16.
    """
    none = ("—",) * len(COLUMNS)
    if "error" in m.row:
        return ("failed: " + str(m.row["error"])[:60], *none[1:])
    if "float32_rows" in m.row:  # a vector function, measured on test rows
        return ("—", f"{cell(m.row['float32_rows']['ulp'])} (rows)", *none[2:])

    def core(dtype: str) -> str:
        entry = m.row.get(dtype, {})
        if "error" in entry:
            return "not run"
        if entry.get("computes_in"):
            return f"computes in {entry['computes_in']}"
        f, df = entry.get("f", {}), entry.get("df", {})
        return "—" if not f else f"{cell(f.get('core_ulp'))} / {cell(df.get('core_ulp'))}"

    entry = m.row.get("float32", {})
    starts = [_number(entry.get(o, {}).get("over_bound_from")) for o in ("f", "df")]
    starts = [x for x in starts if x is not None]
    beyond = cell(min(starts, key=abs)) if starts else "never"
    kinks = "; ".join(f"{x:g}: {cell(theirs)} (library {cell(mine)})"
                      for x, theirs, mine in m.kink_differences()) or "as the library"
    if "df_at_kinks" not in m.row:
        kinks = "—"
    infinity = f"{cell(m.first_inf('float16'))} / {cell(m.first_inf('bfloat16'))}"
    return core("float64"), core("float32"), beyond, kinks, infinity

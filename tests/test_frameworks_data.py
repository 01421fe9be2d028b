"""The measured framework record (data/frameworks.json) covers what the book lists.

`make frameworks` writes the record; the chapters read it through
``activations.book.measured``. These tests fail when the record lacks a framework or a
function that the book names, or when it was measured with other versions than the pins
in tools/frameworks/requirements.txt: then it is stale, and `make frameworks` refreshes it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import activations
from activations.book import measured, pages
from activations.verification.frameworks import LOADERS, TABLES, TRANSFORMERS

ROOT = Path(__file__).resolve().parent.parent
PINS = ROOT / "tools" / "frameworks" / "requirements.txt"
RECORD = measured.record()
MODULE = {"pytorch": "torch", "tensorflow": "tensorflow-cpu", "keras": "keras", "jax": "jax",
          "mlx": "mlx", "transformers": "transformers"}


def test_the_record_says_when_where_and_with_what() -> None:
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", RECORD["measured_on"])
    assert {"system", "machine", "python", "numpy"} <= set(RECORD["platform"])
    assert set(RECORD["frameworks"]) == set(LOADERS)
    for framework, entry in RECORD["frameworks"].items():
        if entry["status"] == "measured":
            assert entry["version"], framework
        else:  # a framework that could not be installed says why
            assert entry["status"] == "not measured" and entry["reason"], framework


@pytest.mark.parametrize("framework", sorted(LOADERS))
def test_versions_are_the_pinned_ones(framework: str) -> None:
    entry = RECORD["frameworks"][framework]
    if entry["status"] != "measured":
        pytest.skip(f"{framework} was not measured: {entry['reason']}")
    pins = dict(line.split("==") for line in PINS.read_text().splitlines()
                if "==" in line and not line.startswith("#"))
    assert pins[MODULE[framework]] == entry["version"], "stale record: run `make frameworks`"


@pytest.mark.parametrize("framework", sorted(LOADERS))
def test_every_shipped_function_is_measured(framework: str) -> None:
    """Each function whose Frameworks field names this framework has a row, under every
    name the framework ships it by; and each row is a function the book still has."""
    if RECORD["frameworks"][framework]["status"] != "measured":
        pytest.skip("not measured")
    rows = {(r["function"], r["key"]) for r in RECORD["results"] if r["framework"] == framework}
    names = set(activations.names())
    if framework == "transformers":
        wanted = {(name, key) for key, (name, _) in TRANSFORMERS.items() if name in names}
    else:
        wanted = {(key, key) for key in TABLES[framework] if key in names}
    assert wanted - rows == set(), "missing rows: run `make frameworks`"
    assert {name for name, _ in rows} <= names
    field = {n for n in names if getattr(activations.get(n).frameworks, framework)}
    assert field <= {name for name, _ in rows}


def test_rows_carry_their_measurements() -> None:
    for row in RECORD["results"]:
        where = f"{row['framework']} {row['key']}"
        if activations.get(row["function"]).kind == "vector":
            assert "float32_rows" in row, where
            continue
        assert "float32" in row and "special" in row and "float16" in row, where
        if "error" not in row["float32"]:
            assert {"ulp", "core_ulp", "over_bound_from"} <= set(row["float32"]["f"]), where


def test_the_tables_show_the_measurements() -> None:
    # PyTorch's softplus returns x from its threshold of 20 on: the record has it beyond
    # the bound in float64, and the chapter's table prints the version it measured.
    softplus = next(r for r in RECORD["results"]
                    if r["framework"] == "pytorch" and r["key"] == "softplus")
    assert softplus["defaults"] == {"beta": 1.0, "threshold": 20.0}
    assert float(softplus["float64"]["f"]["ulp"]) > 1e5
    assert 20 <= float(softplus["float64"]["f"]["at"]) <= 21
    table = repr(pages.frameworks_table("softplus"))
    assert RECORD["frameworks"]["pytorch"]["version"] in table
    assert "beyond 4 + κ from" in table

"""Shared plumbing for the benchmarks: output folder, tables, optional PyTorch."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "_build" / "bench"


def write(name: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> Path:
    """Print ``rows`` as an aligned table and write them to ``_build/bench/<name>.csv``."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    text = [[str(h) for h in header]] + [[_fmt(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in text) for i in range(len(header))]
    for i, r in enumerate(text):
        print("  ".join(c.rjust(w) if i else c.ljust(w) for c, w in zip(r, widths, strict=True)))
    print(f"-> {path.relative_to(ROOT)}")
    return path


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def torch_or_none() -> Any:
    """PyTorch, single-threaded, when it is installed; otherwise ``None``."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    return torch


#: How PyTorch spells each element-wise function (forward), for the side-by-side columns.
TORCH_NAMES = {
    "sigmoid": "sigmoid", "tanh": "tanh", "relu": "relu", "relu6": "relu6",
    "hard_sigmoid": "hardsigmoid", "hardtanh": "hardtanh", "softsign": "softsign",
    "leaky_relu": "leaky_relu", "elu": "elu", "celu": "celu", "selu": "selu",
    "gelu": "gelu", "silu": "silu", "hard_swish": "hardswish", "mish": "mish",
    "softplus": "softplus", "log_sigmoid": "logsigmoid", "tanhshrink": "tanhshrink",
    "softshrink": "softshrink", "hardshrink": "hardshrink",
}

"""Throughput: each element-wise function and derivative on 10^6 float64 values,
against the textbook NumPy formula (and PyTorch CPU, one thread, when installed).

The budget: the stable library version at most 3x the textbook formula's time.

    python benchmarks/throughput.py [NAME ...]
"""

from __future__ import annotations

import sys
import timeit

import numpy as np
from _common import TORCH_NAMES, torch_or_none, write

import activations
from activations.verification import textbook

N = 1_000_000
BUDGET = 3.0


def best_time(fn, seconds: float = 0.25) -> float:
    """The fastest of enough runs to fill about ``seconds`` (at least 7, at most 200):
    a sub-millisecond step needs many runs before its minimum settles."""
    fn()  # warm caches and lazy imports
    first = min(timeit.repeat(fn, number=1, repeat=3))
    repeat = int(min(200, max(7, seconds / max(first, 1e-9))))
    return min(first, *timeit.repeat(fn, number=1, repeat=repeat))


def main(names: list[str]) -> None:
    names = names or activations.names(kind="elementwise")
    x = np.random.default_rng(0).normal(scale=4.0, size=N)
    torch = torch_or_none()
    tx = torch.from_numpy(x) if torch is not None else None
    rows = []
    for name in names:
        act = activations.get(name)
        f, df = textbook.FORMULAS[name]
        with np.errstate(all="ignore"):
            t_lib = best_time(lambda: act(x))
            t_naive = best_time(lambda: f(x))
            d_lib = best_time(lambda: act.derivative(x))
            d_naive = best_time(lambda: df(x))
        t_torch = ""
        if torch is not None and name in TORCH_NAMES:
            fn = getattr(torch.nn.functional, TORCH_NAMES[name])
            t_torch = best_time(lambda: fn(tx))
        rows.append([
            name, t_lib * 1e3, t_naive * 1e3, t_lib / t_naive, N / t_lib / 1e6,
            d_lib * 1e3, d_naive * 1e3, d_lib / d_naive,
            t_torch * 1e3 if t_torch != "" else "",
            "yes" if max(t_lib / t_naive, d_lib / d_naive) <= BUDGET else "NO",
        ])
    write(
        "throughput",
        ("function", "f ms", "textbook f ms", "f ratio", "f Melem/s", "f' ms",
         "textbook f' ms", "f' ratio", "torch f ms", "within 3x"),
        rows,
    )


if __name__ == "__main__":
    main(sys.argv[1:])

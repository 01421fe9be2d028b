"""Accuracy: the worst ulp error per element-wise function, against mpmath.

For each function: the library in float64 and float32 (f and f'), the textbook formula
(`activations.verification.textbook`) in float64, what NumPy/SciPy offer where they offer it, and
PyTorch (CPU) when it is installed. The sweep covers every binade from the smallest
subnormal to the largest float, both signs (`activations.verification.accuracy.sample_inputs`).

    python benchmarks/accuracy.py [NAME ...]
"""

from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor

import numpy as np
from _common import TORCH_NAMES, torch_or_none, write

import activations
from activations.verification import textbook
from activations.verification.accuracy import measure, sample_inputs, score_stored


def _worst(name: str, order: int, values: np.ndarray, xs: np.ndarray) -> float:
    return score_stored(name, order, xs, np.asarray(values, dtype=xs.dtype)).worst


def row(name: str) -> list[object]:
    act = activations.get(name)
    skip = act.properties.breakpoints
    xs = sample_inputs(np.float64)
    xs = xs[~np.isin(xs, skip)]
    out: list[object] = [name]
    for dtype in (np.float64, np.float32):
        for order in (0, 1):
            out.append(measure(name, order, dtype, skip=skip if order else ()).worst)
    f, df = textbook.FORMULAS[name]
    with np.errstate(all="ignore"):
        out += [_worst(name, 0, f(xs), xs), _worst(name, 1, df(xs), xs)]
    if name in textbook.LIBRARIES:
        label, fn = textbook.LIBRARIES[name]
        with np.errstate(all="ignore"):
            out += [label, _worst(name, 0, fn(xs), xs)]
    else:
        out += ["", ""]
    torch = torch_or_none()
    if torch is not None and name in TORCH_NAMES:
        fn = getattr(torch.nn.functional, TORCH_NAMES[name])
        values = fn(torch.from_numpy(xs)).numpy()
        out.append(_worst(name, 0, values, xs))
    else:
        out.append("")
    return out


def main(names: list[str]) -> None:
    names = names or activations.names(kind="elementwise")
    with ProcessPoolExecutor(max_workers=2) as pool:
        rows = list(pool.map(row, names))
    write(
        "accuracy",
        ("function", "f64 f", "f64 f'", "f32 f", "f32 f'", "textbook f", "textbook f'",
         "numpy/scipy", "numpy/scipy f", "torch f"),
        rows,
    )


if __name__ == "__main__":
    main(sys.argv[1:])

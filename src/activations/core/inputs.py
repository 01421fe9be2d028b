"""Turning what a caller passes into a float array, or a clear error.

Every activation accepts any real numeric array-like. Integers and booleans become
float64; float16, float32 and float64 keep their dtype in the result, and so do the
machine-learning floats of the ``ml_dtypes`` package (bfloat16 and the float8 formats),
which NumPy knows only through that package. The arithmetic itself runs in float64 and is
rounded at the end for narrower dtypes, which is what lets float32 results stay within
one ulp plus the condition number.

>>> import ml_dtypes
>>> values, dtype = as_float_array(np.array([1.5, -2.0], dtype=ml_dtypes.bfloat16), "demo")
>>> values.dtype, dtype
(dtype('float64'), dtype(bfloat16))
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

#: The arrays the functions compute on (float64 inside, whatever the caller's dtype).
Array = NDArray[np.float64]

#: The float dtypes a result may have; everything else is computed and returned as float64.
FLOAT_DTYPES = (np.dtype(np.float16), np.dtype(np.float32), np.dtype(np.float64))


def as_float_array(x: ArrayLike, who: str) -> tuple[NDArray[np.float64], np.dtype[Any]]:
    """Return ``(values as float64, dtype of the result)`` for the input ``x``.

    Raises ``TypeError`` naming ``who`` for anything that is not a real number:
    strings, ``None``, complex numbers, dates, objects.
    """
    try:
        array = np.asarray(x)
    except (ValueError, TypeError) as error:  # ragged nested lists, for example
        raise TypeError(f"{who}: input is not a rectangular numeric array ({error})") from None
    kind = array.dtype.kind
    if _is_ml_float(array.dtype):
        return array.astype(np.float64), array.dtype
    if kind in "biu":
        return array.astype(np.float64), np.dtype(np.float64)
    if kind == "f":
        if array.dtype not in FLOAT_DTYPES:
            raise TypeError(
                f"{who}: dtype {array.dtype} is not supported; use float16, float32 or float64"
            )
        return array.astype(np.float64, copy=False), array.dtype
    if kind == "c":
        raise TypeError(f"{who}: complex input is not supported (got dtype {array.dtype})")
    # Object arrays only of genuine numbers: astype would quietly turn None into NaN.
    if kind == "O" and all(isinstance(v, numbers.Real) for v in array.flat):
        return array.astype(np.float64), np.dtype(np.float64)
    raise TypeError(
        f"{who}: expected real numbers, got an array of dtype {array.dtype!s} ({_describe(array)})"
    )


def _is_ml_float(dtype: np.dtype[Any]) -> bool:
    """A float type from ``ml_dtypes`` (bfloat16, float8_e4m3fn, float8_e5m2, ...)."""
    return getattr(dtype.type, "__module__", "") == "ml_dtypes" and "float" in dtype.name


def _describe(array: NDArray[Any]) -> str:
    if array.size == 0:
        return "empty"
    first = array.flat[0]
    return f"first element {first!r} of type {type(first).__name__}"


def restore(result: NDArray[np.float64], dtype: np.dtype[Any]) -> Any:
    """Round ``result`` once to ``dtype``; a 0-d result becomes a NumPy scalar."""
    # Beyond the dtype's range inf is the rounded answer, and below it 0 or a subnormal:
    # rounding is not an error, whatever np.errstate the caller has set.
    with np.errstate(over="ignore", under="ignore"):
        out = result.astype(dtype, copy=False)
    return out[()] if out.ndim == 0 else out

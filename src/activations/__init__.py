"""Activation functions, executed: the package behind the book.

>>> import activations
>>> act = activations.get("sigmoid")
>>> float(act(2.0))
0.8807970779778823
>>> activations.get("sigmoid").derivative(0.0)
np.float64(0.25)

Every function is also an attribute: ``activations.relu([-1.0, 2.0])``.
Importing is cheap: SymPy, SciPy and Matplotlib load only when first needed.
"""

from __future__ import annotations

from typing import Any

from .core import functions as _functions  # noqa: F401 (importing it registers every function)
from .core.registry import (
    FAMILIES,
    Activation,
    Elementwise,
    Frameworks,
    UnknownActivationError,
    Vector,
    get,
    names,
)

__all__ = [
    "FAMILIES",
    "Activation",
    "Elementwise",
    "Frameworks",
    "UnknownActivationError",
    "Vector",
    "get",
    "names",
]

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # ``activations.relu`` and friends resolve through the registry on first use.
    if name.startswith("_"):
        raise AttributeError(name)
    try:
        return get(name)
    except UnknownActivationError:
        raise AttributeError(f"module 'activations' has no attribute {name!r}") from None

"""The activation functions, one module per family (the book's parts).

Importing this package registers every function; ``import activations`` does it, so the
registry (:mod:`activations.core.registry`) never imports the functions back.
"""

from . import (
    algebraic,
    exponential,
    multi_input,
    output,
    periodic,
    rectifiers,
    shrinkage,
    smooth_gated,
    softplus,
    squashing,
)

__all__ = [
    "algebraic",
    "exponential",
    "multi_input",
    "output",
    "periodic",
    "rectifiers",
    "shrinkage",
    "smooth_gated",
    "softplus",
    "squashing",
]

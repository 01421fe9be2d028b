"""The core: the mathematics, and nothing else (NumPy, SciPy, SymPy, mpmath).

From the bottom up: :mod:`.inputs` (what a caller passes, as a float array or a clear
error), :mod:`.parameters` (declared, validated parameters), :mod:`.stable` (numerically
stable building blocks), :mod:`.symbolic` (the symbol ``x``, piecewise forms, the n-th
derivative of an expression), :mod:`.registry` (the ``Activation`` objects and the names
that find them), :mod:`.properties` (what the SymPy expression says about a function) and
:mod:`.functions` (every function, one module per family). The verification and book
wings build on it; it imports neither.
"""

"""Print the environment that holds NumPy and OpenBLAS to another SIMD level than the
machine's best, as ``NAME=value`` words for ``env``.

NumPy picks its ``exp``, ``log1p`` and ``tanh`` kernels by CPU level, and OpenBLAS its
matrix kernels by core type, so the last bits of a float differ between machines.
``make test`` runs the chapters a second time in this environment, so that a stored output
that depends on those bits fails here, not on a reader's laptop.

- ``NPY_DISABLE_CPU_FEATURES`` lists every target this NumPy build dispatches to (read
  from NumPy itself: x86-64-v3/v4 and AVX-512 on x86, the extensions past NEON on ARM),
  which leaves NumPy at its compiled baseline. A name NumPy does not dispatch makes it
  warn on import, so none is hard-coded.
- ``OPENBLAS_CORETYPE`` picks OpenBLAS's oldest kernels for the architecture (Prescott on
  x86-64, ARMV8 on 64-bit ARM); elsewhere it is left alone.

Run with the interpreter whose NumPy the tests use, without NumPy limited already.
"""

from __future__ import annotations

import platform

from numpy._core._multiarray_umath import __cpu_dispatch__

CORE_TYPES = {"x86_64": "Prescott", "amd64": "Prescott", "aarch64": "ARMV8", "arm64": "ARMV8"}


def baseline_environment() -> dict[str, str]:
    environment = {}
    if __cpu_dispatch__:
        environment["NPY_DISABLE_CPU_FEATURES"] = ",".join(__cpu_dispatch__)
    core = CORE_TYPES.get(platform.machine().lower())
    if core:
        environment["OPENBLAS_CORETYPE"] = core
    return environment


if __name__ == "__main__":
    print(" ".join(f"{name}={value}" for name, value in baseline_environment().items()))

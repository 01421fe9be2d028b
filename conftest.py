"""Pytest set-up for the whole repository (tests/conftest.py holds the unit tests' own).

nbval starts one Jupyter kernel per notebook, several at a time under pytest-xdist. Once in
a few full runs a kernel exits before it answers its first message ("Kernel died before
replying to kernel_info"): jupyter_client picks the kernel's ports in this process and the
kernel binds them a moment later, so a port taken in between by another kernel, started
side by side, ends that kernel. A start that fails that way is tried again, up to three
times, with fresh ports. nbval also hands each kernel an open file on /dev/null that it never
closes; when the garbage collector closes it later, during some other test, any error there
is reported against that test. The kernel gets ``subprocess.DEVNULL`` instead.
"""

from __future__ import annotations

import subprocess
from typing import Any

try:
    import nbval.kernel
except ImportError:  # an environment without nbval (.venv-frameworks) runs no notebook
    nbval = None

ATTEMPTS = 3


def _start_with_retries(*args: Any, **kwargs: Any) -> Any:
    stderr = kwargs.get("stderr")
    if stderr is not None and getattr(stderr, "name", None) is not None:
        stderr.close()
        kwargs["stderr"] = subprocess.DEVNULL
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return _start_new_kernel(*args, **kwargs)  # type: ignore[name-defined]
        except RuntimeError:
            if attempt == ATTEMPTS:
                raise


if nbval is not None:
    _start_new_kernel = nbval.kernel.start_new_kernel
    nbval.kernel.start_new_kernel = _start_with_retries

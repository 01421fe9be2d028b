"""Build the frameworks' own environment, the one `make frameworks` measures in.

    python tools/frameworks/install.py .venv-frameworks

A virtual environment apart from the book's (the frameworks take gigabytes, and the book
builds without them) with the library installed editable, NumPy, SciPy, SymPy and mpmath
held at the book's pins, and each framework of ``tools/frameworks/requirements.txt``
installed on its own. A framework that fails to install is recorded, with pip's last
words, in ``<venv>/frameworks-install.json``, and the measurement marks it "not
measured": nothing else fails. The record also keeps how long each install took.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PINS = Path(__file__).with_name("requirements.txt")
#: Each framework and the distributions it needs from the pins (installed together).
GROUPS = {
    "pytorch": ("torch",),
    "jax": ("jax", "jaxlib"),
    "keras": ("keras",),
    "tensorflow": ("tensorflow-cpu",),
    "mlx": ("mlx", "mlx-cpu"),
    "transformers": ("transformers",),
    "ml_dtypes": ("ml-dtypes",),
}
#: What the library needs, at the versions the book is tested with.
BASE = ("numpy", "scipy", "sympy", "mpmath")


def pins(path: Path) -> dict[str, str]:
    """``name -> "name==version"`` for every pinned line of a requirements file."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            found[re.split(r"[=<>\[]", line)[0].lower()] = line
    return found


def pip(python: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(python), "-m", "pip", *args, "--disable-pip-version-check"],
                          capture_output=True, text=True)


def main(target: str) -> None:
    where = ROOT / target
    python = where / "bin" / "python"
    started = time.perf_counter()
    if not python.exists():
        venv.create(where, with_pip=True)
    book = pins(ROOT / "requirements.txt")
    # The frameworks may not move the library's own dependencies.
    constraints = where / "constraints.txt"
    constraints.write_text("\n".join(book[name] for name in BASE) + "\n", encoding="utf-8")
    base = pip(python, "install", "--quiet", *(book[name] for name in BASE))
    if base.returncode:
        sys.exit(f"the library's dependencies did not install:\n{base.stderr[-2000:]}")
    library = pip(python, "install", "--quiet", "--no-deps", "-e", str(ROOT))
    if library.returncode:
        sys.exit(f"the library did not install:\n{library.stderr[-2000:]}")
    wanted = pins(PINS)
    record: dict[str, object] = {"python": sys.version.split()[0], "groups": {}}
    for group, names in GROUPS.items():
        begun = time.perf_counter()
        result = pip(python, "install", "--quiet", "-c", str(constraints),
                     *(wanted[name] for name in names))
        entry: dict[str, object] = {"pins": [wanted[name] for name in names],
                                    "seconds": round(time.perf_counter() - begun, 1)}
        if result.returncode:
            entry["status"] = "not installed"
            entry["error"] = (result.stderr.strip().splitlines() or ["(no message)"])[-1][:300]
        else:
            entry["status"] = "installed"
        record["groups"][group] = entry  # type: ignore[index]
        print(f"{group:13s} {entry['status']:14s} {entry['seconds']:7.1f} s", flush=True)
    record["seconds"] = round(time.perf_counter() - started, 1)
    (where / "frameworks-install.json").write_text(json.dumps(record, indent=1) + "\n",
                                                   encoding="utf-8")
    print(f"environment ready in {record['seconds']} s: {where}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".venv-frameworks")

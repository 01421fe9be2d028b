"""Execute the book's notebooks two at a time before Jupyter Book renders them.

Jupyter Book 1 executes notebooks one after another. With `execute_notebooks: cache`
it first looks each notebook up in its jupyter-cache (`_build/.jupyter_cache`), so this
script fills that cache in parallel and the build then only renders.

A notebook's cache entry is keyed on its code cells, not on the package it imports, so
the cache is also dropped whenever anything under `src/activations/` changes: an edit
to the library re-executes every chapter, as a forced build would.

Notebooks that fail are left out of the cache; the build then executes them itself
and fails with the error, as it must.
"""

from __future__ import annotations

import hashlib
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from jupyter_cache.executors.utils import single_nb_execution

from activations.book.toc import toc_files

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "_build" / ".jupyter_cache"
STAMP = CACHE / "source-hash"
TIMEOUT = 300
# An ordinary IPython kernel that starts warm (tools/warm_kernel/, installed by make).
KERNEL = "activations-warm"


def toc_notebooks() -> list[Path]:
    """Every notebook listed in `_toc.yml`, in book order."""
    files = toc_files(ROOT / "_toc.yml")
    return [ROOT / f"{f}.ipynb" for f in files if (ROOT / f"{f}.ipynb").exists()]


def source_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted((ROOT / "src" / "activations").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def run(path: Path) -> tuple[Path, nbformat.NotebookNode | None, float, str]:
    nb = nbformat.read(path, as_version=4)
    result = single_nb_execution(
        nb,
        cwd=str(path.parent),
        allow_errors=False,
        timeout=TIMEOUT,
        meta_override=True,
        kernel_name=KERNEL,
    )
    error = "" if result.err is None else f"{type(result.err).__name__}: {result.err}"
    return path, (nb if result.err is None else None), result.time, error


def main() -> int:
    start = time.perf_counter()
    CACHE.mkdir(parents=True, exist_ok=True)
    cache = get_cache(str(CACHE))
    digest = source_hash()
    if not STAMP.exists() or STAMP.read_text() != digest:
        cache.clear_cache()
        cache = get_cache(str(CACHE))
    todo = []
    for path in toc_notebooks():
        try:
            cache.match_cache_notebook(nbformat.read(path, as_version=4))
        except KeyError:
            todo.append(path)
    timings = []
    with ProcessPoolExecutor(max_workers=2) as pool:
        for path, nb, seconds, error in pool.map(run, todo):
            if nb is None:
                name = path.relative_to(ROOT)
                print(f"prebuild: {name} failed ({error}); the build will report it")
                continue
            record = cache.add_nb_to_project(str(path))
            cache.cache_notebook_bundle(
                CacheBundleIn(nb, record.uri, data={"execution_seconds": seconds}),
                check_validity=False,
                overwrite=True,
            )
            timings.append((seconds, path.relative_to(ROOT)))
    STAMP.write_text(digest)
    total = time.perf_counter() - start
    print(f"prebuild: executed {len(todo)} notebook(s) in {total:.1f} s, two at a time")
    return 0


if __name__ == "__main__":
    sys.exit(main())

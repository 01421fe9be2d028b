"""Build and test budgets, measured (venv already installed).

Times `import activations`, a clean `make book`, a no-change rebuild, a one-chapter
edit and `make test`; lists each notebook's execution time (slowest first) and each
chapter page's size with its images.

    python benchmarks/build.py [--skip-test]
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

from _common import ROOT, write

BUDGETS = {"clean build": 180.0, "no-change rebuild": 10.0, "test": 120.0, "import": 0.3}
PAGE_BUDGET_KB = 400.0
EDITED = ROOT / "chapters" / "functions" / "sigmoid.ipynb"


def timed(*command: str) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def import_time() -> float:
    code = (
        "import time; t = time.perf_counter(); import activations; "
        "print(time.perf_counter() - t)"
    )
    runs = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True).stdout)
        for _ in range(7)
    ]
    return min(runs)


def notebook_times() -> list[tuple[str, float]]:
    from jupyter_cache import get_cache

    cache = get_cache(str(ROOT / "_build" / ".jupyter_cache"))
    latest: dict[str, float] = {}
    # An edited chapter leaves its earlier record in the cache: the newest one counts.
    for record in sorted(cache.list_cache_records(), key=lambda r: r.created):
        seconds = record.data.get("execution_seconds")
        if seconds is not None:
            latest[str(Path(record.uri).relative_to(ROOT))] = float(seconds)
    return sorted(latest.items(), key=lambda r: -r[1])


def page_sizes() -> list[tuple[str, float]]:
    html_root = ROOT / "_build" / "html"
    rows = []
    for page in sorted((html_root / "chapters").rglob("*.html")):
        text = page.read_text(errors="ignore")
        size = page.stat().st_size
        for src in set(re.findall(r'<img[^>]+src="([^"]+)"', text)):
            image = (page.parent / src).resolve()
            if image.is_file():
                size += image.stat().st_size
        rows.append((str(page.relative_to(html_root)), size / 1024))
    return sorted(rows, key=lambda r: -r[1])


def edit_one_chapter() -> float:
    original = EDITED.read_bytes()
    try:
        EDITED.write_bytes(original.replace(b'"import mpmath', b'"# edited\\nimport mpmath', 1))
        return timed("make", "book")
    finally:
        EDITED.write_bytes(original)


def main(argv: list[str]) -> None:
    rows: list[list[object]] = []
    seconds = import_time()
    rows.append(["import activations", seconds, BUDGETS["import"], seconds <= BUDGETS["import"]])
    subprocess.run(["rm", "-rf", "_build"], cwd=ROOT, check=True)
    for label, fn in (
        ("clean build", lambda: timed("make", "book")),
        ("no-change rebuild", lambda: timed("make", "book")),
        ("one-chapter edit", edit_one_chapter),
    ):
        seconds = fn()
        budget = BUDGETS.get(label, "")
        rows.append([label, seconds, budget, seconds <= budget if budget else ""])
        if label == "clean build":
            notebooks = notebook_times()  # each notebook as the clean build ran it
    pages = page_sizes()
    timed("make", "book")  # back to the unedited chapter
    if "--skip-test" not in argv:
        seconds = timed("make", "test")
        within = seconds <= BUDGETS["test"]
        label = "test (unit + strict nbval, chapters again at baseline SIMD)"
        rows.append([label, seconds, BUDGETS["test"], within])
    write("build", ("step", "seconds", "budget", "within"), rows)
    write("notebooks", ("notebook", "execution seconds"), notebooks)
    write("pages", ("page", "KB with images"), pages)
    heaviest = pages[0][1] if pages else 0.0
    print(f"largest page: {heaviest:.0f} KB (budget {PAGE_BUDGET_KB:.0f} KB)")


if __name__ == "__main__":
    main(sys.argv[1:])

"""The book build is strict: a failing cell or a stray warning fails it.

A two-page book is built in a temporary folder with the project's own `_config.yml`
and the same command as `make book`: one page prints a NumPy warning, the other raises.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
BUILD_BOOK = ROOT / "tools" / "build_book.py"


PAGES = {
    # Pages are read in name order: the warning page is rendered before the error stops
    # the build, so one build shows both.
    "a_stray_warning": "import numpy as np\nnp.exp(np.array([1000.0]))",
    "b_cell_error": "raise ValueError('a cell that fails')",
}


def build(tmp_path: Path) -> subprocess.CompletedProcess[str]:
    shutil.copy(ROOT / "_config.yml", tmp_path / "_config.yml")
    shutil.copytree(ROOT / "_ext", tmp_path / "_ext")  # the site's own Sphinx extension
    (tmp_path / "references.bib").write_text((ROOT / "references.bib").read_text())
    chapters = "".join(f"  - file: {name}\n" for name in PAGES)
    (tmp_path / "_toc.yml").write_text(f"format: jb-book\nroot: index\nchapters:\n{chapters}")
    (tmp_path / "index.md").write_text("# A book\n")
    for name, code in PAGES.items():
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell(f"# {name}"), nbformat.v4.new_code_cell(code)]
        nb.metadata["kernelspec"] = {
            "name": "python3", "display_name": "Python 3", "language": "python"
        }
        nbformat.write(nb, tmp_path / f"{name}.ipynb")
    return subprocess.run(
        [sys.executable, str(BUILD_BOOK), "-W", "-n", "--keep-going", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "BOOK_JOBS": "1"},
    )


def test_a_failing_cell_and_a_stray_warning_each_fail_the_build(tmp_path: Path) -> None:
    result = build(tmp_path)
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert "stderr was found in the cell outputs" in out and "a_stray_warning" in out, out
    assert "ValueError" in out and "a cell that fails" in out, out

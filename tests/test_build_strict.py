"""The book build is strict: a failing cell or a stray warning fails it.

Each case builds a one-page book in a temporary folder with the project's own
`_config.yml` and the same command line as `make book`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILD_BOOK = ROOT / "tools" / "build_book.py"


def build(tmp_path: Path, code: str) -> subprocess.CompletedProcess[str]:
    shutil.copy(ROOT / "_config.yml", tmp_path / "_config.yml")
    (tmp_path / "references.bib").write_text((ROOT / "references.bib").read_text())
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: page\n")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# A page"), nbformat.v4.new_code_cell(code)]
    nb.metadata["kernelspec"] = {
        "name": "python3", "display_name": "Python 3", "language": "python"
    }
    nbformat.write(nb, tmp_path / "page.ipynb")
    return subprocess.run(
        [sys.executable, str(BUILD_BOOK), "-W", "-n", "--keep-going", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("raise ValueError('a cell that fails')", "ValueError"),
        ("import numpy as np\nnp.exp(np.array([1000.0]))", "stderr was found in the cell outputs"),
    ],
    ids=["cell-error", "stray-warning"],
)
def test_build_fails(tmp_path: Path, code: str, expected: str) -> None:
    result = build(tmp_path, code)
    assert result.returncode != 0
    assert expected in result.stdout + result.stderr

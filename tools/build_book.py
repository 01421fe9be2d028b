"""`jupyter-book build`, with Sphinx reading and writing pages in parallel.

Jupyter Book 1's command line has no option for Sphinx's ``-j``, although its
``build_sphinx`` takes one and every extension the book uses declares itself
parallel-safe. This passes it through and otherwise is the same command:

    python tools/build_book.py [jupyter-book build options] PATH

``BOOK_JOBS`` (default 2, the cores CI has) sets the number of processes.
"""

from __future__ import annotations

import functools
import os
import sys

import jupyter_book.sphinx
from jupyter_book.cli.main import main

if __name__ == "__main__":
    jobs = int(os.environ.get("BOOK_JOBS", "2"))
    # The command imports build_sphinx from this module when it runs.
    jupyter_book.sphinx.build_sphinx = functools.partial(
        jupyter_book.sphinx.build_sphinx, jobs=jobs
    )
    main(["build", *sys.argv[1:]], prog_name="jupyter-book")

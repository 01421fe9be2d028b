"""Execute chapter notebooks in place and store them in a canonical form.

    python tools/execute_notebooks.py chapters/functions/sigmoid.ipynb ...

Text outputs and execution counts are kept, so strict nbval compares every number a
chapter prints; PNG payloads are dropped (the book renders figures at build time) and
no timing metadata is written. Cells tagged ``nbval-ignore-output`` (measurements of
the machine, such as CPU timings) are stored without outputs. Consecutive writes to the
same stream are stored as one output (how the kernel splits a cell's printing into
messages depends on timing). So a notebook is byte-identical from run to run. Output
metadata is cleared except myst-nb's glue marker (``scrapbook``), which names each glued
value. Notebooks run two at a time.
"""

from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient

DROP_MIME = ("image/png", "image/jpeg")
KEEP_METADATA = ("scrapbook",)


def canonical(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{index}"
        cell.metadata.pop("execution", None)
        if "nbval-ignore-output" in cell.metadata.get("tags", []):
            cell["outputs"] = []
        if "outputs" in cell:
            cell["outputs"] = merged_streams(cell["outputs"])
        for output in cell.get("outputs", []):
            data = output.get("data")
            if data:
                for mime in DROP_MIME:
                    data.pop(mime, None)
            if "metadata" in output:
                kept = {k: v for k, v in output["metadata"].items() if k in KEEP_METADATA}
                output["metadata"] = nbformat.from_dict(kept)
    return nb


def merged_streams(outputs: list[nbformat.NotebookNode]) -> list[nbformat.NotebookNode]:
    """``outputs`` with each run of consecutive writes to one stream joined into one."""
    merged: list[nbformat.NotebookNode] = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and output.get("output_type") == previous.get("output_type") == "stream"
            and output.get("name") == previous.get("name")
        ):
            previous["text"] = "".join(previous["text"]) + "".join(output["text"])
        else:
            merged.append(output)
    return merged


def execute(path: str) -> str:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=300,
        # an ordinary IPython kernel that starts warm (tools/warm_kernel/, installed by make)
        kernel_name="activations-warm",
        record_timing=False,
        resources={"metadata": {"path": str(Path(path).parent)}},
    )
    client.execute()
    nbformat.write(canonical(nb), path)
    return path


def main(paths: list[str]) -> int:
    with ProcessPoolExecutor(max_workers=2) as pool:
        for done in pool.map(execute, paths):
            print(f"executed {done}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

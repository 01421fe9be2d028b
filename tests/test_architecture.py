"""The package's layout holds: the core at the bottom, two wings above it, no cycles.

- No import cycle anywhere in ``src/activations``, counting imports made inside functions
  (only ``if TYPE_CHECKING:`` imports, which never run, are left out).
- The core imports neither wing, and the verification wing does not import the book.
- The core works with Matplotlib absent; no module of the package imports Sphinx or
  docutils (the site's extension lives in ``_ext/``, with the book).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "activations"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> set[str]:
    """Every module of the package that ``path`` imports at run time."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for stmt in node.body for child in ast.walk(stmt))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("activations"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("activations"):
                continue
            found.add(target)
            # `from . import x` and `from .core import properties` import submodules too.
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                if (PACKAGE.parent / candidate.replace(".", "/")).with_suffix(".py").exists() or (
                    PACKAGE.parent / candidate.replace(".", "/") / "__init__.py"
                ).exists():
                    found.add(candidate)
    return found - {name}


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: imported_modules(path) & set(modules) for name, path in modules.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for successor in sorted(edges.get(node, ())):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_in_the_package() -> None:
    assert cycles(graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_wings_build_on_the_core_and_not_on_each_other() -> None:
    edges = graph()
    for module, targets in edges.items():
        if module.startswith("activations.core"):
            wrong = {t for t in targets if not t.startswith("activations.core")}
            assert not wrong, f"{module} (core) imports {wrong}"
        if module.startswith("activations.verification"):
            wrong = {t for t in targets if t.startswith(("activations.book", "activations.nn"))}
            assert not wrong, f"{module} (verification) imports {wrong}"


def test_no_sphinx_or_docutils_in_the_package() -> None:
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n.split(".")[0] in {"sphinx", "docutils"} for n in names), path


def test_the_core_works_without_matplotlib() -> None:
    """With Matplotlib (and the book's PyYAML) unimportable, every core and verification
    operation still works: values, derivatives, Jacobians, expressions, properties,
    exact values and ulp scores."""
    script = """
import sys
for blocked in ("matplotlib", "yaml"):
    sys.modules[blocked] = None  # any import of it now raises ImportError
import numpy as np
import activations
from activations.verification import accuracy
gelu = activations.get("gelu")
assert abs(float(gelu(1.0)) - 0.8413447460685429) < 1e-15
assert abs(float(gelu.derivative(0.0)) - 0.5) < 1e-15
assert activations.get("softmax").jacobian(np.array([0.0, 0.0])).shape == (2, 2)
assert str(activations.get("relu").expr()) == "Max(0, x)"
assert gelu.properties.monotonic is False
assert float(accuracy.exact("sigmoid", 0.0, order=1)) == 0.25
assert accuracy.measure("tanh").worst < 2
for name in activations.names():
    activations.get(name)
assert "matplotlib" not in {m.split(".")[0] for m in sys.modules if sys.modules[m] is not None}
try:
    from activations.book import plotting
    plotting.use_style()
except ImportError as error:
    print("book wing needs:", error.name)
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "book wing needs: matplotlib" in result.stdout

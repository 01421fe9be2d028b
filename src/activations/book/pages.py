"""What a chapter is built from: the formula, the parameter, property and framework
tables, and the page's own address and citation, all generated from an activation.

Each helper takes an activation (or its name, looked up once).
"""

from __future__ import annotations

from ..core.registry import Activation, Elementwise, as_activation
from ..core.symbolic import vector_expression
from .display import Math, Table, latex
from .site import site


def latex_name(activation: Activation | str) -> str:
    r"""The function's name as a LaTeX operator name: ``log\_softmax``."""
    return as_activation(activation).name.replace("_", r"\_")


def formula(activation: Activation | str, symbolic: bool = True) -> Math:
    """``f(x) = ...`` rendered from the SymPy expression (parameters as symbols)."""
    act = as_activation(activation)
    operator = rf"\operatorname{{{latex_name(act)}}}"
    if isinstance(act, Elementwise):
        expr = act.symbolic_expr() if symbolic else act.expr()
        return Math(rf"{operator}(x) = {latex(expr)}")
    _, expr = vector_expression(act, symbolic)  # type: ignore[arg-type]
    return Math(rf"{operator}(\mathbf{{x}}) = {latex(expr)}")


def parameters_table(activation: Activation | str) -> Table:
    """Parameters, their defaults and meaning."""
    act = as_activation(activation)
    rows = [(p.name, repr(p.default), p.requirement, p.doc) for p in act.parameters]
    return Table(("parameter", "default", "allowed", "meaning"), rows)


def properties_table(activation: Activation | str) -> Table:
    """The computed properties of an element-wise function (see ``act.properties``)."""
    act = as_activation(activation)
    assert isinstance(act, Elementwise)
    return Table(("property", "value"), act.properties.as_rows())


def frameworks_table(activation: Activation | str) -> Table:
    """How PyTorch, Keras 3 and JAX spell the function."""
    act = as_activation(activation)
    return Table(("framework", "name and defaults"), act.frameworks.as_rows())


def page_url(path: str) -> str:
    """The stable address of a chapter, e.g. ``page_url("chapters/functions/gelu")``."""
    return f"{site().url}{path}.html"


def cite_this_page(path: str, title: str) -> str:
    """A BibTeX entry for one page of the site (printed in each chapter)."""
    about = site()
    key = "activations_executed_" + path.rsplit("/", 1)[-1].replace("-", "_")
    return (
        f"@misc{{{key},\n"
        f"  author = {{{{{about.author}}}}},\n"
        f"  title = {{{title}}},\n"
        f"  howpublished = {{{about.title}}},\n"
        f"  year = {{{about.year}}},\n"
        f"  url = {{{page_url(path)}}}\n"
        f"}}"
    )


def cite_site() -> str:
    """A BibTeX entry for the whole site."""
    about = site()
    return (
        "@misc{activations_executed,\n"
        f"  author = {{{{{about.author}}}}},\n"
        f"  title = {{{about.title}: {about.subtitle}}},\n"
        f"  year = {{{about.year}}},\n"
        f"  url = {{{about.url}}}\n"
        "}"
    )

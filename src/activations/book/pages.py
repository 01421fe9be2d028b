"""What a chapter is built from: the formula, the parameter, property and framework
tables, and the page's own address and citation, all generated from an activation.

Each helper takes an activation (or its name, looked up once).
"""

from __future__ import annotations

from ..core.registry import Activation, Elementwise, as_activation
from ..core.symbolic import vector_expression
from .display import Math, Table, latex
from .measured import COLUMNS, LABELS, measurements, record, status, summary
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
    """How each framework spells the function, and what it was measured to compute.

    The measured columns come from ``data/frameworks.json`` (:mod:`.measured`, which says
    what each column holds), with the version measured. A framework with several names
    for the function has one line per name in each cell.
    """
    act = as_activation(activation)
    found = measurements(act.name)
    by_label = {label: key for key, label in LABELS.items()}
    rows = []
    for label, spelled in act.frameworks.as_rows():
        framework = by_label.get(label, "")
        version = status(framework)
        mine = found.get(framework, [])
        width = len(COLUMNS)
        if spelled == "not provided":
            rows.append((label, spelled, "", *(["—"] * width)))
        elif not mine:
            rows.append((label, spelled, version, *(["not measured" if version else "—"] * width)))
        elif len(mine) == 1:
            rows.append((label, spelled, version, *summary(mine[0])))
        else:  # one line per name, e.g. transformers' "gelu_new" and "gelu_fast"
            columns = zip(*(summary(m) for m in mine), strict=True)
            keyed = (column[0] if len(set(column)) == 1 else
                     "; ".join(f'"{m.key}": {value}' for m, value in zip(mine, column, strict=True))
                     for column in columns)
            rows.append((label, spelled, version, *keyed))
    if not record():  # no record at all (an installed wheel): the names alone
        return Table(("framework", "name and defaults"), [row[:2] for row in rows])
    return Table(("framework", "name and defaults", "measured", *COLUMNS), rows)


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

"""Every function of the book in one table: a small plot, the formula and derivative as a
textbook writes them, the computed properties and the framework names, one row each.

The table sorts by any column (its header is a button) and filters as the reader types,
in the page itself: a few lines of script shipped inside the table's own HTML, so no
other page carries them. Numbers sort as numbers (each cell holds its sort key), and a
reader without JavaScript still gets the whole table.

>>> table = Comparison.build(["relu", "softmax"])
>>> [row.name for row in table.rows]
['relu', 'softmax']
>>> table.rows[0].cells["range"], table.rows[1].cells["range"]
('[0, ∞)', '—')
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..core.properties import format_continuity, format_number, format_range, format_yes
from ..core.registry import Activation, Elementwise, Frameworks, as_activation, names
from .at_a_glance import derivative_at_zero, saturation
from .display import latex
from .gallery import CHAPTER_DIR, tile_svg

#: The columns after the function's name and plot: (key, heading).
COLUMNS: tuple[tuple[str, str], ...] = (
    ("formula", "formula"),
    ("derivative", "derivative"),
    ("range", "range"),
    ("continuity", "continuity"),
    ("monotonic", "monotonic"),
    ("derivative_monotonic", "f' monotonic"),
    ("identity", "identity near 0"),
    ("zero_centred", "zero-centred"),
    ("saturates", "saturates"),
    ("minimum", "minimum"),
    ("f0", "f(0)"),
    ("df0", "f'(0)"),
    *Frameworks.COLUMNS,
)
MATH_COLUMNS = {"formula", "derivative"}
NOT_APPLICABLE = "—"


@dataclass(frozen=True)
class Row:
    name: str
    title: str
    family: str
    cells: dict[str, str]
    #: Sort keys where the text does not sort right (numbers, smoothness).
    keys: dict[str, float]


def _sort_key(value: float | None) -> str:
    """A numeric cell's sort key as JavaScript's ``Number`` reads it."""
    if value is None:
        return ""
    if math.isinf(value):
        return f' data-key="{"Infinity" if value > 0 else "-Infinity"}"'
    return f' data-key="{value!r}"'


def row_of(activation: Activation | str) -> Row:
    act = as_activation(activation)
    f, df = act.textbook_forms()
    cells: dict[str, str] = {}
    keys: dict[str, float] = {}
    if isinstance(act, Elementwise):
        p = act.properties
        cells["formula"], cells["derivative"] = f"f(x) = {latex(f)}", f"f'(x) = {latex(df)}"
        cells["range"] = format_range(p)
        cells["continuity"] = format_continuity(p.continuity)
        keys["continuity"] = p.continuity
        cells["monotonic"] = format_yes(p.monotonic)
        cells["derivative_monotonic"] = format_yes(p.derivative_monotonic)
        cells["identity"] = format_yes(p.identity_near_origin)
        cells["zero_centred"] = format_yes(p.zero_centered)
        cells["saturates"] = saturation(p)
        cells["minimum"] = format_number(p.minimum[0]) if p.minimum else "none"
        keys["minimum"] = p.minimum[0] if p.minimum else math.inf
        cells["f0"] = format_number(p.value_at_zero)
        keys["f0"] = p.value_at_zero
        cells["df0"] = derivative_at_zero(p)
        keys["df0"] = p.derivative_at_zero[1]
    else:
        cells["formula"] = rf"f(\mathbf{{x}})_i = {latex(f)}"
        cells["derivative"] = rf"\partial f_i / \partial x_j = {latex(df)}"
        for key, _ in COLUMNS[2:12]:
            cells[key] = NOT_APPLICABLE
    for key, _ in Frameworks.COLUMNS:
        cells[key] = getattr(act.frameworks, key) or NOT_APPLICABLE
    return Row(act.name, act.title, act.family, cells, keys)


@dataclass(frozen=True)
class Comparison:
    """The table of every function (see the module's text)."""

    rows: Sequence[Row]
    prefix: str = ""

    @classmethod
    def build(
        cls, functions: Iterable[Activation | str] | None = None, prefix: str = ""
    ) -> Comparison:
        """Rows for ``functions`` (default: all, in book order); ``prefix`` is the path
        from the page showing the table to the book's root."""
        chosen = names() if functions is None else functions
        return cls(tuple(row_of(f) for f in chosen), prefix)

    def __repr__(self) -> str:
        return "\n".join(
            f"{r.name}: range {r.cells['range']}, {r.cells['continuity']}" for r in self.rows
        )

    def _repr_html_(self) -> str:
        head = ['<th scope="col"><button type="button" data-column="0">function</button></th>']
        head.append('<th scope="col">plot</th>')
        for index, (_, heading) in enumerate(COLUMNS, start=2):
            head.append(
                f'<th scope="col"><button type="button" data-column="{index}">'
                f"{html.escape(heading)}</button></th>"
            )
        body = []
        for row in self.rows:
            href = f"{self.prefix}{CHAPTER_DIR}/{row.name}.html"
            cells = [
                f'<th scope="row" data-key="{html.escape(row.name)}"><a href="{href}">'
                f"{html.escape(row.title)}</a></th>",
                f'<td class="plot">{tile_svg(row.name)}</td>',
            ]
            for key, _ in COLUMNS:
                text = row.cells[key]
                data = _sort_key(row.keys.get(key))
                if key in MATH_COLUMNS:
                    shown = (
                        '<span class="math notranslate nohighlight">'
                        f"\\({html.escape(text)}\\)</span>"
                    )
                else:
                    shown = html.escape(text)
                cells.append(f"<td{data}>{shown}</td>")
            body.append(f'<tr data-family="{row.family}">{"".join(cells)}</tr>')
        return (
            '<div class="activations-compare">'
            '<label>Filter <input type="search" placeholder="name, property or framework" '
            'aria-controls="activations-compare-table"></label> '
            '<span class="compare-count" aria-live="polite"></span>'
            '<div class="compare-scroll"><table id="activations-compare-table" '
            'class="activations-table">'
            f"<caption>Every function of the book ({len(self.rows)}); select a heading to "
            "sort by it.</caption>"
            f'<thead><tr>{"".join(head)}</tr></thead><tbody>{"".join(body)}</tbody>'
            f"</table></div><script>{SCRIPT}</script></div>"
        )


#: Sorting and filtering, for the one table on the page. A cell's data-key (a number)
#: sorts before its text; a second select of the same heading reverses the order.
SCRIPT = """
(function () {
  const root = document.currentScript.closest(".activations-compare");
  const table = root.querySelector("table");
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const input = root.querySelector("input");
  const count = root.querySelector(".compare-count");
  const key = (row, column) => {
    const cell = row.cells[column];
    const value = cell.dataset.key;
    const number = Number(value);
    return value !== undefined && !Number.isNaN(number) ? number : cell.textContent.trim();
  };
  const show = () => {
    const words = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
    let shown = 0;
    for (const row of rows) {
      const text = row.textContent.toLowerCase();
      const match = words.every((word) => text.includes(word));
      row.hidden = !match;
      shown += match ? 1 : 0;
    }
    count.textContent = `${shown} of ${rows.length} shown`;
  };
  for (const button of table.tHead.querySelectorAll("button")) {
    button.addEventListener("click", () => {
      const column = Number(button.dataset.column);
      const th = button.closest("th");
      const ascending = th.getAttribute("aria-sort") !== "ascending";
      for (const other of table.tHead.querySelectorAll("th")) other.removeAttribute("aria-sort");
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const sorted = rows.slice().sort((a, b) => {
        const x = key(a, column), y = key(b, column);
        const order = typeof x === "number" && typeof y === "number"
          ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
        return ascending ? order : -order;
      });
      for (const row of sorted) body.appendChild(row);
    });
  }
  input.addEventListener("input", show);
  show();
})();
"""

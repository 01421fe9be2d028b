"""The landing page's gallery: one small picture of every registered function.

Element-wise functions are drawn as curves on the book's shared range (-5 to 5),
vector functions as bars: an example input (grey) beside the output (colour). Each
tile links to the function's chapter when that chapter is in the table of contents,
so the gallery never links to a page that is not built.

The tiles are inline SVG written here, not Matplotlib figures: a few hundred bytes of
path each, drawn on white (so they read the same in dark mode), deterministic text for
the same inputs, and fast enough to draw sixty of them on every build.

>>> tile_svg("relu").startswith('<svg xmlns="http://www.w3.org/2000/svg"')
True
>>> print(Gallery.build(["chapters/functions/relu"], functions=["relu", "elu"]))
Rectifiers: relu
Exponential units: elu (no chapter yet)
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..core.registry import FAMILIES, Activation, Elementwise, Vector, as_activation, names
from .plotting import X_RANGE, color_of
from .toc import toc_files

#: Tile size in SVG user units (the CSS scales it to the grid column).
WIDTH, HEIGHT, PAD = 160.0, 100.0, 8.0
SAMPLES = 161
#: An example input for vector functions: mixed signs, no ties.
EXAMPLE_VECTOR = np.array([-1.5, 0.5, 2.0, -0.5, 1.0, 0.0])
AXIS_COLOUR = "#8c8c8c"
INPUT_COLOUR = "#c8c8c8"
CHAPTER_DIR = "chapters/functions"


def _fmt(value: float) -> str:
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


class _Frame:
    """Maps data coordinates onto the tile, y flipped."""

    def __init__(self, x0: float, x1: float, y0: float, y1: float) -> None:
        if y1 - y0 < 1e-9:
            y0, y1 = y0 - 1.0, y1 + 1.0
        margin = 0.08 * (y1 - y0)
        self.x0, self.x1, self.y0, self.y1 = x0, x1, y0 - margin, y1 + margin

    def x(self, value: float) -> float:
        return PAD + (value - self.x0) / (self.x1 - self.x0) * (WIDTH - 2 * PAD)

    def y(self, value: float) -> float:
        return HEIGHT - PAD - (value - self.y0) / (self.y1 - self.y0) * (HEIGHT - 2 * PAD)

    def axes(self) -> str:
        parts = []
        if self.y0 <= 0.0 <= self.y1:
            y = _fmt(self.y(0.0))
            parts.append(f"M{_fmt(PAD)} {y}H{_fmt(WIDTH - PAD)}")
        if self.x0 <= 0.0 <= self.x1:
            x = _fmt(self.x(0.0))
            parts.append(f"M{x} {_fmt(PAD)}V{_fmt(HEIGHT - PAD)}")
        if not parts:
            return ""
        return f'<path d="{"".join(parts)}" stroke="{AXIS_COLOUR}" stroke-width="1" fill="none"/>'


def _svg(body: str, label: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:g} {HEIGHT:g}" '
        f'role="img" aria-label="{html.escape(label)}">'
        f'<rect width="{WIDTH:g}" height="{HEIGHT:g}" fill="#ffffff"/>{body}</svg>'
    )


def _simplify(points: list[tuple[float, float]], tol: float = 0.2) -> list[tuple[float, float]]:
    """Ramer-Douglas-Peucker: drop points within ``tol`` units of the line kept."""
    if len(points) < 3:
        return points
    (x0, y0), (x1, y1) = points[0], points[-1]
    dx, dy = x1 - x0, y1 - y0
    norm = (dx * dx + dy * dy) ** 0.5 or 1.0
    far, index = -1.0, 0
    for i in range(1, len(points) - 1):
        px, py = points[i]
        distance = abs(dy * (px - x0) - dx * (py - y0)) / norm
        if distance > far:
            far, index = distance, i
    if far <= tol:
        return [points[0], points[-1]]
    return _simplify(points[: index + 1], tol)[:-1] + _simplify(points[index:], tol)


def _curve_path(frame: _Frame, x: np.ndarray, y: np.ndarray) -> str:
    """An SVG path through the samples, lifted at jumps and non-finite values."""
    span = frame.y1 - frame.y0
    # A jump: a step far larger than the steps on either side of it (a kink is not).
    step = np.abs(np.diff(y))
    step = np.where(np.isfinite(step), step, 0.0)
    before = np.concatenate([[0.0], step[:-1]])
    after = np.concatenate([step[1:], [0.0]])
    jumps = (step > 0.02 * span) & (step > 4.0 * np.maximum(before, after))
    segments: list[list[tuple[float, float]]] = []
    pen_down = False
    for i in range(len(x)):
        if not np.isfinite(y[i]):
            pen_down = False
            continue
        jump = i > 0 and bool(jumps[i - 1])
        if not pen_down or jump:
            segments.append([])
        segments[-1].append((frame.x(x[i]), frame.y(y[i])))
        pen_down = True
    parts = []
    for segment in segments:
        for j, (px, py) in enumerate(_simplify(segment)):
            parts.append(f"{'L' if j else 'M'}{_fmt(px)} {_fmt(py)}")
    return "".join(parts)


def _elementwise_tile(act: Elementwise) -> str:
    x = np.linspace(*X_RANGE, SAMPLES)
    with np.errstate(all="ignore"):
        y = np.asarray(act(x), dtype=float)
    finite = y[np.isfinite(y)]
    low = min(float(finite.min()), 0.0) if finite.size else -1.0
    high = max(float(finite.max()), 0.0) if finite.size else 1.0
    frame = _Frame(X_RANGE[0], X_RANGE[1], low, high)
    path = _curve_path(frame, x, y)
    body = (
        frame.axes() + f'<path d="{path}" stroke="{color_of(act)}" stroke-width="2.5" '
        'fill="none" stroke-linejoin="round" stroke-linecap="round"/>'
    )
    return _svg(body, f"{act.title}: f(x) for x from {X_RANGE[0]:g} to {X_RANGE[1]:g}")


def _vector_tile(act: Vector) -> str:
    x = EXAMPLE_VECTOR
    with np.errstate(all="ignore"):
        out = np.asarray(act(x), dtype=float).ravel()
    show_input = out.shape == x.shape
    values = np.concatenate([x, out]) if show_input else out
    values = values[np.isfinite(values)]
    low = min(float(values.min()), 0.0) if values.size else -1.0
    high = max(float(values.max()), 0.0) if values.size else 1.0
    frame = _Frame(0.0, 1.0, low, high)
    slots = len(out)
    slot = (WIDTH - 2 * PAD) / slots
    bar = slot * (0.38 if show_input else 0.7)
    base = frame.y(0.0)
    rects: list[str] = []
    for i, value in enumerate(out):
        left = PAD + i * slot + (slot - (2 * bar if show_input else bar)) / 2
        bars = (
            [(x[i], INPUT_COLOUR), (value, color_of(act))]
            if show_input
            else [(value, color_of(act))]
        )
        for j, (v, colour) in enumerate(bars):
            if not np.isfinite(v):
                continue
            top = min(base, frame.y(v))
            height = abs(frame.y(v) - base)
            rects.append(
                f'<rect x="{_fmt(left + j * bar)}" y="{_fmt(top)}" width="{_fmt(bar)}" '
                f'height="{_fmt(height)}" fill="{colour}"/>'
            )
    axis = (
        f'<path d="M{_fmt(PAD)} {_fmt(base)}H{_fmt(WIDTH - PAD)}" stroke="{AXIS_COLOUR}" '
        'stroke-width="1" fill="none"/>'
    )
    what = (
        "an example input (grey) and its output"
        if show_input
        else "the output for an example input"
    )
    return _svg("".join(rects) + axis, f"{act.title}: bars of {what}")


def tile_svg(activation: Activation | str) -> str:
    """The small picture of one function, as an inline SVG string."""
    act = as_activation(activation)
    if isinstance(act, Vector):
        return _vector_tile(act)
    assert isinstance(act, Elementwise)
    return _elementwise_tile(act)


@dataclass(frozen=True)
class Tile:
    name: str
    title: str
    family: str
    svg: str
    href: str | None


@dataclass(frozen=True)
class Gallery:
    """Every function as a tile, grouped by family in book order.

    Displays as an HTML grid in the book and as a plain list elsewhere.
    """

    tiles: Sequence[Tile]

    @classmethod
    def build(
        cls,
        chapters: Iterable[str] = (),
        functions: Iterable[Activation | str] | None = None,
        prefix: str = "",
    ) -> Gallery:
        """Tiles for ``functions`` (default: all), linked when ``chapters`` lists theirs.

        ``chapters`` holds documents such as ``"chapters/functions/relu"``; ``prefix``
        is the path from the page showing the gallery to the book's root.
        """
        listed = set(chapters)
        tiles = []
        for function in functions if functions is not None else names():
            act = as_activation(function)
            doc = f"{CHAPTER_DIR}/{act.name}"
            href = f"{prefix}{doc}.html" if doc in listed else None
            tiles.append(Tile(act.name, act.title, act.family, tile_svg(act), href))
        return cls(tuple(tiles))

    @classmethod
    def from_toc(cls, toc: str | Path = "_toc.yml", prefix: str = "") -> Gallery:
        """All functions, each linked to its chapter if ``toc`` lists it."""
        return cls.build(toc_files(toc), prefix=prefix)

    def _families(self) -> list[tuple[str, list[Tile]]]:
        groups = []
        for key, title in FAMILIES:
            members = [t for t in self.tiles if t.family == key]
            if members:
                groups.append((title, members))
        return groups

    def __repr__(self) -> str:
        lines = []
        for title, members in self._families():
            shown = ", ".join(t.name + ("" if t.href else " (no chapter yet)") for t in members)
            lines.append(f"{title}: {shown}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        out = []
        for title, members in self._families():
            out.append(f'<h3 class="activations-gallery-family">{html.escape(title)}</h3>')
            out.append('<ul class="activations-gallery">')
            for tile in members:
                name = f'<span class="tile-name">{html.escape(tile.title)}</span>'
                if tile.href:
                    out.append(
                        f'<li><a class="tile" href="{html.escape(tile.href)}">'
                        f"{tile.svg}{name}</a></li>"
                    )
                else:
                    note = '<span class="tile-note">chapter to come</span>'
                    out.append(f'<li><div class="tile">{tile.svg}{name}{note}</div></li>')
            out.append("</ul>")
        return "\n".join(out)

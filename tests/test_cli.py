"""The command line: `python -m activations show|plot|list`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
import sympy

import activations
from activations.__main__ import main
from activations.book import bibliography, plotting

ROOT = Path(__file__).resolve().parent.parent


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_show_prints_formula_derivative_properties_and_bibtex(capsys) -> None:
    status, out, err = run(capsys, "show", "sigmoid")
    assert status == 0 and err == ""
    act = activations.get("sigmoid")
    x = sympy.Symbol("x", real=True)
    assert r"\operatorname{sigmoid}(x) = \frac{1}{1 + e^{- x}}" in out
    derivative = sympy.latex(sympy.diff(act.expr(), x))
    assert derivative == r"\frac{e^{- x}}{\left(1 + e^{- x}\right)^{2}}"
    assert rf"\frac{{d}}{{dx}} \operatorname{{sigmoid}}(x) = {derivative}" in out
    for label, value in act.properties.as_rows():
        assert any(
            line.startswith(label) and line.rstrip().endswith(value) for line in out.splitlines()
        ), (label, value)
    assert "@article{rumelhart1986learning," in out
    assert "Learning Representations by Back-Propagating Errors" in out
    assert "journal = {Nature}" in out


def test_show_accepts_aliases_and_lists_parameters(capsys) -> None:
    status, out, _ = run(capsys, "show", "LReLU")
    assert status == 0
    assert out.startswith("leaky_relu: Leaky ReLU\n")
    row = next(line for line in out.splitlines() if line.startswith("negative_slope"))
    assert row.split()[:2] == ["negative_slope", "0.01"]
    assert "@inproceedings{maas2013rectifier," in out


def test_show_keeps_parameters_symbolic(capsys) -> None:
    _, out, _ = run(capsys, "show", "leaky_relu")
    assert r"a x & \text{for}\: x < 0" in out  # the slope as a symbol, not 0.01
    assert r"a & \text{for}\: x < 0" in out  # and in the derivative


def test_show_vector_function_gives_jacobian(capsys) -> None:
    status, out, _ = run(capsys, "show", "softmax")
    assert status == 0
    assert "Jacobian for n = 3 (LaTeX)" in out
    assert r"\operatorname{softmax}(\mathbf{x}) = \left[\begin{matrix}" in out
    assert "computed for element-wise functions only" in out


def test_show_vector_function_that_needs_an_even_length(capsys) -> None:
    status, out, _ = run(capsys, "show", "glu")
    assert status == 0
    assert "Formula for n = 4 (LaTeX)" in out


def test_unknown_name_exits_2_with_suggestions(capsys) -> None:
    status, out, err = run(capsys, "show", "sigmiod")
    assert status == 2 and out == ""
    assert "unknown activation 'sigmiod'" in err
    assert "did you mean 'sigmoid'" in err
    status, _, err = run(capsys, "plot", "relu", "rleu", "-o", "never.svg")
    assert status == 2 and "did you mean 'relu'" in err
    assert not Path("never.svg").exists()


def test_show_without_references_bib_lists_keys(capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("ACTIVATIONS_BIB", str(tmp_path / "missing.bib"))
    status, out, _ = run(capsys, "show", "relu")
    assert status == 0
    assert "nair2010rectified\n" in out
    assert "(references.bib not found: keys only)" in out
    assert "@inproceedings" not in out


def test_every_reference_is_in_references_bib() -> None:
    assert bibliography.find_bib() == ROOT / "references.bib"
    keys = {key for name in activations.names() for key in activations.get(name).references}
    found = bibliography.entries(sorted(keys))
    assert [key for key, text in found.items() if text is None] == []
    for key, text in found.items():
        assert text is not None and text.startswith("@") and f"{{{key}," in text
        assert text.count("{") == text.count("}")


def test_plot_writes_an_svg_in_the_site_style(capsys, tmp_path) -> None:
    out = tmp_path / "sigmoid.svg"
    status, printed, _ = run(capsys, "plot", "sigmoid", "--derivative", "-o", str(out))
    assert status == 0 and printed == f"wrote {out}\n"
    text = out.read_text()
    root = ElementTree.fromstring(text)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    colour = plotting.color_of("sigmoid").lower()
    assert f"stroke: {colour}" in text.lower()
    assert "stroke-dasharray" in text  # the derivative is dashed
    again = tmp_path / "again.svg"
    run(capsys, "plot", "sigmoid", "--derivative", "-o", str(again))
    assert again.read_text() == text  # deterministic: no date, fixed ids


def test_plot_several_functions_with_derivatives_uses_two_panels(capsys, tmp_path) -> None:
    out = tmp_path / "pair.svg"
    status, _, _ = run(capsys, "plot", "relu", "elu", "--derivative", "-o", str(out))
    assert status == 0
    text = out.read_text()
    assert text.count('<g id="axes_') == 2
    for name in ("relu", "elu"):
        assert plotting.color_of(name).lower() in text.lower()


def test_plot_refuses_vector_functions_and_unknown_formats(capsys, tmp_path) -> None:
    status, _, err = run(capsys, "plot", "softmax", "-o", str(tmp_path / "s.svg"))
    assert status == 2 and "softmax is a vector function" in err
    status, _, err = run(capsys, "plot", "relu", "-o", str(tmp_path / "r.xyz"))
    assert status == 2 and "cannot write 'r.xyz'" in err and ".svg" in err
    assert list(tmp_path.iterdir()) == []


def test_list_names_every_function(capsys) -> None:
    status, out, _ = run(capsys, "list")
    assert status == 0
    listed = [n for line in out.splitlines() for n in line.split(": ", 1)[1].split(", ")]
    assert listed == activations.names()


def test_python_dash_m_runs_the_command_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "activations", "show", "relu"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert r"\operatorname{relu}(x)" in result.stdout
    result = subprocess.run(
        [sys.executable, "-m", "activations", "show", "nope_nope"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert "unknown activation 'nope_nope'" in result.stderr

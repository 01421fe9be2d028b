"""The textbook formulas are correct on paper: they agree with the library at moderate
inputs. (Where they fail is the subject of the accuracy benchmark.)"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import ELEMENTWISE

import activations
from activations.verification import textbook


def test_every_elementwise_function_has_a_textbook_formula() -> None:
    assert set(textbook.FORMULAS) == set(ELEMENTWISE)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_textbook_formula_agrees_at_moderate_inputs(name: str) -> None:
    act = activations.get(name)
    x = np.linspace(-4.9, 4.9, 98)  # avoids 0 and the kinks at +-3, +-1, +-0.5, 6
    f, df = textbook.FORMULAS[name]
    np.testing.assert_allclose(f(x), act(x), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(df(x), act.derivative(x), rtol=1e-10, atol=1e-13)


@pytest.mark.parametrize("name", sorted(textbook.LIBRARIES))
def test_library_versions_agree(name: str) -> None:
    x = np.linspace(-4.9, 4.9, 98)
    _, fn = textbook.LIBRARIES[name]
    np.testing.assert_allclose(fn(x), activations.get(name)(x), rtol=1e-13, atol=1e-15)


def test_the_textbook_softplus_overflows_where_the_library_does_not() -> None:
    with np.errstate(over="raise"), pytest.raises(FloatingPointError):
        textbook.FORMULAS["softplus"][0](np.array([1000.0]))
    assert activations.softplus(1000.0) == 1000.0

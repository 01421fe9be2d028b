"""The public API: lookup, errors, import cost, parameters."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

import activations
from activations import UnknownActivationError


def test_lookup_is_case_insensitive_and_alias_aware() -> None:
    assert activations.get("SIGMOID") is activations.get("logistic")
    assert activations.get("Hard-Sigmoid").name == "hard_sigmoid"
    assert activations.sigmoid is activations.get("sigmoid")


def test_unknown_name_suggests_close_matches() -> None:
    with pytest.raises(UnknownActivationError) as info:
        activations.get("sigmod")
    assert isinstance(info.value, KeyError)
    message = str(info.value)
    assert "unknown activation 'sigmod'" in message and "'sigmoid'" in message
    assert message.count("'sigmoid'") == 1  # aliases do not repeat a suggestion


def test_unknown_name_without_close_match_says_so_plainly() -> None:
    with pytest.raises(UnknownActivationError, match=r"^unknown activation 'zzzz'$"):
        activations.get("zzzz")


def test_non_string_name_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="strings"):
        activations.get(3)  # type: ignore[arg-type]


def test_missing_attribute_is_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_thing"):
        activations.no_such_thing  # noqa: B018


def test_names_are_unique_and_in_family_order() -> None:
    all_names = activations.names()
    assert len(all_names) == len(set(all_names))
    families = [activations.get(n).family for n in all_names]
    order = [key for key, _ in activations.FAMILIES]
    assert [order.index(f) for f in families] == sorted(order.index(f) for f in families)


def test_parameter_errors_name_the_problem() -> None:
    hardtanh = activations.get("hardtanh")
    with pytest.raises(TypeError, match="unknown parameter 'alpha'; it takes min_val, max_val"):
        hardtanh(0.0, alpha=1.0)
    with pytest.raises(ValueError, match="min_val must be below max_val"):
        hardtanh(0.0, min_val=2.0, max_val=1.0)
    with pytest.raises(TypeError, match="takes no parameters"):
        activations.sigmoid(0.0, beta=2.0)


def test_non_numeric_input_errors() -> None:
    with pytest.raises(TypeError, match="sigmoid: expected real numbers, got an array of dtype <U"):
        activations.sigmoid(["1.0"])
    with pytest.raises(TypeError, match="not a rectangular numeric array"):
        activations.sigmoid([[1.0], [1.0, 2.0]])
    if np.dtype(np.longdouble) != np.dtype(np.float64):
        with pytest.raises(TypeError, match=r"float(96|128) is not supported"):
            activations.sigmoid(np.array([1.0], dtype=np.longdouble))
    with pytest.raises(TypeError, match="expected real numbers"):
        activations.sigmoid(np.array([None, 1.0], dtype=object))


@pytest.mark.parametrize("name", ["bfloat16", "float8_e4m3fn", "float8_e5m2"])
def test_machine_learning_floats_keep_their_type(name: str) -> None:
    """bfloat16 and the float8 formats (ml_dtypes) are computed in float64 and rounded back."""
    ml_dtypes = pytest.importorskip("ml_dtypes")
    dtype = np.dtype(getattr(ml_dtypes, name))
    x = np.array([-3.0, -0.5, 0.0, 0.75, 2.0, 448.0], dtype=dtype)
    for fn in (activations.gelu, activations.softplus, activations.get("gelu").derivative):
        got = fn(x)
        assert got.dtype == dtype
        want = np.asarray(fn(x.astype(np.float64))).astype(dtype)
        np.testing.assert_array_equal(got.astype(np.float64), want.astype(np.float64))
    assert activations.relu(x).astype(np.float64).tolist() == [0, 0, 0, 0.75, 2, 448]


def test_rounding_to_a_narrow_type_raises_nothing() -> None:
    # Under the strictest error state, rounding a result to float16 may underflow or
    # overflow: that is the rounded answer, for vector functions as for element-wise ones.
    with np.errstate(under="ignore"):
        tail = float(np.float16(np.exp(-20.0)))  # a float16 subnormal
    with np.errstate(all="raise"):
        out = activations.softmax(np.array([0.0, -20.0], dtype=np.float16))
        assert out.dtype == np.float16 and out.tolist() == [1.0, tail]
        assert activations.glu(np.array([[1e-5, -20.0]], dtype=np.float16)).dtype == np.float16
        assert activations.exponential(np.array([12.0], dtype=np.float16)).tolist() == [np.inf]


def test_object_arrays_of_numbers_are_accepted() -> None:
    out = activations.sigmoid(np.array([0, 0.0], dtype=object))
    assert out.dtype == np.float64 and out.tolist() == [0.5, 0.5]


def test_import_is_fast_and_lazy() -> None:
    """`import activations` loads neither SymPy, SciPy nor Matplotlib."""
    code = (
        "import sys, time; t = time.perf_counter(); import activations; "
        "dt = time.perf_counter() - t; "
        "print(dt, any(m in sys.modules for m in ('sympy', 'scipy', 'matplotlib')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    seconds, heavy = out.stdout.split()
    assert heavy == "False"
    # A guard against something heavy creeping in; the 0.3 s budget itself is measured
    # by benchmarks/build.py on a quiet machine, not in a test.
    assert float(seconds) < 5.0

"""Property-based tests: any shape, any float dtype, any values (subnormals, the largest
floats, infinities, NaN) go through every activation without a floating-point warning,
keep their shape and dtype, and never turn a finite input into NaN."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import ELEMENTWISE, VECTOR
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import activations

DTYPES = st.sampled_from([np.float16, np.float32, np.float64])


def arrays(draw: st.DrawFn, min_side: int = 0) -> np.ndarray:
    dtype = np.dtype(draw(DTYPES))
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=min_side, max_side=6))
    return draw(hnp.arrays(dtype, shape, elements=hnp.from_dtype(dtype)))


@pytest.mark.parametrize("name", ELEMENTWISE)
@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_elementwise_on_any_floats(name: str, data: st.DataObject) -> None:
    act = activations.get(name)
    x = data.draw(st.composite(arrays)())
    with np.errstate(all="raise", under="ignore"):
        for fn in (act, act.derivative):
            y = fn(x)
            assert y.shape == x.shape and y.dtype == x.dtype
            assert np.all(np.isnan(y[np.isnan(x)]))
            # A finite input never gives NaN (inf only where the true value overflows).
            assert not np.any(np.isnan(y[np.isfinite(x)]))


@pytest.mark.parametrize("name", VECTOR)
@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_vector_on_any_floats(name: str, data: st.DataObject) -> None:
    act = activations.get(name)
    x = data.draw(st.composite(lambda draw: arrays(draw, min_side=1))())
    halves = ("glu", "swiglu", "geglu", "reglu", "bilinear_glu", "swiglu_clamped", "maxout")
    needed = 2 if name in halves else 1
    if x.shape[-1] % needed:
        x = np.concatenate([x, x[..., :1]], axis=-1)
    with np.errstate(all="raise", under="ignore"):
        y = act(x)
    assert y.dtype == x.dtype and y.shape[:-1] == x.shape[:-1]
    rows_finite = np.all(np.isfinite(x), axis=-1)
    if name in ("softmax", "softmin", "sparsemax", "entmax15", "argmax"):
        sums = np.sum(y[rows_finite].astype(np.float64), axis=-1)
        np.testing.assert_allclose(sums, 1.0, rtol=0, atol=2e-3 if x.dtype == np.float16 else 1e-5)
    if name not in ("glu", "swiglu", "geglu", "maxout", "log_softmax"):
        assert not np.any(np.isnan(y[rows_finite]))

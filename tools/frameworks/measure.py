"""Measure what each framework computes, for the book's data file (`make frameworks`).

    .venv-frameworks/bin/python tools/frameworks/measure.py [--out data/frameworks.json]
                                                           [--only gelu,softplus]

For every function of the book that a framework ships, under every name it ships it
(``activations.verification.frameworks``), at the framework's own defaults:

- the defaults, read from the framework at run time (the signature of the named callable);
- float64 and float32 values over the accuracy sweep against the book's exact values:
  worst ulp and where (``activations.verification.accuracy``, the same measure and the
  same 4 + kappa bound the library meets);
- the derivative by the framework's own autodiff over the same sweep (kinks left out),
  and its value at each kink;
- special inputs: +-inf, NaN, -0, the largest floats;
- float16 and bfloat16, every finite input of the type: where the output first becomes
  infinite, where it first flushes to zero early, where the output or the gradient first
  becomes inf or NaN although the exact value is finite;
- and, per framework, the three common roads from inf to NaN: the gradient of
  log(1 + exp(x)), a ``where`` whose unused branch overflows, softmax over a masked row.

Vector functions (softmax, GLU, ...) are measured on test rows in float32. A framework that
is not installed is recorded with the reason (``frameworks-install.json`` beside the venv's
python says why), so the book shows it as not measured. The record keeps each framework's
version, the platform and the date.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import inspect
import json
import math
import os
import platform
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("JAX_ENABLE_X64", "1")  # float64 in JAX (and Keras on JAX) when asked for
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # TensorFlow's start-up notices

import activations
from activations.core.registry import Activation, Elementwise
from activations.verification import frameworks as fw
from activations.verification.accuracy import score, score_stored
from activations.verification.exact import sample_inputs

ROOT = Path(__file__).resolve().parents[2]
FIELDS = {"pytorch": "pytorch", "tensorflow": "tensorflow", "keras": "keras", "jax": "jax",
          "mlx": "mlx", "transformers": "transformers"}
SPECIAL = np.array([-np.inf, -3.4028235e38, -1.0, -0.0, 0.0, 1.0, 3.4028235e38, np.inf, np.nan],
                   dtype=np.float32)
LOW = ("float16", "bfloat16")
#: Where networks' pre-activations live: the worst error on 1/1024 <= |x| <= 10 is
#: reported on its own, apart from the tails and the tiny and subnormal inputs.
CORE = (2.0**-10, 10.0)


# -- talking to each framework in any precision ---------------------------------------------


class Adapter:
    """Call a framework function on a float32 array cast to ``dtype``, and differentiate it."""

    def __init__(self, framework: str, loaded: fw.Framework) -> None:
        self.name = framework
        self.fw = loaded
        self.ns = loaded.ns
        #: the type of the last output, as the framework names it
        self.returned = ""

    def _torch(self) -> Any:
        return self.ns.torch

    def value_and_grad(self, fn: Callable[[Any], Any], x: np.ndarray, dtype: str
                       ) -> tuple[np.ndarray, np.ndarray | None]:
        """``(f(x), f'(x))`` computed in ``dtype``, returned as float64 arrays."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return getattr(self, "_" + {"transformers": "pytorch"}.get(self.name, self.name))(
                fn, x, dtype)

    def _pytorch(self, fn: Callable[[Any], Any], x: np.ndarray, dtype: str) -> Any:
        torch = self._torch()
        t = torch.from_numpy(x.astype(np.float64)).to(getattr(torch, dtype)).requires_grad_(True)
        y = fn(t)
        self.returned = str(y.dtype).removeprefix("torch.")
        (g,) = torch.autograd.grad(y.sum(), t, allow_unused=True)
        as64 = lambda v: v.detach().to(torch.float64).numpy()  # noqa: E731
        return as64(y), (None if g is None else as64(g))

    def _jax(self, fn: Callable[[Any], Any], x: np.ndarray, dtype: str) -> Any:
        jax, jnp = importlib.import_module("jax"), importlib.import_module("jax.numpy")
        t = jnp.asarray(x.astype(np.float64), dtype=getattr(jnp, dtype))
        y, g = jax.vmap(jax.value_and_grad(fn))(t)
        self.returned = str(y.dtype)
        return np.asarray(y).astype(np.float64), np.asarray(g).astype(np.float64)

    def _keras(self, fn: Callable[[Any], Any], x: np.ndarray, dtype: str) -> Any:
        return self._jax(fn, x, dtype)

    def _tensorflow(self, fn: Callable[[Any], Any], x: np.ndarray, dtype: str) -> Any:
        tf = self.ns.tf
        t = tf.cast(tf.constant(x.astype(np.float64)), getattr(tf, dtype))
        with tf.GradientTape() as tape:
            tape.watch(t)
            y = fn(t)
        self.returned = y.dtype.name
        g = tape.gradient(y, t)
        as64 = lambda v: tf.cast(v, tf.float64).numpy()  # noqa: E731
        return as64(y), (None if g is None else as64(g))

    def _mlx(self, fn: Callable[[Any], Any], x: np.ndarray, dtype: str) -> Any:
        mx = self.ns.mx
        # float64 goes in as float64 (MLX computes it on the CPU); bfloat16 via float32.
        native = dtype if dtype in ("float64", "float32", "float16") else "float32"
        # mx.array turns a float64 NumPy array into float32 unless told otherwise.
        t = mx.array(x.astype(native), dtype=getattr(mx, native)).astype(getattr(mx, dtype))
        y = fn(t)
        self.returned = str(y.dtype).removeprefix("mlx.core.")
        g = mx.vmap(mx.grad(fn))(t)

        def as64(v: Any) -> np.ndarray:
            wide = v if v.dtype in (mx.float64, mx.float32) else v.astype(mx.float32)
            return np.array(wide).astype(np.float64)

        return as64(y), as64(g)


def version(framework: str) -> str:
    module = {"pytorch": "torch", "mlx": "mlx.core"}.get(framework, framework)
    return str(importlib.import_module(module).__version__)


# -- what to report -------------------------------------------------------------------------


def number(value: float) -> float | str:
    """JSON has no inf or NaN: write them as strings, and keep -0."""
    value = float(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def worst(measured: Any, flushed: np.ndarray) -> dict[str, Any]:
    """The largest error of a measurement, where it is, and its share of the bound.

    ``flushed`` marks the inputs whose exact result is subnormal and the framework returned
    0: a framework that flushes subnormals to zero (XLA and oneDNN do on the CPU) is counted
    there, and those inputs do not decide where the 4 + kappa bound is first exceeded."""
    errors = np.where(np.isnan(measured.errors), np.inf, measured.errors)
    x = np.asarray(measured.x, dtype=np.float64)
    i = int(np.argmax(errors))
    core = (np.abs(x) >= CORE[0]) & (np.abs(x) <= CORE[1])
    j = int(np.argmax(np.where(core, errors, -1.0)))
    # Past the bound, counted only from inputs of normal size: a framework that flushes
    # subnormals to zero (XLA and oneDNN do on CPU) is reported once, in "roads".
    normal = np.abs(x) >= np.finfo(np.dtype(measured.dtype)).smallest_normal
    over = (errors > measured.bounds) & normal & ~flushed
    return {"flushed_subnormals": int(np.sum(flushed)),"ulp": number(errors[i]), "at": number(x[i]),
            "core_ulp": number(errors[j]), "core_at": number(x[j]),
            "share_of_bound": number(np.max(errors / measured.bounds)),
            "over_bound": int(np.sum(over)),
            # the input nearest 0 where the error exceeds the library's 4 + kappa bound
            "over_bound_from": number(x[over][np.argmin(np.abs(x[over]))]) if over.any() else None}


def defaults(spelled: str | None) -> dict[str, Any] | None:
    """The named callable's keyword defaults, read from the framework now."""
    if not spelled:
        return None
    dotted = spelled.split("(")[0].split(" ")[0].strip('"')
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for attr in parts[cut:]:
                obj = getattr(obj, attr)
        except AttributeError:
            return None
        break
    else:
        return None
    try:
        signature = inspect.signature(obj)
    except (TypeError, ValueError):
        return None
    return {name: p.default for name, p in signature.parameters.items()
            if p.default is not inspect.Parameter.empty
            and isinstance(p.default, bool | int | float | str) and name != "name"}


def first_from_zero(x: np.ndarray, bad: np.ndarray) -> dict[str, float | str | None]:
    """The input closest to 0 on each side where ``bad`` holds."""
    out: dict[str, float | str | None] = {}
    for side, mask in (("+", x > 0), ("-", x < 0)):
        hit = bad & mask
        out[side] = number(x[hit][np.argmin(np.abs(x[hit]))]) if hit.any() else None
    return out


def low_precision(adapter: Adapter, fn: Callable[[Any], Any], act: Activation,
                  params: dict[str, float], dtype: str) -> dict[str, Any]:
    """Every finite input of a 16-bit type: where the framework first goes wrong."""
    import ml_dtypes

    np_type = np.float16 if dtype == "float16" else ml_dtypes.bfloat16
    x = np.arange(2**16, dtype=np.uint16).view(np_type)
    x = x[np.isfinite(x.astype(np.float32))].astype(np.float32)
    y, g = adapter.value_and_grad(fn, x, dtype)
    with np.errstate(all="ignore"):
        x64 = x.astype(np.float64)
        exact = np.asarray(act(x64, **params)).astype(np_type).astype(np.float64)
        slope = np.asarray(act.derivative(x64, **params)).astype(np_type).astype(np.float64)
    finite = np.isfinite(exact)
    report = {
        "inf_from": first_from_zero(x64, np.isinf(y)),
        "exact_inf_from": first_from_zero(x64, ~finite),
        "wrong_inf_or_nan_from": first_from_zero(x64, ~np.isfinite(y) & finite),
        "early_zero_from": first_from_zero(x64, (y == 0) & (exact != 0)),
    }
    if g is not None:
        report["grad_inf_or_nan_from"] = first_from_zero(x64, ~np.isfinite(g) & np.isfinite(slope))
    return report


def elementwise(adapter: Adapter, fn: Callable[[Any], Any], act: Elementwise,
                pair: fw.Pair) -> dict[str, Any]:
    params = dict(pair.params)
    result: dict[str, Any] = {}
    kinks = tuple(act.properties.breakpoints)
    for dtype in ("float64", "float32"):
        points = sample_inputs(np.dtype(dtype))
        try:
            y, g = adapter.value_and_grad(fn, points, dtype)
        except Exception as error:  # a framework without this precision says so
            result[dtype] = {"error": f"{type(error).__name__}: {str(error)[:160]}"}
            continue
        computes_in = dtype
        if adapter.returned != dtype:
            computes_in = adapter.returned  # it returned another type than it was given
        y = y.astype(np.dtype(dtype))
        def scorer(order: int, values: np.ndarray, points: np.ndarray = points) -> Any:
            if params:  # the framework's defaults are not the library's: mpmath
                return score(act, order, points, values, **params)
            return score_stored(act, order, points, values)

        def flushed(values: np.ndarray, exact: Any, dtype: str = dtype) -> np.ndarray:
            with np.errstate(all="ignore"):
                rounded = np.asarray(exact).astype(np.dtype(dtype))
            tiny = np.finfo(np.dtype(dtype)).smallest_normal
            return (values == 0) & (rounded != 0) & (np.abs(rounded) < tiny)

        x64 = points.astype(np.float64)
        entry: dict[str, Any] = {"f": worst(scorer(0, y), flushed(y, act(x64, **params)))}
        if computes_in != dtype:
            entry["computes_in"] = computes_in
        if g is not None:
            keep = ~np.isin(points, np.asarray(kinks, dtype=np.dtype(dtype)))
            g = g.astype(np.dtype(dtype))
            measured = scorer(1, g)
            keep_errors = type(measured)(measured.name, 1, measured.dtype, measured.x[keep],
                                          measured.errors[keep], measured.bounds[keep])
            with np.errstate(all="ignore"):
                slope = act.derivative(x64, **params)
            entry["df"] = worst(keep_errors, flushed(g, slope)[keep])
        result[dtype] = entry
    if kinks:
        at = np.array(kinks, dtype=np.float32)
        _, g = adapter.value_and_grad(fn, at, "float32")
        if g is not None:
            library = np.asarray(act.derivative(at.astype(np.float64), **params))
            result["df_at_kinks"] = [{"x": number(k), "framework": number(v), "library": number(w)}
                                     for k, v, w in zip(kinks, g, library, strict=True)]
    y, _ = adapter.value_and_grad(fn, SPECIAL, "float32")
    with np.errstate(all="ignore"):
        library = np.asarray(act(SPECIAL.astype(np.float64), **params)).astype(np.float32)
    result["special"] = [
        {"x": number(s) if s != 0 else ("-0" if math.copysign(1, s) < 0 else "0"),
         "framework": repr_of(v), "library": repr_of(w)}
        for s, v, w in zip(SPECIAL, y, library, strict=True)
        if repr_of(v) != repr_of(w)
    ]
    for dtype in LOW:
        try:
            result[dtype] = low_precision(adapter, fn, act, params, dtype)
        except Exception as error:
            result[dtype] = {"error": f"{type(error).__name__}: {str(error)[:160]}"}
    return result


def repr_of(value: float) -> str:
    value = float(value)
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    return repr(value) if math.isfinite(value) else str(value)


def vector(loaded: fw.Framework, fn: Callable[[Any], Any], act: Activation,
           pair: fw.Pair) -> dict[str, Any]:
    """Float32 test rows: the largest error in float32 ulp of the library's float64 answer."""
    rng = np.random.default_rng(20260)
    rows = np.concatenate([rng.standard_normal((4, 8)) * np.array([0.1, 1, 10, 100])[:, None],
                           [np.ones(8), [1000, -1000, 0, 1, 2, 3, 4, 5]]]).astype(np.float32)
    got = np.asarray(loaded.call(fn, rows), dtype=np.float64)
    want = np.asarray(act(rows.astype(np.float64), **pair.params))
    spacing = np.spacing(np.abs(want).astype(np.float32)).astype(np.float64)
    with np.errstate(all="ignore"):
        ulps = np.abs(got - want) / np.maximum(spacing, np.finfo(np.float32).smallest_subnormal)
    return {"float32_rows": {"ulp": number(np.nanmax(np.where(np.isnan(ulps), np.inf, ulps)))}}


# -- the three roads from inf to NaN -----------------------------------------------------------


def roads(framework: str, loaded: fw.Framework) -> dict[str, Any]:
    """Each road measured with the framework's own operations, in float32."""
    adapter = Adapter(framework, loaded)
    if framework in ("pytorch", "transformers"):
        torch = loaded.ns.torch
        ops = {"exp": torch.exp, "log": torch.log, "where": torch.where,
               "softmax": lambda v: torch.softmax(torch.from_numpy(v), dim=-1).numpy()}
    elif framework in ("jax", "keras"):
        jnp = importlib.import_module("jax.numpy")
        jnn = importlib.import_module("jax.nn")
        ops = {"exp": jnp.exp, "log": jnp.log, "where": jnp.where,
               "softmax": lambda v: np.asarray(jnn.softmax(jnp.asarray(v)))}
        if framework == "keras":
            keras = importlib.import_module("keras")
            ops["softmax"] = lambda v: np.asarray(keras.ops.convert_to_numpy(
                keras.activations.softmax(keras.ops.convert_to_tensor(v))))
    elif framework == "tensorflow":
        tf = loaded.ns.tf
        ops = {"exp": tf.exp, "log": tf.math.log, "where": tf.where,
               "softmax": lambda v: tf.nn.softmax(tf.constant(v)).numpy()}
    else:
        mx = loaded.ns.mx
        nn = loaded.ns.nn
        ops = {"exp": mx.exp, "log": mx.log, "where": mx.where,
               "softmax": lambda v: np.array(nn.softmax(mx.array(v)))}
    x = np.array([0.0, 20.0, 88.0, 89.0, 100.0], dtype=np.float32)
    naive_softplus = lambda t: ops["log"](1 + ops["exp"](t))  # noqa: E731
    naive_elu = lambda t: ops["where"](t > 0, t, ops["exp"](t) - 1)  # noqa: E731
    _, softplus_grad = adapter.value_and_grad(naive_softplus, x, "float32")
    _, elu_grad = adapter.value_and_grad(naive_elu, x, "float32")
    tiny = np.array([np.finfo(np.float32).smallest_subnormal], dtype=np.float32)
    doubled, _ = adapter.value_and_grad(lambda t: t + t, tiny, "float32")
    masked = np.full((1, 4), -np.inf, dtype=np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        softmax_row = np.asarray(ops["softmax"](masked), dtype=np.float64)
    return {
        "x": [number(v) for v in x],
        "softplus_naive_grad": [number(v) for v in softplus_grad],
        "where_unused_branch_grad": [number(v) for v in elu_grad],
        "softmax_masked_row": [number(v) for v in softmax_row.ravel()],
        # x + x at the smallest float32 subnormal: 2.8e-45, or 0 where subnormals flush
        "subnormal_doubled": number(doubled[0]),
    }


# -- the whole run ----------------------------------------------------------------------------


def pairs_of(framework: str) -> list[tuple[str, str, fw.Pair]]:
    """(library name, framework key, pair) for every pair of one framework."""
    if framework == "transformers":
        return [(name, key, pair) for key, (name, pair) in fw.TRANSFORMERS.items()]
    return [(key, key, pair) for key, pair in fw.TABLES[framework].items()]


def install_record() -> dict[str, Any]:
    path = Path(sys.prefix) / "frameworks-install.json"
    return json.loads(path.read_text()) if path.exists() else {}


def measure(only: set[str] | None) -> dict[str, Any]:
    installed = install_record().get("groups", {})
    record: dict[str, Any] = {
        "measured_on": datetime.date.today().isoformat(),
        "platform": {"system": platform.system(), "machine": platform.machine(),
                     "python": platform.python_version(), "numpy": np.__version__,
                     "processor": platform.processor() or platform.machine()},
        "frameworks": {},
        "results": [],
    }
    for framework in fw.LOADERS:
        begun = time.perf_counter()
        try:
            loaded = fw.LOADERS[framework]()
        except fw.MissingFrameworkError as missing:
            reason = installed.get(framework, {}).get("error") or str(missing)
            record["frameworks"][framework] = {"status": "not measured", "reason": reason[:300]}
            print(f"{framework:13s} not measured: {reason[:100]}", flush=True)
            continue
        if framework == "jax":
            importlib.import_module("jax").config.update("jax_enable_x64", True)
        adapter = Adapter(framework, loaded)
        entry: dict[str, Any] = {"status": "measured", "version": version(framework)}
        if framework == "keras":
            entry["backend"] = importlib.import_module("keras").backend.backend()
        count = 0
        for name, key, pair in pairs_of(framework):
            if only and name not in only:
                continue
            try:
                act = activations.get(name)
            except activations.UnknownActivationError:
                continue
            spelled = getattr(act.frameworks, FIELDS[framework])
            row: dict[str, Any] = {"function": name, "framework": framework, "key": key,
                                   "spelled": spelled, "params": dict(pair.params)}
            try:
                fn = pair.make(loaded.ns)
            except fw.MissingFrameworkError as missing:
                row["error"] = str(missing)
                record["results"].append(row)
                continue
            if framework != "transformers":
                row["defaults"] = defaults(spelled)
            try:
                if isinstance(act, Elementwise):
                    row.update(elementwise(adapter, fn, act, pair))
                else:
                    row.update(vector(loaded, fn, act, pair))
            except Exception as error:
                row["error"] = f"{type(error).__name__}: {str(error)[:200]}"
            record["results"].append(row)
            count += 1
        entry["roads"] = roads(framework, loaded)
        entry["seconds"] = round(time.perf_counter() - begun, 1)
        record["frameworks"][framework] = entry
        print(f"{framework:13s} {entry['version']:12s} {count:3d} functions "
              f"in {entry['seconds']:.0f} s", flush=True)
    return record


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "data" / "frameworks.json"))
    parser.add_argument("--only", default="", help="comma-separated library names")
    args = parser.parse_args()
    only = {name.strip() for name in args.only.split(",") if name.strip()} or None
    record = measure(only)
    text = json.dumps(record, indent=1, sort_keys=False, allow_nan=False)
    Path(args.out).write_text(text + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()

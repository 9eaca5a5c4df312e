"""Gradient checks a user can call: unigrad's derivatives against central finite differences.

Everything is measured on one scalar, ``sum_k sum(out_k * ct_k)`` with a fixed random cotangent
``ct_k`` per output, so a wrong sign, a wrong broadcast or a transposed rule in any output shows up
(a cotangent of ones would hide rules that are only wrong up to a permutation). Finite differences are
taken in float64 whatever the inputs were, because float32 differences are too noisy to judge by.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

import contextlib
from typing import Iterator

import unigrad
from unigrad import dtype as dt
from unigrad import ops
from unigrad._jit import reachable_parameters
from unigrad._tensor import Tensor

Fn = Callable[..., Any]


def as_tensors(inputs: Sequence[Any], float_dtype: dt.DType | None = dt.float64) -> list[Tensor]:
    """Tensors on the current backend; float arrays become ``float_dtype`` (kept as given when None)."""
    out = []
    for x in inputs:
        array = x.asnumpy() if isinstance(x, Tensor) else np.asarray(x)
        if float_dtype is not None and array.dtype.kind == "f":
            array = array.astype(float_dtype.numpy)
        out.append(Tensor(array))
    return out


def outputs_of(result: Any) -> tuple[Tensor, ...]:
    """An op's result as a flat tuple of Tensors (ops such as split and max return tuples)."""
    items = tuple(result) if isinstance(result, (tuple, list)) else (result,)
    for item in items:
        if not isinstance(item, Tensor):
            raise TypeError(f"expected the op to return Tensors, got {type(item).__name__}")
    return items


def float_positions(inputs: Sequence[Any]) -> tuple[int, ...]:
    """Indices of the floating-point inputs: the only ones that can carry a gradient."""
    return tuple(i for i, x in enumerate(inputs)
                 if (x.dtype.is_floating if isinstance(x, Tensor) else np.asarray(x).dtype.kind == "f"))


def cotangents(fn: Fn, tensors: Sequence[Tensor], seed: int = 0) -> list[np.ndarray]:
    """One fixed standard-normal float64 cotangent per output of ``fn(*tensors)``."""
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(o.shape) for o in outputs_of(fn(*tensors))]


def _objective(fn: Fn, cts: Sequence[np.ndarray]) -> Fn:
    """``x -> sum_k sum(out_k * ct_k)`` in unigrad ops (so it can be differentiated).

    Int and bool outputs are cast to float64 first; they carry no gradient but keep the sum well defined.
    """
    def objective(*xs):
        total = None
        for out, ct in zip(outputs_of(fn(*xs)), cts):
            if out.dtype is not dt.float64:
                out = ops.cast(out, dt.float64)
            term = ops.sum(ops.mul(out, Tensor(ct)))
            total = term if total is None else ops.add(total, term)
        return total
    return objective


def _objective_value(fn: Fn, tensors: Sequence[Tensor], cts: Sequence[np.ndarray]) -> float:
    """The same scalar, evaluated in NumPy from the forward values only (no autodiff involved)."""
    return float(sum(np.sum(o.asnumpy().astype(np.float64) * ct) for o, ct in zip(outputs_of(fn(*tensors)), cts)))


def analytic_grad(fn: Fn, tensors: Sequence[Tensor], argnums: Sequence[int],
                  cts: Sequence[np.ndarray]) -> list[np.ndarray]:
    """unigrad.grad of the cotangent-weighted objective with respect to ``tensors[argnums]``."""
    grads = unigrad.grad(_objective(fn, cts), grad_position=tuple(argnums))(*tensors)
    grads = grads if len(argnums) > 1 else (grads,)
    return [g.asnumpy() for g in grads]


def numeric_grad(fn: Fn, arrays: Sequence[np.ndarray], argnums: Sequence[int],
                 cts: Sequence[np.ndarray], eps: float) -> list[np.ndarray]:
    """Central differences of the objective in float64, one input element at a time."""
    base = [np.array(a, dtype=np.float64 if a.dtype.kind == "f" else a.dtype) for a in arrays]
    grads = []
    for i in argnums:
        g = np.zeros(base[i].shape)
        for idx in np.ndindex(*base[i].shape):
            values = []
            for step in (eps, -eps):
                shifted = [a.copy() for a in base]
                shifted[i][idx] += step
                values.append(_objective_value(fn, as_tensors(shifted), cts))
            g[idx] = (values[0] - values[1]) / (2 * eps)
        grads.append(g)
    return grads


def assert_close(actual: np.ndarray, expected: np.ndarray, rtol: float, atol: float, what: str) -> None:
    """Elementwise ``|actual - expected| <= atol + rtol |expected|``, else an AssertionError naming
    ``what`` and the index of the largest mismatch. NaN or inf on one side only is a mismatch."""
    actual = np.asarray(actual, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    if actual.shape != expected.shape:
        raise AssertionError(f"{what}: shape {actual.shape} differs from the expected {expected.shape}")
    with np.errstate(invalid="ignore"):
        excess = np.abs(actual - expected) - (atol + rtol * np.abs(expected))
        same_special = ~np.isfinite(expected) & ((actual == expected) | (np.isnan(actual) & np.isnan(expected)))
    bad = ~((excess <= 0) | same_special)
    if np.any(bad):
        score = np.where(bad, np.where(np.isfinite(excess), excess, np.inf), -np.inf)
        idx = np.unravel_index(int(np.argmax(score)), expected.shape) if expected.ndim else ()
        raise AssertionError(
            f"{what}: largest mismatch at index {tuple(int(i) for i in idx)}: got {actual[idx]!r}, "
            f"expected {expected[idx]!r} (rtol={rtol}, atol={atol}); {int(np.sum(bad))} of {expected.size} "
            f"element(s) off")


@contextlib.contextmanager
def parameters_in_float64(fn: Fn) -> Iterator[None]:
    """The float Parameters ``fn`` reaches (a model's weights, found as ``unigrad.jit`` finds them) hold
    float64 copies of their values inside the block, so that a model checks in float64 as its inputs do
    (a conv refuses a float64 input with float32 weights); their own arrays are back afterwards."""
    saved = []
    for p in reachable_parameters(fn):
        if p.dtype.is_floating and p.dtype is not dt.float64:
            saved.append((p, p._data))
            p._data = p._backend.cast(p._data, dt.float64)
    try:
        yield
    finally:
        for p, data in saved:
            p._data = data


def _prepare(inputs: Sequence[Any], argnums: Sequence[int] | int | None):
    arrays = [x.asnumpy() if isinstance(x, Tensor) else np.asarray(x) for x in inputs]
    if argnums is None:
        argnums = float_positions(arrays)
    elif isinstance(argnums, int):
        argnums = (argnums,)
    for i in argnums:
        if arrays[i].dtype.kind != "f":
            raise TypeError(f"argument {i} has dtype {arrays[i].dtype}; only float arguments can be checked")
    return arrays, tuple(argnums)


def _directional_ok(fn: Fn, arrays: list[np.ndarray], i: int, analytic: np.ndarray, cts: Sequence[np.ndarray],
                    eps: float, rtol: float, atol: float, rng: np.random.Generator) -> bool:
    """Whether ``analytic . d`` matches the central difference of the objective along a random ``d``: a
    fast screen before differencing every element. Its tolerance is a tenth of the smallest elementwise one,
    so one element off by more than its own tolerance fails it unless |d| is under 0.1 there (8 % of draws,
    and each argument gets two); a tolerance summed along ``d`` let a 0.4 % error in one element of 96 pass.
    Float64 differences are ~1e-10 accurate, so a correct gradient seldom needs the elementwise check.
    """
    if not np.all(np.isfinite(analytic)):
        return False
    d = rng.standard_normal(arrays[i].shape)
    values = []
    for step in (eps, -eps):
        moved = list(arrays)
        moved[i] = arrays[i].astype(np.float64) + step * d
        values.append(_objective_value(fn, as_tensors(moved), cts))
    numeric = (values[0] - values[1]) / (2 * eps)
    tolerance = 0.1 * float(np.min(atol + rtol * np.abs(analytic), initial=np.inf))
    return abs(float(np.sum(analytic * d)) - numeric) <= tolerance


def check_grad(fn: Fn, inputs: Sequence[Any], argnums: Sequence[int] | int | None = None, eps: float = 1e-6,
               rtol: float = 1e-5, atol: float = 1e-7, name: str | None = None, seed: int = 0,
               exhaustive: bool = False) -> None:
    """Assert that unigrad's gradient of ``fn`` matches central finite differences in float64.

    ``inputs``: arrays or Tensors (floats are checked in float64); ``argnums``: the float inputs to
    differentiate (all float inputs when None); the float Parameters ``fn`` reaches are checked in float64
    too (``parameters_in_float64``). Each argument is first checked along two random
    directions; when that fails (or with ``exhaustive``) every element is differenced, and the
    AssertionError names the op, the argument and the index of the largest mismatch.
    """
    arrays, argnums = _prepare(inputs, argnums)
    label = name or getattr(fn, "__name__", "fn")
    with parameters_in_float64(fn):
        tensors = as_tensors(arrays)
        cts = cotangents(fn, tensors, seed)
        analytic = analytic_grad(fn, tensors, argnums, cts)
        rng = np.random.default_rng(seed + 2)
        for i, a in zip(argnums, analytic):
            what = f"check_grad({label}): d/d argument {i}, unigrad vs finite differences"
            if a.shape != arrays[i].shape:
                raise AssertionError(f"{what}: gradient shape {a.shape} differs from the input shape "
                                     f"{arrays[i].shape}")
            a = a.astype(np.float64)
            if exhaustive or not all(_directional_ok(fn, arrays, i, a, cts, eps, rtol, atol, rng) for _ in range(2)):
                assert_close(a, numeric_grad(fn, arrays, [i], cts, eps)[0], rtol, atol, what)


def check_second_order(fn: Fn, inputs: Sequence[Any], argnums: Sequence[int] | int | None = None,
                       eps: float = 1e-5, rtol: float = 1e-5, atol: float = 1e-6, name: str | None = None,
                       seed: int = 0) -> None:
    """Assert that grad-of-grad matches finite differences of the gradient, as Hessian-vector products.

    With g = grad of the objective and a random direction v, unigrad's ``grad(g . v)`` is H v; the
    reference is ``(g(x + eps v) - g(x - eps v)) / 2 eps``, which needs only two gradient evaluations.
    """
    arrays, argnums = _prepare(inputs, argnums)
    label = name or getattr(fn, "__name__", "fn")
    with parameters_in_float64(fn):
        _check_second_order(fn, arrays, argnums, eps, rtol, atol, label, seed)


def _check_second_order(fn: Fn, arrays: list[np.ndarray], argnums: tuple[int, ...], eps: float, rtol: float,
                        atol: float, label: str, seed: int) -> None:
    tensors = as_tensors(arrays)
    cts = cotangents(fn, tensors, seed)
    rng = np.random.default_rng(seed + 1)
    directions = {i: rng.standard_normal(arrays[i].shape) for i in argnums}
    objective = _objective(fn, cts)
    grad_fn = unigrad.grad(objective, grad_position=argnums)

    def grad_dot_v(*xs):
        grads = grad_fn(*xs)
        grads = grads if len(argnums) > 1 else (grads,)
        total = None
        for i, g in zip(argnums, grads):
            term = ops.sum(ops.mul(g, Tensor(directions[i])))
            total = term if total is None else ops.add(total, term)
        return total

    hvp = unigrad.grad(grad_dot_v, grad_position=argnums)(*tensors)
    hvp = hvp if len(argnums) > 1 else (hvp,)

    def shifted_grads(step: float) -> list[np.ndarray]:
        moved = [a.astype(np.float64) + step * directions[i] if i in directions else a for i, a in enumerate(arrays)]
        return analytic_grad(fn, as_tensors(moved), argnums, cts)

    plus, minus = shifted_grads(eps), shifted_grads(-eps)
    for k, i in enumerate(argnums):
        expected = (plus[k] - minus[k]) / (2 * eps)
        assert_close(hvp[k].asnumpy(), expected, rtol, atol,
                     f"check_second_order({label}): H v for argument {i}, unigrad vs finite differences")

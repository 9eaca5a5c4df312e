"""Planted errors for the mutation check (tests/test_mutations.py): each makes one primitive or native
kernel of one backend slightly wrong, and the conformance suite must then fail.

A mutation wraps what runs the op, written with the backend's own primitives so that it works on every
backend and under every order of derivative:
  * ``slope(f)``: the gradient scaled by ``f`` (y + (f - 1) * (y - stop(y)): the value is unchanged);
  * ``value(f)``: the value scaled by ``f``;
  * ``kink(at, slope)``: ``slope`` added to the derivative at exactly ``x == at`` (a wrong choice at a kink);
  * ``broadcast``: the gradient of a broadcast operand divided by the broadcast's size (a sum become a mean);
  * ``nan_to_other``: a binary op returns its second operand where the first is NaN;
  * ``last_tie``: argmax / argmin choose the last of equal values; ``reversed_ties``: argsort puts them in
    reverse order.
``UNIGRAD_MUTATION=<name>`` makes tests/conftest.py apply mutation ``name`` before any test runs;
``with planted(name):`` applies it inside one block only (a test that must see a wrong rule caught).
"""
from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from unigrad.backends import load
from unigrad.ops import _dispatch


@dataclass(frozen=True)
class Mutation:
    backend: str
    target: str                        # a primitive, or a native kernel of that name when ``kernel``
    wrap: Callable[[Any, Callable], Callable]
    select: str                        # pytest -k expression: the tests of the op that must catch it
    kernel: bool = False


def _floating(b, y) -> bool:
    """Whether ``y`` is a float array: the only results a mutation touches (int and bool ones pass)."""
    return y is not NotImplemented and b.is_array(y) and b.dtype(y).is_floating


def slope(factor: float):
    def wrap(b, f):
        def mutated(*args):
            y = f(*args)
            if not _floating(b, y):
                return y
            return b.add(y, b.mul(b.sub(y, b.stop_gradient(y)), factor - 1.0))
        return mutated
    return wrap


def value(factor: float):
    def wrap(b, f):
        def mutated(*args):
            y = f(*args)
            return b.mul(y, factor) if _floating(b, y) else y
        return mutated
    return wrap


def kink(at: float, extra_slope: float):
    def wrap(b, f):
        def mutated(x, *rest):
            y = f(x, *rest)
            if not _floating(b, y) or not _floating(b, x):
                return y
            dtype = b.dtype(x)
            hit = b.equal(x, b.full((), at, dtype))
            step = b.mul(b.sub(x, b.stop_gradient(x)), extra_slope)
            return b.add(y, b.where(hit, step, b.full((), 0, dtype)))
        return mutated
    return wrap


def broadcast(b, f):
    def mutated(x, y):
        out = f(x, y)
        if not _floating(b, out) or not _floating(b, y):
            return out
        size = math.prod(b.shape(out)) // max(math.prod(b.shape(y)), 1)
        if size <= 1:
            return out
        scaled = b.add(b.mul(y, 1.0 / size), b.mul(b.stop_gradient(y), 1.0 - 1.0 / size))
        return f(x, scaled)
    return mutated


def nan_to_other(b, f):
    def mutated(x, y):
        out = f(x, y)
        if not _floating(b, x):
            return out
        return b.where(b.not_equal(x, x), y if b.is_array(y) else b.full((), y, b.dtype(x)), out)
    return mutated


def _reversed(b, x, axis: int):
    """``x`` reversed along ``axis``."""
    return b.getitem(x, (slice(None),) * axis + (slice(None, None, -1),))


def last_tie(b, f):
    def mutated(x, axis, keepdims):
        if axis is None:
            return f(x, axis, keepdims)
        size = b.shape(x)[axis]
        index = f(_reversed(b, x, axis), axis, keepdims)
        return b.sub(b.full((), size - 1, b.dtype(index)), index)
    return mutated


def reversed_ties(b, f):
    def mutated(x, axis, descending):
        ascending = f(x, axis, False)
        if not descending:
            return ascending
        return _reversed(b, ascending, axis)  # equal values come out in reverse order
    return mutated


_ERROR = 1.001  # a 1e-3 relative error
MUTATIONS: dict[str, Mutation] = {
    # a wrong derivative of a smooth primitive or kernel
    "torch_tanh_slope": Mutation("torch", "tanh", slope(_ERROR), "tanh"),
    "torch_sigmoid_slope": Mutation("torch", "sigmoid", slope(_ERROR), "sigmoid"),
    "torch_erf_slope": Mutation("torch", "erf", slope(_ERROR), "erf or gelu"),
    "torch_conv2d_kernel_slope": Mutation("torch", "conv2d", slope(_ERROR), "conv2d or Conv2d", kernel=True),
    "torch_dense_kernel_slope": Mutation("torch", "dense", slope(_ERROR), "dense or Dense", kernel=True),
    "jax_exp_slope": Mutation("jax", "exp", slope(_ERROR), "exp"),
    "jax_sqrt_slope": Mutation("jax", "sqrt", slope(_ERROR), "sqrt"),
    "jax_matmul_slope": Mutation("jax", "matmul", slope(_ERROR), "matmul"),
    "numpy_log_slope": Mutation("numpy", "log", slope(_ERROR), "log"),
    "numpy_sin_slope": Mutation("numpy", "sin", slope(_ERROR), "sin"),
    # a wrong value
    "numpy_exp_value": Mutation("numpy", "exp", value(_ERROR), "exp"),
    "torch_sum_value": Mutation("torch", "sum", value(_ERROR), "sum"),
    "jax_cumsum_value": Mutation("jax", "cumsum", value(_ERROR), "cumsum"),
    # a wrong choice at a kink
    "torch_abs_slope_1_at_0": Mutation("torch", "abs", kink(0.0, 1.0), "abs or edge_conventions"),
    "torch_relu_kernel_slope_1_at_0": Mutation("torch", "relu", kink(0.0, 1.0), "relu or edge_conventions",
                                               kernel=True),
    "numpy_relu_kernel_slope_1_at_0": Mutation("numpy", "relu", kink(0.0, 1.0), "relu or edge_conventions",
                                               kernel=True),
    "jax_abs_slope_1_at_0": Mutation("jax", "abs", kink(0.0, 1.0), "abs or edge_conventions"),
    "torch_relu6_kernel_slope_0_at_6": Mutation("torch", "relu6", kink(6.0, -1.0), "relu6 or edge_conventions",
                                                kernel=True),
    # a dropped broadcast
    "numpy_add_broadcast": Mutation("numpy", "add", broadcast, "add"),
    "torch_mul_broadcast": Mutation("torch", "mul", broadcast, "mul"),
    "jax_sub_broadcast": Mutation("jax", "sub", broadcast, "sub"),
    # NaN and ties
    "jax_maximum_nan": Mutation("jax", "maximum", nan_to_other, "maximum or edge_conventions"),
    "torch_argmax_last_tie": Mutation("torch", "argmax", last_tie, "argmax or max or edge_conventions"),
    "jax_argmin_last_tie": Mutation("jax", "argmin", last_tie, "argmin or min or edge_conventions"),
    "numpy_argsort_reversed_ties": Mutation("numpy", "argsort", reversed_ties, "sort or topk"),
}


def apply(name: str) -> None:
    """Plant mutation ``name`` in its backend (for the rest of the process)."""
    mutation = MUTATIONS[name]
    backend = load(mutation.backend)
    if mutation.kernel:
        original = backend.kernels[mutation.target]
        backend.kernels = {**backend.kernels, mutation.target: mutation.wrap(backend, original)}
    else:
        setattr(backend, mutation.target, mutation.wrap(backend, getattr(backend, mutation.target)))
    _dispatch._tables.clear()  # the per-backend dispatch tables hold what ran before



@contextlib.contextmanager
def planted(name: str) -> Iterator[None]:
    """Mutation ``name`` applied inside the block only; its backend has its own primitive or kernels back after."""
    mutation = MUTATIONS[name]
    backend = load(mutation.backend)
    attribute = "kernels" if mutation.kernel else mutation.target
    saved = backend.__dict__.get(attribute)  # None: the class's own, found again once the instance's is gone
    apply(name)
    try:
        yield
    finally:
        if saved is None:
            delattr(backend, attribute)
        else:
            setattr(backend, attribute, saved)
        _dispatch._tables.clear()

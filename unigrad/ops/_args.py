"""Argument handling shared by every op: find the backend, check it, apply MindSpore's promotion.

This is the only place where Python scalars meet Tensors, so the rules live here once:
a scalar never widens a Tensor of its own kind, a float scalar turns an int Tensor into Float32,
two Tensors promote by ``dtype.promote``, and two Tensors on different backends are a TypeError.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from unigrad import dtype as dt
from unigrad._tensor import Tensor, mixed_backends, same_backend, wrap  # noqa: F401  (re-exported for the ops)

# float dtypes a Python float scalar never widens on any backend (NumPy widens bfloat16 to float32)
_SCALAR_SAFE = frozenset((dt.float16, dt.float32, dt.float64))


def not_a_tensor(x: Any, name: str = "input") -> TypeError:
    """The error for a non-Tensor argument (raised by ``tensor_arg``, and by the hottest ops, which
    check inline: each Python call on a training step's path costs ~0.5-1k instructions)."""
    return TypeError(f"{name} must be a Tensor, got {type(x).__name__}")


def tensor_arg(x: Any, name: str = "input"):
    """(backend, array) of a Tensor argument; TypeError naming the argument otherwise."""
    if isinstance(x, Tensor):
        return x._backend, x._data
    raise not_a_tensor(x, name)


def check_same_backend(first: Tensor, *others: Tensor | None) -> None:
    """TypeError when one of ``others`` (Tensors, or None for an absent bias) is on another backend than ``first``."""
    backend = first._backend
    for t in others:
        if t is not None and t._backend is not backend:
            raise mixed_backends(first, t)


def layer_operands(input: Any, weight: Any, bias: Any):
    """(backend, x, w, b) of a fused layer op (dense, conv): Tensors on one backend; b is None without a bias.

    Straight-line checks: this runs on every layer of every step."""
    if not isinstance(input, Tensor):
        raise TypeError(f"input must be a Tensor, got {type(input).__name__}")
    if not isinstance(weight, Tensor):
        raise TypeError(f"weight must be a Tensor, got {type(weight).__name__}")
    backend = input._backend
    if weight._backend is not backend:
        raise mixed_backends(input, weight)
    if bias is None:
        return backend, input._data, weight._data, None
    if not isinstance(bias, Tensor):
        raise TypeError(f"bias must be a Tensor, got {type(bias).__name__}")
    if bias._backend is not backend:
        raise mixed_backends(input, bias)
    return backend, input._data, weight._data, bias._data


def binary(x: Any, y: Any, *, floating: bool = False, compares: bool = False):
    """(backend, a, b) ready for a binary primitive: one dtype, or an array and a harmless scalar.

    ``floating``: the result must be a float (true division), so int operands become Float32.
    ``compares``: a comparison, which takes an int scalar beyond the int Tensor's range as it is (arithmetic
    wraps it around).
    """
    if isinstance(x, Tensor):
        backend, a = x._backend, x._data
        if type(y) is float and backend.dtype(a) in _SCALAR_SAFE:  # the hot path: nothing to convert
            return backend, a, y
        if isinstance(y, Tensor):
            if y._backend is not backend:
                raise mixed_backends(x, y)
            b = y._data
            da, db = backend.dtype(a), backend.dtype(b)
            target = dt.promote(da, db)
            if floating and not target.is_floating:
                target = dt.float32
            if da is not target:
                a = backend.cast(a, target)
            if db is not target:
                b = backend.cast(b, target)
            return backend, a, b
        return (backend, *_with_scalar(backend, a, y, floating, compares))
    if isinstance(y, Tensor):
        backend, b = y._backend, y._data
        if type(x) is float and backend.dtype(b) in _SCALAR_SAFE:  # lr * grad: nothing to convert
            return backend, x, b
        b, x2 = _with_scalar(backend, b, x, floating, compares)
        return backend, x2, b
    raise TypeError(f"expected at least one Tensor, got {type(x).__name__} and {type(y).__name__}")


def check_broadcast(backend, *operands: Any) -> None:
    """ValueError naming the shapes when ``operands`` (arrays and Python scalars) do not broadcast together.

    MindSpore raises ValueError there, and so do NumPy and jax, torch a RuntimeError: the elementwise ops
    call this only once their primitive has raised (a ``try`` costs nothing until it catches), so every
    backend gives the same error without a shape check on every call."""
    broadcast_shapes(*[tuple(backend.shape(o)) for o in operands if not isinstance(o, (bool, int, float))])


def broadcast_shapes(*shapes: tuple[int, ...]) -> None:
    """ValueError naming ``shapes`` when they do not broadcast together."""
    try:
        np.broadcast_shapes(*shapes)
    except ValueError:
        raise ValueError(f"shapes {', '.join(map(str, shapes))} do not broadcast together") from None


def refuse_bool(owner: str, backend, *operands: Any) -> None:
    """TypeError for a Bool operand of arithmetic that MindSpore has no Bool kernel for (negation,
    subtraction, powers, rounding, relu6, matrix products): NumPy and jax would answer, torch raise."""
    for o in operands:
        if not isinstance(o, (bool, int, float)) and backend.dtype(o) is dt.bool_:
            raise TypeError(f"For '{owner}', the input must be an int or float Tensor, but got a Bool Tensor")


def _with_scalar(backend, a, scalar, floating: bool, compares: bool):
    da = backend.dtype(a)
    if type(scalar) is float and da in _SCALAR_SAFE:  # the common case, nothing to convert
        return a, scalar
    # true division makes an int Tensor Float32 before the scalar meets it (UInt32 / 2 is Float32 too)
    target = dt.promote_with_scalar(dt.float32 if floating and not da.is_floating else da, scalar)
    if target is not da:
        a = backend.cast(a, target)
    if target not in _SCALAR_SAFE and target.kind == "float":  # NumPy would widen a bfloat16 array
        scalar = backend.full((), scalar, target)
    elif target.kind == "float":
        scalar = float(scalar)
    elif target.kind in ("int", "uint"):
        scalar = int(scalar)
        wrapped = _wrapped(scalar, target)
        if wrapped == scalar or not compares:
            scalar = wrapped
        elif -2 ** 63 <= scalar < 2 ** 63:  # uint8 < 300 is True, as in MindSpore: compared in Int64
            a = backend.cast(a, dt.int64)
        else:  # beyond Int64: only the order of magnitude matters
            a, scalar = backend.cast(a, dt.float64), float(scalar)
    else:
        scalar = bool(scalar)
    return a, scalar


def _wrapped(value: int, dtype: dt.DType) -> int:
    """``value`` as an int Tensor of ``dtype`` holds it: wrapped around into its range, as MindSpore's
    arithmetic, torch and jax do (``uint8 + 300`` adds 44; NumPy refuses the Python int)."""
    bits = 8 * dtype.itemsize
    low = -(1 << (bits - 1)) if dtype.kind == "int" else 0
    return (value - low) % (1 << bits) + low


def unary_float(x: Any):
    """(backend, array) for a float-only op: int and bool Tensors become Float32 (as MindSpore's exp)."""
    if not isinstance(x, Tensor):
        raise not_a_tensor(x)
    backend, a = x._backend, x._data
    if backend.dtype(a).kind != "float":
        a = backend.cast(a, dt.float32)
    return backend, a


def norm_axis(axis: Any, ndim: int, name: str = "axis"):
    """Axes made non-negative and checked: None, an int, or a tuple/list of ints."""
    rank = max(ndim, 1)
    if type(axis) is not int:  # a plain int, the case of every reduction, goes straight to the range check
        if axis is None:
            return None
        if isinstance(axis, (tuple, list)):
            axes = tuple(norm_axis(a, ndim, name) for a in axis)
            if len(set(axes)) != len(axes):
                raise ValueError(f"{name} {tuple(axis)} repeats an axis")
            return axes
        if isinstance(axis, Tensor):
            axis = int(axis)
        if isinstance(axis, bool) or not isinstance(axis, int):
            raise TypeError(f"{name} must be an int or a tuple of ints, got {type(axis).__name__}")
    if not -rank <= axis < rank:
        raise ValueError(f"{name} {axis} is out of range for a Tensor of rank {ndim}; "
                         f"allowed: [{-rank}, {rank - 1}]")
    return axis % rank

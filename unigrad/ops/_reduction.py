"""Reductions with MindSpore's axis / keep_dims arguments and its result dtypes."""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from unigrad import dtype as dt
from unigrad._tensor import Tensor
from unigrad.ops._args import norm_axis, tensor_arg
from unigrad.ops._dispatch import call, composite


def _prepared(input: Tensor, axis: Any):
    """(backend, array, axis): a 0-d Tensor takes axis 0 or -1 and reduces over everything (MindSpore's
    and torch's rule), so the backends see None there."""
    backend, a = tensor_arg(input)
    ndim = len(backend.shape(a))
    axis = norm_axis(axis, ndim)
    return backend, a, axis if ndim else None


def _count(shape: tuple, axis) -> int:
    if axis is None:
        return math.prod(shape)
    axes = axis if isinstance(axis, tuple) else (axis,)
    return math.prod([shape[i] for i in axes])


def _accumulated(source: dt.DType) -> dt.DType:
    """The dtype MindSpore sums and multiplies ``source`` in: Int64 for Bool and the signed ints and UInt8;
    floats, UInt16, UInt32 and UInt64 stay as they are (and wrap around)."""
    return source if source.is_floating or source in dt.WIDE_UNSIGNED else dt.int64


def sum(input: Tensor, dim: Any = None, keepdim: bool = False, *, dtype: dt.DType | None = None) -> Tensor:
    """Sum over ``dim``; int and bool Tensors sum to Int64 (MindSpore's rule, ``_accumulated``) unless ``dtype``
    says."""
    backend, a, axis = _prepared(input, dim)
    source = backend.dtype(a)
    target = dt.check(dtype) if dtype is not None else _accumulated(source)
    if target is not source:
        a = backend.cast(a, target)
    return call("sum", backend, a, axis, keepdim)


def mean(input: Tensor, axis: Any = None, keep_dims: bool = False) -> Tensor:
    """Mean over ``axis``; an int Tensor's mean stays in its dtype, truncated (as MindSpore's)."""
    backend, a, axis = _prepared(input, axis)
    return call("mean", backend, a, axis, keep_dims)


@composite("mean")
def mean_generic(backend, a, axis, keep_dims: bool):
    source = backend.dtype(a)
    if not source.is_floating:
        a = backend.cast(a, dt.float64)
    out = backend.div(backend.sum(a, axis, keep_dims), float(_count(backend.shape(a), axis)))
    if not source.is_floating:
        out = backend.cast(backend.mul(backend.sign(out), backend.floor(backend.abs(out))), source)
    return out


def prod(input: Tensor, axis: Any = None, keep_dims: bool = False) -> Tensor:
    """Product over ``axis``, in sum's dtype (Int32 and Bool multiply to Int64, as MindSpore's)."""
    backend, a, axis = _prepared(input, axis)
    source = backend.dtype(a)
    target = _accumulated(source)
    if target is not source:
        a = backend.cast(a, target)
    return call("prod", backend, a, axis, keep_dims)


def amax(input: Tensor, axis: Any = None, keepdims: bool = False) -> Tensor:
    """Largest value; the gradient is shared among ties."""
    backend, a, axis = _prepared(input, axis)
    return call("max", backend, a, axis, keepdims)


def amin(input: Tensor, axis: Any = None, keepdims: bool = False) -> Tensor:
    backend, a, axis = _prepared(input, axis)
    return call("min", backend, a, axis, keepdims)


def _single_axis(input: Tensor, axis: Any, name: str):
    backend, a, axis = _prepared(input, axis)
    if isinstance(axis, tuple):
        raise TypeError(f"{name} takes one axis (an int or None), got {axis}")
    return backend, a, axis


def _index_of(primitive: str, backend, a, axis, keepdims: bool, dtype: dt.DType) -> Tensor:
    """argmax or argmin as ``dtype``; Bool counts as Int32 (torch has no Bool kernel for them)."""
    if backend.dtype(a) is dt.bool_:
        a = backend.cast(a, dt.int32)
    return call("cast", backend, call(primitive, backend, a, axis, keepdims)._data, dtype)


def argmax(input: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:
    """Index of the largest value (Int64); ``dim=None`` indexes the flattened Tensor."""
    backend, a, axis = _single_axis(input, dim, "argmax")
    return _index_of("argmax", backend, a, axis, keepdim, dt.int64)


def argmin(input: Tensor, axis: Any = None, keepdims: bool = False) -> Tensor:
    """Index of the smallest value; Int32, unlike argmax (MindSpore 2.10's dtypes)."""
    backend, a, axis = _single_axis(input, axis, "argmin")
    return _index_of("argmin", backend, a, axis, keepdims, dt.int32)


def _take_along(backend, a, index, axis):
    """``a``'s elements at ``index`` (an argmax or argmin kept with its reduced axis) along ``axis``, or of
    the flattened ``a`` for axis None: an indexing, so the gradient goes to those positions only (the
    first maximum or minimum of each row, as MindSpore's), on every backend alike."""
    if axis is None:
        return backend.getitem(backend.reshape(a, (-1,)), (backend.reshape(index, (-1,)),))
    grid = np.indices(backend.shape(index), sparse=True)
    return backend.getitem(a, tuple(index if i == axis else backend.asarray(part, dt.int64)
                                    for i, part in enumerate(grid)))


def _chosen(chooser: str, input: Tensor, axis: Any, keepdims: bool) -> tuple[Tensor, Tensor]:
    """(values, Int64 indices) of ops.max / ops.min: the values taken at the returned indices."""
    backend, a, axis = _single_axis(input, axis, chooser[3:])
    index = _index_of(chooser, backend, a, axis, True, dt.int64)._data
    values = _take_along(backend, a, index, axis)
    shape = backend.shape(index) if keepdims else _reduced_shape(backend.shape(a), axis)
    return call("reshape", backend, values, shape), call("reshape", backend, index, shape)


def max(input: Tensor, axis: Any = None, keepdims: bool = False) -> tuple[Tensor, Tensor]:
    """(values, Int64 indices) along ``axis``, as MindSpore's ops.max: the gradient goes to the returned
    index (the first maximum), not shared among ties as amax's."""
    return _chosen("argmax", input, axis, keepdims)


def min(input: Tensor, axis: Any = None, keepdims: bool = False) -> tuple[Tensor, Tensor]:
    """(values, Int64 indices) along ``axis``, as MindSpore's ops.min (the gradient to the first minimum)."""
    return _chosen("argmin", input, axis, keepdims)


def logsumexp(input: Tensor, dim: Any, keepdim: bool = False) -> Tensor:
    """log(sum(exp(x))) computed stably by shifting by the (gradient-free) maximum."""
    backend, a, axis = _prepared(input, dim)
    if not backend.dtype(a).is_floating:
        a = backend.cast(a, dt.float32)
    if _count(backend.shape(a), axis) == 0:  # the log of an empty sum: -inf (its maximum has no identity)
        shape = _reduced_shape(backend.shape(a), axis) if not keepdim else tuple(
            1 if i in _axes(axis, len(backend.shape(a))) else n for i, n in enumerate(backend.shape(a)))
        return call("full", backend, shape, float("-inf"), backend.dtype(a))
    return call("logsumexp", backend, a, axis, keepdim)


@composite("logsumexp")
def logsumexp_generic(backend, a, axis, keepdim: bool):
    shift = backend.stop_gradient(backend.max(a, axis, True))
    total = backend.sum(backend.exp(backend.sub(a, shift)), axis, True)
    out = backend.add(backend.log(total), shift)
    if not keepdim:
        out = backend.reshape(out, _reduced_shape(backend.shape(a), axis))
    return out


def _axes(axis, ndim: int):
    return range(ndim) if axis is None else (axis if isinstance(axis, tuple) else (axis,))


def _reduced_shape(shape: tuple, axis) -> tuple:
    axes = _axes(axis, len(shape))
    return tuple(n for i, n in enumerate(shape) if i not in axes)


def _cumulative(name: str, input: Tensor, axis: int, dtype: dt.DType | None) -> Tensor:
    if isinstance(input, Tensor) and input.ndim == 0:
        raise ValueError(f"For '{name}', the input must have at least one axis, but got a 0-d Tensor")
    backend, a, axis = _single_axis(input, axis, name)
    if axis is None:
        raise TypeError(f"{name} needs an axis (an int)")
    if dtype is not None:
        a = backend.cast(a, dt.check(dtype))
    elif backend.dtype(a) is dt.bool_:  # True counts as 1, as in sum (MindSpore's cumprod gives Int64)
        a = backend.cast(a, dt.int64)
    return call(name, backend, a, axis)


def cumsum(x: Tensor, axis: int, dtype: dt.DType | None = None) -> Tensor:
    return _cumulative("cumsum", x, axis, dtype)


def cumprod(input: Tensor, dim: int, dtype: dt.DType | None = None) -> Tensor:
    return _cumulative("cumprod", input, dim, dtype)


def norm(A: Tensor, ord: Any = None, dim: Any = None, keepdim: bool = False, *,
         dtype: dt.DType | None = None) -> Tensor:
    """Vector p-norms (ord None/2, 1, inf, -inf, p) and the Frobenius norm over two axes."""
    backend, a, axis = _prepared(A, dim)
    if dtype is not None:
        a = backend.cast(a, dt.check(dtype))
    elif not backend.dtype(a).is_floating:
        raise TypeError(f"norm needs a float Tensor, got {backend.dtype(a)}")
    if not (ord in (None, 2, "fro", 1) or ord in (float("inf"), float("-inf"))
            or isinstance(ord, (int, float)) and not isinstance(ord, bool) and ord > 0):
        raise ValueError(f"norm's ord must be None, 'fro', 1, 2, inf, -inf or a positive number, got {ord!r}")
    return call("norm", backend, a, ord, axis, keepdim)


@composite("norm")
def norm_generic(backend, a, ord, axis, keepdim: bool):
    if ord in (None, 2, "fro"):
        out = _root_of_positive(backend, backend.sum(backend.mul(a, a), axis, keepdim), 2.0)
    elif ord == 1:
        out = backend.sum(backend.abs(a), axis, keepdim)
    elif ord in (float("inf"), float("-inf")) and not isinstance(axis, tuple):
        size = backend.abs(a)  # the gradient goes to the first largest (smallest) |x|, as MindSpore's
        index = (backend.argmax if ord > 0 else backend.argmin)(size, axis, True)
        out = backend.reshape(_take_along(backend, size, index, axis),
                              backend.shape(index) if keepdim else _reduced_shape(backend.shape(a), axis))
    elif ord == float("inf"):
        out = backend.max(backend.abs(a), axis, keepdim)
    elif ord == float("-inf"):
        out = backend.min(backend.abs(a), axis, keepdim)
    else:
        p = float(ord)
        out = _root_of_positive(backend, backend.sum(backend.pow(backend.abs(a), p), axis, keepdim), p)
    return out


def _root_of_positive(backend, total, p: float):
    """total ** (1 / p), with gradient 0 where total is 0: the norm of a zero vector is 0 and keeps a
    training run finite (MindSpore's gradient there), where the root's slope alone makes it NaN."""
    dtype = backend.dtype(total)
    nonzero = backend.not_equal(total, backend.full((), 0, dtype))  # NaN too: the norm of a NaN is NaN
    safe = backend.where(nonzero, total, backend.full((), 1, dtype))
    root = backend.sqrt(safe) if p == 2.0 else backend.pow(safe, 1.0 / p)
    return backend.where(nonzero, root, backend.full((), 0, dtype))


def _count_true(backend, a, axis, keep_dims: bool):
    """(how many elements are true along ``axis`` as Int64, how many there are)."""
    ones = backend.cast(backend.cast(a, dt.bool_), dt.int64)
    return backend.sum(ones, axis, keep_dims), _count(backend.shape(a), axis)


def all(input: Tensor, axis: Any = None, keep_dims: bool = False) -> Tensor:
    """Whether every element along ``axis`` is true; True over an empty axis."""
    return call("all", *_prepared(input, axis), keep_dims)


@composite("all")
def all_generic(backend, a, axis, keep_dims: bool):
    count, n = _count_true(backend, a, axis, keep_dims)
    return backend.equal(count, backend.full((), n, dt.int64))


def any(input: Tensor, axis: Any = None, keep_dims: bool = False) -> Tensor:
    """Whether some element along ``axis`` is true; False over an empty axis."""
    return call("any", *_prepared(input, axis), keep_dims)


@composite("any")
def any_generic(backend, a, axis, keep_dims: bool):
    count, _ = _count_true(backend, a, axis, keep_dims)
    return backend.greater(count, backend.full((), 0, dt.int64))


def _primitive_axis(axis: Any) -> Any:
    """MindSpore's reduce_* read ``axis=()`` (their default) as every axis."""
    return None if isinstance(axis, (tuple, list)) and len(axis) == 0 else axis


def reduce_sum(x: Tensor, axis: Any = ()) -> Tensor:
    """``ops.ReduceSum()(x, axis)`` as a function: sum's dtypes."""
    return sum(x, _primitive_axis(axis))


def reduce_mean(x: Tensor, axis: Any = ()) -> Tensor:
    return mean(x, _primitive_axis(axis))


def reduce_max(x: Tensor, axis: Any = ()) -> Tensor:
    """amax: ties share the gradient (as MindSpore's ReduceMax)."""
    return amax(x, _primitive_axis(axis))


def reduce_min(x: Tensor, axis: Any = ()) -> Tensor:
    return amin(x, _primitive_axis(axis))

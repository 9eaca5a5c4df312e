"""Statistics along an axis: spread (std, var), NaN-skipping sums and means, the median, running extremes
(cummax, cummin, logcumsumexp) and differences. Each is composed of the public ops, so its gradient is
theirs; a value picked from the input (median, cummax) is taken at its index, so the gradient goes to that
element only."""
from __future__ import annotations

import builtins
import math
from typing import Any

import numpy as np

from unigrad import dtype as dt
from unigrad._tensor import Tensor
from unigrad.ops import _math as m, _reduction as red
from unigrad.ops._args import norm_axis, tensor_arg
from unigrad.ops._dispatch import call
from unigrad.ops._indexing import gather_elements, getitem
from unigrad.ops._creation import arange
from unigrad.ops._linalg import matmul
from unigrad.ops._shape import broadcast_to, concat, expand_dims, reshape, squeeze, transpose
from unigrad.ops._sorting import argsort


def _size(input: Tensor, axis: Any) -> int:
    """How many elements a reduction over ``axis`` (None, an int or a tuple) takes together."""
    shape = input.shape
    if axis is None or isinstance(axis, (tuple, list)) and len(axis) == 0:
        return math.prod(shape)
    axes = norm_axis(axis, len(shape))
    return math.prod(shape[i] for i in (axes if isinstance(axes, tuple) else (axes,)))


def _ddof(ddof: Any) -> int:
    """MindSpore's ddof: an int, or a bool (True: 1, the unbiased estimate)."""
    if not isinstance(ddof, int):
        raise TypeError(f"ddof must be an int or a bool, got {type(ddof).__name__}")
    return int(ddof)


def var(input: Tensor, axis: Any = None, ddof: int | bool = 0, keepdims: bool = False) -> Tensor:
    """Variance over ``axis``: the mean square deviation, divided by n - ddof instead of n."""
    axis = None if isinstance(axis, (tuple, list)) and len(axis) == 0 else axis
    x = m._float(input)
    deviation = m.sub(x, red.mean(x, axis, True))
    return m.div(red.sum(m.square(deviation), axis, keepdims), float(_size(x, axis) - _ddof(ddof)))


def std(input: Tensor, axis: Any = None, ddof: int | bool = 0, keepdims: bool = False) -> Tensor:
    """Standard deviation: sqrt of ``var`` (its slope is NaN where every element is equal, 0 / 0)."""
    return m.sqrt(var(input, axis, ddof, keepdims))


def var_mean(input: Tensor, axis: Any = None, ddof: int | bool = 0, keepdims: bool = False) -> tuple[Tensor, Tensor]:
    """(var, mean), in MindSpore's order."""
    axis_ = None if isinstance(axis, (tuple, list)) and len(axis) == 0 else axis
    return var(input, axis, ddof, keepdims), red.mean(m._float(input), axis_, keepdims)


def std_mean(input: Tensor, axis: Any = None, ddof: int | bool = 0, keepdims: bool = False) -> tuple[Tensor, Tensor]:
    """(std, mean), in MindSpore's order."""
    axis_ = None if isinstance(axis, (tuple, list)) and len(axis) == 0 else axis
    return std(input, axis, ddof, keepdims), red.mean(m._float(input), axis_, keepdims)


def nansum(input: Tensor, axis: Any = None, keepdims: bool = False, *, dtype: dt.DType | None = None) -> Tensor:
    """Sum treating NaN as 0 (a NaN gets no gradient)."""
    backend, a = tensor_arg(input)
    kept = m.where(m.isnan(input), 0.0, input) if backend.dtype(a).is_floating else input
    return red.sum(kept, axis, keepdims, dtype=dtype)


def nanmean(input: Tensor, axis: Any = None, keepdims: bool = False, *, dtype: dt.DType | None = None) -> Tensor:
    """Mean of the elements that are not NaN (NaN where all are)."""
    x = m._float(input) if dtype is None else input.astype(dt.check(dtype))
    present = red.sum(m.logical_not(m.isnan(x)).astype(x.dtype), axis, keepdims)
    return m.div(nansum(x, axis, keepdims), present)


def count_nonzero(x: Tensor, axis: Any = (), keep_dims: bool = False, dtype: dt.DType = dt.int32) -> Tensor:
    """How many elements are not 0 along ``axis`` (``()``: all), as ``dtype``."""
    axis = None if isinstance(axis, (tuple, list)) and len(axis) == 0 else axis
    return red.sum(m.not_equal(x, 0), axis, keep_dims).astype(dt.check(dtype))


def median(input: Tensor, axis: int = -1, keepdims: bool = False) -> tuple[Tensor, Tensor]:
    """(the lower median along ``axis``, its Int64 index), as MindSpore's; a row holding NaN gives NaN and
    the index of its first NaN. The gradient goes to that element."""
    backend, a = tensor_arg(input)
    if isinstance(axis, bool) or not isinstance(axis, int):
        raise TypeError(f"median's axis must be an int, got {type(axis).__name__}")
    axis = norm_axis(axis, len(backend.shape(a)))
    n = backend.shape(a)[axis]
    order = argsort(input, axis)  # stable, NaN last
    index = getitem(order, (slice(None),) * axis + (slice((n - 1) // 2, (n + 1) // 2),)).astype(dt.int64)
    if backend.dtype(a).is_floating:
        nan = m.isnan(input)
        first_nan = expand_dims(red.argmax(nan.astype(dt.int32), axis), axis)
        index = m.where(red.any(nan, axis, True), first_nan, index)
    values = gather_elements(input, axis, index)
    if not keepdims:
        values, index = squeeze(values, axis), squeeze(index, axis)
    return values, index


def aminmax(input: Tensor, *, axis: int | None = 0, keepdims: bool = False) -> tuple[Tensor, Tensor]:
    """(min, max) along ``axis`` (None: all); the gradient goes to the first extreme element, as ops.min's and
    ops.max's, and NaN is the extreme value, as theirs (MindSpore 2.10 skips a NaN unless it comes first)."""
    if axis is None:
        input, axis = input.reshape(-1), 0
    return red.min(input, axis, keepdims)[0], red.max(input, axis, keepdims)[0]


def _slice(x: Tensor, axis: int, start: int, stop: int | None) -> Tensor:
    return getitem(x, (slice(None),) * axis + (slice(start, stop),))


def _scan(parts: tuple, axis: int, combine) -> tuple:
    """The inclusive scan along ``axis`` of ``combine(earlier, later)`` on tuples of equally shaped Tensors,
    in log2(n) doubling steps of slices (no loop over the elements, so jax traces it)."""
    n, span = parts[0].shape[axis], 1
    while span < n:
        merged = combine(tuple(_slice(t, axis, 0, n - span) for t in parts),
                         tuple(_slice(t, axis, span, None) for t in parts))
        parts = tuple(concat([_slice(t, axis, 0, span), u], axis) for t, u in zip(parts, merged))
        span *= 2
    return parts


def _running(input: Tensor, axis: int, name: str, beats, index_dtype: dt.DType) -> tuple[Tensor, Tensor]:
    """(running extreme, its index as ``index_dtype``) along ``axis``: a later element takes over where ``beats(later, earlier)``
    or it is NaN (NaN stays once reached); equal values take the later index, as MindSpore's cummax."""
    backend, a = tensor_arg(input)
    if isinstance(axis, bool) or not isinstance(axis, int):
        raise TypeError(f"{name}'s axis must be an int, got {type(axis).__name__}")
    if len(backend.shape(a)) == 0:
        raise ValueError(f"For '{name}', the input must have at least one axis, but got a 0-d Tensor")
    axis = norm_axis(axis, len(backend.shape(a)))
    shape = [1] * input.ndim
    shape[axis] = input.shape[axis]
    positions = broadcast_to(reshape(arange(input.shape[axis], dtype=dt.int64), tuple(shape)), input.shape)
    floating = input.dtype.is_floating

    def combine(earlier, later):
        (v0, i0), (v1, i1) = earlier, later
        take = beats(v1, v0)
        if floating:
            take = m.logical_and(m.logical_or(take, m.isnan(v1)), m.logical_not(m.isnan(v0)))
        return m.where(take, v1, v0), m.where(take, i1, i0)

    index = _scan((m.stop_gradient(input), positions), axis, combine)[1]
    return gather_elements(input, axis, index), index.astype(index_dtype)


def cummax(input: Tensor, axis: int) -> tuple[Tensor, Tensor]:
    """(running maximum, its Int64 index) along ``axis``; equal values take the later index."""
    return _running(input, axis, "cummax", m.greater_equal, dt.int64)


def cummin(input: Tensor, axis: int) -> tuple[Tensor, Tensor]:
    """(running minimum, its Int32 index: MindSpore 2.10's dtype, unlike cummax's) along ``axis``; equal values
    take the later index."""
    return _running(input, axis, "cummin", m.less_equal, dt.int32)


def logcumsumexp(input: Tensor, axis: int) -> Tensor:
    """log(cumsum(exp(x))) along ``axis``, as a scan of logaddexp: no overflow, no underflow of the
    elements far below the running maximum."""
    backend, a = tensor_arg(input)
    if isinstance(axis, bool) or not isinstance(axis, int):
        raise TypeError(f"logcumsumexp's axis must be an int, got {type(axis).__name__}")
    if len(backend.shape(a)) == 0:
        raise ValueError("For 'logcumsumexp', the input must have at least one axis, but got a 0-d Tensor")
    return _scan((m._float(input),), norm_axis(axis, len(backend.shape(a))),
                 lambda earlier, later: (m.logaddexp(earlier[0], later[0]),))[0]


def diff(x: Tensor, n: int = 1, axis: int = -1, prepend: Tensor | None = None,
         append: Tensor | None = None) -> Tensor:
    """The ``n``-th forward difference along ``axis`` (x[i + 1] - x[i]), after joining ``prepend`` and
    ``append`` to ``x`` along it."""
    backend, a = tensor_arg(x, "x")
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"diff's n must be a positive int, got {n!r}")
    axis = norm_axis(axis, len(backend.shape(a)))
    x = concat([t for t in (prepend, x, append) if t is not None], axis) if prepend is not None or \
        append is not None else x
    for _ in range(n):
        size = x.shape[axis]
        x = m.sub(_slice(x, axis, 1, None), _slice(x, axis, 0, size - 1))
    return x


def _host_values(backend, a):
    """The values of ``a`` on the host: the size or range of a histogram depends on them."""
    return np.asarray(backend.to_numpy(a))


def bincount(input: Tensor, weights: Tensor | None = None, minlength: int = 0) -> Tensor:
    """How often each of 0, 1, ..., max(input) occurs in a 1-D int Tensor (or the sum of ``weights`` there), at
    least ``minlength`` bins; Float32 as MindSpore 2.10's (``weights`` keep their float dtype)."""
    backend, a = tensor_arg(input)
    if backend.dtype(a).is_floating or backend.dtype(a) is dt.bool_:
        raise TypeError(f"bincount takes an int Tensor, got {backend.dtype(a)}")
    if len(backend.shape(a)) != 1:
        raise ValueError(f"bincount takes a 1-D Tensor, got shape {tuple(backend.shape(a))}")
    if isinstance(minlength, bool) or not isinstance(minlength, int) or minlength < 0:
        raise ValueError(f"bincount's minlength must be a non-negative int, got {minlength!r}")
    values = _host_values(backend, a)
    if values.size and values.min() < 0:
        raise ValueError(f"bincount counts non-negative values, got {values.min()}")
    size = builtins.max(minlength, int(values.max()) + 1 if values.size else 0)
    if weights is None:
        added = backend.full(tuple(backend.shape(a)), 1.0, dt.float32)
    else:
        added = m._float(weights)._data
        if tuple(backend.shape(added)) != tuple(backend.shape(a)):
            raise ValueError(f"bincount's weights must have the input's shape {tuple(backend.shape(a))}, got "
                             f"{tuple(backend.shape(added))}")
    return call("index_add", backend, (size,), (backend.cast(a, dt.int64),), added)


def histc(input: Tensor, bins: int = 100, min: float = 0.0, max: float = 0.0) -> Tensor:
    """How many elements fall in each of ``bins`` equal bins over [min, max] (the data's own range when
    min == max), the last bin closed; elements outside are left out. Counts, so no gradient."""
    backend, a = tensor_arg(input)
    if isinstance(bins, bool) or not isinstance(bins, int) or bins < 1:
        raise ValueError(f"histc's bins must be a positive int, got {bins!r}")
    if min > max:
        raise ValueError(f"histc's min must not exceed max, got min={min} and max={max}")
    x = m._float(input)
    low, high = float(min), float(max)
    if low == high:
        values = _host_values(backend, a)
        low, high = (float(values.min()), float(values.max())) if values.size else (0.0, 0.0)
    if low == high:  # one value everywhere: one unit-wide range around it, as torch's
        low, high = low - 1.0, high + 1.0
    inside = m.logical_and(m.greater_equal(x, low), m.less_equal(x, high))
    position = m.floor(m.mul(m.sub(x, low), bins / (high - low)))
    index = m.where(inside, m.minimum(position, float(bins - 1)), 0.0).astype(dt.int64)
    counts = inside.astype(x.dtype)
    return call("index_add", backend, (bins,), (index._data,), counts._data)


def nanmedian(input: Tensor, axis: int = -1, keepdims: bool = False) -> tuple[Tensor, Tensor]:
    """(the lower median of the elements that are not NaN along ``axis``, its Int64 index); NaN where all
    are. The gradient goes to that element."""
    backend, a = tensor_arg(input)
    if isinstance(axis, bool) or not isinstance(axis, int):
        raise TypeError(f"nanmedian's axis must be an int, got {type(axis).__name__}")
    axis = norm_axis(axis, len(backend.shape(a)))
    order = argsort(input, axis).astype(dt.int64)  # stable, NaN last
    present = red.sum(m.logical_not(m.isnan(input)), axis, True) if backend.dtype(a).is_floating else \
        red.sum(m.equal(input, input), axis, True)
    middle = m.floor_divide(m.maximum(m.sub(present, 1), 0), 2)
    index = gather_elements(order, axis, middle)
    values = gather_elements(input, axis, index)
    if not keepdims:
        values, index = squeeze(values, axis), squeeze(index, axis)
    return values, index


def trapz(y: Tensor, x: Tensor | None = None, *, dx: float = 1.0, dim: int = -1) -> Tensor:
    """The trapezoidal rule's integral of ``y`` along ``dim``: at the points ``x`` (a Tensor along ``dim``), or
    spaced ``dx`` apart."""
    backend, a = tensor_arg(y, "y")
    dim = norm_axis(dim, len(backend.shape(a)))
    n = backend.shape(a)[dim]
    heights = m.mul(m.add(_slice(y, dim, 1, None), _slice(y, dim, 0, n - 1)), 0.5)
    if x is None:
        return m.mul(red.sum(heights, dim), float(dx))
    widths = diff(x, 1, -1 if x.ndim == 1 else dim)
    return red.sum(m.mul(heights, widths), dim)


def cov(input: Tensor, *, correction: int = 1, fweights: Tensor | None = None,
        aweights: Tensor | None = None) -> Tensor:
    """The covariance of the rows of ``input`` (variables) over its columns (observations), divided by the
    (weighted) count less ``correction``; ``fweights`` (int repeat counts) and ``aweights`` weigh the columns."""
    x = m._float(input)
    if x.ndim > 2:
        raise ValueError(f"cov takes a 1-D or 2-D Tensor, got {x.ndim} dimensions")
    if x.ndim < 2:
        x = reshape(x, (1, -1))
    weights = None
    for given in (fweights, aweights):
        if given is not None:
            weights = given.astype(x.dtype) if weights is None else m.mul(weights, given.astype(x.dtype))
    if weights is None:
        total = float(x.shape[1])
        mean = red.mean(x, 1, True)
        norm = total - correction
        centered = m.sub(x, mean)
        out = m.div(matmul(centered, transpose(centered, (1, 0))), float(norm))
    else:
        total = red.sum(weights)
        mean = m.div(red.sum(m.mul(x, weights), 1, True), total)
        norm = m.sub(total, m.mul(m.div(red.sum(m.mul(weights, aweights.astype(x.dtype))), total), correction)
                     if aweights is not None else float(correction))
        centered = m.sub(x, mean)
        out = m.div(matmul(m.mul(centered, weights), transpose(centered, (1, 0))), norm)
    return reshape(out, ()) if input.ndim < 2 else out

"""Writing into a copy of a Tensor: masked_fill, index_fill, index_add, the scatter family (by element, by row of
indices, with a reduction), and the slice, select and diagonal scatters.

Each is written on ``index_put`` (replace), ``added_at`` (sum) and ``where``, so the gradients are theirs: the
replaced entries pass none back to the input, the written values get back their own. Where indices repeat, the
writes go in rounds (the k-th occurrence of every position in round k), so a replace keeps the last value and a
product or maximum combines all of them, as MindSpore's kernels do; the indices are read on the host."""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from unigrad import dtype as dt
from unigrad._parameter import Parameter
from unigrad._tensor import Tensor, wrap
from unigrad.ops._args import norm_axis, tensor_arg
from unigrad.ops._assign import assign
from unigrad.ops._creation import cast
from unigrad.ops._indexing import getitem, index_put
from unigrad.ops._math import add, div, maximum, minimum, mul, sub, where
from unigrad.ops._matrix import _diagonal_positions, added_at
from unigrad.ops._shape import broadcast_to, movedim, reshape


def _int_indices(indices: Any, owner: str, name: str = "indices") -> np.ndarray:
    if not isinstance(indices, Tensor):
        raise TypeError(f"For '{owner}', {name} must be a Tensor, but got {type(indices).__name__}")
    if indices.dtype not in (dt.int32, dt.int64):
        raise TypeError(f"For '{owner}', {name} must be an Int32 or Int64 Tensor, but got {indices.dtype}")
    return indices.asnumpy().astype(np.int64)


def _in_range(index: np.ndarray, size: int, owner: str, negative: bool = True) -> np.ndarray:
    """``index`` with negative entries counted from the end (where allowed), checked against ``size``."""
    low = -size if negative else 0
    if index.size and (index.min() < low or index.max() >= size):
        raise ValueError(f"For '{owner}', the indices must be in [{low}, {size}), but got values from "
                         f"{index.min()} to {index.max()}")
    return index % max(size, 1)


def _value(value: Any, like: Tensor, owner: str) -> Tensor:
    """A fill value (a number or a 0-d Tensor) as a Tensor of ``like``'s dtype and backend."""
    if isinstance(value, Tensor):
        if value.ndim != 0:
            raise ValueError(f"For '{owner}', value must be a number or a 0-d Tensor, but got shape {value.shape}")
        return cast(value, like.dtype)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"For '{owner}', value must be a number or a Tensor, but got {type(value).__name__}")
    if isinstance(value, float) and not like.dtype.is_floating:
        raise TypeError(f"For '{owner}', a float value cannot fill a {like.dtype} Tensor")
    return wrap(like._backend.full((), value, like.dtype), like._backend)


def _rounds(input: Tensor, index: tuple, updates: Tensor, combine: Callable[[Tensor, Tensor], Tensor]) -> Tensor:
    """``input`` with ``combine(current, update)`` written at each position of ``index`` (equal-shaped NumPy
    arrays, in range and non-negative, for input's leading axes; ``updates`` is their shape plus the rest of
    input's), a repeated position combining with what the earlier ones wrote."""
    lead = input.shape[:len(index)]
    keys = np.ravel_multi_index(tuple(i.reshape(-1) for i in index), lead) if index[0].size else np.zeros(0, int)
    order = np.argsort(keys, kind="stable")
    rank = np.empty(keys.size, np.int64)
    starts = np.r_[True, keys[order][1:] != keys[order][:-1]] if keys.size else np.zeros(0, bool)
    group_start = np.maximum.accumulate(np.where(starts, np.arange(keys.size), 0))
    rank[order] = np.arange(keys.size) - group_start
    rows = reshape(updates, (-1,) + input.shape[len(index):])
    out = input
    for r in range(int(rank.max()) + 1 if rank.size else 0):
        chosen = np.flatnonzero(rank == r)
        at = tuple(i.reshape(-1)[chosen] for i in index)
        written = getitem(rows, (chosen,))
        out = index_put(out, at, combine(getitem(out, at), written))
    return out


def _replace(current: Tensor, update: Tensor) -> Tensor:
    return update


def _checked_updates(updates: Any, dtype: dt.DType, shape: tuple, owner: str) -> Tensor:
    tensor_arg(updates, "updates")
    if updates.shape != tuple(shape):
        raise ValueError(f"For '{owner}', updates must have shape {tuple(shape)} (indices' leading axes, then "
                         f"input_x's remaining ones), but got {updates.shape}")
    return cast(updates, dtype)


def _nd(input_x: Tensor, indices: Any, updates: Any, owner: str, combine: Callable | None) -> Tensor:
    """The tensor_scatter_* family: each row of indices' last axis (K ints) names a slice input_x[i0, ..., iK-1]."""
    tensor_arg(input_x, "input_x")
    index = _int_indices(indices, owner)
    if index.ndim == 0 or not 1 <= index.shape[-1] <= input_x.ndim:
        raise ValueError(f"For '{owner}', indices' last axis must be 1 to input_x's rank ({input_x.ndim}), "
                         f"but got indices of shape {index.shape}")
    k = index.shape[-1]
    parts = tuple(_in_range(index[..., j], input_x.shape[j], owner, negative=False) for j in range(k))
    updates = _checked_updates(updates, input_x.dtype, index.shape[:-1] + input_x.shape[k:], owner)
    if combine is None:  # a sum: every write at once
        return add(input_x, added_at(input_x.shape, parts, updates))
    return _rounds(input_x, parts, updates, combine)


def tensor_scatter_update(input_x: Tensor, indices: Tensor, updates: Tensor) -> Tensor:
    """A copy of input_x with the slices at ``indices`` replaced by ``updates`` (the last one of a repeat)."""
    return _nd(input_x, indices, updates, "TensorScatterUpdate", _replace)


def tensor_scatter_add(input_x: Tensor, indices: Tensor, updates: Tensor) -> Tensor:
    """A copy of input_x with ``updates`` added at ``indices`` (repeats add up)."""
    return _nd(input_x, indices, updates, "TensorScatterAdd", None)


def tensor_scatter_sub(input_x: Tensor, indices: Tensor, updates: Tensor) -> Tensor:
    """A copy of input_x with ``updates`` subtracted at ``indices``."""
    return _nd(input_x, indices, updates, "TensorScatterSub", lambda cur, u: sub(cur, u))


def tensor_scatter_mul(input_x: Tensor, indices: Tensor, updates: Tensor) -> Tensor:
    """A copy of input_x multiplied by ``updates`` at ``indices``."""
    return _nd(input_x, indices, updates, "TensorScatterMul", lambda cur, u: mul(cur, u))


def tensor_scatter_div(input_x: Tensor, indices: Tensor, updates: Tensor) -> Tensor:
    """A copy of input_x divided by ``updates`` at ``indices``."""
    return _nd(input_x, indices, updates, "TensorScatterDiv", lambda cur, u: div(cur, u))


def tensor_scatter_max(input_x: Tensor, indices: Tensor, updates: Tensor) -> Tensor:
    """A copy of input_x with the larger of it and ``updates`` at ``indices``."""
    return _nd(input_x, indices, updates, "TensorScatterMax", lambda cur, u: maximum(cur, u))


def tensor_scatter_min(input_x: Tensor, indices: Tensor, updates: Tensor) -> Tensor:
    """A copy of input_x with the smaller of it and ``updates`` at ``indices``."""
    return _nd(input_x, indices, updates, "TensorScatterMin", lambda cur, u: minimum(cur, u))


def scatter_nd(indices: Tensor, updates: Tensor, shape: Any) -> Tensor:
    """Zeros of ``shape`` with ``updates`` added at ``indices`` (rows of indices' last axis; repeats add up)."""
    tensor_arg(updates, "updates")
    shape = tuple(shape)
    if not shape or any(not isinstance(n, int) or n <= 0 for n in shape):
        raise ValueError(f"For 'ScatterNd', shape must be a non-empty tuple of positive ints, but got {shape}")
    base = wrap(updates._backend.full(shape, 0, updates.dtype), updates._backend)
    return _nd(base, indices, updates, "ScatterNd", None)


def _element_positions(input: Tensor, axis: int, index: np.ndarray, owner: str) -> tuple:
    """The full positions (one array per axis) that an elementwise scatter along ``axis`` writes."""
    if index.ndim != input.ndim:
        raise ValueError(f"For '{owner}', indices must have input's rank {input.ndim}, but got shape {index.shape}")
    if any(n > m for i, (n, m) in enumerate(zip(index.shape, input.shape)) if i != axis):
        raise ValueError(f"For '{owner}', indices' shape {index.shape} must not exceed input's {input.shape} "
                         f"off axis {axis}")
    grid = np.indices(index.shape)
    return tuple(_in_range(index, input.shape[axis], owner) if a == axis else grid[a] for a in range(input.ndim))


def tensor_scatter_elements(input_x: Tensor, indices: Tensor, updates: Tensor, axis: int = 0,
                            reduction: str = "none") -> Tensor:
    """input_x with ``updates[i][j]`` written at ``[indices[i][j]][j]`` (axis 0): replaced, or added ('add')."""
    owner = "TensorScatterElements"
    tensor_arg(input_x, "input_x")
    if reduction not in ("none", "add"):
        raise ValueError(f"For '{owner}', reduction must be 'none' or 'add', but got {reduction!r}")
    axis = norm_axis(axis, input_x.ndim)
    index = _int_indices(indices, owner)
    positions = _element_positions(input_x, axis, index, owner)
    updates = _checked_updates(updates, input_x.dtype, index.shape, owner)
    if reduction == "add":
        return add(input_x, added_at(input_x.shape, positions, updates))
    return _rounds(input_x, positions, updates, _replace)


def scatter(input: Tensor, axis: int, index: Tensor, src: Tensor) -> Tensor:
    """tensor_scatter_elements with replacement; ``src`` may be larger than ``index`` (its leading part is used)."""
    tensor_arg(input)
    tensor_arg(src, "src")
    ix = _int_indices(index, "scatter", "index")
    if src.ndim != ix.ndim or any(n > m for n, m in zip(ix.shape, src.shape)):
        raise ValueError(f"For 'scatter', src {src.shape} must have index's rank and cover its shape {ix.shape}")
    return tensor_scatter_elements(input, index, src[tuple(slice(0, n) for n in ix.shape)], axis)


def _in_place(input_x: Any, out: Tensor) -> Tensor:
    """MindSpore's Scatter* ops update a Parameter in place (and return it); a plain Tensor gets a new one."""
    if isinstance(input_x, Parameter):
        assign(input_x, out)
        return input_x
    return out


def scatter_add(input_x: Tensor, indices: Tensor, updates: Tensor) -> Tensor:
    """``updates`` added to the rows ``indices`` of input_x's first axis (repeats add up), in place for a
    Parameter."""
    tensor_arg(input_x, "input_x")
    expanded = wrap(indices._backend.asarray(_int_indices(indices, "ScatterAdd")[..., None], dt.int64),
                    indices._backend)
    return _in_place(input_x, _nd(input_x, expanded, updates, "ScatterAdd", None))


def index_add(x: Tensor, indices: Tensor, y: Tensor, axis: int, use_lock: bool = True,
              check_index_bound: bool = True) -> Tensor:
    """``y``'s slices along ``axis`` added to x's at positions ``indices`` (1-D; repeats add up), in place for a
    Parameter."""
    tensor_arg(x, "x")
    tensor_arg(y, "y")
    axis = norm_axis(axis, x.ndim)
    index = _int_indices(indices, "IndexAdd")
    if index.ndim != 1 or y.ndim != x.ndim or y.shape[axis] != index.size or any(
            a != b for i, (a, b) in enumerate(zip(x.shape, y.shape)) if i != axis):
        raise ValueError(f"For 'IndexAdd', y {y.shape} must be x's shape {x.shape} with axis {axis} of the size of "
                         f"the 1-D indices {index.shape}")
    index = _in_range(index, x.shape[axis], "IndexAdd")
    moved = movedim(cast(y, x.dtype), axis, 0)
    added = added_at((x.shape[axis],) + moved.shape[1:], (index,), moved)
    return _in_place(x, add(x, movedim(added, 0, axis)))


def _axis_mask(input: Tensor, axis: int, index: np.ndarray) -> Tensor:
    """A Bool Tensor broadcastable to input, True on the slices ``index`` of ``axis``."""
    hit = np.zeros(input.shape[axis], bool)
    hit[index] = True
    shape = [1] * input.ndim
    shape[axis] = input.shape[axis]
    return wrap(input._backend.asarray(hit.reshape(shape), dt.bool_), input._backend)


def index_fill(x: Tensor, axis: int, index: Tensor, value: Any) -> Tensor:
    """A copy of x with the slices ``index`` along ``axis`` set to ``value``."""
    tensor_arg(x, "x")
    axis = norm_axis(axis, x.ndim)
    positions = _int_indices(index, "IndexFill", "index")
    if positions.ndim > 1:
        raise ValueError(f"For 'IndexFill', index must be 0-D or 1-D, but got shape {positions.shape}")
    positions = _in_range(positions, x.shape[axis], "IndexFill")
    return where(_axis_mask(x, axis, positions), _value(value, x, "IndexFill"), x)


def masked_fill(input_x: Tensor, mask: Tensor, value: Any) -> Tensor:
    """A copy of input_x with ``value`` where the Bool ``mask`` (broadcast) is True."""
    tensor_arg(input_x, "input_x")
    tensor_arg(mask, "mask")
    if mask.dtype is not dt.bool_:
        raise TypeError(f"For 'MaskedFill', mask must be a Bool Tensor, but got {mask.dtype}")
    return where(mask, _value(value, input_x, "MaskedFill"), input_x)


def select_scatter(input: Tensor, src: Tensor, axis: int, index: int) -> Tensor:
    """A copy of input with the slice at ``index`` of ``axis`` (that axis removed) replaced by ``src``."""
    tensor_arg(input)
    axis = norm_axis(axis, input.ndim)
    return slice_scatter(input, src.expand_dims(axis) if isinstance(src, Tensor) else src, axis, index,
                         index + 1 if index != -1 else None)


def slice_scatter(input: Tensor, src: Tensor, axis: int = 0, start: int | None = None, end: int | None = None,
                  step: int = 1) -> Tensor:
    """A copy of input with ``input[start:end:step]`` along ``axis`` replaced by ``src`` (of that slice's shape)."""
    tensor_arg(input)
    tensor_arg(src, "src")
    axis = norm_axis(axis, input.ndim)
    at = (slice(None),) * axis + (slice(start, end, step),)
    region = getitem(input, at).shape
    if src.shape != region:
        raise ValueError(f"For 'slice_scatter', src must have the slice's shape {region}, but got {src.shape}")
    return index_put(input, at, src)


def diagonal_scatter(input: Tensor, src: Tensor, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
    """A copy of input with its diagonal ``offset`` (of axes dim1 and dim2, as ``ops.diagonal`` reads it)
    replaced by ``src``."""
    tensor_arg(input)
    tensor_arg(src, "src")
    if input.ndim < 2:
        raise ValueError(f"For 'diagonal_scatter', the input must have rank >= 2, but got shape {input.shape}")
    d1, d2 = norm_axis(dim1, input.ndim, "dim1"), norm_axis(dim2, input.ndim, "dim2")
    planes = movedim(input, (d1, d2), (-2, -1))
    i, j = _diagonal_positions(*planes.shape[-2:], int(offset))
    expected = planes.shape[:-2] + (i.size,)
    if src.shape != expected:
        raise ValueError(f"For 'diagonal_scatter', src must have the diagonal's shape {expected}, but got {src.shape}")
    return movedim(index_put(planes, (Ellipsis, i, j), src), (-2, -1), (d1, d2))


def sequence_mask(lengths: Tensor, maxlen: int | None = None) -> Tensor:
    """Bool masks of shape lengths.shape + (maxlen,): True in the first ``lengths[...]`` places (maxlen defaults
    to the largest length)."""
    tensor_arg(lengths, "lengths")
    if lengths.dtype.kind not in ("int", "uint"):
        raise TypeError(f"For 'sequence_mask', lengths must be an int Tensor, but got {lengths.dtype}")
    if maxlen is None:
        maxlen = int(lengths.asnumpy().max(initial=0))
    if isinstance(maxlen, bool) or not isinstance(maxlen, int) or maxlen <= 0:
        raise ValueError(f"For 'sequence_mask', maxlen must be a positive int, but got {maxlen!r}")
    backend = lengths._backend
    steps = wrap(backend.asarray(np.arange(maxlen), lengths.dtype), backend)
    return steps < broadcast_to(lengths.expand_dims(-1), lengths.shape + (maxlen,))



"""Picking elements by position: where a Tensor is nonzero, by mask, by flat position, repeated, reversed per
sequence, strided. Each reads the chosen positions (on the host where the result's size depends on the values)
and takes them with ``getitem``, so a float result differentiates by its rule."""
from __future__ import annotations

from typing import Any

import numpy as np

from unigrad import dtype as dt
from unigrad._tensor import Tensor, wrap
from unigrad.ops._args import norm_axis, tensor_arg
from unigrad.ops._indexing import getitem
from unigrad.ops._primitive_classes import StridedSlice
from unigrad.ops._shape import broadcast_to, repeat_elements, reshape


def _positions(backend, array: np.ndarray) -> Tensor:
    return wrap(backend.asarray(np.asarray(array, np.int64), dt.int64), backend)


def argwhere(input: Tensor) -> Tensor:
    """The Int64 coordinates of the nonzero (True) elements, one row each, in C order."""
    tensor_arg(input)
    if input.ndim == 0:
        raise ValueError("For 'argwhere', the input must have rank >= 1, but got a 0-d Tensor")
    return _positions(input._backend, np.argwhere(input.asnumpy()))


def nonzero(input: Tensor, *, as_tuple: bool = False) -> Any:
    """argwhere's (N, rank) coordinates, or with ``as_tuple`` one 1-D Tensor of them per axis."""
    rows = argwhere(input)
    if not as_tuple:
        return rows
    return tuple(getitem(rows, (slice(None), k)) for k in range(input.ndim))


def masked_select(input: Tensor, mask: Tensor) -> Tensor:
    """The elements where the Bool ``mask`` (broadcast with input) is True, as a 1-D Tensor."""
    tensor_arg(input)
    tensor_arg(mask, "mask")
    if mask.dtype is not dt.bool_:
        raise TypeError(f"For 'MaskedSelect', mask must be a Bool Tensor, but got {mask.dtype}")
    shape = np.broadcast_shapes(input.shape, mask.shape)
    hit = np.broadcast_to(mask.asnumpy(), shape)
    return getitem(broadcast_to(input, shape), tuple(_positions(input._backend, ix) for ix in np.nonzero(hit)))


def take(input: Tensor, index: Tensor) -> Tensor:
    """The elements of the flattened input at ``index`` (an int Tensor; negative counts from the end), in
    index's shape."""
    tensor_arg(input)
    tensor_arg(index, "index")
    if index.dtype.kind not in ("int", "uint"):
        raise TypeError(f"For 'take', index must be an int Tensor, but got {index.dtype}")
    return getitem(reshape(input, (-1,)), (index,))


def repeat_interleave(input: Tensor, repeats: Any, axis: int | None = None) -> Tensor:
    """Each element (each slice along ``axis``; None: of the flattened input) repeated ``repeats`` times, or
    ``repeats[i]`` times for the i-th when repeats is a list or 1-D Tensor."""
    tensor_arg(input)
    if axis is None:
        input, axis = reshape(input, (-1,)), 0
    axis = norm_axis(axis, input.ndim)
    if isinstance(repeats, Tensor):
        repeats = repeats.asnumpy().tolist()
    if isinstance(repeats, (list, tuple)) and len(repeats) == 1:
        repeats = repeats[0]
    if isinstance(repeats, int) and not isinstance(repeats, bool):
        if repeats < 0:
            raise ValueError(f"For 'repeat_interleave', repeats must be non-negative, but got {repeats}")
        return repeat_elements(input, repeats, axis)
    counts = np.asarray(repeats)
    if counts.ndim != 1 or counts.size != input.shape[axis] or (counts < 0).any():
        raise ValueError(f"For 'repeat_interleave', repeats must hold one non-negative count per slice of axis "
                         f"{axis} ({input.shape[axis]}), but got {list(counts.reshape(-1))}")
    chosen = np.repeat(np.arange(input.shape[axis]), counts)
    return getitem(input, (slice(None),) * axis + (_positions(input._backend, chosen),))


def reverse_sequence(x: Tensor, seq_lengths: Tensor, seq_dim: int, batch_dim: int = 0) -> Tensor:
    """For each batch entry b (along ``batch_dim``), its first ``seq_lengths[b]`` elements along ``seq_dim``
    reversed, the rest kept."""
    tensor_arg(x, "x")
    tensor_arg(seq_lengths, "seq_lengths")
    if seq_lengths.dtype not in (dt.int32, dt.int64):
        raise TypeError(f"For 'ReverseSequence', seq_lengths must be Int32 or Int64, but got {seq_lengths.dtype}")
    seq_dim, batch_dim = norm_axis(seq_dim, x.ndim, "seq_dim"), norm_axis(batch_dim, x.ndim, "batch_dim")
    if seq_dim == batch_dim:
        raise ValueError(f"For 'ReverseSequence', seq_dim and batch_dim must differ, but both are {seq_dim}")
    lengths = seq_lengths.asnumpy().astype(np.int64)
    n, size = x.shape[batch_dim], x.shape[seq_dim]
    if lengths.shape != (n,) or (lengths < 0).any() or (lengths > size).any():
        raise ValueError(f"For 'ReverseSequence', seq_lengths must be {n} lengths in [0, {size}], "
                         f"but got {lengths.tolist()}")
    step = np.arange(size)
    source = np.where(step < lengths[:, None], lengths[:, None] - 1 - step, step)  # (batch, seq)
    grid = list(np.indices(x.shape, sparse=True))
    grid[seq_dim] = np.expand_dims(source, tuple(a for a in range(x.ndim) if a not in (batch_dim, seq_dim)))
    if batch_dim > seq_dim:  # source's axes are (batch, seq): put them in the input's order
        grid[seq_dim] = np.swapaxes(grid[seq_dim], batch_dim, seq_dim)
    return getitem(x, tuple(_positions(x._backend, g) for g in grid))


def strided_slice(input_x: Tensor, begin: Any, end: Any, strides: Any, begin_mask: int = 0, end_mask: int = 0,
                  ellipsis_mask: int = 0, new_axis_mask: int = 0, shrink_axis_mask: int = 0) -> Tensor:
    """``input_x[begin:end:strides]`` per axis, with StridedSlice's bit masks."""
    return StridedSlice(begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_axis_mask)(input_x, begin, end,
                                                                                             strides)

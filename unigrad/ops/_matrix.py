"""Matrix structure: triangles, diagonals (read, placed, embedded), the trace, and the index pairs of a
triangle. Reading goes through ``getitem`` and placing through the ``index_add`` primitive, so each
differentiates by their rules (an entry placed on a diagonal gets back exactly its own gradient)."""
from __future__ import annotations

from typing import Any

import numpy as np

from unigrad import dtype as dt
from unigrad._tensor import Tensor, wrap
from unigrad.ops._args import norm_axis, tensor_arg
from unigrad.ops._dispatch import call
from unigrad.ops._indexing import getitem, normalize_index
from unigrad.ops._math import where
from unigrad.ops._reduction import sum as _sum
from unigrad.ops._shape import movedim, reshape


def added_at(shape: tuple, index: tuple, values: Tensor) -> Tensor:
    """Zeros of ``shape`` (``values``' dtype) with ``values`` added at ``index`` (ints, slices, NumPy arrays)."""
    backend, v = tensor_arg(values, "values")
    index = normalize_index(backend, tuple(wrap(backend.asarray(i, dt.int64), backend) if isinstance(i, np.ndarray)
                                           else i for i in index))
    if backend.dtype(v) is dt.bool_:  # added as Int32 (jax cannot add Bools), then Bool again
        return call("index_add", backend, tuple(shape), index, backend.cast(v, dt.int32)).astype(dt.bool_)
    return call("index_add", backend, tuple(shape), index, v)


def _offset(diagonal: Any, name: str) -> int:
    if isinstance(diagonal, bool) or not isinstance(diagonal, (int, np.integer)):
        raise TypeError(f"For '{name}', the diagonal offset must be an int, but got {type(diagonal).__name__}")
    return int(diagonal)


def _triangle(input: Tensor, diagonal: Any, name: str, lower: bool) -> Tensor:
    tensor_arg(input)
    k = _offset(diagonal, name)
    if input.ndim < 2:
        raise ValueError(f"For '{name}', the input must have rank >= 2, but got shape {input.shape}")
    rows, cols = input.shape[-2:]
    keep = (np.tril if lower else np.triu)(np.ones((rows, cols), bool), k)
    backend = input._backend
    return where(wrap(backend.asarray(keep, dt.bool_), backend), input, wrap(backend.full((), 0, input.dtype), backend))


def tril(input: Tensor, diagonal: int = 0) -> Tensor:
    """The lower triangle of the last two axes (on and below diagonal ``diagonal``), zeros above."""
    return _triangle(input, diagonal, "tril", True)


def triu(input: Tensor, diagonal: int = 0) -> Tensor:
    """The upper triangle of the last two axes (on and above diagonal ``diagonal``), zeros below."""
    return _triangle(input, diagonal, "triu", False)


def _diagonal_positions(rows: int, cols: int, offset: int) -> tuple[np.ndarray, np.ndarray]:
    n = max(0, min(rows + min(offset, 0), cols - max(offset, 0)))
    i = np.arange(n) - min(offset, 0)
    return i, i + offset


def diagonal(input: Tensor, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
    """The diagonal ``offset`` of the planes of axes ``dim1`` and ``dim2``, as a last axis."""
    tensor_arg(input)
    offset = _offset(offset, "diagonal")
    if input.ndim < 2:
        raise ValueError(f"For 'diagonal', the input must have rank >= 2, but got shape {input.shape}")
    d1, d2 = norm_axis(dim1, input.ndim, "dim1"), norm_axis(dim2, input.ndim, "dim2")
    if d1 == d2:
        raise ValueError(f"For 'diagonal', dim1 and dim2 must be different axes, but got {dim1} and {dim2}")
    planes = movedim(input, (d1, d2), (-2, -1))
    i, j = _diagonal_positions(*planes.shape[-2:], offset)
    backend = input._backend
    return getitem(planes, (Ellipsis, wrap(backend.asarray(i, dt.int64), backend),
                            wrap(backend.asarray(j, dt.int64), backend)))


def trace(input: Tensor) -> Tensor:
    """The sum of a matrix's main diagonal (in the input's dtype)."""
    tensor_arg(input)
    if input.ndim != 2:
        raise ValueError(f"For 'trace', the input must be a matrix, but got shape {input.shape}")
    return _sum(diagonal(input), dtype=input.dtype)


def diag_embed(input: Tensor, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:
    """Each last-axis vector of ``input`` placed on diagonal ``offset`` of a square plane of axes
    ``dim1`` and ``dim2`` of the result (zeros elsewhere)."""
    tensor_arg(input)
    offset = _offset(offset, "diag_embed")
    if input.ndim < 1:
        raise ValueError("For 'diag_embed', the input must have rank >= 1, but got a 0-d Tensor")
    ndim = input.ndim + 1
    d1, d2 = norm_axis(dim1, ndim, "dim1"), norm_axis(dim2, ndim, "dim2")
    if d1 == d2:
        raise ValueError(f"For 'diag_embed', dim1 and dim2 must be different axes, but got {dim1} and {dim2}")
    n = input.shape[-1] + abs(offset)
    i, j = _diagonal_positions(n, n, offset)
    planes = added_at(input.shape[:-1] + (n, n), (Ellipsis, i, j), input)
    return movedim(planes, (-2, -1), (d1, d2))


def diagflat(input: Tensor, offset: int = 0) -> Tensor:
    """The elements, flattened, on diagonal ``offset`` of a square matrix."""
    tensor_arg(input)
    return diag_embed(reshape(input, (-1,)), offset)


def diag(input: Tensor) -> Tensor:
    """A Tensor of shape ``s + s`` holding ``input`` (of shape ``s``) where the two halves of the index agree:
    for a vector, the square matrix with it on the diagonal."""
    tensor_arg(input)
    if input.ndim == 0:
        raise ValueError("For 'diag', the input must have rank >= 1, but got a 0-d Tensor")
    grid = tuple(g.reshape(-1) for g in np.indices(input.shape))
    return added_at(input.shape * 2, grid * 2, reshape(input, (-1,)))


def _triangle_indices(row: int, col: int, offset: int, dtype: dt.DType, name: str, lower: bool) -> Tensor:
    for what, v in (("row", row), ("col", col), ("offset", offset)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
            raise TypeError(f"For '{name}', {what} must be an int, but got {type(v).__name__}")
    if row < 0 or col < 0:
        raise ValueError(f"For '{name}', row and col must be non-negative, but got {row} and {col}")
    dtype = dt.check(dtype)
    if dtype not in (dt.int32, dt.int64):
        raise TypeError(f"For '{name}', dtype must be Int32 or Int64, but got {dtype}")
    pairs = np.stack((np.tril_indices if lower else np.triu_indices)(row, offset, col)).reshape(2, -1)
    return Tensor(pairs.astype(dtype.numpy), dtype)


def triu_indices(row: int, col: int, offset: int = 0, *, dtype: dt.DType = dt.int64) -> Tensor:
    """The (2, N) row and column indices of a row x col matrix's upper triangle from diagonal ``offset``."""
    return _triangle_indices(row, col, offset, dtype, "triu_indices", False)


def tril_indices(row: int, col: int, offset: int = 0, *, dtype: dt.DType = dt.int64) -> Tensor:
    """The (2, N) row and column indices of a row x col matrix's lower triangle up to diagonal ``offset``."""
    return _triangle_indices(row, col, offset, dtype, "tril_indices", True)

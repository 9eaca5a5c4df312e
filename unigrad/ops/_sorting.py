"""sort, argsort and topk, with one order on every backend: stable (equal values keep their order, as
MindSpore's sort), NaN as the largest value (MindSpore's CPU kernels leave NaN rows unsorted), -0.0 equal
to 0.0. The values are the input taken at the sorted indices, so the gradient goes back to the element
each value came from. searchsorted and bucketize count comparisons; unique and unique_consecutive,
whose result sizes depend on the values, read them on the host."""
from __future__ import annotations

from typing import Any

import numpy as np

from unigrad import dtype as dt
from unigrad._tensor import Tensor, wrap
from unigrad.ops._args import norm_axis, tensor_arg
from unigrad.ops._dispatch import call
from unigrad.ops._indexing import gather_elements, getitem


def _checked(input: Tensor, axis: Any, descending: bool, name: str, rank_error: type[Exception] = ValueError):
    """(backend, array, non-negative axis) for sorting ``input`` along ``axis``: an int inside the rank; a
    0-d ``input`` raises ``rank_error``, MindSpore's type for the op."""
    backend, a = tensor_arg(input, "input")
    ndim = len(backend.shape(a))
    if ndim == 0:
        raise rank_error(f"For '{name}', the input must have rank >= 1, but got a 0-d Tensor")
    if isinstance(axis, bool) or not isinstance(axis, int):
        raise TypeError(f"For '{name}', the axis must be an int, but got {type(axis).__name__}")
    if not isinstance(descending, bool):
        raise TypeError(f"For '{name}', descending must be a bool, but got {type(descending).__name__}")
    return backend, a, norm_axis(axis, ndim)


def argsort(input: Tensor, axis: int = -1, descending: bool = False) -> Tensor:
    """The indices (Int32, as MindSpore's) that sort ``input`` along ``axis``, stably."""
    backend, a, axis = _checked(input, axis, descending, "argsort")
    return call("argsort", backend, a, axis, descending).astype(dt.int32)


def sort(input_x: Tensor, axis: int = -1, descending: bool = False) -> tuple[Tensor, Tensor]:
    """(sorted values, Int32 indices) along ``axis``, stably."""
    backend, a, axis = _checked(input_x, axis, descending, "Sort")
    order = call("argsort", backend, a, axis, descending)
    return gather_elements(input_x, axis, order), order.astype(dt.int32)


def topk(input: Tensor, k: int, dim: int | None = None, largest: bool = True,
         sorted: bool = True) -> tuple[Tensor, Tensor]:
    """(the ``k`` largest (or smallest) values along ``dim`` (None: the last), Int32 indices). They come
    in sorted order, equal values in index order, also for ``sorted=False`` (where any order is allowed:
    MindSpore's CPU kernel returns its heap's order, ties included)."""
    if not isinstance(sorted, bool):
        raise TypeError(f"For 'TopK', sorted must be a bool, but got {type(sorted).__name__}")
    backend, a, axis = _checked(input, -1 if dim is None else dim, largest, "TopK", RuntimeError)
    size = backend.shape(a)[axis]
    if isinstance(k, bool) or not isinstance(k, int):
        raise TypeError(f"For 'TopK', k must be an int, but got {type(k).__name__}")
    if not 0 < k <= size:
        raise ValueError(f"For 'TopK', the k must be in (0, {size}], but got {k}")
    order = getitem(call("argsort", backend, a, axis, largest), (slice(None),) * axis + (slice(0, k),))
    return gather_elements(input, axis, order), order.astype(dt.int32)


def searchsorted(sorted_sequence: Tensor, values: Tensor, *, out_int32: bool = False, right: bool = False,
                 side: str | None = None, sorter: Tensor | None = None) -> Tensor:
    """Where each of ``values`` would go in ``sorted_sequence`` (along its last axis) to keep it sorted: the
    first such place, or with ``right`` (or side='right') the last. Counted by comparison, so every backend and
    a compiled program give the same Int64 (Int32 with ``out_int32``) positions."""
    backend, _ = tensor_arg(sorted_sequence, "sorted_sequence")
    tensor_arg(values, "values")
    if side not in (None, "left", "right"):
        raise ValueError(f"For 'SearchSorted', side must be 'left' or 'right', but got {side!r}")
    if side == "left" and right:
        raise ValueError("For 'SearchSorted', side 'left' contradicts right=True")
    right = right or side == "right"
    seq = sorted_sequence if sorter is None else gather_elements(sorted_sequence, -1, sorter)
    if seq.ndim == 0 or (seq.ndim > 1 and seq.shape[:-1] != values.shape[:-1]):
        raise ValueError(f"For 'SearchSorted', sorted_sequence {seq.shape} must be 1-D or share the leading axes of "
                         f"values {values.shape}")
    if seq.ndim == 1:
        seq = seq.reshape((1,) * values.ndim + seq.shape)
    else:
        seq = seq.expand_dims(-2)
    before = (seq <= values.expand_dims(-1)) if right else (seq < values.expand_dims(-1))
    return before.astype(dt.int32 if out_int32 else dt.int64).sum(-1).astype(dt.int32 if out_int32 else dt.int64)


def bucketize(input: Tensor, boundaries: Any, *, right: bool = False) -> Tensor:
    """The bucket of each element among the sorted ``boundaries`` (a list of numbers): i with
    boundaries[i-1] < x <= boundaries[i], or with ``right`` boundaries[i-1] <= x < boundaries[i] (Int32)."""
    tensor_arg(input)
    if not isinstance(boundaries, (list, tuple)):
        raise TypeError(f"For 'Bucketize', boundaries must be a list of numbers, but got {type(boundaries).__name__}")
    edges = Tensor(np.asarray(boundaries, input.dtype.numpy if input.dtype.is_floating else np.float32))
    edges = edges.to_backend(input.backend) if edges.backend != input.backend else edges
    x = input if input.dtype.is_floating else input.astype(dt.float32)
    return searchsorted(edges.astype(x.dtype), x, right=right, out_int32=True)


def unique(input: Tensor) -> tuple[Tensor, Tensor]:
    """(the distinct elements of the flattened input, in the order they first appear; for each element the
    Int32 position of its value among them), as MindSpore's CPU kernel gives them. No gradient (MindSpore 2.10
    has none either)."""
    tensor_arg(input)
    flat = input.asnumpy().reshape(-1)
    _, first, inverse = np.unique(flat, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    backend = input._backend
    return (wrap(backend.asarray(flat[np.sort(first)], input.dtype), backend),
            wrap(backend.asarray(rank[inverse.reshape(-1)].reshape(input.shape), dt.int32), backend))


def unique_consecutive(input: Tensor, return_inverse: bool = False, return_counts: bool = False,
                       dim: int | None = None) -> Any:
    """The input with each run of equal elements (or of equal slices along ``dim``; None: of the flattened
    input) kept once; with ``return_inverse`` each element's run, with ``return_counts`` each run's length
    (both Int64). No gradient (MindSpore 2.10 has none either)."""
    tensor_arg(input)
    x = input.reshape((-1,)) if dim is None else input
    axis = 0 if dim is None else norm_axis(dim, input.ndim)
    host = x.asnumpy()
    values = np.moveaxis(host, axis, 0).reshape(x.shape[axis], -1) if x.shape[axis] else np.zeros((0, 1))
    new_run = np.r_[True, (values[1:] != values[:-1]).any(axis=1)] if len(values) else np.zeros(0, bool)
    starts = np.flatnonzero(new_run)
    backend = input._backend
    out = wrap(backend.asarray(np.take(host, starts, axis), input.dtype), backend)
    extras = []
    if return_inverse:
        run = np.cumsum(new_run) - 1
        extras.append(wrap(backend.asarray(run if dim is not None else run.reshape(input.shape), dt.int64), backend))
    if return_counts:
        extras.append(wrap(backend.asarray(np.diff(np.r_[starts, len(values)]), dt.int64), backend))
    return (out, *extras) if extras else out

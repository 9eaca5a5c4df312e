"""sort, argsort and topk, with one order on every backend: stable (equal values keep their order, as
MindSpore's sort), NaN as the largest value (MindSpore's CPU kernels leave NaN rows unsorted), -0.0 equal
to 0.0. The values are the input taken at the sorted indices, so the gradient goes back to the element
each value came from."""
from __future__ import annotations

from typing import Any

from unigrad import dtype as dt
from unigrad._tensor import Tensor
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

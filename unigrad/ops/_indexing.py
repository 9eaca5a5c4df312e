"""Indexing: ``Tensor[...]``, item assignment, gather, gather_elements, index_select.

Every index is normalised here into a tuple of ints, slices, None, Ellipsis and backend int arrays,
so the backends see one form (their ``getitem`` primitive), and its gradient is their ``index_add``.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from unigrad import dtype as dt
from unigrad._tensor import Tensor, wrap
from unigrad.ops._args import norm_axis, tensor_arg
from unigrad.ops._dispatch import call, composite
from unigrad.ops._shape import broadcast_to


def _index_part(backend, part: Any) -> tuple:
    """One entry of a user index as backend index entries (a bool mask becomes one int array per axis)."""
    if part is None or part is Ellipsis or isinstance(part, slice):
        if isinstance(part, slice):
            part = slice(*(int(v) if isinstance(v, Tensor) else v for v in (part.start, part.stop, part.step)))
            if part.step == 0:
                raise ValueError("slice step cannot be zero")
        return (part,)
    if isinstance(part, bool):
        raise TypeError("a Python bool is not an index; use a Bool Tensor mask")
    if isinstance(part, (int, np.integer)):
        return (int(part),)
    if isinstance(part, Tensor):
        if part._backend is not backend:
            raise TypeError(f"index Tensor is on backend {part.backend!r}, the indexed one on {backend.name!r}")
        kind = part.dtype.kind
        if kind == "bool":
            return tuple(backend.asarray(ix, dt.int64) for ix in np.nonzero(part.asnumpy()))
        if kind == "uint":  # as positions (torch reads a UInt8 index as a mask, and takes no UInt32 index)
            return (backend.cast(part._data, dt.int64),)
        if kind != "int":
            raise IndexError(f"index Tensors must be int or bool, got {part.dtype}")
        return (part._data,)
    if isinstance(part, (list, tuple, np.ndarray)):
        array = np.asarray(part)
        if array.dtype.kind == "b":
            return tuple(backend.asarray(ix, dt.int64) for ix in np.nonzero(array))
        if array.dtype.kind not in "iu" and array.size:
            raise IndexError(f"index lists must hold ints or bools, got {array.dtype}")
        return (backend.asarray(array.astype(np.int64), dt.int64),)
    raise IndexError(f"unsupported index {part!r}; allowed: int, slice, None, Ellipsis, int or bool Tensor, list")


def normalize_index(backend, index: Any) -> tuple:
    parts = index if isinstance(index, tuple) else (index,)
    out: tuple = ()
    for part in parts:
        out += _index_part(backend, part)
    return out


def getitem(input: Tensor, index: Any) -> Tensor:
    backend, a = tensor_arg(input)
    return call("getitem", backend, a, normalize_index(backend, index))


def index_put(input: Tensor, index: Any, value: Any) -> Tensor:
    """A copy of ``input`` with the positions at ``index`` set to ``value`` (what ``x[index] = v`` does)."""
    backend, a = tensor_arg(input)
    index = normalize_index(backend, index)
    dtype = backend.dtype(a)
    region_shape = tuple(backend.shape(backend.getitem(a, index)))
    if isinstance(value, Tensor):
        v = value._data if value.dtype is dtype else backend.cast(value._data, dtype)
    else:
        v = backend.asarray(np.asarray(value), dtype)
    v = broadcast_to(wrap(v, backend), region_shape)._data  # ValueError where it does not fit the region
    if dtype is dt.bool_:  # added as Int32 (jax cannot add Bools), then Bool again
        v = backend.cast(v, dt.int32)
    return call("index_put", backend, a, index, v)


@composite("index_put")
def index_put_generic(backend, a, index, v):
    """``a`` with ``v`` (already the region's shape and, for Bool, Int32) at ``index``."""
    shape = tuple(backend.shape(a))
    hit = backend.index_add(shape, index, backend.full(backend.shape(v), 1, dt.int32))
    placed = backend.index_add(shape, index, v)
    if backend.dtype(a) is dt.bool_:
        placed = backend.cast(placed, dt.bool_)
    return backend.where(backend.greater(hit, 0), placed, a)


def gather(input_params: Tensor, input_indices: Any, axis: int, batch_dims: int = 0) -> Tensor:
    """Take slices along ``axis`` at ``input_indices`` (NumPy's take). With ``batch_dims`` b, the first b
    axes of both are batch axes: each batch entry gathers with its own indices, as MindSpore's Gather."""
    ndim = input_params.ndim
    axis = norm_axis(axis, ndim)
    if isinstance(input_indices, Tensor) and input_indices.dtype.kind not in ("int", "uint"):
        raise TypeError(f"For 'Gather', the input_indices must be an int Tensor, but got {input_indices.dtype}")
    if batch_dims == 0:
        return getitem(input_params, (slice(None),) * axis + (input_indices,))
    if isinstance(batch_dims, bool) or not isinstance(batch_dims, int):
        raise TypeError(f"For 'Gather', batch_dims must be an int, but got {type(batch_dims).__name__}")
    if not -ndim <= batch_dims < ndim:
        raise ValueError(f"For 'Gather', the batch_dims must be in [{-ndim},{ndim}), but got {batch_dims}")
    backend, _ = tensor_arg(input_params)
    _, ix = tensor_arg(input_indices, "input_indices")
    index_shape = tuple(backend.shape(ix))
    b = batch_dims + len(index_shape) if batch_dims < 0 else batch_dims
    if not 0 <= b <= min(axis, len(index_shape)):
        raise ValueError(f"For 'Gather', batch_dims {batch_dims} must count at most the indices' {len(index_shape)} "
                         f"axes and at most axis {axis}")
    if input_params.shape[:b] != index_shape[:b]:
        raise RuntimeError(f"For 'Gather', the first {b} axes of params {input_params.shape} and indices "
                           f"{index_shape} must be equal (batch_dims={batch_dims})")
    # batch entry i takes input_params[i, ..., indices[i, ...], ...]: index arrays for the batch axes
    # (broadcast against the indices), slices between, the indices at axis
    grids = np.indices(index_shape[:b], sparse=True)
    batch = tuple(wrap(backend.asarray(g.reshape(g.shape + (1,) * (len(index_shape) - b)), dt.int64), backend)
                  for g in grids)
    out = getitem(input_params, batch + (slice(None),) * (axis - b) + (input_indices,))
    # with slices between the batch and the gathered axis, NumPy's rule puts the indexed axes first:
    # move the axes the slices kept (input_params.shape[b:axis]) back in front of the indices' own
    k, m = len(index_shape) - b, axis - b
    if m == 0:
        return out
    perm = [*range(b), *range(b + k, b + k + m), *range(b, b + k), *range(b + k + m, out.ndim)]
    return out.transpose(tuple(perm))


def index_select(input: Tensor, axis: int, index: Tensor) -> Tensor:
    """gather with a 1-D index."""
    if isinstance(index, Tensor) and index.ndim != 1:
        raise ValueError(f"index_select's index must be 1-D, got shape {index.shape}")
    return gather(input, index, axis)


def gather_elements(input: Tensor, dim: int, index: Tensor) -> Tensor:
    """out[i][j] = input[index[i][j]][j] for dim 0 (NumPy's take_along_axis)."""
    backend, _ = tensor_arg(input)
    _, ix = tensor_arg(index, "index")
    if index.dtype not in (dt.int32, dt.int64):
        raise TypeError(f"gather_elements' index must be an Int32 or Int64 Tensor, got {index.dtype}")
    ndim = input.ndim
    dim = norm_axis(dim, ndim)
    shape = index.shape
    if len(shape) != ndim:
        raise ValueError(f"gather_elements: index rank {len(shape)} differs from input rank {ndim}")
    grid = np.indices(shape, sparse=True)
    parts = tuple(ix if axis == dim else backend.asarray(grid[axis], dt.int64) for axis in range(ndim))
    return getitem(input, tuple(wrap(p, backend) for p in parts))


def gather_nd(input_x: Tensor, indices: Tensor) -> Tensor:
    """MindSpore's gather_nd: each row of ``indices``' last axis (K ints) picks ``input_x[i0, ..., iK-1]``,
    one advanced index per axis (so the gradient is getitem's)."""
    tensor_arg(input_x, "input_x")
    tensor_arg(indices, "indices")
    if indices.dtype not in (dt.int32, dt.int64):
        raise TypeError(f"gather_nd's indices must be an Int32 or Int64 Tensor, got {indices.dtype}")
    if indices.ndim == 0 or not 1 <= indices.shape[-1] <= input_x.ndim:
        raise ValueError(f"gather_nd's indices must have a last axis of 1 to input_x's rank ({input_x.ndim}), "
                         f"got indices of shape {indices.shape}")
    return getitem(input_x, tuple(getitem(indices, (Ellipsis, k)) for k in range(indices.shape[-1])))

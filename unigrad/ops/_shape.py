"""Shape ops: reshape, transpose and friends, broadcasting, joining and splitting."""
from __future__ import annotations

import math
import numbers
from typing import Any, Sequence

from unigrad import dtype as dt
from unigrad._tensor import Tensor
from unigrad.ops._args import norm_axis, not_a_tensor, same_backend, tensor_arg
from unigrad.ops._dispatch import call


def _resolve_shape(shape: Sequence[int], size: int, given: tuple) -> tuple:
    shape = tuple(int(n) for n in shape)
    unknown = [i for i, n in enumerate(shape) if n == -1]
    if len(unknown) > 1 or any(n < -1 for n in shape):
        raise ValueError(f"shape {shape} may hold one -1 and otherwise non-negative sizes")
    known = math.prod([n for n in shape if n != -1])
    if unknown:
        if known == 0 or size % known:
            raise ValueError(f"cannot reshape a Tensor of shape {given} into {shape}")
        shape = shape[:unknown[0]] + (size // known,) + shape[unknown[0] + 1:]
    elif known != size:
        raise ValueError(f"cannot reshape a Tensor of shape {given} ({size} elements) into {shape}")
    return shape


def reshape(input: Tensor, shape: Sequence[int]) -> Tensor:
    backend, a = tensor_arg(input)
    if isinstance(shape, int):
        shape = (shape,)
    given = tuple(backend.shape(a))
    target = _resolve_shape(shape, math.prod(given), given)
    if target == given:
        return input
    return call("reshape", backend, a, target)


def transpose(input: Tensor, input_perm: Sequence[int] | None = None) -> Tensor:
    """Permute the axes (all reversed when ``input_perm`` is None)."""
    backend, a = tensor_arg(input)
    ndim = len(backend.shape(a))
    perm = tuple(range(ndim))[::-1] if input_perm is None else norm_axis(tuple(input_perm), ndim, "input_perm")
    if len(perm) != ndim:
        raise ValueError(f"transpose's permutation {tuple(input_perm)} must name each of the {ndim} axes once")
    return call("transpose", backend, a, perm)


def permute(input: Tensor, axis: Sequence[int]) -> Tensor:
    return transpose(input, axis)


def swapaxes(input: Tensor, axis0: int, axis1: int) -> Tensor:
    ndim = input.ndim
    perm = list(range(ndim))
    i, j = norm_axis(axis0, ndim), norm_axis(axis1, ndim)
    perm[i], perm[j] = perm[j], perm[i]
    return transpose(input, perm)


swapdims = swapaxes


def expand_dims(input_x: Tensor, axis: int) -> Tensor:
    shape = list(input_x.shape)
    axis = norm_axis(axis, len(shape) + 1)
    shape.insert(axis, 1)
    return reshape(input_x, shape)


def unsqueeze(input: Tensor, dim: int) -> Tensor:
    return expand_dims(input, dim)


def squeeze(input: Tensor, axis: Any = None) -> Tensor:
    """Drop size-1 axes: all of them, or those among the ones named. A named axis of another size
    stays, as in MindSpore 2.x and torch (an (A, 1, B) input squeezed at axis 0 is unchanged)."""
    shape = input.shape
    if axis is None:
        return reshape(input, [n for n in shape if n != 1])
    axes = norm_axis(axis, len(shape))
    axes = axes if isinstance(axes, tuple) else (axes,)
    return reshape(input, [n for i, n in enumerate(shape) if i not in axes or n != 1])


def flatten(input: Tensor, order: str = "C", *, start_dim: int = 1, end_dim: int = -1) -> Tensor:
    """Merge the axes from start_dim to end_dim (MindSpore's default keeps the batch axis)."""
    if order != "C":
        raise ValueError(f"flatten supports order 'C' only, got {order!r}")
    if not isinstance(input, Tensor):
        raise not_a_tensor(input)
    backend, a = input._backend, input._data
    shape = backend.shape(a)
    if start_dim == 1 and end_dim == -1 and len(shape) >= 2:  # the default, between conv and dense layers
        return call("reshape", backend, a, (shape[0], math.prod(shape[1:]))) if len(shape) > 2 else input
    shape = tuple(shape)
    if not shape:
        return call("reshape", backend, a, (1,))
    start, end = norm_axis(start_dim, len(shape)), norm_axis(end_dim, len(shape))
    if start > end:
        raise ValueError(f"flatten: start_dim {start_dim} comes after end_dim {end_dim}")
    target = shape[:start] + (math.prod(shape[start:end + 1]),) + shape[end + 1:]
    return input if target == shape else call("reshape", backend, a, target)


def broadcast_to(input: Tensor, shape: Sequence[int]) -> Tensor:
    """Broadcast to ``shape``; -1 keeps the input's size on that axis."""
    backend, a = tensor_arg(input)
    given = tuple(backend.shape(a))
    shape = tuple(int(n) for n in shape)
    lead = len(shape) - len(given)
    if lead < 0:
        raise ValueError(f"cannot broadcast shape {given} to the shorter {shape}")
    target = tuple(given[i - lead] if n == -1 and i >= lead else n for i, n in enumerate(shape))
    if any(n < 0 for n in target):
        raise ValueError(f"cannot broadcast shape {given} to {shape}: -1 keeps an existing axis only, "
                         f"and sizes are at least 0")
    for i, n in enumerate(given):
        if n != 1 and n != target[i + lead]:
            raise ValueError(f"cannot broadcast shape {given} to {shape}")
    if target == given:
        return input
    return call("broadcast_to", backend, a, target)


def tile(input: Tensor, dims: Sequence[int]) -> Tensor:
    """Repeat the whole Tensor ``dims[i]`` times along axis i (via broadcasting, so it differentiates)."""
    dims = tuple(dims)
    if not all(isinstance(d, numbers.Integral) and not isinstance(d, bool) for d in dims):  # NumPy ints too
        raise TypeError(f"For 'Tile', 'dims' must be a tuple of ints, but got {dims!r}")
    dims = tuple(int(d) for d in dims)
    if any(d < 0 for d in dims):
        raise ValueError(f"For 'Tile', 'dims' cannot hold a negative number, but got {dims!r}")
    shape = input.shape
    if len(dims) < len(shape):
        dims = (1,) * (len(shape) - len(dims)) + dims
    shape = (1,) * (len(dims) - len(shape)) + shape
    interleaved = []
    for d, n in zip(dims, shape):
        interleaved += [1, n]
    expanded = broadcast_to(reshape(input, interleaved), [v for d, n in zip(dims, shape) for v in (d, n)])
    return reshape(expanded, [d * n for d, n in zip(dims, shape)])


def repeat_elements(x: Tensor, rep: int, axis: int = 0) -> Tensor:
    """Repeat each element ``rep`` times along ``axis``."""
    shape = x.shape
    if axis is None:
        x, shape, axis = reshape(x, (-1,)), (x.size,), 0
    axis = norm_axis(axis, len(shape))
    expanded = broadcast_to(expand_dims(x, axis + 1), shape[:axis + 1] + (rep,) + shape[axis + 1:])
    return reshape(expanded, shape[:axis] + (shape[axis] * rep,) + shape[axis + 1:])


def concat(tensors: Sequence[Tensor], axis: int = 0) -> Tensor:
    """Join along an existing axis; the Tensors promote to one dtype."""
    tensors = _tensor_list(tensors, "concat")
    backend = same_backend(tensors)
    ndim = tensors[0].ndim
    axis = norm_axis(axis, ndim)
    for t in tensors[1:]:
        if t.ndim != ndim or any(a != b for i, (a, b) in enumerate(zip(t.shape, tensors[0].shape)) if i != axis):
            raise ValueError(f"concat: shapes {[t.shape for t in tensors]} differ off axis {axis}")
    return call("concat", backend, _promoted(backend, tensors), axis)


cat = concat


def stack(tensors: Sequence[Tensor], axis: int = 0) -> Tensor:
    """Join along a new axis; every Tensor must have the same shape."""
    tensors = _tensor_list(tensors, "stack")
    shape = tensors[0].shape
    if any(t.shape != shape for t in tensors):
        raise ValueError(f"stack needs equal shapes, got {[t.shape for t in tensors]}")
    axis = norm_axis(axis, len(shape) + 1)
    return concat([expand_dims(t, axis) for t in tensors], axis)


def _tensor_list(tensors: Any, name: str) -> list:
    if not isinstance(tensors, (list, tuple)) or not tensors:
        raise TypeError(f"{name} takes a non-empty list or tuple of Tensors, got {type(tensors).__name__}")
    for t in tensors:
        if not isinstance(t, Tensor):
            raise TypeError(f"{name} takes Tensors only, got {type(t).__name__}")
    return list(tensors)


def _promoted(backend, tensors: list) -> list:
    target = tensors[0].dtype
    for t in tensors[1:]:
        target = dt.promote(target, t.dtype)
    return [t._data if t.dtype is target else backend.cast(t._data, target) for t in tensors]


def split(tensor: Tensor, split_size_or_sections: Any, axis: int = 0) -> tuple[Tensor, ...]:
    """An int gives pieces of that size (the last may be smaller); a list gives those sizes."""
    axis = norm_axis(axis, tensor.ndim)
    total = tensor.shape[axis]
    if isinstance(split_size_or_sections, int) and not isinstance(split_size_or_sections, bool):
        size = split_size_or_sections
        if size <= 0:
            raise ValueError(f"split size must be positive, got {size}")
        sizes = [size] * (total // size) + ([total % size] if total % size else [])
    else:
        sizes = [int(s) for s in split_size_or_sections]
        if sum(sizes) != total:
            raise ValueError(f"split sections {sizes} do not add up to axis {axis}'s size {total}")
    pieces, start = [], 0
    for size in sizes:
        index = [slice(None)] * tensor.ndim
        index[axis] = slice(start, start + size)
        pieces.append(tensor[tuple(index)])
        start += size
    return tuple(pieces)


def chunk(input: Tensor, chunks: int, axis: int = 0) -> tuple[Tensor, ...]:
    """Split into ``chunks`` pieces of ceil(size / chunks) (fewer when that already covers the axis)."""
    if not isinstance(chunks, int) or chunks <= 0:
        raise ValueError(f"chunks must be a positive int, got {chunks!r}")
    total = input.shape[norm_axis(axis, input.ndim)]
    return split(input, max(-(-total // chunks), 1), axis)


def flip(input: Tensor, dims: Sequence[int]) -> Tensor:
    dims = norm_axis(tuple(dims) if isinstance(dims, (list, tuple)) else (dims,), input.ndim)
    index = tuple(slice(None, None, -1) if i in dims else slice(None) for i in range(input.ndim))
    return input[index]


def shape(input_x: Tensor) -> tuple:
    """MindSpore's ``ops.shape``: the shape as a tuple of ints."""
    if not isinstance(input_x, Tensor):
        raise not_a_tensor(input_x, "input_x")
    return input_x.shape


def unstack(input_x: Tensor, axis: int = 0) -> tuple[Tensor, ...]:
    """The slices of ``input_x`` along ``axis``, that axis removed (the inverse of ``stack``)."""
    tensor_arg(input_x, "input_x")
    axis = norm_axis(axis, input_x.ndim)
    return tuple(squeeze(part, axis) for part in split(input_x, 1, axis))


def meshgrid(*inputs: Tensor, indexing: str = "xy") -> tuple[Tensor, ...]:
    """Coordinate grids of 1-D Tensors of one dtype: each input broadcast along the others' axes; 'xy' swaps the
    first two axes of the result (NumPy's Cartesian order), 'ij' keeps the inputs' order (matrix order)."""
    if indexing not in ("xy", "ij"):
        raise ValueError(f"meshgrid's indexing must be 'xy' or 'ij', got {indexing!r}")
    tensors = _tensor_list(inputs, "meshgrid")
    if any(t.ndim != 1 for t in tensors) or len({t.dtype for t in tensors}) > 1:
        raise ValueError(f"meshgrid takes 1-D Tensors of one dtype, got shapes {[t.shape for t in tensors]} and "
                         f"dtypes {[str(t.dtype) for t in tensors]}")
    sizes = [t.shape[0] for t in tensors]
    if indexing == "xy" and len(tensors) > 1:
        sizes[0], sizes[1] = sizes[1], sizes[0]
    grids = []
    for i, t in enumerate(tensors):
        axis = 1 - i if indexing == "xy" and len(tensors) > 1 and i < 2 else i
        grids.append(broadcast_to(reshape(t, tuple(-1 if a == axis else 1 for a in range(len(sizes)))), tuple(sizes)))
    return tuple(grids)

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


# -- MindSpore's NumPy-style joins, splits and axis moves, on the ones above ---------------------------
def ravel(input: Tensor) -> Tensor:
    """The elements as one axis, in C order."""
    tensor_arg(input)
    return reshape(input, (-1,))


def t(input: Tensor) -> Tensor:
    """A matrix transposed; a 0-d or 1-D Tensor as it is (MindSpore refuses rank > 2)."""
    tensor_arg(input)
    if input.ndim > 2:
        raise ValueError(f"For 't', the input must have rank <= 2, but got shape {input.shape}")
    return transpose(input, (1, 0)) if input.ndim == 2 else input


def _at_least(input: Tensor, rank: int, name: str) -> Tensor:
    tensor_arg(input, name)
    shape = input.shape
    if len(shape) >= rank:
        return input
    if rank == 3 and len(shape) == 2:  # NumPy's atleast_3d puts a matrix between two new axes... at the end
        return reshape(input, shape + (1,))
    return reshape(input, {0: (1,) * rank, 1: (1,) + shape + (1,) * (rank - 2)}[len(shape)])


def _each(inputs: Any, rank: int, name: str) -> Any:
    if isinstance(inputs, Tensor):
        return _at_least(inputs, rank, name)
    if not isinstance(inputs, (list, tuple)):
        raise TypeError(f"For '{name}', the input must be a Tensor or a list or tuple of Tensors, "
                        f"but got {type(inputs).__name__}")
    return tuple(_at_least(x, rank, name) for x in inputs)


def atleast_1d(inputs: Any) -> Any:
    """Each Tensor with at least one axis (a 0-d one becomes shape (1,)); a list gives a tuple."""
    return _each(inputs, 1, "atleast_1d")


def atleast_2d(inputs: Any) -> Any:
    """Each Tensor with at least two axes: (n,) becomes (1, n)."""
    return _each(inputs, 2, "atleast_2d")


def atleast_3d(inputs: Any) -> Any:
    """Each Tensor with at least three axes: (n,) becomes (1, n, 1), (m, n) becomes (m, n, 1) (NumPy's rule)."""
    return _each(inputs, 3, "atleast_3d")


def hstack(tensors: Sequence[Tensor]) -> Tensor:
    """Join along the second axis (the first for 1-D Tensors)."""
    tensors = [_at_least(x, 1, "hstack") for x in _tensor_list(tensors, "hstack")]
    return concat(tensors, 0 if tensors[0].ndim == 1 else 1)


def vstack(inputs: Sequence[Tensor]) -> Tensor:
    """Join along the first axis, 1-D Tensors as rows."""
    return concat([_at_least(x, 2, "vstack") for x in _tensor_list(inputs, "vstack")], 0)


row_stack = vstack


def dstack(tensors: Sequence[Tensor]) -> Tensor:
    """Join along the third axis, after ``atleast_3d``."""
    return concat([_at_least(x, 3, "dstack") for x in _tensor_list(tensors, "dstack")], 2)


def column_stack(tensors: Sequence[Tensor]) -> Tensor:
    """Join along the second axis, 0-d and 1-D Tensors as columns."""
    tensors = _tensor_list(tensors, "column_stack")
    return concat([reshape(x, (-1, 1)) if x.ndim < 2 else x for x in tensors], 1)


def tensor_split(input: Tensor, indices_or_sections: Any, axis: int = 0) -> tuple[Tensor, ...]:
    """An int n gives n pieces, the first (size mod n) one longer; a list of indices cuts before each."""
    tensor_arg(input)
    if isinstance(axis, bool) or not isinstance(axis, int):
        raise TypeError(f"For 'tensor_split', axis must be an int, but got {type(axis).__name__}")
    axis = norm_axis(axis, input.ndim)
    total = input.shape[axis]
    if isinstance(indices_or_sections, numbers.Integral) and not isinstance(indices_or_sections, bool):
        n = int(indices_or_sections)
        if n <= 0:
            raise ValueError(f"For 'tensor_split', the number of sections must be positive, but got {n}")
        cuts = [(total // n) * i + min(i, total % n) for i in range(1, n)]
    elif isinstance(indices_or_sections, (list, tuple)):
        cuts = [int(i) for i in indices_or_sections]
    else:
        raise TypeError(f"For 'tensor_split', indices_or_sections must be an int, list or tuple, "
                        f"but got {type(indices_or_sections).__name__}")
    bounds = [0] + [min(max(c + total if c < 0 else c, 0), total) for c in cuts] + [total]
    head = (slice(None),) * axis
    return tuple(input[head + (slice(lo, max(lo, hi)),)] for lo, hi in zip(bounds, bounds[1:]))


def _split_at(input: Tensor, indices_or_sections: Any, axis: int, rank: int, name: str) -> tuple[Tensor, ...]:
    tensor_arg(input)
    if input.ndim < rank:
        raise ValueError(f"For '{name}', the input must have rank >= {rank}, but got shape {input.shape}")
    return tensor_split(input, indices_or_sections, axis)


def hsplit(input: Tensor, indices_or_sections: Any) -> tuple[Tensor, ...]:
    """tensor_split along the second axis (the first of a 1-D Tensor)."""
    return _split_at(input, indices_or_sections, 0 if input.ndim == 1 else 1, 1, "hsplit")


def vsplit(input: Tensor, indices_or_sections: Any) -> tuple[Tensor, ...]:
    """tensor_split along the first axis."""
    return _split_at(input, indices_or_sections, 0, 1, "vsplit")


def dsplit(input: Tensor, indices_or_sections: Any) -> tuple[Tensor, ...]:
    """tensor_split along the third axis of a Tensor of rank >= 3."""
    return _split_at(input, indices_or_sections, 2, 3, "dsplit")


def unbind(input: Tensor, dim: int = 0) -> tuple[Tensor, ...]:
    """The slices along ``dim``, that axis removed."""
    return unstack(input, dim)


def movedim(x: Tensor, source: Any, destination: Any) -> Tensor:
    """Move the axes ``source`` to the places ``destination``, the others keeping their order."""
    tensor_arg(x, "x")
    ndim = x.ndim
    src = norm_axis(tuple(source) if isinstance(source, (list, tuple)) else (source,), ndim, "source")
    dst = norm_axis(tuple(destination) if isinstance(destination, (list, tuple)) else (destination,), ndim,
                    "destination")
    if len(src) != len(dst):
        raise ValueError(f"For 'movedim', source {source} and destination {destination} must name as many axes")
    rest = iter(a for a in range(ndim) if a not in src)
    placed = dict(zip(dst, src))
    return transpose(x, tuple(placed[i] if i in placed else next(rest) for i in range(ndim)))


moveaxis = movedim


def narrow(input: Tensor, axis: int, start: int, length: int) -> Tensor:
    """``length`` elements from ``start`` along ``axis``."""
    tensor_arg(input)
    axis = norm_axis(axis, input.ndim)
    size = input.shape[axis]
    start = start + size if isinstance(start, int) and start < 0 else start
    if not isinstance(start, int) or not isinstance(length, int) or not (0 <= start <= size and
                                                                         0 <= length <= size - start):
        raise ValueError(f"For 'narrow', start {start} and length {length} must lie inside axis {axis} "
                         f"of size {size}")
    return input[(slice(None),) * axis + (slice(start, start + length),)]


def expand(input_x: Tensor, size: Any) -> Tensor:
    """broadcast_to with the shape given as an int Tensor (or a tuple), -1 keeping an axis."""
    tensor_arg(input_x, "input_x")
    if isinstance(size, Tensor):
        size = size.asnumpy().tolist()
    return broadcast_to(input_x, size)


def expand_as(input: Tensor, other: Tensor) -> Tensor:
    """broadcast_to ``other``'s shape."""
    tensor_arg(other, "other")
    return broadcast_to(input, other.shape)


def view_as(input: Tensor, other: Tensor) -> Tensor:
    """reshape to ``other``'s shape."""
    tensor_arg(other, "other")
    return reshape(input, other.shape)


def size(input_x: Tensor) -> int:
    """The number of elements, a Python int."""
    tensor_arg(input_x, "input_x")
    return input_x.size


def rank(input_x: Tensor) -> int:
    """The number of axes, a Python int."""
    tensor_arg(input_x, "input_x")
    return input_x.ndim


def reverse(x: Tensor, axis: Sequence[int]) -> Tensor:
    """flip along ``axis`` (MindSpore's older name)."""
    tensor_arg(x, "x")
    return flip(x, axis)


def fliplr(input: Tensor) -> Tensor:
    """Reverse the second axis (the columns) of a Tensor of rank >= 2."""
    tensor_arg(input)
    if input.ndim < 2:
        raise ValueError(f"For 'fliplr', the input must have rank >= 2, but got shape {input.shape}")
    return flip(input, (1,))


def flipud(input: Tensor) -> Tensor:
    """Reverse the first axis (the rows) of a Tensor of rank >= 1."""
    tensor_arg(input)
    if input.ndim < 1:
        raise ValueError("For 'flipud', the input must have rank >= 1, but got a 0-d Tensor")
    return flip(input, (0,))


def roll(input: Tensor, shifts: Any, dims: Any = None) -> Tensor:
    """Shift the elements along ``dims`` by ``shifts``, those pushed off one end coming in at the other
    (all axes flattened when ``dims`` is None)."""
    tensor_arg(input)
    if dims is None:
        shift = shifts if isinstance(shifts, int) else tuple(shifts)
        if not isinstance(shift, int):
            if len(shift) != 1:
                raise ValueError(f"For 'roll', one shift is allowed without dims, but got {shifts}")
            shift = shift[0]
        return reshape(roll(reshape(input, (-1,)), shift, 0), input.shape)
    shifts = tuple(shifts) if isinstance(shifts, (list, tuple)) else (shifts,)
    dims = tuple(dims) if isinstance(dims, (list, tuple)) else (dims,)
    if len(shifts) != len(dims):
        raise ValueError(f"For 'roll', shifts {shifts} and dims {dims} must have the same length")
    out = input
    for shift, dim in zip(shifts, dims):
        dim = norm_axis(dim, input.ndim, "dims")
        size = input.shape[dim]
        if size == 0 or shift % size == 0:
            continue
        cut = size - shift % size
        head = (slice(None),) * dim
        out = concat([out[head + (slice(cut, None),)], out[head + (slice(0, cut),)]], dim)
    return out


def rot90(input: Tensor, k: int, dims: Sequence[int]) -> Tensor:
    """Rotate by 90 degrees ``k`` times in the plane of ``dims``, from the first axis towards the second."""
    tensor_arg(input)
    dims = tuple(dims)
    if len(dims) != 2:
        raise ValueError(f"For 'rot90', dims must name two axes, but got {dims}")
    a, b = norm_axis(dims, input.ndim, "dims")
    if isinstance(k, bool) or not isinstance(k, int):
        raise TypeError(f"For 'rot90', k must be an int, but got {type(k).__name__}")
    k %= 4
    if k == 0:
        return input
    if k == 2:
        return flip(input, (a, b))
    return swapaxes(flip(input, (b,)), a, b) if k == 1 else flip(swapaxes(input, a, b), (b,))

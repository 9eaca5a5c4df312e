"""MindSpore's NumPy-compatible functions (``mindspore.numpy``, served by ``unigrad/numpy.py``) over unigrad
Tensors, each written on unigrad's ops
(so differentiable, on every backend). The functions are those real code calls (the ranked list's
``mindspore.numpy.*`` rows), with NumPy's signatures and MindSpore NumPy's defaults: a Python int or a list of
them becomes Int32, a float Float32, and an axis of None means every axis."""
from typing import Any, Sequence

import numpy as np

from unigrad import dtype as dt
from unigrad import ops
from unigrad._tensor import Tensor
from unigrad.dtype import float32

_DEFAULTS = {"i": dt.int32, "u": dt.int32, "f": dt.float32, "b": dt.bool_}


def asarray(a: Any, dtype: dt.DType | None = None) -> Tensor:
    """``a`` as a Tensor: a Tensor as it is (cast to ``dtype`` when given), an array-like with MindSpore NumPy's
    dtypes (Int32 for ints, Float32 for floats)."""
    if isinstance(a, Tensor):
        return a if dtype is None else ops.cast(a, dtype)
    array = np.asarray(a)
    if array.dtype.kind not in _DEFAULTS:
        raise TypeError(f"mindspore.numpy takes Tensors, numbers and (nested) lists of them, got {a!r}")
    return Tensor(array, dt.check(dtype) if dtype is not None else _DEFAULTS[array.dtype.kind])


def _tensors(arrays: Any, name: str) -> list[Tensor]:
    """The Tensors of a Tensor or a sequence of them; TypeError for anything else (as MindSpore NumPy's ``tile``,
    ``stack`` and ``concatenate``, which take no lists)."""
    items = [arrays] if isinstance(arrays, Tensor) else list(arrays) if isinstance(arrays, (list, tuple)) else [arrays]
    bad = [type(a).__name__ for a in items if not isinstance(a, Tensor)]
    if bad:
        raise TypeError(f"mindspore.numpy.{name} expects Tensors, but got {', '.join(bad)}")
    return items


def _scalar_dtype(*values: Any) -> dt.DType:
    """Float32 when any value is a float, Int32 for ints, Bool for bools: MindSpore NumPy's default dtype."""
    kinds = {dt.scalar_kind(v.item() if isinstance(v, Tensor) else v) for v in values}
    return dt.float32 if "float" in kinds else dt.int32 if "int" in kinds else dt.bool_


def _cast(x: Tensor, dtype: dt.DType | None) -> Tensor:
    return x if dtype is None else ops.cast(x, dtype)


def _axes(x: Tensor, axis: Any) -> Any:
    return tuple(range(x.ndim)) if axis is None else axis


# -- creation ---------------------------------------------------------------------------------------
def arange(start: Any, stop: Any = None, step: Any = None, dtype: dt.DType | None = None) -> Tensor:
    step = 1 if step is None else step
    return ops.arange(start, stop, step, dtype=dtype or _scalar_dtype(start, step, *([] if stop is None else [stop])))


def ones(shape: Any, dtype: dt.DType = float32) -> Tensor:
    return ops.ones(shape, dtype)


def zeros(shape: Any, dtype: dt.DType = float32) -> Tensor:
    return ops.zeros(shape, dtype)


def full(shape: Any, fill_value: Any, dtype: dt.DType | None = None) -> Tensor:
    if isinstance(fill_value, Tensor):
        shape = tuple(shape) if isinstance(shape, (tuple, list)) else (shape,)
        return ops.broadcast_to(_cast(fill_value, dtype), shape)
    return ops.full(shape, fill_value, dtype=dtype or _scalar_dtype(fill_value))


def _like(a: Any, value: Any, dtype: dt.DType | None, shape: Any) -> Tensor:
    a = asarray(a)
    return ops.full(a.shape if shape is None else shape, value, dtype=dtype or a.dtype)


def ones_like(a: Any, dtype: dt.DType | None = None, shape: Any = None) -> Tensor:
    return _like(a, 1, dtype, shape)


def zeros_like(a: Any, dtype: dt.DType | None = None, shape: Any = None) -> Tensor:
    return _like(a, 0, dtype, shape)


def linspace(start: Any, stop: Any, num: int = 50, endpoint: bool = True, retstep: bool = False,
             dtype: dt.DType | None = None, axis: int = 0) -> Any:
    """``num`` evenly spaced values from ``start`` to ``stop`` (scalars), Float32 unless ``dtype`` says."""
    if not isinstance(num, int) or isinstance(num, bool) or num < 0:
        raise TypeError(f"linspace's num must be a non-negative int, got {num!r}")
    divisions = (num - 1 if endpoint else num) or 1
    step = (stop - start) / divisions
    values = _cast(ops.add(ops.mul(ops.arange(0, num, 1, dtype=float32), step), float(start)), dtype)
    return (values, Tensor(np.float32(step), float32)) if retstep else values


# -- shapes ---------------------------------------------------------------------------------------
def tile(a: Any, reps: Any) -> Tensor:
    return ops.tile(_tensors(a, "tile")[0], (reps,) if isinstance(reps, int) else tuple(reps))


def concatenate(arrays: Sequence[Any], axis: int | None = 0) -> Tensor:
    tensors = _tensors(arrays, "concatenate")
    if axis is None:
        return ops.concat([ops.reshape(t, (-1,)) for t in tensors], 0)
    return ops.concat(tensors, axis)


def stack(arrays: Sequence[Any], axis: int = 0) -> Tensor:
    return ops.stack(_tensors(arrays, "stack"), axis)


def flip(m: Any, axis: Any = None) -> Tensor:
    m = asarray(m)
    return ops.flip(m, _axes(m, axis))


def split(x: Any, indices_or_sections: Any, axis: int = 0) -> Any:
    """NumPy's split: an int is a count of equal parts (a tuple back; ValueError when they cannot be equal), a
    list the indices to cut at (a list back)."""
    x = asarray(x)
    size = x.shape[axis]
    if isinstance(indices_or_sections, int):
        if indices_or_sections < 1 or size % indices_or_sections:
            raise ValueError(f"split: axis {axis} of size {size} cannot be split into {indices_or_sections} equal "
                             f"parts")
        return ops.split(x, size // indices_or_sections, axis)
    cuts = [0, *(min(max(int(i), 0), size) for i in indices_or_sections), size]
    return list(ops.split(x, [max(b - a, 0) for a, b in zip(cuts, cuts[1:])], axis))


# -- math -----------------------------------------------------------------------------------------
def sum(a: Any, axis: Any = None, dtype: dt.DType | None = None, keepdims: bool = False,
        initial: Any = None) -> Tensor:
    out = ops.sum(asarray(a), axis, keepdims, dtype=dtype)
    return out if initial is None else ops.add(out, initial)


def mean(a: Any, axis: Any = None, keepdims: bool = False, dtype: dt.DType | None = None) -> Tensor:
    return _cast(ops.mean(asarray(a), axis, keepdims), dtype)


def cumsum(a: Any, axis: int | None = None, dtype: dt.DType | None = None) -> Tensor:
    a = asarray(a)
    return ops.cumsum(ops.reshape(a, (-1,)) if axis is None else a, 0 if axis is None else axis, dtype)


def where(condition: Any, x: Any = None, y: Any = None) -> Tensor:
    if x is None or y is None:
        raise ValueError("mindspore.numpy.where takes condition, x and y here (the one-argument form, nonzero, is "
                         "not provided)")
    return ops.where(asarray(condition), x if isinstance(x, Tensor) else asarray(x),
                     y if isinstance(y, Tensor) else asarray(y))


def square(x: Any, dtype: dt.DType | None = None) -> Tensor:
    return _cast(ops.square(asarray(x)), dtype)


def ceil(x: Any, dtype: dt.DType | None = None) -> Tensor:
    return _cast(ops.ceil(asarray(x)), dtype)


def log(x: Any, dtype: dt.DType | None = None) -> Tensor:
    return _cast(ops.log(asarray(x)), dtype)


def maximum(x1: Any, x2: Any, dtype: dt.DType | None = None) -> Tensor:
    return _cast(ops.maximum(asarray(x1), asarray(x2)), dtype)


def minimum(x1: Any, x2: Any, dtype: dt.DType | None = None) -> Tensor:
    return _cast(ops.minimum(asarray(x1), asarray(x2)), dtype)

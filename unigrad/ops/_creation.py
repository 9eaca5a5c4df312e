"""Creating Tensors (ones, zeros, full, arange, eye, linspace) and casting them."""
from __future__ import annotations

import builtins
from typing import Any

import numpy as np

from unigrad import backends
from unigrad import dtype as dt
from unigrad._tensor import Tensor
from unigrad.ops._args import not_a_tensor, tensor_arg
from unigrad.ops._dispatch import call


def _shape(size: Any) -> tuple:
    if isinstance(size, Tensor):
        size = size.asnumpy().tolist()
    if isinstance(size, (int, np.integer)):
        size = (size,)
    if not isinstance(size, (tuple, list)) or not all(isinstance(n, (int, np.integer)) for n in size):
        raise TypeError(f"shape must be an int or a tuple of ints, got {size!r}")
    if any(n < 0 for n in size):
        raise ValueError(f"shape sizes must be non-negative, got {tuple(size)}")
    return tuple(int(n) for n in size)


def scalar_dtype(value: Any) -> dt.DType:
    """The dtype MindSpore gives a Python scalar: Bool, Int64 or Float32."""
    kind = dt.scalar_kind(value)
    return {"bool": dt.bool_, "int": dt.int64, "float": dt.float32}[kind]


def full(size: Any, fill_value: Any, *, dtype: dt.DType | None = None) -> Tensor:
    """A Tensor of ``size`` filled with ``fill_value`` (dtype from the value when not given)."""
    if isinstance(fill_value, Tensor):
        fill_value = fill_value.item()
    dtype = dt.check(dtype) if dtype is not None else scalar_dtype(fill_value)
    return call("full", backends.current(), _shape(size), fill_value, dtype)


def ones(shape: Any, dtype: dt.DType | None = None) -> Tensor:
    return full(shape, 1, dtype=dtype or dt.float32)


def zeros(size: Any, dtype: dt.DType | None = None) -> Tensor:
    return full(size, 0, dtype=dtype or dt.float32)


def _like(input: Tensor, value: Any, dtype: dt.DType | None) -> Tensor:
    backend, a = tensor_arg(input)
    dtype = dt.check(dtype) if dtype is not None else backend.dtype(a)
    return call("full", backend, tuple(backend.shape(a)), value, dtype)


def ones_like(input: Tensor, *, dtype: dt.DType | None = None) -> Tensor:
    return _like(input, 1, dtype)


def zeros_like(input: Tensor, *, dtype: dt.DType | None = None) -> Tensor:
    return _like(input, 0, dtype)


def full_like(input: Tensor, fill_value: Any, *, dtype: dt.DType | None = None) -> Tensor:
    return _like(input, fill_value, dtype)


def arange(start: Any = 0, end: Any = None, step: Any = 1, *, dtype: dt.DType | None = None) -> Tensor:
    """[start, end) by step; Int64 when all are ints, else Float32 (unless ``dtype`` says)."""
    if end is None:
        start, end = 0, start
    values = [v.item() if isinstance(v, Tensor) else v for v in (start, end, step)]
    if values[2] == 0:
        raise ValueError("arange's step cannot be 0")
    if dtype is None:
        dtype = dt.float32 if any(dt.scalar_kind(v) == "float" for v in values) else dt.int64
    return call("arange", backends.current(), *values, dt.check(dtype))


def eye(n: int, m: int | None = None, dtype: dt.DType = dt.float32) -> Tensor:
    m = n if m is None else m
    return call("asarray", backends.current(), np.eye(n, m), dt.check(dtype))


def linspace(start: Any, end: Any, steps: int) -> Tensor:
    """``steps`` evenly spaced Float32 values from start to end inclusive."""
    if not isinstance(steps, int) or steps < 1:
        raise ValueError(f"linspace's steps must be a positive int, got {steps!r}")
    start, end = (v.item() if isinstance(v, Tensor) else v for v in (start, end))
    return call("asarray", backends.current(), np.linspace(start, end, steps), dt.float32)


def cast(input: Tensor, dtype: dt.DType) -> Tensor:
    """Convert to ``dtype``; casting to an int or bool dtype carries no gradient."""
    backend, a = tensor_arg(input)
    dtype = dt.check(dtype)
    if backend.dtype(a) is dtype:
        return input
    return call("cast", backend, a, dtype)


def mixed_precision_cast(dst_type: dt.DType, value: Any) -> Any:
    """``value`` with every float Tensor in it (through tuples, lists and dicts) cast to ``dst_type``, everything
    else as it is: how mixed precision casts a Cell's inputs and outputs (MindSpore's F.mixed_precision_cast)."""
    if isinstance(value, Tensor):
        return cast(value, dst_type) if value.dtype.is_floating else value
    if isinstance(value, (tuple, list)):
        return type(value)(mixed_precision_cast(dst_type, v) for v in value)
    if isinstance(value, dict):
        return {k: mixed_precision_cast(dst_type, v) for k, v in value.items()}
    return value


def dtype(input: Tensor) -> dt.DType:
    """MindSpore's ``ops.dtype``: the Tensor's dtype."""
    if not isinstance(input, Tensor):
        raise not_a_tensor(input)
    return input.dtype


def numel(input: Tensor) -> int:
    return input.size


def is_tensor(obj: Any) -> bool:
    return isinstance(obj, Tensor)




def tuple_to_array(input_x: Any) -> Tensor:
    """A tuple (or list) of numbers as a 1-D Tensor (MindSpore's graph-mode helper): Int32 for ints, Float32
    with a float."""
    if not isinstance(input_x, (tuple, list)) or not input_x:
        raise TypeError(f"tuple_to_array takes a non-empty tuple of numbers, got {input_x!r}")
    kinds = {dt.scalar_kind(v) for v in input_x}  # TypeError for a non-number
    dtype = dt.float32 if "float" in kinds else dt.int32
    return Tensor(np.asarray(input_x, dtype.numpy), dtype)


def fill(type: dt.DType, shape: Any, value: Any) -> Tensor:
    """MindSpore's older argument order for ``full(shape, value, dtype=type)``."""
    return full(shape, value, dtype=dt.check(type))


def identity(x: Tensor) -> Tensor:
    """A copy of ``x`` in its own memory (a Parameter updated later leaves it as it was); the gradient passes."""
    if not isinstance(x, Tensor):
        raise TypeError(f"identity's input must be a Tensor, got {type(x).__name__}")
    return x.copy()


def range(start: Any, end: Any, step: Any, maxlen: int = 1000000) -> Tensor:
    """arange from 0-d Tensors of one dtype, or numbers (Int64 for ints, else Float32, as MindSpore's Range);
    at most ``maxlen`` elements."""
    given = [v for v in (start, end, step) if isinstance(v, Tensor)]
    if len({t.dtype for t in given}) > 1:
        raise TypeError(f"For 'Range', start, end and step must have one dtype, but got "
                        f"{[str(t.dtype) for t in given]}")
    out = arange(start, end, step)
    if out.size > maxlen:
        raise ValueError(f"For 'Range', the result has {out.size} elements, more than maxlen {maxlen}")
    return out


def make_range(*args: int) -> tuple:
    """Python's range as a tuple of ints (MindSpore's graph-mode helper)."""
    if not 1 <= len(args) <= 3 or not all(isinstance(a, int) and not isinstance(a, bool) for a in args):
        raise TypeError(f"make_range takes 1 to 3 ints, but got {args}")
    if len(args) == 3 and args[2] == 0:
        raise ValueError("make_range's step cannot be 0")
    return tuple(builtins.range(*args))


def type_as(input: Tensor, other: Tensor) -> Tensor:
    """``input`` cast to ``other``'s dtype."""
    tensor_arg(other, "other")
    return cast(input, other.dtype)

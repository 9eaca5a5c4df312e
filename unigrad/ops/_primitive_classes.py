"""MindSpore's primitive classes (``ops.MatMul()(x, y)`` style), each a thin callable over a functional op."""
from __future__ import annotations

from typing import Any

from unigrad.ops import _indexing as indexing, _linalg as linalg, _nn as nn_functional, _reduction as reduction
from unigrad.ops import _shape as shape, _sorting as sorting
from unigrad._tensor import Tensor


class MatMul:
    def __init__(self, transpose_a: bool = False, transpose_b: bool = False) -> None:
        self.transpose_a, self.transpose_b = transpose_a, transpose_b

    def __call__(self, x: Tensor, y: Tensor) -> Tensor:
        if x.ndim != 2 or y.ndim != 2:
            raise ValueError(f"MatMul takes 2-D Tensors, got shapes {x.shape} and {y.shape}; use BatchMatMul")
        return linalg.batch_matmul(x, y, self.transpose_a, self.transpose_b)


class BatchMatMul(MatMul):
    def __call__(self, x: Tensor, y: Tensor) -> Tensor:
        return linalg.batch_matmul(x, y, self.transpose_a, self.transpose_b)


class _Reduce:
    _op = staticmethod(reduction.sum)

    def __init__(self, keep_dims: bool = False) -> None:
        if not isinstance(keep_dims, bool):
            raise TypeError(f"keep_dims must be a bool, got {type(keep_dims).__name__}")
        self.keep_dims = keep_dims

    def __call__(self, x: Tensor, axis: Any = ()) -> Tensor:
        axis = None if axis == () or axis == [] else axis
        return type(self)._op(x, axis, self.keep_dims)


class ReduceSum(_Reduce):
    _op = staticmethod(reduction.sum)


class ReduceMean(_Reduce):
    _op = staticmethod(reduction.mean)


class ReduceMax(_Reduce):
    _op = staticmethod(reduction.amax)


class ReduceMin(_Reduce):
    _op = staticmethod(reduction.amin)


class ReduceProd(_Reduce):
    _op = staticmethod(reduction.prod)


class Transpose:
    def __call__(self, x: Tensor, perm: tuple) -> Tensor:
        return shape.transpose(x, perm)


class Reshape:
    def __call__(self, x: Tensor, new_shape: tuple) -> Tensor:
        return shape.reshape(x, new_shape)


class Concat:
    def __init__(self, axis: int = 0) -> None:
        self.axis = axis

    def __call__(self, tensors) -> Tensor:
        return shape.concat(tensors, self.axis)


class Gather:
    def __init__(self, batch_dims: int = 0) -> None:
        self.batch_dims = batch_dims

    def __call__(self, params: Tensor, indices: Any, axis: int) -> Tensor:
        return indexing.gather(params, indices, axis, self.batch_dims)


class Softmax:
    def __init__(self, axis: int = -1) -> None:
        self.axis = axis

    def __call__(self, x: Tensor) -> Tensor:
        return nn_functional.softmax(x, self.axis)


class ArgMaxWithValue:
    """(index, value) of the maximum along ``axis`` — MindSpore's order, the reverse of ops.max."""

    def __init__(self, axis: int = 0, keep_dims: bool = False) -> None:
        self.axis, self.keep_dims = axis, keep_dims

    def __call__(self, x: Tensor) -> tuple[Tensor, Tensor]:
        values, indices = reduction.max(x, self.axis, self.keep_dims)
        return indices, values


class ArgMinWithValue(ArgMaxWithValue):
    def __call__(self, x: Tensor) -> tuple[Tensor, Tensor]:
        values, indices = reduction.min(x, self.axis, self.keep_dims)
        return indices, values


class Sort:
    def __init__(self, axis: int = -1, descending: bool = False) -> None:
        self.axis, self.descending = axis, descending

    def __call__(self, x: Tensor) -> tuple[Tensor, Tensor]:
        return sorting.sort(x, self.axis, self.descending)


class TopK:
    """The ``k`` largest along the last axis."""

    def __init__(self, sorted: bool = True) -> None:
        self.sorted = sorted

    def __call__(self, input_x: Tensor, k: int) -> tuple[Tensor, Tensor]:
        return sorting.topk(input_x, k, None, True, self.sorted)

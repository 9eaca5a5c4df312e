"""MindSpore's ``nn.layer.math`` Cells: Range, MatMul, Moments (thin Cells over unigrad's ops, kept for code
written against MindSpore's older layer API)."""
from __future__ import annotations

from typing import Any

import numpy as np

from unigrad import dtype as dt
from unigrad import ops
from unigrad.common._checks import check_type
from unigrad.nn.cell import Cell
from unigrad._tensor import Tensor


class Range(Cell):
    """A constant ``arange(start, limit, delta)``, computed once: Float32 when NumPy's is float, else Int32."""

    def __init__(self, start: float, limit: float | None = None, delta: float = 1) -> None:
        super().__init__()
        if delta == 0:
            raise ValueError("For 'Range', the 'delta' can not be zero.")
        data = np.arange(start, limit, delta)
        self.ms_dtype = dt.float32 if data.dtype == np.float64 else dt.int32
        self.result_tensor = Tensor(data.astype(self.ms_dtype.numpy), self.ms_dtype)

    def construct(self) -> Tensor:
        return self.result_tensor


def _check_flags(owner: str, **flags: Any) -> None:
    for name, value in flags.items():
        check_type(name, value, (bool,), owner)


class MatMul(Cell):
    """x1 @ x2 with NumPy's broadcasting of leading axes, each optionally transposed in its last two axes
    (a 1-D operand is never transposed; two 1-D operands give their dot product)."""

    def __init__(self, transpose_x1: bool = False, transpose_x2: bool = False) -> None:
        super().__init__()
        _check_flags("MatMul", transpose_x1=transpose_x1, transpose_x2=transpose_x2)
        self.transpose_x1, self.transpose_x2 = transpose_x1, transpose_x2

    def construct(self, x1: Tensor, x2: Tensor) -> Tensor:
        t1, t2 = self.transpose_x1 and x1.ndim > 1, self.transpose_x2 and x2.ndim > 1
        rows1 = (1,) + x1.shape if x1.ndim == 1 else x1.shape
        rows2 = x2.shape + (1,) if x2.ndim == 1 else x2.shape
        x1_col, x2_row = rows1[-2:][not t1], rows2[-2:][t2]
        if x1_col != x2_row:
            raise ValueError(f"For 'MatMul', the column of matrix dimensions of 'x1' must be equal to the row of "
                             f"matrix dimensions of 'x2', but got 'x1_col' {x1_col} and 'x2_row' {x2_row}.")
        if t1:
            x1 = ops.swapaxes(x1, -1, -2)
        if t2:
            x2 = ops.swapaxes(x2, -1, -2)
        return ops.matmul(x1, x2)


class Moments(Cell):
    """(mean, variance) over ``axis`` (None: every axis), in float32 for float16 input. MindSpore stops the
    gradient through the mean inside the variance; the first derivative is the same either way (the
    deviations sum to zero), and without the stop the second derivative is the variance's true one."""

    def __init__(self, axis: int | tuple | None = None, keep_dims: bool | None = None) -> None:
        super().__init__()
        axis = () if axis is None else axis
        if isinstance(axis, tuple):
            for i, item in enumerate(axis):
                check_type(f"axis[{i}]", item, (int,), "Moments")
        self.axis = check_type("axis", axis, (int, tuple), "Moments")
        self.keep_dims = check_type("keep_dims", False if keep_dims is None else keep_dims, (bool,), "Moments")

    def construct(self, x: Tensor) -> tuple[Tensor, Tensor]:
        if x.dtype not in (dt.float16, dt.float32, dt.float64):
            raise TypeError(f"For 'Moments', the 'input x' must be float16 or float32, but got {x.dtype}.")
        source = x.dtype
        if source == dt.float16:
            x = ops.cast(x, dt.float32)
        axis = None if self.axis == () else self.axis
        mean = ops.mean(x, axis, True)
        centered = x - mean
        variance = ops.mean(centered * centered, axis, True)
        if not self.keep_dims:
            mean, variance = squeeze_axes(mean, self.axis), squeeze_axes(variance, self.axis)
        if source == dt.float16:
            mean, variance = ops.cast(mean, source), ops.cast(variance, source)
        return mean, variance


def squeeze_axes(x: Tensor, axis: int | tuple) -> Tensor:
    """MindSpore's ``Squeeze(axis)``: the given axes, or with () every axis of size 1."""
    if axis == ():
        return ops.reshape(x, tuple(s for s in x.shape if s != 1))
    return ops.squeeze(x, axis)

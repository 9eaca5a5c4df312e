"""Adaptive pooling (``ops.adaptive_avg_pool1d/2d``, ``ops.adaptive_max_pool1d/2d``): the windows split each
pooled axis into the asked output size, [floor(i L / out), ceil((i + 1) L / out)); nn's adaptive pooling layers
call these."""
from __future__ import annotations

from typing import Any

import numpy as np

from unigrad import dtype as dt
from unigrad._tensor import Tensor
from unigrad.ops import _creation as creation, _linalg as linalg, _nn as nn, _reduction as red, _shape as shape


def _bounds(size: int, out: int, i: int) -> tuple[int, int]:
    return (i * size) // out, -(-((i + 1) * size) // out)


def _averaging(size: int, out: int, dtype: dt.DType) -> Tensor:
    """(out, size) matrix: row i holds 1/n over the i-th window of an axis of ``size``."""
    weights = np.zeros((out, size), dtype=np.float64)
    for i in range(out):
        start, end = _bounds(size, out, i)
        weights[i, start:end] = 1.0 / (end - start)
    return Tensor(weights.astype(dtype.numpy), dtype)


def _windows_1d(owner: str, input: Tensor, output_size: int) -> Tensor:
    """(N, C, L) as (N, C, output_size, L / output_size): MindSpore's 1-D adaptive pooling takes only an L that
    output_size divides."""
    if isinstance(output_size, bool) or not isinstance(output_size, int) or output_size < 1:
        raise ValueError(f"For {owner}, 'output_size' must be a positive int, but got {output_size!r}")
    if not isinstance(input, Tensor):
        raise TypeError(f"For {owner}, the input must be a Tensor, but got {type(input).__name__}")
    if input.ndim != 3:
        raise ValueError(f"For {owner} input must have 3 dim, but got {input.ndim}.")
    if input.dtype not in (dt.float16, dt.float32, dt.float64):
        raise TypeError(f"For {owner}, the input's dtype must be float16, float32 or float64, but got {input.dtype}.")
    width = input.shape[2]
    if width < output_size or width % output_size:
        raise ValueError(f"For {owner} input's last dimension must be divisible by output size {output_size}, but "
                         f"got {width}.")
    return shape.reshape(input, input.shape[:2] + (output_size, width // output_size))


def adaptive_avg_pool1d(input: Tensor, output_size: int) -> Tensor:
    """The mean of each of ``output_size`` equal windows of the last axis of (N, C, L)."""
    return red.mean(_windows_1d("adaptive_avg_pool1d", input, output_size), -1)


def adaptive_max_pool1d(input: Tensor, output_size: int) -> Tensor:
    """The maximum of each of ``output_size`` equal windows of the last axis of (N, C, L) (the gradient to the
    first maximum, as max pooling's)."""
    windows = _windows_1d("adaptive_max_pool1d", input, output_size)
    n, c, out, k = windows.shape
    pooled = nn.max_pool2d_pads(shape.reshape(windows, (n, c, 1, out * k)), (1, k), (1, k), (0, 0, 0, 0))
    return shape.squeeze(pooled, 2)


def _output_hw(owner: str, input: Tensor, output_size: Any) -> tuple[int, int]:
    """(out H, out W) from an int or a pair whose None keeps that axis; (C, H, W) or (N, C, H, W) input."""
    if not isinstance(input, Tensor):
        raise TypeError(f"For '{owner}', the input must be a Tensor, but got {type(input).__name__}")
    if input.ndim not in (3, 4):
        raise ValueError(f"For '{owner}', the dimension of input must be 3 or 4, but got {input.ndim}.")
    sizes = (output_size, output_size) if isinstance(output_size, int) else output_size
    if not isinstance(sizes, (tuple, list)) or len(sizes) != 2 or not all(
            s is None or (type(s) is int and s > 0) for s in sizes):
        raise ValueError(f"For '{owner}', 'output_size' must be a positive int or a pair of them (None keeps an "
                         f"axis), but got {output_size!r}")
    return tuple(size if out is None else out for size, out in zip(input.shape[-2:], sizes))


def adaptive_avg_pool2d(input: Tensor, output_size: Any) -> Tensor:
    """The mean of each window splitting H and W into ``output_size``: two products with fixed averaging
    matrices."""
    oh, ow = _output_hw("adaptive_avg_pool2d", input, output_size)
    x = input if input.dtype.is_floating else creation.cast(input, dt.float32)
    h, w = x.shape[-2:]
    cols = shape.transpose(_averaging(w, ow, x.dtype), (1, 0))
    return linalg.matmul(linalg.matmul(_averaging(h, oh, x.dtype), x), cols)


def adaptive_max_pool2d(input: Tensor, output_size: Any, return_indices: bool = False) -> Tensor | tuple[Tensor, Tensor]:
    """The maximum of each window splitting H and W into ``output_size``, with the flat H*W index of each
    maximum when ``return_indices``; the gradient goes to the first maximum."""
    if not isinstance(return_indices, bool):
        raise TypeError(f"For 'adaptive_max_pool2d', 'return_indices' must be a bool, but got "
                        f"{type(return_indices).__name__}")
    oh, ow = _output_hw("adaptive_max_pool2d", input, output_size)
    h, w = input.shape[-2:]
    values, indices = [], []
    for i in range(oh):
        top, bottom = _bounds(h, oh, i)
        for j in range(ow):
            left, right = _bounds(w, ow, j)
            window = input[..., top:bottom, left:right]
            flat = shape.reshape(window, window.shape[:-2] + (-1,))
            values.append(red.max(flat, -1)[0])
            if return_indices:
                at = red.argmax(flat, -1)
                width = right - left
                indices.append((at // width + top) * w + at % width + left)
    out_shape = input.shape[:-2] + (oh, ow)
    out = shape.reshape(shape.stack(values, -1), out_shape)
    if not return_indices:
        return out
    return out, creation.cast(shape.reshape(shape.stack(indices, -1), out_shape), dt.int64)

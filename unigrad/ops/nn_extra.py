"""Functional pieces the nn layers need beyond ``nn_functional``: pooling with MindSpore's pad modes
(asymmetric 'same' padding, averages that leave padding out of the count)."""
from __future__ import annotations

from typing import Any

import numpy as np

from unigrad.ops import nn_functional as nnf
from unigrad.ops._dispatch import unary_float, wrap
from unigrad.tensor import Tensor


def pool_padding(pad_mode: str, padding: Any, hw: tuple[int, int], kernel: tuple[int, int],
                 stride: tuple[int, int], dilation: tuple[int, int] = (1, 1)) -> tuple[int, int, int, int]:
    """(top, bottom, left, right) for MindSpore's pad_mode: 'same' pads so that out = ceil(in / stride)."""
    pad_mode = pad_mode.lower() if isinstance(pad_mode, str) else pad_mode
    return nnf._conv_padding(pad_mode, padding, hw, kernel, stride, dilation)


def max_pool2d_pads(x: Tensor, kernel: tuple[int, int], stride: tuple[int, int], pads: tuple[int, int, int, int],
                    dilation: tuple[int, int] = (1, 1), return_indices: bool = False) -> Tensor | tuple[Tensor, Tensor]:
    """Max pooling of (N, C, H, W) with explicit (top, bottom, left, right) padding counted as -inf;
    ``return_indices`` also gives where each maximum sits (``nn_functional.max_pool2d_indices``)."""
    backend, a = unary_float(x)
    return nnf._max_pool(backend, a, kernel, stride, pads, dilation, return_indices)


def avg_pool2d_pads(x: Tensor, kernel: tuple[int, int], stride: tuple[int, int],
                    pads: tuple[int, int, int, int], count_include_pad: bool = True) -> Tensor:
    """Average pooling with explicit padding; with ``count_include_pad=False`` the divisor is the number
    of real (unpadded) elements in each window, as MindSpore's 'same' mode does."""
    backend, a = unary_float(x)
    cols = nnf._windows(backend, a, pads, kernel, stride, (1, 1))
    n, c, kh, kw, oh, ow = backend.shape(cols)
    total = backend.sum(backend.reshape(cols, (n, c, kh * kw, oh, ow)), 2, False)
    if count_include_pad or not any(pads):
        return wrap(backend.div(total, float(kh * kw)), backend)
    h, w = backend.shape(a)[2:]
    top, bottom, left, right = pads
    inside = np.pad(np.ones((h, w)), ((top, bottom), (left, right)))
    counts = np.lib.stride_tricks.sliding_window_view(inside, kernel)[::stride[0], ::stride[1]].sum((-1, -2))
    counts = backend.asarray(counts[:oh, :ow].astype(backend.dtype(a).numpy), backend.dtype(a))
    return wrap(backend.div(total, counts), backend)

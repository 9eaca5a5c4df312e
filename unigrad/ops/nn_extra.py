"""Functional pieces the nn layers need beyond ``nn_functional``: pooling with MindSpore's pad modes
(asymmetric 'same' padding, averages that leave padding out of the count)."""
from __future__ import annotations

from typing import Any

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


def avg_pool2d_pads(x: Tensor, kernel: tuple[int, int], stride: tuple[int, int], pads: tuple[int, int, int, int],
                    count_include_pad: bool = True, ceil_mode: bool = False, divisor_override: int | None = None
                    ) -> Tensor:
    """Average pooling of (N, C, H, W) with explicit (top, bottom, left, right) padding; the divisors are
    ``nn_functional.avg_pool``'s (``count_include_pad=False``: the real elements, as MindSpore's 'same')."""
    backend, a = unary_float(x)
    return wrap(nnf.avg_pool(backend, a, kernel, stride, pads, ceil_mode, count_include_pad, divisor_override),
                backend)

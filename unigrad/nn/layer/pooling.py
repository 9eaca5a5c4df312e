"""MaxPool2d, AvgPool2d and AdaptiveAvgPool2d; the first two with MindSpore's pad modes: 'valid' (default), 'same' (out = ceil(in / stride);
averages leave the padding out of the count unless ceil_mode or divisor_override is set) and 'pad'
(explicit padding; averages count it unless count_include_pad=False)."""
from __future__ import annotations

from typing import Any

import numpy as np

from unigrad import dtype as dt
from unigrad import ops
from unigrad.ops import _nn as nnf
from unigrad.common._checks import check_bools, check_number, check_type, int_pair
from unigrad.nn.cell import Cell
from unigrad._tensor import Tensor


class _Pool2d(Cell):
    def __init__(self, owner: str, kernel_size: Any, stride: Any, pad_mode: str, padding: Any,
                 data_format: str) -> None:
        super().__init__()
        self.kernel_size = int_pair(owner, "kernel_size", kernel_size)
        self.stride = int_pair(owner, "stride", stride)
        if not isinstance(pad_mode, str) or pad_mode.upper() not in ("VALID", "SAME", "PAD"):
            raise ValueError(f"For '{owner}', 'pad_mode' must be 'valid', 'same' or 'pad', but got {pad_mode!r}")
        self.pad_mode = pad_mode.lower()
        if isinstance(padding, (tuple, list)) and len(padding) == 1:
            padding = padding[0]
        if not (isinstance(padding, int) and not isinstance(padding, bool) and padding >= 0):
            if not (isinstance(padding, (tuple, list)) and len(padding) == 2 and all(
                    isinstance(p, int) and not isinstance(p, bool) and p >= 0 for p in padding)):
                raise ValueError(f"For '{owner}', 'padding' must be a non-negative int or a tuple/list of 1 or 2 "
                                 f"of them (height, width), but got {padding!r}")
            padding = tuple(padding)
        if self.pad_mode != "pad" and padding not in (0, (0, 0)):
            raise ValueError(f"For '{owner}', 'padding' must be 0 unless 'pad_mode' is 'pad', got {padding!r}")
        if data_format != "NCHW":
            raise ValueError(f"For '{owner}', only the 'NCHW' data_format is supported, but got {data_format!r}")
        self.padding = padding

    def _pads(self, x: Tensor) -> tuple[int, int, int, int]:
        shape = x.shape
        if len(shape) != 4:
            raise ValueError(f"For '{type(self).__name__}', the input must be 4-D (N, C, H, W), got {shape}")
        if self.pad_mode == "valid":  # every LeNet-style pooling: no padding to work out
            return (0, 0, 0, 0)
        return nnf.pool_padding(self.pad_mode, self.padding, shape[2:], self.kernel_size, self.stride)


class MaxPool2d(_Pool2d):
    def __init__(self, kernel_size: Any = 1, stride: Any = 1, pad_mode: str = "valid", padding: Any = 0,
                 dilation: Any = 1, return_indices: bool = False, ceil_mode: bool = False,
                 data_format: str = "NCHW") -> None:
        super().__init__("MaxPool2d", kernel_size, stride, pad_mode, padding, data_format)
        self.dilation = int_pair("MaxPool2d", "dilation", dilation)
        if self.pad_mode != "pad" and (self.dilation != (1, 1) or return_indices or ceil_mode):
            raise ValueError(f"For 'MaxPool2d', 'dilation', 'return_indices' and 'ceil_mode' can only be set to "
                             f"non-default values when 'pad_mode' is 'pad', but got pad_mode {pad_mode!r}")
        self.return_indices = return_indices
        self.ceil_mode = ceil_mode

    def construct(self, x: Tensor) -> Tensor | tuple[Tensor, Tensor]:
        pads = self._pads(x)
        if self.ceil_mode:
            pads = nnf.ceil_mode_pads(x.shape[2:], pads, self.kernel_size, self.stride, self.dilation)
        return nnf.max_pool2d_pads(x, self.kernel_size, self.stride, pads, self.dilation, self.return_indices)


class AvgPool2d(_Pool2d):
    def __init__(self, kernel_size: Any = 1, stride: Any = 1, pad_mode: str = "valid", padding: Any = 0,
                 ceil_mode: bool = False, count_include_pad: bool = True, divisor_override: int | None = None,
                 data_format: str = "NCHW") -> None:
        super().__init__("AvgPool2d", kernel_size, stride, pad_mode, padding, data_format)
        check_bools("AvgPool2d", ceil_mode=ceil_mode, count_include_pad=count_include_pad)
        if divisor_override is not None and (isinstance(divisor_override, bool) or
                                             not isinstance(divisor_override, int) or divisor_override <= 0):
            raise ValueError(f"For 'AvgPool2d', the 'divisor_override' must be > 0, but got {divisor_override!r}")
        self.ceil_mode = ceil_mode
        self.count_include_pad = count_include_pad
        self.divisor_override = divisor_override

    def construct(self, x: Tensor) -> Tensor:
        # MindSpore leaves 'same' padding out of the count, except on the path ceil_mode and divisor_override
        # take (its AvgPool3D), where count_include_pad holds as in 'pad' mode
        include = self.count_include_pad and (self.pad_mode == "pad" or self.ceil_mode
                                              or self.divisor_override is not None)
        return nnf.avg_pool2d_pads(x, self.kernel_size, self.stride, self._pads(x), include, self.ceil_mode,
                                   self.divisor_override)


def _adaptive_weights(size: int, out: int, dtype: Any) -> np.ndarray:
    """(out, size) averaging matrix: row i holds 1/n over input[floor(i*size/out) : ceil((i+1)*size/out)]."""
    weights = np.zeros((out, size), dtype=np.float64)
    for i in range(out):
        start, end = (i * size) // out, -(-((i + 1) * size) // out)
        weights[i, start:end] = 1.0 / (end - start)
    return weights.astype(dtype)


class AdaptiveAvgPool2d(Cell):
    """Average over the windows that split H and W into ``output_size`` (an int, or a pair whose None keeps
    that axis), as two products with fixed averaging matrices; (C, H, W) or (N, C, H, W) input."""

    def __init__(self, output_size: int | tuple) -> None:
        super().__init__()
        owner = "AdaptiveAvgPool2D"
        check_type("output_size", output_size, (int, tuple), owner)
        sizes = (output_size, output_size) if isinstance(output_size, int) else output_size
        check_number("length of output_size", len(sizes), int, "=", 2, owner)
        for i, size in enumerate(sizes):
            if size is not None and size < 0:
                raise ValueError(f"For '{owner}', the argument 'output_size[{i}]' must >= 0, but got {size}.")
        self.output_size = sizes

    def construct(self, x: Tensor) -> Tensor:
        if x.ndim not in (3, 4):
            raise ValueError(f"For primitive[AdaptiveAvgPool2D], the dim of x must be in [3,4], but got {x.ndim}.")
        if not x.dtype.is_floating:
            x = ops.cast(x, dt.float32)
        h, w = x.shape[-2:]
        oh, ow = (size if out is None else out for size, out in zip((h, w), self.output_size))
        rows = Tensor(_adaptive_weights(h, oh, x.dtype.numpy), x.dtype)
        cols = Tensor(_adaptive_weights(w, ow, x.dtype.numpy).T.copy(), x.dtype)
        return ops.matmul(ops.matmul(rows, x), cols)

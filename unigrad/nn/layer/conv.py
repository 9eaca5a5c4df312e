"""Conv2d and Conv1d with MindSpore's defaults: pad_mode='same', no bias, HeUniform(sqrt(5)) weights.
Conv1d keeps MindSpore's 4-D weight (out, in / group, 1, k) so checkpoints interchange."""
from __future__ import annotations

from typing import Any

from unigrad import dtype as dt
from unigrad import ops
from unigrad.common._checks import int_pair
from unigrad.nn.cell import Cell
from unigrad.nn.layer._init import bias_param, positive_int, weight_param
from unigrad._tensor import Tensor

_PAD_MODES = ("same", "valid", "pad")


def _check_pad(owner: str, pad_mode: str, padding: Any) -> str:
    if not isinstance(pad_mode, str) or pad_mode.lower() not in _PAD_MODES:
        raise ValueError(f"For '{owner}', 'pad_mode' must be one of {list(_PAD_MODES)}, but got {pad_mode!r}")
    pad_mode = pad_mode.lower()
    pads = padding if isinstance(padding, tuple) else (padding,)
    if not all(isinstance(p, int) and not isinstance(p, bool) and p >= 0 for p in pads):
        raise TypeError(f"For '{owner}', 'padding' must be a non-negative int or a tuple of them, got {padding!r}")
    if pad_mode != "pad" and any(pads):
        raise ValueError(f"For '{owner}', 'padding' must be 0 when 'pad_mode' is {pad_mode!r}, but got {padding!r}")
    return pad_mode


class Conv2d(Cell):
    """2-D convolution of (N, C_in, H, W); padding is an int or (top, bottom, left, right) in 'pad' mode."""

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: Any = 1,
                 pad_mode: str = "same", padding: Any = 0, dilation: Any = 1, group: int = 1, has_bias: bool = False,
                 weight_init: Any = None, bias_init: Any = None, data_format: str = "NCHW",
                 dtype: dt.DType = dt.float32) -> None:
        super().__init__()
        self.in_channels = positive_int("Conv2d", "in_channels", in_channels)
        self.out_channels = positive_int("Conv2d", "out_channels", out_channels)
        self.kernel_size = int_pair("Conv2d", "kernel_size", kernel_size, malformed=TypeError)
        self.stride = int_pair("Conv2d", "stride", stride, malformed=TypeError)
        self.dilation = int_pair("Conv2d", "dilation", dilation, malformed=TypeError)
        self.group = positive_int("Conv2d", "group", group)
        if in_channels % group or out_channels % group:
            raise ValueError(f"For 'Conv2d', 'in_channels' {in_channels} and 'out_channels' {out_channels} must "
                             f"be divisible by 'group' {group}")
        if data_format != "NCHW":
            raise ValueError(f"For 'Conv2d', only the 'NCHW' data_format is supported, but got {data_format!r}")
        if isinstance(padding, tuple) and len(padding) != 4:
            raise ValueError(f"For 'Conv2d', a tuple 'padding' must have 4 ints, but got {padding!r}")
        self.pad_mode, self.padding, self.has_bias = _check_pad("Conv2d", pad_mode, padding), padding, has_bias
        shape = (out_channels, in_channels // group) + self.kernel_size
        self.weight = weight_param("Conv2d", weight_init, shape, dtype)
        self.bias = bias_param("Conv2d", bias_init, shape, out_channels, dtype) if has_bias else None

    def construct(self, x: Tensor) -> Tensor:
        return ops.conv2d(x, self.weight, self.bias, self.stride, self.pad_mode, self.padding, self.dilation,
                          self.group)

    def extend_repr(self) -> str:
        return (f"input_channels={self.in_channels}, output_channels={self.out_channels}, "
                f"kernel_size={self.kernel_size}, stride={self.stride}, pad_mode={self.pad_mode}, "
                f"padding={self.padding}, dilation={self.dilation}, group={self.group}, has_bias={self.has_bias}")


class Conv1d(Cell):
    """1-D convolution of (N, C_in, L), run as a Conv2d over (N, C_in, 1, L)."""

    def __init__(self, in_channels: int, out_channels: int, kernel_size: int, stride: int = 1,
                 pad_mode: str = "same", padding: int = 0, dilation: int = 1, group: int = 1, has_bias: bool = False,
                 weight_init: Any = None, bias_init: Any = None, dtype: dt.DType = dt.float32) -> None:
        super().__init__()
        for name, value in (("kernel_size", kernel_size), ("stride", stride), ("dilation", dilation)):
            positive_int("Conv1d", name, value)
        if isinstance(padding, bool) or not isinstance(padding, int):
            raise TypeError(f"For 'Conv1d', 'padding' must be an int, but got {type(padding).__name__}")
        self.in_channels = positive_int("Conv1d", "in_channels", in_channels)
        self.out_channels = positive_int("Conv1d", "out_channels", out_channels)
        self.group = positive_int("Conv1d", "group", group)
        if in_channels % group or out_channels % group:
            raise ValueError(f"For 'Conv1d', 'in_channels' {in_channels} and 'out_channels' {out_channels} must "
                             f"be divisible by 'group' {group}")
        self.pad_mode = _check_pad("Conv1d", pad_mode, padding)
        self.kernel_size, self.stride, self.dilation, self.padding = kernel_size, stride, dilation, padding
        self.has_bias = has_bias
        shape = (out_channels, in_channels // group, 1, kernel_size)
        if isinstance(weight_init, Tensor):
            if weight_init.ndim != 3:
                raise ValueError(f"For 'Conv1d', a Tensor 'weight_init' must be 3-D, but got shape {weight_init.shape}")
            weight_init = ops.expand_dims(weight_init, 2)
        self.weight = weight_param("Conv1d", weight_init, shape, dtype)
        self.bias = bias_param("Conv1d", bias_init, shape, out_channels, dtype) if has_bias else None

    def construct(self, x: Tensor) -> Tensor:
        out = ops.conv2d(ops.expand_dims(x, 2), self.weight, self.bias, (1, self.stride), self.pad_mode,
                         (0, 0, self.padding, self.padding), (1, self.dilation), self.group)
        return ops.squeeze(out, 2)

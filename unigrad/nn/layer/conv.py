"""Conv2d, Conv1d and Conv2dTranspose with MindSpore's defaults: pad_mode='same', no bias, HeUniform(sqrt(5)) weights.
Conv1d keeps MindSpore's 4-D weight (out, in / group, 1, k) so checkpoints interchange."""
from __future__ import annotations

import math
from typing import Any, Callable, Sequence

from unigrad import dtype as dt
from unigrad import ops
from unigrad.common._checks import check_bool, check_number, check_positive_int, check_string, check_type, int_pair
from unigrad.common.initializer import HeUniform
from unigrad.nn.cell import Cell
from unigrad.nn.layer._init import bias_param, default_bias_init, positive_int, weight_param
from unigrad.nn.layer.padding import dilate_axes, pad_axes
from unigrad.ops import _nn as nnf
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


def _twice(value: Any) -> tuple[int, int]:
    """MindSpore's ``twice``: an int as (v, v), a pair as itself."""
    if isinstance(value, int) and not isinstance(value, bool):
        return (value, value)
    if isinstance(value, tuple) and len(value) == 2:
        return value
    raise TypeError(f"When expanding an int number to tuple, input tuple dimension must be 2, but got {value}")


def _transposed_length(mode: str, size: int, kernel: int, stride: int, dilation: int, padding: int) -> int:
    """The output length of a transposed convolution (MindSpore's ``_deconv_output_length``)."""
    span = dilation * (kernel - 1) + 1
    if mode == "valid":
        return size * stride + max(span - stride, 0)
    if mode == "same":
        return size * stride
    return size * stride - padding + span - stride


def transposed_conv(x: Tensor, weight: Tensor, bias: Tensor | None, layer: Any, before: Sequence[int],
                    size: Sequence[int], conv: Callable[[Tensor, Tensor, Tensor | None], Tensor]) -> Tensor:
    """The adjoint of a convolution (``layer``'s kernel_size, stride, dilation, group) whose input has spatial
    ``size`` and is padded by ``before`` at the start of each axis: ``x`` spread ``stride`` apart, padded so
    each output position sees the kernel taps that reached it (cropped where the forward padding is larger),
    and convolved by ``conv`` (stride 1, no padding) with the kernel flipped and its channels swapped per
    group (the weight is (in, out / group, *kernel))."""
    spatial = range(len(size))
    adjoint = {}
    for i in spatial:
        span = layer.dilation[i] * (layer.kernel_size[i] - 1) + 1
        adjoint[2 + i] = (span - 1 - before[i], size[i] + before[i] - 1 - (x.shape[2 + i] - 1) * layer.stride[i])
    spread = pad_axes(dilate_axes(x, {2 + i: layer.stride[i] for i in spatial}), adjoint)
    g, (ins, outs) = layer.group, weight.shape[:2]
    kernel = ops.reshape(weight, (g, ins // g, outs) + tuple(layer.kernel_size))
    kernel = ops.transpose(kernel, (0, 2, 1) + tuple(3 + i for i in spatial))
    kernel = ops.flip(ops.reshape(kernel, (g * outs, ins // g) + tuple(layer.kernel_size)),
                      tuple(2 + i for i in spatial))
    return conv(spread, kernel, bias)


class Conv2dTranspose(Cell):
    """The adjoint of Conv2d (the gradient of a convolution with respect to its input): the input spread
    ``stride`` apart, padded by ``dilation * (kernel - 1) - padding`` (cropped where that is negative) and
    convolved with the flipped kernel, channels swapped per group. Weight (in, out / group, kh, kw) as
    MindSpore's; ``output_padding`` adds zeros after the bias at the bottom and right, as MindSpore does."""

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: Any = 1,
                 pad_mode: str = "same", padding: Any = 0, output_padding: Any = 0, dilation: Any = 1,
                 group: int = 1, has_bias: bool = False, weight_init: Any = None, bias_init: Any = None,
                 dtype: dt.DType = dt.float32) -> None:
        super().__init__()
        owner = "Conv2dTranspose"
        kernel_size, stride, dilation = _twice(kernel_size), _twice(stride), _twice(dilation)
        for name, value, size in (("padding", padding, 4), ("output_padding", output_padding, 2)):
            check_type(name, value, (int, tuple), owner)
            if isinstance(value, tuple):
                check_number(f"{name} size", len(value), int, "=", size, owner)
        self.in_channels = check_positive_int("in_channels", in_channels, owner)
        self.out_channels = check_positive_int("out_channels", out_channels, owner)
        for pad in padding if isinstance(padding, tuple) else (padding,):
            check_number("padding item" if isinstance(padding, tuple) else "padding", pad, int, ">=", 0, owner)
        self.group = check_positive_int("group", group)
        for name, values in (("kernel_size", kernel_size), ("stride", stride), ("dilation", dilation)):
            for value in values:
                check_positive_int(f"{name} item", value, owner)
        if in_channels % group:
            raise ValueError(f"For '{owner}', the attr 'in_channels' must be divisible by attr 'group', but got "
                             f"'in_channels': {in_channels} and 'group': {group}.")
        if out_channels % group:
            raise ValueError(f"For '{owner}', the 'out_channels' must be divisible by attr 'group', but got "
                             f"'out_channels': {out_channels} and 'group': {group}.")
        self.kernel_size, self.stride, self.dilation = kernel_size, stride, dilation
        self.padding, self.output_padding, self.data_format = padding, output_padding, "NCHW"
        shape = (in_channels, out_channels // group) + kernel_size
        self.weight_init = HeUniform(math.sqrt(5)) if weight_init is None else weight_init
        self.weight = weight_param(owner, self.weight_init, shape, dtype)
        self.has_bias = check_bool("has_bias", has_bias, owner)
        if has_bias and bias_init is None:
            bias_init = default_bias_init(shape)
        self.bias_init = bias_init
        self.bias = bias_param(owner, bias_init, shape, out_channels, dtype) if has_bias else None
        self.pad_mode = check_string("pad_mode", pad_mode, ("valid", "same", "pad"), owner)
        if pad_mode != "pad" and padding not in (0, (0, 0, 0, 0)):
            raise ValueError(f"For 'Conv2DTranspose', the 'pad' must be zero or (0, 0, 0, 0) when 'pad_mode' is "
                             f"not \"pad\", but got 'pad' is {padding} and 'pad_mode' is {pad_mode}.")

    def _output_pads(self) -> tuple[int, int]:
        """output_padding as (bottom, right), checked as MindSpore checks it at each call."""
        pairs = self.output_padding if isinstance(self.output_padding, tuple) else (self.output_padding,) * 2
        for axis, extra in enumerate(pairs):
            if extra < 0 or extra >= max(self.dilation[axis], self.stride[axis]):
                which = ("output_padding[0]", "stride_h, dilation_h") if axis == 0 else (
                    "output_padding[1]", "stride_w, dilation_w")
                name = which[0] if isinstance(self.output_padding, tuple) else "output_padding"
                raise ValueError(f"{name} must be in range of [0, max({which[1]})).")
        if self.pad_mode != "pad" and any(pairs):
            raise ValueError("when output_padding is not zero, pad_mode must be 'pad'")
        return pairs

    def construct(self, x: Tensor) -> Tensor:
        if x.ndim != 4 or x.shape[1] != self.in_channels:
            raise ValueError(f"For 'Conv2dTranspose', the input must be (N, {self.in_channels}, H, W), but got "
                             f"shape {x.shape}")
        extra = self._output_pads()
        pads4 = self.padding if isinstance(self.padding, tuple) else (self.padding,) * 4
        size = tuple(_transposed_length(self.pad_mode, x.shape[2 + i], self.kernel_size[i], self.stride[i],
                                        self.dilation[i], pads4[2 * i] + pads4[2 * i + 1]) for i in range(2))
        # the padding of the convolution this one is the adjoint of, as that convolution works it out
        forward = nnf.pool_padding(self.pad_mode, self.padding, size, self.kernel_size, self.stride, self.dilation)
        out = transposed_conv(x, self.weight, self.bias, self, forward[::2], size,
                              lambda a, k, b: ops.conv2d(a, k, b, 1, "valid", 0, self.dilation, self.group))
        return pad_axes(out, {2: (0, extra[0]), 3: (0, extra[1])}) if any(extra) else out

    def extend_repr(self) -> str:
        return (f"input_channels={self.in_channels}, output_channels={self.out_channels}, "
                f"kernel_size={self.kernel_size}, stride={self.stride}, pad_mode={self.pad_mode}, "
                f"padding={self.padding}, dilation={self.dilation}, group={self.group}, has_bias={self.has_bias}, "
                f"weight_init={self.weight_init}, bias_init={self.bias_init}, format={self.data_format}")


def _triple(owner: str, name: str, value: Any, minimum: int = 1) -> tuple[int, int, int]:
    """MindSpore's ``_check_3d_int_or_tuple``: an int or a tuple of three, each at least ``minimum``."""
    check_type(name, value, (int, tuple), owner)
    triple = (value,) * 3 if isinstance(value, int) else value
    if len(triple) != 3 or not all(isinstance(v, int) and not isinstance(v, bool) and v >= minimum
                                   for v in triple):
        shown = value if len(triple) != 3 else triple
        raise ValueError(f"For '{owner}', the parameter '{name}' must be an positive integer or a tuple of three "
                         f"positive integer, but got {shown}")
    return tuple(triple)


def conv3d(x: Tensor, weight: Tensor, bias: Tensor | None, stride: Sequence[int], pads: Sequence[int],
           dilation: Sequence[int], group: int) -> Tensor:
    """3-D convolution of (N, C, D, H, W) with explicit (head, tail, top, bottom, left, right) zero padding, as
    a sum over the kernel's depth taps of 2-D convolutions with the output depths folded into the batch."""
    x = pad_axes(x, {2: tuple(pads[0:2]), 3: tuple(pads[2:4]), 4: tuple(pads[4:6])})
    n, c, depth, h, w = x.shape
    taps = weight.shape[2]
    out_depth = (depth - dilation[0] * (taps - 1) - 1) // stride[0] + 1
    if out_depth <= 0:
        raise ValueError(f"For 'Conv3D', the kernel depth {taps} with dilation {dilation[0]} is larger than the "
                         f"padded input depth {depth}")
    total = None
    for tap in range(taps):
        start = tap * dilation[0]
        planes = x[:, :, start:start + (out_depth - 1) * stride[0] + 1:stride[0]]
        planes = ops.reshape(ops.transpose(planes, (0, 2, 1, 3, 4)), (n * out_depth, c, h, w))
        part = ops.conv2d(planes, weight[:, :, tap], None, tuple(stride[1:]), "valid", 0, tuple(dilation[1:]), group)
        total = part if total is None else total + part
    out = ops.transpose(ops.reshape(total, (n, out_depth) + total.shape[1:]), (0, 2, 1, 3, 4))
    return out if bias is None else out + ops.reshape(bias, (1, -1, 1, 1, 1))


class _Conv3dBase(Cell):
    """The arguments Conv3d and Conv3dTranspose share (MindSpore's _Conv with NCDHW): checks, Parameters and
    the ``print`` line. ``padding`` is an int or (head, tail, top, bottom, left, right)."""

    _transposed = False

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: Any, pad_mode: str,
                 padding: Any, dilation: Any, group: int, has_bias: bool, weight_init: Any, bias_init: Any,
                 data_format: str, dtype: dt.DType) -> None:
        super().__init__()
        owner, prim = type(self).__name__, type(self).__name__.replace("Conv3d", "Conv3D")
        if in_channels % group or out_channels % group:
            raise ValueError("The argument 'group' should be divisible by 'in_channels' and 'out_channels'")
        self.kernel_size = _triple(owner, "kernel_size", kernel_size)
        self.stride = _triple(owner, "stride", stride)
        self.dilation = _triple(owner, "dilation", dilation)
        check_type("padding", padding, (int, tuple), owner)
        if isinstance(padding, tuple):
            check_number("padding size", len(padding), int, "=", 6, owner)
        self.in_channels = check_positive_int("in_channels", in_channels, owner)
        self.out_channels = check_positive_int("out_channels", out_channels, owner)
        self.data_format = check_string("format", data_format, ("NCHW", "NHWC", "NCDHW"), owner)
        for pad in padding if isinstance(padding, tuple) else (padding,):
            check_number("padding item" if isinstance(padding, tuple) else "padding", pad, int, ">=", 0, owner)
        self.group = check_positive_int("group", group)
        self.has_bias = check_bool("has_bias", has_bias, owner)
        self.pad_mode = check_string("pad_mode", pad_mode.lower() if isinstance(pad_mode, str) else pad_mode,
                                     ("valid", "same", "pad"), prim)
        if self.pad_mode != "pad" and padding not in (0, (0,) * 6):
            raise ValueError(f"For '{prim}', the 'pad' must be zero or (0, 0, 0, 0, 0, 0) when 'pad_mode' is not "
                             f"\"pad\", but got 'pad' is {padding} and 'pad_mode' is {pad_mode}.")
        self.padding = padding
        shape = ((in_channels, out_channels // group) if self._transposed else
                 (out_channels, in_channels // group)) + self.kernel_size
        self.weight_init = HeUniform(math.sqrt(5)) if weight_init is None else weight_init
        self.weight = weight_param(owner, self.weight_init, shape, dtype)
        if has_bias and bias_init is None:
            bias_init = default_bias_init(shape)
        self.bias_init = bias_init
        self.bias = bias_param(owner, bias_init, shape, out_channels, dtype) if has_bias else None

    def _pads(self) -> tuple[int, ...]:
        return self.padding if isinstance(self.padding, tuple) else (self.padding,) * 6

    def _check_input(self, x: Tensor) -> None:
        if x.ndim != 5 or x.shape[1] != self.in_channels:
            raise ValueError(f"For '{type(self).__name__}', the input must be (N, {self.in_channels}, D, H, W), but "
                             f"got shape {x.shape}")

    def extend_repr(self) -> str:
        return (f"input_channels={self.in_channels}, output_channels={self.out_channels}, "
                f"kernel_size={self.kernel_size}, stride={self.stride}, pad_mode={self.pad_mode}, "
                f"padding={self.padding}, dilation={self.dilation}, group={self.group}, has_bias={self.has_bias}, "
                f"weight_init={self.weight_init}, bias_init={self.bias_init}, format={self.data_format}")


class Conv3d(_Conv3dBase):
    """3-D convolution of (N, C_in, D, H, W); weight (out, in / group, kd, kh, kw)."""

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: Any = 1, pad_mode: str = "same",
                 padding: Any = 0, dilation: Any = 1, group: int = 1, has_bias: bool = False, weight_init: Any = None,
                 bias_init: Any = None, data_format: str = "NCDHW", dtype: dt.DType = dt.float32) -> None:
        super().__init__(in_channels, out_channels, kernel_size, stride, pad_mode, padding, dilation, group, has_bias,
                         weight_init, bias_init, data_format, dtype)

    def construct(self, x: Tensor) -> Tensor:
        self._check_input(x)
        if self.pad_mode == "same":
            pads = sum((nnf._same_padding(x.shape[2 + i], self.kernel_size[i], self.stride[i], self.dilation[i])
                        for i in range(3)), ())
        else:
            pads = self._pads() if self.pad_mode == "pad" else (0,) * 6
        return conv3d(x, self.weight, self.bias, self.stride, pads, self.dilation, self.group)


class Conv3dTranspose(_Conv3dBase):
    """The adjoint of Conv3d; weight (in, out / group, kd, kh, kw). ``output_padding`` (pad mode only)
    lengthens each axis at its end, those positions computed like the rest (MindSpore's Conv3DTranspose)."""

    _transposed = True

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: Any = 1, pad_mode: str = "same",
                 padding: Any = 0, dilation: Any = 1, group: int = 1, output_padding: Any = 0, has_bias: bool = False,
                 weight_init: Any = None, bias_init: Any = None, data_format: str = "NCDHW",
                 dtype: dt.DType = dt.float32) -> None:
        if in_channels % group or out_channels % group:
            raise ValueError("The argument 'group' should be divisible by 'in_channels' and 'out_channels'")
        for name in ("kernel_size", "stride", "dilation"):
            _triple("Conv3dTranspose", name, locals()[name])
        self.output_padding = _triple("Conv3dTranspose", "output_padding", output_padding, 0)
        super().__init__(in_channels, out_channels, kernel_size, stride, pad_mode, padding, dilation, group, has_bias,
                         weight_init, bias_init, data_format, dtype)
        if self.pad_mode != "pad" and any(self.output_padding):
            raise ValueError(f"For 'Conv3DTranspose', the 'output_padding' must be zero or (0, 0, 0) when 'pad_mode' "
                             f"is not \"pad\", but got 'output_padding' is {self.output_padding} and 'pad_mode' is "
                             f"{pad_mode}.")
        # MindSpore's names of the three bounds (its depth one has a space the other two lack)
        for i, bound in enumerate(("output_padding_d belonging [0, max(stride_d, dilation_d))",
                                   "output_padding_h belonging [0, max(stride_h,dilation_h))",
                                   "output_padding_w belonging [0, max(stride_w,dilation_w))")):
            if self.output_padding[i] >= max(self.dilation[i], self.stride[i]):
                raise ValueError(f"For 'Conv3DTranspose', the '{bound}' must be in range of [0, "
                                 f"{max(self.dilation[i], self.stride[i])}), but got {self.output_padding[i]} with "
                                 f"type 'int'.")

    def construct(self, x: Tensor) -> Tensor:
        self._check_input(x)
        pads = self._pads()
        size = tuple(_transposed_length(self.pad_mode, x.shape[2 + i], self.kernel_size[i], self.stride[i],
                                        self.dilation[i], pads[2 * i] + pads[2 * i + 1]) + self.output_padding[i]
                     for i in range(3))
        if self.pad_mode == "same":
            before = [nnf._same_padding(size[i], self.kernel_size[i], self.stride[i], self.dilation[i])[0]
                      for i in range(3)]
        else:
            before = list(pads[::2]) if self.pad_mode == "pad" else [0, 0, 0]
        return transposed_conv(x, self.weight, self.bias, self, before, size,
                               lambda a, k, b: conv3d(a, k, b, (1, 1, 1), (0,) * 6, self.dilation, self.group))


class Conv1dTranspose(Conv2dTranspose):
    """The adjoint of Conv1d: Conv2dTranspose over (N, C, 1, L) with a (1, k) kernel, as MindSpore runs it;
    weight (in, out / group, 1, k) (a 3-D Tensor ``weight_init`` gains the unit axis)."""

    def __init__(self, in_channels: int, out_channels: int, kernel_size: int, stride: int = 1, pad_mode: str = "same",
                 padding: int = 0, dilation: int = 1, group: int = 1, has_bias: bool = False, weight_init: Any = None,
                 bias_init: Any = None, dtype: dt.DType = dt.float32) -> None:
        owner = "Conv1dTranspose"
        for name, value in (("kernel_size", kernel_size), ("stride", stride), ("padding", padding),
                            ("dilation", dilation)):
            check_type(name, value, (int,), owner)
        for name, value in (("kernel_size", kernel_size), ("stride", stride), ("dilation", dilation)):
            check_number(name, value, int, ">=", 1, owner)
        check_number("padding", padding, int, ">=", 0, owner)
        if isinstance(weight_init, Tensor):
            check_number("weight_init_shape", weight_init.ndim, int, "=", 3, owner)
            weight_init = ops.expand_dims(weight_init, 2)
        super().__init__(in_channels, out_channels, (1, kernel_size), (1, stride), pad_mode,
                         (0, 0, padding, padding) if pad_mode == "pad" else 0, 0, (1, dilation), group, has_bias,
                         weight_init, bias_init, dtype)
        self.padding = (0, 0, padding, padding)  # MindSpore's attribute (and print line), in every pad mode

    def construct(self, x: Tensor) -> Tensor:
        if x.ndim != 3:
            raise ValueError(f"For 'Conv1dTranspose', the dimension of input must be 3d, but got {x.ndim}.")
        return ops.squeeze(super().construct(ops.expand_dims(x, 2)), 2)

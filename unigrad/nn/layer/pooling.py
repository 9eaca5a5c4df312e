"""MaxPool2d, AvgPool2d, AdaptiveAvgPool2d and the 1-D poolings; the first two with MindSpore's pad modes: 'valid' (default), 'same' (out = ceil(in / stride);
averages leave the padding out of the count unless ceil_mode or divisor_override is set) and 'pad'
(explicit padding; averages count it unless count_include_pad=False)."""
from __future__ import annotations

from typing import Any


from unigrad import dtype as dt
from unigrad import ops
from unigrad.ops import _nn as nnf
from unigrad.common._checks import check_bools, check_number, check_string, check_type, int_pair
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
        return ops.adaptive_avg_pool2d(x, self.output_size)


class _Pool1d(Cell):
    """Pooling of (N, C, L) or (C, L) as 2-D pooling of one row (MindSpore's route too); MindSpore's checks
    of kernel_size, stride and pad_mode, and its ``print`` line."""

    def __init__(self, kernel_size: int, stride: int, pad_mode: str, padding: Any) -> None:
        super().__init__()
        owner = type(self).__name__
        check_type("pad_mode", pad_mode, (str,), owner)
        self.pad_mode = check_string("pad_mode", pad_mode.upper(), ("VALID", "SAME", "PAD"), owner)
        for name, value in (("kernel_size", kernel_size), ("stride", stride)):
            check_type(name, value, (int, tuple), owner)
            if isinstance(value, int) and value <= 0:
                raise ValueError(f"For '{owner}', the '{name}' must be an positive int number or a tuple, but got "
                                 f"{value}")
            check_number(name, value, int, ">=", 1, owner)
        self.kernel_size, self.stride, self._padding = (1, kernel_size), (1, stride), padding

    def _rows(self, x: Tensor) -> tuple[Tensor, bool]:
        """x as (N, C, 1, L), and whether a batch axis was added."""
        lone = x.ndim == 2
        if lone:
            x = ops.expand_dims(x, 0)
        if x.ndim != 3:
            raise ValueError(f"For '{type(self).__name__}', the input must has 3 dim, but got {x.ndim}")
        return ops.expand_dims(x, 2), lone

    def _pads(self, x: Tensor, dilation: int = 1) -> tuple[int, int, int, int]:
        return nnf.pool_padding(self.pad_mode, (0, self._padding), x.shape[2:], self.kernel_size, self.stride,
                                (1, dilation))

    @staticmethod
    def _unrow(out: Tensor, lone: bool) -> Tensor:
        out = ops.squeeze(out, 2)
        return ops.squeeze(out, 0) if lone else out

    def extend_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, pad_mode={self.pad_mode}"


class MaxPool1d(_Pool1d):
    """Max over windows of the last axis; 'pad' mode takes padding, dilation, ceil_mode and return_indices."""

    def __init__(self, kernel_size: int = 1, stride: int = 1, pad_mode: str = "valid", padding: int = 0,
                 dilation: int = 1, return_indices: bool = False, ceil_mode: bool = False) -> None:
        super().__init__(kernel_size, stride, pad_mode, padding)
        if self.pad_mode != "PAD" and (padding != 0 or dilation != 1 or return_indices or ceil_mode):
            raise ValueError(f"For MaxPool1d, the parameter 'padding', 'dilation', 'return_indices', 'ceil_mode' can "
                             f"not be set to non-default value when pad_mode is not 'pad', but got pad_mode:{pad_mode}.")
        if self.pad_mode == "PAD":  # MindSpore's MaxPool3DWithArgmax route, and its attributes
            self.kernel_size, self.stride = (1, 1, kernel_size), (1, 1, stride)
        self.dilation, self.return_indices, self.ceil_mode = dilation, return_indices, ceil_mode

    def construct(self, x: Tensor) -> Tensor | tuple[Tensor, Tensor]:
        rows, lone = self._rows(x)
        kernel, stride, dilation = (1, self.kernel_size[-1]), (1, self.stride[-1]), (1, self.dilation)
        pads = nnf.pool_padding(self.pad_mode, (0, self._padding), rows.shape[2:], kernel, stride, dilation)
        if self.ceil_mode:
            pads = nnf.ceil_mode_pads(rows.shape[2:], pads, kernel, stride, dilation)
        out = nnf.max_pool2d_pads(rows, kernel, stride, pads, dilation, self.return_indices)
        if self.return_indices:
            return self._unrow(out[0], lone), self._unrow(out[1], lone)
        return self._unrow(out, lone)


class AvgPool1d(_Pool1d):
    """Mean over windows of the last axis; padding is counted unless ``count_include_pad=False``, and 'same'
    padding only where MindSpore's 3-D route runs (padding, ceil_mode or count_include_pad=False given)."""

    def __init__(self, kernel_size: int = 1, stride: int = 1, pad_mode: str = "valid", padding: int = 0,
                 ceil_mode: bool = False, count_include_pad: bool = True) -> None:
        super().__init__(kernel_size, stride, pad_mode, padding)
        self.ceil_mode, self.count_include_pad = ceil_mode, count_include_pad
        self._three_d = self.pad_mode == "PAD" or padding != 0 or ceil_mode or not count_include_pad

    def construct(self, x: Tensor) -> Tensor:
        rows, lone = self._rows(x)
        kernel, stride = (1, self.kernel_size[-1]), (1, self.stride[-1])
        pads = nnf.pool_padding(self.pad_mode, (0, self._padding), rows.shape[2:], kernel, stride)
        out = nnf.avg_pool2d_pads(rows, kernel, stride, pads, self.count_include_pad and self._three_d,
                                  self.ceil_mode)
        return self._unrow(out, lone)


class _AdaptivePool1d(Cell):
    """MindSpore's adaptive 1-D pooling of (N, C, L) (``ops.adaptive_avg_pool1d``, ``ops.adaptive_max_pool1d``):
    L must be a multiple of output_size, each window L / output_size long."""

    def __init__(self, output_size: int) -> None:
        super().__init__()
        owner = type(self).__name__
        check_type("output_size", output_size, (int,), owner)
        self.output_size = check_number("output_size", output_size, int, ">=", 1, owner)

    def _checked(self, x: Tensor) -> Tensor:
        """x, checked as MindSpore's layer checks it (its own messages, before the function's)."""
        owner = type(self).__name__
        if x.ndim != 3:
            raise ValueError(f"For {owner}, the input must has 3 dim, but got {x.ndim}.")
        width = x.shape[2]
        if width < self.output_size:
            raise ValueError(f"For {owner}, the input's last dimension must be greater or equal to output size "
                             f"{self.output_size}, but got {width}.")
        if width % self.output_size:
            raise ValueError(f"For {owner}, the input's last dimension must be divisible by output size "
                             f"{self.output_size}, but got {width}.")
        if x.dtype not in (dt.float16, dt.float32, dt.float64):
            raise TypeError(f"For {owner}, the x_dtype must be float16 or float32, but got {x.dtype}.")
        return x


class AdaptiveAvgPool1d(_AdaptivePool1d):
    def construct(self, input: Tensor) -> Tensor:
        return ops.adaptive_avg_pool1d(self._checked(input), self.output_size)


class AdaptiveMaxPool1d(_AdaptivePool1d):
    """The maximum of each window (its gradient to the first maximum, as max pooling's)."""

    def construct(self, x: Tensor) -> Tensor:
        return ops.adaptive_max_pool1d(self._checked(x), self.output_size)


class _LPPool(Cell):
    """(sum of x^p over each window)^(1/p), as MindSpore computes it: the mean of x^p times the window's
    area (a ceil-mode window past the input divides by the part inside it)."""

    _dims = 2

    def __init__(self, norm_type: float, kernel_size: Any, stride: Any = None, ceil_mode: bool = False) -> None:
        super().__init__()
        self.norm_type, self.kernel_size, self.stride, self.ceil_mode = norm_type, kernel_size, stride, ceil_mode

    def construct(self, x: Tensor) -> Tensor:
        name = f"lp_pool{self._dims}d"
        if isinstance(self.norm_type, bool) or not isinstance(self.norm_type, (float, int)):
            raise TypeError(f"For {name}, the type of 'norm_type' must be float or int, but got "
                            f"{type(self.norm_type)}")
        if self.norm_type == 0:
            raise ValueError(f"For {name}, the value of 'norm_type' can not be 0.")
        p = float(self.norm_type)
        kernel = self.kernel_size if isinstance(self.kernel_size, tuple) else (self.kernel_size,) * self._dims
        stride = kernel if self.stride is None else (
            self.stride if isinstance(self.stride, tuple) else (self.stride,) * self._dims)
        if self._dims == 1:
            kernel, stride = (1,) + kernel, (1,) + stride
            lone = x.ndim == 2
            rows = ops.expand_dims(ops.expand_dims(x, 0) if lone else x, 2)
            out = ops.squeeze(ops.avg_pool2d(ops.pow(rows, p), kernel, stride, 0, self.ceil_mode), 2)
            out = ops.squeeze(out, 0) if lone else out
        else:
            out = ops.avg_pool2d(ops.pow(x, p), kernel, stride, 0, self.ceil_mode)
        return ops.pow(out * float(kernel[0] * kernel[1]), 1.0 / p)


class LPPool1d(_LPPool):
    """Power-average pooling of (N, C, L) or (C, L)."""
    _dims = 1


class LPPool2d(_LPPool):
    """Power-average pooling of (N, C, H, W)."""


class AdaptiveMaxPool2d(Cell):
    """The maximum of each window that splits H and W into ``output_size`` (an int, or a pair whose None keeps
    that axis; windows [floor(i H / out), ceil((i + 1) H / out))), with the flat H*W index of each maximum when
    ``return_indices``; the gradient goes to the first maximum."""

    def __init__(self, output_size: int | tuple, return_indices: bool = False) -> None:
        super().__init__()
        self.output_size, self.return_indices = output_size, return_indices

    def construct(self, input: Tensor) -> Tensor | tuple[Tensor, Tensor]:
        check_type("return_indices", self.return_indices, (bool,), "adaptive_max_pool2d")
        if input.ndim not in (3, 4):
            raise ValueError(f"For 'AdaptiveMaxPool2D', the dimension of input must be 3 or 4, but got {input.ndim}.")
        return ops.adaptive_max_pool2d(input, self.output_size, self.return_indices)

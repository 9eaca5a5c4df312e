"""MindSpore's padding layers (ConstantPad1d/2d/3d, ZeroPad2d, ReflectionPad1d/2d/3d, ReplicationPad1d/2d/3d)
and the transposed convolutions' dilation, all on ``pad_axes`` (``unigrad/ops/_padding.py``, also ``ops.pad``'s)."""
from __future__ import annotations

from typing import Mapping

from unigrad import ops
from unigrad.nn.cell import Cell
from unigrad._tensor import Tensor
from unigrad.ops._padding import pad_axes

MODES = ("CONSTANT", "REFLECT", "SYMMETRIC")  # nn.Pad's; pad_axes also takes "EDGE" (repeat the edge)


def dilate_axes(x: Tensor, strides: Mapping[int, int]) -> Tensor:
    """``stride - 1`` zeros between neighbours on each axis (the input of a transposed convolution)."""
    for axis, stride in strides.items():
        if stride == 1 or x.shape[axis] == 0:
            continue
        zeros = ops.zeros(x.shape[:axis + 1] + (stride - 1,) + x.shape[axis + 1:], x.dtype)
        spread = ops.concat((ops.expand_dims(x, axis + 1), zeros), axis + 1)
        shape = x.shape[:axis] + (x.shape[axis] * stride,) + x.shape[axis + 1:]
        x = pad_axes(ops.reshape(spread, shape), {axis: (0, 1 - stride)})
    return x


class _PadNd(Cell):
    """Pads the last ``len(padding) / 2`` axes, ``padding`` read from the last axis backwards as torch's
    (left, right, top, bottom, front, back); MindSpore's padding layers."""

    _mode = "CONSTANT"
    _dims = 1

    def __init__(self, padding: int | tuple, value: float = 0.0) -> None:
        super().__init__()
        self.padding, self.value = padding, value

    def construct(self, x: Tensor) -> Tensor:
        pairs = len(self.padding) // 2
        if x.ndim < pairs:
            raise ValueError(f"For '{type(self).__name__}', the dimension of input must more than or equal to "
                             f"len(padding)/2, but got {x.ndim}")
        pads = {x.ndim - 1 - i: (self.padding[2 * i], self.padding[2 * i + 1]) for i in range(pairs)}
        for axis, (before, after) in pads.items():
            if x.shape[axis] + before + after <= 0:
                raise ValueError(f"For '{type(self).__name__}', the shape of input after padding must be positive, "
                                 f"but axis {axis} of the input shape {x.shape} padded by {before} and {after} "
                                 f"would have none.")
        return pad_axes(x, pads, self._mode, self.value)


class _ConstantPadNd(_PadNd):
    def __init__(self, padding: int | tuple, value: float) -> None:
        owner = type(self).__name__
        if isinstance(padding, int) and not isinstance(padding, bool):
            padding = (padding,) * (2 * self._dims)
        elif isinstance(padding, tuple):
            if len(padding) % 2:
                raise ValueError(f"For '{owner}', the length of parameter 'padding' with tuple type must be a "
                                 f"multiple of 2, but got {len(padding)}")
            if self._dims == 1 and len(padding) != 2:
                raise ValueError(f"For '{owner}', the length of parameter 'padding' with tuple type must equal to "
                                 f"2.but got {len(padding)}")
            if len(padding) > 2 * self._dims:
                raise ValueError(f"For '{owner}', the length of parameter 'padding' with tuple type must no more "
                                 f"than {2 * self._dims}.but got {len(padding)}")
        else:
            raise TypeError(f"For '{owner}', the type of parameter 'padding' must be in [int, tuple], but got "
                            f"{type(padding)}")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(f"For '{owner}', the type of parameter 'value' must be in [int, float], but got "
                            f"{type(value)}")
        super().__init__(padding, value)


class ConstantPad1d(_ConstantPadNd):
    """Pad the last axis with ``value`` (a negative padding crops)."""


class ConstantPad2d(_ConstantPadNd):
    """Pad the last two axes with ``value``."""
    _dims = 2


class ConstantPad3d(_ConstantPadNd):
    """Pad the last three axes with ``value``."""
    _dims = 3


class ZeroPad2d(_ConstantPadNd):
    """Pad the last two axes with zeros."""
    _dims = 2

    def __init__(self, padding: int | tuple) -> None:
        super().__init__(padding, 0)


class _MirrorPadNd(_PadNd):
    """Reflection and replication padding: a tuple of ints (an int for all sides), reflection's at least 0."""

    def __init__(self, padding: int | tuple) -> None:
        owner = type(self).__name__
        if isinstance(padding, int) and not isinstance(padding, bool):
            padding = (padding,) * (2 * self._dims)
        if not isinstance(padding, tuple):
            raise TypeError(f"For '{owner}' the input 'padding' must be an integer or tuple, but got "
                            f"{type(padding).__name__}")
        if len(padding) % 2:
            raise ValueError(f"For '{owner}' the length of input 'padding' must be divisible by 2, but got padding "
                             f"of length {len(padding)}. ")
        if not all(isinstance(i, int) for i in padding):
            raise TypeError(f"For '{owner}' every element in 'padding' must be integer, but got {padding}. ")
        if self._mode == "REFLECT" and not all(i >= 0 for i in padding):
            raise ValueError(f"For '{owner}' every element in 'padding' must be >= 0. but got {padding}. ")
        super().__init__(padding)

    def construct(self, x: Tensor) -> Tensor:
        if self._mode == "REFLECT":
            for i in range(min(len(self.padding) // 2, x.ndim)):
                size = x.shape[x.ndim - 1 - i]
                if max(self.padding[2 * i:2 * i + 2]) >= size:
                    raise ValueError(f"For '{type(self).__name__}', the padding of the axis {x.ndim - 1 - i} of size "
                                     f"{size} must be less than it, but got {self.padding[2 * i:2 * i + 2]}.")
        return super().construct(x)


class ReflectionPad1d(_MirrorPadNd):
    """Pad the last axis with its mirror image, the edge left out."""
    _mode = "REFLECT"


class ReflectionPad2d(_MirrorPadNd):
    """Pad the last two axes with their mirror images, the edges left out."""
    _mode, _dims = "REFLECT", 2


class ReflectionPad3d(_MirrorPadNd):
    """Pad the last three axes with their mirror images, the edges left out."""
    _mode, _dims = "REFLECT", 3


class _ReplicationPadNd(_MirrorPadNd):
    """Repeats the edge values; the input has the padded axes and one or two more (channels, batch), as
    MindSpore's kernel requires."""

    _mode = "EDGE"

    def construct(self, x: Tensor) -> Tensor:
        if x.ndim not in (self._dims + 1, self._dims + 2):
            raise ValueError(f"For primitive[PadV3], the input dims when padding's size equal {len(self.padding)} "
                             f"must be equal to {self._dims + 2}, but got {x.ndim}.")
        return super().construct(x)


class ReplicationPad1d(_ReplicationPadNd):
    """Pad the last axis of (C, L) or (N, C, L) by repeating its edge values."""


class ReplicationPad2d(_ReplicationPadNd):
    """Pad the last two axes of (C, H, W) or (N, C, H, W) by repeating their edge values."""
    _dims = 2


class ReplicationPad3d(_ReplicationPadNd):
    """Pad the last three axes of (C, D, H, W) or (N, C, D, H, W) by repeating their edge values."""
    _dims = 3

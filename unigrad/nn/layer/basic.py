"""Dense, the channel dropouts, Upsample, Flatten, Identity, Embedding, Pad, ClipByNorm, OneHot, Norm, Tril, Triu, Roll,
Unflatten, Unfold."""
from __future__ import annotations

from typing import Any

import numpy as np

from unigrad import dtype as dt
from unigrad import ops
from unigrad.common._checks import check_string, check_type
from unigrad.common.initializer import initializer
from unigrad.nn.cell import Cell
from unigrad.nn.layer._init import bias_param, check_init_shape, positive_int, weight_param
from unigrad.nn.layer.activation import get_activation
from unigrad.nn.layer.math import squeeze_axes
from unigrad.nn.layer.padding import MODES, pad_axes
from unigrad.ops import _nn as nnf
from unigrad._parameter import Parameter
from unigrad._tensor import Tensor


class Dense(Cell):
    """x @ weight.T + bias, then ``activation``; weight is (out_channels, in_channels)."""

    def __init__(self, in_channels: int, out_channels: int, weight_init: Any = None, bias_init: Any = None,
                 has_bias: bool = True, activation: Any = None, dtype: dt.DType = dt.float32) -> None:
        super().__init__()
        self.in_channels = positive_int("Dense", "in_channels", in_channels)
        self.out_channels = positive_int("Dense", "out_channels", out_channels)
        if not isinstance(has_bias, bool):
            raise TypeError(f"For 'Dense', the 'has_bias' must be a bool, but got {type(has_bias).__name__}.")
        self.has_bias = has_bias
        shape = (out_channels, in_channels)
        self.weight = weight_param("Dense", weight_init, shape, dtype)
        self.bias = bias_param("Dense", bias_init, shape, out_channels, dtype) if has_bias else None
        self.activation = get_activation(activation) if isinstance(activation, str) else activation
        if activation is not None and not isinstance(self.activation, Cell):
            raise TypeError(f"For 'Dense', the 'activation' must be str or Cell, but got "
                            f"{type(activation).__name__}.")

    def construct(self, x: Tensor) -> Tensor:
        shape = x.shape
        if len(shape) != 2:  # (N, in) is every MLP's: no reshapes there
            x = ops.reshape(x, (-1, shape[-1]))
        x = ops.dense(x, self.weight, self.bias)
        if self.activation is not None:
            x = self.activation(x)
        return x if len(shape) == 2 else ops.reshape(x, shape[:-1] + (self.out_channels,))

    def extend_repr(self) -> str:
        s = f"input_channels={self.in_channels}, output_channels={self.out_channels}"
        if self.has_bias:
            s += f", has_bias={self.has_bias}"
        if self.activation is not None:
            s += f", activation={self.activation}"
        return s


class Dropout(Cell):
    """Zero elements with probability ``p`` (or 1 - ``keep_prob``) while training; identity in inference.
    The mask comes from unigrad's host RNG, so a seed gives the same mask on every backend."""

    def __init__(self, keep_prob: float | None = None, p: float | None = None, dtype: dt.DType = dt.float32) -> None:
        super().__init__()
        if keep_prob is not None and p is not None:
            raise ValueError("For 'Dropout', give one of 'keep_prob' and 'p', not both")
        if p is None:
            if keep_prob is None:
                p = 0.5
            else:
                if not 0.0 < keep_prob <= 1.0:
                    raise ValueError(f"For 'Dropout', 'keep_prob' must be in (0, 1], but got {keep_prob}")
                p = 1.0 - keep_prob
        if isinstance(p, bool) or not isinstance(p, (int, float)):
            raise TypeError(f"For 'Dropout', 'p' must be a float, but got {type(p).__name__}")
        if not 0.0 <= p < 1.0:
            raise ValueError(f"For 'Dropout', 'p' must be in [0, 1), but got {p}")
        self.p = float(p)
        self.keep_prob = 1.0 - self.p

    def construct(self, x: Tensor) -> Tensor:
        return ops.dropout(x, self.p, self.training)

    def extend_repr(self) -> str:
        return f"p={self.p}"


class Flatten(Cell):
    """Flatten dims start_dim..end_dim (MindSpore's defaults keep the batch axis)."""

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        super().__init__()
        self.start_dim, self.end_dim = start_dim, end_dim

    def construct(self, x: Tensor) -> Tensor:
        return ops.flatten(x, start_dim=self.start_dim, end_dim=self.end_dim)


class Identity(Cell):
    def construct(self, x: Any) -> Any:
        return x


class Embedding(Cell):
    """Rows of ``embedding_table`` (vocab_size, embedding_size) at int indices; default init N(0, 0.01^2)."""

    def __init__(self, vocab_size: int, embedding_size: int, use_one_hot: bool = False,
                 embedding_table: Any = "normal", dtype: dt.DType = dt.int32, padding_idx: int | None = None) -> None:
        super().__init__()
        self.vocab_size = positive_int("Embedding", "vocab_size", vocab_size)
        self.embedding_size = positive_int("Embedding", "embedding_size", embedding_size)
        self.use_one_hot, self.dtype, self.padding_idx = use_one_hot, dtype, padding_idx
        shape = (vocab_size, embedding_size)
        check_init_shape("Embedding", "embedding_table", embedding_table, shape)
        table = initializer(embedding_table, shape, dt.float32)
        if padding_idx is not None:
            if not -vocab_size <= padding_idx < vocab_size:
                raise ValueError(f"For 'Embedding', 'padding_idx' must be in [{-vocab_size}, {vocab_size}), "
                                 f"but got {padding_idx}")
            values = table.asnumpy().copy()
            values[padding_idx] = 0
            table = Tensor(values, dt.float32)
        self.embedding_table = Parameter(table, name="embedding_table")

    def construct(self, ids: Tensor) -> Tensor:
        if ids.dtype.kind not in ("int", "uint"):
            raise TypeError(f"For 'Embedding', the input must be an int Tensor, but got {ids.dtype}")
        flat = ops.reshape(ids, (-1,))
        if self.use_one_hot:
            rows = ops.matmul(ops.one_hot(flat, self.vocab_size, 1.0, 0.0), self.embedding_table)
        else:
            rows = ops.gather(self.embedding_table, flat, 0)
        return ops.reshape(rows, ids.shape + (self.embedding_size,))


class _ChannelDropout(Cell):
    """Zero whole channels with probability ``p`` while training, scaling the rest by 1 / (1 - p)
    (``ops.dropout1d/2d/3d``, as ``_dropout``)."""

    def __init__(self, p: float = 0.5) -> None:
        super().__init__()
        owner = type(self).__name__
        check_type("p", p, (float,), owner)
        if p < 0 or p > 1:
            raise ValueError(f"For '{owner}', the 'p' must be a number in range [0, 1], but got {p}.")
        self.keep_prob = 1.0 - p

    def construct(self, x: Tensor) -> Tensor:
        if not self.training or self.keep_prob == 1:
            return x
        return self._dropout(x, 1.0 - self.keep_prob, True)

    def extend_repr(self) -> str:
        return f"p={self.keep_prob}"


class Dropout1d(_ChannelDropout):
    """Channel dropout of (N, C, L) or (C, L). ``print`` shows nothing, as MindSpore's."""
    _dropout = staticmethod(ops.dropout1d)

    def extend_repr(self) -> str:
        return ""


class Dropout2d(_ChannelDropout):
    """Channel dropout of (N, C, H, W). ``print`` shows ``p=`` the keep probability, as MindSpore 2.10's."""
    _dropout = staticmethod(ops.dropout2d)


class Dropout3d(_ChannelDropout):
    """Channel dropout of (N, C, D, H, W). ``print`` shows ``p=`` the keep probability, as MindSpore 2.10's."""
    _dropout = staticmethod(ops.dropout3d)


class Pad(Cell):
    """Pad the leading ``len(paddings)`` axes by ``paddings[i] = (before, after)``: zeros (CONSTANT) or the
    input mirrored without (REFLECT) or with (SYMMETRIC) its edge."""

    def __init__(self, paddings: tuple, mode: str = "CONSTANT") -> None:
        super().__init__()
        self.mode = check_string("mode", mode, MODES, "Pad")
        if not isinstance(paddings, tuple):
            raise TypeError(f"For 'Pad', the type of 'paddings' must be tuple, but got {type(paddings).__name__}.")
        for item in paddings:
            if len(item) != 2:
                raise ValueError(f"For 'Pad', the dimension of 'paddings' must be (n, 2), but got {paddings}.")
        if len(paddings) > 4:
            raise ValueError(f"For 'Pad', only 'paddings' up to 4 dims is supported, but got {len(paddings)}.")
        self.paddings = paddings

    def construct(self, x: Tensor) -> Tensor:
        if len(self.paddings) != x.ndim:
            raise ValueError(f"For 'Pad', the size of 'paddings' must be equal to the dimension of 'x' "
                             f"{x.ndim}, but got {len(self.paddings)}.")
        pads = {axis: tuple(p) for axis, p in enumerate(self.paddings)}
        for axis, (before, after) in pads.items():
            largest = x.shape[axis] - (self.mode == "REFLECT")
            if min(before, after) < 0 or (self.mode != "CONSTANT" and max(before, after) > largest):
                raise ValueError(f"For 'Pad', the paddings of axis {axis} must be in [0, {largest}] in mode "
                                 f"{self.mode} for a size of {x.shape[axis]}, but got {(before, after)}.")
        return pad_axes(x, pads, self.mode)


class ClipByNorm(Cell):
    """``x * clip_norm / max(l2(x), clip_norm)``, the L2 norm over ``axis`` (None: every axis): unchanged where
    the norm is within ``clip_norm``, where the layer is the identity, with the identity's gradient even at a
    zero input (no 0/0 from the square root's derivative). Float16 input gives float32, as MindSpore's; float64
    stays float64 (MindSpore's kernel has none)."""

    def __init__(self, axis: int | tuple | list | None = None) -> None:
        super().__init__()
        if axis is not None:
            check_type("axis", axis, (int, tuple, list), "ClipByNorm")
        self.axis = axis

    def construct(self, x: Tensor, clip_norm: Tensor) -> Tensor:
        if x.dtype != dt.float64:
            x = ops.cast(x, dt.float32)
        clip = ops.cast(clip_norm, x.dtype) if isinstance(clip_norm, Tensor) else float(clip_norm)
        axis = tuple(range(x.ndim)) if self.axis is None else (
            tuple(self.axis) if isinstance(self.axis, (tuple, list)) else self.axis)
        squares = ops.sum(x * x, axis, True)
        norm = ops.sqrt(ops.where(squares > 0, squares, ops.zeros_like(squares) + clip * clip))
        return x * clip / ops.maximum(norm, clip)


class OneHot(Cell):
    """``ops.one_hot`` with on/off values of ``dtype`` (Float32 by default): an index outside [0, depth)
    gives a row of off values."""

    def __init__(self, axis: int = -1, depth: int = 1, on_value: float = 1.0, off_value: float = 0.0,
                 dtype: dt.DType = dt.float32) -> None:
        super().__init__()
        self.axis, self.depth, self.dtype = axis, depth, dtype
        self.on_value, self.off_value = on_value, off_value

    def construct(self, indices: Tensor) -> Tensor:
        on, off = (ops.full((), v, dtype=self.dtype) for v in (self.on_value, self.off_value))
        return ops.one_hot(indices, self.depth, on, off, self.axis)


class Norm(Cell):
    """sqrt(sum(x^2)) over ``axis`` (() for every axis); without ``keep_dims`` the reduced axes are squeezed
    (with (), every axis of size 1, as MindSpore's Squeeze(()))."""

    def __init__(self, axis: int | tuple = (), keep_dims: bool = False) -> None:
        super().__init__()
        self.keep_dims = check_type("keep_dims", keep_dims, (bool,), "Norm")
        self.axis = axis

    def construct(self, x: Tensor) -> Tensor:
        out = ops.sqrt(ops.sum(x * x, None if self.axis == () else self.axis, True))
        return out if self.keep_dims else squeeze_axes(out, self.axis)

    def extend_repr(self) -> str:
        return f"axis={self.axis}, keep_dims={self.keep_dims}"


class _Triangle(Cell):
    """One triangle of the last two axes (diagonal ``k`` and the side ``_keep`` keeps), zeros elsewhere."""

    _keep = staticmethod(np.tril)
    _rank = "the x's rank"  # MindSpore's two kernels word their rank check apart

    def construct(self, x: Tensor, k: int = 0) -> Tensor:
        name = type(self).__name__
        if x.ndim < 2:
            raise ValueError(f"For primitive[{name}], {self._rank} must be greater than or equal to 2, but got "
                             f"{x.ndim}.")
        check_type("k value", k, (int,), name.lower())
        rows, cols = x.shape[-2:]
        keep = Tensor(self._keep(np.ones((rows, cols), dtype=bool), k), dt.bool_)
        return ops.where(keep, x, ops.zeros_like(x))


class Tril(_Triangle):
    """The lower triangle of the last two axes, on and below diagonal ``k``; zeros above."""


class Triu(_Triangle):
    """The upper triangle of the last two axes, on and above diagonal ``k``; zeros below."""

    _keep = staticmethod(np.triu)
    _rank = "the rank of input"


class Roll(Cell):
    """Elements shifted by ``shift`` along ``axis`` (ints or equal-length lists), wrapping around."""

    def __init__(self, shift: int | tuple | list, axis: int | tuple | list) -> None:
        super().__init__()
        check_type("shift", shift, (int, tuple, list), "Roll")
        check_type("axis", axis, (int, tuple, list), "Roll")
        shifts = list(shift) if isinstance(shift, (tuple, list)) else [shift]
        axes = list(axis) if isinstance(axis, (tuple, list)) else [axis]
        if len(shifts) != len(axes):
            raise ValueError(f"For 'Roll', the shape of 'shift' and the shape of 'axis' must be the same, but got the "
                             f"length of 'shift' {len(shifts)} and the length of 'axis' {len(axes)}.")
        self.shift, self.axis = shifts, axes

    def construct(self, input_x: Tensor) -> Tensor:
        for shift, axis in zip(self.shift, self.axis):
            if not -input_x.ndim <= axis < input_x.ndim:
                raise ValueError(f"For 'Roll', the 'axis' must be in range [{-input_x.ndim}, {input_x.ndim}), but "
                                 f"got {axis}.")
            index = np.roll(np.arange(input_x.shape[axis]), shift).astype(np.int32)
            input_x = ops.gather(input_x, Tensor(index, dt.int32), axis % input_x.ndim)
        return input_x


class Unflatten(Cell):
    """Axis ``axis`` reshaped to ``unflattened_size``."""

    def __init__(self, axis: int, unflattened_size: tuple | list) -> None:
        super().__init__()
        if isinstance(axis, bool) or not isinstance(axis, int):
            raise TypeError(f"For 'Unflatten', the type of 'axis' must be 'int', but got '{type(axis).__name__}'.")
        check_type("unflattended_size", unflattened_size, (list, tuple), "Unflatten")
        self.axis, self.unflattened_size = axis, tuple(unflattened_size)

    def construct(self, input_x: Tensor) -> Tensor:
        shape = input_x.shape
        rest = shape[self.axis + 1:] if self.axis != -1 else ()
        return ops.reshape(input_x, shape[:self.axis] + self.unflattened_size + rest)


class Unfold(Cell):
    """Image patches (TensorFlow's extract_image_patches, MindSpore's ExtractImagePatches): each output position
    holds its ksize_row x ksize_col patch (taps ``rates`` apart) of every channel, depth ordered
    (row, col, channel); padding 'valid' or 'same'. MindSpore 2.10 has no CPU kernel for it: unigrad follows
    the documented shapes and TensorFlow's order."""

    def __init__(self, ksizes: Any, strides: Any, rates: Any, padding: str = "valid") -> None:
        super().__init__()
        for name, value in (("ksize", ksizes), ("stride", strides), ("rate", rates)):
            check_type(f"{name}s", ksizes, (tuple, list), "Unfold")
            if len(value) != 4 or value[0] != 1 or value[3] != 1:
                raise ValueError(f"For 'Unfold' the format of '{name}s' must be [1, {name}_row, {name}_col, 1], but "
                                 f"got {value}.")
            if not (isinstance(value[1], int) and isinstance(value[2], int)) or value[1] < 1 or value[2] < 1:
                raise ValueError(f"For 'Unfold' the {name}_row and {name}_col in '{name}s' must be an positive "
                                 f"integer number, but got {name}_row is {value[1]}, {name}_col is {value[2]}")
        self.padding = padding
        self.ksizes, self.strides, self.rates = tuple(ksizes[1:3]), tuple(strides[1:3]), tuple(rates[1:3])

    def construct(self, input_x: Tensor) -> Tensor:
        check_type("padding", self.padding, (str,), "ExtractImagePatches")
        mode = check_string("padding", self.padding.upper(), ("SAME", "VALID"), "ExtractImagePatches")
        n, c, h, w = input_x.shape
        kernel, stride, rate = self.ksizes, self.strides, self.rates
        pads = nnf.pool_padding(mode.lower(), 0, (h, w), kernel, stride, rate)
        x = pad_axes(input_x, {2: pads[:2], 3: pads[2:]})
        out_h = (x.shape[2] - rate[0] * (kernel[0] - 1) - 1) // stride[0] + 1
        out_w = (x.shape[3] - rate[1] * (kernel[1] - 1) - 1) // stride[1] + 1
        taps = []
        for i in range(kernel[0]):
            for j in range(kernel[1]):
                r, q = i * rate[0], j * rate[1]
                taps.append(x[:, :, r:r + (out_h - 1) * stride[0] + 1:stride[0], q:q + (out_w - 1) * stride[1] + 1:stride[1]])
        return ops.reshape(ops.stack(taps, 1), (n, kernel[0] * kernel[1] * c, out_h, out_w))


class Upsample(Cell):
    """Resize the spatial axes to ``size`` (or by ``scale_factor``): 'nearest' (3-D, 4-D, 5-D input), 'linear'
    (3-D), 'bilinear' (4-D), 'trilinear' (5-D), as MindSpore 2.10's ops.interpolate maps coordinates, one
    fixed weight matrix per axis. As in MindSpore, scale_factor is taken only for 5-D input (or with
    recompute_scale_factor, which turns it into a size)."""

    def __init__(self, size: Any = None, scale_factor: Any = None, mode: str = "nearest", align_corners: Any = None,
                 recompute_scale_factor: Any = None) -> None:
        super().__init__()
        self.size, self.scale_factor, self.mode = size, scale_factor, mode
        self.align_corners, self.recompute_scale_factor = align_corners, recompute_scale_factor

    def construct(self, x: Tensor) -> Tensor:
        return ops.interpolate(x, self.size, self.scale_factor, self.mode, self.align_corners,
                               self.recompute_scale_factor)

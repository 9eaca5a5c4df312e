"""MindSpore's primitive classes (``ops.MatMul()(x, y)`` style), each a thin callable over a functional op:
``__init__`` takes MindSpore's attributes, ``__call__`` MindSpore's inputs."""
from __future__ import annotations

import numbers
from typing import Any, Callable

import numpy as np

from unigrad import dtype as dt
from unigrad.common._checks import int_pair
from unigrad.ops import _assign as assign, _composite as composite, _creation as creation, _gradient as gradient
from unigrad.ops import _indexing as indexing, _linalg as linalg, _math as math, _nn as nn_functional
from unigrad.ops import _padding as padding, _reduction as reduction, _shape as shape, _sorting as sorting
from unigrad._tensor import Tensor


def _check_int(owner: str, name: str, value: Any) -> int:
    """``value`` when it is an int (not a bool); MindSpore's TypeError otherwise."""
    if not isinstance(value, numbers.Integral) or isinstance(value, bool):
        raise TypeError(f"For '{owner}', '{name}' must be an int, got {value!r} ({type(value).__name__})")
    return int(value)


def _check_axes(owner: str, axis: Any) -> Any:
    """An int or a tuple/list of ints, as MindSpore's axis attributes; TypeError otherwise."""
    if isinstance(axis, (tuple, list)):
        return tuple(_check_int(owner, "axis", a) for a in axis)
    return _check_int(owner, "axis", axis)


class _OneOp:
    """A primitive without attributes whose call is one functional op on MindSpore's inputs."""

    _op: Callable[..., Any]

    def __call__(self, *inputs: Any) -> Any:
        return type(self)._op(*inputs)

    def __repr__(self) -> str:
        return f"Prim[{type(self).__name__}]"


def _primitive(name: str, op: Callable[..., Any]) -> type:
    """``class <name>(_OneOp)`` calling ``op``: one line per primitive that only renames a functional op."""
    return type(name, (_OneOp,), {"_op": staticmethod(op), "__module__": __name__, "__qualname__": name,
                                  "__doc__": f"``ops.{name}()(...)``: ``ops.{op.__name__}(...)``."})


# elementwise math and comparisons: MindSpore's (input[, other]) are the functional op's
Abs, Cos, Sin, Exp, Log, Sqrt, Rsqrt, Square, Reciprocal, Floor, Ceil, Neg, Erf = (
    _primitive(n, op) for n, op in (("Abs", math.abs), ("Cos", math.cos), ("Sin", math.sin), ("Exp", math.exp),
                                    ("Log", math.log), ("Sqrt", math.sqrt), ("Rsqrt", math.rsqrt),
                                    ("Square", math.square), ("Reciprocal", math.reciprocal), ("Floor", math.floor),
                                    ("Ceil", math.ceil), ("Neg", math.neg), ("Erf", math.erf)))
ReLU, Sigmoid, Tanh = (_primitive(n, op) for n, op in (("ReLU", math.relu), ("Sigmoid", math.sigmoid),
                                                       ("Tanh", math.tanh)))
Add, Sub, Mul, Div, RealDiv, Pow, Maximum, Minimum, FloorDiv = (
    _primitive(n, op) for n, op in (("Add", math.add), ("Sub", math.sub), ("Mul", math.mul), ("Div", math.div),
                                    ("RealDiv", math.div), ("Pow", math.pow), ("Maximum", math.maximum),
                                    ("Minimum", math.minimum), ("FloorDiv", math.floor_divide)))
Equal, NotEqual, Greater, GreaterEqual, Less, LessEqual = (
    _primitive(n, op) for n, op in (("Equal", math.equal), ("NotEqual", math.not_equal), ("Greater", math.greater),
                                    ("GreaterEqual", math.greater_equal), ("Less", math.less),
                                    ("LessEqual", math.less_equal)))
Sign, Softplus = (_primitive(n, op) for n, op in (("Sign", math.sign), ("Softplus", math.softplus)))
LogicalAnd, LogicalOr, LogicalNot, Select = (
    _primitive(n, op) for n, op in (("LogicalAnd", math.logical_and), ("LogicalOr", math.logical_or),
                                    ("LogicalNot", math.logical_not), ("Select", math.select)))
# shapes, dtypes and creation
Cast, ExpandDims, Tile, Shape, DType, Flatten, GatherNd = (
    _primitive(n, op) for n, op in (("Cast", creation.cast), ("ExpandDims", shape.expand_dims),
                                    ("Tile", shape.tile), ("Shape", shape.shape), ("DType", creation.dtype),
                                    ("Flatten", shape.flatten), ("GatherNd", indexing.gather_nd)))
GatherD, Eye, Assign, AssignAdd = (
    _primitive(n, op) for n, op in (("GatherD", indexing.gather_elements), ("Eye", creation.eye),
                                    ("Assign", assign.assign), ("AssignAdd", assign.assign_add)))
ZerosLike, OnesLike, Zeros, Ones, StopGradient, Depend, Partial, TupleToArray, Identity = (
    _primitive(n, op) for n, op in (("ZerosLike", creation.zeros_like), ("OnesLike", creation.ones_like),
                                    ("Zeros", creation.zeros), ("Ones", creation.ones),
                                    ("StopGradient", gradient.stop_gradient), ("Depend", composite.depend),
                                    ("Partial", composite.partial), ("TupleToArray", creation.tuple_to_array),
                                    ("Identity", creation.identity)))


class Fill(_OneOp):
    """``Fill()(dtype, dims, value)``: MindSpore's argument order for ``ops.full(dims, value, dtype=dtype)``."""

    def __call__(self, dtype: dt.DType, dims: Any, x: Any) -> Tensor:
        return creation.full(dims, x, dtype=dt.check(dtype))


class Squeeze(_OneOp):
    def __init__(self, axis: Any = ()) -> None:
        self.axis = _check_axes("Squeeze", axis)

    def __call__(self, input: Tensor) -> Tensor:
        return shape.squeeze(input, None if self.axis == () else self.axis)


class Stack(_OneOp):
    def __init__(self, axis: int = 0) -> None:
        self.axis = _check_int("Stack", "axis", axis)

    def __call__(self, input_x: Any) -> Tensor:
        return shape.stack(input_x, self.axis)


class Split(_OneOp):
    """``output_num`` equal parts along ``axis`` (MindSpore's ValueError when they cannot be equal). As in
    MindSpore, the attributes are checked when the primitive runs, not when it is made."""

    def __init__(self, axis: int = 0, output_num: int = 1) -> None:
        self.axis, self.output_num = axis, output_num

    def __call__(self, input_x: Tensor) -> tuple[Tensor, ...]:
        axis = _check_int("Split", "axis", self.axis)
        parts = _check_int("Split", "output_num", self.output_num)
        if parts < 1:
            raise ValueError(f"For 'Split', 'output_num' must be a positive int, got {parts}")
        size = input_x.shape[axis] if isinstance(input_x, Tensor) and input_x.ndim else None
        if size is not None and size % parts:
            raise ValueError(f"For 'Split', the size of axis {axis} ({size}) must be divisible by "
                             f"output_num ({parts}); input shape {input_x.shape}")
        return shape.split(input_x, (size or 0) // parts, axis)


class OneHot(_OneOp):
    def __init__(self, axis: int = -1) -> None:
        self.axis = axis  # checked by one_hot when it runs, as MindSpore checks it

    def __call__(self, indices: Tensor, depth: int, on_value: Any, off_value: Any) -> Tensor:
        return nn_functional.one_hot(indices, depth, on_value, off_value, self.axis)


class BroadcastTo(_OneOp):
    def __init__(self, shape: Any) -> None:
        if not isinstance(shape, (tuple, list)):
            raise TypeError(f"For 'BroadcastTo', 'shape' must be a tuple of ints, got {shape!r}")
        self.shape = tuple(_check_int("BroadcastTo", "shape", n) for n in shape)

    def __call__(self, input: Tensor) -> Tensor:
        return shape.broadcast_to(input, self.shape)


class LogSoftmax(_OneOp):
    def __init__(self, axis: int = -1) -> None:
        self.axis = _check_int("LogSoftmax", "axis", axis)

    def __call__(self, logits: Tensor) -> Tensor:
        return nn_functional.log_softmax(logits, self.axis)


class SigmoidCrossEntropyWithLogits(_OneOp):
    """The elementwise (unreduced) sigmoid cross entropy of ``logits`` against ``label``; as MindSpore's, it
    gives the label no gradient (a target, not a variable)."""

    def __call__(self, logits: Tensor, label: Tensor) -> Tensor:
        return nn_functional.binary_cross_entropy_with_logits(logits, gradient.stop_gradient(label), reduction="none")


class L2Normalize(_OneOp):
    """``x / sqrt(max(sum(x ** 2, axis), epsilon))``, MindSpore's formula, on the functional ops."""

    def __init__(self, axis: Any = 0, epsilon: float = 1e-4) -> None:
        self.axis = _check_axes("L2Normalize", axis)
        if not isinstance(epsilon, numbers.Real) or isinstance(epsilon, bool):
            raise TypeError(f"For 'L2Normalize', 'epsilon' must be a float, got {epsilon!r}")
        self.epsilon = epsilon

    def __call__(self, x: Tensor) -> Tensor:
        squares = reduction.sum(math.square(x), self.axis, True)
        return math.div(x, math.sqrt(math.maximum(squares, self.epsilon)))


class MatMul:
    def __init__(self, transpose_a: bool = False, transpose_b: bool = False) -> None:
        self.transpose_a, self.transpose_b = transpose_a, transpose_b

    def __call__(self, x: Tensor, y: Tensor) -> Tensor:
        if x.ndim != 2 or y.ndim != 2:
            raise ValueError(f"MatMul takes 2-D Tensors, got shapes {x.shape} and {y.shape}; use BatchMatMul")
        return linalg.batch_matmul(x, y, self.transpose_a, self.transpose_b)


class BatchMatMul(MatMul):
    def __call__(self, x: Tensor, y: Tensor) -> Tensor:
        return linalg.batch_matmul(x, y, self.transpose_a, self.transpose_b)


class _Reduce:
    _op = staticmethod(reduction.sum)

    def __init__(self, keep_dims: bool = False) -> None:
        if not isinstance(keep_dims, bool):
            raise TypeError(f"keep_dims must be a bool, got {type(keep_dims).__name__}")
        self.keep_dims = keep_dims

    def __call__(self, x: Tensor, axis: Any = ()) -> Tensor:
        axis = None if axis == () or axis == [] else axis
        return type(self)._op(x, axis, self.keep_dims)


class ReduceSum(_Reduce):
    _op = staticmethod(reduction.sum)


class ReduceMean(_Reduce):
    _op = staticmethod(reduction.mean)


class ReduceMax(_Reduce):
    _op = staticmethod(reduction.amax)


class ReduceMin(_Reduce):
    _op = staticmethod(reduction.amin)


class ReduceProd(_Reduce):
    _op = staticmethod(reduction.prod)


class Transpose:
    def __call__(self, x: Tensor, perm: tuple) -> Tensor:
        return shape.transpose(x, perm)


class Reshape:
    def __call__(self, x: Tensor, new_shape: tuple) -> Tensor:
        return shape.reshape(x, new_shape)


class Concat:
    def __init__(self, axis: int = 0) -> None:
        self.axis = axis

    def __call__(self, tensors) -> Tensor:
        return shape.concat(tensors, self.axis)


class Gather:
    def __init__(self, batch_dims: int = 0) -> None:
        self.batch_dims = batch_dims

    def __call__(self, params: Tensor, indices: Any, axis: int) -> Tensor:
        return indexing.gather(params, indices, axis, self.batch_dims)


class Softmax:
    def __init__(self, axis: int = -1) -> None:
        self.axis = axis

    def __call__(self, x: Tensor) -> Tensor:
        return nn_functional.softmax(x, self.axis)


class ArgMaxWithValue:
    """(index, value) of the maximum along ``axis`` — MindSpore's order, the reverse of ops.max."""

    def __init__(self, axis: int = 0, keep_dims: bool = False) -> None:
        self.axis, self.keep_dims = axis, keep_dims

    def __call__(self, x: Tensor) -> tuple[Tensor, Tensor]:
        values, indices = reduction.max(x, self.axis, self.keep_dims)
        return indices, values


class ArgMinWithValue(ArgMaxWithValue):
    def __call__(self, x: Tensor) -> tuple[Tensor, Tensor]:
        values, indices = reduction.min(x, self.axis, self.keep_dims)
        return indices, values


class Sort:
    def __init__(self, axis: int = -1, descending: bool = False) -> None:
        self.axis, self.descending = axis, descending

    def __call__(self, x: Tensor) -> tuple[Tensor, Tensor]:
        return sorting.sort(x, self.axis, self.descending)


class TopK:
    """The ``k`` largest along the last axis."""

    def __init__(self, sorted: bool = True) -> None:
        self.sorted = sorted

    def __call__(self, input_x: Tensor, k: int) -> tuple[Tensor, Tensor]:
        return sorting.topk(input_x, k, None, True, self.sorted)


class ResizeNearestNeighbor(_OneOp):
    """An NCHW image resized to ``size`` (height, width) by picking the nearest source pixel, as MindSpore's
    (TensorFlow's) rule: source index floor(i * in / out); with ``align_corners`` i * (in - 1) / (out - 1)
    rounded half up; with ``half_pixel_centers`` floor((i + 0.5) * in / out). Two gathers, so the gradient is
    gather's."""

    def __init__(self, size: Any, align_corners: bool = False, half_pixel_centers: bool = False) -> None:
        if not isinstance(size, (tuple, list)) or len(size) != 2:
            raise TypeError(f"For 'ResizeNearestNeighbor', 'size' must be a tuple of two ints, got {size!r}")
        self.size = tuple(_check_int("ResizeNearestNeighbor", "size", n) for n in size)
        self.align_corners, self.half_pixel_centers = bool(align_corners), bool(half_pixel_centers)
        if self.align_corners and self.half_pixel_centers:
            raise ValueError("For 'ResizeNearestNeighbor', 'align_corners' and 'half_pixel_centers' cannot both "
                             "be True")

    def _sources(self, n_in: int, n_out: int) -> np.ndarray:
        i = np.arange(n_out, dtype=np.float64)
        if self.align_corners:
            source = np.floor(i * ((n_in - 1) / (n_out - 1) if n_out > 1 else 0.0) + 0.5)  # halves round up
        elif self.half_pixel_centers:
            source = np.floor((i + 0.5) * (n_in / n_out))
        else:
            source = np.floor(i * (n_in / n_out))
        return np.minimum(source, n_in - 1).astype(np.int32)

    def __call__(self, input_x: Tensor) -> Tensor:
        if not isinstance(input_x, Tensor) or input_x.ndim != 4:
            raise ValueError(f"For 'ResizeNearestNeighbor', 'input_x' must be a 4-D (N, C, H, W) Tensor, got "
                             f"{getattr(input_x, 'shape', type(input_x).__name__)}")
        rows = Tensor(self._sources(input_x.shape[2], self.size[0]))
        cols = Tensor(self._sources(input_x.shape[3], self.size[1]))
        return indexing.gather(indexing.gather(input_x, rows, 2), cols, 3)


class Unstack(_OneOp):
    def __init__(self, axis: int = 0, num: int | None = None) -> None:
        self.axis, self.num = _check_int("Unstack", "axis", axis), num

    def __call__(self, input_x: Tensor) -> tuple[Tensor, ...]:
        return shape.unstack(input_x, self.axis)


class Argmax(_OneOp):
    """The index of the largest value along ``axis``, as ``output_type`` (Int32 by default, MindSpore's)."""

    def __init__(self, axis: int = -1, output_type: dt.DType = dt.int32) -> None:
        self.axis, self.output_type = _check_int("Argmax", "axis", axis), output_type

    def __call__(self, input_x: Tensor) -> Tensor:
        if self.output_type not in (dt.int32, dt.int64):  # checked when it runs, as MindSpore checks it
            raise ValueError(f"For 'Argmax', 'output_type' must be Int32 or Int64, got {self.output_type!r}")
        return creation.cast(reduction.argmax(input_x, self.axis), self.output_type)


class AddN(_OneOp):
    """The sum of a tuple or list of Tensors of one shape."""

    def __call__(self, inputs: Any) -> Tensor:
        if not isinstance(inputs, (tuple, list)) or not inputs or not all(isinstance(t, Tensor) for t in inputs):
            raise TypeError(f"For 'AddN', the input must be a non-empty tuple or list of Tensors, got {inputs!r:.80}")
        if any(t.shape != inputs[0].shape for t in inputs):
            raise ValueError(f"For 'AddN', the Tensors must have one shape, got {[t.shape for t in inputs]}")
        total = inputs[0]
        for t in inputs[1:]:
            total = math.add(total, t)
        return total


class Slice(_OneOp):
    """``size[i]`` elements from ``begin[i]`` on each axis (a size of -1: to the end)."""

    def __call__(self, input: Tensor, begin: Any, size: Any) -> Tensor:
        if not isinstance(input, Tensor):
            raise TypeError(f"For 'Slice', 'input' must be a Tensor, got {type(input).__name__}")
        begin, size = tuple(begin), tuple(size)
        if len(begin) != input.ndim or len(size) != input.ndim:
            raise ValueError(f"For 'Slice', begin and size need one entry per axis of the input {input.shape}, got "
                             f"{begin} and {size}")
        for b, n, dim in zip(begin, size, input.shape):
            if b < 0 or n < -1 or b + (dim - b if n == -1 else n) > dim:
                raise ValueError(f"For 'Slice', begin {begin} and size {size} must lie within the input {input.shape}")
        return input[tuple(slice(b, None if n == -1 else b + n) for b, n in zip(begin, size))]


class StridedSlice(_OneOp):
    """``input_x[begin:end:strides]`` per axis, with MindSpore's (TensorFlow's) bit masks: bit i of ``begin_mask``
    / ``end_mask`` ignores begin[i] / end[i], of ``ellipsis_mask`` puts ``...`` there, of ``new_axis_mask`` a new
    axis, of ``shrink_axis_mask`` takes the one element begin[i] and drops the axis. On indexing, so its gradient."""

    def __init__(self, begin_mask: int = 0, end_mask: int = 0, ellipsis_mask: int = 0, new_axis_mask: int = 0,
                 shrink_axis_mask: int = 0) -> None:
        self.begin_mask, self.end_mask, self.ellipsis_mask = begin_mask, end_mask, ellipsis_mask
        self.new_axis_mask, self.shrink_axis_mask = new_axis_mask, shrink_axis_mask

    def __call__(self, input_x: Tensor, begin: Any, end: Any, strides: Any) -> Tensor:
        for name in ("begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask"):
            if _check_int("StridedSlice", name, getattr(self, name)) < 0:  # checked when it runs, as in MindSpore
                raise ValueError(f"For 'StridedSlice', '{name}' must be a non-negative int, got {getattr(self, name)}")
        if not isinstance(input_x, Tensor):
            raise TypeError(f"For 'StridedSlice', 'input_x' must be a Tensor, got {type(input_x).__name__}")
        begin, end, strides = tuple(begin), tuple(end), tuple(strides)
        if not len(begin) == len(end) == len(strides):
            raise ValueError(f"For 'StridedSlice', begin, end and strides must have one length, got {begin}, {end} "
                             f"and {strides}")
        if 0 in strides:
            raise ValueError(f"For 'StridedSlice', the strides must not be 0, got {strides}")
        index: list[Any] = []
        for i, (b, e, step) in enumerate(zip(begin, end, strides)):
            if self.ellipsis_mask >> i & 1:
                index.append(Ellipsis)
            elif self.new_axis_mask >> i & 1:
                index.append(None)
            elif self.shrink_axis_mask >> i & 1:
                index.append(b)
            else:
                index.append(slice(None if self.begin_mask >> i & 1 else b, None if self.end_mask >> i & 1 else e,
                                   step))
        return input_x[tuple(index)]


class BiasAdd(_OneOp):
    """``input_x`` plus a 1-D ``bias`` along its channel axis (axis 1 for NCHW and NCDHW, the last for NHWC)."""

    def __init__(self, data_format: str = "NCHW") -> None:
        self.data_format = data_format

    def __call__(self, input_x: Tensor, bias: Tensor) -> Tensor:
        return nn_functional.bias_add(input_x, bias, self.data_format)  # data_format checked when it runs


class SoftmaxCrossEntropyWithLogits(_OneOp):
    """(loss, backprop) of dense ``labels``: each row's -sum(labels * log_softmax(logits)), and the gradient of
    it in the logits, softmax(logits) - labels. As MindSpore's, the labels get no gradient (targets) and
    backprop carries none (a result, not a function to differentiate further)."""

    def __call__(self, logits: Tensor, labels: Tensor) -> tuple[Tensor, Tensor]:
        if not isinstance(logits, Tensor) or not isinstance(labels, Tensor) or logits.shape != labels.shape:
            raise ValueError(f"For 'SoftmaxCrossEntropyWithLogits', 'logits' and 'labels' must be Tensors of one "
                             f"shape, got {getattr(logits, 'shape', logits)!r} and "
                             f"{getattr(labels, 'shape', labels)!r}")
        labels = gradient.stop_gradient(labels)
        loss = math.neg(reduction.sum(math.mul(labels, nn_functional.log_softmax(logits, -1)), -1))
        return loss, gradient.stop_gradient(math.sub(nn_functional.softmax(logits, -1), labels))


class Conv2D(_OneOp):
    """MindSpore's primitive 2-D convolution: ``Conv2D(out_channel, kernel_size, ...)(x, weight)`` is
    ``ops.conv2d(x, weight, None, stride, pad_mode, pad, dilation, group)``, the weight's shape checked against
    the attributes."""

    def __init__(self, out_channel: int, kernel_size: Any, mode: int = 1, pad_mode: str = "valid", pad: Any = 0,
                 stride: Any = 1, dilation: Any = 1, group: int = 1, data_format: str = "NCHW") -> None:
        self.out_channel = _check_int("Conv2D", "out_channel", out_channel)
        self.kernel_size = int_pair("Conv2D", "kernel_size", kernel_size)
        if pad_mode not in ("valid", "same", "pad") or data_format != "NCHW" or mode != 1:
            raise ValueError(f"For 'Conv2D', pad_mode must be 'valid', 'same' or 'pad', mode 1 and data_format "
                             f"'NCHW', got {pad_mode!r}, {mode!r} and {data_format!r}")
        self.mode, self.pad_mode, self.pad, self.data_format = mode, pad_mode, pad, data_format
        self.stride = stride[-2:] if isinstance(stride, tuple) and len(stride) == 4 else stride
        self.dilation = dilation[-2:] if isinstance(dilation, tuple) and len(dilation) == 4 else dilation
        self.group = _check_int("Conv2D", "group", group)

    def __call__(self, x: Tensor, weight: Tensor) -> Tensor:
        if isinstance(weight, Tensor) and (weight.ndim != 4 or weight.shape[0] != self.out_channel
                                           or tuple(weight.shape[2:]) != self.kernel_size):
            raise ValueError(f"For 'Conv2D', the weight must have shape ({self.out_channel}, C / group, "
                             f"{self.kernel_size[0]}, {self.kernel_size[1]}), got {weight.shape}")
        return nn_functional.conv2d(x, weight, None, self.stride, self.pad_mode, self.pad, self.dilation, self.group)


class _Pool(_OneOp):
    """MindSpore's primitive pooling attributes: a window and a step (an int or (h, w)) and pad_mode 'VALID' or
    'SAME' (either case), on NCHW; checked when it runs, as MindSpore checks them."""

    def __init__(self, kernel_size: Any = 1, strides: Any = 1, pad_mode: str = "valid",
                 data_format: str = "NCHW") -> None:
        self.kernel_size, self.strides, self.pad_mode, self.data_format = kernel_size, strides, pad_mode, data_format

    def _window(self, x: Tensor) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int, int, int]]:
        """(kernel, strides, (top, bottom, left, right) pads) for ``x``."""
        name = type(self).__name__
        kernel, strides = int_pair(name, "kernel_size", self.kernel_size), int_pair(name, "strides", self.strides)
        mode = self.pad_mode.upper() if isinstance(self.pad_mode, str) else self.pad_mode
        if mode not in ("VALID", "SAME") or self.data_format != "NCHW":
            raise ValueError(f"For '{name}', pad_mode must be 'VALID' or 'SAME' and data_format 'NCHW', got "
                             f"{self.pad_mode!r} and {self.data_format!r}")
        if not isinstance(x, Tensor) or x.ndim != 4:
            raise ValueError(f"For '{name}', the input must be a 4-D (N, C, H, W) Tensor, got "
                             f"{getattr(x, 'shape', type(x).__name__)}")
        return kernel, strides, nn_functional.pool_padding(mode, 0, x.shape[2:], kernel, strides)


class MaxPool(_Pool):
    def __call__(self, x: Tensor) -> Tensor:
        return nn_functional.max_pool2d_pads(x, *self._window(x))


class AvgPool(_Pool):
    """Each window's mean over its real elements ('SAME' padding is not counted, as MindSpore's)."""

    def __call__(self, x: Tensor) -> Tensor:
        return nn_functional.avg_pool2d_pads(x, *self._window(x), False)


class Meshgrid(_OneOp):
    def __init__(self, indexing: str = "xy") -> None:
        self.indexing = indexing

    def __call__(self, inputs: Any) -> tuple[Tensor, ...]:
        if not isinstance(inputs, (tuple, list)):
            raise TypeError(f"For 'Meshgrid', the input must be a tuple of Tensors, got {type(inputs).__name__}")
        return shape.meshgrid(*inputs, indexing=self.indexing)


class BinaryCrossEntropy(_OneOp):
    def __init__(self, reduction: str = "mean") -> None:
        self.reduction = reduction

    def __call__(self, logits: Tensor, labels: Tensor, weight: Tensor | None = None) -> Tensor:
        return nn_functional.binary_cross_entropy(logits, labels, weight, self.reduction)


class DepthToSpace(_OneOp):
    """(N, C, H, W) to (N, C / b², H b, W b): each group of b² channels spread over a b x b block of pixels (the
    channel index is (row in block, column in block, output channel)). A reshape, a transpose and a reshape."""

    def __init__(self, block_size: int) -> None:
        self.block_size = _check_int("DepthToSpace", "block_size", block_size)
        if self.block_size < 2:
            raise ValueError(f"For 'DepthToSpace', 'block_size' must be at least 2, got {block_size}")

    def __call__(self, x: Tensor) -> Tensor:
        b = self.block_size
        if not isinstance(x, Tensor) or x.ndim != 4 or x.shape[1] % (b * b):
            raise ValueError(f"For 'DepthToSpace', the input must be a 4-D (N, C, H, W) Tensor with C divisible by "
                             f"block_size ** 2 = {b * b}, got {getattr(x, 'shape', type(x).__name__)}")
        n, c, h, w = x.shape
        blocks = shape.reshape(x, (n, b, b, c // (b * b), h, w))
        return shape.reshape(shape.transpose(blocks, (0, 3, 4, 1, 5, 2)), (n, c // (b * b), h * b, w * b))


class Pad(_OneOp):
    """``ops.Pad(paddings)(x)``: zeros before and after each axis, ``paddings[i] = (before, after)`` for axis i."""

    def __init__(self, paddings: tuple) -> None:
        if not isinstance(paddings, tuple):
            raise TypeError(f"For 'Pad', the 'paddings' must be a tuple, but got {type(paddings).__name__}")
        self.paddings = paddings

    def __call__(self, input_x: Tensor) -> Tensor:
        return padding.pad_leading(input_x, self.paddings)

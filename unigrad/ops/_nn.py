"""Neural-network functions, written once from primitives: softmax, losses, convolution, pooling."""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from unigrad import dtype as dt
from unigrad.backends.base import TracedValueError
from unigrad.common._checks import check_bools, int_pair
from unigrad.ops import _creation as creation, _math as m, _reduction as red, _shape as sh
from unigrad.ops._args import (check_same_backend, layer_operands, norm_axis, not_a_tensor, tensor_arg,
                                   unary_float, wrap)
from unigrad._tensor import Tensor
from unigrad.ops._gradient import stop_gradient

_REDUCTIONS = ("none", "mean", "sum")


def _softmax_axis(owner: str, backend, a, axis: int) -> int:
    """The class axis of a softmax: MindSpore refuses a 0-d input (no axis to normalise over)."""
    ndim = len(backend.shape(a))
    if ndim == 0:
        raise ValueError(f"For '{owner}', the input must have at least one axis, but got a 0-d Tensor")
    return norm_axis(axis, ndim)


def softmax(input: Tensor, axis: int = -1) -> Tensor:
    backend, a = unary_float(input)
    axis = _softmax_axis("softmax", backend, a, axis)
    shifted = backend.sub(a, backend.stop_gradient(backend.max(a, axis, True)))
    e = backend.exp(shifted)
    return wrap(backend.div(e, backend.sum(e, axis, True)), backend)


def log_softmax(logits: Tensor, axis: int = -1) -> Tensor:
    """(x - max) - log(sum(exp(x - max))): rounds as MindSpore and torch do."""
    backend, a = unary_float(logits)
    axis = _softmax_axis("log_softmax", backend, a, axis)
    shifted = backend.sub(a, backend.stop_gradient(backend.max(a, axis, True)))
    return wrap(backend.sub(shifted, backend.log(backend.sum(backend.exp(shifted), axis, True))), backend)


def _reduce(loss: Tensor, reduction_name: str) -> Tensor:
    if reduction_name == "mean":
        return red.mean(loss)
    if reduction_name == "sum":
        return red.sum(loss)
    return loss


def _check_reduction(reduction_name: str) -> None:
    if reduction_name not in _REDUCTIONS:
        raise ValueError(f"reduction must be one of {_REDUCTIONS}, got {reduction_name!r}")


def _softplus(x: Tensor) -> Tensor:
    """log(1 + exp(x)) without overflow; its gradient at 0 is exactly 1/2."""
    return m.add(m.log1p(m.exp(m.neg(m.abs(x)))), m.mul(m.add(x, m.abs(x)), 0.5))  # (x+|x|)/2: slope 1/2 at 0


def binary_cross_entropy_with_logits(input: Tensor, target: Tensor, weight: Tensor | None = None,
                                     pos_weight: Tensor | None = None, reduction: str = "mean") -> Tensor:
    """-w [p y log sigmoid(x) + (1 - y) log(1 - sigmoid(x))], stable for any logit."""
    _check_reduction(reduction)
    if input.shape != target.shape:
        raise ValueError(f"logits shape {input.shape} and labels shape {target.shape} differ")
    positive = _softplus(m.neg(input))  # -log sigmoid(x)
    if pos_weight is not None:
        positive = m.mul(positive, pos_weight)
    loss = m.add(m.mul(target, positive), m.mul(m.sub(1.0, target), _softplus(input)))
    if weight is not None:
        loss = m.mul(loss, weight)
    return _reduce(loss, reduction)


def binary_cross_entropy(input: Tensor, target: Tensor, weight: Tensor | None = None,
                         reduction: str = "mean") -> Tensor:
    """-w [y log p + (1 - y) log(1 - p)] with the logs clamped at -100 (as torch and MindSpore)."""
    _check_reduction(reduction)
    log_p = m.maximum(m.log(input), -100.0)
    log_q = m.maximum(m.log(m.sub(1.0, input)), -100.0)
    loss = m.neg(m.add(m.mul(target, log_p), m.mul(m.sub(1.0, target), log_q)))
    if weight is not None:
        loss = m.mul(loss, weight)
    return _reduce(loss, reduction)


def _class_axis(input: Tensor) -> int:
    return 0 if input.ndim == 1 else 1


def _classes_like(indices: Tensor, classes: int) -> Tensor:
    """0..classes-1 on the backend of ``indices`` (not the current one: composites never mix backends)."""
    backend = indices._backend
    return wrap(backend.arange(0, classes, 1, indices.dtype), backend)


def _one_hot_on_axis(target: Tensor, classes: int, axis: int, dtype) -> Tensor:
    """A float one-hot of integer ``target`` with the class axis at ``axis``."""
    hot = creation.cast(m.equal(sh.expand_dims(target, -1), _classes_like(target, classes)), dtype)
    if axis != hot.ndim - 1:
        perm = list(range(hot.ndim - 1))
        perm.insert(axis, hot.ndim - 1)
        hot = sh.transpose(hot, perm)
    return hot


def _class_weight_view(weight: Tensor, ndim: int, axis: int) -> Tensor:
    shape = [1] * ndim
    shape[axis] = weight.shape[0]
    return sh.reshape(weight, shape)


def check_class_indices(backend, labels, classes: int, ignore_index: int) -> None:
    """IndexError for a class index outside [0, classes) other than ``ignore_index``, as torch's kernel
    raises: the one-hot form would silently give such a sample a zero loss. Skipped while ``jit``
    compiles (the values are not known yet; checking them in the compiled program, as indexing does,
    cost 3-5 % of a train step)."""
    try:
        values = np.asarray(backend.to_numpy(labels))
    except TracedValueError:
        return
    if not values.size or (values.min() >= 0 and values.max() < classes):  # the usual case: two reductions
        return
    bad = values[((values < 0) | (values >= classes)) & (values != ignore_index)]
    if bad.size:
        raise IndexError(f"class index {bad.flat[0]} is out of bounds for {classes} classes "
                         f"(allowed: 0 to {classes - 1}, or ignore_index={ignore_index})")


def nll_loss(inputs: Tensor, target: Tensor, weight: Tensor | None = None, ignore_index: int = -100,
             reduction: str = "mean", label_smoothing: float = 0.0) -> Tensor:
    """Negative log-likelihood of log-probabilities ``inputs`` at class indices ``target``."""
    _check_reduction(reduction)
    if target.dtype.kind not in ("int", "uint"):
        raise TypeError(f"nll_loss's target must hold class indices (an int Tensor), got {target.dtype}")
    axis = _class_axis(inputs)
    classes = inputs.shape[axis]
    check_class_indices(target._backend, target._data, classes, ignore_index)
    if weight is not None:
        weight = stop_gradient(weight)  # class weights are constants, as in torch's and MindSpore's kernels
    valid = creation.cast(m.not_equal(target, ignore_index), inputs.dtype)
    hot = _one_hot_on_axis(target, classes, axis, inputs.dtype)
    if weight is not None:
        weighted = m.mul(inputs, _class_weight_view(weight, inputs.ndim, axis))
        sample_weight = m.mul(red.sum(m.mul(hot, _class_weight_view(weight, inputs.ndim, axis)), axis), valid)
    else:
        weighted = inputs
        sample_weight = valid
    loss = m.mul(m.neg(red.sum(m.mul(hot, weighted), axis)), valid)
    if label_smoothing:
        smooth = m.mul(m.neg(red.sum(weighted, axis)), valid)
        loss = m.add(m.mul(loss, 1.0 - label_smoothing), m.mul(smooth, label_smoothing / classes))
    if reduction == "mean":
        return m.div(red.sum(loss), red.sum(sample_weight))
    return _reduce(loss, reduction)


def cross_entropy(input: Tensor, target: Tensor, weight: Tensor | None = None, ignore_index: int = -100,
                  reduction: str = "mean", label_smoothing: float = 0.0) -> Tensor:
    """Cross entropy of logits ``input`` (class axis 1) with class indices or class probabilities."""
    if reduction not in _REDUCTIONS:
        _check_reduction(reduction)
    if not 0.0 <= label_smoothing <= 1.0:
        raise ValueError(f"label_smoothing must be in [0, 1], got {label_smoothing}")
    # the checks of unary_float, tensor_arg and check_same_backend inline: this runs on every step
    if not isinstance(input, Tensor):
        raise not_a_tensor(input)
    if not isinstance(target, Tensor):
        raise not_a_tensor(target, "target")
    backend, logits, labels = input._backend, input._data, target._data
    if backend.dtype(logits).kind != "float":
        logits = backend.cast(logits, dt.float32)
    if backend.dtype(labels).kind in ("int", "uint"):
        if target._backend is not backend or (weight is not None and weight._backend is not backend):
            check_same_backend(input, target, weight)
        shape = backend.shape(logits)  # class indices: the logits' shape without the class axis (1)
        expected = shape[:1] + shape[2:] if len(shape) > 1 else ()
        if not shape or shape[1 if len(shape) > 1 else 0] == 0:
            raise ValueError(f"cross_entropy needs logits with a class axis holding at least one class, got "
                             f"shape {input.shape}")
        if backend.shape(labels) != expected:
            raise ValueError(f"cross_entropy: class indices of shape {target.shape} do not fit logits of shape "
                             f"{input.shape}; expected {tuple(expected)}")
        weights = None if weight is None else weight._data
        kernel = backend.kernels.get("cross_entropy")
        if kernel is not None:
            return wrap(kernel(logits, labels, weights, ignore_index, reduction, label_smoothing), backend)
        return wrap(cross_entropy_generic(backend, logits, labels, weights, ignore_index, reduction, label_smoothing),
                    backend)
    axis = _class_axis(input)
    log_p = log_softmax(input, axis)
    if target.shape != input.shape:
        raise ValueError(f"probability targets must have the logits' shape {input.shape}, got {target.shape}")
    classes = input.shape[axis]
    if label_smoothing:
        target = m.add(m.mul(target, 1.0 - label_smoothing), label_smoothing / classes)
    if weight is not None:
        log_p = m.mul(log_p, _class_weight_view(stop_gradient(weight), input.ndim, axis))
    loss = m.neg(red.sum(m.mul(target, log_p), axis))
    if reduction == "mean":
        return m.div(red.sum(loss), float(input.shape[0] if input.ndim > 1 else 1))
    return _reduce(loss, reduction)


def cross_entropy_generic(backend, logits, labels, weights, ignore_index: int, reduction: str,
                          label_smoothing: float):
    """Cross entropy with class indices, from primitives (what a backend's native kernel must equal)."""
    logits, labels = wrap(logits, backend), wrap(labels, backend)
    weight = None if weights is None else wrap(weights, backend)
    log_p = log_softmax(logits, _class_axis(logits))
    return nll_loss(log_p, labels, weight, ignore_index, reduction, label_smoothing)._data


# -- convolution and pooling ----------------------------------------------------------------------
def check_image(owner: str, backend, a) -> None:
    """ValueError unless ``a`` is 4-D (N, C, H, W), the only layout the pooling ops take."""
    shape = tuple(backend.shape(a))
    if len(shape) != 4:
        raise ValueError(f"For '{owner}', the input must be 4-D (N, C, H, W), but got shape {shape}")


def _padding4(padding: Any) -> tuple[int, int, int, int]:
    """(top, bottom, left, right) from an int, a (height, width) pair or a 4-tuple."""
    if isinstance(padding, int) and not isinstance(padding, bool):
        return (padding,) * 4
    if isinstance(padding, (tuple, list)):
        if len(padding) == 2:
            return (padding[0], padding[0], padding[1], padding[1])
        if len(padding) == 4:
            return tuple(int(p) for p in padding)
    raise TypeError(f"padding must be an int, a pair or a 4-tuple of ints, got {padding!r}")


def _same_padding(size: int, kernel: int, stride: int, dilation: int) -> tuple[int, int]:
    total = max((math.ceil(size / stride) - 1) * stride + (kernel - 1) * dilation + 1 - size, 0)
    return total // 2, total - total // 2


def _conv_padding(pad_mode: str, padding: Any, hw, kernel, stride, dilation) -> tuple[int, int, int, int]:
    if pad_mode == "same":
        return _same_padding(hw[0], kernel[0], stride[0], dilation[0]) + \
            _same_padding(hw[1], kernel[1], stride[1], dilation[1])
    if pad_mode == "valid":
        return (0, 0, 0, 0)
    if pad_mode == "pad":
        return _padding4(padding)
    raise ValueError(f"pad_mode must be 'same', 'valid' or 'pad', got {pad_mode!r}")


def _windows(backend, a, pads, kernel, stride, dilation, fill=None):
    """Pad (with zeros, or ``fill`` for pooling) and unfold into (N, C, kh, kw, oh, ow) windows."""
    top, bottom, left, right = pads
    if any(pads):
        a = backend.pad(a, ((0, 0), (0, 0), (top, bottom), (left, right)))
        if fill is not None:
            n, c, h, w = backend.shape(a)
            inside = np.zeros((1, 1, h, w), dtype=backend.dtype(a).numpy)
            inside[:, :, :top] = inside[:, :, h - bottom:] = fill
            inside[:, :, :, :left] = inside[:, :, :, w - right:] = fill
            a = backend.add(a, backend.asarray(inside, backend.dtype(a)))
    h, w = backend.shape(a)[2:]
    if (h - dilation[0] * (kernel[0] - 1) - 1) < 0 or (w - dilation[1] * (kernel[1] - 1) - 1) < 0:
        raise ValueError(f"kernel {kernel} with dilation {dilation} is larger than the padded input {(h, w)}")
    return backend.unfold(a, kernel, stride, dilation)


def conv2d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride: Any = 1, pad_mode: str = "valid",
           padding: Any = 0, dilation: Any = 1, groups: int = 1) -> Tensor:
    """2-D convolution of (N, C, H, W) by (O, C / groups, kh, kw)."""
    backend, a, w, b = layer_operands(input, weight, bias)
    a_dtype = backend.dtype(a)
    if not a_dtype.is_floating:  # int and bool images become Float32, as MindSpore's conv
        a, a_dtype = backend.cast(a, dt.float32), dt.float32
    if backend.dtype(w) is not a_dtype:
        raise TypeError(f"For 'conv2d', the input and the weight must have one float dtype, but got {a_dtype} "
                        f"and {weight.dtype}")
    a_shape, w_shape = backend.shape(a), backend.shape(w)
    if len(a_shape) != 4 or len(w_shape) != 4:
        raise ValueError(f"conv2d takes (N, C, H, W) and (O, C/groups, kh, kw), got {input.shape} and {weight.shape}")
    n, c, h, width = a_shape
    out_c, in_per_group, kh, kw = w_shape
    if c % groups or out_c % groups or in_per_group != c // groups:
        raise ValueError(f"conv2d: {c} input channels, weight {weight.shape} and groups={groups} do not agree")
    if b is not None and backend.shape(b) != (out_c,):
        raise ValueError(f"conv2d: bias shape {bias.shape} must be ({out_c},), one per output channel")
    # ints and 'valid' (every LeNet layer) without helper calls: this runs on every layer of every step
    stride = (stride, stride) if type(stride) is int and stride > 0 else int_pair("conv2d", "stride", stride)
    dilation = ((dilation, dilation) if type(dilation) is int and dilation > 0
                else int_pair("conv2d", "dilation", dilation))
    if pad_mode == "valid":
        pads = (0, 0, 0, 0)
    else:
        pads = _conv_padding(pad_mode, padding, (h, width), (kh, kw), stride, dilation)
    conv = backend.kernels.get("conv2d")
    if conv is not None:
        return wrap(conv(a, w, b, pads, stride, dilation, groups), backend)
    return wrap(conv2d_generic(backend, a, w, b, pads, stride, dilation, groups), backend)


def conv2d_generic(backend, a, w, b, pads, stride, dilation, groups):
    """Convolution as a windowed matmul, from primitives only (what a backend's native kernel must equal)."""
    n = backend.shape(a)[0]
    out_c, in_per_group, kh, kw = backend.shape(w)
    cols = _windows(backend, a, pads, (kh, kw), stride, dilation)
    oh, ow = backend.shape(cols)[-2:]
    cols = backend.reshape(cols, (n, groups, in_per_group * kh * kw, oh * ow))
    kernel = backend.reshape(w, (groups, out_c // groups, in_per_group * kh * kw))
    out = backend.reshape(backend.matmul(kernel, cols), (n, out_c, oh, ow))
    return out if b is None else backend.add(out, backend.reshape(b, (1, out_c, 1, 1)))


def ceil_mode_pads(hw, pads: tuple[int, int, int, int], kernel, stride, dilation) -> tuple[int, int, int, int]:
    """``pads`` with what ceil mode adds after the input: rounding the output size up, one more window
    (partly past the padded input, counted as -inf), unless that window would start in the trailing
    padding (torch's and MindSpore's rule, so every window holds at least one real element)."""
    extra = []
    for size, before, after, k, s, d in zip(hw, pads[::2], pads[1::2], kernel, stride, dilation):
        span = size + before + after - d * (k - 1) - 1
        if span < 0:  # the kernel does not fit: _windows and the kernels say so
            extra.append(0)
            continue
        out = -(-span // s) + 1
        if (out - 1) * s >= size + before:
            out -= 1
        extra.append(max(0, (out - 1) * s - span))
    top, bottom, left, right = pads
    return top, bottom + extra[0], left, right + extra[1]


def max_pool2d(x: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0, dilation: Any = 1,
               return_indices: bool = False, ceil_mode: bool = False) -> Tensor | tuple[Tensor, Tensor]:
    """Max over each window; padding counts as -inf. ``ceil_mode`` rounds the output size up;
    ``return_indices`` also gives where each maximum sits (``max_pool2d_indices``)."""
    if not isinstance(x, Tensor):
        raise not_a_tensor(x)
    backend, a = x._backend, x._data
    if backend.dtype(a).kind != "float":  # int and bool images become Float32 (as unary_float)
        a = backend.cast(a, dt.float32)
    native = backend.kernels.get("max_pool2d")
    if (native is not None and type(kernel_size) is int and kernel_size > 0
            and (stride is None or (type(stride) is int and stride > 0))
            and type(padding) is int and padding == 0 and type(dilation) is int and dilation == 1
            and not ceil_mode and not return_indices
            and len(backend.shape(a)) == 4):  # every step's pooling, without helper calls (torch takes 3-D too)
        k = (kernel_size, kernel_size)
        return wrap(native(a, k, k if stride is None else (stride, stride), (0, 0, 0, 0), (1, 1)), backend)
    kernel = int_pair("max_pool2d", "kernel_size", kernel_size)
    stride = kernel if stride is None else int_pair("max_pool2d", "stride", stride)
    padding = int_pair("max_pool2d", "padding", padding, minimum=0)
    dilation = int_pair("max_pool2d", "dilation", dilation)
    if any(2 * p > d * (k - 1) + 1 for p, k, d in zip(padding, kernel, dilation)):  # a window of padding only
        raise ValueError(f"For 'max_pool2d', the 'padding' must be at most half of the dilated kernel, but got "
                         f"padding {padding}, kernel_size {kernel} and dilation {dilation}")
    pads = (padding[0], padding[0], padding[1], padding[1])
    if ceil_mode:
        pads = ceil_mode_pads(backend.shape(a)[-2:], pads, kernel, stride, dilation)
    return _max_pool(backend, a, kernel, stride, pads, dilation, return_indices)


def _max_pool(backend, a, kernel, stride, pads, dilation, return_indices: bool):
    """Max pooling of array ``a`` with explicit (top, bottom, left, right) pads, by the backend's kernel
    where it has one; with the indices when asked (also nn_extra.max_pool2d_pads's body)."""
    check_image("max_pool2d", backend, a)
    native = backend.kernels.get("max_pool2d")
    if native is not None:
        out = wrap(native(a, kernel, stride, pads, dilation), backend)
    else:
        out = wrap(max_pool2d_generic(backend, a, kernel, stride, pads, dilation), backend)
    if return_indices:
        return out, wrap(max_pool2d_indices(backend, a, kernel, stride, pads, dilation), backend)
    return out


def max_pool2d_indices(backend, a, kernel, stride, pads, dilation):
    """Where each window's maximum sits, as an int64 flat index into its channel's (H, W) plane (the
    first in row-major order among ties), as MindSpore's and torch's return_indices; no gradient."""
    cols = _windows(backend, backend.stop_gradient(a), pads, kernel, stride, dilation, fill=-np.inf)
    n, c, kh, kw, oh, ow = backend.shape(cols)
    k = backend.cast(backend.argmax(backend.reshape(cols, (n, c, kh * kw, oh, ow)), 2, False), dt.int64)
    top, _, left, _ = pads
    width = backend.shape(a)[-1]
    # the window's corner in input coordinates, and the offset of entry k inside the (dilated) window
    corner_rows = (np.arange(oh) * stride[0] - top).reshape(oh, 1)
    corner_cols = (np.arange(ow) * stride[1] - left).reshape(1, ow)
    corners = backend.asarray(corner_rows * width + corner_cols, dt.int64)
    rows = backend.mul(backend.floor_divide(k, kw), dilation[0] * width)
    cols_in = backend.mul(backend.mod(k, kw), dilation[1])
    return backend.add(backend.add(rows, cols_in), corners)


def max_pool2d_generic(backend, a, kernel, stride, pads, dilation):
    """Max pooling from primitives (the gradient is shared among tied maxima)."""
    cols = _windows(backend, a, pads, kernel, stride, dilation, fill=-np.inf)
    n, c, kh, kw, oh, ow = backend.shape(cols)
    return backend.max(backend.reshape(cols, (n, c, kh * kw, oh, ow)), 2, False)


def avg_pool2d(input_x: Tensor, kernel_size: Any = 1, stride: Any = 1, padding: Any = 0, ceil_mode: bool = False,
               count_include_pad: bool = True, divisor_override: int = 0) -> Tensor:
    """MindSpore 2.10's ops.avg_pool2d: stride 1 by default, ``padding`` an int or (top, bottom, left, right),
    ``divisor_override`` 0 for none; the divisors are those of ``avg_pool``."""
    backend, a = unary_float(input_x)
    kernel = int_pair("avg_pool2d", "kernel_size", kernel_size)
    stride = int_pair("avg_pool2d", "stride", stride)
    if isinstance(padding, int) and not isinstance(padding, bool):
        padding = (padding,) * 4
    if not isinstance(padding, tuple):
        raise TypeError(f"For avg_pool2d, padding should be int or tuple of length 4, but got {padding!r}")
    if len(padding) != 4 or not all(type(p) is int and p >= 0 for p in padding):
        raise ValueError(f"For avg_pool2d, padding should be a non-negative int or a tuple of 4 of them, but "
                         f"got {padding!r}")
    check_bools("avg_pool2d", ceil_mode=ceil_mode, count_include_pad=count_include_pad)
    if isinstance(divisor_override, bool) or not isinstance(divisor_override, int) or divisor_override < 0:
        raise ValueError(f"For 'avg_pool2d', the 'divisor_override' must be a non-negative int, but got "
                         f"{divisor_override!r}")
    return wrap(avg_pool(backend, a, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override),
                backend)


def avg_pool(backend, a, kernel, stride, pads, ceil_mode: bool, count_include_pad: bool, divisor: int | None):
    """Average pooling of array ``a`` with explicit (top, bottom, left, right) pads (also nn.AvgPool2d's).

    Each window's sum is divided by ``divisor`` when given (non-zero); else by the window's size within
    the padded input, or with ``count_include_pad=False`` by its real (unpadded) elements. The windows
    ceil mode adds reach past the padded input; that part is never counted (torch's and MindSpore's rule)."""
    check_image("avg_pool2d", backend, a)
    hw = backend.shape(a)[-2:]
    window_pads = ceil_mode_pads(hw, pads, kernel, stride, (1, 1)) if ceil_mode else pads
    cols = _windows(backend, a, window_pads, kernel, stride, (1, 1))
    n, c, kh, kw, oh, ow = backend.shape(cols)
    total = backend.sum(backend.reshape(cols, (n, c, kh * kw, oh, ow)), 2, False)
    if divisor:
        return backend.div(total, float(divisor))
    sizes = np.outer(*(_window_sizes(o, size, before, after, k, s, count_include_pad)
                       for o, size, before, after, k, s in zip((oh, ow), hw, pads[::2], pads[1::2], kernel, stride)))
    if np.all(sizes == sizes.flat[0]):  # the usual case: one divisor
        return backend.div(total, float(sizes.flat[0]))
    dtype = backend.dtype(a)
    return backend.div(total, backend.asarray(sizes.astype(dtype.numpy), dtype))


def _window_sizes(out: int, size: int, before: int, after: int, kernel: int, stride: int, count_pad: bool):
    """How many elements each of ``out`` windows along one axis divides by."""
    starts = np.arange(out) * stride - before
    ends = np.minimum(starts + kernel, size + after)
    if count_pad:
        return ends - starts
    return np.minimum(ends, size) - np.maximum(starts, 0)


def dense(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """input @ weight.T + bias, MindSpore's (out, in) weight layout."""
    backend, x, w, b = layer_operands(input, weight, bias)
    x_shape, w_shape = backend.shape(x), backend.shape(w)
    if len(w_shape) != 2 or not x_shape or x_shape[-1] != w_shape[1]:
        raise ValueError(f"dense: input {input.shape} and weight {weight.shape} (out, in) do not line up")
    dtype = backend.dtype(x)
    if backend.dtype(w) is not dtype or (b is not None and backend.dtype(b) is not dtype) or not dtype.is_floating:
        target = dt.promote(dtype, backend.dtype(w))
        if b is not None:
            target = dt.promote(target, backend.dtype(b))
        if not target.is_floating:
            target = dt.float32
        x, w, b = (a if a is None or backend.dtype(a) is target else backend.cast(a, target) for a in (x, w, b))
    kernel = backend.kernels.get("dense")
    return wrap(kernel(x, w, b) if kernel is not None else dense_generic(backend, x, w, b), backend)


def dense_generic(backend, x, w, b):
    """dense from matmul, transpose and add (what a backend's native kernel must equal)."""
    lead = tuple(backend.shape(x)[:-1])
    x2 = backend.reshape(x, (-1, backend.shape(x)[-1]))
    out = backend.reshape(backend.matmul(x2, backend.transpose(w, (1, 0))), lead + (backend.shape(w)[0],))
    return out if b is None else backend.add(out, b)


def dropout(input: Tensor, p: float = 0.5, training: bool = True, seed: int | None = None) -> Tensor:
    """Zero each element with probability ``p`` and scale the rest by 1 / (1 - p); identity when not training."""
    if not 0.0 <= p < 1.0:
        raise ValueError(f"dropout's p must be in [0, 1), got {p}")
    if not training or p == 0.0:
        return input
    from unigrad import _random as rng
    backend, a = tensor_arg(input)
    mask = wrap(rng.keep_mask(backend, backend.shape(a), p, backend.dtype(a)), backend)
    return m.mul(m.mul(input, mask), 1.0 / (1.0 - p))


def one_hot(indices: Tensor, depth: int, on_value: Any = 1.0, off_value: Any = 0.0, axis: int = -1) -> Tensor:
    """``on_value`` where an index equals its class, ``off_value`` elsewhere, the ``depth`` classes on ``axis``."""
    if type(depth) is not int:
        raise TypeError(f"one_hot's depth must be an int, got {type(depth).__name__}")
    if depth < 0:
        raise ValueError(f"one_hot's depth must be >= 0, got {depth}")
    backend, a = tensor_arg(indices, "indices")
    if backend.dtype(a).kind not in ("int", "uint"):
        raise TypeError(f"For 'OneHot', the indices must be an int Tensor, but got {indices.dtype}")
    hot = m.equal(sh.expand_dims(indices, -1), _classes_like(indices, depth))
    on, off = (wrap(backend.full((), v, creation.scalar_dtype(v)), backend) for v in (on_value, off_value))
    out = m.where(hot, on, off)
    if axis != -1:
        out = sh.swapaxes(sh.expand_dims(out, axis), axis, -1).squeeze(-1)
    return out


# -- pooling with explicit pads, for nn.MaxPool2d / nn.AvgPool2d (MindSpore's pad modes) -----------------
def pool_padding(pad_mode: str, padding: Any, hw: tuple[int, int], kernel: tuple[int, int],
                 stride: tuple[int, int], dilation: tuple[int, int] = (1, 1)) -> tuple[int, int, int, int]:
    """(top, bottom, left, right) for MindSpore's pad_mode: 'same' pads so that out = ceil(in / stride)."""
    pad_mode = pad_mode.lower() if isinstance(pad_mode, str) else pad_mode
    return _conv_padding(pad_mode, padding, hw, kernel, stride, dilation)


def max_pool2d_pads(x: Tensor, kernel: tuple[int, int], stride: tuple[int, int], pads: tuple[int, int, int, int],
                    dilation: tuple[int, int] = (1, 1), return_indices: bool = False) -> Tensor | tuple[Tensor, Tensor]:
    """Max pooling of (N, C, H, W) with explicit (top, bottom, left, right) padding counted as -inf;
    ``return_indices`` also gives where each maximum sits (``nn_functional.max_pool2d_indices``)."""
    backend, a = unary_float(x)
    return _max_pool(backend, a, kernel, stride, pads, dilation, return_indices)


def avg_pool2d_pads(x: Tensor, kernel: tuple[int, int], stride: tuple[int, int], pads: tuple[int, int, int, int],
                    count_include_pad: bool = True, ceil_mode: bool = False, divisor_override: int | None = None
                    ) -> Tensor:
    """Average pooling of (N, C, H, W) with explicit (top, bottom, left, right) padding; the divisors are
    ``nn_functional.avg_pool``'s (``count_include_pad=False``: the real elements, as MindSpore's 'same')."""
    backend, a = unary_float(x)
    return wrap(avg_pool(backend, a, kernel, stride, pads, ceil_mode, count_include_pad, divisor_override),
                backend)

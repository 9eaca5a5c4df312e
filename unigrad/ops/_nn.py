"""Neural-network functions: softmax, losses, convolution, pooling, dense, dropout, one-hot.

Each public function checks and normalises its arguments, then reaches its backend through one
``call``; the composite ops' generic versions (``*_generic``) are written here from primitives, once,
and a backend may register a native kernel for them."""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from unigrad import _random as rng
from unigrad import dtype as dt
from unigrad._tensor import Tensor
from unigrad.backends.base import check_class_indices
from unigrad.common._checks import check_bools, int_pair
from unigrad.ops import _creation as creation, _math as m, _reduction as red, _shape as shaping
from unigrad.ops._args import check_same_backend, layer_operands, norm_axis, not_a_tensor, tensor_arg, unary_float
from unigrad.ops._dispatch import call, composite
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
    return call("softmax", backend, a, _softmax_axis("softmax", backend, a, axis))


@composite("softmax")
def softmax_generic(backend, a, axis: int):
    shifted = backend.sub(a, backend.stop_gradient(backend.max(a, axis, True)))
    e = backend.exp(shifted)
    return backend.div(e, backend.sum(e, axis, True))


def log_softmax(logits: Tensor, axis: int = -1) -> Tensor:
    """(x - max) - log(sum(exp(x - max))): rounds as MindSpore and torch do."""
    backend, a = unary_float(logits)
    return call("log_softmax", backend, a, _softmax_axis("log_softmax", backend, a, axis))


@composite("log_softmax")
def log_softmax_generic(backend, a, axis: int):
    shifted = backend.sub(a, backend.stop_gradient(backend.max(a, axis, True)))
    return backend.sub(shifted, backend.log(backend.sum(backend.exp(shifted), axis, True)))


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
    """log(1 + exp(x)) without overflow: log(1 + exp(-x)) + x above 0, log(1 + exp(x)) elsewhere, each branch
    fed only its own side (the other's exp never overflows into the gradient). Its slope is one branch's
    chain, exactly 1/2 at 0 and 0 at -inf, so an infinite cotangent (an infinite loss weight) stays +-inf
    at 0, where |x|'s zero slope would make it NaN."""
    above = m.greater(x, 0.0)
    positive, rest = m.where(above, x, 0.0), m.where(above, 0.0, x)
    return m.where(above, m.add(m.log1p(m.exp(m.neg(positive))), positive), m.log1p(m.exp(rest)))


def binary_cross_entropy_with_logits(input: Tensor, target: Tensor, weight: Tensor | None = None,
                                     pos_weight: Tensor | None = None, reduction: str = "mean") -> Tensor:
    """-w [p y log sigmoid(x) + (1 - y) log(1 - sigmoid(x))], stable for any logit. The weights are
    constants: no gradient reaches them (as in MindSpore). Without p it is softplus(x) - x y, the label
    once, so an infinite label's slope is sigmoid(x) - y, -+inf (two terms would make inf - inf, NaN).
    Where p is 0 its term goes with its gradient: an infinite w's cotangent would meet the term's zero
    slope (inf * 0, NaN) where the gradients in x and y are +-inf (MindSpore's)."""
    _check_reduction(reduction)
    if input.shape != target.shape:
        raise ValueError(f"logits shape {input.shape} and labels shape {target.shape} differ")
    if pos_weight is None:
        loss = m.sub(_softplus(input), m.mul(input, target))
    else:
        pos_weight = stop_gradient(pos_weight)
        term = m.mul(target, m.mul(_softplus(m.neg(input)), pos_weight))  # -p y log sigmoid(x)
        term = m.where(m.equal(pos_weight, 0.0), stop_gradient(term), term)
        loss = m.add(term, m.mul(m.sub(1.0, target), _softplus(input)))
    if weight is not None:
        loss = m.mul(loss, stop_gradient(weight))
    return _reduce(loss, reduction)


_BCE_EPSILON = 1e-12  # MindSpore's floor under p and 1 - p


def binary_cross_entropy(input: Tensor, target: Tensor, weight: Tensor | None = None,
                         reduction: str = "mean") -> Tensor:
    """-w [y log p + (1 - y) log(1 - p)]. Where p (1 - p) <= 1e-12 (p at or next to 0 or 1), MindSpore's
    answer: the logs of max(p, 1e-12) and max(1 - p, 1e-12), and the gradient in p
    (p - y) / max(p (1 - p), 1e-12), finite where the plain formula's is NaN or inf and would end a
    training run; elsewhere the plain formula, with its higher derivatives. The weight is a constant (no
    gradient, as in MindSpore)."""
    _check_reduction(reduction)
    p = stop_gradient(input)
    interior = m.greater(m.mul(p, m.sub(1.0, p)), _BCE_EPSILON)
    safe = m.where(interior, input, 0.5)  # no NaN in the unused branch's gradient
    inside = m.neg(m.add(m.mul(target, m.log(safe)), m.mul(m.sub(1.0, target), m.log(m.sub(1.0, safe)))))
    clamped = m.neg(m.add(m.mul(target, m.log(m.maximum(p, _BCE_EPSILON))),
                          m.mul(m.sub(1.0, target), m.log(m.maximum(m.sub(1.0, p), _BCE_EPSILON)))))
    slope = m.div(m.sub(p, stop_gradient(target)), m.maximum(m.mul(p, m.sub(1.0, p)), _BCE_EPSILON))
    loss = m.where(interior, inside, m.add(clamped, m.mul(m.sub(input, p), slope)))  # adds 0, slope in p
    if weight is not None:
        loss = m.mul(loss, stop_gradient(weight))
    return _reduce(loss, reduction)


def _class_axis(input: Tensor) -> int:
    return 0 if input.ndim == 1 else 1


def _class_operands(owner: str, input: Tensor, target: Tensor, weight: Tensor | None):
    """(backend, scores, labels, weights) of a loss over class indices: float scores with a class axis,
    int labels of the scores' shape without it, class weights of the scores' dtype (both promoted)."""
    if not isinstance(input, Tensor):
        raise not_a_tensor(input)
    if not isinstance(target, Tensor):
        raise not_a_tensor(target, "target")
    backend, scores, labels = input._backend, input._data, target._data
    if target._backend is not backend or (weight is not None and weight._backend is not backend):
        check_same_backend(input, target, weight)
    if backend.dtype(scores).kind != "float":
        scores = backend.cast(scores, dt.float32)
    shape = backend.shape(scores)  # class indices: the scores' shape without the class axis (1)
    expected = shape[:1] + shape[2:] if len(shape) > 1 else ()
    if not shape or shape[1 if len(shape) > 1 else 0] == 0:
        raise ValueError(f"{owner} needs scores with a class axis holding at least one class, got "
                         f"shape {input.shape}")
    if backend.shape(labels) != expected:
        raise ValueError(f"{owner}: class indices of shape {target.shape} do not fit scores of shape "
                         f"{input.shape}; expected {tuple(expected)}")
    weights = None if weight is None else weight._data
    if weights is not None and backend.dtype(weights) is not backend.dtype(scores):  # promote both
        common = dt.promote(backend.dtype(scores), backend.dtype(weights))
        scores, weights = backend.cast(scores, common), backend.cast(weights, common)
    return backend, scores, labels, weights


def nll_loss(inputs: Tensor, target: Tensor, weight: Tensor | None = None, ignore_index: int = -100,
             reduction: str = "mean", label_smoothing: float = 0.0) -> Tensor:
    """Negative log-likelihood of log-probabilities ``inputs`` at class indices ``target``."""
    _check_reduction(reduction)
    if isinstance(target, Tensor) and target.dtype.kind not in ("int", "uint"):
        raise TypeError(f"nll_loss's target must hold class indices (an int Tensor), got {target.dtype}")
    backend, log_p, labels, weights = _class_operands("nll_loss", inputs, target, weight)
    return call("nll_loss", backend, log_p, labels, weights, ignore_index, reduction, label_smoothing)


@composite("nll_loss")
def nll_loss_generic(backend, log_p, labels, weights, ignore_index: int, reduction: str, label_smoothing: float):
    """Through a one-hot of the labels; class weights are constants (as in torch's and MindSpore's kernels).
    A class index out of range raises IndexError, as torch's kernel: the one-hot would give it a zero loss."""
    shape = tuple(backend.shape(log_p))
    axis = 0 if len(shape) == 1 else 1
    classes = shape[axis]
    check_class_indices(backend, labels, classes, ignore_index)
    dtype = backend.dtype(log_p)
    valid = backend.cast(backend.not_equal(labels, ignore_index), dtype)
    hot = _one_hot_on_axis(backend, labels, classes, axis, dtype)
    if weights is not None:
        view = [1] * len(shape)
        view[axis] = classes
        weights = backend.reshape(backend.stop_gradient(weights), tuple(view))
        weighted = backend.mul(log_p, weights)
        sample_weight = backend.mul(backend.sum(backend.mul(hot, weights), axis, False), valid)
    else:
        weighted = log_p
        sample_weight = valid
    loss = backend.mul(backend.neg(backend.sum(backend.mul(hot, weighted), axis, False)), valid)
    if label_smoothing:
        smooth = backend.mul(backend.neg(backend.sum(weighted, axis, False)), valid)
        loss = backend.add(backend.mul(loss, 1.0 - label_smoothing), backend.mul(smooth, label_smoothing / classes))
    if reduction == "mean":
        return backend.div(backend.sum(loss, None, False), backend.sum(sample_weight, None, False))
    return backend.sum(loss, None, False) if reduction == "sum" else loss


def _one_hot_on_axis(backend, labels, classes: int, axis: int, dtype: dt.DType):
    """A one-hot of ``labels`` in ``dtype``, its class axis at ``axis``."""
    shape = tuple(backend.shape(labels))
    grid = backend.arange(0, classes, 1, backend.dtype(labels))
    hot = backend.cast(backend.equal(backend.reshape(labels, shape + (1,)), grid), dtype)
    if axis != len(shape):
        perm = list(range(len(shape)))
        perm.insert(axis, len(shape))
        hot = backend.transpose(hot, tuple(perm))
    return hot


def cross_entropy(input: Tensor, target: Tensor, weight: Tensor | None = None, ignore_index: int = -100,
                  reduction: str = "mean", label_smoothing: float = 0.0) -> Tensor:
    """Cross entropy of logits ``input`` (class axis 1) with class indices or class probabilities."""
    if reduction not in _REDUCTIONS:
        _check_reduction(reduction)
    if not 0.0 <= label_smoothing <= 1.0:
        raise ValueError(f"label_smoothing must be in [0, 1], got {label_smoothing}")
    if not isinstance(target, Tensor):
        raise not_a_tensor(target, "target")
    if target.dtype.kind in ("int", "uint"):
        backend, logits, labels, weights = _class_operands("cross_entropy", input, target, weight)
        return call("cross_entropy", backend, logits, labels, weights, ignore_index, reduction, label_smoothing)
    if not isinstance(input, Tensor):
        raise not_a_tensor(input)
    axis = _class_axis(input)
    log_p = log_softmax(input, axis)
    if target.shape != input.shape:
        raise ValueError(f"probability targets must have the logits' shape {input.shape}, got {target.shape}")
    classes = input.shape[axis]
    if label_smoothing:
        target = m.add(m.mul(target, 1.0 - label_smoothing), label_smoothing / classes)
    if weight is not None:
        view = [1] * input.ndim
        view[axis] = weight.shape[0]
        log_p = m.mul(log_p, stop_gradient(weight).reshape(view))
    loss = m.neg(red.sum(m.mul(target, log_p), axis))
    if reduction == "mean":
        return m.div(red.sum(loss), float(input.shape[0] if input.ndim > 1 else 1))
    return _reduce(loss, reduction)


@composite("cross_entropy")
def cross_entropy_generic(backend, logits, labels, weights, ignore_index: int, reduction: str,
                          label_smoothing: float):
    """Cross entropy with class indices: log-softmax, then the negative log-likelihood."""
    log_p = log_softmax_generic(backend, logits, 0 if len(backend.shape(logits)) == 1 else 1)
    return nll_loss_generic(backend, log_p, labels, weights, ignore_index, reduction, label_smoothing)


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
    if a.dtype is not w.dtype or not backend.dtype(a).is_floating:  # the usual case in one comparison
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
    return call("conv2d", backend, a, w, b, pads, stride, dilation, groups)


@composite("conv2d")
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
    if (type(kernel_size) is int and kernel_size > 0 and (stride is None or (type(stride) is int and stride > 0))
            and type(padding) is int and padding == 0 and type(dilation) is int and dilation == 1
            and not ceil_mode and not return_indices
            and len(backend.shape(a)) == 4):  # every step's pooling, without helper calls (torch takes 3-D too)
        k = (kernel_size, kernel_size)
        return call("max_pool2d", backend, a, k, k if stride is None else (stride, stride), (0, 0, 0, 0), (1, 1))
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
    out = call("max_pool2d", backend, a, kernel, stride, pads, dilation)
    if return_indices:
        return out, call("max_pool2d_indices", backend, a, kernel, stride, pads, dilation)
    return out


@composite("max_pool2d_indices")
def max_pool2d_indices_generic(backend, a, kernel, stride, pads, dilation):
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


@composite("max_pool2d")
def max_pool2d_generic(backend, a, kernel, stride, pads, dilation):
    """Max pooling from primitives. The gradient goes to the first maximum of each window in row-major
    order, as MindSpore, torch and XLA route it (a saturated or zero background ties everywhere)."""
    cols = _windows(backend, a, pads, kernel, stride, dilation, fill=-np.inf)
    n, c, kh, kw, oh, ow = backend.shape(cols)
    cols = backend.reshape(cols, (n, c, kh * kw, oh, ow))
    first = backend.cast(backend.argmax(backend.stop_gradient(cols), 2, True), dt.int64)
    positions = backend.reshape(backend.arange(0, kh * kw, 1, dt.int64), (1, 1, kh * kw, 1, 1))
    chosen = backend.equal(positions, first)
    return backend.sum(backend.where(chosen, cols, backend.full((), 0, backend.dtype(a))), 2, False)


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
    check_image("avg_pool2d", backend, a)
    return call("avg_pool2d", backend, a, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override)


@composite("avg_pool2d")
def avg_pool2d_generic(backend, a, kernel, stride, pads, ceil_mode: bool, count_include_pad: bool,
                       divisor: int | None):
    """Average pooling of array ``a`` with explicit (top, bottom, left, right) pads (also nn.AvgPool2d's).

    Each window's sum is divided by ``divisor`` when given (non-zero); else by the window's size within
    the padded input, or with ``count_include_pad=False`` by its real (unpadded) elements. The windows
    ceil mode adds reach past the padded input; that part is never counted (torch's and MindSpore's rule)."""
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
    if w.ndim != 2 or not x.ndim:
        raise _misaligned(input, weight)
    # one float dtype (the arrays' own dtype objects compared first: this runs on every layer of every step)
    if not (x.dtype is w.dtype and (b is None or b.dtype is w.dtype) and backend.dtype(x).is_floating):
        for name, other in (("x2", w), ("bias", b)):
            if other is not None and backend.dtype(other) is not backend.dtype(x):
                # MindSpore's Dense kernel takes one dtype: a float16 input into a float32 layer is an error
                raise TypeError(f"For 'Dense', the type of '{name}' should be same as 'x1', but got 'x1' with type "
                                f"Tensor[{backend.dtype(x)}] and '{name}' with type Tensor[{backend.dtype(other)}].")
        x, w, b = (a if a is None else backend.cast(a, dt.float32) for a in (x, w, b))
    try:
        return call("dense", backend, x, w, b)
    except Exception:  # MindSpore's ValueError where the features do not line up (torch: RuntimeError)
        if backend.shape(x)[-1] != backend.shape(w)[1]:
            raise _misaligned(input, weight) from None
        raise


def _misaligned(input: Tensor, weight: Tensor) -> ValueError:
    return ValueError(f"dense: input {input.shape} and weight {weight.shape} (out, in) do not line up")


@composite("dense")
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
    backend, a = unary_float(input)  # int and bool Tensors become Float32, as a float scale makes them
    return call("dropout", backend, a, rng.keep_mask(backend, backend.shape(a), p, backend.dtype(a)), 1.0 / (1.0 - p))


@composite("dropout")
def dropout_generic(backend, a, mask, scale: float):
    """``a`` times the keep mask (1 or 0), times ``scale`` (1 / (1 - p))."""
    return backend.mul(backend.mul(a, mask), scale)


def one_hot(indices: Tensor, depth: int, on_value: Any = 1, off_value: Any = 0, axis: int = -1) -> Tensor:
    """``on_value`` where an index equals its class, ``off_value`` elsewhere, the ``depth`` classes on ``axis``
    (Int64 with the default values, as MindSpore's)."""
    if type(depth) is not int:
        raise TypeError(f"one_hot's depth must be an int, got {type(depth).__name__}")
    if depth < 0:
        raise ValueError(f"one_hot's depth must be >= 0, got {depth}")
    backend, a = tensor_arg(indices, "indices")
    if backend.dtype(a).kind not in ("int", "uint"):
        raise TypeError(f"For 'OneHot', the indices must be an int Tensor, but got {indices.dtype}")
    ndim = len(backend.shape(a))
    if type(axis) is not int or not -1 <= axis <= ndim:
        raise ValueError(f"For 'OneHot', the axis must be an int in [-1, {ndim}], but got {axis!r}")
    on, off = _on_off_values(indices, on_value, off_value)
    return call("one_hot", backend, a, depth, on, off, ndim if axis == -1 else axis)


def _on_off_values(indices: Tensor, on_value: Any, off_value: Any):
    """on_value and off_value as 0-d arrays of one dtype: a Tensor's (one element; two Tensors must share
    it, as in MindSpore), else the scalars' (Int64 for ints, Float32 for floats, promoted together)."""
    backend = indices._backend
    tensors = [v for v in (on_value, off_value) if isinstance(v, Tensor)]
    check_same_backend(indices, *tensors)
    for t in tensors:
        if t.size != 1:
            raise ValueError(f"For 'OneHot', on_value and off_value must hold one value, but got shape {t.shape}")
    if len(tensors) == 2 and tensors[0].dtype is not tensors[1].dtype:
        raise TypeError(f"For 'OneHot', on_value and off_value must have one dtype, but got {tensors[0].dtype} "
                        f"and {tensors[1].dtype}")
    if tensors:
        dtype = tensors[0].dtype
    else:
        dtype = dt.promote(creation.scalar_dtype(on_value), creation.scalar_dtype(off_value))
    return [backend.reshape(v._data, ()) if isinstance(v, Tensor) else backend.full((), v, dtype)
            for v in (on_value, off_value)]


@composite("one_hot")
def one_hot_generic(backend, a, depth: int, on, off, axis: int):
    """``on`` where an index equals its class, else ``off``; the ``depth`` classes on ``axis``."""
    shape = tuple(backend.shape(a))
    hot = backend.equal(backend.reshape(a, shape + (1,)), backend.arange(0, depth, 1, backend.dtype(a)))
    out = backend.where(hot, on, off)
    if axis != len(shape):
        perm = list(range(len(shape)))
        perm.insert(axis, len(shape))
        out = backend.transpose(out, tuple(perm))
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
    check_image("avg_pool2d", backend, a)
    return call("avg_pool2d", backend, a, kernel, stride, pads, ceil_mode, count_include_pad, divisor_override)


def _channel_dropout(owner: str, ranks: tuple[int, ...], spatial: int, input: Tensor, p: float,
                     training: bool) -> Tensor:
    """Zero whole channels (all positions of a (sample, channel)) with probability ``p`` while training, the
    rest scaled by 1 / (1 - p): one keep mask per channel, from ``dropout``, broadcast over the positions."""
    if isinstance(p, bool) or not isinstance(p, (int, float)) or not 0 <= p <= 1:
        raise ValueError(f"For {owner}, the 'p' must be a number in range [0, 1], but got {p}.")
    if not isinstance(input, Tensor):
        raise not_a_tensor(input)
    if input.ndim not in ranks:
        raise ValueError(f"For {owner}, the rank of the input must be {' or '.join(map(str, ranks))}, but got "
                         f"{input.ndim}.")
    if not training or p == 0:
        return input
    if p == 1:
        return m.mul(input, 0.0)
    mask_shape = input.shape[:input.ndim - spatial] + (1,) * spatial
    return m.mul(input, dropout(creation.ones(mask_shape, input.dtype), float(p), True))


def dropout1d(input: Tensor, p: float = 0.5, training: bool = True) -> Tensor:
    """Channel dropout of (N, C, L) or (C, L)."""
    return _channel_dropout("dropout1d", (2, 3), 1, input, p, training)


def dropout2d(input: Tensor, p: float = 0.5, training: bool = True) -> Tensor:
    """Channel dropout of (N, C, H, W)."""
    return _channel_dropout("dropout2d", (4,), 2, input, p, training)


def dropout3d(input: Tensor, p: float = 0.5, training: bool = True) -> Tensor:
    """Channel dropout of (N, C, D, H, W)."""
    return _channel_dropout("dropout3d", (5,), 3, input, p, training)


def bias_add(input_x: Tensor, bias: Tensor, data_format: str = "NCHW") -> Tensor:
    """``input_x`` plus a 1-D ``bias`` along its channel axis (axis 1 for NCHW and NCDHW, the last for NHWC);
    also ``ops.BiasAdd``'s."""
    if data_format not in ("NCHW", "NHWC", "NCDHW"):
        raise ValueError(f"For 'BiasAdd', 'data_format' must be 'NCHW', 'NHWC' or 'NCDHW', got {data_format!r}")
    if not isinstance(input_x, Tensor) or not isinstance(bias, Tensor):
        raise TypeError(f"For 'BiasAdd', 'input_x' and 'bias' must be Tensors, got {type(input_x).__name__} and "
                        f"{type(bias).__name__}")
    axis = input_x.ndim - 1 if data_format == "NHWC" else 1
    if bias.ndim != 1 or input_x.ndim < 2 or bias.shape[0] != input_x.shape[axis]:
        raise ValueError(f"For 'BiasAdd', 'bias' must be 1-D with one value per channel of 'input_x' (axis {axis} "
                         f"of {input_x.shape}), got shape {bias.shape}")
    view = [1] * input_x.ndim
    view[axis] = bias.shape[0]
    return m.add(input_x, bias.reshape(tuple(view)))


def _single(owner: str, name: str, value: Any, minimum: int) -> int:
    """An int, or a tuple of one, at least ``minimum``."""
    if isinstance(value, tuple) and len(value) == 1:
        value = value[0]
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(f"For '{owner}', '{name}' must be an int (or a tuple of one) of at least {minimum}, but got "
                         f"{value!r}")
    return value


def conv1d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride: Any = 1, pad_mode: str = "valid",
           padding: Any = 0, dilation: Any = 1, groups: int = 1) -> Tensor:
    """1-D convolution of (N, C, L) by (O, C / groups, k): ``conv2d`` over (N, C, 1, L)."""
    for name, value in (("input", input), ("weight", weight)):
        if not isinstance(value, Tensor) or value.ndim != 3:
            raise ValueError(f"For 'conv1d', the {name} must be a 3-D Tensor, but got "
                             f"{getattr(value, 'shape', type(value).__name__)}")
    stride = _single("conv1d", "stride", stride, 1)
    padding = _single("conv1d", "padding", padding, 0)
    dilation = _single("conv1d", "dilation", dilation, 1)
    out = conv2d(shaping.expand_dims(input, 2), shaping.expand_dims(weight, 2), bias, (1, stride), pad_mode,
                 (0, 0, padding, padding), (1, dilation), groups)
    return shaping.squeeze(out, 2)

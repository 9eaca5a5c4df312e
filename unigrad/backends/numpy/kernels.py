"""Native NumPy kernels for composite ops (``Backend.kernels``): the same values as the generic versions
in ``unigrad.ops``, in fewer, cheaper NumPy calls. Each is a primitive with VJP rules written with
primitives, so higher derivatives still work."""
from __future__ import annotations

import numpy as np

from unigrad.backends.numpy import primitives as P
from unigrad.backends.base import check_class_values
from unigrad.backends.numpy.autodiff import defvjp, primitive, raw


# -- relu: np.maximum instead of where(less_equal(x, 0), 0, x) ----------------------------------------
@primitive
def _relu(x):
    return np.maximum(x, np.zeros((), dtype=x.dtype))


# float times bool, one pass; ans is 0 or positive or NaN, and NaN passes the gradient as in torch
defvjp(_relu, lambda g, ans, x: P.mul(g, P.not_equal(ans, 0)))


# -- dense: one primitive, bias added in place, weight gradient row-major ---------------------------
@primitive
def _dense(x, w, b):
    # half precision: summed in float32, rounded once
    out = P.matmul_in_dtype(x, w.T) if x.dtype.itemsize == 2 else np.matmul(x, w.T)
    if b is not None:
        out += b  # the product is a fresh array: no second allocation for the bias
    return out


def _dense_weight_grad(g, ans, x, w, b):
    """g^T x over every leading axis, computed as a row-major (out, in) matrix."""
    if x.ndim != 2:
        out_features, in_features = w.shape
        g, x = P.reshape(g, (-1, out_features)), P.reshape(x, (-1, in_features))
    return P.matmul(P.transpose(g, (1, 0)), x)


defvjp(_dense,
       lambda g, ans, x, w, b: P.matmul(g, w),
       _dense_weight_grad,
       lambda g, ans, x, w, b: g)  # the tracer sums it down to the bias's shape


# -- max pooling over non-overlapping windows: k*k strided maxima instead of a window copy -------------
def _corners(x, kernel):
    kh, kw = kernel
    return [x[:, :, i::kh, j::kw] for i in range(kh) for j in range(kw)]


@primitive
def _max_pool_tiles(x, kernel):
    best = None
    for corner in _corners(x, kernel):
        best = corner.copy() if best is None else np.maximum(best, corner, out=best)
    return best


def _max_pool_tiles_rule(g, ans, x, kernel):
    """Route g to the first maximum of each window in row-major order, as MindSpore, torch and XLA do
    (tied maxima of a saturated or zero background get nothing but the first); a window holding NaN has
    NaN as its maximum, and its first NaN takes g, as the generic version's argmax and torch."""
    n, c, h, w = x.shape
    kh, kw = kernel
    tiled = raw(x).reshape(n, c, h // kh, kh, w // kw, kw)
    pooled = raw(ans).reshape(n, c, h // kh, 1, w // kw, 1)
    hits = (tiled == pooled) | (tiled != tiled)  # NaN only sits in windows whose maximum is NaN
    taken = np.zeros(hits.shape[:3] + (1,) + hits.shape[4:5] + (1,), dtype=bool)
    winners = np.zeros(hits.shape, dtype=bool)
    for i in range(kh):  # keep, per window, only the first hit in row-major order
        for j in range(kw):
            hit = hits[:, :, :, i:i + 1, :, j:j + 1] & ~taken
            winners[:, :, :, i:i + 1, :, j:j + 1] = hit
            taken |= hit
    routed = P.mul(P.reshape(g, (n, c, h // kh, 1, w // kw, 1)), P._mask(winners, g))
    return P.reshape(routed, x.shape)


defvjp(_max_pool_tiles, _max_pool_tiles_rule)


def max_pool2d(a, kernel, stride, pads, dilation):
    """Non-overlapping, unpadded windows only (every LeNet-style pooling); NotImplemented otherwise."""
    if tuple(kernel) != tuple(stride) or any(pads) or tuple(dilation) != (1, 1):
        return NotImplemented
    n, c, h, w = raw(a).shape
    kh, kw = kernel
    if h % kh or w % kw:  # the last partial window is dropped, as in the generic version
        a = P.getitem(a, (slice(None), slice(None), slice(0, h - h % kh), slice(0, w - w % kw)))
    return _max_pool_tiles(a, tuple(kernel))


# -- softmax: one primitive, its slope s (g - sum(g s)) in closed form ---------------------------------
@primitive
def _softmax(x, axis):
    e = np.exp(x - np.maximum.reduce(x, axis=axis, keepdims=True))
    e /= np.add.reduce(e, axis=axis, keepdims=True)
    return e


defvjp(_softmax, lambda g, ans, x, axis: P.mul(ans, P.sub(g, P.sum(P.mul(g, ans), axis, True))))


# -- cross entropy of (N, C) logits with class indices: one primitive for the losses, reduced or not ----------
def _sample_losses(logits, hot, valid):
    """-log softmax(logits)[i, label_i] (``hot``: the labels one-hot), times ``valid`` where some
    samples are ignored (None: none is)."""
    shifted = logits - np.maximum.reduce(logits, axis=1, keepdims=True)
    losses = np.log(np.add.reduce(np.exp(shifted), axis=1))
    losses -= np.add.reduce(shifted * hot, axis=1)
    return losses if valid is None else losses * valid


@primitive
def _class_losses(logits, hot, valid, reduction, count):
    """The per-sample losses reduced by ``reduction``: "none", "sum" or "mean" (the sum / ``count``)."""
    losses = _sample_losses(logits, hot, valid)
    if reduction == "none":
        return losses
    total = np.add.reduce(losses, axis=None)
    return np.asarray(total / count if reduction == "mean" else total)


def _class_losses_rule(g, ans, logits, hot, valid, reduction, count):
    """d loss_i / d logits_ij = valid_i (softmax_ij - hot_ij), written with primitives; a reduced loss's
    g (a scalar) is spread over the samples as its sum and division would."""
    if reduction == "mean":
        g = P.div(g, count)
    if valid is not None:
        g = P.mul(g, valid)
    return P.mul(P.reshape(g, (-1, 1)), P.sub(_softmax(logits, 1), hot))


defvjp(_class_losses, _class_losses_rule)


def cross_entropy(logits, labels, weights, ignore_index, reduction, label_smoothing):
    """(N, C) logits with class indices, no class weights nor smoothing; NotImplemented otherwise."""
    if weights is not None or label_smoothing or raw(logits).ndim != 2:
        return NotImplemented
    dtype = raw(logits).dtype
    labels = raw(labels)
    rows, classes = raw(logits).shape
    check_class_values(labels, classes, ignore_index)  # NumPy would wrap a negative one
    hot = np.zeros((rows, classes), dtype=dtype)
    ignored = labels == ignore_index
    if np.logical_or.reduce(ignored, axis=None):
        valid = (~ignored).astype(dtype)
        hot[np.arange(rows), np.where(ignored, 0, labels)] = valid
    else:  # the usual case: every sample counts
        valid = None
        hot[np.arange(rows), labels] = 1
    count = dtype.type(rows) if valid is None else valid.sum(dtype=dtype)  # the mean's divisor
    return _class_losses(logits, hot, valid, reduction, count)


KERNELS = {"relu": _relu, "dense": _dense, "max_pool2d": max_pool2d, "softmax": _softmax,
           "cross_entropy": cross_entropy}

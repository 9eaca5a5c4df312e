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
    out = P.matmul_in_dtype(x, w.T)  # half precision: summed in float32, rounded once
    if b is not None:
        out += b  # the product is a fresh array: no second allocation for the bias
    return out


def _dense_weight_grad(g, ans, x, w, b):
    """g^T x over every leading axis, computed as a row-major (out, in) matrix."""
    out_features, in_features = w.shape
    return P.matmul(P.transpose(P.reshape(g, (-1, out_features)), (1, 0)), P.reshape(x, (-1, in_features)))


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


# -- cross entropy of (N, C) logits with class indices: one primitive for the per-sample losses ----------
@primitive
def _sample_losses(logits, hot, valid):
    """-log softmax(logits)[i, label_i] for valid samples, 0 for ignored ones."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_total = np.log(np.exp(shifted).sum(axis=1))
    return (log_total - (shifted * hot).sum(axis=1)) * valid


def _sample_losses_rule(g, ans, logits, hot, valid):
    """d loss_i / d logits_ij = valid_i (softmax_ij - hot_ij), written with primitives."""
    e = P.exp(P.sub(logits, P.stop_gradient(P.max(logits, 1, True))))
    probabilities = P.div(e, P.sum(e, 1, True))
    return P.mul(P.reshape(P.mul(g, valid), (-1, 1)), P.sub(probabilities, hot))


defvjp(_sample_losses, _sample_losses_rule)


def cross_entropy(logits, labels, weights, ignore_index, reduction, label_smoothing):
    """(N, C) logits with class indices, no class weights nor smoothing; NotImplemented otherwise."""
    if weights is not None or label_smoothing or raw(logits).ndim != 2:
        return NotImplemented
    dtype = raw(logits).dtype
    labels = raw(labels)
    check_class_values(labels, raw(logits).shape[1], ignore_index)  # NumPy would wrap a negative one
    valid = (labels != ignore_index).astype(dtype)
    hot = np.zeros(raw(logits).shape, dtype=dtype)
    hot[np.arange(labels.shape[0]), np.where(labels == ignore_index, 0, labels)] = 1
    hot *= valid[:, None]
    losses = _sample_losses(logits, hot, valid)
    if reduction == "none":
        return losses
    total = P.sum(losses, None, False)
    return total if reduction == "sum" else P.div(total, valid.sum(dtype=dtype))


KERNELS = {"relu": _relu, "dense": _dense, "max_pool2d": max_pool2d, "cross_entropy": cross_entropy}

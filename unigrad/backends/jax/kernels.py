"""jax's native kernels for composite ops (the conformance suite checks each against its generic version)."""
from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from unigrad.backends.base import unfold_size
from unigrad.backends.jax.primitives import _unfold


def _conv2d(x, w, b, pads, stride, dilation, groups):
    out = _conv2d_checked(tuple(pads), tuple(stride), tuple(dilation), groups, x, w)
    return out if b is None else out + b.reshape(1, -1, 1, 1)


def _finite(w):
    return jnp.all(jnp.isfinite(w))


@functools.partial(jax.custom_vjp, nondiff_argnums=(0, 1, 2, 3))
def _conv2d_checked(pads, stride, dilation, groups, x, w):
    """XLA's convolution, and its gradients, while every weight is finite; with a NaN or inf weight the
    results of ``_conv2d_by_taps`` (the NumPy engine's, torch's and the generic version's products): XLA
    skips the zero padding in some convolutions and multiplies it in others, so a non-finite weight gave
    other elements NaN than the other backends. The ``lax.cond`` only selects (XLA's convolutions stay
    outside it: inside a conditional XLA's CPU convolution ran ~10x slower); no host sync."""
    out = _conv2d_by_xla(pads, stride, dilation, groups, x, w)
    return lax.cond(_finite(w), lambda x, w, out: out,
                    functools.partial(_conv2d_by_taps_ignoring, pads, stride, dilation, groups), x, w, out)


def _conv2d_by_taps_ignoring(pads, stride, dilation, groups, x, w, _):
    return _conv2d_by_taps(pads, stride, dilation, groups, x, w)


def _conv2d_checked_forward(pads, stride, dilation, groups, x, w):
    return _conv2d_checked(pads, stride, dilation, groups, x, w), (x, w)


def _conv2d_checked_backward(pads, stride, dilation, groups, saved, g):
    x, w = saved
    args = (pads, stride, dilation, groups)
    by_xla = jax.vjp(functools.partial(_conv2d_by_xla, *args), x, w)[1](g)

    def by_taps(x, w, g, *_):
        return jax.vjp(functools.partial(_conv2d_by_taps, *args), x, w)[1](g)
    return lax.cond(_finite(w), lambda x, w, g, dx, dw: (dx, dw), by_taps, x, w, g, *by_xla)


_conv2d_checked.defvjp(_conv2d_checked_forward, _conv2d_checked_backward)


def _conv2d_by_xla(pads, stride, dilation, groups, x, w):
    top, bottom, left, right = pads
    return lax.conv_general_dilated(x, w, window_strides=stride, padding=((top, bottom), (left, right)),
                                   rhs_dilation=dilation, feature_group_count=groups,
                                   dimension_numbers=("NCHW", "OIHW", "NCHW"))


def _conv2d_by_taps(pads, stride, dilation, groups, x, w):
    """The convolution as a sum over kernel taps of a channel matmul with a strided slice of the zero-padded
    input: the generic version's products, so its autodiff multiplies each weight by the padding in the
    forward pass and by real cotangents only in the backward pass (2-4x XLA's time: taken only for
    non-finite weights)."""
    top, bottom, left, right = pads
    x = jnp.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)))
    n, c, h, width = x.shape
    out_c, per_group, kh, kw = w.shape
    (sh, sw), (dh, dw) = stride, dilation
    oh, ow = unfold_size(h, kh, sh, dh), unfold_size(width, kw, sw, dw)
    x = x.reshape(n, groups, per_group, h, width)
    w = w.reshape(groups, out_c // groups, per_group, kh, kw)
    out = 0
    for i in range(kh):
        for j in range(kw):
            window = lax.slice(x, (0, 0, 0, i * dh, j * dw),
                               (n, groups, per_group, i * dh + sh * (oh - 1) + 1, j * dw + sw * (ow - 1) + 1),
                               (1, 1, 1, sh, sw))
            out = out + jnp.einsum("goc,ngchw->ngohw", w[..., i, j], window)
    return out.reshape(n, out_c, oh, ow)


def _max_pool_tiles(x, kernel):
    """Non-overlapping windows: each window's first maximum in row-major order taken by index, so the
    gradient goes there, and a window holding NaN returns its first NaN and sends the gradient to it (as
    the NumPy engine, torch and the generic version; XLA's own max-pool gradient passes over NaN)."""
    n, c, h, w = x.shape
    kh, kw = kernel
    oh, ow = h // kh, w // kw
    x = x[:, :, :oh * kh, :ow * kw]  # the last partial window is dropped, as in the generic version
    windows = x.reshape(n, c, oh, kh, ow, kw).transpose(0, 1, 2, 4, 3, 5).reshape(n, c, oh, ow, kh * kw)
    first = jnp.argmax(lax.stop_gradient(windows), axis=-1)  # jnp.argmax takes the first NaN, as NumPy
    return jnp.take_along_axis(windows, first[..., None], axis=-1)[..., 0]


def _max_pool_by_index(x, kernel, stride, pads):
    """Max pooling that takes each window's first maximum in row-major order by index (NaN counting as the
    largest, as jnp.argmax), padding counting as -inf: the generic version's routing, in jax."""
    top, bottom, left, right = pads
    x = jnp.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)), constant_values=-np.inf)
    windows = _unfold(x, kernel, stride, (1, 1))
    n, c, kh, kw, oh, ow = windows.shape
    windows = windows.reshape(n, c, kh * kw, oh, ow)
    first = jnp.argmax(lax.stop_gradient(windows), axis=2, keepdims=True)
    chosen = jnp.arange(kh * kw).reshape(1, 1, -1, 1, 1) == first
    return jnp.where(chosen, windows, 0).sum(axis=2)  # a take_along_axis's gradient, a scatter, is ~6x slower


@functools.partial(jax.custom_vjp, nondiff_argnums=(1, 2, 3))
def _max_pool_windows(x, kernel, stride, pads):
    """XLA's reduce_window max forward (fast), with the gradient of ``_max_pool_by_index``: XLA's own
    max-pool gradient passes over NaN, sending a NaN window's gradient to its largest number."""
    top, bottom, left, right = pads
    # a Python -inf (not an array) lets JAX see reduce_window_max
    return lax.reduce_window(x, -np.inf, lax.max, (1, 1) + kernel, (1, 1) + stride,
                             ((0, 0), (0, 0), (top, bottom), (left, right)))


def _max_pool_windows_forward(x, kernel, stride, pads):
    return _max_pool_windows(x, kernel, stride, pads), x


def _max_pool_windows_backward(kernel, stride, pads, x, g):
    return jax.vjp(lambda x: _max_pool_by_index(x, kernel, stride, pads), x)[1](g)


_max_pool_windows.defvjp(_max_pool_windows_forward, _max_pool_windows_backward)


def _max_pool2d(x, kernel, stride, pads, dilation):
    """Tiling windows by index (``_max_pool_tiles``); otherwise XLA's reduce_window max with the gradient
    routed by index (``_max_pool_windows``: under jit ~8x faster than XLA's select-and-scatter gradient on
    the CPU). Dilated windows: NotImplemented (the generic version runs)."""
    if tuple(dilation) != (1, 1):
        return NotImplemented
    if tuple(kernel) == tuple(stride) and not any(pads):
        return _max_pool_tiles(x, tuple(kernel))
    return _max_pool_windows(x, tuple(kernel), tuple(stride), tuple(pads))


KERNELS = {"conv2d": _conv2d, "max_pool2d": _max_pool2d}

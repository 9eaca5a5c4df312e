"""jax's native kernels for composite ops (the conformance suite checks each against its generic version)."""
from __future__ import annotations

import jax.numpy as jnp
import numpy as np
from jax import lax


def _conv2d(x, w, b, pads, stride, dilation, groups):
    top, bottom, left, right = pads
    out = lax.conv_general_dilated(x, w, window_strides=tuple(stride), padding=((top, bottom), (left, right)),
                                   rhs_dilation=tuple(dilation), feature_group_count=groups,
                                   dimension_numbers=("NCHW", "OIHW", "NCHW"))
    return out if b is None else out + b.reshape(1, -1, 1, 1)


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


def _max_pool2d(x, kernel, stride, pads, dilation):
    """Tiling windows by index (``_max_pool_tiles``); otherwise XLA's reduce_window max, whose gradient goes
    to the first maximum of each window but passes over NaN (README's known gaps). JAX has no VJP for a
    dilated max pool: NotImplemented there (the generic version runs)."""
    if tuple(dilation) != (1, 1):
        return NotImplemented
    if tuple(kernel) == tuple(stride) and not any(pads):
        return _max_pool_tiles(x, tuple(kernel))
    top, bottom, left, right = pads
    # a Python -inf (not an array) lets JAX see reduce_window_max, which it can differentiate under jit
    return lax.reduce_window(x, -np.inf, lax.max, (1, 1) + tuple(kernel), (1, 1) + tuple(stride),
                             ((0, 0), (0, 0), (top, bottom), (left, right)))


KERNELS = {"conv2d": _conv2d, "max_pool2d": _max_pool2d}

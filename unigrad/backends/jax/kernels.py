"""jax's native kernels for composite ops (the conformance suite checks each against its generic version)."""
from __future__ import annotations

import numpy as np
from jax import lax


def _conv2d(x, w, b, pads, stride, dilation, groups):
    top, bottom, left, right = pads
    out = lax.conv_general_dilated(x, w, window_strides=tuple(stride), padding=((top, bottom), (left, right)),
                                   rhs_dilation=tuple(dilation), feature_group_count=groups,
                                   dimension_numbers=("NCHW", "OIHW", "NCHW"))
    return out if b is None else out + b.reshape(1, -1, 1, 1)


def _max_pool2d(x, kernel, stride, pads, dilation):
    """XLA's reduce_window max; its gradient goes to the first maximum of each window. JAX has no VJP
    for a dilated max pool: NotImplemented there (the generic version runs)."""
    if tuple(dilation) != (1, 1):
        return NotImplemented
    top, bottom, left, right = pads
    # a Python -inf (not an array) lets JAX see reduce_window_max, which it can differentiate under jit
    return lax.reduce_window(x, -np.inf, lax.max, (1, 1) + tuple(kernel), (1, 1) + tuple(stride),
                             ((0, 0), (0, 0), (top, bottom), (left, right)))


KERNELS = {"conv2d": _conv2d, "max_pool2d": _max_pool2d}

"""jax's primitives: ``jax.numpy`` functions (Python scalars on either side stay weakly typed)."""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from unigrad import dtype as dt
from unigrad.backends.base import check_index_bounds, unfold_size
from unigrad.backends.jax.autodiff import index_error_when_run


def _sum(x, axis, keepdims):
    return jnp.sum(x, axis=axis, keepdims=keepdims, dtype=x.dtype)


def _max(x, axis, keepdims):
    return jnp.max(x, axis=axis, keepdims=keepdims)


def _min(x, axis, keepdims):
    return jnp.min(x, axis=axis, keepdims=keepdims)


def _argmax(x, axis, keepdims):
    return jnp.argmax(x, axis=axis, keepdims=keepdims)


def _argmin(x, axis, keepdims):
    return jnp.argmin(x, axis=axis, keepdims=keepdims)


def _prod(x, axis, keepdims):
    return jnp.prod(x, axis=axis, keepdims=keepdims, dtype=x.dtype)


def _cumsum(x, axis):
    return jnp.cumsum(x, axis=axis, dtype=x.dtype)


def _cumprod(x, axis):
    return jnp.cumprod(x, axis=axis, dtype=x.dtype)


def _concat(xs, axis):
    return jnp.concatenate(list(xs), axis=axis)


def _index_add(shape, index, values):
    """Zeros of ``shape`` with ``values`` added at ``index`` (repeated indices accumulate)."""
    return jnp.zeros(tuple(shape), dtype=values.dtype).at[index].add(values)


def _pad(x, widths):
    return jnp.pad(x, [tuple(w) for w in widths])


def _unfold(x, kernel, stride, dilation):
    """(N, C, H, W) -> (N, C, kh, kw, oh, ow): one strided slice per kernel offset."""
    n, c, h, w = x.shape
    (kh, kw), (sh, sw), (dh, dw) = kernel, stride, dilation
    oh, ow = unfold_size(h, kh, sh, dh), unfold_size(w, kw, sw, dw)
    rows = []
    for i in range(kh):
        cols = []
        for j in range(kw):
            cols.append(lax.slice(x, (0, 0, i * dh, j * dw),
                                  (n, c, i * dh + sh * (oh - 1) + 1, j * dw + sw * (ow - 1) + 1),
                                  (1, 1, sh, sw)))
        rows.append(jnp.stack(cols, axis=2))
    return jnp.stack(rows, axis=2)


def _cast(x, dtype: dt.DType):
    """Casting to an int or bool dtype cuts the gradient (as in every framework). A float goes to a
    narrow int through Int32, so that it wraps as in NumPy, torch and MindSpore (jax saturates)."""
    if dtype.is_floating:
        return x.astype(dtype.numpy)
    x = lax.stop_gradient(x)
    if dtype.kind in ("int", "uint") and dtype.itemsize < 4 and jnp.issubdtype(x.dtype, jnp.floating):
        x = x.astype(np.int32)
    return x.astype(dtype.numpy)


def _where(condition, x, y):
    return jnp.where(condition, x, y)


def _getitem(x, index: tuple):
    """``x[index]``, with numpy's IndexError for an out-of-bounds int or index array: jax would clamp
    it silently. An index array traced by ``jit`` is checked when the compiled program runs."""
    check_index_bounds(index, x.shape, lambda part: None if isinstance(part, jax.core.Tracer) else np.asarray(part),
                       index_error_when_run)
    return x[index]


# every primitive of unigrad.backends.base.PRIMITIVES
PRIMITIVES = {
    "neg": jnp.negative, "abs": jnp.abs, "sign": jnp.sign, "exp": jnp.exp, "log": jnp.log,
    "log1p": jnp.log1p, "expm1": jnp.expm1, "sqrt": jnp.sqrt, "sin": jnp.sin, "cos": jnp.cos,
    "tan": jnp.tan, "tanh": jnp.tanh, "arctan": jnp.arctan, "erf": jax.scipy.special.erf,
    "sigmoid": jax.nn.sigmoid, "floor": jnp.floor, "ceil": jnp.ceil, "logical_not": jnp.logical_not,
    "add": jnp.add, "sub": jnp.subtract, "mul": jnp.multiply, "div": jnp.true_divide,
    "pow": jnp.power, "maximum": jnp.maximum, "minimum": jnp.minimum, "atan2": jnp.arctan2,
    "floor_divide": jnp.floor_divide, "mod": jnp.mod,
    "equal": jnp.equal, "not_equal": jnp.not_equal, "less": jnp.less, "less_equal": jnp.less_equal,
    "greater": jnp.greater, "greater_equal": jnp.greater_equal,
    "logical_and": jnp.logical_and, "logical_or": jnp.logical_or, "logical_xor": jnp.logical_xor,
    "where": _where,
    "sum": _sum, "max": _max, "min": _min, "prod": _prod, "argmax": _argmax, "argmin": _argmin,
    "cumsum": _cumsum, "cumprod": _cumprod,
    "reshape": jnp.reshape, "transpose": jnp.transpose, "broadcast_to": jnp.broadcast_to,
    "concat": _concat, "getitem": _getitem, "index_add": _index_add, "pad": _pad, "unfold": _unfold,
    "matmul": jnp.matmul, "cast": _cast, "stop_gradient": lax.stop_gradient,
}

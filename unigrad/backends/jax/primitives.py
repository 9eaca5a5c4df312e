"""jax's primitives: ``jax.numpy`` functions (Python scalars on either side stay weakly typed)."""
from __future__ import annotations

import functools
from types import SimpleNamespace

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from unigrad import dtype as dt
from unigrad.backends.base import check_index_bounds, unfold_size
from unigrad.backends.shared_rules import cumprod_vjp
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


def _argsort(x, axis, descending):
    return jnp.argsort(x, axis=axis, stable=True, descending=descending)


def _prod(x, axis, keepdims):
    return jnp.prod(x, axis=axis, keepdims=keepdims, dtype=x.dtype)


def _cumsum(x, axis):
    return jnp.cumsum(x, axis=axis, dtype=x.dtype)


@functools.partial(jax.custom_vjp, nondiff_argnums=(1,))
def _cumprod_of_floats(x, axis):
    return jnp.cumprod(x, axis=axis)


def _cumprod_forward(x, axis):
    ans = jnp.cumprod(x, axis=axis)
    return ans, (x, ans)


def _cumprod_backward(axis, saved, g):
    """``shared_rules.cumprod_vjp``, the other backends' rule (jax's own combines inf and 0 its own way)."""
    x, ans = saved
    return (cumprod_vjp(_AS_NAMESPACE, g, ans, x, axis),)


_cumprod_of_floats.defvjp(_cumprod_forward, _cumprod_backward)


def _cumprod(x, axis):
    if jnp.issubdtype(x.dtype, jnp.inexact):
        return _cumprod_of_floats(x, axis)
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
    """Casting to an int or bool dtype cuts the gradient (as in every framework). A float goes to an int
    as in NumPy, torch and MindSpore on the CPU (jax saturates, and gives 0 for NaN): NaN, infinities and
    values out of range become the smallest Int32 or Int64, and a narrow int is reached through Int32 (UInt32
    through Int64), wrapping. UInt64's values from 2 ** 63 on go through their difference from 2 ** 63."""
    if dtype.is_floating:
        return x.astype(dtype.numpy)
    x = lax.stop_gradient(x)
    if dtype.kind in ("int", "uint") and jnp.issubdtype(x.dtype, jnp.floating):
        wide = np.int64 if dtype.itemsize == 8 or dtype is dt.uint32 else np.int32
        bits = np.iinfo(wide).bits
        representable = (x >= -(2.0 ** (bits - 1))) & (x < 2.0 ** (bits - 1))  # False for NaN
        ints = jnp.where(representable, x, 0).astype(wide)
        ints = jnp.where(representable, ints, np.iinfo(wide).min)
        if dtype is dt.uint64:
            top = (x >= 2.0 ** 63) & (x < 2.0 ** 64)
            above = jnp.where(top, x - 2.0 ** 63, 0).astype(np.int64).astype(np.uint64) + np.uint64(2 ** 63)
            return jnp.where(top, above, ints.astype(np.uint64))
        x = ints
    return x.astype(dtype.numpy)


def _where(condition, x, y):
    return jnp.where(condition, x, y)


def _getitem(x, index: tuple):
    """``x[index]``, with numpy's IndexError for an out-of-bounds int or index array: jax would clamp
    it silently. An index array traced by ``jit`` is checked when the compiled program runs."""
    check_index_bounds(index, x.shape, lambda part: None if isinstance(part, jax.core.Tracer) else np.asarray(part),
                       index_error_when_run)
    return x[index]


@jax.custom_jvp
def _abs_of_float(x):
    return jnp.abs(x)


@_abs_of_float.defjvp
def _abs_jvp(primals, tangents):
    """sign(x): slope 0 at 0, as the other backends and MindSpore (jax's own abs takes 1 there)."""
    (x,), (t,) = primals, tangents
    return jnp.abs(x), jnp.sign(x) * t


def _abs(x):
    # int and bool operands have float0 tangents, which the rule cannot multiply
    return _abs_of_float(x) if jnp.issubdtype(jnp.result_type(x), jnp.inexact) else jnp.abs(x)


def _shared(t, x, y, y_wins):
    """x's share of the tangent t: none where y wins (0 even where t, or in reverse mode the cotangent, is inf
    or NaN, as torch's mask), half where they tie, else all (also at NaN, where neither wins: MindSpore's,
    torch's and the NumPy engine's choice; jax's own gives 0 there)."""
    return jnp.where(y_wins, 0.0, t * jnp.where(x == y, 0.5, 1.0))


@jax.custom_jvp
def _maximum_of_floats(x, y):
    return jnp.maximum(x, y)


@_maximum_of_floats.defjvp
def _maximum_jvp(primals, tangents):
    (x, y), (tx, ty) = primals, tangents
    return jnp.maximum(x, y), _shared(tx, x, y, y > x) + _shared(ty, y, x, x > y)


@jax.custom_jvp
def _minimum_of_floats(x, y):
    return jnp.minimum(x, y)


@_minimum_of_floats.defjvp
def _minimum_jvp(primals, tangents):
    (x, y), (tx, ty) = primals, tangents
    return jnp.minimum(x, y), _shared(tx, x, y, y < x) + _shared(ty, y, x, x < y)


@jax.custom_jvp
def _power_of_floats(x, y):
    return jnp.power(x, y)


@_power_of_floats.defjvp
def _power_jvp(primals, tangents):
    """In x: y * x ** (y - 1), and 0 where y is 0 (x ** 0 is 1 everywhere; jax's own gives NaN at 0).
    In y: x ** y log x, and 0 where x is 0 and y >= 0 (0 ** y is 0 or 1 there, whatever y), as the other
    backends; for y < 0 the slope's limit, -inf, stays."""
    (x, y), (tx, ty) = primals, tangents
    out = jnp.power(x, y)
    in_x = jnp.where(y == 0, 0.0, y * jnp.power(x, y - 1))
    flat = (x == 0) & (y >= 0)
    in_y = jnp.where(flat, 0.0, out * jnp.log(jnp.where(flat, 1.0, x)))
    return out, tx * in_x + ty * in_y


def _power(x, y):
    if jnp.issubdtype(jnp.result_type(x, y), jnp.inexact):
        return _power_of_floats(x, y)
    return jnp.power(x, y)


def _maximum(x, y):
    if jnp.issubdtype(jnp.result_type(x, y), jnp.inexact):
        return _maximum_of_floats(x, y)
    return jnp.maximum(x, y)


def _minimum(x, y):
    if jnp.issubdtype(jnp.result_type(x, y), jnp.inexact):
        return _minimum_of_floats(x, y)
    return jnp.minimum(x, y)


# every primitive of unigrad.backends.base.PRIMITIVES
PRIMITIVES = {
    "neg": jnp.negative, "abs": _abs, "sign": jnp.sign, "exp": jnp.exp, "log": jnp.log,
    "log1p": jnp.log1p, "expm1": jnp.expm1, "sqrt": jnp.sqrt, "sin": jnp.sin, "cos": jnp.cos,
    "tan": jnp.tan, "tanh": jnp.tanh, "arctan": jnp.arctan, "erf": jax.scipy.special.erf,
    "sigmoid": jax.nn.sigmoid, "floor": jnp.floor, "ceil": jnp.ceil, "logical_not": jnp.logical_not,
    "add": jnp.add, "sub": jnp.subtract, "mul": jnp.multiply, "div": jnp.true_divide,
    "pow": _power, "maximum": _maximum, "minimum": _minimum, "atan2": jnp.arctan2,
    "floor_divide": jnp.floor_divide, "mod": jnp.mod,
    "equal": jnp.equal, "not_equal": jnp.not_equal, "less": jnp.less, "less_equal": jnp.less_equal,
    "greater": jnp.greater, "greater_equal": jnp.greater_equal,
    "logical_and": jnp.logical_and, "logical_or": jnp.logical_or, "logical_xor": jnp.logical_xor,
    "where": _where,
    "sum": _sum, "max": _max, "min": _min, "prod": _prod, "argmax": _argmax, "argmin": _argmin,
    "cumsum": _cumsum, "cumprod": _cumprod, "argsort": _argsort,
    "reshape": jnp.reshape, "transpose": jnp.transpose, "broadcast_to": jnp.broadcast_to,
    "concat": _concat, "getitem": _getitem, "index_add": _index_add, "pad": _pad, "unfold": _unfold,
    "matmul": jnp.matmul, "cast": _cast, "stop_gradient": lax.stop_gradient,
}
_AS_NAMESPACE = SimpleNamespace(**PRIMITIVES)  # what the shared rules call

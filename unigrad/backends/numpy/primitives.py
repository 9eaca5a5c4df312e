"""The NumPy engine's primitives: each declared once, with its forward and its VJP rules.

VJP rules are written with these same primitives (never raw NumPy on possibly-boxed values), which
is what makes derivatives of any order work. Broadcasting is undone in one place, ``unbroadcast``,
which the tracer applies whenever a rule's result is not the shape of its argument.
"""
from __future__ import annotations

import math
import sys

import numpy as np
from numpy.lib.stride_tricks import as_strided

from unigrad import dtype as dt
from unigrad.backends.base import unfold_size
from unigrad.backends.shared_rules import cumprod_vjp
from unigrad.backends.numpy.autodiff import defvjp, defvjp_all, nondifferentiable, primitive, raw

# ---------------------------------------------------------------------------------------------------
# forwards
neg = primitive(np.negative)
abs = primitive(np.abs)
exp = primitive(np.exp)
log = primitive(np.log)
log1p = primitive(np.log1p)
expm1 = primitive(np.expm1)
sqrt = primitive(np.sqrt)
sin = primitive(np.sin)
cos = primitive(np.cos)
tan = primitive(np.tan)
tanh = primitive(np.tanh)
arctan = primitive(np.arctan)
add = primitive(np.add)
sub = primitive(np.subtract)
mul = primitive(np.multiply)
div = primitive(np.true_divide)


def _power(x, y):
    """np.power, but C's pow for the exponents +-0.5 too, as torch, jax and MindSpore: NumPy's shortcut to
    sqrt there gives NaN for -inf (C: +inf) and -0 for -0 (C: +0). The shortcut takes any 0-d exponent,
    so the exponent is an array of at least one element."""
    if np.ndim(y) == 0 and abs(float(y)) == 0.5:
        base = np.atleast_1d(x)
        return np.power(base, np.full(base.shape, y, np.result_type(x, y))).reshape(np.shape(x))
    return np.power(x, y)


pow = primitive(_power)
maximum = primitive(np.maximum)
minimum = primitive(np.minimum)
atan2 = primitive(np.arctan2)
mod = primitive(np.mod)


def matmul_in_dtype(x, y):
    """np.matmul, in the operands' dtype. Half precision is summed in float32 and rounded once, as torch and XLA
    sum it (NumPy's own float16 loop is ~5x slower than BLAS and rounds some sums differently)."""
    if x.dtype.itemsize == 2 and x.dtype.kind != "i":  # float16, bfloat16
        return np.matmul(x.astype(np.float32), y.astype(np.float32)).astype(x.dtype)
    return np.matmul(x, y)


matmul = primitive(matmul_in_dtype)

sign = nondifferentiable(np.sign)
floor = nondifferentiable(np.floor)
ceil = nondifferentiable(np.ceil)
logical_not = nondifferentiable(np.logical_not)
floor_divide = nondifferentiable(np.floor_divide)
equal = nondifferentiable(np.equal)
not_equal = nondifferentiable(np.not_equal)
less = nondifferentiable(np.less)
less_equal = nondifferentiable(np.less_equal)
greater = nondifferentiable(np.greater)
greater_equal = nondifferentiable(np.greater_equal)
logical_and = nondifferentiable(np.logical_and)
logical_or = nondifferentiable(np.logical_or)
logical_xor = nondifferentiable(np.logical_xor)

_erf_scalar = np.frompyfunc(math.erf, 1, 1)


@primitive
def erf(x):
    return np.asarray(_erf_scalar(x), dtype=x.dtype)


@primitive
def sigmoid(x):
    e = np.exp(-np.abs(x))  # never overflows
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype, copy=False)


@primitive
def where(condition, x, y):
    return np.where(condition, x, y)


def _reduction(reduce, keep_dtype: bool, wrapper=primitive):
    """A reduction primitive ``(x, axis, keepdims)``; sums and products keep the input's dtype."""
    def forward(x, axis, keepdims):
        if keep_dtype:
            return np.asarray(reduce(x, axis=axis, keepdims=keepdims, dtype=x.dtype))
        return np.asarray(reduce(x, axis=axis, keepdims=keepdims))

    forward.__name__ = getattr(reduce, "__name__", "reduce")
    return wrapper(forward)


# ufunc reductions directly: np.sum and friends add a Python wrapper layer on every call
sum = _reduction(np.add.reduce, True)
prod = _reduction(np.multiply.reduce, True)
max = _reduction(np.maximum.reduce, False)
min = _reduction(np.minimum.reduce, False)
argmax = _reduction(np.argmax, False, nondifferentiable)
argmin = _reduction(np.argmin, False, nondifferentiable)


@nondifferentiable
def argsort(x, axis, descending):
    """Stable; descending keeps equal values in their order too: a stable sort of the reversed array,
    reversed (negating would overflow ints and break for bools)."""
    if not descending:
        return np.argsort(x, axis=axis, kind="stable")
    reversed_order = np.argsort(np.flip(x, axis), axis=axis, kind="stable")
    return x.shape[axis] - 1 - np.flip(reversed_order, axis)


@primitive
def cumsum(x, axis):
    return np.cumsum(x, axis=axis, dtype=x.dtype)


@primitive
def cumprod(x, axis):
    return np.cumprod(x, axis=axis, dtype=x.dtype)


# the ndarray methods: np.reshape and np.transpose add a Python layer (~0.6 us) on every call
@primitive
def reshape(x, shape):
    return np.asarray(x).reshape(shape)


@primitive
def transpose(x, perm):
    return np.asarray(x).transpose(perm)


@primitive
def broadcast_to(x, shape):
    return np.broadcast_to(x, shape)


@primitive
def _concat(*args):
    return np.concatenate(args[:-1], axis=args[-1])


def concat(xs, axis):
    return _concat(*xs, axis)


@primitive
def getitem(x, index):
    return np.asarray(x[index])


@primitive
def index_add(shape, index, values):
    """Zeros of ``shape`` with ``values`` added at ``index`` (repeated indices accumulate)."""
    out = np.zeros(shape, dtype=values.dtype)
    np.add.at(out, index, values)
    return out


@primitive
def pad(x, widths):
    return np.pad(x, widths)


def _window_view(x, kernel, stride, dilation):
    n, c, h, w = x.shape
    (kh, kw), (sh, sw), (dh, dw) = kernel, stride, dilation
    oh, ow = unfold_size(h, kh, sh, dh), unfold_size(w, kw, sw, dw)
    s0, s1, s2, s3 = x.strides
    return as_strided(x, (n, c, kh, kw, oh, ow), (s0, s1, s2 * dh, s3 * dw, s2 * sh, s3 * sw),
                      writeable=False)


@primitive
def unfold(x, kernel, stride, dilation):
    """(N, C, H, W) -> (N, C, kh, kw, oh, ow): every sliding window, the basis of conv and pooling."""
    return np.ascontiguousarray(_window_view(x, kernel, stride, dilation))


@primitive
def fold(cols, shape, kernel, stride, dilation):
    """The adjoint of ``unfold`` (its gradient): add every window back into an image of ``shape``."""
    out = np.zeros(shape, dtype=cols.dtype)
    kh, kw = kernel
    (sh, sw), (dh, dw) = stride, dilation
    oh, ow = cols.shape[-2:]
    for i in range(kh):
        for j in range(kw):
            out[:, :, i * dh:i * dh + sh * (oh - 1) + 1:sh, j * dw:j * dw + sw * (ow - 1) + 1:sw] += cols[:, :, i, j]
    return out


@primitive
def _cast_float(x, dtype):
    return x.astype(dtype.numpy, copy=False)


@nondifferentiable
def _cast_exact(x, dtype):
    return x.astype(dtype.numpy, copy=False)


def cast(x, dtype):
    """Casting to an int or bool dtype cuts the gradient (as in every framework)."""
    return _cast_float(x, dtype) if dtype.is_floating else _cast_exact(x, dtype)


@nondifferentiable
def stop_gradient(x):
    return x


# ---------------------------------------------------------------------------------------------------
# helpers for the rules (all built on primitives)

def _zero(x):
    return np.zeros((), dtype=raw(x).dtype)


def _mask(condition, like):
    """A 0/1 array of ``like``'s dtype."""
    return cast(condition, dt.from_numpy(raw(like).dtype))


def _swap_last(x):
    perm = list(range(x.ndim))
    perm[-2], perm[-1] = perm[-1], perm[-2]
    return transpose(x, tuple(perm))


def _kept_shape(shape, axis):
    axes = range(len(shape)) if axis is None else (axis if isinstance(axis, tuple) else (axis,))
    return tuple(1 if i in axes else n for i, n in enumerate(shape))


def _flip(x, axis):
    index = [slice(None)] * x.ndim
    index[axis] = slice(None, None, -1)
    return getitem(x, tuple(index))


def _exponent_slope(ans, x, y):
    """x ** y log x, and 0 where x is 0 and y >= 0 (0 ** y is 0 or 1 there, whatever y): torch's and
    MindSpore's choice; for y < 0 the slope's limit, -inf, stays."""
    if not hasattr(raw(x), "dtype"):  # a Python base: a constant array of the result's dtype
        x = np.asarray(x, raw(ans).dtype)
    flat = logical_and(equal(x, 0), greater_equal(y, 0))
    return where(flat, _zero(ans), mul(ans, log(where(flat, _one(ans), x))))


def _one(x):
    return np.ones((), dtype=raw(x).dtype)


def unbroadcast(g, shape):
    """Sum a cotangent back down to ``shape``: the one place broadcasting is undone."""
    lead = g.ndim - len(shape)
    axes = tuple(range(lead))
    if 1 in shape:  # (a bias's cotangent, the usual case, sums its leading axes only)
        axes += tuple(i + lead for i, n in enumerate(shape) if n == 1 and g.shape[i + lead] != 1)
    if axes:
        g = sum(g, axes, False)
    return reshape(g, shape) if g.shape != tuple(shape) else g


def _reduce_chooser(g, ans, x, axis, keepdims):
    """Gradient of max/min: shared evenly among the tied winners (as torch's amax and JAX do)."""
    if not keepdims:
        kept = _kept_shape(x.shape, axis)
        g, ans = reshape(g, kept), reshape(ans, kept)
    mask = _mask(equal(x, ans), x)
    return div(mul(g, mask), sum(mask, axis, True))


def _expand_reduced(g, x, axis, keepdims):
    if not keepdims and axis is not None:  # a total (axis None) is 0-d: it broadcasts as it is
        g = reshape(g, _kept_shape(x.shape, axis))
    return broadcast_to(g, x.shape)


# ---------------------------------------------------------------------------------------------------
# VJP rules
defvjp(neg, lambda g, ans, x: neg(g))
defvjp(abs, lambda g, ans, x: mul(g, sign(x)))
defvjp(exp, lambda g, ans, x: mul(g, ans))
defvjp(log, lambda g, ans, x: div(g, x))
defvjp(log1p, lambda g, ans, x: div(g, add(x, 1)))
defvjp(expm1, lambda g, ans, x: mul(g, add(ans, 1)))
defvjp(sqrt, lambda g, ans, x: div(mul(g, 0.5), ans))
defvjp(sin, lambda g, ans, x: mul(g, cos(x)))
defvjp(cos, lambda g, ans, x: neg(mul(g, sin(x))))
defvjp(tan, lambda g, ans, x: mul(g, add(mul(ans, ans), 1)))
defvjp(tanh, lambda g, ans, x: mul(g, sub(1, mul(ans, ans))))
defvjp(arctan, lambda g, ans, x: div(g, add(mul(x, x), 1)))
defvjp(erf, lambda g, ans, x: mul(g, mul(2 / math.sqrt(math.pi), exp(neg(mul(x, x))))))
defvjp(sigmoid, lambda g, ans, x: mul(g, mul(ans, sub(1, ans))))
defvjp(add, lambda g, ans, x, y: g, lambda g, ans, x, y: g)
defvjp(sub, lambda g, ans, x, y: g, lambda g, ans, x, y: neg(g))
defvjp(mul, lambda g, ans, x, y: mul(g, y), lambda g, ans, x, y: mul(g, x))
defvjp(div, lambda g, ans, x, y: div(g, y), lambda g, ans, x, y: neg(div(mul(g, ans), y)))
def _power_slope(x, y):
    """y * x ** (y - 1), and 0 where y is 0: x ** 0 is 1 for every x, also at 0, where the formula is 0 * inf
    (MindSpore 2.10 gives NaN there; torch 0)."""
    if isinstance(y, (int, float)):
        return mul(pow(x, y - 1), y) if y != 0 else np.zeros(np.shape(raw(x)), raw(x).dtype)
    return where(equal(y, 0), _zero(y), mul(y, pow(x, sub(y, 1))))


defvjp(pow,
       lambda g, ans, x, y: mul(g, _power_slope(x, y)),
       lambda g, ans, x, y: mul(g, _exponent_slope(ans, x, y)))
defvjp(atan2,
       lambda g, ans, y, x: div(mul(g, x), add(mul(x, x), mul(y, y))),
       lambda g, ans, y, x: neg(div(mul(g, y), add(mul(x, x), mul(y, y)))))
defvjp(mod, lambda g, ans, x, y: g, lambda g, ans, x, y: neg(mul(g, floor_divide(x, y))))


def _shared(g, x, y, y_wins):
    """x's share of the cotangent g: none where y wins (0 even where g is inf or NaN, as torch's mask), half
    where they tie, else all (also at NaN, where neither wins: MindSpore's and torch's choice)."""
    like = x if hasattr(raw(x), "dtype") else y
    half = sub(1.0, mul(_mask(equal(x, y), like), 0.5))
    return where(y_wins, _zero(g), mul(g, half))


defvjp(maximum,
       lambda g, ans, x, y: _shared(g, x, y, greater(y, x)),
       lambda g, ans, x, y: _shared(g, y, x, greater(x, y)))
defvjp(minimum,
       lambda g, ans, x, y: _shared(g, x, y, less(y, x)),
       lambda g, ans, x, y: _shared(g, y, x, less(x, y)))
defvjp(where, None,
       lambda g, ans, c, x, y: where(c, g, _zero(g)),
       lambda g, ans, c, x, y: where(c, _zero(g), g))
defvjp(matmul,
       lambda g, ans, x, y: matmul(g, _swap_last(y)),
       lambda g, ans, x, y: matmul(_swap_last(x), g))
defvjp(sum, lambda g, ans, x, axis, keepdims: _expand_reduced(g, x, axis, keepdims))
defvjp(max, _reduce_chooser)
defvjp(min, _reduce_chooser)
def _prod_rule(g, ans, x, axis, keepdims):
    """d prod / d x_i = the product of the others: ans / x_i when no input is 0; otherwise the product of
    an exclusive cumprod from the left and one from the right (division-free, so correct at zeros and
    differentiable again)."""
    g = _expand_reduced(g, x, axis, keepdims)
    if not np.any(equal(x, 0)):
        return div(mul(g, _expand_reduced(ans, x, axis, keepdims)), x)
    reduced = tuple(range(x.ndim)) if axis is None else (axis if isinstance(axis, tuple) else (axis,))
    kept = tuple(i for i in range(x.ndim) if i not in reduced)
    perm = kept + reduced
    moved = transpose(x, perm)
    flat = reshape(moved, tuple(x.shape[i] for i in kept) + (-1,))
    ones = np.ones(flat.shape[:-1] + (1,), dtype=raw(x).dtype)
    last = flat.ndim - 1
    left = cumprod(concat([ones, getitem(flat, (Ellipsis, slice(None, -1)))], last), last)
    right = _flip(cumprod(_flip(concat([getitem(flat, (Ellipsis, slice(1, None))), ones], last), last), last), last)
    others = transpose(reshape(mul(left, right), moved.shape), tuple(np.argsort(perm)))
    return mul(g, others)


defvjp(prod, _prod_rule)
defvjp(cumsum, lambda g, ans, x, axis: _flip(cumsum(_flip(g, axis), axis), axis))
_THIS = sys.modules[__name__]  # the shared rules call this module's primitives
defvjp(cumprod, lambda g, ans, x, axis: cumprod_vjp(_THIS, g, ans, x, axis))
defvjp(reshape, lambda g, ans, x, shape: reshape(g, x.shape))
defvjp(transpose, lambda g, ans, x, perm: transpose(g, tuple(np.argsort(perm))))
defvjp(broadcast_to, lambda g, ans, x, shape: g)  # the tracer unbroadcasts
defvjp(getitem, lambda g, ans, x, index: index_add(x.shape, index, g))
defvjp(index_add, None, None, lambda g, ans, shape, index, values: getitem(g, index))
defvjp(pad, lambda g, ans, x, widths: getitem(
    g, tuple(slice(lo, lo + n) for (lo, _), n in zip(widths, x.shape))))
defvjp(unfold, lambda g, ans, x, kernel, stride, dilation: fold(g, x.shape, kernel, stride, dilation))
defvjp(fold, lambda g, ans, cols, shape, kernel, stride, dilation: unfold(g, kernel, stride, dilation))
defvjp(_cast_float, lambda g, ans, x, dtype: cast(g, dt.from_numpy(raw(x).dtype)))


def _concat_rule(argnum, g, ans, *args):
    xs, axis = args[:-1], args[-1]
    start = int(np.sum([x.shape[axis] for x in xs[:argnum]], dtype=np.int64))
    index = [slice(None)] * g.ndim
    index[axis] = slice(start, start + xs[argnum].shape[axis])
    return getitem(g, tuple(index))


defvjp_all(_concat, _concat_rule)

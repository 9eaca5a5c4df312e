"""Elementwise ops: arithmetic, comparisons, transcendental functions, activations."""
from __future__ import annotations

import functools
import math as _math
from typing import Any

import numpy as _np

from unigrad import dtype as dt
from unigrad._tensor import Tensor, wrap
from unigrad.ops._args import binary, check_broadcast, not_a_tensor, refuse_bool, tensor_arg, unary_float
from unigrad.ops._creation import cast
from unigrad.ops._dispatch import call, composite
from unigrad.ops._gradient import stop_gradient


# -- arithmetic ----------------------------------------------------------------------------------
def _unary_op(primitive: str, doc: str, *, floating: bool = False, numeric: bool = False):
    """An op applying one unary primitive (or composite op) of its name; ``floating`` ops turn int and
    bool input into Float32, ``numeric`` ones refuse Bool input (``refuse_bool``)."""
    def op(input: Tensor) -> Tensor:
        backend, a = unary_float(input) if floating else tensor_arg(input)
        if numeric:
            refuse_bool(primitive, backend, a)
        return call(primitive, backend, a)

    op.__name__ = op.__qualname__ = primitive
    op.__doc__ = doc
    return op


def _binary_op(primitive: str, doc: str, name: str | None = None, *, numeric: bool = False,
               compares: bool = False):
    """An op applying one binary primitive after MindSpore's promotion of its two operands;
    ``numeric`` ops refuse Bool operands up front (NumPy and jax would answer); ``compares``: see ``binary``."""
    operands = functools.partial(binary, compares=True) if compares else binary  # arithmetic calls binary as is

    def op(input: Any, other: Any) -> Tensor:
        backend, a, b = operands(input, other)
        if numeric:
            refuse_bool(name or primitive, backend, a, b)
        try:
            return call(primitive, backend, a, b)
        except Exception:  # MindSpore's error when that is what went wrong (torch raises RuntimeError)
            check_broadcast(backend, a, b)
            refuse_bool(name or primitive, backend, a, b)
            raise

    op.__name__ = op.__qualname__ = name or primitive
    op.__doc__ = doc
    return op


add = _binary_op("add", "input + other, elementwise with broadcasting.")
sub = _binary_op("sub", "input - other, elementwise with broadcasting.")
mul = _binary_op("mul", "input * other, elementwise with broadcasting.")


def div(input: Any, other: Any, *, rounding_mode: str | None = None) -> Tensor:
    """True division (int / int gives Float32); rounding_mode 'floor' or 'trunc' as MindSpore's ops.div."""
    if rounding_mode is None:
        backend, a, b = binary(input, other, floating=True)
        try:
            return call("div", backend, a, b)
        except Exception:
            check_broadcast(backend, a, b)
            raise
    if rounding_mode == "floor":
        return floor_divide(input, other)
    if rounding_mode == "trunc":
        backend, a, b = binary(input, other)
        quotient = div(input, other)
        truncated = mul(sign(quotient), floor(abs(quotient)))
        # no gradient, as floor's: stopped here so that no backend multiplies a zero slope by 1 / 0
        return stop_gradient(truncated).astype(backend.dtype(a))
    raise ValueError(f"rounding_mode must be None, 'floor' or 'trunc', got {rounding_mode!r}")


true_divide = divide = div


floor_divide = _binary_op("floor_divide", "Rounds toward negative infinity (Python's //); no gradient.",
                          numeric=True)
remainder = _binary_op("mod", "Python's %: the result has the sign of the divisor.", "remainder", numeric=True)


floor_mod = remainder


def fmod(input: Any, other: Any) -> Tensor:
    """C's fmod: the remainder has the sign of the dividend (unlike %). Written on the exact remainder (every
    backend's % is computed as fmod is, without rounding the quotient): input - trunc(input / other) * other
    loses a whole divisor where the float32 quotient rounds up to an integer (fmod(1.5, 0.3) came out 0)."""
    refuse_bool("fmod", *binary(input, other))
    rest = remainder(input, other)
    crossed = logical_and(ne(rest, 0), ne(lt(rest, 0), lt(input, 0)))  # % took the divisor's sign instead
    return where(crossed, sub(rest, other), rest)


def pow(input: Any, exponent: Any) -> Tensor:
    """input ** exponent, elementwise with broadcasting. An int to a negative int power is what torch and
    MindSpore give, 1 / input ** -exponent truncated (0 unless input is 1 or -1), on every backend."""
    backend, a, e = binary(input, exponent)
    refuse_bool("pow", backend, a, e)
    dtype = backend.dtype(e if isinstance(a, (int, float)) else a)
    try:
        if dtype.is_floating or isinstance(e, int) and e >= 0:
            return call("pow", backend, a, e)
        return call("int_pow", backend, a, e)
    except Exception:
        check_broadcast(backend, a, e)
        raise


@composite("int_pow")
def int_pow_generic(backend, a, e):
    """An int to an int power, with torch's and MindSpore's truncated 1 / a ** -e for a negative e."""
    dtype = backend.dtype(e if isinstance(a, int) else a)
    a, e = [backend.full((), v, dtype) if isinstance(v, int) else v for v in (a, e)]
    negative = backend.less(e, backend.full((), 0, dtype))
    magnitude = backend.where(negative, backend.neg(e), e)  # a ** -e is a ** e for a = 1 or -1
    unit = backend.equal(backend.abs(a), backend.full((), 1, dtype))
    fraction = backend.where(unit, backend.pow(a, magnitude), backend.full((), 0, dtype))
    return backend.where(negative, fraction, backend.pow(a, magnitude))


neg = _unary_op("neg", "-input, elementwise.", numeric=True)


negative = neg


def abs(input: Tensor) -> Tensor:
    """|input|, elementwise; a Bool Tensor is its own absolute value (as MindSpore's)."""
    backend, a = tensor_arg(input)
    return wrap(a, backend) if backend.dtype(a) is dt.bool_ else call("abs", backend, a)


absolute = abs


sign = _unary_op("sign", "-1, 0 or 1 by the sign of input; no gradient.", numeric=True)


@composite("square")
def square_generic(backend, a):
    return backend.mul(a, a)


@composite("reciprocal")
def reciprocal_generic(backend, a):
    return backend.div(1.0, a)


square = _unary_op("square", "input * input, elementwise.")
reciprocal = _unary_op("reciprocal", "1 / input, elementwise.", floating=True)


maximum = _binary_op("maximum", "The larger of the two, elementwise; ties share the gradient.")
minimum = _binary_op("minimum", "The smaller of the two, elementwise; ties share the gradient.")


def atan2(input: Any, other: Any) -> Tensor:
    backend, a, b = binary(input, other, floating=True)
    try:
        return call("atan2", backend, a, b)
    except Exception:
        check_broadcast(backend, a, b)
        raise


arctan2 = atan2


# -- transcendental (float results) -------------------------------------------------------------
exp = _unary_op("exp", "e ** input, elementwise.", floating=True)
log = _unary_op("log", "Natural logarithm, elementwise.", floating=True)
log1p = _unary_op("log1p", "log(1 + input), accurate near 0.", floating=True)
expm1 = _unary_op("expm1", "exp(input) - 1, accurate near 0.", floating=True)
sqrt = _unary_op("sqrt", "Square root, elementwise.", floating=True)
sin = _unary_op("sin", "Sine, elementwise.", floating=True)
cos = _unary_op("cos", "Cosine, elementwise.", floating=True)
tan = _unary_op("tan", "Tangent, elementwise.", floating=True)
tanh = _unary_op("tanh", "Hyperbolic tangent, elementwise.", floating=True)
atan = arctan = _unary_op("arctan", "Inverse tangent, elementwise.", floating=True)
erf = _unary_op("erf", "The Gauss error function, elementwise.", floating=True)
sigmoid = _unary_op("sigmoid", "1 / (1 + exp(-input)), computed without overflow.", floating=True)


@composite("rsqrt")
def rsqrt_generic(backend, a):
    return backend.div(1.0, backend.sqrt(a))


rsqrt = _unary_op("rsqrt", "1 / sqrt(input), elementwise.", floating=True)


floor = _unary_op("floor", "Round down; no gradient.", numeric=True)


ceil = _unary_op("ceil", "Round up; no gradient.", numeric=True)


# -- activations ---------------------------------------------------------------------------------
def relu(input: Tensor) -> Tensor:
    """max(input, 0), with gradient 0 at 0 (as every framework's relu). NaN stays NaN and passes its
    gradient, as torch's (MindSpore's relu gives 0 there: it would hide a NaN from the loss)."""
    if not isinstance(input, Tensor):  # tensor_arg's check inline: relu follows every layer
        raise not_a_tensor(input)
    return call("relu", input._backend, input._data)  # a Bool Tensor is its own relu (as MindSpore's)


@composite("relu")
def relu_generic(backend, a):
    """relu from primitives (what a backend's native kernel must equal)."""
    zero = backend.full((), 0, backend.dtype(a))
    return backend.where(backend.less_equal(a, zero), zero, a)


def relu6(input: Tensor) -> Tensor:
    """min(max(x, 0), 6) as MindSpore's: slope 1 on (0, 6], so 0 at 0 and 1 at 6; NaN stays NaN."""
    backend, a = tensor_arg(input)
    refuse_bool("relu6", backend, a)
    return call("relu6", backend, a)


@composite("relu6")
def relu6_generic(backend, a):
    dtype = backend.dtype(a)
    zero, six = backend.full((), 0, dtype), backend.full((), 6, dtype)
    bounded = backend.where(backend.less(a, zero), zero, backend.where(backend.greater(a, six), six, a))
    slope_one = backend.logical_and(backend.greater(a, zero), backend.less_equal(a, six))
    return backend.where(slope_one, a, backend.stop_gradient(bounded))


def silu(input: Tensor) -> Tensor:
    return mul(input, sigmoid(input))


def softplus(input: Tensor, beta: float = 1, threshold: float = 20) -> Tensor:
    """log(1 + exp(beta * x)) / beta, linear above ``threshold`` (torch's and MindSpore's convention)."""
    backend, a = unary_float(input)
    return call("softplus", backend, a, float(beta), float(threshold))


@composite("softplus")
def softplus_generic(backend, a, beta: float, threshold: float):
    scaled = backend.mul(a, beta)
    # log1p(exp(-|z|)) + max(z, 0) never overflows
    smooth = backend.add(backend.log1p(backend.exp(backend.neg(backend.abs(scaled)))),
                         backend.maximum(scaled, 0.0))  # slope 1/2 at 0 (a tie), 0 at -inf
    smooth = backend.div(smooth, beta)
    return backend.where(backend.greater(scaled, threshold), a, smooth)


def gelu(input: Tensor, approximate: str = "none") -> Tensor:
    """GELU; ``approximate='tanh'`` is the tanh formula, 'none' the exact erf one."""
    if approximate == "tanh":
        inner = mul(add(input, mul(pow(input, 3), 0.044715)), _math.sqrt(2 / _math.pi))
        return mul(mul(input, 0.5), add(tanh(inner), 1.0))
    if approximate == "none":
        return mul(mul(input, 0.5), add(erf(mul(input, 1 / _math.sqrt(2))), 1.0))
    raise ValueError(f"gelu's approximate must be 'none' or 'tanh', got {approximate!r}")


def leaky_relu(input: Tensor, alpha: float = 0.2) -> Tensor:
    """x where x > 0, else alpha * x; int and bool Tensors become Float32 (alpha scales them)."""
    backend, a = unary_float(input)
    return call("leaky_relu", backend, a, float(alpha))


@composite("leaky_relu")
def leaky_relu_generic(backend, a, alpha: float):
    """x times its slope: 1 above 0, alpha below, and MindSpore's (1 + alpha) / 2 at 0 (1 + alpha at NaN)."""
    dtype = backend.dtype(a)
    zero = backend.full((), 0, dtype)

    def constant(value):
        return backend.full((), value, dtype)
    at_zero = backend.where(backend.equal(a, zero), constant((1 + alpha) / 2), constant(1 + alpha))
    slope = backend.where(backend.greater(a, zero), constant(1),
                          backend.where(backend.less(a, zero), constant(alpha), at_zero))
    return backend.mul(a, backend.stop_gradient(slope))


def clamp(input: Tensor, min: Any = None, max: Any = None) -> Tensor:
    """Limit to [min, max]; either bound may be None, a number or a Tensor. As MindSpore's: x at a bound
    keeps its whole gradient, and NaN becomes the bound (min when both are given). A Tensor bound gets the
    gradient only where it is strictly beyond x: min where x < min < max, max where x > max or min > max
    (MindSpore 2.10's rule: a NaN x, a NaN bound, or x below bounds that meet give it to no one)."""
    if min is None and max is None:
        raise ValueError("clamp needs at least one of min and max")
    out = input
    if min is not None:
        if isinstance(min, Tensor):
            beyond = less(input, min) if max is None else logical_and(less(input, min), less(min, max))
            min = where(beyond, min, stop_gradient(min))
        out = where(greater_equal(out, min), out, min)
    if max is not None:
        if isinstance(max, Tensor):
            beyond = greater(input, max) if min is None else logical_or(greater(input, max), greater(min, max))
            max = where(beyond, max, stop_gradient(max))
        out = where(less_equal(out, max), out, max)
    return out


clip = clamp


def clip_by_value(x: Any, clip_value_min: Any = None, clip_value_max: Any = None) -> Any:
    """MindSpore's clip_by_value on a Tensor, or on each Tensor of a list or tuple (a tuple back). As MindSpore
    defines it, minimum(maximum(x, min), max) with Tensor bounds in x's dtype, not clamp: x at a bound shares
    the gradient with it (half each), and a NaN x stays NaN with its gradient (maximum's rules)."""
    if isinstance(x, (list, tuple)):
        return tuple(clip_by_value(t, clip_value_min, clip_value_max) for t in x)
    if not isinstance(x, Tensor):
        raise TypeError(f"clip_by_value's x must be a Tensor or a list or tuple of Tensors, got {type(x).__name__}")
    if clip_value_min is None and clip_value_max is None:
        raise ValueError("clip_by_value needs at least one of clip_value_min and clip_value_max")
    out = x
    for bound, limit in ((clip_value_min, maximum), (clip_value_max, minimum)):
        if bound is not None:
            out = limit(out, cast(bound, x.dtype) if isinstance(bound, Tensor) else bound)
    return out


# -- comparisons and logic -------------------------------------------------------------------------
equal = eq = _binary_op("equal", "Elementwise equal: a Bool Tensor.", compares=True)
not_equal = ne = _binary_op("not_equal", "Elementwise not equal: a Bool Tensor.", compares=True)
less = lt = _binary_op("less", "Elementwise less: a Bool Tensor.", compares=True)
less_equal = le = _binary_op("less_equal", "Elementwise less equal: a Bool Tensor.", compares=True)
greater = gt = _binary_op("greater", "Elementwise greater: a Bool Tensor.", compares=True)
greater_equal = ge = _binary_op("greater_equal", "Elementwise greater equal: a Bool Tensor.", compares=True)


logical_and = _binary_op("logical_and", "Elementwise logical and: a Bool Tensor.")
logical_or = _binary_op("logical_or", "Elementwise logical or: a Bool Tensor.")
logical_xor = _binary_op("logical_xor", "Elementwise logical xor: a Bool Tensor.")


logical_not = _unary_op("logical_not", "Elementwise not: a Bool Tensor.")


def _float_test(primitive: str, doc: str, non_float: str):
    """isfinite / isnan / isinf: a Bool Tensor; an int or Bool input is answered by ``non_float``
    (``equal`` with itself: all True; ``not_equal``: all False) without a float primitive."""
    def op(input: Tensor) -> Tensor:
        backend, a = tensor_arg(input)
        if backend.dtype(a).is_floating:
            return call(primitive, backend, a)
        return call(non_float, backend, a, a)

    op.__name__ = op.__qualname__ = primitive
    op.__doc__ = doc
    return op


isfinite = _float_test("isfinite", "Elementwise: neither NaN nor infinite. A Bool Tensor.", "equal")
isnan = _float_test("isnan", "Elementwise: NaN. A Bool Tensor.", "not_equal")
isinf = _float_test("isinf", "Elementwise: +inf or -inf. A Bool Tensor.", "not_equal")


@composite("isfinite")
def isfinite_generic(backend, a):
    """|x| < inf, which is False for NaN too."""
    return backend.less(backend.abs(a), backend.full((), float("inf"), backend.dtype(a)))


@composite("isnan")
def isnan_generic(backend, a):
    return backend.not_equal(a, a)


@composite("isinf")
def isinf_generic(backend, a):
    return backend.equal(backend.abs(a), backend.full((), float("inf"), backend.dtype(a)))


def isclose(input: Tensor, other: Tensor, rtol: float = 1e-05, atol: float = 1e-08) -> Tensor:
    """|input - other| <= atol + rtol |other|, and equal infinities are close (as NumPy, torch, MindSpore)."""
    return logical_or(equal(input, other), less_equal(abs(sub(input, other)), add(mul(abs(other), rtol), atol)))


def where(condition: Any, input: Any, other: Any) -> Tensor:
    """``input`` where ``condition`` holds, else ``other``; both promote as in a binary op."""
    backend, c = tensor_arg(condition, "condition")
    if backend.dtype(c) is not dt.bool_:
        raise TypeError(f"where's condition must be a Bool Tensor, got {backend.dtype(c)}")
    if not isinstance(input, Tensor) and not isinstance(other, Tensor):
        raise TypeError("where needs input or other to be a Tensor")
    backend2, a, b = binary(input, other)
    if backend2 is not backend:
        raise TypeError("where's condition and values are on different backends")
    try:
        return call("where", backend, c, a, b)
    except Exception:
        check_broadcast(backend, c, a, b)
        raise


def select(cond: Tensor, x: Any, y: Any) -> Tensor:
    """MindSpore's ops.select: the same as where."""
    return where(cond, x, y)


# -- more elementwise maths (issue 24): each composed of the ops above, so its gradient is theirs ----------
def _float(input: Any) -> Tensor:
    """``input`` as a float Tensor: int and bool Tensors become Float32 (``unary_float``'s rule)."""
    backend, a = unary_float(input)
    return wrap(a, backend)


def _float_only(input: Any, name: str) -> Tensor:
    """``input`` itself; TypeError for an int or bool Tensor (MindSpore has no kernel for it)."""
    backend, a = tensor_arg(input)
    if not backend.dtype(a).is_floating:
        raise TypeError(f"{name} takes a float Tensor, got {backend.dtype(a)}")
    return input


def _unit_root(x: Tensor) -> Tensor:
    """sqrt(1 - x ** 2), NaN beyond +-1. Through square, not (1 - x)(1 + x): at +-1 the product rule would
    multiply sqrt's infinite slope by the factor that is 0 there (NaN), square's slope 2x is not 0."""
    return sqrt(sub(1.0, square(x)))


def asin(input: Tensor) -> Tensor:
    """Inverse sine as atan2(x, sqrt(1 - x ** 2)): its slope is +inf at +-1 (as MindSpore's), NaN beyond."""
    x = _float(input)
    return atan2(x, _unit_root(x))


def acos(input: Tensor) -> Tensor:
    """Inverse cosine as atan2(sqrt(1 - x ** 2), x): slope -inf at +-1 (as MindSpore's), NaN beyond."""
    x = _float(input)
    return atan2(_unit_root(x), x)


def atanh(input: Tensor) -> Tensor:
    """(log1p(x) - log1p(-x)) / 2: accurate near 0, +-inf at +-1 with slope +inf."""
    x = _float(input)
    return mul(sub(log1p(x), log1p(neg(x))), 0.5)


# Beyond this size acosh(x) and asinh(|x|) are log(2 |x|) to the last bit; the formulas below would
# divide inf by inf in their slopes at +-inf.
_ASYMPTOTIC = 1e10


def acosh(input: Tensor) -> Tensor:
    """log1p((x - 1) + sqrt(x ** 2 - 1)) (slope +inf at 1, NaN below 1); log(2x) for large x, so the slope at
    +inf is 0."""
    x = _float(input)
    large = greater(x, _ASYMPTOTIC)
    safe = where(large, 2.0, x)  # the unused branch sees a harmless value: no NaN leaks into the gradient
    # sqrt(x - 1) sqrt(x + 1): slope +inf at 1, and NaN (not +-inf) below -1, where the value is NaN
    near = log1p(add(sub(safe, 1.0), mul(sqrt(sub(safe, 1.0)), sqrt(add(safe, 1.0)))))
    far = add(log(where(large, x, 2.0)), _math.log(2.0))
    return where(large, far, near)


def asinh(input: Tensor) -> Tensor:
    """Inverse hyperbolic sine, odd: log1p(u + u ** 2 / (1 + sqrt(1 + u ** 2))) for u = |x| (accurate near 0,
    slope 1 there), log(2u) for large u (slope 0 at +-inf)."""
    x = _float(input)
    flipped = less(x, 0.0)
    u = where(flipped, neg(x), x)  # |x|, with slope +-1 also at 0 (abs's slope there is 0)
    large = greater(u, _ASYMPTOTIC)
    small = where(large, 1.0, u)
    near = log1p(add(small, div(square(small), add(sqrt(add(square(small), 1.0)), 1.0))))
    far = add(log(where(large, u, 2.0)), _math.log(2.0))
    magnitude = where(large, far, near)
    return where(flipped, neg(magnitude), magnitude)


def sinh(input: Tensor) -> Tensor:
    """(expm1(x) - expm1(-x)) / 2: accurate near 0."""
    x = _float(input)
    return mul(sub(expm1(x), expm1(neg(x))), 0.5)


def cosh(input: Tensor) -> Tensor:
    x = _float(input)
    return mul(add(exp(x), exp(neg(x))), 0.5)


def sinc(input: Tensor) -> Tensor:
    """sin(pi x) / (pi x), and 1 at 0 with slope 0 there."""
    x = _float(input)
    zero = equal(x, 0.0)
    scaled = mul(where(zero, 1.0, x), _math.pi)
    return where(zero, 1.0, div(sin(scaled), scaled))


def deg2rad(x: Tensor) -> Tensor:
    return mul(_float_only(x, "deg2rad"), _math.pi / 180)


def rad2deg(x: Tensor) -> Tensor:
    return mul(_float_only(x, "rad2deg"), 180 / _math.pi)


def erfc(input: Tensor) -> Tensor:
    """1 - erf(x) (its absolute error is erf's; far in the right tail it underflows to 0 early)."""
    return sub(1.0, erf(_float(input)))


def exp2(input: Tensor) -> Tensor:
    return pow(2.0, _float(input))


def log2(input: Tensor) -> Tensor:
    return div(log(_float(input)), _math.log(2.0))


def log10(input: Tensor) -> Tensor:
    return div(log(_float(input)), _math.log(10.0))


def _float_pair(input: Any, other: Any, name: str) -> tuple[Tensor, Tensor]:
    """Both operands, promoted to one float dtype; TypeError for int or bool ones (as MindSpore's)."""
    backend, a, b = binary(input, other)
    dtype = backend.dtype(a if not isinstance(a, (int, float)) else b)
    if not dtype.is_floating:
        raise TypeError(f"{name} takes float Tensors, got {dtype}")
    return (wrap(a, backend) if not isinstance(a, (int, float)) else a,
            wrap(b, backend) if not isinstance(b, (int, float)) else b)


def logaddexp(input: Tensor, other: Tensor) -> Tensor:
    """log(exp(a) + exp(b)) as max(a, b) + log1p(exp(-|a - b|)): no overflow, slope 1/2 each at a tie.
    Where both are the same infinity, a - b is NaN and so is the result (as MindSpore 2.10's)."""
    a, b = _float_pair(input, other, "logaddexp")
    return add(maximum(a, b), log1p(exp(neg(abs(sub(a, b))))))


def logaddexp2(input: Tensor, other: Tensor) -> Tensor:
    """log2(2 ** a + 2 ** b), as logaddexp in units of ln 2."""
    a, b = _float_pair(input, other, "logaddexp2")
    ln2 = _math.log(2.0)
    return div(logaddexp(mul(a, ln2), mul(b, ln2)), ln2)


def hypot(input: Tensor, other: Tensor) -> Tensor:
    """sqrt(a ** 2 + b ** 2); its slope at (0, 0) is NaN (0 / 0), as MindSpore's."""
    a, b = _float_pair(input, other, "hypot")
    return sqrt(add(square(a), square(b)))


def lerp(input: Tensor, end: Tensor, weight: Any) -> Tensor:
    """input + weight * (end - input); ``weight`` a float or a Tensor (which gets its gradient too)."""
    if not isinstance(weight, (Tensor, float)):
        raise TypeError(f"lerp's weight must be a float or a Tensor, got {type(weight).__name__}")
    return add(input, mul(weight, sub(end, input)))


def trunc(input: Tensor) -> Tensor:
    """Round toward zero (-0.5 gives -0.0); no gradient. An int Tensor is its own truncation."""
    backend, a = tensor_arg(input)
    if not backend.dtype(a).is_floating:
        return input
    return stop_gradient(mul(sign(input), floor(abs(input))))


def frac(x: Tensor) -> Tensor:
    """x - trunc(x): the fractional part, with x's sign; slope 1 everywhere, NaN at +-inf."""
    return sub(x, trunc(x))


def round(input: Tensor, *, decimals: int = 0) -> Tensor:
    """Round half to even (2.5 gives 2, -0.5 gives -0.0), to ``decimals`` places; no gradient."""
    backend, a = tensor_arg(input)
    if not isinstance(decimals, int) or isinstance(decimals, bool):
        raise TypeError(f"round's decimals must be an int, got {type(decimals).__name__}")
    if not backend.dtype(a).is_floating:
        return input
    x = mul(input, 10.0 ** decimals) if decimals else input
    up = floor(add(x, 0.5))
    tie = equal(sub(up, x), 0.5)
    odd = equal(remainder(up, 2.0), 1.0)
    rounded = where(logical_and(tie, odd), sub(up, 1.0), up)
    rounded = where(equal(floor(x), x), x, where(equal(rounded, 0.0), mul(x, 0.0), rounded))  # -0.3 gives -0.0
    return stop_gradient(div(rounded, 10.0 ** decimals) if decimals else rounded)


def xlogy(input: Any, other: Any) -> Tensor:
    """x * log(y), with xlogy(0, 0) = 0 (MindSpore's documented 'zero where x is zero') and slopes 0 there; its
    slope in x elsewhere is log(y), also at x = 0, as MindSpore's."""
    x, y = _float_pair(input, other, "xlogy")
    x, y = [v if isinstance(v, Tensor) else  # a number: the zero tests need Tensors
            wrap(o._backend.full((), v, o.dtype), o._backend) for v, o in ((x, y), (y, x))]
    both_zero = logical_and(equal(x, 0.0), equal(y, 0.0))
    return mul(x, log(where(both_zero, 1.0, y)))


def xdivy(x: Any, y: Any) -> Tensor:
    """x / y, and 0 where x is 0 (also where y is 0), with slopes 0 there (as MindSpore's)."""
    a, b = _float_pair(x, y, "xdivy")
    zero = equal(a, 0.0)
    return where(zero, 0.0, div(a, where(zero, 1.0, b)))


def copysign(x: Tensor, other: Any) -> Tensor:
    """|x| with the sign of ``other``: negative where other < 0 (MindSpore 2.10 reads -0.0 and NaN as
    positive); slope sign(x) * sign(other) for x, none for other."""
    magnitude = abs(_float(x))
    return where(less(other, 0.0), neg(magnitude), magnitude)


def heaviside(input: Tensor, values: Any) -> Tensor:
    """0 below 0, ``values`` at 0, 1 above (and 0 at NaN, as MindSpore's); a step: no gradient."""
    backend, a, v = binary(input, values)
    x = wrap(a, backend)
    step = greater(x, 0).astype(backend.dtype(a))
    return stop_gradient(where(equal(x, 0), v if isinstance(v, (int, float)) else wrap(v, backend), step))


def fmax(input: Tensor, other: Tensor) -> Tensor:
    """The larger of the two, a NaN losing to a number; the first operand wins ties (and both NaN)."""
    nan = isnan(other)
    return where(logical_or(nan, greater_equal(input, other)), input, other)


def fmin(input: Tensor, other: Tensor) -> Tensor:
    """The smaller of the two, a NaN losing to a number; the first operand wins ties (and both NaN)."""
    nan = isnan(other)
    return where(logical_or(nan, less_equal(input, other)), input, other)


def float_power(input: Any, exponent: Any) -> Tensor:
    """input ** exponent in Float64 (as MindSpore's), whatever the operands' dtypes."""
    def widened(v):
        if isinstance(v, Tensor):
            backend, a = tensor_arg(v)
            return wrap(backend.cast(a, dt.float64), backend) if backend.dtype(a) is not dt.float64 else v
        return float(v)
    if not isinstance(input, Tensor) and not isinstance(exponent, Tensor):
        raise TypeError("float_power needs input or exponent to be a Tensor")
    return pow(widened(input), widened(exponent))


def truncate_div(x: Any, y: Any) -> Tensor:
    """x / y rounded toward zero, in the operands' dtype; no gradient."""
    return div(x, y, rounding_mode="trunc")


def nan_to_num(input: Tensor, nan: float | None = None, posinf: float | None = None,
               neginf: float | None = None) -> Tensor:
    """NaN, +inf and -inf replaced (by 0 and the dtype's largest and smallest finite values unless given);
    no gradient flows to the replaced elements."""
    backend, a = tensor_arg(input)
    dtype = backend.dtype(a)
    if not dtype.is_floating:
        return input
    info = _np.finfo(dtype.numpy)
    out = where(isnan(input), 0.0 if nan is None else float(nan), input)
    out = where(equal(input, float("inf")), float(info.max) if posinf is None else float(posinf), out)
    return where(equal(input, float("-inf")), float(info.min) if neginf is None else float(neginf), out)


def signbit(input: Tensor) -> Tensor:
    """Whether x < 0, a Bool Tensor: -0.0 and NaN give False (MindSpore 2.10's rule)."""
    return less(input, 0)


def isposinf(input: Tensor) -> Tensor:
    backend, a = tensor_arg(input)
    return equal(input, float("inf")) if backend.dtype(a).is_floating else not_equal(input, input)


def isneginf(input: Tensor) -> Tensor:
    backend, a = tensor_arg(input)
    return equal(input, float("-inf")) if backend.dtype(a).is_floating else not_equal(input, input)


def isreal(input: Tensor) -> Tensor:
    """All True: unigrad has no complex dtypes."""
    backend, a = tensor_arg(input)
    return call("full", backend, tuple(backend.shape(a)), True, dt.bool_)


def is_floating_point(input: Tensor) -> bool:
    backend, a = tensor_arg(input)
    return backend.dtype(a).is_floating


def is_complex(input: Tensor) -> bool:
    """False: unigrad has no complex dtypes."""
    tensor_arg(input)
    return False


def positive(input: Tensor) -> Tensor:
    """+input: the input itself; TypeError for a Bool Tensor (as MindSpore's)."""
    refuse_bool("positive", *tensor_arg(input))
    return input


def subtract(input: Any, other: Any, *, alpha: Any = 1) -> Tensor:
    """input - alpha * other."""
    return sub(input, other if alpha == 1 else mul(other, alpha))


def logit(input: Tensor, eps: float | None = None) -> Tensor:
    """log(x / (1 - x)) as log(x) - log1p(-x), x first clamped to [eps, 1 - eps] when ``eps`` is given
    (a clamped x keeps its gradient at the bounds, as clamp's); slope +inf at 0 and 1."""
    x = _float(input)
    if eps is not None:  # NaN stays NaN (clamp would make it the bound)
        x = where(isnan(x), x, clamp(x, float(eps), 1.0 - float(eps)))
    return sub(log(x), log1p(neg(x)))


def ldexp(x: Tensor, other: Any) -> Tensor:
    """x * 2 ** other."""
    return mul(x, pow(2.0, other))


def addcdiv(input: Tensor, tensor1: Tensor, tensor2: Tensor, value: Any = 1) -> Tensor:
    """input + value * tensor1 / tensor2."""
    return add(input, mul(div(tensor1, tensor2), value))


def addcmul(input: Tensor, tensor1: Tensor, tensor2: Tensor, value: Any = 1) -> Tensor:
    """input + value * tensor1 * tensor2."""
    return add(input, mul(mul(tensor1, tensor2), value))


# MindSpore's other names for the same maths: the very same objects
arcsin, arccos, arctanh, arccosh, arcsinh = asin, acos, atanh, acosh, asinh
multiply, inv, sgn = mul, reciprocal, sign
floor_div = floordiv = tensor_floordiv = floor_divide
floormod = tensor_mod = remainder
truncate_mod = fmod
tensor_add, tensor_sub, tensor_mul, tensor_div, tensor_pow = add, sub, mul, div, pow
tensor_exp, tensor_expm1 = exp, expm1
tensor_ge, tensor_gt, tensor_le, tensor_lt = greater_equal, greater, less_equal, less


def real(input: Tensor) -> Tensor:
    """The real part: a real Tensor itself (unigrad has no complex dtypes)."""
    tensor_arg(input)
    return input


conj = real  # the conjugate of a real Tensor is itself


def imag(input: Tensor) -> Tensor:
    """The imaginary part of a real Tensor: zeros of its shape and dtype, with no gradient."""
    backend, a = tensor_arg(input)
    return call("full", backend, tuple(backend.shape(a)), 0, backend.dtype(a))


def approximate_equal(x: Tensor, y: Tensor, tolerance: float = 1e-05) -> Tensor:
    """|x - y| < tolerance, a Bool Tensor."""
    return less(abs(sub(x, y)), float(tolerance))


def is_nonzero(input: Tensor) -> bool:
    """Whether a one-element Tensor is not 0; ValueError for another size (as MindSpore's)."""
    backend, a = tensor_arg(input)
    size = _math.prod(backend.shape(a))
    if size != 1:
        raise ValueError(f"is_nonzero takes a Tensor of one element, got {size} elements")
    return bool(_np.asarray(backend.to_numpy(a)).reshape(()) != 0)


# -- modified Bessel functions of the first kind, orders 0 and 1 -----------------------------------------
# Polynomial fits of Abramowitz and Stegun 9.8.1-9.8.4 (relative error below 2e-7): one for |x| < 3.75 in
# (x / 3.75) ** 2, one for |x| >= 3.75 in 3.75 / |x| of the exponentially scaled function sqrt(|x|) e^-|x| I(x).
_I0_SMALL = (1.0, 3.5156229, 3.0899424, 1.2067492, 0.2659732, 0.0360768, 0.0045813)
_I0_LARGE = (0.39894228, 0.01328592, 0.00225319, -0.00157565, 0.00916281, -0.02057706, 0.02635537, -0.01647633,
             0.00392377)
_I1_SMALL = (0.5, 0.87890594, 0.51498869, 0.15084934, 0.02658733, 0.00301532, 0.00032411)
_I1_LARGE = (0.39894228, -0.03988024, -0.00362018, 0.00163801, -0.01031555, 0.02282967, -0.02895312, 0.01787654,
             -0.00420059)


def _polynomial(t: Tensor, coefficients: tuple) -> Tensor:
    """sum(c_k t ** k), in Horner's form."""
    out = coefficients[-1]
    for c in coefficients[-2::-1]:
        out = add(mul(out, t), c)
    return out


def _bessel_i(input: Tensor, order: int, scaled: bool) -> Tensor:
    """I0 or I1 of ``input``, or e^-|x| times it (``scaled``: finite for large |x|, where I overflows)."""
    x = _float(input)
    small_fit, large_fit = (_I0_SMALL, _I0_LARGE) if order == 0 else (_I1_SMALL, _I1_LARGE)
    large = greater_equal(abs(x), 3.75)
    near = where(large, 1.0, x)  # each branch sees only inputs inside its own range: no NaN in the unused one
    small = _polynomial(square(div(near, 3.75)), small_fit)
    if order == 1:
        small = mul(small, near)
    if scaled:
        small = mul(small, exp(neg(abs(near))))
    far = where(large, abs(x), 3.75)
    # beyond log(largest float) I overflows: inf with slope +-inf there (through |x| * inf), where the product of
    # exp(|x|) and the fit would add inf and -inf in the slope
    overflow = greater(far, float(_np.log(_np.finfo(x.dtype.numpy).max)) + 1.0) if not scaled else None
    if overflow is not None:
        far = where(overflow, 3.75, far)
    tail = div(_polynomial(div(3.75, far), large_fit), sqrt(far))
    if overflow is not None:
        tail = where(overflow, mul(abs(where(overflow, x, 1.0)), float("inf")), mul(tail, exp(far)))
    if order == 1:
        tail = where(less(x, 0.0), neg(tail), tail)  # I1 is odd
    return where(large, tail, small)


def i0(input: Tensor) -> Tensor:
    """The modified Bessel function of the first kind of order 0 (its slope is I1)."""
    return _bessel_i(input, 0, False)


def bessel_i0e(x: Tensor) -> Tensor:
    """e^-|x| I0(x): finite where I0 overflows."""
    return _bessel_i(x, 0, True)


def bessel_i1(x: Tensor) -> Tensor:
    """The modified Bessel function of the first kind of order 1."""
    return _bessel_i(x, 1, False)


def bessel_i1e(x: Tensor) -> Tensor:
    """e^-|x| I1(x): finite where I1 overflows."""
    return _bessel_i(x, 1, True)


bessel_i0 = i0


# -- the log-gamma function and its derivative, composed once, computed in Float64 -------------------------
# Lanczos's approximation with g = 7 and 9 terms (relative error about 1e-15), for arguments >= 0.5; below,
# the reflection formula. Float64 inside: the alternating terms of the sum cancel too much for Float32.
_LANCZOS_G = 7.0
_LANCZOS = (0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7)


def _in_float64(input: Tensor) -> tuple[Tensor, dt.DType]:
    """``input`` as Float64 (int and bool first become Float32, the result's dtype) and the result's dtype."""
    x = _float(input)
    return x.astype(dt.float64), x.dtype


def _reflected(x: Tensor) -> tuple[Tensor, Tensor, Tensor]:
    """(x < 0.5, y = 1 - x there else x, x there else 0.25): y >= 0.5 for the series, and the reflection's
    own input kept harmless where it is not used (no NaN or inf leaks into the gradient)."""
    reflect = less(x, 0.5)
    return reflect, where(reflect, sub(1.0, x), x), where(reflect, x, 0.25)


def lgamma(input: Tensor) -> Tensor:
    """log|Gamma(x)|: +inf at 0 and the negative integers and at +-inf; its slope is digamma(x)."""
    x, dtype = _in_float64(input)
    reflect, y, near = _reflected(x)
    infinite = equal(abs(y), float("inf"))
    y = where(infinite, 2.0, y)
    z = sub(y, 1.0)
    series = _LANCZOS[0]
    for i, c in enumerate(_LANCZOS[1:], 1):
        series = add(series, div(c, add(z, float(i))))
    t = add(z, _LANCZOS_G + 0.5)
    direct = add(add(0.5 * _math.log(2 * _math.pi), sub(mul(add(z, 0.5), log(t)), t)), log(series))
    reflected = sub(sub(_math.log(_math.pi), log(abs(sin(mul(near, _math.pi))))), direct)
    pole = logical_and(reflect, equal(floor(x), x))  # 0 and the negative integers (sin(pi x) is not 0 there)
    out = where(logical_or(infinite, pole), float("inf"), where(reflect, reflected, direct))
    return out.astype(dtype)


def digamma(input: Tensor) -> Tensor:
    """The derivative of lgamma: six steps of psi(y) = psi(y + 1) - 1 / y, then the asymptotic series at y + 6;
    below 0.5 the reflection psi(x) = psi(1 - x) - pi / tan(pi x)."""
    x, dtype = _in_float64(input)
    reflect, y, near = _reflected(x)
    steps = 0.0
    for k in range(6):
        steps = add(div(1.0, add(y, float(k))), steps)
    w = add(y, 6.0)
    inverse_square = div(1.0, square(w))
    tail = _polynomial(inverse_square, (0.0, 1 / 12, -1 / 120, 1 / 252, -1 / 240, 1 / 132))
    psi = sub(sub(sub(log(w), div(0.5, w)), tail), steps)
    out = where(reflect, sub(psi, div(_math.pi, tan(mul(near, _math.pi)))), psi)  # -inf at +0, +inf at -0
    negative_integer = logical_and(less(x, 0.0), equal(floor(x), x))
    return where(negative_integer, float("nan"), out).astype(dtype)


def mvlgamma(input: Tensor, p: int) -> Tensor:
    """The multivariate log-gamma function of dimension ``p``: p (p - 1) / 4 log(pi) + sum_j lgamma(x - j / 2).
    Elements at or below (p - 1) / 2 are computed (MindSpore raises ValueError: checking would read the values
    back from the device on every call)."""
    if isinstance(p, bool) or not isinstance(p, int) or p < 1:
        raise ValueError(f"mvlgamma's p must be a positive int, got {p!r}")
    out = lgamma(input)
    for j in range(1, p):
        out = add(out, lgamma(sub(_float(input), j / 2)))
    return add(out, p * (p - 1) / 4 * _math.log(_math.pi))

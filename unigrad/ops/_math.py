"""Elementwise ops: arithmetic, comparisons, transcendental functions, activations."""
from __future__ import annotations

import functools
import math as _math
from typing import Any

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
    """C's fmod: the remainder has the sign of the dividend (unlike %)."""
    refuse_bool("fmod", *binary(input, other))
    return sub(input, mul(div(input, other, rounding_mode="trunc"), other))


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

"""Elementwise ops: arithmetic, comparisons, transcendental functions, activations."""
from __future__ import annotations

import math as _math
from typing import Any

from unigrad import dtype as dt
from unigrad.ops._dispatch import binary, tensor_arg, unary_float, wrap
from unigrad.tensor import Tensor


# -- arithmetic ----------------------------------------------------------------------------------
def add(input: Any, other: Any) -> Tensor:
    backend, a, b = binary(input, other)
    return wrap(backend.add(a, b), backend)


def sub(input: Any, other: Any) -> Tensor:
    backend, a, b = binary(input, other)
    return wrap(backend.sub(a, b), backend)


def mul(input: Any, other: Any) -> Tensor:
    backend, a, b = binary(input, other)
    return wrap(backend.mul(a, b), backend)


def div(input: Any, other: Any, *, rounding_mode: str | None = None) -> Tensor:
    """True division (int / int gives Float32); rounding_mode 'floor' or 'trunc' as MindSpore's ops.div."""
    if rounding_mode is None:
        backend, a, b = binary(input, other, floating=True)
        return wrap(backend.div(a, b), backend)
    if rounding_mode == "floor":
        return floor_divide(input, other)
    if rounding_mode == "trunc":
        backend, a, b = binary(input, other)
        quotient = div(input, other)
        truncated = mul(sign(quotient), floor(abs(quotient)))
        return truncated.astype(backend.dtype(a))
    raise ValueError(f"rounding_mode must be None, 'floor' or 'trunc', got {rounding_mode!r}")


true_divide = divide = div


def floor_divide(input: Any, other: Any) -> Tensor:
    """Rounds toward negative infinity (Python's //); it carries no gradient."""
    backend, a, b = binary(input, other)
    return wrap(backend.floor_divide(a, b), backend)


def remainder(input: Any, other: Any) -> Tensor:
    """Python's %: the result has the sign of the divisor."""
    backend, a, b = binary(input, other)
    return wrap(backend.mod(a, b), backend)


floor_mod = remainder


def fmod(input: Any, other: Any) -> Tensor:
    """C's fmod: the remainder has the sign of the dividend (unlike %)."""
    return sub(input, mul(div(input, other, rounding_mode="trunc"), other))


def pow(input: Any, exponent: Any) -> Tensor:
    backend, a, b = binary(input, exponent)
    return wrap(backend.pow(a, b), backend)


def neg(input: Tensor) -> Tensor:
    backend, a = tensor_arg(input)
    return wrap(backend.neg(a), backend)


negative = neg


def abs(input: Tensor) -> Tensor:
    backend, a = tensor_arg(input)
    return wrap(backend.abs(a), backend)


absolute = abs


def sign(input: Tensor) -> Tensor:
    backend, a = tensor_arg(input)
    return wrap(backend.sign(a), backend)


def square(input: Tensor) -> Tensor:
    backend, a = tensor_arg(input)
    return wrap(backend.mul(a, a), backend)


def reciprocal(input: Tensor) -> Tensor:
    backend, a = unary_float(input)
    return wrap(backend.div(1.0, a), backend)


def maximum(input: Any, other: Any) -> Tensor:
    backend, a, b = binary(input, other)
    return wrap(backend.maximum(a, b), backend)


def minimum(input: Any, other: Any) -> Tensor:
    backend, a, b = binary(input, other)
    return wrap(backend.minimum(a, b), backend)


def atan2(input: Any, other: Any) -> Tensor:
    backend, a, b = binary(input, other, floating=True)
    return wrap(backend.atan2(a, b), backend)


arctan2 = atan2


# -- transcendental (float results) -------------------------------------------------------------
def _unary_float_op(name: str, doc: str):
    def op(input: Tensor) -> Tensor:
        backend, a = unary_float(input)
        return wrap(getattr(backend, name)(a), backend)

    op.__name__ = op.__qualname__ = name
    op.__doc__ = doc
    return op


exp = _unary_float_op("exp", "e ** input, elementwise.")
log = _unary_float_op("log", "Natural logarithm, elementwise.")
log1p = _unary_float_op("log1p", "log(1 + input), accurate near 0.")
expm1 = _unary_float_op("expm1", "exp(input) - 1, accurate near 0.")
sqrt = _unary_float_op("sqrt", "Square root, elementwise.")
sin = _unary_float_op("sin", "Sine, elementwise.")
cos = _unary_float_op("cos", "Cosine, elementwise.")
tan = _unary_float_op("tan", "Tangent, elementwise.")
tanh = _unary_float_op("tanh", "Hyperbolic tangent, elementwise.")
atan = arctan = _unary_float_op("arctan", "Inverse tangent, elementwise.")
erf = _unary_float_op("erf", "The Gauss error function, elementwise.")
sigmoid = _unary_float_op("sigmoid", "1 / (1 + exp(-input)), computed without overflow.")


def rsqrt(input: Tensor) -> Tensor:
    backend, a = unary_float(input)
    return wrap(backend.div(1.0, backend.sqrt(a)), backend)


def floor(input: Tensor) -> Tensor:
    backend, a = tensor_arg(input)
    return wrap(backend.floor(a), backend)


def ceil(input: Tensor) -> Tensor:
    backend, a = tensor_arg(input)
    return wrap(backend.ceil(a), backend)


# -- activations ---------------------------------------------------------------------------------
def relu(input: Tensor) -> Tensor:
    """max(input, 0), with gradient 0 at 0 (as every framework's relu)."""
    backend, a = tensor_arg(input)
    zero = backend.full((), 0, backend.dtype(a))
    return wrap(backend.where(backend.greater(a, zero), a, zero), backend)


def relu6(input: Tensor) -> Tensor:
    return clamp(relu(input), None, 6.0)


def silu(input: Tensor) -> Tensor:
    return mul(input, sigmoid(input))


def softplus(input: Tensor, beta: float = 1, threshold: float = 20) -> Tensor:
    """log(1 + exp(beta * x)) / beta, linear above ``threshold`` (torch's and MindSpore's convention)."""
    backend, a = unary_float(input)
    scaled = backend.mul(a, float(beta))
    # log1p(exp(-|z|)) + max(z, 0) never overflows
    smooth = backend.add(backend.log1p(backend.exp(backend.neg(backend.abs(scaled)))),
                         backend.maximum(scaled, 0.0))
    smooth = backend.div(smooth, float(beta))
    return wrap(backend.where(backend.greater(scaled, float(threshold)), a, smooth), backend)


def gelu(input: Tensor, approximate: str = "none") -> Tensor:
    """GELU; ``approximate='tanh'`` is the tanh formula, 'none' the exact erf one."""
    if approximate == "tanh":
        inner = mul(add(input, mul(pow(input, 3), 0.044715)), _math.sqrt(2 / _math.pi))
        return mul(mul(input, 0.5), add(tanh(inner), 1.0))
    if approximate == "none":
        return mul(mul(input, 0.5), add(erf(mul(input, 1 / _math.sqrt(2))), 1.0))
    raise ValueError(f"gelu's approximate must be 'none' or 'tanh', got {approximate!r}")


def leaky_relu(input: Tensor, alpha: float = 0.2) -> Tensor:
    backend, a = tensor_arg(input)
    zero = backend.full((), 0, backend.dtype(a))
    return wrap(backend.where(backend.greater(a, zero), a, backend.mul(a, float(alpha))), backend)


def clamp(input: Tensor, min: Any = None, max: Any = None) -> Tensor:
    """Limit to [min, max]; either bound may be None, a number or a Tensor."""
    if min is None and max is None:
        raise ValueError("clamp needs at least one of min and max")
    out = input
    if min is not None:
        out = maximum(out, min)
    if max is not None:
        out = minimum(out, max)
    return out


clip = clamp


# -- comparisons and logic -------------------------------------------------------------------------
def _compare(name: str):
    def op(input: Any, other: Any) -> Tensor:
        backend, a, b = binary(input, other)
        return wrap(getattr(backend, name)(a, b), backend)

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"Elementwise {name}; a Bool Tensor."
    return op


equal = eq = _compare("equal")
not_equal = ne = _compare("not_equal")
less = lt = _compare("less")
less_equal = le = _compare("less_equal")
greater = gt = _compare("greater")
greater_equal = ge = _compare("greater_equal")


def _logical(name: str):
    def op(input: Any, other: Any) -> Tensor:
        backend, a, b = binary(input, other)
        return wrap(getattr(backend, name)(a, b), backend)

    op.__name__ = op.__qualname__ = name
    return op


logical_and = _logical("logical_and")
logical_or = _logical("logical_or")
logical_xor = _logical("logical_xor")


def logical_not(input: Tensor) -> Tensor:
    backend, a = tensor_arg(input)
    return wrap(backend.logical_not(a), backend)


def isclose(input: Tensor, other: Tensor, rtol: float = 1e-05, atol: float = 1e-08) -> Tensor:
    return less_equal(abs(sub(input, other)), add(mul(abs(other), rtol), atol))


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
    return wrap(backend.where(c, a, b), backend)


def select(cond: Tensor, x: Any, y: Any) -> Tensor:
    """MindSpore's ops.select: the same as where."""
    return where(cond, x, y)

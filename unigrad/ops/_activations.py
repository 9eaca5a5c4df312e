"""Activation functions of ``mindspore.ops`` beyond the elementwise primitives (elu, hardswish, glu, ...),
written on unigrad's ops so that every backend differentiates them; nn's activation Cells call these.

Where a function has a kink, the branch each side of it takes decides the gradient there; the choice is
MindSpore 2.10's (hardswish's (2x + 3) / 6 on [-3, 3], prelu's slope at 0, ...)."""
from __future__ import annotations

from typing import Any

from unigrad import _random as rng
from unigrad import dtype as dt
from unigrad._tensor import Tensor, wrap
from unigrad.ops import _creation as creation, _math as m, _nn as nn, _shape as shape
from unigrad.ops._args import not_a_tensor

_SELU_ALPHA, _SELU_SCALE = 1.67326324, 1.05070098


def _float_input(owner: str, x: Any) -> Tensor:
    """``x`` as a float Tensor (int and bool become Float32, as MindSpore's activations take them)."""
    if not isinstance(x, Tensor):
        raise TypeError(f"For '{owner}', the input must be a Tensor, but got {type(x).__name__}")
    return x if x.dtype.is_floating else creation.cast(x, dt.float32)


def _number(owner: str, name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"For '{owner}', '{name}' must be a float or int, but got {type(value).__name__}")
    return float(value)


def elu(input_x: Tensor, alpha: float = 1.0) -> Tensor:
    """x above 0, alpha (exp(x) - 1) at and below (slope alpha at 0; NaN passes with slope 1)."""
    x = _float_input("elu", input_x)
    alpha = _number("elu", "alpha", alpha)
    return _exponential_below(x, m.less_equal(x, 0.0), alpha)


def _exponential_below(x: Tensor, below: Tensor, alpha: float) -> Tensor:
    """alpha (exp(x) - 1) where ``below``, x elsewhere: elu's and selu's curve (they differ in where it starts)."""
    safe = m.where(below, x, creation.zeros_like(x))  # no inf or NaN in the unused branch's gradient
    return m.where(below, m.mul(m.expm1(safe), alpha), x)


def celu(x: Tensor, alpha: float = 1.0) -> Tensor:
    """max(0, x) + min(0, alpha (exp(x / alpha) - 1)); alpha must not be 0."""
    x = _float_input("celu", x)
    alpha = _number("celu", "alpha", alpha)
    if alpha == 0:
        raise ValueError(f"For 'celu', the 'alpha' must not be 0, but got {alpha}")
    above = m.greater(x, 0.0)
    safe = m.where(above, creation.zeros_like(x), x)  # no inf or NaN in the unused branch's gradient
    return m.where(above, x, m.mul(m.expm1(m.div(safe, alpha)), alpha))


def selu(input_x: Tensor) -> Tensor:
    """scale * elu(x, alpha) with SELU's fixed alpha and scale (self-normalising); at 0 and NaN the slope is
    scale (MindSpore's), where elu's at 0 is alpha."""
    x = _float_input("selu", input_x)
    return m.mul(_exponential_below(x, m.less(x, 0.0), _SELU_ALPHA), _SELU_SCALE)


def hardshrink(input: Tensor, lambd: float = 0.5) -> Tensor:
    """x where |x| > lambd, else 0 (NaN passes)."""
    x = _float_input("hardshrink", input)
    lambd = _number("hardshrink", "lambd", lambd)
    return m.where(m.less_equal(m.abs(x), lambd), creation.zeros_like(x), x)


def softshrink(input: Tensor, lambd: float = 0.5) -> Tensor:
    """x - lambd above lambd, x + lambd below -lambd, 0 between; lambd must be at least 0 (MindSpore's kernel
    refuses it when it runs: RuntimeError)."""
    x = _float_input("softshrink", input)
    lambd = _number("softshrink", "lambd", lambd)
    if lambd < 0:
        raise RuntimeError(f"For 'SoftShrink', the values for lambd should be greater or equal to 0, but found to "
                           f"be [{lambd}].")
    return m.where(m.greater(x, lambd), m.sub(x, lambd),
                   m.where(m.less(x, -lambd), m.add(x, lambd), creation.zeros_like(x)))


def hardsigmoid(input: Tensor) -> Tensor:
    """x / 6 + 1/2 clipped to [0, 1] (slope 0 at -3 and 3; NaN passes)."""
    x = _float_input("hardsigmoid", input)
    zeros = creation.zeros_like(x)
    return m.where(m.less_equal(x, -3.0), zeros,
                   m.where(m.greater_equal(x, 3.0), m.add(zeros, 1.0), m.add(m.div(x, 6.0), 0.5)))


def hardswish(input: Tensor) -> Tensor:
    """x * relu6(x + 3) / 6, slope (2x + 3) / 6 on [-3, 3] (its ends included, as MindSpore)."""
    x = _float_input("hardswish", input)
    zeros = creation.zeros_like(x)
    inside = m.logical_not(m.greater(m.abs(x), 3.0))
    safe = m.where(inside, x, zeros)  # no inf in the unused branch's gradient
    return m.where(m.less(x, -3.0), zeros, m.where(m.greater(x, 3.0), x, m.div(m.mul(safe, m.add(safe, 3.0)), 6.0)))


def hardtanh(input: Tensor, min_val: float = -1.0, max_val: float = 1.0) -> Tensor:
    """x clipped to [min_val, max_val] (min(max(x, min_val), max_val), so crossed bounds give max_val, as
    MindSpore's)."""
    x = _float_input("hardtanh", input)
    return m.clamp(x, _number("hardtanh", "min_val", min_val), _number("hardtanh", "max_val", max_val))


def mish(x: Tensor) -> Tensor:
    """x tanh(softplus(x)), finite for any finite x."""
    x = _float_input("mish", x)
    return m.mul(x, m.tanh(m.softplus(x)))


def logsigmoid(x: Tensor) -> Tensor:
    """log(sigmoid(x)) = -softplus(-x), finite for any finite x."""
    x = _float_input("logsigmoid", x)
    return m.neg(m.softplus(m.neg(x)))


def softsign(x: Tensor) -> Tensor:
    """x / (1 + |x|)."""
    x = _float_input("softsign", x)
    return m.div(x, m.add(m.abs(x), 1.0))


def tanhshrink(input: Tensor) -> Tensor:
    """x - tanh(x)."""
    x = _float_input("tanhshrink", input)
    return m.sub(x, m.tanh(x))


def threshold(input: Tensor, thr: float, value: float) -> Tensor:
    """x where x > thr, else ``value`` (also at NaN)."""
    x = _float_input("threshold", input)
    thr, value = _number("threshold", "thr", thr), _number("threshold", "value", value)
    return m.where(m.greater(x, thr), x, creation.full_like(x, value))


def fast_gelu(x: Tensor) -> Tensor:
    """x / (1 + exp(-1.702 |x|)) * exp(0.851 (x - |x|)), MindSpore's fast GELU."""
    x = _float_input("fast_gelu", x)
    magnitude = m.abs(x)
    return m.mul(m.div(x, m.add(m.exp(m.mul(magnitude, -1.702)), 1.0)), m.exp(m.mul(m.sub(x, magnitude), 0.851)))


def prelu(input: Tensor, weight: Tensor) -> Tensor:
    """x above 0, weight * x at and below, ``weight`` one slope or one per channel (axis 1)."""
    x = _float_input("prelu", input)
    if not isinstance(weight, Tensor):
        raise not_a_tensor(weight, "weight")
    channels = x.shape[1] if x.ndim > 1 else 1
    if weight.ndim > 1 or weight.size not in (1, channels):
        raise ValueError(f"For 'prelu', the weight must hold 1 or {channels} (the channels) values, but got shape "
                         f"{weight.shape}")
    w = creation.cast(weight, x.dtype)
    if x.ndim > 1:
        w = shape.reshape(w, (1, -1) + (1,) * (x.ndim - 2))
    return m.where(m.less_equal(x, 0.0), m.mul(x, w), x)


def rrelu(input: Tensor, lower: float = 1.0 / 8, upper: float = 1.0 / 3) -> Tensor:
    """x above 0, a x at and below with a drawn uniformly from [lower, upper] for each element (MindSpore's
    ops.rrelu always draws; nn.RReLU's evaluation mode uses the mean slope)."""
    x = _float_input("rrelu", input)
    lower, upper = _number("rrelu", "lower", lower), _number("rrelu", "upper", upper)
    if lower > upper:
        raise ValueError(f"For 'rrelu', 'lower' must not exceed 'upper', but got {lower} and {upper}")
    backend = x._backend
    draw = rng.uniform_array(backend, tuple(x.shape), x.dtype)
    slope = m.add(m.mul(wrap(draw, backend), upper - lower), lower)
    return m.where(m.less_equal(x, 0.0), m.mul(x, slope), x)


def glu(x: Tensor, axis: int = -1) -> Tensor:
    """a * sigmoid(b), a and b the two halves of ``axis`` (its length must be even)."""
    x = _float_input("glu", x)
    if x.ndim == 0 or x.shape[axis] % 2:
        raise ValueError(f"For 'glu', the length of axis {axis} must be even, but got shape {x.shape}")
    a, b = shape.chunk(x, 2, axis)
    return m.mul(a, m.sigmoid(b))


def softmin(x: Tensor, axis: int = -1, *, dtype: dt.DType | None = None) -> Tensor:
    """softmax(-x) over ``axis`` (in ``dtype`` when given)."""
    x = _float_input("softmin", x)
    if dtype is not None:
        x = creation.cast(x, dtype)
    return nn.softmax(m.neg(x), axis)

"""Make a layer's Parameter from ``weight_init`` / ``bias_init`` (a Tensor, a name, a number or an
Initializer), with MindSpore's defaults: HeUniform(sqrt(5)) weights, U(+-1/sqrt(fan_in)) biases."""
from __future__ import annotations

import math
from typing import Any, Sequence

from unigrad import dtype as dt
from unigrad.common.initializer import HeUniform, Uniform, _calculate_fan_in_and_fan_out, initializer
from unigrad._parameter import Parameter
from unigrad._tensor import Tensor


def check_init_shape(owner: str, what: str, init: Any, shape: Sequence[int]) -> None:
    if isinstance(init, Tensor) and tuple(init.shape) != tuple(shape):
        raise ValueError(f"For '{owner}', {what} shape error: expected {tuple(shape)}, but got "
                         f"'{what}' of shape {tuple(init.shape)}")


def weight_param(owner: str, init: Any, shape: Sequence[int], dtype: dt.DType, name: str = "weight") -> Parameter:
    init = HeUniform(math.sqrt(5)) if init is None else init
    check_init_shape(owner, f"{name}_init", init, shape)
    return Parameter(initializer(init, shape, dtype), name=name)


def default_bias_init(weight_shape: Sequence[int]) -> Any:
    """MindSpore's bias default: U(+-1/sqrt(fan_in)) of the weight, zeros when it has no fan-in."""
    fan_in, _ = _calculate_fan_in_and_fan_out(weight_shape)
    return Uniform(1 / math.sqrt(fan_in)) if fan_in else "zeros"


def bias_param(owner: str, init: Any, weight_shape: Sequence[int], out: int, dtype: dt.DType) -> Parameter:
    if init is None:
        init = default_bias_init(weight_shape)
    check_init_shape(owner, "bias_init", init, (out,))
    return Parameter(initializer(init, [out], dtype), name="bias")


def positive_int(owner: str, name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"For '{owner}', '{name}' must be an int, but got {type(value).__name__}")
    if value <= 0:
        raise ValueError(f"For '{owner}', '{name}' must be a positive int, but got {value}")
    return value

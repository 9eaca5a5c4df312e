"""Activation Cells, and ``get_activation`` for ``nn.Dense(activation='relu')``."""
from __future__ import annotations

from typing import Any

import numpy as np

from unigrad import dtype as dt
from unigrad import ops
from unigrad.common._checks import check_positive_int
from unigrad.nn.cell import Cell
from unigrad._parameter import Parameter
from unigrad._tensor import Tensor


class ReLU(Cell):
    def construct(self, input: Tensor) -> Tensor:
        return ops.relu(input)


class ReLU6(Cell):
    def construct(self, x: Tensor) -> Tensor:
        return ops.relu6(x)


class LeakyReLU(Cell):
    """x for x > 0, alpha * x otherwise (MindSpore's default alpha is 0.2)."""

    def __init__(self, alpha: float = 0.2) -> None:
        super().__init__()
        if isinstance(alpha, bool) or not isinstance(alpha, (int, float)):
            raise TypeError(f"For 'LeakyReLU', 'alpha' must be a float or int, but got {type(alpha).__name__}")
        self.alpha = alpha

    def construct(self, x: Tensor) -> Tensor:
        return ops.leaky_relu(x, self.alpha)


class Sigmoid(Cell):
    def construct(self, input_x: Tensor) -> Tensor:
        return ops.sigmoid(input_x)


class Tanh(Cell):
    def construct(self, x: Tensor) -> Tensor:
        return ops.tanh(x)


class GELU(Cell):
    """GELU; MindSpore's nn.GELU uses the tanh approximation unless ``approximate=False``."""

    def __init__(self, approximate: bool = True) -> None:
        super().__init__()
        if not isinstance(approximate, bool):
            raise TypeError(f"For 'GELU', the 'approximate' must be a bool, but got {type(approximate).__name__}.")
        self.approximate = approximate

    def construct(self, x: Tensor) -> Tensor:
        return ops.gelu(x, "tanh" if self.approximate else "none")


class SiLU(Cell):
    def construct(self, x: Tensor) -> Tensor:
        return ops.silu(x)


class Softmax(Cell):
    def __init__(self, axis: int = -1) -> None:
        super().__init__()
        self.axis = axis

    def construct(self, x: Tensor) -> Tensor:
        return ops.softmax(x, self.axis)


class LogSoftmax(Cell):
    def __init__(self, axis: int = -1) -> None:
        super().__init__()
        self.axis = axis

    def construct(self, x: Tensor) -> Tensor:
        return ops.log_softmax(x, self.axis)


class Softplus(Cell):
    """log(1 + exp(beta x)) / beta, linear above ``threshold``."""

    def __init__(self, beta: float = 1, threshold: float = 20) -> None:
        super().__init__()
        self.beta, self.threshold = beta, threshold

    def construct(self, input: Tensor) -> Tensor:
        return ops.softplus(input, self.beta, self.threshold)


class HSwish(Cell):
    """x * relu6(x + 3) / 6."""

    def construct(self, input: Tensor) -> Tensor:
        return ops.hardswish(input)


class PReLU(Cell):
    """x where x > 0, else w * x, with a learnt slope per channel (axis 1), or one for all when
    ``channel`` is 1. The Parameter is ``w``, named 'a' in checkpoints, as MindSpore's."""

    def __init__(self, channel: int = 1, w: float | list | Tensor = 0.25) -> None:
        super().__init__()
        check_positive_int("channel", channel, "PReLU")
        if isinstance(w, (float, np.float32)):
            w = Tensor(np.full((channel,), w, np.float32), dt.float32)
        elif isinstance(w, list):
            if len(w) != channel:
                raise ValueError(f"For 'PReLU', the length of 'w' must be equal to the 'channel' when the 'w' is a "
                                 f"list, but got the length of 'w': {len(w)}, the 'channel': {channel}.")
            for item in w:
                if not isinstance(item, (float, np.float32)):
                    raise ValueError(f"For 'PReLU', all elements in 'w' must be float when the 'w' is a list, but "
                                     f"got {item}.")
            w = Tensor(np.asarray(w, np.float32), dt.float32)
        elif isinstance(w, Tensor):
            if w.dtype not in (dt.float16, dt.float32):
                raise ValueError(f"For 'PReLU', the dtype of 'w' must be float16 or float32 when the 'w' is a "
                                 f"tensor, but got {w.dtype}.")
            if w.ndim != 1 or w.shape[0] != channel:
                raise ValueError(f"For 'PReLU', the dimension of 'w' must be 1, and the elements number should be "
                                 f"equal to the 'channel' when the 'w' is a tensor, but got 'w' shape {w.shape}, "
                                 f"the 'channel' {channel}.")
        else:
            raise TypeError(f"For 'PReLU', the 'w' only supported float, list and tensor, but got "
                            f"{type(w).__name__}.")
        self.w = Parameter(w, name="a")

    def construct(self, x: Tensor) -> Tensor:
        return ops.prelu(x, self.w)


def _float_alpha(prim: str, alpha: Any, arg: str) -> None:
    """MindSpore checks ELU's and CELU's alpha when the layer first runs, in its primitives' words."""
    if not isinstance(alpha, float):
        raise TypeError(f'Failed calling {prim} with "{prim}(alpha={type(alpha).__name__})({arg}=Tensor)".')


class ELU(Cell):
    """x where x > 0, else alpha (exp(x) - 1), for any float alpha (MindSpore's kernel takes only 1.0)."""

    def __init__(self, alpha: float = 1.0) -> None:
        super().__init__()
        self.alpha = alpha

    def construct(self, x: Tensor) -> Tensor:
        _float_alpha("Elu", self.alpha, "input_x")
        return ops.elu(x, self.alpha)


class CELU(Cell):
    """max(0, x) + min(0, alpha (exp(x / alpha) - 1))."""

    def __init__(self, alpha: float = 1.0) -> None:
        super().__init__()
        self.alpha = alpha

    def construct(self, x: Tensor) -> Tensor:
        _float_alpha("CeLU", self.alpha, "x")
        if self.alpha == 0:
            raise ValueError(f"For primitive[CeLU], the alpha must be not equal to 0 , but got {self.alpha:g}.")
        return ops.celu(x, self.alpha)


class SeLU(Cell):
    """scale * ELU(x, alpha) with SELU's fixed alpha and scale (self-normalising)."""

    def construct(self, input_x: Tensor) -> Tensor:
        return ops.selu(input_x)


class Mish(Cell):
    """x * tanh(softplus(x))."""

    def construct(self, input_x: Tensor) -> Tensor:
        return ops.mish(input_x)


class HSigmoid(Cell):
    """relu6(x + 3) / 6."""

    def construct(self, input: Tensor) -> Tensor:
        return ops.hardsigmoid(input)


class Hardtanh(Cell):
    """x clipped to [min_val, max_val]."""

    def __init__(self, min_val: float = -1.0, max_val: float = 1.0) -> None:
        super().__init__()
        if min_val >= max_val:
            raise ValueError(f"For Hardtanh, min_val should be less than max_val,but got {min_val} and {max_val}")
        self.min_val, self.max_val = min_val, max_val

    def construct(self, x: Tensor) -> Tensor:
        return ops.hardtanh(x, self.min_val, self.max_val)


class _Shrink(Cell):
    def __init__(self, lambd: float = 0.5) -> None:
        super().__init__()
        self.lambd = lambd


class HShrink(_Shrink):
    """x where |x| > lambd, else 0 (any lambd, as MindSpore's)."""

    def construct(self, input: Tensor) -> Tensor:
        return ops.hardshrink(input, self.lambd)


class SoftShrink(_Shrink):
    """x - lambd above lambd, x + lambd below -lambd, 0 between; lambd below 0 is refused when it runs, as
    MindSpore's kernel refuses it."""

    def construct(self, input: Tensor) -> Tensor:
        if self.lambd < 0:
            raise RuntimeError(f"For 'SoftShrink', the values for lambd should be greater or equal to 0, , but "
                               f"found to be [{self.lambd}].")
        return ops.softshrink(input, self.lambd)


class Softsign(Cell):
    """x / (1 + |x|)."""

    def construct(self, x: Tensor) -> Tensor:
        return ops.softsign(x)


class Softmin(Cell):
    """softmax(-x) over ``axis``."""

    def __init__(self, axis: int = -1) -> None:
        super().__init__()
        self.axis = axis

    def construct(self, x: Tensor) -> Tensor:
        return ops.softmin(x, self.axis)


class Softmax2d(Cell):
    """Softmax over the channels (axis -3) of (C, H, W) or (N, C, H, W)."""

    def construct(self, x: Tensor) -> Tensor:
        if x.ndim not in (3, 4):
            raise ValueError(f"For 'Softmax2d', the in_shape must have 3 or 4 dims, but got {x.ndim}.")
        return ops.softmax(x, -3)


class Tanhshrink(Cell):
    """x - tanh(x)."""

    def construct(self, x: Tensor) -> Tensor:
        return ops.tanhshrink(x)


class Threshold(Cell):
    """x where x > threshold, else ``value``."""

    def __init__(self, threshold: float, value: float) -> None:
        super().__init__()
        self.threshold, self.value = threshold, value

    def construct(self, input_x: Tensor) -> Tensor:
        return ops.threshold(input_x, self.threshold, self.value)


class LogSigmoid(Cell):
    """log(sigmoid(x)) = -softplus(-x), finite for any x (MindSpore's log(1 / (1 + exp(-x))) gives -inf below
    about -88 in float32)."""

    def construct(self, input_x: Tensor) -> Tensor:
        return ops.logsigmoid(input_x)


class GLU(Cell):
    """a * sigmoid(b), a and b the two halves of ``axis``."""

    def __init__(self, axis: int = -1) -> None:
        super().__init__()
        self.dim = axis

    def construct(self, x: Tensor) -> Tensor:
        return ops.glu(x, self.dim)


class FastGelu(Cell):
    """x / (1 + exp(-1.702 |x|)) * exp(0.851 (x - |x|)), MindSpore's fast GELU."""

    def construct(self, x: Tensor) -> Tensor:
        return ops.fast_gelu(x)


_ACTIVATIONS = {"relu": ReLU, "relu6": ReLU6, "leakyrelu": LeakyReLU, "sigmoid": Sigmoid, "tanh": Tanh,
                "gelu": GELU, "silu": SiLU, "softmax": Softmax, "logsoftmax": LogSoftmax, "softplus": Softplus,
                "hswish": HSwish, "prelu": PReLU, "softmin": Softmin, "softmax2d": Softmax2d, "tanhshrink": Tanhshrink,
                "hardtanh": Hardtanh, "fast_gelu": FastGelu, "elu": ELU, "softsign": Softsign, "hsigmoid": HSigmoid,
                "logsigmoid": LogSigmoid, "softshrink": SoftShrink, "hshrink": HShrink, "threshold": Threshold,
                "mish": Mish}


def get_activation(name: str | None, prim_name: str | None = None) -> Cell | None:
    """The activation Cell for a name ('relu', 'gelu', ...), None for None."""
    if name is None:
        return None
    if not isinstance(name, str):
        raise TypeError(f"The activation name must be a str, but got {type(name).__name__}")
    if name.lower() not in _ACTIVATIONS:
        raise KeyError(f"Unknown activation type {name!r}; known: {', '.join(sorted(_ACTIVATIONS))}")
    return _ACTIVATIONS[name.lower()]()

"""Activation Cells, and ``get_activation`` for ``nn.Dense(activation='relu')``."""
from __future__ import annotations

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
        return input * ops.relu6(input + 3.0) / 6.0


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
        w = ops.cast(self.w, x.dtype)
        if x.ndim > 1:
            w = ops.reshape(w, (1, -1) + (1,) * (x.ndim - 2))
        return ops.where(x > 0, x, x * w)


_ACTIVATIONS = {"relu": ReLU, "relu6": ReLU6, "leakyrelu": LeakyReLU, "sigmoid": Sigmoid, "tanh": Tanh,
                "gelu": GELU, "silu": SiLU, "softmax": Softmax, "logsoftmax": LogSoftmax, "softplus": Softplus,
                "hswish": HSwish, "prelu": PReLU}


def get_activation(name: str | None, prim_name: str | None = None) -> Cell | None:
    """The activation Cell for a name ('relu', 'gelu', ...), None for None."""
    if name is None:
        return None
    if not isinstance(name, str):
        raise TypeError(f"The activation name must be a str, but got {type(name).__name__}")
    if name.lower() not in _ACTIVATIONS:
        raise KeyError(f"Unknown activation type {name!r}; known: {', '.join(sorted(_ACTIVATIONS))}")
    return _ACTIVATIONS[name.lower()]()

"""Activation Cells, and ``get_activation`` for ``nn.Dense(activation='relu')``."""
from __future__ import annotations

from unigrad import ops
from unigrad.nn.cell import Cell
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


_ACTIVATIONS = {"relu": ReLU, "relu6": ReLU6, "leakyrelu": LeakyReLU, "sigmoid": Sigmoid, "tanh": Tanh,
                "gelu": GELU, "silu": SiLU, "softmax": Softmax, "logsoftmax": LogSoftmax, "softplus": Softplus}


def get_activation(name: str | None, prim_name: str | None = None) -> Cell | None:
    """The activation Cell for a name ('relu', 'gelu', ...), None for None."""
    if name is None:
        return None
    if not isinstance(name, str):
        raise TypeError(f"The activation name must be a str, but got {type(name).__name__}")
    if name.lower() not in _ACTIVATIONS:
        raise KeyError(f"Unknown activation type {name!r}; known: {', '.join(sorted(_ACTIVATIONS))}")
    return _ACTIVATIONS[name.lower()]()

"""SGD and Momentum, with the update rules of MindSpore's SGD and ApplyMomentum kernels."""
from __future__ import annotations

from typing import Any, Iterable, Sequence

from unigrad.nn.optim.optimizer import Optimizer
from unigrad._tensor import Tensor
from unigrad import ops


def _float(owner: str, name: str, value: Any, minimum: float = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"For '{owner}', the argument '{name}' must be float type, but got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"For '{owner}', the argument '{name}' must be at least {minimum}, but got {value}")
    return float(value)


class SGD(Optimizer):
    """accum = grad on the first step, then momentum * accum + (1 - dampening) * grad;
    param -= lr * (grad + momentum * accum if nesterov else accum)."""

    def __init__(self, params: Iterable[Any], learning_rate: Any = 0.1, momentum: float = 0.0,
                 dampening: float = 0.0, weight_decay: float = 0.0, nesterov: bool = False,
                 loss_scale: float = 1.0) -> None:
        super().__init__(learning_rate, params, weight_decay, loss_scale)
        self.momentum = _float("SGD", "momentum", momentum)
        self.dampening = _float("SGD", "dampening", dampening)
        if not isinstance(nesterov, bool):
            raise TypeError(f"For 'SGD', the type of 'nesterov' should be 'bool', "
                            f"but got type '{type(nesterov).__name__}'.")
        if nesterov and (momentum <= 0.0 or dampening != 0.0):
            raise ValueError(f"For 'SGD', if 'nesterov' is true, 'momentum' must be > 0.0 and 'dampening' must "
                             f"equal to 0.0, but got 'momentum' {momentum}, 'dampening' {dampening}.")
        self.nesterov = nesterov
        self.accum = self._clone_state("accum", "zeros")
        self.stat = self._clone_state("stat", "ones")

    def construct(self, gradients: Sequence[Tensor]) -> bool:
        gradients = self.scale_grad(self.decay_weight(self._check_grads(gradients)))
        lrs = self._advance()
        if self.momentum > 0.0:
            gradients = [self._with_momentum(i, grad) for i, grad in enumerate(gradients)]
        self._descend(gradients, lrs)
        return True

    def _with_momentum(self, i: int, grad: Tensor) -> Tensor:
        """The step's direction for parameter ``i``: its accumulator, updated (plus momentum * accum with
        Nesterov's formula)."""
        accum, stat = self.accum[i], self.stat[i]
        later = accum * self.momentum + grad * (1.0 - self.dampening)
        ops.assign(accum, ops.where(stat > 0, grad, later))
        ops.assign(stat, ops.zeros_like(stat))
        return grad + accum * self.momentum if self.nesterov else accum


class Momentum(Optimizer):
    """accum = momentum * accum + grad; param -= lr * accum (nesterov: lr * (grad + momentum * accum))."""

    def __init__(self, params: Iterable[Any], learning_rate: Any, momentum: float, weight_decay: float = 0.0,
                 loss_scale: float = 1.0, use_nesterov: bool = False) -> None:
        super().__init__(learning_rate, params, weight_decay, loss_scale)
        self.momentum = _float("Momentum", "momentum", momentum)
        if not isinstance(use_nesterov, bool):
            raise TypeError(f"For 'Momentum', 'use_nesterov' must be bool, but got {type(use_nesterov).__name__}")
        self.use_nesterov = use_nesterov
        self.moments = self._clone_state("moments", "zeros")

    def construct(self, gradients: Sequence[Tensor]) -> bool:
        gradients = self.scale_grad(self.decay_weight(self._check_grads(gradients)))
        lrs = self._advance()
        directions = []
        for moment, grad in zip(self.moments, gradients):
            ops.assign(moment, moment * self.momentum + grad)
            directions.append(grad + moment * self.momentum if self.use_nesterov else moment)
        self._descend(directions, lrs)
        return True

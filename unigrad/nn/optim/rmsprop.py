"""RMSProp and Adagrad with MindSpore's kernels (ApplyRMSProp / ApplyCenteredRMSProp / ApplyAdagrad)."""
from __future__ import annotations

from typing import Any, Iterable

from unigrad import ops
from unigrad.nn.optim.optimizer import Optimizer
from unigrad._parameter import Parameter
from unigrad._tensor import Tensor


class RMSProp(Optimizer):
    """ms = decay * ms + (1 - decay) g^2 (ms starts at ones); mom = momentum * mom + lr g / sqrt(ms + eps);
    param -= mom. ``centered`` subtracts the squared running mean of g inside the root."""

    def __init__(self, params: Iterable[Any], learning_rate: Any = 0.1, decay: float = 0.9, momentum: float = 0.0,
                 epsilon: float = 1e-10, use_locking: bool = False, centered: bool = False, loss_scale: float = 1.0,
                 weight_decay: float = 0.0) -> None:
        super().__init__(learning_rate, params, weight_decay, loss_scale)
        if momentum < 0.0:
            raise ValueError(f"For 'RMSProp', the 'momentum' must be >= 0.0, but got {momentum}")
        if decay < 0.0:
            raise ValueError(f"For 'RMSProp', the 'decay' must be >= 0.0, but got {decay}")
        if epsilon <= 0.0:
            raise ValueError(f"For 'RMSProp', the 'epsilon' must be > 0.0, but got {epsilon}")
        self.decay, self.momentum, self.epsilon, self.centered = float(decay), float(momentum), float(epsilon), centered
        if centered:
            self.mg = self._clone_state("mean_grad", "zeros")
        self.ms = self._clone_state("mean_square", "ones")
        self.moment = self._clone_state("moment", "zeros")

    def _update(self, i: int, param: Parameter, grad: Tensor, lr: Tensor) -> None:
        ms, mom = self.ms[i], self.moment[i]
        ops.assign(ms, ms * self.decay + grad * grad * (1.0 - self.decay))
        denom = ms
        if self.centered:
            mg = self.mg[i]
            ops.assign(mg, mg * self.decay + grad * (1.0 - self.decay))
            denom = ms - mg * mg
        ops.assign(mom, mom * self.momentum + lr * grad / ops.sqrt(denom + self.epsilon))
        ops.assign_sub(param, mom)


class Adagrad(Optimizer):
    """accum += g^2 (accum starts at ``accum``); param -= lr g / sqrt(accum)."""

    def __init__(self, params: Iterable[Any], accum: float = 0.1, learning_rate: Any = 0.001,
                 update_slots: bool = True, loss_scale: float = 1.0, weight_decay: float = 0.0) -> None:
        super().__init__(learning_rate, params, weight_decay, loss_scale)
        if accum < 0:
            raise ValueError(f"For 'Adagrad', the 'accum' must be >= 0, but got {accum}")
        self.update_slots = update_slots
        self.accum = self._clone_state("accum", float(accum))

    def _update(self, i: int, param: Parameter, grad: Tensor, lr: Tensor) -> None:
        accum = self.accum[i]
        if self.update_slots:
            ops.assign_add(accum, grad * grad)
        ops.assign_sub(param, lr * grad / ops.sqrt(accum))

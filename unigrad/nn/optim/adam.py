"""Adam (MindSpore's ApplyAdam: bias correction folded into the step size), AdamWeightDecay (decoupled
decay, no bias correction) and AdamW (PyTorch's / mindspore.mint's AdamW)."""
from __future__ import annotations

from typing import Any, Iterable

import numpy as np

from unigrad import ops
from unigrad.common._checks import check_bools
from unigrad.nn.optim.optimizer import Optimizer
from unigrad._parameter import Parameter
from unigrad._tensor import Tensor


def _check_betas(owner: str, beta1: float, beta2: float, eps: float) -> None:
    for name, value in (("beta1", beta1), ("beta2", beta2)):
        if not 0.0 < value < 1.0:
            raise ValueError(f"For '{owner}', the '{name}' must be in (0.0, 1.0), but got {value}")
    if eps <= 0:
        raise ValueError(f"For '{owner}', the 'eps' must be > 0, but got {eps}")


class _AdamBase(Optimizer):
    def __init__(self, owner: str, params, learning_rate, beta1, beta2, eps, weight_decay, loss_scale=1.0,
                 m_prefix: str = "moment1", v_prefix: str = "moment2") -> None:
        super().__init__(learning_rate, params, weight_decay, loss_scale)
        _check_betas(owner, beta1, beta2, eps)
        self.beta1, self.beta2, self.eps = float(beta1), float(beta2), float(eps)
        self.beta1_power = Parameter(Tensor(np.array([1.0], np.float32)), name="beta1_power", requires_grad=False)
        self.beta2_power = Parameter(Tensor(np.array([1.0], np.float32)), name="beta2_power", requires_grad=False)
        self.moment1 = self._clone_state(m_prefix, "zeros")
        self.moment2 = self._clone_state(v_prefix, "zeros")

    def _before_updates(self) -> None:
        ops.assign(self.beta1_power, self.beta1_power * self.beta1)
        ops.assign(self.beta2_power, self.beta2_power * self.beta2)

    def _moments(self, i: int, grad: Tensor) -> tuple[Tensor, Tensor]:
        m, v = self.moment1[i], self.moment2[i]
        ops.assign(m, m * self.beta1 + grad * (1.0 - self.beta1))
        ops.assign(v, v * self.beta2 + grad * grad * (1.0 - self.beta2))
        return m, v


class Adam(_AdamBase):
    """param -= lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + eps); weight decay is L2 (added
    to the gradient). ``use_amsgrad``: v is replaced by its running maximum ``vhat`` (ApplyAdamWithAmsgradV2).
    ``use_lazy`` and ``use_offload`` only change where MindSpore runs the update; on dense gradients the
    numbers are Adam's, so they are checked as MindSpore checks them and computed the same way."""

    def __init__(self, params: Iterable[Any], learning_rate: Any = 1e-3, beta1: float = 0.9, beta2: float = 0.999,
                 eps: float = 1e-8, use_locking: bool = False, use_nesterov: bool = False, weight_decay: float = 0.0,
                 loss_scale: float = 1.0, use_amsgrad: bool = False, **kwargs: Any) -> None:
        super().__init__("Adam", params, learning_rate, beta1, beta2, eps, weight_decay, loss_scale)
        unknown = set(kwargs) - {"use_lazy", "use_offload"}
        if unknown:
            raise KeyError(f"For 'Adam', invalid keys are passed as kwargs, supported keys are 'use_lazy' and "
                           f"'use_offload', but got {sorted(unknown)}")
        use_lazy, use_offload = kwargs.get("use_lazy", False), kwargs.get("use_offload", False)
        check_bools("Adam", use_locking=use_locking, use_nesterov=use_nesterov, use_amsgrad=use_amsgrad,
                     use_lazy=use_lazy, use_offload=use_offload)
        if use_lazy and use_offload:
            raise ValueError(f"For 'Adam', 'use_lazy' and 'use_offload' can not both be True, but got "
                             f"use_lazy={use_lazy}, use_offload={use_offload}")
        if use_amsgrad and (use_lazy or use_offload or use_nesterov):
            # MindSpore refuses lazy and offload; its amsgrad kernel has no Nesterov form and would ignore it
            raise ValueError(f"For 'Adam', 'use_amsgrad' cannot be combined with 'use_lazy', 'use_offload' or "
                             f"'use_nesterov', but got use_lazy={use_lazy}, use_offload={use_offload}, "
                             f"use_nesterov={use_nesterov}")
        self.use_nesterov = use_nesterov
        self.use_amsgrad = use_amsgrad
        if use_amsgrad:
            self.vhat = self._clone_state("vhat", "zeros")

    def _update(self, i: int, param: Parameter, grad: Tensor, lr: Tensor) -> None:
        m, v = self._moments(i, grad)
        if self.use_amsgrad:
            vhat = self.vhat[i]
            ops.assign(vhat, ops.maximum(vhat, v))
            v = vhat
        b1p, b2p = ops.reshape(self.beta1_power, ()), ops.reshape(self.beta2_power, ())
        lr_t = lr * ops.sqrt(1.0 - b2p) / (1.0 - b1p)
        numerator = m * self.beta1 + grad * (1.0 - self.beta1) if self.use_nesterov else m
        ops.assign_sub(param, lr_t * numerator / (ops.sqrt(v) + self.eps))


class AdamWeightDecay(_AdamBase):
    """param -= lr * (m / (sqrt(v) + eps) + weight_decay * param): decay decoupled from the moments, no bias
    correction (BERT's optimizer)."""

    def __init__(self, params: Iterable[Any], learning_rate: Any = 1e-3, beta1: float = 0.9, beta2: float = 0.999,
                 eps: float = 1e-6, weight_decay: float = 0.0) -> None:
        super().__init__("AdamWeightDecay", params, learning_rate, beta1, beta2, eps, weight_decay,
                         m_prefix="adam_m", v_prefix="adam_v")

    def construct(self, gradients) -> bool:
        gradients = self._check_grads(gradients)
        lrs = self._advance()
        for i, (param, grad, lr) in enumerate(zip(self._parameters, gradients, lrs)):
            m, v = self._moments(i, grad)
            update = m / (ops.sqrt(v) + self.eps)
            if self._decay_flags[i]:
                update = update + param * self._weight_decays[i]
            ops.assign_sub(param, update * lr)
        return True


class AdamW(_AdamBase):
    """PyTorch's AdamW (MindSpore's mint.optim.AdamW): param *= 1 - lr * weight_decay, then the Adam step
    with bias-corrected moments, eps outside the corrected square root."""

    def __init__(self, params: Iterable[Any], learning_rate: Any = 1e-3, beta1: float = 0.9, beta2: float = 0.999,
                 eps: float = 1e-8, weight_decay: float = 1e-2) -> None:
        super().__init__("AdamW", params, learning_rate, beta1, beta2, eps, weight_decay)

    def construct(self, gradients) -> bool:
        gradients = self._check_grads(gradients)
        lrs = self._advance()
        self._before_updates()
        b1p, b2p = ops.reshape(self.beta1_power, ()), ops.reshape(self.beta2_power, ())
        for i, (param, grad, lr) in enumerate(zip(self._parameters, gradients, lrs)):
            decayed = param * (1.0 - lr * self._weight_decays[i])
            m, v = self._moments(i, grad)
            denom = ops.sqrt(v) / ops.sqrt(1.0 - b2p) + self.eps
            ops.assign(param, decayed - (lr / (1.0 - b1p)) * m / denom)
        return True

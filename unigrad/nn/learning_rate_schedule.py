"""Learning-rate schedules: Cells called with the optimizer's global step, MindSpore's float32 formulas;
and ``piecewise_constant_lr``, which (as in MindSpore's dynamic_lr) returns a list."""
from __future__ import annotations

import math
from typing import Sequence

from unigrad import dtype as dt
from unigrad import ops
from unigrad.nn.cell import Cell
from unigrad._tensor import Tensor


def _step(global_step: Tensor) -> Tensor:
    return ops.cast(ops.reshape(global_step, ()), dt.float32)


def _positive(owner: str, name: str, value) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise ValueError(f"For '{owner}', '{name}' must be a positive number, but got {value!r}")


class LearningRateSchedule(Cell):
    def construct(self, global_step: Tensor) -> Tensor:
        raise NotImplementedError(f"{type(self).__name__} must define construct(global_step)")


class ExponentialDecayLR(LearningRateSchedule):
    """lr * decay_rate ^ (step / decay_steps), the exponent floored when ``is_stair``."""

    def __init__(self, learning_rate: float, decay_rate: float, decay_steps: int, is_stair: bool = False) -> None:
        super().__init__()
        for name, value in (("learning_rate", learning_rate), ("decay_rate", decay_rate), ("decay_steps", decay_steps)):
            _positive("ExponentialDecayLR", name, value)
        self.learning_rate, self.decay_rate, self.decay_steps, self.is_stair = learning_rate, decay_rate, decay_steps, is_stair

    def construct(self, global_step: Tensor) -> Tensor:
        p = _step(global_step) / float(self.decay_steps)
        if self.is_stair:
            p = ops.floor(p)
        return ops.pow(Tensor(self.decay_rate, dt.float32), p) * self.learning_rate


class NaturalExpDecayLR(LearningRateSchedule):
    def __init__(self, learning_rate: float, decay_rate: float, decay_steps: int, is_stair: bool = False) -> None:
        super().__init__()
        self.learning_rate, self.decay_rate, self.decay_steps, self.is_stair = learning_rate, decay_rate, decay_steps, is_stair

    def construct(self, global_step: Tensor) -> Tensor:
        p = _step(global_step)
        if self.is_stair:
            p = ops.floor_divide(p, float(self.decay_steps)) * float(self.decay_steps)
        return ops.pow(Tensor(math.e, dt.float32), p * -self.decay_rate) * self.learning_rate


class InverseDecayLR(LearningRateSchedule):
    def __init__(self, learning_rate: float, decay_rate: float, decay_steps: int, is_stair: bool = False) -> None:
        super().__init__()
        self.learning_rate, self.decay_rate, self.decay_steps, self.is_stair = learning_rate, decay_rate, decay_steps, is_stair

    def construct(self, global_step: Tensor) -> Tensor:
        p = _step(global_step) / float(self.decay_steps)
        if self.is_stair:
            p = ops.floor(p)
        return self.learning_rate / (p * self.decay_rate + 1.0)


class CosineDecayLR(LearningRateSchedule):
    """min_lr + (max_lr - min_lr) / 2 * (1 + cos(pi * min(step, decay_steps) / decay_steps))."""

    def __init__(self, min_lr: float, max_lr: float, decay_steps: int) -> None:
        super().__init__()
        _positive("CosineDecayLR", "decay_steps", decay_steps)
        if min_lr < 0 or max_lr <= min_lr:
            raise ValueError(f"For 'CosineDecayLR', need 0 <= min_lr < max_lr, but got min_lr={min_lr}, max_lr={max_lr}")
        self.min_lr, self.max_lr, self.decay_steps = min_lr, max_lr, decay_steps

    def construct(self, global_step: Tensor) -> Tensor:
        p = ops.minimum(_step(global_step), float(self.decay_steps))
        delta = 0.5 * (self.max_lr - self.min_lr)
        return (ops.sin((p / float(self.decay_steps) + 0.5) * math.pi) + 1.0) * delta + self.min_lr


class PolynomialDecayLR(LearningRateSchedule):
    def __init__(self, learning_rate: float, end_learning_rate: float, decay_steps: int, power: float,
                 update_decay_steps: bool = False) -> None:
        super().__init__()
        self.learning_rate, self.end_learning_rate, self.decay_steps = learning_rate, end_learning_rate, decay_steps
        self.power, self.update_decay_steps = power, update_decay_steps

    def construct(self, global_step: Tensor) -> Tensor:
        step, decay = _step(global_step), float(self.decay_steps)
        if self.update_decay_steps:
            decay = ops.maximum(ops.ceil(step / decay), 1.0) * decay
        else:
            step = ops.minimum(step, decay)
        p = step / decay
        return ops.pow(1.0 - p, self.power) * (self.learning_rate - self.end_learning_rate) + self.end_learning_rate


class WarmUpLR(LearningRateSchedule):
    def __init__(self, learning_rate: float, warmup_steps: int) -> None:
        super().__init__()
        self.learning_rate, self.warmup_steps = learning_rate, warmup_steps

    def construct(self, global_step: Tensor) -> Tensor:
        return ops.minimum(_step(global_step), float(self.warmup_steps)) / float(self.warmup_steps) * self.learning_rate


class PiecewiseConstantLR(LearningRateSchedule):
    """learning_rates[i] while step < milestone[i] (the last one after); a schedule-Cell form of MindSpore's
    ``nn.piecewise_constant_lr`` list (MindSpore 2.10 has no class of this name)."""

    def __init__(self, milestone: Sequence[int], learning_rates: Sequence[float]) -> None:
        super().__init__()
        if len(milestone) != len(learning_rates):
            raise ValueError(f"For 'PiecewiseConstantLR', 'milestone' ({len(milestone)}) and 'learning_rates' "
                             f"({len(learning_rates)}) must have the same length")
        if list(milestone) != sorted(milestone):
            raise ValueError(f"For 'PiecewiseConstantLR', 'milestone' must be increasing, but got {milestone}")
        self.milestone, self.learning_rates = list(milestone), [float(v) for v in learning_rates]

    def construct(self, global_step: Tensor) -> Tensor:
        step = int(global_step.asnumpy().reshape(()))
        for bound, lr in zip(self.milestone, self.learning_rates):
            if step < bound:
                return Tensor(lr, dt.float32)
        return Tensor(self.learning_rates[-1], dt.float32)


def piecewise_constant_lr(milestone: Sequence[int], learning_rates: Sequence[float]) -> list[float]:
    """The list [lr_0] * m_0 + [lr_1] * (m_1 - m_0) + ..., one learning rate per step."""
    if len(milestone) != len(learning_rates):
        raise ValueError("For 'piecewise_constant_lr', 'milestone' and 'learning_rates' must have the same length")
    out, last = [], 0
    for bound, lr in zip(milestone, learning_rates):
        out += [lr] * (bound - last)
        last = bound
    return out

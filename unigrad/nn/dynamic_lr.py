"""MindSpore's ``nn.dynamic_lr``: learning-rate lists computed ahead of training, one value per step, to hand
to an optimizer as ``learning_rate``. Each function works per epoch (``floor(step / step_per_epoch)``), in
Python floats, with MindSpore 2.10's argument checks and wording."""
from __future__ import annotations

import math
from typing import Callable

from unigrad.common._checks import check_number, check_positive_int, check_type
from unigrad.nn.learning_rate_schedule import piecewise_constant_lr

__all__ = ["piecewise_constant_lr", "exponential_decay_lr", "natural_exp_decay_lr", "inverse_decay_lr",
           "cosine_decay_lr", "polynomial_decay_lr", "warmup_lr"]


def _positive_float(name: str, value: float) -> None:
    check_number(name, value, float, ">", 0)


def _non_negative_float(owner: str, name: str, value: float) -> None:
    if not isinstance(value, float):
        raise TypeError(f"For '{owner}', the argument '{name}' must be type of float, but got '{name}' type: "
                        f"{type(value)}.")
    check_number(name, value, float, ">=", 0)


def _per_epoch(total_step: int, step_per_epoch: int, rate: Callable[[int], float]) -> list[float]:
    """``rate(epoch)`` for each of ``total_step`` steps."""
    return [rate(math.floor(i / step_per_epoch)) for i in range(total_step)]


def _decay(learning_rate: float, decay_rate: float, total_step: int, step_per_epoch: int, decay_epoch: int,
           is_stair: bool, rate: Callable[[float], float]) -> list[float]:
    """The checks the three decays share, then ``learning_rate * rate(p)`` per step, with p the epoch over
    ``decay_epoch``, floored when ``is_stair``."""
    for name, value in (("total_step", total_step), ("step_per_epoch", step_per_epoch),
                        ("decay_epoch", decay_epoch)):
        check_positive_int(name, value)
    _positive_float("learning_rate", learning_rate)
    _positive_float("decay_rate", decay_rate)
    check_type("is_stair", is_stair, (bool,))
    progress = (lambda e: math.floor(e / decay_epoch)) if is_stair else (lambda e: e / decay_epoch)
    return _per_epoch(total_step, step_per_epoch, lambda e: learning_rate * rate(progress(e)))


def exponential_decay_lr(learning_rate: float, decay_rate: float, total_step: int, step_per_epoch: int,
                         decay_epoch: int, is_stair: bool = False) -> list[float]:
    """learning_rate * decay_rate ^ (epoch / decay_epoch)."""
    return _decay(learning_rate, decay_rate, total_step, step_per_epoch, decay_epoch, is_stair,
                  lambda p: decay_rate ** p)


def natural_exp_decay_lr(learning_rate: float, decay_rate: float, total_step: int, step_per_epoch: int,
                         decay_epoch: int, is_stair: bool = False) -> list[float]:
    """learning_rate * e ^ (-decay_rate * epoch); with ``is_stair`` the epoch is floored to a multiple of
    ``decay_epoch`` (MindSpore's code: the exponent is not divided by decay_epoch)."""
    return _decay(learning_rate, decay_rate, total_step, step_per_epoch, decay_epoch, is_stair,
                  lambda p: math.e ** (-decay_rate * p * decay_epoch))


def inverse_decay_lr(learning_rate: float, decay_rate: float, total_step: int, step_per_epoch: int,
                     decay_epoch: int, is_stair: bool = False) -> list[float]:
    """learning_rate / (1 + decay_rate * epoch / decay_epoch)."""
    return _decay(learning_rate, decay_rate, total_step, step_per_epoch, decay_epoch, is_stair,
                  lambda p: 1 / (1 + decay_rate * p))


def cosine_decay_lr(min_lr: float, max_lr: float, total_step: int, step_per_epoch: int,
                    decay_epoch: int) -> list[float]:
    """min_lr + (max_lr - min_lr) / 2 * (1 + cos(pi * min(epoch, decay_epoch) / decay_epoch))."""
    _non_negative_float("cosine_decay_lr", "min_lr", min_lr)
    _positive_float("max_lr", max_lr)
    for name, value in (("total_step", total_step), ("step_per_epoch", step_per_epoch),
                        ("decay_epoch", decay_epoch)):
        check_positive_int(name, value)
    if min_lr >= max_lr:
        raise ValueError(f"For 'cosine_decay_lr', the 'max_lr' must be greater than the 'min_lr', but got 'max_lr' "
                         f"value: {max_lr}, 'min_lr' value: {min_lr}.")
    delta = 0.5 * (max_lr - min_lr)
    return _per_epoch(total_step, step_per_epoch,
                      lambda e: min_lr + delta * (1 + math.cos(math.pi * min(e, decay_epoch) / decay_epoch)))


def polynomial_decay_lr(learning_rate: float, end_learning_rate: float, total_step: int, step_per_epoch: int,
                        decay_epoch: int, power: float, update_decay_epoch: bool = False) -> list[float]:
    """(learning_rate - end) * (1 - min(epoch, decay_epoch) / decay_epoch) ^ power + end; with
    ``update_decay_epoch`` the epoch is not capped and decay_epoch grows to the next multiple past it."""
    _positive_float("learning_rate", learning_rate)
    _non_negative_float("polynomial_decay_lr", "end_learning_rate", end_learning_rate)
    _positive_float("power", power)
    for name, value in (("total_step", total_step), ("step_per_epoch", step_per_epoch),
                        ("decay_epoch", decay_epoch)):
        check_positive_int(name, value)
    check_type("update_decay_epoch", update_decay_epoch, (bool,))
    delta = learning_rate - end_learning_rate

    def rate(epoch: int) -> float:
        if update_decay_epoch:
            return delta * (1 - epoch / (decay_epoch * max(math.ceil(epoch / decay_epoch), 1))) ** power
        return delta * (1 - min(epoch, decay_epoch) / decay_epoch) ** power
    return _per_epoch(total_step, step_per_epoch, lambda e: rate(e) + end_learning_rate)


def warmup_lr(learning_rate: float, total_step: int, step_per_epoch: int, warmup_epoch: int) -> list[float]:
    """learning_rate * min(epoch, warmup_epoch) / warmup_epoch."""
    _non_negative_float("warmup_lr", "learning_rate", learning_rate)
    for name, value in (("warmup_epoch", warmup_epoch), ("total_step", total_step),
                        ("step_per_epoch", step_per_epoch)):
        check_positive_int(name, value)
    return _per_epoch(total_step, step_per_epoch, lambda e: learning_rate * min(e, warmup_epoch) / warmup_epoch)

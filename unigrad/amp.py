"""``mindspore.amp``: mixed precision for functional training loops — loss scalers (``scale`` the loss,
``unscale`` the gradients, ``adjust`` the scale), the overflow test ``all_finite`` — and, re-exported, the
network-level pieces of ``unigrad.train.amp`` and the loss-scale managers.

The scalers keep their scale in a Parameter and update it with selects, not branches, so ``adjust`` works
inside a compiled ``unigrad.jit`` function on every backend."""
from __future__ import annotations

from typing import Any

import numpy as np

from unigrad import dtype as dt
from unigrad import ops
from unigrad._parameter import Parameter
from unigrad._tensor import Tensor
from unigrad.common._checks import check_positive_int
from unigrad.nn.wrap.loss_scale import all_finite, unscale
from unigrad.train.amp import auto_mixed_precision, build_train_network, get_black_list, get_white_list
from unigrad.train.loss_scale_manager import DynamicLossScaleManager, FixedLossScaleManager, LossScaleManager

__all__ = ["DynamicLossScaleManager", "LossScaleManager", "FixedLossScaleManager", "build_train_network",
           "DynamicLossScaler", "StaticLossScaler", "LossScaler", "auto_mixed_precision", "all_finite",
           "get_white_list", "get_black_list"]


def _map(fn: Any, inputs: Any) -> Any:
    """``fn`` on a Tensor, or on each Tensor of a tuple or list (a tuple back)."""
    if isinstance(inputs, Tensor):
        return fn(inputs)
    if isinstance(inputs, (tuple, list)):
        return tuple(fn(x) for x in inputs)
    raise TypeError(f"The inputs must be a Tensor or a tuple or list of Tensors, but got {type(inputs).__name__}")


def _check_scale_value(scale_value: Any) -> float:
    if isinstance(scale_value, bool) or not isinstance(scale_value, (float, int)):
        raise TypeError(f"The type of 'scale_value' should be one of '['float', 'int']', but got type "
                        f"'{type(scale_value).__name__}'.")
    if scale_value < 1.0:
        raise ValueError(f"The argument 'scale_value' must be > 1, but got {scale_value}")
    return float(scale_value)


class LossScaler:
    """The interface: ``scale(inputs)``, ``unscale(inputs)``, ``adjust(grads_finite)``."""

    def scale(self, inputs: Any) -> Any:
        raise NotImplementedError

    def unscale(self, inputs: Any) -> Any:
        raise NotImplementedError

    def adjust(self, grads_finite: Tensor) -> Any:
        raise NotImplementedError


class StaticLossScaler(LossScaler):
    """Scales by a constant ``scale_value``."""

    def __init__(self, scale_value: float) -> None:
        self.scale_value = Parameter(Tensor(np.float32(_check_scale_value(scale_value))), name="scale_value")

    def scale(self, inputs: Any) -> Any:
        """``inputs * scale_value``, the scale cast to each input's dtype."""
        return _map(lambda x: x * ops.cast(self.scale_value, x.dtype), inputs)

    def unscale(self, inputs: Any) -> Any:
        """``inputs * (1 / scale_value)``, the reciprocal cast to each input's dtype (as MindSpore computes it)."""
        return _map(lambda x: unscale(x, self.scale_value), inputs)

    def adjust(self, grads_finite: Tensor) -> bool:
        """The scale is fixed: False."""
        return False


class DynamicLossScaler(StaticLossScaler):
    """Raises the scale by ``scale_factor`` after ``scale_window`` finite steps in a row (unless that overflows
    float32), and lowers it by ``scale_factor`` (never below 1) after a step that was not finite."""

    def __init__(self, scale_value: float, scale_factor: int, scale_window: int) -> None:
        super().__init__(scale_value)
        self.scale_window = check_positive_int("scale_window", scale_window)
        self.scale_factor = check_positive_int("scale_factor", scale_factor)
        self.counter = Parameter(Tensor(np.int32(0)), name="counter")

    def adjust(self, grads_finite: Tensor) -> bool:
        """Updates ``scale_value`` and the finite-step ``counter`` in place; returns True."""
        raised = self.scale_value * self.scale_factor
        window_done = ops.equal(self.counter, self.scale_window - 1)
        kept_or_raised = ops.where(ops.logical_and(window_done, ops.isfinite(raised)), raised, self.scale_value)
        lowered = ops.maximum(self.scale_value / self.scale_factor, 1.0)
        ops.assign(self.scale_value, ops.where(grads_finite, kept_or_raised, lowered))
        counter = ops.where(grads_finite, (self.counter + 1) % self.scale_window, 0)
        ops.assign(self.counter, ops.cast(counter, dt.int32))
        return True

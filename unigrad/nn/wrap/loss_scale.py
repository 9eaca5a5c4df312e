"""Loss scaling for half-precision training (MindSpore's ``nn.wrap.loss_scale``): a training step that scales
the loss's cotangent up before the backward pass (so small float16 gradients do not flush to zero), scales the
gradients back down, and skips the update when one of them overflowed; and the Cells that adjust the scale.

The overflow test is MindSpore's on GPU (any gradient holding an infinity or a NaN) on every backend: MindSpore's
CPU build has no ``TrainOneStepWithLossScaleCell`` at all (its kernel NPUGetFloatStatusV2 is missing there).
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from unigrad import dtype as dt
from unigrad import ops
from unigrad._parameter import Parameter
from unigrad._tensor import Tensor
from unigrad.nn.cell import Cell
from unigrad.nn.wrap.cell_wrapper import TrainOneStepCell


def all_finite(inputs: Sequence[Tensor]) -> Tensor:
    """A Bool scalar: True when no Tensor of ``inputs`` holds an infinity or a NaN (MindSpore's amp.all_finite)."""
    if isinstance(inputs, Tensor) or not isinstance(inputs, (tuple, list)):
        raise TypeError(f"all_finite takes a tuple or list of Tensors, got {type(inputs).__name__}")
    finite = [ops.all(ops.isfinite(x)) for x in inputs]
    if not finite:
        return Tensor(np.array(True))
    return ops.all(ops.stack(finite)) if len(finite) > 1 else finite[0]


def unscale(grad: Tensor, scale: Tensor) -> Tensor:
    """``grad / scale`` as MindSpore computes it: ``grad`` times the scale's reciprocal cast to its dtype."""
    return grad * ops.cast(ops.reciprocal(scale), grad.dtype)


def _scalar(value: float, dtype: dt.DType, name: str) -> Parameter:
    return Parameter(Tensor(np.array(value, dtype.numpy)), name=name, requires_grad=False)


class DynamicLossScaleUpdateCell(Cell):
    """``cell(loss_scale, overflow)`` updates the Parameter ``loss_scale`` in place and returns ``overflow``: on
    an overflow it divides the scale by ``scale_factor`` (never below 1); after ``scale_window`` steps without
    one it multiplies it by ``scale_factor``. Written with selects, so a compiled step needs no branch."""

    def __init__(self, loss_scale_value: float, scale_factor: float, scale_window: int) -> None:
        super().__init__()
        self.loss_scale_value = loss_scale_value
        self.scale_factor = float(scale_factor)
        self.scale_window = int(scale_window)
        self.cur_iter = _scalar(1, dt.int32, "current_iterator_step")
        self.last_overflow_iter = _scalar(0, dt.int32, "last_overflow_iterator_step")

    def get_loss_scale(self) -> float:
        return self.loss_scale_value

    def construct(self, loss_scale: Parameter, overflow: Tensor) -> Tensor:
        lowered = ops.where(overflow, ops.maximum(loss_scale * (1.0 / self.scale_factor), 1.0), loss_scale)
        window_done = ops.less_equal(self.scale_window, self.cur_iter - self.last_overflow_iter)
        ops.assign(self.last_overflow_iter,
                   ops.where(ops.logical_or(overflow, window_done), self.cur_iter, self.last_overflow_iter))
        raise_scale = ops.logical_and(window_done, ops.logical_not(overflow))
        ops.assign(loss_scale, ops.where(raise_scale, lowered * self.scale_factor, lowered))
        ops.assign(self.cur_iter, self.cur_iter + 1)
        return overflow


class FixedLossScaleUpdateCell(Cell):
    """The scale never changes; ``cell(loss_scale, overflow)`` returns ``overflow`` (the update is still skipped)."""

    def __init__(self, loss_scale_value: float) -> None:
        super().__init__()
        self.loss_scale_value = loss_scale_value

    def get_loss_scale(self) -> float:
        return self.loss_scale_value

    def construct(self, _: Any, overflow: Tensor) -> Tensor:
        return overflow


class TrainOneStepWithLossScaleCell(TrainOneStepCell):
    """One loss-scaled training step: returns ``(loss, overflow, scale)``. ``scale_sense`` is an update Cell
    (the scale starts at its ``get_loss_scale()`` and follows its rule) or a Tensor of shape () or (1,) (a fixed
    scale, changed only by ``set_sense_scale``)."""

    def __init__(self, network: Cell, optimizer: Cell, scale_sense: Cell | Tensor) -> None:
        super().__init__(network, optimizer, sens=None)
        self.loss_scaling_manager = None
        if isinstance(scale_sense, Cell):
            self.loss_scaling_manager = scale_sense
            self.scale_sense = Parameter(Tensor(np.float32(scale_sense.get_loss_scale())), name="scale_sense")
        elif isinstance(scale_sense, Tensor):
            if scale_sense.shape not in ((1,), ()):
                raise ValueError("For 'TrainOneStepWithLossScaleCell', the shape of 'scale_sense' must be (1,) or "
                                 f"(), but got {scale_sense.shape}.")
            self.scale_sense = Parameter(scale_sense, name="scale_sense")
        else:
            raise TypeError("For 'TrainOneStepWithLossScaleCell', the 'scale_sense' must be Cell or Tensor, but got "
                            f"'scale_sense' type: {type(scale_sense)}.")

    def construct(self, *inputs: Tensor) -> tuple[Tensor, Tensor, Tensor]:
        scale = self.scale_sense
        loss, grads = self._loss_and_grads(inputs, scale)
        grads = tuple(unscale(g, scale) for g in grads)
        cond = self.get_overflow_status(None, grads)
        overflow = self.process_loss_scale(cond)
        self._update_unless(overflow, grads)
        return loss, cond, ops.stop_gradient(scale).copy()

    def _update_unless(self, overflow: Tensor, grads: tuple) -> None:
        """``optimizer(grads)`` unless ``overflow``, without a host branch (a compiled step cannot take one):
        the optimizer's state is copied, updated, and put back where the step overflowed."""
        state = list(self.optimizer.get_parameters())
        before = [p.copy() for p in state]
        self.optimizer(grads)
        for param, old in zip(state, before):
            ops.assign(param, ops.where(overflow, old, param))

    def get_overflow_status(self, status: Any, compute_output: Sequence[Tensor]) -> Tensor:
        """True when a gradient holds an infinity or a NaN (``status`` is MindSpore's NPU flag buffer, unused)."""
        return ops.logical_not(all_finite(list(compute_output)))

    def process_loss_scale(self, overflow: Tensor) -> Tensor:
        if self.loss_scaling_manager is not None:
            return self.loss_scaling_manager(self.scale_sense, overflow)
        return overflow

    def start_overflow_check(self, pre_cond: Any, compute_input: Any) -> tuple[None, Any]:
        """MindSpore's NPU status reset; nothing to reset on these backends."""
        return None, compute_input

    def set_sense_scale(self, sens: Tensor) -> None:
        if not isinstance(sens, Tensor):
            raise TypeError("For 'TrainOneStepWithLossScaleCell', the type of 'sens' must be Tensor, but got "
                            f"{type(sens)}")
        self.scale_sense.set_data(sens)

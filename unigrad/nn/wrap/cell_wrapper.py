"""MindSpore's Cell wrappers (``nn.WithLossCell``, ``nn.TrainOneStepCell``, ``nn.WithEvalCell``): the pieces
``Model`` builds its train and eval networks from. They wrap without a name prefix, so the wrapped net's
Parameters keep their names (``dense.weight``, not ``_backbone.dense.weight``), as in MindSpore."""
from __future__ import annotations

from typing import Any

from unigrad import dtype as dt
from unigrad import ops
from unigrad._autodiff import GradOperation, value_and_grad, vjp
from unigrad.context import ParallelMode, get_auto_parallel_context
from unigrad.nn.cell import Cell
from unigrad.nn.wrap.grad_reducer import DistributedGradReducer
from unigrad._tensor import Tensor
from unigrad.ops._creation import mixed_precision_cast


def _check_cell(owner: str, name: str, value: Any) -> None:
    if not isinstance(value, Cell):
        raise TypeError(f"For '{owner}', the '{name}' must be a Cell, but got {type(value).__name__}")


class WithLossCell(Cell):
    """``loss_fn(backbone(data), label)``: a network with its loss, for one-step training."""

    def __init__(self, backbone: Cell, loss_fn: Cell) -> None:
        super().__init__(auto_prefix=False)
        _check_cell("WithLossCell", "backbone", backbone)
        self._backbone = backbone
        self._loss_fn = loss_fn

    def construct(self, data: Tensor, label: Tensor) -> Tensor:
        return self._loss_fn(self._backbone(data), label)

    @property
    def backbone_network(self) -> Cell:
        return self._backbone


class TrainOneStepCell(Cell):
    """One training step: the loss, its gradients for the optimizer's Parameters (scaled by ``sens``, 1.0 by
    default), then ``optimizer(grads)``; returns the loss. In data-parallel mode (``set_auto_parallel_context``)
    the gradients are all-reduced first, as MindSpore's step does (``DistributedGradReducer``)."""

    def __init__(self, network: Cell, optimizer: Cell, sens: float | None = None,
                 return_grad: bool = False) -> None:
        super().__init__(auto_prefix=False)
        _check_cell("TrainOneStepCell", "network", network)
        self.network = network
        self.network.set_grad()
        self.optimizer = optimizer
        self.weights = optimizer.parameters
        self.grad = GradOperation(get_by_list=True, sens_param=True)
        self.sens = 1.0 if sens is None else float(sens)
        self.return_grad = return_grad
        # one forward pass gives the loss and its pullback (MindSpore runs ``self.grad`` after the forward)
        self._value_and_grad = value_and_grad(self.network, None, self.weights)
        parallel = get_auto_parallel_context("parallel_mode")
        self.reducer_flag = parallel in (ParallelMode.DATA_PARALLEL, ParallelMode.HYBRID_PARALLEL)
        self.grad_reducer = DistributedGradReducer(self.weights) if self.reducer_flag else None

    def construct(self, *inputs: Tensor) -> Any:
        if self.sens == 1.0:
            loss, grads = self._value_and_grad(*inputs)
        else:
            loss, grads = self._loss_and_grads(inputs, self.sens)
        if self.grad_reducer is not None:
            grads = self.grad_reducer(grads)
        self.optimizer(grads)
        return (loss, grads) if self.return_grad else loss

    def _loss_and_grads(self, inputs: tuple, sens: float | Tensor) -> tuple[Tensor, tuple]:
        """The loss and the weights' gradients for the cotangent ``sens`` everywhere: the backward pass starts
        from it (MindSpore's sens_param), so a half-precision network's gradients are scaled before they can
        underflow, not after."""
        loss, pullback = vjp(lambda: self.network(*inputs), weights=self.weights)
        scale = sens if isinstance(sens, float) else ops.cast(sens, loss.dtype)
        _, grads = pullback(ops.ones_like(loss) * scale)
        return loss, grads


class WithEvalCell(Cell):
    """``(loss, outputs, label)`` of a network on one batch, for ``Model.eval``'s metrics; ``add_cast_fp32``
    casts the outputs and a float label to float32 first (for a network run in half precision)."""

    def __init__(self, network: Cell, loss_fn: Cell, add_cast_fp32: bool = False) -> None:
        super().__init__(auto_prefix=False)
        _check_cell("WithEvalCell", "network", network)
        self._network = network
        self._loss_fn = loss_fn
        self.add_cast_fp32 = bool(add_cast_fp32)

    def construct(self, data: Tensor, label: Tensor) -> tuple[Tensor, Tensor, Tensor]:
        outputs = self._network(data)
        if self.add_cast_fp32:  # a float label only: class indices stay ints
            label = mixed_precision_cast(dt.float32, label)
            outputs = ops.cast(outputs, dt.float32)
        return self._loss_fn(outputs, label), outputs, label

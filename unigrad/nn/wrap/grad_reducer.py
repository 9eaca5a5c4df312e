"""``nn.DistributedGradReducer``: the gradients of data-parallel training, summed over the processes (and divided
by their number with ``mean``) before the optimizer applies them, so every process takes the same step."""
from __future__ import annotations

from typing import Any, Sequence

from unigrad._tensor import Tensor, wrap
from unigrad.communication import buckets, management
from unigrad.context import get_auto_parallel_context
from unigrad.nn.cell import Cell


class DistributedGradReducer(Cell):
    """``grads = grad_reducer(grads)``: one all-reduce per bucket of gradients (``communication.buckets``), then
    ``* (1 / degree)`` with ``mean`` (MindSpore multiplies by the reciprocal). ``mean`` defaults to the
    auto-parallel context's ``gradients_mean``, ``degree`` to the group's size."""

    def __init__(self, parameters: Sequence[Any], mean: bool | None = None, degree: int | None = None,
                 fusion_type: int = 1, group: str = management.GlobalComm.WORLD_COMM_GROUP) -> None:
        super().__init__(auto_prefix=False)
        if mean is None:
            mean = get_auto_parallel_context("gradients_mean")
        if not isinstance(mean, bool):
            raise TypeError(f"For 'DistributedGradReducer', the 'mean' must be bool, but got {type(mean).__name__}")
        if degree is None:
            degree = management.get_group_size(group)
        if isinstance(degree, bool) or not isinstance(degree, int) or degree < 1:
            raise ValueError(f"For 'DistributedGradReducer', the 'degree' must be a positive int, but got {degree!r}")
        self.parameters = tuple(parameters)
        self.mean, self.degree, self.fusion_type, self.group = mean, degree, fusion_type, group

    def construct(self, grads: Sequence[Tensor]) -> tuple:
        grads = tuple(grads)
        if not grads:
            return grads
        engine = management.engine()
        backend = grads[0]._backend
        scale = 1.0 / self.degree if self.mean else None
        reduced = buckets.all_reduce(engine, backend, [g._data for g in grads], scale=scale)
        return tuple(wrap(array, backend) for array in reduced)

"""Loss Cells, thin wrappers of the functional losses in ``unigrad.ops``."""
from __future__ import annotations

from unigrad import ops
from unigrad.nn.cell import Cell
from unigrad.tensor import Tensor


class BCEWithLogitsLoss(Cell):
    """Binary cross entropy on logits, with optional per-element ``weight`` and ``pos_weight``."""

    def __init__(self, reduction: str = "mean", weight: Tensor | None = None,
                 pos_weight: Tensor | None = None) -> None:
        super().__init__()
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum', got {reduction!r}")
        self.reduction, self.weight, self.pos_weight = reduction, weight, pos_weight

    def construct(self, logits: Tensor, labels: Tensor) -> Tensor:
        return ops.binary_cross_entropy_with_logits(logits, labels, self.weight, self.pos_weight, self.reduction)

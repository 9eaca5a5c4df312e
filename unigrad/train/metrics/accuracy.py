"""``Accuracy``: the share of samples whose prediction matches the label."""
from __future__ import annotations

from typing import Any

import numpy as np

from unigrad.train.metrics.metric import EvaluationBase, class_count, no_samples, rearrange_inputs


class Accuracy(EvaluationBase):
    """Classification: the argmax of the logits equals the label (the first maximum wins a tie). Multilabel: every
    one of a sample's 0/1 predictions equals its label. ``eval`` is correct / total as a float64."""

    def __init__(self, eval_type: str = "classification") -> None:
        super().__init__(eval_type)
        self.clear()

    def clear(self) -> None:
        """Reset the counts."""
        self._correct_num = 0
        self._total_num = 0
        self._class_num = 0

    @rearrange_inputs
    def update(self, *inputs: Any) -> None:
        """Count one batch of (y_pred, y)."""
        y_pred, y = self._inputs(inputs)
        self._class_num = class_count("Accuracy", self._class_num, y_pred)
        if self._type == "classification":
            result = np.equal(y_pred.argmax(axis=1), y).reshape(-1)
        else:
            flat = lambda a: np.moveaxis(a, 1, -1).reshape(-1, self._class_num)  # noqa: E731
            result = np.equal(flat(y_pred), flat(y)).all(axis=1)
        self._correct_num += int(result.sum())
        self._total_num += result.shape[0]

    def eval(self) -> np.float64:
        """Correct / total."""
        if self._total_num == 0:
            raise no_samples("Accuracy")
        return np.float64(self._correct_num) / self._total_num

"""``TopKCategoricalAccuracy`` and its k = 1 and k = 5 forms: the label is among the k largest logits."""
from __future__ import annotations

from typing import Any

import numpy as np

from unigrad.train.metrics.metric import Metric, check_input_count, is_onehot, no_samples, rearrange_inputs


class TopKCategoricalAccuracy(Metric):
    """The share of samples whose label is among the ``k`` classes of largest logit. Among equal logits the
    first class comes first (a stable sort), as MindSpore documents."""

    def __init__(self, k: int) -> None:
        super().__init__()
        if not isinstance(k, int) or isinstance(k, bool):
            raise TypeError(f"For 'TopKCategoricalAccuracy', the argument 'k' must be an int, but got {type(k)}.")
        if k < 1:
            raise ValueError(f"For 'TopKCategoricalAccuracy', the argument 'k' must be at least 1, but got {k}.")
        self.k = k
        self.clear()

    def clear(self) -> None:
        """Reset the counts."""
        self._correct_num = 0
        self._samples_num = 0

    @rearrange_inputs
    def update(self, *inputs: Any) -> None:
        """Count one batch of (logits (N, C), labels (N,) or one-hot (N, C))."""
        check_input_count("TopKCategoricalAccuracy", inputs, 2, "predicted value, true value")
        y_pred, y = self._convert_data(inputs[0]), self._convert_data(inputs[1])
        if y_pred.ndim == y.ndim and is_onehot(y):
            y = y.argmax(axis=1)
        top = np.argsort(-y_pred, axis=1, kind="stable")[:, :self.k]
        self._correct_num += int(np.equal(top, y.reshape(-1, 1)).sum())
        self._samples_num += top.shape[0]

    def eval(self) -> np.float64:
        """Hits / samples."""
        if self._samples_num == 0:
            raise no_samples("TopKCategoricalAccuracy")
        return np.float64(self._correct_num) / self._samples_num


class Top1CategoricalAccuracy(TopKCategoricalAccuracy):
    """Top-k accuracy with k = 1."""

    def __init__(self) -> None:
        super().__init__(1)


class Top5CategoricalAccuracy(TopKCategoricalAccuracy):
    """Top-k accuracy with k = 5."""

    def __init__(self) -> None:
        super().__init__(5)

"""``Fbeta`` and ``F1``: the weighted harmonic mean of precision and recall, per class."""
from __future__ import annotations

from typing import Any

import numpy as np

from unigrad.common._checks import check_bools
from unigrad.train.metrics.metric import (Metric, check_input_count, class_count, is_onehot, no_samples,
                                          onehot_labels_and_predictions, rearrange_inputs)
from unigrad.train.metrics.precision import EPS


class Fbeta(Metric):
    """F_beta = (1 + β²)·TP / ((1 + β²)·TP + β²·FN + FP) per class, counted over every update; a class with
    no true and no predicted sample scores 0."""

    def __init__(self, beta: float) -> None:
        super().__init__()
        self.eps = EPS
        if not beta > 0:
            raise ValueError(f"For '{type(self).__name__}', the argument 'beta' must be greater than 0, "
                             f"but got {beta}.")
        self.beta = beta
        self.clear()

    def clear(self) -> None:
        """Reset the counts."""
        self._true_positives = 0
        self._actual_positives = 0
        self._positives = 0
        self._class_num = 0

    @rearrange_inputs
    def update(self, *inputs: Any) -> None:
        """Count one batch of (logits (N, C), labels (N,) or one-hot (N, C))."""
        check_input_count("Fbeta", inputs, 2, "predicted value, true value")
        y_pred, y = self._convert_data(inputs[0]), self._convert_data(inputs[1])
        if y_pred.ndim == y.ndim and is_onehot(y):
            y = y.argmax(axis=1)
        self._class_num = class_count("Fbeta", self._class_num, y_pred)
        y, y_pred = onehot_labels_and_predictions("Fbeta", y_pred, y, self._class_num)
        self._true_positives = self._true_positives + (y * y_pred).sum(axis=0)
        self._positives = self._positives + y_pred.sum(axis=0)
        self._actual_positives = self._actual_positives + y.sum(axis=0)

    def eval(self, average: bool = False) -> np.ndarray | np.float64:
        """F_beta per class; with ``average``, their mean."""
        check_bools(type(self).__name__, average=average)
        if self._class_num == 0:
            raise no_samples("Fbeta")
        beta2 = self.beta ** 2
        fbeta = (1.0 + beta2) * self._true_positives / (beta2 * self._actual_positives + self._positives + self.eps)
        return fbeta.mean() if average else fbeta


class F1(Fbeta):
    """F1 = 2·TP / (2·TP + FN + FP): Fbeta with β = 1."""

    def __init__(self) -> None:
        super().__init__(1.0)

"""``Precision`` and ``Recall``: true positives over predicted (precision) or actual (recall) positives."""
from __future__ import annotations

import sys
from typing import Any

import numpy as np

from unigrad.common._checks import check_bools
from unigrad.train.metrics.metric import (EvaluationBase, class_count, no_samples, onehot_labels_and_predictions,
                                          rearrange_inputs)

EPS = sys.float_info.min  # keeps 0/0 at 0 without a warning, as MindSpore's eps does


class _Rate(EvaluationBase):
    """True positives / (``_denominator`` + eps). Classification counts per class over every update;
    multilabel, as MindSpore does, gives one rate per sample (over its classes), collected across updates."""

    _use_labels: bool  # Recall counts actual positives (the labels), Precision predicted ones

    def __init__(self, eval_type: str = "classification") -> None:
        super().__init__(eval_type)
        self.eps = EPS
        self.clear()

    def clear(self) -> None:
        """Reset the counts."""
        self._class_num = 0
        multilabel = self._type == "multilabel"
        self._true_positives = np.empty(0) if multilabel else 0
        self._denominator = np.empty(0) if multilabel else 0
        self._rate_sum = 0
        self._rate_count = 0

    @rearrange_inputs
    def update(self, *inputs: Any) -> None:
        """Count one batch of (y_pred, y)."""
        y_pred, y = self._inputs(inputs)
        self._class_num = class_count(type(self).__name__, self._class_num, y_pred)
        if self._type == "classification":
            y, y_pred = onehot_labels_and_predictions(type(self).__name__, y_pred, y, self._class_num)
        else:
            y_pred = np.swapaxes(y_pred, 1, 0).reshape(self._class_num, -1)
            y = np.swapaxes(y, 1, 0).reshape(self._class_num, -1)
        denominator = (y if self._use_labels else y_pred).sum(axis=0)
        true_positives = (y * y_pred).sum(axis=0)
        if self._type == "multilabel":
            self._rate_sum += np.sum(true_positives / (denominator + self.eps))
            self._rate_count += len(denominator)
            self._true_positives = np.concatenate((self._true_positives, true_positives))
            self._denominator = np.concatenate((self._denominator, denominator))
        else:
            self._true_positives = self._true_positives + true_positives
            self._denominator = self._denominator + denominator

    def eval(self, average: bool = False) -> np.ndarray | np.float64:
        """The rate per class (classification) or per sample (multilabel); with ``average``, their mean."""
        if self._class_num == 0:
            raise no_samples(type(self).__name__)
        check_bools(type(self).__name__, average=average)
        result = self._true_positives / (self._denominator + self.eps)
        if not average:
            return result
        if self._type == "multilabel":
            return np.float64(self._rate_sum / (self._rate_count + self.eps))
        return result.mean()


class Precision(_Rate):
    """Precision = TP / (TP + FP), per class (classification) or per sample (multilabel)."""

    _use_labels = False


class Recall(_Rate):
    """Recall = TP / (TP + FN), per class (classification) or per sample (multilabel)."""

    _use_labels = True

"""``ConfusionMatrix``: counts of (true class, predicted class) pairs, optionally normalised."""
from __future__ import annotations

from typing import Any

import numpy as np

from unigrad.train.metrics.metric import Metric, check_input_count, rearrange_inputs

NORMALIZE = ("no_norm", "target", "prediction", "all")
_AXIS = {"target": 1, "prediction": 0, "all": None}  # the sums each normalisation divides by


def _check_type(name: str, value: Any, kind: type) -> Any:
    """TypeError unless ``value`` is a ``kind`` (a bool is not an int or a float here, as in MindSpore)."""
    if not isinstance(value, kind) or isinstance(value, bool):
        raise TypeError(f"For 'ConfusionMatrix', the type of '{name}' should be '{kind.__name__}', but got type "
                        f"'{type(value).__name__}'.")
    return value


class ConfusionMatrix(Metric):
    """Row = true class, column = predicted class. Predictions are logits (N, C, ...) reduced by argmax, or
    class indices (N, ...); floating-point ones are 0/1 scores cut at ``threshold``. ``normalize`` divides by
    the row sums (``'target'``), the column sums (``'prediction'``) or the total (``'all'``); an empty row or
    column gives 0s."""

    def __init__(self, num_classes: int, normalize: str = "no_norm", threshold: float = 0.5) -> None:
        super().__init__()
        self.num_classes = _check_type("num_classes", num_classes, int)
        if normalize not in NORMALIZE:
            raise ValueError(f"For 'ConfusionMatrix', the argument 'normalize' must be one of {NORMALIZE}, "
                             f"but got {normalize!r}.")
        self.normalize = normalize
        self.threshold = _check_type("threshold", threshold, float)
        self.clear()

    def clear(self) -> None:
        """Reset the counts."""
        self.confusion_matrix = np.zeros((self.num_classes, self.num_classes))
        self._is_update = False

    @rearrange_inputs
    def update(self, *inputs: Any) -> None:
        """Count one batch of (y_pred, y)."""
        check_input_count("ConfusionMatrix", inputs, 2, "predicted value, true value")
        y_pred, y = self._convert_data(inputs[0]), self._convert_data(inputs[1])
        if y_pred.ndim == y.ndim + 1:
            y_pred = y_pred.argmax(axis=1)
        elif y_pred.ndim != y.ndim:
            raise ValueError(f"For 'ConfusionMatrix.update', the predicted value must have the true value's number "
                             f"of dimensions or one more, but got {y_pred.ndim}-D and {y.ndim}-D.")
        elif y_pred.dtype in (np.float16, np.float32, np.float64):
            y_pred = (y_pred >= self.threshold).astype(int)
        pairs = (y.reshape(-1) * self.num_classes + y_pred.reshape(-1)).astype(int)
        for name, values in (("true", y), ("predicted", y_pred)):
            if values.size and not (0 <= values.min() and values.max() < self.num_classes):
                raise ValueError(f"For 'ConfusionMatrix.update', every {name} class must be in [0, "
                                 f"{self.num_classes}), but got values from {values.min()} to {values.max()}.")
        counts = np.bincount(pairs, minlength=self.num_classes ** 2)
        self.confusion_matrix += counts.reshape(self.num_classes, self.num_classes)
        self._is_update = True

    def eval(self) -> np.ndarray:
        """The matrix (float64), normalised as asked."""
        if not self._is_update:
            raise RuntimeError("For 'ConfusionMatrix', call 'update' before 'eval'.")
        matrix = self.confusion_matrix.astype(float)
        if self.normalize == "no_norm":
            return matrix
        axis = _AXIS[self.normalize]
        with np.errstate(divide="ignore", invalid="ignore"):
            matrix = matrix / matrix.sum(axis=axis, keepdims=axis is not None)
        matrix[np.isnan(matrix)] = 0
        return matrix

"""``MAE`` and ``MSE``: mean absolute and mean squared error per sample (axis 0)."""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from unigrad.train.metrics.metric import Metric, check_input_count, no_samples, rearrange_inputs


class _SummedError(Metric):
    """The sum of ``_error(y_pred - y)`` over every element, divided by the number of samples (axis 0 of y).
    Each batch's sum is taken in the inputs' dtype and accumulated in float64, as MindSpore does."""

    _error: Callable[[np.ndarray], np.ndarray]

    def __init__(self) -> None:
        super().__init__()
        self.clear()

    def clear(self) -> None:
        """Reset the sum and the sample count."""
        self._error_sum = 0
        self._samples_num = 0

    @rearrange_inputs
    def update(self, *inputs: Any) -> None:
        """Add one batch of (y_pred, y); y is reshaped to y_pred's shape."""
        name = type(self).__name__
        check_input_count(name, inputs, 2, "predicted value, true value")
        y_pred, y = self._convert_data(inputs[0]), self._convert_data(inputs[1])
        if y.size != y_pred.size:
            raise ValueError(f"For '{name}.update', the true value must have as many elements as the predicted "
                             f"value, but got shapes {y.shape} and {y_pred.shape}.")
        self._error_sum += np.float64(type(self)._error(y.reshape(y_pred.shape) - y_pred).sum())
        self._samples_num += y.shape[0]

    def eval(self) -> np.float64:
        """The summed error over the number of samples."""
        if self._samples_num == 0:
            raise no_samples(type(self).__name__)
        return self._error_sum / self._samples_num


class MAE(_SummedError):
    """Mean absolute error: sum |y_pred - y| / number of samples."""

    _error = np.abs


class MSE(_SummedError):
    """Mean squared error: sum (y_pred - y)² / number of samples."""

    _error = np.square

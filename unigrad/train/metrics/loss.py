"""``Loss``: the mean of the losses the evaluation network returned."""
from __future__ import annotations

from typing import Any

import numpy as np

from unigrad.train.metrics.metric import Metric, check_input_count, no_samples, rearrange_inputs


class Loss(Metric):
    """The average over updates of each update's loss (a scalar, or the mean of a 1-D loss), as a float64."""

    def __init__(self) -> None:
        super().__init__()
        self.clear()

    def clear(self) -> None:
        """Reset the sum and the count."""
        self._sum_loss = 0
        self._total_num = 0

    @rearrange_inputs
    def update(self, *inputs: Any) -> None:
        """Add one loss: 0-D, or 1-D (its mean counts once)."""
        check_input_count("Loss", inputs, 1, "loss")
        loss = self._convert_data(inputs[0])
        if loss.ndim > 1:
            raise ValueError(f"For 'Loss.update', the loss must be 0-D or 1-D, but got {loss.ndim}-D with shape "
                             f"{loss.shape}.")
        self._sum_loss += np.float64(loss.reshape(-1).mean())
        self._total_num += 1

    def eval(self) -> np.float64:
        """The mean loss."""
        if self._total_num == 0:
            raise no_samples("Loss")
        return self._sum_loss / self._total_num

"""``ProgressBar``: unigrad's own callback (not MindSpore's), a tqdm bar per epoch with the latest loss,
for long runs where LossMonitor's line per step is too much. tqdm is an optional dependency
(``pip install unigrad[progress]``)."""
from __future__ import annotations

from typing import Any

from unigrad.train.callback._callback import Callback, RunContext, handle_loss


class ProgressBar(Callback):
    """One tqdm bar per training epoch, showing the loss every ``loss_every`` steps (reading the loss from the
    device then only)."""

    def __init__(self, loss_every: int = 10, **tqdm_kwargs: Any) -> None:
        super().__init__()
        try:
            from tqdm.auto import tqdm
        except ImportError as e:
            raise ImportError("unigrad.train.ProgressBar needs tqdm: pip install 'unigrad[progress]'") from e
        if isinstance(loss_every, bool) or not isinstance(loss_every, int) or loss_every < 1:
            raise ValueError(f"For 'ProgressBar', the 'loss_every' must be a positive int, but got {loss_every!r}")
        self._tqdm, self._kwargs, self.loss_every = tqdm, tqdm_kwargs, loss_every
        self.bar = None

    def on_train_epoch_begin(self, run_context: RunContext) -> None:
        cb_params = run_context.original_args()
        self.bar = self._tqdm(total=cb_params.batch_num, desc=f"epoch {cb_params.cur_epoch_num}/"
                              f"{cb_params.epoch_num}", **self._kwargs)

    def on_train_step_end(self, run_context: RunContext) -> None:
        cb_params = run_context.original_args()
        self.bar.update(1)
        if cb_params.cur_step_num % self.loss_every == 0:
            self.bar.set_postfix(loss=f"{handle_loss(cb_params.net_outputs):.4f}")

    def on_train_epoch_end(self, run_context: RunContext) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

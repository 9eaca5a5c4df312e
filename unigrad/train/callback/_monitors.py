"""The callbacks that watch a run: ``LossMonitor``, ``TimeMonitor``, ``History`` and ``LambdaCallback``,
printing and recording what MindSpore 2.10's do. They read the loss from the device only when they use it."""
from __future__ import annotations

import time
from typing import Any, Callable

import numpy as np

from unigrad._tensor import Tensor
from unigrad.train.callback._callback import HOOKS, Callback, RunContext, handle_loss


def check_non_negative_int(owner: str, name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"For '{owner}', the '{name}' must be an int, but got {type(value).__name__}")
    if value < 0:
        raise ValueError(f"For '{owner}', the '{name}' must be >= 0, but got {value}")
    return value


class LossMonitor(Callback):
    """Prints ``epoch: E step: S, loss is L`` every ``per_print_times`` steps (0: never; S counts within the
    epoch), and the eval metrics at the end of an epoch of ``Model.fit``. A NaN or infinite loss stops
    training with a ValueError."""

    def __init__(self, per_print_times: int = 1) -> None:
        super().__init__()
        self._per_print_times = check_non_negative_int("LossMonitor", "per_print_times", per_print_times)
        self._last_print_time = 0

    def step_end(self, run_context: RunContext) -> None:
        cb_params = run_context.original_args()
        cur_epoch_num = cb_params.get("cur_epoch_num", 1)
        cur_step_in_epoch = (cb_params.cur_step_num - 1) % cb_params.batch_num + 1
        loss = handle_loss(cb_params.net_outputs)
        if isinstance(loss, float) and not np.isfinite(loss):
            raise ValueError(f"In epoch: {cur_epoch_num} step: {cur_step_in_epoch}, loss is NAN or INF, training "
                             f"process cannot continue, terminating training.")
        if self._per_print_times == 0:
            return
        while cb_params.cur_step_num <= self._last_print_time:  # the step count went back (a resumed run)
            self._last_print_time -= max(self._per_print_times,
                                         cb_params.batch_num if cb_params.get("dataset_sink_mode") else 1)
        if cb_params.cur_step_num - self._last_print_time >= self._per_print_times:
            self._last_print_time = cb_params.cur_step_num
            print(f"epoch: {cur_epoch_num} step: {cur_step_in_epoch}, loss is {loss}", flush=True)

    def on_train_epoch_end(self, run_context: RunContext) -> None:
        cb_params = run_context.original_args()
        metrics = cb_params.get("metrics")
        if metrics:
            print("Eval result: epoch %d, metrics: %s" % (cb_params.cur_epoch_num, metrics))


class TimeMonitor(Callback):
    """Prints each epoch's time and time per step: ``Train epoch time: 12.345 ms, per step time: 1.234 ms``
    (with ``data_time``, also the time spent waiting for data)."""

    def __init__(self, data_size: int | None = None, data_time: bool = False) -> None:
        super().__init__()
        if not isinstance(data_time, bool):
            raise TypeError(f"For 'TimeMonitor', the 'data_time' must be a bool, but got {type(data_time).__name__}")
        self.data_size = data_size
        self.data_time = data_time
        self.epoch_time = time.time()
        self.data_time_sum = 0.0
        self.data_time_start = 0.0

    def on_train_step_begin(self, run_context: RunContext) -> None:
        if self.data_time:
            self.data_time_sum += time.time() - self.data_time_start

    def on_train_step_end(self, run_context: RunContext) -> None:
        if self.data_time:
            self.data_time_start = time.time()

    def epoch_begin(self, run_context: RunContext) -> None:
        self.epoch_time = time.time()
        self.data_time_sum = 0.0
        self.data_time_start = time.time()

    def epoch_end(self, run_context: RunContext) -> None:
        epoch_ms = (time.time() - self.epoch_time) * 1000
        cb_params = run_context.original_args()
        step_size = self.data_size
        batch_num = cb_params.get("batch_num")
        if isinstance(batch_num, int) and batch_num > 0:
            step_size = batch_num
        if isinstance(step_size, bool) or not isinstance(step_size, int) or step_size <= 0:
            raise ValueError(f"For 'TimeMonitor', the 'data_size' must be a positive int, but got {step_size!r}")
        line = "{} epoch time: {:5.3f} ms, per step time: {:5.3f} ms".format(
            cb_params.get("mode", "").title(), epoch_ms, epoch_ms / step_size)
        if self.data_time:
            line += " (data time: {:5.3f} ms)".format(self.data_time_sum * 1000 / step_size)
        print(line, flush=True)


class History(Callback):
    """Records, at the end of each epoch, the epoch number (``self.epoch['epoch']``), the network output (the
    loss, ``self.history['net_output']``) and, in ``Model.fit``, the eval metrics by name."""

    def __init__(self) -> None:
        super().__init__()
        self.history: dict[str, list] = {}
        self.epoch: dict[str, list] | None = None

    def begin(self, run_context: RunContext) -> None:
        self.epoch = {"epoch": []}

    def epoch_end(self, run_context: RunContext) -> None:
        cb_params = run_context.original_args()
        self.epoch["epoch"].append(cb_params.get("cur_epoch_num", 1))
        net_output = cb_params.get("net_outputs")
        if isinstance(net_output, (tuple, list)) and net_output and isinstance(net_output[0], Tensor):
            net_output = net_output[0]
        if isinstance(net_output, Tensor):
            net_output = np.mean(net_output.asnumpy())
        record = {"net_output": net_output}
        record.update(cb_params.get("metrics") or {})
        for key, value in record.items():
            self.history.setdefault(key, []).append(value)


Hook = Callable[[RunContext], Any]


class LambdaCallback(Callback):
    """A callback from functions: each ``on_*`` argument given is called with the RunContext at that hook."""

    def __init__(self, on_train_epoch_begin: Hook | None = None, on_train_epoch_end: Hook | None = None,
                 on_train_step_begin: Hook | None = None, on_train_step_end: Hook | None = None,
                 on_train_begin: Hook | None = None, on_train_end: Hook | None = None,
                 on_eval_epoch_begin: Hook | None = None, on_eval_epoch_end: Hook | None = None,
                 on_eval_step_begin: Hook | None = None, on_eval_step_end: Hook | None = None,
                 on_eval_begin: Hook | None = None, on_eval_end: Hook | None = None) -> None:
        super().__init__()
        given = dict(locals())
        for hook in HOOKS:
            setattr(self, hook, given[hook] if given[hook] else _nothing)


def _nothing(run_context: RunContext) -> None:
    return None

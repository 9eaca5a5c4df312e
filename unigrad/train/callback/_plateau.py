"""The callbacks that act on a run: ``EarlyStopping`` (stop when a monitored value stops improving),
``ReduceLROnPlateau`` (cut the learning rate then) and ``LearningRateScheduler`` (a function of the step
sets it), with MindSpore 2.10's rules for which values are better and when patience runs out."""
from __future__ import annotations

import logging
import math
from typing import Any, Callable

import numpy as np

from unigrad._tensor import Tensor
from unigrad.train.callback._callback import Callback, RunContext, handle_loss
from unigrad.train.callback._monitors import check_non_negative_int

logger = logging.getLogger("unigrad")

# monitored values where smaller is better under mode='auto' (MindSpore 2.10's list)
SMALLER_BETTER = ("hausdorff_distance", "mae", "mse", "loss", "perplexity", "mean_surface_distance",
                  "root_mean_square_distance", "eval_loss")


class _Monitoring(Callback):
    """What EarlyStopping and ReduceLROnPlateau share: the monitored value from the loss or ``eval_results``
    and the improvement test of ``mode`` and ``min_delta``."""

    def __init__(self, owner: str, monitor: Any, min_delta: Any, patience: Any, verbose: Any, mode: Any) -> None:
        super().__init__()
        if not isinstance(monitor, str):
            raise TypeError(f"For '{owner}', the 'monitor' must be a str, but got {type(monitor).__name__}")
        if isinstance(min_delta, bool) or not isinstance(min_delta, (int, float)):
            raise TypeError(f"For '{owner}', the 'min_delta' must be a float or int, but got "
                            f"{type(min_delta).__name__}")
        if not isinstance(verbose, bool):
            raise TypeError(f"For '{owner}', the 'verbose' must be a bool, but got {type(verbose).__name__}")
        if not isinstance(mode, str):
            raise TypeError(f"For '{owner}', the 'mode' must be a str, but got {type(mode).__name__}")
        if mode not in ("auto", "min", "max"):
            raise ValueError("mode should be 'auto', 'min' or 'max', but got %s." % mode)
        self.monitor, self.min_delta, self.verbose, self.mode = monitor, abs(min_delta), verbose, mode
        self.patience = check_non_negative_int(owner, "patience", patience)
        self._owner = owner
        self.best = self._worst()

    def _smaller_is_better(self) -> bool:
        return self.mode == "min" or (self.mode == "auto" and self.monitor in SMALLER_BETTER)

    def _worst(self) -> float:
        return np.inf if self._smaller_is_better() else -np.inf

    def is_improvement(self, a: Any, b: Any) -> bool:
        if self._smaller_is_better():
            return bool(np.less(a, b - self.min_delta))
        return bool(np.greater(a, b + self.min_delta))

    def _get_monitor_value(self, cb_params: dict) -> np.ndarray | None:
        candidates: dict = {}
        if self.monitor == "loss":
            value = handle_loss(cb_params.get("net_outputs"))
            if isinstance(value, Tensor):
                value = value.asnumpy()
        else:
            candidates = cb_params.get("eval_results", {})
            value = candidates.get(self.monitor)
        if value is None:
            logger.warning("%s is conditioned on %s, which is not available. Available choices are: %s",
                           self._owner, self.monitor, sorted({"loss", *candidates}))
        if isinstance(value, np.ndarray) and value.shape != ():
            raise ValueError(f"{self._owner} only supports scalar monitor now.")
        # MindSpore 2.10 tests the value's truth: a monitored value of exactly 0 counts as missing
        return np.array(value) if value else None


class EarlyStopping(_Monitoring):
    """Stops training once ``monitor`` ('eval_loss' from ``Model.fit``'s evaluation, or 'loss', or a metric's
    name) has not improved by more than ``min_delta`` for ``patience`` epochs (with ``baseline``, also while it
    has not beaten the baseline); ``restore_best_weights`` loads the best epoch's weights back."""

    def __init__(self, monitor: str = "eval_loss", min_delta: float = 0, patience: int = 0, verbose: bool = False,
                 mode: str = "auto", baseline: float | None = None, restore_best_weights: bool = False) -> None:
        super().__init__("EarlyStopping", monitor, min_delta, patience, verbose, mode)
        # MindSpore 2.10 keeps min_delta (not the baseline given) as the baseline when one is given
        self.baseline = self.min_delta if baseline else None
        if not isinstance(restore_best_weights, bool):
            raise TypeError("For 'EarlyStopping', the 'restore_best_weights' must be a bool")
        self.restore_best_weights = restore_best_weights
        self.wait = 0
        self.stopped_epoch = 0
        self.best_weights_param_dict: dict | None = None

    def on_train_begin(self, run_context: RunContext) -> None:
        self.wait = 0
        self.stopped_epoch = 0
        self.best = self._worst()
        self.best_weights_param_dict = None

    @staticmethod
    def _weights(network: Any) -> dict:
        return {p.name: (p, p.asnumpy().copy()) for p in network.get_parameters()}

    def on_train_epoch_end(self, run_context: RunContext) -> None:
        cb_params = run_context.original_args()
        current = self._get_monitor_value(cb_params)
        if current is None:
            return
        if self.restore_best_weights and self.best_weights_param_dict is None:
            self.best_weights_param_dict = self._weights(cb_params.train_network)
        self.wait += 1
        if self.is_improvement(current, self.best):
            self.best = current
            if self.restore_best_weights:
                self.best_weights_param_dict = self._weights(cb_params.train_network)
            if self.baseline is None or self.is_improvement(current, self.baseline):
                self.wait = 0
        if self.wait >= self.patience:
            self.stopped_epoch = cb_params.get("cur_epoch_num")
            run_context.request_stop()
            if self.restore_best_weights and self.best_weights_param_dict is not None:
                if self.verbose:
                    print("Restoring model weights from the end of the best epoch.")
                for param, data in self.best_weights_param_dict.values():
                    param.set_data(Tensor(data, param.dtype))

    def on_train_end(self, run_context: RunContext) -> None:
        if self.stopped_epoch > 0 and self.verbose:
            print("Epoch %05d: early stopping" % self.stopped_epoch)


class ReduceLROnPlateau(_Monitoring):
    """Multiplies the learning rate by ``factor`` (down to ``min_lr``) once ``monitor`` has not improved for
    ``patience`` epochs, then waits ``cooldown`` epochs before counting again. The optimizer needs one
    constant learning rate (ValueError otherwise, as MindSpore)."""

    def __init__(self, monitor: str = "eval_loss", factor: float = 0.1, patience: int = 10, verbose: bool = False,
                 mode: str = "auto", min_delta: float = 1e-4, cooldown: int = 0, min_lr: float = 0) -> None:
        super().__init__("ReduceLROnPlateau", monitor, min_delta, patience, verbose, mode)
        if isinstance(factor, bool) or not isinstance(factor, (int, float)) or not 0.0 < factor < 1.0:
            raise ValueError(f"For 'ReduceLROnPlateau', the 'factor' must be in (0.0, 1.0), but got {factor!r}")
        if isinstance(min_lr, bool) or not isinstance(min_lr, (int, float)):
            raise TypeError(f"For 'ReduceLROnPlateau', the 'min_lr' must be a float or int, but got "
                            f"{type(min_lr).__name__}")
        self.factor, self.min_lr = float(factor), min_lr
        self.cooldown = check_non_negative_int("ReduceLROnPlateau", "cooldown", cooldown)
        self.cooldown_counter = 0
        self.wait = 0

    def on_train_begin(self, run_context: RunContext) -> None:
        self.cooldown_counter = 0
        self.wait = 0
        self.best = self._worst()

    def on_train_epoch_end(self, run_context: RunContext) -> None:
        cb_params = run_context.original_args()
        optimizer = cb_params.optimizer
        cur_lr = current_learning_rate(optimizer, "ReduceLROnPlateau")
        current = self._get_monitor_value(cb_params)
        if current is None:
            return
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.wait = 0
        if self.is_improvement(current, self.best):
            self.best = current
            self.wait = 0
        elif self.cooldown_counter <= 0:
            self.wait += 1
            if self.wait >= self.patience:
                if cur_lr > np.float32(self.min_lr):
                    new_lr = max(float(np.float32(cur_lr) * np.float32(self.factor)), self.min_lr)
                    optimizer._set_learning_rate(new_lr)
                    if self.verbose:
                        print("Epoch %05d: ReduceLROnPlateau reducing learning rate to %s."
                              % (cb_params.cur_epoch_num, new_lr))
                self.cooldown_counter = self.cooldown
                self.wait = 0


def current_learning_rate(optimizer: Any, owner: str) -> float:
    """The optimizer's one constant learning rate, as MindSpore reads it: the float32 value's shortest decimal
    (0.01, not 0.009999999776), ValueError for any other kind of learning rate."""
    lr = getattr(optimizer, "learning_rate", None)
    if isinstance(lr, Tensor) and lr.ndim == 0:
        lr = lr.asnumpy()
    if isinstance(lr, (int, float, np.ndarray)) and not isinstance(lr, bool) and not getattr(optimizer, "is_group",
                                                                                            False):
        return float(np.array2string(np.asarray(lr, np.float32)))
    raise ValueError(f"{owner} does not support dynamic learning rate and group learning rate now.")


class LearningRateScheduler(Callback):
    """After each step sets the learning rate to ``learning_rate_function(lr, cur_step_num)`` (when it
    changed)."""

    def __init__(self, learning_rate_function: Callable[[float, int], float]) -> None:
        super().__init__()
        self.learning_rate_function = learning_rate_function

    def step_end(self, run_context: RunContext) -> None:
        cb_params = run_context.original_args()
        lr = current_learning_rate(cb_params.optimizer, "LearningRateScheduler")
        new_lr = self.learning_rate_function(lr, cb_params.cur_step_num)
        if not math.isclose(lr, new_lr, rel_tol=1e-10):
            cb_params.optimizer._set_learning_rate(new_lr)
            logger.info("At step %s, learning_rate change to %s", cb_params.cur_step_num, new_lr)

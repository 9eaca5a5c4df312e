"""The callback machinery of ``Model``: the ``Callback`` base with MindSpore 2.10's hooks, ``RunContext``
and the parameter namespace (``cb_params``) callbacks read, and the list that calls them in order."""
from __future__ import annotations

from contextlib import ExitStack
from typing import Any

import numpy as np

from unigrad._tensor import Tensor

# the hooks Model calls, each with the older name it calls by default (as MindSpore's base class does)
HOOKS = {
    "on_train_begin": "begin", "on_train_epoch_begin": "epoch_begin", "on_train_step_begin": "step_begin",
    "on_train_step_end": "step_end", "on_train_epoch_end": "epoch_end", "on_train_end": "end",
    "on_eval_begin": "begin", "on_eval_epoch_begin": "epoch_begin", "on_eval_step_begin": "step_begin",
    "on_eval_step_end": "step_end", "on_eval_epoch_end": "epoch_end", "on_eval_end": "end",
}


class Callback:
    """Base of every callback. Override the ``on_train_*`` / ``on_eval_*`` hooks, or the older ``begin``,
    ``epoch_begin``, ``step_begin``, ``step_end``, ``epoch_end`` and ``end``, which the new hooks call by
    default (so an old callback also runs during evaluation, as in MindSpore). A callback is a context
    manager: Model enters it for the run."""

    def __enter__(self) -> "Callback":
        return self

    def __exit__(self, *err: Any) -> None:
        return None

    def begin(self, run_context: "RunContext") -> None:
        """Called once before the run."""

    def epoch_begin(self, run_context: "RunContext") -> None:
        """Called before each epoch."""

    def epoch_end(self, run_context: "RunContext") -> None:
        """Called after each epoch."""

    def step_begin(self, run_context: "RunContext") -> None:
        """Called before each step."""

    def step_end(self, run_context: "RunContext") -> None:
        """Called after each step."""

    def end(self, run_context: "RunContext") -> None:
        """Called once after the run."""

    def on_train_begin(self, run_context: "RunContext") -> None:
        self.begin(run_context)

    def on_train_epoch_begin(self, run_context: "RunContext") -> None:
        self.epoch_begin(run_context)

    def on_train_epoch_end(self, run_context: "RunContext") -> None:
        self.epoch_end(run_context)

    def on_train_step_begin(self, run_context: "RunContext") -> None:
        self.step_begin(run_context)

    def on_train_step_end(self, run_context: "RunContext") -> None:
        self.step_end(run_context)

    def on_train_end(self, run_context: "RunContext") -> None:
        self.end(run_context)

    def on_eval_begin(self, run_context: "RunContext") -> None:
        self.begin(run_context)

    def on_eval_epoch_begin(self, run_context: "RunContext") -> None:
        self.epoch_begin(run_context)

    def on_eval_epoch_end(self, run_context: "RunContext") -> None:
        self.epoch_end(run_context)

    def on_eval_step_begin(self, run_context: "RunContext") -> None:
        self.step_begin(run_context)

    def on_eval_step_end(self, run_context: "RunContext") -> None:
        self.step_end(run_context)

    def on_eval_end(self, run_context: "RunContext") -> None:
        self.end(run_context)


class CallbackParams(dict):
    """``run_context.original_args()``: a dict whose keys also read and write as attributes
    (``cb_params.cur_epoch_num``), as MindSpore's ``_InternalCallbackParam``."""

    def __getattr__(self, key: str) -> Any:
        try:
            return self[key]
        except KeyError:
            raise AttributeError(f"the callback parameters have no {key!r}; they have {sorted(self)}") from None

    def __setattr__(self, key: str, value: Any) -> None:
        self[key] = value


class RunContext:
    """What a hook gets: the run's parameters (``original_args()``) and a way to stop it (``request_stop()``:
    Model finishes the current step, or the current epoch's hooks, and then ends the run)."""

    def __init__(self, original_args: dict) -> None:
        if not isinstance(original_args, dict):
            raise TypeError(f"The argument 'original_args' of RunContext should be dict type, but got "
                            f"{type(original_args)}.")
        self._original_args = original_args
        self._stop_requested = False

    def original_args(self) -> dict:
        return self._original_args

    def request_stop(self) -> None:
        self._stop_requested = True

    def get_stop_requested(self) -> bool:
        return self._stop_requested


class CallbackList:
    """The callbacks of one run, entered together and called in order for each hook."""

    def __init__(self, callbacks: Any) -> None:
        if callbacks is None:
            callbacks = []
        elif isinstance(callbacks, Callback):
            callbacks = [callbacks]
        elif isinstance(callbacks, (list, tuple)):
            for cb in callbacks:
                if not isinstance(cb, Callback):
                    raise TypeError("When the 'callbacks' is a list, the elements in 'callbacks' must be Callback "
                                    "functions.")
            callbacks = list(callbacks)
        else:
            raise TypeError("The 'callbacks' is not a Callback or a list of Callback.")
        self.callbacks: list[Callback] = callbacks
        self._stack: ExitStack | None = None

    def __enter__(self) -> "CallbackList":
        self._stack = ExitStack().__enter__()
        entered = [self._stack.enter_context(cb) for cb in self.callbacks]
        self.callbacks = [e if isinstance(e, Callback) else cb for e, cb in zip(entered, self.callbacks)]
        return self

    def __exit__(self, *err: Any) -> Any:
        return self._stack.__exit__(*err)

    def __call__(self, hook: str, run_context: RunContext) -> None:
        for cb in self.callbacks:
            getattr(cb, hook)(run_context)


def handle_loss(loss: Any) -> Any:
    """The loss a callback reports from ``net_outputs``: the mean of a Tensor as a Python float; of a tuple
    or list, its first Tensor (left a Tensor, as MindSpore 2.10 does)."""
    if isinstance(loss, (tuple, list)):
        if loss and isinstance(loss[0], Tensor):
            return loss[0]
    elif isinstance(loss, Tensor):
        return float(np.mean(loss.asnumpy()))
    return loss

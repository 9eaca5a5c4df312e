"""``Model``: MindSpore's high-level training API — ``train``, ``eval``, ``fit`` and ``predict`` over a
dataset, calling callbacks at MindSpore 2.10's hooks with its ``cb_params``.

The train network is ``TrainOneStepCell(WithLossCell(network, loss_fn), optimizer)`` (or the network itself
when it already is one). On a backend that compiles (jax) each network runs through ``unigrad.jit``: a
compiled step and a host loop, with nothing read back to the host unless a callback asks for it (the loss
stays a device Tensor in ``cb_params.net_outputs``). ``dataset_sink_mode=True`` runs the same loop, as
MindSpore does on CPU."""
from __future__ import annotations

import warnings
from typing import Any, Callable

import numpy as np

from unigrad import backends
from unigrad._jit import jit
from unigrad._tensor import Tensor
from unigrad.common._checks import check_bools
from unigrad.nn.cell import Cell
from unigrad.nn.wrap import WithEvalCell, WithLossCell
from unigrad.train.amp import build_train_network
from unigrad.train.callback._callback import CallbackList, CallbackParams, RunContext
from unigrad.train.callback._monitors import check_non_negative_int
from unigrad.train.metrics import Loss, get_metrics

# MindSpore's own callbacks, which Model.fit leaves out of its evaluation (all but TimeMonitor)
BUILT_IN_CALLBACKS = frozenset({
    "Callback", "LossMonitor", "ModelCheckpoint", "FlopsUtilizationCollector", "SummaryCollector",
    "CheckpointConfig", "RunContext", "LearningRateScheduler", "SummaryLandscape", "History", "LambdaCallback",
    "ReduceLROnPlateau", "EarlyStopping", "OnRequestExit", "BackupAndRestore", "TrainFaultTolerance"})


def _compiled(network: Callable) -> Callable:
    """The network through ``unigrad.jit`` on a compiling backend (one program per step), else as it is."""
    if not backends.current().compiles:
        return network

    def step(*inputs: Any) -> Any:
        return network(*inputs)

    return jit(step)


class Model:
    """MindSpore's ``Model(network, loss_fn, optimizer, metrics, eval_network, eval_indexes, amp_level,
    boost_level, **kwargs)``; ``kwargs``: ``loss_scale_manager`` and ``keep_batchnorm_fp32`` (mixed precision,
    built by ``amp.build_train_network``). ``boost_level`` other than 'O0' is not supported."""

    def __init__(self, network: Cell, loss_fn: Cell | None = None, optimizer: Cell | None = None,
                 metrics: Any = None, eval_network: Cell | None = None, eval_indexes: list | None = None,
                 amp_level: str = "O0", boost_level: str = "O0", **kwargs: Any) -> None:
        if not isinstance(network, Cell):
            raise TypeError(f"For 'Model', the 'network' must be a Cell, but got {type(network).__name__}")
        for arg in kwargs:
            if arg not in ("loss_scale_manager", "keep_batchnorm_fp32"):
                raise ValueError("The argument in 'kwargs' should be 'loss_scale_manager' or 'keep_batchnorm_fp32', "
                                 f"but got '{arg}'.")
        if optimizer is None and amp_level != "O0":
            raise ValueError("Auto mixed precision will not work because 'optimizer' is None.Please set "
                             "amp_level='O0' to disable auto mixed precision or set 'optimizer' not be None to use "
                             "auto mixed precision.")
        self._network, self._loss_fn, self._optimizer = network, loss_fn, optimizer
        self._amp_level, self._boost_level, self._amp_config = amp_level, boost_level, kwargs
        self._loss_scale_manager = kwargs.get("loss_scale_manager")
        self._train_network = self._build_train_network()
        self._metric_fns = get_metrics(metrics) or {}
        self._eval_network, self._eval_indexes = eval_network, None
        if self._metric_fns:
            self._build_eval_network(eval_network, eval_indexes)
        self._predict_network = network
        self._compiled: dict[str, tuple[Cell, Callable]] = {}
        self._current_epoch_num = 0
        self._current_step_num = 0
        self.batch_num = -1

    # -- networks ---------------------------------------------------------------------------------
    def _build_train_network(self) -> Cell:
        network = self._network
        if self._loss_scale_manager is not None and self._optimizer is None:
            raise ValueError("The argument 'optimizer' can not be None when set 'loss_scale_manager'.")
        if self._optimizer is not None:
            return build_train_network(network, self._optimizer, self._loss_fn, level=self._amp_level,
                                       boost_level=self._boost_level, **self._amp_config)
        if self._loss_fn is not None:
            return WithLossCell(network, self._loss_fn)
        return network

    def _build_eval_network(self, eval_network: Cell | None, eval_indexes: list | None) -> None:
        if eval_network is not None:
            if eval_indexes is not None and not (isinstance(eval_indexes, list) and len(eval_indexes) == 3):
                raise ValueError(f"The argument 'eval_indexes' must be a list or None. If 'eval_indexes' is a list, "
                                 f"length of it must be three. But got 'eval_indexes' {eval_indexes}")
            self._eval_indexes = eval_indexes
            return
        if self._loss_fn is None:
            raise ValueError("If `metrics` is set, `eval_network` must not be None. Do not set `metrics` if you "
                             "don't want an evaluation; for one data, one label and one logits, give `loss_fn` and "
                             "Model builds the evaluation network itself.")
        self._eval_network = WithEvalCell(self._network, self._loss_fn, self._amp_level in ("O2", "O3", "auto"))
        self._eval_indexes = [0, 1, 2]

    def _runner(self, kind: str, network: Cell) -> Callable:
        """The network's compiled step, kept per network (built again if the network was replaced)."""
        kept = self._compiled.get(kind)
        if kept is None or kept[0] is not network:
            kept = self._compiled[kind] = (network, _compiled(network))
        return kept[1]

    @property
    def train_network(self) -> Cell:
        return self._train_network

    @property
    def eval_network(self) -> Cell | None:
        return self._eval_network

    @property
    def predict_network(self) -> Cell:
        return self._predict_network

    # -- metrics ----------------------------------------------------------------------------------
    def _update_metrics(self, outputs: Any) -> None:
        if isinstance(outputs, Tensor):
            outputs = (outputs,)
        if not isinstance(outputs, tuple):
            raise ValueError(f"The argument 'outputs' should be tuple, but got {type(outputs)}.")
        if self._eval_indexes is not None and len(outputs) < 3:
            raise ValueError(f"The length of 'outputs' must be >= 3, but got {len(outputs)}")
        for metric in self._metric_fns.values():
            if self._eval_indexes is None:
                metric.update(*outputs)
            elif isinstance(metric, Loss):
                metric.update(outputs[self._eval_indexes[0]])
            else:
                metric.update(outputs[self._eval_indexes[1]], outputs[self._eval_indexes[2]])

    # -- training ---------------------------------------------------------------------------------
    def train(self, epoch: int, train_dataset: Any, callbacks: Any = None, dataset_sink_mode: bool = False,
              sink_size: int = -1, initial_epoch: int = 0) -> None:
        """Trains ``epoch - initial_epoch`` epochs over ``train_dataset`` (rows of (data, label) with a
        ``loss_fn``, else the train network's inputs)."""
        self._train(epoch, train_dataset, callbacks, dataset_sink_mode, sink_size, initial_epoch, None, 1)

    def fit(self, epoch: int, train_dataset: Any, valid_dataset: Any = None, valid_frequency: int | list = 1,
            callbacks: Any = None, dataset_sink_mode: bool = False, valid_dataset_sink_mode: bool = False,
            sink_size: int = -1, initial_epoch: int = 0) -> None:
        """``train``, evaluating on ``valid_dataset`` after every ``valid_frequency``-th epoch (an int) or
        after the listed epochs; the results reach callbacks as ``cb_params.metrics`` and ``eval_results``."""
        check_bools("Model.fit", valid_dataset_sink_mode=valid_dataset_sink_mode)
        if isinstance(valid_frequency, bool) or not isinstance(valid_frequency, (int, list)):
            raise TypeError(f"For 'Model.fit', the type of 'valid_frequency' must be a list or an integer, but got "
                            f"type {type(valid_frequency)}.")
        if valid_dataset is not None and not self._metric_fns:
            raise ValueError("For 'Model.fit', if valid_dataset is not None, the model argument 'metrics' can not be "
                             "None or empty, you should set the argument 'metrics' for model.")
        self._train(epoch, train_dataset, callbacks, dataset_sink_mode, sink_size, initial_epoch, valid_dataset,
                    valid_frequency)

    def _check_train_args(self, epoch: Any, train_dataset: Any, dataset_sink_mode: Any, sink_size: Any,
                          initial_epoch: Any) -> None:
        check_bools("Model.train", dataset_sink_mode=dataset_sink_mode)
        if isinstance(sink_size, bool) or not isinstance(sink_size, int):
            raise TypeError(f"For 'Model.train', the 'sink_size' must be an int, but got {type(sink_size).__name__}")
        if isinstance(epoch, bool) or not isinstance(epoch, int):
            raise TypeError(f"For 'Model.train', the 'epoch' must be an int, but got {type(epoch).__name__}")
        if epoch <= 0:
            raise ValueError(f"For 'Model.train', the 'epoch' must be a positive int, but got {epoch}")
        check_non_negative_int("Model.train", "initial_epoch", initial_epoch)
        if initial_epoch >= epoch:
            raise ValueError(f"For 'Model.train', the parameter 'epoch' must bigger than parameter 'initial_epoch', "
                             f"but got the parameter 'epoch' is {epoch}, 'initial_epoch' is {initial_epoch}.")
        if train_dataset.get_dataset_size() == 0:
            raise ValueError("There is no valid data in dataset, please check dataset file firstly.")
        if sink_size < -1 or sink_size == 0:
            raise ValueError(f"For 'Model.train', The argument 'sink_size' must be -1 or positive, but got "
                             f"{sink_size}.")

    def _train(self, epoch: int, train_dataset: Any, callbacks: Any, dataset_sink_mode: bool, sink_size: int,
               initial_epoch: int, valid_dataset: Any, valid_frequency: int | list) -> None:
        self._check_train_args(epoch, train_dataset, dataset_sink_mode, sink_size, initial_epoch)
        _check_old_hooks(callbacks, "fit" if valid_dataset is not None else "train")
        cb_params = CallbackParams(
            cur_step_num=0, train_network=self._train_network, epoch_num=epoch - initial_epoch,
            batch_num=sink_size if dataset_sink_mode and sink_size > 0 else train_dataset.get_dataset_size(),
            mode="train", loss_fn=self._loss_fn, optimizer=self._optimizer, parallel_mode="stand_alone",
            device_number=1, train_dataset=train_dataset, list_callback=_callback_list(callbacks),
            train_dataset_element=None, network=self._network, last_save_ckpt_step=None, latest_ckpt_file=None,
            loss_scale_mananger=self._loss_scale_manager, initial_step=None, dataset_sink_mode=False)
        self.batch_num = cb_params.batch_num
        with CallbackList(callbacks) as hooks:
            self._train_process(epoch, train_dataset, hooks, cb_params, initial_epoch, valid_dataset,
                                valid_frequency)

    def _train_process(self, epoch: int, dataset: Any, hooks: CallbackList, cb_params: CallbackParams,
                       initial_epoch: int, valid_dataset: Any, valid_frequency: int | list) -> None:
        network = self._train_network
        network.set_train(True)
        step = self._runner("train", network)
        rows = dataset.create_tuple_iterator(num_epochs=epoch - initial_epoch)
        run_context = RunContext(cb_params)
        hooks("on_train_begin", run_context)
        for i in range(initial_epoch, epoch):
            cb_params.cur_epoch_num = self._current_epoch_num = i + 1
            self._current_step_num = 0
            hooks("on_train_epoch_begin", run_context)
            for row in rows:
                if self._loss_fn is not None and len(row) != 2:
                    raise ValueError(f"When 'loss_fn' is not None, 'train_dataset' should return two elements, but "
                                     f"got {len(row)}, please check the number of elements returned by "
                                     f"'train_dataset'")
                cb_params.cur_step_num += 1
                self._current_step_num = (cb_params.cur_step_num - 1) % cb_params.batch_num + 1
                cb_params.train_dataset_element = row
                hooks("on_train_step_begin", run_context)
                cb_params.net_outputs = step(*row)
                if self._loss_scale_manager is not None and self._loss_scale_manager.get_drop_overflow_update():
                    # the host-side twin of the step's scale update (a read of the overflow flag each step)
                    self._loss_scale_manager.update_loss_scale(bool(np.all(cb_params.net_outputs[1].asnumpy())))
                hooks("on_train_step_end", run_context)
                if run_context.get_stop_requested():
                    break
            if valid_dataset is not None and _should_eval(cb_params.cur_epoch_num, valid_frequency):
                self._eval_in_fit(valid_dataset, hooks, cb_params)
                network.set_train(True)
            hooks("on_train_epoch_end", run_context)
            cb_params.pop("metrics", None)
            cb_params.pop("eval_results", None)
            if run_context.get_stop_requested():
                break
        hooks("on_train_end", run_context)

    def _eval_in_fit(self, valid_dataset: Any, hooks: CallbackList, cb_params: CallbackParams) -> None:
        """Evaluation at the end of a ``fit`` epoch: the user's callbacks (and TimeMonitor) see its hooks; the
        train step count, batch count and outputs are put back afterwards."""
        saved = {key: cb_params[key] for key in ("cur_step_num", "batch_num", "dataset_sink_mode", "net_outputs")}
        callbacks = [cb for cb in hooks.callbacks
                     if type(cb).__name__ not in BUILT_IN_CALLBACKS or type(cb).__name__ == "TimeMonitor"]
        cb_params.update(eval_network=self._eval_network, valid_dataset=valid_dataset,
                         batch_num=valid_dataset.get_dataset_size(), mode="eval", cur_step_num=0)
        with CallbackList(callbacks) as eval_hooks:
            self._eval_process(valid_dataset, eval_hooks, cb_params, add_eval_loss=True)
        cb_params.update(saved, mode="train")

    # -- evaluation and prediction ----------------------------------------------------------------
    def eval(self, valid_dataset: Any, callbacks: Any = None, dataset_sink_mode: bool = False) -> dict:
        """The metrics over ``valid_dataset``: ``{name: value}``."""
        check_bools("Model.eval", dataset_sink_mode=dataset_sink_mode)
        if not self._metric_fns:
            raise ValueError("For Model.eval, the model argument 'metrics' can not be None or empty, you should set "
                             "the argument 'metrics' for model.")
        cb_params = CallbackParams(eval_network=self._eval_network, valid_dataset=valid_dataset,
                                   batch_num=valid_dataset.get_dataset_size(), mode="eval", cur_step_num=0,
                                   list_callback=_callback_list(callbacks), network=self._network)
        _check_old_hooks(callbacks, "eval")
        with CallbackList(callbacks) as hooks:
            return self._eval_process(valid_dataset, hooks, cb_params)

    def _eval_process(self, valid_dataset: Any, hooks: CallbackList, cb_params: CallbackParams,
                      add_eval_loss: bool = False) -> dict:
        for metric in self._metric_fns.values():
            metric.clear()
        network = self._eval_network
        network.set_train(False)
        step = self._runner("eval", network)
        run_context = RunContext(cb_params)
        cb_params.dataset_sink_mode = False
        hooks("on_eval_begin", run_context)
        hooks("on_eval_epoch_begin", run_context)
        losses: list = []
        for row in valid_dataset.create_tuple_iterator(num_epochs=1):
            cb_params.cur_step_num += 1
            cb_params.eval_dataset_element = row
            hooks("on_eval_step_begin", run_context)
            outputs = step(*row)
            cb_params.net_outputs = outputs
            hooks("on_eval_step_end", run_context)
            self._update_metrics(outputs)
            if add_eval_loss:
                losses.append(outputs[self._eval_indexes[0]])
            if run_context.get_stop_requested():
                break
        hooks("on_eval_epoch_end", run_context)
        metrics = {key: metric.eval() for key, metric in self._metric_fns.items()}
        cb_params.metrics = metrics
        if add_eval_loss:
            if not losses:
                raise RuntimeError("Total samples num must not be 0.")
            # MindSpore's Loss metric: the mean over batches of each batch's mean loss
            # MindSpore 2.10 makes a new Loss metric at every step, so its eval_loss is the last batch's loss
            eval_loss = float(np.mean(losses[-1].asnumpy()))
            cb_params.eval_results = dict(metrics, eval_loss=eval_loss)
        hooks("on_eval_end", run_context)
        return metrics

    def predict(self, *predict_data: Any, backend: Any = None, config: Any = None) -> Any:
        """The network's outputs for ``predict_data``, in inference mode."""
        for item in predict_data:
            if isinstance(item, Tensor):
                if item.size == 0:
                    raise ValueError("The input data can not be empty.")
            elif item is not None and not isinstance(item, (int, float, str)):
                raise TypeError(f"The types of input data must be in the Union(Tensor, None, int, float, str, "
                                f"tuple, list, dict), but got type {type(item).__name__}.")
        self._predict_network.set_train(False)
        return self._runner("predict", self._predict_network)(*predict_data)


def _should_eval(epoch: int, valid_frequency: int | list) -> bool:
    return epoch % valid_frequency == 0 if isinstance(valid_frequency, int) else epoch in valid_frequency


def _check_old_hooks(callbacks: Any, mode: str) -> None:
    """A callback of the user's that defines the older hook names (``step_end``...): MindSpore 2.10 warns in
    train and eval, and refuses it in fit (ValueError)."""
    for cb in _callback_list(callbacks):
        name = type(cb).__name__
        old = sorted(set(vars(type(cb))) & {"begin", "end", "epoch_begin", "epoch_end", "step_begin", "step_end"})
        if name in BUILT_IN_CALLBACKS or not old:
            continue
        message = (f"For {name} callback, {set(old)} methods may not be supported in later version, Use methods "
                   f"prefixed with 'on_train' or 'on_eval' instead when using customized callbacks.")
        if mode == "fit":
            raise ValueError(message)
        warnings.warn(message, stacklevel=4)


def _callback_list(callbacks: Any) -> list:
    if callbacks is None:
        return []
    return list(callbacks) if isinstance(callbacks, (list, tuple)) else [callbacks]

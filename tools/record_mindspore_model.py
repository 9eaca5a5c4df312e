"""Records MindSpore 2.10's Model, callbacks and Cell wrappers on a small net, for tests/test_model.py.

    /work/msvenv/bin/python tools/record_mindspore_model.py     # writes tests/goldens/mindspore_2.10_model.json

The net is Dense 4-8, ReLU, Dense 8-3 with weights from np.random.default_rng(0), trained with Momentum on 12
fixed rows (NumpySlicesDataset, shuffle=False, batch 4: 3 steps an epoch). tests/test_model.py runs this same
code on unigrad (imported with RECORD_WITH=unigrad) and compares.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import pathlib
import tempfile

import numpy as np

if os.environ.get("RECORD_WITH") == "unigrad":
    import unigrad as ms
    from unigrad import dataset as ds
else:
    import mindspore as ms
    import mindspore.dataset as ds
nn, train = ms.nn, ms.train
Callback, EarlyStopping, History = train.Callback, train.EarlyStopping, train.History
LambdaCallback, LossMonitor = train.LambdaCallback, train.LossMonitor
LearningRateScheduler = train.LearningRateScheduler
Model, ReduceLROnPlateau = train.Model, train.ReduceLROnPlateau
ModelCheckpoint, CheckpointConfig = train.ModelCheckpoint, train.CheckpointConfig

OUT = pathlib.Path(__file__).resolve().parents[1] / "tests" / "goldens" / "mindspore_2.10_model.json"
HOOKS = ["on_train_begin", "on_train_epoch_begin", "on_train_step_begin", "on_train_step_end",
         "on_train_epoch_end", "on_train_end", "on_eval_begin", "on_eval_epoch_begin", "on_eval_step_begin",
         "on_eval_step_end", "on_eval_epoch_end", "on_eval_end"]
OLD_HOOKS = ["begin", "epoch_begin", "step_begin", "step_end", "epoch_end", "end"]


def weights() -> list[np.ndarray]:
    rng = np.random.default_rng(0)
    return [rng.uniform(-0.5, 0.5, shape).astype(np.float32) for shape in ((8, 4), (8,), (3, 8), (3,))]


def data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(1)
    return rng.standard_normal((12, 4)).astype(np.float32), rng.integers(0, 3, 12).astype(np.int32)


class Net(nn.Cell):
    def __init__(self) -> None:
        super().__init__()
        w1, b1, w2, b2 = weights()
        self.fc1 = nn.Dense(4, 8, weight_init=ms.Tensor(w1), bias_init=ms.Tensor(b1))
        self.relu = nn.ReLU()
        self.fc2 = nn.Dense(8, 3, weight_init=ms.Tensor(w2), bias_init=ms.Tensor(b2))

    def construct(self, x):
        return self.fc2(self.relu(self.fc1(x)))


def dataset(batch: int = 4):
    x, y = data()
    return ds.NumpySlicesDataset((x, y), column_names=["data", "label"], shuffle=False).batch(batch)


def model(metrics=None, lr: float = 0.1):
    net = Net()
    opt = nn.Momentum(net.trainable_params(), learning_rate=lr, momentum=0.9)
    return Model(net, nn.CrossEntropyLoss(), opt, metrics=metrics), net, opt


def _loss(value) -> float:
    return float(np.mean((value[0] if isinstance(value, (tuple, list)) else value).asnumpy()))


class Recorder(Callback):
    """Every new hook, with the epoch and step numbers and (at a step's end) the loss."""

    def __init__(self) -> None:
        self.calls, self.losses = [], []

    def _record(self, hook, run_context) -> None:
        p = run_context.original_args()
        self.calls.append([hook, p.get("cur_epoch_num"), p.get("cur_step_num"), p.get("batch_num"), p.get("mode")])
        if hook == "on_train_step_end":
            self.losses.append(_loss(p.net_outputs))


for _hook in HOOKS:
    setattr(Recorder, _hook, lambda self, rc, _h=_hook: self._record(_h, rc))


class OldRecorder(Callback):
    """Only the older hook names: which the new hooks call."""

    def __init__(self) -> None:
        self.calls = []


for _hook in OLD_HOOKS:
    setattr(OldRecorder, _hook, lambda self, rc, _h=_hook: self.calls.append(
        [_h, rc.original_args().get("mode"), rc.original_args().get("cur_step_num")]))


def lr_of(opt) -> float:
    """The learning rate as float32 (unigrad keeps a constant one a Python float until a callback changes it)."""
    lr = opt.learning_rate
    return float(np.float32(lr.asnumpy() if hasattr(lr, "asnumpy") else lr))


def captured(fn) -> list[str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        fn()
    return out.getvalue().splitlines()


def checkpoints() -> dict:
    """ModelCheckpoint's files: every 2 steps keeping 2; every 4 steps (the end saves the last step too) with
    append_info; a second run into the same folder (prefix_1); what the last file holds."""
    out = {}
    with tempfile.TemporaryDirectory() as folder:
        m, _, _ = model()
        cb = ModelCheckpoint("net", folder, CheckpointConfig(save_checkpoint_steps=2, keep_checkpoint_max=2))
        m.train(2, dataset(), callbacks=cb)
        out["every_2_keep_2"] = sorted(f for f in os.listdir(folder) if not f.endswith(".meta"))
        out["latest"] = os.path.basename(cb.latest_ckpt_file_name)
        saved = ms.load_checkpoint(cb.latest_ckpt_file_name)
        out["names"] = sorted(saved)
        out["fc1.weight"] = saved["fc1.weight"].asnumpy().tolist()
        m, _, _ = model()
        cb = ModelCheckpoint("net", folder, CheckpointConfig(save_checkpoint_steps=4, keep_checkpoint_max=5,
                                                             append_info=["epoch_num", "step_num"]))
        m.train(2, dataset(), callbacks=cb)
        out["second_run"] = sorted(f for f in os.listdir(folder) if not f.endswith(".meta"))
        saved = ms.load_checkpoint(cb.latest_ckpt_file_name)
        out["append_info"] = {k: int(saved[k].asnumpy()) for k in ("epoch_num", "step_num")}
    return out


def record() -> dict:
    x, y = data()
    golden: dict = {"weights": [w.tolist() for w in weights()], "x": x.tolist(), "y": y.tolist()}

    # train: 2 epochs, LossMonitor, the hook order, the old hooks, History
    m, net, _ = model({"accuracy", "loss"})
    rec, old, hist = Recorder(), OldRecorder(), History()
    golden["loss_monitor_lines"] = captured(lambda: m.train(2, dataset(), callbacks=[LossMonitor(), rec, old, hist]))
    golden["train_losses"] = rec.losses
    golden["train_calls"] = rec.calls
    golden["train_old_calls"] = old.calls
    golden["train_history"] = {k: [float(v) for v in vals] for k, vals in hist.history.items()}
    golden["train_history_epoch"] = hist.epoch
    rec2, old2 = Recorder(), OldRecorder()
    result = m.eval(dataset(), callbacks=[rec2, old2])
    golden["eval"] = {k: float(v) for k, v in result.items()}
    golden["eval_calls"] = rec2.calls
    golden["eval_old_calls"] = old2.calls
    golden["predict"] = m.predict(ms.Tensor(x[:4])).asnumpy().tolist()
    golden["weights_after"] = [p.asnumpy().tolist() for p in net.trainable_params()]

    # sink mode: same losses; LossMonitor(2); initial_epoch
    m, _, _ = model()
    rec = Recorder()
    golden["sink_lines"] = captured(lambda: m.train(2, dataset(), callbacks=[LossMonitor(2), rec],
                                                    dataset_sink_mode=True))
    golden["sink_losses"] = rec.losses
    m, _, _ = model()
    rec = Recorder()
    golden["initial_epoch_lines"] = captured(lambda: m.train(3, dataset(), callbacks=[LossMonitor(), rec],
                                                             initial_epoch=1))
    golden["initial_epoch_calls"] = rec.calls

    # fit with evaluation every epoch: the hooks, History with metrics, eval_results
    m, _, _ = model({"accuracy", "loss"})
    rec, hist = Recorder(), History()
    seen = []
    lam = LambdaCallback(on_train_epoch_end=lambda rc: seen.append(
        {k: float(v) for k, v in rc.original_args().get("eval_results", {}).items()}))
    golden["fit_lines"] = captured(lambda: m.fit(2, dataset(), dataset(), callbacks=[LossMonitor(3), rec, hist, lam]))
    golden["fit_calls"] = rec.calls
    try:  # fit refuses a callback of the user's with the older hook names
        m.fit(1, dataset(), dataset(), callbacks=[OldRecorder()])
        golden["fit_old_error"] = None
    except ValueError as e:
        golden["fit_old_error"] = str(e)
    golden["fit_history"] = {k: [float(v) for v in vals] for k, vals in hist.history.items()}
    golden["fit_eval_results"] = seen

    # request_stop at the 5th step; EarlyStopping on the loss; ReduceLROnPlateau; LearningRateScheduler
    m, _, _ = model()
    rec = Recorder()
    stop = LambdaCallback(on_train_step_end=lambda rc: rc.request_stop() if rc.original_args().cur_step_num == 5
                          else None)
    m.train(4, dataset(), callbacks=[stop, rec])
    golden["request_stop_calls"] = rec.calls
    m, _, _ = model()
    rec, early = Recorder(), EarlyStopping(monitor="loss", min_delta=10, patience=1)
    m.train(5, dataset(), callbacks=[early, rec])
    golden["early_stopping"] = {"calls": rec.calls, "stopped_epoch": int(early.stopped_epoch),
                                "best": float(early.best)}
    m, _, opt = model()
    rec, lrs = Recorder(), []
    plateau = ReduceLROnPlateau(monitor="loss", factor=0.5, patience=0, min_delta=10)
    m.train(4, dataset(), callbacks=[plateau, rec, LambdaCallback(
        on_train_epoch_end=lambda rc: lrs.append(lr_of(opt)))])
    golden["plateau"] = {"losses": rec.losses, "lrs": lrs}
    m, _, opt = model()
    rec, lrs = Recorder(), []
    sched = LearningRateScheduler(lambda lr, step: lr * 0.5 if step % 2 == 0 else lr)
    m.train(2, dataset(), callbacks=[sched, rec, LambdaCallback(
        on_train_step_end=lambda rc: lrs.append(lr_of(opt)))])
    golden["scheduler"] = {"losses": rec.losses, "lrs": lrs}

    golden["checkpoints"] = checkpoints()

    # the Cell wrappers by hand
    net = Net()
    with_loss = nn.WithLossCell(net, nn.CrossEntropyLoss())
    golden["with_loss"] = float(with_loss(ms.Tensor(x[:4]), ms.Tensor(y[:4])).asnumpy())
    opt = nn.Momentum(net.trainable_params(), learning_rate=0.1, momentum=0.9)
    step = nn.TrainOneStepCell(with_loss, opt, sens=2.0)
    step.set_train()
    golden["train_one_step"] = [float(step(ms.Tensor(x[i:i + 4]), ms.Tensor(y[i:i + 4])).asnumpy())
                                for i in (0, 4, 8, 0)]
    golden["train_one_step_weights"] = [p.asnumpy().tolist() for p in net.trainable_params()]
    golden["param_names"] = [p.name for p in step.trainable_params()]
    loss, out, label = nn.WithEvalCell(net, nn.CrossEntropyLoss())(ms.Tensor(x[:4]), ms.Tensor(y[:4]))
    golden["with_eval"] = {"loss": float(loss.asnumpy()), "outputs": out.asnumpy().tolist(),
                           "label": label.asnumpy().tolist()}
    return golden


if __name__ == "__main__":
    OUT.write_text(json.dumps({"mindspore_version": ms.__version__, **record()}, indent=1) + "\n")
    print("wrote", OUT)

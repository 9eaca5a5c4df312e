"""Model, its callbacks and the Cell wrappers against MindSpore 2.10 (tests/goldens/mindspore_2.10_model.json,
from tools/record_mindspore_model.py): the recording script itself runs here on unigrad, on every backend, and
its losses, LossMonitor lines, hook order and callback effects are compared with MindSpore's."""
from __future__ import annotations

import json
import pathlib
import re

import numpy as np
import pytest

import unigrad as ms
from recorders import gpu_backends, load_recorder
from unigrad import nn
from unigrad.train import Callback, History, LossMonitor, Model, ProgressBar, RunContext

ROOT = pathlib.Path(__file__).resolve().parents[1]
GOLDEN = json.loads((ROOT / "tests" / "goldens" / "mindspore_2.10_model.json").read_text())
LINE = re.compile(r"^epoch: (\d+) step: (\d+), loss is ([-\d.e]+)$")


REC = load_recorder("record_mindspore_model")


@pytest.fixture(scope="module", params=ms.available_backends())
def ours(request):
    """The recording run on one backend (run once per backend, shared by the tests below)."""
    with ms.use_backend(request.param), pytest.warns(UserWarning, match="may not be supported in later version"):
        return REC.record()  # MindSpore warns of the older hook names in train and eval, as here


def _close(a, b, tol=1e-5):
    np.testing.assert_allclose(np.asarray(a, np.float64), np.asarray(b, np.float64), rtol=tol, atol=tol)


def _parsed(lines):
    """LossMonitor lines as (epoch, step, loss); other lines as they are (the loss's last digits may differ)."""
    out = []
    for line in lines:
        m = LINE.match(line)
        out.append((int(m[1]), int(m[2]), float(m[3])) if m else line)
    return out


def _same_lines(ours_lines, theirs):
    a, b = _parsed(ours_lines), _parsed(theirs)
    assert len(a) == len(b), (ours_lines, theirs)
    for x, y in zip(a, b):
        if isinstance(y, tuple):
            assert isinstance(x, tuple) and x[:2] == y[:2], (x, y)
            _close(x[2], y[2])
        else:
            assert x == y


def _same_eval_line(ours_line, theirs):
    """``Eval result: epoch 1, metrics: {...}``: the same epoch and metrics, numbers within 1e-5."""
    head, _, rest = theirs.partition("{")
    assert ours_line.startswith(head)
    ours_metrics, theirs_metrics = eval("{" + ours_line.partition("{")[2]), eval("{" + rest)  # noqa: S307
    assert ours_metrics.keys() == theirs_metrics.keys()
    for key in theirs_metrics:
        _close(ours_metrics[key], theirs_metrics[key])


def test_train_losses_and_weights(ours):
    _close(ours["train_losses"], GOLDEN["train_losses"])
    for a, b in zip(ours["weights_after"], GOLDEN["weights_after"]):
        _close(a, b)


def test_loss_monitor_lines(ours):
    _same_lines(ours["loss_monitor_lines"], GOLDEN["loss_monitor_lines"])
    _same_lines(ours["sink_lines"], GOLDEN["sink_lines"])  # LossMonitor(2) in sink mode
    _same_lines(ours["initial_epoch_lines"], GOLDEN["initial_epoch_lines"])


def test_hook_order_and_numbers(ours):
    for key in ("train_calls", "train_old_calls", "eval_calls", "eval_old_calls", "initial_epoch_calls",
                "fit_calls", "request_stop_calls"):
        assert ours[key] == GOLDEN[key], key


def test_sink_mode_gives_the_same_losses(ours):
    _close(ours["sink_losses"], GOLDEN["sink_losses"])
    _close(ours["sink_losses"], ours["train_losses"], 0)


def test_eval_and_predict(ours):
    assert ours["eval"].keys() == GOLDEN["eval"].keys()
    _close(list(ours["eval"].values()), [GOLDEN["eval"][k] for k in ours["eval"]])
    _close(ours["predict"], GOLDEN["predict"])


def test_fit_history_and_eval_results(ours):
    assert ours["train_history_epoch"] == GOLDEN["train_history_epoch"]
    for key in ("train_history", "fit_history"):
        assert ours[key].keys() == GOLDEN[key].keys()
        for name in GOLDEN[key]:
            _close(ours[key][name], GOLDEN[key][name])
    assert [r.keys() for r in ours["fit_eval_results"]] == [r.keys() for r in GOLDEN["fit_eval_results"]]
    for a, b in zip(ours["fit_eval_results"], GOLDEN["fit_eval_results"]):
        _close([a[k] for k in b], list(b.values()))
    lines = ours["fit_lines"]
    assert len(lines) == len(GOLDEN["fit_lines"])
    _same_lines(lines[0::2], GOLDEN["fit_lines"][0::2])
    for a, b in zip(lines[1::2], GOLDEN["fit_lines"][1::2]):
        _same_eval_line(a, b)


def test_fit_refuses_a_callback_with_the_older_hook_names(ours):
    def words(message):  # a set's order differs from run to run: compare the words
        return sorted(re.findall(r"\w+", message))

    assert words(ours["fit_old_error"]) == words(GOLDEN["fit_old_error"])
    model, _, _ = REC.model({"accuracy"})
    with pytest.warns(UserWarning, match="may not be supported in later version"):
        model.train(1, REC.dataset(), callbacks=[REC.OldRecorder()])


def test_early_stopping_plateau_and_scheduler(ours):
    assert ours["early_stopping"]["calls"] == GOLDEN["early_stopping"]["calls"]
    assert ours["early_stopping"]["stopped_epoch"] == GOLDEN["early_stopping"]["stopped_epoch"] == 2
    _close(ours["early_stopping"]["best"], GOLDEN["early_stopping"]["best"])
    for key in ("plateau", "scheduler"):
        _close(ours[key]["lrs"], GOLDEN[key]["lrs"], 1e-7)
        _close(ours[key]["losses"], GOLDEN[key]["losses"])


def test_cell_wrappers(ours):
    _close(ours["with_loss"], GOLDEN["with_loss"])
    _close(ours["train_one_step"], GOLDEN["train_one_step"])
    for a, b in zip(ours["train_one_step_weights"], GOLDEN["train_one_step_weights"]):
        _close(a, b)
    assert ours["param_names"][:4] == GOLDEN["param_names"][:4]  # the wrappers add no name prefix
    _close(ours["with_eval"]["loss"], GOLDEN["with_eval"]["loss"])
    _close(ours["with_eval"]["outputs"], GOLDEN["with_eval"]["outputs"])
    assert ours["with_eval"]["label"] == GOLDEN["with_eval"]["label"]


def test_train_one_step_cell_under_jit(backend):
    """A TrainOneStepCell inside ``unigrad.jit`` (compiled on jax) gives the eager losses."""
    x, y = (ms.Tensor(a) for a in REC.data())
    losses = []
    for wrap in (lambda f: f, ms.jit):
        net = REC.Net()
        step = nn.TrainOneStepCell(nn.WithLossCell(net, nn.CrossEntropyLoss()),
                                   nn.Momentum(net.trainable_params(), 0.1, 0.9))
        run = wrap(lambda a, b: step(a, b))
        losses.append([float(run(x, y).asnumpy()) for _ in range(3)])
    _close(losses[1], losses[0])
    assert losses[0][2] < losses[0][0]


def test_history_and_request_stop_from_a_custom_callback(backend, capsys):
    class StopAtSecondEpoch(Callback):
        def on_train_epoch_end(self, run_context: RunContext) -> None:
            args = run_context.original_args()
            assert args.mode == "train" and args.epoch_num == 5 and args.batch_num == 3
            assert isinstance(args.train_network, nn.TrainOneStepCell) and args.optimizer is not None
            if args.cur_epoch_num == 2:
                run_context.request_stop()

    model, _, _ = REC.model()
    history = History()
    model.train(5, REC.dataset(), callbacks=[StopAtSecondEpoch(), history, LossMonitor(0)])
    assert history.epoch == {"epoch": [1, 2]}
    _close(history.history["net_output"], [GOLDEN["train_losses"][2], GOLDEN["train_losses"][5]])
    assert capsys.readouterr().out == ""  # LossMonitor(0) prints nothing


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # NumPy's overflow warnings: the overflow is the point
def test_loss_monitor_stops_on_nan(backend):
    model, net, _ = REC.model(lr=1e30)
    with pytest.raises(ValueError, match="loss is NAN or INF"):
        model.train(3, REC.dataset(), callbacks=LossMonitor())


def test_progress_bar_counts_every_step(backend):
    import io
    out = io.StringIO()
    bar = ProgressBar(loss_every=1, file=out)
    model, _, _ = REC.model()
    model.train(2, REC.dataset(), callbacks=bar)
    text = out.getvalue()
    assert "epoch 2/2" in text and "3/3" in text and "loss=" in text


def test_clear_errors():
    net = REC.Net()
    with pytest.raises(ValueError, match="'optimizer' is None"):
        Model(net, nn.CrossEntropyLoss(), amp_level="O2")
    with pytest.raises(ValueError, match="'kwargs' should be 'loss_scale_manager'"):
        Model(net, nn.CrossEntropyLoss(), nn.SGD(net.trainable_params()), loss_scale=2)
    with pytest.raises(TypeError, match="Cell"):
        Model(lambda x: x)
    model = Model(net, nn.CrossEntropyLoss(), nn.SGD(net.trainable_params()))
    with pytest.raises(ValueError, match="metrics"):
        model.eval(REC.dataset())
    with pytest.raises(ValueError, match="initial_epoch"):
        model.train(1, REC.dataset(), initial_epoch=1)
    with pytest.raises(TypeError, match="Callback"):
        model.train(1, REC.dataset(), callbacks=[object()])
    with pytest.raises(ValueError, match="per_print_times"):
        LossMonitor(-1)
    with pytest.raises(ValueError, match="does not support dynamic learning rate"):
        sched_model = Model(net, nn.CrossEntropyLoss(), nn.SGD(net.trainable_params(), learning_rate=[0.1, 0.2]))
        sched_model.train(1, REC.dataset(), callbacks=ms.train.LearningRateScheduler(lambda lr, step: lr))


def test_public_paths():
    assert ms.Model is ms.train.Model is ms.train.model.Model
    assert ms.LossMonitor is ms.train.LossMonitor is ms.train.callback.LossMonitor
    assert nn.WithLossCell and nn.TrainOneStepCell and nn.WithEvalCell


def test_model_checkpoint_files_rotation_and_contents(ours):
    """ModelCheckpoint's file names, rotation, prefix_1 for a second run, append_info, and what it saves."""
    theirs, mine = GOLDEN["checkpoints"], ours["checkpoints"]
    for key in ("every_2_keep_2", "latest", "second_run", "append_info"):
        assert mine[key] == theirs[key], key
    assert set(mine["names"]) >= {"fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "global_step"}
    _close(mine["fc1.weight"], theirs["fc1.weight"])


def test_model_checkpoint_keeps_the_old_file_until_the_new_one_is_complete(backend, tmp_path):
    """A save that fails (its final name is taken by a folder) leaves both earlier checkpoints in place:
    rotation happens after a save completes (MindSpore deletes the oldest first)."""
    model, _, _ = REC.model()
    cb = ms.ModelCheckpoint("net", str(tmp_path), ms.CheckpointConfig(save_checkpoint_steps=1, keep_checkpoint_max=2))
    block = ms.LambdaCallback(on_train_step_begin=lambda rc: (tmp_path / "net-1_3.ckpt").mkdir()
                              if rc.original_args().cur_step_num == 3 else None)
    with pytest.raises(OSError):
        model.train(1, REC.dataset(), callbacks=[block, cb])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["net-1_1.ckpt", "net-1_2.ckpt", "net-1_3.ckpt"]
    assert (tmp_path / "net-1_3.ckpt").is_dir()
    assert set(ms.load_checkpoint(str(tmp_path / "net-1_1.ckpt"))) >= {"fc1.weight"}


def test_checkpoint_config_errors():
    with pytest.raises(ValueError, match="can't be all None or 0"):
        ms.CheckpointConfig(0, 0, 0, 0)
    with pytest.raises(ValueError, match="append_info"):
        ms.CheckpointConfig(append_info=["epochs"])
    with pytest.raises(ValueError, match="prefix"):
        ms.ModelCheckpoint("a/b")
    config = ms.CheckpointConfig(save_checkpoint_steps=3, save_checkpoint_seconds=10, keep_checkpoint_max=0,
                                 keep_checkpoint_per_n_minutes=0)
    assert (config.save_checkpoint_seconds, config.keep_checkpoint_max) == (None, 1)  # MindSpore's defaults



@pytest.mark.gpu
@pytest.mark.skipif(not gpu_backends(), reason="no GPU visible to torch or jax here")
@pytest.mark.parametrize("name", gpu_backends() or ["none"])
def test_model_train_and_checkpoint_on_the_gpu(name, tmp_path):
    """Model.train on CUDA gives MindSpore's losses; its checkpoint loads back into a fresh net on the GPU."""
    with ms.use_backend(name), ms.use_device("gpu"):
        model, net, _ = REC.model()
        rec = REC.Recorder()
        cb = ms.ModelCheckpoint("gpu", str(tmp_path), ms.CheckpointConfig(save_checkpoint_steps=3))
        model.train(2, REC.dataset(), callbacks=[rec, cb])
        _close(rec.losses, GOLDEN["train_losses"], 1e-4)
        weight = net.trainable_params()[0]._data
        assert "cuda" in str(getattr(weight, "device", "")).lower() or "gpu" in str(weight.devices()).lower()
        fresh = REC.Net()
        ms.load_param_into_net(fresh, ms.load_checkpoint(cb.latest_ckpt_file_name))
        for a, b in zip(fresh.trainable_params(), net.trainable_params()):
            np.testing.assert_array_equal(a.asnumpy(), b.asnumpy())

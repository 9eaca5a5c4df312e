"""``unigrad check``, in real processes on real backends: the quick start agrees across numpy, torch and jax for 20
steps; a wrong gradient rule planted in one primitive of one backend (tests/mutations.py, applied inside the
checked script) is found, named down to the op, with exit status 1; a wrong forward value is named as the op
whose output differs; the gradient functions MindSpore offers (value_and_grad, grad, GradOperation in
TrainOneStepCell under Model.train, vjp) are all recorded as steps; errors exit 2; and real MindSpore runs as a
backend where it is installed."""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
QUICK_START = ROOT / "examples" / "quick_start.py"
BROKEN_DENSE_VJP = ROOT / "tests" / "fixtures" / "check" / "broken_dense_vjp.py"
ENV = {k: v for k, v in os.environ.items() if k not in ("UNIGRAD_BACKEND", "UNIGRAD_DEVICE", "UNIGRAD_MUTATION")}


def check(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "unigrad", "check", *map(str, args)], capture_output=True,
                          text=True, env=ENV, cwd=cwd, timeout=600)


@pytest.mark.slow
def test_the_quick_start_agrees_across_numpy_torch_and_jax_for_20_steps(tmp_path):
    report, plot = tmp_path / "report.json", tmp_path / "curves.png"
    done = check("--backends", "numpy,torch,jax", "--steps", "20", "--json", report, "--plot", plot, QUICK_START)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "All 20 steps agree" in done.stdout
    result = json.loads(report.read_text())
    assert result["exit_status"] == 0 and result["first_divergence"] is None and result["steps"] == 20
    rows = result["rows"]
    # per step and backend: 9 Cell outputs (Network, its 7 Cells, the loss), the loss and the logits, 6 gradients
    # and 6 updated Parameters
    assert len(rows) == 20 * 2 * 23 and all(row["ok"] for row in rows)
    grads = {(row["step"], row["backend"], row["name"]) for row in rows if row["kind"] == "grad"}
    assert (19, "jax", "dense_relu_sequential.4.weight") in grads
    losses = {name: run["losses"] for name, run in result["runs"].items()}
    assert all(len(curve) == 20 for curve in losses.values())
    assert losses["torch"] == pytest.approx(losses["numpy"], rel=1e-5)
    assert losses["jax"] == pytest.approx(losses["numpy"], rel=1e-5)
    assert losses["numpy"][-1] < losses["numpy"][0]  # it trains
    for name in ("torch", "jax"):  # every Parameter (network and SGD state) started from numpy's values
        assert len(result["runs"][name]["given"]) == 19
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_wrong_gradient_rule_on_one_backend_is_named_down_to_the_op(tmp_path):
    report = tmp_path / "report.json"
    done = check("--backends", "numpy,torch", "--steps", "2", "--json", report, BROKEN_DENSE_VJP)
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-3000:]
    assert "FIRST DIVERGENCE: step 0, torch against numpy: grad dense_relu_sequential" in done.stdout
    assert "dense's gradient rule differs on torch" in done.stdout
    result = json.loads(report.read_text())
    first = result["first_divergence"]
    assert (first["step"], first["backend"], first["kind"]) == (0, "torch", "grad") and not first["ok"]
    replay = result["op_replay"]
    assert replay["kind"] == "gradient" and replay["op"]["name"] == "dense"
    assert replay["op"]["cell"] == "Network.dense_relu_sequential.4"
    assert replay["op"]["inputs"] == [[[64, 512], "Float32"], [[10, 512], "Float32"], [[10], "Float32"]]
    assert replay["op"]["source"].endswith("quick_start.py:83")  # logits = self.dense_relu_sequential(x)
    assert replay["gradient_of"]["name"] == "relu"
    # the forward pass is untouched: every Cell output of step 0 agrees
    assert all(row["ok"] for row in result["rows"] if row["kind"] == "cell" and row["step"] == 0)


EXP_NET = textwrap.dedent('''
    """A small MindSpore training script whose loss goes through ops.exp; on numpy, exp's value is planted wrong."""
    import os
    import sys

    import numpy as np
    import mindspore
    from mindspore import nn, ops

    if os.environ.get("UNIGRAD_BACKEND") == "numpy":
        sys.path.insert(0, {tests!r})
        import mutations
        mutations.apply("numpy_exp_value")


    class Net(nn.Cell):
        def __init__(self):
            super().__init__()
            self.dense = nn.Dense(4, 3)

        def construct(self, x):
            return ops.exp(self.dense(x)).mean()


    net = Net()
    optimizer = nn.Momentum(net.trainable_params(), 0.1, 0.9)
    grad_fn = mindspore.value_and_grad(net, None, optimizer.parameters)
    x = mindspore.Tensor(np.random.default_rng(0).normal(size=(8, 4)).astype(np.float32))
    for _ in range(3):
        loss, grads = grad_fn(x)
        optimizer(grads)
''')


def test_a_wrong_forward_value_is_named_as_the_op_whose_output_differs(tmp_path):
    script = tmp_path / "exp_net.py"
    script.write_text(EXP_NET.format(tests=str(ROOT / "tests")))
    report = tmp_path / "report.json"
    done = check("--backends", "torch,numpy", "--steps", "3", "--json", report, script)
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-3000:]
    result = json.loads(report.read_text())
    first = result["first_divergence"]
    assert (first["step"], first["backend"], first["kind"], first["name"]) == (0, "numpy", "cell", "Net")
    replay = result["op_replay"]
    assert replay["kind"] == "output" and replay["op"]["name"] == "exp" and replay["op"]["cell"] == "Net"
    assert "the first op whose output differs" in done.stdout and "exp_net.py:22" in done.stdout  # return ops.exp(...)


MODEL_TRAIN = textwrap.dedent('''
    """Model.train (TrainOneStepCell: GradOperation with sens), ops.grad with has_aux, and vjp, in one script."""
    import numpy as np
    import mindspore
    from mindspore import nn, ops
    import mindspore.dataset as ds
    from mindspore.train import Model

    rng = np.random.default_rng(0)
    data = ds.NumpySlicesDataset({{"x": rng.normal(size=(32, 5)).astype(np.float32),
                                  "y": rng.normal(size=(32, 2)).astype(np.float32)}}, shuffle=False).batch(8)
    net = nn.SequentialCell(nn.Dense(5, 4), nn.Tanh(), nn.Dense(4, 2))
    model = Model(net, nn.MSELoss(), nn.Adam(net.trainable_params(), 1e-2))
    model.train(1, data)  # 4 steps

    x = mindspore.Tensor(rng.normal(size=(3, 5)).astype(np.float32))
    grad_fn = mindspore.grad(lambda x: (net(x).sum(), net(x)), 0, net.trainable_params(), has_aux=True)
    grads, aux = grad_fn(x)  # step 4
    out, vjp_fn = mindspore.vjp(lambda x: net(x), x)  # step 5
    vjp_fn(ops.ones_like(out))
    {stop}
''')


@pytest.mark.parametrize("backends", ["numpy,torch,jax"])
def test_every_kind_of_gradient_function_is_a_recorded_step(tmp_path, backends):
    script = tmp_path / "model_train.py"
    script.write_text(MODEL_TRAIN.format(stop=""))
    report = tmp_path / "report.json"
    done = check("--backends", backends, "--steps", "6", "--json", report, script)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    result = json.loads(report.read_text())
    assert result["steps"] == 6
    rows = result["rows"]
    params = ["0.weight", "0.bias", "2.weight", "2.bias"]
    for step in range(4):  # Model.train: the gradients by Parameter name, Adam's updates, WithLossCell's outputs
        names = {(row["kind"], row["name"]) for row in rows if row["step"] == step and row["backend"] == "torch"}
        assert {("grad", p) for p in params} | {("update", p) for p in params} <= names
        assert ("cell", "WithLossCell._backbone.1") in names and ("cell", "WithLossCell") in names
    step4 = {(row["kind"], row["name"]) for row in rows if row["step"] == 4 and row["backend"] == "jax"}
    assert {("grad", "input[0]"), ("value", "aux[0]")} | {("grad", p) for p in params} <= step4
    step5 = {(row["kind"], row["name"]) for row in rows if row["step"] == 5 and row["backend"] == "jax"}
    assert {("grad", "input[0]"), ("value", "value")} <= step5
    assert all(row["ok"] for row in rows)


def test_a_script_that_fails_on_one_backend_exits_2_with_its_traceback(tmp_path):
    script = tmp_path / "fails.py"
    script.write_text(MODEL_TRAIN.format(stop="raise RuntimeError('stopped by the test')"))
    done = check("--backends", "numpy,torch", "--steps", "50", script)
    assert done.returncode == 2
    assert "the script failed on numpy" in done.stderr and "RuntimeError: stopped by the test" in done.stderr


@pytest.mark.parametrize("args, message", [
    (["--backends", "numpy"], "two or more different backends"),
    (["--backends", "numpy,tensorflow"], "two or more different backends"),
    (["--steps", "0"], "--steps must be a positive int"),
])
def test_bad_options_exit_2_with_what_is_allowed(args, message):
    done = check(*args, QUICK_START)
    assert done.returncode == 2 and message in done.stderr


def test_a_missing_script_exits_2():
    done = check("no_such_script.py")
    assert done.returncode == 2 and "no such file" in done.stderr


def _mindspore_python() -> str | None:
    """Real MindSpore: UNIGRAD_MINDSPORE_PYTHON (a Python whose environment has it), or this Python."""
    if os.environ.get("UNIGRAD_MINDSPORE_PYTHON"):
        return os.environ["UNIGRAD_MINDSPORE_PYTHON"]
    return sys.executable if importlib.util.find_spec("mindspore") else None


@pytest.mark.skipif(_mindspore_python() is None, reason="real MindSpore is not installed here (set "
                    "UNIGRAD_MINDSPORE_PYTHON to the Python of an environment that has it)")
def test_the_quick_start_on_real_mindspore_agrees_with_numpy(tmp_path):
    report = tmp_path / "report.json"
    done = check("--backends", "mindspore,numpy", "--mindspore-python", _mindspore_python(), "--steps", "5",
                 "--json", report, QUICK_START)
    print(done.stdout)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    result = json.loads(report.read_text())
    assert result["runs"]["mindspore"]["framework"] == "mindspore" and result["steps"] == 5
    assert len(result["runs"]["numpy"]["given"]) >= 6  # the network's Parameters came from MindSpore
    assert len([row for row in result["rows"] if row["kind"] == "grad"]) == 5 * 6


DROPOUT_NET = textwrap.dedent('''
    """Dropout inside the step: every unigrad backend draws the same masks from the same seed."""
    import numpy as np
    import mindspore
    from mindspore import nn

    net = nn.SequentialCell(nn.Dense(6, 32), nn.ReLU(), nn.Dropout(p=0.5), nn.Dense(32, 1))
    net.set_train()
    optimizer = nn.SGD(net.trainable_params(), 0.1)
    loss_fn = nn.MSELoss()
    grad_fn = mindspore.value_and_grad(lambda x, y: loss_fn(net(x), y), None, optimizer.parameters)
    rng = np.random.default_rng(1)
    for _ in range(4):
        x = mindspore.Tensor(rng.normal(size=(16, 6)).astype(np.float32))
        y = mindspore.Tensor(rng.normal(size=(16, 1)).astype(np.float32))
        loss, grads = grad_fn(x, y)
        optimizer(grads)
''')


def test_dropout_masks_are_the_same_on_every_unigrad_backend(tmp_path):
    script = tmp_path / "dropout_net.py"
    script.write_text(DROPOUT_NET)
    report = tmp_path / "report.json"
    done = check("--backends", "jax,numpy,torch", "--steps", "4", "--json", report, script)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    rows = json.loads(report.read_text())["rows"]
    dropped = [row for row in rows if row["name"] == "SequentialCell.2"]
    assert len(dropped) == 4 * 2 and all(row["ok"] and row["max_abs_diff"] < 1e-5 for row in dropped)


def test_a_script_that_takes_no_gradient_exits_2_saying_so(tmp_path):
    script = tmp_path / "forward_only.py"
    script.write_text("import mindspore\nfrom mindspore import nn\nprint(nn.Dense(2, 2)(mindspore.ops.ones((1, 2))))\n")
    done = check("--backends", "numpy,torch", script)
    assert done.returncode == 2 and "took no gradient" in done.stderr


def test_a_data_parallel_run_is_checked_against_one_process_by_its_updates(tmp_path):
    """``numpy:2`` / ``torch:2``: the script under ``unigrad launch`` on 2 processes, each on its half of every batch
    (tests/fixtures/data_parallel/halves.py); rank 0's Parameters after each update match one process's."""
    report = tmp_path / "report.json"
    done = check("--backends", "numpy,numpy:2,torch:2", "--steps", "4", "--json", report,
                 ROOT / "tests" / "fixtures" / "data_parallel" / "halves.py", tmp_path / "out.npz")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    result = json.loads(report.read_text())
    rows = result["rows"]
    assert {row["kind"] for row in rows} == {"update"} and len(rows) == 4 * 2 * 4 and all(r["ok"] for r in rows)
    assert "2 data-parallel processes, each on its shard of every batch" in done.stdout
    # each process really saw half a batch: its loss is its half's
    assert result["runs"]["numpy:2"]["losses"] != pytest.approx(result["runs"]["numpy"]["losses"])

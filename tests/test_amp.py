"""Mixed precision against MindSpore 2.10 (tests/goldens/mindspore_2.10_amp.json, recorded by
tools/record_mindspore_amp.py): the recording script runs here on unigrad, on every backend, and its numbers are
compared with MindSpore's. Then what MindSpore's CPU build cannot record: bfloat16 (its CPU MatMul and ReLU lack
the dtype), the loss-scaled training step that skips overflowed updates (its CPU kernel is missing), and Model
with a dropping loss-scale manager (refused on CPU)."""
from __future__ import annotations

import json
import os
import pathlib

import numpy as np
import pytest

import unigrad as ms
from recorders import gpu_backends, load_recorder
from unigrad import amp, nn, ops

ROOT = pathlib.Path(__file__).resolve().parents[1]
GOLDEN = json.loads((ROOT / "tests" / "goldens" / "mindspore_2.10_amp.json").read_text())
HALF_ATOL = 2e-3  # a few float16 steps at the outputs' magnitude (~1): kernels may sum in another order


REC = load_recorder("record_mindspore_amp")


@pytest.fixture(scope="module", params=ms.available_backends())
def ours(request):
    """The recording run on one backend (once per backend, shared by the tests below)."""
    with ms.use_backend(request.param):
        return request.param, REC.record()


def _close(got, expected, atol, what):
    np.testing.assert_allclose(np.asarray(got, np.float64), np.asarray(expected, np.float64), rtol=0, atol=atol,
                               err_msg=what)


def test_levels_in_float16(ours):
    """Each level in float16: the output's dtype and values, the loss's gradients (float32, as the Parameters),
    BatchNorm's moving mean, the Parameters' names and the printed structure, as MindSpore's."""
    _, got = ours
    for level in ("O0", "O1", "O2", "O3"):
        key = f"{level}-float16"
        theirs, mine = GOLDEN["levels"][key], got["levels"][key]
        assert theirs["error"] if "error" in theirs else True
        assert mine["dtype"] == theirs["dtype"] and mine["grad_dtypes"] == theirs["grad_dtypes"], key
        assert mine["param_dtypes"] == theirs["param_dtypes"] and mine["names"] == theirs["names"], key
        atol = 1e-5 if level == "O0" else HALF_ATOL
        _close(mine["infer"], theirs["infer"], atol, f"{key} inference output")
        _close(mine["train_sum"], theirs["train_sum"], atol * 10, f"{key} training output")
        for i, (a, b) in enumerate(zip(mine["grads"], theirs["grads"])):
            _close(a, b, atol * 5, f"{key} gradient {i}")
        _close(mine["moving_mean"], theirs["moving_mean"], atol, f"{key} moving mean")
        if theirs["repr"] is not None:
            assert mine["repr"] == theirs["repr"], key


def test_half_precision_is_really_used(ours):
    """The float16 levels differ from float32 by float16 rounding (and O0 does not), so the casts happen."""
    _, got = ours
    full = np.asarray(got["levels"]["O0-float16"]["infer"])
    half = np.asarray(got["levels"]["O3-float16"]["infer"])
    assert 0 < np.abs(full - half).max() < HALF_ATOL
    assert np.array_equal(half.astype(np.float16).astype(np.float64), half)  # representable in float16


def test_levels_in_bfloat16(ours):
    """bfloat16 (MindSpore's CPU build lacks its MatMul: the golden holds that error): float32 outputs and
    gradients within bfloat16's precision of the float32 run, and not equal to it."""
    _, got = ours
    for level in ("O1", "O2", "O3"):
        assert GOLDEN["levels"][f"{level}-bfloat16"]["error"] == "TypeError"
        mine, full = got["levels"][f"{level}-bfloat16"], got["levels"]["O0-float16"]
        assert mine["dtype"] == "Float32" and set(mine["grad_dtypes"]) == {"Float32"}, level
        _close(mine["infer"], full["infer"], 3e-2, f"{level} bfloat16 output")
        assert np.abs(np.subtract(mine["infer"], full["infer"])).max() > 0, level
        half = np.asarray(mine["infer"], np.float32)
        assert np.array_equal(half.astype(ms.bfloat16.numpy).astype(np.float32), half)  # bfloat16 values


def test_to_float(ours):
    _, got = ours
    theirs, mine = GOLDEN["to_float"], got["to_float"]
    assert mine["dense"]["dtype"] == theirs["dense"]["dtype"] == "Float16"
    assert mine["dense"]["weight_dtype"] == "Float32" and mine["dense"]["flags"] == theirs["dense"]["flags"]
    _close(mine["dense"]["values"], theirs["dense"]["values"], HALF_ATOL, "to_float dense")
    assert mine["float32_child"]["dtype"] == theirs["float32_child"]["dtype"]
    _close(mine["float32_child"]["values"], theirs["float32_child"]["values"], HALF_ATOL, "float32 child")
    assert mine["int_input_kept"] == theirs["int_input_kept"]
    for case in ("float16_into_float32_dense", "bad_dtype"):
        assert mine[case]["error"] == theirs[case]["error"], case
    # MindSpore's nn.Dense names its MatMul primitive, unigrad's the Dense op; the rest is the same
    assert mine["float16_into_float32_dense"]["message"].split(", ", 1)[1] == \
        theirs["float16_into_float32_dense"]["message"].split(", ", 1)[1]
    assert mine["bad_dtype"]["message"].split(", but")[0] == theirs["bad_dtype"]["message"].split(", but")[0]


def test_loss_scalers_and_all_finite(ours):
    """DynamicLossScaler's scale and counter after every adjust, the scaled and unscaled values and dtypes,
    all_finite, and the errors: exactly MindSpore's."""
    _, got = ours
    theirs, mine = GOLDEN["scalers"], got["scalers"]
    assert mine["dynamic"] == theirs["dynamic"]
    for key in ("static_adjust", "scaled", "scaled_single", "unscaled", "all_finite", "errors"):
        assert mine[key] == theirs[key], key


def test_loss_scale_managers_and_update_cell(ours):
    _, got = ours
    theirs, mine = GOLDEN["managers"], got["managers"]
    for key in ("update_cell", "update_cell_scale", "dynamic", "dynamic_update_cell", "fixed", "errors"):
        assert mine[key] == theirs[key], key


def test_model_and_build_train_network(ours):
    """Model.train at O0-O3 (MindSpore's CPU loss scale: fixed, not dropping) and build_train_network at O3:
    every step's loss within float16 rounding of MindSpore's, the same eval accuracy, float32 weights."""
    _, got = ours
    for name, theirs in GOLDEN["training"].items():
        mine = got["training"][name]
        if name == "O2-default-manager":  # MindSpore's CPU build refuses it; unigrad trains (see below)
            assert theirs["error"] == "ValueError" and "losses" in mine
            continue
        _close(mine["losses"], theirs["losses"], 1e-5 if name == "O0" else 3e-4, f"{name} losses")
        if "eval" in theirs:
            assert mine["eval"] == theirs["eval"] and mine["weight_dtype"] == "Float32", name
            _close(mine["weight"], theirs["weight"], 1e-3, f"{name} weights")
        else:
            assert mine["type"] == theirs["type"]


# -- what MindSpore's CPU build cannot record ----------------------------------------------------------
def _half_net():
    net = REC.Net()
    return net, amp.auto_mixed_precision(net, "O3")


def _state(optimizer):
    return {p.name: p.asnumpy().copy() for p in optimizer.get_parameters()}


def test_loss_scaled_step_skips_overflowed_updates(backend):
    """From a scale that overflows float16 (2**22), TrainOneStepWithLossScaleCell leaves every Parameter of the
    optimizer (weights, moments, step) bit-identical on each overflowed step, halves the scale, and trains once
    the gradients fit; the overflowed gradients are inf or NaN in float16, not in the float32 Parameters."""
    x, y = (ms.Tensor(a) for a in REC.batch())
    net, half = _half_net()
    opt = nn.Momentum(net.trainable_params(), 0.05, 0.9)
    step = nn.TrainOneStepWithLossScaleCell(nn.WithLossCell(half, nn.CrossEntropyLoss()), opt,
                                            scale_sense=nn.DynamicLossScaleUpdateCell(2.0 ** 22, 2, 1000))
    overflows, scales = [], []
    for _ in range(10):
        before = _state(opt)
        loss, overflow, scale = step(x, y)
        overflows.append(bool(overflow.asnumpy()))
        scales.append(float(scale.asnumpy()))
        after = _state(opt)
        if overflows[-1]:
            assert all(np.array_equal(before[k], after[k]) for k in before), "an overflowed step changed the state"
        else:
            assert not np.array_equal(before["out.weight"], after["out.weight"])
        assert np.isfinite(float(loss.asnumpy()))
    assert overflows[0] and not overflows[-1]
    first_finite = overflows.index(False)
    assert all(overflows[:first_finite]) and not any(overflows[first_finite:])
    assert scales == [2.0 ** (22 - min(i + 1, first_finite)) for i in range(10)]


def test_loss_scaled_step_is_the_same_on_every_backend():
    """The overflow sequence, the scales and the weights after 8 steps agree across backends."""
    expected = [(1.0, 2.0 ** 24), (1.0, 2.0 ** 20), (1.0, 2.0 ** 16)] + [(0.0, 2.0 ** 16)] * 5
    results = {}
    for name in ms.available_backends():
        with ms.use_backend(name):
            x, y = (ms.Tensor(a) for a in REC.batch())
            net, half = _half_net()
            opt = nn.Adam(net.trainable_params(), 0.01)
            # scales far apart (2**28, 2**24 and 2**20 overflow float16 here, 2**16 fits): near the limit, whether
            # a sum overflows depends on the kernel's summation order, which backends do not share
            step = nn.TrainOneStepWithLossScaleCell(nn.WithLossCell(half, nn.CrossEntropyLoss()), opt,
                                                    scale_sense=nn.DynamicLossScaleUpdateCell(2.0 ** 28, 16, 1000))
            seq = [tuple(float(t.asnumpy()) for t in step(x, y)[1:]) for _ in range(8)]
            results[name] = seq, net.out.weight.asnumpy()
    first_w = next(iter(results.values()))[1]
    for name, (seq, w) in results.items():
        assert seq == expected, name
        np.testing.assert_allclose(w, first_w, rtol=0, atol=2e-3, err_msg=name)


def test_model_with_dynamic_manager_follows_the_step(backend):
    """Model(amp_level='O2', loss_scale_manager=DynamicLossScaleManager) (MindSpore: GPU and Ascend only) trains,
    and the manager's host-side scale follows the step's own scale every step."""
    net = REC.Net()
    manager = amp.DynamicLossScaleManager(2.0 ** 20, 2, 2)
    model = ms.train.Model(net, nn.CrossEntropyLoss(), nn.Momentum(net.trainable_params(), 0.05, 0.9),
                           amp_level="O2", loss_scale_manager=manager)
    seen = []

    class Scales(ms.train.Callback):
        def on_train_step_end(self, run_context):
            outputs = run_context.original_args().net_outputs
            seen.append((float(outputs[2].asnumpy()), manager.get_loss_scale()))

    model.train(2, REC.dataset(), callbacks=[Scales()])
    assert len(seen) == 8 and all(device == host for device, host in seen)
    assert seen[0][0] < 2.0 ** 20  # float16 overflowed at the start and the scale came down


def test_o2_keeps_batchnorm_in_float32(backend):
    """Under O2 the BatchNorm runs in float32 (its moving statistics stay float32 and see float32 input) between
    casts, and the rest in float16."""
    net = REC.Net()
    wrapped = amp.auto_mixed_precision(net, "O2")
    assert type(wrapped).__name__ == "_OutputTo32" and type(net.bn).__name__ == "_OutputTo16"
    assert net.dense._compute_dtype is ms.float16 and net.bn._backbone._compute_dtype is ms.float32
    wrapped.set_train()
    out = wrapped(ms.Tensor(REC.batch()[0]))
    assert out.dtype == ms.float32
    mean = next(p for p in net.get_parameters() if p.name == "bn.moving_mean")
    assert mean.dtype == ms.float32 and np.abs(mean.asnumpy()).max() > 0


def test_clear_errors():
    with pytest.raises(NotImplementedError, match="'auto'"):
        amp.auto_mixed_precision(nn.Dense(2, 2), "auto")
    with pytest.raises(TypeError, match="Optimizer"):
        amp.build_train_network(nn.Dense(2, 2), object())
    with pytest.raises(TypeError, match="tuple or list"):
        amp.all_finite(ms.Tensor([1.0]))
    with pytest.raises(NotImplementedError, match="boost"):
        amp.build_train_network(nn.Dense(2, 2), nn.SGD(nn.Dense(2, 2).trainable_params()), boost_level="O1")
    with pytest.raises(ValueError, match="'optimizer' can not be None"):
        ms.train.Model(nn.Dense(2, 2), loss_scale_manager=amp.FixedLossScaleManager())


def test_paths():
    """MindSpore's paths: mindspore.amp, mindspore.train.amp, mindspore.train.loss_scale_manager, the top level,
    nn and nn.wrap.loss_scale."""
    import unigrad.nn.wrap.loss_scale as loss_scale
    import unigrad.train.loss_scale_manager as lsm
    assert ms.FixedLossScaleManager is amp.FixedLossScaleManager is lsm.FixedLossScaleManager
    assert ms.train.DynamicLossScaleManager is amp.DynamicLossScaleManager
    assert ms.train.amp.auto_mixed_precision is amp.auto_mixed_precision
    assert nn.DynamicLossScaleUpdateCell is loss_scale.DynamicLossScaleUpdateCell
    assert nn.TrainOneStepWithLossScaleCell is nn.wrap.TrainOneStepWithLossScaleCell
    assert ops.isfinite is ms.ops.isfinite


def test_mixed_precision_page_runs_as_written():
    """The beginner page with its own FixedLossScaleManager() (dropping overflowed updates: GPU and Ascend only in
    MindSpore, so its golden is recorded with --no-drop-overflow-update): it trains, and its `if is_finite:` inside
    @ms.jit falls back to plain Python with one warning naming the line."""
    import subprocess
    import sys
    page = ROOT / "examples" / "beginner" / "mixed_precision.py"
    done = subprocess.run([sys.executable, "-W", "always::UserWarning", str(page), "--fixed-weights", "0",
                           "--no-shuffle", "--train-samples", "320", "--epochs", "20"], capture_output=True, text=True,
                          timeout=600, env=dict(os.environ, UNIGRAD_BACKEND="numpy"))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("loss: ") and lines[0].endswith("[  0/  5]")
    assert lines[1].startswith("epoch: 20 step: 5, loss is ") and float(lines[1].split()[-1]) < 2.25
    assert done.stderr.count("JitFallbackWarning") == 1 and "mixed_precision.py:" in done.stderr



@pytest.mark.gpu
@pytest.mark.skipif(not gpu_backends(), reason="no GPU visible to torch or jax here")
@pytest.mark.parametrize("name", gpu_backends() or ["none"])
def test_mixed_precision_training_on_the_gpu(name):
    """Model.train at O2 on CUDA gives MindSpore's losses (float16 rounding apart); the loss-scaled step skips
    overflowed updates there too."""
    with ms.use_backend(name), ms.use_device("gpu"):
        losses = REC.training()
        _close(losses["O2-fixed-no-drop"]["losses"], GOLDEN["training"]["O2-fixed-no-drop"]["losses"], 3e-4, "O2")
        x, y = (ms.Tensor(a) for a in REC.batch())
        net, half = _half_net()
        opt = nn.Momentum(net.trainable_params(), 0.05, 0.9)
        step = nn.TrainOneStepWithLossScaleCell(nn.WithLossCell(half, nn.CrossEntropyLoss()), opt,
                                                scale_sense=nn.DynamicLossScaleUpdateCell(2.0 ** 28, 16, 1000))
        before = _state(opt)
        assert bool(step(x, y)[1].asnumpy())
        assert all(np.array_equal(before[k], v) for k, v in _state(opt).items())

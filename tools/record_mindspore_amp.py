"""Records MindSpore 2.10's mixed precision on small nets, for tests/test_amp.py.

    /work/msvenv/bin/python tools/record_mindspore_amp.py      # writes tests/goldens/mindspore_2.10_amp.json

Each case is a function of this file returning plain numbers, lists and strings; tests/test_amp.py runs the same
functions on unigrad (imported with RECORD_WITH=unigrad) on every backend and compares. Cases: a Dense, BatchNorm,
ReLU, Dense net at each amp level in float16 and bfloat16 (output dtypes and values in inference and training
mode, the gradients' dtypes and values, the printed structure); ``Cell.to_float``; the loss scalers and
``all_finite``; the loss-scale update Cell and managers; and ``Model`` / ``build_train_network`` training at
O1-O3 with the loss scale MindSpore's CPU build allows (``FixedLossScaleManager(drop_overflow_update=False)``).
A case MindSpore refuses records its error's type and first line.
"""
from __future__ import annotations

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
nn, amp, Tensor = ms.nn, ms.amp, ms.Tensor

OUT = pathlib.Path(__file__).resolve().parents[1] / "tests" / "goldens" / "mindspore_2.10_amp.json"
HALF = {"float16": ms.float16, "bfloat16": ms.bfloat16}


def weights() -> list[np.ndarray]:
    rng = np.random.default_rng(0)
    return [rng.uniform(-0.5, 0.5, shape).astype(np.float32) for shape in ((5, 6), (5,), (3, 5), (3,))]


def batch() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(1)
    return rng.standard_normal((8, 6)).astype(np.float32), rng.integers(0, 3, 8).astype(np.int32)


class Net(nn.Cell):
    def __init__(self) -> None:
        super().__init__()
        w1, b1, w2, b2 = weights()
        self.dense = nn.Dense(6, 5, weight_init=Tensor(w1), bias_init=Tensor(b1))
        self.bn = nn.BatchNorm1d(5)
        self.relu = nn.ReLU()
        self.out = nn.Dense(5, 3, weight_init=Tensor(w2), bias_init=Tensor(b2))

    def construct(self, x):
        return self.out(self.relu(self.bn(self.dense(x))))


def _numbers(t) -> list:
    return t.astype(ms.float32).asnumpy().astype(np.float64).tolist()


def _named(net, name: str):
    """The Parameter called ``name`` (a wrapped Cell is no longer reachable as an attribute)."""
    return next(p for p in net.get_parameters() if p.name == name)


def _error(fn) -> dict:
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the type is what is recorded
        return {"error": type(e).__name__, "message": str(e).strip().splitlines()[0]}
    return {"error": None}


def levels() -> dict:
    """Each level and half dtype: output dtype and values (inference, then training mode), gradient dtypes and
    values of sum(output * c), the BatchNorm's moving mean after the training pass."""
    x = Tensor(batch()[0])
    c = Tensor(np.linspace(-1, 1, 24).reshape(8, 3).astype(np.float32))
    out = {}
    for name, dtype in HALF.items():  # float16 first: a failed bfloat16 kernel poisons MindSpore's later ops
        for level in ("O0", "O1", "O2", "O3"):
            key = f"{level}-{name}"
            try:
                base = Net()
                net = amp.auto_mixed_precision(base, level, dtype)
                infer = net(x)
                record = {"dtype": str(infer.dtype), "infer": _numbers(infer)}
                net.set_train()
                params = base.trainable_params()
                grad_fn = ms.value_and_grad(lambda x: (net(x).astype(ms.float32) * c).sum(), None, params)
                train_out, grads = grad_fn(x)
                record.update({"train_sum": float(train_out.asnumpy()), "grad_dtypes": [str(g.dtype) for g in grads],
                               "grads": [_numbers(g) for g in grads], "param_dtypes": [str(p.dtype) for p in params],
                               "moving_mean": _numbers(_named(base, "bn.moving_mean")),
                               "names": [name for name, _ in net.parameters_and_names()],
                               "repr": repr(net) if level in ("O0", "O2", "O3") else None})
                if hasattr(ms, "runtime"):
                    ms.runtime.synchronize()  # MindSpore runs ops asynchronously: a kernel's error surfaces here
            except Exception as e:  # noqa: BLE001 - MindSpore's CPU kernels lack some bfloat16 ops
                record = {"error": type(e).__name__, "message": str(e).strip().splitlines()[0]}
            out[key] = record
    return out


def to_float() -> dict:
    """A Dense run in float16, inside a float32 Sequential; a float32 Cell under a float16 parent."""
    x = Tensor(batch()[0])
    w1, b1, w2, b2 = weights()
    dense = nn.Dense(6, 5, weight_init=Tensor(w1), bias_init=Tensor(b1)).to_float(ms.float16)
    seq = nn.SequentialCell([dense, nn.ReLU(), nn.Dense(5, 3, weight_init=Tensor(w2), bias_init=Tensor(b2))])
    y = dense(x)
    parent = nn.SequentialCell([nn.Dense(6, 5, weight_init=Tensor(w1), bias_init=Tensor(b1)),
                                nn.Dense(5, 3, weight_init=Tensor(w2), bias_init=Tensor(b2))]).to_float(ms.float16)
    parent[1].to_float(ms.float32)
    p = parent(x)
    return {"dense": {"dtype": str(y.dtype), "values": _numbers(y), "weight_dtype": str(dense.weight.dtype),
                      "flags": [bool(dense.fp16), bool(dense.fp32), bool(dense.bf16)]},
            "float16_into_float32_dense": _error(lambda: seq(x)),
            "float32_child": {"dtype": str(p.dtype), "values": _numbers(p)},
            "int_input_kept": str(nn.Dense(2, 2).to_float(ms.float16)(Tensor(np.ones((1, 2), np.float32))).dtype),
            "bad_dtype": _error(lambda: nn.Dense(2, 2).to_float(ms.int32))}


def scalers() -> dict:
    """DynamicLossScaler's scale and counter after each adjust; scale and unscale values and dtypes;
    StaticLossScaler; all_finite."""
    runs = {}
    for args, flags in (((1024, 2, 3), [True, True, True, False, True, True, True, True]),
                        ((2.0 ** 127, 2, 1), [True, True, False, False]),
                        ((3, 3, 2), [False, False, True, True, True, True]),
                        ((1, 2, 1), [False, True])):
        scaler = amp.DynamicLossScaler(*args)
        seq = []
        for finite in flags:
            scaler.adjust(Tensor(finite))
            seq.append([float(scaler.scale_value.asnumpy()), int(scaler.counter.asnumpy())])
        runs[repr(args)] = {"flags": flags, "sequence": seq}
    static = amp.StaticLossScaler(1024)
    grads = (Tensor(np.array([1.5, -3.0], np.float32)), Tensor(np.array([0.25], np.float16)))
    scaled = static.scale(grads)
    unscaled = amp.DynamicLossScaler(96, 2, 2).unscale(grads)
    return {
        "dynamic": runs,
        "static_adjust": static.adjust(Tensor(False)),
        "scaled": [[str(t.dtype), _numbers(t)] for t in scaled],
        "scaled_single": [str(static.scale(Tensor(np.float32(2.0))).dtype), _numbers(static.scale(Tensor(np.float32(2.0))))],
        "unscaled": [[str(t.dtype), _numbers(t)] for t in unscaled],
        "all_finite": [bool(amp.all_finite(list(ts)).asnumpy()) for ts in (
            [Tensor([1.0, 2.0]), Tensor([3.0])], [Tensor([1.0, np.inf])], [Tensor([np.nan])],
            [Tensor(np.array([-np.inf], np.float16))], [Tensor(np.zeros((0,), np.float32))])],
        "errors": {name: _error(fn) for name, fn in {
            "window_0": lambda: amp.DynamicLossScaler(2, 2, 0),
            "factor_float": lambda: amp.DynamicLossScaler(2, 2.0, 1),
            "scale_below_1": lambda: amp.DynamicLossScaler(0.5, 2, 1),
            "scale_str": lambda: amp.DynamicLossScaler("a", 2, 1),
            "static_below_1": lambda: amp.StaticLossScaler(0.5),
            "window_bool": lambda: amp.DynamicLossScaler(2, 2, True)}.items()},
    }


def managers() -> dict:
    """The update Cell's scale and counters after each step; the managers' host-side sequences."""
    cell = nn.DynamicLossScaleUpdateCell(loss_scale_value=2 ** 12, scale_factor=2, scale_window=2)
    scale = ms.Parameter(Tensor(np.float32(1024.0)), name="scale")
    cell_seq = []
    for overflow in [False, False, True, False, False, False, True, True]:
        returned = cell(scale, Tensor(overflow))
        cell_seq.append([bool(returned.asnumpy()), float(scale.asnumpy()), int(cell.cur_iter.asnumpy()),
                         int(cell.last_overflow_iter.asnumpy())])
    manager_runs = {}
    for args in ((8, 2, 2), (2 ** 24, 2, 2000), (10, 3, 1), (1.5, 2, 3)):
        manager = amp.DynamicLossScaleManager(*args)
        seq = []
        for overflow in [False, False, True, False, False, False, True, True, False]:
            manager.update_loss_scale(overflow)
            seq.append(manager.get_loss_scale())
        manager_runs[repr(args)] = seq
    fixed = amp.FixedLossScaleManager(256.0)
    no_drop = amp.FixedLossScaleManager(64, False)
    return {
        "update_cell": cell_seq,
        "update_cell_scale": cell.get_loss_scale(),
        "dynamic": manager_runs,
        "dynamic_update_cell": type(amp.DynamicLossScaleManager().get_update_cell()).__name__,
        "fixed": [fixed.get_loss_scale(), fixed.get_drop_overflow_update(), type(fixed.get_update_cell()).__name__,
                  no_drop.get_loss_scale(), no_drop.get_drop_overflow_update(), no_drop.get_update_cell() is None],
        "errors": {name: _error(fn) for name, fn in {
            "dynamic_init_below_1": lambda: amp.DynamicLossScaleManager(0.5),
            "dynamic_factor_0": lambda: amp.DynamicLossScaleManager(2, 0),
            "dynamic_window_0": lambda: amp.DynamicLossScaleManager(2, 2, 0),
            "dynamic_window_float": lambda: amp.DynamicLossScaleManager(2, 2, 1.5),
            "fixed_below_1": lambda: amp.FixedLossScaleManager(0.5),
            "level_O5": lambda: amp.auto_mixed_precision(nn.Dense(2, 2), "O5"),
            "dtype_float32": lambda: amp.auto_mixed_precision(nn.Dense(2, 2), "O1", ms.float32),
            "function_O1": lambda: amp.auto_mixed_precision(lambda x: x, "O1"),
            "sense_float": lambda: nn.TrainOneStepWithLossScaleCell(nn.Dense(2, 2), nn.SGD(
                nn.Dense(2, 2).trainable_params()), 3.0),
            "sense_shape": lambda: nn.TrainOneStepWithLossScaleCell(nn.Dense(2, 2), nn.SGD(
                nn.Dense(2, 2).trainable_params()), Tensor([1.0, 2.0])),
            "build_level": lambda: amp.build_train_network(nn.Dense(2, 2), nn.SGD(
                nn.Dense(2, 2).trainable_params()), level="O4"),
            "build_kwarg": lambda: amp.build_train_network(nn.Dense(2, 2), nn.SGD(
                nn.Dense(2, 2).trainable_params()), level="O2", foo=1)}.items()},
    }


def dataset():
    x, y = batch()
    rows = np.concatenate([x, x[::-1] * 0.5]), np.concatenate([y, y[::-1]])
    return ds.NumpySlicesDataset({"data": rows[0], "label": rows[1]}, shuffle=False).batch(4)


class _Losses(ms.train.Callback):
    def __init__(self):
        super().__init__()
        self.losses = []

    def on_train_step_end(self, run_context):
        outputs = run_context.original_args().net_outputs
        loss = outputs[0] if isinstance(outputs, (tuple, list)) else outputs
        self.losses.append(float(loss.asnumpy()))


def training() -> dict:
    """Model.train losses per step (2 epochs of 4 steps, Momentum) at each level, with the loss scales MindSpore's
    CPU build takes; build_train_network with an explicit scale; what Model says of a dropping manager on CPU."""
    out = {}
    setups = {
        "O0": dict(amp_level="O0"),
        "O1": dict(amp_level="O1"),
        "O2-fixed-no-drop": dict(amp_level="O2", loss_scale_manager=amp.FixedLossScaleManager(1024.0, False)),
        "O3": dict(amp_level="O3"),
        "O2-keep-bn-false": dict(amp_level="O2", keep_batchnorm_fp32=False,
                                 loss_scale_manager=amp.FixedLossScaleManager(1024.0, False)),
        "O2-default-manager": dict(amp_level="O2"),
    }
    for name, kwargs in setups.items():
        net = Net()
        scale = kwargs.get("loss_scale_manager").get_loss_scale() if "loss_scale_manager" in kwargs else 1.0
        opt = nn.Momentum(net.trainable_params(), 0.05, 0.9, loss_scale=scale)
        losses = _Losses()
        try:
            model = ms.train.Model(net, nn.CrossEntropyLoss(), opt, metrics={"accuracy"}, **kwargs)
            model.train(2, dataset(), callbacks=[losses])
            result = model.eval(dataset())
        except Exception as e:  # noqa: BLE001
            out[name] = {"error": type(e).__name__, "message": str(e).strip().splitlines()[0]}
            continue
        out[name] = {"losses": losses.losses, "eval": result,
                     "weight": _numbers(net.out.weight), "weight_dtype": str(net.out.weight.dtype)}
    net = Net()
    opt = nn.SGD(net.trainable_params(), 0.1, loss_scale=128.0)
    step = amp.build_train_network(net, opt, nn.CrossEntropyLoss(), level="O3",
                                   loss_scale_manager=amp.FixedLossScaleManager(128.0, False))
    x, y = batch()
    out["build_O3"] = {"losses": [float(step(Tensor(x), Tensor(y)).asnumpy()) for _ in range(3)],
                       "type": type(step).__name__}
    return out


def record() -> dict:
    # levels last: MindSpore's CPU kernels lack bfloat16 ReLU, and its asynchronous runtime reports that error
    # again at a later op
    return {"to_float": to_float(), "scalers": scalers(), "managers": managers(), "training": training(),
            "levels": levels()}


if __name__ == "__main__":
    ms.set_context(mode=ms.PYNATIVE_MODE, device_target="CPU")
    os.chdir(tempfile.mkdtemp())  # MindSpore's O1 rewrite writes its generated sources to ./rewritten_network
    text = json.dumps({"mindspore_version": ms.__version__, **record()}, indent=1) + "\n"
    with tempfile.NamedTemporaryFile("w", dir=OUT.parent, delete=False) as f:
        f.write(text)
    os.replace(f.name, OUT)
    print(f"wrote {OUT}")

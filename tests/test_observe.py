"""The op observer (``unigrad.testing.observe``): it sees every op of a step through the one dispatch point,
the same ops on every backend, and the gradient flowing out of each op inside a derivative."""
from __future__ import annotations

import pathlib

import numpy as np
import pytest

import unigrad
from unigrad import Tensor, nn, ops
from unigrad.ops._dispatch import OPS
from unigrad.testing import observe

HERE = str(pathlib.Path(__file__).resolve())


class Network(nn.Cell):
    """MindSpore's quickstart network."""

    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.dense_relu_sequential = nn.SequentialCell(
            nn.Dense(28 * 28, 512), nn.ReLU(), nn.Dense(512, 512), nn.ReLU(), nn.Dense(512, 10))

    def construct(self, x):
        x = self.flatten(x)
        logits = self.dense_relu_sequential(x)
        return logits


def _tutorial_step(backend: str, values: bool = False, gradients: bool = False):
    """One train step of MindSpore's MNIST quickstart, recorded: (recording, the loss)."""
    with unigrad.use_backend(backend):
        unigrad.set_seed(0)
        model = Network()
        loss_fn = nn.CrossEntropyLoss()
        optimizer = nn.SGD(model.trainable_params(), 1e-2)

        def forward_fn(data, label):
            logits = model(data)
            loss = loss_fn(logits, label)
            return loss, logits

        grad_fn = unigrad.value_and_grad(forward_fn, None, optimizer.parameters, has_aux=True)

        def train_step(data, label):
            (loss, _), grads = grad_fn(data, label)
            optimizer(grads)
            return loss

        rng = np.random.default_rng(0)
        data = Tensor(rng.random((4, 1, 28, 28), dtype=np.float32))
        label = Tensor(rng.integers(0, 10, 4).astype(np.int32))
        with observe(values=values, gradients=gradients) as recording:
            loss = train_step(data, label)
        return recording, float(loss)


def _signature(recording):
    return [(r.name, [(t.shape, t.dtype) for t in r.inputs], [(t.shape, t.dtype) for t in r.outputs])
            for r in recording.ops]


def test_the_tutorial_step_runs_the_same_ops_on_every_backend():
    """The same op names, shapes and dtypes in the same order on numpy, torch and jax."""
    recordings = {name: _tutorial_step(name)[0] for name in unigrad.available_backends()}
    reference = _signature(recordings["numpy"])
    names = [op for op, _, _ in reference]
    # the forward pass, then SGD: the step count, then one update of all six Parameters
    assert names == ["reshape", "dense", "relu", "dense", "relu", "dense", "cross_entropy", "assign_add",
                     "assign_sub_scaled"]
    update = recordings["numpy"].ops[-1]
    assert [t.shape for t in update.outputs] == [(512, 784), (512,), (512, 512), (512,), (10, 512), (10,)]
    assert update.attributes == (float(np.float32(1e-2)),) and len(update.inputs) == 12
    assert all(name in OPS for name in names)
    for name, recording in recordings.items():
        assert _signature(recording) == reference, f"{name} ran other ops than numpy"
        assert all(r.source.startswith(HERE + ":") for r in recording.ops), "sources must be the user's lines"
        # the data's reshape does not depend on the weights; the layers' ops do; the optimizer runs outside
        in_derivative = [r.in_derivative for r in recording.ops]
        assert in_derivative[:7] == [False] + [True] * 6 and not any(in_derivative[7:])


@pytest.mark.parametrize("other", [b for b in unigrad.available_backends() if b != "numpy"])
def test_the_gradient_out_of_each_op_agrees_with_the_numpy_engine(other):
    numpy_ops, numpy_loss = _tutorial_step("numpy", values=True, gradients=True)
    other_ops, other_loss = _tutorial_step(other, values=True, gradients=True)
    assert other_loss == pytest.approx(numpy_loss, rel=1e-5)
    seen = 0
    for mine, theirs in zip(numpy_ops.ops, other_ops.ops):
        assert len(theirs.gradients) == len(mine.gradients), mine.name
        for g, h in zip(mine.gradients, theirs.gradients):
            assert g.shape == mine.outputs[0].shape and (g.shape, g.dtype) == (h.shape, h.dtype)
            np.testing.assert_allclose(h.value, g.value, rtol=1e-4, atol=1e-6, err_msg=f"gradient out of {mine.name}")
            seen += 1
    # every op of the forward pass that depends on the weights has its gradient (the loss's is 1)
    assert seen == 6
    assert numpy_ops.ops[6].name == "cross_entropy" and numpy_ops.ops[6].gradients[0].value == 1.0
    assert numpy_ops.ops[0].gradients == []


def test_gradients_reach_the_op_that_made_each_value(backend):
    """d(sum(y * y))/dy = 2y flows out of the op that made y, and 2y * cos(x) out of sin's input."""
    x = Tensor(np.array([0.5, -1.0, 2.0], np.float32))
    with observe(gradients=True) as recording:
        unigrad.grad(lambda v: (ops.sin(v) * ops.sin(v)).sum())(x)
    by_name = {r.name: r for r in recording.ops}
    assert [r.name for r in recording.ops] == ["sin", "sin", "mul", "sum"]
    for r in recording.ops[:2]:  # each sin's result is one factor of the product
        np.testing.assert_allclose(r.gradients[0].value, np.sin([0.5, -1.0, 2.0]), rtol=1e-6)
    np.testing.assert_allclose(by_name["mul"].gradients[0].value, np.ones(3), rtol=1e-6)


def test_values_attributes_and_nothing_when_not_asked(backend):
    x = Tensor(np.array([[1.0, 2.0], [3.0, 4.0]], np.float32))
    with observe(values=True) as recording:
        y = ops.sum(x * 2.0, 1)
    mul, total = recording.ops
    assert (mul.name, mul.attributes, [t.shape for t in mul.inputs]) == ("mul", (2.0,), [(2, 2)])
    np.testing.assert_array_equal(mul.outputs[0].value, [[2.0, 4.0], [6.0, 8.0]])
    assert total.attributes == (1, False) and total.outputs[0].dtype is unigrad.float32
    assert mul.gradients == [] and not mul.in_derivative
    with observe() as recording:
        ops.relu(y)
    assert recording.ops[0].outputs[0].value is None
    with observe() as outer:
        with observe() as inner:
            ops.neg(x)
        ops.exp(x)
    assert [r.name for r in inner.ops] == ["neg"] and [r.name for r in outer.ops] == ["exp"]


def test_a_callback_sees_each_op_as_it_runs(backend):
    seen = []
    with observe(callback=lambda record: seen.append((record.index, record.name))):
        ops.softmax(Tensor(np.array([1.0, 2.0], np.float32)))
        ops.log_softmax(Tensor(np.array([1.0, 2.0], np.float32)))
    assert seen == [(0, "softmax"), (1, "log_softmax")]


def test_nothing_is_observed_by_default():
    from unigrad.ops import _dispatch
    assert _dispatch._observer[0] is None
    with observe():
        assert _dispatch._observer[0] is not None
    assert _dispatch._observer[0] is None

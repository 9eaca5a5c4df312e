"""The MindSpore quickstart network (Flatten, Dense 784-512-512-10 with ReLU in a SequentialCell,
CrossEntropyLoss, SGD lr 1e-2), trained with value_and_grad(forward_fn, None, optimizer.parameters,
has_aux=True) from one seed: the same loss after 50 steps on every backend."""
import numpy as np
import pytest

import unigrad
from unigrad import nn

STEPS = 50
_LOSSES = {}


class Network(nn.Cell):
    def __init__(self, features: int = 28 * 28, hidden: int = 512):
        super().__init__()
        self.flatten = nn.Flatten()
        self.dense_relu_sequential = nn.SequentialCell(
            nn.Dense(features, hidden), nn.ReLU(), nn.Dense(hidden, hidden), nn.ReLU(), nn.Dense(hidden, 10))

    def construct(self, x):
        return self.dense_relu_sequential(self.flatten(x))


def train(steps: int = STEPS) -> list[float]:
    unigrad.set_seed(7)
    model = Network()
    loss_fn = nn.CrossEntropyLoss()
    optimizer = nn.SGD(model.trainable_params(), 1e-2)
    data_rng = np.random.default_rng(0)
    images = unigrad.Tensor(data_rng.random((64, 1, 28, 28), dtype=np.float32))
    labels = unigrad.Tensor(data_rng.integers(0, 10, 64).astype(np.int32))

    def forward_fn(data, label):
        logits = model(data)
        return loss_fn(logits, label), logits

    grad_fn = unigrad.value_and_grad(forward_fn, None, optimizer.parameters, has_aux=True)
    losses = []
    for _ in range(steps):
        (loss, _), grads = grad_fn(images, labels)
        optimizer(grads)
        losses.append(float(loss.asnumpy()))
    return losses


def test_names_match_the_tutorial():
    names = [n for n, _ in Network().parameters_and_names()]
    assert names == [f"dense_relu_sequential.{i}.{w}" for i in (0, 2, 4) for w in ("weight", "bias")]


def test_same_loss_after_50_steps_on_every_backend(backend):
    losses = train()
    assert losses[-1] < losses[0]
    _LOSSES[backend] = losses
    reference = next(iter(_LOSSES.values()))
    assert losses[-1] == pytest.approx(reference[-1], abs=1e-4, rel=1e-4)
    if len(_LOSSES) == 1:  # compare with numpy directly when this backend runs first or alone
        with unigrad.use_backend("numpy"):
            assert losses[-1] == pytest.approx(train()[-1], abs=1e-4, rel=1e-4)

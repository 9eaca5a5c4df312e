"""The MindSpore quickstart network (Flatten, Dense 784-512-512-10 with ReLU in a SequentialCell,
CrossEntropyLoss, SGD lr 1e-2), trained with value_and_grad(forward_fn, None, optimizer.parameters,
has_aux=True) from one seed: the same 50 losses on every backend as on the NumPy engine."""
import functools

import numpy as np

import unigrad
from unigrad import nn

STEPS = 50


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


@functools.lru_cache(maxsize=1)
def numpy_losses() -> tuple[float, ...]:
    with unigrad.use_backend("numpy"):
        return tuple(train())


def test_same_losses_on_every_backend(backend):
    """Every step's loss within float32 rounding of the NumPy engine's (measured: 4.8e-7 apart at most, on
    losses near 2.2): one reordered sum per step, never a drift that grows over the run."""
    losses = np.array(train())
    assert losses[-1] < losses[0] - 0.05  # it learns
    np.testing.assert_allclose(losses, numpy_losses(), rtol=1e-6, atol=0)

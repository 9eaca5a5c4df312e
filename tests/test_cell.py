"""nn.Cell registration, parameter order and names, set_train, BCEWithLogitsLoss, value_and_grad on weights."""
import numpy as np
import pytest

import unigrad
from unigrad import Parameter, Tensor, nn, ops


def f32(a):
    return Tensor(np.asarray(a, np.float32))


class Dense(nn.Cell):
    def __init__(self, n_in, n_out):
        super().__init__()
        self.w = Parameter(f32(np.arange(n_in * n_out).reshape(n_in, n_out) / 10.0))
        self.b = Parameter(f32(np.zeros(n_out)))

    def construct(self, x):
        return ops.matmul(x, self.w) + self.b


class Net(nn.Cell):
    def __init__(self):
        super().__init__()
        self.scale = Parameter(f32([2.0]), name="scale")
        self.dense = Dense(3, 2)
        self.head = Dense(2, 1)
        self.frozen = Parameter(f32([1.0]), name="frozen", requires_grad=False)

    def construct(self, x):
        return self.head(self.dense(x * self.scale)) * self.frozen


def test_registration(backend):
    net = Net()
    assert isinstance(net.dense, Dense) and isinstance(net.scale, Parameter)
    assert net.cells() == [net.dense, net.head]
    assert list(net.name_cells()) == ["dense", "head"]
    assert [n for n, _ in net.cells_and_names()] == ["", "dense", "head"]
    assert net.dense.w.name == "dense.w"
    with pytest.raises(AttributeError):
        net.nonexistent
    net.plain = 3
    assert net.plain == 3 and "plain" not in [n for n, _ in net.parameters_and_names()]


def test_parameter_order_and_names(backend):
    net = Net()
    names = [n for n, _ in net.parameters_and_names()]
    assert names == ["scale", "frozen", "dense.w", "dense.b", "head.w", "head.b"]
    assert [p.name for p in net.trainable_params()] == ["scale", "dense.w", "dense.b", "head.w", "head.b"]
    assert [p.name for p in net.untrainable_params()] == ["frozen"]
    assert all(isinstance(p, Parameter) for p in net.trainable_params())
    assert net.trainable_params()[1] is net.dense.w

    class Outer(nn.Cell):
        def __init__(self):
            super().__init__()
            self.net = Net()

    outer = Outer()
    assert outer.net.dense.w.name == "net.dense.w"
    assert [p.name for p in outer.trainable_params()][:2] == ["net.scale", "net.dense.w"]


def test_shared_parameter_listed_once(backend):
    shared = Parameter(f32([1.0]), name="shared")

    class Two(nn.Cell):
        def __init__(self):
            super().__init__()
            self.a = shared
            self.b = shared

    assert len(Two().trainable_params()) == 1


def test_set_train_recurses(backend):
    net = Net()
    assert net.training is False and net.dense.training is False
    assert net.set_train() is net
    assert net.training and net.dense.training and net.head.training
    net.set_train(False)
    assert not net.training and not net.dense.training and not net.head.training
    net.dense.set_train(True)
    assert net.dense.training and not net.training


def test_forward(backend):
    net = Net()
    x = np.array([[1.0, 0.5, -1.0]], np.float32)
    w1 = np.arange(6).reshape(3, 2) / 10.0
    w2 = np.arange(2).reshape(2, 1) / 10.0
    np.testing.assert_allclose(net(f32(x)).asnumpy(), ((x * 2) @ w1) @ w2, rtol=1e-6)


# -- BCEWithLogitsLoss -------------------------------------------------------------------------------------
LOGITS = np.array([[0.3, -1.2, 2.0], [-0.5, 0.8, 0.0]], np.float32)
LABELS = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 0.5]], np.float32)
WEIGHT = np.array([1.0, 0.5, 2.0], np.float32)
POS_WEIGHT = np.array([2.0, 1.0, 0.5], np.float32)


def bce_numpy(x, y, weight=None, pos_weight=None, reduction="mean"):
    x, y = x.astype(np.float64), y.astype(np.float64)
    w = np.ones_like(x) if weight is None else weight
    p = np.ones_like(x) if pos_weight is None else pos_weight
    log_sig = -np.log1p(np.exp(-x))
    log_one_minus_sig = -np.log1p(np.exp(x))
    loss = -w * (p * y * log_sig + (1 - y) * log_one_minus_sig)
    return {"mean": loss.mean(), "sum": loss.sum(), "none": loss}[reduction]


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("use_weight, use_pos", [(False, False), (True, False), (False, True), (True, True)])
def test_bce_with_logits(backend, reduction, use_weight, use_pos):
    weight = f32(WEIGHT) if use_weight else None
    pos_weight = f32(POS_WEIGHT) if use_pos else None
    loss = nn.BCEWithLogitsLoss(reduction=reduction, weight=weight, pos_weight=pos_weight)
    got = loss(f32(LOGITS), f32(LABELS))
    expected = bce_numpy(LOGITS, LABELS, WEIGHT if use_weight else None, POS_WEIGHT if use_pos else None,
                         reduction)
    assert got.shape == np.shape(expected)
    assert got.dtype == unigrad.float32
    np.testing.assert_allclose(got.asnumpy(), expected, rtol=1e-5, atol=1e-6)


def test_bce_with_logits_known_value(backend):
    # x = 0, y = 1: -log(sigmoid(0)) = log 2
    got = nn.BCEWithLogitsLoss()(f32([0.0]), f32([1.0]))
    np.testing.assert_allclose(got.asnumpy(), np.log(2.0), rtol=1e-6)
    with pytest.raises(ValueError):
        nn.BCEWithLogitsLoss(reduction="avg")


def test_bce_gradient(backend):
    # d/dx mean(bce) = (sigmoid(x) - y) / n without weights
    g = unigrad.grad(lambda x: nn.BCEWithLogitsLoss()(x, f32(LABELS)))(f32(LOGITS))
    np.testing.assert_allclose(g.asnumpy(), (1 / (1 + np.exp(-LOGITS)) - LABELS) / LOGITS.size, rtol=1e-5,
                               atol=1e-7)


# -- value_and_grad on a Cell's weights --------------------------------------------------------------------------
def test_value_and_grad_on_trainable_params(backend):
    rng = np.random.default_rng(1)
    w0 = rng.standard_normal((5, 3)).astype(np.float32)
    b0 = rng.standard_normal(3).astype(np.float32)

    class Network(nn.Cell):
        def __init__(self):
            super().__init__()
            self.w = Parameter(f32(w0), name="w")
            self.b = Parameter(f32(b0), name="b")

        def construct(self, x):
            return ops.matmul(x, self.w) + self.b

    model = Network()
    loss_fn = nn.BCEWithLogitsLoss()
    x, y = np.ones(5, np.float32), np.zeros(3, np.float32)

    def forward_fn(x, y):
        return loss_fn(model(x), y)

    loss, grads = unigrad.value_and_grad(forward_fn, None, weights=model.trainable_params())(f32(x), f32(y))
    z = x @ w0 + b0
    np.testing.assert_allclose(loss.asnumpy(), bce_numpy(z, y), rtol=1e-5)
    assert isinstance(grads, tuple) and len(grads) == 2
    dz = (1 / (1 + np.exp(-z)) - y) / 3
    np.testing.assert_allclose(grads[0].asnumpy(), np.outer(x, dz), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(grads[1].asnumpy(), dz, rtol=1e-5, atol=1e-7)
    np.testing.assert_array_equal(model.w.asnumpy(), w0)  # nothing was changed

"""Values of the layers MindSpore 2.10 has no CPU kernel for (so no goldens): Roll, InstanceNorm1d/2d/3d,
Unfold, SoftMarginLoss and TripletMarginLoss, each against a NumPy transcription of its documented definition, on every backend. Their arguments,
errors, Parameter names and print lines are goldens (tests/goldens/nn_programs.py, reshaping_layers)."""
from __future__ import annotations

import numpy as np
import pytest

import unigrad
from unigrad import Tensor, nn

RNG = np.random.default_rng(24)


def _x(*shape: int) -> np.ndarray:
    return RNG.standard_normal(shape).astype(np.float32)


@pytest.mark.parametrize("shift,axis", [(2, 1), ((1, -2), (3, 0)), ([5], [-1]), (-7, 2)])
def test_roll_is_numpy_roll(backend, shift, axis):
    x = _x(2, 3, 4, 5)
    got = nn.Roll(shift, axis)(Tensor(x)).asnumpy()
    np.testing.assert_array_equal(got, np.roll(x, shift, axis))


def test_roll_gradient_rolls_back(backend):
    x, weights = _x(3, 4), _x(3, 4)
    grad = unigrad.grad(lambda t: (nn.Roll(1, 1)(t) * Tensor(weights)).sum())(Tensor(x))
    np.testing.assert_allclose(grad.asnumpy(), np.roll(weights, -1, 1), rtol=1e-6)


@pytest.mark.parametrize("kind,shape", [(nn.InstanceNorm1d, (2, 3, 5)), (nn.InstanceNorm2d, (2, 3, 4, 5)),
                                        (nn.InstanceNorm3d, (2, 3, 2, 3, 4))])
def test_instance_norm_normalises_each_sample_channel(backend, kind, shape):
    x = _x(*shape) * 3.0 + 1.0
    gamma, beta = _x(3), _x(3)
    layer = kind(3, eps=1e-3, gamma_init=Tensor(gamma), beta_init=Tensor(beta))
    axes = tuple(range(2, len(shape)))
    mean, var = x.mean(axes, keepdims=True), x.var(axes, keepdims=True)
    view = (1, 3) + (1,) * (len(shape) - 2)
    expected = (x - mean) / np.sqrt(var + 1e-3) * gamma.reshape(view) + beta.reshape(view)
    for training in (False, True):  # instance statistics in both modes; the moving ones are never read
        layer.set_train(training)
        np.testing.assert_allclose(layer(Tensor(x)).asnumpy(), expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(layer.moving_mean.asnumpy(), np.zeros(3, np.float32))


def _patches(x: np.ndarray, k, s, r, padding: str) -> np.ndarray:
    """TensorFlow's extract_image_patches on NCHW: depth ordered (row tap, column tap, channel)."""
    n, c, h, w = x.shape
    span = [r[i] * (k[i] - 1) + 1 for i in range(2)]
    if padding == "same":
        out = [-(-size // st) for size, st in zip((h, w), s)]
        total = [max((o - 1) * st + sp - size, 0) for o, st, sp, size in zip(out, s, span, (h, w))]
        x = np.pad(x, ((0, 0), (0, 0), (total[0] // 2, total[0] - total[0] // 2),
                       (total[1] // 2, total[1] - total[1] // 2)))
    oh = (x.shape[2] - span[0]) // s[0] + 1
    ow = (x.shape[3] - span[1]) // s[1] + 1
    result = np.zeros((n, k[0] * k[1] * c, oh, ow), x.dtype)
    for i in range(k[0]):
        for j in range(k[1]):
            for ch in range(c):
                depth = (i * k[1] + j) * c + ch
                result[:, depth] = x[:, ch, i * r[0]:i * r[0] + (oh - 1) * s[0] + 1:s[0],
                                     j * r[1]:j * r[1] + (ow - 1) * s[1] + 1:s[1]]
    return result


@pytest.mark.parametrize("k,s,r,padding", [((2, 2), (2, 2), (2, 2), "valid"), ((3, 2), (1, 2), (1, 1), "same"),
                                           ((2, 3), (2, 1), (1, 2), "VALID")])
def test_unfold_extracts_image_patches(backend, k, s, r, padding):
    x = _x(2, 3, 6, 7)
    layer = nn.Unfold([1, *k, 1], [1, *s, 1], [1, *r, 1], padding)
    np.testing.assert_array_equal(layer(Tensor(x)).asnumpy(), _patches(x, k, s, r, padding.lower()))


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
def test_soft_margin_loss(backend, reduction):
    x, y = _x(3, 4) * 4.0, np.sign(_x(3, 4))
    loss = np.log1p(np.exp(-y * x))
    expected = {"none": loss, "mean": loss.mean(), "sum": loss.sum()}[reduction]
    got = nn.SoftMarginLoss(reduction)(Tensor(x), Tensor(y)).asnumpy()
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("p,swap,margin,reduction", [(2, False, 1.0, "mean"), (1, True, 0.5, "none"),
                                                     (3, False, 2.0, "sum")])
def test_triplet_margin_loss(backend, p, swap, margin, reduction):
    a, pos, neg = _x(4, 5), _x(4, 5), _x(4, 5)

    def distance(u, v):
        return (np.abs(u - v + 1e-6) ** p).sum(-1) ** (1.0 / p)
    far = distance(a, neg)
    if swap:
        far = np.minimum(far, distance(pos, neg))
    loss = np.maximum(distance(a, pos) - far + margin, 0.0)
    expected = {"none": loss, "mean": loss.mean(), "sum": loss.sum()}[reduction]
    layer = nn.TripletMarginLoss(p, swap, reduction=reduction, margin=margin)
    got = layer(Tensor(a), Tensor(pos), Tensor(neg)).asnumpy()
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)


def test_opt_init_args_register_keeps_the_arguments():
    """mindspore.nn.optim.optimizer.opt_init_args_register, as custom optimizers use it."""
    from unigrad.nn.optim.optimizer import opt_init_args_register

    class Custom(nn.Optimizer):
        @opt_init_args_register
        def __init__(self, params, learning_rate=0.1, beta=0.9, eps=1e-8):
            super().__init__(learning_rate, params)
            self.beta = beta

        def construct(self, gradients):
            return gradients

    params = nn.Dense(3, 2).trainable_params()
    opt = Custom(params, Tensor(np.float32(0.05)), eps=1e-6)
    assert opt.init_params == {"params": params}
    assert opt.init_learning_rate == pytest.approx(0.05)
    assert opt.init_args == {"beta": 0.9, "eps": 1e-6}
    assert Custom(params, nn.ExponentialDecayLR(0.1, 0.9, 2)).init_learning_rate is None

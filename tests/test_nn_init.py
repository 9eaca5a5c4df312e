"""Initializers: MindSpore's formulas (checked by bounds and statistics), layer defaults, and the same
seed giving bit-identical weights on every backend."""
import math

import numpy as np
import pytest

import unigrad
from unigrad import nn
from unigrad.common.initializer import (Constant, HeNormal, HeUniform, Normal, One, TruncatedNormal, Uniform,
                                        XavierNormal, XavierUniform, Zero, initializer)


def draw(init, shape=(400, 300)):
    unigrad.set_seed(3)
    return initializer(init, shape, unigrad.float32).asnumpy()


def test_uniform_bounds(backend):
    fan_in, fan_out = 300, 400
    cases = [(Uniform(0.2), 0.2), (HeUniform(), math.sqrt(6 / fan_in)),
             (HeUniform(math.sqrt(5)), math.sqrt(3) * math.sqrt(2 / 6) / math.sqrt(fan_in)),
             (HeUniform(mode="fan_out", nonlinearity="relu"), math.sqrt(6 / fan_out)),
             (XavierUniform(2.0), 2.0 * math.sqrt(6 / (fan_in + fan_out)))]
    for init, bound in cases:
        w = draw(init)
        assert w.dtype == np.float32 and np.abs(w).max() <= bound
        assert np.abs(w).max() > 0.99 * bound and abs(w.std() - bound / math.sqrt(3)) < 0.02 * bound


def test_normal_statistics(backend):
    for init, std, mean in [(Normal(0.5, 1.0), 0.5, 1.0), (HeNormal(), math.sqrt(2 / 300), 0.0),
                            (XavierNormal(), math.sqrt(2 / 700), 0.0)]:
        w = draw(init)
        assert abs(w.std() - std) < 0.02 * std and abs(w.mean() - mean) < 0.02 * std + 1e-3


def test_truncated_normal_bounds_are_absolute(backend):
    w = draw(TruncatedNormal(sigma=1.0, mean=5.0, a=-2.0, b=2.0))  # as MindSpore: [a, b] is absolute
    # [a, b] is 3 to 7 sigmas below the mean: the mean of N(5, 1) there is 1.7169 (drawn by inverse CDF)
    assert w.min() >= -2.0 and w.max() <= 2.0 and w.mean() == pytest.approx(1.7169, abs=0.005)
    above = draw(TruncatedNormal(sigma=1.0, mean=-5.0, a=-2.0, b=2.0))  # the mirrored tail
    assert above.min() >= -2.0 and above.mean() == pytest.approx(-1.7169, abs=0.005)
    assert draw(TruncatedNormal()).std() == pytest.approx(0.01, rel=0.02)


def test_constants_and_names(backend):
    assert (draw(Constant(3)) == 3).all() and (draw(One()) == 1).all() and (draw(Zero()) == 0).all()
    assert (draw("ones") == 1).all() and (draw(2.5) == 2.5).all()
    assert np.array_equal(draw("he_uniform"), draw(HeUniform())) and np.array_equal(draw("xavier_uniform"),
                                                                                     draw(XavierUniform()))
    t = unigrad.Tensor(np.ones((2, 3), np.float32))
    assert initializer(t, (2, 3)) is t and initializer(t, [2, 3], unigrad.float64).dtype == unigrad.float64


def test_errors():
    with pytest.raises(ValueError, match="not found"):
        initializer("nope", (2, 2))
    with pytest.raises(ValueError, match="positive"):
        initializer("ones", (2, 0))
    with pytest.raises(ValueError, match="fewer than 2"):
        initializer(HeUniform(), (5,))
    with pytest.raises(ValueError, match="shape"):
        initializer(unigrad.Tensor(np.ones(3, np.float32)), (4,))
    with pytest.raises(TypeError):
        initializer(object(), (2,))
    with pytest.raises(ValueError, match="nonlinearity"):
        initializer(HeUniform(nonlinearity="swish"), (2, 2))


def test_layer_defaults(backend):
    unigrad.set_seed(0)
    dense = nn.Dense(50, 20)
    bound = math.sqrt(3) * math.sqrt(2 / 6) / math.sqrt(50)  # HeUniform(sqrt(5)) = 1 / sqrt(fan_in)
    assert np.abs(dense.weight.asnumpy()).max() <= bound + 1e-7
    assert np.abs(dense.bias.asnumpy()).max() <= 1 / math.sqrt(50) + 1e-7
    conv = nn.Conv2d(4, 8, 3)
    assert conv.bias is None and conv.pad_mode == "same" and conv.weight.shape == (8, 4, 3, 3)
    assert np.abs(conv.weight.asnumpy()).max() <= 1 / math.sqrt(36) + 1e-7
    conv_b = nn.Conv2d(4, 8, 3, has_bias=True)
    assert np.abs(conv_b.bias.asnumpy()).max() <= 1 / math.sqrt(36) + 1e-7
    assert nn.Conv1d(4, 8, 3).weight.shape == (8, 4, 1, 3)
    assert nn.Embedding(100, 30).embedding_table.asnumpy().std() == pytest.approx(0.01, rel=0.1)
    with pytest.raises(ValueError, match="shape"):
        nn.Dense(3, 2, weight_init=unigrad.Tensor(np.ones((3, 2), np.float32)))


def test_same_seed_same_weights_on_every_backend():
    weights = []
    for name in unigrad.available_backends():
        with unigrad.use_backend(name):
            unigrad.set_seed(42)
            net = nn.SequentialCell(nn.Dense(8, 4), nn.Conv2d(1, 2, 3), nn.Dense(3, 3, weight_init="xavier_normal"),
                                    nn.Embedding(5, 2, embedding_table=TruncatedNormal(0.5)))
            weights.append([p.asnumpy() for p in net.get_parameters()])
    for other in weights[1:]:
        for a, b in zip(weights[0], other):
            assert np.array_equal(a, b)

"""Tensor(shape=..., dtype=..., init=...): MindSpore's delayed initialisation as the tensor tutorial shows it
(printed as ``<uninitialized>`` until read or ``init_data()``), and ``strides`` (MindSpore 2.10's values)."""
import numpy as np
import pytest

import unigrad as ms
from unigrad import Tensor
from unigrad.common.initializer import Normal, One


@pytest.fixture(params=ms.available_backends())
def backend(request):
    with ms.use_backend(request.param):
        yield request.param


def test_a_tensor_made_by_init_prints_uninitialized_until_read(backend):
    t = Tensor(shape=(2, 2), dtype=ms.float32, init=One())
    assert t.has_init and isinstance(t.init, One)
    assert str(t) == "Tensor(shape=[2, 2], dtype=Float32, value=\n<uninitialized>)"  # MindSpore 2.10's text
    np.testing.assert_array_equal(t.asnumpy(), np.ones((2, 2), np.float32))
    assert not t.has_init and t.init is None
    assert str(t) == "[[1. 1.]\n [1. 1.]]"


def test_init_data_initialises_and_returns_the_tensor(backend):
    t = Tensor(shape=(3,), dtype=ms.float32, init=Normal())
    assert t.init_data() is t and not t.has_init
    assert t.shape == (3,) and np.all(np.abs(t.asnumpy()) < 0.1)
    with pytest.raises(TypeError, match="init can't be None"):
        t.init_data()
    with pytest.raises(TypeError, match="init can't be None"):
        Tensor([1.0]).init_data()


def test_a_tensor_from_data_has_no_init(backend):
    t = Tensor(np.ones(2))
    assert not t.has_init and t.init is None


@pytest.mark.parametrize("shape, dtype, strides", [((2, 2), ms.int32, (8, 4)), ((2, 3, 4), ms.float64, (96, 32, 8)),
                                                   ((), ms.float32, ()), ((5,), ms.float16, (2,))])
def test_strides_are_those_of_a_contiguous_array(backend, shape, dtype, strides):
    """MindSpore 2.10: (8, 4) for a 2x2 Int32, (96, 32, 8) for 2x3x4 Float64, () for a scalar."""
    t = Tensor(np.zeros(shape), dtype)
    assert t.strides == strides
    assert t.T.strides == Tensor(np.zeros(shape[::-1]), dtype).strides


def test_seed_restarts_the_default_generator_and_keeps_the_global_seed():
    """``mindspore.common.seed`` is MindSpore's ``seed()``; ``from mindspore.common.seed import set_seed`` finds the
    module's ``set_seed``, the same as ``mindspore.set_seed``."""
    import importlib

    def draw():
        return Tensor(shape=(4,), dtype=ms.float32, init=Normal()).init_data().asnumpy()

    ms.set_seed(3)
    reference = draw()
    ms.set_seed(3)
    fresh = ms.common.seed()
    assert isinstance(fresh, int) and ms.get_seed() == 3
    assert not np.array_equal(draw(), reference)
    importlib.import_module("unigrad.common.seed").set_seed(3)
    assert np.array_equal(draw(), reference)

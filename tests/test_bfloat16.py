"""bfloat16 (via ml_dtypes, as NumPy has none) behaves as a float dtype on every backend."""
from __future__ import annotations

import numpy as np
import pytest

import unigrad
from unigrad import Tensor

pytestmark = pytest.mark.skipif(unigrad.bfloat16 is None, reason="ml_dtypes is not installed")


def test_bfloat16_arithmetic_and_gradient_keep_the_dtype(backend):
    x = Tensor(np.array([1.5, 2.25, -3.0]), unigrad.bfloat16)
    assert str(x.dtype) == "BFloat16"
    y = (x * x + 1.0).sum()
    assert y.dtype is unigrad.bfloat16 and y.asnumpy().dtype.name == "bfloat16"
    assert float(y.asnumpy()) == pytest.approx(19.25, abs=0.2)
    g = unigrad.grad(lambda v: (v * v * 0.5).sum())(x)
    assert g.dtype is unigrad.bfloat16
    np.testing.assert_array_equal(g.asnumpy().astype(np.float32), [1.5, 2.25, -3.0])
    assert (2.0 * x).dtype is unigrad.bfloat16 and unigrad.ops.exp(x).dtype is unigrad.bfloat16


def test_bfloat16_promotion(backend):
    x = Tensor(np.array([1.0]), unigrad.bfloat16)
    assert (x + Tensor(np.array([1.0], np.float16))).dtype is unigrad.float32  # neither holds the other
    assert (x + Tensor(np.array([1.0], np.float32))).dtype is unigrad.float32
    assert (x + Tensor(np.array([1], np.int32))).dtype is unigrad.bfloat16
    assert x.astype(unigrad.float32).asnumpy().tolist() == [1.0]

"""unigrad's own rules for Bool, int, 0-d and empty inputs, on every backend (the goldens list where they
differ from MindSpore 2.10 on purpose; tests/conformance/test_error_agreement.py checks the backends agree)."""
import numpy as np
import pytest

from unigrad import Tensor, dtype as dt, ops

B = np.array([[True, False, True], [False, True, True]])


@pytest.mark.parametrize("call", [
    lambda b: ops.neg(b), lambda b: ops.sub(b, b), lambda b: ops.pow(b, b), lambda b: ops.floor_divide(b, b),
    lambda b: ops.remainder(b, b), lambda b: ops.fmod(b, b), lambda b: ops.isclose(b, b), lambda b: ops.sign(b),
    lambda b: ops.floor(b), lambda b: ops.ceil(b), lambda b: ops.relu6(b), lambda b: ops.matmul(b, b.T),
    lambda b: -b, lambda b: b - b, lambda b: b ** b, lambda b: b // b, lambda b: b % b,
], ids=["neg", "sub", "pow", "floor_divide", "remainder", "fmod", "isclose", "sign", "floor", "ceil", "relu6",
        "matmul", "-", "minus", "**", "//", "%"])
def test_arithmetic_without_a_bool_kernel_refuses_bool(backend, call):
    with pytest.raises(TypeError, match="Bool Tensor"):
        call(Tensor(B))


def test_bool_where_every_backend_has_a_kernel(backend):
    b = Tensor(B)
    for same in (ops.abs(b), ops.relu(b)):
        assert same.dtype is dt.bool_ and np.array_equal(same.asnumpy(), B)
    assert ops.argmin(b, 1).asnumpy().tolist() == [1, 0] and ops.argmax(b, 1).asnumpy().tolist() == [0, 1]
    values, indices = ops.max(b, 1)
    assert values.asnumpy().tolist() == [True, True] and indices.asnumpy().tolist() == [0, 1]
    for cumulative, expected in ((ops.cumsum, [[1, 1, 2], [0, 1, 2]]), (ops.cumprod, [[1, 0, 0], [0, 0, 0]])):
        out = cumulative(b, 1)
        assert out.dtype is dt.int64 and out.asnumpy().tolist() == expected


def test_int_inputs(backend):
    i = Tensor(np.array([-2, -1, 0, 1, 2, 3], np.int32))
    leaky = ops.leaky_relu(i, 0.5)
    assert leaky.dtype is dt.float32 and leaky.asnumpy().tolist() == [-1.0, -0.5, 0.0, 1.0, 2.0, 3.0]
    # an int to a negative int power: 1 / x ** n truncated, as torch and MindSpore (0 for 0, as torch)
    power = ops.pow(i, Tensor(np.array([-1, -3, -1, -2, -1, 2], np.int32)))
    assert power.dtype is dt.int32 and power.asnumpy().tolist() == [0, -1, 0, 1, 0, 9]
    assert ops.pow(i, -2).asnumpy().tolist() == [0, 1, 0, 1, 0, 0]
    with pytest.raises(TypeError, match="one float dtype"):
        ops.conv2d(Tensor(np.ones((1, 1, 4, 4), np.float16)), Tensor(np.ones((1, 1, 3, 3), np.float32)))


def test_0d_inputs(backend):
    s = Tensor(np.float32(2.0))
    assert ops.sum(s, 0).shape == () and float(ops.mean(s, -1, True)) == 2.0 and int(ops.argmax(s, 0)) == 0
    for refused in (lambda: ops.softmax(s), lambda: ops.log_softmax(s), lambda: ops.cumsum(s, 0)):
        with pytest.raises(ValueError, match="at least one axis"):
            refused()
    with pytest.raises(ValueError, match="4-D"):
        ops.max_pool2d(Tensor(np.ones((1, 4, 4), np.float32)), 2)


def test_empty_axes(backend):
    e = Tensor(np.zeros((0, 3), np.float32))
    assert ops.all(e, 0).asnumpy().tolist() == [True] * 3 and ops.any(e, 0).asnumpy().tolist() == [False] * 3
    assert bool(ops.all(e)) and not bool(ops.any(e))
    for no_identity in (lambda: ops.amax(e, 0), lambda: ops.max(e, 0), lambda: ops.argmin(e, 0)):
        with pytest.raises(ValueError):
            no_identity()

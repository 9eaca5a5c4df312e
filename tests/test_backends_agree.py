"""``unigrad.testing.assert_backends_agree`` and what it stands on: ``Tensor.to_backend``, ``Cell.to_backend``
and the row statistics of ``unigrad.testing.compare``. The failing case plants a real wrong derivative in
one backend (tests/mutations.py), not a mock."""
from __future__ import annotations

import numpy as np
import pytest

import unigrad
from unigrad import Parameter, Tensor, nn, ops
from unigrad.testing import assert_backends_agree, compare, tolerances

import mutations

BACKENDS = unigrad.available_backends()
needs_two = pytest.mark.skipif(len(BACKENDS) < 2, reason="needs two installed backends (pip install 'unigrad[torch]')")
X = np.random.default_rng(1).standard_normal((5, 3)).astype(np.float32)


def dense_bn_relu() -> nn.Cell:
    net = nn.SequentialCell([nn.Dense(3, 4), nn.BatchNorm1d(4), nn.ReLU()])
    return net.set_train()


@needs_two
def test_a_dense_batchnorm_relu_cell_agrees_on_every_backend():
    rows = assert_backends_agree(dense_bn_relu, X, backends=BACKENDS)
    names = [row.name for row in rows[: len(rows) // (len(BACKENDS) - 1)]]
    assert names == ["output 0", "grad wrt input 0", "grad wrt 0.weight", "grad wrt 0.bias", "grad wrt 1.gamma",
                     "grad wrt 1.beta", "1.moving_mean after the call", "1.moving_variance after the call"]
    assert all(row.ok and row.dtype == "float32" for row in rows)
    assert all(row.cosine > 0.9999 for row in rows if row.name not in ("grad wrt 0.bias",))  # 0.bias: zero by BN


@needs_two
def test_a_cell_instance_is_copied_to_each_backend_and_left_as_it_was():
    unigrad.set_seed(5)
    net = dense_bn_relu()
    before = {name: p.asnumpy().copy() for name, p in net.parameters_and_names()}
    assert_backends_agree(net, Tensor(X), backends=BACKENDS[:2])
    assert {name: p.backend for name, p in net.parameters_and_names()} == {name: "numpy" for name in before}
    for name, p in net.parameters_and_names():  # the moving statistics were updated on the copies only
        assert np.array_equal(p.asnumpy(), before[name]), name


@needs_two
def test_a_wrong_derivative_in_one_backend_fails_naming_the_parameter():
    # the numpy engine's add divides the gradient of a broadcast operand by the broadcast's size: BatchNorm's
    # ``normed * gamma + beta`` then gives beta a fifth of its gradient; every other array is untouched
    other = next(b for b in BACKENDS if b != "numpy")
    with mutations.planted("numpy_add_broadcast"):
        with pytest.raises(AssertionError) as caught:
            assert_backends_agree(dense_bn_relu, X, backends=(other, "numpy"))
    message = str(caught.value)
    assert message.startswith(f"backends disagree: numpy vs {other} first on 'grad wrt 1.beta'")
    failing = [line.split()[1:3] for line in message.splitlines() if line.startswith("!")]
    assert failing == [["grad", "wrt"]] and "!  grad wrt 1.beta" in message
    assert "1 of 8 arrays compared are off" in message
    if len(BACKENDS) >= 3:  # numpy as the reference: the two others agree, so numpy is named the odd one out
        with mutations.planted("numpy_add_broadcast"), pytest.raises(AssertionError) as caught:
            assert_backends_agree(dense_bn_relu, X, backends=BACKENDS)
        others = " and ".join(b for b in BACKENDS if b != "numpy")
        assert "first on 'grad wrt 1.beta' (max abs diff" in str(caught.value)
        assert f"numpy is the odd one out ({others} agree on it); 2 of 16 arrays" in str(caught.value)
    assert_backends_agree(dense_bn_relu, X, backends=(other, "numpy"))  # the engine's own rule is back


@needs_two
def test_a_function_of_the_inputs_and_a_cell_class_are_checked_too():
    class Scaled(nn.Cell):
        def __init__(self):
            super().__init__()
            self.scale = Parameter(Tensor(np.array([1.5, -2.0, 0.5], np.float32)), name="scale")

        def construct(self, x, y):
            return ops.tanh(x * self.scale), ops.matmul(x, y)

    y = np.random.default_rng(2).standard_normal((3, 2))
    rows = assert_backends_agree(Scaled, X, Tensor(y.astype(np.float32)), backends=BACKENDS)
    assert {row.name for row in rows} == {"output 0", "output 1", "grad wrt input 0", "grad wrt input 1",
                                          "grad wrt scale"}
    rows = assert_backends_agree(lambda a: ops.exp(a) * 2, X.astype(np.float64), backends=BACKENDS)
    assert all(row.dtype == "float64" and row.rtol == 1e-7 for row in rows)
    with pytest.raises(AssertionError, match="first on 'output 0'"):  # no tolerance: float32 rounding shows
        assert_backends_agree(lambda a: ops.sum(ops.exp(a) * 1.1, 0), np.random.default_rng(0).standard_normal(
            (4096, 8)).astype(np.float32), backends=BACKENDS, rtol=0.0, atol=0.0, grad=False)


@needs_two
def test_a_factory_that_builds_other_parameters_on_another_backend_fails_naming_them():
    def factory():
        extra = unigrad.get_backend() != BACKENDS[0]
        return nn.SequentialCell([nn.Dense(3, 3), nn.Dense(3, 3)] if extra else [nn.Dense(3, 3)])

    with pytest.raises(AssertionError, match=rf"the Cell built on {BACKENDS[1]} has other Parameters than on the "
                                             r"reference: missing \[\], extra \['1.bias', '1.weight'\]"):
        assert_backends_agree(factory, X, backends=BACKENDS[:2])


@needs_two
def test_tuples_of_inputs_are_moved_item_by_item():
    rows = assert_backends_agree(lambda pair, k: ops.concat(pair) * k, (X, Tensor(X)), 2.0, backends=BACKENDS[:2],
                                 grad=False)
    assert [(row.name, row.shape) for row in rows] == [("output 0", (10, 3))] and rows[0].ok


def test_bad_arguments_are_refused_naming_what_was_given():
    with pytest.raises(ValueError, match="two or more backends.*'numpy'"):
        assert_backends_agree(dense_bn_relu, X, backends="numpy")
    with pytest.raises(TypeError, match="a Cell class, a function returning a Cell.*got int"):
        assert_backends_agree(3, X, backends=("numpy", "numpy"))
    with pytest.raises(TypeError, match="must build and return a Cell.*returned Tensor"):
        assert_backends_agree(lambda: Tensor(X), backends=("numpy", "numpy"))
    with pytest.raises(ValueError, match="unknown backend 'mxnet'"):
        assert_backends_agree(dense_bn_relu, X, backends=("numpy", "mxnet"))


@pytest.mark.parametrize("name", BACKENDS)
def test_tensor_to_backend_copies_values_dtype_and_a_parameters_name(name):
    for dtype in (unigrad.float32, unigrad.float64, unigrad.float16, unigrad.bfloat16, unigrad.int32, unigrad.bool_):
        t = Tensor(np.arange(6).reshape(2, 3) % 3, dtype)
        moved = t.to_backend(name)
        assert type(moved) is Tensor and moved.backend == name and moved.dtype is dtype
        assert np.array_equal(moved.asnumpy(), t.asnumpy()) and t.backend == "numpy"
    p = Parameter(Tensor(np.ones((2, 2), np.float32)), name="w", requires_grad=False)
    moved = p.to_backend(name)
    assert type(moved) is Parameter and (moved.name, moved.requires_grad, moved.backend) == ("w", False, name)
    with pytest.raises(ValueError, match="unknown backend 'cuda'"):
        p.to_backend("cuda")


@pytest.mark.parametrize("name", BACKENDS)
def test_cell_to_backend_moves_every_parameter_and_tensor_and_keeps_ties(name):
    class Tied(nn.Cell):
        def __init__(self):
            super().__init__()
            self.a = nn.Dense(3, 3)
            self.b = nn.Dense(3, 3)
            self.b.weight = self.a.weight  # one Parameter in two Cells
            self.offset = Tensor(np.full((3,), 0.25, np.float32))  # a plain Tensor attribute

        def construct(self, x):
            return self.b(self.a(x)) + self.offset

    net = Tied().set_train()
    moved = net.to_backend(name)
    assert [(n, p.name, p.backend) for n, p in moved.parameters_and_names()] == [
        (n, p.name, name) for n, p in net.parameters_and_names()]
    assert moved.b.weight is moved.a.weight and moved.offset.backend == name and moved.training
    assert all(p.backend == "numpy" for p in net.get_parameters())
    with unigrad.use_backend(name):
        out = moved(Tensor(X)).asnumpy()
    np.testing.assert_allclose(out, net(Tensor(X)).asnumpy(), rtol=1e-5, atol=1e-6)


def test_compare_rows_and_default_tolerances():
    assert tolerances("float32") == (1e-4, 1e-5) and tolerances(np.float64, rtol=0.5) == (0.5, 1e-9)
    assert tolerances("int64") == (0.0, 0.0)
    ref = np.array([1.0, -2.0, np.nan, np.inf, 0.0], np.float32)
    assert compare("same", ref.copy(), ref).ok  # NaN with NaN, inf with inf
    row = compare("off", ref * np.float32(1.01), ref)
    assert not row.ok and row.within == pytest.approx(0.6) and row.max_rel == pytest.approx(0.01, rel=1e-4)
    row = compare("nan", np.array([np.nan, 1.0]), np.array([0.0, 1.0]))
    assert row.max_abs == np.inf and row.within == 0.5
    row = compare("shape", np.zeros((3, 2), np.float32), np.zeros((2, 3), np.float32))
    assert not row.ok and row.problem == "got float32[3, 2], the reference is float32[2, 3]"
    assert compare("flip", -np.ones(4), np.ones(4)).cosine == pytest.approx(-1.0)

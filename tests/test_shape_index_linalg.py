"""Issue 24's shape, indexing, scatter, linear-algebra and random functions and Tensor methods.

``x.<m>(...)`` against ``ops.<op>(x, ...)`` on every backend; then what the MindSpore goldens cannot show, checked
against NumPy: the functions MindSpore 2.10's CPU has no kernel for (roll, take, einsum, bucketize, searchsorted's
right side and sorter, nonzero as_tuple, type_as, Tensor.scatter_add, Tensor.fill_), the in-place methods, and the
random draws' seeding."""
from __future__ import annotations

import numpy as np
import pytest

import unigrad
from unigrad import Tensor, ops

X = np.array([[-1.75, -0.6, 0.3, 0.85], [1.2, -0.2, 0.45, -0.95], [0.1, 2.0, -0.4, 0.7]], np.float32)
M = np.array([[2.0, 0.5, -0.3], [0.4, 1.5, 0.2], [-0.1, 0.3, 1.8]], np.float32)
V = np.array([0.5, -1.0, 2.0], np.float32)
I2 = np.array([[3, 0], [1, 2], [0, 3]], np.int64)

# (method, op, inputs, arguments after them, keyword arguments): x.<method>(*others, *args, **kw) against
# ops.<op>(x, *others, *args, **kw)
CASES = [
    ("t", "t", (X,), (), {}), ("ravel", "ravel", (X,), (), {}), ("fliplr", "fliplr", (X,), (), {}),
    ("flipud", "flipud", (X,), (), {}), ("hsplit", "hsplit", (X,), (2,), {}), ("vsplit", "vsplit", (X,), ([1],), {}),
    ("tensor_split", "tensor_split", (X,), (3, 1), {}), ("unbind", "unbind", (X,), (1,), {}),
    ("movedim", "movedim", (X,), (0, 1), {}), ("moveaxis", "moveaxis", (X,), (1, 0), {}),
    ("narrow", "narrow", (X,), (1, 1, 2), {}), ("reverse", "reverse", (X,), ([0, 1],), {}),
    ("rot90", "rot90", (X,), (1, (0, 1)), {}), ("roll", "roll", (X,), (1, 0), {}), ("flip", "flip", (X,), ([1],), {}),
    ("swapdims", "swapdims", (X,), (0, 1), {}), ("tril", "tril", (X,), (-1,), {}), ("triu", "triu", (X,), (1,), {}),
    ("diagonal", "diagonal", (X,), (1,), {}), ("diagflat", "diagflat", (M,), (1,), {}), ("diag", "diag", (V,), (), {}),
    ("nonzero", "nonzero", (X,), (), {}), ("argwhere", "argwhere", (X,), (), {}), ("take", "take", (X, I2), (), {}),
    ("repeat_interleave", "repeat_interleave", (X,), (2, 1), {}),
    ("unique_consecutive", "unique_consecutive", (np.array([3, 3, 1, 3]),), (True, True), {}),
    ("masked_fill", "masked_fill", (X, X > 0), (0.5,), {}), ("masked_select", "masked_select", (X, X > 0), (), {}),
    ("index_fill", "index_fill", (X,), (1, Tensor(np.array([0, 2], np.int32)), -1.0), {}),
    ("gather_nd", "gather_nd", (X, np.array([[0, 1], [2, 3]], np.int32)), (), {}),
    ("diagonal_scatter", "diagonal_scatter", (X, V), (1,), {}),
    ("select_scatter", "select_scatter", (X, V), (1, 0), {}),
    ("slice_scatter", "slice_scatter", (X, np.ones((3, 2), np.float32)), (1, 0, 4, 2), {}),
    ("mm", "mm", (X.T, X), (), {}), ("bmm", "bmm", (M[None], M[None]), (), {}), ("dot", "dot", (M, X), (), {}),
    ("inner", "inner", (X, X), (), {}), ("outer", "outer", (V, V), (), {}), ("ger", "ger", (V, V), (), {}),
    ("cross", "cross", (M, M[[2, 1, 0]]), (), {}), ("addmm", "addmm", (M, M, M), (), {"beta": 2, "alpha": 0.5}),
    ("addmv", "addmv", (V, M, V), (), {}), ("addr", "addr", (M, V, V), (), {"alpha": 2}),
    ("addbmm", "addbmm", (M, M[None], M[None]), (), {}), ("baddbmm", "baddbmm", (M[None], M[None], M[None]), (), {}),
    ("matrix_power", "matrix_power", (M,), (3,), {}), ("det", "det", (M,), (), {}),
    ("matrix_determinant", "matrix_determinant", (M,), (), {}), ("inverse", "inverse", (M,), (), {}),
    ("logdet", "logdet", (M,), (), {}), ("slogdet", "slogdet", (M,), (), {}),
    ("log_matrix_determinant", "slogdet", (M,), (), {}), ("view_as", "view_as", (X, X.T), (), {}),
    ("reshape_as", "view_as", (X, X.T), (), {}), ("type_as", "type_as", (X, np.array([1], np.int32)), (), {}),
    ("expand_as", "expand_as", (V[:1], X), (), {}),
]


def _outputs(result) -> list:
    return list(result) if isinstance(result, (tuple, list)) else [result]


def _same(ours, theirs) -> None:
    ours, theirs = _outputs(ours), _outputs(theirs)
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        assert a.dtype == b.dtype and a.shape == b.shape
        np.testing.assert_allclose(a.asnumpy(), b.asnumpy(), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("method, op, arrays, args, kwargs", CASES, ids=[c[0] for c in CASES])
def test_method_is_the_op(backend, method, op, arrays, args, kwargs) -> None:
    tensors = [a if isinstance(a, Tensor) else Tensor(a) for a in arrays]
    args = tuple(a.to_backend(backend) if isinstance(a, Tensor) else a for a in args)
    _same(getattr(tensors[0], method)(*tensors[1:], *args, **kwargs), getattr(ops, op)(*tensors, *args, **kwargs))


def test_torch_ordered_methods(backend) -> None:
    """index_add, scatter, scatter_add, select and trace take torch's (and NumPy's) arguments as methods."""
    x, index = Tensor(X), Tensor(np.array([[0], [2], [1]], np.int64))
    src = Tensor(np.array([[5.0], [6.0], [7.0]], np.float32))
    _same(x.index_add(1, Tensor(np.array([0, 0])), Tensor(np.ones((3, 2), np.float32)), alpha=2),
          ops.index_add(x, Tensor(np.array([0, 0], np.int32)), Tensor(np.full((3, 2), 2.0, np.float32)), 1))
    _same(x.scatter(1, index, src), ops.scatter(x, 1, index, src))
    _same(x.scatter(1, index, 5.0), ops.scatter(x, 1, index, Tensor(np.full((3, 1), 5.0, np.float32))))
    expected = X.copy()
    np.add.at(expected, (np.arange(3)[:, None], index.asnumpy()), src.asnumpy())
    np.testing.assert_allclose(x.scatter_add(1, index, src).asnumpy(), expected)
    np.testing.assert_array_equal(x.select(1, 2).asnumpy(), X[:, 2])
    np.testing.assert_array_equal(x.select(x > 0, x * 0).asnumpy(), np.where(X > 0, X, 0))
    np.testing.assert_allclose(x.trace(1).asnumpy(), np.trace(X, 1), rtol=1e-6)
    assert (x.dim(), x.ndimension(), x.nelement(), x.numel()) == (2, 2, 12, 12)
    assert x.mT.shape == (4, 3) and x.index((Tensor(np.array([1, 0])),)).shape == (2, 4)


def test_in_place_methods(backend) -> None:
    """fill_, zero_, masked_fill_, index_put_, uniform_ and normal_ write into the Tensor (a Parameter through
    ops.assign) and return it."""
    x = Tensor(X.copy())
    assert x.fill_(3.0) is x and (x.asnumpy() == 3.0).all()
    assert x.zero_() is x and not x.asnumpy().any()
    p = unigrad.Parameter(Tensor(X.copy()), name="p")
    assert p.masked_fill_(p > 0, -1.0) is p
    np.testing.assert_array_equal(p.asnumpy(), np.where(X > 0, -1.0, X))
    y = Tensor(X.copy())
    y.index_put_((Tensor(np.array([0, 0])), Tensor(np.array([1, 1]))), Tensor(np.array([1.0, 2.0], np.float32)), True)
    assert y.asnumpy()[0, 1] == pytest.approx(X[0, 1] + 3.0)
    z = Tensor(np.zeros((50,), np.float32)).uniform_(2, 3)
    assert z.dtype == unigrad.float32 and ((z.asnumpy() >= 2) & (z.asnumpy() < 3)).all()
    assert Tensor(np.zeros((3,), np.float64)).normal_(5.0, 0.0).asnumpy().tolist() == [5.0, 5.0, 5.0]
    new = Tensor(X).new_full((2,), 4, dtype=unigrad.int32)
    assert new.dtype == unigrad.int32 and new.asnumpy().tolist() == [4, 4]


def test_functions_without_a_mindspore_cpu_kernel(backend) -> None:
    """What MindSpore 2.10's CPU cannot run (no kernel registered), against NumPy's meaning of the same call."""
    x = Tensor(X)
    np.testing.assert_array_equal(ops.roll(x, (1, -1), (0, 1)).asnumpy(), np.roll(X, (1, -1), (0, 1)))
    np.testing.assert_array_equal(ops.roll(x, 5).asnumpy(), np.roll(X, 5))
    np.testing.assert_array_equal(ops.take(x, Tensor(I2)).asnumpy(), np.take(X, I2))
    np.testing.assert_allclose(ops.einsum("ij,kj->ik", x, x).asnumpy(), X @ X.T, rtol=1e-5)
    np.testing.assert_allclose(ops.einsum("ii", Tensor(M)).asnumpy(), np.trace(M), rtol=1e-6)
    seq, values = np.array([1.0, 2.0, 2.0, 3.0], np.float32), np.array([2.0, 0.0, 9.0], np.float32)
    for side in ("left", "right"):
        out = ops.searchsorted(Tensor(seq), Tensor(values), side=side)
        assert out.dtype == unigrad.int64
        np.testing.assert_array_equal(out.asnumpy(), np.searchsorted(seq, values, side))
    rows = np.sort(X, axis=1)
    out = ops.searchsorted(Tensor(rows), Tensor(X[:, :2]), right=True, out_int32=True)
    assert out.dtype == unigrad.int32
    np.testing.assert_array_equal(out.asnumpy(), [np.searchsorted(r, q, "right") for r, q in zip(rows, X[:, :2])])
    order = np.argsort(V)
    np.testing.assert_array_equal(ops.searchsorted(Tensor(V), Tensor(V), sorter=Tensor(order)).asnumpy(),
                                  np.searchsorted(V, V, sorter=order))
    buckets = ops.bucketize(x, [-0.5, 0.25, 1.0])
    assert buckets.dtype == unigrad.int32
    np.testing.assert_array_equal(buckets.asnumpy(), np.searchsorted([-0.5, 0.25, 1.0], X, "left"))
    np.testing.assert_array_equal(ops.bucketize(x, [-0.5, 0.25], right=True).asnumpy(),
                                  np.searchsorted([-0.5, 0.25], X, "right"))
    rows, cols = ops.nonzero(x > 0, as_tuple=True)
    np.testing.assert_array_equal(np.stack([rows.asnumpy(), cols.asnumpy()]), np.nonzero(X > 0))
    assert ops.type_as(x, Tensor(np.array([1], np.int32))).dtype == unigrad.int32


def test_scatter_with_repeated_indices(backend) -> None:
    """A replace keeps the last write, a product or maximum combines them all, a sum adds them (as MindSpore's
    kernels measured: tensor_scatter_update [7, 8] at one place gives 8, tensor_scatter_mul gives x * 56)."""
    x, at = Tensor(X), Tensor(np.array([[0, 0], [0, 0]], np.int32))
    updates = Tensor(np.array([7.0, 8.0], np.float32))
    assert ops.tensor_scatter_update(x, at, updates).asnumpy()[0, 0] == 8.0
    assert ops.tensor_scatter_mul(x, at, updates).asnumpy()[0, 0] == pytest.approx(X[0, 0] * 56)
    assert ops.tensor_scatter_max(x, at, updates).asnumpy()[0, 0] == 8.0
    assert ops.tensor_scatter_add(x, at, updates).asnumpy()[0, 0] == pytest.approx(X[0, 0] + 15)
    grad = unigrad.grad(lambda u: ops.tensor_scatter_update(x, at, u).sum())(updates)
    np.testing.assert_array_equal(grad.asnumpy(), [0.0, 1.0])  # the overwritten update contributes nothing


def test_random_draws_follow_the_seed(backend) -> None:
    """The same seed gives the same numbers (on every backend: one host generator); the draws keep their range."""
    unigrad.set_seed(7)
    first = [ops.rand(2, 3), ops.randn(4), ops.randint(0, 5, (6,)), ops.randperm(5), ops.multinomial(Tensor(V * V), 2)]
    unigrad.set_seed(7)
    again = [ops.rand(2, 3), ops.randn(4), ops.randint(0, 5, (6,)), ops.randperm(5), ops.multinomial(Tensor(V * V), 2)]
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a.asnumpy(), b.asnumpy())
    assert sorted(first[3].asnumpy().tolist()) == [0, 1, 2, 3, 4]
    assert ((first[2].asnumpy() >= 0) & (first[2].asnumpy() < 5)).all()
    np.testing.assert_array_equal(ops.rand(3, seed=4).asnumpy(), ops.rand(3, seed=4).asnumpy())
    assert ops.bernoulli(Tensor(X), Tensor(np.ones_like(X))).asnumpy().all()
    assert (ops.random_categorical(Tensor(np.array([[-50.0, 9.0, -50.0]], np.float32)), 4).asnumpy() == 1).all()


def test_elimination_matches_numpy(backend) -> None:
    """det, slogdet, inverse and matrix_power by pivoted elimination agree with LAPACK, also where a pivot must
    move (a zero leading entry), and the gradient of det is det * inverse transposed."""
    a = np.array([[[0.0, 2.0, 1.0], [1.0, 1.0, 0.0], [3.0, 0.0, 1.0]], [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 10.0]]])
    t = Tensor(a)
    np.testing.assert_allclose(ops.det(t).asnumpy(), np.linalg.det(a), rtol=1e-10)
    np.testing.assert_allclose(ops.inverse(t).asnumpy(), np.linalg.inv(a), rtol=1e-10, atol=1e-12)
    sign, logabs = ops.slogdet(t)
    np.testing.assert_allclose(sign.asnumpy(), np.linalg.slogdet(a)[0])
    np.testing.assert_allclose(logabs.asnumpy(), np.linalg.slogdet(a)[1], rtol=1e-10)
    np.testing.assert_allclose(ops.matrix_power(t, -3).asnumpy(), np.linalg.matrix_power(a, -3), rtol=1e-8)
    assert ops.det(Tensor(np.ones((3, 3)))).asnumpy() == 0.0
    grad = unigrad.grad(lambda m: ops.det(m))(Tensor(a[1]))
    np.testing.assert_allclose(grad.asnumpy(), np.linalg.det(a[1]) * np.linalg.inv(a[1]).T, rtol=1e-8)

"""sort, argsort and topk (issue 20): one stable order on every backend, NaN as the largest value, and the
gradient back to the element each value came from. The goldens (``sorting`` in tests/goldens/programs.py)
compare them with MindSpore 2.10; these tests pin where unigrad differs from it on purpose and the
properties behind the order."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import unigrad
from unigrad import Tensor, ops
from unigrad import dtype as dt

NAN, INF = float("nan"), float("inf")
BACKENDS = ("numpy", "torch", "jax")


def _f32(values):
    return Tensor(np.array(values, np.float32))


def test_nan_sorts_as_the_largest_value(backend):
    """MindSpore 2.10 leaves a row holding NaN unsorted; unigrad puts NaN last ascending, first descending."""
    x = _f32([3.0, 1.0, 3.0, NAN, -INF, 1.0, 2.0, NAN])
    values, indices = ops.sort(x)
    np.testing.assert_array_equal(values.asnumpy(), [-INF, 1, 1, 2, 3, 3, NAN, NAN])
    assert indices.asnumpy().tolist() == [4, 1, 5, 6, 0, 2, 3, 7]
    values, indices = ops.sort(x, descending=True)
    np.testing.assert_array_equal(values.asnumpy(), [NAN, NAN, 3, 3, 2, 1, 1, -INF])
    assert indices.asnumpy().tolist() == [3, 7, 0, 2, 6, 1, 5, 4]
    _, indices = ops.topk(x, 3)
    assert indices.asnumpy().tolist() == [3, 7, 0]


def test_topk_returns_ties_in_index_order_with_their_gradient(backend):
    """MindSpore 2.10's CPU TopK gives top-2 of [3, 1, 3, 2, 1, 3] at [2, 0] (its heap's order); unigrad at
    [0, 2], the order of its sort, so the first cotangent goes to the first 3."""
    x = _f32([3.0, 1.0, 3.0, 2.0, 1.0, 3.0])
    values, indices = ops.topk(x, 2)
    assert indices.dtype is dt.int32 and indices.asnumpy().tolist() == [0, 2]
    grad = unigrad.grad(lambda t: (ops.topk(t, 2)[0] * _f32([1.0, 10.0])).sum())(x)
    assert grad.asnumpy().tolist() == [1.0, 0.0, 10.0, 0.0, 0.0, 0.0]
    _, smallest = ops.topk(x, 2, largest=False)
    assert smallest.asnumpy().tolist() == [1, 4]


def test_sort_gradient_goes_to_each_values_element(backend):
    x = _f32([[3.0, 1.0, 3.0, 2.0, 1.0, 3.0]])
    weights = _f32([[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]])
    grad = unigrad.grad(lambda t: (ops.sort(t, descending=True)[0] * weights).sum())(x)
    assert grad.asnumpy().tolist() == [[1.0, 5.0, 2.0, 4.0, 6.0, 3.0]]  # MindSpore 2.10's too


def test_signed_zeros_are_equal_and_keep_their_order(backend):
    _, indices = ops.sort(_f32([0.0, -0.0, 0.0, -1.0]))
    assert indices.asnumpy().tolist() == [3, 0, 1, 2]


def test_int_uint8_and_bool_sort_on_every_backend(backend):
    values, indices = ops.sort(Tensor(np.array([3, -1, 3, 2], np.int64)), descending=True)
    assert values.dtype is dt.int64 and values.asnumpy().tolist() == [3, 3, 2, -1]
    assert indices.asnumpy().tolist() == [0, 2, 3, 1]
    assert ops.argsort(Tensor(np.array([200, 3, 200], np.uint8)), descending=True).asnumpy().tolist() == [0, 2, 1]
    assert ops.argsort(Tensor(np.array([True, False, True])), descending=True).asnumpy().tolist() == [0, 2, 1]


@pytest.mark.parametrize("call, error", [
    (lambda: ops.sort(_f32(1.0)), ValueError),
    (lambda: ops.topk(_f32(1.0), 1), RuntimeError),  # MindSpore 2.10's types
    (lambda: ops.sort(_f32([[1.0]]), axis=2), ValueError),
    (lambda: ops.sort(_f32([1.0]), axis=0.0), TypeError),
    (lambda: ops.sort(_f32([1.0]), descending=1), TypeError),
    (lambda: ops.topk(_f32([1.0, 2.0]), 0), ValueError),
    (lambda: ops.topk(_f32([1.0, 2.0]), 3), ValueError),
    (lambda: ops.topk(_f32([1.0, 2.0]), 1.0), TypeError),
])
def test_bad_arguments_raise_mindspores_error_type(backend, call, error):
    with pytest.raises(error):
        call()


def test_empty_axis_sorts_to_empty(backend):
    values, indices = ops.sort(_f32(np.zeros((2, 0))))
    assert values.shape == (2, 0) and indices.shape == (2, 0) and indices.dtype is dt.int32


@settings(max_examples=40, deadline=None)
@given(values=st.lists(st.sampled_from([-INF, -1.0, -0.0, 0.0, 2.0, INF, NAN]), min_size=1, max_size=12),
       descending=st.booleans())
def test_every_backend_sorts_alike_and_stably(values, descending):
    """Few distinct values, so ties, signed zeros, infinities and NaN meet: every backend returns the same
    indices, and they are NumPy's stable order of the keys (NaN as the largest)."""
    x = np.array(values, np.float32)
    keys = np.where(np.isnan(x), np.inf, x)  # NaN as +inf, then above +inf; equal keys by position
    nan = np.isnan(x).astype(int)
    position = np.arange(len(x))
    rank = np.lexsort((position, -nan, -keys) if descending else (position, nan, keys))
    for name in BACKENDS:
        with unigrad.use_backend(name):
            indices = ops.argsort(Tensor(x), descending=descending).asnumpy()
        assert indices.tolist() == rank.tolist(), name

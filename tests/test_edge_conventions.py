"""unigrad's choices at ties, kinks, NaN and singularities, on every backend and in both the native kernel and
the generic version of a composite (issue 20). The goldens (edge_conventions in tests/goldens/programs.py)
compare them with MindSpore 2.10; these tests pin the places where unigrad differs from it on purpose."""
import warnings

import numpy as np
import pytest

import unigrad
from unigrad import Tensor, dtype as dt, ops
from unigrad.ops._dispatch import generic_only

NAN, INF = float("nan"), float("inf")


def _f32(values):
    return Tensor(np.array(values, np.float32))


def _value_and_grads(fn, *inputs):
    """fn's value and the gradient of sum(fn(...) * [1, 2, 3, ...]) in every input, as NumPy arrays."""
    weights = None

    def weighted(*args):
        nonlocal weights
        out = fn(*args)
        weights = _f32(np.arange(1, out.size + 1, dtype=np.float32).reshape(out.shape))
        return (out * weights).sum()

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # NumPy warns of the NaN these inputs hold
        grads = unigrad.grad(weighted, grad_position=tuple(range(len(inputs))))(*inputs)
        value = fn(*inputs).asnumpy()
    grads = grads if isinstance(grads, tuple) else (grads,)
    return value, [g.asnumpy() for g in grads]


def _both_versions(fn, *inputs):
    """(value, grads) from the backend's native kernels and from the generic versions: they must be equal."""
    native = _value_and_grads(fn, *inputs)
    with generic_only():
        generic = _value_and_grads(fn, *inputs)
    np.testing.assert_array_equal(native[0], generic[0])
    for a, b in zip(native[1], generic[1]):
        np.testing.assert_array_equal(a, b)
    return native


def test_relu_keeps_nan_and_its_gradient(backend):
    """MindSpore 2.10's relu gives 0 for NaN, hiding it from the loss; unigrad keeps it, as torch."""
    value, (grad,) = _both_versions(ops.relu, _f32([-1.0, 0.0, 2.0, NAN, -0.0]))
    np.testing.assert_array_equal(value, [0.0, 0.0, 2.0, NAN, 0.0])
    assert grad.tolist() == [0.0, 0.0, 3.0, 4.0, 0.0]


def test_abs_slope_is_0_at_0_on_every_backend(backend):
    value, (grad,) = _value_and_grads(ops.abs, _f32([-2.0, -0.0, 0.0, 1.0]))
    assert grad.tolist() == [-1.0, 0.0, 0.0, 4.0]
    _, (grad,) = _value_and_grads(lambda x: ops.norm(x, 1), _f32([-2.0, 0.0, 1.0]))
    assert grad.tolist() == [-1.0, 0.0, 1.0]


def test_kinks_take_mindspores_slopes(backend):
    _, (grad,) = _both_versions(ops.relu6, _f32([0.0, 3.0, 6.0, 7.0, NAN]))
    assert grad.tolist() == [0.0, 2.0, 3.0, 0.0, 0.0]  # slope 1 on (0, 6]
    value, (grad,) = _both_versions(lambda x: ops.leaky_relu(x, 0.2), _f32([-1.0, 0.0, 1.0]))
    assert value.tolist() == pytest.approx([-0.2, 0.0, 1.0]) and grad.tolist() == pytest.approx([0.2, 1.2, 3.0])
    value, grads = _value_and_grads(lambda x, lo, hi: ops.clamp(x, lo, hi), _f32([-1.0, 0.0, 1.0, 2.0, NAN]),
                                    _f32(-1.0), _f32(1.0))
    assert value.tolist() == [-1.0, 0.0, 1.0, 1.0, -1.0]  # NaN becomes the lower bound
    assert [g.tolist() for g in grads] == [[1.0, 2.0, 3.0, 0.0, 0.0], 0.0, 4.0]  # ... with no gradient
    # bounds that meet, x below them: no one gets the gradient; a NaN bound gets none
    _, grads = _value_and_grads(lambda x, lo, hi: ops.clamp(x, lo, hi), _f32([0.0, 0.5]), _f32([1.0, -1.0]),
                                _f32([1.0, NAN]))
    assert [g.tolist() for g in grads] == [[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]]


def test_ties_send_the_gradient_to_the_returned_index(backend):
    ties = _f32([[1.0, 3.0, 3.0], [2.0, 2.0, 2.0], [-1.0, 0.0, -1.0]])
    for fn, expected in (
            (lambda x: ops.max(x, 1)[0], [[0, 1, 0], [2, 0, 0], [0, 3, 0]]),
            (lambda x: ops.ArgMaxWithValue(axis=1)(x)[1], [[0, 1, 0], [2, 0, 0], [0, 3, 0]]),
            (lambda x: ops.min(x, 1)[0], [[1, 0, 0], [2, 0, 0], [3, 0, 0]]),
            (lambda x: ops.norm(x, INF, 1), [[0, 1, 0], [2, 0, 0], [-3, 0, 0]])):
        _, (grad,) = _value_and_grads(fn, ties)
        assert grad.tolist() == expected
    _, (shared,) = _value_and_grads(lambda x: ops.amax(x, 1), ties)  # amax shares among ties, as MindSpore
    np.testing.assert_allclose(shared[1], [2 / 3] * 3)


def test_maximum_keeps_nan_in_either_order(backend):
    """MindSpore 2.10 answers maximum(nan, 0) = 0 but maximum(0, nan) = nan; unigrad is commutative."""
    for op in (ops.maximum, ops.minimum):
        value, grads = _value_and_grads(op, _f32([NAN, 1.0, 2.0]), _f32([0.0, NAN, 2.0]))
        assert np.isnan(value[:2]).all() and value[2] == 2.0
        assert [g.tolist() for g in grads] == [[1.0, 2.0, 1.5], [1.0, 2.0, 1.5]]  # MindSpore's gradients


def test_nan_is_the_largest_value_wherever_it_is(backend):
    """MindSpore 2.10 skips a NaN unless it comes first in its row; unigrad takes it as the maximum."""
    x = _f32([[1.0, NAN, 3.0], [NAN, -1.0, 0.0]])
    assert ops.argmax(x, 1).asnumpy().tolist() == [1, 0]
    values, indices = ops.max(x, 1)
    assert np.isnan(values.asnumpy()).all() and indices.asnumpy().tolist() == [1, 0]


def test_singularities_stay_finite(backend):
    value, (grad,) = _value_and_grads(lambda x: ops.norm(x, 2, 1), _f32([[0.0, 0.0], [3.0, 4.0]]))
    assert value.tolist() == [0.0, 5.0]
    np.testing.assert_allclose(grad, [[0.0, 0.0], [1.2, 1.6]], rtol=1e-6)
    targets = _f32([0.0, 1.0, 1.0, 0.0])
    value, (grad,) = _value_and_grads(lambda p: ops.binary_cross_entropy(p, targets), _f32([0.0, 1.0, 0.5, 1.0]))
    assert float(value) == pytest.approx((np.log(2.0) - np.log(1e-12)) / 4, rel=1e-6)
    np.testing.assert_allclose(grad, [0.0, 0.0, -0.5, 2.5e11], rtol=1e-6)
    _, grads = _value_and_grads(ops.div, _f32([0.0, 1.0]), _f32([0.0, 2.0]))
    assert grads[0].tolist() == [INF, 1.0] and np.isnan(grads[1][0]) and grads[1][1] == -0.5


def test_loss_weights_get_no_gradient(backend):
    targets = _f32([0.0, 1.0])
    _, grads = _value_and_grads(lambda p, w: ops.binary_cross_entropy(p, targets, w), _f32([0.2, 0.6]),
                                _f32([1.0, 2.0]))
    assert grads[1].tolist() == [0.0, 0.0]
    _, grads = _value_and_grads(lambda x, w, pw: ops.binary_cross_entropy_with_logits(x, targets, w, pw),
                                _f32([0.2, -0.6]), _f32([1.0, 2.0]), _f32([1.0, 3.0]))
    assert grads[1].tolist() == [0.0, 0.0] and grads[2].tolist() == [0.0, 0.0]


def test_one_hot_defaults_and_empty_logsumexp(backend):
    hot = ops.one_hot(Tensor(np.array([0, 2], np.int32)), 3)
    assert hot.dtype is dt.int64 and hot.asnumpy().tolist() == [[1, 0, 0], [0, 0, 1]]
    assert ops.one_hot(Tensor(np.array([1], np.int32)), 2, 1.0, 0.0).dtype is dt.float32
    empty = ops.logsumexp(_f32(np.zeros((2, 0))), 1)
    assert empty.shape == (2,) and empty.asnumpy().tolist() == [-INF, -INF]
    assert ops.logsumexp(_f32(np.zeros((2, 0))), 1, keepdim=True).shape == (2, 1)


def test_power_zero_and_atan2_at_the_origin(backend):
    """x ** 0 is 1 everywhere, so its slope at 0 is 0 (MindSpore 2.10 gives NaN); atan2's gradient at (0, 0)
    is undefined: NaN, as MindSpore's (torch's own atan2 gives 0)."""
    _, (grad,) = _value_and_grads(lambda x: ops.pow(x, 0.0), _f32([0.0, 2.0]))
    assert grad.tolist() == [0.0, 0.0]
    _, grads = _value_and_grads(ops.pow, _f32([0.0, 2.0]), _f32([0.0, 0.0]))
    assert grads[0].tolist() == [0.0, 0.0] and grads[1].tolist() == pytest.approx([0.0, 2 * np.log(2.0)])
    _, grads = _value_and_grads(ops.atan2, _f32([0.0, 1.0]), _f32([0.0, 1.0]))
    assert np.isnan(grads[0][0]) and np.isnan(grads[1][0])
    assert grads[0][1] == pytest.approx(1.0) and grads[1][1] == pytest.approx(-1.0)


def test_max_without_an_axis_returns_the_flat_index(backend):
    """MindSpore 2.10 returns index 0 whatever the position of the maximum; unigrad the flat index of the
    first maximum, with the gradient there."""
    x = _f32([[1.0, 5.0, 5.0], [4.0, 3.0, 4.0]])
    value, index = ops.max(x)
    assert float(value) == 5.0 and int(index) == 1 and index.dtype is dt.int64
    _, (grad,) = _value_and_grads(lambda v: ops.max(v)[0], x)
    assert grad.tolist() == [[0.0, 1.0, 0.0], [0.0, 0.0, 0.0]]


def test_shape_mismatches_are_value_errors(backend):
    """MindSpore 2.10's kernels raise RuntimeError for these; unigrad ValueError, as for every shape mismatch."""
    x = _f32(np.arange(6.0).reshape(2, 3))
    with pytest.raises(ValueError, match=r"\(2, 3\).*\(2, 3\)"):
        ops.matmul(x, x)
    with pytest.raises(ValueError, match="channels"):
        unigrad.nn.Conv2d(1, 2, 3)(_f32(np.zeros((1, 3, 5, 5))))


def test_sign_and_the_slope_of_abs_keep_nan(backend):
    """MindSpore 2.10 and torch give sign(NaN) = 0 and abs a slope 0 there; unigrad keeps NaN, as for relu."""
    x = _f32([NAN, -2.0, -0.0, 0.0, 3.0])
    assert np.isnan(ops.sign(x).asnumpy()[0]) and ops.sign(x).asnumpy()[1:].tolist() == [-1.0, 0.0, 0.0, 1.0]
    _, (grad,) = _value_and_grads(ops.abs, x)
    assert np.isnan(grad[0]) and grad[1:].tolist() == [-2.0, 0.0, 0.0, 5.0]


def test_pow_at_its_edges_is_cs_pow(backend):
    """(-inf) ** 0.5 is inf and (-0) ** 0.5 is +0 with slope +inf, as C's pow, MindSpore, torch's tensor path
    and jax (NumPy's sqrt shortcut and torch's scalar path give NaN, -0 and -inf); the slope in the exponent
    at 0 ** y is 0 for y >= 0 and -inf for y < 0, as MindSpore and torch."""
    value, (grad,) = _value_and_grads(lambda x: ops.pow(x, 0.5), _f32([-INF, -0.0, 4.0]))
    assert value.tolist() == [INF, 0.0, 2.0] and not np.signbit(value[1])
    assert grad.tolist() == [0.0, INF, 0.75]
    assert float(ops.pow(_f32(-INF), 0.5)) == INF  # a 0-d Tensor too (NumPy's shortcut applies there as well)
    _, grads = _value_and_grads(ops.pow, _f32([0.0, 0.0, 0.0]), _f32([2.0, 0.0, -1.0]))
    assert grads[1].tolist() == [0.0, 0.0, -INF]


def test_truncating_division_passes_no_nan_into_gradients(backend):
    """fmod: at y = 0 its slope in x is still 1 (MindSpore's), not 0 * inf; and its value is C's exact fmod
    where the float32 quotient rounds to an integer (1.5 / 0.3 rounds to 5, the true quotient is below it)."""
    _, grads = _value_and_grads(ops.fmod, _f32([3.0, 2.0]), _f32([0.0, 1.5]))
    assert grads[0].tolist() == [1.0, 2.0]
    x, y = np.array([1.5, -1.5, 5.0, -7.0], np.float32), np.array([0.3, 0.3, -3.0, 2.0], np.float32)
    assert ops.fmod(_f32(x), _f32(y)).asnumpy().tolist() == np.fmod(x, y).tolist()  # [0.29999995, -0.29999995, 2, -1]


def test_non_finite_inputs_where_the_answer_is_defined(backend):
    """softplus(-inf) is 0, a norm holding NaN is NaN (not the zero vector's 0), isclose(inf, inf) holds."""
    value, (grad,) = _value_and_grads(ops.softplus, _f32([-INF, 0.0]))
    assert value.tolist() == [0.0, pytest.approx(np.log(2.0))] and grad.tolist() == [0.0, 1.0]
    assert np.isnan(float(ops.norm(_f32([NAN, 1.0])))) and float(ops.norm(_f32([INF, 1.0]))) == INF
    assert ops.isclose(_f32([INF, -INF, NAN, 1.0]), _f32([INF, -INF, NAN, 1.0])).asnumpy().tolist() == \
        [True, True, False, True]


def test_max_pool_returns_nan_and_routes_to_it(backend):
    """A window holding NaN pools to NaN and its gradient goes to that NaN (MindSpore 2.10 skips NaN), in the
    native kernels and the generic version alike."""
    x = _f32(np.array([[1.0, NAN, 0.0, 2.0], [INF, 3.0, -INF, 0.0]]).reshape(1, 1, 2, 4))
    value, (grad,) = _both_versions(lambda v: ops.max_pool2d(v, 2, 2), x)
    assert np.isnan(value.reshape(-1)[0]) and value.reshape(-1)[1] == 2.0
    assert grad.reshape(-1).tolist() == [0.0, 1.0, 0.0, 2.0, 0.0, 0.0, 0.0, 0.0]


def test_the_losing_side_of_maximum_gets_zero_even_from_an_infinite_cotangent(backend):
    """torch masks the cotangent; a product with a 0 share would give NaN from inf (as the NumPy engine and
    jax did): binary_cross_entropy_with_logits' target gradient at a -inf logit runs through one."""
    x, y = _f32([1.0, -2.0, 3.0]), _f32([0.0, 0.0, 3.0])
    grads = unigrad.grad(lambda a, b: (ops.maximum(a, b) * _f32([INF, INF, 2.0])).sum(), grad_position=(0, 1))(x, y)
    assert grads[0].asnumpy().tolist() == [INF, 0.0, 1.0] and grads[1].asnumpy().tolist() == [0.0, INF, 1.0]
    _, grads = _value_and_grads(lambda a, t: ops.binary_cross_entropy_with_logits(a, t, reduction="none"),
                                _f32([-INF, INF, 0.0]), _f32([0.5, 0.5, 0.5]))
    assert grads[1].tolist() == [INF, -2 * INF, 0.0]


def test_bce_with_logits_infinite_weight_and_label_slopes(backend):
    """An infinite weight where pos_weight is 0 gives MindSpore 2.10's +-inf gradients (not inf * 0 = NaN from
    the dropped term or from |x|'s kink at 0); without pos_weight an infinite label's slope in the logit is
    sigmoid(x) - y, -+inf (MindSpore's BCEWithLogits kernel: NaN, its SigmoidCrossEntropyWithLogits: this)."""
    x, y = _f32([0.0, 0.5]), _f32([0.875, 0.25])
    value, grads = _value_and_grads(
        lambda a, t: ops.binary_cross_entropy_with_logits(a, t, _f32([INF, 1.0]), _f32([0.0, 2.0]), "none"), x, y)
    assert value[0] == INF and grads[0][0] == INF and grads[1][0] == -INF
    value, grads = _value_and_grads(lambda a, t: ops.binary_cross_entropy_with_logits(a, t, reduction="none"),
                                    _f32([0.0, 0.5, 2.0]), _f32([-INF, -INF, INF]))
    assert np.isnan(value[0]) and value[1:].tolist() == [INF, -INF]
    assert grads[0].tolist() == [INF, 2 * INF, -3 * INF]

"""Layers, losses and optimizers beyond the goldens: modes, state, errors, extreme logits."""
import numpy as np
import pytest

import unigrad
from unigrad import Parameter, Tensor, nn, ops


def f32(a):
    return Tensor(np.asarray(a, np.float32))


def test_containers(backend):
    seq = nn.SequentialCell([nn.Dense(3, 4), nn.ReLU()])
    seq.append(nn.Dense(4, 2))
    assert len(seq) == 3 and isinstance(seq[-1], nn.Dense) and len(seq[0:2]) == 2
    assert [n for n, _ in seq.parameters_and_names()] == ["0.weight", "0.bias", "2.weight", "2.bias"]
    assert seq(f32(np.ones((5, 3)))).shape == (5, 2)
    cl = nn.CellList([nn.Dense(2, 2)])
    cl.extend([nn.Dense(2, 3)])
    assert [c.out_channels for c in cl] == [2, 3] and cl.trainable_params()[2].name == "1.weight"
    with pytest.raises(TypeError):
        nn.SequentialCell([nn.Dense(2, 2), 3])
    with pytest.raises(IndexError):
        cl[5]


def test_batchnorm_modes_and_no_tracer_leak(backend):
    bn = nn.BatchNorm2d(2)
    x = f32(np.arange(16).reshape(2, 2, 2, 2))
    assert not bn.training and np.allclose(bn(x).asnumpy(), x.asnumpy() / np.sqrt(1 + 1e-5), rtol=1e-6)
    bn.set_train()
    fn = unigrad.value_and_grad(lambda x: bn(x).sum() * 0 + (bn(x) ** 2).sum(), 0, bn.trainable_params())
    fn(x)
    for p in (bn.moving_mean, bn.moving_variance):
        assert type(p._data) is type(f32([1.0])._data)  # a plain array, no tracer
    batch = x.asnumpy().transpose(1, 0, 2, 3).reshape(2, -1)
    expected = 0.9 * (0.9 * 0 + 0.1 * batch.mean(1)) + 0.1 * batch.mean(1)  # two forward passes above
    assert np.allclose(bn.moving_mean.asnumpy(), expected, rtol=1e-6)
    assert [n for n, _ in bn.parameters_and_names()] == ["moving_mean", "moving_variance", "gamma", "beta"]
    with pytest.raises(ValueError, match="channels"):
        bn(f32(np.ones((2, 3, 2, 2))))


def test_dropout(backend):
    x = f32(np.ones((200, 50)))
    drop = nn.Dropout(keep_prob=0.8)
    assert drop.p == pytest.approx(0.2) and drop(x) is x  # inference mode
    drop.set_train()
    unigrad.set_seed(1)
    out = drop(x).asnumpy()
    assert set(np.unique(out)) <= {0.0, np.float32(1 / 0.8)} and abs((out == 0).mean() - 0.2) < 0.02
    with pytest.raises(ValueError):
        nn.Dropout(p=1.0)
    with pytest.raises(ValueError):
        nn.Dropout(keep_prob=0.5, p=0.5)


def test_layer_errors():
    with pytest.raises(ValueError, match="pad_mode"):
        nn.Conv2d(1, 1, 3, pad_mode="full")
    with pytest.raises(ValueError, match="padding"):
        nn.Conv2d(1, 1, 3, padding=1)  # 'same' mode takes no padding
    with pytest.raises(ValueError, match="group"):
        nn.Conv2d(3, 4, 3, group=2)
    with pytest.raises(TypeError, match="activation"):
        nn.Dense(2, 2, activation=3)
    with pytest.raises(KeyError):
        nn.Dense(2, 2, activation="swish")
    with pytest.raises(ValueError, match="reduction"):
        nn.MSELoss("avg")
    with pytest.raises(TypeError, match="int Tensor"):
        nn.Embedding(3, 2)(f32([0.0]))
    # MindSpore 2.10's wording; 1 is not taken for True
    with pytest.raises(TypeError, match=r"For 'Dense', the 'has_bias' must be a bool, but got int\."):
        nn.Dense(2, 2, has_bias=1)
    with pytest.raises(TypeError, match=r"For 'GELU', the 'approximate' must be a bool, but got str\."):
        nn.GELU(approximate="tanh")


@pytest.mark.parametrize("make, labels", [
    (lambda: nn.CrossEntropyLoss(), "int"), (lambda: nn.CrossEntropyLoss(label_smoothing=0.1), "int"),
    (lambda: nn.CrossEntropyLoss(), "probs"),
    (lambda: nn.BCEWithLogitsLoss(pos_weight=f32([2.0, 1.0, 1.0])), "binary"),
    (lambda: nn.MSELoss(), "binary"), (lambda: nn.HuberLoss(), "binary"),
    (lambda: nn.SmoothL1Loss(reduction="sum"), "binary"), (lambda: nn.L1Loss(), "binary")],
    ids=["ce", "ce_smooth", "ce_probs", "bce_logits", "mse", "huber", "smoothl1", "l1"])
def test_losses_finite_at_extreme_logits(make, labels, backend):
    loss = make()
    logits = f32([[1e4, -1e4, 0.0], [-1e4, 1e4, 1e4]])
    target = {"int": Tensor(np.array([1, 0], np.int32)), "probs": f32([[0.0, 1.0, 0.0], [0.5, 0.0, 0.5]]),
              "binary": f32([[1.0, 0.0, 1.0], [1.0, 0.0, 0.0]])}[labels]
    value, grad = unigrad.value_and_grad(lambda x: loss(x, target))(logits)
    assert np.isfinite(value.asnumpy()).all() and np.isfinite(grad.asnumpy()).all()


@pytest.mark.parametrize("make", [lambda v: nn.MaxPool2d(v), lambda v: nn.MaxPool2d(2, stride=v),
                                  lambda v: nn.AvgPool2d(v), lambda v: ops.avg_pool2d(f32(np.zeros((1, 1, 4, 4))), v)],
                         ids=["MaxPool2d.kernel_size", "MaxPool2d.stride", "AvgPool2d.kernel_size", "avg_pool2d"])
@pytest.mark.parametrize("window", [(3,), (3, 3, 3), (3, True)], ids=["tuple1", "tuple3", "bool_in_tuple"])
def test_pooling_windows_are_an_int_or_two(make, window):
    """Where MindSpore 2.10's pooling takes a 1- or 3-tuple (or raises TypeError for a bool in it), a
    malformed tuple is a ValueError, as in its other pooling ops (the goldens list these as deliberate)."""
    with pytest.raises(ValueError, match=r"must be an int or a tuple of two ints, but got \(3"):
        make(window)


def test_window_argument_messages():
    with pytest.raises(TypeError, match=r"For 'Conv2d', the type of 'stride' should be one of \['int', 'tuple'\], "
                                        r"but got type 'list'"):
        nn.Conv2d(1, 2, 3, stride=[1, 1])
    with pytest.raises(TypeError, match=r"For 'Conv2d', the 'kernel_size' must be an int or a tuple of two ints"):
        nn.Conv2d(1, 2, (3,))
    with pytest.raises(ValueError, match=r"For 'conv2d', the 'dilation' must be an int of at least 1 .* got \(1, 0\)"):
        ops.conv2d(f32(np.zeros((1, 1, 5, 5))), f32(np.zeros((2, 1, 3, 3))), dilation=(1, 0))
    with pytest.raises(ValueError, match=r"'padding' must be at most half of the dilated kernel"):
        ops.max_pool2d(f32(np.zeros((1, 1, 5, 5))), 3, 1, 2)
    assert ops.max_pool2d(f32(np.zeros((1, 1, 5, 5))), 3, 1, 1, dilation=2).shape == (1, 1, 3, 3)



def test_bce_finite_at_probability_edges(backend):
    p = f32([0.0, 1.0, 0.5])
    value, grad = unigrad.value_and_grad(lambda p: nn.BCELoss()(p, f32([1.0, 0.0, 1.0])))(p)
    assert np.isfinite(value.asnumpy()) and np.isfinite(grad.asnumpy()).all()


def test_optimizer_state_is_parameters(backend):
    net = nn.Dense(3, 2)
    opt = nn.Adam(net.trainable_params(), 0.01)
    assert isinstance(opt.parameters, unigrad.ParameterTuple) and opt.parameters[0] is net.weight
    assert all(isinstance(m, Parameter) for m in opt.moment1 + opt.moment2)
    assert opt.moment1[0].name == "moment1.weight"
    grads = tuple(ops.ones_like(p) for p in opt.parameters)
    opt(grads)
    assert int(opt.global_step.asnumpy()[0]) == 1 and opt.moment1[1].asnumpy() == pytest.approx(0.1)
    with pytest.raises(ValueError, match="gradients"):
        opt(grads[:1])


@pytest.mark.parametrize("compiled", [False, True], ids=["eager", "jit"])
def test_sgd_rounds_the_scaled_gradient_before_subtracting_as_mindspore(backend, compiled):
    """MindSpore 2.10's SGD step is p - fl(lr * g): on a 784x512 weight all 401,408 of its updates equal NumPy's
    two-step formula, and 7,025 differ by one ulp from the once-rounded (fused multiply-add) p - lr * g, which
    a one-pass BLAS axpy would give. A program compiled by XLA fuses the two (raw jax.jit does too): that
    difference is listed in the README."""
    rng = np.random.default_rng(0)
    start, grad = (rng.standard_normal((300, 200)).astype(np.float32) for _ in range(2))
    rounded_twice = start - np.float32(1e-2) * grad
    fused = (start.astype(np.float64) - np.float64(np.float32(1e-2)) * grad.astype(np.float64)).astype(np.float32)
    assert np.count_nonzero(rounded_twice != fused) > 500  # the sample tells the two roundings apart
    weight = Parameter(Tensor(start), name="w")
    optimizer = nn.SGD([weight], 1e-2)
    def update(g):
        return optimizer((g,))

    (unigrad.jit(update) if compiled else update)(Tensor(grad))
    fuses = compiled and unigrad.backends.load(backend).compiles
    np.testing.assert_array_equal(weight.asnumpy(), fused if fuses else rounded_twice)


def test_optimizer_errors():
    params = nn.Dense(2, 2).trainable_params()
    with pytest.raises(ValueError, match="nesterov"):
        nn.SGD(params, nesterov=True)
    with pytest.raises(TypeError, match=r"For 'SGD', the type of 'nesterov' should be 'bool', but got type 'int'\."):
        nn.SGD(params, momentum=0.9, nesterov=1)  # MindSpore 2.10's wording
    with pytest.raises(ValueError, match="empty"):
        nn.SGD([])
    with pytest.raises(TypeError, match="learning_rate"):
        nn.SGD(params, "fast")
    with pytest.raises(ValueError, match="beta1"):
        nn.Adam(params, beta1=1.0)
    with pytest.raises(ValueError, match="unknown keys"):
        nn.SGD([{"params": params, "momentum": 0.1}])


def test_adam_flag_errors_are_mindspores():
    params = nn.Dense(2, 2).trainable_params()
    with pytest.raises(TypeError, match="'use_amsgrad' must be bool, but got int"):
        nn.Adam(params, use_amsgrad=1)
    with pytest.raises(TypeError, match="'use_nesterov' must be bool"):
        nn.Adam(params, use_nesterov="yes")
    with pytest.raises(KeyError, match="use_lazy.*use_offload.*'lazy'"):
        nn.Adam(params, lazy=True)
    with pytest.raises(ValueError, match="'use_lazy' and 'use_offload' can not both be True"):
        nn.Adam(params, use_lazy=True, use_offload=True)
    for other in ("use_lazy", "use_offload", "use_nesterov"):
        with pytest.raises(ValueError, match=f"'use_amsgrad' cannot be combined.*{other}=True"):
            nn.Adam(params, use_amsgrad=True, **{other: True})
    adam = nn.Adam(params, use_amsgrad=True)
    assert [p.name for p in adam.vhat] == ["vhat." + p.name for p in params]


def test_lr_list_holds_last_value(backend):
    p = Parameter(f32([1.0]), name="p")
    opt = nn.SGD([p], [0.1, 0.01])
    for _ in range(4):
        opt((f32([1.0]),))
    assert p.asnumpy()[0] == pytest.approx(1 - 0.1 - 0.01 * 3)


@pytest.mark.parametrize("size, kernel, stride, padding", [
    ((5, 5), 2, 2, 0),    # one more window, half past the input
    ((5, 5), 3, 3, 0),
    ((6, 6), 3, 2, 1),
    ((5, 5), 2, 2, 1),    # the extra window would start in the trailing padding: dropped
    ((5, 5), 3, 3, 1),    # likewise
    ((4, 6), 2, 2, 0),    # exact fit: ceil changes nothing
    ((7, 5), (3, 2), (2, 3), (1, 0)),
])
def test_max_pool2d_ceil_mode_matches_torch(backend, size, kernel, stride, padding):
    torch = pytest.importorskip("torch")
    x = (np.random.RandomState(0).permutation(2 * size[0] * size[1]).reshape(1, 2, *size) - 20) * 0.1
    x = x.astype(np.float32)
    expected = torch.nn.functional.max_pool2d(torch.tensor(x), kernel, stride, padding, ceil_mode=True).numpy()
    got = ops.max_pool2d(f32(x), kernel, stride, padding, ceil_mode=True)
    assert got.shape == expected.shape
    np.testing.assert_array_equal(got.asnumpy(), expected)
    layer = nn.MaxPool2d(kernel, stride, pad_mode="pad", padding=padding, ceil_mode=True)
    np.testing.assert_array_equal(layer(f32(x)).asnumpy(), expected)


@pytest.mark.parametrize("layer", ["MaxPool2d", "AvgPool2d"])
def test_pool_padding_is_one_or_two_non_negative_ints(layer):
    """MindSpore's 2-D pooling layers take padding as an int or 1 or 2 ints (height, width); a conv's
    4-tuple is refused."""
    x = f32(np.arange(36.0).reshape(1, 1, 6, 6))
    cell = getattr(nn, layer)
    np.testing.assert_array_equal(cell(3, 2, "pad", (1,))(x).asnumpy(), cell(3, 2, "pad", 1)(x).asnumpy())
    assert cell(3, 2, "pad", [1, 0])(x).shape == (1, 1, 3, 2)
    for bad in ((1, 0, 0, 1), (1, -1), -1, (1.0, 1), True):
        with pytest.raises(ValueError, match="'padding' must be a non-negative int or a tuple/list of 1 or 2"):
            cell(3, 2, "pad", bad)


def test_max_pool2d_options_need_pad_mode_pad(backend):
    for options in ({"ceil_mode": True}, {"dilation": 2}, {"return_indices": True}):
        with pytest.raises(ValueError, match="pad_mode"):
            nn.MaxPool2d(2, 2, **options)


@pytest.mark.parametrize("ceil_mode", [False, True])
@pytest.mark.parametrize("count_include_pad", [True, False])
@pytest.mark.parametrize("divisor_override", [None, 5])
@pytest.mark.parametrize("size, kernel, stride, padding", [
    ((5, 7), 2, 2, 0), ((5, 7), 3, 2, 1), ((6, 6), 3, 3, 1), ((7, 5), (3, 2), (2, 3), (1, 0)), ((4, 6), 2, 1, 1),
])
def test_avg_pool2d_matches_torch(backend, size, kernel, stride, padding, ceil_mode, count_include_pad,
                                  divisor_override):
    """torch's divisors are MindSpore's (the goldens check a few): the window within the padded input, or
    its real elements, and never the part a ceil-mode window reaches past the padded input."""
    torch = pytest.importorskip("torch")
    x = np.random.RandomState(3).standard_normal((1, 2, *size)).astype(np.float32)
    expected = torch.nn.functional.avg_pool2d(torch.tensor(x), kernel, stride, padding, ceil_mode,
                                              count_include_pad, divisor_override).numpy()
    four = (padding,) * 4 if isinstance(padding, int) else (padding[0], padding[0], padding[1], padding[1])
    got = ops.avg_pool2d(f32(x), kernel, stride, four, ceil_mode, count_include_pad, divisor_override or 0)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got.asnumpy(), expected, rtol=1e-6, atol=1e-6)
    layer = nn.AvgPool2d(kernel, stride, "pad", padding, ceil_mode, count_include_pad, divisor_override)
    np.testing.assert_allclose(layer(f32(x)).asnumpy(), expected, rtol=1e-6, atol=1e-6)


def test_avg_pool2d_argument_errors():
    x = f32(np.ones((1, 1, 4, 4)))
    with pytest.raises(ValueError, match="padding should be a non-negative int or a tuple of 4 of them, but got "
                                         "\\(1, 1\\)"):
        ops.avg_pool2d(x, 2, 2, (1, 1))
    with pytest.raises(ValueError, match="but got \\(1, 0, -1, 0\\)"):
        ops.avg_pool2d(x, 2, 2, (1, 0, -1, 0))
    with pytest.raises(TypeError, match="padding should be int or tuple of length 4, but got \\[1, 1, 1, 1\\]"):
        ops.avg_pool2d(x, 2, 2, [1, 1, 1, 1])
    with pytest.raises(TypeError, match="'ceil_mode' must be bool, but got int"):
        ops.avg_pool2d(x, 2, 2, ceil_mode=1)
    with pytest.raises(ValueError, match="'divisor_override' must be a non-negative int, but got -1"):
        ops.avg_pool2d(x, 2, 2, divisor_override=-1)
    with pytest.raises(ValueError, match="'divisor_override' must be > 0, but got 0"):
        nn.AvgPool2d(2, 2, divisor_override=0)
    with pytest.raises(TypeError, match="'count_include_pad' must be bool, but got str"):
        nn.AvgPool2d(2, 2, count_include_pad="no")


@pytest.mark.parametrize("size, kernel, stride, padding, dilation, ceil_mode", [
    ((5, 7), 2, 2, 0, 1, False),
    ((5, 7), 3, 2, 1, 1, True),
    ((7, 8), 3, 2, 1, 2, True),
    ((6, 6), (2, 3), (1, 2), (1, 0), (2, 1), False),
])
def test_max_pool2d_indices_match_torch(backend, size, kernel, stride, padding, dilation, ceil_mode):
    torch = pytest.importorskip("torch")
    x = (np.random.RandomState(2).permutation(2 * size[0] * size[1]).reshape(1, 2, *size) - 30) * 0.1
    x = x.astype(np.float32)
    values, indices = torch.nn.functional.max_pool2d(torch.tensor(x), kernel, stride, padding, dilation,
                                                     ceil_mode=ceil_mode, return_indices=True)
    got, got_indices = ops.max_pool2d(f32(x), kernel, stride, padding, dilation, return_indices=True,
                                      ceil_mode=ceil_mode)
    np.testing.assert_array_equal(got.asnumpy(), values.numpy())
    assert got_indices.dtype == unigrad.int64
    np.testing.assert_array_equal(got_indices.asnumpy(), indices.numpy())
    layer = nn.MaxPool2d(kernel, stride, pad_mode="pad", padding=padding, dilation=dilation, return_indices=True,
                         ceil_mode=ceil_mode)
    np.testing.assert_array_equal(layer(f32(x))[1].asnumpy(), indices.numpy())


def test_an_optimizer_for_another_backends_parameters_fails_at_construction():
    """A model built on numpy, then set_backend("torch"), then its optimizer: a TypeError naming both
    backends when the optimizer is made (it once failed only at the first step, inside sgd.py)."""
    others = [b for b in unigrad.available_backends() if b != "numpy"]
    if not others:
        pytest.skip("needs a second backend")
    with unigrad.use_backend("numpy"):
        model = nn.Dense(3, 2)
    with unigrad.use_backend(others[0]):
        for make in (lambda p: nn.SGD(p, 0.1), lambda p: nn.Adam(p), lambda p: nn.Momentum(p, 0.1, 0.9)):
            with pytest.raises(TypeError, match=f"on backend 'numpy' but the current backend is '{others[0]}'"):
                make(model.trainable_params())


_EVERY_OTHER = [[1, 0, 1, 0], [0, 0, 0, 0], [1, 0, 1, 0], [0, 0, 0, 0]]


@pytest.mark.parametrize("pool, expected", [
    (lambda: nn.MaxPool2d(2, 2), _EVERY_OTHER),
    (lambda: nn.MaxPool2d(2, 1), [[1, 1, 1, 0], [1, 1, 1, 0], [1, 1, 1, 0], [0, 0, 0, 0]]),
    (lambda: nn.MaxPool2d(3, 2, "same"), _EVERY_OTHER),
    (lambda: lambda x: ops.max_pool2d(x, 2, 2), _EVERY_OTHER),
], ids=["2x2", "2x2_stride1", "3x3_same", "ops"])
def test_max_pooling_routes_tied_maxima_to_the_first(backend, pool, expected):
    """A map of ones through max pooling: each window's gradient goes to its first element in row-major
    order, on every backend, as MindSpore 2.10, torch and XLA do (the NumPy engine once shared it evenly,
    0.25 everywhere; tests/goldens, max_pool_ties, has MindSpore's numbers)."""
    grads = unigrad.grad(lambda v: pool()(v).sum())(f32(np.ones((1, 1, 4, 4))))
    np.testing.assert_array_equal(grads.asnumpy()[0, 0], expected)


def test_check_grad_takes_a_model_with_a_conv():
    """check_grad promotes the model's Parameters to float64 with its inputs (a conv refuses mixed dtypes),
    and leaves them as they were."""
    from unigrad.testing import check_grad, check_second_order
    unigrad.set_seed(0)
    net = nn.SequentialCell(nn.Conv2d(1, 2, 3, pad_mode="valid"), nn.Tanh(), nn.Flatten(), nn.Dense(2 * 3 * 3, 1))
    before = [p.asnumpy().copy() for p in net.trainable_params()]
    x = np.random.default_rng(0).standard_normal((1, 1, 5, 5)).astype(np.float32)
    check_grad(lambda v: net(v).sum(), [x])
    check_second_order(lambda v: net(v).sum(), [x])
    for p, value in zip(net.trainable_params(), before):
        assert p.dtype is unigrad.float32
        np.testing.assert_array_equal(p.asnumpy(), value)

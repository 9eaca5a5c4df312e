"""The JAX adapter: x64 honoured with Float32 the default, matmul precision, dtypes that agree with the
NumPy engine, native kernels, and no tracer ever left inside a Parameter (real jax, no mocks)."""
import numpy as np
import pytest

import unigrad
from unigrad import Parameter, Tensor, nn, ops

jax = pytest.importorskip("jax")
from unigrad.backends import jax as jax_backend  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def on_jax():
    with unigrad.use_backend("jax"):
        yield


def _on(name, fn):
    with unigrad.use_backend(name):
        return fn()


# -- dtypes ---------------------------------------------------------------------------------------------
def test_x64_is_enabled_and_float64_honoured(on_jax):
    assert jax.config.jax_enable_x64
    x = Tensor(np.arange(4.0))  # a float64 NumPy array stays Float64
    assert x.dtype is unigrad.float64 and x._data.dtype == np.float64
    y = ops.exp(x * 2.0 + 1.0).sum()
    assert y.dtype is unigrad.float64
    g = unigrad.grad(lambda t: (ops.sin(t) * t).sum())(x)
    assert g.dtype is unigrad.float64
    np.testing.assert_allclose(g.asnumpy(), np.cos(np.arange(4.0)) * np.arange(4.0) + np.sin(np.arange(4.0)),
                               rtol=1e-14)
    assert Tensor(np.array([2 ** 40], np.int64)).asnumpy()[0] == 2 ** 40


@pytest.mark.parametrize("make", [
    lambda: Tensor(1.5), lambda: Tensor([1.0, 2.0]), lambda: ops.ones((2, 3)), lambda: ops.zeros(3),
    lambda: ops.full((2,), 0.5), lambda: ops.arange(5), lambda: ops.arange(0.0, 1.0, 0.25),
    lambda: ops.linspace(0, 1, 5), lambda: ops.eye(3), lambda: Tensor([1.0]) * 2.0,
    lambda: 2.0 - Tensor([1.0]), lambda: Tensor([1.0]) ** 2, lambda: 3 / Tensor([2]),
    lambda: Tensor([1, 2]) * 2, lambda: Tensor([1, 2]) + 2.5, lambda: Tensor([1.0, 2.0]).mean(),
    lambda: ops.argmax(Tensor([1.0, 3.0, 3.0])), lambda: Tensor([True, False]).sum(),
    lambda: ops.cumsum(Tensor(np.array([1, 2], np.int32)), 0), lambda: ops.prod(Tensor(np.array([1, 2], np.int8))),
    lambda: ops.softmax(Tensor([1.0, 2.0])), lambda: ops.cast(Tensor([1.7, -1.2]), unigrad.int32),
    lambda: Tensor(np.ones(2, np.float16)) * 2.0, lambda: ops.maximum(Tensor([1, 5]), 3),
], ids=lambda f: "")
def test_dtypes_agree_with_numpy_and_float32_is_the_default(make):
    expected = _on("numpy", make)
    got = _on("jax", make)
    assert got.backend == "jax"
    assert got.dtype is expected.dtype, (got.dtype, expected.dtype)
    assert got._data.dtype == expected.dtype.numpy
    assert got.shape == expected.shape
    np.testing.assert_allclose(got.asnumpy(), expected.asnumpy(), rtol=1e-6)


def test_python_scalars_never_widen(on_jax):
    x = Tensor(np.array([1.0, 2.0], np.float32))
    for out in (x + 1.0, 1.0 + x, x * 1e300 * 0.0, x / 3, 3.0 / x, x ** 0.5, ops.maximum(x, 0.0), ops.minimum(2.0, x),
                ops.where(x > 1.0, x, 0.0)):
        assert out.dtype is unigrad.float32 and out._data.dtype == np.float32
    i = Tensor(np.array([1, 2], np.int32))
    for out in (i + 1, 1 - i, i * 3, i // 2, i % 2):
        assert out.dtype is unigrad.int32 and out._data.dtype == np.int32


# -- matmul precision ---------------------------------------------------------------------------------
def test_matmul_precision_highest_by_default_and_switchable():
    assert jax_backend.get_matmul_precision() == "highest"
    try:
        jax_backend.set_matmul_precision("default")
        assert jax.config.jax_default_matmul_precision == "default"
    finally:
        jax_backend.set_matmul_precision("highest")
    assert jax.config.jax_default_matmul_precision == "highest"
    with pytest.raises(ValueError, match="precision"):
        jax_backend.set_matmul_precision("fastest")


def test_float32_matmul_agrees_with_numpy(on_jax):
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((64, 256)).astype(np.float32), rng.standard_normal((256, 32)).astype(np.float32)
    got = ops.matmul(Tensor(a), Tensor(b)).asnumpy()
    np.testing.assert_allclose(got, a.astype(np.float64) @ b.astype(np.float64), rtol=1e-5, atol=1e-4)


# -- primitive semantics --------------------------------------------------------------------------------
def test_primitive_semantics(on_jax):
    b = unigrad.backends.load("jax")
    x = b.asarray(np.array([[1.0, 3.0, 3.0], [2.0, 2.0, 0.0]], np.float32), unigrad.float32)
    assert np.asarray(b.argmax(x, 1, False)).tolist() == [1, 0]  # first occurrence
    assert np.asarray(b.argmin(x, 1, False)).tolist() == [0, 2]
    # maximum / max share the gradient among ties, as the NumPy engine does
    g = jax.grad(lambda t: b.sum(b.max(t, 1, False), None, False))(x)
    np.testing.assert_allclose(np.asarray(g), [[0, 0.5, 0.5], [0.5, 0.5, 0]])
    g = jax.grad(lambda t: b.sum(b.maximum(t, 2.0), None, False))(x)
    np.testing.assert_allclose(np.asarray(g), [[0, 1, 1], [0.5, 0.5, 0]])
    # index_add accumulates repeated indices
    idx = (b.asarray(np.array([0, 0, 2]), unigrad.int64),)
    out = b.index_add((4,), idx, b.asarray(np.array([1.0, 2.0, 5.0], np.float32), unigrad.float32))
    assert np.asarray(out).tolist() == [3.0, 0.0, 5.0, 0.0]
    # a cast to int cuts the gradient
    g = jax.grad(lambda t: b.sum(b.mul(t, b.cast(b.cast(t, unigrad.int32), unigrad.float32)), None, False))(x)
    np.testing.assert_allclose(np.asarray(g), np.asarray(x).astype(np.int32))


@pytest.mark.parametrize("kernel,stride,dilation,shape", [
    ((3, 3), (1, 1), (1, 1), (2, 3, 7, 6)), ((2, 3), (2, 1), (1, 2), (1, 2, 8, 9)), ((1, 1), (3, 3), (1, 1), (1, 1, 5, 5))])
def test_unfold_and_its_gradient_match_numpy(kernel, stride, dilation, shape):
    """jax's unfold, and its gradient by jax.vjp, against the NumPy engine's unfold and fold (its rule)."""
    from unigrad.backends.numpy.primitives import fold
    x = np.random.default_rng(1).standard_normal(shape)
    nb, jb = unigrad.backends.load("numpy"), unigrad.backends.load("jax")
    cols = nb.unfold(x, kernel, stride, dilation)
    out, pullback = jax.vjp(lambda v: jb.unfold(v, kernel, stride, dilation), jb.asarray(x, unigrad.float64))
    np.testing.assert_array_equal(np.asarray(out), cols)
    np.testing.assert_allclose(np.asarray(pullback(jb.asarray(cols, unigrad.float64))[0]),
                               fold(cols, shape, kernel, stride, dilation), rtol=1e-14)


def test_value_read_inside_a_derivative_is_the_forward_value(on_jax):
    seen = []

    def f(x):
        y = (x * x).sum()
        seen.append(float(y))  # eager: the value is known, as on the NumPy engine
        return y

    g = unigrad.grad(f)(Tensor([1.0, 2.0]))
    assert seen == [5.0] and g.asnumpy().tolist() == [2.0, 4.0]


def test_gpu_request_without_gpu_raises():
    if any(d.platform == "gpu" for d in jax.devices()):
        pytest.skip("a GPU is present")
    with pytest.raises(RuntimeError, match="GPU"):
        unigrad.backends.load("jax").set_device("gpu")


# -- no tracer is ever left inside a Parameter ----------------------------------------------------------
def _is_traced(data):
    if isinstance(data, jax.core.Tracer):
        return True
    try:
        from unigrad.backends.numpy.tracer import Box
        if isinstance(data, Box):
            return True
    except ImportError:  # pragma: no cover
        pass
    return bool(getattr(data, "requires_grad", False))  # a torch tensor still in a graph


class _Stats(nn.Cell):
    """A layer that writes running statistics (set_data and item assignment) while it is differentiated."""

    def __init__(self):
        super().__init__()
        self.w = Parameter(Tensor(np.array([0.5, -1.0, 2.0], np.float32)), name="w")
        self.running = Parameter(Tensor(np.zeros(3, np.float32)), name="running", requires_grad=False)
        self.count = Parameter(Tensor(np.zeros(1, np.float32)), name="count", requires_grad=False)
        self.bn = nn.BatchNorm1d(3)

    def construct(self, x):
        self.running.set_data(self.running * 0.9 + x.mean(0) * 0.1)
        self.count[0] = self.count[0] + x.sum()  # item assignment on a Parameter
        self.w.set_data(self.w * 1.0)  # a differentiated weight assigned too
        return (self.bn(x) * self.w).sum() + (x * self.w).sum()


def _all_parameters(net):
    return [p for _, p in net.parameters_and_names()]


def test_no_tracer_left_in_parameters(backend):
    net = _Stats()
    net.set_train()
    x = Tensor(np.random.default_rng(4).standard_normal((5, 3)).astype(np.float32))
    weights = net.trainable_params()
    unigrad.grad(net)(x)
    unigrad.value_and_grad(net, None, weights)(x)
    unigrad.value_and_grad(net, 0, weights, return_ids=True)(x)
    ops.GradOperation(get_all=True, get_by_list=True)(net, weights)(x)
    unigrad.grad(lambda t: unigrad.grad(net)(t).sum())(x)  # grad of grad
    unigrad.jvp(net, x, ops.ones_like(x))
    unigrad.jacrev(net)(x)
    unigrad.vjp(net, x, weights=weights)[1](Tensor(np.float32(1.0)))
    for p in _all_parameters(net):
        assert not _is_traced(p._data), p.name
    # the values stay usable: eager arithmetic on them works (a leaked jax tracer raises here)
    for p in _all_parameters(net):
        (p * 2.0).asnumpy()
    assert net.count.asnumpy()[0] != 0.0 and np.all(net.running.asnumpy() != 0.0)


def test_no_tracer_left_after_jit_and_failed_jit(on_jax):
    net = _Stats()
    net.set_train()
    x = Tensor(np.ones((4, 3), np.float32))
    weights = net.trainable_params()
    grad_fn = unigrad.value_and_grad(net, None, weights)

    @unigrad.jit
    def step(x):
        loss, grads = grad_fn(x)
        for p, g in zip(weights, grads):
            p.set_data(p - 0.1 * g)
        return loss

    @unigrad.jit
    def failing(x):
        grad_fn(x)
        raise ValueError("boom")

    step(x)
    with pytest.raises(ValueError, match="boom"):
        failing(x)
    for p in _all_parameters(net):
        assert not isinstance(p._data, jax.core.Tracer), p.name
        (p * 2.0).asnumpy()


@pytest.mark.filterwarnings("ignore::unigrad._jit.JitFallbackWarning")
def test_no_tracer_left_after_a_fallback_or_a_cell_built_inside_jit(on_jax):
    """A trace dropped at a branch on a traced value leaves every Parameter a concrete array (the updates made
    before the branch were undone, then made once, eagerly); a Cell built while tracing has concrete weights,
    made on the host, which stay usable after the call that built it returned it."""
    net = _Stats()
    net.set_train()
    weights = net.trainable_params()
    grad_fn = unigrad.value_and_grad(net, None, weights)

    @unigrad.jit
    def step(x):
        loss, grads = grad_fn(x)
        for p, g in zip(weights, grads):
            p.set_data(p - 0.1 * g)
        if loss > 0:  # the trace is dropped here, after the updates
            return loss
        return -loss

    @unigrad.jit
    def build(x):
        layer = nn.Dense(3, 2)
        return layer, layer(x)

    x = Tensor(np.ones((4, 3), np.float32))
    before = [p.asnumpy() for p in weights]
    step(x)
    assert step.compile_count == 1
    for p, b in zip(_all_parameters(net), before):
        assert not isinstance(p._data, jax.core.Tracer), p.name
    assert any(not np.array_equal(p.asnumpy(), b) for p, b in zip(weights, before))
    layer, out = build(x)
    for p in layer.trainable_params():
        assert not isinstance(p._data, jax.core.Tracer), p.name
    np.testing.assert_allclose(layer(x).asnumpy(), out.asnumpy(), rtol=1e-6)


def _has_jax_gpu():
    try:
        return bool(jax.devices("gpu"))
    except RuntimeError:
        return False


@pytest.mark.gpu
@pytest.mark.skipif(not _has_jax_gpu(), reason="no CUDA GPU visible to JAX here (needs jax[cuda])")
def test_gpu_jit_step_matches_cpu():
    """On a GPU: Tensors live there, and a jitted step gives the CPU's numbers (matmul precision highest)."""
    backend = unigrad.backends.load("jax")

    def run():
        unigrad.set_seed(0)
        net = nn.Dense(64, 10)
        grad_fn = unigrad.value_and_grad(lambda x: (net(x) ** 2).mean(), None, net.trainable_params())

        @unigrad.jit
        def step(x):
            loss, grads = grad_fn(x)
            for p, g in zip(net.trainable_params(), grads):
                p.set_data(p - 0.1 * g)
            return loss

        x = Tensor(np.random.default_rng(0).standard_normal((32, 64)).astype(np.float32))
        losses = [float(step(x)) for _ in range(5)]
        return losses, list(x._data.devices())[0].platform

    with unigrad.use_backend("jax"):
        cpu, where = run()
        assert where == "cpu"
        backend.set_device("gpu")
        try:
            gpu, where = run()
        finally:
            backend.set_device("cpu")
    assert where == "gpu"
    np.testing.assert_allclose(gpu, cpu, rtol=1e-5)

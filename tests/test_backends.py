"""The backend registry: default, switching, unknown names, lazy framework imports, mixing backends."""
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import unigrad
from unigrad import Tensor, backends
from unigrad import dtype as dt

TESTS_DIR = Path(__file__).resolve().parent


def run_python(code, **env):
    environment = {k: v for k, v in os.environ.items() if k != "UNIGRAD_BACKEND"}
    environment.update(env)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environment,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_default_backend_is_numpy_in_fresh_interpreter():
    assert run_python("import unigrad; print(unigrad.get_backend())") == "numpy"
    assert "numpy" in unigrad.available_backends()


def test_set_backend_and_use_backend_restore():
    before = unigrad.get_backend()
    try:
        unigrad.set_backend("numpy")
        assert unigrad.get_backend() == "numpy"
        assert Tensor(1.0).backend == "numpy"
    finally:
        unigrad.set_backend(before)
    for name in unigrad.available_backends():
        with unigrad.use_backend(name):
            assert unigrad.get_backend() == name
            assert Tensor([1.0]).backend == name
        assert unigrad.get_backend() == before
    with pytest.raises(RuntimeError):
        with unigrad.use_backend("numpy"):
            raise RuntimeError("inside")
    assert unigrad.get_backend() == before


def test_unknown_backend_lists_available():
    before = unigrad.get_backend()
    for call in (unigrad.set_backend, lambda n: unigrad.use_backend(n).__enter__()):
        with pytest.raises(ValueError) as info:
            call("tensorflow_nope")
        message = str(info.value)
        assert "tensorflow_nope" in message
        for name in unigrad.available_backends():
            assert name in message
    assert unigrad.get_backend() == before


def test_import_does_not_import_torch_or_jax():
    out = run_python("import sys, unigrad; unigrad.Tensor([1.0]) * 2; "
                     "print(sorted(m for m in ('torch', 'jax', 'jaxlib') if m in sys.modules))")
    assert out == "[]"


def test_env_var_is_honoured():
    for name in unigrad.available_backends():
        out = run_python("import unigrad; print(unigrad.get_backend(), unigrad.Tensor(1.0).backend)",
                         UNIGRAD_BACKEND=name)
        assert out == f"{name} {name}"
    environment = {k: v for k, v in os.environ.items() if k != "UNIGRAD_BACKEND"}
    environment["UNIGRAD_BACKEND"] = "no_such_backend"
    done = subprocess.run([sys.executable, "-c", "import unigrad; unigrad.Tensor(1.0)"], capture_output=True,
                          text=True, env=environment, timeout=120)
    assert done.returncode != 0 and "ValueError" in done.stderr and "no_such_backend" in done.stderr


def test_tensor_keeps_its_backend(backend):
    t = Tensor(np.array([1.0, 2.0], np.float32))
    assert t.backend == backend
    for other in unigrad.available_backends():
        with unigrad.use_backend(other):
            assert t.backend == backend
            assert (t * 2.0).backend == backend


def test_value_and_grad_equals_vjp_then_one_pullback_with_ones(backend):
    """A backend's value_and_grad (fused on torch) gives what its vjp and one pullback with ones give:
    every output differentiated and summed, aux untouched, zeros for an unused primal."""
    be = backends.current()
    x_np, y_np = np.array([0.5, -1.0, 2.0], np.float32), np.array([1.5, 0.25, -0.5], np.float32)
    primals = [be.asarray(x_np, dt.float32), be.asarray(y_np, dt.float32), be.asarray(np.array(3.0), dt.float32)]

    def fn(x, y, unused):
        product = be.mul(x, y)
        return (be.sum(be.sin(product), None, False), product), (be.add(x, 1.0),)

    outputs, aux, grads = be.value_and_grad(fn, primals)
    ref_outputs, vjp_fn, ref_aux = be.vjp(fn, primals)
    ref_grads = vjp_fn(None, retain=False)
    for got, want in zip([*outputs, *aux, *grads], [*ref_outputs, *ref_aux, *ref_grads]):
        np.testing.assert_array_equal(be.to_numpy(got), be.to_numpy(want))
    np.testing.assert_allclose(be.to_numpy(grads[0]), y_np * np.cos(x_np * y_np) + y_np, rtol=1e-6)
    np.testing.assert_array_equal(be.to_numpy(grads[2]), 0.0)
    np.testing.assert_array_equal(be.to_numpy(aux[0]), x_np + 1.0)


def test_value_and_grad_of_a_constant_gives_zeros_and_inside_a_derivative_is_differentiable(backend):
    be = backends.current()
    x = be.asarray(np.array([1.0, -2.0], np.float32), dt.float32)
    outputs, _, (g,) = be.value_and_grad(lambda x: ((be.full((), 2.0, dt.float32),), ()), [x])
    assert float(be.to_numpy(outputs[0])) == 2.0
    np.testing.assert_array_equal(be.to_numpy(g), [0.0, 0.0])

    def inner_grad_sum(x):  # d/dx sum(x^3) = 3x^2, summed: its own derivative is 6x
        _, _, (inner,) = be.value_and_grad(lambda v: ((be.sum(be.mul(be.mul(v, v), v), None, False),), ()), [x])
        return (be.sum(inner, None, False),), ()

    _, _, (second,) = be.value_and_grad(inner_grad_sum, [x])
    np.testing.assert_allclose(be.to_numpy(second), [6.0, -12.0], rtol=1e-6)


def test_mixing_backends_raises_type_error():
    if "torch" not in unigrad.available_backends():
        pytest.skip("only the numpy backend is registered; mixing needs a second one (torch)")
    with unigrad.use_backend("numpy"):
        a = Tensor(np.array([1.0, 2.0], np.float32))
    with unigrad.use_backend("torch"):
        b = Tensor(np.array([1.0, 2.0], np.float32))
    with pytest.raises(TypeError):
        a + b
    with pytest.raises(TypeError):
        b * a
    with pytest.raises(TypeError):
        unigrad.grad(lambda x, y: (x * y).sum(), (0, 1))(a, b)


def test_fused_ops_check_every_argument():
    """The fused ops (dense, conv2d) name a non-Tensor weight and refuse a bias from another backend."""
    ops = unigrad.ops
    x, w, b = Tensor(np.ones((2, 3), np.float32)), Tensor(np.ones((4, 3), np.float32)), Tensor(np.ones(4, np.float32))
    img, k = Tensor(np.ones((1, 1, 5, 5), np.float32)), Tensor(np.ones((2, 1, 3, 3), np.float32))
    with pytest.raises(TypeError, match="weight must be a Tensor, got ndarray"):
        ops.dense(x, np.ones((4, 3), np.float32))
    with pytest.raises(TypeError, match="weight must be a Tensor, got ndarray"):
        ops.conv2d(img, np.ones((2, 1, 3, 3), np.float32))
    with pytest.raises(TypeError, match="bias must be a Tensor, got list"):
        ops.conv2d(img, k, [0.0, 0.0])
    others = [name for name in unigrad.available_backends() if name != x.backend]
    if not others:
        pytest.skip("mixing needs a second backend (torch or jax)")
    with unigrad.use_backend(others[0]):
        foreign_b, foreign_k_bias = Tensor(np.ones(4, np.float32)), Tensor(np.ones(2, np.float32))
    with pytest.raises(TypeError, match="cannot combine"):
        ops.dense(x, w, foreign_b)
    with pytest.raises(TypeError, match="cannot combine"):
        ops.conv2d(img, k, foreign_k_bias)
    assert ops.dense(x, w, b).shape == (2, 4)


@pytest.fixture
def fake_backend(monkeypatch):
    monkeypatch.syspath_prepend(str(TESTS_DIR))
    # (module, class, pip extra, framework module), cut to the registry's current entry length
    entry = ("_fake_backend_missing_dep", "FakeBackend", "fakeextra", "some_package_that_does_not_exist_xyz")
    backends._AVAILABLE["fakemissing"] = entry[:len(backends._AVAILABLE["numpy"])]
    try:
        yield "fakemissing"
    finally:
        del backends._AVAILABLE["fakemissing"]
        backends._loaded.pop("fakemissing", None)
        sys.modules.pop("_fake_backend_missing_dep", None)


def test_missing_framework_names_the_pip_extra(fake_backend):
    before = unigrad.get_backend()
    with pytest.raises(ImportError) as info:
        unigrad.set_backend(fake_backend)
    message = str(info.value)
    assert "some_package_that_does_not_exist_xyz" in message
    assert "unigrad[fakeextra]" in message
    assert unigrad.get_backend() == before
    assert "fakemissing" not in backends._loaded


def test_fake_backend_entry_removed():
    assert "fakemissing" not in backends._AVAILABLE and "fakemissing" not in unigrad.available_backends()

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


def test_every_backend_has_the_same_modules():
    """arrays, primitives, kernels, autodiff and distributed (the engine of collectives), in one folder per
    backend (base.py and collectives.py say what each holds)."""
    folder = Path(backends.__file__).parent
    for name in backends.known_backends():
        modules = sorted(p.name for p in (folder / name).glob("*.py"))
        assert modules == ["__init__.py", "arrays.py", "autodiff.py", "distributed.py", "kernels.py",
                           "primitives.py"], name
        assert backends.load(name).collectives == f"unigrad.backends.{name}.distributed"


def test_capabilities_are_flags_that_hold(backend):
    """Each flag says what the backend does: tests and tools ask the flags, not the backend's name."""
    b = backends.load(backend)
    assert b.gpu or not b.has_device("gpu")
    if not b.gpu:
        with pytest.raises(RuntimeError, match="CPU only"):
            b.set_device("gpu")
    p = unigrad.Parameter(Tensor(np.array([1.0, 2.0], np.float32)), name="p")
    view = p.reshape((2, 1))
    unigrad.ops.assign_sub(p, Tensor(np.array([1.0, 1.0], np.float32)))
    assert view.asnumpy().ravel().tolist() == ([0.0, 1.0] if b.updates_in_place else [1.0, 2.0])
    assert unigrad.jit(lambda x: x + 1.0)(Tensor(np.ones(2, np.float32))).asnumpy().tolist() == [2.0, 2.0]
    if not b.compiles:
        with pytest.raises(NotImplementedError, match="does not compile"):
            b.jit(lambda state, inputs, seed: (state, inputs, seed))
    kept = []
    unigrad.grad(lambda x: (kept.append(x * 2.0), (x * 2.0).sum())[1])(Tensor(np.ones(2, np.float32)))
    if b.keeps_traced_values:
        assert (kept[0] + 1.0).asnumpy().tolist() == [3.0, 3.0]
    else:
        with pytest.raises(TypeError):
            (kept[0] + 1.0).asnumpy()
    assert b.taps_gradients  # every backend here reports the gradient out of each op (tests/test_observe.py)


def test_unset_or_empty_backend_variable_means_numpy_and_a_wrong_one_is_named_at_import():
    assert run_python("import unigrad; print(unigrad.get_backend())", UNIGRAD_BACKEND="") == "numpy"
    environment = {k: v for k, v in os.environ.items() if k != "UNIGRAD_BACKEND"}
    environment["UNIGRAD_BACKEND"] = "pytorch"
    done = subprocess.run([sys.executable, "-c", "import unigrad"], capture_output=True, text=True,
                          env=environment, timeout=120)
    assert done.returncode != 0
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("ValueError: UNIGRAD_BACKEND='pytorch' names no unigrad backend")
    assert "numpy, torch, jax" in last and "empty or unset means numpy" in last


@pytest.mark.parametrize("backend_name", [b for b in ("torch", "jax") if b in unigrad.available_backends()])
def test_choosing_a_backend_leaves_numpy_random_state_alone(backend_name):
    """``np.random.seed(0); np.random.randn(3)`` gives the same numbers whichever backend runs the script
    (importing jax draws from NumPy's global generator)."""
    code = ("import numpy as np; np.random.seed(0); import unigrad; unigrad.Tensor([1.0]); "
            "print(np.random.randn(3).tolist())")
    expected = run_python(code, UNIGRAD_BACKEND="numpy")
    assert run_python(code, UNIGRAD_BACKEND=backend_name) == expected
    switched = ("import numpy as np; import unigrad; np.random.seed(0); unigrad.set_backend(%r); "
                "print(np.random.randn(3).tolist())" % backend_name)
    assert run_python(switched) == expected


def test_the_torch_hint_names_the_cpu_wheel(monkeypatch):
    """``pip install 'unigrad[torch]'`` pulls CUDA wheels of several GB on a CPU machine: say how to avoid it."""
    monkeypatch.setitem(backends._AVAILABLE, "fakemissing",
                        ("_fake_backend_missing_dep", "FakeBackend", "torch", "some_package_that_does_not_exist_xyz"))
    monkeypatch.syspath_prepend(str(TESTS_DIR))
    with pytest.raises(ImportError) as info:
        backends.load("fakemissing")
    assert "pip install 'unigrad[torch]'" in str(info.value)
    assert "https://download.pytorch.org/whl/cpu" in str(info.value)
    sys.modules.pop("_fake_backend_missing_dep", None)

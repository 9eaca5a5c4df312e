"""The ported tutorials in examples/ run, and give MindSpore's numbers."""
import runpy
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import unigrad

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

GDX = np.array([[4.51, 2.7, 3.6], [4.51, 2.7, 3.6]])
GDY = np.array([[2.6] * 3, [1.9] * 3, [1.3] * 3])
GDZ = np.array([11.726, 5.13, 4.68])


def load(name):
    return runpy.run_path(str(EXAMPLES / name), run_name="example_under_test")


@pytest.mark.parametrize("name", ["grad_operation.py", "functional_autodiff.py"])
def test_example_runs_as_a_script(name):
    done = subprocess.run([sys.executable, str(EXAMPLES / name)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()


def test_grad_operation_numbers(backend):
    m = load("grad_operation.py")
    x, y = m["x"], m["y"]
    assert x.backend == backend
    dx = m["GradNetWrtX"](m["Net"]())(x, y)
    np.testing.assert_allclose(dx.asnumpy(), GDX, rtol=1e-5)
    dxy = m["GradNetWrtXY"](m["Net"]())(x, y)
    assert isinstance(dxy, tuple) and len(dxy) == 2
    np.testing.assert_allclose(dxy[0].asnumpy(), GDX, rtol=1e-5)
    np.testing.assert_allclose(dxy[1].asnumpy(), GDY, rtol=1e-5)
    dz = m["GradNetWrtZ"](m["Net"]())(x, y)
    assert isinstance(dz, tuple) and len(dz) == 1
    np.testing.assert_allclose(dz[0].asnumpy(), GDZ, rtol=1e-5)


def test_functional_autodiff(backend):
    m = load("functional_autodiff.py")
    x, y, w, b = m["x"], m["y"], m["w"], m["b"]
    w0, b0 = w.asnumpy().copy(), b.asnumpy().copy()
    grad = unigrad.grad

    plain = grad(m["function"], (2, 3))(x, y, w, b)
    assert isinstance(plain, tuple) and len(plain) == 2
    # by hand: loss = mean(bce(z, 0)), z = x @ w + b with x = ones(5): dz = sigmoid(z) / 3
    z = np.ones(5, np.float32) @ w0 + b0
    dz = 1 / (1 + np.exp(-z)) / 3
    np.testing.assert_allclose(plain[0].asnumpy(), np.outer(np.ones(5), dz), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(plain[1].asnumpy(), dz, rtol=1e-5, atol=1e-6)

    with_z = grad(m["function_with_logits"], (2, 3))(x, y, w, b)
    for g, p in zip(with_z, plain):  # z's own gradient (ones through x = ones) is added
        np.testing.assert_allclose(g.asnumpy() - p.asnumpy(), np.ones(p.shape), atol=1e-6)

    stopped = grad(m["function_stop_gradient"], (2, 3))(x, y, w, b)
    for g, p in zip(stopped, plain):
        np.testing.assert_allclose(g.asnumpy(), p.asnumpy(), rtol=1e-6, atol=1e-7)

    grads, aux = grad(m["function_with_logits"], (2, 3), has_aux=True)(x, y, w, b)
    assert isinstance(aux, tuple) and len(aux) == 1
    np.testing.assert_allclose(aux[0].asnumpy(), z, rtol=1e-5, atol=1e-6)
    for g, p in zip(grads, plain):
        np.testing.assert_allclose(g.asnumpy(), p.asnumpy(), rtol=1e-6, atol=1e-7)

    model = m["Network"]()
    assert model.trainable_params()[0] is w and model.trainable_params()[1] is b
    loss_fn = m["nn"].BCEWithLogitsLoss()

    def forward_fn(x, y):
        return loss_fn(model(x), y)

    loss, cell_grads = unigrad.value_and_grad(forward_fn, None, weights=model.trainable_params())(x, y)
    np.testing.assert_allclose(loss.asnumpy(), m["function"](x, y, w, b).asnumpy(), rtol=1e-6)
    assert isinstance(cell_grads, tuple) and len(cell_grads) == 2
    for g, p in zip(cell_grads, plain):
        np.testing.assert_allclose(g.asnumpy(), p.asnumpy(), rtol=1e-6, atol=1e-7)
    np.testing.assert_array_equal(w.asnumpy(), w0)
    np.testing.assert_array_equal(b.asnumpy(), b0)


def _printed_numbers(text):
    import re
    return np.array([float(v) for v in re.findall(r"-?\d+\.\d+(?:e[-+]\d+)?", text)])


def test_the_readme_demo_prints_the_same_numbers_on_every_backend():
    """examples/functional_autodiff.py is seeded, so its output (shown in README.md) is the same on every
    run, and on every backend up to float32 rounding (torch's matmul sums in another order)."""
    import os
    outputs = {}
    for name in unigrad.available_backends():
        env = dict(os.environ, UNIGRAD_BACKEND=name)
        done = subprocess.run([sys.executable, str(EXAMPLES / "functional_autodiff.py")], capture_output=True,
                              text=True, timeout=300, env=env)
        assert done.returncode == 0, done.stderr
        outputs[name] = done.stdout
    reference = outputs["numpy"]
    assert reference.splitlines()[0] == "4.045061"
    readme = (EXAMPLES.parent / "README.md").read_text()
    assert "4.045061\n(Tensor(shape=[5, 3], dtype=Float32, value=\n[[ 3.32812726e-01," in readme
    for name, text in outputs.items():
        np.testing.assert_allclose(_printed_numbers(text), _printed_numbers(reference), rtol=1e-6, err_msg=name)

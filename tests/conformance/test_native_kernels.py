"""Every native kernel a backend registers equals the generic version of its op, in value and gradient.

The generic versions (``*_generic`` in unigrad.ops) are built from primitives only; a kernel is a speed-up
and must not change a single number beyond rounding. Inputs avoid ties (max pooling, relu at 0), where
frameworks legitimately route gradients differently.
"""
from __future__ import annotations

import functools

import numpy as np
import pytest

import unigrad
from unigrad import dtype as dt
from unigrad.ops import _math as math_ops
from unigrad.ops import _nn as nnf


def _distinct(rng, shape):
    """Values with no ties and none near 0 (a random permutation of spread-out magnitudes)."""
    size = int(np.prod(shape))
    values = (np.arange(size) - size / 2 + 0.5) * (2.0 / size) + 0.01
    return rng.permutation(values).reshape(shape)


def _cases(rng):
    """name -> list of (arrays, static args, generic function)."""
    x4 = _distinct(rng, (2, 3, 8, 8))
    w4 = rng.standard_normal((4, 3, 3, 3))
    wg = rng.standard_normal((6, 1, 3, 3))
    return {
        "relu": [([_distinct(rng, (4, 5))], (), math_ops.relu_generic)],
        "dense": [([rng.standard_normal((5, 4)), rng.standard_normal((3, 4)), rng.standard_normal(3)], (),
                   nnf.dense_generic),
                  ([rng.standard_normal((2, 5, 4)), rng.standard_normal((3, 4))], (None,),
                   nnf.dense_generic)],
        "conv2d": [([x4, w4, rng.standard_normal(4)], ((0, 0, 0, 0), (1, 1), (1, 1), 1), nnf.conv2d_generic),
                   ([x4, w4], (None, (1, 2, 0, 1), (2, 1), (1, 2), 1), nnf.conv2d_generic),
                   ([x4, wg, rng.standard_normal(6)], ((1, 1, 1, 1), (1, 1), (1, 1), 3), nnf.conv2d_generic)],
        "max_pool2d": [([x4], ((2, 2), (2, 2), (0, 0, 0, 0), (1, 1)), nnf.max_pool2d_generic),
                       ([x4[:, :, :7, :7]], ((2, 2), (2, 2), (0, 0, 0, 0), (1, 1)), nnf.max_pool2d_generic),
                       ([x4], ((3, 3), (2, 2), (1, 1, 1, 1), (1, 1)), nnf.max_pool2d_generic),
                       ([x4], ((2, 2), (1, 1), (0, 0, 0, 0), (2, 2)), nnf.max_pool2d_generic)],
        "cross_entropy": [([rng.standard_normal((6, 4)), np.array([0, 3, 1, -100, 2, 3]),
                            np.array([1.0, 2.0, 0.5, 1.5])], (-100, reduction, smoothing),
                           nnf.cross_entropy_generic)
                          for reduction in ("mean", "sum", "none") for smoothing in (0.0, 0.2)],
    }


def _kernel_cases():
    out = []
    for name in unigrad.available_backends():
        kernels = unigrad.backends.load(name).kernels
        for op, cases in _cases(np.random.default_rng(0)).items():
            for i, _ in enumerate(cases):
                if op in kernels:
                    out.append(pytest.param(name, op, i, id=f"{name}-{op}-{i}"))
    return out


def _run(backend, fn, arrays, static, float_dtype):
    """Value and vjp (random cotangent) of ``fn(*arrays, *static)`` over the float arrays."""
    dtypes = [float_dtype if a.dtype.kind == "f" else dt.int64 for a in arrays]
    values = [backend.asarray(a, d) for a, d in zip(arrays, dtypes)]
    float_positions = [i for i, a in enumerate(arrays) if a.dtype.kind == "f"]

    def pure(*diff):
        full = list(values)
        for i, v in zip(float_positions, diff):
            full[i] = v
        return (fn(*full, *static),), ()

    outputs, vjp_fn, _ = backend.vjp(pure, [values[i] for i in float_positions])
    out = backend.to_numpy(outputs[0])
    cotangent = np.random.default_rng(1).standard_normal(out.shape)
    grads = vjp_fn([backend.asarray(cotangent, float_dtype)])
    return out, [backend.to_numpy(g) for g in grads]


@pytest.mark.parametrize("backend_name, op, index", _kernel_cases())
@pytest.mark.parametrize("float_dtype, rtol", [(dt.float64, 1e-10), (dt.float32, 1e-5)], ids=["f64", "f32"])
def test_kernel_equals_generic(backend_name, op, index, float_dtype, rtol):
    backend = unigrad.backends.load(backend_name)
    arrays, static, generic = _cases(np.random.default_rng(0))[op][index]
    kernel_out, kernel_grads = _run(backend, backend.kernels[op], arrays, static, float_dtype)
    generic_out, generic_grads = _run(backend, functools.partial(generic, backend), arrays, static, float_dtype)
    np.testing.assert_allclose(kernel_out, generic_out, rtol=rtol, atol=rtol, err_msg=f"{op} value")
    for i, (k, g) in enumerate(zip(kernel_grads, generic_grads)):
        np.testing.assert_allclose(k, g, rtol=rtol, atol=rtol, err_msg=f"{op} gradient {i}")


def test_every_backend_kernel_has_a_case():
    for name in unigrad.available_backends():
        missing = set(unigrad.backends.load(name).kernels) - set(_cases(np.random.default_rng(0)))
        assert not missing, f"backend {name} registers kernels without a conformance case: {missing}"

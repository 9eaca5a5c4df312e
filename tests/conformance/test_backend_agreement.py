"""Every registry entry on every other backend against the NumPy engine: forward values and gradients.

The same comparison runs on the GPU (torch CUDA, JAX GPU) in tests marked ``gpu``, skipped with a reason
where the backend has no GPU.

The NumPy engine is the reference because it is unigrad's own code, written once from the same
primitives; a backend's native kernel (conv, pooling, losses) must agree with it to float precision.
"""
from __future__ import annotations

import numpy as np
import pytest

import unigrad
from unigrad import dtype as dt
from unigrad.testing import REGISTRY, OpSpec, analytic_grad, as_tensors, assert_close, cotangents, outputs_of

from _backend_devices import NO_SECOND_BACKEND, OTHERS, REFERENCE, backends_on_devices

# (rtol, atol) per device and dtype, element by element. CPU: about 10x what the registry measures
# against the NumPy engine (float32: 9.3e-8 relative above an absolute 1e-6, 1.2e-7 absolute at a
# conv's cancellations; float64: under 1e-13). GPU: the looser figures its last measured run passed
# (H200, stop 17), an absolute floor of rtol x the array's largest value for reductions summed in
# another order.
TOLERANCES = {("cpu", dt.float32): (1e-6, 1e-6), ("cpu", dt.float64): (1e-12, 1e-12),
              ("gpu", dt.float32): (1e-5, None), ("gpu", dt.float64): (1e-10, None)}


def _params() -> list:
    if not OTHERS:
        return [pytest.param(None, None, None, marks=pytest.mark.skip(reason=NO_SECOND_BACKEND))]
    return [pytest.param(f"{other}:{device}", spec, dtype, id=f"{other}-{device}-{spec.id}-{dtype}", marks=marks)
            for other, device, marks in backends_on_devices() for spec in REGISTRY for dtype in spec.dtypes]


def _run(backend: str, spec: OpSpec, arrays: list, cts: list | None, device: str = "cpu"):
    """(outputs, gradients) of one entry on ``backend`` and ``device``, as NumPy arrays."""
    with unigrad.use_backend(backend), unigrad.use_device(device):
        tensors = as_tensors(arrays, None)
        outputs = [o.asnumpy() for o in outputs_of(spec.fn(*tensors))]
        argnums = spec.grad_argnums(arrays)
        grads = analytic_grad(spec.fn, tensors, argnums, cts) if argnums and cts is not None else []
    return outputs, grads


@pytest.mark.parametrize("other, spec, dtype", _params())
def test_agrees_with_numpy_engine(other: str, spec: OpSpec, dtype: dt.DType) -> None:
    other, device = other.split(":")
    arrays = spec.draw(dtype)
    with unigrad.use_backend(REFERENCE):
        cts = cotangents(spec.fn, as_tensors(arrays, None)) if spec.differentiable else None
    expected_out, expected_grads = _run(REFERENCE, spec, arrays, cts)
    outputs, grads = _run(other, spec, arrays, cts, device)
    rtol, atol = TOLERANCES[device, dtype]
    assert (len(outputs), len(grads)) == (len(expected_out), len(expected_grads)), \
        f"{spec.id} on {other}: {len(outputs)} outputs and {len(grads)} gradients, the NumPy engine " \
        f"{len(expected_out)} and {len(expected_grads)}"
    pairs = [(f"output {k}", a, e) for k, (a, e) in enumerate(zip(outputs, expected_out))]
    pairs += [(f"gradient {k}", a, e) for k, (a, e) in enumerate(zip(grads, expected_grads))]
    for what, actual, expected in pairs:
        assert actual.dtype == expected.dtype, f"{spec.id} on {other}: {what} dtype {actual.dtype} != {expected.dtype}"
        expected = expected.astype(np.float64)
        floor = atol if atol is not None else rtol * float(np.max(np.abs(expected), initial=1.0))
        assert_close(actual, expected, rtol, floor, f"{spec.id} on {other} vs {REFERENCE}: {what}")

"""Every registry entry on its edge samples (NaN, +-inf, +-0, exact ties and kinks, +-1e4): every backend
gives the NumPy engine's values, gradients and dtypes, NaN equal to NaN (issue 20: one choice everywhere).

The smooth samples keep away from these points so that finite differences can judge the rules; here no
finite differences run: the backends must make the same choice, element by element, at the same
per-dtype tolerances as tests/conformance/test_backend_agreement.py. The same comparison runs on the GPU in
tests marked ``gpu``, skipped with a reason where a backend has no GPU.
"""
from __future__ import annotations

import warnings

import pytest

import unigrad
from unigrad import dtype as dt
from unigrad.testing import EDGE_GAPS, EDGE_GAPS_ON_GPU, EDGE_KINDS, REGISTRY, OpSpec, assert_close, edge_atol, edge_results

from _backend_devices import NO_SECOND_BACKEND, OTHERS, REFERENCE, backends_on_devices

TOLERANCES = {("cpu", dt.float32): (1e-6, 1e-6), ("cpu", dt.float64): (1e-12, 1e-12),
              ("gpu", dt.float32): (1e-5, 1e-5), ("gpu", dt.float64): (1e-10, 1e-10)}
WITH_FLOAT_INPUTS = [s for s in REGISTRY if any(a.dtype.kind == "f" for a in s.draw(dt.float32))]


def _params() -> list:
    if not OTHERS:
        return [pytest.param(None, None, None, None, marks=pytest.mark.skip(reason=NO_SECOND_BACKEND))]
    params = []
    for other, device, device_marks in backends_on_devices():
        for spec in WITH_FLOAT_INPUTS:
            for kind in EDGE_KINDS:
                gap = EDGE_GAPS.get((other, spec.name, kind)) or \
                    (EDGE_GAPS_ON_GPU.get((other, spec.name, kind)) if device == "gpu" else None)
                marks = device_marks + ([pytest.mark.xfail(reason=gap, strict=False)] if gap else [])
                params += [pytest.param(f"{other}:{device}", spec, kind, dtype, marks=marks,
                                        id=f"{other}-{device}-{spec.id}-{kind}-{dtype}") for dtype in spec.dtypes]
    return params


def _run(backend: str, spec: OpSpec, arrays: list, device: str = "cpu"):
    """(outputs, gradients) of one entry on ``backend`` and ``device``, as NumPy arrays."""
    with unigrad.use_backend(backend), unigrad.use_device(device), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # NumPy warns of the NaN and overflow meant here
        return edge_results(spec, arrays)


@pytest.mark.parametrize("other, spec, kind, dtype", _params())
def test_edges_agree_with_numpy_engine(other: str, spec: OpSpec, kind: str, dtype: dt.DType) -> None:
    other, device = other.split(":")
    arrays = spec.draw_edges(kind, dtype)
    expected_out, expected_grads = _run(REFERENCE, spec, arrays)
    outputs, grads = _run(other, spec, arrays, device)
    assert (len(outputs), len(grads)) == (len(expected_out), len(expected_grads))
    rtol, atol = TOLERANCES[device, dtype]
    pairs = [(f"output {k}", a, e) for k, (a, e) in enumerate(zip(outputs, expected_out))]
    pairs += [(f"gradient {k}", a, e) for k, (a, e) in enumerate(zip(grads, expected_grads))]
    for what, actual, expected in pairs:
        assert actual.dtype == expected.dtype, f"{spec.id} {kind} on {other}: {what} dtype {actual.dtype} != {expected.dtype}"
        floor = edge_atol(kind, expected, rtol, atol)
        assert_close(actual, expected, rtol, floor, f"{spec.id} {kind} on {other} vs {REFERENCE}: {what}")

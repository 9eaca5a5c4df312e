"""Every native kernel equals its op's generic version, in value and gradient, on the registry's inputs.

The conformance suite iterates one list, ``unigrad.testing.REGISTRY``. Here each entry runs on each backend
twice: as usual (a backend's kernel where it has one) and with every composite op on its generic version
(``generic_only``). Which kernels an entry reaches is read through the op observer, so a kernel that no
entry reaches fails ``test_every_kernel_is_reached``. The generic versions are built from primitives only;
a kernel is a speed-up and must not change a single number beyond rounding.
"""
from __future__ import annotations

import functools
import warnings

import pytest

import unigrad
from unigrad import dtype as dt
from unigrad.ops._dispatch import OPS, _table, generic_only
from unigrad.testing import (EDGE_GAPS, EDGE_KINDS, REGISTRY, OpSpec, analytic_grad, as_tensors, assert_close,
                             cotangents, edge_atol, observe, outputs_of)

BACKENDS = [name for name in unigrad.available_backends() if unigrad.backends.load(name).kernels]


@functools.cache
def _reached() -> dict[tuple[str, str], list[OpSpec]]:
    """(backend, kernel name) -> the registry entries whose ops reach that kernel there."""
    reached: dict[tuple[str, str], list[OpSpec]] = {}
    for name in BACKENDS:
        kernels = unigrad.backends.load(name).kernels
        with unigrad.use_backend(name):
            for spec in REGISTRY:
                tensors = as_tensors(spec.draw(dt.float32), None)
                with observe() as recording:
                    spec.fn(*tensors)
                for op in {r.name for r in recording.ops} & set(kernels):
                    reached.setdefault((name, op), []).append(spec)
    return reached


def _kernel_cases():
    """(backend, kernel, edge kind or None for the smooth inputs); a known gap (``EDGE_GAPS``) is an xfail."""
    cases = []
    for name in BACKENDS:
        for op in sorted(unigrad.backends.load(name).kernels):
            for kind in (None, *EDGE_KINDS):
                gap = EDGE_GAPS.get((name, op, kind))
                marks = [pytest.mark.xfail(reason=gap, strict=False)] if gap else []
                cases.append(pytest.param(name, op, kind, id=f"{name}-{op}-{kind or 'smooth'}", marks=marks))
    return cases


def _run(spec: OpSpec, float_dtype: dt.DType, kind: str | None):
    """The entry's outputs and, when it is differentiable, its gradient (a fixed random cotangent), on its
    smooth inputs (``kind`` None) or on one kind of edge sample."""
    arrays = spec.draw(float_dtype) if kind is None else spec.draw_edges(kind, float_dtype)
    tensors = as_tensors(arrays, None)
    outputs = [o.asnumpy() for o in outputs_of(spec.fn(*tensors))]
    argnums = spec.grad_argnums([t.asnumpy() for t in tensors])
    if not spec.differentiable or not argnums:
        return outputs, []
    return outputs, analytic_grad(spec.fn, tensors, argnums, cotangents(spec.fn, tensors))


@pytest.mark.parametrize("backend_name, op, kind", _kernel_cases())
@pytest.mark.parametrize("float_dtype, rtol", [(dt.float64, 1e-10), (dt.float32, 1e-5)], ids=["f64", "f32"])
def test_kernel_equals_generic(backend_name, op, kind, float_dtype, rtol):
    """On the smooth inputs and on the edge samples (NaN, infinities, ties, kinks): NaN equal to NaN."""
    specs = [s for s in _reached().get((backend_name, op), []) if float_dtype in s.dtypes]
    assert specs, f"no registry entry reaches the {backend_name} kernel {op!r} in {float_dtype}"
    with unigrad.use_backend(backend_name), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # NumPy warns of the NaN and overflow meant here
        for spec in specs:
            kernel_out, kernel_grads = _run(spec, float_dtype, kind)
            with generic_only():
                generic_out, generic_grads = _run(spec, float_dtype, kind)
            assert (len(kernel_out), len(kernel_grads)) == (len(generic_out), len(generic_grads))
            for k, (a, b) in enumerate(zip(kernel_out, generic_out)):
                assert_close(a, b, rtol, edge_atol(kind, b, rtol, rtol), f"{spec.id} {kind or 'smooth'}: output {k}")
            for k, (a, b) in enumerate(zip(kernel_grads, generic_grads)):
                assert_close(a, b, rtol, edge_atol(kind, b, rtol, rtol), f"{spec.id} {kind or 'smooth'}: gradient {k}")


def test_every_kernel_is_reached():
    """A kernel no registry entry reaches would never be checked: give its op an entry that does."""
    unreached = [(name, op) for name in BACKENDS for op in unigrad.backends.load(name).kernels
                 if (name, op) not in _reached()]
    assert not unreached, f"kernels no entry of unigrad/testing/op_registry.py reaches: {unreached}"


def test_every_kernel_belongs_to_a_composite_op():
    """A backend registers kernels only for composite ops of the registry (a primitive is its own)."""
    for name in unigrad.available_backends():
        stray = [op for op in unigrad.backends.load(name).kernels if op not in OPS or OPS[op].generic is None]
        assert not stray, f"backend {name} registers kernels for names that are no composite op: {stray}"


def test_generic_only_switches_the_kernels_off_for_its_block():
    for name in BACKENDS:
        backend = unigrad.backends.load(name)
        op = next(iter(backend.kernels))
        with generic_only():
            assert _table(backend)[op] is not backend.kernels[op]
        assert _table(backend)[op] is backend.kernels[op]

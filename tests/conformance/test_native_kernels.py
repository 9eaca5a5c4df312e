"""Every native kernel equals its op's generic version, in value and gradient, on the registry's inputs.

The conformance suite iterates one list, ``unigrad.testing.REGISTRY``. Here each entry runs on each backend
twice: as usual (a backend's kernel where it has one) and with every composite op on its generic version
(``generic_only``). Which kernels an entry reaches is read through the op observer, so a kernel that no
entry reaches fails ``test_every_kernel_is_reached``. The generic versions are built from primitives only;
a kernel is a speed-up and must not change a single number beyond rounding.
"""
from __future__ import annotations

import functools

import pytest

import unigrad
from unigrad import dtype as dt
from unigrad.ops._dispatch import OPS, _table, generic_only
from unigrad.testing import REGISTRY, OpSpec, analytic_grad, as_tensors, assert_close, cotangents, observe, outputs_of

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
    return [pytest.param(name, op, id=f"{name}-{op}") for name in BACKENDS
            for op in sorted(unigrad.backends.load(name).kernels)]


def _run(spec: OpSpec, float_dtype: dt.DType):
    """The entry's outputs and, when it is differentiable, its gradient (a fixed random cotangent)."""
    tensors = as_tensors(spec.draw(float_dtype), None)
    outputs = [o.asnumpy() for o in outputs_of(spec.fn(*tensors))]
    argnums = spec.grad_argnums([t.asnumpy() for t in tensors])
    if not spec.differentiable or not argnums:
        return outputs, []
    return outputs, analytic_grad(spec.fn, tensors, argnums, cotangents(spec.fn, tensors))


@pytest.mark.parametrize("backend_name, op", _kernel_cases())
@pytest.mark.parametrize("float_dtype, rtol", [(dt.float64, 1e-10), (dt.float32, 1e-5)], ids=["f64", "f32"])
def test_kernel_equals_generic(backend_name, op, float_dtype, rtol):
    specs = [s for s in _reached().get((backend_name, op), []) if float_dtype in s.dtypes]
    assert specs, f"no registry entry reaches the {backend_name} kernel {op!r} in {float_dtype}"
    with unigrad.use_backend(backend_name):
        for spec in specs:
            kernel_out, kernel_grads = _run(spec, float_dtype)
            with generic_only():
                generic_out, generic_grads = _run(spec, float_dtype)
            for k, (a, b) in enumerate(zip(kernel_out, generic_out)):
                assert_close(a, b, rtol, rtol, f"{spec.id}: output {k}")
            for k, (a, b) in enumerate(zip(kernel_grads, generic_grads)):
                assert_close(a, b, rtol, rtol, f"{spec.id}: gradient {k}")


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

"""Every registry entry on every backend: gradients against finite differences, second order, forward
values and dtypes, float32 against float64, and the registry's coverage of ``unigrad.ops``."""
from __future__ import annotations

from typing import Callable

import numpy as np
import pytest

from unigrad import dtype as dt
from unigrad import ops
from unigrad.testing import (ALIASES, EXCLUDED, INTERNAL, REGISTRY, OpSpec, analytic_grad, as_tensors, assert_close,
                             check_grad, check_second_order, cotangents, outputs_of, public_ops)

def _has_gradient_inputs(spec: OpSpec) -> bool:
    return bool(spec.grad_argnums(spec.draw(dt.float64)))


def cases(select: Callable[[OpSpec], bool]) -> list:
    """The entries ``select`` keeps, as pytest params named by entry id."""
    return [pytest.param(spec, id=spec.id) for spec in REGISTRY if select(spec)]


@pytest.mark.parametrize("spec", cases(lambda s: s.differentiable and _has_gradient_inputs(s)))
def test_gradient_matches_finite_differences(spec: OpSpec, backend: str) -> None:
    arrays = spec.draw(dt.float64)
    check_grad(spec.fn, arrays, spec.grad_argnums(arrays), name=spec.id, **spec.tolerances)


@pytest.mark.parametrize("spec", cases(lambda s: s.differentiable and s.second_order and _has_gradient_inputs(s)))
def test_second_order_matches_finite_differences(spec: OpSpec, backend: str) -> None:
    arrays = spec.draw(dt.float64)
    check_second_order(spec.fn, arrays, spec.grad_argnums(arrays), name=spec.id)


@pytest.mark.parametrize("spec", cases(lambda s: not s.differentiable and _has_gradient_inputs(s)))
def test_nondifferentiable_op_has_zero_gradient(spec: OpSpec, backend: str) -> None:
    """An op without a derivative (floor, comparisons, argmax...) must give zeros, not an error."""
    arrays = spec.draw(dt.float64)
    argnums, tensors = spec.grad_argnums(arrays), as_tensors(arrays)
    for i, g in zip(argnums, analytic_grad(spec.fn, tensors, argnums, cotangents(spec.fn, tensors))):
        assert g.shape == tensors[i].shape, f"{spec.id}: gradient of argument {i} has shape {g.shape}"
        assert not np.any(g), f"{spec.id}: gradient of argument {i} should be zero, got {g}"


@pytest.mark.parametrize("spec, dtype", [pytest.param(spec, dtype, id=f"{spec.id}-{dtype}")
                                          for spec in REGISTRY for dtype in spec.dtypes])
def test_forward_is_finite_with_expected_dtype(spec: OpSpec, dtype: dt.DType, backend: str) -> None:
    outputs = outputs_of(spec.fn(*as_tensors(spec.draw(dtype), None)))
    expected = spec.expected_dtypes(len(outputs), dtype)
    assert [o.dtype for o in outputs] == expected, f"{spec.id}: output dtypes for {dtype} inputs"
    for o in outputs:
        assert np.all(np.isfinite(o.asnumpy())), f"{spec.id}: non-finite output {o.asnumpy()}"


@pytest.mark.parametrize("spec", cases(lambda s: {dt.float32, dt.float64} <= set(s.dtypes)))
def test_float32_matches_float64(spec: OpSpec, backend: str) -> None:
    """The same (float32-representable) inputs computed in float32 agree with float64 to ~1e-5."""
    arrays = spec.draw(dt.float32)
    low = outputs_of(spec.fn(*as_tensors(arrays, None)))
    high = outputs_of(spec.fn(*as_tensors(arrays, dt.float64)))
    for k, (a, b) in enumerate(zip(low, high)):
        reference = b.asnumpy().astype(np.float64)
        scale = float(np.max(np.abs(reference), initial=1.0))
        assert_close(a.asnumpy(), reference, 1e-5, 1e-6 * scale, f"{spec.id}: output {k} in float32")


# -- the registry itself -------------------------------------------------------------------------------
def test_every_public_op_has_an_entry() -> None:
    """Adding an op to unigrad.ops without a registry entry (or alias) fails here."""
    covered = {s.name for s in REGISTRY} | set(ALIASES) | set(EXCLUDED)
    missing = sorted(set(public_ops()) - covered)
    assert not missing, f"ops without an entry in unigrad/testing/op_registry.py: {', '.join(missing)}"


def test_every_entry_names_a_public_op() -> None:
    names = {s.name for s in REGISTRY} | set(ALIASES) | set(ALIASES.values()) | set(EXCLUDED)
    stale = sorted(names - set(public_ops()) - set(INTERNAL))
    assert not stale, f"registry names that unigrad.ops does not have: {', '.join(stale)}"


def test_aliases_are_the_op_they_name() -> None:
    """An alias shares its target's entries only while it is the very same function."""
    different = [a for a, target in ALIASES.items() if getattr(ops, a) is not getattr(ops, target)]
    assert not different, f"aliases that are separate functions now (give them entries): {different}"


def test_entry_ids_are_unique() -> None:
    ids = [s.id for s in REGISTRY]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})

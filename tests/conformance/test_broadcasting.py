"""Property tests: binary ops on random broadcastable shapes give NumPy's values, and each input's
gradient has that input's shape and equals the elementwise partial summed over the broadcast axes.

Broadcasting is undone in one place per backend (the numpy engine's ``unbroadcast``), so shapes such
as () against (3, 1) or (1, 2) against (3, 1) are where a wrong axis or a missing sum shows up.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import unigrad
from unigrad import ops

Partials = Callable[..., tuple]

# op -> (NumPy forward, partial derivatives of each input times the cotangent, before unbroadcasting)
BINARY: dict[str, tuple[Callable, Partials]] = {
    "add": (np.add, lambda x, y, ct: (ct, ct)),
    "sub": (np.subtract, lambda x, y, ct: (ct, -ct)),
    "mul": (np.multiply, lambda x, y, ct: (ct * y, ct * x)),
    "div": (np.divide, lambda x, y, ct: (ct / y, -ct * x / y ** 2)),
    "maximum": (np.maximum, lambda x, y, ct: (ct * (x > y), ct * (x < y))),
}

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
SEEDS = st.integers(0, 2**32 - 1)


def unbroadcast(g: np.ndarray, shape: tuple) -> np.ndarray:
    """Sum ``g`` over the axes broadcasting added or stretched, back to ``shape``."""
    g = g.sum(axis=tuple(range(g.ndim - len(shape)))) if g.ndim > len(shape) else g
    return g.sum(axis=tuple(i for i, n in enumerate(shape) if n == 1), keepdims=True).reshape(shape)


def _draw(rng: np.random.Generator, shape: tuple, away_from_zero: bool) -> np.ndarray:
    x = rng.standard_normal(shape)
    return np.sign(x) * (np.abs(x) + 0.5) if away_from_zero else x


def _check(name: str, op: Callable, arrays: list, expected_out: np.ndarray, partials: tuple,
           argnums: tuple, ct: np.ndarray) -> None:
    tensors = [unigrad.Tensor(a) for a in arrays]
    out = op(*tensors)
    assert out.shape == expected_out.shape, f"{name}: output shape {out.shape}, NumPy's {expected_out.shape}"
    np.testing.assert_allclose(out.asnumpy(), expected_out, rtol=1e-12, atol=0, err_msg=f"{name} forward")
    grads = unigrad.grad(lambda *xs: ops.sum(ops.mul(op(*xs), unigrad.Tensor(ct))), grad_position=argnums)(*tensors)
    for i, g, partial in zip(argnums, grads, partials):
        shape = arrays[i].shape
        assert g.shape == shape, f"{name}: gradient of input {i} has shape {g.shape}, the input {shape}"
        np.testing.assert_allclose(g.asnumpy(), unbroadcast(np.broadcast_to(partial, ct.shape), shape),
                                   rtol=1e-12, atol=1e-12, err_msg=f"{name}: gradient of input {i}")


@pytest.mark.parametrize("name", sorted(BINARY))
@SETTINGS
@given(shapes=hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=3), seed=SEEDS)
def test_binary_op_broadcasts(backend: str, name: str, shapes, seed: int) -> None:
    forward, partials = BINARY[name]
    rng = np.random.default_rng(seed)
    x = _draw(rng, shapes.input_shapes[0], False)
    y = _draw(rng, shapes.input_shapes[1], name == "div")
    ct = rng.standard_normal(shapes.result_shape)
    _check(name, getattr(ops, name), [x, y], forward(x, y), partials(x, y, ct), (0, 1), ct)


@SETTINGS
@given(shapes=hnp.mutually_broadcastable_shapes(num_shapes=3, min_dims=0, max_dims=3, max_side=3), seed=SEEDS)
def test_where_broadcasts(backend: str, shapes, seed: int) -> None:
    rng = np.random.default_rng(seed)
    condition = rng.random(shapes.input_shapes[0]) < 0.5
    x, y = (rng.standard_normal(s) for s in shapes.input_shapes[1:])
    ct = rng.standard_normal(shapes.result_shape)
    arrays = [condition, x, y]
    partials = (np.where(condition, ct, 0.0), np.where(condition, 0.0, ct))
    _check("where", ops.where, arrays, np.where(condition, x, y), partials, (1, 2), ct)

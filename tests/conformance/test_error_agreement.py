"""Every registry entry (op or layer), fed inputs it was not written for, must meet the same fate on
every backend.

The value conformance feeds each entry its intended inputs. Here its float inputs become Int32, Bool or
Float16 (an entry without float inputs: its int inputs become Float32, Bool or Int64), or its first such
input becomes Float64, gets one more row or no rows, one axis more or less, or no axes at all; an error
must be one of MindSpore's types for wrong inputs; the NumPy engine's outcome (the exception type, or the outputs' shapes, dtypes and values)
is the reference, and every other installed backend must match it. This is how the torch RuntimeErrors,
jax's clamped indices and the Bool ops only some backends answered were found (docs/design-changes.md,
"Errors").
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest

import unigrad
from unigrad import dtype as dt
from unigrad.testing import CELLS, REGISTRY, CellSpec, OpSpec, as_tensors, assert_close, outputs_of

REFERENCE = "numpy"
OTHERS = [name for name in unigrad.available_backends() if name != REFERENCE]


def _perturbed(arrays: list[np.ndarray]) -> dict[str, list[np.ndarray]]:
    """The entry's inputs made wrong in one way each: its float inputs (or, for an entry of int and bool
    inputs, those) as another dtype, and its first such input with another length, rank or no elements."""
    floats = [i for i, a in enumerate(arrays) if a.dtype.kind == "f"]
    changed = floats or [i for i, a in enumerate(arrays) if a.dtype.kind in "biu"]
    if not changed:
        return {}

    def every(convert):
        return [convert(a) if i in changed else a for i, a in enumerate(arrays)]

    def first(value):
        return [value if i == changed[0] else a for i, a in enumerate(arrays)]

    if floats:
        cases = {"int32": every(lambda a: np.round(a).astype(np.int32)),
                 "bool": every(lambda a: a > 0),
                 "float16": every(lambda a: a.astype(np.float16)),
                 "first_float64": first(arrays[floats[0]].astype(np.float64))}
    else:
        cases = {"float32": every(lambda a: a.astype(np.float32)),
                 "bool": every(lambda a: a != 0),
                 "int64": every(lambda a: a.astype(np.int64))}
    head = arrays[changed[0]]
    if head.ndim:
        cases["first_longer"] = first(np.concatenate([head, head[:1]]))
        cases["first_empty"] = first(head[:0])
        cases["first_0d"] = first(np.asarray(head.flat[0]))
        cases["first_one_axis_more"] = first(head[None])
    if head.ndim > 1:
        cases["first_one_axis_less"] = first(head[0])
    return cases


# What a wrong input may raise: the types MindSpore documents for a wrong dtype, value, shape or index
# (RuntimeError where its kernels raise it, as Gather for mismatched batch axes).
# Anything else (ZeroDivisionError, AttributeError, KeyError, ...) is a bug even when every backend has it.
ALLOWED_ERRORS = {"TypeError", "ValueError", "IndexError", "RuntimeError"}
# (rtol, atol) element by element: about 2x the largest difference measured, float16 inputs 9.3e-4 (one
# float16 step: log_softmax on jax), the others 3.8e-7 (float32 sums in another order)
FLOAT16_TOLERANCE, TOLERANCE = 2e-3, 1e-6


def _outcome(backend: str, spec: OpSpec | CellSpec, arrays: list[np.ndarray]):
    """The exception type's name, or the outputs as NumPy arrays (a layer is built with Float32 weights)."""
    with unigrad.use_backend(backend), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # overflow and invalid values in wrong inputs are expected
        try:
            fn = spec.fn if isinstance(spec, OpSpec) else spec.caller(spec.make(dt.float32))
            return [o.asnumpy() for o in outputs_of(fn(*as_tensors(arrays, None)))]
        except Exception as e:  # noqa: BLE001  (the type is what is compared)
            return type(e).__name__


def _params() -> list:
    if not OTHERS:
        return [pytest.param(None, None, marks=pytest.mark.skip(
            reason="only the numpy backend is installed; agreement needs a second backend (torch or jax)"))]
    return [pytest.param(other, spec, id=f"{other}-{type(spec).__name__}-{spec.id}")
            for other in OTHERS for spec in [*REGISTRY, *CELLS]]


@pytest.mark.parametrize("other, spec", _params())
def test_wrong_inputs_meet_the_same_fate(other: str, spec: OpSpec | CellSpec) -> None:
    for case, arrays in _perturbed(spec.draw(dt.float32)).items():
        expected, actual = _outcome(REFERENCE, spec, arrays), _outcome(other, spec, arrays)
        where = f"{spec.id} with {case} inputs on {other}"
        if isinstance(expected, str) or isinstance(actual, str):
            assert actual == expected, f"{where}: {actual} where the NumPy engine gives {expected}"
            assert expected in ALLOWED_ERRORS, \
                f"{where}: {expected} on every backend; allowed: {', '.join(sorted(ALLOWED_ERRORS))}"
            continue
        assert len(actual) == len(expected), f"{where}: {len(actual)} outputs, the NumPy engine {len(expected)}"
        for k, (a, e) in enumerate(zip(actual, expected)):
            assert (a.shape, a.dtype) == (e.shape, e.dtype), \
                f"{where}: output {k} is {a.shape} {a.dtype}, the NumPy engine's {e.shape} {e.dtype}"
            if e.dtype.kind in "biu":
                np.testing.assert_array_equal(a, e, err_msg=f"{where}: output {k}")
            else:
                tol = FLOAT16_TOLERANCE if case == "float16" else TOLERANCE
                assert_close(a, e, tol, tol, f"{where}: output {k}")

"""Updating Parameters in place: MindSpore's ops.assign, ops.assign_add, ops.assign_sub.

These are how optimizers and training loops write new values; a backend may do the update in the
Parameter's own memory (numpy and torch do, as MindSpore does), so Tensors viewing that memory see the
change. They sit on every training step's path, hence the direct checks.
"""
from __future__ import annotations

from typing import Any

from unigrad.tensor import Parameter, Tensor


def _delta(variable: Parameter, value: Any, name: str):
    """(backend, the Parameter's array, value's array) after MindSpore's checks: same backend and dtype."""
    if not isinstance(variable, Parameter):
        raise TypeError(f"{name}'s variable must be a Parameter, got {type(variable).__name__}")
    backend = variable._backend
    if not isinstance(value, Tensor):
        value = Tensor(value, variable.dtype)
    if value._backend is not backend:
        raise TypeError(f"{name}: the value is on backend {value.backend!r}, the Parameter on {backend.name!r}")
    target, delta = variable._data, value._data
    if backend.dtype(delta) is not backend.dtype(target):
        raise TypeError(f"{name}: value dtype {value.dtype} differs from Parameter {variable.name!r}'s "
                        f"{variable.dtype}; cast it first")
    if backend.shape(delta) != backend.shape(target):
        delta = value.broadcast_to(variable.shape)._data  # ValueError where it does not broadcast
    return backend, target, delta


def _store(variable: Parameter, backend, target, updated) -> Parameter:
    if updated is not target:  # computed out of place: store it as a constant (no tracer may stay)
        variable._data = backend.stop_gradient(updated)
    return variable


def assign(variable: Parameter, value: Any) -> Parameter:
    """variable = value, written into the Parameter's memory where the backend can (a copy of value)."""
    backend, target, delta = _delta(variable, value, "assign")
    return _store(variable, backend, target, backend.assign(target, delta))


def assign_add(variable: Parameter, value: Any) -> Parameter:
    """variable += value, in place where the backend can."""
    backend, target, delta = _delta(variable, value, "assign_add")
    return _store(variable, backend, target, backend.assign_add(target, delta))


def assign_sub(variable: Parameter, value: Any) -> Parameter:
    """variable -= value, in place where the backend can."""
    backend, target, delta = _delta(variable, value, "assign_sub")
    return _store(variable, backend, target, backend.assign_sub(target, delta))

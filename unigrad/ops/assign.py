"""Updating Parameters in place: MindSpore's ops.assign, ops.assign_add, ops.assign_sub.

These are how optimizers and training loops write new values; a backend may do the update in the
Parameter's own memory (torch does, as MindSpore does), so Tensors viewing that memory see the change.
"""
from __future__ import annotations

from typing import Any

from unigrad.ops._dispatch import tensor_arg, wrap
from unigrad.tensor import Parameter, Tensor


def _value_for(variable: Parameter, value: Any, name: str):
    if not isinstance(variable, Parameter):
        raise TypeError(f"{name}'s variable must be a Parameter, got {type(variable).__name__}")
    backend, target = tensor_arg(variable, "variable")
    if not isinstance(value, Tensor):
        value = Tensor(value, variable.dtype)
    if value._backend is not backend:
        raise TypeError(f"{name}: the value is on backend {value.backend!r}, the Parameter on {backend.name!r}")
    if value.dtype is not variable.dtype:
        raise TypeError(f"{name}: value dtype {value.dtype} differs from Parameter {variable.name!r}'s "
                        f"{variable.dtype}; cast it first")
    if value.shape != variable.shape:
        value = value.broadcast_to(variable.shape)
    return backend, target, value._data


def assign(variable: Parameter, value: Any) -> Parameter:
    """variable = value."""
    _value_for(variable, value, "assign")
    return variable.set_data(value if isinstance(value, Tensor) else Tensor(value, variable.dtype))


def assign_add(variable: Parameter, value: Any) -> Parameter:
    """variable += value, in place where the backend can."""
    backend, target, delta = _value_for(variable, value, "assign_add")
    return variable.set_data(wrap(backend.assign_add(target, delta), backend))


def assign_sub(variable: Parameter, value: Any) -> Parameter:
    """variable -= value, in place where the backend can."""
    backend, target, delta = _value_for(variable, value, "assign_sub")
    return variable.set_data(wrap(backend.assign_sub(target, delta), backend))

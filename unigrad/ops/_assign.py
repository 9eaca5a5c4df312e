"""Updating Parameters in place: MindSpore's ops.assign, ops.assign_add, ops.assign_sub.

These are how optimizers and training loops write new values; a backend may do the update in the
Parameter's own memory (numpy and torch do, as MindSpore does), so Tensors viewing that memory see the
change. They sit on every training step's path, hence the direct checks.
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from unigrad._parameter import Parameter
from unigrad._tensor import Tensor, wrap
from unigrad.ops._args import refuse_bool
from unigrad.ops._dispatch import call, call_many


def _operands(primitive: str, variable: Parameter, value: Any):
    """(backend, target, delta) of an update, checked as MindSpore does: a Parameter; a value on its
    backend, of its dtype, broadcastable to its shape."""
    if not isinstance(variable, Parameter):
        raise TypeError(f"{primitive}'s variable must be a Parameter, got {type(variable).__name__}")
    backend, target = variable._backend, variable._data
    if not isinstance(value, Tensor):  # made on the Parameter's backend, whichever is current
        value = wrap(backend.asarray(np.asarray(value), backend.dtype(target)), backend)
    if value._backend is not backend:
        raise TypeError(f"{primitive}: the value is on backend {value.backend!r}, the Parameter on {backend.name!r}")
    delta = value._data
    if not backend.same_layout(delta, target):
        if backend.dtype(delta) is not backend.dtype(target):
            raise TypeError(f"{primitive}: value dtype {value.dtype} differs from Parameter {variable.name!r}'s "
                            f"{variable.dtype}; cast it first")
        delta = value.broadcast_to(variable.shape)._data  # ValueError where it does not broadcast
    return backend, target, delta


def _store(variable: Parameter, target: Any, updated: Any) -> None:
    """An update computed out of place (jax, or inside a derivative) becomes the Parameter's array, as a
    constant: no tracer may stay in a Parameter."""
    if updated is not target:
        variable._data = variable._backend.stop_gradient(updated)


def _update(primitive: str, variable: Parameter, value: Any) -> Parameter:
    """Update ``variable`` through the backend's ``primitive`` (assign, assign_add or assign_sub)."""
    backend, target, delta = _operands(primitive, variable, value)
    try:
        updated = call(primitive, backend, target, delta)._data
    except Exception:  # torch raises RuntimeError for a Bool subtraction
        refuse_bool(primitive, backend, target)
        raise
    _store(variable, target, updated)
    return variable


def assign_sub_scaled(variables: Sequence[Parameter], values: Sequence[Tensor], scale: float) -> None:
    """``variable -= scale * value`` for every pair: a whole optimizer step as one op (SGD's and Momentum's
    update), which a backend may run in a few library calls instead of two per Parameter."""
    operands = [_operands("assign_sub", variable, value) for variable, value in zip(variables, values)]
    backend = operands[0][0]
    for variable, (other, _, _) in zip(variables, operands):
        if other is not backend:
            raise TypeError(f"assign_sub: Parameter {variable.name!r} is on backend {other.name!r}, the first "
                            f"one on {backend.name!r}")
    targets = [target for _, target, _ in operands]
    updated = call_many("assign_sub_scaled", backend, targets, [delta for _, _, delta in operands], scale)
    if updated is not targets:  # computed out of place (jax, or inside a derivative)
        for variable, target, new in zip(variables, targets, updated):
            _store(variable, target, new)


def assign(variable: Parameter, value: Any) -> Parameter:
    """variable = value, written into the Parameter's memory where the backend can (a copy of value)."""
    return _update("assign", variable, value)


def assign_add(variable: Parameter, value: Any) -> Parameter:
    """variable += value, in place where the backend can."""
    return _update("assign_add", variable, value)


def assign_sub(variable: Parameter, value: Any) -> Parameter:
    """variable -= value, in place where the backend can."""
    return _update("assign_sub", variable, value)

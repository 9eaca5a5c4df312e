"""``stop_gradient``: the op that makes every derivative see its input as a constant."""
from __future__ import annotations

from typing import Any

from unigrad._tensor import Tensor
from unigrad.ops._dispatch import call


def stop_gradient(value: Any) -> Any:
    """The same values, seen as constants by every derivative (Tensors in tuples too)."""
    if isinstance(value, (tuple, list)):
        return type(value)(stop_gradient(v) for v in value)
    if not isinstance(value, Tensor):
        raise TypeError(f"stop_gradient takes a Tensor or a tuple of them, got {type(value).__name__}")
    return call("stop_gradient", value._backend, value._data)

"""The native NumPy backend: arrays are ``numpy.ndarray``, autodiff is unigrad's own tracer."""
from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

from unigrad import dtype as dt
from unigrad.backends.base import PRIMITIVES, Backend
from unigrad.backends.numpy import kernels, primitives, tracer


class NumpyBackend(Backend):
    name = "numpy"

    def __init__(self) -> None:
        self.kernels = kernels.table(self)
        for name in PRIMITIVES:
            setattr(self, name, getattr(primitives, name))

    def asarray(self, value: Any, dtype: dt.DType) -> Any:
        return np.array(value, dtype=dtype.numpy)  # a copy: a Tensor never aliases the caller's array

    def to_numpy(self, x: Any) -> np.ndarray:
        return np.array(tracer.raw(x))  # a copy: Parameters are updated in place (assign_sub)

    @staticmethod
    def _writable(target: Any, value: Any) -> bool:
        """In place only on a plain, writable array, never while a derivative traces the value."""
        return type(target) is np.ndarray and target.flags.writeable and type(value) is not tracer.Box

    def assign(self, target: Any, value: Any) -> Any:
        if self._writable(target, value):
            np.copyto(target, value)
            return target
        return value

    def assign_sub(self, target: Any, delta: Any) -> Any:
        if self._writable(target, delta):
            return np.subtract(target, delta, out=target)
        return primitives.sub(target, delta)

    def assign_add(self, target: Any, delta: Any) -> Any:
        if self._writable(target, delta):
            return np.add(target, delta, out=target)
        return primitives.add(target, delta)

    def dtype(self, x: Any) -> dt.DType:
        return dt.from_numpy(x.dtype)

    def full(self, shape: Sequence[int], value: Any, dtype: dt.DType) -> Any:
        return np.full(tuple(shape), value, dtype=dtype.numpy)

    def arange(self, start: Any, stop: Any, step: Any, dtype: dt.DType) -> Any:
        return np.arange(start, stop, step, dtype=dtype.numpy)

    def is_array(self, x: Any) -> bool:
        return isinstance(x, (np.ndarray, np.generic, tracer.Box))

    def from_dlpack(self, obj: Any) -> np.ndarray:
        return np.from_dlpack(obj)

    def vjp(self, fn: Callable, primals: Sequence[Any]):
        return tracer.vjp(fn, primals, primitives.add, primitives.unbroadcast)

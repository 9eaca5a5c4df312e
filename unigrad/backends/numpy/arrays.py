"""The NumPy engine's arrays: ``numpy.ndarray`` on the CPU, updated in place where no derivative traces them."""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from unigrad import dtype as dt
from unigrad.backends.numpy import primitives
from unigrad.backends.numpy.autodiff import Box, raw


class NumpyArrays:
    """The array half of the NumPy backend (``Backend``'s array, device and update methods)."""

    def asarray(self, value: Any, dtype: dt.DType) -> Any:
        return np.array(value, dtype=dtype.numpy)  # a copy: a Tensor never aliases the caller's array

    def adopt_rows(self, rows: np.ndarray) -> list:
        if type(rows) is not np.ndarray:
            rows = np.array(rows)
        return [rows[i, ...] for i in range(len(rows))]  # views, no copy: nobody else holds them

    def to_numpy(self, x: Any) -> np.ndarray:
        return np.array(raw(x))  # a copy: Parameters are updated in place (assign_sub)

    def dtype(self, x: Any) -> dt.DType:
        return dt.from_numpy(x.dtype)

    def same_layout(self, a: Any, b: Any) -> bool:
        return a.dtype == b.dtype and a.shape == b.shape  # NumPy's dtypes compare without a lookup

    def full(self, shape: Sequence[int], value: Any, dtype: dt.DType) -> Any:
        return np.full(tuple(shape), value, dtype=dtype.numpy)

    def arange(self, start: Any, stop: Any, step: Any, dtype: dt.DType) -> Any:
        return np.arange(start, stop, step, dtype=dtype.numpy)

    def is_array(self, x: Any) -> bool:
        return isinstance(x, (np.ndarray, Box))

    def from_dlpack(self, obj: Any) -> np.ndarray:
        return np.from_dlpack(obj)

    @staticmethod
    def _writable(target: Any, value: Any) -> bool:
        """In place only on a plain, writable array, never while a derivative traces the value."""
        return type(target) is np.ndarray and target.flags.writeable and type(value) is not Box

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

    def assign_sub_scaled(self, targets: list, deltas: list, scale: float) -> list:
        writable = self._writable
        for t, d in zip(targets, deltas):
            if not writable(t, d):
                return [primitives.sub(t, primitives.mul(d, scale)) for t, d in zip(targets, deltas)]
        for t, d in zip(targets, deltas):
            np.subtract(t, np.multiply(d, scale), out=t)
        return targets

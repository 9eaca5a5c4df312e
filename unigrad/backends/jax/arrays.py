"""jax's arrays: ``jax.Array`` on the CPU or a GPU. They are immutable, so Parameters are updated by
replacing their array (``Backend.assign*``'s functional defaults)."""
from __future__ import annotations

import math
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from unigrad import dtype as dt
from unigrad.backends.base import ALIGNMENT, TracedValueError, aligned_copy, rows_aligned, user_line


class JaxArrays:
    """The array half of the jax backend (``Backend``'s array and device methods)."""

    device = None  # set by set_device: this process's first CPU device first

    def asarray(self, value: Any, dtype: dt.DType) -> jax.Array:
        """A concrete array even while ``jax.jit`` traces: host data (an initializer's draws, a Tensor made
        from NumPy) is known then, so a Cell built inside a jitted function gets its weights at trace time
        (as MindSpore builds it at compile time), and they may be read."""
        with jax.ensure_compile_time_eval():
            if isinstance(value, jax.Array) and not isinstance(value, jax.core.Tracer):
                return jax.device_put(value.astype(dtype.numpy), self.device)
            array = np.array(value, dtype=dtype.numpy)  # a private copy: device_put may alias it on the CPU
            return jax.device_put(array, self.device)

    def adopt_rows(self, rows: np.ndarray) -> list:
        """On the CPU, arrays over ``rows``' own memory (jax arrays are immutable, and nothing else writes
        it), after an aligned copy where a row does not start as XLA needs to take it over."""
        if not rows_aligned(rows):
            if len(rows) > 1 and rows.itemsize * math.prod(rows.shape[1:]) % ALIGNMENT:
                return _put_rows([aligned_copy(rows[i, ...]) for i in range(len(rows))], self.device)
            rows = aligned_copy(rows)  # one copy, in which every row starts aligned
        return _put_rows([rows[i, ...] for i in range(len(rows))], self.device)

    def to_numpy(self, x: jax.Array) -> np.ndarray:
        while isinstance(x, jax.core.Tracer):
            # inside a derivative (jax.vjp) the forward value is known: read it, as the NumPy engine does
            primal = getattr(x, "primal", None)
            if primal is None:
                raise _unknown_value(x)
            x = primal
        return np.array(x)  # a writable copy, as on the other backends (np.asarray is a read-only view)

    def dtype(self, x: jax.Array) -> dt.DType:
        return dt.from_numpy(x.dtype)

    def full(self, shape, value, dtype: dt.DType) -> jax.Array:
        with jax.default_device(self.device):
            return jnp.full(tuple(shape), value, dtype=dtype.numpy)

    def arange(self, start, stop, step, dtype: dt.DType) -> jax.Array:
        with jax.default_device(self.device):
            return jnp.arange(start, stop, step, dtype=dtype.numpy)

    def is_array(self, x: Any) -> bool:
        return isinstance(x, jax.Array)

    def from_dlpack(self, obj: Any) -> jax.Array:
        """Shared where jax can, except a NumPy array, which is copied: jax aliases one only when it happens
        to start 64-byte aligned, and a jax array must not change when the NumPy array is written later."""
        if isinstance(obj, np.ndarray):
            return self.asarray(obj, dt.from_numpy(obj.dtype))
        return jnp.from_dlpack(obj)

    def find_device(self, kind: str) -> Any:
        if kind == "gpu":
            try:
                gpus = jax.local_devices(backend="gpu")
            except RuntimeError:
                gpus = []
            if not gpus:
                raise RuntimeError("device GPU was asked for, but JAX finds no GPU here (is jax[cuda] installed?); "
                                   "unigrad does not fall back to the CPU")
            return gpus[0]
        return jax.local_devices(backend="cpu")[0]  # this process's own (in a launched group, not rank 0's)


def _unknown_value(x) -> TracedValueError:
    line = user_line()
    return TracedValueError(
        f"a Tensor's value was needed at {line} while unigrad.jit compiles the function, but "
        f"values are only known when the compiled program runs (shape {tuple(x.shape)}, dtype {x.dtype}). "
        f"Python control flow on Tensor values (if/while, float(), .asnumpy(), print) cannot be compiled: "
        f"use ops.where / ops.select, return the value, or call the function without unigrad.jit.", line)


def _direct_put() -> Any:
    """jaxlib's ``batched_device_put``, for NumPy arrays of one shape and dtype to one device: what
    ``jax.device_put`` reaches after ~25 us of Python per array (argument trees, sharding and layout
    dispatch) that such arrays do not need, ten times the call itself, which counts when an epoch hands
    over ~2,000 batches. None where this jax has no such function."""
    try:
        from jax._src import core
        from jax._src.lib import xla_client
        put, shaped = xla_client.batched_device_put, core.ShapedArray
    except (ImportError, AttributeError):
        return None
    shardings: dict[Any, Any] = {}

    def put_rows(arrays: list, device: Any) -> list:
        sharding = shardings.get(device)
        if sharding is None:
            sharding = shardings[device] = jax.sharding.SingleDeviceSharding(device)
        aval, devices = shaped(arrays[0].shape, arrays[0].dtype), [device]
        return [put(aval, sharding, [array], devices, True) for array in arrays]
    return put_rows


_direct = _direct_put()


def _put_rows(arrays: list, device: Any) -> list:
    """``jax.device_put(array, device)`` for each of ``arrays`` (one shape and dtype), through jaxlib
    directly where it can."""
    global _direct
    if _direct is not None and arrays:
        try:
            return _direct(arrays, device)
        except (TypeError, AttributeError):  # a jaxlib whose signature moved: the public way from now on
            _direct = None
    return [jax.device_put(array, device) for array in arrays]

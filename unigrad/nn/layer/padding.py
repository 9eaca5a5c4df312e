"""Padding along chosen axes, written once on ``ops.concat`` (constant fill), slicing (a negative pad crops)
and ``ops.gather`` (mirrored edges), so every backend differentiates it with the ops it already has.
``nn.Pad``, ``nn.Conv2dTranspose``'s output padding and its cropping all go through ``pad_axes``."""
from __future__ import annotations

from typing import Mapping

import numpy as np

from unigrad import dtype as dt
from unigrad import ops
from unigrad._tensor import Tensor

MODES = ("CONSTANT", "REFLECT", "SYMMETRIC")


def _mirror_indices(size: int, before: int, after: int, mode: str) -> np.ndarray:
    """Source index of each position of an axis padded by mirroring: REFLECT leaves the edge out
    (``3 2 | 1 2 3 | 2 1``), SYMMETRIC repeats it (``2 1 | 1 2 3 | 3 2``)."""
    positions = np.arange(-before, size + after)
    if mode == "REFLECT":
        period = 2 * (size - 1)
        folded = np.abs(positions) % period if period else np.zeros_like(positions)
        return np.where(folded < size, folded, period - folded)
    period = 2 * size
    folded = positions % period
    return np.where(folded < size, folded, period - 1 - folded)


def pad_axes(x: Tensor, pads: Mapping[int, tuple[int, int]], mode: str = "CONSTANT", value: float = 0.0) -> Tensor:
    """``x`` with ``pads[axis] = (before, after)`` elements added on each axis: ``value`` (CONSTANT; a negative
    count crops instead) or the mirrored input (REFLECT, SYMMETRIC)."""
    for axis, (before, after) in pads.items():
        if not before and not after:
            continue
        size = x.shape[axis]
        if mode != "CONSTANT":
            index = _mirror_indices(size, before, after, mode).astype(np.int32)
            x = ops.gather(x, Tensor(index, dt.int32), axis)
            continue
        if before < 0 or after < 0:
            crop = [slice(None)] * x.ndim
            crop[axis] = slice(max(-before, 0), size - max(-after, 0))
            x = x[tuple(crop)]
            before, after = max(before, 0), max(after, 0)
        parts = []
        for count in (before, after):
            shape = list(x.shape)
            shape[axis] = count
            parts.append(ops.full(tuple(shape), value, dtype=x.dtype) if count else None)
        x = ops.concat([p for p in (parts[0], x, parts[1]) if p is not None], axis)
    return x


def dilate_axes(x: Tensor, strides: Mapping[int, int]) -> Tensor:
    """``stride - 1`` zeros between neighbours on each axis (the input of a transposed convolution)."""
    for axis, stride in strides.items():
        if stride == 1 or x.shape[axis] == 0:
            continue
        zeros = ops.zeros(x.shape[:axis + 1] + (stride - 1,) + x.shape[axis + 1:], x.dtype)
        spread = ops.concat((ops.expand_dims(x, axis + 1), zeros), axis + 1)
        shape = x.shape[:axis] + (x.shape[axis] * stride,) + x.shape[axis + 1:]
        x = pad_axes(ops.reshape(spread, shape), {axis: (0, 1 - stride)})
    return x

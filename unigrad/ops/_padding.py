"""Padding along chosen axes (``ops.pad``, ``ops.Pad``, and nn's padding layers through ``pad_axes``),
written once on concat (a constant fill), slicing (a negative pad crops) and gather (mirrored, repeated or
wrapped edges), so every backend differentiates it with the ops it already has."""
from __future__ import annotations

from typing import Any, Mapping

import numpy as np

from unigrad import dtype as dt
from unigrad._tensor import Tensor
from unigrad.ops import _creation as creation, _indexing as indexing, _shape as shape


def _source_indices(size: int, before: int, after: int, mode: str) -> np.ndarray:
    """Source index of each position of an axis padded from its own values: REFLECT mirrors leaving the edge
    out (``3 2 | 1 2 3 | 2 1``), SYMMETRIC mirrors repeating it (``2 1 | 1 2 3 | 3 2``), EDGE repeats the edge
    (``1 1 | 1 2 3 | 3 3``), CIRCULAR wraps around (``2 3 | 1 2 3 | 1 2``)."""
    positions = np.arange(-before, size + after)
    if mode == "EDGE":
        return np.clip(positions, 0, size - 1)
    if mode == "CIRCULAR":
        return positions % size
    if mode == "REFLECT":
        period = 2 * (size - 1)
        folded = np.abs(positions) % period if period else np.zeros_like(positions)
        return np.where(folded < size, folded, period - folded)
    period = 2 * size
    folded = positions % period
    return np.where(folded < size, folded, period - 1 - folded)


def pad_axes(x: Tensor, pads: Mapping[int, tuple[int, int]], mode: str = "CONSTANT", value: float = 0.0) -> Tensor:
    """``x`` with ``pads[axis] = (before, after)`` elements added on each axis: ``value`` (CONSTANT) or the
    input's own values (REFLECT, SYMMETRIC, EDGE, CIRCULAR); a negative count crops."""
    for axis, (before, after) in pads.items():
        if not before and not after:
            continue
        size = x.shape[axis]
        if before < 0 or after < 0:
            crop = [slice(None)] * x.ndim
            crop[axis] = slice(max(-before, 0), size - max(-after, 0))
            x = x[tuple(crop)]
            size, before, after = x.shape[axis], max(before, 0), max(after, 0)
        if mode != "CONSTANT":
            index = _source_indices(size, before, after, mode).astype(np.int32)
            x = indexing.gather(x, Tensor(index, dt.int32), axis)
            continue
        parts = []
        for count in (before, after):
            part_shape = list(x.shape)
            part_shape[axis] = count
            parts.append(creation.full(tuple(part_shape), value, dtype=x.dtype) if count else None)
        x = shape.concat([p for p in (parts[0], x, parts[1]) if p is not None], axis)
    return x


_MODES = {"constant": "CONSTANT", "reflect": "REFLECT", "replicate": "EDGE", "circular": "CIRCULAR"}


def _int_pads(owner: str, padding: Any) -> tuple[int, ...]:
    """``padding`` (a tuple or list of ints, or a 1-D int Tensor) as a tuple of ints."""
    if isinstance(padding, Tensor):
        if padding.dtype.kind not in ("int", "uint") or padding.ndim != 1:
            raise TypeError(f"For '{owner}', a Tensor padding must be a 1-D int Tensor, but got {padding.dtype} of "
                            f"shape {padding.shape}")
        padding = tuple(int(p) for p in padding.asnumpy())
    if not isinstance(padding, (tuple, list)) or not all(type(p) is int for p in padding):
        raise TypeError(f"For '{owner}', the paddings value must be tuple of int or list of int, but got {padding}")
    return tuple(padding)


def pad(input_x: Tensor, padding: Any, mode: str = "constant", value: float | None = None) -> Tensor:
    """Pad the last ``len(padding) / 2`` axes, ``padding`` read from the last axis backwards as (left, right,
    top, bottom, front, back): with ``value`` (constant; a negative pad crops), or the input mirrored
    without its edge (reflect), repeated at its edge (replicate) or wrapped around (circular)."""
    if not isinstance(input_x, Tensor):
        raise TypeError(f"For 'pad', the input_x must be a Tensor, but got {type(input_x).__name__}")
    padding = _int_pads("pad", padding)
    if len(padding) % 2:
        raise ValueError(f"For 'pad', the size of padding must be divisible by 2, but got {len(padding)}")
    if mode not in _MODES:
        raise ValueError(f"For 'pad', the 'mode' must be one of {list(_MODES)}, but got {mode!r}")
    if mode != "constant" and value is not None:
        raise ValueError(f"For 'pad', the padding mode '{mode}' can not set value, but got value {value}.")
    pairs = len(padding) // 2
    if pairs > input_x.ndim:
        raise ValueError(f"For 'pad', padding {padding} has {pairs} pairs, more than the input's {input_x.ndim} "
                         f"dimensions")
    if mode != "constant" and input_x.ndim not in (pairs + 1, pairs + 2):
        raise ValueError(f"For 'pad', mode '{mode}' with {pairs} pairs of padding takes an input of {pairs + 1} or "
                         f"{pairs + 2} dimensions, but got {input_x.ndim}")
    pads = {input_x.ndim - 1 - i: (padding[2 * i], padding[2 * i + 1]) for i in range(pairs)}
    for axis, (before, after) in pads.items():
        size = input_x.shape[axis]
        if size + before + after <= 0:
            raise ValueError(f"For 'pad', axis {axis} of size {size} padded by ({before}, {after}) would have no "
                             f"elements left")
        if mode == "reflect" and max(before, after) >= size:
            raise ValueError(f"For 'pad' reflect mode, the padding must be less than the size of its axis, but got "
                             f"({before}, {after}) for axis {axis} of size {size}")
    return pad_axes(input_x, pads, _MODES[mode], 0 if value is None else value)


def pad_leading(x: Tensor, paddings: Any, mode: str = "CONSTANT") -> Tensor:
    """``ops.Pad``'s and ``nn.Pad``'s padding: ``paddings[i] = (before, after)`` for axis i, each at least 0."""
    if not isinstance(paddings, (tuple, list)) or not all(
            isinstance(p, (tuple, list)) and len(p) == 2 and all(type(v) is int for v in p) for p in paddings):
        raise TypeError(f"For 'Pad', the 'paddings' must be a tuple of (before, after) int pairs, but got {paddings}")
    if len(paddings) != x.ndim:
        raise ValueError(f"For 'Pad', the length of 'paddings' must be equal to the rank of 'input_x', but got "
                         f"{len(paddings)} vs {x.ndim}")
    for axis, (before, after) in enumerate(paddings):
        if min(before, after) < 0:
            raise ValueError(f"For 'Pad', all elements of 'paddings' must be >= 0, but got paddings[{axis}] = "
                             f"{(before, after)}")
    return pad_axes(x, {axis: tuple(p) for axis, p in enumerate(paddings)}, mode)

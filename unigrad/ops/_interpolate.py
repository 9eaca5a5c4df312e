"""Resizing (``ops.interpolate``, also ``ops.upsample``): the spatial axes of (N, C, *) resized one at a time by a
fixed weight matrix, with MindSpore 2.10's source coordinates; nn.Upsample calls it."""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from unigrad import dtype as dt
from unigrad._tensor import Tensor
from unigrad.ops import _creation as creation, _linalg as linalg, _shape as shape

_RESIZE_RANKS = {"nearest": (3, 4, 5), "linear": (3,), "bilinear": (4,), "trilinear": (5,)}


def _resize_matrix(size: int, out: int, mode: str, align_corners: bool, scale: float | None) -> np.ndarray:
    """(out, size) weights of one axis: nearest takes floor(i * size / out) (or floor(i / scale)); linear
    interpolates at i * (size - 1) / (out - 1) with align_corners, else at (i + 0.5) * ratio - 0.5, at least 0."""
    ratio = size / out if scale is None else 1.0 / scale
    weights = np.zeros((out, size))
    positions = np.arange(out, dtype=np.float64)
    if mode == "nearest":
        weights[np.arange(out), np.minimum(np.floor(positions * ratio).astype(int), size - 1)] = 1.0
        return weights
    if align_corners:
        source = positions * ((size - 1) / (out - 1)) if out > 1 else np.zeros(out)
    else:
        source = np.maximum((positions + 0.5) * ratio - 0.5, 0.0)
    low = np.minimum(np.floor(source).astype(int), size - 1)
    high = np.minimum(low + 1, size - 1)
    frac = source - low
    np.add.at(weights, (np.arange(out), low), 1.0 - frac)
    np.add.at(weights, (np.arange(out), high), frac)
    return weights


def interpolate(input: Tensor, size: Any = None, scale_factor: Any = None, mode: str = "nearest",
                align_corners: Any = None, recompute_scale_factor: Any = None) -> Tensor:
    """Resize the spatial axes to ``size`` (or by ``scale_factor``): 'nearest' (3-D, 4-D, 5-D input), 'linear'
    (3-D), 'bilinear' (4-D), 'trilinear' (5-D). As in MindSpore, scale_factor is taken only for 5-D input (or
    with recompute_scale_factor, which turns it into a size)."""
    if not isinstance(input, Tensor):
        raise TypeError(f"For 'interpolate', the input must be a Tensor, but got {type(input).__name__}")
    x = input
    scale, rank = scale_factor, x.ndim
    if size is not None and scale is not None:
        raise ValueError("For 'interpolate', 'size' and 'scale_factor' cannot be set simultaneously")
    if size is None and scale is None:
        raise ValueError("For 'interpolate', 'size' and 'scale_factor' cannot be both empty")
    size = tuple(size) if isinstance(size, (list, tuple)) else (None if size is None else (size,) * (rank - 2))
    scale = tuple(scale) if isinstance(scale, (list, tuple)) else (None if scale is None else (scale,) * (rank - 2))
    if mode not in _RESIZE_RANKS:
        raise ValueError(f"For 'interpolate', 'mode' must be in '{list(_RESIZE_RANKS)}', but got {mode}")
    if rank not in _RESIZE_RANKS[mode]:
        raise ValueError(f"For 'interpolate', '{mode}' mode only support {_RESIZE_RANKS[mode]}D "
                         f"input, but got {rank}D.")
    if recompute_scale_factor and scale is not None:
        size, scale = tuple(int(math.floor(n * s)) for n, s in zip(x.shape[2:], scale)), None
    elif scale is not None and rank != 5:
        raise ValueError(f"For 'interpolate', 'scale_factor' option cannot currently be set with the mode = "
                         f"{mode} and dim = {rank}D.")
    if align_corners is not None and mode == "nearest":
        raise ValueError(f"For 'interpolate', 'align_corners' option cannot currently be set with the mode = "
                         f"{mode} and dim = {rank}D.")
    outs = size if size is not None else tuple(int(math.floor(n * s)) for n, s in zip(x.shape[2:], scale))
    if not x.dtype.is_floating:
        x = creation.cast(x, dt.float32)
    for i, (n, m) in enumerate(zip(x.shape[2:], outs)):
        matrix = _resize_matrix(n, m, mode, bool(align_corners), None if scale is None else scale[i])
        moved = shape.swapaxes(x, 2 + i, -1)
        x = shape.swapaxes(linalg.matmul(moved, Tensor(matrix.T.astype(x.dtype.numpy), x.dtype)), 2 + i, -1)
    return x


upsample = interpolate

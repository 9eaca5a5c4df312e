"""Distances and similarities between vectors: cdist (every pair of rows), dist (one p-norm of the difference),
cosine_similarity. Written on ``norm``, so the slope at a zero distance is norm's (0, as MindSpore's)."""
from __future__ import annotations

from typing import Any

from unigrad._tensor import Tensor
from unigrad.ops._args import tensor_arg
from unigrad.ops._math import clamp
from unigrad.ops._reduction import norm, sum as _sum


def cdist(x1: Tensor, x2: Tensor, p: float = 2.0) -> Tensor:
    """The p-norm distance between each row of x1 (..., P, M) and each row of x2 (..., R, M): (..., P, R)."""
    tensor_arg(x1, "x1")
    tensor_arg(x2, "x2")
    if x1.ndim < 2 or x2.ndim < 2 or x1.shape[-1] != x2.shape[-1]:
        raise ValueError(f"For 'cdist', x1 and x2 must have rank >= 2 and one number of columns, but got "
                         f"{x1.shape} and {x2.shape}")
    if not isinstance(p, (int, float)) or isinstance(p, bool) or p < 0:
        raise ValueError(f"For 'cdist', p must be a non-negative number, but got {p!r}")
    return norm(x1.expand_dims(-2) - x2.expand_dims(-3), float(p), -1)


def dist(input: Tensor, other: Tensor, p: Any = 2) -> Tensor:
    """The p-norm of input - other, all elements together."""
    tensor_arg(input)
    tensor_arg(other, "other")
    if isinstance(p, bool) or not isinstance(p, (int, float)) or p < 0:
        raise TypeError(f"For 'dist', p must be a non-negative number, but got {p!r}")
    return norm((input - other).reshape((-1,)), float(p), 0)


def cosine_similarity(x1: Tensor, x2: Tensor, dim: int = 1, eps: float = 1e-08) -> Tensor:
    """sum(x1 * x2) / max(|x1| |x2|, eps) along ``dim``, the inputs broadcast together."""
    tensor_arg(x1, "x1")
    tensor_arg(x2, "x2")
    return _sum(x1 * x2, dim) / clamp(norm(x1, 2.0, dim) * norm(x2, 2.0, dim), eps)

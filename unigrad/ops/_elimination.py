"""Determinants and inverses by Gaussian elimination with partial pivoting, written on the ops (row swaps by
``gather_elements``, updates by broadcasting), so every backend runs the same steps and the gradients come by
composition: d det = det * tr(A^-1 dA) and d A^-1 = -A^-1 dA A^-1 hold wherever the matrix is invertible. The n
steps are a Python loop over the matrix size, meant for the small matrices MindSpore scripts use these on."""
from __future__ import annotations

from typing import Any

import numpy as np

from unigrad import dtype as dt
from unigrad._tensor import Tensor, wrap
from unigrad.ops._indexing import gather_elements
from unigrad.ops._math import abs as _abs, log, sign, where
from unigrad.ops._matrix import diagonal
from unigrad.ops._reduction import argmax, prod, sum as _sum
from unigrad.ops._shape import broadcast_to
from unigrad.ops._linalg import matmul


def _square(input: Any, owner: str) -> Tensor:
    if not isinstance(input, Tensor):
        raise TypeError(f"For '{owner}', the input must be a Tensor, but got {type(input).__name__}")
    if not input.dtype.is_floating:
        raise TypeError(f"For '{owner}', the input must be a float Tensor, but got {input.dtype}")
    if input.ndim < 2 or input.shape[-1] != input.shape[-2]:
        raise ValueError(f"For '{owner}', the input must be square matrices (..., n, n), but got shape {input.shape}")
    return input


def _constant(like: Tensor, array: np.ndarray, dtype: dt.DType | None = None) -> Tensor:
    return wrap(like._backend.asarray(array, dtype or like.dtype), like._backend)


def _eliminate(a: Tensor, rhs: Tensor | None) -> tuple[Tensor, Tensor, Tensor | None]:
    """(the sign of the row permutation, ``a`` reduced, ``rhs`` under the same row operations). Without ``rhs``,
    the rows below each pivot are cleared (a becomes upper triangular); with it, all other rows too (a becomes
    diagonal: Gauss-Jordan)."""
    n = a.shape[-1]
    rows = _constant(a, np.arange(n), dt.int64)
    flips = _constant(a, np.zeros(a.shape[:-2], np.int64), dt.int64)
    zero, one = _constant(a, np.zeros(())), _constant(a, np.ones(()))
    for k in range(n):
        pivot_row = argmax(_abs(a[..., k:, k]), -1) + k  # (...,)
        p = pivot_row.expand_dims(-1)
        order = where(rows == k, p, where(rows == p, k, rows))  # swap rows k and p
        a = gather_elements(a, a.ndim - 2, broadcast_to(order.expand_dims(-1), a.shape))
        if rhs is not None:
            rhs = gather_elements(rhs, rhs.ndim - 2, broadcast_to(order.expand_dims(-1), rhs.shape))
        flips = flips + (pivot_row != k).astype(dt.int64)
        pivot = a[..., k:k + 1, k:k + 1]
        safe = where(pivot == 0, one, pivot)  # a zero pivot (a singular matrix) clears nothing
        clear = _constant(a, (np.arange(n) > k) if rhs is None else (np.arange(n) != k), dt.bool_).reshape((n, 1))
        factors = where(clear, a[..., :, k:k + 1] / safe, zero)  # (..., n, 1)
        a = a - factors * a[..., k:k + 1, :]
        if rhs is not None:
            rhs = rhs - factors * rhs[..., k:k + 1, :]
    permutation_sign = one - 2 * (flips % 2).astype(a.dtype)
    return permutation_sign, a, rhs


def det(input: Tensor) -> Tensor:
    """The determinant of each square matrix in the last two axes."""
    permutation_sign, upper, _ = _eliminate(_square(input, "det"), None)
    return permutation_sign * prod(diagonal(upper, 0, -2, -1), -1)


matrix_determinant = det


def slogdet(input: Tensor) -> tuple[Tensor, Tensor]:
    """(the sign of the determinant, the log of its absolute value), which stays finite where the determinant
    itself would overflow; a singular matrix gives (0, -inf)."""
    permutation_sign, upper, _ = _eliminate(_square(input, "slogdet"), None)
    pivots = diagonal(upper, 0, -2, -1)
    return permutation_sign * prod(sign(pivots), -1), _sum(log(_abs(pivots)), -1)


def logdet(input: Tensor) -> Tensor:
    """The log of the determinant: NaN where it is negative, -inf where it is 0."""
    permutation_sign, log_abs = slogdet(_square(input, "logdet"))
    return where(permutation_sign < 0, _constant(input, np.array(np.nan)), log_abs)


def inverse(input: Tensor) -> Tensor:
    """The inverse of each square matrix in the last two axes (inf or NaN for a singular one)."""
    a = _square(input, "inverse")
    identity = broadcast_to(_constant(a, np.eye(a.shape[-1])), a.shape)
    _, reduced, rhs = _eliminate(a, identity)
    return rhs / diagonal(reduced, 0, -2, -1).expand_dims(-1)


def matrix_power(input: Tensor, n: int) -> Tensor:
    """The square matrices raised to the integer power ``n`` (by repeated squaring; a negative n through
    the inverse, n = 0 the identity in the input's dtype)."""
    if not isinstance(input, Tensor):
        raise TypeError(f"For 'matrix_power', the input must be a Tensor, but got {type(input).__name__}")
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"For 'matrix_power', n must be an int, but got {type(n).__name__}")
    if input.ndim < 2 or input.shape[-1] != input.shape[-2]:
        raise ValueError(f"For 'matrix_power', the input must be square matrices (..., n, n), but got shape "
                         f"{input.shape}")
    if n < 0:
        input, n = inverse(input), -n
    result = None
    base = input
    while n:
        if n & 1:
            result = base if result is None else matmul(result, base)
        n >>= 1
        if n:
            base = matmul(base, base)
    if result is None:
        return broadcast_to(_constant(input, np.eye(input.shape[-1])), input.shape)
    return result

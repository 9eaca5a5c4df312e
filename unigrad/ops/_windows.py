"""Signal windows (Hann, Hamming, Bartlett, Blackman) and the value sequences logspace and vander: constants
computed in float64 on the host, then made in the requested dtype. A periodic window of length N is the
symmetric one of length N + 1 without its last point (for spectral analysis)."""
from __future__ import annotations

from typing import Any

import numpy as np

from unigrad import backends
from unigrad import dtype as dt
from unigrad._tensor import Tensor
from unigrad.ops._args import tensor_arg
from unigrad.ops._creation import ones_like
from unigrad.ops._dispatch import call
from unigrad.ops._shape import stack

_FLOATS = (dt.float16, dt.float32, dt.float64)


def _length(window_length: Any, owner: str, tensor: bool) -> int:
    if tensor:  # MindSpore's Bartlett and Blackman primitives take the length as a 0-d int Tensor
        if not isinstance(window_length, Tensor) or window_length.dtype.kind != "int" or window_length.ndim != 0:
            raise TypeError(f"For '{owner}', window_length must be a 0-d int Tensor, but got {window_length!r}")
        window_length = int(window_length.item())
    elif isinstance(window_length, bool) or not isinstance(window_length, (int, np.integer)):
        raise TypeError(f"For '{owner}', window_length must be a non-negative int, but got {window_length!r}")
    if window_length < 0:
        raise ValueError(f"For '{owner}', window_length must be non-negative, but got {window_length}")
    return int(window_length)


def _window(owner: str, window_length: Any, periodic: bool, dtype: Any, cosines: tuple, tensor: bool = False,
            default: dt.DType = dt.float32) -> Tensor:
    n = _length(window_length, owner, tensor)
    if not isinstance(periodic, bool):
        raise TypeError(f"For '{owner}', periodic must be a bool, but got {type(periodic).__name__}")
    dtype = default if dtype is None else dt.check(dtype)
    if dtype not in _FLOATS:
        raise TypeError(f"For '{owner}', dtype must be Float16, Float32 or Float64, but got {dtype}")
    if n <= 1:
        values = np.ones(n)
    else:
        phase = 2 * np.pi * np.arange(n) / (n if periodic else n - 1)
        values = sum(c * np.cos(k * phase) for k, c in enumerate(cosines))
    return call("asarray", backends.current(), values, dtype)


def hann_window(window_length: int, periodic: bool = True, *, dtype: dt.DType | None = None) -> Tensor:
    """0.5 - 0.5 cos(2 pi n / (N - 1)); Float64 unless ``dtype`` says (MindSpore 2.10's default)."""
    return _window("hann_window", window_length, periodic, dtype, (0.5, -0.5), default=dt.float64)


def hamming_window(window_length: int, periodic: bool = True, alpha: float = 0.54, beta: float = 0.46, *,
                   dtype: dt.DType | None = None) -> Tensor:
    """alpha - beta cos(2 pi n / (N - 1))."""
    return _window("hamming_window", window_length, periodic, dtype, (alpha, -beta))


def blackman_window(window_length: Tensor, periodic: bool = True, *, dtype: dt.DType | None = None) -> Tensor:
    """0.42 - 0.5 cos(2 pi n / (N - 1)) + 0.08 cos(4 pi n / (N - 1)); the length a 0-d int Tensor."""
    return _window("BlackmanWindow", window_length, periodic, dtype, (0.42, -0.5, 0.08), tensor=True)


def bartlett_window(window_length: Tensor, periodic: bool = True, *, dtype: dt.DType | None = None) -> Tensor:
    """The triangle 1 - |2n / (N - 1) - 1|; the length a 0-d int Tensor."""
    n = _length(window_length, "BartlettWindow", True)
    dtype = dt.float32 if dtype is None else dt.check(dtype)
    if dtype not in _FLOATS:
        raise TypeError(f"For 'BartlettWindow', dtype must be Float16, Float32 or Float64, but got {dtype}")
    if not isinstance(periodic, bool):
        raise TypeError(f"For 'BartlettWindow', periodic must be a bool, but got {type(periodic).__name__}")
    span = n if periodic else n - 1
    values = np.ones(n) if n <= 1 else 1 - np.abs(2 * np.arange(n) / span - 1)
    return call("asarray", backends.current(), values, dtype)


def logspace(start: float, end: float, steps: int, base: int = 10, *, dtype: dt.DType = dt.float32) -> Tensor:
    """``steps`` values base ** t, t evenly spaced from start to end inclusive."""
    for name, v in (("start", start), ("end", end)):
        if not isinstance(v, float):
            raise TypeError(f"For 'LogSpace', {name} must be a float, but got {type(v).__name__}")
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 0:
        raise ValueError(f"For 'LogSpace', steps must be a non-negative int, but got {steps!r}")
    if isinstance(base, bool) or not isinstance(base, int) or base <= 0:
        raise ValueError(f"For 'LogSpace', base must be a positive int, but got {base!r}")
    dtype = dt.check(dtype)
    if dtype not in _FLOATS:
        raise TypeError(f"For 'LogSpace', dtype must be Float16, Float32 or Float64, but got {dtype}")
    return call("asarray", backends.current(), float(base) ** np.linspace(start, end, steps), dtype)


def vander(x: Tensor, N: int | None = None) -> Tensor:
    """The Vandermonde matrix of a 1-D x: column j is x ** (N - 1 - j) (N defaults to len(x)); int inputs
    give Int64, as MindSpore's. Written on multiplication, so it differentiates."""
    tensor_arg(x, "x")
    if x.ndim != 1:
        raise ValueError(f"For 'vander', x must be 1-D, but got shape {x.shape}")
    N = x.shape[0] if N is None else N
    if isinstance(N, bool) or not isinstance(N, int) or N <= 0:
        raise ValueError(f"For 'vander', N must be a positive int, but got {N!r}")
    if x.dtype.kind in ("int", "uint", "bool"):
        x = x.astype(dt.int64)
    columns = [ones_like(x)]
    for _ in range(N - 1):
        columns.append(columns[-1] * x)
    return stack(columns[::-1], 1)

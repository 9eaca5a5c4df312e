"""Random Tensors: uniform, normal and integer draws, permutations, Bernoulli trials, categorical samples.

Every draw comes from unigrad's seeded host generator (``unigrad._random``), or from a generator of the op's own
``seed`` when one is given, so a seed gives the same numbers on every backend and device (MindSpore's streams are
its own: the same seed does not give MindSpore's numbers). The results carry no gradient."""
from __future__ import annotations

from typing import Any

import numpy as np

from unigrad import _random, backends
from unigrad import dtype as dt
from unigrad._tensor import Tensor
from unigrad.ops._args import tensor_arg
from unigrad.ops._creation import _shape
from unigrad.ops._dispatch import call

_FLOATS = (dt.float16, dt.float32, dt.float64, dt.bfloat16)
_INTS = (dt.int8, dt.int16, dt.int32, dt.int64, dt.uint8)


def _generator(seed: Any, owner: str) -> np.random.Generator:
    if seed is None:
        return _random.host_generator()
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"For '{owner}', seed must be a non-negative int, but got {seed!r}")
    return np.random.default_rng([seed, _random.get_seed() or 0])


def _made(values: np.ndarray, dtype: dt.DType, backend=None) -> Tensor:
    return call("asarray", backend or backends.current(), values, dtype)


def _float_dtype(dtype: Any, owner: str, default: dt.DType = dt.float32) -> dt.DType:
    dtype = default if dtype is None else dt.check(dtype)
    if dtype not in _FLOATS:
        raise TypeError(f"For '{owner}', dtype must be a float type, but got {dtype}")
    return dtype


def _int_dtype(dtype: Any, owner: str, default: dt.DType = dt.int64) -> dt.DType:
    dtype = default if dtype is None else dt.check(dtype)
    if dtype not in _INTS:
        raise ValueError(f"For '{owner}', the 'dtype' must be an int type, but got {dtype}")
    return dtype


def _size(size: tuple) -> tuple:
    return _shape(size[0] if len(size) == 1 and isinstance(size[0], (tuple, list)) else size)


def rand(*size: Any, dtype: dt.DType | None = None, seed: int | None = None) -> Tensor:
    """Uniform draws from [0, 1) of shape ``size`` (Float32 unless ``dtype`` says)."""
    return _made(_generator(seed, "rand").random(_size(size)), _float_dtype(dtype, "rand"))


def randn(*size: Any, dtype: dt.DType | None = None, seed: int | None = None) -> Tensor:
    """Standard normal draws of shape ``size``."""
    return _made(_generator(seed, "randn").standard_normal(_size(size)), _float_dtype(dtype, "randn"))


def standard_normal(shape: Any, seed: int | None = None) -> Tensor:
    """Float32 standard normal draws of ``shape``."""
    return _made(_generator(seed, "StandardNormal").standard_normal(_shape(shape)), dt.float32)


def _int_bounds(low: Any, high: Any, owner: str) -> tuple[int, int]:
    for name, v in (("low", low), ("high", high)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
            raise TypeError(f"For '{owner}', {name} must be an int, but got {type(v).__name__}")
    if low >= high:
        raise ValueError(f"For '{owner}', low must be less than high, but got {low} and {high}")
    return int(low), int(high)


def randint(low: int, high: int, size: Any, seed: int | None = None, *, dtype: dt.DType | None = None) -> Tensor:
    """Integers drawn uniformly from [low, high) of shape ``size`` (Int64 unless ``dtype`` says)."""
    low, high = _int_bounds(low, high, "randint")
    return _made(_generator(seed, "randint").integers(low, high, _shape(size)), _int_dtype(dtype, "randint"))


def rand_like(input: Tensor, seed: int | None = None, *, dtype: dt.DType | None = None) -> Tensor:
    """rand in input's shape (and dtype, unless ``dtype`` says), on its backend."""
    backend, _ = tensor_arg(input)
    dtype = _float_dtype(dtype if dtype is not None else input.dtype, "rand_like")
    return _made(_generator(seed, "rand_like").random(input.shape), dtype, backend)


def randn_like(input: Tensor, seed: int | None = None, *, dtype: dt.DType | None = None) -> Tensor:
    """randn in input's shape (and dtype, unless ``dtype`` says), on its backend."""
    backend, _ = tensor_arg(input)
    dtype = _float_dtype(dtype if dtype is not None else input.dtype, "randn_like")
    return _made(_generator(seed, "randn_like").standard_normal(input.shape), dtype, backend)


def randint_like(input: Tensor, low: int, high: int, seed: int | None = None, *,
                 dtype: dt.DType | None = None) -> Tensor:
    """randint in input's shape (and dtype, which must then be an int one), on its backend."""
    backend, _ = tensor_arg(input)
    low, high = _int_bounds(low, high, "randint_like")
    dtype = _int_dtype(dtype if dtype is not None else input.dtype, "randint_like")
    return _made(_generator(seed, "randint_like").integers(low, high, input.shape), dtype, backend)


def randperm(n: int, seed: int = 0, offset: int = 0, dtype: dt.DType = dt.int64) -> Tensor:
    """A random permutation of 0 .. n - 1 (Int64 unless ``dtype`` says); seed 0 draws from the global stream."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"For 'randperm', n must be a non-negative int, but got {n!r}")
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        raise ValueError(f"For 'randperm', offset must be a non-negative int, but got {offset!r}")
    dtype = dt.check(dtype)
    if dtype not in _INTS + _FLOATS:
        raise TypeError(f"For 'randperm', dtype must be an int or float type, but got {dtype}")
    return _made(_generator(seed or None, "randperm").permutation(n), dtype)


def _number_or_tensor(v: Any, owner: str, name: str) -> np.ndarray:
    if isinstance(v, Tensor):
        return v.asnumpy()
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise TypeError(f"For '{owner}', {name} must be a number or a Tensor, but got {type(v).__name__}")
    return np.asarray(v, np.float32)


def normal(shape: Any, mean: Any, stddev: Any, seed: int | None = None) -> Tensor:
    """Normal draws with ``mean`` and ``stddev`` (numbers or Tensors), in the broadcast shape of ``shape``, mean
    and stddev; Float32."""
    mu, sigma = _number_or_tensor(mean, "normal", "mean"), _number_or_tensor(stddev, "normal", "stddev")
    out = np.broadcast_shapes(_shape(shape), mu.shape, sigma.shape)
    draws = mu + sigma * _generator(seed, "normal").standard_normal(out)
    return _made(draws, dt.float32)


def uniform(shape: Any, minval: Tensor, maxval: Tensor, seed: int | None = None,
            dtype: dt.DType = dt.float32) -> Tensor:
    """Draws from [minval, maxval) of ``shape``: floats, or for an int ``dtype`` integers."""
    for name, v in (("minval", minval), ("maxval", maxval)):
        if not isinstance(v, Tensor):
            raise TypeError(f"For 'uniform', {name} must be a Tensor, but got {type(v).__name__}")
    dtype = dt.check(dtype)
    if dtype not in (dt.int32, dt.int64, dt.float16, dt.float32, dt.float64):
        raise TypeError(f"For 'uniform', dtype must be Int32, Int64 or a float type, but got {dtype}")
    low, high = minval.asnumpy(), maxval.asnumpy()
    rng = _generator(seed, "uniform")
    if dtype.kind == "int":
        return _made(rng.integers(int(low), int(high), _shape(shape)), dtype)
    return _made(low + (high - low) * rng.random(_shape(shape)), dtype)


def bernoulli(input: Tensor, p: Any = 0.5, seed: int | None = None) -> Tensor:
    """1 with probability ``p`` (a number, or a Tensor broadcast to input's shape), else 0, in input's shape and
    dtype."""
    backend, _ = tensor_arg(input)
    chance = p.asnumpy() if isinstance(p, Tensor) else np.asarray(p, np.float64)
    if chance.size and (chance.min() < 0 or chance.max() > 1):
        raise ValueError(f"For 'bernoulli', p must be in [0, 1], but got values from {chance.min()} to {chance.max()}")
    hits = _generator(seed, "bernoulli").random(input.shape) < np.broadcast_to(chance, input.shape)
    return _made(hits, input.dtype, backend)


def _categorical(probabilities: np.ndarray, count: int, replacement: bool, rng: np.random.Generator) -> np.ndarray:
    """``count`` category indices per row of non-negative weights (each row normalised)."""
    rows = probabilities.reshape(-1, probabilities.shape[-1]).astype(np.float64)
    out = np.empty((rows.shape[0], count), np.int64)
    for i, w in enumerate(rows):
        out[i] = rng.choice(w.size, count, replace=replacement, p=w / w.sum())
    return out.reshape(probabilities.shape[:-1] + (count,))


def multinomial(input: Tensor, num_samples: int, replacement: bool = True, seed: int | None = None) -> Tensor:
    """``num_samples`` Int32 category indices for each row of non-negative weights (1-D or 2-D input)."""
    backend, _ = tensor_arg(input)
    if input.ndim not in (1, 2):
        raise ValueError(f"For 'multinomial', the input must be 1-D or 2-D, but got shape {input.shape}")
    if isinstance(num_samples, bool) or not isinstance(num_samples, int) or num_samples <= 0:
        raise ValueError(f"For 'multinomial', num_samples must be a positive int, but got {num_samples!r}")
    weights = input.asnumpy()
    if (weights < 0).any() or not np.isfinite(weights).all() or (weights.sum(-1) <= 0).any():
        raise ValueError("For 'multinomial', each row of weights must be finite, non-negative and not all zero")
    if not replacement and num_samples > (weights > 0).sum(-1).min():
        raise ValueError(f"For 'multinomial', {num_samples} samples without replacement need as many nonzero weights")
    return _made(_categorical(weights, num_samples, replacement, _generator(seed, "multinomial")), dt.int32, backend)


def random_categorical(logits: Tensor, num_sample: int, seed: int = 0, dtype: dt.DType = dt.int64) -> Tensor:
    """``num_sample`` category indices for each row of the 2-D ``logits`` (unnormalised log-probabilities)."""
    backend, _ = tensor_arg(logits, "logits")
    if logits.ndim != 2:
        raise ValueError(f"For 'RandomCategorical', logits must be 2-D, but got shape {logits.shape}")
    if isinstance(num_sample, bool) or not isinstance(num_sample, int) or num_sample <= 0:
        raise ValueError(f"For 'RandomCategorical', num_sample must be a positive int, but got {num_sample!r}")
    dtype = dt.check(dtype)
    if dtype not in (dt.int16, dt.int32, dt.int64):
        raise TypeError(f"For 'RandomCategorical', dtype must be Int16, Int32 or Int64, but got {dtype}")
    z = logits.asnumpy().astype(np.float64)
    weights = np.exp(z - z.max(-1, keepdims=True))
    return _made(_categorical(weights, num_sample, True, _generator(seed or None, "RandomCategorical")), dtype,
                 backend)

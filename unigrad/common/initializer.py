"""Initializers (MindSpore's ``mindspore.common.initializer``), drawn from unigrad's seeded host RNG so a
seed gives bit-identical weights on every backend. Formulas, defaults and fan conventions are MindSpore's
(which are PyTorch's: fan_in = shape[1] * receptive field, fan_out = shape[0] * receptive field)."""
from __future__ import annotations

import math
import numbers
import statistics
from typing import Any, Sequence

import numpy as np

from unigrad import dtype as dt
from unigrad import _random as rng
from unigrad._tensor import Tensor

__all__ = ["Initializer", "initializer", "TruncatedNormal", "Normal", "Uniform", "HeUniform", "HeNormal",
           "XavierUniform", "XavierNormal", "One", "Zero", "Constant"]


def _calculate_fan_in_and_fan_out(shape: Sequence[int]) -> tuple[int, int]:
    if len(shape) < 2:
        raise ValueError(f"'fan_in' and 'fan_out' can not be computed for tensor with fewer than 2 dimensions, "
                         f"but got dimensions {len(shape)}.")
    receptive = math.prod(shape[2:]) if len(shape) > 2 else 1
    return int(shape[1]) * receptive, int(shape[0]) * receptive


def _calculate_correct_fan(shape: Sequence[int], mode: str) -> int:
    mode = mode.lower()
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"'mode' {mode!r} is not supported, use one of 'fan_in', 'fan_out'")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(shape)
    return fan_in if mode == "fan_in" else fan_out


def _calculate_gain(nonlinearity: str, param: Any = None) -> float:
    if nonlinearity in ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
                        "conv_transpose3d", "sigmoid"):
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = 0.01
        elif isinstance(param, (int, float)) and not isinstance(param, bool):
            slope = param
        else:
            raise ValueError(f"'negative_slope' must be an int or float, got {param!r}")
        return math.sqrt(2.0 / (1 + slope ** 2))
    raise ValueError(f"'nonlinearity' must be one of 'sigmoid', 'tanh', 'relu', 'leaky_relu' or a linear "
                     f"function, got {nonlinearity!r}")


class Initializer:
    """Fills an array of a given shape; subclasses say how in ``_fill`` (float64 host draws, cast once)."""

    def __init__(self, **kwargs: Any) -> None:
        self._kwargs = kwargs
        self.shape: tuple | None = None
        self.dtype: dt.DType = dt.float32

    def _fill(self, shape: tuple) -> np.ndarray:
        raise NotImplementedError

    def __call__(self, arr: np.ndarray) -> None:
        """MindSpore's in-place form: fill a numpy array."""
        arr[...] = self._fill(arr.shape)

    def to_tensor(self, shape: Sequence[int] | None = None, dtype: dt.DType | None = None):
        shape = tuple(shape) if shape is not None else self.shape
        if shape is None:
            raise ValueError(f"{type(self).__name__} needs a shape: use initializer(init, shape, dtype)")
        dtype = dt.check(dtype) if dtype is not None else self.dtype
        return Tensor(np.asarray(self._fill(shape)).astype(dtype.numpy), dtype)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self._kwargs.items())
        return f"{type(self).__name__}({args})"


class Normal(Initializer):
    """N(mean, sigma^2)."""

    def __init__(self, sigma: float = 0.01, mean: float = 0.0) -> None:
        super().__init__(sigma=sigma, mean=mean)
        if sigma < 0:
            raise ValueError(f"Normal's sigma must be >= 0, got {sigma}")
        self.sigma, self.mean = sigma, mean

    def _fill(self, shape):
        return rng.host_generator().normal(self.mean, self.sigma, shape)


class Uniform(Initializer):
    """U(-scale, scale)."""

    def __init__(self, scale: float = 0.07) -> None:
        super().__init__(scale=scale)
        self.scale = scale

    def _fill(self, shape):
        return rng.host_generator().uniform(-self.scale, self.scale, shape)


class TruncatedNormal(Initializer):
    """N(mean, sigma^2) restricted to [a, b]; ``a`` and ``b`` are absolute bounds, as in MindSpore."""

    def __init__(self, sigma: float = 0.01, mean: float = 0.0, a: float = -2.0, b: float = 2.0) -> None:
        super().__init__(sigma=sigma, mean=mean, a=a, b=b)
        if sigma < 0:
            raise ValueError(f"TruncatedNormal's sigma must be >= 0, got {sigma}")
        if not a < b:
            raise ValueError(f"TruncatedNormal needs a < b, got a={a}, b={b}")
        self.sigma, self.mean, self.a, self.b = sigma, mean, a, b

    def _fill(self, shape):
        gen, n = rng.host_generator(), math.prod(shape)
        cdf = lambda z: 0.5 * (1.0 + math.erf((z - self.mean) / (self.sigma * math.sqrt(2.0))))
        accept = cdf(self.b) - cdf(self.a)
        if accept < 1e-6:
            raise ValueError(f"TruncatedNormal(mean={self.mean}, sigma={self.sigma}) has almost no mass in "
                             f"[{self.a}, {self.b}]")
        if accept < 0.05:  # rejection would draw n / accept normals (1e8 for a mean 3 sigmas outside)
            return self._inverse_cdf(gen, n).reshape(shape)
        out = np.empty(0)
        while out.size < n:  # rejection sampling, sized by the acceptance rate: deterministic given the seed
            draw = gen.normal(self.mean, self.sigma, int((n - out.size) / accept * 1.2) + 16)
            out = np.concatenate([out, draw[(draw >= self.a) & (draw <= self.b)]])
        return out[:n].reshape(shape)

    def _inverse_cdf(self, gen, n: int) -> np.ndarray:
        """n draws as the standard normal's inverse CDF of uniforms over [cdf(a), cdf(b)]; an interval above
        the mean is mirrored below it, where the CDF's small values keep their precision."""
        unit = statistics.NormalDist()
        lo, hi = (self.a - self.mean) / self.sigma, (self.b - self.mean) / self.sigma
        mirrored = lo > 0
        if mirrored:
            lo, hi = -hi, -lo
        z = np.array([unit.inv_cdf(u) for u in gen.uniform(max(unit.cdf(lo), 1e-300), unit.cdf(hi), n)])
        z = np.clip(z, lo, hi)
        return self.mean + self.sigma * (-z if mirrored else z)


class HeUniform(Initializer):
    """U(-bound, bound), bound = gain * sqrt(3 / fan); Dense and Conv use negative_slope=sqrt(5)."""

    def __init__(self, negative_slope: float = 0, mode: str = "fan_in", nonlinearity: str = "leaky_relu") -> None:
        super().__init__(negative_slope=negative_slope, mode=mode, nonlinearity=nonlinearity)
        self.negative_slope, self.mode, self.nonlinearity = negative_slope, mode, nonlinearity

    def _fill(self, shape):
        std = _calculate_gain(self.nonlinearity, self.negative_slope) / math.sqrt(_calculate_correct_fan(shape, self.mode))
        bound = math.sqrt(3.0) * std
        return rng.host_generator().uniform(-bound, bound, shape)


class HeNormal(Initializer):
    """N(0, (gain / sqrt(fan))^2)."""

    def __init__(self, negative_slope: float = 0, mode: str = "fan_in", nonlinearity: str = "leaky_relu") -> None:
        super().__init__(negative_slope=negative_slope, mode=mode, nonlinearity=nonlinearity)
        self.negative_slope, self.mode, self.nonlinearity = negative_slope, mode, nonlinearity

    def _fill(self, shape):
        std = _calculate_gain(self.nonlinearity, self.negative_slope) / math.sqrt(_calculate_correct_fan(shape, self.mode))
        return rng.host_generator().normal(0.0, std, shape)


class XavierUniform(Initializer):
    """U(-bound, bound), bound = gain * sqrt(6 / (fan_in + fan_out))."""

    def __init__(self, gain: float = 1) -> None:
        super().__init__(gain=gain)
        self.gain = gain

    def _fill(self, shape):
        fan_in, fan_out = _calculate_fan_in_and_fan_out(shape)
        bound = self.gain * math.sqrt(6.0 / (fan_in + fan_out))
        return rng.host_generator().uniform(-bound, bound, shape)


class XavierNormal(Initializer):
    """N(0, sigma^2), sigma = gain * sqrt(2 / (fan_in + fan_out))."""

    def __init__(self, gain: float = 1) -> None:
        super().__init__(gain=gain)
        self.gain = gain

    def _fill(self, shape):
        fan_in, fan_out = _calculate_fan_in_and_fan_out(shape)
        return rng.host_generator().normal(0.0, self.gain * math.sqrt(2.0 / float(fan_in + fan_out)), shape)


class Constant(Initializer):
    def __init__(self, value: Any) -> None:
        super().__init__(value=value)
        self.value = value

    def _fill(self, shape):
        return np.full(shape, self.value, dtype=np.float64)


class One(Constant):
    def __init__(self) -> None:
        super().__init__(1.0)
        self._kwargs = {}


class Zero(Constant):
    def __init__(self) -> None:
        super().__init__(0.0)
        self._kwargs = {}


# MindSpore's aliases: the lower-cased class name, plus these
_BY_NAME = {"zeros": Zero, "zero": Zero, "ones": One, "one": One, "xavier_normal": XavierNormal,
            "xaviernormal": XavierNormal, "xavier_uniform": XavierUniform, "xavieruniform": XavierUniform,
            "he_uniform": HeUniform, "heuniform": HeUniform, "he_normal": HeNormal, "henormal": HeNormal,
            "uniform": Uniform, "normal": Normal, "truncatednormal": TruncatedNormal}


def initializer(init: Any, shape: Sequence[int] | int | None = None, dtype: dt.DType = dt.float32):
    """A Tensor of ``shape`` made by ``init``: an Initializer, its name, a number or a Tensor."""
    if isinstance(init, Tensor):
        if shape is not None and tuple(init.shape) != ((shape,) if isinstance(shape, int) else tuple(shape)):
            raise ValueError(f"For 'initializer', the shape of the 'init' Tensor {list(init.shape)} does not "
                             f"match the argument 'shape' {shape}")
        return init.astype(dtype) if init.dtype is not dt.check(dtype) else init
    if shape is None:
        raise ValueError("For 'initializer', the argument 'shape' is needed unless 'init' is a Tensor")
    shape = (shape,) if isinstance(shape, int) else tuple(shape)
    for value in shape:
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ValueError(f"For 'initializer', the argument 'shape' must hold positive ints, got {shape}")
    if isinstance(init, str):
        if init.lower() not in _BY_NAME:
            raise ValueError(f"For 'initializer', the class corresponding to {init!r} was not found; "
                             f"known names: {', '.join(sorted(_BY_NAME))}")
        init = _BY_NAME[init.lower()]()
    elif isinstance(init, numbers.Number) and not isinstance(init, bool):
        init = Constant(init)
    if not isinstance(init, Initializer):
        raise TypeError(f"For 'initializer', 'init' must be a Tensor, a str, an Initializer or a number, "
                        f"got {type(init).__name__}")
    return init.to_tensor(shape, dtype)

"""Initializers (MindSpore's ``mindspore.common.initializer``), drawn from unigrad's seeded host RNG so a
seed gives bit-identical weights on every backend."""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from unigrad import dtype as dt
from unigrad import random as rng


class Initializer:
    """Fills an array of a given shape; subclasses say how in ``_fill``."""

    def __init__(self, **kwargs: Any) -> None:
        self._kwargs = kwargs
        self.shape: tuple | None = None
        self.dtype: dt.DType = dt.float32

    def _fill(self, shape: tuple) -> np.ndarray:
        raise NotImplementedError

    def to_tensor(self, shape: Sequence[int] | None = None, dtype: dt.DType | None = None):
        from unigrad.tensor import Tensor
        shape = tuple(shape) if shape is not None else self.shape
        if shape is None:
            raise ValueError(f"{type(self).__name__} needs a shape: use initializer(init, shape, dtype)")
        return Tensor(self._fill(shape), dt.check(dtype) if dtype is not None else self.dtype)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self._kwargs.items())
        return f"{type(self).__name__}({args})"


class Normal(Initializer):
    def __init__(self, sigma: float = 0.01, mean: float = 0.0) -> None:
        super().__init__(sigma=sigma, mean=mean)
        self.sigma, self.mean = sigma, mean

    def _fill(self, shape):
        return rng.host_generator().normal(self.mean, self.sigma, shape)


class Uniform(Initializer):
    def __init__(self, scale: float = 0.07) -> None:
        super().__init__(scale=scale)
        self.scale = scale

    def _fill(self, shape):
        return rng.host_generator().uniform(-self.scale, self.scale, shape)


class Constant(Initializer):
    def __init__(self, value: Any) -> None:
        super().__init__(value=value)
        self.value = value

    def _fill(self, shape):
        return np.full(shape, self.value, dtype=np.float64)


class One(Constant):
    def __init__(self) -> None:
        super().__init__(1.0)


class Zero(Constant):
    def __init__(self) -> None:
        super().__init__(0.0)


_BY_NAME = {"normal": Normal, "uniform": Uniform, "ones": One, "zeros": Zero, "one": One, "zero": Zero}


def initializer(init: Any, shape: Sequence[int] | int, dtype: dt.DType = dt.float32):
    """A Tensor of ``shape`` made by ``init``: an Initializer, its name, a number or a Tensor."""
    from unigrad.tensor import Tensor
    shape = (shape,) if isinstance(shape, int) else tuple(shape)
    if isinstance(init, Tensor):
        if init.shape != shape:
            raise ValueError(f"initializer Tensor has shape {init.shape}, expected {shape}")
        return init.astype(dtype)
    if isinstance(init, str):
        if init.lower() not in _BY_NAME:
            raise ValueError(f"unknown initializer {init!r}; known: {', '.join(sorted(_BY_NAME))}")
        init = _BY_NAME[init.lower()]()
    elif isinstance(init, (int, float)) and not isinstance(init, bool):
        init = Constant(init)
    if not isinstance(init, Initializer):
        raise TypeError(f"init must be an Initializer, a name, a number or a Tensor, got {type(init).__name__}")
    return init.to_tensor(shape, dtype)

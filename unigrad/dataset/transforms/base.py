"""The base of unigrad's built-in transforms: one sample eagerly (``transform(array)``, as MindSpore's
transforms tutorial calls them), many rows at once inside a pipeline.

A transform that acts elementwise or along fixed axes of a sample implements ``_rows`` on an array whose
first axis is the rows, in one NumPy call, and must give exactly what ``_sample`` gives row by row; a
random one draws from its stream in row order, one row's draws after the other's, so that it does. Inside
a ``map``, rows that an earlier transform of the same map made go to ``_rows_owned``, which may reuse them.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from unigrad.dataset import _streams


class Transform:
    """A built-in transform: one input column, one output column."""

    def _sample(self, x: np.ndarray, stream: _streams.Stream) -> np.ndarray:
        raise NotImplementedError

    def _rows(self, rows: np.ndarray, stream: _streams.Stream) -> np.ndarray | list:
        """``rows`` transformed row by row; a transform that can do them in one call overrides this."""
        return [self._sample(row, stream) for row in rows]

    def _rows_owned(self, rows: np.ndarray, stream: _streams.Stream) -> np.ndarray | list:
        """``_rows`` for rows that nothing else holds (the previous transform of the same ``map`` made
        them): a transform whose result has their dtype and shape may write it over them. ``_rows`` unless
        a transform does so."""
        return self._rows(rows, stream)

    def __call__(self, *inputs: Any) -> np.ndarray:
        if len(inputs) != 1:
            raise TypeError(f"{type(self).__name__} takes one input array, got {len(inputs)}")
        return self._sample(as_input(inputs[0], type(self).__name__), _streams.eager())

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in vars(self).items() if not k.startswith("_"))
        return f"{type(self).__name__}({fields})"


class Elementwise(Transform):
    """A transform acting elementwise or along a sample's trailing axes: its result on a whole block of rows
    is its result row by row, so the block path is the sample path."""

    def _rows(self, rows, stream):
        return self._sample(rows, stream)


def as_input(value: Any, name: str) -> np.ndarray:
    """What a transform accepts: a NumPy array (a PIL image or a list converts, as in MindSpore)."""
    if isinstance(value, np.ndarray):
        return value
    if hasattr(value, "__array_interface__") or isinstance(value, (list, tuple, int, float)):
        return np.asarray(value)
    raise TypeError(f"{name}: input should be NumPy or PIL image, got {type(value)}.")


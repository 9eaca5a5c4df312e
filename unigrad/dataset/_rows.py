"""Rows: what the pipeline's stages pass each other. Many rows at once, column by column, so that a stage
works on a whole block of rows in one NumPy call instead of one Python call per sample.

A column is a NumPy array whose first axis is the rows when every row has one shape and dtype, else a list
of one array per row (ragged: images of different sizes before a Resize).
"""
from __future__ import annotations

from typing import Sequence, Union

import numpy as np

Column = Union[np.ndarray, list]


class Rows:
    """``count`` rows of the columns ``names``."""

    __slots__ = ("names", "columns", "count")

    def __init__(self, names: Sequence[str], columns: Sequence[Column], count: int) -> None:
        self.names = list(names)
        self.columns = list(columns)
        self.count = count

    def row(self, i: int) -> list[np.ndarray]:
        return [column[i] for column in self.columns]

    def slice(self, start: int, stop: int) -> Rows:
        stop = min(stop, self.count)
        return Rows(self.names, [column[start:stop] for column in self.columns], max(stop - start, 0))

    def take(self, indices: np.ndarray) -> Rows:
        """The rows at ``indices`` (an int array), in that order."""
        return Rows(self.names, [column[indices] if isinstance(column, np.ndarray)
                                 else [column[i] for i in indices] for column in self.columns], len(indices))

    def with_columns(self, names: Sequence[str], columns: Sequence[Column]) -> Rows:
        return Rows(names, columns, self.count)


def gather(array: np.ndarray, indices: np.ndarray) -> np.ndarray:
    """``array[indices]`` as a new array: a copy of one slice where the indices run consecutively (a
    sequential sampler's), which is twice as fast as NumPy's gather."""
    n = len(indices)
    if n > 1 and indices[-1] - indices[0] == n - 1 and (indices[1:] > indices[:-1]).all():
        return array[indices[0]:indices[0] + n].copy()  # increasing, n of them, over n places: consecutive
    return array[indices]


def from_samples(names: Sequence[str], samples: Sequence[Sequence[np.ndarray]]) -> Rows:
    """Rows from one list of column arrays per sample."""
    columns = [stack([sample[c] for sample in samples]) for c in range(len(names))]
    return Rows(names, columns, len(samples))


def stack(arrays: Sequence[np.ndarray]) -> Column:
    """One array with the rows along axis 0 when they share a shape and dtype, else the list itself."""
    if arrays:
        first = arrays[0]
        shape, dtype = first.shape, first.dtype
        if all(a.shape == shape and a.dtype == dtype for a in arrays):
            return np.stack(arrays)
    return list(arrays)


def concat(blocks: Sequence[Rows]) -> Rows:
    """The rows of ``blocks`` one after another (same column names)."""
    if len(blocks) == 1:
        return blocks[0]
    columns = []
    for c in range(len(blocks[0].names)):
        parts = [b.columns[c] for b in blocks if b.count]
        if parts and all(isinstance(p, np.ndarray) for p in parts) and \
                len({(p.shape[1:], p.dtype) for p in parts}) == 1:
            columns.append(np.concatenate(parts))
        else:
            columns.append(stack([row for p in parts for row in p]))
    return Rows(blocks[0].names, columns, sum(b.count for b in blocks))


def as_row_array(value, what: str) -> np.ndarray:
    """A value a source or a user's function produced, as the array of one row of one column; a RuntimeError
    naming ``what`` for what MindSpore cannot hold (strings aside, only numbers and bools)."""
    array = value if isinstance(value, np.ndarray) else np.asarray(value)
    if array.dtype.kind not in "biufU":
        raise RuntimeError(f"{what} gave a value of type {type(value).__name__} (dtype {array.dtype}); a dataset "
                           f"column holds NumPy arrays of bool, int, uint, float or str, or Python numbers")
    return array

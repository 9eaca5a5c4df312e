"""Iterators over a pipeline: rows as lists (``create_tuple_iterator``) or dicts (``create_dict_iterator``)
of unigrad Tensors on the active backend and device, or of NumPy arrays (``output_numpy``). One ``for``
loop is one epoch; the same iterator runs ``num_epochs`` of them, each with fresh random draws."""
from __future__ import annotations

from typing import Any, Iterator, Sequence

import numpy as np

from unigrad import backends
from unigrad import dtype as dt
from unigrad._tensor import wrap
from unigrad.dataset._checks import column_list, missing_columns
from unigrad.dataset._run import Run


class _Iterator:
    def __init__(self, dataset: Any, columns: Sequence[str] | None, num_epochs: int,
                 output_numpy: bool) -> None:
        if isinstance(num_epochs, bool) or not isinstance(num_epochs, int) or (num_epochs < 1 and num_epochs != -1):
            raise ValueError(f"num_epochs must be a positive int or -1 (without end), got {num_epochs!r}")
        dataset._check_tree()  # as MindSpore, which checks the tree when it builds an iterator
        self._dataset = dataset
        self._columns = column_list(columns, "columns")
        self._epochs_left = num_epochs
        self._output_numpy = bool(output_numpy)
        self._run = Run(dataset)
        self._rows: Iterator | None = None

    def __iter__(self) -> _Iterator:
        return self

    def __next__(self) -> Any:
        if self._rows is None:
            if self._epochs_left == 0:
                raise StopIteration
            self._rows = self._epoch()
        try:
            names, values = next(self._rows)
        except StopIteration:
            self._rows = None
            self._run.epoch += 1
            if self._epochs_left > 0:
                self._epochs_left -= 1
            raise
        return self._package(names, values)

    def _epoch(self) -> Iterator[tuple[list[str], list]]:
        for block in self._dataset._blocks(self._run):
            names, columns = block.names, block.columns
            if self._columns is not None:
                missing_columns(names, self._columns, "create_tuple_iterator")
                columns = [columns[names.index(c)] for c in self._columns]
                names = self._columns
            place, tensors = None, []
            for i in range(block.count):
                if self._output_numpy:  # [i, ...]: a 0-d array, not a NumPy scalar, as MindSpore gives
                    yield names, [c[i, ...] if isinstance(c, np.ndarray) else c[i] for c in columns]
                    continue
                now = (backends.current(), backends.get_device())
                if now != place:  # the block's first row, or the backend or device changed: the rest on it
                    place, tensors = now, [_tensors(column, i, now[0]) for column in columns]
                yield names, [next(t) for t in tensors]

    def _package(self, names: list[str], values: list) -> Any:
        raise NotImplementedError


class TupleIterator(_Iterator):
    def _package(self, names, values):
        return values


class DictIterator(_Iterator):
    def _package(self, names, values):
        return dict(zip(names, values))


def _tensors(column: np.ndarray | list, start: int, backend: Any) -> Iterator:
    """The rows of a block's column from ``start`` on, as Tensors on ``backend``.

    A column that is one array is the pipeline's own (sources gather fresh arrays, and each stage makes
    new ones or views of its input's), so its rows become Tensors without a copy (``Backend.adopt_rows``):
    disjoint views, which the next rows do not touch. A ragged column (a list) may hold a user's arrays:
    those are copied."""
    if not isinstance(column, np.ndarray):
        return (_as_tensor(row, backend) for row in column[start:])
    column = column[start:]
    if column.dtype.kind in "US":  # no Tensor holds strings: NumPy arrays, as in MindSpore
        return (column[i, ...] for i in range(len(column)))
    dt.from_numpy(column.dtype)  # the TypeError for what no Tensor holds
    return (wrap(array, backend) for array in backend.adopt_rows(column))


def _as_tensor(value: np.ndarray, backend: Any) -> Any:
    """A copy of ``value`` as a Tensor on ``backend``; strings stay NumPy arrays (no Tensor holds them), as
    in MindSpore."""
    value = np.asarray(value)
    if value.dtype.kind in "US":
        return value
    return wrap(backend.asarray(value, dt.from_numpy(value.dtype)), backend)

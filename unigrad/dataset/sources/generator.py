"""Sources over the user's Python data: ``GeneratorDataset`` (a random-access object, an iterable, or a
callable returning a generator) and ``NumpySlicesDataset`` (a list, tuple, dict or array, sliced along its
first axis)."""
from __future__ import annotations

import builtins
import itertools
import types
from typing import Any, Iterator

import numpy as np

from unigrad.dataset import samplers
from unigrad.dataset._rows import Rows, as_row_array, from_samples, gather
from unigrad.dataset._checks import column_list
from unigrad.dataset._run import Run
from unigrad.dataset.dataset import BLOCK_ROWS, Dataset, MappableSource

_ITERABLE_ROWS = 256  # rows per block read from an iterable source


def _row(item: Any, names: list[str], where: str) -> list[np.ndarray]:
    """One item of the user's source as one array per column."""
    values = list(item) if isinstance(item, (tuple, list)) else [item]
    if len(values) != len(names):
        raise RuntimeError(f"GeneratorDataset: {where} gave {len(values)} values for the {len(names)} columns "
                           f"{names}")
    return [as_row_array(v, f"GeneratorDataset: {where}") for v in values]


class _Replay:
    """A generator object read from its start again on every pass (MindSpore tees it the same way, so that
    counting the rows or a second epoch does not find it exhausted). It keeps every item it has given."""

    def __init__(self, generator: types.GeneratorType) -> None:
        self._generator = generator

    def __iter__(self) -> Iterator:
        self._generator, copy = itertools.tee(self._generator)
        return copy


def _names(column_names, schema) -> list[str]:
    if column_names is None:
        if schema is None:
            raise ValueError("Neither columns_names nor schema are provided.")
        raise NotImplementedError("GeneratorDataset: schema is not supported by unigrad; pass column_names")
    return column_list(column_names, "GeneratorDataset: column_names")


class GeneratorDataset(MappableSource):
    """Rows from the user's source. A random-access source (``__getitem__`` and ``__len__``) takes
    samplers, shuffling (the default) and shards; an iterable or a generator function is read in order."""

    _conflict = ValueError  # MindSpore's, here, for sampler arguments that exclude each other

    def __init__(self, source, column_names=None, column_types=None, schema=None, num_samples=None,
                 num_parallel_workers=1, shuffle=None, sampler=None, num_shards=None, shard_id=None,
                 python_multiprocessing=True, max_rowsize=None) -> None:
        self.names = _names(column_names, schema)
        if isinstance(source, builtins.zip):  # as MindSpore: a zip is read once, so it becomes a list
            source = list(source)
        elif isinstance(source, types.GeneratorType):
            source = _Replay(source)
        self.source = source
        self.random_access = hasattr(source, "__getitem__") and hasattr(source, "__len__")
        if self.random_access:
            super().__init__(num_samples, shuffle, sampler, num_shards, shard_id)
        else:
            if not (callable(source) or hasattr(source, "__iter__")):
                raise TypeError(f"GeneratorDataset: source must be a random-access object (__getitem__ and "
                                f"__len__), an iterable or a callable returning a generator, got {source!r}")
            if shuffle or sampler is not None or num_shards is not None:
                raise ValueError("GeneratorDataset: shuffle, sampler and num_shards need a random-access source "
                                 f"(__getitem__ and __len__); {type(source).__name__} is only iterable")
            Dataset.__init__(self)
            samplers._check_count(num_samples, "num_samples")
            self.num_samples = num_samples or None

    def _columns(self):
        return list(self.names)

    def _num_rows(self):
        return len(self.source)

    def _count(self):
        if self.random_access:
            return super()._count()
        if self.num_samples is not None and hasattr(self.source, "__len__"):
            return min(len(self.source), self.num_samples)
        return len(self.source) if hasattr(self.source, "__len__") else None

    def _read(self, i) -> list[np.ndarray]:
        try:
            item = self.source[int(i)]
        except Exception as e:
            raise RuntimeError(f"GeneratorDataset: source[{int(i)}] raised {type(e).__name__}: {e}") from e
        return _row(item, self.names, f"source[{int(i)}]")

    def _gather(self, indices):
        return from_samples(self.names, [self._read(i) for i in indices])

    def _blocks(self, run: Run) -> Iterator[Rows]:
        """The rows in blocks; the rows read before a failing one still come out, then its error (as in
        MindSpore, whose first row is there even when a later one fails)."""
        if self.random_access:
            order = self.sampler.indices(self._num_rows(), run.stream(self).generator)
            for start in range(0, len(order), BLOCK_ROWS):
                samples = []
                try:
                    for i in order[start:start + BLOCK_ROWS]:
                        samples.append(self._read(i))
                except RuntimeError:
                    if samples:
                        yield from_samples(self.names, samples)
                    raise
                yield from_samples(self.names, samples)
            return
        try:
            items = iter(self.source() if callable(self.source) and not hasattr(self.source, "__iter__")
                         else self.source)
        except Exception as e:
            raise RuntimeError(f"GeneratorDataset: starting the source raised {type(e).__name__}: {e}") from e
        samples, read = [], 0
        while self.num_samples is None or read < self.num_samples:
            try:
                item = next(items)
            except StopIteration:
                break
            except Exception as e:
                if samples:
                    yield from_samples(self.names, samples)
                raise RuntimeError(f"GeneratorDataset: the source raised {type(e).__name__}: {e} (row {read})") \
                    from e
            try:
                samples.append(_row(item, self.names, f"row {read}"))
            except RuntimeError:
                if samples:
                    yield from_samples(self.names, samples)
                raise
            read += 1
            if len(samples) == _ITERABLE_ROWS:
                yield from_samples(self.names, samples)
                samples = []
        if samples:
            yield from_samples(self.names, samples)


class NumpySlicesDataset(MappableSource):
    """Columns sliced from ``data`` along its first axis: a list or array is one column (``column_0``), a
    tuple one column per element, a dict one per key."""

    _conflict = ValueError

    def __init__(self, data, column_names=None, num_samples=None, num_parallel_workers=1, shuffle=None,
                 sampler=None, num_shards=None, shard_id=None) -> None:
        super().__init__(num_samples, shuffle, sampler, num_shards, shard_id)
        if isinstance(data, dict):
            names, arrays = list(data), list(data.values())
        elif isinstance(data, tuple):
            names, arrays = [f"column_{i}" for i in range(len(data))], list(data)
        elif isinstance(data, (list, np.ndarray)):
            names, arrays = ["column_0"], [data]
        else:
            raise TypeError(f"NumpySlicesDataset: data must be a list, tuple, dict or NumPy array, got "
                            f"{type(data).__name__}")
        if column_names is not None:
            given = column_list(column_names, "NumpySlicesDataset: column_names")
            if len(given) != len(names):
                raise ValueError(f"NumpySlicesDataset: {len(given)} column_names {given} for {len(names)} columns")
            names = given
        self.names = names
        self.arrays = [as_row_array(a, f"NumpySlicesDataset: column {n!r}") for n, a in zip(names, arrays)]
        lengths = {len(a) if a.ndim else -1 for a in self.arrays}
        if len(lengths) != 1 or -1 in lengths:
            raise ValueError(f"NumpySlicesDataset: the columns must be sequences of one length, got lengths "
                             f"{[len(a) if a.ndim else 'scalar' for a in self.arrays]}")

    def _columns(self):
        return list(self.names)

    def _num_rows(self):
        return len(self.arrays[0])

    def _row_bytes(self):
        return sum(a.itemsize * int(np.prod(a.shape[1:])) for a in self.arrays)

    def _gather(self, indices):
        return Rows(self.names, [gather(a, indices) for a in self.arrays], len(indices))

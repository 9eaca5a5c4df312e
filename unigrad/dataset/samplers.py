"""Samplers: which rows of a random-access source one epoch reads, and in what order (MindSpore's
``mindspore.dataset.*Sampler``). A sampler draws from the stream the pipeline gives it, so the same dataset
seed gives the same orders, and the model's weights do not depend on whether the data is shuffled."""
from __future__ import annotations

from typing import Sequence

import numpy as np

from unigrad import _random

MINDSPORE_DEFAULT_SEED = 5489  # std::mt19937's default, what MindSpore's get_seed reports before set_seed


def shared_seed() -> int:
    """The dataset seed, or MindSpore's default before one is set: what a draw every process (every shard,
    every split) must agree on starts from, and what ``config.get_seed`` reports."""
    seed = _random.get_dataset_seed()
    return MINDSPORE_DEFAULT_SEED if seed is None else seed


def _check_count(value, name: str, allow_none: bool = True) -> None:
    if value is None and allow_none:
        return
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ValueError(f"{name} must be a non-negative int{' or None' if allow_none else ''}, got {value!r}")


class Sampler:
    """The base: ``indices(n, generator)`` is one epoch's order over a source of ``n`` rows."""

    def __init__(self, num_samples: int | None = None) -> None:
        _check_count(num_samples, "num_samples")
        self.num_samples = num_samples or None  # MindSpore: 0 means all

    def count(self, n: int) -> int:
        """How many rows an epoch reads, without drawing."""
        return len(self.indices(n, np.random.default_rng(0)))

    def indices(self, n: int, generator: np.random.Generator) -> np.ndarray:
        raise NotImplementedError

    def _limit(self, order: np.ndarray) -> np.ndarray:
        return order if self.num_samples is None else order[:self.num_samples]


class SequentialSampler(Sampler):
    """Rows in order, from ``start_index``."""

    def __init__(self, start_index: int | None = None, num_samples: int | None = None) -> None:
        super().__init__(num_samples)
        _check_count(start_index, "start_index")
        self.start_index = start_index or 0

    def count(self, n: int) -> int:
        return len(self._limit(np.arange(min(self.start_index, n), n)))

    def indices(self, n, generator):
        if self.start_index >= n > 0:
            raise RuntimeError(f"SequentialSampler: start_index {self.start_index} is not below the dataset's "
                               f"{n} rows")
        return self._limit(np.arange(self.start_index, n, dtype=np.int64))


class RandomSampler(Sampler):
    """A fresh random order every epoch; with ``replacement``, ``num_samples`` independent draws."""

    def __init__(self, replacement: bool = False, num_samples: int | None = None) -> None:
        super().__init__(num_samples)
        if not isinstance(replacement, bool):
            raise TypeError(f"replacement must be a bool, got {replacement!r}")
        self.replacement = replacement

    def count(self, n: int) -> int:
        return n if self.num_samples is None else (self.num_samples if self.replacement else min(n, self.num_samples))

    def indices(self, n, generator):
        if self.replacement:
            draws = generator.random(self.count(n))
            return np.minimum((draws * n).astype(np.int64), n - 1)
        return self._limit(generator.permutation(n))


class SubsetSampler(Sampler):
    """The given indices, in the given order."""

    def __init__(self, indices: Sequence[int], num_samples: int | None = None) -> None:
        super().__init__(num_samples)
        array = np.asarray(indices)
        if array.ndim != 1 or (array.size and array.dtype.kind not in "iu"):
            raise TypeError(f"indices must be a sequence of ints, got {indices!r}")
        self.subset = array.astype(np.int64)

    def count(self, n: int) -> int:
        return len(self._limit(self.subset))

    def _checked(self, n: int) -> np.ndarray:
        bad = self.subset[(self.subset < 0) | (self.subset >= n)]
        if bad.size:
            raise RuntimeError(f"{type(self).__name__}: index {int(bad[0])} is out of the dataset's {n} rows")
        return self.subset

    def indices(self, n, generator):
        return self._limit(self._checked(n))


class SubsetRandomSampler(SubsetSampler):
    """The given indices in a fresh random order every epoch."""

    def indices(self, n, generator):
        subset = self._checked(n)
        return self._limit(subset[generator.permutation(len(subset))])


class DistributedSampler(Sampler):
    """Shard ``shard_id`` of ``num_shards``: every shard reads ceil(n / num_shards) rows, the rows
    shard_id, shard_id + num_shards, ... of one order shared by all shards (wrapping round to fill the last
    ones, as MindSpore does). Shuffled, the order is drawn from the dataset seed and the epoch alone, so
    every process draws the same one."""

    def __init__(self, num_shards: int, shard_id: int, shuffle: bool = True, num_samples: int | None = None,
                 offset: int = -1) -> None:
        super().__init__(num_samples)
        _check_count(num_shards, "num_shards", allow_none=False)
        _check_count(shard_id, "shard_id", allow_none=False)
        if num_shards < 1 or shard_id >= num_shards:
            raise ValueError(f"shard_id must be in [0, num_shards), num_shards >= 1; got shard_id {shard_id}, "
                             f"num_shards {num_shards}")
        if not isinstance(shuffle, bool):
            raise TypeError(f"shuffle must be a bool, got {shuffle!r}")
        self.num_shards, self.shard_id, self.shuffle = num_shards, shard_id, shuffle
        self._epoch = 0

    def count(self, n: int) -> int:
        per_shard = -(-n // self.num_shards)
        return per_shard if self.num_samples is None else min(per_shard, self.num_samples)

    def indices(self, n, generator):
        order = np.arange(n, dtype=np.int64)
        if self.shuffle:
            order = np.random.default_rng([shared_seed(), self._epoch]).permutation(n)
            self._epoch += 1
        per_shard = -(-n // self.num_shards)
        positions = (self.shard_id + self.num_shards * np.arange(per_shard)) % max(n, 1)
        return self._limit(order[positions] if n else order)


def from_arguments(num_samples, shuffle, sampler, num_shards, shard_id, default_shuffle: bool = True,
                   conflict: type[Exception] = RuntimeError) -> Sampler:
    """The sampler a source's arguments ask for, with MindSpore's checks of how they combine. Arguments that
    exclude each other raise ``conflict``: MindSpore's file sources raise a RuntimeError, GeneratorDataset and
    NumpySlicesDataset a ValueError."""
    if (num_shards is None) != (shard_id is None):
        raise conflict(f"num_shards and shard_id go together; got num_shards={num_shards!r}, shard_id={shard_id!r}")
    if sampler is not None:
        if shuffle is not None:
            raise conflict(f"Conflicting arguments: sampler and shuffle cannot be specified at the same time; got "
                           f"sampler={sampler!r}, shuffle={shuffle!r}")
        if num_shards is not None:
            raise conflict(f"Conflicting arguments: sampler and sharding cannot be specified at the same time; got "
                           f"sampler={sampler!r}, num_shards={num_shards!r}, shard_id={shard_id!r}")
        if num_samples is not None:
            raise conflict(f"Conflicting arguments: sampler and num_samples cannot be specified at the same time "
                           f"(give num_samples to the sampler); got num_samples={num_samples!r}")
        if isinstance(sampler, (list, tuple, np.ndarray)):
            sampler = SubsetSampler(sampler)
        if not isinstance(sampler, Sampler):
            raise TypeError(f"sampler must be a unigrad.dataset sampler or a list of indices, got {sampler!r}")
        return sampler
    if shuffle is not None and not isinstance(shuffle, bool):
        raise TypeError(f"shuffle must be a bool or None, got {shuffle!r}")
    shuffle = default_shuffle if shuffle is None else shuffle
    if num_shards is not None:
        return DistributedSampler(num_shards, shard_id, shuffle, num_samples)
    return RandomSampler(num_samples=num_samples) if shuffle else SequentialSampler(num_samples=num_samples)

"""The base of the random-access sources: a sampler picks each epoch's row indices, the source reads those
rows in blocks (one NumPy gather per block where the rows are arrays)."""
from __future__ import annotations

import os
from typing import Iterator

import numpy as np

from unigrad.dataset import samplers
from unigrad.dataset._rows import Rows
from unigrad.dataset.dataset import Dataset, Run

# Rows read per gather. Large enough to amortise Python's cost per block, small enough that a block's float32
# copies stay in cache and come from the allocator's free lists: measured on the MNIST tutorial's pipeline
# (benchmarks/dataset_pipeline.py), 128 rows took 32 ms an epoch, 256 to 1,024 rows 95 ms, as glibc handed
# the larger buffers back to the OS and every block faulted its pages in again.
BLOCK_ROWS = 128


class MappableSource(Dataset):
    """A source whose rows can be read by index (``_num_rows``, ``_gather``)."""

    def __init__(self, num_samples=None, shuffle=None, sampler=None, num_shards=None, shard_id=None) -> None:
        super().__init__()
        self.sampler = samplers.from_arguments(num_samples, shuffle, sampler, num_shards, shard_id)

    def _num_rows(self) -> int:
        raise NotImplementedError

    def _gather(self, indices: np.ndarray) -> Rows:
        """The rows at ``indices``, as fresh arrays (a user's function may write to them)."""
        raise NotImplementedError

    def _count(self):
        return self.sampler.count(self._num_rows())

    def _blocks(self, run: Run) -> Iterator[Rows]:
        order = self.sampler.indices(self._num_rows(), run.stream(self).generator)
        for start in range(0, len(order), BLOCK_ROWS):
            yield self._gather(order[start:start + BLOCK_ROWS])


def check_folder(dataset_dir) -> str:
    """The folder as a string; MindSpore's ValueError when it is not a readable folder."""
    if not isinstance(dataset_dir, (str, os.PathLike)):
        raise TypeError(f"dataset_dir must be a path (str or os.PathLike), got {dataset_dir!r}")
    path = os.fspath(dataset_dir)
    if not os.path.isdir(path) or not os.access(path, os.R_OK):
        raise ValueError(f"The folder {path} does not exist or is not a directory or permission denied!")
    return path


def check_usage(usage, allowed: tuple[str, ...], name: str) -> str:
    if usage is None:
        return "all"
    if usage not in allowed:
        raise ValueError(f"{name}: usage must be one of {list(allowed)} or None, got {usage!r}")
    return usage

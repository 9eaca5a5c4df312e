"""``Cifar10Dataset``: CIFAR-10's binary version (``data_batch_1.bin``... ``test_batch.bin``: a label byte,
then the 32x32 red, green and blue planes), memory-mapped."""
from __future__ import annotations

import os

import numpy as np

from unigrad.dataset._rows import Rows
from unigrad.dataset.dataset import MappableSource
from unigrad.dataset.sources._folders import check_folder, check_usage

_RECORD = 1 + 3 * 32 * 32
_FILES = {"train": [f"data_batch_{i}.bin" for i in range(1, 6)], "test": ["test_batch.bin"]}


class Cifar10Dataset(MappableSource):
    """Columns ``image`` (uint8, 32x32x3, HWC) and ``label`` (uint32). A folder without the files ``usage``
    asks for makes, as in MindSpore, a dataset of size 0 that fails (RuntimeError) when read."""

    def __init__(self, dataset_dir, usage=None, num_samples=None, num_parallel_workers=None, shuffle=None,
                 sampler=None, num_shards=None, shard_id=None, cache=None) -> None:
        super().__init__(num_samples, shuffle, sampler, num_shards, shard_id)
        self.dataset_dir = check_folder(dataset_dir)
        self.usage = check_usage(usage, ("train", "test", "all"), "Cifar10Dataset")
        names = _FILES["train"] + _FILES["test"] if self.usage == "all" else _FILES[self.usage]
        self._paths = [os.path.join(self.dataset_dir, n) for n in names
                       if os.path.isfile(os.path.join(self.dataset_dir, n))]
        self._missing = None if self._paths else f"Cifar10Dataset: {self.dataset_dir} holds none of {names}"
        self._records = None

    def _columns(self):
        return ["image", "label"]

    def _load(self) -> np.ndarray:
        if self._records is None:
            parts = []
            for path in self._paths:
                size = os.path.getsize(path)
                if size % _RECORD:
                    raise RuntimeError(f"Invalid cifar10 file {path}: {size} bytes is not a whole number of "
                                       f"{_RECORD}-byte records (truncated?)")
                if size:
                    parts.append(np.memmap(path, np.uint8, mode="r").reshape(-1, _RECORD))
            self._records = parts[0] if len(parts) == 1 else np.concatenate(parts) if parts else \
                np.zeros((0, _RECORD), np.uint8)
        return self._records

    def _num_rows(self):
        return 0 if self._missing else len(self._load())

    def _blocks(self, run):
        if self._missing:
            raise RuntimeError(self._missing)
        return super()._blocks(run)

    def _gather(self, indices):
        records = self._load()[indices]
        images = np.ascontiguousarray(records[:, 1:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1))
        return Rows(["image", "label"], [images, records[:, 0].astype(np.uint32)], len(indices))

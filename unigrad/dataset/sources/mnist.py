"""``MnistDataset``: MNIST's IDX files (raw or gzipped) in MindSpore's folder layout, read once:
memory-mapped when raw, decompressed once when gzipped."""
from __future__ import annotations

import gzip
import os

import numpy as np

from unigrad.dataset._rows import Rows, gather
from unigrad.dataset.dataset import MappableSource
from unigrad.dataset.sources._folders import check_folder, check_usage

_FILES = {"train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
          "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")}
_IMAGES_MAGIC, _LABELS_MAGIC = 2051, 2049


def read_idx(path: str, magic: int, ndim: int) -> np.ndarray:
    """An unsigned-byte IDX file's array (memory-mapped when raw); RuntimeError naming the file when its
    magic number or its length is wrong."""
    if path.endswith(".gz"):
        try:
            with gzip.open(path, "rb") as f:
                data = np.frombuffer(f.read(), np.uint8)
        except (OSError, EOFError) as e:
            raise RuntimeError(f"Invalid mnist file {path}: cannot decompress it ({e})") from None
    else:
        data = np.memmap(path, np.uint8, mode="r") if os.path.getsize(path) else np.zeros(0, np.uint8)
    header = 4 + 4 * ndim
    if data.size < header:
        raise RuntimeError(f"Invalid mnist file {path}: {data.size} bytes, shorter than its {header}-byte header")
    fields = data[:header].view(">u4").astype(np.int64)
    if fields[0] != magic:
        raise RuntimeError(f"Invalid mnist file, the magic number of {path} should be {magic}, but got "
                           f"{int(fields[0])}")
    shape = tuple(int(s) for s in fields[1:])
    expected = header + int(np.prod(shape))
    if data.size != expected:
        raise RuntimeError(f"Invalid mnist file {path}: the header says {shape} ({expected} bytes), the file "
                           f"holds {data.size} bytes (truncated?)")
    # a plain ndarray over the mapping (which it keeps open): indexing a np.memmap makes memmap objects,
    # whose Python-level __getitem__ and __array_finalize__ cost more than the gather itself
    return data[header:].reshape(shape).view(np.ndarray)


def _find(folder: str, name: str) -> str | None:
    for candidate in (name, name + ".gz"):
        path = os.path.join(folder, candidate)
        if os.path.isfile(path):
            return path
    return None


class MnistDataset(MappableSource):
    """Columns ``image`` (uint8, 28x28x1) and ``label`` (uint32). ``usage`` 'train', 'test', or 'all'
    (None): every split whose files the folder holds, test first (MindSpore's order: t10k before train).
    A folder without the files asked for makes, as in MindSpore, a dataset of size 0 that fails (RuntimeError)
    when read."""

    def __init__(self, dataset_dir, usage=None, num_samples=None, num_parallel_workers=None, shuffle=None,
                 sampler=None, num_shards=None, shard_id=None, cache=None) -> None:
        super().__init__(num_samples, shuffle, sampler, num_shards, shard_id)
        self.dataset_dir = check_folder(dataset_dir)
        self.usage = check_usage(usage, ("train", "test", "all"), "MnistDataset")
        splits = ("test", "train") if self.usage == "all" else (self.usage,)
        self._paths, self._missing = [], None
        for split in splits:
            found = [_find(self.dataset_dir, name) for name in _FILES[split]]
            if all(found):
                self._paths.append(found)
            elif any(found):
                missing = [n for n, f in zip(_FILES[split], found) if f is None]
                raise RuntimeError(f"MnistDataset: {self.dataset_dir} has no {' or '.join(missing)} (raw or .gz)")
        if not self._paths:
            self._missing = (f"MnistDataset: {self.dataset_dir} holds no MNIST files for usage {self.usage!r}; "
                             f"expected {_FILES['train']} or {_FILES['test']} (raw or .gz)")
        self._arrays = None

    def _columns(self):
        return ["image", "label"]

    def _load(self) -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray]:
        if self._arrays is None:
            images, labels = [], []
            for images_path, labels_path in self._paths:
                split_images = read_idx(images_path, _IMAGES_MAGIC, 3)
                split_labels = read_idx(labels_path, _LABELS_MAGIC, 1)
                if len(split_images) != len(split_labels):
                    raise RuntimeError(f"Invalid mnist files: {images_path} holds {len(split_images)} images but "
                                       f"{labels_path} {len(split_labels)} labels")
                images.append(split_images)
                labels.append(split_labels.astype(np.uint32))
            starts = np.cumsum([0] + [len(i) for i in images])
            self._arrays = images, labels, starts
        return self._arrays

    def _num_rows(self):
        return 0 if self._missing else int(self._load()[2][-1])

    def _row_bytes(self):
        return 28 * 28 + 4

    def _blocks(self, run):
        if self._missing:
            raise RuntimeError(self._missing)
        return super()._blocks(run)

    def _gather(self, indices):
        images, labels, starts = self._load()
        if len(images) == 1:
            image, label = gather(images[0], indices), gather(labels[0], indices)
        else:
            split = np.searchsorted(starts, indices, side="right") - 1
            image = np.empty((len(indices), 28, 28), np.uint8)
            label = np.empty(len(indices), np.uint32)
            for s in range(len(images)):
                chosen = split == s
                image[chosen] = images[s][indices[chosen] - starts[s]]
                label[chosen] = labels[s][indices[chosen] - starts[s]]
        return Rows(["image", "label"], [image[..., None], label], len(indices))

"""``ImageFolderDataset``: one sub-folder per class, its image files the class's rows (encoded bytes, or
decoded RGB with ``decode=True``, which needs Pillow)."""
from __future__ import annotations

import os

import numpy as np

from unigrad.dataset._rows import Rows, stack
from unigrad.dataset.dataset import MappableSource
from unigrad.dataset.sources._folders import check_folder


class ImageFolderDataset(MappableSource):
    """Columns ``image`` (the file's bytes, uint8, or HWC RGB uint8 when decoded) and ``label`` (int32):
    classes in sorted folder order unless ``class_indexing`` maps them, files sorted within a class."""

    def __init__(self, dataset_dir, num_samples=None, num_parallel_workers=None, shuffle=None, sampler=None,
                 extensions=None, class_indexing=None, decode=False, num_shards=None, shard_id=None,
                 cache=None, decrypt=None) -> None:
        super().__init__(num_samples, shuffle, sampler, num_shards, shard_id)
        self.dataset_dir = check_folder(dataset_dir)
        self.decode = bool(decode)
        wanted = None if extensions is None else {e.lower() for e in extensions}
        classes = sorted(d for d in os.listdir(self.dataset_dir) if os.path.isdir(os.path.join(self.dataset_dir, d)))
        if class_indexing is not None:
            if not isinstance(class_indexing, dict) or not all(isinstance(v, int) for v in class_indexing.values()):
                raise TypeError(f"ImageFolderDataset: class_indexing must map folder names to ints, got "
                                f"{class_indexing!r}")
            unknown = sorted(set(class_indexing) - set(classes))
            if unknown:
                raise ValueError(f"ImageFolderDataset: class_indexing names folders {unknown} that "
                                 f"{self.dataset_dir} does not have")
            classes = [c for c in classes if c in class_indexing]
        self.class_indexing = class_indexing or {c: i for i, c in enumerate(classes)}
        self._files, labels = [], []
        for c in classes:
            folder = os.path.join(self.dataset_dir, c)
            for name in sorted(os.listdir(folder)):
                path = os.path.join(folder, name)
                if os.path.isfile(path) and (wanted is None or os.path.splitext(name)[1].lower() in wanted):
                    self._files.append(path)
                    labels.append(self.class_indexing[c])
        self._labels = np.asarray(labels, np.int32)

    def _columns(self):
        return ["image", "label"]

    def _num_rows(self):
        return len(self._files)

    def get_class_indexing(self) -> dict:
        return dict(self.class_indexing)

    def _gather(self, indices):
        images = []
        for i in indices:
            with open(self._files[i], "rb") as f:
                data = np.frombuffer(f.read(), np.uint8)
            if self.decode:
                from unigrad.dataset.vision.transforms import Decode
                data = Decode()._sample(data, None)
            images.append(data)
        return Rows(["image", "label"], [stack(images), self._labels[indices]], len(indices))

"""``MindDataset``: the rows unigrad's ``mindrecord.FileWriter`` wrote, by index (memory-mapped files)."""
from __future__ import annotations

import os
from typing import Sequence

from unigrad.dataset._rows import from_samples
from unigrad.dataset.dataset import MappableSource
from unigrad.mindrecord import _file


class MindDataset(MappableSource):
    """The fields of ``dataset_files`` as columns, in name order (MindSpore's) or ``columns_list``'s.
    ``dataset_files``: one file name (every shard of the set it belongs to) or a list of files (those only)."""

    def __init__(self, dataset_files: str | Sequence[str], columns_list: Sequence[str] | None = None,
                 num_parallel_workers=None, shuffle=None, num_shards=None, shard_id=None, sampler=None,
                 padded_sample=None, num_padded=None, num_samples=None, cache=None) -> None:
        super().__init__(num_samples, shuffle, sampler, num_shards, shard_id)
        if padded_sample is not None or num_padded is not None:
            raise NotImplementedError("MindDataset: padded_sample and num_padded are not supported by unigrad")
        if isinstance(dataset_files, str):
            header, _ = _file.read(dataset_files)
            folder = os.path.dirname(os.path.abspath(dataset_files))
            paths = [os.path.join(folder, name) for name in header["shard_files"]]
        elif isinstance(dataset_files, (list, tuple)) and dataset_files and all(
                isinstance(p, str) for p in dataset_files):
            paths = list(dataset_files)
        else:
            raise TypeError(f"MindDataset: dataset_files must be a file name or a list of them, got {dataset_files!r}")
        self._shards = [_file.read(path) for path in paths]
        schema = self._shards[0][0]["schema"]
        for path, (header, _) in zip(paths, self._shards):
            if header["schema"] != schema:
                raise RuntimeError(f"MindDataset: {path} has another schema than {paths[0]}")
        self._schema = schema
        if columns_list is None:
            self._names = sorted(schema)
        else:
            if not isinstance(columns_list, (list, tuple)) or not columns_list:
                raise TypeError(f"MindDataset: columns_list must be a non-empty list of field names, "
                                f"got {columns_list!r}")
            unknown = [c for c in columns_list if c not in schema]
            if unknown:
                raise RuntimeError(f"MindDataset: columns_list names fields the files lack: {unknown}; "
                                   f"they hold {sorted(schema)}")
            self._names = list(columns_list)
        # row i: (shard, entry), in the order the writer dealt them: row r went to shard r % shards
        counts = [len(header["rows"]) for header, _ in self._shards]
        self._order = [(s, i) for i in range(max(counts, default=0)) for s in range(len(counts)) if i < counts[s]]

    def _columns(self):
        return list(self._names)

    def _num_rows(self):
        return len(self._order)

    def _gather(self, indices):
        samples = []
        for index in indices:
            shard, row = self._order[int(index)]
            header, data = self._shards[shard]
            entry = header["rows"][row]
            samples.append([_file.decode(self._schema, entry, data, name) for name in self._names])
        return from_samples(self._names, samples)

"""``FileWriter``: MindSpore's MindRecord writer API (add_schema, add_index, write_raw_data, commit) over
unigrad's record files (``_file``)."""
from __future__ import annotations

import os
from typing import Any, Sequence

from unigrad.mindrecord import _file


class FileWriter:
    """Rows written to ``shard_num`` files: ``file_name`` itself for one shard, else ``file_name0`` to
    ``file_name{shard_num-1}`` (rows dealt round-robin), each with its ``.db`` index. Rows are kept until
    ``commit()``, which writes every file atomically."""

    def __init__(self, file_name: str, shard_num: int = 1, overwrite: bool = False) -> None:
        if not isinstance(file_name, str) or not file_name or os.path.basename(file_name) == "":
            raise ValueError(f"FileWriter: file_name must be a file's path, got {file_name!r}")
        if isinstance(shard_num, bool) or not isinstance(shard_num, int) or not 1 <= shard_num <= 1000:
            raise ValueError(f"FileWriter: shard_num must be an int in [1, 1000], got {shard_num!r}")
        if not isinstance(overwrite, bool):
            raise TypeError(f"FileWriter: overwrite must be a bool, got {overwrite!r}")
        self._paths = [os.path.abspath(file_name)] if shard_num == 1 else [
            os.path.abspath(f"{file_name}{i}") for i in range(shard_num)]
        existing = [p for path in self._paths for p in (path, path + ".db") if os.path.exists(p)]
        if existing and not overwrite:
            raise RuntimeError(f"Invalid file, mindrecord files already exist: {existing}; pass overwrite=True "
                               f"to replace them")
        if not os.path.isdir(os.path.dirname(self._paths[0])):
            raise ValueError(f"FileWriter: the folder of {file_name!r} does not exist")
        self._schema: dict | None = None
        self._desc = ""
        self._index: list[str] = []
        self._rows: list[Any] = []
        self._committed = False

    def add_schema(self, content: dict, desc: str | None = None) -> int:
        """The fields and their types (``_file.check_schema``); returns the schema's id, 0."""
        if self._schema is not None:
            raise RuntimeError("FileWriter: the schema is already added; a writer takes one")
        if desc is not None and not isinstance(desc, str):
            raise TypeError(f"FileWriter.add_schema: desc must be a str, got {desc!r}")
        self._schema, self._desc = _file.check_schema(content), desc or ""
        return 0

    def add_index(self, index_fields: Sequence[str]) -> None:
        """Fields to index: scalar numeric or string fields of the schema (recorded in the files' headers)."""
        if self._schema is None:
            raise RuntimeError("FileWriter.add_index: add the schema first")
        if not isinstance(index_fields, list) or not index_fields:
            raise ValueError(f"FileWriter.add_index: index_fields must be a non-empty list, got {index_fields!r}")
        for field in index_fields:
            spec = self._schema.get(field)
            if spec is None or spec["type"] == "bytes" or "shape" in spec:
                raise ValueError(f"FileWriter.add_index: {field!r} is not a scalar number or string field of the "
                                 f"schema")
        self._index = list(index_fields)

    def write_raw_data(self, raw_data: list[dict], parallel_writer: bool = False) -> None:
        """Adds rows (each a dict of field -> value, checked against the schema)."""
        if self._committed:
            raise RuntimeError("FileWriter: already committed")
        if self._schema is None:
            raise RuntimeError("FileWriter.write_raw_data: add the schema first (add_schema)")
        if not isinstance(raw_data, list):
            raise TypeError(f"write_raw_data: raw_data must be a list of dicts, got {type(raw_data).__name__}")
        for row in raw_data:
            _file.encode(self._schema, row, [], 0)  # checks the row now, where the user can see which
        self._rows.extend(raw_data)

    def commit(self) -> None:
        """Writes the files."""
        if self._schema is None:
            raise RuntimeError("FileWriter.commit: add the schema first (add_schema)")
        shards = len(self._paths)
        for s, path in enumerate(self._paths):
            blobs: list[bytes] = []
            entries, offset = [], 0
            for row in self._rows[s::shards]:
                entry, offset = _file.encode(self._schema, row, blobs, offset)
                entries.append(entry)
            header = {"schema": self._schema, "desc": self._desc, "index_fields": self._index,
                      "shard_files": [os.path.basename(p) for p in self._paths], "shard_id": s, "rows": entries}
            _file.write(path, header, blobs)
        self._committed = True

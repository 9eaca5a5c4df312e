"""``Dataset.save``: a pipeline's rows written as MindRecord files (``unigrad.mindrecord``), with MindSpore 2.10's
implicit casts: bool and integers of 32 bits or fewer become int32, wider ones int64, float16 becomes float32.
An array column is stored with a free first dimension (``"shape": [-1, ...]``), as MindSpore stores it."""
from __future__ import annotations

from typing import Any

import numpy as np

from unigrad.mindrecord import FileWriter
from unigrad.mindrecord._file import NUMERIC

_CASTS = {"bool": "int32", "int8": "int32", "uint8": "int32", "int16": "int32", "uint16": "int32", "int32": "int32",
          "uint32": "int64", "int64": "int64", "uint64": "int64", "float16": "float32", "float32": "float32",
          "float64": "float64"}


def _field(name: str, values: list[np.ndarray]) -> dict:
    """The schema of one column from its values: its MindRecord type, and a shape for an array column."""
    first = values[0]
    if first.dtype.kind == "U":
        kind = "string"
    elif first.dtype.kind == "S":
        kind = "bytes"
    elif first.dtype.name in _CASTS:
        kind = _CASTS[first.dtype.name]
    else:
        raise TypeError(f"Dataset.save: column {name!r} has dtype {first.dtype}, which MindRecord cannot store "
                        f"(it stores {sorted(_CASTS)}, strings and bytes)")
    spec = {"type": kind}
    if first.ndim and kind in NUMERIC:
        rest = {v.shape[1:] for v in values}
        if len(rest) > 1:
            raise ValueError(f"Dataset.save: column {name!r} holds arrays of shapes {sorted(rest)}: MindRecord lets "
                             f"only the first dimension vary")
        spec["shape"] = [-1, *first.shape[1:]]
    return spec


def _value(spec: dict, value: np.ndarray) -> Any:
    if spec["type"] == "string":
        return str(value)
    if spec["type"] == "bytes":
        return bytes(value)
    return value.astype(NUMERIC[spec["type"]])


def save(dataset: Any, file_name: str, num_files: int = 1, file_type: str = "mindrecord") -> None:
    """Write every row of ``dataset`` to ``num_files`` MindRecord files named from ``file_name`` (all at once, on
    success only: ``FileWriter.commit`` writes each file atomically)."""
    if file_type != "mindrecord":
        raise ValueError(f"{file_type} dataset format is not supported.")
    if isinstance(num_files, bool) or not isinstance(num_files, int) or not 1 <= num_files <= 1000:
        raise ValueError("num_files should between 0 and 1000.")
    names = dataset.get_col_names()
    rows = [[np.asarray(v) for v in row] for row in dataset.create_tuple_iterator(num_epochs=1, output_numpy=True)]
    if not rows:
        raise RuntimeError("Dataset.save: the pipeline gives no rows to save")
    schema = {name: _field(name, [row[i] for row in rows]) for i, name in enumerate(names)}
    writer = FileWriter(file_name, num_files)
    writer.add_schema(schema, "saved by Dataset.save")
    writer.write_raw_data([{name: _value(schema[name], row[i]) for i, name in enumerate(names)} for row in rows])
    writer.commit()

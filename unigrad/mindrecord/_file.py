"""unigrad's record file: ``MAGIC``, the header's length (8 bytes, little-endian), the header (JSON: the
schema, its description, the index fields, the shard files, and per row each field's value or the place of
its bytes), then the numeric values' and bytes fields' bytes. A shard's ``.db`` holds its header alone."""
from __future__ import annotations

import json
import os
from typing import Any

import numpy as np

MAGIC = b"UNIGRAD-RECORD 1\n"
NUMERIC = {"int32": np.int32, "int64": np.int64, "float32": np.float32, "float64": np.float64}
TYPES = (*NUMERIC, "string", "bytes")


def check_schema(schema: Any) -> dict:
    """MindSpore's schema: {field: {"type": one of TYPES, "shape": [dims] for numeric arrays (-1: any)}}."""
    if not isinstance(schema, dict) or not schema:
        raise ValueError(f"Invalid schema: it must be a non-empty dict of field -> {{'type': ...}}, got {schema!r}")
    for field, spec in schema.items():
        if not isinstance(field, str) or not field:
            raise ValueError(f"Invalid schema: field names must be non-empty strings, got {field!r}")
        if not isinstance(spec, dict) or spec.get("type") not in TYPES or set(spec) - {"type", "shape"}:
            raise ValueError(f"Invalid schema: field {field!r} must be {{'type': one of {list(TYPES)}[, 'shape': "
                             f"[...]]}}, got {spec!r}")
        if "shape" in spec:
            shape = spec["shape"]
            if spec["type"] not in NUMERIC:
                raise ValueError(f"Invalid schema: field {field!r} of type {spec['type']!r} takes no shape")
            if not isinstance(shape, list) or not shape or not all(
                    isinstance(d, int) and not isinstance(d, bool) and (d > 0 or d == -1) for d in shape):
                raise ValueError(f"Invalid schema: the shape of field {field!r} must be a list of positive ints "
                                 f"or -1, got {shape!r}")
    return schema


def encode(schema: dict, row: Any, blobs: list[bytes], offset: int) -> tuple[dict, int]:
    """One row's header entry (values, or [offset, length, shape] of bytes appended to ``blobs``)."""
    if not isinstance(row, dict):
        raise TypeError(f"write_raw_data: each row must be a dict of field -> value, got {type(row).__name__}")
    extra = set(row) - set(schema)
    missing = set(schema) - set(row)
    if extra or missing:
        raise ValueError(f"write_raw_data: the row's fields {sorted(row)} are not the schema's {sorted(schema)}")
    entry = {}
    for field, spec in schema.items():
        value, kind = row[field], spec["type"]
        if kind == "string":
            if not isinstance(value, str):
                raise TypeError(f"write_raw_data: field {field!r} is a string, got {type(value).__name__}")
            entry[field] = value
            continue
        if kind == "bytes":
            if not isinstance(value, (bytes, bytearray)):
                raise TypeError(f"write_raw_data: field {field!r} is bytes, got {type(value).__name__}")
            data, shape = bytes(value), None
        else:
            array = np.asarray(value)
            if array.dtype.kind not in "biuf" or (array.dtype.kind == "f" and kind.startswith("int")):
                raise TypeError(f"write_raw_data: field {field!r} is {kind}, got a value of dtype {array.dtype}")
            expected = spec.get("shape")
            if expected is None and array.ndim != 0:
                raise ValueError(f"write_raw_data: field {field!r} is a scalar {kind} (no shape in the schema), "
                                 f"got an array of shape {array.shape}")
            if expected is not None and (len(expected) != array.ndim or any(
                    d != -1 and d != n for d, n in zip(expected, array.shape))):
                raise ValueError(f"write_raw_data: field {field!r} has shape {expected} in the schema, got "
                                 f"{list(array.shape)}")
            data, shape = np.ascontiguousarray(array, NUMERIC[kind]).tobytes(), list(array.shape)
        blobs.append(data)
        entry[field] = [offset, len(data), shape]
        offset += len(data)
    return entry, offset


def write(path: str, header: dict, blobs: list[bytes]) -> None:
    """The shard file and its ``.db`` index, each written to a temporary file and renamed into place."""
    text = json.dumps(header).encode()
    with open(path + ".partial", "wb") as f:
        f.write(MAGIC + len(text).to_bytes(8, "little") + text)
        for blob in blobs:
            f.write(blob)
        f.flush()
        os.fsync(f.fileno())
    with open(path + ".db.partial", "wb") as f:
        f.write(text)
    os.replace(path + ".partial", path)
    os.replace(path + ".db.partial", path + ".db")


def read(path: str) -> tuple[dict, np.ndarray]:
    """A shard's header and its bytes (memory-mapped); RuntimeError naming a file that is not one."""
    try:
        with open(path, "rb") as f:
            head = f.read(len(MAGIC) + 8)
            if len(head) < len(MAGIC) + 8 or not head.startswith(MAGIC):
                raise RuntimeError(f"Invalid file: {path} is not a record file that unigrad's FileWriter wrote")
            length = int.from_bytes(head[len(MAGIC):], "little")
            header = json.loads(f.read(length))
    except OSError as e:
        raise RuntimeError(f"Invalid file: cannot read {path} ({e.strerror})") from None
    start = len(MAGIC) + 8 + length
    size = os.path.getsize(path) - start
    data = np.memmap(path, np.uint8, mode="r", offset=start) if size else np.zeros(0, np.uint8)
    return header, data


def decode(schema: dict, entry: dict, data: np.ndarray, field: str) -> np.ndarray:
    """One field of one row as MindSpore's MindDataset gives it, a fresh NumPy array: bytes as uint8, strings
    as str arrays."""
    kind, value = schema[field]["type"], entry[field]
    if kind == "string":
        return np.array(value)
    offset, length, shape = value
    raw = np.array(data[offset:offset + length])  # a copy, aligned and writable
    return raw if kind == "bytes" else raw.view(NUMERIC[kind]).reshape(shape)

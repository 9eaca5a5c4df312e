"""The argument checks the pipeline's stages share, with MindSpore's error types."""
from __future__ import annotations

import numbers
from typing import Any, Sequence


def check_positive_int(value: Any, name: str, what: str) -> int:
    """MindSpore's ValueError for a count out of [1, 2**31 - 1] (a TypeError for a non-int)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{what}: {name} must be an int, got {value!r}")
    if not 1 <= value <= 2 ** 31 - 1:
        raise ValueError(f"{what}: input {name} is not within the required interval of [1, 2147483647], "
                         f"got {value}")
    return int(value)


def column_list(columns: str | Sequence[str] | None, name: str) -> list[str] | None:
    if columns is None:
        return None
    names = [columns] if isinstance(columns, str) else list(columns)
    if not names or not all(isinstance(c, str) for c in names):
        raise TypeError(f"{name} must be a column name or a non-empty list of them, got {columns!r}")
    if len(set(names)) != len(names):
        raise ValueError(f"{name} names a column twice: {names}")
    return names


def missing_columns(names: Sequence[str], wanted: Sequence[str], what: str) -> None:
    """The RuntimeError of a stage or iterator that asks for a column the dataset lacks (MindSpore's type)."""
    for name in wanted:
        if name not in names:
            raise RuntimeError(f"{what}: column {name!r} does not exist; the dataset's columns are {list(names)}")

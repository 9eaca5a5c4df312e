"""The checks of a folder and a ``usage`` that the file sources share, with MindSpore's errors."""
from __future__ import annotations

import os


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

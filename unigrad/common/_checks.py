"""Argument checks shared by ops and nn layers, with MindSpore's wording."""
from __future__ import annotations

from typing import Any


def check_bools(owner: str, **flags: Any) -> None:
    """TypeError naming the first of ``flags`` that is not a bool (MindSpore refuses 1 for True)."""
    for name, value in flags.items():
        if not isinstance(value, bool):
            raise TypeError(f"For '{owner}', the '{name}' must be bool, but got {type(value).__name__}")

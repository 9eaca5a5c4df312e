"""How a case (an expression) ended, as JSON: its value, or its error's type and message (a function's address
left out), for the goldens recorded on MindSpore 2.10 and compared on unigrad (parallel_cases, custom_cases)."""
from __future__ import annotations

import json
import os
import re
from typing import Any


def _plain(value: Any) -> Any:
    """A JSON form of a case's value (tuples as lists, other objects by their class name)."""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return f"<{type(value).__name__}>"


def outcome(case: str, ns: dict) -> dict:
    try:
        return {"value": _plain(eval(case, dict(ns)))}
    except Exception as err:  # noqa: BLE001 -- the case's error is its outcome
        return {"error": type(err).__name__, "message": re.sub(r" at 0x[0-9a-f]+", "", str(err))}


def write_golden(path: str, version: str, cases: list, ns: dict) -> None:
    """Every case's outcome under ``ns`` into the JSON golden at ``path``, written whole or not at all."""
    golden = {"mindspore": version, "cases": {case: outcome(case, ns) for case in cases}}
    with open(path + ".partial", "w") as f:
        json.dump(golden, f, indent=1, sort_keys=True)
        f.write("\n")
    os.replace(path + ".partial", path)

"""Record MindSpore 2.10's answers to ops.Custom's cases (tests/custom_cases.py) into
tests/goldens/mindspore_2.10_custom.json: for each case its value, or its error's type and message.

    flock /tmp/unigrad-goldens.lock ../msvenv/bin/python tools/record_mindspore_custom.py

tests/test_custom.py runs the same cases on unigrad, on every backend, and compares.
"""
from __future__ import annotations

import json
import os
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests"))

import mindspore as ms  # noqa: E402

from custom_cases import CASES, namespace, outcome  # noqa: E402

GOLDEN = os.path.join(ROOT, "tests", "goldens", "mindspore_2.10_custom.json")


def main() -> None:
    ns = namespace(ms, np)
    golden = {"mindspore": ms.__version__, "cases": {case: outcome(case, ns) for case in CASES}}
    with open(GOLDEN, "w") as f:
        json.dump(golden, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()

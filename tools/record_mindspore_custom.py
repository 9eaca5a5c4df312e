"""Record MindSpore 2.10's answers to ops.Custom's cases (tests/custom_cases.py) into
tests/goldens/mindspore_2.10_custom.json: for each case its value, or its error's type and message.

    flock /tmp/unigrad-goldens.lock ../msvenv/bin/python tools/record_mindspore_custom.py

tests/test_custom.py runs the same cases on unigrad, on every backend, and compares.
"""
from __future__ import annotations

import os
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests"))

import mindspore as ms  # noqa: E402

from custom_cases import CASES, namespace  # noqa: E402
from case_outcomes import write_golden  # noqa: E402

GOLDEN = os.path.join(ROOT, "tests", "goldens", "mindspore_2.10_custom.json")


def main() -> None:
    write_golden(GOLDEN, ms.__version__, CASES, namespace(ms, np))


if __name__ == "__main__":
    main()

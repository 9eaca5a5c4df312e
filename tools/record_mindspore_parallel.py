"""Record MindSpore 2.10's answers to the parallel API's cases (tests/parallel_cases.py) into
tests/goldens/mindspore_2.10_parallel.json: for each case its value, or its error's type and message.

    flock /tmp/unigrad-goldens.lock ../msvenv/bin/python tools/record_mindspore_parallel.py

On one process MindSpore's ``Cell.shard`` returns before checking anything; its checks are those of
``mindspore.parallel.shard.Shard``, so the shard cases are recorded through ``Shard()(net, ...)``.
tests/test_parallel.py runs the same cases on unigrad (``net.shard(...)``) and compares.
"""
from __future__ import annotations

import os
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests"))

import mindspore as ms  # noqa: E402
from mindspore.parallel.shard import Shard  # noqa: E402

from parallel_cases import CASES, namespace  # noqa: E402
from case_outcomes import write_golden  # noqa: E402

GOLDEN = os.path.join(ROOT, "tests", "goldens", "mindspore_2.10_parallel.json")


def main() -> None:
    write_golden(GOLDEN, ms.__version__, CASES, namespace(ms, np, lambda net, *args: Shard()(net, *args)))


if __name__ == "__main__":
    main()

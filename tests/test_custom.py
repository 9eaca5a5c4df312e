"""ops.Custom: the pyfunc kind's values, out_shape/out_dtype as values and functions, bprop's gradients (one output
and several) and the errors end as on MindSpore 2.10 (tools/record_mindspore_custom.py) on every backend; the
compiled kinds raise when called, naming the kind; a result of another dtype than declared is refused."""
from __future__ import annotations

import json
import pathlib
import sys

import numpy as np
import pytest

import unigrad as ms
from unigrad import ops

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from custom_cases import CASES, namespace, outcome  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]
GOLDEN = json.loads((ROOT / "tests" / "goldens" / "mindspore_2.10_custom.json").read_text())["cases"]


def _same(got: dict, want: dict) -> bool:
    """The same value; or the same error type and message (MindSpore's RuntimeErrors add a C++ stack after their
    first line, and unigrad says how to give a gradient after it)."""
    if "value" in want:
        return "value" in got and np.allclose(np.array(got["value"], float), np.array(want["value"], float)) \
            if not isinstance(want["value"], str) else got == want
    first = want["message"].splitlines()[0]
    return got.get("error") == want["error"] and (got["message"] == want["message"] if want["error"] != "RuntimeError"
                                                   else got["message"].startswith(first))


def test_every_case_ends_as_on_mindspore_2_10(backend):
    ns = namespace(ms, np)
    wrong = [f"{case}\n  MindSpore: {GOLDEN[case]}\n  unigrad:   {got}" for case in CASES
             if not _same(got := outcome(case, ns), GOLDEN[case])]
    assert not wrong, "\n".join(wrong)
    assert sorted(GOLDEN) == sorted(CASES)


@pytest.mark.parametrize("kind, func", [("aot", "./add.so:CustomAdd"), ("akg", "def f(x): ..."), ("tbe", len),
                                        ("hybrid", len), ("aicpu", "Add")])
def test_the_compiled_kinds_are_accepted_and_raise_when_called_naming_the_kind(kind, func):
    op = ops.Custom(func, (2,), ms.float32, kind)
    with pytest.raises(NotImplementedError, match=f"func_type '{kind}'.*only func_type 'pyfunc'"):
        op(ms.Tensor(np.ones(2, np.float32)))


def test_a_result_of_another_dtype_than_declared_is_refused(backend):
    op = ops.Custom(lambda a: a.astype(np.float64), (2,), ms.float32)
    with pytest.raises(RuntimeError, match="output 0 of func is a float64 array, but out_dtype declares Float32"):
        op(ms.Tensor(np.ones(2, np.float32)))

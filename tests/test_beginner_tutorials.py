"""MindSpore's beginner tutorials (examples/beginner/PAGE.py), each run as users run it, in a fresh process, on
every available backend, against what MindSpore 2.10 printed for the same file (tests/goldens/beginner/PAGE.json,
recorded by tools/record_mindspore_beginner.py).

How a printout is compared, and how a page declares what is deterministic (its options, the spans of random
numbers, known differences, its tolerance): tests/goldens/beginner_pages.py. Every page with a golden is tested;
adding a page is adding the example, its entry there if it needs one, and recording its golden.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import unigrad

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "beginner"
GOLDENS = ROOT / "tests" / "goldens" / "beginner"
sys.path.insert(0, str(ROOT / "tests" / "goldens"))
from beginner_pages import page  # noqa: E402

NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?![\w])|(?<![\w])-?(?:nan|inf)(?![\w])")
PAGES = sorted(path.stem for path in GOLDENS.glob("*.json"))


def skeleton(line: str) -> str:
    """The line's text around its numbers: each number as ``#``, runs of spaces as one."""
    return " ".join(NUMBER.sub("#", line).split())


def random_lines(text: str, patterns: tuple[str, ...]) -> set[int]:
    """The indices of the lines that a match of any pattern covers (its group ``random`` where it has one)."""
    lines = set()
    for pattern in patterns:
        for match in re.finditer(pattern, text, re.M):
            start, end = match.span("random" if "random" in match.re.groupindex else 0)
            first = text.count("\n", 0, start)
            lines.update(range(first, first + text.count("\n", start, max(end - 1, start)) + 1))
    return lines


def _spans(text: str, masked: set[int]) -> list[tuple[int, str, bool]]:
    """(first line's index, text, random) per line, each run of consecutive masked lines joined into one entry:
    NumPy wraps random numbers onto as many lines as their widths need (a tiny weight printed in scientific
    notation adds lines), so a random span is compared as one stream of text and numbers."""
    entries: list[tuple[int, str, bool]] = []
    for i, line in enumerate(text.splitlines()):
        if i in masked and entries and entries[-1][2] and i - 1 in masked:
            first, joined, _ = entries[-1]
            entries[-1] = (first, joined + "\n" + line, True)
        else:
            entries.append((i, line, i in masked))
    return entries


def compare(got: str, expected: str, name: str, backend: str = "numpy") -> list[str]:
    """What differs between unigrad's printout on ``backend`` and MindSpore's, line by line (empty when they
    agree); a random span counts as one line."""
    entry = page(name)
    masked = random_lines(expected, entry.random)  # patterns over MindSpore's own printout
    for mindspore_text, unigrad_text, _why in entry.differences:
        expected = expected.replace(mindspore_text, unigrad_text)
    for on, mindspore_text, unigrad_text, _why in entry.backend_differences:
        if on == backend:
            expected = expected.replace(mindspore_text, unigrad_text)
    # the patterns find the random spans in unigrad's printout too, where its text around them is MindSpore's
    # (a span there may take more lines); where it is not, the same lines are random
    got_lines = _spans(got, random_lines(got, entry.random) or masked)
    expected_lines = _spans(expected, masked)
    problems = []
    if len(got_lines) != len(expected_lines):
        problems.append(f"{len(got_lines)} lines printed, MindSpore printed {len(expected_lines)}")
    for (i, mine, mine_random), (_, theirs, theirs_random) in zip(got_lines, expected_lines):
        # in a random span the numbers' signs move NumPy's padding: there the text is compared without spaces
        random = mine_random or theirs_random
        text, expected_text = (skeleton(mine), skeleton(theirs)) if not random else \
            ("".join(skeleton(mine).split()), "".join(skeleton(theirs).split()))
        if text != expected_text:
            problems.append(f"line {i + 1}: {mine!r}\n   MindSpore: {theirs!r}")
            continue
        if random:
            continue
        for a, b in zip(NUMBER.findall(mine), NUMBER.findall(theirs)):
            x, y = float(a), float(b)
            if not (x == y or abs(x - y) <= entry.atol + entry.rtol * abs(y)):
                problems.append(f"line {i + 1}: {a} where MindSpore printed {b}: {mine!r}")
    return problems


def run_page(name: str, backend: str, cwd: Path) -> str:
    """The page's stdout, run in a fresh process on ``backend`` in ``cwd`` with its entry's options."""
    argv = [arg.replace("{data}", str(ROOT / "data")) for arg in page(name).argv]
    done = subprocess.run([sys.executable, str(EXAMPLES / f"{name}.py"), *argv], cwd=cwd, capture_output=True,
                          text=True, timeout=600,
                          env=dict(os.environ, UNIGRAD_BACKEND=backend, MPLBACKEND="Agg"))
    assert done.returncode == 0, done.stderr[-4000:]
    return done.stdout


@pytest.mark.parametrize("backend", unigrad.available_backends())
@pytest.mark.parametrize("name", PAGES)
def test_page_prints_what_mindspore_printed(name, backend, tmp_path):
    golden = json.loads((GOLDENS / f"{name}.json").read_text())
    assert golden["argv"] == list(page(name).argv), "the page's options changed since its golden: record it again"
    problems = compare(run_page(name, backend, tmp_path), golden["stdout"], name, backend)
    assert not problems, f"{name} on {backend}:\n" + "\n".join(problems[:20])


def test_every_page_has_a_golden():
    """Each example in examples/beginner/ is compared with MindSpore (a page without a golden would be skipped)."""
    assert sorted(p.stem for p in EXAMPLES.glob("*.py") if not p.stem.startswith("_")) == PAGES


def test_compare_reads_numbers_text_and_masks():
    """The comparison itself: a number off by more than the tolerance, a changed word, a missing line and a
    number inside a random span are each found, or ignored, as the docstring of beginner_pages says."""
    assert compare("a: [1.0000001 2.]\nx", "a: [1.        2.]\nx", "autograd") == []
    assert compare("a: [1.01 2.]", "a: [1. 2.]", "autograd")[0].startswith("line 1: 1.01")
    assert compare("Int64 [1]", "Int32 [1]", "autograd")[0].startswith("line 1:")
    assert compare("a", "a\nb", "autograd") == ["1 lines printed, MindSpore printed 2"]
    assert random_lines("a\ntensor2:\n1\n2\nb", (r"^tensor2:\n.*\n.*$",)) == {1, 2, 3}
    jax_only = "t: [2. 2. 2. 2. 2.] <class 'mindspore.common.tensor.Tensor'>"
    assert compare("t: [1. 1. 1. 1. 1.] <class 'unigrad._tensor.Tensor'>", jax_only, "tensor", "jax") == []
    assert compare("t: [1. 1. 1. 1. 1.] <class 'unigrad._tensor.Tensor'>", jax_only, "tensor", "torch") != []
    assert random_lines("a\n1\nb\n2\nc", (r"\A(?:.*\n){3}(?P<random>.*\n)",)) == {3}
    printout = "[[1.]]\n[[2.]]\n[[{}]]\n[[{}]]\n[[3.]]\n"  # the static-graph page's third and fourth are random
    assert compare(printout.format("-0.5", "7."), printout.format(" 0.5", "9."), "accelerate_with_static_graph") == []
    assert compare(printout.format("-0.5", "7.").replace("3.", "4."), printout.format(" 0.5", "9."),
                   "accelerate_with_static_graph")[0].startswith("line 5: 4.")
    # a random array that NumPy wraps onto more lines (a tiny weight in scientific notation) is the same span
    wrapped = "[[1.]]\n[[2.]]\n[[ 1.0e-08  2.0e+00\n   3.0e+00]]\n[[{}]]\n[[3.]]\n"
    assert compare(wrapped.format("7."), printout.format(" 0.5 2. 3.", "9."), "accelerate_with_static_graph") == []
    assert compare(wrapped.format("7."), printout.format(" 0.5 2.", "9."), "accelerate_with_static_graph") != []

"""What each page of MindSpore's beginner tutorials (examples/beginner/PAGE.py) is run with and how its printout is
compared: the one table tools/record_mindspore_beginner.py (the recorder, on real MindSpore) and
tests/test_beginner_tutorials.py (the test, on every unigrad backend) share.

How a page is compared. The recorder runs the example file itself under MindSpore 2.10 (``unigrad`` and every
``unigrad.X`` aliased to ``mindspore`` and ``mindspore.X``, so not a line differs) and keeps what it printed in
tests/goldens/beginner/PAGE.json. The test runs the same file with the same options on each backend and compares
the two printouts line by line: each line's text around its numbers must be the same (runs of spaces count as
one space, since NumPy pads columns to the widest number), and each number must agree within the page's
``rtol``/``atol``. A page declares the rest in its ``Page`` entry:

* ``argv``: the example's options. ``{data}`` stands for the folder holding MNIST_Data (the recorder's gunzipped
  copy of data/MNIST_Data, since MindSpore reads raw IDX files only; data/ itself in the test). Options that cut a
  long training or fix what MindSpore draws at random (``--fixed-weights SEED``, ``--no-shuffle``,
  ``--numpy-seed N``) are how a random page is made deterministic: prefer them to masking.
* ``random``: regular expressions (``re.M``) over MindSpore's printout; the numbers on every line a match covers
  come from an RNG unigrad does not share (MindSpore's initialisers, a shuffle without a seed), so there only
  the text around them is compared, and that each is a number. A pattern with a group named ``random`` masks
  that group's lines only (the rest of the match locates it). A run of such lines is compared as one stream,
  found by the same pattern in unigrad's printout where it matches there: NumPy wraps random numbers onto as
  many lines as their widths need (a tiny weight in scientific notation adds lines).
* ``docs_ref``: the docs branch the page was taken from, when not master's HEAD.
* ``differences``: ``(MindSpore's text, unigrad's text, why)``: a known, deliberate difference in the printout
  (a class's module path), substituted in MindSpore's printout before comparing; ``backend_differences``:
  ``(backend, MindSpore's text, unigrad's text, why)``, the same on one backend only.

A page with no entry runs with no options, every number deterministic, at the default tolerance. Adding a page
is adding examples/beginner/PAGE.py, an entry here if it needs one, and recording its golden:
``python tools/record_mindspore_beginner.py PAGE``.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    argv: tuple[str, ...] = ()
    random: tuple[str, ...] = ()
    differences: tuple[tuple[str, str, str], ...] = ()
    backend_differences: tuple[tuple[str, str, str, str], ...] = ()
    rtol: float = 1e-5
    atol: float = 1e-6
    docs_ref: str = "HEAD"  # where the page is in the mindspore-ai/docs mirror (recorded with the golden)


TENSOR_CLASS = ("<class 'mindspore.common.tensor.Tensor'>", "<class 'unigrad._tensor.Tensor'>",
                "the Tensor class's module")

# MindSpore 2.10 prints a Tensor that shares a NumPy array's memory (Tensor.from_numpy, a dataset iterator's
# rows) with NumPy's formatting, `[1., 1.]`, and a computed one as `[ 1.00000000e+00, ...]`; unigrad prints every
# Tensor the second way.
FROM_NUMPY_REPR = (("value= [1., 1.]", "value= [ 1.00000000e+00,  1.00000000e+00]", "repr of a from_numpy Tensor"),
                   ("value= [0.]", "value= [ 0.00000000e+00]", "repr of a from_numpy Tensor"))

PAGES: dict[str, Page] = {
    "tensor": Page(differences=(TENSOR_CLASS,), backend_differences=(
        ("jax", "t: [2. 2. 2. 2. 2.]", "t: [1. 1. 1. 1. 1.]",
         "jax arrays are immutable: Tensor.from_numpy copies there, so np.add(n, 1, out=n) leaves t as it was"),)),
    "dataset": Page(argv=("--data", "{data}"),
                    # a list source is shuffled (MindSpore's default) with no seed set
                    random=(r"(?<=\[0\.\]\)\]\n)(?=\[Tensor\(shape=\[\])(?:.*\n){3}",),
                    differences=(("<class 'mindspore.dataset.engine.datasets_vision.MnistDataset'>",
                                  "<class 'unigrad.dataset.sources.mnist.MnistDataset'>",
                                  "the MnistDataset class's module"),
                                 *FROM_NUMPY_REPR)),
    "transforms": Page(argv=("--data", "{data}", "--numpy-seed", "0"), docs_ref="r2.3.1"),  # gone from master
    "model": Page(argv=("--fixed-weights", "0")),
    "autograd": Page(),
    "train": Page(argv=("--data", "{data}", "--fixed-weights", "0", "--no-shuffle", "--train-samples", "640",
                        "--test-samples", "256"), rtol=1e-4, atol=1e-5),
    "save_load": Page(),
    # the third and fourth printouts: Networks built inside @ms.jit functions, out of --fixed-weights' reach
    "accelerate_with_static_graph": Page(argv=("--fixed-weights", "0"),
                                         random=(r"\A(?:\[\[(?:.*\n)*?.*\]\]\n){2}(?P<random>(?:\[\[(?:.*\n)*?.*\]\]\n){2})",)),
    # float16 training; the CPU build's loss scale (see the page's --no-drop-overflow-update)
    "mixed_precision": Page(argv=("--data", "{data}", "--fixed-weights", "0", "--no-shuffle", "--train-samples", "640",
                                  "--epochs", "10", "--no-drop-overflow-update"), rtol=0, atol=2e-3),
}


def page(name: str) -> Page:
    """The page's entry, or the default one."""
    return PAGES.get(name, Page())

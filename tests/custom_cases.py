"""ops.Custom's cases, run on MindSpore 2.10 by tools/record_mindspore_custom.py and on unigrad by
tests/test_custom.py: expressions over the names of ``namespace`` (MindSpore reads its functions' source, so
they are written here, not in the expressions): two (2, 2) float32 Tensors ``x`` and ``y``, ``f`` (``a * b + 1``
on NumPy arrays), ``two`` (``(a + b, a - b)``), their bprops, and the losses whose gradients the cases take."""
from __future__ import annotations

from typing import Any

from case_outcomes import outcome  # noqa: F401 -- the recorder's and the test's

CASES = [
    # out_shape and out_dtype as values, as functions of the inputs' shapes and dtypes, and missing or mistyped
    "ops.Custom(f, (2, 2), ms.float32, 'pyfunc')(x, y).asnumpy().tolist()",
    "ops.Custom(f, first, first, 'pyfunc')(x, y).asnumpy().tolist()",
    "str(ops.Custom(f, first, first)(x, y).dtype)",
    "ops.Custom(scale, first, first)(x, 2.0).asnumpy().tolist()",
    "str(ops.Custom(positive, (2, 2), ms.bool_)(x).dtype)",
    "[t.asnumpy().tolist() for t in ops.Custom(two, ((2, 2), (2, 2)), (ms.float32, ms.float32))(x, y)]",
    "ops.Custom(f)(x, y)",
    "ops.Custom(f, (2, 2))(x, y)",
    "ops.Custom(f, None, ms.float32)(x, y)",
    "ops.Custom(f, 3, ms.float32)(x, y)",
    "ops.Custom(f, (2, 2), 'float32')(x, y)",
    "ops.Custom(f, (2, 2), ms.float32, 'julia')",
    "ops.Custom(f, (2, 2), ms.float32, 'cuda')",
    # bprop: the gradient of every input, one output or several; none without it
    "[g.asnumpy().tolist() for g in ms.grad(loss_one, (0, 1))(x, y)]",
    "ms.grad(loss_times_input)(x, y).asnumpy().tolist()",
    "[g.asnumpy().tolist() for g in ms.grad(loss_two, (0, 1))(x, y)]",
    "ms.grad(loss_without_bprop)(x, y)",
]


def namespace(ms: Any, np: Any) -> dict:
    ops = ms.ops

    def f(a, b):
        return a * b + 1

    def two(a, b):
        return a + b, a - b

    def scale(a, s):
        return a * s

    def positive(a):
        return a > 0

    def first(a, *_):
        return a

    def two_of_first(a, _):
        return a, a

    def bp(a, b, out, dout):
        return dout * b, dout * a * 2

    def bp_two(a, b, out, dout):
        return dout[0] + dout[1], dout[0] - dout[1]

    with_bprop = ops.Custom(f, (2, 2), ms.float32, bprop=bp)
    two_with_bprop = ops.Custom(two, two_of_first, two_of_first, bprop=bp_two)
    without_bprop = ops.Custom(f, (2, 2), ms.float32)

    def loss_one(a, b):
        return with_bprop(a, b).sum()

    def loss_times_input(a, b):
        return (with_bprop(a, b) * a).sum()

    def loss_two(a, b):
        plus, minus = two_with_bprop(a, b)
        return (plus * 2 + minus * 3).sum()

    def loss_without_bprop(a, b):
        return without_bprop(a, b).sum()

    return {"ms": ms, "np": np, "ops": ops, "f": f, "two": two, "scale": scale, "positive": positive,
            "first": first, "loss_one": loss_one, "loss_times_input": loss_times_input, "loss_two": loss_two,
            "loss_without_bprop": loss_without_bprop,
            "x": ms.Tensor(np.array([[1.0, 2.0], [3.0, -4.0]], np.float32)),
            "y": ms.Tensor(np.array([[0.5, 1.0], [2.0, 3.0]], np.float32))}

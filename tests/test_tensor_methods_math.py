"""Issue 24's elementwise and statistics Tensor methods: ``x.<m>(...)`` is ``ops.<m>(x, ...)`` on every backend
(values and dtypes); the MindSpore goldens (program elementwise_and_statistics) call many of them on MindSpore."""
from __future__ import annotations

import numpy as np
import pytest

import unigrad
from unigrad import ops

X = np.array([[-1.75, -0.6, 0.3, 0.85], [1.2, -0.2, 0.45, -0.95]], np.float32)
Y = np.array([[0.5, -1.25, 2.0, 0.7], [-0.4, 1.5, 0.9, 1.1]], np.float32)
UNIT = np.array([[-0.9, -0.35, 0.2, 0.6], [0.75, -0.1, 0.45, 0.95]], np.float32)
POS = np.array([[0.3, 1.5, 2.25, 4.0], [0.75, 1.1, 3.5, 0.6]], np.float32)

# (method, op, inputs, extra arguments): x.<method>(*others, *args) against ops.<op>(x, *others, *args)
UNARY = ["acos", "arccos", "asin", "arcsin", "atanh", "arctanh", "asinh", "arcsinh", "cosh", "sinh", "sinc", "tan",
         "atan", "arctan", "erf", "erfc", "expm1", "deg2rad", "rad2deg", "trunc", "frac", "round", "negative",
         "positive", "sgn", "signbit", "nan_to_num", "isneginf", "isposinf", "isreal", "logit", "inv", "absolute",
         "logical_not"]
BINARY = ["logaddexp", "logaddexp2", "hypot", "xlogy", "xdivy", "copysign", "fmax", "fmin", "float_power", "fmod",
          "remainder", "floor_divide", "true_divide", "divide", "multiply", "subtract", "isclose", "ldexp", "eq", "ne",
          "not_equal", "ge", "gt", "le", "lt", "greater", "greater_equal", "less", "less_equal", "atan2", "arctan2",
          "logical_and", "logical_or", "logical_xor", "heaviside"]
CASES = [(m, m, (UNIT if m.startswith(("a", "arc")) and m not in ("absolute",) else X,), ()) for m in UNARY]
CASES += [(m, m, (X, Y), ()) for m in BINARY]
CASES += [
    ("acosh", "acosh", (POS + 1.0,), ()), ("arccosh", "arccosh", (POS + 1.0,), ()), ("log2", "log2", (POS,), ()),
    ("log10", "log10", (POS,), ()), ("lerp", "lerp", (X, Y), (0.25,)), ("addcdiv", "addcdiv", (X, Y, POS), (0.5,)),
    ("addcmul", "addcmul", (X, Y, POS), (2.0,)), ("std", "std", (X,), (1, 1, True)), ("var", "var", (X,), (0,)),
    ("nansum", "nansum", (X,), (1,)), ("nanmean", "nanmean", (X,), ()), ("median", "median", (X,), (0, True)),
    ("aminmax", "aminmax", (X,), ()), ("cummax", "cummax", (X,), (1,)), ("cummin", "cummin", (X,), (0,)),
    ("logcumsumexp", "logcumsumexp", (X,), (1,)), ("diff", "diff", (X,), ()), ("count_nonzero", "count_nonzero", (X,), ()),
    ("histc", "histc", (X,), (4, -1.0, 1.0)), ("nanmedian", "nanmedian", (X,), (0,)), ("cov", "cov", (X,), ()),
    ("real", "real", (X,), ()), ("imag", "imag", (X,), ()), ("conj", "conj", (X,), ()),
    ("approximate_equal", "approximate_equal", (X, Y), (0.5,)), ("i0", "i0", (X * 5,), ()), ("lgamma", "lgamma", (X,), ()),
    ("digamma", "digamma", (X,), ()), ("bincount", "bincount", (np.array([0, 3, 3, 1]),), ()),
]


def _outputs(result) -> list:
    return list(result) if isinstance(result, tuple) else [result]


@pytest.mark.parametrize("method, op, arrays, args", CASES, ids=[c[0] for c in CASES])
def test_method_is_the_op(backend, method, op, arrays, args) -> None:
    """Each of these methods is the op object itself (so its gradient is the op's, checked by the conformance
    suite); called as a method, self is the op's first argument."""
    assert getattr(unigrad.Tensor, method) is getattr(ops, op)
    tensors = [unigrad.Tensor(a) for a in arrays]
    ours = _outputs(getattr(tensors[0], method)(*tensors[1:], *args))
    theirs = _outputs(getattr(ops, op)(*tensors, *args))
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        assert a.dtype == b.dtype and a.shape == b.shape
        np.testing.assert_array_equal(a.asnumpy(), b.asnumpy())


def test_predicates_answer_python_bools(backend) -> None:
    x, i = unigrad.Tensor(X), unigrad.Tensor(np.array([1, -2], np.int32))
    assert x.is_floating_point() is True and i.is_floating_point() is False
    assert x.is_complex() is False and x.is_signed() and i.is_signed()
    assert unigrad.Tensor(np.array([1], np.uint8)).is_signed() is False
    assert unigrad.Tensor(np.array([True])).is_signed() is False

"""UInt8 to UInt64, Int8 and Int16 (issue 21 item 9: MnistDataset yields UInt8 images and UInt32 labels) on every
backend: MindSpore's names, its promotion (recorded from MindSpore 2.10 by tools/record_mindspore_promotion.py),
wrap-around arithmetic, reductions, comparisons, casts, indexing and joins. torch keeps UInt16 to UInt64 as storage
only; its backend computes them on a wider signed type (unigrad/backends/torch/primitives.py, on_wider_ints).
The values MindSpore 2.10 gives for these dtypes are compared in tests/test_mindspore_goldens.py
(``small_and_unsigned_ints``)."""
from __future__ import annotations

import json
import operator
import pathlib

import numpy as np
import pytest

import unigrad
from unigrad import Tensor, ops
from unigrad import dtype as dt

GOLDEN = json.loads((pathlib.Path(__file__).resolve().parent / "goldens" / "mindspore_2.10_promotion.json").read_text())
SCALARS = GOLDEN["scalars"]
WIDE = ("UInt16", "UInt32", "UInt64")
UNSIGNED = (np.uint8, np.uint16, np.uint32, np.uint64)

# MindSpore 2.10's own errors for a pair it does not promote (the other errors are missing CPU kernels, which
# decide nothing about promotion: there unigrad may answer or raise TypeError)
_PROMOTION_ERRORS = ("implicit conversion", "promote output type is invalid")

# Where unigrad's one promotion rule differs from MindSpore 2.10's per-op answers, and why (exact: a new
# difference fails, and so does a listed one that agrees).
_BOOL_WITH_WIDE = ("MindSpore 2.10's +, - and maximum take a Bool Tensor beside UInt16-64 (the unsigned dtype); its "
                   "*, / and concat refuse it; unigrad takes it everywhere")
_INT_WITH_WIDE = ("MindSpore 2.10 takes a Python int beside UInt16-64 in * and == only (its +, -, <, !=, //, ** "
                  "refuse it); unigrad refuses it everywhere")
KNOWN_DIFFERENCES = {
    **{f"{op} {a} {b}": _BOOL_WITH_WIDE for op in ("mul", "truediv", "concat") for w in WIDE
       for a, b in (("Bool", w), (w, "Bool"))},
    **{f"{op} {a} {b}": _INT_WITH_WIDE for op in ("mul", "equal") for w in WIDE for a, b in ((w, "int"), ("int", w))},
    **{f"sub Bool {b}": "unigrad refuses Bool subtraction (tests/test_bool_int_and_empty_inputs.py)"
       for b in ("Bool", "bool")},
}
_OPS = {"add": operator.add, "sub": operator.sub, "mul": operator.mul, "truediv": operator.truediv,
        "equal": operator.eq, "less": operator.lt, "maximum": ops.maximum, "concat": lambda a, b: ops.concat((a, b))}


def _mindspores(result: dict) -> str | None:
    """MindSpore's answer: a dtype name, 'TypeError' for a pair it does not promote, None for a missing kernel."""
    if "dtype" in result:
        return result["dtype"]
    return "TypeError" if any(e in result["message"] for e in _PROMOTION_ERRORS) else None


def _operand(name: str):
    if name in SCALARS:
        return SCALARS[name]
    dtype = dt._by_name(name)
    return Tensor(np.array([1, 2], np.float32 if dtype is dt.bfloat16 else dtype.numpy), dtype)


def _unigrads(op: str, left: str, right: str) -> str:
    try:
        return str(_OPS[op](_operand(left), _operand(right)).dtype)
    except TypeError:
        return "TypeError"


def _cases():
    names = {d.name for d in dt.ALL}
    return {case: result for case, result in GOLDEN["cases"].items()
            if all(part in names or part in SCALARS for part in case.split()[1:])}


def test_the_golden_covers_every_dtype():
    assert set(GOLDEN["dtypes"]) == {d.name for d in dt.ALL} | ({"BFloat16"} if dt.bfloat16 is None else set())
    assert len(GOLDEN["cases"]) == 1859 and GOLDEN["mindspore_version"] == "2.10.0"


def test_promote_matches_mindspores_add_for_every_pair():
    """dtype.promote and promote_with_scalar themselves, against MindSpore's +, the rule they follow."""
    for case, result in _cases().items():
        op, left, right = case.split()
        if op != "add" or _mindspores(result) is None or case in KNOWN_DIFFERENCES:
            continue
        try:
            if right in SCALARS:
                got = str(dt.promote_with_scalar(dt._by_name(left), SCALARS[right]))
            elif left in SCALARS:
                got = str(dt.promote_with_scalar(dt._by_name(right), SCALARS[left]))
            else:
                got = str(dt.promote(dt._by_name(left), dt._by_name(right)))
        except TypeError as e:
            got = "TypeError"
            assert "implicit conversion" in str(e)
        assert got == _mindspores(result), case


@pytest.mark.parametrize("op", sorted(_OPS))
def test_ops_promote_as_mindspore_for_every_pair(backend, op):
    differences, unexplained = {}, []
    for case, result in _cases().items():
        if case.split()[0] != op:
            continue
        theirs, ours = _mindspores(result), _unigrads(*case.split())
        if theirs is not None and ours != theirs:
            differences[case] = (theirs, ours)
            if case not in KNOWN_DIFFERENCES:
                unexplained.append(f"{case}: MindSpore {theirs}, unigrad {ours}")
    assert not unexplained, "; ".join(unexplained)
    stale = [c for c in KNOWN_DIFFERENCES if c.split()[0] == op and c in _cases() and c not in differences]
    assert not stale, f"listed as differences but agreeing: {stale}"


def test_the_error_names_both_dtypes(backend):
    with pytest.raises(TypeError, match="UInt32 and Int32"):
        Tensor(np.array([1], np.uint32)) + Tensor(np.array([1], np.int32))
    with pytest.raises(TypeError, match="UInt16 and a Python int"):
        Tensor(np.array([1], np.uint16)) + 1
    with pytest.raises(TypeError, match="UInt64 and a Python float"):
        2.5 * Tensor(np.array([1], np.uint64))


@pytest.mark.parametrize("np_dtype", UNSIGNED + (np.int8, np.int16), ids=lambda d: np.dtype(d).name)
def test_numpy_arrays_keep_their_dtype_and_values(backend, np_dtype):
    info = np.iinfo(np_dtype)
    array = np.array([[info.min, info.max], [info.max // 3, 7]], np_dtype)
    t = Tensor(array)
    assert t.dtype is dt.from_numpy(np.dtype(np_dtype))
    assert str(t.dtype) == {np.uint8: "UInt8", np.uint16: "UInt16", np.uint32: "UInt32", np.uint64: "UInt64",
                            np.int8: "Int8", np.int16: "Int16"}[np_dtype]
    assert t.dtype is getattr(unigrad, np.dtype(np_dtype).name)
    out = t.asnumpy()
    assert out.dtype == np_dtype and np.array_equal(out, array)
    assert Tensor([1, 2], t.dtype).asnumpy().dtype == np_dtype
    assert Tensor(t).dtype is t.dtype


@pytest.mark.parametrize("np_dtype", UNSIGNED, ids=lambda d: np.dtype(d).name)
def test_arithmetic_wraps_around(backend, np_dtype):
    top = np.iinfo(np_dtype).max
    x, one = Tensor(np.array([top, 0, 7], np_dtype)), Tensor(np.array([1, 1, 1], np_dtype))
    for got, expected in ((x + one, [0, 1, 8]), (x - one, [top - 1, top, 6]), (-x, [1, 0, top - 6]),
                          (x * x, [1, 0, 49]), (x + True, [0, 1, 8]), (ops.cumsum(x, 0), [top, top, 6])):
        assert got.dtype is x.dtype and got.asnumpy().tolist() == expected
    small, two = Tensor(np.array([100, 0, 7], np_dtype)), Tensor(np.array([2, 2, 2], np_dtype))
    assert (small // two).asnumpy().tolist() == [50, 0, 3] and (small % two).asnumpy().tolist() == [0, 0, 1]
    assert ops.pow(small, two).asnumpy().tolist() == [10000 % (top + 1), 0, 49]
    assert (small / two).dtype is dt.float32 and (small / 2).asnumpy().tolist() == [50.0, 0.0, 3.5]
    assert ops.abs(x).asnumpy().tolist() == [top, 0, 7] and ops.sign(x).asnumpy().tolist() == [1, 0, 1]
    assert ops.relu(x).asnumpy().tolist() == [top, 0, 7]
    assert ops.matmul(one.reshape(1, 3), x.reshape(3, 1)).asnumpy().tolist() == [[6]]  # top + 7 wraps to 6


def test_a_python_int_wraps_in_arithmetic_and_compares_as_it_is(backend):
    """MindSpore 2.10: uint8 + 300 adds 44 (NumPy would raise OverflowError), uint8 < 300 is True."""
    u8 = Tensor(np.array([255, 0, 7], np.uint8))
    assert (u8 + 300).asnumpy().tolist() == [43, 44, 51] and (u8 - 300).asnumpy().tolist() == [211, 212, 219]
    assert (Tensor(np.array([1, 2], np.int32)) + 2 ** 40).asnumpy().tolist() == [1, 2]
    assert (u8 < 300).asnumpy().tolist() == [True] * 3 and (u8 == 300).asnumpy().tolist() == [False] * 3
    assert (u8 > -1).asnumpy().tolist() == [True] * 3 and (-1 < u8).dtype is dt.bool_
    assert (Tensor(np.array([5, -5], np.int64)) < 2 ** 70).asnumpy().tolist() == [True, True]


@pytest.mark.parametrize("np_dtype", UNSIGNED, ids=lambda d: np.dtype(d).name)
def test_reductions_and_comparisons(backend, np_dtype):
    top = np.iinfo(np_dtype).max
    x = Tensor(np.array([[top, 0, 7], [3, 9, 1]], np_dtype))
    total = ops.sum(Tensor(np.array([top, 7], np_dtype)))
    accumulated = dt.int64 if np_dtype is np.uint8 else x.dtype  # MindSpore: UInt8 sums to Int64, wider ones wrap
    assert total.dtype is accumulated and int(total) == (top + 7 if np_dtype is np.uint8 else 6)
    assert ops.prod(Tensor(np.array([2, 3, 7], np_dtype))).dtype is accumulated
    assert x.max().asnumpy().tolist() == top and x.min().asnumpy().tolist() == 0
    assert ops.argmax(x, 1).asnumpy().tolist() == [0, 1] and ops.argmin(x, 1).asnumpy().tolist() == [1, 2]
    values, indices = ops.max(x, 1)
    assert values.dtype is x.dtype and values.asnumpy().tolist() == [top, 9] and indices.asnumpy().tolist() == [0, 1]
    assert ops.maximum(x, Tensor(np.array([5, 5, 5], np_dtype))).asnumpy().tolist() == [[top, 5, 7], [5, 9, 5]]
    assert ops.mean(Tensor(np.array([100, 0, 7], np_dtype))).asnumpy().tolist() == 35
    y = Tensor(np.array([[1, 0, 8], [3, 10, 0]], np_dtype))
    assert (x < y).asnumpy().tolist() == [[False, False, True], [False, True, False]]
    assert (x >= y).asnumpy().tolist() == [[True, True, False], [True, False, True]]
    assert (x == y).asnumpy().tolist() == [[False, True, False], [True, False, False]]
    assert (x != y).dtype is dt.bool_ and ops.sort(x)[0].asnumpy().tolist() == [[0, 7, top], [1, 3, 9]]
    assert ops.argsort(x, descending=True).asnumpy().tolist() == [[0, 2, 1], [1, 0, 2]]


@pytest.mark.parametrize("np_dtype", UNSIGNED, ids=lambda d: np.dtype(d).name)
def test_casts_indexing_and_joins(backend, np_dtype):
    top = np.iinfo(np_dtype).max
    x = Tensor(np.array([top, 0, 7, 2], np_dtype))
    floats = x.astype(unigrad.float32)
    assert floats.dtype is dt.float32 and floats.asnumpy().tolist() == [float(np.float32(top)), 0.0, 7.0, 2.0]
    assert Tensor(np.array([1.0, 7.9, 100.0], np.float32)).astype(x.dtype).asnumpy().tolist() == [1, 7, 100]
    assert ops.cast(Tensor(np.array([-1, 3], np.int64)), x.dtype).asnumpy().tolist() == [top, 3]
    exact = Tensor(np.array([min(top, 2 ** 53), 0, 7], np_dtype))  # every value a float64 holds
    assert exact.astype(unigrad.float64).astype(x.dtype).asnumpy().tolist() == [min(top, 2 ** 53), 0, 7]
    assert x[1:].asnumpy().tolist() == [0, 7, 2] and x[::-2].asnumpy().tolist() == [2, 0]
    assert x[Tensor(np.array([3, 0], np.int64))].asnumpy().tolist() == [2, top]
    assert x[Tensor(np.array([3, 0], np_dtype))].asnumpy().tolist() == [2, top]  # an unsigned index is positions
    assert x[Tensor(np.array([True, False, True, False]))].asnumpy().tolist() == [top, 7]
    joined = ops.concat((x, Tensor(np.array([5], np_dtype))))
    assert joined.dtype is x.dtype and joined.asnumpy().tolist() == [top, 0, 7, 2, 5]
    assert ops.stack((x, x)).shape == (2, 4) and x.reshape(2, 2).T.asnumpy().tolist() == [[top, 7], [0, 2]]
    picked = ops.where(Tensor(np.array([True, False, True, False])), x, Tensor(np.array([1, 1, 1, 1], np_dtype)))
    assert picked.dtype is x.dtype and picked.asnumpy().tolist() == [top, 1, 7, 1]
    assert ops.arange(0, 3, dtype=x.dtype).asnumpy().tolist() == [0, 1, 2]
    assert ops.zeros((2,), x.dtype).dtype is x.dtype and ops.full((2,), 7, dtype=x.dtype).asnumpy().tolist() == [7, 7]
    assert int(x[0]) == top and x[0].item() == top


@pytest.mark.parametrize("np_dtype", UNSIGNED, ids=lambda d: np.dtype(d).name)
def test_empty_tensors(backend, np_dtype):
    e = Tensor(np.zeros((0, 3), np_dtype))
    assert e.dtype is dt.from_numpy(np.dtype(np_dtype)) and e.asnumpy().shape == (0, 3)
    total = ops.sum(e)
    assert int(total) == 0 and total.dtype is (dt.int64 if np_dtype is np.uint8 else e.dtype)
    assert (e + e).shape == (0, 3) and (e < e + e).shape == (0, 3) and ops.concat((e, e)).shape == (0, 3)
    assert e.astype(unigrad.float32).shape == (0, 3) and ops.sum(e, 0).asnumpy().tolist() == [0, 0, 0]
    with pytest.raises(ValueError):
        ops.max(e, 0)


def test_the_mnist_tutorials_accuracy_count(backend):
    """``(pred.argmax(1) == label).asnumpy().sum()``: Int32 labels (the tutorial casts MnistDataset's UInt32 ones)
    compare with argmax's Int64; UInt32 labels are MindSpore's TypeError."""
    pred = Tensor(np.array([[0.1, 2.0, 0.3], [1.5, 0.2, 0.1], [0.0, 0.1, 3.0]], np.float32))
    labels = np.array([1, 2, 2])
    hits = pred.argmax(1) == Tensor(labels.astype(np.int32))
    assert hits.dtype is dt.bool_ and hits.asnumpy().sum() == 2
    assert float((hits.astype(unigrad.float32)).sum()) == 2.0
    uint32_labels = Tensor(labels.astype(np.uint32))
    with pytest.raises(TypeError, match="Int64 and UInt32"):
        ops.equal(pred.argmax(1), uint32_labels)
    assert (pred.argmax(1) == uint32_labels.astype(unigrad.int32)).asnumpy().sum() == 2
    one_hot = ops.one_hot(Tensor(labels.astype(np.int32)), 3, Tensor(1.0), Tensor(0.0))
    assert one_hot.asnumpy().argmax(1).tolist() == [1, 2, 2]
    loss = ops.cross_entropy(pred, uint32_labels.astype(unigrad.int32))
    assert loss.dtype is dt.float32 and np.isfinite(float(loss))


def test_uint8_images_become_float32(backend):
    """MnistDataset's images: UInt8 pixels, scaled to Float32 as the tutorial's Rescale does."""
    pixels = Tensor(np.array([[0, 128, 255]], np.uint8))
    scaled = pixels.astype(unigrad.float32) / 255.0
    assert scaled.dtype is dt.float32 and np.allclose(scaled.asnumpy(), [[0.0, 128 / 255, 1.0]])
    assert (pixels / 255).dtype is dt.float32 and ops.sqrt(pixels).dtype is dt.float32


def test_uint64_from_two_to_the_63_orders_right(backend):
    high = Tensor(np.array([2 ** 63 + 5, 3, 2 ** 64 - 1], np.uint64))
    low = Tensor(np.array([3, 2 ** 63 + 5, 4], np.uint64))
    assert (high < low).asnumpy().tolist() == [False, True, False]
    assert (high >= low).asnumpy().tolist() == [True, False, True]
    assert int(high.max()) == 2 ** 64 - 1 and int(ops.argmax(low)) == 1 and int(ops.argmin(high)) == 1
    assert ops.maximum(high, low).asnumpy().tolist() == [2 ** 63 + 5, 2 ** 63 + 5, 2 ** 64 - 1]
    assert ops.minimum(high, low).asnumpy().tolist() == [3, 3, 4]
    assert ops.sort(high)[0].asnumpy().tolist() == [3, 2 ** 63 + 5, 2 ** 64 - 1]
    assert ops.sum(high).asnumpy().tolist() == (2 ** 63 + 5 + 3 + 2 ** 64 - 1) % 2 ** 64
    assert (high + True).asnumpy().tolist() == [2 ** 63 + 6, 4, 0]
    floats = Tensor(np.array([1e19, 2.0 ** 63, 2.0 ** 63 - 1024, 3.7], np.float64))
    assert floats.astype(unigrad.uint64).asnumpy().tolist() == [10 ** 19, 2 ** 63, 2 ** 63 - 1024, 3]
    assert high.astype(unigrad.float64).asnumpy().tolist() == [2.0 ** 63, 3.0, 2.0 ** 64]


def test_uint64_division_from_two_to_the_63_on_torch_is_signed():
    """The torch backend's documented limit (README): uint64 floor division and remainder run on int64, so a
    dividend from 2 ** 63 on is read as negative there. Comparisons, max, argmax and sort are exact."""
    pytest.importorskip("torch")
    with unigrad.use_backend("torch"):
        quotient = Tensor(np.array([2 ** 63 + 2, 7], np.uint64)) // Tensor(np.array([2, 2], np.uint64))
        remainder = Tensor(np.array([2 ** 63 + 3, 7], np.uint64)) % Tensor(np.array([10, 10], np.uint64))
    exact_quotient, exact_remainder = (2 ** 63 + 2) // 2, (2 ** 63 + 3) % 10
    assert quotient.asnumpy().tolist() == [(-(2 ** 63) + 2) // 2 % 2 ** 64, 3] != [exact_quotient, 3]
    assert remainder.asnumpy().tolist() == [(-(2 ** 63) + 3) % 10, 7] != [exact_remainder, 7]


def test_parameters_of_unsigned_dtypes_update_in_place(backend):
    p = unigrad.Parameter(Tensor(np.array([4294967295, 5], np.uint32)), name="counts")
    ops.assign_add(p, Tensor(np.array([1, 1], np.uint32)))
    assert p.dtype is dt.uint32 and p.asnumpy().tolist() == [0, 6]
    ops.assign_sub(p, Tensor(np.array([1, 1], np.uint32)))
    assert p.asnumpy().tolist() == [4294967295, 5]

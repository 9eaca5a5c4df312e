"""``unigrad.train.metrics`` against MindSpore 2.10: every case recorded by tools/record_mindspore_metrics.py
(values with their NumPy types, and the exception types of misuse) replayed with inputs as Tensors of each
backend and as NumPy arrays. Differences on purpose are listed in DIFFERS and in the README."""
from __future__ import annotations

import importlib.util
import json
import math
import pathlib

import numpy as np
import pytest

import unigrad
import unigrad.train
from unigrad import Tensor, train
from unigrad.train import metrics

ROOT = pathlib.Path(__file__).resolve().parents[1]
GOLDEN = json.loads((ROOT / "tests" / "goldens" / "mindspore_2.10_metrics.json").read_text())
CASES = GOLDEN["cases"]


def _load_recorder():
    path = ROOT / "tools" / "record_mindspore_metrics.py"
    spec = importlib.util.spec_from_file_location("record_mindspore_metrics", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


recorder = _load_recorder()  # the same steps, decoding and encoding as the recording

# case -> {step index: what unigrad gives}: where MindSpore measurably departs from its documented maths
DIFFERS = {
    # two rows of equal logits; documented: "the first sample will be chosen" (stable order) -> row 0 hits
    "top5_many_ties": {2: {"ok": {"scalar": 0.5, "type": "float64"}}},
    # predicted class 2 of 2 classes: MindSpore counts it in the cell (true 1, predicted 0); unigrad refuses it
    "confusion_class_out_of_range": {1: {"error": "ValueError"}, 2: {"error": "RuntimeError"}},
}
# case -> relative tolerance, where MindSpore's float64 result sums float32 elements that NumPy 1.26 (its NumPy)
# computes 1 ulp off: np.power(float32, 2) there is not the correctly rounded square that NumPy 2 and unigrad give
FLOAT32_ELEMENTS = {"mse_two_updates": 2.0 ** -22}
REPLAYED = sorted(set(CASES) - {"names"})


def _same(ours: dict, theirs: dict, where: str, rel_tol: float = 0.0) -> None:
    """Encoded results equal: same kinds and NumPy types, floats within 1e-12 (or ``rel_tol``), arrays of one
    dtype and shape."""
    assert ours.keys() == theirs.keys(), f"{where}: {ours} != {theirs}"
    if "scalar" in theirs:
        assert ours["type"] == theirs["type"], f"{where}: type {ours['type']} != {theirs['type']}"
        if isinstance(theirs["scalar"], float):
            close = math.isclose(ours["scalar"], theirs["scalar"], rel_tol=rel_tol, abs_tol=1e-12)
            assert close, f"{where}: {ours} != {theirs}"
        else:
            assert ours["scalar"] == theirs["scalar"], f"{where}: {ours} != {theirs}"
    elif "array" in theirs:
        assert (ours["dtype"], ours["shape"]) == (theirs["dtype"], theirs["shape"]), f"{where}: {ours} != {theirs}"
        np.testing.assert_allclose(ours["array"], theirs["array"], rtol=0, atol=1e-12, err_msg=where)
    elif "seq" in theirs:
        assert ours["type"] == theirs["type"] and len(ours["seq"]) == len(theirs["seq"]), f"{where}"
        for i, (a, b) in enumerate(zip(ours["seq"], theirs["seq"])):
            _same(a, b, f"{where}[{i}]")
    elif "dict" in theirs:
        assert ours["dict"].keys() == theirs["dict"].keys(), f"{where}: {ours} != {theirs}"
        for key in theirs["dict"]:
            _same(ours["dict"][key], theirs["dict"][key], f"{where}[{key}]")
    else:
        assert ours == theirs, f"{where}: {ours} != {theirs}"


def _check_case(name: str, to_tensor) -> None:
    case = CASES[name]
    expected = [dict(o) for o in case["outcomes"]]
    for step, ours in DIFFERS.get(name, {}).items():
        expected[step] = ours
    got = recorder.run_case(case["steps"], metrics, to_tensor)
    assert len(got) == len(expected), f"{name}: {got} != {expected}"
    for i, (ours, theirs) in enumerate(zip(got, expected)):
        where = f"{name} step {i} {case['steps'][i][0]}"
        if "error" in theirs:
            assert ours.get("error") == theirs["error"], f"{where}: MindSpore raises {theirs['error']}, got {ours}"
        else:
            assert "ok" in ours, f"{where}: MindSpore gives {theirs['ok']}, unigrad raised {ours}"
            _same(ours["ok"], theirs["ok"], where, FLOAT32_ELEMENTS.get(name, 0.0))


@pytest.mark.parametrize("name", REPLAYED)
def test_numpy_inputs_match_mindspore(name):
    _check_case(name, lambda array: array)


@pytest.mark.parametrize("name", REPLAYED)
def test_tensor_inputs_match_mindspore(name, backend):
    def to_tensor(array: np.ndarray) -> Tensor:
        tensor = Tensor(array)
        assert tensor.asnumpy().dtype == array.dtype  # the backend keeps the input's dtype
        return tensor
    _check_case(name, to_tensor)


def test_the_golden_is_mindspore_2_10_and_covers_every_metric():
    assert GOLDEN["mindspore_version"].startswith("2.10")
    built = {step[1] for case in CASES.values() for step in case["steps"] if step[0] == "new"}
    assert built >= {"Accuracy", "Loss", "MAE", "MSE", "Precision", "Recall", "Fbeta", "F1", "ConfusionMatrix",
                     "TopKCategoricalAccuracy", "Top1CategoricalAccuracy", "Top5CategoricalAccuracy"}


def test_mindspore_really_departs_where_we_say():
    """The recorded MindSpore outcome is the one the README quotes (so a new recording that agrees shows up)."""
    assert CASES["top5_many_ties"]["outcomes"][2] == {"ok": {"scalar": 0.0, "type": "float64"}}
    assert CASES["confusion_class_out_of_range"]["outcomes"][2]["ok"]["array"] == [[0.0, 0.0], [1.0, 1.0]]
    assert all(set(DIFFERS[name]) <= set(range(len(CASES[name]["outcomes"]))) for name in DIFFERS)


def test_names_are_mindspores_and_the_rest_say_not_implemented():
    theirs = [item["scalar"] for item in CASES["names"]["outcomes"][0]["ok"]["seq"]]
    ours = metrics.names()
    assert ours == sorted(ours) and set(ours) < set(theirs)
    assert {"accuracy", "acc", "loss", "mae", "mse", "precision", "recall", "F1", "top_1_accuracy",
            "top_5_accuracy", "topk", "confusion_matrix"} <= set(ours)
    for name in sorted(set(theirs) - set(ours)):
        with pytest.raises(NotImplementedError, match=name):
            metrics.get_metric_fn(name)


def test_errors_name_what_was_given():
    with pytest.raises(TypeError, match="tuple"):
        metrics.Accuracy().update((0.1, 0.9), [1])
    with pytest.raises(ValueError, match=r"\(3, 2\) and true value shape \(2,\)"):
        metrics.Accuracy().update(np.zeros((3, 2)), np.zeros(2, np.int32))
    with pytest.raises(ValueError, match="but got 3"):
        metrics.MAE().update(np.zeros(2), np.zeros(2), np.zeros(2))
    with pytest.raises(ValueError, match=r"shapes \(2,\) and \(3,\)"):
        metrics.MSE().update(np.zeros(3), np.zeros(2))
    with pytest.raises(IndexError, match="float32"):
        metrics.Precision().update(np.eye(2, dtype=np.float32), np.array([1.0, 0.0], np.float32))
    with pytest.raises(ValueError, match=r"values from 0 to 3"):
        metrics.ConfusionMatrix(2).update(np.array([0, 1]), np.array([0, 3]))
    with pytest.raises(KeyError, match="'f1'"):
        metrics.get_metric_fn("f1")
    with pytest.raises(TypeError, match=r"\['accuracy'\]"):
        metrics.get_metrics(["accuracy"])
    with pytest.raises(TypeError, match="'binary'"):
        metrics.Recall("binary")


def test_tensors_of_every_backend_and_parameters_are_inputs(backend):
    logits = Tensor(np.array([[0.2, 0.8], [0.6, 0.4]], np.float32))
    assert metrics.Accuracy()(logits, unigrad.Parameter(Tensor(np.array([1, 1], np.int32)), name="y")) == 0.5


def test_the_mindspore_paths():
    """``mindspore.Accuracy``, ``mindspore.train.Accuracy`` and ``mindspore.train.metrics.Accuracy`` are one class
    (and so on); ``get_metrics`` is only in ``train.metrics``, as in MindSpore 2.10."""
    for name in set(metrics.__all__) - {"get_metrics"}:
        assert getattr(train, name) is getattr(metrics, name) is getattr(unigrad, name), name
    assert not hasattr(train, "get_metrics") and not hasattr(unigrad, "get_metrics")
    assert isinstance(metrics.get_metrics({"accuracy", "loss"})["loss"], train.Loss)


def test_a_custom_metric_with_rearranged_inputs():
    """A user's Metric subclass, as in MindSpore's docs: ``rearrange_inputs`` and ``set_indexes`` pick inputs."""
    class Last(metrics.Metric):
        def clear(self):
            self.seen = None

        @metrics.rearrange_inputs
        def update(self, *inputs):
            self.seen = [self._convert_data(x).tolist() for x in inputs]

        def eval(self):
            return self.seen

    metric = Last().set_indexes([2, 0])
    assert metric.indexes == [2, 0]
    assert metric(np.array([1]), [2], np.array([3])) == [[3], [1]]
    with pytest.raises(TypeError):
        metrics.Metric()

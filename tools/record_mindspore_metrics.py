"""Record what MindSpore 2.10's ``mindspore.train.metrics`` gives on fixed inputs, for tests/test_metrics.py.

    /work/msvenv/bin/python tools/record_mindspore_metrics.py

Each case is a list of steps on one metric (construct, update, eval, clear, __call__, set_indexes, and the
``get_metric_fn`` / ``get_metrics`` factories); every step's outcome is recorded: its value (with its NumPy type)
or the exception's type and first line. The cases travel in the golden file itself, so the test replays exactly
what was recorded. Writes tests/goldens/mindspore_2.10_metrics.json atomically (temp file, fsync, os.replace).
"""
from __future__ import annotations

import json
import os
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLDEN = os.path.join(ROOT, "tests", "goldens", "mindspore_2.10_metrics.json")


def T(values, dtype="float32"):
    """An array input: a Tensor when replayed on a backend, an ndarray when replayed as NumPy."""
    return {"t": np.asarray(values, dtype).tolist(), "dtype": dtype}


def L(values):
    """A plain Python list input."""
    return {"list": values}


def new(cls, *args, **kwargs):
    return ["new", cls, list(args), kwargs]


def up(*inputs):
    return ["update", list(inputs)]


def ev(**kwargs):
    return ["eval", kwargs]


def call(*inputs):
    return ["call", list(inputs)]


CLEAR = ["clear"]
INDEXES = ["indexes"]

P3 = T([[0.2, 0.5], [0.3, 0.1], [0.9, 0.6]])                       # the docstring example
P_TIES = T([[0.5, 0.5, 0.1], [0.2, 0.7, 0.7], [0.3, 0.3, 0.3], [0.1, 0.2, 0.9]])
Y_TIES = T([1, 2, 0, 2], "int32")
ML_P = T([[1, 0, 1], [0, 1, 1], [1, 1, 0], [0, 0, 0]], "int32")
ML_Y = T([[1, 0, 1], [0, 0, 1], [1, 1, 1], [0, 0, 0]], "int32")
ML_P2 = T([[0, 1, 0], [1, 1, 1]], "int32")
ML_Y2 = T([[0, 1, 0], [1, 0, 1]], "int32")
LOGITS = T([[0.1, 0.7, 0.2], [0.8, 0.1, 0.1], [0.3, 0.3, 0.4], [0.25, 0.5, 0.25], [0.6, 0.2, 0.2]])
LABELS = T([1, 0, 1, 1, 2], "int64")
ONEHOT = T([[0, 1, 0], [1, 0, 0], [0, 1, 0], [0, 1, 0], [0, 0, 1]], "float32")
LOGITS2 = T([[0.9, 0.05, 0.05], [0.2, 0.2, 0.6]])
LABELS2 = T([0, 0], "int64")
NEVER = T([[0.9, 0.1, 0.0], [0.8, 0.1, 0.1]])                      # class 1 and 2 never predicted
NEVER_Y = T([0, 0], "int32")                                       # class 1 and 2 never present
TIE21 = T([[1.0] + [3.0] * 20, [3.0] * 21])                        # many ties: which five come first
TIE21_Y = T([5, 6], "int32")
REG_P = T([0.1, 0.2, 0.6, 0.9])
REG_Y = T([0.1, 0.25, 0.7, 0.9])
REG_P2 = T([[1.5, -2.0], [0.25, 3.0]], "float64")
REG_Y2 = T([[1.0, -1.0], [0.0, 3.5]], "float64")

CLASSIFIERS = ("Accuracy", "Precision", "Recall")

CASES: dict[str, list] = {
    # Accuracy
    "accuracy_docstring": [new("Accuracy", "classification"), up(P3, T([1, 0, 1])), ev()],
    "accuracy_ties_labels_then_onehot": [new("Accuracy"), up(P_TIES, Y_TIES), ev(), up(LOGITS, ONEHOT), ev(),
                                         CLEAR, up(LOGITS2, LABELS2), ev()],
    "accuracy_lists": [new("Accuracy"), up(L([[0.1, 0.9], [0.8, 0.2]]), L([1, 1])), ev()],
    "accuracy_tuple_input": [new("Accuracy"), up({"tuple": [[0.1, 0.9]]}, L([1])), ev()],
    "accuracy_eval_before_update": [new("Accuracy"), ev()],
    "accuracy_one_input": [new("Accuracy"), up(P3)],
    "accuracy_wrong_ndim": [new("Accuracy"), up(P3, T([[1, 0, 1]], "int32"))],
    "accuracy_wrong_shape": [new("Accuracy"), up(P3, T([1, 0], "int32"))],
    "accuracy_class_number_changes": [new("Accuracy"), up(P3, T([1, 0, 1])), up(LOGITS, LABELS), ev()],
    "accuracy_multilabel": [new("Accuracy", "multilabel"), up(ML_P, ML_Y), ev(), up(ML_P2, ML_Y2), ev()],
    "accuracy_multilabel_3d": [new("Accuracy", "multilabel"),
                               up(T([[[1, 0], [0, 1], [1, 1]], [[0, 0], [1, 1], [0, 1]]], "int32"),
                                  T([[[1, 0], [0, 1], [1, 0]], [[0, 0], [1, 1], [0, 1]]], "int32")), ev()],
    "accuracy_multilabel_not_binary": [new("Accuracy", "multilabel"), up(T([[0.3, 1.0]]), T([[0, 1]], "int32"))],
    "accuracy_multilabel_shape": [new("Accuracy", "multilabel"), up(ML_P, ML_Y2)],
    "accuracy_bad_eval_type": [new("Accuracy", "binary")],
    "accuracy_set_indexes": [new("Accuracy"), ["set_indexes", [2, 0]], INDEXES,
                             up(T([9.0]), T([1, 0, 1], "int32"), P3), ev()],
    "accuracy_set_indexes_not_list": [new("Accuracy"), ["set_indexes", (1, 0)]],
    "accuracy_set_indexes_not_int": [new("Accuracy"), ["set_indexes", [1, 0.5]]],
    "accuracy_call": [new("Accuracy"), up(LOGITS, LABELS), call(P3, T([0, 0, 0], "int32"))],
    # Loss
    "loss_scalars_and_vectors": [new("Loss"), up(T(0.2)), ev(), up(T([0.5, 1.5, 2.5])), ev(),
                                 up(T(3.25, "float64")), ev()],
    "loss_2d": [new("Loss"), up(T([[0.5, 1.5]]))],
    "loss_two_inputs": [new("Loss"), up(T(0.2), T(0.3))],
    "loss_eval_before_update": [new("Loss"), ev()],
    "loss_list": [new("Loss"), up(L([1.0, 2.0])), ev()],
    # MAE / MSE
    **{f"{m.lower()}_two_updates": [new(m), up(REG_P, REG_Y), ev(), up(REG_P2, REG_Y2), ev()] for m in ("MAE", "MSE")},
    **{f"{m.lower()}_reshape_y": [new(m), up(T([1.0, 2.0, 4.0]), T([[0.5], [2.0], [5.0]])), ev()]
       for m in ("MAE", "MSE")},
    **{f"{m.lower()}_sizes_differ": [new(m), up(T([1.0, 2.0, 4.0]), T([1.0, 2.0]))] for m in ("MAE", "MSE")},
    **{f"{m.lower()}_eval_before_update": [new(m), ev()] for m in ("MAE", "MSE")},
    **{f"{m.lower()}_three_inputs": [new(m), up(REG_P, REG_Y, REG_Y)] for m in ("MAE", "MSE")},
    # Precision / Recall (shared checks with Accuracy)
    **{f"{m.lower()}_classification": [new(m), up(P_TIES, Y_TIES), ev(), ev(average=True), up(LOGITS, ONEHOT),
                                       ev(), ev(average=True)] for m in ("Precision", "Recall")},
    **{f"{m.lower()}_zero_denominators": [new(m), up(NEVER, NEVER_Y), ev(), ev(average=True)]
       for m in ("Precision", "Recall")},
    **{f"{m.lower()}_multilabel": [new(m, "multilabel"), up(ML_P, ML_Y), ev(), ev(average=True), up(ML_P2, ML_Y2),
                                   ev(), ev(average=True), CLEAR, ev()] for m in ("Precision", "Recall")},
    **{f"{m.lower()}_label_out_of_range": [new(m), up(P3, T([0, 2, 1], "int32"))] for m in ("Precision", "Recall")},
    **{f"{m.lower()}_average_not_bool": [new(m), up(P3, T([1, 0, 1], "int32")), ev(average=1)]
       for m in ("Precision", "Recall")},
    **{f"{m.lower()}_eval_before_update": [new(m), ev()] for m in CLASSIFIERS[1:]},
    **{f"{m.lower()}_class_number_changes": [new(m), up(P3, T([1, 0, 1])), up(LOGITS, LABELS)]
       for m in ("Precision", "Recall")},
    # Fbeta / F1
    "fbeta_half": [new("Fbeta", 0.5), up(P_TIES, Y_TIES), ev(), ev(average=True), up(LOGITS, ONEHOT), ev(),
                   ev(average=True)],
    "fbeta_two": [new("Fbeta", 2), up(LOGITS, LABELS), ev(), ev(average=True)],
    "f1_docstring": [new("F1"), up(T([[0.2, 0.6, 0.7], [0.2, 0.6, 0.2], [0.5, 0.1, 0.1]]), T([1, 0, 1], "int32")),
                     ev(), ev(average=True)],
    "f1_zero_denominators": [new("F1"), up(NEVER, NEVER_Y), ev(), ev(average=True)],
    "fbeta_beta_zero": [new("Fbeta", 0)],
    "fbeta_beta_negative": [new("Fbeta", -1.5)],
    "f1_label_out_of_range": [new("F1"), up(P3, T([0, 2, 1], "int32"))],
    "f1_class_number_changes": [new("F1"), up(P3, T([1, 0, 1])), up(LOGITS, LABELS)],
    "f1_average_not_bool": [new("F1"), up(P3, T([1, 0, 1], "int32")), ev(average="yes")],
    "f1_eval_before_update": [new("F1"), ev()],
    "f1_one_input": [new("F1"), up(P3)],
    # Top-k
    "topk_2": [new("TopKCategoricalAccuracy", 2), up(LOGITS, LABELS), ev(), up(LOGITS2, LABELS2), ev()],
    "topk_onehot": [new("TopKCategoricalAccuracy", 2), up(LOGITS, ONEHOT), ev()],
    "topk_docstring": [new("TopKCategoricalAccuracy", 3),
                       up(T([[0.2, 0.5, 0.3, 0.6, 0.2], [0.1, 0.35, 0.5, 0.2, 0.], [0.9, 0.6, 0.2, 0.01, 0.3]]),
                          T([2, 0, 1])), ev()],
    "top1": [new("Top1CategoricalAccuracy"), up(P_TIES, Y_TIES), ev()],
    "top5_many_ties": [new("Top5CategoricalAccuracy"), up(TIE21, TIE21_Y), ev()],
    "topk_k_not_int": [new("TopKCategoricalAccuracy", 2.0)],
    "topk_k_zero": [new("TopKCategoricalAccuracy", 0)],
    "topk_eval_before_update": [new("TopKCategoricalAccuracy", 1), ev()],
    "topk_one_input": [new("Top1CategoricalAccuracy"), up(P3)],
    # ConfusionMatrix
    "confusion_docstring": [new("ConfusionMatrix", num_classes=2, normalize="no_norm", threshold=0.5),
                            up(T([1, 0, 1, 0], "int64"), T([1, 0, 0, 1], "int64")), ev()],
    "confusion_logits_and_thresholds": [new("ConfusionMatrix", 3), up(LOGITS, LABELS), ev(),
                                        up(T([0.7, 0.2, 0.5]), T([1, 0, 0], "int32")), ev()],
    **{f"confusion_normalize_{n}": [new("ConfusionMatrix", 3, normalize=n), up(LOGITS, LABELS), ev()]
       for n in ("target", "prediction", "all")},
    "confusion_threshold": [new("ConfusionMatrix", 2, threshold=0.25), up(T([0.2, 0.3, 0.9]), T([0, 0, 1])), ev()],
    "confusion_bad_normalize": [new("ConfusionMatrix", 2, normalize="label")],
    "confusion_num_classes_not_int": [new("ConfusionMatrix", 2.0)],
    "confusion_threshold_not_float": [new("ConfusionMatrix", 2, threshold=1)],
    "confusion_eval_before_update": [new("ConfusionMatrix", 2), ev()],
    "confusion_ndim": [new("ConfusionMatrix", 2), up(T([[[0.1, 0.9]]]), T([1], "int32"))],
    "confusion_clear": [new("ConfusionMatrix", 2), up(T([1, 0], "int32"), T([1, 1], "int32")), CLEAR,
                        up(T([0], "int32"), T([0], "int32")), ev()],
    "confusion_class_out_of_range": [new("ConfusionMatrix", 2), up(T([2, 1], "int32"), T([0, 1], "int32")), ev()],
    # the factories
    **{f"get_metric_fn_{n}": [["get_metric_fn", n]]
       for n in ("accuracy", "acc", "loss", "mae", "mse", "precision", "recall", "F1", "f1", "topk", "top_1_accuracy",
                 "top_5_accuracy", "confusion_matrix", "nonsense")},
    "get_metric_fn_with_args": [["get_metric_fn", "precision", "multilabel"], up(ML_P, ML_Y), ev()],
    "get_metric_fn_topk_k": [["get_metric_fn", "topk", 2], up(LOGITS, LABELS), ev()],
    "get_metrics_set": [["get_metrics", {"set": ["accuracy", "loss", "top_5_accuracy"]}]],
    "get_metrics_none": [["get_metrics", None]],
    "get_metrics_list": [["get_metrics", {"list": ["accuracy"]}]],
    "get_metrics_unknown": [["get_metrics", {"set": ["accuracy", "no_such_metric"]}]],
    "get_metrics_dict_bad_value": [["get_metrics", {"dict": {"acc": "accuracy"}}]],
    "get_metrics_dict": [["get_metrics", {"dict": {"acc": ["Accuracy"], "my_loss": ["Loss"]}}]],
    "names": [["names"]],
}


def decode_input(spec, to_tensor):
    """An input as the step gives it: a tensor (``to_tensor``), a list, a tuple or a plain value."""
    if isinstance(spec, dict) and "t" in spec:
        return to_tensor(np.asarray(spec["t"], spec["dtype"]))
    if isinstance(spec, dict) and "list" in spec:
        return list(spec["list"])
    if isinstance(spec, dict) and "tuple" in spec:
        return tuple(spec["tuple"])
    return spec


def decode_metrics_arg(spec, metrics_module):
    """The argument of ``get_metrics``: None, a set, a list, or a dict of names to metrics."""
    if spec is None:
        return None
    if "set" in spec:
        return set(spec["set"])
    if "list" in spec:
        return list(spec["list"])
    return {k: getattr(metrics_module, v[0])() if isinstance(v, list) else v for k, v in spec["dict"].items()}


def encode(value):
    """A result as JSON, with its type: arrays keep their dtype, NumPy scalars their type."""
    if value is None:
        return {"none": True}
    if isinstance(value, np.ndarray):
        return {"array": value.tolist(), "dtype": str(value.dtype), "shape": list(value.shape)}
    if isinstance(value, np.generic):
        return {"scalar": value.item(), "type": type(value).__name__}
    if isinstance(value, (bool, int, float, str)):
        return {"scalar": value, "type": type(value).__name__}
    if isinstance(value, (list, tuple)):
        return {"seq": [encode(v) for v in value], "type": type(value).__name__}
    if isinstance(value, dict):
        return {"dict": {k: encode(v) for k, v in sorted(value.items())}}
    return {"object": type(value).__name__}


def first_line(error: BaseException) -> str:
    return next((line.strip() for line in str(error).splitlines() if line.strip()), "")


def run_step(state: dict, step: list, metrics_module, to_tensor):
    """Run one step on ``state['metric']``; returns what it gave (the new metric for constructors)."""
    kind, rest = step[0], step[1:]
    inputs = lambda: [decode_input(s, to_tensor) for s in rest[0]]  # noqa: E731
    if kind == "new":
        state["metric"] = getattr(metrics_module, rest[0])(*rest[1], **rest[2])
        return state["metric"]
    if kind == "get_metric_fn":
        state["metric"] = metrics_module.get_metric_fn(*rest)
        return state["metric"]
    if kind == "get_metrics":
        return metrics_module.get_metrics(decode_metrics_arg(rest[0], metrics_module))
    if kind == "names":
        return metrics_module.names()
    metric = state["metric"]
    if kind == "update":
        return metric.update(*inputs())
    if kind == "call":
        return metric(*inputs())
    if kind == "eval":
        return metric.eval(**rest[0])
    if kind == "clear":
        return metric.clear()
    if kind == "set_indexes":
        return metric.set_indexes(decode_input(rest[0], to_tensor))
    if kind == "indexes":
        return metric.indexes
    raise ValueError(f"unknown step {kind!r}")


def run_case(steps: list, metrics_module, to_tensor) -> list[dict]:
    """Every step's outcome: ``{"ok": encoded}`` or ``{"error": type name, "message": first line}``."""
    state: dict = {}
    outcomes = []
    for step in steps:
        try:
            outcomes.append({"ok": encode(run_step(state, step, metrics_module, to_tensor))})
        except Exception as error:  # noqa: BLE001  (recorded, the point of the file)
            outcomes.append({"error": type(error).__name__, "message": first_line(error)})
            if step[0] in ("new", "get_metric_fn"):
                break
    return outcomes


def _jsonable_steps(steps: list) -> list:
    """Tuples (set_indexes' wrong argument) survive JSON as {"tuple": [...]}."""
    return [[{"tuple": list(a)} if isinstance(a, tuple) else a for a in step] for step in steps]


def main() -> None:
    import mindspore
    from mindspore.train import metrics

    cases = {}
    for name, steps in CASES.items():
        steps = _jsonable_steps(steps)
        cases[name] = {"steps": steps, "outcomes": run_case(steps, metrics, mindspore.Tensor)}
    out = {"mindspore_version": mindspore.__version__, "numpy_version": np.__version__, "cases": cases}
    tmp = GOLDEN + ".tmp"
    with open(tmp, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, GOLDEN)
    print(f"wrote {len(cases)} cases to {GOLDEN}", file=sys.stderr)


if __name__ == "__main__":
    main()

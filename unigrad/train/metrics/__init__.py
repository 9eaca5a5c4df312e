"""``mindspore.train.metrics``: the measures ``Model.eval`` reports, and MindSpore's names for them
(``metrics={'accuracy', 'loss'}``)."""
from __future__ import annotations

from typing import Any

from unigrad.train.metrics.accuracy import Accuracy
from unigrad.train.metrics.confusion_matrix import ConfusionMatrix
from unigrad.train.metrics.error import MAE, MSE
from unigrad.train.metrics.fbeta import F1, Fbeta
from unigrad.train.metrics.loss import Loss
from unigrad.train.metrics.metric import Metric, rearrange_inputs
from unigrad.train.metrics.precision import Precision, Recall
from unigrad.train.metrics.topk import Top1CategoricalAccuracy, Top5CategoricalAccuracy, TopKCategoricalAccuracy

__all__ = ["names", "get_metric_fn", "get_metrics", "Metric", "rearrange_inputs", "Accuracy", "MAE", "MSE",
           "Precision", "Recall", "Fbeta", "F1", "TopKCategoricalAccuracy", "Top1CategoricalAccuracy",
           "Top5CategoricalAccuracy", "Loss", "ConfusionMatrix"]

_FACTORY = {
    "accuracy": Accuracy, "acc": Accuracy, "precision": Precision, "recall": Recall, "F1": F1,
    "topk": TopKCategoricalAccuracy, "top_1_accuracy": Top1CategoricalAccuracy,
    "top_5_accuracy": Top5CategoricalAccuracy, "mae": MAE, "mse": MSE, "loss": Loss,
    "confusion_matrix": ConfusionMatrix,
}
# MindSpore's other names: asking for one is a NotImplementedError, not an unknown name
_NOT_BUILT = ("auc", "bleu_score", "confusion_matrix_metric", "cosine_similarity", "dice", "hausdorff_distance",
              "mean_surface_distance", "occlusion_sensitivity", "perplexity", "roc", "root_mean_square_distance")


def names() -> list[str]:
    """The metric names ``get_metric_fn`` builds, sorted (MindSpore's names that unigrad implements)."""
    return sorted(_FACTORY)


def get_metric_fn(name: str, *args: Any, **kwargs: Any) -> Metric:
    """A new metric from its MindSpore name (``'accuracy'``, ``'F1'``, ...), built with ``args`` and ``kwargs``."""
    if name in _NOT_BUILT:
        raise NotImplementedError(f"For 'get_metric_fn', the metric {name!r} is not implemented in unigrad; "
                                  f"these are: {names()}.")
    if name not in _FACTORY:
        raise KeyError(f"For 'get_metric_fn', unsupported metric {name!r}; the names are: {names()}.")
    return _FACTORY[name](*args, **kwargs)


def get_metrics(metrics: dict[str, Metric] | set[str] | None) -> dict[str, Metric] | None:
    """``Model``'s ``metrics`` argument as name → metric: a set of names is built, a dict of metrics is checked."""
    if metrics is None:
        return None
    if isinstance(metrics, dict):
        for name, metric in metrics.items():
            if not isinstance(name, str) or not isinstance(metric, Metric):
                raise TypeError("For 'get_metrics', a dict of metrics must map str to Metric, but got key "
                                f"{type(name)} and value {type(metric)}.")
        return metrics
    if isinstance(metrics, set):
        return {name: get_metric_fn(name) for name in metrics}
    raise TypeError(f"For 'get_metrics', the argument 'metrics' must be None, a dict or a set, but got "
                    f"{type(metrics)}: {metrics!r}.")

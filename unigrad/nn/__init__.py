"""``unigrad.nn``: MindSpore's ``mindspore.nn`` namespace: Cell, layers, losses, optimizers and
learning-rate schedules. Only MindSpore's names live here; unigrad's few extra Cells stay in their modules
(``nn.layer.activation.Softplus``, ``nn.optim.AdamW``, ``nn.learning_rate_schedule.PiecewiseConstantLR``)."""
from unigrad.nn.cell import Cell
from unigrad.nn._graph_cell import GraphCell
from unigrad.nn import dynamic_lr
from unigrad.nn.dynamic_lr import (cosine_decay_lr, exponential_decay_lr, inverse_decay_lr, natural_exp_decay_lr,
                                   polynomial_decay_lr, warmup_lr)
from unigrad.nn.layer import (GELU, AdaptiveAvgPool2d, AvgPool2d, BatchNorm1d, BatchNorm2d, CellList, ClipByNorm, Conv1d,
                              Conv2d, Conv2dTranspose, Dense, Dropout, Dropout2d, Embedding, Flatten, GroupNorm, HSwish,
                              Identity, LayerNorm, LeakyReLU, LogSoftmax, MaxPool2d, Pad, PReLU, ReLU, ReLU6,
                              SequentialCell, SiLU, Sigmoid, Softmax, Tanh, get_activation)
from unigrad.nn.learning_rate_schedule import (CosineDecayLR, ExponentialDecayLR, InverseDecayLR, NaturalExpDecayLR,
                                               PolynomialDecayLR, WarmUpLR, piecewise_constant_lr)
from unigrad.nn.loss import (BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, HuberLoss, KLDivLoss, L1Loss, LossBase,
                             MSELoss, NLLLoss, SmoothL1Loss, SoftmaxCrossEntropyWithLogits)
from unigrad.nn.optim import SGD, Adagrad, Adam, AdamWeightDecay, Momentum, Optimizer, RMSProp
from unigrad.nn.wrap import (DynamicLossScaleUpdateCell, FixedLossScaleUpdateCell, TrainOneStepCell,
                             TrainOneStepWithLossScaleCell, WithEvalCell, WithLossCell)

# MindSpore 2.10 also exposes its metrics here (nn.Accuracy is train.Accuracy) and the module nn.metrics; they
# are read from unigrad.train on first use, since unigrad.train imports this package
_METRICS = ("Accuracy", "ConfusionMatrix", "F1", "Fbeta", "Loss", "MAE", "MSE", "Metric", "Precision", "Recall",
            "Top1CategoricalAccuracy", "Top5CategoricalAccuracy", "TopKCategoricalAccuracy", "get_metric_fn",
            "get_metrics", "names", "rearrange_inputs")


def __getattr__(name: str):
    if name in _METRICS:
        from unigrad.train import metrics
        return getattr(metrics, name)
    if name == "metrics":
        import importlib
        return importlib.import_module("unigrad.nn.metrics")
    raise AttributeError(f"module 'unigrad.nn' has no attribute {name!r}")

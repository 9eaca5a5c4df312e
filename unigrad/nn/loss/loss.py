"""Loss Cells with reduction 'none' / 'sum' / 'mean', written once on ``unigrad.ops``.

Defaults are MindSpore's (SmoothL1Loss reduces with 'none'; BCELoss adds 1e-12 inside its logs, so
probabilities of exactly 0 or 1 give finite values and gradients)."""
from __future__ import annotations

import math

from unigrad import ops
from unigrad import dtype as dt
from unigrad.common._checks import check_bool, check_number, check_string, check_type
from unigrad.nn.cell import Cell
from unigrad.nn.layer.activation import LogSoftmax
from unigrad._tensor import Tensor

_REDUCTIONS = ("none", "mean", "sum")


class LossBase(Cell):
    """Holds the reduction and applies it (``get_loss``), as MindSpore's LossBase."""

    def __init__(self, reduction: str = "mean") -> None:
        super().__init__()
        if reduction not in _REDUCTIONS:
            raise ValueError(f"For '{type(self).__name__}', the 'reduction' must be in ['mean', 'sum', 'none'], "
                             f"but got {reduction}.")
        self.reduction = reduction

    def get_loss(self, x: Tensor, weights: Tensor | float = 1.0) -> Tensor:
        if not (isinstance(weights, float) and weights == 1.0):
            x = x * weights
        if self.reduction == "mean":
            return ops.mean(x)
        if self.reduction == "sum":
            return ops.sum(x)
        return x


class MSELoss(LossBase):
    def construct(self, logits: Tensor, labels: Tensor) -> Tensor:
        return ops.mse_loss(logits, labels, self.reduction)


class L1Loss(LossBase):
    def construct(self, logits: Tensor, labels: Tensor) -> Tensor:
        return ops.l1_loss(logits, labels, self.reduction)


class SmoothL1Loss(LossBase):
    """0.5 d^2 / beta where |d| < beta, |d| - 0.5 beta elsewhere; MindSpore's default reduction is 'none'."""

    def __init__(self, beta: float = 1.0, reduction: str = "none") -> None:
        super().__init__(reduction)
        if isinstance(beta, bool) or not isinstance(beta, (int, float)) or beta <= 0:
            raise ValueError(f"For 'SmoothL1Loss', 'beta' must be a positive float, but got {beta!r}")
        self.beta = float(beta)

    def construct(self, logits: Tensor, labels: Tensor) -> Tensor:
        return ops.smooth_l1_loss(logits, labels, self.beta, self.reduction)


class HuberLoss(LossBase):
    """0.5 d^2 where |d| <= delta, delta (|d| - 0.5 delta) elsewhere."""

    def __init__(self, reduction: str = "mean", delta: float = 1.0) -> None:
        super().__init__(reduction)
        if isinstance(delta, bool) or not isinstance(delta, (int, float)) or delta <= 0:
            raise ValueError(f"For 'HuberLoss', 'delta' must be a positive float, but got {delta!r}")
        self.delta = float(delta)

    def construct(self, logits: Tensor, labels: Tensor) -> Tensor:
        return ops.huber_loss(logits, labels, self.reduction, self.delta)


class CrossEntropyLoss(LossBase):
    """Cross entropy of logits (class axis 1) with class indices or class probabilities."""

    def __init__(self, weight: Tensor | None = None, ignore_index: int = -100, reduction: str = "mean",
                 label_smoothing: float = 0.0) -> None:
        super().__init__(reduction)
        if not 0.0 <= label_smoothing <= 1.0:
            raise ValueError(f"For 'CrossEntropyLoss', 'label_smoothing' must be in [0, 1], but got {label_smoothing}")
        self.weight, self.ignore_index, self.label_smoothing = weight, ignore_index, label_smoothing

    def construct(self, logits: Tensor, labels: Tensor) -> Tensor:
        return ops.cross_entropy(logits, labels, self.weight, self.ignore_index, self.reduction, self.label_smoothing)


class NLLLoss(LossBase):
    """Negative log-likelihood of log-probabilities at class indices."""

    def __init__(self, weight: Tensor | None = None, ignore_index: int = -100, reduction: str = "mean") -> None:
        super().__init__(reduction)
        self.weight, self.ignore_index = weight, ignore_index

    def construct(self, logits: Tensor, labels: Tensor) -> Tensor:
        return ops.nll_loss(logits, labels, self.weight, self.ignore_index, self.reduction)


class BCEWithLogitsLoss(LossBase):
    """Binary cross entropy on logits, with optional per-element ``weight`` and ``pos_weight``; stable for
    any logit."""

    def __init__(self, reduction: str = "mean", weight: Tensor | None = None,
                 pos_weight: Tensor | None = None) -> None:
        super().__init__(reduction)
        self.weight, self.pos_weight = weight, pos_weight

    def construct(self, logits: Tensor, labels: Tensor) -> Tensor:
        return ops.binary_cross_entropy_with_logits(logits, labels, self.weight, self.pos_weight, self.reduction)


class BCELoss(LossBase):
    """-w [y log(p + 1e-12) + (1 - y) log(1 - p + 1e-12)], MindSpore's kernel formula."""

    _EPS = 1e-12

    def __init__(self, weight: Tensor | None = None, reduction: str = "mean") -> None:
        super().__init__(reduction)
        self.weight = weight

    def construct(self, logits: Tensor, labels: Tensor) -> Tensor:
        if logits.shape != labels.shape:
            raise ValueError(f"For 'BCELoss', 'logits' shape {logits.shape} and 'labels' shape {labels.shape} differ")
        log_p = ops.log(logits + self._EPS)
        log_q = ops.log(1.0 - logits + self._EPS)
        loss = -(labels * log_p + (1.0 - labels) * log_q)
        return self.get_loss(loss if self.weight is None else loss * self.weight)


class KLDivLoss(LossBase):
    """target * (log target - logits), 0 where target is 0; ``logits`` are log-probabilities."""

    def __init__(self, reduction: str = "mean") -> None:
        if reduction == "batchmean":
            LossBase.__init__(self, "sum")
            self.reduction = "batchmean"
            return
        super().__init__(reduction)

    def construct(self, logits: Tensor, labels: Tensor) -> Tensor:
        return ops.kl_div(logits, labels, self.reduction)


class SoftmaxCrossEntropyWithLogits(LossBase):
    """-sum(labels * log_softmax(logits)) over the class axis of (N, C) logits; with ``sparse`` the labels
    are class indices (N,), read as one-hot rows (an index outside [0, C) gives a zero row, so a zero
    loss, as MindSpore's OneHot). MindSpore's defaults: dense labels, no reduction. No gradient reaches
    the labels (MindSpore's kernel gives them none)."""

    def __init__(self, sparse: bool = False, reduction: str = "none") -> None:
        super().__init__(reduction)
        self.sparse = check_bool("sparse", sparse, "SoftmaxCrossEntropyWithLogits")

    def construct(self, logits: Tensor, labels: Tensor) -> Tensor:
        for name, value in (("logits", logits), ("labels", labels)):
            if not isinstance(value, Tensor):
                raise TypeError(f"For 'SoftmaxCrossEntropyWithLogits', the '{name}' must be Tensor, but got "
                                f"{type(value).__name__}.")
        if logits.ndim != 2:
            raise ValueError(f"For 'SoftmaxCrossEntropyWithLogits', the 'logits' must be 2-D (N, C), but got "
                             f"shape {logits.shape}.")
        if self.sparse:
            labels = ops.one_hot(labels, logits.shape[-1], 1.0, 0.0)
        elif labels.shape != logits.shape:
            raise ValueError(f"For 'SoftmaxCrossEntropyWithLogits', the 'labels' shape {labels.shape} must equal "
                             f"the 'logits' shape {logits.shape}.")
        labels = ops.stop_gradient(ops.cast(labels, logits.dtype))
        return self.get_loss(-ops.sum(labels * ops.log_softmax(logits, -1), -1))


class DiceLoss(LossBase):
    """1 - 2 sum(logits * labels) / (sum(logits^2) + sum(labels^2) + smooth), over every element (one
    coefficient for the whole batch, as MindSpore's)."""

    def __init__(self, smooth: float = 1e-5) -> None:
        super().__init__()
        self.smooth = check_number("smooth", smooth, float, ">", 0)

    def construct(self, logits: Tensor, label: Tensor) -> Tensor:
        for name, value in (("logits", logits), ("labels", label)):
            if not isinstance(value, Tensor):
                raise TypeError(f"For 'DiceLoss', the '{name}' must be Tensor, but got {type(value).__name__}.")
        if logits.shape != label.shape:
            raise ValueError(f"For 'DiceLoss', the 'logits_shape' should be = label_shape: {label.shape}, but got "
                             f"{logits.shape}.")
        for name, value in (("logits", logits), ("labels", label)):
            if value.dtype == dt.uint8:
                raise TypeError(f"For 'DiceLoss', the dtype of '{name}' can not be uint8.")
        x, y = ops.reshape(logits, (-1,)), ops.reshape(label, (-1,))
        intersection = ops.sum(x * y)
        union = ops.sum(x * x) + ops.sum(y * y)
        return 1 - (2 * intersection) / (union + self.smooth)


class MAELoss(LossBase):
    """|logits - labels|, reduced."""

    def construct(self, logits: Tensor, label: Tensor) -> Tensor:
        return self.get_loss(ops.abs(logits - label))


class RMSELoss(LossBase):
    """sqrt(mean((logits - labels)^2))."""

    def __init__(self) -> None:
        super().__init__()
        self.MSELoss = MSELoss()

    def construct(self, logits: Tensor, label: Tensor) -> Tensor:
        for name, value in (("logits", logits), ("labels", label)):
            if value.dtype.kind == "uint":
                raise TypeError(f"For 'RMSELoss', the dtype of '{name}' can not be {value.dtype}.")
        return ops.sqrt(self.MSELoss(logits, label))


class MarginRankingLoss(LossBase):
    """max(0, -target (input1 - input2) + margin), reduced; target is 1 or -1."""

    def __init__(self, margin: float = 0.0, reduction: str = "mean") -> None:
        super().__init__(reduction)
        self.margin = margin

    def construct(self, input1: Tensor, input2: Tensor, target: Tensor) -> Tensor:
        check_type("margin", self.margin, (float,), "margin_ranking_loss")
        for name, a, b in (("input1", input1, input2), ("target", target, input1)):
            other = "input2" if name == "input1" else "input1"
            if a.dtype != b.dtype:
                raise TypeError(f"For margin_ranking_loss, the {name} dtype should be equal to {other} dtype, but got "
                                f"{name} dtype:{a.dtype}, {other} dtype:{b.dtype}.")
        return ops.margin_ranking_loss(input1, input2, target, self.margin, self.reduction)


class SoftMarginLoss(LossBase):
    """log(1 + exp(-labels * logits)), reduced."""

    def construct(self, logits: Tensor, labels: Tensor) -> Tensor:
        return ops.soft_margin_loss(logits, labels, self.reduction)


class CosineEmbeddingLoss(LossBase):
    """1 - cos(x1, x2) where labels is 1, max(0, cos(x1, x2) - margin) where it is -1, 0 elsewhere; the
    cosine over axis 1."""

    def __init__(self, margin: float = 0.0, reduction: str = "mean") -> None:
        super().__init__(reduction)
        check_type("margin", margin, (float,), "CosineEmbeddingLoss")
        if not -1.0 <= margin <= 1.0:
            raise ValueError(f"For 'CosineEmbeddingLoss', the 'margin' must be in range of [-1.0, 1.0], but got "
                             f"{margin} with type 'float'.")
        self.margin = margin

    def construct(self, logits_x1: Tensor, logits_x2: Tensor, labels: Tensor) -> Tensor:
        if logits_x1.shape != logits_x2.shape or logits_x1.dtype != logits_x2.dtype:
            raise TypeError(f"For 'CosineEmbeddingLoss', 'logits_x1' and 'logits_x2' must have one shape and dtype, "
                            f"but got {logits_x1.shape} {logits_x1.dtype} and {logits_x2.shape} {logits_x2.dtype}.")
        return ops.cosine_embedding_loss(logits_x1, logits_x2, labels, self.margin, self.reduction)


class HingeEmbeddingLoss(LossBase):
    """x where labels > 0, max(0, margin - x) where labels < 0, reduced."""

    def __init__(self, margin: float = 1.0, reduction: str = "mean") -> None:
        super().__init__()
        check_type("margin", margin, (float, int), "HingeEmbeddingLoss")
        self.reduction = check_string("reduction", reduction, ("none", "sum", "mean"), "HingeEmbeddingLoss")
        self.margin = margin

    def construct(self, logits: Tensor, labels: Tensor) -> Tensor:
        return ops.hinge_embedding_loss(logits, labels, self.margin, self.reduction)


class PoissonNLLLoss(LossBase):
    """exp(x) - target x (``log_input``) or x - target log(x + eps), plus Stirling's term for target > 1
    when ``full``, reduced."""

    def __init__(self, log_input: bool = True, full: bool = False, eps: float = 1e-08, reduction: str = "mean") -> None:
        super().__init__(reduction)
        self.log_input, self.full, self.eps = log_input, full, eps

    def construct(self, input: Tensor, target: Tensor) -> Tensor:
        target = ops.cast(target, input.dtype)
        if self.log_input:
            loss = ops.exp(input) - target * input
        else:
            loss = input - target * ops.log(input + self.eps)
        if self.full:
            floor = ops.maximum(target, self.eps)
            stirling = (floor + 0.5) * ops.log(floor) - floor + 0.5 * math.log(2 * math.pi)
            loss = loss + ops.where(floor > 1, stirling, ops.zeros_like(stirling))
        return self.get_loss(loss)


class GaussianNLLLoss(LossBase):
    """0.5 (log(max(var, eps)) + (x - target)^2 / max(var, eps)), plus 0.5 log(2 pi) when ``full``; a var
    without the last axis is read as one value per row."""

    def __init__(self, *, full: bool = False, eps: float = 1e-6, reduction: str = "mean") -> None:
        super().__init__()
        if isinstance(eps, bool) or not isinstance(eps, (int, float)) or not 0 < eps < float("inf"):
            raise ValueError(f"For 'GaussianNLLLoss', the 'eps' must be in range of (0, inf), but got {eps} with type "
                             f"'{type(eps).__name__}'.")
        check_type("full", full, (bool,), "GaussianNLLLoss")
        self.reduction = check_string("reduction", reduction, ("none", "mean", "sum"), "gaussian_nll_loss")
        self.full, self.eps = full, eps

    def construct(self, logits: Tensor, labels: Tensor, var: Tensor) -> Tensor:
        return ops.gaussian_nll_loss(logits, labels, var, self.full, self.eps, self.reduction)


class MultiLabelSoftMarginLoss(LossBase):
    """The mean over classes of -(y log sigmoid(x) + (1 - y) log sigmoid(-x)) (times ``weight``), reduced over
    the batch."""

    def __init__(self, weight: Tensor | None = None, reduction: str = "mean") -> None:
        super().__init__(reduction)
        self.weight = weight

    def construct(self, x: Tensor, target: Tensor) -> Tensor:
        return ops.multilabel_soft_margin_loss(x, target, self.weight, self.reduction)


class FocalLoss(LossBase):
    """-(1 - p)^gamma log p of the softmax over axis 1 (with per-class ``weight`` on log p), for labels of
    class indices (N, 1, *) or of one value per class (N, C, *); averaged over the positions (indices) or the
    classes' positions (per class), then reduced."""

    def __init__(self, weight: Tensor | None = None, gamma: float = 2.0, reduction: str = "mean") -> None:
        super().__init__(reduction)
        self.gamma = check_type("gamma", gamma, (float,))
        if weight is not None and not isinstance(weight, Tensor):
            raise TypeError(f"For 'FocalLoss', the type of 'weight' must be a Tensor, but got {type(weight).__name__}.")
        if isinstance(weight, Tensor) and weight.ndim != 1:
            raise ValueError(f"For 'FocalLoss', the dimension of 'weight' must be 1, but got {weight.ndim}.")
        self.weight = weight
        self.logsoftmax = LogSoftmax(1)

    def construct(self, logits: Tensor, labels: Tensor) -> Tensor:
        for name, value in (("logits", logits.ndim), ("labels", labels.ndim)):
            if not 2 <= value <= 4:
                raise ValueError(f"For 'FocalLoss', the dimensions of '{name}' must be in [2, 4], but got dimension "
                                 f"of '{name}' {value}.")
        if logits.ndim != labels.ndim:
            raise ValueError(f"For 'FocalLoss', the dimensions of 'logits' and 'labels' must be equal, but got "
                             f"dimension of 'logits' {logits.ndim} and dimension of 'labels' {labels.ndim}.")
        classes, given = logits.shape[1], labels.shape[1]
        if classes == 1:
            raise ValueError(f"For 'FocalLoss', the 'logits'.shape[1] cannot be one, but got {classes}.")
        if given not in (1, classes):
            raise ValueError(f"For 'FocalLoss', the 'labels'.shape[1] must be one or equal to 'logits'.shape[1]: "
                             f"{classes}, but got {given}.")
        if labels.dtype not in (dt.int32, dt.int64, dt.float16, dt.float32, dt.float64):
            raise TypeError(f"For 'FocalLoss', the type of 'labels' should be in [Int32, Int64, Float16, Float32], "
                            f"but got {labels.dtype}.")
        n = logits.shape[0]
        logits, labels = ops.reshape(logits, (n, classes, -1)), ops.reshape(labels, (n, given, -1))
        log_p = self.logsoftmax(logits)
        weight = None if self.weight is None else ops.reshape(ops.cast(self.weight, log_p.dtype), (1, classes, 1))
        if given == 1:
            index = ops.cast(labels, dt.int32)
            log_p = ops.squeeze(ops.gather_elements(log_p, 1, index), 1)
            if weight is not None:
                weight = ops.squeeze(ops.gather_elements(ops.broadcast_to(weight, (n, classes, index.shape[2])), 1,
                                                         index), 1)
        p = ops.exp(log_p)
        if weight is not None:
            log_p = log_p * weight
        focus = ops.pow(1.0 - p, self.gamma)
        if given == 1:
            return self.get_loss(ops.mean(-focus * log_p, 1))
        return self.get_loss(ops.mean(-focus * ops.cast(labels, log_p.dtype) * log_p, -1))


class TripletMarginLoss(LossBase):
    """max(d(x, positive) - d(x, negative) + margin, 0), d the p-norm distance over the last axis (of the
    difference plus ``eps``); with ``swap``, d(x, negative) is min(d(x, negative), d(positive, negative))."""

    def __init__(self, p: int = 2, swap: bool = False, eps: float = 1e-06, reduction: str = "mean",
                 margin: float = 1.0) -> None:
        super().__init__(reduction)
        self.p, self.swap, self.eps, self.margin = p, swap, eps, margin

    def construct(self, x: Tensor, positive: Tensor, negative: Tensor, margin: float = 1.0) -> Tensor:
        margin = self.margin if self.margin != 1.0 else margin
        return ops.triplet_margin_loss(x, positive, negative, margin, self.p, self.eps, self.swap, self.reduction)

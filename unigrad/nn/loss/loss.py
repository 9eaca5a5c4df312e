"""Loss Cells with reduction 'none' / 'sum' / 'mean', written once on ``unigrad.ops``.

Defaults are MindSpore's (SmoothL1Loss reduces with 'none'; BCELoss adds 1e-12 inside its logs, so
probabilities of exactly 0 or 1 give finite values and gradients)."""
from __future__ import annotations

from unigrad import ops
from unigrad import dtype as dt
from unigrad.common._checks import check_bool, check_number
from unigrad.nn.cell import Cell
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
        diff = logits - labels
        return self.get_loss(diff * diff)


class L1Loss(LossBase):
    def construct(self, logits: Tensor, labels: Tensor) -> Tensor:
        return self.get_loss(ops.abs(logits - labels))


class SmoothL1Loss(LossBase):
    """0.5 d^2 / beta where |d| < beta, |d| - 0.5 beta elsewhere; MindSpore's default reduction is 'none'."""

    def __init__(self, beta: float = 1.0, reduction: str = "none") -> None:
        super().__init__(reduction)
        if isinstance(beta, bool) or not isinstance(beta, (int, float)) or beta <= 0:
            raise ValueError(f"For 'SmoothL1Loss', 'beta' must be a positive float, but got {beta!r}")
        self.beta = float(beta)

    def construct(self, logits: Tensor, labels: Tensor) -> Tensor:
        diff = ops.abs(logits - labels)
        small = diff * diff * (0.5 / self.beta)
        return self.get_loss(ops.where(diff < self.beta, small, diff - 0.5 * self.beta))


class HuberLoss(LossBase):
    """0.5 d^2 where |d| <= delta, delta (|d| - 0.5 delta) elsewhere."""

    def __init__(self, reduction: str = "mean", delta: float = 1.0) -> None:
        super().__init__(reduction)
        if isinstance(delta, bool) or not isinstance(delta, (int, float)) or delta <= 0:
            raise ValueError(f"For 'HuberLoss', 'delta' must be a positive float, but got {delta!r}")
        self.delta = float(delta)

    def construct(self, logits: Tensor, labels: Tensor) -> Tensor:
        diff = ops.abs(logits - labels)
        return self.get_loss(ops.where(diff <= self.delta, diff * diff * 0.5, (diff - 0.5 * self.delta) * self.delta))


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
        positive = labels > 0
        safe = ops.where(positive, labels, ops.ones_like(labels))
        loss = ops.where(positive, labels * (ops.log(safe) - logits), ops.zeros_like(logits * labels))
        if self.reduction == "batchmean":
            return ops.sum(loss) / float(logits.shape[0])
        return self.get_loss(loss)


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

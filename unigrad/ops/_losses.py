"""The losses of ``mindspore.ops`` on values (l1, mse, smooth l1, Huber, KL divergence) and on margins
(ranking, hinge, cosine, triplet, multi-class and multi-label), written on unigrad's ops so that every
backend differentiates them; nn's loss Cells call these. The cross entropies are in ``_nn``."""
from __future__ import annotations

import math
from typing import Any

from unigrad import dtype as dt
from unigrad._tensor import Tensor
from unigrad.ops import _creation as creation, _indexing as indexing, _math as m, _nn as nn, _reduction as red
from unigrad.ops import _shape as shape
from unigrad.ops._gradient import stop_gradient


def _reduced(owner: str, loss: Tensor, reduction: str) -> Tensor:
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"For '{owner}', the 'reduction' must be in ['none', 'mean', 'sum'], but got {reduction!r}")
    return nn._reduce(loss, reduction)


def _tensors(owner: str, **named: Any) -> None:
    for name, value in named.items():
        if not isinstance(value, Tensor):
            raise TypeError(f"For '{owner}', the '{name}' must be a Tensor, but got {type(value).__name__}")


def _positive(owner: str, name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise ValueError(f"For '{owner}', '{name}' must be a positive float, but got {value!r}")
    return float(value)


def l1_loss(input: Tensor, target: Tensor, reduction: str = "mean") -> Tensor:
    """|input - target|, reduced."""
    _tensors("l1_loss", input=input, target=target)
    return _reduced("l1_loss", m.abs(m.sub(input, target)), reduction)


def mse_loss(input: Tensor, target: Tensor, reduction: str = "mean") -> Tensor:
    """(input - target)^2, reduced."""
    _tensors("mse_loss", input=input, target=target)
    diff = m.sub(input, target)
    return _reduced("mse_loss", m.mul(diff, diff), reduction)


def smooth_l1_loss(input: Tensor, target: Tensor, beta: float = 1.0, reduction: str = "none") -> Tensor:
    """0.5 d^2 / beta where |d| < beta, |d| - 0.5 beta elsewhere (MindSpore's default: no reduction); a beta
    not above 0 is refused when it runs, as MindSpore's kernel does (RuntimeError)."""
    _tensors("smooth_l1_loss", input=input, target=target)
    if isinstance(beta, bool) or not isinstance(beta, (int, float)):
        raise TypeError(f"For 'smooth_l1_loss', 'beta' must be a float, but got {type(beta).__name__}")
    if not beta > 0:
        raise RuntimeError(f"For 'SmoothL1Loss', the values for beta should be greater than 0, but got {beta}")
    beta = float(beta)
    diff = m.abs(m.sub(input, target))
    small = m.mul(m.mul(diff, diff), 0.5 / beta)
    return _reduced("smooth_l1_loss", m.where(m.less(diff, beta), small, m.sub(diff, 0.5 * beta)), reduction)


def huber_loss(input: Tensor, target: Tensor, reduction: str = "mean", delta: float = 1.0) -> Tensor:
    """0.5 d^2 where |d| <= delta, delta (|d| - 0.5 delta) elsewhere."""
    _tensors("huber_loss", input=input, target=target)
    delta = _positive("huber_loss", "delta", delta)
    diff = m.abs(m.sub(input, target))
    loss = m.where(m.less_equal(diff, delta), m.mul(m.mul(diff, diff), 0.5), m.mul(m.sub(diff, 0.5 * delta), delta))
    return _reduced("huber_loss", loss, reduction)


def kl_div(logits: Tensor, labels: Tensor, reduction: str = "mean") -> Tensor:
    """labels (log labels - logits), 0 where labels is 0; ``logits`` are log-probabilities. 'batchmean'
    divides the sum by the batch size. The labels are a constant (no gradient, as in MindSpore)."""
    _tensors("kl_div", logits=logits, labels=labels)
    labels = stop_gradient(labels)
    positive = m.greater(labels, 0.0)
    safe = m.where(positive, labels, creation.ones_like(labels))
    loss = m.where(positive, m.mul(labels, m.sub(m.log(safe), logits)), creation.zeros_like(m.mul(logits, labels)))
    if reduction == "batchmean":
        return m.div(red.sum(loss), float(logits.shape[0] if logits.ndim else 1))
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"For 'kl_div', the 'reduction' must be in ['none', 'mean', 'batchmean', 'sum'], but got "
                         f"{reduction!r}")
    return nn._reduce(loss, reduction)


def soft_margin_loss(input: Tensor, target: Tensor, reduction: str = "mean") -> Tensor:
    """log(1 + exp(-target * input)), reduced."""
    _tensors("soft_margin_loss", input=input, target=target)
    return _reduced("soft_margin_loss", m.softplus(m.neg(m.mul(target, input))), reduction)


def margin_ranking_loss(input1: Tensor, input2: Tensor, target: Tensor, margin: float = 0.0,
                        reduction: str = "mean") -> Tensor:
    """max(0, -target (input1 - input2) + margin), reduced; target is 1 or -1."""
    _tensors("margin_ranking_loss", input1=input1, input2=input2, target=target)
    if not isinstance(margin, float):
        raise TypeError(f"For 'margin_ranking_loss', 'margin' must be a float, but got {type(margin).__name__}")
    for name, a, other, b in (("input1", input1, "input2", input2), ("target", target, "input1", input1)):
        if a.dtype != b.dtype:
            raise TypeError(f"For 'margin_ranking_loss', the {name} dtype should be equal to {other} dtype, but got "
                            f"{name} dtype:{a.dtype}, {other} dtype:{b.dtype}.")
    loss = m.relu(m.add(m.mul(m.neg(target), m.sub(input1, input2)), margin))
    return _reduced("margin_ranking_loss", loss, reduction)


def hinge_embedding_loss(inputs: Tensor, targets: Tensor, margin: float = 1.0, reduction: str = "mean") -> Tensor:
    """x where targets is 1, max(0, margin - x) where it is -1, reduced."""
    _tensors("hinge_embedding_loss", inputs=inputs, targets=targets)
    if isinstance(margin, bool) or not isinstance(margin, (int, float)):
        raise TypeError(f"For 'hinge_embedding_loss', 'margin' must be a float or int, but got {type(margin).__name__}")
    positive = creation.cast(m.greater(targets, 0), inputs.dtype)
    negative = creation.cast(m.less(targets, 0), inputs.dtype)
    loss = m.add(m.mul(positive, inputs), m.relu(m.mul(m.sub(float(margin), inputs), negative)))
    return _reduced("hinge_embedding_loss", loss, reduction)


def cosine_embedding_loss(input1: Tensor, input2: Tensor, target: Tensor, margin: float = 0.0,
                          reduction: str = "mean") -> Tensor:
    """1 - cos(x1, x2) where target is 1, max(0, cos(x1, x2) - margin) where it is -1, the cosine over axis 1."""
    _tensors("cosine_embedding_loss", input1=input1, input2=input2, target=target)
    if not isinstance(margin, float) or not -1.0 <= margin <= 1.0:
        raise ValueError(f"For 'cosine_embedding_loss', 'margin' must be a float in [-1.0, 1.0], but got {margin!r}")
    if input1.shape != input2.shape:
        raise ValueError(f"For 'cosine_embedding_loss', 'input1' and 'input2' must have one shape, but got "
                         f"{input1.shape} and {input2.shape}")
    norms = m.mul(m.sqrt(red.sum(m.mul(input1, input1), 1)), m.sqrt(red.sum(m.mul(input2, input2), 1)))
    cosine = m.div(red.sum(m.mul(input1, input2), 1), norms)
    zeros = creation.zeros_like(cosine)
    loss = m.add(m.where(m.equal(target, 1), m.sub(1.0, cosine), zeros),
                 m.where(m.equal(target, -1), m.relu(m.sub(cosine, margin)), zeros))
    return _reduced("cosine_embedding_loss", loss, reduction)


def _distance(a: Tensor, b: Tensor, p: float, eps: float) -> Tensor:
    """The p-norm over the last axis of a - b + eps (torch's and MindSpore's pairwise distance)."""
    diff = m.abs(m.add(m.sub(a, b), eps))
    return m.pow(red.sum(m.pow(diff, p), -1), 1.0 / p)


def triplet_margin_loss(anchor: Tensor, positive: Tensor, negative: Tensor, margin: float = 1.0, p: int = 2,
                        eps: float = 1e-06, swap: bool = False, reduction: str = "mean") -> Tensor:
    """max(d(anchor, positive) - d(anchor, negative) + margin, 0), d the p-norm distance; with ``swap`` the
    negative's distance is the smaller of its distances to the anchor and to the positive."""
    _tensors("triplet_margin_loss", anchor=anchor, positive=positive, negative=negative)
    if isinstance(p, bool) or not isinstance(p, int) or p <= 0:
        raise ValueError(f"For 'triplet_margin_loss', 'p' must be a positive int, but got {p!r}")
    near, far = _distance(anchor, positive, float(p), eps), _distance(anchor, negative, float(p), eps)
    if swap:
        far = m.minimum(far, _distance(positive, negative, float(p), eps))
    return _reduced("triplet_margin_loss", m.relu(m.add(m.sub(near, far), float(margin))), reduction)


def _class_scores(owner: str, input: Tensor, target: Tensor) -> tuple[Tensor, Tensor]:
    """(scores (N, C), one-hot of the target's classes (N, C)) for a 1-D or 2-D input and int targets."""
    _tensors(owner, input=input, target=target)
    if input.ndim not in (1, 2):
        raise ValueError(f"For '{owner}', the input must be 1-D or 2-D, but got shape {input.shape}")
    if target.dtype.kind not in ("int", "uint"):
        raise TypeError(f"For '{owner}', the target must be an int Tensor, but got {target.dtype}")
    scores = input if input.ndim == 2 else shape.expand_dims(input, 0)
    return scores, target


def multi_margin_loss(input: Tensor, target: Tensor, p: int = 1, margin: float = 1, weight: Tensor | None = None,
                      reduction: str = "mean") -> Tensor:
    """The mean over classes j != y of weight[y] max(0, margin - x[y] + x[j])^p, y the target class."""
    scores, target = _class_scores("multi_margin_loss", input, target)
    if p not in (1, 2):
        raise ValueError(f"For 'multi_margin_loss', 'p' must be 1 or 2, but got {p!r}")
    if isinstance(margin, bool) or not isinstance(margin, int):
        raise TypeError(f"For 'multi_margin_loss', the type of 'margin' must be int, but got {type(margin)}.")
    classes = scores.shape[1]
    if target.shape != (scores.shape[0],):
        raise ValueError(f"For 'multi_margin_loss', the target's shape must be ({scores.shape[0]},), but got "
                         f"{target.shape}")
    hot = m.greater(nn.one_hot(target, classes, 1.0, 0.0), 0.5)
    chosen = red.sum(m.where(hot, scores, creation.zeros_like(scores)), 1, True)
    terms = m.relu(m.add(m.sub(scores, chosen), float(margin)))
    if p == 2:
        terms = m.mul(terms, terms)
    terms = m.where(hot, creation.zeros_like(terms), terms)
    if weight is not None:
        terms = m.mul(terms, shape.expand_dims(stop_gradient(indexing.gather(weight, target, 0)), 1))
    loss = m.div(red.sum(terms, 1), float(classes))
    if input.ndim == 1:
        loss = shape.reshape(loss, ())
    return _reduced("multi_margin_loss", loss, reduction)


def multilabel_margin_loss(input: Tensor, target: Tensor, reduction: str = "mean") -> Tensor:
    """The sum over target classes j and other classes i of max(0, 1 - (x[j] - x[i])), over the classes;
    a row's target classes are its entries before the first -1."""
    scores, target = _class_scores("multilabel_margin_loss", input, target)
    if target.dtype is not dt.int32:  # MindSpore's kernel takes only Int32 targets
        raise TypeError(f"For 'multilabel_margin_loss', the target must be an Int32 Tensor, but got {target.dtype}")
    labels = target if target.ndim == 2 else shape.expand_dims(target, 0)
    if labels.shape != scores.shape:
        raise ValueError(f"For 'multilabel_margin_loss', the target's shape must be the input's {input.shape}, but "
                         f"got {target.shape}")
    classes = scores.shape[1]
    valid = red.cumprod(creation.cast(m.not_equal(labels, -1), scores.dtype), 1)  # (N, K): before the first -1
    hot = m.mul(nn.one_hot(labels, classes, 1.0, 0.0), shape.expand_dims(valid, 2))  # (N, K, C)
    is_target = m.greater(red.sum(hot, 1), 0.0)  # (N, C)
    chosen = red.sum(m.mul(hot, shape.expand_dims(scores, 1)), 2, True)  # (N, K, 1): x[target k]
    terms = m.relu(m.add(m.sub(shape.expand_dims(scores, 1), chosen), 1.0))  # (N, K, C)
    others = creation.cast(m.logical_not(is_target), scores.dtype)
    terms = m.mul(m.mul(terms, shape.expand_dims(valid, 2)), shape.expand_dims(others, 1))
    loss = m.div(red.sum(terms, (1, 2)), float(classes))
    if input.ndim == 1:
        loss = shape.reshape(loss, ())
    return _reduced("multilabel_margin_loss", loss, reduction)


def multilabel_soft_margin_loss(input: Tensor, target: Tensor, weight: Tensor | None = None,
                                reduction: str = "mean") -> Tensor:
    """The mean over classes of -(y log sigmoid(x) + (1 - y) log sigmoid(-x)) (times ``weight``)."""
    _tensors("multilabel_soft_margin_loss", input=input, target=target)
    loss = m.add(m.mul(target, m.softplus(m.neg(input))), m.mul(m.sub(1.0, target), m.softplus(input)))
    if weight is not None:
        loss = m.mul(loss, weight)
    return _reduced("multilabel_soft_margin_loss", m.div(red.sum(loss, -1), float(input.shape[-1])), reduction)


def gaussian_nll_loss(x: Tensor, target: Tensor, var: Tensor, full: bool = False, eps: float = 1e-6,
                      reduction: str = "mean") -> Tensor:
    """0.5 (log(max(var, eps)) + (x - target)^2 / max(var, eps)), plus 0.5 log(2 pi) when ``full``; a var
    without the last axis is one value per row."""
    _tensors("gaussian_nll_loss", x=x, target=target, var=var)
    if isinstance(eps, bool) or not isinstance(eps, (int, float)) or not 0 < eps < math.inf:
        raise ValueError(f"For 'gaussian_nll_loss', the 'eps' must be in range of (0, inf), but got {eps!r}")
    if not isinstance(full, bool):
        raise TypeError(f"For 'gaussian_nll_loss', 'full' must be a bool, but got {type(full).__name__}")
    if var.shape != x.shape and x.shape[:-1] == var.shape:
        var = shape.expand_dims(var, -1)
    floor = m.maximum(var, float(eps))
    diff = m.sub(x, target)
    loss = m.mul(m.add(m.log(floor), m.div(m.mul(diff, diff), floor)), 0.5)
    if full:
        loss = m.add(loss, 0.5 * math.log(2 * math.pi))
    return _reduced("gaussian_nll_loss", loss, reduction)


"""The functions MindSpore 2.10 has no CPU kernel for (SoftMarginLoss, TripletMarginLoss, MultilabelMarginLoss,
LayerNormExt), so no MindSpore golden: held to torch's, which MindSpore documents as the same maths, values and
gradients."""
from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import unigrad as ms
from unigrad import ops

RNG = np.random.default_rng(24)
X, Y, Z = (RNG.standard_normal((3, 4)).astype(np.float32) for _ in range(3))
SIGNS = np.array([[1, -1, 1, -1], [-1, -1, 1, 1], [1, 1, -1, 1]], np.float32)
W, B = RNG.uniform(0.5, 2.0, 4).astype(np.float32), RNG.standard_normal(4).astype(np.float32)
LABELS = np.array([[0, 2, -1, 1], [1, -1, 0, 0], [3, 0, 1, 2]], np.int32)


def _differentiated(arrays) -> tuple[int, ...]:
    """The inputs whose gradient is compared: the float ones, the +-1 targets left out."""
    return tuple(i for i, a in enumerate(arrays) if a.dtype.kind == "f" and a is not SIGNS)


def _weights(shape) -> np.ndarray:
    """Uneven weights of the outputs, so that a gradient which mixes up elements cannot hide behind a plain sum."""
    return (np.arange(int(np.prod(shape)), dtype=np.float32) + 1.0).reshape(shape)


def _ours(fn, *arrays):
    tensors = [ms.Tensor(a) for a in arrays]
    weights = ms.Tensor(_weights(fn(*tensors).shape))
    value, grads = ms.value_and_grad(lambda *t: (fn(*t) * weights).sum(),
                                     grad_position=_differentiated(arrays))(*tensors)
    grads = grads if isinstance(grads, tuple) else (grads,)
    return value.asnumpy(), [g.asnumpy() for g in grads]


def _torch(fn, *arrays):
    tensors = [torch.tensor(a, requires_grad=i in _differentiated(arrays)) for i, a in enumerate(arrays)]
    if tensors[-1].dtype == torch.int32:
        tensors[-1] = tensors[-1].long()
    out = fn(*tensors)
    value = (out * torch.tensor(_weights(tuple(out.shape)))).sum()
    value.backward()
    return value.detach().numpy(), [t.grad.numpy() for t in tensors if t.requires_grad]


CASES = {
    "soft_margin_loss": (lambda a, y: ops.soft_margin_loss(a, y), lambda a, y: F.soft_margin_loss(a, y), (X, SIGNS)),
    "soft_margin_loss_none": (lambda a, y: ops.soft_margin_loss(a, y, "none"),
                              lambda a, y: F.soft_margin_loss(a, y, reduction="none"), (X, SIGNS)),
    "triplet_margin_loss": (ops.triplet_margin_loss, F.triplet_margin_loss, (X, Y, Z)),
    "triplet_margin_loss_swap_p1": (lambda a, p, n: ops.triplet_margin_loss(a, p, n, 0.5, 1, 1e-6, True, "none"),
                                    lambda a, p, n: F.triplet_margin_loss(a, p, n, 0.5, 1, 1e-6, True, reduction="none"),
                                    (X, Y, Z)),
    "multilabel_margin_loss": (ops.multilabel_margin_loss, F.multilabel_margin_loss, (X, LABELS)),
    "multilabel_margin_loss_none": (lambda a, t: ops.multilabel_margin_loss(a, t, "none"),
                                    lambda a, t: F.multilabel_margin_loss(a, t, reduction="none"), (X, LABELS)),
    "layer_norm": (lambda a, w, b: ops.layer_norm(a, (4,), w, b), lambda a, w, b: F.layer_norm(a, (4,), w, b),
                   (X * 3.0, W, B)),
    "layer_norm_two_axes": (lambda a: ops.layer_norm(a, (3, 4), eps=1e-3),
                            lambda a: F.layer_norm(a, (3, 4), eps=1e-3), (Y,)),
}


@pytest.mark.parametrize("name", CASES)
def test_matches_torch(name):
    ours_fn, theirs_fn, arrays = CASES[name]
    value, grads = _ours(ours_fn, *arrays)
    expected_value, expected_grads = _torch(theirs_fn, *arrays)
    np.testing.assert_allclose(value, expected_value, rtol=1e-5, atol=1e-6)
    assert len(grads) == len(expected_grads)
    for g, e in zip(grads, expected_grads):
        np.testing.assert_allclose(g, e, rtol=1e-5, atol=1e-6)


def test_multilabel_margin_loss_wants_int32_targets():
    with pytest.raises(TypeError, match="Int32"):
        ops.multilabel_margin_loss(ms.Tensor(X), ms.Tensor(LABELS.astype(np.int64)))

"""torch's native kernels for composite ops (the conformance suite checks each against its generic version).

They pass torch only the arguments that differ from its defaults: torch parses every argument it is
given, about 0.2 µs for each tuple of ints, on every layer of every step."""
from __future__ import annotations

import torch
import torch.nn.functional as F

from unigrad.backends.torch.primitives import with_slope


def _conv2d(x, w, b, pads, stride, dilation, groups):
    top, bottom, left, right = pads
    if top == bottom and left == right:  # torch pads symmetrically itself (positional arguments: faster)
        if top == left == 0 and stride == dilation == (1, 1) and groups == 1:
            return torch.conv2d(x, w, b)
        return torch.conv2d(x, w, b, stride, (top, left), dilation, groups)
    return torch.conv2d(F.pad(x, (left, right, top, bottom)), w, b, stride, (0, 0), dilation, groups)


def _max_pool2d(x, kernel, stride, pads, dilation):
    top, bottom, left, right = pads
    if any(pads):
        x = F.pad(x, (left, right, top, bottom), value=float("-inf"))
    if dilation == (1, 1):
        if kernel[0] == kernel[1] and stride[0] == stride[1]:  # an int parses faster than a pair
            return torch.max_pool2d(x, kernel[0], stride[0])
        return torch.max_pool2d(x, kernel, stride)
    return torch.max_pool2d(x, kernel, stride, (0, 0), dilation)


def _relu(x):
    # torch has no Bool relu, nor a uint16 to uint64 one: a Bool or unsigned Tensor is its own
    return torch.relu(x) if x.dtype.is_signed else x


# F.relu6 with MindSpore's slope, 1 on (0, 6] (torch's hardtanh gives 0 at 6); one kernel each way, where
# the generic version's torch.where calls cost ~50x a relu on the CPU
_relu6_with_mindspores_slope = with_slope(F.relu6, lambda x: (x > 0) & (x <= 6))


def _relu6(x):
    return _relu6_with_mindspores_slope(x) if x.is_floating_point() else NotImplemented


def _cross_entropy(logits, labels, weights, ignore_index, reduction, label_smoothing):
    """Unweighted only: with class weights that sum to 0 over the batch (a 0/0 loss) torch's kernel gives
    -inf gradients where the generic version, as every other backend, gives NaN; weighted losses are
    rare enough to take the generic path."""
    if weights is not None:
        return NotImplemented
    if labels.dtype is not torch.int64:  # torch takes int64 class indices only (a no-op .long() still dispatches)
        labels = labels.long()
    return F.cross_entropy(logits, labels, weights, ignore_index=ignore_index, reduction=reduction,
                           label_smoothing=label_smoothing)


KERNELS = {"conv2d": _conv2d, "max_pool2d": _max_pool2d, "relu": _relu, "relu6": _relu6,
           "cross_entropy": _cross_entropy, "dense": F.linear}

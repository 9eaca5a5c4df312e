"""The PyTorch backend: arrays are ``torch.Tensor``, autodiff is ``torch.autograd.grad``.

Never ``.backward()`` and never ``.grad`` accumulation: each ``vjp`` makes fresh leaves and asks autograd
for exactly the gradients it needs, so nothing carries over between calls.
"""
from __future__ import annotations

import itertools
import math
import operator
from typing import Any, Callable, Sequence

import numpy as np
import torch
import torch.nn.functional as F

from unigrad import dtype as dt
from unigrad.backends.base import PRIMITIVES, Backend, check_index_bounds, index_axes

_TO_TORCH = {
    dt.bool_: torch.bool, dt.int8: torch.int8, dt.int16: torch.int16, dt.int32: torch.int32,
    dt.int64: torch.int64, dt.uint8: torch.uint8, dt.float16: torch.float16, dt.float32: torch.float32,
    dt.float64: torch.float64,
}
if dt.bfloat16 is not None:
    _TO_TORCH[dt.bfloat16] = torch.bfloat16
_FROM_TORCH = {v: k for k, v in _TO_TORCH.items()}


def _axes(x: torch.Tensor, axis) -> tuple:
    if axis is None:
        return tuple(range(x.dim()))
    return axis if isinstance(axis, tuple) else (axis,)


class TorchBackend(Backend):
    name = "torch"

    def __init__(self) -> None:
        self.device = torch.device("cpu")
        self._depth = 0  # how many vjp functions are running (nested derivatives)
        # (primals, leaves) of the last outermost vjp: a training step differentiates the same
        # Parameters' arrays every step, and finding their leaves one by one cost ~2k instructions each.
        # It keeps those arrays alive until the next derivative.
        self._last_leaves: tuple[tuple, list] = ((), [])
        # float32 must agree with the other backends: no TF32 unless asked (unigrad.backends.torch.allow_tf32)
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
        for name in PRIMITIVES:
            if not hasattr(self, name):
                setattr(self, name, _SIMPLE[name])

    # -- arrays ---------------------------------------------------------------------------------
    def asarray(self, value: Any, dtype: dt.DType) -> torch.Tensor:
        """A copy in memory torch allocated (aligned as its kernels expect), never aliasing the caller."""
        array = np.asarray(value, dtype=dtype.numpy)
        if dtype is dt.bfloat16:  # torch cannot read NumPy's bfloat16: pass the bits
            bits = array.copy(order="C").view(np.int16)
            return torch.tensor(bits, device=self.device).view(torch.bfloat16)
        return torch.tensor(array, device=self.device)

    def to_numpy(self, x: torch.Tensor) -> np.ndarray:
        if x.dtype == torch.bfloat16:
            return x.detach().cpu().view(torch.int16).numpy().copy().view(dt.bfloat16.numpy)
        array = x.detach().cpu().numpy()  # from CUDA this is already a copy
        # a copy on the CPU too: Parameters are updated in place (assign_sub), snapshots must not move
        return array.copy() if x.device.type == "cpu" else array

    def dtype(self, x: torch.Tensor) -> dt.DType:
        return _FROM_TORCH[x.dtype]

    def full(self, shape, value, dtype: dt.DType) -> torch.Tensor:
        return torch.full(tuple(shape), value, dtype=_TO_TORCH[dtype], device=self.device)

    def arange(self, start, stop, step, dtype: dt.DType) -> torch.Tensor:
        return torch.arange(start, stop, step, dtype=_TO_TORCH[dtype], device=self.device)

    def is_array(self, x: Any) -> bool:
        return isinstance(x, torch.Tensor)

    def from_dlpack(self, obj: Any) -> torch.Tensor:
        return torch.from_dlpack(obj)

    def has_device(self, kind: str) -> bool:
        return kind == "cpu" or (kind == "gpu" and torch.cuda.is_available())

    def set_device(self, kind: str) -> None:
        if kind == "gpu":
            if not torch.cuda.is_available():
                raise RuntimeError("device GPU was asked for, but torch.cuda.is_available() is False here; "
                                   "unigrad does not fall back to the CPU")
            self.device = torch.device("cuda")
        elif kind == "cpu":
            self.device = torch.device("cpu")
        else:
            raise RuntimeError(f"unknown device {kind!r}; the torch backend has 'cpu' and 'gpu'")
        self.device_kind = kind

    def same_layout(self, a: torch.Tensor, b: torch.Tensor) -> bool:
        return a.dtype is b.dtype and a.is_same_size(b)  # no Size objects, no dtype lookups

    def assign(self, target, value):
        if target.requires_grad or value.requires_grad:  # inside a derivative: stay functional
            return value
        return target.copy_(value)

    def assign_add(self, target, delta):
        if target.requires_grad or delta.requires_grad:  # inside a derivative: stay functional
            return target + delta
        return target.add_(delta)

    def assign_sub(self, target, delta):
        if target.requires_grad or delta.requires_grad:
            return target - delta
        return target.sub_(delta)

    def _tensor(self, value: Any, like: torch.Tensor) -> torch.Tensor:
        if isinstance(value, torch.Tensor):
            return value
        return torch.as_tensor(value, dtype=like.dtype, device=like.device)

    # -- primitives that need more than a torch function ---------------------------------------------
    def maximum(self, x, y):
        return torch.maximum(self._tensor(x, y), self._tensor(y, x))

    def minimum(self, x, y):
        return torch.minimum(self._tensor(x, y), self._tensor(y, x))

    def atan2(self, y, x):
        return torch.atan2(self._tensor(y, x), self._tensor(x, y))

    def logical_and(self, x, y):
        return torch.logical_and(self._tensor(x, y), self._tensor(y, x))

    def logical_or(self, x, y):
        return torch.logical_or(self._tensor(x, y), self._tensor(y, x))

    def logical_xor(self, x, y):
        return torch.logical_xor(self._tensor(x, y), self._tensor(y, x))

    def sum(self, x, axis, keepdims):
        return torch.sum(x, dim=_axes(x, axis), keepdim=keepdims, dtype=x.dtype)

    def max(self, x, axis, keepdims):
        return _without_identity(torch.amax, x, dim=_axes(x, axis), keepdim=keepdims)

    def min(self, x, axis, keepdims):
        return _without_identity(torch.amin, x, dim=_axes(x, axis), keepdim=keepdims)

    def prod(self, x, axis, keepdims):
        for a in sorted(_axes(x, axis), reverse=True):
            x = torch.prod(x, dim=a, keepdim=keepdims, dtype=x.dtype)
        return x

    def argmax(self, x, axis, keepdims):
        return _without_identity(torch.argmax, x, dim=axis, keepdim=keepdims)

    def argmin(self, x, axis, keepdims):
        return _without_identity(torch.argmin, x, dim=axis, keepdim=keepdims)

    def cumsum(self, x, axis):
        return torch.cumsum(x, dim=axis, dtype=x.dtype)

    def cumprod(self, x, axis):
        return torch.cumprod(x, dim=axis, dtype=x.dtype)

    def concat(self, xs, axis):
        return torch.cat(list(xs), dim=axis)

    def index_add(self, shape, index, values):
        """Scatter-add through flat positions, so any index form accumulates repeated entries."""
        numel = math.prod(shape)
        positions = _getitem(torch.arange(numel, device=values.device).reshape(shape), index)
        values = torch.broadcast_to(values, positions.shape)
        flat = torch.zeros(numel, dtype=values.dtype, device=values.device)
        return flat.index_add(0, positions.reshape(-1), values.reshape(-1)).reshape(shape)

    def pad(self, x, widths):
        flat = [w for pair in reversed(widths) for w in pair]
        return F.pad(x, flat)

    def unfold(self, x, kernel, stride, dilation):
        n, c, h, w = x.shape
        (kh, kw), (sh, sw), (dh, dw) = kernel, stride, dilation
        oh = (h - dh * (kh - 1) - 1) // sh + 1
        ow = (w - dw * (kw - 1) - 1) // sw + 1
        return F.unfold(x, kernel, dilation=dilation, stride=stride).reshape(n, c, kh, kw, oh, ow)

    def fold(self, cols, shape, kernel, stride, dilation):
        n, c, kh, kw, oh, ow = cols.shape
        return F.fold(cols.reshape(n, c * kh * kw, oh * ow), shape[2:], kernel, dilation=dilation, stride=stride)

    def cast(self, x, dtype: dt.DType):
        return x.to(_TO_TORCH[dtype])

    # -- autodiff -------------------------------------------------------------------------------
    def vjp(self, fn: Callable, primals: Sequence[torch.Tensor]):
        # Inside an enclosing derivative (its function is running: depth > 0), this derivative must
        # itself be differentiable, through its primals and through anything the function captured.
        nested = self._depth > 0
        if nested:  # views keep the primals connected to the enclosing derivative
            leaves = [p.view_as(p) if p.requires_grad else p.detach().requires_grad_(True) for p in primals]
        else:
            leaves = self._outer_leaves(primals)
        outputs, aux = self._forward(fn, leaves)

        def vjp_fn(cotangents, retain=True):
            create_graph = nested or self._depth > 0
            if cotangents is None:  # the outputs themselves
                differentiated, cts = _with_ones(outputs)
            else:
                differentiated, cts = [], []
                for o, ct in zip(outputs, cotangents):
                    if ct is not None and o.requires_grad:
                        differentiated.append(o)
                        cts.append(ct)
                        create_graph = create_graph or ct.requires_grad
            return _gradients(differentiated, leaves, cts, primals, retain, create_graph)

        if not nested:
            return tuple(map(torch.Tensor.detach, outputs)), vjp_fn, tuple(map(torch.Tensor.detach, aux))
        return tuple(outputs), vjp_fn, tuple(aux)

    def value_and_grad(self, fn: Callable, primals: Sequence[torch.Tensor]):
        """Fused at the outermost level: the forward, then one ``autograd.grad``, with no pullback to keep."""
        if self._depth:  # inside an enclosing derivative: vjp makes this one differentiable
            return super().value_and_grad(fn, primals)
        leaves = self._outer_leaves(primals)
        outputs, aux = self._forward(fn, leaves)
        differentiated, cts = _with_ones(outputs)
        grads = _gradients(differentiated, leaves, cts, primals, False, False)
        return tuple(map(torch.Tensor.detach, outputs)), tuple(map(torch.Tensor.detach, aux)), grads

    def _forward(self, fn: Callable, leaves: list) -> tuple[tuple, tuple]:
        """``fn(*leaves)`` recording a graph (even under torch.no_grad), one level deeper in derivatives."""
        self._depth += 1
        try:
            if torch.is_grad_enabled():
                return fn(*leaves)
            with torch.enable_grad():
                return fn(*leaves)
        finally:
            self._depth -= 1

    def _outer_leaves(self, primals: Sequence[torch.Tensor]) -> list:
        """The leaves of an outermost derivative: the last call's when the primals are the same arrays."""
        last_primals, last_leaves = self._last_leaves
        if len(last_primals) == len(primals) and all(map(operator.is_, last_primals, primals)):
            return last_leaves
        if len(set(map(id, primals))) != len(primals):  # an array passed twice: one leaf per position
            return [p.detach().requires_grad_(True) for p in primals]
        leaves = list(map(_leaf, primals))
        self._last_leaves = (tuple(primals), leaves)
        return leaves


def _with_ones(outputs: Sequence[torch.Tensor]) -> tuple[list, list]:
    """(differentiated outputs, cotangents) for the outputs themselves: ones, which torch makes itself
    (None) for a scalar."""
    differentiated = [o for o in outputs if o.requires_grad]
    return differentiated, [None if o.dim() == 0 else torch.ones_like(o) for o in differentiated]


def _gradients(differentiated: list, leaves: list, cts: list, primals: Sequence[torch.Tensor], retain: bool,
               create_graph: bool) -> list:
    """One gradient per leaf of ``differentiated`` with cotangents ``cts``: zeros where unused."""
    if not differentiated:
        return [torch.zeros_like(p) for p in primals]
    if create_graph:
        with torch.enable_grad():
            grads = torch.autograd.grad(differentiated, leaves, cts, retain_graph=True, create_graph=True,
                                        allow_unused=True)
    else:
        grads = torch.autograd.grad(differentiated, leaves, cts, retain_graph=retain, allow_unused=True)
    # None for an unused input; torch answers some double backwards with a ZeroTensor, which
    # cannot leave torch: zeros for both (asked through C-level loops, as every step asks)
    if all(map(isinstance, grads, _TENSOR_TYPES)) and not any(map(torch.Tensor._is_zerotensor, grads)):
        return list(grads)
    return [torch.zeros_like(p) if g is None or g._is_zerotensor() else g for p, g in zip(primals, grads)]


_TENSOR_TYPES = itertools.repeat(torch.Tensor)  # endless: map(isinstance, grads, _TENSOR_TYPES)


def _leaf(array: torch.Tensor) -> torch.Tensor:
    """A tensor that requires grad and reads ``array``'s memory: the input edge of a derivative.

    It is made once and kept on ``array`` (Parameters are differentiated every training step; a new
    leaf per step cost torch ~3 us each to set up and register). It shares ``array``'s memory and
    version counter, so in-place updates show through and stale graphs still fail loudly."""
    leaf = getattr(array, "_unigrad_leaf", None)
    if leaf is None:
        leaf = array._unigrad_leaf = array.detach().requires_grad_(True)
    return leaf


# The kernels pass torch only the arguments that differ from its defaults: torch parses every argument
# it is given, about 0.2 µs for each tuple of ints, on every layer of every step.
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


def _without_identity(reduce: Callable, x, **kwargs):
    """A max, min or arg-reduction: torch's IndexError for an empty axis becomes the interface's ValueError
    (NumPy's and jax's)."""
    try:
        return reduce(x, **kwargs)
    except IndexError as e:
        raise ValueError(str(e)) from None


def _cross_entropy(logits, labels, weights, ignore_index, reduction, label_smoothing):
    if weights is not None:  # class weights carry no gradient; torch wants one dtype, the promoted one
        weights = weights.detach()
        if weights.dtype is not logits.dtype:
            common = torch.promote_types(logits.dtype, weights.dtype)
            logits, weights = logits.to(common), weights.to(common)
    if labels.dtype is not torch.int64:  # torch takes int64 class indices only (a no-op .long() still dispatches)
        labels = labels.long()
    return F.cross_entropy(logits, labels, weights, ignore_index=ignore_index, reduction=reduction,
                           label_smoothing=label_smoothing)


TorchBackend.kernels = {"conv2d": _conv2d, "max_pool2d": _max_pool2d, "relu": torch.relu,
                        "cross_entropy": _cross_entropy, "dense": F.linear}


def allow_tf32(enabled: bool = True) -> None:
    """TF32 matmuls and convolutions on CUDA: faster, but float32 then no longer agrees with the other
    backends to 1e-5. Off by default."""
    torch.backends.cuda.matmul.allow_tf32 = enabled
    torch.backends.cudnn.allow_tf32 = enabled


def _floor_divide(x, y):
    """Python's //, with no gradient (torch's autograd has no derivative for it)."""
    with torch.no_grad():
        return x // y


def _index_values(part):
    return part.detach().cpu().numpy() if isinstance(part, torch.Tensor) else np.asarray(part)


def _getitem(x: torch.Tensor, index: tuple) -> torch.Tensor:
    """NumPy indexing; torch has no negative slice steps, so those axes are flipped first."""
    if not any(isinstance(part, slice) and part.step is not None and part.step < 0 for part in index):
        out = x[index]
        if not out.numel():  # torch checks no index when the selection is empty; NumPy still does
            check_index_bounds(index, tuple(x.shape), _index_values)
        return out
    flips, rewritten = [], []
    for part, axis in zip(index, index_axes(index, x.dim())):
        if isinstance(part, slice) and part.step is not None and part.step < 0:
            n = x.shape[axis]
            positions = range(*part.indices(n))
            flips.append(axis)
            part = slice(n - 1 - positions[0], n - positions[-1], -part.step) if positions else slice(0, 0)
        rewritten.append(part)
    return torch.flip(x, flips)[tuple(rewritten)]


# primitives that are one torch function (operators accept a Python scalar on either side)
_SIMPLE = {
    "neg": torch.neg, "abs": torch.abs, "sign": torch.sign, "exp": torch.exp, "log": torch.log,
    "log1p": torch.log1p, "expm1": torch.expm1, "sqrt": torch.sqrt, "sin": torch.sin, "cos": torch.cos,
    "tan": torch.tan, "tanh": torch.tanh, "arctan": torch.atan, "erf": torch.erf, "sigmoid": torch.sigmoid,
    "floor": torch.floor, "ceil": torch.ceil, "logical_not": torch.logical_not,
    "add": operator.add, "sub": operator.sub, "mul": operator.mul, "div": operator.truediv,
    "pow": operator.pow, "floor_divide": _floor_divide, "mod": operator.mod,
    "equal": operator.eq, "not_equal": operator.ne, "less": operator.lt, "less_equal": operator.le,
    "greater": operator.gt, "greater_equal": operator.ge,
    "where": torch.where, "reshape": torch.reshape, "transpose": torch.permute,
    "broadcast_to": torch.broadcast_to, "getitem": _getitem, "matmul": torch.matmul,
    "stop_gradient": torch.Tensor.detach,
}

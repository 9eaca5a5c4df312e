"""torch's primitives: one torch function each where one fits, a few lines where torch differs from NumPy."""
from __future__ import annotations

import math
import operator
from types import SimpleNamespace
from typing import Any, Callable

import numpy as np
import torch
import torch.nn.functional as F

from unigrad import dtype as dt
from unigrad.backends.base import check_index_bounds, index_axes, unfold_size
from unigrad.backends.shared_rules import cumprod_vjp
from unigrad.backends.torch.arrays import TO_TORCH, WIDER


_SIGN_BIT = -(2 ** 63)


def on_wider_ints(fn: Callable, *, ordered: bool = False, reduction: bool = False, indices: bool = False) -> Callable:
    """``fn``, or where torch has no kernel for an operand's storage-only unsigned type (``WIDER``), ``fn`` on
    the wider signed type with the result cast back: add and the other ring operations wrap around as the
    unsigned type does. uint64 is reinterpreted as int64 bit for bit; an ``ordered`` primitive (comparisons,
    max, argmax) also flips its sign bit, so that values from 2 ** 63 on still order above the others. A
    ``reduction``'s arguments after the array are axes and flags, never values; an ``indices`` primitive
    returns Int64 positions, never cast back. Float operands pay nothing: the wider path runs only once the
    fast one has raised."""
    def primitive(*args):
        try:
            return fn(*args)
        except (NotImplementedError, RuntimeError):
            unsigned = next((a.dtype for a in args if isinstance(a, torch.Tensor) and a.dtype in WIDER), None)
            if unsigned is None:
                raise
        flip = ordered and unsigned is torch.uint64
        values = 1 if reduction else len(args)
        out = fn(*[_widened(a, unsigned, flip) for a in args[:values]], *args[values:])
        return out if indices else _narrowed(out, unsigned, flip)

    primitive.__name__ = primitive.__qualname__ = fn.__name__
    return primitive


def _widened(a: Any, unsigned: torch.dtype, flip: bool) -> Any:
    if not isinstance(a, torch.Tensor):
        return int(a) + _SIGN_BIT if flip and isinstance(a, (bool, int)) else a
    if a.dtype is not unsigned:
        return a
    if unsigned is torch.uint64:
        a = a.view(torch.int64)
        return a ^ _SIGN_BIT if flip else a
    return a.to(WIDER[unsigned])


def _narrowed(out: Any, unsigned: torch.dtype, flip: bool) -> Any:
    if not isinstance(out, torch.Tensor) or out.dtype is not WIDER[unsigned]:
        return out  # a Bool comparison, or a result of another dtype
    if unsigned is torch.uint64:
        return (out ^ _SIGN_BIT if flip else out).view(torch.uint64)
    return out.to(unsigned)


def _axes(x: torch.Tensor, axis) -> tuple:
    if axis is None:
        return tuple(range(x.dim()))
    return axis if isinstance(axis, tuple) else (axis,)


def _tensor(value: Any, like: torch.Tensor) -> torch.Tensor:
    if isinstance(value, torch.Tensor):
        return value
    return torch.as_tensor(value, dtype=like.dtype, device=like.device)


def _both_tensors(fn: Callable) -> Callable:
    """``fn`` of two tensors, taking a Python scalar on either side (torch's functions do not)."""
    def primitive(x, y):
        return fn(_tensor(x, y), _tensor(y, x))
    primitive.__name__ = fn.__name__
    return primitive


def _without_identity(reduce: Callable, x, **kwargs):
    """A max, min or arg-reduction: torch's IndexError for an empty axis becomes the interface's ValueError
    (NumPy's and jax's)."""
    try:
        return reduce(x, **kwargs)
    except IndexError as e:
        raise ValueError(str(e)) from None


def _sum(x, axis, keepdims):
    return torch.sum(x, dim=_axes(x, axis), keepdim=keepdims, dtype=x.dtype)


def _max(x, axis, keepdims):
    return _without_identity(torch.amax, x, dim=_axes(x, axis), keepdim=keepdims)


def _min(x, axis, keepdims):
    return _without_identity(torch.amin, x, dim=_axes(x, axis), keepdim=keepdims)


def _prod(x, axis, keepdims):
    for a in sorted(_axes(x, axis), reverse=True):
        x = torch.prod(x, dim=a, keepdim=keepdims, dtype=x.dtype)
    return x


def _argmax(x, axis, keepdims):
    return _without_identity(torch.argmax, x, dim=axis, keepdim=keepdims)


def _argmin(x, axis, keepdims):
    return _without_identity(torch.argmin, x, dim=axis, keepdim=keepdims)


def _argsort(x, axis, descending):
    return torch.sort(x, dim=axis, descending=descending, stable=True)[1]


def _cumsum(x, axis):
    return torch.cumsum(x, dim=axis, dtype=x.dtype)


class _CumProd(torch.autograd.Function):
    """torch.cumprod with the gradient of ``shared_rules.cumprod_vjp``, the other backends' (torch's own
    divides where there is no zero and combines inf and 0 its own way)."""

    @staticmethod
    def forward(x, axis):
        return torch.cumprod(x, dim=axis)

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.axis = inputs[1]
        ctx.save_for_backward(inputs[0], output)

    @staticmethod
    def backward(ctx, g):
        x, ans = ctx.saved_tensors
        return cumprod_vjp(_AS_NAMESPACE, g, ans, x, ctx.axis), None


def _cumprod(x, axis):
    if x.dtype.is_floating_point:
        return _CumProd.apply(x, axis)
    return torch.cumprod(x, dim=axis, dtype=x.dtype)


def _concat(xs, axis):
    return torch.cat(list(xs), dim=axis)


def _index_add(shape, index, values):
    """Scatter-add through flat positions, so any index form accumulates repeated entries."""
    numel = math.prod(shape)
    positions = _getitem(torch.arange(numel, device=values.device).reshape(shape), index)
    values = torch.broadcast_to(values, positions.shape)
    flat = torch.zeros(numel, dtype=values.dtype, device=values.device)
    return flat.index_add(0, positions.reshape(-1), values.reshape(-1)).reshape(shape)


def _pad(x, widths):
    flat = [w for pair in reversed(widths) for w in pair]
    return F.pad(x, flat)


def _unfold(x, kernel, stride, dilation):
    n, c, h, w = x.shape
    (kh, kw), (sh, sw), (dh, dw) = kernel, stride, dilation
    oh, ow = unfold_size(h, kh, sh, dh), unfold_size(w, kw, sw, dw)
    return F.unfold(x, kernel, dilation=dilation, stride=stride).reshape(n, c, kh, kw, oh, ow)


def _cast(x, dtype: dt.DType):
    """``x`` as ``dtype``. A float that Int32 or Int64 cannot hold (NaN, inf, out of range) becomes the
    type's minimum on every device, as the x86 conversion gives it on the CPU (and NumPy, jax and
    MindSpore with it); CUDA's conversion saturates instead."""
    target = TO_TORCH[dtype]
    out = x.to(target)
    if x.device.type != "cpu" and x.is_floating_point() and target in (torch.int32, torch.int64):
        low = torch.iinfo(target).min
        out = out.masked_fill(~((x >= low) & (x < -float(low))), low)  # NaN fails both comparisons
    return out


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


class _Atan2(torch.autograd.Function):
    """torch.atan2 with the gradient (x, -y) / (x ** 2 + y ** 2) as written: NaN at (0, 0), where it is
    undefined, as MindSpore and the other backends (torch's own atan2 gives 0 there)."""

    @staticmethod
    def forward(y, x):
        return torch.atan2(y, x)

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(*inputs)

    @staticmethod
    def backward(ctx, g):
        y, x = ctx.saved_tensors
        squared = x * x + y * y
        return (g * x / squared).sum_to_size(y.shape), (-g * y / squared).sum_to_size(x.shape)


class _Pow(torch.autograd.Function):
    """torch.pow with the other backends' gradient. In x: y * x ** (y - 1), and 0 where y is 0. In y:
    x ** y log x, and 0 where x is 0 and y >= 0. The exponent is always a tensor: torch's scalar-exponent
    path gives -inf for (-0) ** -0.5, its tensor path C's +inf, as NumPy, jax and MindSpore."""

    @staticmethod
    def forward(x, y):
        return torch.pow(x, y)

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(*inputs, output)

    @staticmethod
    def backward(ctx, g):
        x, y, out = ctx.saved_tensors
        grad_x = grad_y = None
        if ctx.needs_input_grad[0]:
            slope = torch.where(y == 0, torch.zeros_like(out), y * torch.pow(x, y - 1))
            grad_x = (g * slope).sum_to_size(x.shape)
        if ctx.needs_input_grad[1]:
            flat = (x == 0) & (y >= 0)
            slope = torch.where(flat, torch.zeros_like(out), out * torch.log(torch.where(flat, torch.ones_like(x), x)))
            grad_y = (g * slope).sum_to_size(y.shape)
        return grad_x, grad_y


def _pow(x, y):
    if x.dtype.is_floating_point or y.dtype.is_floating_point:
        return _Pow.apply(x, y)
    return torch.pow(x, y)


def _sign(x):
    """torch.sign, but NaN stays NaN (torch gives 0), as NumPy and jax; an unsigned value's sign is 0 or 1."""
    if x.dtype.is_floating_point:
        return torch.where(torch.isnan(x), x, torch.sign(x))
    return torch.sign(x) if x.dtype.is_signed else (x != 0).to(x.dtype)


def with_slope(forward: Callable, slope: Callable) -> Callable:
    """An elementwise torch function whose gradient is g * slope(x), where torch's own rule makes another
    choice at a kink or at NaN (abs's slope at NaN, relu6's at 6); one kernel each way."""
    class WithSlope(torch.autograd.Function):
        @staticmethod
        def forward(x):
            return forward(x)

        @staticmethod
        def setup_context(ctx, inputs, output):
            ctx.save_for_backward(inputs[0])

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return g * slope(x)

    WithSlope.__name__ = WithSlope.__qualname__ = f"{forward.__name__}_with_slope"
    return WithSlope.apply


_abs_with_sign_slope = with_slope(torch.abs, _sign)  # 0 at 0, NaN at NaN (torch's own gives 0 there)


def _abs(x):
    """An unsigned value is its own absolute value (torch has no abs kernel for uint16 to uint64)."""
    if x.dtype.is_floating_point:
        return _abs_with_sign_slope(x)
    return torch.abs(x) if x.dtype.is_signed else x.clone()


# every primitive of unigrad.backends.base.PRIMITIVES (operators accept a Python scalar on either side)
PRIMITIVES = {
    "neg": torch.neg, "abs": _abs, "sign": _sign, "exp": torch.exp, "log": torch.log,
    "log1p": torch.log1p, "expm1": torch.expm1, "sqrt": torch.sqrt, "sin": torch.sin, "cos": torch.cos,
    "tan": torch.tan, "tanh": torch.tanh, "arctan": torch.atan, "erf": torch.erf, "sigmoid": torch.sigmoid,
    "floor": torch.floor, "ceil": torch.ceil, "logical_not": torch.logical_not,
    "add": operator.add, "sub": operator.sub, "mul": operator.mul, "div": operator.truediv,
    "pow": _both_tensors(_pow), "floor_divide": _floor_divide, "mod": operator.mod,
    "maximum": _both_tensors(torch.maximum), "minimum": _both_tensors(torch.minimum),
    "atan2": _both_tensors(_Atan2.apply),
    "equal": operator.eq, "not_equal": operator.ne, "less": operator.lt, "less_equal": operator.le,
    "greater": operator.gt, "greater_equal": operator.ge,
    "logical_and": _both_tensors(torch.logical_and), "logical_or": _both_tensors(torch.logical_or),
    "logical_xor": _both_tensors(torch.logical_xor),
    "where": torch.where,
    "sum": _sum, "max": _max, "min": _min, "prod": _prod, "argmax": _argmax, "argmin": _argmin,
    "cumsum": _cumsum, "cumprod": _cumprod, "argsort": _argsort,
    "reshape": torch.reshape, "transpose": torch.permute, "broadcast_to": torch.broadcast_to,
    "concat": _concat, "getitem": _getitem, "index_add": _index_add, "pad": _pad, "unfold": _unfold,
    "matmul": torch.matmul, "cast": _cast, "stop_gradient": torch.Tensor.detach,
}
# the primitives torch has no uint16, uint32 or uint64 kernel for (getitem: a negative step's flip)
for _name in ("neg", "add", "sub", "pow", "floor_divide", "mod", "logical_not", "logical_and", "logical_or",
              "logical_xor", "sum", "prod", "cumsum", "cumprod", "getitem", "index_add", "matmul"):
    PRIMITIVES[_name] = on_wider_ints(PRIMITIVES[_name])
for _name in ("maximum", "minimum", "less", "less_equal", "greater", "greater_equal"):
    PRIMITIVES[_name] = on_wider_ints(PRIMITIVES[_name], ordered=True)
for _name in ("max", "min"):
    PRIMITIVES[_name] = on_wider_ints(PRIMITIVES[_name], ordered=True, reduction=True)
for _name in ("argmax", "argmin"):
    PRIMITIVES[_name] = on_wider_ints(PRIMITIVES[_name], ordered=True, reduction=True, indices=True)
_AS_NAMESPACE = SimpleNamespace(**PRIMITIVES)  # what the shared rules call

"""Tensor's operators and methods, written once on the public ops and attached to ``Tensor`` and
``Parameter`` by ``attach()`` when ``unigrad.ops`` is imported (``unigrad/_tensor.py`` sits below the ops,
so it cannot call them itself). An operator whose op takes the same arguments is the op itself, one
Python call less on every ``x * y``."""
from __future__ import annotations

from typing import Any

from unigrad import dtype as dt
from unigrad._parameter import Parameter
from unigrad._tensor import Tensor
from unigrad.ops import _creation as cr, _indexing as ix, _linalg as la, _math as m, _nn as nnf, _reduction as red
from unigrad.ops import _shape as sh, _sorting as so, _statistics as st
from unigrad.ops import _elimination as el, _matrix as mx, _sampling as rnd, _scatter as sc, _select as sl
from unigrad.ops._assign import assign


def _shape_args(args: tuple) -> tuple:
    """``x.reshape(2, 3)`` and ``x.reshape((2, 3))`` mean the same."""
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        return tuple(args[0])
    return tuple(args)


def _reversed(op):
    """``other <op> self``, for the reflected operators."""
    def method(self, other):
        return op(other, self)
    method.__name__ = f"__r{op.__name__}__"
    return method


def _setitem(self: Tensor, index: Any, value: Any) -> None:
    """In place, as MindSpore's Tensor: the positions at ``index`` take ``value``."""
    self._data = ix.index_put(self, index, value)._data


def _parameter_setitem(self: Parameter, index: Any, value: Any) -> None:
    """In place, through ``ops.assign``: views of the Parameter see it, and no tracer is left inside a
    Parameter written during a derivative."""
    assign(self, ix.index_put(self, index, value))


def _copy(self: Tensor) -> Tensor:
    """A copy in its own memory (Parameters may be updated in place); a traced value stays traced."""
    return sh.reshape(sh.concat([sh.reshape(self, (-1,))], 0), self.shape)  # concat always copies


def _resize(self: Tensor, *new_shape: Any) -> Tensor:
    """MindSpore's ``Tensor.resize``: a new Tensor of ``new_shape`` holding this one's elements in order, cut short
    or followed by zeros (NumPy's ``ndarray.resize``, without changing ``self``)."""
    shape = _shape_args(new_shape)
    size = 1
    for n in shape:
        if not isinstance(n, int) or isinstance(n, bool) or n < 0:
            raise ValueError(f"resize's new shape must be non-negative ints, got {shape}")
        size *= n
    flat = sh.reshape(self, (-1,))
    if size > flat.size:
        flat = sh.concat([flat, cr.zeros((size - flat.size,), self.dtype)], 0)
    return sh.reshape(flat[:size], shape)


def _sum(self, axis=None, dtype=None, keepdims=False, initial=None):
    out = red.sum(self, axis, keepdims, dtype=dtype)
    return out if initial is None else out + initial


def _max(self, axis=None, keepdims=False, *, return_indices=False):
    return red.max(self, axis, keepdims) if return_indices else red.amax(self, axis, keepdims)


def _min(self, axis=None, keepdims=False, *, return_indices=False):
    return red.min(self, axis, keepdims) if return_indices else red.amin(self, axis, keepdims)


_METHODS = {
    "__add__": m.add, "__radd__": _reversed(m.add), "__sub__": m.sub, "__rsub__": _reversed(m.sub),
    "__mul__": m.mul, "__rmul__": _reversed(m.mul), "__truediv__": m.div, "__rtruediv__": _reversed(m.div),
    "__floordiv__": m.floor_divide, "__rfloordiv__": _reversed(m.floor_divide),
    "__mod__": m.remainder, "__rmod__": _reversed(m.remainder), "__pow__": m.pow, "__rpow__": _reversed(m.pow),
    "__matmul__": la.matmul, "__rmatmul__": _reversed(la.matmul),
    "__neg__": m.neg, "__pos__": lambda self: self, "__abs__": m.abs, "__invert__": m.logical_not,
    "__and__": m.logical_and, "__or__": m.logical_or, "__xor__": m.logical_xor,
    "__eq__": m.equal, "__ne__": m.not_equal, "__lt__": m.less, "__le__": m.less_equal,
    "__gt__": m.greater, "__ge__": m.greater_equal,
    "__getitem__": ix.getitem, "__setitem__": _setitem,
    # methods tutorials call
    "astype": lambda self, dtype, copy=True: cr.cast(self, dtype),
    "to": lambda self, dtype: cr.cast(self, dtype),
    "float": lambda self: cr.cast(self, dt.float32),
    "double": lambda self: cr.cast(self, dt.float64),
    "int": lambda self: cr.cast(self, dt.int32),
    "long": lambda self: cr.cast(self, dt.int64),
    "bool": lambda self: cr.cast(self, dt.bool_),
    "copy": _copy, "clone": _copy, "resize": _resize,
    "sum": _sum,
    "mean": lambda self, axis=None, keep_dims=False: red.mean(self, axis, keep_dims),
    "prod": lambda self, axis=None, keep_dims=False: red.prod(self, axis, keep_dims),
    "max": _max, "min": _min,
    "amax": lambda self, axis=None, keepdims=False: red.amax(self, axis, keepdims),
    "amin": lambda self, axis=None, keepdims=False: red.amin(self, axis, keepdims),
    "argmax": lambda self, axis=None, keepdims=False: red.argmax(self, axis, keepdims),
    "argmin": lambda self, axis=None, keepdims=False: red.argmin(self, axis, keepdims),
    "cumsum": lambda self, axis=None, dtype=None: red.cumsum(self, axis, dtype),
    "cumprod": lambda self, dim, dtype=None: red.cumprod(self, dim, dtype),
    "sort": lambda self, axis=-1, descending=False: so.sort(self, axis, descending),
    "argsort": lambda self, axis=-1, descending=False: so.argsort(self, axis, descending),
    "topk": lambda self, k, dim=None, largest=True, sorted=True: so.topk(self, k, dim, largest, sorted),
    "logsumexp": lambda self, axis, keepdims=False: red.logsumexp(self, axis, keepdims),
    "norm": lambda self, ord=None, dim=None, keepdim=False: red.norm(self, ord, dim, keepdim),
    "all": lambda self, axis=None, keep_dims=False: red.all(self, axis, keep_dims),
    "any": lambda self, axis=None, keep_dims=False: red.any(self, axis, keep_dims),
    "reshape": lambda self, *shape: sh.reshape(self, _shape_args(shape)),
    "view": lambda self, *shape: sh.reshape(self, _shape_args(shape)),
    "transpose": lambda self, *axes: sh.transpose(self, _shape_args(axes) if axes else None),
    "permute": lambda self, *axes: sh.permute(self, _shape_args(axes)),
    "swapaxes": lambda self, axis0, axis1: sh.swapaxes(self, axis0, axis1),
    "expand_dims": lambda self, axis: sh.expand_dims(self, axis),
    "unsqueeze": lambda self, dim: sh.unsqueeze(self, dim),
    "squeeze": lambda self, axis=None: sh.squeeze(self, axis),
    "flatten": lambda self, order="C", *, start_dim=0, end_dim=-1: sh.flatten(self, order, start_dim=start_dim,
                                                                             end_dim=end_dim),
    "ravel": lambda self: sh.reshape(self, (-1,)),
    "broadcast_to": lambda self, shape: sh.broadcast_to(self, shape),
    "expand_as": lambda self, other: sh.broadcast_to(self, other.shape),
    "tile": lambda self, reps: sh.tile(self, reps),
    "repeat": lambda self, repeats, axis=None: sh.repeat_elements(self, repeats, axis),
    "split": lambda self, split_size_or_sections, axis=0: sh.split(self, split_size_or_sections, axis),
    "chunk": lambda self, chunks, axis=0: sh.chunk(self, chunks, axis),
    "gather": lambda self, input_indices, axis, batch_dims=0: ix.gather(self, input_indices, axis, batch_dims),
    "gather_elements": lambda self, dim, index: ix.gather_elements(self, dim, index),
    "index_select": lambda self, axis, index: ix.index_select(self, axis, index),
    "matmul": la.matmul,
    "isfinite": m.isfinite, "isnan": m.isnan, "isinf": m.isinf,
    "abs": m.abs, "neg": m.neg, "exp": m.exp, "log": m.log, "log1p": m.log1p, "sqrt": m.sqrt,
    "rsqrt": m.rsqrt, "square": m.square, "reciprocal": m.reciprocal, "pow": m.pow, "sin": m.sin,
    "cos": m.cos, "tanh": m.tanh, "sigmoid": m.sigmoid, "relu": m.relu, "sign": m.sign, "floor": m.floor,
    "ceil": m.ceil,
    "clamp": lambda self, min=None, max=None: m.clamp(self, min, max),
    "clip": lambda self, min=None, max=None: m.clamp(self, min, max),
    "add": m.add, "sub": m.sub, "mul": m.mul, "div": m.div, "maximum": m.maximum, "minimum": m.minimum,
    "equal": m.equal,
    "where": lambda self, condition, y: m.where(condition, self, y),
    "softmax": lambda self, axis=-1: nnf.softmax(self, axis),
}


# -- issue 24: elementwise maths and statistics (the op itself where MindSpore's method takes its arguments) --
_METHODS.update({
    **{name: getattr(m, name) for name in (
        "absolute", "acos", "arccos", "acosh", "arccosh", "asin", "arcsin", "asinh", "arcsinh", "atanh", "arctanh",
        "atan", "arctan", "atan2", "arctan2", "cosh", "sinh", "sinc", "tan", "deg2rad", "rad2deg", "erf", "erfc",
        "expm1", "log2", "log10", "logaddexp", "logaddexp2", "hypot", "lerp", "trunc", "frac", "round", "xlogy",
        "xdivy", "copysign", "heaviside", "fmax", "fmin", "float_power", "fmod", "remainder", "floor_divide",
        "true_divide", "divide", "multiply", "subtract", "negative", "positive", "sgn", "signbit", "nan_to_num",
        "isclose", "isneginf", "isposinf", "isreal", "is_floating_point", "is_complex", "logit", "ldexp",
        "addcdiv", "addcmul", "inv", "eq", "ne", "not_equal", "ge", "gt", "le", "lt", "greater",
        "greater_equal", "less", "less_equal", "logical_and", "logical_or", "logical_not", "logical_xor")},
    **{name: getattr(st, name) for name in (
        "std", "var", "nansum", "nanmean", "median", "aminmax", "cummax", "cummin", "logcumsumexp", "diff",
        "count_nonzero", "bincount", "histc", "nanmedian", "cov")},
    **{name: getattr(m, name) for name in ("real", "imag", "conj", "approximate_equal", "i0", "lgamma",
                                           "digamma")},
    "is_signed": lambda self: self.dtype.is_floating or self.dtype in (dt.int8, dt.int16, dt.int32, dt.int64),
})


# -- issue 24 (helper B): shape, indexing, scatter, linear algebra and random methods ------------------
def _replaced(self: Tensor, new: Tensor) -> Tensor:
    """``self`` holding ``new``'s values, as ``x[i] = v`` does (a Parameter through ``ops.assign``)."""
    if isinstance(self, Parameter):
        assign(self, cr.cast(new, self.dtype))
    else:
        self._data = cr.cast(new, self.dtype)._data
    return self


def _new(self: Tensor, size: Any, value: Any, dtype: Any) -> Tensor:
    """A Tensor of ``size`` filled with ``value``, in self's dtype unless ``dtype`` says, on self's backend."""
    filled = cr.full(tuple(size) if isinstance(size, (list, tuple)) else size, value, dtype=dtype or self.dtype)
    return filled if filled.backend == self.backend else filled.to_backend(self.backend)


def _select(self: Tensor, dim_or_condition: Any, index_or_y: Any) -> Tensor:
    """torch's ``select(dim, index)`` (the slice at index, that axis removed), or MindSpore's older
    ``select(condition, y)`` (self where condition holds, else y)."""
    if isinstance(dim_or_condition, Tensor):
        return m.where(dim_or_condition, self, index_or_y)
    dim = sh.norm_axis(dim_or_condition, self.ndim)
    return self[(slice(None),) * dim + (index_or_y,)]


def _scatter(self: Tensor, dim: int, index: Tensor, src: Any) -> Tensor:
    if not isinstance(src, Tensor):  # a value: written at every index
        src = cr.full(index.shape, src, dtype=self.dtype)
    return sc.scatter(self, dim, index, src)


def _trace(self: Tensor, offset: int = 0, axis1: int = 0, axis2: int = 1, dtype: Any = None) -> Tensor:
    """NumPy's trace: the sums of the diagonals ``offset`` of the planes of axis1 and axis2."""
    return red.sum(mx.diagonal(self, offset, axis1, axis2), -1, dtype=dtype or self.dtype)


def _diag(self: Tensor, diagonal: int = 0) -> Tensor:
    if diagonal != 0:
        raise ValueError(f"For 'Tensor.diag', the argument 'diagonal' should be 0, but got {diagonal}")
    return mx.diag(self)


def _searchsorted(self: Tensor, v: Tensor, side: str = "left", sorter: Any = None) -> Tensor:
    """ops.searchsorted with self as the sorted sequence; Int32, as MindSpore's method gives."""
    return so.searchsorted(self, v, side=side, sorter=sorter, out_int32=True)


def _index_add(self: Tensor, dim: int, index: Tensor, source: Tensor, *, alpha: Any = 1) -> Tensor:
    """torch's argument order: self + alpha * source added at ``index`` along ``dim`` (a new Tensor)."""
    return sc.index_add(cr.identity(self), index, source if alpha == 1 else source * alpha, dim)


def _index_put(self: Tensor, indices: Any, values: Tensor, accumulate: bool = False) -> Tensor:
    """A copy of self with ``values`` at the positions the tuple of index Tensors names (added when
    ``accumulate``)."""
    at = tuple(indices)
    return self + ix.index_put(cr.zeros_like(self), at, values) if accumulate else ix.index_put(self, at, values)


_METHODS.update({
    "t": sh.t, "ravel": sh.ravel, "fliplr": sh.fliplr, "flipud": sh.flipud, "hsplit": sh.hsplit, "vsplit": sh.vsplit,
    "dsplit": sh.dsplit, "tensor_split": sh.tensor_split, "unbind": sh.unbind, "movedim": sh.movedim,
    "moveaxis": sh.moveaxis, "narrow": sh.narrow, "view_as": sh.view_as, "reverse": sh.reverse, "rot90": sh.rot90,
    "roll": lambda self, shifts, dims=None: sh.roll(self, shifts, dims),
    "flip": lambda self, dims: sh.flip(self, dims),
    "swapdims": lambda self, dim0, dim1: sh.swapaxes(self, dim0, dim1),
    "expand": lambda self, *size: sh.expand(self, _shape_args(size)),
    "reshape_as": lambda self, other: sh.reshape(self, other.shape),
    "type_as": cr.type_as,
    "dim": lambda self: self.ndim, "ndimension": lambda self: self.ndim,
    "nelement": lambda self: self.size, "numel": lambda self: self.size,
    "tril": mx.tril, "triu": mx.triu, "trace": _trace, "diag": _diag,
    "diagonal": lambda self, offset=0, axis1=0, axis2=1: mx.diagonal(self, offset, axis1, axis2),
    "diagflat": mx.diagflat,
    "index": lambda self, indices: ix.getitem(self, tuple(indices)),
    "nonzero": sl.nonzero, "argwhere": sl.argwhere, "masked_select": sl.masked_select, "take": sl.take,
    "repeat_interleave": lambda self, repeats, dim=None: sl.repeat_interleave(self, repeats, dim),
    "reverse_sequence": lambda self, seq_lengths, seq_dim=0, batch_dim=0: sl.reverse_sequence(self, seq_lengths,
                                                                                              seq_dim, batch_dim),
    "gather_nd": ix.gather_nd, "searchsorted": _searchsorted, "unique_consecutive": so.unique_consecutive,
    "masked_fill": sc.masked_fill, "index_fill": sc.index_fill, "index_add": _index_add, "index_put": _index_put,
    "scatter": _scatter,
    "scatter_add": lambda self, dim, index, src: sc.tensor_scatter_elements(self, index, src, dim, "add"),
    "select": _select,
    "diagonal_scatter": sc.diagonal_scatter, "select_scatter": sc.select_scatter, "slice_scatter": sc.slice_scatter,
    "mm": la.mm, "bmm": la.bmm, "dot": la.dot, "inner": la.inner, "outer": la.outer, "ger": la.ger,
    "cross": la.cross,
    "addmm": la.addmm, "addmv": la.addmv, "addbmm": la.addbmm, "baddbmm": la.baddbmm,
    "addr": lambda self, vec1, vec2, beta=1, alpha=1: la.addr(self, vec1, vec2, beta=beta, alpha=alpha),
    "matrix_power": el.matrix_power, "det": el.det, "matrix_determinant": el.det, "inverse": el.inverse,
    "logdet": el.logdet, "slogdet": el.slogdet, "log_matrix_determinant": el.slogdet,
    "new_zeros": lambda self, size, *, dtype=None: _new(self, size, 0, dtype),
    "new_ones": lambda self, size, *, dtype=None: _new(self, size, 1, dtype),
    "new_empty": lambda self, size, *, dtype=None: _new(self, size, 0, dtype),
    "new_full": lambda self, size, fill_value, *, dtype=None: _new(self, size, fill_value, dtype),
    "fill": lambda self, value: cr.full_like(self, value),
    "fill_": lambda self, value: _replaced(self, cr.full_like(self, value)),
    "zero_": lambda self: _replaced(self, cr.zeros_like(self)),
    "masked_fill_": lambda self, mask, value: _replaced(self, sc.masked_fill(self, mask, value)),
    "index_put_": lambda self, indices, values, accumulate=False: _replaced(self, _index_put(self, indices, values,
                                                                                             accumulate)),
    "multinomial": rnd.multinomial, "random_categorical": rnd.random_categorical,
    "uniform": lambda self, from_=0.0, to=1.0, generator=None: rnd.rand_like(self) * (to - from_) + from_,
    "uniform_": lambda self, from_=0, to=1, *, generator=None: _replaced(self, rnd.rand_like(self) * (to - from_)
                                                                         + from_),
    "normal_": lambda self, mean=0, std=1, *, generator=None: _replaced(self, rnd.randn_like(self) * std + mean),
    "bernoulli": lambda self, *, generator=None: rnd.bernoulli(cr.zeros_like(self), self),
    "mT": property(lambda self: sh.swapaxes(self, -1, -2)),
})
# -- end of issue 24 (helper B)


def attach() -> None:
    """Give ``Tensor`` (and ``Parameter``) their operators and methods."""
    for name, fn in _METHODS.items():
        setattr(Tensor, name, fn)
    Tensor.T = property(lambda self: sh.transpose(self, tuple(range(self.ndim))[::-1]))
    Parameter.__setitem__ = _parameter_setitem

"""Tensor, Parameter and ParameterTuple: MindSpore's user-facing array objects.

A Tensor holds one backend array (``_data``) and the backend it was made on (``_backend``); every
computation goes through ``unigrad.ops``. While a function is being differentiated, ``_data`` may be a
backend's traced value; nothing here needs to know.
"""
from __future__ import annotations

import math
from typing import Any, Iterable

import numpy as np

from unigrad import backends
from unigrad import dtype as dt


def _infer_numpy(value: Any, dtype: dt.DType | None) -> tuple[np.ndarray, dt.DType]:
    """MindSpore's dtype inference: Python floats -> Float32, ints -> Int64, NumPy arrays keep theirs."""
    if isinstance(value, (np.ndarray, np.generic)):
        array = np.asarray(value)
        inferred = dt.from_numpy(array.dtype) if array.dtype.kind in "biuf" else None
    elif isinstance(value, (bool, int, float, list, tuple)):
        array = np.asarray(value)
        kind = array.dtype.kind
        inferred = {"b": dt.bool_, "i": dt.int64, "u": dt.int64, "f": dt.float32}.get(kind)
    else:
        raise TypeError(
            f"Tensor's input_data must be a Tensor, numpy array, list, tuple, bool, int or float, "
            f"got {type(value).__name__}")
    if dtype is None:
        if inferred is None:
            raise TypeError(f"Tensor cannot hold values of NumPy dtype {array.dtype}; "
                            f"allowed: bool, int, uint and float data")
        dtype = inferred
    return array, dtype


class Tensor:
    """An n-dimensional array on the current backend, with MindSpore's methods and operators."""

    __slots__ = ("_data", "_backend", "__weakref__")
    __array_priority__ = 100  # numpy_array + Tensor -> Tensor.__radd__

    def __init__(self, input_data: Any = None, dtype: dt.DType | None = None, *,
                 shape: Iterable[int] | None = None, init: Any = None, const_arg: bool = False) -> None:
        if dtype is not None:
            dtype = dt.check(dtype)
        if input_data is None:
            if shape is None or init is None:
                raise TypeError("Tensor(input_data=None) needs both shape and init")
            from unigrad.common.initializer import initializer
            made = initializer(init, tuple(shape), dtype or dt.float32)
            self._data, self._backend = made._data, made._backend
            return
        if isinstance(input_data, Tensor):  # a copy, on the current backend
            dtype = dtype or input_data.dtype
            input_data = input_data.asnumpy()
        array, dtype = _infer_numpy(input_data, dtype)
        backend = backends.current()
        self._backend = backend
        self._data = backend.asarray(array, dtype)

    # -- facts ----------------------------------------------------------------------------------
    @property
    def shape(self) -> tuple:
        return tuple(self._backend.shape(self._data))

    @property
    def dtype(self) -> dt.DType:
        return self._backend.dtype(self._data)

    @property
    def ndim(self) -> int:
        return len(self._backend.shape(self._data))

    @property
    def size(self) -> int:
        return math.prod(self.shape)

    @property
    def itemsize(self) -> int:
        return self.dtype.itemsize

    @property
    def nbytes(self) -> int:
        return self.size * self.itemsize

    @property
    def T(self) -> "Tensor":
        return _ops.transpose(self, tuple(range(self.ndim))[::-1])

    @property
    def backend(self) -> str:
        return self._backend.name

    # -- conversion -----------------------------------------------------------------------------
    def asnumpy(self) -> np.ndarray:
        return self._backend.to_numpy(self._data)

    def numpy(self) -> np.ndarray:
        return self.asnumpy()

    def item(self) -> Any:
        if self.size != 1:
            raise ValueError(f"item() needs a Tensor of one element, this one has shape {self.shape}")
        return self.asnumpy().item()

    def tolist(self) -> Any:
        return self.asnumpy().tolist()

    def __dlpack__(self, stream=None):
        """Zero-copy export (``torch.from_dlpack(t)``, ``np.from_dlpack(t)``)."""
        return self._data.__dlpack__() if stream is None else self._data.__dlpack__(stream=stream)

    def __dlpack_device__(self):
        return self._data.__dlpack_device__()

    @staticmethod
    def from_numpy(array: np.ndarray) -> "Tensor":
        """A Tensor sharing memory with ``array`` where the backend allows (NumPy and torch on the CPU)."""
        backend = backends.current()
        return wrap(backend.from_dlpack(array), backend)

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        array = self.asnumpy()
        return array if dtype is None else array.astype(dtype)

    def __bool__(self) -> bool:
        if self.size != 1:
            raise ValueError(f"the truth value of a Tensor of shape {self.shape} is ambiguous")
        return bool(self.item())

    def __float__(self) -> float:
        return float(self.item())

    def __int__(self) -> int:
        return int(self.item())

    def __index__(self) -> int:
        if self.dtype.kind not in ("int", "uint") or self.size != 1:
            raise TypeError(f"only an integer Tensor of one element is an index, got {self.dtype} {self.shape}")
        return int(self.item())

    def __len__(self) -> int:
        if not self.shape:
            raise TypeError("len() of a 0-d Tensor")
        return self.shape[0]

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    __hash__ = object.__hash__

    def __repr__(self) -> str:
        body = np.array2string(self.asnumpy(), separator=", ")
        sep = "\n" if self.ndim > 1 else " "
        return f"Tensor(shape={list(self.shape)}, dtype={self.dtype}, value={sep}{body})"

    def __str__(self) -> str:
        return str(self.asnumpy())

    def __copy__(self) -> "Tensor":
        return self.copy()

    def __deepcopy__(self, memo) -> "Tensor":
        return Tensor(self.asnumpy().copy(), self.dtype)

    def __reduce__(self):
        return (Tensor, (self.asnumpy(), self.dtype))

    # -- operators (all delegated to unigrad.ops) -------------------------------------------------
    def __add__(self, other): return _ops.add(self, other)
    def __radd__(self, other): return _ops.add(other, self)
    def __sub__(self, other): return _ops.sub(self, other)
    def __rsub__(self, other): return _ops.sub(other, self)
    def __mul__(self, other): return _ops.mul(self, other)
    def __rmul__(self, other): return _ops.mul(other, self)
    def __truediv__(self, other): return _ops.div(self, other)
    def __rtruediv__(self, other): return _ops.div(other, self)
    def __floordiv__(self, other): return _ops.floor_divide(self, other)
    def __rfloordiv__(self, other): return _ops.floor_divide(other, self)
    def __mod__(self, other): return _ops.remainder(self, other)
    def __rmod__(self, other): return _ops.remainder(other, self)
    def __pow__(self, other): return _ops.pow(self, other)
    def __rpow__(self, other): return _ops.pow(other, self)
    def __matmul__(self, other): return _ops.matmul(self, other)
    def __rmatmul__(self, other): return _ops.matmul(other, self)
    def __neg__(self): return _ops.neg(self)
    def __pos__(self): return self
    def __abs__(self): return _ops.abs(self)
    def __invert__(self): return _ops.logical_not(self)
    def __and__(self, other): return _ops.logical_and(self, other)
    def __or__(self, other): return _ops.logical_or(self, other)
    def __xor__(self, other): return _ops.logical_xor(self, other)
    def __eq__(self, other): return _ops.equal(self, other)
    def __ne__(self, other): return _ops.not_equal(self, other)
    def __lt__(self, other): return _ops.less(self, other)
    def __le__(self, other): return _ops.less_equal(self, other)
    def __gt__(self, other): return _ops.greater(self, other)
    def __ge__(self, other): return _ops.greater_equal(self, other)
    def __getitem__(self, index): return _ops.getitem(self, index)

    def __setitem__(self, index, value) -> None:
        """In place, as MindSpore's Tensor: the positions at ``index`` take ``value``."""
        self._data = _ops.index_put(self, index, value)._data

    # -- methods tutorials call -------------------------------------------------------------------
    def astype(self, dtype, copy: bool = True) -> "Tensor": return _ops.cast(self, dtype)
    def to(self, dtype) -> "Tensor": return _ops.cast(self, dtype)
    def float(self) -> "Tensor": return _ops.cast(self, dt.float32)
    def double(self) -> "Tensor": return _ops.cast(self, dt.float64)
    def int(self) -> "Tensor": return _ops.cast(self, dt.int32)
    def long(self) -> "Tensor": return _ops.cast(self, dt.int64)
    def bool(self) -> "Tensor": return _ops.cast(self, dt.bool_)
    def copy(self) -> "Tensor":
        """A copy in its own memory (Parameters may be updated in place); a traced value stays traced."""
        backend = self._backend
        flat = backend.concat([backend.reshape(self._data, (-1,))], 0)  # concat always copies
        return wrap(backend.reshape(flat, self.shape), backend)

    def clone(self) -> "Tensor": return self.copy()

    def sum(self, axis=None, dtype=None, keepdims=False, initial=None):
        out = _ops.sum(self, axis, keepdims, dtype=dtype)
        return out if initial is None else out + initial

    def mean(self, axis=None, keep_dims=False): return _ops.mean(self, axis, keep_dims)
    def prod(self, axis=None, keep_dims=False): return _ops.prod(self, axis, keep_dims)
    def max(self, axis=None, keepdims=False, *, return_indices=False):
        if return_indices:
            return _ops.max(self, axis, keepdims)
        return _ops.amax(self, axis, keepdims)
    def min(self, axis=None, keepdims=False, *, return_indices=False):
        if return_indices:
            return _ops.min(self, axis, keepdims)
        return _ops.amin(self, axis, keepdims)
    def amax(self, axis=None, keepdims=False): return _ops.amax(self, axis, keepdims)
    def amin(self, axis=None, keepdims=False): return _ops.amin(self, axis, keepdims)
    def argmax(self, axis=None, keepdims=False): return _ops.argmax(self, axis, keepdims)
    def argmin(self, axis=None, keepdims=False): return _ops.argmin(self, axis, keepdims)
    def cumsum(self, axis=None, dtype=None): return _ops.cumsum(self, axis, dtype)
    def cumprod(self, dim, dtype=None): return _ops.cumprod(self, dim, dtype)
    def logsumexp(self, axis, keepdims=False): return _ops.logsumexp(self, axis, keepdims)
    def norm(self, ord=None, dim=None, keepdim=False): return _ops.norm(self, ord, dim, keepdim)
    def all(self, axis=None, keep_dims=False): return _ops.all(self, axis, keep_dims)
    def any(self, axis=None, keep_dims=False): return _ops.any(self, axis, keep_dims)

    def reshape(self, *shape): return _ops.reshape(self, _shape_args(shape))
    def view(self, *shape): return _ops.reshape(self, _shape_args(shape))
    def transpose(self, *axes): return _ops.transpose(self, _shape_args(axes) if axes else None)
    def permute(self, *axes): return _ops.permute(self, _shape_args(axes))
    def swapaxes(self, axis0, axis1): return _ops.swapaxes(self, axis0, axis1)
    def expand_dims(self, axis): return _ops.expand_dims(self, axis)
    def unsqueeze(self, dim): return _ops.unsqueeze(self, dim)
    def squeeze(self, axis=None): return _ops.squeeze(self, axis)
    def flatten(self, order="C", *, start_dim=0, end_dim=-1): return _ops.flatten(self, order, start_dim=start_dim, end_dim=end_dim)
    def ravel(self): return _ops.reshape(self, (-1,))
    def broadcast_to(self, shape): return _ops.broadcast_to(self, shape)
    def expand_as(self, other): return _ops.broadcast_to(self, other.shape)
    def tile(self, reps): return _ops.tile(self, reps)
    def repeat(self, repeats, axis=None): return _ops.repeat_elements(self, repeats, axis)
    def split(self, split_size_or_sections, axis=0): return _ops.split(self, split_size_or_sections, axis)
    def chunk(self, chunks, axis=0): return _ops.chunk(self, chunks, axis)
    def gather(self, input_indices, axis, batch_dims=0): return _ops.gather(self, input_indices, axis, batch_dims)
    def gather_elements(self, dim, index): return _ops.gather_elements(self, dim, index)
    def index_select(self, axis, index): return _ops.index_select(self, axis, index)
    def matmul(self, other): return _ops.matmul(self, other)

    def abs(self): return _ops.abs(self)
    def neg(self): return _ops.neg(self)
    def exp(self): return _ops.exp(self)
    def log(self): return _ops.log(self)
    def log1p(self): return _ops.log1p(self)
    def sqrt(self): return _ops.sqrt(self)
    def rsqrt(self): return _ops.rsqrt(self)
    def square(self): return _ops.square(self)
    def reciprocal(self): return _ops.reciprocal(self)
    def pow(self, exponent): return _ops.pow(self, exponent)
    def sin(self): return _ops.sin(self)
    def cos(self): return _ops.cos(self)
    def tanh(self): return _ops.tanh(self)
    def sigmoid(self): return _ops.sigmoid(self)
    def relu(self): return _ops.relu(self)
    def sign(self): return _ops.sign(self)
    def floor(self): return _ops.floor(self)
    def ceil(self): return _ops.ceil(self)
    def clamp(self, min=None, max=None): return _ops.clamp(self, min, max)
    clip = clamp
    def softmax(self, axis=-1): return _ops.softmax(self, axis)
    def add(self, other): return _ops.add(self, other)
    def sub(self, other): return _ops.sub(self, other)
    def mul(self, other): return _ops.mul(self, other)
    def div(self, other): return _ops.div(self, other)
    def maximum(self, other): return _ops.maximum(self, other)
    def minimum(self, other): return _ops.minimum(self, other)
    def equal(self, other): return _ops.equal(self, other)
    def where(self, condition, y): return _ops.where(condition, self, y)


_new = object.__new__


def wrap(data: Any, backend) -> Tensor:
    """A Tensor around an existing backend array (every op's result goes through here)."""
    t = _new(Tensor)
    t._data = data
    t._backend = backend
    return t


def _shape_args(args: tuple) -> tuple:
    """``x.reshape(2, 3)`` and ``x.reshape((2, 3))`` mean the same."""
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        return tuple(args[0])
    return tuple(args)


class Parameter(Tensor):
    """A Tensor that a Cell trains: it has a name and a requires_grad flag, and its data can be replaced."""

    __slots__ = ("name", "requires_grad")

    def __init__(self, default_input: Any, name: str | None = None, requires_grad: bool = True,
                 layerwise_parallel: bool = False, parallel_optimizer: bool = True) -> None:
        if name is not None and not isinstance(name, str):
            raise ValueError(f"Parameter name must be a str or None, got {type(name).__name__}")  # MindSpore's type
        if not isinstance(requires_grad, bool):
            raise TypeError(f"requires_grad must be a bool, got {type(requires_grad).__name__}")
        from unigrad.common.initializer import Initializer
        if isinstance(default_input, Initializer):
            default_input = default_input.to_tensor()
        if isinstance(default_input, (int, float)) and not isinstance(default_input, bool):
            default_input = Tensor(default_input)
        super().__init__(default_input)
        self.name = "Parameter" if name is None else name
        self.requires_grad = requires_grad

    def set_data(self, data: Any, slice_shape: bool = False) -> "Parameter":
        """Replace the data; the shape and dtype stay those of the Parameter.

        The Parameter takes ``data``'s array as it is (no copy); ``ops.assign`` copies into the
        Parameter's own memory instead, as optimizers' in-place updates do."""
        new = data if isinstance(data, Tensor) else Tensor(data, self.dtype)
        if new._backend is not self._backend:
            raise TypeError(f"set_data got a Tensor on backend {new.backend!r} for Parameter "
                            f"{self.name!r} on {self.backend!r}")
        if new.shape != self.shape and not slice_shape:
            raise ValueError(f"set_data of Parameter {self.name!r}: shape {new.shape} does not match "
                             f"{self.shape}")
        if new.dtype is not self.dtype:
            raise TypeError(f"set_data of Parameter {self.name!r}: dtype {new.dtype} does not match "
                            f"{self.dtype}; cast it first with .astype({self.dtype})")
        # a value assigned while a derivative is being taken is stored as a constant: no tracer may be
        # left inside a Parameter once the derivative returns
        self._data = self._backend.stop_gradient(new._data)
        return self

    def assign_value(self, value: Any) -> "Parameter":
        return self.set_data(value)

    def __setitem__(self, index, value) -> None:
        """In place, through ``set_data``: no tracer is left inside a Parameter written during a derivative."""
        self.set_data(_ops.index_put(self, index, value))

    def clone(self, init: str = "same") -> "Parameter":
        return Parameter(self.asnumpy().copy(), self.name, self.requires_grad)

    def __repr__(self) -> str:
        return (f"Parameter (name={self.name}, shape={self.shape}, dtype={self.dtype}, "
                f"requires_grad={self.requires_grad})")

    def __reduce__(self):
        return (Parameter, (self.asnumpy(), self.name, self.requires_grad))


class ParameterTuple(tuple):
    """A tuple of Parameters (what ``GradOperation(get_by_list=True)`` differentiates against)."""

    def __new__(cls, iterable: Iterable[Parameter]) -> "ParameterTuple":
        items = tuple(iterable)
        for item in items:
            if not isinstance(item, Parameter):
                raise TypeError(f"ParameterTuple holds Parameters only, got {type(item).__name__}")
        return super().__new__(cls, items)


from unigrad import ops as _ops  # noqa: E402  (ops builds on Tensor)

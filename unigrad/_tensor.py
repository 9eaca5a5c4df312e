"""Tensor: MindSpore's array object, holding one backend array (``_data``) and its backend (``_backend``).

This module sits below ``unigrad.ops``: it knows arrays, dtypes and backends, and nothing of the ops.
Tensor's operators and computing methods (``x + y``, ``x.sum()``, ``x[i]``) are written once in
``unigrad/ops/_tensor_methods.py`` and attached to the class when ``unigrad.ops`` is imported, so the
import graph stays one-way (JAX attaches ``jax.Array``'s methods the same way). While a function is being
differentiated, ``_data`` may be a backend's traced value; nothing here needs to know.
"""
from __future__ import annotations

import math
import weakref
from typing import Any, Iterable

import numpy as np

from unigrad import backends
from unigrad import dtype as dt


def _as_numpy(value: Any) -> np.ndarray | None:
    """A NumPy view of another library's array (torch, jax, CuPy, ...) through DLPack or ``__array__``;
    None when ``value`` offers neither."""
    if hasattr(value, "__dlpack__"):
        try:
            return np.from_dlpack(value)
        except (BufferError, RuntimeError, TypeError, ValueError):  # not on the CPU, or a dtype NumPy lacks
            pass
    if hasattr(value, "__array__"):
        return np.asarray(value)
    return None


def _infer_numpy(value: Any, dtype: dt.DType | None) -> tuple[np.ndarray, dt.DType]:
    """MindSpore's dtype inference: Python floats -> Float32, ints -> Int64, arrays keep theirs."""
    if isinstance(value, (np.ndarray, np.generic)):
        array = np.asarray(value)
        inferred = dt.from_numpy(array.dtype) if array.dtype.kind in "biuf" else None
    elif isinstance(value, (bool, int, float, list, tuple)):
        array = np.asarray(value)
        kind = array.dtype.kind
        inferred = {"b": dt.bool_, "i": dt.int64, "u": dt.int64, "f": dt.float32}.get(kind)
    else:
        array = _as_numpy(value)
        if array is None:
            raise TypeError(
                f"Tensor's input_data must be a Tensor, a NumPy array, an array with DLPack or __array__ "
                f"(torch, jax, ...), a list, tuple, bool, int or float, got {type(value).__name__}")
        inferred = dt.from_numpy(array.dtype) if array.dtype.kind in "biuf" else None
    if dtype is None:
        if inferred is None:
            raise TypeError(f"Tensor cannot hold values of NumPy dtype {array.dtype}; "
                            f"allowed: bool, int, uint and float data")
        dtype = inferred
    return array, dtype


# What unigrad.jit watches while it runs a function's first call on a backend that does not compile (its
# ``_Watch``: ``made(array)`` for each Tensor made from host data, ``read(array)`` for each value read), else None.
_watch: list = [None]


class Tensor:
    """An n-dimensional array on the current backend, with MindSpore's methods and operators."""

    __slots__ = ("_data", "_backend", "__weakref__")
    __array_priority__ = 100  # numpy_array + Tensor -> Tensor.__radd__

    def __init__(self, input_data: Any = None, dtype: dt.DType | None = None, *,
                 shape: Iterable[int] | None = None, init: Any = None, const_arg: bool = False) -> None:
        if dtype is not None:
            dtype = dt.check(dtype)
        pending = input_data is None
        if pending:
            input_data = _initialised(shape, dtype or dt.float32, init)
        elif isinstance(input_data, Tensor):  # a copy, on the current backend
            dtype = dtype or input_data.dtype
            input_data = input_data.asnumpy()
        array, dtype = _infer_numpy(input_data, dtype)
        backend = backends.current()
        self._backend = backend
        self._data = backend.asarray(array, dtype)
        if _watch[0] is not None:
            _watch[0].made(self._data)
        if pending:
            _PENDING_INIT[id(self)] = (weakref.ref(self, lambda _, key=id(self): _PENDING_INIT.pop(key, None)), init)

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
    def strides(self) -> tuple:
        """The bytes a step along each axis spans, as in a C-contiguous array of this shape (as MindSpore's)."""
        steps, step = [], self.itemsize
        for length in reversed(self.shape):
            steps.append(step)
            step *= length
        return tuple(reversed(steps))

    @property
    def backend(self) -> str:
        return self._backend.name

    # -- delayed initialisation: Tensor(shape=..., dtype=..., init=...) ------------------------------
    @property
    def init(self) -> Any:
        """The Initializer of a Tensor made with ``init=`` that has not been read yet (``init_data()``,
        ``asnumpy()``), else None."""
        entry = _PENDING_INIT.get(id(self))
        return entry[1] if entry is not None and entry[0]() is self else None

    @property
    def has_init(self) -> bool:
        return self.init is not None

    def init_data(self, slice_index: int | None = None, shape: Any = None, opt_shard_group: Any = None) -> "Tensor":
        """Marks a Tensor made with ``init=`` as initialised and returns it (its values were drawn when it was
        made: unigrad's initialisers draw from unigrad's own seeded generator)."""
        if self.init is None:
            raise TypeError("init_data must be set Tensor.init, init can't be None")
        _PENDING_INIT.pop(id(self), None)
        return self

    # -- conversion -----------------------------------------------------------------------------
    def asnumpy(self) -> np.ndarray:
        if _watch[0] is not None:
            _watch[0].read(self._data)
        if _PENDING_INIT:  # reading a delayed-initialised Tensor initialises it, as in MindSpore
            _PENDING_INIT.pop(id(self), None)
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

    def to_backend(self, name: str) -> "Tensor":
        """A copy of this Tensor on backend ``name`` (on that backend's current device), of the same class,
        dtype and values; a Parameter keeps its name and ``requires_grad``. The original stays where it is:
        a Tensor lives on the backend it was made on, and ops refuse to mix backends."""
        values = self.asnumpy()
        with backends.use_backend(name) as backend:
            moved = object.__new__(type(self))
            for cls in type(self).__mro__:  # the subclass's own slots (a Parameter's name and flag)
                for slot in getattr(cls, "__slots__", ()):
                    if slot not in ("_data", "_backend", "__weakref__") and hasattr(self, slot):
                        setattr(moved, slot, getattr(self, slot))
            moved._backend = backend
            moved._data = backend.asarray(values, self.dtype)
        return moved

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
        return f"Tensor(shape={list(self.shape)}, dtype={self.dtype}, value={format_values(self.asnumpy())})"

    def __str__(self) -> str:
        if _PENDING_INIT and self.has_init:
            return f"Tensor(shape={list(self.shape)}, dtype={self.dtype}, value=\n<uninitialized>)"
        return format_str(self.asnumpy())

    def __format__(self, format_spec: str) -> str:
        """``f"{loss:>7f}"`` formats a one-element Tensor as its NumPy scalar would; '' is ``str``."""
        if not format_spec:
            return str(self)
        if self.size == 1:
            return format(self.asnumpy().reshape(()).item(), format_spec)
        raise TypeError(f"unsupported format string {format_spec!r} for a Tensor of shape {self.shape}; "
                        f"only one-element Tensors take a format spec")

    def __copy__(self) -> "Tensor":
        return self.copy()

    def __deepcopy__(self, memo) -> "Tensor":
        return Tensor(self.asnumpy().copy(), self.dtype)

    def __reduce__(self):
        return (Tensor, (self.asnumpy(), self.dtype))


# The Tensors made with ``init=`` and not read yet, by id: (a weak reference to the Tensor, its Initializer).
# MindSpore delays drawing their values until ``init_data()``; unigrad draws them at once but prints such a
# Tensor as MindSpore does, ``value=<uninitialized>``, until it is initialised or read.
_PENDING_INIT: dict[int, tuple[weakref.ref, Any]] = {}


def _initialised(shape: Iterable[int] | None, dtype: dt.DType, init: Any) -> np.ndarray:
    """``Tensor(shape=..., dtype=..., init=...)``: ``init`` (an Initializer: MindSpore calls it on an
    array of that shape) fills a NumPy array of ``dtype``."""
    if shape is None or init is None:
        raise TypeError("Tensor(input_data=None) needs both shape and init")
    if not callable(init):
        raise TypeError(f"Tensor's init must be an Initializer (unigrad.common.initializer: One(), Normal(), ...), "
                        f"got {type(init).__name__}; initializer(name, shape, dtype) takes a name")
    array = np.zeros(tuple(shape), dtype.numpy)
    init(array)
    return array


_new = object.__new__


def wrap(data: Any, backend) -> Tensor:
    """A Tensor around an existing backend array (every op's result goes through here)."""
    t = _new(Tensor)
    t._data = data
    t._backend = backend
    return t


def mixed_backends(a: Tensor, b: Tensor) -> TypeError:
    """The error for combining Tensors of two backends: never a silent copy."""
    return TypeError(f"cannot combine a Tensor on backend {a.backend!r} with one on {b.backend!r}; "
                     f"move one of them explicitly (Tensor(x.asnumpy()) inside use_backend)")


def same_backend(tensors: Iterable[Tensor]) -> Any:
    """The one backend shared by ``tensors`` (the current one when there are none)."""
    backend = None
    first = None
    for t in tensors:
        if backend is None:
            backend, first = t._backend, t
        elif t._backend is not backend:
            raise mixed_backends(first, t)
    return backend if backend is not None else backends.current()


# -- printing as MindSpore 2.x prints ------------------------------------------------------------------
_SUMMARY_THRESHOLD = 1000  # more elements than this print only the first and last _EDGE_ITEMS per axis
_EDGE_ITEMS = 3


def format_str(array: np.ndarray) -> str:
    """MindSpore 2.x's ``str(Tensor)``: NumPy's ``str`` of the values, with a 0-d float printed as NumPy 1.x
    prints it (MindSpore 2.10 requires NumPy < 2; NumPy 2 switched e.g. 123456790.0 to 1.2345679e+08):
    positional for 1e-4 <= |x| < 1e16 and 0, else scientific, shortest round-trip digits either way."""
    if array.ndim or not dt.from_numpy(array.dtype).is_floating:
        return str(array)
    value = array[()]
    magnitude = abs(float(value))
    if not np.isfinite(magnitude) or magnitude == 0 or 1e-4 <= magnitude < 1e16:
        return np.format_float_positional(value, unique=True, trim="0")
    return np.format_float_scientific(value, unique=True, trim="-")


def format_values(array: np.ndarray) -> str:
    """The ``value=`` part of MindSpore 2.x's ``repr(Tensor)``: a 0-d value as C's ``%g`` (one leading
    space); arrays with floats as ``% .8e`` (``% .4e`` for 16-bit floats), every element right-aligned
    to one width, ``...`` for the elided middle of an axis when there are over 1000 elements."""
    floating = dt.from_numpy(array.dtype).is_floating
    if array.ndim == 0:
        return f" {float(array):g}" if floating else f" {array.item()}"
    summarise = array.size > _SUMMARY_THRESHOLD
    if array.size == 0:
        return " " if array.ndim == 1 else "\n"
    shown = _edges(array, summarise)
    if floating:
        spec = "% .4e" if array.dtype.itemsize == 2 else "% .8e"
        cells = [spec % v for v in shown.astype(np.float64).ravel()]
    else:
        cells = [str(v) for v in shown.ravel().tolist()]
    width = max(map(len, cells))
    cells = iter([c.rjust(width) for c in cells])
    body = _nest(array.shape, summarise, cells, 1)
    return (" " if array.ndim == 1 else "\n") + body


def _edges(array: np.ndarray, summarise: bool) -> np.ndarray:
    """The elements printed: all, or along each long axis the first and last edge items."""
    if not summarise:
        return array
    for axis, n in enumerate(array.shape):
        if n > 2 * _EDGE_ITEMS:
            keep = np.r_[0:_EDGE_ITEMS, n - _EDGE_ITEMS:n]
            array = np.take(array, keep, axis=axis)
    return array


def _nest(shape: tuple, summarise: bool, cells, depth: int) -> str:
    """One bracketed level of the printout; ``cells`` yields the formatted elements in order."""
    n = shape[0]
    elided = summarise and n > 2 * _EDGE_ITEMS
    count = 2 * _EDGE_ITEMS if elided else n
    if len(shape) == 1:
        items = [next(cells) for _ in range(count)]
        if not elided:
            return "[" + ", ".join(items) + "]"
        return ("[" + ", ".join(items[:_EDGE_ITEMS]) + " ... " + ", ".join(items[_EDGE_ITEMS:]) + "]")
    rows = [_nest(shape[1:], summarise, cells, depth + 1) for _ in range(count)]
    joint = ",\n" + " " * depth
    if not elided:
        return "[" + joint.join(rows) + "]"
    return ("[" + joint.join(rows[:_EDGE_ITEMS]) + ",\n" + " " * depth + "...\n" + " " * depth
            + joint.join(rows[_EDGE_ITEMS:]) + "]")


def tensor(input_data: Any = None, dtype: dt.DType | None = None, shape: Iterable[int] | None = None,
           init: Any = None, const_arg: bool = False, device: str | None = None) -> Tensor:
    """MindSpore's ``mindspore.tensor``: the function form of ``Tensor(...)`` (on the current device)."""
    if device is not None:
        raise ValueError(f"unigrad places Tensors on the current device (use_device / set_context); "
                         f"device={device!r} is not taken")
    return Tensor(input_data, dtype, shape=shape, init=init, const_arg=const_arg)

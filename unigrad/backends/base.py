"""The backend interface: everything above ``unigrad/backends/`` is written against this and nothing else.

A backend supplies four things, each in a module of the same name in its folder:
  * ``arrays``: conversion to and from NumPy, dtype and shape queries, creation, devices, in-place updates;
  * ``primitives``: the functions named in ``PRIMITIVES``, each on backend arrays;
  * ``kernels``: optional native kernels for composite ops (``Backend.kernels``);
  * ``autodiff``: one entry point, ``vjp(fn, primals) -> (outputs, vjp_fn, aux)`` (``value_and_grad``, the
    vjp and one pullback with ones in one call, has a default on top of it that a backend may fuse), and
    for a backend that compiles, ``jit``.
Its capabilities are flags on the class (``compiles``, ``keeps_traced_values``, ``updates_in_place``,
``gpu``, ``taps_gradients``). A new backend is one folder and one line in ``unigrad/backends/__init__.py``.

Primitive conventions (the ops layer guarantees them, so backends stay small):
  * binary primitives get arrays of one dtype, or one array and a Python scalar of a kind that does
    not widen it (a float scalar only meets a float array);
  * ``matmul`` gets arrays of rank >= 2 (batch dimensions broadcast);
  * ``index`` is a tuple of ints, slices, None, Ellipsis and backend int arrays;
  * axes are non-negative ints or tuples of them; ``None`` means all axes.
"""
from __future__ import annotations

import math
import os
import re
import sys
from operator import attrgetter
from typing import Any, Callable, Sequence

import numpy as np

from unigrad.dtype import DType, from_numpy

# name -> signature, the whole list a backend must provide.
PRIMITIVES: dict[str, str] = {
    # unary elementwise
    "neg": "(x)", "abs": "(x)", "sign": "(x)", "exp": "(x)", "log": "(x)", "log1p": "(x)",
    "expm1": "(x)", "sqrt": "(x)", "sin": "(x)", "cos": "(x)", "tan": "(x)", "tanh": "(x)",
    "arctan": "(x)", "erf": "(x)", "sigmoid": "(x)", "floor": "(x)", "ceil": "(x)",
    "logical_not": "(x)",
    # binary elementwise (broadcasting)
    "add": "(x, y)", "sub": "(x, y)", "mul": "(x, y)", "div": "(x, y)", "pow": "(x, y)",
    "maximum": "(x, y)", "minimum": "(x, y)", "atan2": "(y, x)", "floor_divide": "(x, y)",
    "mod": "(x, y)", "equal": "(x, y)", "not_equal": "(x, y)", "less": "(x, y)",
    "less_equal": "(x, y)", "greater": "(x, y)", "greater_equal": "(x, y)",
    "logical_and": "(x, y)", "logical_or": "(x, y)", "logical_xor": "(x, y)",
    "where": "(condition, x, y)",
    # reductions
    "sum": "(x, axis, keepdims)", "max": "(x, axis, keepdims)", "min": "(x, axis, keepdims)",
    "prod": "(x, axis, keepdims)", "argmax": "(x, axis, keepdims)", "argmin": "(x, axis, keepdims)",
    "cumsum": "(x, axis)", "cumprod": "(x, axis)",
    # the Int64 indices of a stable sort along axis (NaN largest), no gradient
    "argsort": "(x, axis, descending)",
    # shape and indexing
    "reshape": "(x, shape)", "transpose": "(x, perm)", "broadcast_to": "(x, shape)",
    "concat": "(xs, axis)", "getitem": "(x, index)", "index_add": "(shape, index, values)",
    "pad": "(x, widths)", "unfold": "(x, kernel, stride, dilation)",
    # linear algebra, conversion, autodiff control
    "matmul": "(x, y)", "cast": "(x, dtype)", "stop_gradient": "(x)",
}


def index_axes(index: tuple, ndim: int) -> list[int | None]:
    """The axis each entry of a normalised index (``getitem``'s form) reads, None for None and Ellipsis:
    the walk a backend needs to rewrite or check an index entry by entry."""
    consuming = sum(part is not None and part is not Ellipsis for part in index)
    axes, axis = [], 0
    for part in index:
        if part is Ellipsis:
            axis += ndim - consuming
            axes.append(None)
        elif part is None:
            axes.append(None)
        else:
            axes.append(axis)
            axis += 1
    return axes


def check_index_bounds(index: tuple, shape: tuple, values_of: Callable[[Any], Any],
                       when_run: Callable[[Any, Any, str], None] | None = None) -> None:
    """NumPy's IndexError for an int or index array in ``index`` out of bounds of its axis, for the
    backends whose indexing does not always check (jax clamps; torch skips an empty selection).
    ``values_of(part)`` gives a part's values as a NumPy array, or None where they are unknown (traced
    by ``jit``); those parts go to ``when_run``, the backend's ``index_error_when_run``."""
    for part, axis in zip(index, index_axes(index, len(shape))):
        if axis is None or isinstance(part, slice):
            continue
        values = values_of(part)
        size = shape[axis]
        if values is None:
            if when_run is not None:
                when_run((part < -size) | (part >= size), part, _out_of_bounds(axis, size))
        elif values.size and (values.min() < -size or values.max() >= size):
            raise IndexError(_out_of_bounds(axis, size).format(values[(values < -size) | (values >= size)].flat[0]))


def _out_of_bounds(axis: int, size: int) -> str:
    """NumPy's message for an index out of bounds, the index left as ``{}`` (built only when needed:
    check_index_bounds runs on every jax indexing)."""
    return f"index {{}} is out of bounds for axis {axis} with size {size}"


class TracedValueError(TypeError):
    """A Tensor's value was asked for while ``unigrad.jit`` compiles (it is not known until run time).
    ``line``: 'file:line' of the user's code that asked (``user_line``); ``reason``: what needed the value,
    when it was not the user's own Python (a collective across processes); ``unigrad.jit`` names both when it
    runs the function eagerly instead."""

    def __init__(self, message: str, line: str = "an unknown line", reason: str | None = None) -> None:
        super().__init__(message)
        self.line, self.reason = line, reason


def unfold_size(size: int, kernel: int, stride: int, dilation: int) -> int:
    """How many windows of a (dilated) kernel fit along an axis of ``size`` at ``stride``."""
    return (size - dilation * (kernel - 1) - 1) // stride + 1


def check_class_indices(backend: "Backend", labels: Any, classes: int, ignore_index: int) -> None:
    """IndexError for a class index outside [0, classes) other than ``ignore_index``, as torch's kernel
    raises: a one-hot form would silently give such a sample a zero loss. Skipped while ``jit`` compiles
    (the values are not known yet; checking them in the compiled program, as indexing does, cost 3-5 %
    of a train step)."""
    try:
        values = np.asarray(backend.to_numpy(labels))
    except TracedValueError:
        return
    check_class_values(values, classes, ignore_index)


def check_class_values(values: np.ndarray, classes: int, ignore_index: int) -> None:
    """``check_class_indices`` on class indices already on the host."""
    if not values.size or (np.minimum.reduce(values, axis=None) >= 0  # the usual case: two reductions
                           and np.maximum.reduce(values, axis=None) < classes):
        return
    bad = values[((values < 0) | (values >= classes)) & (values != ignore_index)]
    if bad.size:
        raise IndexError(f"class index {bad.flat[0]} is out of bounds for {classes} classes "
                         f"(allowed: 0 to {classes - 1}, or ignore_index={ignore_index})")


_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep


def user_line() -> str:
    """'file:line' of the innermost frame outside unigrad and the frameworks: the user's code."""
    frame = sys._getframe(1)
    while frame is not None:
        name = frame.f_code.co_filename
        if not (name.startswith(_PACKAGE) or name.startswith("<frozen") or _FRAMEWORK_FILE.search(name)):
            return f"{name}:{frame.f_lineno}"
        frame = frame.f_back
    return "an unknown line"


_FRAMEWORK_FILE = re.compile(r"[/\\](jax|jaxlib|torch)[/\\]")


class Backend:
    """Base class of the backends; subclasses fill in the primitives and the methods below.

    A backend declares what it can do as flags, and tests and tools ask the flags, never the name."""

    name: str = ""
    # -- capabilities -----------------------------------------------------------------------------
    compiles: bool = False             # ``jit`` compiles the function into one program (jax)
    keeps_traced_values: bool = True   # a traced Tensor kept past its derivative is its value afterwards
    updates_in_place: bool = True      # ops.assign* write into the Parameter's memory: its views see it
    gpu: bool = False                  # can run on a CUDA GPU (``has_device("gpu")``: whether one is here)
    taps_gradients: bool = False       # ``tap`` reports the cotangent flowing out of an op's result
    collectives: str | None = None     # the module of its distributed engine (``backends/collectives.py``)

    # Optional native kernels for composite ops, by op name (e.g. "conv2d"), for speed. Each takes the
    # same normalised arguments as the op's generic version in unigrad.ops, without the leading backend,
    # so that a library function (torch.relu) can be registered as it is, and returns NotImplemented for
    # arguments it does not take (the generic version runs instead). The conformance suite checks every
    # kernel equals its generic version.
    kernels: dict[str, Callable] = {}

    # -- arrays ---------------------------------------------------------------------------------
    def asarray(self, value: Any, dtype: DType) -> Any:
        """A backend array of ``dtype`` holding ``value`` (a NumPy array, list or Python scalar)."""
        raise NotImplementedError

    def adopt_rows(self, rows: np.ndarray) -> list:
        """One backend array for each row (along the first axis) of ``rows``, a block that nothing else
        holds or will write (the batches a dataset iterator has just built): a backend may take their
        memory over rather than copy it. Copies (``asarray``) unless a backend does better."""
        dtype = from_numpy(rows.dtype)
        return [self.asarray(rows[i, ...], dtype) for i in range(len(rows))]

    def to_numpy(self, x: Any) -> Any:
        """The values as a NumPy array; TracedValueError while a compiling ``jit`` traces (not known yet)."""
        raise NotImplementedError

    def dtype(self, x: Any) -> DType:
        raise NotImplementedError

    # The shape: a tuple of ints, or a tuple subclass (torch.Size). Every backend's arrays (and the
    # NumPy engine's tracers) carry it as ``.shape``; a C-level getter, because ops ask on every call.
    shape = staticmethod(attrgetter("shape"))

    def same_layout(self, a: Any, b: Any) -> bool:
        """Whether arrays ``a`` and ``b`` have one dtype and one shape: asked by every Parameter update,
        so a backend may answer it faster than two dtype and two shape queries."""
        return self.dtype(a) is self.dtype(b) and self.shape(a) == self.shape(b)

    def full(self, shape: Sequence[int], value: Any, dtype: DType) -> Any:
        raise NotImplementedError

    def arange(self, start: Any, stop: Any, step: Any, dtype: DType) -> Any:
        raise NotImplementedError

    def is_array(self, x: Any) -> bool:
        """True for this backend's arrays, traced values included (what an op observer records)."""
        raise NotImplementedError

    def from_dlpack(self, obj: Any) -> Any:
        """An array sharing memory with ``obj`` (anything with ``__dlpack__``), without a copy."""
        raise NotImplementedError

    # -- Parameter updates (ops.assign / assign_add / assign_sub) -----------------------------------------
    def assign(self, target: Any, value: Any) -> Any:
        """``value``; a backend that ``updates_in_place`` copies it into ``target``'s memory and returns
        ``target`` (outside a derivative)."""
        return value

    def assign_add(self, target: Any, delta: Any) -> Any:
        """``target + delta``; a backend that ``updates_in_place`` writes it into ``target``."""
        return self.add(target, delta)

    def assign_sub(self, target: Any, delta: Any) -> Any:
        """``target - delta``; a backend that ``updates_in_place`` writes it into ``target``."""
        return self.sub(target, delta)

    def assign_sub_scaled(self, targets: list, deltas: list, scale: float) -> list:
        """``[t - scale * d for t, d]``: a whole optimizer step's updates in one call, written into the
        targets where the backend ``updates_in_place`` (a backend may do them all in a few library calls);
        a backend that wrote every one in place returns ``targets`` itself, so the caller skips storing."""
        return [self.assign_sub(t, self.mul(d, scale)) for t, d in zip(targets, deltas)]

    # -- devices --------------------------------------------------------------------------------
    device_kind: str = "cpu"
    device: Any = None  # the framework's own device object new arrays go to

    def find_device(self, kind: str) -> Any:
        """The framework's device for ``kind`` ('cpu' or 'gpu'); RuntimeError where there is none."""
        if kind != "cpu":
            raise RuntimeError(f"the {self.name} backend runs on the CPU only; device {kind!r} was asked for")
        return None

    def has_device(self, kind: str) -> bool:
        """Whether ``set_device(kind)`` would succeed here (GPU tests skip on False)."""
        try:
            self.find_device(kind)
        except RuntimeError:
            return False
        return True

    def set_device(self, kind: str) -> None:
        """Make new arrays on ``kind`` ('cpu' or 'gpu'); RuntimeError where there is none (no fallback)."""
        if kind not in ("cpu", "gpu"):
            raise RuntimeError(f"unknown device {kind!r}; the {self.name} backend has 'cpu' and 'gpu'")
        self.device = self.find_device(kind)
        self.device_kind = kind

    # -- autodiff and compilation ---------------------------------------------------------------
    def vjp(self, fn: Callable, primals: Sequence[Any]) -> tuple[tuple, Callable, tuple]:
        """Run ``fn(*primals) -> (outputs, aux)`` (two tuples of arrays); return ``(outputs, vjp_fn, aux)``.

        ``aux`` is carried out of the derivative untouched. ``vjp_fn(cotangents, retain=True)`` takes one
        cotangent per output (None for an output that does not count), or ``cotangents=None`` for the
        outputs themselves (ones for every float output: what ``grad`` of a loss asks, and what torch
        builds natively); it returns one gradient per primal: zeros for a primal the outputs do not
        depend on, never None. ``retain=False`` says no call follows (a backend may free the graph).
        Differentiating inside ``fn`` must work.
        """
        raise NotImplementedError

    def value_and_grad(self, fn: Callable, primals: Sequence[Any]) -> tuple[tuple, tuple, list]:
        """(outputs, aux, grads): ``vjp`` and then its only pullback, with ones as every output's cotangent.

        The whole derivative of a training step; a backend may fuse the two into fewer steps."""
        outputs, vjp_fn, aux = self.vjp(fn, primals)
        return outputs, aux, vjp_fn(None, retain=False)

    def custom_vjp(self, forward: Callable, backward: Callable, arrays: Sequence[Any]) -> Any:
        """``forward(*arrays)`` (one array) with the derivative ``backward(arrays, ans, g)``: one cotangent per
        array (``ops.Custom``'s ``bprop``: a function that is no composition of primitives has no other)."""
        raise NotImplementedError

    def is_traced(self, x: Any) -> bool:
        """Whether array ``x`` is being differentiated (it depends on the primals of a running ``vjp``)."""
        return False

    def tap(self, x: Any, report: Callable[[Any], None]) -> Any:
        """``x``, or an array equal to it whose cotangent, in the derivative being taken, goes to
        ``report`` (a backend array) while the backward pass runs (``taps_gradients``)."""
        return x

    def jit(self, fn: Callable) -> Callable:
        """Compile ``fn``, a pure function of arrays that ``unigrad.jit`` builds around the user's function:
        ``fn(state, inputs, seed) -> (new_state, outputs, next_seed)``: lists of arrays (``state``: the data
        of every Parameter the user's function reaches; ``inputs``: its Tensor arguments) and int32
        scalars (the seed random draws inside start from, ``uniform``; the next call's). The result takes
        ``fn``'s arguments and returns ``(fn's result, check)``: ``check()`` waits for the program and raises
        the IndexError of a failed ``index_error_when_run`` check; ``unigrad.jit`` calls it before it writes
        any Parameter or moves the seed on. The result may retrace (run ``fn`` again) whenever input shapes
        or dtypes change. Only a backend that ``compiles`` is asked; ``unigrad.jit`` calls the user's
        function directly everywhere else, with no state threading (numpy, torch). One hook, so that
        the Parameter discovery and threading are written once, in ``unigrad/_jit.py``.
        """
        raise NotImplementedError(f"the {self.name} backend does not compile")

    def index_error_when_run(self, bad: Any, values: Any, message: str) -> None:
        """Make the program ``jit`` is compiling raise ``IndexError(message.format(v))`` when it runs, ``v``
        the first of ``values`` where ``bad`` is True: the checks of indices whose values are unknown
        while it traces (jax would clamp them silently). Only a backend that ``compiles`` is asked."""
        raise NotImplementedError(f"the {self.name} backend does not compile, so it never traces an index")

    def uniform(self, seed: Any, index: int, shape: Sequence[int]) -> Any:
        """Float32 draws, uniform in [0, 1), computed inside a compiled program: the ``index``-th draw of
        the call whose seed is ``seed`` (an int32 scalar, an input of the program). Only a backend that
        ``compiles`` needs it; everywhere else draws come from unigrad's host generator."""
        raise NotImplementedError(f"the {self.name} backend does not compile, so it draws on the host")


# Bytes: where an array a framework takes over without copying must start (XLA's CPU client aliases only
# buffers aligned so; torch allocates its own so); malloc, under NumPy, gives 16.
ALIGNMENT = 64


def rows_aligned(rows: np.ndarray) -> bool:
    """Whether every row of ``rows`` is C-contiguous and starts on an ``ALIGNMENT``-byte boundary."""
    return rows.flags.c_contiguous and rows.ctypes.data % ALIGNMENT == 0 and \
        (rows.ndim == 0 or len(rows) < 2 or rows.strides[0] % ALIGNMENT == 0)


def aligned_empty(shape: Sequence[int], dtype: Any) -> np.ndarray:
    """An uninitialised C-contiguous array that starts on an ``ALIGNMENT``-byte boundary (what a stage
    that makes data for Tensors allocates, so that ``Backend.adopt_rows`` need not copy it)."""
    dtype = np.dtype(dtype)
    nbytes = math.prod(shape) * dtype.itemsize
    raw = np.empty(nbytes + ALIGNMENT, np.uint8)
    start = -raw.ctypes.data % ALIGNMENT
    return raw[start:start + nbytes].view(dtype).reshape(shape)


def aligned_copy(array: np.ndarray) -> np.ndarray:
    """A C-contiguous copy of ``array`` that starts on an ``ALIGNMENT``-byte boundary."""
    out = aligned_empty(array.shape, array.dtype)
    np.copyto(out, array)
    return out


def missing_primitives(backend: Backend) -> list[str]:
    """The names of PRIMITIVES a backend does not provide (the registry refuses such a backend)."""
    return [name for name in PRIMITIVES if not callable(getattr(backend, name, None))]

"""The backend interface: everything above ``unigrad/backends/`` is written against this and nothing else.

A backend supplies three things:
  * arrays: conversion to and from NumPy, dtype and shape queries, creation;
  * the primitives named in ``PRIMITIVES`` (each a plain function on backend arrays);
  * one autodiff entry point, ``vjp(fn, primals) -> (outputs, vjp_fn, aux)``; ``value_and_grad``, the
    vjp and one pullback with ones in one call, has a default on top of it that a backend may fuse.

Primitive conventions (the ops layer guarantees them, so backends stay small):
  * binary primitives get arrays of one dtype, or one array and a Python scalar of a kind that does
    not widen it (a float scalar only meets a float array);
  * ``matmul`` gets arrays of rank >= 2 (batch dimensions broadcast);
  * ``index`` is a tuple of ints, slices, None, Ellipsis and backend int arrays;
  * axes are non-negative ints or tuples of them; ``None`` means all axes.
"""
from __future__ import annotations

from operator import attrgetter
from typing import Any, Callable, Sequence

from unigrad.dtype import DType

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
    # shape and indexing
    "reshape": "(x, shape)", "transpose": "(x, perm)", "broadcast_to": "(x, shape)",
    "concat": "(xs, axis)", "getitem": "(x, index)", "index_add": "(shape, index, values)",
    "pad": "(x, widths)", "unfold": "(x, kernel, stride, dilation)",
    "fold": "(cols, shape, kernel, stride, dilation)",
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
    """A Tensor's value was asked for while ``unigrad.jit`` compiles (it is not known until run time)."""


class Backend:
    """Base class of the three backends; subclasses fill in the primitives and the methods below."""

    name: str = ""
    # Optional native kernels for composite ops, by op name (e.g. "conv2d"), for speed. Each takes the
    # same normalised arguments as the op's generic version in unigrad.ops (``conv2d_generic``,
    # ``max_pool2d_generic``) minus the leading backend, so that a library function (torch.relu) can be
    # registered as it is; a kernel that needs its backend has it bound. The conformance suite checks
    # every kernel equals its generic version.
    kernels: dict[str, Callable] = {}

    # -- arrays ---------------------------------------------------------------------------------
    def asarray(self, value: Any, dtype: DType) -> Any:
        """A backend array of ``dtype`` holding ``value`` (a NumPy array, list or Python scalar)."""
        raise NotImplementedError

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
        """True for this backend's arrays, traced values included."""
        raise NotImplementedError

    def from_dlpack(self, obj: Any) -> Any:
        """An array sharing memory with ``obj`` (anything with ``__dlpack__``), without a copy."""
        raise NotImplementedError

    # -- Parameter updates (ops.assign / assign_add / assign_sub) -----------------------------------------
    def assign(self, target: Any, value: Any) -> Any:
        """``value``; a backend may copy it into ``target``'s memory and return ``target``."""
        return value

    def assign_add(self, target: Any, delta: Any) -> Any:
        """``target + delta``; a backend may write it into ``target``'s memory and return ``target``."""
        return self.add(target, delta)

    def assign_sub(self, target: Any, delta: Any) -> Any:
        """``target - delta``; a backend may write it into ``target``'s memory and return ``target``."""
        return self.sub(target, delta)

    # -- devices --------------------------------------------------------------------------------
    device_kind: str = "cpu"

    def has_device(self, kind: str) -> bool:
        """Whether ``set_device(kind)`` would succeed here (GPU tests skip on False)."""
        return kind == "cpu"

    def set_device(self, kind: str) -> None:
        """Make new arrays on ``kind`` ('cpu' or 'gpu'); RuntimeError where there is none (no fallback)."""
        if kind != "cpu":
            raise RuntimeError(f"the {self.name} backend runs on the CPU only; device {kind!r} was asked for")
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

    def jit(self, fn: Callable) -> Callable:
        """Compile ``fn``, a pure function of arrays that ``unigrad.jit`` builds around the user's function:
        ``fn(state, inputs, seed) -> (new_state, outputs, next_seed)``: lists of arrays (``state``: the data
        of every Parameter the user's function reaches; ``inputs``: its Tensor arguments) and int32
        scalars (the seed random draws inside start from, ``uniform``; the next call's). The result takes
        ``fn``'s arguments and returns ``(fn's result, check)``: ``check()`` waits for the program and raises
        the IndexError of a failed ``index_error_when_run`` check; ``unigrad.jit`` calls it before it writes
        any Parameter or moves the seed on. The result may retrace (run ``fn`` again) whenever input shapes
        or dtypes change.

        Returning ``fn`` itself (the default) means "this backend does not compile": ``unigrad.jit`` then
        calls the user's function directly, with no state threading (numpy, torch). One hook, so that
        the Parameter discovery and threading are written once, in ``unigrad/jit.py``.
        """
        return fn

    def index_error_when_run(self, bad: Any, values: Any, message: str) -> None:
        """Make the program ``jit`` is compiling raise ``IndexError(message.format(v))`` when it runs, ``v``
        the first of ``values`` where ``bad`` is True: the checks of indices whose values are unknown
        while it traces (jax would clamp them silently). Only a backend whose ``jit`` compiles is asked."""
        raise NotImplementedError(f"the {self.name} backend does not compile, so it never traces an index")

    def uniform(self, seed: Any, index: int, shape: Sequence[int]) -> Any:
        """Float32 draws, uniform in [0, 1), computed inside a compiled program: the ``index``-th draw of
        the call whose seed is ``seed`` (an int32 scalar, an input of the program). Only a backend whose
        ``jit`` compiles needs it; everywhere else draws come from unigrad's host generator."""
        raise NotImplementedError(f"the {self.name} backend does not compile, so it draws on the host")


def missing_primitives(backend: Backend) -> list[str]:
    """The names of PRIMITIVES a backend does not provide (the registry refuses such a backend)."""
    return [name for name in PRIMITIVES if not callable(getattr(backend, name, None))]

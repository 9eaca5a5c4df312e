"""Observing ops: ``observe()`` sees every op call on every backend, through the one dispatch point.

For each call it records the op's name, its input and output arrays as ``TensorRecord`` (shape, dtype,
and the values when asked), which earlier op made each input (the edges of the graph, so that a wrong
gradient can be traced to the op whose rule produced it), the static arguments and the user's source line. With ``gradients=True``,
an op called inside a derivative also gets, during the backward pass, the cotangent flowing out of it:
the gradient of the differentiated output with respect to the op's result, where the backend exposes
it (``Backend.taps_gradients``: the NumPy engine at every node, torch through tensor hooks, jax in eager
mode). This is what ``unigrad check`` compares across backends. Nothing is installed by default.
"""
from __future__ import annotations

import contextlib
import weakref
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

import numpy as np

from unigrad import dtype as dt
from unigrad.backends.base import Backend, TracedValueError, user_line
from unigrad.ops import _dispatch


@dataclass(frozen=True)
class TensorRecord:
    """One array an op took or gave: its shape and dtype, and its values when they were asked for and
    known (not while ``unigrad.jit`` compiles)."""

    shape: tuple
    dtype: dt.DType
    value: np.ndarray | None = None


@dataclass
class OpRecord:
    """One op call: ``name`` (the registry's), ``backend``, ``source`` ('file:line' of the code outside
    unigrad that called it), ``inputs`` and ``outputs`` (TensorRecords), ``inputs_from`` (for each input,
    the index of the observed op whose output it is, or None), ``attributes`` (the static arguments: axes,
    sizes, Python scalars), whether it ran inside a derivative, and ``gradients``: one TensorRecord per
    backward pass that went through it (filled in while the pass runs)."""

    index: int
    name: str
    backend: str
    source: str
    inputs: tuple
    attributes: tuple
    outputs: tuple
    in_derivative: bool
    inputs_from: tuple = ()
    gradients: list = field(default_factory=list)


class Recording:
    """What ``observe()`` yields: ``ops`` grows as ops run."""

    def __init__(self) -> None:
        self.ops: list[OpRecord] = []


def _record(backend: Backend, array: Any, values: bool) -> TensorRecord:
    value = None
    if values:
        try:
            value = backend.to_numpy(array)
        except TracedValueError:
            pass
    return TensorRecord(tuple(backend.shape(array)), backend.dtype(array), value)


def _split_args(backend: Backend, args: tuple) -> tuple[list, list]:
    """(arrays, static arguments) of a call; a list of arrays (concat's) counts as arrays."""
    arrays, static = [], []
    for a in args:
        if isinstance(a, (list, tuple)) and a and all(backend.is_array(x) for x in a):
            arrays.extend(a)
        elif backend.is_array(a):
            arrays.append(a)
        else:
            static.append(a)
    return arrays, static


class _Observer:
    """The callback ``_dispatch.call`` runs after each op while ``observe()`` is active."""

    def __init__(self, recording: Recording, values: bool, gradients: bool,
                 callback: Callable[[OpRecord], Any] | None) -> None:
        self.recording, self.values, self.gradients, self.callback = recording, values, gradients, callback
        self._made: dict[int, tuple[int, Any]] = {}  # id(array) -> (index of the op that made it, a reference)

    def _remember(self, index: int, array: Any) -> None:
        """Note that op ``index`` made ``array``: weakly where the array type allows it, so that observing
        does not keep a whole step's intermediates alive (the id is checked against the reference)."""
        try:
            ref = weakref.ref(array)
        except TypeError:
            ref = lambda array=array: array  # noqa: E731  (a strong reference: the id stays valid)
        self._made[id(array)] = (index, ref)

    def _maker(self, array: Any) -> int | None:
        index, ref = self._made.get(id(array), (None, None))
        return index if ref is not None and ref() is array else None

    def __call__(self, name: str, backend: Backend, args: tuple, out: Any) -> Any:
        arrays, static = _split_args(backend, args)
        outputs = out if isinstance(out, list) else [out]  # a list: the arrays of ``call_many``
        traced = any(backend.is_traced(o) for o in outputs)
        record = OpRecord(len(self.recording.ops), name, backend.name, user_line(),
                          tuple(_record(backend, a, self.values) for a in arrays), tuple(static),
                          tuple(_record(backend, o, self.values) for o in outputs), traced,
                          tuple(self._maker(a) for a in arrays))
        self.recording.ops.append(record)
        if self.callback is not None:
            self.callback(record)
        if self.gradients and traced and out is outputs[0]:  # one result: its cotangent is the op's
            out = backend.tap(out, lambda cotangent: record.gradients.append(_record(backend, cotangent, True)))
        for made in (out if isinstance(out, list) else [out]):
            self._remember(record.index, made)
        return out


@contextlib.contextmanager
def observe(values: bool = False, gradients: bool = False,
            callback: Callable[[OpRecord], Any] | None = None) -> Iterator[Recording]:
    """``with observe() as rec:`` records every op called in the block (``rec.ops``, in order).

    ``values``: keep each input's and output's values (a copy on the host); ``gradients``: record the
    cotangent flowing out of each op called inside a derivative (its values are always kept);
    ``callback(record)``: called as each op is recorded. Observers nest; the inner one sees the ops."""
    recording = Recording()
    saved = _dispatch._observer[0]
    _dispatch._observer[0] = _Observer(recording, values, gradients, callback)
    try:
        yield recording
    finally:
        _dispatch._observer[0] = saved

"""MindSpore's graph-building helpers, as optimizers and training cells write them (``C.MultitypeFuncGraph``,
``C.HyperMap``, ``F.partial``, ``F.depend``). In MindSpore they assemble a graph; run eagerly they are plain
Python: a function chosen by its arguments' types, a map over nested tuples, ``functools.partial``, and an
ordering hint that eager code does not need."""
from __future__ import annotations

import functools
from typing import Any, Callable

from unigrad._tensor import Tensor
from unigrad.ops import _math as math, _reduction as reduction


def depend(value: Any, expr: Any) -> Any:
    """``value``: ``expr`` is only made to run first in MindSpore's graph, and eager code already ran it."""
    return value


def partial(func: Callable, *args: Any) -> Callable:
    """``func`` with its first arguments bound (``hyper_map(F.partial(scale, s), grads)``)."""
    if not callable(func):
        raise TypeError(f"partial's first argument must be callable, got {type(func).__name__}")
    return functools.partial(func, *args)


def constexpr(fn: Callable | None = None, get_instance: bool = True, name: str | None = None,
              reuse_result: bool = True, check: bool = True) -> Any:
    """MindSpore's ``@constexpr`` (a function graph mode runs while compiling): eager code runs it when called,
    so the function comes back as it was (``@constexpr`` and ``@constexpr(...)`` alike)."""
    return (lambda f: f) if fn is None else fn


def clip_by_global_norm(x: Any, clip_norm: float = 1.0, use_norm: Any = None) -> Any:
    """Each Tensor of ``x`` times clip_norm / max(global norm, clip_norm), the global norm being the L2 norm of
    them all together: gradients scaled down together when they are too large. A lone Tensor comes back as one
    Tensor; ``use_norm`` must be None, as in MindSpore 2.10."""
    if isinstance(x, Tensor):
        return clip_by_global_norm((x,), clip_norm, use_norm)[0]
    if not isinstance(x, (tuple, list)) or not all(isinstance(t, Tensor) for t in x):
        raise TypeError(f"clip_by_global_norm's x must be a tuple or list of Tensors, got {x!r:.80}")
    if use_norm is not None:
        raise ValueError(f"clip_by_global_norm's use_norm supports only None, as MindSpore 2.10's, got {use_norm!r}")
    norm = math.sqrt(functools.reduce(math.add, [reduction.sum(math.square(t)) for t in x]))
    scale = math.div(clip_norm, math.maximum(norm, clip_norm))
    return tuple(math.mul(t, scale) for t in x)


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, Tensor)


# MindSpore's type names in ``MultitypeFuncGraph.register``, each with the values it matches
_TYPES: dict[str, Callable[[Any], bool]] = {
    "Tensor": lambda v: isinstance(v, Tensor),
    "Number": _is_number,
    "Int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "Float": lambda v: isinstance(v, float),
    "Bool": lambda v: isinstance(v, bool),
    "String": lambda v: isinstance(v, str),
    "Tuple": lambda v: isinstance(v, tuple),
    "List": lambda v: isinstance(v, list),
    "Dict": lambda v: isinstance(v, dict),
    "None": lambda v: v is None,
    "Function": callable,
}


class MultitypeFuncGraph:
    """One name, several functions, chosen by the types of the arguments (``@f.register("Tensor", "Number")``);
    the first registration whose types all match runs."""

    def __init__(self, name: str, read_value: bool = False) -> None:
        if not isinstance(name, str):
            raise TypeError(f"MultitypeFuncGraph's name must be a str, got {type(name).__name__}")
        self.name, self.read_value = name, read_value
        self._entries: list[tuple[tuple[str, ...], Callable]] = []

    def register(self, *type_names: str) -> Callable[[Callable], Callable]:
        unknown = [t for t in type_names if t not in _TYPES]
        if unknown:
            raise TypeError(f"{self.name}.register: unknown type name(s) {unknown}; known: {', '.join(_TYPES)}")

        def decorate(fn: Callable) -> Callable:
            self._entries.append((type_names, fn))
            return fn
        return decorate

    def __call__(self, *args: Any) -> Any:
        for type_names, fn in self._entries:
            if len(type_names) == len(args) and all(_TYPES[t](a) for t, a in zip(type_names, args)):
                return fn(*args)
        given = ", ".join(type(a).__name__ for a in args)
        known = "; ".join("(" + ", ".join(t) + ")" for t, _ in self._entries) or "none"
        raise TypeError(f"{self.name}: no function registered for arguments of types ({given}); registered: {known}")


def _map(fn: Callable, args: tuple) -> Any:
    """``fn`` over the leaves of ``args``, which are nested tuples or lists of one structure, kept."""
    first = args[0]
    if not isinstance(first, (tuple, list)):
        return fn(*args)
    for other in args[1:]:
        if not isinstance(other, (tuple, list)) or len(other) != len(first):
            raise ValueError(f"HyperMap's sequences must have one structure, got lengths "
                             f"{[len(a) if isinstance(a, (tuple, list)) else type(a).__name__ for a in args]}")
    return type(first)(_map(fn, items) for items in zip(*args))


class Map:
    """``Map()(fn, xs, ...)`` or ``Map(fn)(xs, ...)``: ``fn`` on each item of the sequences, one level deep (the
    items themselves are passed whole, unlike HyperMap); a tuple back, as MindSpore's."""

    def __init__(self, ops: Callable | None = None, reverse: bool = False) -> None:
        if ops is not None and not callable(ops):
            raise TypeError(f"Map's ops must be callable, got {type(ops).__name__}")
        self.ops, self.reverse = ops, reverse

    def __call__(self, *args: Any) -> Any:
        fn, sequences = (self.ops, args) if self.ops is not None else (args[0], args[1:])
        if not callable(fn) or not sequences:
            raise TypeError("Map needs a function and at least one sequence to map over")
        if not all(isinstance(s, (tuple, list)) and len(s) == len(sequences[0]) for s in sequences):
            raise ValueError(f"Map's sequences must be tuples or lists of one length, got "
                             f"{[type(s).__name__ for s in sequences]}")
        return tuple(fn(*items) for items in zip(*sequences))


class HyperMap:
    """``HyperMap()(fn, grads, ...)`` or ``HyperMap(fn)(grads, ...)``: ``fn`` on each leaf of the (nested) tuples,
    the structure kept (how MindSpore's optimizers apply one update to every gradient)."""

    def __init__(self, ops: Callable | None = None, reverse: bool = False) -> None:
        if ops is not None and not callable(ops):
            raise TypeError(f"HyperMap's ops must be callable, got {type(ops).__name__}")
        self.ops, self.reverse = ops, reverse

    def __call__(self, *args: Any) -> Any:
        fn, sequences = (self.ops, args) if self.ops is not None else (args[0], args[1:])
        if not callable(fn):
            raise TypeError(f"HyperMap needs a function to map, got {type(fn).__name__}")
        if not sequences:
            raise TypeError("HyperMap needs at least one sequence to map over")
        return _map(fn, sequences)

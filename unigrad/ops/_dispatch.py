"""The one way an op reaches a backend: ``call(name, backend, *args)``.

Every public op normalises its arguments (``_args``) and then calls ``call`` (``call_many`` for an op
whose result is a list of arrays) with the op's registered
name, the backend and the backend arrays (and static arguments: axes, sizes). The registry ``OPS`` holds
each op once: a backend primitive or method (``generic`` None), or a composite op with its generic
version written from primitives. A backend may register a native kernel for a composite op
(``Backend.kernels``); a kernel may decline some arguments by returning ``NotImplemented``, and the
generic version runs instead. ``tests/conformance`` checks every kernel against its generic version.

``call`` is also where an observer (``unigrad.testing.observe``) sees every op on every backend; with
none installed it costs one comparison.
"""
from __future__ import annotations

import contextlib
import functools
from typing import Any, Callable, Iterator

from unigrad._tensor import Tensor
from unigrad.backends.base import PRIMITIVES, Backend


class Op:
    """One op of the registry: its name and, for a composite op, its generic version
    ``generic(backend, *args)`` (None: the backend's own primitive or method of that name)."""

    __slots__ = ("name", "generic")

    def __init__(self, name: str, generic: Callable | None) -> None:
        self.name = name
        self.generic = generic

    def __repr__(self) -> str:
        return f"Op({self.name!r}, {'composite' if self.generic else 'primitive'})"


OPS: dict[str, Op] = {}
_tables: dict[Backend, dict[str, Callable]] = {}  # per backend: op name -> what runs it (``_table``)

# backend methods that ops reach besides the primitives: making arrays, updating Parameters
_METHODS = ("full", "arange", "asarray", "assign", "assign_add", "assign_sub", "assign_sub_scaled")


def _register(name: str, generic: Callable | None) -> Op:
    if name in OPS:
        raise ValueError(f"op {name!r} is registered twice")
    op = OPS[name] = Op(name, generic)
    _tables.clear()  # a backend's table is rebuilt on its next call
    return op


def composite(name: str) -> Callable[[Callable], Callable]:
    """Register the decorated function as op ``name``'s generic version (written from primitives)."""
    def register(generic: Callable) -> Callable:
        _register(name, generic)
        return generic
    return register


for _name in (*PRIMITIVES, *_METHODS):
    _register(_name, None)


# -- per-backend tables ------------------------------------------------------------------------------
_generic_only: list[bool] = [False]


def _table(backend: Backend) -> dict[str, Callable]:
    """name -> what runs op ``name`` on ``backend``: its kernel, its primitive, or the generic version."""
    table = _tables.get(backend)
    if table is None:
        table = _tables[backend] = {}
        for name, op in OPS.items():
            kernel = None if _generic_only[0] else backend.kernels.get(name)
            if kernel is not None:
                table[name] = kernel
            elif op.generic is not None:
                table[name] = functools.partial(op.generic, backend)
            else:
                table[name] = getattr(backend, name)
    return table


@contextlib.contextmanager
def generic_only() -> Iterator[None]:
    """Run every composite op by its generic version inside the block (the kernels' conformance check)."""
    _tables.clear()
    _generic_only[0] = True
    try:
        yield
    finally:
        _generic_only[0] = False
        _tables.clear()


# -- the call ------------------------------------------------------------------------------------------
_observer: list = [None]  # the installed observer's callback (unigrad.ops._observe), or None
_new = object.__new__


def call(name: str, backend: Backend, *args: Any) -> Tensor:
    """Op ``name`` on ``backend`` applied to ``args`` (arrays and static arguments), as a Tensor."""
    table = _tables.get(backend) or _table(backend)
    out = table[name](*args)
    if out is NotImplemented:  # a kernel declined these arguments
        out = OPS[name].generic(backend, *args)
    observer = _observer[0]
    if observer is not None:
        out = observer(name, backend, args, out)
    t = _new(Tensor)
    t._data = out
    t._backend = backend
    return t


def call_many(name: str, backend: Backend, *args: Any) -> list:
    """Op ``name`` whose result is a list of arrays (an optimizer step's new Parameter arrays), unwrapped."""
    out = (_tables.get(backend) or _table(backend))[name](*args)
    observer = _observer[0]
    return out if observer is None else observer(name, backend, args, out)

"""The NumPy engine's autodiff: a reverse-mode tracer (the HIPS autograd design, on a tape).

A call to ``vjp`` opens a *trace* with a fresh, ever-increasing level and boxes the primals. Every
primitive called on a box of that trace computes on the unboxed value and appends one ``Node`` to the
trace's tape, so the tape is already in topological order and backward is a reverse walk. Nested
``vjp`` calls open higher levels; a primitive unboxes only its highest level, keeping lower-level boxes
inside the recorded arguments, and the VJP rules are written with these same primitives, so the
backward pass of an inner trace is itself recorded by the outer one: derivatives of any order.
The tape lives only as long as the ``vjp`` call's closure: nothing accumulates across calls.
"""
from __future__ import annotations

import itertools
from typing import Any, Callable, Sequence

import numpy as np

from unigrad import dtype as dt

_levels = itertools.count(1)


class Trace:
    __slots__ = ("level", "tape", "active")

    def __init__(self) -> None:
        self.level = next(_levels)
        self.tape: list = []
        self.active = True


class Box:
    """A value being differentiated in one trace; ``index`` is its node's place on the tape."""

    __slots__ = ("value", "trace", "index")

    def __init__(self, value: Any, trace: Trace, index: int) -> None:
        self.value = value
        self.trace = trace
        self.index = index

    @property
    def shape(self) -> tuple:
        return self.value.shape

    @property
    def dtype(self):
        return self.value.dtype

    @property
    def ndim(self) -> int:
        return len(self.value.shape)

    def __repr__(self) -> str:
        return f"Box(level={self.trace.level}, {self.value!r})"


class Node:
    """One primitive application: its VJP rules, its (partly unboxed) arguments, its result, its parents."""

    __slots__ = ("rules", "args", "ans", "parents")

    def __init__(self, rules, args, ans, parents) -> None:
        self.rules = rules
        self.args = args
        self.ans = ans
        self.parents = parents  # tuple of (argnum, tape index, shape)


def raw(x: Any) -> Any:
    """The plain value under every level of boxing."""
    while type(x) is Box:
        x = x.value
    return x


def _settled(x: Any) -> Any:
    """x without the boxes of finished traces. Those only reach a primitive when the user kept a traced
    Tensor past its grad/vjp call (in a list, on a Cell); MindSpore's PyNative mode and torch both let
    it go on as its value, differentiable only by the traces still open."""
    while type(x) is Box and not x.trace.active:
        x = x.value
    return x


def primitive(forward: Callable) -> Callable:
    """Wrap a NumPy function as a differentiable primitive; give it rules with ``defvjp``."""

    def wrapped(*args):
        top = None
        for a in args:
            if type(a) is Box and (top is None or a.trace.level > top.level):
                top = a.trace
        if top is None:
            return forward(*args)
        if not top.active:  # a value kept past its grad/vjp call: a constant from now on (as in PyNative)
            return wrapped(*[_settled(a) for a in args])
        unboxed = list(args)
        parents = []
        deeper = False  # boxes of enclosing traces remain: dispatch again for them
        for i, a in enumerate(args):
            if type(a) is Box:
                if a.trace is top:
                    value = unboxed[i] = a.value
                    parents.append((i, a.index, value.shape))
                    deeper = deeper or type(value) is Box
                else:
                    deeper = True
        ans = wrapped(*unboxed) if deeper else forward(*unboxed)
        tape = top.tape
        tape.append(Node(wrapped.rules, unboxed, ans, parents))
        return Box(ans, top, len(tape) - 1)

    wrapped.__name__ = forward.__name__
    wrapped.__doc__ = forward.__doc__
    wrapped.rules = None
    return wrapped


def nondifferentiable(forward: Callable) -> Callable:
    """Wrap a NumPy function whose output carries no gradient (comparisons, argmax, floor, ...)."""

    def wrapped(*args):
        for a in args:
            if type(a) is Box:
                return forward(*[raw(a) for a in args])
        return forward(*args)  # nothing boxed (every backward pass of a first derivative)

    wrapped.__name__ = forward.__name__
    wrapped.__doc__ = forward.__doc__
    return wrapped


def defvjp(prim: Callable, *rules: Callable) -> None:
    """Rules take ``(g, ans, *args)`` and return the cotangent of their argument (before unbroadcasting)."""
    prim.rules = rules


def defvjp_all(prim: Callable, rule: Callable) -> None:
    """One rule for every argument position: ``rule(argnum, g, ans, *args)`` (variadic primitives)."""
    prim.rules = _AllPositions(rule)


class _AllPositions:
    __slots__ = ("rule",)

    def __init__(self, rule: Callable) -> None:
        self.rule = rule

    def __getitem__(self, argnum: int) -> Callable:
        return lambda g, ans, *args: self.rule(argnum, g, ans, *args)


def vjp(fn: Callable, primals: Sequence[Any], add: Callable, unbroadcast: Callable):
    """Trace ``fn(*primals) -> (outputs, aux)`` and return ``(outputs, vjp_fn, aux)``.

    ``add`` and ``unbroadcast`` are differentiable primitives supplied by the engine, so that the
    backward pass can itself be traced.
    """
    trace = Trace()
    n = len(primals)
    boxes = [Box(p, trace, i) for i, p in enumerate(primals)]
    trace.tape.extend([None] * n)
    try:
        outputs, aux = fn(*boxes)
    finally:
        trace.active = False
    tape = trace.tape
    plain_outputs = tuple(o.value if type(o) is Box and o.trace is trace else o for o in outputs)
    plain_aux = tuple(a.value if type(a) is Box and a.trace is trace else a for a in aux)

    def vjp_fn(cotangents: Sequence[Any] | None, retain: bool = True) -> list:
        if cotangents is None:  # the outputs themselves: ones for the float ones
            cotangents = [np.ones(np.shape(v), v.dtype) if dt.from_numpy(v.dtype).is_floating else None
                          for v in plain_outputs]
        grads: list = [None] * len(tape)
        for out, ct in zip(outputs, cotangents):
            if type(out) is Box and out.trace is trace and ct is not None:
                prev = grads[out.index]
                grads[out.index] = ct if prev is None else add(prev, ct)
        for idx in range(len(tape) - 1, n - 1, -1):
            g = grads[idx]
            if g is None:
                continue
            grads[idx] = None
            node = tape[idx]
            rules, ans, args = node.rules, node.ans, node.args
            for argnum, parent, shape in node.parents:
                pg = rules[argnum](g, ans, *args)
                if pg.shape != shape:
                    pg = unbroadcast(pg, shape)
                prev = grads[parent]
                grads[parent] = pg if prev is None else add(prev, pg)
        if not retain:
            tape.clear()  # nothing follows: release the recorded arguments now
        return [np.zeros(np.shape(raw(p)), dtype=raw(p).dtype) if g is None else g
                for p, g in zip(primals, grads)]

    return plain_outputs, vjp_fn, plain_aux


@primitive
def tap(x: Any, report: Callable[[Any], None]) -> Any:
    """``x`` itself; its cotangent goes to ``report`` (as a plain array) during the backward pass."""
    return x


def _tap_rule(g, ans, x, report):
    report(raw(g))
    return g


defvjp(tap, _tap_rule)

"""``unigrad.jit``: MindSpore's ``mindspore.jit``, written once on the backend hook ``Backend.jit``.

A jitted function may read and write Parameters (a train step updates the model in place), but a
compiler such as ``jax.jit`` needs a pure function of arrays. So on each call ``unigrad.jit``

1. finds every Parameter the function can reach: the Cells and Parameters among its arguments, its
   closure variables, the globals its code names, and, through them, Cells (all their parameters),
   optimizers and other objects holding Parameters, and functions (``grad_fn = value_and_grad(...)``).
   The walk is kept and done again only once a Parameter or ParameterTuple was made, or a Cell gained or
   lost a Parameter or sub-Cell, since (``_parameter.generation``): a Parameter put into a plain list
   the function reads, after its first call, is not seen until then;
2. builds ``pure(state, inputs) -> (state, outputs)`` over arrays: it binds each Parameter's data to
   its ``state`` array, runs the user's function on Tensors made from ``inputs``, and returns every
   Parameter's final array as the new state (so ``set_data`` and optimizer updates are outputs);
3. compiles ``pure`` with ``backend.jit`` (once per Parameter set and per static arguments; the
   backend recompiles when input shapes or dtypes change) and writes the new state back. A random
   seed goes in and the next call's comes out, so dropout draws a new mask on every call
   (``unigrad.random``).

Tensor arguments (also inside tuples, lists and dicts) are traced; every other argument is static: a
new value compiles a new program. On a backend that does not compile (``Backend.compiles``: numpy,
torch) ``unigrad.jit`` calls the user's function as it is, with no state threading.

A trace knows the values of Tensors made from host data (initializers: a Cell may be built inside, once,
while compiling, as MindSpore builds it) and of the Tensors the function reaches that are not Parameters,
but not of anything computed from its arguments or Parameters. A function that needs such a value (a
Python ``if``/``while``, ``bool()``, ``int()``, ``float()``, ``.asnumpy()`` or ``print`` on it: the backend
raises TracedValueError) is not compiled: the trace is dropped (it wrote no Parameter, and the host random
generator goes back to where it was), one JitFallbackWarning names the function and the line, and that call
and every later one with the same static arguments run the function as it is, with eager numbers. On a
backend that does not compile, the first call per static arguments watches the values read (``_Watch``)
and warns the same way, so a function that would not compile says so on every backend.
"""
from __future__ import annotations

import functools
import sys
import types
import warnings
from typing import Any, Callable

import numpy as np

from unigrad import backends
from unigrad import _random as rng
from unigrad.backends.base import Backend, TracedValueError, user_line
from unigrad._parameter import Parameter, generation
from unigrad._tensor import Tensor, wrap
from unigrad._tensor import _watch as tensor_watch


# classes from these top-level modules are never searched for Parameters
_FOREIGN = frozenset(getattr(sys, "stdlib_module_names", ())) | {
    "builtins", "numpy", "jax", "jaxlib", "torch", "scipy", "pytest", "_pytest", "pluggy", "typing_extensions"}
_ATOMS = (str, bytes, int, float, complex, bool, type(None), np.ndarray, np.generic, types.ModuleType, type,
          types.BuiltinFunctionType, types.CodeType)
_MAX_ITEMS = 4096  # larger containers are not searched (datasets, lookup tables)


# -- finding the Parameters a function can reach --------------------------------------------------
def _code_names(code: types.CodeType) -> set[str]:
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _code_names(const)
    return names


def reachable_parameters(*roots: Any, tensors: list | None = None) -> list[Parameter]:
    """Every Parameter reachable from ``roots``, each once, in the order first found; the other Tensors
    reached are appended to ``tensors`` where it is given."""
    found: dict[int, Parameter] = {}
    seen: set[int] = set()
    stack = list(reversed(roots))
    while stack:
        obj = stack.pop()
        if isinstance(obj, _ATOMS) or id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, Parameter):
            found.setdefault(id(obj), obj)
            continue
        if isinstance(obj, Tensor):
            if tensors is not None:
                tensors.append(obj)
            continue
        children: list = []
        if isinstance(obj, (list, tuple, set, frozenset)):
            if len(obj) <= _MAX_ITEMS:
                children = list(obj)
        elif isinstance(obj, dict):
            if len(obj) <= _MAX_ITEMS:
                children = list(obj.values())
        elif isinstance(obj, JitFunction):
            children = [obj.fn]
        elif isinstance(obj, types.FunctionType):
            module = getattr(obj, "__module__", None) or ""
            if module.split(".")[0] in _FOREIGN:
                continue
            if obj.__closure__:
                for cell in obj.__closure__:
                    try:
                        children.append(cell.cell_contents)
                    except ValueError:  # an empty cell
                        pass
            children.extend(obj.__defaults__ or ())
            children.extend((obj.__kwdefaults__ or {}).values())
            if not module.startswith("unigrad."):  # unigrad's own globals hold no Parameters
                g = obj.__globals__
                children.extend(g[name] for name in sorted(_code_names(obj.__code__)) if name in g)
        elif isinstance(obj, types.MethodType):
            children = [obj.__self__, obj.__func__]
        elif isinstance(obj, functools.partial):
            children = [obj.func, *obj.args, *obj.keywords.values()]
        else:
            if type(obj).__module__.split(".")[0] in _FOREIGN:
                continue
            d = getattr(obj, "__dict__", None)
            if isinstance(d, dict):
                children = list(d.values())
        stack.extend(reversed(children))
    return list(found.values())


# -- arguments and results as (structure, arrays) ------------------------------------------------------
class _Leaf:
    """Where a traced array goes in a structure (one per dynamic Tensor)."""
    __slots__ = ()


_LEAF = _Leaf()


def _split(obj: Any, arrays: list, params: list) -> Any:
    """A hashable skeleton of ``obj``: Tensors become _LEAF (their arrays appended), Parameters stay
    themselves (they are state), containers are recursed into, anything else is a static value."""
    if isinstance(obj, Parameter):
        params.append(obj)
        return ("param", id(obj))
    if isinstance(obj, Tensor):
        arrays.append(obj._data)
        return _LEAF
    if isinstance(obj, (tuple, list)):
        return (type(obj), tuple(_split(o, arrays, params) for o in obj))
    if isinstance(obj, dict):
        return (dict, tuple((k, _split(v, arrays, params)) for k, v in obj.items()))
    try:
        hash(obj)
    except TypeError:
        raise TypeError(f"unigrad.jit: an argument of type {type(obj).__name__} is neither a Tensor nor "
                        f"hashable; non-Tensor arguments are static (compiled in), so they must be "
                        f"hashable") from None
    return ("static", type(obj), obj)  # the type too: f(x, 1) and f(x, 1.0) compile apart


def _join(skeleton: Any, arrays, params: dict, backend) -> Any:
    """The inverse of _split, with ``arrays`` (an iterator) in place of the Tensors."""
    if skeleton is _LEAF:
        return wrap(next(arrays), backend)
    if isinstance(skeleton, tuple) and skeleton:
        head = skeleton[0]
        if head == "param" and len(skeleton) == 2:
            return params[skeleton[1]]
        if head in (tuple, list):
            return head(_join(s, arrays, params, backend) for s in skeleton[1])
        if head is dict:
            return {k: _join(s, arrays, params, backend) for k, s in skeleton[1]}
        if head == "static" and len(skeleton) == 3:
            return skeleton[2]
    return skeleton


def _split_result(obj: Any, arrays: list) -> Any:
    if isinstance(obj, Tensor):
        arrays.append(obj._data)
        return _LEAF
    if isinstance(obj, (tuple, list)):
        return (type(obj), tuple(_split_result(o, arrays) for o in obj))
    if isinstance(obj, dict):
        return (dict, tuple((k, _split_result(v, arrays)) for k, v in obj.items()))
    return ("static", type(obj), obj)


# -- functions that need a traced value: run as they are -----------------------------------------------
class JitFallbackWarning(UserWarning):
    """``unigrad.jit`` runs a function as it is, not compiled: it needs the value of a Tensor computed in it
    (a Python branch on it), which a compiled program only knows when it runs."""


class _Watch:
    """What a trace would know of a first call on a backend that does not compile (``_tensor._watch``
    while it runs): the arrays of the Tensors the function reaches that are not Parameters (a trace's
    constants) and of each Tensor made from host data during the call. ``line``: where the first value
    of any other array (an argument, a Parameter, anything computed) was read, else None. A watch inside
    another (a jitted function called by one) tells the outer one too, as a trace inside a trace does."""

    def __init__(self, known: list, outer: "_Watch | None") -> None:
        self.known = {id(a) for a in known}
        self.alive = list(known)  # their ids stay theirs while the call runs
        self.outer = outer
        self.line: str | None = None

    def made(self, array: Any) -> None:
        self.known.add(id(array))
        self.alive.append(array)
        if self.outer is not None:
            self.outer.made(array)

    def read(self, array: Any) -> None:
        if self.line is None and id(array) not in self.known:
            self.line = user_line()
        if self.outer is not None:
            self.outer.read(array)


# -- the jitted function -------------------------------------------------------------------------------
class _Entry:
    """One compiled program: a Parameter set and static arguments; per input signature, the layout of the
    result and which Parameters the function assigns (their new arrays are the program's state outputs)."""

    def __init__(self, params: list[Parameter]) -> None:
        self.params = params  # strong references: the ids in the cache key stay theirs
        self.compiled: Callable | None = None
        self.results: dict = {}


class JitFunction:
    """What ``unigrad.jit(fn)`` returns: call it as ``fn``. ``compile_count`` counts the traces of ``fn``
    so far (also one dropped for a value it needed); on backends that do not compile it stays 0."""

    def __init__(self, fn: Callable) -> None:
        if not callable(fn):
            raise TypeError(f"unigrad.jit takes a function, got {type(fn).__name__}")
        self.fn = fn
        functools.update_wrapper(self, fn)
        self.compile_count = 0
        self._entries: dict = {}
        self._reached: dict = {}  # skeleton -> (generation, Parameters, their ids): see _parameters
        self._as_is: set = set()  # (backend name, skeleton): calls that run fn as it is (after a fallback, or _watched)
        self._warned = False

    def __get__(self, obj, objtype=None):
        """``@unigrad.jit`` on a method (a Cell's ``construct``): bind like a function."""
        if obj is None:
            return self
        return functools.partial(self.__call__, obj)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        arrays: list = []
        arg_params: list = []
        skeleton = _split((args, kwargs), arrays, arg_params)
        backend = self._backend(args, kwargs, arg_params)
        if self._as_is and (backend.name, skeleton) in self._as_is:
            return self.fn(*args, **kwargs)
        if not backend.compiles:
            return self._watched(skeleton, backend, arrays, args, kwargs)

        params, ids = self._parameters(skeleton, backend, arg_params, args, kwargs)
        key = (skeleton, ids)
        entry = self._entries.get(key)
        if entry is None:
            entry = self._entries[key] = _Entry(params)
            entry.compiled = backend.jit(self._pure(entry, skeleton, backend))
        state = [p._data for p in params]
        signature = self._signature(state, arrays)
        traced = entry.results.get(signature)  # None: this call traces fn
        host_state = rng.host_state() if traced is None else None
        try:
            (new_state, outputs, seed), check = entry.compiled(state, arrays, rng.call_seed(backend))
        except TracedValueError as error:  # a value the trace does not know: not compiled
            self._entries.pop(key, None)
            if host_state is not None:  # the dropped trace's draws (the call's seed, initializers)
                rng.restore_host_state(host_state)
            self._warn_not_compiled(error.line, error.reason)
            self._as_is.add((backend.name, skeleton))
            return self.fn(*args, **kwargs)
        result_skeleton, written = traced or entry.results[signature]
        result = _join(result_skeleton, iter(outputs), {}, backend)
        check()  # an index out of bounds raises here, before any Parameter or the seed moves on
        rng.called(backend, seed)
        for i, a in zip(written, new_state):
            params[i]._data = a
        return result

    def _warn_not_compiled(self, line: str, reason: str | None = None) -> None:
        """The first time only: JitFallbackWarning at ``line``, where fn needed a value a trace does not know
        (for ``reason``, when that was not the user's own Python)."""
        if not self._warned:
            name = getattr(self.fn, "__qualname__", repr(self.fn))
            if reason:
                message = (f"unigrad.jit: {name} needs {reason} at {line}: {name} runs as plain Python from now on, "
                           f"not compiled (the same results, without the speed-up).")
            else:
                message = (f"unigrad.jit: {name} needs the value of a Tensor computed in it at {line} (a Python if "
                           f"or while, bool(), int(), float(), .asnumpy() or print), which a compiled program knows "
                           f"only when it runs: {name} runs as plain Python from now on, not compiled (the same "
                           f"results, without the speed-up). To compile it, compute both branches and choose with "
                           f"ops.select.")
            filename, _, lineno = line.rpartition(":")
            if filename and lineno.isdigit():
                warnings.warn_explicit(message, JitFallbackWarning, filename, int(lineno))
            else:
                warnings.warn(message, JitFallbackWarning, stacklevel=3)
            self._warned = True

    def _watched(self, skeleton: Any, backend: Backend, arrays: list, args: tuple, kwargs: dict) -> Any:
        """A call on a backend that does not compile: fn as it is. The first one per static arguments is
        watched as a trace would see it (``_Watch``): where it reads a value a trace would not know, it
        warns as a compiling backend does when it falls back."""
        constants: list = []  # Tensors in fn's reach, static arguments' included (a Cell's, for its method)
        reachable_parameters(self.fn, args, kwargs, tensors=constants)
        inputs = set(map(id, arrays))
        watch = _Watch([t._data for t in constants if id(t._data) not in inputs], tensor_watch[0])
        tensor_watch[0] = watch
        try:
            out = self.fn(*args, **kwargs)
        finally:
            tensor_watch[0] = watch.outer
        if watch.line is not None:
            self._warn_not_compiled(watch.line)
        self._as_is.add((backend.name, skeleton))
        return out

    @staticmethod
    def _backend(args, kwargs, params) -> Backend:
        for t in params:
            return t._backend
        stack = [args, kwargs]
        while stack:
            obj = stack.pop()
            if isinstance(obj, Tensor):
                return obj._backend
            if isinstance(obj, (tuple, list)):
                stack.extend(obj)
            elif isinstance(obj, dict):
                stack.extend(obj.values())
        return backends.current()

    def _parameters(self, skeleton: Any, backend: Backend, arg_params: list, args: tuple, kwargs: dict):
        """(Parameters, their ids): those of ``backend`` the function reaches with these arguments. Found
        again only once Parameters were made or rearranged since (``_parameter.generation``): a walk
        through every Cell and closure on every call cost a train step ~0.1 ms."""
        found = self._reached.get(skeleton)
        if found is not None and found[0] == generation():
            return found[1], found[2]
        params = [p for p in reachable_parameters(self.fn, *arg_params, args, kwargs) if p._backend is backend]
        ids = tuple(map(id, params))
        self._reached[skeleton] = (generation(), params, ids)
        return params, ids

    @staticmethod
    def _signature(state, arrays) -> tuple:
        """The shapes and dtypes a program was traced for (the arrays' own: no conversion per call)."""
        return tuple([(a.shape, a.dtype) for a in (*state, *arrays)])

    def _pure(self, entry: _Entry, skeleton: Any, backend: Backend) -> Callable:
        fn, params = self.fn, entry.params
        by_id = {id(p): p for p in params}

        def pure(state, arrays, seed):
            self.compile_count += 1
            signature = self._signature(state, arrays)
            saved = [p._data for p in params]
            for p, a in zip(params, state):
                p._data = a
            try:
                with backends.use_backend(backend.name), rng.program_seed(seed):
                    args, kwargs = _join(skeleton, iter(arrays), by_id, backend)
                    out = fn(*args, **kwargs)
                # only the Parameters the function assigned are outputs: the others would be copied
                written = [i for i, (p, a) in enumerate(zip(params, state)) if p._data is not a]
                new_state = [params[i]._data for i in written]
            finally:
                for p, s in zip(params, saved):
                    p._data = s
            outputs: list = []
            entry.results[signature] = (_split_result(out, outputs), written)
            return new_state, outputs, rng.next_seed(backend, seed)

        return pure


def jit(function: Callable | None = None, *, mode: str = "PSJit", input_signature: Any = None,
        hash_args: Any = None, jit_config: Any = None, compile_once: bool = False, **kwargs: Any) -> Any:
    """MindSpore's ``mindspore.jit``: compile a function (used bare, ``@unigrad.jit``, or with options).

    On the jax backend the whole call becomes one ``jax.jit`` program: every Parameter the function
    reads or writes is passed in and returned as state, so in-place updates (``set_data``, optimizer
    steps) take effect, and it recompiles only when input shapes or dtypes (or static, non-Tensor
    arguments) change. Python code in the function runs only while it is compiled: a ``print`` prints
    once, and a Cell built inside is built then, once, from the host's initializers (as MindSpore builds it
    at compile time). A function that asks for the value of a Tensor computed in it (``if is_finite:``,
    ``float(loss)``, ``while x > 0:``) is not compiled: it runs as plain Python, with the same numbers and
    one JitFallbackWarning naming it and the line. Dropout draws a new mask on every call (from a seed
    threaded through the calls; ``set_seed`` resets it).

    On the numpy and torch backends it runs the function as it is (no compilation, no state threading), and
    its first call warns the same way where a compiled program would need such a value.
    MindSpore's options (``mode``, ``input_signature``, ``jit_config``, …) are accepted and ignored.
    """
    if function is None:
        return lambda f: JitFunction(f)
    return JitFunction(function)


def jit_class(cls: type) -> type:
    """MindSpore's ``@jit_class``: lets graph mode use a plain class's instances. unigrad traces Python as it
    runs, so any class already works: the class comes back as it was, after MindSpore's checks."""
    if not isinstance(cls, type):
        raise TypeError(f"Decorator jit_class can only be used for class type, but got {cls!r}.")
    if hasattr(cls, "cells_and_names") and hasattr(cls, "construct"):  # a Cell (nn sits above this module)
        raise TypeError(f"Decorator jit_class is used for user-defined classes and cannot be used for nn.Cell: {cls}.")
    return cls


def mutable(input_data: Any, dynamic_len: bool = False) -> Any:
    """MindSpore's ``mutable``: marks a graph input as a variable, not a constant folded into the graph. unigrad
    never folds a Python value into a compiled function's inputs, so the value comes back as it was."""
    if not isinstance(input_data, (Tensor, tuple, list, dict, int, float)) or isinstance(input_data, bool):
        raise TypeError(f"mutable takes a Tensor, a number, or a tuple, list or dict of them, got "
                        f"{type(input_data).__name__}")
    return input_data


def lazy_inline(fn: Callable | None = None, attrs: Any = None, policy: Any = None) -> Any:
    """MindSpore's ``@lazy_inline`` for a Cell's ``__init__`` (compile a repeated block once): a compile-time
    hint, so ``__init__`` comes back as it was (``@lazy_inline`` and ``@lazy_inline(...)`` alike)."""
    return (lambda f: f) if fn is None else fn

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
"""
from __future__ import annotations

import functools
import sys
import types
from typing import Any, Callable

import numpy as np

from unigrad import backends
from unigrad import _random as rng
from unigrad.backends.base import Backend
from unigrad._parameter import Parameter, generation
from unigrad._tensor import Tensor, wrap


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


def reachable_parameters(*roots: Any) -> list[Parameter]:
    """Every Parameter reachable from ``roots``, each once, in the order first found."""
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


# -- the jitted function -------------------------------------------------------------------------------
class _Entry:
    """One compiled program: a Parameter set and static arguments; per input signature, the layout of the
    result and which Parameters the function assigns (their new arrays are the program's state outputs)."""

    def __init__(self, params: list[Parameter]) -> None:
        self.params = params  # strong references: the ids in the cache key stay theirs
        self.compiled: Callable | None = None
        self.results: dict = {}


class JitFunction:
    """What ``unigrad.jit(fn)`` returns: call it as ``fn``. ``compile_count`` counts the programs
    compiled so far (traces of ``fn``); on backends that do not compile it stays 0."""

    def __init__(self, fn: Callable) -> None:
        if not callable(fn):
            raise TypeError(f"unigrad.jit takes a function, got {type(fn).__name__}")
        self.fn = fn
        functools.update_wrapper(self, fn)
        self.compile_count = 0
        self._entries: dict = {}
        self._reached: dict = {}  # skeleton -> (generation, Parameters, their ids): see _parameters

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
        if not backend.compiles:
            return self.fn(*args, **kwargs)

        params, ids = self._parameters(skeleton, backend, arg_params, args, kwargs)
        key = (skeleton, ids)
        entry = self._entries.get(key)
        if entry is None:
            entry = self._entries[key] = _Entry(params)
            entry.compiled = backend.jit(self._pure(entry, skeleton, backend))
        state = [p._data for p in params]
        (new_state, outputs, seed), check = entry.compiled(state, arrays, rng.call_seed(backend))
        result_skeleton, written = entry.results[self._signature(state, arrays)]
        result = _join(result_skeleton, iter(outputs), {}, backend)
        check()  # an index out of bounds raises here, before any Parameter or the seed moves on
        rng.called(backend, seed)
        for i, a in zip(written, new_state):
            params[i]._data = a
        return result

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
    once, and asking for a Tensor's value (``float(loss)``, ``if x > 0:``) is an error naming the line.
    Dropout draws a new mask on every call (from a seed threaded through the calls; ``set_seed`` resets it).

    On the numpy and torch backends it runs the function as it is (no compilation, no state threading).
    MindSpore's options (``mode``, ``input_signature``, ``jit_config``, …) are accepted and ignored.
    """
    if function is None:
        return lambda f: JitFunction(f)
    return JitFunction(function)

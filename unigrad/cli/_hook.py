"""``mindspore`` and every ``mindspore.X`` served by unigrad: the one import hook of ``unigrad run``.

A meta-path finder answers ``import mindspore.X`` with a *served module*: a module object named
``mindspore.X`` that reads its attributes from ``unigrad.X`` (unigrad has a module at every path MindSpore's
code imports from: ``common.dtype``, ``ops.operations``, ...). It is a module of its own, not ``unigrad.X``
under a second name, because a name unigrad lacks must fail with the MindSpore name and the user's line: Python turns a failed
attribute read in ``from m import name`` into its own bare ImportError, unless ``m`` is a package whose
submodule lookup of ``m.name`` reaches this finder. So every served module is a package (an empty
``__path__``) named ``mindspore.X``, and ``from mindspore.ops import bucketize`` asks the finder for
``mindspore.ops.bucketize``, which raises the clear error.

Each attribute is read from unigrad once, on its first access, and kept (a module attribute costs what it
costs on any module): like ``from unigrad import x``, a unigrad attribute rebound after the script first read
it is not seen, so a tool that wraps unigrad's functions does so before the script runs.
"""
from __future__ import annotations

import contextlib
import difflib
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import types
from typing import Any, Iterable, Iterator

import unigrad


_UNIGRAD_DIR = os.path.dirname(os.path.abspath(unigrad.__file__)) + os.sep
_IMPORTLIB_DIR = os.path.dirname(os.path.abspath(importlib.__file__)) + os.sep


class NotProvidedError(Exception):
    """A MindSpore name that unigrad does not provide, with the user's file and line that asked for it.

    Raised as one of two subclasses, so that the idioms a script uses to probe for a name keep working:
    ``AttributeNotProvidedError`` (an AttributeError) for an attribute read, which ``hasattr(ops, "x")`` and
    ``getattr(ops, "x", None)`` answer False / None; ``ImportNotProvidedError`` (an ImportError) for
    ``import mindspore.x`` and ``from mindspore.x import y``, which ``try: ... except ImportError:`` catches.
    Not a ModuleNotFoundError: Python's ``from m import name`` silently swallows that one and raises its own
    bare "cannot import name". ``except NotProvidedError`` catches both.
    """

    def __init__(self, mindspore_name: str, filename: str | None, lineno: int | None,
                 candidates: Iterable[str] = ()) -> None:
        where = f" ({filename}:{lineno})" if filename else ""
        super().__init__(f"{mindspore_name} is not provided by unigrad{where}")
        self.mindspore_name, self.filename, self.lineno = mindspore_name, filename, lineno
        self._candidates = candidates  # the names beside it, for a suggestion (Python 3.11 offers none for subclasses)

    def __str__(self) -> str:  # the suggestion is looked for only when the error is shown, not when probed
        parent, _, name = self.mindspore_name.rpartition(".")
        close = difflib.get_close_matches(name, [c for c in self._candidates if not c.startswith("_")], n=1,
                                          cutoff=0.8)
        return super().__str__() + (f"; did you mean {parent}.{close[0]}?" if close else "")


class AttributeNotProvidedError(NotProvidedError, AttributeError):
    """``ops.bucketize`` read from a served module (see NotProvidedError)."""


class ImportNotProvidedError(NotProvidedError, ImportError):
    """``import mindspore.x`` / ``from mindspore.x import y`` (see NotProvidedError)."""


for _cls in (NotProvidedError, AttributeNotProvidedError, ImportNotProvidedError):
    _cls.__module__ = "unigrad.cli"  # where users import them from, and what a traceback shows


def user_line() -> tuple[str | None, int | None]:
    """The file (relative to the working directory when inside it) and line of the innermost frame that is
    neither unigrad's nor the import system's: the user's line that asked for a name."""
    frame = sys._getframe(1)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not (filename.startswith(("<frozen importlib", _UNIGRAD_DIR, _IMPORTLIB_DIR))):
            shown = os.path.relpath(filename) if os.path.isabs(filename) else filename
            return (filename if shown.startswith(os.pardir) else shown), frame.f_lineno
        frame = frame.f_back
    return None, None


def unigrad_name(mindspore_name: str) -> str:
    """The unigrad module that serves the MindSpore module ``mindspore_name``."""
    return "unigrad" + mindspore_name[len("mindspore"):]


def mindspore_name(module: types.ModuleType) -> str:
    """The MindSpore name a unigrad module is served under (``unigrad.nn.layer`` -> ``mindspore.nn.layer``)."""
    return "mindspore" + module.__name__[len("unigrad"):]


def _is_unigrad_module(value: Any) -> bool:
    return isinstance(value, types.ModuleType) and (value.__name__ == "unigrad" or
                                                    value.__name__.startswith("unigrad."))


def served_module(name: str, target: types.ModuleType) -> types.ModuleType:
    """``mindspore.X``: a plain module whose attributes are ``target``'s (``unigrad.X``), each copied into it
    on first read by a module ``__getattr__`` (PEP 562), so later reads cost what any module attribute costs
    (``ops.add`` in a training step). A unigrad module among them is given as its served module, so that
    ``mindspore.nn.Foo`` fails as clearly as ``nn.Foo``."""
    module = types.ModuleType(name, target.__doc__)

    def __getattr__(attr: str) -> Any:
        full = f"{name}.{attr}"
        try:
            value = getattr(target, attr)
        except AttributeError:
            if attr == "__all__":  # `from mindspore.nn import *`: the public names, as for unigrad.nn
                return [n for n in dir(target) if not n.startswith("_")]
            if attr.startswith("__") and attr.endswith("__"):  # a tool probing for a dunder: Python's error
                raise AttributeError(f"module {name!r} has no attribute {attr!r}", name=attr, obj=module) from None
            raise AttributeNotProvidedError(full, *user_line(), dir(target)) from None
        if _is_unigrad_module(value):
            value = importlib.import_module(mindspore_name(value))
        module.__dict__[attr] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(dir(target)) | set(module.__dict__))

    module.__dict__.update(__unigrad__=target, __getattr__=__getattr__, __dir__=__dir__)
    return module


def is_served(module: Any) -> bool:
    """Whether ``module`` is a served ``mindspore.X`` (read without calling its ``__getattr__``)."""
    return isinstance(module, types.ModuleType) and "__unigrad__" in vars(module)


class MindSporeFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds ``mindspore`` and ``mindspore.X`` in unigrad; raises ImportNotProvidedError for one unigrad lacks.

    Raising (rather than returning None) also answers ``importlib.util.find_spec("mindspore.x")`` with that
    error: a probe learns what is missing at its own line."""

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> importlib.machinery.ModuleSpec | None:
        if fullname != "mindspore" and not fullname.startswith("mindspore."):
            return None
        source = unigrad_name(fullname)
        try:
            module = importlib.import_module(source)
        except ModuleNotFoundError as err:
            if err.name is None or not (source == err.name or source.startswith(err.name + ".")):
                raise  # a package unigrad itself needs is missing: unigrad's own message says which
            parent, _, child = source.rpartition(".")
            value = getattr(sys.modules.get(parent), child, None) if parent else None
            if value is not None:  # `import mindspore.ops.add`: there, but not a module (as under MindSpore)
                raise ModuleNotFoundError(f"No module named {fullname!r} ({fullname} is a "
                                          f"{type(value).__name__}, not a module)", name=fullname) from None
            raise ImportNotProvidedError(fullname, *user_line(), dir(sys.modules.get(parent))) from None
        # origin: the module's repr reads <module 'mindspore.nn' (unigrad.nn)>
        spec = importlib.util.spec_from_loader(fullname, self, origin=module.__name__, is_package=True)
        spec.loader_state = module
        return spec

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return served_module(spec.name, spec.loader_state)

    def exec_module(self, module: types.ModuleType) -> None:
        """Nothing to run: the unigrad module ran when it was imported."""


def missing_prefix(name: str) -> str | None:
    """The shortest prefix of the dotted MindSpore name ``name`` that unigrad lacks (None where unigrad has it
    all), found the way the hook serves it, without touching ``sys.modules``' ``mindspore`` entries: for
    ``--list-missing``, which reads a script without running it."""
    parts = name.split(".")
    if parts[0] != "mindspore":
        raise ValueError(f"{name!r} is not a MindSpore name (it must start with 'mindspore')")
    value: Any = unigrad
    for i in range(1, len(parts)):
        prefix = ".".join(parts[:i + 1])
        if hasattr(value, parts[i]):
            value = getattr(value, parts[i])
        elif isinstance(value, types.ModuleType) and hasattr(value, "__path__"):
            try:  # a submodule not imported yet (`import mindspore.dataset.vision`)
                value = importlib.import_module(unigrad_name(prefix))
            except ModuleNotFoundError as err:
                if err.name != unigrad_name(prefix):
                    raise  # a package unigrad itself needs is missing
                return prefix
        else:
            return prefix
    return None


def install() -> MindSporeFinder:
    """Serve ``mindspore`` from unigrad in this process from now on (once; later calls return the finder).
    RuntimeError where real MindSpore is already imported here: two of it cannot share one name."""
    for finder in sys.meta_path:
        if isinstance(finder, MindSporeFinder):
            return finder
    if "mindspore" in sys.modules and not is_served(sys.modules["mindspore"]):
        raise RuntimeError(f"MindSpore itself is already imported in this process (from "
                           f"{getattr(sys.modules['mindspore'], '__file__', '?')}); unigrad cannot serve 'mindspore'")
    finder = MindSporeFinder()
    sys.meta_path.insert(0, finder)
    return finder


@contextlib.contextmanager
def serving_mindspore() -> Iterator[MindSporeFinder]:
    """``with serving_mindspore():`` imports of ``mindspore`` are served by unigrad inside the block only;
    afterwards the finder and the served modules are gone from this process."""
    outer = any(isinstance(finder, MindSporeFinder) for finder in sys.meta_path)
    finder = install()
    try:
        yield finder
    finally:
        if not outer:  # a block inside another leaves the outer one serving
            sys.meta_path.remove(finder)
            for name in [n for n, m in sys.modules.items() if is_served(m)]:
                del sys.modules[name]

"""The backend registry: which backend new Tensors are made on.

Chosen by ``UNIGRAD_BACKEND`` (default ``numpy``) at import, switched with ``set_backend(name)``, and for
a block with ``use_backend(name)``. A backend's module is imported the first time it is asked for, so
importing unigrad never imports torch or jax.
"""
from __future__ import annotations

import contextlib
import importlib
import os
from typing import Iterator

from unigrad.backends.base import Backend, missing_primitives

# name -> (module, class, the pip extra that brings its framework)
_AVAILABLE = {
    "numpy": ("unigrad.backends.numpy", "NumpyBackend", None),
}
_loaded: dict[str, Backend] = {}
_current: Backend | None = None


def available_backends() -> tuple[str, ...]:
    return tuple(_AVAILABLE)


def load(name: str) -> Backend:
    """The backend called ``name``, importing it on first use."""
    if not isinstance(name, str) or name.lower() not in _AVAILABLE:
        raise ValueError(f"unknown backend {name!r}; available: {', '.join(_AVAILABLE)}")
    name = name.lower()
    if name not in _loaded:
        module_name, class_name, extra = _AVAILABLE[name]
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as err:
            if err.name and err.name.split(".")[0] == "unigrad":
                raise
            raise ImportError(
                f"the {name} backend needs {err.name}, which is not installed; "
                f"install it with: pip install 'unigrad[{extra}]'") from err
        backend = getattr(module, class_name)()
        missing = missing_primitives(backend)
        if missing:
            raise NotImplementedError(f"backend {name!r} lacks primitives: {', '.join(missing)}")
        _loaded[name] = backend
    return _loaded[name]


def current() -> Backend:
    """The backend new Tensors are made on."""
    global _current
    if _current is None:
        _current = load(os.environ.get("UNIGRAD_BACKEND", "numpy"))
    return _current


def get_backend() -> str:
    """The name of the current backend."""
    return current().name


def set_backend(name: str) -> None:
    """Make ``name`` the backend of Tensors created from now on."""
    global _current
    _current = load(name)


@contextlib.contextmanager
def use_backend(name: str) -> Iterator[Backend]:
    """``with unigrad.use_backend("torch"):`` makes new Tensors on torch inside the block only."""
    global _current
    previous = current()
    _current = load(name)
    try:
        yield _current
    finally:
        _current = previous

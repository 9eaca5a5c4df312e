"""The backend registry: which backend new Tensors are made on.

Chosen by ``UNIGRAD_BACKEND`` (default ``numpy``; checked when unigrad is imported), switched with
``set_backend(name)``, and for a block with ``use_backend(name)``. A backend's module is imported the
first time it is asked for, so importing unigrad never imports torch or jax. Adding a backend is one
folder beside this file and one line in ``_AVAILABLE``.
"""
from __future__ import annotations

import contextlib
import importlib
import importlib.util
import os
from typing import Iterator

import numpy as np

from unigrad.backends.base import Backend, missing_primitives

# name -> (module, class, the pip extra that brings its framework, that framework's top-level module)
_AVAILABLE = {
    "numpy": ("unigrad.backends.numpy", "NumpyBackend", None, "numpy"),
    "torch": ("unigrad.backends.torch", "TorchBackend", "torch", "torch"),
    "jax": ("unigrad.backends.jax", "JaxBackend", "jax", "jax"),
}
# how to install each framework where its default wheel is not the one wanted (torch's pulls CUDA)
_CPU_WHEEL = {"torch": "on a machine without a CUDA GPU, install torch's CPU wheel first: "
                       "pip install torch --index-url https://download.pytorch.org/whl/cpu"}
_loaded: dict[str, Backend] = {}
_current: Backend | None = None
_DEVICES = ("cpu", "gpu")
_device: str | None = None  # read from UNIGRAD_DEVICE on first use


def known_backends() -> tuple[str, ...]:
    """Every backend unigrad has, installed or not."""
    return tuple(_AVAILABLE)


def available_backends() -> tuple[str, ...]:
    """The backends whose framework is installed here (found without importing it)."""
    return tuple(name for name, entry in _AVAILABLE.items() if importlib.util.find_spec(entry[3]) is not None)


def load(name: str) -> Backend:
    """The backend called ``name``, importing it on first use.

    Importing a framework leaves NumPy's global random state as it was (importing jax draws from it),
    so ``np.random.seed(0)`` gives a script the same numbers whichever backend it runs on."""
    if not isinstance(name, str) or name.lower() not in _AVAILABLE:
        raise ValueError(f"unknown backend {name!r}; available: {', '.join(_AVAILABLE)}")
    name = name.lower()
    if name not in _loaded:
        module_name, class_name, extra, _ = _AVAILABLE[name]
        random_state = np.random.get_state()
        try:
            module = importlib.import_module(module_name)
            backend = getattr(module, class_name)()
        except ModuleNotFoundError as err:
            if err.name and err.name.split(".")[0] == "unigrad":
                raise
            hint = f"; {_CPU_WHEEL[extra]}" if extra in _CPU_WHEEL else ""
            raise ImportError(
                f"the {name} backend needs {err.name}, which is not installed; "
                f"install it with: pip install 'unigrad[{extra}]'{hint}") from err
        finally:
            np.random.set_state(random_state)
        missing = missing_primitives(backend)
        if missing:
            raise NotImplementedError(f"backend {name!r} lacks primitives: {', '.join(missing)}")
        _loaded[name] = backend
    return _loaded[name]


def get_device() -> str:
    """'cpu' or 'gpu': where new Tensors live (``UNIGRAD_DEVICE`` or ``set_context(device_target=...)``)."""
    global _device
    if _device is None:
        _device = _check_device(os.environ.get("UNIGRAD_DEVICE", "cpu"))
    return _device


def _check_device(kind: str) -> str:
    kind = kind.lower()
    if kind not in _DEVICES:
        raise ValueError(f"unknown device {kind!r}; allowed: {', '.join(_DEVICES)}")
    return kind


def set_device(kind: str) -> None:
    """Put new Tensors of every backend on ``kind``; RuntimeError when the current backend has none."""
    global _device
    kind = _check_device(kind)
    current().set_device(kind)
    _device = kind


@contextlib.contextmanager
def use_device(kind: str) -> Iterator[str]:
    """``with unigrad.use_device("gpu"):`` makes new Tensors on that device inside the block only."""
    global _device
    previous = get_device()
    set_device(kind)
    try:
        yield kind
    finally:
        current().set_device(previous)
        _device = previous


def _activate(name: str) -> Backend:
    """Load a backend and put it on the chosen device (RuntimeError where it has no such device)."""
    backend = load(name)
    backend.set_device(get_device())
    return backend


def current() -> Backend:
    """The backend new Tensors are made on."""
    global _current
    if _current is None:
        _current = _activate(_chosen_at_start())
    return _current


def _chosen_at_start() -> str:
    """The backend ``UNIGRAD_BACKEND`` names (``numpy`` when it is unset or empty); ValueError naming the
    variable for an unknown name. Checked when unigrad is imported, before any Tensor is made."""
    name = os.environ.get("UNIGRAD_BACKEND", "").strip() or "numpy"
    if name.lower() not in _AVAILABLE:
        raise ValueError(f"UNIGRAD_BACKEND={os.environ['UNIGRAD_BACKEND']!r} names no unigrad backend; allowed: "
                         f"{', '.join(_AVAILABLE)} (empty or unset means numpy)")
    return name.lower()


def get_backend() -> str:
    """The name of the current backend."""
    return current().name


def set_backend(name: str) -> None:
    """Make ``name`` the backend of Tensors created from now on."""
    global _current
    _current = _activate(name)


@contextlib.contextmanager
def use_backend(name: str) -> Iterator[Backend]:
    """``with unigrad.use_backend("torch"):`` makes new Tensors on torch inside the block only."""
    global _current
    previous = current()
    _current = _activate(name)
    try:
        yield _current
    finally:
        _current = previous


_chosen_at_start()

"""The distributed engines behind ``mindspore.communication``, one module each, the same small interface
(``base.Engine``): all-reduce, all-gather and broadcast of one backend array, and a barrier.

A backend names its engine with its ``collectives`` flag: the torch backend and the NumPy engine use
``torch.distributed`` (the NumPy engine's arrays reach it zero-copy through DLPack), jax uses ``jax.distributed``.
"""
from __future__ import annotations

import importlib

from unigrad.backends.base import Backend
from unigrad.communication.engines.base import Engine, ReduceOp

__all__ = ["Engine", "ReduceOp", "start"]

_MODULES = {"torch.distributed": "torch_distributed", "jax.distributed": "jax_distributed"}


def start(backend: Backend, rank: int, size: int, local_rank: int, local_size: int, address: str,
          port: int) -> Engine:
    """The engine of ``backend``, joined to the group of ``size`` processes as ``rank``."""
    name = getattr(backend, "collectives", None)
    if name not in _MODULES:
        raise RuntimeError(f"the {backend.name} backend has no distributed engine")
    module = importlib.import_module(f"unigrad.communication.engines.{_MODULES[name]}")
    return module.ENGINE(backend, rank, size, local_rank, local_size, address, port)

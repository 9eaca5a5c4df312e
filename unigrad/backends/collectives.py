"""The distributed engines' interface: collectives over the arrays of one backend, in a group of processes.

Each backend names its engine's module with its ``collectives`` flag; the module's ``ENGINE`` is the class
(``backends/torch/distributed.py``: torch.distributed, which the NumPy engine uses too; ``backends/jax/
distributed.py``: jax.distributed). ``unigrad.communication`` starts it and uses it through this interface."""
from __future__ import annotations

import os
from typing import Any

from unigrad.backends.base import Backend


class ReduceOp:
    """MindSpore's ``ops.ReduceOp``: how an all-reduce combines the processes' arrays."""

    SUM = "sum"
    MAX = "max"
    MIN = "min"
    PROD = "prod"


REDUCE_OPS = (ReduceOp.SUM, ReduceOp.MAX, ReduceOp.MIN, ReduceOp.PROD)


def timeout_seconds() -> float:
    """How long a collective waits for the other processes before it fails (``UNIGRAD_COMM_TIMEOUT``,
    default 300 s): a rank that died makes the others fail within it, not hang."""
    return float(os.environ.get("UNIGRAD_COMM_TIMEOUT", "300"))


class Engine:
    """One process's place in the group, and the collectives. Each takes a backend array the caller owns
    (it may be reduced in place) and returns the result as an array of the same backend."""

    def __init__(self, backend: Backend, rank: int, size: int, local_rank: int, local_size: int) -> None:
        self.backend, self.rank, self.size = backend, rank, size
        self.local_rank, self.local_size = local_rank, local_size

    def all_reduce(self, array: Any, op: str = ReduceOp.SUM) -> Any:
        raise NotImplementedError

    def all_gather(self, array: Any) -> Any:
        """The processes' arrays concatenated along the first axis, in rank order."""
        raise NotImplementedError

    def broadcast(self, array: Any, root: int = 0) -> Any:
        raise NotImplementedError

    def barrier(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

"""``jax.distributed`` as the jax backend's engine of collectives (``backends/collectives.py``).

Joining comes first: ``jax.distributed.initialize`` must run before the first JAX computation, and unigrad's jax
backend makes arrays as soon as a script builds a Cell, long before the script's own ``communication.init()``.
So a process that ``unigrad launch`` (or torchrun) started as one of several workers joins the group when this
backend loads (``join_launched_group``); ``init()`` then finds it joined.

The collectives are compiled by XLA over a mesh of every process's device (gloo between CPUs): an array of a
process becomes its row of a global array sharded over the mesh, and a jitted reduction over that axis with a
replicated result is the all-reduce.
"""
from __future__ import annotations

import functools
import os
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
from jax.sharding import Mesh, NamedSharding, PartitionSpec

from unigrad.backends.base import Backend, TracedValueError, user_line
from unigrad.backends.collectives import Engine, ReduceOp, timeout_seconds

_REDUCE = {ReduceOp.SUM: jnp.sum, ReduceOp.MAX: jnp.max, ReduceOp.MIN: jnp.min, ReduceOp.PROD: jnp.prod}


def join_launched_group() -> None:
    """Initialise ``jax.distributed`` from the launcher's environment (coordinator ``MASTER_ADDR:MASTER_PORT``,
    gloo between CPUs) when this process is one of several workers; otherwise do nothing."""
    size = int(os.environ.get("WORLD_SIZE", "1") or 1)
    if size < 2 or "MASTER_ADDR" not in os.environ or jax.distributed.is_initialized():
        return
    _initialize(os.environ["MASTER_ADDR"], int(os.environ.get("MASTER_PORT", "8118")), size, int(os.environ["RANK"]))


def _initialize(address: str, port: int, size: int, rank: int) -> None:
    """``jax.distributed.initialize``, its coordinator bound to ``address`` only (jax's default is every
    interface), its CPU collectives over gloo."""
    jax.config.update("jax_cpu_collectives_implementation", "gloo")
    jax.distributed.initialize(coordinator_address=f"{address}:{port}", coordinator_bind_address=f"{address}:{port}",
                               num_processes=size, process_id=rank, initialization_timeout=int(timeout_seconds()))


class JaxDistributed(Engine):
    def __init__(self, backend: Backend, rank: int, size: int, local_rank: int, local_size: int, address: str,
                 port: int) -> None:
        super().__init__(backend, rank, size, local_rank, local_size)
        if size > 1 and not jax.distributed.is_initialized():  # a launched worker joined when jax loaded
            _initialize(address, port, size, rank)
        self._device = jax.local_devices()[0]
        rows = [next(d for d in jax.devices() if d.process_index == p) for p in range(size)]
        self._mesh = Mesh(np.array(rows), ("process",))
        self._rows = NamedSharding(self._mesh, PartitionSpec("process"))
        self._replicated = NamedSharding(self._mesh, PartitionSpec())

    def _global(self, array: Any) -> jax.Array:
        if isinstance(array, jax.core.Tracer):
            raise TracedValueError("a collective inside unigrad.jit on the jax backend runs eagerly", user_line(),
                                   reason="a collective across processes (an all-reduce of data-parallel "
                                          "gradients), which runs outside a compiled program on the jax backend")
        row = jax.device_put(jnp.expand_dims(array, 0), self._device)
        return jax.make_array_from_single_device_arrays((self.size, *array.shape), self._rows, [row])

    @functools.lru_cache(maxsize=None)
    def _program(self, kind: str) -> Any:
        if kind == "gather":
            return jax.jit(lambda x: x, out_shardings=self._replicated)
        return jax.jit(lambda x: _REDUCE[kind](x, axis=0), out_shardings=self._replicated)

    def all_reduce(self, array: Any, op: str = ReduceOp.SUM) -> Any:
        return self._program(op)(self._global(array)).addressable_data(0)

    def all_gather(self, array: Any) -> Any:
        gathered = self._program("gather")(self._global(array)).addressable_data(0)
        return gathered.reshape((-1, *array.shape[1:]))

    def broadcast(self, array: Any, root: int = 0) -> Any:
        return self._program("gather")(self._global(array)).addressable_data(0)[root]

    def barrier(self) -> None:
        self.all_reduce(jnp.zeros((), jnp.int32))

    def stop(self) -> None:
        if jax.distributed.is_initialized():
            jax.distributed.shutdown()


ENGINE = JaxDistributed

"""Joining a launched process group before JAX starts: ``jax.distributed.initialize`` must run before the first
JAX computation, and unigrad's jax backend makes arrays as soon as a script builds a Cell, long before the
script's own ``communication.init()``. So a process that ``unigrad launch`` (or torchrun) started as one of
several workers joins the group when this backend loads; ``init()`` then finds it joined."""
from __future__ import annotations

import os

import jax


def join_launched_group() -> None:
    """Initialise ``jax.distributed`` from the launcher's environment (coordinator ``MASTER_ADDR:MASTER_PORT``,
    gloo between CPUs) when this process is one of several workers; otherwise do nothing."""
    size = int(os.environ.get("WORLD_SIZE", "1") or 1)
    if size < 2 or "MASTER_ADDR" not in os.environ or jax.distributed.is_initialized():
        return
    jax.config.update("jax_cpu_collectives_implementation", "gloo")
    jax.distributed.initialize(coordinator_address=f"{os.environ['MASTER_ADDR']}:{os.environ.get('MASTER_PORT', '8118')}",
                               num_processes=size, process_id=int(os.environ["RANK"]),
                               initialization_timeout=int(float(os.environ.get("UNIGRAD_COMM_TIMEOUT", "300"))))

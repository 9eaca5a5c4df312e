"""``init``, ``release``, ``get_rank``, ``get_group_size``, ``get_local_rank``, ``get_local_rank_size``: MindSpore's
process-group management, over the engine of the current backend (``backends/collectives.py``).

Where the process stands comes from its launcher's environment: torchrun's ``RANK``, ``WORLD_SIZE``,
``LOCAL_RANK``, ``LOCAL_WORLD_SIZE``, ``MASTER_ADDR``, ``MASTER_PORT`` (``unigrad launch`` sets them, and msrun's
``MS_WORKER_NUM``, ``MS_SCHED_HOST``, ``MS_SCHED_PORT``, ``RANK_ID`` are read where those are missing). Before
``init`` a process is a group of one, as in MindSpore (rank 0 of 1).
"""
from __future__ import annotations

import importlib
import os
from typing import Any

from unigrad import backends

HCCL_WORLD_COMM_GROUP = "hccl_world_group"
NCCL_WORLD_COMM_GROUP = "nccl_world_group"
MCCL_WORLD_COMM_GROUP = "mccl_world_group"
_WORLD_GROUPS = {"hccl": HCCL_WORLD_COMM_GROUP, "nccl": NCCL_WORLD_COMM_GROUP, "mccl": MCCL_WORLD_COMM_GROUP}


class GlobalComm:
    """MindSpore's record of the world group: ``BACKEND`` (the name the script asked for), ``WORLD_COMM_GROUP``,
    ``INITED``. The engine that does the work is unigrad's choice (``engine()``)."""

    BACKEND = "hccl"
    WORLD_COMM_GROUP = HCCL_WORLD_COMM_GROUP
    INITED = False
    CHECK_ENVS = True


_state: dict[str, Any] = {"engine": None}


def _environment() -> dict[str, Any]:
    """rank, size, local rank, local size, master address and port, from the launcher's variables."""
    env = os.environ

    def first(*names: str, default: str | None = None) -> str | None:
        return next((env[n] for n in names if env.get(n) not in (None, "")), default)

    size = first("WORLD_SIZE", "MS_WORKER_NUM", "RANK_SIZE")
    rank = first("RANK", "RANK_ID", "MS_NODE_ID")
    if size is None or rank is None:
        raise RuntimeError("init() found no launcher: start the script with 'unigrad launch --worker_num N "
                           "script.py' (or torchrun), which sets RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT for "
                           "each process")
    local_size = first("LOCAL_WORLD_SIZE", "MS_LOCAL_WORKER", default=size)
    return {"rank": int(rank), "size": int(size), "local_rank": int(first("LOCAL_RANK", default=rank)),
            "local_size": int(local_size), "address": first("MASTER_ADDR", "MS_SCHED_HOST", default="127.0.0.1"),
            "port": int(first("MASTER_PORT", "MS_SCHED_PORT", default="8118"))}


def init(backend_name: str | None = None) -> None:
    """Join the group the launcher started. ``backend_name`` is MindSpore's ('hccl', 'nccl', 'mccl' or None):
    it names the world group; the engine is the current backend's (torch.distributed or jax.distributed)."""
    if backend_name is not None and backend_name not in _WORLD_GROUPS:
        raise ValueError(f"For 'init', the argument 'backend_name' must be one of {sorted(_WORLD_GROUPS)} or None, "
                         f"but got {backend_name!r}.")
    if GlobalComm.INITED:
        return
    where = _environment()
    name = backend_name or ("nccl" if backends.get_device() == "gpu" else "hccl")
    backend = backends.current()
    if backend.collectives is None:
        raise RuntimeError(f"the {backend.name} backend has no distributed engine")
    engine = importlib.import_module(backend.collectives).ENGINE
    _state["engine"] = engine(backend, **where)
    GlobalComm.BACKEND, GlobalComm.WORLD_COMM_GROUP, GlobalComm.INITED = name, _WORLD_GROUPS[name], True


def release() -> None:
    """Leave the group (the engine's process group is destroyed)."""
    if _state["engine"] is not None:
        _state["engine"].stop()
    _state["engine"] = None
    GlobalComm.INITED = False


def engine() -> Any:
    """The running engine; RuntimeError before ``init``."""
    if _state["engine"] is None:
        raise RuntimeError("the communication group is not initialised: call mindspore.communication.init() first")
    return _state["engine"]


def _where(group: str, attribute: str, alone: int) -> int:
    """The engine's ``attribute`` (rank, size, ...) in the world ``group``; ``alone`` before ``init``."""
    if group not in _WORLD_GROUPS.values():
        raise ValueError(f"unigrad has only the world group ({GlobalComm.WORLD_COMM_GROUP}); got group {group!r}")
    return alone if _state["engine"] is None else getattr(_state["engine"], attribute)


def get_rank(group: str = GlobalComm.WORLD_COMM_GROUP) -> int:
    return _where(group, "rank", 0)


def get_group_size(group: str = GlobalComm.WORLD_COMM_GROUP) -> int:
    return _where(group, "size", 1)


def get_local_rank(group: str = GlobalComm.WORLD_COMM_GROUP) -> int:
    return _where(group, "local_rank", 0)


def get_local_rank_size(group: str = GlobalComm.WORLD_COMM_GROUP) -> int:
    return _where(group, "local_size", 1)


def create_group(group: str, rank_ids: list, options: Any = None) -> None:
    """Sub-groups are not built: data-parallel training needs the world group only."""
    raise NotImplementedError(f"create_group({group!r}, {rank_ids!r}): unigrad has only the world group")

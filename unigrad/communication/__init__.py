"""``mindspore.communication``: the process group of data-parallel training, on a real distributed engine.

``init()`` joins the group its launcher (``unigrad launch``, ``torchrun`` or msrun-style environment variables)
describes; ``get_rank`` / ``get_group_size`` say where this process stands; the collectives come from the backend's engine
(its ``collectives`` flag names it: ``torch.distributed``, gloo on the CPU and NCCL on CUDA, for the numpy and
torch backends, ``jax.distributed`` for jax; ``unigrad/backends/collectives.py``), and ``buckets`` packs the
gradients for them.
"""
from unigrad.communication.management import (HCCL_WORLD_COMM_GROUP, MCCL_WORLD_COMM_GROUP, NCCL_WORLD_COMM_GROUP,
                                              GlobalComm, create_group, get_group_size, get_local_rank,
                                              get_local_rank_size, get_rank, init, release)

__all__ = ["GlobalComm", "HCCL_WORLD_COMM_GROUP", "NCCL_WORLD_COMM_GROUP", "MCCL_WORLD_COMM_GROUP", "init",
           "release", "get_rank", "get_group_size", "get_local_rank", "get_local_rank_size", "create_group"]

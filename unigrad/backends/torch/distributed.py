"""``torch.distributed`` as the engine of the torch backend (gloo on the CPU, NCCL on CUDA) and of the NumPy
engine, whose arrays it reduces in place through zero-copy DLPack views (so torch is needed there too)."""
from __future__ import annotations

import atexit
import datetime
import os
from typing import Any

import torch
import torch.distributed as dist

from unigrad.backends.base import Backend
from unigrad.backends.collectives import Engine, ReduceOp, timeout_seconds


class TorchDistributed(Engine):
    def __init__(self, backend: Backend, rank: int, size: int, local_rank: int, local_size: int, address: str,
                 port: int) -> None:
        super().__init__(backend, rank, size, local_rank, local_size)
        on_gpu = backend.name == "torch" and backend.has_device("gpu") and _current_device_is_gpu()
        if on_gpu:
            torch.cuda.set_device(local_rank)
        # a launcher on one machine hands its workers a file to meet at (UNIGRAD_RENDEZVOUS): torch's TCP store
        # would listen on every interface, where this group needs none
        meeting = os.environ.get("UNIGRAD_RENDEZVOUS")
        dist.init_process_group("nccl" if on_gpu else "gloo", rank=rank, world_size=size,
                                init_method=f"file://{meeting}" if meeting else f"tcp://{address}:{port}",
                                timeout=datetime.timedelta(seconds=timeout_seconds()))
        # gloo's mesh can be complete on one side and not yet on the other: a worker that then ran on and exited
        # would close its sockets under a peer still connecting ("connectFullMesh failed ... closed by peer"), so
        # init() returns only when every worker has joined, as MindSpore's does
        dist.barrier(device_ids=[local_rank] if on_gpu else None)
        # MindSpore's scripts never call release(): a group left to the interpreter's exit can abort the process
        # ("terminate called without an active exception") when its peer has already gone
        atexit.register(self.stop)
        self._ops = {ReduceOp.SUM: dist.ReduceOp.SUM, ReduceOp.MAX: dist.ReduceOp.MAX,
                     ReduceOp.MIN: dist.ReduceOp.MIN, ReduceOp.PROD: dist.ReduceOp.PRODUCT}

    def _view(self, array: Any) -> "torch.Tensor":
        return array if isinstance(array, torch.Tensor) else torch.from_dlpack(array)

    def all_reduce(self, array: Any, op: str = ReduceOp.SUM) -> Any:
        dist.all_reduce(self._view(array), op=self._ops[op])
        return array

    def all_gather(self, array: Any) -> Any:
        view = self._view(array)
        parts = [torch.empty_like(view) for _ in range(self.size)]
        dist.all_gather(parts, view)
        gathered = torch.cat(parts, 0)
        return gathered if isinstance(array, torch.Tensor) else self.backend.from_dlpack(gathered)

    def broadcast(self, array: Any, root: int = 0) -> Any:
        dist.broadcast(self._view(array), src=root)
        return array

    def barrier(self) -> None:
        dist.barrier()

    def stop(self) -> None:
        if dist.is_initialized():
            dist.destroy_process_group()


def _current_device_is_gpu() -> bool:
    from unigrad.backends import get_device
    return get_device() == "gpu"


ENGINE = TorchDistributed

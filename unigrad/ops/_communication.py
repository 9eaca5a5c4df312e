"""MindSpore's communication primitives (``ops.AllReduce``, ``ops.AllGather``, ``ops.Broadcast``, ``ops.ReduceOp``)
over the engine that ``mindspore.communication.init()`` started. They are not differentiable here (MindSpore's
AllReduce is): data-parallel training reduces gradients after the backward pass (``nn.DistributedGradReducer``),
not inside it."""
from __future__ import annotations

from typing import Sequence

from unigrad._tensor import Tensor, wrap
from unigrad.communication import buckets, management
from unigrad.backends.collectives import REDUCE_OPS, ReduceOp

WORLD = management.GlobalComm.WORLD_COMM_GROUP


class AllReduce:
    """``AllReduce(op=ReduceOp.SUM)(x)``: ``x`` combined over every process of the group (sum, max, min, prod)."""

    def __init__(self, op: str = ReduceOp.SUM, group: str = WORLD) -> None:
        if not isinstance(op, str):
            raise TypeError(f"For 'AllReduce', the 'op' must be str, but got {type(op).__name__}.")
        if op not in REDUCE_OPS:
            raise ValueError(f"For 'AllReduce', the 'op' must be one of {list(REDUCE_OPS)}, but got {op!r}.")
        self.op, self.group = op, group

    def __call__(self, x: Tensor) -> Tensor:
        return wrap(buckets.all_reduce(management.engine(), x._backend, [x._data], self.op)[0], x._backend)


class AllGather:
    """``AllGather()(x)``: every process's ``x`` concatenated along the first axis, in rank order."""

    def __init__(self, group: str = WORLD) -> None:
        self.group = group

    def __call__(self, x: Tensor) -> Tensor:
        backend = x._backend
        fresh = backend.concat([x._data], 0)  # the engine may work in place: a copy of ours
        return wrap(management.engine().all_gather(fresh), backend)


class Broadcast:
    """``Broadcast(root_rank)((x, ...))``: every process gets ``root_rank``'s Tensors (a tuple in, a tuple out)."""

    def __init__(self, root_rank: int, group: str = WORLD) -> None:
        if isinstance(root_rank, bool) or not isinstance(root_rank, int):
            raise TypeError(f"For 'Broadcast', the 'root_rank' must be int, but got {type(root_rank).__name__}.")
        self.root_rank, self.group = root_rank, group

    def __call__(self, input_x: Sequence[Tensor]) -> tuple:
        engine = management.engine()
        return tuple(wrap(engine.broadcast(t._backend.concat([t._data], 0), self.root_rank), t._backend)
                     for t in input_x)

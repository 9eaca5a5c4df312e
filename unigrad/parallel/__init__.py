"""``mindspore.parallel``: sharding strategies (``shard``, ``Layout``), ``auto_parallel.AutoParallel``, the
strategy search's settings and ``nn.Pipeline``. unigrad runs data parallelism only: strategies are checked and
recorded and the network runs whole (the same values), and what would cut a network across the processes of
a launched group raises when run (``unigrad.nn._sharding``)."""
from __future__ import annotations

from typing import Any, Callable

from unigrad.nn._sharding import Layout, check_shard, refuse_split_across_processes
from unigrad.nn.cell import Cell
from unigrad.parallel import auto_parallel, nn
from unigrad.parallel._algo_parameters import get_algo_parameters, reset_algo_parameters, set_algo_parameters


def shard(fn: Callable, in_strategy: tuple, out_strategy: tuple | None = None,
          parameter_plan: dict | None = None) -> Callable:
    """``fn`` with its strategies checked and recorded: a Cell is sharded in place (``Cell.shard``) and
    returned; a function is returned wrapped so that a split across processes raises when it runs."""
    if isinstance(fn, Cell):
        fn.shard(in_strategy, out_strategy, parameter_plan)
        return fn
    check_shard(in_strategy, out_strategy, parameter_plan)
    if parameter_plan is not None:
        raise TypeError(f"If parameter_plan is set, type of fn must be mindspore.nn.Cell, but got {type(fn)}")

    def sharded(*args: Any, **kwargs: Any) -> Any:
        refuse_split_across_processes(f"parallel.shard({getattr(fn, '__name__', fn)!r})", in_strategy, out_strategy)
        return fn(*args, **kwargs)

    return sharded


__all__ = ["Layout", "auto_parallel", "get_algo_parameters", "nn", "reset_algo_parameters", "set_algo_parameters",
           "shard"]

"""Sharding strategies (``Cell.shard``, ``parallel.shard``, ``parallel.Layout``): checked and recorded as
MindSpore 2.10 checks them, never carried out. Sharding changes where the pieces of a result live, never its
values, so a sharded Cell runs whole; the one thing refused is a split across the processes of a launched
group, where running whole would silently give each process the whole model instead of its slice."""
from __future__ import annotations

import copy
import logging
import math
from typing import Any

from unigrad import context
from unigrad.communication import management

_log = logging.getLogger("unigrad")


class Layout:
    """A device matrix with a name for each axis; calling it with axis names (or tuples of them, or "None")
    gives the tensor map of one tensor, as MindSpore's ``Layout`` does."""

    def __init__(self, device_matrix: tuple, alias_name: tuple, rank_list: list | None = None) -> None:
        if not isinstance(device_matrix, tuple):
            raise TypeError(f"device_matrix must be tuple type, but got:{type(device_matrix)}")
        if not isinstance(alias_name, tuple):
            raise TypeError(f"alias_name must be tuple type, but got:{type(alias_name)}")
        if len(device_matrix) != len(alias_name):
            raise ValueError("device_matrix length should be equal to alias_name length")
        for size in device_matrix:
            if not isinstance(size, int):
                raise TypeError(f"The element of device_matrix must be int type, but got:{type(size)}")
        for name in alias_name:
            if not isinstance(name, str):
                raise TypeError(f"The element of alias_name must be str type, but got:{type(name)}")
            if not name:
                raise ValueError("The element of alias_name can not be empty.")
            if name == "None":
                raise ValueError("The element of alias_name can not set 'None', because 'None' means no sharding.")
        if len(set(alias_name)) != len(alias_name):
            raise ValueError(f"Each element of alias_name {alias_name} should be different")
        if "interleaved_parallel" in alias_name and alias_name.index("interleaved_parallel") != len(alias_name) - 1:
            raise ValueError(f"When alias_name {alias_name} contains keyword 'interleaved_parallel', it should be at "
                             "the last dim of alias_name, which means the virtual sharding.")
        devices = math.prod(device_matrix)
        if rank_list is not None:
            if not isinstance(rank_list, list):
                raise TypeError(f"The rank_list should be a list, but got {type(rank_list).__name__}.")
            for rank in rank_list:
                if not isinstance(rank, int):
                    raise TypeError(f"The element of rank_list should be int, but got {type(rank).__name__}.")
            if len(rank_list) != devices:
                raise ValueError("The length of rank_list should be equal to the product of device_matrix, "
                                 f"but got {len(rank_list)} and {devices}.")
        self._device_shape = device_matrix
        self._alias_name = alias_name
        self._tensor_map: tuple | None = None
        self._rank_list = list(range(devices)) if rank_list is None else rank_list

    def _axis(self, name: str, written: list) -> int:
        if name == "None":
            return -1
        if name not in self._alias_name:
            raise ValueError(f"The axis {name} is not found in {self._alias_name}")
        if name in written:
            raise ValueError(f"The axis {name} has been set more than one in {self._alias_name}")
        written.append(name)
        return len(self._alias_name) - 1 - self._alias_name.index(name)

    def __call__(self, *tensor_map: Any) -> "Layout":
        """A copy holding this tensor map (MindSpore also leaves the map on the Layout called)."""
        written: list = []
        self._tensor_map = tuple(tuple(self._axis(n, written) for n in dim) if isinstance(dim, tuple)
                                 else self._axis(dim, written) for dim in tensor_map)
        return copy.deepcopy(self)

    def to_dict(self) -> dict:
        if self._tensor_map is None:
            raise ValueError("The tensor_map of layout is None")
        return {"device_matrix": self._device_shape, "tensor_map": self._tensor_map,
                "interleaved_parallel": "interleaved_parallel" in self._alias_name,
                "alias_name": self._alias_name, "rank_list": self._rank_list}

    def split_factors(self) -> list[int]:
        """How many pieces each tensor dimension is cut into."""
        matrix, n = self._device_shape, len(self._device_shape)
        maps = self._tensor_map or ()
        return [math.prod(matrix[n - 1 - a] for a in (m if isinstance(m, tuple) else (m,)) if a != -1)
                for m in maps]


def _check_strategy(strategy: tuple, name: str) -> tuple:
    """MindSpore's check of ``in_strategy`` / ``out_strategy``: a tuple of int tuples or of Layouts, not mixed."""
    kinds = set()
    for item in strategy:
        if not isinstance(item, (tuple, Layout)):
            raise TypeError(f"The '{name}' should be a tuple(tuple(int)) or tuple(mindspore.parallel.Layout), "
                            f"but got {type(item).__name__}")
        kinds.add(type(item) is tuple)
        if isinstance(item, tuple) and not all(isinstance(x, int) for x in item):
            raise TypeError("The tuple strategy for each dimension should be tuple(int).")
    if len(kinds) != 1:
        raise TypeError("For 'Shard', the strategy can only pass in consistent type for all dimensions.")
    return strategy


def check_shard(in_strategy: Any, out_strategy: Any, parameter_plan: Any, device: Any = "Ascend",
                level: Any = 0) -> None:
    """The argument checks of MindSpore 2.10's ``Shard``, with its error types and messages."""
    if not isinstance(in_strategy, tuple):
        raise TypeError(f"For 'Shard', the 'in_strategy' should be a tuple, but got {type(in_strategy).__name__}.")
    _check_strategy(in_strategy, "in_strategy")
    if not isinstance(out_strategy, (type(None), tuple)):
        raise TypeError("For 'Shard', the 'out_strategy' should be None or tuple, "
                        f"but got {type(out_strategy).__name__}.")
    if out_strategy is not None:
        _check_strategy(out_strategy, "out_strategy")
    if not isinstance(device, str):
        raise TypeError(f"For 'Shard', the 'device' should be a string, but got {type(device).__name__}")
    if not isinstance(level, int):
        raise TypeError(f"For 'Shard', the 'level' should be an integer, but got {type(level).__name__}")
    if parameter_plan is None:
        return
    if not isinstance(parameter_plan, dict):
        raise TypeError(f"For 'Shard', the 'parameter_plan' should be a dict or None, "
                        f"but got {type(parameter_plan).__name__}")
    for key, value in parameter_plan.items():
        if not isinstance(key, str) or not isinstance(value, (tuple, Layout)):
            raise TypeError("For 'Shard', the type of each key and value in 'parameter_plan' must be str and "
                            f"tuple/Layout, but got {type(key).__name__} and {type(value).__name__}")


def plan_parameters(trainable: list, parameter_plan: dict | None) -> dict[str, Any]:
    """The plan's strategies by Parameter name (``self.`` dropped, as MindSpore does), each tuple checked against
    its Parameter's shape; a name no trainable Parameter has is warned about and ignored, as in MindSpore."""
    by_name = {p.name: p for p in trainable}
    planned = {}
    for written, strategy in (parameter_plan or {}).items():
        name = written.replace("self.", "")
        param = by_name.get(name)
        if param is None:
            _log.warning("%s is not exist, ignored its setting.", written)
            continue
        if isinstance(strategy, tuple):
            if len(strategy) != len(param.shape):
                raise ValueError(f"For {written}, the length of param_strategy: {len(strategy)}, "
                                 f"is not equal to param_shape len: {len(param.shape)}.")
            for i, (size, parts) in enumerate(zip(param.shape, strategy)):
                if size % parts != 0:
                    raise ValueError(f"For '{written}', the param_shape is {tuple(param.shape)} and the setting "
                                     f"param_strategy is {strategy}. The param_shape[{i}]: {size} cannot be "
                                     f"divisible by param_strategy[{i}]: {parts}.")
        planned[name] = strategy
    return planned


def _splits(strategies: Any) -> bool:
    items = [s for group in strategies if group for s in (group.values() if isinstance(group, dict) else group)]
    return any(max(s.split_factors() if isinstance(s, Layout) else s, default=1) > 1 for s in items)


def refuse_split_across_processes(what: str, *strategies: Any) -> None:
    """Raise where a strategy would cut tensors across the processes of a launched group under a model-parallel
    mode: unigrad runs each process whole, which there would be a wrong result, not the same one."""
    size = management.get_group_size()
    mode = context.get_auto_parallel_context("parallel_mode")
    if size > 1 and mode in ("semi_auto_parallel", "auto_parallel") and _splits(strategies):
        raise NotImplementedError(
            f"{what} splits tensors across the {size} processes of this group (parallel_mode {mode!r}); unigrad "
            "runs data parallelism only: set_auto_parallel_context(parallel_mode=ParallelMode.DATA_PARALLEL) with "
            "nn.DistributedGradReducer (or Model), each process running the whole network on its part of the batch")

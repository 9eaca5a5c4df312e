"""``mindspore.parallel.nn``: ``Pipeline`` (``PipelineCell``) and ``MicroBatchInterleaved``, which run a network
on equal slices of the batch along axis 0 and add the results, as MindSpore does. Stage assignments are
recorded on the Cells (``pipeline_stage``); placing stages on different processes of a launched group is what
unigrad cannot do, and running there with more than one stage raises."""
from __future__ import annotations

from typing import Any

from unigrad import context
from unigrad._tensor import Tensor
from unigrad.communication import management
from unigrad.nn.cell import Cell


def _micro_batch(i: int, parts: int, inputs: tuple) -> tuple:
    """The ``i``-th of ``parts`` equal slices of each Tensor input along axis 0."""
    out = []
    for x in inputs:
        if not isinstance(x, Tensor):
            out.append(x)
            continue
        if x.shape[0] % parts:
            raise ValueError(f"the size of axis 0 of each input ({x.shape[0]}) must be divisible by the number of "
                             f"micro-batches ({parts}), but got shape {tuple(x.shape)}")
        step = x.shape[0] // parts
        out.append(x[i * step:(i + 1) * step])
    return tuple(out)


def _check_count(owner: str, name: str, value: Any) -> None:
    if not isinstance(value, int):
        raise TypeError(f"For '{owner}', the argument '{name}' must be integer, but got the type : {type(value)}.")
    if value <= 0:
        raise ValueError(f"For '{owner}', the argument '{name}' must be large than 0, but got {value}.")


def _set_on_cells(network: Cell, config: dict, attribute: str, argument: str) -> None:
    left = dict(config)
    for cell_name, cell in network.cells_and_names():
        if cell_name in left:
            setattr(cell, attribute, left.pop(cell_name))
    if left:
        raise KeyError(f"For 'PipelineCell', the argument '{argument}' : {left} is not found in 'network' : "
                       f"{network}")


class PipelineCell(Cell):
    """The sum of ``network``'s outputs over ``micro_size`` micro-batches; ``stage_config`` maps Cell names
    (as ``cells_and_names`` gives them) to pipeline stages, ``segment_config`` to segments."""

    def __init__(self, network: Cell, micro_size: int, stage_config: dict | None = None,
                 segment_config: dict | None = None) -> None:
        super().__init__(auto_prefix=False)
        self.network = network
        if not isinstance(network, Cell):
            raise TypeError(f"For 'PipelineCell', the argument 'network' must cell type, but got the type : "
                            f"{type(network)}.")
        _check_count("PipelineCell", "micro_size", micro_size)
        self.micro_size = micro_size
        if stage_config is not None:
            _set_on_cells(network, stage_config, "pipeline_stage", "stage_config")
        if segment_config is not None:
            _set_on_cells(network, segment_config, "pipeline_segment", "segment_config")
        self._stages = max([*(stage_config or {}).values(), 0]) + 1

    def construct(self, *args: Any) -> Any:
        size, stages = management.get_group_size(), max(self._stages, context.get_auto_parallel_context(
            "pipeline_stages"))
        if size > 1 and stages > 1:
            raise NotImplementedError(
                f"Pipeline with {stages} pipeline stages across the {size} processes of this group: unigrad cannot "
                "place stages on different processes; it runs data parallelism (each process the whole network, "
                "gradients reduced by nn.DistributedGradReducer or Model)")
        total = None
        for i in range(self.micro_size):
            out = self.network(*_micro_batch(i, self.micro_size, args))
            total = out if total is None else total + out
        return total


class Pipeline(PipelineCell):
    """MindSpore 2.10's name for ``PipelineCell``."""


class MicroBatchInterleaved(Cell):
    """The sum of ``network``'s outputs over ``interleave_num`` slices of the batch."""

    def __init__(self, network: Cell, interleave_num: int = 2) -> None:
        super().__init__(auto_prefix=False)
        _check_count("MicroBatchInterleaved", "interleave_num", interleave_num)
        self.network = network
        self.interleave_num = interleave_num

    def construct(self, *args: Any) -> Any:
        total = 0.0
        for i in range(self.interleave_num):
            total = self.network(*_micro_batch(i, self.interleave_num, args)) + total
        return total

"""ChannelShuffle: the channels of (N, C, *) regrouped, ShuffleNet's mixing between group convolutions."""
from __future__ import annotations

from unigrad import ops
from unigrad.nn.cell import Cell
from unigrad._tensor import Tensor


class ChannelShuffle(Cell):
    """Channels read as (groups, C / groups) and written back transposed."""

    def __init__(self, groups: int) -> None:
        super().__init__()
        if not isinstance(groups, int):
            raise TypeError(f"For ChannelShuffle, the param `groups` must be int, but got {type(groups)}.")
        if groups < 1:
            raise ValueError(f"For ChannelShuffle, the param `groups` must be larger than 0, but got {groups}.")
        self.groups = groups

    def construct(self, x: Tensor) -> Tensor:
        return ops.channel_shuffle(x, self.groups)

"""PixelShuffle and PixelUnshuffle: channels traded for spatial resolution (``ops.pixel_shuffle``, ``ops.pixel_unshuffle``)."""
from __future__ import annotations

from unigrad import ops
from unigrad.nn.cell import Cell
from unigrad._tensor import Tensor


def _check_factor(owner: str, name: str, factor: int) -> None:
    if isinstance(factor, bool) or not isinstance(factor, int) or factor < 1:
        raise ValueError(f"For '{owner}', the '{name}' must be a positive int, but got {factor!r}.")


class PixelShuffle(Cell):
    """(*, C r^2, H, W) to (*, C, H r, W r)."""

    def __init__(self, upscale_factor: int) -> None:
        super().__init__()
        _check_factor("pixel_shuffle", "upscale_factor", upscale_factor)
        self.upscale_factor = upscale_factor

    def construct(self, input: Tensor) -> Tensor:
        return ops.pixel_shuffle(input, self.upscale_factor)


class PixelUnshuffle(Cell):
    """(*, C, H r, W r) to (*, C r^2, H, W)."""

    def __init__(self, downscale_factor: int) -> None:
        super().__init__()
        _check_factor("pixel_unshuffle", "downscale_factor", downscale_factor)
        self.downscale_factor = downscale_factor

    def construct(self, input: Tensor) -> Tensor:
        return ops.pixel_unshuffle(input, self.downscale_factor)

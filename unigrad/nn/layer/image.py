"""PixelShuffle and PixelUnshuffle: channels traded for spatial resolution, by reshape and transpose."""
from __future__ import annotations

from unigrad import ops
from unigrad.nn.cell import Cell
from unigrad._tensor import Tensor


def _check_factor(owner: str, name: str, factor: int) -> None:
    if isinstance(factor, bool) or not isinstance(factor, int) or factor < 1:
        raise ValueError(f"For '{owner}', the '{name}' must be a positive int, but got {factor!r}.")


def _check_input(owner: str, x: Tensor) -> None:
    if x.ndim < 3:
        raise ValueError(f"For '{owner}', the dimension of `input` must be >= 3, but got {x.ndim}.")


class PixelShuffle(Cell):
    """(*, C r^2, H, W) to (*, C, H r, W r)."""

    def __init__(self, upscale_factor: int) -> None:
        super().__init__()
        _check_factor("pixel_shuffle", "upscale_factor", upscale_factor)
        self.upscale_factor = upscale_factor

    def construct(self, input: Tensor) -> Tensor:
        _check_input("pixel_shuffle", input)
        r, (c, h, w), lead = self.upscale_factor, input.shape[-3:], input.shape[:-3]
        if c % (r * r):
            raise ValueError(f"For 'pixel_shuffle', the length of third to last dimension is not divisible by "
                             f"`upscale_factor` squared, upscale_factor: {r}, third to last dimension: {c}.")
        x = ops.reshape(input, (-1, c // (r * r), r, r, h, w))
        x = ops.transpose(x, (0, 1, 4, 2, 5, 3))
        return ops.reshape(x, lead + (c // (r * r), h * r, w * r))


class PixelUnshuffle(Cell):
    """(*, C, H r, W r) to (*, C r^2, H, W)."""

    def __init__(self, downscale_factor: int) -> None:
        super().__init__()
        _check_factor("pixel_unshuffle", "downscale_factor", downscale_factor)
        self.downscale_factor = downscale_factor

    def construct(self, input: Tensor) -> Tensor:
        _check_input("pixel_unshuffle", input)
        r, (c, h, w), lead = self.downscale_factor, input.shape[-3:], input.shape[:-3]
        if h % r or w % r:
            raise ValueError(f"For 'pixel_unshuffle', the length of second to last 2 dimension should be divisible "
                             f"by downscale_factor, but got {h} and {w}, downscale_factor: {r}.")
        x = ops.reshape(input, (-1, c, h // r, r, w // r, r))
        x = ops.transpose(x, (0, 1, 3, 5, 2, 4))
        return ops.reshape(x, lead + (c * r * r, h // r, w // r))

"""Channels traded for space and regrouped (``ops.pixel_shuffle``, ``ops.pixel_unshuffle``,
``ops.channel_shuffle``): each a reshape, a transpose and a reshape; nn's PixelShuffle, PixelUnshuffle and
ChannelShuffle call these."""
from __future__ import annotations

from unigrad._tensor import Tensor
from unigrad.ops import _shape as shape


def _factor(owner: str, name: str, factor: int) -> int:
    if isinstance(factor, bool) or not isinstance(factor, int) or factor < 1:
        raise ValueError(f"For '{owner}', the '{name}' must be a positive int, but got {factor!r}.")
    return factor


def _image(owner: str, x: Tensor) -> None:
    if not isinstance(x, Tensor):
        raise TypeError(f"For '{owner}', the input must be a Tensor, but got {type(x).__name__}")
    if x.ndim < 3:
        raise ValueError(f"For '{owner}', the dimension of `input` must be >= 3, but got {x.ndim}.")


def pixel_shuffle(input: Tensor, upscale_factor: int) -> Tensor:
    """(*, C r^2, H, W) to (*, C, H r, W r)."""
    r = _factor("pixel_shuffle", "upscale_factor", upscale_factor)
    _image("pixel_shuffle", input)
    (c, h, w), lead = input.shape[-3:], input.shape[:-3]
    if c % (r * r):
        raise ValueError(f"For 'pixel_shuffle', the length of third to last dimension is not divisible by "
                         f"`upscale_factor` squared, upscale_factor: {r}, third to last dimension: {c}.")
    x = shape.reshape(input, (-1, c // (r * r), r, r, h, w))
    x = shape.transpose(x, (0, 1, 4, 2, 5, 3))
    return shape.reshape(x, lead + (c // (r * r), h * r, w * r))


def pixel_unshuffle(input: Tensor, downscale_factor: int) -> Tensor:
    """(*, C, H r, W r) to (*, C r^2, H, W)."""
    r = _factor("pixel_unshuffle", "downscale_factor", downscale_factor)
    _image("pixel_unshuffle", input)
    (c, h, w), lead = input.shape[-3:], input.shape[:-3]
    if h % r or w % r:
        raise ValueError(f"For 'pixel_unshuffle', the length of second to last 2 dimension should be divisible "
                         f"by downscale_factor, but got {h} and {w}, downscale_factor: {r}.")
    x = shape.reshape(input, (-1, c, h // r, r, w // r, r))
    x = shape.transpose(x, (0, 1, 3, 5, 2, 4))
    return shape.reshape(x, lead + (c * r * r, h // r, w // r))


def channel_shuffle(x: Tensor, groups: int) -> Tensor:
    """The channels (axis 1) of (N, C, *) read as (groups, C / groups) and written back transposed
    (ShuffleNet's mixing between group convolutions)."""
    if isinstance(groups, bool) or not isinstance(groups, int):
        raise TypeError(f"For ChannelShuffle, the param `groups` must be int, but got {type(groups)}.")
    if groups < 1:
        raise ValueError(f"For ChannelShuffle, the param `groups` must be larger than 0, but got {groups}.")
    if not isinstance(x, Tensor):
        raise TypeError(f"For ChannelShuffle, the input must be a Tensor, but got {type(x).__name__}")
    if x.ndim < 3:
        raise TypeError(f"For ChannelShuffle, expect input with > 3 dims, but got {x.ndim}.")
    n, c = x.shape[:2]
    if c % groups:
        raise ValueError(f"For ChannelShuffle, number of channels must be divisible by groups, but got {c} channels "
                         f"and {groups} groups.")
    out = shape.transpose(shape.reshape(x, (n, groups, c // groups, -1)), (0, 2, 1, 3))
    return shape.reshape(out, x.shape)

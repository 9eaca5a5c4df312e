"""Normalisation as functions (``ops.layer_norm``, ``ops.group_norm``): mean and biased variance over a
sample's trailing axes or its groups of channels, then a scale and shift; nn's LayerNorm and GroupNorm call
these."""
from __future__ import annotations

from typing import Sequence

from unigrad._tensor import Tensor
from unigrad.ops import _creation as creation, _math as m, _reduction as red, _shape as shape


def _standardized(x: Tensor, axes, eps: float) -> Tensor:
    mean = red.mean(x, axes, True)
    centered = m.sub(x, mean)
    var = red.mean(m.mul(centered, centered), axes, True)
    return m.mul(centered, m.rsqrt(m.add(var, eps)))


def _affine(x: Tensor, weight: Tensor | None, bias: Tensor | None, view: tuple[int, ...]) -> Tensor:
    """x * weight + bias, each (cast to x's dtype and) reshaped to ``view`` when given."""
    if weight is not None:
        x = m.mul(x, shape.reshape(creation.cast(weight, x.dtype), view))
    if bias is not None:
        x = m.add(x, shape.reshape(creation.cast(bias, x.dtype), view))
    return x


def layer_norm(input: Tensor, normalized_shape: int | Sequence[int], weight: Tensor | None = None,
               bias: Tensor | None = None, eps: float = 1e-05) -> Tensor:
    """Normalise over the trailing axes of ``normalized_shape``; ``weight`` and ``bias`` have that shape."""
    if not isinstance(input, Tensor):
        raise TypeError(f"For 'layer_norm', the input must be a Tensor, but got {type(input).__name__}")
    normalized = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    if not normalized or len(normalized) > input.ndim or tuple(input.shape[input.ndim - len(normalized):]) != normalized:
        raise ValueError(f"For 'LayerNorm', normalized_shape {normalized} must be the trailing axes of the input's "
                         f"shape {input.shape}")
    for name, p in (("weight", weight), ("bias", bias)):
        if p is not None and tuple(p.shape) != normalized:
            raise ValueError(f"For 'LayerNorm', the {name}'s shape must be {normalized}, but got {p.shape}")
    axes = tuple(range(input.ndim - len(normalized), input.ndim))
    return _affine(_standardized(input, axes, eps), weight, bias, normalized)


def group_norm(input: Tensor, num_groups: int, weight: Tensor | None = None, bias: Tensor | None = None,
               eps: float = 1e-05) -> Tensor:
    """Normalise each sample's channels (axis 1) in ``num_groups`` groups (over the group's channels and
    positions), then scale and shift per channel."""
    if not isinstance(input, Tensor):
        raise TypeError(f"For 'group_norm', the input must be a Tensor, but got {type(input).__name__}")
    if isinstance(num_groups, bool) or not isinstance(num_groups, int) or num_groups < 1:
        raise ValueError(f"For GroupNorm, 'num_groups' must be a positive int, but got {num_groups!r}")
    if input.ndim < 2:
        raise ValueError(f"For GroupNorm, the input must be (N, C, *), but got shape {input.shape}")
    channels = input.shape[1]
    if channels % num_groups:
        raise ValueError(f"For GroupNorm, the 'num_channels' must be divided by 'num_groups', but got "
                         f"'num_channels': {channels} ,'num_groups': {num_groups}")
    for name, p in (("weight", weight), ("bias", bias)):
        if p is not None and tuple(p.shape) != (channels,):
            raise ValueError(f"For GroupNorm, shape of {name} should be equal to input_x's channel dimension: "
                             f"{channels}, but got shape: {p.shape}.")
    grouped = shape.reshape(input, (input.shape[0], num_groups, -1))
    normed = shape.reshape(_standardized(grouped, -1, eps), input.shape)
    return _affine(normed, weight, bias, (1, channels) + (1,) * (input.ndim - 2))

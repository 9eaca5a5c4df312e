"""The colour adjustments of RandomColorAdjust on RGB HWC images, each as MindSpore 2.10 computes it with
OpenCV: brightness scales the image (a blend with black), contrast blends it with its mean grey, saturation
with its greyscale image, hue rotates the H channel of OpenCV's 8-bit full-range HSV. Rounding, saturation
and the precision of each step are OpenCV's, so that uint8 results agree bit for bit
(tests/goldens/mindspore_2.10_dataset.json)."""
from __future__ import annotations

import numpy as np

_F32 = np.float32


def _saturate(values: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """OpenCV's saturate_cast: integers rounded half to even and clipped to the type's range."""
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        return np.clip(np.rint(values), info.min, info.max).astype(dtype)
    return values.astype(dtype)


def brightness(image: np.ndarray, alpha: np.float32) -> np.ndarray:
    """``image * alpha`` (OpenCV's convertTo): in float32, in float64 for int32 and float64 images."""
    work = np.float64 if image.dtype in (np.int32, np.float64) else _F32
    return _saturate(image.astype(work) * work(alpha), image.dtype)


def _gray(image: np.ndarray) -> np.ndarray:
    """OpenCV's RGB2GRAY, 0.299 R + 0.587 G + 0.114 B: for integers in 15-bit fixed point, rounded; for
    floats as OpenCV's SIMD kernel, fused: fma(B, 0.114, fma(G, 0.587, R * 0.299))."""
    r, g, b = (image[..., i] for i in range(3))
    if image.dtype.kind == "u":
        fixed = r.astype(np.int64) * 9798 + g.astype(np.int64) * 19235 + b.astype(np.int64) * 3735
        return ((fixed + (1 << 14)) >> 15).astype(image.dtype)
    wide = np.float64  # a product of two float32 is exact in float64: one rounding per fused step
    inner = (g.astype(wide) * _F32(0.587) + (r * _F32(0.299)).astype(wide)).astype(_F32)
    return (b.astype(wide) * _F32(0.114) + inner.astype(wide)).astype(_F32)


def _blend(other: np.ndarray, image: np.ndarray, alpha: np.float32) -> np.ndarray:
    """``other * (1 - alpha) + image * alpha`` (OpenCV's addWeighted): for 8- and 16-bit images in float32 as
    its SIMD kernel, fused: fma(other, 1 - alpha, image * alpha); for float32 ones in float64."""
    weight = 1.0 - float(alpha)
    if image.dtype.kind == "u":
        scaled = (image.astype(_F32) * alpha).astype(np.float64)  # float32 products are exact in float64
        out = (other.astype(np.float64) * float(_F32(weight)) + scaled).astype(_F32)
    else:
        out = other.astype(np.float64) * weight + image.astype(np.float64) * float(alpha)
    return _saturate(out, image.dtype)


def contrast(image: np.ndarray, alpha: np.float32) -> np.ndarray:
    """A blend with the mean of the greyscale image (rounded to the image's type, as OpenCV stores it)."""
    mean = _saturate(np.asarray(_gray(image).mean(dtype=np.float64)), image.dtype)
    return _blend(np.broadcast_to(mean, image.shape), image, alpha)


def saturation(image: np.ndarray, alpha: np.float32) -> np.ndarray:
    """A blend with the greyscale image."""
    return _blend(np.repeat(_gray(image)[..., None], 3, axis=-1), image, alpha)


_HSV_SHIFT = 12
_INDEX = np.arange(1, 256, dtype=np.float64)
_SDIV = np.concatenate([[0], np.rint(((255 << _HSV_SHIFT) / _INDEX))]).astype(np.int64)  # saturate_cast: rint
_HDIV = np.concatenate([[0], np.rint(((256 << _HSV_SHIFT) / (6 * _INDEX)))]).astype(np.int64)


def _rgb_to_hsv(image: np.ndarray) -> np.ndarray:
    """OpenCV's RGB2HSV_FULL on uint8: H in [0, 256), S and V in [0, 255], in 12-bit fixed point."""
    r, g, b = (image[..., i].astype(np.int64) for i in range(3))
    v = np.maximum(np.maximum(r, g), b)
    diff = v - np.minimum(np.minimum(r, g), b)
    s = (diff * _SDIV[v] + (1 << (_HSV_SHIFT - 1))) >> _HSV_SHIFT
    h = np.where(v == r, g - b, np.where(v == g, b - r + 2 * diff, r - g + 4 * diff))
    h = (h * _HDIV[diff] + (1 << (_HSV_SHIFT - 1))) >> _HSV_SHIFT
    h = np.where(h < 0, h + 256, h)
    return np.stack([np.clip(h, 0, 255), s, v], axis=-1)


_SECTORS = np.array([[1, 3, 0], [1, 0, 2], [3, 0, 1], [0, 2, 1], [0, 1, 3], [2, 1, 0]])  # (b, g, r) of tab


def _hsv_to_rgb(hsv: np.ndarray) -> np.ndarray:
    """OpenCV's HSV2RGB_FULL on uint8: in float32 (S and V scaled to [0, 1]), rounded back half to even."""
    h = hsv[..., 0].astype(_F32) * _F32(6 / 256)
    s = hsv[..., 1].astype(_F32) * _F32(1 / 255)
    v = hsv[..., 2].astype(_F32) * _F32(1 / 255)
    sector = np.floor(h).astype(np.int64) % 6
    frac = h - np.floor(h)
    one = _F32(1)
    tab = np.stack([v, v * (one - s), v * (one - s * frac), v * (one - s * (one - frac))], axis=-1)
    bgr = np.take_along_axis(tab, _SECTORS[sector], axis=-1)
    rgb = np.where((s == 0)[..., None], v[..., None], bgr[..., ::-1])
    return _saturate(rgb * _F32(255), np.dtype(np.uint8))


def hue(image: np.ndarray, shift: np.float32) -> np.ndarray:
    """The H channel (256 steps a turn) shifted by ``shift * 255`` truncated to an integer, modulo 256."""
    steps = int(np.trunc(_F32(shift) * _F32(255))) % 256
    hsv = _rgb_to_hsv(image)
    hsv[..., 0] = (hsv[..., 0] + steps) % 256
    return _hsv_to_rgb(hsv)

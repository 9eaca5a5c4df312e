"""MindSpore's vision transforms (``mindspore.dataset.vision``) on NumPy images: HWC (or HW) samples, and
many at once (NHWC) inside a pipeline. Each one's arithmetic is MindSpore 2.10's, checked bit for bit
against it (tests/goldens/mindspore_2.10_dataset.json) where the README does not list a difference."""
from __future__ import annotations

import numbers
from typing import Sequence

import numpy as np

from unigrad.backends.base import aligned_empty
from unigrad.dataset.transforms.base import Elementwise, Transform
from unigrad.dataset.vision import _color
from unigrad.dataset.vision.utils import Border, Inter

_F32 = np.float32


def _hw_axes(x: np.ndarray, rows: bool) -> tuple[int, int]:
    """The height and width axes of an image (HWC or HW), or of a block of them."""
    rank = x.ndim - rows
    if rank not in (2, 3):
        raise RuntimeError(f"expected an image of shape <H,W> or <H,W,C>, got shape {x.shape[rows:]}")
    return (-3, -2) if rank == 3 else (-2, -1)


def _pair(size, name: str) -> tuple[int, int]:
    if isinstance(size, numbers.Integral) and not isinstance(size, bool):
        size = (size, size)
    if not (isinstance(size, (tuple, list)) and len(size) == 2 and
            all(isinstance(s, numbers.Integral) and not isinstance(s, bool) and s > 0 for s in size)):
        raise ValueError(f"{name}: size must be a positive int or a (height, width) pair of them, got {size!r}")
    return int(size[0]), int(size[1])


def _rescale(x: np.ndarray, rescale: float, shift: float) -> np.ndarray:
    """``x * rescale + shift`` as float32, as MindSpore (OpenCV's convertTo) computes it: the factors rounded to
    float32; a float64 image in float64, anything else as float32 with the result rounded once."""
    scale, offset = _F32(rescale), _F32(shift)
    if x.dtype == np.float64:
        return (x * float(scale) + float(offset)).astype(_F32)
    if shift == 0:  # the product of two float32 is exact in float64: one rounding either way
        # x as float32 first, then the product in place: the same float32 operations as
        # np.multiply(x, scale, dtype=float32), without its buffered cast (a quarter slower on uint8)
        out = aligned_empty(x.shape, _F32)
        np.copyto(out, x, casting="same_kind")  # what np.multiply casts (not strings)
        np.multiply(out, scale, out=out)
        if x.dtype.kind != "u" or scale < 0:  # + 0 turns a -0 product into +0, as the fused form does
            out += _F32(0)
        return out
    exact = x.astype(_F32).astype(np.float64) * float(scale) + float(offset)
    return exact.astype(_F32)


class Rescale(Elementwise):
    """``x * rescale + shift`` in float32, rounded once (MindSpore computes it fused; a float64 image in
    float64)."""

    def __init__(self, rescale: float, shift: float) -> None:
        for name, value in (("rescale", rescale), ("shift", shift)):
            if isinstance(value, bool) or not isinstance(value, numbers.Real):
                raise TypeError(f"Rescale: {name} must be a number, got {value!r}")
        self.rescale, self.shift = float(rescale), float(shift)

    def _sample(self, x, stream):
        return _rescale(x, self.rescale, self.shift)


class Normalize(Elementwise):
    """``(x - mean) / std`` per channel, in float32; channels last (``is_hwc``) or first."""

    def __init__(self, mean: Sequence[float], std: Sequence[float], is_hwc: bool = True) -> None:
        mean, std = np.asarray(mean, np.float64), np.asarray(std, np.float64)
        if mean.ndim != 1 or std.shape != mean.shape or not mean.size:
            raise ValueError(f"Normalize: mean and std must be lists of one number per channel, of one length; "
                             f"got mean {mean.tolist()}, std {std.tolist()}")
        if (std <= 0).any():
            raise ValueError(f"Normalize: std must be positive, got {std.tolist()}")
        self.mean, self.std, self.is_hwc = mean.tolist(), std.tolist(), bool(is_hwc)
        self._mean, self._std = mean.astype(_F32), std.astype(_F32)

    def _operands(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The mean and std, shaped to broadcast against ``x`` (a sample or a block of them)."""
        channels = x.shape[-1] if self.is_hwc else (x.shape[-3] if x.ndim >= 3 else 1)
        if len(self._mean) not in (1, channels):
            raise RuntimeError(f"Normalize: {len(self._mean)} means for an image of {channels} channels "
                               f"(shape {x.shape}, is_hwc={self.is_hwc})")
        if len(self._mean) == 1 and x.ndim:  # one value for all channels: NumPy is faster with a scalar
            return self._mean[0], self._std[0]
        if not self.is_hwc and x.ndim >= 3:
            return self._mean[:, None, None], self._std[:, None, None]
        return self._mean, self._std

    def _sample(self, x, stream):
        mean, std = self._operands(x)
        out = np.subtract(x, mean, dtype=_F32)
        out /= std
        return out

    def _rows_owned(self, rows, stream):
        if rows.dtype != _F32 or not rows.flags.writeable:
            return self._rows(rows, stream)
        mean, std = self._operands(rows)  # the same float32 operations, in the rows' own memory
        np.subtract(rows, mean, out=rows)
        rows /= std
        return rows


class HWC2CHW(Transform):
    """Channels first. As MindSpore, a 2-D image comes back unchanged."""

    def _sample(self, x, stream):
        return np.ascontiguousarray(np.moveaxis(x, -1, 0)) if x.ndim == 3 else x

    def _rows(self, rows, stream):
        return np.moveaxis(rows, -1, 1) if rows.ndim == 4 else rows


class ToTensor(Transform):
    """HWC uint8 image -> CHW float in [0, 1]: MindSpore's Rescale(1 / 255, 0) (float32, so a float64
    ``output_type`` holds float32 values), channels first, cast to ``output_type``."""

    def __init__(self, output_type=np.float32) -> None:
        from unigrad import dtype as dt
        self.output_type = output_type.numpy if isinstance(output_type, dt.DType) else np.dtype(output_type)

    def _sample(self, x, stream):
        x = np.asarray(x)
        if x.ndim == 2:
            x = x[:, :, None]
        return np.moveaxis(_rescale(x, 1 / 255, 0), -1, 0).astype(self.output_type)

    def _rows(self, rows, stream):
        if rows.ndim == 3:
            rows = rows[..., None]
        return np.moveaxis(_rescale(rows, 1 / 255, 0), -1, 1).astype(self.output_type)


class _RandomFlip(Transform):
    """Flip each sample with probability ``prob``: one uniform draw per sample."""

    def __init__(self, prob: float = 0.5) -> None:
        if isinstance(prob, bool) or not isinstance(prob, numbers.Real) or not 0 <= prob <= 1:
            raise ValueError(f"{type(self).__name__}: prob must be a number in [0, 1], got {prob!r}")
        self.prob = float(prob)

    def _sample(self, x, stream):
        axis = _hw_axes(x, rows=False)[self._axis]
        return np.flip(x, axis).copy() if stream.generator.random() < self.prob else x

    def _rows(self, rows, stream):
        axis = _hw_axes(rows, rows=True)[self._axis]
        flip = stream.generator.random(len(rows)) < self.prob
        out = rows.copy()
        out[flip] = np.flip(rows[flip], axis)
        return out


class RandomHorizontalFlip(_RandomFlip):
    _axis = 1


class RandomVerticalFlip(_RandomFlip):
    _axis = 0


def _padding(padding, name: str) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) from MindSpore's int, 2- or 4-sequence."""
    if isinstance(padding, numbers.Integral) and not isinstance(padding, bool):
        padding = (padding,)
    values = tuple(padding) if isinstance(padding, (tuple, list)) else ()
    if len(values) not in (1, 2, 4) or not all(isinstance(v, numbers.Integral) and not isinstance(v, bool)
                                                and v >= 0 for v in values):
        raise ValueError(f"{name}: padding must be a non-negative int or a sequence of 2 or 4 of them, "
                         f"got {padding!r}")
    if len(values) == 1:
        return values * 4
    if len(values) == 2:
        return values * 2
    return values


def _pad(x: np.ndarray, rows: bool, ltrb: tuple, fill_value, mode: Border) -> np.ndarray:
    """Pad, CenterCrop's and RandomCrop's padding: images of 1 or 3 channels only, as in MindSpore (its
    RuntimeError for others)."""
    left, top, right, bottom = ltrb
    widths = [(0, 0)] * x.ndim
    h_axis, w_axis = _hw_axes(x, rows)
    if x.ndim - rows == 3 and x.shape[-1] not in (1, 3):
        raise RuntimeError(f"padding takes an image of shape <H,W>, <H,W,1> or <H,W,3>, as MindSpore; got "
                           f"{x.shape[-1]} channels")
    widths[h_axis], widths[w_axis] = (top, bottom), (left, right)
    mode = Border(mode)
    if mode is Border.CONSTANT:
        fill = np.asarray(fill_value, x.dtype)
        if fill.ndim and (x.ndim - rows == 2 or x.shape[-1] == 1):  # one channel: the first value, as MindSpore
            fill = fill[0]
        if fill.ndim:  # one value per channel
            out = np.empty([n + a + b for n, (a, b) in zip(x.shape, widths)], x.dtype)
            out[...] = fill
            out[tuple(slice(a, a + n) for n, (a, b) in zip(x.shape, widths))] = x
            return out
        return np.pad(x, widths, mode="constant", constant_values=fill)
    return np.pad(x, widths, mode=mode.value)


def _check_fill(fill_value, name: str):
    values = fill_value if isinstance(fill_value, tuple) else (fill_value,)
    if len(values) not in (1, 3) or not all(isinstance(v, numbers.Integral) and not isinstance(v, bool)
                                            and 0 <= v <= 255 for v in values):
        raise ValueError(f"{name}: fill_value must be an int in [0, 255] or a 3-tuple of them, got {fill_value!r}")
    return fill_value


class Pad(Transform):
    """Pad the borders: ``padding`` is one int, (left/right, top/bottom) or (left, top, right, bottom)."""

    def __init__(self, padding, fill_value=0, padding_mode: Border = Border.CONSTANT) -> None:
        self.padding = _padding(padding, "Pad")
        self.fill_value = _check_fill(fill_value, "Pad")
        self.padding_mode = Border(padding_mode)

    def _sample(self, x, stream):
        return _pad(x, False, self.padding, self.fill_value, self.padding_mode)

    def _rows(self, rows, stream):
        return _pad(rows, True, self.padding, self.fill_value, self.padding_mode)


class CenterCrop(Transform):
    """The centre ``size`` of an image (padded with 0 where the image is smaller, as MindSpore)."""

    def __init__(self, size) -> None:
        self.size = _pair(size, "CenterCrop")

    def _crop(self, x, rows):
        h_axis, w_axis = _hw_axes(x, rows)
        (h, w), (height, width) = self.size, (x.shape[h_axis], x.shape[w_axis])
        if h > height or w > width:  # pad first, as MindSpore: the larger half on the top and the left
            ph, pw = max(h - height, 0), max(w - width, 0)
            x = _pad(x, rows, (pw - pw // 2, ph - ph // 2, pw // 2, ph // 2), 0, Border.CONSTANT)
            height, width = x.shape[h_axis], x.shape[w_axis]
        top, left = (height - h) // 2, (width - w) // 2
        index = [slice(None)] * x.ndim
        index[h_axis], index[w_axis] = slice(top, top + h), slice(left, left + w)
        return x[tuple(index)]

    def _sample(self, x, stream):
        return self._crop(x, False).copy()

    def _rows(self, rows, stream):
        return self._crop(rows, True)


class RandomCrop(Transform):
    """A random ``size`` crop, after padding by ``padding`` (and to ``size`` when ``pad_if_needed``). The
    top and left offsets are two uniform draws per sample, top first."""

    def __init__(self, size, padding=None, pad_if_needed: bool = False, fill_value=0,
                 padding_mode: Border = Border.CONSTANT) -> None:
        self.size = _pair(size, "RandomCrop")
        self.padding = _padding(padding, "RandomCrop") if padding is not None else (0, 0, 0, 0)
        self.pad_if_needed = bool(pad_if_needed)
        self.fill_value = _check_fill(fill_value, "RandomCrop")
        self.padding_mode = Border(padding_mode)

    def _padded(self, x, rows):
        if any(self.padding):
            x = _pad(x, rows, self.padding, self.fill_value, self.padding_mode)
        h_axis, w_axis = _hw_axes(x, rows)
        (h, w), (height, width) = self.size, (x.shape[h_axis], x.shape[w_axis])
        if self.pad_if_needed and (h > height or w > width):
            ph, pw = max(h - height, 0), max(w - width, 0)
            x = _pad(x, rows, (pw, ph, pw, ph), self.fill_value, self.padding_mode)
        height, width = x.shape[h_axis], x.shape[w_axis]
        if h > height or w > width:
            raise RuntimeError(f"RandomCrop: crop size {self.size} is larger than the (padded) image "
                               f"{(height, width)}; pass pad_if_needed=True or a smaller size")
        return x, height - h + 1, width - w + 1

    def _sample(self, x, stream):
        x, spare_h, spare_w = self._padded(x, False)
        u_top, u_left = stream.generator.random(2)
        top, left = min(int(u_top * spare_h), spare_h - 1), min(int(u_left * spare_w), spare_w - 1)
        return x[top:top + self.size[0], left:left + self.size[1]].copy()

    def _rows(self, rows, stream):
        rows, spare_h, spare_w = self._padded(rows, True)
        draws = stream.generator.random((len(rows), 2))
        top = np.minimum((draws[:, 0] * spare_h).astype(np.int64), spare_h - 1)
        left = np.minimum((draws[:, 1] * spare_w).astype(np.int64), spare_w - 1)
        ys = top[:, None, None] + np.arange(self.size[0])[None, :, None]
        xs = left[:, None, None] + np.arange(self.size[1])[None, None, :]
        return rows[np.arange(len(rows))[:, None, None], ys, xs]


class Resize(Transform):
    """Resize to ``size`` (height, width), or the shorter side to an int ``size`` keeping the aspect ratio.
    LINEAR is OpenCV's bilinear (``_linear``, bit for bit); NEAREST is OpenCV's (floor(i * scale))."""

    def __init__(self, size, interpolation: Inter = Inter.LINEAR) -> None:
        if isinstance(size, numbers.Integral) and not isinstance(size, bool):
            if size <= 0:
                raise ValueError(f"Resize: size must be positive, got {size!r}")
            self.size = int(size)
        else:
            self.size = _pair(size, "Resize")
        interpolation = Inter(interpolation)
        if interpolation not in (Inter.LINEAR, Inter.NEAREST):
            raise ValueError(f"Resize: interpolation {interpolation.name} is not implemented by unigrad; "
                             f"allowed: Inter.LINEAR (Inter.BILINEAR), Inter.NEAREST")
        self.interpolation = interpolation

    def _target(self, height: int, width: int) -> tuple[int, int]:
        if isinstance(self.size, tuple):
            return self.size
        if height <= width:
            return self.size, int(self.size * width / height)
        return int(self.size * height / width), self.size

    def _resize(self, x, rows):
        h_axis, w_axis = _hw_axes(x, rows)
        return _resized(x, h_axis, w_axis, self._target(x.shape[h_axis], x.shape[w_axis]), self.interpolation)

    def _sample(self, x, stream):
        return self._resize(x, False)

    def _rows(self, rows, stream):
        return self._resize(rows, True)


_LINEAR_DTYPES = {np.dtype(t) for t in (np.uint8, np.uint16, np.int16, np.float32, np.float64)}


def _resized(x: np.ndarray, h_axis: int, w_axis: int, size: tuple[int, int], interpolation: Inter) -> np.ndarray:
    """``x`` resampled to ``size`` (height, width) along its height and width axes: OpenCV's NEAREST or LINEAR."""
    out_h, out_w = size
    if interpolation is Inter.NEAREST:
        ys = _nearest(x.shape[h_axis], out_h)
        xs = _nearest(x.shape[w_axis], out_w)
        return np.take(np.take(x, ys, axis=h_axis), xs, axis=w_axis)
    if x.dtype == np.bool_:  # OpenCV holds bools as 8-bit images
        return _linear(x.view(np.uint8), h_axis, w_axis, out_h, out_w).view(np.bool_)
    if x.dtype not in _LINEAR_DTYPES:
        raise RuntimeError(f"Resize: Inter.LINEAR takes images of uint8, uint16, int16, float32 or float64 (as "
                           f"OpenCV's resize), got {x.dtype}")
    return _linear(x, h_axis, w_axis, out_h, out_w)


def _nearest(size: int, out: int) -> np.ndarray:
    return np.minimum(np.floor(np.arange(out) * (size / out)).astype(np.int64), size - 1)


def _taps(size: int, out: int, clamp: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """OpenCV's bilinear taps along one axis: the two source indices of each output pixel and their float32
    weights. The position is computed in double and rounded to float32, as cv::resize does; ``clamp``
    (the horizontal pass) gives an output beyond the edge the edge pixel with weight 1, the vertical pass keeps
    the weights and only clamps the rows it reads."""
    scale = 1.0 / (out / size)  # OpenCV: 1 / inv_scale, inv_scale = out / size
    position = ((np.arange(out) + 0.5) * scale - 0.5).astype(np.float32)
    low = np.floor(position)
    frac = position - low
    low = low.astype(np.int64)
    if clamp:
        below, beyond = low < 0, low >= size - 1
        frac[below | beyond] = 0
        low[below], low[beyond] = 0, size - 1
    high = np.clip(low + 1, 0, size - 1)
    return np.clip(low, 0, size - 1), high, np.float32(1) - frac, frac


def _linear(x: np.ndarray, h_axis: int, w_axis: int, out_h: int, out_w: int) -> np.ndarray:
    """OpenCV's INTER_LINEAR resize, bit for bit: each row resampled horizontally, then the rows blended
    vertically. uint8 in OpenCV's fixed point (weights scaled by 2048; the vertical blend as its SIMD kernel
    computes it, each product shifted down 16 bits, then rounded off by 2 more); float32 in float32; float64
    in float64 with float32 weights; uint16 and int16 in float32, rounded to nearest even and saturated."""
    x0, x1, a0, a1 = _taps(x.shape[w_axis], out_w, clamp=True)
    y0, y1, b0, b1 = _taps(x.shape[h_axis], out_h, clamp=False)

    def along(weights, axis):
        shape = [1] * x.ndim
        shape[axis] = -1
        return weights.reshape(shape)

    if x.dtype == np.uint8:
        a0, a1, b0, b1 = (np.rint(w * np.float32(2048)).astype(np.int32) for w in (a0, a1, b0, b1))
        src = x.astype(np.int32)
        rows = np.take(src, x0, w_axis) * along(a0, w_axis) + np.take(src, x1, w_axis) * along(a1, w_axis)
        top = ((np.take(rows, y0, h_axis) >> 4) * along(b0, h_axis)) >> 16
        bottom = ((np.take(rows, y1, h_axis) >> 4) * along(b1, h_axis)) >> 16
        return np.clip((top + bottom + 2) >> 2, 0, 255).astype(np.uint8)
    work = np.float64 if x.dtype == np.float64 else np.float32
    a0, a1, b0, b1 = (w.astype(work) for w in (a0, a1, b0, b1))
    src = x.astype(work, copy=False)
    rows = np.take(src, x0, w_axis) * along(a0, w_axis) + np.take(src, x1, w_axis) * along(a1, w_axis)
    out = np.take(rows, y0, h_axis) * along(b0, h_axis) + np.take(rows, y1, h_axis) * along(b1, h_axis)
    if x.dtype.kind in "iu":
        info = np.iinfo(x.dtype)
        return np.clip(np.rint(out), info.min, info.max).astype(x.dtype)
    return out.astype(x.dtype, copy=False)


def _decode(x: np.ndarray, to_pil: bool = False):
    """Encoded image bytes (a 1-D uint8 array) -> an RGB HWC uint8 image (or the PIL image), with Pillow."""
    try:
        from PIL import Image
    except ImportError:
        raise ImportError("Decode needs Pillow: pip install 'unigrad[vision]'") from None
    import io
    data = np.asarray(x)
    if data.dtype != np.uint8 or data.ndim != 1:
        raise RuntimeError(f"Decode: the input must be a 1-D uint8 array of encoded bytes, got dtype "
                           f"{data.dtype} shape {data.shape}")
    try:
        image = Image.open(io.BytesIO(data.tobytes())).convert("RGB")
    except Exception as e:
        raise RuntimeError(f"Decode: cannot decode {data.size} bytes as an image ({e})") from e
    return image if to_pil else np.asarray(image)


class Decode(Transform):
    """Encoded image bytes (a 1-D uint8 array: JPEG, PNG, BMP...) -> an RGB HWC uint8 image, with Pillow."""

    def __init__(self, to_pil: bool = False) -> None:
        self.to_pil = bool(to_pil)

    def _sample(self, x, stream):
        return _decode(x, self.to_pil)

    def __call__(self, *inputs):
        if len(inputs) == 1 and isinstance(inputs[0], (bytes, bytearray)):
            inputs = (np.frombuffer(inputs[0], np.uint8),)
        return super().__call__(*inputs)



_FLOAT_MAX_INTEGER = 16777216  # MindSpore's bound on sizes, scales and ratios: the integers float32 holds exactly


def _check_type(value, types: tuple, name: str, allowed: str) -> None:
    """MindSpore's type check: a TypeError naming the argument, its value and the allowed types (no bools)."""
    if isinstance(value, bool) or not isinstance(value, types):
        raise TypeError(f"Argument {name} with value {value!r} is not of type [{allowed}], but got "
                        f"{type(value).__name__}.")


def _crop_size(size, name: str) -> tuple[int, int]:
    """MindSpore's output size of a crop: a positive int or an (height, width) pair of them."""
    _check_type(size, (numbers.Integral, list, tuple), "size", "int, list, tuple")
    values = (size, size) if isinstance(size, numbers.Integral) else tuple(size)
    if len(values) != 2:
        raise TypeError(f"{name}: size should be a single integer or a list/tuple (h, w) of length 2, got {size!r}")
    for i, value in enumerate(values):
        _check_type(value, (numbers.Integral,), f"size[{i}]", "int")
        if not 1 <= value <= _FLOAT_MAX_INTEGER:
            raise ValueError(f"{name}: size {size!r} is not within the required interval of "
                             f"[1, {_FLOAT_MAX_INTEGER}]")
    return int(values[0]), int(values[1])


def _min_max(value, name: str, op: str) -> tuple[float, float]:
    """A (min, max) list or tuple of two real numbers, min not above max."""
    _check_type(value, (list, tuple), name, "tuple, list")
    if len(value) != 2:
        raise TypeError(f"{op}: {name} should be a list/tuple of length 2, got {value!r}")
    for i, item in enumerate(value):
        _check_type(item, (numbers.Real,), f"{name}[{i}]", "float, int")
    if value[0] > value[1]:
        raise ValueError(f"{op}: {name} should be in (min, max) format, got {tuple(value)!r}")
    return float(value[0]), float(value[1])


def _crop_box(height: int, width: int, scale: tuple[float, float], ratio: tuple[float, float],
              max_attempts: int, generator: np.random.Generator) -> tuple[int, int, int, int]:
    """(top, left, crop height, crop width) of a random resized crop, as MindSpore draws it: up to
    ``max_attempts`` times an area fraction uniform in ``scale`` and an aspect ratio (width / height)
    log-uniform in ``ratio`` (the bounds as float32, as MindSpore keeps them), the width rounded from them and
    the height from the width; the first box that fits is placed uniformly (left, then top). When none fits:
    the centred box of the whole image, its aspect clamped into ``ratio``."""
    lo_ratio, hi_ratio = (float(np.float32(r)) for r in ratio)
    log_lo, log_hi = np.log(lo_ratio), np.log(hi_ratio)
    area = height * width
    for _ in range(max_attempts):
        fraction = generator.uniform(*scale)
        aspect = float(np.exp(generator.uniform(log_lo, log_hi)))
        crop_w = max(_round_half_away(np.sqrt(area * fraction * aspect)), 1)
        crop_h = max(_round_half_away(crop_w / aspect), 1)
        if crop_w <= width and crop_h <= height:
            left = int(generator.integers(0, width - crop_w, endpoint=True))
            top = int(generator.integers(0, height - crop_h, endpoint=True))
            return top, left, crop_h, crop_w
    crop_h, crop_w = height, width
    if width / height < lo_ratio:
        crop_h = max(_round_half_away(width / lo_ratio), 1)
    elif width / height > hi_ratio:
        crop_w = max(_round_half_away(height * hi_ratio), 1)
    return _round_half_away((height - crop_h) / 2), _round_half_away((width - crop_w) / 2), crop_h, crop_w


def _round_half_away(value: float) -> int:
    """C's std::round, as MindSpore rounds the box: halves away from zero."""
    return int(np.floor(abs(value) + 0.5) * np.sign(value))


class RandomResizedCrop(Transform):
    """A random crop of random area (a fraction in ``scale`` of the image's) and aspect ratio (width / height
    in ``ratio``), resized to ``size``; after ``max_attempts`` boxes that do not fit, the centre crop. The box
    is drawn from this transform's stream (``_crop_box``), the resize is Resize's."""

    _name = "RandomResizedCrop"

    def __init__(self, size, scale: Sequence[float] = (0.08, 1.0), ratio: Sequence[float] = (3. / 4., 4. / 3.),
                 interpolation: Inter = Inter.BILINEAR, max_attempts: int = 10) -> None:
        self.size = _crop_size(size, self._name)
        self.scale = _min_max(scale, "scale", self._name)
        if not 0 <= self.scale[0] <= self.scale[1] <= _FLOAT_MAX_INTEGER:
            raise ValueError(f"{self._name}: scale {tuple(scale)!r} is not within the required interval of "
                             f"[0, {_FLOAT_MAX_INTEGER}]")
        if self.scale[1] <= 0:
            raise ValueError(f"{self._name}: scale[1] must be greater than 0, got {tuple(scale)!r}")
        self.ratio = _min_max(ratio, "ratio", self._name)
        if not 0 < self.ratio[0] <= self.ratio[1] <= _FLOAT_MAX_INTEGER:
            raise ValueError(f"{self._name}: ratio {tuple(ratio)!r} is not within the required interval of "
                             f"(0, {_FLOAT_MAX_INTEGER}]")
        _check_type(interpolation, (Inter,), "interpolation", "Inter")
        if interpolation not in (Inter.LINEAR, Inter.NEAREST):
            raise ValueError(f"{self._name}: interpolation {interpolation.name} is not implemented by unigrad; "
                             f"allowed: Inter.LINEAR (Inter.BILINEAR), Inter.NEAREST")
        self.interpolation = interpolation
        _check_type(max_attempts, (numbers.Integral,), "max_attempts", "int")
        if not 1 <= max_attempts <= 2 ** 31 - 1:
            raise ValueError(f"{self._name}: max_attempts {max_attempts!r} is not within the required interval "
                             f"of [1, {2 ** 31 - 1}]")
        self.max_attempts = int(max_attempts)

    def _sample(self, x, stream):
        h_axis, w_axis = _hw_axes(x, rows=False)
        top, left, crop_h, crop_w = _crop_box(x.shape[h_axis], x.shape[w_axis], self.scale, self.ratio,
                                              self.max_attempts, stream.generator)
        crop = x[top:top + crop_h, left:left + crop_w]
        return _resized(crop, h_axis, w_axis, self.size, self.interpolation)


class RandomCropDecodeResize(RandomResizedCrop):
    """Decode encoded image bytes, then RandomResizedCrop: MindSpore's fused form (which decodes only the
    crop of a JPEG), here decoded whole with Pillow as Decode does; the pixels are the same."""

    _name = "RandomCropDecodeResize"

    def _sample(self, x, stream):
        if x.ndim != 1 or x.dtype != np.uint8:
            raise TypeError(f"{self._name}: input should be an encoded image with uint8 type in 1-D NumPy format, "
                            f"got dtype {x.dtype} shape {x.shape}")
        return super()._sample(_decode(x), stream)

    def __call__(self, *inputs):
        if len(inputs) == 1 and not isinstance(inputs[0], np.ndarray):
            raise TypeError(f"{self._name}: input should be an encoded image in 1-D NumPy format, got "
                            f"{type(inputs[0]).__name__}")
        return super().__call__(*inputs)


def _factor_range(value, name: str, center: float, bound: tuple[float, float]) -> tuple[float, float]:
    """RandomColorAdjust's range of one factor: a number v means [center - v, center + v] (floored at 0 for
    the non-negative ones), or a (min, max) sequence; both within ``bound``."""
    _check_type(value, (numbers.Real, list, tuple), name, "Number, list, tuple")
    if isinstance(value, numbers.Real):
        if value < 0:
            raise ValueError(f"RandomColorAdjust: {name} cannot be negative, got {value!r}")
        low, high = center - value, center + value
        if bound[0] >= 0:
            low = max(0.0, low)
    else:
        low, high = _min_max(value, name, "RandomColorAdjust")
    if not bound[0] <= low <= high <= bound[1]:
        raise ValueError(f"RandomColorAdjust: {name} range {(low, high)!r} (from {value!r}) is not within the "
                         f"required interval of [{bound[0]}, {bound[1]}]")
    return float(low), float(high)


_ADJUST_DTYPES = {  # the image dtypes MindSpore 2.10 adjusts (bool brightness aside: its result is not boolean)
    "brightness": {np.dtype(t) for t in (np.int8, np.uint8, np.int16, np.uint16, np.int32, np.float16,
                                         np.float32, np.float64)},
    "contrast": {np.dtype(t) for t in (np.uint8, np.uint16, np.float32)},
    "saturation": {np.dtype(t) for t in (np.uint8, np.uint16, np.float32)},
    "hue": {np.dtype(np.uint8)},  # MindSpore's float32 hue reads the float bytes as uint8: not a hue rotation
}


class RandomColorAdjust(Transform):
    """Brightness, contrast, saturation and hue, each by a factor uniform in its range, in a random order (as
    MindSpore: a shuffle of the four, then one float32 draw per adjustment that is not the identity). An RGB
    HWC image; the arithmetic is ``_color``'s."""

    def __init__(self, brightness=(1, 1), contrast=(1, 1), saturation=(1, 1), hue=(0, 0)) -> None:
        self.brightness = _factor_range(brightness, "brightness", 1, (0, _FLOAT_MAX_INTEGER))
        self.contrast = _factor_range(contrast, "contrast", 1, (0, _FLOAT_MAX_INTEGER))
        self.saturation = _factor_range(saturation, "saturation", 1, (0, _FLOAT_MAX_INTEGER))
        self.hue = _factor_range(hue, "hue", 0, (-0.5, 0.5))

    def _sample(self, x, stream):
        if x.ndim != 3 or x.shape[-1] != 3:
            raise RuntimeError(f"RandomColorAdjust: expected an RGB image of shape <H, W, 3>, got shape {x.shape}")
        image, generator = x, stream.generator
        adjustments = (("brightness", self.brightness, 1), ("contrast", self.contrast, 1),
                       ("saturation", self.saturation, 1), ("hue", self.hue, 0))
        for index in generator.permutation(4):
            name, (low, high), identity = adjustments[index]
            low, high = np.float32(low), np.float32(high)
            if low == high == identity:
                continue
            if x.dtype not in _ADJUST_DTYPES[name]:
                allowed = ", ".join(sorted(str(t) for t in _ADJUST_DTYPES[name]))
                raise RuntimeError(f"RandomColorAdjust: {name} takes images of {allowed}, got {x.dtype}")
            factor = low + (high - low) * np.float32(generator.random())
            x = getattr(_color, name)(x, np.float32(factor))
        return x.copy() if x is image else x  # a new array, as every adjustment makes

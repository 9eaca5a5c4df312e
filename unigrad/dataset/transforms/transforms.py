"""MindSpore's general transforms (``mindspore.dataset.transforms``): TypeCast, OneHot, Fill and the ones
that combine others (Compose, RandomApply, RandomChoice)."""
from __future__ import annotations

import numbers
from typing import Callable, Sequence

import numpy as np

from unigrad import dtype as dt
from unigrad.backends.base import aligned_empty
from unigrad.dataset._rows import stack
from unigrad.dataset.transforms.base import Elementwise, Transform


class TypeCast(Elementwise):
    """Cast to ``data_type`` (a unigrad dtype or a NumPy one), as C does: floats truncate toward zero,
    integers wrap."""

    def __init__(self, data_type) -> None:
        if isinstance(data_type, dt.DType):
            self.data_type = data_type.numpy
        else:
            try:
                self.data_type = np.dtype(data_type)
            except TypeError:
                raise TypeError(f"TypeCast: data_type must be a unigrad dtype (unigrad.int32...) or a NumPy "
                                f"dtype, got {data_type!r}") from None
            dt.from_numpy(self.data_type)  # a TypeError for the ones a Tensor cannot hold

    def _sample(self, x, stream):
        out = aligned_empty(x.shape, self.data_type)  # astype's cast, into memory a Tensor can take over
        with np.errstate(invalid="ignore", over="ignore"):
            np.copyto(out, x, casting="unsafe")
        return out


class OneHot(Transform):
    """Class indices (a scalar or a 1-D array, as MindSpore takes) -> one-hot rows of ``num_classes``, of the
    indices' dtype; with ``smoothing_rate`` s, float64 rows of s / num_classes with 1 - s + s / num_classes at
    the index."""

    def __init__(self, num_classes: int, smoothing_rate: float = 0.0) -> None:
        if isinstance(num_classes, bool) or not isinstance(num_classes, numbers.Integral) or num_classes <= 0:
            raise ValueError(f"OneHot: num_classes must be a positive int, got {num_classes!r}")
        if isinstance(smoothing_rate, bool) or not isinstance(smoothing_rate, numbers.Real) \
                or not 0 <= smoothing_rate <= 1:
            raise ValueError(f"OneHot: smoothing_rate must be a number in [0, 1], got {smoothing_rate!r}")
        self.num_classes, self.smoothing_rate = int(num_classes), float(smoothing_rate)

    def _sample(self, x, stream):
        if x.ndim > 1:
            raise RuntimeError(f"OneHot: only a scalar or a 1-D array of class indices, got shape {x.shape}")
        return self._encode(x)

    def _rows(self, rows, stream):
        if rows.ndim > 2:
            raise RuntimeError(f"OneHot: only a scalar or a 1-D array of class indices, got shape {rows.shape[1:]}")
        return self._encode(rows)

    def _encode(self, x):
        if x.dtype.kind not in "iu":
            raise RuntimeError(f"OneHot: the input must hold integer class indices, got dtype {x.dtype}")
        if x.size and (x.min() < 0 or x.max() >= self.num_classes):
            raise RuntimeError(f"OneHot: class index {int(x.max() if x.max() >= self.num_classes else x.min())}"
                               f" is outside [0, {self.num_classes})")
        hot = x[..., None] == np.arange(self.num_classes)
        if self.smoothing_rate:
            off = self.smoothing_rate / self.num_classes
            return np.where(hot, 1 - self.smoothing_rate + off, off)
        return hot.astype(x.dtype)


class Fill(Elementwise):
    """An array of the input's shape and dtype, every element ``fill_value`` (cast to that dtype)."""

    def __init__(self, fill_value) -> None:
        if isinstance(fill_value, bool) or not isinstance(fill_value, (numbers.Number, str, bytes)):
            raise TypeError(f"Fill: fill_value must be a number or a string, got {fill_value!r}")
        self.fill_value = fill_value

    def _sample(self, x, stream):
        return np.full_like(x, self.fill_value)


def _callable_list(transforms, name: str) -> list:
    if not isinstance(transforms, (list, tuple)) or not transforms:
        raise ValueError(f"{name}: transforms must be a non-empty list of transforms, got {transforms!r}")
    for t in transforms:
        if not callable(t):
            raise TypeError(f"{name}: every transform must be callable, got {t!r}")
    return list(transforms)


def apply_sample(transform: Callable, x, stream):
    """One sample through one transform: a built-in with its stream, a Python function as it is."""
    if isinstance(transform, Transform):
        return transform._sample(x, stream)
    return transform(x)


def apply_rows(transform: Callable, rows, stream):
    """Rows (an array, row first) through one transform: a built-in in one call, a function per row."""
    if isinstance(transform, Transform) and isinstance(rows, np.ndarray):
        return transform._rows(rows, stream)
    return [np.asarray(apply_sample(transform, row, stream)) for row in rows]


class Compose(Transform):
    """The transforms one after another."""

    def __init__(self, transforms: Sequence[Callable]) -> None:
        self.transforms = _callable_list(transforms, "Compose")

    def _sample(self, x, stream):
        for i, t in enumerate(self.transforms):
            x = apply_sample(t, x, stream.child(i))
        return x

    def _rows(self, rows, stream):
        for i, t in enumerate(self.transforms):
            rows = apply_rows(t, rows, stream.child(i))
            if isinstance(rows, list):
                rows = stack(rows)
        return rows


def _rows_where(chosen: np.ndarray, rows, transform, stream):
    """``rows`` with the chosen ones replaced by ``transform``'s result, or a list when shapes change."""
    if not chosen.any():
        return rows
    done = apply_rows(transform, rows[chosen] if isinstance(rows, np.ndarray) else
                      [r for r, c in zip(rows, chosen) if c], stream)
    if isinstance(rows, np.ndarray) and isinstance(done, np.ndarray) and done.shape[1:] == rows.shape[1:] \
            and done.dtype == rows.dtype:
        out = rows.copy()
        out[chosen] = done
        return out
    done, out, j = list(done), [], 0
    for row, c in zip(rows, chosen):
        out.append(done[j] if c else row)
        j += bool(c)
    return stack(out)


class RandomApply(Transform):
    """With probability ``prob`` (one draw per sample), all of ``transforms`` in order, else nothing."""

    def __init__(self, transforms: Sequence[Callable], prob: float = 0.5) -> None:
        self.transforms = _callable_list(transforms, "RandomApply")
        if isinstance(prob, bool) or not isinstance(prob, numbers.Real) or not 0 <= prob <= 1:
            raise ValueError(f"RandomApply: prob must be a number in [0, 1], got {prob!r}")
        self.prob = float(prob)
        self._compose = Compose(self.transforms)

    def _sample(self, x, stream):
        if stream.generator.random() < self.prob:
            return self._compose._sample(x, stream.child(0))
        return x

    def _rows(self, rows, stream):
        chosen = stream.generator.random(len(rows)) < self.prob
        return _rows_where(chosen, rows, self._compose, stream.child(0))


class RandomChoice(Transform):
    """One of ``transforms``, chosen uniformly for each sample."""

    def __init__(self, transforms: Sequence[Callable]) -> None:
        self.transforms = _callable_list(transforms, "RandomChoice")

    def _pick(self, draws):
        n = len(self.transforms)
        return np.minimum((np.asarray(draws) * n).astype(np.int64), n - 1)

    def _sample(self, x, stream):
        k = int(self._pick(stream.generator.random()))
        return apply_sample(self.transforms[k], x, stream.child(k))

    def _rows(self, rows, stream):
        picks = self._pick(stream.generator.random(len(rows)))
        for k, t in enumerate(self.transforms):
            rows = _rows_where(picks == k, rows, t, stream.child(k))
        return rows

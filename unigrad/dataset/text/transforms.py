"""MindSpore's text transforms on NumPy string arrays: ``PythonTokenizer`` (a Python function splits each
string) and ``Lookup`` (tokens -> their ids in a Vocab). Both run per sample, in a pipeline or called eagerly
on one string or array."""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from unigrad import dtype as dt
from unigrad.dataset.text.utils import Vocab
from unigrad.dataset.transforms.base import Transform


def _strings(value: Any, name: str) -> np.ndarray:
    array = np.asarray(value)
    if array.dtype.kind == "S":
        array = np.char.decode(array, "utf-8")
    if array.dtype.kind != "U":
        raise RuntimeError(f"{name}: the input must be a string or an array of strings, got dtype {array.dtype}")
    return array


class _TextTransform(Transform):
    def __call__(self, *inputs: Any) -> np.ndarray:
        if len(inputs) != 1:
            raise TypeError(f"{type(self).__name__} takes one input, got {len(inputs)}")
        return self._sample(_strings(inputs[0], type(self).__name__), None)


class PythonTokenizer(_TextTransform):
    """A string -> the 1-D array of the strings ``tokenizer(string)`` returns."""

    def __init__(self, tokenizer: Callable[[str], Any]) -> None:
        if not callable(tokenizer):
            raise TypeError(f"PythonTokenizer: tokenizer must be a function of a string, got {tokenizer!r}")
        self.tokenizer = tokenizer

    def _sample(self, x, stream):
        x = _strings(x, "PythonTokenizer")
        if x.ndim != 0:
            raise RuntimeError(f"PythonTokenizer: the input must be one string, got an array of shape {x.shape}")
        tokens = self.tokenizer(str(x))
        return np.asarray(list(tokens), dtype=str)


class Lookup(_TextTransform):
    """Tokens -> their ids in ``vocab``, of ``data_type`` (an int dtype, Int32 by default); a token not in it
    takes ``unknown_token``'s id, or is a RuntimeError when there is none."""

    def __init__(self, vocab: Vocab, unknown_token: str | None = None, data_type: Any = dt.int32) -> None:
        if not isinstance(vocab, Vocab):
            raise TypeError(f"Lookup: vocab must be a text.Vocab, got {type(vocab).__name__}")
        if unknown_token is not None and not isinstance(unknown_token, str):
            raise TypeError(f"Lookup: unknown_token must be a str or None, got {unknown_token!r}")
        numpy_type = data_type.numpy if isinstance(data_type, dt.DType) else np.dtype(data_type)
        if numpy_type.kind not in "iu":
            raise TypeError(f"Lookup: data_type must be an int type, got {data_type}")
        ids = vocab._ids
        if unknown_token is not None and unknown_token not in ids:
            raise ValueError(f"Lookup: unknown_token {unknown_token!r} is not in the vocabulary")
        self.vocab, self.unknown_token, self.data_type = vocab, unknown_token, numpy_type

    def _sample(self, x, stream):
        x = _strings(x, "Lookup")
        ids, default = self.vocab._ids, self.vocab._ids.get(self.unknown_token, None)
        out = np.empty(x.shape, self.data_type)
        flat = out.reshape(-1)
        for i, token in enumerate(x.reshape(-1)):
            index = ids.get(str(token), default)
            if index is None:
                raise RuntimeError(f"Lookup: the token {str(token)!r} is not in the vocabulary and no "
                                   f"unknown_token is set")
            flat[i] = index
        return out

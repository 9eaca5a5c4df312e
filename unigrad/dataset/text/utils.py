"""``mindspore.dataset.text.Vocab``: a word -> id table, built from a list, a dict or a dataset's words."""
from __future__ import annotations

import collections
import numbers
from typing import Any, Iterable, Sequence

import numpy as np


def _check_special(special_tokens: Sequence[str] | None, special_first: bool) -> list[str]:
    if not isinstance(special_first, bool):
        raise TypeError(f"Vocab: special_first must be a bool, got {special_first!r}")
    if special_tokens is None:
        return []
    if not isinstance(special_tokens, (list, tuple)) or not all(isinstance(t, str) for t in special_tokens):
        raise TypeError(f"Vocab: special_tokens must be a list of str, got {special_tokens!r}")
    if len(set(special_tokens)) != len(special_tokens):
        raise ValueError(f"Vocab: special_tokens holds a token twice: {special_tokens!r}")
    return list(special_tokens)


class Vocab:
    """A vocabulary: each word's id (``vocab()``), with MindSpore's constructors ``from_list``, ``from_dict`` and
    ``from_dataset``."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}

    @classmethod
    def _of(cls, words: Iterable[str], special_tokens: list[str], special_first: bool) -> Vocab:
        vocab = cls()
        words = [w for w in words if w not in special_tokens]
        for word in (special_tokens + words if special_first else words + special_tokens):
            vocab._ids.setdefault(word, len(vocab._ids))
        return vocab

    @classmethod
    def from_list(cls, word_list: Sequence[str], special_tokens: Sequence[str] | None = None,
                  special_first: bool = True) -> Vocab:
        """Ids in list order (the special tokens first or last); a word listed twice is a ValueError."""
        if not isinstance(word_list, (list, tuple)) or not all(isinstance(w, str) for w in word_list):
            raise TypeError(f"Vocab.from_list: word_list must be a list of str, got {word_list!r}")
        if len(set(word_list)) != len(word_list):
            raise ValueError(f"Vocab.from_list: word_list holds a word twice: {word_list!r}")
        return cls._of(word_list, _check_special(special_tokens, special_first), special_first)

    @classmethod
    def from_dict(cls, word_dict: dict[str, int]) -> Vocab:
        """The ids given: non-negative ints."""
        if not isinstance(word_dict, dict):
            raise TypeError(f"Vocab.from_dict: word_dict must be a dict of str -> int, got {type(word_dict).__name__}")
        vocab = cls()
        for word, index in word_dict.items():
            if not isinstance(word, str) or isinstance(index, bool) or not isinstance(index, numbers.Integral) \
                    or index < 0:
                raise ValueError(f"Vocab.from_dict: each entry must be a str and a non-negative int, "
                                 f"got {word!r}: {index!r}")
            vocab._ids[word] = int(index)
        return vocab

    @classmethod
    def from_dataset(cls, dataset: Any, columns: str | Sequence[str] | None = None,
                     freq_range: tuple[int | None, int | None] | None = None, top_k: int | None = None,
                     special_tokens: Sequence[str] | None = None, special_first: bool = True) -> Vocab:
        """The words of ``columns`` (default: every column) over one epoch of ``dataset``: those whose count
        is within ``freq_range`` (min, max; None: unbounded), the ``top_k`` most frequent, in MindSpore's order:
        by count, highest first, then by the words' (byte) order."""
        special = _check_special(special_tokens, special_first)
        low, high = freq_range if freq_range is not None else (None, None)
        if top_k is not None and (isinstance(top_k, bool) or not isinstance(top_k, int) or top_k <= 0):
            raise ValueError(f"Vocab.from_dataset: top_k must be a positive int or None, got {top_k!r}")
        names = [columns] if isinstance(columns, str) else columns
        counts: collections.Counter = collections.Counter()
        for row in dataset.create_tuple_iterator(columns=names, output_numpy=True, num_epochs=1):
            for column in row:
                column = np.asarray(column)
                if column.dtype.kind not in "US":
                    raise TypeError(f"Vocab.from_dataset: the columns must hold strings, got dtype {column.dtype}")
                counts.update(str(word) for word in column.reshape(-1))
        words = sorted(counts, key=lambda w: (-counts[w], w.encode()))
        words = [w for w in words if (low is None or counts[w] >= low) and (high is None or counts[w] <= high)]
        return cls._of(words[:top_k] if top_k is not None else words, special, special_first)

    def vocab(self) -> dict[str, int]:
        """Each word's id (a new dict, by id from the highest down, the order MindSpore 2.10's table gives)."""
        return dict(sorted(self._ids.items(), key=lambda item: -item[1]))

    def tokens_to_ids(self, tokens: str | Sequence[str]) -> int | list[int]:
        """Each token's id, -1 for a token not in the vocabulary."""
        if isinstance(tokens, str):
            return self._ids.get(tokens, -1)
        return [self._ids.get(str(t), -1) for t in tokens]

    def ids_to_tokens(self, ids: int | Sequence[int]) -> str | list[str]:
        """Each id's token, '' for an id no token has."""
        words = {index: word for word, index in self._ids.items()}
        if isinstance(ids, numbers.Integral):
            return words.get(int(ids), "")
        return [words.get(int(i), "") for i in ids]

    def __len__(self) -> int:
        return len(self._ids)

    def __repr__(self) -> str:
        return f"Vocab({len(self._ids)} words)"

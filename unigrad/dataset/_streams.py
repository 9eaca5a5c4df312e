"""The random streams of the data pipeline: one per random stage (a shuffle, a sampler, a random transform),
each a NumPy generator seeded from the dataset seed and the stage's place in the pipeline.

A stage drawing from its own stream, in row order, is what makes a vectorised transform (one draw per row
of a block) draw exactly what the per-sample path draws, and what keeps data randomness apart from the
model's (``unigrad.set_seed``'s host generator)."""
from __future__ import annotations

import numpy as np

from unigrad import _random


class Stream:
    """A generator, and the streams of the stages nested in this one (RandomApply's transforms...)."""

    __slots__ = ("_sequence", "_generator", "_children")

    def __init__(self, sequence: np.random.SeedSequence) -> None:
        self._sequence = sequence
        self._generator = None
        self._children: dict[int, Stream] = {}

    @property
    def generator(self) -> np.random.Generator:
        if self._generator is None:
            self._generator = np.random.default_rng(self._sequence)
        return self._generator

    def child(self, index: int) -> Stream:
        stream = self._children.get(index)
        if stream is None:
            key = self._sequence.spawn_key + (index,)
            stream = self._children[index] = Stream(np.random.SeedSequence(self._sequence.entropy, spawn_key=key))
        return stream


def root() -> Stream:
    """The streams of one iteration of a pipeline (``unigrad._random.pipeline_entropy``)."""
    return Stream(np.random.SeedSequence(_random.pipeline_entropy()))


_eager: tuple | None = None  # (dataset_seed_sets when made, Stream) for transforms called outside a pipeline


def eager() -> Stream:
    """The stream of random transforms called directly on an array; it restarts when the seed is set."""
    global _eager
    if _eager is None or _eager[0] != _random.dataset_seed_sets():
        _eager = (_random.dataset_seed_sets(), root())
    return _eager[1]

"""unigrad's seeded host RNG: initializers and dropout draw from it, so a seed means the same numbers
on every backend and device."""
from __future__ import annotations

import numpy as np

_generator = np.random.default_rng()
_seed: int | None = None


def set_seed(seed: int) -> None:
    """Seed every random draw unigrad makes (MindSpore's ``set_seed``)."""
    global _generator, _seed
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")
    _seed = seed
    _generator = np.random.default_rng(seed)


def get_seed() -> int | None:
    return _seed


def host_generator() -> np.random.Generator:
    return _generator

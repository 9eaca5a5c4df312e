"""``mindspore.dataset.config``: the pipeline's settings. The seed is the one that matters: it seeds the
pipeline's own streams (shuffles, samplers, random transforms), apart from the model's."""
from __future__ import annotations

from unigrad import _random
from unigrad.dataset.samplers import shared_seed

_settings = {"num_parallel_workers": 8, "prefetch_size": 16}


def set_seed(seed: int) -> None:
    """Seed the pipeline (also done by ``unigrad.set_seed``). Every new iterator then repeats the same
    shuffles and random transforms; the epochs of one iterator differ."""
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError("seed isn't of type int.")
    if not 0 <= seed <= 2 ** 32 - 1:
        raise ValueError("seed given is not within the required range [0, UINT32_MAX(4294967295)].")
    _random.set_dataset_seed(seed)


def get_seed() -> int:
    """The seed set, or MindSpore's default (std::mt19937's, 5489) before one is: then the draws are fresh
    on every run."""
    return shared_seed()


def _setting(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}")
    _settings[name] = value


def set_num_parallel_workers(num: int) -> None:
    """Accepted for MindSpore's scripts; unigrad's pipeline runs vectorised in the calling thread."""
    _setting("num_parallel_workers", num)


def get_num_parallel_workers() -> int:
    return _settings["num_parallel_workers"]


def set_prefetch_size(size: int) -> None:
    """Accepted for MindSpore's scripts; unigrad's pipeline computes rows when they are asked for."""
    _setting("prefetch_size", size)


def get_prefetch_size() -> int:
    return _settings["prefetch_size"]

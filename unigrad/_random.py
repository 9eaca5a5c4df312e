"""unigrad's random numbers.

Eagerly, every draw (initializers, dropout masks) comes from one seeded host generator, so a seed means
the same numbers on every backend and device. A program that ``unigrad.jit`` compiles runs many times
from one trace, so a draw made while tracing would be the same on every run: there, dropout draws with
the backend's ``uniform`` from the call's seed, an input of the compiled program. The program returns
the next call's seed (this one plus one), which stays on the device: the first is drawn on the host, from a
stream of its own (so compiling draws nothing from the generator initializers use: a Cell built inside a
jitted function gets the weights it gets eagerly), and ``set_seed`` starts the sequence again.

The data pipeline draws from streams of its own (``pipeline_entropy``), seeded by the dataset seed that
``set_seed`` and ``unigrad.dataset.config.set_seed`` set: adding a shuffle to a pipeline does not change a
model's initial weights.
"""
from __future__ import annotations

import contextlib
from typing import Any, Iterator

import numpy as np

from unigrad import dtype as dt

_generator = np.random.default_rng()
_call_generator = np.random.default_rng()  # the first seed of compiled calls (call_seed)
_seed: int | None = None
_program: list | None = None  # [seed array, draws so far] while unigrad.jit traces a call
_call_seeds: dict = {}  # (backend name, device kind) -> the next compiled call's seed
_dataset_seed: int | None = None
_dataset_seed_sets = 0  # how many times it was set: what restarts the eager stream of random transforms


def set_seed(seed: int) -> None:
    """Seed every random draw unigrad makes (MindSpore's ``set_seed``)."""
    global _generator, _call_generator, _seed
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")
    _seed = seed
    _generator = np.random.default_rng(seed)
    _call_generator = np.random.default_rng([seed, 1])
    _call_seeds.clear()
    set_dataset_seed(seed)  # as MindSpore's set_seed does


def get_seed() -> int | None:
    return _seed


def set_dataset_seed(seed: int) -> None:
    """Seed the data pipeline's streams (``unigrad.dataset.config.set_seed``); the checks are the caller's."""
    global _dataset_seed, _dataset_seed_sets
    _dataset_seed = seed
    _dataset_seed_sets += 1


def get_dataset_seed() -> int | None:
    return _dataset_seed


def dataset_seed_sets() -> int:
    return _dataset_seed_sets


def pipeline_entropy() -> int:
    """The root of one pipeline iteration's streams. As in MindSpore: with a dataset seed, every new
    iterator repeats the same draws (the epochs of one iterator differ); without one, fresh entropy."""
    if _dataset_seed is None:
        return np.random.SeedSequence().entropy
    return _dataset_seed


def host_generator() -> np.random.Generator:
    return _generator


def host_state() -> tuple:
    """Where the host generators are (``restore_host_state`` puts them back there): the draws of a trace
    that unigrad.jit drops are undone."""
    return _generator, _generator.bit_generator.state, _call_generator, _call_generator.bit_generator.state


def restore_host_state(state: tuple) -> None:
    generator, position, call_generator, call_position = state
    generator.bit_generator.state = position
    call_generator.bit_generator.state = call_position


def call_seed(backend) -> Any:
    """The seed of one compiled call, an int32 scalar array: the one the previous call returned, the
    first from the host's stream of call seeds; for a call traced inside another compiled program, drawn from that
    program's seed (a seed taken while tracing would be the same on every run)."""
    if _program is not None:
        return backend.cast(backend.mul(_program_uniform(backend, ()), float(2 ** 31)), dt.int32)
    seed = _call_seeds.get((backend.name, backend.device_kind))
    if seed is None:
        seed = backend.asarray(np.int32(_call_generator.integers(2 ** 31)), dt.int32)
    return seed


def next_seed(backend, seed: Any) -> Any:
    """Inside the compiled program: the seed its next call starts from."""
    return backend.add(seed, backend.asarray(np.int32(1), dt.int32))


def called(backend, seed: Any) -> None:
    """Keep the seed a compiled call returned for the next call (a nested call's is traced: not kept)."""
    if _program is None:
        _call_seeds[(backend.name, backend.device_kind)] = seed


@contextlib.contextmanager
def program_seed(seed: Any) -> Iterator[None]:
    """Make ``seed`` (a traced array) the source of the draws of the program being traced."""
    global _program
    saved, _program = _program, [seed, 0]
    try:
        yield
    finally:
        _program = saved


def _program_uniform(backend, shape: tuple) -> Any:
    seed, index = _program
    _program[1] += 1
    return backend.uniform(seed, index, shape)


def keep_mask(backend, shape: tuple, p: float, dtype: dt.DType) -> Any:
    """Dropout's mask as a backend array of ``dtype``: 1 with probability 1 - p, else 0."""
    if _program is None:
        return backend.asarray(_generator.random(shape) >= p, dtype)
    return backend.cast(backend.greater_equal(_program_uniform(backend, shape), p), dtype)


def uniform_array(backend, shape: tuple, dtype: dt.DType) -> Any:
    """Draws uniform in [0, 1) as a backend array of ``dtype`` (rrelu's slopes), from the same streams as
    ``keep_mask``."""
    if _program is None:
        return backend.asarray(_generator.random(shape), dtype)
    return backend.cast(_program_uniform(backend, shape), dtype)


def seed() -> int:
    """MindSpore's ``seed()`` (``mindspore.common.seed`` as an attribute): the default generator starts again
    from fresh entropy, which it returns; the global seed (``get_seed``) stays as it was."""
    global _generator
    fresh = int(np.random.SeedSequence().entropy % (1 << 63))
    _generator = np.random.default_rng(fresh)
    return fresh

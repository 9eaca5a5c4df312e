"""Bucketed all-reduce, as PyTorch's DDP does it: the gradients are packed into flat buckets of up to
``BUCKET_BYTES`` (one dtype each), one collective per bucket, then cut back into their shapes. One collective
per Parameter would pay the engine's latency once per tensor (a LeNet has ten)."""
from __future__ import annotations

import math
from typing import Any, Sequence

import numpy as np

from unigrad.backends.base import Backend
from unigrad.backends.collectives import Engine, ReduceOp

BUCKET_BYTES = 25 * 1024 * 1024  # DDP's default bucket_cap_mb


def _buckets(backend: Backend, arrays: Sequence[Any], bucket_bytes: int) -> list[list[int]]:
    """Indices of ``arrays`` grouped into consecutive buckets of one dtype and at most ``bucket_bytes``
    (an array larger than that is a bucket of its own)."""
    buckets: list[list[int]] = []
    size, dtype = 0, None
    for i, array in enumerate(arrays):
        kind = backend.dtype(array)
        nbytes = math.prod(backend.shape(array)) * np.dtype(kind.numpy).itemsize
        if not buckets or kind is not dtype or size + nbytes > bucket_bytes:
            buckets.append([])
            size, dtype = 0, kind
        buckets[-1].append(i)
        size += nbytes
    return buckets


def all_reduce(engine: Engine, backend: Backend, arrays: Sequence[Any], op: str = ReduceOp.SUM,
               scale: float | None = None, bucket_bytes: int = BUCKET_BYTES) -> list:
    """``arrays`` all-reduced across the group (each then multiplied by ``scale`` when given), in buckets."""
    reduced: list[Any] = [None] * len(arrays)
    for bucket in _buckets(backend, arrays, bucket_bytes):
        shapes = [tuple(backend.shape(arrays[i])) for i in bucket]
        flat = backend.concat([backend.reshape(arrays[i], (-1,)) for i in bucket], 0)  # a fresh array: ours
        flat = engine.all_reduce(flat, op)
        if scale is not None:
            flat = backend.mul(flat, scale)
        start = 0
        for i, shape in zip(bucket, shapes):
            count = math.prod(shape)
            reduced[i] = backend.reshape(backend.getitem(flat, (slice(start, start + count),)), shape)
            start += count
    return reduced

"""The backends and devices the agreement tests compare with the NumPy engine (shared by
test_backend_agreement.py and test_edge_agreement.py)."""
from __future__ import annotations

from typing import Iterator

import pytest

import unigrad

REFERENCE = "numpy"
OTHERS = [name for name in unigrad.available_backends() if name != REFERENCE]
NO_SECOND_BACKEND = "only the numpy backend is installed; agreement needs a second backend (torch or jax)"


def backends_on_devices() -> Iterator[tuple[str, str, list]]:
    """(backend, device, marks) for every installed backend but the reference: on the CPU, and on the GPU
    marked ``gpu`` and skipped with a reason where the backend sees none."""
    for other in OTHERS:
        yield other, "cpu", []
        yield other, "gpu", [pytest.mark.gpu, pytest.mark.skipif(
            not unigrad.backends.load(other).has_device("gpu"), reason=f"no GPU visible to {other} here")]

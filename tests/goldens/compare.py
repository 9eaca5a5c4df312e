"""Compare a unigrad result with a MindSpore golden (both through the golden codec); shared by
tests/test_mindspore_goldens.py and tests/test_nn_goldens.py."""
from __future__ import annotations

import numpy as np
import pytest


def compare(ours, theirs, path: str, deliberate=()) -> None:
    """Structure, dtypes and values equal; floats to rtol 1e-5. Paths in ``deliberate`` are skipped."""
    if path in deliberate:
        return
    if isinstance(theirs, dict):
        assert isinstance(ours, dict), f"{path}: expected a dict, got {type(ours).__name__}"
        assert set(ours) == set(theirs), f"{path}: keys {sorted(ours)} != {sorted(theirs)}"
        for key in theirs:
            compare(ours[key], theirs[key], f"{path}.{key}", deliberate)
    elif isinstance(theirs, (list, tuple)):
        assert isinstance(ours, (list, tuple)) and len(ours) == len(theirs), \
            f"{path}: expected a sequence of {len(theirs)}, got {ours!r}"
        for i, (o, t) in enumerate(zip(ours, theirs)):
            compare(o, t, f"{path}[{i}]", deliberate)
    elif isinstance(theirs, np.ndarray):
        ours = np.asarray(ours)
        assert ours.shape == theirs.shape, f"{path}: shape {ours.shape} != {theirs.shape}"
        if theirs.dtype.kind in "fc":
            # MindSpore's CPU kernels are not always correctly rounded (its float32 log_softmax is off
            # by ~3e-6 where unigrad matches float64 to the last bit), hence float32's 1e-5.
            np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=5e-6, err_msg=path)
        else:
            np.testing.assert_array_equal(ours, theirs, err_msg=path)
    elif isinstance(theirs, float):
        assert ours == pytest.approx(theirs, rel=1e-5, abs=5e-6), f"{path}: {ours} != {theirs}"
    else:
        assert ours == theirs, f"{path}: {ours!r} != {theirs!r}"

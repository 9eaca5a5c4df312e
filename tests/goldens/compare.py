"""Compare a unigrad result with a MindSpore golden (both through the golden codec); shared by
tests/test_mindspore_goldens.py and tests/test_nn_goldens.py."""
from __future__ import annotations

import numpy as np
import pytest


# (rtol, atol) by the golden's dtype, element by element. float16 and float64 goldens are met exactly on
# every backend (measured), so one float16 step and float64 noise. MindSpore's float32 CPU kernels are not
# always correctly rounded (nll_loss with weights off by 1.8e-6 where unigrad matches float64 to the last
# bit; 5.5e-7 relative with an absolute 4e-6), hence float32's figures; Python floats are read as float32.
TOLERANCES = {"float16": (1e-3, 1e-3), "float32": (2e-6, 4e-6), "float64": (1e-12, 1e-12)}


def compare(ours, theirs, path: str, deliberate=()) -> None:
    """Structure, dtypes and values equal; floats to their dtype's TOLERANCES. Paths in ``deliberate`` are
    skipped."""
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
            rtol, atol = TOLERANCES[theirs.dtype.name]
            np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=atol, err_msg=path)
        else:
            np.testing.assert_array_equal(ours, theirs, err_msg=path)
    elif isinstance(theirs, float):
        rtol, atol = TOLERANCES["float32"]
        assert ours == pytest.approx(theirs, rel=rtol, abs=atol), f"{path}: {ours} != {theirs}"
    else:
        assert ours == theirs, f"{path}: {ours!r} != {theirs!r}"

"""The mutation check (issue 20): the conformance suite is only as good as the errors it catches. Each
mutation in tests/mutations.py plants one slightly wrong derivative or value (a 1e-3 relative error, a
wrong slope at a kink, a dropped broadcast, another choice at NaN or a tie) in one backend; the suite's
tests of that op, run with it planted, must fail on an assertion."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from mutations import MUTATIONS

import unigrad

TESTS = Path(__file__).parent
SUITE = ["conformance", "test_mindspore_goldens.py", "test_edge_conventions.py", "test_nn_goldens.py",
         "test_sorting.py", "test_nn_layers.py"]


def test_the_catalogue_is_wide():
    """At least 20 mutations, each backend mutated, kinks and ties among them."""
    assert len(MUTATIONS) >= 20
    assert {m.backend for m in MUTATIONS.values()} == {"numpy", "torch", "jax"}
    assert sum("at_0" in name or "tie" in name for name in MUTATIONS) >= 6


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_the_suite_catches(name):
    mutation = MUTATIONS[name]
    if mutation.backend not in unigrad.available_backends():
        pytest.skip(f"{mutation.backend} is not installed")
    env = {**os.environ, "UNIGRAD_MUTATION": name}
    run = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-k",
                          mutation.select, *SUITE], cwd=TESTS, env=env, capture_output=True, text=True,
                         timeout=600)
    summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr
    assert run.returncode == 1, f"{name} was not caught (exit {run.returncode}): {summary}"
    assert "AssertionError" in run.stdout, f"{name} failed a test by crashing, not on a check:\n{run.stdout[-3000:]}"

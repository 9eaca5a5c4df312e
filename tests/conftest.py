"""Shared fixtures: ``backend`` runs a test once per available unigrad backend. With ``UNIGRAD_MUTATION``
set, one planted error (tests/mutations.py) is applied first: the mutation check runs the suite so."""
import os

import pytest

import unigrad


@pytest.fixture(params=unigrad.available_backends())
def backend(request):
    """The backend's name, with it made current for the duration of the test."""
    with unigrad.use_backend(request.param):
        yield request.param


def pytest_configure(config):
    if os.environ.get("UNIGRAD_MUTATION"):
        import mutations
        mutations.apply(os.environ["UNIGRAD_MUTATION"])

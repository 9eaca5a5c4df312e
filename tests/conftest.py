"""Shared fixtures: ``backend`` runs a test once per available unigrad backend."""
import pytest

import unigrad


@pytest.fixture(params=unigrad.available_backends())
def backend(request):
    """The backend's name, with it made current for the duration of the test."""
    with unigrad.use_backend(request.param):
        yield request.param

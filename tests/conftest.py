"""Shared fixtures: ``backend`` runs a test once per chosen unigrad backend (unigrad's own pytest plugin,
unigrad/testing/pytest_plugin.py, parametrizes it: ``--unigrad-backends`` and ``@pytest.mark.unigrad_backends``
apply, and it registers the ``gpu`` marker). With ``UNIGRAD_MUTATION`` set, one planted error
(tests/mutations.py) is applied first: the mutation check runs the suite so."""
import os

import pytest

pytest_plugins = ("pytester",)  # tests/test_pytest_plugin.py runs pytest on files it writes


@pytest.fixture
def backend(unigrad_backend):
    """The backend's name, with it made current for the duration of the test."""
    return unigrad_backend


def pytest_configure(config):
    if not config.pluginmanager.has_plugin("unigrad"):
        raise pytest.UsageError("unigrad's tests need its pytest plugin, registered by `pip install -e .` (its "
                                "pytest11 entry point); leave out -p no:unigrad")
    if os.environ.get("UNIGRAD_MUTATION"):
        import mutations
        mutations.apply(os.environ["UNIGRAD_MUTATION"])

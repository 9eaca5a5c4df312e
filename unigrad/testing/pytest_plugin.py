"""unigrad's pytest plugin, so that users run their own test suites on every backend. pytest loads it through
the ``pytest11`` entry point wherever unigrad is installed; ``pytest -p no:unigrad`` leaves it out.

* ``--unigrad-backends=numpy,torch,jax`` chooses the backends (default: every installed one);
* the ``unigrad_backend`` fixture runs a test once per chosen backend, inside ``unigrad.use_backend``, and
  gives it the backend's name (the test's id says which: ``test_x[torch]``);
* ``@pytest.mark.unigrad_backends("numpy", "torch")`` restricts a test to those of the chosen backends;
* ``@pytest.mark.gpu`` marks a test that needs a CUDA GPU: it is skipped, with the reason, where the
  backend it runs on (or, without ``unigrad_backend``, every installed backend) sees none. Looking for a
  GPU imports torch and jax, so it happens only when a GPU-marked test is about to run.
"""
from __future__ import annotations

import functools
from typing import Iterator

import pytest

import unigrad
from unigrad import backends

_SELECTED = pytest.StashKey[tuple]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("unigrad").addoption(
        "--unigrad-backends", default=None, metavar="NAMES",
        help=f"comma-separated unigrad backends that tests using the unigrad_backend fixture run on "
             f"(default: every installed one of {', '.join(backends.known_backends())})")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "unigrad_backends(*names): run the test's unigrad_backend fixture on these "
                                       "backends only, of those --unigrad-backends chose")
    config.addinivalue_line("markers", "gpu: needs a CUDA GPU (skipped with the reason where none is visible)")
    config.stash[_SELECTED] = _chosen(config.getoption("unigrad_backends"))


def _names(given: tuple[str, ...] | list[str], where: str) -> tuple[str, ...]:
    """Backend names, lower-cased, each once; UsageError naming ``where`` they came from for an unknown one."""
    names = tuple(dict.fromkeys(str(n).strip().lower() for n in given if str(n).strip()))
    unknown = [n for n in names if n not in backends.known_backends()]
    if unknown or not names:
        what = f"unknown backend {', '.join(map(repr, unknown))}" if unknown else "no backend named"
        raise pytest.UsageError(f"{where}: {what}; allowed: {', '.join(backends.known_backends())}")
    return names


def _chosen(option: str | None) -> tuple[str, ...]:
    """The backends ``--unigrad-backends`` names (every installed one when it is not given); UsageError for a
    backend that is unknown or not installed here."""
    installed = unigrad.available_backends()
    if option is None:
        return installed
    names = _names(option.split(","), f"--unigrad-backends={option}")
    missing = [n for n in names if n not in installed]
    if missing:
        raise pytest.UsageError(f"--unigrad-backends={option}: {', '.join(missing)} not installed here; install "
                                f"with pip install 'unigrad[{missing[0]}]'")
    return names


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """One run per chosen backend for each test that uses ``unigrad_backend`` (itself or through a fixture)."""
    if "unigrad_backend" not in metafunc.fixturenames:
        return
    chosen = metafunc.config.stash[_SELECTED]
    names = chosen
    marker = metafunc.definition.get_closest_marker("unigrad_backends")
    if marker is not None:
        wanted = _names(marker.args, f"@pytest.mark.unigrad_backends{marker.args} on {metafunc.definition.nodeid}")
        names = tuple(n for n in chosen if n in wanted)
    if names:
        metafunc.parametrize("unigrad_backend", names, indirect=True, ids=names)
    else:
        reason = (f"restricted to unigrad backends {', '.join(marker.args)}; this run has "
                  f"{', '.join(chosen)} (installed: {', '.join(unigrad.available_backends())})")
        metafunc.parametrize("unigrad_backend", [pytest.param(None, marks=pytest.mark.skip(reason=reason))],
                             indirect=True, ids=["no-backend"])


@pytest.fixture
def unigrad_backend(request: pytest.FixtureRequest) -> Iterator[str]:
    """The name of the backend this run of the test is on; the test runs inside ``unigrad.use_backend`` of it."""
    with unigrad.use_backend(request.param):
        yield request.param


@functools.cache
def _without_gpu(name: str) -> str:
    """Why backend ``name`` cannot run a GPU test here, or '' when it can."""
    backend = backends.load(name)
    if not backend.gpu:
        return f"the {name} backend runs on the CPU only"
    return "" if backend.has_device("gpu") else f"no CUDA GPU is visible to {name} here"


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("gpu") is None:
        return
    callspec = getattr(item, "callspec", None)
    name = callspec.params.get("unigrad_backend") if callspec is not None else None
    if name is not None:
        reason = _without_gpu(name)
    elif all(_without_gpu(n) for n in unigrad.available_backends()):
        capable = [n for n in unigrad.available_backends() if backends.load(n).gpu]
        reason = (f"no CUDA GPU is visible to {' or '.join(capable)} here" if capable else
                  "no installed backend runs on a GPU (pip install 'unigrad[torch]' or 'unigrad[jax]')")
    else:
        return
    if reason:
        pytest.skip(f"needs a CUDA GPU: {reason}")

"""unigrad's pytest plugin (unigrad/testing/pytest_plugin.py), run for real: pytest (``pytester``) on test
files written here, with the plugin loaded through its installed ``pytest11`` entry point."""
from __future__ import annotations

from importlib.metadata import entry_points

import pytest

import unigrad
from unigrad import backends

INSTALLED = unigrad.available_backends()
SEES_GPU = [n for n in INSTALLED if backends.load(n).gpu and backends.load(n).has_device("gpu")]

TESTS = """
import pytest
import unigrad

def test_runs_inside_its_backend(unigrad_backend):
    assert unigrad.get_backend() == unigrad_backend
    assert unigrad.Tensor([1.0]).backend == unigrad_backend

@pytest.mark.unigrad_backends("torch", "numpy")
def test_restricted(unigrad_backend):
    assert unigrad_backend in ("numpy", "torch")

def test_plain():
    assert unigrad.get_backend() == "numpy"  # the fixture's backend is left behind after each test
"""


def test_the_entry_point_is_installed():
    (plugin,) = [e for e in entry_points(group="pytest11") if e.name == "unigrad"]
    assert plugin.value == "unigrad.testing.pytest_plugin"


def test_the_fixture_runs_a_test_once_per_backend_inside_it(pytester):
    pytester.makepyfile(TESTS)
    result = pytester.runpytest("-v", "-p", "no:cacheprovider")
    restricted = [n for n in INSTALLED if n in ("numpy", "torch")]
    result.assert_outcomes(passed=len(INSTALLED) + len(restricted) + 1)
    result.stdout.fnmatch_lines_random([f"*test_runs_inside_its_backend[[]{n}[]] PASSED*" for n in INSTALLED]
                                       + [f"*test_restricted[[]{n}[]] PASSED*" for n in restricted])
    assert "test_restricted[jax]" not in result.stdout.str()


@pytest.mark.skipif("torch" not in INSTALLED, reason="needs torch installed (pip install 'unigrad[torch]')")
def test_the_option_chooses_the_backends_and_a_restricted_test_says_why_it_skips(pytester):
    pytester.makepyfile(TESTS.replace('"torch", "numpy"', '"torch"'))
    result = pytester.runpytest("-v", "-rs", "-p", "no:cacheprovider", "--unigrad-backends=numpy")
    result.assert_outcomes(passed=2, skipped=1)
    result.stdout.fnmatch_lines(["*test_runs_inside_its_backend[[]numpy[]] PASSED*",
                                 "SKIPPED [[]1[]] *restricted to unigrad backends torch; this run has numpy "
                                 f"(installed: {', '.join(INSTALLED)})"])
    result = pytester.runpytest("-v", "-p", "no:cacheprovider", "--unigrad-backends= Torch,numpy")
    result.stdout.fnmatch_lines(["*test_runs_inside_its_backend[[]torch[]] PASSED*",  # in the option's order
                                 "*test_runs_inside_its_backend[[]numpy[]] PASSED*",
                                 "*test_restricted[[]torch[]] PASSED*"])


def test_unknown_backends_are_usage_errors(pytester):
    pytester.makepyfile(TESTS)
    result = pytester.runpytest("-p", "no:cacheprovider", "--unigrad-backends=numpy,mxnet")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--unigrad-backends=numpy,mxnet: unknown backend 'mxnet'; "
                                 "allowed: numpy, torch, jax"])
    pytester.makepyfile(test_marker="""
        import pytest
        @pytest.mark.unigrad_backends("tensorflow")
        def test_x(unigrad_backend):
            pass
    """)
    result = pytester.runpytest("-p", "no:cacheprovider", "test_marker.py")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*unigrad_backends('tensorflow',) on test_marker.py::test_x: unknown backend "
                                 "'tensorflow'; allowed: numpy, torch, jax*"])


def test_gpu_marked_tests_skip_with_the_reason_where_no_gpu_is_visible(pytester):
    pytester.makepyfile("""
        import pytest

        @pytest.mark.gpu
        def test_any_gpu():
            pass

        @pytest.mark.gpu
        def test_on_each_backend(unigrad_backend):
            pass
    """)
    result = pytester.runpytest("-v", "-rs", "-p", "no:cacheprovider", "--strict-markers")
    for name in INSTALLED:
        if name == "numpy":
            result.stdout.fnmatch_lines(["SKIPPED [[]1[]] *: needs a CUDA GPU: the numpy backend runs on the CPU only"])
        elif name in SEES_GPU:
            result.stdout.fnmatch_lines([f"*test_on_each_backend[[]{name}[]] PASSED*"])
        else:
            result.stdout.fnmatch_lines([f"SKIPPED [[]1[]] *: needs a CUDA GPU: no CUDA GPU is visible to {name} here"])
    if SEES_GPU:
        result.stdout.fnmatch_lines(["*test_any_gpu PASSED*"])
    else:
        capable = " or ".join(n for n in INSTALLED if n != "numpy")
        result.stdout.fnmatch_lines([f"SKIPPED [[]1[]] *: needs a CUDA GPU: no CUDA GPU is visible to {capable} here"])


def test_the_plugin_can_be_left_out(pytester):
    pytester.makepyfile(TESTS)
    result = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:unigrad")
    result.assert_outcomes(passed=1, errors=2)  # the two tests that use unigrad_backend
    result.stdout.fnmatch_lines(["*fixture 'unigrad_backend' not found*"])
    result = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:unigrad", "--unigrad-backends=numpy")
    assert result.ret == pytest.ExitCode.USAGE_ERROR


def test_the_projects_backend_fixture_is_the_plugins(backend, request):
    assert request.node.callspec.params["unigrad_backend"] == backend == unigrad.get_backend()
    assert request.node.callspec.id == backend

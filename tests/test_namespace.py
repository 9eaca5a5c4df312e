"""MindSpore's exact namespace: every public name of ``unigrad``, ``unigrad.ops`` and ``unigrad.nn`` is a name
MindSpore 2.10 has there, of the same kind (module, class, callable or value), recorded from real
MindSpore by tools/record_mindspore_namespace.py. So no implementation module can shadow an op
(``ops.shape`` was once the module of the shape ops) and no helper leaks into a MindSpore namespace.
"""
from __future__ import annotations

import importlib
import importlib.util
import json
import pathlib
import types

import numpy as np
import pytest

import unigrad
import unigrad.testing  # noqa: F401  (a submodule of unigrad's own: it must not count as a MindSpore name)
from unigrad import Tensor, nn, ops

GOLDEN = pathlib.Path(__file__).resolve().parent / "goldens" / "mindspore_2.10_namespace.json"
MINDSPORE = json.loads(GOLDEN.read_text())["namespaces"]

# unigrad's own names, beside MindSpore's: the choice of backend and device, and its tools
OWN = {
    "unigrad": {"available_backends": "callable", "get_backend": "callable", "set_backend": "callable",
                "use_backend": "callable", "use_device": "callable", "backends": "module", "testing": "module",
                "cli": "module"},
    "unigrad.ops": {},
    "unigrad.nn": {},
}
NAMESPACES = {"unigrad": ("mindspore", unigrad), "unigrad.ops": ("mindspore.ops", ops), "unigrad.nn": ("mindspore.nn", nn)}
# the modules that serve the other paths real code writes (``import mindspore.common.dtype as mstype``,
# ``P.Reshape``): they re-export, so they hold only names MindSpore has there, of the same kind
ALSO_WRITTEN = ("common", "common.dtype", "common.tensor", "common.parameter", "ops.operations", "ops.functional",
                "ops.composite", "ops.function", "nn.optim.momentum", "log", "mint", "mint.nn",
                "numpy")
NAMESPACES.update({f"unigrad.{path}": (f"mindspore.{path}", importlib.import_module(f"unigrad.{path}"))
                   for path in ALSO_WRITTEN})


def _load(path: pathlib.Path):
    spec = importlib.util.spec_from_file_location("record_mindspore_namespace", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


kind = _load(GOLDEN.parents[2] / "tools" / "record_mindspore_namespace.py").kind  # what a name is, as recorded


def _public(module) -> list[str]:
    """Public names; not '@py_builtins' and '@pytest_ar', which pytest's assertion rewriting adds to every module of
    a package that provides a pytest plugin (unigrad does) and no code can spell."""
    return sorted(n for n in dir(module) if not n.startswith("_") and n.isidentifier())


@pytest.mark.parametrize("namespace", sorted(NAMESPACES))
def test_every_public_name_is_mindspores_of_the_same_kind(namespace):
    mindspore_name, module = NAMESPACES[namespace]
    theirs, own = MINDSPORE[mindspore_name], OWN.get(namespace, {})
    wrong = []
    for name in _public(module):
        expected = own.get(name, theirs.get(name))
        if expected is None:
            wrong.append(f"{name} ({kind(getattr(module, name))}): not in {mindspore_name}")
        elif kind(getattr(module, name)) != expected:
            wrong.append(f"{name} is a {kind(getattr(module, name))}, {mindspore_name}.{name} a {expected}")
    assert not wrong, f"{namespace}: " + "; ".join(wrong)


def test_the_golden_is_mindspore_2_10():
    recorded = json.loads(GOLDEN.read_text())
    assert recorded["mindspore_version"].startswith("2.10")
    assert MINDSPORE["mindspore.ops"]["shape"] == "callable" and MINDSPORE["mindspore"]["tensor"] == "callable"


def test_the_callables_that_modules_once_shadowed():
    x = Tensor(np.zeros((2, 3), np.float32))
    assert ops.shape(x) == (2, 3) and type(ops.shape(x)) is tuple
    assert ops.dtype(x) is unigrad.float32
    made = unigrad.tensor([1.0, 2.0], unigrad.float64)
    assert isinstance(made, Tensor) and made.dtype is unigrad.float64
    assert unigrad.tensor(np.ones((2,), np.int32)).dtype is unigrad.int32
    assert isinstance(unigrad.jit, types.FunctionType) and callable(unigrad.jit(lambda v: v))
    with pytest.raises(TypeError, match="input_x must be a Tensor, got list"):
        ops.shape([1, 2])
    with pytest.raises(ValueError, match="device='Ascend' is not taken"):
        unigrad.tensor([1.0], device="Ascend")


def test_helpers_are_not_ops():
    """Helpers of the implementation stay out of ``unigrad.ops`` (they were public once)."""
    for helper in ("pool_padding", "max_pool2d_pads", "avg_pool2d_pads", "ceil_mode_pads", "getitem", "index_put",
                   "batch_matmul", "relu_generic", "math", "shape_", "nn_functional"):
        assert not hasattr(ops, helper), helper

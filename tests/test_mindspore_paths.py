"""Every path real MindSpore code writes a name under resolves on unigrad, to the kind of object MindSpore 2.10 has
there: the top rows of the ranked list (../shared/mindspore-api-usage.tsv), recorded with their written paths by
tools/record_mindspore_paths.py into tests/goldens/mindspore_2.10_paths.json.

The names unigrad claims are that file's rows, less ``NOT_YET`` (each with what it lacks). Each claimed path is
checked twice: under ``import unigrad as mindspore`` and under ``unigrad run``'s import hook (``import mindspore.X``).
"""
from __future__ import annotations

import importlib.util
import json
import os
import pathlib
import subprocess
import sys
import textwrap

import pytest

from unigrad.cli import _hook

ROOT = pathlib.Path(__file__).resolve().parents[1]
GOLDEN = json.loads((ROOT / "tests" / "goldens" / "mindspore_2.10_paths.json").read_text())


def _load(path: pathlib.Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


recorder = _load(ROOT / "tools" / "record_mindspore_paths.py")

# rows in scope that unigrad does not provide yet (at every path): the path that is missing, and why
NOT_YET: dict[str, str] = {}


def _claimed() -> list[tuple[str, str, str]]:
    """(row name, written path, MindSpore's kind there) of every claimed path."""
    return [(row["name"], path, kind) for row in GOLDEN["rows"]
            for path, kind in row["paths"].items() if path not in NOT_YET and row["name"] not in NOT_YET]


CLAIMED = _claimed()


def _kind_on_unigrad(path: str, root: str) -> str:
    try:
        return recorder.kind(recorder.resolve(recorder.full_path(path), root))
    except (AttributeError, ImportError) as err:
        return f"missing ({type(err).__name__}: {err})"


def test_the_golden_is_the_top_300_of_mindspore_2_10():
    assert GOLDEN["mindspore_version"].startswith("2.10") and GOLDEN["top"] == 300
    assert len(CLAIMED) > 250


@pytest.mark.parametrize("root", ["unigrad", "mindspore"], ids=["import_unigrad_as_mindspore", "unigrad_run_hook"])
def test_every_claimed_path_resolves_to_mindspores_kind(root):
    with _hook.serving_mindspore():
        wrong = [f"{path}: {got}, MindSpore has a {kind}" for name, path, kind in CLAIMED
                 if (got := _kind_on_unigrad(path, root)) != kind]
    assert not wrong, f"{len(wrong)} of {len(CLAIMED)} claimed paths:\n" + "\n".join(wrong)


def test_not_yet_names_rows_of_the_list():
    written = {path for row in GOLDEN["rows"] for path in row["paths"]}
    assert set(NOT_YET) <= written, sorted(set(NOT_YET) - written)


def test_the_import_statements_real_code_writes_run_under_unigrad_run(tmp_path):
    """``python -m unigrad run`` on a script written as MindSpore code writes its imports."""
    script = tmp_path / "port.py"
    script.write_text(textwrap.dedent("""
        import mindspore.common.dtype as mstype
        import mindspore.numpy as mnp
        from mindspore.common.tensor import Tensor
        from mindspore.common.parameter import Parameter, ParameterTuple
        from mindspore.common import set_seed
        from mindspore.ops import operations as P, functional as F, composite as C
        from mindspore.nn.optim.momentum import Momentum
        from mindspore import context
        set_seed(1)
        context.set_context(mode=context.PYNATIVE_MODE)
        x = P.Cast()(mnp.arange(6).reshape(2, 3), mstype.float32)
        w = Parameter(Tensor([1.0, 2.0, 3.0], mstype.float32), name="w")
        scale = C.MultitypeFuncGraph("scale")
        @scale.register("Number", "Tensor")
        def _scale(s, g):
            return g * s
        y = C.HyperMap()(F.partial(scale, 2.0), (P.ExpandDims()(x, 0), w))
        print(P.Shape()(y[0]), F.cast(y[1], mstype.int32).asnumpy().tolist(), C.clip_by_value(x, 1.0, 2.0).sum())
    """))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "unigrad", "run", str(script)], capture_output=True, text=True,
                          timeout=300, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["(1,", "2,", "3)", "[2,", "4,", "6]", "10.0"]

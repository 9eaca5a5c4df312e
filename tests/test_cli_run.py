"""``unigrad run``: unmodified MindSpore scripts run on unigrad, in real processes (``python -m unigrad`` and the
installed ``unigrad`` console script), as ``python script.py`` runs them; names unigrad lacks fail with the
MindSpore name and the user's line; ``--list-missing`` finds them without running the script. The examples
run with their ``import unigrad`` lines turned back into MindSpore's and print what MindSpore printed."""
from __future__ import annotations

import json
import os
import re
import runpy
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

import unigrad
from unigrad.cli import (AttributeNotProvidedError, ImportNotProvidedError, NotProvidedError, main,
                         serving_mindspore)
from unigrad.cli._run import run_script, split_at_script
from test_beginner_tutorials import compare  # the beginner pages' printout against MindSpore's
from test_mnist_tutorial import GOLDEN as MNIST_GOLDEN, masked, weights  # noqa: F401  (weights: a fixture)

ROOT = Path(__file__).resolve().parent.parent
CONSOLE_SCRIPT = Path(sys.executable).parent / "unigrad"
ENV = {k: v for k, v in os.environ.items() if k not in ("UNIGRAD_BACKEND", "UNIGRAD_DEVICE")}

HELPER = '''
import numpy as np

import mindspore
import mindspore.common.dtype as mstype
from mindspore import nn


def make_net():
    weight = mindspore.Tensor(np.linspace(-0.5, 0.5, 6).reshape(2, 3), mstype.float32)
    return nn.Dense(3, 2, weight_init=weight, bias_init="zeros")
'''

TRAIN = '''
"""A MindSpore script as its users write it: nothing but mindspore imports."""
import json
import os
import sys

import numpy as np

import mindspore
import mindspore.dataset as ds
from mindspore import nn, ops
from mindspore.train import Model

from helper import make_net  # beside the script: its folder is sys.path[0]

data = np.load(sys.argv[1])  # a path relative to the working directory
x, y = mindspore.Tensor(data["x"]), mindspore.Tensor(data["y"])
net = make_net()
loss_fn = nn.MSELoss()
optimizer = nn.SGD(net.trainable_params(), learning_rate=0.1)


def forward(inputs, targets):
    return loss_fn(net(inputs), targets)


grad_fn = mindspore.value_and_grad(forward, None, optimizer.parameters)
losses = []
for _ in range(3):
    loss, grads = grad_fn(x, y)
    optimizer(grads)
    losses.append(float(loss.asnumpy()))
dataset = ds.NumpySlicesDataset({"data": data["x"], "label": data["y"]}, shuffle=False).batch(4)
Model(net, loss_fn, optimizer).train(1, dataset)
losses.append(float(forward(x, y).asnumpy()))
print(json.dumps({"argv": sys.argv, "name": __name__, "file": __file__, "path0": sys.path[0], "cwd": os.getcwd(),
                  "backend": mindspore.get_backend(), "device": mindspore.get_context("device_target"),
                  "losses": losses}))
'''


def unigrad_run(*args: str, cwd: Path, console_script: bool = False) -> subprocess.CompletedProcess:
    """``python -m unigrad run ARGS`` (or the installed ``unigrad run ARGS``) in a fresh process."""
    command = [str(CONSOLE_SCRIPT)] if console_script else [sys.executable, "-m", "unigrad"]
    return subprocess.run([*command, "run", *args], cwd=cwd, capture_output=True, text=True, timeout=300, env=ENV)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"))
    return path


def test_pip_install_made_the_console_script(capsys):
    """The console script exists (it runs in the next test) and calls ``unigrad.cli.main``."""
    assert CONSOLE_SCRIPT.is_file(), f"{CONSOLE_SCRIPT} is missing: run `pip install -e .` (pyproject's [project.scripts])"
    assert "from unigrad.cli import main" in CONSOLE_SCRIPT.read_text()
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0 and capsys.readouterr().out == f"unigrad {unigrad.__version__}\n"


def test_a_mindspore_script_runs_on_every_backend(tmp_path):
    """The same script, data and options on each backend (the first through the console script): run as
    ``python proj/train.py`` would run it (argv as typed, ``__main__``, ``__file__`` absolute, its folder on
    sys.path[0], the working directory kept), on the backend asked for, with the same losses everywhere."""
    write(tmp_path / "proj" / "helper.py", HELPER)
    write(tmp_path / "proj" / "train.py", TRAIN)
    x = np.random.default_rng(0).normal(size=(8, 3)).astype(np.float32)
    np.savez(tmp_path / "inputs.npz", x=x, y=x @ np.ones((3, 2), np.float32))
    # the script's own arguments may look like unigrad's: everything after the script is the script's
    script_args = ["inputs.npz", "--backend", "x", "--", "-v"]
    results = {}
    for i, backend in enumerate(unigrad.available_backends()):
        done = unigrad_run("--backend", backend, "proj/train.py", *script_args, cwd=tmp_path,
                           console_script=i == 0)
        assert done.returncode == 0, done.stderr
        results[backend] = json.loads(done.stdout)
    for backend, got in results.items():
        assert got["argv"] == ["proj/train.py", *script_args]
        assert got["name"] == "__main__" and got["file"] == str(tmp_path / "proj" / "train.py")
        assert got["path0"] == str((tmp_path / "proj").resolve()) and got["cwd"] == str(tmp_path)
        assert got["backend"] == backend and got["device"] == "CPU"
        assert got["losses"][-1] < got["losses"][0] / 2
        np.testing.assert_allclose(got["losses"], results["numpy"]["losses"], rtol=1e-5)


def test_tracebacks_and_exit_status_are_pythons(tmp_path):
    """A script that raises, and one that does not parse: the same stderr and exit status as ``python``."""
    write(tmp_path / "fails.py", '''
        import sys


        def check(value):
            raise ValueError(f"bad value {value}")


        check(sys.argv[1])
    ''')
    write(tmp_path / "broken.py", "x = = 1\n")
    write(tmp_path / "exits.py", "import sys\nsys.exit(3)\n")
    for script, status in (("fails.py", 1), ("broken.py", 1), ("exits.py", 3)):
        python = subprocess.run([sys.executable, script, "7"], cwd=tmp_path, capture_output=True, text=True)
        done = unigrad_run(script, "7", cwd=tmp_path)
        assert (done.returncode, done.stderr) == (python.returncode, python.stderr) and python.returncode == status


def test_a_traceback_through_unigrad_starts_at_the_users_line(tmp_path):
    """An error raised inside unigrad: the traceback begins at the script's line (no frames of unigrad run)."""
    write(tmp_path / "shapes.py", '''
        import numpy as np
        from mindspore import ops, Tensor

        a = Tensor(np.ones((2, 3), np.float32))
        ops.matmul(a, a)
    ''')
    done = unigrad_run("shapes.py", cwd=tmp_path)
    assert done.returncode == 1
    first = done.stderr.splitlines()[:3]
    assert first == ["Traceback (most recent call last):", f'  File "{tmp_path / "shapes.py"}", line 5, in <module>',
                     "    ops.matmul(a, a)"], done.stderr
    assert "unigrad/cli" not in done.stderr


def test_a_missing_name_names_itself_and_the_users_line(tmp_path):
    """``ops.coo_abs`` read in a function: one error with the MindSpore name and the user's file:line; the
    probes scripts use (hasattr, getattr with a default) still answer no."""
    write(tmp_path / "train.py", '''
        import mindspore
        from mindspore import ops

        print(hasattr(ops, "coo_abs"), getattr(ops, "coo_abs", None))
        def bucket(x):
            return ops.coo_abs(x, [1.0])

        bucket(mindspore.Tensor([0.5]))
    ''')
    done = unigrad_run("train.py", cwd=tmp_path)
    assert done.returncode == 1 and done.stdout == "False None\n"
    assert done.stderr.splitlines()[-1] == ("unigrad.cli.AttributeNotProvidedError: mindspore.ops.coo_abs is not "
                                            "provided by unigrad (train.py:6)"), done.stderr
    assert f'File "{tmp_path / "train.py"}", line 6, in bucket' in done.stderr and "_hook.py" not in done.stderr


@pytest.fixture
def in_folder(tmp_path, monkeypatch):
    """A scratch folder as the working directory, and a clean ``mindspore`` served in this process."""
    monkeypatch.chdir(tmp_path)
    with serving_mindspore():
        yield tmp_path
    assert "mindspore" not in sys.modules


def run_file(folder: Path, source: str) -> dict:
    return runpy.run_path(str(write(folder / "script.py", source)), run_name="__main__")


@pytest.mark.parametrize("source, name, line", [
    ("from mindspore.ops import coo_abs\n", "mindspore.ops.coo_abs", 1),
    ("import mindspore\nimport mindspore.missing_module\n", "mindspore.missing_module", 2),
    ("import mindspore.nn.probability.bnn_layers as bnn\n", "mindspore.nn.probability", 1),
])
def test_imports_of_missing_names_raise_an_import_error_naming_them(in_folder, source, name, line):
    with pytest.raises(ImportNotProvidedError) as caught:
        run_file(in_folder, source)
    assert str(caught.value) == f"{name} is not provided by unigrad (script.py:{line})"
    assert isinstance(caught.value, ImportError) and isinstance(caught.value, NotProvidedError)
    assert (caught.value.mindspore_name, caught.value.filename, caught.value.lineno) == (name, "script.py", line)


def test_the_idioms_that_probe_for_a_name_keep_working(in_folder):
    got = run_file(in_folder, '''
        import mindspore
        try:
            from mindspore.parallel import transform_checkpoints as init
        except ImportError:
            init = None
        try:
            import mindspore.nn.probability
            probability = True
        except ImportError:
            probability = False
        from mindspore import nn
        dense = getattr(nn, "Dense", None)
        has_fancy = hasattr(nn, "FancyLayer")
    ''')
    assert got["init"] is None and got["probability"] is False and got["has_fancy"] is False
    assert got["dense"] is unigrad.nn.Dense


def test_a_near_miss_suggests_the_name(in_folder):
    with pytest.raises(AttributeNotProvidedError, match=r"mindspore\.ops\.sofmax is not provided by unigrad "
                                                        r"\(script\.py:2\); did you mean mindspore\.ops\.softmax\?"):
        run_file(in_folder, "import mindspore as ms\nms.ops.sofmax\n")


def test_a_name_that_is_there_but_not_a_module(in_folder):
    with pytest.raises(ModuleNotFoundError, match=r"mindspore\.ops\.add is a function, not a module"):
        run_file(in_folder, "import mindspore.ops.add\n")


def test_served_modules_hold_unigrads_objects(in_folder):
    """Every spelling of a MindSpore import reaches unigrad's very objects, each read on first access (a tool
    that wraps a unigrad function before the script uses it is seen); ``import *`` takes the public names."""
    got = run_file(in_folder, '''
        import mindspore as ms
        import mindspore.common.dtype as mstype
        import mindspore.dataset.vision
        from mindspore.common.tensor import Tensor
        from mindspore.common import dtype
        from mindspore.ops import operations as P, functional as F
        from mindspore.nn import *
        import mindspore.nn as nn
    ''')
    assert got["mstype"].float32 is unigrad.float32 and got["dtype"] is got["mstype"]
    assert got["Tensor"] is unigrad.Tensor and got["P"].MatMul is unigrad.ops.MatMul and got["F"].relu is unigrad.ops.relu
    assert got["Dense"] is unigrad.nn.Dense and got["nn"] is got["ms"].nn is sys.modules["mindspore.nn"]
    assert got["ms"].dataset.vision.Resize is unigrad.dataset.vision.Resize
    original = unigrad.value_and_grad
    unigrad.value_and_grad = wrapped = lambda *a, **k: original(*a, **k)  # a tool's wrapper, before first use
    try:
        assert "value_and_grad" not in vars(got["ms"]) and got["ms"].value_and_grad is wrapped
    finally:
        unigrad.value_and_grad = original
    assert vars(got["ms"])["value_and_grad"] is wrapped  # kept: later reads are plain module reads


def test_list_missing_reads_the_script_without_running_it(tmp_path):
    write(tmp_path / "port.py", '''
        import mindspore as ms
        import mindspore.dataset as ds
        from mindspore import ops, Tensor
        from mindspore.parallel import transform_checkpoints
        from mindspore.ops import operations as P

        raise SystemExit("never run")
        x = ms.ops.coo_abs(Tensor([1.0]), [1.0])
        y = ops.softmax(x).asnumpy()
        ds.vision.Resize(3), ds.vision.NotThere(3)
        ms.parallel.transform_checkpoints()
        P.MatMul(), P.NotAPrimitive()
        ms.nn.Dense(2, 3).construct
        ms.some_setting = 1
    ''')
    done = unigrad_run("--list-missing", "port.py", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines() == [
        "port.py:4: mindspore.parallel.transform_checkpoints is not provided by unigrad",
        "port.py:8: mindspore.ops.coo_abs is not provided by unigrad",
        "port.py:10: mindspore.dataset.vision.NotThere is not provided by unigrad",
        "port.py:11: mindspore.parallel.transform_checkpoints is not provided by unigrad",
        "port.py:12: mindspore.ops.operations.NotAPrimitive is not provided by unigrad",
        "5 uses of MindSpore names that unigrad lacks in port.py (13 distinct names checked)",
    ]


def test_list_missing_exits_0_when_unigrad_has_everything(capsys):
    assert main(["run", "--list-missing", str(ROOT / "examples" / "beginner" / "autograd.py")]) == 0
    assert "unigrad provides every MindSpore name it uses" in capsys.readouterr().out


def test_bad_invocations_exit_2_with_a_reason(tmp_path, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["run", "--backend", "tensorflow", "x.py"])
    assert caught.value.code == 2 and "invalid choice: 'tensorflow'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        main(["run"])
    assert caught.value.code == 2 and "required: script" in capsys.readouterr().err
    assert run_script(str(tmp_path / "absent.py"), []) == 2
    assert "can't open file" in capsys.readouterr().err
    with unigrad.use_backend("numpy"):
        assert run_script(str(write(tmp_path / "ok.py", "pass\n")), [], device="gpu") == 2
    assert "runs on the CPU only" in capsys.readouterr().err


def test_the_script_is_the_first_argument_that_is_not_unigrads():
    assert split_at_script(["--backend", "jax", "a.py", "--backend", "b"], ("--backend",)) == (
        ["--backend", "jax"], ["a.py", "--backend", "b"])
    assert split_at_script(["--list-missing", "--", "-odd.py", "x"], ("--backend",)) == (["--list-missing"],
                                                                                        ["-odd.py", "x"])


def as_mindspore(source: Path, target: Path) -> Path:
    """A copy of an example with its ``import unigrad`` lines turned back into the tutorial's own."""
    text = re.sub(r"^import unigrad as mindspore$", "import mindspore", source.read_text(), flags=re.M)
    text = re.sub(r"^(\s*)(import|from) unigrad\b", r"\1\2 mindspore", text, flags=re.M)
    assert re.search(r"^\s*(import|from) mindspore", text, re.M) and not re.search(r"^\s*(import|from) unigrad",
                                                                                text, re.M)
    target.write_text(text)
    return target


BEGINNER_PAGES = sorted(p.stem for p in (ROOT / "examples" / "beginner").glob("*.py") if not p.stem.startswith("_"))


def test_every_example_is_run_by_a_test_here():
    """A new example must join the tests below: each runs under ``unigrad run`` as MindSpore wrote it."""
    examples = {p.relative_to(ROOT / "examples").as_posix() for p in (ROOT / "examples").rglob("*.py")
                if not p.name.startswith("_")}
    covered = {f"beginner/{name}.py" for name in BEGINNER_PAGES} | {
        "mnist_tutorial.py", "quick_start.py", "grad_operation.py", "functional_autodiff.py",
        "distributed_data_parallel.py"}  # the last under unigrad launch, in tests/test_data_parallel.py
    assert examples == covered


@pytest.mark.parametrize("name", BEGINNER_PAGES)
def test_beginner_pages_run_unmodified_and_print_what_mindspore_printed(name, tmp_path):
    pages = tmp_path / "beginner"
    pages.mkdir()
    shutil.copy(ROOT / "examples" / "beginner" / "_fixed.py", pages)  # the pages' helper, beside them
    script = as_mindspore(ROOT / "examples" / "beginner" / f"{name}.py", pages / f"{name}.py")
    golden = json.loads((ROOT / "tests" / "goldens" / "beginner" / f"{name}.json").read_text())
    argv = [arg.replace("{data}", str(ROOT / "data")) for arg in golden["argv"]]
    done = unigrad_run(str(script), *argv, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert compare(done.stdout, golden["stdout"], name) == []


@pytest.mark.parametrize("name", ["grad_operation.py", "functional_autodiff.py"])
def test_the_autodiff_examples_run_unmodified(name, tmp_path):
    done = unigrad_run(str(as_mindspore(ROOT / "examples" / name, tmp_path / name)), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()


def test_the_mindspore_quick_start_runs_unmodified(tmp_path):
    """examples/quick_start.py is MindSpore's own text (``import mindspore``): three epochs on the shipped digits,
    the checkpoint saved, loaded into a new network and used to predict."""
    done = unigrad_run("--backend", "torch", str(ROOT / "examples" / "quick_start.py"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    accuracies = [float(a) for a in re.findall(r"Accuracy: (\S+)%", done.stdout)]
    assert len(accuracies) == 3 and accuracies[-1] > 70, done.stdout
    assert "Saved Model to model.ckpt\n[]\nPredicted: " in done.stdout


def test_the_quick_start_runs_unmodified_with_mindsporess_numbers(weights, tmp_path):  # noqa: F811
    """examples/mnist_tutorial.py as MindSpore wrote it, one epoch on 1,000 digits from the recorded weights:
    MindSpore 2.10's losses and printout (as tests/test_mnist_tutorial.py checks the ported file)."""
    mindspore = MNIST_GOLDEN["one_epoch"]
    script = as_mindspore(ROOT / "examples" / "mnist_tutorial.py", tmp_path / "mnist_tutorial.py")
    done = unigrad_run(str(script), *mindspore["argv"], "--data", str(ROOT / "data" / "MNIST_Data"),
                       "--weights", str(weights), "--json", "out.json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    got = json.loads((tmp_path / "out.json").read_text())
    np.testing.assert_allclose(got["loss"], mindspore["loss"], rtol=0, atol=1e-3)
    assert masked(done.stdout) == masked(mindspore["stdout"])


@pytest.mark.gpu
def test_device_gpu_puts_the_script_on_the_gpu(tmp_path):
    """``--device gpu`` on each backend that sees a GPU: the script's Tensors are made there."""
    on_gpu = [name for name in unigrad.available_backends() if unigrad.backends.load(name).has_device("gpu")]
    if not on_gpu:
        pytest.skip("no GPU visible to torch or jax here")
    write(tmp_path / "gpu.py", '''
        import mindspore
        x = mindspore.ops.ones((2, 2)) * 3
        print(mindspore.get_context("device_target"), getattr(x._data, "device", None) or x._data.devices())
    ''')
    for backend in on_gpu:
        done = unigrad_run("--backend", backend, "--device", "gpu", "gpu.py", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("GPU ") and re.search(r"cuda|gpu", done.stdout.split(" ", 1)[1], re.I), done.stdout

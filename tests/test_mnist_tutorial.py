"""examples/mnist_tutorial.py, MindSpore's quick start, run as users run it on every backend from the weights
tools/record_mindspore_mnist_tutorial.py gave MindSpore 2.10: the same losses, accuracy and printed text."""
from __future__ import annotations

import json
import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import unigrad

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "mnist_tutorial.py"
GOLDEN = json.loads((ROOT / "tests" / "goldens" / "mindspore_2.10_mnist_tutorial.json").read_text())


@pytest.fixture(scope="module")
def weights(tmp_path_factory):
    """The recorder's fixed_weights() as an npz, as it handed them to MindSpore."""
    recipe = runpy.run_path(str(ROOT / "tools" / "record_mindspore_mnist_tutorial.py"), run_name="recipe")
    path = tmp_path_factory.mktemp("weights") / "weights.npz"
    np.savez(path, **recipe["fixed_weights"]())
    return path


def run(backend, argv, tmp_path):
    """The example's stdout and --json record, run in a fresh process on ``backend``."""
    out = tmp_path / f"{backend}.json"
    done = subprocess.run([sys.executable, str(EXAMPLE), *argv, "--json", str(out)], capture_output=True,
                          text=True, timeout=600, env=dict(os.environ, UNIGRAD_BACKEND=backend))
    assert done.returncode == 0, done.stderr
    return done.stdout, json.loads(out.read_text())


def masked(text):
    """The text with each decimal number's digits hidden, keeping its width and decimal places."""
    return re.sub(r"\d+\.\d+", lambda m: re.sub(r"\d", "#", m.group()), text)


# One epoch on 1,000 digits on every backend; the three epochs on 4,000 (189 steps, ~4x longer) on NumPy only,
# to keep the file near a minute (torch and jax also agree there: within 1e-4, the same accuracies +-0.1).
RUNS = [(name, "one_epoch") for name in unigrad.available_backends()]
RUNS.append(pytest.param("numpy", "three_epochs_in_order", marks=pytest.mark.slow))


@pytest.mark.parametrize("backend, variant", RUNS)
def test_same_losses_and_accuracy_as_mindspore(backend, variant, weights, tmp_path):
    """From the same weights, in file order: every step's loss within 1e-3 of MindSpore's, each test's
    accuracy within 1 point and average loss within 1e-3, and the printout line for line as MindSpore's
    (the cells' repr, dtypes, `loss: 2.299743  [  0/ 16]`, `Test: \\n Accuracy: 22.3%, ...`)."""
    mindspore = GOLDEN[variant]
    stdout, got = run(backend, [*mindspore["argv"], "--weights", str(weights)], tmp_path)
    assert len(got["loss"]) == len(mindspore["loss"]) == got["steps_per_epoch"] * len(mindspore["accuracy"])
    np.testing.assert_allclose(got["loss"], mindspore["loss"], rtol=0, atol=1e-3)
    np.testing.assert_allclose(got["accuracy"], mindspore["accuracy"], rtol=0, atol=1.0)
    np.testing.assert_allclose(got["avg_loss"], mindspore["avg_loss"], rtol=0, atol=1e-3)
    assert masked(stdout) == masked(mindspore["stdout"])
    # the printed numbers are the recorded ones: each epoch's first loss, and the test results
    printed = [float(v) for v in re.findall(r"^loss: +(\S+)  \[", stdout, re.M)]
    np.testing.assert_allclose(printed, got["loss"][::got["steps_per_epoch"]], rtol=0, atol=5e-7)
    assert f"Accuracy: {got['accuracy'][-1]:.1f}%, Avg loss: {got['avg_loss'][-1]:f} \n" in stdout


def test_plot_draws_the_loss_curve(tmp_path):
    """--plot writes a PNG of the loss curve (matplotlib, the optional `plot` extra); the tutorial's own
    program otherwise: default initial weights, shuffled."""
    image = pytest.importorskip("matplotlib.image")
    png = tmp_path / "loss.png"
    stdout, got = run("numpy", ["--epochs", "2", "--train-samples", "256", "--test-samples", "64", "--plot",
                                str(png)], tmp_path)
    assert stdout.endswith(f"Done!\nSaved the loss curve to {png}\n")
    assert len(got["loss"]) == 8 and len(got["accuracy"]) == 2
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    pixels = image.imread(str(png))
    assert pixels.shape[:2] == (400, 700)
    assert len(np.unique(pixels.reshape(-1, pixels.shape[-1]), axis=0)) > 2  # a curve and axes, not a blank

"""Record what MindSpore prints for examples/mnist_tutorial.py, started from fixed weights.

    /work/msvenv/bin/python tools/record_mindspore_mnist_tutorial.py

Runs the example file itself under MindSpore (``unigrad``, ``unigrad.nn`` and ``unigrad.dataset`` aliased to
MindSpore's modules, so not a line differs) on gunzipped copies of data/MNIST_Data (MindSpore reads raw
IDX files only), with the weights of ``fixed_weights()``:

* ``one_epoch``: in file order, one epoch on the first 1,000 train digits (16 steps), tested on the 1,000
  test digits: every step's loss, the accuracy and average loss (tests/test_mnist_tutorial.py compares);
* ``three_epochs_in_order``: in file order, 3 epochs on all 4,000 (189 steps): the same records;
* ``three_epochs``: the tutorial's own program (shuffled by MindSpore, so not reproducible step by step) for
  3 epochs on all 4,000: the accuracy after each epoch.

with what each printed (the test compares the text around the numbers).

Writes tests/goldens/mindspore_2.10_mnist_tutorial.json (atomically). ``fixed_weights`` needs NumPy only:
the test imports it from this file to write the same weights.
"""
import contextlib
import gzip
import io
import json
import os
import runpy
import shutil
import sys
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLE = os.path.join(ROOT, "examples", "mnist_tutorial.py")
DATA = os.path.join(ROOT, "data", "MNIST_Data")
GOLDEN = os.path.join(ROOT, "tests", "goldens", "mindspore_2.10_mnist_tutorial.json")
LAYERS = (("dense_relu_sequential.0", 784, 512), ("dense_relu_sequential.2", 512, 512),
          ("dense_relu_sequential.4", 512, 10))


def fixed_weights(seed=0):
    """The tutorial Network's parameters by name, drawn as MindSpore's Dense draws them (weight and bias
    uniform in +-1/sqrt(fan_in): HeUniform(sqrt(5)) and Uniform(1/sqrt(fan_in))) but from a seeded NumPy
    generator, so that every backend and MindSpore start from the same point."""
    rng = np.random.default_rng(seed)
    weights = {}
    for name, fan_in, fan_out in LAYERS:
        bound = 1 / np.sqrt(fan_in)
        weights[name + ".weight"] = rng.uniform(-bound, bound, (fan_out, fan_in)).astype(np.float32)
        weights[name + ".bias"] = rng.uniform(-bound, bound, fan_out).astype(np.float32)
    return weights


def gunzipped_copy(out):
    """data/MNIST_Data with its IDX files gunzipped under ``out``."""
    for split in ("train", "test"):
        os.makedirs(os.path.join(out, split))
        for name in os.listdir(os.path.join(DATA, split)):
            with gzip.open(os.path.join(DATA, split, name), "rb") as src, \
                    open(os.path.join(out, split, name[:-len(".gz")]), "wb") as dst:
                shutil.copyfileobj(src, dst)


def run_example(argv, json_path):
    """The example's JSON record after running it under MindSpore with ``argv``, and what it printed."""
    saved, printed = sys.argv, io.StringIO()
    sys.argv = [EXAMPLE] + argv + ["--json", json_path]
    try:
        with contextlib.redirect_stdout(printed):
            runpy.run_path(EXAMPLE, run_name="__main__")
    finally:
        sys.argv = saved
    sys.stdout.write(printed.getvalue())
    with open(json_path) as f:
        return dict(json.load(f), stdout=printed.getvalue())


def main():
    import mindspore
    import mindspore.dataset
    import mindspore.dataset.transforms
    import mindspore.dataset.vision
    import mindspore.nn

    mindspore.set_context(mode=mindspore.PYNATIVE_MODE, device_target="CPU")
    for name in ("", ".nn", ".dataset", ".dataset.vision", ".dataset.transforms"):
        sys.modules["unigrad" + name] = sys.modules["mindspore" + name]

    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "MNIST_Data")
        gunzipped_copy(data)
        weights = os.path.join(tmp, "weights.npz")
        np.savez(weights, **fixed_weights())
        common = ["--data", data, "--weights", weights]
        one_epoch = run_example(common + ["--epochs", "1", "--no-shuffle", "--train-samples", "1000"],
                                os.path.join(tmp, "one.json"))
        in_order = run_example(common + ["--epochs", "3", "--no-shuffle"], os.path.join(tmp, "in_order.json"))
        three_epochs = run_example(common + ["--epochs", "3"], os.path.join(tmp, "three.json"))

    record = {"mindspore_version": mindspore.__version__, "numpy_version": np.__version__,
              "weights": "fixed_weights(seed=0) of tools/record_mindspore_mnist_tutorial.py",
              "one_epoch": {"argv": ["--epochs", "1", "--no-shuffle", "--train-samples", "1000"], **one_epoch},
              "three_epochs_in_order": {"argv": ["--epochs", "3", "--no-shuffle"], **in_order},
              "three_epochs": {"argv": ["--epochs", "3"], "accuracy": three_epochs["accuracy"],
                               "avg_loss": three_epochs["avg_loss"], "stdout": three_epochs["stdout"]}}
    partial = GOLDEN + ".partial"
    with open(partial, "w") as f:
        json.dump(record, f, indent=1)
        f.write("\n")
    os.replace(partial, GOLDEN)
    print("wrote", GOLDEN)


if __name__ == "__main__":
    main()

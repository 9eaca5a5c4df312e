"""What ``unigrad check`` costs: 20 steps of the quick start checked on numpy, torch and jax, against running the
same 20 steps plainly on each backend, one after the other, in the same run.

    python benchmarks/check_overhead.py            # 3 repeats, prints the times and the ratio
    python benchmarks/check_overhead.py --markdown # a README line

Both sides run a copy of examples/quick_start.py cut to its first 20 training steps (one epoch stopped at batch
20, no test pass, no checkpoint), so they do the same work: ``unigrad run --backend B`` three times, against one
``unigrad check --backends numpy,torch,jax --steps 20``. Whole processes are timed, start-up (importing torch and
jax) included, as a user waits for them.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BACKENDS = ("numpy", "torch", "jax")


def twenty_steps(folder: str) -> str:
    """The quick start cut to its first 20 steps, written beside its original so its data path still resolves."""
    with open(os.path.join(ROOT, "examples", "quick_start.py")) as f:
        source = f.read()
    for old, new in (("        loss = train_step(data, label)\n",
                      "        loss = train_step(data, label)\n        if batch == 19:\n            break\n"),
                     ("epochs = 3\n", "epochs = 1\n"), ("    test(model, test_dataset, loss_fn)\n", "")):
        assert old in source, old
        source = source.replace(old, new)
    source = source[:source.index('print("Done!")')] + 'print("Done!")\n'
    source = source.replace('os.path.dirname(os.path.abspath(__file__)), os.pardir', repr(os.path.join(ROOT, "examples"))
                            + ', os.pardir')
    path = os.path.join(folder, "quick_start_20_steps.py")
    with open(path, "w") as f:
        f.write(source)
    return path


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--markdown", action="store_true")
    options = parser.parse_args()
    unigrad = [sys.executable, "-m", "unigrad"]
    with tempfile.TemporaryDirectory() as folder:
        script = twenty_steps(folder)
        plain, checked = [], []
        for _ in range(options.repeats):
            plain.append(sum(timed([*unigrad, "run", "--backend", b, script]) for b in BACKENDS))
            checked.append(timed([*unigrad, "check", "--backends", ",".join(BACKENDS), "--steps", "20", script]))
    p, c = statistics.median(plain), statistics.median(checked)
    if options.markdown:
        print(f"| `unigrad check` of 20 quick-start steps on numpy, torch, jax | {c:.1f} s | plain runs one after "
              f"the other {p:.1f} s | **{c / p:.2f}×** |")
    else:
        print(f"plain runs, one after the other: {', '.join(f'{t:.2f}' for t in plain)} s (median {p:.2f})")
        print(f"unigrad check:                   {', '.join(f'{t:.2f}' for t in checked)} s (median {c:.2f})")
        print(f"ratio: {c / p:.2f}x")


if __name__ == "__main__":
    main()

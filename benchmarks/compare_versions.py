"""The unigrad training step of this checkout against an earlier git revision's, in one process.

    python benchmarks/compare_versions.py HEAD~3                 # torch backend, mlp and lenet
    python benchmarks/compare_versions.py d1b2861 --backend numpy --rounds 120

On a shared machine the overhead unigrad adds over its raw framework swings by tens of µs between runs
(its Python runs between large kernels, with cold caches, and pays for every contended cache line), far
more than most single changes save. Two versions measured in separate runs cannot be told apart; two
versions in one process, interleaved, can. The revision's ``unigrad`` package is exported with
``git archive`` into a temporary folder and imported under another name (every ``unigrad`` word in its
sources is renamed), so both run side by side on the same data, each in ``run.py``'s step.

Memory layout moves the overhead too: two copies of the same step, built one after the other on the
same data, read up to ~30 µs apart, however long they run. So each of this checkout, the revision and
raw torch is built ``--copies`` times (3 by default), every copy is its own step with its own arrays,
and each round runs every copy for a short burst (``--burst`` steps), in a fresh random order, so that
no copy always follows the same neighbour. Reports, per workload: the mean over copies of each one's
median time per step minus raw torch's, and each copy's figure, so that the spread shows.
"""
from __future__ import annotations

import argparse
import importlib
import io
import pathlib
import random
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time

from _process import apply_allocator, apply_threads  # before numpy, torch and jax load

apply_threads()
apply_allocator()

import run  # noqa: E402  (after the thread settings)
import tutorial  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parent.parent
NETWORKS = {"mlp": tutorial.quickstart_network, "lenet": tutorial.lenet5}  # the MindSpore code users write
RAW = {"torch": "torch", "numpy": "numpy_by_hand"}


def export_revision(revision: str, into: pathlib.Path) -> pathlib.Path:
    """Revision's ``unigrad`` package, written to ``into / "unigrad"``."""
    archive = subprocess.run(["git", "archive", "--format=tar", revision, "unigrad"], cwd=REPO, check=True,
                             capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "unigrad"


def import_revision(revision: str, into: pathlib.Path):
    """Revision's ``unigrad`` as a package of another name, exported into ``into``."""
    name = "unigrad_" + re.sub(r"\W", "_", revision)
    package = into / name
    export_revision(revision, into).rename(package)
    for source in package.rglob("*.py"):
        source.write_text(re.sub(r"\bunigrad\b", name, source.read_text()))
    sys.path.insert(0, str(into))
    return importlib.import_module(name)


def data(workload, batch: int | None) -> dict:
    """The workload's data, its batch cut to the first ``batch`` examples when given."""
    d = run.fresh_data(workload)
    if batch is not None and "y" in d:
        d["x"], d["y"] = d["x"][:batch], d["y"][:batch]
    return d


def training_step(package, backend: str, workload, batch: int | None):
    """The MindSpore quickstart's train step (benchmarks/tutorial.py) on ``package`` (a unigrad); for the
    chain, the value and gradient of its 100 elementwise ops (run.py's chain step)."""
    package.set_backend(backend)
    d = data(workload, batch)
    if workload.key == "chain":
        x = package.Tensor(d["x"])
        value_and_grad = package.value_and_grad(lambda v: package.ops.sum(run.chain(v, package.ops.sin,
                                                                                     package.ops.tanh)))
        return lambda: value_and_grad(x)
    step = tutorial.train_step(package, NETWORKS[workload.key](package), d["params"], run.LR)
    x, y = package.Tensor(d["x"]), package.Tensor(d["y"])
    return lambda: step(x, y)


def added_per_step(steps: dict[str, list], rounds: int, burst: int) -> dict[str, list[float]]:
    """{group: [steps]} -> {group: [median seconds per step of each copy]}.

    Each round runs every copy for ``burst`` steps, the copies in a fresh random order: a fixed
    rotation would have each copy always follow the same neighbour, and a unigrad step right after raw
    torch's finds its Python cold while one after another unigrad step finds it warm (that bias alone
    was worth ~20-40 µs). The first 3 rounds warm up."""
    order = [(group, i) for group, copies in steps.items() for i in range(len(copies))]
    times = {key: [] for key in order}
    shuffle = random.Random(0).shuffle
    for round_ in range(rounds + 3):
        shuffle(order)
        for group, i in order:
            step = steps[group][i]
            start = time.perf_counter()
            for _ in range(burst):
                step()
            if round_ >= 3:
                times[group, i].append((time.perf_counter() - start) / burst)
    return {group: [statistics.median(times[group, i]) for i in range(len(copies))] for group, copies in steps.items()}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("revision", help="a git revision of this repository (e.g. HEAD~2)")
    parser.add_argument("--backend", choices=sorted(RAW), default="torch")
    parser.add_argument("--workloads", nargs="+", choices=sorted(NETWORKS) + ["chain"], default=["mlp", "lenet"])
    parser.add_argument("--rounds", type=int, default=60, help="bursts of each copy (a round runs every copy once)")
    parser.add_argument("--burst", type=int, default=8, help="steps per burst")
    parser.add_argument("--copies", type=int, default=3, help="copies of each step (layout luck averages out)")
    parser.add_argument("--batch", type=int, help="cut the batch to this many examples: with little arithmetic "
                        "per step, unigrad's Python dominates and differences of about a µs show")
    args = parser.parse_args(argv)

    import unigrad
    with tempfile.TemporaryDirectory() as folder:
        earlier = import_revision(args.revision, pathlib.Path(folder))
        workloads = {w.key: w for w in run.WORKLOADS}
        for key in args.workloads:
            workload = workloads[key]
            steps = {"raw": [workload.builders[RAW[args.backend]](data(workload, args.batch))
                             for _ in range(args.copies)],
                     "this checkout": [training_step(unigrad, args.backend, workload, args.batch)
                                       for _ in range(args.copies)],
                     args.revision: [training_step(earlier, args.backend, workload, args.batch)
                                     for _ in range(args.copies)]}
            medians = added_per_step(steps, args.rounds, args.burst)
            raw = statistics.mean(medians.pop("raw"))
            added = {who: [(m - raw) * 1e6 for m in ms] for who, ms in medians.items()}
            print(f"{key:6s} {args.backend}, raw {raw * 1e6:.0f} µs/step; added per step: " + "; ".join(
                f"{who} {statistics.mean(a):+.1f} µs ({', '.join(f'{x:+.0f}' for x in a)})" for who, a in added.items()),
                flush=True)


if __name__ == "__main__":
    main()

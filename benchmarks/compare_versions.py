"""The unigrad training step of this checkout against an earlier git revision's, in one process.

    python benchmarks/compare_versions.py HEAD~3                 # torch backend, mlp and lenet
    python benchmarks/compare_versions.py d1b2861 --backend numpy --seconds 20

On a shared machine the overhead unigrad adds over its raw framework swings by tens of µs between runs
(its Python runs between large kernels, with cold caches, and pays for every contended cache line), far
more than most single changes save. Two versions measured in separate runs cannot be told apart; two
versions in one process, in alternating bursts, can. The revision's ``unigrad`` package is exported with
``git archive`` into a temporary folder and imported under another name (every ``unigrad`` word in its
sources is renamed), so both run side by side on the same data, each in ``run.py``'s step.

Reports, per workload: the median over burst pairs of (this checkout - revision) per step, and each one's
paired ratio against the raw framework. Identical code reads a few µs to ~30 µs apart (memory layout), so
only differences beyond that mean something.
"""
from __future__ import annotations

import argparse
import importlib
import io
import pathlib
import re
import subprocess
import sys
import tarfile
import tempfile

from _process import apply_allocator, apply_threads  # before numpy, torch and jax load

apply_threads()
apply_allocator()

import run  # noqa: E402  (after the thread settings)

REPO = pathlib.Path(__file__).resolve().parent.parent
LOSSES = {"mlp": run.unigrad_mlp_loss, "lenet": run.unigrad_lenet_loss}
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
    if batch is not None:
        d["x"], d["y"] = d["x"][:batch], d["y"][:batch]
    return d


def training_step(package, backend: str, workload, batch: int | None):
    package.set_backend(backend)
    d = data(workload, batch)
    return run._unigrad_sgd_step(package, LOSSES[workload.key](package.ops), d["params"], [d["x"], d["y"]])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("revision", help="a git revision of this repository (e.g. HEAD~2)")
    parser.add_argument("--backend", choices=sorted(RAW), default="torch")
    parser.add_argument("--workloads", nargs="+", choices=sorted(LOSSES), default=["mlp", "lenet"])
    parser.add_argument("--seconds", type=float, default=10.0, help="paired measuring time per comparison")
    parser.add_argument("--batch", type=int, help="cut the batch to this many examples: with little arithmetic "
                        "per step, unigrad's Python dominates and differences of about a µs show")
    args = parser.parse_args(argv)

    import unigrad
    with tempfile.TemporaryDirectory() as folder:
        earlier = import_revision(args.revision, pathlib.Path(folder))
        workloads = {w.key: w for w in run.WORKLOADS}
        for key in args.workloads:
            ours = training_step(unigrad, args.backend, workloads[key], args.batch)
            theirs = training_step(earlier, args.backend, workloads[key], args.batch)
            raw = workloads[key].builders[RAW[args.backend]](data(workloads[key], args.batch))
            versus = run.measure_paired(ours, theirs, args.seconds)
            ours_raw = run.measure_paired(ours, raw, args.seconds / 2)
            theirs_raw = run.measure_paired(theirs, raw, args.seconds / 2)
            print(f"{key:6s} {args.backend}: this checkout - {args.revision} = {versus.added * 1e6:+7.1f} µs/step "
                  f"({versus.pairs} pairs); vs raw {ours_raw.ratio:.4f}, {ours_raw.added * 1e6:+.1f} µs (this) and "
                  f"{theirs_raw.ratio:.4f}, {theirs_raw.added * 1e6:+.1f} µs ({args.revision})", flush=True)


if __name__ == "__main__":
    main()

"""Machine instructions per training step, unigrad against its raw framework, counted by valgrind.

    python benchmarks/instructions.py                      # torch backend, mlp and lenet, batch 1
    python benchmarks/instructions.py --revision HEAD~2    # and that revision's unigrad beside it
    python benchmarks/instructions.py --batch 0 --steps 10 # the full batch

A timing on a shared machine cannot rank a change that saves a few µs (see compare_versions.py); a
count of executed instructions can. Its Python part repeats within ~1 % from run to run (a few thousand
instructions per step at batch 1), while malloc's bookkeeping moves by tens of thousands, so compare the
``python`` column. Each framework's step runs in its own process under callgrind;
the counters are zeroed after the warm-up and dumped after the measured steps (``callgrind_control``),
with the garbage collector off in between (a collection falls in some runs and not others).

Reports, per workload: instructions per step of each, and what unigrad adds over the raw framework,
split by where it runs: the CPython runtime (interpreter, frames, objects: unigrad's own Python), the
C library (malloc) and the rest (the framework's bindings and kernels). At batch 1 nearly all that
unigrad adds is its Python. Needs valgrind; nothing in the tests uses it.
"""
from __future__ import annotations

import argparse
import collections
import concurrent.futures
import gc
import os
import pathlib
import re
import subprocess
import sys
import tempfile

import compare_versions  # applies the benchmarks' thread and allocator settings
import run

RAW = compare_versions.RAW


def count_steps(workload: str, backend: str, who: str, steps: int, batch: int | None) -> None:
    """The child: build one step (``who``: 'raw', 'unigrad' or a revision), warm up, count ``steps``."""
    wl = {w.key: w for w in run.WORKLOADS}[workload]
    with tempfile.TemporaryDirectory() as folder:
        if who == "raw":
            step = wl.builders[RAW[backend]](compare_versions.data(wl, batch))
        else:
            if who != "unigrad":  # the revision's package, under its own name (a renamed copy runs slower)
                sys.path.insert(0, str(compare_versions.export_revision(who, pathlib.Path(folder)).parent))
            import unigrad
            assert who == "unigrad" or unigrad.__file__.startswith(folder), unigrad.__file__
            step = compare_versions.training_step(unigrad, backend, wl, batch)
        for _ in range(20):
            step()
        gc.collect()
        gc.disable()
        subprocess.run(["callgrind_control", "--zero", str(os.getpid())], check=True, capture_output=True)
        for _ in range(steps):
            step()
        subprocess.run(["callgrind_control", "--dump", str(os.getpid())], check=True, capture_output=True)


def _where(obj: str) -> str:
    name = pathlib.Path(obj).name
    if name.startswith(("libpython", "python")):
        return "python"
    if name.startswith(("libc.so", "libc-", "ld-linux")):
        return "libc"
    return "rest"


def self_cost_by_object(dump: pathlib.Path) -> collections.Counter:
    """Instructions of a callgrind dump by where they ran (python, libc, rest): each function's self cost."""
    names, cost = {}, collections.Counter()
    where, skip_next = "rest", False
    for line in dump.read_text(errors="replace").splitlines():
        match = re.match(r"c?ob=\((\d+)\)(?: (.*))?", line)  # an object file, named at its first mention
        if match and match.group(2):
            names[match.group(1)] = match.group(2)
        if line.startswith("ob="):
            where = _where(names.get(match.group(1), "") if match else line[3:])
        elif line.startswith("calls="):
            skip_next = True  # the next cost line is the call's inclusive cost, not self cost
        elif line[:1].isdigit() or line[:1] in "+-*":
            if skip_next:
                skip_next = False
            elif " " in line:  # "position cost"
                cost[where] += int(line.split()[1])
    return cost


def measure(workload: str, backend: str, who: str, steps: int, batch: int | None, folder: pathlib.Path):
    """Instructions per step of ``who`` by where they ran, from a callgrind child process."""
    out = folder / (workload + "-" + re.sub(r"\W", "_", who))
    child = [sys.executable, __file__, "--child", workload, backend, who, str(steps), str(batch)]
    env = dict(os.environ, PYTHONHASHSEED="0")
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}.%p", *child],
                   check=True, capture_output=True, env=env)
    (dump,) = folder.glob(f"{out.name}.*.1")
    return {k: v / steps for k, v in self_cost_by_object(dump).items()}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=sorted(RAW), default="torch")
    parser.add_argument("--workloads", nargs="+", choices=sorted(compare_versions.NETWORKS), default=["mlp", "lenet"])
    parser.add_argument("--steps", type=int, default=50, help="counted steps (after 20 uncounted)")
    parser.add_argument("--batch", type=int, default=1, help="examples per step; 0: the workload's full batch")
    parser.add_argument("--revision", help="also count this git revision's unigrad")
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        workload, backend, who, steps, batch = args.child
        count_steps(workload, backend, who, int(steps), int(batch) or None)
        return

    runs = ["raw", "unigrad"] + ([args.revision] if args.revision else [])
    with tempfile.TemporaryDirectory() as folder, \
            concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count()) as pool:
        jobs = {(w, who): pool.submit(measure, w, args.backend, who, args.steps, args.batch, pathlib.Path(folder))
                for w in args.workloads for who in runs}
        for w in args.workloads:
            raw = jobs[w, "raw"].result()
            print(f"{w}, batch {args.batch or 'full'}, {args.backend}: raw {sum(raw.values()):,.0f} instructions/step")
            for who in runs[1:]:
                ours = jobs[w, who].result()
                extra = {k: ours.get(k, 0) - raw.get(k, 0) for k in ("python", "libc", "rest")}
                total = sum(ours.values())
                print(f"  {who:12s} {total:,.0f} ({total / sum(raw.values()):.4f}x): "
                      f"{sum(extra.values()):+,.0f} = python {extra['python']:+,.0f}, "
                      f"libc {extra['libc']:+,.0f}, rest {extra['rest']:+,.0f}", flush=True)


if __name__ == "__main__":
    main()

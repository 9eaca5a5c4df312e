"""Machine instructions per training step, unigrad against its raw framework, counted by valgrind.

    python benchmarks/instructions.py                      # torch backend, mlp and lenet, batch 1
    python benchmarks/instructions.py --revision HEAD~2    # and that revision's unigrad beside it
    python benchmarks/instructions.py --batch 0 --steps 10 # the full batch

A timing on a shared machine cannot rank a change that saves a few µs (see compare_versions.py); a
count of executed instructions can; it repeats within a few thousand instructions per step at batch 1.
Each framework's step runs in its own process under callgrind;
the counters are zeroed after the warm-up and dumped after the measured steps (``callgrind_control``),
with the garbage collector off in between (a collection falls in some runs and not others).

Reports, per workload: instructions per step of each, and what unigrad adds over the raw framework. At
batch 1 nearly all that unigrad adds is its Python. Needs valgrind; nothing in the tests uses it.
"""
from __future__ import annotations

import argparse
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


def instructions_counted(dump: pathlib.Path) -> int:
    """The instructions a callgrind dump counted between the zeroing and the dump: its ``summary:`` line.

    (A sum of the functions' self costs over-counts in such a dump: the frames that were running when the
    counters were zeroed get costs attributed twice, about 3.5x the summary here.)"""
    for line in dump.read_text(errors="replace").splitlines():
        if line.startswith("summary:"):
            return int(line.split()[1])
    raise ValueError(f"{dump} has no summary line")


def measure(workload: str, backend: str, who: str, steps: int, batch: int | None, folder: pathlib.Path) -> float:
    """Instructions per step of ``who``, from a callgrind child process."""
    out = folder / (workload + "-" + re.sub(r"\W", "_", who))
    child = [sys.executable, __file__, "--child", workload, backend, who, str(steps), str(batch)]
    env = dict(os.environ, PYTHONHASHSEED="0")
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}.%p", *child],
                   check=True, capture_output=True, env=env)
    (dump,) = folder.glob(f"{out.name}.*.1")
    return instructions_counted(dump) / steps


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
            print(f"{w}, batch {args.batch or 'full'}, {args.backend}: raw {raw:,.0f} instructions/step")
            for who in runs[1:]:
                ours = jobs[w, who].result()
                print(f"  {who:12s} {ours:,.0f} ({ours / raw:.4f}x): {ours - raw:+,.0f}", flush=True)

if __name__ == "__main__":
    main()

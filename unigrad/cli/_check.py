"""``unigrad check [options] script.py [args]``: one unmodified MindSpore script on several backends (unigrad's
numpy, torch, jax, and real MindSpore), compared step by step, down to the first op that differs.

Each backend runs the script in a process of its own (``_check_worker``), the first backend (the reference) first.
The others then run in lockstep with it: they start from its initial Parameters (given by name) and take its
batch at every step, so their first N steps see the same numbers; Dropout's masks match because every unigrad
backend draws them from one host generator, seeded alike. The records are compared array by array
(``unigrad.testing.compare``): every Cell's output, the forward value, each gradient and each Parameter after the
optimizer, step by step. The first array outside tolerance is the first divergence. When it is between two
unigrad backends, that step is run again on both under the op observer (``unigrad.ops._observe``), and the ops
are compared one by one: the first op whose output differs, or else the op whose gradient rule sends a
differing gradient to its inputs, is named with its input shapes and dtypes and the script's line.

Exit status: 0 when every compared array agrees, 1 on a divergence, 2 on an error (a backend could not run
the script, or bad options).
"""
from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import json
import math
import os
import socket
import subprocess
import sys
import tempfile
from typing import Any

import numpy as np

from unigrad import backends
from unigrad.cli import _check_worker
from unigrad.cli._check_worker import KINDS, Record
from unigrad.cli._launch import worker_environment
from unigrad.cli._run import split_at_script
from unigrad.testing.compare import TOLERANCES, Comparison, compare, table

VALUE_OPTIONS = ("--backends", "--steps", "--rtol", "--atol", "--device", "--json", "--plot", "--mindspore-python",
                 "--seed")


def parser() -> argparse.ArgumentParser:
    made = argparse.ArgumentParser(
        prog="unigrad check", allow_abbrev=False,
        usage="unigrad check [-h] [--backends B1,B2,...] [--steps N] [--rtol R] [--atol A] [--device {cpu,gpu}] "
              "[--json REPORT.json] [--plot CURVES.png] [--mindspore-python PATH] [--seed S] script.py [args ...]",
        description="Run an unmodified MindSpore script on several backends in lockstep (the same initial "
                    "Parameters, batches and seed) and compare every Cell output, gradient and update of its first "
                    "training steps; name the first divergence and the first op that differs. Exit status: 0 when "
                    "all agree, 1 on a divergence, 2 on an error.")
    made.add_argument("--backends", default="numpy,torch,jax",
                      help=f"comma-separated, the first is the reference; of {', '.join(_choices())} "
                           "(default: numpy,torch,jax)")
    made.add_argument("--steps", type=int, default=10, help="training steps to compare (default 10)")
    made.add_argument("--rtol", type=float, help="relative tolerance for every dtype (default: by dtype, %s)"
                      % ", ".join(f"{k} {v[0]:g}" for k, v in TOLERANCES.items()))
    made.add_argument("--atol", type=float, help="absolute tolerance for every dtype (default: by dtype, %s)"
                      % ", ".join(f"{k} {v[1]:g}" for k, v in TOLERANCES.items()))
    made.add_argument("--device", choices=("cpu", "gpu"), help="where Tensors live (default: cpu)")
    made.add_argument("--json", metavar="REPORT.json", help="write the whole report as JSON")
    made.add_argument("--plot", metavar="CURVES.png",
                      help="draw every backend's loss and the per-step max relative gradient difference (matplotlib)")
    made.add_argument("--mindspore-python", metavar="PATH",
                      help="the Python of an environment with real MindSpore, for the mindspore backend "
                           "(default: this Python, where mindspore is importable)")
    made.add_argument("--seed", type=int, default=0, help="the seed every backend starts with (default 0)")
    made.add_argument("script", help="the MindSpore script")
    return made


def _choices() -> list[str]:
    return [*backends.known_backends(), "mindspore"]


def backend_and_workers(name: str) -> tuple[str, int]:
    """'torch' -> ('torch', 1); 'torch:2' -> ('torch', 2): a unigrad backend on 2 data-parallel processes."""
    backend, _, workers = name.partition(":")
    return backend, int(workers) if workers.isdigit() else (1 if not workers else 0)


def _free_port() -> int:
    """A port free on 127.0.0.1 now, for a worker's process group (everything binds to loopback)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclasses.dataclass
class Run:
    """One backend's worker process and what it left."""

    backend: str  # as given to --backends: 'torch', or 'torch:2' for 2 processes
    command: list[str]
    log: str
    out: str
    env: dict | None = None
    process: subprocess.Popen | None = None
    record: Record | None = None

    def start(self) -> None:
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(self.command, stdout=log, stderr=subprocess.STDOUT, env=self.env)

    def finish(self) -> str | None:
        """Waits for the worker; the error that stops the check, or None."""
        returncode = self.process.wait()
        if os.path.exists(self.out):
            self.record = Record(self.out)
            if self.record.meta["status"] != "failed":
                return None
        with open(self.log, encoding="utf-8", errors="replace") as f:
            tail = "".join(f.readlines()[-25:])
        return f"the script failed on {self.backend} (exit status {returncode}); the end of its output:\n{tail}"


class Check:
    """The runs of one ``unigrad check`` and their comparison."""

    def __init__(self, options: argparse.Namespace, script_args: list[str], folder: str) -> None:
        self.options, self.script_args, self.folder = options, script_args, folder
        self.backends = [b.strip() for b in options.backends.split(",") if b.strip()]

    def command(self, name: str, out: str, reference: str | None, observe_step: int | None) -> list[str]:
        """The worker's command line: the worker file under this Python (MindSpore's for 'mindspore'), or, for
        'backend:N', under ``unigrad launch`` on N processes (rank 0's record is the one compared)."""
        backend, workers = backend_and_workers(name)
        python = sys.executable
        if backend == "mindspore" and self.options.mindspore_python:
            python = self.options.mindspore_python
        arguments = ["--framework", "mindspore" if backend == "mindspore" else "unigrad", "--backend", backend,
                     "--steps", str(self.options.steps), "--seed", str(self.options.seed), "--out", out]
        if self.options.device:
            arguments += ["--device", self.options.device]
        if reference:
            arguments += ["--reference", reference]
        if observe_step is not None:
            arguments += ["--observe-step", str(observe_step)]
        arguments += ["--", self.options.script, *self.script_args]
        if workers == 1:
            return [python, _check_worker.__file__, *arguments]
        return [python, "-m", "unigrad", "launch", "--worker_num", str(workers), "--backend", backend,
                "--master_addr", "127.0.0.1", "--master_port", str(_free_port()),
                "--log_dir", os.path.join(self.folder, f"{name}-ranks"), _check_worker.__file__, *arguments]

    def run_all(self, observe_step: int | None = None, only: list[str] | None = None) -> list[Run]:
        """Every backend's run (``only`` those): the reference first, then the others side by side."""
        tag = "" if observe_step is None else f"-observe{observe_step}"
        names = only or self.backends
        runs = [Run(b, [], os.path.join(self.folder, f"{b}{tag}.log"), os.path.join(self.folder, f"{b}{tag}.npz"))
                for b in names]
        reference_record = os.path.join(self.folder, f"{self.backends[0]}.npz")
        for run in runs:
            given = None if (run.backend == self.backends[0] and observe_step is None) else reference_record
            run.command = self.command(run.backend, run.out, given, observe_step)
            if backend_and_workers(run.backend)[1] == 1:  # a group of one, so that a script's init() works
                run.env = dict(os.environ, **worker_environment(
                    0, 1, 0, 1, "127.0.0.1", _free_port(),
                    os.path.join(self.folder, f"{run.backend}{tag}.rendezvous")))
        first, rest = (runs[0], runs[1:]) if observe_step is None else (None, runs)
        if first is not None:
            first.start()
            error = first.finish()
            if error:
                raise CheckError(error)
        for run in rest:
            run.start()
        errors = [e for e in (run.finish() for run in rest) if e]
        if errors:
            raise CheckError("\n".join(errors))
        return runs


class CheckError(Exception):
    """A backend could not run the script: exit status 2."""


@dataclasses.dataclass
class Row:
    """One compared array of one step on one backend, against the reference."""

    step: int
    backend: str
    kind: str
    comparison: Comparison

    @property
    def ok(self) -> bool:
        return self.comparison.ok


def _steps(runs: list[Run]) -> int:
    """The steps every run recorded: the ones compared."""
    return min(run.record.meta["steps"] for run in runs)


def _tolerance(dtypes: list[str], options: argparse.Namespace) -> tuple[float, float]:
    """(rtol, atol) for values computed in ``dtypes``: the loosest of theirs (an array cast to float32 from a
    float16 computation carries float16's error), or ``--rtol`` / ``--atol``."""
    known = [TOLERANCES.get(d, (0.0, 0.0)) for d in dtypes]
    rtol, atol = max(t[0] for t in known), max(t[1] for t in known)
    return (rtol if options.rtol is None else options.rtol), (atol if options.atol is None else options.atol)


def _half_precision(record: Record, step: int) -> list[str]:
    """The half-precision dtypes among the Cell outputs of ``step`` (a mixed-precision network): every array of
    that step is judged at their tolerance."""
    return sorted({d for (s, kind, _), d in record.dtypes.items() if s == step and kind == "cell"}
                  & {"float16", "bfloat16"})


def compare_runs(runs: list[Run], options: argparse.Namespace) -> list[Row]:
    """Every array of every step of every other backend against the reference's, in the order they happened
    within a step (Cell outputs, value, gradients, updates). An array the reference has and another backend
    lacks fails, except a Cell output (frameworks may build a layer from different inner Cells). A step whose
    Cells compute in float16 or bfloat16 is judged at that dtype's tolerance throughout. A run on several
    processes ('torch:2') is compared by its Parameters after each update only."""
    reference, rows = runs[0].record, []
    steps = _steps(runs)
    half = {step: _half_precision(reference, step) for step in range(steps)}
    for run in runs[1:]:
        # a run on several processes sees its shard of every batch: its Parameters after each update compare
        kinds = KINDS if backend_and_workers(run.backend)[1] == 1 else ("update",)
        for key, ref in reference.arrays.items():
            step, kind, name = key
            if kind not in kinds or step >= steps:
                continue
            dtype = reference.dtypes[key]
            rtol, atol = _tolerance([dtype, *half[step]], options)
            got = run.record.arrays.get(key)
            if got is None:
                if kind != "cell":
                    rows.append(Row(step, run.backend, kind, Comparison(
                        f"{kind} {name}", tuple(ref.shape), dtype, math.nan, math.nan, math.nan, 0.0, rtol, atol,
                        f"{run.backend} has no {kind} {name}")))
                continue
            row = compare(f"{kind} {name}", got, ref, rtol, atol)
            if run.record.dtypes[key] != dtype:
                row = dataclasses.replace(row, problem=f"{run.backend} gives {run.record.dtypes[key]}")
            rows.append(Row(step, run.backend, kind, dataclasses.replace(row, dtype=dtype)))
    order = {kind: i for i, kind in enumerate(KINDS)}
    return sorted(rows, key=lambda r: (r.step, order[r.kind]))  # stable: call order within a kind


# -- the op replay -----------------------------------------------------------------------------------------
def _ops(run: Run) -> tuple[list[dict], dict]:
    record = run.record
    arrays = {(kind, name): a for (step, kind, name), a in record.arrays.items() if kind.startswith("op-")}
    return record.meta["ops"], arrays


def _where(source: str) -> str:
    """``file:line`` with the file's path normalised, relative to the working directory when inside it."""
    path, _, line = source.rpartition(":")
    path = os.path.normpath(path)
    relative = os.path.relpath(path) if os.path.isabs(path) else path
    return f"{path if relative.startswith(os.pardir) else relative}:{line}"


def _describe(op: dict) -> str:
    inputs = ", ".join(f"{dtype}{shape}" for shape, dtype in op["inputs"])
    where = f" in {op['cell']}" if op.get("cell") else ""
    return f"op {op['index']} {op['name']}({inputs}){where}, {_where(op['source'])}"


def replay_pair(check: Check, rows: list[Row], first: Row) -> tuple[str, str] | None:
    """The two unigrad backends whose ops to compare for the first divergence: the reference and the
    backend that diverged; with MindSpore as the reference (its ops cannot be observed), a unigrad backend
    that still agrees with it at that step and one that does not. None when there is no such pair."""
    observable = [b for b in check.backends if b != "mindspore" and backend_and_workers(b)[1] == 1]
    if first.backend not in observable:
        return None
    if check.backends[0] in observable:
        return check.backends[0], first.backend
    off = {r.backend for r in rows if r.step == first.step and not r.ok}
    agreeing = [b for b in observable if b not in off]
    return (agreeing[0], first.backend) if agreeing else None


def replay(check: Check, step: int, pair: tuple[str, str]) -> dict:
    """Step ``step`` again on the two backends of ``pair`` with every op observed: the first op whose
    output differs, or the op whose gradient rule first sends a differing gradient back."""
    reference_run, other_run = check.run_all(observe_step=step, only=list(pair))
    ref_ops, ref_arrays = _ops(reference_run)
    ops, arrays = _ops(other_run)
    reference, backend = pair
    report: dict[str, Any] = {"step": step, "backends": list(pair), "ops": len(ref_ops)}
    for i, (ref_op, op) in enumerate(zip(ref_ops, ops)):
        if ref_op["name"] != op["name"] or ref_op["inputs"] != op["inputs"]:
            report.update(kind="program", op=ref_op, message=(
                f"the two backends ran different ops from op {i} on: {reference} ran {_describe(ref_op)}, "
                f"{backend} ran {_describe(op)}"))
            return report
    if len(ref_ops) != len(ops):
        report.update(kind="program", message=f"{reference} ran {len(ref_ops)} ops, {backend} {len(ops)}")
        return report

    def differs(kind: str, name: str) -> Comparison | None:
        """The comparison of one op array when it differs by more than rounding: its norm-relative error
        ``|a - r| / |r|`` above rtol. Not elementwise with atol: an op's gradients in a step of a mean loss
        are ~1e-6, below any fixed atol, and rounding is relative to the array's magnitude."""
        ref, got = ref_arrays.get((kind, name)), arrays.get((kind, name))
        if ref is None or got is None:
            return None
        op = ref_ops[int(name.split(":")[0])]
        rtol, atol = _tolerance([ref.dtype.name, *(d.lower() for _, d in op["inputs"])], check.options)
        row = compare(name, got, ref, rtol, atol)
        if row.problem:
            return row
        error = _norm_error(got, ref)  # relative; absolute where the reference is all zeros
        return row if not math.isfinite(error) or error > (rtol if np.any(ref) else atol) else None

    for op in ref_ops:
        for j in range(op["outputs"]):
            row = differs("op-out", f"{op['index']}:{j}")
            if row is not None:
                report.update(kind="output", op=op, comparison=dataclasses.asdict(row), message=(
                    f"the first op whose output differs:\n    {_describe(op)}\n    (max abs diff {row.max_abs:.3e}, "
                    f"max rel diff {row.max_rel:.3e}, {100 * row.within:.2f}% within tolerance); its inputs agree, "
                    f"so {op['name']} itself computes differently on {backend}."))
                return report
    differing = [op for op in ref_ops if differs("op-grad", str(op["index"])) is not None]
    if not differing:
        report.update(kind="none", message=(
            f"every op's output and output gradient agree in the replay ({len(ref_ops)} ops): the difference is "
            f"in how the gradients reach the Parameters, the gradient rule of an op that reads one directly."))
        return report
    last = differing[-1]  # the backward pass runs last to first: the first gradient to go wrong
    row = differs("op-grad", str(last["index"]))
    consumers = [op for op in ref_ops if last["index"] in op["inputs_from"]]
    culprit = consumers[0] if consumers else last
    report.update(op=culprit, gradient_of=last, comparison=dataclasses.asdict(row))
    ref, got = ref_arrays[("op-grad", str(last["index"]))], arrays[("op-grad", str(last["index"]))]
    share = _share_off(got, ref, row.rtol)
    if not consumers:
        report.update(kind="gradient", message=f"every op's output agrees; the gradient of the final "
                                               f"{_describe(last)} differs.")
    elif share < 0.5:
        report.update(kind="kink", message=(
            f"every op's output agrees (within rounding); the gradient first differs flowing back into\n"
            f"    {_describe(last)}\n    in {round(share * ref.size)} of its {ref.size} elements only (the rest agree), "
            f"from\n"
            f"    {_describe(culprit)}\n  A few elements: the signature of an input at a kink or a tie of "
            f"{culprit['name']} (ReLU at 0, equal maxima), on one side of it on {reference} and on the other on "
            f"{backend} by a rounding difference in the forward pass; not a wrong gradient rule."))
    else:
        report.update(kind="gradient", message=(
            f"every op's output agrees; the gradient first differs flowing back into\n"
            f"    {_describe(last)}\n    (in {100 * share:.2f}% of its elements, max rel diff {row.max_rel:.3e}, "
            f"cosine {row.cosine:.6f}), from the gradient rule (VJP) of\n    {_describe(culprit)}\n  whose own "
            f"output gradient agrees: {culprit['name']}'s gradient rule differs on {backend}."))
    return report


def _share_off(got: np.ndarray, ref: np.ndarray, rtol: float) -> float:
    """The share of elements off by more than rounding, relative to the larger of the element and a
    hundredth of the array's largest: a wrong rule moves most elements, a kink or tie only a few."""
    a, r = got.astype(np.float64), ref.astype(np.float64)
    floor = 1e-2 * np.abs(r).max(initial=0.0)
    with np.errstate(invalid="ignore"):
        off = ~(np.abs(a - r) <= rtol * np.maximum(np.abs(r), floor))
    return float(off.mean()) if off.size else 0.0


# -- printing ----------------------------------------------------------------------------------------------
def _losses(runs: list[Run], step: int) -> str:
    values = []
    for run in runs:
        losses = run.record.meta["losses"]
        loss = losses[step] if step < len(losses) else None
        values.append(f"{run.backend} {'-' if loss is None else f'{loss:.6f}'}")
    return "  ".join(values)


def _print_report(check: Check, runs: list[Run], rows: list[Row]) -> Row | None:
    options = check.options
    steps = _steps(runs)
    print(f"unigrad check: {options.script}, {steps} step{'s' if steps != 1 else ''}, backends "
          f"{', '.join(check.backends)} (reference: {check.backends[0]})")
    for run in runs[1:]:
        print(f"  {run.backend}: {len(run.record.meta['given'])} Parameters start from {check.backends[0]}'s values "
              f"by name")
        workers = backend_and_workers(run.backend)[1]
        if workers > 1:
            print(f"    {workers} data-parallel processes, each on its shard of every batch: rank 0's Parameters "
                  f"after each update are compared")
        for note in run.record.meta["notes"]:
            print(f"    note: {note}")
    for step in range(steps):
        step_rows = [r for r in rows if r.step == step]
        shown = [r for r in step_rows if r.kind == "grad" or not r.ok
                 or (r.kind == "update" and backend_and_workers(r.backend)[1] > 1)]
        print(f"\nstep {step}  loss: {_losses(runs, step)}")
        print("\n".join("  " + line for line in table(
            dataclasses.replace(r.comparison, name=f"{r.backend}: {r.comparison.name}") for r in shown).splitlines()))
        agreeing = sum(r.ok for r in step_rows) - sum(r.ok for r in shown)
        if agreeing:
            print(f"  (and {agreeing} more arrays that agree: Cell outputs, values, updated Parameters)")
    first = next((r for r in rows if not r.ok), None)
    print()
    if first is None:
        reference = runs[0].record.arrays
        errors = [(_norm_error(run.record.arrays.get(key), ref), run.backend, key) for run in runs[1:]
                  if backend_and_workers(run.backend)[1] == 1
                  for key, ref in reference.items() if key[1] == "grad" and key[0] < steps]
        worst = max(errors, default=None)
        print(f"All {steps} steps agree: {len(rows)} arrays compared across {', '.join(check.backends)}"
              + (f"; the largest gradient error |g - g_ref| / |g_ref| is {worst[0]:.2e} ({worst[1]}, step "
                 f"{worst[2][0]}, {worst[2][2]})" if worst else "") + ".")
    else:
        c = first.comparison
        print(f"FIRST DIVERGENCE: step {first.step}, {first.backend} against {check.backends[0]}: {c.name} "
              f"(max abs diff {c.max_abs:.3e}, max rel diff {c.max_rel:.3e}, cosine {c.cosine:.6f}, "
              f"{100 * c.within:.2f}% within rtol {c.rtol:g} atol {c.atol:g}){' ' + c.problem if c.problem else ''}")
    return first


def _finite(x: float) -> float | None:
    return x if math.isfinite(x) else None


def _json_report(check: Check, runs: list[Run], rows: list[Row], first: Row | None, ops: dict | None,
                 status: int) -> dict:
    def row_json(r: Row) -> dict:
        c = r.comparison
        return {"step": r.step, "backend": r.backend, "kind": r.kind, "name": c.name.split(" ", 1)[1],
                "shape": list(c.shape), "dtype": c.dtype, "max_abs_diff": _finite(c.max_abs),
                "max_rel_diff": _finite(c.max_rel), "cosine": _finite(c.cosine), "within_tolerance": c.within,
                "rtol": c.rtol, "atol": c.atol, "ok": c.ok, "problem": c.problem}
    return {"script": check.options.script, "args": check.script_args, "backends": check.backends,
            "reference": check.backends[0], "steps": _steps(runs),
            "runs": {run.backend: {k: run.record.meta[k] for k in ("framework", "status", "steps", "losses", "notes",
                                                                    "given")} for run in runs},
            "rows": [row_json(r) for r in rows], "first_divergence": None if first is None else row_json(first),
            "op_replay": ops, "exit_status": status}


def _norm_error(got: np.ndarray | None, ref: np.ndarray) -> float:
    """``|got - ref| / |ref|`` over the whole array (inf when missing or of another shape): rounding gives
    ~1e-7 in float32, a flipped kink ~1e-5, a wrong rule its own size."""
    if got is None or got.shape != ref.shape:
        return math.inf
    r = ref.astype(np.float64)
    scale = float(np.linalg.norm(r))
    error = float(np.linalg.norm(got.astype(np.float64) - r))
    return error / scale if scale else error


def _plot(path: str, check: Check, runs: list[Run], rows: list[Row]) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, (losses, diffs) = plt.subplots(1, 2, figsize=(11, 4))
    styles = ["-", "--", ":", "-."]  # curves that agree lie on each other: each stays visible by its style
    for i, run in enumerate(runs):
        steps = [(s, loss) for s, loss in enumerate(run.record.meta["losses"]) if loss is not None]
        losses.plot([s for s, _ in steps], [loss for _, loss in steps], styles[i % 4], marker="o"[:i == 0],
                    linewidth=2.5 - 0.5 * (i % 4), label=run.backend)
    losses.set(xlabel="step", ylabel="loss", title="loss on each backend")
    losses.legend()
    reference = runs[0].record
    for i, run in enumerate(runs[1:], 1):
        kind = "grad" if backend_and_workers(run.backend)[1] == 1 else "update"  # data-parallel: the updates
        steps = sorted({r.step for r in rows if r.backend == run.backend and r.kind == kind})
        worst = [max((_norm_error(run.record.arrays.get(key), ref) for key, ref in reference.arrays.items()
                      if key[:2] == (s, kind)), default=0.0) for s in steps]
        diffs.semilogy(steps, [max(w, 1e-10) for w in worst], styles[i % 4], marker=".",
                       label=f"{run.backend} vs {check.backends[0]}" + ("" if kind == "grad" else " (Parameters)"))
    diffs.set(xlabel="step", ylabel="max over Parameters of |g - g_ref| / |g_ref|",
              title="gradients against the reference")
    diffs.legend()
    fig.suptitle(f"unigrad check {os.path.basename(check.options.script)}")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def _write_json(path: str, report: dict) -> None:
    partial = path + ".partial"
    with open(partial, "w") as f:
        json.dump(report, f, indent=1)
    os.replace(partial, path)


def _usable(options: argparse.Namespace, chosen: list[str]) -> str | None:
    """What is wrong with the options, or None."""
    parsed = [backend_and_workers(b) for b in chosen]
    unknown = [b for b, w in parsed if b not in _choices() or w < 1 or (b == "mindspore" and w > 1)]
    if unknown or len(chosen) < 2 or len(set(chosen)) != len(chosen):
        return (f"--backends takes two or more different backends of {', '.join(_choices())}, comma-separated, "
                f"a unigrad one with ':N' for N data-parallel processes ('torch:2'); got {options.backends!r}")
    if options.steps < 1:
        return f"--steps must be a positive int, got {options.steps}"
    if not os.path.isfile(options.script):
        return f"can't open file {os.path.abspath(options.script)!r}: no such file"
    if "mindspore" in chosen and not options.mindspore_python and importlib.util.find_spec("mindspore") is None:
        return ("the mindspore backend needs real MindSpore, which is not importable here: give "
                "--mindspore-python PATH, the Python of an environment where it is installed")
    if options.plot and importlib.util.find_spec("matplotlib") is None:
        return "--plot needs matplotlib: pip install 'unigrad[plot]'"
    return None


def command(args: list[str]) -> int:
    """``unigrad check ARGS``; the exit status."""
    own, rest = split_at_script(args, VALUE_OPTIONS)
    options = parser().parse_args([*own, "--", *rest[:1]])
    with tempfile.TemporaryDirectory(prefix="unigrad-check-") as folder:
        check = Check(options, rest[1:], folder)
        problem = _usable(options, check.backends)
        if problem:
            print(f"unigrad check: {problem}", file=sys.stderr)
            return 2
        try:
            runs = check.run_all()
        except CheckError as err:
            print(f"unigrad check: {err}", file=sys.stderr)
            return 2
        if _steps(runs) == 0:
            print(f"unigrad check: {options.script} took no gradient (no value_and_grad, grad, GradOperation or vjp "
                  f"ran): there is nothing to compare", file=sys.stderr)
            return 2
        rows = compare_runs(runs, options)
        first = _print_report(check, runs, rows)
        ops = None
        pair = None if first is None else replay_pair(check, rows, first)
        if pair is not None:
            print(f"\nReplaying step {first.step} on {pair[0]} and {pair[1]} with every op observed:")
            try:
                ops = replay(check, first.step, pair)
                print(f"  {ops['message']}")
            except CheckError as err:
                print(f"  the replay failed: {err}")
        elif first is not None:
            print(f"\nNo op replay: it needs two single-process unigrad backends that differ at step {first.step} "
                  f"(MindSpore's ops cannot be observed, and a run on several processes is compared by its updates).")
        status = 0 if first is None else 1
        if options.json:
            _write_json(options.json, _json_report(check, runs, rows, first, ops, status))
        if options.plot:
            _plot(options.plot, check, runs, rows)
            print(f"Plotted the losses and gradient differences to {options.plot}")
        return status

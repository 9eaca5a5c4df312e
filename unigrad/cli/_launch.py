"""``unigrad launch --worker_num N [options] script.py [args]``: data-parallel training, one process per worker,
as MindSpore's ``msrun`` starts it (its option spellings are accepted: ``--worker_num``, ``--local_worker_num``,
``--master_addr``, ``--master_port``, ``--log_dir``, ``--join``, ``--node_rank``, ``--cluster_time_out``).

Each worker runs the script under ``unigrad run`` (so ``import mindspore`` is served) with the environment both
engines and MindSpore's scripts read: torchrun's ``RANK``, ``WORLD_SIZE``, ``LOCAL_RANK``, ``LOCAL_WORLD_SIZE``,
``MASTER_ADDR``, ``MASTER_PORT`` and msrun's ``RANK_ID``, ``RANK_SIZE``, ``MS_WORKER_NUM``, ``MS_SCHED_HOST``,
``MS_SCHED_PORT``. Ctrl-C and SIGTERM are passed on to the workers. When a worker fails, the others are stopped
and the launcher exits with its status, naming it.
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from unigrad import backends
from unigrad.cli._run import split_at_script

VALUE_OPTIONS = ("--worker_num", "--worker-num", "--local_worker_num", "--local-worker-num", "--master_addr",
                 "--master-addr", "--master_port", "--master-port", "--log_dir", "--log-dir", "--node_rank",
                 "--node-rank", "--backend", "--device", "--cluster_time_out", "--join")
GRACE_SECONDS = 10.0  # how long stopped workers get to exit before they are killed


def parser() -> argparse.ArgumentParser:
    made = argparse.ArgumentParser(
        prog="unigrad launch", allow_abbrev=False,
        usage="unigrad launch --worker_num N [--local_worker_num N] [--master_addr ADDR] [--master_port PORT] "
              "[--log_dir DIR] [--backend B] [--device D] script.py [args ...]",
        description="Start N processes of a data-parallel MindSpore script (msrun's options), each under "
                    "'unigrad run'. Options go before the script; everything after it is the script's.")
    made.add_argument("--worker_num", "--worker-num", type=int, required=True, help="processes in the whole job")
    made.add_argument("--local_worker_num", "--local-worker-num", type=int,
                      help="processes on this machine (default: worker_num; this machine runs ranks "
                           "node_rank * local_worker_num ...)")
    made.add_argument("--master_addr", "--master-addr", default="127.0.0.1", help="the rendezvous address")
    made.add_argument("--master_port", "--master-port", type=int, default=8118, help="the rendezvous port")
    made.add_argument("--node_rank", "--node-rank", type=int, default=0, help="this machine's index")
    made.add_argument("--log_dir", "--log-dir", help="write each worker's output to LOG_DIR/worker_RANK.log "
                                                     "(default: to this terminal)")
    made.add_argument("--join", default=True, help="accepted for msrun's spelling: the launcher always waits")
    made.add_argument("--cluster_time_out", type=int, help="seconds a collective waits for the others "
                                                            "(UNIGRAD_COMM_TIMEOUT; default 300)")
    made.add_argument("--backend", choices=backends.known_backends(), help="the backend of every worker")
    made.add_argument("--device", choices=("cpu", "gpu"), help="where each worker's Tensors live")
    made.add_argument("script", help="the MindSpore script")
    return made


def worker_environment(rank: int, size: int, local_rank: int, local_size: int, address: str, port: int,
                       rendezvous: str | None = None) -> dict[str, str]:
    """The variables a worker of a group reads: torchrun's, msrun's, and unigrad's rendezvous file (where all
    workers share one machine)."""
    env = {"RANK": str(rank), "WORLD_SIZE": str(size), "LOCAL_RANK": str(local_rank),
           "LOCAL_WORLD_SIZE": str(local_size), "MASTER_ADDR": address, "MASTER_PORT": str(port),
           "RANK_ID": str(rank), "RANK_SIZE": str(size), "MS_WORKER_NUM": str(size), "MS_LOCAL_WORKER": str(local_size),
           "MS_SCHED_HOST": address, "MS_SCHED_PORT": str(port), "MS_NODE_ID": str(rank), "DEVICE_ID": str(local_rank)}
    if rendezvous:
        env["UNIGRAD_RENDEZVOUS"] = rendezvous
    return env


def _environment(options: argparse.Namespace, local_rank: int, local_size: int, rendezvous: str) -> dict[str, str]:
    """A worker's whole environment: this process's, with its place in the group."""
    one_machine = local_size == options.worker_num  # then meet at a file, not at a port open to the network
    env = dict(os.environ, **worker_environment(options.node_rank * local_size + local_rank, options.worker_num,
                                                 local_rank, local_size, options.master_addr, options.master_port,
                                                 rendezvous if one_machine else None))
    if options.cluster_time_out:
        env["UNIGRAD_COMM_TIMEOUT"] = str(options.cluster_time_out)
    return env


def _stop(workers: list[subprocess.Popen]) -> None:
    """Terminate the workers still running, and kill those that outlive the grace period."""
    for worker in workers:
        if worker.poll() is None:
            worker.terminate()
    deadline = time.monotonic() + GRACE_SECONDS
    for worker in workers:
        try:
            worker.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def _failures(workers: list[subprocess.Popen], first_rank: int) -> list[tuple[int, int]]:
    """(rank, status) of the workers that failed, one killed by a signal first: the others then fail on its
    closed connections, so it is the one to name."""
    failed = [(first_rank + i, w.returncode) for i, w in enumerate(workers) if w.returncode not in (None, 0)]
    return sorted(failed, key=lambda f: f[1] >= 0)


def _how(rank: int, returncode: int) -> str:
    """How worker ``rank`` ended: 'exited with status 1', 'was killed by SIGKILL'."""
    if returncode < 0:
        try:
            return f"worker {rank} was killed by {signal.Signals(-returncode).name}"
        except ValueError:
            pass
    return f"worker {rank} exited with status {returncode}"


def _print_log_end(path: str, size: int = 4000) -> None:
    """The last ``size`` bytes of a failed worker's log, on stderr, with its path."""
    with open(path, "rb") as log:
        log.seek(max(0, os.path.getsize(path) - size))
        end = log.read().decode(errors="replace")
    print(f"unigrad launch: the end of {path}:\n{end.rstrip()}", file=sys.stderr)


def launch(options: argparse.Namespace, script_args: list[str]) -> int:
    local_size = options.local_worker_num or options.worker_num
    if options.worker_num < 1 or local_size < 1 or local_size > options.worker_num:
        print(f"unigrad launch: --worker_num must be >= 1 and --local_worker_num between 1 and it, got "
              f"{options.worker_num} and {local_size}", file=sys.stderr)
        return 2
    if not os.path.isfile(options.script):
        print(f"unigrad launch: can't open file {os.path.abspath(options.script)!r}: no such file", file=sys.stderr)
        return 2
    run = [sys.executable, "-m", "unigrad", "run"]
    run += ["--backend", options.backend] if options.backend else []
    run += ["--device", options.device] if options.device else []
    if options.log_dir:
        os.makedirs(options.log_dir, exist_ok=True)
    meeting = tempfile.mkdtemp(prefix="unigrad-launch-")  # the workers' rendezvous file, when all are here
    workers, logs, first_rank = [], [], options.node_rank * local_size
    for local_rank in range(local_size):
        env = _environment(options, local_rank, local_size, os.path.join(meeting, "rendezvous"))
        out = None
        if options.log_dir:
            out = open(os.path.join(options.log_dir, f"worker_{env['RANK']}.log"), "wb")
            logs.append(out)
        workers.append(subprocess.Popen([*run, options.script, *script_args], env=env, stdout=out,
                                        stderr=subprocess.STDOUT if out else None))
    forwarded = {sig: signal.signal(sig, lambda s, _: [w.send_signal(s) for w in workers if w.poll() is None])
                 for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        running = True
        while running and not _failures(workers, first_rank):
            running = any(w.poll() is None for w in workers)
            time.sleep(0.05 if running else 0)
        failed = _failures(workers, first_rank)
        if not failed:
            return 0
        running = any(w.poll() is None for w in workers)
        print(f"unigrad launch: {'; '.join(_how(rank, code) for rank, code in failed)}"
              f"{'; stopping the others' if running else ''}", file=sys.stderr)
        if options.log_dir:  # its traceback went to its log, not to this terminal
            _print_log_end(os.path.join(options.log_dir, f"worker_{failed[0][0]}.log"))
        _stop(workers)
        return failed[0][1] if failed[0][1] > 0 else 1
    finally:
        for sig, handler in forwarded.items():
            signal.signal(sig, handler)
        for log in logs:
            log.close()
        shutil.rmtree(meeting, ignore_errors=True)


def command(args: list[str]) -> int:
    """``unigrad launch ARGS``; the exit status."""
    own, rest = split_at_script(args, VALUE_OPTIONS)
    options = parser().parse_args([*own, "--", *rest[:1]])
    return launch(options, rest[1:])

"""Data-parallel scaling on this machine's CPUs: the MNIST MLP step (784-512-512-10, SGD, a global batch of 64) on
2 processes of one thread each, each on 32 rows, against 1 process of one thread on all 64 rows, same run.

    python benchmarks/data_parallel.py [--backends numpy,torch,jax] [--steps 200] [--markdown]

Each process runs the tutorial's code under ``unigrad launch``: ``value_and_grad``, then
``nn.DistributedGradReducer``, then ``optimizer(grads)``, timed over ``--steps`` steps after 20 warm-up steps. The
reducer's own time is timed too: the all-reduce's share of the step. Scaling efficiency is the 1-process step
time over twice the 2-process one (1.0: two processes take half as long for the same global batch).
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import textwrap

WORKER = textwrap.dedent('''
    import json, sys, time
    import numpy as np
    import mindspore as ms
    from mindspore import nn
    from mindspore.communication import init, get_rank, get_group_size

    ms.set_auto_parallel_context(parallel_mode=ms.ParallelMode.DATA_PARALLEL, gradients_mean=True)
    init()
    rank, size = get_rank(), get_group_size()
    ms.set_seed(0)
    net = nn.SequentialCell(nn.Flatten(), nn.Dense(784, 512), nn.ReLU(), nn.Dense(512, 512), nn.ReLU(), nn.Dense(512, 10))
    loss_fn = nn.CrossEntropyLoss()
    optimizer = nn.SGD(net.trainable_params(), 1e-2)
    grad_fn = ms.value_and_grad(lambda x, y: loss_fn(net(x), y), None, optimizer.parameters)
    grad_reducer = nn.DistributedGradReducer(optimizer.parameters)
    rng = np.random.default_rng(rank)
    rows = 64 // size
    x = ms.Tensor(rng.normal(size=(rows, 1, 28, 28)).astype(np.float32))
    y = ms.Tensor(rng.integers(0, 10, rows).astype(np.int32))
    steps, reducing = int(sys.argv[2]), 0.0
    for i in range(20 + steps):
        if i == 20:
            start, reducing = time.perf_counter(), 0.0
        loss, grads = grad_fn(x, y)
        t = time.perf_counter()
        grads = grad_reducer(grads)
        grads[0].asnumpy()  # the reduced gradients are ready (jax dispatches asynchronously)
        reducing += time.perf_counter() - t
        optimizer(grads)
    loss.asnumpy()
    step = (time.perf_counter() - start) / steps
    if rank == 0:
        json.dump({"step": step, "reduce": reducing / steps}, open(sys.argv[1], "w"))
''')

ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
              "XLA_FLAGS": "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure(backend: str, workers: int, steps: int, folder: str) -> dict:
    out = os.path.join(folder, f"{backend}_{workers}.json")
    script = os.path.join(folder, "worker.py")
    done = subprocess.run([sys.executable, "-m", "unigrad", "launch", "--worker_num", str(workers), "--backend", backend,
                           "--master_port", str(free_port()), script, out, str(steps)],
                          env={**os.environ, **ONE_THREAD}, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{backend} on {workers} processes failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    with open(out) as f:
        return json.load(f)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="numpy,torch,jax")
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--markdown", action="store_true")
    options = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        with open(os.path.join(folder, "worker.py"), "w") as f:
            f.write(WORKER)
        for backend in options.backends.split(","):
            one, two = measure(backend, 1, options.steps, folder), measure(backend, 2, options.steps, folder)
            rows.append((backend, one, two, one["step"] / (2 * two["step"])))
    if options.markdown:
        print("| backend | 1 process, 64 rows | 2 processes, 32 rows each | all-reduce share (2 processes) | "
              "scaling efficiency |\n|---|---|---|---|---|")
        for backend, one, two, efficiency in rows:
            print(f"| {backend} | {1e3 * one['step']:.2f} ms | {1e3 * two['step']:.2f} ms | "
                  f"{100 * two['reduce'] / two['step']:.0f}% ({1e3 * two['reduce']:.2f} ms) | {efficiency:.2f} |")
    else:
        for backend, one, two, efficiency in rows:
            print(f"{backend:6} 1 process {1e3 * one['step']:7.2f} ms/step   2 processes {1e3 * two['step']:7.2f} ms/step "
                  f"(all-reduce {1e3 * two['reduce']:.2f} ms, {100 * two['reduce'] / two['step']:.0f}%)   "
                  f"scaling efficiency {efficiency:.2f}")


if __name__ == "__main__":
    main()

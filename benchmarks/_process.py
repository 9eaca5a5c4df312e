"""Thread-pool sizing shared by the benchmark scripts; imported before NumPy, torch or JAX load."""
from __future__ import annotations

import argparse
import os


def apply_threads() -> int:
    """Size every thread pool from --threads (default 1) before numpy, torch and jax load and read it.

    One thread by default: these workloads are small, and on shared or virtual machines multi-threaded
    BLAS/OpenMP pools stall now and then (one matmul measured 0.4 ms, then 3-10 ms), which swamps the
    ratios. ``--threads 0`` leaves each library's default."""
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--threads", type=int, default=1)
    n = pre.parse_known_args()[0].threads
    if n > 0:
        for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[var] = str(n)
        eigen = "true" if n > 1 else "false"
        os.environ["XLA_FLAGS"] = (os.environ.get("XLA_FLAGS", "") + f" --xla_cpu_multi_thread_eigen={eigen}"
                                   f" intra_op_parallelism_threads={n}").strip()
    return n

"""Process-wide settings shared by the benchmark scripts, applied before numpy, torch or jax load:
thread pools and the C allocator."""
from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import os

# glibc's mallopt parameters (malloc.h)
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3


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


def apply_allocator() -> str:
    """Keep freed memory in the process (see ``keep_freed_memory``) unless --default-malloc; says which."""
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--default-malloc", action="store_true")
    if pre.parse_known_args()[0].default_malloc:
        return "default malloc"
    return "malloc keeps freed memory" if keep_freed_memory() else "default malloc (not glibc)"


def keep_freed_memory() -> bool:
    """Stop glibc from handing freed memory back to the OS between steps; True where that took effect.

    By default glibc maps each large buffer (a conv's activations) fresh and trims the heap as it
    shrinks, so a step's buffers come back as new pages that fault in on first touch. Whether that
    happens depends on the history of the process (its dynamic thresholds), and measured the same
    torch step at 3.5 ms in one run and 4.7 ms in the next, with ~600 page faults per step. Fixed
    thresholds make every framework reuse its memory, as a long training run does."""
    path = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(path)
        mallopt = libc.mallopt
    except (OSError, AttributeError, TypeError):  # not glibc (macOS, musl): leave the allocator alone
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, 32 << 20)) and bool(mallopt(_M_TRIM_THRESHOLD, 1 << 30))

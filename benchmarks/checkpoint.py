"""Checkpoint speed and memory (issue 22 item 2): save and load a 100 M-parameter float32 model (400 MB),
against a plain write / read of the same bytes and torch.save / torch.load of the same tensors.

    python benchmarks/checkpoint.py [--params 100_000_000] [--repeats 3] [--folder DIR] [--backend numpy]

The model is 100 float32 Parameters of 1 M values each. Every measurement runs in a fresh process: the
time of the one call, and its peak extra memory (the process's peak resident size after the call less its
resident size just before it; a load's result counts, it is memory the load holds). protobuf, safetensors
and unigrad's backend are imported before the clock starts, as torch is. The plain write (truncating the last
run's file in place) and torch.save end with an fsync, as save_checkpoint does, so all writers pay for the same durability. The
files are read right after they are written, from the page cache, for every reader alike. Rates are
MB/s of checkpoint (1 MB = 1e6 bytes), the median of --repeats runs; the targets: unigrad at >= 50 % of
the plain rate, peak extra <= 2x the checkpoint.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

CHILD = r"""
import json, os, resource, sys, time
import numpy as np
mode, folder, n_params, backend = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
per = 1_000_000
count = n_params // per


def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def arrays():
    out = {}
    for i in range(count):
        a = np.empty(per, np.float32)
        a.fill(i * 0.5)
        out[f"layer{i:03d}.weight"] = a.reshape(1000, 1000)
    return out


def fsync(path):
    fd = os.open(path, os.O_RDONLY)
    os.fsync(fd)
    os.close(fd)


path = os.path.join(folder, {"plain": "plain.bin", "atomic": "atomic.bin", "ckpt": "model.ckpt",
                             "safetensors": "model.safetensors", "torch": "model.pt"}[mode.split("_")[1]])
if "torch" in mode:
    import torch
else:
    os.environ["UNIGRAD_BACKEND"] = backend
    import unigrad as ms
    from unigrad.train import serialization
    serialization._checkpoint_class(), serialization._safetensors()  # imported before timing, as torch is
    ms.Tensor(0.0)  # and the backend (torch, jax) loaded: a load into a net finds it loaded
if mode.startswith("save"):
    data = arrays()
    if "torch" in mode:
        obj = {k: torch.from_numpy(v) for k, v in data.items()}
    elif mode not in ("save_plain", "save_atomic"):  # one layer at a time, so that setting up never holds two copies
        obj = {k: ms.Parameter(ms.Tensor(data.pop(k)), name=k) for k in list(data)}
before = rss()
start = time.perf_counter()
if mode == "save_plain":
    with open(path, "wb") as f:
        for v in data.values():
            f.write(memoryview(v.reshape(-1)).cast("B"))
        f.flush()
        os.fsync(f.fileno())
elif mode == "save_atomic":
    if os.path.exists(path):  # as save_checkpoint: the old file's cached pages go first
        fd = os.open(path, os.O_RDONLY)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        os.close(fd)
    with open(path + ".tmp", "wb") as f:
        for v in data.values():
            f.write(memoryview(v.reshape(-1)).cast("B"))
        f.flush()
        os.fsync(f.fileno())
    os.replace(path + ".tmp", path)
elif mode == "read_plain":
    with open(path, "rb") as f:
        data = f.read()
elif mode == "save_torch":
    torch.save(obj, path)
    fsync(path)
elif mode == "read_torch":
    data = torch.load(path, weights_only=True)
elif mode.startswith("save"):
    ms.save_checkpoint(obj, path, format=mode.split("_")[1])
else:
    data = ms.load_checkpoint(path, format=mode.split("_")[1])
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"seconds": seconds, "extra": max(0, peak - before), "bytes": os.path.getsize(path)}))
"""

ROWS = [("plain write + fsync", "save_plain"), ("plain read", "read_plain"),
        ("plain write, atomic", "save_atomic"),
        ("unigrad save .ckpt", "save_ckpt"), ("unigrad load .ckpt", "read_ckpt"),
        ("unigrad save .safetensors", "save_safetensors"), ("unigrad load .safetensors", "read_safetensors"),
        ("torch.save + fsync", "save_torch"), ("torch.load", "read_torch")]


def run(mode: str, folder: str, params: int, backend: str) -> dict:
    os.sync()  # no writer waits on the write-back of the files before it
    done = subprocess.run([sys.executable, "-c", CHILD, mode, folder, str(params), backend], capture_output=True,
                          text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"{mode} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--params", type=int, default=100_000_000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--folder", default=None, help="where the files go (default: a temporary folder)")
    ap.add_argument("--backend", default="numpy", help="unigrad's backend for the unigrad rows")
    args = ap.parse_args()
    have_torch = subprocess.run([sys.executable, "-c", "import torch"], capture_output=True,
                                check=False).returncode == 0
    rows = [r for r in ROWS if have_torch or "torch" not in r[1]]
    with tempfile.TemporaryDirectory(dir=args.folder) as folder:
        results: dict[str, list[dict]] = {mode: [] for _, mode in rows}
        for _ in range(args.repeats):  # each writer then its reader, so every file is fresh in the page cache
            for _, mode in rows:
                results[mode].append(run(mode, folder, args.params, args.backend))
    size = results["save_plain"][0]["bytes"]
    print(f"checkpoint: {args.params:,} float32 parameters, {size / 1e6:.0f} MB; unigrad on {args.backend}; "
          f"median of {args.repeats} fresh processes each")
    print(f"{'':28s} {'seconds':>8s} {'MB/s':>8s} {'vs plain':>9s} {'peak extra':>11s} {'x ckpt':>7s}")
    plain = {"save": statistics.median(r["seconds"] for r in results["save_plain"]),
             "read": statistics.median(r["seconds"] for r in results["read_plain"])}
    for label, mode in rows:
        seconds = statistics.median(r["seconds"] for r in results[mode])
        extra = statistics.median(r["extra"] for r in results[mode])
        rate = size / seconds / 1e6
        vs = plain[mode.split("_")[0]] / seconds
        print(f"{label:28s} {seconds:8.3f} {rate:8.0f} {vs:8.0%} {extra / 1e6:9.0f} MB {extra / size:6.2f}x")
    print("'plain write, atomic': the same bytes to a temp file, fsync, os.replace over the last run's file, as "
          "save_checkpoint writes")
    print("targets: unigrad save and load >= 50 % of the plain rate; peak extra <= 2.00x the checkpoint")


if __name__ == "__main__":
    main()

"""Checkpoints both ways with real MindSpore 2.10 (issue 22 item 2); run it with MindSpore's Python.

    /work/msvenv/bin/python tools/record_mindspore_checkpoints.py            # write the fixtures
    /work/msvenv/bin/python tools/record_mindspore_checkpoints.py --check D  # read what unigrad wrote into D

The first writes small checkpoints with MindSpore into tests/fixtures/checkpoints/ (a net with an
append_dict, and a dict of every dtype, each as .ckpt and .safetensors) and expected.json, their contents
as MindSpore reads them back. The second loads every checkpoint in D (written by tests/test_checkpoint.py
with UNIGRAD_CHECKPOINT_OUT=D) with mindspore.load_checkpoint and compares names, dtypes, shapes and
values with D/expected.json; it prints one line per file and exits non-zero on any difference.
"""
import argparse
import json
import os
import struct
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "tests", "fixtures", "checkpoints")
DTYPES = ["Bool", "Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64",
          "Float16", "BFloat16", "Float32", "Float64"]
# values every dtype above holds exactly (bool takes the nonzero ones as True)
VALUES = [[0, 1, 2], [3, 100, 7]]
FLOAT_VALUES = [[-1.5, 0.25, 3.0], [1e-3, 65504.0 / 4, -0.0]]


def _describe(value):
    """A loaded entry as JSON: a str, or dtype / shape / values (bfloat16 as float32 values)."""
    if isinstance(value, str):
        return {"str": value}
    array = value.asnumpy() if str(value.dtype) != "BFloat16" else value.float().asnumpy()
    return {"dtype": str(value.dtype), "shape": list(value.shape), "values": array.tolist()}


def _raw_layout(path):
    """The dtype names stored in the file itself: tensor_type of .ckpt, the header's dtype of safetensors."""
    if path.endswith(".ckpt"):
        from mindspore.train.checkpoint_pb2 import Checkpoint
        ckpt = Checkpoint()
        with open(path, "rb") as f:
            ckpt.ParseFromString(f.read())
        return {v.tag: {"tensor_type": v.tensor.tensor_type, "dims": list(v.tensor.dims)} for v in ckpt.value}
    with open(path, "rb") as f:
        raw = f.read()
    header = json.loads(raw[8:8 + struct.unpack("<Q", raw[:8])[0]])
    return {k: (v if k == "__metadata__" else {"dtype": v["dtype"], "shape": v["shape"]}) for k, v in header.items()}


def record():
    import mindspore as ms
    from mindspore import Parameter, Tensor, nn
    ms.set_context(mode=ms.PYNATIVE_MODE, device_target="CPU")

    class Net(nn.Cell):
        def __init__(self):
            super().__init__()
            self.fc1 = nn.Dense(4, 3)
            self.fc2 = nn.Dense(3, 2)

        def construct(self, x):
            return self.fc2(self.fc1(x))

    net = Net()
    for i, (_, p) in enumerate(net.parameters_and_names()):
        p.set_data(Tensor((np.arange(np.prod(p.shape)).reshape(p.shape) * 0.125 - i).astype(np.float32)))
    every = {}
    for name in DTYPES:
        dtype = getattr(ms, name.lower().replace("bool", "bool_"))
        src = FLOAT_VALUES if name.startswith(("Float", "BFloat")) else VALUES
        every[f"every.{name.lower()}"] = Parameter(Tensor(np.array(src, np.float64), dtype), name=f"every.{name.lower()}")
    every["every.scalar"] = Parameter(Tensor(np.float32(2.5)), name="every.scalar")
    append = {"epoch_num": 5, "step_num": 100, "lr": 0.125, "best": True}
    os.makedirs(FIXTURES, exist_ok=True)
    expected = {}
    for fmt in ("ckpt", "safetensors"):
        files = {f"net.{fmt}": (net, dict(append, note="hello") if fmt == "ckpt" else append),
                 f"every_dtype.{fmt}": (every, None)}
        for file, (obj, app) in files.items():
            path = os.path.join(FIXTURES, file)
            if os.path.exists(path):
                os.chmod(path, 0o600)
                os.remove(path)
            ms.save_checkpoint(obj, path, append_dict=app, format=fmt)
            loaded = ms.load_checkpoint(path, format=fmt)
            expected[file] = {"order": list(loaded), "entries": {k: _describe(v) for k, v in loaded.items()},
                              "raw": _raw_layout(path)}
    with open(os.path.join(FIXTURES, "expected.json"), "w") as f:
        json.dump({"mindspore": ms.__version__, "files": expected}, f, indent=1, sort_keys=True)
    print(f"wrote {len(expected)} checkpoints and expected.json into {FIXTURES}")


def check(folder):
    import mindspore as ms
    ms.set_context(mode=ms.PYNATIVE_MODE, device_target="CPU")
    with open(os.path.join(folder, "expected.json")) as f:
        expected = json.load(f)
    failures = 0
    for file, want in sorted(expected.items()):
        path = os.path.join(folder, file)
        fmt = "safetensors" if file.endswith(".safetensors") else "ckpt"
        try:
            got = {k: _describe(v) for k, v in ms.load_checkpoint(path, format=fmt).items()}
        except Exception as e:  # noqa: BLE001 - reported, counted as a failure
            print(f"FAIL {file}: MindSpore could not load it: {type(e).__name__}: {e}")
            failures += 1
            continue
        problems = [f"{k}: MindSpore read {got.get(k)}, unigrad wrote {w}" for k, w in want.items() if got.get(k) != w]
        problems += [f"{k}: not written by unigrad" for k in got if k not in want]
        if problems:
            failures += 1
            print(f"FAIL {file}: " + "; ".join(problems))
        else:
            dtypes = sorted({w.get("dtype", "str") for w in want.values()})
            print(f"ok   {file}: {len(want)} entries ({', '.join(dtypes)}) equal in MindSpore {ms.__version__}")
    print(f"{len(expected) - failures} of {len(expected)} unigrad-written checkpoints load in MindSpore as written")
    return 1 if failures or not expected else 0


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", metavar="FOLDER", help="load the checkpoints unigrad wrote into FOLDER")
    args = ap.parse_args()
    sys.exit(check(args.check) if args.check else record())

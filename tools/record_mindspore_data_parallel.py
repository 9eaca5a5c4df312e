"""Record MindSpore 2.10's data-parallel goldens: tests/fixtures/data_parallel/halves.py under real ``msrun`` on 1 and
on 2 CPU processes (loopback), its final Parameters written to tests/goldens/mindspore_2.10_data_parallel.json.

    python tools/record_mindspore_data_parallel.py --venv ../msvenv

``--venv`` is MindSpore's own virtualenv: its ``bin`` goes first on PATH, since msrun's workers start ``python``.
tests/test_data_parallel.py holds unigrad's 1- and 2-process runs of the same file to these numbers.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(ROOT, "tests", "fixtures", "data_parallel", "halves.py")
GOLDEN = os.path.join(ROOT, "tests", "goldens", "mindspore_2.10_data_parallel.json")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venv", required=True, help="MindSpore 2.10's virtualenv")
    parser.add_argument("--port", type=int, default=8118)
    options = parser.parse_args()
    env = dict(os.environ, PATH=os.path.join(os.path.abspath(options.venv), "bin") + os.pathsep + os.environ["PATH"])
    version = subprocess.run(["python", "-c", "import mindspore; print(mindspore.__version__)"], env=env,
                             capture_output=True, text=True, check=True).stdout.strip()
    golden = {"mindspore": version, "script": os.path.relpath(SCRIPT, ROOT)}
    with tempfile.TemporaryDirectory() as folder:
        for workers in (1, 2):
            out = os.path.join(folder, f"w{workers}.npz")
            subprocess.run(["msrun", f"--worker_num={workers}", f"--local_worker_num={workers}",
                            "--master_addr=127.0.0.1", f"--master_port={options.port + workers}", "--join=True",
                            f"--log_dir={os.path.join(folder, f'logs{workers}')}", SCRIPT, out],
                           env=env, cwd=folder, check=True, capture_output=True)
            golden[f"workers_{workers}"] = {k: v.astype(float).tolist() for k, v in np.load(out).items()}
    with open(GOLDEN + ".partial", "w") as f:
        json.dump(golden, f)
    os.replace(GOLDEN + ".partial", GOLDEN)
    print(f"wrote {GOLDEN} (MindSpore {version})")


if __name__ == "__main__":
    main()

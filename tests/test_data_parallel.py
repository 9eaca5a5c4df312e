"""Data-parallel training in real processes on loopback (``unigrad launch``, torch.distributed's gloo, jax.distributed):
two processes on the halves of every batch end where one process on the whole batch ends, for SGD and Adam,
gradients_mean True and False, and Model.train on a sharded dataset, on every backend; a killed rank stops the
job with its name and leaves the last checkpoint whole; and MindSpore's names and errors in one process."""
from __future__ import annotations

import ast
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import unigrad
from unigrad import nn
from unigrad.communication import GlobalComm, get_group_size, get_local_rank, get_rank, init

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "data_parallel"
MINDSPORE = json.loads((ROOT / "tests" / "goldens" / "mindspore_2.10_data_parallel.json").read_text())


def free_port() -> int:
    """A port free on 127.0.0.1 now (everything binds to loopback only)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def launch(workers: int, backend: str, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "unigrad", "launch", "--worker_num", str(workers), "--backend",
                           backend, "--master_addr", "127.0.0.1", "--master_port", str(free_port()), *args],
                          cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["numpy", "torch", "jax"])
def test_two_processes_on_halves_end_where_one_process_on_the_whole_batch_ends(backend, tmp_path):
    finals = {}
    for workers in (1, 2):
        done = launch(workers, backend, str(FIXTURES / "halves.py"), f"w{workers}.npz", cwd=tmp_path)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
        assert done.stdout.count(" done") == workers
        finals[workers] = dict(np.load(tmp_path / f"w{workers}.npz"))
    assert sorted(finals[2]) == ["adam_mean", "adam_sum", "model_train", "sgd_mean", "sgd_sum"]
    for name, whole in finals[1].items():
        moved = np.abs(whole - finals[2][name]).max()
        np.testing.assert_allclose(finals[2][name], whole, rtol=2e-5, atol=2e-6, err_msg=f"{name}: {moved}")
    # the networks did train (from one start, SGD and Adam end apart), so agreeing is not agreeing on the start
    assert not np.allclose(finals[1]["sgd_mean"], finals[1]["adam_mean"], atol=1e-3)
    # and where real MindSpore 2.10 ends under msrun (tools/record_mindspore_data_parallel.py): measured 1.2e-6 apart
    for workers in (1, 2):
        for name, mindspore in MINDSPORE[f"workers_{workers}"].items():
            np.testing.assert_allclose(finals[workers][name], mindspore, rtol=0, atol=5e-6, err_msg=name)


@pytest.mark.parametrize("backend", ["torch", "numpy"])
def test_a_killed_rank_stops_the_job_naming_it_and_the_checkpoint_stays_whole(backend, tmp_path):
    started = time.monotonic()
    done = launch(2, backend, str(FIXTURES / "dies.py"), cwd=tmp_path)
    elapsed = time.monotonic() - started
    assert done.returncode != 0
    assert "unigrad launch: worker 1 was killed by SIGKILL" in done.stderr, done.stderr[-3000:]
    assert elapsed < 120
    with unigrad.use_backend(backend):
        saved = unigrad.load_checkpoint(str(tmp_path / "dense.ckpt"))
    assert sorted(saved) == ["bias", "weight"] and saved["weight"].shape == (256, 256)


def test_launch_refuses_a_bad_worker_count_and_a_missing_script(tmp_path):
    done = launch(0, "numpy", "x.py", cwd=tmp_path)
    assert done.returncode == 2 and "--worker_num must be >= 1" in done.stderr
    done = launch(2, "numpy", "absent.py", cwd=tmp_path)
    assert done.returncode == 2 and "no such file" in done.stderr


def test_a_failed_workers_log_end_is_shown(tmp_path):
    """With --log_dir a worker's traceback goes to its log: the launcher names the file and shows its end."""
    script = tmp_path / "fails.py"
    script.write_text("print('starting')\nraise ValueError('the data folder is empty')\n")
    done = launch(1, "numpy", "--log_dir", "logs", str(script), cwd=tmp_path)
    assert done.returncode == 1
    assert "worker 0 exited with status 1" in done.stderr
    assert f"the end of {os.path.join('logs', 'worker_0.log')}:" in done.stderr
    assert "starting" in done.stderr and "ValueError: the data folder is empty" in done.stderr


def test_msruns_spelling_of_the_options_is_accepted(tmp_path):
    script = tmp_path / "ranks.py"
    script.write_text("import os\nfrom mindspore.communication import init, get_rank, get_group_size\ninit()\n"
                      "print('rank', get_rank(), 'of', get_group_size(), os.environ['RANK_ID'], os.environ['MS_WORKER_NUM'])\n")
    done = subprocess.run([sys.executable, "-m", "unigrad", "launch", "--worker_num=2", "--local_worker_num=2",
                           "--master_addr=127.0.0.1", f"--master_port={free_port()}", "--join=True", "--log_dir=logs",
                           "--backend=torch", str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    logs = {rank: (tmp_path / "logs" / f"worker_{rank}.log").read_text() for rank in (0, 1)}
    assert "rank 0 of 2 0 2" in logs[0] and "rank 1 of 2 1 2" in logs[1]


# -- in one process: MindSpore's names, defaults and errors -----------------------------------------------
def test_a_process_is_a_group_of_one_before_init():
    assert (get_rank(), get_group_size(), get_local_rank()) == (0, 1, 0)
    assert GlobalComm.WORLD_COMM_GROUP == "hccl_world_group" and GlobalComm.INITED is False
    assert unigrad.ParallelMode.MODE_LIST == ["stand_alone", "data_parallel", "hybrid_parallel",
                                               "semi_auto_parallel", "auto_parallel"]


def test_init_without_a_launcher_says_how_to_start_one(monkeypatch):
    for name in ("RANK", "WORLD_SIZE", "RANK_ID", "RANK_SIZE", "MS_WORKER_NUM", "MS_NODE_ID"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(RuntimeError, match="unigrad launch --worker_num N"):
        init()
    with pytest.raises(ValueError, match="'backend_name' must be one of"):
        init("gloo")


def test_auto_parallel_context_is_checked_as_mindspore_checks_it():
    try:
        unigrad.set_auto_parallel_context(parallel_mode=unigrad.ParallelMode.DATA_PARALLEL, gradients_mean=True)
        assert unigrad.get_auto_parallel_context("parallel_mode") == "data_parallel"
        assert unigrad.get_auto_parallel_context("gradients_mean") is True
        with pytest.raises(ValueError, match="Set context keyword bogus is not recognized!"):
            unigrad.set_auto_parallel_context(bogus=1)
        with pytest.raises(ValueError, match="only support 'stand_alone'.*but got the value : xx."):
            unigrad.set_auto_parallel_context(parallel_mode="xx")
    finally:
        unigrad.reset_auto_parallel_context()
    assert unigrad.get_auto_parallel_context("parallel_mode") == "stand_alone"
    assert unigrad.get_auto_parallel_context("gradients_mean") is False


def test_the_grad_reducer_checks_its_arguments_and_needs_init(unigrad_backend):
    params = nn.Dense(2, 2).trainable_params()
    with pytest.raises(TypeError, match="'mean' must be bool"):
        nn.DistributedGradReducer(params, mean=1)
    with pytest.raises(ValueError, match="'degree' must be a positive int"):
        nn.DistributedGradReducer(params, degree=0)
    reducer = nn.DistributedGradReducer(params)
    assert (reducer.mean, reducer.degree) == (False, 1)
    with pytest.raises(RuntimeError, match="call mindspore.communication.init"):
        reducer(tuple(p * 1 for p in params))


@pytest.mark.slow
def test_mindsporess_data_parallel_sample_runs_unmodified_on_every_backend(tmp_path):
    """examples/distributed_data_parallel.py (MindSpore's sample, 10 epochs) on 2 processes, over the first 640
    shipped digits: every backend prints the same losses, since they start from the same seeded weights."""
    from unigrad.dataset import MnistDataset
    from unigrad.testing.dataset_files import write_mnist
    digits = MnistDataset(str(ROOT / "data" / "MNIST_Data" / "train"), num_samples=640, shuffle=False)
    images, labels = zip(*((image.asnumpy(), label.asnumpy()) for image, label in digits.create_tuple_iterator()))
    (tmp_path / "MNIST_Data" / "train").mkdir(parents=True)
    write_mnist(tmp_path / "MNIST_Data" / "train", np.stack(images)[..., 0], np.stack(labels))
    printed = {}
    for backend in ("numpy", "torch", "jax"):
        done = subprocess.run(
            [sys.executable, "-m", "unigrad", "launch", "--worker_num", "2", "--backend", backend,
             "--master_port", str(free_port()), "--log_dir", f"logs_{backend}",
             str(ROOT / "examples" / "distributed_data_parallel.py")],
            cwd=tmp_path, capture_output=True, text=True, timeout=600,
            env={**os.environ, "DATA_PATH": str(tmp_path / "MNIST_Data" / "train")})
        lines = (tmp_path / f"logs_{backend}" / "worker_0.log").read_text().splitlines()
        assert done.returncode == 0, done.stderr[-3000:] + "\n".join(lines[-30:])
        printed[backend] = [line for line in lines if line.startswith("epoch: ")]
        assert len(printed[backend]) == 10 * 1 and printed[backend][-1].startswith("epoch: 9, step: 0, loss is ")
    losses = {b: np.array([float(line.rsplit(" ", 1)[1]) for line in lines]) for b, lines in printed.items()}
    assert losses["numpy"][-1] < losses["numpy"][0]
    np.testing.assert_allclose(losses["torch"], losses["numpy"], rtol=1e-4)
    np.testing.assert_allclose(losses["jax"], losses["numpy"], rtol=1e-4)


def _cuda_gpus() -> int:
    try:
        import torch
    except ImportError:
        return 0
    return torch.cuda.device_count()


@pytest.mark.gpu
@pytest.mark.skipif(_cuda_gpus() < 2, reason="NCCL data parallelism needs two CUDA GPUs; this machine has fewer")
def test_two_gpu_processes_over_nccl_end_where_one_gpu_process_ends(tmp_path):
    finals = {}
    for workers in (1, 2):
        done = launch(workers, "torch", "--device", "gpu", str(FIXTURES / "halves.py"), f"w{workers}.npz", cwd=tmp_path)
        assert done.returncode == 0, done.stderr[-4000:]
        finals[workers] = dict(np.load(tmp_path / f"w{workers}.npz"))
    for name, whole in finals[1].items():
        np.testing.assert_allclose(finals[2][name], whole, rtol=2e-5, atol=2e-6, err_msg=name)


def test_a_jitted_data_parallel_step_runs_on_every_backend_and_says_where_it_cannot_compile(tmp_path):
    """On jax the all-reduce cannot be part of a compiled program yet: the step runs eagerly, with one
    JitFallbackWarning naming the collective, and ends where torch's compiled-as-eager step ends."""
    printed = {}
    for backend in ("torch", "jax"):
        done = launch(2, backend, str(FIXTURES / "jitted_step.py"), cwd=tmp_path)
        assert done.returncode == 0, done.stderr[-3000:]
        printed[backend] = dict(line.split(" ", 1) for line in done.stdout.splitlines()
                                if line.startswith(("weight", "warnings")))
    assert printed["jax"]["weight"] == printed["torch"]["weight"]
    assert "needs a collective across processes" in printed["jax"]["warnings"]
    assert printed["torch"]["warnings"] == "[]"


@pytest.mark.parametrize("backend", ["numpy", "jax"])
def test_the_communication_primitives_on_two_processes(backend, tmp_path):
    done = launch(2, backend, "--log_dir", "logs", str(FIXTURES / "collectives.py"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    printed = dict(line.split(": ", 1) for rank in (0, 1)  # one log per rank: their prints do not interleave
                   for line in (tmp_path / "logs" / f"worker_{rank}.log").read_text().splitlines()
                   if line.startswith("rank "))
    x = np.array([[1.0, -2.0], [3.0, 4.0]])
    expected = {"sum": 3 * x, "max": np.maximum(x, 2 * x), "min": np.minimum(x, 2 * x), "prod": 2 * x * x,
                "gather": np.concatenate([x, 2 * x]), "broadcast": [2 * x, 20 * x]}
    for rank in (0, 1):
        got = ast.literal_eval(printed[f"rank {rank}"])  # the printed dict of lists
        for name, want in expected.items():
            np.testing.assert_array_equal(np.array(got[name]), np.array(want), err_msg=f"rank {rank} {name}")
        np.testing.assert_array_equal(got["x_kept"], x * (rank + 1))


LOOPBACK = {"0100007F", "0000000000000000FFFF00000100007F"}  # 127.0.0.1 in /proc/net/tcp and tcp6


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's /proc/net/tcp")
@pytest.mark.parametrize("backend", ["torch", "jax"])
def test_every_socket_of_a_launched_job_listens_on_loopback_only(backend, tmp_path):
    done = launch(2, backend, "--log_dir", "logs", str(FIXTURES / "listening.py"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    printed = [line for rank in (0, 1) for line in (tmp_path / "logs" / f"worker_{rank}.log").read_text().splitlines()
               if " listens on " in line]
    assert len(printed) == 2
    for line in printed:
        addresses = ast.literal_eval(line.split(" listens on ", 1)[1])
        assert addresses and set(addresses) <= LOOPBACK, line

"""mindspore.parallel and Cell.shard: strategies are checked as MindSpore 2.10 checks them and recorded, and a sharded
network gives the unsharded one's numbers (sharding moves pieces, never values) on every backend; the cases of
tests/parallel_cases.py end as on MindSpore 2.10 (tools/record_mindspore_parallel.py); in a launched group, what
would cut the network across processes raises naming the setting, and the rest runs."""
from __future__ import annotations

import json
import pathlib
import socket
import subprocess
import sys

import numpy as np
import pytest

import unigrad as ms
from unigrad import nn
from unigrad.parallel.auto_parallel import AutoParallel

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from parallel_cases import CASES, namespace, outcome  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]
GOLDEN = json.loads((ROOT / "tests" / "goldens" / "mindspore_2.10_parallel.json").read_text())


def _close(got, want) -> bool:
    if isinstance(want, float):
        return isinstance(got, float) and abs(got - want) <= 1e-6 + 1e-6 * abs(want)
    if isinstance(want, list):
        return isinstance(got, list) and len(got) == len(want) and all(map(_close, got, want))
    if isinstance(want, dict):
        return isinstance(got, dict) and got.keys() == want.keys() and all(_close(got[k], want[k]) for k in want)
    return got == want


def test_every_case_ends_as_on_mindspore_2_10(backend):
    ns = namespace(ms, np, lambda net, *args: net.shard(*args))
    wrong = [f"{case}\n  MindSpore: {GOLDEN['cases'][case]}\n  unigrad:   {got}" for case in CASES
             if not _close(got := outcome(case, ns), GOLDEN["cases"][case])]
    ms.reset_algo_parameters()
    assert not wrong, "\n".join(wrong)
    assert sorted(GOLDEN["cases"]) == sorted(CASES)


class Block(nn.Cell):
    def __init__(self):
        super().__init__()
        self.dense1, self.relu, self.dense2 = nn.Dense(6, 8), nn.ReLU(), nn.Dense(8, 3)

    def construct(self, x):
        return self.dense2(self.relu(self.dense1(x)))


def _loss_and_grads(net, x):
    fn = ms.value_and_grad(lambda x: (net(x) ** 2).mean(), 0, net.trainable_params())
    loss, (dx, dw) = fn(x)
    return [loss.asnumpy(), dx.asnumpy(), *(g.asnumpy() for g in dw)]


def test_a_sharded_network_gives_the_unsharded_numbers_and_records_its_strategies(backend):
    ms.set_seed(3)
    plain = Block()
    sharded = Block()
    for p, q in zip(plain.trainable_params(), sharded.trainable_params()):
        q.set_data(ms.Tensor(p.asnumpy()))
    layout = ms.Layout((2, 4), ("dp", "mp"))
    sharded.dense1.shard(((2, 1),), ((2, 4),), parameter_plan={"self.dense1.weight": (4, 1)})
    sharded.dense2.shard((layout("dp", "mp"),), parameter_plan={"dense2.bias": layout("None",),
                                                               "dense2.nothing": (1,)})
    wrapped = AutoParallel(sharded, "sharding_propagation")
    wrapped.hsdp(shard_size=2)
    x = ms.Tensor(np.random.default_rng(0).normal(size=(8, 6)).astype(np.float32))
    want, got = _loss_and_grads(plain, x), _loss_and_grads(wrapped, x)
    assert len(got) == 6
    for g, w in zip(got, want):
        np.testing.assert_array_equal(g, w)
    assert sharded.dense1._in_strategy == ((2, 1),) and sharded.dense1._out_strategy == ((2, 4),)
    assert sharded.dense1._parameter_plan == {"dense1.weight": (4, 1)}
    assert sharded.dense2._parameter_plan["dense2.bias"].to_dict()["tensor_map"] == (-1,)
    assert "dense2.nothing" not in sharded.dense2._parameter_plan  # MindSpore warns and ignores an unknown name
    assert plain.dense1._in_strategy is None
    # the functional form: a Cell is sharded in place, a function keeps its values
    assert ms.parallel.shard(plain, ((8, 1),)) is plain and plain._in_strategy == ((8, 1),)
    relu = ms.shard(ms.ops.relu, ((2, 1),))
    np.testing.assert_array_equal(relu(x).asnumpy(), ms.ops.relu(x).asnumpy())
    with pytest.raises(TypeError, match="type of fn must be mindspore.nn.Cell"):
        ms.parallel.shard(ms.ops.relu, ((2, 1),), None, {"w": (1,)})


def test_a_pipeline_sums_the_network_over_micro_batches(backend):
    net = Block()
    x = ms.Tensor(np.random.default_rng(1).normal(size=(8, 6)).astype(np.float32))
    halves = net(x[:4]).asnumpy() + net(x[4:]).asnumpy()
    pipeline = ms.parallel.nn.Pipeline(net, 2, stage_config={"dense1": 0, "dense2": 1})
    np.testing.assert_allclose(pipeline(x).asnumpy(), halves, rtol=1e-6, atol=1e-6)
    assert net.dense1.pipeline_stage == 0 and net.dense2.pipeline_stage == 1
    with pytest.raises(KeyError, match="'dense3': 1"):
        ms.parallel.nn.Pipeline(net, 2, stage_config={"dense3": 1})
    with pytest.raises(ValueError, match=r"divisible by the number of micro-batches \(3\)"):
        ms.parallel.nn.Pipeline(net, 3)(x)


@pytest.mark.slow
def test_in_a_launched_group_a_cut_across_processes_raises_and_the_rest_runs(tmp_path):
    done = subprocess.run([sys.executable, "-m", "unigrad", "launch", "--worker_num", "2", "--backend", "numpy",
                           "--master_addr", "127.0.0.1", "--master_port", str(_free_port()), "--log_dir", "logs",
                           str(ROOT / "tests" / "fixtures" / "parallel" / "in_a_group.py")],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    for rank in (0, 1):
        lines = dict(line.split(": ", 1) for line in (tmp_path / "logs" / f"worker_{rank}.log").read_text().splitlines()
                     if line.startswith(f"rank {rank} "))
        said = {name.split(" ", 2)[2]: text for name, text in lines.items()}
        for name in ("data_parallel_split", "semi_auto_whole", "pipeline_one_stage"):
            assert said[name].startswith("ran ("), (name, said[name])
        for name in ("semi_auto_split", "semi_auto_layout", "semi_auto_functional"):
            assert said[name].startswith("NotImplementedError"), (name, said[name])
            assert "2 processes" in said[name] and "'semi_auto_parallel'" in said[name]
            assert "data parallelism" in said[name]
        assert said["semi_auto_split"].startswith("NotImplementedError Dense.shard splits tensors")
        assert said["auto_parallel"].startswith("NotImplementedError AutoParallel(parallel_mode='semi_auto'")
        assert said["pipeline_stages"].startswith("NotImplementedError Pipeline with 2 pipeline stages")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

"""The parallel API's cases, run on MindSpore 2.10 by tools/record_mindspore_parallel.py and on unigrad by
tests/test_parallel.py: each an expression over ``ms`` (the framework), ``np``, ``shard(net, *args)``, a
Dense(2, 4) ``net`` (weight shape (4, 2)), a ``Layout`` ``L`` of device matrix (2, 4), ``AutoParallel`` ``ap``
and ``x``, an (8, 2) Tensor."""
from __future__ import annotations

import importlib
from typing import Any, Callable

from case_outcomes import outcome  # noqa: F401 -- the recorder's and the test's

CASES = [
    # Cell.shard's argument checks (Shard's): in_strategy, out_strategy, parameter_plan
    "shard(net, [(2, 1)])",
    "shard(net, ((2, 1), [1]))",
    "shard(net, ((2.0, 1),))",
    "shard(net, ((2, 1), L('dp', 'mp')))",
    "shard(net, ((2, 1),), [1])",
    "shard(net, ((2, 1),), ((1, 1.5),))",
    "shard(net, ((2, 1),), None, [1])",
    "shard(net, ((2, 1),), None, {1: (1, 1)})",
    "shard(net, ((2, 1),), None, {'weight': [1, 1]})",
    "shard(net, ((2, 1),), None, {'weight': (3, 1)})",
    "shard(net, ((2, 1),), None, {'weight': (1, 1, 1)})",
    "shard(net, ((2, 1),), None, {'self.weight': (2, 1)}) and None",
    "shard(net, ((2, 1),), ((2, 1),)) and None",
    "shard(net, (L('dp', 'None'),), (L('dp', 'mp'),)) and None",
    # Layout
    "ms.parallel.Layout([2], ('a',))",
    "ms.parallel.Layout((2,), ['a'])",
    "ms.parallel.Layout((2,), ('a', 'b'))",
    "ms.parallel.Layout((2.0,), ('a',))",
    "ms.parallel.Layout((2,), (1,))",
    "ms.parallel.Layout((2,), ('',))",
    "ms.parallel.Layout((2,), ('None',))",
    "ms.parallel.Layout((2, 2), ('a', 'a'))",
    "ms.parallel.Layout((2, 2), ('interleaved_parallel', 'a'))",
    "ms.parallel.Layout((2, 2), ('a', 'b'), (0, 1, 2, 3))",
    "ms.parallel.Layout((2, 2), ('a', 'b'), [0, 1, 2.0, 3])",
    "ms.parallel.Layout((2, 2), ('a', 'b'), [0, 1, 2])",
    "ms.parallel.Layout((2, 2), ('a', 'b'), [3, 2, 1, 0])('b', 'a').to_dict()",
    "L('dp', 'mp').to_dict()",
    "L('mp', 'None', 'dp').to_dict()",
    "L(('dp', 'mp'), 'None').to_dict()",
    "ms.parallel.Layout((2, 2, 2), ('a', 'b', 'interleaved_parallel'))('a', ('b', 'interleaved_parallel')).to_dict()",
    "L('x')",
    "L('dp', 'dp')",
    "L(('dp', 'dp'))",
    "ms.parallel.Layout((2,), ('a',)).to_dict()",
    # the strategy search's settings
    "ms.parallel.get_algo_parameters('fully_use_devices')",
    "ms.parallel.get_algo_parameters('nothing')",
    "ms.set_algo_parameters(nothing=1)",
    "ms.set_algo_parameters(fully_use_devices=1)",
    "ms.set_algo_parameters(algo_approxi_epsilon=1)",
    "ms.set_algo_parameters(tensor_slice_align_size=0)",
    "ms.set_algo_parameters(tensor_slice_align_size=True)",
    "[ms.set_algo_parameters(algo_approxi_epsilon=0.3, enable_algo_approxi=True), "
    "ms.get_algo_parameters('algo_approxi_epsilon'), ms.get_algo_parameters('enable_algo_approxi'), "
    "ms.reset_algo_parameters(), ms.get_algo_parameters('algo_approxi_epsilon')]",
    # AutoParallel and its configuration methods
    "AutoParallel(net, 'data_parallel')",
    "ap(x).asnumpy().tolist()",
    "[ap.pipeline(stages=4, scheduler='gpipe'), ap.get_pipeline_stages(), ap(x).shape]",
    "ap.pipeline(stages=0)",
    "ap.pipeline(stages=2.0)",
    "ap.pipeline(output_broadcast=1)",
    "ap.pipeline(interleave='yes')",
    "ap.pipeline(scheduler=1)",
    "ap.pipeline(scheduler='zigzag')",
    "ap.hsdp(shard_size=0)",
    "ap.hsdp(threshold=-1)",
    "ap.hsdp(optimizer_level='level4')",
    "ap.hsdp(shard_size=2, threshold=0, optimizer_level='level2')",
    "ap.dataset_strategy(None)",
    "ap.dataset_strategy('half_batch')",
    "ap.dataset_strategy([1])",
    "ap.dataset_strategy(((1.0, 1),))",
    "ap.dataset_strategy(((1, 1), 1))",
    "ap.dataset_strategy(((2, 1), L('dp', 'mp')))",
    "ap.save_operator_strategy_file(1)",
    "ap.save_operator_strategy_file('relative.json')",
    "ap.load_operator_strategy_file('/abs/strategy.txt')",
    "ap.load_param_strategy_file(1)",
    "ap.save_param_strategy_file(b'x')",
    "ap.set_group_ckpt_save_file(None)",
    "ap.dump_local_norm(3)",
    "ap.comm_fusion([1])",
    "ap.comm_fusion({'allreduce': {'mode': 'auto', 'config': None}})",
    # Pipeline: micro-batches summed
    "pnn.Pipeline(net, 0)",
    "pnn.Pipeline(net, 1.0)",
    "pnn.Pipeline(lambda a: a, 2)",
    "pnn.Pipeline(net, 2)(x).asnumpy().tolist()",
    "pnn.Pipeline(net, 4)(x).asnumpy().tolist()",
    "pnn.MicroBatchInterleaved(net, 0)",
    "pnn.MicroBatchInterleaved(net, 2)(x).asnumpy().tolist()",
]


def namespace(ms: Any, np: Any, shard: Callable) -> dict:
    """The names the cases use, made with the framework ``ms``: a Dense(2, 4) with set weights, and the rest."""
    net = ms.nn.Dense(2, 4)
    net.weight.set_data(ms.Tensor(np.arange(8, dtype=np.float32).reshape(4, 2) / 8 - 0.5))
    net.bias.set_data(ms.Tensor(np.array([0.1, -0.2, 0.3, -0.4], np.float32)))
    x = ms.Tensor(np.linspace(-1, 1, 16, dtype=np.float32).reshape(8, 2))
    auto_parallel = importlib.import_module(f"{ms.__name__}.parallel.auto_parallel")
    return {"ms": ms, "np": np, "shard": shard, "net": net, "x": x, "L": ms.parallel.Layout((2, 4), ("dp", "mp")),
            "AutoParallel": auto_parallel.AutoParallel, "ap": auto_parallel.AutoParallel(net),
            "pnn": importlib.import_module(f"{ms.__name__}.parallel.nn")}

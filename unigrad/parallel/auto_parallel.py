"""``AutoParallel``: MindSpore 2.10's wrapper that runs a network under semi-automatic or automatic
parallelism. Its configuration methods record their settings, checked with MindSpore's errors; the network
runs whole, which on one process is what MindSpore computes. Across the processes of a launched group
MindSpore would cut the network and reduce its gradients in the compiled graph; unigrad cannot, so running it
there raises rather than let each process train alone."""
from __future__ import annotations

import os
from typing import Any

from unigrad.communication import management
from unigrad.nn.cell import Cell
from unigrad.nn._sharding import Layout

_MODES = ("semi_auto", "sharding_propagation", "recursive_programming")
_SCHEDULERS = ("1f1b", "gpipe", "seqpipe", "seqvpp", "seqsmartvpp", "zero_bubble_v")


def _check_path(file_path: Any) -> None:
    if not isinstance(file_path, str):
        raise TypeError(f"the argument 'file_path' must be str, but got the type : {type(file_path)} .")


def _check_json_path(file_path: Any) -> None:
    _check_path(file_path)
    if not os.path.isabs(file_path):
        raise KeyError("the argument 'file_path' must be an absolute path.")
    if os.path.splitext(file_path)[1] != ".json":
        raise KeyError("File type must be .json")


class AutoParallel(Cell):
    """Runs ``network``; ``parallel_mode`` is 'semi_auto', 'sharding_propagation' or 'recursive_programming'."""

    def __init__(self, network: Cell, parallel_mode: str = "semi_auto") -> None:
        super().__init__(auto_prefix=False)
        self.network = network
        if parallel_mode not in _MODES:
            raise ValueError("the argument 'parallel_mode' must be one of ['semi_auto', 'sharding_propagation', "
                             f"'recursive_programming'], but got the value : {parallel_mode} .")
        self._parallel_mode = parallel_mode
        self._global_rank = management.get_rank()
        self._device_num = management.get_group_size()
        self._init_param_in_compile = True
        self._load_strategy_file_path = self._save_strategy_file_path = ""
        self._only_trainable_params = True
        self._load_operator_strategy_file = self._save_operator_strategy_file = ""
        self._dataset_strategy_config: Any = "data_parallel"
        self._full_batch = False
        self._enable_parallel_optimizer = False
        self._optimizer_weight_shard_size = -1
        self._parallel_optimizer_threshold = 64
        self._optimizer_level = "level1"
        self._pipeline_stages = 1
        self._pipeline_result_broadcast = False
        self._pipeline_interleave = False
        self._pipeline_scheduler = "1f1b"
        self._comm_fusion_config: dict | None = {}
        self._force_fp32_communication = False
        self._group_ckpt_save_file = ""
        self._dump_local_norm = False
        self._dump_local_norm_path = ""
        self._dump_device_local_norm = False
        self._gradients_mean = False
        self._gradient_fp32_sync = True
        self._loss_repeated_mean = True

    def construct(self, *args: Any, **kwargs: Any) -> Any:
        size = management.get_group_size()
        if size > 1:
            raise NotImplementedError(
                f"AutoParallel(parallel_mode={self._parallel_mode!r}, pipeline stages {self._pipeline_stages}) "
                f"across the {size} processes of this group: unigrad cannot cut a network or pipeline it across "
                "processes; it runs data parallelism: the network itself with set_auto_parallel_context("
                "parallel_mode=ParallelMode.DATA_PARALLEL) and nn.DistributedGradReducer (or Model)")
        return self.network(*args, **kwargs)

    # -- strategy files ------------------------------------------------------------------------------
    def no_init_parameters_in_compile(self) -> None:
        self._init_param_in_compile = False

    def load_param_strategy_file(self, file_path: str) -> None:
        _check_path(file_path)
        self._load_strategy_file_path = file_path

    def save_param_strategy_file(self, file_path: str) -> None:
        _check_path(file_path)
        self._save_strategy_file_path = file_path

    def disable_strategy_file_only_for_trainable_params(self) -> None:
        self._only_trainable_params = False

    def save_operator_strategy_file(self, file_path: str) -> None:
        _check_json_path(file_path)
        self._save_operator_strategy_file = file_path

    def load_operator_strategy_file(self, file_path: str) -> None:
        _check_json_path(file_path)
        self._load_operator_strategy_file = file_path

    def set_group_ckpt_save_file(self, file_path: str) -> None:
        _check_path(file_path)
        self._group_ckpt_save_file = file_path

    # -- how data, optimizer and pipeline are split ----------------------------------------------------
    def dataset_strategy(self, config: str | tuple) -> None:
        """'data_parallel', 'full_batch', or a tuple of int tuples or Layouts (one per input)."""
        if config is None:
            raise ValueError("dataset_strategy is none in config!")
        if isinstance(config, str):
            if config not in ("full_batch", "data_parallel"):
                raise ValueError("For 'AutoParallel.dataset_strategy', the argument 'config' must be 'full_batch' "
                                 f"or 'data_parallel', but got the value : {config}.")
            self._full_batch = config == "full_batch"
            self._dataset_strategy_config = config
            return
        if not isinstance(config, tuple):
            raise TypeError("For 'AutoParallel.dataset_strategy', the argument 'config' must be str or tuple type, "
                            f"but got the type : {type(config)}.")
        for item in config:
            if isinstance(item, tuple):
                for dim in item:
                    if not isinstance(dim, int):
                        raise TypeError("For 'AutoParallel.dataset_strategy', the element of argument 'config' "
                                        f"must be int type, but got the type : {type(dim)} .")
            elif not isinstance(item, Layout):
                raise TypeError("For 'AutoParallel.dataset_strategy', the element of argument 'config' must be "
                                f"tuple or Layout, but got the type : {type(item)} .")
        self._dataset_strategy_config = config

    def hsdp(self, shard_size: int = -1, threshold: int = 64, optimizer_level: str = "level1") -> None:
        """Shard the optimizer's state (recorded: the values are those of the unsharded optimizer)."""
        self._enable_parallel_optimizer = True
        if not isinstance(shard_size, int) or (shard_size <= 0 and shard_size != -1):
            raise ValueError(f"shard_size must be a positive integer or -1, but got {shard_size}.")
        self._optimizer_weight_shard_size = shard_size
        if not isinstance(threshold, int) or threshold < 0:
            raise ValueError(f"threshold must be a positive integer or 0, but got {threshold}.")
        self._parallel_optimizer_threshold = threshold
        if optimizer_level not in ("level1", "level2", "level3"):
            raise ValueError(f"Optimizer level should in ['level1', 'level2', 'level3'], but got {optimizer_level}")
        self._optimizer_level = optimizer_level

    def pipeline(self, stages: int = 1, output_broadcast: bool = False, interleave: bool = False,
                 scheduler: str = "1f1b") -> None:
        name = "For 'AutoParallel.pipeline', the argument"
        if not isinstance(stages, int):
            raise TypeError(f"{name} 'stages' must be int type, but got the type : {type(stages)}.")
        if stages <= 0:
            raise ValueError(f"{name} 'stages' must be larger than zero, but got value: {stages}.")
        for flag, value in (("output_broadcast", output_broadcast), ("interleave", interleave)):
            if not isinstance(value, bool):
                raise TypeError(f"{name} '{flag}' must be bool type, but got the type : {type(value)}.")
        if not isinstance(scheduler, str):
            raise TypeError(f"{name} 'scheduler' must be str type, but got the type : {type(scheduler)}.")
        if scheduler not in _SCHEDULERS:
            raise ValueError(f"{name} 'scheduler' must be '1f1b'/'gpipe'/'seqpipe'/'seqvpp'/'seqsmartvpp'/"
                             f"'zero_bubble_v' , but got the value : {scheduler}.")
        self._pipeline_stages = stages
        self._pipeline_result_broadcast = output_broadcast
        self._pipeline_interleave = interleave
        self._pipeline_scheduler = scheduler

    def get_pipeline_stages(self) -> int:
        return self._pipeline_stages

    # -- communication and gradients -----------------------------------------------------------------
    def comm_fusion(self, config: dict | None) -> None:
        if config is not None and not isinstance(config, dict):
            raise TypeError(f"The parameter '{config}' must be {dict}, but got {type(config)}.")
        self._comm_fusion_config = config

    def enable_fp32_communication(self) -> None:
        self._force_fp32_communication = True

    def print_local_norm(self) -> None:
        self._dump_local_norm = True

    def dump_local_norm(self, file_path: str) -> None:
        _check_path(file_path)
        self._dump_local_norm = True
        self._dump_local_norm_path = file_path

    def enable_device_local_norm(self) -> None:
        self._dump_device_local_norm = True

    def enable_gradients_mean(self) -> None:
        self._gradients_mean = True

    def disable_gradient_fp32_sync(self) -> None:
        self._gradient_fp32_sync = False

    def disable_loss_repeated_mean(self) -> None:
        self._loss_repeated_mean = False

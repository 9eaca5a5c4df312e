"""``set_context`` / ``get_context``: MindSpore's run settings that mean something here."""
from __future__ import annotations

from typing import Any

from unigrad import backends

GRAPH_MODE = 0
STRICT, COMPATIBLE, LAX = 0, 1, 2  # jit_syntax_level (recorded: unigrad compiles no Python syntax)
PYNATIVE_MODE = 1

_settings: dict[str, Any] = {"mode": PYNATIVE_MODE, "device_target": "CPU", "device_id": 0}
_IGNORED = {"save_graphs", "save_graphs_path", "max_call_depth", "pynative_synchronize", "jit_config",
            "deterministic", "runtime_num_threads"}


def set_context(**kwargs: Any) -> None:
    """Accept MindSpore's settings. ``mode`` is recorded (unigrad always runs eagerly; ``unigrad.jit``
    compiles). ``device_target`` 'GPU' puts new Tensors on CUDA (torch, jax) and raises RuntimeError where
    the current backend has no GPU: never a silent fallback to the CPU."""
    for key, value in kwargs.items():
        if key == "mode":
            if value not in (GRAPH_MODE, PYNATIVE_MODE):
                raise ValueError(f"mode must be GRAPH_MODE (0) or PYNATIVE_MODE (1), got {value!r}")
        elif key == "device_target":
            if value not in ("CPU", "GPU"):
                raise ValueError(f"device_target must be 'CPU' or 'GPU', got {value!r}")
            backends.set_device(value.lower())
        elif key == "jit_syntax_level":
            if value not in (STRICT, COMPATIBLE, LAX):
                raise ValueError(f"jit_syntax_level must be STRICT (0), COMPATIBLE (1) or LAX (2), got {value!r}")
        elif key == "device_id":
            if not isinstance(value, int) or value < 0:
                raise ValueError(f"device_id must be a non-negative int, got {value!r}")
        elif key not in _IGNORED:
            raise ValueError(f"unknown context setting {key!r}; known: "
                             f"{', '.join(sorted(set(_settings) | _IGNORED))}")
        _settings[key] = value


def set_device(device_target: str, device_id: int | None = None) -> None:
    """MindSpore 2.10's ``set_device``: ``set_context(device_target=..., device_id=...)``, with its ValueError for
    a target outside 'CPU', 'GPU' and 'Ascend' (unigrad then refuses 'Ascend', which it has no backend for)."""
    if device_target not in ("CPU", "GPU", "Ascend"):
        raise ValueError(f"The argument 'device_target' must be one of ['CPU', 'GPU', 'Ascend'], but got "
                         f"{device_target!r}.")
    set_context(device_target=device_target, **({} if device_id is None else {"device_id": device_id}))


def get_context(attr_key: str) -> Any:
    if attr_key == "device_target":
        return backends.get_device().upper()
    if attr_key not in _settings:
        raise ValueError(f"context setting {attr_key!r} is not set; set ones: {', '.join(sorted(_settings))}")
    return _settings[attr_key]


class ParallelMode:
    """MindSpore's parallel modes. unigrad trains ``DATA_PARALLEL`` (one process per device, gradients all-reduced
    by ``nn.DistributedGradReducer`` or by ``Model``); the model-parallel modes are accepted as settings only."""

    STAND_ALONE = "stand_alone"
    DATA_PARALLEL = "data_parallel"
    HYBRID_PARALLEL = "hybrid_parallel"
    SEMI_AUTO_PARALLEL = "semi_auto_parallel"
    AUTO_PARALLEL = "auto_parallel"
    MODE_LIST = [STAND_ALONE, DATA_PARALLEL, HYBRID_PARALLEL, SEMI_AUTO_PARALLEL, AUTO_PARALLEL]


_PARALLEL_DEFAULTS: dict[str, Any] = {"parallel_mode": ParallelMode.STAND_ALONE, "gradients_mean": False,
                                      "device_num": 1, "global_rank": 0, "parameter_broadcast": False,
                                      "gradient_fp32_sync": True, "loss_repeated_mean": True, "search_mode": "",
                                      "full_batch": False, "enable_parallel_optimizer": False,
                                      "strategy_ckpt_load_file": "", "strategy_ckpt_save_file": "",
                                      "pipeline_stages": 1, "dataset_strategy": "data_parallel",
                                      "comm_fusion": None, "all_reduce_fusion_config": []}
_parallel: dict[str, Any] = dict(_PARALLEL_DEFAULTS)


def set_auto_parallel_context(**kwargs: Any) -> None:
    """MindSpore's ``set_auto_parallel_context``: ``parallel_mode``, ``gradients_mean``, ``device_num`` and the
    rest of its keys, checked as MindSpore checks them (ValueError for an unknown key or mode)."""
    for key, value in kwargs.items():
        if key not in _PARALLEL_DEFAULTS:
            raise ValueError(f"Set context keyword {key} is not recognized!")
        if key == "parallel_mode" and value not in ParallelMode.MODE_LIST:
            raise ValueError("The context configuration parameter 'parallel_mode' only support 'stand_alone', "
                             "'data_parallel', 'hybrid_parallel', 'semi_auto_parallel' and 'auto_parallel', but got "
                             f"the value : {value}.")
        if key == "gradients_mean" and not isinstance(value, bool):
            raise TypeError(f"The type of 'gradients_mean' must be bool, but got {type(value).__name__}.")
        if key == "device_num" and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            raise ValueError(f"The context configuration parameter 'device_num' must be a positive int, but got "
                             f"{value!r}.")
        _parallel[key] = value


def get_auto_parallel_context(attr_key: str) -> Any:
    if attr_key not in _PARALLEL_DEFAULTS:
        raise ValueError(f"Get context keyword {attr_key} is not recognized!")
    return _parallel[attr_key]


def reset_auto_parallel_context() -> None:
    _parallel.clear()
    _parallel.update(_PARALLEL_DEFAULTS)

"""``set_algo_parameters`` and its kin: the settings of MindSpore's strategy search, recorded and checked as
MindSpore 2.10 checks them. unigrad searches no strategies (it runs data parallelism), so nothing reads them."""
from __future__ import annotations

from typing import Any

import numpy as np

# MindSpore's default epsilon reads back as a float32's 0.1 (a value set reads back as given)
_DEFAULTS: dict[str, Any] = {"fully_use_devices": False, "elementwise_op_strategy_follow": False,
                             "enable_algo_approxi": False, "algo_approxi_epsilon": float(np.float32(0.1)),
                             "tensor_slice_align_enable": False, "tensor_slice_align_size": 16}
_TYPES = {"fully_use_devices": bool, "elementwise_op_strategy_follow": bool, "enable_algo_approxi": bool,
          "algo_approxi_epsilon": float, "tensor_slice_align_enable": bool, "tensor_slice_align_size": int}
_settings: dict[str, Any] = dict(_DEFAULTS)


def set_algo_parameters(**kwargs: Any) -> None:
    """Record the settings: TypeError for a value of the wrong type, ValueError for an unknown key or an
    alignment size outside [1, 1024], with MindSpore's messages."""
    for key, value in kwargs.items():
        kind = _TYPES.get(key)
        if kind is not None and not isinstance(value, kind):
            raise TypeError(f"The parameter '{key}' must be {kind}, but got {type(value)}")
    for key, value in kwargs.items():
        if key not in _DEFAULTS:
            raise ValueError(f"Set context keyword {key} is not recognized!")
        if key == "tensor_slice_align_size" and not 1 <= value <= 1024:
            raise ValueError(f"Align_size must be in [1, 1024], but got {value}")
        _settings[key] = value


def get_algo_parameters(attr_key: str) -> Any:
    if attr_key not in _DEFAULTS:
        raise ValueError(f"Get context keyword {attr_key} is not recognized!")
    return _settings[attr_key]


def reset_algo_parameters() -> None:
    _settings.clear()
    _settings.update(_DEFAULTS)

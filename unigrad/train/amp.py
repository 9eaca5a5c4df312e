"""Automatic mixed precision (MindSpore's ``mindspore.train.amp``, also ``mindspore.amp``): which Cells of a
network run in float16 or bfloat16, and the training network ``Model`` builds around them.

The levels, as MindSpore 2.10 applies them:
  * 'O0': unchanged, float32;
  * 'O1': the white-listed Cells (``get_white_list()``) run in half precision, each output cast back to float32
    (in place: the network keeps its structure);
  * 'O2': the whole network in half precision except the black-listed Cells (``get_black_list()``: batch and layer
    normalisation), which run in float32 between casts; the output cast to float32;
  * 'O3': the whole network in half precision, the output cast to float32.
"Run in half precision" is ``Cell.to_float``: float inputs and trainable Parameters are cast on each call, the
Parameters themselves stay float32, so the optimizer updates float32 weights.

MindSpore's O1 rewrites the network's source (``mindspore.rewrite``) to cast around each white-listed primitive
call; unigrad casts around each white-listed Cell instead. ``nn.ReLU`` is on unigrad's list because MindSpore's
``nn.ReLU`` calls the white-listed ReLU primitive; a primitive instance (``ops.MatMul()``) called in a user's own
``construct`` is not cast. 'auto' (per-primitive casting inside the kernels) is not built: NotImplementedError.
"""
from __future__ import annotations

import logging
from typing import Any

from unigrad import dtype as dt
from unigrad.nn.cell import Cell
from unigrad.nn.layer import BatchNorm1d, BatchNorm2d, Conv1d, Conv2d, Dense, LayerNorm, ReLU
from unigrad.nn.optim import Optimizer
from unigrad.nn.wrap import TrainOneStepCell, TrainOneStepWithLossScaleCell, WithLossCell
from unigrad.ops._creation import mixed_precision_cast
from unigrad.train.loss_scale_manager import DynamicLossScaleManager, LossScaleManager

logger = logging.getLogger("unigrad")

AMP_WHITE_LIST = [Conv1d, Conv2d, Dense, ReLU]
AMP_BLACK_LIST = [BatchNorm1d, BatchNorm2d, LayerNorm]
LEVELS = ("O0", "O1", "O2", "O3", "auto")
_HALF = (dt.float16, dt.bfloat16)


def get_white_list() -> list[type]:
    """A copy of the Cell classes 'O1' runs in half precision."""
    return list(AMP_WHITE_LIST)


def get_black_list() -> list[type]:
    """A copy of the Cell classes 'O2' keeps in float32."""
    return list(AMP_BLACK_LIST)


class _OutputTo16(Cell):
    """Runs its backbone and casts the float outputs to half precision (around a black-listed Cell)."""

    def __init__(self, backbone: Cell, dtype: dt.DType = dt.float16) -> None:
        super().__init__(auto_prefix=False)
        self._backbone = backbone
        self.dtype = dtype

    def construct(self, *args: Any, **kwargs: Any) -> Any:
        return mixed_precision_cast(self.dtype, self._backbone(*args, **kwargs))


class _OutputTo32(Cell):
    """Runs its backbone and casts the float outputs to float32 (the network's output under 'O2' and 'O3')."""

    def __init__(self, backbone: Cell) -> None:
        super().__init__(auto_prefix=False)
        self._backbone = backbone

    def construct(self, *args: Any, **kwargs: Any) -> Any:
        return mixed_precision_cast(dt.float32, self._backbone(*args, **kwargs))


def _precision_set_by_user(cell: Cell) -> bool:
    return cell._compute_dtype is not None


def _white_list(network: Cell, dtype: dt.DType) -> None:
    """'O1': each white-listed Cell (not already given a precision) runs in ``dtype`` with float32 outputs."""
    if isinstance(network, tuple(AMP_WHITE_LIST)) and not _precision_set_by_user(network):
        object.__setattr__(network.to_float(dtype), "_output_dtype", dt.float32)
        return
    for child in network.name_cells().values():
        if not _precision_set_by_user(child):
            _white_list(child, dtype)


def _keep_black_list_fp32(network: Cell, dtype: dt.DType) -> None:
    """Each black-listed Cell below ``network`` runs in float32, its outputs cast back to ``dtype``."""
    for name, child in network.name_cells().items():
        if isinstance(child, tuple(AMP_BLACK_LIST)):
            network._replace_child(name, _OutputTo16(child.to_float(dt.float32), dtype))
        else:
            _keep_black_list_fp32(child, dtype)


def auto_mixed_precision(network: Cell, amp_level: str = "O0", dtype: dt.DType = dt.float16) -> Cell:
    """``network`` at mixed-precision level ``amp_level`` in ``dtype`` (float16 or bfloat16); see the module
    docstring. Changes the network's Cells in place and returns the network to use (wrapped for O2 and O3)."""
    if not isinstance(network, Cell):
        raise TypeError(f"For amp_level '{amp_level}', the network type should be Cell.")
    if dtype not in _HALF:
        raise ValueError(f"The dtype should be one of (mstype.float16, mstype.bfloat16), but got {dtype}.")
    if amp_level == "O0":
        return network
    if amp_level not in LEVELS:
        raise ValueError(f"The amp level {amp_level} is not supported")
    if amp_level == "auto":
        raise NotImplementedError("amp_level 'auto' (casting inside each primitive) is not supported by unigrad; "
                                  "use 'O1', 'O2' or 'O3'")
    if getattr(network, "_amp_level", None) in LEVELS[1:]:
        logger.warning("The network's auto mixed-precision level is adjusted from %s to %s, and repeated calls to "
                       "mixed-precision interfaces can cause performance degradation.", network._amp_level, amp_level)
    if amp_level == "O1":
        _white_list(network, dtype)
    else:
        network.to_float(dtype)
        if amp_level == "O2":
            _keep_black_list_fp32(network, dtype)
        network = _OutputTo32(network)
    object.__setattr__(network, "_amp_level", amp_level)
    return network


# what each level means for build_train_network, unless its keyword arguments say otherwise
_CONFIG_LEVEL = {
    "O0": {"keep_batchnorm_fp32": False, "cast_model_type": dt.float32, "loss_scale_manager": None},
    "O1": {"keep_batchnorm_fp32": False, "cast_model_type": dt.float32, "loss_scale_manager": None},
    "O2": {"keep_batchnorm_fp32": True, "cast_model_type": dt.float16, "loss_scale_manager": "dynamic"},
    "O3": {"keep_batchnorm_fp32": False, "cast_model_type": dt.float16, "loss_scale_manager": None},
    "auto": {"keep_batchnorm_fp32": False, "cast_model_type": dt.float32, "loss_scale_manager": None},
}


def _check_kwargs(kwargs: dict) -> None:
    for arg in kwargs:
        if arg not in ("cast_model_type", "keep_batchnorm_fp32", "loss_scale_manager"):
            raise ValueError(f"Unsupported arg '{arg}'")
    if "cast_model_type" in kwargs and kwargs["cast_model_type"] not in (dt.float16, dt.float32):
        raise TypeError("For 'cast_model_type', the type must be one of [Float16, Float32], but got "
                        f"{kwargs['cast_model_type']}")
    if "keep_batchnorm_fp32" in kwargs and not isinstance(kwargs["keep_batchnorm_fp32"], bool):
        raise TypeError("For 'keep_batchnorm_fp32', the type must be bool, but got "
                        f"{type(kwargs['keep_batchnorm_fp32']).__name__}")
    manager = kwargs.get("loss_scale_manager")
    if manager is not None and not isinstance(manager, LossScaleManager):
        raise TypeError("For 'loss_scale_manager', the type must be LossScaleManager, but got "
                        f"{type(manager).__name__}")


def _check_level(level: Any, boost_level: Any) -> None:
    if not isinstance(level, str):
        raise TypeError(f"The argument `level` must be a string in ['O0', 'O1', 'O2', 'O3', 'auto'],but got type "
                        f"{type(level)}.")
    if level not in LEVELS:
        raise ValueError(f"The 'level' should be in : {list(LEVELS)}, but got {level}.")
    if boost_level not in ("O0", "O1", "O2"):
        raise ValueError(f"The 'boost_level' should be in : ['O0', 'O1', 'O2'], but got {boost_level}.")
    if boost_level != "O0":
        raise NotImplementedError("boost_level (mindspore.boost) is not supported by unigrad; use boost_level='O0'")


class _Float32LossCell(WithLossCell):
    """The loss of a half-precision network, computed in float32 (its output and the label cast first)."""

    def construct(self, data: Any, label: Any) -> Any:
        out = mixed_precision_cast(dt.float32, self._backbone(data))
        return self._loss_fn(out, mixed_precision_cast(dt.float32, label))


def _apply_level(network: Cell, config: dict, level: str) -> Cell:
    if config["cast_model_type"] is dt.float16:
        network.to_float(dt.float16)
        if config["keep_batchnorm_fp32"]:
            _keep_black_list_fp32(network, dt.float16)
    elif not config["keep_batchnorm_fp32"] and level == "O2":
        network.to_float(dt.float16)
    elif not (config["cast_model_type"] is dt.float32 and level in ("O2", "O3")):
        network = auto_mixed_precision(network, level)
    return network


def build_train_network(network: Cell, optimizer: Cell, loss_fn: Cell | None = None, level: str = "O0",
                        boost_level: str = "O0", **kwargs: Any) -> Cell:
    """The training network for ``level``: the network at that precision, its loss (in float32 when the network
    runs in half precision), and a training step — loss-scaled (``TrainOneStepWithLossScaleCell``) when the loss
    scale manager drops overflowed updates ('O2' uses a ``DynamicLossScaleManager()`` unless told otherwise).
    ``kwargs``: ``cast_model_type``, ``keep_batchnorm_fp32``, ``loss_scale_manager`` override the level's.

    MindSpore's CPU build refuses a loss scale manager that drops updates; unigrad runs it on every backend,
    with the overflow test MindSpore uses on GPU."""
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"For 'build_train_network', the 'optimizer' must be an Optimizer, but got "
                        f"{type(optimizer).__name__}")
    _check_level(level, boost_level)
    _check_kwargs(kwargs)
    config = dict(_CONFIG_LEVEL[level], **kwargs)
    if config["loss_scale_manager"] == "dynamic":
        config["loss_scale_manager"] = DynamicLossScaleManager()
    network = _apply_level(network, config, level)
    if loss_fn is not None:
        if not isinstance(loss_fn, Cell):
            raise TypeError(f"For 'build_train_network', the 'loss_fn' must be a Cell, but got "
                            f"{type(loss_fn).__name__}")
        half = config["cast_model_type"] in _HALF or getattr(network, "_amp_level", None) in ("O2", "O3", "auto")
        network = (_Float32LossCell if half else WithLossCell)(network, loss_fn)
    loss_scale = None
    manager = config["loss_scale_manager"]
    if manager is not None:
        loss_scale = manager.get_loss_scale()
        update_cell = manager.get_update_cell()
        if update_cell is not None:
            return TrainOneStepWithLossScaleCell(network, optimizer, scale_sense=update_cell).set_train()
    return TrainOneStepCell(network, optimizer, loss_scale).set_train()

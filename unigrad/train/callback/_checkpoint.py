"""``ModelCheckpoint`` and ``CheckpointConfig``: checkpoints during training, with MindSpore 2.10's policy
(every N steps or seconds), file names (``prefix-epoch_step.ckpt``; ``prefix_1`` when the folder already
holds ``prefix`` files) and rotation (``keep_checkpoint_max`` files, or one per N minutes). Unlike MindSpore,
which deletes the oldest file before it writes the new one, the new file is written (atomically, by
``save_checkpoint``) before any old one goes, so a crash never leaves fewer good checkpoints than the policy
keeps. MindSpore's ``prefix-graph.meta`` (a MindIR graph) is not written."""
from __future__ import annotations

import os
import time
from typing import Any, Callable

from unigrad.nn.cell import Cell
from unigrad.train.callback._callback import Callback, RunContext
from unigrad.train.callback._monitors import check_non_negative_int
from unigrad.train.serialization import save_checkpoint

INFO_NAMES = ("epoch_num", "step_num")


def _optional_count(name: str, value: Any) -> int | None:
    return None if value is None else check_non_negative_int("CheckpointConfig", name, value)


class CheckpointConfig:
    """When ModelCheckpoint saves (``save_checkpoint_steps``, else ``save_checkpoint_seconds``) and how many
    files it keeps (``keep_checkpoint_max``, else one per ``keep_checkpoint_per_n_minutes``)."""

    def __init__(self, save_checkpoint_steps: int | None = 1, save_checkpoint_seconds: int | None = 0,
                 keep_checkpoint_max: int | None = 5, keep_checkpoint_per_n_minutes: int | None = 0,
                 integrated_save: bool = True, saved_network: Cell | None = None, append_info: list | None = None,
                 format: str = "ckpt", **kwargs: Any) -> None:  # noqa: A002 - MindSpore's name
        steps = _optional_count("save_checkpoint_steps", save_checkpoint_steps)
        seconds = _optional_count("save_checkpoint_seconds", save_checkpoint_seconds)
        keep_max = _optional_count("keep_checkpoint_max", keep_checkpoint_max)
        per_minutes = _optional_count("keep_checkpoint_per_n_minutes", keep_checkpoint_per_n_minutes)
        if saved_network is not None and not isinstance(saved_network, Cell):
            raise TypeError(f"For 'CheckpointConfig', the type of 'saved_network' must be None or Cell, but got "
                            f"{type(saved_network)}.")
        if not steps and not seconds and not keep_max and not per_minutes:
            raise ValueError("For 'CheckpointConfig', the input arguments 'save_checkpoint_steps', "
                             "'save_checkpoint_seconds', 'keep_checkpoint_max' and 'keep_checkpoint_per_n_minutes' "
                             "can't be all None or 0.")
        if not isinstance(integrated_save, bool):
            raise TypeError(f"For 'CheckpointConfig', the 'integrated_save' must be a bool, but got "
                            f"{type(integrated_save).__name__}")
        if not isinstance(format, str) or format not in ("ckpt", "safetensors"):
            raise ValueError(f"For 'CheckpointConfig', the 'format' must be 'ckpt' or 'safetensors', but got "
                             f"{format!r}")
        for key in ("enc_key", "exception_save", "async_save", "remove_redundancy"):
            if kwargs.get(key):
                raise NotImplementedError(f"CheckpointConfig({key}=...) is not supported by unigrad")
        self._save_checkpoint_steps = steps
        self._save_checkpoint_seconds = None if steps else seconds  # steps win, as in MindSpore
        self._keep_checkpoint_max = keep_max
        self._keep_checkpoint_per_n_minutes = None if keep_max else per_minutes
        if not keep_max and not per_minutes:
            self._keep_checkpoint_max = 1
        self._integrated_save = integrated_save
        self._saved_network = saved_network
        self._append_dict = _append_info(append_info)
        self._format = format

    save_checkpoint_steps = property(lambda self: self._save_checkpoint_steps)
    save_checkpoint_seconds = property(lambda self: self._save_checkpoint_seconds)
    keep_checkpoint_max = property(lambda self: self._keep_checkpoint_max)
    keep_checkpoint_per_n_minutes = property(lambda self: self._keep_checkpoint_per_n_minutes)
    integrated_save = property(lambda self: self._integrated_save)
    saved_network = property(lambda self: self._saved_network)
    append_dict = property(lambda self: self._append_dict)
    format = property(lambda self: self._format)

    def get_checkpoint_policy(self) -> dict:
        return {"save_checkpoint_steps": self.save_checkpoint_steps,
                "save_checkpoint_seconds": self.save_checkpoint_seconds,
                "keep_checkpoint_max": self.keep_checkpoint_max,
                "keep_checkpoint_per_n_minutes": self.keep_checkpoint_per_n_minutes,
                "saved_network": self.saved_network}


def _append_info(append_info: list | None) -> dict | None:
    """``['epoch_num', 'step_num', {name: value}]`` as the dict saved beside the parameters."""
    if append_info is None or append_info == []:
        return None
    if not isinstance(append_info, list):
        raise TypeError(f"For 'CheckpointConfig', the type of 'append_info' must be list,but got "
                        f"{type(append_info)}.")
    result = {name: 0 for name in INFO_NAMES if name in append_info}
    dicts = 0
    for element in append_info:
        if isinstance(element, str):
            if element not in INFO_NAMES:
                raise ValueError(f"For 'CheckpointConfig', the value of element in the argument 'append_info' must "
                                 f"be in {list(INFO_NAMES)}, but got {element}.")
        elif isinstance(element, dict):
            dicts += 1
            if dicts > 1:
                raise TypeError("For 'CheckpointConfig', the element of 'append_info' must has only one dict")
            result.update(element)
        else:
            raise TypeError(f"For 'CheckpointConfig', the type of 'append_info' element must be str or dict,but got "
                            f"{type(element)}.")
    return result


def _free_prefix(directory: str, prefix: str) -> str:
    """``prefix``, or ``prefix_N`` when the folder already holds checkpoints named from it (N one more than
    the largest there), as MindSpore does so that a new run never overwrites an old one."""
    suffix = 0
    for filename in os.listdir(directory):
        if os.path.splitext(filename)[1] not in (".ckpt", ".safetensors") or filename.endswith("_breakpoint.ckpt"):
            continue
        if not filename.startswith(prefix) or len(filename) == len(prefix) or filename[len(prefix)].isalpha():
            continue
        rest = filename[len(prefix):]
        index = rest.find("-")
        if index == 0:
            suffix = max(suffix, 1)
        elif index != -1 and rest[1:index].isdigit():
            suffix = max(suffix, int(rest[1:index]) + 1)
    return f"{prefix}_{suffix}" if suffix else prefix


class ModelCheckpoint(Callback):
    """Saves the train network (or ``config.saved_network``) into ``directory`` (the working directory by
    default) as ``prefix-{epoch}_{step in epoch}.ckpt`` by ``config``'s policy, and once more at the end."""

    def __init__(self, prefix: str | Callable = "CKP", directory: str | Callable | None = None,
                 config: CheckpointConfig | None = None) -> None:
        super().__init__()
        if not callable(prefix) and (not isinstance(prefix, str) or "/" in prefix):
            raise ValueError(f"For 'ModelCheckpoint', the argument 'prefix' for checkpoint file name is invalid, it "
                             f"must be callable or string that does not contain '/', but got {prefix}.")
        if config is not None and not isinstance(config, CheckpointConfig):
            raise TypeError(f"For 'ModelCheckpoint', the type of argument 'config' should be 'CheckpointConfig', "
                            f"but got {type(config)}.")
        self._config = config or CheckpointConfig()
        self._prefix_func = prefix if callable(prefix) else None
        self._directory_func = directory if callable(directory) else None
        self._directory = os.getcwd() if directory is None or callable(directory) else directory
        if not callable(directory):
            os.makedirs(self._directory, exist_ok=True)
        self._prefix = prefix if callable(prefix) or callable(directory) else _free_prefix(self._directory, prefix)
        self._append_dict = dict(self._config.append_dict or {})
        self._latest_ckpt_file_name = ""
        self._last_triggered_step = 0
        self._last_time = self._last_time_for_keep = time.time()

    @property
    def latest_ckpt_file_name(self) -> str:
        return self._latest_ckpt_file_name

    def step_end(self, run_context: RunContext) -> None:
        cb_params = run_context.original_args()
        if self._prefix_func:
            self._prefix = self._prefix_func(cb_params)
            if not isinstance(self._prefix, str) or "/" in self._prefix:
                raise ValueError(f"For 'ModelCheckpoint', the argument 'prefix' for checkpoint file name is callable, "
                                 f"it must return a string that does not contain '/', but got {self._prefix}.")
        if self._directory_func:
            self._directory = self._directory_func(cb_params)
            os.makedirs(self._directory, exist_ok=True)
        self._save_ckpt(cb_params)

    def end(self, run_context: RunContext) -> None:
        self._save_ckpt(run_context.original_args(), force_to_save=True)

    def _due(self, cb_params: dict, force_to_save: bool) -> bool:
        steps, seconds = self._config.save_checkpoint_steps, self._config.save_checkpoint_seconds
        if steps:
            return force_to_save or cb_params["cur_step_num"] >= self._last_triggered_step + steps
        if seconds:
            now = time.time()
            if now - self._last_time > seconds or force_to_save:
                self._last_time = now
                return True
        return False

    def _existing(self) -> list[str]:
        """This prefix's checkpoints in the folder (``prefix-1_3.ckpt``; not ``prefix-best.ckpt``)."""
        suffix = "." + self._config.format
        found = []
        for filename in os.listdir(self._directory):
            if filename.endswith(suffix) and filename.startswith(self._prefix + "-"):
                middle = filename[len(self._prefix):-len(suffix)]
                if not any(ch.isalpha() for ch in middle):
                    found.append(os.path.join(self._directory, filename))
        return found

    def _save_ckpt(self, cb_params: dict, force_to_save: bool = False) -> None:
        step = cb_params["cur_step_num"]
        if step == self._last_triggered_step or not self._due(cb_params, force_to_save):
            return
        step_in_epoch = (step - 1) % cb_params["batch_num"] + 1
        name = (f"{self._prefix}.{self._config.format}" if self._prefix_func else
                f"{self._prefix}-{cb_params['cur_epoch_num']}_{step_in_epoch}.{self._config.format}")
        path = os.path.join(self._directory, name)
        old = [f for f in self._existing() if f != path]
        self._last_triggered_step = step
        if "epoch_num" in self._append_dict:
            self._append_dict["epoch_num"] = (self._config.append_dict or {}).get("epoch_num", 0) \
                + cb_params["cur_epoch_num"]
        if "step_num" in self._append_dict:
            self._append_dict["step_num"] = (self._config.append_dict or {}).get("step_num", 0) + step
        network = self._config.saved_network or cb_params["train_network"]
        save_checkpoint(network, path, self._config.integrated_save, append_dict=self._append_dict or None,
                        format=self._config.format)
        self._rotate(old)
        self._last_time_for_keep = time.time()
        self._latest_ckpt_file_name = path

    def _rotate(self, old: list[str]) -> None:
        """Removes old files once the new one is complete: the oldest when ``keep_checkpoint_max`` were there
        before (one a save, as MindSpore), or all but the oldest of those written within the last
        ``keep_checkpoint_per_n_minutes``."""
        keep_max, minutes = self._config.keep_checkpoint_max, self._config.keep_checkpoint_per_n_minutes
        if keep_max:
            if len(old) >= keep_max:
                _remove(min(old, key=os.path.getmtime))
        elif minutes:
            now = time.time()
            if now - self._last_time_for_keep < minutes * 60:
                recent = sorted((f for f in old if now - os.path.getmtime(f) < 60 * minutes), key=os.path.getmtime)
                for path in recent[1:]:
                    _remove(path)


def _remove(path: str) -> None:
    try:
        os.remove(path)
    except OSError:
        pass  # already gone (another process, or the user): nothing to keep

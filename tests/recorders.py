"""What several test files share: loading a tools/record_mindspore_*.py script on unigrad (the script that
recorded MindSpore's goldens runs here with RECORD_WITH=unigrad, so both sides run the same code), and the
backends that see a GPU (for the parametrised GPU-marked tests)."""
from __future__ import annotations

import importlib.util
import os
import pathlib
import types

import unigrad

ROOT = pathlib.Path(__file__).resolve().parents[1]


def load_recorder(name: str) -> types.ModuleType:
    """tools/``name``.py imported with ``RECORD_WITH=unigrad`` (it then imports unigrad, not mindspore)."""
    os.environ["RECORD_WITH"] = "unigrad"
    try:
        spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        del os.environ["RECORD_WITH"]


def gpu_backends() -> list[str]:
    """The installed backends that see a CUDA GPU."""
    return [name for name in unigrad.available_backends() if unigrad.backends.load(name).has_device("gpu")]

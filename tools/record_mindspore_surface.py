"""Record MindSpore's public API surface for ``unigrad coverage --mindspore VERSION``.

Run with a Python that has real MindSpore installed (CI never needs it: the JSON is committed)::

    /work/msvenv/bin/python tools/record_mindspore_surface.py

Writes ``unigrad/cli/surfaces/mindspore_<major.minor>.json``: for each part of the surface (the ``ops``
functions, the ``ops`` primitive classes, the ``nn`` layers, the Tensor methods, ...) the sorted public names,
each as the path a user writes (``mindspore.ops.add``, ``mindspore.Tensor.abs``). What counts as public:
names without a leading underscore; functions are the lowercase callables, classes every class the
namespace shows (``ops``: the primitives and their helpers such as ``ReduceOp``; ``nn``: layers, losses,
optimizers, metrics, schedules); modules and constants are left out.
"""
from __future__ import annotations

import importlib
import inspect
import json
import os

import mindspore
from mindspore.nn import Cell

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _public(module) -> list[tuple[str, object]]:
    return [(n, getattr(module, n)) for n in sorted(dir(module)) if not n.startswith("_")]


def _functions(path: str) -> list[str]:
    module = importlib.import_module(path)
    return [f"{path}.{n}" for n, obj in _public(module)
            if callable(obj) and not inspect.isclass(obj) and n[0].islower()]


def _classes(path: str) -> list[str]:
    module = importlib.import_module(path)
    return [f"{path}.{n}" for n, obj in _public(module) if inspect.isclass(obj)]


def _methods(cls: type, path: str) -> list[str]:
    return [f"{path}.{n}" for n in sorted(dir(cls)) if not n.startswith("_")]


def _all_of(path: str) -> list[str]:
    module = importlib.import_module(path)
    return [f"{path}.{n}" for n in sorted(getattr(module, "__all__", []))]


def surface() -> dict[str, list[str]]:
    return {
        "ops functions": _functions("mindspore.ops"),
        "ops classes": _classes("mindspore.ops"),
        "nn classes": _classes("mindspore.nn"),
        "Tensor methods": _methods(mindspore.Tensor, "mindspore.Tensor"),
        "Cell methods": _methods(Cell, "mindspore.nn.Cell"),
        "mindspore": _all_of("mindspore"),
        "mindspore.numpy": _functions("mindspore.numpy"),
        "mindspore.dataset": _all_of("mindspore.dataset"),
        "mindspore.train": _all_of("mindspore.train"),
        "mindspore.communication": _all_of("mindspore.communication"),
        "mindspore.amp": _all_of("mindspore.amp"),
    }


def main() -> None:
    version = ".".join(mindspore.__version__.split(".")[:2])
    out = os.path.join(ROOT, "unigrad", "cli", "surfaces", f"mindspore_{version}.json")
    with open(out + ".partial", "w") as f:
        json.dump({"mindspore_version": mindspore.__version__, "surface": surface()}, f, indent=0)
    os.replace(out + ".partial", out)
    print(out)


if __name__ == "__main__":
    main()

"""Record what MindSpore 2.10 has in ``mindspore``, ``mindspore.ops`` and ``mindspore.nn``, and in the modules real
code imports beside them (``mindspore.common.dtype``, ``mindspore.ops.operations``, ...): each public name and its
kind (module, class, callable or value), for tests/test_namespace.py.

    /work/msvenv/bin/python tools/record_mindspore_namespace.py

writes tests/goldens/mindspore_2.10_namespace.json. CI never needs mindspore: the file is committed.
"""
import inspect
import json
import os
import types

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLDEN = os.path.join(ROOT, "tests", "goldens", "mindspore_2.10_namespace.json")
NAMESPACES = ("mindspore", "mindspore.ops", "mindspore.nn",
              # the other paths real code writes (the ranked list's ``also written as``: P.Reshape, mstype.float32)
              "mindspore.common", "mindspore.common.dtype", "mindspore.common.tensor", "mindspore.common.parameter",
              "mindspore.common.seed", "mindspore.context", "mindspore.ops.operations", "mindspore.ops.functional",
              "mindspore.ops.composite", "mindspore.ops.function", "mindspore.nn.cell", "mindspore.nn.optim",
              "mindspore.nn.optim.momentum", "mindspore.nn.optim.adam", "mindspore.numpy", "mindspore.log",
              "mindspore.nn.utils", "mindspore.mint", "mindspore.mint.nn")


def kind(obj) -> str:
    """One word for what a name is (tests/test_namespace.py judges unigrad's names with this function)."""
    if isinstance(obj, types.ModuleType):
        return "module"
    if inspect.isclass(obj):
        return "class"
    return "callable" if callable(obj) else "value"


def main() -> None:
    import importlib

    import mindspore
    recorded = {"mindspore_version": mindspore.__version__, "namespaces": {}}
    for name in NAMESPACES:
        module = importlib.import_module(name)
        recorded["namespaces"][name] = {n: kind(getattr(module, n)) for n in sorted(dir(module))
                                        if not n.startswith("_")}
    with open(GOLDEN, "w") as f:
        json.dump(recorded, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"wrote {GOLDEN}: " + ", ".join(f"{n} {len(v)} names" for n, v in recorded["namespaces"].items()))


if __name__ == "__main__":
    main()

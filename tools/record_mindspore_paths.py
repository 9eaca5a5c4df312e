"""Record, for the top rows of the ranked list of MindSpore names real code uses, every path that code writes
each name under (``mindspore.ops.Reshape``, also ``mindspore.ops.operations.Reshape``) and what MindSpore 2.10
has there (module, class, callable or value), for tests/test_mindspore_paths.py.

    /work/msvenv/bin/python tools/record_mindspore_paths.py [--list ../shared/mindspore-api-usage.tsv] [--top 300]

writes tests/goldens/mindspore_2.10_paths.json. CI never needs mindspore: the file is committed.

A path resolves as ``from a.b import c`` does: the longest prefix that imports as a module, then attributes
(so ``mindspore.common.tensor.Tensor`` is the class, though the attribute ``mindspore.common.tensor`` is a
function). ``Tensor.x`` / ``Cell.x`` / ``Dataset.x`` / ``Model.x`` rows are methods of those classes. Rows that
are not public in MindSpore 2.10 (removed, or private) are left out.
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import types
from typing import Any

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLDEN = os.path.join(ROOT, "tests", "goldens", "mindspore_2.10_paths.json")
LIST = os.path.join(os.path.dirname(ROOT), "shared", "mindspore-api-usage.tsv")
# the class a method row names, by its written prefix
CLASSES = {"Tensor": "mindspore.Tensor", "Cell": "mindspore.nn.Cell", "Dataset": "mindspore.dataset.Dataset",
           "Model": "mindspore.train.Model"}


def full_path(path: str) -> str:
    """``Tensor.asnumpy`` -> ``mindspore.Tensor.asnumpy``; a dotted MindSpore path stays as it is."""
    head, _, rest = path.partition(".")
    return f"{CLASSES[head]}.{rest}" if head in CLASSES else path


def resolve(path: str, root: str = "mindspore") -> Any:
    """The object at the dotted ``path`` (which starts with ``mindspore``) under the package ``root``, found as
    ``from a.b import c`` finds it; AttributeError or ImportError where it is not there."""
    parts = [root] + path.split(".")[1:]
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
            break
        except ImportError:
            if cut == 1:
                raise
    for part in parts[cut:]:
        obj = getattr(obj, part)
    return obj


def kind(obj: Any) -> str:
    """As tools/record_mindspore_namespace.py: module, class, callable or value."""
    if isinstance(obj, types.ModuleType):
        return "module"
    if isinstance(obj, type):
        return "class"
    return "callable" if callable(obj) else "value"


def rows(list_path: str, top: int):
    """(rank, name, files_using, written paths) of the list's first ``top`` rows public in MindSpore 2.10."""
    with open(list_path) as f:
        for line in f:
            if line.startswith(("#", "rank\t")):
                continue
            rank, name, files, _, _, _, _, in_2_10, _, notes = line.rstrip("\n").split("\t")
            if int(rank) > top:
                return
            if in_2_10 != "yes":
                continue
            also = notes.split("; unigrad lacks")[0]
            written = re.findall(r"(mindspore\.[\w.]+) \(\d+\)", also) if "also written as" in also else []
            yield int(rank), name, int(files), [name, *written]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", default=LIST, help="the ranked list (tab-separated)")
    parser.add_argument("--top", type=int, default=300)
    args = parser.parse_args()

    import mindspore
    recorded = {"mindspore_version": mindspore.__version__, "top": args.top, "rows": []}
    for rank, name, files, paths in rows(args.list, args.top):
        kinds = {}
        for path in paths:
            try:
                kinds[path] = kind(resolve(full_path(path)))
            except (AttributeError, ImportError):
                kinds[path] = "absent"  # written by old code, gone from 2.10
        recorded["rows"].append({"rank": rank, "name": name, "files_using": files, "paths": kinds})
    with open(GOLDEN, "w") as f:
        json.dump(recorded, f, indent=1)
        f.write("\n")
    print(f"wrote {GOLDEN}: {len(recorded['rows'])} rows, "
          f"{sum(len(r['paths']) for r in recorded['rows'])} paths")


if __name__ == "__main__":
    main()

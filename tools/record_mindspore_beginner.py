"""Record what MindSpore 2.10 prints for MindSpore's beginner tutorials, run from examples/beginner/PAGE.py.

    python tools/record_mindspore_beginner.py PAGE [PAGE...]      # or --all

For each page, runs the example file itself under MindSpore (``--python``, by default /work/msvenv/bin/python)
with ``unigrad`` and every ``unigrad.X`` aliased to ``mindspore`` and ``mindspore.X``, so that not a line of it
differs from what the tests run on unigrad: in a fresh process, in an empty temporary folder (pages write files
there), PyNative mode on the CPU, ``MPLBACKEND=Agg``, with the options of its entry in
tests/goldens/beginner_pages.py (``{data}``: a gunzipped copy of data/MNIST_Data, since MindSpore reads raw IDX
files only). Writes tests/goldens/beginner/PAGE.json (atomically): the page's stdout, its options, and the
versions. tests/test_beginner_tutorials.py compares each backend's printout with it; the numbers it compares are
the printed ones. A page that fails under MindSpore is reported with its stderr and leaves its golden as it was.

Run by any Python (standard library only); ``--as-mindspore SCRIPT ARGS...`` is the aliasing bootstrap, run by
the recorder under MindSpore's Python.
"""
from __future__ import annotations

import argparse
import gzip
import importlib
import importlib.abc
import importlib.util
import json
import os
import runpy
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLES = os.path.join(ROOT, "examples", "beginner")
GOLDENS = os.path.join(ROOT, "tests", "goldens", "beginner")
DATA = os.path.join(ROOT, "data", "MNIST_Data")
DOCS = "/work/.mirror/mindspore-ai+docs/repo"


class _MindSporeAlias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Imports ``unigrad.X`` as ``mindspore.X``: the very module object, under both names."""

    def find_spec(self, fullname, path, target=None):
        if fullname == "unigrad" or fullname.startswith("unigrad."):
            return importlib.util.spec_from_loader(fullname, self)
        return None

    def create_module(self, spec):
        module = importlib.import_module("mindspore" + spec.name[len("unigrad"):])
        self._spec = module.__spec__
        return module

    def exec_module(self, module):
        module.__spec__ = self._spec  # the import system set it to the alias's


def run_as_mindspore(script: str, argv: list[str]) -> None:
    """Runs ``script`` as ``__main__`` with ``unigrad`` aliased to MindSpore (in this process)."""
    import mindspore

    mindspore.set_context(mode=mindspore.PYNATIVE_MODE, device_target="CPU")
    sys.meta_path.insert(0, _MindSporeAlias())
    sys.argv = [script] + argv
    sys.path.insert(0, os.path.dirname(script))
    runpy.run_path(script, run_name="__main__")


def gunzipped_copy(out: str) -> None:
    """data/MNIST_Data with its IDX files gunzipped under ``out``."""
    for split in ("train", "test"):
        os.makedirs(os.path.join(out, split))
        for name in os.listdir(os.path.join(DATA, split)):
            with gzip.open(os.path.join(DATA, split, name), "rb") as src, \
                    open(os.path.join(out, split, name[:-len(".gz")]), "wb") as dst:
                shutil.copyfileobj(src, dst)


def page_entry(name: str):
    sys.path.insert(0, os.path.join(ROOT, "tests", "goldens"))
    try:
        from beginner_pages import page
    finally:
        sys.path.pop(0)
    return page(name)


def versions(python: str) -> dict:
    done = subprocess.run([python, "-c", "import json, mindspore, numpy; print(json.dumps({'mindspore_version': "
                           "mindspore.__version__, 'numpy_version': numpy.__version__}))"],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def docs_commit(ref: str) -> str | None:
    """The docs mirror's commit the page was taken from (None where the mirror is absent)."""
    done = subprocess.run(["git", "-C", DOCS, "rev-parse", ref], capture_output=True, text=True)
    return done.stdout.strip() or None


def record(name: str, python: str, data_root: str) -> bool:
    """Runs the page under MindSpore and writes its golden; False (and the page's stderr) if it failed."""
    script = os.path.join(EXAMPLES, name + ".py")
    argv = [arg.replace("{data}", data_root) for arg in page_entry(name).argv]
    with tempfile.TemporaryDirectory() as cwd:
        done = subprocess.run([python, os.path.abspath(__file__), "--as-mindspore", script, *argv], cwd=cwd,
                              capture_output=True, text=True, timeout=1800,
                              env=dict(os.environ, MPLBACKEND="Agg", GLOG_v="3"))
    if done.returncode != 0:
        print(f"{name}: failed under MindSpore (exit {done.returncode}):\n{done.stderr[-4000:]}", file=sys.stderr)
        return False
    golden = {"page": name, "docs_ref": page_entry(name).docs_ref, "docs_commit": docs_commit(page_entry(name).docs_ref),
              **versions(python),
              "argv": list(page_entry(name).argv), "stdout": done.stdout}
    os.makedirs(GOLDENS, exist_ok=True)
    path = os.path.join(GOLDENS, name + ".json")
    with open(path + ".partial", "w") as f:
        json.dump(golden, f, indent=1, ensure_ascii=False)
        f.write("\n")
    os.replace(path + ".partial", path)
    print(f"{name}: wrote {os.path.relpath(path, ROOT)} ({len(done.stdout.splitlines())} lines)")
    return True


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--as-mindspore":
        run_as_mindspore(sys.argv[2], sys.argv[3:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", help="page names: examples/beginner/PAGE.py")
    parser.add_argument("--all", action="store_true", help="every examples/beginner/*.py")
    parser.add_argument("--python", default="/work/msvenv/bin/python", help="a Python with MindSpore 2.10")
    args = parser.parse_args()
    pages = args.pages
    if args.all:
        pages = sorted(f[:-3] for f in os.listdir(EXAMPLES) if f.endswith(".py") and not f.startswith("_"))
    if not pages:
        parser.error("name at least one page, or --all")
    missing = [p for p in pages if not os.path.exists(os.path.join(EXAMPLES, p + ".py"))]
    if missing:
        parser.error(f"no examples/beginner/PAGE.py for {missing}")
    with tempfile.TemporaryDirectory() as data_root:
        gunzipped_copy(os.path.join(data_root, "MNIST_Data"))
        failed = [name for name in pages if not record(name, args.python, data_root)]
    if failed:
        print("failed:", " ".join(failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Record MindSpore goldens for tests/goldens/nn_programs.py (layers, losses, optimizers).

    /work/msvenv/bin/python tools/record_mindspore_nn_goldens.py [--only NAME ...] [--keep-going] [--print] [--merge]

Writes tests/goldens/mindspore_2.10_nn.json with the codec of tools/record_mindspore_goldens.py.
"""
import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from record_mindspore_goldens import ROOT, run_programs  # noqa: E402

GOLDEN = os.path.join(ROOT, "tests", "goldens", "mindspore_2.10_nn.json")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", nargs="*", default=None)
    ap.add_argument("--keep-going", action="store_true", help="report failing programs; never writes the file")
    ap.add_argument("--print", action="store_true", help="print the results (encoded) instead of writing")
    ap.add_argument("--merge", action="store_true",
                    help="with --only: write those programs into the golden file, keeping the others as recorded")
    args = ap.parse_args()

    import mindspore
    mindspore.set_context(mode=mindspore.PYNATIVE_MODE, device_target="CPU")
    sys.path.insert(0, os.path.join(ROOT, "tests", "goldens"))
    import nn_programs

    results, failed = run_programs(nn_programs.PROGRAMS, mindspore, args.only, args.keep_going)
    if args.print:
        print(json.dumps(results, indent=1))
    if args.print or args.keep_going or (args.only and not args.merge):
        print("ok:", sorted(results), "FAILED:", failed)
        return
    if args.merge:
        with open(GOLDEN) as f:
            results = {**json.load(f)["programs"], **results}
        results = {fn.__name__: results[fn.__name__] for fn in nn_programs.PROGRAMS if fn.__name__ in results}
    out = {"mindspore_version": mindspore.__version__, "numpy_version": np.__version__, "programs": results}
    with open(GOLDEN, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("wrote %d programs to %s" % (len(results), GOLDEN))


if __name__ == "__main__":
    main()

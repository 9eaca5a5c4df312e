"""Record MindSpore goldens for tests/goldens/programs.py.

Run (from the repo root) with a Python that has real MindSpore installed, e.g.::

    python3.11 -m venv /work/msvenv
    /work/msvenv/bin/pip install mindspore "numpy<2"
    /work/msvenv/bin/python tools/record_mindspore_goldens.py [--only NAME ... [--merge]] [--keep-going]

It imports mindspore in PYNATIVE mode on CPU, runs every function listed in
``PROGRAMS`` of tests/goldens/programs.py with ``ms=mindspore`` and writes
``tests/goldens/mindspore_2.10.json``.  CI never needs mindspore: the JSON file
is committed and the tests only read it.

The programs in ``CASE_BY_CASE`` run one case per process (``--case``, two processes at a time):
MindSpore 2.10 can re-raise a failed kernel selection in the next ops of the same process, so an
error case recorded after another one could carry the other's error.

JSON encoding (see ``encode``/``decode``):
  * numpy array -> {"__ndarray__": true, "dtype": "float32", "shape": [...],
                    "data": nested list}; floats are written with Python's repr
                   (lossless for float16/32/64); nan/inf as strings "nan",
                   "inf", "-inf".
  * tuple       -> {"__tuple__": [...]}
  * list        -> [...]
  * dict        -> {...} (string keys)
  * float       -> number (or "nan"/"inf"/"-inf" wrapped as {"__float__": s})
"""

import argparse
import concurrent.futures
import json
import math
import os
import subprocess
import sys
import traceback

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLDEN = os.path.join(ROOT, "tests", "goldens", "mindspore_2.10.json")


def _enc_float(v):
    if math.isnan(v):
        return {"__float__": "nan"}
    if math.isinf(v):
        return {"__float__": "inf" if v > 0 else "-inf"}
    return v


def _enc_list(x):
    if isinstance(x, list):
        return [_enc_list(i) for i in x]
    if isinstance(x, float):
        if math.isnan(x):
            return "nan"
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
    return x


def encode(obj):
    if isinstance(obj, np.ndarray):
        return {"__ndarray__": True, "dtype": str(obj.dtype), "shape": list(obj.shape),
                "data": _enc_list(obj.tolist())}
    if isinstance(obj, np.generic):
        return encode(np.asarray(obj))
    if isinstance(obj, tuple):
        return {"__tuple__": [encode(i) for i in obj]}
    if isinstance(obj, list):
        return [encode(i) for i in obj]
    if isinstance(obj, dict):
        return {str(k): encode(v) for k, v in obj.items()}
    if isinstance(obj, bool) or isinstance(obj, int) or isinstance(obj, str) or obj is None:
        return obj
    if isinstance(obj, float):
        return _enc_float(obj)
    raise TypeError("cannot encode %r (%s)" % (obj, type(obj)))


def _dec_list(x):
    if isinstance(x, list):
        return [_dec_list(i) for i in x]
    if isinstance(x, str) and x in ("nan", "inf", "-inf"):
        return float(x)
    return x


def decode(obj):
    """Inverse of encode (usable from tests without mindspore)."""
    if isinstance(obj, dict):
        if obj.get("__ndarray__"):
            return np.array(_dec_list(obj["data"]), dtype=obj["dtype"]).reshape(obj["shape"])
        if "__tuple__" in obj:
            return tuple(decode(i) for i in obj["__tuple__"])
        if "__float__" in obj:
            return float(obj["__float__"])
        return {k: decode(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [decode(i) for i in obj]
    return obj


def run_case_by_case(program, ms, cases) -> dict:
    """``program``'s result, each of its cases run in a fresh process of this script (``--case``)."""
    cases["list"] = True
    names = list(program(ms))
    cases["list"] = False

    def one(name):
        out = subprocess.run([sys.executable, os.path.abspath(__file__), "--only", program.__name__,
                              "--case", name], capture_output=True, text=True, check=True).stdout
        return json.loads(out[out.index("{"):])[program.__name__][name]

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        return dict(zip(names, pool.map(one, names)))


def run_programs(programs, ms, only=None, keep_going=False, case_by_case=(), cases=None):
    """({name: encoded result}, [failed names]) of running each program with ``ms`` (mindspore); those
    in ``case_by_case`` run one case per process (``cases``: the programs' CASES switch)."""
    results, failed = {}, []
    for fn in programs:
        if only and fn.__name__ not in only:
            continue
        try:
            results[fn.__name__] = (run_case_by_case(fn, ms, cases) if fn in case_by_case
                                    else encode(fn(ms)))
        except Exception:
            if not keep_going:
                raise
            failed.append(fn.__name__)
            print("FAILED", fn.__name__)
            traceback.print_exc()
    return results, failed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", nargs="*", default=None)
    ap.add_argument("--keep-going", action="store_true",
                    help="report failing programs instead of aborting (never writes the file)")
    ap.add_argument("--print", action="store_true", help="print results instead of writing")
    ap.add_argument("--case", help="run this case only of the one program --only names, and print it")
    ap.add_argument("--merge", action="store_true",
                    help="with --only: record those programs and write them into the golden file, keeping the "
                         "others as they were recorded")
    args = ap.parse_args()

    import mindspore
    mindspore.set_context(mode=mindspore.PYNATIVE_MODE, device_target="CPU")
    sys.path.insert(0, os.path.join(ROOT, "tests", "goldens"))
    import programs

    if args.case:
        programs.CASES["only"] = args.case
        results, failed = run_programs(programs.PROGRAMS, mindspore, args.only)
    else:
        results, failed = run_programs(programs.PROGRAMS, mindspore, args.only, args.keep_going,
                                       programs.CASE_BY_CASE, programs.CASES)
    if args.print or args.keep_going or (args.only and not args.merge) or args.case:
        print(json.dumps(results, indent=1))
        if failed:
            print("FAILED:", failed)
        return
    if args.merge:
        with open(GOLDEN) as f:
            results = {**json.load(f)["programs"], **results}
        results = {fn.__name__: results[fn.__name__] for fn in programs.PROGRAMS if fn.__name__ in results}
    out = {"mindspore_version": mindspore.__version__,
           "numpy_version": np.__version__,
           "programs": results}
    with open(GOLDEN, "w") as f:
        json.dump(out, f, indent=1, sort_keys=False)
        f.write("\n")
    print("wrote %d programs to %s" % (len(results), GOLDEN))


if __name__ == "__main__":
    main()

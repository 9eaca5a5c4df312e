"""Record MindSpore 2.10's dtype promotion: the result dtype, or the error, of binary ops on every pair of its 13
dtypes and on every dtype with a Python int, float and bool, for tests/test_unsigned_dtypes.py.

    /work/msvenv/bin/python tools/record_mindspore_promotion.py

writes tests/goldens/mindspore_2.10_promotion.json. CI never needs mindspore: the file is committed.

Each case is ``[op, left, right]``, an operand being a dtype name ("UInt32") for a 2-element Tensor of it, or
"int", "float" or "bool" for a Python scalar (3, 2.5, True). MindSpore 2.10 can re-raise a failed kernel
selection in the next ops of the same process, so a worker process runs cases until the first error and
exits; the next worker starts after that case (two workers at a time).
"""
import concurrent.futures
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLDEN = os.path.join(ROOT, "tests", "goldens", "mindspore_2.10_promotion.json")
DTYPES = ("Bool", "Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64",
          "Float16", "BFloat16", "Float32", "Float64")
SCALARS = {"int": 3, "float": 2.5, "bool": True}
TENSOR_OPS = ("add", "sub", "mul", "truediv", "equal", "less", "maximum", "concat")
SCALAR_OPS = ("add", "sub", "mul", "truediv", "equal", "less", "maximum")


def cases() -> list[list[str]]:
    out = [[op, a, b] for op in TENSOR_OPS for a in DTYPES for b in DTYPES]
    for op in SCALAR_OPS:
        for a in DTYPES:
            for s in SCALARS:
                out.append([op, a, s])
                if op != "maximum":  # ops.maximum takes the Tensor first
                    out.append([op, s, a])
    return out


def run_case(op: str, left: str, right: str) -> dict:
    """{'dtype': 'UInt32'} or {'error': 'TypeError', 'message': first line} of one case (in a worker)."""
    import mindspore as ms
    import numpy as np

    def operand(name):
        if name in SCALARS:
            return SCALARS[name]
        if name == "BFloat16":
            return ms.Tensor(np.array([1, 2], np.float32), ms.bfloat16)
        return ms.Tensor(np.array([1, 2], name.lower()))

    fns = {"add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
           "truediv": lambda a, b: a / b, "equal": lambda a, b: a == b, "less": lambda a, b: a < b,
           "maximum": ms.ops.maximum, "concat": lambda a, b: ms.ops.concat((a, b))}
    try:
        result = fns[op](operand(left), operand(right))
        result.asnumpy()  # errors surface here, not at the call
        return {"dtype": str(result.dtype)}
    except Exception as e:  # noqa: BLE001 - every failure is a recorded answer
        return {"error": type(e).__name__, "message": str(e).strip().splitlines()[0]}


def worker() -> None:
    """Run the cases given on stdin, one JSON line each on stdout, stopping after the first error."""
    import mindspore as ms
    ms.set_context(mode=ms.PYNATIVE_MODE, device_target="CPU")
    for case in json.load(sys.stdin):
        result = run_case(*case)
        print(json.dumps([case, result]), flush=True)
        if "error" in result:
            return


def run_shard(shard: list[list[str]]) -> dict[str, dict]:
    """The results of ``shard``, starting a fresh worker after every error."""
    results: dict[str, dict] = {}
    while shard:
        done = subprocess.run([sys.executable, __file__, "--worker"], input=json.dumps(shard), text=True,
                              capture_output=True, check=False)
        answered = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("[")]
        if not answered:
            raise RuntimeError(f"worker answered nothing for {shard[0]}:\n{done.stderr[-2000:]}")
        for case, result in answered:
            results[" ".join(case)] = result
        shard = shard[len(answered):]
    return results


def main() -> None:
    import mindspore
    todo = cases()
    shards = [todo[i::2] for i in range(2)]
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        results = {k: v for part in pool.map(run_shard, shards) for k, v in part.items()}
    recorded = {"mindspore_version": mindspore.__version__, "dtypes": list(DTYPES), "scalars": SCALARS,
                "cases": {" ".join(c): results[" ".join(c)] for c in todo}}
    with open(GOLDEN, "w") as f:
        json.dump(recorded, f, indent=0)
        f.write("\n")
    errors = sum("error" in r for r in results.values())
    print(f"wrote {GOLDEN}: {len(results)} cases, {errors} errors")


if __name__ == "__main__":
    worker() if sys.argv[1:] == ["--worker"] else main()

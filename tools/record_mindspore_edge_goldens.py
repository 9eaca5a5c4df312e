"""Record what MindSpore 2.10 gives on every op registry entry's edge samples (issue 20).

Run from the repo root with a Python that has real MindSpore installed::

    /work/msvenv/bin/python tools/record_mindspore_edge_goldens.py [--only ID ...]

Each entry of ``unigrad.testing.REGISTRY`` that takes a float input runs on MindSpore with the same float32
arrays unigrad's conformance tests use (``OpSpec.draw_edges``, every kind of ``EDGE_KINDS``): the entry's
own function, with the registry module's ``ops`` pointed at ``mindspore.ops`` (and its Parameters at
MindSpore's), so the call is the one a MindSpore user writes. The gradient is that of
``sum(output * edge_cotangents)`` in every float input the entry differentiates. Entries MindSpore cannot
run as written (unigrad-only helpers, unigrad dtypes, a reseeded dropout) are recorded as skipped with the
reason.

One process per entry, two at a time: MindSpore 2.10 can re-raise a failed kernel selection in the next
ops of the same process. Writes ``tests/goldens/mindspore_2.10_edges.json`` (encoded as the other goldens);
CI never needs mindspore.
"""
import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import types
import warnings

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "tools"))
GOLDEN = os.path.join(ROOT, "tests", "goldens", "mindspore_2.10_edges.json")

# entries MindSpore cannot run as the registry writes them, and why
_NOT_RUNNABLE = {
    "dropout": "the registry reseeds unigrad's generator for each call",
    **{name: "the registry reseeds unigrad's generator for each call (their draws are unigrad's)"
       for name in ("rrelu", "dropout1d", "dropout2d", "dropout3d")},
    "cast": "the registry passes a unigrad dtype to the op",
}


def _record_entry(spec_id: str) -> dict:
    """{kind: {"outputs": [...], "grads": [...]} or {"error": name}} for one entry, in this process."""
    import mindspore as ms
    from unigrad import dtype as dt
    from unigrad.testing import EDGE_KINDS, REGISTRY, edge_cotangents, op_registry

    ms.set_context(mode=ms.PYNATIVE_MODE, device_target="CPU")
    spec = next(s for s in REGISTRY if s.id == spec_id)
    samples = {kind: spec.draw_edges(kind, dt.float32) for kind in EDGE_KINDS}
    # the entries' calls now reach MindSpore's ops, with MindSpore's dtypes where they name one
    op_registry.ops = ms.ops
    op_registry.dt = types.SimpleNamespace(**{name: getattr(ms, name) for name in (
        "float16", "float32", "float64", "int32", "int64", "bool_")})
    op_registry.unigrad = types.SimpleNamespace(Parameter=ms.Parameter)  # the in-place updates' Parameters
    result = {}
    for kind, arrays in samples.items():
        tensors = [ms.Tensor(a) for a in arrays]
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                out = spec.fn(*tensors)
                outputs = list(out) if isinstance(out, (tuple, list)) else [out]
                values = [o.asnumpy() for o in outputs]
                argnums = spec.grad_argnums(arrays) if spec.differentiable else ()
                grads = []
                if argnums:
                    cts = [ms.Tensor(c.astype(v.dtype) if v.dtype.kind == "f" else c.astype(np.float32))
                           for c, v in zip(edge_cotangents(spec, values), values)]

                    def objective(*xs):
                        outs = spec.fn(*xs)
                        outs = list(outs) if isinstance(outs, (tuple, list)) else [outs]
                        return sum((o.astype(ms.float32) * c).sum() for o, c in zip(outs, cts))

                    got = ms.grad(objective, grad_position=tuple(argnums))(*tensors)
                    grads = [g.asnumpy() for g in (got if isinstance(got, tuple) else (got,))]
            result[kind] = {"outputs": values, "grads": grads}
        except Exception as e:  # noqa: BLE001  (the error's type is the golden)
            result[kind] = {"error": type(e).__name__}
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", nargs="*", help="entry ids to (re-)record, merged into the file")
    parser.add_argument("--entry", help=argparse.SUPPRESS)  # one entry, in a child process
    args = parser.parse_args()
    from record_mindspore_goldens import decode, encode

    if args.entry:
        print(json.dumps(encode(_record_entry(args.entry))))
        return

    from unigrad import dtype as dt
    from unigrad.testing import INTERNAL, REGISTRY

    def one(spec):
        if spec.name in INTERNAL:
            return spec.id, {"skipped": "a unigrad helper with no MindSpore name"}
        if spec.name in _NOT_RUNNABLE:
            return spec.id, {"skipped": _NOT_RUNNABLE[spec.name]}
        run = subprocess.run([sys.executable, __file__, "--entry", spec.id], capture_output=True, text=True,
                             cwd=ROOT)
        if run.returncode:
            return spec.id, {"skipped": f"the recorder failed: {run.stderr.strip().splitlines()[-1]}"}
        return spec.id, decode(json.loads(run.stdout.strip().splitlines()[-1]))

    specs = [s for s in REGISTRY if not args.only or s.id in args.only]  # drawing only the entries asked for
    specs = [s for s in specs if any(a.dtype.kind == "f" for a in s.draw(dt.float32))]
    goldens = {}
    if args.only and os.path.exists(GOLDEN):
        with open(GOLDEN) as f:
            goldens = decode(json.load(f))
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        for spec_id, recorded in pool.map(one, specs):
            goldens[spec_id] = recorded
            print(spec_id, "skipped" if "skipped" in recorded else "ok", flush=True)
    tmp = GOLDEN + ".tmp"
    with open(tmp, "w") as f:  # one line per entry: a re-recorded entry is a one-line diff
        f.write("{\n" + ",\n".join(f"{json.dumps(k)}: {json.dumps(encode(v), sort_keys=True)}"
                                   for k, v in sorted(goldens.items())) + "\n}\n")
    os.replace(tmp, GOLDEN)


if __name__ == "__main__":
    main()

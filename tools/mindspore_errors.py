"""Probe which exception type/message MindSpore raises for misuse of grad APIs.

Run with a Python that has real MindSpore (CI never needs it)::

    /work/msvenv/bin/python tools/mindspore_errors.py [--json OUT.json]

For each case it prints the phase that raised ("build" = creating the grad
function, "call" = calling it), the exception type and the first line of the
message (MindSpore appends C++ stack traces after a blank line; we keep only
the first non-empty line).  Cases that do not raise print their result.
"""

import json
import sys

import numpy as np


def first_line(msg):
    for line in str(msg).splitlines():
        if line.strip():
            return line.strip()
    return ""


def probe(name, build, call):
    try:
        fn = build()
    except Exception as e:  # noqa: BLE001
        return {"case": name, "phase": "build", "type": type(e).__name__,
                "message": first_line(e)}
    try:
        out = call(fn)
    except Exception as e:  # noqa: BLE001
        return {"case": name, "phase": "call", "type": type(e).__name__,
                "message": first_line(e)}
    return {"case": name, "phase": "none", "type": None, "message": None,
            "result": _show(out)}


def _show(x):
    if hasattr(x, "asnumpy"):
        return "Tensor(%s, %s, %s)" % (x.dtype, tuple(x.shape), x.asnumpy().tolist())
    if isinstance(x, (tuple, list)):
        return type(x).__name__ + "(" + ", ".join(_show(i) for i in x) + ")"
    return repr(x)


def main():
    import mindspore as ms
    from mindspore import ops, nn
    ms.set_context(mode=ms.PYNATIVE_MODE, device_target="CPU")

    x = ms.Tensor(np.array([1.0, 2.0], np.float32))
    y = ms.Tensor(np.array([3.0, 4.0], np.float32))
    xi32 = ms.Tensor(np.array([1, 2], np.int32))
    xi64 = ms.Tensor(np.array([1, 2], np.int64))

    def f(a, b):
        return (a * b).sum()

    def single(a, b):
        return (a * b).sum()

    def fint(a):
        return (a * a).sum()

    def fmixed(a):
        return (a * 1.5).sum()

    class Net(nn.Cell):
        def __init__(self):
            super().__init__()
            self.z = ms.Parameter(ms.Tensor(np.array([1.0, 1.0], np.float32)), name="z")

        def construct(self, a, b):
            return (a * b * self.z).sum()

    net = Net()
    cases = [
        ("grad_position=None,weights=None",
         lambda: ms.grad(f, None, None), lambda g: g(x, y)),
        ("value_and_grad position=None,weights=None",
         lambda: ms.value_and_grad(f, None, None), lambda g: g(x, y)),
        ("grad_position=-1",
         lambda: ms.grad(f, -1), lambda g: g(x, y)),
        ("grad_position=(0,-1)",
         lambda: ms.grad(f, (0, -1)), lambda g: g(x, y)),
        ("grad_position=(0,0) duplicate",
         lambda: ms.grad(f, (0, 0)), lambda g: g(x, y)),
        ("grad_position=2 (2 inputs)",
         lambda: ms.grad(f, 2), lambda g: g(x, y)),
        ("grad_position=(0,5) (2 inputs)",
         lambda: ms.grad(f, (0, 5)), lambda g: g(x, y)),
        ("grad_position=1.0 (float)",
         lambda: ms.grad(f, 1.0), lambda g: g(x, y)),
        ("grad_position=[0,1] (list)",
         lambda: ms.grad(f, [0, 1]), lambda g: g(x, y)),
        ("has_aux=True, fn returns single Tensor",
         lambda: ms.grad(single, 0, has_aux=True), lambda g: g(x, y)),
        ("value_and_grad has_aux=True, single Tensor",
         lambda: ms.value_and_grad(single, 0, has_aux=True), lambda g: g(x, y)),
        ("grad wrt int32 input",
         lambda: ms.grad(fint), lambda g: g(xi32)),
        ("grad wrt int64 input",
         lambda: ms.grad(fint), lambda g: g(xi64)),
        ("value_and_grad wrt int32 input",
         lambda: ms.value_and_grad(fint), lambda g: g(xi32)),
        ("GradOperation(get_by_list=True)(net) no params",
         lambda: ops.GradOperation(get_by_list=True)(net), lambda g: g(x, y)),
        ("GradOperation(get_by_list=True)(net, list_of_params)",
         lambda: ops.GradOperation(get_by_list=True)(net, net.trainable_params()),
         lambda g: g(x, y)),
        ("GradOperation(get_by_list=True)(net, single Parameter)",
         lambda: ops.GradOperation(get_by_list=True)(net, net.z),
         lambda g: g(x, y)),
        ("GradOperation()(net, ParameterTuple) without get_by_list",
         lambda: ops.GradOperation()(net, ms.ParameterTuple(net.trainable_params())),
         lambda g: g(x, y)),
        ("GradOperation(get_by_list=True)(plain function) no params",
         lambda: ops.GradOperation(get_by_list=True)(f), lambda g: g(x, y)),
        ("GradOperation(get_by_list=True)(plain fn, ParameterTuple of net)",
         lambda: ops.GradOperation(get_by_list=True)(f, ms.ParameterTuple(net.trainable_params())),
         lambda g: g(x, y)),
        ("grad wrt int32 input through float op (a*1.5)",
         lambda: ms.grad(fmixed), lambda g: g(xi32)),
        ("grad weights=non-Parameter Tensor",
         lambda: ms.grad(f, None, weights=x), lambda g: g(x, y)),
        ("grad non-scalar output ok? (sum of sens)",
         lambda: ms.grad(lambda a: a * a), lambda g: g(x)),
    ]
    results = [probe(n, b, c) for n, b, c in cases]
    for r in results:
        if r["type"] is None:
            print("%-55s -> no error: %s" % (r["case"], r.get("result")))
        else:
            print("%-55s -> [%s] %s: %s" % (r["case"], r["phase"], r["type"], r["message"]))
    if len(sys.argv) > 2 and sys.argv[1] == "--json":
        with open(sys.argv[2], "w") as fh:
            json.dump({"mindspore_version": ms.__version__, "cases": results}, fh, indent=1)


if __name__ == "__main__":
    main()

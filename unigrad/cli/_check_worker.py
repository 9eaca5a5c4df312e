"""One backend's run under ``unigrad check``: the unmodified script, with its first N training steps recorded.

Each backend runs in a process of its own: on unigrad (``import mindspore`` served by unigrad, ``_run``) or on
real MindSpore, in MindSpore's own environment. There this file imports nothing of unigrad (the standard
library, NumPy and ``_script`` beside it), and it records through MindSpore's public names only, so the same
``Recorder`` serves both: it wraps ``value_and_grad``, ``grad``, ``vjp``, ``GradOperation.__call__``,
``Cell.__call__`` and ``Optimizer.__call__`` before the script runs.

A *step* is one gradient computation called outside another (the script's ``grad_fn(data, label)``, or the
one inside ``TrainOneStepCell``). For each step it records the gradient function's Tensor arguments, the
output of every Cell called while the gradient is taken (named by its path from the outermost Cell called,
``Network.dense_relu_sequential.0``), the forward value, each gradient (named by its Parameter, or
``input0``...), and every Parameter of an optimizer after the optimizer runs. Steps run as ``unigrad check``
asks for lockstep: given the reference backend's record, each Parameter is set to the reference's initial value
by name when the first step starts, and each step's Tensor arguments (its batch) are the reference's. After N
steps the script is stopped (``Stop``). ``unigrad.jit`` / ``mindspore.jit`` run their functions eagerly, so
that every value can be read (MindSpore runs in PyNative mode).

With ``--observe-step K`` (unigrad only), step K's gradient runs under ``unigrad.ops._observe.observe``: every
op's inputs, outputs and output gradient are recorded, and the run stops after it. ``unigrad check`` compares
these op by op to name the first op whose output or gradient rule differs.

The record is one ``.npz`` file: the arrays, and a JSON ``meta`` entry that describes them.
"""
from __future__ import annotations

import argparse
import collections
import inspect
import json
import os
import sys
from typing import Any, Callable

import numpy as np

try:
    from unigrad.cli import _script
except ImportError:  # real MindSpore's environment, where this file was started by its path
    import _script  # type: ignore[no-redef]

KINDS = ("cell", "value", "grad", "update")  # what a step records and compares, in the order it happens


class Stop(BaseException):
    """Raised where the script starts a step past the last one to check: the run ends there."""


def _tensors(value: Any, path: str = "") -> list[tuple[str, Any]]:
    """The Tensors of a nested output with their paths ('', '[0]', '[1][0]'); other items are skipped."""
    if hasattr(value, "asnumpy"):
        return [(path, value)]
    if isinstance(value, (tuple, list)):
        return [found for i, item in enumerate(value) for found in _tensors(item, f"{path}[{i}]")]
    return []


def _savable(array: np.ndarray) -> np.ndarray:
    """``array`` as NumPy can save it without pickling: a dtype NumPy lacks (bfloat16) becomes float32."""
    return array if array.dtype.kind in "biufc" else array.astype(np.float32)


def _host(tensor: Any) -> tuple[np.ndarray, str]:
    """A Tensor's values on the host and its dtype's name (the name kept where ``_savable`` widens it)."""
    array = np.array(tensor.asnumpy(), copy=True)
    return _savable(array), array.dtype.name


def _parameter_list(weights: Any) -> list:
    """The Parameters a gradient is taken for: one, a list or tuple of them, or none."""
    if weights is None:
        return []
    if hasattr(weights, "asnumpy"):
        return [weights]
    return list(weights)


def _replace_everywhere(prefixes: tuple[str, ...], replacements: list[tuple[Any, Any]]) -> None:
    """Rebind each ``old`` to its ``new`` in every loaded module of the framework (``from x import f`` copies
    made at import time included), so that the framework's own callers use the wrappers too. One pass over
    the modules (MindSpore has thousands)."""
    new_for = {id(old): new for old, new in replacements}
    for name, module in list(sys.modules.items()):
        if module is None or not any(name == p or name.startswith(p + ".") for p in prefixes):
            continue
        for attr, value in list(getattr(module, "__dict__", {}).items()):
            if id(value) in new_for:
                setattr(module, attr, new_for[id(value)])


class Record:
    """A backend's record as read back: ``meta`` and its arrays by (step, kind, name)."""

    def __init__(self, path: str) -> None:
        with np.load(path, allow_pickle=False) as data:
            self.meta = json.loads(str(data["meta"]))
            self.arrays = {(e["step"], e["kind"], e["name"]): data[f"a{i}"]
                           for i, e in enumerate(self.meta["entries"])}
        self.dtypes = {(e["step"], e["kind"], e["name"]): e["dtype"] for e in self.meta["entries"]}


class Recorder:
    """Wraps the framework ``ms`` (real MindSpore, or unigrad served as it) to record its first ``steps``
    steps, in lockstep with ``reference`` (a Record, or None on the reference backend itself)."""

    def __init__(self, ms: Any, prefixes: tuple[str, ...], steps: int, reference: Record | None,
                 observe_step: int | None) -> None:
        self.ms, self.prefixes, self.steps, self.reference = ms, prefixes, steps, reference
        self.observe_step = observe_step
        self.step, self.depth = -1, 0
        self.entries: list[tuple[int, str, str, np.ndarray, str]] = []
        self.notes: list[str] = []
        self.losses: list[float | None] = []
        self.cells: list[Any] = []            # every Cell built, for the initial Parameters
        self.stack: list[tuple[str, str, dict]] = []  # (label, outermost Cell's label, its tree's names) per Cell being called
        self.calls: collections.Counter = collections.Counter()  # calls of each Cell label in this step
        self.given: list[str] = []
        self.sharded = int(os.environ.get("WORLD_SIZE", "1")) > 1  # data-parallel: each process has its shard
        self.observation: Any = None      # the op observer of step ``observe_step``, while it runs
        self.observed: Any = None         # what it records
        self.op_cells: list[str] = []     # the Cell each observed op ran in
        self.ops: list[dict] = []

    # -- wrapping the framework ---------------------------------------------------------------------
    def install(self) -> None:
        ms, recorder = self.ms, self
        cell, optimizer = ms.nn.Cell, ms.nn.Optimizer
        cell_init, cell_call = cell.__init__, cell.__call__

        def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
            cell_init(self, *args, **kwargs)
            recorder.cells.append(self)

        def __call__(self: Any, *args: Any, **kwargs: Any) -> Any:
            if recorder.depth == 0:
                return cell_call(self, *args, **kwargs)
            label = recorder.enter_cell(self)
            try:
                out = cell_call(self, *args, **kwargs)
            finally:
                recorder.stack.pop()
            recorder.record_output("cell", label, out)
            return out

        def optimizer_call(self: Any, *args: Any, **kwargs: Any) -> Any:
            out = cell_call(self, *args, **kwargs)
            if recorder.depth == 0 and recorder.step >= 0:
                for param in self.parameters:
                    recorder.add(recorder.step, "update", param.name, param)
            return out

        cell.__init__, cell.__call__, optimizer.__call__ = __init__, __call__, optimizer_call
        grad_operation = ms.ops.GradOperation
        operation_call = grad_operation.__call__

        def grad_operation_call(self: Any, fn: Callable, weights: Any = None) -> Callable:
            grad_fn = operation_call(self, fn, weights)
            if self.get_by_list and weights is None and hasattr(fn, "trainable_params"):
                weights = fn.trainable_params()
            return recorder.gradient_function(grad_fn, weights if self.get_by_list else None, False, False)

        grad_operation.__call__ = grad_operation_call
        replacements = [(ms.value_and_grad, self._transform(ms.value_and_grad, True)),
                        (ms.grad, self._transform(ms.grad, False)), (ms.jit, _eager_jit)]
        if getattr(ms, "vjp", None) is not None:
            replacements.append((ms.vjp, self._vjp(ms.vjp)))
        _replace_everywhere(self.prefixes, replacements)

    def _transform(self, original: Callable, has_value: bool) -> Callable:
        """``value_and_grad`` or ``grad``, their gradient functions recorded."""
        signature = inspect.signature(original)

        def transform(*args: Any, **kwargs: Any) -> Callable:
            bound = signature.bind(*args, **kwargs).arguments
            return self.gradient_function(original(*args, **kwargs), bound.get("weights"), has_value,
                                          bool(bound.get("has_aux", False)))
        transform.__wrapped__ = original
        return transform

    def _vjp(self, original: Callable) -> Callable:
        """``vjp``: a step starts at the forward pass; the cotangents ``vjp_fn`` gives are its gradients."""
        def vjp(fn: Callable, *inputs: Any, weights: Any = None, has_aux: bool = False) -> Any:
            if self.depth:
                return original(fn, *inputs, weights=weights, has_aux=has_aux)
            out = self._step(lambda *args: original(fn, *args, weights=weights, has_aux=has_aux), inputs)
            step = self.step
            self.record_output("value", "value", out[0])
            pullback = out[1]

            def vjp_fn(*cotangents: Any) -> Any:
                grads = pullback(*cotangents)
                self.record_grads(step, grads, weights)
                return grads
            return (out[0], vjp_fn, *out[2:])
        return vjp

    def gradient_function(self, grad_fn: Callable, weights: Any, has_value: bool, has_aux: bool) -> Callable:
        """``grad_fn`` recorded: each call outside another gradient is a step."""
        def recorded(*args: Any) -> Any:
            if self.depth:
                return grad_fn(*args)
            out = self._step(grad_fn, args)
            if has_value:
                self.record_output("value", "value", out[0])
                grads = out[1]
            else:
                grads = out[0] if has_aux else out
                if has_aux:
                    self.record_output("value", "aux", out[1])
            self.record_grads(self.step, grads, weights)
            self.end_step()
            return out
        return recorded

    # -- steps --------------------------------------------------------------------------------------
    def _step(self, compute: Callable, args: tuple) -> Any:
        """``compute(*args)`` as a new step: its arguments the reference's, the Cells called inside recorded."""
        args = self.begin_step(args)
        self.depth += 1
        try:
            return compute(*args)
        finally:
            self.depth -= 1

    def begin_step(self, args: tuple) -> tuple:
        self.step += 1
        if self.step >= self.steps:
            raise Stop
        if self.step == 0:
            self.start()
        self.calls.clear()
        self.losses.append(None)
        args = list(args)
        for i, arg in enumerate(args):
            if not hasattr(arg, "asnumpy") or isinstance(arg, self.ms.Parameter):
                continue
            ref = None if self.reference is None or self.sharded else \
                self.reference.arrays.get((self.step, "input", f"input{i}"))
            if ref is not None:
                own = arg.asnumpy()
                if ref.shape == own.shape:
                    args[i] = self.ms.Tensor(ref.astype(own.dtype))
                else:
                    self.notes.append(f"step {self.step}: argument {i} has shape {list(own.shape)}, the "
                                      f"reference's {list(ref.shape)}: it was not replaced by the reference's")
            self.add(self.step, "input", f"input{i}", args[i])
        if self.step == self.observe_step:
            from unigrad.ops._observe import observe
            self.observation = observe(values=True, gradients=True, callback=self._note_cell)
            self.observed = self.observation.__enter__()
        return tuple(args)

    def end_step(self) -> None:
        if self.observation is not None:
            self.observation.__exit__(None, None, None)
            self.ops = [dict(_op_meta(op), cell=cell) for op, cell in zip(self.observed.ops, self.op_cells)]
            for op in self.observed.ops:
                for j, out in enumerate(op.outputs):
                    if out.value is not None:
                        self.entries.append((self.step, "op-out", f"{op.index}:{j}", _savable(np.asarray(out.value)),
                                             ""))
                if op.gradients:
                    self.entries.append((self.step, "op-grad", str(op.index),
                                         _savable(np.asarray(op.gradients[0].value)), ""))
            raise Stop

    def _note_cell(self, op: Any) -> None:
        """The observer's callback: which Cell each op ran in."""
        self.op_cells.append(self.stack[-1][0] if self.stack else "")

    def start(self) -> None:
        """The first step: the Parameters of every Cell built so far take the reference's values by name,
        and are recorded as the step's starting point."""
        params, seen = {}, set()
        for cell in self.cells:
            for _, param in cell.parameters_and_names():
                if id(param) in seen:
                    continue
                seen.add(id(param))
                if param.name in params:
                    self.notes.append(f"two Parameters are named {param.name!r}: only the first is compared")
                    continue
                params[param.name] = param
        if self.reference is not None:
            initial = {name: a for (step, kind, name), a in self.reference.arrays.items() if kind == "initial"}
            for name, param in params.items():
                value = initial.get(name)
                own = param.asnumpy()
                if value is None:
                    self.notes.append(f"Parameter {name} is not in the reference: it keeps its own initial value")
                elif value.shape != own.shape:
                    self.notes.append(f"Parameter {name} has shape {list(own.shape)}, the reference's "
                                      f"{list(value.shape)}: it keeps its own initial value")
                else:
                    param.set_data(self.ms.Tensor(value.astype(own.dtype)))
                    self.given.append(name)
            for name in sorted(initial.keys() - params.keys()):
                self.notes.append(f"the reference's Parameter {name} has no Parameter of that name here")
        for name, param in params.items():
            self.add(0, "initial", name, param)

    # -- recording ----------------------------------------------------------------------------------
    def enter_cell(self, cell: Any) -> str:
        """The label of a Cell being called inside a gradient: its path in the tree of the outermost Cell
        called (``Network.dense_relu_sequential.0``), ``#2`` for its second call in the step."""
        if not self.stack:
            root, names = type(cell).__name__, {id(c): name for name, c in cell.cells_and_names()}
        else:
            _, root, names = self.stack[0]
        path = names.get(id(cell))
        if path is None:  # not in the outermost Cell's tree (a Cell held in a list, a loss built inside)
            label = f"{self.stack[-1][0]}/{type(cell).__name__}" if self.stack else root
        else:
            label = f"{root}.{path}" if path else root
        self.calls[label] += 1
        if self.calls[label] > 1:
            label = f"{label}#{self.calls[label]}"
        self.stack.append((label, root, names))
        return label

    def add(self, step: int, kind: str, name: str, tensor: Any) -> None:
        try:
            array, dtype = _host(tensor)
        except Exception as err:  # noqa: BLE001  (a value the framework cannot give back here is noted, not fatal)
            self.notes.append(f"step {step}: {kind} {name} could not be read ({type(err).__name__}: {err})")
            return
        self.entries.append((step, kind, name, array, dtype))

    def record_output(self, kind: str, label: str, out: Any) -> None:
        for path, tensor in _tensors(out):
            self.add(self.step, kind, label + path, tensor)
            if kind == "value" and self.losses[-1] is None and int(np.prod(tensor.shape)) == 1:
                self.losses[-1] = float(self.entries[-1][3].reshape(()))

    def record_grads(self, step: int, grads: Any, weights: Any) -> None:
        """Each gradient, named by its Parameter where it is one (a gradient function returns the weights'
        gradients last), else ``input`` and its position in the output."""
        found = _tensors(grads)
        params = _parameter_list(weights)
        first_weight = len(found) - len(params) if params else len(found)
        for i, (path, tensor) in enumerate(found):
            name = params[i - first_weight].name if i >= first_weight else f"input{path}"
            self.add(step, "grad", name, tensor)

    def save(self, path: str, status: str, returncode: int, framework: str, backend: str) -> None:
        """The record, written whole or not at all."""
        meta = {"framework": framework, "backend": backend, "status": status, "returncode": returncode,
                "steps": len(self.losses), "losses": self.losses,
                "notes": self.notes, "given": self.given, "ops": self.ops,
                "entries": [{"step": s, "kind": k, "name": n, "dtype": d, "shape": list(a.shape)}
                            for s, k, n, a, d in self.entries]}
        arrays = {f"a{i}": entry[3] for i, entry in enumerate(self.entries)}
        partial = path + ".partial.npz"
        np.savez(partial, meta=np.array(json.dumps(meta)), **arrays)
        os.replace(partial, path)


def _op_meta(op: Any) -> dict:
    """An observed op as JSON: what ``unigrad check`` prints about it."""
    return {"index": op.index, "name": op.name, "source": op.source,
            "inputs": [[list(t.shape), t.dtype.name if hasattr(t.dtype, "name") else str(t.dtype)] for t in op.inputs],
            "inputs_from": list(op.inputs_from), "outputs": len(op.outputs), "in_derivative": op.in_derivative,
            "attributes": [repr(a)[:60] for a in op.attributes]}


def _eager_jit(function: Callable | None = None, *args: Any, **kwargs: Any) -> Any:
    """``jit`` under check: the function as it is (bare ``@jit`` or ``@jit(...)``), run eagerly."""
    return function if function is not None else (lambda fn: fn)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="unigrad check (worker)")
    parser.add_argument("--framework", choices=("unigrad", "mindspore"), required=True)
    parser.add_argument("--backend", required=True)
    parser.add_argument("--device", default=None)
    parser.add_argument("--steps", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", required=True)
    parser.add_argument("--reference")
    parser.add_argument("--observe-step", type=int)
    parser.add_argument("script")
    parser.add_argument("args", nargs=argparse.REMAINDER)
    options = parser.parse_args(argv)
    out = os.path.abspath(options.out)  # the script may change the working directory
    if int(os.environ.get("WORLD_SIZE", "1")) > 1 and os.environ.get("RANK", "0") != "0":
        out += f".rank{os.environ['RANK']}"  # under unigrad launch: rank 0's record is the one compared
    reference = Record(options.reference) if options.reference else None
    if options.framework == "unigrad":
        from unigrad.cli import _hook, _run
        _run.serve_mindspore(options.backend, options.device)
        hidden, prefixes = (_hook.__file__, os.path.abspath(__file__)), ("unigrad", "mindspore")
    else:
        hidden, prefixes = (os.path.abspath(__file__),), ("mindspore",)
    import mindspore
    if options.framework == "mindspore":
        mindspore.set_context(mode=mindspore.PYNATIVE_MODE,
                              device_target=(options.device or "cpu").upper())
        _keep_pynative(mindspore, prefixes)
    recorder = Recorder(mindspore, prefixes, options.steps, reference, options.observe_step)
    recorder.install()
    mindspore.set_seed(options.seed)
    status, returncode = "finished", 0
    try:
        returncode = _script.run(options.script, options.args, hidden)
        status = "failed" if returncode else "finished"
    except Stop:
        status = "stopped"
    except SystemExit as exit_:
        returncode = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        status = "failed" if returncode else "finished"
    recorder.save(out, status, returncode, options.framework, options.backend)
    return returncode


def _keep_pynative(ms: Any, prefixes: tuple[str, ...]) -> None:
    """MindSpore's ``set_context`` under check ignores ``mode``: graph mode would hide every value."""
    original = ms.set_context

    def set_context(**kwargs: Any) -> Any:
        kwargs.pop("mode", None)
        return original(**kwargs) if kwargs else None
    _replace_everywhere(prefixes, [(original, set_context)])


if __name__ == "__main__":
    sys.exit(main())

"""``assert_backends_agree``: one model run on several backends, its outputs, gradients and updated state
compared array by array (``unigrad.testing.compare``), so a user learns that two frameworks compute the same
thing for their own model, or which array first parts, without writing the use_backend / set_seed /
value_and_grad / compare loop themselves.

Every backend gets the same weights, the same inputs, the same seed (Dropout's masks come from unigrad's
host generator, so they match too; not inside ``unigrad.jit`` on jax, whose compiled programs draw from a
stream of their own) and the same fixed random cotangent for each output; the first backend is the
reference the others are compared with.
"""
from __future__ import annotations

import inspect
from typing import Any, Callable, Sequence

import numpy as np

import unigrad
from unigrad import ops
from unigrad import dtype as dt
from unigrad._tensor import Tensor
from unigrad.nn import Cell
from unigrad.testing.compare import Comparison, compare, table


def _builder(fn_or_cell: Any) -> tuple[str, Callable[[str], Any]]:
    """What the first argument is ('cell' or 'function') and how to get it on a backend (called inside
    ``use_backend``)."""
    if isinstance(fn_or_cell, Cell):
        return "cell", fn_or_cell.to_backend
    if isinstance(fn_or_cell, type) and issubclass(fn_or_cell, Cell):
        return "cell", lambda _: fn_or_cell()
    if not callable(fn_or_cell):
        raise TypeError(f"assert_backends_agree takes a Cell, a Cell class, a function returning a Cell or a "
                        f"function of the inputs, got {type(fn_or_cell).__name__}")
    try:
        takes_nothing = not inspect.signature(fn_or_cell).parameters
    except (TypeError, ValueError):  # a builtin without a signature: a function of the inputs
        takes_nothing = False
    if not takes_nothing:
        return "function", lambda _: fn_or_cell

    def build(name: str) -> Cell:
        cell = fn_or_cell()
        if not isinstance(cell, Cell):
            raise TypeError(f"a function of no arguments given to assert_backends_agree must build and return a "
                            f"Cell (it is called once per backend), it returned {type(cell).__name__}")
        return cell
    return "cell", build


def _on_backend(value: Any, name: str) -> Any:
    """An input on backend ``name``: a Tensor moved there, a NumPy array made a Tensor (its dtype kept), a
    tuple or list of them item by item, anything else as it is."""
    if isinstance(value, Tensor):
        return value.to_backend(name)
    if isinstance(value, np.ndarray):
        return Tensor(value)
    if isinstance(value, (tuple, list)):
        return type(value)(_on_backend(item, name) for item in value)
    return value


def _flat(out: Any) -> list[Tensor]:
    """The Tensors of an output, nested tuples and lists flattened in order."""
    if isinstance(out, (tuple, list)):
        return [t for item in out for t in _flat(item)]
    if not isinstance(out, Tensor):
        raise TypeError(f"assert_backends_agree compares Tensor outputs, the model returned a {type(out).__name__}")
    return [out]


def _give_weights(cell: Cell, weights: dict[str, np.ndarray], backend: str) -> None:
    """The reference backend's Parameter values, given to ``cell`` by name."""
    own = dict(cell.parameters_and_names())
    if own.keys() != weights.keys():
        missing, extra = sorted(weights.keys() - own.keys()), sorted(own.keys() - weights.keys())
        raise AssertionError(f"the Cell built on {backend} has other Parameters than on the reference: "
                             f"missing {missing}, extra {extra}")
    for name, param in own.items():
        param.set_data(Tensor(weights[name], param.dtype))


def _run(kind: str, model: Any, args: list, grad: bool, seed: int) -> dict[str, np.ndarray]:
    """The arrays compared for one backend: each output, each gradient, each untrainable Parameter after the
    call (BatchNorm's moving statistics after a training-mode forward)."""
    positions = tuple(i for i, a in enumerate(args) if isinstance(a, Tensor) and a.dtype.is_floating)
    named = [(n, p) for n, p in model.parameters_and_names() if p.requires_grad] if kind == "cell" else []
    weights = [p for _, p in named]
    cotangents = np.random.default_rng(seed)

    def objective(*xs):
        outs = _flat(model(*xs))
        total = None
        for out in outs:
            if out.dtype.is_floating:
                wide = dt.float64 if out.dtype is dt.float64 else dt.float32
                ct = cotangents.standard_normal(out.shape)
                term = ops.sum(ops.mul(ops.cast(out, wide), Tensor(ct, wide)))
                total = term if total is None else ops.add(total, term)
        return (total if total is not None else Tensor(0.0), *outs)

    unigrad.set_seed(seed)
    results: dict[str, np.ndarray] = {}
    if grad and (positions or weights):
        differentiate = unigrad.value_and_grad(objective, grad_position=positions or None,
                                               weights=weights or None, has_aux=True)
        (_, *outs), grads = differentiate(*args)
        input_grads, weight_grads = (grads if positions and weights else
                                     (grads, ()) if positions else ((), grads))
        # one gradient comes back bare (MindSpore's grad of a 1-tuple of positions)
        input_grads, weight_grads = [(g,) if isinstance(g, Tensor) else g for g in (input_grads, weight_grads)]
    else:
        outs, input_grads, weight_grads = _flat(model(*args)), (), ()
    for i, out in enumerate(outs):
        results[f"output {i}"] = out.asnumpy()
    for i, g in zip(positions, input_grads):
        results[f"grad wrt input {i}"] = g.asnumpy()
    for (name, _), g in zip(named, weight_grads):
        results[f"grad wrt {name}"] = g.asnumpy()
    if kind == "cell":
        for name, param in model.parameters_and_names():
            if not param.requires_grad:
                results[f"{name} after the call"] = param.asnumpy()
    return results


def assert_backends_agree(fn_or_cell: Any, *inputs: Any, backends: Sequence[str] = ("numpy", "torch", "jax"),
                          grad: bool = True, rtol: float | None = None, atol: float | None = None,
                          device: str = "cpu", seed: int = 0) -> list[Comparison]:
    """Run a model on each of ``backends`` and assert that every output, every gradient (with respect to each
    float input and each trainable Parameter, under a fixed random cotangent) and every untrainable Parameter
    after the call (BatchNorm's moving statistics, after a forward in training mode: call ``set_train()``)
    agrees with the first backend's, within ``rtol`` / ``atol`` (by dtype when None: ``compare.TOLERANCES``).

    ``fn_or_cell`` is one of:
      * a Cell: copied onto each backend with ``Cell.to_backend`` (the Cell itself is left as it was);
      * a Cell class, or a function of no arguments returning a Cell: built on each backend after
        ``set_seed(seed)``, then given the first backend's weights by Parameter name;
      * a function of the inputs, using ops only (a Cell it closes over stays on its own backend).
    ``inputs``: Tensors (moved to each backend), NumPy arrays (made Tensors there) or other values (passed
    as they are). Runs every backend on ``device`` ('cpu' or 'gpu': then name backends that have one, such
    as ``backends=("torch", "jax")``; the numpy engine runs on the CPU only). Seeds unigrad's generators with
    ``seed``, as ``set_seed`` does. Returns every row compared; raises AssertionError with the table of every
    row, failing ones marked ``!``, naming the first array that disagrees (and, with three or more backends,
    the odd one out where the others agree).
    """
    if isinstance(backends, str) or len(backends) < 2:
        raise ValueError(f"assert_backends_agree needs two or more backends to compare, got {backends!r}")
    kind, build = _builder(fn_or_cell)
    weights, outcomes = None, {}
    for name in backends:
        with unigrad.use_backend(name), unigrad.use_device(device):
            unigrad.set_seed(seed)
            model = build(name)
            if kind == "cell" and not isinstance(fn_or_cell, Cell):
                if weights is None:
                    weights = {n: p.asnumpy() for n, p in model.parameters_and_names()}
                else:
                    _give_weights(model, weights, name)
            outcomes[name] = _run(kind, model, [_on_backend(x, name) for x in inputs], grad, seed)
    reference, *others = outcomes
    rows, sections, failing = [], [], []
    for name in others:
        if outcomes[name].keys() != outcomes[reference].keys():
            raise AssertionError(f"{name} and {reference} give different arrays: {sorted(outcomes[name])} vs "
                                 f"{sorted(outcomes[reference])}")
        compared = [compare(what, outcomes[name][what], expected, rtol, atol)
                    for what, expected in outcomes[reference].items()]
        rows += compared
        sections.append(f"{name} vs {reference} (the reference):\n{table(compared)}")
        failing += [(name, row) for row in compared if not row.ok]
    if failing:
        name, first = failing[0]
        odd = _odd_one_out(first.name, outcomes, rtol, atol)
        raise AssertionError(f"backends disagree: {name} vs {reference} first on {first.name!r} (max abs diff "
                             f"{first.max_abs:.3e}, cosine {first.cosine:.6f}){odd}; {len(failing)} of {len(rows)} "
                             f"arrays compared are off\n" + "\n".join(sections))
    return rows


def _odd_one_out(what: str, outcomes: dict[str, dict[str, np.ndarray]], rtol: float | None,
                 atol: float | None) -> str:
    """Which backend stands apart on array ``what``, where three or more ran and all but one agree (the
    reference itself may be the one that is wrong); '' otherwise."""
    if len(outcomes) < 3:
        return ""
    agreeing = {b: [c for c in outcomes if c != b and compare(what, outcomes[c][what], outcomes[b][what], rtol,
                                                               atol).ok] for b in outcomes}
    alone = [b for b, others in agreeing.items() if not others]
    rest = [b for b in outcomes if b not in alone]
    if len(alone) != 1 or any(len(agreeing[b]) != len(rest) - 1 for b in rest):
        return ""
    return f"; {alone[0]} is the odd one out ({' and '.join(rest)} agree on it)"

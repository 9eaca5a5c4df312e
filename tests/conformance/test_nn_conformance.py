"""Every layer, loss, optimizer and schedule entry of ``unigrad.testing.cell_registry`` on every backend.

* layers and losses: the float64 gradient with respect to the inputs AND the trainable Parameters
  (``unigrad.grad(..., weights=cell.trainable_params())``) against central finite differences, and
  grad-of-grad with respect to the inputs; in float32, forward values, gradients and the state a forward
  pass leaves behind (BatchNorm's moving statistics) agree with the NumPy engine;
* optimizers: after three steps, parameters and optimizer state agree with the NumPy engine (float32)
  and, in float64, parameters match a NumPy transcription of MindSpore's documented update rule;
* schedules: steps 0..5 agree with the NumPy engine and with MindSpore's formula;
* coverage: a public class of ``unigrad.nn`` without an entry fails.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np
import pytest

import unigrad
from unigrad import dtype as dt
from unigrad import ops
from unigrad import Parameter, ParameterTuple, Tensor
from unigrad.testing import as_tensors, assert_close, check_second_order, cotangents, outputs_of
from unigrad.testing.cell_registry import (CELLS, EXCLUDED, OPT_STEPS, OPTIMIZERS, PARAM_SHAPES, SCHEDULE_STEPS,
                                           SCHEDULES, CellSpec, OptimizerSpec, ScheduleSpec, covered,
                                           public_classes)
# the op registry's gradient-check internals: one objective, one directional test, one exhaustive fallback
from unigrad.testing.gradcheck import _directional_ok, _objective, numeric_grad

REFERENCE = "numpy"
OTHERS = [name for name in unigrad.available_backends() if name != REFERENCE]
RTOL32 = 1e-6
ATOL32 = 1e-6

def _cases(entries: Sequence[Any], select: Callable[[Any], bool] = lambda s: True) -> list:
    return [pytest.param(s, id=s.id) for s in entries if select(s)]


def _against_numpy(entries: Sequence[Any]) -> list:
    """(other backend, entry) params, or one skipped param when only the NumPy engine is installed."""
    if not OTHERS:
        return [pytest.param(None, None, marks=pytest.mark.skip(
            reason="only the numpy backend is installed; agreement needs a second backend (torch or jax)"))]
    return [pytest.param(o, s, id=f"{o}-{s.id}") for o in OTHERS for s in entries]


def _close32(actual: np.ndarray, expected: np.ndarray, what: str) -> None:
    """float32 agreement element by element: about 5x what the Cell registry measures (2.1e-7 relative, 1.8e-7
    absolute near 0, BatchNorm and conv layers after a pass or optimizer steps)."""
    actual, expected = np.asarray(actual), np.asarray(expected)
    assert actual.dtype == expected.dtype, f"{what}: dtype {actual.dtype} != {expected.dtype}"
    expected = expected.astype(np.float64)
    assert_close(actual, expected, RTOL32, ATOL32, what)


# -- layers and losses ---------------------------------------------------------------------------------
def _cell_grads(spec: CellSpec, fn: Callable[..., Any], tensors: list[Tensor], params: list[Parameter],
                cts: list[np.ndarray]) -> list[np.ndarray]:
    """unigrad.grad of the cotangent-weighted output: input gradients, then one per trainable Parameter."""
    argnums = spec.grad_argnums([t.asnumpy() for t in tensors])
    position = argnums if argnums else None
    weights = params if params else None
    if position is None and weights is None:
        return []
    grads = unigrad.grad(_objective(fn, cts), grad_position=position, weights=weights)(*tensors)
    if position is not None and weights is not None:
        inputs, weight_grads = grads
    else:
        inputs, weight_grads = (grads, ()) if weights is None else ((), grads)
    inputs = inputs if isinstance(inputs, tuple) else (inputs,)
    weight_grads = weight_grads if isinstance(weight_grads, tuple) else (weight_grads,)
    return [g.asnumpy() for g in (*inputs, *weight_grads)]


@pytest.mark.parametrize("spec", _cases(CELLS))
def test_cell_gradient_matches_finite_differences(spec: CellSpec, backend: str) -> None:
    """Inputs and Parameters in float64: each gradient along two random directions (every element when
    that fails) against central differences, the Parameters perturbed through ``set_data``."""
    cell = spec.make(dt.float64)
    fn = spec.caller(cell)
    params = list(cell.trainable_params())
    arrays = spec.draw(dt.float64)
    argnums = spec.grad_argnums(arrays)
    tensors = as_tensors(arrays)
    cts = cotangents(fn, tensors)
    analytic = _cell_grads(spec, fn, tensors, params, cts)
    assert len(analytic) == len(argnums) + len(params), f"{spec.id}: expected a gradient per input and Parameter"
    n, originals = len(arrays), [p.asnumpy().copy() for p in params]

    def with_params(*xs: Tensor) -> Any:
        for p, w in zip(params, xs[n:]):
            p.set_data(ops.cast(w, p.dtype))
        return fn(*xs[:n])

    values = list(arrays) + [o.astype(np.float64) for o in originals]
    positions = tuple(argnums) + tuple(range(n, n + len(params)))
    labels = [f"input {i}" for i in argnums] + [f"Parameter {p.name!r}" for p in params]
    tol = spec.tolerances
    rng = np.random.default_rng(2)
    try:
        for i, a, label in zip(positions, analytic, labels):
            what = f"{spec.id}: d/d {label}, unigrad vs finite differences"
            assert a.shape == values[i].shape, f"{what}: gradient shape {a.shape} != {values[i].shape}"
            a = a.astype(np.float64)
            if not all(_directional_ok(with_params, values, i, a, cts, tol["eps"], tol["rtol"], tol["atol"], rng)
                       for _ in range(2)):
                numeric = numeric_grad(with_params, values, [i], cts, tol["eps"])[0]
                assert_close(a, numeric, tol["rtol"], tol["atol"], what)
    finally:
        for p, o in zip(params, originals):
            p.set_data(Tensor(o, p.dtype))


@pytest.mark.parametrize("spec", _cases(CELLS, lambda s: s.second_order and not s.rounds
                                        and bool(s.grad_argnums(s.draw(dt.float64)))))
def test_cell_second_order_matches_finite_differences(spec: CellSpec, backend: str) -> None:
    """grad-of-grad through the Cell (its Parameters held fixed) as Hessian-vector products."""
    arrays = spec.draw(dt.float64)
    check_second_order(spec.caller(spec.make(dt.float64)), arrays, spec.grad_argnums(arrays), name=spec.id)


def _run_cell(backend: str, spec: CellSpec, arrays: list[np.ndarray], cts: list[np.ndarray]):
    """(outputs, gradients, every Parameter after the pass) of one float32 entry on ``backend``."""
    with unigrad.use_backend(backend):
        cell = spec.make(dt.float32)
        fn = spec.caller(cell)
        tensors = as_tensors(arrays, None)
        outputs = [o.asnumpy() for o in outputs_of(fn(*tensors))]
        grads = _cell_grads(spec, fn, tensors, list(cell.trainable_params()), cts)
        state = {name: p.asnumpy() for name, p in cell.parameters_and_names()}
    return outputs, grads, state


@pytest.mark.parametrize("other, spec", _against_numpy(CELLS))
def test_cell_float32_agrees_with_numpy_engine(other: str, spec: CellSpec) -> None:
    arrays = spec.draw(dt.float32)
    with unigrad.use_backend(REFERENCE):
        cts = cotangents(spec.caller(spec.make(dt.float32)), as_tensors(arrays, None))
    expected = _run_cell(REFERENCE, spec, arrays, cts)
    actual = _run_cell(other, spec, arrays, cts)
    for kind, got, want in zip(("output", "gradient"), actual[:2], expected[:2]):
        assert len(got) == len(want), f"{spec.id} on {other}: {len(got)} {kind}s, numpy gives {len(want)}"
        for k, (a, e) in enumerate(zip(got, want)):
            _close32(a, e, f"{spec.id} on {other} vs {REFERENCE}: {kind} {k}")
    assert actual[2].keys() == expected[2].keys(), f"{spec.id}: Parameter names differ on {other}"
    for name, value in expected[2].items():
        _close32(actual[2][name], value, f"{spec.id} on {other} vs {REFERENCE}: Parameter {name!r} after the pass")


# -- optimizers ------------------------------------------------------------------------------------------
def _state(optimizer: Any) -> dict[str, np.ndarray]:
    """Every Parameter an optimizer holds (moments, beta powers, step), found through its attributes,
    independently of ``parameters_and_names`` (which a test below checks against this)."""
    found: dict[str, np.ndarray] = {}
    for attr, value in sorted(vars(optimizer).items()):
        if attr in ("parameters", "_parameters"):
            continue
        items = value if isinstance(value, ParameterTuple) else (value,) if isinstance(value, Parameter) else ()
        for p in items:
            found[p.name] = p.asnumpy()
    return found


def _run_optimizer(backend: str, spec: OptimizerSpec, dtype: dt.DType):
    """(parameters, optimizer state) as NumPy arrays after OPT_STEPS steps on ``backend``."""
    with unigrad.use_backend(backend):
        params, optimizer = spec.build(dtype)
        for step_grads in spec.gradients(dtype):
            optimizer(tuple(Tensor(g, dtype) for g in step_grads))
        return [p.asnumpy() for p in params], _state(optimizer)


@pytest.mark.parametrize("other, spec", _against_numpy(OPTIMIZERS))
def test_optimizer_float32_agrees_with_numpy_engine(other: str, spec: OptimizerSpec) -> None:
    want_params, want_state = _run_optimizer(REFERENCE, spec, dt.float32)
    got_params, got_state = _run_optimizer(other, spec, dt.float32)
    for name, a, e in zip(PARAM_SHAPES, got_params, want_params):
        _close32(a, e, f"{spec.id} on {other} vs {REFERENCE}: {name!r} after {OPT_STEPS} steps")
    assert got_state.keys() == want_state.keys(), f"{spec.id}: optimizer state names differ on {other}"
    for name, value in want_state.items():
        _close32(got_state[name], value, f"{spec.id} on {other} vs {REFERENCE}: state {name!r}")


# NumPy transcriptions of MindSpore's documented rules. The learning rate is a float32 scalar, and Adam's
# beta powers are float32 Parameters, as in MindSpore; they are rounded the same way here.
f32 = np.float32


def _plan(spec: OptimizerSpec) -> list[tuple[Callable[[int], float], float]]:
    """Per Parameter: its learning rate at a step (float32-rounded) and its effective weight decay.

    Ungrouped, MindSpore's default filter skips names holding 'beta' or 'gamma'; in a group, every
    Parameter decays with the group's value.
    """
    def lr_fn(value: Any) -> Callable[[int], float]:
        if isinstance(value, ScheduleSpec):
            return lambda step: float(f32(value.reference(step)))
        if isinstance(value, (list, tuple)):
            return lambda step: float(f32(value[min(step, len(value) - 1)]))
        return lambda step: float(f32(value))

    default_lr, default_wd = spec.options.get("learning_rate"), spec.options.get("weight_decay", 0.0)
    if spec.groups is None:
        return [(lr_fn(default_lr), 0.0 if "gamma" in n or "beta" in n else default_wd) for n in PARAM_SHAPES]
    plan = {}
    for group in spec.groups:
        for n in group["params"]:
            plan[n] = (lr_fn(group.get("lr", default_lr)), group.get("weight_decay", default_wd))
    return [plan[n] for n in PARAM_SHAPES]


def _reference(spec: OptimizerSpec, p: np.ndarray, grads: list[np.ndarray], lr_at: Callable[[int], float],
               wd: float) -> np.ndarray:
    """One Parameter after len(grads) steps of ``spec``'s rule, in float64."""
    o = spec.options
    p = p.astype(np.float64).copy()
    m = np.zeros_like(p)
    v = np.zeros_like(p)
    extra = np.zeros_like(p)
    b1p = b2p = f32(1.0)
    beta1, beta2 = o.get("beta1", 0.9), o.get("beta2", 0.999)
    for t, g in enumerate(grads):
        lr, g = lr_at(t), g.astype(np.float64)
        if spec.name not in ("AdamWeightDecay", "AdamW"):  # L2 decay into the gradient, then the loss scale
            g = (g + wd * p) / o.get("loss_scale", 1.0)
        if spec.name == "SGD":
            # v = g on the first step, then momentum v + (1 - dampening) g; nesterov: p -= lr (g + momentum v)
            mu = o.get("momentum", 0.0)
            if mu > 0:
                m = g if t == 0 else mu * m + (1 - o.get("dampening", 0.0)) * g
                g = g + mu * m if o.get("nesterov") else m
            p = p - lr * g
        elif spec.name == "Momentum":
            mu = o["momentum"]
            m = mu * m + g
            p = p - lr * (g + mu * m if o.get("use_nesterov") else m)
        elif spec.name in ("Adam", "AdamWeightDecay", "AdamW"):
            m = beta1 * m + (1 - beta1) * g
            v = beta2 * v + (1 - beta2) * g * g
            b1p, b2p = f32(b1p * f32(beta1)), f32(b2p * f32(beta2))
            if spec.name == "Adam":  # lr_t = lr sqrt(1 - beta2^t) / (1 - beta1^t); p -= lr_t m / (sqrt(v) + eps)
                lr_t = float(f32(lr) * np.sqrt(f32(1.0) - b2p) / (f32(1.0) - b1p))
                num = beta1 * m + (1 - beta1) * g if o.get("use_nesterov") else m
                p = p - lr_t * num / (np.sqrt(v) + o.get("eps", 1e-8))
            elif spec.name == "AdamWeightDecay":  # p -= lr (m / (sqrt(v) + eps) + wd p): no bias correction
                p = p - lr * (m / (np.sqrt(v) + o.get("eps", 1e-6)) + wd * p)
            else:  # PyTorch's AdamW: p *= 1 - lr wd, then the bias-corrected Adam step
                wd_all = o.get("weight_decay", 1e-2)
                p = p * (1 - lr * wd_all)
                m_hat, v_hat = m / float(1 - b1p), v / float(1 - b2p)
                p = p - lr * m_hat / (np.sqrt(v_hat) + o.get("eps", 1e-8))
        elif spec.name == "RMSProp":  # ms starts at ones; mom = momentum mom + lr g / sqrt(ms [- mg^2] + eps)
            rho, eps = o.get("decay", 0.9), o.get("epsilon", 1e-10)
            v = (np.ones_like(p) if t == 0 else v) * rho + (1 - rho) * g * g
            extra = rho * extra + (1 - rho) * g
            denom = v - extra * extra if o.get("centered") else v
            m = o.get("momentum", 0.0) * m + lr * g / np.sqrt(denom + eps)
            p = p - m
        elif spec.name == "Adagrad":  # accum starts at ``accum``; accum += g^2; p -= lr g / sqrt(accum)
            v = (np.full_like(p, o.get("accum", 0.1)) if t == 0 else v) + g * g
            p = p - lr * g / np.sqrt(v)
        else:
            raise NotImplementedError(f"no NumPy reference for {spec.name}")
    return p


@pytest.mark.parametrize("spec", _cases(OPTIMIZERS))
def test_optimizer_float64_matches_reference(spec: OptimizerSpec, backend: str) -> None:
    """rtol 1e-6, not 1e-12: MindSpore keeps the learning rate and beta powers in float32, and the
    backends may round those float32 scalars differently from NumPy in the last bit."""
    initial, grads = spec.initial_values(dt.float64), spec.gradients(dt.float64)
    got, _ = _run_optimizer(backend, spec, dt.float64)
    for k, ((name, p0), (lr_at, wd)) in enumerate(zip(initial.items(), _plan(spec))):
        expected = _reference(spec, p0, [step[k] for step in grads], lr_at, wd)
        assert got[k].dtype == np.float64, f"{spec.id}: {name!r} became {got[k].dtype}"
        assert_close(got[k], expected, 1e-6, 1e-9, f"{spec.id} on {backend}: {name!r} vs MindSpore's formula")


def test_optimizer_state_is_listed_by_parameters_and_names() -> None:
    """MindSpore lists an optimizer's moments among its Parameters (checkpoints of a training network
    hold 'moment1.<name>'), so saving and jit see them."""
    _, optimizer = OPTIMIZERS[[s.name for s in OPTIMIZERS].index("Adam")].build(dt.float32)
    names = {n for n, _ in optimizer.parameters_and_names()}
    missing = sorted(set(_state(optimizer)) - names)
    assert not missing, f"Adam's state Parameters missing from parameters_and_names: {missing}"


# -- schedules -------------------------------------------------------------------------------------------
def _schedule_values(backend: str, spec: ScheduleSpec) -> list[np.ndarray]:
    with unigrad.use_backend(backend):
        schedule = spec.build()
        return [schedule(Tensor(np.array(s, np.int32))).asnumpy() for s in SCHEDULE_STEPS]


@pytest.mark.parametrize("spec", _cases(SCHEDULES))
def test_schedule_matches_formula(spec: ScheduleSpec, backend: str) -> None:
    """float32 scalars equal to MindSpore's formula at steps 0..5 (to float32 rounding)."""
    for step, value in zip(SCHEDULE_STEPS, _schedule_values(backend, spec)):
        assert value.dtype == np.float32 and value.size == 1, f"{spec.id}: step {step} gave {value!r}"
        assert_close(value.reshape(()), np.float64(spec.reference(step)), 1e-6, 1e-8,
                     f"{spec.id} on {backend}: learning rate at step {step}")


@pytest.mark.parametrize("other, spec", _against_numpy(SCHEDULES))
def test_schedule_agrees_with_numpy_engine(other: str, spec: ScheduleSpec) -> None:
    for step, a, e in zip(SCHEDULE_STEPS, _schedule_values(other, spec), _schedule_values(REFERENCE, spec)):
        _close32(a, e, f"{spec.id} on {other} vs {REFERENCE}: step {step}")


# -- the registry itself -----------------------------------------------------------------------------------
def test_every_public_nn_class_has_an_entry() -> None:
    """A new public layer, loss, optimizer or schedule in unigrad.nn without an entry fails here."""
    kinds = public_classes()
    missing = sorted(f"{n} ({kinds[n]})" for n in set(kinds) - covered() - set(EXCLUDED))
    assert not missing, f"unigrad.nn classes without an entry in unigrad/testing/cell_registry.py: {missing}"


def test_every_entry_names_a_public_nn_class() -> None:
    stale = sorted((covered() | set(EXCLUDED)) - set(public_classes()))
    assert not stale, f"registry names that unigrad.nn does not export: {stale}"


def test_entry_ids_are_unique() -> None:
    for entries in (CELLS, OPTIMIZERS, SCHEDULES):
        ids = [s.id for s in entries]
        assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})

"""MindSpore's functional autodiff, written once on ``backend.vjp`` and ``backend.value_and_grad``.

It works on Tensors and backend arrays only, below ``unigrad.ops`` (which re-exports ``GradOperation``,
``vjp`` and ``jvp`` as MindSpore's ``ops`` namespace has them).

``grad``, ``value_and_grad``, ``GradOperation``, ``vjp``, ``jvp``, ``jacfwd`` and ``jacrev`` all start
with ``_pure``: it normalises what is differentiated and builds a pure function of the arrays being
differentiated (binding each weight Parameter to its traced array and restoring it afterwards).
``_trace`` hands that to the backend's ``vjp``, for pullbacks with any cotangents; a gradient with the
default cotangents (ones), which is every training step, goes through ``_value_and_grads`` to the
backend's ``value_and_grad``, which a backend may fuse. Return structures follow MindSpore 2.x.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

from unigrad._parameter import Parameter
from unigrad._tensor import Tensor, same_backend, wrap


# -- argument normalisation ---------------------------------------------------------------------
def _positions(grad_position: Any) -> tuple[tuple[int, ...] | None, bool]:
    """(positions, single): ``single`` when one gradient is returned bare (an int or a 1-tuple)."""
    if grad_position is None:
        return None, False
    if isinstance(grad_position, bool) or not isinstance(grad_position, (int, tuple)):
        raise TypeError(f"grad_position must be an int or a tuple of ints, got {type(grad_position).__name__}")
    positions = (grad_position,) if isinstance(grad_position, int) else grad_position
    if not positions:
        raise ValueError("grad_position must not be an empty tuple")
    for p in positions:
        if isinstance(p, bool) or not isinstance(p, int):
            raise TypeError(f"grad_position must hold ints, got {type(p).__name__} in {grad_position!r}")
        if p < 0:
            raise ValueError(f"grad_position must be >= 0, got {grad_position!r}")
    if len(set(positions)) != len(positions):
        raise ValueError(f"grad_position {grad_position!r} has duplicate positions")
    return positions, len(positions) == 1


def _backend_of(inputs: list, args: Sequence[Any], weights: Sequence[Parameter]):
    """The one backend of what is differentiated: the Tensors ``inputs`` (taken from ``args``) and ``weights``.

    ``weights`` share one backend already (``_weights`` checked it), so the first stands for all; a
    training step differentiates weights only and reads it straight off. With nothing to differentiate,
    the backend of the Tensors among ``args`` (the current one when there are none)."""
    if not inputs:
        if weights:
            return weights[0]._backend
        return same_backend([a for a in args if isinstance(a, Tensor)])
    return same_backend(inputs + list(weights[:1]))


def _weights(weights: Any) -> tuple[tuple[Parameter, ...] | None, bool]:
    """(parameters, single): a lone Parameter gives a bare gradient, a list or tuple a tuple.

    A Parameter's backend and dtype never change (``set_data`` and ``assign`` keep both), so they are
    checked here, once, rather than on every call of the gradient function."""
    if weights is None:
        return None, False
    if isinstance(weights, Parameter):
        params, single = (weights,), True
    elif isinstance(weights, (list, tuple)):
        for w in weights:
            if not isinstance(w, Parameter):
                raise TypeError(f"weights must be Parameters, got {type(w).__name__}")
        params, single = tuple(weights), False
    else:
        raise TypeError(f"weights must be a Parameter, a list or a ParameterTuple, got {type(weights).__name__}")
    same_backend(params)
    for w in params:
        if not w.dtype.is_floating:
            raise TypeError(f"cannot differentiate with respect to Parameter {w.name!r} of dtype {w.dtype}")
    return params, single


def _check_both(positions, weights) -> None:
    if positions is None and weights is None:
        raise ValueError("grad_position and weights cannot both be None; say what to differentiate")


def _outputs_tuple(out: Any) -> tuple[tuple, bool]:
    """(flat Tensors, was_sequence) of what a differentiated function returned."""
    items = tuple(out) if isinstance(out, (tuple, list)) else (out,)
    for o in items:
        if not isinstance(o, Tensor):
            raise TypeError(f"a differentiated function must return Tensors (or a tuple of them), "
                            f"got {type(o).__name__}")
    return items, isinstance(out, (tuple, list))


# -- the core ---------------------------------------------------------------------------------------
class _Traced:
    """The outcome of tracing one call: the values, and a vjp over the differentiated arrays."""

    # no attribute may refer back to the instance (a bound method would): a reference cycle per step
    # would leave each step's graph to the garbage collector
    __slots__ = ("backend", "outputs", "aux", "_vjp_fn", "was_sequence", "_where")

    def __init__(self, backend, outputs, aux, vjp_fn, was_sequence, where):
        self.backend = backend
        self.outputs = tuple([wrap(o, backend) for o in outputs])
        self.aux = tuple([wrap(a, backend) for a in aux]) if aux else ()
        self._vjp_fn = vjp_fn
        self.was_sequence = was_sequence
        self._where = where  # (positions, differentiated positions, args): see _split_grads

    def pullback(self, cotangents: Sequence[Any] | None, last: bool = False) -> tuple[list, list]:
        """(input grads, weight grads) for one cotangent per output (ones when None).

        ``last``: no pullback follows, so a backend may free what it kept for the backward pass."""
        backend = self.backend
        cts = None  # the outputs themselves: the backend makes the ones
        if cotangents is not None:
            cts = []
            for o, ct in zip(self.outputs, cotangents):
                if ct is None or not o.dtype.is_floating:
                    cts.append(None)
                    continue
                if not isinstance(ct, Tensor):
                    ct = wrap(backend.asarray(np.asarray(ct), o.dtype), backend)
                elif ct._backend is not backend:
                    raise TypeError(f"the sensitivity is on backend {ct.backend!r}, the outputs on {backend.name!r}")
                if ct.shape != o.shape:
                    raise ValueError(f"sensitivity shape {ct.shape} does not match the output shape {o.shape}")
                cts.append(ct._data if ct.dtype is o.dtype else backend.cast(ct._data, o.dtype))
        return _split_grads(self._vjp_fn(cts, retain=not last), backend, *self._where)


def _split_grads(grads: Sequence[Any], backend, positions: Sequence[int], differentiated: Sequence[int],
                 args: tuple) -> tuple[list, list]:
    """(input grads, weight grads), wrapped, from the backend's gradients of the ``differentiated``
    inputs then the weights; zeros at the int inputs GradOperation(get_all=True) skipped."""
    grads = [wrap(g, backend) for g in grads]
    n = len(differentiated)
    input_grads, weight_grads = (grads[:n], grads[n:]) if n else ([], grads)
    if n != len(positions):
        it = iter(input_grads)
        input_grads = [next(it) if p in differentiated else _zeros_like(args[p]) for p in positions]
    return input_grads, weight_grads


def _pure(fn: Callable, args: tuple, positions: Sequence[int], weights: Sequence[Parameter], has_aux: bool,
          int_inputs_give_zeros: bool):
    """``fn(*args)`` as a pure function of the arrays differentiated, ready for the backend.

    Differentiates ``args[positions]`` and ``weights`` (checked by ``_weights``: Parameters of float
    dtype on one backend). Returns (backend, primals, pure, diff_positions, was_sequence): ``pure``
    binds each weight to its traced array and restores it afterwards, and returns (outputs, aux) as
    arrays; ``was_sequence`` gets whether ``fn`` returned a tuple once ``pure`` has run."""
    diff_positions = []
    for p in positions:
        if p >= len(args):
            raise RuntimeError(f"grad_position {p} is past the inputs: the function got {len(args)} "
                               f"input(s), so positions 0..{len(args) - 1} exist")
        x = args[p]
        if not isinstance(x, Tensor):
            raise TypeError(f"input {p} is a {type(x).__name__}; only Tensors can be differentiated")
        if not x.dtype.is_floating:
            if int_inputs_give_zeros:
                continue
            raise TypeError(f"cannot differentiate with respect to input {p} of dtype {x.dtype}; "
                            f"only float Tensors have gradients")
        diff_positions.append(p)
    inputs = [args[p] for p in diff_positions]
    backend = _backend_of(inputs, args, weights)
    saved = [w._data for w in weights]
    n_pos = len(diff_positions)
    primals = [x._data for x in inputs] + saved if n_pos else saved
    was_sequence = []

    def pure(*arrays):
        call_args = args
        if n_pos:
            call_args = list(args)
            for p, a in zip(diff_positions, arrays):
                call_args[p] = wrap(a, backend)
        bound = arrays[n_pos:] if n_pos else arrays
        for w, a in zip(weights, bound):
            w._data = a
        try:
            out = fn(*call_args)
        finally:
            for w, a, s in zip(weights, bound, saved):
                if w._data is a:  # the function did not assign it: restore
                    w._data = s
        items, sequence = _outputs_tuple(out)
        was_sequence.append(sequence)
        if has_aux:
            if len(items) < 2:
                raise ValueError("has_aux=True needs the function to return more than one output "
                                 f"(the first is differentiated, the rest are aux); it returned {len(items)}")
            return (items[0]._data,), tuple([a._data for a in items[1:]])
        return tuple([o._data for o in items]), ()

    return backend, primals, pure, diff_positions, was_sequence


def _trace(fn: Callable, args: tuple, positions: Sequence[int], weights: Sequence[Parameter],
           has_aux: bool, int_inputs_give_zeros: bool = False) -> _Traced:
    """Run ``fn(*args)`` under the backend's vjp, differentiating ``args[positions]`` and ``weights``,
    for pullbacks with any cotangents (``_pure`` says what is checked)."""
    backend, primals, pure, diff_positions, was_sequence = _pure(fn, args, positions, weights, has_aux,
                                                                 int_inputs_give_zeros)
    outputs, vjp_fn, aux = backend.vjp(pure, primals)
    return _Traced(backend, outputs, aux, vjp_fn, was_sequence[0], (positions, diff_positions, args))


def _value_and_grads(fn: Callable, args: tuple, positions: Sequence[int], weights: Sequence[Parameter],
                     has_aux: bool, int_inputs_give_zeros: bool = False) -> tuple[Any, list, list]:
    """(value, input grads, weight grads) of ``fn(*args)``, every output's cotangent ones: ``_trace``
    and one pullback, fused into the backend's ``value_and_grad`` (the path of every training step)."""
    backend, primals, pure, diff_positions, was_sequence = _pure(fn, args, positions, weights, has_aux,
                                                                 int_inputs_give_zeros)
    outputs, aux, grads = backend.value_and_grad(pure, primals)
    values = tuple([wrap(v, backend) for v in outputs + aux])
    return (_value_of(values, was_sequence[0]), *_split_grads(grads, backend, positions, diff_positions, args))


def _zeros_like(t: Tensor) -> Tensor:
    return wrap(t._backend.full(t.shape, 0, t.dtype), t._backend)


def _split_sens(args: tuple, sens_param: bool) -> tuple[tuple, Any]:
    if not sens_param:
        return args, None
    if not args:
        raise TypeError("sens_param=True: pass the sensitivity as the last positional argument")
    return args[:-1], args[-1]


def _cotangents(traced: _Traced, sens: Any) -> Sequence[Any] | None:
    if sens is None:
        return None
    if len(traced.outputs) == 1:
        return (sens[0] if isinstance(sens, (tuple, list)) and len(sens) == 1 else sens,)
    if not isinstance(sens, (tuple, list)) or len(sens) != len(traced.outputs):
        raise ValueError(f"the sensitivity must be a tuple of {len(traced.outputs)} Tensors, one per output")
    return tuple(sens)


def _assemble(input_grads, weight_grads, positions, pos_single, weights, w_single, return_ids):
    """MindSpore's shape of the result: bare when single, tuples otherwise, a pair when both."""
    parts = []
    if positions is not None:
        tagged = list(zip(positions, input_grads)) if return_ids else input_grads
        parts.append(tagged[0] if pos_single else tuple(tagged))
    if weights is not None:
        tagged = [(w.name, g) for w, g in zip(weights, weight_grads)] if return_ids else weight_grads
        parts.append(tagged[0] if w_single else tuple(tagged))
    return parts[0] if len(parts) == 1 else tuple(parts)


def _value_of(values: tuple, was_sequence: bool) -> Any:
    """What value_and_grad returns as the value: the outputs then aux, bare when fn returned one Tensor."""
    return values if was_sequence else values[0]


def _value(traced: _Traced) -> Any:
    return _value_of(traced.outputs + traced.aux, traced.was_sequence)


# -- public API -----------------------------------------------------------------------------------
def value_and_grad(fn: Callable, grad_position: Any = 0, weights: Any = None, has_aux: bool = False,
                   return_ids: bool = False, *, sens_param: bool = False) -> Callable:
    """A function returning ``(fn(*args), gradients)``; see ``grad`` for what is differentiated.

    With has_aux the value is every output ``(out0, *aux)``; only ``out0`` is differentiated.
    """
    positions, pos_single = _positions(grad_position)
    params, w_single = _weights(weights)
    _check_both(positions, params)

    def value_and_grad_fn(*args):
        args, sens = _split_sens(args, sens_param)
        if sens is None:
            value, input_grads, weight_grads = _value_and_grads(fn, args, positions or (), params or (), has_aux)
        else:
            traced = _trace(fn, args, positions or (), params or (), has_aux)
            input_grads, weight_grads = traced.pullback(_cotangents(traced, sens), last=True)
            value = _value(traced)
        return value, _assemble(input_grads, weight_grads, positions, pos_single, params, w_single, return_ids)

    return value_and_grad_fn


def grad(fn: Callable, grad_position: Any = 0, weights: Any = None, has_aux: bool = False,
         return_ids: bool = False, *, sens_param: bool = False) -> Callable:
    """The gradient function of ``fn``, MindSpore's ``mindspore.grad``.

    * ``grad_position``: an int or a 1-tuple gives one Tensor, a longer tuple a tuple, None no input grads;
    * ``weights``: a Parameter gives one Tensor, a list or ParameterTuple a tuple;
      with both, the result is ``(input_grads, weight_grads)``;
    * every output of a tuple-returning ``fn`` is differentiated with ones and the gradients summed,
      unless ``has_aux``: then only the first is, and the result is ``(grads, aux_tuple)``;
    * ``return_ids`` pairs each gradient with its position or Parameter name;
    * ``sens_param``: the last positional argument is the sensitivity (cotangent) of the outputs.
    """
    value_and_grad_fn = value_and_grad(fn, grad_position, weights, has_aux, return_ids, sens_param=sens_param)

    def grad_fn(*args):
        value, grads = value_and_grad_fn(*args)
        if has_aux:
            return grads, tuple(value[1:])
        return grads

    return grad_fn


class GradOperation:
    """MindSpore's ``ops.GradOperation``: a higher-order function producing gradient functions.

    ``GradOperation()(net)(x, y)`` is the gradient for the first input; ``get_all`` gives a tuple over
    all inputs (an int input gets zeros); ``get_by_list`` differentiates the Parameters passed as
    ``grad_op(net, params)`` (a Cell's trainable ones when none are passed); both give
    ``(input_grads, param_grads)``; ``sens_param`` takes the sensitivity as an extra last argument.
    """

    def __init__(self, get_all: bool = False, get_by_list: bool = False, sens_param: bool = False) -> None:
        for name, value in (("get_all", get_all), ("get_by_list", get_by_list), ("sens_param", sens_param)):
            if not isinstance(value, bool):
                raise TypeError(f"For 'GradOperation', the '{name}' should be bool, but got {type(value).__name__}")
        self.get_all = get_all
        self.get_by_list = get_by_list
        self.sens_param = sens_param

    def __call__(self, fn: Callable, weights: Any = None) -> Callable:
        params, w_single = None, False
        if self.get_by_list:
            if weights is None:
                weights = fn.trainable_params() if hasattr(fn, "trainable_params") else ()
            params, w_single = _weights(weights)

        def grad_fn(*args):
            args, sens = _split_sens(args, self.sens_param)
            if self.get_all:
                positions = tuple(range(len(args)))
            elif self.get_by_list:
                positions = ()
            else:
                positions = (0,)
            if sens is None:
                _, input_grads, weight_grads = _value_and_grads(fn, args, positions, params or (), False,
                                                                int_inputs_give_zeros=self.get_all)
            else:
                traced = _trace(fn, args, positions, params or (), False, int_inputs_give_zeros=self.get_all)
                input_grads, weight_grads = traced.pullback(_cotangents(traced, sens), last=True)
            param_part = (weight_grads[0] if w_single else tuple(weight_grads)) if self.get_by_list else None
            if self.get_all and self.get_by_list:
                return tuple(input_grads), param_part
            if self.get_all:
                return tuple(input_grads)
            if self.get_by_list:
                return param_part
            return input_grads[0]

        return grad_fn


def _unwrap_aux(aux: tuple) -> Any:
    return aux[0] if len(aux) == 1 else aux


def vjp(fn: Callable, *inputs: Tensor, weights: Any = None, has_aux: bool = False):
    """``(outputs, vjp_fn)`` (and ``aux`` with has_aux, unwrapped when single), as MindSpore's ops.vjp.

    ``vjp_fn(v)`` returns a tuple of input gradients, or ``(input_grads, weight_grads)`` with weights.
    """
    params, w_single = _weights(weights)
    traced = _trace(fn, inputs, tuple(range(len(inputs))), params or (), has_aux)

    def vjp_fn(*v):
        cts = v[0] if len(v) == 1 and isinstance(v[0], (tuple, list)) else v
        input_grads, weight_grads = traced.pullback(_cotangents(traced, cts))
        if params is None:
            return tuple(input_grads)
        return tuple(input_grads), (weight_grads[0] if w_single else tuple(weight_grads))

    value = _value(traced) if not has_aux else traced.outputs[0]
    if has_aux:
        return value, vjp_fn, _unwrap_aux(traced.aux)
    return value, vjp_fn


def _as_tuple(x: Any) -> tuple:
    return tuple(x) if isinstance(x, (tuple, list)) else (x,)


def _linearize(fn: Callable, inputs: tuple, positions: tuple, has_aux: bool):
    """(traced, jvp_fn): the forward pass, and tangents of ``inputs[positions]`` -> output tangents.

    ``u -> vjp_fn(u)`` is linear, so differentiating it with respect to ``u`` (cotangent: the
    tangents) gives the Jacobian-vector product; this needs only the backend's vjp, applied twice.
    """
    traced = _trace(fn, inputs, positions, (), has_aux)

    def input_grads(*cotangents):
        return tuple(_trace(fn, inputs, positions, (), has_aux).pullback(cotangents)[0])

    def jvp_fn(tangents: tuple) -> tuple:
        u = tuple(_zeros_like(o) for o in traced.outputs)
        return tuple(_trace(input_grads, u, tuple(range(len(u))), (), False).pullback(tangents)[0])

    return traced, jvp_fn


def jvp(fn: Callable, inputs: Any, v: Any, has_aux: bool = False):
    """``(outputs, jvp_out)`` (and ``aux``), as MindSpore's ops.jvp; inputs and v: a Tensor or a tuple."""
    inputs_t, tangents = _as_tuple(inputs), _as_tuple(v)
    if len(inputs_t) != len(tangents):
        raise ValueError(f"jvp got {len(inputs_t)} inputs but {len(tangents)} tangents")
    traced, jvp_fn = _linearize(fn, inputs_t, tuple(range(len(inputs_t))), has_aux)
    out_tangents = jvp_fn(tangents)
    single = not traced.was_sequence or has_aux
    value = traced.outputs[0] if single else traced.outputs
    tangent = out_tangents[0] if single else out_tangents
    if has_aux:
        return value, tangent, _unwrap_aux(traced.aux)
    return value, tangent


def _jacobian(fn: Callable, grad_position: Any, has_aux: bool, forward: bool) -> Callable:
    positions, pos_single = _positions(grad_position)
    if positions is None:
        raise ValueError("grad_position cannot be None for a Jacobian")

    def jac_fn(*args):
        for p in positions:
            if p >= len(args):
                raise RuntimeError(f"grad_position {p} is past the {len(args)} input(s)")
        if forward:
            traced, jvp_fn = _linearize(fn, args, positions, has_aux)
        else:
            traced = _trace(fn, args, positions, (), has_aux)
        outputs = traced.outputs
        # blocks[k][j]: d output k / d input positions[j], shaped out.shape + in.shape
        if forward:
            per_position = []
            for p in positions:
                columns = []
                for e in range(max(args[p].size, 1)):
                    tangents = [_one_hot(args[q], e) if q == p else _zeros_like(args[q]) for q in positions]
                    columns.append(jvp_fn(tuple(tangents)))
                per_position.append([_stacked([c[k] for c in columns], outputs[k].shape + args[p].shape, last=True)
                                     for k in range(len(outputs))])
            blocks = [[per_position[j][k] for j in range(len(positions))] for k in range(len(outputs))]
        else:
            blocks = []
            for k, out in enumerate(outputs):
                rows = []
                for e in range(max(out.size, 1)):
                    cts = [_zeros_like(o) for o in outputs]
                    cts[k] = _one_hot(out, e)
                    rows.append(traced.pullback(cts)[0])
                blocks.append([_stacked([r[j] for r in rows], out.shape + args[p].shape)
                               for j, p in enumerate(positions)])
        per_output = [b[0] if pos_single else tuple(b) for b in blocks]
        single_out = not traced.was_sequence or has_aux
        result = per_output[0] if single_out else tuple(per_output)
        if has_aux:
            return result, _unwrap_aux(traced.aux)
        return result

    return jac_fn


def _one_hot(like: Tensor, flat_index: int) -> Tensor:
    basis = np.zeros(like.size, dtype=like.dtype.numpy)
    basis[flat_index] = 1
    return wrap(like._backend.asarray(basis.reshape(like.shape), like.dtype), like._backend)


def _stacked(tensors: list, shape: tuple, last: bool = False) -> Tensor:
    """Tensors of one shape stacked on a new first (or last) axis, then reshaped to ``shape``."""
    backend = tensors[0]._backend
    axis = tensors[0].ndim if last else 0
    parts = [backend.reshape(t._data, t.shape + (1,) if last else (1,) + t.shape) for t in tensors]
    return wrap(backend.reshape(backend.concat(parts, axis), shape), backend)


def jacrev(fn: Callable, grad_position: Any = 0, has_aux: bool = False) -> Callable:
    """The Jacobian by reverse mode (one vjp per output element), shaped out.shape + in.shape."""
    return _jacobian(fn, grad_position, has_aux, forward=False)


def jacfwd(fn: Callable, grad_position: Any = 0, has_aux: bool = False) -> Callable:
    """The Jacobian by forward mode (one jvp per input element), shaped out.shape + in.shape."""
    return _jacobian(fn, grad_position, has_aux, forward=True)

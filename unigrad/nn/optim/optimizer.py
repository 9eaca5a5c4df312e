"""The Optimizer base: parameter groups, learning rates (float, list, Tensor or schedule), weight decay
and loss scale, as MindSpore's ``nn.Optimizer``. ``optimizer(grads)`` updates the parameters in place
through ``ops.assign``, ``assign_add`` and ``assign_sub``, as does every state update (moments, the step
count); the state are Parameters, so ``unigrad.jit`` threads them through a compiled step."""
from __future__ import annotations

import functools
import inspect
from typing import Any, Callable, Iterable, Sequence

import numpy as np

from unigrad import backends
from unigrad import dtype as dt
from unigrad import ops
from unigrad.common.initializer import initializer
from unigrad.nn.cell import Cell
from unigrad.ops._assign import assign_sub_scaled
from unigrad.nn.learning_rate_schedule import LearningRateSchedule
from unigrad._parameter import Parameter, ParameterTuple
from unigrad._tensor import Tensor

LrFn = Callable[[Tensor], "Tensor | float"]


def _lr_fn(owner: str, learning_rate: Any) -> LrFn:
    """A function of the global step giving the learning rate: a float32 scalar Tensor, or a Python float
    for a constant one (an update multiplies by it as by a Float32 scalar, one op cheaper)."""
    if isinstance(learning_rate, LearningRateSchedule):
        return lambda step: ops.reshape(ops.cast(learning_rate(step), dt.float32), ())
    if isinstance(learning_rate, (int, float)) and not isinstance(learning_rate, bool):
        if learning_rate < 0:
            raise ValueError(f"For '{owner}', the 'learning_rate' must be >= 0, but got {learning_rate}")
        value = float(np.float32(learning_rate))
        return lambda step: value
    if isinstance(learning_rate, Tensor) and learning_rate.ndim == 0:
        value = ops.cast(learning_rate, dt.float32)
        return lambda step: value
    if isinstance(learning_rate, (list, tuple)) or (isinstance(learning_rate, Tensor) and learning_rate.ndim == 1):
        values = np.asarray(learning_rate.asnumpy() if isinstance(learning_rate, Tensor) else learning_rate,
                            np.float32)
        if values.size == 0:
            raise ValueError(f"For '{owner}', a list 'learning_rate' must not be empty")
        table = Tensor(values, dt.float32)
        last = values.size - 1
        # indexed with a Tensor, never read back to Python, so it also works under unigrad.jit
        return lambda step: table[ops.minimum(ops.reshape(step, ()), last)]
    raise TypeError(f"For '{owner}', the 'learning_rate' must be a float, a list, a Tensor of 0 or 1 dims or a "
                    f"LearningRateSchedule, but got {type(learning_rate).__name__}")


def _check_backend(owner: str, params: list[Parameter]) -> None:
    """TypeError naming both backends when the parameters are not all on the current backend: the
    optimizer's state (moments, step count) is made there, and would meet the parameters at the first step."""
    current = backends.current()
    for param in params:
        if param._backend is not current:
            raise TypeError(f"For '{owner}', the Parameter {param.name!r} is on backend {param.backend!r} but the "
                            f"current backend is {current.name!r}; build the network and its optimizer under one "
                            f"backend (with unigrad.use_backend({param.backend!r}): ...)")


def _check_wd(owner: str, weight_decay: Any) -> float:
    if isinstance(weight_decay, bool) or not isinstance(weight_decay, (int, float)) or weight_decay < 0:
        raise ValueError(f"For '{owner}', the 'weight_decay' must be a float >= 0, but got {weight_decay!r}")
    return float(weight_decay)



def opt_init_args_register(fn: Callable[..., None]) -> Callable[..., None]:
    """MindSpore's decorator for an optimizer's ``__init__``: before it runs, the call's arguments are kept on
    the optimizer as ``init_params`` ({'params': ...}, also taken from a wrapped ``optimizer``),
    ``init_learning_rate`` (a Tensor as a list, None for a schedule) and ``init_args`` (the rest)."""
    signature = inspect.signature(fn)

    @functools.wraps(fn)
    def deco(self: Any, *args: Any, **kwargs: Any) -> None:
        bound = signature.bind(self, *args, **kwargs)
        bound.apply_defaults()
        arguments = dict(bound.arguments)
        arguments.pop("self")
        if "params" in arguments:
            object.__setattr__(self, "init_params", {"params": arguments.pop("params")})
        if "optimizer" in arguments:
            object.__setattr__(self, "init_params", {"params": arguments.pop("optimizer").init_params["params"]})
        if "learning_rate" in arguments:
            rate = arguments.pop("learning_rate")
            if isinstance(rate, Tensor):
                rate = rate.asnumpy().tolist()
            object.__setattr__(self, "init_learning_rate", None if isinstance(rate, Cell) else rate)
        object.__setattr__(self, "init_args", arguments)
        fn(self, *args, **kwargs)
    return deco

class Optimizer(Cell):
    """Base of every optimizer; subclasses write ``_update(index, param, grad, lr)``."""

    def __init__(self, learning_rate: Any, parameters: Iterable[Any], weight_decay: float = 0.0,
                 loss_scale: float = 1.0) -> None:
        super().__init__(auto_prefix=False)
        owner = type(self).__name__
        items = list(parameters)
        if not items:
            raise ValueError(f"For '{owner}', the argument 'params' must not be empty")
        if isinstance(loss_scale, bool) or not isinstance(loss_scale, (int, float)) or loss_scale <= 0:
            raise ValueError(f"For '{owner}', the 'loss_scale' must be a positive number, but got {loss_scale!r}")
        self.loss_scale = float(loss_scale)
        self.is_group = isinstance(items[0], dict)
        params: list[Parameter] = []
        self._lr_fns: list[LrFn] = []
        self._weight_decays: list[float] = []
        self._decay_flags: list[bool] = []
        default_lr, default_wd = _lr_fn(owner, learning_rate), _check_wd(owner, weight_decay)
        order = None
        groups = items if self.is_group else [{"params": items}]
        for group in groups:
            if not isinstance(group, dict):
                raise TypeError(f"For '{owner}', grouped 'params' must all be dicts, but got {type(group).__name__}")
            if "order_params" in group:
                order = list(group["order_params"])
                continue
            unknown = set(group) - {"params", "lr", "weight_decay", "grad_centralization"}
            if unknown:
                raise ValueError(f"For '{owner}', a parameter group has unknown keys {sorted(unknown)}; allowed: "
                                 f"'params', 'lr', 'weight_decay', 'grad_centralization', 'order_params'")
            lr = _lr_fn(owner, group["lr"]) if "lr" in group else default_lr
            wd = _check_wd(owner, group["weight_decay"]) if "weight_decay" in group else default_wd
            for param in group["params"]:
                if not isinstance(param, Parameter):
                    raise TypeError(f"For '{owner}', 'params' must hold Parameters, but got {type(param).__name__}")
                if any(param is p for p in params):
                    raise RuntimeError(f"For '{owner}', the Parameter {param.name!r} appears in more than one group")
                params.append(param)
                self._lr_fns.append(lr)
                self._weight_decays.append(wd)
                # MindSpore decays every parameter of a group with weight_decay > 0, but (ungrouped) skips
                # parameters whose names hold 'beta' or 'gamma' (normalisation shifts and scales)
                self._decay_flags.append(wd > 0 if self.is_group else
                                         wd > 0 and "beta" not in param.name and "gamma" not in param.name)
        if order is not None:
            position = {id(p): i for i, p in enumerate(params)}
            if {id(p) for p in order} != set(position):
                raise ValueError(f"For '{owner}', 'order_params' must hold exactly the grouped parameters")
            idx = [position[id(p)] for p in order]
            params = [params[i] for i in idx]
            self._lr_fns = [self._lr_fns[i] for i in idx]
            self._weight_decays = [self._weight_decays[i] for i in idx]
            self._decay_flags = [self._decay_flags[i] for i in idx]
        _check_backend(owner, params)
        self.parameters = ParameterTuple(params)
        self._parameters = self.parameters
        self.weight_decay = default_wd
        self.learning_rate = learning_rate
        self.global_step = Parameter(Tensor(np.array([0], np.int32)), name="global_step", requires_grad=False)
        self.global_step_increase_tensor = Tensor(np.array([1], np.int32))
        # constant learning rates (Python floats) are the same every step: worked out once
        constants = [fn(self.global_step) for fn in self._lr_fns]
        self._constant_lrs = tuple(constants) if all(type(lr) is float for lr in constants) else None
        self._one_lr = constants[0] if self._constant_lrs and constants.count(constants[0]) == len(constants) else None

    def _set_learning_rate(self, value: float) -> None:
        """Sets a constant learning rate (for ``ReduceLROnPlateau`` and ``LearningRateScheduler``). The first
        call makes it a Parameter, as MindSpore's is, so a compiled step reads it as state and sees later
        changes; a grouped or scheduled learning rate cannot be set (ValueError, as MindSpore's callbacks)."""
        if self.is_group or not isinstance(self.learning_rate, (int, float, Parameter)) \
                or isinstance(self.learning_rate, bool):
            raise ValueError(f"For '{type(self).__name__}', only a single constant learning rate can be changed "
                             f"during training, not a grouped, list or scheduled one")
        if not isinstance(self.learning_rate, Parameter):
            self.learning_rate = Parameter(Tensor(np.float32(value)), name="learning_rate", requires_grad=False)
            lr = self.learning_rate
            self._lr_fns = [lambda step: lr] * len(self._lr_fns)
            self._constant_lrs = self._one_lr = None
        else:
            self.learning_rate.set_data(Tensor(np.float32(value)))

    # -- state helpers ----------------------------------------------------------------------------
    def _clone_state(self, prefix: str, init: Any = "zeros") -> ParameterTuple:
        """One state Parameter per parameter, named ``prefix.param_name`` as MindSpore's ``clone``."""
        return ParameterTuple(Parameter(initializer(init, p.shape, p.dtype), name=f"{prefix}.{p.name}",
                                        requires_grad=False) for p in self._parameters)

    def get_lr(self) -> Tensor | tuple[Tensor, ...]:
        """The learning rate(s) of the current step: one Tensor, or one per parameter when grouped."""
        lrs = tuple(lr if isinstance(lr, Tensor) else Tensor(lr, dt.float32)
                    for lr in (fn(self.global_step) for fn in self._lr_fns))
        return lrs if self.is_group else lrs[0]

    def decay_weight(self, gradients: Sequence[Tensor]) -> tuple[Tensor, ...]:
        if not any(self._decay_flags):
            return tuple(gradients)
        return tuple(g + p * wd if flag else g for p, g, wd, flag in
                     zip(self._parameters, gradients, self._weight_decays, self._decay_flags))

    def scale_grad(self, gradients: Sequence[Tensor]) -> tuple[Tensor, ...]:
        return tuple(gradients) if self.loss_scale == 1.0 else tuple(g * (1.0 / self.loss_scale) for g in gradients)

    def _check_grads(self, gradients: Any) -> tuple[Tensor, ...]:
        gradients = tuple(gradients)
        if len(gradients) != len(self._parameters):
            raise ValueError(f"For '{type(self).__name__}', got {len(gradients)} gradients for "
                             f"{len(self._parameters)} parameters")
        return gradients

    def _advance(self) -> tuple[Tensor | float, ...]:
        """The per-parameter learning rates of this step; then the step count moves on."""
        lrs = self._constant_lrs or tuple(fn(self.global_step) for fn in self._lr_fns)
        ops.assign_add(self.global_step, self.global_step_increase_tensor)
        return lrs

    def construct(self, gradients: Sequence[Tensor]) -> bool:
        gradients = self.scale_grad(self.decay_weight(self._check_grads(gradients)))
        lrs = self._advance()
        self._before_updates()
        for i, (param, grad, lr) in enumerate(zip(self._parameters, gradients, lrs)):
            self._update(i, param, grad, lr)
        return True

    def _descend(self, directions: Sequence[Tensor], lrs: Sequence[Tensor | float]) -> None:
        """``param -= lr * direction`` for every parameter (SGD's and Momentum's step): one op for the whole
        step when the learning rate is one constant (``assign_sub_scaled``), else an update per parameter."""
        if self._one_lr is not None:
            assign_sub_scaled(self._parameters, directions, self._one_lr)
            return
        for param, direction, lr in zip(self._parameters, directions, lrs):
            ops.assign_sub(param, direction * lr)

    def _before_updates(self) -> None:
        """Per-step state shared by all parameters (Adam's beta powers)."""

    def _update(self, i: int, param: Parameter, grad: Tensor, lr: Tensor) -> None:
        raise NotImplementedError(f"{type(self).__name__} must define _update")

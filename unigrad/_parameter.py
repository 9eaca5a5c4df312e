"""Parameter and ParameterTuple: the Tensors a Cell trains (MindSpore's ``mindspore.common.parameter``)."""
from __future__ import annotations

from typing import Any, Iterable

from unigrad._tensor import Tensor

# Bumped whenever a Parameter or ParameterTuple is made or a Cell gains or loses a Parameter or sub-Cell:
# unigrad.jit looks for the Parameters a function reaches again only after such a change.
_generation = [0]


def parameters_changed() -> None:
    _generation[0] += 1


def generation() -> int:
    """How many times Parameters were made or rearranged (``parameters_changed``) so far."""
    return _generation[0]


class Parameter(Tensor):
    """A Tensor that a Cell trains: it has a name and a requires_grad flag, and its data can be replaced.

    Optimizers and layers change a Parameter in place through ``ops.assign``, ``assign_add`` and
    ``assign_sub``; ``set_data`` replaces its array (``x[i] = v`` goes through it)."""

    __slots__ = ("name", "requires_grad")

    def __init__(self, default_input: Any, name: str | None = None, requires_grad: bool = True,
                 layerwise_parallel: bool = False, parallel_optimizer: bool = True) -> None:
        if name is not None and not isinstance(name, str):
            raise ValueError(f"Parameter name must be a str or None, got {type(name).__name__}")  # MindSpore's type
        if not isinstance(requires_grad, bool):
            raise TypeError(f"requires_grad must be a bool, got {type(requires_grad).__name__}")
        if hasattr(default_input, "to_tensor") and not isinstance(default_input, Tensor):
            # an Initializer (unigrad.common.initializer), known by its method: its package, mindspore.common,
            # holds Parameter too, so this module cannot import it
            default_input = default_input.to_tensor()
        if isinstance(default_input, (int, float)) and not isinstance(default_input, bool):
            default_input = Tensor(default_input)
        super().__init__(default_input)
        self.name = "Parameter" if name is None else name
        self.requires_grad = requires_grad
        parameters_changed()

    def set_data(self, data: Any, slice_shape: bool = False) -> "Parameter":
        """Replace the data; the shape and dtype stay those of the Parameter.

        The Parameter takes ``data``'s array as it is (no copy); ``ops.assign`` copies into the
        Parameter's own memory instead, as optimizers' in-place updates do."""
        new = data if isinstance(data, Tensor) else Tensor(data, self.dtype)
        if new._backend is not self._backend:
            raise TypeError(f"set_data got a Tensor on backend {new.backend!r} for Parameter "
                            f"{self.name!r} on {self.backend!r}")
        if new.shape != self.shape and not slice_shape:
            raise ValueError(f"set_data of Parameter {self.name!r}: shape {new.shape} does not match "
                             f"{self.shape}")
        if new.dtype is not self.dtype:
            raise TypeError(f"set_data of Parameter {self.name!r}: dtype {new.dtype} does not match "
                            f"{self.dtype}; cast it first with .astype({self.dtype})")
        # a value assigned while a derivative is being taken is stored as a constant: no tracer may be
        # left inside a Parameter once the derivative returns
        self._data = self._backend.stop_gradient(new._data)
        return self

    def assign_value(self, value: Any) -> "Parameter":
        return self.set_data(value)

    def clone(self, init: str = "same") -> "Parameter":
        return Parameter(self.asnumpy().copy(), self.name, self.requires_grad)

    def __repr__(self) -> str:
        return (f"Parameter (name={self.name}, shape={self.shape}, dtype={self.dtype}, "
                f"requires_grad={self.requires_grad})")

    __str__ = __repr__  # print(param) shows the same line in MindSpore, not the values

    def __reduce__(self):
        return (Parameter, (self.asnumpy(), self.name, self.requires_grad))


def adopted(tensor: Tensor, name: str) -> Parameter:
    """A Parameter named ``name`` that takes ``tensor``'s array over, where ``Parameter(tensor)`` copies it: for
    a Tensor that nothing else holds (a checkpoint's values, just read)."""
    param = object.__new__(Parameter)
    param._data, param._backend = tensor._data, tensor._backend
    param.name, param.requires_grad = name, True
    parameters_changed()
    return param


class ParameterTuple(tuple):
    """A tuple of Parameters (what ``GradOperation(get_by_list=True)`` differentiates against)."""

    def __new__(cls, iterable: Iterable[Parameter]) -> "ParameterTuple":
        items = tuple(iterable)
        for item in items:
            if not isinstance(item, Parameter):
                raise TypeError(f"ParameterTuple holds Parameters only, got {type(item).__name__}")
        parameters_changed()
        return super().__new__(cls, items)

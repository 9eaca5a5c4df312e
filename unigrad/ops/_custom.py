"""``ops.Custom``: a user's own operator. The ``"pyfunc"`` kind, a Python function on NumPy arrays, runs on every
backend by a round trip through the host, its gradient the user's ``bprop`` (none without it, as in MindSpore).
The compiled kinds (AOT libraries, AKG, TBE, hybrid DSL, AICPU) need MindSpore's kernel compilers and its
devices: they are accepted as MindSpore accepts them and raise when called."""
from __future__ import annotations

import functools
from typing import Any, Callable

import numpy as np

from unigrad import dtype as dt
from unigrad._tensor import Tensor, same_backend, wrap

_KINDS = ["hybrid", "akg", "tbe", "aicpu", "aot", "pyfunc"]


class Custom:
    """``Custom(func, out_shape, out_dtype, func_type="pyfunc", bprop=None, reg_info=None)``; ``out_shape`` and
    ``out_dtype`` are values or functions of the inputs' shapes and dtypes, tuples or lists of them for a
    ``func`` of several outputs; ``bprop(*inputs, out, dout)`` returns one gradient per input."""

    def __init__(self, func: Any, out_shape: Any = None, out_dtype: Any = None, func_type: str = "pyfunc",
                 bprop: Callable | None = None, reg_info: Any = None) -> None:
        self._prefix = f"For 'Custom', 'func_type': {func_type}, 'func': {func}"
        if func_type not in _KINDS:
            raise ValueError(f"{self._prefix}, 'func_type' must be one of {_KINDS}, but got {func_type}")
        self.func, self.out_shape, self.out_dtype = func, out_shape, out_dtype
        self.func_type, self.bprop, self.reg_info = func_type, bprop, reg_info

    def __repr__(self) -> str:
        return f"Prim[Custom]<func_type={self.func_type}>"

    def _infer(self, inputs: tuple) -> tuple[list, list, bool]:
        """(shapes, dtypes, several): MindSpore's inference of the outputs, with its TypeErrors."""
        shape, dtype = self.out_shape, self.out_dtype
        if callable(shape):
            shape = shape(*(list(x.shape) if isinstance(x, Tensor) else x for x in inputs))
        if callable(dtype) and not isinstance(dtype, dt.DType):
            dtype = dtype(*(x.dtype if isinstance(x, Tensor) else x for x in inputs))
        if not isinstance(shape, (tuple, list)):
            raise TypeError(f"{self._prefix}, 'out_shape' must be one of [tuple, list, function], but got "
                            f"{type(shape)}")
        if not isinstance(dtype, (dt.DType, tuple, list)):
            raise TypeError(f"{self._prefix}, 'out_dtype' must be one of [mindspore.dtype, tuple, list, function], "
                            f"but got {type(dtype)}")
        several = isinstance(dtype, (tuple, list))
        return (list(shape) if several else [shape]), (list(dtype) if several else [dtype]), several

    def __call__(self, *inputs: Any) -> Any:
        if self.func_type != "pyfunc":
            raise NotImplementedError(
                f"ops.Custom of func_type {self.func_type!r} ({self.func}) needs MindSpore's kernel compiler for "
                "that kind and a device that runs it; unigrad runs only func_type 'pyfunc' (a Python function on "
                "NumPy arrays, with bprop for its gradient)")
        _, dtypes, several = self._infer(inputs)
        tensors = [x for x in inputs if isinstance(x, Tensor)]
        backend = same_backend(tensors)
        results = self.func(*(backend.to_numpy(x._data) if isinstance(x, Tensor) else x for x in inputs))
        results = tuple(results) if several else (results,)
        if len(results) != len(dtypes):
            raise ValueError(f"{self._prefix}, func returned {len(results)} outputs, but out_dtype names "
                             f"{len(dtypes)}")
        datas = [backend.asarray(self._checked(i, r, d), d) for i, (r, d) in enumerate(zip(results, dtypes))]
        arrays = [x._data for x in tensors]
        outs = [wrap(backend.custom_vjp(lambda *_, data=data: data,
                                        functools.partial(self._backward, backend, inputs, datas, i), arrays),
                     backend) for i, data in enumerate(datas)]
        return tuple(outs) if several else outs[0]

    def _checked(self, i: int, result: Any, dtype: dt.DType) -> np.ndarray:
        """Output ``i`` as func returned it, which must be of its declared dtype (MindSpore copies its bytes)."""
        array = np.asarray(result)
        if array.dtype != dtype.numpy:
            raise RuntimeError(f"{self._prefix}, output {i} of func is a {array.dtype} array, but out_dtype "
                               f"declares {dtype}: return arrays of the declared dtypes")
        return array

    def _backward(self, backend: Any, inputs: tuple, datas: list, i: int, arrays: tuple, ans: Any, g: Any) -> list:
        """The cotangents of the Tensor inputs for output ``i``'s cotangent ``g``: ``bprop`` with zeros as the
        other outputs' (bprop is linear in dout, so the backends' sum over outputs is bprop of all of them)."""
        if self.bprop is None:
            raise RuntimeError("Illegal primitive Custom's bprop not defined: ops.Custom without bprop has no "
                               "gradient (give Custom(..., bprop=fn), fn(*inputs, out, dout) -> one gradient "
                               "per input)")
        given = iter(arrays)
        ins = [wrap(next(given), backend) if isinstance(x, Tensor) else x for x in inputs]
        douts = [wrap(g, backend) if j == i else wrap(backend.full(tuple(d.shape), 0, backend.dtype(d)), backend)
                 for j, d in enumerate(datas)]
        outs = [wrap(d, backend) for d in datas]
        several = len(datas) > 1
        grads = self.bprop(*ins, tuple(outs) if several else outs[0], tuple(douts) if several else douts[0])
        grads = tuple(grads) if isinstance(grads, (tuple, list)) else (grads,)
        if len(grads) != len(inputs):
            raise ValueError(f"{self._prefix}, bprop returned {len(grads)} gradients for {len(inputs)} inputs")
        return [grad._data if isinstance(grad, Tensor) else backend.full(tuple(x.shape), 0, x.dtype)
                for x, grad in zip(inputs, grads) if isinstance(x, Tensor)]

"""The JAX backend: arrays are ``jax.Array``, autodiff is ``jax.vjp``, ``unigrad.jit`` is ``jax.jit``.

Importing it changes two process-wide JAX settings, because unigrad's dtypes and numbers must agree
with the other backends:

* ``jax_enable_x64`` is turned on, so that Float64 (and Int64) Tensors are honoured. Every array this
  adapter makes is given an explicit dtype and Python scalars stay weakly typed, so Float32 stays the
  default everywhere; only code that calls ``jax.numpy`` directly without a dtype sees 64-bit defaults.
* ``jax_default_matmul_precision`` is set to ``"highest"``, so that float32 matmuls and convolutions on
  a GPU are true float32 (no TF32 / bf16 passes) and agree with NumPy to 1e-5. Call
  ``unigrad.backends.jax.set_matmul_precision("default")`` (or ``"high"``) to trade that for speed.

Eager (un-jitted) JAX dispatches every primitive separately and is slow; ``@unigrad.jit`` makes the
whole step one compiled XLA program.
"""
from __future__ import annotations

import functools
from typing import Any, Callable, Sequence

import numpy as np

import jax
import jax.numpy as jnp
from jax import lax
from jax.experimental import checkify

from unigrad import dtype as dt
from unigrad.backends.base import PRIMITIVES, Backend, TracedValueError, check_index_bounds

jax.config.update("jax_enable_x64", True)
jax.config.update("jax_default_matmul_precision", "highest")


def set_matmul_precision(precision: str | None = "highest") -> None:
    """The precision of float32 matmuls and convolutions: ``"highest"`` (unigrad's default, agrees with
    the other backends), ``"high"`` or ``"default"`` (JAX's own default: faster on GPUs and TPUs)."""
    if precision not in (None, "default", "high", "highest", "bfloat16", "tensorfloat32", "float32"):
        raise ValueError(f"matmul precision must be 'default', 'high' or 'highest', got {precision!r}")
    jax.config.update("jax_default_matmul_precision", precision)


def get_matmul_precision() -> str | None:
    return jax.config.jax_default_matmul_precision


_FLOAT0 = jax.dtypes.float0


class JaxBackend(Backend):
    name = "jax"

    def __init__(self) -> None:
        self.device = jax.devices("cpu")[0]
        self.device_kind = "cpu"
        for name in PRIMITIVES:
            if not hasattr(self, name):
                setattr(self, name, _SIMPLE[name])
        self.kernels = {"conv2d": _conv2d_kernel, "max_pool2d": functools.partial(_max_pool2d_kernel, self)}

    # -- arrays ---------------------------------------------------------------------------------
    def asarray(self, value: Any, dtype: dt.DType) -> jax.Array:
        if isinstance(value, jax.Array) and not isinstance(value, jax.core.Tracer):
            return jax.device_put(value.astype(dtype.numpy), self.device)
        array = np.array(value, dtype=dtype.numpy)  # a private copy: device_put may alias it on the CPU
        return jax.device_put(array, self.device)

    def to_numpy(self, x: jax.Array) -> np.ndarray:
        while isinstance(x, jax.core.Tracer):
            # inside a derivative (jax.vjp) the forward value is known: read it, as the NumPy engine does
            primal = getattr(x, "primal", None)
            if primal is None:
                raise _unknown_value(x)
            x = primal
        return np.asarray(x)

    def dtype(self, x: jax.Array) -> dt.DType:
        return dt.from_numpy(x.dtype)

    def full(self, shape, value, dtype: dt.DType) -> jax.Array:
        with jax.default_device(self.device):
            return jnp.full(tuple(shape), value, dtype=dtype.numpy)

    def arange(self, start, stop, step, dtype: dt.DType) -> jax.Array:
        with jax.default_device(self.device):
            return jnp.arange(start, stop, step, dtype=dtype.numpy)

    def is_array(self, x: Any) -> bool:
        return isinstance(x, jax.Array)

    def from_dlpack(self, obj: Any) -> jax.Array:
        return jnp.from_dlpack(obj)

    @staticmethod
    def _gpus() -> list:
        try:
            return jax.devices("gpu")
        except RuntimeError:
            return []

    def has_device(self, kind: str) -> bool:
        return kind == "cpu" or (kind == "gpu" and bool(self._gpus()))

    def set_device(self, kind: str) -> None:
        if kind == "gpu":
            gpus = self._gpus()
            if not gpus:
                raise RuntimeError("device GPU was asked for, but JAX finds no GPU here (is jax[cuda] installed?); "
                                   "unigrad does not fall back to the CPU")
            self.device = gpus[0]
        elif kind == "cpu":
            self.device = jax.devices("cpu")[0]
        else:
            raise RuntimeError(f"unknown device {kind!r}; the jax backend has 'cpu' and 'gpu'")
        self.device_kind = kind

    # -- primitives that need more than one jax function -----------------------------------------
    def sum(self, x, axis, keepdims):
        return jnp.sum(x, axis=axis, keepdims=keepdims, dtype=x.dtype)

    def max(self, x, axis, keepdims):
        return jnp.max(x, axis=axis, keepdims=keepdims)

    def min(self, x, axis, keepdims):
        return jnp.min(x, axis=axis, keepdims=keepdims)

    def prod(self, x, axis, keepdims):
        return jnp.prod(x, axis=axis, keepdims=keepdims, dtype=x.dtype)

    def argmax(self, x, axis, keepdims):
        return jnp.argmax(x, axis=axis, keepdims=keepdims)

    def argmin(self, x, axis, keepdims):
        return jnp.argmin(x, axis=axis, keepdims=keepdims)

    def cumsum(self, x, axis):
        return jnp.cumsum(x, axis=axis, dtype=x.dtype)

    def cumprod(self, x, axis):
        return jnp.cumprod(x, axis=axis, dtype=x.dtype)

    def concat(self, xs, axis):
        return jnp.concatenate(list(xs), axis=axis)

    def index_add(self, shape, index, values):
        """Zeros of ``shape`` with ``values`` added at ``index`` (repeated indices accumulate)."""
        return jnp.zeros(tuple(shape), dtype=values.dtype).at[index].add(values)

    def pad(self, x, widths):
        return jnp.pad(x, [tuple(w) for w in widths])

    def unfold(self, x, kernel, stride, dilation):
        """(N, C, H, W) -> (N, C, kh, kw, oh, ow): one strided slice per kernel offset."""
        n, c, h, w = x.shape
        (kh, kw), (sh, sw), (dh, dw) = kernel, stride, dilation
        oh = (h - dh * (kh - 1) - 1) // sh + 1
        ow = (w - dw * (kw - 1) - 1) // sw + 1
        rows = []
        for i in range(kh):
            cols = []
            for j in range(kw):
                cols.append(lax.slice(x, (0, 0, i * dh, j * dw),
                                      (n, c, i * dh + sh * (oh - 1) + 1, j * dw + sw * (ow - 1) + 1),
                                      (1, 1, sh, sw)))
            rows.append(jnp.stack(cols, axis=2))
        return jnp.stack(rows, axis=2)

    def fold(self, cols, shape, kernel, stride, dilation):
        """The adjoint of ``unfold``: every window added back into an image of ``shape``."""
        n, c, kh, kw, oh, ow = cols.shape
        (sh, sw), (dh, dw) = stride, dilation
        out = jnp.zeros(tuple(shape), dtype=cols.dtype)
        for i in range(kh):
            for j in range(kw):
                out = out.at[:, :, i * dh:i * dh + sh * (oh - 1) + 1:sh,
                             j * dw:j * dw + sw * (ow - 1) + 1:sw].add(cols[:, :, i, j])
        return out

    def cast(self, x, dtype: dt.DType):
        """Casting to an int or bool dtype cuts the gradient (as in every framework). A float goes to a
        narrow int through Int32, so that it wraps as in NumPy, torch and MindSpore (jax saturates)."""
        if dtype.is_floating:
            return x.astype(dtype.numpy)
        x = lax.stop_gradient(x)
        if dtype.kind in ("int", "uint") and dtype.itemsize < 4 and jnp.issubdtype(x.dtype, jnp.floating):
            x = x.astype(np.int32)
        return x.astype(dtype.numpy)

    # -- autodiff and compilation ---------------------------------------------------------------
    def vjp(self, fn: Callable, primals: Sequence[jax.Array]):
        outputs, pullback, aux = jax.vjp(fn, *primals, has_aux=True)

        def vjp_fn(cotangents, retain=True):  # jax keeps nothing to free
            if cotangents is None:  # the outputs themselves
                cotangents = [jnp.ones_like(o) for o in outputs]
            cts = []
            for o, ct in zip(outputs, cotangents):
                if not jnp.issubdtype(o.dtype, jnp.inexact):
                    cts.append(np.zeros(o.shape, dtype=_FLOAT0))
                elif ct is None:
                    cts.append(jnp.zeros(o.shape, dtype=o.dtype))
                else:
                    cts.append(ct)
            return list(pullback(tuple(cts)))

        return tuple(outputs), vjp_fn, tuple(aux)

    def jit(self, fn: Callable) -> Callable:
        """``jax.jit`` of the pure array function ``unigrad.jit`` builds (Parameters threaded as state),
        with the checks of ``index_error_when_run`` compiled in by ``checkify``. A program without checks
        returns nothing more; one with checks returns a flag and the Error's arrays, not the Error itself
        (rebuilding that pytree on every call cost ~30 µs)."""
        checked = checkify.checkify(fn, errors=checkify.user_checks)
        layouts: list = []  # the Error's pytree structure per trace; a program returns its trace's number

        def flat(*args):
            error, result = checked(*args)
            leaves, layout = jax.tree_util.tree_flatten(error)
            flags = [leaf for leaf in leaves if leaf.dtype == jnp.bool_]  # one per check: True where it failed
            if not flags:
                return result, None
            layouts.append(layout)
            return result, (jnp.any(jnp.stack(flags)), len(layouts) - 1, leaves)

        compiled = jax.jit(flat)

        def run(*args):
            result, error = compiled(*args)
            return result, _no_checks if error is None else functools.partial(_raise_failed_check, layouts, *error)
        return run

    @staticmethod
    def index_error_when_run(bad: jax.Array, values: jax.Array, message: str) -> None:
        bad, values = jnp.ravel(bad), jnp.ravel(values)
        checkify.check(~jnp.any(bad), message, values[jnp.argmax(bad)])

    def uniform(self, seed: jax.Array, index: int, shape) -> jax.Array:
        return jax.random.uniform(jax.random.fold_in(jax.random.key(seed), index), tuple(shape), jnp.float32)


def _raise_failed_check(layouts: list, failed: jax.Array, trace: jax.Array, leaves: list) -> None:
    """The IndexError of a check that failed in a compiled program (this waits for the program)."""
    if failed:
        message = jax.tree_util.tree_unflatten(layouts[int(trace)], leaves).get()
        raise IndexError(message.removesuffix(" (`check` failed)"))


def _no_checks() -> None:
    """The check of a compiled program that has none."""


def _user_line() -> str:
    """'file:line' of the innermost frame outside unigrad and jax (the user's code)."""
    import os
    import traceback
    unigrad_dir = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    for frame in reversed(traceback.extract_stack()):
        name = os.path.abspath(frame.filename)
        if not name.startswith(unigrad_dir + os.sep) and f"{os.sep}jax" not in name and "<frozen" not in name:
            return f"{frame.filename}:{frame.lineno}"
    return "an unknown line"


def _unknown_value(x) -> TracedValueError:
    return TracedValueError(
        f"a Tensor's value was needed at {_user_line()} while unigrad.jit compiles the function, but "
        f"values are only known when the compiled program runs (shape {tuple(x.shape)}, dtype {x.dtype}). "
        f"Python control flow on Tensor values (if/while, float(), .asnumpy(), print) cannot be compiled: "
        f"use ops.where / ops.select, return the value, or call the function without unigrad.jit.")


# -- native kernels (the conformance suite checks them against unigrad.ops' generic versions) --------
def _conv2d_kernel(x, w, b, pads, stride, dilation, groups):
    top, bottom, left, right = pads
    out = lax.conv_general_dilated(x, w, window_strides=tuple(stride), padding=((top, bottom), (left, right)),
                                   rhs_dilation=tuple(dilation), feature_group_count=groups,
                                   dimension_numbers=("NCHW", "OIHW", "NCHW"))
    return out if b is None else out + b.reshape(1, -1, 1, 1)


def _max_pool2d_kernel(backend, x, kernel, stride, pads, dilation):
    """XLA's reduce_window max. Its gradient goes to one maximum of each window (the generic version
    shares it among ties; they agree wherever a window's maximum is unique). JAX has no VJP for a
    dilated max pool, so dilation falls back to the generic version."""
    if tuple(dilation) != (1, 1):
        from unigrad.ops._nn import max_pool2d_generic
        return max_pool2d_generic(backend, x, kernel, stride, pads, dilation)
    top, bottom, left, right = pads
    # a Python -inf (not an array) lets JAX see reduce_window_max, which it can differentiate under jit
    return lax.reduce_window(x, -np.inf, lax.max, (1, 1) + tuple(kernel), (1, 1) + tuple(stride),
                             ((0, 0), (0, 0), (top, bottom), (left, right)),
                             window_dilation=(1, 1) + tuple(dilation))


def _where(condition, x, y):
    return jnp.where(condition, x, y)


def _getitem(x, index: tuple):
    """``x[index]``, with numpy's IndexError for an out-of-bounds int or index array: jax would clamp
    it silently. An index array traced by ``jit`` is checked when the compiled program runs."""
    check_index_bounds(index, x.shape, lambda part: None if isinstance(part, jax.core.Tracer) else np.asarray(part),
                       JaxBackend.index_error_when_run)
    return x[index]


# primitives that are one jax function (Python scalars on either side stay weakly typed)
_SIMPLE = {
    "neg": jnp.negative, "abs": jnp.abs, "sign": jnp.sign, "exp": jnp.exp, "log": jnp.log,
    "log1p": jnp.log1p, "expm1": jnp.expm1, "sqrt": jnp.sqrt, "sin": jnp.sin, "cos": jnp.cos,
    "tan": jnp.tan, "tanh": jnp.tanh, "arctan": jnp.arctan, "erf": jax.scipy.special.erf,
    "sigmoid": jax.nn.sigmoid, "floor": jnp.floor, "ceil": jnp.ceil, "logical_not": jnp.logical_not,
    "add": jnp.add, "sub": jnp.subtract, "mul": jnp.multiply, "div": jnp.true_divide,
    "pow": jnp.power, "maximum": jnp.maximum, "minimum": jnp.minimum, "atan2": jnp.arctan2,
    "floor_divide": jnp.floor_divide, "mod": jnp.mod,
    "equal": jnp.equal, "not_equal": jnp.not_equal, "less": jnp.less, "less_equal": jnp.less_equal,
    "greater": jnp.greater, "greater_equal": jnp.greater_equal,
    "logical_and": jnp.logical_and, "logical_or": jnp.logical_or, "logical_xor": jnp.logical_xor,
    "where": _where, "reshape": jnp.reshape, "transpose": jnp.transpose,
    "broadcast_to": jnp.broadcast_to, "getitem": _getitem, "matmul": jnp.matmul,
    "stop_gradient": lax.stop_gradient,
}

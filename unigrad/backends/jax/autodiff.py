"""jax's autodiff and compilation: ``jax.vjp``, and ``jax.jit`` with ``checkify`` for ``unigrad.jit``."""
from __future__ import annotations

import functools
from typing import Any, Callable, Sequence

import jax
import jax.numpy as jnp
import numpy as np
from jax.experimental import checkify
from jax.interpreters import partial_eval

_FLOAT0 = jax.dtypes.float0


class JaxAutodiff:
    """The autodiff half of the jax backend (``Backend.vjp``, ``jit``, ``uniform``, ``is_traced``, ``tap``)."""

    def custom_vjp(self, forward: Callable, backward: Callable, arrays: Sequence[jax.Array]) -> jax.Array:
        function = jax.custom_vjp(forward)

        def forward_saving(*xs):
            ans = forward(*xs)
            return ans, (xs, ans)

        function.defvjp(forward_saving, lambda saved, g: tuple(backward(saved[0], saved[1], g)))
        return function(*arrays)

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

    def index_error_when_run(self, bad: jax.Array, values: jax.Array, message: str) -> None:
        index_error_when_run(bad, values, message)

    def uniform(self, seed: jax.Array, index: int, shape) -> jax.Array:
        return jax.random.uniform(jax.random.fold_in(jax.random.key(seed), index), tuple(shape), jnp.float32)

    def is_traced(self, x: Any) -> bool:
        """A tracer of a derivative (jit's own tracers only stand for values not known yet)."""
        return isinstance(x, jax.core.Tracer) and not isinstance(x, partial_eval.DynamicJaxprTracer)

    def tap(self, x: jax.Array, report: Callable[[Any], None]) -> jax.Array:
        return _tap(x, report) if self.is_traced(x) else x


def index_error_when_run(bad: jax.Array, values: jax.Array, message: str) -> None:
    """``Backend.index_error_when_run``: a ``checkify`` check, raised by ``jit``'s ``check()``."""
    bad, values = jnp.ravel(bad), jnp.ravel(values)
    checkify.check(~jnp.any(bad), message, values[jnp.argmax(bad)])


def _raise_failed_check(layouts: list, failed: jax.Array, trace: jax.Array, leaves: list) -> None:
    """The IndexError of a check that failed in a compiled program (this waits for the program)."""
    if failed:
        message = jax.tree_util.tree_unflatten(layouts[int(trace)], leaves).get()
        raise IndexError(message.removesuffix(" (`check` failed)"))


def _no_checks() -> None:
    """The check of a compiled program that has none."""


@functools.partial(jax.custom_vjp, nondiff_argnums=(1,))
def _tap(x: jax.Array, report: Callable[[Any], None]) -> jax.Array:
    """``x``; its cotangent goes to ``report`` during the backward pass (a host callback)."""
    return x


def _tap_forward(x, report):
    return x, None


def _tap_backward(report, _, g):
    jax.debug.callback(report, g)
    return (g,)


_tap.defvjp(_tap_forward, _tap_backward)

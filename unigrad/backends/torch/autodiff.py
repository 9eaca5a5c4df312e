"""torch's autodiff: ``torch.autograd.grad`` on leaves made for each derivative.

Never ``.backward()`` and never ``.grad`` accumulation: each ``vjp`` asks autograd for exactly the
gradients it needs, so nothing carries over between calls.
"""
from __future__ import annotations

import itertools
import operator
from typing import Any, Callable, Sequence

import torch


class _CustomVjp(torch.autograd.Function):
    """``forward`` with ``backward`` as its derivative (``Backend.custom_vjp``)."""

    @staticmethod
    def forward(ctx, forward, backward, *arrays):
        ans = forward(*arrays)
        ctx.backward, ctx.arrays, ctx.ans = backward, arrays, ans
        return ans

    @staticmethod
    def backward(ctx, g):
        return (None, None, *ctx.backward(ctx.arrays, ctx.ans, g))


class TorchAutodiff:
    """The autodiff half of the torch backend (``Backend.vjp``, ``value_and_grad``, ``is_traced``, ``tap``)."""

    def __init__(self) -> None:
        self._depth = 0  # how many vjp functions are running (nested derivatives)
        # (primals, leaves) of the last outermost vjp: a training step differentiates the same
        # Parameters' arrays every step, and finding their leaves one by one cost ~2k instructions each.
        # It keeps those arrays alive until the next derivative.
        self._last_leaves: tuple[tuple, list] = ((), [])

    def vjp(self, fn: Callable, primals: Sequence[torch.Tensor]):
        # Inside an enclosing derivative (its function is running: depth > 0), this derivative must
        # itself be differentiable, through its primals and through anything the function captured.
        nested = self._depth > 0
        if nested:  # views keep the primals connected to the enclosing derivative
            leaves = [p.view_as(p) if p.requires_grad else p.detach().requires_grad_(True) for p in primals]
        else:
            leaves = self._outer_leaves(primals)
        outputs, aux = self._forward(fn, leaves)

        def vjp_fn(cotangents, retain=True):
            create_graph = nested or self._depth > 0
            if cotangents is None:  # the outputs themselves
                differentiated, cts = _with_ones(outputs)
            else:
                differentiated, cts = [], []
                for o, ct in zip(outputs, cotangents):
                    if ct is not None and o.requires_grad:
                        differentiated.append(o)
                        cts.append(ct)
                        create_graph = create_graph or ct.requires_grad
            return _gradients(differentiated, leaves, cts, primals, retain, create_graph)

        if not nested:
            return tuple(map(torch.Tensor.detach, outputs)), vjp_fn, tuple(map(torch.Tensor.detach, aux))
        return tuple(outputs), vjp_fn, tuple(aux)

    def custom_vjp(self, forward: Callable, backward: Callable, arrays: Sequence[torch.Tensor]) -> torch.Tensor:
        return _CustomVjp.apply(forward, backward, *arrays)

    def value_and_grad(self, fn: Callable, primals: Sequence[torch.Tensor]):
        """Fused at the outermost level: the forward, then one ``autograd.grad``, with no pullback to keep."""
        if self._depth:  # inside an enclosing derivative: vjp makes this one differentiable
            outputs, vjp_fn, aux = self.vjp(fn, primals)
            return outputs, aux, vjp_fn(None, retain=False)
        leaves = self._outer_leaves(primals)
        outputs, aux = self._forward(fn, leaves)
        differentiated, cts = _with_ones(outputs)
        grads = _gradients(differentiated, leaves, cts, primals, False, False)
        return tuple(map(torch.Tensor.detach, outputs)), tuple(map(torch.Tensor.detach, aux)), grads

    def _forward(self, fn: Callable, leaves: list) -> tuple[tuple, tuple]:
        """``fn(*leaves)`` recording a graph (even under torch.no_grad), one level deeper in derivatives."""
        self._depth += 1
        try:
            if torch.is_grad_enabled():
                return fn(*leaves)
            with torch.enable_grad():
                return fn(*leaves)
        finally:
            self._depth -= 1

    def _outer_leaves(self, primals: Sequence[torch.Tensor]) -> list:
        """The leaves of an outermost derivative: the last call's when the primals are the same arrays."""
        last_primals, last_leaves = self._last_leaves
        if len(last_primals) == len(primals) and all(map(operator.is_, last_primals, primals)):
            return last_leaves
        if len(set(map(id, primals))) != len(primals):  # an array passed twice: one leaf per position
            return [p.detach().requires_grad_(True) for p in primals]
        leaves = list(map(_leaf, primals))
        self._last_leaves = (tuple(primals), leaves)
        return leaves

    def is_traced(self, x: Any) -> bool:
        return isinstance(x, torch.Tensor) and x.requires_grad

    def tap(self, x: torch.Tensor, report: Callable[[Any], None]) -> torch.Tensor:
        """A hook on the op's result (never on a leaf: leaves outlive the derivative, hooks would pile up)."""
        if x.requires_grad and x.grad_fn is not None:
            x.register_hook(lambda g: report(g.detach()))
        return x


def _with_ones(outputs: Sequence[torch.Tensor]) -> tuple[list, list]:
    """(differentiated outputs, cotangents) for the outputs themselves: ones, which torch makes itself
    (None) for a scalar."""
    differentiated = [o for o in outputs if o.requires_grad]
    return differentiated, [None if o.dim() == 0 else torch.ones_like(o) for o in differentiated]


def _gradients(differentiated: list, leaves: list, cts: list, primals: Sequence[torch.Tensor], retain: bool,
               create_graph: bool) -> list:
    """One gradient per leaf of ``differentiated`` with cotangents ``cts``: zeros where unused."""
    if not differentiated:
        return [torch.zeros_like(p) for p in primals]
    if create_graph:
        with torch.enable_grad():
            grads = torch.autograd.grad(differentiated, leaves, cts, retain_graph=True, create_graph=True,
                                        allow_unused=True)
    else:
        grads = torch.autograd.grad(differentiated, leaves, cts, retain_graph=retain, allow_unused=True)
    # None for an unused input; torch answers some double backwards with a ZeroTensor, which
    # cannot leave torch: zeros for both (asked through C-level loops, as every step asks)
    if all(map(isinstance, grads, _TENSOR_TYPES)) and not any(map(torch.Tensor._is_zerotensor, grads)):
        return list(grads)
    return [torch.zeros_like(p) if g is None or g._is_zerotensor() else g for p, g in zip(primals, grads)]


_TENSOR_TYPES = itertools.repeat(torch.Tensor)  # endless: map(isinstance, grads, _TENSOR_TYPES)


def _leaf(array: torch.Tensor) -> torch.Tensor:
    """A tensor that requires grad and reads ``array``'s memory: the input edge of a derivative.

    It is made once and kept on ``array`` (Parameters are differentiated every training step; a new
    leaf per step cost torch ~3 us each to set up and register). It shares ``array``'s memory and
    version counter, so in-place updates show through and stale graphs still fail loudly."""
    leaf = getattr(array, "_unigrad_leaf", None)
    if leaf is None:
        leaf = array._unigrad_leaf = array.detach().requires_grad_(True)
    return leaf

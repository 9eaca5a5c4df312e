"""The native NumPy backend: arrays are ``numpy.ndarray``, autodiff is unigrad's own tape (``autodiff``)."""
from __future__ import annotations

from typing import Any, Callable, Sequence

from unigrad.backends.base import PRIMITIVES, Backend
from unigrad.backends.numpy import autodiff, kernels, primitives
from unigrad.backends.numpy.arrays import NumpyArrays


class NumpyBackend(NumpyArrays, Backend):
    name = "numpy"
    taps_gradients = True
    collectives = "unigrad.backends.numpy.distributed"  # torch.distributed's engine, on DLPack views
    kernels = kernels.KERNELS

    def __init__(self) -> None:
        for name in PRIMITIVES:
            setattr(self, name, getattr(primitives, name))

    def vjp(self, fn: Callable, primals: Sequence[Any]):
        return autodiff.vjp(fn, primals, primitives.add, primitives.unbroadcast)

    def custom_vjp(self, forward: Callable, backward: Callable, arrays: Sequence[Any]) -> Any:
        """A primitive made for this call; ``backward`` runs once per pullback, whichever arguments ask."""
        prim = autodiff.primitive(forward)
        last: list = [None, None]  # (the cotangent, backward's answer to it)

        def rule(argnum: int, g: Any, ans: Any, *args: Any) -> Any:
            if last[0] is not g:
                last[:] = [g, backward(args, ans, g)]
            return last[1][argnum]

        autodiff.defvjp_all(prim, rule)
        return prim(*arrays)

    def is_traced(self, x: Any) -> bool:
        return type(x) is autodiff.Box

    def tap(self, x: Any, report: Callable[[Any], None]) -> Any:
        return autodiff.tap(x, report) if type(x) is autodiff.Box else x

"""The JAX backend: arrays are ``jax.Array`` (``arrays``), primitives and kernels are ``jax.numpy`` and
``lax`` (``primitives``, ``kernels``), autodiff is ``jax.vjp`` and ``unigrad.jit`` is ``jax.jit`` (``autodiff``).

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

import jax

from unigrad.backends.base import Backend
from unigrad.backends.jax import distributed, kernels, primitives
from unigrad.backends.jax.arrays import JaxArrays
from unigrad.backends.jax.autodiff import JaxAutodiff

jax.config.update("jax_enable_x64", True)
jax.config.update("jax_default_matmul_precision", "highest")
distributed.join_launched_group()  # before any JAX computation: a launched worker joins its group now


def set_matmul_precision(precision: str | None = "highest") -> None:
    """The precision of float32 matmuls and convolutions: ``"highest"`` (unigrad's default, agrees with
    the other backends), ``"high"`` or ``"default"`` (JAX's own default: faster on GPUs and TPUs)."""
    if precision not in (None, "default", "high", "highest", "bfloat16", "tensorfloat32", "float32"):
        raise ValueError(f"matmul precision must be 'default', 'high' or 'highest', got {precision!r}")
    jax.config.update("jax_default_matmul_precision", precision)


def get_matmul_precision() -> str | None:
    return jax.config.jax_default_matmul_precision


class JaxBackend(JaxArrays, JaxAutodiff, Backend):
    name = "jax"
    compiles = True
    keeps_traced_values = False  # jax's tracers end with the transformation that made them
    updates_in_place = False     # jax arrays are immutable: an update replaces the Parameter's array
    gpu = True
    taps_gradients = True
    collectives = "unigrad.backends.jax.distributed"
    kernels = kernels.KERNELS

    def __init__(self) -> None:
        self.device = self.find_device("cpu")
        for name, fn in primitives.PRIMITIVES.items():
            setattr(self, name, fn)

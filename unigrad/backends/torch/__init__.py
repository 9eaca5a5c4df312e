"""The PyTorch backend: arrays are ``torch.Tensor`` (``arrays``), its primitives and kernels are torch's
functions (``primitives``, ``kernels``), autodiff is ``torch.autograd.grad`` (``autodiff``)."""
from __future__ import annotations

import torch

from unigrad.backends.base import Backend
from unigrad.backends.torch import kernels, primitives
from unigrad.backends.torch.arrays import TorchArrays
from unigrad.backends.torch.autodiff import TorchAutodiff


class TorchBackend(TorchArrays, TorchAutodiff, Backend):
    name = "torch"
    gpu = True
    taps_gradients = True
    collectives = "unigrad.backends.torch.distributed"
    kernels = kernels.KERNELS

    def __init__(self) -> None:
        TorchAutodiff.__init__(self)
        # float32 must agree with the other backends: no TF32 unless asked (allow_tf32)
        allow_tf32(False)
        for name, fn in primitives.PRIMITIVES.items():
            setattr(self, name, fn)


def allow_tf32(enabled: bool = True) -> None:
    """TF32 matmuls and convolutions on CUDA: faster, but float32 then no longer agrees with the other
    backends to 1e-5. Off by default."""
    torch.backends.cuda.matmul.allow_tf32 = enabled
    torch.backends.cudnn.allow_tf32 = enabled

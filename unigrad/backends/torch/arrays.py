"""torch's arrays: ``torch.Tensor`` on the CPU or CUDA, updated in place where no derivative traces them."""
from __future__ import annotations

from typing import Any

import numpy as np
import torch

from unigrad import dtype as dt
from unigrad.backends.base import rows_aligned

TO_TORCH = {
    dt.bool_: torch.bool, dt.int8: torch.int8, dt.int16: torch.int16, dt.int32: torch.int32,
    dt.int64: torch.int64, dt.uint8: torch.uint8, dt.uint16: torch.uint16, dt.uint32: torch.uint32,
    dt.uint64: torch.uint64, dt.float16: torch.float16, dt.float32: torch.float32, dt.float64: torch.float64,
}
if dt.bfloat16 is not None:
    TO_TORCH[dt.bfloat16] = torch.bfloat16
FROM_TORCH = {v: k for k, v in TO_TORCH.items()}
_FROM_NUMPY = {d.numpy for d in TO_TORCH if d is not dt.bfloat16}  # what torch.from_numpy reads

# torch keeps uint16, uint32 and uint64 as storage only: it makes, copies, casts, indexes and joins them, but
# has no arithmetic, comparison or reduction kernel for them. Those run on the signed type here, which holds
# every uint16 and uint32 value; uint64 is reinterpreted bit for bit (see primitives.on_wider_ints).
WIDER = {torch.uint16: torch.int32, torch.uint32: torch.int64, torch.uint64: torch.int64}


class TorchArrays:
    """The array half of the torch backend (``Backend``'s array, device and update methods)."""

    device = torch.device("cpu")

    def asarray(self, value: Any, dtype: dt.DType) -> torch.Tensor:
        """A copy in memory torch allocated (aligned as its kernels expect), never aliasing the caller."""
        array = np.asarray(value, dtype=dtype.numpy)
        if dtype is dt.bfloat16:  # torch cannot read NumPy's bfloat16: pass the bits
            bits = array.copy(order="C").view(np.int16)
            return torch.tensor(bits, device=self.device).view(torch.bfloat16)
        if any(stride < 0 for stride in array.strides):  # torch.tensor refuses a reversed view (M[::-1])
            array = np.ascontiguousarray(array)
        return torch.tensor(array, device=self.device)

    def adopt_rows(self, rows: np.ndarray) -> list:
        """Views of ``rows``' own memory on the CPU where each row is aligned as torch allocates (copies
        otherwise)."""
        if rows.dtype in _FROM_NUMPY and rows.flags.writeable and rows_aligned(rows):
            if self.device.type == "cpu":  # a Tensor for each row, as from_numpy makes (unbind's views
                return [torch.from_numpy(rows[i, ...]) for i in range(len(rows))]  # refuse in-place ops)
            block = torch.from_numpy(rows).to(self.device)  # one transfer
            return [block[i] for i in range(len(rows))]
        return super().adopt_rows(rows)

    def to_numpy(self, x: torch.Tensor) -> np.ndarray:
        if x.dtype == torch.bfloat16:
            return x.detach().cpu().view(torch.int16).numpy().copy().view(dt.bfloat16.numpy)
        array = x.detach().cpu().numpy()  # from CUDA this is already a copy
        # a copy on the CPU too: Parameters are updated in place (assign_sub), snapshots must not move
        return array.copy() if x.device.type == "cpu" else array

    def dtype(self, x: torch.Tensor) -> dt.DType:
        return FROM_TORCH[x.dtype]

    def full(self, shape, value, dtype: dt.DType) -> torch.Tensor:
        return torch.full(tuple(shape), value, dtype=TO_TORCH[dtype], device=self.device)

    def arange(self, start, stop, step, dtype: dt.DType) -> torch.Tensor:
        kind = TO_TORCH[dtype]
        if kind in WIDER:  # no arange kernel for the storage-only unsigned types
            return torch.arange(start, stop, step, dtype=torch.int64, device=self.device).to(kind)
        return torch.arange(start, stop, step, dtype=kind, device=self.device)

    def is_array(self, x: Any) -> bool:
        return isinstance(x, torch.Tensor)

    def from_dlpack(self, obj: Any) -> torch.Tensor:
        return torch.from_dlpack(obj)

    def find_device(self, kind: str) -> torch.device:
        if kind == "gpu":
            if not torch.cuda.is_available():
                raise RuntimeError("device GPU was asked for, but torch.cuda.is_available() is False here; "
                                   "unigrad does not fall back to the CPU")
            return torch.device("cuda")
        return torch.device("cpu")

    def same_layout(self, a: torch.Tensor, b: torch.Tensor) -> bool:
        return a.dtype is b.dtype and a.is_same_size(b)  # no Size objects, no dtype lookups

    def assign(self, target, value):
        if target.requires_grad or value.requires_grad:  # inside a derivative: stay functional
            return value
        return target.copy_(value)

    def assign_add(self, target, delta):
        if target.requires_grad or delta.requires_grad:  # inside a derivative: stay functional
            return target + delta
        try:
            return target.add_(delta)
        except NotImplementedError:  # a storage-only unsigned type: the primitive computes it wider
            return target.copy_(self.add(target, delta))

    def assign_sub(self, target, delta):
        if target.requires_grad or delta.requires_grad:
            return target - delta
        try:
            return target.sub_(delta)
        except NotImplementedError:  # a storage-only unsigned type: the primitive computes it wider
            return target.copy_(self.sub(target, delta))

    def assign_sub_scaled(self, targets, deltas, scale):
        if any(t.requires_grad for t in targets) or any(d.requires_grad for d in deltas):
            return [t - d * scale for t, d in zip(targets, deltas)]  # inside a derivative: stay functional
        for t, d in zip(targets, deltas):  # one temporary at a time (torch's foreach made them all at once:
            t.sub_(d * scale)              # slower on the MLP's large weights, from cache misses)
        return targets

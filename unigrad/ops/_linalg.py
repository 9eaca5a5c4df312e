"""Matrix products."""
from __future__ import annotations

from unigrad._tensor import Tensor
from unigrad.ops._args import binary, broadcast_shapes, refuse_bool
from unigrad.ops._dispatch import call, composite
from unigrad.ops._shape import swapaxes


def matmul(input: Tensor, other: Tensor) -> Tensor:
    """NumPy's matmul: 1-D operands are promoted to matrices and back, batch axes broadcast."""
    if not isinstance(input, Tensor) or not isinstance(other, Tensor):
        raise TypeError(f"matmul takes two Tensors, got {type(input).__name__} and {type(other).__name__}")
    backend, a, b = binary(input, other)
    refuse_bool("matmul", backend, a)  # one dtype after the promotion
    sa, sb = tuple(backend.shape(a)), tuple(backend.shape(b))
    if not sa or not sb:
        raise ValueError(f"matmul needs operands of rank >= 1, got shapes {sa} and {sb}")
    if (sa[-1]) != (sb[-2] if len(sb) > 1 else sb[0]):
        raise ValueError(f"matmul: shapes {sa} and {sb} do not line up ({sa[-1]} != "
                         f"{sb[-2] if len(sb) > 1 else sb[0]})")
    try:
        if len(sa) == 1 or len(sb) == 1:
            return call("vector_matmul", backend, a, b)
        return call("matmul", backend, a, b)
    except Exception:  # torch raises RuntimeError where the batch axes do not broadcast
        broadcast_shapes(sa[:-2], sb[:-2])
        raise


@composite("vector_matmul")
def vector_matmul_generic(backend, a, b):
    """NumPy's matmul with a 1-D operand: promoted to a matrix, and that axis dropped from the result."""
    sa, sb = tuple(backend.shape(a)), tuple(backend.shape(b))
    if len(sa) == 1:
        a = backend.reshape(a, (1,) + sa)
    if len(sb) == 1:
        b = backend.reshape(b, sb + (1,))
    out = backend.matmul(a, b)
    shape = tuple(backend.shape(out))
    keep = shape[:-2] + (() if len(sa) == 1 else shape[-2:-1]) + (() if len(sb) == 1 else shape[-1:])
    return backend.reshape(out, keep)


def bmm(input_x: Tensor, mat2: Tensor) -> Tensor:
    """Batched matmul of two rank-3 Tensors."""
    if input_x.ndim != 3 or mat2.ndim != 3:
        raise ValueError(f"bmm takes rank-3 Tensors, got shapes {input_x.shape} and {mat2.shape}")
    return matmul(input_x, mat2)


def batch_matmul(x: Tensor, y: Tensor, transpose_a: bool = False, transpose_b: bool = False) -> Tensor:
    """matmul with either operand's last two axes swapped first (MindSpore's MatMul and BatchMatMul)."""
    if transpose_a:
        x = swapaxes(x, -1, -2)
    if transpose_b:
        y = swapaxes(y, -1, -2)
    return matmul(x, y)

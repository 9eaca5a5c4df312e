"""Matrix products: matmul, and the products named after their operands' shapes (mm, mv, outer, kron, the
scaled sums addmm and friends, tensor_dot, einsum) written on it and on broadcasting."""
from __future__ import annotations

import math
from typing import Any

from unigrad._tensor import Tensor
from unigrad.ops._args import binary, broadcast_shapes, norm_axis, refuse_bool
from unigrad.ops._dispatch import call, composite
from unigrad.ops._matrix import diagonal
from unigrad.ops._shape import broadcast_to, movedim, stack, swapaxes, transpose


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


# -- products named after their shapes, written on matmul and broadcasting ---------------------------
def _tensors(owner: str, **named: Any) -> None:
    for name, value in named.items():
        if not isinstance(value, Tensor):
            raise TypeError(f"For '{owner}', {name} must be a Tensor, but got {type(value).__name__}")


def _rank(owner: str, name: str, x: Tensor, *ranks: int) -> None:
    if x.ndim not in ranks:
        raise ValueError(f"For '{owner}', {name} must have rank {' or '.join(map(str, ranks))}, but got shape {x.shape}")


def mm(input: Tensor, mat2: Tensor) -> Tensor:
    """The product of two matrices."""
    _tensors("mm", input=input, mat2=mat2)
    _rank("mm", "input", input, 2)
    _rank("mm", "mat2", mat2, 2)
    return matmul(input, mat2)


def mv(mat: Tensor, vec: Tensor) -> Tensor:
    """A matrix times a vector."""
    _tensors("mv", mat=mat, vec=vec)
    _rank("mv", "mat", mat, 2)
    _rank("mv", "vec", vec, 1)
    return matmul(mat, vec)


def dot(input: Tensor, other: Tensor) -> Tensor:
    """Sum over input's last axis and other's second-to-last (NumPy's dot for rank >= 2, as MindSpore's)."""
    _tensors("dot", input=input, other=other)
    if input.ndim < 2 or other.ndim < 2:
        raise ValueError(f"For 'dot', the inputs must have rank >= 2, but got shapes {input.shape} and {other.shape}")
    return tensor_dot(input, other, ((input.ndim - 1,), (other.ndim - 2,)))


def inner(input: Tensor, other: Tensor) -> Tensor:
    """Sum over the last axes of both (a 0-d operand multiplies)."""
    _tensors("inner", input=input, other=other)
    if input.ndim == 0 or other.ndim == 0:
        return input * other
    return tensor_dot(input, other, ((input.ndim - 1,), (other.ndim - 1,)))


def outer(input: Tensor, vec2: Tensor) -> Tensor:
    """out[i, j] = input[i] * vec2[j]."""
    _tensors("outer", input=input, vec2=vec2)
    _rank("outer", "input", input, 1)
    _rank("outer", "vec2", vec2, 1)
    return input.reshape((-1, 1)) * vec2.reshape((1, -1))


ger = outer


def cross(input: Tensor, other: Tensor, dim: int | None = None) -> Tensor:
    """The cross product of 3-vectors along ``dim`` (None: the first axis of size 3)."""
    _tensors("cross", input=input, other=other)
    if input.shape != other.shape:
        raise ValueError(f"For 'cross', the inputs must have one shape, but got {input.shape} and {other.shape}")
    if dim is None:
        dim = next((i for i, n in enumerate(input.shape) if n == 3), None)
        if dim is None:
            raise ValueError(f"For 'cross', the inputs need an axis of size 3, but got shape {input.shape}")
    dim = norm_axis(dim, input.ndim, "dim")
    if input.shape[dim] != 3:
        raise ValueError(f"For 'cross', axis {dim} must have size 3, but got shape {input.shape}")
    a = [input[(slice(None),) * dim + (k,)] for k in range(3)]
    b = [other[(slice(None),) * dim + (k,)] for k in range(3)]
    parts = [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]
    return stack(parts, dim)


def kron(input: Tensor, other: Tensor) -> Tensor:
    """The Kronecker product: every element of input times the whole of other, in blocks."""
    _tensors("kron", input=input, other=other)
    ndim = max(input.ndim, other.ndim)
    a = input.reshape((1,) * (ndim - input.ndim) + input.shape)
    b = other.reshape((1,) * (ndim - other.ndim) + other.shape)
    spread = a.reshape(tuple(v for n in a.shape for v in (n, 1))) * b.reshape(tuple(v for n in b.shape for v in (1, n)))
    return spread.reshape(tuple(m * n for m, n in zip(a.shape, b.shape)))


def _scaled_sum(input: Tensor, product: Tensor, beta: Any, alpha: Any) -> Tensor:
    """beta * input + alpha * product, the scalings skipped where they are 1 (so ints stay ints)."""
    left = input if _is_one(beta) else input * beta
    right = product if _is_one(alpha) else product * alpha
    return left + right


def _is_one(v: Any) -> bool:
    return not isinstance(v, Tensor) and v == 1


def addmm(input: Tensor, mat1: Tensor, mat2: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
    """beta * input + alpha * (mat1 @ mat2)."""
    return _scaled_sum(input, mm(mat1, mat2), beta, alpha)


def addmv(input: Tensor, mat: Tensor, vec: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
    """beta * input + alpha * (mat @ vec)."""
    return _scaled_sum(input, mv(mat, vec), beta, alpha)


def addr(x: Tensor, vec1: Tensor, vec2: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
    """beta * x + alpha * outer(vec1, vec2)."""
    return _scaled_sum(x, outer(vec1, vec2), beta, alpha)


def addbmm(input: Tensor, batch1: Tensor, batch2: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
    """beta * input + alpha * the sum over the batch of batch1[i] @ batch2[i]."""
    return _scaled_sum(input, bmm(batch1, batch2).sum(0), beta, alpha)


def baddbmm(input: Tensor, batch1: Tensor, batch2: Tensor, beta: Any = 1, alpha: Any = 1) -> Tensor:
    """beta * input + alpha * (batch1 @ batch2), batch by batch."""
    return _scaled_sum(input, bmm(batch1, batch2), beta, alpha)


def tensor_dot(x1: Tensor, x2: Tensor, axes: Any) -> Tensor:
    """Sum of products over ``axes`` (an int n: x1's last n against x2's first n; or two lists of axes), the
    remaining axes of x1 then of x2."""
    _tensors("tensor_dot", x1=x1, x2=x2)
    if isinstance(axes, int) and not isinstance(axes, bool):
        if not 0 <= axes <= min(x1.ndim, x2.ndim):
            raise ValueError(f"For 'tensor_dot', axes {axes} must be in [0, {min(x1.ndim, x2.ndim)}]")
        a_axes, b_axes = tuple(range(x1.ndim - axes, x1.ndim)), tuple(range(axes))
    else:
        a_axes, b_axes = (tuple(v) if isinstance(v, (list, tuple)) else (v,) for v in axes)
    a_axes, b_axes = norm_axis(a_axes, x1.ndim, "axes"), norm_axis(b_axes, x2.ndim, "axes")
    if len(a_axes) != len(b_axes) or any(x1.shape[i] != x2.shape[j] for i, j in zip(a_axes, b_axes)):
        raise ValueError(f"For 'tensor_dot', axes {a_axes} of {x1.shape} and {b_axes} of {x2.shape} must pair "
                         f"axes of equal sizes")
    a_rest = [i for i in range(x1.ndim) if i not in a_axes]
    b_rest = [i for i in range(x2.ndim) if i not in b_axes]
    k = math.prod(x1.shape[i] for i in a_axes)
    a = transpose(x1, a_rest + list(a_axes)).reshape((-1, k))
    b = transpose(x2, list(b_axes) + b_rest).reshape((k, -1))
    return matmul(a, b).reshape(tuple(x1.shape[i] for i in a_rest) + tuple(x2.shape[i] for i in b_rest))


def batch_dot(x1: Tensor, x2: Tensor, axes: Any = None) -> Tensor:
    """tensor_dot batch entry by batch entry (axis 0 of both), over x1's last and x2's second-to-last axis
    (or its last, for a matrix) by default; a result with one axis gets a trailing axis of 1."""
    _tensors("batch_dot", x1=x1, x2=x2)
    if x1.ndim < 2 or x2.ndim < 2 or x1.shape[0] != x2.shape[0]:
        raise ValueError(f"For 'batch_dot', the inputs must have rank >= 2 and one batch size, but got "
                         f"{x1.shape} and {x2.shape}")
    if axes is None:
        axes = (x1.ndim - 1, x2.ndim - 1 if x2.ndim == 2 else x2.ndim - 2)
    elif isinstance(axes, int) and not isinstance(axes, bool):
        axes = (axes, axes)
    a, b = norm_axis(axes[0], x1.ndim, "axes"), norm_axis(axes[1], x2.ndim, "axes")
    if 0 in (a, b) or x1.shape[a] != x2.shape[b]:
        raise ValueError(f"For 'batch_dot', axes {tuple(axes)} must pair non-batch axes of equal sizes of "
                         f"{x1.shape} and {x2.shape}")
    x1 = transpose(x1, [0] + [i for i in range(1, x1.ndim) if i != a] + [a])
    x2 = transpose(x2, [0, b] + [i for i in range(1, x2.ndim) if i != b])
    left, right = x1.shape[1:-1], x2.shape[2:]
    out = matmul(x1.reshape((x1.shape[0], -1, x1.shape[-1])), x2.reshape((x2.shape[0], x2.shape[1], -1)))
    out = out.reshape((x1.shape[0],) + left + right)
    return out.reshape(out.shape + (1,)) if out.ndim == 1 else out


def einsum(equation: str, *operands: Tensor) -> Tensor:
    """Einstein summation (explicit '->' or implicit output, no '...'): the operands laid out on one list of
    labels, multiplied with broadcasting, and summed over the labels the output lacks."""
    if not isinstance(equation, str):
        raise TypeError(f"For 'einsum', equation must be a str, but got {type(equation).__name__}")
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    _tensors("einsum", **{f"operand {i}": t for i, t in enumerate(operands)})
    spec = equation.replace(" ", "")
    inputs, _, output = spec.partition("->")
    terms = inputs.split(",")
    if "." in spec or len(terms) != len(operands) or not all(t.isalpha() for t in terms):
        raise ValueError(f"For 'einsum', equation {equation!r} must name one term of letters per operand "
                         f"({len(operands)}), without '...'")
    if "->" not in spec:
        output = "".join(sorted(c for c in set(inputs) if c.isalpha() and inputs.count(c) == 1))
    labels = list(dict.fromkeys(output + "".join(terms)))
    sizes: dict[str, int] = {}
    product = None
    for term, x in zip(terms, operands):
        if len(term) != x.ndim:
            raise ValueError(f"For 'einsum', term {term!r} names {len(term)} axes of an operand of shape {x.shape}")
        for c in dict.fromkeys(term):  # a repeated label takes the diagonal
            axes = [i for i, d in enumerate(term) if d == c]
            while len(axes) > 1:
                x = movedim(diagonal(x, 0, axes[0], axes[1]), -1, axes[0])
                term = term[:axes[1]] + term[axes[1] + 1:]
                axes = [i for i, d in enumerate(term) if d == c]
        for c, n in zip(term, x.shape):
            if sizes.setdefault(c, n) != n and 1 not in (n, sizes[c]):
                raise ValueError(f"For 'einsum', label {c!r} has sizes {sizes[c]} and {n}")
            sizes[c] = max(sizes[c], n)
        present = [c for c in labels if c in term]
        x = transpose(x, [term.index(c) for c in present])
        x = x.reshape(tuple(x.shape[present.index(c)] if c in term else 1 for c in labels))
        product = x if product is None else product * x
    summed = tuple(i for i, c in enumerate(labels) if c not in output)
    return broadcast_to(product.sum(summed) if summed else product, tuple(sizes[c] for c in output))

"""VJP rules written once, against the primitive interface, for primitives whose frameworks' own rules
differ at inf, NaN or 0 (issue 20: one choice on every backend).

Each rule takes ``p``, anything holding the primitives of ``unigrad.backends.base.PRIMITIVES`` as attributes
(the NumPy engine's primitives module, or a namespace of torch's or jax's), so that the same sequence of
primitive calls, hence the same IEEE results, runs on every backend. A backend attaches it where its
framework takes custom derivatives: ``defvjp`` on the NumPy engine's tape, a ``torch.autograd.Function``,
a ``jax.custom_vjp``. The rules use only primitives, so derivatives of any order still work.
"""
from __future__ import annotations

from typing import Any


def cumprod_vjp(p: Any, g: Any, ans: Any, x: Any, axis: int) -> Any:
    """The gradient of ``ans = cumprod(x, axis)`` for the cotangent ``g``, without a division.

    d ans_k / d x_i is the product of x_j over j <= k, j != i, so the gradient is ans_{i-1} * R_i (ans_{-1}
    = 1) with R_i = sum_{k >= i} g_k prod_{i < j <= k} x_j, the reverse recurrence R_i = g_i + x_{i+1} R_{i+1}.
    The recurrence runs in log2(n) doubling steps of slices, products and sums (no data-dependent branch,
    so jax traces it): exact at zeros, where ``ans / x`` (MindSpore's, and torch's rule without zeros) is NaN,
    and one IEEE result at inf and NaN wherever it runs. Each step combines (A_i, B_i), standing for
    R_i = B_i + A_i R_{i+span}, with the pair ``span`` further on; A_i = prod_{i < j <= i+span} x_j."""
    n = x.shape[axis]
    lead = (slice(None),) * axis

    def part(a: Any, start: int, stop: int) -> Any:
        return p.getitem(a, lead + (slice(start, stop),))

    b, a, span = g, part(x, 1, n), 1
    while span < n:
        carried = p.add(part(b, 0, n - span), p.mul(part(a, 0, n - span), part(b, span, n)))
        b = p.concat([carried, part(b, n - span, n)], axis)
        if 2 * span < n:
            a = p.mul(part(a, 0, n - 2 * span), part(a, span, n - span))
        span *= 2
    return p.concat([part(b, 0, 1), p.mul(part(ans, 0, n - 1), part(b, 1, n))], axis)

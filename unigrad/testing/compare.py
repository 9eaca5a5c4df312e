"""How one backend's array is judged against another's: default tolerances by dtype, and one row of
statistics per compared array (max abs diff, max rel diff, cosine similarity, % of elements within tolerance),
printed as a table. A single total (allclose's yes or no) says nothing about where or how far two
frameworks part; these rows say which array, by how much, and whether it is rounding (cosine ~1, a few
elements off) or a wrong rule (cosine well below 1, most elements off).

An element agrees when ``|actual - reference| <= atol + rtol * |reference|`` (NumPy's allclose); NaN agrees
with NaN and an infinity with the same infinity.
"""
from __future__ import annotations

import dataclasses
from typing import Any, Iterable

import numpy as np

# (rtol, atol) by dtype name: a few units in the last place of what two frameworks' kernels round differently
# (summation order, fused multiply-adds, half-precision matmuls accumulated in float32), not a bug
TOLERANCES: dict[str, tuple[float, float]] = {
    "float64": (1e-7, 1e-9),
    "float32": (1e-4, 1e-5),
    "float16": (1e-2, 1e-3),
    "bfloat16": (5e-2, 1e-2),
}


def tolerances(dtype: Any, rtol: float | None = None, atol: float | None = None) -> tuple[float, float]:
    """``(rtol, atol)`` for arrays of ``dtype`` (a NumPy dtype or its name): the given values where not None,
    else ``TOLERANCES``' (0, 0 for integers and bools: they must be equal)."""
    default = TOLERANCES.get(np.dtype(dtype).name, (0.0, 0.0))
    return (default[0] if rtol is None else float(rtol)), (default[1] if atol is None else float(atol))


@dataclasses.dataclass(frozen=True)
class Comparison:
    """One compared array: ``within`` is the fraction of elements within tolerance; ``problem`` a
    mismatch of shape or dtype (then the statistics are not computed)."""

    name: str
    shape: tuple
    dtype: str
    max_abs: float
    max_rel: float
    cosine: float
    within: float
    rtol: float
    atol: float
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem and self.within == 1.0


def compare(name: str, actual: Any, reference: Any, rtol: float | None = None,
            atol: float | None = None) -> Comparison:
    """The statistics of ``actual`` against ``reference`` (arrays, NumPy's or convertible), with the dtype's
    default tolerances where ``rtol`` / ``atol`` are None. The relative difference is measured only where
    ``|reference| > atol`` (smaller elements are judged by ``atol``), so a value that should be zero does
    not turn a rounding error into an infinite relative one."""
    actual, reference = np.asarray(actual), np.asarray(reference)
    shape, dtype = tuple(reference.shape), reference.dtype.name
    rtol, atol = tolerances(reference.dtype, rtol, atol)
    if actual.shape != reference.shape or actual.dtype != reference.dtype:
        return Comparison(name, shape, dtype, np.nan, np.nan, np.nan, 0.0, rtol, atol,
                          f"got {actual.dtype.name}{list(actual.shape)}, the reference is {dtype}{list(shape)}")
    a, r = actual.astype(np.float64), reference.astype(np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        same = (a == r) | (np.isnan(a) & np.isnan(r))
        diff = np.where(same, 0.0, np.abs(a - r))
        diff = np.where(np.isnan(diff), np.inf, diff)  # NaN on one side only
        within = same | (diff <= atol + rtol * np.abs(r))
        large = np.abs(r) > atol
        rel = np.where(large, diff / np.where(large, np.abs(r), 1.0), 0.0)
    finite = np.isfinite(a) & np.isfinite(r)
    norms = float(np.linalg.norm(a[finite])), float(np.linalg.norm(r[finite]))
    if norms[0] == 0.0 or norms[1] == 0.0:
        cosine = 1.0 if norms[0] == norms[1] else 0.0
    else:
        cosine = float(np.dot(a[finite], r[finite]) / (norms[0] * norms[1]))
    return Comparison(name, shape, dtype, float(diff.max(initial=0.0)), float(rel.max(initial=0.0)), cosine,
                      float(within.mean()) if within.size else 1.0, rtol, atol)


_COLUMNS = ("", "name", "shape", "dtype", "max abs diff", "max rel diff", "cosine", "within tol")


def table(rows: Iterable[Comparison]) -> str:
    """The rows as a plain-text table, one line per array; a failing row starts with ``!``, and a row with a
    shape or dtype mismatch says what it got after its columns."""
    lines, notes = [], []
    for row in rows:
        lines.append(["!" if not row.ok else " ", row.name, "x".join(map(str, row.shape)) or "()", row.dtype]
                     + (["-"] * 4 if row.problem else
                        [f"{row.max_abs:.3e}", f"{row.max_rel:.3e}", f"{row.cosine:.6f}", f"{100 * row.within:.2f}%"]))
        notes.append(row.problem)
    widths = [max(len(line[i]) for line in [_COLUMNS, *lines]) for i in range(len(_COLUMNS))]
    return "\n".join(("  ".join(cell.ljust(w) for cell, w in zip(line, widths)) + "  " + note).rstrip()
                     for line, note in zip([list(_COLUMNS), *lines], ["", *notes]))

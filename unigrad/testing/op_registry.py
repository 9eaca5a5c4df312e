"""One entry per public op of ``unigrad.ops``: how to call it, on what inputs, and what to expect.

The conformance suite runs every entry on every backend (gradients against finite differences, second
order, float32 against float64, backends against the NumPy engine), so an entry's sample inputs keep
away from kinks and singularities: the checks then judge the rules, not the sampling. A new op without
an entry fails ``test_every_public_op_has_an_entry``.
"""
from __future__ import annotations

import dataclasses
import types
import zlib
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np

import unigrad
from unigrad import dtype as dt
from unigrad import ops
from unigrad.ops import _indexing, _linalg, _nn
from unigrad._tensor import Tensor
from unigrad.testing.gradcheck import analytic_grad, as_tensors, outputs_of

Part = Callable[[np.random.Generator, np.dtype], np.ndarray]
Sampler = Callable[[np.random.Generator, Any], list]


@dataclass(frozen=True)
class OpSpec:
    """How the conformance suite exercises one op in one configuration.

    * ``fn(*tensors)`` calls the op with every non-Tensor argument fixed;
    * ``sample(rng, dtype)`` returns the inputs as NumPy arrays (float ones in ``dtype``);
    * ``argnums``: the inputs the gradient is checked for (None: every float input; () for ops whose
      gradient is not defined, such as in-place Parameter updates);
    * ``differentiable``: False when the op carries no gradient (its gradient must then be zero);
    * ``second_order``: whether grad-of-grad is checked too;
    * ``rounds``: the op rounds to float32 on the way (a cast), so float64 finite differences need a
      coarser step and tolerance;
    * ``out_dtype``: the dtype of each output for float inputs of a dtype D: None means D, a DType
      means that dtype for every output, a tuple gives one entry (None or a DType) per output;
    * ``kinks``: the points besides 0 where the op's slope jumps (clamp's bounds, relu6's 6), which
      the edge samples hit exactly.
    """

    name: str
    fn: Callable[..., Any]
    sample: Sampler
    variant: str = ""
    dtypes: tuple[dt.DType, ...] = (dt.float32, dt.float64)
    argnums: tuple[int, ...] | None = None
    differentiable: bool = True
    second_order: bool = True
    out_dtype: Any = None
    rounds: bool = False
    kinks: tuple[float, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.name}-{self.variant}" if self.variant else self.name

    def draw(self, dtype: Any) -> list[np.ndarray]:
        """The entry's inputs from a generator seeded by its id: the same arrays in every run and test."""
        return self.sample(np.random.default_rng(zlib.crc32(self.id.encode())), dtype)

    def draw_edges(self, kind: str, dtype: Any) -> list[np.ndarray]:
        """The smooth inputs with every float input moved onto one kind of edge (see ``EDGE_KINDS``):
        the same arrays in every run, ints and bools (indices, masks) left as they are."""
        rng = np.random.default_rng(zlib.crc32(f"{self.id}/{kind}".encode()))
        return [EDGE_KINDS[kind](a, rng, self.kinks) if a.dtype.kind == "f" else a for a in self.draw(dtype)]

    @property
    def tolerances(self) -> dict[str, float]:
        """Keyword arguments for check_grad: its defaults, or for an op that rounds to float32 a step of 1e-2
        (the rounding error of x + eps shrinks with eps; the op is linear) and 1e-5, ~8x the measured 1.25e-6."""
        return {"eps": 1e-2, "rtol": 1e-5, "atol": 1e-5} if self.rounds else {}

    def grad_argnums(self, arrays: Sequence[np.ndarray]) -> tuple[int, ...]:
        if self.argnums is not None:
            return self.argnums
        return tuple(i for i, a in enumerate(arrays) if a.dtype.kind == "f")

    def expected_dtypes(self, n_outputs: int, input_dtype: dt.DType) -> list[dt.DType]:
        per_output = self.out_dtype if isinstance(self.out_dtype, tuple) else (self.out_dtype,) * n_outputs
        return [input_dtype if d is None else d for d in per_output]


def _specials(x: np.ndarray, rng: np.random.Generator, kinks: Sequence[float]) -> np.ndarray:
    """NaN, +-inf and +-0 at random places among the smooth values."""
    x = x.copy()
    flat = x.reshape(-1)
    places = rng.permutation(flat.size)[:5]
    flat[places] = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0])[:places.size]
    return x


def _ties_and_kinks(x: np.ndarray, rng: np.random.Generator, kinks: Sequence[float]) -> np.ndarray:
    """Every value from a few points (0, -0, +-1, 2 and the op's kinks): ties everywhere, kinks hit exactly."""
    return rng.choice(np.array([0.0, -0.0, 1.0, -1.0, 2.0, *kinks]), x.shape).astype(x.dtype)


def _large(x: np.ndarray, rng: np.random.Generator, kinks: Sequence[float]) -> np.ndarray:
    """The smooth values scaled to about +-1e4, where exp, softplus and the losses overflow if done naively."""
    return (x * 1e4).astype(x.dtype)


# How the edge samples move an entry's float inputs: the conformance suite requires every backend to give
# the same values and gradients there (NaN equal to NaN), as tests/conformance/test_edge_agreement.py does.
EDGE_KINDS: dict[str, Callable[[np.ndarray, np.random.Generator, Sequence[float]], np.ndarray]] = {
    "specials": _specials, "ties_and_kinks": _ties_and_kinks, "large": _large}

def edge_cotangents(spec: "OpSpec", outputs: Sequence[np.ndarray]) -> list[np.ndarray]:
    """The cotangents an entry's edge gradients are taken with: uneven whole numbers 1 to 4, finite (the
    edge samples put NaN and inf in the inputs, not here), the same for every backend and for MindSpore."""
    rng = np.random.default_rng(zlib.crc32(f"{spec.id}/cotangents".encode()))
    return [rng.integers(1, 5, np.shape(o)).astype(np.float64) for o in outputs]


def edge_results(spec: "OpSpec", arrays: Sequence[np.ndarray]) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """An entry's outputs on ``arrays`` and, where it is differentiable, its gradients for
    ``edge_cotangents``, as NumPy arrays, on the current backend and device."""
    tensors = as_tensors(arrays, None)
    outputs = [o.asnumpy() for o in outputs_of(spec.fn(*tensors))]
    argnums = spec.grad_argnums(arrays) if spec.differentiable else ()
    grads = analytic_grad(spec.fn, tensors, argnums, edge_cotangents(spec, outputs)) if argnums else []
    return outputs, grads


def edge_atol(kind: str | None, expected: np.ndarray, rtol: float, atol: float) -> float:
    """The absolute tolerance for comparing results on one kind of edge sample: ``atol``, but for the
    ~1e4 inputs ``rtol`` times the largest finite result (sums of ~1e8 terms round differently in
    another order, as in a backend's matmul)."""
    if kind != "large":
        return atol
    finite = np.abs(expected[np.isfinite(expected)])
    return max(atol, rtol * float(finite.max(initial=0.0)))


# (backend, op, edge kind) -> why that backend still differs from the NumPy engine there (a native kernel
# from its op's generic version too). Each is a README known gap and an xfail in the conformance tests
# (not strict: an entry whose edge sample misses the case, or a dtype where XLA takes another path, agrees).
EDGE_GAPS: dict[tuple[str, str, str], str] = {
}
# Gaps on the GPU only (the same entries agree on the CPU), measured on an H200 (torch 2.11, CUDA 13).
EDGE_GAPS_ON_GPU: dict[tuple[str, str, str], str] = {
    ("torch", "conv2d", "specials"): "cuDNN's convolution algorithms mix inputs (transforms, tiles) before "
                                     "they multiply, so a NaN or inf input turns input-gradient elements NaN "
                                     "that the CPU's direct sum leaves finite",
}


# -- samplers: each part draws one input; ``inputs`` joins parts into a sampler ----------------------
def _np_dtype(dtype: Any) -> np.dtype:
    return np.dtype(dtype.numpy if isinstance(dtype, dt.DType) else dtype)


def inputs(*parts: Part) -> Sampler:
    """A sampler drawing each part in turn (so the inputs depend only on the rng's seed)."""
    return lambda rng, dtype: [part(rng, _np_dtype(dtype)) for part in parts]


def normal(*shape: int, scale: float = 1.0) -> Part:
    return lambda rng, dtype: (scale * rng.standard_normal(shape)).astype(dtype)


def uniform(*shape: int, low: float = -1.0, high: float = 1.0) -> Part:
    return lambda rng, dtype: rng.uniform(low, high, shape).astype(dtype)


def avoiding(*shape: int, low: float = -2.0, high: float = 2.0, points: Sequence[float] = (0.0,),
             gap: float = 0.2) -> Part:
    """Uniform in [low, high] but at least ``gap`` from each kink in ``points``."""
    def draw(rng, dtype):
        x = rng.uniform(low, high, shape)
        while True:
            bad = np.zeros(shape, dtype=bool)
            for p in points:
                bad |= np.abs(x - p) < gap
            if not bad.any():
                return x.astype(dtype)
            x = np.where(bad, rng.uniform(low, high, shape), x)
    return draw


def positive(*shape: int, low: float = 0.5, high: float = 2.0) -> Part:
    return uniform(*shape, low=low, high=high)


def nonzero(*shape: int, low: float = 0.5, high: float = 2.0) -> Part:
    """Magnitude in [low, high] with a random sign: away from the singularity at 0."""
    return lambda rng, dtype: (rng.choice([-1.0, 1.0], shape) * rng.uniform(low, high, shape)).astype(dtype)


def off_integers(*shape: int, low: int = -3, high: int = 3) -> Part:
    """Values at least 0.2 from every integer (floor, ceil and friends jump at integers)."""
    return lambda rng, dtype: (rng.integers(low, high, shape) + rng.uniform(0.2, 0.8, shape)).astype(dtype)


def distinct(*shape: int, low: float = -2.0, high: float = 2.0, signed: bool = False) -> Part:
    """Pairwise distinct values (no ties for max, min, sorting or pooling); ``signed``: distinct |x|."""
    def draw(rng, dtype):
        n = int(np.prod(shape, dtype=np.int64))
        step = (high - low) / max(n, 1)
        grid = low + step * (np.arange(n) + rng.uniform(0.25, 0.75, n))
        x = rng.permutation(grid).reshape(shape)
        if signed:
            x = x * rng.choice([-1.0, 1.0], shape)
        return x.astype(dtype)
    return draw


def integer_valued(*shape: int, low: int = -2, high: int = 3) -> Part:
    """Small whole numbers as floats, so comparisons meet ties."""
    return lambda rng, dtype: rng.integers(low, high, shape).astype(dtype)


def ints(*shape: int, low: int = 0, high: int = 3) -> Part:
    return lambda rng, dtype: rng.integers(low, high, shape).astype(np.int64)


def bools(*shape: int) -> Part:
    return lambda rng, dtype: rng.random(shape) < 0.5


def const(value: Any) -> Part:
    """A fixed array (indices, targets); float constants follow the requested dtype."""
    array = np.asarray(value)
    return lambda rng, dtype: array.astype(dtype) if array.dtype.kind == "f" else array.copy()


def probabilities(*shape: int, axis: int = -1) -> Part:
    def draw(rng, dtype):
        e = np.exp(rng.standard_normal(shape))
        return (e / e.sum(axis=axis, keepdims=True)).astype(dtype)
    return draw


def _distinct_pair(*shapes: tuple[int, ...]) -> Sampler:
    """Inputs whose values are distinct across all of them (maximum/minimum without ties)."""
    def sample(rng, dtype):
        sizes = [int(np.prod(s, dtype=np.int64)) for s in shapes]
        pool = distinct(sum(sizes))(rng, _np_dtype(dtype))
        cuts = np.cumsum(sizes)[:-1]
        return [piece.reshape(s) for piece, s in zip(np.split(pool, cuts), shapes)]
    return sample


def _remainder_sample(rng, dtype) -> list:
    """x and y with x / y at least 0.2 from an integer (where x mod y jumps)."""
    y = nonzero(3, 4)(rng, np.float64)
    quotient = off_integers(3, 4)(rng, np.float64)
    return [(quotient * y).astype(_np_dtype(dtype)), y.astype(_np_dtype(dtype))]


def _between_bounds_sample(rng, dtype) -> list:
    """x, lo, hi with lo < hi and x at least 0.2 from either bound (clamp's kinks)."""
    lo = rng.uniform(-1.5, -0.5, (3, 4))
    hi = rng.uniform(0.5, 1.5, (3, 4))
    x = rng.uniform(-2.5, 2.5, (3, 4))
    while True:
        bad = (np.abs(x - lo) < 0.2) | (np.abs(x - hi) < 0.2)
        if not bad.any():
            break
        x = np.where(bad, rng.uniform(-2.5, 2.5, (3, 4)), x)
    return [a.astype(_np_dtype(dtype)) for a in (x, lo, hi)]


def _isclose_sample(rng, dtype) -> list:
    x = normal(3, 4)(rng, _np_dtype(dtype))
    y = x.copy()
    y[::2] += 0.5
    return [x, y]


# -- the registry ------------------------------------------------------------------------------------
REGISTRY: list[OpSpec] = []


def spec(name: str, fn: Callable[..., Any], sample: Sampler, variant: str = "", **options: Any) -> None:
    REGISTRY.append(OpSpec(name, fn, sample, variant, **options))


# Ops that are not MindSpore names but do the work of a Tensor method or a layer (``x[i]``, ``x[i] = v``,
# ``MatMul``'s transposes, nn.MaxPool2d's explicit pads): their entries call these functions.
INTERNAL: dict[str, Callable[..., Any]] = {
    "getitem": _indexing.getitem, "index_put": _indexing.index_put, "batch_matmul": _linalg.batch_matmul,
    "max_pool2d_pads": _nn.max_pool2d_pads, "avg_pool2d_pads": _nn.avg_pool2d_pads,
    "pool_padding": _nn.pool_padding, "ceil_mode_pads": _nn.ceil_mode_pads,
}


def _op(name: str) -> Callable[..., Any]:
    return INTERNAL[name] if name in INTERNAL else getattr(ops, name)


def _call(name: str, *args: Any, **kwargs: Any) -> Callable[..., Any]:
    """``fn(*tensors) = ops.<name>(*tensors, *args, **kwargs)``, looked up when called."""
    def fn(*tensors):
        return _op(name)(*tensors, *args, **kwargs)
    fn.__name__ = name
    return fn


def _lists(name: str, *args: Any, **kwargs: Any) -> Callable[..., Any]:
    """``fn(*tensors) = ops.<name>(list(tensors), ...)`` for concat and stack."""
    return lambda *tensors: getattr(ops, name)(list(tensors), *args, **kwargs)


X34 = normal(3, 4)
X234 = normal(2, 3, 4)
_NO_INPUTS = {"sample": inputs(), "differentiable": False, "dtypes": (dt.float32,)}

# elementwise, one float input: (name, sampler part, second order)
for _name, _part in [
    ("exp", X34), ("log", positive(3, 4)), ("log1p", uniform(3, 4, low=-0.5, high=2.0)), ("expm1", X34),
    ("sqrt", positive(3, 4)), ("rsqrt", positive(3, 4)), ("reciprocal", nonzero(3, 4)),
    ("sin", X34), ("cos", X34), ("tan", uniform(3, 4)), ("tanh", X34), ("arctan", X34), ("erf", X34),
    ("sigmoid", X34), ("neg", X34), ("abs", nonzero(3, 4)), ("square", X34), ("silu", X34),
    ("relu", nonzero(3, 4)), ("leaky_relu", nonzero(3, 4)), ("softplus", X34),
    ("relu6", avoiding(3, 4, low=-2.0, high=8.0, points=(0.0, 6.0))),
]:
    spec(_name, _call(_name), inputs(_part), kinks=(6.0,) if _name == "relu6" else ())

spec("leaky_relu", _call("leaky_relu", 0.05), inputs(nonzero(3, 4)), "alpha")
spec("softplus", _call("softplus", 2.0, 5.0), inputs(X34), "beta", kinks=(2.5,))
spec("softplus", _call("softplus"), inputs(positive(3, 4, low=21.0, high=25.0)), "above_threshold", kinks=(20.0,))
spec("sigmoid", _call("sigmoid"), inputs(normal(3, 4, scale=40.0)), "large")
spec("gelu", _call("gelu"), inputs(X34), "erf")
spec("gelu", _call("gelu", "tanh"), inputs(X34), "tanh")

# piecewise constant: no gradient
for _name in ("floor", "ceil"):
    spec(_name, _call(_name), inputs(off_integers(3, 4)), differentiable=False)
spec("sign", _call("sign"), inputs(nonzero(3, 4)), differentiable=False)

# binary arithmetic, plain and broadcast and with a Python scalar
for _name, _rhs in [("add", X34), ("sub", X34), ("mul", X34), ("div", nonzero(3, 4))]:
    spec(_name, _call(_name), inputs(X34, _rhs))
    spec(_name, _call(_name), inputs(normal(3, 1), normal(4) if _name != "div" else nonzero(4)), "broadcast")
spec("add", lambda x: ops.add(x, 2.5), inputs(X34), "scalar")
spec("sub", lambda x: ops.sub(1.5, x), inputs(X34), "scalar_first")
spec("mul", lambda x: ops.mul(3, x), inputs(X34), "int_scalar")
spec("div", lambda x: ops.div(2.0, x), inputs(nonzero(3, 4)), "scalar_first")
spec("div", lambda x, y: ops.div(x, y), inputs(ints(3, 4, low=1, high=9), ints(3, 4, low=1, high=5)),
     "ints", out_dtype=dt.float32, dtypes=(dt.float32,))
spec("div", _call("div", rounding_mode="floor"), inputs(X34, nonzero(3, 4)), "floor", differentiable=False)
spec("div", _call("div", rounding_mode="trunc"), inputs(X34, nonzero(3, 4)), "trunc", differentiable=False)
spec("floor_divide", _call("floor_divide"), inputs(X34, nonzero(3, 4)), differentiable=False)
spec("remainder", _call("remainder"), _remainder_sample)
spec("fmod", _call("fmod"), _remainder_sample)
spec("pow", _call("pow"), inputs(positive(3, 4), uniform(3, 4, low=-2.0, high=2.0)))
spec("pow", lambda x: ops.pow(x, 3), inputs(X34), "int_exponent")
spec("pow", lambda x: ops.pow(x, 0.5), inputs(positive(3, 4)), "sqrt_exponent")
spec("pow", lambda x: ops.pow(2.0, x), inputs(X34), "scalar_base")
spec("atan2", _call("atan2"), inputs(nonzero(3, 4), nonzero(3, 4)))
for _name in ("maximum", "minimum"):
    spec(_name, _call(_name), _distinct_pair((3, 4), (3, 4)))
    spec(_name, _call(_name), _distinct_pair((3, 1), (4,)), "broadcast")
    spec(_name, lambda x, _n=_name: getattr(ops, _n)(x, 0.5), inputs(avoiding(3, 4, points=(0.5,))), "scalar",
         kinks=(0.5,))

spec("clamp", _call("clamp", -0.5, 0.8), inputs(avoiding(3, 4, points=(-0.5, 0.8))), kinks=(-0.5, 0.8))
spec("clamp", _call("clamp", None, 0.3), inputs(avoiding(3, 4, points=(0.3,))), "max_only", kinks=(0.3,))
spec("clamp", _call("clamp", -0.3), inputs(avoiding(3, 4, points=(-0.3,))), "min_only", kinks=(-0.3,))
spec("clamp", _call("clamp"), _between_bounds_sample, "tensor_bounds")

spec("where", _call("where"), inputs(bools(3, 4), X34, X34))
spec("where", _call("where"), inputs(bools(3, 1), normal(4), normal(2, 1, 1)), "broadcast")
spec("where", lambda c, x: ops.where(c, x, 0.0), inputs(bools(3, 4), X34), "scalar")
spec("select", _call("select"), inputs(bools(3, 4), X34, X34))

# comparisons and logic: bool results, no gradient
for _name in ("equal", "not_equal", "less", "less_equal", "greater", "greater_equal"):
    spec(_name, _call(_name), inputs(integer_valued(3, 4), integer_valued(3, 4)),
         differentiable=False, out_dtype=dt.bool_)
    spec(_name, lambda x, _n=_name: getattr(ops, _n)(x, 1.0), inputs(integer_valued(3, 4)), "scalar",
         differentiable=False, out_dtype=dt.bool_)
spec("isclose", _call("isclose"), _isclose_sample, differentiable=False, out_dtype=dt.bool_)
for _name in ("logical_and", "logical_or", "logical_xor"):
    spec(_name, _call(_name), inputs(bools(3, 4), bools(3, 4)), differentiable=False, out_dtype=dt.bool_)
spec("logical_not", _call("logical_not"), inputs(bools(3, 4)), differentiable=False, out_dtype=dt.bool_)
for _name in ("isfinite", "isnan", "isinf"):
    spec(_name, _call(_name), inputs(X34), differentiable=False, out_dtype=dt.bool_)
    spec(_name, _call(_name), inputs(ints(3, 4)), "ints", differentiable=False, out_dtype=dt.bool_, dtypes=(dt.float32,))

# reductions
for _name in ("sum", "mean"):
    spec(_name, _call(_name), inputs(X234), "all")
    spec(_name, _call(_name, 1), inputs(X234), "axis")
    spec(_name, _call(_name, (0, 2)), inputs(X234), "axes")
    spec(_name, _call(_name, -1, True), inputs(X234), "keepdims")
spec("sum", lambda x: ops.sum(x, 1, dtype=dt.float64), inputs(X34), "dtype", out_dtype=dt.float64)
spec("sum", _call("sum", 1), inputs(ints(3, 4)), "ints", out_dtype=dt.int64, dtypes=(dt.float32,))
spec("mean", _call("mean", 0), inputs(ints(3, 4)), "ints", out_dtype=dt.int64, dtypes=(dt.float32,))  # truncated
spec("prod", _call("prod"), inputs(nonzero(2, 3, low=0.5, high=1.5)), "all")
spec("prod", _call("prod", 1), inputs(nonzero(3, 4, low=0.5, high=1.5)), "axis")
spec("prod", _call("prod", (0, 1), True), inputs(nonzero(2, 2, 3, low=0.5, high=1.5)), "axes_keepdims")
for _name in ("amax", "amin"):
    spec(_name, _call(_name), inputs(distinct(2, 3, 4)), "all")
    spec(_name, _call(_name, 1), inputs(distinct(2, 3, 4)), "axis")
    spec(_name, _call(_name, (0, 2), True), inputs(distinct(2, 3, 4)), "axes_keepdims")
for _name in ("max", "min"):
    spec(_name, _call(_name, 1), inputs(distinct(3, 4)), "axis", out_dtype=(None, dt.int64))
    spec(_name, _call(_name, 0, True), inputs(distinct(3, 4)), "keepdims", out_dtype=(None, dt.int64))
for _name, _index_dtype in (("argmax", dt.int64), ("argmin", dt.int32)):  # MindSpore 2.10's dtypes
    _options = {"differentiable": False, "out_dtype": _index_dtype}
    spec(_name, _call(_name), inputs(distinct(3, 4)), "all", **_options)
    spec(_name, _call(_name, 1), inputs(distinct(3, 4)), "axis", **_options)
    spec(_name, _call(_name, -1, True), inputs(distinct(3, 4)), "keepdim", **_options)
# sorting: distinct values (ties are the edge programs' business); indices are Int32 (MindSpore 2.10's)
spec("sort", _call("sort"), inputs(distinct(3, 4)), out_dtype=(None, dt.int32))
spec("sort", _call("sort", 0, True), inputs(distinct(3, 4)), "axis0_descending", out_dtype=(None, dt.int32))
spec("argsort", _call("argsort", 1, True), inputs(distinct(3, 4)), differentiable=False, out_dtype=dt.int32)
spec("topk", _call("topk", 2), inputs(distinct(3, 4)), out_dtype=(None, dt.int32))
spec("topk", _call("topk", 2, 0, False), inputs(distinct(3, 4)), "dim0_smallest", out_dtype=(None, dt.int32))
spec("logsumexp", _call("logsumexp", 1), inputs(X234), "axis")
spec("logsumexp", _call("logsumexp", -1), inputs(normal(3, 4, scale=300.0)), "large")
spec("logsumexp", _call("logsumexp", (0, 2), True), inputs(X234), "axes_keepdims")
spec("cumsum", _call("cumsum", 0), inputs(X34), "axis0")
spec("cumsum", _call("cumsum", -1), inputs(X34), "last")
spec("cumsum", lambda x: ops.cumsum(x, 1, dtype=dt.float64), inputs(X34), "dtype", out_dtype=dt.float64)
spec("cumprod", _call("cumprod", 1), inputs(nonzero(3, 4, low=0.5, high=1.5)))
# a product is a polynomial: a zero factor is no singularity, and its gradient is finite there
spec("prod", _call("prod", 1), inputs(const([[0.0, 1.5, -0.5], [0.0, 0.0, 2.0], [1.0, 2.0, 3.0]])), "with_zero")
spec("cumprod", _call("cumprod", 1), inputs(const([[0.5, 0.0, 1.5, -1.0], [0.0, 2.0, 0.0, 1.0]])), "with_zero")
spec("norm", _call("norm"), inputs(X34), "l2_all")
spec("norm", _call("norm", 2, 1, True), inputs(X34), "l2_axis_keepdim")
spec("norm", _call("norm", 1, 1), inputs(nonzero(3, 4)), "l1")
spec("norm", _call("norm", float("inf"), -1), inputs(distinct(3, 4, low=0.3, high=2.0, signed=True)), "inf")
spec("norm", _call("norm", float("-inf"), -1), inputs(distinct(3, 4, low=0.3, high=2.0, signed=True)), "-inf")
spec("norm", _call("norm", 3, 0), inputs(nonzero(3, 4)), "p3")
spec("norm", _call("norm", "fro", (0, 1)), inputs(X234), "fro")
for _name in ("all", "any"):
    spec(_name, _call(_name), inputs(bools(3, 4)), "all", differentiable=False, out_dtype=dt.bool_)
    spec(_name, _call(_name, 1, True), inputs(bools(3, 4)), "axis_keepdims", differentiable=False,
         out_dtype=dt.bool_)
    spec(_name, _call(_name, 0), inputs(integer_valued(3, 4)), "float_input", differentiable=False,
         out_dtype=dt.bool_)

# shapes
spec("reshape", _call("reshape", (2, 6)), inputs(X34))
spec("reshape", _call("reshape", (4, -1)), inputs(X34), "infer")
spec("reshape", _call("reshape", (3, 4)), inputs(X34), "same_shape")
spec("transpose", _call("transpose", (2, 0, 1)), inputs(X234))
spec("transpose", _call("transpose"), inputs(X234), "reverse")
spec("permute", _call("permute", (1, 0, 2)), inputs(X234))
spec("swapaxes", _call("swapaxes", 0, 2), inputs(X234))
spec("expand_dims", _call("expand_dims", 1), inputs(X34))
spec("expand_dims", _call("expand_dims", -1), inputs(X34), "last")
spec("unsqueeze", _call("unsqueeze", 0), inputs(X34))
spec("squeeze", _call("squeeze"), inputs(normal(3, 1, 4, 1)), "all")
spec("squeeze", _call("squeeze", 1), inputs(normal(3, 1, 4, 1)), "axis")
spec("squeeze", _call("squeeze", (1, 3)), inputs(normal(3, 1, 4, 1)), "axes")
spec("flatten", _call("flatten"), inputs(X234))
spec("flatten", _call("flatten", start_dim=0, end_dim=1), inputs(X234), "range")
spec("broadcast_to", _call("broadcast_to", (2, 3, 4)), inputs(normal(3, 1)))
spec("broadcast_to", _call("broadcast_to", (2, -1, 4)), inputs(normal(3, 1)), "keep_size")
spec("tile", _call("tile", (2, 1)), inputs(normal(2, 3)))
spec("tile", _call("tile", (2,)), inputs(normal(2, 3)), "fewer_dims")
spec("tile", _call("tile", (2, 1, 2)), inputs(normal(2, 3)), "more_dims")
spec("repeat_elements", _call("repeat_elements", 2, 1), inputs(normal(2, 3)))
spec("repeat_elements", _call("repeat_elements", 3, 0), inputs(normal(2, 3)), "axis0")
spec("concat", _lists("concat", 0), inputs(normal(2, 3), normal(1, 3)))
spec("concat", _lists("concat", -1), inputs(normal(2, 1), normal(2, 3), normal(2, 2)), "three_last_axis")
spec("stack", _lists("stack", 0), inputs(normal(2, 3), normal(2, 3)))
spec("stack", _lists("stack", -1), inputs(normal(2, 3), normal(2, 3), normal(2, 3)), "last_axis")
spec("split", _call("split", 2, 1), inputs(normal(3, 5)), "size")
spec("split", _call("split", [1, 3, 1], 1), inputs(normal(3, 5)), "sections")
spec("chunk", _call("chunk", 2, 0), inputs(normal(3, 4)))
spec("flip", _call("flip", (0, 2)), inputs(X234))
spec("flip", _call("flip", 1), inputs(X234), "int_dim")

# indexing (int-array inputs are indices: never differentiated)
for _variant, _index in [
    ("int", 1), ("negative_int", (-1, 2)), ("step_slice", (slice(None, None, 2), slice(1, 4, 2))),
    ("reverse_slice", slice(None, None, -1)), ("ellipsis", (Ellipsis, 1)), ("none", (None, 1, slice(None), None)),
    ("list", ([0, 1], slice(None), [1, 3])), ("repeated_list", [1, 0, 1]), ("mixed", (slice(1, None), [0, 2])),
]:
    spec("getitem", _call("getitem", _index), inputs(X234), _variant)
spec("getitem", lambda x, i: INTERNAL["getitem"](x, i), inputs(X234, const([[1, 0], [1, 1]])), "int_tensor")
spec("getitem", lambda x, i: INTERNAL["getitem"](x, (Ellipsis, i)), inputs(X234, const([3, -1])), "int_tensor_last")
spec("getitem", lambda x, m: INTERNAL["getitem"](x, m), inputs(X34, const([[True, False, True, False]] * 3)),
     "bool_mask")
spec("gather", lambda x, i: ops.gather(x, i, 0), inputs(X34, const([[2, 0], [2, 1]])), "axis0")
spec("gather", lambda x, i: ops.gather(x, i, 1), inputs(X34, const([3, 3, 0])), "axis1")
spec("gather", lambda x, i: ops.gather(x, i, 2, batch_dims=1), inputs(normal(2, 3, 4), const([[3, 3, 0], [1, 2, 1]])),
     "batch_dims")
spec("index_select", lambda x, i: ops.index_select(x, 1, i), inputs(X34, const([0, 2, 2])))
spec("gather_elements", lambda x, i: ops.gather_elements(x, 1, i), inputs(X34, const([[0, 0], [3, 1], [2, 2]])))
spec("gather_elements", lambda x, i: ops.gather_elements(x, 0, i), inputs(X34, const([[2, 0, 1, 1]])), "dim0")
spec("index_put", lambda x, v: INTERNAL["index_put"](x, (slice(None), [0, 2]), v), inputs(X34, normal(3, 2)))
spec("index_put", lambda x: INTERNAL["index_put"](x, 1, 0.5), inputs(X34), "scalar_value")

# matrix products
for _variant, _shapes in [("vector_vector", ((3,), (3,))), ("vector_matrix", ((3,), (3, 2))),
                          ("matrix_vector", ((2, 3), (3,))), ("matrix", ((2, 3), (3, 4))),
                          ("batched", ((2, 2, 3), (2, 3, 4))), ("broadcast_batched", ((2, 1, 2, 3), (3, 3, 2)))]:
    spec("matmul", _call("matmul"), inputs(normal(*_shapes[0]), normal(*_shapes[1])), _variant)
spec("bmm", _call("bmm"), inputs(normal(2, 2, 3), normal(2, 3, 4)))
spec("batch_matmul", _call("batch_matmul"), inputs(normal(2, 2, 3), normal(2, 3, 4)))
spec("batch_matmul", _call("batch_matmul", True, True), inputs(normal(2, 3, 2), normal(2, 4, 3)), "transposed")
spec("dense", _call("dense"), inputs(normal(2, 3), normal(4, 3), normal(4)), "bias")
spec("dense", _call("dense"), inputs(normal(2, 2, 3), normal(4, 3)), "no_bias_batched")

# neural-network functions
for _axis in (-1, 0, 1):
    spec("softmax", _call("softmax", _axis), inputs(X234), f"axis{_axis}")
    spec("log_softmax", _call("log_softmax", _axis), inputs(X234), f"axis{_axis}")
spec("softmax", _call("softmax"), inputs(normal(3, 4, scale=300.0)), "large")
spec("log_softmax", _call("log_softmax"), inputs(normal(3, 4, scale=300.0)), "large")
_LOGITS, _CLASSES = normal(4, 5), ints(4, low=0, high=5)
spec("cross_entropy", _call("cross_entropy"), inputs(_LOGITS, _CLASSES), "indices")
spec("cross_entropy", _call("cross_entropy", reduction="sum"), inputs(_LOGITS, _CLASSES), "indices_sum")
spec("cross_entropy", _call("cross_entropy", reduction="none"), inputs(_LOGITS, _CLASSES), "indices_none")
spec("cross_entropy", _call("cross_entropy"), inputs(_LOGITS, probabilities(4, 5)), "probabilities")
# class weights are constants (no gradient), as in torch's and MindSpore's kernels
spec("cross_entropy", lambda x, t, w: ops.cross_entropy(x, t, w), inputs(_LOGITS, _CLASSES, positive(5)),
     "weight", argnums=(0,))
spec("cross_entropy", lambda x, t, w: ops.cross_entropy(x, t, w), inputs(_LOGITS, probabilities(4, 5), positive(5)),
     "probabilities_weight", argnums=(0, 1))
spec("cross_entropy", _call("cross_entropy", label_smoothing=0.1), inputs(_LOGITS, _CLASSES), "label_smoothing")
spec("cross_entropy", _call("cross_entropy", label_smoothing=0.2), inputs(_LOGITS, probabilities(4, 5)),
     "probabilities_label_smoothing")
spec("cross_entropy", _call("cross_entropy", ignore_index=1), inputs(_LOGITS, const([1, 0, 1, 4])), "ignore_index")
spec("cross_entropy", _call("cross_entropy"), inputs(normal(2, 3, 2, 2), ints(2, 2, 2)), "spatial")
spec("cross_entropy", _call("cross_entropy"), inputs(normal(5), const(3)), "unbatched")
spec("nll_loss", _call("nll_loss"), inputs(_LOGITS, _CLASSES))
spec("nll_loss", lambda x, t, w: ops.nll_loss(x, t, w, reduction="sum"), inputs(_LOGITS, _CLASSES, positive(5)),
     "weight_sum", argnums=(0,))
spec("nll_loss", _call("nll_loss", ignore_index=0, reduction="none"), inputs(_LOGITS, const([0, 2, 0, 1])),
     "ignore_index_none")
_P = uniform(3, 4, low=0.1, high=0.9)
spec("binary_cross_entropy", _call("binary_cross_entropy"), inputs(_P, uniform(3, 4, low=0.0, high=1.0)))
spec("binary_cross_entropy", lambda p, y, w: ops.binary_cross_entropy(p, y, w, reduction="sum"),
     inputs(_P, uniform(3, 4, low=0.0, high=1.0), positive(3, 4)), "weight_sum", argnums=(0, 1))  # weights: constants
spec("binary_cross_entropy_with_logits", _call("binary_cross_entropy_with_logits"),
     inputs(nonzero(3, 4, low=0.1, high=3.0), uniform(3, 4, low=0.0, high=1.0)))
spec("binary_cross_entropy_with_logits",
     lambda x, y, w, pw: ops.binary_cross_entropy_with_logits(x, y, w, pw, reduction="none"),
     inputs(nonzero(3, 4, low=0.1, high=3.0), uniform(3, 4, low=0.0, high=1.0), positive(3, 4), positive(4)),
     "weight_pos_weight_none", argnums=(0, 1))
spec("binary_cross_entropy_with_logits", _call("binary_cross_entropy_with_logits", reduction="sum"),
     inputs(nonzero(3, 4, low=30.0, high=120.0), uniform(3, 4, low=0.0, high=1.0)), "large_logits")
for _variant, _kwargs, _x, _w in [
    ("valid", {}, (1, 2, 5, 5), (3, 2, 3, 3)),
    ("same", {"pad_mode": "same"}, (1, 2, 4, 5), (2, 2, 3, 2)),
    ("pad", {"pad_mode": "pad", "padding": 1}, (1, 2, 4, 4), (2, 2, 3, 3)),
    ("pad4_stride", {"pad_mode": "pad", "padding": (0, 1, 1, 2), "stride": 2}, (2, 1, 5, 5), (2, 1, 3, 3)),
    ("dilation", {"dilation": 2}, (1, 2, 6, 6), (2, 2, 2, 2)),
    ("groups", {"groups": 2, "pad_mode": "same", "stride": (2, 1)}, (1, 4, 4, 4), (4, 2, 2, 2)),
]:
    spec("conv2d", lambda x, w, _k=_kwargs: ops.conv2d(x, w, **_k), inputs(normal(*_x), normal(*_w)), _variant)
spec("conv2d", lambda x, w, b: ops.conv2d(x, w, b), inputs(normal(1, 2, 4, 4), normal(3, 2, 2, 2), normal(3)), "bias")
spec("max_pool2d", _call("max_pool2d", 2), inputs(distinct(1, 2, 4, 4)), "k2")
spec("max_pool2d", _call("max_pool2d", 3, 1, 1), inputs(distinct(1, 2, 4, 4)), "k3_s1_pad1")
spec("max_pool2d", _call("max_pool2d", 2, 1, dilation=2), inputs(distinct(1, 1, 5, 5)), "dilation")
spec("max_pool2d", _call("max_pool2d", (2, 3), (1, 2)), inputs(distinct(1, 2, 4, 5)), "rect")
spec("max_pool2d", _call("max_pool2d", 2, 2, ceil_mode=True), inputs(distinct(1, 2, 5, 5)), "ceil")
spec("max_pool2d", _call("max_pool2d", 3, 2, 1, ceil_mode=True), inputs(distinct(1, 1, 6, 6)), "ceil_pad1")
spec("max_pool2d", _call("max_pool2d", 2, 2, return_indices=True), inputs(distinct(1, 2, 5, 5)), "indices",
     out_dtype=(None, dt.int64))
spec("max_pool2d", _call("max_pool2d", 3, 2, 1, 2, return_indices=True, ceil_mode=True), inputs(distinct(1, 1, 7, 8)),
     "indices_dilation_ceil", out_dtype=(None, dt.int64))
spec("avg_pool2d", _call("avg_pool2d", 2), inputs(normal(1, 2, 4, 4)), "k2")
spec("avg_pool2d", _call("avg_pool2d", 3, 2, 1), inputs(normal(1, 2, 5, 5)), "k3_s2_pad1")
spec("avg_pool2d", _call("avg_pool2d", (2, 3), 1, divisor_override=4), inputs(normal(1, 1, 4, 4)), "divisor")
spec("avg_pool2d", _call("avg_pool2d", 2, 2, ceil_mode=True), inputs(normal(1, 2, 5, 5)), "ceil")
spec("avg_pool2d", _call("avg_pool2d", 3, 2, (1, 0, 0, 1), ceil_mode=True, count_include_pad=False),
     inputs(normal(1, 1, 6, 5)), "ceil_exclude_pad4")
spec("max_pool2d_pads", _call("max_pool2d_pads", (2, 2), (2, 2), (0, 1, 1, 0)), inputs(distinct(1, 2, 5, 5)))
spec("max_pool2d_pads", _call("max_pool2d_pads", (2, 2), (1, 1), (0, 0, 0, 0), (2, 1)), inputs(distinct(1, 1, 5, 4)),
     "dilation")
spec("max_pool2d_pads", _call("max_pool2d_pads", (2, 2), (2, 2), (0, 1, 1, 0), (1, 1), True),
     inputs(distinct(1, 2, 5, 5)), "indices", out_dtype=(None, dt.int64))
spec("avg_pool2d_pads", _call("avg_pool2d_pads", (3, 3), (2, 2), (1, 1, 1, 1)), inputs(normal(1, 2, 5, 5)))
spec("avg_pool2d_pads", _call("avg_pool2d_pads", (3, 3), (2, 2), (1, 1, 0, 1), False), inputs(normal(1, 2, 5, 5)),
     "exclude_pad")
spec("avg_pool2d_pads", _call("avg_pool2d_pads", (2, 3), (2, 2), (0, 1, 1, 1), True, True), inputs(normal(1, 2, 6, 6)),
     "ceil")
spec("pool_padding", lambda: Tensor(list(INTERNAL["pool_padding"]("same", 0, (5, 6), (3, 3), (2, 2)))), variant="same",
     **_NO_INPUTS, out_dtype=dt.int64)
spec("pool_padding", lambda: Tensor(list(INTERNAL["pool_padding"]("PAD", (1, 2), (5, 6), (3, 3), (1, 1)))), variant="pad",
     **_NO_INPUTS, out_dtype=dt.int64)
spec("ceil_mode_pads", lambda: Tensor(list(INTERNAL["ceil_mode_pads"]((6, 5), (1, 1, 1, 1), (3, 3), (2, 2), (1, 1)))),
     **_NO_INPUTS, out_dtype=dt.int64)


def _dropout_training(x: Tensor) -> Tensor:
    """Re-seeded on every call so finite differences see the same mask as the gradient."""
    unigrad.set_seed(7)
    return ops.dropout(x, 0.5, True)


spec("dropout", _dropout_training, inputs(normal(4, 5)), "training")
spec("dropout", _call("dropout", 0.5, False), inputs(X34), "eval")
spec("one_hot", _call("one_hot", 4), inputs(ints(3, low=0, high=4)), differentiable=False, out_dtype=dt.int64)
spec("one_hot", _call("one_hot", 3, 2.0, -1.0, 0), inputs(ints(2, 2, low=0, high=3)), "values_axis0",
     differentiable=False, out_dtype=dt.float32)

# creation: no Tensor inputs, or values that do not depend on the input's values
spec("arange", _call("arange", 5), **_NO_INPUTS, out_dtype=dt.int64)
spec("arange", _call("arange", 1.0, 3.0, 0.5), variant="float", **_NO_INPUTS, out_dtype=dt.float32)
spec("eye", _call("eye", 3), **_NO_INPUTS, out_dtype=dt.float32)
spec("eye", _call("eye", 2, 3, dt.float64), variant="rect_float64", **_NO_INPUTS, out_dtype=dt.float64)
spec("full", _call("full", (2, 3), 1.5), **_NO_INPUTS, out_dtype=dt.float32)
spec("full", _call("full", (2,), 3), variant="int", **_NO_INPUTS, out_dtype=dt.int64)
spec("linspace", _call("linspace", 0.0, 1.0, 5), **_NO_INPUTS, out_dtype=dt.float32)
spec("ones", _call("ones", (2, 3)), **_NO_INPUTS, out_dtype=dt.float32)
spec("zeros", _call("zeros", (2,), dt.int32), **_NO_INPUTS, out_dtype=dt.int32)
for _name, _args in [("ones_like", ()), ("zeros_like", ()), ("full_like", (2.5,))]:
    spec(_name, _call(_name, *_args), inputs(X34), differentiable=False)
spec("cast", _call("cast", dt.float64), inputs(X34), "float64", out_dtype=dt.float64)
spec("cast", _call("cast", dt.float32), inputs(X34), "float32", out_dtype=dt.float32, rounds=True,
     second_order=False)
spec("cast", _call("cast", dt.int32), inputs(off_integers(3, 4)), "int32", differentiable=False, out_dtype=dt.int32)
spec("numel", lambda x: Tensor(ops.numel(x)), inputs(X34), differentiable=False, out_dtype=dt.int64)
spec("shape", lambda x: Tensor(list(ops.shape(x))), inputs(X234), differentiable=False, out_dtype=dt.int64)
spec("is_tensor", lambda x: Tensor(ops.is_tensor(x)), inputs(X34), differentiable=False, out_dtype=dt.bool_)
spec("stop_gradient", _call("stop_gradient"), inputs(X34), differentiable=False)


def _updated(name: str) -> Callable[..., Any]:
    """``ops.<name>`` on a fresh Parameter made from the first input (so every call starts alike)."""
    return lambda x, v: getattr(ops, name)(unigrad.Parameter(x.asnumpy(), name="p"), v)


for _name in ("assign", "assign_add", "assign_sub"):  # in-place updates: values only, no gradient
    spec(_name, _updated(_name), inputs(X34, X34), argnums=(), differentiable=False)
for _name in ("assign_add", "assign_sub"):  # (assign itself wants the Parameter's shape, as MindSpore's)
    spec(_name, _updated(_name), inputs(X34, normal(4)), "broadcast", argnums=(), differentiable=False)

# MindSpore's primitive classes (``ops.MatMul()(x, y)``)
spec("MatMul", lambda x, y: ops.MatMul()(x, y), inputs(normal(2, 3), normal(3, 4)))
spec("MatMul", lambda x, y: ops.MatMul(transpose_b=True)(x, y), inputs(normal(2, 3), normal(4, 3)), "transpose_b")
spec("BatchMatMul", lambda x, y: ops.BatchMatMul(transpose_a=True)(x, y), inputs(normal(2, 3, 2), normal(2, 3, 4)))
spec("ReduceSum", lambda x: ops.ReduceSum()(x), inputs(X234), "all")
spec("ReduceSum", lambda x: ops.ReduceSum(keep_dims=True)(x, 1), inputs(X234), "keep_dims")
spec("ReduceMean", lambda x: ops.ReduceMean()(x, (0, 2)), inputs(X234))
spec("ReduceMax", lambda x: ops.ReduceMax(True)(x, 1), inputs(distinct(2, 3, 4)))
spec("ReduceMin", lambda x: ops.ReduceMin()(x, -1), inputs(distinct(2, 3, 4)))
spec("ReduceProd", lambda x: ops.ReduceProd()(x, 0), inputs(nonzero(3, 4, low=0.5, high=1.5)))
spec("Transpose", lambda x: ops.Transpose()(x, (1, 0)), inputs(X34))
spec("Reshape", lambda x: ops.Reshape()(x, (6, 2)), inputs(X34))
spec("Concat", lambda x, y: ops.Concat(1)((x, y)), inputs(normal(2, 3), normal(2, 1)))
spec("Gather", lambda x, i: ops.Gather()(x, i, 1), inputs(X34, const([1, 1, 3])))
spec("Softmax", lambda x: ops.Softmax(0)(x), inputs(X34))
spec("Sort", lambda x: ops.Sort(0, True)(x), inputs(distinct(3, 4)), out_dtype=(None, dt.int32))
spec("TopK", lambda x: ops.TopK()(x, 3), inputs(distinct(2, 5)), out_dtype=(None, dt.int32))
spec("ArgMaxWithValue", lambda x: ops.ArgMaxWithValue(1)(x), inputs(distinct(3, 4)), out_dtype=(dt.int64, None))
spec("ArgMinWithValue", lambda x: ops.ArgMinWithValue(0, True)(x), inputs(distinct(3, 4)), out_dtype=(dt.int64, None))

# primitive classes that only rename a functional op: that op's first entry, called through the class
for _cls, _name in [
    ("Abs", "abs"), ("Cos", "cos"), ("Sin", "sin"), ("Exp", "exp"), ("Log", "log"), ("Sqrt", "sqrt"),
    ("Rsqrt", "rsqrt"), ("Square", "square"), ("Reciprocal", "reciprocal"), ("Floor", "floor"), ("Ceil", "ceil"),
    ("Neg", "neg"), ("Erf", "erf"), ("ReLU", "relu"), ("Sigmoid", "sigmoid"), ("Tanh", "tanh"), ("Add", "add"),
    ("Sub", "sub"), ("Mul", "mul"), ("Div", "div"), ("RealDiv", "div"), ("Pow", "pow"), ("Maximum", "maximum"),
    ("Minimum", "minimum"), ("FloorDiv", "floor_divide"), ("Equal", "equal"), ("NotEqual", "not_equal"),
    ("Greater", "greater"), ("GreaterEqual", "greater_equal"), ("Less", "less"), ("LessEqual", "less_equal"),
    ("LogicalAnd", "logical_and"), ("LogicalOr", "logical_or"), ("LogicalNot", "logical_not"), ("Select", "select"),
    ("ZerosLike", "zeros_like"), ("OnesLike", "ones_like"), ("StopGradient", "stop_gradient"), ("Sign", "sign"),
    ("Softplus", "softplus"),
]:
    _base = next(s for s in REGISTRY if s.name == _name)
    REGISTRY.append(dataclasses.replace(_base, name=_cls, variant="", fn=lambda *t, _c=_cls: getattr(ops, _c)()(*t)))
spec("Cast", lambda x: ops.Cast()(x, dt.float64), inputs(X34), out_dtype=dt.float64)
spec("ExpandDims", lambda x: ops.ExpandDims()(x, -1), inputs(X34))
spec("Tile", lambda x: ops.Tile()(x, (2, 1)), inputs(normal(2, 3)))
spec("Shape", lambda x: Tensor(list(ops.Shape()(x))), inputs(X234), differentiable=False, out_dtype=dt.int64)
spec("Flatten", lambda x: ops.Flatten()(x), inputs(X234))
spec("gather_nd", _call("gather_nd"), inputs(X234, const([[1, 0], [0, 2], [1, 0]])))
spec("GatherNd", lambda x, i: ops.GatherNd()(x, i), inputs(X234, const([[[1, 2, 3]], [[0, 0, 0]]])))
spec("Zeros", lambda: ops.Zeros()((2, 3), dt.int32), **_NO_INPUTS, out_dtype=dt.int32)
spec("Ones", lambda: ops.Ones()(3), **_NO_INPUTS, out_dtype=dt.float32)
spec("Fill", lambda: ops.Fill()(dt.float64, (2, 2), 1.5), **_NO_INPUTS, out_dtype=dt.float64)
spec("tuple_to_array", lambda: ops.tuple_to_array((1.0, 2.5)), **_NO_INPUTS, out_dtype=dt.float32)
spec("TupleToArray", lambda: ops.TupleToArray()((1, 2)), **_NO_INPUTS, out_dtype=dt.int32)
spec("Identity", lambda x: ops.Identity()(x), inputs(X34))
spec("depend", lambda x, y: ops.depend(x, y), inputs(X34, X34), argnums=(0,))
spec("Depend", lambda x, y: ops.Depend()(x, y), inputs(X34, X34), argnums=(0,))
spec("Squeeze", lambda x: ops.Squeeze(1)(x), inputs(normal(3, 1, 4, 1)))
spec("Squeeze", lambda x: ops.Squeeze()(x), inputs(normal(3, 1, 4, 1)), "all")
spec("Stack", lambda x, y: ops.Stack(-1)((x, y)), inputs(normal(2, 3), normal(2, 3)))
spec("Split", lambda x: ops.Split(1, 3)(x), inputs(normal(2, 6)))
spec("OneHot", lambda i: ops.OneHot()(i, 4, Tensor(1.0), Tensor(0.0)), inputs(ints(3, low=0, high=4)),
     differentiable=False, out_dtype=dt.float32)
spec("BroadcastTo", lambda x: ops.BroadcastTo((2, 3, 4))(x), inputs(normal(3, 1)))
spec("LogSoftmax", lambda x: ops.LogSoftmax(0)(x), inputs(X34))
spec("SigmoidCrossEntropyWithLogits", lambda x, y: ops.SigmoidCrossEntropyWithLogits()(x, y),
     inputs(X34, uniform(3, 4, low=0.0, high=1.0)), argnums=(0,))  # the label has no gradient, as in MindSpore
spec("L2Normalize", lambda x: ops.L2Normalize(1)(x), inputs(X34))
spec("identity", _call("identity"), inputs(X34))
spec("unstack", _call("unstack", 1), inputs(X34))
spec("Unstack", lambda x: ops.Unstack(-1)(x), inputs(X234))
spec("GatherD", lambda x, i: ops.GatherD()(x, 1, i), inputs(X34, const([[0, 3], [1, 1], [2, 0]])))
spec("Argmax", lambda x: ops.Argmax()(x), inputs(distinct(3, 4)), differentiable=False, out_dtype=dt.int32)
spec("AddN", lambda x, y, z: ops.AddN()((x, y, z)), inputs(X34, X34, X34))
spec("Slice", lambda x: ops.Slice()(x, (1, 0, 1), (1, -1, 2)), inputs(X234))
spec("Eye", lambda: ops.Eye()(2, 3, dt.int32), **_NO_INPUTS, out_dtype=dt.int32)
spec("fill", lambda: ops.fill(dt.float64, (2, 3), 0.5), **_NO_INPUTS, out_dtype=dt.float64)
spec("clip_by_global_norm", lambda x, y: ops.clip_by_global_norm((x, y), 0.5), inputs(X34, normal(2)))
spec("clip_by_global_norm", lambda x, y: ops.clip_by_global_norm((x, y), 100.0)[1], inputs(X34, normal(2)),
     "within_norm")
spec("StridedSlice", lambda x: ops.StridedSlice()(x, (0, 1, 0), (2, 3, 4), (1, 1, 2)), inputs(X234))
spec("StridedSlice", lambda x: ops.StridedSlice(1, 0, 0, 0, 2)(x, (1, 2, 0), (2, 3, -1), (1, 1, -1)), inputs(X234),
     "masks")
spec("BiasAdd", lambda x, b: ops.BiasAdd()(x, b), inputs(normal(2, 3, 2, 2), normal(3)))
spec("BiasAdd", lambda x, b: ops.BiasAdd("NHWC")(x, b), inputs(normal(2, 2, 3), normal(3)), "NHWC")
spec("SoftmaxCrossEntropyWithLogits", lambda x, y: ops.SoftmaxCrossEntropyWithLogits()(x, y)[0],
     inputs(X34, probabilities(3, 4)), argnums=(0,))  # the labels have no gradient, as in MindSpore
spec("SoftmaxCrossEntropyWithLogits", lambda x, y: ops.SoftmaxCrossEntropyWithLogits()(x, y)[1],
     inputs(X34, probabilities(3, 4)), "backprop", differentiable=False)  # a result without a gradient
spec("Conv2D", lambda x, w: ops.Conv2D(2, 3, pad_mode="same")(x, w), inputs(normal(1, 2, 4, 4), normal(2, 2, 3, 3)))
spec("MaxPool", lambda x: ops.MaxPool(2, 2, "SAME")(x), inputs(distinct(1, 2, 5, 5)))
spec("AvgPool", lambda x: ops.AvgPool(3, 2, "same")(x), inputs(normal(1, 2, 5, 5)))
spec("meshgrid", lambda x, y: ops.meshgrid(x, y), inputs(normal(3), normal(2)))
spec("meshgrid", lambda x, y, z: ops.meshgrid(x, y, z, indexing="ij"), inputs(normal(3), normal(2), normal(4)), "ij")
spec("Meshgrid", lambda x, y: ops.Meshgrid("ij")((x, y)), inputs(normal(3), normal(2)))
spec("BinaryCrossEntropy", lambda x, y: ops.BinaryCrossEntropy("sum")(x, y),
     inputs(uniform(3, 4, low=0.1, high=0.9), uniform(3, 4, low=0.0, high=1.0)))
spec("DepthToSpace", lambda x: ops.DepthToSpace(2)(x), inputs(normal(2, 8, 2, 3)))
for _cls, _name in (("Assign", "assign"), ("AssignAdd", "assign_add")):  # in-place updates: values only
    spec(_cls, lambda x, v, _c=_cls: getattr(ops, _c)()(unigrad.Parameter(x.asnumpy(), name="p"), v), inputs(X34, X34),
         argnums=(), differentiable=False)
spec("ResizeNearestNeighbor", lambda x: ops.ResizeNearestNeighbor((5, 3))(x), inputs(normal(1, 2, 3, 4)))
spec("ResizeNearestNeighbor", lambda x: ops.ResizeNearestNeighbor((4, 7), align_corners=True)(x),
     inputs(normal(2, 1, 3, 4)), "align_corners")
spec("clip_by_value", lambda x: ops.clip_by_value(x, -0.5, 0.8), inputs(avoiding(3, 4, points=(-0.5, 0.8))),
     kinks=(-0.5, 0.8))
spec("clip_by_value", lambda x, y: ops.clip_by_value([x, y], None, 0.3)[1],
     inputs(X34, avoiding(3, 4, points=(0.3,))), "list", kinks=(0.3,))

# names that are the very same object as a registered op share its entries
ALIASES: dict[str, str] = {
    "absolute": "abs", "atan": "arctan", "arctan2": "atan2", "cat": "concat", "clip": "clamp",
    "divide": "div", "true_divide": "div", "eq": "equal", "ne": "not_equal", "lt": "less", "le": "less_equal",
    "gt": "greater", "ge": "greater_equal", "floor_mod": "remainder", "negative": "neg", "swapdims": "swapaxes",
}

# -- issue 24: elementwise maths and statistics (helper A) ---------------------------------------------
def _off_halves(*shape: int) -> Part:
    """Values at least 0.1 from every integer and half-integer (trunc and round jump there)."""
    return lambda rng, dtype: (rng.integers(-3, 3, shape) + rng.choice([0.2, 0.35, 0.65, 0.8], shape)
                               + rng.uniform(-0.04, 0.04, shape)).astype(dtype)


for _name, _part in [
    ("asin", uniform(3, 4, low=-0.9, high=0.9)), ("acos", uniform(3, 4, low=-0.9, high=0.9)),
    ("atanh", uniform(3, 4, low=-0.9, high=0.9)), ("acosh", positive(3, 4, low=1.2, high=3.0)), ("asinh", X34),
    ("sinh", X34), ("cosh", X34), ("sinc", nonzero(3, 4, low=0.2, high=1.8)), ("deg2rad", X34), ("rad2deg", X34),
    ("erfc", X34), ("exp2", X34), ("log2", positive(3, 4)), ("log10", positive(3, 4)), ("frac", off_integers(3, 4)),
    ("logit", uniform(3, 4, low=0.1, high=0.9)), ("nan_to_num", X34), ("positive", X34),
]:
    spec(_name, _call(_name), inputs(_part))
spec("asinh", _call("asinh"), inputs(normal(3, 4, scale=1e12)), "beyond_asymptote")
spec("logit", _call("logit", 0.2), inputs(avoiding(3, 4, low=0.0, high=1.0, points=(0.2, 0.8), gap=0.05)), "eps",
     kinks=(0.2, 0.8))
spec("nan_to_num", _call("nan_to_num", 1.0, 100.0, -100.0), inputs(X34), "values")
for _name in ("trunc", "round"):
    spec(_name, _call(_name), inputs(_off_halves(3, 4)), differentiable=False)
for _name in ("signbit", "isneginf", "isposinf", "isreal"):
    spec(_name, _call(_name), inputs(X34), differentiable=False, out_dtype=dt.bool_)
for _name in ("is_floating_point", "is_complex"):
    spec(_name, lambda x, _n=_name: Tensor(getattr(ops, _n)(x)), inputs(X34), differentiable=False,
         out_dtype=dt.bool_)
spec("heaviside", _call("heaviside"), inputs(nonzero(3, 4), X34), differentiable=False)
for _name in ("logaddexp", "logaddexp2"):
    spec(_name, _call(_name), inputs(X34, X34))
    spec(_name, _call(_name), inputs(normal(3, 1), normal(4)), "broadcast")
spec("hypot", _call("hypot"), inputs(nonzero(3, 4), nonzero(3, 4)))
spec("lerp", _call("lerp"), inputs(X34, X34, uniform(3, 4, low=0.0, high=1.0)))
spec("lerp", _call("lerp", weight=0.3), inputs(X34, normal(4)), "scalar_weight")
spec("xlogy", _call("xlogy"), inputs(X34, positive(3, 4)))
spec("xdivy", _call("xdivy"), inputs(nonzero(3, 4), nonzero(3, 4)))
spec("copysign", _call("copysign"), inputs(nonzero(3, 4), nonzero(3, 4)))
for _name in ("fmax", "fmin"):
    spec(_name, _call(_name), _distinct_pair((3, 4), (3, 4)))
spec("float_power", _call("float_power"), inputs(positive(3, 4), uniform(3, 4, low=-2.0, high=2.0)),
     out_dtype=dt.float64)
spec("truncate_div", _call("truncate_div"), inputs(X34, nonzero(3, 4)), differentiable=False)
spec("subtract", _call("subtract", alpha=2.0), inputs(X34, X34), "alpha")
spec("ldexp", _call("ldexp"), inputs(X34, ints(3, 4, low=-2, high=3)))
spec("addcdiv", _call("addcdiv", value=0.5), inputs(X34, X34, nonzero(3, 4)))
spec("addcmul", _call("addcmul"), inputs(X34, X34, X34))
for _name in ("reduce_sum", "reduce_mean"):
    spec(_name, _call(_name), inputs(X234), "all")
    spec(_name, _call(_name, (0, 2)), inputs(X234), "axes")
for _name in ("reduce_max", "reduce_min"):
    spec(_name, _call(_name, 1), inputs(distinct(2, 3, 4)), "axis")
for _name in ("std", "var"):
    spec(_name, _call(_name), inputs(X234), "all")
    spec(_name, _call(_name, 1, 1, True), inputs(X234), "axis_ddof_keepdims")
for _name in ("std_mean", "var_mean"):
    spec(_name, _call(_name, (0, 2)), inputs(X234))
for _name in ("nansum", "nanmean"):
    spec(_name, _call(_name, 1), inputs(X234))
spec("median", _call("median", 1), inputs(distinct(3, 4)), out_dtype=(None, dt.int64))
spec("median", _call("median", 0, True), inputs(distinct(3, 4)), "axis0_keepdims", out_dtype=(None, dt.int64))
spec("count_nonzero", _call("count_nonzero", 1), inputs(integer_valued(3, 4)), differentiable=False,
     out_dtype=dt.int32)
spec("aminmax", _call("aminmax", axis=1), inputs(distinct(3, 4)))
for _name, _index_dtype in (("cummax", dt.int64), ("cummin", dt.int32)):  # MindSpore 2.10's dtypes
    spec(_name, _call(_name, 1), inputs(distinct(3, 5)), out_dtype=(None, _index_dtype))
spec("logcumsumexp", _call("logcumsumexp", 1), inputs(normal(3, 5)))
spec("logcumsumexp", _call("logcumsumexp", 0), inputs(normal(5, 2, scale=300.0)), "large")
spec("diff", _call("diff"), inputs(X34))
spec("diff", lambda x, p: ops.diff(x, 1, 0, p), inputs(X34, normal(1, 4)), "prepend")
spec("bincount", _call("bincount"), inputs(const([0, 2, 2, 5, 1])), differentiable=False, out_dtype=dt.float32,
     dtypes=(dt.float32,))
spec("bincount", lambda i, w: ops.bincount(i, w, 7), inputs(const([0, 2, 2, 5, 1]), normal(5)), "weights")
spec("real", _call("real"), inputs(X34))
for _name in ("lgamma", "digamma"):  # both sides of the reflection at 0.5, away from the poles
    spec(_name, _call(_name), inputs(off_integers(3, 4, low=-3, high=4)), kinks=(-1.0, -2.0))
spec("lgamma", _call("lgamma"), inputs(positive(3, 4, low=10.0, high=40.0)), "large")
spec("mvlgamma", _call("mvlgamma", 3), inputs(positive(3, 4, low=1.2, high=4.0)))
for _name in ("i0", "bessel_i0e", "bessel_i1", "bessel_i1e"):  # both fits: |x| below and above 3.75
    spec(_name, _call(_name), inputs(avoiding(3, 4, low=-6.0, high=6.0, points=(-3.75, 3.75))), kinks=(3.75, -3.75))
spec("imag", _call("imag"), inputs(X34), differentiable=False)
spec("approximate_equal", _call("approximate_equal", 0.5), _isclose_sample, differentiable=False, out_dtype=dt.bool_)
spec("is_nonzero", lambda x: Tensor(ops.is_nonzero(x)), inputs(normal(1)), differentiable=False, out_dtype=dt.bool_)
spec("nanmedian", _call("nanmedian", 1), inputs(distinct(3, 4)), out_dtype=(None, dt.int64))
spec("trapz", _call("trapz"), inputs(X34))
spec("trapz", lambda y, x: ops.trapz(y, x), inputs(X34, distinct(4)), "points")
spec("trapz", _call("trapz", dx=0.5, dim=0), inputs(X34), "dx_dim0")
spec("cov", _call("cov"), inputs(X34))
spec("cov", lambda x, w: ops.cov(x, correction=0, aweights=w), inputs(X34, positive(4)), "aweights")
spec("histc", _call("histc", 4, -2.0, 2.0), inputs(avoiding(3, 4, points=(-1.0, 0.0, 1.0), gap=0.1)),
     differentiable=False, kinks=(-1.0, 1.0))
ALIASES.update({
    "arcsin": "asin", "arccos": "acos", "arctanh": "atanh", "arccosh": "acosh", "arcsinh": "asinh",
    "multiply": "mul", "inv": "reciprocal", "sgn": "sign", "floor_div": "floor_divide", "floordiv": "floor_divide",
    "tensor_floordiv": "floor_divide", "floormod": "remainder", "tensor_mod": "remainder", "truncate_mod": "fmod",
    "tensor_add": "add", "tensor_sub": "sub", "tensor_mul": "mul", "tensor_div": "div", "tensor_pow": "pow",
    "tensor_exp": "exp", "tensor_expm1": "expm1", "tensor_ge": "greater_equal", "tensor_gt": "greater",
    "tensor_le": "less_equal", "tensor_lt": "less", "conj": "real", "bessel_i0": "i0",
})

# -- issue 24: shapes, indexing, scatter, linear algebra, creation and random draws (helper B) -----------
_I = dict(differentiable=False, out_dtype=dt.int64)  # an index result
_NONE = dict(differentiable=False, dtypes=(dt.float32,))  # no inputs


def _sorted_rows(*shape: int) -> Part:
    return lambda rng, dtype: np.sort(distinct(*shape)(rng, dtype), axis=-1)


def _well_conditioned(*shape: int) -> Part:
    """Square matrices 2I + small noise: invertible, positive determinant, no pivot near a tie."""
    return lambda rng, dtype: (2 * np.eye(shape[-1]) + 0.3 * rng.standard_normal(shape)).astype(dtype)


def _scatter_distinct(rng, dtype) -> list:
    """x, updates (no value shared, so max and min have no ties) and the rows they go to."""
    x, u = _distinct_pair((3, 4), (3,))(rng, dtype)
    return [x, u, np.array([[0, 1], [2, 3], [1, 0]])]


for _name, _fn, _sample, _variant, _options in [
    ("ravel", _call("ravel"), inputs(X234), "", {}),
    ("t", _call("t"), inputs(X34), "", {}),
    ("t", _call("t"), inputs(normal(3)), "vector", {}),
    ("atleast_1d", _call("atleast_1d"), inputs(normal()), "", {}),
    ("atleast_2d", lambda x, y: ops.atleast_2d([x, y]), inputs(normal(3), X34), "", {}),
    ("atleast_3d", lambda x, y: ops.atleast_3d((x, y)), inputs(normal(3), X34), "", {}),
    ("hstack", _lists("hstack"), inputs(normal(3), normal(2)), "", {}),
    ("hstack", _lists("hstack"), inputs(normal(2, 3), normal(2, 1)), "matrices", {}),
    ("vstack", _lists("vstack"), inputs(normal(3), normal(2, 3)), "", {}),
    ("dstack", _lists("dstack"), inputs(normal(3), normal(3)), "", {}),
    ("column_stack", _lists("column_stack"), inputs(normal(3), normal(3, 2)), "", {}),
    ("tensor_split", _call("tensor_split", 3), inputs(normal(7, 2)), "sections", {}),
    ("tensor_split", _call("tensor_split", [1, -2], 1), inputs(normal(2, 5)), "indices", {}),
    ("hsplit", _call("hsplit", 2), inputs(X34), "", {}),
    ("vsplit", _call("vsplit", [1]), inputs(X34), "", {}),
    ("dsplit", _call("dsplit", 2), inputs(X234), "", {}),
    ("unbind", _call("unbind", 1), inputs(X34), "", {}),
    ("movedim", _call("movedim", (0, 1), (2, 0)), inputs(X234), "", {}),
    ("narrow", _call("narrow", 1, 1, 2), inputs(X34), "", {}),
    ("expand", _call("expand", (2, -1, 4)), inputs(normal(3, 1)), "", {}),
    ("expand_as", _call("expand_as"), inputs(normal(3, 1), X34), "", {"argnums": (0,)}),
    ("view_as", _call("view_as"), inputs(normal(12), X34), "", {"argnums": (0,)}),
    ("reverse", _call("reverse", [0, 2]), inputs(X234), "", {}),
    ("fliplr", _call("fliplr"), inputs(X34), "", {}),
    ("flipud", _call("flipud"), inputs(X34), "", {}),
    ("roll", _call("roll", 2), inputs(X34), "flat", {}),
    ("roll", _call("roll", (1, -1), (0, 1)), inputs(X34), "", {}),
    ("rot90", _call("rot90", 1, (0, 1)), inputs(X34), "", {}),
    ("rot90", _call("rot90", -1, (2, 0)), inputs(X234), "clockwise", {}),
    ("tril", _call("tril"), inputs(X34), "", {}),
    ("triu", _call("triu", -1), inputs(X234), "", {}),
    ("diagonal", _call("diagonal", 1), inputs(X34), "", {}),
    ("diagonal", _call("diagonal", -1, 2, 0), inputs(X234), "dims", {}),
    ("diag", _call("diag"), inputs(normal(3)), "", {}),
    ("diag", _call("diag"), inputs(normal(2, 2)), "matrix", {}),
    ("diagflat", _call("diagflat", -1), inputs(normal(2, 2)), "", {}),
    ("diag_embed", _call("diag_embed", 1, 0, 2), inputs(normal(2, 3)), "", {}),
    ("trace", _call("trace"), inputs(X34), "", {}),
    ("masked_fill", _call("masked_fill", value=0.5), inputs(X34, bools(4)), "", {}),
    ("index_add", lambda x, i, y: ops.index_add(x, i, y, 1), inputs(X34, const([3, 0, 3]), normal(3, 3)), "", {}),
    ("index_fill", lambda x, i: ops.index_fill(x, 0, i, -1.0), inputs(X34, const([2, 0])), "", {}),
    ("scatter", lambda x, i, s: ops.scatter(x, 1, i, s), inputs(X34, const([[3, 0], [1, 2], [0, 3]]), normal(3, 3)),
     "", {}),
    ("scatter_add", _call("scatter_add"), inputs(X34, const([2, 0, 2]), normal(3, 4)), "", {}),
    ("scatter_nd", lambda i, u: ops.scatter_nd(i, u, (3, 4)), inputs(const([[0, 1], [2, 2], [0, 1]]), normal(3)), "",
     {}),
    ("tensor_scatter_update", _call("tensor_scatter_update"), inputs(X34, const([[2], [0]]), normal(2, 4)), "", {}),
    ("tensor_scatter_update", _call("tensor_scatter_update"), inputs(X34, const([[1, 1], [1, 1]]), normal(2)),
     "repeated", {}),
    ("tensor_scatter_add", _call("tensor_scatter_add"), inputs(X34, const([[1, 1], [1, 1]]), normal(2)), "", {}),
    ("tensor_scatter_sub", _call("tensor_scatter_sub"), inputs(X34, const([[0], [2]]), normal(2, 4)), "", {}),
    ("tensor_scatter_mul", _call("tensor_scatter_mul"), inputs(X34, const([[1, 1], [1, 1], [0, 2]]), normal(3)), "",
     {}),
    ("tensor_scatter_div", _call("tensor_scatter_div"), inputs(X34, const([[0, 3], [2, 1]]), nonzero(2)), "", {}),
    ("tensor_scatter_max", lambda x, u, i: ops.tensor_scatter_max(x, i, u), _scatter_distinct, "", {}),
    ("tensor_scatter_min", lambda x, u, i: ops.tensor_scatter_min(x, i, u), _scatter_distinct, "", {}),
    ("tensor_scatter_elements", lambda x, i, u: ops.tensor_scatter_elements(x, i, u, 1),
     inputs(X34, const([[3, 0], [1, 2]]), normal(2, 2)), "", {}),
    ("tensor_scatter_elements", lambda x, i, u: ops.tensor_scatter_elements(x, i, u, 0, "add"),
     inputs(X34, const([[2, 0, 2, 2], [2, 1, 0, 2]]), normal(2, 4)), "add", {}),
    ("select_scatter", lambda x, s: ops.select_scatter(x, s, 1, -1), inputs(X34, normal(3)), "", {}),
    ("slice_scatter", lambda x, s: ops.slice_scatter(x, s, 1, 0, 4, 2), inputs(X34, normal(3, 2)), "", {}),
    ("diagonal_scatter", lambda x, s: ops.diagonal_scatter(x, s, 1), inputs(X34, normal(3)), "", {}),
    ("sequence_mask", _call("sequence_mask", 4), inputs(ints(2, 3, low=0, high=5)), "",
     {"differentiable": False, "out_dtype": dt.bool_}),
    ("argwhere", _call("argwhere"), inputs(integer_valued(3, 4)), "", _I),
    ("nonzero", _call("nonzero"), inputs(integer_valued(3, 4)), "", _I),
    ("nonzero", _call("nonzero", as_tuple=True), inputs(integer_valued(3, 4)), "as_tuple", _I),
    ("masked_select", _call("masked_select"), inputs(X34, bools(4)), "", {}),
    ("take", _call("take"), inputs(X34, const([[11, 0], [-1, 5]])), "", {}),
    ("repeat_interleave", _call("repeat_interleave", 2, 1), inputs(X34), "", {}),
    ("repeat_interleave", lambda x: ops.repeat_interleave(x, [2, 0, 1], 0), inputs(X34), "counts", {}),
    ("reverse_sequence", lambda x, n: ops.reverse_sequence(x, n, 1), inputs(X34, const(np.array([2, 4, 0], np.int32))),
     "", {}),
    ("strided_slice", lambda x: ops.strided_slice(x, (0, 1, 0), (2, 3, 4), (1, 1, 2)), inputs(X234), "", {}),
    ("searchsorted", _call("searchsorted"), inputs(_sorted_rows(5), normal(3, 2)), "", _I),
    ("searchsorted", _call("searchsorted", right=True, out_int32=True), inputs(_sorted_rows(3, 4), normal(3, 2)),
     "right_rows", {"differentiable": False, "out_dtype": dt.int32}),
    ("bucketize", _call("bucketize", [-0.5, 0.0, 0.7]), inputs(X34), "", {"differentiable": False,
                                                                          "out_dtype": dt.int32}),
    ("unique", _call("unique"), inputs(integer_valued(3, 4)), "", {"differentiable": False,
                                                                   "out_dtype": (None, dt.int32)}),
    ("unique_consecutive", _call("unique_consecutive", True, True), inputs(integer_valued(8, low=0, high=2)), "",
     {"differentiable": False, "out_dtype": (None, dt.int64, dt.int64)}),
    ("mm", _call("mm"), inputs(normal(2, 3), normal(3, 4)), "", {}),
    ("mv", _call("mv"), inputs(normal(2, 3), normal(3)), "", {}),
    ("dot", _call("dot"), inputs(normal(2, 3), normal(2, 3, 2)), "", {}),
    ("inner", _call("inner"), inputs(normal(2, 3), normal(4, 3)), "", {}),
    ("outer", _call("outer"), inputs(normal(2), normal(3)), "", {}),
    ("cross", _call("cross"), inputs(normal(2, 3), normal(2, 3)), "", {}),
    ("cross", _call("cross", dim=0), inputs(normal(3, 3), normal(3, 3)), "dim0", {}),
    ("kron", _call("kron"), inputs(normal(2, 3), normal(2)), "", {}),
    ("addmm", _call("addmm", beta=0.5, alpha=2.0), inputs(normal(2, 4), normal(2, 3), normal(3, 4)), "", {}),
    ("addmv", _call("addmv"), inputs(normal(2), normal(2, 3), normal(3)), "", {}),
    ("addr", _call("addr", alpha=0.5), inputs(normal(2, 3), normal(2), normal(3)), "", {}),
    ("addbmm", _call("addbmm"), inputs(normal(2, 4), normal(3, 2, 2), normal(3, 2, 4)), "", {}),
    ("baddbmm", _call("baddbmm", beta=2.0), inputs(normal(3, 2, 4), normal(3, 2, 2), normal(3, 2, 4)), "", {}),
    ("batch_dot", _call("batch_dot"), inputs(normal(2, 3, 4), normal(2, 4, 2)), "", {}),
    ("batch_dot", _call("batch_dot", 1), inputs(normal(2, 3), normal(2, 3)), "matrices", {}),
    ("tensor_dot", _call("tensor_dot", ((1, 2), (1, 0))), inputs(X234, normal(4, 3, 2)), "", {}),
    ("einsum", lambda x, y: ops.einsum("ij,kj->ik", x, y), inputs(X34, normal(2, 4)), "", {}),
    ("einsum", lambda x: ops.einsum("ii->i", x), inputs(normal(3, 3)), "diagonal", {}),
    ("det", _call("det"), inputs(_well_conditioned(2, 2, 2)), "", {}),
    ("slogdet", _call("slogdet"), inputs(normal(2, 2)), "", {}),
    ("logdet", _call("logdet"), inputs(_well_conditioned(2, 2)), "", {}),
    ("inverse", _call("inverse"), inputs(_well_conditioned(3, 3)), "", {}),
    ("matrix_power", _call("matrix_power", 3), inputs(normal(3, 3, scale=0.5)), "", {}),
    ("matrix_power", _call("matrix_power", -2), inputs(_well_conditioned(2, 2)), "negative", {}),
    ("cdist", _call("cdist"), inputs(normal(2, 3, 2), normal(2, 4, 2)), "", {}),
    ("cdist", _call("cdist", 1.0), _distinct_pair((3, 2), (4, 2)), "p1", {}),
    ("dist", _call("dist"), inputs(X34, X34), "", {}),
    ("cosine_similarity", _call("cosine_similarity"), inputs(X34, normal(3, 4)), "", {}),
    ("type_as", lambda x: ops.type_as(x, Tensor(np.zeros(1, np.float64))), inputs(X34), "",
     {"out_dtype": dt.float64}),
    ("vander", _call("vander", 4), inputs(normal(3)), "", {}),
    ("size", lambda x: Tensor(ops.size(x)), inputs(X34), "", _I),
    ("rank", lambda x: Tensor(ops.rank(x)), inputs(X234), "", _I),
    ("make_range", lambda: Tensor(list(ops.make_range(1, 9, 3))), inputs(), "", dict(_NONE, out_dtype=dt.int64)),
    ("range", lambda: ops.range(0, 7, 2), inputs(), "", dict(_NONE, out_dtype=dt.int64)),
    ("triu_indices", lambda: ops.triu_indices(3, 4, 1), inputs(), "", dict(_NONE, out_dtype=dt.int64)),
    ("tril_indices", lambda: ops.tril_indices(4, 3, -1, dtype=dt.int32), inputs(), "",
     dict(_NONE, out_dtype=dt.int32)),
    ("logspace", lambda: ops.logspace(0.0, 2.0, 3, 2), inputs(), "", dict(_NONE, out_dtype=dt.float32)),
    ("hann_window", lambda: ops.hann_window(5), inputs(), "", dict(_NONE, out_dtype=dt.float64)),
    ("hamming_window", lambda: ops.hamming_window(5, False), inputs(), "", dict(_NONE, out_dtype=dt.float32)),
    ("bartlett_window", lambda: ops.bartlett_window(Tensor(5)), inputs(), "", dict(_NONE, out_dtype=dt.float32)),
    ("blackman_window", lambda: ops.blackman_window(Tensor(5), dtype=dt.float64), inputs(), "",
     dict(_NONE, out_dtype=dt.float64)),
    # random draws, from a seed of their own: the same numbers on every backend
    ("rand", lambda: ops.rand(2, 3, seed=1), inputs(), "", dict(_NONE, out_dtype=dt.float32)),
    ("randn", lambda: ops.randn((2, 3), dtype=dt.float64, seed=2), inputs(), "", dict(_NONE, out_dtype=dt.float64)),
    ("randint", lambda: ops.randint(-2, 5, (2, 3), seed=3), inputs(), "", dict(_NONE, out_dtype=dt.int64)),
    ("standard_normal", lambda: ops.standard_normal((3,), seed=4), inputs(), "", dict(_NONE, out_dtype=dt.float32)),
    ("randperm", lambda: ops.randperm(6, seed=5), inputs(), "", dict(_NONE, out_dtype=dt.int64)),
    ("normal", lambda: ops.normal((2, 3), Tensor(np.array([0.0, 1.0, 2.0], np.float32)), 0.5, seed=6), inputs(), "",
     dict(_NONE, out_dtype=dt.float32)),
    ("uniform", lambda: ops.uniform((2, 3), Tensor(1.0), Tensor(2.0), seed=7), inputs(), "",
     dict(_NONE, out_dtype=dt.float32)),
    ("rand_like", lambda x: ops.rand_like(x, seed=8), inputs(X34), "", {"differentiable": False}),
    ("randn_like", lambda x: ops.randn_like(x, seed=9), inputs(X34), "", {"differentiable": False}),
    ("randint_like", lambda x: ops.randint_like(x, 0, 4, seed=10), inputs(ints(3, 4)), "", _I),
    ("bernoulli", lambda x: ops.bernoulli(x, 0.3, seed=11), inputs(X34), "", {"differentiable": False}),
    # weights and logits from ints: NaN or inf weights are refused (ValueError), which the edge samples cannot show
    ("multinomial", lambda w: ops.multinomial(w.astype(dt.float32), 2, False, seed=12), inputs(ints(2, 4, low=1, high=5)),
     "", {"differentiable": False, "out_dtype": dt.int32}),
    ("random_categorical", lambda z: ops.random_categorical(z.astype(dt.float32), 3, seed=13),
     inputs(ints(3, 4, low=-2, high=3)), "", _I),
]:
    spec(_name, _fn, _sample, _variant, **_options)
ALIASES.update({"row_stack": "vstack", "moveaxis": "movedim", "gather_d": "gather_elements", "ger": "outer",
                "matrix_determinant": "det"})

# -- issue 24: activations, losses and padding (helper C) -----------------------------------------------
_SIGNS = nonzero(3, 4, low=1.0, high=1.0)  # targets of +-1
for _name, _args, _part, _kinks in [
    ("elu", (), nonzero(3, 4, low=0.2), ()), ("celu", (2.0,), nonzero(3, 4, low=0.2), ()),
    ("selu", (), nonzero(3, 4, low=0.2), ()),
    ("hardshrink", (), avoiding(3, 4, points=(-0.5, 0.5)), (-0.5, 0.5)),
    ("softshrink", (), avoiding(3, 4, points=(-0.5, 0.5)), (-0.5, 0.5)),
    ("hardsigmoid", (), avoiding(3, 4, low=-4.0, high=4.0, points=(-3.0, 3.0)), (-3.0, 3.0)),
    ("hardswish", (), avoiding(3, 4, low=-4.0, high=4.0, points=(-3.0, 3.0)), (-3.0, 3.0)),
    ("hardtanh", (), avoiding(3, 4, points=(-1.0, 1.0)), (-1.0, 1.0)),
    ("hardtanh", (-0.5, 2.0), avoiding(3, 4, low=-3.0, high=3.0, points=(-0.5, 2.0)), (-0.5, 2.0)),
    ("threshold", (0.5, -1.0), avoiding(3, 4, points=(0.5,)), (0.5,)),
    ("mish", (), X34, ()), ("logsigmoid", (), X34, ()), ("softsign", (), nonzero(3, 4, low=0.2), ()),
    ("tanhshrink", (), X34, ()), ("fast_gelu", (), X34, ()), ("glu", (), X34, ()), ("glu", (0,), normal(4, 3), ()),
    ("softmin", (0,), X34, ()),
]:
    spec(_name, _call(_name, *_args), inputs(_part), "_".join(str(a) for a in _args), kinks=_kinks)
spec("prelu", _call("prelu"), inputs(nonzero(2, 3, 4, low=0.2), positive(3, low=0.1, high=0.5)))
spec("prelu", _call("prelu"), inputs(nonzero(3, 4, low=0.2), positive(1, low=0.1, high=0.5)), "one_weight")


def _rrelu_seeded(x: Tensor) -> Tensor:
    """rrelu with unigrad's generator reseeded, so that every call draws the same slopes."""
    unigrad.set_seed(5)
    return ops.rrelu(x)


spec("rrelu", _rrelu_seeded, inputs(nonzero(3, 4, low=0.2)))
for _name, _args, _parts, _options in [
    ("l1_loss", (), (X34, X34), {}), ("l1_loss", ("none",), (X34, X34), {}),
    ("mse_loss", (), (X34, X34), {}), ("mse_loss", ("sum",), (normal(3, 1), X34), {}),
    ("smooth_l1_loss", (), (X34, X34), {}), ("smooth_l1_loss", (0.5, "mean"), (X34, X34), {}),
    ("huber_loss", (), (X34, X34), {}), ("huber_loss", ("sum", 0.5), (X34, X34), {}),
    ("kl_div", (), (X34, positive(3, 4)), {"argnums": (0,)}),  # the labels are constants, as MindSpore's
    ("kl_div", ("batchmean",), (X34, positive(3, 4)), {"argnums": (0,)}),
    ("soft_margin_loss", (), (X34, _SIGNS), {"argnums": (0,)}),
    ("margin_ranking_loss", (0.1,), (X34, X34, _SIGNS), {"argnums": (0, 1)}),
    ("hinge_embedding_loss", (), (X34, _SIGNS), {"argnums": (0,)}),
    ("cosine_embedding_loss", (0.1,), (normal(3, 5), normal(3, 5), nonzero(3, low=1.0, high=1.0)),
     {"argnums": (0, 1)}),
    ("triplet_margin_loss", (), (X34, X34, X34), {}),
    ("triplet_margin_loss", (0.5, 1, 1e-6, True, "sum"), (X34, X34, X34), {}),
    ("multi_margin_loss", (), (X34, ints(3, low=0, high=4)), {}),
    ("multi_margin_loss", (2, 2, None, "sum"), (X34, ints(3, low=0, high=4)), {}),
    ("multilabel_margin_loss", (), (X34, const(np.array([[0, 2, -1, 1], [1, -1, 0, 0], [3, 0, 1, 2]], np.int32))),
     {}),
    ("multilabel_soft_margin_loss", (), (X34, uniform(3, 4, low=0.0, high=1.0)), {}),
    ("gaussian_nll_loss", (), (X34, X34, positive(3, 4)), {}),
    ("gaussian_nll_loss", (True, 1e-6, "none"), (X34, X34, positive(3)), {}),
]:
    spec(_name, _call(_name, *_args), inputs(*_parts), "_".join(str(a) for a in _args), **_options)
spec("multi_margin_loss", lambda x, t, w: ops.multi_margin_loss(x, t, weight=w), inputs(X34, ints(3, high=4),
     positive(4)), "weight", argnums=(0,))
spec("multilabel_soft_margin_loss", lambda x, y, w: ops.multilabel_soft_margin_loss(x, y, w),
     inputs(X34, uniform(3, 4, low=0.0, high=1.0), positive(4)), "weight", argnums=(0,))
for _variant, _args in [("constant", ((1, 2, -1, 1),)), ("value", ((2, 1), "constant", 1.5)),
                        ("reflect", ((1, 2, 2, 1), "reflect")), ("replicate", ((2, 1, 0, 3), "replicate")),
                        ("circular", ((1, 3, 2, 0), "circular"))]:
    spec("pad", _call("pad", *_args), inputs(normal(2, 3, 4)), _variant)
spec("Pad", lambda x: ops.Pad(((0, 0), (1, 2), (2, 1)))(x), inputs(normal(2, 3, 4)))
spec("pixel_shuffle", _call("pixel_shuffle", 2), inputs(normal(1, 8, 2, 3)))
spec("pixel_unshuffle", _call("pixel_unshuffle", 2), inputs(normal(1, 2, 4, 6)))
spec("channel_shuffle", _call("channel_shuffle", 3), inputs(normal(1, 6, 2, 2)))
spec("layer_norm", lambda x, w, b: ops.layer_norm(x, (4,), w, b), inputs(normal(2, 3, 4), positive(4), normal(4)), "weight_bias")
spec("layer_norm", _call("layer_norm", (3, 4)), inputs(normal(2, 3, 4)), "two_axes")
spec("group_norm", lambda x, w, b: ops.group_norm(x, 2, w, b), inputs(normal(2, 4, 3), positive(4), normal(4)), "weight_bias")
spec("group_norm", _call("group_norm", 3), inputs(normal(2, 6, 2, 2)), "spatial")
spec("bias_add", _call("bias_add"), inputs(normal(2, 3, 2), normal(3)))
for _name, _shape in (("dropout1d", (2, 3, 4)), ("dropout2d", (2, 3, 2, 2)), ("dropout3d", (1, 3, 2, 1, 2))):
    def _channel_dropout_training(x: Tensor, _name: str = _name) -> Tensor:
        """Channel dropout with unigrad's generator reseeded, so that every call keeps the same channels."""
        unigrad.set_seed(7)
        return getattr(ops, _name)(x, 0.5, True)
    spec(_name, _channel_dropout_training, inputs(normal(*_shape)), "training")
    spec(_name, _call(_name, 0.5, False), inputs(normal(*_shape)), "eval")
spec("adaptive_avg_pool1d", _call("adaptive_avg_pool1d", 3), inputs(normal(2, 2, 6)))
spec("adaptive_max_pool1d", _call("adaptive_max_pool1d", 2), inputs(distinct(2, 2, 6)))
spec("adaptive_avg_pool2d", _call("adaptive_avg_pool2d", (2, 3)), inputs(normal(1, 2, 5, 7)))
spec("adaptive_avg_pool2d", _call("adaptive_avg_pool2d", (None, 2)), inputs(normal(2, 3, 4)), "keep_h")
spec("adaptive_max_pool2d", _call("adaptive_max_pool2d", (2, 3)), inputs(distinct(1, 2, 5, 7)))
spec("adaptive_max_pool2d", _call("adaptive_max_pool2d", 2, True), inputs(distinct(2, 4, 5)), "indices",
     out_dtype=(None, dt.int64))
spec("conv1d", lambda x, w: ops.conv1d(x, w, groups=2), inputs(normal(2, 4, 7), normal(6, 2, 3)), "groups")
spec("conv1d", lambda x, w, b: ops.conv1d(x, w, b, 2, "pad", 1, 2), inputs(normal(1, 2, 8), normal(3, 2, 3), normal(3)),
     "pad_stride_dilation_bias")
for _variant, _kwargs, _shape in [
    ("nearest", {"size": (5, 7)}, (1, 2, 3, 4)), ("bilinear", {"size": (5, 3), "mode": "bilinear"}, (1, 2, 3, 4)),
    ("bilinear_corners", {"size": (4, 6), "mode": "bilinear", "align_corners": True}, (2, 1, 3, 4)),
    ("linear", {"size": 7, "mode": "linear"}, (2, 2, 4)),
    ("trilinear_scale", {"scale_factor": 2.0, "mode": "trilinear"}, (1, 1, 2, 2, 3)),
]:
    spec("interpolate", lambda x, _k=_kwargs: ops.interpolate(x, **_k), inputs(normal(*_shape)), _variant)
ALIASES.update({"soft_shrink": "softshrink", "upsample": "interpolate"})

# autodiff transformations, not ops: tested in the autodiff unit tests, not by finite differences
EXCLUDED: dict[str, str] = {
    "GradOperation": "a higher-order function that builds gradient functions",
    "vjp": "an autodiff transformation (returns a pullback)",
    "jvp": "an autodiff transformation (forward mode)",
    "grad": "an autodiff transformation (returns a gradient function)",
    "value_and_grad": "an autodiff transformation (returns a value-and-gradient function)",
    "jacfwd": "an autodiff transformation (a Jacobian function)",
    "jacrev": "an autodiff transformation (a Jacobian function)",
    "dtype": "returns the input's DType, not a Tensor (tests/test_namespace.py)",
    "DType": "returns the input's DType, not a Tensor (tests/test_primitive_classes.py)",
    "partial": "binds arguments of a function (tests/test_primitive_classes.py)",
    "Partial": "binds arguments of a function (tests/test_primitive_classes.py)",
    "MultitypeFuncGraph": "dispatches to registered functions by type (tests/test_primitive_classes.py)",
    "Custom": "runs a user's own function and bprop (tests/test_custom.py, on every backend against MindSpore 2.10)",
    "HyperMap": "maps a function over nested tuples (tests/test_primitive_classes.py)",
    "Map": "maps a function over tuples (tests/test_primitive_classes.py)",
    "constexpr": "a decorator (tests/test_primitive_classes.py)",
    "AllReduce": "a collective across processes (tests/test_data_parallel.py, on 2 processes)",
    "AllGather": "a collective across processes (tests/test_data_parallel.py, on 2 processes)",
    "Broadcast": "a collective across processes (tests/test_data_parallel.py, on 2 processes)",
    "ReduceOp": "the names of the reductions, not an op (tests/test_data_parallel.py)",
}


def public_ops() -> list[str]:
    """Every public callable of ``unigrad.ops``: its functions and its primitive classes."""
    return sorted(n for n in dir(ops) if not n.startswith("_") and callable(getattr(ops, n))
                  and not isinstance(getattr(ops, n), types.ModuleType))


def entries(name: str | None = None) -> list[OpSpec]:
    """The registry's entries (those of one op, or of its alias's target, when ``name`` is given)."""
    if name is None:
        return list(REGISTRY)
    name = ALIASES.get(name, name)
    return [s for s in REGISTRY if s.name == name]

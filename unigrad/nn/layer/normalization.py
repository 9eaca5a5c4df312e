"""BatchNorm1d / BatchNorm2d, LayerNorm and GroupNorm.

BatchNorm follows MindSpore's conventions: moving = momentum * moving + (1 - momentum) * batch with
momentum 0.9, the moving variance takes the unbiased batch variance, and inference (a Cell's default
mode) normalises with the moving statistics. Moving statistics are updated in place with ``ops.assign``,
which stores constants, so no tracer leaks out of a derivative."""
from __future__ import annotations

from typing import Any, Sequence

from unigrad import dtype as dt
from unigrad import ops
from unigrad.common._checks import check_bool, check_positive_int, check_type
from unigrad.common.initializer import initializer
from unigrad.nn.cell import Cell
from unigrad.nn.layer._init import positive_int
from unigrad._parameter import Parameter
from unigrad._tensor import Tensor


_HALF = (dt.float16, dt.bfloat16)


def _normalize_in_float32(normalize: Any, x: Tensor) -> Tensor:
    """``normalize(x)``, computed in float32 and rounded back for half-precision input, as MindSpore's
    normalisation kernels do."""
    if x.dtype in _HALF:
        return ops.cast(normalize(ops.cast(x, dt.float32)), x.dtype)
    return normalize(x)


class _BatchNorm(Cell):
    _ndims: tuple[int, ...] = ()

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float = 0.9, affine: bool = True,
                 gamma_init: Any = "ones", beta_init: Any = "zeros", moving_mean_init: Any = "zeros",
                 moving_var_init: Any = "ones", use_batch_statistics: bool | None = None,
                 data_format: str = "NCHW", dtype: dt.DType = dt.float32) -> None:
        super().__init__()
        owner = type(self).__name__
        self.num_features = positive_int(owner, "num_features", num_features)
        if not 0.0 <= momentum <= 1.0:
            raise ValueError(f"For '{owner}', 'momentum' must be in [0, 1], but got {momentum}")
        if data_format != "NCHW":
            raise ValueError(f"For '{owner}', only the 'NCHW' data_format is supported, but got {data_format!r}")
        self.eps, self.momentum, self.affine = eps, momentum, affine
        self.use_batch_statistics = use_batch_statistics
        shape = (num_features,)
        self.moving_mean = Parameter(initializer(moving_mean_init, shape, dtype), name="mean", requires_grad=False)
        self.moving_variance = Parameter(initializer(moving_var_init, shape, dtype), name="variance",
                                         requires_grad=False)
        self.gamma = Parameter(initializer(gamma_init, shape, dtype), name="gamma", requires_grad=affine)
        self.beta = Parameter(initializer(beta_init, shape, dtype), name="beta", requires_grad=affine)

    def _check_input(self, x: Tensor) -> None:
        if x.ndim not in self._ndims:
            raise ValueError(f"For '{type(self).__name__}', the input must have {' or '.join(map(str, self._ndims))} "
                             f"dims, but got shape {x.shape}")
        if x.shape[1] != self.num_features:
            raise ValueError(f"For '{type(self).__name__}', the input has {x.shape[1]} channels, "
                             f"expected num_features={self.num_features}")

    def construct(self, x: Tensor) -> Tensor:
        self._check_input(x)
        return _normalize_in_float32(self._normalize, x)

    def _normalize(self, x: Tensor) -> Tensor:
        axes = tuple(i for i in range(x.ndim) if i != 1)
        view = (1, self.num_features) + (1,) * (x.ndim - 2)
        batch_stats = self.training if self.use_batch_statistics is None else self.use_batch_statistics
        if batch_stats:
            mean = ops.mean(x, axes, True)
            centered = x - mean
            var = ops.mean(centered * centered, axes, True)
            if self.training:
                self._update_moving(mean, var, x.size // self.num_features)
        else:
            mean = ops.reshape(self.moving_mean, view)
            var = ops.reshape(self.moving_variance, view)
            centered = x - mean
        normed = centered * ops.rsqrt(var + self.eps)
        gamma, beta = (ops.cast(p, x.dtype) for p in (self.gamma, self.beta))  # float16 copies under to_float
        return normed * ops.reshape(gamma, view) + ops.reshape(beta, view)

    def _update_moving(self, mean: Tensor, var: Tensor, count: int) -> None:
        mean = ops.stop_gradient(ops.reshape(mean, (-1,)))
        unbiased = ops.stop_gradient(ops.reshape(var, (-1,))) * (count / max(count - 1, 1))
        m = self.momentum
        ops.assign(self.moving_mean, self.moving_mean * m + mean * (1.0 - m))
        ops.assign(self.moving_variance, self.moving_variance * m + unbiased * (1.0 - m))

    def extend_repr(self) -> str:
        return (f"num_features={self.num_features}, eps={self.eps}, momentum={self.momentum}, "
                f"gamma={self.gamma}, beta={self.beta}, moving_mean={self.moving_mean}, "
                f"moving_variance={self.moving_variance}")


class BatchNorm1d(_BatchNorm):
    """Batch normalisation of (N, C) or (N, C, L)."""
    _ndims = (2, 3)


class BatchNorm2d(_BatchNorm):
    """Batch normalisation of (N, C, H, W)."""
    _ndims = (4,)


class _InstanceNorm(Cell):
    """Each sample's channels normalised over their own positions (biased variance), then scaled and
    shifted per channel. The moving statistics are Parameters (``mean``, ``variance``) as in MindSpore's
    checkpoints; instance normalisation never reads them, and unigrad leaves them unchanged. MindSpore 2.10
    has no CPU kernel for these layers."""

    _ndim = 4

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float = 0.1, affine: bool = True,
                 gamma_init: Any = "ones", beta_init: Any = "zeros", dtype: dt.DType = dt.float32) -> None:
        super().__init__()
        owner = type(self).__name__
        check_type("num_features", num_features, (int,), owner)
        check_type("eps", eps, (float,), owner)
        check_type("momentum", momentum, (float,), owner)
        check_type("affine", affine, (bool,), owner)
        for key, value in (("gamma_init", gamma_init), ("beta_init", beta_init)):
            if isinstance(value, Tensor) and value.dtype != dt.float32:
                raise TypeError(f"For '{owner}', the type of '{key}' must be float32, but got {value.dtype}.")
        if num_features < 1:
            raise ValueError(f"For '{owner}', the 'num_features' must be at least 1, but got {num_features}.")
        if momentum < 0 or momentum > 1:
            raise ValueError(f"For '{owner}', the 'momentum' must be a number in range [0, 1], but got {momentum}.")
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        shape = (num_features,)
        self.moving_mean = Parameter(initializer("zeros", shape, dtype), name="mean", requires_grad=False)
        self.moving_variance = Parameter(initializer("ones", shape, dtype), name="variance", requires_grad=False)
        self.gamma = Parameter(initializer(gamma_init, shape, dtype), name="gamma", requires_grad=affine)
        self.beta = Parameter(initializer(beta_init, shape, dtype), name="beta", requires_grad=affine)

    def construct(self, x: Tensor) -> Tensor:
        if x.ndim != self._ndim:
            raise ValueError(f"For '{type(self).__name__}', the in_shape must have {self._ndim} dims, but got "
                             f"{x.ndim}.")
        return _normalize_in_float32(self._normalize, x)

    def _normalize(self, x: Tensor) -> Tensor:
        axes = tuple(range(2, x.ndim))
        mean = ops.mean(x, axes, True)
        centered = x - mean
        var = ops.mean(centered * centered, axes, True)
        view = (1, self.num_features) + (1,) * (x.ndim - 2)
        gamma, beta = (ops.reshape(ops.cast(p, x.dtype), view) for p in (self.gamma, self.beta))
        return centered * ops.rsqrt(var + self.eps) * gamma + beta

    def extend_repr(self) -> str:
        return (f"num_features={self.num_features}, eps={self.eps}, momentum={self.momentum}, gamma={self.gamma}, "
                f"beta={self.beta}, moving_mean={self.moving_mean}, moving_variance={self.moving_variance}")


class InstanceNorm1d(_InstanceNorm):
    """Instance normalisation of (N, C, L)."""
    _ndim = 3


class InstanceNorm2d(_InstanceNorm):
    """Instance normalisation of (N, C, H, W)."""


class InstanceNorm3d(_InstanceNorm):
    """Instance normalisation of (N, C, D, H, W)."""
    _ndim = 5


class BatchNorm3d(Cell):
    """Batch normalisation of (N, C, D, H, W), as MindSpore builds it: a BatchNorm2d child ``bn2d`` (so the
    Parameters are bn2d.gamma, ...) run on (N, C, D * H, W)."""

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float = 0.9, affine: bool = True,
                 gamma_init: Any = "ones", beta_init: Any = "zeros", moving_mean_init: Any = "zeros",
                 moving_var_init: Any = "ones", use_batch_statistics: bool | None = None,
                 dtype: dt.DType = dt.float32) -> None:
        super().__init__()
        self.bn2d = BatchNorm2d(num_features, eps, momentum, affine, gamma_init, beta_init, moving_mean_init,
                                moving_var_init, use_batch_statistics, "NCHW", dtype)

    def construct(self, x: Tensor) -> Tensor:
        if x.ndim != 5:
            raise ValueError(f"For 'BatchNorm3d', the in_shape must have 5 dims, but got {x.ndim}.")
        n, c, d, h, w = x.shape
        return ops.reshape(self.bn2d(ops.reshape(x, (n, c, d * h, w))), x.shape)


class SyncBatchNorm(_BatchNorm):
    """Batch normalisation of (N, C) or (N, C, H, W) whose statistics MindSpore gathers across devices; in
    one process, as here, it is BatchNorm. ``process_groups`` is kept for MindSpore's signature."""
    _ndims = (2, 4)

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float = 0.9, affine: bool = True,
                 gamma_init: Any = "ones", beta_init: Any = "zeros", moving_mean_init: Any = "zeros",
                 moving_var_init: Any = "ones", use_batch_statistics: bool | None = None,
                 process_groups: list | None = None, dtype: dt.DType = dt.float32) -> None:
        super().__init__(num_features, eps, momentum, affine, gamma_init, beta_init, moving_mean_init,
                         moving_var_init, use_batch_statistics, dtype=dtype)
        self.process_groups = process_groups


class LayerNorm(Cell):
    """Normalise over the axes from ``begin_norm_axis``; gamma and beta have ``normalized_shape``.
    MindSpore's default epsilon is 1e-7 (not torch's 1e-5)."""

    def __init__(self, normalized_shape: Sequence[int], begin_norm_axis: int = -1, begin_params_axis: int = -1,
                 gamma_init: Any = "ones", beta_init: Any = "zeros", epsilon: float = 1e-7,
                 dtype: dt.DType = dt.float32) -> None:
        super().__init__()
        if not isinstance(normalized_shape, (tuple, list)):
            raise TypeError(f"For 'LayerNorm', 'normalized_shape' must be a tuple or list, but got "
                            f"{type(normalized_shape).__name__}")
        self.normalized_shape = tuple(normalized_shape)
        self.begin_norm_axis, self.begin_params_axis, self.epsilon = begin_norm_axis, begin_params_axis, epsilon
        self.gamma = Parameter(initializer(gamma_init, self.normalized_shape, dtype), name="gamma")
        self.beta = Parameter(initializer(beta_init, self.normalized_shape, dtype), name="beta")

    def construct(self, input_x: Tensor) -> Tensor:
        if input_x.ndim == 0:
            raise ValueError("For 'LayerNorm', the input must have at least one axis, but got a 0-d Tensor")
        return _normalize_in_float32(self._normalize, input_x)

    def _normalize(self, x: Tensor) -> Tensor:
        normed = ops.layer_norm(x, x.shape[self.begin_norm_axis % x.ndim:], eps=self.epsilon)
        gamma, beta = (ops.cast(p, x.dtype) for p in (self.gamma, self.beta))  # float16 copies under to_float
        return normed * gamma + beta

    def extend_repr(self) -> str:
        return (f"normalized_shape={self.normalized_shape}, begin_norm_axis={self.begin_norm_axis}, "
                f"begin_params_axis={self.begin_params_axis}, gamma{self.gamma}, beta={self.beta}")


class GroupNorm(Cell):
    """Normalise each sample's channels in ``num_groups`` groups (mean and biased variance over the group's
    channels and positions), then scale and shift per channel; (N, C, *) input."""

    def __init__(self, num_groups: int, num_channels: int, eps: float = 1e-05, affine: bool = True,
                 gamma_init: Any = "ones", beta_init: Any = "zeros", dtype: dt.DType = dt.float32) -> None:
        super().__init__()
        self.num_groups = check_positive_int("num_groups", num_groups, "GroupNorm")
        self.num_channels = check_positive_int("num_channels", num_channels, "GroupNorm")
        if num_channels % num_groups:
            raise ValueError(f"For 'GroupNorm', the 'num_channels' must be divided by 'num_groups', but got "
                             f"'num_channels': {num_channels}, 'num_groups': {num_groups}.")
        self.eps = check_type("eps", eps, (float,), "GroupNorm")
        self.affine = check_bool("affine", affine, "GroupNorm")
        shape = (num_channels,)
        self.gamma = Parameter(initializer(gamma_init, shape, dtype), name="gamma", requires_grad=affine)
        self.beta = Parameter(initializer(beta_init, shape, dtype), name="beta", requires_grad=affine)

    def construct(self, x: Tensor) -> Tensor:
        if x.ndim < 2 or x.shape[1] != self.num_channels:
            raise ValueError(f"For GroupNorm, shape of weight and bias should be equal to input_x's channel "
                             f"dimension: {x.shape[1] if x.ndim > 1 else None}, but got shape: "
                             f"({self.num_channels},).")
        return _normalize_in_float32(self._normalize, x)

    def _normalize(self, x: Tensor) -> Tensor:
        return ops.group_norm(x, self.num_groups, self.gamma, self.beta, self.eps)

    def extend_repr(self) -> str:
        return f"num_groups={self.num_groups}, num_channels={self.num_channels}"

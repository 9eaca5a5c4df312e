"""``mindspore.ops.function``: MindSpore's functional ops (``ops.add``, ``ops.reshape``, ...), gathered here as
MindSpore gathers them, for ``mindspore.ops`` and ``mindspore.ops.functional`` to re-export. Each is written
once, in the private modules beside this file, on the backend primitives."""
from unigrad._autodiff import grad, jacfwd, jacrev, jvp, value_and_grad, vjp  # noqa: F401
from unigrad.ops._assign import assign, assign_add, assign_sub  # noqa: F401
from unigrad.ops._composite import clip_by_global_norm, depend, partial  # noqa: F401
from unigrad.ops._creation import (arange, eye, fill, full, full_like, is_tensor, linspace, numel, ones,  # noqa: F401
                                   ones_like, tuple_to_array, zeros, zeros_like)
from unigrad.ops._gradient import stop_gradient  # noqa: F401
from unigrad.ops._indexing import gather, gather_elements, gather_nd, index_select  # noqa: F401
from unigrad.ops._linalg import bmm, matmul  # noqa: F401
from unigrad.ops._math import (abs, absolute, add, arctan, arctan2, atan, atan2, ceil, clamp, clip, clip_by_value,  # noqa: F401
                               cos, div, divide, eq, equal, erf, exp, expm1, floor, floor_divide, floor_mod, fmod, ge,
                               gelu, greater, greater_equal, gt, isclose, isfinite, isinf, isnan, le, leaky_relu,
                               less, less_equal, log, log1p, logical_and, logical_not, logical_or, logical_xor, lt,
                               maximum, minimum, mul, ne, neg, negative, not_equal, pow, reciprocal, relu, relu6,
                               remainder, rsqrt, select, sigmoid, sign, silu, sin, softplus, sqrt, square, sub, tan,
                               tanh, true_divide, where)
from unigrad.ops._nn import (avg_pool2d, binary_cross_entropy, binary_cross_entropy_with_logits, conv2d,  # noqa: F401
                             cross_entropy, dense, dropout, log_softmax, max_pool2d, nll_loss, one_hot, softmax)
from unigrad.ops._reduction import (all, amax, amin, any, argmax, argmin, cumprod, cumsum, logsumexp, max,  # noqa: F401
                                    mean, min, norm, prod, sum)
from unigrad.ops._sorting import argsort, sort, topk  # noqa: F401
from unigrad.ops._shape import (broadcast_to, cat, chunk, concat, expand_dims, flatten, flip, meshgrid,  # noqa: F401
                                permute, repeat_elements, reshape, shape, split, squeeze, stack, swapaxes, swapdims,
                                tile, transpose, unsqueeze, unstack)

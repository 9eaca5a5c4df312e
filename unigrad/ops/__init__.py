"""``unigrad.ops``: MindSpore's functional ops, each written once on backend primitives."""
from unigrad.autodiff import GradOperation, jvp, stop_gradient, vjp
from unigrad.ops.assign import assign, assign_add, assign_sub
from unigrad.ops.creation import (arange, cast, eye, full, full_like, is_tensor, linspace, numel, ones,
                                  ones_like, zeros, zeros_like)
from unigrad.ops.indexing import gather, gather_elements, getitem, index_put, index_select
from unigrad.ops.linalg import batch_matmul, bmm, matmul
from unigrad.ops.math import (abs, absolute, add, arctan, arctan2, atan, atan2, ceil, clamp, clip, cos, div,
                              divide, eq, equal, erf, exp, expm1, floor, floor_divide, floor_mod, fmod, ge, gelu,
                              greater, greater_equal, gt, isclose, le, leaky_relu, less, less_equal, log,
                              log1p, logical_and, logical_not, logical_or, logical_xor, lt, maximum, minimum,
                              mul, ne, neg, negative, not_equal, pow, reciprocal, relu, relu6, remainder,
                              rsqrt, select, sigmoid, sign, silu, sin, softplus, sqrt, square, sub, tan,
                              tanh, true_divide, where)
from unigrad.ops.nn_functional import (avg_pool2d, binary_cross_entropy, binary_cross_entropy_with_logits,
                                       ceil_mode_pads, conv2d, cross_entropy, dense, dropout, log_softmax, max_pool2d,
                                       nll_loss, one_hot, softmax)
from unigrad.ops.primitive_classes import (ArgMaxWithValue, ArgMinWithValue, BatchMatMul, Concat, Gather, MatMul, ReduceMax, ReduceMean,
                                           ReduceMin, ReduceProd, ReduceSum, Reshape, Softmax, Transpose)
from unigrad.ops.reduction import (all, amax, amin, any, argmax, argmin, cumprod, cumsum, logsumexp, max,
                                   mean, min, norm, prod, sum)
from unigrad.ops.shape import (broadcast_to, cat, chunk, concat, expand_dims, flatten, flip, permute,
                               repeat_elements, reshape, split, squeeze, stack, swapaxes, swapdims, tile,
                               transpose, unsqueeze)
from unigrad.ops.nn_extra import avg_pool2d_pads, max_pool2d_pads, pool_padding

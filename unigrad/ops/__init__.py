"""``unigrad.ops``: MindSpore's ``mindspore.ops`` namespace: its functional ops, primitive classes and
functional autodiff. Only MindSpore's public names live here; the ops are written in the private modules
beside this file, each once, on the backend primitives."""
from unigrad._autodiff import GradOperation, grad, jacfwd, jacrev, jvp, value_and_grad, vjp
from unigrad.ops._assign import assign, assign_add, assign_sub
from unigrad.ops._creation import (arange, cast, dtype, eye, full, full_like, is_tensor, linspace, numel, ones,
                                   ones_like, zeros, zeros_like)
from unigrad.ops._gradient import stop_gradient
from unigrad.ops._indexing import gather, gather_elements, index_select
from unigrad.ops._linalg import bmm, matmul
from unigrad.ops._math import (abs, absolute, add, arctan, arctan2, atan, atan2, ceil, clamp, clip, cos, div,
                               divide, eq, equal, erf, exp, expm1, floor, floor_divide, floor_mod, fmod, ge, gelu,
                               greater, greater_equal, gt, isclose, isfinite, isinf, isnan, le, leaky_relu, less, less_equal, log,
                               log1p, logical_and, logical_not, logical_or, logical_xor, lt, maximum, minimum,
                               mul, ne, neg, negative, not_equal, pow, reciprocal, relu, relu6, remainder,
                               rsqrt, select, sigmoid, sign, silu, sin, softplus, sqrt, square, sub, tan,
                               tanh, true_divide, where)
from unigrad.ops._nn import (avg_pool2d, binary_cross_entropy, binary_cross_entropy_with_logits, conv2d,
                             cross_entropy, dense, dropout, log_softmax, max_pool2d, nll_loss, one_hot, softmax)
from unigrad.ops._primitive_classes import (ArgMaxWithValue, ArgMinWithValue, BatchMatMul, Concat, Gather, MatMul,
                                            ReduceMax, ReduceMean, ReduceMin, ReduceProd, ReduceSum, Reshape,
                                            Softmax, Sort, TopK, Transpose)
from unigrad.ops._reduction import (all, amax, amin, any, argmax, argmin, cumprod, cumsum, logsumexp, max,
                                    mean, min, norm, prod, sum)
from unigrad.ops._sorting import argsort, sort, topk
from unigrad.ops._shape import (broadcast_to, cat, chunk, concat, expand_dims, flatten, flip, permute,
                                repeat_elements, reshape, shape, split, squeeze, stack, swapaxes, swapdims, tile,
                                transpose, unsqueeze)
from unigrad.ops._tensor_methods import attach as _attach_tensor_methods

_attach_tensor_methods()

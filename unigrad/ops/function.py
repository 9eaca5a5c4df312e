"""``mindspore.ops.function``: MindSpore's functional ops (``ops.add``, ``ops.reshape``, ...), gathered here as
MindSpore gathers them, for ``mindspore.ops`` and ``mindspore.ops.functional`` to re-export. Each is written
once, in the private modules beside this file, on the backend primitives."""
from unigrad._autodiff import grad, jacfwd, jacrev, jvp, value_and_grad, vjp  # noqa: F401
from unigrad.ops._activations import (celu, elu, fast_gelu, glu, hardshrink, hardsigmoid, hardswish,  # noqa: F401
                                     hardtanh, logsigmoid, mish, prelu, rrelu, selu, softmin, softshrink, softsign,
                                     tanhshrink, threshold)
from unigrad.ops._activations import softshrink as soft_shrink  # noqa: F401
from unigrad.ops._adaptive_pool import (adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_max_pool1d,  # noqa: F401
                                       adaptive_max_pool2d)
from unigrad.ops._assign import assign, assign_add, assign_sub  # noqa: F401
from unigrad.ops._composite import clip_by_global_norm, depend, partial  # noqa: F401
from unigrad.ops._creation import (arange, eye, fill, full, full_like, is_tensor, linspace, numel, ones,  # noqa: F401
                                   ones_like, tuple_to_array, zeros, zeros_like)
from unigrad.ops._gradient import stop_gradient  # noqa: F401
from unigrad.ops._indexing import gather, gather_elements, gather_nd, index_select  # noqa: F401
from unigrad.ops._interpolate import interpolate, upsample  # noqa: F401
from unigrad.ops._linalg import bmm, matmul  # noqa: F401
from unigrad.ops._math import (abs, absolute, add, arctan, arctan2, atan, atan2, ceil, clamp, clip, clip_by_value,  # noqa: F401
                               cos, div, divide, eq, equal, erf, exp, expm1, floor, floor_divide, floor_mod, fmod, ge,
                               gelu, greater, greater_equal, gt, isclose, isfinite, isinf, isnan, le, leaky_relu,
                               less, less_equal, log, log1p, logical_and, logical_not, logical_or, logical_xor, lt,
                               maximum, minimum, mul, ne, neg, negative, not_equal, pow, reciprocal, relu, relu6,
                               remainder, rsqrt, select, sigmoid, sign, silu, sin, softplus, sqrt, square, sub, tan,
                               tanh, true_divide, where)
from unigrad.ops._losses import (cosine_embedding_loss, gaussian_nll_loss, hinge_embedding_loss,  # noqa: F401
                                 huber_loss, kl_div, l1_loss, margin_ranking_loss, mse_loss, multi_margin_loss,
                                 multilabel_margin_loss, multilabel_soft_margin_loss, smooth_l1_loss,
                                 soft_margin_loss, triplet_margin_loss)
from unigrad.ops._math import (acos, acosh, addcdiv, addcmul, arccos, arccosh, arcsin, arcsinh, arctanh,  # noqa: F401
                               asin, asinh, atanh, copysign, cosh, deg2rad, erfc, exp2, float_power, floor_div,
                               floordiv, floormod, fmax, fmin, frac, heaviside, hypot, inv, is_complex,
                               is_floating_point, isneginf, isposinf, isreal, ldexp, lerp, log2, log10, logaddexp,
                               logaddexp2, logit, multiply, nan_to_num, positive, rad2deg, round, sgn, signbit, sinc,
                               sinh, subtract, tensor_add, tensor_div, tensor_exp, tensor_expm1, tensor_floordiv,
                               tensor_ge, tensor_gt, tensor_le, tensor_lt, tensor_mod, tensor_mul, tensor_pow,
                               tensor_sub, trunc, truncate_div, truncate_mod, xdivy, xlogy)
from unigrad.ops._image import channel_shuffle, pixel_shuffle, pixel_unshuffle  # noqa: F401
from unigrad.ops._nn import (avg_pool2d, bias_add, binary_cross_entropy, binary_cross_entropy_with_logits,  # noqa: F401
                             conv1d, conv2d, cross_entropy, dense, dropout, dropout1d, dropout2d, dropout3d, log_softmax,
                             max_pool2d, nll_loss, one_hot, softmax)
from unigrad.ops._normalization import group_norm, layer_norm  # noqa: F401
from unigrad.ops._padding import pad  # noqa: F401
from unigrad.ops._reduction import (all, amax, amin, any, argmax, argmin, cumprod, cumsum, logsumexp, max,  # noqa: F401
                                    mean, min, norm, prod, sum)
from unigrad.ops._statistics import (aminmax, bincount, count_nonzero, cov, cummax, cummin, diff, histc,  # noqa: F401
                                     logcumsumexp, median, nanmean, nanmedian, nansum, std, std_mean, trapz, var,
                                     var_mean)
from unigrad.ops._math import (approximate_equal, bessel_i0, bessel_i0e, bessel_i1, bessel_i1e, conj,  # noqa: F401
                               digamma, i0, imag, is_nonzero, lgamma, mvlgamma, real)
from unigrad.ops._sorting import argsort, sort, topk  # noqa: F401
from unigrad.ops._shape import (broadcast_to, cat, chunk, concat, expand_dims, flatten, flip, meshgrid,  # noqa: F401
                                permute, repeat_elements, reshape, shape, split, squeeze, stack, swapaxes, swapdims,
                                tile, transpose, unsqueeze, unstack)
# shapes, indexing, scatter, linear algebra, creation and random draws (issue 24)
from unigrad.ops._creation import range, type_as  # noqa: F401
from unigrad.ops._distance import cdist, cosine_similarity, dist  # noqa: F401
from unigrad.ops._elimination import det, inverse, logdet, matrix_determinant, matrix_power, slogdet  # noqa: F401
from unigrad.ops._indexing import gather_elements as gather_d  # noqa: F401
from unigrad.ops._linalg import (addbmm, addmm, addmv, addr, baddbmm, batch_dot, cross, dot, einsum, ger,  # noqa: F401
                                 inner, kron, mv, outer, tensor_dot)
from unigrad.ops._matrix import (diag, diag_embed, diagflat, diagonal, trace, tril, tril_indices, triu,  # noqa: F401
                                 triu_indices)
from unigrad.ops._sampling import (bernoulli, multinomial, normal, rand, rand_like, randint, randint_like,  # noqa: F401
                                   randn, randn_like, random_categorical, randperm, standard_normal, uniform)
from unigrad.ops._scatter import (diagonal_scatter, index_add, index_fill, masked_fill, scatter,  # noqa: F401
                                  scatter_add, scatter_nd, select_scatter, sequence_mask, slice_scatter,
                                  tensor_scatter_add, tensor_scatter_div, tensor_scatter_elements, tensor_scatter_max,
                                  tensor_scatter_min, tensor_scatter_mul, tensor_scatter_sub)
from unigrad.ops._select import (argwhere, masked_select, nonzero, repeat_interleave, reverse_sequence,  # noqa: F401
                                 strided_slice, take)
from unigrad.ops._shape import (atleast_1d, atleast_2d, atleast_3d, column_stack, dsplit, dstack, expand,  # noqa: F401
                                expand_as, fliplr, flipud, hsplit, hstack, movedim, moveaxis, narrow, rank, ravel,
                                reverse, roll, rot90, row_stack, size, t, tensor_split, unbind, view_as, vsplit, vstack)
from unigrad.ops._sorting import bucketize, searchsorted, unique, unique_consecutive  # noqa: F401
from unigrad.ops._windows import (bartlett_window, blackman_window, hamming_window, hann_window,  # noqa: F401
                                  logspace, vander)

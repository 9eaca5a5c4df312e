"""Every op registry entry's edge samples against real MindSpore 2.10 (issue 20).

tools/record_mindspore_edge_goldens.py ran each entry on MindSpore with the float32 edge samples of
``OpSpec.draw_edges`` (NaN, +-inf, +-0, exact ties and kinks, +-1e4) and recorded its outputs and the
gradients for ``edge_cotangents``, or the error it raised. Here the NumPy engine runs the same; torch and jax
are held to the NumPy engine on the same samples by tests/conformance/test_edge_agreement.py.

Each (entry, kind) where unigrad differs from MindSpore is listed in ``DIFFERS`` with its reason, one of
the README's "differs from MindSpore on purpose" lines; the list is exact: an entry that differs without a
line fails, and so does a listed one that now agrees (its line must go).
"""
from __future__ import annotations

import importlib.util
import json
import pathlib
import warnings

import numpy as np
import pytest

import unigrad
from unigrad import dtype as dt
from unigrad.testing import REGISTRY, assert_close, edge_atol, edge_results

ROOT = pathlib.Path(__file__).resolve().parents[1]
_codec_spec = importlib.util.spec_from_file_location("golden_codec", ROOT / "tools" / "record_mindspore_goldens.py")
codec = importlib.util.module_from_spec(_codec_spec)
_codec_spec.loader.exec_module(codec)
GOLDENS = codec.decode(json.loads((ROOT / "tests" / "goldens" / "mindspore_2.10_edges.json").read_text()))
RTOL, ATOL = 2e-6, 4e-6  # float32, as tests/goldens/compare.py

NAN_EXTREME = ("NaN is the extreme value: the max/min family, arg-reductions, sort, topk and max pooling "
               "return NaN and send its gradient to it, as NumPy and torch; MindSpore 2.10 skips NaN, and so do "
               "its ops built on maximum: clip_by_value gives the bound for NaN, and L2Normalize's "
               "max(sum of squares, epsilon) and clip_by_global_norm's max(norm, clip_norm) take the bound for a "
               "NaN norm, so the rest of the row comes back divided by sqrt(epsilon) (100x) or unclipped, where "
               "unigrad gives NaN")
NAN_VISIBLE = ("NaN stays visible: relu, relu6, sign, softplus and the slope of abs keep NaN; MindSpore 2.10 "
               "gives 0 (softplus: inf)")
DIVISION = ("x / +-0, // and % at 0 and +-inf follow IEEE 754 and Python's // and % (NumPy, torch, jax): "
            "MindSpore 2.10 ignores the sign of a zero divisor (1 / -0 is +inf; also log's slope at -0), gives "
            "-inf for NaN / +-0 and +inf for the divisor's slope at 0 / 0 (both NaN in IEEE 754), floors "
            "+-inf // x to +-inf and x // -inf to -0 (Python: NaN and -1) and gives NaN for x % inf")
POW_ZERO = ("the slope of x ** 0 is 0 at x = 0 and at NaN (x ** 0 is 1 everywhere, as torch); MindSpore 2.10: "
            "NaN (0 * x ** -1)")
CONV_PADDING = ("conv2d with NaN or inf where the window meets padding: the NumPy engine and torch multiply the "
                "zero padding by the weight (NaN); MindSpore 2.10 and XLA skip it")
BCE_RANGE = ("binary_cross_entropy of a probability outside [0, 1]: MindSpore 2.10 raises RuntimeError; unigrad "
             "computes it (NaN), as checking the values would cost a device sync every call")
SOFTMAX = ("a row holding +inf: softmax and log_softmax are NaN for the whole row (the shift by the row's max "
           "makes inf - inf), MindSpore 2.10 only at the inf; its float32 log_softmax gradient is 1e-5 "
           "relative off at ties")
BCE_INFINITE_LABEL = ("binary_cross_entropy_with_logits without pos_weight at a label of +-inf: unigrad's loss is "
                      "softplus(x) - x y, its slope sigmoid(x) - y = -+inf, as MindSpore 2.10's "
                      "SigmoidCrossEntropyWithLogits; MindSpore's ops.binary_cross_entropy_with_logits gives NaN "
                      "for both (0 * inf in its (p - 1) y + 1, p = 1): x [0, 0.5, 2], y [-inf, -inf, inf] give it "
                      "loss and slope NaN, NaN, NaN; unigrad and SigmoidCrossEntropyWithLogits NaN, inf, -inf and "
                      "inf, inf, -inf")
SLICE_TO_END = ("Slice with a size of -1 (to the end): MindSpore 2.10's gradient raises RuntimeError ('For "
                "SliceGrad, the value of size can not be negative'); unigrad gives it")
SOFTMAX_CE_SLOPE = ("SoftmaxCrossEntropyWithLogits's slope in the logits where a row's labels do not sum to 1: "
                    "MindSpore 2.10's bprop takes its backprop output, softmax(x) - labels, the loss's slope only "
                    "for labels that sum to 1; unigrad the loss's own, sum(labels) softmax(x) - labels (ties row "
                    "[-1, 0, 0, 1], labels [0, 1, 2, 2], cotangent 4: MindSpore -5.862 = 4 (0.534 - 2), unigrad "
                    "2.689 = 4 (5 0.534 - 2); NaN for an inf label, where MindSpore gives the rest finite)")
ASSIGN_SHAPE = ("MindSpore 2.10's assign_add and assign_sub refuse a value whose shape is not the Parameter's "
                "(ValueError, (4,), (1, 4) or a 0-d value into (3, 4)); unigrad broadcasts it, as add does")

DIFFERS: dict[tuple[str, str], str] = {
    **{(entry, "specials"): NAN_EXTREME for entry in (
        "Maximum", "Minimum", "Argmax", "MaxPool", "L2Normalize", "clip_by_global_norm",
        "clip_by_global_norm-within_norm", "clip_by_value", "clip_by_value-list")},
    **{(entry, "specials"): NAN_VISIBLE for entry in ("Abs", "ReLU", "Sign", "Softplus")},
    **{(entry, kind): DIVISION for entry, kind in (
        ("Log", "specials"), ("Log", "ties_and_kinks"), ("Div", "specials"), ("Div", "ties_and_kinks"),
        ("RealDiv", "specials"), ("RealDiv", "ties_and_kinks"), ("FloorDiv", "specials"))},
    **{("LogSoftmax", kind): SOFTMAX for kind in ("specials", "ties_and_kinks")},
    **{("Pow", kind): POW_ZERO for kind in ("specials", "ties_and_kinks")},
    ("Conv2D", "specials"): CONV_PADDING,
    **{("BinaryCrossEntropy", kind): BCE_RANGE for kind in ("large", "specials", "ties_and_kinks")},
    **{("Slice", kind): SLICE_TO_END for kind in ("large", "specials", "ties_and_kinks")},
    **{("SoftmaxCrossEntropyWithLogits", kind): SOFTMAX_CE_SLOPE for kind in ("large", "specials", "ties_and_kinks")},
    **{(entry, kind): ASSIGN_SHAPE for entry in ("assign_add-broadcast", "assign_sub-broadcast")
       for kind in ("large", "specials", "ties_and_kinks")},
    **{(entry, "specials"): NAN_EXTREME for entry in (
        "ArgMaxWithValue", "ArgMinWithValue", "ReduceMin", "Sort", "TopK", "amax-all", "amax-axis",
        "amax-axes_keepdims", "amin-all", "amin-axis", "amin-axes_keepdims", "argmax-all", "argmax-axis",
        "argmin-all", "argmin-axis", "argsort", "max-axis", "max-keepdims", "min-axis", "maximum",
        "maximum-broadcast", "maximum-scalar", "minimum", "minimum-broadcast", "minimum-scalar", "sort",
        "topk", "topk-dim0_smallest", "norm-inf", "norm--inf", "max_pool2d-k2", "max_pool2d-k3_s1_pad1",
        "max_pool2d-dilation", "max_pool2d-rect", "max_pool2d-ceil_pad1")},
    ("max_pool2d-ceil", "specials"): NAN_EXTREME + "; and a ceil-mode window holding only -inf pools to -inf, "
                                                   "MindSpore 2.10's to -3.4e38 (its kernel's starting value)",
    **{(entry, "specials"): NAN_VISIBLE for entry in (
        "relu", "relu6", "sign", "abs", "norm-l1", "softplus", "softplus-beta", "softplus-above_threshold")},
    **{(entry, kind): DIVISION for entry, kind in (
        ("log", "specials"), ("div", "specials"), ("div-broadcast", "specials"), ("div-scalar_first", "specials"),
        ("div-scalar_first", "ties_and_kinks"), ("div-floor", "specials"), ("div-floor", "ties_and_kinks"),
        ("div-trunc", "specials"), ("div-trunc", "ties_and_kinks"), ("floor_divide", "specials"),
        ("floor_divide", "ties_and_kinks"), ("remainder", "specials"), ("remainder", "ties_and_kinks"),
        ("fmod", "specials"), ("fmod", "ties_and_kinks"))},
    **{(entry, kind): SOFTMAX for entry in ("log_softmax-axis-1", "log_softmax-axis0", "log_softmax-axis1",
                                            "log_softmax-large") for kind in ("specials", "ties_and_kinks")},
    ("softmax-axis-1", "specials"): SOFTMAX,
    ("softmax-large", "specials"): SOFTMAX,
    ("topk", "ties_and_kinks"): "topk returns equal values in index order, as MindSpore's stable sort; MindSpore "
                                "2.10's TopK in its heap's order, which decides which element gets which gradient",
    ("pow", "ties_and_kinks"): POW_ZERO,
    ("prod-all", "specials"): "prod with no axis of an input holding NaN: MindSpore 2.10's ReduceProd gives every "
                              "element a zero gradient; unigrad NaN, the product of the others (x [[-0, -inf, NaN], "
                              "[0, 0.909, inf]], cotangent 3: MindSpore all 0)",
    **{(entry, kind): "cumprod's gradient: MindSpore 2.10 divides (a reverse cumsum of g * out, over x), NaN at "
                      "zeros where the exact one is finite and NaN or +-inf of its own at inf; unigrad's rule, one on "
                      "every backend, is the exact sum in Horner's form, without a division"
       for entry, kind in (("cumprod", "specials"), ("cumprod", "ties_and_kinks"), ("cumprod-with_zero", "large"),
                           ("cumprod-with_zero", "specials"), ("cumprod-with_zero", "ties_and_kinks"))},
    **{("any-float_input", kind): "MindSpore 2.10's any(x, 0) of a 2-D float Tensor is wrong (it reads the bytes): "
                                  "False for the columns [0, 1, NaN] and [-2, -1, 0]; unigrad: True, x != 0 as NumPy"
       for kind in ("large", "specials", "ties_and_kinks")},
    **{(entry, kind): BCE_RANGE for entry in ("binary_cross_entropy", "binary_cross_entropy-weight_sum")
       for kind in ("large", "specials", "ties_and_kinks")},
    ("binary_cross_entropy_with_logits-weight_pos_weight_none", "specials"):
        "an infinite pos_weight p: MindSpore 2.10's slope in x, (p y + 1 - y) sigmoid(x) - p y, is inf - inf (NaN) "
        "where unigrad gives the slope, +-inf; with an infinite weight as well, unigrad's slope in y is NaN (the "
        "cotangent inf meets p log sigmoid(x) and log(1 - sigmoid(x)) as two terms), MindSpore's -inf",
    **{(entry, "specials"): BCE_INFINITE_LABEL for entry in (
        "binary_cross_entropy_with_logits", "binary_cross_entropy_with_logits-large_logits")},
    **{(entry, "specials"): CONV_PADDING for entry in ("conv2d-same", "conv2d-pad", "conv2d-groups")},
    **{("conv2d-pad4_stride", kind): "MindSpore 2.10's ops.conv2d refuses 4-value padding with stride 2 "
                                     "(ValueError)" for kind in ("large", "specials", "ties_and_kinks")},
    ("cross_entropy-weight", "ties_and_kinks"): "class weights that sum to 0 or below (a 0 / 0 loss): -inf on "
                                                "unigrad, NaN on MindSpore 2.10",
    ("cross_entropy-probabilities_label_smoothing", "specials"): "a -inf logit under label smoothing: the "
                                                                "gradient is -inf on unigrad, NaN on MindSpore 2.10",
    **{(entry, "specials"): "MindSpore 2.10's leaky_relu slope at +-inf is (1 + alpha) / 2, its slope at 0; "
                            "unigrad gives 1 and alpha" for entry in ("leaky_relu", "leaky_relu-alpha")},
    **{("transpose-reverse", kind): "MindSpore 2.10's ops.transpose needs the permutation (TypeError); unigrad "
                                    "reverses the axes without one, as NumPy"
       for kind in ("large", "specials", "ties_and_kinks")},
    **{("flip-int_dim", kind): "MindSpore 2.10's ops.flip wants a tuple of dims (TypeError for an int); unigrad "
                               "flips that one axis, as NumPy"
       for kind in ("large", "specials", "ties_and_kinks")},
}


# issue 24's elementwise maths and statistics (helper A), measured on MindSpore 2.10's edge samples
_NO_CPU_KERNEL = ("MindSpore 2.10 has no CPU kernel for it (RuntimeError): Fmin, and the InplaceScatterAdd of cummax's "
                  "and cummin's gradients; unigrad computes them")
_LOGCUMSUMEXP = ("logcumsumexp is a scan of logaddexp: after a NaN every sum is NaN, and so is the slope of every "
                 "element before it (MindSpore 2.10 gives finite values after it: log 2 after [nan, 0]); at +-1e4 "
                 "its slope is exact where MindSpore 2.10's exp(x - out) carries float32 out's rounding (4.0017 for "
                 "4 at 1e4, 7.39 for 8 at 3e6)")
DIFFERS.update({
    **{(entry, kind): DIVISION for entry, kind in (
        ("log2", "specials"), ("log2", "ties_and_kinks"), ("log10", "specials"), ("log10", "ties_and_kinks"),
        ("truncate_div", "specials"), ("truncate_div", "ties_and_kinks"), ("addcdiv", "specials"),
        ("addcdiv", "ties_and_kinks"))},
    ("reduce_max-axis", "specials"): NAN_EXTREME,
    ("copysign", "specials"): NAN_VISIBLE,
    ("float_power", "ties_and_kinks"): DIFFERS[("pow", "ties_and_kinks")],
    **{(entry, kind): _NO_CPU_KERNEL for entry in ("fmin", "cummax", "cummin")
       for kind in ("large", "specials", "ties_and_kinks")},
    **{(entry, kind): _LOGCUMSUMEXP for entry in ("logcumsumexp", "logcumsumexp-large")
       for kind in ("large", "specials")},
    **{("logit", kind): "MindSpore 2.10's logit without eps is wrong off (0, 1) and at its ends (logit(2) = "
                        "logit(-1) = 0, logit(1) = NaN) and its slope NaN or 0 inside when the Tensor holds such "
                        "values; unigrad computes log(x) - log1p(-x)" for kind in ("large", "specials", "ties_and_kinks")},
    **{("xlogy", kind): "xlogy(0, 0) is 0, MindSpore's documented 'zero where x is zero', with slope 0 in y; "
                        "MindSpore 2.10 gives NaN (0 * log 0) and NaN; at x = NaN, y = -0 its slope in y is -inf, "
                        "unigrad's NaN" for kind in ("specials", "ties_and_kinks")},
    ("var-axis_ddof_keepdims", "ties_and_kinks"): "var's slope where the elements are all equal is 0 (2 (x - mean) "
                                                  "/ (n - ddof)); MindSpore 2.10: NaN",
    **{(entry, kind): "the slopes of lgamma and digamma at their poles (0, -0, the negative integers) and at +-inf: "
                      "unigrad's composed formulas give 0 or NaN where MindSpore 2.10's kernels give +-inf or NaN"
       for entry in ("lgamma", "lgamma-large", "digamma") for kind in ("specials", "ties_and_kinks")},
    **{("mvlgamma", kind): "mvlgamma of elements at or below (p - 1) / 2: MindSpore 2.10 raises ValueError; unigrad "
                           "computes them (inf or NaN), as checking the values would cost a device sync every call"
       for kind in ("specials", "ties_and_kinks")},
    **{("bessel_i1", kind): "bessel_i1's slope at 0 is 1/2 (I0 - I1 / x tends to 1 - 1/2); MindSpore 2.10: 1"
       for kind in ("specials", "ties_and_kinks")},
    ("bessel_i1e", "specials"): "bessel_i1e's slope at +inf: MindSpore 2.10 gives 1 (the slope is 0 there, as "
                                "I1e(x) ~ 1 / sqrt(2 pi x)); unigrad's fit gives NaN",
    ("i0", "specials"): "i0 at +-inf is +inf; MindSpore 2.10: NaN",
    ("bessel_i1", "large"): "bessel_i1's slope at +-1e4 is +inf (it overflows); MindSpore 2.10: NaN (its I0 - I1 / x "
                            "is inf - inf there)",
    ("bincount-weights", "specials"): "bincount with an infinite weight: unigrad adds it to its own bin; MindSpore "
                                      "2.10 gives NaN in the other bins (bincount([0, 2, 2], [1, inf, 1]) = "
                                      "[nan, nan, inf])",
    ("histc", "specials"): "histc leaves NaN out, as elements outside [min, max]; MindSpore 2.10 counts it in the "
                           "first bin (histc([nan], 4, -2, 2) = [1, 0, 0, 0])",
    **{(entry, "specials"): "trapz of rows holding +-inf and NaN: MindSpore 2.10 gives NaN where unigrad's sum of "
                            "trapezoids is -inf" for entry in ("trapz", "trapz-dx_dim0")},
    ("cov-aweights", "specials"): "cov with NaN or +-inf among the observations: NaN everywhere (the weighted mean "
                                  "holds it); MindSpore 2.10 gives -inf in places",
})
# -- issue 24: activations, losses, padding and pooling as functions (helper C) --------------------------------
_NO_CPU_KERNEL = ("MindSpore 2.10 has no CPU kernel for it (RuntimeError: SoftMarginLoss, TripletMarginLoss, "
                  "MultilabelMarginLoss, LayerNormExt); tests/test_nn_functions.py holds unigrad's to torch's")
_STALE_PADV3 = ("MindSpore 2.10's PadV3 with a negative (cropping) pad is right on its first call only: later calls "
                "in the process give zeros for kept rows (pad(x, (1, 2, -1, 1)) three times: rows of x, then one row "
                "zeroed, then all); unigrad crops, then pads")
_PLAIN_SOFTPLUS = ("softplus-based: logsigmoid(x) = -softplus(-x), mish and multilabel_soft_margin_loss stay finite "
                   "at +-1e4 with slopes 0 or 1 (mish(inf) = inf); MindSpore 2.10 computes log(sigmoid(x)) and "
                   "exp(x) directly and overflows to -inf or NaN beyond about 88")
_WEIGHT_MATRICES = ("adaptive_avg_pool2d and interpolate are products with fixed weight matrices (one per axis), so "
                    "a NaN or inf input makes every output of its rows and columns NaN (0 * inf); MindSpore 2.10 keeps "
                    "it to the outputs that read it")
DIFFERS.update({
    **{(entry, kind): _NO_CPU_KERNEL for kind in ("specials", "ties_and_kinks", "large") for entry in (
        "soft_margin_loss", "triplet_margin_loss", "triplet_margin_loss-0.5_1_1e-06_True_sum", "multilabel_margin_loss",
        "layer_norm-weight_bias", "layer_norm-two_axes")},
    **{("channel_shuffle", kind): "MindSpore 2.10's ChannelShuffle has no gradient (RuntimeError: bprop not "
                                  "defined); unigrad's is the inverse shuffle"
       for kind in ("specials", "ties_and_kinks", "large")},
    **{("selu", kind): "MindSpore 2.10's SeLU gradient below 0 is wrong (-0.117 at -1, where scale alpha e^-1 = "
                       "0.647; -0.80 at -15551, where it is 0); unigrad's is the derivative"
       for kind in ("specials", "ties_and_kinks", "large")},
    ("hardshrink", "specials"): "hardshrink keeps NaN (|NaN| <= lambd is false); MindSpore 2.10 gives 0 on this "
                                "sample (and NaN on a 5-element one)",
    ("softshrink", "specials"): "softshrink at NaN is 0 with slope 0 (neither beyond lambd); MindSpore 2.10 gives "
                                "0 with slope 1",
    **{(entry, kind): "hardtanh is clamp, with clamp's MindSpore-checked slopes (1 at the bounds, 0 at NaN); "
                      "MindSpore 2.10's HardTanh gives 1/2 at the bounds and 1 at NaN"
       for entry in ("hardtanh", "hardtanh--0.5_2.0") for kind in ("specials", "ties_and_kinks")},
    **{(entry, kind): _PLAIN_SOFTPLUS for entry, kind in (
        ("mish", "large"), ("mish", "specials"), ("logsigmoid", "large"), ("logsigmoid", "specials"),
        ("multilabel_soft_margin_loss", "large"), ("multilabel_soft_margin_loss", "specials"),
        ("multilabel_soft_margin_loss-weight", "large"))},
    ("softsign", "specials"): "softsign's slope at +-inf: the derivative of x / (1 + |x|) taken by rule is "
                              "inf / inf = NaN in unigrad; MindSpore 2.10 gives the limit 0",
    ("fast_gelu", "large"): "fast_gelu's slope below about -50 is 0 in unigrad (exp underflows); MindSpore 2.10 "
                            "gives NaN",
    **{(entry, "specials"): "prelu with an infinite or NaN slope: unigrad's w * x is NaN at x = 0 and so are the "
                            "gradients there; MindSpore 2.10 gives 0 and finite gradients"
       for entry in ("prelu", "prelu-one_weight")},
    **{(entry, "specials"): NAN_VISIBLE for entry in ("l1_loss", "l1_loss-none", "margin_ranking_loss-0.1")},
    **{(entry, "specials"): "smooth_l1_loss at an infinite difference: unigrad's slope is NaN (the unused "
                            "quadratic branch's inf times 0); MindSpore 2.10 gives the limit +-1 (over N)"
       for entry in ("smooth_l1_loss", "smooth_l1_loss-0.5_mean")},
    **{(entry, kind): "kl_div counts only labels > 0 (0 log 0 = 0; a negative label is no probability) and gives "
                      "the logits no gradient elsewhere; MindSpore 2.10 gives -label / N for a negative label and "
                      "inf at a -inf logit"
       for entry in ("kl_div", "kl_div-batchmean") for kind in ("specials", "ties_and_kinks")},
    **{(entry, "specials"): "multi_margin_loss with NaN or inf scores: relu keeps NaN, so the loss is NaN; "
                            "MindSpore 2.10's kernel leaves such terms out"
       for entry in ("multi_margin_loss", "multi_margin_loss-2_2_None_sum", "multi_margin_loss-weight")},
    **{(entry, "specials"): "gaussian_nll_loss clamps var with maximum(var, eps), which keeps a NaN var NaN (NaN is "
                            "the extreme value); MindSpore 2.10 clamps it to eps"
       for entry in ("gaussian_nll_loss", "gaussian_nll_loss-True_1e-06_none")},
    **{("pad-constant", kind): _STALE_PADV3 for kind in ("ties_and_kinks", "large")},
    **{(entry, "specials"): NAN_EXTREME
       for entry in ("adaptive_max_pool1d", "adaptive_max_pool2d", "adaptive_max_pool2d-indices")},
    **{(entry, "specials"): _WEIGHT_MATRICES for entry in (
        "adaptive_avg_pool2d", "adaptive_avg_pool2d-keep_h", "interpolate-nearest", "interpolate-bilinear",
        "interpolate-bilinear_corners", "interpolate-linear", "interpolate-trilinear_scale")},
})


# -- issue 24 (helper B): shapes, indexing, scatter, linear algebra, random draws --------------------------
_B_CALL = ("MindSpore 2.10 refuses the call as the registry writes it (TypeError: expand's shape as a tuple, "
           "index_add's and index_fill's Int64 indices, type_as has no CPU kernel); unigrad takes it. The goldens "
           "program shape_index_linalg_ops checks these with MindSpore's argument types")
_B_NO_KERNEL = ("MindSpore 2.10's CPU has no kernel (roll, take, einsum, nonzero as_tuple) or no gradient for a Tensor "
                "input (scatter, scatter_add) here: RuntimeError; unigrad computes it as documented, checked against "
                "NumPy in tests/test_shape_index_linalg.py")
_B_SCATTER_REPEATS = ("repeated scatter indices: an overwritten update does not reach the output, so its slope is 0, "
                      "and a product's slope is the product rule's; MindSpore 2.10 gathers x * dout (mul) or dout "
                      "(update) at the index for every update, as if no index repeated")
_B_SEARCH = ("searchsorted and bucketize count the sequence's elements below each value: a NaN value goes to 0 and "
             "an unsorted sequence (the ties sample's) gives that count; MindSpore 2.10 bisects, NaN last")
_B_ELIMINATION = ("a matrix holding NaN or +-inf: unigrad's elimination gives NaN throughout; MindSpore 2.10's kernels "
                  "give 0 (slogdet's sign, inverse) or raise ValueError (matrix_power's inverse)")
_B_RANDOM = ("random draws: unigrad's come from its seeded host generator (the same numbers on every backend for a "
             "seed), MindSpore 2.10's from its own stream; the goldens compare their dtypes, shapes and ranges")
DIFFERS.update({
    **{(entry, kind): reason for entries, reason in (
        (("expand", "index_add", "index_fill", "type_as"), _B_CALL),
        (("roll", "roll-flat", "scatter", "scatter_add", "take", "nonzero-as_tuple", "einsum", "einsum-diagonal"),
         _B_NO_KERNEL),
        (("tensor_scatter_update-repeated", "tensor_scatter_mul"), _B_SCATTER_REPEATS),
        (("rand_like", "randn_like", "bernoulli"), _B_RANDOM))
       for entry in entries for kind in ("large", "specials", "ties_and_kinks")},
    **{(entry, kind): _B_SEARCH for entry in ("searchsorted", "searchsorted-right_rows")
       for kind in ("specials", "ties_and_kinks")},
    ("bucketize", "specials"): _B_SEARCH,
    **{(entry, "specials"): _B_ELIMINATION for entry in ("slogdet", "inverse", "matrix_power-negative")},
    **{(entry, "specials"): ("tensor_scatter_max and _min keep a NaN already in input_x (maximum(nan, u) is NaN, as "
                             "ops.maximum on every backend); MindSpore 2.10 writes the update over it")
       for entry in ("tensor_scatter_max", "tensor_scatter_min")},
    ("diagonal_scatter", "specials"): ("diagonal_scatter writes src's value as it is (-inf); MindSpore 2.10 gives NaN "
                                       "where an infinite value meets its blend of input and src"),
    ("cdist-p1", "specials"): NAN_VISIBLE,
    ("vander", "ties_and_kinks"): POW_ZERO,
    ("vander", "specials"): ("vander's slope at x = +-inf is +-inf (n x ** (n - 1)); MindSpore 2.10: NaN"),
})


def _cases() -> list:
    return [pytest.param(spec, kind, id=f"{spec.id}-{kind}") for spec in REGISTRY
            if "skipped" not in GOLDENS.get(spec.id, {"skipped": ""}) for kind in GOLDENS[spec.id]]


def _mismatch(spec, kind: str) -> str | None:
    """Why the NumPy engine's result on the edge sample differs from MindSpore's, or None."""
    golden = GOLDENS[spec.id][kind]
    arrays = spec.draw_edges(kind, dt.float32)
    with unigrad.use_backend("numpy"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # NumPy warns of the NaN and overflow meant here
        try:
            outputs, grads = edge_results(spec, arrays)
        except Exception as e:  # noqa: BLE001  (compared with what MindSpore raised)
            return None if golden.get("error") == type(e).__name__ else f"unigrad raised {type(e).__name__}: {e}"
    if "error" in golden:
        return f"MindSpore raised {golden['error']}, unigrad answered"
    for what, ours, theirs in (("outputs", outputs, golden["outputs"]), ("gradients", grads, golden["grads"])):
        if len(ours) != len(theirs):
            return f"{len(ours)} {what}, MindSpore {len(theirs)}"
        for k, (a, e) in enumerate(zip(ours, theirs)):
            if a.dtype != e.dtype:
                return f"{what}[{k}] dtype {a.dtype}, MindSpore {e.dtype}"
            expected = e.astype(np.float64)
            try:
                assert_close(a, expected, RTOL, edge_atol(kind, expected, RTOL, ATOL), f"{what}[{k}]")
            except AssertionError as error:
                return str(error)
    return None


@pytest.mark.parametrize("spec, kind", _cases())
def test_edge_sample_matches_mindspore(spec, kind) -> None:
    mismatch = _mismatch(spec, kind)
    reason = DIFFERS.get((spec.id, kind))
    if reason is None:
        assert mismatch is None, f"{spec.id} on its {kind} edge sample differs from MindSpore 2.10: {mismatch}"
    else:
        assert mismatch is not None, f"{spec.id} on its {kind} edge sample now matches MindSpore 2.10: " \
                                     f"drop its DIFFERS line ({reason})"


def test_every_entry_with_float_inputs_has_edge_goldens() -> None:
    """A new entry needs its goldens: rerun tools/record_mindspore_edge_goldens.py --only <its id>."""
    missing = [s.id for s in REGISTRY if any(a.dtype.kind == "f" for a in s.draw(dt.float32))
               and s.id not in GOLDENS]
    assert not missing, f"entries without edge goldens: {missing}"


def test_every_difference_names_an_entry_with_goldens() -> None:
    stale = [key for key in DIFFERS if key[0] not in GOLDENS or key[1] not in GOLDENS[key[0]]]
    assert not stale, f"DIFFERS lines for entries or kinds with no golden: {stale}"

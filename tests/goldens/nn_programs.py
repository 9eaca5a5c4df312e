"""nn programs run against both real MindSpore 2.10 and unigrad: layers, losses, optimizers.

Same contract as programs.py: ``def name(ms)`` with ``ms`` the mindspore module or unigrad, returning
structures described by ``_desc``. Weights are fixed (Tensor ``weight_init`` / ``bias_init``), so no
random draws take part. Goldens: tests/goldens/mindspore_2.10_nn.json, recorded by
tools/record_mindspore_nn_goldens.py.
"""
import numpy as np

from programs import _desc


def _f32(ms, a):
    return ms.Tensor(np.asarray(a, dtype=np.float32))


def _i32(ms, a):
    return ms.Tensor(np.asarray(a, dtype=np.int32))


def _arange(shape, scale=0.1, shift=0.0):
    n = int(np.prod(shape))
    return (((np.arange(n) * 7) % 11 - 5) * scale + shift).reshape(shape).astype(np.float32)


def _grads(ms, net, *inputs):
    """Net output and the gradients with respect to its trainable parameters and its first input, of the
    output weighted by fixed uneven cotangents: under a plain sum, the gradients of softmax, of a
    normalisation's input and of its scale are zero whatever their backward rules compute."""
    params = net.trainable_params()

    def weighted(*a):
        out = net(*a)
        return (out * _f32(ms, _arange(out.shape, 0.1, 0.05))).sum(), out

    fn = ms.value_and_grad(weighted, 0, params, has_aux=True)
    (_, out), (g_in, g_w) = fn(*inputs)
    return {"out": _desc(out), "grad_input": _desc(g_in), "grad_weights": _desc(tuple(g_w)),
            "names": [n for n, _ in net.parameters_and_names()]}


# -- layers ---------------------------------------------------------------------------------------
def dense_layers(ms):
    nn = ms.nn
    w, b = _f32(ms, _arange((2, 3))), _f32(ms, [0.1, -0.2])
    x = _f32(ms, _arange((4, 3), 0.3))
    out = {}
    for act in (None, "relu", "tanh", "sigmoid"):
        out[str(act)] = _grads(ms, nn.Dense(3, 2, weight_init=w, bias_init=b, activation=act), x)
    out["no_bias"] = _grads(ms, nn.Dense(3, 2, weight_init=w, has_bias=False), x)
    out["3d"] = _desc(nn.Dense(3, 2, weight_init=w, bias_init=b)(_f32(ms, _arange((2, 2, 3)))))
    return out


def conv2d_layers(ms):
    nn = ms.nn
    x = _f32(ms, _arange((2, 2, 5, 6), 0.2))
    w = _f32(ms, _arange((4, 2, 3, 3), 0.1))
    wg = _f32(ms, _arange((4, 1, 3, 3), 0.1))
    b = _f32(ms, [0.1, 0.2, -0.3, 0.4])
    cases = {
        "same": dict(),
        "valid": dict(pad_mode="valid"),
        "pad1": dict(pad_mode="pad", padding=1),
        "pad4": dict(pad_mode="pad", padding=(1, 0, 2, 1)),
        "same_stride2": dict(stride=2),
        "valid_dilation2": dict(pad_mode="valid", dilation=2),
        "bias": dict(has_bias=True, bias_init=b),
    }
    out = {k: _grads(ms, nn.Conv2d(2, 4, 3, weight_init=w, **kw), x) for k, kw in cases.items()}
    out["group2"] = _grads(ms, nn.Conv2d(2, 4, 3, group=2, weight_init=wg, has_bias=True, bias_init=b), x)
    return out


def conv1d_layers(ms):
    nn = ms.nn
    x = _f32(ms, _arange((2, 2, 7), 0.2))
    w = _f32(ms, _arange((3, 2, 3), 0.1))
    b = _f32(ms, [0.1, 0.2, -0.3])
    return {"same": _grads(ms, nn.Conv1d(2, 3, 3, weight_init=w), x),
            "pad_stride": _grads(ms, nn.Conv1d(2, 3, 3, stride=2, pad_mode="pad", padding=1, weight_init=w,
                                               has_bias=True, bias_init=b), x),
            "weight_shape": list(nn.Conv1d(2, 3, 3, weight_init=w).weight.shape)}


def pooling_layers(ms):
    nn = ms.nn
    # distinct values: MindSpore gives a tied maximum's gradient to one element, unigrad shares it
    x = _f32(ms, (np.random.RandomState(0).permutation(50).reshape(1, 2, 5, 5) - 25) * 0.1)
    out = {}
    for name, cell in (("max_valid", nn.MaxPool2d(2, 2)), ("max_same", nn.MaxPool2d(2, 2, pad_mode="same")),
                       ("max_3_1", nn.MaxPool2d(3, 1)), ("avg_valid", nn.AvgPool2d(2, 2)),
                       ("avg_same", nn.AvgPool2d(2, 2, pad_mode="same")),
                       ("avg_same_3_2", nn.AvgPool2d(3, 2, pad_mode="same"))):
        out[name] = _grads(ms, cell, x)
    return out


def max_pool_ceil_mode(ms):
    nn = ms.nn
    x = _f32(ms, (np.random.RandomState(1).permutation(70).reshape(1, 2, 5, 7) - 35) * 0.1)
    out = {}
    for name, (kernel, stride, padding) in (("k2_s2", (2, 2, 0)), ("k3_s3", (3, 3, 0)), ("k3_s2_p1", (3, 2, 1)),
                                            ("k2_s2_p1_dropped", (2, 2, 1))):
        out[name] = _grads(ms, nn.MaxPool2d(kernel, stride, pad_mode="pad", padding=padding, ceil_mode=True), x)
    out["ops"] = _desc(ms.ops.max_pool2d(x, 2, 2, ceil_mode=True))
    return out


def max_pool_indices(ms):
    x = _f32(ms, (np.random.RandomState(1).permutation(70).reshape(1, 2, 5, 7) - 35) * 0.1)
    layer = ms.nn.MaxPool2d(3, 2, pad_mode="pad", padding=1, return_indices=True, ceil_mode=True)
    return {"ops": _desc(ms.ops.max_pool2d(x, 2, 2, return_indices=True)),
            "ops_dilation": _desc(ms.ops.max_pool2d(x, 2, 1, 1, 2, return_indices=True)),
            "layer": _desc(layer(x))}


def _op_grads(ms, fn, x):
    """An op's output and its gradient with respect to x."""
    out, g = ms.value_and_grad(fn)(x)
    return {"out": _desc(out), "grad_input": _desc(g)}


def avg_pool_modes(ms):
    nn, ops = ms.nn, ms.ops
    x = _f32(ms, (np.random.RandomState(2).permutation(70).reshape(1, 2, 5, 7) - 35) * 0.1)
    out = {}
    for mode, padding in (("valid", 0), ("same", 0), ("pad", 1)):
        for name, kwargs in (("ceil", {"ceil_mode": True}), ("ceil_exclude", {"ceil_mode": True, "count_include_pad": False}),
                             ("exclude", {"count_include_pad": False}), ("divisor", {"divisor_override": 4}),
                             ("ceil_divisor", {"ceil_mode": True, "divisor_override": 4})):
            cell = nn.AvgPool2d(3, 2, pad_mode=mode, padding=padding, **kwargs)
            out[f"{mode}_{name}"] = _grads(ms, cell, x)
    # forward only: MindSpore 2.10's CPU gradient of a 'valid' AvgPool3D in ceil mode fails ("Unknown Error")
    out["valid_k2_ceil"] = _desc(nn.AvgPool2d(2, 2, ceil_mode=True)(x))
    out["pad_k2_ceil_p1"] = _grads(ms, nn.AvgPool2d(2, 2, pad_mode="pad", padding=1, ceil_mode=True), x)
    out["pad_rows_exclude"] = _grads(ms, nn.AvgPool2d(3, 2, pad_mode="pad", padding=(1, 0), ceil_mode=True,
                                                      count_include_pad=False), x)
    calls = {"default_stride": lambda v: ops.avg_pool2d(v, 2),
             "k3_s2_p1": lambda v: ops.avg_pool2d(v, 3, 2, 1),
             "k2_s2_ceil": lambda v: ops.avg_pool2d(v, 2, 2, ceil_mode=True),
             "k3_s2_p1_ceil": lambda v: ops.avg_pool2d(v, 3, 2, 1, ceil_mode=True),
             "k3_s2_p1_ceil_exclude": lambda v: ops.avg_pool2d(v, 3, 2, 1, ceil_mode=True, count_include_pad=False),
             "pad4_ceil_exclude": lambda v: ops.avg_pool2d(v, 3, 2, (1, 0, 0, 1), ceil_mode=True,
                                                           count_include_pad=False),
             "rect_divisor": lambda v: ops.avg_pool2d(v, (2, 3), (1, 2), 1, divisor_override=5)}
    for name, fn in calls.items():
        out[f"ops_{name}"] = _op_grads(ms, fn, x)
    return out


def batchnorm_layers(ms):
    nn = ms.nn
    x = _f32(ms, _arange((4, 3, 2, 2), 0.4))
    bn = nn.BatchNorm2d(3, gamma_init=_f32(ms, [1.0, 0.5, 2.0]), beta_init=_f32(ms, [0.0, 0.1, -0.1]))
    out = {"names": [n for n, _ in bn.parameters_and_names()], "eval_initial": _desc(bn(x))}
    bn.set_train()
    out["train"] = _grads(ms, bn, x)
    out["train2"] = _desc(bn(x * 2.0))
    out["moving_mean"] = _desc(bn.moving_mean * 1.0)
    out["moving_variance"] = _desc(bn.moving_variance * 1.0)
    bn.set_train(False)
    out["eval"] = _desc(bn(x))
    bn1 = nn.BatchNorm1d(3, momentum=0.8)
    bn1.set_train()
    x1 = _f32(ms, _arange((5, 3), 0.5))
    out["bn1d"] = _grads(ms, bn1, x1)
    out["bn1d_moving"] = _desc((bn1.moving_mean * 1.0, bn1.moving_variance * 1.0))
    return out


def layernorm_embedding(ms):
    nn = ms.nn
    x = _f32(ms, _arange((2, 3, 4), 0.4))
    ln = nn.LayerNorm((4,), gamma_init=_f32(ms, [1.0, 0.5, 2.0, 1.5]), beta_init=_f32(ms, [0.0, 0.1, -0.1, 0.2]))
    ln2 = nn.LayerNorm((3, 4), begin_norm_axis=1, begin_params_axis=1)
    table = _f32(ms, _arange((5, 3), 0.2))
    emb = nn.Embedding(5, 3, embedding_table=table)
    ids = _i32(ms, [[0, 4, 2], [1, 1, 3]])
    fn = ms.value_and_grad(lambda i: (emb(i) * _f32(ms, _arange((2, 3, 3)))).sum(), None, emb.trainable_params())
    value, grads = fn(ids)
    return {"ln": _grads(ms, ln, x), "ln2": _grads(ms, ln2, x), "emb": _desc(emb(ids)),
            "emb_grad": _desc((value, tuple(grads))), "emb_names": [n for n, _ in emb.parameters_and_names()],
            "emb_pad": _desc(nn.Embedding(5, 3, embedding_table=table, padding_idx=1)(ids))}


def activations(ms):
    nn = ms.nn
    x = _f32(ms, [[-3.0, -1.0, -0.5, 0.0], [0.3, 1.0, 2.5, 7.0]])
    cells = {"relu": nn.ReLU(), "relu6": nn.ReLU6(), "leaky": nn.LeakyReLU(), "leaky01": nn.LeakyReLU(0.1),
             "sigmoid": nn.Sigmoid(), "tanh": nn.Tanh(), "gelu": nn.GELU(), "gelu_exact": nn.GELU(False),
             "silu": nn.SiLU(), "softmax": nn.Softmax(), "softmax0": nn.Softmax(0), "logsoftmax": nn.LogSoftmax(),
             "flatten": nn.Flatten(), "identity": nn.Identity(),
             "dropout_eval": nn.Dropout(p=0.3)}
    return {k: _grads(ms, c, x) for k, c in cells.items()}


def containers(ms):
    nn = ms.nn

    class Net(nn.Cell):
        def __init__(self):
            super().__init__()
            self.flatten = nn.Flatten()
            self.scale = ms.Parameter(_f32(ms, [1.5]), name="scale")
            self.dense_relu_sequential = nn.SequentialCell(
                nn.Dense(6, 4, weight_init=_f32(ms, _arange((4, 6))), bias_init="zeros"), nn.ReLU(),
                nn.Dense(4, 3, weight_init=_f32(ms, _arange((3, 4), 0.2)), bias_init="ones"))
            self.heads = nn.CellList([nn.Dense(3, 2, weight_init=_f32(ms, _arange((2, 3))), has_bias=False)])

        def construct(self, x):
            return self.heads[0](self.dense_relu_sequential(self.flatten(x)) * self.scale)

    net = Net()
    return {"grads": _grads(ms, net, _f32(ms, _arange((2, 2, 3), 0.3))),
            "param_names": [p.name for p in net.trainable_params()],
            "cells": [n for n, _ in net.cells_and_names()], "len": len(net.dense_relu_sequential),
            "training": net.training}


# -- losses ---------------------------------------------------------------------------------------
def _loss_grads(ms, loss, logits, labels):
    value, grad = ms.value_and_grad(lambda x: loss(x, labels))(logits)
    return _desc((value, grad))


def regression_losses(ms):
    nn = ms.nn
    x = _f32(ms, _arange((3, 4), 0.6))
    y = _f32(ms, _arange((3, 4), 0.25, 0.1))
    out = {}
    for r in ("none", "mean", "sum"):
        out["mse_" + r] = _loss_grads(ms, nn.MSELoss(r), x, y)
        out["l1_" + r] = _loss_grads(ms, nn.L1Loss(r), x, y)
        out["smoothl1_" + r] = _loss_grads(ms, nn.SmoothL1Loss(0.5, r), x, y)
        out["huber_" + r] = _loss_grads(ms, nn.HuberLoss(r, 0.7), x, y)
    out["smoothl1_default"] = _loss_grads(ms, nn.SmoothL1Loss(), x, y)
    return out


def classification_losses(ms):
    nn = ms.nn
    logits = _f32(ms, _arange((4, 5), 0.7))
    labels = _i32(ms, [1, 0, 4, 2])
    ignore = _i32(ms, [1, -100, 4, 2])
    probs = _f32(ms, np.array([[0.1, 0.2, 0.3, 0.2, 0.2], [1, 0, 0, 0, 0], [0, 0, 0.5, 0.5, 0],
                               [0.2, 0.2, 0.2, 0.2, 0.2]]))
    weight = _f32(ms, [1.0, 2.0, 0.5, 1.5, 1.0])
    out = {}
    for r in ("none", "mean", "sum"):
        out["ce_" + r] = _loss_grads(ms, nn.CrossEntropyLoss(reduction=r), logits, labels)
        out["ce_w_" + r] = _loss_grads(ms, nn.CrossEntropyLoss(weight=weight, reduction=r), logits, labels)
        out["ce_probs_" + r] = _loss_grads(ms, nn.CrossEntropyLoss(reduction=r), logits, probs)
        out["nll_w_" + r] = _loss_grads(ms, nn.NLLLoss(weight=weight, reduction=r), ms.ops.log_softmax(logits, 1), labels)
    out["ce_ignore"] = _loss_grads(ms, nn.CrossEntropyLoss(ignore_index=-100), logits, ignore)
    out["ce_smooth"] = _loss_grads(ms, nn.CrossEntropyLoss(label_smoothing=0.2), logits, labels)
    out["ce_smooth_w"] = _loss_grads(ms, nn.CrossEntropyLoss(weight=weight, label_smoothing=0.1), logits, labels)
    out["ce_extreme"] = _loss_grads(ms, nn.CrossEntropyLoss(), _f32(ms, [[1e4, -1e4, 0.0], [-1e4, 1e4, 5.0]]),
                                    _i32(ms, [1, 0]))
    return out


def binary_losses(ms):
    nn = ms.nn
    logits = _f32(ms, _arange((3, 4), 0.9))
    labels = _f32(ms, (_arange((3, 4)) > 0).astype(np.float32) * 0.8 + 0.1)
    weight = _f32(ms, [1.0, 2.0, 0.5, 1.5])
    pos_weight = _f32(ms, [0.5, 1.0, 2.0, 3.0])
    probs = ms.ops.sigmoid(logits)
    target = _f32(ms, np.full((3, 4), 0.25))
    out = {}
    for r in ("none", "mean", "sum"):
        out["bcel_" + r] = _loss_grads(ms, nn.BCEWithLogitsLoss(r), logits, labels)
        out["bce_" + r] = _loss_grads(ms, nn.BCELoss(reduction=r), probs, labels)
        out["kl_" + r] = _loss_grads(ms, nn.KLDivLoss(r), ms.ops.log_softmax(logits, 1), target)
    out["bcel_weights"] = _loss_grads(ms, nn.BCEWithLogitsLoss("mean", weight, pos_weight), logits, labels)
    # MindSpore 2.10 reads a BCELoss weight of another shape as flat memory; give it the full shape
    out["bce_weight"] = _loss_grads(ms, nn.BCELoss(weight=_f32(ms, _arange((3, 4), 0.2, 1.2))), probs, labels)
    out["bcel_extreme"] = _loss_grads(ms, nn.BCEWithLogitsLoss(), _f32(ms, [1e4, -1e4, 1e4, -1e4]),
                                      _f32(ms, [1.0, 0.0, 0.0, 1.0]))
    out["bce_edges"] = _loss_grads(ms, nn.BCELoss(), _f32(ms, [0.0, 1.0, 1e-30, 0.5]), _f32(ms, [1.0, 0.0, 1.0, 1.0]))
    return out


# -- optimizers -----------------------------------------------------------------------------------
_GRADS = [np.array([[0.5, -1.0, 0.25], [2.0, 0.0, -0.3]], np.float32), np.array([0.1, -0.7], np.float32)]


def _run_optimizer(ms, make, scales=(1.0, 1.5, 2.0)):
    """One step per scale with the fixed gradients times it, on a Dense(3, 2); the parameters after each."""
    net = ms.nn.Dense(3, 2, weight_init=_f32(ms, _arange((2, 3))), bias_init=_f32(ms, [0.3, -0.1]))
    opt = make(net.trainable_params())
    history = []
    for scale in scales:
        grads = tuple(_f32(ms, g * scale) for g in _GRADS)
        opt(grads)
        history.append(_desc(tuple(p * 1.0 for p in net.trainable_params())))
    return {"history": history, "params": [p.name for p in opt.parameters]}


def _grouped(params, lr=None):
    params = list(params)
    group = {"params": [params[0]], "weight_decay": 0.1}
    other = {"params": [params[1]], "lr": 0.05}
    if lr is not None:
        group["lr"] = lr
    return [group, other]


def optimizers_sgd(ms):
    nn = ms.nn
    return {
        "sgd": _run_optimizer(ms, lambda p: nn.SGD(p, 0.1)),
        "sgd_momentum": _run_optimizer(ms, lambda p: nn.SGD(p, 0.1, momentum=0.9)),
        "sgd_dampening": _run_optimizer(ms, lambda p: nn.SGD(p, 0.1, momentum=0.9, dampening=0.3)),
        "sgd_nesterov_wd": _run_optimizer(ms, lambda p: nn.SGD(p, 0.1, momentum=0.8, nesterov=True, weight_decay=0.05)),
        "sgd_grouped": _run_optimizer(ms, lambda p: nn.SGD(_grouped(p), 0.1, momentum=0.5)),
        "sgd_lr_list": _run_optimizer(ms, lambda p: nn.SGD(p, [0.1, 0.05, 0.01])),
        "sgd_loss_scale": _run_optimizer(ms, lambda p: nn.SGD(p, 0.1, loss_scale=4.0)),
        "momentum": _run_optimizer(ms, lambda p: nn.Momentum(p, 0.1, 0.9)),
        "momentum_nesterov_wd": _run_optimizer(ms, lambda p: nn.Momentum(p, 0.1, 0.9, weight_decay=0.01,
                                                                         use_nesterov=True)),
        "momentum_exp_decay": _run_optimizer(ms, lambda p: nn.Momentum(p, nn.ExponentialDecayLR(0.1, 0.9, 1), 0.9)),
        "momentum_cosine": _run_optimizer(ms, lambda p: nn.Momentum(p, nn.CosineDecayLR(0.01, 0.1, 4), 0.9)),
        "momentum_tensor_lr": _run_optimizer(ms, lambda p: nn.Momentum(p, ms.Tensor(0.05, ms.float32), 0.9)),
    }


def optimizers_adaptive(ms):
    nn = ms.nn
    return {
        "adam": _run_optimizer(ms, lambda p: nn.Adam(p, 0.01)),
        "adam_wd_nesterov": _run_optimizer(ms, lambda p: nn.Adam(p, 0.01, beta1=0.8, beta2=0.99, eps=1e-6,
                                                                 weight_decay=0.1, use_nesterov=True)),
        "adam_grouped": _run_optimizer(ms, lambda p: nn.Adam(_grouped(p, lr=0.02), 0.01)),
        # shrinking gradients and a short beta2 memory, so the second moment falls below its running max
        "adam_amsgrad": _run_optimizer(ms, lambda p: nn.Adam(p, 0.01, beta2=0.5, use_amsgrad=True),
                                       scales=(2.0, 0.2, 0.05, 1.0)),
        "adam_amsgrad_grouped_wd": _run_optimizer(ms, lambda p: nn.Adam(_grouped(p, lr=0.02), 0.01, beta1=0.8,
                                                                        beta2=0.6, eps=1e-6, use_amsgrad=True),
                                                  scales=(2.0, 0.2, 0.05, 1.0)),
        "adam_weight_decay": _run_optimizer(ms, lambda p: nn.AdamWeightDecay(p, 0.01, weight_decay=0.1)),
        "adam_weight_decay_default": _run_optimizer(ms, lambda p: nn.AdamWeightDecay(p)),
        "rmsprop": _run_optimizer(ms, lambda p: nn.RMSProp(p, 0.01)),
        "rmsprop_centered_momentum": _run_optimizer(ms, lambda p: nn.RMSProp(p, 0.01, decay=0.8, momentum=0.5,
                                                                            epsilon=1e-6, centered=True)),
        "adagrad": _run_optimizer(ms, lambda p: nn.Adagrad(p, learning_rate=0.1)),
        "adagrad_accum_wd": _run_optimizer(ms, lambda p: nn.Adagrad(p, accum=0.5, learning_rate=0.1,
                                                                    weight_decay=0.01)),
    }


def lr_schedules(ms):
    nn = ms.nn
    scheds = {"exp": nn.ExponentialDecayLR(0.1, 0.9, 4), "exp_stair": nn.ExponentialDecayLR(0.1, 0.9, 2, True),
              "cos": nn.CosineDecayLR(0.01, 0.1, 5), "inv": nn.InverseDecayLR(0.1, 0.5, 2),
              "nat": nn.NaturalExpDecayLR(0.1, 0.5, 2, True), "poly": nn.PolynomialDecayLR(0.1, 0.01, 4, 0.5),
              "warm": nn.WarmUpLR(0.1, 3)}
    out = {k: [_desc(s(ms.Tensor(step, ms.int32))) for step in range(7)] for k, s in scheds.items()}
    out["piecewise"] = [float(v) for v in nn.piecewise_constant_lr([2, 5, 6], [0.1, 0.05, 0.01])]
    return out


# -- layers of issue 24 (the ranked list's missing nn names) ----------------------------------------------
def _run(call):
    """``call()``, its Tensor result read back: MindSpore's PyNative kernels run asynchronously, so a kernel's
    error surfaces when its output is read (or at a later op)."""
    out = call()
    if hasattr(out, "asnumpy"):
        out.asnumpy()


def _error(call):
    """``'Type: first line of the message'`` of what ``call()`` raises (MindSpore's validator wording), or
    'none'."""
    try:
        _run(call)
    except Exception as e:  # noqa: BLE001  (the type and the wording are the golden)
        lines = [line.strip() for line in str(e).splitlines() if line.strip()]
        return f"{type(e).__name__}: {lines[0] if lines else ''}"
    return "none"


def _error_type(call):
    """The name of what ``call()`` raises, or 'none' (kernel errors, whose wording is MindSpore's C++)."""
    try:
        _run(call)
    except Exception as e:  # noqa: BLE001
        return type(e).__name__
    return "none"


def softmax_cross_entropy_with_logits(ms):
    nn = ms.nn
    logits = _f32(ms, _arange((4, 5), 0.7))
    labels = _i32(ms, [1, 0, 4, 2])
    dense = _f32(ms, np.array([[0.1, 0.2, 0.3, 0.2, 0.2], [1, 0, 0, 0, 0], [0, 0, 0.5, 0.5, 0],
                               [0.2, 0.2, 0.2, 0.2, 0.2]]))
    out = {}
    for r in ("none", "mean", "sum"):
        out["sparse_" + r] = _loss_grads(ms, nn.SoftmaxCrossEntropyWithLogits(True, r), logits, labels)
        out["dense_" + r] = _loss_grads(ms, nn.SoftmaxCrossEntropyWithLogits(reduction=r), logits, dense)
    loss = nn.SoftmaxCrossEntropyWithLogits(reduction="sum")
    out["grad_labels"] = _desc(ms.grad(lambda y: loss(logits, y))(dense))
    out["extreme"] = _loss_grads(ms, nn.SoftmaxCrossEntropyWithLogits(True, "mean"),
                                 _f32(ms, [[1e4, -1e4, 0.0], [-1e4, 1e4, 5.0]]), _i32(ms, [1, 0]))
    out["repr"] = repr(nn.SoftmaxCrossEntropyWithLogits(sparse=True, reduction="mean"))
    out["errors"] = {
        "sparse_int": _error(lambda: nn.SoftmaxCrossEntropyWithLogits(sparse=1)),
        "reduction": _error(lambda: nn.SoftmaxCrossEntropyWithLogits(reduction="avg")),
    }
    return out


def conv2d_transpose_layers(ms):
    nn = ms.nn
    x = _f32(ms, _arange((2, 2, 3, 4), 0.2))
    w = _f32(ms, _arange((2, 3, 3, 3), 0.1))
    wg = _f32(ms, _arange((2, 2, 3, 3), 0.1))
    b = _f32(ms, [0.1, 0.2, -0.3])
    cases = {
        "same": dict(),
        "same_stride2": dict(stride=2),
        "valid": dict(pad_mode="valid"),
        "valid_stride2_dilation2": dict(pad_mode="valid", stride=2, dilation=2),
        "pad1_stride2": dict(pad_mode="pad", padding=1, stride=2),
        "pad4_stride2": dict(pad_mode="pad", padding=(1, 0, 2, 1), stride=2),
        "pad_output_padding": dict(pad_mode="pad", padding=1, stride=2, output_padding=1),
        "pad_output_padding_pair": dict(pad_mode="pad", padding=1, stride=(2, 3), output_padding=(1, 2)),
        "bias": dict(has_bias=True, bias_init=b, stride=2),
        "bias_output_padding": dict(pad_mode="pad", stride=2, has_bias=True, bias_init=b, output_padding=1),
    }
    out = {k: _grads(ms, nn.Conv2dTranspose(2, 3, 3, weight_init=w, **kw), x) for k, kw in cases.items()}
    out["rect_kernel"] = _grads(ms, nn.Conv2dTranspose(2, 3, (2, 3), stride=(3, 2), pad_mode="valid",
                                                       weight_init=_f32(ms, _arange((2, 3, 2, 3), 0.1))), x)
    out["group2"] = _grads(ms, nn.Conv2dTranspose(2, 4, 3, stride=2, group=2, weight_init=wg, has_bias=True,
                                                  bias_init=_f32(ms, [0.1, 0.2, -0.3, 0.4])), x)
    layer = nn.Conv2dTranspose(2, 3, 3, weight_init="normal", bias_init="zeros", has_bias=True)
    out["weight_shape"] = list(layer.weight.shape)
    out["repr"] = repr(layer)
    out["default_bias_shape"] = list(nn.Conv2dTranspose(4, 6, 2, group=2, has_bias=True).bias.shape)
    img = _f32(ms, np.ones((1, 2, 3, 3)))
    out["errors"] = {
        "in_channels": _error(lambda: nn.Conv2dTranspose(0, 2, 3)),
        "kernel_size": _error(lambda: nn.Conv2dTranspose(2, 2, 0)),
        "kernel_size_3": _error(lambda: nn.Conv2dTranspose(2, 2, (1, 1, 1))),
        "in_group": _error(lambda: nn.Conv2dTranspose(3, 2, 3, group=2)),
        "out_group": _error(lambda: nn.Conv2dTranspose(2, 3, 3, group=2)),
        "pad_mode": _error(lambda: nn.Conv2dTranspose(2, 3, 3, pad_mode="full")),
        "padding_list": _error(lambda: nn.Conv2dTranspose(2, 3, 3, padding=[1])),
        "padding_3": _error(lambda: nn.Conv2dTranspose(2, 3, 3, pad_mode="pad", padding=(1, 1, 1))),
        "padding_negative": _error(lambda: nn.Conv2dTranspose(2, 3, 3, pad_mode="pad", padding=-1)),
        "padding_item_negative": _error(lambda: nn.Conv2dTranspose(2, 3, 3, pad_mode="pad", padding=(1, -1, 0, 0))),
        "padding_not_pad": _error(lambda: nn.Conv2dTranspose(2, 3, 3, padding=1)),
        "output_padding_3": _error(lambda: nn.Conv2dTranspose(2, 3, 3, output_padding=(1, 1, 1))),
        "output_padding_float": _error(lambda: nn.Conv2dTranspose(2, 3, 3, output_padding=1.0)),
        "has_bias_int": _error(lambda: nn.Conv2dTranspose(2, 3, 3, has_bias=1)),
        "output_padding_same": _error(lambda: nn.Conv2dTranspose(2, 3, 3, stride=2, output_padding=1)(img)),
        "output_padding_big": _error(lambda: nn.Conv2dTranspose(2, 3, 3, stride=2, pad_mode="pad",
                                                                output_padding=2)(img)),
        "output_padding_pair_big": _error(lambda: nn.Conv2dTranspose(2, 3, 3, stride=2, pad_mode="pad",
                                                                     output_padding=(0, 2))(img)),
        "channels": _error_type(lambda: nn.Conv2dTranspose(3, 3, 3)(img)),
    }
    return out


def pad_layers(ms):
    nn = ms.nn
    x = _f32(ms, _arange((2, 3, 4), 0.3))
    out = {}
    for mode in ("CONSTANT", "REFLECT", "SYMMETRIC"):
        out[mode] = _grads(ms, nn.Pad(((0, 0), (1, 2), (2, 1)), mode=mode), x)
        out[mode + "_edges"] = _grads(ms, nn.Pad(((1, 1), (2, 2), (0, 3 if mode == "SYMMETRIC" else 0)), mode=mode), x)
    out["2d"] = _desc(nn.Pad(((1, 1), (2, 2)))(_f32(ms, [[1, 2, 3], [4, 5, 6]])))
    out["int"] = _desc(nn.Pad(((1, 0), (0, 1)), mode="REFLECT")(_i32(ms, [[1, 2, 3], [4, 5, 6]])))
    out["repr"] = repr(nn.Pad(((1, 1),)))
    out["errors"] = {
        "mode_lower": _error(lambda: nn.Pad(((1, 1),), mode="reflect")),
        "list": _error(lambda: nn.Pad([[1, 1]])),
        "item3": _error(lambda: nn.Pad(((1, 1, 1),))),
        "five_dims": _error(lambda: nn.Pad(((1, 1),) * 5)),
        "reflect_too_far": _error_type(lambda: nn.Pad(((0, 0), (3, 0), (0, 0)), mode="REFLECT")(x)),
        "rank": _error_type(lambda: nn.Pad(((1, 1),))(x)),
    }
    return out


def group_norm_layers(ms):
    nn = ms.nn
    x = _f32(ms, _arange((2, 4, 3, 2), 0.4))
    gn = nn.GroupNorm(2, 4, gamma_init=_f32(ms, [1.0, 0.5, 2.0, 1.5]), beta_init=_f32(ms, [0.0, 0.1, -0.1, 0.2]))
    out = {"gn": _grads(ms, gn, x), "names": [p.name for p in gn.get_parameters()], "repr": repr(gn),
           "gn_1group": _grads(ms, nn.GroupNorm(1, 4, eps=1e-3), x),
           "gn_4groups_3d": _grads(ms, nn.GroupNorm(4, 4), _f32(ms, _arange((3, 4, 5), 0.4))),
           "no_affine_trainable": [p.name for p in nn.GroupNorm(2, 4, affine=False).trainable_params()],
           "float16": _desc(nn.GroupNorm(2, 4)(ms.Tensor(_arange((2, 4, 3, 2), 0.4).astype(np.float16))))}
    out["errors"] = {
        "groups_zero": _error(lambda: nn.GroupNorm(0, 4)),
        "groups_float": _error(lambda: nn.GroupNorm(2.0, 4)),
        "not_divisible": _error(lambda: nn.GroupNorm(3, 4)),
        "eps_int": _error(lambda: nn.GroupNorm(2, 4, eps=1)),
        "affine_int": _error(lambda: nn.GroupNorm(2, 4, affine=1)),
        "channels": _error_type(lambda: nn.GroupNorm(2, 4)(_f32(ms, np.ones((1, 2, 3, 3))))),
    }
    return out


def dropout2d_adaptive_pool(ms):
    nn = ms.nn
    x = _f32(ms, _arange((2, 3, 5, 7), 0.3))
    out = {"dropout2d_eval": _grads(ms, nn.Dropout2d(p=0.3), x), "dropout2d_repr": repr(nn.Dropout2d(p=0.3))}
    drop = nn.Dropout2d(p=0.0)
    drop.set_train()
    out["dropout2d_p0_train"] = _desc(drop(x))
    drop_all = nn.Dropout2d(p=1.0)
    drop_all.set_train()
    out["dropout2d_p1_train"] = _desc(drop_all(x))
    for name, size in (("3x2", (3, 2)), ("1", 1), ("same", (5, 7)), ("none_4", (None, 4)), ("2x5", (2, 5))):
        out["adaptive_" + name] = _grads(ms, nn.AdaptiveAvgPool2d(size), x)
    out["adaptive_3d"] = _desc(nn.AdaptiveAvgPool2d(2)(_f32(ms, _arange((3, 5, 7), 0.3))))
    out["adaptive_repr"] = repr(nn.AdaptiveAvgPool2d((2, 3)))
    out["errors"] = {
        "p_int": _error(lambda: nn.Dropout2d(p=1)),
        "p_range": _error(lambda: nn.Dropout2d(p=1.5)),
        "adaptive_3": _error(lambda: nn.AdaptiveAvgPool2d((2, 3, 4))),
        "adaptive_negative": _error(lambda: nn.AdaptiveAvgPool2d(-1)),
        "adaptive_float": _error(lambda: nn.AdaptiveAvgPool2d(2.0)),
        "adaptive_2d_input": _error(lambda: nn.AdaptiveAvgPool2d(2)(_f32(ms, np.ones((3, 3))))),
    }
    return out


def clip_prelu_hswish(ms):
    nn = ms.nn
    x = _f32(ms, _arange((2, 3, 4), 0.5))
    big, small = _f32(ms, 100.0), _f32(ms, 1.5)
    out = {}
    for name, axis, clip in (("all_big", None, big), ("all_clip", None, small), ("axis1", 1, small),
                             ("axes", (0, 2), _f32(ms, [1.0])), ("list", [2], small)):
        cell = nn.ClipByNorm(axis)
        out["clip_" + name] = _grads(ms, _Bound(ms, cell, clip), x)
    out["clip_zeros"] = _grads(ms, _Bound(ms, nn.ClipByNorm(), small), _f32(ms, np.zeros((2, 3))))
    out["clip_float16"] = _desc(nn.ClipByNorm()(ms.Tensor(_arange((2, 3), 0.5).astype(np.float16)), small))
    out["clip_repr"] = repr(nn.ClipByNorm())
    xp = _f32(ms, _arange((2, 3, 4), 0.5, 0.05))
    prelu = nn.PReLU(3, _f32(ms, [0.1, 0.25, -0.5]))
    out["prelu"] = _grads(ms, prelu, xp)
    out["prelu_default"] = _grads(ms, nn.PReLU(), xp)
    out["prelu_list"] = _desc(nn.PReLU(3, [0.1, 0.2, 0.3])(xp))
    out["prelu_names"] = [(n, p.name) for n, p in prelu.parameters_and_names()]
    out["prelu_repr"] = repr(prelu)
    out["hswish"] = _grads(ms, nn.HSwish(), _f32(ms, [[-4.0, -2.5, -1.0, 0.5], [1.0, 2.0, 2.9, 4.0]]))
    out["hswish_repr"] = repr(nn.HSwish())
    out["errors"] = {
        "clip_axis_str": _error(lambda: nn.ClipByNorm(axis="a")),
        "prelu_channel": _error(lambda: nn.PReLU(0)),
        "prelu_list_len": _error(lambda: nn.PReLU(2, [0.1])),
        "prelu_list_int": _error(lambda: nn.PReLU(2, [0.1, 1])),
        "prelu_int_w": _error(lambda: nn.PReLU(1, 1)),
        "prelu_tensor_shape": _error(lambda: nn.PReLU(2, _f32(ms, [0.1]))),
        "prelu_tensor_int": _error(lambda: nn.PReLU(1, _i32(ms, [1]))),
    }
    return out


def _Bound(ms, cell, *extra):
    """A Cell calling ``cell(x, *extra)``: the fixed second input of a two-input layer."""
    class Bound(ms.nn.Cell):
        def __init__(self):
            super().__init__()
            self.inner = cell

        def construct(self, x):
            return self.inner(x, *extra)
    return Bound()


def dynamic_lr_lists(ms):
    nn = ms.nn
    out = {
        "exp": nn.exponential_decay_lr(0.1, 0.9, 7, 2, 2),
        "exp_stair": nn.exponential_decay_lr(0.1, 0.9, 7, 2, 2, True),
        "nat": nn.natural_exp_decay_lr(0.1, 0.5, 7, 2, 2),
        "nat_stair": nn.natural_exp_decay_lr(0.1, 0.5, 7, 2, 2, True),
        "inv": nn.inverse_decay_lr(0.1, 0.5, 7, 2, 2),
        "inv_stair": nn.inverse_decay_lr(0.1, 0.5, 7, 2, 2, True),
        "cos": nn.cosine_decay_lr(0.01, 0.1, 9, 2, 3),
        "cos_zero_min": nn.cosine_decay_lr(0.0, 0.1, 4, 1, 2),
        "poly": nn.polynomial_decay_lr(0.1, 0.01, 9, 2, 2, 0.5),
        "poly_update": nn.polynomial_decay_lr(0.1, 0.01, 9, 2, 2, 2.0, True),
        "warmup": nn.warmup_lr(0.1, 7, 2, 2),
        "piecewise": nn.dynamic_lr.piecewise_constant_lr([2, 3], [0.1, 0.05]),
    }
    out = {k: [float(v) for v in lst] for k, lst in out.items()}
    out["errors"] = {
        "cos_min_int": _error(lambda: nn.cosine_decay_lr(0, 0.1, 4, 1, 2)),
        "cos_min_negative": _error(lambda: nn.cosine_decay_lr(-0.2, 0.1, 4, 1, 2)),
        "cos_max_int": _error(lambda: nn.cosine_decay_lr(0.0, 1, 4, 1, 2)),
        "cos_max_negative": _error(lambda: nn.cosine_decay_lr(0.0, -0.1, 4, 1, 2)),
        "cos_min_above_max": _error(lambda: nn.cosine_decay_lr(0.2, 0.1, 4, 1, 2)),
        "cos_total_zero": _error(lambda: nn.cosine_decay_lr(0.0, 0.1, 0, 1, 2)),
        "cos_total_float": _error(lambda: nn.cosine_decay_lr(0.0, 0.1, 2.0, 1, 2)),
        "cos_total_bool": _error(lambda: nn.cosine_decay_lr(0.0, 0.1, True, 1, 2)),
        "exp_lr_int": _error(lambda: nn.exponential_decay_lr(1, 0.9, 4, 1, 2)),
        "exp_rate_zero": _error(lambda: nn.exponential_decay_lr(0.1, 0.0, 4, 1, 2)),
        "exp_stair_int": _error(lambda: nn.exponential_decay_lr(0.1, 0.9, 4, 1, 2, 1)),
        "inv_decay_epoch_zero": _error(lambda: nn.inverse_decay_lr(0.1, 0.9, 4, 1, 0)),
        "poly_end_int": _error(lambda: nn.polynomial_decay_lr(0.1, 0, 4, 1, 2, 0.5)),
        "poly_power_zero": _error(lambda: nn.polynomial_decay_lr(0.1, 0.01, 4, 1, 2, 0.0)),
        "poly_update_int": _error(lambda: nn.polynomial_decay_lr(0.1, 0.01, 4, 1, 2, 0.5, 1)),
        "warmup_lr_int": _error(lambda: nn.warmup_lr(1, 4, 1, 2)),
        "warmup_epoch_zero": _error(lambda: nn.warmup_lr(0.1, 4, 1, 0)),
    }
    return out


def nn_metrics_paths(ms):
    """MindSpore 2.10 exposes its metrics under nn too: the same classes, the same answers."""
    nn = ms.nn
    logits = _f32(ms, [[0.1, 0.7, 0.2, 0.0, 0.0, 0.0], [0.5, 0.1, 0.4, 0.0, 0.0, 0.0],
                       [0.3, 0.3, 0.4, 0.0, 0.0, 0.0]])
    labels = _i32(ms, [1, 2, 2])
    out = {"same": [getattr(nn, n) is getattr(ms.train, n) for n in ("Accuracy", "Loss", "Metric",
                                                                       "Top1CategoricalAccuracy",
                                                                       "Top5CategoricalAccuracy")],
           "module": [getattr(nn.metrics, n) is getattr(ms.train, n) for n in ("Accuracy", "Top1CategoricalAccuracy")]}
    for name in ("Accuracy", "Top1CategoricalAccuracy", "Top5CategoricalAccuracy"):
        metric = getattr(nn, name)()
        metric.clear()
        metric.update(logits, labels)
        out[name] = float(metric.eval())
    return out


def older_layers(ms):
    """MindSpore's older layer API of the ranked list: Range, OneHot, MatMul, Norm, Moments, Tril, DiceLoss,
    SyncBatchNorm (one process) and nn.utils.no_init_parameters."""
    nn = ms.nn
    x = _f32(ms, _arange((2, 3, 4), 0.5, 0.05))
    out = {"range": _desc(nn.Range(1, 8, 2)()), "range_float": _desc(nn.Range(1.0, 2.0, 0.25)()),
           "range_limit": _desc(nn.Range(5)()), "range_negative": _desc(nn.Range(4, -2, -1.5)())}
    ids = _i32(ms, [[0, 2], [3, 1]])
    out["one_hot"] = _desc(nn.OneHot(depth=3)(ids))
    out["one_hot_axis0_values"] = _desc(nn.OneHot(0, 4, 5.0, -1.0, ms.int32)(ids))
    out["one_hot_float16"] = _desc(nn.OneHot(depth=4, dtype=ms.float16)(_i32(ms, [1, 0])))
    a, b = _f32(ms, _arange((2, 3), 0.3)), _f32(ms, _arange((3, 4), 0.2))
    mm = {"plain": (nn.MatMul(), a, b), "t1": (nn.MatMul(True), _f32(ms, _arange((3, 2), 0.3)), b),
          "t2": (nn.MatMul(False, True), a, _f32(ms, _arange((4, 3), 0.2))),
          "batched_broadcast": (nn.MatMul(), _f32(ms, _arange((2, 1, 2, 3), 0.3)), _f32(ms, _arange((4, 3, 2), 0.2))),
          "vector_matrix": (nn.MatMul(), _f32(ms, [0.5, -1.0, 2.0]), b),
          "vectors": (nn.MatMul(), _f32(ms, [0.5, -1.0, 2.0]), _f32(ms, [1.0, 0.25, -0.5]))}
    for name, (cell, x1, x2) in mm.items():
        value, grads = ms.value_and_grad(lambda p, q: (cell(p, q) * 1.5).sum(), (0, 1))(x1, x2)
        out["matmul_" + name] = _desc((cell(x1, x2), grads))
    for name, cell in (("norm_all", nn.Norm()), ("norm_axis1", nn.Norm(1)), ("norm_axes_keep", nn.Norm((0, 2), True)),
                       ("tril", _Bound(ms, nn.Tril())), ("tril_k1", _Bound(ms, nn.Tril(), 1)),
                       ("tril_k_neg", _Bound(ms, nn.Tril(), -1))):
        out[name] = _grads(ms, cell, x)
    out["norm_squeeze_all"] = _desc(nn.Norm(1)(_f32(ms, _arange((1, 6), 0.5))))
    out["tril_int"] = _desc(nn.Tril()(_i32(ms, np.arange(9).reshape(3, 3))))
    for name, cell in (("moments", nn.Moments()), ("moments_axis", nn.Moments(1, True)),
                       ("moments_axes", nn.Moments((0, 2)))):
        mean, var = cell(x)
        g = ms.grad(lambda v: (cell(v)[0] * 0.5 + cell(v)[1] * _f32(ms, _arange(var.shape, 0.1, 0.05))).sum())(x)
        out[name] = _desc((mean, var, g))
    out["moments_float16"] = _desc(nn.Moments(1)(ms.Tensor(_arange((2, 3), 0.5).astype(np.float16))))
    logits, labels = _f32(ms, _arange((3, 4), 0.1, 0.5)), _f32(ms, (_arange((3, 4)) > 0).astype(np.float32))
    for name, loss in (("dice", nn.DiceLoss()), ("dice_smooth", nn.DiceLoss(0.5))):
        value, grad = ms.value_and_grad(lambda p: loss(p, labels))(logits)
        out[name] = _desc((value, grad))
    sync = nn.SyncBatchNorm(3, gamma_init=_f32(ms, [1.0, 0.5, 2.0]), beta_init=_f32(ms, [0.0, 0.1, -0.1]))
    img = _f32(ms, _arange((2, 3, 2, 2), 0.4))
    out["sync_eval"] = _desc(sync(img))
    sync.set_train()
    out["sync_train"] = _grads(ms, sync, img)
    out["sync_moving"] = _desc((sync.moving_mean * 1.0, sync.moving_variance * 1.0))
    out["sync_names"] = [p.name for p in sync.get_parameters()]
    with nn.utils.no_init_parameters():
        dense = nn.Dense(3, 2, weight_init=_f32(ms, _arange((2, 3))), bias_init="zeros")
    out["no_init_dense"] = _desc(dense(_f32(ms, _arange((1, 3)))))
    out["reprs"] = [repr(c) for c in (nn.Range(3), nn.OneHot(depth=2), nn.MatMul(), nn.Norm(1, True), nn.Moments(),
                                      nn.Tril(), nn.DiceLoss())]
    out["errors"] = {
        "range_delta0": _error(lambda: nn.Range(1, 5, 0)),
        "matmul_flag": _error(lambda: nn.MatMul(1)),
        "matmul_shapes": _error(lambda: nn.MatMul()(a, a)),
        "norm_keep_dims": _error(lambda: nn.Norm(1, 1)),
        "moments_axis": _error(lambda: nn.Moments(axis=1.0)),
        "moments_axis_item": _error(lambda: nn.Moments(axis=(1, 1.0))),
        "moments_keep_dims": _error(lambda: nn.Moments(keep_dims=1)),
        "moments_int": _error_type(lambda: nn.Moments()(_i32(ms, [1, 2]))),
        "tril_1d": _error(lambda: nn.Tril()(_f32(ms, [1.0, 2.0]))),
        "dice_smooth_int": _error(lambda: nn.DiceLoss(1)),
        "dice_shapes": _error(lambda: nn.DiceLoss()(logits, _f32(ms, np.ones((4, 3))))),
    }
    return out


def _fixed_recurrent(ms, cell):
    """``cell`` with every Parameter set to fixed uneven values (MindSpore draws them from NumPy's RNG)."""
    for i, param in enumerate(cell.get_parameters()):
        param.set_data(_f32(ms, _arange(param.shape, 0.07 + 0.01 * i, 0.02)))
    return cell


def recurrent_layers(ms):
    nn = ms.nn
    x = _f32(ms, _arange((4, 2, 3), 0.3))  # (T, N, input)
    out = {}
    cases = {
        "lstm": (nn.LSTM, dict()), "lstm_bi_2layers": (nn.LSTM, dict(num_layers=2, bidirectional=True)),
        "lstm_no_bias": (nn.LSTM, dict(has_bias=False)),
        "gru": (nn.GRU, dict()), "gru_bi": (nn.GRU, dict(bidirectional=True)),
        "gru_2layers": (nn.GRU, dict(num_layers=2)),
        "rnn_tanh": (nn.RNN, dict()), "rnn_relu_bi": (nn.RNN, dict(nonlinearity="relu", bidirectional=True)),
    }
    for name, (kind, kwargs) in cases.items():
        cell = _fixed_recurrent(ms, kind(3, 4, **kwargs))
        params = cell.trainable_params()

        def weighted(v, cell=cell):
            output, state = cell(v)
            states = state if isinstance(state, tuple) else (state,)
            return (output * _f32(ms, _arange(output.shape, 0.1, 0.05))).sum() + (states[0] * 0.3).sum(), \
                output, *states

        (_, *values), (g_in, g_w) = ms.value_and_grad(weighted, 0, params, has_aux=True)(x)
        out[name] = {"out": _desc(tuple(values)), "grad_input": _desc(g_in), "grad_weights": _desc(tuple(g_w)),
                     "names": [n for n, _ in cell.parameters_and_names()]}
    lstm = _fixed_recurrent(ms, nn.LSTM(3, 4, batch_first=True, bidirectional=True))
    xb = _f32(ms, _arange((2, 4, 3), 0.3))
    h0 = (_f32(ms, _arange((2, 2, 4), 0.2)), _f32(ms, _arange((2, 2, 4), 0.1, 0.1)))
    out["lstm_batch_first_hx"] = _desc(lstm(xb, h0))
    lengths = _i32(ms, [4, 2])
    out["lstm_seq_length"] = _desc(lstm(xb, h0, lengths))
    gru = _fixed_recurrent(ms, nn.GRU(3, 4, 2, batch_first=True, bidirectional=True))
    out["gru_seq_length"] = _desc(gru(xb, None, lengths))
    out["rnn_seq_length"] = _desc(_fixed_recurrent(ms, nn.RNN(3, 4))(x, None, _i32(ms, [3, 1])))

    class Net(nn.Cell):
        def __init__(self):
            super().__init__()
            self.encoder = nn.LSTM(3, 4, num_layers=2)

        def construct(self, v):
            return self.encoder(v)[0]

    out["nested_names"] = [n for n, _ in Net().parameters_and_names()]
    out["shapes"] = [list(p.shape) for p in nn.GRU(3, 5, 2, bidirectional=True).get_parameters()]
    out["reprs"] = [repr(nn.LSTM(3, 4)), repr(nn.GRU(3, 4)), repr(nn.RNN(3, 4))]
    out["errors"] = {
        "hidden_zero": _error(lambda: nn.LSTM(3, 0)),
        "input_float": _error(lambda: nn.GRU(3.0, 4)),
        "dropout_int": _error(lambda: nn.LSTM(3, 4, dropout=0)),
        "dropout_one": _error(lambda: nn.LSTM(3, 4, dropout=1.0)),
        "batch_first_int": _error(lambda: nn.GRU(3, 4, batch_first=1)),
        "nonlinearity": _error(lambda: nn.RNN(3, 4, nonlinearity="sigmoid")),
        "lstm_hx_tensor": _error_type(lambda: nn.LSTM(3, 4)(x, _f32(ms, np.zeros((1, 2, 4))))),
        "lstm_hx_length": _error_type(lambda: nn.LSTM(3, 4)(x, (_f32(ms, np.zeros((1, 2, 4))),))),
        "gru_hx_dtype": _error_type(lambda: nn.GRU(3, 4)(x, ms.Tensor(np.zeros((1, 2, 4), np.float16)))),
        "seq_length_float": _error_type(lambda: nn.GRU(3, 4)(x, None, _f32(ms, [1.0, 2.0]))),
    }
    return out


def conv3d_layers(ms):
    nn = ms.nn
    x = _f32(ms, _arange((2, 2, 4, 5, 4), 0.2))
    w = _f32(ms, _arange((3, 2, 3, 2, 3), 0.1))
    wg = _f32(ms, _arange((4, 1, 2, 2, 2), 0.1))
    b = _f32(ms, [0.1, 0.2, -0.3])
    cases = {"same": dict(), "valid_stride2": dict(pad_mode="valid", stride=2),
             "pad6_dilation": dict(pad_mode="pad", padding=(1, 0, 2, 1, 0, 1), dilation=(2, 1, 1)),
             "same_stride": dict(stride=(2, 1, 3), has_bias=True, bias_init=b)}
    out = {k: _grads(ms, nn.Conv3d(2, 3, (3, 2, 3), weight_init=w, **kw), x) for k, kw in cases.items()}
    out["group2"] = _grads(ms, nn.Conv3d(2, 4, 2, group=2, pad_mode="valid", weight_init=wg), x)
    wt = _f32(ms, _arange((2, 3, 2, 3, 2), 0.1))
    tcases = {"t_same": dict(), "t_valid_stride2": dict(pad_mode="valid", stride=2),
              "t_pad_output_padding": dict(pad_mode="pad", padding=1, stride=2, output_padding=1),
              "t_pad6_bias": dict(pad_mode="pad", padding=(1, 0, 0, 1, 1, 1), stride=(2, 1, 2), has_bias=True,
                                  bias_init=b)}
    for k, kw in tcases.items():
        out[k] = _grads(ms, nn.Conv3dTranspose(2, 3, (2, 3, 2), weight_init=wt, **kw), x)
    layer = nn.Conv3d(2, 3, 3, weight_init="normal", bias_init="zeros", has_bias=True)
    out["repr"] = repr(layer)
    out["repr_t"] = repr(nn.Conv3dTranspose(2, 3, 3, weight_init="normal"))
    out["weight_shapes"] = [list(layer.weight.shape), list(nn.Conv3dTranspose(4, 6, 2, group=2).weight.shape)]
    out["errors"] = {
        "group": _error(lambda: nn.Conv3d(3, 2, 3, group=2)),
        "kernel_list": _error(lambda: nn.Conv3d(2, 2, [3, 3, 3])),
        "kernel_pair": _error(lambda: nn.Conv3d(2, 2, (3, 3))),
        "kernel_zero": _error(lambda: nn.Conv3d(2, 2, (3, 0, 3))),
        "stride_zero": _error(lambda: nn.Conv3d(2, 2, 3, stride=0)),
        "padding_4": _error(lambda: nn.Conv3d(2, 2, 3, pad_mode="pad", padding=(1, 1, 1, 1))),
        "padding_not_pad": _error(lambda: nn.Conv3d(2, 2, 3, padding=1)),
        "pad_mode": _error(lambda: nn.Conv3d(2, 2, 3, pad_mode="full")),
        "in_channels": _error(lambda: nn.Conv3d(0, 2, 3)),
        "has_bias_int": _error(lambda: nn.Conv3d(2, 2, 3, has_bias=1)),
        "t_output_padding_same": _error(lambda: nn.Conv3dTranspose(2, 2, 3, output_padding=1)),
        "t_output_padding_pair": _error(lambda: nn.Conv3dTranspose(2, 2, 3, pad_mode="pad", output_padding=(1, 1))),
        "t_output_padding_big": _error(lambda: nn.Conv3dTranspose(2, 2, 3, 2, "pad", output_padding=2)),
        "channels": _error_type(lambda: nn.Conv3d(3, 2, 3)(x)),
    }
    return out


def more_activations(ms):
    """MindSpore 2.10's other activation layers; inputs away from their kinks, plus the kinks' own values."""
    nn = ms.nn
    x = _f32(ms, [[-3.7, -1.3, -0.45, -0.2, 0.15], [0.35, 0.8, 1.6, 2.7, 4.1]])
    cells = {"elu": nn.ELU(), "celu": nn.CELU(), "celu_alpha": nn.CELU(2.0),
             "selu": nn.SeLU(), "mish": nn.Mish(), "hsigmoid": nn.HSigmoid(), "hardtanh": nn.Hardtanh(),
             "hardtanh_range": nn.Hardtanh(-0.5, 2.0), "hshrink": nn.HShrink(), "hshrink_lambd": nn.HShrink(1.0),
             "softshrink": nn.SoftShrink(), "softshrink_lambd": nn.SoftShrink(1.0), "softsign": nn.Softsign(),
             "softmin": nn.Softmin(), "softmin0": nn.Softmin(0), "tanhshrink": nn.Tanhshrink(),
             "threshold": nn.Threshold(0.5, -2.0), "logsigmoid": nn.LogSigmoid(), "glu": nn.GLU(0),
             "fast_gelu": nn.FastGelu()}
    out = {k: _grads(ms, c, x) for k, c in cells.items()}
    out["glu_last"] = _grads(ms, nn.GLU(), _f32(ms, _arange((2, 4), 0.4)))
    out["softmax2d"] = _grads(ms, nn.Softmax2d(), _f32(ms, _arange((2, 3, 2, 2), 0.4)))
    kinks = _f32(ms, [-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0])
    out["at_kinks"] = {k: _desc(c(kinks)) for k, c in cells.items() if k not in ("glu",)}
    out["from_name"] = [repr(nn.get_activation(n)) for n in ("elu", "mish", "hsigmoid", "softsign", "tanhshrink",
                                                             "logsigmoid", "hshrink", "softshrink", "fast_gelu",
                                                             "hardtanh", "softmin", "softmax2d")]
    out["reprs"] = [repr(c) for c in cells.values()]
    out["errors"] = {
        "elu_int": _error(lambda: nn.ELU(1)(x)),
        "elu_alpha_half": _error_type(lambda: nn.ELU(0.5)(x)),
        "celu_zero": _error(lambda: nn.CELU(0.0)(x)),
        "celu_int": _error(lambda: nn.CELU(1)(x)),
        "hardtanh_order": _error(lambda: nn.Hardtanh(1.0, -1.0)),
        "hshrink_negative": _error(lambda: nn.HShrink(-1.0)(x)),
        "hshrink_int": _error(lambda: nn.HShrink(1)(x)),
        "softshrink_negative": _error(lambda: nn.SoftShrink(-0.5)(x)),
        "softmax2d_2d": _error(lambda: nn.Softmax2d()(x)),
    }
    return out


def padding_layers(ms):
    nn = ms.nn
    x = _f32(ms, _arange((1, 2, 3, 4, 5), 0.3))
    cells = {"constant1d": nn.ConstantPad1d(2, 1.5), "constant1d_crop": nn.ConstantPad1d((1, -2), -1.0),
             "constant2d": nn.ConstantPad2d((1, 0, 2, 1), 0.5), "constant2d_pair": nn.ConstantPad2d((1, 2), 3),
             "constant3d": nn.ConstantPad3d(1, -0.5), "constant3d_crop": nn.ConstantPad3d((0, 1, -1, 1, 1, -1), 2.0),
             "zero2d": nn.ZeroPad2d((2, 1, 0, 1)), "zero2d_int": nn.ZeroPad2d(1),
             "reflect1d": nn.ReflectionPad1d((3, 1)), "reflect2d": nn.ReflectionPad2d((2, 1, 0, 2)),
             "reflect2d_int": nn.ReflectionPad2d(1), "reflect3d": nn.ReflectionPad3d((1, 0, 2, 1, 1, 2)),
             "replicate3d": nn.ReplicationPad3d(1)}
    out = {k: _grads(ms, c, x) for k, c in cells.items()}
    # MindSpore's replication kernel takes (C, L) or (N, C, L) for 1-d, (C, H, W) or (N, C, H, W) for 2-d
    out["replicate1d"] = _grads(ms, nn.ReplicationPad1d((4, 2)), _f32(ms, _arange((2, 3, 5), 0.3)))
    out["replicate2d"] = _grads(ms, nn.ReplicationPad2d((1, 3, 2, 0)), _f32(ms, _arange((2, 3, 4, 5), 0.3)))
    out["replicate2d_3d_input"] = _desc(nn.ReplicationPad2d(1)(_f32(ms, _arange((2, 3, 2), 0.3))))
    out["reflect1d_2d_input"] = _desc(nn.ReflectionPad1d(1)(_f32(ms, _arange((2, 3), 0.5))))
    out["replicate1d_2d_input"] = _desc(nn.ReplicationPad1d((1, 2))(_f32(ms, _arange((2, 3), 0.5))))
    out["constant_int_input"] = _desc(nn.ConstantPad1d(1, 7)(_i32(ms, [[1, 2], [3, 4]])))
    out["reprs"] = [repr(c) for c in cells.values()]
    out["errors"] = {
        "constant_odd": _error(lambda: nn.ConstantPad2d((1, 2, 3), 0.0)),
        "constant1d_four": _error(lambda: nn.ConstantPad1d((1, 2, 3, 4), 0.0)),
        "constant2d_six": _error(lambda: nn.ConstantPad2d((1,) * 6, 0.0)),
        "constant_list": _error(lambda: nn.ConstantPad2d([1, 1], 0.0)),
        "constant_value_str": _error(lambda: nn.ConstantPad1d(1, "0")),
        "zero_list": _error(lambda: nn.ZeroPad2d([1, 1])),
        "reflect_list": _error(lambda: nn.ReflectionPad2d([1, 1])),
        "reflect_odd": _error(lambda: nn.ReflectionPad2d((1, 1, 1))),
        "reflect_float": _error(lambda: nn.ReflectionPad1d((1.0, 1))),
        "reflect_negative": _error(lambda: nn.ReflectionPad1d((-1, 1))),
        "replicate_list": _error(lambda: nn.ReplicationPad2d([1, 1])),
        "replicate_odd": _error(lambda: nn.ReplicationPad1d((1, 1, 1))),
        "constant_crop_all": _error_type(lambda: nn.ConstantPad1d((-3, -2), 0.0)(x)),
        "reflect_too_far": _error_type(lambda: nn.ReflectionPad1d((5, 0))(x)),
        "replicate1d_5d_input": _error(lambda: nn.ReplicationPad1d(1)(x)),
        "replicate2d_5d_input": _error(lambda: nn.ReplicationPad2d(1)(x)),
    }
    return out


def cells_dropouts_pools(ms):
    """RNNCell / LSTMCell / GRUCell, Dropout1d / Dropout3d, BatchNorm3d and the 1-D poolings."""
    nn = ms.nn
    x = _f32(ms, _arange((3, 2), 0.4))
    h = _f32(ms, _arange((3, 4), 0.3, 0.1))
    out = {}
    for name, cell, state in (("rnn_cell", nn.RNNCell(2, 4), h), ("rnn_cell_relu", nn.RNNCell(2, 4, nonlinearity="relu"), h),
                              ("gru_cell", nn.GRUCell(2, 4), h), ("gru_cell_no_bias", nn.GRUCell(2, 4, False), h),
                              ("lstm_cell", nn.LSTMCell(2, 4), (h, _f32(ms, _arange((3, 4), 0.2))))):
        _fixed_recurrent(ms, cell)
        params = cell.trainable_params()
        lstm = isinstance(state, tuple)

        def weighted(v, cell=cell, state=state, lstm=lstm):
            new = cell(v, state)
            hy = new[0] if lstm else new
            return (hy * _f32(ms, _arange(hy.shape, 0.1, 0.05))).sum() + ((new[1] * 0.2).sum() if lstm else 0.0)

        value, (g_in, g_w) = ms.value_and_grad(weighted, 0, params)(x)
        out[name] = {"out": _desc(cell(x, state)), "value": _desc(value), "grad_input": _desc(g_in),
                     "grad_weights": _desc(tuple(g_w)), "names": [n for n, _ in cell.parameters_and_names()]}
    vol = _f32(ms, _arange((2, 3, 2, 3, 2), 0.4))
    seq = _f32(ms, _arange((2, 3, 5), 0.4))
    out["dropout1d_eval"] = _desc(nn.Dropout1d(0.3)(seq))
    out["dropout3d_eval"] = _desc(nn.Dropout3d(0.3)(vol))
    for name, cell, v in (("dropout1d_p0", nn.Dropout1d(0.0), seq), ("dropout3d_p0", nn.Dropout3d(0.0), vol),
                          ("dropout3d_p1", nn.Dropout3d(1.0), vol)):
        cell.set_train()
        out[name + "_train"] = _desc(cell(v))
    bn = nn.BatchNorm3d(3, gamma_init=_f32(ms, [1.0, 0.5, 2.0]), beta_init=_f32(ms, [0.0, 0.1, -0.1]))
    out["bn3d_eval"] = _desc(bn(vol))
    bn.set_train()
    out["bn3d_train"] = _grads(ms, bn, vol)
    out["bn3d_moving"] = _desc((bn.bn2d.moving_mean * 1.0, bn.bn2d.moving_variance * 1.0))
    out["bn3d_names"] = [(n, p.name) for n, p in bn.parameters_and_names()]
    out["bn3d_repr"] = repr(nn.BatchNorm3d(2))
    pools = {"max1d": nn.MaxPool1d(2, 2), "max1d_same": nn.MaxPool1d(3, 2, "same"),
             "max1d_pad_ceil": nn.MaxPool1d(3, 2, "pad", 1, ceil_mode=True),
             "max1d_pad_dilation": nn.MaxPool1d(2, 1, "pad", 1, dilation=2),
             "avg1d": nn.AvgPool1d(2, 2), "avg1d_same": nn.AvgPool1d(3, 2, "same"),
             "avg1d_pad": nn.AvgPool1d(3, 2, "pad", 1), "avg1d_pad_exclude": nn.AvgPool1d(3, 2, "pad", 1,
                                                                                              count_include_pad=False),
             "avg1d_ceil": nn.AvgPool1d(2, 2, ceil_mode=True), "avg1d_whole": nn.AvgPool1d(5),
             "adaptive_avg1d": nn.AdaptiveAvgPool1d(2), "adaptive_max1d": nn.AdaptiveMaxPool1d(3)}
    distinct = _f32(ms, (np.random.RandomState(3).permutation(36).reshape(2, 3, 6) - 18) * 0.1)
    for name, cell in pools.items():
        out[name] = _grads(ms, cell, distinct)
    out["max1d_indices"] = _desc(nn.MaxPool1d(3, 2, "pad", 1, return_indices=True)(distinct))
    out["max1d_2d_input"] = _desc(nn.MaxPool1d(2, 2)(distinct[0]))
    out["reprs"] = [repr(c) for c in (nn.RNNCell(2, 3), nn.LSTMCell(2, 3), nn.GRUCell(2, 3), nn.Dropout1d(0.2),
                                      nn.Dropout3d(0.2), nn.MaxPool1d(3, 2), nn.MaxPool1d(3, 2, "pad", 1),
                                      nn.AvgPool1d(2), nn.AdaptiveAvgPool1d(2), nn.AdaptiveMaxPool1d(2))]
    out["errors"] = {
        "rnn_cell_nonlinearity": _error(lambda: nn.RNNCell(2, 3, nonlinearity="sigmoid")),
        "rnn_cell_hidden": _error(lambda: nn.RNNCell(2, 0)),
        "gru_cell_bias_int": _error(lambda: nn.GRUCell(2, 3, 1)),
        "lstm_cell_hx_tensor": _error_type(lambda: nn.LSTMCell(2, 4)(x, h)),
        "dropout1d_p_int": _error(lambda: nn.Dropout1d(1)),
        "dropout3d_p_range": _error(lambda: nn.Dropout3d(1.5)),
        "max1d_kernel_zero": _error(lambda: nn.MaxPool1d(0)),
        "max1d_pad_mode": _error(lambda: nn.MaxPool1d(2, pad_mode="full")),
        "max1d_padding_valid": _error(lambda: nn.MaxPool1d(2, padding=1)),
        "avg1d_stride_zero": _error(lambda: nn.AvgPool1d(2, 0)),
        "adaptive_float": _error(lambda: nn.AdaptiveAvgPool1d(2.0)),
        "adaptive_zero": _error(lambda: nn.AdaptiveMaxPool1d(0)),
        "adaptive_indivisible": _error(lambda: nn.AdaptiveAvgPool1d(4)(distinct)),
        "adaptive_2d_input": _error(lambda: nn.AdaptiveAvgPool1d(2)(distinct[0])),
        "bn3d_4d_input": _error_type(lambda: nn.BatchNorm3d(3)(distinct)),
    }
    return out


def reshaping_layers(ms):
    """Triu, Unflatten, PixelShuffle / PixelUnshuffle, ChannelShuffle; and Roll, InstanceNorm1d/2d/3d and
    Unfold, whose arguments, Parameters and print lines MindSpore 2.10 has on CPU but not their kernels."""
    nn = ms.nn
    x = _f32(ms, _arange((2, 8, 3, 4), 0.3))
    cells = {"triu": _Bound(ms, nn.Triu()), "triu_k1": _Bound(ms, nn.Triu(), 1), "triu_k_neg": _Bound(ms, nn.Triu(), -2),
             "unflatten": nn.Unflatten(1, (2, 4)), "unflatten_last": nn.Unflatten(-1, [2, 2]),
             "pixel_shuffle": nn.PixelShuffle(2), "channel_shuffle": nn.ChannelShuffle(4)}
    out = {k: _grads(ms, c, x) for k, c in cells.items()}
    y = _f32(ms, _arange((1, 2, 4, 6), 0.3))
    out["pixel_unshuffle"] = _grads(ms, nn.PixelUnshuffle(2), y)
    out["pixel_shuffle_3d"] = _desc(nn.PixelShuffle(2)(_f32(ms, _arange((4, 2, 3), 0.3))))
    out["triu_int"] = _desc(nn.Triu()(_i32(ms, np.arange(12).reshape(3, 4))))
    norms = {"in1d": nn.InstanceNorm1d(3), "in2d": nn.InstanceNorm2d(3, eps=1e-3, momentum=0.2),
             "in3d": nn.InstanceNorm3d(3, affine=False)}
    out["instance_norm_names"] = {k: [(n, p.name, p.requires_grad) for n, p in c.parameters_and_names()]
                                  for k, c in norms.items()}
    out["reprs"] = [repr(c) for c in (nn.Triu(), nn.Roll(1, 0), nn.Unflatten(1, (2, 2)), nn.PixelShuffle(2),
                                      nn.PixelUnshuffle(2), nn.ChannelShuffle(2), *norms.values(),
                                      nn.Unfold([1, 2, 2, 1], [1, 1, 1, 1], [1, 1, 1, 1]))]
    out["errors"] = {
        "roll_lengths": _error(lambda: nn.Roll((1, 2), 0)),
        "roll_shift_str": _error(lambda: nn.Roll("1", 0)),
        "unflatten_axis_float": _error(lambda: nn.Unflatten(1.0, (2, 2))),
        "unflatten_size_int": _error(lambda: nn.Unflatten(1, 4)),
        "channel_shuffle_float": _error(lambda: nn.ChannelShuffle(2.0)),
        "channel_shuffle_zero": _error(lambda: nn.ChannelShuffle(0)),
        "triu_1d": _error(lambda: nn.Triu()(_f32(ms, [1.0, 2.0]))),
        "in2d_features_float": _error(lambda: nn.InstanceNorm2d(3.0)),
        "in2d_features_zero": _error(lambda: nn.InstanceNorm2d(0)),
        "in2d_eps_int": _error(lambda: nn.InstanceNorm2d(3, eps=1)),
        "in2d_momentum": _error(lambda: nn.InstanceNorm2d(3, momentum=1.5)),
        "in2d_affine_int": _error(lambda: nn.InstanceNorm2d(3, affine=1)),
        "in2d_gamma_float16": _error(lambda: nn.InstanceNorm2d(2, gamma_init=ms.Tensor(np.ones(2, np.float16)))),
        "unfold_ksizes_3": _error(lambda: nn.Unfold([1, 2, 1], [1, 1, 1, 1], [1, 1, 1, 1])),
        "unfold_ksizes_first": _error(lambda: nn.Unfold([2, 2, 2, 1], [1, 1, 1, 1], [1, 1, 1, 1])),
        "unfold_strides_zero": _error(lambda: nn.Unfold([1, 2, 2, 1], [1, 0, 1, 1], [1, 1, 1, 1])),
        "unfold_ksizes_int": _error(lambda: nn.Unfold(2, [1, 1, 1, 1], [1, 1, 1, 1])),
        "unfold_padding": _error(lambda: nn.Unfold([1, 2, 2, 1], [1, 1, 1, 1], [1, 1, 1, 1], "full")),
        "instance_norm_cpu": _error_type(lambda: nn.InstanceNorm2d(8)(x)),
        "roll_cpu": _error_type(lambda: nn.Roll(2, 1)(x)),
        "unfold_cpu": _error_type(lambda: nn.Unfold([1, 2, 2, 1], [1, 1, 1, 1], [1, 1, 1, 1])(x)),
    }
    return out


def more_losses(ms):
    nn = ms.nn
    x = _f32(ms, _arange((3, 4), 0.6))
    y = _f32(ms, _arange((3, 4), 0.25, 0.1))
    signs = _f32(ms, [[1.0, -1.0, 1.0, -1.0], [-1.0, -1.0, 1.0, 1.0], [1.0, 1.0, -1.0, 1.0]])
    out = {}
    for r in ("none", "mean", "sum"):
        out["mae_" + r] = _loss_grads(ms, nn.MAELoss(r), x, y)
        out["hinge_" + r] = _loss_grads(ms, nn.HingeEmbeddingLoss(0.8, r), x, signs)
        out["poisson_" + r] = _loss_grads(ms, nn.PoissonNLLLoss(reduction=r), x, _f32(ms, _arange((3, 4), 1.0, 5.0)))
        out["multilabel_" + r] = _loss_grads(ms, nn.MultiLabelSoftMarginLoss(reduction=r), x,
                                             _f32(ms, (_arange((3, 4)) > 0).astype(np.float32)))
        out["gaussian_" + r] = _desc(ms.value_and_grad(lambda v, r=r: nn.GaussianNLLLoss(reduction=r)(
            v, y, _f32(ms, _arange((3, 4), 0.1, 0.6))))(x))
    out["rmse"] = _loss_grads(ms, nn.RMSELoss(), x, y)
    out["poisson_full"] = _loss_grads(ms, nn.PoissonNLLLoss(full=True), x, _f32(ms, _arange((3, 4), 1.0, 1.5)))
    out["poisson_not_log"] = _loss_grads(ms, nn.PoissonNLLLoss(log_input=False, eps=1e-3), _f32(ms, _arange((3, 4), 0.2, 1.5)),
                                         _f32(ms, _arange((3, 4), 1.0, 2.0)))
    out["gaussian_full_rowvar"] = _desc(ms.value_and_grad(lambda v: nn.GaussianNLLLoss(full=True, eps=0.3)(
        v, y, _f32(ms, [0.2, 0.5, 1.5])))(x))
    out["multilabel_weight"] = _loss_grads(ms, nn.MultiLabelSoftMarginLoss(_f32(ms, [1.0, 2.0, 0.5, 1.5])), x,
                                           _f32(ms, (_arange((3, 4)) > 0).astype(np.float32)))
    a, b = _f32(ms, _arange((4,), 0.7)), _f32(ms, _arange((4,), 0.3, 0.2))
    target = _f32(ms, [1.0, -1.0, -1.0, 1.0])
    for r in ("none", "mean", "sum"):
        value, grads = ms.value_and_grad(lambda p, q, r=r: nn.MarginRankingLoss(0.3, r)(p, q, target), (0, 1))(a, b)
        out["margin_ranking_" + r] = _desc((value, grads))
        cos = nn.CosineEmbeddingLoss(0.2, r)
        value, grads = ms.value_and_grad(lambda p, q, cos=cos: cos(p, q, _i32(ms, [1, -1, -1])), (0, 1))(x, y * 2.0 + 0.1)
        out["cosine_embedding_" + r] = _desc((value, grads))
    out["reprs"] = [repr(c) for c in (nn.MAELoss(), nn.RMSELoss(), nn.MarginRankingLoss(), nn.SoftMarginLoss(),
                                      nn.CosineEmbeddingLoss(), nn.HingeEmbeddingLoss(), nn.PoissonNLLLoss(),
                                      nn.GaussianNLLLoss(), nn.MultiLabelSoftMarginLoss())]
    out["errors"] = {
        "mae_reduction": _error(lambda: nn.MAELoss("avg")),
        "margin_ranking_margin_int": _error(lambda: nn.MarginRankingLoss(1)(a, b, target)),
        "margin_ranking_dtypes": _error(lambda: nn.MarginRankingLoss()(a, b, _i32(ms, [1, -1, -1, 1]))),
        "cosine_margin_int": _error(lambda: nn.CosineEmbeddingLoss(0)),
        "cosine_margin_range": _error(lambda: nn.CosineEmbeddingLoss(1.5)),
        "hinge_margin_str": _error(lambda: nn.HingeEmbeddingLoss("1")),
        "hinge_reduction": _error(lambda: nn.HingeEmbeddingLoss(1.0, "avg")),
        "gaussian_eps": _error(lambda: nn.GaussianNLLLoss(eps=0.0)),
        "gaussian_full_int": _error(lambda: nn.GaussianNLLLoss(full=1)),
        "gaussian_reduction": _error(lambda: nn.GaussianNLLLoss(reduction="avg")),
        "poisson_reduction": _error(lambda: nn.PoissonNLLLoss(reduction="avg")),
        "soft_margin_cpu": _error_type(lambda: nn.SoftMarginLoss()(x, signs)),
        "rmse_uint8": _error_type(lambda: nn.RMSELoss()(ms.Tensor(np.ones(2, np.uint8)), ms.Tensor(np.ones(2, np.uint8)))),
    }
    return out


def attention_layers(ms):
    """MultiheadAttention and the Transformer layers (weights fixed, inference mode)."""
    nn = ms.nn
    q = _f32(ms, _arange((3, 2, 8), 0.3))
    kv = _f32(ms, _arange((4, 2, 8), 0.25, 0.1))
    padding = ms.Tensor(np.array([[False, True, False, False], [False, False, False, True]]))
    float_mask = _f32(ms, _arange((3, 4), 0.5))
    bool_mask = ms.Tensor(np.array([[False, True, False, False], [False, False, True, False], [True, False, False, False]]))
    out = {}

    def attend(name, cell, *args, **kwargs):
        _fixed_recurrent(ms, cell)
        params = cell.trainable_params()

        def weighted(v):
            result = cell(v, *args, **kwargs)
            return (result[0] * _f32(ms, _arange(result[0].shape, 0.1, 0.05))).sum(), *result

        (_, *values), (g_in, g_w) = ms.value_and_grad(weighted, 0, params, has_aux=True)(q)
        out[name] = {"out": _desc(tuple(values)), "grad_input": _desc(g_in), "grad_weights": _desc(tuple(g_w)),
                     "names": [n for n, _ in cell.parameters_and_names()]}

    attend("mha_self", nn.MultiheadAttention(8, 2), kv[:3], kv[:3])
    attend("mha_masks", nn.MultiheadAttention(8, 2), kv, kv, key_padding_mask=padding, attn_mask=float_mask)
    attend("mha_bool_mask_heads", nn.MultiheadAttention(8, 4), kv, kv, attn_mask=bool_mask, average_attn_weights=False)
    attend("mha_bias_kv_zero", nn.MultiheadAttention(8, 2, add_bias_kv=True, add_zero_attn=True), kv, kv,
           key_padding_mask=padding)
    attend("mha_kdim_vdim", nn.MultiheadAttention(8, 2, kdim=5, vdim=6), _f32(ms, _arange((4, 2, 5), 0.2)),
           _f32(ms, _arange((4, 2, 6), 0.3)))
    attend("mha_no_bias", nn.MultiheadAttention(8, 2, has_bias=False), kv, kv, need_weights=False)
    mha = _fixed_recurrent(ms, nn.MultiheadAttention(8, 2, batch_first=True))
    out["mha_batch_first"] = _desc(mha(_f32(ms, _arange((2, 3, 8), 0.3)), _f32(ms, _arange((2, 4, 8), 0.2)),
                                       _f32(ms, _arange((2, 4, 8), 0.2))))
    out["mha_unbatched"] = _desc(mha(_f32(ms, _arange((3, 8), 0.3)), _f32(ms, _arange((4, 8), 0.2)),
                                     _f32(ms, _arange((4, 8), 0.2))))
    src = _f32(ms, _arange((3, 2, 8), 0.3))
    tgt = _f32(ms, _arange((4, 2, 8), 0.2, 0.05))
    for name, cell in (("encoder_layer", nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0)),
                       ("encoder_layer_pre_gelu", nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, activation="gelu",
                                                                             norm_first=True))):
        out[name] = _grads(ms, _fixed_recurrent(ms, cell), src)
    decoder_layer = _fixed_recurrent(ms, nn.TransformerDecoderLayer(8, 2, 16, dropout=0.0))
    out["decoder_layer"] = _grads(ms, _Bound(ms, decoder_layer, src), tgt)
    out["decoder_layer_pre"] = _desc(_fixed_recurrent(ms, nn.TransformerDecoderLayer(
        8, 2, 16, dropout=0.0, norm_first=True, activation="gelu"))(tgt, src))
    encoder = _fixed_recurrent(ms, nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0), 2,
                                                         nn.LayerNorm((8,))))
    out["encoder"] = _desc(encoder(src, src_key_padding_mask=ms.Tensor(np.array([[False, False, True],
                                                                                 [False, False, False]]))))
    out["encoder_names"] = [n for n, _ in encoder.parameters_and_names()]
    fresh = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16), 2)
    out["encoder_layers_start_equal"] = all(
        bool((a == b).all()) for a, b in zip(fresh.layers[0].get_parameters(), fresh.layers[1].get_parameters()))
    transformer = _fixed_recurrent(ms, nn.Transformer(8, 2, 1, 1, 16, dropout=0.0))
    out["transformer"] = _desc(transformer(src, tgt))
    out["transformer_names"] = [n for n, _ in transformer.parameters_and_names()]
    out["reprs"] = [repr(nn.MultiheadAttention(8, 2))]
    out["errors"] = {
        "mha_heads": _error(lambda: nn.MultiheadAttention(8, 3)),
        "mha_embed": _error(lambda: nn.MultiheadAttention(8, 2)(kv[..., :4], kv[..., :4], kv[..., :4])),
        "mha_mask_shape": _error(lambda: nn.MultiheadAttention(8, 2)(q, kv, kv, attn_mask=float_mask[:2])),
        "mha_padding_int": _error(lambda: nn.MultiheadAttention(8, 2)(q, kv, kv, key_padding_mask=_i32(ms, [[0, 1]]))),
        "layer_activation": _error(lambda: nn.TransformerEncoderLayer(8, 2, activation="tanh")),
        "layer_activation_cell": _error(lambda: nn.TransformerEncoderLayer(8, 2, activation=nn.Tanh())),
        "layer_activation_gelu_cell": _error_type(lambda: nn.TransformerEncoderLayer(8, 2, activation=nn.GELU())),
        "layer_activation_fn": _error_type(lambda: nn.TransformerEncoderLayer(8, 2, activation=ms.ops.tanh)),
        "transformer_features": _error(lambda: nn.Transformer(8, 2, 1, 1, 16)(src, _f32(ms, np.zeros((4, 2, 6))))),
    }
    return out


def conv1d_transpose_layers(ms):
    nn = ms.nn
    x = _f32(ms, _arange((2, 2, 5), 0.2))
    w = _f32(ms, _arange((2, 3, 3), 0.1))
    b = _f32(ms, [0.1, 0.2, -0.3])
    cases = {"same": dict(), "same_stride2": dict(stride=2), "valid_dilation2": dict(pad_mode="valid", dilation=2),
             "pad1_stride2": dict(pad_mode="pad", padding=1, stride=2), "bias": dict(has_bias=True, bias_init=b)}
    out = {k: _grads(ms, nn.Conv1dTranspose(2, 3, 3, weight_init=w, **kw), x) for k, kw in cases.items()}
    out["group2"] = _grads(ms, nn.Conv1dTranspose(2, 4, 2, 2, group=2, weight_init=_f32(ms, _arange((2, 2, 2), 0.1))), x)
    layer = nn.Conv1dTranspose(2, 3, 3, weight_init="normal", pad_mode="pad", padding=1)
    out["weight_shape"] = list(layer.weight.shape)
    out["repr"] = repr(layer)
    out["errors"] = {
        "kernel_tuple": _error(lambda: nn.Conv1dTranspose(2, 3, (3,))),
        "kernel_zero": _error(lambda: nn.Conv1dTranspose(2, 3, 0)),
        "padding_negative": _error(lambda: nn.Conv1dTranspose(2, 3, 3, pad_mode="pad", padding=-1)),
        "weight_2d": _error(lambda: nn.Conv1dTranspose(2, 3, 3, weight_init=_f32(ms, np.ones((2, 3))))),
        "input_4d": _error_type(lambda: nn.Conv1dTranspose(2, 3, 3)(_f32(ms, np.ones((1, 2, 1, 5))))),
    }
    return out


def lp_and_adaptive_max_pools(ms):
    nn = ms.nn
    x = _f32(ms, (np.random.RandomState(5).permutation(70).reshape(1, 2, 5, 7) + 1) * 0.05)
    out = {"lp2d": _grads(ms, nn.LPPool2d(2, 2), x), "lp2d_p3_stride": _grads(ms, nn.LPPool2d(3.0, (2, 3), 1), x),
           "lp2d_ceil": _grads(ms, nn.LPPool2d(2, 2, ceil_mode=True), x),
           "lp1d": _grads(ms, nn.LPPool1d(2, 3, 2), x[0]), "lp1d_batched": _grads(ms, nn.LPPool1d(1.5, 2), x[:, 0]),
           "adaptive_max": _grads(ms, nn.AdaptiveMaxPool2d((3, 2)), x),
           "adaptive_max_int": _grads(ms, nn.AdaptiveMaxPool2d(2), x),
           "adaptive_max_none": _grads(ms, nn.AdaptiveMaxPool2d((None, 3)), x[0]),
           "adaptive_max_indices": _desc(nn.AdaptiveMaxPool2d((3, 4), True)(x))}
    out["reprs"] = [repr(c) for c in (nn.LPPool1d(2, 3), nn.LPPool2d(2, 2), nn.AdaptiveMaxPool2d(2))]
    out["errors"] = {
        "lp_norm_zero": _error(lambda: nn.LPPool2d(0, 2)(x)),
        "lp_norm_str": _error(lambda: nn.LPPool1d("2", 2)(x[0])),
        "adaptive_max_2d_input": _error_type(lambda: nn.AdaptiveMaxPool2d(2)(x[0, 0])),
        "adaptive_max_indices_int": _error_type(lambda: nn.AdaptiveMaxPool2d(2, 1)(x)),
    }
    return out


def focal_and_triplet_losses(ms):
    nn = ms.nn
    logits = _f32(ms, _arange((3, 4, 2), 0.7))
    index = _i32(ms, [[[1, 0]], [[3, 3]], [[2, 1]]])
    onehot = _f32(ms, np.eye(4)[[[1, 0], [3, 3], [2, 1]]].transpose(0, 2, 1))
    weight = _f32(ms, [1.0, 2.0, 0.5, 1.5])
    out = {}
    for r in ("none", "mean", "sum"):
        out["focal_index_" + r] = _loss_grads(ms, nn.FocalLoss(reduction=r), logits, index)
        out["focal_onehot_" + r] = _loss_grads(ms, nn.FocalLoss(reduction=r), logits, onehot)
    out["focal_weight_gamma"] = _loss_grads(ms, nn.FocalLoss(weight, 1.5), logits, index)
    out["focal_weight_onehot"] = _loss_grads(ms, nn.FocalLoss(weight, 0.5), logits, onehot)
    out["focal_2d"] = _loss_grads(ms, nn.FocalLoss(), _f32(ms, _arange((3, 4), 0.7)), _i32(ms, [[1], [0], [3]]))
    a, pos, neg = (_f32(ms, _arange((3, 5), 0.3, s)) for s in (0.0, 0.2, -0.1))
    out["reprs"] = [repr(nn.FocalLoss()), repr(nn.TripletMarginLoss())]
    out["errors"] = {
        "focal_gamma_int": _error(lambda: nn.FocalLoss(gamma=2)),
        "focal_weight_list": _error(lambda: nn.FocalLoss([1.0, 2.0])),
        "focal_weight_2d": _error(lambda: nn.FocalLoss(_f32(ms, np.ones((2, 2))))),
        "focal_one_class": _error(lambda: nn.FocalLoss()(_f32(ms, np.ones((2, 1))), _i32(ms, [[0], [0]]))),
        "focal_labels_channels": _error(lambda: nn.FocalLoss()(logits, _f32(ms, np.ones((3, 2, 2))))),
        "focal_ndim": _error(lambda: nn.FocalLoss()(logits, _i32(ms, [[1], [0], [3]]))),
        "triplet_cpu": _error_type(lambda: nn.TripletMarginLoss()(a, pos, neg)),
    }
    return out


def upsample_layers(ms):
    nn = ms.nn
    x3, x4, x5 = _f32(ms, _arange((2, 2, 5), 0.3)), _f32(ms, _arange((1, 2, 3, 4), 0.3)), _f32(ms, _arange((1, 2, 2, 3, 4), 0.3))
    cells = {"nearest_3d": (nn.Upsample(size=8), x3), "nearest_4d": (nn.Upsample(size=(5, 7)), x4),
             "nearest_4d_down": (nn.Upsample(size=(2, 3)), x4), "nearest_5d_scale": (nn.Upsample(scale_factor=1.5), x5),
             "nearest_5d_size": (nn.Upsample(size=(3, 5, 7)), x5),
             "linear": (nn.Upsample(size=8, mode="linear"), x3),
             "linear_corners": (nn.Upsample(size=8, mode="linear", align_corners=True), x3),
             "bilinear": (nn.Upsample(size=(5, 7), mode="bilinear"), x4),
             "bilinear_corners": (nn.Upsample(size=(6, 9), mode="bilinear", align_corners=True), x4),
             "bilinear_down": (nn.Upsample(size=(2, 3), mode="bilinear"), x4),
             "bilinear_recompute": (nn.Upsample(scale_factor=1.5, mode="bilinear", recompute_scale_factor=True), x4),
             "trilinear_scale": (nn.Upsample(scale_factor=(2.0, 1.5, 1.25), mode="trilinear"), x5),
             "trilinear_size_corners": (nn.Upsample(size=(3, 5, 7), mode="trilinear", align_corners=True), x5)}
    out = {k: _grads(ms, c, v) for k, (c, v) in cells.items()}
    out["repr"] = repr(nn.Upsample(size=4))
    out["errors"] = {
        "both": _error(lambda: nn.Upsample(size=4, scale_factor=2.0)(x4)),
        "neither": _error(lambda: nn.Upsample()(x4)),
        "scale_4d": _error(lambda: nn.Upsample(scale_factor=2.0)(x4)),
        "scale_bilinear": _error(lambda: nn.Upsample(scale_factor=2.0, mode="bilinear")(x4)),
        "bilinear_3d": _error_type(lambda: nn.Upsample(size=4, mode="bilinear")(x3)),
        "mode": _error_type(lambda: nn.Upsample(size=4, mode="cubic")(x4)),
    }
    return out


def optimizer_init_args(ms):
    """nn.optim.optimizer.opt_init_args_register on a custom optimizer, as MindSpore's model code writes one."""
    from importlib import import_module
    register = import_module(ms.__name__ + ".nn.optim.optimizer").opt_init_args_register

    class Custom(ms.nn.Optimizer):
        @register
        def __init__(self, params, learning_rate=0.1, beta=0.9, eps=1e-8):
            super().__init__(learning_rate, params)
            self.beta = beta

        def construct(self, gradients):
            return gradients

    params = ms.nn.Dense(3, 2, weight_init="zeros").trainable_params()
    opt = Custom(params, ms.Tensor(np.float32(0.05)), eps=1e-6)
    scheduled = Custom(params, ms.nn.ExponentialDecayLR(0.1, 0.9, 2))
    return {"init_args": opt.init_args, "init_learning_rate": opt.init_learning_rate,
            "params": [p.name for p in opt.init_params["params"]],
            "scheduled": scheduled.init_learning_rate is None, "float_lr": Custom(params).init_learning_rate}


def bidense_layers(ms):
    nn = ms.nn
    w, b = _f32(ms, _arange((4, 3, 2), 0.2)), _f32(ms, [0.1, -0.2, 0.3, 0.05])
    x1, x2 = _f32(ms, _arange((5, 3), 0.3)), _f32(ms, _arange((5, 2), 0.4, 0.1))
    out = {}
    for name, cell, inputs in (("bias", nn.BiDense(3, 2, 4, w, b), (x1, x2)),
                               ("no_bias", nn.BiDense(3, 2, 4, w, has_bias=False), (x1, x2)),
                               ("3d", nn.BiDense(3, 2, 4, w, b), (_f32(ms, _arange((2, 2, 3), 0.3)),
                                                                  _f32(ms, _arange((2, 2, 2), 0.4))))):
        params = cell.trainable_params()
        value, (g_in, g_w) = ms.value_and_grad(lambda p, q, cell=cell: (cell(p, q) * 0.7).sum(), (0, 1), params)(*inputs)
        out[name] = {"out": _desc(cell(*inputs)), "value": _desc(value), "grad_inputs": _desc(g_in),
                     "grad_weights": _desc(tuple(g_w)), "names": [n for n, _ in cell.parameters_and_names()]}
    out["reprs"] = [repr(nn.BiDense(3, 2, 4)), repr(nn.BiDense(3, 2, 4, has_bias=False))]
    out["errors"] = {
        "in1_zero": _error(lambda: nn.BiDense(0, 2, 4)),
        "has_bias_int": _error(lambda: nn.BiDense(3, 2, 4, has_bias=1)),
        "weight_shape": _error_type(lambda: nn.BiDense(3, 2, 4, _f32(ms, np.ones((4, 2, 3))))),
        "bias_shape": _error_type(lambda: nn.BiDense(3, 2, 4, bias_init=_f32(ms, np.ones(3)))),
        "input_last_dim": _error_type(lambda: nn.BiDense(3, 2, 4)(x2, x2)),
    }
    return out


PROGRAMS = [dense_layers, conv2d_layers, conv1d_layers, pooling_layers, max_pool_ceil_mode, max_pool_indices,
            avg_pool_modes, batchnorm_layers, layernorm_embedding, activations, containers, regression_losses,
            classification_losses, binary_losses, optimizers_sgd, optimizers_adaptive, lr_schedules,
            softmax_cross_entropy_with_logits, conv2d_transpose_layers, pad_layers, dropout2d_adaptive_pool,
            clip_prelu_hswish, dynamic_lr_lists, nn_metrics_paths, older_layers, recurrent_layers,
            conv3d_layers, more_activations, padding_layers, cells_dropouts_pools, reshaping_layers,
            more_losses, attention_layers, conv1d_transpose_layers, lp_and_adaptive_max_pools,
            focal_and_triplet_losses, upsample_layers, optimizer_init_args, bidense_layers,
            # last: MindSpore's error in a GroupNorm call leaves its PyNative executor broken for the next grad
            group_norm_layers]

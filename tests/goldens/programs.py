"""Small programs run against both real MindSpore and unigrad.

Each program is ``def name(ms):`` where ``ms`` is either the ``mindspore``
module or ``unigrad`` (which mirrors its API).  A program returns a result made
only of nested tuples/lists/dicts of numpy arrays, Python numbers and strings.
Tensors and Python structures are described with :func:`_desc`, which records
the container type (tuple/list), the Tensor dtype (``str(t.dtype)``, e.g.
``'Float32'``), shape and values, so that the return *structure* of an API is
part of the golden, not just its numbers.

Nothing from mindspore or unigrad is imported at module level.  Inputs are
literal floats or numpy arrays; no random draws.

Goldens: ``tests/goldens/mindspore_2.10.json`` recorded by
``tools/record_mindspore_goldens.py`` (needs a venv with mindspore; CI does not).
"""

import functools

import numpy as np


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------

def _desc(x):
    """Describe a (nested) result: Tensors, tuples, lists, numbers, None."""
    if hasattr(x, "asnumpy"):
        return {"type": "Tensor", "dtype": str(x.dtype),
                "shape": [int(s) for s in x.shape], "value": x.asnumpy()}
    if isinstance(x, tuple):
        return {"type": "tuple", "len": len(x), "items": [_desc(i) for i in x]}
    if isinstance(x, list):
        return {"type": "list", "len": len(x), "items": [_desc(i) for i in x]}
    if x is None:
        return {"type": "None"}
    if isinstance(x, (bool, int, float, str)):
        return {"type": type(x).__name__, "value": x}
    if isinstance(x, np.ndarray):
        return {"type": "ndarray", "value": x}
    return {"type": "other:" + type(x).__name__}


def _dt(t):
    return str(t.dtype)


def _f32(ms, a):
    return ms.Tensor(np.array(a, dtype=np.float32))


# Fixed weights for the autograd tutorial (the tutorial uses np.random.randn).
_W = np.array([[0.1, -0.2, 0.3],
               [0.4, 0.5, -0.6],
               [-0.7, 0.8, 0.9],
               [1.0, -1.1, 0.2],
               [0.3, 0.4, -0.5]], dtype=np.float32)
_B = np.array([0.1, -0.3, 0.2], dtype=np.float32)


def _tutorial_setup(ms):
    ops = ms.ops
    x = ops.ones(5, ms.float32)
    y = ops.zeros(3, ms.float32)
    w = ms.Parameter(ms.Tensor(_W, ms.float32), name="w")
    b = ms.Parameter(ms.Tensor(_B, ms.float32), name="b")
    return x, y, w, b


def _tutorial_function(ms):
    ops = ms.ops

    def function(x, y, w, b):
        z = ops.matmul(x, w) + b
        loss = ops.binary_cross_entropy_with_logits(z, y, ops.ones_like(z), ops.ones_like(z))
        return loss
    return function


def _tutorial_function_with_logits(ms):
    ops = ms.ops

    def function_with_logits(x, y, w, b):
        z = ops.matmul(x, w) + b
        loss = ops.binary_cross_entropy_with_logits(z, y, ops.ones_like(z), ops.ones_like(z))
        return loss, z
    return function_with_logits


# --------------------------------------------------------------------------
# functional autodiff tutorial
# --------------------------------------------------------------------------

def tutorial_forward(ms):
    x, y, w, b = _tutorial_setup(ms)
    loss = _tutorial_function(ms)(x, y, w, b)
    return _desc(loss)


def tutorial_grad(ms):
    x, y, w, b = _tutorial_setup(ms)
    grad_fn = ms.grad(_tutorial_function(ms), (2, 3))
    return _desc(grad_fn(x, y, w, b))


def tutorial_grad_loss_and_z(ms):
    x, y, w, b = _tutorial_setup(ms)
    grad_fn = ms.grad(_tutorial_function_with_logits(ms), (2, 3))
    return _desc(grad_fn(x, y, w, b))


def tutorial_stop_gradient(ms):
    ops = ms.ops
    x, y, w, b = _tutorial_setup(ms)

    def function_stop_gradient(x, y, w, b):
        z = ops.matmul(x, w) + b
        loss = ops.binary_cross_entropy_with_logits(z, y, ops.ones_like(z), ops.ones_like(z))
        return loss, ops.stop_gradient(z)
    grad_fn = ms.grad(function_stop_gradient, (2, 3))
    return _desc(grad_fn(x, y, w, b))


def tutorial_has_aux(ms):
    x, y, w, b = _tutorial_setup(ms)
    grad_fn = ms.grad(_tutorial_function_with_logits(ms), (2, 3), has_aux=True)
    return _desc(grad_fn(x, y, w, b))


def _tutorial_network(ms):
    ops = ms.ops

    class Network(ms.nn.Cell):
        def __init__(self):
            super().__init__()
            self.w = ms.Parameter(ms.Tensor(_W, ms.float32), name="w")
            self.b = ms.Parameter(ms.Tensor(_B, ms.float32), name="b")

        def construct(self, x):
            z = ops.matmul(x, self.w) + self.b
            return z
    return Network()


def tutorial_cell_value_and_grad(ms):
    ops = ms.ops
    x = ops.ones(5, ms.float32)
    y = ops.zeros(3, ms.float32)
    model = _tutorial_network(ms)
    loss_fn = ms.nn.BCEWithLogitsLoss()

    def forward_fn(x, y):
        z = model(x)
        return loss_fn(z, y)
    params = model.trainable_params()
    grad_fn = ms.value_and_grad(forward_fn, None, weights=params)
    loss, grads = grad_fn(x, y)
    return {"param_names": [p.name for p in params],
            "params_type": type(params).__name__,
            "loss": _desc(loss), "grads": _desc(grads)}


def tutorial_cell_value_and_grad_has_aux(ms):
    ops = ms.ops
    x = ops.ones(5, ms.float32)
    y = ops.zeros(3, ms.float32)
    model = _tutorial_network(ms)
    loss_fn = ms.nn.BCEWithLogitsLoss()

    def forward_fn(x, y):
        z = model(x)
        return loss_fn(z, y), z
    grad_fn = ms.value_and_grad(forward_fn, None, weights=model.trainable_params(), has_aux=True)
    return _desc(grad_fn(x, y))


# --------------------------------------------------------------------------
# GradOperation tutorial
# --------------------------------------------------------------------------

_GX = np.array([[0.8, 0.6, 0.2], [1.8, 1.3, 1.1]], dtype=np.float32)
_GY = np.array([[0.11, 3.3, 1.1], [1.1, 0.2, 1.4], [1.1, 2.2, 0.3]], dtype=np.float32)


def _gradop_net(ms):
    class Net(ms.nn.Cell):
        def __init__(self):
            super().__init__()
            self.matmul = ms.ops.MatMul()
            self.z = ms.Parameter(ms.Tensor(np.array([1.0, 1.0, 1.0], np.float32)), name="z")

        def construct(self, x, y):
            x = x * self.z
            out = self.matmul(x, y)
            return out
    return Net()


def gradop_default(ms):
    net = _gradop_net(ms)

    class GradNetWrtX(ms.nn.Cell):
        def __init__(self, net):
            super().__init__()
            self.net = net
            self.grad_op = ms.ops.GradOperation()

        def construct(self, x, y):
            gradient_function = self.grad_op(self.net)
            return gradient_function(x, y)
    out = GradNetWrtX(net)(ms.Tensor(_GX), ms.Tensor(_GY))
    return _desc(out)


def gradop_get_all(ms):
    net = _gradop_net(ms)
    out = ms.ops.GradOperation(get_all=True)(net)(ms.Tensor(_GX), ms.Tensor(_GY))
    return _desc(out)


def gradop_get_by_list(ms):
    net = _gradop_net(ms)
    params = ms.ParameterTuple(net.trainable_params())
    out = ms.ops.GradOperation(get_by_list=True)(net, params)(ms.Tensor(_GX), ms.Tensor(_GY))
    return {"names": [p.name for p in params], "out": _desc(out)}


def gradop_get_all_and_by_list(ms):
    net = _gradop_net(ms)
    params = ms.ParameterTuple(net.trainable_params())
    out = ms.ops.GradOperation(get_all=True, get_by_list=True)(net, params)(
        ms.Tensor(_GX), ms.Tensor(_GY))
    return _desc(out)


def gradop_sens_param(ms):
    net = _gradop_net(ms)
    sens = ms.Tensor(np.array([[0.1, 0.6, 0.2], [0.8, 1.3, 1.1]], np.float32))
    out = ms.ops.GradOperation(sens_param=True)(net)(ms.Tensor(_GX), ms.Tensor(_GY), sens)
    out_all = ms.ops.GradOperation(get_all=True, sens_param=True)(net)(
        ms.Tensor(_GX), ms.Tensor(_GY), sens)
    return {"default": _desc(out), "get_all": _desc(out_all)}


# --------------------------------------------------------------------------
# grad / value_and_grad return structures
# --------------------------------------------------------------------------

_A = np.array([1.0, 2.0, 3.0], np.float32)
_Bv = np.array([0.5, -1.0, 2.0], np.float32)


def _f2(ms):
    def f(x, y):
        return (x * x * y).sum()
    return f


def grad_positions(ms):
    f = _f2(ms)
    x, y = ms.Tensor(_A), ms.Tensor(_Bv)
    return {
        "default": _desc(ms.grad(f)(x, y)),
        "int1": _desc(ms.grad(f, grad_position=1)(x, y)),
        "tuple0": _desc(ms.grad(f, grad_position=(0,))(x, y)),
        "tuple01": _desc(ms.grad(f, grad_position=(0, 1))(x, y)),
        "tuple10": _desc(ms.grad(f, grad_position=(1, 0))(x, y)),
    }


def grad_weights(ms):
    x = ms.Tensor(_A)
    w1 = ms.Parameter(ms.Tensor(_Bv), name="w1")
    w2 = ms.Parameter(ms.Tensor(np.array([2.0], np.float32)), name="w2")

    def f(x):
        return (x * w1 * w2).sum()
    return {
        "list_none_pos": _desc(ms.grad(f, None, weights=[w1, w2])(x)),
        "single_none_pos": _desc(ms.grad(f, None, weights=w1)(x)),
        "tuple_none_pos": _desc(ms.grad(f, None, weights=(w2, w1))(x)),
        "pos0_and_list": _desc(ms.grad(f, 0, weights=[w1, w2])(x)),
        "pos_tuple_and_single": _desc(ms.grad(f, (0,), weights=w2)(x)),
    }


def grad_tuple_output(ms):
    x = ms.Tensor(_A)

    def g(x):
        return (x * x).sum(), x * 3.0
    return {"g": _desc(ms.grad(g)(x))}


def grad_non_scalar_output(ms):
    x = ms.Tensor(np.array([[1.0, 2.0], [3.0, 4.0]], np.float32))

    def f(x):
        return x * x * x
    return _desc(ms.grad(f)(x))


def grad_has_aux(ms):
    x, y = ms.Tensor(_A), ms.Tensor(_Bv)

    def f1(x, y):
        return (x * y).sum(), x + y

    def f3(x, y):
        return (x * y).sum(), x + y, x * 2.0
    return {
        "one_aux_pos0": _desc(ms.grad(f1, has_aux=True)(x, y)),
        "one_aux_pos01": _desc(ms.grad(f1, (0, 1), has_aux=True)(x, y)),
        "two_aux_pos0": _desc(ms.grad(f3, has_aux=True)(x, y)),
    }


def value_and_grad_structures(ms):
    x, y = ms.Tensor(_A), ms.Tensor(_Bv)
    w = ms.Parameter(ms.Tensor(np.array([3.0], np.float32)), name="w")

    def f(x, y):
        return (x * y * w).sum()

    def f2(x, y):
        return (x * y * w).sum(), x * y
    return {
        "pos0": _desc(ms.value_and_grad(f)(x, y)),
        "pos01": _desc(ms.value_and_grad(f, (0, 1))(x, y)),
        "weights_only": _desc(ms.value_and_grad(f, None, weights=[w])(x, y)),
        "pos_and_weights": _desc(ms.value_and_grad(f, 1, weights=w)(x, y)),
        "tuple_out": _desc(ms.value_and_grad(f2)(x, y)),
        "has_aux": _desc(ms.value_and_grad(f2, 0, has_aux=True)(x, y)),
        "has_aux_weights": _desc(ms.value_and_grad(f2, (0, 1), weights=[w], has_aux=True)(x, y)),
    }


def grad_return_ids(ms):
    x, y = ms.Tensor(_A), ms.Tensor(_Bv)
    w1 = ms.Parameter(ms.Tensor(np.array([3.0], np.float32)), name="w1")
    w2 = ms.Parameter(ms.Tensor(np.array([-1.0], np.float32)), name="w2")

    def f(x, y):
        return (x * y * w1 * w2).sum()
    return {
        "pos_int": _desc(ms.grad(f, 1, return_ids=True)(x, y)),
        "pos_tuple": _desc(ms.grad(f, (0, 1), return_ids=True)(x, y)),
        "weights": _desc(ms.grad(f, None, weights=[w1, w2], return_ids=True)(x, y)),
        "weights_single": _desc(ms.grad(f, None, weights=w2, return_ids=True)(x, y)),
        "both": _desc(ms.grad(f, (1, 0), weights=[w2, w1], return_ids=True)(x, y)),
        "vag_pos": _desc(ms.value_and_grad(f, (0, 1), return_ids=True)(x, y)),
    }


def grad_unused_and_stopped(ms):
    x, y = ms.Tensor(_A), ms.Tensor(_Bv)

    def unused(x, y):
        return (x * 2.0).sum()

    def stopped(x, y):
        return ms.ops.stop_gradient((x * y).sum())
    return {
        "unused": _desc(ms.grad(unused, (0, 1))(x, y)),
        "stopped": _desc(ms.grad(stopped, (0, 1))(x, y)),
    }


def grad_of_grad(ms):
    x = ms.Tensor(np.array([2.0], np.float32))
    s = ms.Tensor(np.array([0.3, 1.2], np.float32))

    def cube(x):
        return x ** 3

    def sin(x):
        return ms.ops.sin(x)
    d1 = ms.grad(cube)
    d2 = ms.grad(d1)
    d3 = ms.grad(d2)
    return {"cube_d1": _desc(d1(x)), "cube_d2": _desc(d2(x)), "cube_d3": _desc(d3(x)),
            "sin_d2": _desc(ms.grad(ms.grad(sin))(s))}


# --------------------------------------------------------------------------
# vjp / jvp / jacfwd / jacrev
# --------------------------------------------------------------------------

def vjp_single(ms):
    x = ms.Tensor(np.array([[1.0, 2.0], [3.0, 4.0]], np.float32))
    v = ms.Tensor(np.array([[1.0, 0.5], [-1.0, 2.0]], np.float32))

    def f(x):
        return x ** 3 + x
    out, vjp_fn = ms.ops.vjp(f, x)
    return {"out": _desc(out), "vjp": _desc(vjp_fn(v))}


def vjp_multi(ms):
    x = ms.Tensor(np.array([1.0, 2.0], np.float32))
    y = ms.Tensor(np.array([3.0, -1.0], np.float32))
    v = ms.Tensor(np.array([1.0, 0.5], np.float32))

    def f(x, y):
        return x * y + x
    out, vjp_fn = ms.ops.vjp(f, x, y)
    return {"out": _desc(out), "vjp": _desc(vjp_fn(v))}


def vjp_has_aux(ms):
    x = ms.Tensor(np.array([1.0, 2.0], np.float32))
    y = ms.Tensor(np.array([3.0, -1.0], np.float32))
    v = ms.Tensor(np.array([1.0, 0.5], np.float32))

    def f(x, y):
        return x * y, x + y
    res = ms.ops.vjp(f, x, y, has_aux=True)
    out, vjp_fn, aux = res
    return {"len": len(res), "out": _desc(out), "aux": _desc(aux), "vjp": _desc(vjp_fn(v))}


def vjp_tuple_output(ms):
    x = ms.Tensor(np.array([1.0, 2.0], np.float32))
    v1 = ms.Tensor(np.array([1.0, 1.0], np.float32))
    v2 = ms.Tensor(np.array([0.5, -2.0], np.float32))

    def f(x):
        return x * x, x * 3.0
    out, vjp_fn = ms.ops.vjp(f, x)
    return {"out": _desc(out), "vjp": _desc(vjp_fn((v1, v2)))}


def jvp_cases(ms):
    x = ms.Tensor(np.array([1.0, 2.0], np.float32))
    y = ms.Tensor(np.array([3.0, -1.0], np.float32))
    vx = ms.Tensor(np.array([1.0, 0.5], np.float32))
    vy = ms.Tensor(np.array([-1.0, 2.0], np.float32))

    def f1(x):
        return x ** 3

    def f2(x, y):
        return x * y + x

    def f3(x, y):
        return x * y, x - y
    return {
        "tensor_input": _desc(ms.ops.jvp(f1, x, vx)),
        "tuple_input": _desc(ms.ops.jvp(f2, (x, y), (vx, vy))),
        "has_aux": _desc(ms.ops.jvp(f3, (x, y), (vx, vy), has_aux=True)),
    }


def jacobians(ms):
    x = ms.Tensor(np.array([1.0, 2.0, 3.0], np.float32))
    y = ms.Tensor(np.array([[0.5, -1.0], [2.0, 1.0]], np.float32))

    def f1(x):
        return x * x

    def f2(x, y):
        return x[:2] * y.sum(axis=1)

    def f3(x):
        return x * x, x.sum()
    return {
        "jacfwd_single": _desc(ms.jacfwd(f1)(x)),
        "jacrev_single": _desc(ms.jacrev(f1)(x)),
        "jacfwd_pos01": _desc(ms.jacfwd(f2, grad_position=(0, 1))(x, y)),
        "jacrev_pos01": _desc(ms.jacrev(f2, grad_position=(0, 1))(x, y)),
        "jacrev_pos1": _desc(ms.jacrev(f2, grad_position=1)(x, y)),
        "jacfwd_has_aux": _desc(ms.jacfwd(f3, has_aux=True)(x)),
        "jacrev_has_aux": _desc(ms.jacrev(f3, has_aux=True)(x)),
    }


# --------------------------------------------------------------------------
# Tensor dtype behaviour
# --------------------------------------------------------------------------

def tensor_construction_dtypes(ms):
    return {
        "float_scalar": _desc(ms.Tensor(1.5)),
        "int_list": _desc(ms.Tensor([1, 2])),
        "float_list": _desc(ms.Tensor([1.0, 2.0])),
        "bool": _desc(ms.Tensor(True)),
        "int_scalar": _desc(ms.Tensor(3)),
        "np_float64": _desc(ms.Tensor(np.array([1.0, 2.5], np.float64))),
        "np_int32": _desc(ms.Tensor(np.array([1, 2], np.int32))),
        "explicit": _desc(ms.Tensor([1, 2], ms.float32)),
        "dtype_strs": [str(ms.float32), str(ms.float64), str(ms.int32), str(ms.int64),
                       str(ms.bool_), str(ms.float16)],
    }


def dtype_promotion(ms):
    i32 = ms.Tensor(np.array([7, -7, 3], np.int32))
    j32 = ms.Tensor(np.array([2, 2, -2], np.int32))
    f32 = ms.Tensor(np.array([0.5, 1.5, 2.0], np.float32))
    f16 = ms.Tensor(np.array([0.5, 1.5, 2.0], np.float16))
    i64 = ms.Tensor(np.array([1, 2, 3], np.int64))
    b = ms.Tensor(np.array([True, False, True]))
    c = ms.Tensor(np.array([True, True, False]))
    return {
        "i32_div_i32": _desc(i32 / j32),
        "i32_sum": _desc(i32.sum()),
        "i32_ops_sum": _desc(ms.ops.sum(i32)),
        "i32_add_f32": _desc(i32 + f32),
        "i32_mul_pyfloat": _desc(i32 * 1.5),
        "i32_add_pyint": _desc(i32 + 1),
        "i64_add_pyint": _desc(i64 + 1),
        "i32_add_i64": _desc(i32 + i64),
        "bool_add_bool": _desc(b + c),
        "bool_mul_bool": _desc(b * c),
        "bool_add_pyint": _desc(b + 1),
        "f16_add_f32": _desc(f16 + f32),
        "f16_mul_pyfloat": _desc(f16 * 2.5),
        "cmp_lt": _desc(i32 < j32),
        "cmp_eq_float": _desc(f32 == 1.5),
        "pyfloat_radd_i32": _desc(2.5 + i32),
        "pyint_rsub_i32": _desc(10 - i32),
    }


def int_mean_and_argmax(ms):
    i32 = ms.Tensor(np.array([[1, 2], [4, 3]], np.int32))
    f32 = ms.Tensor(np.array([[1.0, 5.0], [4.0, 3.0]], np.float32))
    return {
        "mean_f32_input_from_i32_cast": _desc(i32.astype(ms.float32).mean()),
        "argmax_f32": _desc(ms.ops.argmax(f32)),
        "argmax_f32_axis1": _desc(ms.ops.argmax(f32, dim=1)),
        "tensor_argmax_axis0": _desc(f32.argmax(axis=0)),
        "argmin_f32_axis1": _desc(ms.ops.argmin(f32, axis=1)),
    }


def int_mean(ms):
    i32 = ms.Tensor(np.array([[1, 2], [4, 3]], np.int32))
    return {"mean": _desc(i32.mean()), "mean_axis0": _desc(ms.ops.mean(i32, 0))}


def floor_div_mod(ms):
    a = ms.Tensor(np.array([7, -7, 7, -7], np.int32))
    b = ms.Tensor(np.array([2, 2, -2, -2], np.int32))
    fa = ms.Tensor(np.array([7.5, -7.5, 7.5, -7.5], np.float32))
    fb = ms.Tensor(np.array([2.0, 2.0, -2.0, -2.0], np.float32))
    return {
        "int_floordiv": _desc(a // b),
        "int_mod": _desc(a % b),
        "float_floordiv": _desc(fa // fb),
        "float_mod": _desc(fa % fb),
        "ops_floor_divide": _desc(ms.ops.floor_divide(a, b)),
        "ops_remainder": _desc(ms.ops.remainder(a, b)),
        "ops_fmod": _desc(ms.ops.fmod(fa, fb)),
        "int_floordiv_pyint": _desc(a // 3),
        "int_mod_pyint": _desc(a % 3),
    }


def power_dtypes(ms):
    a = ms.Tensor(np.array([1, 2, 3], np.int32))
    f = ms.Tensor(np.array([1.0, 4.0, 9.0], np.float32))
    return {
        "int_pow_int": _desc(a ** 2),
        "int_pow_int_tensor": _desc(a ** a),
        "int_pow_float": _desc(a ** 0.5),
        "float_pow_int": _desc(f ** 2),
        "float_pow_half": _desc(f ** 0.5),
        "rpow": _desc(2 ** a),
    }


# --------------------------------------------------------------------------
# op values
# --------------------------------------------------------------------------

_M = np.array([[1.0, 2.0, 0.5], [-1.0, 3.0, 2.0]], np.float32)


def softmax_family(ms):
    x = ms.Tensor(_M)
    return {
        "softmax_default": _desc(ms.ops.softmax(x)),
        "softmax_axis0": _desc(ms.ops.softmax(x, axis=0)),
        "log_softmax_default": _desc(ms.ops.log_softmax(x)),
        "logsumexp_axis1": _desc(ms.ops.logsumexp(x, 1)),
        "logsumexp_axis0_keep": _desc(ms.ops.logsumexp(x, 0, keepdim=True)),
    }


def cross_entropy_cases(ms):
    logits = ms.Tensor(np.array([[1.0, 2.0, 0.5], [-1.0, 3.0, 2.0], [0.2, 0.1, 0.0]], np.float32))
    target = ms.Tensor(np.array([1, 0, 2], np.int32))
    probs = ms.Tensor(np.array([[0.1, 0.8, 0.1], [0.5, 0.25, 0.25], [0.0, 0.0, 1.0]], np.float32))
    ce = ms.ops.cross_entropy
    return {
        "mean": _desc(ce(logits, target)),
        "sum": _desc(ce(logits, target, reduction="sum")),
        "none": _desc(ce(logits, target, reduction="none")),
        "smooth": _desc(ce(logits, target, label_smoothing=0.1)),
        "probs_target": _desc(ce(logits, probs)),
        "weight": _desc(ce(logits, target, weight=ms.Tensor(np.array([1.0, 2.0, 0.5], np.float32)))),
    }


def max_min_with_indices(ms):
    x = ms.Tensor(np.array([[1.0, 5.0, 5.0], [4.0, 3.0, 4.0]], np.float32))
    return {
        "max_axis1": _desc(ms.ops.max(x, axis=1)),
        "max_axis0_keep": _desc(ms.ops.max(x, axis=0, keepdims=True)),
        "min_axis1": _desc(ms.ops.min(x, axis=1)),
        "max_none": _desc(ms.ops.max(x)),
        "tensor_max": _desc(x.max()),
        "tensor_max_axis1": _desc(x.max(axis=1)),
        "ArgMaxWithValue": _desc(ms.ops.ArgMaxWithValue(axis=1)(x)),
        "ArgMinWithValue": _desc(ms.ops.ArgMinWithValue(axis=1)(x)),
    }


def cumulative(ms):
    x = ms.Tensor(_M)
    return {
        "cumsum1": _desc(ms.ops.cumsum(x, 1)),
        "cumsum0": _desc(ms.ops.cumsum(x, 0)),
        "cumprod1": _desc(ms.ops.cumprod(x, 1)),
        "cumsum_int": _desc(ms.ops.cumsum(ms.Tensor(np.array([1, 2, 3], np.int32)), 0)),
    }


def gathers(ms):
    x = ms.Tensor(np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], np.float32))
    idx = ms.Tensor(np.array([2, 0], np.int32))
    idx2 = ms.Tensor(np.array([[0, 0], [1, 0]], np.int32))
    return {
        "gather_axis1": _desc(ms.ops.gather(x, idx, 1)),
        "gather_axis0": _desc(ms.ops.gather(x, ms.Tensor(np.array([1, 1, 0], np.int32)), 0)),
        "gather_elements": _desc(ms.ops.gather_elements(x, 1, idx2)),
        "index_select": _desc(ms.ops.index_select(x, 1, idx)),
    }


def gather_batch_dims(ms):
    """ops.gather with batch_dims: the value, and the gradient of a weighted sum (repeated indices add)."""
    x = ms.Tensor(np.arange(2 * 3 * 4 * 5, dtype=np.float32).reshape(2, 3, 4, 5) * 0.1)
    cases = {"b1_axis1": (np.array([[2, 0], [1, 1]], np.int32), 1, 1),
             "b1_axis2": (np.array([[2, 0, 1], [1, 1, 3]], np.int32), 2, 1),
             "b1_axis3": (np.array([[4, 0, 4], [1, 2, 3]], np.int32), 3, 1),
             "b2_axis2": (np.array([[[1, 0], [2, 2], [0, 1]], [[3, 3], [0, 1], [2, 0]]], np.int32), 2, 2),
             "b1_axis_neg1": (np.array([[4, 0], [1, 1]], np.int32), -1, 1)}
    out = {}
    for name, (idx, axis, b) in cases.items():
        idx = ms.Tensor(idx)
        value = ms.ops.gather(x, idx, axis, batch_dims=b)
        weights = ms.Tensor(np.arange(value.size, dtype=np.float32).reshape(value.shape))
        grad = ms.grad(lambda v: (ms.ops.gather(v, idx, axis, batch_dims=b) * weights).sum())(x)
        out[name] = {"value": _desc(value), "grad": _desc(grad)}
    return out


def split_chunk(ms):
    x = ms.Tensor(np.arange(7, dtype=np.float32))
    y = ms.Tensor(np.arange(12, dtype=np.float32).reshape(2, 6))
    return {
        "split_int": _desc(ms.ops.split(x, 3)),
        "split_sections": _desc(ms.ops.split(x, [2, 5])),
        "split_axis1": _desc(ms.ops.split(y, 2, axis=1)),
        "chunk3": _desc(ms.ops.chunk(x, 3)),
        "chunk4": _desc(ms.ops.chunk(x, 4)),
        "chunk_axis1": _desc(ms.ops.chunk(y, 4, axis=1)),
    }


def tile_broadcast(ms):
    x = ms.Tensor(np.array([[1.0, 2.0]], np.float32))
    return {
        "tile": _desc(ms.ops.tile(x, (2, 3))),
        "tile_more_dims": _desc(ms.ops.tile(x, (2, 1, 2))),
        "broadcast_to": _desc(ms.ops.broadcast_to(x, (3, 2))),
        "broadcast_to_neg1": _desc(ms.ops.broadcast_to(x, (2, -1))),
    }


def norms(ms):
    x = ms.Tensor(np.array([[3.0, -4.0], [1.0, 2.0]], np.float32))
    return {
        "default": _desc(ms.ops.norm(x)),
        "dim1": _desc(ms.ops.norm(x, dim=1)),
        "ord1_dim1": _desc(ms.ops.norm(x, ord=1, dim=1)),
        "inf_dim0": _desc(ms.ops.norm(x, ord=float("inf"), dim=0)),
        "fro": _desc(ms.ops.norm(x, ord="fro")),
    }


def clamp_cases(ms):
    x = ms.Tensor(np.array([-2.0, -0.5, 0.5, 3.0], np.float32))
    return {
        "both": _desc(ms.ops.clamp(x, -1.0, 1.0)),
        "min_only": _desc(ms.ops.clamp(x, min=0.0)),
        "max_only": _desc(ms.ops.clamp(x, max=0.0)),
        "clip": _desc(ms.ops.clip(x, -1.0, 2.0)),
    }


def activations(ms):
    x = ms.Tensor(np.array([-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0], np.float32))
    return {
        "gelu_default": _desc(ms.ops.gelu(x)),
        "gelu_none": _desc(ms.ops.gelu(x, approximate="none")),
        "gelu_tanh": _desc(ms.ops.gelu(x, approximate="tanh")),
        "silu": _desc(ms.ops.silu(x)),
        "softplus": _desc(ms.ops.softplus(x)),
        "erf": _desc(ms.ops.erf(x)),
        "sigmoid": _desc(ms.ops.sigmoid(x)),
        "relu": _desc(ms.ops.relu(x)),
    }


def elementwise_math(ms):
    y = ms.Tensor(np.array([1.0, -1.0, 0.0, -2.0], np.float32))
    x = ms.Tensor(np.array([1.0, 1.0, -1.0, -0.5], np.float32))
    p = ms.Tensor(np.array([0.25, 1.0, 4.0], np.float32))
    return {
        "atan2": _desc(ms.ops.atan2(y, x)),
        "rsqrt": _desc(ms.ops.rsqrt(p)),
        "sqrt": _desc(ms.ops.sqrt(p)),
        "exp": _desc(ms.ops.exp(x)),
        "log": _desc(ms.ops.log(p)),
    }


def creation_ops(ms):
    return {
        "linspace": _desc(ms.ops.linspace(0.0, 1.0, 5)),
        "arange_int": _desc(ms.ops.arange(5)),
        "arange_start_stop_step": _desc(ms.ops.arange(1, 7, 2)),
        "arange_float": _desc(ms.ops.arange(0.0, 1.0, 0.25)),
        "eye": _desc(ms.ops.eye(3, 3, ms.float32)),
        "eye_rect": _desc(ms.ops.eye(2, 3, ms.int32)),
        "ones": _desc(ms.ops.ones((2, 2))),
        "zeros_int": _desc(ms.ops.zeros((2,), ms.int32)),
        "ones_like_int": _desc(ms.ops.ones_like(ms.Tensor(np.array([1, 2], np.int32)))),
    }


def indexing(ms):
    x = ms.Tensor(np.arange(24, dtype=np.float32).reshape(2, 3, 4))
    return {
        "neg_int": _desc(x[-1]),
        "neg_int2": _desc(x[0, -1]),
        "step": _desc(x[:, ::2]),
        "neg_slice": _desc(x[0, 1, -3:-1]),
        "none": _desc(x[None, 0]),
        "none_mid": _desc(x[0, None, 1]),
        "ellipsis": _desc(x[..., 1]),
        "ellipsis_mid": _desc(x[1, ..., 2]),
        "int_tensor": _desc(x[ms.Tensor(np.array([1, 0, 1], np.int32))]),
        "int_tensor_axis2": _desc(x[:, :, ms.Tensor(np.array([3, 0], np.int32))]),
        "int_list": _desc(x[0, [2, 0]]),
        "bool_mask": _desc(x[0][x[0] > 5.0]),
        "scalar_item": _desc(x[1, 2, 3]),
    }


def bool_behaviour(ms):
    one = ms.Tensor(np.array([1.0], np.float32))
    zero = ms.Tensor(np.array(0.0, np.float32))
    b = ms.Tensor(np.array([True, False]))
    return {
        "bool_one_elem": bool(one),
        "bool_zero_scalar": bool(zero),
        "float_scalar": float(ms.Tensor(np.array(2.5, np.float32))),
        "int_scalar": int(ms.Tensor(np.array(3, np.int32))),
        "logical_not": _desc(ms.ops.logical_not(b)),
        "invert": _desc(~b),
        "and": _desc(b & ms.Tensor(np.array([True, True]))),
        "any": _desc(b.any()),
        "all": _desc(b.all()),
        "bool_sum": _desc(b.sum()),
        "where": _desc(ms.ops.where(b, one, zero)),
        "astype_bool": _desc(ms.Tensor(np.array([0.0, 2.0], np.float32)).astype(ms.bool_)),
    }


def seed_and_item(ms):
    ms.set_seed(0)
    x = ms.Tensor(np.array([[1.5]], np.float32))
    return {"item": x.item(), "shape": list(x.shape), "ndim": x.ndim, "size": x.size,
            "tolist": x.asnumpy().tolist()}


def grad_return_ids_single(ms):
    """Single-position return_ids (MindSpore 2.10 special-cases (0,): a bare
    (0, grad) pair; any other single position indexes into the gradient
    tensor, giving ((pos, grad[0]),) -- recorded as observed)."""
    x, y = ms.Tensor(_A), ms.Tensor(_Bv)
    w1 = ms.Parameter(ms.Tensor(np.array([3.0], np.float32)), name="w1")

    def f(x, y):
        return (x * y * w1).sum()

    def f3(x, y):
        return (x * y).sum(), x + y, x * 2.0
    return {
        "pos_int0": _desc(ms.grad(f, 0, return_ids=True)(x, y)),
        "pos_tuple0": _desc(ms.grad(f, (0,), return_ids=True)(x, y)),
        "pos_tuple1": _desc(ms.grad(f, (1,), return_ids=True)(x, y)),
        "weights_list1": _desc(ms.grad(f, None, weights=[w1], return_ids=True)(x, y)),
        "pos0_and_weight": _desc(ms.grad(f, 0, weights=w1, return_ids=True)(x, y)),
        "has_aux_and_ids": _desc(ms.grad(f3, (0, 1), has_aux=True, return_ids=True)(x, y)),
    }


def has_aux_more(ms):
    x, y = ms.Tensor(_A), ms.Tensor(_Bv)
    w1 = ms.Parameter(ms.Tensor(np.array([3.0], np.float32)), name="w1")

    def f3(x, y):
        return (x * y * w1).sum(), x + y, x * 2.0

    def flist(x):
        return [x.sum(), x * 2.0]
    return {
        "vag_two_aux": _desc(ms.value_and_grad(f3, 0, has_aux=True)(x, y)),
        "grad_tuple0_two_aux": _desc(ms.grad(f3, (0,), has_aux=True)(x, y)),
        "grad_weights_two_aux": _desc(ms.grad(f3, None, weights=[w1], has_aux=True)(x, y)),
        "grad_list_output": _desc(ms.grad(flist)(x)),
    }


def jacobians_more(ms):
    x = ms.Tensor(np.array([1.0, 2.0, 3.0], np.float32))
    y = ms.Tensor(np.array([0.5, -1.0, 2.0], np.float32))

    def sqs(a):
        return a * a, a.sum()

    def mul(a, b):
        return a * b
    return {
        "jacrev_tuple_output": _desc(ms.jacrev(sqs)(x)),
        "jacfwd_tuple_output": _desc(ms.jacfwd(sqs)(x)),
        "jacfwd_pos_tuple0": _desc(ms.jacfwd(mul, grad_position=(0,))(x, y)),
        "jacrev_pos_tuple0": _desc(ms.jacrev(mul, grad_position=(0,))(x, y)),
    }


def division_modes(ms):
    a = ms.Tensor(np.array([7, -7], np.int32))
    b = ms.Tensor(np.array([2, 2], np.int32))
    return {
        "div_pyint": _desc(a / 2),
        "ops_div": _desc(ms.ops.div(a, b)),
        "ops_div_floor": _desc(ms.ops.div(a, b, rounding_mode="floor")),
        "ops_div_trunc": _desc(ms.ops.div(a, b, rounding_mode="trunc")),
        "f64_add_f32": _desc(ms.Tensor(np.array([1.0], np.float64)) + ms.Tensor(np.array([1.0], np.float32))),
        "f32_add_pyfloat": _desc(ms.Tensor(np.array([1.0], np.float32)) + 2.0),
        "i64_mean": _desc(ms.Tensor(np.array([1, 2], np.int64)).mean()),
        "i32_sum_axis0": _desc(ms.Tensor(np.array([1, 2], np.int32)).sum(axis=0)),
        "tensor_argmin": _desc(ms.Tensor(np.array([3.0, 1.0], np.float32)).argmin()),
        "ops_argmax_flat": _desc(ms.ops.argmax(ms.Tensor(np.array([[3.0, 1.0], [0.0, 5.0]], np.float32)))),
    }


def grad_int_inputs(ms):
    """MindSpore 2.10 does not raise for integer inputs: the gradient has the
    input's integer dtype (a float gradient is cast, 1.5 -> 1)."""
    xi32 = ms.Tensor(np.array([1, 2], np.int32))
    xi64 = ms.Tensor(np.array([1, 2], np.int64))

    def sq(a):
        return (a * a).sum()

    def mixed(a):
        return (a * 1.5).sum()
    return {
        "i32": _desc(ms.grad(sq)(xi32)),
        "i64": _desc(ms.grad(sq)(xi64)),
        "vag_i32": _desc(ms.value_and_grad(sq)(xi32)),
        "i32_float_op": _desc(ms.grad(mixed)(xi32)),
    }


def gradop_by_list_without_params(ms):
    """GradOperation(get_by_list=True)(cell) with no ParameterTuple uses the
    cell's trainable params; for a plain function it returns ()."""
    x = ms.Tensor(np.array([1.0, 2.0], np.float32))
    y = ms.Tensor(np.array([3.0, 4.0], np.float32))

    class Net(ms.nn.Cell):
        def __init__(self):
            super().__init__()
            self.z = ms.Parameter(ms.Tensor(np.array([1.0, 1.0], np.float32)), name="z")

        def construct(self, a, b):
            return (a * b * self.z).sum()

    def f(a, b):
        return (a * b).sum()
    net = Net()
    return {
        "cell": _desc(ms.ops.GradOperation(get_by_list=True)(net)(x, y)),
        "plain_fn": _desc(ms.ops.GradOperation(get_by_list=True)(f)(x, y)),
        "cell_list_params": _desc(ms.ops.GradOperation(get_by_list=True)(net, net.trainable_params())(x, y)),
        "cell_single_param": _desc(ms.ops.GradOperation(get_by_list=True)(net, net.z)(x, y)),
    }


# The recorder (tools/record_mindspore_goldens.py) runs the cases of the programs in CASE_BY_CASE one per
# process: MindSpore 2.10 can re-raise a failed kernel selection in the next ops of the same process
# (ops.pow on Bools failing made the ops.matmul and ops.argmax after it raise pow's error).
CASES = {"list": False, "only": None}


def _each_case(cases, describe):
    """{name: describe(call)} over ``cases``; only their names (CASES['list']), or one case (CASES['only']),
    when the recorder asks."""
    if CASES["list"]:
        return {name: None for name in cases}
    return {name: describe(call) for name, call in cases.items() if CASES["only"] in (None, name)}


def _raised(call):
    """The name of the exception ``call()`` raises, or 'none' (a Tensor result, or each of a tuple, is read, since
    MindSpore's PyNative mode may only raise when the value is needed)."""
    try:
        out = call()
        for item in out if isinstance(out, tuple) else (out,):
            if hasattr(item, "asnumpy"):
                item.asnumpy()
    except Exception as e:  # noqa: BLE001  (the type is the golden)
        return type(e).__name__
    return "none"


def misuse_errors(ms):
    """The exception type of common misuses of ops, layers and optimizers: unigrad raises
    MindSpore's type (the messages are unigrad's own: they name what was given and what is allowed)."""
    ops, nn = ms.ops, ms.nn
    x = _f32(ms, np.arange(6.0).reshape(2, 3))
    img = _f32(ms, np.zeros((1, 3, 5, 5)))
    labels = ms.Tensor(np.array([0, 1], np.int32))
    params = nn.Dense(3, 2).trainable_params()
    cases = {
        "add_shapes": lambda: ops.add(x, _f32(ms, [1.0, 2.0])),
        "matmul_shapes": lambda: ops.matmul(x, x),
        "reshape_size": lambda: ops.reshape(x, (4,)),
        "transpose_perm": lambda: ops.transpose(x, (0,)),
        "sum_axis": lambda: ops.sum(x, 2),
        "concat_shapes": lambda: ops.concat((x, _f32(ms, np.zeros((2, 2)))), 0),
        "stack_shapes": lambda: ops.stack((x, _f32(ms, np.zeros((2, 2))))),
        "softmax_axis": lambda: ops.softmax(x, 2),
        "squeeze_not_one": lambda: ops.squeeze(x, 0),
        "expand_dims_axis": lambda: ops.expand_dims(x, 4),
        "tensor_plus_str": lambda: x + "a",
        "exp_of_list": lambda: ops.exp([1.0]),
        "index_past_end": lambda: x[5],
        "index_negative_past_start": lambda: x[-3],
        "index_list_past_end": lambda: x[[3]],
        "index_second_axis_past_end": lambda: x[:, 7],
        "dense_shapes": lambda: ops.dense(x, _f32(ms, np.zeros((2, 4)))),
        "conv2d_3d_input": lambda: ops.conv2d(_f32(ms, np.zeros((3, 5, 5))), _f32(ms, np.zeros((2, 3, 3, 3)))),
        "cross_entropy_label_shape": lambda: ops.cross_entropy(x, ms.Tensor(np.array([0, 1, 2], np.int32))),
        "one_hot_negative_depth": lambda: ops.one_hot(labels, -1),
        "one_hot_float_depth": lambda: ops.one_hot(labels, 2.0),
        "one_hot_float_indices": lambda: ops.one_hot(_f32(ms, [0.0, 1.0]), 2, _f32(ms, 1.0), _f32(ms, 0.0)),
        "gather_float_indices": lambda: ops.gather(x, _f32(ms, [0.0]), 0),
        "tile_negative": lambda: ops.tile(x, (-1, 1)),
        "tile_float_dims": lambda: ops.tile(x, (2.0, 1)),
        "max_pool2d_zero_kernel": lambda: ops.max_pool2d(img, 0),
        "avg_pool2d_zero_kernel": lambda: ops.avg_pool2d(img, 0),
        "Dense_in_features": lambda: nn.Dense(4, 2)(x),
        "Dense_zero_in": lambda: nn.Dense(0, 2),
        "Conv2d_channels": lambda: nn.Conv2d(1, 2, 3)(img),
        "Conv2d_zero_kernel": lambda: nn.Conv2d(3, 2, 0),
        "MaxPool2d_zero_kernel": lambda: nn.MaxPool2d(kernel_size=0),
        "MaxPool2d_zero_stride": lambda: nn.MaxPool2d(2, stride=0),
        "AvgPool2d_negative_kernel": lambda: nn.AvgPool2d(kernel_size=-1),
        "Dropout_p": lambda: nn.Dropout(p=1.5),
        "SGD_negative_lr": lambda: nn.SGD(params, learning_rate=-0.1),
        "SGD_negative_momentum": lambda: nn.SGD(params, momentum=-0.1),
        "Adam_beta1": lambda: nn.Adam(params, beta1=1.5),
        "Parameter_name": lambda: ms.Parameter(x, name=3),
        "Tensor_str_dtype": lambda: ms.Tensor([1.0], dtype="float32"),
        "Tensor_numpy_dtype": lambda: ms.Tensor([1.0], dtype=np.float32),
        "cast_to_numpy_dtype": lambda: ops.cast(x, np.int32),
        "zeros_numpy_dtype": lambda: ops.zeros((2,), np.float32),
    }
    return _each_case(cases, _raised)

def _fate(call):
    """What ``call()`` gives (its Tensors read, as in ``_raised``), or the name of what it raises."""
    try:
        return _desc(call())
    except Exception as e:  # noqa: BLE001  (the type is the golden)
        return type(e).__name__


def bool_int_and_empty_inputs(ms):
    """Bool, int, 0-d and empty inputs where unigrad's backends once disagreed with each other
    (tests/conformance/test_error_agreement.py): what MindSpore 2.10 gives or raises."""
    ops = ms.ops
    b = ms.Tensor(np.array([[True, False, True], [False, True, True]]))
    i = ms.Tensor(np.array([[1, -2, 3], [0, 2, -1]], np.int32))
    x = _f32(ms, [[1.0, -2.0, 3.0], [0.5, 2.0, -1.0]])
    scalar = _f32(ms, 2.0)
    empty = _f32(ms, np.zeros((0, 3)))
    img16 = ms.Tensor(np.ones((1, 1, 4, 4), np.float16))
    cases = {
        "abs_bool": lambda: ops.abs(b),
        "neg_bool": lambda: ops.neg(b),
        "relu_bool": lambda: ops.relu(b),
        "relu6_bool": lambda: ops.relu6(b),
        "floor_bool": lambda: ops.floor(b),
        "ceil_bool": lambda: ops.ceil(b),
        "sign_bool": lambda: ops.sign(b),
        "sub_bool": lambda: ops.sub(b, b),
        "pow_bool": lambda: ops.pow(b, b),
        "matmul_bool": lambda: ops.matmul(b, b.T),
        "argmax_bool": lambda: ops.argmax(b, 1),
        "cumprod_bool": lambda: ops.cumprod(b, 1),
        "max_axis_bool": lambda: ops.max(b, 1),
        "argmin_bool": lambda: ops.argmin(b, 1),
        "cumsum_bool": lambda: ops.cumsum(b, 1),
        "floor_divide_bool": lambda: ops.floor_divide(b, b),
        "remainder_bool": lambda: ops.remainder(b, b),
        "fmod_bool": lambda: ops.fmod(b, b),
        "isclose_bool": lambda: ops.isclose(b, b),
        "leaky_relu_int": lambda: ops.leaky_relu(i),
        "pow_int_negative": lambda: ops.pow(i, ms.Tensor(np.array([[-1, -1, -2], [-1, -3, -1]], np.int32))),
        "sum_0d_axis": lambda: ops.sum(scalar, 0),
        "max_0d_axis": lambda: ops.max(scalar, 0),
        "softmax_0d": lambda: ops.softmax(scalar, -1),
        "cumsum_0d": lambda: ops.cumsum(scalar, 0),
        "max_empty_axis": lambda: ops.max(empty, 0),
        "all_empty_axis": lambda: ops.all(empty, 0),
        "any_empty_axis": lambda: ops.any(empty, 0),
        "conv2d_mixed_dtypes": lambda: ops.conv2d(img16, _f32(ms, np.ones((1, 1, 3, 3)))),
        "cross_entropy_mixed_dtypes": lambda: _dt(ops.cross_entropy(  # the dtype: Float16 rounds differently
            ms.Tensor(np.array([[1.0, 2.0, 0.5], [0.1, 0.2, 3.0]], np.float16)),
            ms.Tensor(np.array([0, 2], np.int32)), weight=_f32(ms, [1.0, 2.0, 0.5]))),
        "relu_float": lambda: ops.relu(x),
        "cast_float_wraps_int8": lambda: ops.cast(_f32(ms, [300.0, -1.5, 127.9]), ms.int8),
    }
    return _each_case(cases, _fate)


_WINDOW_VALUES = {"zero": 0, "negative": -1, "str": "3", "list": [3, 3], "zero_in_tuple": (3, 0),
                  "bool_in_tuple": (3, True), "bool": True, "float": 3.0, "tuple1": (3,), "tuple3": (3, 3, 3),
                  "tuple2": (2, 2)}


def window_argument_errors(ms):
    """The exception type (or 'none') for each malformed kernel_size, stride, dilation and pooling padding
    of the conv and pooling layers and ops: an int or a tuple of two ints, each at least 1 (0 for padding)."""
    ops, nn = ms.ops, ms.nn
    img = _f32(ms, np.zeros((1, 1, 8, 8)))
    weight = _f32(ms, np.zeros((2, 1, 3, 3)))
    entries = {
        "Conv2d.kernel_size": lambda v: nn.Conv2d(1, 2, v),
        "Conv2d.stride": lambda v: nn.Conv2d(1, 2, 3, stride=v),
        "Conv2d.dilation": lambda v: nn.Conv2d(1, 2, 3, dilation=v),
        "MaxPool2d.kernel_size": lambda v: nn.MaxPool2d(v),
        "MaxPool2d.stride": lambda v: nn.MaxPool2d(2, stride=v),
        "AvgPool2d.kernel_size": lambda v: nn.AvgPool2d(v),
        "max_pool2d.kernel_size": lambda v: ops.max_pool2d(img, v),
        "max_pool2d.stride": lambda v: ops.max_pool2d(img, 2, v),
        "avg_pool2d.kernel_size": lambda v: ops.avg_pool2d(img, v),
        "conv2d.stride": lambda v: ops.conv2d(img, weight, stride=v),
        "conv2d.dilation": lambda v: ops.conv2d(img, weight, dilation=v),
    }
    paddings = {"negative": -1, "list": [1, 1], "tuple1": (1,), "bool_in_tuple": (1, True), "float": 1.0,
                "over_half_kernel": 2, "tuple2": (1, 1)}
    cases = {f"{entry}.{label}": functools.partial(make, value)
             for entry, make in entries.items() for label, value in _WINDOW_VALUES.items()}
    cases.update({f"max_pool2d.padding.{label}": functools.partial(ops.max_pool2d, img, 3, 1, value)
                  for label, value in paddings.items()})
    return _each_case(cases, _raised)



def one_hot_tensor_values(ms):
    """ops.one_hot with on_value and off_value as Tensors (the form in MindSpore's docs), as scalars, and
    mixed: the result's dtype is the Tensors' (a scalar takes it); two Tensors of two dtypes are refused."""
    ops = ms.ops
    indices = ms.Tensor(np.array([0, 2, 1, 2], np.int32))
    matrix = ms.Tensor(np.array([[0, 1], [2, 0]], np.int64))
    cases = {
        "f32_tensors": lambda: ops.one_hot(indices, 3, ms.Tensor(1.0), ms.Tensor(0.0)),
        "int32_tensors": lambda: ops.one_hot(indices, 3, ms.Tensor(2, ms.int32), ms.Tensor(-1, ms.int32)),
        "tensor_and_scalar": lambda: ops.one_hot(indices, 3, ms.Tensor(1.0), 0.0),
        "one_element_tensors": lambda: ops.one_hot(indices, 3, _f32(ms, [5.0]), _f32(ms, [0.5])),
        "float_scalars": lambda: ops.one_hot(indices, 3, 1.0, 0.0),
        "axis0_matrix": lambda: ops.one_hot(matrix, 3, ms.Tensor(1.0), ms.Tensor(0.0), 0),
        "axis1_matrix": lambda: ops.one_hot(matrix, 3, ms.Tensor(1.0), ms.Tensor(0.0), 1),
        "two_dtypes": lambda: ops.one_hot(indices, 3, ms.Tensor(1.0), ms.Tensor(0, ms.int32)),
    }
    return _each_case(cases, _fate)


def tensor_repr(ms):
    """repr() and str() of Tensors and Parameters as MindSpore 2.10 prints them."""
    def printed(value, dtype=None):
        t = ms.Tensor(value, dtype) if dtype is not None else ms.Tensor(value)
        return {"repr": repr(t), "str": str(t)}

    return {
        "f32_scalar": printed(np.float32(1.5)),
        "f32_scalar_small": printed(np.float32(1e-5)),
        "f32_scalar_large": printed(np.float32(123456789.0)),
        "f32_scalar_negative_zero": printed(np.float32(-0.0)),
        "f32_scalar_nan": printed(np.float32(np.nan)),
        "f64_scalar_whole": printed(np.float64(2.0)),
        "f16_scalar": printed(np.float16(0.1)),
        "int_scalar": printed(np.int32(-7)),
        "bool_scalar": printed(np.bool_(True)),
        "f32_vector": printed(np.array([0.1, -2.5, np.nan, np.inf, -np.inf, 0.0, -0.0], np.float32)),
        "f64_vector": printed(np.array([0.1, 0.2], np.float64)),
        "f16_vector": printed(np.array([0.1, 0.2], np.float16)),
        "int_vector": printed(np.array([1, -20, 300], np.int32)),
        "uint8_vector": printed(np.array([1, 2], np.uint8)),
        "bool_matrix": printed(np.array([[True], [False]])),
        "f32_matrix": printed(np.arange(6, dtype=np.float32).reshape(2, 3)),
        "f32_cube": printed(np.ones((2, 2, 2), np.float32)),
        "long_vector": printed(np.arange(1001, dtype=np.int64)),
        "large_matrix": printed(np.arange(1600, dtype=np.float32).reshape(40, 40)),
        "large_cube": printed(np.arange(1200, dtype=np.int32).reshape(10, 10, 12)),
        "empty_vector": printed(np.zeros((0,), np.int32)),
        "empty_matrix": printed(np.zeros((0, 3), np.float32)),
        "python_list": printed([1.0, 2.0, 3.0]),
        "parameter": {"repr": repr(ms.Parameter(_f32(ms, [1.0, 2.0]), name="w"))},
    }


def max_pool_ties(ms):
    """The gradient of max pooling where windows hold tied maxima (a saturated or zero background): MindSpore
    routes each window's gradient to its first maximum in row-major order."""
    nn, ops = ms.nn, ms.ops

    def pooled_grad(pool, x):
        return _desc(ms.grad(lambda v: pool(v).sum())(x))

    ones = _f32(ms, np.ones((1, 1, 4, 4)))
    zeros = _f32(ms, np.zeros((1, 2, 4, 4)))
    partly = _f32(ms, [[[[1.0, 3.0, 3.0, 0.0], [3.0, 2.0, 0.0, 0.0], [5.0, 5.0, 1.0, 2.0], [5.0, 5.0, 2.0, 1.0]]]])
    return {
        "ones_2x2_stride2": pooled_grad(nn.MaxPool2d(2, 2), ones),
        "zeros_2x2_stride2": pooled_grad(nn.MaxPool2d(2, 2), zeros),
        "partly_tied_2x2_stride2": pooled_grad(nn.MaxPool2d(2, 2), partly),
        "ones_2x2_stride1": pooled_grad(nn.MaxPool2d(2, 1), ones),
        "partly_tied_3x3_stride1": pooled_grad(nn.MaxPool2d(3, 1), partly),
        "ones_3x3_stride2_pad1": pooled_grad(nn.MaxPool2d(3, 2, "pad", 1), ones),
        "ones_same": pooled_grad(nn.MaxPool2d(3, 2, "same"), ones),
        "ops_ones_2x2": pooled_grad(lambda v: ops.max_pool2d(v, 2, 2), ones),
        "ops_partly_tied_2x2_stride1": pooled_grad(lambda v: ops.max_pool2d(v, 2, 1), partly),
    }


def _value_and_grads(ms, fn, *inputs):
    """fn(*inputs) and the gradient of sum(fn(...) * uneven weights) in every float input: uneven, so that
    a rule which mixes up or averages elements cannot hide behind a plain sum's all-ones cotangent."""
    out = fn(*inputs)
    weights = _f32(ms, (np.arange(out.size, dtype=np.float32) + 1.0).reshape(out.shape))
    floats = tuple(i for i, t in enumerate(inputs) if str(t.dtype).startswith("Float"))
    grads = ms.grad(lambda *a: (fn(*a) * weights).sum(), grad_position=floats)(*inputs)
    return {"value": _desc(out), "grad": _desc(grads)}


_NAN, _INF = float("nan"), float("inf")


def _described_or_raised(call):
    """What ``call()`` returns (already described), or the name of what it raises."""
    try:
        return call()
    except Exception as e:  # noqa: BLE001  (the type is the golden)
        return type(e).__name__


def edge_conventions(ms):
    """Ties, kinks, NaN and singularities (issue 20): where every framework must make one choice, the
    value and the gradient MindSpore 2.10 gives."""
    ops = ms.ops
    f = functools.partial(_f32, ms)
    ties = f([[1.0, 3.0, 3.0], [2.0, 2.0, 2.0], [-1.0, 0.0, -1.0]])
    kinks = f([-2.0, -0.0, 0.0, 1.0])
    at_bounds = f([-1.0, -0.5, 0.0, 1.0, 2.0])
    with_nan = f([[1.0, _NAN, 3.0], [_NAN, -1.0, 0.0]])
    probabilities = f([0.0, 1.0, 0.5, 1.0])
    targets = f([0.0, 1.0, 1.0, 0.0])

    def vg(fn, *inputs):
        return lambda: _value_and_grads(ms, fn, *inputs)

    cases = {
        "abs_at_zero": vg(ops.abs, kinks),
        "norm1_at_zero": vg(lambda x: ops.norm(x, 1), kinks),
        "sign_at_zero": vg(ops.sign, kinks),
        "sqrt_at_zero": vg(ops.sqrt, f([0.0, 4.0])),
        "relu_at_zero": vg(ops.relu, f([-1.0, -0.0, 0.0, 2.0])),
        "relu_nan": vg(ops.relu, f([_NAN, 1.0])),
        "relu6_at_bounds": vg(ops.relu6, f([-1.0, 0.0, 3.0, 6.0, 7.0])),
        "leaky_relu_at_zero": vg(lambda x: ops.leaky_relu(x, 0.2), kinks),
        "clamp_at_bounds": vg(lambda x: ops.clamp(x, -1.0, 1.0), at_bounds),
        "clamp_tensor_bounds": vg(lambda x, lo, hi: ops.clamp(x, lo, hi), at_bounds, f(-1.0), f(1.0)),
        "clamp_nan": vg(lambda x: ops.clamp(x, -1.0, 1.0), f([_NAN, 0.5])),
        "clamp_min_only": vg(lambda x: ops.clamp(x, min=-1.0), f([_NAN, -1.0, -2.0, 0.5])),
        "clamp_max_only": vg(lambda x: ops.clamp(x, max=1.0), f([_NAN, 1.0, 2.0, 0.5])),
        "clamp_crossed_bounds": vg(lambda x: ops.clamp(x, 2.0, 1.0), f([0.0, 1.5, 3.0])),
        "relu6_nan": vg(ops.relu6, f([_NAN, 1.0])),
        "leaky_relu_nan": vg(lambda x: ops.leaky_relu(x, 0.2), f([_NAN, -1.0])),
        "maximum_nan": vg(ops.maximum, f([_NAN, 1.0, 2.0]), f([0.0, _NAN, 2.0])),
        "minimum_nan": vg(ops.minimum, f([_NAN, 1.0, 2.0]), f([0.0, _NAN, 2.0])),
        "max_axis_ties": vg(lambda x: ops.max(x, 1)[0], ties),
        "min_axis_ties": vg(lambda x: ops.min(x, 1)[0], ties),
        "max_axis_ties_indices": lambda: _desc(ops.max(ties, 1)[1]),
        "argmax_with_value_ties": vg(lambda x: ops.ArgMaxWithValue(axis=1)(x)[1], ties),
        "argmin_with_value_ties": vg(lambda x: ops.ArgMinWithValue(axis=1)(x)[1], ties),
        "amax_ties": vg(lambda x: ops.amax(x, 1), ties),
        "norm_inf_ties": vg(lambda x: ops.norm(x, _INF, 1), ties),
        "norm_neg_inf_ties": vg(lambda x: ops.norm(x, -_INF, 1), ties),
        "argmax_nan": lambda: _desc(ops.argmax(with_nan, 1)),
        "amax_nan": vg(lambda x: ops.amax(x, 1), with_nan),
        "max_axis_nan": vg(lambda x: ops.max(x, 1)[0], with_nan),
        "atan2_zero_zero": vg(ops.atan2, f([0.0, 1.0]), f([0.0, 1.0])),
        "pow_zero_exponent": vg(lambda x: ops.pow(x, 0.0), f([0.0, 2.0])),
        "pow_tensor_zero_zero": vg(ops.pow, f([0.0, 2.0]), f([0.0, 0.0])),
        "div_zero_zero": vg(ops.div, f([0.0, 1.0]), f([0.0, 2.0])),
        "norm2_zero_row": vg(lambda x: ops.norm(x, 2, 1), f([[0.0, 0.0], [3.0, 4.0]])),
        "bce_at_0_and_1": vg(lambda p: ops.binary_cross_entropy(p, targets), probabilities),
        "bce_weight": vg(lambda p, w: ops.binary_cross_entropy(p, targets, w), f([0.2, 0.6, 0.5, 0.9]),
                         f([1.0, 2.0, 0.5, 1.5])),
        "bce_logits_weights": vg(lambda x, w, pw: ops.binary_cross_entropy_with_logits(x, targets, w, pw),
                                 f([0.2, -0.6, 1.5, 0.0]), f([1.0, 2.0, 0.5, 1.5]), f([1.0, 3.0, 2.0, 0.5])),
        "one_hot_default_values": lambda: _desc(ops.one_hot(ms.Tensor(np.array([0, 2], np.int32)), 3)),
        "logsumexp_empty_axis": lambda: _desc(ops.logsumexp(f(np.zeros((2, 0))), 1)),
    }
    return _each_case(cases, _described_or_raised)


def sorting(ms):
    """sort, argsort and topk (issue 20): stable order at ties, the gradient back to each value's element,
    -0.0 equal to 0.0, infinities, int and half inputs, the primitive classes and Tensor methods, errors."""
    ops = ms.ops
    f = functools.partial(_f32, ms)
    ties = f([[3.0, 1.0, 3.0, 2.0, 1.0, 3.0], [0.0, -1.0, 0.0, 5.0, -1.0, 2.0]])
    distinct = f([[0.3, -1.2, 2.5, 0.7], [1.1, 0.0, -0.4, 3.3], [-2.0, 0.9, 1.6, -0.1]])
    signed_zeros = f([_INF, -_INF, 0.0, -0.0, 1.0, -0.0])
    with_nan = f([3.0, 1.0, 3.0, _NAN, -_INF, 1.0, 2.0])

    def vg(fn, *inputs):
        return lambda: _value_and_grads(ms, fn, *inputs)

    cases = {
        "sort_ties": vg(lambda x: ops.sort(x)[0], ties),
        "sort_ties_descending": vg(lambda x: ops.sort(x, descending=True)[0], ties),
        "sort_ties_indices": lambda: _desc(ops.sort(ties)),
        "sort_ties_descending_indices": lambda: _desc(ops.sort(ties, descending=True)),
        "sort_axis0": vg(lambda x: ops.sort(x, axis=0)[0], distinct),
        "sort_axis0_indices": lambda: _desc(ops.sort(distinct, 0, True)),
        "sort_signed_zeros_and_inf": lambda: _desc(ops.sort(signed_zeros)),
        "sort_signed_zeros_descending": lambda: _desc(ops.sort(signed_zeros, descending=True)),
        "sort_nan": lambda: _desc(ops.sort(with_nan)),
        "topk_nan": lambda: _desc(ops.topk(with_nan, 3)),
        "sort_int32": lambda: _desc(ops.sort(ms.Tensor(np.array([3, -1, 3, 2], np.int32)), descending=True)),
        "sort_float16": lambda: _desc(ops.sort(ms.Tensor(np.array([2.0, 1.0, 2.0], np.float16)))),
        "sort_empty": lambda: _desc(ops.sort(f(np.zeros((2, 0))))),
        "argsort_ties": lambda: _desc(ops.argsort(ties)),
        "argsort_ties_descending": lambda: _desc(ops.argsort(ties, axis=1, descending=True)),
        "argsort_axis0": lambda: _desc(ops.argsort(ties, axis=0)),
        "topk_largest": vg(lambda x: ops.topk(x, 2)[0], distinct),
        "topk_smallest": vg(lambda x: ops.topk(x, 3, largest=False)[0], distinct),
        "topk_dim0": vg(lambda x: ops.topk(x, 2, dim=0)[0], distinct),
        "topk_indices": lambda: _desc(ops.topk(distinct, 2, dim=0, largest=False)),
        "topk_ties_1d": lambda: _desc(ops.topk(f([1.0, 3.0, 3.0, 2.0]), 2)),
        "topk_ties_heap_order": vg(lambda x: ops.topk(x, 2)[0], ties),
        "Sort_class": lambda: _desc(ops.Sort(axis=0, descending=True)(distinct)),
        "TopK_class": lambda: _desc(ops.TopK()(distinct, 2)),
        "tensor_methods": lambda: _desc((distinct.sort(), distinct.argsort(), distinct.topk(1))),
        "sort_axis_out_of_range": lambda: _raised(lambda: ops.sort(distinct, axis=2)),
        "sort_0d": lambda: _raised(lambda: ops.sort(f(1.0))),
        "topk_0d": lambda: _raised(lambda: ops.topk(f(1.0), 1)),
        "topk_k_zero": lambda: _raised(lambda: ops.topk(distinct, 0)),
        "topk_k_too_large": lambda: _raised(lambda: ops.topk(distinct, 5)),
    }
    return _each_case(cases, _described_or_raised)


_SMALL_INTS = ("uint8", "uint16", "uint32", "uint64", "int8", "int16")


def small_and_unsigned_ints(ms):
    """UInt8 to UInt64, Int8 and Int16 (issue 21 item 9: MnistDataset yields UInt8 images and UInt32 labels): their
    names and printing, arithmetic wrapping around, reductions, comparisons, casts, indexing and joins, the
    Python scalars beside them, and the MNIST tutorial's ``pred.argmax(1) == label``."""
    ops = ms.ops
    cases = {}
    for name in _SMALL_INTS:
        info = np.iinfo(name)
        extreme = ms.Tensor(np.array([info.max, info.min, 7], name))
        small = ms.Tensor(np.array([100, 0, 7], name))
        two = ms.Tensor(np.array([2, 2, 2], name))
        ones = ms.Tensor(np.array([1, 1, 1], name))
        factors = ms.Tensor(np.array([2, 3, 7], name))
        cases.update({f"{name}.{case}": call for case, call in {
            "repr": lambda t=extreme: repr(t),
            "add_wraps": lambda t=extreme, o=ones: t + o,
            "sub_wraps": lambda t=extreme, o=ones: t - o,
            "mul_wraps": lambda t=extreme: t * t,
            "neg_wraps": lambda t=extreme: -t,
            "abs": lambda t=extreme: ops.abs(t),
            "floor_divide": lambda t=small, d=two: t // d,
            "remainder": lambda t=small, d=two: t % d,
            "pow": lambda t=small, d=two: ops.pow(t, d),
            "div": lambda t=small, d=two: t / d,
            "sum": lambda t=small: ops.sum(t),
            "sum_method": lambda t=extreme: t.sum(),
            "prod": lambda t=factors: ops.prod(t),
            "mean": lambda t=small: ops.mean(t),
            "cumsum": lambda t=extreme: ops.cumsum(t, 0),
            "max": lambda t=extreme: t.max(),
            "min": lambda t=extreme: t.min(),
            "argmax": lambda t=extreme: ops.argmax(t),
            "argmin": lambda t=extreme: ops.argmin(t),
            "max_axis": lambda t=extreme: ops.max(t.reshape(1, 3), 1),
            "maximum": lambda t=extreme, o=ones: ops.maximum(t, o),
            "less": lambda t=extreme, o=ones: t < o,
            "greater_equal": lambda t=extreme, o=ones: t >= o,
            "equal": lambda t=extreme, o=ones: t == o,
            "sort": lambda t=extreme: ops.sort(t),
            "matmul": lambda o=ones: ops.matmul(o.reshape(1, 3), o.reshape(3, 1)),
            "to_float32": lambda t=extreme: t.astype(ms.float32),
            "from_float32": lambda n=name: _f32(ms, [1.0, 7.9, 100.0]).astype(getattr(ms, n)),
            "slice": lambda t=extreme: t[1:],
            "reversed": lambda t=extreme: t[::-1],
            "gather_positions": lambda t=extreme: t[ms.Tensor(np.array([2, 0], np.int64))],
            "concat": lambda t=extreme, o=ones: ops.concat((t, o)),
            "where": lambda t=extreme, o=ones: ops.where(ms.Tensor(np.array([True, False, True])), t, o),
            "empty_sum": lambda n=name: ops.sum(ms.Tensor(np.zeros((0,), n))),
            "plus_bool": lambda t=extreme: t + True,
            "plus_int": lambda t=extreme: t + 3,
            "times_int": lambda t=extreme: t * 3,
            "equal_int": lambda t=extreme: t == 7,
            "less_int": lambda t=extreme: t < 7,
            "plus_float": lambda t=extreme: t + 2.5,
            "div_int": lambda t=small: t / 2,
        }.items()})
    logits = _f32(ms, [[0.1, 2.0, 0.3], [1.5, 0.2, 0.1], [0.0, 0.1, 3.0]])
    high = ms.Tensor(np.array([2 ** 63 + 5, 3, 2 ** 64 - 1], np.uint64))
    low = ms.Tensor(np.array([3, 2 ** 63 + 5, 4], np.uint64))
    cases.update({
        "argmax_equal_int32_labels": lambda: logits.argmax(1) == ms.Tensor(np.array([1, 2, 2], np.int32)),
        "argmax_equal_uint32_labels": lambda: logits.argmax(1) == ms.Tensor(np.array([1, 2, 2], np.uint32)),
        "correct_count_int32_labels": lambda: (logits.argmax(1) == ms.Tensor(np.array([1, 2, 2], np.int32)))
        .astype(ms.float32).sum(),
        "uint64_high_less": lambda: high < low,
        "uint64_high_max": lambda: high.max(),
        "uint64_high_argmax": lambda: ops.argmax(low),
        "uint64_high_maximum": lambda: ops.maximum(high, low),
        "uint32_sum_wraps": lambda: ops.sum(ms.Tensor(np.array([2 ** 32 - 1, 7], np.uint32))),
        "uint32_minus_true": lambda: ms.Tensor(np.array([5, 3], np.uint32)) - True,
        "uint32_item": lambda: ms.Tensor(np.array([2 ** 32 - 1], np.uint32)).item(),
        "uint16_from_list": lambda: ms.Tensor([1, 2], ms.uint16),
        "uint16_str": lambda: str(ms.Tensor(np.array([[1, 200]], np.uint16))),
        "uint32_zeros": lambda: ops.zeros((2,), ms.uint32),
        "uint32_ones": lambda: ops.ones((2,), ms.uint32),
        "uint32_arange": lambda: ops.arange(0, 3, dtype=ms.uint32),
        "uint32_full": lambda: ops.full((2,), 7, dtype=ms.uint32),
        "float32_to_uint32_wraps": lambda: _f32(ms, [-1.0, 3.7, 4294967296.0]).astype(ms.uint32),
        "float32_to_uint16_wraps": lambda: _f32(ms, [70000.0, 3.0]).astype(ms.uint16),
        "int64_to_uint32_wraps": lambda: ms.Tensor(np.array([-1, 2 ** 32 + 3], np.int64)).astype(ms.uint32),
        "uint32_to_int32_wraps": lambda: ms.Tensor(np.array([2 ** 32 - 1, 7], np.uint32)).astype(ms.int32),
        "uint64_to_float32": lambda: ms.Tensor(np.array([2 ** 64 - 1, 7], np.uint64)).astype(ms.float32),
        "uint8_plus_300_wraps": lambda: ms.Tensor(np.array([255, 0, 7], np.uint8)) + 300,
        "uint8_minus_300_wraps": lambda: ms.Tensor(np.array([255, 0, 7], np.uint8)) - 300,
        "int8_times_1000_wraps": lambda: ms.Tensor(np.array([100, 0, 7], np.int8)) * 1000,
        "int32_plus_2_40_wraps": lambda: ms.Tensor(np.array([1, 2], np.int32)) + 2 ** 40,
        "uint8_less_300": lambda: ms.Tensor(np.array([255, 0, 7], np.uint8)) < 300,
    })
    return _each_case(cases, _fate)


def primitive_classes(ms):
    """The primitive classes of the ranked list's top 300 as real code writes them (``P = ms.ops.operations``),
    their values and dtypes, and gradients where they are smooth; the functions beside them (clip_by_value,
    depend, partial, tuple_to_array, gather_nd, MultitypeFuncGraph with HyperMap)."""
    P, F, C, ops = ms.ops.operations, ms.ops.functional, ms.ops.composite, ms.ops
    x = _f32(ms, [[0.5, -1.5, 2.0], [3.0, -0.25, 1.25]])
    y = _f32(ms, [[1.5, 2.0, -0.5], [0.75, 4.0, -2.0]])
    pos = _f32(ms, [[0.5, 1.5, 2.0], [3.0, 0.25, 1.25]])
    ix = ms.Tensor(np.array([[0, 2, 1], [1, 1, 2]], np.int32))
    bools = ms.Tensor(np.array([[True, False, True], [False, False, True]]))
    out = {name: _desc(getattr(P, name)()(pos)) for name in (
        "Abs", "Cos", "Sin", "Exp", "Log", "Sqrt", "Rsqrt", "Square", "Reciprocal", "Floor", "Ceil", "Neg", "Erf",
        "ReLU", "Sigmoid", "Tanh", "ZerosLike", "OnesLike", "Identity", "Flatten")}
    out.update({name: _desc(getattr(P, name)()(x, y)) for name in (
        "Add", "Sub", "Mul", "Div", "RealDiv", "Maximum", "Minimum", "FloorDiv", "Equal", "NotEqual", "Greater",
        "GreaterEqual", "Less", "LessEqual")})
    out.update({
        "Pow": _desc(P.Pow()(pos, y)),
        "Pow_scalar": _desc(P.Pow()(x, 2.0)),
        "Add_int_scalar": _desc(P.Add()(ix, 2)),
        "Mul_mixed": _desc(P.Mul()(ix, x)),
        "LogicalAnd": _desc(P.LogicalAnd()(bools, P.Less()(x, y))),
        "LogicalOr": _desc(P.LogicalOr()(bools, P.Less()(x, y))),
        "LogicalNot": _desc(P.LogicalNot()(bools)),
        "Select": _desc(P.Select()(bools, x, y)),
        "Cast": _desc(P.Cast()(x, ms.int32)),
        "Cast_bool": _desc(P.Cast()(x, ms.bool_)),
        "ExpandDims": _desc(P.ExpandDims()(x, -1)),
        "Shape": _desc(P.Shape()(x)),
        "DType": str(P.DType()(ix)),
        "Tile": _desc(P.Tile()(x, (2, 1))),
        "Zeros": _desc(P.Zeros()((2, 3), ms.int32)),
        "Zeros_int_size": _desc(P.Zeros()(3, ms.float32)),
        "Ones": _desc(P.Ones()((2,), ms.float16)),
        "Fill": _desc(P.Fill()(ms.float32, (2, 2), 1.5)),
        "Fill_int": _desc(P.Fill()(ms.int32, (3,), 7)),
        "Squeeze": _desc(P.Squeeze(1)(_f32(ms, np.ones((2, 1, 3, 1))))),
        "Squeeze_all": _desc(P.Squeeze()(_f32(ms, np.ones((2, 1, 3, 1))))),
        "Squeeze_tuple": _desc(P.Squeeze((1, 3))(_f32(ms, np.ones((2, 1, 3, 1))))),
        "Stack": _desc(P.Stack(1)((x, y))),
        "Split": _desc(P.Split(1, 3)(x)),
        "Split_axis0": _desc(P.Split(0, 2)(x)),
        "OneHot": _desc(P.OneHot()(ms.Tensor(np.array([0, 2, 1], np.int32)), 3, _f32(ms, 1.0), _f32(ms, 0.0))),
        "OneHot_axis0": _desc(P.OneHot(0)(ms.Tensor(np.array([0, 2], np.int32)), 3, _f32(ms, 5.0), _f32(ms, -1.0))),
        "GatherNd": _desc(P.GatherNd()(x, ms.Tensor(np.array([[1, 2], [0, 0]], np.int32)))),
        "GatherNd_rows": _desc(P.GatherNd()(x, ms.Tensor(np.array([[1], [0]], np.int64)))),
        "BroadcastTo": _desc(P.BroadcastTo((2, 2, 3))(x)),
        "BroadcastTo_keep": _desc(P.BroadcastTo((-1, 3))(x)),
        "LogSoftmax": _desc(P.LogSoftmax(0)(x)),
        "SigmoidCrossEntropyWithLogits": _desc(P.SigmoidCrossEntropyWithLogits()(
            x, _f32(ms, [[1, 0, 1], [0, 0.5, 1]]))),
        "L2Normalize": _desc(P.L2Normalize()(x)),
        "L2Normalize_axis1": _desc(P.L2Normalize(1, 1e-2)(x)),
        "L2Normalize_tiny": _desc(P.L2Normalize(1)(_f32(ms, [[1e-3, 0.0], [0.0, 0.0]]))),
        "clip_by_value": _desc(ops.clip_by_value(x, -1.0, 1.0)),
        "clip_by_value_max_only": _desc(C.clip_by_value(x, None, 1.0)),
        "clip_by_value_list": _desc(ops.clip_by_value([x, y], _f32(ms, 0.0), _f32(ms, 1.0))),
        "depend": _desc(F.depend(x, y)),
        "tuple_to_array_int": _desc(F.tuple_to_array((1, 2, 3))),
        "tuple_to_array_float": _desc(F.tuple_to_array((1.0, 2.5))),
        "gather_nd": _desc(ops.gather_nd(x, ms.Tensor(np.array([[1, 0]], np.int32)))),
        "partial": _desc(F.partial(ops.add, x)(y)),
    })
    scale = C.MultitypeFuncGraph("scale")

    @scale.register("Number", "Tensor")
    def _scale_tensor(s, g):
        return g * s

    @scale.register("Tensor", "Tensor")
    def _scale_by_tensor(s, g):
        return g / s

    out["HyperMap_partial"] = _desc(C.HyperMap()(F.partial(scale, 2.0), (x, y)))
    out["HyperMap_two"] = _desc(C.HyperMap()(scale, (pos, pos), (x, y)))
    out["HyperMap_ops"] = _desc(C.HyperMap(scale)((_f32(ms, 2.0),), (x,)))
    img = _f32(ms, np.arange(24.0).reshape(1, 2, 3, 4) / 7.0)
    for name, options in (("", {}), ("_align_corners", {"align_corners": True}),
                          ("_half_pixel", {"half_pixel_centers": True})):
        out["ResizeNearestNeighbor" + name] = _desc(P.ResizeNearestNeighbor((5, 7), **options)(img))
    out["ResizeNearestNeighbor_down"] = _desc(P.ResizeNearestNeighbor((2, 3))(img))
    out["Tensor_resize"] = {"larger": _desc(x.resize(3, 3)), "smaller": _desc(x.resize((4,))),
                            "same": _desc(ix.resize(3, 2))}
    out["grads"] = {
        "ResizeNearestNeighbor": _value_and_grads(ms, lambda v: P.ResizeNearestNeighbor((5, 3))(v), img),
        "Tensor_resize": _value_and_grads(ms, lambda v: v.resize(2, 4), x),
        "L2Normalize": _value_and_grads(ms, lambda v: P.L2Normalize(1)(v), x),
        "SigmoidCrossEntropyWithLogits": _value_and_grads(
            ms, lambda a, b: P.SigmoidCrossEntropyWithLogits()(a, b), x, _f32(ms, [[1, 0, 1], [0, 0.5, 1]])),
        "GatherNd": _value_and_grads(ms, lambda v: P.GatherNd()(v, ms.Tensor(np.array([[1, 2], [1, 2]], np.int32))), x),
        "Split": _value_and_grads(ms, lambda v: P.Split(1, 3)(v)[1], x),
        "Pow": _value_and_grads(ms, lambda a, b: P.Pow()(a, b), pos, y),
        "clip_by_value": _value_and_grads(ms, lambda v: ops.clip_by_value(v, -1.0, 1.0), x),
    }
    return out


def primitive_class_errors(ms):
    """The exception type of misuses of the primitive classes and functions of the top 300 (each case in a
    process of its own when recorded)."""
    P, ops = ms.ops.operations, ms.ops
    x = _f32(ms, np.arange(6.0).reshape(2, 3))
    labels = ms.Tensor(np.array([0, 1], np.int32))
    cases = {
        "Cast_numpy_dtype": lambda: P.Cast()(x, np.int32),
        "ExpandDims_axis": lambda: P.ExpandDims()(x, 4),
        "Tile_negative": lambda: P.Tile()(x, (-1, 1)),
        "Add_shapes": lambda: P.Add()(x, _f32(ms, [1.0, 2.0])),
        "Add_list": lambda: P.Add()([1.0], [2.0]),
        "Sqrt_list": lambda: P.Sqrt()([4.0]),
        "OneHot_axis_float": lambda: P.OneHot(1.5),
        "OneHot_negative_depth": lambda: P.OneHot()(labels, -1, _f32(ms, 1.0), _f32(ms, 0.0)),
        "Zeros_numpy_dtype": lambda: P.Zeros()((2,), np.float32),
        "Zeros_negative": lambda: P.Zeros()((-1, 2), ms.float32),
        "Squeeze_axis_float": lambda: P.Squeeze(1.0),
        "Squeeze_not_one": lambda: P.Squeeze(0)(x),
        "Split_not_divisible": lambda: P.Split(1, 2)(x),
        "Split_output_num_zero": lambda: P.Split(0, 0),
        "Split_axis_float": lambda: P.Split(0.5, 2),
        "Fill_numpy_dtype": lambda: P.Fill()(np.float32, (2,), 1.0),
        "Stack_shapes": lambda: P.Stack()((x, _f32(ms, np.zeros((2, 2))))),
        "Stack_axis_float": lambda: P.Stack(0.5),
        "GatherNd_float_indices": lambda: P.GatherNd()(x, _f32(ms, [[0.0, 1.0]])),
        "BroadcastTo_incompatible": lambda: P.BroadcastTo((4, 3))(x),
        "BroadcastTo_not_tuple": lambda: P.BroadcastTo(3),
        "L2Normalize_epsilon_int": lambda: P.L2Normalize(0, 1),
        "L2Normalize_axis_float": lambda: P.L2Normalize(0.5),
        "Select_shapes": lambda: P.Select()(ms.Tensor(np.array([True, False])), x, x),
        "tuple_to_array_list": lambda: ops.tuple_to_array([1, 2]),
        "clip_by_value_list_of_numbers": lambda: ops.clip_by_value(1.0, 0.0, 0.5),
        "ResizeNearestNeighbor_3d": lambda: P.ResizeNearestNeighbor((2, 2))(x),
        "ResizeNearestNeighbor_size_int": lambda: P.ResizeNearestNeighbor(3),
        "ResizeNearestNeighbor_both_modes": lambda: P.ResizeNearestNeighbor((2, 2), True, True)(
            _f32(ms, np.zeros((1, 1, 2, 2)))),
        "Tensor_resize_negative": lambda: x.resize(-1, 2),
        "GatherD_float_index": lambda: P.GatherD()(x, 1, x),
        "Unstack_axis_float": lambda: P.Unstack(0.5),
        "Argmax_output_float": lambda: P.Argmax(-1, ms.float32),
        "AddN_shapes": lambda: P.AddN()((x, _f32(ms, [1.0]))),
        "AddN_tensor": lambda: P.AddN()(x),
        "Slice_out_of_range": lambda: P.Slice()(x, (1, 1), (2, 2)),
        "Slice_rank": lambda: P.Slice()(x, (0,), (1,)),
        "Eye_negative": lambda: P.Eye()(-1, 2, ms.float32),
        "clip_by_global_norm_tensor": lambda: ops.clip_by_global_norm(x, 1.0),
        "clip_by_global_norm_use_norm": lambda: ops.clip_by_global_norm((x,), 1.0, _f32(ms, 4.0)),
        "mutable_str": lambda: ms.mutable("a"),
        "fill_numpy_dtype": lambda: ops.fill(np.float32, (2,), 1.0),
        "StridedSlice_zero_stride": lambda: P.StridedSlice()(x, (0, 0), (1, 1), (1, 0)),
        "StridedSlice_mask_float": lambda: P.StridedSlice(0.5),
        "BiasAdd_channels": lambda: P.BiasAdd()(_f32(ms, np.zeros((1, 2, 2))), _f32(ms, [1.0, 2.0, 3.0])),
        "BiasAdd_format": lambda: P.BiasAdd("NWC")(x, _f32(ms, [1.0, 2.0])),
        "SoftmaxCrossEntropyWithLogits_shapes": lambda: P.SoftmaxCrossEntropyWithLogits()(x, _f32(ms, [1.0, 0.0])),
        "Conv2D_weight_shape": lambda: P.Conv2D(3, 3)(_f32(ms, np.zeros((1, 2, 5, 5))),
                                                      _f32(ms, np.zeros((2, 2, 3, 3)))),
        "Conv2D_pad_mode": lambda: P.Conv2D(2, 3, pad_mode="full"),
        "MaxPool_pad_mode": lambda: P.MaxPool(2, 2, "pad")(_f32(ms, np.zeros((1, 1, 4, 4)))),
        "MaxPool_3d": lambda: P.MaxPool(2, 2)(x),
        "AvgPool_kernel_zero": lambda: P.AvgPool(0, 1)(_f32(ms, np.zeros((1, 1, 4, 4)))),
        "meshgrid_dtypes": lambda: ops.meshgrid(x[0], ms.Tensor(np.arange(2, dtype=np.int32))),
        "meshgrid_2d": lambda: ops.meshgrid(x, x),
        "DepthToSpace_channels": lambda: P.DepthToSpace(2)(_f32(ms, np.zeros((1, 6, 2, 2)))),
        "DepthToSpace_block_one": lambda: P.DepthToSpace(1),
        "MaxPool_4tuple": lambda: P.MaxPool((1, 1, 2, 3), (1, 1, 1, 2), "same")(_f32(ms, np.zeros((1, 1, 4, 4)))),
    }
    return _each_case(cases, _raised)


def numpy_namespace(ms):
    """``mindspore.numpy``'s functions that real code calls (the ranked list's rows): values and dtypes, with
    Python numbers and lists as inputs, and a gradient through them; then the errors of a few misuses."""
    mnp = ms.numpy
    x = _f32(ms, [[0.5, -1.5, 2.0], [3.0, -0.25, 1.25]])
    ints = ms.Tensor(np.array([[1, 2, 3], [4, 5, 6]], np.int32))
    out = {
        "float32": str(mnp.float32), "int32": str(mnp.int32),
        "arange_int": _desc(mnp.arange(5)), "arange_start_stop": _desc(mnp.arange(2, 7, 2)),
        "arange_float": _desc(mnp.arange(1.0, 3.0, 0.5)), "arange_dtype": _desc(mnp.arange(3, dtype=mnp.float32)),
        "tile": _desc(mnp.tile(x, (2, 1))), "tile_int": _desc(mnp.tile(ints, 2)),
        "sum": _desc(mnp.sum(x)), "sum_axis_keep": _desc(mnp.sum(x, 1, keepdims=True)), "sum_int": _desc(mnp.sum(ints)),
        "sum_initial": _desc(mnp.sum(x, 0, initial=1.0)),
        "mean": _desc(mnp.mean(x)), "mean_axis": _desc(mnp.mean(x, 0)), "mean_int": _desc(mnp.mean(ints, 1)),
        "where": _desc(mnp.where(x > 0, x, ints)), "where_scalars": _desc(mnp.where(x > 0, x, 0.0)),
        "ones": _desc(mnp.ones((2, 3))), "ones_int": _desc(mnp.ones(3, mnp.int32)), "zeros": _desc(mnp.zeros((2,))),
        "full_int": _desc(mnp.full((2,), 3)), "full_float": _desc(mnp.full((2, 2), 1.5)),
        "full_bool": _desc(mnp.full(3, True)), "full_dtype": _desc(mnp.full((2,), 3, mnp.float16)),
        "ones_like": _desc(mnp.ones_like(ints)), "ones_like_dtype": _desc(mnp.ones_like(x, mnp.int32)),
        "zeros_like_shape": _desc(mnp.zeros_like(x, shape=(3,))),
        "linspace": _desc(mnp.linspace(0, 1, 5)), "linspace_no_end": _desc(mnp.linspace(0.0, 2.0, 4, endpoint=False)),
        "linspace_retstep": _desc(mnp.linspace(1, 2, 3, retstep=True)),
        "concatenate": _desc(mnp.concatenate((x, x))), "concatenate_axis1": _desc(mnp.concatenate([x, x], 1)),
        "concatenate_none": _desc(mnp.concatenate((x, ints), None)),
        "stack": _desc(mnp.stack((x, x), 1)),
        "square": _desc(mnp.square(x)),"ceil": _desc(mnp.ceil(x)),
        "log": _desc(mnp.log(_f32(ms, [0.5, 1.0, 4.0]))), "log_dtype": _desc(mnp.log(_f32(ms, [2.0]), mnp.float16)),
        "maximum": _desc(mnp.maximum(x, _f32(ms, [0.0, 1.0, 3.0]))), "minimum_scalar": _desc(mnp.minimum(x, 1.0)),
        "cumsum": _desc(mnp.cumsum(x)), "cumsum_axis": _desc(mnp.cumsum(ints, 1)),
        "cumsum_int": _desc(mnp.cumsum(ints)),
        "flip": _desc(mnp.flip(x)), "flip_axis": _desc(mnp.flip(x, 1)), "flip_tuple": _desc(mnp.flip(x, (0, 1))),
        "split_sections": _desc(mnp.split(mnp.arange(6), 3)), "split_indices": _desc(mnp.split(mnp.arange(6), [1, 4])),
        "split_axis1": _desc(mnp.split(x, [2], 1)),
        "grad": _value_and_grads(ms, lambda v: mnp.cumsum(mnp.square(mnp.tile(v, (1, 2))), 1) + mnp.sum(v), x),
    }
    errors = {
        "split_not_equal": lambda: mnp.split(mnp.arange(6), 4),
        "tile_negative": lambda: mnp.tile(x, (-1, 1)),
        "concatenate_shapes": lambda: mnp.concatenate((x, _f32(ms, [1.0])), 0),
    }
    lists = {  # array-likes where a Tensor is expected: taken or refused, function by function
        "tile_list": lambda: mnp.tile([1, 2], 2), "square_list": lambda: mnp.square([1, 2]),
        "zeros_like_list": lambda: mnp.zeros_like([1.0, 2.0]), "stack_lists": lambda: mnp.stack([[1, 2], [3, 4]]),
        "sum_list": lambda: mnp.sum([1, 2]), "maximum_scalars": lambda: mnp.maximum(1.0, 2.0),
        "concatenate_lists": lambda: mnp.concatenate(([1], [2])), "where_list": lambda: mnp.where([True, False], 1, 2),
    }
    out["errors"] = {name: _raised(call) for name, call in errors.items()}
    out["lists"] = {name: _fate(call) for name, call in lists.items()}
    return out


def primitive_classes_next(ms):
    """Primitive classes and functions ranked just past the top 300 (GatherD, Unstack, Argmax, AddN, Slice, Eye,
    Assign, clip_by_global_norm, Map, fill, identity, ...): values, dtypes, gradients."""
    P, F, C, ops = ms.ops.operations, ms.ops.functional, ms.ops.composite, ms.ops
    x = _f32(ms, [[0.5, -1.5, 2.0], [3.0, -0.25, 1.25]])
    y = _f32(ms, [[1.5, 2.0, -0.5], [0.75, 4.0, -2.0]])
    x3 = _f32(ms, np.arange(24.0).reshape(2, 3, 4) / 5.0)
    idx = ms.Tensor(np.array([[2, 0], [1, 1]], np.int32))
    out = {
        "GatherD": _desc(P.GatherD()(x, 1, idx)),
        "GatherD_axis0": _desc(P.GatherD()(x, 0, ms.Tensor(np.array([[1, 0, 1]], np.int64)))),
        "Unstack": _desc(P.Unstack()(x)), "Unstack_axis": _desc(P.Unstack(-1)(x3)),
        "unstack": _desc(ops.unstack(x, 1)),
        "Argmax": _desc(P.Argmax()(x)), "Argmax_axis0_int64": _desc(P.Argmax(0, ms.int64)(x)),
        "AddN": _desc(P.AddN()((x, y, x))), "AddN_list": _desc(P.AddN()([x])),
        "Slice": _desc(P.Slice()(x3, (1, 0, 1), (1, -1, 2))), "Slice_lists": _desc(P.Slice()(x, [0, 1], [2, 2])),
        "Eye": _desc(P.Eye()(2, 3, ms.int32)), "Eye_float": _desc(P.Eye()(3, 3, ms.float32)),
        "Sign": _desc(P.Sign()(_f32(ms, [-2.0, 0.0, 3.0]))), "Softplus": _desc(P.Softplus()(x)),
        "fill": _desc(ops.fill(ms.float32, (2, 3), 0.5)), "fill_int": _desc(ops.fill(ms.int32, (2,), 4)),
        "identity": _desc(F.identity(x)),
        "clip_by_global_norm": _desc(C.clip_by_global_norm((x, y), 2.0)),
        "clip_by_global_norm_within": _desc(ops.clip_by_global_norm([x, y], 100.0)),
        "Map": _desc(C.Map()(ops.add, (x, y), (y, y))),
        "constexpr": ops.constexpr(lambda n: n * 2)(3),
        "mutable": _desc(ms.mutable(x)), "dtype_to_nptype": str(ms.common.dtype.dtype_to_nptype(ms.float16)),
    }
    negate = C.MultitypeFuncGraph("negate")

    @negate.register("Tensor")
    def _negate(t):
        return -t

    out["Map_ops"] = _desc(C.Map(negate)([x, y]))
    for name, value in (("Assign", [3.0, 4.0]), ("AssignAdd", [0.5, 0.5])):  # (asnumpy may share the memory)
        p = ms.Parameter(_f32(ms, [1.0, 2.0]), name="p")
        getattr(P, name)()(p, _f32(ms, value))
        out[name] = _desc(p)
    img = _f32(ms, np.sin(np.arange(50.0)).reshape(1, 2, 5, 5))
    kernel = _f32(ms, np.cos(np.arange(36.0)).reshape(2, 2, 3, 3))
    out.update({
        "StridedSlice": _desc(P.StridedSlice()(x3, (0, 1, 0), (2, 3, 4), (1, 1, 2))),
        "StridedSlice_masks": _desc(P.StridedSlice(1, 0, 0, 0, 2)(x3, (1, 2, 0), (2, 3, -1), (1, 1, -1))),
        "StridedSlice_new_axis": _desc(P.StridedSlice(0, 4, 0, 2, 0)(x3, (0, 0, 1), (1, 1, 3), (1, 1, 1))),
        "StridedSlice_ellipsis": _desc(P.StridedSlice(0, 0, 1, 0, 0)(x3, (0, 1), (1, 3), (1, 1))),
        "BiasAdd": _desc(P.BiasAdd()(x3, _f32(ms, [1.0, 2.0, 3.0]))),
        "BiasAdd_NHWC": _desc(P.BiasAdd("NHWC")(x3, _f32(ms, [1.0, 2.0, 3.0, 4.0]))),
        "SoftmaxCrossEntropyWithLogits": _desc(P.SoftmaxCrossEntropyWithLogits()(
            x, _f32(ms, [[0, 1, 0], [0.5, 0, 0.5]]))),
        "Conv2D": _desc(P.Conv2D(2, 3)(img, kernel)),
        "Conv2D_same_stride": _desc(P.Conv2D(2, 3, pad_mode="same", stride=2)(img, kernel)),
        "Conv2D_pad": _desc(P.Conv2D(2, (3, 3), pad_mode="pad", pad=(1, 0, 2, 1))(img, kernel)),
        "MaxPool": _desc(P.MaxPool(2, 2)(img)), "MaxPool_same": _desc(P.MaxPool(3, 2, "SAME")(img)),
        "AvgPool": _desc(P.AvgPool(2, 2)(img)), "AvgPool_same": _desc(P.AvgPool(3, 2, "same")(img)),
        "meshgrid": _desc(ops.meshgrid(x[0], y[1, :2])), "meshgrid_ij": _desc(ops.meshgrid(x[0], y[1], indexing="ij")),
        "meshgrid_three": _desc(ops.meshgrid(x[0], y[1, :2], x[1, :1])),
        "Meshgrid": _desc(P.Meshgrid("ij")((x[0], y[0, :2]))),
        "BinaryCrossEntropy": _desc(P.BinaryCrossEntropy()(_f32(ms, [0.2, 0.7, 0.9]), _f32(ms, [0.0, 1.0, 0.5]))),
        "BinaryCrossEntropy_none": _desc(P.BinaryCrossEntropy("none")(_f32(ms, [0.2, 0.7]), _f32(ms, [1.0, 0.0]),
                                                                      _f32(ms, [2.0, 0.5]))),
        "DepthToSpace": _desc(P.DepthToSpace(2)(_f32(ms, np.arange(32.0).reshape(1, 8, 2, 2)))),
    })
    out["grads"] = {
        "StridedSlice": _value_and_grads(
            ms, lambda v: P.StridedSlice(1, 0, 0, 0, 0)(v, (1, 1, 0), (2, 3, 4), (1, 1, 2)), x3),
        "BiasAdd": _value_and_grads(ms, lambda a, b: P.BiasAdd()(a, b), x3, _f32(ms, [1.0, 2.0, 3.0])),
        "Conv2D": _value_and_grads(ms, lambda a, w: P.Conv2D(2, 3, pad_mode="same")(a, w), img[:, :, :3, :3], kernel),
        "MaxPool": _value_and_grads(ms, lambda v: P.MaxPool(3, 2, "same")(v), img),
        "AvgPool": _value_and_grads(ms, lambda v: P.AvgPool(3, 2, "same")(v), img),
        "GatherD": _value_and_grads(ms, lambda v: P.GatherD()(v, 1, idx), x),
        "Unstack": _value_and_grads(ms, lambda v: P.Unstack(1)(v)[2], x3),
        "AddN": _value_and_grads(ms, lambda a, b: P.AddN()((a, b, a)), x, y),
        "Slice": _value_and_grads(ms, lambda v: P.Slice()(v, (0, 1, 1), (2, 2, 3)), x3),
        "clip_by_global_norm": _value_and_grads(ms, lambda a, b: ops.clip_by_global_norm((a, b), 2.0)[1], x, y),
    }
    return out


def elementwise_and_statistics(ms):
    """Issue 24's elementwise maths and statistics (helper A): values, dtypes and the gradients of an unevenly
    weighted sum, through ops functions and Tensor methods, away from the edges (tests/test_edge_goldens.py)."""
    ops = ms.ops
    f = functools.partial(_f32, ms)
    x = f([[-1.75, -0.6, 0.3, 0.85], [1.2, -0.2, 0.45, -0.95]])
    y = f([[0.5, -1.25, 2.0, 0.7], [-0.4, 1.5, 0.9, 1.1]])
    unit = f([[-0.9, -0.35, 0.2, 0.6], [0.75, -0.1, 0.45, 0.95]])
    pos = f([[0.3, 1.5, 2.25, 4.0], [0.75, 1.1, 3.5, 0.6]])
    big = f([[1.5, 2.0, 3.25, 7.0], [1.1, 4.5, 10.0, 1.3]])
    ties = f([[1.0, 3.0, 3.0, 2.0], [2.0, 2.0, 1.0, 0.0], [4.0, 0.0, 1.0, 1.0]])
    m3 = f(np.array([[0.5, -1.0, 2.0, 1.5], [3.0, 0.25, -2.5, 1.0], [-0.75, 1.25, 0.0, 2.5]]))
    nan = f([[1.0, _NAN, 3.0, -2.0], [_NAN, 0.5, 1.5, 4.0]])
    divisor = f([[0.35, 1.55, 2.3, 4.05], [0.8, 1.15, 3.55, 0.7]])  # no quotient near a whole number
    vg = functools.partial(_value_and_grads, ms)
    out = {
        "asin": vg(ops.asin, unit), "arcsin": vg(ops.arcsin, unit), "acos": vg(ops.acos, unit),
        "arccos_method": vg(lambda t: t.arccos(), unit), "atanh": vg(ops.atanh, unit),
        "acosh": vg(ops.acosh, big), "arccosh_method": vg(lambda t: t.arccosh(), big), "asinh": vg(ops.asinh, x),
        "asinh_method": vg(lambda t: t.arcsinh(), y), "sinh": vg(ops.sinh, x), "cosh": vg(ops.cosh, x),
        "sinc": vg(ops.sinc, x), "deg2rad": vg(ops.deg2rad, y), "rad2deg": vg(ops.rad2deg, y),
        "erfc": vg(ops.erfc, x), "erfc_method": vg(lambda t: t.erfc(), y), "exp2": vg(ops.exp2, x),
        "log2": vg(ops.log2, pos), "log10": vg(ops.log10, pos), "log2_method": vg(lambda t: t.log2(), big),
        "logaddexp": vg(ops.logaddexp, x, y), "logaddexp2": vg(ops.logaddexp2, x, y),
        "logaddexp_method": vg(lambda a, b: a.logaddexp(b), y, x), "hypot": vg(ops.hypot, x, y),
        "lerp": vg(ops.lerp, x, y, f([[0.25, 0.5, 0.75, 1.0], [0.0, 0.1, 0.6, 0.9]])),
        "lerp_float": vg(lambda a, b: ops.lerp(a, b, 0.3), x, y), "frac": vg(ops.frac, big),
        "trunc": _desc(ops.trunc(f([-1.5, -0.5, 0.5, 1.5, 2.7, -2.7]))),
        "round": _desc(ops.round(f([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 0.49, -0.7]))),
        "round_method": _desc(f([0.5, 1.5, -3.5, 2.25]).round()),
        "xlogy": vg(ops.xlogy, x, pos), "xdivy": vg(ops.xdivy, x, y), "copysign": vg(ops.copysign, x, y),
        "heaviside": _desc(ops.heaviside(f([-1.0, 0.0, 2.0, 0.0]), f([0.5, 0.25, 0.5, 3.0]))),
        "fmax": vg(ops.fmax, x, y), "fmax_nan": _desc(ops.fmax(nan, x)),
        "float_power": _desc(ops.float_power(pos, y)), "truncate_div": _desc(ops.truncate_div(x, y)),
        "truncate_mod": vg(ops.truncate_mod, big, divisor), "floormod": vg(ops.floormod, big, divisor),
        "floor_div": _desc(ops.floor_div(x, y)), "floordiv": _desc(ops.floordiv(big, divisor)),
        "nan_to_num": vg(ops.nan_to_num, f([_NAN, _INF, -_INF, 1.5])),
        "nan_to_num_values": vg(lambda t: ops.nan_to_num(t, 1.0, 9.0, -9.0), f([_NAN, _INF, -_INF, 1.5])),
        "signbit": _desc(ops.signbit(f([-1.0, 0.0, 2.0, -3.0]))), "isneginf": _desc(ops.isneginf(f([-_INF, _INF, 1.0]))),
        "isposinf": _desc(ops.isposinf(f([-_INF, _INF, 1.0]))), "isreal": _desc(ops.isreal(x)),
        "is_floating_point": [ops.is_floating_point(x), ops.is_floating_point(ms.Tensor(np.array([1], np.int32)))],
        "is_complex": ops.is_complex(x), "positive": vg(ops.positive, x), "multiply": vg(ops.multiply, x, y),
        "subtract": vg(lambda a, b: ops.subtract(a, b, alpha=2), x, y), "sgn": _desc(ops.sgn(y)),
        "logit": vg(ops.logit, f([0.25, 0.5, 0.75, 0.9])), "logit_eps": vg(lambda t: ops.logit(t, 0.2),
                                                                          f([0.05, 0.5, 0.7, 0.95])),
        "ldexp": vg(ops.ldexp, x, f([[1.0, 2.0, -1.0, 0.0], [3.0, 0.0, 1.0, -2.0]])),
        "inv": vg(ops.inv, y), "addcdiv": vg(lambda a, b, c: ops.addcdiv(a, b, c, f(0.5)), x, y, pos),
        "addcmul": vg(lambda a, b, c: ops.addcmul(a, b, c, f(2.0)), x, y, pos),
        "tensor_aliases": [_desc(ops.tensor_add(x, y)), _desc(ops.tensor_sub(x, y)), _desc(ops.tensor_mul(x, y)),
                           _desc(ops.tensor_div(x, y)), _desc(ops.tensor_pow(pos, y)), _desc(ops.tensor_exp(x)),
                           _desc(ops.tensor_expm1(x)), _desc(ops.tensor_ge(x, y)), _desc(ops.tensor_gt(x, y)),
                           _desc(ops.tensor_le(x, y)), _desc(ops.tensor_lt(x, y)), _desc(ops.tensor_mod(big, divisor)),
                           _desc(ops.tensor_floordiv(big, divisor))],
        "methods": [_desc(x.sinh()), _desc(x.cosh()), _desc(y.deg2rad()), _desc(x.hypot(y)), _desc(x.trunc()),
                    _desc(x.frac()), _desc(x.xlogy(pos)), _desc(x.xdivy(y)), _desc(x.copysign(y)), _desc(x.fmax(y)),
                    _desc(x.multiply(y)), _desc(x.subtract(y)), _desc(x.negative()), _desc(x.positive()),
                    _desc(y.sgn()), _desc(y.signbit()), _desc(x.isclose(y)), _desc(x.is_floating_point()),
                    _desc(x.is_signed()), _desc(x.eq(y)), _desc(x.ne(y)), _desc(x.ge(y)), _desc(x.gt(y)),
                    _desc(x.le(y)), _desc(x.lt(y)), _desc(x.greater(y)), _desc(x.less_equal(y)),
                    _desc(x.not_equal(y)), _desc(x.logit()), _desc(pos.log10()), _desc(x.true_divide(y)),
                    _desc(x.divide(y)), _desc(x.remainder(y)), _desc(x.fmod(y)), _desc(x.floor_divide(y)),
                    _desc(x.inv()), _desc(x.ldexp(y)), _desc(x.lerp(y, 0.5)), _desc(x.addcmul(y, pos, 0.5)),
                    _desc(x.logical_and(y)), _desc(x.logical_not()), _desc(x.atan2(y)), _desc(x.arctan()),
                    _desc(x.tan()), _desc(x.absolute()), _desc(x.expm1()), _desc(x.erf())],
        "reduce_sum": vg(lambda t: ops.reduce_sum(t, 1), m3), "reduce_sum_all": vg(ops.reduce_sum, m3),
        "reduce_mean": vg(lambda t: ops.reduce_mean(t, (0, 1)), m3), "reduce_max_ties": vg(lambda t: ops.reduce_max(t, 1), ties),
        "reduce_min": vg(ops.reduce_min, ties),
        "std": vg(lambda t: ops.std(t, 1), ties), "std_ddof": vg(lambda t: ops.std(t, 1, ddof=1, keepdims=True), m3),
        "std_all": vg(ops.std, m3), "var": vg(lambda t: ops.var(t, 0), m3), "var_ddof": vg(lambda t: ops.var(t, (0, 1), 1), m3),
        "var_mean": _desc(ops.var_mean(m3, 0)), "std_mean": _desc(ops.std_mean(m3, 1, 1, True)),
        "nansum": vg(lambda t: ops.nansum(t, 1), nan), "nansum_all": vg(ops.nansum, nan),
        "nanmean": vg(lambda t: ops.nanmean(t, 1), nan), "nansum_method": _desc(nan.nansum(0)),
        "nanmean_method": _desc(nan.nanmean()),
        "median": vg(lambda t: ops.median(t, 1)[0], ties), "median_indices": _desc(ops.median(ties, 1)),
        "median_axis0": _desc(ops.median(m3, 0, True)), "median_nan": _desc(ops.median(nan)),
        "median_method": _desc(m3.median()),
        "count_nonzero": _desc(ops.count_nonzero(ties, 1)), "count_nonzero_all": _desc(ops.count_nonzero(ties)),
        "count_nonzero_method": _desc(ties.count_nonzero()),
        "aminmax": _desc(ops.aminmax(m3, axis=1)), "aminmax_keepdims": _desc(ops.aminmax(m3, axis=0, keepdims=True)),
        "aminmax_nan": _desc(ops.aminmax(nan, axis=1)), "aminmax_min_grad": vg(lambda t: ops.aminmax(t, axis=1)[0], ties),
        "aminmax_max_grad": vg(lambda t: ops.aminmax(t, axis=1)[1], ties),
        "aminmax_method": _desc(m3.aminmax(axis=1)),
        "cummax": _desc(ops.cummax(ties, 1)), "cummin": _desc(ops.cummin(ties, 0)), "cummax_nan": _desc(ops.cummax(nan, 1)),
        "cummin_method": _desc(m3.cummin(1)), "cummax_method": _desc(m3.cummax(0)),
        "logcumsumexp": vg(lambda t: ops.logcumsumexp(t, 1), m3), "logcumsumexp_axis0": vg(lambda t: ops.logcumsumexp(t, 0), m3),
        "logcumsumexp_method": _desc(m3.logcumsumexp(1)),
        "diff": vg(ops.diff, m3), "diff_axis0": vg(lambda t: ops.diff(t, 1, 0), m3),
        "diff_append": vg(lambda t, a: ops.diff(t, 1, -1, None, a), m3, f([[1.0], [2.0], [3.0]])),
        "diff_method": _desc(m3.diff()),
        "std_method": _desc(m3.std()), "var_method": _desc(m3.var()),
        "histc": _desc(ops.histc(ties, 4, 0.0, 4.0)), "histc_data_range": _desc(ops.histc(ties, 3)),
        "histc_method": _desc(m3.histc(5, -1.0, 2.0)),
        "bincount": _desc(ops.bincount(ms.Tensor(np.array([0, 2, 2, 5], np.int32)))),
        "bincount_weights": _desc(ops.bincount(ms.Tensor(np.array([0, 2, 2, 5], np.int32)), f([1.0, 0.5, 0.5, 2.0]), 7)),
        "bincount_method": _desc(ms.Tensor(np.array([3, 1, 1], np.int64)).bincount()),
        "real": _desc(ops.real(x)), "imag": _desc(ops.imag(x)), "conj": _desc(ops.conj(x)),  # (MindSpore's slope is complex)
        "complex_methods": [_desc(x.real()), _desc(x.imag()), _desc(x.conj())],
        "approximate_equal": _desc(ops.approximate_equal(x, y, 0.6)),
        "approximate_equal_method": _desc(x.approximate_equal(y, 1.0)),
        "is_nonzero": [ops.is_nonzero(f([2.0])), ops.is_nonzero(f([[0.0]]))],
        "nanmedian": vg(lambda t: ops.nanmedian(t, 1)[0], nan), "nanmedian_indices": _desc(ops.nanmedian(nan, 1)),
        "nanmedian_method": _desc(m3.nanmedian(0, True)),
        "trapz": vg(ops.trapz, m3), "trapz_points": vg(lambda a, b: ops.trapz(a, b), x, y),
        "trapz_dx": vg(lambda t: ops.trapz(t, dx=0.5, dim=0), m3),
        "cov": vg(ops.cov, m3), "cov_correction0": vg(lambda t: ops.cov(t, correction=0), x),
        "cov_weights": vg(lambda t, w: ops.cov(t, fweights=ms.Tensor(np.array([1, 2, 1, 3], np.int32)), aweights=w),
                          m3, f([0.5, 1.0, 2.0, 1.5])),
        "cov_1d": _desc(ops.cov(f([1.0, 2.5, -0.5, 3.0]))), "cov_method": _desc(x.cov()),
        "i0": vg(ops.i0, f([[-5.0, -3.75, -1.2, 0.0], [0.4, 2.5, 3.9, 8.0]])), "bessel_i0": vg(ops.bessel_i0, x),
        "bessel_i0e": vg(ops.bessel_i0e, f([[-12.0, -3.0, 0.0, 0.5], [1.5, 3.75, 6.0, 30.0]])),
        "bessel_i1": vg(ops.bessel_i1, f([[-5.0, -3.75, -1.2, 0.25], [0.4, 2.5, 3.9, 8.0]])),  # (0: edge goldens)
        "bessel_i1e": vg(ops.bessel_i1e, f([[-12.0, -3.0, 0.0, 0.5], [1.5, 3.75, 6.0, 30.0]])),
        "i0_method": _desc(y.i0()),
        "lgamma": vg(ops.lgamma, f([[-2.5, -0.7, 0.3, 0.5], [1.0, 2.0, 4.5, 30.0]])),
        "digamma": vg(ops.digamma, f([[-2.5, -0.7, 0.3, 0.5], [1.0, 2.0, 4.5, 30.0]])),
        "lgamma_poles": _desc(ops.lgamma(f([0.0, -1.0, -2.0, _INF, -_INF]))),
        "digamma_poles": _desc(ops.digamma(f([0.0, -1.0, -2.0, _INF]))),
        "mvlgamma": vg(lambda t: ops.mvlgamma(t, 3), f([[1.2, 1.5, 2.0, 3.5], [5.0, 1.01, 2.5, 8.0]])),
        "gamma_methods": [_desc(pos.lgamma()), _desc(pos.digamma())],
    }
    return out


def nn_functions(ms):
    """Issue 24 (helper C): the activations, losses and padding of ops as functions (ops.elu, ops.l1_loss,
    ops.pad, ...) and ops.Pad: values, dtypes and gradients away from the kinks. soft_margin_loss,
    triplet_margin_loss and multilabel_margin_loss have no CPU kernel in MindSpore 2.10 (tests/test_nn_functions.py
    holds them to torch's)."""
    ops = ms.ops
    f = functools.partial(_f32, ms)
    x = f([-3.5, -2.0, -0.7, 0.3, 1.2, 2.8, 4.0])
    m = f([[0.5, -1.2, 2.0, 0.3], [-0.4, 1.5, -2.2, 0.9], [1.1, -0.6, 0.2, -1.7]])
    n = f([[0.2, 0.4, -1.0, 1.3], [0.1, -0.8, 0.6, -0.3], [-1.4, 0.7, 1.9, 0.05]])
    k = f([[1.0, 0.3, -0.6, 2.0], [0.9, -1.1, 0.4, 0.2], [0.3, 0.3, -0.5, 1.2]])
    probs = f([[0.1, 0.2, 0.3, 0.4], [0.25, 0.25, 0.4, 0.1], [0.7, 0.1, 0.1, 0.1]])
    signs = f([[1.0, -1.0, 1.0, -1.0], [-1.0, -1.0, 1.0, 1.0], [1.0, 1.0, -1.0, 1.0]])
    cube = f(np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 7.0 - 1.5)

    def vg(fn, *inputs):
        return _value_and_grads(ms, fn, *inputs)

    out = {name: vg(fn, x) for name, fn in [
        ("elu", ops.elu), ("celu", lambda t: ops.celu(t, 2.0)), 
        ("hardshrink", ops.hardshrink), ("hardshrink_lambd", lambda t: ops.hardshrink(t, 1.5)),
        ("softshrink", ops.softshrink), ("soft_shrink", lambda t: ops.soft_shrink(t, 1.0)),
        ("hardsigmoid", ops.hardsigmoid), ("hardswish", ops.hardswish), ("hardtanh", ops.hardtanh),
        ("hardtanh_bounds", lambda t: ops.hardtanh(t, -0.5, 2.0)),
        ("logsigmoid", ops.logsigmoid), ("softsign", ops.softsign),
        ("threshold", lambda t: ops.threshold(t, 0.5, -1.0)), ("fast_gelu", ops.fast_gelu),
        ("softmin", ops.softmin)]}
    out.update({
        "glu": vg(ops.glu, m), "glu_axis0": vg(lambda t: ops.glu(t, 0), f(np.arange(8, dtype=np.float32).reshape(4, 2)
                                                                          / 3.0 - 1.0)),
        "softmin_axis0": vg(lambda t: ops.softmin(t, 0), m),
        "prelu": vg(ops.prelu, cube, f([0.1, 0.2, 0.3])), "prelu_one": vg(ops.prelu, m, f([0.25])),
        "rrelu_positive": _desc(ops.rrelu(f([0.5, 1.0, 2.0]))),
        # selu's gradient below 0 and mish's and tanhshrink's above 2 are off in MindSpore 2.10 (README)
        "selu_value": _desc(ops.selu(x)), "mish_value": _desc(ops.mish(x)), "tanhshrink_value": _desc(ops.tanhshrink(x)),
        "selu_positive": vg(ops.selu, f([0.3, 1.2, 2.8])), "mish": vg(ops.mish, f([-1.5, -0.7, 0.3, 1.2])),
        "tanhshrink": vg(ops.tanhshrink, f([-1.5, -0.7, 0.3, 1.2])),
        "hardtanh_crossed": vg(lambda t: ops.hardtanh(t, 1.0, -1.0), x),
        "l1_loss": vg(ops.l1_loss, m, n), "l1_loss_none": vg(lambda a, b: ops.l1_loss(a, b, "none"), m, n),
        "mse_loss": vg(ops.mse_loss, m, n), "mse_loss_sum": vg(lambda a, b: ops.mse_loss(a, b, "sum"), m, n),
        "smooth_l1_loss": vg(ops.smooth_l1_loss, m, n),
        "smooth_l1_loss_beta": vg(lambda a, b: ops.smooth_l1_loss(a, b, 0.5, "mean"), m, n),
        "huber_loss": vg(ops.huber_loss, m, n), "huber_loss_delta": vg(lambda a, b: ops.huber_loss(a, b, "sum", 0.5),
                                                                      m, n),
        "kl_div": vg(ops.kl_div, m, probs), "kl_div_sum": vg(lambda a, b: ops.kl_div(a, b, "sum"), m, probs),
        "kl_div_none": vg(lambda a, b: ops.kl_div(a, b, "none"), m, probs),
        "margin_ranking_loss": vg(lambda a, b: ops.margin_ranking_loss(a, b, signs, 0.1), m, n),
        "hinge_embedding_loss": vg(lambda a: ops.hinge_embedding_loss(a, signs), m),
        "hinge_embedding_loss_sum": vg(lambda a: ops.hinge_embedding_loss(a, signs, 0.5, "sum"), m),
        "cosine_embedding_loss": vg(lambda a, b: ops.cosine_embedding_loss(a, b, f([1.0, -1.0, -1.0]), 0.1), m, n),
        "multi_margin_loss": vg(lambda a: ops.multi_margin_loss(a, ms.Tensor(np.array([0, 2, 3], np.int64))), m),
        "multi_margin_loss_p2_weight": vg(lambda a: ops.multi_margin_loss(
            a, ms.Tensor(np.array([1, 2, 0], np.int64)), 2, 2, f([1.0, 2.0, 0.5, 1.5]), "sum"), m),
        "multilabel_soft_margin_loss": vg(lambda a: ops.multilabel_soft_margin_loss(a, probs), m),
        "multilabel_soft_margin_loss_weight": vg(lambda a: ops.multilabel_soft_margin_loss(
            a, probs, f([1.0, 2.0, 0.5, 1.5]), "none"), m),
        "gaussian_nll_loss": vg(lambda a, b, v: ops.gaussian_nll_loss(a, b, v), m, n, ops.abs(k) + 0.1),
        "gaussian_nll_loss_full_row_var": vg(lambda a, b, v: ops.gaussian_nll_loss(a, b, v, True, 1e-6, "none"),
                                             m, n, f([0.5, 1.5, 2.0])),
        "pad_constant": vg(lambda t: ops.pad(t, (1, 2)), cube),
        "pad_crop": vg(lambda t: ops.pad(t, (-1, 2, 1, 0)), cube),
        "pad_value": vg(lambda t: ops.pad(t, [2, 1], "constant", 1.5), cube),
        "pad_three_pairs": vg(lambda t: ops.pad(t, (1, 0, 0, 1, 1, 1)), cube),
        "pad_reflect": vg(lambda t: ops.pad(t, (1, 2, 2, 1), "reflect"), cube),
        "pad_replicate": vg(lambda t: ops.pad(t, (2, 1, 0, 3), "replicate"), cube),
        "pad_circular": vg(lambda t: ops.pad(t, (1, 3, 2, 0), "circular"), cube),
        "pad_replicate_crop": vg(lambda t: ops.pad(t, (-1, 2), "replicate"), cube),
        "pad_int_value": _desc(ops.pad(ms.Tensor(np.arange(4, dtype=np.int32).reshape(1, 4)), (1, 1), value=2.5)),
        "Pad": vg(lambda t: ops.Pad(((0, 0), (1, 2), (2, 1)))(t), cube),
        "Pad_2d": vg(lambda t: ops.Pad(((1, 0), (0, 2)))(t), m),
        "group_norm": vg(lambda t: ops.group_norm(t, 1), cube),
        "group_norm_affine": vg(lambda t, w, b: ops.group_norm(t, 3, w, b, 1e-3), cube, k[0, :3], n[1, :3]),
        "bias_add": vg(ops.bias_add, cube, f([0.5, -1.0, 2.0])),
        "pixel_shuffle": vg(lambda t: ops.pixel_shuffle(t, 2), f(np.arange(32, dtype=np.float32).reshape(2, 4, 2, 2))),
        "pixel_unshuffle": vg(lambda t: ops.pixel_unshuffle(t, 2), f(np.arange(32, dtype=np.float32).reshape(2, 1, 4, 4))),
        # MindSpore 2.10's ChannelShuffle has no gradient ("bprop not defined"); unigrad's is the inverse shuffle
        "channel_shuffle": _desc(ops.channel_shuffle(f(np.arange(24, dtype=np.float32).reshape(1, 6, 2, 2)), 2)),
        "dropout1d_eval": vg(lambda t: ops.dropout1d(t, 0.5, False), cube),
        "dropout2d_all": vg(lambda t: ops.dropout2d(t, 1.0, True), ops.expand_dims(cube, 0)),
        "dropout3d_none": vg(lambda t: ops.dropout3d(t, 0.0, True), ops.expand_dims(ops.expand_dims(cube, 0), 0)),
        "adaptive_avg_pool1d": vg(lambda t: ops.adaptive_avg_pool1d(t, 2), cube),
        "adaptive_max_pool1d": vg(lambda t: ops.adaptive_max_pool1d(t, 2), cube),
        "adaptive_avg_pool2d": vg(lambda t: ops.adaptive_avg_pool2d(t, (2, 3)), ops.expand_dims(cube, 0)),
        "adaptive_avg_pool2d_keep_h": vg(lambda t: ops.adaptive_avg_pool2d(t, (None, 3)), cube),
        "adaptive_max_pool2d": vg(lambda t: ops.adaptive_max_pool2d(t, (2, 3)), ops.expand_dims(cube, 0)),
        "adaptive_max_pool2d_indices": _desc(ops.adaptive_max_pool2d(cube, 2, True)),
        "conv1d_groups": vg(lambda a, w: ops.conv1d(a, w, groups=2), f(np.arange(40).reshape(2, 4, 5) / 10.0 - 2.0),
                            f(np.linspace(-1, 1, 36).reshape(6, 2, 3))),
        "conv1d_pad": vg(lambda a, w, b: ops.conv1d(a, w, b, 2, "pad", 1, 1), cube, f(np.linspace(-1, 1, 18).reshape(2, 3, 3)),
                         f([0.5, -0.5])),
        "interpolate_nearest": vg(lambda t: ops.interpolate(t, (5, 7)), ops.expand_dims(cube, 0)),
        "interpolate_bilinear": vg(lambda t: ops.interpolate(t, (5, 3), mode="bilinear"), ops.expand_dims(cube, 0)),
        "interpolate_bilinear_corners": vg(lambda t: ops.interpolate(t, (4, 6), None, "bilinear", True),
                                           ops.expand_dims(cube, 0)),
        "interpolate_linear": vg(lambda t: ops.interpolate(t, 7, mode="linear"), cube),
        "interpolate_trilinear_scale": vg(lambda t: ops.interpolate(t, scale_factor=2.0, mode="trilinear"),
                                          ops.expand_dims(ops.expand_dims(cube, 0), 0)),
        "interpolate_recompute_scale": vg(lambda t: ops.interpolate(t, scale_factor=1.5, mode="bilinear",
                                                                    recompute_scale_factor=True), ops.expand_dims(cube, 0)),
        "upsample_nearest": vg(lambda t: ops.upsample(t, (4, 8)), ops.expand_dims(cube, 0)),
        "conv1d_same": vg(lambda a, w: ops.conv1d(a, w, None, 1, "same", 0, 2), cube,
                          f(np.linspace(-1, 1, 12).reshape(2, 3, 2))),
    })
    return out


def nn_function_errors(ms):
    """Issue 24 (helper C): the error type MindSpore 2.10 raises for misused activations, losses and padding."""
    ops = ms.ops
    f = functools.partial(_f32, ms)
    x = f([[0.5, -1.2, 2.0], [0.3, -0.4, 1.5]])
    labels = ms.Tensor(np.array([0, 2], np.int64))
    cases = {
        "pad_odd_length": lambda: ops.pad(x, (1, 2, 3)),
        "pad_bad_mode": lambda: ops.pad(x, (1, 1), "foo"),
        "pad_reflect_value": lambda: ops.pad(x, (1, 1), "reflect", 2.0),
        "pad_reflect_too_wide": lambda: ops.pad(ms.ops.expand_dims(x, 0), (3, 3), "reflect"),
        "pad_float_padding": lambda: ops.pad(x, (1.5, 1)),
        "pad_not_tensor": lambda: ops.pad([1.0, 2.0], (1, 1)),
        "Pad_negative": lambda: ops.Pad(((0, 0), (-1, 1)))(x),
        "Pad_wrong_rank": lambda: ops.Pad(((0, 0),))(x),
        "Pad_not_tuple": lambda: ops.Pad([[0, 0], [1, 1]])(x),
        "softshrink_negative": lambda: ops.softshrink(x, -0.5),
        "celu_zero_alpha": lambda: ops.celu(x, 0.0),
        "glu_odd_axis": lambda: ops.glu(x),
        "prelu_weight_size": lambda: ops.prelu(x, f([0.1, 0.2])),
        "elu_not_tensor": lambda: ops.elu([1.0, -1.0]),
        "l1_loss_bad_reduction": lambda: ops.l1_loss(x, x, "max"),
        "mse_loss_bad_reduction": lambda: ops.mse_loss(x, x, "avg"),
        "kl_div_bad_reduction": lambda: ops.kl_div(x, x, "max"),
        "smooth_l1_loss_zero_beta": lambda: ops.smooth_l1_loss(x, x, 0.0),
        "huber_loss_zero_delta": lambda: ops.huber_loss(x, x, "mean", 0.0),
        "margin_ranking_int_margin": lambda: ops.margin_ranking_loss(x, x, x, 1),
        "cosine_embedding_margin": lambda: ops.cosine_embedding_loss(x, x, f([1.0, -1.0]), 2.0),
        "multi_margin_p3": lambda: ops.multi_margin_loss(x, labels, 3),
        "multi_margin_float_target": lambda: ops.multi_margin_loss(x, f([0.0, 2.0])),
        "multi_margin_float_margin": lambda: ops.multi_margin_loss(x, labels, 1, 0.5),
        "gaussian_nll_zero_eps": lambda: ops.gaussian_nll_loss(x, x, x, False, 0.0),
        "group_norm_groups": lambda: ops.group_norm(ms.ops.expand_dims(x, 2), 3),
        "bias_add_size": lambda: ops.bias_add(x, f([1.0, 2.0])),
        "pixel_shuffle_channels": lambda: ops.pixel_shuffle(f(np.zeros((1, 3, 2, 2))), 2),
        "pixel_unshuffle_size": lambda: ops.pixel_unshuffle(f(np.zeros((1, 1, 3, 3))), 2),
        "channel_shuffle_channels": lambda: ops.channel_shuffle(f(np.zeros((1, 5, 2, 2))), 2),
        "channel_shuffle_rank": lambda: ops.channel_shuffle(f(np.zeros((2, 6))), 3),
        "dropout1d_rank": lambda: ops.dropout1d(f(np.zeros((1, 2, 3, 4))), 0.5),
        "dropout2d_rank": lambda: ops.dropout2d(x, 0.5),
        "dropout2d_p": lambda: ops.dropout2d(f(np.zeros((1, 2, 3, 4))), 1.5),
        "interpolate_size_and_scale": lambda: ops.interpolate(ms.ops.expand_dims(x, 0), (2, 2), 2.0),
        "interpolate_neither": lambda: ops.interpolate(ms.ops.expand_dims(x, 0)),
        "interpolate_scale_4d": lambda: ops.interpolate(ms.ops.expand_dims(ms.ops.expand_dims(x, 0), 0), None, 2.0),
        "interpolate_corners_nearest": lambda: ops.interpolate(ms.ops.expand_dims(ms.ops.expand_dims(x, 0), 0),
                                                               (3, 3), None, "nearest", True),
        "interpolate_bad_mode": lambda: ops.interpolate(ms.ops.expand_dims(ms.ops.expand_dims(x, 0), 0), (3, 3), None,
                                                        "cubic"),
        "interpolate_linear_4d": lambda: ops.interpolate(ms.ops.expand_dims(ms.ops.expand_dims(x, 0), 0), (3, 3), None,
                                                         "linear"),
        "adaptive_avg_pool1d_divisible": lambda: ops.adaptive_avg_pool1d(f(np.zeros((1, 2, 7))), 3),
        "adaptive_avg_pool1d_rank": lambda: ops.adaptive_avg_pool1d(x, 3),
        "adaptive_avg_pool2d_rank": lambda: ops.adaptive_avg_pool2d(x, 2),
    }
    return _each_case(cases, _raised)


# -- issue 24 (helper B): shapes, indexing, scatter, linear algebra, creation and random draws ----------
def _b_inputs(ms):
    f = functools.partial(_f32, ms)
    return (f(np.arange(12.0).reshape(3, 4) / 4.0 - 1.0), f(np.arange(24.0).reshape(2, 3, 4) / 8.0 - 1.5),
            f([[2.0, 0.5, -0.3], [0.4, 1.5, 0.2], [-0.1, 0.3, 1.8]]), lambda v, dt=np.int32: ms.Tensor(np.array(v, dt)))


def shape_index_linalg_ops(ms):
    """Issue 24's shape, indexing, scatter, linear-algebra and creation functions (one MindSpore process per
    case): values, dtypes and the gradients of an uneven weighted sum."""
    ops = ms.ops
    x, x3, m, ints = _b_inputs(ms)
    f = functools.partial(_f32, ms)
    vg = functools.partial(_value_and_grads, ms)
    v = f([0.5, -1.0, 2.0])
    cases = {
        "ravel": lambda: vg(ops.ravel, x3), "t": lambda: vg(ops.t, x),
        "atleast_2d": lambda: _desc(ops.atleast_2d([v, f(3.0)])), "atleast_3d": lambda: _desc(ops.atleast_3d(x)),
        "hstack": lambda: vg(lambda a, b: ops.hstack([a, b]), x, x[:, :1]),
        "vstack": lambda: vg(lambda a, b: ops.vstack([a, b]), v, m), "row_stack": lambda: _desc(ops.row_stack([v, v])),
        "dstack": lambda: _desc(ops.dstack([v, v])), "column_stack": lambda: vg(lambda a: ops.column_stack([a, m]), v),
        "tensor_split_int": lambda: _desc(ops.tensor_split(f(np.arange(7.0)), 3)),
        "tensor_split_indices": lambda: _desc(ops.tensor_split(x, [1, 3], 1)),
        "hsplit": lambda: _desc(ops.hsplit(x, 2)), "hsplit_uneven": lambda: _desc(ops.hsplit(x, 3)),
        "vsplit": lambda: _desc(ops.vsplit(x3, 2)), "dsplit": lambda: _desc(ops.dsplit(x3, [1, 2])),
        "unbind": lambda: _desc(ops.unbind(x, 1)), "movedim": lambda: vg(lambda a: ops.movedim(a, (0, 1), (2, 0)), x3),
        "moveaxis": lambda: _desc(ops.moveaxis(x3, -1, 0)), "narrow": lambda: vg(lambda a: ops.narrow(a, 1, 1, 2), x),
        "expand": lambda: vg(lambda a: ops.expand(a, ints([2, -1, 4])), x[:, :1]),
        "expand_as": lambda: _desc(ops.expand_as(v[:1], x)), "view_as": lambda: _desc(ops.view_as(x, x3[0].T)),
        "size": lambda: _desc(ops.size(x3)), "rank": lambda: _desc(ops.rank(x3)),
        "reverse": lambda: vg(lambda a: ops.reverse(a, [0, 2]), x3), "fliplr": lambda: _desc(ops.fliplr(x)),
        "flipud": lambda: _desc(ops.flipud(x)), "rot90": lambda: vg(lambda a: ops.rot90(a, 1, (0, 1)), x),
        "rot90_k3": lambda: _desc(ops.rot90(x3, 3, (2, 0))), "rot90_k2": lambda: _desc(ops.rot90(x, -2, (0, 1))),
        "tril": lambda: vg(lambda a: ops.tril(a, -1), x), "triu": lambda: vg(lambda a: ops.triu(a, 1), x3),
        "triu_int": lambda: _desc(ops.triu(ints([[1, 2], [3, 4]]))),
        "diagonal": lambda: vg(lambda a: ops.diagonal(a, 1), x), "diagonal_dims": lambda: _desc(ops.diagonal(x3, -1, 2, 0)),
        "diag": lambda: vg(ops.diag, v), "diag_matrix": lambda: _desc(ops.diag(x[:2, :2])),
        "diagflat": lambda: vg(lambda a: ops.diagflat(a, 1), x[:2, :2]),
        "diag_embed": lambda: vg(lambda a: ops.diag_embed(a, -1, 0, 2), x[:2]),
        "trace": lambda: vg(ops.trace, x), "trace_int": lambda: _desc(ops.trace(ints([[1, 2], [3, 4]]))),
        "triu_indices": lambda: _desc(ops.triu_indices(3, 4, 1)),
        "tril_indices": lambda: _desc(ops.tril_indices(4, 3, -1, dtype=ms.int32)),
        "masked_fill": lambda: vg(lambda a: ops.masked_fill(a, ms.Tensor(np.array([True, False, False, True])), 0.5), x),
        "masked_fill_int": lambda: _desc(ops.masked_fill(ints([[1, 2], [3, 4]]), ms.Tensor(np.array([True, False])), -1)),
        "masked_select": lambda: vg(lambda a: ops.masked_select(a, a > 0.2), x),
        "index_add": lambda: vg(lambda a, b: ops.index_add(a, ints([3, 0, 3]), b, 1), x, f(np.ones((3, 3)))),
        "index_fill": lambda: vg(lambda a: ops.index_fill(a, 1, ints([0, 2]), -1.0), x),
        "index_fill_tensor_value": lambda: _desc(ops.index_fill(x, 0, ints([-1]), f(7.0))),
        "scatter": lambda: vg(lambda a, s: ops.scatter(a, 1, ints([[3, 0], [1, 2]], np.int64), s), x, f([[5.0, 6.0], [7.0, 8.0]])),
        "scatter_negative": lambda: _desc(ops.scatter(x, 1, ints([[-1]], np.int64), f([[5.0]]))),
        "scatter_add": lambda: vg(lambda a, u: ops.scatter_add(a, ints([2, 0, 2]), u), x, f(np.arange(12.0).reshape(3, 4))),
        "scatter_nd": lambda: vg(lambda u: ops.scatter_nd(ints([[0, 1], [2, 2], [0, 1]]), u, (3, 4)), v),
        "tensor_scatter_update": lambda: vg(lambda a, u: ops.tensor_scatter_update(a, ints([[2], [0]]), u), x, f(np.ones((2, 4)))),
        "tensor_scatter_update_repeated": lambda: _desc(ops.tensor_scatter_update(x, ints([[1, 1], [1, 1]]), f([3.0, 4.0]))),
        "tensor_scatter_add": lambda: vg(lambda a, u: ops.tensor_scatter_add(a, ints([[1, 1], [1, 1]]), u), x, f([3.0, 4.0])),
        "tensor_scatter_sub": lambda: vg(lambda a, u: ops.tensor_scatter_sub(a, ints([[0], [2]]), u), x, f(np.ones((2, 4)))),
        "tensor_scatter_mul": lambda: vg(lambda a, u: ops.tensor_scatter_mul(a, ints([[1, 1], [1, 1], [0, 2]]), u), x, v),
        "tensor_scatter_div": lambda: vg(lambda a, u: ops.tensor_scatter_div(a, ints([[0, 3], [2, 1]]), u), x, f([2.0, -4.0])),
        "tensor_scatter_max": lambda: vg(lambda a, u: ops.tensor_scatter_max(a, ints([[0, 1], [2, 3], [1, 0]]), u), x, v),
        "tensor_scatter_min": lambda: vg(lambda a, u: ops.tensor_scatter_min(a, ints([[0, 1], [2, 3], [1, 0]]), u), x, v),
        "tensor_scatter_elements": lambda: vg(lambda a, u: ops.tensor_scatter_elements(a, ints([[3, 0], [1, 2]]), u, 1), x,
                                              f([[5.0, 6.0], [7.0, 8.0]])),
        "tensor_scatter_elements_add": lambda: vg(lambda a, u: ops.tensor_scatter_elements(a, ints([[2, 0, 2, 2]]), u, 0, "add"),
                                                  x, f([[5.0, 6.0, 7.0, 8.0]])),
        "select_scatter": lambda: vg(lambda a, s: ops.select_scatter(a, s, 1, 0), x, v),
        "slice_scatter": lambda: vg(lambda a, s: ops.slice_scatter(a, s, 1, 0, 4, 2), x, f(np.ones((3, 2)))),
        "diagonal_scatter": lambda: vg(lambda a, s: ops.diagonal_scatter(a, s, 1), x, v),
        "sequence_mask": lambda: _desc(ops.sequence_mask(ints([[1, 3], [0, 2]]), 4)),
        "sequence_mask_default": lambda: _desc(ops.sequence_mask(ints([1, 3]))),
        "argwhere": lambda: _desc(ops.argwhere(x > 0.2)), "nonzero": lambda: _desc(ops.nonzero(ints([0, 2, 0, 3]))),
        "repeat_interleave": lambda: vg(lambda a: ops.repeat_interleave(a, 2, 1), x),
        "repeat_interleave_flat": lambda: _desc(ops.repeat_interleave(m, 2)),
        "repeat_interleave_counts": lambda: vg(lambda a: ops.repeat_interleave(a, ints([1, 2, 0]), 0), x),
        "reverse_sequence": lambda: vg(lambda a: ops.reverse_sequence(a, ints([2, 4, 0]), 1), x),
        "strided_slice": lambda: vg(lambda a: ops.strided_slice(a, (0, 1, 0), (2, 3, 4), (1, 1, 2)), x3),
        "gather_d": lambda: vg(lambda a: ops.gather_d(a, 1, ints([[0, 0], [1, 2], [3, 3]])), x),
        "searchsorted": lambda: _desc(ops.searchsorted(f([1.0, 2.0, 3.0]), f([2.0, 2.5]))),
        "searchsorted_int": lambda: _desc(ops.searchsorted(ints([1, 2, 3]), ints([2]))),
        "unique": lambda: _desc(ops.unique(ints([3, 1, 3, 2]))), "unique_float": lambda: _desc(ops.unique(f([3.0, 1.0, 3.0]))),
        "unique_consecutive": lambda: _desc(ops.unique_consecutive(ints([3, 3, 1, 1, 3]))),
        "unique_consecutive_all": lambda: _desc(ops.unique_consecutive(ints([3, 3, 1, 1, 3]), True, True)),
        "unique_consecutive_dim": lambda: _desc(ops.unique_consecutive(ints([[1, 1], [1, 1], [2, 3]]), False, True, 0)),
        "mm": lambda: vg(ops.mm, x, x.T), "mv": lambda: vg(ops.mv, x, f([1.0, -2.0, 0.5, 3.0])),
        "dot": lambda: vg(ops.dot, x[:2, :3], m), "inner": lambda: vg(ops.inner, x, x[:2]),
        "inner_scalar": lambda: _desc(ops.inner(f(2.0), v)), "outer": lambda: vg(ops.outer, v, f([1.0, -1.0])),
        "ger": lambda: _desc(ops.ger(v, v)), "cross": lambda: vg(ops.cross, m, x[:, :3]),
        "kron": lambda: vg(ops.kron, m[:2, :2], x[:2]),
        "addmm": lambda: vg(lambda a, b, c: ops.addmm(a, b, c, beta=2, alpha=0.5), x[:, :3], m, m),
        "addmv": lambda: vg(lambda a, b, c: ops.addmv(a, b, c, beta=0.5), v, m, v),
        "addr": lambda: vg(lambda a, b, c: ops.addr(a, b, c, alpha=2), m, v, v),
        "addbmm": lambda: vg(lambda a, b, c: ops.addbmm(a, b, c), x[:2, :2], x3[:, :2, :3], x3[:, :3, :2]),
        "baddbmm": lambda: vg(lambda a, b, c: ops.baddbmm(a, b, c, 2, 1), x3[:, :2, :2], x3[:, :2, :3], x3[:, :3, :2]),
        "batch_dot": lambda: vg(ops.batch_dot, x3, x3.swapaxes(1, 2)),
        "batch_dot_axes": lambda: _desc(ops.batch_dot(x, x, 1)),
        "tensor_dot": lambda: vg(lambda a, b: ops.tensor_dot(a, b, ((1, 2), (0, 1))), x3, x),
        "tensor_dot_int": lambda: _desc(ops.tensor_dot(x, m, 0).shape),
        "det": lambda: vg(ops.det, m), "matrix_determinant": lambda: _desc(ops.matrix_determinant(x3[:, :2, :2])),
        "slogdet": lambda: _desc(ops.slogdet(f([[1.0, 2.0], [3.0, 4.0]]))), "logdet": lambda: vg(ops.logdet, m),
        "logdet_negative": lambda: _desc(ops.logdet(f([[1.0, 2.0], [3.0, 4.0]]))),
        "inverse": lambda: vg(ops.inverse, m),
        "matrix_power": lambda: vg(lambda a: ops.matrix_power(a, 3), m),
        "matrix_power_negative": lambda: _desc(ops.matrix_power(f([[1.0, 2.0], [3.0, 4.0]]), -2)),
        "matrix_power_int0": lambda: _desc(ops.matrix_power(ints([[1, 2], [3, 4]]), 0)),
        "cdist": lambda: vg(ops.cdist, x[:, :2], m[:2, :2]), "cdist_p1": lambda: _desc(ops.cdist(x, x[:2], 1.0)),
        "dist": lambda: vg(ops.dist, x, x * 0.5), "dist_p1": lambda: _desc(ops.dist(x, x * 0.5, 1)),
        "cosine_similarity": lambda: vg(ops.cosine_similarity, x, x[::-1]),
        "vander": lambda: vg(lambda a: ops.vander(a, 4), v), "vander_int": lambda: _desc(ops.vander(ints([1, 2, 3]))),
        "logspace": lambda: _desc(ops.logspace(0.0, 3.0, 4, 2)),
        "logspace_float64": lambda: _desc(ops.logspace(0.0, 2.0, 3, dtype=ms.float64)),
        "hann_window": lambda: _desc(ops.hann_window(5)),
        "hann_window_symmetric": lambda: _desc(ops.hann_window(5, False, dtype=ms.float32)),
        "hamming_window": lambda: _desc(ops.hamming_window(5)),
        "hamming_window_alpha": lambda: _desc(ops.hamming_window(4, alpha=0.5, beta=0.5)),
        "bartlett_window": lambda: _desc(ops.bartlett_window(ms.Tensor(5, ms.int32))),
        "blackman_window": lambda: _desc(ops.blackman_window(ms.Tensor(4, ms.int32), False, dtype=ms.float64)),
        "range": lambda: _desc(ops.range(ms.Tensor(0, ms.int32), ms.Tensor(5, ms.int32), ms.Tensor(2, ms.int32))),
        "range_float": lambda: _desc(ops.range(f(0.0), f(1.0), f(0.25))),
        "make_range": lambda: _desc(ops.make_range(1, 9, 3)),
    }
    return _each_case(cases, _described_or_raised)


def shape_index_linalg_methods(ms):
    """Issue 24's Tensor methods, called as ``x.<method>(...)`` on MindSpore's Tensor (one process per case)."""
    x, x3, m, ints = _b_inputs(ms)
    f = functools.partial(_f32, ms)
    v = f([0.5, -1.0, 2.0])
    cases = {
        "t": lambda: x.t(), "dim": lambda: x3.dim(), "ndimension": lambda: x.ndimension(), "nelement": lambda: x3.nelement(),
        "numel": lambda: x.numel(), "nonzero": lambda: ints([0, 2, 0, 3]).nonzero(), "argwhere": lambda: (x > 0.2).argwhere(),
        "searchsorted": lambda: f([1.0, 2.0, 3.0]).searchsorted(f([2.0, 0.5]), side="right"),
        "tril": lambda: x.tril(-1), "triu": lambda: x.triu(diagonal=1), "trace": lambda: m.trace(),
        "trace_offset": lambda: x.trace(1), "diag": lambda: v.diag(), "diagonal": lambda: x.diagonal(1),
        "diagflat": lambda: m[:2, :2].diagflat(1), "rot90": lambda: x.rot90(1, (0, 1)), "flip": lambda: x3.flip([0, 2]),
        "fliplr": lambda: x.fliplr(), "flipud": lambda: x.flipud(), "hsplit": lambda: x.hsplit(2),
        "vsplit": lambda: x3.vsplit(2), "dsplit": lambda: x3.dsplit(2), "tensor_split": lambda: x.tensor_split(2, 1),
        "unbind": lambda: x.unbind(1), "movedim": lambda: x3.movedim(0, -1), "moveaxis": lambda: x3.moveaxis((0, 1), (1, 0)),
        "swapdims": lambda: x3.swapdims(0, 2), "narrow": lambda: x.narrow(1, 1, 2), "expand": lambda: x[:1].expand(3, 4),
        "view_as": lambda: x.view_as(x3[0].T), "type_as": lambda: x.type_as(ints([1])),
        "reshape_as": lambda: x.reshape_as(x3[0].T), "repeat_interleave": lambda: x.repeat_interleave(2, 1),
        "unique_consecutive": lambda: ints([3, 3, 1, 3]).unique_consecutive(True, True),
        "masked_fill": lambda: x.masked_fill(x > 0.2, 1.5), "masked_select": lambda: x.masked_select(x > 0.2),
        "index_fill": lambda: x.index_fill(1, ints([0, 2]), -1.0), "scatter": lambda: x.scatter(1, ints([[0], [2], [1]], np.int64), f([[5.0], [6.0], [7.0]])),
        "scatter_value": lambda: x.scatter(1, ints([[0], [2], [1]], np.int64), 5.0),
        "select": lambda: x.select(1, 2), "select_condition": lambda: x.select(x > 0.2, x * 0),
        "reverse": lambda: x.reverse([1]), "gather_nd": lambda: x.gather_nd(ints([[0, 1], [2, 3]])),
        "reverse_sequence": lambda: x.reverse_sequence(ints([2, 4, 0]), 1),
        "mm": lambda: x.mm(x.T), "dot": lambda: x[:2, :3].dot(m), "inner": lambda: x.inner(x[:2]),
        "outer": lambda: v.outer(v), "ger": lambda: v.ger(f([1.0, 2.0])), "cross": lambda: m.cross(x[:, :3]),
        "addmm": lambda: x[:, :3].addmm(m, m, beta=2, alpha=0.5), "addmv": lambda: v.addmv(m, v),
        "addr": lambda: m.addr(v, v, 2, 0.5), "addbmm": lambda: x[:2, :2].addbmm(x3[:, :2, :3], x3[:, :3, :2]),
        "baddbmm": lambda: x3[:, :2, :2].baddbmm(x3[:, :2, :3], x3[:, :3, :2]), "bmm": lambda: x3.bmm(x3.swapaxes(1, 2)),
        "matrix_power": lambda: m.matrix_power(2), "det": lambda: m.det(), "matrix_determinant": lambda: m.matrix_determinant(),
        "inverse": lambda: m.inverse(), "logdet": lambda: m.logdet(), "slogdet": lambda: m.slogdet(),
        "log_matrix_determinant": lambda: m.log_matrix_determinant(),
        "new_zeros": lambda: x.new_zeros((2, 3)), "new_zeros_dtype": lambda: x.new_zeros((2,), dtype=ms.int32),
        "new_ones": lambda: x.new_ones((2,)), "new_empty_shape": lambda: x.new_empty((2, 3)).shape,
        "fill": lambda: x.fill(2.0), "fill_int": lambda: ints([1, 2]).fill(3),
        "select_scatter": lambda: x.select_scatter(v, 1, 0), "slice_scatter": lambda: x.slice_scatter(f(np.ones((3, 2))), 1, 0, 4, 2),
        "diagonal_scatter": lambda: x.diagonal_scatter(v, 1), "mT": lambda: x3.mT,
    }
    return _each_case(cases, _fate)


def _drawn(t, low, high):
    """A random Tensor described by what every backend must share with MindSpore: dtype, shape, range."""
    a = t.asnumpy()
    return {"dtype": str(t.dtype), "shape": [int(n) for n in t.shape],
            "in_range": bool(((a >= low) & (a < high)).all()) if a.size else True}


def random_draws(ms):
    """Issue 24's random functions: dtypes, shapes and ranges (MindSpore's own streams differ from unigrad's)."""
    ops = ms.ops
    x, _, _, ints = _b_inputs(ms)
    f = functools.partial(_f32, ms)
    inf = float("inf")
    cases = {
        "rand": lambda: _drawn(ops.rand(2, 3), 0, 1), "rand_tuple_float64": lambda: _drawn(ops.rand((2, 3), dtype=ms.float64), 0, 1),
        "randn": lambda: _drawn(ops.randn(2, 3), -inf, inf), "randint": lambda: _drawn(ops.randint(-2, 5, (2, 3)), -2, 5),
        "randint_int32": lambda: _drawn(ops.randint(0, 5, (4,), dtype=ms.int32), 0, 5),
        "rand_like": lambda: _drawn(ops.rand_like(ms.Tensor(np.zeros(3), ms.float64)), 0, 1),
        "randn_like": lambda: _drawn(ops.randn_like(x), -inf, inf),
        "randint_like": lambda: _drawn(ops.randint_like(ints([1, 2]), 0, 3), 0, 3),
        "randperm": lambda: sorted(ops.randperm(5).asnumpy().tolist()) + [str(ops.randperm(5).dtype)],
        "randperm_int32": lambda: str(ops.randperm(4, dtype=ms.int32).dtype),
        "normal": lambda: _drawn(ops.normal((2, 3), f(1.0), f(2.0)), -inf, inf),
        "normal_broadcast": lambda: _drawn(ops.normal((2, 1), f([0.0, 1.0, 2.0]), 1.0), -inf, inf),
        "uniform": lambda: _drawn(ops.uniform((2, 3), f(1.0), f(2.0)), 1, 2),
        "uniform_int": lambda: _drawn(ops.uniform((2, 3), ints(1), ints(5), dtype=ms.int32), 1, 5),
        "standard_normal": lambda: _drawn(ops.standard_normal((2, 3)), -inf, inf),
        "bernoulli": lambda: _drawn(ops.bernoulli(x, 0.5), 0, 2),
        "bernoulli_certain": lambda: _desc(ops.bernoulli(f([0.0, 1.0, 1.0]), f([0.0, 1.0, 1.0]))),
        "multinomial": lambda: _desc(ops.multinomial(f([[0.0, 9.0, 0.0, 0.0]]), 2)),
        "multinomial_no_replacement": lambda: _drawn(ops.multinomial(f([[0.0, 9.0, 4.0, 0.0]]), 2, False), 1, 3),
        "random_categorical": lambda: _desc(ops.random_categorical(f([[-100.0, 9.0, -100.0, -100.0]]), 3)),
        "random_categorical_int32": lambda: _drawn(ops.random_categorical(x, 2, 0, ms.int32), 0, 4),
        "rand_like_method_uniform": lambda: _drawn(x.uniform(), 0, 1),
    }
    return _each_case(cases, _described_or_raised)


def shape_index_linalg_errors(ms):
    """Bad input to issue 24's functions: the exception type MindSpore raises (one process per case)."""
    ops = ms.ops
    x, x3, m, ints = _b_inputs(ms)
    f = functools.partial(_f32, ms)
    cases = {
        "tril_1d": lambda: ops.tril(f([1.0, 2.0])), "diagonal_same_dims": lambda: ops.diagonal(x, 0, 1, 1),
        "trace_3d": lambda: ops.trace(x3), "fliplr_1d": lambda: ops.fliplr(f([1.0, 2.0])),
        "movedim_lengths": lambda: ops.movedim(x, (0, 1), 0), "narrow_past_end": lambda: ops.narrow(x, 1, 2, 3),
        "tensor_scatter_update_float_indices": lambda: ops.tensor_scatter_update(x, f([[0.0, 0.0]]), f([1.0])),
        "tensor_scatter_update_shape": lambda: ops.tensor_scatter_update(x, ints([[0, 0]]), f([1.0, 2.0])),
        "tensor_scatter_update_out_of_range": lambda: ops.tensor_scatter_update(x, ints([[5, 0]]), f([1.0])),
        "masked_fill_float_mask": lambda: ops.masked_fill(x, f([1.0, 0.0, 1.0, 0.0]), 1.5),
        "masked_fill_float_into_int": lambda: ops.masked_fill(ints([1, 2]), ms.Tensor(np.array([True, False])), 1.5),
        "repeat_interleave_counts": lambda: ops.repeat_interleave(x, ints([1, 2]), 0),
        "triu_indices_negative": lambda: ops.triu_indices(-1, 3),
        "mm_vector": lambda: ops.mm(f([1.0, 2.0]), m), "dot_vectors": lambda: ops.dot(f([1.0, 2.0]), f([1.0, 2.0])),
        "matrix_power_float_n": lambda: ops.matrix_power(m, 2.0),
        "logspace_int_dtype": lambda: ops.logspace(0.0, 3.0, 4, dtype=ms.int32),
        "hann_window_tensor_length": lambda: ops.hann_window(ms.Tensor(4, ms.int32)),
        "bartlett_window_int_length": lambda: ops.bartlett_window(5),
        "randint_like_float": lambda: ops.randint_like(x, 0, 3),
        "range_mixed_dtypes": lambda: ops.range(ms.Tensor(0, ms.int32), f(5.0), ms.Tensor(2, ms.int32)),
        "cosine_similarity_shapes": lambda: ops.cosine_similarity(x, f([1.0, 2.0])),
        "index_fill_out_of_range": lambda: ops.index_fill(x, 1, ints([4]), -1.0),
    }
    return _each_case(cases, _raised)


def elementwise_and_statistics_errors(ms):
    """The exception type of bad input to issue 24's elementwise and statistics functions (helper A)."""
    ops = ms.ops
    x = _f32(ms, [[1.0, 2.0], [3.0, 4.0]])
    ints = ms.Tensor(np.array([1, 2, 3], np.int32))
    cases = {
        "deg2rad_int": lambda: ops.deg2rad(ints),
        "logaddexp_int": lambda: ops.logaddexp(ints, ints),
        "hypot_int": lambda: ops.hypot(ints, ints),
        "is_nonzero_two": lambda: ops.is_nonzero(_f32(ms, [1.0, 2.0])),
        "median_float_axis": lambda: ops.median(x, 0.5),
        "std_ddof_float": lambda: ops.std(x, 0, ddof=0.5),
        "cov_3d": lambda: ops.cov(_f32(ms, np.zeros((2, 2, 2)))),
        "lerp_int_weight": lambda: ops.lerp(x, x, 1),
    }
    return _each_case(cases, _raised)

PROGRAMS = [
    tutorial_forward,
    tutorial_grad,
    tutorial_grad_loss_and_z,
    tutorial_stop_gradient,
    tutorial_has_aux,
    tutorial_cell_value_and_grad,
    tutorial_cell_value_and_grad_has_aux,
    gradop_default,
    gradop_get_all,
    gradop_get_by_list,
    gradop_get_all_and_by_list,
    gradop_sens_param,
    grad_positions,
    grad_weights,
    grad_tuple_output,
    grad_non_scalar_output,
    grad_has_aux,
    value_and_grad_structures,
    grad_return_ids,
    grad_unused_and_stopped,
    grad_of_grad,
    vjp_single,
    vjp_multi,
    vjp_has_aux,
    vjp_tuple_output,
    jvp_cases,
    jacobians,
    tensor_construction_dtypes,
    dtype_promotion,
    int_mean_and_argmax,
    int_mean,
    floor_div_mod,
    power_dtypes,
    softmax_family,
    cross_entropy_cases,
    max_min_with_indices,
    cumulative,
    gathers,
    gather_batch_dims,
    split_chunk,
    tile_broadcast,
    norms,
    clamp_cases,
    activations,
    elementwise_math,
    creation_ops,
    indexing,
    bool_behaviour,
    seed_and_item,
    grad_return_ids_single,
    has_aux_more,
    jacobians_more,
    division_modes,
    grad_int_inputs,
    gradop_by_list_without_params,
    misuse_errors,
    window_argument_errors,
    bool_int_and_empty_inputs,
    one_hot_tensor_values,
    tensor_repr,
    max_pool_ties,
    edge_conventions,
    sorting,
    small_and_unsigned_ints,
    primitive_classes,
    primitive_class_errors,
    numpy_namespace,
    primitive_classes_next,
    elementwise_and_statistics,
    elementwise_and_statistics_errors,
    nn_functions,
    nn_function_errors,
    shape_index_linalg_ops,
    shape_index_linalg_methods,
    random_draws,
    shape_index_linalg_errors,
]

CASE_BY_CASE = [misuse_errors, window_argument_errors, bool_int_and_empty_inputs, one_hot_tensor_values,
                edge_conventions, small_and_unsigned_ints, primitive_class_errors, nn_function_errors,
                shape_index_linalg_ops, shape_index_linalg_methods, random_draws, shape_index_linalg_errors,
                elementwise_and_statistics_errors]

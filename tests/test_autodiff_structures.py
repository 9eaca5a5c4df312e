"""Return structures and error rules of grad / value_and_grad / GradOperation / vjp / jvp / jacobians.

The structures are MindSpore 2.x's; every expected number is worked out by hand (or with NumPy) here.
"""
import numpy as np
import pytest

import unigrad
from unigrad import Parameter, ParameterTuple, Tensor, nn, ops
from unigrad import jacfwd, jacrev

X = np.array([1.0, -2.0, 3.0], np.float32)
Y = np.array([0.5, 1.5, -1.0], np.float32)


def f32(a):
    return Tensor(np.asarray(a, np.float32))


def close(t, expected, rtol=1e-5, atol=1e-6):
    assert isinstance(t, Tensor), f"expected a Tensor, got {type(t).__name__}"
    np.testing.assert_allclose(t.asnumpy(), np.asarray(expected), rtol=rtol, atol=atol)


def xy():
    return f32(X), f32(Y)


def f_xy(x, y):  # d/dx = 2xy, d/dy = x^2
    return (x * x * y).sum()


DX, DY = 2 * X * Y, X * X


# -- grad: positions ---------------------------------------------------------------------------------
def test_int_position_gives_one_tensor(backend):
    x, y = xy()
    close(unigrad.grad(f_xy, 0)(x, y), DX)
    close(unigrad.grad(f_xy, 1)(x, y), DY)
    close(unigrad.grad(f_xy)(x, y), DX)  # default position 0


def test_one_tuple_position_gives_one_tensor(backend):
    x, y = xy()
    close(unigrad.grad(f_xy, (0,))(x, y), DX)
    close(unigrad.grad(f_xy, (1,))(x, y), DY)


def test_position_tuple_gives_tuple_in_order(backend):
    x, y = xy()
    g = unigrad.grad(f_xy, (0, 1))(x, y)
    assert isinstance(g, tuple) and len(g) == 2
    close(g[0], DX)
    close(g[1], DY)
    g = unigrad.grad(f_xy, (1, 0))(x, y)
    assert isinstance(g, tuple) and len(g) == 2
    close(g[0], DY)
    close(g[1], DX)


# -- grad: weights ---------------------------------------------------------------------------------------
W1 = np.array([1.0, 2.0, -1.0], np.float32)
W2 = np.array([0.5, -1.0, 2.0], np.float32)


def weights():
    return Parameter(f32(W1), name="w1"), Parameter(f32(W2), name="w2")


def make_fw(w1, w2):
    def fw(x):  # d/dx = w1^2 + w2, d/dw1 = 2 x w1, d/dw2 = x
        return (x * w1 * w1 + x * w2).sum()
    return fw


GX_W, GW1, GW2 = W1 * W1 + W2, 2 * X * W1, X



def test_one_tensor_passed_twice_gets_one_gradient_per_position(backend):
    """f(x, x): each position is differentiated on its own (the other held fixed), not their sum."""
    x = f32(X)
    g = unigrad.grad(f_xy, (0, 1))(x, x)
    close(g[0], 2 * X * X)
    close(g[1], X * X)
    w = Parameter(f32(X), name="w")
    g_input, g_weight = unigrad.grad(lambda a: (a * w).sum(), 0, weights=[w])(w)
    close(g_input, X)
    close(g_weight[0], X)
    for _ in range(2):  # a Parameter differentiated again after an in-place update sees the new value
        ops.assign_sub(w, f32(np.ones(3)))
        close(unigrad.grad(lambda: (w * w).sum(), None, weights=w)(), 2 * w.asnumpy())


def test_successive_derivatives_of_the_same_arrays(backend):
    """torch reuses the last derivative's leaves when it gets the same arrays: a following call that passes
    one of them twice, or both swapped, must still differentiate each position on its own."""
    x, y = f32(X), f32(2 * X)
    grad_xy = unigrad.grad(f_xy, (0, 1))
    for _ in range(2):
        g = grad_xy(x, y)
        close(g[0], 4 * X * X)
        close(g[1], X * X)
    g = grad_xy(x, x)
    close(g[0], 2 * X * X)
    close(g[1], X * X)
    g = grad_xy(y, x)
    close(g[0], 4 * X * X)
    close(g[1], 4 * X * X)
    g = grad_xy(x, y)
    close(g[0], 4 * X * X)
    close(g[1], X * X)


def test_weights_list_and_parameter_tuple_give_tuples(backend):
    w1, w2 = weights()
    fw = make_fw(w1, w2)
    x = f32(X)
    for ws in ([w1, w2], ParameterTuple([w1, w2]), (w1, w2)):
        g = unigrad.grad(fw, None, weights=ws)(x)
        assert isinstance(g, tuple) and len(g) == 2
        close(g[0], GW1)
        close(g[1], GW2)
    g = unigrad.grad(fw, None, weights=[w2, w1])(x)
    close(g[0], GW2)
    close(g[1], GW1)
    g = unigrad.grad(fw, None, weights=[w1])(x)
    assert isinstance(g, tuple) and len(g) == 1
    close(g[0], GW1)


def test_single_parameter_gives_one_tensor(backend):
    w1, w2 = weights()
    g = unigrad.grad(make_fw(w1, w2), None, weights=w1)(f32(X))
    close(g, GW1)


def test_positions_and_weights(backend):
    w1, w2 = weights()
    fw = make_fw(w1, w2)
    x = f32(X)
    g = unigrad.grad(fw, 0, weights=[w1, w2])(x)
    assert isinstance(g, tuple) and len(g) == 2
    close(g[0], GX_W)
    assert isinstance(g[1], tuple) and len(g[1]) == 2
    close(g[1][0], GW1)
    close(g[1][1], GW2)
    g = unigrad.grad(fw, (0,), weights=w2)(x)
    assert isinstance(g, tuple) and len(g) == 2
    close(g[0], GX_W)
    close(g[1], GW2)


# -- tuple outputs, non-scalar outputs ---------------------------------------------------------------------
def test_tuple_output_gradients_are_summed(backend):
    x = f32(X)
    close(unigrad.grad(lambda x: ((x ** 2).sum(), (3 * x).sum()))(x), 2 * X + 3)
    close(unigrad.grad(lambda x: [(x ** 2).sum(), x * 3.0])(x), 2 * X + 3)


def test_non_scalar_output_differentiated_with_ones(backend):
    x = f32([[1.0, 2.0], [3.0, 4.0]])
    close(unigrad.grad(lambda x: x * x * x)(x), 3 * np.array([[1.0, 2.0], [3.0, 4.0]]) ** 2)


# -- has_aux -------------------------------------------------------------------------------------------------
def test_grad_has_aux_one_aux(backend):
    x, y = xy()
    g, aux = unigrad.grad(lambda x, y: ((x * y).sum(), x + y), has_aux=True)(x, y)
    close(g, Y)  # the aux x + y is not differentiated
    assert isinstance(aux, tuple) and len(aux) == 1
    close(aux[0], X + Y)
    (gx, gy), aux = unigrad.grad(lambda x, y: ((x * y).sum(), x + y), (0, 1), has_aux=True)(x, y)
    close(gx, Y)
    close(gy, X)
    assert isinstance(aux, tuple) and len(aux) == 1


def test_grad_has_aux_two_aux(backend):
    x, y = xy()
    g, aux = unigrad.grad(lambda x, y: ((x * y).sum(), x + y, x * 2.0), has_aux=True)(x, y)
    close(g, Y)
    assert isinstance(aux, tuple) and len(aux) == 2
    close(aux[0], X + Y)
    close(aux[1], 2 * X)


def test_value_and_grad_has_aux(backend):
    x, y = xy()
    value, g = unigrad.value_and_grad(lambda x, y: ((x * y).sum(), x + y, x * 2.0), 0, has_aux=True)(x, y)
    assert isinstance(value, tuple) and len(value) == 3
    close(value[0], np.sum(X * Y))
    close(value[1], X + Y)
    close(value[2], 2 * X)
    close(g, Y)


def test_grad_weights_has_aux(backend):
    x, y = xy()
    w = Parameter(f32([3.0]), name="w")
    g, aux = unigrad.grad(lambda x, y: ((x * y * w).sum(), x + y), None, weights=[w], has_aux=True)(x, y)
    assert isinstance(g, tuple) and len(g) == 1
    close(g[0], [np.sum(X * Y)])
    assert isinstance(aux, tuple) and len(aux) == 1


# -- value_and_grad structures -----------------------------------------------------------------------------
def test_value_and_grad_structures(backend):
    x, y = xy()
    w = Parameter(f32([3.0]), name="w")

    def f(x, y):
        return (x * y * w).sum()

    v, g = unigrad.value_and_grad(f)(x, y)
    close(v, 3 * np.sum(X * Y))
    close(g, 3 * Y)
    v, g = unigrad.value_and_grad(f, (0, 1))(x, y)
    assert isinstance(g, tuple) and len(g) == 2
    close(g[0], 3 * Y)
    close(g[1], 3 * X)
    v, g = unigrad.value_and_grad(f, None, weights=[w])(x, y)
    assert isinstance(g, tuple) and len(g) == 1
    close(g[0], [np.sum(X * Y)])
    v, g = unigrad.value_and_grad(f, 1, weights=w)(x, y)
    assert isinstance(g, tuple) and len(g) == 2
    close(g[0], 3 * X)
    close(g[1], [np.sum(X * Y)])
    close(v, 3 * np.sum(X * Y))


def test_value_and_grad_tuple_output_without_aux(backend):
    x, y = xy()
    v, g = unigrad.value_and_grad(lambda x, y: ((x * y).sum(), x * y))(x, y)
    assert isinstance(v, tuple) and len(v) == 2
    close(v[0], np.sum(X * Y))
    close(v[1], X * Y)
    close(g, 2 * Y)  # both outputs differentiated, summed


# -- return_ids ------------------------------------------------------------------------------------------
def _pair(p, key, expected):
    assert isinstance(p, tuple) and len(p) == 2
    assert p[0] == key and type(p[0]) is type(key)
    close(p[1], expected)


def test_return_ids(backend):
    x, y = xy()
    w1 = Parameter(f32([3.0]), name="w1")
    w2 = Parameter(f32([-1.0]), name="w2")

    def f(x, y):
        return (x * y * w1 * w2).sum()

    s = np.sum(X * Y)
    gx, gy, gw1, gw2 = -3 * Y, -3 * X, [-s], [3 * s]
    g = unigrad.grad(f, (0, 1), return_ids=True)(x, y)
    assert isinstance(g, tuple) and len(g) == 2
    _pair(g[0], 0, gx)
    _pair(g[1], 1, gy)
    g = unigrad.grad(f, None, weights=[w1, w2], return_ids=True)(x, y)
    assert isinstance(g, tuple) and len(g) == 2
    _pair(g[0], "w1", gw1)
    _pair(g[1], "w2", gw2)
    g = unigrad.grad(f, None, weights=[w1], return_ids=True)(x, y)
    assert isinstance(g, tuple) and len(g) == 1
    _pair(g[0], "w1", gw1)
    _pair(unigrad.grad(f, None, weights=w2, return_ids=True)(x, y), "w2", gw2)
    g = unigrad.grad(f, (1, 0), weights=[w2, w1], return_ids=True)(x, y)
    assert isinstance(g, tuple) and len(g) == 2
    pos, ws = g
    assert isinstance(pos, tuple) and len(pos) == 2 and isinstance(ws, tuple) and len(ws) == 2
    _pair(pos[0], 1, gy)
    _pair(pos[1], 0, gx)
    _pair(ws[0], "w2", gw2)
    _pair(ws[1], "w1", gw1)
    _pair(unigrad.grad(f, 1, return_ids=True)(x, y), 1, gy)
    _pair(unigrad.grad(f, 0, return_ids=True)(x, y), 0, gx)
    v, g = unigrad.value_and_grad(f, (0, 1), return_ids=True)(x, y)
    close(v, -3 * s)
    _pair(g[0], 0, gx)
    _pair(g[1], 1, gy)


# -- GradOperation (the MindSpore tutorial) ---------------------------------------------------------------------
GX = np.array([[0.8, 0.6, 0.2], [1.8, 1.3, 1.1]], np.float32)
GY = np.array([[0.11, 3.3, 1.1], [1.1, 0.2, 1.4], [1.1, 2.2, 0.3]], np.float32)
GDX = np.array([[4.51, 2.7, 3.6], [4.51, 2.7, 3.6]])
GDY = np.array([[2.6] * 3, [1.9] * 3, [1.3] * 3])
GDZ = np.array([11.726, 5.13, 4.68])


class TutorialNet(nn.Cell):
    def __init__(self):
        super().__init__()
        self.matmul = ops.MatMul()
        self.z = Parameter(Tensor(np.array([1.0, 1.0, 1.0], np.float32)), name="z")

    def construct(self, x, y):
        x = x * self.z
        return self.matmul(x, y)


def test_grad_operation_default(backend):
    close(ops.GradOperation()(TutorialNet())(f32(GX), f32(GY)), GDX, rtol=1e-5)


def test_grad_operation_get_all(backend):
    g = ops.GradOperation(get_all=True)(TutorialNet())(f32(GX), f32(GY))
    assert isinstance(g, tuple) and len(g) == 2
    close(g[0], GDX)
    close(g[1], GDY)
    g = ops.GradOperation(get_all=True)(lambda x: (x * x).sum())(f32(X))
    assert isinstance(g, tuple) and len(g) == 1
    close(g[0], 2 * X)


def test_grad_operation_get_by_list(backend):
    net = TutorialNet()
    g = ops.GradOperation(get_by_list=True)(net, ParameterTuple(net.trainable_params()))(f32(GX), f32(GY))
    assert isinstance(g, tuple) and len(g) == 1
    close(g[0], GDZ)
    g = ops.GradOperation(get_by_list=True)(net)(f32(GX), f32(GY))  # the Cell's trainable params
    assert isinstance(g, tuple) and len(g) == 1
    close(g[0], GDZ)
    close(ops.GradOperation(get_by_list=True)(net, net.z)(f32(GX), f32(GY)), GDZ)
    assert ops.GradOperation(get_by_list=True)(lambda a, b: (a * b).sum())(f32(X), f32(Y)) == ()


def test_grad_operation_get_all_and_by_list(backend):
    net = TutorialNet()
    g = ops.GradOperation(get_all=True, get_by_list=True)(net, ParameterTuple(net.trainable_params()))(
        f32(GX), f32(GY))
    assert isinstance(g, tuple) and len(g) == 2
    (dx, dy), dz = g
    close(dx, GDX)
    close(dy, GDY)
    assert isinstance(dz, tuple) and len(dz) == 1
    close(dz[0], GDZ)


SENS = np.array([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], np.float32)


def test_grad_operation_sens_param(backend):
    z = np.ones(3, np.float32)
    dx = ops.GradOperation(sens_param=True)(TutorialNet())(f32(GX), f32(GY), f32(SENS))
    expected = (SENS @ GY.T) * z
    # by hand, row 0: [0.1*.11+.2*3.3+.3*1.1, .1*1.1+.2*.2+.3*1.4, .1*1.1+.2*2.2+.3*.3]
    np.testing.assert_allclose(expected[0], [1.001, 0.57, 0.64], rtol=1e-5)
    close(dx, expected)
    dx, dy = ops.GradOperation(get_all=True, sens_param=True)(TutorialNet())(f32(GX), f32(GY), f32(SENS))
    close(dy, GX.T @ SENS)


def test_grad_sens_param(backend):
    net = TutorialNet()
    close(unigrad.grad(net, 0, sens_param=True)(f32(GX), f32(GY), f32(SENS)), SENS @ GY.T)
    v, g = unigrad.value_and_grad(net, (0, 1), sens_param=True)(f32(GX), f32(GY), f32(SENS))
    close(v, GX @ GY)
    close(g[0], SENS @ GY.T)
    close(g[1], GX.T @ SENS)


# -- zeros for unused inputs and stopped outputs --------------------------------------------------------------
def test_unused_input_gets_zeros(backend):
    x = f32(X)
    y = Tensor(np.ones((2, 4), np.float64))
    gx, gy = unigrad.grad(lambda x, y: (x * 2.0).sum(), (0, 1))(x, y)
    close(gx, [2.0, 2.0, 2.0])
    assert gy is not None
    assert gy.shape == (2, 4) and gy.dtype == unigrad.float64
    close(gy, np.zeros((2, 4)))


def test_stopped_output_gives_zeros(backend):
    x, y = xy()
    gx, gy = unigrad.grad(lambda x, y: ops.stop_gradient((x * y).sum()), (0, 1))(x, y)
    close(gx, np.zeros(3))
    close(gy, np.zeros(3))
    assert gx.dtype == unigrad.float32


def test_stop_gradient_partial(backend):
    x = f32(X)
    # d/dx [x * stop(x)] = stop(x) = x (the stopped factor is a constant)
    close(unigrad.grad(lambda x: (x * ops.stop_gradient(x)).sum())(x), X)


# -- higher order -------------------------------------------------------------------------------------------
def test_grad_of_grad(backend):
    x = f32([2.0])
    d1 = unigrad.grad(lambda x: x ** 3)
    d2 = unigrad.grad(d1)
    d3 = unigrad.grad(d2)
    close(d1(x), [12.0])
    close(d2(x), [12.0])
    close(d3(x), [6.0])
    s = np.array([0.3, 1.2], np.float32)
    close(unigrad.grad(unigrad.grad(ops.sin))(f32(s)), -np.sin(s))


# -- ops.vjp -----------------------------------------------------------------------------------------------
def test_vjp_single_input(backend):
    x = np.array([[1.0, 2.0], [3.0, 4.0]], np.float32)
    v = np.array([[1.0, 0.5], [-1.0, 2.0]], np.float32)
    out, vjp_fn = ops.vjp(lambda x: x ** 3 + x, f32(x))
    close(out, x ** 3 + x)
    g = vjp_fn(f32(v))
    assert isinstance(g, tuple) and len(g) == 1
    close(g[0], (3 * x ** 2 + 1) * v)


def test_vjp_two_inputs(backend):
    x, y, v = np.array([1.0, 2.0]), np.array([3.0, -1.0]), np.array([1.0, 0.5])
    out, vjp_fn = ops.vjp(lambda x, y: x * y + x, f32(x), f32(y))
    close(out, x * y + x)
    g = vjp_fn(f32(v))
    assert isinstance(g, tuple) and len(g) == 2
    close(g[0], v * (y + 1))
    close(g[1], v * x)


def test_vjp_tuple_output(backend):
    x = np.array([1.0, 2.0])
    v1, v2 = np.array([1.0, 1.0]), np.array([0.5, -2.0])
    out, vjp_fn = ops.vjp(lambda x: (x * x, x * 3.0), f32(x))
    assert isinstance(out, tuple) and len(out) == 2
    g = vjp_fn((f32(v1), f32(v2)))
    assert isinstance(g, tuple) and len(g) == 1
    close(g[0], 2 * x * v1 + 3 * v2)


def test_vjp_has_aux(backend):
    x, y, v = np.array([1.0, 2.0]), np.array([3.0, -1.0]), np.array([1.0, 0.5])
    res = ops.vjp(lambda x, y: (x * y, x + y), f32(x), f32(y), has_aux=True)
    assert len(res) == 3
    out, vjp_fn, aux = res
    close(out, x * y)
    close(aux, x + y)  # bare when single
    gx, gy = vjp_fn(f32(v))
    close(gx, v * y)
    close(gy, v * x)
    out, vjp_fn, aux = ops.vjp(lambda x, y: (x * y, x + y, x - y), f32(x), f32(y), has_aux=True)
    assert isinstance(aux, tuple) and len(aux) == 2
    close(aux[1], x - y)


def test_vjp_with_weights(backend):
    w1, w2 = weights()
    x, v = f32(X), np.array([1.0, 2.0, -1.0], np.float32)
    out, vjp_fn = ops.vjp(lambda x: x * w1 + w2 * w2, x, weights=[w1, w2])
    close(out, X * W1 + W2 * W2)
    g = vjp_fn(f32(v))
    assert isinstance(g, tuple) and len(g) == 2
    inputs, ws = g
    assert isinstance(inputs, tuple) and len(inputs) == 1
    close(inputs[0], v * W1)
    assert isinstance(ws, tuple) and len(ws) == 2
    close(ws[0], v * X)
    close(ws[1], 2 * v * W2)


# -- ops.jvp ---------------------------------------------------------------------------------------------------
def test_jvp_single_input(backend):
    res = ops.jvp(lambda x: x ** 3, f32([1.0, 2.0]), f32([1.0, 1.0]))
    assert isinstance(res, tuple) and len(res) == 2
    close(res[0], [1.0, 8.0])
    close(res[1], [3.0, 12.0])
    out, t = ops.jvp(lambda x: x ** 3, f32([1.0, 2.0]), f32([1.0, 0.5]))
    close(t, [3.0, 6.0])


def test_jvp_tuple_inputs(backend):
    x, y, vx, vy = (np.array(a) for a in ([1.0, 2.0], [3.0, -1.0], [1.0, 0.5], [-1.0, 2.0]))
    out, t = ops.jvp(lambda x, y: x * y + x, (f32(x), f32(y)), (f32(vx), f32(vy)))
    close(out, x * y + x)
    close(t, vx * y + x * vy + vx)  # [3.0, 4.0]
    np.testing.assert_allclose(vx * y + x * vy + vx, [3.0, 4.0])


def test_jvp_has_aux(backend):
    x, y, vx, vy = (np.array(a) for a in ([1.0, 2.0], [3.0, -1.0], [1.0, 0.5], [-1.0, 2.0]))
    res = ops.jvp(lambda x, y: (x * y, x - y), (f32(x), f32(y)), (f32(vx), f32(vy)), has_aux=True)
    assert isinstance(res, tuple) and len(res) == 3
    out, t, aux = res
    close(out, x * y)
    close(t, vx * y + x * vy)
    close(aux, x - y)


# -- jacobians -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("jac", [jacfwd, jacrev], ids=["jacfwd", "jacrev"])
def test_jacobian_single_input(backend, jac):
    x = np.array([1.0, 2.0, 3.0], np.float32)
    j = jac(lambda x: x * x)(f32(x))
    assert j.shape == (3, 3)
    close(j, np.diag(2 * x))
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    j = jac(lambda a: a * 2.0)(f32(a))
    assert j.shape == (2, 3, 2, 3)
    close(j, 2 * np.eye(6).reshape(2, 3, 2, 3))
    m = np.array([[1.0, 2.0, 0.0], [0.0, -1.0, 3.0], [2.0, 2.0, 2.0], [1.0, 0.0, 1.0]], np.float32)
    j = jac(lambda x: ops.matmul(f32(m), x))(f32(x))
    assert j.shape == (4, 3)
    close(j, m)


@pytest.mark.parametrize("jac", [jacfwd, jacrev], ids=["jacfwd", "jacrev"])
def test_jacobian_positions(backend, jac):
    x = np.array([1.0, 2.0, 3.0], np.float32)
    y = np.array([[0.5, -1.0], [2.0, 1.0]], np.float32)

    def f(x, y):  # x[:2] * y.sum(1)
        return x[:2] * y.sum(axis=1)

    jx, jy = jac(f, grad_position=(0, 1))(f32(x), f32(y))
    assert jx.shape == (2, 3) and jy.shape == (2, 2, 2)
    s = y.sum(axis=1)
    close(jx, [[s[0], 0, 0], [0, s[1], 0]])
    ey = np.zeros((2, 2, 2))
    ey[0, 0, :] = x[0]
    ey[1, 1, :] = x[1]
    close(jy, ey)
    close(jac(f, grad_position=1)(f32(x), f32(y)), ey)
    close(jac(f, grad_position=(1,))(f32(x), f32(y)), ey)


@pytest.mark.parametrize("jac", [jacfwd, jacrev], ids=["jacfwd", "jacrev"])
def test_jacobian_has_aux_and_tuple_output(backend, jac):
    x = np.array([1.0, 2.0, 3.0], np.float32)
    res = jac(lambda x: (x * x, x.sum()), has_aux=True)(f32(x))
    assert isinstance(res, tuple) and len(res) == 2
    j, aux = res
    close(j, np.diag(2 * x))
    close(aux, 6.0)
    res = jac(lambda x: (x * x, x.sum()))(f32(x))
    assert isinstance(res, tuple) and len(res) == 2
    close(res[0], np.diag(2 * x))
    assert res[1].shape == (3,)
    close(res[1], np.ones(3))


def test_jacfwd_equals_jacrev(backend):
    rng = np.random.default_rng(0)
    m = rng.standard_normal((4, 3)).astype(np.float32)
    x = rng.standard_normal(3).astype(np.float32)

    def f(x):
        return ops.sin(ops.matmul(f32(m), x)) + (x * x).sum()

    jf, jr = jacfwd(f)(f32(x)), jacrev(f)(f32(x))
    expected = np.cos(m @ x)[:, None] * m + 2 * x[None, :]
    close(jf, expected, rtol=1e-4, atol=1e-5)
    close(jr, expected, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(jf.asnumpy(), jr.asnumpy(), rtol=1e-5, atol=1e-6)


def test_hessian_via_jacfwd_of_jacrev(backend):
    x = np.array([1.0, -2.0, 0.5], np.float32)

    def f(x):  # H = diag(6x) + 2
        return (x ** 3).sum() + x.sum() ** 2

    h = jacfwd(jacrev(f))(f32(x))
    assert h.shape == (3, 3)
    close(h, np.diag(6 * x) + 2, rtol=1e-5, atol=1e-5)


# -- errors ----------------------------------------------------------------------------------------------------
def test_both_none_raises_at_construction(backend):
    with pytest.raises(ValueError):
        unigrad.grad(f_xy, None, None)
    with pytest.raises(ValueError):
        unigrad.value_and_grad(f_xy, None, None)


def test_bad_positions(backend):
    x, y = xy()
    with pytest.raises(ValueError):
        unigrad.grad(f_xy, -1)(x, y)
    with pytest.raises(ValueError):
        unigrad.grad(f_xy, (0, -1))(x, y)
    with pytest.raises(ValueError):
        unigrad.grad(f_xy, (0, 0))(x, y)
    with pytest.raises(TypeError):
        unigrad.grad(f_xy, 1.0)(x, y)
    with pytest.raises(TypeError):
        unigrad.grad(f_xy, (0, 1.0))(x, y)


def test_position_past_inputs_is_runtime_error_naming_both(backend):
    x, y = xy()
    g = unigrad.grad(f_xy, 5)  # constructing it is fine: the count is known only at the call
    with pytest.raises(RuntimeError) as info:
        g(x, y)
    assert "5" in str(info.value) and "2" in str(info.value)


def test_has_aux_single_output_raises_at_call(backend):
    g = unigrad.grad(lambda x: (x * x).sum(), has_aux=True)
    with pytest.raises(ValueError):
        g(f32(X))


@pytest.mark.parametrize("np_dtype", [np.int32, np.int64])
def test_int_input_raises_type_error(backend, np_dtype):
    x = Tensor(np.array([1, 2], np_dtype))
    with pytest.raises(TypeError):
        unigrad.grad(lambda a: (a * a).sum())(x)


def test_bad_flags_and_weights(backend):
    with pytest.raises(TypeError, match="For 'GradOperation', the 'get_all' should be bool, but got int"):
        ops.GradOperation(get_all=1)  # MindSpore 2.10's wording
    with pytest.raises(TypeError, match="the 'get_by_list' should be bool, but got str"):
        ops.GradOperation(get_by_list="yes")
    w1, _ = weights()
    with pytest.raises(TypeError):
        unigrad.grad(lambda x: x.sum(), None, weights=[w1, f32([1.0])])(f32(X))
    with pytest.raises(TypeError):
        unigrad.grad(lambda x: x.sum(), None, weights=f32([1.0]))(f32(X))


def test_int_parameter_weight_is_refused_when_the_gradient_function_is_made(backend):
    """A Parameter's dtype never changes, so an int weight is a TypeError at once, naming it."""
    counts = Parameter(Tensor(np.array([1, 2], np.int32)), name="counts")
    for make in (lambda: unigrad.value_and_grad(lambda x: x.sum(), None, weights=[counts]),
                 lambda: unigrad.grad(lambda x: x.sum(), None, weights=counts),
                 lambda: ops.GradOperation(get_by_list=True)(lambda x: x.sum(), [counts])):
        with pytest.raises(TypeError, match="counts"):
            make()


def _another_backend() -> str:
    """A backend other than the current one (numpy, or torch when on numpy); skips when not installed."""
    other = "numpy" if unigrad.get_backend() != "numpy" else "torch"
    if other not in unigrad.available_backends():
        pytest.skip(f"backend {other} is not installed")
    return other


def test_weights_on_two_backends_are_refused(backend):
    here = Parameter(f32([1.0]), name="here")
    with unigrad.use_backend(_another_backend()):
        there = Parameter(Tensor(np.array([1.0], np.float32)), name="there")
    with pytest.raises(TypeError, match="cannot combine a Tensor on backend"):
        unigrad.grad(lambda x: x.sum(), None, weights=[here, there])


def test_an_input_and_weights_on_two_backends_are_refused(backend):
    here = Parameter(f32([1.0]), name="here")
    with unigrad.use_backend(_another_backend()):
        x = Tensor(np.array([2.0], np.float32))
    with pytest.raises(TypeError, match="cannot combine a Tensor on backend"):
        unigrad.grad(lambda v: (v * here).sum(), 0, weights=[here])(x)


def test_a_gradient_step_leaves_no_reference_cycles(backend):
    """Each step's graph must be freed by reference counting: a cycle would leave it to the garbage
    collector, whose full passes over a large heap cost more than the step."""
    import gc
    w1, w2 = weights()
    value_and_grad = unigrad.value_and_grad(make_fw(w1, w2), 0, weights=[w1, w2])
    grad_all = ops.GradOperation(get_all=True)(lambda x, n: (x * x).sum())
    x, n = f32(X), Tensor(np.array([1, 2], np.int32))
    value_and_grad(x), grad_all(x, n)  # first calls may create caches
    gc.collect()
    gc.disable()
    try:
        for _ in range(3):
            value_and_grad(x)
            grad_all(x, n)
        assert gc.collect() == 0
    finally:
        gc.enable()


# -- Parameter state after grad ---------------------------------------------------------------------------------
def _plain_type():
    return type(Tensor(np.zeros(1, np.float32))._data)


def test_parameters_restored_after_grad(backend):
    w1, w2 = weights()
    fw = make_fw(w1, w2)
    g = unigrad.grad(fw, 0, weights=[w1, w2])
    first = g(f32(X))
    for w, init in ((w1, W1), (w2, W2)):
        assert type(w._data) is _plain_type()
        np.testing.assert_array_equal(w.asnumpy(), init)
    second = g(f32(X))
    close(second[0], first[0].asnumpy(), rtol=0, atol=0)
    close(second[1][0], first[1][0].asnumpy(), rtol=0, atol=0)
    close(second[1][1], first[1][1].asnumpy(), rtol=0, atol=0)
    # a plain forward call afterwards sees the original values
    close(fw(f32(X)), np.sum(X * W1 * W1 + X * W2))


def test_set_data_inside_grad_leaves_plain_value_unlisted_param(backend):
    p = Parameter(f32([0.0, 0.0, 0.0]), name="p")

    def f(x):
        p.set_data(x * 2.0)
        return (x * x).sum()

    close(unigrad.grad(f)(f32(X)), 2 * X)
    assert type(p._data) is _plain_type()
    np.testing.assert_allclose(p.asnumpy(), 2 * X)


def test_set_data_inside_grad_leaves_plain_value_listed_param(backend):
    p = Parameter(f32([1.0, 1.0, 1.0]), name="p")

    def f(x):
        out = (x * p).sum()
        p.set_data(x * 2.0)
        return out

    gx, gp = unigrad.grad(f, 0, weights=p)(f32(X))
    close(gx, np.ones(3))
    close(gp, X)
    assert type(p._data) is _plain_type()
    np.testing.assert_allclose(p.asnumpy(), 2 * X)


def test_outer_grad_through_captured_input(backend):
    x, y = f32([1.0, 3.0]), f32([2.0, -1.0])
    # inner: d/dx sum(x^2 y) = 2xy with y captured; outer: d/dy sum(2xy) = 2x
    outer = unigrad.grad(lambda y: unigrad.grad(lambda a: (a * a * y).sum())(x).sum())
    close(outer(y), [2.0, 6.0])
    both = unigrad.grad(lambda a, y: unigrad.grad(lambda b: (b * b * y).sum())(a).sum(), (0, 1))(x, y)
    close(both[0], [4.0, -2.0])
    close(both[1], [2.0, 6.0])


def test_outer_grad_on_weights_through_inner_input_grad(backend):
    w = Parameter(f32([1.0, 2.0]), name="w")
    inner = unigrad.grad(lambda x: (x * x * w).sum())  # 2 x w
    g = unigrad.grad(lambda x: inner(x).sum(), None, weights=[w])(f32([1.0, 3.0]))
    assert isinstance(g, tuple) and len(g) == 1
    close(g[0], [2.0, 6.0])
    assert type(w._data) is _plain_type()
    np.testing.assert_array_equal(w.asnumpy(), [1.0, 2.0])


def test_parameter_restored_when_function_raises(backend):
    w = Parameter(f32([1.0, 2.0]), name="w")

    def bad(x):
        _ = x * w
        raise KeyError("boom")

    with pytest.raises(KeyError):
        unigrad.grad(bad, 0, weights=[w])(f32([1.0, 1.0]))
    assert type(w._data) is _plain_type()
    np.testing.assert_array_equal(w.asnumpy(), [1.0, 2.0])


# -- a traced Tensor kept past its derivative ------------------------------------------------------------------
def _kept_after(call):
    """Run ``call(f)`` with an ``f`` that keeps its intermediate sin(x) * 2 in a list; return that Tensor."""
    kept = []

    def f(x):
        y = ops.sin(x) * 2.0
        kept.append(y)
        return (y * y).sum()

    call(f)
    (y,) = kept
    return y


KEEPERS = {
    "grad": lambda f: unigrad.grad(f)(f32(X)),
    "value_and_grad": lambda f: unigrad.value_and_grad(f)(f32(X)),
    "vjp": lambda f: unigrad.vjp(f, f32(X))[1](f32(1.0)),
    "grad of grad": lambda f: unigrad.grad(lambda x: unigrad.grad(f)(x).sum())(f32(X)),
}


@pytest.mark.parametrize("how", KEEPERS)
def test_a_kept_traced_tensor_is_its_value_afterwards(backend, how):
    """As in MindSpore's PyNative mode (and torch): an intermediate stored in a list or on a Cell during
    a derivative can be read and computed with afterwards, and is a constant to later derivatives.
    JAX cannot: its tracers end with the transformation, and JAX raises on their use."""
    y = _kept_after(KEEPERS[how])
    if not unigrad.backends.load(backend).keeps_traced_values:
        with pytest.raises(TypeError, match="unexpected tracer"):
            (y + 1.0).asnumpy()
        return
    expected = np.sin(X) * 2.0
    close(y, expected)
    close(y + 1.0, expected + 1.0)
    close(unigrad.grad(lambda v: (v * y).sum())(f32(X)), expected)


def test_a_value_kept_from_an_inner_derivative_stays_differentiable_by_the_outer_one(backend):
    def outer(x):
        kept = []

        def inner(a):
            kept.append(a * x)
            return a.sum()

        unigrad.grad(inner)(x)
        return kept[0].sum()  # a is x: d/dx sum(x * x) = 2x

    if not unigrad.backends.load(backend).keeps_traced_values:
        with pytest.raises(TypeError, match="unexpected tracer"):
            unigrad.grad(outer)(f32(X))
        return
    close(unigrad.grad(outer)(f32(X)), 2 * X)

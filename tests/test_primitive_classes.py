"""What the registry's finite differences and the MindSpore goldens do not show of the top-300 primitive classes
and helpers: the ones that return no Tensor (DType, Shape, partial), MultitypeFuncGraph and HyperMap as
MindSpore's optimizers use them, their errors, and the small top-level helpers (set_device, jit_class, log,
Cell.parameters_dict). Values are checked against MindSpore 2.10 in tests/test_mindspore_goldens.py."""
from __future__ import annotations

import numpy as np
import pytest

import unigrad
from unigrad import Tensor, nn, ops
from unigrad.ops import composite as C, functional as F, operations as P


def test_one_object_at_every_path():
    assert P.Reshape is ops.Reshape and F.cast is ops.cast and C.GradOperation is ops.GradOperation
    assert C.clip_by_value is ops.clip_by_value and F.depend is ops.depend and unigrad.common.tensor is unigrad.tensor
    import unigrad.common.dtype as mstype
    from unigrad.common.parameter import Parameter
    from unigrad.common.tensor import Tensor as CommonTensor
    assert mstype.float32 is unigrad.float32 is unigrad.dtype.float32 and CommonTensor is Tensor
    assert Parameter is unigrad.Parameter and unigrad.common.set_seed is unigrad.set_seed
    assert unigrad.nn.optim.momentum.Momentum is nn.Momentum and unigrad.mint.nn.ReLU is nn.ReLU


def test_dtype_shape_and_partial(backend):
    x = Tensor(np.ones((2, 3), np.int32))
    assert P.DType()(x) is unigrad.int32 and P.Shape()(x) == (2, 3) and repr(P.Shape()) == "Prim[Shape]"
    add_x = F.partial(ops.add, x)
    assert add_x(x).asnumpy().tolist() == [[2, 2, 2]] * 2 and P.Partial()(ops.mul, x)(x).dtype is unigrad.int32
    with pytest.raises(TypeError, match="partial's first argument must be callable, got int"):
        F.partial(3, x)


def test_multitype_func_graph_and_hyper_map_as_an_optimizer_uses_them(backend):
    """MindSpore's optimizers: ``hyper_map(F.partial(_apply, lr), params, grads)`` over tuples of Tensors."""
    apply = C.MultitypeFuncGraph("apply")

    @apply.register("Number", "Tensor", "Tensor")
    def _step(lr, param, grad):
        return param - lr * grad

    @apply.register("Tensor", "Tensor", "Tensor")
    def _step_tensor_lr(lr, param, grad):
        return param - lr * grad * 2

    params = (Tensor(np.array([1.0, 2.0], np.float32)), Tensor(np.array([3.0], np.float32)))
    grads = (Tensor(np.array([0.5, 0.5], np.float32)), Tensor(np.array([1.0], np.float32)))
    out = C.HyperMap()(F.partial(apply, 0.1), params, grads)
    assert type(out) is tuple and np.allclose(out[0].asnumpy(), [0.95, 1.95]) and np.allclose(out[1].asnumpy(), [2.9])
    out = C.HyperMap(apply)((Tensor(np.float32(0.1)),) * 2, params, grads)  # ops given when made; a Tensor lr
    assert np.allclose(out[1].asnumpy(), [2.8])
    nested = C.HyperMap()(ops.neg, (params[0], [params[1]]))
    assert isinstance(nested[1], list) and nested[1][0].asnumpy().tolist() == [-3.0]
    with pytest.raises(TypeError, match=r"apply: no function registered for arguments of types \(str, Tensor"):
        apply("lr", params[0], grads[0])
    with pytest.raises(TypeError, match="unknown type name"):
        apply.register("Tensr")
    with pytest.raises(ValueError, match="one structure"):
        C.HyperMap()(ops.add, params, grads[:1])


@pytest.mark.parametrize("make, message", [
    (lambda: P.Squeeze(1.5), "For 'Squeeze', 'axis' must be an int"),
    (lambda: P.Stack("0"), "For 'Stack', 'axis' must be an int"),
    (lambda: P.BroadcastTo(3), "For 'BroadcastTo', 'shape' must be a tuple of ints"),
    (lambda: P.L2Normalize(0, True), "For 'L2Normalize', 'epsilon' must be a float"),
])
def test_bad_attributes_name_what_was_given(make, message):
    with pytest.raises(TypeError, match=message):
        make()


def test_bad_inputs_name_what_was_given(backend):
    x = Tensor(np.arange(6.0, dtype=np.float32).reshape(2, 3))
    with pytest.raises(ValueError, match=r"the size of axis 1 \(3\) must be divisible by output_num \(2\)"):
        P.Split(1, 2)(x)
    with pytest.raises(ValueError, match="'output_num' must be a positive int, got 0"):
        P.Split(0, 0)(x)
    with pytest.raises(TypeError, match="gather_nd's indices must be an Int32 or Int64 Tensor, got Float32"):
        P.GatherNd()(x, x)
    with pytest.raises(ValueError, match=r"last axis of 1 to input_x's rank \(2\), got indices of shape \(1, 3\)"):
        ops.gather_nd(x, Tensor(np.zeros((1, 3), np.int32)))
    with pytest.raises(TypeError, match="tuple_to_array takes a non-empty tuple of numbers"):
        ops.tuple_to_array(())
    with pytest.raises(TypeError, match="clip_by_value's x must be a Tensor or a list or tuple of Tensors, got float"):
        ops.clip_by_value(1.0, 0.0, 0.5)
    with pytest.raises(TypeError, match="identity's input must be a Tensor, got list"):
        P.Identity()([1.0])


def test_identity_copies(backend):
    p = unigrad.Parameter(Tensor(np.ones(2, np.float32)), name="p")
    copy = P.Identity()(p)
    ops.assign(p, Tensor(np.zeros(2, np.float32)))
    assert copy.asnumpy().tolist() == [1.0, 1.0]


def test_top_level_helpers():
    @unigrad.jit_class
    class Plain:
        pass
    assert isinstance(Plain(), Plain)
    with pytest.raises(TypeError, match="can only be used for class type, but got 3"):
        unigrad.jit_class(3)
    with pytest.raises(TypeError, match="cannot be used for nn.Cell"):
        unigrad.jit_class(nn.Dense)
    with pytest.raises(ValueError, match=r"must be one of \['CPU', 'GPU', 'Ascend'\], but got 'TPU'"):
        unigrad.set_device("TPU")
    unigrad.set_device("CPU", 0)
    assert unigrad.get_context("device_target") == "CPU"
    assert unigrad.log.get_level() in "01234" and unigrad.log.get_log_config() == {"GLOG_v": unigrad.log.get_level()}


def test_cell_parameters_dict_and_init_parameters_data():
    net = nn.SequentialCell([nn.Dense(3, 2), nn.ReLU(), nn.Dense(2, 1)])
    named = net.parameters_dict()
    assert list(named) == [name for name, _ in net.parameters_and_names()] and named["0.weight"] is net[0].weight
    assert net.init_parameters_data() == {p: p for p in net.get_parameters()}


def test_map_constexpr_and_the_compile_hints(backend):
    x = Tensor(np.array([1.0, -2.0], np.float32))
    out = C.Map()(ops.mul, [x, x], [x, x])
    assert type(out) is tuple and out[1].asnumpy().tolist() == [1.0, 4.0]
    with pytest.raises(ValueError, match="tuples or lists of one length"):
        C.Map()(ops.add, (x, x), (x,))
    assert ops.constexpr(len)((1, 2)) == 2 and ops.constexpr(reuse_result=False)(len) is len
    assert unigrad.lazy_inline(len) is len and unigrad.lazy_inline(policy="front")(len) is len
    assert unigrad.mutable(x) is x and unigrad.mutable((1, 2.0)) == (1, 2.0)
    with pytest.raises(TypeError, match="mutable takes a Tensor, a number, or a tuple, list or dict of them, got str"):
        unigrad.mutable("a")
    assert unigrad.dtype_to_nptype(unigrad.float16) is np.float16
    with pytest.raises(ValueError, match="use_norm supports only None"):
        ops.clip_by_global_norm((x,), 1.0, x)
    with pytest.raises(ValueError, match="'output_type' must be Int32 or Int64, got Float32"):
        P.Argmax(-1, unigrad.float32)(x)
    with pytest.raises(TypeError, match="gather_elements' index must be an Int32 or Int64 Tensor, got Float32"):
        P.GatherD()(x, 0, x)

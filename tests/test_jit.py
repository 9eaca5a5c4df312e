"""``unigrad.jit``: a MindSpore train step compiles once, updates the model in place, gives the same
losses as without jit on every backend, recompiles only on new shapes, and reports errors at the user's line."""
import inspect
import traceback
import warnings

import numpy as np
import pytest

import unigrad
from unigrad import Parameter, Tensor, nn, ops
from unigrad._jit import JitFallbackWarning

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _compiles(backend: str) -> bool:
    """Whether unigrad.jit compiles on ``backend`` (its capability flag)."""
    return unigrad.backends.load(backend).compiles


class MLP(nn.Cell):
    """The MNIST MLP of the MindSpore quick start, shrunk (784-512-512-10 -> 32-16-16-10)."""

    def __init__(self, sizes=(32, 16, 16, 10)):
        super().__init__()
        self.flatten = nn.Flatten()
        self.dense_relu_sequential = nn.SequentialCell(
            nn.Dense(sizes[0], sizes[1]), nn.ReLU(), nn.Dense(sizes[1], sizes[2]), nn.ReLU(),
            nn.Dense(sizes[2], sizes[3]))

    def construct(self, x):
        return self.dense_relu_sequential(self.flatten(x))


def _batches(n_steps, batch=8, features=32, seed=0):
    rng = np.random.default_rng(seed)
    return [(rng.standard_normal((batch, features)).astype(np.float32), rng.integers(0, 10, batch).astype(np.int32))
            for _ in range(n_steps)]


def _train(use_jit, manual_sgd, n_steps=20, batch=8):
    """Build the model (seeded) and run the MindSpore tutorial's train step; the losses as floats."""
    unigrad.set_seed(1)
    model = MLP()
    params = model.trainable_params()
    optimizer = nn.SGD(params, learning_rate=1e-2)

    def forward_fn(data, label):
        logits = model(data)
        return ops.cross_entropy(logits, label), logits

    grad_fn = unigrad.value_and_grad(forward_fn, None, optimizer.parameters, has_aux=True)

    def train_step(data, label):
        (loss, _), grads = grad_fn(data, label)
        if manual_sgd:
            for p, g in zip(params, grads):
                p.set_data(p - 1e-2 * g)
        else:
            optimizer(grads)
        return loss

    step = unigrad.jit(train_step) if use_jit else train_step
    losses = [float(step(Tensor(x), Tensor(y))) for x, y in _batches(n_steps, batch)]
    return losses, [p.asnumpy() for p in params], step


@pytest.mark.parametrize("manual_sgd", [False, True], ids=["nn.SGD", "set_data"])
def test_jit_train_step_matches_eager(backend, manual_sgd):
    eager_losses, eager_params, _ = _train(False, manual_sgd)
    jit_losses, jit_params, step = _train(True, manual_sgd)
    np.testing.assert_allclose(jit_losses, eager_losses, rtol=1e-5)
    assert jit_losses[-1] < jit_losses[0]
    for a, b in zip(jit_params, eager_params):  # the model was updated in place
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    if _compiles(backend):
        assert step.compile_count == 1
    else:  # numpy and torch run the function as it is
        assert step.compile_count == 0


def test_jit_compiles_once_per_shape(backend):
    unigrad.set_seed(0)
    model = MLP()
    optimizer = nn.SGD(model.trainable_params(), learning_rate=1e-2)
    grad_fn = unigrad.value_and_grad(lambda x, y: ops.cross_entropy(model(x), y), None, optimizer.parameters)

    @unigrad.jit
    def train_step(x, y):
        loss, grads = grad_fn(x, y)
        optimizer(grads)
        return loss

    for x, y in _batches(20, batch=8):
        train_step(Tensor(x), Tensor(y))
    expected = 1 if _compiles(backend) else 0
    assert train_step.compile_count == expected
    for x, y in _batches(3, batch=5):  # a new batch size: one more program
        train_step(Tensor(x), Tensor(y))
    assert train_step.compile_count == 2 * expected
    for x, y in _batches(3, batch=8):  # the first shape again: cached
        train_step(Tensor(x), Tensor(y))
    assert train_step.compile_count == 2 * expected
    x, y = _batches(1, batch=8)[0]
    train_step(Tensor(x.astype(np.float64)).astype(unigrad.float32), Tensor(y.astype(np.int64)))  # a new dtype
    assert train_step.compile_count == 3 * expected
    assert int(optimizer.global_step.asnumpy()[0]) == 27


def test_static_arguments_and_structures(backend):
    w = Parameter(Tensor(np.array([1.0, 2.0], np.float32)), name="w")

    @unigrad.jit
    def f(inputs, scale, *, mode="add"):
        out = inputs["a"] * scale + inputs["b"][0] * w
        if mode == "add":  # a static argument: Python control flow on it is fine
            w.set_data(w + 1.0)
        return {"out": out, "pair": (out.sum(), mode), "none": None}

    a, b = Tensor(np.array([1.0, 1.0], np.float32)), Tensor(np.array([2.0, 3.0], np.float32))
    r = f({"a": a, "b": [b]}, 3.0)
    assert r["pair"][1] == "add" and r["none"] is None
    np.testing.assert_allclose(r["out"].asnumpy(), [5.0, 9.0])
    np.testing.assert_allclose(w.asnumpy(), [2.0, 3.0])
    r = f({"a": a, "b": [b]}, 3.0, mode="keep")
    np.testing.assert_allclose(r["out"].asnumpy(), [7.0, 12.0])
    np.testing.assert_allclose(w.asnumpy(), [2.0, 3.0])
    f({"a": a, "b": [b]}, 2.0)
    np.testing.assert_allclose(w.asnumpy(), [3.0, 4.0])
    assert f.compile_count == (3 if _compiles(backend) else 0)
    with pytest.raises(TypeError, match="hashable"):
        f({"a": a, "b": [b]}, np.float32([1.0]))  # an unhashable non-Tensor argument


def test_parameters_found_through_arguments_methods_and_globals(backend):
    net = MLP()
    x = Tensor(np.ones((4, 32), np.float32))
    expected = net(x).asnumpy()

    @unigrad.jit
    def apply(cell, x):
        return cell(x)

    np.testing.assert_allclose(apply(net, x).asnumpy(), expected, rtol=1e-6)
    # a later eager update of the weights is seen by the compiled program (they are inputs, not constants)
    first = net.trainable_params()[0]
    first.set_data(first * 0.0)
    np.testing.assert_allclose(apply(net, x).asnumpy(), net(x).asnumpy(), rtol=1e-6)

    class Scaled(nn.Cell):
        def __init__(self):
            super().__init__()
            self.k = Parameter(Tensor(np.float32(2.0)), name="k")

        @unigrad.jit
        def construct(self, x):
            self.k.set_data(self.k + 1.0)
            return x * self.k

    s = Scaled()
    np.testing.assert_allclose(s(x).asnumpy(), 3.0 * np.ones((4, 32)))
    np.testing.assert_allclose(s(x).asnumpy(), 4.0 * np.ones((4, 32)))
    assert float(s.k) == 4.0


def _raising_step(x):
    y = x * 2.0
    raise ValueError("bad value in the user's step")  # the line the traceback must show


def test_errors_show_the_users_line(backend):
    step = unigrad.jit(_raising_step)
    with pytest.raises(ValueError, match="user's step") as info:
        step(Tensor(np.ones(3, np.float32)))
    frames = traceback.extract_tb(info.value.__traceback__)
    line = _raising_step.__code__.co_firstlineno + 2
    assert any(f.filename == __file__ and f.lineno == line for f in frames), frames


def _fallback_warnings(caught) -> list:
    return [w for w in caught if issubclass(w.category, JitFallbackWarning)]


def _branch_line(fn, marker: str) -> int:
    """The line of ``fn``'s source (in this file) holding ``marker``."""
    lines, first = inspect.getsourcelines(fn)
    return first + next(i for i, line in enumerate(lines) if marker in line)


def test_a_branch_on_a_traced_value_names_the_function_and_line(backend):
    """A Python branch on a value computed in the function (the trace does not know it) does not fail: the
    function runs as plain Python, with one JitFallbackWarning at the branch's line that names it."""
    @unigrad.jit
    def f(x):
        if x.sum() > 0:  # Python control flow on a Tensor's value
            return x
        return -x

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert f(Tensor(np.ones(3, np.float32))).asnumpy().tolist() == [1.0, 1.0, 1.0]
        assert f(Tensor(-np.ones(3, np.float32))).asnumpy().tolist() == [1.0, 1.0, 1.0]
    [warning] = _fallback_warnings(caught)
    line = _branch_line(f.fn, "if x.sum() > 0")
    assert (warning.filename, warning.lineno) == (__file__, line)
    message = str(warning.message)
    assert f"{f.fn.__qualname__} needs the value" in message and f"test_jit.py:{line}" in message
    assert f.compile_count == (1 if _compiles(backend) else 0)


class _LossScaled(nn.Cell):
    """The mixed-precision page's train step in small: loss scaling, ``all_finite`` on the gradients and
    ``if is_finite:`` around the optimizer, then the scale adjusted (a Parameter) whatever the branch took."""

    def __init__(self):
        super().__init__()
        self.net = nn.Dense(4, 3)
        self.optimizer = nn.SGD(self.net.trainable_params(), learning_rate=0.1)
        self.scale = Parameter(Tensor(np.float32(2.0 ** 4)), name="scale", requires_grad=False)
        self.skipped = Parameter(Tensor(np.int32(0)), name="skipped", requires_grad=False)
        self.grad_fn = unigrad.value_and_grad(self.forward, None, self.optimizer.parameters)

    def forward(self, x, y):
        return ops.cross_entropy(self.net(x), y) * self.scale

    def step(self, x, y):
        loss, grads = self.grad_fn(x, y)
        loss = loss / self.scale
        is_finite = ops.stack([ops.isfinite(g).all() for g in grads]).all()
        if is_finite:  # the page's branch
            self.optimizer(tuple(g / self.scale for g in grads))
        else:
            self.skipped.set_data(self.skipped + 1)
        self.scale.set_data(ops.select(is_finite, self.scale * 2.0, self.scale / 2.0))
        return loss


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # the overflowing step's inf - inf
def test_a_branching_train_step_gives_the_eager_numbers_and_updates_once_per_call(backend):
    """The mixed-precision page's step under jit: every call's loss, the weights and the loss scale as without
    jit (a step with an overflow skipped, as ``if is_finite:`` says), each Parameter update made once per call
    (the dropped trace wrote none), one warning in all, and one trace only: later calls run as plain Python."""
    rng = np.random.default_rng(2)
    batches = [(rng.standard_normal((5, 4)).astype(np.float32), rng.integers(0, 3, 5).astype(np.int32))
               for _ in range(6)]
    batches[3][0][0, 0] = np.inf  # an overflow: the gradients are not finite, the step is skipped

    def run(use_jit):
        unigrad.set_seed(4)
        model = _LossScaled()
        step = unigrad.jit(model.step) if use_jit else model.step
        losses = [float(step(Tensor(x), Tensor(y))) for x, y in batches]
        return losses, model, step

    eager_losses, eager, _ = run(False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        losses, model, step = run(True)
    assert len(_fallback_warnings(caught)) == 1
    assert _fallback_warnings(caught)[0].lineno == _branch_line(_LossScaled.step, "if is_finite:")
    np.testing.assert_allclose(losses, eager_losses, rtol=1e-6)
    for a, b in zip(model.trainable_params(), eager.trainable_params()):
        np.testing.assert_allclose(a.asnumpy(), b.asnumpy(), rtol=1e-6)
    assert int(model.optimizer.global_step.asnumpy()[0]) == 5  # the optimizer ran on the five finite steps
    assert int(model.skipped) == 1
    assert float(model.scale) == 2.0 ** 4 * 2.0 ** 5 / 2.0 == float(eager.scale)
    assert step.compile_count == (1 if _compiles(backend) else 0)


def test_a_dropped_trace_leaves_the_random_draws_as_they_were(backend):
    """A Cell built and a dropout drawn before the branch: with jit the same numbers as without (the dropped
    trace's draws from the host generator are undone), on every call."""
    def f(x):
        layer = nn.Dense(6, 6)
        drop = nn.Dropout(p=0.5)
        drop.set_train()
        y = drop(layer(x))
        while float(y.abs().sum()) > 1.0:  # a loop on a traced value
            y = y / 2.0
        return y

    x = Tensor(np.ones((2, 6), np.float32))
    unigrad.set_seed(7)
    eager = [f(x).asnumpy() for _ in range(3)]
    unigrad.set_seed(7)
    jitted = unigrad.jit(f)
    with pytest.warns(JitFallbackWarning, match="while"):
        got = [jitted(x).asnumpy() for _ in range(3)]
    for a, b in zip(got, eager):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(got[0], got[1])


def test_a_jitted_function_that_branches_inside_another(backend):
    """The inner function branches: it runs as plain Python, and so does the outer one that calls it (a
    compiled program cannot either); each warns once, at the inner branch; the numbers are eager's."""
    w = Parameter(Tensor(np.float32(1.0)), name="w")

    @unigrad.jit
    def inner(x):
        w.set_data(w + 1.0)
        return x * 2.0 if int(x.sum()) % 2 else x  # int() of a traced value

    @unigrad.jit
    def outer(x):
        return inner(x + 1.0) * w

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        results = [float(outer(Tensor(np.float32(v)))) for v in (0.0, 1.0, 2.0)]
    assert results == [2.0 * 2.0, 2.0 * 3.0, 6.0 * 4.0]
    assert float(w) == 4.0
    names = sorted(str(w.message).split(" needs")[0] for w in _fallback_warnings(caught))
    assert len(names) == 2 and names[0].endswith("inner") and names[1].endswith("outer")
    assert {w.lineno for w in _fallback_warnings(caught)} == {_branch_line(inner.fn, "int(x.sum())")}


THRESHOLD = Tensor(np.float32(0.5))  # a Tensor the function reaches that is not a Parameter: a constant


def test_reading_values_a_trace_knows_compiles_without_a_warning(backend):
    """The values a trace knows may be read: a global Tensor that is not a Parameter and the weights of a
    Cell built inside the function (from host data). It compiles (on jax) with no warning on any backend."""
    @unigrad.jit
    def f(x):
        layer = nn.Dense(3, 2)
        scale = 2.0 if float(THRESHOLD) > 0.25 else 3.0
        assert layer.weight.asnumpy().shape == (2, 3)
        return layer(x) * scale

    x = Tensor(np.ones((4, 3), np.float32))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        unigrad.set_seed(3)
        out = f(x)
    assert _fallback_warnings(caught) == []
    unigrad.set_seed(3)
    np.testing.assert_allclose(out.asnumpy(), (nn.Dense(3, 2)(x) * 2.0).asnumpy(), rtol=1e-6)
    assert f.compile_count == (1 if _compiles(backend) else 0)


class _Clipped(nn.Cell):
    """A Cell holding a Tensor that is not a Parameter, read in its jitted construct."""

    def __init__(self):
        super().__init__()
        self.limit = Tensor(np.float32(3.0))

    @unigrad.jit
    def construct(self, x):
        return ops.clamp(x, -float(self.limit), float(self.limit)) if float(self.limit) > 0 else x


def test_a_cells_own_constant_is_known_to_its_jitted_method(backend):
    """A Tensor attribute of the Cell whose method is jitted (a static argument) is a constant of the trace: its
    value may be read, with no warning on any backend."""
    cell = _Clipped()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = cell(Tensor(np.array([-5.0, 1.0, 5.0], np.float32)))
    assert _fallback_warnings(caught) == []
    assert out.asnumpy().tolist() == [-3.0, 1.0, 3.0]


class Network(nn.Cell):
    """The static-graph page's network (tutorials/source_en/beginner/accelerate_with_static_graph.md), shrunk."""

    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.dense_relu_sequential = nn.SequentialCell(nn.Dense(4 * 4, 8), nn.ReLU(), nn.Dense(8, 8), nn.ReLU(),
                                                       nn.Dense(8, 10))

    def construct(self, x):
        return self.dense_relu_sequential(self.flatten(x))


def test_a_cell_built_inside_jit(backend):
    """The static-graph page's ``@ms.jit def run(x): model = Network(); return model(x)``: the initializers run on
    the host while tracing, so the output is that of the same Network built eagerly from the same seed. Where
    jit compiles, the Network is built once, when compiling, as MindSpore 2.10 builds it: a later call reuses its
    weights and draws nothing. Where it does not compile, each call builds a new one, as plain Python does."""
    x = Tensor(np.ones((6, 1, 4, 4), np.float32))

    @unigrad.jit
    def run(x):
        model = Network()
        return model(x)

    unigrad.set_seed(11)
    model = Network()
    first, first_doubled, second = model(x).asnumpy(), model(x * 2.0).asnumpy(), Network()(x).asnumpy()
    unigrad.set_seed(11)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        outputs = [run(x).asnumpy() for _ in range(2)]
        outputs.append(run(x * 2.0).asnumpy())
    assert _fallback_warnings(caught) == []
    np.testing.assert_allclose(outputs[0], first, rtol=1e-6)
    if _compiles(backend):
        np.testing.assert_array_equal(outputs[1], outputs[0])
        np.testing.assert_allclose(outputs[2], first_doubled, rtol=1e-6)  # new values, the same weights
        assert run.compile_count == 1
    else:
        np.testing.assert_allclose(outputs[1], second, rtol=1e-6)


def test_python_side_effects_run_while_compiling(backend, capsys):
    @unigrad.jit
    def f(x):
        print("tracing")
        return x + 1.0

    for _ in range(3):
        f(Tensor(np.ones(2, np.float32)))
    printed = capsys.readouterr().out.count("tracing")
    assert printed == (1 if _compiles(backend) else 3)


def test_jit_with_mindspore_options_and_nested_jit(backend):
    w = Parameter(Tensor(np.float32(1.0)), name="w")

    @unigrad.jit(jit_config=None)
    def inner(x):
        w.set_data(w * 2.0)
        return x * w

    @unigrad.jit
    def outer(x):
        return inner(x) + inner(x)

    out = outer(Tensor(np.float32(1.0)))
    assert float(out) == 6.0 and float(w) == 4.0


def test_jit_conv_step_matches_eager(backend):
    """Conv, max pool (the jax backend's native kernels) and dense layers: the same losses under jit."""
    def run(use_jit):
        unigrad.set_seed(3)
        model = nn.SequentialCell(nn.Conv2d(1, 4, 3, pad_mode="pad", padding=1, has_bias=True), nn.ReLU(),
                                  nn.MaxPool2d(2, 2), nn.Flatten(), nn.Dense(4 * 4 * 4, 10))
        optimizer = nn.Momentum(model.trainable_params(), learning_rate=0.05, momentum=0.9)
        grad_fn = unigrad.value_and_grad(lambda x, y: ops.cross_entropy(model(x), y), None, optimizer.parameters)

        def train_step(x, y):
            loss, grads = grad_fn(x, y)
            optimizer(grads)
            return loss

        step = unigrad.jit(train_step) if use_jit else train_step
        rng = np.random.default_rng(5)
        x = Tensor(rng.standard_normal((6, 1, 8, 8)).astype(np.float32))
        y = Tensor(rng.integers(0, 10, 6).astype(np.int32))
        return [float(step(x, y)) for _ in range(8)]

    eager, jitted = run(False), run(True)
    np.testing.assert_allclose(jitted, eager, rtol=1e-5)
    assert jitted[-1] < jitted[0]


def test_dropout_draws_a_new_mask_on_every_call(backend):
    """Under jit as without it: each call draws a new mask (on jax from the call's seed, not one mask
    fixed while compiling), also from a jitted function called inside another; set_seed repeats the
    sequence; about 1 - p of the elements are kept; the value and the gradient follow one mask."""
    drop = nn.Dropout(p=0.5)
    drop.set_train()
    grad_fn = unigrad.value_and_grad(lambda x: drop(x).sum())
    step = unigrad.jit(lambda x: grad_fn(x))
    nested = unigrad.jit(lambda x: step(x)[1] * 1.0)

    def gradients(seed):
        unigrad.set_seed(seed)
        x = Tensor(np.ones(2000, np.float32))
        out = []
        for _ in range(3):
            value, grad = step(x)
            assert float(value) == pytest.approx(float(grad.sum()))
            out.append(grad.asnumpy())
        out += [nested(x).asnumpy() for _ in range(2)]
        return out

    first = gradients(11)
    for g in first:
        assert set(np.unique(g)) == {0.0, 2.0}
        assert 0.45 < np.mean(g == 2.0) < 0.55
    for a, b in zip(first, first[1:]):
        assert not np.array_equal(a, b)
    for a, b in zip(first, gradients(11)):
        np.testing.assert_array_equal(a, b)
    assert step.compile_count == (1 if _compiles(backend) else 0)


@pytest.mark.parametrize("index, size, bad", [([1, 7], 6, 7), ([1, -7], 6, -7), ([0, 7], 7, 7)])
def test_an_index_out_of_bounds_raises_under_jit(backend, index, size, bad):
    """A traced index has no value while jax compiles, and jax would clamp it: the compiled program checks
    it when it runs, with the eager message (a new trace, a new size: that trace's message; torch says
    'dimension' for 'axis')."""
    take = unigrad.jit(lambda x, i: x[i])
    gather = unigrad.jit(lambda x, i: ops.gather(x, i, 0))
    x = Tensor(np.arange(size, dtype=np.float32))
    for f in (take, gather):
        with pytest.raises(IndexError, match=rf"^index {bad} is out of bounds for (axis|dimension) 0 with size {size}$"):
            f(x, Tensor(np.array(index, np.int32)))
        np.testing.assert_array_equal(f(x, Tensor(np.array([1, -size], np.int32))).asnumpy(), [1.0, 0.0])


def test_a_failed_index_check_writes_no_parameter(backend):
    """The check runs before unigrad.jit writes the step's new Parameters: a step that raised left none."""
    w = Parameter(Tensor(np.arange(6.0, dtype=np.float32)), name="w")
    grad_fn = unigrad.value_and_grad(lambda i: ops.sum(w[i] * 2.0), None, weights=[w])

    @unigrad.jit
    def step(i):
        loss, (g,) = grad_fn(i)
        w.set_data(w - 0.5 * g)
        return loss

    assert float(step(Tensor(np.array([0, 1], np.int32)))) == 2.0
    with pytest.raises(IndexError, match="index 9 is out of bounds for (axis|dimension) 0 with size 6"):
        step(Tensor(np.array([0, 9], np.int32)))
    np.testing.assert_array_equal(w.asnumpy(), [-1.0, 0.0, 2.0, 3.0, 4.0, 5.0])
    assert step.compile_count == (1 if _compiles(backend) else 0)


def test_a_layer_added_after_the_first_call_is_traced_with_its_parameters(backend):
    """unigrad.jit finds the Parameters a function reaches again once Parameters were made or a Cell gained
    one: a layer appended after the first call is threaded as state, not baked in as a constant."""
    unigrad.set_seed(0)
    model = nn.SequentialCell(nn.Dense(3, 3))
    step = unigrad.jit(lambda x: model(x).sum())
    x = Tensor(np.ones((2, 3), np.float32))
    step(x)
    model.append(nn.Dense(3, 2))
    np.testing.assert_allclose(step(x).asnumpy(), model(x).sum().asnumpy(), rtol=1e-6)
    ops.assign(model[1].weight, model[1].weight * 2.0)  # a new value, in place: the program must read it
    np.testing.assert_allclose(step(x).asnumpy(), model(x).sum().asnumpy(), rtol=1e-6)
    if _compiles(backend):
        assert step.compile_count == 2

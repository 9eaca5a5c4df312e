"""How MindSpore 2.10's SGD and Momentum round an update: ``p - fl(lr * g)`` (two roundings, as NumPy's
``p - lr * g``) or ``p - lr * g`` rounded once (a fused multiply-add, as BLAS axpy and XLA give). Prints the
count of elements of one 784x512 step that differ from each. Run it with MindSpore installed (never in CI):

    msvenv/bin/python tools/measure_mindspore_sgd_rounding.py

MindSpore 2.10 on the CPU printed 0 differences from two roundings and 7,025 of 401,408 from one, for both
optimizers; ``tests/test_nn_layers.py`` holds every eager backend of unigrad to the two-rounding result."""
import mindspore as ms
import numpy as np
from mindspore import Parameter, Tensor, nn

LR = 1e-2
rng = np.random.default_rng(0)
start, grad = (rng.standard_normal((784, 512)).astype(np.float32) for _ in range(2))
rounded_twice = start - np.float32(LR) * grad
fused = (start.astype(np.float64) - np.float64(np.float32(LR)) * grad.astype(np.float64)).astype(np.float32)
for name, make in [("SGD", lambda ps: nn.SGD(ps, LR)), ("Momentum", lambda ps: nn.Momentum(ps, LR, 0.0))]:
    weight = Parameter(Tensor(start.copy()), name="w")
    make([weight])((Tensor(grad),))
    got = weight.asnumpy()
    print(f"MindSpore {ms.__version__} {name}: {np.count_nonzero(got != rounded_twice)} of {got.size} differ from "
          f"two roundings, {np.count_nonzero(got != fused)} from one")

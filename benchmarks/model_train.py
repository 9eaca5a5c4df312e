"""``Model.train`` against a hand-written loop of the same steps, one epoch each, on every backend.

    python benchmarks/model_train.py             # 15 alternating pairs per backend, median ratio
    python benchmarks/model_train.py --quick     # 5 pairs

Workload: the MNIST quickstart MLP (784-512-512-10, ``nn.CrossEntropyLoss``, ``nn.SGD`` lr 1e-2) on a
``NumpySlicesDataset`` of 3,200 fixed random rows, batch 64 (50 steps an epoch), no shuffle. Both sides read the
dataset through its tuple iterator. The hand loop is ``value_and_grad(forward_fn, None, optimizer.parameters)``
and ``optimizer(grads)`` per batch (under ``unigrad.jit`` on jax, as Model compiles its step); ``Model.train(1,
ds)`` runs with no callbacks. Each side has its own net from the same weights; an epoch ends when its last
update is on the host (jax: ``block_until_ready``). The ratio is Model ÷ hand loop per pair, then the median;
the target is ≤ 1.03.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("JAX_PLATFORMS", "cpu")

from _process import apply_allocator, apply_threads  # noqa: E402  (before numpy, torch and jax load)

THREADS = apply_threads() if __name__ == "__main__" else 0
ALLOCATOR = apply_allocator() if __name__ == "__main__" else "default malloc"

import numpy as np  # noqa: E402

import tutorial  # noqa: E402  (benchmarks/tutorial.py: the quickstart network)

ROWS, BATCH, LR = 3200, 64, 1e-2


def _data(rng):
    x = rng.uniform(0.0, 1.0, (ROWS, 28 * 28)).astype(np.float32)
    y = rng.integers(0, 10, ROWS).astype(np.int32)
    return x, y


def _setup(ms, weights, x, y):
    net = tutorial.quickstart_network(ms)
    for param, value in zip(net.trainable_params(), weights):
        param.set_data(ms.Tensor(value))
    dataset = ms.dataset.NumpySlicesDataset((x, y), column_names=["data", "label"], shuffle=False).batch(BATCH)
    return net, (ms.nn.CrossEntropyLoss(), ms.nn.SGD(net.trainable_params(), LR)), dataset


def _block(net):
    value = net.trainable_params()[-1]._data
    if hasattr(value, "block_until_ready"):
        value.block_until_ready()


def hand_loop(ms, weights, x, y):
    net, (loss_fn, optimizer), dataset = _setup(ms, weights, x, y)

    def forward_fn(data, label):
        return loss_fn(net(data), label)

    grad_fn = ms.value_and_grad(forward_fn, None, optimizer.parameters)

    def step(data, label):
        loss, grads = grad_fn(data, label)
        optimizer(grads)
        return loss

    step = ms.jit(step) if ms.get_backend() == "jax" else step

    def epoch():
        for data, label in dataset.create_tuple_iterator(num_epochs=1):
            step(data, label)
        _block(net)
    return epoch


def model_train(ms, weights, x, y):
    net, (loss_fn, optimizer), dataset = _setup(ms, weights, x, y)
    model = ms.Model(net, loss_fn, optimizer)

    def epoch():
        model.train(1, dataset)
        _block(net)
    return epoch


def _time(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run(backend: str, pairs: int) -> float:
    import unigrad as ms
    ms.set_backend(backend)
    rng = np.random.default_rng(0)
    weights = [p.asnumpy() for p in tutorial.quickstart_network(ms).trainable_params()]
    x, y = _data(rng)
    hand, model = hand_loop(ms, weights, x, y), model_train(ms, weights, x, y)
    hand(), model()  # compile (jax) and warm up
    ratios, hand_s, model_s = [], [], []
    for i in range(pairs):  # alternating pairs, each order half the time
        if i % 2:
            m, h = _time(model), _time(hand)
        else:
            h, m = _time(hand), _time(model)
        hand_s.append(h)
        model_s.append(m)
        ratios.append(m / h)
    ratio = statistics.median(ratios)
    print(f"  {backend:6s} hand loop {statistics.median(hand_s) * 1e3:8.2f} ms/epoch   Model.train "
          f"{statistics.median(model_s) * 1e3:8.2f} ms/epoch   ratio {ratio:.3f} (median of {pairs} pairs)",
          flush=True)
    return ratio


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--threads", type=int, default=1, help="threads per library (0: their defaults)")
    parser.add_argument("--default-malloc", action="store_true", help="leave glibc's malloc thresholds alone")
    parser.add_argument("--backend", action="append", help="only these backends (default: every available one)")
    args = parser.parse_args(argv)
    import unigrad
    backends = args.backend or unigrad.available_backends()
    print(f"Model.train epoch ÷ hand-written loop, {ROWS // BATCH} steps of batch {BATCH} "
          f"(threads {THREADS or 'default'}, {ALLOCATOR})")
    ratios = {b: run(b, 5 if args.quick else 15) for b in backends}
    worst = max(ratios.values())
    print(f"worst ratio {worst:.3f} (target <= 1.03)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

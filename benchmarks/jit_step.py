"""``@unigrad.jit`` on the jax backend against raw ``jax.jit`` of the same train step, timed in the same run.

    python benchmarks/jit_step.py            # MLP and LeNet steps, median of 15 repeats
    python benchmarks/jit_step.py --quick    # fewer repeats
    python benchmarks/jit_step.py --threads 0   # each library's default thread pools

Workloads (float32, the same initial weights and data for both sides):

* ``mlp``: the MNIST MLP 784-512-512-10, batch 64, cross entropy, SGD lr 1e-2;
* ``lenet``: LeNet (conv 5x5 x6, max pool, conv 5x5 x16, max pool, 400-120-84-10), batch 32, 1x32x32.

unigrad runs each step two ways: ``functional`` (the raw step's math written with ``unigrad.ops`` on
Parameters, ``value_and_grad`` over the weights, ``p.set_data(p - lr * g)``) and ``tutorial`` (MindSpore's
quickstart code, benchmarks/tutorial.py: an ``nn.Cell`` model, ``nn.CrossEntropyLoss``, ``nn.SGD`` and its
``train_step``: value_and_grad with has_aux, then ``optimizer(grads)``, which also counts a global step). Raw JAX is ``jax.jit(value_and_grad + SGD)``
returning new parameters. Every step blocks until its loss is ready. Before timing, the first two
losses of each unigrad step are compared with raw JAX's. The target is a ratio of at most 1.10.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys

os.environ.setdefault("JAX_PLATFORMS", "cpu")


from _process import apply_allocator, apply_threads  # noqa: E402  (before numpy, torch and jax load)

THREADS = apply_threads() if __name__ == "__main__" else 0
ALLOCATOR = apply_allocator() if __name__ == "__main__" else "default malloc"

import numpy as np  # noqa: E402

import run as run_benchmarks  # noqa: E402  (benchmarks/run.py: the raw JAX losses, written once)
import tutorial  # noqa: E402  (benchmarks/tutorial.py: the MindSpore code the tutorial rows run)

LR = 1e-2
MLP_SIZES = (784, 512, 512, 10)
MLP_BATCH = 64
LENET_BATCH = 32


# -- shared data ------------------------------------------------------------------------------------
def _dense(rng, fan_out, fan_in):
    bound = 1.0 / np.sqrt(fan_in)
    return [rng.uniform(-bound, bound, (fan_out, fan_in)).astype(np.float32),
            rng.uniform(-bound, bound, (fan_out,)).astype(np.float32)]


def _conv(rng, c_out, c_in, k):
    bound = 1.0 / np.sqrt(c_in * k * k)
    return [rng.uniform(-bound, bound, (c_out, c_in, k, k)).astype(np.float32),
            rng.uniform(-bound, bound, (c_out,)).astype(np.float32)]


def mlp_data(rng):
    params = []
    for fan_in, fan_out in zip(MLP_SIZES[:-1], MLP_SIZES[1:]):
        params += _dense(rng, fan_out, fan_in)
    x = rng.uniform(0.0, 1.0, (MLP_BATCH, MLP_SIZES[0])).astype(np.float32)
    y = rng.integers(0, MLP_SIZES[-1], MLP_BATCH).astype(np.int32)
    return params, x, y


def lenet_data(rng):
    params = (_conv(rng, 6, 1, 5) + _conv(rng, 16, 6, 5) + _dense(rng, 120, 400) + _dense(rng, 84, 120)
              + _dense(rng, 10, 84))
    x = rng.standard_normal((LENET_BATCH, 1, 32, 32)).astype(np.float32)
    y = rng.integers(0, 10, LENET_BATCH).astype(np.int32)
    return params, x, y


# -- raw JAX ----------------------------------------------------------------------------------------------
def _raw_step(loss_fn, params, x, y):
    import jax
    import jax.numpy as jnp
    params = [jnp.asarray(p) for p in params]
    x, y = jnp.asarray(x), jnp.asarray(y)

    @jax.jit
    def update(params, x, y):
        loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
        return [p - LR * g for p, g in zip(params, grads)], loss

    def step():
        nonlocal params
        params, loss = update(params, x, y)
        return jax.block_until_ready(loss)
    return step


def mlp_raw(params, x, y):
    import jax
    return _raw_step(run_benchmarks.jax_mlp_loss(jax), params, x, y)


def lenet_raw(params, x, y):
    import jax
    return _raw_step(run_benchmarks.jax_lenet_loss(jax), params, x, y)


# -- unigrad on jax, @unigrad.jit ----------------------------------------------------------------------------
def _ug():
    import unigrad
    unigrad.set_backend("jax")
    return unigrad


def _ug_block(loss):
    import jax
    return jax.block_until_ready(loss._data)


def _ug_functional(loss_fn, params, x, y):
    ug = _ug()
    params = [ug.Parameter(ug.Tensor(p), name=f"p{i}") for i, p in enumerate(params)]
    x, y = ug.Tensor(x), ug.Tensor(y)
    grad_fn = ug.value_and_grad(lambda x, y: loss_fn(params, x, y), None, params)

    @ug.jit
    def train_step(x, y):
        loss, grads = grad_fn(x, y)
        for p, g in zip(params, grads):
            p.set_data(p - LR * g)
        return loss

    return lambda: _ug_block(train_step(x, y))


def mlp_functional(params, x, y):
    return _ug_functional(run_benchmarks.unigrad_mlp_loss(_ug().ops), params, x, y)


def lenet_functional(params, x, y):
    return _ug_functional(run_benchmarks.unigrad_lenet_loss(_ug().ops), params, x, y)


def _ug_tutorial(network, params, x, y):
    """MindSpore's quickstart train step under ``mindspore.jit`` (benchmarks/tutorial.py)."""
    ug = _ug()
    step = tutorial.train_step(ug, network(ug), params, LR, jit=True)
    x, y = ug.Tensor(x), ug.Tensor(y)
    return lambda: _ug_block(step(x, y))


def mlp_tutorial(params, x, y):
    return _ug_tutorial(tutorial.quickstart_network, params, x, y)


def lenet_tutorial(params, x, y):
    return _ug_tutorial(tutorial.lenet5, params, x, y)


WORKLOADS = {
    "mlp": (f"MNIST MLP 784-512-512-10, batch {MLP_BATCH}", mlp_data,
            {"jax.jit": mlp_raw, "unigrad.jit functional": mlp_functional, "unigrad.jit tutorial": mlp_tutorial}),
    "lenet": (f"LeNet conv step, batch {LENET_BATCH}", lenet_data,
              {"jax.jit": lenet_raw, "unigrad.jit functional": lenet_functional,
               "unigrad.jit tutorial": lenet_tutorial}),
}


# -- timing ---------------------------------------------------------------------------------------------
def run(name, repeats, budget_s):
    title, data, makers = WORKLOADS[name]
    steps, first = {}, {}
    for label, make in makers.items():
        step = make(*data(np.random.default_rng(0)))
        first[label] = [float(np.asarray(step())) for _ in range(2)]  # compiles, and checks the math
        steps[label] = step
    ref = first["jax.jit"]
    for step in steps.values():  # warm up every step (thread pools, allocator, caches)
        run_benchmarks.time_repeat(step, 10)
    per_call = run_benchmarks.time_repeat(steps["jax.jit"], 20)
    iters = max(3, int(budget_s / repeats / max(per_call, 1e-6) / len(steps)))
    samples = {label: [] for label in steps}
    for _ in range(repeats):  # interleaved, so drift hits every framework alike
        for label, step in steps.items():
            samples[label].append(run_benchmarks.time_repeat(step, iters))
    base = statistics.median(samples["jax.jit"])
    print(f"\n{name}: {title}   ({repeats} repeats x {iters} steps, median per step)")
    for label in steps:
        t = statistics.median(samples[label])
        fastest = min(samples[label]) / min(samples["jax.jit"])
        diff = max(abs(a - b) for a, b in zip(first[label], ref))
        print(f"  {label:24s} {t * 1e3:8.3f} ms   {t / base:5.2f}x jax.jit (median; {fastest:4.2f}x on the fastest "
              f"repeats)   first two losses differ by {diff:.1e}")
    return {label: statistics.median(s) / base for label, s in samples.items()}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--threads", type=int, default=1, help="threads per library (0: their defaults)")
    parser.add_argument("--default-malloc", action="store_true", help="leave glibc's malloc thresholds alone")
    parser.add_argument("--only", choices=sorted(WORKLOADS))
    args = parser.parse_args(argv)
    import jax
    print(f"jax {jax.__version__} on {jax.devices()[0].platform}, threads={THREADS or 'default'}, {ALLOCATOR}, "
          f"python {sys.version.split()[0]}")
    repeats, budget = (5, 2.0) if args.quick else (21, 15.0)
    for name in ([args.only] if args.only else WORKLOADS):
        run(name, repeats, budget)


if __name__ == "__main__":
    main()

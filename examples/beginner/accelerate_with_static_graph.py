"""MindSpore's beginner tutorial "Accelerating with Static Graphs" (tutorials/source_en/beginner/
accelerate_with_static_graph.md), its code cells in order, unmodified but for ``import unigrad as ms``.

Run: ``python examples/beginner/accelerate_with_static_graph.py``. The page builds its Network in PyNative mode,
in GRAPH_MODE (unigrad records the mode and runs eagerly), inside an ``@ms.jit`` function (twice: decorated and
``ms.jit(run)``; the Network is built while the function is compiled) and with ``@ms.jit`` on ``construct``.
Its weights come from MindSpore's RNG; ``--fixed-weights SEED`` (not in the tutorial) sets those of each Network
built outside a jitted function from a seeded NumPy generator (examples/beginner/_fixed.py), so that every backend
and MindSpore print the same numbers there. The two Networks built inside ``run`` cannot be reached from outside
it: their outputs are compared as text (tests/goldens/beginner_pages.py marks them random).
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _fixed import fix_weights  # noqa: E402  (not in the tutorial)

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--fixed-weights", type=int, metavar="SEED", help="draw the weights from NumPy, seeded")
args = parser.parse_args()

import numpy as np  # noqa: E402
import unigrad as ms  # noqa: E402
from unigrad import nn, Tensor  # noqa: E402
ms.set_context(mode=ms.PYNATIVE_MODE)  # Dynamic graph mode configuration using set_context

class Network(nn.Cell):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.dense_relu_sequential = nn.SequentialCell(
            nn.Dense(28*28, 512),
            nn.ReLU(),
            nn.Dense(512, 512),
            nn.ReLU(),
            nn.Dense(512, 10)
        )

    def construct(self, x):
        x = self.flatten(x)
        logits = self.dense_relu_sequential(x)
        return logits

model = Network()
fix_weights(model, args.fixed_weights, Tensor)  # not in the tutorial
input = Tensor(np.ones([64, 1, 28, 28]).astype(np.float32))
output = model(input)
print(output)

import numpy as np  # noqa: E402
import unigrad as ms  # noqa: E402
from unigrad import nn, Tensor  # noqa: E402
ms.set_context(mode=ms.GRAPH_MODE)  # Static graph mode configuration using set_context

class Network(nn.Cell):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.dense_relu_sequential = nn.SequentialCell(
            nn.Dense(28*28, 512),
            nn.ReLU(),
            nn.Dense(512, 512),
            nn.ReLU(),
            nn.Dense(512, 10)
        )

    def construct(self, x):
        x = self.flatten(x)
        logits = self.dense_relu_sequential(x)
        return logits

model = Network()
fix_weights(model, args.fixed_weights, Tensor)  # not in the tutorial
input = Tensor(np.ones([64, 1, 28, 28]).astype(np.float32))
output = model(input)
print(output)

import numpy as np  # noqa: E402
import unigrad as ms  # noqa: E402
from unigrad import nn, Tensor  # noqa: E402

class Network(nn.Cell):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.dense_relu_sequential = nn.SequentialCell(
            nn.Dense(28*28, 512),
            nn.ReLU(),
            nn.Dense(512, 512),
            nn.ReLU(),
            nn.Dense(512, 10)
        )

    def construct(self, x):
        x = self.flatten(x)
        logits = self.dense_relu_sequential(x)
        return logits

input = Tensor(np.ones([64, 1, 28, 28]).astype(np.float32))

@ms.jit  # Use the ms.jit decorator to make the decorated function run in static graph mode
def run(x):
    model = Network()
    return model(x)

output = run(input)
print(output)

import numpy as np  # noqa: E402
import unigrad as ms  # noqa: E402
from unigrad import nn, Tensor  # noqa: E402

class Network(nn.Cell):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.dense_relu_sequential = nn.SequentialCell(
            nn.Dense(28*28, 512),
            nn.ReLU(),
            nn.Dense(512, 512),
            nn.ReLU(),
            nn.Dense(512, 10)
        )

    def construct(self, x):
        x = self.flatten(x)
        logits = self.dense_relu_sequential(x)
        return logits

input = Tensor(np.ones([64, 1, 28, 28]).astype(np.float32))

def run(x):
    model = Network()
    return model(x)

run_with_jit = ms.jit(run)  # Transforming a function to execute as a static graph by calling jit
output = run_with_jit(input)
print(output)

import numpy as np  # noqa: E402
import unigrad as ms  # noqa: E402
from unigrad import nn, Tensor  # noqa: E402

class Network(nn.Cell):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.dense_relu_sequential = nn.SequentialCell(
            nn.Dense(28*28, 512),
            nn.ReLU(),
            nn.Dense(512, 512),
            nn.ReLU(),
            nn.Dense(512, 10)
        )

    @ms.jit  # Use the ms.jit decorator to make the decorated function run in static graph mode
    def construct(self, x):
        x = self.flatten(x)
        logits = self.dense_relu_sequential(x)
        return logits

input = Tensor(np.ones([64, 1, 28, 28]).astype(np.float32))
model = Network()
fix_weights(model, args.fixed_weights, Tensor)  # not in the tutorial
output = model(input)
print(output)

import numpy as np  # noqa: E402
import unigrad as ms  # noqa: E402
from unigrad import nn, Tensor  # noqa: E402
ms.set_context(mode=ms.GRAPH_MODE)  # Configuration for running static graph mode using set_context

class Network(nn.Cell):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.dense_relu_sequential = nn.SequentialCell(
            nn.Dense(28*28, 512),
            nn.ReLU(),
            nn.Dense(512, 512),
            nn.ReLU(),
            nn.Dense(512, 10)
        )

    def construct(self, x):
        x = self.flatten(x)
        logits = self.dense_relu_sequential(x)
        return logits

model = Network()
fix_weights(model, args.fixed_weights, Tensor)  # not in the tutorial
input = Tensor(np.ones([64, 1, 28, 28]).astype(np.float32))
output = model(input)
print(output)

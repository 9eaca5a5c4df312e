"""The MindSpore code the unigrad rows of the benchmarks run: the quickstart's network, model zoo's LeNet5
and the quickstart's train step, written as a MindSpore user writes them (``import unigrad as mindspore``).

The only change from the tutorials: the weights are set from the benchmark's shared data (every framework
starts from the same numbers), and LeNet's convolutions have a bias, as the raw frameworks' LeNet does.
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np


def quickstart_network(mindspore):
    """MindSpore's quickstart network: Flatten, then Dense 784-512-512-10 with ReLU."""
    nn = mindspore.nn

    class Network(nn.Cell):
        def __init__(self):
            super().__init__()
            self.flatten = nn.Flatten()
            self.dense_relu_sequential = nn.SequentialCell(
                nn.Dense(28 * 28, 512),
                nn.ReLU(),
                nn.Dense(512, 512),
                nn.ReLU(),
                nn.Dense(512, 10)
            )

        def construct(self, x):
            x = self.flatten(x)
            logits = self.dense_relu_sequential(x)
            return logits

    return Network()


def lenet5(mindspore, num_class: int = 10, num_channel: int = 1):
    """LeNet5 as MindSpore's model zoo writes it (with conv biases)."""
    nn = mindspore.nn

    class LeNet5(nn.Cell):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(num_channel, 6, 5, pad_mode="valid", has_bias=True)
            self.conv2 = nn.Conv2d(6, 16, 5, pad_mode="valid", has_bias=True)
            self.fc1 = nn.Dense(16 * 5 * 5, 120)
            self.fc2 = nn.Dense(120, 84)
            self.fc3 = nn.Dense(84, num_class)
            self.relu = nn.ReLU()
            self.max_pool2d = nn.MaxPool2d(kernel_size=2, stride=2)
            self.flatten = nn.Flatten()

        def construct(self, x):
            x = self.max_pool2d(self.relu(self.conv1(x)))
            x = self.max_pool2d(self.relu(self.conv2(x)))
            x = self.flatten(x)
            x = self.relu(self.fc1(x))
            x = self.relu(self.fc2(x))
            x = self.fc3(x)
            return x

    return LeNet5()


def train_step(mindspore, model, weights: Sequence[np.ndarray], learning_rate: float,
               jit: bool = False) -> Callable:
    """The quickstart's ``train_step`` for ``model`` (its weights set to ``weights``):
    ``value_and_grad(forward_fn, None, optimizer.parameters, has_aux=True)``, then ``optimizer(grads)``
    with ``nn.SGD``; under ``mindspore.jit`` when ``jit``."""
    nn = mindspore.nn
    for param, value in zip(model.trainable_params(), weights):
        param.set_data(mindspore.Tensor(value))

    loss_fn = nn.CrossEntropyLoss()
    optimizer = nn.SGD(model.trainable_params(), learning_rate)

    def forward_fn(data, label):
        logits = model(data)
        loss = loss_fn(logits, label)
        return loss, logits

    grad_fn = mindspore.value_and_grad(forward_fn, None, optimizer.parameters, has_aux=True)

    def step(data, label):
        (loss, _), grads = grad_fn(data, label)
        optimizer(grads)
        return loss

    return mindspore.jit(step) if jit else step

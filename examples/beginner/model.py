"""MindSpore's beginner tutorial "Building a Network" (tutorials/source_en/beginner/model.md), its code cells in
order, unmodified but for ``import unigrad as mindspore``.

Run: ``python examples/beginner/model.py``. The page's weights come from MindSpore's RNG; ``--fixed-weights SEED``
(not in the tutorial) sets ``model``'s and ``layer1``'s from a seeded NumPy generator after each is built
(examples/beginner/_fixed.py), so that every backend and MindSpore print the same numbers. The page's bare
``logits`` cell (a notebook display) prints nothing in a script, as in Python.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _fixed import fix_weights  # noqa: E402  (not in the tutorial)

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--fixed-weights", type=int, metavar="SEED", help="draw the weights from NumPy, seeded")
args = parser.parse_args()

import unigrad as mindspore  # noqa: E402
from unigrad import nn, ops  # noqa: E402


class Network(nn.Cell):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.dense_relu_sequential = nn.SequentialCell(
            nn.Dense(28*28, 512, weight_init="normal", bias_init="zeros"),
            nn.ReLU(),
            nn.Dense(512, 512, weight_init="normal", bias_init="zeros"),
            nn.ReLU(),
            nn.Dense(512, 10, weight_init="normal", bias_init="zeros")
        )

    def construct(self, x):
        x = self.flatten(x)
        logits = self.dense_relu_sequential(x)
        return logits


model = Network()
print(model)
fix_weights(model, args.fixed_weights, mindspore.Tensor, init="normal")  # not in the tutorial

X = ops.ones((1, 28, 28), mindspore.float32)
logits = model(X)
# print logits
logits

pred_probab = nn.Softmax(axis=1)(logits)
y_pred = pred_probab.argmax(1)
print(f"Predicted class: {y_pred}")

input_image = ops.ones((3, 28, 28), mindspore.float32)
print(input_image.shape)

flatten = nn.Flatten()
flat_image = flatten(input_image)
print(flat_image.shape)

layer1 = nn.Dense(in_channels=28*28, out_channels=20)
fix_weights(layer1, args.fixed_weights, mindspore.Tensor)  # not in the tutorial
hidden1 = layer1(flat_image)
print(hidden1.shape)

print(f"Before ReLU: {hidden1}\n\n")
hidden1 = nn.ReLU()(hidden1)
print(f"After ReLU: {hidden1}")

seq_modules = nn.SequentialCell(
    flatten,
    layer1,
    nn.ReLU(),
    nn.Dense(20, 10)
)

logits = seq_modules(input_image)
print(logits.shape)

softmax = nn.Softmax(axis=1)
pred_probab = softmax(logits)

print(f"Model structure: {model}\n\n")

for name, param in model.parameters_and_names():
    print(f"Layer: {name}\nSize: {param.shape}\nValues : {param[:2]} \n")

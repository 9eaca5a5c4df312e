"""MindSpore's quick start (beginner/quick_start), unmodified but for the imports and the download.

Run: ``python examples/mnist_tutorial.py`` (any backend: ``UNIGRAD_BACKEND=torch ...``). The tutorial
downloads the full MNIST_Data; this machine cannot, so ``--data DIR`` names a folder holding ``train`` and
``test`` in its layout, by default the 5,000 digits shipped in data/MNIST_Data (data/README.md: 4,000 to
train, 1,000 to test, 63 and 16 batches of 64). ``--plot loss.png`` draws every step's loss (matplotlib).

The other options are for comparing with MindSpore from the same weights (tools/record_mindspore_mnist_
tutorial.py runs this very file under MindSpore): ``--weights FILE.npz`` sets the parameters by name before
training, ``--no-shuffle`` reads the digits in file order, ``--train-samples``/``--test-samples`` take the
first N, and ``--json PATH`` writes every step's loss and each test's printed accuracy and average loss.
"""
import argparse
import contextlib
import io
import json
import os
import re
import sys

import numpy as np

import unigrad as mindspore
from unigrad import nn
from unigrad.dataset import vision, transforms
from unigrad.dataset import MnistDataset

# In place of the tutorial's download: where the data is, and the options for a reproducible run.
parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--data", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir,
                                                   "data", "MNIST_Data"),
                    help="a folder holding MNIST_Data's train/ and test/ (default: the shipped subset)")
parser.add_argument("--epochs", type=int, default=3)
parser.add_argument("--plot", metavar="PATH", help="draw the loss of every training step to PATH (matplotlib)")
parser.add_argument("--weights", metavar="FILE.npz", help="initial parameter values, by parameter name")
parser.add_argument("--no-shuffle", action="store_true", help="read the digits in file order")
parser.add_argument("--train-samples", type=int, help="train on the first N digits only")
parser.add_argument("--test-samples", type=int, help="test on the first N digits only")
parser.add_argument("--json", metavar="PATH", help="write the losses and test results to PATH as numbers")
args = parser.parse_args()
shuffle = False if args.no_shuffle else None

train_dataset = MnistDataset(os.path.join(args.data, 'train'), num_samples=args.train_samples, shuffle=shuffle)
test_dataset = MnistDataset(os.path.join(args.data, 'test'), num_samples=args.test_samples, shuffle=shuffle)

print(train_dataset.get_col_names())


def datapipe(dataset, batch_size):
    image_transforms = [
        vision.Rescale(1.0 / 255.0, 0),
        vision.Normalize(mean=(0.1307,), std=(0.3081,)),
        vision.HWC2CHW()
    ]

    label_transform = transforms.TypeCast(mindspore.int32)

    dataset = dataset.map(image_transforms, 'image')
    dataset = dataset.map(label_transform, 'label')
    dataset = dataset.batch(batch_size)
    return dataset


train_dataset = datapipe(train_dataset, 64)
test_dataset = datapipe(test_dataset, 64)

for image, label in test_dataset.create_tuple_iterator():
    print(f"Shape of image [N, C, H, W]: {image.shape} {image.dtype}")
    print(f"Shape of label: {label.shape} {label.dtype}")
    break

for data in test_dataset.create_dict_iterator():
    print(f"Shape of image [N, C, H, W]: {data['image'].shape} {data['image'].dtype}")
    print(f"Shape of label: {data['label'].shape} {data['label'].dtype}")
    break


# Define model
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
print(model)

if args.weights:  # not in the tutorial: the same starting point on every backend and in MindSpore
    initial = np.load(args.weights)
    for param in model.trainable_params():
        param.set_data(mindspore.Tensor(initial[param.name]))

# Instantiate loss function and optimizer
loss_fn = nn.CrossEntropyLoss()
optimizer = nn.SGD(model.trainable_params(), 1e-2)


# 1. Define forward function
def forward_fn(data, label):
    logits = model(data)
    loss = loss_fn(logits, label)
    return loss, logits


# 2. Get gradient function
grad_fn = mindspore.value_and_grad(forward_fn, None, optimizer.parameters, has_aux=True)


# 3. Define function of one-step training
def train_step(data, label):
    (loss, _), grads = grad_fn(data, label)
    optimizer(grads)
    return loss


def train(model, dataset):
    size = dataset.get_dataset_size()
    model.set_train()
    for batch, (data, label) in enumerate(dataset.create_tuple_iterator()):
        loss = train_step(data, label)

        if batch % 100 == 0:
            loss, current = loss.asnumpy(), batch
            print(f"loss: {loss:>7f}  [{current:>3d}/{size:>3d}]")


def test(model, dataset, loss_fn):
    num_batches = dataset.get_dataset_size()
    model.set_train(False)
    total, test_loss, correct = 0, 0, 0
    for data, label in dataset.create_tuple_iterator():
        pred = model(data)
        total += len(data)
        test_loss += loss_fn(pred, label).asnumpy()
        correct += (pred.argmax(1) == label).asnumpy().sum()
    test_loss /= num_batches
    correct /= total
    print(f"Test: \n Accuracy: {(100*correct):>0.1f}%, Avg loss: {test_loss:>8f} \n")


# Not in the tutorial: record every step's loss (it prints every 100th) and each test's printed results,
# leaving its functions as they are.
history = {"loss": [], "accuracy": [], "avg_loss": []}
tutorial_train_step, tutorial_test = train_step, test


def train_step(data, label):  # the tutorial's, recording the loss
    loss = tutorial_train_step(data, label)
    history["loss"].append(float(loss.asnumpy()))
    return loss


def test(model, dataset, loss_fn):  # the tutorial's, reading back what it printed
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        tutorial_test(model, dataset, loss_fn)
    sys.stdout.write(printed.getvalue())
    accuracy, avg_loss = re.search(r"Accuracy: (\S+)%, Avg loss: (\S+)", printed.getvalue()).groups()
    history["accuracy"].append(float(accuracy))
    history["avg_loss"].append(float(avg_loss))


epochs = args.epochs
for t in range(epochs):
    print(f"Epoch {t+1}\n-------------------------------")
    train(model, train_dataset)
    test(model, test_dataset, loss_fn)
print("Done!")

if args.json:
    with open(args.json, "w") as f:
        json.dump(dict(history, steps_per_epoch=train_dataset.get_dataset_size()), f, indent=1)
if args.plot:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    steps = train_dataset.get_dataset_size()
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(np.arange(1, len(history["loss"]) + 1) / steps, history["loss"])
    ax.set_xlabel("epoch")
    ax.set_ylabel("training loss (cross entropy)")
    ax.set_title("MNIST quick start")
    fig.tight_layout()
    fig.savefig(args.plot)
    print(f"Saved the loss curve to {args.plot}")

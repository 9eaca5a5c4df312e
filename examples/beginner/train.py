"""MindSpore's beginner tutorial "Model Training" (tutorials/source_en/beginner/train.md), its code cells in order,
unmodified but for ``import unigrad as mindspore`` and the download.

Run: ``python examples/beginner/train.py``. In place of the download into ``./``, the page runs in ``--data DIR``, the
folder that holds ``MNIST_Data/train`` and ``MNIST_Data/test`` (default: data/, the 5,000 digits shipped in
data/MNIST_Data). Not in the tutorial,
for comparing with MindSpore from the same start: ``--fixed-weights SEED`` draws the model's weights from a seeded
NumPy generator (examples/beginner/_fixed.py), ``--no-shuffle`` reads the digits in file order,
``--train-samples``/``--test-samples`` take the first N and ``--epochs`` sets the page's ``epochs = 3``.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _fixed import fix_weights  # noqa: E402  (not in the tutorial)

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--data", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir,
                                                   os.pardir, "data"))
parser.add_argument("--fixed-weights", type=int, metavar="SEED", help="draw the weights from NumPy, seeded")
parser.add_argument("--no-shuffle", action="store_true", help="read the digits in file order")
parser.add_argument("--train-samples", type=int, help="train on the first N digits only")
parser.add_argument("--test-samples", type=int, help="test on the first N digits only")
parser.add_argument("--epochs", type=int, default=3)
args = parser.parse_args()
samples = {'MNIST_Data/train': args.train_samples, 'MNIST_Data/test': args.test_samples}

import unigrad as mindspore  # noqa: E402
from unigrad import nn  # noqa: E402
from unigrad.dataset import vision, transforms  # noqa: E402
from unigrad.dataset import MnistDataset  # noqa: E402

# In place of the download: the folder holding MNIST_Data (--data).
os.chdir(args.data)


def datapipe(path, batch_size):
    image_transforms = [
        vision.Rescale(1.0 / 255.0, 0),
        vision.Normalize(mean=(0.1307,), std=(0.3081,)),
        vision.HWC2CHW()
    ]
    label_transform = transforms.TypeCast(mindspore.int32)

    dataset = MnistDataset(path, num_samples=samples[path], shuffle=False if args.no_shuffle else None)
    dataset = dataset.map(image_transforms, 'image')
    dataset = dataset.map(label_transform, 'label')
    dataset = dataset.batch(batch_size)
    return dataset

train_dataset = datapipe('MNIST_Data/train', batch_size=64)
test_dataset = datapipe('MNIST_Data/test', batch_size=64)


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
fix_weights(model, args.fixed_weights, mindspore.Tensor)  # not in the tutorial

epochs = 3
epochs = args.epochs  # not in the tutorial
batch_size = 64
learning_rate = 1e-2

loss_fn = nn.CrossEntropyLoss()

optimizer = nn.SGD(model.trainable_params(), learning_rate=learning_rate)


# Define forward function
def forward_fn(data, label):
    logits = model(data)
    loss = loss_fn(logits, label)
    return loss, logits

# Get gradient function
grad_fn = mindspore.value_and_grad(forward_fn, None, optimizer.parameters, has_aux=True)

# Define function of one-step training
def train_step(data, label):
    (loss, _), grads = grad_fn(data, label)
    optimizer(grads)
    return loss

def train_loop(model, dataset):
    size = dataset.get_dataset_size()
    model.set_train()
    for batch, (data, label) in enumerate(dataset.create_tuple_iterator()):
        loss = train_step(data, label)

        if batch % 100 == 0:
            loss, current = loss.asnumpy(), batch
            print(f"loss: {loss:>7f}  [{current:>3d}/{size:>3d}]")


def test_loop(model, dataset, loss_fn):
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


loss_fn = nn.CrossEntropyLoss()
optimizer = nn.SGD(model.trainable_params(), learning_rate=learning_rate)

for t in range(epochs):
    print(f"Epoch {t+1}\n-------------------------------")
    train_loop(model, train_dataset)
    test_loop(model, test_dataset, loss_fn)
print("Done!")

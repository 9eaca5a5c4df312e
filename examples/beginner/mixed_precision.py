"""MindSpore's beginner tutorial "Automatic Mix Precision" (tutorials/source_en/beginner/mixed_precision.md), its
code cells in order, unmodified but for ``import unigrad as mindspore`` and the download.

Run: ``python examples/beginner/mixed_precision.py``. In place of the download into ``./``, the page runs in
``--data DIR``, the folder that holds ``MNIST_Data/train`` (default: data/, the 4,000 training digits shipped in
data/MNIST_Data). Not in the tutorial, for comparing with MindSpore from the same start: ``--fixed-weights SEED``
draws each Network's weights from a seeded NumPy generator (examples/beginner/_fixed.py), ``--no-shuffle`` reads
the digits in file order, ``--train-samples N`` takes the first N, ``--epochs`` sets the page's
``trainer.train(10, ...)``, and ``--no-drop-overflow-update`` builds the page's two ``FixedLossScaleManager()``
as ``FixedLossScaleManager(1.0, drop_overflow_update=False)``: MindSpore's CPU build takes no loss scale that drops
overflowed updates (the page says so: "supports only GPU and Ascend"), and a kept scale of 128 would multiply the
page's SGD gradients by 128 (its optimizer has no ``loss_scale``), so that the last two cells can be recorded there. unigrad runs the
page's own ``FixedLossScaleManager()`` on every backend.
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
parser.add_argument("--epochs", type=int, default=10)
parser.add_argument("--no-drop-overflow-update", action="store_true",
                    help="FixedLossScaleManager(drop_overflow_update=False), as MindSpore's CPU build needs")
args = parser.parse_args()

import unigrad as ms  # noqa: E402
from unigrad import nn  # noqa: E402
from unigrad import value_and_grad  # noqa: E402
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
    label_transform = transforms.TypeCast(ms.int32)

    dataset = MnistDataset(path, num_samples=args.train_samples, shuffle=False if args.no_shuffle else None)
    dataset = dataset.map(image_transforms, 'image')
    dataset = dataset.map(label_transform, 'label')
    dataset = dataset.batch(batch_size)
    return dataset

train_dataset = datapipe('MNIST_Data/train', 64)

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


from unigrad.amp import auto_mixed_precision  # noqa: E402

model = Network()
fix_weights(model, args.fixed_weights, ms.Tensor)  # not in the tutorial
model = auto_mixed_precision(model, 'O2')


class NetworkFP16(nn.Cell):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.dense_relu_sequential = nn.SequentialCell(
            nn.Dense(28*28, 512).to_float(ms.float16),
            nn.ReLU(),
            nn.Dense(512, 512).to_float(ms.float16),
            nn.ReLU(),
            nn.Dense(512, 10).to_float(ms.float16)
        )

    def construct(self, x):
        x = self.flatten(x)
        logits = self.dense_relu_sequential(x)
        return logits


class NetworkFP16Manual(nn.Cell):
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
        x = x.astype(ms.float16)
        logits = self.dense_relu_sequential(x)
        logits = logits.astype(ms.float32)
        return logits


from unigrad.amp import DynamicLossScaler  # noqa: E402

# Instantiate loss function and optimizer
loss_fn = nn.CrossEntropyLoss()
optimizer = nn.SGD(model.trainable_params(), 1e-2)
# Define LossScaler
loss_scaler = DynamicLossScaler(scale_value=2**16, scale_factor=2, scale_window=50)

def forward_fn(data, label):
    logits = model(data)
    loss = loss_fn(logits, label)
    # scale up the loss value
    loss = loss_scaler.scale(loss)
    return loss, logits

grad_fn = value_and_grad(forward_fn, None, model.trainable_params(), has_aux=True)

from unigrad.amp import all_finite  # noqa: E402

@ms.jit
def train_step(data, label):
    (loss, _), grads = grad_fn(data, label)
    loss = loss_scaler.unscale(loss)

    is_finite = all_finite(grads)
    if is_finite:
        grads = loss_scaler.unscale(grads)
        optimizer(grads)
    loss_scaler.adjust(is_finite)
    return loss

size = train_dataset.get_dataset_size()
model.set_train()
for batch, (data, label) in enumerate(train_dataset.create_tuple_iterator()):
    loss = train_step(data, label)
    if batch % 100 == 0:
        loss, current = loss.asnumpy(), batch
        print(f"loss: {loss:>7f}  [{current:>3d}/{size:>3d}]")

from unigrad.amp import build_train_network, FixedLossScaleManager  # noqa: E402
if args.no_drop_overflow_update:  # not in the tutorial: MindSpore's CPU build refuses the page's default
    FixedLossScaleManager = lambda: ms.amp.FixedLossScaleManager(1.0, drop_overflow_update=False)  # noqa: E731

model = Network()
loss_scale_manager = FixedLossScaleManager()
model = build_train_network(model, optimizer, loss_fn, level="O2", loss_scale_manager=loss_scale_manager)

from unigrad.train import Model, LossMonitor  # noqa: E402
# Initialize network
model = Network()
fix_weights(model, args.fixed_weights, ms.Tensor)  # not in the tutorial
loss_fn = nn.CrossEntropyLoss()
optimizer = nn.SGD(model.trainable_params(), 1e-2)

loss_scale_manager = FixedLossScaleManager()
trainer = Model(model, loss_fn=loss_fn, optimizer=optimizer, metrics={'accuracy'}, amp_level="O2", loss_scale_manager=loss_scale_manager)

loss_callback = LossMonitor(100)
trainer.train(args.epochs, train_dataset, callbacks=[loss_callback])  # the page: trainer.train(10, ...)

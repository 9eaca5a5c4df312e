"""MindSpore's beginner tutorial "Transforms" (tutorials/source_en/beginner/transforms.md of the docs' r2.3.1
branch: master merged the page into "Data Loading and Processing" in September 2024), its code cells in order,
unmodified but for ``import unigrad as mindspore`` style imports and the download.

Run: ``python examples/beginner/transforms.py``. In place of the download into ``./``, the page's MNIST cells run
in ``--data DIR``, the folder that holds ``MNIST_Data/train`` (default: data/, the digits shipped in
data/MNIST_Data). The page draws its image from NumPy's unseeded generator; ``--numpy-seed N`` (not in the
tutorial) seeds it first, so that every backend and MindSpore transform the same pixels.
"""
import argparse
import os

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--data", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir,
                                                   os.pardir, "data"))
parser.add_argument("--numpy-seed", type=int, metavar="N", help="seed NumPy's global generator first")
args = parser.parse_args()

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402
from unigrad.dataset import transforms, vision, text  # noqa: E402
from unigrad.dataset import GeneratorDataset, MnistDataset  # noqa: E402

if args.numpy_seed is not None:  # not in the tutorial
    np.random.seed(args.numpy_seed)

# In place of the download: the folder holding MNIST_Data (--data).
os.chdir(args.data)

train_dataset = MnistDataset('MNIST_Data/train')

image, label = next(train_dataset.create_tuple_iterator())
print(image.shape)

composed = transforms.Compose(
    [
        vision.Rescale(1.0 / 255.0, 0),
        vision.Normalize(mean=(0.1307,), std=(0.3081,)),
        vision.HWC2CHW()
    ]
)

train_dataset = train_dataset.map(composed, 'image')
image, label = next(train_dataset.create_tuple_iterator())
print(image.shape)

random_np = np.random.randint(0, 255, (48, 48), np.uint8)
random_image = Image.fromarray(random_np)
print(random_np)

rescale = vision.Rescale(1.0 / 255.0, 0)
rescaled_image = rescale(random_image)
print(rescaled_image)

normalize = vision.Normalize(mean=(0.1307,), std=(0.3081,))
normalized_image = normalize(rescaled_image)
print(normalized_image)

hwc_image = np.expand_dims(normalized_image, -1)
hwc2chw = vision.HWC2CHW()
chw_image = hwc2chw(hwc_image)
print(hwc_image.shape, chw_image.shape)

texts = ['Welcome to Beijing']

test_dataset = GeneratorDataset(texts, 'text')


def my_tokenizer(content):
    return content.split()


test_dataset = test_dataset.map(text.PythonTokenizer(my_tokenizer))
print(next(test_dataset.create_tuple_iterator()))

vocab = text.Vocab.from_dataset(test_dataset)

print(vocab.vocab())

test_dataset = test_dataset.map(text.Lookup(vocab))
print(next(test_dataset.create_tuple_iterator()))

test_dataset = GeneratorDataset([1, 2, 3], 'data', shuffle=False)
test_dataset = test_dataset.map(lambda x: x * 2)
print(list(test_dataset.create_tuple_iterator()))


def func(x):
    return x * x + 2


test_dataset = test_dataset.map(lambda x: func(x))

print(list(test_dataset.create_tuple_iterator()))

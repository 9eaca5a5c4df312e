"""Dataset files in MindSpore's layouts, written from arrays: for tests of a pipeline, for benchmarks, and
for recording what real MindSpore reads from the same files. Each file is written atomically.

Only NumPy (and Pillow for image folders) is needed here, so a tools/ script running under MindSpore's own
virtualenv can load this file by path."""
from __future__ import annotations

import gzip
import os
import pathlib

import numpy as np

MNIST_NAMES = {"train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
               "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")}


def idx_bytes(array: np.ndarray) -> bytes:
    """The IDX encoding of a uint8 array: magic 0x0000_08_<ndim>, each size as a big-endian int32, the data."""
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    return header + np.ascontiguousarray(array, dtype=np.uint8).tobytes()


def write_atomic(path: pathlib.Path | str, payload: bytes, gzipped: bool = False) -> None:
    """``payload`` at ``path`` (gzipped with mtime 0, so the bytes are the same on every run), through a
    temporary file and a rename: a reader never sees half a file."""
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        if gzipped:
            with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0, compresslevel=9) as z:
                z.write(payload)
        else:
            f.write(payload)
    os.replace(tmp, path)


def write_mnist(folder: pathlib.Path | str, images: np.ndarray, labels: np.ndarray, split: str = "train",
                gzipped: bool = False) -> None:
    """One split of MNIST (images N x 28 x 28 uint8, labels N uint8) as IDX files in ``folder``."""
    images_name, labels_name = MNIST_NAMES[split]
    suffix = ".gz" if gzipped else ""
    write_atomic(pathlib.Path(folder) / (images_name + suffix), idx_bytes(images), gzipped)
    write_atomic(pathlib.Path(folder) / (labels_name + suffix), idx_bytes(labels), gzipped)


def write_cifar10(folder: pathlib.Path | str, images: np.ndarray, labels: np.ndarray, name: str) -> None:
    """CIFAR-10 binary records (a label byte, then the R, G and B planes) of HWC uint8 images (N x 32 x 32
    x 3) as ``folder/name`` (``data_batch_1.bin``... ``test_batch.bin``)."""
    planes = np.ascontiguousarray(images, dtype=np.uint8).transpose(0, 3, 1, 2).reshape(len(images), -1)
    records = np.concatenate([np.asarray(labels, np.uint8)[:, None], planes], axis=1)
    write_atomic(pathlib.Path(folder) / name, records.tobytes())


def write_image_folder(folder: pathlib.Path | str, classes: dict[str, list[np.ndarray]],
                       extension: str = ".png") -> None:
    """One sub-folder per class, its HWC uint8 RGB images as ``0000.png``, ``0001.png``... (Pillow)."""
    import io

    from PIL import Image
    for name, images in classes.items():
        for i, image in enumerate(images):
            buffer = io.BytesIO()
            Image.fromarray(np.asarray(image, np.uint8)).save(buffer, format=extension.lstrip(".").upper()
                                                              .replace("JPG", "JPEG"))
            write_atomic(pathlib.Path(folder) / name / f"{i:04d}{extension}", buffer.getvalue())

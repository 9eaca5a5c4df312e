"""Record what MindSpore 2.10's ``mindspore.dataset`` gives on small dataset files, for
tests/test_dataset_goldens.py.

    /work/msvenv/bin/python tools/record_mindspore_dataset_goldens.py [--only NAME ...] [--print | --merge]

writes tests/goldens/mindspore_2.10_dataset.json (atomically). CI never needs MindSpore: the file is committed.
``--merge`` records the ``--only`` cases into the existing file and keeps its other records (the prelude, the
fixtures and MindSpore's version must be the file's); ``--only`` alone prints them.

``write_fixtures`` writes the files every case reads (MNIST, CIFAR-10 and image folders, made from seeded
NumPy draws with unigrad/testing/dataset_files.py, loaded by path so that MindSpore's virtualenv needs no
unigrad); the test imports this file by path and writes the same files, whose SHA-256 the JSON keeps.

Each case of ``CASES`` is a Python expression evaluated after ``PRELUDE`` with the names ``ds``,
``vision``, ``transforms``, ``ms`` bound to MindSpore's modules here (unigrad's in the test), ``np``, and
``DIRS``. A Dataset is described by ``describe_dataset`` (its facts, every row as NumPy arrays, its first
row of Tensors: dtype names and values), anything else by ``encode``; an exception by its type name, in
place of the case's result when evaluating the expression raised, else in place of the fact (``rows``...)
whose computation raised. The cases run in worker processes, a few each (two at a time); a worker that
crashes has its cases rerun one per process.

Random draws of MindSpore cannot be matched: every case reads in order (``shuffle=False`` or a sequential
sampler), and the random transforms appear only where their result is certain (prob 0 or 1, a crop the size
of the padded image, or a sorted result).

Arrays are encoded as dtype, shape and the base64 of their zlib-compressed bytes (little-endian).
"""
from __future__ import annotations

import argparse
import base64
import concurrent.futures
import hashlib
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Callable
from typing import Any

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLDEN = os.path.join(ROOT, "tests", "goldens", "mindspore_2.10_dataset.json")
FIXTURE_SEED = 2024
CHUNK = 12  # cases per worker process: MindSpore's import costs seconds; a crash is rerun case by case


def _dataset_files():
    """unigrad/testing/dataset_files.py, loaded by path (it needs NumPy and Pillow only)."""
    path = os.path.join(ROOT, "unigrad", "testing", "dataset_files.py")
    spec = importlib.util.spec_from_file_location("_golden_dataset_files", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _digits(rng: np.random.Generator, count: int) -> np.ndarray:
    """MNIST-like uint8 images: zero borders, a random block of every value 0..255 inside (compresses well)."""
    images = np.zeros((count, 28, 28), np.uint8)
    for image in images:
        top, left = rng.integers(2, 10, 2)
        height, width = rng.integers(8, 16, 2)
        image[top:top + height, left:left + width] = rng.integers(0, 256, (height, width))
    return images


def fixture_dirs(root: str) -> dict[str, str]:
    """The fixtures' paths under ``root`` by name (``DIRS``), written or not."""
    dirs = {name: os.path.join(root, name) for name in
            ("mnist", "mnist_train_only", "mnist_gz", "mnist_truncated", "mnist_bad_magic", "cifar",
             "cifar_train_only", "cifar_short", "folder", "empty")}
    dirs["missing"] = os.path.join(root, "no_such_folder")
    dirs["png_rgb"] = os.path.join(dirs["folder"], "cat", "0000.png")
    dirs["png_gray"] = os.path.join(dirs["folder"], "dog", "0001.png")
    dirs["bmp"] = os.path.join(dirs["folder"], "zebra", "0000.bmp")
    return dirs


def write_fixtures(root: str) -> dict[str, str]:
    """Write every file the cases read under ``root``; their paths by name (``DIRS``)."""
    files = _dataset_files()
    rng = np.random.default_rng(FIXTURE_SEED)
    dirs = fixture_dirs(root)
    train, test = _digits(rng, 20), _digits(rng, 6)
    train_labels, test_labels = rng.integers(0, 10, 20).astype(np.uint8), rng.integers(0, 10, 6).astype(np.uint8)
    files.write_mnist(dirs["mnist"], train, train_labels, "train")
    files.write_mnist(dirs["mnist"], test, test_labels, "test")
    files.write_mnist(dirs["mnist_train_only"], train[:7], train_labels[:7], "train")
    files.write_mnist(dirs["mnist_gz"], train[:5], train_labels[:5], "train", gzipped=True)
    images_name, labels_name = files.MNIST_NAMES["train"]
    whole = files.idx_bytes(train[:4])
    files.write_atomic(os.path.join(dirs["mnist_truncated"], images_name), whole[:-100])
    files.write_atomic(os.path.join(dirs["mnist_truncated"], labels_name), files.idx_bytes(train_labels[:4]))
    files.write_atomic(os.path.join(dirs["mnist_bad_magic"], images_name), b"\x00\x00\x08\x02" + whole[4:])
    files.write_atomic(os.path.join(dirs["mnist_bad_magic"], labels_name), files.idx_bytes(train_labels[:4]))
    # MindSpore reads 10,000 records from every CIFAR-10 file (it fails on a shorter one): two full files
    cifar_train = rng.integers(0, 256, (10000, 32, 32, 3), dtype=np.uint8)
    cifar_test = rng.integers(0, 256, (10000, 32, 32, 3), dtype=np.uint8)
    cifar_train_labels, cifar_test_labels = rng.integers(0, 10, 10000), rng.integers(0, 10, 10000)
    files.write_cifar10(dirs["cifar"], cifar_train, cifar_train_labels, "data_batch_1.bin")
    files.write_cifar10(dirs["cifar"], cifar_test, cifar_test_labels, "test_batch.bin")
    files.write_cifar10(dirs["cifar_train_only"], cifar_train, cifar_train_labels, "data_batch_1.bin")
    files.write_cifar10(dirs["cifar_short"], cifar_train[:5], cifar_train_labels[:5], "data_batch_1.bin")

    def image(h, w, c=3):
        return rng.integers(0, 256, (h, w, c) if c else (h, w)).astype(np.uint8)

    files.write_image_folder(dirs["folder"], {"cat": [image(5, 7), image(6, 4), image(8, 8)],
                                              "dog": [image(4, 4), image(7, 5, 0)]})
    files.write_image_folder(dirs["folder"], {"zebra": [image(3, 5), image(5, 3)]}, extension=".bmp")
    os.makedirs(dirs["empty"], exist_ok=True)
    return dirs


def fixture_digests(root: str) -> dict[str, str]:
    """SHA-256 of every fixture file, by its path under ``root``: the test checks it wrote the same bytes."""
    digests = {}
    for folder, _, names in sorted(os.walk(root)):
        for name in sorted(names):
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                digests[os.path.relpath(path, root).replace(os.sep, "/")] = hashlib.sha256(f.read()).hexdigest()
    return digests


# Run before every case: the images the eager cases transform, and the Python sources of the generator cases.
PRELUDE = '''
_rng = np.random.default_rng(7)
U8_HW = _rng.integers(0, 256, (6, 8)).astype(np.uint8)
U8_HWC = _rng.integers(0, 256, (6, 8, 3)).astype(np.uint8)
U8_HW1 = _rng.integers(0, 256, (5, 4, 1)).astype(np.uint8)
F32_HW = (_rng.random((6, 8)) * 4 - 1).astype(np.float32)
F32_HWC = (_rng.random((6, 8, 3)) * 255).astype(np.float32)
F32_CHW = _rng.random((3, 5, 4)).astype(np.float32)
F64_HWC = _rng.random((4, 5, 3))
BIG_U8 = _rng.integers(0, 256, (20, 37, 3)).astype(np.uint8)
BIG_F32 = (_rng.random((20, 37, 3)) * 255).astype(np.float32)
TALL_U8_HW = _rng.integers(0, 256, (40, 23)).astype(np.uint8)
U8_HW4 = _rng.integers(0, 256, (6, 7, 4)).astype(np.uint8)
I32_HW = _rng.integers(-300, 300, (5, 6)).astype(np.int32)
PNG_RGB = np.fromfile(DIRS["png_rgb"], np.uint8)
PNG_GRAY = np.fromfile(DIRS["png_gray"], np.uint8)
BMP = np.fromfile(DIRS["bmp"], np.uint8)
LABELS = np.array([3, 0, 9, 1], np.int32)

class RandomAccess:
    """Five rows of a (2, 3) float32 array and an int32 label."""
    def __init__(self):
        self.data = np.arange(30, dtype=np.float32).reshape(5, 2, 3) / 4
    def __getitem__(self, i):
        return self.data[i], np.array(i * 7 % 5, np.int32)
    def __len__(self):
        return 5

def counting(n=6):
    for i in range(n):
        yield (np.full((2,), i, np.int16), np.array([i, -i], np.float64))

def python_scalars():
    for i in range(4):
        yield i - 2, i * 0.75, i % 2 == 0

def failing():
    """Forty rows, then an error (far enough down that MindSpore's prefetching gives the first row first)."""
    for i in range(40):
        yield (np.array([i, -i], np.int32),)
    raise ValueError("the source broke")

def images(n=5):
    for i in range(n):
        yield (np.full((3 + i % 2, 4, 3), 40 * i, np.uint8), np.array(i, np.int64))

def slices(n=7):
    return ds.NumpySlicesDataset({"x": np.arange(n * 2, dtype=np.int32).reshape(n, 2),
                                  "y": np.arange(n, dtype=np.float32) / 2}, shuffle=False)

def per_batch(x, y, info):
    return [a * 10 for a in x], [b + np.float32(info.get_batch_num()) for b in y]

def saved(dataset, num_files=1, file_type="mindrecord"):
    """The rows of ``dataset`` written by Dataset.save, read back with MindDataset."""
    import os, tempfile
    path = os.path.join(tempfile.mkdtemp(), "saved.mindrecord")
    dataset.save(path, num_files, file_type)
    return ds.MindDataset(path, shuffle=False)
'''


def _mnist(extra=""):
    return f"ds.MnistDataset(DIRS['mnist'], shuffle=False{extra})"


T = "transforms"
CASES: dict[str, str] = {
    # -- MnistDataset ------------------------------------------------------------------------------------
    # -- Dataset.save, read back with MindDataset (MindSpore's implicit casts) ---------------------------------
    "save_round_trip": "saved(ds.NumpySlicesDataset({'a': np.arange(6, dtype=np.uint8).reshape(3, 2), "
                       "'b': np.array([1.5, 2.5, 3.5], np.float16), 'c': np.array([True, False, True])}, "
                       "shuffle=False))",
    "save_wide_ints": "saved(ds.NumpySlicesDataset({'u': np.array([1, 2], np.uint32), "
                      "'i': np.array([[1, 2, 3], [4, 5, 6]], np.int64), 'f': np.array([0.5, 1.5])}, shuffle=False))",
    "save_tfrecord": "saved(slices(), file_type='tfrecord')",
    "save_no_files": "saved(slices(), num_files=0)",
    "mnist_all": _mnist(),
    "mnist_train": _mnist(", usage='train'"),
    "mnist_test": _mnist(", usage='test'"),
    "mnist_all_usage": _mnist(", usage='all'"),
    "mnist_num_samples": _mnist(", usage='train', num_samples=7"),
    "mnist_num_samples_over": _mnist(", usage='test', num_samples=50"),
    "mnist_shard_0_of_3": "ds.MnistDataset(DIRS['mnist'], usage='train', shuffle=False, num_shards=3, shard_id=0)",
    "mnist_shard_2_of_3": "ds.MnistDataset(DIRS['mnist'], usage='train', shuffle=False, num_shards=3, shard_id=2)",
    "mnist_shard_num_samples": "ds.MnistDataset(DIRS['mnist'], usage='test', shuffle=False, num_shards=4, "
                               "shard_id=3, num_samples=1)",
    "mnist_sequential_sampler": "ds.MnistDataset(DIRS['mnist'], usage='train', "
                                "sampler=ds.SequentialSampler(start_index=15))",
    "mnist_sequential_sampler_n": "ds.MnistDataset(DIRS['mnist'], usage='train', "
                                  "sampler=ds.SequentialSampler(start_index=2, num_samples=3))",
    "mnist_subset_sampler": "ds.MnistDataset(DIRS['mnist'], usage='test', sampler=ds.SubsetSampler([5, 0, 3, 3]))",
    "mnist_distributed_sampler": "ds.MnistDataset(DIRS['mnist'], usage='all', "
                                 "sampler=ds.DistributedSampler(4, 1, shuffle=False))",
    "mnist_distributed_sampler_wrap": "ds.MnistDataset(DIRS['mnist'], usage='test', "
                                      "sampler=ds.DistributedSampler(4, 3, shuffle=False))",
    "mnist_train_only_all": "ds.MnistDataset(DIRS['mnist_train_only'], shuffle=False)",
    "mnist_gz_only": "ds.MnistDataset(DIRS['mnist_gz'], usage='train', shuffle=False)",
    "mnist_tutorial": "ds.MnistDataset(DIRS['mnist'], usage='train', shuffle=False)"
                      ".map([vision.Rescale(1.0 / 255.0, 0), vision.Normalize(mean=(0.1307,), std=(0.3081,)), "
                      "vision.HWC2CHW()], 'image').map(transforms.TypeCast(ms.int32), 'label').batch(8)",
    "mnist_tutorial_drop": "ds.MnistDataset(DIRS['mnist'], usage='test', shuffle=False)"
                           ".map([vision.Rescale(1.0 / 255.0, 0), vision.Normalize(mean=(0.1307,), std=(0.3081,)), "
                           "vision.HWC2CHW()], 'image').map(transforms.TypeCast(ms.int32), 'label')"
                           ".batch(4, drop_remainder=True)",
    # -- Cifar10Dataset ----------------------------------------------------------------------------------
    "cifar_train": "ds.Cifar10Dataset(DIRS['cifar'], usage='train', shuffle=False, num_samples=4)",
    "cifar_train_size": "ds.Cifar10Dataset(DIRS['cifar'], usage='train', shuffle=False).get_dataset_size()",
    "cifar_test": "ds.Cifar10Dataset(DIRS['cifar'], usage='test', shuffle=False, num_samples=3)",
    "cifar_all": "ds.Cifar10Dataset(DIRS['cifar'], usage='all', sampler=ds.SubsetSampler([0, 1, 9999, 10000, "
                 "10001, 19999]))",
    "cifar_all_size": "ds.Cifar10Dataset(DIRS['cifar'], usage='all').get_dataset_size()",
    "cifar_default_usage": "ds.Cifar10Dataset(DIRS['cifar'], shuffle=False, num_samples=6)",
    "cifar_shard": "ds.Cifar10Dataset(DIRS['cifar'], usage='test', shuffle=False, num_shards=2500, shard_id=7)",
    "cifar_pipeline": "ds.Cifar10Dataset(DIRS['cifar'], usage='all', sampler=ds.SubsetSampler([9998, 9999, 10000, "
                      "10001, 3])).map([vision.Resize((8, 6)), vision.Rescale(1 / 255, -0.5), vision.HWC2CHW()], "
                      "'image').batch(3)",
    "cifar_short_files": "ds.Cifar10Dataset(DIRS['cifar_short'], usage='train', shuffle=False)",
    # -- ImageFolderDataset ------------------------------------------------------------------------------
    "folder_raw": "ds.ImageFolderDataset(DIRS['folder'], shuffle=False)",
    "folder_decoded": "ds.ImageFolderDataset(DIRS['folder'], shuffle=False, decode=True)",
    "folder_class_indexing": "ds.ImageFolderDataset(DIRS['folder'], shuffle=False, decode=True, "
                             "class_indexing={'cat': 5, 'dog': 2, 'zebra': 0})",
    "folder_class_indexing_subset": "ds.ImageFolderDataset(DIRS['folder'], shuffle=False, "
                                    "class_indexing={'dog': 1, 'zebra': 0})",
    "folder_extensions": "ds.ImageFolderDataset(DIRS['folder'], shuffle=False, extensions=['.png'])",
    "folder_extensions_bmp": "ds.ImageFolderDataset(DIRS['folder'], shuffle=False, extensions=['.bmp'], "
                             "decode=True)",
    "folder_class_indexing_getter": "ds.ImageFolderDataset(DIRS['folder'], shuffle=False).get_class_indexing()",
    "folder_map_decode_resize": "ds.ImageFolderDataset(DIRS['folder'], shuffle=False, extensions=['.png'])"
                                ".map([vision.Decode(), vision.Resize((4, 4)), vision.HWC2CHW()], 'image').batch(2)",
    "folder_sampler": "ds.ImageFolderDataset(DIRS['folder'], decode=True, sampler=ds.SubsetSampler([6, 1]))",
    "folder_ragged_batch": "ds.ImageFolderDataset(DIRS['folder'], shuffle=False, decode=True).batch(2)",
    # -- GeneratorDataset --------------------------------------------------------------------------------
    "generator_random_access": "ds.GeneratorDataset(RandomAccess(), ['data', 'label'], shuffle=False)",
    "generator_random_access_sampler": "ds.GeneratorDataset(RandomAccess(), ['data', 'label'], "
                                       "sampler=ds.SubsetSampler([4, 2]))",
    "generator_random_access_shard": "ds.GeneratorDataset(RandomAccess(), ['data', 'label'], shuffle=False, "
                                     "num_shards=2, shard_id=1)",
    "generator_function": "ds.GeneratorDataset(counting, ['a', 'b'])",
    "generator_function_num_samples": "ds.GeneratorDataset(counting, ['a', 'b'], num_samples=4)",
    "generator_iterator_object": "ds.GeneratorDataset(counting(3), ['a', 'b'])",
    "generator_list_source": "ds.GeneratorDataset([(np.array([i, i + 1], np.uint8),) for i in range(4)], ['x'], "
                             "shuffle=False)",
    "generator_python_scalars": "ds.GeneratorDataset(python_scalars, ['i', 'f', 'b'])",
    "generator_single_column_name": "ds.GeneratorDataset(lambda: ((np.array(i, np.float32),) for i in range(3)), "
                                    "'only')",
    "generator_images": "ds.GeneratorDataset(images, ['image', 'label'])",
    "generator_zip_source": "ds.GeneratorDataset(zip(np.arange(3), np.arange(3) * 2.5), ['a', 'b'], shuffle=False)",
    "generator_object_twice": "ds.GeneratorDataset(counting(2), ['a', 'b']).repeat(2)",
    "generator_size_then_rows": "[ds.GeneratorDataset(counting(4), ['a', 'b']).get_dataset_size()] + [r[0] for r in "
                                "ds.GeneratorDataset(counting(4), ['a', 'b']).create_tuple_iterator(output_numpy=True, "
                                "num_epochs=1)]",
    "generator_map_batch_size": "ds.GeneratorDataset(images, ['image', 'label']).map(lambda x: x[:3], 'image')"
                                ".batch(2)",
    # -- NumpySlicesDataset ------------------------------------------------------------------------------
    "slices_list_ints": "ds.NumpySlicesDataset([1, 2, 3], shuffle=False)",
    "slices_list_floats": "ds.NumpySlicesDataset([0.5, 1.5, -2.0], shuffle=False)",
    "slices_list_nested": "ds.NumpySlicesDataset([[1, 2], [3, 4], [5, 6]], column_names=['pairs'], shuffle=False)",
    "slices_list_bools": "ds.NumpySlicesDataset([True, False], shuffle=False)",
    "slices_tuple": "ds.NumpySlicesDataset((np.arange(4, dtype=np.int8), np.arange(8, dtype=np.float16)"
                    ".reshape(4, 2)), shuffle=False)",
    "slices_tuple_names": "ds.NumpySlicesDataset((np.arange(3), np.ones(3, np.float32)), column_names=['a', 'b'], "
                          "shuffle=False)",
    "slices_dict": "ds.NumpySlicesDataset({'b': np.arange(3, dtype=np.uint8), 'a': np.eye(3)}, shuffle=False)",
    "slices_ndarray": "ds.NumpySlicesDataset(np.arange(24, dtype=np.int32).reshape(4, 3, 2), shuffle=False)",
    "slices_ndarray_names": "ds.NumpySlicesDataset(np.arange(6, dtype=np.float64).reshape(3, 2), "
                            "column_names=['v'], shuffle=False)",
    "slices_sampler": "ds.NumpySlicesDataset(np.arange(10), sampler=ds.SequentialSampler(3, 4))",
    "slices_num_samples": "ds.NumpySlicesDataset(np.arange(10), shuffle=False, num_samples=3)",
    # -- map ---------------------------------------------------------------------------------------------
    "map_default_column": "slices().map(lambda x: x * 3)",
    "map_one_to_one": "slices().map(lambda y: y + np.float32(1), input_columns=['y'])",
    "map_one_to_one_renamed": "slices().map(lambda y: y * np.float32(2), input_columns='y', output_columns='z')",
    "map_one_to_two": "slices().map(lambda x: (x, x.sum()), input_columns=['x'], output_columns=['x1', 'x2'])",
    "map_one_to_two_second": "slices().map(lambda y: (y, -y), input_columns=['y'], output_columns=['p', 'q'])",
    "map_two_to_one": "slices().map(lambda x, y: x * y, input_columns=['x', 'y'], output_columns=['xy'])",
    "map_two_to_one_reversed": "slices().map(lambda y, x: x + y, input_columns=['y', 'x'], output_columns=['s'])",
    "map_two_to_two_swapped": "slices().map(lambda x, y: (y, x), input_columns=['x', 'y'], "
                              "output_columns=['y', 'x'])",
    "map_list_of_lambdas": "slices().map([lambda x: x + 1, lambda x: x * 2], input_columns=['x'])",
    "map_list_mixed": "slices().map([lambda x: x.astype(np.float32), transforms.TypeCast(ms.int8)], "
                      "input_columns=['x'])",
    "map_three_to_one": "ds.zip((slices(), ds.NumpySlicesDataset({'z': np.arange(7)}, shuffle=False)))"
                        ".map(lambda x, y, z: x.sum() + y + z, input_columns=['x', 'y', 'z'], output_columns=['t'])",
    "map_python_int_result": "slices().map(lambda y: 5, input_columns=['y'])",
    "map_python_float_result": "slices().map(lambda y: 0.25, input_columns=['y'])",
    "map_typecast": "slices().map(transforms.TypeCast(ms.float16), input_columns=['y'])",
    "map_onehot": "ds.NumpySlicesDataset(LABELS, shuffle=False).map(transforms.OneHot(10))",
    "map_compose": "ds.MnistDataset(DIRS['mnist'], usage='test', shuffle=False).map(transforms.Compose("
                   "[vision.CenterCrop(10), vision.Rescale(0.5, 1.0)]), 'image')",
    "map_random_apply": "ds.MnistDataset(DIRS['mnist'], usage='test', shuffle=False).map(transforms.RandomApply("
                        "[vision.Pad(2), vision.RandomVerticalFlip(1.0)], prob=1.0), 'image')",
    "map_random_flip": "ds.GeneratorDataset(images, ['image', 'label']).map([vision.RandomHorizontalFlip(1.0), "
                       "vision.RandomVerticalFlip(0.0)], 'image')",
    "map_random_crop": "ds.MnistDataset(DIRS['mnist'], usage='test', shuffle=False).map(vision.RandomCrop(32, "
                       "padding=2), 'image')",
    "map_resize_nearest": "ds.GeneratorDataset(images, ['image', 'label']).map(vision.Resize((2, 3), "
                          "vision.Inter.NEAREST), 'image').batch(5)",
    # -- batch -------------------------------------------------------------------------------------------
    "batch_keep": "slices().batch(3)",
    "batch_drop": "slices().batch(3, drop_remainder=True)",
    "batch_one": "slices().batch(1)",
    "batch_larger_than_data": "slices().batch(10)",
    "batch_per_batch_map": "slices().batch(3, per_batch_map=per_batch, input_columns=['x', 'y'])",
    "batch_per_batch_map_outputs": "slices().batch(2, per_batch_map=lambda x, info: ([a.sum() for a in x], "
                                   "[a[0] for a in x]), input_columns=['x'], output_columns=['s', 'f'])",
    "batch_scalars": "ds.GeneratorDataset(python_scalars, ['i', 'f', 'b']).batch(2)",
    "batch_then_map": "slices().batch(2).map(lambda x: x.T.copy(), input_columns=['x'])",
    # -- repeat, take, skip ------------------------------------------------------------------------------
    "repeat_2": "slices(3).repeat(2)",
    "repeat_batch": "slices(3).repeat(3).batch(4)",
    "batch_repeat": "slices(3).batch(2).repeat(2)",
    "take_3": "slices().take(3)",
    "take_more": "slices().take(20)",
    "take_all": "slices().take(-1)",
    "skip_2": "slices().skip(2)",
    "skip_all": "slices(3).skip(5).batch(2)",
    "skip_take": "slices().skip(1).take(4).batch(3)",
    "take_repeat": "slices().take(2).repeat(2)",
    "repeat_take": "slices(3).repeat(2).take(4)",
    "generator_repeat": "ds.GeneratorDataset(counting, ['a', 'b']).repeat(2).take(8)",
    # -- project, rename ---------------------------------------------------------------------------------
    "project_one": "slices().project('y')",
    "project_reorder": "slices().project(['y', 'x'])",
    "rename_one": "slices().rename('x', 'features')",
    "rename_both": "slices().rename(['x', 'y'], ['y', 'x'])",
    "mnist_project_rename": "ds.MnistDataset(DIRS['mnist'], usage='test', shuffle=False).project(['label'])"
                            ".rename(['label'], ['target'])",
    # -- zip, concat, split ------------------------------------------------------------------------------
    "zip_function": "ds.zip((slices(4), ds.NumpySlicesDataset({'z': np.arange(6, dtype=np.uint8)}, shuffle=False)))",
    "zip_method": "slices(5).zip(ds.GeneratorDataset(counting, ['a', 'b']))",
    "zip_three": "ds.zip((slices(3).project('x'), slices(3).project('y'), "
                 "ds.NumpySlicesDataset({'z': [7, 8, 9]}, shuffle=False)))",
    "concat_method": "slices(3).concat(slices(2))",
    "concat_list": "slices(2).concat([slices(1), slices(3)])",
    "concat_plus": "slices(2) + slices(3)",
    "concat_generators": "ds.GeneratorDataset(counting, ['a', 'b']) + ds.GeneratorDataset(counting(2), ['a', 'b'])",
    "concat_mnist_batch": "(ds.MnistDataset(DIRS['mnist'], usage='test', shuffle=False) + "
                          "ds.MnistDataset(DIRS['mnist'], usage='train', shuffle=False, num_samples=3)).batch(4)",
    "split_first": "slices().split([3, 4], randomize=False)[0]",
    "split_second": "slices().split([3, 4], randomize=False)[1]",
    "split_fractions": "slices(10).split([0.25, 0.75], randomize=False)[0]",
    "split_fractions_second": "slices(10).split([0.25, 0.75], randomize=False)[1]",
    "split_three": "slices(6).split([1, 2, 3], randomize=False)[2]",
    "dict_iterator_keys": "[sorted(row) for row in slices(2).create_dict_iterator(output_numpy=True, num_epochs=1)]",
    "dict_iterator_values": "[row['y'] for row in slices(3).create_dict_iterator(output_numpy=True, num_epochs=1)]",
    "iterator_columns": "[row for row in slices(3).create_tuple_iterator(columns=['y'], output_numpy=True, "
                        "num_epochs=1)]",
    "len_of_batch": "len(slices(7).batch(2))",
    "repeat_count": "slices(2).repeat(3).get_repeat_count()",
    # -- errors ------------------------------------------------------------------------------------------
    "error_missing_folder": "ds.MnistDataset(DIRS['missing'])",
    "error_missing_folder_cifar": "ds.Cifar10Dataset(DIRS['missing'])",
    "error_missing_folder_images": "ds.ImageFolderDataset(DIRS['missing'])",
    "error_empty_folder_mnist": "ds.MnistDataset(DIRS['empty'], shuffle=False)",
    "error_mnist_usage_missing": "ds.MnistDataset(DIRS['mnist_train_only'], usage='test', shuffle=False)",
    "error_cifar_usage_missing": "ds.Cifar10Dataset(DIRS['cifar_train_only'], usage='test', shuffle=False)",
    "error_bad_usage": "ds.MnistDataset(DIRS['mnist'], usage='valid')",
    "error_batch_zero": "slices().batch(0)",
    "error_batch_negative": "slices().batch(-2)",
    "error_map_unknown_column": "slices().map(lambda v: v, input_columns=['nope'])",
    "error_project_unknown_column": "slices().project(['nope'])",
    "error_rename_unknown_column": "slices().rename(['nope'], ['other'])",
    "error_generator_raises": "ds.GeneratorDataset(failing, ['v'])",
    "error_random_access_raises": "ds.GeneratorDataset([(np.array(i),) for i in range(40)] + [None], ['v'], "
                                   "shuffle=False)",
    "error_map_returns_object": "slices().map(lambda x: object(), input_columns=['x'])",
    "error_map_raises": "slices().map(lambda x: 1 / 0, input_columns=['x'])",
    "error_mnist_truncated": "ds.MnistDataset(DIRS['mnist_truncated'], usage='train', shuffle=False)",
    "error_mnist_bad_magic": "ds.MnistDataset(DIRS['mnist_bad_magic'], usage='train', shuffle=False)",
    "error_sampler_and_shuffle": "ds.MnistDataset(DIRS['mnist'], shuffle=False, sampler=ds.SequentialSampler())",
    "error_shard_id_without_shards": "ds.MnistDataset(DIRS['mnist'], shuffle=False, shard_id=1)",
    "error_shards_without_shard_id": "ds.MnistDataset(DIRS['mnist'], shuffle=False, num_shards=2)",
    "error_sampler_and_num_samples": "ds.MnistDataset(DIRS['mnist'], num_samples=3, sampler=ds.SequentialSampler())",
    "error_sampler_and_shards": "ds.NumpySlicesDataset([1, 2], sampler=ds.SequentialSampler(), num_shards=2, "
                                "shard_id=0)",
    "error_shard_id_out_of_range": "ds.MnistDataset(DIRS['mnist'], shuffle=False, num_shards=2, shard_id=2)",
    "error_num_shards_zero": "ds.MnistDataset(DIRS['mnist'], shuffle=False, num_shards=0, shard_id=0)",
    "eager_pad_fill_tuple_one_channel": "vision.Pad(1, fill_value=(10, 20, 30))(U8_HW1)",
    "error_pad_four_channels": "vision.Pad(1)(U8_HW4)",
    "error_pad_fill_tuple_four_channels": "vision.Pad(1, fill_value=(10, 20, 30))(U8_HW4)",
    "error_pad_edge_four_channels": "vision.Pad(1, padding_mode=vision.Border.EDGE)(U8_HW4)",
    "eager_center_crop_larger_four_channels": "vision.CenterCrop(9)(U8_HW4)",
    "eager_random_crop_padding_four_channels": "vision.RandomCrop((8, 9), padding=1)(U8_HW4)",
    "eager_resize_pad_pipeline_four_channels": "transforms.Compose([vision.Resize((3, 4)), vision.HWC2CHW()])(U8_HW4)",
    "error_generator_sampler_and_shuffle": "ds.GeneratorDataset(RandomAccess(), ['d', 'l'], shuffle=False, "
                                           "sampler=ds.SequentialSampler())",
    "error_slices_shards_without_id": "ds.NumpySlicesDataset([1, 2], num_shards=2)",
    "error_slices_sampler_and_num_samples": "ds.NumpySlicesDataset([1, 2], num_samples=1, "
                                            "sampler=ds.SequentialSampler())",
    "error_generator_function_with_sampler": "ds.GeneratorDataset(counting, ['a', 'b'], "
                                             "sampler=ds.SequentialSampler())",
    "error_generator_function_with_shards": "ds.GeneratorDataset(counting, ['a', 'b'], num_shards=2, shard_id=0)",
    "error_subset_sampler_out_of_range": "ds.NumpySlicesDataset(np.arange(3), sampler=ds.SubsetSampler([0, 5]))",
    "error_zip_same_column": "ds.zip((slices(3), slices(3)))",
    "error_concat_different_columns": "slices(2) + ds.NumpySlicesDataset({'q': [1, 2]}, shuffle=False)",
    "error_split_wrong_sizes": "slices().split([3, 3], randomize=False)[0]",
    "error_ragged_batch": "ds.GeneratorDataset(images, ['image', 'label']).batch(2)",
    "error_generator_no_names": "ds.GeneratorDataset(counting)",
    "error_class_indexing_unknown": "ds.ImageFolderDataset(DIRS['folder'], class_indexing={'cow': 0})",
    "error_onehot_out_of_range": "transforms.OneHot(3)(np.array(5))",
    "error_decode_not_image": "vision.Decode()(np.arange(10, dtype=np.uint8))",
}

# Eager transforms: vision on uint8 and float32 images, 2-D (HW) and 3-D (HWC).
_EAGER_IMAGES = ("U8_HW", "U8_HWC", "U8_HW1", "F32_HW", "F32_HWC")
_EAGER = {
    "rescale": "vision.Rescale(1.0 / 255.0, 0.0)({})",
    "rescale_shift": "vision.Rescale(0.5, -3.25)({})",
    "resize_linear_up": "vision.Resize((9, 13))({})",
    "resize_linear_down": "vision.Resize((4, 3))({})",
    "resize_linear_int": "vision.Resize(4)({})",
    "resize_nearest_up": "vision.Resize((9, 13), vision.Inter.NEAREST)({})",
    "resize_nearest_down": "vision.Resize((4, 3), vision.Inter.NEAREST)({})",
    "resize_nearest_int": "vision.Resize(10, vision.Inter.NEAREST)({})",
    "center_crop_smaller": "vision.CenterCrop((3, 5))({})",
    "center_crop_int": "vision.CenterCrop(3)({})",
    "center_crop_larger": "vision.CenterCrop((9, 11))({})",
    "center_crop_mixed": "vision.CenterCrop((2, 12))({})",
    "pad_constant": "vision.Pad(2)({})",
    "pad_constant_fill": "vision.Pad((1, 2), fill_value=7)({})",
    "pad_edge": "vision.Pad((1, 2, 3, 0), padding_mode=vision.Border.EDGE)({})",
    "pad_reflect": "vision.Pad((2, 1, 0, 3), padding_mode=vision.Border.REFLECT)({})",
    "pad_symmetric": "vision.Pad(3, padding_mode=vision.Border.SYMMETRIC)({})",
    "hwc2chw": "vision.HWC2CHW()({})",
    "to_tensor": "vision.ToTensor()({})",
    "hflip": "vision.RandomHorizontalFlip(1.0)({})",
    "vflip": "vision.RandomVerticalFlip(1.0)({})",
    "no_flip": "vision.RandomHorizontalFlip(0.0)({})",
    "random_crop_full": "vision.RandomCrop((10, 12), padding=2)({})",
    "normalize_one": "vision.Normalize([10.5], [3.25])({})",
    "fill": "transforms.Fill(3)({})",
    "typecast_int32": "transforms.TypeCast(ms.int32)({})",
    "typecast_uint8": "transforms.TypeCast(ms.uint8)({})",
    "typecast_float16": "transforms.TypeCast(ms.float16)({})",
}
for _name, _template in _EAGER.items():
    for _image in _EAGER_IMAGES:
        CASES[f"eager_{_name}_{_image.lower()}"] = _template.format(_image)
CASES.update({
    "eager_normalize_rgb_u8": "vision.Normalize([120.0, 127.5, 130.25], [60.0, 65.5, 70.125])(U8_HWC)",
    "eager_normalize_rgb_f32": "vision.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])(F32_HWC)",
    "eager_normalize_rgb_f64": "vision.Normalize([0.5, 0.25, 0.125], [0.5, 2.0, 4.0])(F64_HWC)",
    "eager_normalize_chw": "vision.Normalize([0.5, 0.25, 0.125], [0.25, 0.5, 2.0], is_hwc=False)(F32_CHW)",
    "eager_normalize_chw_one": "vision.Normalize([0.5], [0.25], is_hwc=False)(F32_CHW)",
    "eager_normalize_wrong_channels": "vision.Normalize([0.5, 0.5], [1.0, 1.0])(U8_HWC)",
    "eager_pad_fill_tuple": "vision.Pad(1, fill_value=(10, 20, 30))(U8_HWC)",
    "eager_pad_fill_tuple_hw": "vision.Pad(1, fill_value=(10, 20, 30))(U8_HW)",
    "eager_random_crop_pad_if_needed_sorted": "np.sort(vision.RandomCrop((8, 10), pad_if_needed=True, "
                                              "fill_value=9)(U8_HW1).ravel())",
    "eager_random_crop_pad_if_needed_fits": "vision.RandomCrop((6, 8), pad_if_needed=True)(U8_HWC)",
    "eager_random_crop_same": "vision.RandomCrop((6, 8))(U8_HWC)",
    "eager_to_tensor_float64": "vision.ToTensor(np.float64)(U8_HWC)",
    "eager_to_tensor_f64_input": "vision.ToTensor()(F64_HWC)",
    "eager_to_tensor_int32": "vision.ToTensor()(I32_HW)",
    "eager_resize_f64": "vision.Resize((7, 3))(F64_HWC)",
    "eager_resize_u8_big": "vision.Resize((13, 17))(U8_HWC)",
    "eager_resize_int_tall": "vision.Resize(3)(U8_HW1)",
    "eager_resize_u8_wide_up": "vision.Resize((31, 50))(BIG_U8)",
    "eager_resize_u8_wide_down": "vision.Resize((7, 11))(BIG_U8)",
    "eager_resize_u8_odd_scale": "vision.Resize((13, 29))(BIG_U8)",
    "eager_resize_f32_wide_up": "vision.Resize((31, 50))(BIG_F32)",
    "eager_resize_f32_wide_down": "vision.Resize((7, 11))(BIG_F32)",
    "eager_resize_u8_hw_tall": "vision.Resize((17, 64))(TALL_U8_HW)",
    "eager_resize_u8_hw_tall_down": "vision.Resize((9, 5))(TALL_U8_HW)",
    "eager_resize_int_wide": "vision.Resize(5)(BIG_U8)",
    "eager_resize_four_channels": "vision.Resize((5, 9))(U8_HW4)",
    "eager_resize_same_size": "vision.Resize((6, 8))(U8_HWC)",
    "eager_resize_nearest_wide": "vision.Resize((13, 29), vision.Inter.NEAREST)(BIG_U8)",
    "eager_resize_uint16": "vision.Resize((4, 9))(TALL_U8_HW[:6, :7].astype(np.uint16) * 250)",
    "eager_resize_int16": "vision.Resize((4, 9))(I32_HW.astype(np.int16) * 100)",
    "eager_resize_int8": "vision.Resize((4, 9))(I32_HW.astype(np.int8))",
    "eager_resize_int32": "vision.Resize((4, 9))(I32_HW)",
    "eager_decode_png": "vision.Decode()(PNG_RGB)",
    "eager_decode_png_gray": "vision.Decode()(PNG_GRAY)",
    "eager_decode_bmp": "vision.Decode()(BMP)",
    "eager_onehot_scalar": "transforms.OneHot(5)(np.array(3))",
    "eager_onehot_vector": "transforms.OneHot(10)(LABELS)",
    "eager_onehot_uint8": "transforms.OneHot(4)(np.array([0, 3, 1], np.uint8))",
    "eager_onehot_smoothing": "transforms.OneHot(5, smoothing_rate=0.1)(np.array([4, 0], np.int64))",
    "eager_onehot_smoothing_int32": "transforms.OneHot(4, smoothing_rate=0.2)(LABELS[LABELS < 4])",
    "eager_fill_float": "transforms.Fill(2.75)(F32_HW)",
    "eager_fill_int_to_float": "transforms.Fill(2)(F32_CHW)",
    "eager_fill_float_to_int": "transforms.Fill(2.75)(LABELS)",
    "eager_typecast_float_to_int8": "transforms.TypeCast(ms.int8)(np.array([-3.7, -0.5, 0.5, 3.7, 127.9, -128.9], "
                                    "np.float32))",
    "eager_typecast_float_to_int64": "transforms.TypeCast(ms.int64)(np.array([-1e9, -2.5, 2.5, 1e9], np.float64))",
    "eager_typecast_wrap_uint8": "transforms.TypeCast(ms.uint8)(np.array([255, 256, 300, -1, -200, 1000], "
                                 "np.int32))",
    "eager_typecast_wrap_int8": "transforms.TypeCast(ms.int8)(np.array([127, 128, 255, 256, -129], np.int64))",
    "eager_typecast_wrap_int16": "transforms.TypeCast(ms.int16)(np.array([32767, 32768, 70000, -40000], np.int32))",
    "eager_typecast_bool": "transforms.TypeCast(ms.bool_)(np.array([0, 2, -1], np.int32))",
    "eager_typecast_from_bool": "transforms.TypeCast(ms.float32)(np.array([True, False]))",
    "eager_typecast_float64_to_float32": "transforms.TypeCast(ms.float32)(np.array([0.1, 1e40, -1e-50]))",
    "eager_typecast_numpy_dtype": "transforms.TypeCast(np.int16)(np.array([1.5, -2.5], np.float32))",
    "eager_compose": "transforms.Compose([vision.Resize((4, 6)), vision.Rescale(1 / 255, 0), vision.HWC2CHW()])"
                     "(U8_HWC)",
    "eager_compose_lambda": "transforms.Compose([vision.CenterCrop(4), lambda x: x * 2, vision.HWC2CHW()])(F32_HWC)",
    "eager_random_apply_all": "transforms.RandomApply([vision.Pad(1), vision.RandomHorizontalFlip(1.0)], "
                              "prob=1.0)(U8_HWC)",
    "eager_random_apply_none": "transforms.RandomApply([vision.Pad(1)], prob=0.0)(U8_HWC)",
    "eager_random_choice_one": "transforms.RandomChoice([vision.CenterCrop(2)])(U8_HW)",
    "eager_rescale_f64": "vision.Rescale(0.5, 0.25)(F64_HWC)",
    "eager_rescale_f64_inexact": "vision.Rescale(1.0 / 255.0, 0.1)(F64_HWC)",
    "eager_rescale_f32_inexact": "vision.Rescale(1.0 / 3.0, 0.1)(F32_HWC)",
    "eager_rescale_u8_inexact": "vision.Rescale(1.0 / 3.0, 0.1)(U8_HWC)",
    "eager_rescale_int32": "vision.Rescale(1.0 / 3.0, 0.1)(I32_HW)",
    "eager_rescale_int16": "vision.Rescale(1.0 / 3.0, 0.1)(I32_HW.astype(np.int16))",
    "eager_rescale_uint16": "vision.Rescale(1.0 / 3.0, 0.1)(TALL_U8_HW[:5].astype(np.uint16) * 250)",
    "eager_normalize_int32": "vision.Normalize([1.5], [0.7])(I32_HW)",
    "eager_onehot_smoothing_scalar": "transforms.OneHot(5, smoothing_rate=0.1)(np.array(2, np.int32))",
    "error_onehot_rank2": "transforms.OneHot(5)(np.array([[1, 2], [3, 0]]))",
    "eager_hwc2chw_f64": "vision.HWC2CHW()(F64_HWC)",
})

# Dataset.reset, and the random resized crop and colour adjustment where MindSpore's draws cannot matter: a crop
# of the whole image (scale 1, the image's own aspect), MindSpore's centred fallback (no box fits), one colour
# adjustment at a time with a range of one value (the order of the four is drawn).
_ONE_EPOCH = "create_tuple_iterator(num_epochs=1, output_numpy=True)"
CASES.update({
    "reset_returns_none": "slices(3).reset()",
    "reset_iterators": "(lambda d, it: [next(it), d.reset(), list(it), list(it), list(d." + _ONE_EPOCH + ")])("
                       "*(lambda d: (d, d.create_tuple_iterator(num_epochs=2, output_numpy=True)))(slices(5).batch(2)))",
    "eager_random_resized_crop_whole": "vision.RandomResizedCrop((4, 5), scale=(1, 1), ratio=(8 / 6, 8 / 6))(U8_HWC)",
    "eager_random_resized_crop_whole_up": "vision.RandomResizedCrop((9, 13), scale=(1.0, 1.0), "
                                          "ratio=(37 / 20, 37 / 20))(BIG_U8)",
    "eager_random_resized_crop_whole_f32": "vision.RandomResizedCrop(7, scale=(1, 1), ratio=(37 / 20, 37 / 20))"
                                           "(BIG_F32)",
    "eager_random_resized_crop_nearest_hw": "vision.RandomResizedCrop((9, 5), scale=(1, 1), ratio=[8 / 6, 8 / 6], "
                                            "interpolation=vision.Inter.NEAREST)(U8_HW)",
    "eager_random_resized_crop_fallback_wide": "vision.RandomResizedCrop(5, scale=(1, 1), ratio=(1, 1))(BIG_U8)",
    "eager_random_resized_crop_fallback_tall": "vision.RandomResizedCrop((6, 4), scale=(1, 1), ratio=(1, 1), "
                                               "max_attempts=3)(TALL_U8_HW)",
    "eager_random_resized_crop_fallback_ratio": "vision.RandomResizedCrop((3, 8), scale=(1, 1), ratio=(3, 4))(U8_HWC)",
    "eager_random_resized_crop_fallback_half": "vision.RandomResizedCrop((1, 2), scale=(1, 1), ratio=(1.5625, 1.5625), "
                                               "max_attempts=1)(np.arange(12, dtype=np.uint8).reshape(2, 2, 3) * 10)",
    "eager_random_crop_decode_resize_whole": "vision.RandomCropDecodeResize((4, 6), scale=(1, 1), ratio=(1.4, 1.4))"
                                             "(PNG_RGB)",
    "map_random_crop_decode_resize": "ds.ImageFolderDataset(DIRS['folder'], shuffle=False).map("
                                     "vision.RandomCropDecodeResize((6, 6), scale=(1, 1), ratio=(3, 3)), 'image')",
    "error_random_resized_crop_size_zero": "vision.RandomResizedCrop(0)",
    "error_random_resized_crop_size_float": "vision.RandomResizedCrop(3.5)",
    "error_random_resized_crop_size_three": "vision.RandomResizedCrop((3, 4, 5))",
    "error_random_resized_crop_scale_order": "vision.RandomResizedCrop(4, scale=(0.5, 0.2))",
    "error_random_resized_crop_scale_zero": "vision.RandomResizedCrop(4, scale=(0, 0))",
    "error_random_resized_crop_scale_type": "vision.RandomResizedCrop(4, scale=1)",
    "error_random_resized_crop_ratio_zero": "vision.RandomResizedCrop(4, ratio=(0, 1))",
    "error_random_resized_crop_ratio_order": "vision.RandomResizedCrop(4, ratio=(2, 1))",
    "error_random_resized_crop_max_attempts_zero": "vision.RandomResizedCrop(4, max_attempts=0)",
    "error_random_resized_crop_max_attempts_float": "vision.RandomResizedCrop(4, max_attempts=2.0)",
    "error_random_resized_crop_interpolation_str": "vision.RandomResizedCrop(4, interpolation='linear')",
    "error_random_resized_crop_1d": "vision.RandomResizedCrop(4)(np.zeros(5, np.uint8))",
    "error_random_crop_decode_resize_decoded": "vision.RandomCropDecodeResize(4)(U8_HWC)",
    "error_random_crop_decode_resize_bytes": "vision.RandomCropDecodeResize(4)(b'abc')",
    "error_random_crop_decode_resize_not_image": "vision.RandomCropDecodeResize(4)(np.arange(10, dtype=np.uint8))",
    "eager_random_color_adjust_identity": "vision.RandomColorAdjust()(U8_HWC)",
    "eager_random_color_adjust_brightness": "vision.RandomColorAdjust(brightness=(1.5, 1.5))(BIG_U8)",
    "eager_random_color_adjust_brightness_f32": "vision.RandomColorAdjust(brightness=(0.3, 0.3))(BIG_F32)",
    "eager_random_color_adjust_brightness_int32": "vision.RandomColorAdjust(brightness=[1.5, 1.5])"
                                                  "(U8_HWC.astype(np.int32) - 100)",
    "eager_random_color_adjust_contrast": "vision.RandomColorAdjust(contrast=(0.5, 0.5))(BIG_U8)",
    "eager_random_color_adjust_contrast_up": "vision.RandomColorAdjust(contrast=(1.7, 1.7))(BIG_U8)",
    "eager_random_color_adjust_contrast_f32": "vision.RandomColorAdjust(contrast=(1.7, 1.7))(BIG_F32)",
    "eager_random_color_adjust_saturation": "vision.RandomColorAdjust(saturation=(0, 0))(BIG_U8)",
    "eager_random_color_adjust_saturation_up": "vision.RandomColorAdjust(saturation=(2, 2))(BIG_U8)",
    "eager_random_color_adjust_saturation_f32": "vision.RandomColorAdjust(saturation=(0.5, 0.5))(BIG_F32)",
    "eager_random_color_adjust_hue": "vision.RandomColorAdjust(hue=(0.25, 0.25))(BIG_U8)",
    "eager_random_color_adjust_hue_negative": "vision.RandomColorAdjust(hue=(-0.25, -0.25))(U8_HWC)",
    "eager_random_color_adjust_hue_f32": "vision.RandomColorAdjust(hue=(0.25, 0.25))(F32_HWC)",
    "map_random_color_adjust": "ds.GeneratorDataset(images, ['image', 'label']).map("
                               "vision.RandomColorAdjust(saturation=(0, 0)), 'image')",
    "error_random_color_adjust_hw": "vision.RandomColorAdjust()(U8_HW)",
    "error_random_color_adjust_four_channels": "vision.RandomColorAdjust()(U8_HW4)",
    "error_random_color_adjust_contrast_int32": "vision.RandomColorAdjust(contrast=(0.5, 0.5))(U8_HWC.astype(np.int32))",
    "error_random_color_adjust_hue_uint16": "vision.RandomColorAdjust(hue=(0.1, 0.1))(U8_HWC.astype(np.uint16))",
    "error_random_color_adjust_negative": "vision.RandomColorAdjust(brightness=-1)",
    "error_random_color_adjust_order": "vision.RandomColorAdjust(contrast=(2, 1))",
    "error_random_color_adjust_length": "vision.RandomColorAdjust(saturation=(1, 2, 3))",
    "error_random_color_adjust_type": "vision.RandomColorAdjust(brightness='a')",
    "error_random_color_adjust_hue_range": "vision.RandomColorAdjust(hue=0.6)",
    "error_random_color_adjust_hue_low": "vision.RandomColorAdjust(hue=(-0.6, 0.1))",
})


def encode_array(array: np.ndarray) -> dict:
    array = np.asarray(array)  # not ascontiguousarray: it makes a 0-d array 1-d
    little = array.astype(array.dtype.newbyteorder("<"), copy=False)
    return {"dtype": str(array.dtype), "shape": list(array.shape),
            "data": base64.b64encode(zlib.compress(little.tobytes(order="C"), 9)).decode("ascii")}


def decode_array(record: dict) -> np.ndarray:
    dtype = np.dtype(record["dtype"]).newbyteorder("<")
    data = zlib.decompress(base64.b64decode(record["data"]))
    return np.frombuffer(data, dtype).reshape(record["shape"]).copy()


def encode(value: Any) -> dict:
    """A case's non-Dataset result as JSON: arrays (and NumPy scalars) by ``encode_array``, containers
    element by element, Python numbers and strings as they are (type named)."""
    if isinstance(value, np.ndarray):
        return {"array": encode_array(value)}
    if isinstance(value, np.generic):
        return {"scalar": encode_array(np.asarray(value))}
    if isinstance(value, (list, tuple)):
        return {type(value).__name__: [encode(v) for v in value]}
    if isinstance(value, dict):
        return {"dict": [[encode(k), encode(v)] for k, v in value.items()]}
    if value is None or isinstance(value, (bool, int, float, str)):
        return {type(value).__name__: value}
    if hasattr(value, "asnumpy"):
        return {"Tensor": str(value.dtype), "value": encode_array(value.asnumpy())}
    raise TypeError(f"cannot encode {type(value).__name__}")


def _attempt(function: Callable[[], Any]) -> dict:
    """{'value': encoded result} or {'error': exception type name}."""
    try:
        return {"value": function()}
    except Exception as e:  # noqa: BLE001 - an error is a recorded answer
        return {"error": type(e).__name__}


def describe_dataset(dataset: Any) -> dict:
    """A Dataset's facts, its rows (NumPy), and its first row of Tensors (dtype names, values), each an
    ``_attempt`` (so one failing fact does not hide the others)."""
    return {
        "col_names": _attempt(lambda: list(dataset.get_col_names())),
        "dataset_size": _attempt(lambda: int(dataset.get_dataset_size())),
        "batch_size": _attempt(lambda: int(dataset.get_batch_size())),
        "output_shapes": _attempt(lambda: [[int(n) for n in s] for s in dataset.output_shapes()]),
        "output_types": _attempt(lambda: [str(np.dtype(t)) for t in dataset.output_types()]),
        "rows": _attempt(lambda: [[encode_array(np.asarray(v)) for v in row]
                                  for row in dataset.create_tuple_iterator(output_numpy=True, num_epochs=1)]),
        "first_tensors": _attempt(lambda: first_tensors(dataset)),
    }


def first_tensors(dataset: Any) -> list[dict]:
    """The first row of ``create_tuple_iterator()``: each value's Tensor dtype name (or type name) and value."""
    row = next(iter(dataset.create_tuple_iterator(num_epochs=1)))
    return [{"dtype": str(v.dtype) if hasattr(v, "asnumpy") else type(v).__name__,
             "value": encode_array(v.asnumpy() if hasattr(v, "asnumpy") else v)} for v in row]


def run_case(code: str, names: dict) -> dict:
    """One case with ``names`` (the modules, ``np`` and ``DIRS``): {'dataset': ...}, {'value': ...}, or
    {'error': type name}."""
    scope = dict(names)
    exec(PRELUDE, scope)  # noqa: S102 - the cases are this file's own code
    try:
        result = eval(code, scope)
    except Exception as e:  # noqa: BLE001
        return {"error": type(e).__name__}
    if isinstance(result, scope["ds"].Dataset):
        return {"dataset": describe_dataset(result)}
    return {"value": encode(result)}


def mindspore_names(dirs: dict) -> dict:
    import mindspore
    import mindspore.dataset as ds
    from mindspore.dataset import transforms, vision
    return {"ds": ds, "vision": vision, "transforms": transforms, "ms": mindspore, "np": np, "DIRS": dirs}


def _worker(names: list[str], root: str) -> None:
    """Run ``names`` on the fixtures under ``root`` with MindSpore; print {name: record} as JSON."""
    scope = mindspore_names(fixture_dirs(root))
    out = {name: run_case(CASES[name], scope) for name in names}
    print("\n" + json.dumps(out))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", nargs="*", default=None, help="record these cases only (with --print)")
    ap.add_argument("--print", action="store_true", help="print the records instead of writing the file")
    ap.add_argument("--merge", action="store_true", help="record the --only cases into the existing file")
    ap.add_argument("--worker", nargs="*", help=argparse.SUPPRESS)
    ap.add_argument("--root", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker is not None:
        _worker(args.worker, args.root)
        return
    names = args.only or list(CASES)
    env = dict(os.environ, GLOG_v="3")
    with tempfile.TemporaryDirectory() as root:
        write_fixtures(root)
        digests = fixture_digests(root)

        def run(chunk):
            done = subprocess.run([sys.executable, os.path.abspath(__file__), "--root", root, "--worker", *chunk],
                                  capture_output=True, text=True, env=env, timeout=600, check=False)
            if done.returncode:
                if len(chunk) > 1:  # find the case that crashes the process, the others recorded alone
                    return {k: v for name in chunk for k, v in run([name]).items()}
                raise RuntimeError(f"case {chunk[0]} crashed the worker:\n{done.stderr[-3000:]}")
            return json.loads(done.stdout.strip().splitlines()[-1])

        chunks = [names[i:i + CHUNK] for i in range(0, len(names), CHUNK)]
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            records = {k: v for part in pool.map(run, chunks) for k, v in part.items()}
    if args.print or (args.only and not args.merge):
        print(json.dumps(records, indent=1))
        return
    import mindspore
    import PIL
    golden = {"mindspore_version": mindspore.__version__, "numpy_version": np.__version__,
              "pillow_version": PIL.__version__,
              "fixture_seed": FIXTURE_SEED, "fixtures": digests, "prelude": PRELUDE,
              "cases": {name: {"code": CASES[name], **records[name]} for name in names}}
    if args.merge:
        golden = _merged(golden)
    tmp = GOLDEN + ".tmp"
    with open(tmp, "w") as f:
        json.dump(golden, f, indent=None, separators=(",", ":"))
        f.write("\n")
    os.replace(tmp, GOLDEN)
    print(f"wrote {len(names)} cases to {GOLDEN} ({os.path.getsize(GOLDEN)} bytes)")


def _merged(recorded: dict) -> dict:
    """The golden file with ``recorded``'s cases replaced or added (in the order of ``CASES``), refused when
    the two were recorded on different fixtures, preludes or MindSpore versions."""
    with open(GOLDEN) as f:
        golden = json.load(f)
    for key in ("mindspore_version", "fixtures", "prelude"):
        if golden[key] != recorded[key]:
            raise SystemExit(f"--merge: {key} differs from {GOLDEN}'s; record every case instead")
    cases = {**golden["cases"], **recorded["cases"]}
    golden["cases"] = {name: cases[name] for name in CASES if name in cases}
    return golden


if __name__ == "__main__":
    main()

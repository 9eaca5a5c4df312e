"""The MNIST quick-start's data pipeline, timed in one run against what else a user could run.

    python benchmarks/dataset_pipeline.py                      # 60,000 images, text table
    python benchmarks/dataset_pipeline.py --markdown           # the README's table
    python benchmarks/dataset_pipeline.py --mindspore-python /work/msvenv/bin/python   # adds real MindSpore

The unigrad rows run the tutorial's code: ``MnistDataset`` on IDX files this script writes (60,000 random
28x28 images), ``map([Rescale(1/255, 0), Normalize((0.1307,), (0.3081,)), HWC2CHW()], 'image')``,
``map(TypeCast(int32), 'label')``, ``batch(64)``, then ``create_tuple_iterator()`` (Tensors on the backend)
or ``output_numpy=True``. Against it:
  * NumPy by hand: the same arithmetic over the same arrays, one batch at a time, vectorised;
  * torch's DataLoader over a Dataset whose ``__getitem__`` applies torchvision's ToTensor and Normalize
    (written out in torch ops) to one sample;
  * real MindSpore 2.10's own pipeline on the same files, in its own Python (``--mindspore-python``).
Every row's first epoch is checked against NumPy by hand (largest |difference| of the images, labels
equal). ``train loop ÷ pre-built``: the tutorial's ``train`` over the dataset against the same train steps
over the batches built beforehand, in alternating pairs. ``memory``: what ``MnistDataset`` holds after
reading gzipped files, over the files' raw bytes.
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc

os.environ.setdefault("JAX_PLATFORMS", "cpu")
from _process import apply_allocator, apply_threads  # noqa: E402  (before numpy, torch and jax load)

THREADS = apply_threads() if __name__ == "__main__" else 0
ALLOCATOR = apply_allocator() if __name__ == "__main__" else "default malloc"

import numpy as np  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MEAN, STD, BATCH = 0.1307, 0.3081, 64

MINDSPORE_SCRIPT = """
import json, sys, time, numpy as np
import mindspore
from mindspore.dataset import MnistDataset, vision, transforms
folder, epochs = sys.argv[1], int(sys.argv[2])
def datapipe(numpy_out):
    ds = MnistDataset(folder, shuffle=False)
    ds = ds.map([vision.Rescale(1.0 / 255.0, 0), vision.Normalize(mean=(0.1307,), std=(0.3081,)),
                 vision.HWC2CHW()], 'image')
    ds = ds.map(transforms.TypeCast(mindspore.int32), 'label')
    return ds.batch(64)
out = {}
for numpy_out in (False, True):
    ds, times = datapipe(numpy_out), []
    for _ in range(epochs):
        start = time.perf_counter()
        for image, label in ds.create_tuple_iterator(output_numpy=numpy_out):
            pass
        times.append(time.perf_counter() - start)
    out["numpy" if numpy_out else "tensor"] = times
first = next(datapipe(True).create_tuple_iterator(output_numpy=True))
out["first"] = [first[0].tolist(), first[1].tolist()]
print(json.dumps(out))
"""


def write_images(folder: pathlib.Path, count: int, gzipped: bool = False) -> tuple[np.ndarray, np.ndarray]:
    from unigrad.testing.dataset_files import write_mnist
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (count, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, count).astype(np.uint8)
    write_mnist(folder, images, labels, "train", gzipped=gzipped)
    return images, labels


def datapipe(mindspore, folder: pathlib.Path, shuffle: bool = False):
    """The tutorial's ``datapipe`` on a folder; unshuffled unless asked (so every row can be checked)."""
    from unigrad.dataset import MnistDataset, transforms, vision
    dataset = MnistDataset(str(folder), shuffle=shuffle)
    image_transforms = [vision.Rescale(1.0 / 255.0, 0), vision.Normalize(mean=(MEAN,), std=(STD,)), vision.HWC2CHW()]
    dataset = dataset.map(image_transforms, 'image')
    dataset = dataset.map(transforms.TypeCast(mindspore.int32), 'label')
    return dataset.batch(BATCH)


def by_hand(images: np.ndarray, labels: np.ndarray):
    """The same arithmetic, vectorised over each batch of the in-memory arrays."""
    scale, mean, std = np.float32(1 / 255), np.float32(MEAN), np.float32(STD)
    for start in range(0, len(images), BATCH):
        x = np.multiply(images[start:start + BATCH, None], scale, dtype=np.float32)
        x -= mean
        x /= std
        yield x, labels[start:start + BATCH].astype(np.int32)


def torch_loader(images: np.ndarray, labels: np.ndarray):
    """torch's DataLoader over a Dataset doing per sample what torchvision's ``ToTensor()`` and
    ``Normalize((0.1307,), (0.3081,))`` do, in the same torch ops (torchvision is not installed here)."""
    import torch
    mean, std = torch.tensor([MEAN]).view(1, 1, 1), torch.tensor([STD]).view(1, 1, 1)

    class Digits(torch.utils.data.Dataset):
        def __len__(self):
            return len(images)

        def __getitem__(self, i):
            x = torch.from_numpy(images[i][:, :, None]).permute(2, 0, 1).contiguous().to(torch.float32).div(255)
            return x.sub_(mean).div_(std), int(labels[i])

    return torch.utils.data.DataLoader(Digits(), batch_size=BATCH, shuffle=False, num_workers=0)


def epoch_times(make_epoch, epochs: int) -> list[float]:
    times = []
    for _ in range(epochs):
        start = time.perf_counter()
        for _ in make_epoch():
            pass
        times.append(time.perf_counter() - start)
    return times


def first_batch_error(batch, reference) -> float:
    image, label = (np.asarray(v.asnumpy() if hasattr(v, "asnumpy") else v) for v in batch)
    if not np.array_equal(label, reference[1]):
        return float("inf")
    return float(np.abs(image - reference[0]).max())


def pipeline_rows(folder, images, labels, epochs, mindspore_python):
    import unigrad
    reference = next(by_hand(images, labels))
    rows = []
    hand = epoch_times(lambda: by_hand(images, labels), epochs)
    rows.append(("NumPy by hand (in-memory arrays)", hand, 0.0))
    dataset = datapipe(unigrad, folder)
    rows.append(("unigrad, output_numpy=True", epoch_times(lambda: dataset.create_tuple_iterator(output_numpy=True),
                                                           epochs),
                 first_batch_error(next(dataset.create_tuple_iterator(output_numpy=True)), reference)))
    shuffled = datapipe(unigrad, folder, shuffle=True)
    rows.append(("unigrad, Tensors on numpy, shuffled (the tutorial's default)",
                 epoch_times(lambda: shuffled.create_tuple_iterator(), epochs), float("nan")))
    for backend in unigrad.available_backends():
        with unigrad.use_backend(backend):
            dataset = datapipe(unigrad, folder)
            times = epoch_times(lambda: dataset.create_tuple_iterator(), epochs)
            rows.append((f"unigrad, Tensors on {backend}", times,
                         first_batch_error(next(dataset.create_tuple_iterator()), reference)))
    try:
        loader = torch_loader(images, labels)
        rows.append(("torch DataLoader, per-sample transforms", epoch_times(lambda: loader, max(1, epochs // 2)),
                     first_batch_error(next(iter(loader)), reference)))
    except ImportError:
        pass
    if mindspore_python:
        done = subprocess.run([mindspore_python, "-c", MINDSPORE_SCRIPT, str(folder), str(max(1, epochs // 2))],
                              capture_output=True, text=True, check=True)
        result = json.loads(done.stdout.strip().splitlines()[-1])
        error = first_batch_error([np.asarray(result["first"][0], np.float32), np.asarray(result["first"][1])],
                                  reference)
        rows.append(("MindSpore 2.10, Tensors", result["tensor"], error))
        rows.append(("MindSpore 2.10, output_numpy=True", result["numpy"], error))
    return rows


def train_loop_ratio(backend: str, folder: pathlib.Path, pairs: int) -> float:
    """The tutorial's ``train`` over the dataset ÷ the same steps over batches built beforehand (median of
    alternating pairs)."""
    import unigrad
    from tutorial import quickstart_network, train_step
    with unigrad.use_backend(backend):
        unigrad.set_seed(0)
        model = quickstart_network(unigrad)
        weights = [p.asnumpy() for p in model.trainable_params()]
        step = train_step(unigrad, model, weights, 1e-2)
        dataset = datapipe(unigrad, folder)
        prebuilt = list(dataset.create_tuple_iterator())

        def over_dataset():
            for data, label in dataset.create_tuple_iterator():
                step(data, label)

        def over_prebuilt():
            for data, label in prebuilt:
                step(data, label)

        over_dataset(), over_prebuilt()  # warm up
        ratios = []
        for _ in range(pairs):
            start = time.perf_counter()
            over_dataset()
            middle = time.perf_counter()
            over_prebuilt()
            ratios.append((middle - start) / (time.perf_counter() - middle))
        return statistics.median(ratios)


def memory_ratio(folder: pathlib.Path) -> float:
    """Bytes MnistDataset allocates to read gzipped files (and keeps), over the files' raw bytes."""
    from unigrad.dataset import MnistDataset
    raw = (16 + 60_000 * 28 * 28) + (8 + 60_000)  # the two IDX files, decompressed
    tracemalloc.start()
    dataset = MnistDataset(str(folder), shuffle=False)
    dataset.get_dataset_size()  # reads the files
    held, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return held / raw


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--default-malloc", action="store_true")
    parser.add_argument("--epochs", type=int, default=7, help="timed epochs per row (median)")
    parser.add_argument("--pairs", type=int, default=5, help="alternating pairs for the train-loop ratio")
    parser.add_argument("--mindspore-python", help="a Python with MindSpore 2.10, to time its pipeline too")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder, small, packed = pathlib.Path(tmp, "raw"), pathlib.Path(tmp, "small"), pathlib.Path(tmp, "gz")
        images, labels = write_images(folder, 60_000)
        write_images(small, 9_600)
        write_images(packed, 60_000, gzipped=True)
        rows = pipeline_rows(folder, images, labels, args.epochs, args.mindspore_python)
        import unigrad
        loops = {b: train_loop_ratio(b, small, args.pairs) for b in unigrad.available_backends()}
        memory = memory_ratio(packed)

    from run import versions
    hand = statistics.median(rows[0][1])
    if args.markdown:
        print(f"Machine: {os.cpu_count()} logical cores, {THREADS or 'library-default'} thread(s), {ALLOCATOR}. "
              f"Date: {time.strftime('%Y-%m-%d %H:%M')}.  ")
        print(f"Versions: {versions()}.\n")
        print("| pipeline, one epoch of 60,000 images, batch 64 | time / epoch | images / s | ÷ NumPy by hand "
              "| check: max \\|Δ\\| |")
        print("|:--|--:|--:|--:|--:|")
    for name, times, error in rows:
        t = statistics.median(times)
        cells = [name, f"{t * 1e3:.1f} ms", f"{60_000 / t / 1e3:.0f} k", f"{t / hand:.2f}x",
                 f"{error:.1e}" if error == error else "(rows shuffled)"]
        print(("| " + " | ".join(cells) + " |") if args.markdown else "  ".join(c.ljust(12) for c in cells))
    print()
    for backend, ratio in loops.items():
        print(f"train loop over the dataset ÷ over pre-built batches ({backend}, 150 batches, median of "
              f"{args.pairs} pairs): {ratio:.3f}x  ")
    print(f"MnistDataset memory after reading gzipped files ÷ their raw bytes: {memory:.3f}")


if __name__ == "__main__":
    main()

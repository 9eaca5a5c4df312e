"""``mindspore.dataset``: MindSpore's data pipeline on NumPy, vectorised.

Sources (``sources/``) read rows; ``Dataset`` and its operations (``dataset``) transform the stream;
iterators (``iterators``) hand rows to the model as Tensors on the active backend. Transforms live in
``transforms/``, ``vision/`` and ``text/``, samplers in ``samplers``, settings and the seed in ``config``.
"""
from unigrad.dataset import config, samplers, text, transforms, vision
from unigrad.dataset.dataset import BatchInfo, Dataset
from unigrad.dataset.samplers import (DistributedSampler, RandomSampler, Sampler, SequentialSampler,
                                      SubsetRandomSampler, SubsetSampler)
from unigrad.dataset.sources import (Cifar10Dataset, GeneratorDataset, ImageFolderDataset, MindDataset,
                                     MnistDataset, NumpySlicesDataset)


def zip(datasets):  # noqa: A001 - MindSpore's name
    """The columns of ``datasets`` (a tuple of Datasets) side by side."""
    if not isinstance(datasets, (tuple, list)) or not datasets:
        raise TypeError(f"zip: datasets must be a non-empty tuple of Datasets, got {datasets!r}")
    return datasets[0].zip(list(datasets[1:]))


__all__ = ["Cifar10Dataset", "Dataset", "DistributedSampler", "GeneratorDataset", "ImageFolderDataset",
           "MindDataset", "MnistDataset", "NumpySlicesDataset", "RandomSampler", "Sampler", "SequentialSampler",
           "SubsetRandomSampler", "SubsetSampler", "BatchInfo", "config", "samplers", "text", "transforms", "vision",
           "zip"]

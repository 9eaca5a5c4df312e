"""The sources of a pipeline: files in MindSpore's layouts (``mnist``, ``cifar10``, ``image_folder``), the
record files of ``unigrad.mindrecord`` (``mind_dataset``) and the user's own Python data (``generator``), on
the random-access base (``base``)."""
from unigrad.dataset.sources.cifar10 import Cifar10Dataset
from unigrad.dataset.sources.generator import GeneratorDataset, NumpySlicesDataset
from unigrad.dataset.sources.image_folder import ImageFolderDataset
from unigrad.dataset.sources.mind_dataset import MindDataset
from unigrad.dataset.sources.mnist import MnistDataset

__all__ = ["Cifar10Dataset", "GeneratorDataset", "ImageFolderDataset", "MindDataset", "MnistDataset",
           "NumpySlicesDataset"]

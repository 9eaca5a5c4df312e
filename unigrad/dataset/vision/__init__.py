"""``mindspore.dataset.vision``: image transforms (``transforms``) and their enums (``utils``)."""
from unigrad.dataset.vision import transforms, utils
from unigrad.dataset.vision.transforms import (CenterCrop, Decode, HWC2CHW, Normalize, Pad, RandomColorAdjust,
                                               RandomCrop, RandomCropDecodeResize, RandomHorizontalFlip,
                                               RandomResizedCrop, RandomVerticalFlip, Rescale, Resize, ToTensor)
from unigrad.dataset.vision.utils import Border, ImageBatchFormat, Inter

__all__ = ["CenterCrop", "Decode", "HWC2CHW", "Normalize", "Pad", "RandomColorAdjust", "RandomCrop",
           "RandomCropDecodeResize", "RandomHorizontalFlip", "RandomResizedCrop", "RandomVerticalFlip", "Rescale",
           "Resize", "ToTensor", "Border", "ImageBatchFormat", "Inter", "transforms", "utils"]

"""The enums vision transforms take (MindSpore's ``mindspore.dataset.vision.utils``)."""
from __future__ import annotations

from enum import Enum


class Inter(str, Enum):
    """Interpolation of Resize. unigrad implements NEAREST and LINEAR (BILINEAR is its other name)."""

    NEAREST = "nearest"
    ANTIALIAS = "antialias"
    LINEAR = "linear"
    BILINEAR = "linear"
    CUBIC = "cubic"
    BICUBIC = "cubic"
    AREA = "area"
    PILCUBIC = "pilcubic"


class Border(str, Enum):
    """How Pad and RandomCrop fill: OpenCV's names, NumPy's ``np.pad`` modes as values."""

    CONSTANT = "constant"
    EDGE = "edge"
    REFLECT = "reflect"  # the edge pixel not repeated: d c b | a b c d | c b a
    SYMMETRIC = "symmetric"  # the edge pixel repeated: c b a | a b c d | d c b


class ImageBatchFormat(str, Enum):
    NHWC = "nhwc"
    NCHW = "nchw"

"""``mindspore.common.tensor``: where MindSpore defines ``Tensor`` (``from mindspore.common.tensor import Tensor``)."""
from unigrad._tensor import Tensor, tensor  # noqa: F401

"""``mindspore.mint``: MindSpore's torch-style namespace. unigrad has the names of it whose objects it already
has elsewhere (``mint.matmul`` is ``ops.matmul``, ``mint.nn.ReLU`` is ``nn.ReLU``, as in MindSpore 2.10)."""
from unigrad.mint import nn  # noqa: F401
from unigrad.ops import matmul  # noqa: F401

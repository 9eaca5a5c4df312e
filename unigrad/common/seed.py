"""MindSpore's ``mindspore.common.seed`` module, which real code imports the global seed from
(``from mindspore.common.seed import set_seed``): the same functions as ``mindspore.set_seed``."""
from unigrad._random import get_seed, set_seed  # noqa: F401

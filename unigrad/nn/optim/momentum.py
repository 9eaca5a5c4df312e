"""``mindspore.nn.optim.momentum`` (``from mindspore.nn.optim.momentum import Momentum``): where MindSpore
defines Momentum; unigrad writes it beside SGD, whose update it shares."""
from unigrad.nn.optim.sgd import Momentum  # noqa: F401

"""MindSpore's ``nn.metrics``: the metrics of ``unigrad.train.metrics`` under their older path."""
from unigrad.train.metrics import *  # noqa: F401,F403
from unigrad.train.metrics import __all__  # noqa: F401

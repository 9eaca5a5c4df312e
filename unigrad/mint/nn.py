"""``mindspore.mint.nn``: the layers of it unigrad has, the very classes of ``unigrad.nn``."""
from unigrad.nn import ReLU  # noqa: F401

"""``no_init_parameters``: MindSpore skips drawing initial values inside it, to save the work when a checkpoint
will overwrite them. unigrad draws them anyway (a Parameter always holds its data), so after loading the
checkpoint the network is the same; Parameter.init_param reads False inside the block, as in MindSpore."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from unigrad._parameter import Parameter


@contextmanager
def no_init_parameters() -> Iterator[None]:
    """Within the block, ``Parameter.init_param`` is False (MindSpore's flag); values are drawn as usual."""
    Parameter.init_param = False
    try:
        yield
    finally:
        Parameter.init_param = True

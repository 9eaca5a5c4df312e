"""MindSpore's ``nn.utils``: ``no_init_parameters``."""
from unigrad.nn.utils.init import no_init_parameters

__all__ = ["no_init_parameters"]

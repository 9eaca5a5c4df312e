"""``mindspore.dataset.transforms``: transforms for any column (``transforms``), on unigrad's base (``base``)."""
from unigrad.dataset.transforms import transforms
from unigrad.dataset.transforms.transforms import Compose, Fill, OneHot, RandomApply, RandomChoice, TypeCast

__all__ = ["Compose", "Fill", "OneHot", "RandomApply", "RandomChoice", "TypeCast", "transforms"]

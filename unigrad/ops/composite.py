"""``mindspore.ops.composite`` (``from mindspore.ops import composite as C``): the higher-order helpers MindSpore
keeps here (GradOperation, MultitypeFuncGraph, HyperMap) and the functional ops it re-exports."""
from unigrad._autodiff import GradOperation  # noqa: F401
from unigrad.ops._composite import HyperMap, Map, MultitypeFuncGraph  # noqa: F401
from unigrad.ops.function import (clip_by_global_norm, clip_by_value, matmul, ones_like, repeat_elements, zeros_like)  # noqa: F401
from unigrad.ops._linalg import mm  # noqa: F401

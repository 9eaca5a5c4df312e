"""``mindspore.numpy``: MindSpore's NumPy-compatible namespace over unigrad Tensors (differentiable, on every
backend): its dtypes, and the functions real code calls, written in ``unigrad/_numpy.py`` on unigrad's ops."""
from unigrad._numpy import (arange, asarray, ceil, concatenate, cumsum, flip, full, linspace, log,  # noqa: F401
                            maximum, mean, minimum, ones, ones_like, split, square, stack, sum, tile, where, zeros,
                            zeros_like)
from unigrad.dtype import (bool_, float16, float32, float64, float_, int8, int16, int32, int64, int_,  # noqa: F401
                           uint8, uint16, uint32, uint64)

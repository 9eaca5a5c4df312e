"""Fixed initial weights for the beginner tutorials, the same under unigrad and MindSpore.

Not part of any tutorial: a page that draws weights from MindSpore's RNG (which unigrad does not reproduce)
calls ``fix_weights`` right after it builds a Cell when run with ``--fixed-weights SEED``, so that every
backend and MindSpore 2.10 start from the same point (tools/record_mindspore_beginner.py, tests/
test_beginner_tutorials.py). Needs NumPy and the framework's own ``Tensor`` only, so it runs under both.
"""
import numpy as np


def fix_weights(cell, seed, tensor_type, init="uniform"):
    """Sets every Parameter of ``cell``, in ``parameters_and_names`` order, from ``np.random.default_rng(seed)``.

    ``init="uniform"``: as MindSpore's Dense defaults (HeUniform(sqrt(5)) and the bias's Uniform), every
    weight and the bias after it uniform in +-1/sqrt(fan_in); ``init="normal"``: weights Normal(0, 0.01)
    (``weight_init="normal"``) and biases 0 (``bias_init="zeros"``).
    """
    if seed is None:
        return
    rng = np.random.default_rng(seed)
    bound = 1.0
    for _, param in cell.parameters_and_names():
        shape = tuple(param.shape)
        if len(shape) >= 2:
            bound = 1 / np.sqrt(np.prod(shape[1:]))
            value = (rng.normal(0, 0.01, shape) if init == "normal" else rng.uniform(-bound, bound, shape))
        else:
            value = np.zeros(shape) if init == "normal" else rng.uniform(-bound, bound, shape)
        param.set_data(tensor_type(value.astype(np.float32)))

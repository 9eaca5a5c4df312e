"""unigrad: MindSpore's API, written once, on a NumPy autodiff engine, PyTorch or JAX.

``import unigrad as mindspore`` runs MindSpore-style code; ``UNIGRAD_BACKEND`` picks the backend.
"""
from unigrad import ops, nn
from unigrad.autodiff import grad, jacfwd, jacrev, jvp, value_and_grad, vjp
from unigrad.backends import available_backends, get_backend, set_backend, use_backend, use_device
from unigrad.jit import jit
from unigrad.context import GRAPH_MODE, PYNATIVE_MODE, get_context, set_context
from unigrad.dtype import (DType, bfloat16, bool_, double, float16, float32, float64, float_, half, int8, int16, int32,
                           int64, int_, single, uint8)
from unigrad.random import get_seed, set_seed
from unigrad.tensor import Parameter, ParameterTuple, Tensor
from unigrad import common, context, dtype

__version__ = "0.1.0"

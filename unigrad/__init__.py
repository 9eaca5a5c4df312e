"""unigrad: MindSpore's API, written once, on a NumPy autodiff engine, PyTorch or JAX.

``import unigrad as mindspore`` runs MindSpore-style code; ``UNIGRAD_BACKEND`` picks the backend.
This module is the face only: MindSpore's top-level names, and unigrad's own choice of backend and
device (``set_backend``, ``use_backend``, ``get_backend``, ``available_backends``, ``use_device``).
"""
import sys as _sys

from unigrad import amp, common, communication, context, dataset, dtype, log, mint, nn, numpy, ops, parallel, train
from unigrad._autodiff import grad, jacfwd, jacrev, jvp, value_and_grad, vjp
from unigrad._jit import jit, jit_class, lazy_inline, mutable
from unigrad._parameter import Parameter, ParameterTuple
from unigrad._random import get_seed, set_seed
from unigrad._tensor import Tensor, tensor
from unigrad.parallel import Layout, get_algo_parameters, reset_algo_parameters, set_algo_parameters, shard
from unigrad.backends import available_backends, get_backend, set_backend, use_backend, use_device
from unigrad.context import (COMPATIBLE, GRAPH_MODE, LAX, PYNATIVE_MODE, STRICT, ParallelMode,
                             get_auto_parallel_context, get_context, reset_auto_parallel_context,
                             set_auto_parallel_context, set_context, set_device)
from unigrad.dtype import (bfloat16, bool_, double, dtype_to_nptype, float16, float32, float64, float_, half, int8,
                           int16, int32, int64, int_, single, uint8, uint16, uint32, uint64)
from unigrad.train import (Callback, CheckpointConfig, DynamicLossScaleManager, EarlyStopping, FixedLossScaleManager,
                           History, LambdaCallback, LearningRateScheduler, LossMonitor, LossScaleManager, Model,
                           ModelCheckpoint, ReduceLROnPlateau, RunContext, TimeMonitor)
from unigrad.train.metrics import (F1, MAE, MSE, Accuracy, ConfusionMatrix, Fbeta, Loss, Metric, Precision, Recall,
                                   Top1CategoricalAccuracy, Top5CategoricalAccuracy, TopKCategoricalAccuracy,
                                   get_metric_fn, names, rearrange_inputs)
from unigrad.train.mindir import export, load
from unigrad.train.serialization import load_checkpoint, load_param_into_net, save_checkpoint

# MindSpore 2.10 exposes its metrics under nn too (nn.Accuracy is train.Accuracy; the module nn.metrics); nn sits
# below train, so the face attaches them
for _name in train.metrics.__all__:
    setattr(nn, _name, getattr(train.metrics, _name))
nn.metrics = train.metrics
_sys.modules["unigrad.nn.metrics"] = train.metrics

__version__ = "0.1.0"

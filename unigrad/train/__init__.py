"""``mindspore.train``: training with ``Model`` (``model``), its callbacks (``callback/``) and metrics
(``metrics/``), checkpoints (``serialization``) and mixed precision (``amp``, ``loss_scale_manager``)."""
from unigrad.train import amp, callback, loss_scale_manager, metrics
from unigrad.train.callback import (Callback, CheckpointConfig, EarlyStopping, History, LambdaCallback,
                                    LearningRateScheduler, LossMonitor, ModelCheckpoint, ReduceLROnPlateau, RunContext,
                                    TimeMonitor)
from unigrad.train.callback._progress import ProgressBar
from unigrad.train.metrics import (F1, MAE, MSE, Accuracy, ConfusionMatrix, Fbeta, Loss, Metric, Precision, Recall,
                                   Top1CategoricalAccuracy, Top5CategoricalAccuracy, TopKCategoricalAccuracy,
                                   get_metric_fn, names, rearrange_inputs)
from unigrad.train.loss_scale_manager import DynamicLossScaleManager, FixedLossScaleManager, LossScaleManager
from unigrad.train.model import Model
from unigrad.train.serialization import load_checkpoint, load_param_into_net, save_checkpoint

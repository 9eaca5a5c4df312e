"""``mindspore.train.callback``: the Callback base, RunContext and MindSpore 2.10's built-in callbacks."""
from unigrad.train.callback._callback import Callback, RunContext
from unigrad.train.callback._monitors import History, LambdaCallback, LossMonitor, TimeMonitor
from unigrad.train.callback._plateau import EarlyStopping, LearningRateScheduler, ReduceLROnPlateau
from unigrad.train.callback._checkpoint import CheckpointConfig, ModelCheckpoint

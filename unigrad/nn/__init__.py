"""``unigrad.nn``: MindSpore's ``mindspore.nn`` namespace: Cell, layers, losses, optimizers and
learning-rate schedules. Only MindSpore's names live here; unigrad's few extra Cells stay in their modules
(``nn.layer.activation.Softplus``, ``nn.optim.AdamW``, ``nn.learning_rate_schedule.PiecewiseConstantLR``)."""
from unigrad.nn.cell import Cell
from unigrad.nn._graph_cell import GraphCell
from unigrad.nn.layer import (GELU, AvgPool2d, BatchNorm1d, BatchNorm2d, CellList, Conv1d, Conv2d, Dense, Dropout,
                              Embedding, Flatten, Identity, LayerNorm, LeakyReLU, LogSoftmax, MaxPool2d, ReLU, ReLU6,
                              SequentialCell, SiLU, Sigmoid, Softmax, Tanh, get_activation)
from unigrad.nn.learning_rate_schedule import (CosineDecayLR, ExponentialDecayLR, InverseDecayLR, NaturalExpDecayLR,
                                               PolynomialDecayLR, WarmUpLR, piecewise_constant_lr)
from unigrad.nn.loss import (BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, HuberLoss, KLDivLoss, L1Loss, LossBase,
                             MSELoss, NLLLoss, SmoothL1Loss)
from unigrad.nn.optim import SGD, Adagrad, Adam, AdamWeightDecay, Momentum, Optimizer, RMSProp
from unigrad.nn.wrap import (DynamicLossScaleUpdateCell, FixedLossScaleUpdateCell, TrainOneStepCell,
                             TrainOneStepWithLossScaleCell, WithEvalCell, WithLossCell)

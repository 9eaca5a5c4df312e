"""``unigrad.nn``: Cell, containers, layers, losses, optimizers and learning-rate schedules."""
from unigrad.nn.cell import Cell
from unigrad.nn.container import CellList, SequentialCell
from unigrad.nn.layers import (GELU, AvgPool2d, BatchNorm1d, BatchNorm2d, Conv1d, Conv2d, Dense, Dropout, Embedding,
                               Flatten, Identity, LayerNorm, LeakyReLU, LogSoftmax, MaxPool2d, ReLU, ReLU6, SiLU,
                               Sigmoid, Softmax, Softplus, Tanh, get_activation)
from unigrad.nn.learning_rate_schedule import (CosineDecayLR, ExponentialDecayLR, InverseDecayLR,
                                               LearningRateSchedule, NaturalExpDecayLR, PiecewiseConstantLR,
                                               PolynomialDecayLR, WarmUpLR, piecewise_constant_lr)
from unigrad.nn.loss import (BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, HuberLoss, KLDivLoss, L1Loss, LossBase,
                             MSELoss, NLLLoss, SmoothL1Loss)
from unigrad.nn.optim import SGD, Adagrad, Adam, AdamW, AdamWeightDecay, Momentum, Optimizer, RMSProp

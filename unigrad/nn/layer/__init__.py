"""Layers, as MindSpore's ``mindspore.nn.layer``: one concept per module."""
from unigrad.nn.layer.activation import (GELU, LeakyReLU, LogSoftmax, ReLU, ReLU6, SiLU, Sigmoid, Softmax, Softplus,
                                         Tanh, get_activation)
from unigrad.nn.layer.basic import Dense, Dropout, Embedding, Flatten, Identity
from unigrad.nn.layer.container import CellList, SequentialCell
from unigrad.nn.layer.conv import Conv1d, Conv2d
from unigrad.nn.layer.normalization import BatchNorm1d, BatchNorm2d, LayerNorm
from unigrad.nn.layer.pooling import AvgPool2d, MaxPool2d

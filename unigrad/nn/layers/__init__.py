"""Layers: one concept per module."""
from unigrad.nn.layers.activation import (GELU, LeakyReLU, LogSoftmax, ReLU, ReLU6, SiLU, Sigmoid, Softmax, Softplus,
                                          Tanh, get_activation)
from unigrad.nn.layers.basic import Dense, Dropout, Embedding, Flatten, Identity
from unigrad.nn.layers.conv import Conv1d, Conv2d
from unigrad.nn.layers.normalization import BatchNorm1d, BatchNorm2d, LayerNorm
from unigrad.nn.layers.pooling import AvgPool2d, MaxPool2d

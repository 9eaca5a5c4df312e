"""Layers, as MindSpore's ``mindspore.nn.layer``: one concept per module."""
from unigrad.nn.layer.activation import (CELU, ELU, FastGelu, GELU, GLU, HShrink, HSigmoid, HSwish, Hardtanh,
                                         LeakyReLU, LogSigmoid, LogSoftmax, Mish, PReLU, ReLU, ReLU6, SeLU, SiLU,
                                         Sigmoid, SoftShrink, Softmax, Softmax2d, Softmin, Softplus, Softsign, Tanh,
                                         Tanhshrink, Threshold, get_activation)
from unigrad.nn.layer.basic import (ClipByNorm, Dense, Dropout, Dropout1d, Dropout2d, Dropout3d, Embedding, Flatten,
                                    Identity, Norm, OneHot, Pad, Roll, Tril, Triu, Unflatten, Unfold, Upsample)
from unigrad.nn.layer.channel_shuffle import ChannelShuffle
from unigrad.nn.layer.container import CellList, SequentialCell
from unigrad.nn.layer.conv import Conv1d, Conv1dTranspose, Conv2d, Conv2dTranspose, Conv3d, Conv3dTranspose
from unigrad.nn.layer.dense import BiDense
from unigrad.nn.layer.image import PixelShuffle, PixelUnshuffle
from unigrad.nn.layer.math import MatMul, Moments, Range
from unigrad.nn.layer.normalization import (BatchNorm1d, BatchNorm2d, BatchNorm3d, GroupNorm, InstanceNorm1d,
                                            InstanceNorm2d, InstanceNorm3d, LayerNorm, SyncBatchNorm)
from unigrad.nn.layer.padding import (ConstantPad1d, ConstantPad2d, ConstantPad3d, ReflectionPad1d, ReflectionPad2d,
                                      ReflectionPad3d, ReplicationPad1d, ReplicationPad2d, ReplicationPad3d, ZeroPad2d)
from unigrad.nn.layer.rnn_cells import GRUCell, LSTMCell, RNNCell
from unigrad.nn.layer.rnns import GRU, LSTM, RNN
from unigrad.nn.layer.transformer import (MultiheadAttention, Transformer, TransformerDecoder,
                                          TransformerDecoderLayer, TransformerEncoder, TransformerEncoderLayer)
from unigrad.nn.layer.pooling import (AdaptiveAvgPool1d, AdaptiveAvgPool2d, AdaptiveMaxPool1d, AdaptiveMaxPool2d,
                                      AvgPool1d, AvgPool2d, LPPool1d, LPPool2d, MaxPool1d, MaxPool2d)

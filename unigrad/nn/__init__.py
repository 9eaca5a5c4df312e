"""``unigrad.nn``: MindSpore's ``mindspore.nn`` namespace: Cell, layers, losses, optimizers and
learning-rate schedules. Only MindSpore's names live here; unigrad's few extra Cells stay in their modules
(``nn.layer.activation.Softplus``, ``nn.optim.AdamW``, ``nn.learning_rate_schedule.PiecewiseConstantLR``).
MindSpore's metrics under nn (``nn.Accuracy``, the module ``nn.metrics``) are unigrad.train's, attached by the
package above both (``unigrad/__init__.py``): nn sits below train."""
from unigrad.nn.cell import Cell
from unigrad.nn._graph_cell import GraphCell
from unigrad.nn import dynamic_lr, utils
from unigrad.nn.dynamic_lr import (cosine_decay_lr, exponential_decay_lr, inverse_decay_lr, natural_exp_decay_lr,
                                   polynomial_decay_lr, warmup_lr)
from unigrad.nn.layer import (AdaptiveAvgPool1d, AdaptiveAvgPool2d, AdaptiveMaxPool1d, AdaptiveMaxPool2d, AvgPool1d,
                              AvgPool2d, BatchNorm1d, BatchNorm2d, BatchNorm3d, BiDense, CELU, CellList,
                              ChannelShuffle, ClipByNorm, ConstantPad1d, ConstantPad2d, ConstantPad3d, Conv1d,
                              Conv1dTranspose, Conv2d, Conv2dTranspose, Conv3d, Conv3dTranspose, Dense, Dropout,
                              Dropout1d, Dropout2d, Dropout3d, ELU, Embedding, FastGelu, Flatten, GELU, GLU, GRU,
                              GRUCell, GroupNorm, HShrink, HSigmoid, HSwish, Hardtanh, Identity, InstanceNorm1d,
                              InstanceNorm2d, InstanceNorm3d, LPPool1d, LPPool2d, LSTM, LSTMCell, LayerNorm,
                              LeakyReLU, LogSigmoid, LogSoftmax, MatMul, MaxPool1d, MaxPool2d, Mish, Moments,
                              MultiheadAttention, Norm, OneHot, PReLU, Pad, PixelShuffle, PixelUnshuffle, RNN,
                              RNNCell, Range, ReLU, ReLU6, ReflectionPad1d, ReflectionPad2d, ReflectionPad3d,
                              ReplicationPad1d, ReplicationPad2d, ReplicationPad3d, Roll, SeLU, SequentialCell, SiLU,
                              Sigmoid, SoftShrink, Softmax, Softmax2d, Softmin, Softsign, SyncBatchNorm, Tanh,
                              Tanhshrink, Threshold, Transformer, TransformerDecoder, TransformerDecoderLayer,
                              TransformerEncoder, TransformerEncoderLayer, Tril, Triu, Unflatten, Unfold, Upsample,
                              ZeroPad2d, get_activation)
from unigrad.nn.learning_rate_schedule import (CosineDecayLR, ExponentialDecayLR, InverseDecayLR, NaturalExpDecayLR,
                                               PolynomialDecayLR, WarmUpLR, piecewise_constant_lr)
from unigrad.nn.loss import (BCELoss, BCEWithLogitsLoss, CosineEmbeddingLoss, CrossEntropyLoss, DiceLoss, FocalLoss,
                             GaussianNLLLoss, HingeEmbeddingLoss, HuberLoss, KLDivLoss, L1Loss, LossBase, MAELoss,
                             MSELoss, MarginRankingLoss, MultiLabelSoftMarginLoss, NLLLoss, PoissonNLLLoss, RMSELoss,
                             SmoothL1Loss, SoftMarginLoss, SoftmaxCrossEntropyWithLogits, TripletMarginLoss)
from unigrad.nn.optim import SGD, Adagrad, Adam, AdamWeightDecay, Momentum, Optimizer, RMSProp
from unigrad.nn.wrap import (DistributedGradReducer, DynamicLossScaleUpdateCell, FixedLossScaleUpdateCell,
                             TrainOneStepCell, TrainOneStepWithLossScaleCell, WithEvalCell, WithLossCell)

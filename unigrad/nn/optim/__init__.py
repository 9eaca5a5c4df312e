"""Optimizers: ``optimizer(grads)`` applies one step to ``optimizer.parameters``."""
from unigrad.nn.optim.adam import Adam, AdamW, AdamWeightDecay
from unigrad.nn.optim.optimizer import Optimizer
from unigrad.nn.optim.rmsprop import Adagrad, RMSProp
from unigrad.nn.optim import momentum  # noqa: F401  (mindspore.nn.optim.momentum.Momentum)
from unigrad.nn.optim.sgd import SGD, Momentum

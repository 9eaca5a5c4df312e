"""Losses, as MindSpore's ``mindspore.nn.loss`` package (the classes live in ``nn.loss.loss``, the path some
MindSpore code imports LossBase from)."""
from unigrad.nn.loss.loss import (BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, DiceLoss, HuberLoss, KLDivLoss, L1Loss,
                                  LossBase, MSELoss, NLLLoss, SmoothL1Loss, SoftmaxCrossEntropyWithLogits)

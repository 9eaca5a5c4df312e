"""Losses, as MindSpore's ``mindspore.nn.loss`` package (the classes live in ``nn.loss.loss``, the path some
MindSpore code imports LossBase from)."""
from unigrad.nn.loss.loss import (BCELoss, BCEWithLogitsLoss, CosineEmbeddingLoss, CrossEntropyLoss, DiceLoss,
                                  FocalLoss, GaussianNLLLoss, HingeEmbeddingLoss, HuberLoss, KLDivLoss, L1Loss,
                                  LossBase, MAELoss, MSELoss, MarginRankingLoss, MultiLabelSoftMarginLoss, NLLLoss,
                                  PoissonNLLLoss, RMSELoss, SmoothL1Loss, SoftMarginLoss,
                                  SoftmaxCrossEntropyWithLogits, TripletMarginLoss)

"""MindSpore's ``nn.wrap``: the Cells that wrap a network for training and evaluation
(``cell_wrapper``) and the loss-scaled training step with its scale-update Cells (``loss_scale``)."""
from unigrad.nn.wrap.cell_wrapper import TrainOneStepCell, WithEvalCell, WithLossCell
from unigrad.nn.wrap.loss_scale import (DynamicLossScaleUpdateCell, FixedLossScaleUpdateCell,
                                        TrainOneStepWithLossScaleCell)

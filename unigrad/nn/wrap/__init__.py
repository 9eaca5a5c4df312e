"""MindSpore's ``nn.wrap``: the Cells that wrap a network for training and evaluation
(``cell_wrapper``), the loss-scaled training step with its scale-update Cells (``loss_scale``) and the
data-parallel gradient reducer (``grad_reducer``)."""
from unigrad.nn.wrap.cell_wrapper import TrainOneStepCell, WithEvalCell, WithLossCell
from unigrad.nn.wrap.grad_reducer import DistributedGradReducer
from unigrad.nn.wrap.loss_scale import (DynamicLossScaleUpdateCell, FixedLossScaleUpdateCell,
                                        TrainOneStepWithLossScaleCell)

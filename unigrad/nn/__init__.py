"""``unigrad.nn``: Cell, layers, losses."""
from unigrad.nn.cell import Cell
from unigrad.nn.loss import BCEWithLogitsLoss

"""``mindspore.train``: training with ``Model``, callbacks and metrics, and checkpoints."""

"""``mindspore.common.parameter``: where MindSpore defines ``Parameter`` and ``ParameterTuple``."""
from unigrad._parameter import Parameter, ParameterTuple  # noqa: F401

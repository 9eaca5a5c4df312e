"""MindSpore's ``mindspore.common`` namespace: the initializers, and the Tensor, Parameter, dtypes and seed that
MindSpore defines here and real code imports from here (``from mindspore.common import set_seed``)."""
from unigrad._random import get_seed, set_seed  # noqa: F401
from unigrad.common import dtype, initializer, parameter, seed, tensor  # noqa: F401
from unigrad.common.dtype import *  # noqa: F401,F403  (mindspore.common.float32 is mstype.float32)
from unigrad.common.parameter import Parameter, ParameterTuple  # noqa: F401
from unigrad.common.tensor import Tensor, tensor  # noqa: F401,F811  (as in MindSpore: common.tensor is the function)

# As in MindSpore 2.10, the attribute is the function seed(), while `from mindspore.common.seed import set_seed`
# and `import mindspore.common.seed` find the module (sys.modules).
from unigrad._random import seed  # noqa: E402,F401,F811

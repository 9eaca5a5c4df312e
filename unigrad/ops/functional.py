"""``mindspore.ops.functional`` (``from mindspore.ops import functional as F; F.cast``): as in MindSpore, the
functional ops of ``mindspore.ops.function``, ``cast``, ``dtype``, ``identity`` and the ``reduce_*`` functions."""
from unigrad.ops._creation import cast, dtype, identity  # noqa: F401
from unigrad.ops._reduction import reduce_max, reduce_mean, reduce_min, reduce_sum  # noqa: F401
from unigrad.ops.function import *  # noqa: F401,F403
# in mindspore.ops and ops.functional, not ops.function
from unigrad.ops._creation import make_range  # noqa: F401,E402
from unigrad.ops._linalg import mm  # noqa: F401,E402
from unigrad.ops._scatter import tensor_scatter_update  # noqa: F401,E402

"""unigrad.testing.check_grad must fail on a wrong gradient: errors are planted in the function checked, with
stop_gradient (the value stays the same, the gradient unigrad computes does not), on every backend."""
import numpy as np
import pytest

from unigrad import ops
from unigrad.testing import check_grad

X = np.random.default_rng(3).uniform(0.5, 1.5, (8, 12))  # 96 elements
X[2, 5] = 0.01  # the planted element has the smallest gradient: a summed tolerance is widest against it


def _planted(row: int, col: int, relative_error: float):
    """sum(100 x ** 2) whose gradient in x[row, col] is off by ``relative_error``: adding
    100 e (stop_gradient(x_j) x_j - x_j ** 2) changes no value, and the gradient there by -100 e x_j."""
    def fn(x):
        xj = x[row, col]
        return ops.sum(x * x * 100.0) + (ops.stop_gradient(xj) * xj - xj * xj) * (200 * relative_error)
    return fn


def test_a_correct_gradient_passes(backend):
    check_grad(_planted(2, 5, 0.0), [X])


@pytest.mark.parametrize("relative_error", [4e-3, 1e-3, -2.0], ids=["0.4%", "0.1%", "wrong sign"])
def test_an_error_in_one_element_of_96_fails(backend, relative_error):
    with pytest.raises(AssertionError, match=r"index \(2, 5\)"):
        check_grad(_planted(2, 5, relative_error), [X])

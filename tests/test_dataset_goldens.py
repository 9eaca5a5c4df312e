"""unigrad.dataset against MindSpore 2.10's mindspore.dataset, case by case: the goldens that
tools/record_mindspore_dataset_goldens.py recorded with real MindSpore on small dataset files, which this test
writes again with the same code (and checks it wrote the same bytes).

For every case: the exception type, or a Dataset's column names, size, batch size, output shapes and types and
every row (dtype, shape and values, exactly), or an eager transform's array (the same). The dtypes and values of
a Dataset's first row of Tensors are checked on every backend. Where unigrad knowingly differs, the case is in
``KNOWN_DIFFERENCES`` and must still differ.
"""
from __future__ import annotations

import importlib.util
import json
import pathlib

import numpy as np
import pytest

import unigrad
import unigrad.dataset as uds
from unigrad.dataset import transforms as utransforms
from unigrad.dataset import vision as uvision

ROOT = pathlib.Path(__file__).resolve().parents[1]
GOLDEN = json.loads((ROOT / "tests" / "goldens" / "mindspore_2.10_dataset.json").read_text())
CASES = GOLDEN["cases"]


def _load_tool():
    spec = importlib.util.spec_from_file_location("_record_dataset_goldens",
                                                  ROOT / "tools" / "record_mindspore_dataset_goldens.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TOOL = _load_tool()

# Case -> why unigrad differs (README, "Where the pipeline differs"). Each must still differ: the test fails
# once it agrees.
KNOWN_DIFFERENCES: dict[str, str] = {
    "mnist_gz_only": "unigrad reads gzipped IDX files; MindSpore 2.10 only raw ones (RuntimeError)",
    "cifar_short_files": "unigrad reads a CIFAR-10 file of any whole number of records; MindSpore 2.10 counts "
                         "10,000 per file and fails reading a shorter one",
    "folder_class_indexing_subset": "MindSpore 2.10's get_dataset_size counts the files of the folders "
                                    "class_indexing leaves out (7), then reads 4 rows; unigrad counts the 4",
    "error_class_indexing_unknown": "unigrad raises ValueError at once for a class_indexing folder that does not "
                                    "exist; MindSpore 2.10 builds the dataset (size 7) and fails reading it",
    "eager_onehot_smoothing": "MindSpore 2.10's OneHot with smoothing_rate puts 1 - s + s/n in the last row of a "
                              "1-D input only (a bug); unigrad in every row",
    "eager_onehot_smoothing_int32": "the same OneHot smoothing_rate bug of MindSpore 2.10",
    "eager_random_color_adjust_hue": "MindSpore 2.10's OpenCV converts 8-bit RGB to HSV and back with Intel IPP, "
                                     "whose rounding is not OpenCV's documented one that unigrad computes: values "
                                     "differ by up to 7 (tests/test_vision_random.py bounds them)",
    "eager_random_color_adjust_hue_negative": "the same IPP rounding of MindSpore 2.10's HSV conversion",
    "eager_random_color_adjust_hue_f32": "MindSpore 2.10 rotates the hue of a float32 image by reading its bytes as "
                                         "uint8 (a garbled image); unigrad raises RuntimeError",
    "eager_random_color_adjust_saturation_f32": "MindSpore 2.10's float32 greyscale (OpenCV's SIMD RGB2GRAY) is one "
                                                "float32 step off unigrad's in a few pixels (32 of 2220 values)",
}

UNSIGNED_WIDE = {"UInt16", "UInt32", "UInt64"}


@pytest.fixture(scope="module")
def fixture_root(tmp_path_factory) -> str:
    """The folder of the dataset files the cases read, written once for the module as the tool wrote them."""
    root = str(tmp_path_factory.mktemp("dataset_goldens"))
    TOOL.write_fixtures(root)
    return root


@pytest.fixture(scope="module")
def names(fixture_root) -> dict:
    """unigrad's modules under the names the cases use for MindSpore's, and the fixtures' paths."""
    return {"ds": uds, "vision": uvision, "transforms": utransforms, "ms": unigrad, "np": np,
            "DIRS": TOOL.fixture_dirs(fixture_root)}


def _is_array(record) -> bool:
    return isinstance(record, dict) and set(record) == {"dtype", "shape", "data"}


def compare(ours, theirs, path: str) -> None:
    """Two records of the tool's encoding equal: structure, names, numbers; arrays in dtype, shape and every
    value (NaN equal to NaN, and the sign of zeros too)."""
    if _is_array(theirs):
        assert _is_array(ours), f"{path}: expected an array, got {ours!r:.200}"
        assert ours["dtype"] == theirs["dtype"], f"{path}: dtype {ours['dtype']} != MindSpore's {theirs['dtype']}"
        assert ours["shape"] == theirs["shape"], f"{path}: shape {ours['shape']} != MindSpore's {theirs['shape']}"
        a, b = TOOL.decode_array(ours), TOOL.decode_array(theirs)
        if a.dtype.kind == "f":  # NaN equals NaN; -0.0 and 0.0 differ
            differs = ~((a == b) | (np.isnan(a) & np.isnan(b))) | (np.signbit(a) != np.signbit(b))
        else:
            differs = a != b
        if differs.any():
            at = np.flatnonzero(differs)[:5]
            raise AssertionError(f"{path}: {int(differs.sum())} values differ; at flat indices {at.tolist()}: ours "
                                 f"{a.ravel()[at].tolist()}, MindSpore's {b.ravel()[at].tolist()}")
    elif isinstance(theirs, dict):
        assert isinstance(ours, dict) and list(ours) == list(theirs), \
            f"{path}: {list(ours) if isinstance(ours, dict) else ours!r:.200} != MindSpore's {list(theirs)}"
        for key in theirs:
            compare(ours[key], theirs[key], f"{path}.{key}")
    elif isinstance(theirs, list):
        assert isinstance(ours, list) and len(ours) == len(theirs), \
            f"{path}: {len(ours) if isinstance(ours, list) else ours!r:.200} items, MindSpore {len(theirs)}"
        for i, (o, t) in enumerate(zip(ours, theirs)):
            compare(o, t, f"{path}[{i}]")
    else:
        assert type(ours) is type(theirs) and ours == theirs, f"{path}: {ours!r} != MindSpore's {theirs!r}"


def _without_code(record: dict) -> dict:
    return {k: v for k, v in record.items() if k != "code"}


def _record(name: str, names: dict) -> dict:
    """unigrad's record of one case, on the NumPy backend (its first row of Tensors is checked per backend)."""
    with unigrad.use_backend("numpy"):
        return TOOL.run_case(CASES[name]["code"], names)


def test_the_fixtures_are_the_bytes_mindspore_read(fixture_root):
    """Seeded draws and the file writers give the very files the goldens were recorded on (the PNG bytes
    depend on Pillow's encoder: a different one needs the goldens recorded again)."""
    import PIL
    ours = TOOL.fixture_digests(fixture_root)
    recorded = GOLDEN["fixtures"]
    changed = sorted(path for path in set(ours) | set(recorded) if ours.get(path) != recorded.get(path))
    assert not changed, (f"fixture files differ from the recorded ones: {changed} (recorded with NumPy "
                         f"{GOLDEN['numpy_version']}, Pillow {GOLDEN['pillow_version']}; here Pillow "
                         f"{PIL.__version__})")


def test_the_goldens_are_the_tools_cases():
    """The JSON holds every case of the tool, as the tool has it now: a changed case needs a new recording."""
    assert GOLDEN["prelude"] == TOOL.PRELUDE
    assert {n: c["code"] for n, c in CASES.items()} == TOOL.CASES
    assert GOLDEN["mindspore_version"].startswith("2.10")


def test_known_differences_name_cases():
    """A misspelt or removed case in KNOWN_DIFFERENCES would excuse nothing and hide nothing."""
    assert set(KNOWN_DIFFERENCES) <= set(CASES)


@pytest.mark.parametrize("name", list(CASES))
def test_case_agrees_with_mindspore(name, names):
    """Exception type, facts, rows and arrays as MindSpore 2.10 gives them (Tensors aside: per backend)."""
    golden = _without_code(CASES[name])
    ours = _record(name, names)
    if "dataset" in golden and "dataset" in ours:
        golden = {"dataset": {k: v for k, v in golden["dataset"].items() if k != "first_tensors"}}
        ours = {"dataset": {k: v for k, v in ours["dataset"].items() if k != "first_tensors"}}
    if name in KNOWN_DIFFERENCES:
        try:
            compare(ours, golden, name)
        except AssertionError as e:
            pytest.xfail(f"{KNOWN_DIFFERENCES[name]} ({str(e).splitlines()[0]})")
        pytest.fail(f"{name} now agrees with MindSpore: remove it from KNOWN_DIFFERENCES")
    compare(ours, golden, name)


def _unsigned_wide_tensors() -> bool:
    """Whether the current backend holds uint32 Tensors (issue 21 item 9 adds uint16/32/64)."""
    try:
        unigrad.Tensor(np.array([1], np.uint32))
        return True
    except TypeError:
        return False


DATASET_CASES = [n for n, c in CASES.items() if "dataset" in c and "value" in c["dataset"]["first_tensors"]]


@pytest.mark.parametrize("name", DATASET_CASES)
def test_first_row_tensors_on_every_backend(name, names, backend):
    """The first row of ``create_tuple_iterator()``: Tensors of MindSpore's dtypes, holding its values."""
    golden = CASES[name]["dataset"]["first_tensors"]["value"]
    dtypes = [column["dtype"] for column in golden]
    if UNSIGNED_WIDE & set(dtypes) and not _unsigned_wide_tensors():
        pytest.skip(f"a column is {sorted(UNSIGNED_WIDE & set(dtypes))}: uint16/32/64 Tensors are not in unigrad "
                    f"yet (issue 21 item 9)")
    scope = dict(names)
    exec(TOOL.PRELUDE, scope)  # noqa: S102 - the tool's own code
    compare(TOOL.first_tensors(eval(CASES[name]["code"], scope)), golden, f"{name} on {backend}")

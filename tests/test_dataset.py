"""unigrad.dataset: the pipeline's semantics as MindSpore 2.10 has them (each expectation below was measured
on MindSpore 2.10; tests/test_dataset_goldens.py replays recorded ones), its errors, its seeded streams,
and the iterators' Tensors on every backend."""
from __future__ import annotations

import traceback

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import unigrad
from unigrad import dataset as ds
from unigrad.backends.base import aligned_empty
from unigrad.dataset import transforms, vision
from unigrad.dataset._run import Run
from unigrad.testing.dataset_files import write_mnist


def rows(dataset, column=0):
    return [r[column].tolist() for r in dataset.create_tuple_iterator(output_numpy=True)]


def numbers(n=10, **kwargs):
    return ds.NumpySlicesDataset(list(range(n)), shuffle=False, **kwargs)


@pytest.fixture
def mnist_dir(tmp_path):
    rng = np.random.default_rng(0)
    write_mnist(tmp_path, rng.integers(0, 256, (20, 28, 28), dtype=np.uint8), np.arange(20, dtype=np.uint8) % 10)
    return tmp_path


# -- sources, samplers and shards ----------------------------------------------------------------------------
def test_shards_interleave_and_wrap_round_as_mindspore():
    assert [rows(numbers(num_shards=3, shard_id=k)) for k in range(3)] == \
        [[0, 3, 6, 9], [1, 4, 7, 0], [2, 5, 8, 1]]
    assert rows(ds.NumpySlicesDataset(list(range(10)), sampler=ds.DistributedSampler(3, 1, shuffle=False))) == \
        [1, 4, 7, 0]


def test_samplers_and_num_samples():
    assert rows(ds.NumpySlicesDataset(list(range(10)), sampler=ds.SequentialSampler(2, 5))) == [2, 3, 4, 5, 6]
    assert rows(ds.NumpySlicesDataset(list(range(6)), sampler=[4, 1, 2])) == [4, 1, 2]
    assert rows(numbers(num_samples=4)) == [0, 1, 2, 3]
    assert rows(numbers(6, num_samples=0)) == list(range(6))  # 0 means all, as in MindSpore
    subset = rows(ds.NumpySlicesDataset(list(range(10)), sampler=ds.SubsetRandomSampler([7, 2, 5])))
    assert sorted(subset) == [2, 5, 7]


def test_shuffled_shards_partition_one_order():
    ds.config.set_seed(3)
    shards = [rows(ds.NumpySlicesDataset(list(range(6)), num_shards=2, shard_id=k)) for k in range(2)]
    assert sorted(shards[0] + shards[1]) == list(range(6))


@pytest.mark.parametrize("make, names", [
    (lambda: ds.NumpySlicesDataset({"a": [1, 2, 3], "b": [[1., 2.], [3., 4.], [5., 6.]]}, shuffle=False), ["a", "b"]),
    (lambda: ds.NumpySlicesDataset(([1, 2, 3], [4, 5, 6]), shuffle=False), ["column_0", "column_1"]),
    (lambda: ds.NumpySlicesDataset(np.arange(6).reshape(3, 2), shuffle=False), ["column_0"]),
])
def test_numpy_slices_columns(make, names):
    dataset = make()
    assert dataset.get_col_names() == names and dataset.get_dataset_size() == 3


def test_numpy_slices_keeps_python_types_as_numpy_does():
    assert ds.NumpySlicesDataset([1.5, 2.5], shuffle=False).output_types() == [np.dtype("float64")]
    assert ds.NumpySlicesDataset({"a": [1, 2, 3], "b": [[1., 2.]] * 3}, shuffle=False).output_shapes() == [[], [2]]


def test_generator_sources():
    class RandomAccess:
        def __getitem__(self, i):
            return np.array([i]), i * 1.5

        def __len__(self):
            return 4

    dataset = ds.GeneratorDataset(RandomAccess(), ["a", "b"], shuffle=False)
    assert dataset.output_types() == [np.dtype("int64"), np.dtype("float64")]
    assert dataset.output_shapes() == [[1], []]
    assert rows(dataset, 1) == [0.0, 1.5, 3.0, 4.5]

    def gen():
        for i in range(5):
            yield (i,)

    assert rows(ds.GeneratorDataset(gen, ["a"])) == [0, 1, 2, 3, 4]
    assert ds.GeneratorDataset(gen, ["a"]).batch(2).get_dataset_size() == 3  # counted by running it
    assert rows(ds.GeneratorDataset([(np.array(1),), (np.array(2),)], ["a"], shuffle=False)) == [1, 2]
    assert rows(ds.GeneratorDataset(iter([(1,), (2,)]), ["a"])) == [1, 2]
    with pytest.raises(ValueError, match="Neither columns_names nor schema"):
        ds.GeneratorDataset(gen)
    with pytest.raises(ValueError, match="random-access"):
        ds.GeneratorDataset(gen, ["a"], shuffle=True)


def test_mnist_reads_raw_and_gz_alike(tmp_path, mnist_dir):
    rng = np.random.default_rng(0)
    write_mnist(tmp_path / "gz", rng.integers(0, 256, (20, 28, 28), dtype=np.uint8), np.arange(20, dtype=np.uint8) % 10,
                gzipped=True)
    raw, packed = (ds.MnistDataset(str(d), shuffle=False) for d in (mnist_dir, tmp_path / "gz"))
    assert raw.get_col_names() == ["image", "label"] and raw.get_dataset_size() == 20
    assert raw.output_shapes() == [[28, 28, 1], []] and raw.output_types() == [np.dtype("uint8"), np.dtype("uint32")]
    for a, b in zip(raw.create_tuple_iterator(output_numpy=True), packed.create_tuple_iterator(output_numpy=True)):
        assert np.array_equal(a[0], b[0]) and a[1] == b[1]


def test_shipped_mnist_usage():
    root = unigrad.__file__.rsplit("/unigrad/", 1)[0] + "/data/MNIST_Data"
    assert ds.MnistDataset(root + "/train").get_dataset_size() == 4000
    assert ds.MnistDataset(root + "/test", usage="test").get_dataset_size() == 1000
    first = next(ds.MnistDataset(root + "/train", shuffle=False).create_tuple_iterator(output_numpy=True))
    assert first[1] == 4 and int(first[0].sum()) == 20768  # MindSpore 2.10's first train sample


# -- operations ----------------------------------------------------------------------------------------------
def test_batch_take_repeat_skip():
    assert rows(numbers().batch(4)) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert numbers().batch(4).get_dataset_size() == 3 and numbers().batch(4, drop_remainder=True).get_dataset_size() == 2
    assert rows(numbers().take(3).repeat(2)) == [0, 1, 2, 0, 1, 2]
    assert rows(numbers().skip(7)) == [7, 8, 9]
    assert numbers().batch(3).get_batch_size() == 3 and numbers().get_batch_size() == 1
    assert numbers().repeat(3).get_repeat_count() == 3 and numbers().repeat(3).get_dataset_size() == 30


def test_zip_concat_split():
    zipped = ds.zip((ds.NumpySlicesDataset({"x": list(range(5))}, shuffle=False),
                     ds.NumpySlicesDataset({"y": list(range(3))}, shuffle=False)))
    assert zipped.get_col_names() == ["x", "y"] and zipped.get_dataset_size() == 3 and rows(zipped, 1) == [0, 1, 2]
    joined = numbers(3) + ds.NumpySlicesDataset(list(range(10, 12)), shuffle=False)
    assert rows(joined) == [0, 1, 2, 10, 11] and joined.get_dataset_size() == 5
    a, b = numbers().split([0.8, 0.2], randomize=False)
    assert rows(a) == list(range(8)) and rows(b) == [8, 9]
    ds.config.set_seed(0)
    a, b = numbers().split([7, 3])
    assert sorted(rows(a) + rows(b)) == list(range(10)) and len(rows(a)) == 7


@pytest.mark.parametrize("inputs, outputs, fn, expected", [
    (["b"], ["x", "y"], lambda x: (x, x * 2), ["x", "y", "a", "c"]),
    (["c", "a"], ["s"], lambda x, y: x + y, ["s", "b"]),
    (["c", "a"], ["a"], lambda x, y: x + y, ["a", "b"]),
    (["c"], ["a"], lambda x: x, ["b", "a"]),
])
def test_map_places_output_columns_as_mindspore(inputs, outputs, fn, expected):
    dataset = ds.NumpySlicesDataset({"a": [1, 2], "b": [3, 4], "c": [5, 6]}, shuffle=False)
    mapped = dataset.map(fn, input_columns=inputs, output_columns=outputs)
    assert mapped.get_col_names() == expected
    assert [list(r) for r in mapped.create_dict_iterator(output_numpy=True)][0] == expected


def test_map_rename_project_per_batch_map():
    dataset = ds.NumpySlicesDataset({"a": [1, 2, 3]}, shuffle=False)
    mapped = dataset.map(lambda x: (x, x * 2), input_columns=["a"], output_columns=["a", "b"])
    assert rows(mapped, 1) == [2, 4, 6]
    renamed = ds.NumpySlicesDataset({"a": [1], "b": [2]}, shuffle=False).rename(["a"], ["c"]).project(["b", "c"])
    assert renamed.get_col_names() == ["b", "c"] and rows(renamed) == [2]

    def times_ten(a, info):
        assert isinstance(info.get_batch_num(), int)
        return ([x * 10 for x in a],)

    assert rows(dataset.batch(2, per_batch_map=times_ten, input_columns=["a"])) == [[10, 20], [30]]


def test_several_epochs_from_one_iterator():
    iterator = numbers(4).create_tuple_iterator(num_epochs=2, output_numpy=True)
    assert [[int(r[0]) for r in iterator] for _ in range(3)] == [[0, 1, 2, 3], [0, 1, 2, 3], []]
    assert [int(x) for x, in numbers(3)] == [0, 1, 2]  # plain iteration


@given(st.integers(2, 40), st.integers(0, 60), st.integers(1, 7))
@settings(max_examples=40, deadline=None)
def test_shuffle_is_a_permutation(buffer_size, n, batch):
    dataset = ds.GeneratorDataset([(i,) for i in range(n)], ["a"], shuffle=False).shuffle(buffer_size)
    assert sorted(rows(dataset)) == list(range(n))
    assert sum(len(b) for b in rows(dataset.batch(batch))) == n


# -- seeds ---------------------------------------------------------------------------------------------------
def test_seeded_orders_repeat_per_iterator_and_differ_per_epoch():
    ds.config.set_seed(1)
    assert ds.config.get_seed() == 1
    dataset = ds.NumpySlicesDataset(list(range(10)))
    first, again = rows(dataset), rows(dataset)
    assert first == again and sorted(first) == list(range(10)) and first != list(range(10))
    iterator = dataset.create_tuple_iterator(num_epochs=2, output_numpy=True)
    epoch_one, epoch_two = ([int(r[0]) for r in iterator] for _ in range(2))
    assert epoch_one == first and epoch_two != epoch_one
    unigrad.set_seed(1)  # MindSpore's set_seed seeds the pipeline too
    assert rows(ds.NumpySlicesDataset(list(range(10)))) == first


def test_shuffling_data_does_not_move_the_models_weights():
    unigrad.set_seed(0)
    untouched = unigrad.nn.Dense(3, 2).weight.asnumpy()
    unigrad.set_seed(0)
    rows(ds.NumpySlicesDataset(np.zeros((50, 4, 4))).shuffle(10).map(vision.RandomHorizontalFlip(), "column_0"))
    assert np.array_equal(unigrad.nn.Dense(3, 2).weight.asnumpy(), untouched)


def test_seed_checks():
    with pytest.raises(TypeError):
        ds.config.set_seed(1.5)
    with pytest.raises(ValueError):
        ds.config.set_seed(-1)


# -- vectorised and per-sample paths -------------------------------------------------------------------------
TRANSFORMS = [
    lambda: vision.Rescale(1 / 255, 0), lambda: vision.Rescale(0.7, 0.3), lambda: vision.Normalize((0.5,), (0.2,)),
    lambda: vision.HWC2CHW(), lambda: vision.RandomHorizontalFlip(0.5), lambda: vision.RandomVerticalFlip(0.3),
    lambda: vision.Pad(2), lambda: vision.Pad((1, 2), padding_mode=vision.Border.REFLECT),
    lambda: vision.RandomCrop(6, padding=1), lambda: vision.CenterCrop(5), lambda: vision.Resize((5, 9)),
    lambda: vision.Resize(4, vision.Inter.NEAREST), lambda: transforms.TypeCast(unigrad.float32),
    lambda: transforms.Fill(3), lambda: transforms.RandomApply([vision.RandomHorizontalFlip(0.5), vision.Pad(1)]),
    lambda: transforms.RandomChoice([vision.RandomVerticalFlip(0.5), vision.Pad(1), vision.CenterCrop(6)]),
    lambda: transforms.Compose([vision.RandomCrop(7), vision.Rescale(2.0, 1.0)]),
    lambda: vision.ToTensor(),
]


@given(st.lists(st.integers(0, len(TRANSFORMS) - 1), min_size=1, max_size=4), st.integers(1, 40),
       st.integers(1, 9), st.sampled_from([(8, 8), (8, 8, 1), (8, 8, 3)]))
@settings(max_examples=60, deadline=None)
def test_vectorised_and_per_sample_paths_give_identical_batches(choice, count, batch, shape):
    """Every built-in transform on whole blocks gives, bit for bit, what it gives one sample at a time,
    random ones included (each draws from its own stream in row order)."""
    image_shape = shape
    images = np.random.default_rng(count).integers(0, 256, (count,) + image_shape, dtype=np.uint8)
    operations = [TRANSFORMS[i]() for i in choice]
    last = len(operations) - 1  # ToTensor makes CHW floats: only last, where the image transforms are done
    operations = [op for i, op in enumerate(operations) if i == last or not isinstance(op, vision.ToTensor)]

    def pipeline():
        dataset = ds.NumpySlicesDataset({"image": images, "label": np.arange(count)}, shuffle=False)
        return dataset.map(operations, "image").batch(batch)

    results = []
    for vectorise in (True, False):
        ds.config.set_seed(7)
        dataset = pipeline()
        try:
            run = Run(dataset, vectorise=vectorise)
            results.append([[np.asarray(c[i]).copy() for c in block.columns]
                            for block in dataset._blocks(run) for i in range(block.count)])
        except RuntimeError as e:  # e.g. a crop larger than the image, or a batch of ragged rows
            results.append(type(e))
    if isinstance(results[0], type) or isinstance(results[1], type):
        assert results[0] == results[1]
        return
    assert len(results[0]) == len(results[1])
    for a, b in zip(*results):
        for x, y in zip(a, b):
            assert x.dtype == y.dtype and x.shape == y.shape and np.array_equal(x, y, equal_nan=True)


def test_eager_transforms_match_the_pipeline():
    images = np.random.default_rng(0).integers(0, 256, (5, 6, 7, 3), dtype=np.uint8)
    ops = [vision.Rescale(1 / 255, 0), vision.Normalize((0.1, 0.2, 0.3), (0.3, 0.2, 0.1)), vision.HWC2CHW()]
    eager = [transforms.Compose(ops)(image) for image in images]
    piped = rows(ds.NumpySlicesDataset(images, shuffle=False).map(ops))
    assert all(np.array_equal(a, np.asarray(b, np.float32)) for a, b in zip(eager, piped))


def test_rescale_is_fused_as_mindspore():
    x = np.arange(256, dtype=np.uint8).reshape(16, 16, 1)
    fused = (x.astype(np.float64) * np.float64(np.float32(0.7)) + np.float64(np.float32(0.3))).astype(np.float32)
    assert np.array_equal(vision.Rescale(0.7, 0.3)(x), fused)
    assert np.array_equal(vision.Rescale(1 / 255, 0)(x), x.astype(np.float32) * np.float32(1 / 255))


def test_lenient_where_mindspore_is():
    assert vision.HWC2CHW()(np.zeros((3, 4), np.uint8)).shape == (3, 4)
    assert vision.ToTensor()(np.zeros((2, 3), np.uint8)).shape == (1, 2, 3)


# -- iterators on every backend ------------------------------------------------------------------------------
def test_iterators_yield_tensors_on_the_backend(backend, mnist_dir):
    dataset = ds.MnistDataset(str(mnist_dir), shuffle=False)
    dataset = dataset.map([vision.Rescale(1.0 / 255.0, 0), vision.Normalize(mean=(0.1307,), std=(0.3081,)),
                           vision.HWC2CHW()], "image").map(transforms.TypeCast(unigrad.int32), "label").batch(8)
    reference = list(dataset.create_tuple_iterator(output_numpy=True))
    for (image, label), (ref_image, ref_label) in zip(dataset.create_tuple_iterator(), reference):
        assert isinstance(image, unigrad.Tensor) and image.backend == backend
        assert str(image.dtype) == "Float32" and str(label.dtype) == "Int32" and image.shape == ref_image.shape
        assert np.array_equal(image.asnumpy(), ref_image) and np.array_equal(label.asnumpy(), ref_label)
    row = next(dataset.create_dict_iterator())
    assert sorted(row) == ["image", "label"] and row["image"].shape == (8, 1, 28, 28)
    assert [r[0].shape for r in dataset.create_tuple_iterator(columns=["label"])] == [(8,), (8,), (4,)]


def test_yielded_tensors_keep_their_values_while_the_pipeline_runs_on(backend, mnist_dir):
    """The iterators hand a block's memory to the Tensors without a copy: each batch must still be itself
    after the later batches, and the next epochs, were made (and a Tensor written to leaves them alone)."""
    dataset = ds.MnistDataset(str(mnist_dir), shuffle=False)
    dataset = dataset.map([vision.Rescale(1.0 / 255.0, 0), vision.Normalize(mean=(0.1307,), std=(0.3081,)),
                           vision.HWC2CHW()], "image").map(transforms.TypeCast(unigrad.int32), "label").batch(3)
    reference = [[np.array(v) for v in row] for row in dataset.create_tuple_iterator(output_numpy=True)]
    iterator = dataset.create_tuple_iterator(num_epochs=2)
    first = list(iterator)
    first[0][0][0] = 7.0  # a Tensor written in place
    second = list(iterator)
    for epoch in (first, second):
        assert len(epoch) == len(reference)
        for row, ref in zip(epoch[1:], reference[1:]):
            assert all(np.array_equal(t.asnumpy(), r) for t, r in zip(row, ref))
    assert np.all(first[0][0].asnumpy()[0] == 7.0) and np.array_equal(first[0][0].asnumpy()[1:], reference[0][0][1:])
    assert np.array_equal(second[0][0].asnumpy(), reference[0][0])
    rows = list(ds.NumpySlicesDataset(np.arange(6, dtype=np.int32), shuffle=False).create_tuple_iterator())
    assert [int(r[0].asnumpy()) for r in rows] == list(range(6)) and rows[0][0].shape == ()


def test_each_row_is_made_on_the_backend_active_when_it_is_asked_for():
    others = [b for b in unigrad.available_backends() if b != "numpy"]
    iterator = ds.NumpySlicesDataset(np.arange(8, dtype=np.float32), shuffle=False).batch(2).create_tuple_iterator()
    got = []
    for name in ["numpy"] + others + ["numpy"]:
        with unigrad.use_backend(name):
            got.append(next(iterator)[0])
    assert [t.backend for t in got] == ["numpy"] + others + ["numpy"]
    assert [t.asnumpy().tolist() for t in got] == [[2.0 * i, 2.0 * i + 1] for i in range(len(got))]


@pytest.mark.parametrize("make", [
    lambda: aligned_empty((4, 16), np.float32),                       # batches that start aligned
    lambda: np.empty(4 * 16 + 1, np.float32)[1:].reshape(4, 16),      # that do not
    lambda: aligned_empty((4, 5), np.float64),                        # rows of 40 bytes: not aligned
    lambda: aligned_empty((6, 3, 2), np.float32).transpose(0, 2, 1),  # not contiguous
    lambda: aligned_empty((8, 4), np.uint8)[::-1],                    # negative strides
    lambda: aligned_empty((5,), np.int32),                            # 0-d rows
    lambda: aligned_empty((3, 16), np.uint32),
    lambda: aligned_empty((3, 64), np.bool_),
])
def test_adopt_rows_gives_each_rows_values_on_every_backend(backend, make):
    rows = make()
    rows[...] = np.arange(rows.size).reshape(rows.shape) % 7
    expected = [np.array(rows[i, ...]) for i in range(len(rows))]
    engine = unigrad.backends.current()
    arrays = engine.adopt_rows(rows)
    assert len(arrays) == len(expected)
    for array, value in zip(arrays, expected):
        assert engine.dtype(array) is unigrad.dtype.from_numpy(rows.dtype)
        assert np.array_equal(engine.to_numpy(array), value) and tuple(engine.shape(array)) == value.shape


@pytest.mark.gpu
@pytest.mark.parametrize("name", [b for b in unigrad.available_backends() if b != "numpy"])
def test_iterators_yield_tensors_on_the_gpu(name, mnist_dir):
    if not unigrad.backends.load(name).has_device("gpu"):
        pytest.skip(f"no GPU visible to {name} here")
    with unigrad.use_backend(name), unigrad.use_device("gpu"):
        dataset = ds.MnistDataset(str(mnist_dir), shuffle=False).map(vision.Rescale(1 / 255, 0), "image").batch(4)
        image, label = next(dataset.create_tuple_iterator())
        assert "cuda" in str(image._data.device).lower() or "gpu" in str(image._data.device).lower()
        assert np.array_equal(image.asnumpy(), next(dataset.create_tuple_iterator(output_numpy=True))[0])


# -- bad input -----------------------------------------------------------------------------------------------
def test_missing_and_empty_folders(tmp_path):
    with pytest.raises(ValueError, match="does not exist"):
        ds.MnistDataset(str(tmp_path / "nowhere"))
    empty = ds.MnistDataset(str(tmp_path))  # as MindSpore: size 0, the error when it is read
    assert empty.get_dataset_size() == 0
    with pytest.raises(RuntimeError, match="holds no MNIST files"):
        next(empty.create_tuple_iterator())


def test_broken_idx_files_name_the_file(mnist_dir):
    images = mnist_dir / "train-images-idx3-ubyte"
    whole = images.read_bytes()
    images.write_bytes(whole[:-100])
    with pytest.raises(RuntimeError, match="train-images-idx3-ubyte.*truncated"):
        ds.MnistDataset(str(mnist_dir)).get_dataset_size()
    images.write_bytes(b"\x00\x00\x08\x01" + whole[4:])
    with pytest.raises(RuntimeError, match="magic number of .*train-images-idx3-ubyte should be 2051, but got 2049"):
        ds.MnistDataset(str(mnist_dir)).get_dataset_size()


def test_bad_arguments():
    with pytest.raises(ValueError, match="batch_size is not within the required interval"):
        numbers().batch(0)
    with pytest.raises(ValueError, match="Conflicting|cannot be given together"):
        ds.NumpySlicesDataset(list(range(6)), shuffle=True, sampler=ds.SequentialSampler())
    with pytest.raises(ValueError, match="num_shards and shard_id"):
        ds.NumpySlicesDataset(list(range(6)), num_shards=2)
    with pytest.raises(ValueError, match="usage"):
        ds.MnistDataset(".", usage="validation")


@pytest.mark.parametrize("make", [
    lambda d: d.map(lambda x: x, input_columns=["zz"]),
    lambda d: d.project(["zz"]),
    lambda d: d.rename(["zz"], ["q"]),
])
def test_unknown_columns_are_named(make):
    with pytest.raises(RuntimeError, match="'zz'"):
        rows(make(ds.NumpySlicesDataset({"a": [1, 2]}, shuffle=False)))


def test_user_errors_keep_the_users_traceback():
    def broken(x):
        raise KeyError("boom")

    with pytest.raises(RuntimeError, match=r"map operation: \[PyFunc .*broken\].*KeyError") as caught:
        rows(numbers().map(broken))
    assert isinstance(caught.value.__cause__, KeyError)
    assert "broken" in [frame.name for frame in traceback.extract_tb(caught.value.__cause__.__traceback__)]

    def failing_source():
        yield (np.array(1),)
        raise ValueError("source fails")

    with pytest.raises(RuntimeError, match="source raised ValueError: source fails") as caught:
        rows(ds.GeneratorDataset(failing_source, ["a"]))
    assert isinstance(caught.value.__cause__, ValueError)


def test_wrong_output_types():
    with pytest.raises(RuntimeError, match="object"):
        rows(numbers().map(lambda x: object()))
    with pytest.raises(RuntimeError, match="differ in shape"):
        rows(ds.GeneratorDataset([(np.zeros(2),), (np.zeros(3),)], ["a"], shuffle=False).batch(2))
    with pytest.raises(TypeError, match="input should be NumPy"):
        vision.Rescale(2, 0)("abc")
    with pytest.raises(RuntimeError, match="class index"):
        transforms.OneHot(4)(np.array(5))

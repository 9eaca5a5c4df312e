"""unigrad.mindrecord.FileWriter and dataset.MindDataset: the rows written are the rows read, with MindSpore's
column order and output types (the dataset tutorial's, tests/goldens/beginner/dataset.json), shards, checks."""
import os

import numpy as np
import pytest

from unigrad.dataset import MindDataset
from unigrad.mindrecord import FileWriter

SCHEMA = {"file_name": {"type": "string"}, "label": {"type": "int32"}, "data": {"type": "int32", "shape": [-1]},
          "image": {"type": "bytes"}, "score": {"type": "float64", "shape": [2]}}


def rows(n):
    return [{"file_name": f"{i}.jpg", "label": i, "data": np.array([i] * (i + 1), np.int32),
             "image": bytes([i, 255]), "score": np.array([i / 2, -i], np.float64)} for i in range(n)]


def write(path, n, shard_num=1):
    writer = FileWriter(str(path), shard_num=shard_num, overwrite=True)
    assert writer.add_schema(SCHEMA, "test_schema") == 0
    writer.add_index(["file_name", "label"])
    writer.write_raw_data(rows(n))
    writer.commit()


def test_written_rows_read_back_in_name_order(tmp_path):
    write(tmp_path / "test.mindrecord", 4)
    assert sorted(os.listdir(tmp_path)) == ["test.mindrecord", "test.mindrecord.db"]
    dataset = MindDataset(str(tmp_path / "test.mindrecord"), shuffle=False)
    assert dataset.get_col_names() == ["data", "file_name", "image", "label", "score"]
    assert dataset.get_dataset_size() == 4
    for i, (data, name, image, label, score) in enumerate(dataset.create_tuple_iterator(output_numpy=True)):
        assert data.dtype == np.int32 and data.tolist() == [i] * (i + 1)
        assert name.dtype.kind == "U" and name.shape == () and str(name) == f"{i}.jpg"
        assert image.dtype == np.uint8 and image.tolist() == [i, 255]
        assert label.dtype == np.int32 and label.shape == () and int(label) == i
        assert score.dtype == np.float64 and score.tolist() == [i / 2, -i]


def test_shards_and_columns_list(tmp_path):
    write(tmp_path / "part", 5, shard_num=2)
    assert sorted(os.listdir(tmp_path)) == ["part0", "part0.db", "part1", "part1.db"]
    labels = [int(r[0]) for r in MindDataset(str(tmp_path / "part1"), ["label"], shuffle=False)
              .create_tuple_iterator(output_numpy=True)]
    assert labels == [0, 1, 2, 3, 4]  # one file of the set reads every shard, in the order written
    only = MindDataset([str(tmp_path / "part1")], ["label", "file_name"], shuffle=False)
    assert [int(r[0]) for r in only.create_tuple_iterator(output_numpy=True)] == [1, 3]
    assert MindDataset(str(tmp_path / "part0"), num_samples=2).get_dataset_size() == 2


def test_writer_checks(tmp_path):
    path = str(tmp_path / "x.mindrecord")
    write(path, 1)
    with pytest.raises(RuntimeError, match="already exist"):
        FileWriter(path)
    writer = FileWriter(path, overwrite=True)
    with pytest.raises(RuntimeError, match="schema first"):
        writer.write_raw_data(rows(1))
    with pytest.raises(ValueError, match="Invalid schema"):
        writer.add_schema({"a": {"type": "int8"}})
    with pytest.raises(ValueError, match="takes no shape"):
        writer.add_schema({"a": {"type": "string", "shape": [2]}})
    writer.add_schema(SCHEMA)
    with pytest.raises(ValueError, match="not the schema's"):
        writer.write_raw_data([{"label": 1}])
    with pytest.raises(ValueError, match="shape \\[2\\]"):
        writer.write_raw_data([dict(rows(1)[0], score=np.zeros(3))])
    with pytest.raises(TypeError, match="is int32"):
        writer.write_raw_data([dict(rows(1)[0], label=1.5)])
    with pytest.raises(ValueError, match="not a scalar"):
        writer.add_index(["data"])
    with pytest.raises(ValueError, match="shard_num"):
        FileWriter(path, shard_num=0, overwrite=True)


def test_reader_checks(tmp_path):
    bad = tmp_path / "bad"
    bad.write_bytes(b"not a record file at all")
    with pytest.raises(RuntimeError, match="not a record file"):
        MindDataset(str(bad))
    write(tmp_path / "ok", 1)
    with pytest.raises(RuntimeError, match="lack"):
        MindDataset(str(tmp_path / "ok"), ["nope"])


def test_rows_are_fresh_writable_arrays(tmp_path):
    """A user's function in map may write to the rows it gets (a ragged column is a list of arrays)."""
    write(tmp_path / "w", 3)
    dataset = MindDataset(str(tmp_path / "w"), ["data", "score"], shuffle=False)
    first = [row for row in dataset.create_tuple_iterator(output_numpy=True)]
    for data, score in first:
        data += 1
        score *= 0
    again = [row for row in dataset.create_tuple_iterator(output_numpy=True)]
    assert [d.tolist() for d, _ in again] == [[0], [1, 1], [2, 2, 2]]
    assert again[1][1].tolist() == [0.5, -1.0]

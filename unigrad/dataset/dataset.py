"""The pipeline's nodes: ``Dataset`` (MindSpore's API, which every source and operation has), its
operations (map, batch, shuffle, repeat, take, skip, project, rename, zip, concat, split) and the base of the
random-access sources. Calling an operation returns a new Dataset with this one as its child. Iterating runs
the tree: each node's ``_blocks`` yields one epoch as blocks of rows (``_rows.Rows``), so stages work on many
rows per NumPy call. Errors while the pipeline runs are RuntimeErrors, as in MindSpore, naming the operation
and the column; a user's exception stays chained, with its traceback."""
from __future__ import annotations

import copy
import numbers
from typing import Any, Callable, Iterator, Sequence

import numpy as np

from unigrad.dataset import _rows, samplers, saving
from unigrad.dataset._checks import check_positive_int, column_list, missing_columns
from unigrad.dataset._rows import Rows
from unigrad.dataset._run import Run
from unigrad.dataset.iterators import DictIterator, TupleIterator
from unigrad.dataset.samplers import SubsetRandomSampler
from unigrad.dataset.transforms.base import Transform


class Dataset:
    """The base of every source and operation."""

    def __init__(self, children: Sequence[Dataset] = ()) -> None:
        self.children = list(children)
        self._size_cache: int | None = None

    # -- what a node implements -------------------------------------------------------------------
    def _blocks(self, run: Run) -> Iterator[Rows]:
        """One epoch's rows, in blocks."""
        raise NotImplementedError

    def _count(self) -> int | None:
        """Rows per epoch when known without running the pipeline; None otherwise. An operation that
        keeps its rows has its child's (MindSpore counts a source that cannot tell by reading it)."""
        return self.children[0].get_dataset_size() if self.children else None

    def _columns(self) -> list[str] | None:
        """The output column names when known without running the pipeline; an operation that keeps its
        columns has its child's."""
        return self.children[0]._columns() if self.children else None

    def _batch_size(self) -> int:
        return self.children[0]._batch_size() if self.children else 1

    def _repeat_count(self) -> int:
        return self.children[0]._repeat_count() if self.children else 1

    def _walk(self) -> Iterator[Dataset]:
        yield self
        for child in self.children:
            yield from child._walk()

    # -- operations --------------------------------------------------------------------------------
    def map(self, operations: Callable | Sequence[Callable], input_columns: str | Sequence[str] | None = None,
            output_columns: str | Sequence[str] | None = None, num_parallel_workers: int | None = None,
            python_multiprocessing: bool = False, cache: Any = None, callbacks: Any = None,
            max_rowsize: Any = None, offload: Any = None) -> Dataset:
        """Apply ``operations`` in order to ``input_columns`` (default: the first column); their results
        become ``output_columns`` (default: the input columns)."""
        return MapDataset(self, operations, input_columns, output_columns)

    def batch(self, batch_size: int, drop_remainder: bool = False, num_parallel_workers: int | None = None,
              per_batch_map: Callable | None = None, input_columns: Sequence[str] | None = None,
              output_columns: Sequence[str] | None = None, python_multiprocessing: bool = False,
              max_rowsize: Any = None) -> Dataset:
        """Rows stacked ``batch_size`` at a time (the last batch smaller unless ``drop_remainder``)."""
        return BatchDataset(self, batch_size, drop_remainder, per_batch_map, input_columns, output_columns)

    def shuffle(self, buffer_size: int) -> Dataset:
        """Rows in a random order, drawn from a window of ``buffer_size`` rows."""
        return ShuffleDataset(self, buffer_size)

    def repeat(self, count: int | None = None) -> Dataset:
        """The epoch ``count`` times over (None or -1: without end)."""
        return RepeatDataset(self, count)

    def take(self, count: int = -1) -> Dataset:
        return TakeDataset(self, count)

    def skip(self, count: int) -> Dataset:
        return SkipDataset(self, count)

    def project(self, columns: str | Sequence[str]) -> Dataset:
        """Only ``columns``, in that order."""
        return ProjectDataset(self, columns)

    def rename(self, input_columns: str | Sequence[str], output_columns: str | Sequence[str]) -> Dataset:
        return RenameDataset(self, input_columns, output_columns)

    def zip(self, datasets: Dataset | Sequence[Dataset]) -> Dataset:
        """The columns of this dataset and of ``datasets`` side by side, as long as the shortest."""
        others = [datasets] if isinstance(datasets, Dataset) else list(datasets)
        return ZipDataset([self] + others)

    def concat(self, datasets: Dataset | Sequence[Dataset]) -> Dataset:
        """This dataset's rows, then those of ``datasets``."""
        others = [datasets] if isinstance(datasets, Dataset) else list(datasets)
        return ConcatDataset([self] + others)

    def __add__(self, other: Dataset) -> Dataset:
        return self.concat(other)

    def split(self, sizes: Sequence[int | float], randomize: bool = True) -> list[Dataset]:
        """Datasets of ``sizes`` rows (ints), or of those fractions of the rows (floats summing to 1)."""
        return split(self, sizes, randomize)

    # -- facts -------------------------------------------------------------------------------------
    def get_dataset_size(self) -> int:
        """Rows per epoch (batches, after ``batch``). As in MindSpore, an operation's follows from its
        children's, and a source that cannot tell (a generator) is counted by reading it, not the
        operations above it."""
        if self._size_cache is None:
            count = self._count()
            if count is None:
                run = Run(self)
                count = sum(block.count for block in self._blocks(run))
            self._size_cache = count
        return self._size_cache

    def __len__(self) -> int:
        return self.get_dataset_size()

    def save(self, file_name: str, num_files: int = 1, file_type: str = "mindrecord") -> None:
        """Write the pipeline's rows to MindRecord files, read back by ``MindDataset`` (``saving``)."""
        saving.save(self, file_name, num_files, file_type)

    def get_col_names(self) -> list[str]:
        names = self._columns()
        return list(names) if names is not None else self._first_row()[0]

    def output_shapes(self, estimate: bool = False) -> list[list[int]]:
        """The shapes of the first row's columns ([] when the pipeline gives no rows, as MindSpore)."""
        self._check_tree()
        return [list(np.shape(value)) for value in self._first_row(required=False)[1]]

    def output_types(self) -> list[np.dtype]:
        """The dtypes of the first row's columns ([] when the pipeline gives no rows, as MindSpore)."""
        self._check_tree()
        return [np.asarray(value).dtype for value in self._first_row(required=False)[1]]

    def get_batch_size(self) -> int:
        self._check_tree()
        return self._batch_size()

    def get_repeat_count(self) -> int:
        self._check_tree()
        return self._repeat_count()

    def _check_tree(self) -> None:
        """The RuntimeError of a stage that names a column its input lacks (or of datasets whose columns
        clash), raised before the pipeline runs: MindSpore checks the tree when a getter or an iterator
        builds it."""
        self._columns()

    def _first_row(self, required: bool = True) -> tuple[list[str], list[np.ndarray]]:
        for block in self._blocks(Run(self)):
            if block.count:
                return block.names, block.row(0)
        if not required:
            return [], []
        raise RuntimeError(f"{type(self).__name__}: the pipeline gives no rows, so it has no first row to "
                           f"describe")

    # -- iteration ---------------------------------------------------------------------------------
    def create_tuple_iterator(self, columns: Sequence[str] | None = None, num_epochs: int = -1,
                              output_numpy: bool = False, do_copy: bool = True) -> Iterator[list]:
        """Rows as lists of Tensors on the active backend and device (arrays with ``output_numpy``)."""
        return TupleIterator(self, columns, num_epochs, output_numpy)

    def create_dict_iterator(self, num_epochs: int = -1, output_numpy: bool = False,
                             do_copy: bool = True) -> Iterator[dict]:
        """Rows as dicts from column name to Tensor (array with ``output_numpy``)."""
        return DictIterator(self, None, num_epochs, output_numpy)

    def __iter__(self) -> Iterator[list]:
        return self.create_tuple_iterator(num_epochs=1)

    def reset(self) -> None:
        """MindSpore 2.10's ``Dataset.reset`` ("reset the dataset for next epoch"), whose body is empty: there
        is nothing to reset, since every ``create_*_iterator`` (and ``for`` over the dataset) already starts a
        fresh pipeline from the first row and the seed's draws, and an iterator in use keeps its place and its
        epochs. Kept for scripts that call it between epochs."""


def _name(operation: Callable) -> str:
    if isinstance(operation, Transform):
        return type(operation).__name__
    return f"PyFunc {getattr(operation, '__qualname__', type(operation).__name__)}"


class MapDataset(Dataset):
    def __init__(self, child, operations, input_columns, output_columns) -> None:
        super().__init__([child])
        operations = list(operations) if isinstance(operations, (list, tuple)) else [operations]
        if not operations or not all(callable(op) for op in operations):
            raise TypeError(f"map: operations must be a transform, a function or a non-empty list of them, got "
                            f"{operations!r}")
        self.operations = operations
        self.input_columns = column_list(input_columns, "map: input_columns")
        self.output_columns = column_list(output_columns, "map: output_columns")

    def _layout(self, names: list[str]) -> tuple[list[str], list[str], list[str]]:
        """(input columns, output columns, the resulting column names), MindSpore's placement: as many
        outputs as inputs take the inputs' places; otherwise the outputs come first."""
        inputs = self.input_columns or names[:1]
        missing_columns(names, inputs, "map")
        outputs = self.output_columns or inputs
        if len(inputs) == len(outputs):
            renamed = dict(zip(inputs, outputs))
            result = [renamed.get(n, n) for n in names if n in renamed or n not in outputs]
        else:
            result = outputs + [n for n in names if n not in inputs and n not in outputs]
        return inputs, outputs, result

    def _columns(self):
        names = self.children[0]._columns()
        return None if names is None else self._layout(names)[2]

    def _blocks(self, run: Run) -> Iterator[Rows]:
        stream = run.stream(self)
        layout = None
        for block in self.children[0]._blocks(run):
            if layout is None:
                layout = self._layout(block.names)
            inputs, outputs, result = layout
            values = [block.columns[block.names.index(c)] for c in inputs]
            owned = False  # the block's own columns are never written here
            for i, operation in enumerate(self.operations):
                values, owned = self._apply(operation, values, inputs, stream.child(i), run.vectorise, owned)
            if len(values) != len(outputs):
                raise RuntimeError(f"map: the operations gave {len(values)} columns for the {len(outputs)} "
                                   f"output columns {outputs}")
            produced = dict(zip(outputs, values))
            yield block.with_columns(result, [produced[n] if n in produced else block.columns[block.names.index(n)]
                                              for n in result])

    @staticmethod
    def _apply(operation, values, inputs, stream, vectorise, owned) -> tuple[list, bool]:
        """The operation's output columns, and whether they are arrays this map made (``owned``: the next
        built-in transform may write over them). ``owned`` says so of ``values``."""
        name = _name(operation)
        if isinstance(operation, Transform):
            if len(values) != 1:
                raise RuntimeError(f"map operation: [{name}] takes one column, but the input columns are "
                                   f"{inputs}")
            column = values[0]
            try:
                if vectorise and isinstance(column, np.ndarray):
                    out = (operation._rows_owned if owned else operation._rows)(column, stream)
                else:
                    out = [operation._sample(row, stream) for row in column]
            except Exception as e:
                raise RuntimeError(f"map operation: [{name}] failed on column(s) {inputs}: "
                                   f"{type(e).__name__}: {e}") from e
            out = _rows.stack(out) if isinstance(out, list) else out
            # a new array (stacked rows are), or a view of one this map made (HWC2CHW's): nobody else holds it
            return [out], isinstance(out, np.ndarray) and (owned or not isinstance(column, np.ndarray) or
                                                           not np.may_share_memory(out, column))
        count = len(values[0])
        results = None
        for i in range(count):
            try:
                out = operation(*[column[i] for column in values])
            except Exception as e:
                raise RuntimeError(f"map operation: [{name}] failed on column(s) {inputs}, row {i} of the "
                                   f"block: {type(e).__name__}: {e}") from e
            out = list(out) if isinstance(out, tuple) else [out]
            if results is None:
                results = [[] for _ in out]
            if len(out) != len(results):
                raise RuntimeError(f"map operation: [{name}] returned {len(out)} values for one row and "
                                   f"{len(results)} for another")
            for column, value in zip(results, out):
                column.append(_rows.as_row_array(value, f"map operation: [{name}]"))
        stacked = [_rows.stack(column) for column in (results or [[] for _ in values])]
        return stacked, all(isinstance(c, np.ndarray) for c in stacked)  # np.stack copies


class BatchInfo:
    """What ``per_batch_map`` learns about the batch it builds (MindSpore's ``BatchInfo``)."""

    def __init__(self, batch_num: int, epoch_num: int) -> None:
        self._batch_num, self._epoch_num = batch_num, epoch_num

    def get_batch_num(self) -> int:
        return self._batch_num

    def get_epoch_num(self) -> int:
        return self._epoch_num


class BatchDataset(Dataset):
    def __init__(self, child, batch_size, drop_remainder, per_batch_map, input_columns, output_columns) -> None:
        super().__init__([child])
        self.batch_size = check_positive_int(batch_size, "batch_size", "batch")
        if not isinstance(drop_remainder, bool):
            raise TypeError(f"batch: drop_remainder must be a bool, got {drop_remainder!r}")
        if per_batch_map is not None and not callable(per_batch_map):
            raise TypeError(f"batch: per_batch_map must be callable, got {per_batch_map!r}")
        self.drop_remainder, self.per_batch_map = drop_remainder, per_batch_map
        self.input_columns = column_list(input_columns, "batch: input_columns")
        self.output_columns = column_list(output_columns, "batch: output_columns")

    def _count(self):
        count = self.children[0].get_dataset_size()
        return count // self.batch_size if self.drop_remainder else -(-count // self.batch_size)

    def _columns(self):
        names = self.children[0]._columns()
        if names is None or self.per_batch_map is None or self.output_columns is None:
            return names
        inputs = self.input_columns or names
        return self.output_columns + [n for n in names if n not in inputs and n not in self.output_columns]

    def _batch_size(self):
        return self.batch_size

    def _blocks(self, run: Run) -> Iterator[Rows]:
        pending, waiting, number = [], 0, 0
        for block in self.children[0]._blocks(run):
            if not block.count:
                continue
            pending.append(block)
            waiting += block.count
            if waiting >= self.batch_size:
                rows = _rows.concat(pending)
                full = rows.count // self.batch_size
                yield self._batches(rows.slice(0, full * self.batch_size), full, number, run)
                number += full
                rest = rows.slice(full * self.batch_size, rows.count)
                pending, waiting = ([rest] if rest.count else []), rest.count
        if waiting and not self.drop_remainder:
            yield self._batches(_rows.concat(pending), 1, number, run)

    def _batches(self, rows: Rows, count: int, number: int, run: Run) -> Rows:
        """``rows`` (count batches' worth) as ``count`` rows, each one batch."""
        size = rows.count // count
        columns = []
        for name, column in zip(rows.names, rows.columns):
            if isinstance(column, np.ndarray):
                columns.append(column.reshape((count, size) + column.shape[1:]))
                continue
            batches = []
            for j in range(count):
                batch = _rows.stack(column[j * size:(j + 1) * size])
                if isinstance(batch, list):
                    first = next(r for r in batch if (r.shape, r.dtype) != (batch[0].shape, batch[0].dtype))
                    raise RuntimeError(f"batch: the rows of column {name!r} differ in shape or type "
                                       f"({batch[0].shape} {batch[0].dtype} and {first.shape} {first.dtype}); "
                                       f"batch stacks rows of one shape (Resize or pad them first)")
                batches.append(batch)
            columns.append(_rows.stack(batches))
        batched = Rows(rows.names, columns, count)
        return batched if self.per_batch_map is None else self._map_batches(batched, number, run)

    def _map_batches(self, batched: Rows, number: int, run: Run) -> Rows:
        inputs = self.input_columns or batched.names
        missing_columns(batched.names, inputs, "batch")
        outputs = self.output_columns or inputs
        results = [[] for _ in outputs]
        for j in range(batched.count):
            args = [list(batched.columns[batched.names.index(c)][j]) for c in inputs]
            try:
                out = self.per_batch_map(*args, BatchInfo(number + j, run.epoch))
            except Exception as e:
                raise RuntimeError(f"batch: per_batch_map failed on columns {inputs}: {type(e).__name__}: {e}") \
                    from e
            out = out if isinstance(out, tuple) else (out,)
            if len(out) != len(outputs):
                raise RuntimeError(f"batch: per_batch_map returned {len(out)} columns for the output columns "
                                   f"{outputs}")
            for column, value in zip(results, out):
                column.append(np.stack([_rows.as_row_array(v, "batch: per_batch_map") for v in value]))
        rest = [n for n in batched.names if n not in inputs and n not in outputs]
        names = outputs + rest if self.output_columns else [n for n in batched.names if n in outputs or n in rest]
        produced = dict(zip(outputs, (_rows.stack(c) for c in results)))
        return Rows(names, [produced[n] if n in produced else batched.columns[batched.names.index(n)]
                            for n in names], batched.count)


class ShuffleDataset(Dataset):
    """A window of ``buffer_size`` rows; each incoming row takes the place of a random one, which goes
    out (done for a block of rows at once)."""

    def __init__(self, child, buffer_size) -> None:
        super().__init__([child])
        self.buffer_size = check_positive_int(buffer_size, "buffer_size", "shuffle")
        if self.buffer_size < 2:
            raise ValueError(f"shuffle: input buffer_size is not within the required interval of [2, 2147483647],"
                             f" got {buffer_size}")

    def _blocks(self, run: Run) -> Iterator[Rows]:
        generator = run.stream(self).generator
        size, filling, buffer = self.buffer_size, [], None
        for block in self.children[0]._blocks(run):
            if buffer is None:
                filling.append(block)
                if sum(b.count for b in filling) < size:
                    continue
                merged = _rows.concat(filling)
                buffer = merged.slice(0, size)
                buffer.columns = [np.array(c) if isinstance(c, np.ndarray) else list(c) for c in buffer.columns]
                block = merged.slice(size, merged.count)
            for start in range(0, block.count, size):
                part = block.slice(start, start + size)
                slots = generator.permutation(size)[:part.count]
                yield buffer.take(slots)
                for c, incoming in enumerate(part.columns):
                    _replace(buffer, c, slots, incoming)
        rest = buffer if buffer is not None else _rows.concat(filling) if filling else None
        if rest is not None and rest.count:
            yield rest.take(generator.permutation(rest.count))


def _replace(buffer: Rows, c: int, slots: np.ndarray, incoming) -> None:
    column = buffer.columns[c]
    if isinstance(column, np.ndarray) and isinstance(incoming, np.ndarray) and \
            column.shape[1:] == incoming.shape[1:] and column.dtype == incoming.dtype:
        column[slots] = incoming
        return
    column = buffer.columns[c] = list(column)
    for slot, row in zip(slots, incoming):
        column[slot] = row


class RepeatDataset(Dataset):
    def __init__(self, child, count) -> None:
        super().__init__([child])
        if count is None or count == -1:
            count = -1
        else:
            count = check_positive_int(count, "count", "repeat")
        self.count = count

    def _count(self):
        return -1 if self.count == -1 else self.children[0].get_dataset_size() * self.count

    def _repeat_count(self):
        return self.count

    def _blocks(self, run):
        done = 0
        while self.count == -1 or done < self.count:
            yield from self.children[0]._blocks(run)
            done += 1


class TakeDataset(Dataset):
    def __init__(self, child, count) -> None:
        super().__init__([child])
        self.count = -1 if count == -1 else check_positive_int(count, "count", "take")

    def _count(self):
        child = self.children[0].get_dataset_size()
        return child if self.count == -1 else min(child, self.count)

    def _blocks(self, run):
        left = self.count
        for block in self.children[0]._blocks(run):
            if left == -1:
                yield block
                continue
            if left == 0:
                return
            yield block.slice(0, left)
            left -= min(left, block.count)


class SkipDataset(Dataset):
    def __init__(self, child, count) -> None:
        super().__init__([child])
        if isinstance(count, bool) or not isinstance(count, numbers.Integral) or count < 0:
            raise ValueError(f"skip: count must be a non-negative int, got {count!r}")
        self.count = int(count)

    def _count(self):
        return max(self.children[0].get_dataset_size() - self.count, 0)

    def _blocks(self, run):
        left = self.count
        for block in self.children[0]._blocks(run):
            if left >= block.count:
                left -= block.count
                continue
            yield block.slice(left, block.count)
            left = 0


class ProjectDataset(Dataset):
    def __init__(self, child, columns) -> None:
        super().__init__([child])
        self.columns = column_list(columns, "project: columns")

    def _columns(self):
        names = self.children[0]._columns()
        if names is not None:
            missing_columns(names, self.columns, "project")
        return list(self.columns)

    def _blocks(self, run):
        for block in self.children[0]._blocks(run):
            missing_columns(block.names, self.columns, "project")
            yield block.with_columns(self.columns, [block.columns[block.names.index(c)] for c in self.columns])


class RenameDataset(Dataset):
    def __init__(self, child, input_columns, output_columns) -> None:
        super().__init__([child])
        self.input_columns = column_list(input_columns, "rename: input_columns")
        self.output_columns = column_list(output_columns, "rename: output_columns")
        if len(self.input_columns) != len(self.output_columns):
            raise ValueError(f"rename: {len(self.input_columns)} input columns {self.input_columns} but "
                             f"{len(self.output_columns)} output columns {self.output_columns}")

    def _renamed(self, names):
        missing_columns(names, self.input_columns, "rename")
        mapping = dict(zip(self.input_columns, self.output_columns))
        return [mapping.get(n, n) for n in names]

    def _columns(self):
        names = self.children[0]._columns()
        return None if names is None else self._renamed(names)

    def _blocks(self, run):
        for block in self.children[0]._blocks(run):
            yield block.with_columns(self._renamed(block.names), block.columns)


class _Combined(Dataset):
    """A node over several datasets (``zip``, ``concat``): its size combines theirs with ``_combine``."""

    _what = ""
    _combine = staticmethod(min)

    def __init__(self, datasets: Sequence[Dataset]) -> None:
        for d in datasets:
            if not isinstance(d, Dataset):
                raise TypeError(f"{self._what}: expected Datasets, got {d!r}")
        super().__init__(datasets)

    def _count(self):
        return self._combine(c.get_dataset_size() for c in self.children)


class ZipDataset(_Combined):
    _what, _combine = "zip", staticmethod(min)

    @staticmethod
    def _joined(name_lists):
        names = [n for names in name_lists for n in names]
        for n in names:
            if names.count(n) > 1:
                raise RuntimeError(f"zip: column {n!r} is in more than one of the zipped datasets; rename it first")
        return names

    def _columns(self):
        name_lists = [c._columns() for c in self.children]
        return None if None in name_lists else self._joined(name_lists)

    def _blocks(self, run):
        streams = [iter(c._blocks(run)) for c in self.children]
        pending: list[list[Rows]] = [[] for _ in streams]
        while True:
            for k, stream in enumerate(streams):
                while not sum(b.count for b in pending[k]):
                    block = next(stream, None)
                    if block is None:
                        return
                    pending[k] = [block]
            parts = [_rows.concat(p) for p in pending]
            n = min(p.count for p in parts)
            yield Rows(self._joined([p.names for p in parts]),
                       [c for p in parts for c in p.slice(0, n).columns], n)
            pending = [[p.slice(n, p.count)] for p in parts]


class ConcatDataset(_Combined):
    _what, _combine = "concat", staticmethod(sum)

    def _columns(self):
        name_lists = [c._columns() for c in self.children]
        for names in name_lists[1:]:
            if names is not None and name_lists[0] is not None and names != name_lists[0]:
                raise RuntimeError(f"concat: the datasets' columns differ: {name_lists[0]} and {names}")
        return name_lists[0]

    def _blocks(self, run):
        names = None
        for child in self.children:
            for block in child._blocks(run):
                if names is None:
                    names = block.names
                elif block.names != names:
                    raise RuntimeError(f"concat: the datasets' columns differ: {names} and {block.names}")
                yield block


def split(dataset: Dataset, sizes: Sequence[int | float], randomize: bool) -> list[Dataset]:
    """MindSpore's ``Dataset.split``: with ``randomize``, disjoint random subsets of a random-access source
    (each read in a fresh random order every epoch); without, consecutive runs of rows."""
    if not isinstance(sizes, (list, tuple)) or not sizes:
        raise ValueError(f"split: sizes must be a non-empty list of ints or of floats, got {sizes!r}")
    total = dataset.get_dataset_size()
    if all(isinstance(s, numbers.Integral) and not isinstance(s, bool) and s > 0 for s in sizes):
        counts = [int(s) for s in sizes]
        if sum(counts) != total:
            raise RuntimeError(f"split: the sizes {counts} add up to {sum(counts)}, not the dataset's {total} rows")
    elif all(isinstance(s, float) and 0 < s < 1 for s in sizes) and abs(sum(sizes) - 1) < 1e-6:
        counts = [int(round(s * total)) for s in sizes]
        counts[0] += total - sum(counts)
        if min(counts) < 1:
            raise RuntimeError(f"split: the fractions {list(sizes)} of {total} rows leave a split empty: {counts}")
    else:
        raise ValueError(f"split: sizes must be positive ints summing to the dataset's size or floats in (0, 1) "
                         f"summing to 1, got {sizes!r}")
    bounds = np.cumsum([0] + counts)
    if not randomize:
        return [dataset.skip(int(a)).take(int(b - a)) for a, b in zip(bounds[:-1], bounds[1:])]
    if not isinstance(dataset, MappableSource):
        raise RuntimeError(f"split: randomize=True needs a random-access source directly (MnistDataset, "
                           f"NumpySlicesDataset...), got {type(dataset).__name__}; split with randomize=False")
    order = np.random.default_rng(samplers.shared_seed()).permutation(total)
    rows = np.sort(dataset.sampler.indices(dataset._num_rows(), np.random.default_rng(0)))  # the rows it reads
    pieces = []
    for a, b in zip(bounds[:-1], bounds[1:]):
        piece = copy.copy(dataset)
        piece.sampler = SubsetRandomSampler(rows[order[a:b]])
        piece._size_cache = None
        pieces.append(piece)
    return pieces


# Rows read per gather: large enough to amortise Python's cost per block (every stage pays it once a block),
# small enough that a block's float32 copies stay in cache. A source whose rows have a known size reads as
# many as fit BLOCK_BYTES of it, a power of two from BLOCK_ROWS to MAX_BLOCK_ROWS (so that batches of 32 or
# 64 rows split a block without a copy); others BLOCK_ROWS. Measured on the MNIST tutorial's pipeline
# (benchmarks/dataset_pipeline.py, output_numpy, NumPy by hand 21 ms): 128 rows 36 ms an epoch, 256 rows
# 30 ms, 512 rows 27 ms, 1,024 rows 27 ms, with glibc's default malloc as with the benchmark's.
BLOCK_ROWS = 128
MAX_BLOCK_ROWS = 1024
BLOCK_BYTES = 1 << 19


def block_rows(row_bytes: int | None) -> int:
    """Rows per block for rows of ``row_bytes`` each (None: not known)."""
    rows = BLOCK_ROWS
    while row_bytes and rows < MAX_BLOCK_ROWS and 2 * rows * row_bytes <= BLOCK_BYTES:
        rows *= 2
    return rows


class MappableSource(Dataset):
    """A source whose rows can be read by index (``_num_rows``, ``_gather``)."""

    _conflict = RuntimeError  # what sampler arguments that exclude each other raise (samplers.from_arguments)

    def __init__(self, num_samples=None, shuffle=None, sampler=None, num_shards=None, shard_id=None) -> None:
        super().__init__()
        self.sampler = samplers.from_arguments(num_samples, shuffle, sampler, num_shards, shard_id,
                                               conflict=self._conflict)

    def _num_rows(self) -> int:
        raise NotImplementedError

    def _gather(self, indices: np.ndarray) -> Rows:
        """The rows at ``indices``, as fresh arrays (a user's function may write to them)."""
        raise NotImplementedError

    def _row_bytes(self) -> int | None:
        """The bytes of one row, where every row has the same (it sizes the blocks); None if not known."""
        return None

    def _count(self):
        return self.sampler.count(self._num_rows())

    def _blocks(self, run: Run) -> Iterator[Rows]:
        order = self.sampler.indices(self._num_rows(), run.stream(self).generator)
        rows = block_rows(self._row_bytes())
        for start in range(0, len(order), rows):
            yield self._gather(order[start:start + rows])

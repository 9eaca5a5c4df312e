"""The pipeline's operations, each a Dataset over its child: map, batch, shuffle, repeat, take, skip,
project, rename, zip, concat, and split. Errors while the pipeline runs are RuntimeErrors, as in MindSpore,
naming the operation and the column; a user's exception stays chained, with its traceback."""
from __future__ import annotations

import copy
import numbers
from typing import Callable, Iterator, Sequence

import numpy as np

from unigrad.dataset import _rows
from unigrad.dataset._rows import Rows
from unigrad.dataset.dataset import Dataset, Run, check_positive_int, column_list
from unigrad.dataset.transforms.base import Transform


def _name(operation: Callable) -> str:
    if isinstance(operation, Transform):
        return type(operation).__name__
    return f"PyFunc {getattr(operation, '__qualname__', type(operation).__name__)}"


def _missing(names: Sequence[str], wanted: Sequence[str], what: str) -> None:
    for name in wanted:
        if name not in names:
            raise RuntimeError(f"{what}: column {name!r} does not exist; the dataset's columns are {list(names)}")


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
        _missing(names, inputs, "map")
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

    def _count(self):
        return self.children[0]._count()

    def _blocks(self, run: Run) -> Iterator[Rows]:
        stream = run.stream(self)
        layout = None
        for block in self.children[0]._blocks(run):
            if layout is None:
                layout = self._layout(block.names)
            inputs, outputs, result = layout
            values = [block.columns[block.names.index(c)] for c in inputs]
            for i, operation in enumerate(self.operations):
                values = self._apply(operation, values, inputs, stream.child(i), run.vectorise)
            if len(values) != len(outputs):
                raise RuntimeError(f"map: the operations gave {len(values)} columns for the {len(outputs)} "
                                   f"output columns {outputs}")
            produced = dict(zip(outputs, values))
            yield block.with_columns(result, [produced[n] if n in produced else block.columns[block.names.index(n)]
                                              for n in result])

    @staticmethod
    def _apply(operation, values, inputs, stream, vectorise) -> list:
        name = _name(operation)
        if isinstance(operation, Transform):
            if len(values) != 1:
                raise RuntimeError(f"map operation: [{name}] takes one column, but the input columns are "
                                   f"{inputs}")
            column = values[0]
            try:
                if vectorise and isinstance(column, np.ndarray):
                    out = operation._rows(column, stream)
                else:
                    out = [operation._sample(row, stream) for row in column]
            except Exception as e:
                raise RuntimeError(f"map operation: [{name}] failed on column(s) {inputs}: "
                                   f"{type(e).__name__}: {e}") from e
            return [_rows.stack(out) if isinstance(out, list) else out]
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
        return [_rows.stack(column) for column in (results or [[] for _ in values])]


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
        count = self.children[0]._count()
        if count is None:
            return None
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
        _missing(batched.names, inputs, "batch")
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

    def _count(self):
        return self.children[0]._count()

    def _columns(self):
        return self.children[0]._columns()

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
        child = self.children[0]._count()
        if self.count == -1:
            return -1
        return None if child is None else child * self.count

    def _columns(self):
        return self.children[0]._columns()

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
        child = self.children[0]._count()
        return child if self.count == -1 or child is None else min(child, self.count)

    def _columns(self):
        return self.children[0]._columns()

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
        child = self.children[0]._count()
        return None if child is None else max(child - self.count, 0)

    def _columns(self):
        return self.children[0]._columns()

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

    def _count(self):
        return self.children[0]._count()

    def _columns(self):
        names = self.children[0]._columns()
        if names is not None:
            _missing(names, self.columns, "project")
        return list(self.columns)

    def _blocks(self, run):
        for block in self.children[0]._blocks(run):
            _missing(block.names, self.columns, "project")
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
        _missing(names, self.input_columns, "rename")
        mapping = dict(zip(self.input_columns, self.output_columns))
        return [mapping.get(n, n) for n in names]

    def _count(self):
        return self.children[0]._count()

    def _columns(self):
        names = self.children[0]._columns()
        return None if names is None else self._renamed(names)

    def _blocks(self, run):
        for block in self.children[0]._blocks(run):
            yield block.with_columns(self._renamed(block.names), block.columns)


class ZipDataset(Dataset):
    def __init__(self, datasets: Sequence[Dataset]) -> None:
        for d in datasets:
            if not isinstance(d, Dataset):
                raise TypeError(f"zip: expected Datasets, got {d!r}")
        super().__init__(datasets)

    def _count(self):
        counts = [c._count() for c in self.children]
        return None if None in counts else min(counts)

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


class ConcatDataset(Dataset):
    def __init__(self, datasets: Sequence[Dataset]) -> None:
        for d in datasets:
            if not isinstance(d, Dataset):
                raise TypeError(f"concat: expected Datasets, got {d!r}")
        super().__init__(datasets)

    def _count(self):
        counts = [c._count() for c in self.children]
        return None if None in counts else sum(counts)

    def _columns(self):
        return self.children[0]._columns()

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
    from unigrad import _random
    from unigrad.dataset.samplers import MINDSPORE_DEFAULT_SEED, SubsetRandomSampler
    from unigrad.dataset.sources.base import MappableSource
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
    seed = _random.get_dataset_seed()
    order = np.random.default_rng(MINDSPORE_DEFAULT_SEED if seed is None else seed).permutation(total)
    rows = np.sort(dataset.sampler.indices(dataset._num_rows(), np.random.default_rng(0)))  # the rows it reads
    pieces = []
    for a, b in zip(bounds[:-1], bounds[1:]):
        piece = copy.copy(dataset)
        piece.sampler = SubsetRandomSampler(rows[order[a:b]])
        piece._size_cache = None
        pieces.append(piece)
    return pieces

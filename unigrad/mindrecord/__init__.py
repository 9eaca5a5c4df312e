"""``mindspore.mindrecord``: write a dataset's rows to record files (``FileWriter``) that
``unigrad.dataset.MindDataset`` reads back.

The files are unigrad's own (``_file``: a JSON header and the values' bytes), with MindSpore's API, schema
types and file names (``NAME`` or ``NAME0``..``NAMEk`` for shards, each with its ``.db`` index); they are not
MindSpore's MindRecord bytes, and neither framework reads the other's.
"""
from unigrad.mindrecord.filewriter import FileWriter

__all__ = ["FileWriter"]

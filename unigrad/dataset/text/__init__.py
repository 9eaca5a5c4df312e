"""``mindspore.dataset.text``: the text transforms of MindSpore's beginner tutorials, on NumPy string arrays
(``transforms``: PythonTokenizer, Lookup) and the vocabulary they map tokens with (``utils``: Vocab)."""
from unigrad.dataset.text.transforms import Lookup, PythonTokenizer
from unigrad.dataset.text.utils import Vocab

__all__ = ["Lookup", "PythonTokenizer", "Vocab"]

"""unigrad.dataset.text: PythonTokenizer, Vocab and Lookup, in a pipeline and eagerly, against what MindSpore
2.10 gives (the transforms tutorial's outputs, tests/goldens/beginner/transforms.json)."""
import numpy as np
import pytest

from unigrad import dtype as mstype
from unigrad.dataset import GeneratorDataset, NumpySlicesDataset, text


def tokenized(texts):
    return GeneratorDataset(texts, "text", shuffle=False).map(text.PythonTokenizer(str.split))


def test_python_tokenizer_in_a_pipeline_gives_string_arrays():
    row = next(tokenized(["Welcome to Beijing"]).create_tuple_iterator())
    assert len(row) == 1 and row[0].dtype == np.dtype("<U7")
    assert row[0].tolist() == ["Welcome", "to", "Beijing"]


def test_python_tokenizer_eagerly():
    assert text.PythonTokenizer(lambda s: s.split(","))("a,b").tolist() == ["a", "b"]
    with pytest.raises(TypeError, match="tokenizer must be a function"):
        text.PythonTokenizer("split")
    with pytest.raises(RuntimeError, match="string"):
        text.PythonTokenizer(str.split)(np.array([1, 2]))


def test_vocab_from_dataset_orders_by_count_then_bytes():
    """MindSpore 2.10: {'to': 2, 'Welcome': 1, 'Beijing': 0} for 'Welcome to Beijing' (ties by byte order)."""
    vocab = text.Vocab.from_dataset(tokenized(["Welcome to Beijing"]))
    assert vocab.vocab() == {"Beijing": 0, "Welcome": 1, "to": 2}
    assert list(vocab.vocab()) == ["to", "Welcome", "Beijing"]  # the order MindSpore 2.10 prints
    vocab = text.Vocab.from_dataset(tokenized(["b a b", "c b a"]), special_tokens=["<pad>"])
    assert vocab.vocab() == {"<pad>": 0, "b": 1, "a": 2, "c": 3}
    vocab = text.Vocab.from_dataset(tokenized(["b a b", "c b a"]), freq_range=(2, None), top_k=1,
                                    special_tokens=["<unk>"], special_first=False)
    assert vocab.vocab() == {"b": 0, "<unk>": 1}


def test_vocab_from_dataset_needs_strings():
    with pytest.raises(TypeError, match="strings"):
        text.Vocab.from_dataset(NumpySlicesDataset([1, 2], ["x"], shuffle=False))


def test_vocab_from_list_and_dict():
    vocab = text.Vocab.from_list(["a", "b"], special_tokens=["<unk>"])
    assert vocab.tokens_to_ids(["<unk>", "a", "b", "z"]) == [0, 1, 2, -1]
    assert vocab.ids_to_tokens([2, 9]) == ["b", ""] and len(vocab) == 3
    with pytest.raises(ValueError, match="twice"):
        text.Vocab.from_list(["a", "a"])
    assert text.Vocab.from_dict({"x": 5}).tokens_to_ids("x") == 5
    with pytest.raises(ValueError, match="non-negative"):
        text.Vocab.from_dict({"x": -1})


def test_lookup_maps_tokens_to_int32_ids():
    dataset = tokenized(["Welcome to Beijing"])
    vocab = text.Vocab.from_dataset(dataset)
    row = next(dataset.map(text.Lookup(vocab)).create_tuple_iterator(output_numpy=True))
    assert row[0].dtype == np.int32 and row[0].tolist() == [1, 2, 0]
    assert text.Lookup(vocab, data_type=mstype.int64)(np.array(["to"])).dtype == np.int64


def test_lookup_of_an_unknown_token():
    vocab = text.Vocab.from_list(["a", "<unk>"])
    assert text.Lookup(vocab, "<unk>")(np.array(["a", "q"])).tolist() == [0, 1]
    with pytest.raises(RuntimeError, match="'q' is not in the vocabulary"):
        text.Lookup(vocab)(np.array(["q"]))
    with pytest.raises(ValueError, match="unknown_token"):
        text.Lookup(vocab, "<oov>")
    with pytest.raises(TypeError, match="int type"):
        text.Lookup(vocab, data_type=mstype.float32)

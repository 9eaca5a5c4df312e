"""``unigrad coverage``: MindSpore names used across a folder, read and never run, the missing ones ranked by files."""
from __future__ import annotations

import json
import textwrap

from unigrad.cli import main


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"))


def test_a_folder_is_surveyed_and_the_missing_names_ranked_by_files(tmp_path, capsys):
    write(tmp_path / "a.py", """
        import mindspore as ms
        from mindspore import nn, ops
        raise SystemExit("never run")
        net = nn.Dense(2, 3)
        y = ops.bucketize(ms.Tensor([1.0]), [1.0])
        ms.parallel.set_algo_parameters()
    """)
    write(tmp_path / "sub" / "b.py", """
        from mindspore import ops
        ops.bucketize(1, [1.0]), ops.bucketize(2, [1.0]), ops.softmax
    """)
    write(tmp_path / "sub" / "broken.py", "def (:\n")
    write(tmp_path / ".hidden" / "c.py", "import mindspore\nmindspore.not_there\n")
    report = tmp_path / "report.json"
    assert main(["coverage", str(tmp_path), "--json", str(report)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2 files read (1 skipped: not Python 3 source); ")
    result = json.loads(report.read_text())
    assert result["files_read"] == 2 and result["files_skipped"][0].endswith("broken.py: SyntaxError")
    missing = {m["name"]: m for m in result["missing"]}
    assert list(missing) == ["mindspore.ops.bucketize", "mindspore.parallel"]  # most files first
    assert (missing["mindspore.ops.bucketize"]["files"], missing["mindspore.ops.bucketize"]["uses"]) == (2, 2)
    assert missing["mindspore.parallel"]["first_use"] == f"{tmp_path / 'a.py'}:6"
    assert result["names_provided"] == result["names_used"] - 2  # ops.bucketize, parallel.set_algo_parameters
    assert "mindspore.nn.Dense" not in missing and "mindspore.not_there" not in out


def test_a_path_that_does_not_exist_exits_2(tmp_path, capsys):
    assert main(["coverage", str(tmp_path / "absent")]) == 2
    assert "no such file or folder" in capsys.readouterr().err

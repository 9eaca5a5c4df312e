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
        y = ops.coo_abs(ms.Tensor([1.0]), [1.0])
        ms.parallel.transform_checkpoints()
    """)
    write(tmp_path / "sub" / "b.py", """
        from mindspore import ops
        ops.coo_abs(1, [1.0]), ops.coo_abs(2, [1.0]), ops.softmax
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
    assert list(missing) == ["mindspore.ops.coo_abs", "mindspore.parallel.transform_checkpoints"]  # most files first
    assert (missing["mindspore.ops.coo_abs"]["files"], missing["mindspore.ops.coo_abs"]["uses"]) == (2, 2)
    assert missing["mindspore.parallel.transform_checkpoints"]["first_use"] == f"{tmp_path / 'a.py'}:6"
    assert result["names_provided"] == result["names_used"] - 2  # ops.coo_abs, parallel.transform_checkpoints
    assert "mindspore.nn.Dense" not in missing and "mindspore.not_there" not in out


def test_a_path_that_does_not_exist_exits_2(tmp_path, capsys):
    assert main(["coverage", str(tmp_path / "absent")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_a_mindspore_versions_whole_surface_is_counted_part_by_part(tmp_path, capsys):
    """``--mindspore 2.10``: every recorded public name checked, part by part (tools/record_mindspore_surface.py)."""
    report = tmp_path / "surface.json"
    assert main(["coverage", "--mindspore", "2.10", "--json", str(report)]) == 0
    printed = capsys.readouterr().out
    parts = json.loads(report.read_text())["parts"]
    assert {"ops functions", "ops classes", "nn classes", "Tensor methods"} <= set(parts)
    assert parts["ops functions"]["names"] == 873 and parts["Tensor methods"]["names"] == 430
    for part, counts in parts.items():
        assert counts["provided"] == counts["names"] - len(counts["missing"]), part
        assert f"{counts['provided']:4d} / {counts['names']:4d}" in printed, part
    assert "mindspore.ops.coo_abs" in parts["ops functions"]["missing"]       # sparse tensors: not in unigrad
    assert "mindspore.ops.add" not in parts["ops functions"]["missing"]
    assert "mindspore.Tensor.abs" not in parts["Tensor methods"]["missing"]


def test_an_unrecorded_version_or_no_input_is_refused(capsys):
    assert main(["coverage", "--mindspore", "1.0"]) == 2
    assert "no recorded surface for MindSpore '1.0'; recorded: 2.10" in capsys.readouterr().err
    assert main(["coverage"]) == 2
    assert "give .py files or folders, or --mindspore VERSION" in capsys.readouterr().err

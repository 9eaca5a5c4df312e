"""nn layers, losses, optimizers and schedules against answers recorded from real MindSpore 2.10
(tests/goldens/nn_programs.py, tools/record_mindspore_nn_goldens.py), on every backend."""
from __future__ import annotations

import json
import sys

import pytest

import unigrad
from test_mindspore_goldens import ROOT, _encoded, _load, codec, compare

GOLDEN_FILE = ROOT / "tests" / "goldens" / "mindspore_2.10_nn.json"
sys.path.insert(0, str(ROOT / "tests" / "goldens"))  # nn_programs imports _desc from programs
nn_programs = _load("golden_nn_programs", ROOT / "tests" / "goldens" / "nn_programs.py")
GOLDENS = codec.decode(json.loads(GOLDEN_FILE.read_text()))["programs"]

# Where unigrad deliberately differs from MindSpore 2.10 (path -> why).
DELIBERATE: dict[str, str] = {
    "optimizers_sgd.momentum_nesterov_wd": "MindSpore 2.10's CPU ApplyMomentum ignores use_nesterov (the steps equal "
                                           "plain momentum); unigrad applies the documented nesterov formula",
}


@pytest.mark.parametrize("program", nn_programs.PROGRAMS, ids=lambda p: p.__name__)
def test_matches_mindspore(program, backend):
    name = program.__name__
    assert name in GOLDENS, f"no golden for {name}: rerun tools/record_mindspore_nn_goldens.py"
    compare(_encoded(program(unigrad)), GOLDENS[name], name, DELIBERATE)


def test_every_golden_has_a_program():
    assert set(GOLDENS) == {p.__name__ for p in nn_programs.PROGRAMS}

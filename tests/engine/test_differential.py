"""Differential test: every TF1 program in ``tf1_corpus/`` prints under nbgraph what it printed
under real TensorFlow, as recorded in its committed golden ``tf1_goldens/<program>.json``.

**Adding a corpus program** ``tf1_corpus/pNN_name.py`` (it starts with ``import tensorflow as
tf``): write its golden with real TensorFlow, from the repository root, and commit both::

    PYTHONPATH=$PWD /work/main/.venv/bin/python -m tests.engine.regen_goldens pNN

(no argument: every new or changed program; ``--check``: do the goldens still equal
TensorFlow's output; ``--renormalise``: after a change to ``normalise()``). The TensorFlow used
is ``$NBGRAPH_TF_PYTHON``, else ``/tmp/tfref/bin/python``.

Each program runs here in a fresh subprocess with nbgraph as ``tensorflow``
(``tf1_corpus/run_nbgraph.py``); its stdout after ``normalise()`` (tf1_reference.py, where the
rules are listed) must equal the golden's ``expected`` lines. This needs no TensorFlow and no
cache, so every program runs on every machine. ``test_goldens_tf.py`` re-runs the programs under
TensorFlow, where there is one and ``NBGRAPH_CHECK_GOLDENS=1``, and checks the goldens still match it.
"""
from __future__ import annotations

import difflib

import pytest

from tests.engine.tf1_reference import (GOLDENS, NORMALISATION_RULES, REGEN_COMMAND, load_golden, normalise,
                                        program_sha256, programs, run_with_nbgraph)

PROGRAMS = programs()


def _golden_or_fail(program):
    golden = load_golden(program)
    if golden is None:
        pytest.fail(f"{program.name} has no golden {GOLDENS.name}/{program.stem}.json: "
                    f"run `{REGEN_COMMAND} {program.stem}` with TensorFlow and commit it")
    if golden.program_sha256 != program_sha256(program):
        pytest.fail(f"{program.name} changed since its golden was written: "
                    f"run `{REGEN_COMMAND} {program.stem}` with TensorFlow and commit it")
    return golden


@pytest.mark.timeout(180)
@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_program_matches_tensorflow(program):
    expected = _golden_or_fail(program).expected_text
    result = run_with_nbgraph(program)
    actual = normalise(result.stdout)
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            "tensorflow (golden)", "nbgraph", n=2))
        stderr = f"\n--- nbgraph stderr (exit {result.returncode}):\n{result.stderr[-3000:]}" if result.returncode else ""
        pytest.fail(f"{program.name}: nbgraph output differs from TensorFlow\n{diff[:8000]}{stderr}")


@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_golden_is_tensorflows_output_normalised_by_todays_rules(program):
    golden = _golden_or_fail(program)
    assert golden.tensorflow.count(".") >= 1 and golden.runner and golden.tf_stdout
    assert normalise(golden.tf_stdout_text) == golden.expected_text, (
        f"normalise() changed since {program.stem}.json was written (rules then: {golden.normalisation}; "
        f"now: {list(NORMALISATION_RULES)}): run `{REGEN_COMMAND} --renormalise`")


def test_every_golden_has_its_program():
    stems = {p.stem for p in PROGRAMS}
    orphans = sorted(g.stem for g in GOLDENS.glob("*.json") if g.stem not in stems)
    assert not orphans, f"goldens without a corpus program: {orphans}"


def test_corpus_is_plain_tf1_programs():
    assert len(PROGRAMS) >= 41
    for program in PROGRAMS:
        assert program.read_text(encoding="utf-8").startswith("import tensorflow as tf\n"), program.name


@pytest.mark.parametrize("tf2, tf1", [
    ("Tensor(\"add:0\", shape=(2,), dtype=float32) AddV2", "Tensor(\"add:0\", shape=(2,), dtype=float32) Add"),
    ("p Tensor(\"x:0\", shape=(None, 3), dtype=float32)", "p Tensor(\"x:0\", shape=(?, 3), dtype=float32)"),
    ("e -> ValueError: Cannot feed value of shape (2, 2) for Tensor x:0, which has shape (?, 3)",
     "e -> ValueError: Cannot feed value of shape (2, 2) for Tensor 'x:0', which has shape '(?, 3)'"),
    ("e -> TypeError: Argument `fetch` = None has invalid type \"NoneType\". Cannot be None",
     "e -> TypeError: Fetch argument None has invalid type <class 'NoneType'>"),
    ("e -> TypeError: Argument `fetch` = 3 has invalid type \"int\" must be a string or Tensor. (Can not convert"
     " a int into a Tensor or Operation.)",
     "e -> TypeError: Fetch argument 3 has invalid type <class 'int'>, must be a string or Tensor. (Can not"
     " convert a int into a Tensor or Operation.)"),
    ("e -> ValueError: Argument `fetch` = Tensor(\"b:0\", shape=(), dtype=float32) cannot be interpreted as a"
     " Tensor. (Tensor Tensor(\"b:0\", shape=(), dtype=float32) is not an element of this graph.)",
     "e -> ValueError: Fetch argument <tf.Tensor 'b:0' shape=() dtype=float32> cannot be interpreted as a"
     " Tensor. (Tensor Tensor(\"b:0\", shape=(), dtype=float32) is not an element of this graph.)"),
    ("e -> ValueError: Tensor(\"b:0\", shape=(), dtype=float32) must be from the same graph as Tensor(\"a:0\","
     " shape=(), dtype=float32) (graphs are <tensorflow.python.framework.ops.Graph object at 0x7f1> and"
     " <tensorflow.python.framework.ops.Graph object at 0x7f2>).",
     "e -> ValueError: Tensor(\"b:0\", shape=(), dtype=float32) must be from the same graph as Tensor(\"a:0\","
     " shape=(), dtype=float32)."),
    ("e -> TypeError: Expected int32, but got 1.5 of type 'float'.",
     "e -> TypeError: Expected int32, got 1.5 of type 'float' instead."),
    ("Dimensions must be equal, but are 3 and 2 for '{{node MatMul}} = MatMul[T=DT_FLOAT, grad_a=false,"
     " transpose_a=false](ones, ones_1)' with input shapes: [2,3], [2,3].",
     "Dimensions must be equal, but are 3 and 2 for 'MatMul' (op: 'MatMul') with input shapes: [2,3], [2,3]."),
    ("`<b>` is not a valid node name. Accepted names conform to Regex /re.compile('^[A-Za-z0-9.]')/",
     "'<b>' is not a valid node name"),
    ("'<b>' is not a valid root scope name. A root scope name has to match the following pattern: ^[A-Z]$",
     "'<b>' is not a valid scope name"),
    ("Variable x did not get an initializer, so its `shape` argument must be specified.",
     "Shape of a new variable (x) must be fully defined, but instead was <unknown>."),
    ("Graph execution error:\n\nDetected at node 'x' defined at (most recent call last):\n"
     "    File \"p.py\", line 3, in <module>\nNode: 'x'\nYou must feed a value for placeholder tensor 'x'",
     "You must feed a value for placeholder tensor 'x'"),
])
def test_normalise_maps_tf2_spellings_to_tf1(tf2, tf1):
    assert normalise(tf2) == normalise(tf1)
    if "AddV2" not in tf2:  # the TF 1.15 spelling is already the normal form
        assert normalise(tf1) == tf1 + "\n"

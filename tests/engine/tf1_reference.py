"""The differential corpus's link to real TensorFlow: how its outputs are normalised, how a
program runs under TensorFlow or nbgraph, and the committed goldens that hold TensorFlow's output.

Goldens: ``tests/engine/tf1_goldens/<program stem>.json``, one per corpus program, written by
``python -m tests.engine.regen_goldens`` (see that module) with the TensorFlow at
``$NBGRAPH_TF_PYTHON`` or ``/tmp/tfref/bin/python``. Each holds:

* ``program`` and ``program_sha256``: the program it was made from (a changed program needs a
  new golden; the differential test says so);
* ``tensorflow``: the TensorFlow version, and ``runner``: how run_tf.py set TensorFlow up;
* ``normalisation``: the rules of ``normalise()`` (below) in force when it was written;
* ``tf_stdout``: TensorFlow's stdout as printed, line by line;
* ``expected``: ``normalise(tf_stdout)``, line by line: what nbgraph's normalised stdout must
  equal.

``normalise()`` rewrites the spellings in which today's TensorFlow 2.x (the only one pip can
install) differs from TF 1.15, which nbgraph follows (DESIGN.md §2). It applies to both
outputs, so either spelling compares equal:

==  ==========================================================  ==================================
 #  TF 2.x prints                                               TF 1.15 printed (normalised form)
==  ==========================================================  ==================================
 1  op type ``AddV2`` everywhere                                ``Add`` for ``tf.add`` and the
                                                                initializers, ``AddV2`` for ``+``;
                                                                both normalised to ``Add``
 2  ``Graph execution error:`` / ``Detected at node ...`` /    (nothing: the first line is the
    ``  File ...`` / ``Node: '...'`` lines before the message    real message). run_tf.py already
                                                                turns the wrapper off
 3  ``shape=(None, 3)`` (only without v2-tensorshape off)       ``shape=(?, 3)``
 4  ``... for Tensor x:0, which has shape (?, 3)``              ``... for Tensor 'x:0', which has
                                                                shape '(?, 3)'``
 5  ``Argument `fetch` = X has invalid type "int" must be``    ``Fetch argument X has invalid type
                                                                <class 'int'>, must be``
 6  ``Argument `fetch` = None has invalid type "NoneType".``   ``Fetch argument None has invalid
    ``Cannot be None``                                           type <class 'NoneType'>``
 7  ``Argument `fetch` = Tensor("b:0", shape=(), ...)``        ``Fetch argument <tf.Tensor 'b:0'
    ``cannot be interpreted``                                    shape=() ...> cannot be
                                                                interpreted``
 8  ``must be from the same graph as X (graphs are ...).``     ``must be from the same graph as X.``
 9  ``Expected int32, but got 1.5 of type 'float'.``           ``Expected int32, got 1.5 of type
                                                                'float' instead.``
10  ``for '{{node M}} = MatMul[...](a, b)' with input shapes``  ``for 'M' (op: 'MatMul') with input
                                                                shapes``
11  ```<b>` is not a valid node name. Accepted names ...``     ``'<b>' is not a valid node name``
12  ``'<b>' is not a valid root scope name. A root scope ...``  ``'<b>' is not a valid scope name``
13  ``Argument `graph` must be a tf.Graph, but got "int"``     ``graph must be a tf.Graph, but got
                                                                <class 'int'>``
14  ``... passed to the argument `feed_dict` with key ...``     ``... passed to the feed with key``
15  ``Variable x did not get an initializer, so its `shape` `` ``Shape of a new variable (x) must
    ``argument must be specified.``                              be fully defined, but instead was
                                                                <unknown>.``
16  ``<... object at 0x7f...>``                                 addresses are blanked on both sides
==  ==========================================================  ==================================

The reference facts behind the table are in the report ``/tmp/tfref/REFERENCE.md`` of the
session that wrote this corpus.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "tf1_corpus"
GOLDENS = HERE / "tf1_goldens"
REPO = HERE.parents[1]
TF_RUNNER = CORPUS / "run_tf.py"
NBGRAPH_RUNNER = CORPUS / "run_nbgraph.py"
DEFAULT_TF_PYTHON = "/tmp/tfref/bin/python"
REGEN_COMMAND = "python -m tests.engine.regen_goldens"
RUNNER_SETUP = ("tests/engine/tf1_corpus/run_tf.py: tensorflow = tensorflow.compat.v1, disable_v2_behavior(), "
                "disable_resource_variables(), no 'Graph execution error' interpolation")

#: the rules of normalise(), numbered as in the table above; a golden records the list in force
NORMALISATION_RULES = (
    "1 AddV2 -> Add",
    "2 'Graph execution error' wrapper lines dropped",
    "3 None dims in shapes -> ?",
    "4 feed-shape error quotes name and shape",
    "5 fetch of a wrong type: TF 1.15 text",
    "6 fetch None: TF 1.15 text",
    "7 fetch not in the graph: TF 1.15 text",
    "8 '(graphs are ...)' dropped",
    "9 'Expected T, got V of type U instead.'",
    "10 shape-function error names '<op>' (op: '<type>')",
    "11 invalid node name: first clause only",
    "12 invalid root scope name: TF 1.15 text",
    "13 Session(graph=...) type error: TF 1.15 text",
    "14 'passed to the feed with key'",
    "15 get_variable without shape: TF 1.15 text",
    "16 memory addresses blanked",
    "17 as_dtype of an unknown value: TF 1.15 text",
    "18 tf.complex part types: TF 1.15 text",
    "19 inspect_checkpoint tensor lines: TF 1.15 'tensor_name:  NAME'",
)


def programs() -> list[Path]:
    """Every corpus program, sorted by name."""
    return sorted(CORPUS.glob("p[0-9][0-9]*_*.py"))


# --------------------------------------------------------------------------- normalisation

def _tensor_str_to_repr(text: str) -> str:
    """`Tensor("b:0", shape=(), dtype=float32)` -> `<tf.Tensor 'b:0' shape=() dtype=float32>`."""
    m = re.fullmatch(r'Tensor\("([^"]+)", (?:shape=(\(.*?\)), )?dtype=(\w+)\)', text)
    if m is None:
        return "'" + text + "'"  # a name string: TF 1.15 formatted the fetch with %r
    name, shape, dtype = m.groups()
    return f"<tf.Tensor '{name}' shape={shape or '<unknown>'} dtype={dtype}>"


def _none_dims(match: re.Match) -> str:
    return re.sub(r"\bNone\b", "?", match.group(0))


_LINE_DROPS = [
    re.compile(r"^Graph execution error:$"),
    re.compile(r"^Detected at node .* defined at \(most recent call last\):$"),
    re.compile(r'^\s+File ".*", line \d+, in .*$'),
    re.compile(r"^Node: '.*'$"),
]

_REWRITES: list[tuple[re.Pattern, object]] = [
    # 1. TF 1.15: tf.add -> Add, `+` -> AddV2; TF 2: AddV2 for both.
    (re.compile(r"\bAddV2\b"), "Add"),
    # 3. unknown dimensions print as ? in TF 1.x
    (re.compile(r"shape=\([^)]*\)|TensorShape\(\[[^\]]*\]\)|which has shape '?\([^)]*\)"), _none_dims),
    # 4. feed shape: TF 1.15 formats name and shape with %r
    (re.compile(r"Cannot feed value of shape (\(.*?\)) for Tensor '?([^\s,']+)'?, which has shape '?(\(.*?\))'?"),
     r"Cannot feed value of shape \1 for Tensor '\2', which has shape '\3'"),
    # 6. fetch None
    (re.compile(r'Argument `fetch` = None has invalid type "NoneType"\. Cannot be None'),
     "Fetch argument None has invalid type <class 'NoneType'>"),
    # 5. fetch of a wrong type
    (re.compile(r'Argument `fetch` = (.*?) has invalid type "(\w+)" must be a string or Tensor\.'),
     r"Fetch argument \1 has invalid type <class '\2'>, must be a string or Tensor."),
    # 7. fetch that is not in the graph
    (re.compile(r"Argument `fetch` = (.*?) cannot be interpreted as a Tensor\."),
     lambda m: f"Fetch argument {_tensor_str_to_repr(m.group(1))} cannot be interpreted as a Tensor."),
    # 8. ops from two graphs
    (re.compile(r" \(graphs are <.*?> and <.*?>\)\."), "."),
    # 9. constant of the wrong type
    (re.compile(r"Expected (\w+), but got (.*?) of type '(\w+)'\."), r"Expected \1, got \2 of type '\3' instead."),
    # 10. shape-function errors at graph-construction time
    (re.compile(r"for '\{\{node ([^}]+)\}\} = (\w+)(?:\[.*?\])?\([^)]*\)' with input shapes"),
     r"for '\1' (op: '\2') with input shapes"),
    # 11. invalid op name
    (re.compile(r"`([^`]*)` is not a valid node name\. Accepted names conform to Regex .*$"),
     r"'\1' is not a valid node name"),
    # 12. invalid root name scope
    (re.compile(r"'(.*?)' is not a valid root scope name\. A root scope name has to match .*$"),
     r"'\1' is not a valid scope name"),
    # 13. Session(graph=...) of the wrong type
    (re.compile(r'Argument `graph` must be a tf\.Graph, but got "(\w+)"'),
     r"graph must be a tf.Graph, but got <class '\1'>"),
    # 14. a tf.Tensor used as a feed value
    (re.compile(r"which was passed to the argument `feed_dict` with key"), "which was passed to the feed with key"),
    # 15. get_variable without shape
    (re.compile(r"Variable (\S+) did not get an initializer, so its `shape` argument must be specified\."),
     r"Shape of a new variable (\1) must be fully defined, but instead was <unknown>."),
    # 16. memory addresses
    (re.compile(r" at 0x[0-9a-fA-F]+"), " at 0x?"),
    # 17. tf.as_dtype of an unknown value (TF 1.15's text)
    (re.compile(r"Cannot convert the argument `type_value`: (.*?) to a TensorFlow DType\."),
     r"Cannot convert value \1 to a TensorFlow DType."),
    # 18. tf.complex with mismatched part types (TF 1.15's text)
    (re.compile(r"The `real` and `imag` components have incorrect types: (\w+) (\w+)\. They must be "
                r"consistent, and one of \[tf\.float32, tf\.float64\]"), r"real and imag have incorrect types: \1 \2"),
    # 19. inspect_checkpoint's tensor lines (TF 1.15 printed "tensor_name:  NAME")
    (re.compile(r"^tensor: (\S+) \(\w+\) \[[\d, ]*\]$", re.M), r"tensor_name:  \1"),
]


def normalise(stdout: str) -> str:
    """Rewrite TF 2.x spellings into TF 1.15 ones (see the module docstring) line by line."""
    lines = []
    after_wrapper = False
    for line in stdout.splitlines():
        if any(p.match(line) for p in _LINE_DROPS) or (after_wrapper and not line):
            after_wrapper = line == "Graph execution error:"
            continue
        after_wrapper = False
        for pattern, replacement in _REWRITES:
            line = pattern.sub(replacement, line)
        lines.append(line.rstrip())
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"



# --------------------------------------------------------------------------- running

def _run(python: str, runner: Path, program: Path, extra_env: dict, timeout: int) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONHASHSEED": "0", **extra_env}
    return subprocess.run([python, str(runner), str(program)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=timeout)


def run_with_nbgraph(program: Path, timeout: int = 120) -> subprocess.CompletedProcess:
    """Run a corpus program with nbgraph as `tensorflow`, in a fresh subprocess of this interpreter."""
    pythonpath = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    return _run(sys.executable, NBGRAPH_RUNNER, program, {"PYTHONPATH": pythonpath}, timeout=timeout)


def run_with_tf(python: str, program: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run a corpus program under real TensorFlow (run_tf.py) with the interpreter `python`."""
    return _run(python, TF_RUNNER, program, {"TF_CPP_MIN_LOG_LEVEL": "3"}, timeout=timeout)


def tf_version(python: str) -> str | None:
    """TensorFlow's version under `python`, or None when it cannot import tensorflow."""
    try:
        probe = subprocess.run([python, "-c", "import tensorflow as tf; print(tf.__version__)"],
                               capture_output=True, text=True, timeout=300,
                               env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    except (OSError, subprocess.TimeoutExpired):
        return None
    return probe.stdout.strip().splitlines()[-1] if probe.returncode == 0 and probe.stdout.strip() else None


def find_tf_python() -> str | None:
    """The interpreter with TensorFlow: $NBGRAPH_TF_PYTHON when set (and only it, so setting it to a
    missing path means "no TensorFlow"), else /tmp/tfref/bin/python; None when neither imports it."""
    configured = os.environ.get("NBGRAPH_TF_PYTHON")
    candidate = configured if configured else DEFAULT_TF_PYTHON
    if Path(candidate).exists() and tf_version(candidate) is not None:
        return candidate
    return None


# --------------------------------------------------------------------------- goldens

def program_sha256(program: Path) -> str:
    """The digest a golden records of the program text it was made from."""
    return hashlib.sha256(program.read_bytes()).hexdigest()


def golden_path(program: Path) -> Path:
    return GOLDENS / f"{program.stem}.json"


@dataclass
class Golden:
    program: str
    program_sha256: str
    tensorflow: str
    runner: str
    normalisation: list[str]
    tf_stdout: list[str]
    expected: list[str]

    @property
    def expected_text(self) -> str:
        return "\n".join(self.expected) + "\n"

    @property
    def tf_stdout_text(self) -> str:
        return "".join(line + "\n" for line in self.tf_stdout)


def load_golden(program: Path) -> Golden | None:
    """The committed golden of a program, or None when there is none."""
    path = golden_path(program)
    if not path.exists():
        return None
    return Golden(**json.loads(path.read_text(encoding="utf-8")))


def make_golden(program: Path, stdout: str, version: str) -> Golden:
    """A golden of a program from TensorFlow's stdout."""
    return Golden(program=program.name, program_sha256=program_sha256(program), tensorflow=version,
                  runner=RUNNER_SETUP, normalisation=list(NORMALISATION_RULES),
                  tf_stdout=stdout.splitlines(), expected=normalise(stdout).splitlines())


def write_golden(program: Path, golden: Golden) -> Path:
    path = golden_path(program)
    GOLDENS.mkdir(exist_ok=True)
    path.write_text(json.dumps(golden.__dict__, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path

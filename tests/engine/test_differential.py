"""Differential test: every TF1 program in ``tf1_corpus/`` prints the same under nbgraph as
under real TensorFlow.

Each program ``tf1_corpus/pNN_*.py`` starts with ``import tensorflow as tf``. It runs twice,
each time in a fresh subprocess:

* **TensorFlow**, through ``tf1_corpus/run_tf.py``. There ``tensorflow`` is
  ``tensorflow.compat.v1`` with ``disable_v2_behavior()`` and ``disable_resource_variables()``.
  The interpreter comes from ``$NBGRAPH_TF_PYTHON``, else ``/tmp/tfref/bin/python``, else this
  interpreter if it can import tensorflow. Without one, the comparisons are skipped.
* **nbgraph**, through ``tf1_corpus/run_nbgraph.py`` (``sys.modules['tensorflow'] = nbgraph``)
  by this interpreter, with the repository root on ``PYTHONPATH``.

The two stdouts must be equal after ``normalise()``. That function rewrites the spellings in
which today's TensorFlow 2.x (the only one pip can install) differs from TF 1.15, which
nbgraph follows (DESIGN.md §2). It applies to both outputs, so either spelling compares
equal:

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

TensorFlow's outputs are cached in pytest's cache, keyed by the program text and the runner,
so a second run only runs nbgraph. Saved outputs also work: ``NBGRAPH_TF_OUT_DIR`` names a
directory of ``NAME.stdout`` + ``NAME.sha256`` files, and a matching pair is used instead of
running TensorFlow. ``python tests/engine/test_differential.py --save DIR`` writes such a
directory with TensorFlow. The reference facts behind the table are in the report
``/tmp/tfref/REFERENCE.md`` of the session that wrote this corpus.
"""
from __future__ import annotations

import difflib
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "tf1_corpus"
REPO = HERE.parents[1]
PROGRAMS = sorted(CORPUS.glob("p[0-9][0-9]_*.py"))
TF_RUNNER = CORPUS / "run_tf.py"
NBGRAPH_RUNNER = CORPUS / "run_nbgraph.py"
DEFAULT_TF_PYTHON = "/tmp/tfref/bin/python"


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

def _program_key(program: Path) -> str:
    digest = hashlib.sha256()
    for path in (program, TF_RUNNER, CORPUS / "corpus_helpers.py"):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _can_import_tensorflow(python: str) -> bool:
    try:
        probe = subprocess.run([python, "-c", "import tensorflow"], capture_output=True, timeout=300,
                               env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


def find_tf_python() -> str | None:
    """The interpreter that has TensorFlow: $NBGRAPH_TF_PYTHON, /tmp/tfref, or this one."""
    for candidate in (os.environ.get("NBGRAPH_TF_PYTHON"), DEFAULT_TF_PYTHON):
        if candidate and Path(candidate).exists() and _can_import_tensorflow(candidate):
            return candidate
    return None


def _run(python: str, runner: Path, program: Path, extra_env: dict, timeout: int) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONHASHSEED": "0", **extra_env}
    return subprocess.run([python, str(runner), str(program)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=timeout)


def run_with_tf(python: str, program: Path) -> subprocess.CompletedProcess:
    return _run(python, TF_RUNNER, program, {"TF_CPP_MIN_LOG_LEVEL": "3"}, timeout=600)


def run_with_nbgraph(program: Path) -> subprocess.CompletedProcess:
    pythonpath = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    return _run(sys.executable, NBGRAPH_RUNNER, program, {"PYTHONPATH": pythonpath}, timeout=300)


def _saved_output(program: Path) -> str | None:
    directory = os.environ.get("NBGRAPH_TF_OUT_DIR")
    if not directory:
        return None
    out, sha = Path(directory, program.stem + ".stdout"), Path(directory, program.stem + ".sha256")
    if out.exists() and sha.exists() and sha.read_text().strip() == _program_key(program):
        return out.read_text(encoding="utf-8")
    return None


# --------------------------------------------------------------------------- tests

@pytest.fixture(scope="session")
def tf_python():
    python = find_tf_python()
    if python is None:
        pytest.importorskip("tensorflow")  # skips here unless this interpreter has TensorFlow
        python = sys.executable
    return python


def _tf_stdout(program: Path, request) -> str:
    saved = _saved_output(program)
    if saved is not None:
        return saved
    key = f"nbgraph/tf1_corpus/{program.stem}"
    cache = getattr(request.config, "cache", None)  # absent under -p no:cacheprovider
    cached = cache.get(key, None) if cache is not None else None
    if cached and cached.get("sha") == _program_key(program):
        return cached["stdout"]
    python = request.getfixturevalue("tf_python")
    result = run_with_tf(python, program)
    assert result.returncode == 0, f"{program.name} failed under TensorFlow:\n{result.stderr[-4000:]}"
    if cache is not None:
        cache.set(key, {"sha": _program_key(program), "stdout": result.stdout})
    return result.stdout


@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_program_matches_tensorflow(program, request):
    expected = normalise(_tf_stdout(program, request))
    result = run_with_nbgraph(program)
    actual = normalise(result.stdout)
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            "tensorflow", "nbgraph", n=2))
        stderr = f"\n--- nbgraph stderr (exit {result.returncode}):\n{result.stderr[-3000:]}" if result.returncode else ""
        pytest.fail(f"{program.name}: nbgraph output differs from TensorFlow\n{diff[:8000]}{stderr}")


def test_corpus_is_plain_tf1_programs():
    assert len(PROGRAMS) >= 35
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


def _save(directory: Path) -> int:
    """Run every program under TensorFlow and save NAME.stdout / .stderr / .sha256 in directory."""
    python = find_tf_python() or sys.executable
    directory.mkdir(parents=True, exist_ok=True)
    failures = 0
    for program in PROGRAMS:
        result = run_with_tf(python, program)
        (directory / f"{program.stem}.stdout").write_text(result.stdout, encoding="utf-8")
        (directory / f"{program.stem}.stderr").write_text(result.stderr, encoding="utf-8")
        (directory / f"{program.stem}.sha256").write_text(_program_key(program) + "\n")
        failures += result.returncode != 0
        print(f"{program.stem}: exit {result.returncode}")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--save":
        sys.exit(_save(Path(sys.argv[2])))
    print("usage: python tests/engine/test_differential.py --save DIR")
    sys.exit(2)

"""The "Python 3 (nbgraph)" kernel, started the way Jupyter starts it (jupyter_client, by
kernelspec name), `python -m nbgraph install-kernel`, nbgraph in a plain "python3" kernel, and a
kernel on a machine without graphviz's `dot`."""
from __future__ import annotations

import json
import os
import pathlib
import re
import subprocess
import sys

import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

pytestmark = [pytest.mark.notebook, pytest.mark.timeout(300)]  # a real kernel per module

LESSON = """\
a = tf.constant([1.0, 2.0], name="a")
b = tf.constant([2.0, 3.0], name="b")
result = tf.add(a, b)
with tf.Session() as sess:
    print(sess.run(result))
"""


class Kernel:
    """A running kernel; `run(code)` returns what the cell printed, displayed and raised."""

    def __init__(self, name, env=None, spec_manager=None):
        self.km = KernelManager(kernel_name=name, **({"kernel_spec_manager": spec_manager} if spec_manager else {}))
        self.km.start_kernel(env=env if env is not None else _clean_env())
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)

    def run(self, code, timeout=30):
        out = {"stdout": "", "stderr": "", "data": [], "error": None, "status": None, "traceback": []}

        def hook(msg):
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                out[content["name"]] += content["text"]
            elif kind in ("display_data", "execute_result"):
                out["data"].append(content["data"])
            elif kind == "error":
                out["error"] = f"{content['ename']}: {content['evalue']}"
                out["traceback"] = content["traceback"]
        reply = self.kc.execute_interactive(code, output_hook=hook, timeout=timeout, allow_stdin=False)
        out["status"] = reply["content"]["status"]
        return out

    def value(self, expr):
        """`print(repr(expr))` in the kernel, read back."""
        got = self.run(f"print(repr({expr}))")
        assert got["error"] is None, got["error"]
        return got["stdout"].strip()

    def stop(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


def _clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("NBGRAPH_")}
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def nbgraph_kernel():
    if "nbgraph" not in KernelSpecManager().find_kernel_specs():
        pytest.fail("the 'nbgraph' kernelspec is not installed: run `python -m nbgraph install-kernel`")
    k = Kernel("nbgraph")
    yield k
    k.stop()


@pytest.fixture
def kernel():
    started = []

    def start(name, **kw):
        started.append(Kernel(name, **kw))
        return started[-1]
    yield start
    for k in started:
        k.stop()


# -- the nbgraph kernel ------------------------------------------------------------------------
def test_kernelspec_is_found_by_name():
    spec = KernelSpecManager().get_kernel_spec("nbgraph")
    assert spec.display_name == "Python 3 (nbgraph)"
    assert spec.language == "python"
    assert spec.argv[1:3] == ["-m", "nbgraph.kernel"]


def test_extension_is_loaded(nbgraph_kernel):
    assert nbgraph_kernel.value("'nbgraph' in get_ipython().extension_manager.loaded") == "True"
    got = nbgraph_kernel.run("%nbgraph --help")
    assert got["error"] is None
    assert got["stdout"].startswith("usage: %nbgraph {graph,placement,step,sessions,reset,lesson,alias")


def test_import_tensorflow_gives_nbgraph(nbgraph_kernel):
    got = nbgraph_kernel.run("import tensorflow as tf\nimport nbgraph\n"
                             "print(tf is nbgraph, tf.Session is nbgraph.Session, tf.Session.__module__)\n" + LESSON)
    assert got["error"] is None, got["error"]
    assert got["stdout"] == "True True nbgraph.engine.session\n[3. 5.]\n"
    assert got["stderr"] == ""
    shown = nbgraph_kernel.run("result")["data"]
    assert "image/svg+xml" in shown[0] and shown[0]["text/plain"] == "<tf.Tensor 'Add:0' shape=(2,) dtype=float32>"


def test_an_error_shows_the_cell_and_names_it_not_nbgraphs_frames(nbgraph_kernel):
    got = nbgraph_kernel.run("import tensorflow as tf\nw = tf.Variable([1.0], name='w')\n"
                             "s = tf.Session()\ns.run(w * 2.0)")
    text = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(got["traceback"]))
    [n] = re.findall(r"Cell In\[(\d+)\], line 4", text)               # the failing cell's number
    assert got["error"] == ("FailedPreconditionError: Attempting to use uninitialized value w\n"
                            f"\t [[node w/read (defined at Cell In[{n}], line 2) ]]")
    assert "left out: %nbgraph traceback full shows them" in text
    assert "nbgraph/engine" not in text and "session.py" not in text and "ipykernel_" not in text


# -- python -m nbgraph install-kernel ------------------------------------------------------------
def test_install_kernel_twice_then_run_it(tmp_path, kernel):
    def install():
        return subprocess.run([sys.executable, "-m", "nbgraph", "install-kernel", "--prefix", str(tmp_path)],
                              capture_output=True, text=True, timeout=60, env=_clean_env())

    first = install()
    assert first.returncode == 0, first.stderr
    spec_dir = tmp_path / "share" / "jupyter" / "kernels" / "nbgraph"
    files = {p.name: p.read_bytes() for p in spec_dir.iterdir()}
    second = install()   # idempotent: replaces the spec with the same one
    assert second.returncode == 0, second.stderr
    assert "installed kernelspec 'nbgraph'" in second.stdout and str(spec_dir) in second.stdout
    assert {p.name: p.read_bytes() for p in spec_dir.iterdir()} == files
    spec = json.loads(files["kernel.json"])
    assert spec["display_name"] == "Python 3 (nbgraph)"
    assert spec["argv"][0] == sys.executable and pathlib.Path(spec["argv"][0]).exists()

    k = kernel("nbgraph", spec_manager=KernelSpecManager(kernel_dirs=[str(spec_dir.parent)]))
    assert k.km.kernel_spec.resource_dir == str(spec_dir)
    assert k.value("(tf.__name__, 'nbgraph' in get_ipython().extension_manager.loaded) "
                   "if (tf := __import__('tensorflow')) else None") == "('nbgraph', True)"


# -- nbgraph in a plain Python kernel ------------------------------------------------------------
def test_plain_python_kernel(kernel):
    k = kernel("python3")
    assert k.value("'nbgraph' in get_ipython().extension_manager.loaded") == "False"
    first = k.run("import nbgraph as tf")
    assert first["error"] is None
    hint = first["stdout"] + first["stderr"]
    assert "%load_ext nbgraph" in hint and "Python 3 (nbgraph)" in hint, hint   # says how, once
    ran = k.run(LESSON)
    assert (ran["error"], ran["stdout"], ran["stderr"]) == (None, "[3. 5.]\n", "")
    assert "%load_ext" not in ran["stdout"]                                          # only once
    missing = k.run("%nbgraph --help")   # IPython's UsageError: one line on stderr
    assert missing["status"] == "error" and "Line magic function `%nbgraph` not found" in missing["stderr"]
    loaded = k.run("%load_ext nbgraph")
    assert (loaded["status"], loaded["stdout"], loaded["stderr"]) == ("ok", "", "")
    assert k.run("%nbgraph --help")["stdout"].startswith("usage: %nbgraph")
    shown = k.run("result")["data"]
    assert "image/svg+xml" in shown[0]


# -- no graphviz `dot` on the kernel's machine ---------------------------------------------------
def test_lesson_runs_without_dot_and_says_what_to_install(tmp_path, kernel):
    from nbgraph.tutor.compare import outputs_match
    empty = tmp_path / "bin"
    empty.mkdir()
    path = os.pathsep.join([str(empty), str(pathlib.Path(sys.executable).parent)])
    k = kernel("nbgraph", env=_clean_env(PATH=path))
    assert k.value("__import__('shutil').which('dot')") == "None"
    ran = k.run("import tensorflow as tf\n" + LESSON)
    assert ran["error"] is None and outputs_match(ran["stdout"], "[ 3.  5.]")
    shown = k.run("result")["data"][0]
    assert "image/svg+xml" not in shown
    assert "graphviz" in shown["text/html"] and "Add:0" in shown["text/html"]
    drawn = k.run("%nbgraph graph")
    assert drawn["error"] is None and "graphviz" in drawn["stdout"] + json.dumps(drawn["data"])
    stepped = k.run("from nbgraph.widgets import Stepper\ns = Stepper(result)\ns.last()\nprint(s.explanation())\ns")
    assert stepped["error"] is None and "[3. 5.]" in stepped["stdout"]
    assert "graphviz" in k.value("s.picture.value")


# -- Binder's configuration (binder/check builds it for real, in CI) ------------------------------
def test_binder_config_is_what_repo2docker_expects():
    binder = pathlib.Path(__file__).resolve().parents[2] / "binder"
    requirements = [line.split("#")[0].strip() for line in (binder / "requirements.txt").read_text().splitlines()]
    assert ".[tensorboard]" in requirements and any(r.startswith("jupyterlab") for r in requirements)
    assert "graphviz" in (binder / "apt.txt").read_text().split()
    assert (binder / "runtime.txt").read_text().strip() == "python-3.11"
    post_build = (binder / "postBuild").read_text()
    assert post_build.startswith("#!/bin/bash\n") and "\nset -e" in post_build
    assert "python -m nbgraph install-kernel --sys-prefix" in post_build
    assert "ipython_kernel_config.py" in post_build and "jupyter trust notebooks/*.ipynb" in post_build
    for script in ("postBuild", "check"):
        assert os.access(binder / script, os.X_OK), f"binder/{script} is not executable"
        syntax = subprocess.run(["bash", "-n", str(binder / script)], capture_output=True, text=True)
        assert syntax.returncode == 0, syntax.stderr


def test_with_a_real_tensorflow_installed_the_kernel_still_uses_nbgraph_and_says_so_once(tmp_path, kernel):
    fake = tmp_path / "tensorflow"
    fake.mkdir()
    (fake / "__init__.py").write_text("REAL = True\n")
    k = kernel("nbgraph", env=_clean_env(PYTHONPATH=str(tmp_path)))
    first = k.run("import tensorflow as tf\nprint(tf.__name__, hasattr(tf, 'REAL'))")
    assert first["error"] is None, first["error"]
    assert first["stdout"].splitlines()[0] == "nbgraph False"
    assert first["stdout"].count("a real TensorFlow is installed too") == 1
    second = k.run("print(tf.Session.__module__)")
    assert second["stdout"] == "nbgraph.engine.session\n"      # said once, not on every cell
    off = k.run("%nbgraph alias tensorflow off\nimport tensorflow as tf\nprint(tf.REAL)")
    assert off["error"] is None and off["stdout"].endswith("True\n")

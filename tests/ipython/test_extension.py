"""`%load_ext nbgraph`, `%reload_ext`, `%unload_ext`, rich display — and plain Python untouched."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest
from IPython.core.error import UsageError

from nbgraph.ipython import display as nb_display
from nbgraph.ipython import extension
from tests.render.markup import html_scan, op_nodes


def footprint(shell):
    """What loading can add: mimebundle printers for our types, event callbacks, magics."""
    fmt = shell.display_formatter.mimebundle_formatter
    ours = [cls for cls in nb_display.DISPLAYED_TYPES if cls in fmt.type_printers]
    events = {name: len(shell.events.callbacks[name]) for name in ("pre_run_cell", "post_run_cell")}
    magics = {kind: sorted(shell.magics_manager.magics[kind]) for kind in ("line", "cell")}
    return len(ours), events, magics, sorted(shell.magics_manager.registry)


def test_load_registers_the_magic_the_display_and_the_hooks(shell):
    assert "nbgraph" in shell.magics_manager.magics["line"]
    assert "nbgraph" in shell.magics_manager.magics["cell"]
    ours, _, _, registry = footprint(shell)
    assert ours == len(nb_display.DISPLAYED_TYPES)
    assert shell.events.callbacks["pre_run_cell"].count(extension._before_cell) == 1
    assert shell.events.callbacks["post_run_cell"].count(extension._after_cell) == 1
    assert extension.is_loaded(shell) and registry.count("NbgraphMagics") == 1


def test_reload_twice_doubles_nothing(shell, run, lesson_add):
    run("pass")
    before = footprint(shell)
    run("%reload_ext nbgraph")
    run("%reload_ext nbgraph")
    run("pass")
    assert footprint(shell) == before
    shown = run("display(result)")
    assert len(shown.of("image/svg+xml")) == 1
    assert len(shown.outputs) == 1


def test_load_again_says_already_loaded_and_changes_nothing(shell, run):
    before = footprint(shell)
    out = run("%load_ext nbgraph")
    assert "already loaded" in out.stdout
    assert footprint(shell) == before


def test_unload_removes_everything_it_added(shell, run, lesson_add):
    run("%unload_ext nbgraph")
    ours, events, magics, registry = footprint(shell)
    assert ours == 0 and "NbgraphMagics" not in registry
    assert "nbgraph" not in magics["line"] + magics["cell"]
    assert extension._before_cell not in shell.events.callbacks["pre_run_cell"]
    assert extension._after_cell not in shell.events.callbacks["post_run_cell"]
    with pytest.raises(UsageError, match="not found"):
        shell.run_line_magic("nbgraph", "graph")
    shown = run("display(result)")
    assert shown.outputs == [{"text/plain": "<tf.Tensor 'Add:0' shape=(2,) dtype=float32>"}]  # TF's repr


# -- rich display -----------------------------------------------------------------------------
@pytest.mark.needs_dot
def test_a_tensor_displays_as_svg_with_tfs_repr_as_text(shell, run, lesson_add):
    shown = run("display(result)")
    [bundle] = shown.outputs
    assert bundle["text/plain"] == repr(shell.user_ns["result"]) == "<tf.Tensor 'Add:0' shape=(2,) dtype=float32>"
    assert set(op_nodes(bundle["image/svg+xml"])) == {"a", "b", "Add"}


@pytest.mark.needs_dot
@pytest.mark.parametrize("expr, text, nodes", [      # text/plain: what TF 1.15 prints for each
    ("tf.get_default_graph()", r"<[\w.]*Graph object at 0x[0-9a-f]+>", {"a", "b", "Add", "v", "v/Assign", "v/read",
                                                                        "v/initial_value"}),
    ("result.op", re.escape("<tf.Operation 'Add' type=Add>"), {"a", "b", "Add"}),
    ("v", re.escape("<tf.Variable 'v:0' shape=(1,) dtype=float32_ref>"), {"v", "v/Assign", "v/read", "v/initial_value"}),
    ("result", re.escape("<tf.Tensor 'Add:0' shape=(2,) dtype=float32>"), {"a", "b", "Add"}),
])
def test_graph_operation_variable_and_tensor_display_as_pictures(shell, run, lesson_add, expr, text, nodes):
    run("v = tf.Variable([1.0], name='v')")
    [bundle] = run(f"display({expr})").outputs
    assert set(bundle) == {"text/plain", "image/svg+xml"}
    assert re.fullmatch(text, bundle["text/plain"]), bundle["text/plain"]
    assert set(op_nodes(bundle["image/svg+xml"])) == nodes


def test_a_session_displays_as_a_card(run, lesson_add):
    run("sess = tf.Session()")
    [bundle] = run("display(sess)").outputs
    # TF 1.15 printed <tensorflow.python.client.session.Session object at 0x...>; nbgraph names its own class
    assert re.fullmatch(r"<[\w.]+\.Session object at 0x[0-9a-f]+>", bundle["text/plain"]), bundle["text/plain"]
    assert "nbgraph-session" in bundle["text/html"]
    text = html_scan(bundle["text/html"])[1]
    assert re.fullmatch(r"Session #\d+", text[0]) and text[1:5] == [" ", "open", "state", "open"], text
    assert [text[i + 1] for i, t in enumerate(text) if t in ("config", "devices", "initialised variables")] == [
        "(default)", "CPU:0", "none"]
    import nbgraph as tf
    assert text[text.index("graph") + 1] == f"graph {tf.get_default_graph().serial} (3 ops)"   # no address
    assert "0x" not in bundle["text/html"]


def test_without_dot_display_shows_text_and_a_message_not_a_traceback(run, lesson_add, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    shown = run("display(result)")
    [bundle] = shown.outputs
    assert set(bundle) == {"text/plain", "text/html"}
    assert bundle["text/plain"] == "<tf.Tensor 'Add:0' shape=(2,) dtype=float32>"
    assert "'graphviz'" in " ".join(html_scan(bundle["text/html"])[1])
    assert shown.stderr == ""


def test_without_dot_the_graph_magic_prints_one_line(run, lesson_add, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    shown = run("%nbgraph graph")
    assert shown.outputs == [] and shown.stderr == ""
    [line] = shown.stdout.splitlines()
    assert "'graphviz'" in line and "Traceback" not in line


def test_a_graph_too_big_to_draw_displays_a_message(run):
    run("g = tf.Graph()\nwith g.as_default():\n    x = tf.constant(1.0)\n    for i in range(500): x = x + 1.0")
    [bundle] = run("display(g)").outputs
    assert "depth=1" in bundle["text/html"] and "image/svg+xml" not in bundle


# -- plain Python -----------------------------------------------------------------------------
def test_plain_python_never_imports_ipython_widgets_or_graphviz():
    code = ("import sys, nbgraph as tf\n"
            "a = tf.constant([1.0, 2.0], name='a')\n"
            "print(repr(a), tf.Session().run(a))\n"
            "print(sorted(m for m in ('IPython', 'ipywidgets', 'graphviz', 'ipykernel') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.splitlines() == ["<tf.Tensor 'a:0' shape=(2,) dtype=float32> [1. 2.]", "[]"]
    assert out.stderr == ""


@pytest.mark.needs_dot
def test_a_scoped_graph_too_big_to_draw_displays_collapsed_and_says_so(run):
    run("g = tf.Graph()\n"
        "with g.as_default():\n"
        "    x = tf.constant(1.0, name='x')\n"
        "    for s in range(5):\n"
        "        with tf.name_scope(f'layer{s}'):\n"
        "            for i in range(100): x = tf.add(x, x)")
    [bundle] = run("display(g)").outputs
    svg = bundle["image/svg+xml"]
    assert "501 ops, collapsed by name scope (over the limit of 400 nodes)" in svg
    assert "layer4/" in svg and "text/html" not in bundle

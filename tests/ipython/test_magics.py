"""`%nbgraph` and `%%nbgraph`: every subcommand, its --help, and one-line UsageErrors."""
from __future__ import annotations

import re
import sys
import types

import pytest
from IPython.core.error import UsageError

import nbgraph as tf
from nbgraph.engine.session import open_sessions
import nbgraph.tutor.magic  # noqa: F401,E402  (registers `%nbgraph lesson` in PARSERS, as `%load_ext nbgraph` does)
from nbgraph.ipython.magics import PARSERS
from nbgraph.render import style as S
from nbgraph.widgets import PlacementLog, Stepper
from tests.render.markup import html_scan, op_nodes, texts
CPU0 = "/job:localhost/replica:0/task:0/device:CPU:0"


# -- %nbgraph graph -------------------------------------------------------------------------
@pytest.mark.needs_dot
def test_graph_shows_the_default_graph_as_svg(run, lesson_add):
    shown = run("%nbgraph graph")
    [svg] = shown.of("image/svg+xml")
    assert set(op_nodes(svg)) == {"a", "b", "Add"}


@pytest.mark.needs_dot
def test_graph_of_a_tensor_draws_what_it_needs(run, lesson_add):
    run("other = tf.negative(a, name='other')")
    [svg] = run("%nbgraph graph result --rankdir LR").of("image/svg+xml")
    assert set(op_nodes(svg)) == {"a", "b", "Add"}
    assert "+ 1 more op in the graph, not needed here" in svg


def test_graph_dot_prints_the_dot_source(run, lesson_add):
    shown = run("%nbgraph graph --dot --depth 1 --no-shapes")
    assert shown.stdout.startswith("digraph nbgraph {")
    assert "float32>" not in shown.stdout and shown.outputs == []


@pytest.mark.needs_dot
def test_cell_magic_highlights_exactly_the_ops_the_cell_added(run, lesson_add):
    shown = run("%%nbgraph\nc = result * 2.0\nd = tf.negative(c, name='d')")
    [svg] = shown.of("image/svg+xml")
    nodes = op_nodes(svg)
    assert set(nodes) == {"a", "b", "Add", "mul/y", "mul", "d"}
    highlighted = {n for n, v in nodes.items() if v["stroke"] == S.HIGHLIGHT["color"]}
    assert highlighted == {"mul/y", "mul", "d"}
    assert "nbgraph: the cell added 3 op(s): mul/y, mul, d" in shown.stdout


@pytest.mark.needs_dot
def test_cell_magic_shows_the_placement_records_the_cell_produced(run, lesson_add):
    run("old = tf.Session()\nold.run(a)")
    shown = run("%%nbgraph\n"
                "c = result * 2.0\n"
                "with tf.Session(config=tf.ConfigProto(log_device_placement=True)) as sess:\n"
                "    print(sess.run(c))")
    assert f"mul: (Mul): {CPU0}" in shown.stdout          # TF's lines, in the cell's output
    assert "[ 6. 10.]" in shown.stdout
    [table] = shown.of("text/html")
    tags, text = html_scan(table)
    assert {"Add", "mul", "a", "b", "mul/y"} <= set(text)
    assert text.count(CPU0) == 5                        # this cell's records only, once each


def test_cell_magic_in_table_mode_shows_each_record_once(shell, run, lesson_add):
    magics = shell.magics_manager.registry["NbgraphMagics"]
    magics.placement_display = "table"
    shown = run("%%nbgraph\nwith tf.Session() as sess:\n    sess.run(result)")
    tables = [t for t in shown.of("text/html") if "nbgraph-table" in t]
    assert len(tables) == 1 and tables[0].count("<tr>") == 4     # header + a, b, Add
    plain = run("with tf.Session() as sess:\n    sess.run(result)")
    assert len([t for t in plain.of("text/html") if "nbgraph-table" in t]) == 1


def test_cell_magic_that_raises_still_shows_the_error_once(run, lesson_add):
    shown = run("%%nbgraph\nc = result * 2.0\nraise ValueError('boom')", ok=False)
    assert shown.text.count("ValueError: boom") == 1, shown.text
    assert shown.text.count("Traceback") == 1 and shown.text.count("raise ValueError('boom')") == 1
    assert shown.text.count("nbgraph: the cell added 2 op(s): mul/y, mul") == 1
    assert shown.text.splitlines()[-1] == "the %%nbgraph cell raised ValueError (traceback above)"


def test_placement_lines_land_in_the_cell_output(run, lesson_add):
    shown = run("sess = tf.Session(config=tf.ConfigProto(log_device_placement=True))\nprint(sess.run(result))")
    lines = shown.stdout.splitlines()
    assert lines[0] == "Device mapping: no known devices."
    assert lines[1:4] == [f"Add: (Add): {CPU0}", f"a: (Const): {CPU0}", f"b: (Const): {CPU0}"]
    assert lines[4] == "[3. 5.]"


# -- --help and mistakes ---------------------------------------------------------------------
@pytest.mark.parametrize("sub", sorted(PARSERS))
def test_every_subcommand_has_help(run, sub):
    for flag in ("--help", "-h"):
        out = run(f"%nbgraph {sub} {flag}").stdout
        assert out.startswith(f"usage: %nbgraph {sub}"), out
        assert PARSERS[sub].description in out


def test_bare_magic_lists_the_subcommands(run):
    out = run("%nbgraph").stdout
    assert out.splitlines()[0].startswith("usage: %nbgraph {graph,placement,step,sessions,reset,lesson,alias,traceback}")
    assert all(f"  {sub}" in out for sub in PARSERS)


@pytest.mark.parametrize("line,accepted", [
    ("foo", "{graph,placement,step,sessions,reset,lesson,alias,traceback}"),
    ("graph 42", "expected a Graph, Tensor, Operation or Variable"),
    ("graph undefined_name", "cannot evaluate graph target 'undefined_name'"),
    ("graph --rankdir XY", "choose from 'TB', 'LR', 'BT', 'RL'"),
    ("graph --depth x", "usage: %nbgraph graph"),
    ("graph --depth 0", "depth must be a positive int"),
    ("graph --bogus", "usage: %nbgraph graph"),
    ("step 42", "expected a Tensor, Operation, Variable"),
    ("step", "usage: %nbgraph step"),
    ("placement 42", "not a Session"),
    ("alias tensorflow maybe", "choose from 'on', 'off'"),
    ("alias numpy on", "choose from 'tensorflow'"),
    ("lesson no_such_lesson", "00_original_graphs_and_sessions"),
    ("sessions extra", "usage: %nbgraph sessions"),
])
def test_mistakes_are_one_line_usage_errors_that_say_what_is_accepted(shell, run, lesson_add, line, accepted):
    with pytest.raises(UsageError) as err:
        shell.run_line_magic("nbgraph", line)
    message = str(err.value)
    assert "\n" not in message and accepted in message, message
    shown = run(f"%nbgraph {line}", ok=False)          # in a cell: the message, no traceback
    assert shown.stderr.strip() == f"UsageError: {message}"


def test_a_misspelt_subcommand_suggests_the_closest_one(shell, run):
    with pytest.raises(UsageError) as err:
        shell.run_line_magic("nbgraph", "graf")
    assert str(err.value) == ("unknown subcommand 'graf'; did you mean 'graph'? "
                              "usage: %nbgraph {graph,placement,step,sessions,reset,lesson,alias,traceback} ...  "
                              "(add --help to any subcommand)")
    shown = run("%nbgraph graf", ok=False)
    assert shown.stderr.strip() == f"UsageError: {err.value}"
    with pytest.raises(UsageError) as err:
        shell.run_line_magic("nbgraph", "zzz")
    assert str(err.value).startswith("unknown subcommand 'zzz'; usage: %nbgraph {")


def test_placement_without_any_session_says_how_to_make_one(shell, monkeypatch):
    from nbgraph.ipython import extension
    monkeypatch.setattr(extension, "sessions_alive", lambda: [])
    with pytest.raises(UsageError, match=r"^no session: create one \(tf.Session\(\)\) or name it: "
                                         r"%nbgraph placement sess$"):
        shell.run_line_magic("nbgraph", "placement")


def test_cell_magic_takes_no_arguments(shell):
    with pytest.raises(UsageError, match=r"^%%nbgraph takes no arguments: it runs the cell and shows what it added$"):
        shell.run_cell_magic("nbgraph", "foo", "x = 1")
    assert "x" not in shell.user_ns


def test_a_placement_error_while_stepping_is_tfs_message_without_a_traceback(shell, run):
    run("with tf.device('/gpu:3'):\n    c = tf.constant(1.0, name='c')")
    with pytest.raises(UsageError) as err:
        shell.run_line_magic("nbgraph", "step c")
    assert str(err.value).startswith("InvalidArgumentError: Cannot assign a device for operation c")


# -- alias, reset, sessions -----------------------------------------------------------------
def test_alias_makes_import_tensorflow_give_nbgraph_and_off_restores(shell, run, monkeypatch):
    monkeypatch.delitem(sys.modules, "tensorflow", raising=False)
    run("%nbgraph alias tensorflow on")
    assert run("import tensorflow as tf1\nprint(tf1 is tf, tf1.compat.v1 is tf)").stdout == "True True\n"
    assert run("%nbgraph alias tensorflow off").stdout == "nbgraph: `import tensorflow` restored\n"
    assert "tensorflow" not in sys.modules
    assert isinstance(run("import tensorflow", ok=False).result.error_in_exec, ImportError)


def test_alias_off_restores_a_tensorflow_imported_before(run, monkeypatch):
    real = types.ModuleType("tensorflow")
    monkeypatch.setitem(sys.modules, "tensorflow", real)
    assert "shadowed" in run("%nbgraph alias tensorflow on").stdout
    assert sys.modules["tensorflow"] is tf
    run("%nbgraph alias tensorflow off")
    assert sys.modules["tensorflow"] is real


def test_reset_closes_interactive_sessions_and_gives_a_fresh_default_graph(run, lesson_add):
    old_graph = tf.get_default_graph()
    run("isess = tf.InteractiveSession()\nplain = tf.Session()")
    out = run("%nbgraph reset").stdout
    assert out == "nbgraph: fresh default graph; closed 1 interactive session(s).\n"
    g = tf.get_default_graph()
    assert g is not old_graph and g.get_operations() == []
    assert tf.get_default_session() is None
    assert [type(s).__name__ for s in open_sessions()] == ["Session"]    # only interactive ones close


def test_reset_inside_a_graph_block_is_refused(shell, run):
    with tf.Graph().as_default():
        with pytest.raises(UsageError, match="cannot reset inside `with graph.as_default\\(\\):`"):
            shell.run_line_magic("nbgraph", "reset")


def test_sessions_lists_the_open_sessions_and_says_they_are_open(run, lesson_add):
    run("s1 = tf.Session()\ns2 = tf.InteractiveSession()\nclosed = tf.Session()\nclosed.close()")
    [bundle] = run("%nbgraph sessions").outputs
    assert bundle["text/plain"].splitlines()[0] == "2 open session(s):"
    text = " ".join(html_scan(bundle["text/html"])[1])
    assert "2 session(s) still open." in text
    run("s1.close(); s2.close()")
    assert run("%nbgraph sessions").outputs[0]["text/plain"] == "No open sessions."


def test_sessions_name_graphs_by_number_not_memory_address(shell, run, lesson_add):
    run("sess = tf.Session()\ng2 = tf.Graph()\nwith g2.as_default():\n    tf.constant(1.0)\nother = tf.Session(graph=g2)")
    n, n2 = tf.get_default_graph().serial, shell.user_ns["g2"].serial
    assert n2 > n
    [bundle] = run("%nbgraph sessions").outputs
    lines = bundle["text/plain"].splitlines()
    assert lines[1].endswith(f": graph {n} (3 ops); devices CPU:0; variables none"), lines
    assert lines[2].endswith(f": graph {n2} (1 op); devices CPU:0; variables none"), lines
    text = html_scan(bundle["text/html"])[1]
    assert f"graph {n} (3 ops)" in text and f"graph {n2} (1 op)" in text
    assert "0x" not in bundle["text/plain"] + bundle["text/html"]


# -- widgets from the magic: what they show ---------------------------------------------------------
def styled(stepper):
    """{op name: the fill the step's stylesheet gives its node} for every restyled node."""
    from tests.ipython.test_widgets import css_rules
    names = {v["id"]: name for name, v in op_nodes(stepper.picture.value).items()}
    fills = {}
    for node_id, decls in css_rules(stepper).items():
        found = re.findall(r"fill:(#[0-9a-f]+)", " ".join(decls))
        if found:
            fills[names[node_id]] = found[-1]
    return fills


def details(stepper):
    """The step's details as (label, value) pairs, and its explanation."""
    text = html_scan(stepper.details.value)[1]
    return text[0], dict(zip(text[1::2], text[2::2]))


@pytest.mark.needs_dot
def test_step_shows_each_op_with_its_values_and_highlights_the_current_one(run, lesson_add):
    [stepper] = run("%nbgraph step result").widgets
    assert isinstance(stepper, Stepper) and stepper.total == 3
    explanation, rows = details(stepper)
    assert rows["step"] == "1 of 3" and rows["node"] == "a (Const)" and rows["output"] == "[1. 2.]  shape=(2,) dtype=float32"
    assert styled(stepper) == {"a": S.CURRENT["fillcolor"]}
    stepper.last()
    explanation, rows = details(stepper)
    assert explanation == "Add adds a and b element-wise: [1. 2.] + [2. 3.] = [3. 5.]"
    assert rows["node"] == "Add (Add)" and rows["output"] == "[3. 5.]  shape=(2,) dtype=float32"
    assert styled(stepper) == {"a": S.DONE["fillcolor"], "b": S.DONE["fillcolor"], "Add": S.CURRENT["fillcolor"]}


def test_step_with_a_feed_shows_the_fed_value(run):
    run("x = tf.placeholder(tf.float32, shape=[2], name='x')\ny = x * 3.0")
    [stepper] = run("%nbgraph step y --feed '{x: [1.5, -2.0]}'").widgets
    stepper.last()
    explanation, rows = details(stepper)
    assert rows["input x:0"] == "[ 1.5 -2. ]"
    assert rows["output"] == "[ 4.5 -6. ]  shape=(2,) dtype=float32"
    assert explanation == "Mul multiplies x and mul/y element-wise: [ 1.5 -2. ] * 3. = [ 4.5 -6. ]"


def test_step_without_the_feed_fails_at_the_placeholder_with_tfs_error(run):
    run("x = tf.placeholder(tf.float32, shape=[2], name='x')\ny = x * 3.0")
    [stepper] = run("%nbgraph step y").widgets
    explanation, rows = details(stepper)
    assert rows["node"] == "x (Placeholder)"
    assert rows["error"] == ("InvalidArgumentError: You must feed a value for placeholder tensor 'x' "
                             "with dtype float and shape [2]")


def test_step_in_a_named_session_uses_that_sessions_variables(shell, run):
    run("v = tf.Variable(5.0, name='v')\ny = v * 2.0\n"
        "sess = tf.Session()\nsess.run(v.initializer)\nother = tf.Session()\nother.run(v.assign(7.0))")
    [stepper] = run("%nbgraph step y --session other").widgets
    assert stepper.session is shell.user_ns["other"]
    stepper.last()
    assert details(stepper)[1]["output"] == "14.  shape=() dtype=float32"
    [stepper] = run("%nbgraph step y --session sess").widgets
    stepper.last()
    assert details(stepper)[1]["output"] == "10.  shape=() dtype=float32"
    [stepper] = run("%nbgraph step y").widgets          # none named, none default: the one used last
    assert stepper.session is shell.user_ns["sess"]
    stepper.last()
    assert details(stepper)[1]["output"] == "10.  shape=() dtype=float32"
    run("sess.close()\nother.close()")
    [stepper] = run("%nbgraph step y").widgets          # no open session on the graph: its own, fresh
    stepper.last()
    explanation, rows = details(stepper)
    assert rows["error"] == "FailedPreconditionError: Attempting to use uninitialized value v"


def test_placement_shows_the_named_or_newest_sessions_rows_filtered(run, lesson_add):
    run("g2 = tf.Graph()\nwith g2.as_default():\n    z = tf.constant(0.0, name='z')\n"
        "only_z = tf.Session(graph=g2)\nonly_z.run(z)\nsess = tf.Session()\nsess.run(result)")
    [log] = run("%nbgraph placement sess --filter Const").widgets
    assert isinstance(log, PlacementLog) and log.filter.value == "Const"
    assert [r.node for r in log.rows] == ["a", "b"]
    assert [c for c in html_scan(log.table.value)[1] if c in ("a", "b", "Add", "z")] == ["a", "b"]
    [log] = run("%nbgraph placement only_z").widgets
    assert [c for c in html_scan(log.table.value)[1] if c in ("a", "b", "Add", "z")] == ["z"]
    [log] = run("%nbgraph placement").widgets            # the newest session
    assert [c for c in html_scan(log.table.value)[1] if c in ("a", "b", "z")] == ["a", "b"]
    assert [r.node for r in log.rows] == ["Add", "a", "b"]


def test_lesson_without_a_name_opens_the_original_lesson(run):
    [tutor] = run("%nbgraph lesson").widgets
    assert tutor.path.name == "00_original_graphs_and_sessions.ipynb" and tutor.position == 0


def test_lesson_opens_the_named_lesson_at_its_first_cell(run):
    from nbgraph.widgets import LessonTutor
    [tutor] = run("%nbgraph lesson 00_original_graphs_and_sessions").widgets
    assert isinstance(tutor, LessonTutor) and tutor.path.name == "00_original_graphs_and_sessions.ipynb"
    assert tutor.label.value == f"cell 1 of {len(tutor.cells)} (markdown)"
    assert tutor.cells[1].source == "import tensorflow as tf"


def test_placement_defaults_to_the_newest_session_even_closed_by_its_with_block(shell, run, lesson_add):
    run("with tf.Session() as sess:\n    sess.run(result)")
    [log] = run("%nbgraph placement").widgets
    assert log.session is shell.user_ns["sess"]
    assert [r.node for r in log.rows] == ["Add", "a", "b"]
    assert [c for c in html_scan(log.table.value)[1] if c in ("a", "b")] == ["a", "b"]
    placement_log = [v for v in shell.user_ns.values() if type(v).__name__ == "PlacementLog"]
    assert placement_log == []                     # shown, not left in the namespace


# -- %nbgraph graph options: what they change ------------------------------------------------------
def test_graph_rankdir_and_shapes_options_reach_the_drawing(run, lesson_add):
    default = run("%nbgraph graph --dot").stdout
    assert "rankdir=TB" in default and "label=<(2,) float32>" in default
    lr = run("%nbgraph graph --dot --rankdir LR --no-shapes").stdout
    assert "rankdir=LR" in lr and "float32>" not in lr


@pytest.mark.needs_dot
def test_graph_depth_collapses_scopes_into_one_node_with_its_op_count(run, lesson_add):
    run("with tf.name_scope('layer'):\n    c = a * 2.0\n    d = c + 1.0")
    [full] = run("%nbgraph graph").of("image/svg+xml")
    assert {"layer/mul", "layer/add"} <= set(op_nodes(full))
    [svg] = run("%nbgraph graph --depth 1").of("image/svg+xml")
    assert set(op_nodes(svg)) == {"a", "b", "Add"}
    assert "layer/" in texts(svg) and "4 ops" in texts(svg)


@pytest.mark.needs_dot
def test_graph_of_a_session_is_coloured_by_where_it_placed_each_node(run, lesson_add):
    tf.use_virtual_gpus(1)
    run("sess = tf.Session()\nsess.run(result)")
    [svg] = run("%nbgraph graph sess").of("image/svg+xml")
    assert "GPU:0 (virtual)" in svg and set(op_nodes(svg)) == {"a", "b", "Add"}


@pytest.mark.needs_dot
def test_graph_draws_gradients_and_the_optimizer_collapsed_unless_expanded(run):
    run("x = tf.constant([1.0, 2.0], name='x')\nw = tf.Variable(3.0, name='w')\n"
        "loss = tf.reduce_mean(tf.square(w * x), name='loss')\n"
        "train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)")
    [svg] = run("%nbgraph graph").of("image/svg+xml")
    assert "mul" in op_nodes(svg) and not any(n.startswith("gradients/") for n in op_nodes(svg))
    assert "gradients/" in texts(svg) and "GradientDescent/" in texts(svg)
    [opened] = run("%nbgraph graph --expand gradients").of("image/svg+xml")
    assert "gradients/mul_grad/Mul" in op_nodes(opened) and "GradientDescent/" in texts(opened)
    [everything] = run("%nbgraph graph --expand all").of("image/svg+xml")
    assert "GradientDescent/update_w/ApplyGradientDescent" in op_nodes(everything)

"""to_dot / to_svg: the lesson's graphs, name scopes as clusters, collapse by depth, the step
and highlight styles, device colours (their legend: test_legend.py), the node limit, subgraphs,
rankdir."""
from __future__ import annotations

import io
import re
from contextlib import redirect_stdout

import pytest

import nbgraph as tf
from nbgraph.render import RenderTooLarge, draw, options, svg_id, to_dot, to_svg
from nbgraph.render import style as S

from .conftest import build_big_graph
from .markup import op_nodes, parse, texts

LESSON_NAMES = {"v", "v/Assign", "v/read", "init"}


def node_line(dot, op):
    """The DOT statement that draws `op` (found by its SVG id)."""
    [line] = [ln for ln in dot.source.splitlines() if f"id={svg_id(op)} " in ln]
    return line


def tooltips(dot):
    """The names of the ops drawn (each op node's tooltip starts with its name)."""
    return {re.search(r'tooltip="([^"(]+) \(', ln).group(1) for ln in dot.source.splitlines() if " id=nbgop" in ln}


def tensor_node(op, index=0, ref=False):
    """The DOT name of the small text node that shows the shape of `op`'s output `index`."""
    return f"t{op.serial}_{index}" + ("r" if ref else "")


# -- the lesson's graphs ----------------------------------------------------------------------
@pytest.mark.parametrize("which,init_const", [(0, "v/Initializer/zeros"), (1, "v/Initializer/ones")])
def test_lesson_variable_graph_draws_every_node(lesson_graphs, which, init_const):
    g = lesson_graphs[which]
    assert tooltips(to_dot(g)) == LESSON_NAMES | {init_const}


@pytest.mark.needs_dot
def test_lesson_variable_graph_svg_names_every_node(lesson_graphs):
    nodes = op_nodes(to_svg(lesson_graphs[0]))
    assert set(nodes) == LESSON_NAMES | {"v/Initializer/zeros"}
    assert nodes["v"]["tooltip"] == "v (VariableV2)"
    assert "(1,) float32" in nodes["v"]["texts"]         # a variable shows its shape and dtype, as edges do
    assert "[0.]" in nodes["v/Initializer/zeros"]["texts"]  # a constant shows its value


def test_add_graph_draws_a_b_add_with_shapes_on_edges(add_graph):
    a, b, result = add_graph
    dot = to_dot(tf.get_default_graph())
    assert tooltips(dot) == {"a", "b", "Add"}
    for op in (a.op, b.op):   # op -> its output's shape as a text node -> the consumer
        t = tensor_node(op)
        assert re.search(rf'\t{t} \[label=<\(2,\) float32> .*shape=plaintext', dot.source)
        assert f"\top{op.serial} -> {t} [arrowhead=none]" in dot.source
        assert f"\t{t} -> op{result.op.serial}\n" in dot.source
    plain = to_dot(result, shapes=False).source
    assert "float32>" not in plain and f"op{a.op.serial} -> op{result.op.serial}" in plain


def test_a_scalar_edge_reads_scalar_not_empty_parentheses():
    x = tf.constant(2.0, name="x")
    y = tf.square(x, name="y")
    v = tf.Variable(1.0, name="v")
    src = to_dot(tf.get_default_graph()).source
    assert f"{tensor_node(x.op)} [label=<scalar float32>" in src
    assert "() float32" not in src and "scalar float32" in node_line(to_dot(v), v.op)   # the variable's own line
    assert f"{tensor_node(y.op)} " not in src   # nothing consumes y: no label


def test_variable_reads_and_assigns_are_drawn_as_reference_edges(lesson_graphs):
    g = lesson_graphs[0]
    v, assign, read = (g.get_operation_by_name(n) for n in ("v", "v/Assign", "v/read"))
    src = to_dot(g).source
    ref = tensor_node(v, ref=True)   # the variable itself, taken by Assign: bold, a diamond head
    assert f'op{v.serial} -> {ref} [arrowhead=none color="#15803d" style=bold]' in src
    assert f'{ref} -> op{assign.serial} [arrowhead=diamond color="#15803d" style=bold]' in src
    assert f"{tensor_node(v)} -> op{read.serial}\n" in src                          # its value, read: plain
    assert f'op{assign.serial} -> op{g.get_operation_by_name("init").serial} [arrowhead=odot color="#9333ea" ' \
           f'style=dotted]' in src                                                 # v/Assign -> init


# -- name scopes ------------------------------------------------------------------------------
def test_name_scopes_are_nested_clusters(lesson_graphs):
    src = to_dot(lesson_graphs[0]).source
    assert "subgraph cluster_s_v {" in src
    assert "subgraph cluster_s_v_2f_Initializer {" in src
    # the variable op and its assign/read sit inside the cluster of scope `v`
    inside_v = src.split("subgraph cluster_s_v {")[1].split("subgraph cluster_s_v_2f_Initializer")[0]
    assert all(f'tooltip="{n} (' in inside_v for n in ("v", "v/Assign", "v/read"))
    assert 'tooltip="init (' not in inside_v


def nested_graph():
    a = tf.constant([1.0, 2.0], name="a")
    with tf.name_scope("outer"):
        with tf.name_scope("inner"):
            y = a * 2.0 + 1.0          # mul, mul/y, add, add/y
        z = tf.negative(y)             # outer/Neg
    return z


def test_depth_1_collapses_each_top_level_scope_into_one_node_with_its_op_count(lesson_graphs):
    src = to_dot(lesson_graphs[0], depth=1).source
    assert "<B>v/</B><BR/>4 ops" in src
    assert "cluster" not in src.replace("cluster_legend", "")
    assert tooltips(to_dot(lesson_graphs[0], depth=1)) == {"init"}
    assert "subgraph cluster_legend" in src     # the only cluster left


def test_depth_2_opens_the_top_scope_and_collapses_the_next(lesson_graphs):
    nested_graph()
    src = to_dot(tf.get_default_graph(), depth=2).source
    assert "subgraph cluster_s_outer {" in src
    assert "<B>outer/inner/</B><BR/>4 ops" in src
    assert 'tooltip="outer/Neg (Neg)"' in src
    src1 = to_dot(tf.get_default_graph(), depth=1).source
    assert "<B>outer/</B><BR/>5 ops" in src1 and "cluster_s_outer" not in src1


def test_collapsed_scopes_keep_the_edges_between_them():
    nested_graph()
    src = to_dot(tf.get_default_graph(), depth=1).source
    [a] = [op for op in tf.get_default_graph().get_operations() if op.name == "a"]
    t = tensor_node(a)
    assert f"op{a.serial} -> {t} [arrowhead=none]" in src and f"{t} -> s_outer\n" in src
    assert f"{t} [label=<(2,) float32>" in src


@pytest.mark.parametrize("depth", [0, -1, 1.5, "2"])
def test_depth_must_be_a_positive_int(depth):
    nested_graph()
    with pytest.raises(ValueError, match=r"depth must be a positive int or None, got"):
        to_dot(tf.get_default_graph(), depth=depth)


@pytest.mark.needs_dot
def test_collapsed_scope_shows_its_op_count_in_the_svg(lesson_graphs):
    shown = texts(to_svg(lesson_graphs[0], depth=1))
    assert "v/" in shown and "4 ops" in shown


# -- step and highlight styles --------------------------------------------------------------
def test_highlight_current_done_and_failed_styles_are_in_the_dot(add_graph):
    a, b, result = add_graph
    c = tf.negative(result, name="c")
    dot = to_dot(tf.get_default_graph(), highlight=[result.op], current=b.op, done=[a.op], failed=c.op)
    styles = {"highlight": (result.op, S.HIGHLIGHT), "current": (b.op, S.CURRENT),
              "done": (a.op, S.DONE), "failed": (c.op, S.FAILED)}
    for name, (op, style) in styles.items():
        line = node_line(dot, op)
        for key, value in style.items():
            assert re.search(rf'\b{key}="?{re.escape(value)}"?[ \]]', line), (name, key, line)
    plain = to_dot(tf.get_default_graph())
    for op in (a.op, b.op, result.op, c.op):
        assert "penwidth" not in node_line(plain, op)


@pytest.mark.needs_dot
def test_highlight_reaches_the_svg_on_exactly_the_highlighted_ops(add_graph):
    a, b, result = add_graph
    nodes = op_nodes(to_svg(tf.get_default_graph(), highlight=[result.op]))
    assert {n for n, v in nodes.items() if v["stroke"] == S.HIGHLIGHT["color"]} == {"Add"}


# -- devices ----------------------------------------------------------------------------------
def placed_graph():
    """a, b pinned to /gpu:0; Add left to the placer; c pinned to the CPU; d asks for a GPU
    that does not exist (soft placement moves it)."""
    tf.use_virtual_gpus(2)
    with tf.device("/gpu:0"):
        a = tf.constant([1.0, 2.0], name="a")
        b = tf.constant([2.0, 3.0], name="b")
    result = tf.add(a, b)
    with tf.device("/cpu:0"):
        c = tf.negative(result, name="c")
    with tf.device("/gpu:7"):
        d = tf.square(c, name="d")
    sess = tf.Session(config=tf.ConfigProto(allow_soft_placement=True))
    sess.run(d)
    return sess


def fill_of(dot, name):
    op = tf.get_default_graph().get_operation_by_name(name)
    return re.search(r'fillcolor="([^"]+)"', node_line(dot, op)).group(1)


def test_nodes_are_coloured_by_the_device_the_session_placed_them_on():
    sess = placed_graph()
    assigned = {r.node: r.assigned for r in sess.placement_log}
    assert assigned["d"].endswith("GPU:0")  # asked for GPU:7, placed on GPU:0
    drawing = draw(tf.get_default_graph(), session=sess)
    dot = drawing.dot
    gpu, cpu = fill_of(dot, "a"), fill_of(dot, "c")
    assert gpu != cpu
    assert {fill_of(dot, n) for n in ("a", "b", "Add", "d")} == {gpu}
    assert drawing.legend.device_title == "devices"
    assert [(text, colour) for _d, colour, text in drawing.legend.devices] == [("CPU:0", cpu), ("GPU:0 (virtual)", gpu)]
    legend = dot.source.split("subgraph cluster_legend")[1]
    assert f'BGCOLOR="{gpu}" COLOR="#374151" BORDER="1"></TD><TD ALIGN="LEFT">GPU:0 (virtual)</TD>' in legend
    assert "GPU:7" not in legend and "GPU:1" not in legend


def test_without_a_session_the_legend_says_the_devices_are_only_requested():
    placed_graph()
    drawing = draw(tf.get_default_graph())
    legend = drawing.dot.source.split("subgraph cluster_legend")[1]
    assert "<I>requested devices</I>" in legend
    assert "virtual" not in legend
    # a picture coloured by device: a node that asked for none is white, and the legend says so
    assert fill_of(drawing.dot, "Add") == S.NO_DEVICE
    assert drawing.legend.no_device == "no device requested"
    assert [text for _d, _c, text in drawing.legend.devices] == ["CPU:0", "GPU:0", "GPU:7"]


def test_no_device_known_means_no_device_legend_and_kind_colours(add_graph):
    drawing = draw(tf.get_default_graph())
    assert drawing.legend.devices == () and drawing.legend.no_device is None and not drawing.legend.by_device
    assert "devices</I>" not in drawing.dot.source
    assert fill_of(drawing.dot, "Add") == S.KIND_STYLE["math"][1]


def test_dot_text_is_the_same_in_every_process():
    sess = placed_graph()
    src = to_dot(tf.get_default_graph(), session=sess).source
    assert src == to_dot(tf.get_default_graph(), session=sess).source
    # node names come from serial numbers and fixed words, never from ids or memory addresses
    assert set(re.findall(r"\b(legend_\w+) \[", src)) == {"legend_kind_constant", "legend_kind_math", "legend_table"}
    assert not re.search(r"0x[0-9a-f]{6,}", src)


@pytest.mark.needs_dot
def test_device_colours_reach_the_svg():
    sess = placed_graph()
    nodes = op_nodes(to_svg(tf.get_default_graph(), session=sess))
    assert nodes["a"]["fill"] == nodes["Add"]["fill"] != nodes["c"]["fill"]
    assert "GPU:0 (virtual)" in texts(to_svg(tf.get_default_graph(), session=sess))


# -- size limits ------------------------------------------------------------------------------
def test_max_nodes_option_limits_a_full_render(add_graph, monkeypatch):
    monkeypatch.setattr(options, "max_nodes", 2)
    with pytest.raises(RenderTooLarge, match=r"3 ops, over the render limit of 2 nodes"):
        to_dot(tf.get_default_graph())
    assert to_dot(tf.get_default_graph(), max_nodes=3)


def test_a_2000_op_graph_is_refused_in_full_and_drawn_collapsed():
    g = build_big_graph()
    assert len(g.get_operations()) == 2001
    with pytest.raises(RenderTooLarge) as err:
        to_dot(g)
    assert "depth=1" in str(err.value) and "max_nodes" in str(err.value)
    assert isinstance(err.value, ValueError)
    src = to_dot(g, depth=1).source
    assert len(re.findall(r"\ts_layer\d+ \[.*shape=box3d", src)) == 20
    assert "<B>layer0/</B><BR/>100 ops" in src
    # x feeds layer0, layer k's last add feeds layer k+1: through a shape label each
    assert len(re.findall(r"s_layer\d+ -> t\d+_0 ", src)) == 19
    assert len(re.findall(r"t\d+_0 -> s_layer\d+\n", src)) == 20


@pytest.mark.needs_dot
@pytest.mark.slow
def test_a_2000_op_graph_collapsed_renders_to_svg():
    shown = texts(to_svg(build_big_graph(), depth=1))
    assert "layer19/" in shown and "100 ops" in shown


# -- subgraphs --------------------------------------------------------------------------------
def test_drawing_a_tensor_draws_only_what_it_needs_and_says_what_was_left_out(add_graph):
    a, b, result = add_graph
    tf.constant(0.0, name="unrelated")
    tf.negative(a, name="other")
    dot = to_dot(result)
    assert tooltips(dot) == {"a", "b", "Add"}
    assert "+ 2 more ops in the graph, not needed here" in dot.source
    assert "more ops" not in to_dot(tf.get_default_graph()).source


@pytest.mark.needs_dot
def test_left_out_note_is_in_the_svg(add_graph):
    a, b, result = add_graph
    tf.constant(0.0, name="unrelated")
    assert "+ 1 more op in the graph, not needed here" in texts(to_svg(result))


def test_a_list_of_fetches_and_variables_can_be_drawn(lesson_graphs):
    g = lesson_graphs[0]
    v = g.get_collection(tf.GraphKeys.GLOBAL_VARIABLES)[0]
    assert tooltips(to_dot(v)) == {"v", "v/Assign", "v/read", "v/Initializer/zeros"}   # with its init and read
    assert tooltips(to_dot(v.op)) == {"v"}      # the VariableV2 op alone needs nothing
    assert tooltips(to_dot([g.get_operation_by_name("v/read")])) == {"v"} | {"v/read"}


def test_drawing_something_else_is_a_type_error():
    with pytest.raises(TypeError, match="cannot draw int: expected a Graph, Tensor, Operation or Variable"):
        to_dot(42)


def test_tensors_from_two_graphs_cannot_be_drawn_together(lesson_graphs):
    g1, g2 = lesson_graphs
    with pytest.raises(ValueError, match="different graph"):
        to_dot([g1.get_operation_by_name("v"), g2.get_operation_by_name("v")])


# -- options ----------------------------------------------------------------------------------
@pytest.mark.parametrize("rankdir", ["TB", "LR", "BT", "RL"])
def test_rankdir(add_graph, rankdir):
    assert f"rankdir={rankdir}" in to_dot(add_graph[2], rankdir=rankdir).source


def test_unknown_rankdir_is_a_value_error_listing_the_choices(add_graph):
    with pytest.raises(ValueError) as err:
        to_dot(add_graph[2], rankdir="XY")
    assert str(err.value) == "unknown rankdir 'XY' (must be one of 'TB', 'LR', 'BT', 'RL')"


@pytest.mark.needs_dot
def test_svg_is_well_formed_and_node_ids_are_the_svg_ids(add_graph):
    a, b, result = add_graph
    svg = to_svg(tf.get_default_graph())
    ids = {g.get("id") for g in parse(svg).iter("{http://www.w3.org/2000/svg}g")}
    assert {svg_id(a.op), svg_id(b.op), svg_id(result.op)} <= ids


def test_an_empty_graph_draws_an_empty_picture():
    assert "op" not in to_dot(tf.Graph()).source.split("edge [")[1].split("\n", 1)[1]


def test_a_collapsed_scope_shows_the_styles_of_the_ops_it_hides():
    z = nested_graph()
    g = tf.get_default_graph()
    mul = g.get_operation_by_name("outer/inner/mul")
    src = to_dot(g, depth=2, highlight=[z.op], current=mul).source
    [scope_line] = [ln for ln in src.splitlines() if ln.strip().startswith("s_outer_2f_inner [")]
    assert f'fillcolor="{S.CURRENT["fillcolor"]}"' in scope_line and "penwidth=4" in scope_line
    assert f'color="{S.HIGHLIGHT["color"]}"' in node_line(to_dot(g, depth=2, highlight=[z.op]), z.op)


def test_one_op_is_not_plural():
    tf.constant(1.0, name="c")
    with tf.name_scope("s"):
        tf.constant(1.0, name="k")
    assert "<B>s/</B><BR/>1 op>" in to_dot(tf.get_default_graph(), depth=1).source


# -- no `dot` program -------------------------------------------------------------------------
@pytest.fixture
def no_dot(monkeypatch, tmp_path):
    """PATH holds only an empty folder, so the graphviz `dot` program cannot be found."""
    monkeypatch.setenv("PATH", str(tmp_path))


def test_without_dot_to_svg_raises_dot_not_found_with_the_source(add_graph, no_dot):
    from nbgraph.render import DotNotFound
    with pytest.raises(DotNotFound) as err:
        to_svg(add_graph[2])
    message = str(err.value)
    assert "\n" not in message and "'graphviz'" in message
    assert err.value.source == to_dot(add_graph[2]).source
    assert err.value.source.startswith("digraph nbgraph {")


# -- layout cost ------------------------------------------------------------------------------
def test_big_pictures_write_shapes_in_the_producing_node_and_bound_the_layout_search(add_graph, monkeypatch):
    a, b, result = add_graph
    drawing = draw(tf.get_default_graph())
    src = drawing.dot.source
    assert f"{tensor_node(a.op)} [label=<(2,) float32>" in src and "mclimit" not in src
    assert drawing.legend.shapes == "edges"
    monkeypatch.setattr(options, "compact_above", 2)
    drawing = draw(tf.get_default_graph())
    src = drawing.dot.source
    assert "mclimit=0.1" in src and "nslimit=2" in src and "label" not in src.split("->", 1)[1].split("\n", 1)[0]
    assert f"{tensor_node(a.op)} " not in src and f"op{a.op.serial} -> op{result.op.serial} [tooltip=\"a:0: (2,) float32\"]" in src
    assert "\u2192 (2,) float32</FONT>" in node_line(drawing.dot, a.op)   # → the shape it makes
    assert "\u2192" not in node_line(drawing.dot, result.op)               # nothing uses Add's output
    assert drawing.legend.shapes == "nodes" and "in the node that makes it" in src


@pytest.mark.needs_dot
@pytest.mark.timeout(60)  # a hang here is the old minutes-long layout
def test_a_chain_sharing_one_constant_lays_out_in_seconds_not_minutes():
    g = build_big_graph(n_scopes=2, per_scope=100)   # plain edge labels took dot minutes here
    assert set(op_nodes(to_svg(g))) == {op.name for op in g.get_operations()}  # timed: bench/bench_limits.py


@pytest.mark.needs_dot
def test_a_layout_over_the_time_limit_is_a_render_timeout(add_graph, monkeypatch):
    from nbgraph.render import RenderTimeout
    monkeypatch.setattr(options, "timeout", 1e-4)
    with pytest.raises(RenderTimeout) as err:
        to_svg(tf.get_default_graph())
    assert isinstance(err.value, RenderTooLarge)
    assert "depth=1" in str(err.value) and "options.timeout" in str(err.value)


def test_a_device_keeps_its_colour_in_every_picture():
    tf.use_virtual_gpus(2)
    with tf.device("/gpu:1"):
        counter = tf.Variable(0.0, name="counter")
    step = tf.constant(1.0, name="step")
    sess = tf.Session()
    sess.run(counter.initializer)
    placed = draw(tf.get_default_graph(), session=sess)
    requested = draw(tf.get_default_graph())
    both = draw([counter, step], session=sess)

    def legend(drawing):
        return {text.split()[0]: colour for _d, colour, text in drawing.legend.devices}
    assert legend(placed)["GPU:1"] == legend(requested)["GPU:1"] == legend(both)["GPU:1"]
    assert legend(placed)["GPU:1"] != legend(placed)["GPU:0"]   # step went to GPU:0 by default

"""The legend of a picture lists exactly what the picture shows (node kinds, devices, marks, edge
kinds), in the SVG or as HTML beside it; one colour means one thing (red: a failure only); scalar
shapes read `scalar`; a shape label never sits on a scope border (checked with the real `dot`)."""
from __future__ import annotations

import colorsys
import json
import re
import subprocess

import pytest

import nbgraph as tf
from nbgraph.render import draw, to_svg
from nbgraph.render import style as S
from nbgraph.render.legend import Legend, add_to_dot, to_html

from .markup import SVG, html_scan, parse, texts


def is_red(colour: str) -> bool:
    """A colour a reader calls red: a hue within 20 degrees of red, and not washed out."""
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    hue, light, sat = colorsys.rgb_to_hls(r, g, b)
    return (hue < 20 / 360 or hue > 340 / 360) and sat > 0.5 and light < 0.85


def legend_texts(svg: str) -> list[str]:
    """Every text of the SVG's legend: its cluster's title and its nodes (ids `nbglegend…`)."""
    found = []
    for g in parse(svg).iter(SVG + "g"):
        title = g.find(SVG + "title")
        if (g.get("class") == "cluster" and title.text == "cluster_legend") or \
                (g.get("id") or "").startswith("nbglegend"):
            found += [el.text or "" for el in g.iter(SVG + "text")]
    return found


def lesson_variable_graph():
    v = tf.Variable([1.0], name="v")
    init = tf.global_variables_initializer()
    return v, init


# -- exactly what the picture shows -----------------------------------------------------------
def test_the_add_graph_legend_lists_its_two_kinds_and_data_edges_only():
    a = tf.constant([1.0, 2.0], name="a")
    tf.add(a, a, name="s")
    legend = draw(tf.get_default_graph()).legend
    assert legend.kinds == ("constant", "math")
    assert legend.edges == ("data",)
    assert (legend.devices, legend.no_device, legend.marks) == ((), None, ())
    assert [text for _s, _k, text in legend.entries()] == [
        "constant", "math op", "a tensor, labelled with its shape and dtype"]


def test_the_variable_graph_legend_lists_reference_and_control_edges():
    lesson_variable_graph()
    legend = draw(tf.get_default_graph()).legend
    assert legend.kinds == ("constant", "variable", "array", "state", "init")
    assert legend.edges == ("data", "reference", "control")


def test_edges_the_picture_leaves_out_are_not_in_the_legend():
    v, init = lesson_variable_graph()
    assert draw(v.value()).legend.edges == ("data",)           # v -> v/read only
    assert "control" not in draw(v.initializer).legend.edges    # no init in that picture
    assert draw(tf.get_default_graph(), shapes=False).legend.shapes == ""
    assert draw(tf.get_default_graph(), shapes=False).legend.edge_text("data") == "a tensor"


def test_marks_are_listed_only_when_a_node_shows_them():
    a = tf.constant(1.0, name="a")
    b = tf.negative(a, name="b")
    c = tf.square(b, name="c")
    assert draw(c).legend.marks == ()
    assert draw(c, highlight=[b.op]).legend.marks == ("highlight",)
    assert draw(c, current=b.op, done=[a.op]).legend.marks == ("current", "done")
    assert draw(c, done=[a.op], failed=b.op).legend.marks == ("done", "failed")


def placed(n_gpus=2):
    """a, b on GPU:0, c on the CPU, run by a session."""
    tf.use_virtual_gpus(n_gpus)
    with tf.device("/gpu:0"):
        a = tf.constant([1.0], name="a")
        b = tf.negative(a, name="b")
    with tf.device("/cpu:0"):
        c = tf.square(b, name="c")
    sess = tf.Session()
    sess.run(c)
    return sess, a.op, b.op, c.op


def test_only_devices_some_node_is_on_are_listed():
    sess, *_ = placed(n_gpus=2)   # GPU:1 exists but holds nothing
    legend = draw(tf.get_default_graph(), session=sess).legend
    assert [text for _d, _c, text in legend.devices] == ["CPU:0", "GPU:0 (virtual)"]
    assert legend.by_device and legend.no_device is None


def test_a_device_whose_nodes_all_show_a_step_mark_is_not_listed():
    sess, a, b, c = placed()
    drawing = draw(tf.get_default_graph(), session=sess, current=c, done=[a, b])
    assert drawing.legend.devices == ()      # every node is grey or yellow: no device colour shows
    assert drawing.legend.marks == ("current", "done")
    drawing = draw(tf.get_default_graph(), session=sess, current=b, done=[a])
    assert [text for _d, _c, text in drawing.legend.devices] == ["CPU:0"]   # c still shows its device


def test_legend_at_a_step_matches_a_picture_drawn_with_that_step():
    sess, a, b, c = placed()
    plain = draw(tf.get_default_graph(), session=sess, legend=False)
    assert "cluster_legend" not in plain.dot.source
    for current, done in ((a, []), (b, [a]), (c, [a, b])):
        drawn = draw(tf.get_default_graph(), session=sess, current=current, done=done).legend
        assert plain.legend_at(current, done) == drawn


def test_a_node_with_no_device_in_a_device_picture_is_white_and_explained():
    tf.use_virtual_gpus(1)
    with tf.device("/gpu:0"):
        a = tf.constant(1.0, name="a")
    b = tf.negative(a, name="b")
    legend = draw(tf.get_default_graph()).legend
    assert legend.device_title == "requested devices" and legend.no_device == "no device requested"
    sess = tf.Session()
    sess.run(a)     # places a only
    tf.negative(b, name="later")    # the graph grew after the session placed it
    legend = draw(tf.get_default_graph(), session=sess).legend
    assert legend.no_device == "not placed yet"
    assert [text for _d, _c, text in legend.devices] == ["GPU:0 (virtual)"]


def test_in_a_device_picture_kinds_of_one_shape_share_an_entry():
    tf.use_virtual_gpus(1)
    x = tf.constant([1.0, 2.0], name="x")
    y = tf.reshape(tf.negative(x), [2, 1])      # math and array ops: both ellipses
    sess = tf.Session()
    sess.run(y)
    legend = draw(tf.get_default_graph(), session=sess).legend
    assert [(key, shape, text) for key, shape, _f, text in legend.kind_entries()] == [
        ("constant", "box", "constant"), ("math_array", "ellipse", "op")]
    assert {fill for _k, _s, fill, _t in legend.kind_entries()} == {S.NO_DEVICE}
    plain = draw(tf.get_default_graph()).legend   # coloured by kind: each kind its own colour
    assert [fill for _k, _s, fill, _t in plain.kind_entries()] == [S.KIND_STYLE[k][1] for k in plain.kinds]


# -- colours ----------------------------------------------------------------------------------
def test_red_means_failure_only():
    assert not is_red(S.HIGHLIGHT["color"])                       # the tutor's "added by this cell"
    assert is_red(S.FAILED["color"]) and is_red(S.FAILED["fillcolor"])
    others = [S.CURRENT["color"], S.CURRENT["fillcolor"], S.DONE["fillcolor"], S.NO_DEVICE, S.EDGE_COLOUR,
              *S.DEVICE_PALETTE, *(fill for _shape, fill in S.KIND_STYLE.values()),
              *(attrs.get("color", S.EDGE_COLOUR) for attrs, _t in S.EDGE_STYLE.values())]
    assert [c for c in others if is_red(c)] == []


@pytest.mark.needs_dot
def test_a_picture_of_what_a_cell_added_has_no_red_in_it():
    lesson_variable_graph()
    g = tf.get_default_graph()
    svg = to_svg(g, highlight=g.get_operations()[:3])
    colours = set(re.findall(r'(?:fill|stroke)="(#[0-9a-fA-F]{6})"', svg))
    assert S.HIGHLIGHT["color"] in colours
    assert [c for c in colours if is_red(c)] == []


def test_the_added_mark_differs_from_every_step_mark():
    marks = [S.HIGHLIGHT["color"], S.CURRENT["color"], S.FAILED["color"]]
    assert len(set(marks)) == 3 and "fillcolor" not in S.HIGHLIGHT   # an outline: the device fill stays


# -- scalar shapes and label sizes -------------------------------------------------------------
def test_shape_words():
    assert S.shape_text(tf.constant(1.0)) == "scalar float32"
    assert S.shape_text(tf.constant([1, 2])) == "(2,) int32"
    assert S.shape_text(tf.placeholder(tf.float32, [None, 3])) == "(?, 3) float32"
    assert S.shape_text(tf.placeholder(tf.float32)) == "<unknown> float32"


def test_sub_labels_and_shape_labels_are_not_tiny():
    tf.Variable(1.0, name="v")
    src = draw(tf.get_default_graph()).dot.source
    assert min(int(n) for n in re.findall(r'POINT-SIZE="(\d+)"', src)) >= 9
    assert int(re.search(r"\bt\d+_0 \[label=<scalar float32> [^\n]*fontsize=(\d+)", src).group(1)) >= 9


# -- drawn: the SVG and the HTML ----------------------------------------------------------------
@pytest.mark.needs_dot
def test_the_svg_legend_shows_each_entry_and_parses_as_xml():
    sess, a, b, c = placed()
    svg = to_svg(tf.get_default_graph(), session=sess, highlight=[c], current=b, done=[a])
    shown = legend_texts(svg)
    for text in ("legend", "constant", "op", "devices", "CPU:0", "added by this cell", "current step", "done",
                 "a tensor, labelled with its shape and dtype"):
        assert text in shown, text
    assert "GPU:0 (virtual)" not in shown          # a and b show their step, not their device
    assert "failed" not in shown and "reference" not in " ".join(shown)


def test_html_legend_lists_the_same_entries_escaped():
    legend = Legend(kinds=("constant", "variable"), devices=(("/job:<b>/device:CPU:0", "#bfdbfe", "<b> CPU:0"),),
                    marks=("current", "failed"), edges=("data", "control"))
    tags, text = html_scan(to_html(legend))
    assert "b" not in tags and "script" not in tags
    expected = [text for _s, _k, text in legend.entries()]
    expected.insert(2, "devices:")   # the device swatches are introduced by their heading
    assert [t for t in text if t.strip()] == expected
    keys = re.findall(r"data-key='([^']+)'", to_html(legend))
    assert keys == [key for _s, key, _t in legend.entries()]
    assert to_html(Legend()) == ""


def test_an_empty_legend_draws_nothing():
    import graphviz
    dot = graphviz.Digraph()
    add_to_dot(dot, Legend())
    assert "cluster_legend" not in dot.source


# -- shape labels and scope borders (the real `dot`) ----------------------------------------------
def _boxes(dot_source):
    """(cluster name -> (x0, y0, x1, y1), shape-label node name -> its box), laid out by `dot`."""
    out = subprocess.run(["dot", "-Tjson"], input=dot_source.encode(), capture_output=True, check=True).stdout
    data = json.loads(out)
    clusters, labels = {}, {}
    for obj in data["objects"]:
        if "bb" in obj and obj["name"].startswith("cluster_"):
            clusters[obj["name"]] = tuple(map(float, obj["bb"].split(",")))
        elif re.fullmatch(r"t\d+_\d+r?", obj.get("name", "")):
            x, y = map(float, obj["pos"].split(","))
            w, h = float(obj["width"]) * 72 / 2, float(obj["height"]) * 72 / 2
            labels[obj["name"]] = (x - w, y - h, x + w, y + h)
    return clusters, labels


def _crosses(box, border):
    x0, y0, x1, y1 = box
    bx0, by0, bx1, by1 = border
    overlaps = x0 < bx1 and x1 > bx0 and y0 < by1 and y1 > by0
    inside = x0 >= bx0 and x1 <= bx1 and y0 >= by0 and y1 <= by1
    return overlaps and not inside


def scoped_model():
    """Edges into, out of and across nested scopes, scalars among them (the picture that had a
    label on a scope border)."""
    x = tf.placeholder(tf.float32, [None, 1], name="x")
    with tf.name_scope("model"):
        w = tf.Variable(tf.zeros([1, 1]), name="w")
        b = tf.Variable(0.0, name="b")
        pred = tf.matmul(x, w) + b
    with tf.name_scope("outer"):
        with tf.name_scope("inner"):
            y = pred * 2.0 + 1.0
        z = tf.negative(y)
    with tf.name_scope("loss"):
        loss = tf.reduce_mean(tf.square(z))
    tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    tf.global_variables_initializer()


@pytest.mark.needs_dot
@pytest.mark.parametrize("collapse", ["default", "open"])
def test_no_shape_label_crosses_a_scope_border(collapse):
    scoped_model()
    kwargs = {"collapse": ()} if collapse == "open" else {}
    from nbgraph.render import options
    options_before = options.compact_above
    options.compact_above = 10_000    # the open gradients too: labels on the way, not in the nodes
    try:
        source = draw(tf.get_default_graph(), **kwargs).dot.source
    finally:
        options.compact_above = options_before
    clusters, labels = _boxes(source)
    assert len(labels) > 10 and len(clusters) >= 5
    bad = [(name, cluster) for name, box in labels.items() for cluster, border in clusters.items()
           if _crosses(box, border)]
    assert bad == []


@pytest.mark.needs_dot
def test_shape_labels_read_scalar_in_the_svg():
    x = tf.constant(2.0, name="x")
    tf.square(x, name="y")
    shown = texts(to_svg(tf.get_default_graph()))
    assert "scalar float32" in shown and "() float32" not in shown


def test_each_task_of_a_cluster_has_its_own_colour():
    tasks = [f"/job:{job}/replica:0/task:{t}/device:CPU:0" for job in ("ps", "worker") for t in (0, 1)]
    colours = [S.device_colour(d) for d in tasks]
    assert len(set(colours)) == 4
    assert colours == [S.device_colour(d) for d in tasks]    # the same in every picture
    assert S.device_colour("/job:localhost/replica:0/task:0/device:CPU:0") == S.device_colour("/cpu:0")

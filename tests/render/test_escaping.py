"""Every user string is escaped: constants, attribute values and device strings show literally in
the SVG, the HTML cards/tables and the stepper, and never become markup. Invalid op and scope
names are refused before they get anywhere."""
from __future__ import annotations

import pytest

import nbgraph as tf
from nbgraph.engine.session_placer import PlacementRecord
from nbgraph.render import to_dot, to_svg
from nbgraph.render.cards import placement_table, session_card, sessions_table, table

from .markup import html_scan, op_nodes, tags, texts

LITERAL = '<b>"x"&\\'
SCRIPT = "</script><script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
EVIL = [SCRIPT, IMG]
MARKUP_TAGS = {"script", "img"}


def assert_inert_html(markup, literal):
    found, text = html_scan(markup)
    assert not found & MARKUP_TAGS, found
    assert any(literal in piece for piece in text), (literal, text)


# -- the picture ------------------------------------------------------------------------------
def test_string_constant_label_is_escaped_in_the_dot():
    tf.constant(LITERAL, name="s")
    src = to_dot(tf.get_default_graph()).source
    assert "&lt;b&gt;&quot;x&quot;&amp;\\" in src
    assert LITERAL not in src


@pytest.mark.needs_dot
def test_string_constant_renders_literally_in_the_svg():
    tf.constant(LITERAL, name="s")
    node = op_nodes(to_svg(tf.get_default_graph()))["s"]
    assert LITERAL in node["texts"]


@pytest.mark.needs_dot
@pytest.mark.parametrize("evil", EVIL)
def test_hostile_constants_are_text_in_the_svg(evil):
    tf.constant(evil, name="c")
    tf.constant([evil, "ok"], name="many")
    svg = to_svg(tf.get_default_graph(), title=evil)
    assert not {"script", "img"} & tags(svg)
    assert evil in texts(svg)            # the scalar and the title, exactly as written
    assert op_nodes(svg)["c"]["texts"] == ["c", "Const", evil]


@pytest.mark.needs_dot
def test_hostile_device_strings_are_text_in_the_svg():
    with tf.device("/job:" + IMG):
        tf.constant(1.0, name="pinned")
    svg = to_svg(tf.get_default_graph())
    assert not {"script", "img"} & tags(svg)
    assert "/job:" + IMG in texts(svg)                         # the legend
    assert op_nodes(svg)["pinned"]["tooltip"] == f"pinned (Const) on /job:{IMG}"


@pytest.mark.needs_dot
def test_backslashes_in_tooltips_are_never_graphviz_escapes():
    with tf.device("/job:a\\N\\G"):
        tf.constant(2.0, name="m")
    # graphviz would put the node and graph names in place of \N and \G: a look-alike is shown
    assert op_nodes(to_svg(tf.get_default_graph()))["m"]["tooltip"] == "m (Const) on /job:a\u29f5N\u29f5G"


@pytest.mark.needs_dot
@pytest.mark.parametrize("evil", EVIL)
def test_hostile_attribute_values_never_reach_the_svg_as_markup(evil):
    x = tf.constant([1.0], name="x")
    tf.Print(x, [x], message=evil, name="p")
    svg = to_svg(tf.get_default_graph())
    assert not {"script", "img"} & tags(svg)
    assert evil not in svg


# -- HTML cards and tables --------------------------------------------------------------------
@pytest.mark.parametrize("evil", EVIL + [LITERAL])
def test_tables_escape_every_cell(evil):
    assert_inert_html(table([evil], [[evil]]), evil)
    record = PlacementRecord(node="n", op_type="Const", requested="/job:" + evil, assigned=evil, reason=evil)
    assert_inert_html(placement_table([record]), evil)


@pytest.mark.parametrize("evil", EVIL + [LITERAL])
def test_session_card_and_table_escape_variable_values(evil):
    v = tf.Variable(evil, name="sv")
    sess = tf.Session()
    sess.run(v.initializer)
    assert_inert_html(session_card(sess), evil[:20])   # values are shortened, never unescaped
    assert_inert_html(sessions_table(), evil[:20])


# -- names ------------------------------------------------------------------------------------
def test_invalid_op_names_are_refused():
    with pytest.raises(ValueError) as err:
        tf.constant(1.0, name="<b>")
    assert str(err.value) == "'<b>' is not a valid node name"
    assert tf.get_default_graph().get_operations() == []


@pytest.mark.parametrize("make", [lambda: tf.name_scope("<b>").__enter__(),
                                  lambda: tf.variable_scope("<b>").__enter__(),
                                  lambda: tf.Variable(1.0, name="<b>")])   # a Variable is a scope in TF
def test_invalid_scope_names_are_refused(make):
    with pytest.raises(ValueError) as err:
        make()
    assert str(err.value) == "'<b>' is not a valid scope name"

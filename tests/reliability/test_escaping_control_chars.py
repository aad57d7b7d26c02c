"""Group 1 of issue 15: every code point that DOT, SVG/XML or HTML cannot carry (control
characters, lone surrogates, U+FFFE) is escaped in every picture and page, so a string constant
such as a PNG header, an ANSI colour code or a NUL byte never breaks a drawing. Property tests
throw random Unicode (all planes, controls, surrogates) at names, string values and titles."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nbgraph as tf
from nbgraph.ipython.display import graph_bundle
from nbgraph.render import to_dot, to_svg
from nbgraph.render.cards import table
from nbgraph.render.style import dot_attr, h

from ..render.markup import op_nodes, tags, texts

HOSTILE = [b"\x89PNG\r\n\x1a\n", "\x1b[31m", "\x01", "\ufffe", "\x00", "\x7f\x85", ""]
ANY_CHAR = st.characters(exclude_categories=())          # every plane, controls and surrogates
ANY_TEXT = st.text(ANY_CHAR, max_size=24)
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _xml_ok(text: str) -> None:
    """Raises unless `text` is encodable and parses as XML."""
    ET.fromstring(text.encode("utf-8"))


class _Scan(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def _html_tags(markup: str) -> list[str]:
    scan = _Scan()
    scan.feed(markup)
    scan.close()
    return scan.tags


# -- the escaping helpers ---------------------------------------------------------------------
@pytest.mark.parametrize("raw, shown", [("\x01", "\\x01"), ("\x00", "\\x00"), ("\x1b[31m", "\\x1b[31m"),
                                        ("\ufffe", "\\ufffe"), ("a\ud800b", "a\\ud800b"),
                                        ("tab\tok", "tab\tok"), ("é😀", "é😀")])
def test_printable_shows_unsafe_code_points_as_escapes(raw, shown):
    from nbgraph.render.style import printable
    assert printable(raw) == shown


@given(ANY_TEXT)
@settings(max_examples=300, deadline=None)
def test_h_and_dot_attr_always_yield_well_formed_xml(text):
    _xml_ok(f"<t a=\"{h(text)}\">{h(text)}</t>")
    _xml_ok(f"<t a=\"{h(dot_attr(text))}\"/>")
    assert _html_tags(f"<p>{h(text)}</p>") == ["p"]


# -- the picture ----------------------------------------------------------------------------------
@pytest.mark.parametrize("value", HOSTILE)
def test_control_characters_in_a_string_constant_are_escaped_in_the_dot(value):
    tf.constant(value, name="s")
    src = to_dot(tf.get_default_graph(), title="t\x01\ud800").source
    assert not any(c in src for c in "\x00\x01\x1a\x1b\x7f\x85\ufffe\ud800")
    src.encode("utf-8")  # no lone surrogate left


@pytest.mark.needs_dot
@pytest.mark.parametrize("value", HOSTILE)
def test_control_characters_in_a_string_constant_render(value):
    tf.constant(value, name="s")
    tf.constant([value, "ok"], name="many")
    svg = to_svg(tf.get_default_graph(), title="title\x01\ud800")
    _xml_ok(svg)
    assert "title\\x01\\ud800" in texts(svg)
    shown = op_nodes(svg)["s"]["texts"][2]
    assert "\\x" in shown or "\\u" in shown or shown == "''"


@pytest.mark.needs_dot
def test_png_header_constant_shows_its_escapes():
    tf.constant(b"\x89PNG\r\n\x1a\n", name="png")
    svg = to_svg(tf.get_default_graph())
    assert "\\x1a" in op_nodes(svg)["png"]["texts"][2]


@pytest.mark.needs_dot
def test_graph_bundle_of_a_control_character_graph_is_a_picture():
    tf.constant("\x1b[31mred", name="ansi")
    bundle = graph_bundle(tf.get_default_graph())
    assert "image/svg+xml" in bundle
    _xml_ok(bundle["image/svg+xml"])


@pytest.mark.needs_dot
@SETTINGS
@given(value=ANY_TEXT, title=ANY_TEXT, raw=st.binary(max_size=16))
def test_random_unicode_values_and_titles_always_render(value, title, raw):
    g = tf.Graph()
    if any("\ud800" <= c <= "\udfff" for c in value):
        with g.as_default(), pytest.raises(UnicodeEncodeError):  # as in TF: not UTF-8 encodable
            tf.constant(value)
        value = value.encode("utf-8", "surrogatepass")
    with g.as_default():
        tf.constant(value, name="v")
        tf.constant([value, raw], name="both")
        tf.constant(raw, name="raw")
    svg = to_svg(g, title=title)
    _xml_ok(svg)
    assert not tags(svg) - {"svg", "g", "title", "polygon", "ellipse", "path", "text", "a", "polyline"}
    assert _html_tags(svg).count("script") == 0 and _html_tags(svg).count("img") == 0


@pytest.mark.needs_dot
@SETTINGS
@given(name=ANY_TEXT, scope=ANY_TEXT)
def test_random_unicode_names_are_refused_or_render(name, scope):
    g = tf.Graph()
    with g.as_default():
        try:
            with tf.name_scope(scope or None, default_name="d"):
                tf.constant(1.0, name=name or None)
        except ValueError as e:
            assert "is not a valid" in str(e)
            return
    _xml_ok(to_svg(g, title=name))


@SETTINGS
@given(cells=st.lists(ANY_TEXT, min_size=1, max_size=4))
def test_random_unicode_in_html_tables_is_inert_and_parses(cells):
    markup = table(["a"] * len(cells), [cells])
    assert set(_html_tags(markup)) <= {"table", "tr", "th", "td", "thead", "tbody"}
    _xml_ok(markup)


def test_a_dot_failure_is_a_one_line_message_not_a_traceback(monkeypatch):
    import subprocess

    from nbgraph.render import dot as dot_module

    def refuse(*args, **kwargs):
        return subprocess.CompletedProcess(args, 1, b"", b"Error: syntax error in line 1\nmore\n")

    monkeypatch.setattr(dot_module.subprocess, "run", refuse)
    tf.constant(1.0, name="c")
    bundle = graph_bundle(tf.get_default_graph())
    assert "image/svg+xml" not in bundle
    assert "graphviz `dot` failed: Error: syntax error in line 1" in bundle["text/html"]
    assert "more" not in bundle["text/html"]

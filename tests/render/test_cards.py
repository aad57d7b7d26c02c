"""HTML cards: a session's card, the open-sessions table and text, the placement table."""
from __future__ import annotations

import io
from contextlib import redirect_stdout

import nbgraph as tf
from nbgraph.render.cards import (placement_table, session_card, session_summary, sessions_table,
                                  sessions_text)

from .markup import html_scan


def lesson_session(**config):
    a = tf.constant([1.0, 2.0], name="a")
    v = tf.Variable([5.0], name="v")
    sess = tf.Session(config=tf.ConfigProto(**config))
    with redirect_stdout(io.StringIO()):
        sess.run(v.initializer)
        sess.run(a)
    return sess


def test_session_summary_says_what_a_session_holds():
    tf.use_virtual_gpus(1)
    sess = lesson_session()
    info = session_summary(sess)
    assert info["state"] == "open"
    assert info["graph"] == f"graph {sess.graph.serial} (5 ops)"   # a, v, v/Initializer/initial_value, v/Assign, v/read
    assert info["devices"] == "CPU:0, GPU:0 (virtual)"
    assert info["initialised variables"] == "v=[5.]"
    assert info["session"].startswith("Session #")
    sess.close()
    assert session_summary(sess)["state"] == "closed"


def test_session_card_shows_the_summary():
    sess = lesson_session()
    tags, text = html_scan(session_card(sess))
    assert "table" in tags
    assert "open" in text and "v=[5.]" in text and "initialised variables" in text


def test_sessions_table_lists_open_sessions_and_says_they_are_open():
    s1, s2 = lesson_session(), tf.InteractiveSession()
    html = sessions_table()
    assert "2 session(s) still open." in html_scan(html)[1]
    text = " ".join(html_scan(html)[1])
    assert f"Session #{s1.serial}" in text and f"InteractiveSession #{s2.serial}" in text
    s1.close()
    s2.close()
    assert sessions_table() == "<p>No open sessions.</p>"


def test_sessions_text_is_the_plain_version():
    sess = lesson_session()
    lines = sessions_text().splitlines()
    assert lines[0] == "1 open session(s):"
    assert lines[1] == f"  Session #{sess.serial}: graph {sess.graph.serial} (5 ops); devices CPU:0; variables v=[5.]"
    sess.close()
    assert sessions_text() == "No open sessions."


def test_placement_table_has_one_row_per_record():
    sess = lesson_session(log_device_placement=True)
    html = placement_table(sess.placement_log)
    assert html.count("<tr>") == len(sess.placement_log) + 1
    assert "/job:localhost/replica:0/task:0/device:CPU:0" in html
    assert "(none)" in html     # nothing requested
    assert placement_table([]).startswith("<p>No placement records yet")

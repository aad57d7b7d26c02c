"""The widgets through their Python API: Stepper, GraphView, PlacementLog."""
from __future__ import annotations

import io
import re
from contextlib import redirect_stdout

import pytest

import nbgraph as tf
from nbgraph.engine.session import open_sessions
from nbgraph.ipython import extension
from nbgraph.render import options, svg_id
from nbgraph.render import style as S
from nbgraph.widgets import GraphView, PlacementLog, Stepper
from tests.render.conftest import build_big_graph
from tests.render.markup import html_scan, op_nodes

CPU0 = "/job:localhost/replica:0/task:0/device:CPU:0"


@pytest.fixture
def lesson():
    a = tf.constant([1.0, 2.0], name="a")
    b = tf.constant([2.0, 3.0], name="b")
    return a, b, tf.add(a, b)


def css_rules(stepper):
    """{element id: declarations} from the stepper's <style>."""
    rules = {}
    for selectors, decl in re.findall(r"([^{}]+)\{([^}]*)\}", stepper.style.value.replace("<style>", "")):
        for sel in selectors.split(","):
            rules.setdefault(sel.split("#")[1].split()[0], set()).add(decl)
    return rules


def fill_of(stepper, op):
    decls = " ".join(css_rules(stepper).get(svg_id(op), ()))
    m = re.findall(r"fill:(#[0-9a-f]+)", decls)
    return m[-1] if m else None


# -- Stepper: the lesson's result ------------------------------------------------------------
def test_stepping_result_visits_a_b_add_with_their_outputs(lesson):
    *_, result = lesson
    stepper = Stepper(result)
    seen = [(stepper.index, stepper.current.op.name, stepper.current.output.tolist())]
    assert stepper.total == 3
    for _ in range(2):  # bounded: a next() that does not advance fails here instead of hanging
        stepper.next()
        seen.append((stepper.index, stepper.current.op.name, stepper.current.output.tolist()))
    assert seen == [(0, "a", [1, 2]), (1, "b", [2, 3]), (2, "Add", [3, 5])]
    assert stepper.finished


def test_the_add_step_explains_itself(lesson):
    stepper = Stepper(lesson[2])
    stepper.last()
    assert stepper.explanation() == "Add adds a and b element-wise: [1. 2.] + [2. 3.] = [3. 5.]"
    tags, text = html_scan(stepper.details.value)
    assert "Add adds a and b element-wise: [1. 2.] + [2. 3.] = [3. 5.]" in text
    assert "[3. 5.] shape=(2,) dtype=float32" in " ".join(" ".join(text).split())
    assert CPU0 in text


def test_stepping_past_the_end_is_a_no_op(lesson):
    stepper = Stepper(lesson[2])
    stepper.last()
    before = (stepper.index, stepper.current, len(stepper.records), stepper.style.value)
    assert stepper.next() is before[1]
    assert (stepper.index, stepper.current, len(stepper.records), stepper.style.value) == before


def test_prev_first_last_and_goto(lesson):
    stepper = Stepper(lesson[2])
    assert stepper.index == 0 and stepper.prev().op.name == "a" and stepper.index == 0
    assert stepper.last().op.name == "Add" and stepper.index == 2
    assert stepper.prev().op.name == "b"
    assert stepper.first().op.name == "a"
    assert stepper.goto(2).op.name == "Add"
    assert stepper.goto(99).op.name == "Add" and stepper.goto(-4).op.name == "a"
    assert stepper.slider.value == 1


def test_the_stepper_owns_a_session_only_when_there_is_no_default_one(lesson):
    stepper = Stepper(lesson[2])
    assert stepper.session in open_sessions()
    stepper.last()
    assert stepper.session not in open_sessions()          # closed once it is done
    sess = tf.InteractiveSession()
    assert Stepper(lesson[2]).session is sess


def test_a_feed_is_used(lesson):
    x = tf.placeholder(tf.float32, shape=[2], name="x")
    y = x * 3.0
    stepper = Stepper(y, feed_dict={x: [1.0, 2.0]})
    assert stepper.last().output.tolist() == [3.0, 6.0]


# -- Stepper: failures and no re-runs -------------------------------------------------------
def test_a_failing_step_is_reported_at_the_node_that_failed():
    v = tf.Variable([1.0], name="v")
    y = v * 2.0
    sess = tf.Session()
    stepper = Stepper(y, session=sess)
    stepper.last()
    assert stepper.current.op.name == "v"
    assert type(stepper.current.error).__name__ == "FailedPreconditionError"
    assert isinstance(stepper.current.error, tf.errors.FailedPreconditionError)
    assert not stepper.finished
    text = " ".join(html_scan(stepper.details.value)[1])
    assert "FailedPreconditionError: Attempting to use uninitialized value v" in text
    assert stepper.explanation() == ("VariableV2 v failed: FailedPreconditionError: "
                                     "Attempting to use uninitialized value v")
    assert fill_of(stepper, v.op) == S.FAILED["fillcolor"]
    assert stepper.next() is stepper.current and stepper.current.op.name == "v"   # cannot step past it


@pytest.mark.needs_dot
def test_the_step_styles_target_nodes_that_exist_in_the_picture(lesson):
    a, b, result = lesson
    stepper = Stepper(result)
    stepper.goto(1)
    assert "<?xml" not in stepper.picture.value and "<svg" in stepper.picture.value  # an element, no prolog
    assert "overflow-x:auto" in stepper.picture.value      # wide graphs scroll instead of being cut off
    drawn = {v["id"] for v in op_nodes(stepper.picture.value).values()}
    assert set(css_rules(stepper)) == {svg_id(a.op), svg_id(b.op)} <= drawn
    assert fill_of(stepper, a.op) == S.DONE["fillcolor"]
    assert fill_of(stepper, b.op) == S.CURRENT["fillcolor"]
    assert fill_of(stepper, result.op) is None


def test_each_step_restyles_without_a_new_layout(lesson, monkeypatch):
    stepper = Stepper(lesson[2])
    picture = stepper.picture.value
    import nbgraph.ipython.widgets as widgets
    monkeypatch.setattr(widgets, "to_svg", lambda *a, **k: pytest.fail("a step laid the graph out again"))
    styles = {stepper.style.value}
    for move in (stepper.next, stepper.next, stepper.prev, stepper.first, stepper.last):
        move()
        styles.add(stepper.style.value)
    assert stepper.picture.value == picture and len(styles) == 3


def legend_items(stepper):
    """The texts of the stepper's legend, in order."""
    return [t for t in html_scan(stepper.legend.value)[1] if t.strip()]


def test_the_legend_lists_the_marks_and_devices_this_step_shows(lesson):
    stepper = Stepper(lesson[2])
    assert legend_items(stepper) == ["constant", "op", "devices:", "CPU:0", "current step",
                                     "a tensor, labelled with its shape and dtype"]
    stepper.next()
    assert "done" in legend_items(stepper) and "CPU:0" in legend_items(stepper)   # Add is still to run
    stepper.last()   # a and b done, Add current: no node shows a device colour any more
    assert legend_items(stepper) == ["constant", "op", "current step", "done",
                                     "a tensor, labelled with its shape and dtype"]
    assert "cluster_legend" not in stepper.picture.value and "legend" not in " ".join(op_nodes(stepper.picture.value))


def test_a_failed_step_is_in_the_legend_and_red_is_only_there():
    v = tf.Variable([1.0], name="v")
    stepper = Stepper(v * 2.0, session=tf.Session())
    stepper.last()
    items = legend_items(stepper)
    assert "failed" in items and "current step" not in items
    assert S.FAILED["color"] in stepper.legend.value
    stepper_ok = Stepper(tf.constant(1.0) * 2.0)
    assert S.FAILED["color"] not in stepper_ok.legend.value + stepper_ok.style.value


def test_a_step_never_runs_an_earlier_op_again():
    counter = tf.Variable(0.0, name="counter")
    bumped = tf.assign_add(counter, 1.0)
    shown = tf.Print(bumped, [bumped], message="ran: ")
    out = shown * 10.0
    sess = tf.Session()
    sess.run(counter.initializer)
    buf = io.StringIO()
    with redirect_stdout(buf):
        stepper = Stepper(out, session=sess)
        stepper.last()
        for move in (stepper.first, stepper.next, stepper.prev, stepper.last, lambda: stepper.goto(1)):
            move()
        stepper.slider.value = 1
        stepper.buttons["Last"].click()
    assert buf.getvalue() == "ran: [1]\n"               # the Print kernel ran once
    assert stepper.last().output == 10.0
    assert sess.run(counter) == 1.0                     # assign_add ran once


# -- Stepper: the controls ------------------------------------------------------------------
def test_buttons_slider_and_play_exist_and_move_the_stepper(lesson):
    stepper = Stepper(lesson[2])
    assert set(stepper.buttons) == {"First", "Prev", "Next", "Last"}
    assert stepper.slider.min == stepper.play.min == 1 and stepper.slider.max == stepper.play.max == 3
    stepper.buttons["Next"].click()
    assert stepper.index == 1 and stepper.slider.value == 2
    stepper.buttons["Last"].click()
    assert stepper.index == 2 and stepper.slider.value == 3
    stepper.buttons["Prev"].click()
    assert stepper.index == 1
    stepper.buttons["First"].click()
    assert stepper.index == 0 and stepper.slider.value == 1
    stepper.slider.value = 3                              # what Play does, through its link
    assert stepper.index == 2 and stepper.current.op.name == "Add"
    assert stepper.play in stepper.children[0].children and stepper.slider in stepper.children[0].children


def test_the_slider_and_the_table_number_steps_from_1_alike(lesson):
    stepper = Stepper(lesson[2])
    for shown in (1, 2, 3):
        stepper.slider.value = shown
        assert stepper.slider.value == stepper.play.value == shown
        assert f"step {shown} of 3" in " ".join(html_scan(stepper.details.value)[1])
    stepper.first()
    assert stepper.slider.value == 1 and "step 1 of 3" in " ".join(html_scan(stepper.details.value)[1])


def enabled(stepper):
    return {name for name, b in stepper.buttons.items() if not b.disabled} | ({"Play"} if not stepper.play.disabled else set())


def test_buttons_that_can_do_nothing_are_disabled_at_either_end(lesson):
    stepper = Stepper(lesson[2])
    assert enabled(stepper) == {"Next", "Last", "Play"}             # at step 1
    stepper.next()
    assert enabled(stepper) == {"First", "Prev", "Next", "Last", "Play"}
    stepper.buttons["Last"].click()
    assert enabled(stepper) == {"First", "Prev"}                    # after the last step
    stepper.buttons["Prev"].click()
    assert enabled(stepper) == {"First", "Prev", "Next", "Last", "Play"}   # moving back enables them again


def test_buttons_that_can_do_nothing_are_disabled_at_a_failed_step():
    v = tf.Variable([1.0], name="v")
    stepper = Stepper(tf.negative(v * 2.0), session=tf.Session())
    stepper.last()
    assert stepper.current.op.name == "v" and stepper.index == 0
    assert enabled(stepper) == set()                                 # failed at step 1: nothing to do
    w = tf.Variable([1.0], name="w")
    sess = tf.Session()
    stepper = Stepper(tf.negative(tf.constant(1.0, name="one") + w), session=sess)
    stepper.last()
    assert stepper.current.op.name == "w" and enabled(stepper) == {"First", "Prev"}
    stepper.prev()
    assert enabled(stepper) == {"Next", "Last", "Play"}


@pytest.mark.needs_dot
def test_a_1000_op_plan_is_drawn_collapsed_and_a_step_moves_the_highlight():
    x = build_big_graph(n_scopes=10, per_scope=100).get_operations()[-1].outputs[0]
    assert options.max_nodes < 1001
    stepper = Stepper(x)
    stepper.goto(500)
    stepper.next()  # its speed: bench/bench_extension.py (one step on a 1,000-op plan)
    assert stepper.current.op.name.startswith("layer5/")
    ids = set(css_rules(stepper))
    assert "nbgs_layer5" in ids and "nbgs_layer6" not in ids    # the current scope, not yet the next
    assert 'id="nbgs_layer5"' in stepper.picture.value


# -- GraphView --------------------------------------------------------------------------------
@pytest.mark.needs_dot
def test_graph_view_redraws_when_the_graph_grows(lesson):
    view = GraphView()
    assert set(op_nodes(view.picture.value)) == {"a", "b", "Add"}
    tf.negative(lesson[2], name="neg")
    extension._after_cell()                 # what IPython's post_run_cell does
    assert set(op_nodes(view.picture.value)) == {"a", "b", "Add", "neg"}
    tf.square(lesson[0], name="sq")
    view.refresh()
    assert "sq" in op_nodes(view.picture.value)


@pytest.mark.needs_dot
def test_graph_view_of_a_tensor_follows_the_graph(lesson):
    view = GraphView(lesson[2])
    assert "more op" not in view.picture.value
    tf.constant(0.0, name="unrelated")
    view.refresh()
    assert "+ 1 more op in the graph, not needed here" in view.picture.value


@pytest.mark.needs_dot
def test_graph_view_controls_redraw(lesson):
    with tf.name_scope("extra"):
        tf.negative(lesson[2], name="neg")
    view = GraphView()
    view.depth.value = 1
    assert "extra/" in view.picture.value and "neg" not in op_nodes(view.picture.value)
    view.rankdir.value = "LR"
    view.shapes.value = False
    assert "(2,) float32" not in view.picture.value
    assert [v for _, v in view.depth.options] == [0, 1, 2, 3, 4, 5, 6]
    assert GraphView().depth.label == "all"     # a real selection: ipywidgets shows None as blank


@pytest.mark.needs_dot
def test_graph_view_with_a_session_recolours_after_it_places(lesson):
    tf.use_virtual_gpus(1)
    sess = tf.Session()
    view = GraphView(session=sess)
    assert "GPU:0" not in view.picture.value
    sess.run(lesson[2])
    extension._after_cell()
    assert "GPU:0 (virtual)" in view.picture.value


# -- PlacementLog -----------------------------------------------------------------------------
def placed(sess, fetch):
    with redirect_stdout(io.StringIO()):
        return sess.run(fetch)


def test_placement_log_rows_filter_and_update_after_another_run(lesson):
    a, b, result = lesson
    sess = tf.Session(config=tf.ConfigProto(log_device_placement=True))
    placed(sess, result)
    log = PlacementLog(sess)
    assert [r.node for r in log.rows] == ["Add", "a", "b"]
    assert log.table.value.count("<tr>") == 4
    log.filter.value = "const"
    assert [r.node for r in log.rows] == ["a", "b"] and log.table.value.count("<tr>") == 3
    log.filter.value = ""
    placed(sess, tf.negative(result, name="neg"))       # the graph grew: the session places again
    extension._after_cell()
    assert "neg" in [r.node for r in log.rows]
    assert log.table.value.count("<tr>") == len(sess.placement_log) + 1 > 4
    assert PlacementLog(sess, filter="neg").rows == [r for r in sess.placement_log if "neg" in r.node]


# -- escaping and no `dot` --------------------------------------------------------------------
@pytest.mark.parametrize("evil", ["</script><script>alert(1)</script>", "<img src=x onerror=alert(1)>",
                                  '<b>"x"&\\'])
def test_stepper_details_show_hostile_strings_as_text(evil):
    c = tf.constant(evil, name="c")
    ph = tf.placeholder(tf.string, name="ph")
    both = tf.identity(ph, name="both")
    printed = tf.Print(c, [c], message=evil, name="printed")
    stepper = Stepper([both, printed], feed_dict={ph: evil})
    with redirect_stdout(io.StringIO()):
        stepper.last()
    for i in range(stepper.total):
        stepper.goto(i)
        tags, text = html_scan(stepper.details.value)
        assert not tags & {"script", "img", "b"}, (stepper.current.op.name, tags)
        assert any(evil in piece for piece in text), (stepper.current.op.name, text)
    assert not html_scan(stepper.picture.value)[0] & {"script", "img", "b"}


def test_without_dot_the_widgets_say_so_and_still_work(lesson, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    stepper = Stepper(lesson[2])
    assert "'graphviz'" in " ".join(html_scan(stepper.picture.value)[1])
    assert stepper.last().output.tolist() == [3.0, 5.0]
    view = GraphView()
    assert "'graphviz'" in " ".join(html_scan(view.picture.value)[1])


def test_explanations_name_the_inputs_once_and_print_says_what_it_prints():
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]], name="x")
    product = tf.matmul(x, x)
    shown = tf.Print(product, [x], message="x is ")
    stepper = Stepper(shown)
    with redirect_stdout(io.StringIO()):
        stepper.last()
    sentences = [stepper.goto(i) and stepper.explanation() for i in range(stepper.total)]
    assert sentences == ["Const x holds a constant: [[1. 2.] [3. 4.]]",
                         "MatMul multiplies matrices x and x: [[ 7. 10.] [15. 22.]]",
                         "Print Print prints 'x is ' and x, then passes MatMul on unchanged: [[ 7. 10.] [15. 22.]]"]


@pytest.mark.needs_dot
def test_a_closed_graph_view_is_no_longer_redrawn(lesson, monkeypatch):
    view = GraphView()
    view.close()
    import nbgraph.ipython.widgets as widgets
    monkeypatch.setattr(widgets, "to_svg", lambda *a, **k: pytest.fail("a closed view was drawn again"))
    tf.negative(lesson[2])
    extension._after_cell()
    assert view not in widgets._live


def test_play_follows_the_stepper_without_a_browser(lesson):
    stepper = Stepper(lesson[2])
    stepper.last()
    assert stepper.play.value == stepper.slider.value == 3   # a saved view shows the same step everywhere
    stepper.first()
    assert stepper.play.value == stepper.slider.value == 1


def test_the_steppers_own_session_is_labelled_in_the_sessions_view(lesson):
    from nbgraph.render.cards import sessions_text
    stepper = Stepper(lesson[2])                # no default session: it opens its own
    assert "the stepper's own" in sessions_text()
    stepper.last()
    assert "the stepper's own" not in sessions_text()   # closed once it reached the end


@pytest.mark.needs_dot
def test_a_plan_too_big_to_draw_even_collapsed_is_shown_as_a_window_around_each_step():
    x = tf.constant(1.0, name="x")
    one = tf.constant(1.0, name="one")
    for _ in range(options.max_nodes + 100):        # flat: no scope to collapse
        x = tf.add(x, one)
    stepper = Stepper(x)
    stepper.goto(300)
    drawn = op_nodes(stepper.picture.value)
    assert drawn[stepper.current.op.name]["fill"] == S.CURRENT["fillcolor"]
    assert len(drawn) == 2 * 12 + 1                    # the window, not the whole plan
    assert f"of {stepper.total} (the plan is too big to draw whole)" in stepper.picture.value
    before = stepper.picture.value
    stepper.next()
    assert stepper.picture.value != before and stepper.current.index == 301


def test_the_stepper_steps_through_a_while_loop_to_its_exit():
    out = tf.while_loop(lambda i: i < 3, lambda i: i + 1, [tf.constant(0)], name="loop")
    sess = tf.Session()
    stepper = Stepper(out, session=sess)
    assert stepper.total > len(stepper.plan.steps) and stepper.slider.max == stepper.total
    stepper.last()
    assert stepper.finished and stepper.index == stepper.total - 1
    assert f"{stepper.total} of {stepper.total}" in " ".join(html_scan(stepper.details.value)[1])
    exit_at = max(r.index for r in stepper.records if r.op.name == "loop/Exit")
    assert exit_at >= len(stepper.plan.steps)   # past where a count of the plan's nodes stopped
    stepper.goto(exit_at)
    assert stepper.current.op.name == "loop/Exit" and stepper.current.output == 3
    sess.close()


@pytest.mark.needs_dot
def test_graph_view_opens_gradients_and_optimizers_on_request():
    x = tf.constant([1.0, 2.0], name="x")
    w = tf.Variable(3.0, name="w")
    tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_mean(tf.square(w * x), name="loss"))
    view = GraphView()
    assert not view.expand.value and "gradients/mul_grad/Mul" not in op_nodes(view.picture.value)
    view.expand.value = True
    assert "gradients/mul_grad/Mul" in op_nodes(view.picture.value)
    assert "gradients/mul_grad/Mul" in op_nodes(GraphView(expand=["all"]).picture.value)

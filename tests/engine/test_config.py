"""`engine/config.py`: ConfigProto and friends behave like TF 1.x's protobuf messages — fields
with defaults, nested messages settable in place, protobuf's errors for unknown fields and bad
values, and `print(config)` in protobuf text format."""
from __future__ import annotations

import copy
import re

import pytest

import nbgraph as tf


def test_config_defaults():
    c = tf.ConfigProto()
    assert c.allow_soft_placement is False and c.log_device_placement is False
    assert c.inter_op_parallelism_threads == 0 and c.intra_op_parallelism_threads == 0
    assert c.operation_timeout_in_ms == 0
    assert c.device_count == {}
    assert c.gpu_options.allow_growth is False
    assert c.gpu_options.per_process_gpu_memory_fraction == 0.0
    assert c.gpu_options.visible_device_list == ""
    assert str(c) == ""


def test_config_fields_from_the_constructor():
    c = tf.ConfigProto(allow_soft_placement=True, log_device_placement=True, device_count={"GPU": 0, "CPU": 2},
                       inter_op_parallelism_threads=2, intra_op_parallelism_threads=4, operation_timeout_in_ms=1000,
                       gpu_options=tf.GPUOptions(allow_growth=True, per_process_gpu_memory_fraction=0.4,
                                                 visible_device_list="0,1"))
    assert (c.allow_soft_placement, c.log_device_placement) == (True, True)
    assert c.device_count == {"GPU": 0, "CPU": 2}
    assert (c.inter_op_parallelism_threads, c.intra_op_parallelism_threads) == (2, 4)
    assert c.operation_timeout_in_ms == 1000
    assert c.gpu_options.allow_growth is True
    assert c.gpu_options.per_process_gpu_memory_fraction == 0.4
    assert c.gpu_options.visible_device_list == "0,1"


def test_nested_options_are_settable_after_construction():
    c = tf.ConfigProto()
    c.gpu_options.allow_growth = True
    c.gpu_options.per_process_gpu_memory_fraction = 0.5
    c.allow_soft_placement = True
    c.device_count["GPU"] = 1
    c.graph_options.optimizer_options.do_constant_folding = True
    assert c.gpu_options.allow_growth is True and c.gpu_options.per_process_gpu_memory_fraction == 0.5
    assert c.device_count == {"GPU": 1}
    assert c.HasField("gpu_options") and c.HasField("graph_options")
    assert c.graph_options.optimizer_options.do_constant_folding is True


def test_constructor_copies_the_nested_message():
    g = tf.GPUOptions(allow_growth=True)
    c = tf.ConfigProto(gpu_options=g)
    g.allow_growth = False
    assert c.gpu_options.allow_growth is True


def test_unknown_field_in_constructor_is_a_value_error():
    with pytest.raises(ValueError) as e:
        tf.ConfigProto(bogus=1)
    assert str(e.value) == 'Protocol message ConfigProto has no "bogus" field.'
    with pytest.raises(ValueError) as e:
        tf.GPUOptions(allow_grow=True)
    assert str(e.value) == 'Protocol message GPUOptions has no "allow_grow" field.'


def test_setting_an_unknown_attribute_is_an_attribute_error():
    c = tf.ConfigProto()
    with pytest.raises(AttributeError) as e:
        c.bogus = 1
    assert str(e.value) == 'Assignment not allowed (no field "bogus" in protocol message object).'
    with pytest.raises(AttributeError) as e:
        c.gpu_options.allow_grwoth = True
    assert str(e.value) == 'Assignment not allowed (no field "allow_grwoth" in protocol message object).'
    with pytest.raises(AttributeError) as e:
        c.bogus
    assert "bogus" in str(e.value)


def test_message_and_map_fields_cannot_be_assigned():
    c = tf.ConfigProto()
    with pytest.raises(AttributeError) as e:
        c.gpu_options = tf.GPUOptions()
    assert str(e.value) == 'Assignment not allowed to field "gpu_options" in protocol message object.'
    with pytest.raises(AttributeError) as e:
        c.device_count = {"GPU": 0}
    assert str(e.value) == ('Assignment not allowed to map, or repeated field "device_count" in protocol message '
                            'object.')
    with pytest.raises(TypeError) as e:
        tf.ConfigProto(gpu_options=3)
    assert str(e.value) == "Parameter to MergeFrom() must be instance of same class: expected GPUOptions got int."


@pytest.mark.parametrize("field, value, text", [
    ("allow_soft_placement", "yes", "'yes' has type str, but expected one of: int, long, bool"),
    ("inter_op_parallelism_threads", 1.5, "1.5 has type float, but expected one of: int, long"),
    ("operation_timeout_in_ms", "10", "'10' has type str, but expected one of: int, long"),
])
def test_bad_scalar_values_are_type_errors(field, value, text):
    c = tf.ConfigProto()
    with pytest.raises(TypeError) as e:
        setattr(c, field, value)
    assert str(e.value) == text
    with pytest.raises(TypeError, match=f"^{re.escape(text)}$"):
        tf.ConfigProto(**{field: value})


def test_gpu_option_value_types():
    g = tf.GPUOptions()
    g.per_process_gpu_memory_fraction = 1  # an int is a fine double
    assert g.per_process_gpu_memory_fraction == 1.0 and isinstance(g.per_process_gpu_memory_fraction, float)
    with pytest.raises(TypeError) as e:
        g.visible_device_list = 0
    assert str(e.value) == "0 has type int, but expected one of: bytes, unicode"


def test_print_config_is_protobuf_text_format(capsys):
    c = tf.ConfigProto(allow_soft_placement=True, log_device_placement=True)
    c.gpu_options.allow_growth = True
    print(c)
    assert capsys.readouterr().out == ("gpu_options {\n  allow_growth: true\n}\nallow_soft_placement: true\n"
                                       "log_device_placement: true\n\n")
    assert str(tf.GPUOptions(per_process_gpu_memory_fraction=0.5, visible_device_list="0")) == (
        'per_process_gpu_memory_fraction: 0.5\nvisible_device_list: "0"\n')
    # fields in field-number order; map entries sorted by key
    c = tf.ConfigProto(device_count={"GPU": 0, "CPU": 2}, inter_op_parallelism_threads=2,
                       intra_op_parallelism_threads=4, operation_timeout_in_ms=1000)
    assert str(c) == ('device_count {\n  key: "CPU"\n  value: 2\n}\ndevice_count {\n  key: "GPU"\n  value: 0\n}\n'
                      'intra_op_parallelism_threads: 4\ninter_op_parallelism_threads: 2\n'
                      'operation_timeout_in_ms: 1000\n')
    assert repr(c) == str(c)


def test_fields_set_back_to_defaults_are_not_printed():
    c = tf.ConfigProto(allow_soft_placement=True)
    c.allow_soft_placement = False
    c.gpu_options.allow_growth = True
    c.gpu_options.allow_growth = False
    assert str(c) == ""


def test_equality_copy_and_merge():
    a = tf.ConfigProto(allow_soft_placement=True)
    b = tf.ConfigProto()
    assert a != b
    b.allow_soft_placement = True
    assert a == b
    d = copy.deepcopy(a)
    d.gpu_options.allow_growth = True
    assert a.gpu_options.allow_growth is False and d != a
    e = tf.ConfigProto(log_device_placement=True)
    e.MergeFrom(d)
    assert (e.allow_soft_placement, e.log_device_placement, e.gpu_options.allow_growth) == (True, True, True)
    f = tf.ConfigProto()
    f.CopyFrom(e)
    assert f == e
    f.Clear()
    assert str(f) == ""


def test_has_field():
    c = tf.ConfigProto()
    assert not c.HasField("gpu_options")
    c.gpu_options.allow_growth = True
    assert c.HasField("gpu_options")
    with pytest.raises(ValueError) as e:
        c.HasField("bogus")
    assert str(e.value) == "Protocol message ConfigProto has no field bogus."


def test_run_options_and_metadata():
    o = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE, timeout_in_ms=5)
    assert (tf.RunOptions.NO_TRACE, tf.RunOptions.SOFTWARE_TRACE, tf.RunOptions.HARDWARE_TRACE,
            tf.RunOptions.FULL_TRACE) == (0, 1, 2, 3)
    assert str(o) == "trace_level: 3\ntimeout_in_ms: 5\n"
    m = tf.RunMetadata()
    assert str(m) == "" and list(m.step_stats.dev_stats) == []
    with pytest.raises(ValueError, match='^Protocol message RunOptions has no "trace" field\\.$'):
        tf.RunOptions(trace=3)


def test_session_keeps_the_config_it_was_given():
    c = tf.ConfigProto(operation_timeout_in_ms=123)
    tf.constant(1.0)
    with tf.Session(config=c) as s:
        assert s.config is c

"""`tf.test.is_gpu_available()`, `tf.test.gpu_device_name()` and `device_lib.list_local_devices()`:
the first cell of many GPU lessons. They follow nbgraph's virtual GPUs."""
from __future__ import annotations

import pytest

import nbgraph as tf
from nbgraph import tf_paths


@pytest.fixture
def gpus():
    def use(n):
        tf.devices.use_virtual_gpus(n)
    yield use
    tf.devices.use_virtual_gpus(None)


def test_without_gpus_the_answers_are_tfs_cpu_answers(gpus):
    gpus(0)
    assert tf.test.is_gpu_available() is False
    assert tf.test.gpu_device_name() == ""
    devices = tf_paths.modules()["tensorflow.python.client.device_lib"].list_local_devices()
    assert [(d.name, d.device_type, d.memory_limit) for d in devices] == [("/device:CPU:0", "CPU", 268435456)]
    assert str(devices[0]).startswith('name: "/device:CPU:0"\ndevice_type: "CPU"\nmemory_limit: 268435456\nlocality {\n}')


def test_virtual_gpus_are_reported_and_a_gpu_branch_runs_on_one(gpus):
    gpus(2)
    assert tf.test.is_gpu_available() is True
    assert tf.test.is_gpu_available(cuda_only=True) is False  # nbgraph's GPUs are not CUDA devices
    name = tf.test.gpu_device_name()
    assert name == "/device:GPU:0"
    devices = tf_paths.modules()["tensorflow.python.client.device_lib"].list_local_devices()
    assert [d.device_type for d in devices] == ["CPU", "GPU", "GPU"]
    assert "nbgraph virtual GPU" in devices[1].physical_device_desc
    with tf.Graph().as_default():
        with tf.device(name):
            c = tf.constant([1.0, 2.0]) * 2
        with tf.Session() as s:
            assert s.run(c).tolist() == [2.0, 4.0]

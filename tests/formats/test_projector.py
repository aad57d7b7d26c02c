"""`tf.contrib.tensorboard.plugins.projector`: a word2vec lesson's embedding config lands in the
writer's log directory as `projector_config.pbtxt`, in the text form TensorBoard reads."""
from __future__ import annotations

import pytest

import nbgraph as tf
from nbgraph.contrib.tensorboard.plugins import projector


def test_visualize_embeddings_writes_the_config_text(tmp_path):
    config = projector.ProjectorConfig()
    embedding = config.embeddings.add()
    embedding.tensor_name = tf.Variable(tf.zeros([4, 2]), name="embedding").name
    embedding.metadata_path = "vocab_4.tsv"
    with tf.summary.FileWriter(str(tmp_path)) as writer:
        projector.visualize_embeddings(writer, config)
    assert (tmp_path / "projector_config.pbtxt").read_text() == (
        'embeddings {\n  tensor_name: "embedding:0"\n  metadata_path: "vocab_4.tsv"\n}\n')
    from tensorboard.plugins.projector import projector_config_pb2
    assert projector.ProjectorConfig is projector_config_pb2.ProjectorConfig
    assert tf.contrib.tensorboard.plugins.projector is projector


def test_a_writer_without_a_logdir_is_refused():
    class NoDir:
        def get_logdir(self):
            return None
    with pytest.raises(ValueError, match="^Summary writer must have a logdir$"):
        projector.visualize_embeddings(NoDir(), projector.ProjectorConfig())

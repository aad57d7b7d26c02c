"""Datasets TF 1.x lessons load with TensorFlow's own helpers: `mnist`
(`tensorflow.examples.tutorials.mnist.input_data.read_data_sets`)."""

"""`tf.layers`: TF 1.x's layer functions and classes, built from nbgraph ops and variables.
(This branch holds only the convolutional layers; dense/dropout/flatten live in core.py.)"""
from .convolutional import (AveragePooling2D, Conv2D, MaxPooling2D, average_pooling2d, conv2d,  # noqa: F401
                            max_pooling2d)

"""`tf.layers`: TF 1.x's functional and class layers. `core.py` has dense, dropout and flatten;
convolution and pooling layers live in `convolutional.py`."""
from __future__ import annotations

from .base import Layer  # noqa: F401
from .core import Dense, Dropout, Flatten, dense, dropout, flatten  # noqa: F401
from .convolutional import (AveragePooling2D, Conv2D, MaxPooling2D, average_pooling2d, conv2d,  # noqa: F401
                            max_pooling2d)
from .normalization import BatchNormalization, batch_normalization  # noqa: F401,E402
from .convolutional_more import (AveragePooling1D, Conv1D, Conv2DTranspose, MaxPooling1D,  # noqa: F401,E402
                                 average_pooling1d, conv1d, conv2d_transpose, max_pooling1d)
from .convolutional_3d import (AveragePooling3D, Conv3D, MaxPooling3D, SeparableConv2D,  # noqa: F401,E402
                               average_pooling3d, conv3d, max_pooling3d, separable_conv2d)

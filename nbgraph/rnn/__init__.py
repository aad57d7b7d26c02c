"""`tf.nn.rnn_cell` and the RNN builders (`tf.nn.dynamic_rnn`, `static_rnn`,
`bidirectional_dynamic_rnn`, `static_bidirectional_rnn`), as TF 1.15 has them. `cell_base.py`: what cells share; `cells.py`:
the cells; `dynamic.py`: the builders."""
from .cell_base import LayerRNNCell, LSTMStateTuple, RNNCell  # noqa: F401
from .cells import BasicLSTMCell, BasicRNNCell, DropoutWrapper, GRUCell, LSTMCell, MultiRNNCell  # noqa: F401
from .dynamic import bidirectional_dynamic_rnn, dynamic_rnn, static_rnn  # noqa: F401
from .static_bidirectional import static_bidirectional_rnn  # noqa: F401

"""`tf.train` (the input-pipeline part: queue runners, the coordinator and input producers).

The `train` branch owns this file; this minimal version exports only the input names, and the
lead merges the two."""
from __future__ import annotations

from .coordinator import Coordinator, LooperThread  # noqa: F401
from .input import (batch, input_producer, limit_epochs, range_input_producer, shuffle_batch,  # noqa: F401
                    slice_input_producer, string_input_producer)
from .queue_runner import QueueRunner, add_queue_runner, start_queue_runners  # noqa: F401


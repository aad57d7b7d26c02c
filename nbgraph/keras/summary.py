"""`model.summary()` in TF 1.15's text: `Model: "sequential"`, a 65-column table (98 columns with a
`Connected to` column for non-sequential graphs), the layer rows, and the parameter counts."""
from __future__ import annotations

from typing import Callable


def _print_row(fields, positions, print_fn):
    line = ""
    for i, field in enumerate(fields):
        if i > 0:
            line = line[:-1] + " "
        line += str(field)
        line = line[:positions[i]]
        line += " " * (positions[i] - len(line))
    print_fn(line)


def _sequential_like(model) -> bool:
    from .network import Sequential
    if isinstance(model, Sequential) or not model._is_graph_network:
        return True
    nodes = []
    for v in model._nodes_by_depth.values():
        if len(v) > 1 or (len(v) == 1 and len(v[0].inbound_layers) > 1):
            return False
        nodes += v
    for layer in model.layers:
        if sum(1 for n in layer._inbound_nodes if n in nodes) > 1:
            return False
    return True


def _output_shape(layer):
    try:
        return layer.output_shape
    except AttributeError:
        return "multiple"
    except RuntimeError:
        return "?"


def print_summary(model, line_length=None, positions=None, print_fn: Callable | None = None) -> None:
    print_fn = print_fn or print
    sequential_like = _sequential_like(model)
    if sequential_like:
        line_length = line_length or 65
        positions = positions or [.45, .85, 1.]
        to_display = ["Layer (type)", "Output Shape", "Param #"]
    else:
        line_length = line_length or 98
        positions = positions or [.33, .55, .67, 1.]
        to_display = ["Layer (type)", "Output Shape", "Param #", "Connected to"]
    if positions[-1] <= 1:
        positions = [int(line_length * p) for p in positions]
    relevant = set(model._nodes) if model._is_graph_network else set()

    print_fn(f'Model: "{model.name}"')
    print_fn("_" * line_length)
    _print_row(to_display, positions, print_fn)
    print_fn("=" * line_length)
    layers = model.layers
    for i, layer in enumerate(layers):
        name = f"{layer.name} ({type(layer).__name__})"
        params = layer.count_params() if layer.built else 0
        if sequential_like:
            _print_row([name, _output_shape(layer), params], positions, print_fn)
        else:
            connections = []
            for node in layer._inbound_nodes:
                if relevant and node not in relevant:
                    continue
                for inbound, ni, ti in (h for h in node.inbound_history if h is not None):
                    connections.append(f"{inbound.name}[{ni}][{ti}]")
            first = connections[0] if connections else ""
            _print_row([name, _output_shape(layer), params, first], positions, print_fn)
            for c in connections[1:]:
                _print_row(["", "", "", c], positions, print_fn)
        print_fn("=" * line_length if i == len(layers) - 1 else "_" * line_length)
    trainable = _count(model.trainable_weights)
    non_trainable = _count(model.non_trainable_weights)
    print_fn(f"Total params: {trainable + non_trainable:,}")
    print_fn(f"Trainable params: {trainable:,}")
    print_fn(f"Non-trainable params: {non_trainable:,}")
    print_fn("_" * line_length)


def _count(weights) -> int:
    import numpy as np
    return int(sum(np.prod(w.get_shape().as_list()) for w in weights))

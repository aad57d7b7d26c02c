"""Sentences for the steps `minimize` adds: the gradient ops under `gradients/<op>_grad/` say
which forward op they differentiate (a `Mul` in a product's gradient says its chain-rule
product), and the `Apply*` updates say how they change their variable."""
from __future__ import annotations

import re

from .style import preview

# `gradients/mul_grad/Mul`, `outer/gradients_1/outer/mul_grad/Mul_1`: the scope, the forward op
_GRAD = re.compile(r"^(?P<scope>(?:.*/)?gradients(?:_\d+)?/)(?P<forward>.+?)_grad/.+$")
_RULES = {"ApplyMomentum": "momentum", "ApplyAdam": "Adam", "ApplyAdagrad": "Adagrad",
          "ApplyRMSProp": "RMSProp", "ApplyCenteredRMSProp": "centered RMSProp", "ApplyAdadelta": "Adadelta"}
_GRAD_AT = {"ApplyMomentum": 1}   # the gradient among the value inputs (after the slots): else last


def _name(t):
    op = t.op
    if op.type == "Identity" and op.name.endswith("/read") and op.inputs:
        return op.inputs[0].op.name
    return op.name


def _output_of(scope, graph):
    """The tensor the gradients in `scope` differentiate: the forward op whose `_grad` ops read
    the scope's `Fill` (the d(y)/d(y) = 1 the backward pass starts from)."""
    try:
        fill = graph.get_operation_by_name(scope + "Fill")
    except (KeyError, ValueError):
        return None
    for consumer in fill.outputs[0].consumers():
        m = _GRAD.match(consumer.name)
        if m and m.group("scope") == scope:
            return m.group("forward")
    return None


def explain_training(record, base) -> str | None:
    """The sentence for a gradient or update step, or None for any other step; `base` gives
    the plain sentence of a step."""
    op = record.op
    if op.type in ("ApplyGradientDescent", *_RULES):
        return _explain_apply(record)
    if op.type == "Fill" and re.fullmatch(r"(?:.*/)?gradients(?:_\d+)?/Fill", op.name):
        y = _output_of(op.name[:-len("Fill")], op.graph) or "the output"
        return f"Fill {op.name} starts the backward pass at {y}: d({y})/d({y}) = {preview(record.output)}"
    m = _GRAD.match(op.name)
    if m is None:
        return None
    try:
        forward = op.graph.get_operation_by_name(m.group("forward"))
    except (KeyError, ValueError):
        return None
    y = _output_of(m.group("scope"), op.graph) or "the output"
    if op.type == "Mul" and forward.type == "Mul" and record.inputs is not None and len(op.inputs) == 2:
        sentence = _product(record, forward, y)
        if sentence is not None:
            return sentence
    return f"{base(record)} (chain rule for d({y}), back through {forward.name}, a {forward.type})"


def _product(record, forward, y):
    """`gradients/mul_grad/Mul` = incoming gradient × the other factor: d(y)/d(one factor)."""
    op, ins = record.op, list(record.inputs)
    fx = list(forward.inputs)
    for k, t in enumerate(op.inputs):
        if t in fx:
            wrt = _name(fx[1 - fx.index(t)])
            words = ["the incoming gradient", _name(t)] if k == 1 else [_name(t), "the incoming gradient"]
            return (f"Mul {op.name} computes d({y})/d({wrt}) for {forward.name}: {words[0]} × {words[1]} "
                    f"= {preview(ins[0])} × {preview(ins[1])} = {preview(record.output)}")
    return None


def _explain_apply(record):
    op, ins, out = record.op, list(record.inputs or ()), record.output
    var = _name(op.inputs[0])
    if op.type == "ApplyGradientDescent" and len(ins) == 2:
        return (f"ApplyGradientDescent updates {var}: {var} - learning_rate × gradient "
                f"= {var} - {preview(ins[0])} × {preview(ins[1])} = {preview(out)}")
    grad = ins[_GRAD_AT.get(op.type, -1)] if ins else None
    return (f"{op.type} updates {var} by the {_RULES[op.type]} rule from its gradient {preview(grad)}: "
            f"{var} is now {preview(out)}")

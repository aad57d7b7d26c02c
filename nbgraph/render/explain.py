"""One plain-language sentence per executed step, for the stepper:
`Add adds a and b element-wise: [1. 2.] + [2. 3.] = [3. 5.]`."""
from __future__ import annotations

from ..engine.dataflow import context_kind, is_dead
from .explain_training import explain_training
from .style import preview


def _name(t):
    """How an input is called in a sentence: its op's short name (`a`, `v/read` -> `v`)."""
    op = t.op
    if op.type == "Identity" and op.name.endswith("/read") and op.inputs:
        return op.inputs[0].op.name
    return op.name


def explain(record) -> str:
    sentence = _explain_control_flow(record)
    if sentence is None:
        sentence = explain_training(record, _explain_op)
    if sentence is None:
        sentence = _explain_op(record)
    if getattr(record, "frame", None):
        return f"[loop {record.frame}, iteration {record.iteration + 1}] {sentence}"
    return sentence


def _is_dead(value):
    return is_dead(value)


def _explain_control_flow(record):
    """tf.cond / tf.while_loop steps: which branch ran, what enters, loops and leaves."""
    op, out, ins = record.op, record.output, list(record.inputs or ())
    t = op.type
    if _is_dead(out) or (isinstance(out, tuple) and out and all(_is_dead(v) for v in out)):
        if t in ("Exit", "RefExit"):
            return f"Exit {op.name} did not run: the loop goes on"
        if context_kind(op) == "while":
            return f"{t} {op.name} did not run: the loop has stopped"
        return f"{t} {op.name} did not run: it is on the branch of the cond that was not taken"
    if t in ("Switch", "RefSwitch") and len(ins) == 2 and isinstance(out, tuple):
        branch = "true" if not _is_dead(out[1]) else "false"
        return (f"Switch {op.name} sends {_name(op.inputs[0])} to the {branch} branch "
                f"({_name(op.inputs[1])} is {preview(ins[1])}): {preview(ins[0])}")
    if t in ("Merge", "RefMerge") and isinstance(out, tuple) and len(out) == 2:
        src = op.inputs[int(out[1])]
        return f"Merge {op.name} passes on the value of the branch that ran ({_name(src)}): {preview(out[0])}"
    if t in ("Enter", "RefEnter"):
        kind = "a loop invariant" if op.get_attr("is_constant") else "a loop variable"
        return f"Enter {op.name} brings {_name(op.inputs[0])} into the loop as {kind}: {preview(out)}"
    if t == "LoopCond":
        goes = "goes on" if bool(out) else "stops"
        return f"LoopCond {op.name} checks {_name(op.inputs[0])}: the loop {goes}"
    if t in ("NextIteration", "RefNextIteration"):
        return f"NextIteration {op.name} carries {_name(op.inputs[0])} into the next iteration: {preview(out)}"
    if t in ("Exit", "RefExit"):
        return f"Exit {op.name} hands the loop's final value out: {preview(out)}"
    return None


def _explain_op(record) -> str:
    op = record.op
    opdef = op.op_def
    out = record.output
    ins = list(record.inputs or ())
    value_inputs = [t for i, t in enumerate(op.inputs) if i not in opdef.ref_inputs]
    verb, _, sym = (opdef.doc or "").partition("|")
    t = op.type
    if t == "Const":
        return f"Const {op.name} holds a constant: {preview(out)}"
    if t == "VariableV2":
        return f"Variable {op.name} is read from session state: {preview(out)}"
    if t in ("Assign", "AssignAdd", "AssignSub"):
        var = op.inputs[0].op.name
        what = {"Assign": "writes", "AssignAdd": "adds", "AssignSub": "subtracts"}[t]
        prep = {"Assign": "into", "AssignAdd": "to", "AssignSub": "from"}[t]
        return f"{t} {what} {preview(ins[0])} {prep} variable {var}; it now holds {preview(out)}"
    if t == "NoOp":
        deps = ", ".join(c.name for c in op.control_inputs) or "nothing"
        return f"NoOp {op.name} computes nothing; it only makes sure {deps} ran first"
    if t == "Identity" and op.name.endswith("/read"):
        return f"Identity {op.name} reads variable {_name(op.outputs[0])}: {preview(out)}"
    if t == "Placeholder":
        return f"Placeholder {op.name} takes the value fed for it"
    if t == "Print":
        data = _and([_name(x) for x in value_inputs[1:]])
        return (f"Print {op.name} prints {op.attr_value('message', '')!r} and {data or 'nothing'}, then passes "
                f"{_name(value_inputs[0])} on unchanged: {preview(out)}")
    if opdef.category == "elementwise" and len(value_inputs) == 2 and sym:
        a, b = (_name(x) for x in value_inputs)
        return (f"{t} {verb} {a} and {b} element-wise: {preview(ins[0])} {sym} {preview(ins[1])} "
                f"= {preview(out)}")
    if opdef.category == "elementwise" and len(value_inputs) == 1:
        return f"{t} {verb} {_name(value_inputs[0])}: {preview(ins[0])} -> {preview(out)}"
    if opdef.category == "reduction" and ins:
        return f"{t} {verb} {_name(value_inputs[0])} over axis {preview(ins[1])}: {preview(ins[0])} -> {preview(out)}"
    who = t if op.name == t else f"{t} {op.name}"
    if verb:
        names = _and([_name(x) for x in value_inputs])
        return f"{who} {verb} {names or 'nothing'}: {preview(out) if out is not None else 'no value'}"
    return f"{who} produced {preview(out) if out is not None else 'no value'}"


def _and(names):
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else ""

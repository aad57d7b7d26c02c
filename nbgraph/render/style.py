"""How things look: node shapes and colours by op kind, device colours, the step and "added"
marks, edge styles, and the escaping every user-supplied string gets before it reaches DOT or HTML.

One colour means one thing in every picture: a node's fill is its device when the picture knows
devices, else its kind; red is only ever a failure; the stepper's current step is yellow with an
orange outline, a done step grey; what a cell added has a blue outline (the tutor, `%%nbgraph`)."""
from __future__ import annotations

import html
import re

import numpy as np

# op kind -> (shape, fill colour). Kinds come from the registry categories, refined a little.
# No kind is filled grey (a done step), yellow (the current step) or red (a failure).
KIND_STYLE = {
    "constant": ("box", "#f1f5f9"),
    "placeholder": ("invhouse", "#fef3c7"),
    "variable": ("cylinder", "#bbf7d0"),
    "math": ("ellipse", "#dbeafe"),
    "array": ("ellipse", "#cffafe"),
    "state": ("box", "#fed7aa"),
    "init": ("octagon", "#ede9fe"),
    "control": ("diamond", "#f5d0fe"),
    "random": ("ellipse", "#fce7f3"),
    "io": ("note", "#ccfbf1"),
    "scope": ("box3d", "#f9fafb"),
}

def device_colour(device: str) -> str:
    """One colour per device, the same in every picture: CPU:n and GPU:n have fixed slots.
    On a cluster (`/job:ps/task:0/...`) one colour per task (render/tasks.py)."""
    from .tasks import task_colour
    by_task = task_colour(device)
    if by_task is not None:
        return by_task
    from ..engine.devices import DeviceSpec
    try:
        spec = DeviceSpec.from_string(device)
    except (ValueError, TypeError):
        spec = None
    if spec is None or spec.device_type not in ("CPU", "GPU"):
        return DEVICE_PALETTE[-1]
    index = spec.device_index or 0
    if spec.device_type == "CPU":
        return DEVICE_PALETTE[0] if index == 0 else DEVICE_PALETTE[-2]
    return DEVICE_PALETTE[1 + index % (len(DEVICE_PALETTE) - 3)]


# CPU:0, GPU:0.., CPU:n, any other device. Pale, and never yellow, grey or red (the step marks).
DEVICE_PALETTE = ["#bfdbfe", "#bbf7d0", "#ddd6fe", "#a5f3fc", "#fbcfe8", "#99f6e4", "#fed7aa", "#d9f99d"]
NO_DEVICE = "#ffffff"   # in a picture coloured by device: an op with no device (yet)

HIGHLIGHT = {"color": "#2563eb", "penwidth": "3"}          # added by the cell: blue, never red
CURRENT = {"color": "#ea580c", "penwidth": "4", "fillcolor": "#fde047"}
DONE = {"fillcolor": "#d1d5db", "fontcolor": "#374151"}
FAILED = {"color": "#b91c1c", "penwidth": "4", "fillcolor": "#fca5a5"}

# How the marks are named in a legend, in the order a legend lists them.
MARKS = {"highlight": ("added by this cell", HIGHLIGHT), "current": ("current step", CURRENT),
         "done": ("done", DONE), "failed": ("failed", FAILED)}

# edge kind -> (DOT attributes, what a legend says it is)
EDGE_STYLE = {
    "data": ({}, "a tensor"),
    "reference": ({"style": "bold", "color": "#15803d", "arrowhead": "diamond"},
                  "the variable itself, to read or assign it (reference)"),
    "control": ({"style": "dotted", "color": "#9333ea", "arrowhead": "odot"},
                "runs first, passes no value (control dependency)"),
}
EDGE_COLOUR = "#6b7280"

# op kind -> how a legend names it
KIND_NAMES = {"constant": "constant", "placeholder": "placeholder (fed)", "variable": "variable",
              "math": "math op", "array": "array op", "state": "assign op", "init": "group (NoOp)",
              "control": "control flow", "random": "random op", "io": "input / output",
              "scope": "name scope, collapsed"}

FONT = {"node": 11, "sub": 9, "edge": 9}   # points: a node's name, its type/value line, edge labels


def op_kind(op) -> str:
    t, cat = op.type, op.op_def.category
    if t == "Const":
        return "constant"
    if t in ("Placeholder", "PlaceholderWithDefault"):
        return "placeholder"
    if t == "VariableV2":
        return "variable"
    if t == "NoOp":
        return "init"
    if cat in ("elementwise", "reduction"):
        return "math"
    return {"source": "array", "array": "array", "state": "state", "control": "control",
            "random": "random", "io": "io"}[cat]


# Code points XML 1.0 cannot carry (C0 controls but tab/newline/return, lone surrogates, U+FFFE,
# U+FFFF) and the ones a page would render invisibly or as terminal codes (DEL, C1 controls).
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _visible_escape(m) -> str:
    cp = ord(m.group())
    return f"\\x{cp:02x}" if cp < 0x100 else f"\\u{cp:04x}"


def printable(text) -> str:
    """`text` with every code point that DOT, SVG/XML or HTML cannot carry shown as its Python
    escape (`\\x01`, `\\ud800`); everything else unchanged."""
    return _UNSAFE.sub(_visible_escape, str(text))


def h(text) -> str:
    """Escapes any string for an HTML(-like) label or page: `<`, `>`, `&`, quotes, and the code
    points XML cannot carry (see `printable`)."""
    return html.escape(printable(text), quote=True)


def dot_attr(text) -> str:
    """Makes a string safe for a plain (non-HTML) DOT attribute such as a tooltip. Graphviz
    expands `\\N`, `\\G`, `\\n`... there, and how many backslashes undo that differs between
    versions, so a backslash is shown as its look-alike `⧵` (U+29F5) instead."""
    return printable(text).replace("\\", "\u29f5")


def preview(value, limit=6, width=40) -> str:
    """A short, one-line text of a value (a constant's contents, a step's output); a single
    string is shown as it is, without quotes."""
    arr = np.asarray(value)
    if arr.dtype == object:
        items = [v.decode("utf-8", "backslashreplace") if isinstance(v, bytes) else str(v)
                 for v in arr.reshape(-1)[:limit]]
        text = (items[0] if items[0].strip() else repr(items[0])) if arr.ndim == 0 else "[" + ", ".join(repr(i) for i in items) + \
            (", …" if arr.size > limit else "") + "]"
    elif arr.size <= limit:
        text = np.array2string(arr, separator=" ", max_line_width=10_000)
    else:
        text = f"{arr.dtype.name}{list(arr.shape)}"
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def shape_text(tensor) -> str:
    """A tensor's shape and dtype as an edge label, in TF's order (`shape=(2,), dtype=float32`):
    `(2,) float32`, `(?, 3) float32`; a scalar reads `scalar float32`, not `() float32`."""
    return f"{shape_words(tensor.shape)} {tensor.dtype.base_dtype.name}"


def shape_words(shape) -> str:
    """`(2,)`, `(?, 3)`, `<unknown>` as TF prints them; `scalar` for the rank-0 shape `()`."""
    text = str(shape)
    return "scalar" if text == "()" else text

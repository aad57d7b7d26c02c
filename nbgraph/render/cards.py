"""HTML cards and tables (no IPython): a session's card, the open-sessions table and the
placement table. Every user-supplied string is escaped."""
from __future__ import annotations

from ..engine.session_placer import PlacementRecord
from ..engine.session import open_sessions
from . import style as S

_TABLE = ('<table class="nbgraph-table" style="border-collapse:collapse;font-size:12px">'
          '<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>')
_TH = '<th style="text-align:left;padding:2px 8px;border-bottom:1px solid #999">{}</th>'
_TD = '<td style="text-align:left;padding:2px 8px;font-family:monospace">{}</td>'


def table(headers, rows) -> str:
    head = "".join(_TH.format(S.h(x)) for x in headers)
    body = "".join("<tr>" + "".join(_TD.format(S.h(c)) for c in row) + "</tr>" for row in rows)
    return _TABLE.format(head=head, rows=body)


def graph_name(graph) -> str:
    """How the learner sees a graph: "graph 1 (9 ops)", its number in the process, no address."""
    n = len(graph.get_operations())
    return f"graph {graph.serial} ({n} op{'' if n == 1 else 's'})"


def session_summary(sess) -> dict:
    """What a session is: the facts the card, `%nbgraph sessions` and the tutor show."""
    cfg = sess.config
    variables = sess.initialized_variables()
    return {
        "session": f"{type(sess).__name__} #{sess.serial}" + (f" ({sess.label})" if sess.label else ""),
        "state": "closed" if sess.closed else "open",
        "graph": graph_name(sess.graph),
        "config": " ".join(str(cfg).split()) or "(default)",
        "devices": ", ".join(d.name.split("/device:")[-1] + (" (virtual)" if d.virtual else "")
                             for d in sess.list_devices()),
        "initialised variables": ", ".join(
            f"{op.name}={S.preview(value, width=24)}" for op, value in variables.items()) or "none",
    }


def session_card(sess) -> str:
    info = session_summary(sess)
    colour = "#16a34a" if info["state"] == "open" else "#6b7280"
    rows = "".join(f"<tr><th style='text-align:left;padding:1px 8px'>{S.h(k)}</th>"
                   f"<td style='font-family:monospace;padding:1px 8px'>{S.h(v)}</td></tr>"
                   for k, v in info.items() if k != "session")
    return (f"<div class='nbgraph-session' style='border:1px solid {colour};border-radius:4px;padding:4px;"
            f"display:inline-block'><b>{S.h(info['session'])}</b> "
            f"<span style='color:{colour}'>{S.h(info['state'])}</span><table>{rows}</table></div>")


def sessions_table(sessions=None) -> str:
    sessions = open_sessions() if sessions is None else sessions
    if not sessions:
        return "<p>No open sessions.</p>"
    headers = ["session", "state", "graph", "config", "devices", "initialised variables"]
    rows = [[session_summary(s)[h] for h in headers] for s in sessions]
    note = (f"<p><b>{len(sessions)} session(s) still open.</b> Sessions hold their variables' values and "
            f"devices until closed: use <code>with tf.Session() as sess:</code> or call "
            f"<code>sess.close()</code>.</p>")
    return note + table(headers, rows)


def sessions_text(sessions=None) -> str:
    sessions = open_sessions() if sessions is None else sessions
    if not sessions:
        return "No open sessions."
    lines = [f"{len(sessions)} open session(s):"]
    for s in sessions:
        info = session_summary(s)
        lines.append(f"  {info['session']}: {info['graph']}; devices {info['devices']}; "
                     f"variables {info['initialised variables']}")
    return "\n".join(lines)


def task_and_device(assigned: str) -> tuple[str, str]:
    """`/job:ps/replica:0/task:0/device:CPU:0` -> (`/job:ps/task:0`, `CPU:0`)."""
    task, _, device = assigned.partition("/device:")
    job = task.split("/replica:")[0]
    index = task.rsplit("/task:", 1)[-1] if "/task:" in task else "0"
    return f"{job}/task:{index}", device


def placement_table(records: list[PlacementRecord], transfers=()) -> str:
    """The placement log as a table. On a cluster (devices of `/job:ps`, `/job:worker`, ...) the
    assigned device is split into its task and its device, and `transfers` (the `_Send` steps of
    the latest run, `nbgraph.distributed.transfers`) are listed below with their byte counts."""
    if not records:
        return "<p>No placement records yet: run something in the session first.</p>"
    cluster = any(r.assigned.startswith("/job:") and not r.assigned.startswith("/job:localhost/") for r in records)
    if not cluster:
        headers = ["node", "type", "requested", "assigned", "why"]
        return table(headers, [[r.node, r.op_type, r.requested or "(none)", r.assigned, r.reason] for r in records])
    headers = ["node", "type", "requested", "task", "device", "why"]
    rows = [[r.node, r.op_type, r.requested or "(none)", *task_and_device(r.assigned), r.reason] for r in records]
    out = table(headers, rows)
    sends = [t for t in transfers if t.type == "_Send"]
    if sends:
        rows = [[t.name, t.tensor.name, task_and_device(t.send_device)[0], task_and_device(t.recv_device)[0],
                 f"{t.bytes:,}"] for t in sends]
        out += (f"<p>Between tasks in the latest run: {len(sends)} tensor(s), "
                f"{sum(t.bytes for t in sends):,} bytes</p>" + table(["_Send", "tensor", "from task", "to task", "bytes"], rows))
    return out

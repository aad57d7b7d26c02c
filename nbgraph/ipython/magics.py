"""`%nbgraph` — one line/cell magic with subcommands, each with `--help`:

    %nbgraph graph [target] [--depth N] [--rankdir LR] [--no-shapes] [--expand SCOPE] [--dot]
    %nbgraph placement [session] [--filter TEXT]
    %nbgraph step <fetch> [--feed EXPR] [--session EXPR]
    %nbgraph sessions
    %nbgraph reset
    %nbgraph lesson [name]         (registered by nbgraph.tutor, see tutor/magic.py)
    %nbgraph alias tensorflow on|off
    %nbgraph traceback short|full  (errors nbgraph raises: without its own frames, or all of them)
    %%nbgraph            (runs the cell, then shows what it added to the graph)

Mistakes raise `UsageError`: one line, no traceback. A layer above adds its own subcommand with
`register_subcommand(name, parser, handler)` (this module never imports it).
"""
from __future__ import annotations

import argparse
import difflib
import shlex

from IPython.core.error import UsageError
from IPython.core.magic import Magics, line_cell_magic, magics_class
from IPython.core.magic_arguments import MagicArgumentParser
from IPython.display import HTML, SVG, display
from traitlets import Enum

import nbgraph as tf

from ..engine.errors import OpError
from ..engine.session import BaseSession, reset
from ..render import DotNotFound, RenderTooLarge, to_dot, to_svg
from ..render.layout import collapsed_scopes
from ..render.cards import placement_table, sessions_table, sessions_text
from . import alias
from .cell_failed import raise_if_failed


def subcommand_parser(prog, description, *args):
    p = MagicArgumentParser(prog=f"%nbgraph {prog}", description=description, add_help=False,
                            formatter_class=argparse.HelpFormatter)  # plain `usage: %nbgraph graph ...`
    for names, kw in args:
        p.add_argument(*names, **kw)
    return p


PARSERS = {
    "graph": subcommand_parser("graph", "Draw the default graph, or what a tensor/op/variable needs.",
                     (["target"], {"nargs": "?", "help": "expression: a Graph, Tensor, Operation, Variable or list; "
                                                         "a GraphDef or a .pb/.pbtxt/.meta path; "
                                                         "a Session: its graph coloured by placement"}),
                     (["--depth"], {"type": int, "metavar": "N",
                                    "help": "draw N levels of name scopes; each scope at level N is one node"}),
                     (["--rankdir"], {"default": "TB", "choices": ["TB", "LR", "BT", "RL"]}),
                     (["--no-shapes"], {"action": "store_true", "help": "no shape/dtype labels on edges"}),
                     (["--expand"], {"action": "append", "default": [], "metavar": "SCOPE",
                                     "help": "open a scope drawn as one node by default (gradients, "
                                             "GradientDescent, Adam, ...); 'all' opens every one"}),
                     (["--dot"], {"action": "store_true", "help": "show the DOT source instead of the picture"})),
    "placement": subcommand_parser("placement", "Show where a session placed each node, and why.",
                         (["session"], {"nargs": "?", "help": "expression for a Session (default: the newest)"}),
                         (["--filter"], {"default": "", "help": "show only rows containing TEXT"})),
    "step": subcommand_parser("step", "Step through the evaluation of a fetch, op by op.",
                    (["fetch"], {"help": "expression: a tensor/op (or list) to evaluate"}),
                    (["--feed"], {"help": "expression for a feed_dict"}),
                    (["--session"], {"help": "expression for a Session (default: the default session)"})),
    "sessions": subcommand_parser("sessions", "List every open session: graph, config, devices, variables."),
    "reset": subcommand_parser("reset", "Fresh default graph; close interactive sessions."),
    "alias": subcommand_parser("alias", "Make `import tensorflow` give nbgraph (on) or restore it (off).",
                     (["module"], {"choices": ["tensorflow"]}),
                     (["state"], {"choices": ["on", "off"]})),
    "traceback": subcommand_parser("traceback", "Errors: your code and TF's message (short) or every frame (full).",
                         (["mode"], {"nargs": "?", "choices": ["short", "full"],
                                     "help": "omit to say which is in use"})),
}

HANDLERS = {}  # subcommand -> handler(magics, args), for subcommands other layers register


def register_subcommand(name: str, parser: MagicArgumentParser, handler, after: str | None = None) -> None:
    """Adds `%nbgraph NAME`: `parser` (see `subcommand_parser`) reads its arguments, `handler(magics,
    args)` runs it; it is listed after subcommand `after` (default: last). Registering a name
    again replaces it."""
    items = [(k, v) for k, v in PARSERS.items() if k != name]
    at = next((i + 1 for i, (k, _) in enumerate(items) if k == after), len(items))
    items.insert(at, (name, parser))
    PARSERS.clear()
    PARSERS.update(items)
    HANDLERS[name] = handler


def usage() -> str:
    return "usage: %nbgraph {" + ",".join(PARSERS) + "} ...  (add --help to any subcommand)"


@magics_class
class NbgraphMagics(Magics):
    placement_display = Enum(["text", "table"], default_value="text",
                             help="How placement logs appear: TF's text lines, or also an HTML table").tag(config=True)
    traceback = Enum(["short", "full"], default_value="short",
                     help="Errors nbgraph raises: without nbgraph's own frames (short) or with them (full)"
                     ).tag(config=True)

    @line_cell_magic
    def nbgraph(self, line, cell=None):
        """TF1 graphs in the notebook. `%nbgraph --help` lists the subcommands."""
        if cell is not None:
            if line.strip():
                raise UsageError("%%nbgraph takes no arguments: it runs the cell and shows what it added")
            return self._cell(cell)
        try:
            words = shlex.split(line)
        except ValueError as e:
            raise UsageError(f"cannot parse arguments: {e}") from None
        if not words or words[0] in ("-h", "--help"):
            print(usage())
            for name, p in PARSERS.items():
                print(f"  {name:10s} {p.description}")
            return None
        sub, rest = words[0], words[1:]
        if sub not in PARSERS:
            close = difflib.get_close_matches(sub, list(PARSERS), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise UsageError(f"unknown subcommand {sub!r}{hint} {usage()}" if close
                             else f"unknown subcommand {sub!r}; {usage()}")
        parser = PARSERS[sub]
        if "-h" in rest or "--help" in rest:
            print(parser.format_help())
            return None
        try:
            args = parser.parse_args(rest)  # MagicArgumentParser raises UsageError
        except UsageError as e:  # say what is accepted, on the same line
            raise UsageError(f"{e}; {' '.join(parser.format_usage().split())}") from None
        if sub in HANDLERS:
            return HANDLERS[sub](self, args)
        return getattr(self, f"_{sub}")(args)

    # -- helpers ------------------------------------------------------------------------------
    def _eval(self, expr, what):
        try:
            return eval(expr, self.shell.user_ns)  # noqa: S307 - the user's own expression
        except Exception as e:  # noqa: BLE001
            raise UsageError(f"cannot evaluate {what} {expr!r}: {type(e).__name__}: {e}") from None

    def _graph_target(self, expr):
        """A graph file path as typed (`%nbgraph graph model.pb`), else the expression's value."""
        from ..render.graph_files import is_graph_source
        if is_graph_source(expr.strip("'\"")) and expr not in self.shell.user_ns:
            return expr.strip("'\"")
        return self._eval(expr, "graph target")

    # -- subcommands ----------------------------------------------------------------------------
    def _graph(self, args):
        target = tf.get_default_graph() if args.target is None else self._graph_target(args.target)
        kw = dict(depth=args.depth, rankdir=args.rankdir, shapes=not args.no_shapes,
                  collapse=collapsed_scopes(args.expand))
        if isinstance(target, BaseSession):  # its graph, coloured by where it placed each node
            target, kw["session"] = target.graph, target
        try:
            if args.dot:
                print(to_dot(target, **kw).source)
                return None
            display(SVG(to_svg(target, **kw)))
        except TypeError as e:
            raise UsageError(f"{e}; try %nbgraph graph, %nbgraph graph result or %nbgraph graph g1") from None
        except (RenderTooLarge, ValueError) as e:
            raise UsageError(str(e)) from None
        except DotNotFound as e:
            print(e)
        return None

    def _placement(self, args):
        sess = self._session(args.session)
        from .widgets import PlacementLog
        widget = PlacementLog(sess, filter=args.filter)
        display(widget)
        return None

    def _session(self, expr):
        """The session named by `expr`; else the default one; else the newest one, even if a
        `with` block closed it already (its placement records are still worth reading)."""
        from ..engine.session import get_default_session
        from .extension import sessions_alive
        if expr:
            sess = self._eval(expr, "session")
            if not isinstance(sess, BaseSession):
                raise UsageError(f"{expr!r} is a {type(sess).__name__}, not a Session")
            return sess
        sess = get_default_session() or (sessions_alive() or [None])[-1]
        if sess is None:
            raise UsageError("no session: create one (tf.Session()) or name it: %nbgraph placement sess")
        return sess

    def _step(self, args):
        from .widgets import Stepper
        fetch = self._eval(args.fetch, "fetch")
        feed = self._eval(args.feed, "feed") if args.feed else None
        sess = self._session(args.session) if args.session else None
        try:
            stepper = Stepper(fetch, session=sess, feed_dict=feed)
        except (TypeError, ValueError, RuntimeError) as e:
            raise UsageError(str(e).splitlines()[0]) from None
        except OpError as e:  # e.g. the placer refused the graph: TF's error, without a traceback
            raise UsageError(f"{type(e).__name__}: {e.message.splitlines()[0]}") from None
        display(stepper)
        return None

    def _sessions(self, args):
        display({"text/plain": sessions_text(), "text/html": sessions_table()}, raw=True)
        return None

    def _reset(self, args):
        try:
            closed = reset()
        except RuntimeError as e:
            raise UsageError(str(e)) from None
        print(f"nbgraph: fresh default graph; closed {len(closed)} interactive session(s).")
        return None

    def _alias(self, args):
        if args.state == "on":
            shadowed = alias.enable()
            print("nbgraph: `import tensorflow` now gives nbgraph" +
                  (" (a real TensorFlow was imported before; it is shadowed until `off`)" if shadowed else ""))
        else:
            alias.disable()
            print("nbgraph: `import tensorflow` restored")
        return None

    def _traceback(self, args):
        if args.mode is not None:
            self.traceback = args.mode
        print(f"nbgraph: tracebacks are {self.traceback}: " +
              ("every frame, nbgraph's own too" if self.traceback == "full" else
               "your code and TF's message, without nbgraph's frames (%nbgraph traceback full shows them)"))
        return None

    def _cell(self, cell):
        from . import extension
        before_graph = tf.get_default_graph()
        before_ops = set(before_graph.get_operations())
        before_records = extension.count_records()
        with extension.inner_cell():
            result = self.shell.run_cell(cell)
        g = tf.get_default_graph()
        added = [op for op in g.get_operations() if g is not before_graph or op not in before_ops]
        if added:
            try:
                display(SVG(to_svg(g, highlight=added, depth=None if len(g.get_operations()) <= 200 else 1)))
            except (DotNotFound, RenderTooLarge) as e:
                print(e)
            print(f"nbgraph: the cell added {len(added)} op(s): {', '.join(op.name for op in added[:20])}"
                  + (" …" if len(added) > 20 else ""))
        new_records = extension.new_records(before_records)
        if new_records:
            display(HTML(placement_table(new_records)))
            extension.records_shown()
        raise_if_failed(result)  # the cell fails too (its traceback is shown once, above)
        return None

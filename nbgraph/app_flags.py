"""`tf.app.flags` / `tf.flags` and `tf.app.run`, as TF 1.15 has them: absl's flags (DEFINE_string,
DEFINE_integer, DEFINE_float, DEFINE_boolean, ... on absl's global FlagValues) behind a `FLAGS`
wrapper that parses `sys.argv` on first use with `known_only=True`. So in a notebook, where
argv is the kernel's (`ipykernel_launcher.py -f kernel.json`), reading `FLAGS.x` gives the
flag's default instead of an "Unknown command line flag" error."""
from __future__ import annotations

import sys
import types

from absl import flags as _absl_flags

_FLAGS = _absl_flags.FLAGS


class _FlagValuesWrapper:
    """TF's wrapper: parses argv (known flags only) before the first read of a flag."""

    def __init__(self, flags_object):
        self.__dict__["__wrapped"] = flags_object

    def __getattr__(self, name):
        wrapped = self.__dict__["__wrapped"]
        if not wrapped.is_parsed():
            wrapped(sys.argv, known_only=True)
        return getattr(wrapped, name)

    def __setattr__(self, name, value):
        setattr(self.__dict__["__wrapped"], name, value)

    def __delattr__(self, name):
        delattr(self.__dict__["__wrapped"], name)

    def __dir__(self):
        return dir(self.__dict__["__wrapped"])

    def __getitem__(self, name):
        return self.__dict__["__wrapped"][name]

    def __setitem__(self, name, flag):
        self.__dict__["__wrapped"][name] = flag

    def __len__(self):
        return len(self.__dict__["__wrapped"])

    def __iter__(self):
        return iter(self.__dict__["__wrapped"])

    def __str__(self):
        return str(self.__dict__["__wrapped"])

    def __call__(self, *args, **kwargs):
        return self.__dict__["__wrapped"](*args, **kwargs)


FLAGS = _FlagValuesWrapper(_FLAGS)


def _make_module() -> types.ModuleType:
    mod = types.ModuleType("nbgraph.flags", "tf.flags / tf.app.flags: absl flags, argv parsed on first use")
    for name in dir(_absl_flags):
        if not name.startswith("_"):
            setattr(mod, name, getattr(_absl_flags, name))
    mod.FLAGS = FLAGS
    return mod


flags = _make_module()


def run(main=None, argv=None):
    """`tf.app.run`: parses the known flags from argv, then `sys.exit(main(argv))` (in a notebook
    that ends the cell with SystemExit, as with TF)."""
    main = main or sys.modules["__main__"].main
    args = _FLAGS(sys.argv if argv is None else argv, known_only=True)
    sys.exit(main(args))


app = types.ModuleType("nbgraph.app", "tf.app: flags and run")
app.flags = flags
app.run = run
app.FLAGS = FLAGS

"""What an op *is*: one `OpDef` per op type, kept in a plain dict.

An `OpDef` bundles the op's category (for the renderer and the tests), its shape function,
and a kernel factory. The catalogue of actual ops lives in `engine/ops/`; this module only
knows the mechanism, so adding an op means one `register(...)` call in one place.

Kernel protocol: `make_kernel(op)` returns `f(ctx, *input_values)` returning the op's output
value (or a tuple of values when the op has several outputs, `None` when it has none). `ctx`
is the per-session state (`variables` dict, `counters`, `rng(op)`). Optional attributes of `f`
that the executor and compiled plans (`engine/compiled.py`) use: `direct` (a ctx-free numpy
function), `quiet` (`f` without its own `np.errstate`: the executor ignores numpy's errors for the
whole run), `constant` (a Const's value), `passthrough` (returns its one input), `nothing` (a NoOp).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

__all__ = ["OpDef", "register", "get", "registered", "CATEGORIES", "lend", "builders"]

CATEGORIES = ("source", "elementwise", "reduction", "array", "state", "control", "random", "io")


@dataclass(frozen=True)
class OpDef:
    type: str
    category: str
    shape_fn: Callable            # shape_fn(op) -> list of TensorShape, one per output
    make_kernel: Callable         # make_kernel(op) -> f(ctx, *inputs)
    gpu: bool = True              # has a GPU kernel (placement falls back to CPU otherwise)
    ref_inputs: tuple = ()        # input indices taken by reference (Assign's variable)
    stateful: bool = False        # TF's stateful OpDef: placement keeps its device across re-placements
    doc: str = ""


_REGISTRY: dict[str, OpDef] = {}


def register(type_: str, category: str, shape_fn, make_kernel, **kw) -> OpDef:
    """Registers an op type; a second registration of the same type is a bug."""
    if category not in CATEGORIES:
        raise ValueError(f"unknown op category {category!r} (must be one of {', '.join(CATEGORIES)})")
    if type_ in _REGISTRY:
        raise ValueError(f"op type {type_!r} is already registered")
    opdef = OpDef(type_, category, shape_fn, make_kernel, **kw)
    _REGISTRY[type_] = opdef
    return opdef


def get(type_: str) -> OpDef:
    try:
        return _REGISTRY[type_]
    except KeyError:
        raise KeyError(f"Op type not registered '{type_}' in binary running on this machine.") from None


def registered() -> dict[str, OpDef]:
    return dict(_REGISTRY)


# -- builders the catalogue lends the core ------------------------------------------------------
# The core never imports `engine/ops/` (it is a leaf that imports the core). The few graph-building
# functions the core itself needs (variables build `Assign`/`Identity`, initializers `zeros`/
# `random_normal`, `convert_to_tensor` packs lists through `Pack`) are lent here by the catalogue
# when it is imported (from the package's face) and looked up by name at call time.
_BUILDERS: dict[str, Callable] = {}


def lend(**fns: Callable) -> None:
    """The catalogue lends the core op-building functions, by name (`lend(identity=identity)`)."""
    _BUILDERS.update(fns)


class _Builders:
    """`builders.identity(x)`: the lent function of that name."""

    def __getattr__(self, name: str) -> Callable:
        try:
            return _BUILDERS[name]
        except KeyError:
            raise AttributeError(f"no op builder {name!r} has been lent to the core: the op catalogue "
                                 "(nbgraph.engine.ops) is loaded by `import nbgraph`") from None


builders = _Builders()

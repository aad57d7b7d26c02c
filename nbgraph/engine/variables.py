"""Reference variables (`tf.Variable`), `get_variable` with variable scopes and TF 1.x's reuse
rules, the variable collections and the initializer helpers.

A variable is graph structure only (`v`, `v/Assign`, `v/read`, `v/Initializer/...`); its value
lives in each session that initialised it.
"""
from __future__ import annotations

import contextlib
import enum

from . import dtypes as _dt
from . import initializers as _init
from .convert import convert_to_tensor, register_tensor_conversion_function
from .graph import GraphKeys, get_default_graph, graph_of
from .registry import builders as _ops
from .session import get_default_session
from .shapes import as_shape, unknown_shape
from .tensor import _user_location

class _ReuseMode(enum.Enum):
    """TF's reuse mode: `repr(tf.AUTO_REUSE)` is `<_ReuseMode.AUTO_REUSE: 1>`."""
    AUTO_REUSE = 1


AUTO_REUSE = _ReuseMode.AUTO_REUSE


class RefVariable:
    """`tf.Variable`: a `VariableV2` node plus its `Assign` initializer and `read` snapshot."""

    def __new__(cls, *args, **kwargs):
        # with eager execution on, the default graph names the class `tf.Variable(...)` makes
        eager_cls = getattr(get_default_graph(), "_variable_class", None) if cls is RefVariable else None
        return super().__new__(eager_cls or cls)

    def __init__(self, initial_value=None, trainable=True, collections=None, validate_shape=True,
                 caching_device=None, name=None, variable_def=None, dtype=None, expected_shape=None,
                 import_scope=None, constraint=None, use_resource=None, synchronization=None,
                 aggregation=None, shape=None):
        if initial_value is None:
            raise ValueError("initial_value must be specified.")
        if collections is None:
            collections = [GraphKeys.GLOBAL_VARIABLES]
        if not isinstance(collections, (list, tuple, set)):
            raise ValueError(f"collections argument to Variable constructor must be a list, tuple, or set. "
                             f"Got {collections} of type {type(collections)}")
        collections = list(collections)
        if trainable and GraphKeys.TRAINABLE_VARIABLES not in collections:
            collections.append(GraphKeys.TRAINABLE_VARIABLES)
        from_fn = callable(initial_value)
        g = get_default_graph() if from_fn else graph_of([initial_value])
        # TF builds a variable in `init_scope`: outside the caller's control dependencies and cond/loop
        with g.as_default(), g.name_scope(name or "Variable") as scope, g.control_dependencies(None):
            true_name = scope[:-1]
            if from_fn:
                with g._attr_scope_ctx({"_class": [true_name]}), g.name_scope("Initializer"), g.device(None):
                    self._initial_value = convert_to_tensor(initial_value(), name="initial_value", dtype=dtype)
            else:
                self._initial_value = convert_to_tensor(initial_value, name="initial_value", dtype=dtype)
            init_shape = self._initial_value.shape
            if validate_shape and not init_shape.is_fully_defined():
                raise ValueError(f"initial_value must have a shape specified: {self._initial_value}")
            var_shape = as_shape(shape) if shape is not None else (init_shape if validate_shape else unknown_shape())
            # TF: a variable built from an initializer function is colocated with itself (`_class`)
            with g._attr_scope_ctx({"_class": [true_name]} if from_fn else {}):
                self._variable = _ops.variable_op_v2(var_shape, self._initial_value.dtype.base_dtype, name=scope)
            with g.colocate_with(self._variable.op):
                self._initializer_op = _ops.assign(self._variable, self._initial_value,
                                                   validate_shape=validate_shape).op
                self._snapshot = _ops.identity(self._variable, name="read")
        self._trainable = trainable
        self._graph = g
        self._defined_at = _user_location()
        g.add_to_collections(collections, self)

    # -- the TF surface ----------------------------------------------------------------------
    name = property(lambda self: self._variable.name)
    op = property(lambda self: self._variable.op)
    graph = property(lambda self: self._graph)
    dtype = property(lambda self: self._variable.dtype)
    shape = property(lambda self: self._variable.shape)
    device = property(lambda self: self._variable.device)
    initializer = property(lambda self: self._initializer_op)
    initial_value = property(lambda self: self._initial_value)
    trainable = property(lambda self: self._trainable)

    def get_shape(self):
        return self._variable.shape

    def value(self):
        return self._snapshot

    def read_value(self):
        return _ops.identity(self._variable, name="read")

    def _ref(self):
        return self._variable

    def _as_graph_element(self):
        return self._variable

    def initialized_value(self):
        return _ops.with_dependencies([self._initializer_op], self._initial_value)

    def assign(self, value, use_locking=False, name=None, read_value=True):
        t = _ops.assign(self._variable, value, use_locking=use_locking, name=name)
        return t if read_value else t.op

    def assign_add(self, delta, use_locking=False, name=None, read_value=True):
        t = _ops.assign_add(self._variable, delta, use_locking=use_locking, name=name)
        return t if read_value else t.op

    def assign_sub(self, delta, use_locking=False, name=None, read_value=True):
        t = _ops.assign_sub(self._variable, delta, use_locking=use_locking, name=name)
        return t if read_value else t.op

    def eval(self, session=None):
        return self._variable.eval(session=session)

    def load(self, value, session=None):
        session = session or get_default_session()
        if session is None:
            raise ValueError("Either session argument should be provided or default session should be established")
        session.run(self._initializer_op, {self._initial_value: value})

    def set_shape(self, shape):
        self._variable.set_shape(shape)

    def __repr__(self):
        return f"<tf.Variable '{self.name}' shape={self.shape} dtype={self.dtype.name}>"

    def __hash__(self):
        return id(self)

    def __iter__(self):
        raise TypeError("'Variable' object is not iterable.")


Variable = RefVariable
VariableV1 = RefVariable

register_tensor_conversion_function(
    RefVariable, lambda v, dtype=None, name=None, as_ref=False: v._variable if as_ref else v._snapshot)


# -- variable scopes ----------------------------------------------------------------------------
class VariableScope:
    """What `variable_scope` yields: the variable-name prefix, reuse mode and defaults."""

    def __init__(self, reuse, name="", initializer=None, regularizer=None, caching_device=None,
                 partitioner=None, custom_getter=None, name_scope="", dtype=_dt.float32,
                 use_resource=None, constraint=None):
        self._reuse = reuse
        self._name = name
        self._initializer = initializer
        self._regularizer = regularizer
        self._dtype = _dt.as_dtype(dtype)
        self._name_scope = name_scope

    name = property(lambda self: self._name)
    original_name_scope = property(lambda self: self._name_scope)
    reuse = property(lambda self: self._reuse)
    initializer = property(lambda self: self._initializer)
    regularizer = property(lambda self: self._regularizer)
    dtype = property(lambda self: self._dtype)

    def reuse_variables(self):
        self._reuse = True

    def set_initializer(self, initializer):
        self._initializer = initializer

    def set_dtype(self, dtype):
        self._dtype = _dt.as_dtype(dtype)

    def get_variable(self, name, shape=None, dtype=None, initializer=None, regularizer=None,
                     reuse=None, trainable=None, collections=None, validate_shape=True, **_):
        return _store(get_default_graph()).get_variable(
            self, name, shape, dtype, initializer, trainable, collections, validate_shape, reuse,
            regularizer=regularizer)

    def __repr__(self):
        return f"<VariableScope name={self._name!r} reuse={self._reuse!r}>"


class _VariableStore:
    def __init__(self):
        self.vars = {}
        self.scope_counts = {}

    def get_variable(self, scope, name, shape, dtype, initializer, trainable, collections, validate_shape,
                     reuse=None, regularizer=None):
        full = f"{scope.name}/{name}" if scope.name else name
        reuse = scope.reuse if reuse is None else reuse
        dtype = _dt.as_dtype(dtype or scope.dtype)
        eager = get_default_graph().executing_eagerly  # TF 1.15: eager variables are not stored
        if eager and reuse:
            raise RuntimeError("When eager execution is enabled variable reuse is only supported when an "
                               "EagerVariableStore is active. See the documentation on EagerVariableStore for "
                               "example usage.")
        if full in self.vars:
            found = self.vars[full]
            if reuse is not True and reuse is not AUTO_REUSE:
                raise ValueError(f"Variable {full} already exists, disallowed. Did you mean to set reuse=True "
                                 f"or reuse=tf.AUTO_REUSE in VarScope? Originally defined at:\n\n"
                                 f"  {found._defined_at or '<unknown>'}")
            if shape is not None and not found.get_shape().is_compatible_with(as_shape(shape)):
                raise ValueError(f"Trying to share variable {full}, but specified shape {as_shape(shape)} and "
                                 f"found shape {found.get_shape()}.")
            if dtype != found.dtype.base_dtype and dtype is not scope.dtype:
                raise ValueError(f"Trying to share variable {full}, but specified dtype {dtype.name} and found "
                                 f"dtype {found.dtype.name}.")
            return found
        if reuse is True:
            raise ValueError(f"Variable {full} does not exist, or was not created with tf.get_variable(). "
                             f"Did you mean to set reuse=tf.AUTO_REUSE in VarScope?")
        initializer = initializer if initializer is not None else scope.initializer
        from_value = initializer is not None and not callable(initializer)
        if from_value:
            if shape is not None:
                raise ValueError("If initializer is a constant, do not specify shape.")
            init_value = initializer
            dtype_arg = None
        else:
            shape = as_shape(shape) if shape is not None else unknown_shape()
            if not shape.is_fully_defined():
                raise ValueError(f"Shape of a new variable ({full}) must be fully defined, but instead was {shape}.")
            if initializer is None:
                if dtype.is_floating:
                    initializer = _init.GlorotUniform()
                elif dtype.is_integer or dtype.is_bool or dtype is _dt.string:
                    initializer = _init.Zeros()
                else:
                    raise ValueError(f"An initializer for variable {full} of {dtype!r} is required")
            if isinstance(initializer, type):
                initializer = initializer()
            dims = shape.as_list()
            init_value = lambda: initializer(dims, dtype=dtype)  # noqa: E731
            dtype_arg = dtype
        g = get_default_graph()
        with g.name_scope(None):
            v = RefVariable(init_value, trainable=True if trainable is None else trainable,
                            collections=collections, validate_shape=validate_shape, name=full, dtype=dtype_arg)
        if not eager:
            self.vars[full] = v
        regularizer = regularizer or scope.regularizer
        if regularizer:  # TF: the loss of a new variable, in `<var>/Regularizer/`, outside control scopes
            with g.name_scope(full + "/Regularizer/"), g.control_dependencies(None):
                loss = regularizer(v)
            if loss is not None:
                g.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, loss)
        return v


def _store(g):
    if g._var_store is None:
        g._var_store = _VariableStore()
    return g._var_store


def get_variable_scope():
    g = get_default_graph()
    if g._var_scope is None:
        g._var_scope = VariableScope(False)
    return g._var_scope


def get_variable(name, shape=None, dtype=None, initializer=None, regularizer=None, trainable=None,
                 collections=None, caching_device=None, partitioner=None, validate_shape=True,
                 use_resource=None, custom_getter=None, constraint=None, synchronization=None,
                 aggregation=None):
    scope = get_variable_scope()
    return _store(get_default_graph()).get_variable(scope, name, shape, dtype, initializer, trainable,
                                                    collections, validate_shape, regularizer=regularizer)


@contextlib.contextmanager
def variable_scope(name_or_scope, default_name=None, values=None, initializer=None, regularizer=None,
                   caching_device=None, partitioner=None, custom_getter=None, reuse=None, dtype=None,
                   use_resource=None, constraint=None, auxiliary_name_scope=True):
    """Prefixes `get_variable` names and sets reuse (True / AUTO_REUSE / inherited)."""
    if name_or_scope is None and default_name is None:
        raise TypeError("If default_name is None then name_or_scope is required")
    if default_name is not None and name_or_scope is None and reuse is not None:
        raise ValueError("reuse=True cannot be used without a name_or_scope")
    if reuse is False:
        reuse = None
    g = graph_of(values) if values else get_default_graph()
    with g.as_default():
        parent = get_variable_scope()
        store = _store(g)
        if isinstance(name_or_scope, VariableScope):
            var_name = name_or_scope.name
            ns_name = var_name.split("/")[-1]
            new_reuse = reuse if reuse is not None else name_or_scope.reuse
            base = name_or_scope
        else:
            by_default = name_or_scope is None
            if name_or_scope is None:
                prefix = f"{parent.name}/{default_name}" if parent.name else default_name
                idx, candidate = 0, default_name
                while store.scope_counts.get(prefix if idx == 0 else f"{prefix}_{idx}", 0) > 0:
                    idx += 1
                    candidate = f"{default_name}_{idx}"
                name_or_scope = candidate
            if not isinstance(name_or_scope, str):
                raise TypeError("VariableScope: name_or_scope must be a string or VariableScope.")
            var_name = f"{parent.name}/{name_or_scope}" if parent.name else name_or_scope
            ns_name = default_name if by_default else name_or_scope  # TF: name_scope(default_name), made unique
            new_reuse = AUTO_REUSE if (reuse is AUTO_REUSE or parent.reuse is AUTO_REUSE) and reuse is not True \
                else (reuse or parent.reuse)
            base = parent
        store.scope_counts[var_name] = store.scope_counts.get(var_name, 0) + 1
        saved_counts = dict(store.scope_counts)
        ns_ctx = g.name_scope(ns_name) if auxiliary_name_scope else g.name_scope(
            (g.get_name_scope() + "/") if g.get_name_scope() else "")
        with ns_ctx as ns:
            scope = VariableScope(new_reuse, name=var_name,
                                  initializer=initializer if initializer is not None else base.initializer,
                                  regularizer=regularizer or base.regularizer,
                                  dtype=dtype or base.dtype,
                                  name_scope=ns if isinstance(name_or_scope, str) else base.original_name_scope)
            saved = g._var_scope
            g._var_scope = scope
            try:
                yield scope
            finally:
                g._var_scope = saved
                # TF forgets the default-name counts below a scope when it closes (re-entering a
                # scope object restores them), so `outer/layer` is handed out again next time
                if isinstance(name_or_scope, VariableScope):
                    store.scope_counts = saved_counts
                else:
                    for k in store.scope_counts:
                        if k.startswith(var_name + "/"):
                            store.scope_counts[k] = 0


# -- collections and initialisers ---------------------------------------------------------------
def global_variables(scope=None):
    return get_default_graph().get_collection(GraphKeys.GLOBAL_VARIABLES, scope)


all_variables = global_variables


def trainable_variables(scope=None):
    return get_default_graph().get_collection(GraphKeys.TRAINABLE_VARIABLES, scope)


def local_variables(scope=None):
    return get_default_graph().get_collection(GraphKeys.LOCAL_VARIABLES, scope)


def model_variables(scope=None):
    return get_default_graph().get_collection(GraphKeys.MODEL_VARIABLES, scope)


def variables_initializer(var_list, name="init"):
    if var_list:
        return _ops.group(*[v.initializer for v in var_list], name=name)
    return _ops.no_op(name=name)


def global_variables_initializer():
    return variables_initializer(global_variables())


def local_variables_initializer():
    return variables_initializer(local_variables(), name="init")


initialize_all_variables = global_variables_initializer
initialize_variables = variables_initializer


def is_variable_initialized(variable):
    return _ops.is_variable_initialized(variable)


def report_uninitialized_variables(var_list=None, name="report_uninitialized_variables"):
    """A string tensor naming the variables not yet initialised in the session that runs it."""
    if var_list is None:
        var_list = global_variables() + local_variables()
    g = get_default_graph()
    with g.name_scope(name):
        if not var_list:
            return _ops.constant([], dtype=_dt.string)
        mask = _ops.logical_not(_ops.stack([_ops.is_variable_initialized(v) for v in var_list]))
        names = _ops.constant([v.op.name for v in var_list])
        return _ops.boolean_mask(names, mask)


__all__ = ["RefVariable", "Variable", "VariableScope", "AUTO_REUSE", "get_variable", "variable_scope",
           "get_variable_scope", "global_variables", "trainable_variables", "local_variables",
           "variables_initializer", "global_variables_initializer", "initialize_all_variables",
           "report_uninitialized_variables", "is_variable_initialized"]

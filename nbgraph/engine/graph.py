"""`Graph` and the default-graph stack.

A Graph owns its operations (in creation order), the name-uniquifying table, the name-scope,
control-dependency, device and colocation stacks, and the collections. `create_op` is the one
door through which every op enters a graph.
"""
from __future__ import annotations

import contextlib
import re
import threading
import weakref

from .devices import DeviceSpec, merge_device
from .graph_state import ThreadLocalSlot, control_inputs_for, note_created, pop_block, push_block
from .tensor import Operation, Tensor

__all__ = ["Graph", "GraphKeys", "get_default_graph", "reset_default_graph", "name_scope", "executing_eagerly"]

_VALID_OP_NAME = re.compile(r"^[A-Za-z0-9.][A-Za-z0-9_./>-]*$")  # TF's "\\-" escapes the "-": no backslash
_VALID_SCOPE_NAME = re.compile(r"^[A-Za-z0-9_./>-]*$")


class GraphKeys:
    GLOBAL_VARIABLES = "variables"
    LOCAL_VARIABLES = "local_variables"
    MODEL_VARIABLES = "model_variables"
    TRAINABLE_VARIABLES = "trainable_variables"
    VARIABLES = GLOBAL_VARIABLES
    SUMMARIES = "summaries"
    QUEUE_RUNNERS = "queue_runners"
    TABLE_INITIALIZERS = "table_initializer"
    INIT_OP = "init_op"
    LOCAL_INIT_OP = "local_init_op"
    READY_OP = "ready_op"
    GLOBAL_STEP = "global_step"
    UPDATE_OPS = "update_ops"
    WEIGHTS = "weights"
    BIASES = "biases"
    ACTIVATIONS = "activations"
    LOSSES = "losses"
    REGULARIZATION_LOSSES = "regularization_losses"
    CONCATENATED_VARIABLES = "concatenated_variables"
    TRAIN_OP = "train_op"
    METRIC_VARIABLES = "metric_variables"
    MOVING_AVERAGE_VARIABLES = "moving_average_variables"
    SAVERS = "savers"
    SUMMARY_OP = "summary_op"


_all_graphs = weakref.WeakSet()
_graph_serials = iter(range(1, 1 << 62))   # next() on a shared iterator: atomic under the GIL


def all_graphs():
    """Every Graph still alive (the tutor asks which graphs a cell added ops to)."""
    return list(_all_graphs)


class Graph:
    """A TensorFlow computation: operations and the tensors flowing between them."""

    # per thread, as in TF 1.x (graph_state.py)
    _name_stack = ThreadLocalSlot(str)
    _control_dependencies_stack = ThreadLocalSlot(list)  # ControlBlocks
    _device_stack = ThreadLocalSlot(list)                # str | callable | None
    _colocation_stack = ThreadLocalSlot(list)

    executing_eagerly = False  # the eager graph (nbgraph/eager) runs each op as it is created

    def __init__(self):
        _all_graphs.add(self)
        self._serial = next(_graph_serials)
        self._ops = []
        self._ops_by_name = {}
        self._names_in_use = {}
        self._collections = {}
        self._finalized = False
        self._lock = threading.RLock()
        self._id_counter = 0
        self._structure_version = 0      # bumped when an existing op gains a control input
        self._attr_scope = {}
        self._gradient_override_map = {}  # op type -> the op type whose gradient it uses
        self.seed = None
        self._var_store = None           # the get_variable store (engine/variables.py)
        self._var_scope = None
        self._var_scope_counts = None
        self._cf_context = None          # the tf.cond / tf.while_loop being built (its ops join it)
        self._unfetchable = set()        # ops inside a cond or loop: TF refuses to fetch them

    # -- identity and building -----------------------------------------------------------
    def _op_seed(self) -> int:
        """The op seed a random op gets under a graph seed (TF 1.x: the graph's op count)."""
        return self._id_counter

    def _next_id(self):
        self._id_counter += 1
        return self._id_counter

    @property
    def version(self):
        return self._id_counter

    @property
    def serial(self) -> int:
        """This graph's number in the process (1 for the first graph made): how the sessions
        view and the tutor name a graph, instead of its memory address."""
        return self._serial

    @property
    def finalized(self):
        return self._finalized

    def finalize(self):
        self._finalized = True

    def _unsafe_unfinalize(self):
        self._finalized = False

    def _check_not_finalized(self):
        if self._finalized:
            raise RuntimeError("Graph is finalized and cannot be modified.")

    def _structure_changed(self):
        self._structure_version += 1

    def create_op(self, op_type, inputs, dtypes, name=None, attrs=None, output_shapes=None):
        """Adds an op of `op_type` whose outputs have `dtypes`; returns the Operation."""
        self._check_not_finalized()
        for t in inputs:
            if t._op._graph is not self:
                first = next((x for x in inputs if x._op._graph is self), inputs[0])
                raise ValueError(f"{t} must be from the same graph as {first}.")
        with self._lock:
            if name is None:
                name = op_type
            if name and name[-1] == "/":
                name = name[:-1]
            else:
                name = self.unique_name(name)
            if not _VALID_OP_NAME.match(name):
                raise ValueError(f"'{name}' is not a valid node name")
            input_ops = {t._op for t in inputs}
            control = self._current_control_dependencies(input_ops)
            attrs = dict(attrs or {})
            if op_type in self._gradient_override_map:
                attrs["_gradient_op_type"] = self._gradient_override_map[op_type]
            op = Operation(self, op_type, name, inputs, dtypes, attrs, control, "")
            if self._device_stack:
                op._device = self._device_for(op)
            if self._colocation_stack:
                op._colocation = tuple(sorted({n for o in self._colocation_stack
                                               for n in (o._colocation or (o._name,))}))
                for o in self._colocation_stack:  # TF: each colocated op with a device sets it
                    if o._device:
                        op._device = o._device
                        op._device_colocated = True
            elif "_class" in self._attr_scope:
                op._colocation = tuple(self._attr_scope["_class"])
            shapes = op._opdef.shape_fn(op) if output_shapes is None else output_shapes
            for t, s in zip(op._outputs, shapes):
                t._shape = s
            self._ops.append(op)
            self._ops_by_name[name] = op
            note_created(self._control_dependencies_stack, op)
            if self._cf_context is not None:
                self._cf_context.add_op(op)
        return op

    def prevent_fetching(self, op):
        self._unfetchable.add(op)

    def is_fetchable(self, tensor_or_op):
        op = getattr(tensor_or_op, "_op", tensor_or_op)
        return op not in self._unfetchable

    def _device_for(self, op):
        """Applies the `tf.device` stack as TF 1.x does: innermost first; a string block merges
        its fields under the op's device so far (the inner fields win), a device function's
        result replaces it as written, `tf.device(None)` stops the outer blocks, `""` is skipped."""
        dev = ""
        for d in reversed(self._device_stack):
            if d is None:
                break
            if callable(d):
                op._device = dev
                got = d(op)
                if isinstance(got, DeviceSpec):
                    got = got.to_string()
                elif isinstance(got, bytes):
                    got = got.decode()
                if not isinstance(got, str):
                    raise TypeError(f"Expected binary or unicode string, got {got!r}")
                dev = got
            elif d:
                dev = merge_device(d, dev)
        return dev

    def _current_control_dependencies(self, input_ops):
        """TF's rule: a block's control inputs are skipped when an input was made inside the
        block (that input already carries them) or is itself one of them."""
        return control_inputs_for(self._control_dependencies_stack, input_ops)

    # -- names ---------------------------------------------------------------------------
    def unique_name(self, name, mark_as_used=True):
        """`name` prefixed by the name scope, with `_1`, `_2`... when already taken."""
        if self._name_stack:
            name = self._name_stack + "/" + name
        key = name.lower()
        i = self._names_in_use.get(key, 0)
        if mark_as_used:
            self._names_in_use[key] = i + 1
        if i > 0:
            base = key
            while key in self._names_in_use:
                key = f"{base}_{i}"
                i += 1
            if mark_as_used:
                self._names_in_use[key] = 1
            name = f"{name}_{i - 1}"
        return name

    def get_name_scope(self):
        return self._name_stack

    @contextlib.contextmanager
    def name_scope(self, name):
        if name:
            regex = _VALID_SCOPE_NAME if self._name_stack else _VALID_OP_NAME
            if not regex.match(name):
                raise ValueError(f"'{name}' is not a valid scope name")
        old = self._name_stack
        if not name:
            new = ""
        elif name[-1] == "/":
            new = name[:-1]
        else:
            new = self.unique_name(name)
        self._name_stack = new
        try:
            yield new + "/" if new else ""
        finally:
            self._name_stack = old

    # -- lookups ---------------------------------------------------------------------------
    def get_operations(self):
        return list(self._ops)

    def get_operation_by_name(self, name):
        if not isinstance(name, str):
            raise TypeError(f"Operation names are strings (or similar), not {type(name).__name__}.")
        return self.as_graph_element(name, allow_tensor=False, allow_operation=True)

    def get_tensor_by_name(self, name):
        if not isinstance(name, str):
            raise TypeError(f"Tensor names are strings (or similar), not {type(name).__name__}.")
        return self.as_graph_element(name, allow_tensor=True, allow_operation=False)

    def as_graph_element(self, obj, allow_tensor=True, allow_operation=True):
        """Resolves a Tensor, Operation or name string to this graph's element (TF's errors)."""
        kinds = " or ".join(k for k, ok in (("Tensor", allow_tensor), ("Operation", allow_operation)) if ok)
        conv = getattr(obj, "_as_graph_element", None)
        if conv is not None and not isinstance(obj, (Tensor, Operation)):
            obj = conv()
        if isinstance(obj, str):
            if ":" in obj and allow_tensor:
                op_name, _, idx = obj.rpartition(":")
                try:
                    idx = int(idx)
                except ValueError:
                    raise ValueError(f"The name {obj!r} looks a like a Tensor name, but is not a valid "
                                     'one. Tensor names must be of the form "<op_name>:<output_index>".') from None
                op = self._ops_by_name.get(op_name)
                if op is None:
                    raise KeyError(f"The name {obj!r} refers to a Tensor which does not exist. The "
                                   f"operation, {op_name!r}, does not exist in the graph.")
                if idx >= len(op._outputs):
                    raise KeyError(f"The name {obj!r} refers to a Tensor which does not exist. The "
                                   f"operation, {op_name!r}, exists but only has {len(op._outputs)} outputs.")
                return op._outputs[idx]
            if ":" in obj:
                raise ValueError(f"Name {obj!r} appears to refer to a Tensor, not a {kinds}.")
            if not allow_operation:
                if obj in self._ops_by_name:
                    raise ValueError(f"The name {obj!r} refers to an Operation, not a {kinds}. Tensor "
                                     'names must be of the form "<op_name>:<output_index>".')
                raise ValueError(f"The name {obj!r} looks like an (invalid) Operation name, not a {kinds}. "
                                 'Tensor names must be of the form "<op_name>:<output_index>".')
            if obj not in self._ops_by_name:
                raise KeyError(f"The name {obj!r} refers to an Operation not in the graph.")
            return self._ops_by_name[obj]
        if isinstance(obj, Tensor) and allow_tensor:
            if obj._op._graph is not self:
                raise ValueError(f"Tensor {obj} is not an element of this graph.")
            return obj
        if isinstance(obj, Operation) and allow_operation:
            if obj._graph is not self:
                raise ValueError(f"Operation {obj} is not an element of this graph.")
            return obj
        raise TypeError(f"Can not convert a {type(obj).__name__} into a {kinds}.")

    # -- collections -----------------------------------------------------------------------
    def add_to_collection(self, name, value):
        self._check_not_finalized()
        self._collections.setdefault(name, []).append(value)

    def add_to_collections(self, names, value):
        for n in ([names] if isinstance(names, str) else set(names)):
            self.add_to_collection(n, value)

    def get_collection_ref(self, name):
        return self._collections.setdefault(name, [])

    def get_collection(self, name, scope=None):
        items = self._collections.get(name, [])
        if scope is None:
            return list(items)
        rx = re.compile(scope)
        return [i for i in items if hasattr(i, "name") and rx.match(i.name)]

    def get_all_collection_keys(self):
        return [k for k, v in self._collections.items() if isinstance(v, list)]

    def clear_collection(self, name):
        self._check_not_finalized()
        self._collections.pop(name, None)

    # -- context managers ------------------------------------------------------------------
    def as_default(self):
        return _default_graph_stack.get_controller(self)

    @contextlib.contextmanager
    def control_dependencies(self, control_inputs):
        if control_inputs is None:  # clears the outer blocks (and, as TF, the cond/loop context) until it exits
            saved, self._control_dependencies_stack = self._control_dependencies_stack, []
            saved_cf, self._cf_context = self._cf_context, None
            try:
                yield
            finally:
                self._control_dependencies_stack = saved
                self._cf_context = saved_cf
            return
        ops = []
        for c in control_inputs:
            c = self.as_graph_element(c)  # TF's texts for names, other graphs and non-graph values
            if isinstance(c, Tensor):
                c = c._op
            ops.append(c)
        stack = self._control_dependencies_stack
        push_block(stack, ops, self._id_counter)
        try:
            yield
        finally:
            pop_block(stack)

    @contextlib.contextmanager
    def device(self, device_name_or_function):
        if isinstance(device_name_or_function, DeviceSpec):
            device_name_or_function = device_name_or_function.to_string()
        if isinstance(device_name_or_function, str):
            # validate now (TF-style error); a spec that merges nothing ("") is skipped later
            device_name_or_function = DeviceSpec.from_string(device_name_or_function).to_string()
        self._device_stack.append(device_name_or_function)
        try:
            yield
        finally:
            self._device_stack.pop()

    @contextlib.contextmanager
    def colocate_with(self, op, ignore_existing=False):
        if op is None:
            if not ignore_existing:
                raise ValueError("Trying to reset colocation (op is None) but ignore_existing is not True")
            saved, self._colocation_stack = self._colocation_stack, []
            try:
                yield
            finally:
                self._colocation_stack = saved
            return
        if isinstance(op, Tensor):
            op = op._op
        op = getattr(op, "op", op) if not isinstance(op, Operation) else op
        if not isinstance(op, Operation):  # TF converts anything else to a tensor and takes its op
            from .convert import convert_to_tensor
            with self.as_default():
                op = convert_to_tensor(op)._op
        saved = self._colocation_stack
        self._colocation_stack = ([] if ignore_existing else list(saved)) + [op]
        # TF resets the device stack inside colocate_with: colocation is "stronger" than devices
        saved_devices, self._device_stack = self._device_stack, []
        try:
            yield
        finally:
            self._colocation_stack = saved
            self._device_stack = saved_devices

    @contextlib.contextmanager
    def gradient_override_map(self, op_type_map):
        """Ops of the mapped types created inside use the gradient registered for the new type."""
        if not isinstance(op_type_map, dict):
            raise TypeError("op_type_map must be a dictionary mapping strings to strings")
        saved = dict(self._gradient_override_map)
        for op_type, grad_type in op_type_map.items():
            if not (isinstance(op_type, str) and isinstance(grad_type, str)):
                raise TypeError("op_type_map must be a dictionary mapping strings to strings")
            self._gradient_override_map[op_type] = grad_type
        try:
            yield
        finally:
            self._gradient_override_map = saved

    @contextlib.contextmanager
    def _attr_scope_ctx(self, attrs):
        saved = self._attr_scope
        self._attr_scope = {**saved, **attrs}
        try:
            yield
        finally:
            self._attr_scope = saved

    def as_graph_def(self, from_version=None, add_shapes=False):
        """TF's GraphDef protobuf of this graph (nbgraph/formats/graph_def.py)."""
        from ..formats.graph_def import as_graph_def
        return as_graph_def(self, from_version, add_shapes)

    def __repr__(self):
        return f"<nbgraph.Graph object at {id(self):#x}>"


class _DefaultGraphStack(threading.local):
    def __init__(self):
        self.stack = []

    def get_default(self):
        global _global_default_graph
        if self.stack:
            return self.stack[-1]
        if _global_default_graph is None:
            _global_default_graph = _default_graph_factory()
        return _global_default_graph

    @contextlib.contextmanager
    def get_controller(self, graph):
        self.stack.append(graph)
        try:
            yield graph
        finally:
            if self.stack and self.stack[-1] is graph:
                self.stack.pop()
            elif graph in self.stack:
                self.stack.remove(graph)


_global_default_graph = None
_default_graph_stack = _DefaultGraphStack()
# what the global default graph is made of: nbgraph/eager swaps in its eager graph, whose ops run
# as they are created (`tf.enable_eager_execution()`)
_default_graph_factory = Graph


def get_default_graph() -> Graph:
    return _default_graph_stack.get_default()


def reset_default_graph():
    """Replaces the global default graph; TF's error when called inside `as_default()`."""
    global _global_default_graph
    if _default_graph_stack.stack:
        raise AssertionError("Do not use tf.reset_default_graph() to clear nested graphs. If you "
                             "need a cleared graph, exit the nesting and create a new graph.")
    _global_default_graph = _default_graph_factory()


def executing_eagerly() -> bool:
    """`tf.executing_eagerly()`: True when the default graph runs its ops as they are made (eager
    execution is on and no `Graph.as_default()` block is active)."""
    stack = _default_graph_stack.stack
    if stack:
        return stack[-1].executing_eagerly
    graph = _global_default_graph  # asking makes no graph (so enable_eager_execution may follow)
    return (graph if graph is not None else _default_graph_factory).executing_eagerly


def graph_of(values):
    """The graph the given tensors/ops belong to (TF's `_get_graph_from_inputs`)."""
    g = first = None
    default = get_default_graph()
    outer = getattr(default, "outer_graphs", ())  # a function graph captures its outer graphs' tensors
    for v in values:
        gv = getattr(v, "graph", None) if isinstance(v, (Tensor, Operation)) or hasattr(v, "_as_graph_element") else None
        if gv is None:
            continue
        if gv in outer:
            gv = default
        elif getattr(gv, "executing_eagerly", False) and not default.executing_eagerly:  # eager value, graph block
            raise RuntimeError("Attempting to capture an EagerTensor without building a function.")
        if g is None:
            g, first = gv, v
        elif gv is not g:
            raise ValueError(f"{v} must be from the same graph as {first}.")
    return g or get_default_graph()


@contextlib.contextmanager
def name_scope(name, default_name=None, values=None):
    """`tf.name_scope(name, default_name=None, values=None)` as in TF 1.x."""
    n = default_name if name is None else name
    if n is None and values is not None:
        raise ValueError(f"At least one of name ({name}) and default_name ({default_name}) must be provided.")
    g = graph_of(values) if values else get_default_graph()
    with g.as_default(), g.name_scope(n) as scope:
        yield scope

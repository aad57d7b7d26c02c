"""Lookup tables (`tf.contrib.lookup` / `tf.lookup`): the ops `HashTableV2` (a per-session
table resource), `LookupTableImportV2` (its initializer, collected in TABLE_INITIALIZERS),
`LookupTableFindV2` and `LookupTableSizeV2`; the classes `HashTable` (`StaticHashTable`) and
`KeyValueTensorInitializer`; `index_table_from_tensor`, `index_to_string_table_from_tensor`
and `tables_initializer`, with TF 1.15's names (`hash_table`, `key_value_init/...`,
`hash_table_Lookup/LookupTableFindV2`, `string_to_index/...`, `init_all_tables`)."""
from __future__ import annotations

import threading

import numpy as np

from .. import dtypes as _dt
from ..convert import apply_op, convert_to_tensor
from ..errors import FailedPreconditionError, InvalidArgumentError
from ..grad_registry import NotDifferentiable
from ..graph import GraphKeys, get_default_graph
from ..registry import register
from ..resources import get_or_create, unique_resource_name
from ..shapes import TensorShape
from ..sparse_tensor import SparseTensor
from .common import KernelError


class _Table:
    """One session's hash table: key -> value, filled once by its initializer."""

    def __init__(self, op):
        self.name = unique_resource_name(op)
        self.value_dtype = op._attrs["value_dtype"]
        self.data: dict | None = None
        self.lock = threading.Lock()

    @staticmethod
    def _key(k):
        return k.item() if hasattr(k, "item") else k


def _table_kernel(op):
    return lambda ctx: get_or_create(ctx, op, lambda: _Table(op))


def _import_kernel(op):
    def k(ctx, table, keys, values):
        if np.shape(keys) != np.shape(values)[:np.ndim(keys)] or np.ndim(keys) != 1:
            raise KernelError(f"Expected shape [{np.size(keys)}] for value, got {list(np.shape(values))}",
                              InvalidArgumentError)
        with table.lock:
            table.data = {table._key(kk): v for kk, v in zip(np.reshape(keys, -1), values)}
    return k


def _find_kernel(op):
    def k(ctx, table, keys, default):
        if table.data is None:
            raise KernelError("Table not initialized.", FailedPreconditionError)
        if np.ndim(default) != 0:
            raise KernelError("Expected shape [] for default value, got " + str(list(np.shape(default))),
                              InvalidArgumentError)
        d = np.asarray(default)
        flat = [table.data.get(table._key(kk), d[()]) for kk in np.reshape(keys, -1)]
        out = np.empty(len(flat), dtype=d.dtype)
        out[:] = flat
        return out.reshape(np.shape(keys))
    return k


def _size_kernel(op):
    def k(ctx, table):
        if table.data is None:
            raise KernelError("Table not initialized.", FailedPreconditionError)
        return np.int64(len(table.data))
    return k


register("HashTableV2", "state", lambda op: [TensorShape([])], _table_kernel, gpu=False, stateful=True,
         doc="holds a hash table that lives in the session")
register("LookupTableImportV2", "state", lambda op: [], _import_kernel, gpu=False, stateful=True,
         doc="fills a lookup table with keys and values")
register("LookupTableFindV2", "state", lambda op: [op._inputs[1]._shape], _find_kernel, gpu=False, stateful=True,
         doc="looks keys up in a table (the default value for a missing key)")
register("LookupTableSizeV2", "state", lambda op: [TensorShape([])], _size_kernel, gpu=False, stateful=True,
         doc="counts the entries of a lookup table")
for _t in ("HashTableV2", "LookupTableImportV2", "LookupTableFindV2", "LookupTableSizeV2"):
    NotDifferentiable(_t)


# -- the Python classes --------------------------------------------------------------------------
class KeyValueTensorInitializer:
    """`tf.contrib.lookup.KeyValueTensorInitializer(keys, values, key_dtype=None, value_dtype=None)`."""

    def __init__(self, keys, values, key_dtype=None, value_dtype=None, name=None):
        self._keys = convert_to_tensor(keys, dtype=key_dtype, name="keys")
        self._values = convert_to_tensor(values, dtype=value_dtype, name="values")
        self._name = name if name is not None else "key_value_init"
        self.key_dtype = self._keys.dtype.base_dtype
        self.value_dtype = self._values.dtype.base_dtype

    def initialize(self, table):
        if table.key_dtype != self.key_dtype or table.value_dtype != self.value_dtype:
            raise TypeError(f"Invalid key dtype, expected {table.key_dtype} but got {self.key_dtype}."
                            if table.key_dtype != self.key_dtype else
                            f"Invalid value dtype, expected {table.value_dtype} but got {self.value_dtype}.")
        g = self._keys.graph
        with g.as_default(), g.name_scope(self._name):
            init_op = apply_op("LookupTableImportV2", None, [("table_handle", table.resource_handle),
                                                             ("keys", self._keys), ("values", self._values)],
                               same_type=(), out_dtypes=[],
                               attrs={"Tin": self.key_dtype, "Tout": self.value_dtype})
        g.add_to_collection(GraphKeys.TABLE_INITIALIZERS, init_op)
        return init_op


class HashTable:
    """`tf.contrib.lookup.HashTable(initializer, default_value)` (`tf.lookup.StaticHashTable`): an
    immutable table, filled when its initializer runs (`tf.tables_initializer()`)."""

    def __init__(self, initializer, default_value, shared_name=None, name=None):
        self._initializer = initializer
        self.key_dtype, self.value_dtype = initializer.key_dtype, initializer.value_dtype
        self._default_value = convert_to_tensor(default_value, dtype=self.value_dtype)
        self._default_value.get_shape().merge_with(TensorShape([]))
        g = get_default_graph()
        self._resource_handle = g.create_op(
            "HashTableV2", [], [_dt.resource], name=name or "hash_table",
            attrs={"container": "", "shared_name": shared_name or "", "use_node_name_sharing": False,
                   "key_dtype": self.key_dtype, "value_dtype": self.value_dtype})._outputs[0]
        self._table_name = self._resource_handle.op.name.split("/")[-1]
        self._init_op = initializer.initialize(self)

    name = property(lambda self: self._table_name)
    resource_handle = property(lambda self: self._resource_handle)
    initializer = property(lambda self: self._init_op)
    init = initializer
    default_value = property(lambda self: self._default_value)

    def size(self, name=None):
        g = self._resource_handle.graph
        with g.as_default(), g.name_scope(name or f"{self.name}_Size"):
            return apply_op("LookupTableSizeV2", None, [("table_handle", self._resource_handle)], same_type=(),
                            out_dtypes=[_dt.int64])._outputs[0]

    def lookup(self, keys, name=None):
        """The values of `keys` (a Tensor or SparseTensor), the default value where a key is missing."""
        key_tensor = keys.values if isinstance(keys, SparseTensor) else convert_to_tensor(keys)
        if key_tensor.dtype.base_dtype != self.key_dtype:
            raise TypeError(f"Signature mismatch. Keys must be dtype <dtype: '{self.key_dtype.name}'>, got "
                            f"<dtype: '{key_tensor.dtype.name}'>.")
        g = self._resource_handle.graph
        with g.as_default(), g.name_scope(name or f"{self.name}_Lookup"):
            values = apply_op("LookupTableFindV2", None, [("table_handle", self._resource_handle),
                                                          ("keys", key_tensor),
                                                          ("default_value", self._default_value)],
                              same_type=(), out_dtypes=[self.value_dtype],
                              attrs={"Tin": self.key_dtype, "Tout": self.value_dtype})._outputs[0]
        if isinstance(keys, SparseTensor):
            return SparseTensor(keys.indices, values, keys.dense_shape)
        return values


StaticHashTable = HashTable


def _range_int64(n):
    from .array_ops import cast, range as _range
    return cast(_range(n), _dt.int64)


def index_table_from_tensor(vocabulary_list, num_oov_buckets=0, default_value=-1, hasher_spec=None,
                            dtype=_dt.string, name=None):
    """`tf.contrib.lookup.index_table_from_tensor`: a table from each word of `vocabulary_list` to its
    position (int64), `default_value` for the rest."""
    if vocabulary_list is None:
        raise ValueError("vocabulary_list must be specified.")
    if num_oov_buckets:
        raise NotImplementedError("index_table_from_tensor(num_oov_buckets > 0) is not supported by nbgraph")
    g = get_default_graph()
    with g.name_scope(name or "string_to_index"):
        keys = convert_to_tensor(vocabulary_list)
        if keys.dtype.is_integer != _dt.as_dtype(dtype).is_integer:
            raise ValueError(f"Expected {'integer' if _dt.as_dtype(dtype).is_integer else 'non-integer'}, got "
                             f"{keys.dtype}.")
        from .array_ops import cast, size
        values = _range_int64(size(keys))
        with g.name_scope("hash_table"):
            table_keys = cast(keys, _dt.int64) if keys.dtype.is_integer else keys
            init = KeyValueTensorInitializer(table_keys, values, table_keys.dtype.base_dtype, _dt.int64,
                                             name="table_init")
            return HashTable(init, default_value)


def index_to_string_table_from_tensor(vocabulary_list, default_value="UNK", name=None):
    """`tf.contrib.lookup.index_to_string_table_from_tensor`: int64 position -> word, `default_value`
    for an index out of range."""
    if vocabulary_list is None:
        raise ValueError("vocabulary_list must be specified.")
    g = get_default_graph()
    with g.name_scope(name or "index_to_string"):
        vocab = convert_to_tensor(vocabulary_list, _dt.string)
        from .array_ops import size
        keys = _range_int64(size(vocab))
        init = KeyValueTensorInitializer(keys, vocab, _dt.int64, _dt.string, name="table_init")
        return HashTable(init, default_value)


def tables_initializer(name="init_all_tables"):
    """`tf.tables_initializer()`: one op running every table initializer of the graph."""
    from .control_ops import group, no_op
    inits = get_default_graph().get_collection(GraphKeys.TABLE_INITIALIZERS)
    return group(*inits, name=name) if inits else no_op(name=name)


__all__ = ["HashTable", "StaticHashTable", "KeyValueTensorInitializer", "index_table_from_tensor",
           "index_to_string_table_from_tensor", "tables_initializer"]

"""`tf.make_template` and `tf.get_local_variable` (TF 1.15's python/ops/template.py).

A template wraps a function so that its `tf.get_variable` calls create variables on the first
call and reuse them afterwards, all under one variable scope (`name/`, made unique).
"""
from __future__ import annotations

from typing import Any, Callable

from ..engine import variables as _vars
from ..engine.graph import get_default_graph

__all__ = ["make_template", "get_local_variable", "Template"]


class Template:
    """A function whose variables are shared across calls (TF's `Template`)."""

    def __init__(self, name: str, func: Callable, create_scope_now: bool = False,
                 unique_name: str | None = None, custom_getter: Any = None, kwargs: dict | None = None):
        if name is None:
            raise ValueError("name cannot be None.")
        self._func = func
        self._kwargs = kwargs or {}
        self._name = name
        self._unique_name = unique_name
        self._variables_created = False
        self._variable_scope = None
        if create_scope_now:
            # TF's `_pure_variable_scope`: the scope (`name`, made unique) opens no name scope
            # now; each call enters it, its ops going under the name scope `name` made unique then
            with _vars.variable_scope(self._unique_name, self._name, auxiliary_name_scope=False) as vs:
                self._variable_scope = vs

    def _call_func(self, args, kwargs):
        g = get_default_graph()
        trainable_at_start = len(g.get_collection(_vars.GraphKeys.TRAINABLE_VARIABLES))
        result = self._func(*args, **{**self._kwargs, **kwargs})
        if self._variables_created:
            trainable = g.get_collection(_vars.GraphKeys.TRAINABLE_VARIABLES)
            if trainable_at_start != len(trainable):
                raise ValueError("Trainable variable created when calling a template after the first time, "
                                 "perhaps you used tf.Variable when you meant tf.get_variable: "
                                 f"{trainable[trainable_at_start:]}")
        else:
            self._variables_created = True
        return result

    def __call__(self, *args, **kwargs):
        if self._variable_scope is not None:
            with _vars.variable_scope(self._variable_scope, reuse=True if self._variables_created else None):
                return self._call_func(args, kwargs)
        with _vars.variable_scope(self._unique_name, self._name) as vs:
            self._variable_scope = vs
            return self._call_func(args, kwargs)

    @property
    def name(self) -> str:
        return self._name

    @property
    def variable_scope(self):
        return self._variable_scope

    @property
    def variable_scope_name(self) -> str:
        if self._variable_scope is None:
            return ""
        name = self._variable_scope.name
        return name if not name or name.endswith("/") else name + "/"  # no partial matches

    @property
    def variables_created(self) -> bool:
        return self._variables_created

    def _collection(self, key):
        if self._variable_scope is None:
            return []
        return get_default_graph().get_collection(key, self.variable_scope_name)

    @property
    def global_variables(self) -> list:
        return self._collection(_vars.GraphKeys.GLOBAL_VARIABLES)

    variables = global_variables

    @property
    def trainable_variables(self) -> list:
        return self._collection(_vars.GraphKeys.TRAINABLE_VARIABLES)

    @property
    def local_variables(self) -> list:
        return self._collection(_vars.GraphKeys.LOCAL_VARIABLES)


def make_template(name_: str, func_: Callable, create_scope_now_: bool = False, unique_name_: str | None = None,
                  custom_getter_: Any = None, **kwargs) -> Template:
    """`tf.make_template(name_, func_, ...)`: `func_` with its variables shared across calls."""
    return Template(name_, func_, create_scope_now=create_scope_now_, unique_name=unique_name_,
                    custom_getter=custom_getter_, kwargs=kwargs)


def get_local_variable(name, shape=None, dtype=None, initializer=None, regularizer=None, trainable=False,
                       collections=None, caching_device=None, partitioner=None, validate_shape=True,
                       use_resource=None, custom_getter=None, constraint=None, synchronization=None,
                       aggregation=None):
    """`tf.get_local_variable`: `get_variable` into LOCAL_VARIABLES, not trainable."""
    collections = [_vars.GraphKeys.LOCAL_VARIABLES] + list(collections or [])
    return _vars.get_variable(name, shape=shape, dtype=dtype, initializer=initializer, regularizer=regularizer,
                              trainable=False, collections=collections, validate_shape=validate_shape)

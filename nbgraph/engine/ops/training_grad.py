"""The `Apply*` training ops have no gradient: they are where a training step ends (TF 1.15
registers none for them either; here they are marked so the registry test knows)."""
from __future__ import annotations

from ..grad_registry import NotDifferentiable
from .training_ops import SPECS

for _type in SPECS:
    NotDifferentiable(_type)

"""Run one corpus program with nbgraph standing in for TensorFlow.

    python run_nbgraph.py PROGRAM.py     (the repository root must be importable)
"""
import importlib
import runpy
import sys

sys.modules["tensorflow"] = importlib.import_module("nbgraph")
runpy.run_path(sys.argv[1], run_name="__main__")

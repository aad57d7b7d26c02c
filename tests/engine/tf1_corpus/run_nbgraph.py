"""Run one corpus program with nbgraph standing in for TensorFlow.

    python run_nbgraph.py PROGRAM.py     (the repository root must be importable)
"""
import importlib
import os
import runpy
import sys

importlib.import_module("nbgraph.ipython.alias").enable()  # `tensorflow` -> nbgraph, as the kernel sets it up
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # corpus_helpers
runpy.run_path(sys.argv[1], run_name="__main__")

"""Draws the README's picture, docs/lesson_graph.svg: the lesson's `a + b` graph as nbgraph
renders it. Usage: python scripts/readme_graph.py"""
from pathlib import Path

import nbgraph as tf
from nbgraph.render import to_svg

a = tf.constant([1.0, 2.0], name="a")
b = tf.constant([2.0, 3.0], name="b")
result = tf.add(a, b)
out = Path(__file__).resolve().parent.parent / "docs" / "lesson_graph.svg"
out.write_text(to_svg(result, title='result = tf.add(a, b)'))
print(f"wrote {out}")

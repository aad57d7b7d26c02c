"""Builds notebooks/00_original_graphs_and_sessions.ipynb from the lesson as it was handed to us
(a notebook exported as text). Each code cell keeps the output the lesson recorded in its
metadata (`nbgraph.recorded_output`); the tutor and the tests compare against it.

Usage: python scripts/seed_to_notebook.py SEED.txt OUT.ipynb
"""
from __future__ import annotations

import sys

import nbformat

from nbgraph.tutor.seed import parse_seed

KERNELSPEC = {"name": "nbgraph", "display_name": "Python 3 (nbgraph)", "language": "python"}

EXTRA = [
    nbformat.v4.new_markdown_cell(
        "## 附：在笔记本里看到设备分配日志 (added by nbgraph)\n\n"
        "真实的 TensorFlow 1 把 `log_device_placement` 的日志打印到服务器控制台，笔记本里看不到。"
        "在 nbgraph 内核中，运行一次会话，分配日志就显示在这个单元格的输出里。\n\n"
        "*Real TF1 prints the placement log to the server console; on the nbgraph kernel it appears "
        "below the cell that ran the session.*"),
    nbformat.v4.new_code_cell(
        "config = tf.ConfigProto(allow_soft_placement=True, log_device_placement=True)\n"
        "with tf.Session(config=config) as sess:\n"
        "    print(sess.run(result))"),
]


def main(seed_path, out_path):
    cells = []
    for c in parse_seed(open(seed_path, encoding="utf-8").read()):
        if c.kind == "markdown":
            cells.append(nbformat.v4.new_markdown_cell(c.source))
        else:
            cell = nbformat.v4.new_code_cell(c.source, execution_count=None)
            cell.metadata["nbgraph"] = {"recorded_output": c.recorded_output,
                                        "original_execution_count": c.execution_count}
            cells.append(cell)
    cells += EXTRA
    nb = nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": KERNELSPEC,
        "language_info": {"name": "python"},
        "title": "TensorFlow 图与会话 (原版课程)",
    })
    nbformat.validate(nb)
    nbformat.write(nb, out_path)


if __name__ == "__main__":
    main(*sys.argv[1:3])

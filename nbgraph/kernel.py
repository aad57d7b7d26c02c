"""The "Python 3 (nbgraph)" kernel: ipykernel with the nbgraph extension loaded and the
`tensorflow` alias on, so TF1 lesson cells (`import tensorflow as tf`) run verbatim.

`python -m nbgraph.kernel -f CONNECTION_FILE` is what the kernelspec starts.
"""
from __future__ import annotations

import os
import sys


def _tensorboard_binary() -> None:
    """`%tensorboard` starts the `tensorboard` program found on PATH; a kernel started from a
    virtualenv's python need not have that venv on PATH, so name the one beside this python."""
    beside = os.path.join(os.path.dirname(sys.executable), "tensorboard")
    if "TENSORBOARD_BINARY" not in os.environ and os.path.isfile(beside):
        os.environ["TENSORBOARD_BINARY"] = beside


def main(argv=None):
    os.environ["NBGRAPH_KERNEL"] = "1"
    _tensorboard_binary()
    from ipykernel.kernelapp import IPKernelApp
    argv = list(sys.argv[1:] if argv is None else argv)
    IPKernelApp.launch_instance(argv=argv + ["--ext=nbgraph"])


if __name__ == "__main__":
    main()

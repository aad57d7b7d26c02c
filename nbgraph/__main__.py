"""`python -m nbgraph install-kernel [--user | --sys-prefix | --prefix DIR]`: installs the
"Python 3 (nbgraph)" kernelspec (for editable installs; `pip install` ships it already)."""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

KERNEL_NAME = "nbgraph"
KERNEL_DIR = Path(__file__).resolve().parent.parent / "kernel"


def kernel_json() -> dict:
    return {"argv": [sys.executable, "-m", "nbgraph.kernel", "-f", "{connection_file}"],
            "display_name": "Python 3 (nbgraph)", "language": "python", "metadata": {"debugger": True}}


def install_kernel(user=False, prefix=None) -> str:
    from jupyter_client.kernelspec import KernelSpecManager
    with tempfile.TemporaryDirectory() as tmp:
        spec_dir = Path(tmp) / KERNEL_NAME
        spec_dir.mkdir()
        (spec_dir / "kernel.json").write_text(json.dumps(kernel_json(), indent=1))
        for logo in ("logo-32x32.png", "logo-64x64.png"):
            src = KERNEL_DIR / logo
            if src.exists():
                shutil.copy(src, spec_dir / logo)
        # an existing spec of the same name is replaced, so installing twice is harmless
        return KernelSpecManager().install_kernel_spec(str(spec_dir), KERNEL_NAME, user=user, prefix=prefix)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m nbgraph", description="nbgraph command line")
    sub = p.add_subparsers(dest="command", required=True)
    k = sub.add_parser("install-kernel", help='install the "Python 3 (nbgraph)" kernelspec')
    where = k.add_mutually_exclusive_group()
    where.add_argument("--user", action="store_true", help="into the user's Jupyter data dir")
    where.add_argument("--sys-prefix", action="store_true", help=f"into {sys.prefix} (the default)")
    where.add_argument("--prefix", help="into PREFIX/share/jupyter/kernels")
    args = p.parse_args(argv)
    prefix = args.prefix if args.prefix else (None if args.user else sys.prefix)
    path = install_kernel(user=args.user, prefix=prefix)
    print(f"nbgraph: installed kernelspec '{KERNEL_NAME}' in {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

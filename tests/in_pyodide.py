"""`python -m MODULE ARGS...` inside Pyodide, with the test tools installed from wheels.

    node tasksdocs/runner/pyodide_python.mjs tests/in_pyodide.py WHEELS MODULE [ARGS...]

Run from the project root. Pyodide has no pip that works offline, so every wheel in the
folder WHEELS (pure-Python wheels that `pip download` fetched for CPython 3.14, in the
versions requirements.txt pins) goes on `sys.path` as it is: pure-Python wheels import
from their zip files. Then MODULE runs as `__main__`, as `python -m` would run it, with the
project root first on `sys.path`.
"""

from __future__ import annotations

import os
import runpy
import sys
from pathlib import Path


def install(wheels: Path) -> None:
    sys.path[1:1] = [str(wheel.resolve()) for wheel in sorted(wheels.glob("*.whl"))]


def main() -> None:
    wheels, module, *args = sys.argv[1:]
    install(Path(wheels))
    sys.path[0] = os.getcwd()
    sys.argv = [module, *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()

"""Find the Python interpreters on this machine, by minor version (3.11, 3.12, ...).

Used by the build (to run a snippet that needs a newer Python than MkDocs runs on) and by
`noxfile.py` (to run the tests on every supported version).
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import sys
from pathlib import Path

SUPPORTED = ((3, 11), (3, 12), (3, 13))
REQUIRES = re.compile(r"^# requires-python: >=(\d+)\.(\d+)\s*$", re.MULTILINE)


def requires_python(source: str) -> tuple[int, int]:
    """The minimum Python a snippet declares in its `# requires-python: >=3.X` line."""
    found = REQUIRES.search(source)
    return (int(found[1]), int(found[2])) if found else SUPPORTED[0]


def pyenv_bin_dirs() -> list[Path]:
    """pyenv's version folders (its shims only answer for the active version)."""
    pyenv = shutil.which("pyenv")
    if pyenv is None:
        return []
    root = subprocess.run([pyenv, "root"], capture_output=True, text=True, check=False).stdout
    return sorted(Path(root.strip()).glob("versions/3.*/bin")) if root.strip() else []


@functools.cache
def interpreter(version: tuple[int, int]) -> str | None:
    """A `python3.X` for exactly this minor version: the running one, on PATH, or pyenv's."""
    if sys.version_info[:2] == version:
        return sys.executable
    name = f"python{version[0]}.{version[1]}"
    on_path = shutil.which(name)
    if on_path and subprocess.run([on_path, "-c", ""], capture_output=True).returncode == 0:
        return on_path
    matches = [d / name for d in pyenv_bin_dirs() if (d / name).is_file()]
    return str(matches[-1]) if matches else None


def interpreter_for(minimum: tuple[int, int]) -> tuple[str, tuple[int, int]] | None:
    """The interpreter to run a snippet with: the running one if new enough, else the oldest
    supported version that satisfies `minimum`."""
    if sys.version_info[:2] >= minimum:
        return sys.executable, (sys.version_info[0], sys.version_info[1])
    for version in SUPPORTED:
        if version >= minimum and (path := interpreter(version)):
            return path, version
    return None

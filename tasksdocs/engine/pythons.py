"""Find the Python interpreters that can run a snippet, by minor version (3.11, 3.12, ...).

Used by the build (to run a snippet that needs a newer Python than MkDocs runs on), by
`noxfile.py` (to run the tests on every supported version) and by the tests.

CPython 3.11 to 3.13 are native interpreters (the running one, on PATH, or pyenv's). For
3.14 a native CPython is preferred; without one, CPython 3.14 compiled to WebAssembly
(Pyodide, from `node_modules`) runs the snippet under Node. Pyodide cannot start threads or
processes, so a snippet that needs them says so in its header (`# needs: threads`) and
never runs there.
"""

from __future__ import annotations

import functools
import json
import platform
import re
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SUPPORTED = ((3, 11), (3, 12), (3, 13), (3, 14))
REQUIRES = re.compile(r"^# requires-python: >=(\d+)\.(\d+)\s*$", re.MULTILINE)
NEEDS = re.compile(r"^# needs: (.+?)\s*$", re.MULTILINE)
PROJECT = Path(__file__).resolve().parents[2]
PYODIDE = PROJECT / "node_modules" / "pyodide"
PYODIDE_RUNNER = Path(__file__).parents[1] / "runner" / "pyodide_python.mjs"
# Snippets mostly wait: V8's baseline compiler alone starts CPython in half the CPU time
NODE_FLAGS = ("--liftoff-only",)
PYODIDE_STDLIB = "/lib/python314.zip"  # where Pyodide's own modules live, as tracebacks say
PYODIDE_HOME = "/home/pyodide"  # where a reader's browser runs a snippet (run-worker.mjs)


@dataclass(frozen=True)
class Interpreter:
    """A way to run `python SCRIPT`: `command` is everything before SCRIPT."""

    command: tuple[str, ...]
    version: str  # "3.12.1"
    runtime: str = "CPython"  # or "Pyodide"
    stdlib: str = ""  # the folder that holds its standard library, as tracebacks name it

    @property
    def minor(self) -> tuple[int, int]:
        major, minor = self.version.split(".")[:2]
        return int(major), int(minor)

    @property
    def release(self) -> str:
        """"3.12.1", or "3.14.2, Pyodide": the version, and the runtime unless CPython."""
        return self.version + (f", {self.runtime}" if self.runtime != "CPython" else "")

    @property
    def name(self) -> str:
        """How a page names it: "Python 3.12.1", or "Python 3.14.2, Pyodide"."""
        return f"Python {self.release}"

    @property
    def threads(self) -> bool:
        return self.runtime == "CPython"

    @property
    def says_when_started(self) -> bool:
        """Whether its runner tells the build when the program starts (process.py)."""
        return self.runtime == "Pyodide"

    def output_rule(self, run_folder: str) -> list[tuple[str, str]]:
        """How a run's output is shown, as (text, shown as) pairs applied in order: paths as
        a reader's `python snippets/x.py` in the project folder shows them, without the
        folder the run was made in, and with the interpreter's own files under `<python>`,
        as in `<python>/lib/python3.12/asyncio/tasks.py` (Pyodide keeps its standard library
        in a zip file, `/lib/python314.zip/asyncio/tasks.py`: it is shown where a native
        install keeps it); then `UNSHOWABLE`. The build applies this rule, and the reader's
        browser gets it in `runner/manifest.json`."""
        rule = [(f"{run_folder}/", ""), (run_folder, ".")]
        if self.runtime == "Pyodide":
            rule.append((f"{self.stdlib}/", f"<python>/lib/python{self.minor[0]}.{self.minor[1]}/"))
        elif self.stdlib:
            rule.append((f"{Path(self.stdlib).parent.parent}/", "<python>/"))
        return rule + UNSHOWABLE


# Characters a page cannot show as a terminal would: controls that HTML forbids, and those
# that Markdown would break a line at. Each is shown as Python's repr writes it (`\x1b` for
# ESC, which starts a terminal's colour codes, `\x00`, `\r` for a lone carriage return,
# `\u2028`): plain ASCII, which every font draws (Unicode's control pictures, such as U+241B,
# are missing from common fonts and showed as empty boxes).
UNSHOWABLE = [
    (char, ascii(char)[1:-1]) for char in map(chr, [
        *(code for code in range(0x20) if chr(code) not in "\t\n"), 0x7F, *range(0x80, 0xA0),
        0x2028, 0x2029])
]


def shown(text: str, rule: list[tuple[str, str]]) -> str:
    """`text` with an `output_rule` applied."""
    for path, shown_as in rule:
        text = text.replace(path, shown_as)
    return text


def shown_in(value: Any, rule: list[tuple[str, str]]) -> Any:
    """`value` (parsed JSON, such as a recording) with `shown` applied to every string in
    it: printed lines, task names, exceptions. run-worker.mjs does the same in the browser."""
    if isinstance(value, str):
        return shown(value, rule)
    if isinstance(value, list):
        return [shown_in(item, rule) for item in value]
    if isinstance(value, dict):
        return {key: shown_in(item, rule) for key, item in value.items()}
    return value


def requires_python(source: str) -> tuple[int, int]:
    """The minimum Python a snippet declares in its `# requires-python: >=3.X` line."""
    found = REQUIRES.search(source)
    return (int(found[1]), int(found[2])) if found else SUPPORTED[0]


def needs(source: str) -> set[str]:
    """What a snippet declares it needs beyond the event loop: `# needs: threads, processes`."""
    found = NEEDS.search(source)
    return {part.strip() for part in found[1].split(",")} if found else set()


def pyenv_bin_dirs() -> list[Path]:
    """pyenv's version folders (its shims only answer for the active version)."""
    pyenv = shutil.which("pyenv")
    if pyenv is None:
        return []
    root = subprocess.run([pyenv, "root"], capture_output=True, text=True, check=False).stdout
    return sorted(Path(root.strip()).glob("versions/3.*/bin")) if root.strip() else []


def describe(command: tuple[str, ...]) -> tuple[str, str] | None:
    """The full version and standard-library folder of a native interpreter, if it runs."""
    if command == (sys.executable,):  # the running one: no need to start it again
        return platform.python_version(), sysconfig.get_path("stdlib")
    found = subprocess.run(
        [*command, "-c", "import platform, sysconfig; print(platform.python_version()); "
         "print(sysconfig.get_path('stdlib'))"],
        capture_output=True, text=True, check=False)
    lines = found.stdout.split()
    return (lines[0], lines[1]) if found.returncode == 0 and len(lines) == 2 else None


@functools.cache
def native(version: tuple[int, int]) -> Interpreter | None:
    """A CPython for exactly this minor version: the running one, on PATH, or pyenv's."""
    name = f"python{version[0]}.{version[1]}"
    candidates = [sys.executable] if sys.version_info[:2] == version else []
    candidates += [p for p in [shutil.which(name)] if p]
    candidates += [str(d / name) for d in reversed(pyenv_bin_dirs()) if (d / name).is_file()]
    for path in candidates:
        found = describe((path,))
        if found and found[0].startswith(f"{version[0]}.{version[1]}."):
            return Interpreter((path,), found[0], "CPython", found[1])
    return None


def pyodide_version() -> str:
    """The version of CPython that the installed Pyodide is."""
    lock = json.loads((PYODIDE / "pyodide-lock.json").read_text(encoding="utf-8"))
    return str(lock["info"]["python"])


@functools.cache
def pyodide() -> Interpreter | None:
    """CPython compiled to WebAssembly, under Node, if `npm ci` installed it; its start-up
    snapshot is made here, before any timed run."""
    node = shutil.which("node")
    lock = PYODIDE / "pyodide-lock.json"
    if node is None or not lock.is_file() or not PYODIDE_RUNNER.is_file():
        return None
    version = pyodide_version()
    flags = [flag for flag in NODE_FLAGS
             if subprocess.run([node, flag, "-e", ""], capture_output=True).returncode == 0]
    command = (node, *flags, str(PYODIDE_RUNNER))
    prepared = subprocess.run([*command, "--prepare"], capture_output=True, text=True)
    if prepared.returncode != 0:  # said once, here, rather than by every run
        raise RuntimeError(f"Pyodide cannot start: {prepared.stderr.strip()}")
    return Interpreter(command, version, "Pyodide", PYODIDE_STDLIB)


def interpreter(version: tuple[int, int]) -> Interpreter | None:
    """The interpreter for this minor version: native if there is one, else Pyodide's."""
    found = native(version)
    if found is None and (web := pyodide()) is not None and web.minor == version:
        return web
    return found


def interpreter_for(source: str) -> Interpreter | str:
    """The interpreter to run a snippet with (the running one if new enough, else the
    oldest supported version that satisfies it), or why there is none."""
    minimum, wanted = requires_python(source), needs(source)
    candidates = [v for v in SUPPORTED if v >= minimum]
    if sys.version_info[:2] >= minimum:
        candidates.insert(0, sys.version_info[:2])
    skipped = []
    for version in candidates:
        found = interpreter(version)
        if found is not None and wanted and not found.threads:
            skipped.append(f"{found.name} has no {' or '.join(sorted(wanted))}")
        elif found is not None:
            return found
    return (f"needs Python {minimum[0]}.{minimum[1]} or newer"
            + (f" with {' and '.join(sorted(wanted))}" if wanted else "")
            + ", and none was found" + (f" ({'; '.join(skipped)})" if skipped else ""))

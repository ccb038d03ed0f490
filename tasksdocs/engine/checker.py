"""The build's checks of outputs against the snippets' tests, run outside the build process.

A snippet's realclock test (see `expectations.py`) imports its test module, and with it the
snippet: top-level code that could write files or hang. So the build never imports them
itself. One checker process per build does, in a scratch folder as its working directory,
reading a request a line on stdin and answering a line on stdout:

    {"test": "/project/tests/unit/test_x.py", "stdout": "...", "stderr": "..."}
    {"problem": "", "why": ""}

`problem` says why the test could not be used (it would not load); `why` why the test did
not accept the output. Before its first answer the checker writes one line, `ready`, once
its own imports are done: starting Python and pytest on a loaded machine can take longer
than a check may, so starting has its own limit (`STARTUP_LIMIT`) and the block's time limit
counts from `ready`. A check that takes longer than that, or a checker that dies (its stderr
says why), is reported as a problem of that block, and the next check starts a new checker.
The checker asks the kernel to end it if the build dies (`PR_SET_PDEATHSIG`).
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import IO

from tasksdocs.engine import expectations
from tasksdocs.engine.process import STARTUP_LIMIT, spawn
from tasksdocs.engine.supervise import PR_SET_PDEATHSIG, prctl

READY = b"ready\n"


class Checker:
    def __init__(self, project: Path, timeout: float) -> None:
        self.project, self.timeout = project, timeout
        self.process: subprocess.Popen[bytes] | None = None
        self.folder = Path(tempfile.mkdtemp(prefix="tasksdocs-checks-"))
        self.stderr = self.folder / "stderr.txt"  # the checker's, and what the tests print
        self.lock = threading.Lock()

    def command(self) -> list[str]:
        return [sys.executable, "-m", "tasksdocs.engine.checker", str(self.project)]

    def start(self) -> subprocess.Popen[bytes] | str:
        """A checker that has said `ready`, or why there is none."""
        env = {**{k: v for k, v in os.environ.items() if not k.startswith("PYTHON")},
               "PYTHONPATH": str(self.project)}
        with self.stderr.open("wb") as stderr:
            process = spawn(
                self.command(), cwd=self.folder, env=env, stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=stderr, start_new_session=True)
        assert process.stdout is not None
        self.process = process
        if read_line(process.stdout, STARTUP_LIMIT) == READY:
            return process
        self.stop()
        return f"its expectations checker did not start within {STARTUP_LIMIT:g} s" + (
            f":\n{said}" if (said := self.said()) else "")

    def said(self) -> str:
        """The end of what the checker wrote to stderr."""
        try:
            return "\n".join(self.stderr.read_text("utf-8", "replace").strip().splitlines()[-20:])
        except OSError:
            return ""

    def check(self, test: Path, stdout: str, stderr: str) -> tuple[str, str]:
        """(problem, why) for this output: see the module docstring."""
        with self.lock:
            if self.process is None or self.process.poll() is not None:
                started = self.start()
                if isinstance(started, str):
                    return started, ""
            process = self.process
            assert process is not None
            assert process.stdin is not None
            assert process.stdout is not None
            request = {"test": str(test), "stdout": stdout, "stderr": stderr}
            try:
                process.stdin.write(json.dumps(request).encode() + b"\n")
                process.stdin.flush()
                answer = read_line(process.stdout, self.timeout)
            except OSError:  # it had ended before the request
                answer = b""
            if not answer:
                ended = answer == b""
                self.stop()
                said = self.said()
                return (f"its expectations check ({test.relative_to(self.project)}) "
                        + ("ended without answering" if ended
                           else f"did not answer within {self.timeout:g} s")
                        + (f":\n{said}" if said else ""), "")
            reply = json.loads(answer)
            return str(reply["problem"]), str(reply["why"])

    def stop(self) -> None:
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            for pipe in (self.process.stdin, self.process.stdout):
                if pipe is not None:
                    with contextlib.suppress(OSError):  # a request it never read
                        pipe.close()
            self.process = None

    def close(self) -> None:
        with self.lock:
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def read_line(pipe: IO[bytes], timeout: float) -> bytes | None:
    """One line from `pipe`; b"" if it ended first, None if nothing came within `timeout`
    seconds."""
    ready, _, _ = select.select([pipe], [], [], timeout)
    return pipe.readline() if ready else None


def serve(project: Path) -> None:
    """The checker process: see the module docstring. Whatever the tests or snippets print
    goes to stderr, never into the answers; what they read from stdin is empty, as in a
    plain run, never the requests."""
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    requests = os.fdopen(os.dup(0), encoding="utf-8")
    os.dup2(2, 1)
    with open(os.devnull, "rb") as nothing:
        os.dup2(nothing.fileno(), 0)
    import pytest  # noqa: F401 - what every test module imports: loaded before `ready`

    answers.write(READY.decode())
    answers.flush()
    for line in requests:
        request = json.loads(line)
        test = Path(request["test"])
        try:
            check = expectations.load_check(project, test)
        except Exception as error:  # noqa: BLE001 - any error in the test module
            reply = {"problem": f"could not load its expectations from "
                                f"{test.relative_to(project)}: {type(error).__name__}: {error}",
                     "why": ""}
        else:
            reply = {"problem": "", "why": check(request["stdout"], request["stderr"])}
        answers.write(json.dumps(reply) + "\n")
        answers.flush()


if __name__ == "__main__":
    serve(Path(sys.argv[1]))

"""Run one command the way a build can trust: under a supervisor, within a time limit, with
capped output, and with nothing left running afterwards.

* **Supervised.** The command runs under `supervise.py`, a child subreaper: every process
  it starts stays below the supervisor, even one that calls `setsid()` or double-forks.
  When the command ends, the supervisor names what is still running (in
  `Finished.leftovers`: a program that leaves processes running is itself a bug worth
  reporting) and kills it. After a time limit the build sends SIGTERM, and the
  supervisor kills the command and everything below it; if the build itself dies, the
  kernel sends the supervisor that SIGTERM (`PR_SET_PDEATHSIG`). The supervisor also
  starts a new session, and its process group is killed last, as a backstop.
* **Capped output.** Each stream keeps its first `cap` bytes; the rest is read and counted,
  never stored, so a flood cannot exhaust memory. Bytes decode as UTF-8 with replacement
  characters, so invalid output is shown, not fatal.
* **Time limit.** After `timeout` seconds the group is killed and `returncode` is None.
  The limit is for the program, not for starting its interpreter: a runner that takes
  long to start (Pyodide resumes a WebAssembly snapshot, which on a loaded machine can take
  longer than the program runs) writes one byte to the descriptor named in
  `TASKSDOCS_STARTED_FD` as the program starts, and the limit counts from that byte.
"""

from __future__ import annotations

import contextlib
import errno
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

OUTPUT_CAP = 200_000  # bytes per stream
PIPE_DRAIN = 30.0  # seconds to wait for the pipes to close once the group is gone
STOP_GRACE = 5.0  # seconds the supervisor has to end everything after SIGTERM
SUPERVISOR = Path(__file__).with_name("supervise.py")
STARTED_FD = "TASKSDOCS_STARTED_FD"  # see "Time limit" above
STARTUP_LIMIT = 300.0  # seconds: an interpreter not started by then is broken, not slow
SPAWN_PAUSES = (0.5, 2.0)  # seconds before each new attempt to start a process
# Failures to start a process that a loaded machine can cause, and that pass: out of
# process ids or memory for a moment, and EFAULT, seen once here while starting a run
TRANSIENT = frozenset({errno.EAGAIN, errno.ENOMEM, errno.EFAULT})


@dataclass(frozen=True)
class Finished:
    stdout: str
    stderr: str
    returncode: int | None  # None: stopped after the time limit
    seconds: float
    leftovers: tuple[str, ...] = ()  # "pid: command" of processes still running at the end
    truncated: tuple[int, int] = (0, 0)  # bytes dropped from stdout and stderr
    unread: bool = False  # a pipe was still open PIPE_DRAIN s after the end: output cut short


class CappedReader(threading.Thread):
    """Reads a pipe to its end, keeping at most `cap` bytes."""

    def __init__(self, pipe: IO[bytes], cap: int) -> None:
        super().__init__(name="tasksdocs-reader", daemon=True)
        self.pipe, self.cap = pipe, cap
        self.kept = bytearray()
        self.dropped = 0

    def run(self) -> None:
        while chunk := self.pipe.read1(65536):  # type: ignore[attr-defined]
            room = self.cap - len(self.kept)
            self.kept += chunk[:room]
            self.dropped += max(0, len(chunk) - room)

    def text(self) -> str:
        return bytes(self.kept).decode("utf-8", errors="replace").replace("\r\n", "\n")


def spawn(command: list[str], **options: Any) -> subprocess.Popen[bytes]:
    """`subprocess.Popen(command, **options)`, tried again after each of SPAWN_PAUSES when
    it fails in a way that passes (TRANSIENT)."""
    for pause in SPAWN_PAUSES:
        try:
            return subprocess.Popen(command, **options)
        except OSError as error:
            if error.errno not in TRANSIENT:
                raise
        time.sleep(pause)
    return subprocess.Popen(command, **options)


def kill_group(group: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):  # already gone
        os.killpg(group, signal.SIGKILL)


def stop(process: subprocess.Popen[bytes]) -> None:
    """Ask the supervisor to end everything below it, then kill its group as a backstop."""
    with contextlib.suppress(ProcessLookupError):
        process.send_signal(signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(STOP_GRACE)
    kill_group(process.pid)
    process.wait()


def run_isolated(command: list[str], *, cwd: Path, timeout: float, env: dict[str, str],
                 cap: int = OUTPUT_CAP, says_when_started: bool = False) -> Finished:
    """Run `command` to its end or to `timeout`; see the module docstring.
    `says_when_started`: the command writes to `STARTED_FD` (see "Time limit")."""
    start = time.perf_counter()
    handle, leftovers_file = tempfile.mkstemp(prefix="tasksdocs-leftovers-")
    os.close(handle)
    started_read, started_write = os.pipe() if says_when_started else (-1, -1)
    try:
        return supervised(command, cwd, timeout, env, cap, start, Path(leftovers_file),
                          (started_read, started_write))
    finally:
        Path(leftovers_file).unlink(missing_ok=True)
        if started_read >= 0:
            os.close(started_read)


def wait_until_started(started_read: int) -> bool:
    """Whether the command said it started, or ended, within `STARTUP_LIMIT`: both end the
    wait (an ended command closes the pipe)."""
    if started_read < 0:
        return True
    readable, _, _ = select.select([started_read], [], [], STARTUP_LIMIT)
    return bool(readable)


def supervised(command: list[str], cwd: Path, timeout: float, env: dict[str, str], cap: int,
               start: float, leftovers_file: Path, started: tuple[int, int]) -> Finished:
    started_read, started_write = started
    passed = (started_write,) if started_write >= 0 else ()
    try:
        process = spawn(
            [sys.executable, "-I", str(SUPERVISOR), str(leftovers_file), "--", *command],
            cwd=cwd, env={**env, STARTED_FD: str(started_write)} if passed else env,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            start_new_session=True, pass_fds=passed,
        )
    finally:  # only the command holds it now, so its end closes the pipe
        for fd in passed:
            os.close(fd)
    assert process.stdout is not None
    assert process.stderr is not None
    readers = [CappedReader(process.stdout, cap), CappedReader(process.stderr, cap)]
    for reader in readers:
        reader.start()
    try:
        if not wait_until_started(started_read):
            raise subprocess.TimeoutExpired(command, STARTUP_LIMIT)
        returncode: int | None = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        returncode = None
    except BaseException:
        stop(process)
        raise
    seconds = time.perf_counter() - start
    if returncode is None:
        stop(process)
    leftovers = tuple(leftovers_file.read_text("utf-8").splitlines()) if returncode is not None \
        else ()
    kill_group(process.pid)
    for reader in readers:
        reader.join(PIPE_DRAIN)  # a process that escaped the group may still hold a pipe
        if not reader.is_alive():
            reader.pipe.close()
    out, err = readers
    return Finished(out.text(), err.text(), returncode, seconds, leftovers,
                    (out.dropped, err.dropped), any(r.is_alive() for r in readers))

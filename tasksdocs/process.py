"""Run one command the way a build can trust: in its own process group, within a time limit,
with capped output, and with nothing left running afterwards.

* **Own group.** The command starts a new session, so it and every process it starts share
  one process group. When the command ends or times out, the whole group is killed; the
  processes it left behind are named in `Finished.leftovers`, because a program that leaves
  processes running is itself a bug worth reporting.
* **Capped output.** Each stream keeps its first `cap` bytes; the rest is read and counted,
  never stored, so a flood cannot exhaust memory. Bytes decode as UTF-8 with replacement
  characters, so invalid output is shown, not fatal.
* **Time limit.** After `timeout` seconds the group is killed and `returncode` is None.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

OUTPUT_CAP = 200_000  # bytes per stream
PIPE_DRAIN = 5.0  # seconds to wait for the pipes to close once the group is gone


@dataclass(frozen=True)
class Finished:
    stdout: str
    stderr: str
    returncode: int | None  # None: stopped after the time limit
    seconds: float
    leftovers: tuple[str, ...] = ()  # "pid: command" of processes still running at the end
    truncated: tuple[int, int] = (0, 0)  # bytes dropped from stdout and stderr


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


def group_members(group: int) -> list[str]:
    """The processes in a process group, as "pid: command line" (Linux /proc)."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == group and fields[0] != "Z":
                command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").strip()
                members.append(f"{stat.parent.name}: {command.decode(errors='replace')}")
        except (OSError, IndexError, ValueError):
            continue  # it ended while we looked
    return sorted(members)


def kill_group(group: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):  # already gone
        os.killpg(group, signal.SIGKILL)


def run_isolated(command: list[str], *, cwd: Path, timeout: float, env: dict[str, str],
                 cap: int = OUTPUT_CAP) -> Finished:
    """Run `command` to its end or to `timeout`; see the module docstring."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, start_new_session=True,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    readers = [CappedReader(process.stdout, cap), CappedReader(process.stderr, cap)]
    for reader in readers:
        reader.start()
    try:
        returncode: int | None = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        returncode = None
    except BaseException:
        kill_group(process.pid)
        process.wait()
        raise
    seconds = time.perf_counter() - start
    leftovers = tuple(group_members(process.pid)) if returncode is not None else ()
    kill_group(process.pid)
    process.wait()
    for reader in readers:
        reader.join(PIPE_DRAIN)  # a process that escaped the group may still hold a pipe
        if not reader.is_alive():
            reader.pipe.close()
    out, err = readers
    return Finished(out.text(), err.text(), returncode, seconds, leftovers,
                    (out.dropped, err.dropped))

"""Run one command so that no process it starts outlives it, whatever the processes do.

    python supervise.py LEFTOVERS -- COMMAND [ARGS...]

On Linux this process makes itself a *child subreaper* (`prctl(PR_SET_CHILD_SUBREAPER)`):
a process that COMMAND starts and then leaves behind, even one that called `setsid()` or
double-forked, is re-parented to this process instead of to init. When COMMAND ends, every
descendant still running is written to the file LEFTOVERS ("pid: command line", one a line),
killed and reaped, and this process ends as COMMAND did: its exit status, or its signal.

It also asks the kernel for SIGTERM if its parent (the build) dies (`PR_SET_PDEATHSIG`): a
killed build, whatever killed it, takes its runs down with it. SIGTERM, from there or from
the build after a time limit, kills COMMAND and every descendant before this process exits.

Where `prctl` does not exist (not Linux), COMMAND runs in its own process group only, as
before. This is a guard against mistakes, not a sandbox: a process that kills this one with
SIGKILL before it can act, or that escapes by other means, is not contained.

Standard library only: it runs before and around any snippet, on the build's Python.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
from pathlib import Path

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36


def prctl(option: int, value: int) -> bool:
    """`prctl(option, value)`; False where it is not available."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(option, value, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def descendants(root: int) -> list[int]:
    """Every living process below `root`, parents before children (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if fields[0] != "Z":
                children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], list(children.get(root, []))
    while todo:
        pid = todo.pop(0)
        found.append(pid)
        todo += children.get(pid, [])
    return found


def command_line(pid: int) -> str:
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(
            errors="replace").strip()
    return "?"


def end_all(pids: list[int]) -> None:
    """SIGKILL each process, then reap every child of this process that has ended."""
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG if not pids else 0)[0]:
            pass


def default_interrupt() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def main() -> int:
    leftovers_file, separator, *command = sys.argv[1:]
    assert separator == "--", "usage: supervise.py LEFTOVERS -- COMMAND [ARGS...]"
    build = os.getppid()
    prctl(PR_SET_CHILD_SUBREAPER, 1)
    prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    started = os.environ.get("TASKSDOCS_STARTED_FD")  # see process.py, "Time limit"
    passed = (int(started),) if started else ()
    # Ctrl-C works in the command as in a terminal, even where the build ignores it (a
    # shell's background job does): Python then installs its KeyboardInterrupt handler
    child = subprocess.Popen(command, stdin=subprocess.DEVNULL, pass_fds=passed,
                             preexec_fn=default_interrupt)
    for fd in passed:  # the command's copy is the one that counts
        os.close(fd)

    def stop(signum: int, frame: object) -> None:
        end_all([child.pid, *descendants(os.getpid())])
        os._exit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    if os.getppid() != build:  # the build died before the signal was asked for
        stop(signal.SIGTERM, None)
    status = child.wait()
    left = descendants(os.getpid())
    if left:
        Path(leftovers_file).write_text(
            "".join(f"{pid}: {command_line(pid)}\n" for pid in left), encoding="utf-8")
    end_all(left)
    if status < 0:  # ended by a signal: end the same way, so the build sees it as such
        signal.signal(-status, signal.SIG_DFL)
        os.kill(os.getpid(), -status)
    return status


if __name__ == "__main__":
    sys.exit(main())

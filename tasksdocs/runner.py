"""Child process that runs one snippet exactly as `python snippets/<name>.py` would.

The parent (`tasksdocs.plugin`) starts `python runner.py LABEL TIMEOUT` and writes the
snippet's source to stdin. Running in a child process means:

* the `if __name__ == "__main__":` guard runs, because the code runs as `__main__`;
* everything written to stdout is captured, not just the global `print`;
* `sys.exit`, `KeyboardInterrupt` and an escaping `CancelledError` end the child, not MkDocs;
* a hang, cooperative or blocking, is ended by a watchdog after TIMEOUT seconds, which first
  reports every pending task and the line it is waiting on.

Exit codes tell the parent what happened; details go to stderr.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import linecache
import os
import sys
import threading
import traceback
import types
from types import CoroutineType, FrameType
from typing import Any

EXIT_OK = 0
EXIT_RAISED = 1
EXIT_CALLED_EXIT = 2
EXIT_TIMED_OUT = 3
TIMELINE_ENV = "TASKSDOCS_TIMELINE"  # a path: record every task's timeline there as JSON


def run(source: str, label: str) -> int:
    """Run `source` as the `__main__` module and return the exit code for the parent."""
    linecache.cache[label] = (len(source), None, source.splitlines(keepends=True), label)
    sys.path[0] = os.path.dirname(os.path.abspath(label))  # as for `python snippets/x.py`
    sys.argv = [label]
    module = types.ModuleType("__main__")
    module.__file__ = label
    runner_module, sys.modules["__main__"] = sys.modules["__main__"], module
    try:
        exec(compile(source, label, "exec"), module.__dict__)
    except SystemExit as stop:
        print(f"the snippet called sys.exit({stop.code!r}); a snippet must end by returning",
              file=sys.stderr)
        return EXIT_CALLED_EXIT
    except BaseException:  # noqa: BLE001 - report every escape, CancelledError included
        traceback.print_exc()
        return EXIT_RAISED
    finally:
        sys.modules["__main__"] = runner_module
        module.__dict__.clear()
        gc.collect()  # report destroyed pending tasks and never-awaited coroutines now
    return EXIT_OK


def where_waiting(task: asyncio.Task[Any], label: str) -> str:
    """Where the task is suspended: the innermost line of the snippet, then of any library."""
    coro: Any = task.get_coro()
    coro = getattr(coro, "inner", coro)  # unwrap a timeline recorder's Traced
    frames: list[FrameType] = []
    while isinstance(coro, CoroutineType) and coro.cr_frame is not None:
        frames.append(coro.cr_frame)
        coro = coro.cr_await
    if not frames:
        return "(not started)"
    own = [f for f in frames if f.f_code.co_filename == label]
    places = [f"{f.f_code.co_filename}:{f.f_lineno} in {f.f_code.co_name}"
              for f in dict.fromkeys([*own[-1:], frames[-1]])]
    return places[0] + (f" (inside {places[1]})" if len(places) > 1 else "")


def pending_tasks_report(label: str) -> list[str]:
    """One line per pending task of every open event loop in this process."""
    loops = [o for o in gc.get_objects()
             if isinstance(o, asyncio.AbstractEventLoop) and not o.is_closed()]
    lines = []
    for loop in loops:
        for task in sorted(asyncio.all_tasks(loop), key=lambda t: t.get_name()):
            coro = getattr(task.get_coro(), "__qualname__", "?")
            place = where_waiting(task, label)
            lines.append(f"  task {task.get_name()!r} ({coro}) waiting at {place}")
    return lines


def main_thread_report(label: str) -> list[str]:
    """Where the main thread is now, from the snippet's outermost frame inwards."""
    frame = sys._current_frames().get(threading.main_thread().ident or 0)
    stack = traceback.extract_stack(frame) if frame else traceback.StackSummary()
    own = [i for i, entry in enumerate(stack) if entry.filename == label]
    shown = traceback.StackSummary.from_list(stack[own[0]:] if own else stack[-4:])
    return [line.rstrip() for entry in shown.format() for line in entry.splitlines()]


def start_watchdog(timeout: float, label: str) -> threading.Timer:
    """End the process after `timeout` seconds, even if the snippet blocks the event loop."""

    def give_up() -> None:
        sys.stdout.flush()
        report = [f"still running after {timeout:g} s (the block's timeout)", "pending tasks:"]
        report += pending_tasks_report(label) or ["  (none)"]
        report += ["the main thread is at (innermost last):", *main_thread_report(label)]
        print("\n".join(report), file=sys.stderr, flush=True)
        os._exit(EXIT_TIMED_OUT)

    watchdog = threading.Timer(timeout, give_up)
    watchdog.daemon = True
    watchdog.start()
    return watchdog


def main() -> None:
    label, timeout = sys.argv[1], float(sys.argv[2])
    source = sys.stdin.read()
    timeline_path = os.environ.pop(TIMELINE_ENV, "")
    if timeline_path:
        # Run as a script, maybe by a Python without tasksdocs installed: this file's folder
        # is sys.path[0] now, so the sibling module imports by its own name.
        timeline = importlib.import_module("timeline")
        recorder = timeline.Recorder()
        timeline.install(recorder)
    watchdog = start_watchdog(timeout, label)
    status = run(source, label)
    watchdog.cancel()
    if timeline_path:
        with open(timeline_path, "w", encoding="utf-8") as out:
            out.write(recorder.to_json())
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)  # skip interpreter teardown: non-daemon threads must not hang us


if __name__ == "__main__":
    main()

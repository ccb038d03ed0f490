"""The traced run: a snippet run once more, observed, for its timeline and its diagnosis.

`python traced.py SNIPPET TIMEOUT RECORDING` runs SNIPPET (a path relative to the working
directory) as `__main__`, as `python SNIPPET` would: the same `sys.argv`, `sys.path[0]` and
`__file__`, compiled with no inherited `__future__` flags, and ending with Python's own
shutdown (non-daemon threads joined, `atexit` handlers run). Around it:

* the recorder (`recorder.py`) writes every task's timeline to RECORDING as JSON;
* the exit code says how the snippet ended: EXIT_RAISED, EXIT_CALLED_EXIT or EXIT_TIMED_OUT;
* a watchdog thread, after TIMEOUT seconds, writes to stderr every pending task and the
  line it waits on, the main thread's stack and any non-daemon thread that is still running,
  then ends the process. (Where threads cannot start, as in Pyodide, the build's own time
  limit ends a hung run, without this report.)

The page's Output never comes from this run: it comes from a plain `python SNIPPET` that
nothing instruments. The build compares the two runs' stdout.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import importlib
import os
import sys
import threading
import time
import traceback
import types
from collections.abc import Callable
from typing import Any

if __package__:
    from .recorder import awaiting_frames
else:  # run as a script, or in the browser: the runner's files sit side by side
    from recorder import awaiting_frames  # type: ignore[import-not-found, no-redef]

EXIT_OK = 0
EXIT_RAISED = 1
EXIT_CALLED_EXIT = 2
EXIT_TIMED_OUT = 3
WATCHDOG_NAME = "tasksdocs-watchdog"  # named, so it takes no "Thread-N" number


def run(path: str, compiled: Callable[[types.CodeType], object] = lambda code: None) -> int:
    """Run the file at `path` as the `__main__` module; return how it ended. `compiled` is
    called with its code before it runs."""
    with open(path, encoding="utf-8") as file:
        source = file.read()
    module = types.ModuleType("__main__")
    module.__file__ = path
    module.__dict__["__builtins__"] = __builtins__
    sys.modules["__main__"] = module
    sys.argv = [sys.argv[1]]
    sys.path[0] = os.path.dirname(path)
    try:
        code = compile(source, path, "exec", dont_inherit=True)
        compiled(code)
        exec(code, module.__dict__)
    except SystemExit as stop:
        print(f"the snippet called sys.exit({stop.code!r}); a snippet must end by returning",
              file=sys.stderr)
        return EXIT_CALLED_EXIT
    except BaseException as error:  # noqa: BLE001 - report every escape, CancelledError too
        # as `python SNIPPET` shows it: from the snippet's own frame, not this runner's
        here = error.__traceback__
        error.with_traceback(here.tb_next if here else None)
        sys.excepthook(type(error), error, error.__traceback__)
        return EXIT_RAISED
    return EXIT_OK


def where_waiting(task: asyncio.Task[Any], path: str) -> str:
    """Where the task is suspended: the innermost line of the snippet, then of any library."""
    frames = awaiting_frames(task)
    if not frames:
        return "(not started)"
    own = [f for f in frames if f.f_code.co_filename == path]
    places = [f"{f.f_code.co_filename}:{f.f_lineno} in {f.f_code.co_name}"
              for f in dict.fromkeys([*own[-1:], frames[-1]])]
    return places[0] + (f" (inside {places[1]})" if len(places) > 1 else "")


def pending_tasks_report(path: str) -> list[str]:
    """One line per pending task of every open event loop in this process."""
    loops = [o for o in gc.get_objects()
             if isinstance(o, asyncio.AbstractEventLoop) and not o.is_closed()]
    lines = []
    for loop in loops:
        for task in sorted(asyncio.all_tasks(loop), key=lambda t: t.get_name()):
            coro = getattr(task.get_coro(), "__qualname__", "?")
            lines.append(f"  task {task.get_name()!r} ({coro}) waiting at "
                         f"{where_waiting(task, path)}")
    return lines


def stack_report(thread: threading.Thread, path: str) -> list[str]:
    """Where a thread is now, from the snippet's outermost frame inwards."""
    frame = sys._current_frames().get(thread.ident or 0)
    stack = traceback.extract_stack(frame) if frame else traceback.StackSummary()
    own = [i for i, entry in enumerate(stack) if entry.filename == path]
    shown = traceback.StackSummary.from_list(stack[own[0]:] if own else stack[-4:])
    return [line.rstrip() for entry in shown.format() for line in entry.splitlines()]


def hang_report(timeout: float, path: str) -> str:
    report = [f"still running after {timeout:g} s (the block's timeout)", "pending tasks:"]
    report += pending_tasks_report(path) or ["  (none)"]
    report += ["the main thread is at (innermost last):",
               *stack_report(threading.main_thread(), path)]
    for thread in threading.enumerate():
        if thread is not threading.main_thread() and not thread.daemon:
            report += [f"non-daemon thread {thread.name!r} has not ended, so Python cannot "
                       "exit; it is at (innermost last):", *stack_report(thread, path)]
    return "\n".join(report)


def start_watchdog(timeout: float, path: str) -> None:
    """End the process after `timeout` seconds, even if the snippet blocks the event loop."""

    def give_up() -> None:
        sys.stdout.flush()
        print(hang_report(timeout, path), file=sys.stderr, flush=True)
        os._exit(EXIT_TIMED_OUT)

    def watch() -> None:
        time.sleep(timeout)
        give_up()

    with contextlib.suppress(RuntimeError):  # no threads in Pyodide: the build's limit holds
        threading.Thread(target=watch, name=WATCHDOG_NAME, daemon=True).start()


def main() -> None:
    snippet, timeout, recording = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    path = os.path.abspath(snippet)  # as `python snippets/x.py` names it since Python 3.9
    # Run as a script, maybe by a Python without tasksdocs installed: this file's folder is
    # sys.path[0] until `run` replaces it, so the sibling modules import by their own names.
    recording_module, observing = (importlib.import_module(name)
                                   for name in ("recorder", "observe"))
    observer = recording_module.Recorder(path)
    observing.install(observer)
    start_watchdog(timeout, path)
    status = run(path, lambda code: observing.watch_coroutines(observer, code))
    with open(recording, "w", encoding="utf-8") as out:
        out.write(observer.to_json())
    if status != EXIT_OK:
        sys.stdout.flush()
        sys.stderr.flush()
        raise SystemExit(status)  # Python's own shutdown still runs


if __name__ == "__main__":
    main()

"""Inside Pyodide: run a script as `python SCRIPT` would, on CPython's own event loop.

`pyodide_python.mjs` loads CPython 3.14 (compiled to WebAssembly) and runs this file, which
calls `main(script, argv, cwd)`. It only uses the standard library.

Pyodide replaces asyncio's event loop with its own `WebLoop`, which hands every callback to
JavaScript. Programs can see the difference: a loop is running even at the top level, so
`asyncio.get_event_loop()` returns it where CPython 3.14 raises `RuntimeError`; task
factories get no keyword arguments; tracebacks pass through `webloop.py`. To show what
CPython prints, this puts CPython's own loop back (`_UnixSelectorEventLoop`, from the
3.14 standard library Pyodide ships) and changes only how it waits:

* the selector has no file descriptors to watch here (no sockets, no threads to wake the
  loop), so waiting for the next timer is sleeping until it is due;
* the self-pipe, which lets other threads and signal handlers wake the loop, is not made:
  no other thread can exist.

Each run resumes a memory snapshot of a started interpreter (see `pyodide_python.mjs`), so
it sets its own environment and reseeds `random`. One difference remains: `hash()` of a
string is the same in every run, as if `PYTHONHASHSEED` were fixed, where CPython varies it.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import random
import selectors
import sys
import time
import types
from asyncio import selector_events
from typing import Any, SupportsIndex

FOREVER = 3600.0
ORIGINAL_SLEEP = time.sleep
pause: Any = None  # main() sets one of these two
timer: Any = None
web_policy: Any = None  # Pyodide's own, for turning a JavaScript promise into a future


def sleep(seconds: float | SupportsIndex) -> None:
    """`time.sleep` that lets the CPU rest (Pyodide's own spins). Under Node, JavaScript's
    `Atomics.wait` blocks the thread until the time is up; in a browser, where that needs
    headers a static site cannot send, the WebAssembly stack is suspended on a JavaScript
    timer instead (JSPI)."""
    length = float(seconds)  # as time.sleep takes it: a float or an int-like
    if length < 0:
        raise ValueError("sleep length must be non-negative")
    if length == 0:  # the loop polls between steps: no round trip through JavaScript
        return
    if pause is not None:
        pause(length)
    elif timer is not None:
        wait_for_timer(length)
    else:
        ORIGINAL_SLEEP(length)


def wait_for_timer(seconds: float) -> None:
    """Suspend until `timer(seconds)` resolves. Pyodide turns the promise into a future of
    the current event loop, so its own loop stands in while this waits: CPython's loop,
    which may be running, is not one Pyodide can hand a JavaScript promise to."""
    from pyodide.ffi import run_sync  # type: ignore[import-not-found]

    running = asyncio.events._get_running_loop()
    policy = asyncio.events._event_loop_policy  # type: ignore[attr-defined]
    asyncio.events._set_running_loop(None)
    asyncio.events._event_loop_policy = web_policy  # type: ignore[attr-defined]
    try:
        run_sync(timer(seconds))
    finally:
        asyncio.events._event_loop_policy = policy  # type: ignore[attr-defined]
        asyncio.events._set_running_loop(running)


class SleepingSelector(selectors.PollSelector):
    """Waits by sleeping while nothing is registered (Pyodide's poll() would spin)."""

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        if self.get_map():
            return super().select(timeout)
        if timeout is None:  # nothing can ever wake the loop: hang, as CPython would
            while True:
                sleep(FOREVER)
        sleep(max(timeout, 0))
        return []


def no_self_pipe(loop: Any) -> None:
    """Stands in for the self-pipe methods; without threads there is no one to wake us."""


def use_cpython_event_loop() -> None:
    """Undo what Pyodide changes in asyncio and `time.sleep`; see the module docstring."""
    from pyodide import webloop  # type: ignore[import-not-found]

    global web_policy
    if web_policy is None:  # the first run in this interpreter: Pyodide's policy is still set
        web_policy = asyncio.events._event_loop_policy  # type: ignore[attr-defined]
    asyncio.run = webloop._orig_run
    time.sleep = sleep
    selectors.DefaultSelector = SleepingSelector  # type: ignore[misc,assignment]
    base: Any = selector_events.BaseSelectorEventLoop
    base._make_self_pipe = base._close_self_pipe = base._write_to_self = no_self_pipe
    asyncio.events._set_running_loop(None)
    asyncio.events._event_loop_policy = None  # type: ignore[attr-defined]


def main(script: str, argv: list[str], cwd: str, environment: dict[str, str],
         block: Any = None, wait: Any = None) -> int:
    """Run `script` as `__main__`; return the exit status `python script` would have.
    `block(seconds)` is a JavaScript function that blocks for that long (Node);
    `wait(seconds)` returns a promise that resolves after that long (a browser, where
    this must be called through JSPI, as `callPromising`)."""
    global pause, timer
    pause, timer = block, wait
    os.environ.clear()  # this run's, not the environment of the run that made the snapshot
    os.environ.update(environment)
    random.seed()  # the snapshot holds a seeded generator: every run would draw alike
    use_cpython_event_loop()
    os.chdir(cwd)
    sys.argv = list(argv)
    sys.path[0:0] = [os.path.dirname(script)]
    module = types.ModuleType("__main__")
    module.__file__ = script
    module.__dict__["__builtins__"] = __builtins__
    sys.modules["__main__"] = module
    with open(script, encoding="utf-8") as file:
        code = compile(file.read(), script, "exec", dont_inherit=True)
    status = 0
    try:
        exec(code, module.__dict__)
    except SystemExit as stop:
        if stop.code is None or isinstance(stop.code, int):
            status = stop.code or 0
        else:
            print(stop.code, file=sys.stderr)
            status = 1
    except BaseException as error:  # noqa: BLE001 - as CPython's own top level does
        here = error.__traceback__  # from the script's own frame, not this runner's
        error.with_traceback(here.tb_next if here else None)
        sys.excepthook(type(error), error, error.__traceback__)
        status = 1
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    return status

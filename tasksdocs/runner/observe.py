"""How the recorder (`recorder.py`) sees a run: by observing the event loop, never the
tasks. Nothing a program can see of its tasks changes: no task factory, no policy, no
wrapped coroutine, no extra frame on any stack that asyncio records. What is observed:

* each loop's ready queue (`loop._ready`) is a deque that notices the first callback of a
  task: a new task schedules its first step there, so that moment is its creation.
* an eager task (3.12+) runs its first step inside `create_task`, never through the ready
  queue. `sys.monitoring` (a tool id of its own, events only on the snippet's coroutine
  code objects) sees its coroutine start: a task seen first there was created, and started,
  at that moment.
* `events.Handle._run`, which runs every callback of the loop, stamps each task step: the
  loop runs a task by calling its step or wakeup method, whose `__self__` is the task.
* `sys.stdout` is teed so that every printed line is stamped with its moment and the task
  that printed it.

Pyodide's `WebLoop` has no ready queue: it hands each callback to the JavaScript event loop
from `call_later`, so there the handle `call_later` returns is the first sight of a task.
"""

from __future__ import annotations

import asyncio
import collections
import inspect
import sys
import time
import types
from asyncio import base_events, events
from collections.abc import Callable
from typing import Any, TextIO

if __package__:
    from .recorder import ORIGINAL_RUN, STEP_CALLBACKS, Recorder, webloop
else:  # run by traced.py, or in the reader's browser: the runner's files side by side
    from recorder import (  # type: ignore[import-not-found, no-redef]
        ORIGINAL_RUN,
        STEP_CALLBACKS,
        Recorder,
        webloop,
    )


class StampedStdout:
    """Passes everything to the real stdout, and stamps each completed line."""

    def __init__(self, stream: TextIO, recorder: Recorder) -> None:
        self._stream, self._recorder = stream, recorder
        self._partial = ""
        self._start: tuple[float, dict[str, Any] | None] | None = None

    def write(self, text: str) -> int:
        if self._start is None and text:
            self._start = (self._moment(), self._printer())
        self._partial += text
        while "\n" in self._partial:
            line, self._partial = self._partial.split("\n", 1)
            at, lane = self._start or (self._moment(), None)
            self._recorder.printed(line, at, lane)
            self._start = (self._moment(), self._printer()) if self._partial else None
        return self._stream.write(text)

    def _printer(self) -> dict[str, Any] | None:
        """The lane of the task that prints: the one running a step, or an eager task
        running its first step inside `create_task`."""
        try:
            task = asyncio.current_task()
        except RuntimeError:  # no running loop in this thread
            task = None
        return self._recorder.lane_of.get(task) if task is not None and \
            task in self._recorder.lane_of else self._recorder.running

    def _moment(self) -> float:
        try:
            loop_time = asyncio.get_running_loop().time()
        except RuntimeError:  # no loop in this thread: the default loop's clock is monotonic
            loop_time = time.monotonic()
        return self._recorder.now(loop_time)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def task_of(handle: events.Handle) -> asyncio.Task[Any] | None:
    """The task whose step or wakeup `handle` runs, if it runs one."""
    callback = handle._callback  # type: ignore[attr-defined]
    owner = getattr(callback, "__self__", None)
    if isinstance(owner, asyncio.Task) and (
        type(callback).__name__ in STEP_CALLBACKS
        or getattr(callback, "__name__", "") in STEP_CALLBACKS
    ):
        return owner
    return None


class ReadyQueue(collections.deque[events.Handle]):
    """A loop's queue of callbacks that are ready to run, telling the recorder of new tasks."""

    def __init__(self, loop: asyncio.AbstractEventLoop, recorder: Recorder) -> None:
        super().__init__()
        self.loop, self.recorder = loop, recorder

    def append(self, handle: events.Handle) -> None:
        super().append(handle)
        if (task := task_of(handle)) is not None:
            self.recorder.scheduled(self.loop, task)


MONITOR = 4  # a sys.monitoring tool id of our own (coverage uses 1, debuggers 0)


def watch_coroutines(recorder: Recorder, *codes: types.CodeType) -> Callable[[], None]:
    """See the coroutines of `codes` (and of the code nested in them) start, so that an
    eager task is seen when it is created (3.12+; before, no task is eager). Returns the
    function that stops watching."""
    monitoring: Any = getattr(sys, "monitoring", None)
    if monitoring is None or monitoring.get_tool(MONITOR) is not None:
        return lambda: None
    monitoring.use_tool_id(MONITOR, "tasksdocs")

    def started(code: types.CodeType, offset: int) -> None:
        try:
            task = asyncio.current_task()
        except RuntimeError:  # no running loop in this thread
            return
        if task is not None:
            recorder.started(task)

    monitoring.register_callback(MONITOR, monitoring.events.PY_START, started)
    todo = list(codes)
    while todo:
        code = todo.pop()
        todo += [c for c in code.co_consts if isinstance(c, types.CodeType)]
        if code.co_flags & inspect.CO_COROUTINE:
            monitoring.set_local_events(MONITOR, code, monitoring.events.PY_START)

    def stop() -> None:
        monitoring.register_callback(MONITOR, monitoring.events.PY_START, None)
        monitoring.free_tool_id(MONITOR)

    return stop


ORIGINAL_LOOP_INIT = base_events.BaseEventLoop.__init__
ORIGINAL_WEB_CALL_LATER: Any = webloop.WebLoop.call_later if webloop else None


def install(recorder: Recorder) -> Callable[[], None]:
    """Observe every event loop created from now on in this process (see the module
    docstring). Returns the function that stops observing."""

    def loop_init(loop: Any, *args: Any, **kwargs: Any) -> None:
        ORIGINAL_LOOP_INIT(loop, *args, **kwargs)
        loop._ready = ReadyQueue(loop, recorder)

    def run(handle: events.Handle) -> Any:
        if (task := task_of(handle)) is not None:
            return recorder.step(handle, task)
        return ORIGINAL_RUN(handle)

    def web_call_later(loop: Any, delay: float, callback: Any, *args: Any,
                       context: Any = None) -> events.Handle:
        handle: events.Handle = ORIGINAL_WEB_CALL_LATER(loop, delay, callback, *args,
                                                        context=context)
        if (task := task_of(handle)) is not None:
            recorder.scheduled(loop, task)
        return handle

    def uninstall() -> None:
        base_events.BaseEventLoop.__init__ = ORIGINAL_LOOP_INIT  # type: ignore[method-assign]
        events.Handle._run = ORIGINAL_RUN  # type: ignore[method-assign]
        if webloop:
            webloop.WebLoop.call_later = ORIGINAL_WEB_CALL_LATER
        sys.stdout = stdout
        if running is not None:
            running._ready = collections.deque(running._ready)

    stdout = sys.stdout
    try:  # a loop that is already running (as in a test) is observed from now on too
        running: Any = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if not isinstance(running, base_events.BaseEventLoop):  # Pyodide's WebLoop is seen anyway
        running = None
    if running is not None:
        recorder.counted.update(asyncio.all_tasks(running))  # older tasks are not recorded
        queue = ReadyQueue(running, recorder)
        queue.extend(running._ready)
        running._ready = queue
    base_events.BaseEventLoop.__init__ = loop_init  # type: ignore[method-assign,assignment]
    events.Handle._run = run  # type: ignore[method-assign,assignment]
    if webloop:
        webloop.WebLoop.call_later = web_call_later
    sys.stdout = StampedStdout(stdout, recorder)
    return uninstall

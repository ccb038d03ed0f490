"""Record what every task did during a run: one lane per task (created, each step, how it
ended), every printed line with its moment and task, the loop's timers, and one log of all
of it in order. `observe.py` tells it what happens, without changing anything a program
can see.

This runs inside the *traced* run of a snippet (see `runner/traced.py`), never in the run
whose output a page shows, and in the reader's browser. It uses only the standard library.

After each step it notes how the task stands: still waiting (and on which line of the
snippet), done (with its result), failed (with its exception) or cancelled, read without
side effects (`task.exception()` would mark an error as retrieved, so `_exception` is read
instead). Tasks beyond `MAX_LANES` are counted, not recorded, so a 100,000-task program
stays cheap.
"""

from __future__ import annotations

import asyncio
import json
import weakref
from asyncio import base_events, events
from collections.abc import Callable
from types import CoroutineType, FrameType
from typing import Any

MAX_LANES = 200
MAX_PRINTS = 2_000
# Called with (loop time, line) for every printed line, even past MAX_PRINTS: the browser
# stamps a run's lines as they stream with the same clock as the page's timed output.
PRINT_LISTENERS: list[Callable[[float, str], None]] = []
MAX_LOG = 5_000
MAX_TIMERS = 12  # more pending timers than this are counted, not listed
TIMEOUT: Any = getattr(asyncio, "Timeout", ())  # 3.11+
MAX_SHOWN = 60  # characters of a result or an exception kept for the replay
STEP_CALLBACKS = {"TaskStepMethWrapper", "task_wakeup", "__step", "__wakeup",
                  "_Task__step", "_Task__wakeup"}
try:
    from pyodide import webloop as webloop  # type: ignore[import-not-found]
except ImportError:
    webloop = None
# the loop's own shutdown work is not the program's
LOOP_SOURCES = {base_events.__file__, *([webloop.__file__] if webloop else [])}
SHOWN_ARGUMENT_TYPES = (int, float, str, bool, bytes, type(None))


class Recorder:
    """Collects one lane per task, and the printed lines, while installed."""

    def __init__(self, script: str) -> None:
        self.script = script  # the snippet's path as its code objects name it
        self.lanes: list[dict[str, Any]] = []
        self.lane_of: weakref.WeakKeyDictionary[asyncio.Task[Any], dict[str, Any]] = (
            weakref.WeakKeyDictionary()
        )
        self.counted: weakref.WeakSet[asyncio.Task[Any]] = weakref.WeakSet()  # seen, no lane
        self.more_tasks = 0
        self.prints: list[list[Any]] = []
        self.more_prints = 0
        # every event and print in the order it happened: [seconds, lane index, kind, detail]
        self.log: list[list[Any]] = []
        self.more_log = 0
        self.origin: float | None = None
        self.running: dict[str, Any] | None = None
        self.timers: list[Any] | int = []  # as last noted: see `note_timers`
        self.eager_steps: list[tuple[asyncio.Task[Any], dict[str, Any]]] = []  # unsettled

    # -- time --------------------------------------------------------------------------------

    def now(self, loop_time: float) -> float:
        if self.origin is None:
            self.origin = loop_time
        return round(loop_time - self.origin, 6)

    def note(self, at: float, lane: dict[str, Any] | None, kind: str, detail: Any = None) -> None:
        if len(self.log) >= MAX_LOG:
            self.more_log += 1
            return
        self.log.append([at, lane["index"] if lane is not None else -1, kind, detail])

    # -- tasks -------------------------------------------------------------------------------

    def scheduled(self, loop: asyncio.AbstractEventLoop, task: asyncio.Task[Any]) -> None:
        """A step of `task` was put on the loop's ready queue: it is new, or it was woken."""
        lane = self.lane_of.get(task)
        if lane is None:
            self.seen(loop, task)
        else:
            self.note(self.now(loop.time()), lane, "ready")

    def seen(self, loop: asyncio.AbstractEventLoop, task: asyncio.Task[Any]) -> None:
        """A callback of `task` was scheduled (or ran): if it is the task's first, the task
        is new. If its coroutine has already run (an eager task's first step, inside
        `create_task`), its creation was not seen, so its lane starts at this sight."""
        if task in self.lane_of or task in self.counted:
            return
        coro = task.get_coro()
        code = getattr(coro, "cr_code", None)
        if code is not None and code.co_filename in LOOP_SOURCES:
            return
        if len(self.lanes) >= MAX_LANES:
            self.more_tasks += 1
            self.counted.add(task)
            return
        eager = bool(getattr(coro, "cr_suspended", False))
        at = self.now(loop.time())
        events = [] if eager else [[at, "create"]]
        lane: dict[str, Any] = {"index": len(self.lanes), "call": call_of(coro),
                                "name": task.get_name(), "events": events, "eager": eager}
        self.lanes.append(lane)
        self.lane_of[task] = lane
        if not eager:
            self.note(at, lane, "create")

    def started(self, task: asyncio.Task[Any]) -> None:
        """A coroutine of the snippet started to run in `task`. If the task is new, it is
        eager: created, and running its first step, inside `create_task`."""
        if task in self.lane_of or task in self.counted or len(self.lanes) >= MAX_LANES:
            return
        loop = task.get_loop()
        at = self.now(loop.time())
        lane: dict[str, Any] = {"index": len(self.lanes), "call": call_of(task.get_coro()),
                                "name": task.get_name(), "eager": True,
                                "events": [[at, "create"], [at, "resume"]]}
        self.lanes.append(lane)
        self.lane_of[task] = lane
        self.note(at, lane, "create")
        self.note(at, lane, "resume")
        self.eager_steps.append((task, lane))

    def settle_eager(self, at: float) -> None:
        """Eager first steps end inside `create_task`, before the step that called it."""
        for task, lane in self.eager_steps:
            self.settled(task, lane, at)
        self.eager_steps.clear()

    def step(self, handle: events.Handle, task: asyncio.Task[Any]) -> Any:
        loop = handle._loop  # type: ignore[attr-defined]
        self.settle_eager(self.now(loop.time()))
        self.seen(loop, task)  # known already, unless its first step was eager
        lane = self.lane_of.get(task)
        if lane is None:
            return ORIGINAL_RUN(handle)
        at = self.now(loop.time())
        lane["events"].append([at, "resume"])
        self.note(at, lane, "resume")
        self.running = lane
        try:
            return ORIGINAL_RUN(handle)
        finally:
            self.running = None
            at = self.now(loop.time())
            self.settle_eager(at)
            self.settled(task, lane, at)
            self.note_timers(loop, at)

    def settled(self, task: asyncio.Task[Any], lane: dict[str, Any], at: float) -> None:
        lane["name"] = task.get_name()
        if not task.done():
            line = self.waiting_line(task)
            lane["events"].append([at, "suspend", line])
            self.note(at, lane, "suspend", line)
            return
        detail = None
        if task.cancelled():
            kind = "cancel"
        elif (error := getattr(task, "_exception", None)) is not None:
            kind, detail = "error", shortened(f"{type(error).__name__}: {error}".rstrip(": "))
        else:
            kind, detail = "done", shortened(repr(task.result()))
        lane["events"].append([at, kind])
        self.note(at, lane, kind, detail)

    def note_timers(self, loop: asyncio.AbstractEventLoop, at: float) -> None:
        """Note the loop's pending timers when they changed: `[due, lane, what]` each, in
        the order they fire (`what` is "wakes" for a task's sleep, "timeout" for a task's
        `asyncio.timeout`, else the callback's name), or their number past MAX_TIMERS."""
        scheduled: list[events.TimerHandle] = getattr(loop, "_scheduled", [])
        timers: list[Any] | int = len(scheduled)
        if len(scheduled) <= MAX_TIMERS:
            timers = sorted([self.now(h.when()), *self.timer_of(h)]
                            for h in scheduled if not h.cancelled())
        if timers != self.timers:
            self.timers = timers
            self.note(at, None, "timers", timers)

    def timer_of(self, handle: events.TimerHandle) -> tuple[int, str]:
        """Whose timer this is, and what it does when it fires."""
        callback: Any = handle._callback  # type: ignore[attr-defined]
        owner = getattr(callback, "__self__", None)
        if isinstance(owner, TIMEOUT):
            lane = self.lane_of.get(owner._task)
            return (lane["index"] if lane else -1, "timeout")
        args = handle._args or ()
        for task, lane in self.lane_of.items():
            if args and getattr(task, "_fut_waiter", None) is args[0]:
                return lane["index"], "wakes"
        return -1, getattr(callback, "__qualname__", "a callback")

    def waiting_line(self, task: asyncio.Task[Any]) -> int:
        """The line of the snippet where the task waits (0 if it waits outside it)."""
        own = [f.f_lineno for f in awaiting_frames(task) if f.f_code.co_filename == self.script]
        return own[-1] if own else 0

    # -- prints ------------------------------------------------------------------------------

    def printed(self, line: str, at: float, lane: dict[str, Any] | None) -> None:
        for listener in PRINT_LISTENERS:
            listener(at, line)
        if len(self.prints) >= MAX_PRINTS:
            self.more_prints += 1
            return
        self.prints.append([at, lane["index"] if lane is not None else -1, line])
        self.note(at, lane, "print", line)

    def to_json(self) -> str:
        return json.dumps({"lanes": self.lanes, "more_tasks": self.more_tasks,
                           "prints": self.prints, "more_prints": self.more_prints,
                           "log": self.log, "more_log": self.more_log})


def awaiting_frames(task: asyncio.Task[Any]) -> list[FrameType]:
    """The frames of the chain of coroutines a task is suspended in, outermost first (none
    if it has not started): the one walk of that chain, for the replay and the hang report."""
    coro: Any = task.get_coro()
    frames: list[FrameType] = []
    while isinstance(coro, CoroutineType) and coro.cr_frame is not None:
        frames.append(coro.cr_frame)
        coro = coro.cr_await
    return frames


def shortened(text: str) -> str:
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN - 1] + "…"


def call_of(coro: Any) -> str:
    """`process_item(1, 3)`: the coroutine's name and its arguments, read before it runs.

    Only plain values are shown; anything else is shown by its type, because calling an
    arbitrary `__repr__` could print or fail, and so change the run being recorded."""
    if not isinstance(coro, CoroutineType):  # an async generator's aclose(), which
        return f"{type(coro).__name__}()"  # asyncio.run's shutdown runs as a task
    name = coro.__qualname__.rsplit(".", 1)[-1]
    frame, code = coro.cr_frame, coro.cr_code
    if frame is None:
        return f"{name}()"
    values = [frame.f_locals.get(arg) for arg in code.co_varnames[:code.co_argcount]]
    shown = [repr(v) if type(v) in SHOWN_ARGUMENT_TYPES else f"<{type(v).__name__}>"
             for v in values]
    return f"{name}({', '.join(shown)})"


ORIGINAL_RUN = events.Handle._run  # the loop's own, which `observe.install` wraps

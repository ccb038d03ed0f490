"""Experiments behind sentences of the guide's prose that an audit found wrong, each kept as
the test of the corrected sentence. They run on every supported Python (nox's snippets
sessions), on the virtual clock."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import inspect
import logging
import os
import re
import subprocess
import sys

import pytest

from tasksdocs.engine.pythons import requires_python
from tests.helpers import IN_PYODIDE, ROOT, SNIPPET_NAMES


def test_which_examples_need_more_than_python_3_11() -> None:
    """Home page and cheat sheet: which Python each example needs."""
    newer = {name: requires_python((ROOT / "snippets" / f"{name}.py").read_text("utf-8"))
             for name in SNIPPET_NAMES}
    assert {name: v for name, v in newer.items() if v > (3, 11)} == {
        "start_eager": (3, 12), "as_completed_async_for": (3, 13), "queue_shutdown": (3, 13),
        "call_graph": (3, 14),
        "task_report": (3, 14), "eager_start": (3, 14), "loop_setup": (3, 14)}


GET_EVENT_LOOP = """
import asyncio, warnings
warnings.simplefilter("error")
try:
    asyncio.get_event_loop()
    print("a loop")
except DeprecationWarning as warning:
    print(f"DeprecationWarning: {warning}")
except RuntimeError as error:
    print(f"RuntimeError: {error}")
"""


@pytest.mark.skipif(IN_PYODIDE, reason="Pyodide cannot start a process (and has its own loop "
                    "at top level); loop_setup's test checks 3.14 on CPython's loop")
def test_get_event_loop_without_a_loop_warns_from_3_12() -> None:
    """Cheat sheet and Task lifetime: get_event_loop() outside a running loop."""
    done = subprocess.run([sys.executable, "-c", GET_EVENT_LOOP], capture_output=True,
                          text=True, check=True, timeout=60)
    expected = ("a loop" if sys.version_info < (3, 12)
                else "DeprecationWarning: There is no current event loop"
                if sys.version_info < (3, 14)
                else "RuntimeError: There is no current event loop in thread 'MainThread'.")
    assert done.stdout.strip() == expected


def test_debug_mode_flags_steps_longer_than_a_tenth_of_a_second() -> None:
    """Debug mode page: the slow-callback threshold, and Runner(debug=True)."""
    with asyncio.Runner(debug=True) as runner:
        loop = runner.get_loop()
        assert loop.get_debug()
        assert loop.slow_callback_duration == 0.1


@pytest.mark.skipif(IN_PYODIDE, reason="Pyodide cannot start a process")
def test_development_mode_turns_on_asyncio_debug_mode() -> None:
    """Debug mode page: `python -X dev`."""
    code = "import asyncio\nasync def main(): return asyncio.get_running_loop().get_debug()\n" \
           "print(asyncio.run(main()))"
    done = subprocess.run([sys.executable, "-X", "dev", "-c", code], capture_output=True,
                          text=True, check=True, timeout=60)
    assert done.stdout.strip() == "True"


def test_asyncio_timeout_error_is_the_builtin_one() -> None:
    """Timeouts page: since 3.11 asyncio.TimeoutError is the built-in TimeoutError."""
    assert asyncio.TimeoutError is TimeoutError


async def test_asyncio_timeout_runs_the_block_in_the_callers_own_task() -> None:
    """Timeouts page: timeout() starts no task of its own."""
    outer = asyncio.current_task()
    async with asyncio.timeout(1):
        await asyncio.sleep(0)
        assert asyncio.current_task() is outer


def test_cancelled_error_is_a_base_exception_that_except_exception_misses() -> None:
    """Cancellation page: CancelledError derives from BaseException, not Exception."""
    assert issubclass(asyncio.CancelledError, BaseException)
    assert not issubclass(asyncio.CancelledError, Exception)


def test_a_task_says_done_and_cancelled_but_not_running() -> None:
    """Key benefits: a task has no running()."""
    assert hasattr(asyncio.Task, "done")
    assert hasattr(asyncio.Task, "cancelled")
    assert not hasattr(asyncio.Task, "running")


async def test_done_is_true_for_success_failure_and_cancellation() -> None:
    """Common task operations: what done() means."""

    async def fail() -> None:
        raise ValueError("no")

    succeeded = asyncio.create_task(asyncio.sleep(0))
    failed = asyncio.create_task(fail())
    cancelled = asyncio.create_task(asyncio.sleep(10))
    assert not any(task.done() for task in (succeeded, failed, cancelled))
    cancelled.cancel()
    await asyncio.wait([succeeded, failed, cancelled])
    assert all(task.done() for task in (succeeded, failed, cancelled))
    assert isinstance(failed.exception(), ValueError)


async def test_wait_for_on_a_cancelled_task_raises_cancelled_error() -> None:
    """Common task operations: wait_for on a task that was already cancelled."""
    task = asyncio.create_task(asyncio.sleep(10))
    task.cancel()
    await asyncio.wait([task])
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, timeout=1)


@pytest.mark.skipif(sys.version_info < (3, 12), reason="eager_task_factory is new in 3.12")
async def test_an_eager_task_that_never_waits_is_done_at_once() -> None:
    """When does a task start: eager tasks skip the queue when they never wait."""

    async def cache_hit() -> str:
        return "cached"

    loop = asyncio.get_running_loop()
    loop.set_task_factory(asyncio.eager_task_factory)
    try:
        task = asyncio.create_task(cache_hit())
        assert task.done()
        assert task.result() == "cached"
    finally:
        loop.set_task_factory(None)
    lazy = asyncio.create_task(cache_hit())
    assert not lazy.done()
    await lazy


async def test_create_task_runs_in_the_context_it_is_given() -> None:
    """Shared state and threads: create_task(context=)."""
    request = contextvars.ContextVar("request", default="none")
    chosen = contextvars.copy_context()
    chosen.run(request.set, "req-9")

    async def read() -> str:
        return request.get()

    assert await asyncio.create_task(read(), context=chosen) == "req-9"
    assert request.get() == "none"


@pytest.mark.realclock  # the snippet runs as a real program, with its real 0.5 s sleep
@pytest.mark.skipif(IN_PYODIDE, reason="Pyodide cannot start a process")
def test_pythonasynciodebug_says_where_a_forgotten_coroutine_was_created() -> None:
    """Debug mode page: PYTHONASYNCIODEBUG=1 on never_awaited_bug.py, unchanged."""
    done = subprocess.run(
        [sys.executable, "snippets/never_awaited_bug.py"], cwd=ROOT, capture_output=True,
        text=True, env={**os.environ, "PYTHONASYNCIODEBUG": "1"}, timeout=60, check=True,
    )
    assert "RuntimeWarning: coroutine 'save' was never awaited" in done.stderr
    assert "Coroutine created at (most recent call last)" in done.stderr
    snippet = (ROOT / "snippets" / "never_awaited_bug.py").read_text("utf-8").splitlines()
    line = 1 + next(n for n, text in enumerate(snippet) if 'save("draft")' in text)
    assert f'snippets/never_awaited_bug.py", line {line}, in main' in done.stderr
    page = (ROOT / "docs" / "debug-mode.md").read_text("utf-8")  # the line the page names
    assert f"`snippets/never_awaited_bug.py`, line {line}." in " ".join(page.split())
    assert f'"Coroutine created at", ending at line {line} |' in page


def test_runner_takes_a_loop_factory_from_3_11_and_run_from_3_12() -> None:
    """New in 3.14 page: the replacements for event-loop policies."""
    assert "loop_factory" in inspect.signature(asyncio.Runner).parameters
    has_it = "loop_factory" in inspect.signature(asyncio.run).parameters
    assert has_it == (sys.version_info >= (3, 12))


async def test_exception_raises_on_a_cancelled_task_and_on_one_not_done() -> None:
    """Results page, Key benefits: exception() does not always return."""
    task = asyncio.create_task(asyncio.sleep(1))
    with pytest.raises(asyncio.InvalidStateError):
        task.exception()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    with pytest.raises(asyncio.CancelledError):
        task.exception()
    failed = asyncio.create_task(asyncio.sleep(0, result=None))
    await failed
    assert failed.exception() is None


async def test_cancelling_counts_requests_until_uncancel_not_until_caught() -> None:
    """Cancellation page: what cancelling() counts."""
    counts = []

    async def stubborn() -> None:
        task = asyncio.current_task()
        assert task is not None
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            counts.append(task.cancelling())  # caught: still counted
        await asyncio.sleep(0)
        counts.append(task.cancelling())
        counts.append(task.uncancel())  # only uncancel() lowers it

    task = asyncio.create_task(stubborn())
    await asyncio.sleep(1)
    task.cancel()
    await task
    assert counts == [1, 1, 0]


async def fail_soon() -> None:
    await asyncio.sleep(0.1)
    raise ValueError("boom")


async def swallow_one_cancellation() -> None:
    """The bug the cancellation page warns of: a cancellation caught, and no uncancel()."""
    with contextlib.suppress(asyncio.CancelledError):
        await asyncio.sleep(10)


async def test_a_swallowed_cancellation_makes_a_later_group_cancel_its_task_again_from_3_13(
) -> None:
    """Cancellation page: the group's ExceptionGroup is raised, and caught, on every version;
    from 3.13 the task is then cancelled again, at its next await. (On 8450d6c the page said
    the group ended in CancelledError instead, and this test asserted only `cancelled()`.)"""
    seen = []

    async def swallows_then_groups() -> str:
        await swallow_one_cancellation()
        try:
            async with asyncio.TaskGroup() as group:
                group.create_task(fail_soon())
        except* ValueError:
            seen.append("ExceptionGroup caught")
        try:
            await asyncio.sleep(0)
        except asyncio.CancelledError:
            seen.append("CancelledError at the next await")
            raise
        return "carried on"

    task = asyncio.create_task(swallows_then_groups())
    await asyncio.sleep(1)
    task.cancel()
    await asyncio.wait([task])
    if sys.version_info >= (3, 13):
        assert seen == ["ExceptionGroup caught", "CancelledError at the next await"]
        assert task.cancelled()
    else:
        assert seen == ["ExceptionGroup caught"]
        assert task.result() == "carried on"


async def test_uncancel_cannot_withdraw_a_cancel_already_delivered_to_a_waiting_task() -> None:
    """Cancellation page and cheat sheet: only a cancel still waiting for the task's next
    await is withdrawn; one from another task, while the target waits, arrives although
    uncancel() brought the count back to zero, on every version."""

    async def worker() -> str:
        try:
            await asyncio.sleep(0.5)
            return "finished"
        except asyncio.CancelledError:
            return "got CancelledError"

    task = asyncio.create_task(worker())
    await asyncio.sleep(0.1)
    task.cancel()
    assert task.uncancel() == 0
    assert await task == "got CancelledError"


async def test_only_the_first_awaiter_gets_the_cancel_message() -> None:
    """Cancellation page and cheat sheet: the message reaches the first `await task` (or
    the first `result()`); a second awaiter, later results and later awaits get a bare
    CancelledError, on every version."""
    task = asyncio.create_task(asyncio.sleep(10))
    await asyncio.sleep(0.1)
    task.cancel("the user pressed Stop")
    received: list[tuple[object, ...]] = []

    async def awaiter() -> None:
        try:
            await task
        except asyncio.CancelledError as stop:
            received.append(stop.args)

    await asyncio.gather(awaiter(), awaiter())
    with contextlib.suppress(asyncio.CancelledError):
        task.result()
    try:
        await task
    except asyncio.CancelledError as stop:
        received.append(stop.args)
    assert received == [("the user pressed Stop",), (), ()]


async def test_plain_for_over_as_completed_never_yields_the_original_tasks() -> None:
    """Many tasks: only `async for` (3.13+) yields the tasks themselves."""
    tasks = [asyncio.create_task(asyncio.sleep(delay, result=delay)) for delay in (2, 1)]
    yielded = list(asyncio.as_completed(tasks))
    assert {id(each) for each in yielded}.isdisjoint(id(task) for task in tasks)
    assert [await each for each in yielded] == [1, 2]


async def test_wait_and_as_completed_timeouts_leave_the_work_running() -> None:
    """Timeouts page: not every timeout cancels the work."""
    work = asyncio.create_task(asyncio.sleep(5))
    done, pending = await asyncio.wait({work}, timeout=1)
    assert (done, pending) == (set(), {work})
    (next_done,) = asyncio.as_completed({work}, timeout=1)
    with pytest.raises(TimeoutError):
        await next_done
    await asyncio.sleep(0)
    assert not work.cancelled()
    assert not work.done()
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(work, timeout=1)  # this one does cancel it
    assert work.cancelled()


async def test_a_caught_cancelled_error_may_be_your_own_cancellation() -> None:
    """Common task operations: catching CancelledError around `await task` also catches
    the cancellation of the task that awaits; only cancelling() tells the two apart."""
    seen = []

    async def waiter(worker: asyncio.Task[None]) -> None:
        try:
            await worker
        except asyncio.CancelledError:
            me = asyncio.current_task()
            assert me is not None
            seen.append((worker.cancelled(), me.cancelling()))
            if me.cancelling():
                raise

    worker = asyncio.create_task(asyncio.sleep(10))
    outer = asyncio.create_task(waiter(worker))
    await asyncio.sleep(1)
    outer.cancel()  # cancel the waiter, not the worker
    with pytest.raises(asyncio.CancelledError):
        await outer
    assert seen == [(True, 1)]  # the worker was cancelled too, through the await


@pytest.mark.parametrize(("page", "sentence"), [
    ("about", "`start_eager.py` from 3.12, `as_completed_async_for.py` and `queue_shutdown.py` "
     "from 3.13,\n  and the four examples of [New in Python 3.14](python-3-14.md) on 3.14 only"),
    ("results-errors-callbacks", "it raises `CancelledError` on a cancelled task and\n  "
     "`InvalidStateError` on one that is not done yet"),
    ("cancellation", "minus the `uncancel()` calls (catching the `CancelledError` does not "
     "lower it)"),
    ("timeouts", "The timeouts of\n`wait()` and `as_completed()` are different"),
    ("task-operations", "re-raise\nit whenever `asyncio.current_task().cancelling()` is not "
     "zero"),
    ("cancellation", "arrives with the `CancelledError` that the *first*\n  `await task`"),
    ("cancellation", "the group raises its `ExceptionGroup` on every version"),
    ("cancellation", "so `uncancel()` cannot take it back on any version"),
    ("limiting-concurrency", "**A failed job does not end its worker.**"),
])
def test_the_corrected_sentences_stay_on_their_pages(page: str, sentence: str) -> None:
    assert sentence in (ROOT / "docs" / f"{page}.md").read_text("utf-8")


async def test_workers_that_die_on_a_failed_job_leave_join_waiting_forever() -> None:
    """Limiting concurrency: without the worker's `except`, each failed job ends a worker;
    once as many have failed as there are workers, join() waits forever, and gather with
    return_exceptions=True hands back the errors without a word."""

    async def fragile_worker(queue: asyncio.Queue[float]) -> None:
        while True:
            seconds = await queue.get()
            try:
                if seconds < 0:
                    raise OSError("cannot read the file")
                await asyncio.sleep(seconds)
            finally:
                queue.task_done()

    queue: asyncio.Queue[float] = asyncio.Queue()
    workers = [asyncio.create_task(fragile_worker(queue)) for _ in range(2)]
    for seconds in (-1.0, -1.0, 0.2):
        queue.put_nowait(seconds)
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(queue.join(), timeout=3600)  # an hour of loop time
    assert all(worker.done() for worker in workers)  # both ended by the errors
    assert queue.qsize() == 1  # the last job: nobody is left to take it
    results = await asyncio.gather(*workers, return_exceptions=True)
    assert [type(result) for result in results] == [OSError, OSError]


SWALLOWS_CTRL_C = """
import asyncio, signal

async def main():
    asyncio.get_running_loop().call_later(0.1, signal.raise_signal, signal.SIGINT)
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("main: swallowed the cancellation")
    await asyncio.sleep(0.1)
    print("main: still running")

try:
    asyncio.run(main())
    print("asyncio.run returned normally")
except KeyboardInterrupt:
    print("KeyboardInterrupt")
"""


@pytest.mark.skipif(IN_PYODIDE, reason="Pyodide cannot start a process, nor take a signal")
def test_a_main_that_swallows_ctrl_c_keeps_running() -> None:
    """Shutting down well: asyncio.run raises KeyboardInterrupt only if main ended
    cancelled (3.11+)."""
    done = subprocess.run([sys.executable, "-c", SWALLOWS_CTRL_C], capture_output=True,
                          text=True, timeout=60, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == ["main: swallowed the cancellation",
                                        "main: still running", "asyncio.run returned normally"]


SIGTERM_WITHOUT_A_HANDLER = """
import asyncio, signal

async def main():
    asyncio.get_running_loop().call_later(0.1, signal.raise_signal, signal.SIGTERM)
    try:
        await asyncio.sleep(10)
    finally:
        print("main: cleaning up", flush=True)

asyncio.run(main())
"""


@pytest.mark.skipif(IN_PYODIDE, reason="Pyodide cannot start a process, nor take a signal")
def test_sigterm_without_a_handler_skips_every_finally() -> None:
    done = subprocess.run([sys.executable, "-c", SIGTERM_WITHOUT_A_HANDLER],
                          capture_output=True, text=True, timeout=60, check=False)
    assert (done.returncode, done.stdout) == (-15, "")


def test_keyboard_interrupt_in_a_task_escapes_the_loop(
    prints: list[tuple[float, str]],
) -> None:
    """Shutting down well: like SystemExit, it leaves the loop before main hears of it;
    main's handler runs only while asyncio.run cancels what is left."""
    import looptime

    async def interrupt() -> None:
        await asyncio.sleep(1)
        raise KeyboardInterrupt

    async def main() -> None:
        try:
            async with asyncio.TaskGroup() as group:
                group.create_task(interrupt())
                group.create_task(asyncio.sleep(5))
        except KeyboardInterrupt:
            current = asyncio.current_task()
            print(f"main: caught it, cancelled={current is not None and current.cancelling() > 0}")

    with pytest.raises(KeyboardInterrupt), asyncio.Runner(
            loop_factory=looptime.new_event_loop) as runner:
        runner.run(main())
    assert prints == [(1.0, "main: caught it, cancelled=True")]


async def test_a_freed_async_generator_is_closed_by_the_loop_soon_after(
    prints: list[tuple[float, str]],
) -> None:
    """Shutting down well: once nothing refers to a generator left by `break` and the
    collector has freed it, the event loop closes it (asyncio's finalizer hook)."""
    import gc
    from collections.abc import AsyncGenerator

    async def readings() -> AsyncGenerator[int]:
        try:
            for value in range(10):
                await asyncio.sleep(0.5)
                yield value
        finally:
            print("closed")

    stream = readings()
    async for value in stream:
        if value == 1:
            break
    await asyncio.sleep(1)
    assert prints == []  # held by `stream`: still open
    del stream
    gc.collect()
    await asyncio.sleep(0.1)
    assert prints == [(2.0, "closed")]


async def test_a_timer_left_behind_fires_on_a_cancelled_future() -> None:
    """What await does: why handmade_sleep cancels its timer in `finally`."""
    loop = asyncio.get_running_loop()
    reported: list[BaseException | None] = []
    loop.set_exception_handler(lambda _, context: reported.append(context.get("exception")))
    wake_up = loop.create_future()
    loop.call_later(1, wake_up.set_result, None)
    wake_up.cancel()
    await asyncio.sleep(2)
    loop.set_exception_handler(None)
    assert [type(error) for error in reported] == [asyncio.InvalidStateError]


async def test_a_plain_semaphore_accepts_an_extra_release_and_its_limit_grows() -> None:
    """Coordinating tasks: what BoundedSemaphore guards against."""
    slots = asyncio.Semaphore(2)
    async with slots:
        pass
    slots.release()  # no error
    for _ in range(3):
        await slots.acquire()  # three holders now, under a limit of two
    assert slots.locked()


async def test_an_event_stays_set_for_later_waiters(looptime: float) -> None:
    event = asyncio.Event()
    event.set()
    await event.wait()
    await event.wait()
    assert looptime == 0


async def test_the_condition_waiter_waits_once_per_failed_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Coordinating tasks: condition_bounded's waiter wakes after the bread (its test
    fails, it waits again) and after the rolls (it passes)."""
    from snippets import condition_bounded

    waits: list[float] = []
    plain_wait = asyncio.Condition.wait

    async def counted(self: asyncio.Condition) -> bool:
        waits.append(asyncio.get_running_loop().time())
        return await plain_wait(self)

    monkeypatch.setattr(asyncio.Condition, "wait", counted)
    await condition_bounded.main()
    assert waits == [0.0, 1.0]  # started waiting at 0 s, and again after the bread


def test_isolated_async_test_case_gives_each_test_its_own_loop() -> None:
    """Testing code that uses tasks."""
    import io
    import unittest

    loops: list[asyncio.AbstractEventLoop] = []

    class Twice(unittest.IsolatedAsyncioTestCase):
        async def test_one(self) -> None:
            loops.append(asyncio.get_running_loop())

        async def test_two(self) -> None:
            loops.append(asyncio.get_running_loop())

    tests = unittest.defaultTestLoader.loadTestsFromTestCase(Twice)
    assert unittest.TextTestRunner(stream=io.StringIO()).run(tests).wasSuccessful()
    assert len(loops) == 2
    assert loops[0] is not loops[1]
    assert all(loop.is_closed() for loop in loops)


def test_isolated_async_test_case_runs_in_debug_mode_and_reports_a_slow_step(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Testing code that uses tasks: its loops run in debug mode, so a step that holds the
    loop over 0.1 s is logged as a warning (0.15 s of blocking here)."""
    import io
    import time
    import unittest

    debug: list[bool] = []

    class Blocks(unittest.IsolatedAsyncioTestCase):
        async def test_blocks(self) -> None:
            debug.append(asyncio.get_running_loop().get_debug())
            time.sleep(0.15)  # noqa: ASYNC251 - the blocking call debug mode reports

    tests = unittest.defaultTestLoader.loadTestsFromTestCase(Blocks)
    with caplog.at_level(logging.WARNING, logger="asyncio"):
        assert unittest.TextTestRunner(stream=io.StringIO()).run(tests).wasSuccessful()
    assert debug == [True]
    assert re.search(r"Executing <Task .*test_blocks.*> took \d+\.\d{3} seconds", caplog.text)


async def test_the_virtual_clock_runs_three_seconds_in_milliseconds(looptime: float) -> None:
    """Testing code that uses tasks: the loop's clock moves 3 s in a fraction of that (a
    bound of half the simulated time, which a loaded machine still meets)."""
    import time

    from snippets import article_example

    started = time.perf_counter()
    with contextlib.redirect_stdout(None):
        await article_example.main()
    assert looptime == 3.0
    assert time.perf_counter() - started < 1.5


async def test_a_cancelled_gather_ends_with_an_exception_not_cancelled() -> None:
    """Many tasks: gather's cancelled() is False after cancel()."""
    both = asyncio.gather(asyncio.sleep(2), asyncio.sleep(3))
    await asyncio.sleep(1)
    assert both.cancel()
    with pytest.raises(asyncio.CancelledError):
        await both
    assert not both.cancelled()
    assert isinstance(both.exception(), asyncio.CancelledError)


def test_taskgroup_cancel_is_not_in_the_pythons_run_here() -> None:
    """Many tasks: the 3.15 form is not run on this site."""
    assert sys.version_info < (3, 15)
    assert not hasattr(asyncio.TaskGroup, "cancel")


@pytest.mark.skipif(IN_PYODIDE, reason="Pyodide has no threads")
def test_only_the_main_thread_may_install_a_signal_handler() -> None:
    """Shutting down well: a loop in another thread cannot use add_signal_handler."""
    import signal
    import threading

    refused: list[BaseException] = []

    async def install() -> None:
        try:
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, lambda: None)
        except RuntimeError as error:
            refused.append(error)

    worker = threading.Thread(target=lambda: asyncio.run(install()))
    worker.start()
    worker.join()
    assert [str(error) for error in refused] == [
        "set_wakeup_fd only works in main thread of the main interpreter"]


async def test_a_swallowed_cancellation_makes_wait_for_return_the_stale_value() -> None:
    """Cancellation page: swallowing breaks `wait_for` too; it returns what the coroutine
    returned instead of raising TimeoutError."""

    async def fetch() -> str:
        try:
            await asyncio.sleep(5)
            return "fresh"
        except asyncio.CancelledError:
            return "stale"

    assert await asyncio.wait_for(fetch(), 1) == "stale"


async def test_a_group_waits_for_a_task_that_swallows_its_cancellation(looptime: float) -> None:
    """Cancellation page: after a sibling fails, a TaskGroup waits as long as a task that
    swallows its cancellation keeps running (here until it is told to stop at 10 s)."""
    stop = asyncio.Event()

    async def stubborn() -> None:
        while not stop.is_set():
            with contextlib.suppress(asyncio.CancelledError):  # the bug
                await asyncio.sleep(1)

    async def grouped() -> None:
        async with asyncio.TaskGroup() as group:
            group.create_task(fail_soon())
            group.create_task(stubborn())

    task = asyncio.create_task(grouped())
    await asyncio.sleep(10)
    assert not task.done()
    stop.set()
    with pytest.raises(ExceptionGroup):
        await task
    assert looptime == 10.1  # its first sleep after stop.set() ends, and then the group


def test_asyncio_run_waits_at_shutdown_for_a_task_that_swallows_its_cancellation() -> None:
    """Cancellation page: asyncio.run's shutdown cancels a leftover task once and then
    waits for it, so one that swallows the cancellation and carries on keeps asyncio.run
    from returning (here until it has run eight more steps)."""
    events: list[str] = []

    async def stubborn() -> None:
        swallowed = False
        while not swallowed or len(events) < 8:
            try:
                await asyncio.sleep(0.01)
                if swallowed:
                    events.append("still running")
            except asyncio.CancelledError:
                swallowed = True
                events.append("swallowed")

    async def main() -> asyncio.Task[None]:
        return asyncio.create_task(stubborn())

    leftover = asyncio.run(main())
    events.append("asyncio.run returned")
    assert events == ["swallowed", *["still running"] * 7, "asyncio.run returned"]
    assert leftover.done()


async def test_a_swallowed_cancellation_then_a_failed_group_ends_the_task_cancelled_on_return(
) -> None:
    """Cancellation page: from 3.13, a task that returns after the group, before any
    await, still ends cancelled and its return value is lost; on 3.11 and 3.12 it returns."""

    async def swallows_then_groups() -> str:
        await swallow_one_cancellation()
        with contextlib.suppress(ExceptionGroup):
            async with asyncio.TaskGroup() as group:
                group.create_task(fail_soon())
        return "carried on"

    task = asyncio.create_task(swallows_then_groups())
    await asyncio.sleep(1)
    task.cancel()
    await asyncio.wait([task])
    assert task.cancelled() == (sys.version_info >= (3, 13))
    if not task.cancelled():
        assert task.result() == "carried on"


async def test_a_cancelled_tasks_cleanup_error_joins_the_group() -> None:
    """Many tasks: a task the group cancels ends cancelled, which is no failure, unless its
    cleanup raises; then that exception is in the ExceptionGroup too."""

    async def quiet_cleanup() -> None:
        await asyncio.sleep(1)

    async def cleanup_raises() -> None:
        try:
            await asyncio.sleep(1)
        finally:
            raise RuntimeError("cleanup failed")

    async def grouped() -> None:
        async with asyncio.TaskGroup() as group:
            group.create_task(fail_soon())
            group.create_task(quiet_cleanup())
            group.create_task(cleanup_raises())

    with pytest.raises(ExceptionGroup) as caught:
        await grouped()
    assert sorted(type(e).__name__ for e in caught.value.exceptions) == [
        "RuntimeError", "ValueError"]


async def test_task_numbers_count_the_tasks_the_library_makes_too() -> None:
    """Task lifetime: default names count every task made in the process, including one
    that `wait_for` makes on 3.11 and not from 3.12."""

    def number(task: asyncio.Task[None]) -> int:
        return int(task.get_name().removeprefix("Task-"))

    before = asyncio.create_task(asyncio.sleep(0))
    await asyncio.wait_for(asyncio.sleep(0), 1)
    after = asyncio.create_task(asyncio.sleep(0))
    await asyncio.gather(before, after)
    assert number(after) - number(before) == (2 if sys.version_info < (3, 12) else 1)


async def test_a_thread_lock_held_across_an_await_blocks_the_whole_loop() -> None:
    """Shared state: a task that waits for a `threading.Lock` blocks the event loop, so the
    task holding it cannot run to release it (the wait gives up after 0.3 s here; the
    holder needed 0.1 s). An `asyncio.Lock` is handed over as soon as it is released."""
    import threading

    async def hold(lock: threading.Lock | asyncio.Lock) -> None:
        if isinstance(lock, asyncio.Lock):
            async with lock:
                await asyncio.sleep(0.1)
        else:
            with lock:
                await asyncio.sleep(0.1)

    thread_lock = threading.Lock()
    holder = asyncio.create_task(hold(thread_lock))
    await asyncio.sleep(0)  # the holder takes the lock and waits
    acquired = thread_lock.acquire(timeout=0.3)  # blocks the loop, as the page says
    assert not acquired  # the loop was blocked: the holder never got back to release it
    await holder

    loop_lock = asyncio.Lock()
    holder = asyncio.create_task(hold(loop_lock))
    await asyncio.sleep(0)
    async with loop_lock:
        assert holder.done()


async def test_result_too_retrieves_a_failed_tasks_exception(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Key benefits: `result()` retrieves the exception as `exception()` and `await` do, so
    a failed task whose `result()` was called is not logged as never retrieved."""
    import gc

    async def fail() -> None:
        raise ValueError("boom")

    for retrieve in (True, False):
        task = asyncio.create_task(fail())
        await asyncio.wait([task])
        if retrieve:
            with pytest.raises(ValueError, match="boom"):
                task.result()
        del task
        gc.collect()
        assert ("never retrieved" in caplog.text) == (not retrieve)


def test_debug_mode_slows_the_program_down() -> None:
    """Debug mode page: the same 2,000 tasks, made and awaited with and without debug mode,
    side by side in one run (debug mode records where each task was created); measured
    about 25 times slower on this site's build machine, asserted only above twice. Timed in
    the process's CPU time, which other processes do not inflate (in wall time, two CI runs
    at once once measured plain runs at 0.53 s and debug ones at 0.71 s), alternating."""
    import time

    async def nothing() -> None:
        pass

    async def many() -> float:
        asyncio.get_running_loop().slow_callback_duration = 60  # time it, do not log it
        started = time.process_time()
        await asyncio.gather(*(asyncio.create_task(nothing()) for _ in range(2000)))
        return time.process_time() - started

    runs = [(debug, asyncio.run(many(), debug=debug)) for _ in range(3) for debug in (False, True)]
    plain, debug = (min(took for mode, took in runs if mode is m) for m in (False, True))
    assert debug > 2 * plain, (debug, plain)


async def test_this_sites_tests_run_in_debug_mode() -> None:
    """Debug mode page: `asyncio_debug = true` for pytest-asyncio runs every test's loop,
    and so every example under test, in debug mode."""
    assert asyncio.get_running_loop().get_debug()

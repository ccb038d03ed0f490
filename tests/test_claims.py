"""Experiments behind sentences of the guide's prose that an audit found wrong, each kept as
the test of the corrected sentence. They run on every supported Python (nox's snippets
sessions), on the virtual clock."""

from __future__ import annotations

import asyncio
import inspect
import sys

import pytest

from tasksdocs.pythons import requires_python
from tests.conftest import ROOT, SNIPPET_NAMES


def test_which_examples_need_more_than_python_3_11() -> None:
    """Home page and cheat sheet: which Python each example needs."""
    newer = {name: requires_python((ROOT / "snippets" / f"{name}.py").read_text("utf-8"))
             for name in SNIPPET_NAMES}
    assert {name: v for name, v in newer.items() if v > (3, 11)} == {
        "start_eager": (3, 12), "as_completed_async_for": (3, 13), "call_graph": (3, 14),
        "task_report": (3, 14), "eager_start": (3, 14), "loop_setup": (3, 14)}


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
    ("index", "`start_eager.py` from 3.12, `as_completed_async_for.py` from 3.13, and the four "
     "examples\n  of [New in Python 3.14](python-3-14.md) on 3.14 only"),
    ("results-errors-callbacks", "it raises `CancelledError` on a cancelled task and\n  "
     "`InvalidStateError` on one that is not done yet"),
    ("cancellation", "minus the `uncancel()` calls (catching the `CancelledError` does not "
     "lower it)"),
    ("timeouts", "The timeouts of\n`wait()` and `as_completed()` are different"),
    ("task-operations", "re-raise\nit whenever `asyncio.current_task().cancelling()` is not "
     "zero"),
])
def test_the_corrected_sentences_stay_on_their_pages(page: str, sentence: str) -> None:
    assert sentence in (ROOT / "docs" / f"{page}.md").read_text("utf-8")

import asyncio

import pytest

from snippets import operations_cancel
from tests.helpers import RealRun, cancel_main_while_its_task_cleans_up, texts

EXPECTED = [
    (1.0, "download: cancelled, cleaning up"),
    (1.0, "main: CancelledError went straight past `except Exception`"),
    (1.0, "cancelled=True"),
    (1.0, "CancelledError is a BaseException: True"),
    (1.0, "CancelledError is an Exception: False"),
]


async def test_awaiting_a_cancelled_task_raises_cancelled_error(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    await operations_cancel.main()
    assert prints == EXPECTED
    assert looptime == 1.0


async def test_the_download_re_raises_its_cancellation() -> None:
    task = asyncio.create_task(operations_cancel.long_download())
    await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert task.cancelled()


async def test_an_uncancelled_download_finishes(looptime: float) -> None:
    assert await operations_cancel.long_download() == "file contents"
    assert looptime == 60.0


async def test_outcome_reports_results_and_failures() -> None:
    async def broken() -> str:
        raise OSError("disk full")

    async def fine() -> str:
        return "data"

    assert await operations_cancel.outcome(asyncio.create_task(fine())) == "returned 'data'"
    failed = await operations_cancel.outcome(asyncio.create_task(broken()))
    assert failed == "failed with OSError('disk full')"


async def test_main_lets_its_own_cancellation_through(
    prints: list[tuple[float, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """main catches the CancelledError of the task it awaits, but not its own: cancelled
    while the task still cleans up, main ends cancelled and prints nothing more."""
    main = await cancel_main_while_its_task_cleans_up(
        operations_cancel, "long_download", monkeypatch)
    assert main.cancelled()
    assert texts(prints) == []


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    run = real_runs["operations_cancel"]
    assert (run.returncode, run.lines, run.stderr) == (0, [t for _, t in EXPECTED], "")

import asyncio

import pytest

from snippets import sibling_failure_bug
from tests.helpers import RealRun, assert_real_run


async def test_main_fails_at_one_second_and_leaves_item_2_pending(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    with pytest.raises(ValueError, match="item 1 is corrupt"):
        await sibling_failure_bug.main()
    assert looptime == 1.0
    assert prints == [(0.0, "Starting to process item 1"), (0.0, "Starting to process item 2")]

    (abandoned,) = asyncio.all_tasks() - {asyncio.current_task()}
    assert not abandoned.done()  # nobody is waiting for it any more
    abandoned.cancel()  # what asyncio.run does at shutdown
    with pytest.raises(asyncio.CancelledError):
        await abandoned
    assert prints[-1] == (1.0, "Item 2 was cancelled")


async def test_item_2_on_its_own_finishes(prints: list[tuple[float, str]]) -> None:
    assert await sibling_failure_bug.process_item(2, 3) == "Result for item 2"
    assert prints[-1] == (3.0, "Finished processing item 2")


async def test_when_nothing_fails_both_results_arrive(
    prints: list[tuple[float, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = sibling_failure_bug.process_item

    async def healthy(item_id: int, delay: float) -> str:
        return await real(item_id + 10, delay)  # ids above 1 never fail

    monkeypatch.setattr(sibling_failure_bug, "process_item", healthy)
    await sibling_failure_bug.main()
    assert prints[-1] == (3.0, "All done! Results: Result for item 11, Result for item 12")


@pytest.mark.realclock
def test_real_run_shows_asyncio_run_cancelling_item_2(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["sibling_failure_bug"], [
        "Starting to process item 1",
        "Starting to process item 2",
        "Item 2 was cancelled",
        "asyncio.run raised ValueError('item 1 is corrupt')",
    ])

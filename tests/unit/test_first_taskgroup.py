import pytest

from snippets import first_taskgroup
from tests.helpers import (
    ARTICLE_LINES,  # the same lines at the same moments
    RealRun,
    assert_total_between,
    texts,
)


async def test_the_group_waits_for_both_tasks_which_overlap(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    results = await first_taskgroup.main()

    assert prints == ARTICLE_LINES
    assert results == ("Result for item 1", "Result for item 2")
    assert looptime == 3.0


async def test_process_item_returns_its_result(looptime: float) -> None:
    assert await first_taskgroup.process_item(7, 2) == "Result for item 7"
    assert looptime == 2.0


@pytest.mark.realclock
def test_real_run_takes_about_three_seconds(real_runs: dict[str, RealRun]) -> None:
    assert_total_between(real_runs["first_taskgroup"], texts(ARTICLE_LINES), 2.9, 3.6)

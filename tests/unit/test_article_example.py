import pytest

from snippets import article_example
from tests.helpers import ARTICLE_LINES, RealRun, assert_total_between, texts


async def test_tasks_start_only_when_main_awaits_and_overlap(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    results = await article_example.main()

    assert prints == ARTICLE_LINES
    assert results == ("Result for item 1", "Result for item 2")
    assert looptime == 3.0


async def test_process_item_returns_its_result(looptime: float) -> None:
    assert await article_example.process_item(7, 2) == "Result for item 7"
    assert looptime == 2.0


@pytest.mark.realclock
def test_real_run_takes_about_three_seconds(real_runs: dict[str, RealRun]) -> None:
    assert_total_between(real_runs["article_example"], texts(ARTICLE_LINES), 2.9, 3.6)

import pytest

from snippets import article_example
from tests.conftest import RealRun, assert_total_between, texts

EXPECTED = [
    (0.0, "Tasks are now running in the background!"),
    (0.0, "Starting to process item 1"),
    (0.0, "Starting to process item 2"),
    (1.0, "Finished processing item 2 after 1 seconds"),
    (3.0, "Finished processing item 1 after 3 seconds"),
    (3.0, "All done! Results: Result for item 1, Result for item 2"),
]


async def test_tasks_start_only_when_main_awaits_and_overlap(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    results = await article_example.main()

    assert prints == EXPECTED
    assert results == ("Result for item 1", "Result for item 2")
    assert looptime == 3.0


async def test_process_item_returns_its_result(looptime: float) -> None:
    assert await article_example.process_item(7, 2) == "Result for item 7"
    assert looptime == 2.0


@pytest.mark.realclock
def test_real_run_takes_about_three_seconds(real_runs: dict[str, RealRun]) -> None:
    assert_total_between(real_runs["article_example"], texts(EXPECTED), 2.9, 3.6)

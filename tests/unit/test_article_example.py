import re

import pytest

from snippets import article_example
from tests.conftest import RealRun

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
    run = real_runs["article_example"]
    assert run.returncode == 0, run.stderr
    *lines, total = run.lines
    assert lines == [text for _, text in EXPECTED]
    seconds = re.fullmatch(r"Total time taken: (\d+\.\d\d) seconds", total)
    assert seconds is not None, total
    assert 2.9 <= float(seconds[1]) <= 3.6

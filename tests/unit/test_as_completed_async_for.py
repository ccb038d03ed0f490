import pytest

from snippets import as_completed_async_for
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [
    (1.0, "cat.jpg is ready; same task object: True"),
    (2.0, "city.jpg is ready; same task object: True"),
    (3.0, "beach.jpg is ready; same task object: True"),
]


async def test_async_for_yields_the_original_tasks_in_finish_order(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    assert await as_completed_async_for.main() == ["cat.jpg", "city.jpg", "beach.jpg"]
    assert prints == EXPECTED
    assert looptime == 3.0


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["as_completed_async_for"], texts(EXPECTED))

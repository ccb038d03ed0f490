import pytest

from snippets import as_completed_order
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [(1.0, "cat.jpg is ready"), (2.0, "city.jpg is ready"), (3.0, "beach.jpg is ready")]


async def test_results_arrive_in_finish_order(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    assert await as_completed_order.main() == ["cat.jpg", "city.jpg", "beach.jpg"]
    assert prints == EXPECTED
    assert looptime == 3.0


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["as_completed_order"], texts(EXPECTED))

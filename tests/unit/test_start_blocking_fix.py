import pytest

from snippets import start_blocking_fix
from tests.helpers import RealRun, assert_total_between, texts

EXPECTED = [
    (0.0, "Preparing the report layout (awaiting for 1 s)"),
    (0.0, "Starting to process item 1"),
    (0.0, "Starting to process item 2"),
    (1.0, "Layout ready"),
    (1.0, "Finished processing item 2"),
    (3.0, "Finished processing item 1"),
]


async def test_the_tasks_run_while_the_layout_is_awaited(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    assert await start_blocking_fix.main() == ["Result for item 1", "Result for item 2"]
    assert prints == EXPECTED
    assert looptime == 3.0


@pytest.mark.realclock
def test_real_run_takes_three_seconds(real_runs: dict[str, RealRun]) -> None:
    assert_total_between(real_runs["start_blocking_fix"], texts(EXPECTED), 2.9, 3.6)

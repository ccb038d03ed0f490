import pytest

from snippets import start_eager
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [
    (0.0, "Starting to process item 1"),
    (0.0, "Starting to process item 2"),
    (0.0, "Tasks are now running in the background!"),
    (1.0, "Finished processing item 2 after 1 seconds"),
    (3.0, "Finished processing item 1 after 3 seconds"),
]


async def test_eager_tasks_start_before_create_task_returns(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    assert await start_eager.main() == ("Result for item 1", "Result for item 2")
    assert prints == EXPECTED
    assert looptime == 3.0


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["start_eager"], texts(EXPECTED))

import pytest

from snippets import benefit_scheduling
from tests.helpers import RealRun

EXPECTED = [
    "Both tasks created; none has run yet",
    "A step 1",
    "B step 1",
    "A step 2",
    "B step 2",
    "Both tasks finished",
]


async def test_tasks_take_turns_at_each_await(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    await benefit_scheduling.main()
    assert [text for _, text in prints] == EXPECTED
    assert looptime == 0.0


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    run = real_runs["benefit_scheduling"]
    assert (run.returncode, run.lines, run.stderr) == (0, EXPECTED, "")
